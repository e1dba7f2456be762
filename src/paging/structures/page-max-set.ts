import { PageHeap } from "./page-heap.ts";

/**
 * Largest capacity kept as an unordered array scanned for the maximum; larger sets use a heap.
 * Measured on BlindOracle (bench/next-arrival.ts and the study's instances): the scan is ~2×
 * faster than the heap at k = 10 and still ahead at k = 32 (most requests are hits, which the
 * array serves in O(1) where the heap sifts); beyond that the O(k) scan of every fault loses.
 */
export const SCAN_CAPACITY = 32;

/**
 * A set of dense page ids, each with a Float64 key and an Int32 `tie`, that finds the page with
 * the largest (key, tie) — the victim choice of policies that evict the furthest predicted page.
 * The same answers as {@link PageHeap} (the order is total when the (key, tie) pairs of members
 * are distinct, as every user here guarantees), but without positional access: the layout
 * differs between the two representations chosen by capacity.
 *
 * - capacity ≤ {@link SCAN_CAPACITY}: members in an unordered array with their keys beside
 *   them; add, delete, update and has are O(1), max and popMax scan the members, O(size).
 * - larger: an indexed binary heap ({@link PageHeap}); add, delete, update and popMax
 *   O(log size), max and has O(1).
 *
 * No allocation after construction; `clear` is O(size), so one set serves many runs. Keys must
 * not be NaN.
 */
export class PageMaxSet {
  /** The heap when capacity is above the scan limit, else null. */
  private readonly heap: PageHeap | null;
  // Scan representation: member i is items[i], with its key and tie at the same index.
  private readonly items: Int32Array;
  private readonly keyAt: Float64Array;
  private readonly tieAt: Int32Array;
  /** Index of each member in `items`, −1 for non-members. */
  private readonly pos: Int32Array;
  private count = 0;

  /**
   * @param universe pages are dense ids in `[0, universe)`
   * @param capacity most pages held at once
   * @param scan force the representation (default: scan iff capacity ≤ {@link SCAN_CAPACITY});
   *   for tests and measurements
   */
  constructor(
    /** Pages are dense ids below this. */
    readonly universe: number,
    /** Most pages held at once. */
    readonly capacity: number,
    scan = capacity <= SCAN_CAPACITY,
  ) {
    this.heap = scan ? null : new PageHeap(universe, capacity);
    const slots = scan ? capacity : 0;
    this.items = new Int32Array(slots);
    this.keyAt = new Float64Array(slots);
    this.tieAt = new Int32Array(slots);
    this.pos = new Int32Array(scan ? universe : 0).fill(-1);
  }

  /** Which representation the capacity chose. */
  get representation(): "scan" | "heap" {
    return this.heap === null ? "scan" : "heap";
  }

  /** Number of pages in the set. */
  get size(): number {
    return this.heap === null ? this.count : this.heap.size;
  }

  /** Whether page p is in the set. */
  has(p: number): boolean {
    return this.heap === null ? this.pos[p] !== -1 : this.heap.has(p);
  }

  /** The key page p was added or last updated with (p must be in the set). */
  keyOf(p: number): number {
    return this.heap === null ? this.keyAt[this.pos[p]] : this.heap.keyOf(p);
  }

  /** Add page p (absent) with its key and tie-break. */
  add(p: number, key: number, tie: number): void {
    if (this.heap !== null) {
      this.heap.add(p, key, tie);
      return;
    }
    const i = this.count++;
    this.items[i] = p;
    this.keyAt[i] = key;
    this.tieAt[i] = tie;
    this.pos[p] = i;
  }

  /**
   * Add page p (absent) without restoring the heap order — for filling the set in bulk; call
   * {@link PageMaxSet.heapify} before any other operation.
   */
  push(p: number, key: number, tie: number): void {
    if (this.heap !== null) this.heap.push(p, key, tie);
    else this.add(p, key, tie);
  }

  /** Restore the order after {@link PageMaxSet.push}: O(size) for the heap, nothing for the scan. */
  heapify(): void {
    if (this.heap !== null) this.heap.heapify();
  }

  /** Change the key of page p (present); its tie-break stays. */
  update(p: number, key: number): void {
    if (this.heap !== null) this.heap.update(p, key);
    else this.keyAt[this.pos[p]] = key;
  }

  /** Remove page p (present). */
  delete(p: number): void {
    if (this.heap !== null) {
      this.heap.delete(p);
      return;
    }
    this.removeAt(this.pos[p]);
  }

  /** The page with the largest (key, tie), or −1 when empty. */
  max(): number {
    if (this.heap !== null) return this.heap.max();
    const i = this.maxIndex();
    return i === -1 ? -1 : this.items[i];
  }

  /** Remove and return the page with the largest (key, tie), or −1 when empty. */
  popMax(): number {
    if (this.heap !== null) return this.heap.popMax();
    const i = this.maxIndex();
    if (i === -1) return -1;
    const p = this.items[i];
    this.removeAt(i);
    return p;
  }

  /** Remove every page: O(size). */
  clear(): void {
    if (this.heap !== null) {
      this.heap.clear();
      return;
    }
    for (let i = 0; i < this.count; i++) this.pos[this.items[i]] = -1;
    this.count = 0;
  }

  private maxIndex(): number {
    const n = this.count;
    if (n === 0) return -1;
    const keyAt = this.keyAt;
    const tieAt = this.tieAt;
    let best = 0;
    let bestKey = keyAt[0];
    for (let i = 1; i < n; i++) {
      const key = keyAt[i];
      if (key > bestKey || (key === bestKey && tieAt[i] > tieAt[best])) {
        best = i;
        bestKey = key;
      }
    }
    return best;
  }

  private removeAt(i: number): void {
    this.pos[this.items[i]] = -1;
    const last = --this.count;
    if (i === last) return;
    const q = this.items[last];
    this.items[i] = q;
    this.keyAt[i] = this.keyAt[last];
    this.tieAt[i] = this.tieAt[last];
    this.pos[q] = i;
  }
}
