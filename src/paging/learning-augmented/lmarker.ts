import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { PageHeap } from "../structures/page-heap.ts";
import { CacheSlots } from "../structures/cache-slots.ts";
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
  private unmarked: PageHeap | null = null;
  private slots: CacheSlots | null = null;
  private lastPrediction!: Float64Array;
  /** `staleIn[p] === epoch` iff p ∈ S of the current phase. */
  private staleIn!: Int32Array;
  /** Phase counter, never reset, so stamps of earlier runs never match. */
  private epoch = 0;
  private rng!: Rng;
  private predictions!: Predictions;
  private cache!: CacheState;

  constructor(
    readonly k: number,
    /** Seed of the random evictions; every `reset` restarts from it. */
    readonly seed: number,
  ) {}

  reset(ctx: RunContext): void {
    this.predictions = requireNextArrival(ctx, "lmarker");
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    const u = ctx.universe;
    const capacity = Math.min(this.k, u);
    if (this.unmarked === null || this.unmarked.universe < u || this.unmarked.capacity < capacity) {
      this.unmarked = new PageHeap(u, capacity);
      this.slots = new CacheSlots(u, capacity);
      this.lastPrediction = new Float64Array(u);
      this.staleIn = new Int32Array(u);
    } else {
      this.unmarked.clear();
      this.slots!.clear();
    }
    this.nextEpoch();
  }

  onHit(page: number, t: number): void {
    this.lastPrediction[page] = predictionAt(this.predictions, t);
    if (this.unmarked!.has(page)) this.unmarked!.delete(page);
  }

  makeRoom(page: number): void {
    const heap = this.unmarked!;
    if (heap.size === 0) this.startPhase();
    const victim = this.staleIn[page] === this.epoch ? heap.at(this.rng.int(heap.size)) : heap.max();
    heap.delete(victim);
    this.slots!.release(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.lastPrediction[page] = predictionAt(this.predictions, t);
    this.slots!.place(page);
  }

  private startPhase(): void {
    this.nextEpoch();
    const heap = this.unmarked!;
    const slots = this.slots!;
    const epoch = this.epoch;
    for (let s = 0; s < slots.size; s++) {
      const p = slots.pageAt[s];
      this.staleIn[p] = epoch;
      heap.push(p, this.lastPrediction[p], s);
    }
    heap.heapify();
  }

  private nextEpoch(): void {
    if (++this.epoch === 0x7fffffff) {
      this.staleIn.fill(0);
      this.epoch = 1;
    }
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
