/**
 * A priority queue of dense ids with integer keys whose minimum never decreases: every key added
 * is at least the key of the last id popped (the *floor*). Ids of equal key leave in the order
 * they were added (FIFO). One intrusive list per key value, in a circular array of buckets that
 * covers `[floor, floor + width)`; `width` (a power of two) doubles when an added key falls
 * beyond it.
 *
 * Why: LFU-DA's priorities are integers F + L with the age L non-decreasing and every new
 * priority above L, so a bucket per priority replaces a binary heap — a hit is an unlink and an
 * append, O(1), where a heap pays a sift.
 *
 * Cost: add and remove O(1) (plus an O(width) rebuild when the width doubles, amortized over the
 * keys that widened it); popMin scans the buckets from a lower bound of the minimum up to it, so
 * all pops together cost O(pops + final floor − first floor). Memory: O(universe) plus
 * 8·width bytes, width < 2·(largest key − floor at the time it was added) + 64.
 */
export class MonotoneBucketQueue {
  private readonly keys: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** First and last id of each bucket (−1 when empty); bucket of key x is x & mask. */
  private head: Int32Array;
  private tail: Int32Array;
  private mask: number;
  /** A lower bound of the least key present, ≥ the floor. */
  private cursor = 0;
  private lastPopped = 0;
  private count = 0;

  /** @param universe ids are dense in `[0, universe)` */
  constructor(universe: number) {
    this.keys = new Int32Array(universe);
    this.prev = new Int32Array(universe);
    this.next = new Int32Array(universe);
    this.head = new Int32Array(64).fill(-1);
    this.tail = new Int32Array(64).fill(-1);
    this.mask = 63;
  }

  /** Number of ids held. */
  get size(): number {
    return this.count;
  }

  /** Key of the last id popped (0 before the first pop): no key below it may be added. */
  get floor(): number {
    return this.lastPopped;
  }

  /** Key of id, which must be held. */
  keyOf(id: number): number {
    return this.keys[id];
  }

  /**
   * Add id (not held) with integer key in `[floor, 2^31)`, after every id of the same key
   * already held. A key outside that range is a caller's bug: RangeError.
   */
  add(id: number, key: number): void {
    const d = key - this.lastPopped;
    if ((key | 0) !== key || d < 0 || d > this.mask) this.widen(key);
    const slot = key & this.mask;
    const last = this.tail[slot];
    this.prev[id] = last;
    this.next[id] = -1;
    if (last === -1) this.head[slot] = id;
    else this.next[last] = id;
    this.tail[slot] = id;
    this.keys[id] = key;
    this.count++;
    if (key < this.cursor) this.cursor = key;
  }

  /** Remove id, which must be held. */
  remove(id: number): void {
    const p = this.prev[id];
    const n = this.next[id];
    const slot = this.keys[id] & this.mask;
    if (p === -1) this.head[slot] = n;
    else this.next[p] = n;
    if (n === -1) this.tail[slot] = p;
    else this.prev[n] = p;
    this.count--;
  }

  /** Remove and return the id of least key, first added among equals; −1 when empty. */
  popMin(): number {
    if (this.count === 0) return -1;
    const head = this.head;
    const mask = this.mask;
    // Every key lies in [cursor, floor + width), so bucket c & mask holds key c only.
    let c = this.cursor;
    while (head[c & mask] === -1) c++;
    const id = head[c & mask];
    this.remove(id);
    this.cursor = c;
    this.lastPopped = c;
    return id;
  }

  private widen(key: number): void {
    if (!(Number.isInteger(key) && key >= this.lastPopped && key <= 0x7fffffff)) {
      throw new RangeError(`MonotoneBucketQueue: key ${key} outside [${this.lastPopped}, 2^31)`);
    }
    let width = this.mask + 1;
    while (key - this.lastPopped >= width) width *= 2;
    const head = new Int32Array(width).fill(-1);
    const tail = new Int32Array(width).fill(-1);
    for (let s = 0; s <= this.mask; s++) {
      const first = this.head[s];
      if (first === -1) continue;
      const slot = this.keys[first] & (width - 1);
      head[slot] = first;
      tail[slot] = this.tail[s];
    }
    this.head = head;
    this.tail = tail;
    this.mask = width - 1;
  }
}
