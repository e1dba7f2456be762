import { PageHeap } from "../structures/page-heap.ts";
import { CacheSlots } from "../structures/cache-slots.ts";

/**
 * The state that PredictiveMarker, LMarker and LNonMarker share: the cache in slots (the
 * reference code's tie-break is the higher slot), each page's latest prediction, the phase's
 * stale set S and its unmarked pages in an indexed max-heap keyed by (prediction, slot).
 *
 * A phase is stamped by `epoch`, never reset across runs, so stamps of earlier runs or phases
 * never match; a policy with stamp arrays of its own keys them by the same epoch and clears
 * them when {@link PredictedPhase.nextEpoch} reports a wrap. No allocation after construction;
 * `startPhase` is O(k), every other operation O(log k) or less.
 */
export class PredictedPhase {
  /** The unmarked pages of the phase, largest (prediction, slot) on top. */
  readonly unmarked: PageHeap;
  /** The resident pages by slot. */
  readonly slots: CacheSlots;
  /** Each page's prediction, from its latest request. */
  readonly lastPrediction: Float64Array;
  /** `staleIn[p] === epoch` iff p ∈ S of the current phase. */
  readonly staleIn: Int32Array;
  /** The current phase's stamp. */
  epoch = 0;

  /**
   * @param universe pages are dense ids below this
   * @param capacity the cache size (at most the universe)
   */
  constructor(universe: number, capacity: number) {
    this.unmarked = new PageHeap(universe, capacity);
    this.slots = new CacheSlots(universe, capacity);
    this.lastPrediction = new Float64Array(universe);
    this.staleIn = new Int32Array(universe);
  }

  /** `previous` emptied for a new run when it fits `universe` and `capacity`, else a new one. */
  static fit(previous: PredictedPhase | null, universe: number, capacity: number): PredictedPhase {
    if (previous === null || previous.unmarked.universe < universe || previous.unmarked.capacity < capacity) {
      return new PredictedPhase(universe, capacity);
    }
    previous.unmarked.clear();
    previous.slots.clear();
    return previous;
  }

  /** Whether p is in the current phase's stale set S. */
  isStale(p: number): boolean {
    return this.staleIn[p] === this.epoch;
  }

  /** A request to resident `page` with its prediction: the page is marked. */
  hit(page: number, prediction: number): void {
    this.lastPrediction[page] = prediction;
    if (this.unmarked.has(page)) this.unmarked.delete(page);
  }

  /** `page` was loaded with the prediction of its request (marked: it joins no heap). */
  insert(page: number, prediction: number): void {
    this.lastPrediction[page] = prediction;
    this.slots.place(page);
  }

  /** `victim` leaves the cache (unmarked or not). */
  remove(victim: number): void {
    if (this.unmarked.has(victim)) this.unmarked.delete(victim);
    this.slots.release(victim);
  }

  /**
   * A new phase: S := the cache, every page unmarked, in slot order (so a seeded random pick by
   * heap position repeats). Returns whether the epoch wrapped (then stamps of other arrays keyed
   * by it must be cleared).
   */
  startPhase(): boolean {
    const wrapped = this.nextEpoch();
    const heap = this.unmarked;
    heap.clear();
    const slots = this.slots;
    const epoch = this.epoch;
    for (let s = 0; s < slots.size; s++) {
      const p = slots.pageAt[s];
      this.staleIn[p] = epoch;
      heap.push(p, this.lastPrediction[p], s);
    }
    heap.heapify();
    return wrapped;
  }

  /** Advance the stamp; returns true when it wrapped (every stamp cleared, epoch 1). */
  nextEpoch(): boolean {
    if (++this.epoch !== 0x7fffffff) return false;
    this.staleIn.fill(0);
    this.epoch = 1;
    return true;
  }
}
