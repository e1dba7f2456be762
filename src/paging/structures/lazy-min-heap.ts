/**
 * A binary min-heap of dense page ids ordered by (key, tie), with *lazy* re-keying: `push` gives a
 * page its current (key, tie) and leaves any older entry of the page in place, stale; stale
 * entries are skipped when they reach the top and dropped wholesale when the array fills. The
 * tie of each push must be unique within a run (a request time or a counter), which is how an
 * entry knows it is current.
 *
 * Why: a policy that re-keys a page on every hit (LFUDA's libCacheSim variant; LRU-K's keys
 * older than its time window, in `TimeOrderedPages`) pays one sift-up per hit — O(1) on
 * average, as new keys are mostly large — instead of a delete and an insert, each O(log k).
 * Pops cost O(log n) amortized. Memory stays O(capacity): live entries are at most the pages
 * pushed and not dropped, and the array is compacted (O(n)) whenever it fills.
 */
export class LazyMinHeap {
  private pages: Int32Array;
  private keys: Float64Array;
  private ties: Float64Array;
  private count = 0;
  /** The tie of each page's current entry, NaN when it has none. */
  private readonly current: Float64Array;

  /**
   * @param universe pages are dense ids in `[0, universe)`
   * @param live most pages with a current entry at once (the array starts at 4·live + 16 entries)
   */
  constructor(universe: number, live: number) {
    const capacity = 4 * live + 16;
    this.pages = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.ties = new Float64Array(capacity);
    this.current = new Float64Array(universe).fill(NaN);
  }

  /** Whether page p has a current entry. */
  has(p: number): boolean {
    return this.current[p] === this.current[p];
  }

  /** Give page p the entry (key, tie), superseding any earlier one; `tie` must not repeat. */
  push(p: number, key: number, tie: number): void {
    if (this.count === this.pages.length) this.compact();
    this.current[p] = tie;
    const pages = this.pages;
    const keys = this.keys;
    const ties = this.ties;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const kp = keys[parent];
      if (kp < key || (kp === key && ties[parent] < tie)) break;
      pages[i] = pages[parent];
      keys[i] = kp;
      ties[i] = ties[parent];
      i = parent;
    }
    pages[i] = p;
    keys[i] = key;
    ties[i] = tie;
  }

  /** Drop page p's current entry (p leaves the heap). */
  remove(p: number): void {
    this.current[p] = NaN;
  }

  /** The page of least (key, tie) with a current entry, or −1 when there is none. */
  peek(): number {
    while (this.count > 0) {
      const p = this.pages[0];
      if (this.current[p] === this.ties[0]) return p;
      this.popTop();
    }
    return -1;
  }

  /** The key of {@link LazyMinHeap.peek}'s page (call peek first; undefined when empty). */
  peekKey(): number {
    return this.keys[0];
  }

  /** Remove and return the page of least (key, tie), or −1 when there is none. */
  pop(): number {
    const p = this.peek();
    if (p !== -1) {
      this.popTop();
      this.current[p] = NaN;
    }
    return p;
  }

  private popTop(): void {
    const n = --this.count;
    if (n === 0) return;
    this.siftDown(0, this.pages[n], this.keys[n], this.ties[n]);
  }

  private siftDown(i: number, p: number, key: number, tie: number): void {
    const pages = this.pages;
    const keys = this.keys;
    const ties = this.ties;
    const n = this.count;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let kc = keys[c];
      if (c + 1 < n) {
        const kr = keys[c + 1];
        if (kr < kc || (kr === kc && ties[c + 1] < ties[c])) {
          c++;
          kc = kr;
        }
      }
      if (key < kc || (key === kc && tie < ties[c])) break;
      pages[i] = pages[c];
      keys[i] = kc;
      ties[i] = ties[c];
      i = c;
    }
    pages[i] = p;
    keys[i] = key;
    ties[i] = tie;
  }

  /** Drop stale entries and restore the heap order; grow if most entries are live. */
  private compact(): void {
    let j = 0;
    for (let i = 0; i < this.count; i++) {
      const p = this.pages[i];
      if (this.current[p] === this.ties[i]) {
        this.pages[j] = p;
        this.keys[j] = this.keys[i];
        this.ties[j] = this.ties[i];
        j++;
      }
    }
    this.count = j;
    if (2 * j > this.pages.length) {
      const pages = new Int32Array(this.pages.length * 2);
      const keys = new Float64Array(pages.length);
      const ties = new Float64Array(pages.length);
      pages.set(this.pages);
      keys.set(this.keys);
      ties.set(this.ties);
      this.pages = pages;
      this.keys = keys;
      this.ties = ties;
    }
    for (let i = (j >> 1) - 1; i >= 0; i--) this.siftDown(i, this.pages[i], this.keys[i], this.ties[i]);
  }
}
