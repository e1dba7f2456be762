/**
 * A binary max-heap of dense ids keyed by a number per id, with the position of each id kept
 * so a key can change in O(log size). Keys live in Float64Arrays indexed by id: ties on `key`
 * go to the larger `key2` (set it before push/update when used), then to the smaller id, so
 * the order is total and deterministic.
 */
export class IndexedMaxHeap {
  readonly key: Float64Array;
  /** Secondary key, consulted only on ties of `key` (0 unless the owner sets it). */
  readonly key2: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  constructor(universe: number, capacity: number) {
    this.key = new Float64Array(universe);
    this.key2 = new Float64Array(universe);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(universe).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return this.pos[id] !== -1;
  }

  /** Id with the largest key, or -1 when empty. */
  top(): number {
    return this.count === 0 ? -1 : this.heap[0];
  }

  push(id: number, key: number): void {
    this.key[id] = key;
    const i = this.count++;
    this.heap[i] = id;
    this.pos[id] = i;
    this.siftUp(i);
  }

  /** Change the key (and, after the owner set it, `key2`) of an id in the heap. */
  update(id: number, key: number): void {
    this.key[id] = key;
    const i = this.pos[id];
    this.siftUp(i);
    this.siftDown(this.pos[id]);
  }

  /** Remove and return the id with the largest key (-1 when empty). */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.heap[0];
    this.removeAt(0);
    return top;
  }

  remove(id: number): void {
    this.removeAt(this.pos[id]);
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.pos[this.heap[i]] = -1;
    this.count = 0;
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const id = heap[i];
    this.pos[id] = -1;
    const last = heap[--this.count];
    if (i === this.count) return;
    heap[i] = last;
    this.pos[last] = i;
    this.siftDown(i);
    this.siftUp(this.pos[last]);
  }

  private above(a: number, b: number): boolean {
    const ka = this.key[a];
    const kb = this.key[b];
    if (ka !== kb) return ka > kb;
    const sa = this.key2[a];
    const sb = this.key2[b];
    return sa > sb || (sa === sb && a < b);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const id = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pid = heap[parent];
      if (!this.above(id, pid)) break;
      heap[i] = pid;
      pos[pid] = i;
      i = parent;
    }
    heap[i] = id;
    pos[id] = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const n = this.count;
    const id = heap[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.above(heap[right], heap[child])) child = right;
      const cid = heap[child];
      if (!this.above(cid, id)) break;
      heap[i] = cid;
      pos[cid] = i;
      i = child;
    }
    heap[i] = id;
    pos[id] = i;
  }
}
