import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import { EVICT, KEEP } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IntLists } from "../structures/int-lists.ts";
import { badBit, requireBits } from "./bits.ts";

/**
 * FOLLOW-DISCARD, deterministic — discard predictions of Antoniadis, Boyar, Eliáš, Favrholdt,
 * Hoeksma, Larsen, Polak & Simon, "Paging with Succinct Predictions", ICML 2023
 * (arXiv 2210.02775). Each request carries one bit about its page: EVICT ("LFD would evict it
 * before its next request") or KEEP. The rule is lazy — nothing happens on a hit but recording
 * the bit: on a fault with a full cache, evict a page whose latest bit is EVICT, marked or not;
 * if every cached page is KEEP, fall back to deterministic marking with LRU among unmarked pages.
 *
 * Choices (this project's, documented since the paper's body could not be read):
 * - among EVICT pages the least recently requested one goes first;
 * - the marking fallback (unmark all when every page is marked, evict the LRU unmarked page) is
 *   the LRU KEEP page: unmarked pages were last requested before the phase began and marked
 *   ones after, so the LRU KEEP page is unmarked unless all are marked (as for `marking` ≡ LRU;
 *   the reference-model test checks it with explicit marks);
 * - marks are ignored when an EVICT page exists: a variant that evicts only *unmarked* EVICT
 *   pages is not 1-consistent (k = 3, σ = 0 2 4 3 2 1 4 4: OPT 5, that variant 6;
 *   `paging-theory.md` §2b, rechecked in the tests).
 *
 * Guarantees:
 * - with B's own labels (`discardBitsFrom` in src/predictors) for any demand-paging B, each
 *   fault is a fault of B; with Belady's labels it costs exactly OPT (S1, derived in
 *   `paging-theory.md` §2c — proven there; checked exactly for B = opt, lru, fifo, fwf);
 * - (1, k−1, 1)-competitive: ALG ≤ OPT + (k−1)·η₀ + η₁, η₀ = false KEEPs, η₁ = false EVICTs
 *   [second-hand: quoted from the paper's body via third-party notes; whether an additive
 *   constant is allowed is UNVERIFIED; the tests check it with none];
 * - no deterministic algorithm is (α, β, γ)-competitive with α + β < k or α + (k−1)γ < k
 *   [second-hand]; the cruel k+1-page adversary with all-KEEP / all-EVICT bits brings this one
 *   within k of its bound (tested), and tiny instances attain it exactly;
 * - NOT robust by itself: adversarial EVICT bits make it fault on every request while OPT stays
 *   constant (`paging-theory.md` §2-addendum; witness in the tests). Robustness needs a combiner
 *   with LRU/Marker or the paper's own mechanism (UNVERIFIED).
 *
 * Needs `discardBit` predictions. O(1) per request: two intrusive recency lists (EVICT pages,
 * KEEP pages) sharing one pair of typed arrays, 8·universe bytes.
 */
export class FollowDiscard implements Policy {
  /** List KEEP (0) and list EVICT (1): resident pages by their latest bit, least recent first. */
  private lists!: IntLists;
  private predictions!: Predictions & { bits: Uint8Array };
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.predictions = requireBits(ctx, "follow-discard", "discard-bit");
    this.cache = ctx.cache;
    this.lists = new IntLists(ctx.universe, 2);
  }

  onHit(page: number, t: number): void {
    const b = this.predictions.bits[t];
    if (b > EVICT) badBit(b, t);
    this.lists.moveToBack(page, b);
  }

  makeRoom(): void {
    const lists = this.lists;
    this.cache.evict(lists.isEmpty(EVICT) ? lists.popFront(KEEP) : lists.popFront(EVICT));
  }

  onInsert(page: number, t: number): void {
    const b = this.predictions.bits[t];
    if (b > EVICT) badBit(b, t);
    this.lists.pushBack(page, b);
  }
}

/** Registry entry of {@link FollowDiscard}. */
export const followDiscardInfo: PolicyInfo = {
  name: "follow-discard",
  family: "learning-augmented",
  summary: "discard bits: on a fault evict the LRU page predicted EVICT, else LRU (ABEFHLPS ICML 2023; (1, k−1, 1) 2nd-hand; not robust alone)",
  offline: false,
  randomized: false,
  needs: ["discardBit"],
  create: (k) => new FollowDiscard(k),
};
