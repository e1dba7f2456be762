import { LazyMinHeap } from "./lazy-min-heap.ts";

/**
 * Pages keyed by distinct request times (integers in `[0, 2^31)`), giving up the page of least
 * time on demand. Two parts, split at the *front* f, the time of the last page popped from the
 * window (0 at first):
 * - keys ≥ f: one bit per time in a circular bitmap over `[f, f + width)`, with the page of
 *   each set bit in a parallel circular array — add and delete touch one word; popping scans
 *   forward from f to the next set bit and moves f there;
 * - keys < f (a page whose key went back in time, e.g. one returning with an old history):
 *   a {@link LazyMinHeap}. Every such key is below every key of the window, so it goes first.
 *
 * Why: LRU-K keys a page by its K-th last request time; no two pages share a request time, and
 * most new keys (a hit's) lie ahead of the last victim's, so most work is a bit set and a bit
 * cleared, where a heap sifts through O(log k) levels.
 *
 * Cost: add and delete O(1) in the window, O(log n) amortized in the heap (n = its entries);
 * pops from the window scan each word of time at most once over a run, O(T/32) in all (T = the
 * last time added). Memory: O(universe + capacity) for the heap, and 4.125 bytes per slot of a
 * window whose width (a power of two) doubles when a key lies `width` or more past f; width ≤
 * 2·(the longest span from f to a key added) + 1024.
 */
export class TimeOrderedPages {
  private readonly below: LazyMinHeap;
  private bits: Int32Array;
  private pages: Int32Array;
  /** width − 1. */
  private mask: number;
  private front = 0;
  private count = 0;

  /**
   * @param universe pages are dense ids in `[0, universe)`
   * @param capacity most pages held at once
   */
  constructor(universe: number, capacity: number) {
    this.below = new LazyMinHeap(universe, capacity);
    this.bits = new Int32Array(1024 >>> 5);
    this.pages = new Int32Array(1024);
    this.mask = 1023;
  }

  /** Number of pages held. */
  get size(): number {
    return this.count;
  }

  /**
   * Add `page` (not held) under `time`, an integer in `[0, 2^31)` that no held page has (else
   * RangeError for the range; a shared time is the caller's bug). A (page, time) pair may be
   * added once per instance: the heap tells current entries by it.
   */
  add(page: number, time: number): void {
    if (time < this.front) {
      if (!(time >= 0 && (time | 0) === time)) throw outside(time);
      this.below.push(page, time, time);
    } else {
      if (time - this.front > this.mask || (time | 0) !== time) this.widen(time);
      const slot = time & this.mask;
      this.bits[slot >>> 5] |= 1 << (slot & 31);
      this.pages[slot] = page;
    }
    this.count++;
  }

  /** Remove `page`, held under `time`. */
  delete(page: number, time: number): void {
    this.count--;
    if (time < this.front) {
      this.below.remove(page);
      return;
    }
    const slot = time & this.mask;
    this.bits[slot >>> 5] &= ~(1 << (slot & 31));
  }

  /** Remove and return the page of least time, −1 when empty. */
  popMin(): number {
    if (this.count === 0) return -1;
    this.count--;
    const low = this.below.pop();
    if (low !== -1) return low;
    // Every window key lies in [front, front + width): the first set bit circularly from the
    // front's slot is the least.
    const bits = this.bits;
    const mask = this.mask;
    const words = mask >>> 5;
    const start = this.front & mask;
    let w = start >>> 5;
    let word = bits[w] & (-1 << (start & 31));
    while (word === 0) {
      w = (w + 1) & words;
      word = bits[w];
    }
    const bit = 31 - Math.clz32(word & -word);
    const slot = (w << 5) | bit;
    bits[w] &= ~(1 << bit);
    this.front += (slot - start) & mask;
    return this.pages[slot];
  }

  private widen(time: number): void {
    if (!(Number.isInteger(time) && time <= 0x7fffffff)) throw outside(time);
    let width = this.mask + 1;
    while (time - this.front >= width) width *= 2;
    const bits = new Int32Array(width >>> 5);
    const pages = new Int32Array(width);
    for (let slot = 0; slot <= this.mask; slot++) {
      if ((this.bits[slot >>> 5] & (1 << (slot & 31))) === 0) continue;
      const t = this.front + ((slot - this.front) & this.mask);
      const to = t & (width - 1);
      bits[to >>> 5] |= 1 << (to & 31);
      pages[to] = this.pages[slot];
    }
    this.bits = bits;
    this.pages = pages;
    this.mask = width - 1;
  }
}

function outside(time: number): RangeError {
  return new RangeError(`TimeOrderedPages: time ${time} is not an integer in [0, 2^31)`);
}
