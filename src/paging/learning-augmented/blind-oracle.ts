import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { TrajectoryReplay, type TrajectoryIdentity } from "../core/trajectory.ts";
import { PageMaxSet } from "../structures/page-max-set.ts";
import { CacheSlots } from "../structures/cache-slots.ts";
import { predictionAt, requireNextArrival } from "./next-arrival-input.ts";

/**
 * BlindOracle (Wei, "Better and simpler learning-augmented online caching", APPROX/RANDOM 2020,
 * arXiv 2005.13716), the same rule as "FollowPred" / FtP in the code of Antoniadis, Coester,
 * Eliáš, Polak & Simon (ICML 2020; github adampolak/mts-with-predictions `FollowPred`): on a fault
 * with a full cache, evict the resident page with the largest predicted next arrival, where a
 * page's prediction is the one attached to its latest request.
 *
 * **Tie-break** (the reference code's, reproduced exactly): among equal predictions, the page in
 * the lowest slot of a k-slot cache list, where slots fill 0, 1, … in order and an inserted page
 * takes its victim's slot (`CacheSlots`). Ties matter in practice for never-again pages
 * (the study's predictor gives them all 10000·n when the noise underflows) and for integral
 * predictors (POPU, PLECO).
 *
 * **Guarantees.**
 * - With perfect predictions (the true next request time; never-again pages any value above
 *   every finite one, e.g. `Infinity`) this is Belady's rule, so it costs exactly OPT; ties
 *   among never-again pages do not change the cost [tested exactly].
 * - ALG ≤ min(1 + 2η/OPT, 2 + 4η/((k−1)·OPT))·OPT with η = Σ_t |h_t − y_t| the ℓ1 error of the
 *   predictions h against the true next arrivals y (Wei 2020, Thm 1.1, arXiv v1) [2nd,
 *   paging-theory.md §5]. The second term is disputed: Skachkov et al. (arXiv 2410.01760) quote
 *   4 + 4η/((k−1)·OPT) [2nd] — UNVERIFIED. Skachkov et al. improve the bound to
 *   min(1 + η/OPT, 3 + (3/k)·η/OPT) [2nd, UNVERIFIED].
 * - Not robust: with adversarial predictions the ratio to OPT grows without bound (linearly in
 *   n at constant OPT; a witness is in the tests). Combine it with LRU or Marker for robustness
 *   (Wei 2020).
 *
 * Cost: the resident pages keyed by prediction in a `PageMaxSet` — for k ≤ 32 an array
 * scanned at each fault (O(1) per hit, O(k) per fault; ~2–5× faster than a heap at k = 10,
 * where most requests are hits), above it an indexed max-heap (O(log k) per request). No
 * allocation per request; `reset` reuses the buffers when the universe and k fit.
 */
export class BlindOracle implements Policy {
  private heap: PageMaxSet | null = null;
  private slots: CacheSlots | null = null;
  private predictions!: Predictions;
  private cache!: CacheState;

  /** Its choices follow from the requests, the predictions and k: a study may replay a finished run. */
  readonly trajectory: TrajectoryIdentity;
  private readonly replay = new TrajectoryReplay();
  /** True while a run recorded in the run's memo is replayed (no own bookkeeping then). */
  private replaying = false;

  constructor(readonly k: number) {
    this.trajectory = { key: `blind-oracle/${k}`, readsNextArrival: true };
  }

  reset(ctx: RunContext): void {
    this.predictions = requireNextArrival(ctx, "blind-oracle");
    this.cache = ctx.cache;
    const capacity = Math.min(this.k, ctx.universe);
    if (this.heap === null || this.heap.universe < ctx.universe || this.heap.capacity < capacity) {
      this.heap = new PageMaxSet(ctx.universe, capacity);
      this.slots = new CacheSlots(ctx.universe, capacity);
    } else {
      this.heap.clear();
      this.slots!.clear();
    }
    this.replaying = this.replay.begin(this, ctx);
  }

  onHit(page: number, t: number): void {
    if (this.replaying) return;
    this.heap!.update(page, predictionAt(this.predictions, t));
  }

  makeRoom(_page: number, t: number): void {
    if (this.replaying) {
      this.replay.evict(t);
      return;
    }
    const victim = this.heap!.popMax();
    this.slots!.release(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    if (this.replaying) return;
    const slot = this.slots!.place(page);
    // Lower slot wins among equal predictions: the larger tie value is the lower slot.
    this.heap!.add(page, predictionAt(this.predictions, t), -slot);
  }
}

/** Registry entry of {@link BlindOracle}. */
export const blindOracleInfo: PolicyInfo = {
  name: "blind-oracle",
  aliases: ["follow-pred"],
  family: "learning-augmented",
  summary: "evict the page with the furthest predicted next arrival (Wei 2020 BlindOracle = FtP; 1-consistent, not robust)",
  offline: false,
  randomized: false,
  needs: ["nextArrival"],
  create: (k) => new BlindOracle(k),
};
