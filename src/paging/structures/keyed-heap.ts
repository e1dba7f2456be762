/**
 * A binary min-heap of dense ids ordered by an external key array (`keys[id]`, ties broken by
 * the smaller id), with O(log n) add and delete of any member and O(1) membership and minimum.
 * The keys of members must not change while they are in the heap.
 */
export class KeyedHeap {
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  /**
   * @param keys key of each id, read at every comparison
   * @param universe ids are in `[0, universe)`
   * @param capacity most members at once
   */
  constructor(
    private readonly keys: Int32Array,
    universe: number,
    capacity: number,
  ) {
    this.items = new Int32Array(capacity);
    this.pos = new Int32Array(universe).fill(-1);
  }

  /** Number of members. */
  get size(): number {
    return this.count;
  }

  /** Whether id is a member. */
  has(id: number): boolean {
    return this.pos[id] !== -1;
  }

  /** The member with the smallest key (−1 when empty). */
  min(): number {
    return this.count === 0 ? -1 : this.items[0];
  }

  /** Add a non-member. */
  add(id: number): void {
    const i = this.count++;
    this.items[i] = id;
    this.pos[id] = i;
    this.up(i);
  }

  /** Remove a member. */
  delete(id: number): void {
    const i = this.pos[id];
    this.pos[id] = -1;
    const last = this.items[--this.count];
    if (i === this.count) return;
    this.items[i] = last;
    this.pos[last] = i;
    this.up(i);
    this.down(this.pos[last]);
  }

  /** Remove every member. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.pos[this.items[i]] = -1;
    this.count = 0;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const items = this.items;
    const id = items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent];
      if (!this.less(id, above)) break;
      items[i] = above;
      this.pos[above] = i;
      i = parent;
    }
    items[i] = id;
    this.pos[id] = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = this.count;
    const id = items[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(items[child + 1], items[child])) child++;
      const below = items[child];
      if (!this.less(below, id)) break;
      items[i] = below;
      this.pos[below] = i;
      i = child;
    }
    items[i] = id;
    this.pos[id] = i;
  }
}
