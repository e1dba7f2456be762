/**
 * A binary max-heap of dense ids by a score (`scores[id]`, a float), ties broken by the smaller
 * `ages[id]` (the older id first). O(log n) add, delete and re-keying of any member, O(1)
 * membership and maximum. Scores and ages are external arrays: call {@link ScoreHeap.update}
 * after changing a member's.
 */
export class ScoreHeap {
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  /**
   * @param scores score of each id (larger = nearer the top)
   * @param ages tie-break of each id (smaller = nearer the top)
   * @param universe ids are in `[0, universe)`
   * @param capacity most members at once
   */
  constructor(
    private readonly scores: Float64Array,
    private readonly ages: Int32Array,
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

  /** The member with the largest score (−1 when empty). */
  max(): number {
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

  /** Restore the order after a member's score or age changed. */
  update(id: number): void {
    this.up(this.pos[id]);
    this.down(this.pos[id]);
  }

  private above(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa > sb || (sa === sb && this.ages[a] < this.ages[b]);
  }

  private up(i: number): void {
    const items = this.items;
    const id = items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (!this.above(id, p)) break;
      items[i] = p;
      this.pos[p] = i;
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
      if (child + 1 < n && this.above(items[child + 1], items[child])) child++;
      const c = items[child];
      if (!this.above(c, id)) break;
      items[i] = c;
      this.pos[c] = i;
      i = child;
    }
    items[i] = id;
    this.pos[id] = i;
  }
}
