/**
 * An indexed binary max-heap over dense page ids, ordered by a Float64 key per page and, among
 * equal keys, by a larger Int32 `tie` value. Learning-augmented policies keep the pages they may
 * evict here, keyed by predicted next arrival: `max` is the victim, `at(i)` gives uniform access
 * for random choices (positions are an implementation detail, but deterministic).
 *
 * add, delete, update and popMax are O(log size); max, has and at are O(1); no allocation after
 * construction. `clear` is O(size), so one heap can serve many runs. Keys must not be NaN (the
 * order would be undefined); callers check predictions before they reach the heap.
 */
export class PageHeap {
  /** Key of each page, valid while it is in the heap. */
  private readonly key: Float64Array;
  /** Tie-break of each page among equal keys (larger wins), valid while it is in the heap. */
  private readonly tie: Int32Array;
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  /**
   * @param universe pages are dense ids in `[0, universe)`
   * @param capacity most pages held at once
   */
  constructor(
    /** Pages are dense ids below this. */
    readonly universe: number,
    /** Most pages held at once. */
    readonly capacity: number,
  ) {
    this.key = new Float64Array(universe);
    this.tie = new Int32Array(universe);
    this.items = new Int32Array(capacity);
    this.pos = new Int32Array(universe).fill(-1);
  }

  /** Number of pages in the heap. */
  get size(): number {
    return this.count;
  }

  /** Whether page p is in the heap. */
  has(p: number): boolean {
    return this.pos[p] !== -1;
  }

  /** The page at heap position i ∈ [0, size) — for uniform random choices. */
  at(i: number): number {
    return this.items[i];
  }

  /** The page with the largest (key, tie), or −1 when empty. */
  max(): number {
    return this.count === 0 ? -1 : this.items[0];
  }

  /** The key page p was added with (p must be in the heap). */
  keyOf(p: number): number {
    return this.key[p];
  }

  /** Add page p (absent) with its key and tie-break. */
  add(p: number, key: number, tie: number): void {
    this.key[p] = key;
    this.tie[p] = tie;
    const i = this.count++;
    this.items[i] = p;
    this.pos[p] = i;
    this.up(i);
  }

  /**
   * Add page p without restoring the heap order — for filling the heap in bulk; call
   * {@link PageHeap.heapify} before any other operation.
   */
  push(p: number, key: number, tie: number): void {
    this.key[p] = key;
    this.tie[p] = tie;
    const i = this.count++;
    this.items[i] = p;
    this.pos[p] = i;
  }

  /** Restore the heap order after {@link PageHeap.push}: O(size). */
  heapify(): void {
    for (let i = (this.count >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Change the key of page p (present); its tie-break stays. */
  update(p: number, key: number): void {
    const old = this.key[p];
    this.key[p] = key;
    const i = this.pos[p];
    if (key > old) this.up(i);
    else if (key < old) this.down(i);
  }

  /** Remove page p (present). */
  delete(p: number): void {
    const i = this.pos[p];
    this.pos[p] = -1;
    const last = this.items[--this.count];
    if (i === this.count) return;
    this.items[i] = last;
    this.pos[last] = i;
    if (i > 0 && this.above(last, this.items[(i - 1) >> 1])) this.up(i);
    else this.down(i);
  }

  /** Remove and return the maximum page, or −1 when empty. */
  popMax(): number {
    if (this.count === 0) return -1;
    const top = this.items[0];
    this.delete(top);
    return top;
  }

  /** Remove every page: O(size). */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.pos[this.items[i]] = -1;
    this.count = 0;
  }

  /** Pages in heap order (for tests and debugging). */
  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.count));
  }

  private above(a: number, b: number): boolean {
    const ka = this.key[a];
    const kb = this.key[b];
    return ka > kb || (ka === kb && this.tie[a] > this.tie[b]);
  }

  private up(i: number): void {
    const items = this.items;
    const pos = this.pos;
    const key = this.key;
    const tie = this.tie;
    const p = items[i];
    const kp = key[p];
    const tp = tie[p];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const q = items[parent];
      const kq = key[q];
      if (kp < kq || (kp === kq && tp <= tie[q])) break;
      items[i] = q;
      pos[q] = i;
      i = parent;
    }
    items[i] = p;
    pos[p] = i;
  }

  private down(i: number): void {
    const items = this.items;
    const pos = this.pos;
    const key = this.key;
    const tie = this.tie;
    const n = this.count;
    const p = items[i];
    const kp = key[p];
    const tp = tie[p];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let q = items[child];
      let kq = key[q];
      if (child + 1 < n) {
        const r = items[child + 1];
        const kr = key[r];
        if (kr > kq || (kr === kq && tie[r] > tie[q])) {
          child++;
          q = r;
          kq = kr;
        }
      }
      if (kq < kp || (kq === kp && tie[q] <= tp)) break;
      items[i] = q;
      pos[q] = i;
      i = child;
    }
    items[i] = p;
    pos[p] = i;
  }
}
