import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { PredictedPhase } from "./predicted-phase.ts";
import { predictionAt, requireNextArrival } from "./next-arrival-input.ts";

/**
 * LNonMarker, non-robust version — the reference code's `LNonMarker_nonrobust` (github
 * adampolak/mts-with-predictions), attributed there to Rohatgi (SODA 2020, arXiv 1910.12172).
 * Whether it is exactly Rohatgi's algorithm is UNVERIFIED (paging-theory.md §4); the reference
 * makes it robust as `Combine_det(LNonMarker_nonrobust, Marker)`.
 *
 * Phases are the k-phases of σ, tracked on every request (hits included): when the (k+1)-th
 * distinct page of the phase arrives, before it is served, S := the cache, every page is
 * unmarked and the record of who evicted whom is dropped. Requested pages are marked. On a fault
 * on page p:
 * - p ∉ S (clean): evict the unmarked page with the largest prediction;
 * - p ∈ S (stale; it was evicted earlier in the phase, by page q): if q ∉ S (p was evicted to
 *   make room for a clean page, i.e. on a prediction) evict a uniformly random page of the whole
 *   cache, **marked or not**; otherwise a uniformly random unmarked page (seeded);
 * - record that p evicted the victim.
 *
 * **Tie-break** (the reference's `max((pred, slot))`): among equal predictions, the page in the
 * highest slot (`CacheSlots`); "uniform over the whole cache" is uniform over the k slots.
 *
 * **Guarantees** (all [D], proofs in the tests, checked there for every seed):
 * - There is an unmarked page at every fault of a phase (so the reference's `assert unmarked`
 *   never fires): the resident pages are the phase's requested pages other than p, at most
 *   k − 1, plus the unmarked ones.
 * - Not a marking algorithm: it evicts marked pages and can fault more than k times in a
 *   k-phase (witness in the tests). But at most 2k times: an eviction of a marked page happens
 *   only when a stale page evicted by a clean fault returns, which happens at most once per
 *   clean-fault eviction, and those evict unmarked pages, of which there are k. Hence
 *   ALG ≤ 2k·OPT.
 * - With perfect predictions it never faults on a stale page: cost exactly Σ_i c_i ≤ 2·OPT.
 *
 * O(log k) per request (an indexed max-heap of the unmarked pages, rebuilt in O(k) per phase);
 * no allocation per request.
 */
export class LNonMarker implements Policy {
  private phase: PredictedPhase | null = null;
  /** `seenIn[p] === phase.epoch` iff p was requested in the current k-phase. */
  private seenIn!: Int32Array;
  /** `evictedIn[p] === phase.epoch` iff p was evicted in this phase, by page `evictor[p]`. */
  private evictedIn!: Int32Array;
  private evictor!: Int32Array;
  private distinct = 0;
  /** Time of the last request already counted in the phase bookkeeping. */
  private seenAt = -1;
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
    this.predictions = requireNextArrival(ctx, "lnonmarker");
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    const u = ctx.universe;
    const previous = this.phase;
    this.phase = PredictedPhase.fit(previous, u, Math.min(this.k, u));
    if (this.phase !== previous) {
      this.seenIn = new Int32Array(u);
      this.evictedIn = new Int32Array(u);
      this.evictor = new Int32Array(u);
    }
    this.distinct = 0;
    this.seenAt = -1;
    if (this.phase.nextEpoch()) this.clearStamps();
  }

  onHit(page: number, t: number): void {
    this.arrive(page, t);
    this.phase!.hit(page, predictionAt(this.predictions, t));
  }

  makeRoom(page: number, t: number): void {
    this.arrive(page, t);
    const phase = this.phase!;
    const heap = phase.unmarked;
    const epoch = phase.epoch;
    let victim: number;
    if (!phase.isStale(page)) {
      victim = heap.max();
    } else {
      if (this.evictedIn[page] !== epoch) throw new Error(`lnonmarker: stale page ${page} faulted without an eviction this phase`);
      const slots = phase.slots;
      victim = !phase.isStale(this.evictor[page]) ? slots.pageAt[this.rng.int(slots.size)] : heap.at(this.rng.int(heap.size));
    }
    this.evictor[victim] = page;
    this.evictedIn[victim] = epoch;
    phase.remove(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.arrive(page, t);
    this.phase!.insert(page, predictionAt(this.predictions, t));
  }

  /** Phase bookkeeping for request t, once per request, before it is served. */
  private arrive(page: number, t: number): void {
    if (this.seenAt === t) return;
    this.seenAt = t;
    if (this.seenIn[page] === this.phase!.epoch) return;
    if (this.distinct === this.k) {
      // The (k+1)-th distinct page arrived: S := cache (without it), unmark all, forget evictors.
      if (this.phase!.startPhase()) this.clearStamps();
      this.distinct = 0;
    }
    this.seenIn[page] = this.phase!.epoch;
    this.distinct++;
  }

  private clearStamps(): void {
    this.seenIn.fill(0);
    this.evictedIn.fill(0);
  }
}

/** Registry entry of {@link LNonMarker}. */
export const lnonmarkerInfo: PolicyInfo = {
  name: "lnonmarker",
  family: "learning-augmented",
  summary: "LNonMarker_nonrobust of the ACEPS code (after Rohatgi 2020): furthest-predicted or random victims, may evict marked pages",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  create: (k, o) => new LNonMarker(k, o.seed ?? 0),
};
