/**
 * A set of dense ids with O(1) add, delete, membership and uniform access by position — the
 * structure behind uniformly random eviction. Positions change on delete (the last element
 * fills the hole), so iteration order is an implementation detail, but deterministic.
 */
export class IndexSet {
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  constructor(
    /** Ids are below this. */
    readonly universe: number,
    /** Most ids held at once. */
    readonly capacity = universe,
  ) {
    this.items = new Int32Array(capacity);
    this.pos = new Int32Array(universe).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return this.pos[id] !== -1;
  }

  add(id: number): void {
    this.pos[id] = this.count;
    this.items[this.count++] = id;
  }

  delete(id: number): void {
    const i = this.pos[id];
    const last = this.items[--this.count];
    this.items[i] = last;
    this.pos[last] = i;
    this.pos[id] = -1;
  }

  /** Remove every id: O(size). Positions then start over exactly as in a new set. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.pos[this.items[i]] = -1;
    this.count = 0;
  }

  /** The id at position i ∈ [0, size). */
  at(i: number): number {
    return this.items[i];
  }

  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.count));
  }
}
