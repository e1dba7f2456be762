import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { PredictedPhase } from "./predicted-phase.ts";
import { predictionAt, requireNextArrival } from "./next-arrival-input.ts";

/**
 * LMarker (Rohatgi, "Near-optimal bounds for online caching with machine learned advice",
 * SODA 2020, arXiv 1910.12172), as the reference code implements it (github
 * adampolak/mts-with-predictions `LMarker`; the same rule in OptiSys-ZJU/Cache-Coliseum).
 *
 * A marking algorithm. Requested pages are marked; on a fault with a full, all-marked cache a
 * phase starts: the stale set S := the cache and every page is unmarked. On a fault on page p:
 * - p ∈ S (stale): evict a uniformly random unmarked page (seeded);
 * - p ∉ S (clean): evict the unmarked page with the largest prediction (the one attached to its
 *   latest request).
 *
 * **Tie-break** (the reference code's `max((pred, slot))`): among equal predictions, the page in
 * the highest slot (`CacheSlots`).
 *
 * **Guarantees.**
 * - At most k faults per k-phase for every seed (marking), so ALG ≤ k·OPT [(T2), tested].
 * - With perfect predictions it never faults on a stale page: cost exactly Σ_i c_i ≤ 2·OPT
 *   [D, tested exactly].
 * - E[ALG] = O(1 + min(log(1 + η/OPT), log k))·OPT — UNVERIFIED (paging-theory.md §4; the
 *   reference code says only "weaker competitive ratio than LNonMarker"). Rohatgi's abstract
 *   [P] states O(1 + min((η/OPT)/k, 1)·log k) for his best algorithm, not necessarily this one.
 *
 * O(log k) per request (an indexed max-heap of the unmarked pages, rebuilt in O(k) per phase);
 * no allocation per request.
 */
export class LMarker implements Policy {
  private phase: PredictedPhase | null = null;
  private rng!: Rng;
  private predictions!: Predictions;
  private cache!: CacheState;

  constructor(
    readonly k: number,
    /** Seed of the random evictions; every `reset` restarts from it, `reseed` changes it. */
    public seed: number,
  ) {}

  reseed(seed: number): void {
    this.seed = seed;
  }

  reset(ctx: RunContext): void {
    this.predictions = requireNextArrival(ctx, "lmarker");
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    this.phase = PredictedPhase.fit(this.phase, ctx.universe, Math.min(this.k, ctx.universe));
    this.phase.nextEpoch();
  }

  onHit(page: number, t: number): void {
    this.phase!.hit(page, predictionAt(this.predictions, t));
  }

  makeRoom(page: number): void {
    const phase = this.phase!;
    const heap = phase.unmarked;
    if (heap.size === 0) phase.startPhase();
    const victim = phase.isStale(page) ? heap.at(this.rng.int(heap.size)) : heap.max();
    phase.remove(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.phase!.insert(page, predictionAt(this.predictions, t));
  }
}

/** Registry entry of {@link LMarker}. */
export const lmarkerInfo: PolicyInfo = {
  name: "lmarker",
  family: "learning-augmented",
  summary: "marking: furthest-predicted victim on clean faults, random on stale ones (Rohatgi 2020 LMarker, as in the ACEPS code)",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  create: (k, o) => new LMarker(k, o.seed ?? 0),
};
