import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import { EVICT, KEEP } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { IndexSet } from "../structures/index-set.ts";
import { IntList } from "../structures/int-list.ts";
import { badBit, requireBits } from "./bits.ts";

/**
 * FOLLOW-DISCARD, randomized — discard predictions of Antoniadis, Boyar, Eliáš, Favrholdt,
 * Hoeksma, Larsen, Polak & Simon, "Paging with Succinct Predictions", ICML 2023
 * (arXiv 2210.02775). Lazy: on a fault with a full cache, evict a page whose latest bit is
 * EVICT (marked or not; the least recently requested one); if every cached page is KEEP, fall
 * back to randomized marking — unmark all when every page is marked, then evict a uniformly
 * random unmarked page (seeded).
 *
 * The choice among EVICT pages is deterministic (LRU), as in `FollowDiscard`: S1 holds for
 * any choice, and sharing it makes the two variants differ only in the fallback, which is what
 * their constants (k−1 vs 2H_k) are about. Marks of EVICT pages are not stored: a page's bit
 * changes only when it is requested, which marks it, so they never decide anything.
 *
 * Guarantees:
 * - with Belady's labels it costs exactly OPT for every seed, and with any demand-paging B's
 *   labels each fault is a fault of B (S1, derived in `paging-theory.md` §2c; tested);
 * - (1, 2H_k, 1)-competitive: E[ALG] ≤ OPT + 2H_k·η₀ + η₁ [second-hand: third-party quotes of
 *   the paper's body; additive constant UNVERIFIED; tests check it with none];
 * - like the deterministic variant, NOT robust by itself (adversarial EVICT bits; §2-addendum).
 *
 * Needs `discardBit` predictions. O(1) per request: an intrusive recency list of EVICT pages and
 * two index sets (unmarked / marked KEEP pages) for uniform sampling.
 */
export class FollowDiscardRand implements Policy {
  private evictable!: IntList;
  private unmarked!: IndexSet;
  private marked!: IndexSet;
  private rng!: Rng;
  private predictions!: Predictions & { bits: Uint8Array };
  private cache!: CacheState;

  constructor(
    readonly k: number,
    /** Seed of the fallback's victim choices; every `reset` restarts from it, `reseed` changes it. */
    public seed: number,
  ) {}

  reseed(seed: number): void {
    this.seed = seed;
  }

  reset(ctx: RunContext): void {
    this.predictions = requireBits(ctx, "follow-discard-rand", "discard-bit");
    this.cache = ctx.cache;
    this.evictable = new IntList(ctx.universe);
    const capacity = Math.min(this.k, ctx.universe);
    this.unmarked = new IndexSet(ctx.universe, capacity);
    this.marked = new IndexSet(ctx.universe, capacity);
    this.rng = new Rng(this.seed);
  }

  onHit(page: number, t: number): void {
    const b = this.predictions.bits[t];
    if (b === KEEP) {
      if (this.marked.has(page)) return;
      if (this.unmarked.has(page)) this.unmarked.delete(page);
      else this.evictable.remove(page);
      this.marked.add(page);
    } else if (b === EVICT) {
      if (this.evictable.has(page)) this.evictable.moveToBack(page);
      else {
        if (this.marked.has(page)) this.marked.delete(page);
        else this.unmarked.delete(page);
        this.evictable.pushBack(page);
      }
    } else badBit(b, t);
  }

  makeRoom(): void {
    if (this.evictable.size > 0) {
      this.cache.evict(this.evictable.popFront());
      return;
    }
    // Every cached page is KEEP: randomized marking over them.
    if (this.unmarked.size === 0) {
      const swap = this.unmarked;
      this.unmarked = this.marked;
      this.marked = swap;
    }
    const victim = this.unmarked.at(this.rng.int(this.unmarked.size));
    this.unmarked.delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    const b = this.predictions.bits[t];
    if (b === KEEP) this.marked.add(page);
    else if (b === EVICT) this.evictable.pushBack(page);
    else badBit(b, t);
  }
}

/** Registry entry of {@link FollowDiscardRand}. */
export const followDiscardRandInfo: PolicyInfo = {
  name: "follow-discard-rand",
  family: "learning-augmented",
  summary: "discard bits: evict the LRU page predicted EVICT, else random unmarked, seeded (ABEFHLPS ICML 2023; (1, 2H_k, 1) 2nd-hand)",
  offline: false,
  randomized: true,
  needs: ["discardBit"],
  create: (k, o) => new FollowDiscardRand(k, o.seed ?? 0),
};
