/**
 * The slot layout of a lazy cache as a list of k slots: while the cache fills, pages take slots
 * 0, 1, 2, … in order; afterwards each inserted page takes the slot of the page just evicted.
 * This is the layout of the reference Python code of Antoniadis et al. (github
 * adampolak/mts-with-predictions, a list `cache` of k entries), whose tie-breaks among equal
 * predictions go by slot index — keeping the same layout reproduces them exactly. It also gives
 * uniform access to the resident pages (`pageAt`).
 *
 * Valid for lazy policies only: exactly one {@link CacheSlots.release} before each insertion into
 * a full cache. O(1) per operation, no allocation after construction.
 */
export class CacheSlots {
  /** `pageAt[s]` = page in slot s, for s below the number of slots filled so far. */
  readonly pageAt: Int32Array;
  /** `slotOf[p]` = slot of resident page p (stale for pages not resident). */
  readonly slotOf: Int32Array;
  private filled = 0;
  private freed = -1;

  /**
   * @param universe pages are dense ids in `[0, universe)`
   * @param slots number of slots (min(k, universe) suffices: no more pages are ever resident)
   */
  constructor(universe: number, slots: number) {
    this.pageAt = new Int32Array(slots);
    this.slotOf = new Int32Array(universe);
  }

  /** Number of slots filled so far (= resident pages for a lazy policy). */
  get size(): number {
    return this.filled;
  }

  /** Page p (resident) is being evicted: its slot goes to the next page placed. */
  release(p: number): void {
    this.freed = this.slotOf[p];
  }

  /** Give page p a slot (the one released, else the next empty one) and return it. */
  place(p: number): number {
    let s = this.freed;
    if (s === -1) s = this.filled++;
    else this.freed = -1;
    this.slotOf[p] = s;
    this.pageAt[s] = p;
    return s;
  }

  /** Forget every page (a new run). O(1). */
  clear(): void {
    this.filled = 0;
    this.freed = -1;
  }
}
