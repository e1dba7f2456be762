/**
 * An intrusive doubly linked list over dense ids `0..universe-1`, in typed arrays: O(1) push,
 * remove, move-to-back and pop-front with no allocation. Ordering is "front = oldest". An id is
 * in at most one position; `has` is O(1).
 */
export class IntList {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly sentinel: number;
  private count = 0;

  constructor(readonly universe: number) {
    this.prev = new Int32Array(universe + 1).fill(-1);
    this.next = new Int32Array(universe + 1).fill(-1);
    this.sentinel = universe;
    this.prev[universe] = universe;
    this.next[universe] = universe;
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return this.next[id] !== -1;
  }

  /** Append id at the back (most recent). It must not be in the list. */
  pushBack(id: number): void {
    const s = this.sentinel;
    const last = this.prev[s];
    this.next[last] = id;
    this.prev[id] = last;
    this.next[id] = s;
    this.prev[s] = id;
    this.count++;
  }

  /** Remove id, which must be in the list. */
  remove(id: number): void {
    const p = this.prev[id];
    const n = this.next[id];
    this.next[p] = n;
    this.prev[n] = p;
    this.next[id] = -1;
    this.prev[id] = -1;
    this.count--;
  }

  /** Move id (in the list) to the back. */
  moveToBack(id: number): void {
    const s = this.sentinel;
    if (this.prev[s] === id) return;
    const p = this.prev[id];
    const n = this.next[id];
    this.next[p] = n;
    this.prev[n] = p;
    const last = this.prev[s];
    this.next[last] = id;
    this.prev[id] = last;
    this.next[id] = s;
    this.prev[s] = id;
  }

  /** The front (oldest) id, or -1 when empty. */
  front(): number {
    const f = this.next[this.sentinel];
    return f === this.sentinel ? -1 : f;
  }

  /** The back (newest) id, or -1 when empty. */
  back(): number {
    const b = this.prev[this.sentinel];
    return b === this.sentinel ? -1 : b;
  }

  /** The id after `id` (one step towards the back), or -1 at the back. `id` must be in the list. */
  after(id: number): number {
    const n = this.next[id];
    return n === this.sentinel ? -1 : n;
  }

  /** The id before `id` (one step towards the front), or -1 at the front. `id` must be in the list. */
  before(id: number): number {
    const p = this.prev[id];
    return p === this.sentinel ? -1 : p;
  }

  /** Remove and return the front id, or -1 when empty. */
  popFront(): number {
    const f = this.front();
    if (f !== -1) this.remove(f);
    return f;
  }

  /** Ids front to back. */
  toArray(): number[] {
    const out: number[] = [];
    for (let id = this.next[this.sentinel]; id !== this.sentinel; id = this.next[id]) out.push(id);
    return out;
  }
}
