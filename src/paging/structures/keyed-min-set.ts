import { KeyedHeap } from "./keyed-heap.ts";

/**
 * Largest capacity kept as a scanned array; larger sets use a heap. The lazy combiners add and
 * delete at every part fault but scan only at their own faults, over sets that are mostly small
 * (own cache ∖ the followed part's): measured faster than the heap at k = 10 and k = 100 (Citi
 * Bike, ~15%) and even at k = 1000 on orm-busy — but a set can hold k pages after a switch,
 * so above this limit the heap keeps O(log k).
 */
export const KEYED_SCAN_CAPACITY = 128;

/**
 * A set of dense ids that finds the member with the smallest (`keys[id]`, id) — the lazy
 * combiners' "own page the followed part lacks, least recently used" — by a scanned array at
 * small capacity and a {@link KeyedHeap} above {@link KEYED_SCAN_CAPACITY}. The same answers
 * either way (the order is total: ids are distinct).
 *
 * - capacity ≤ {@link KEYED_SCAN_CAPACITY}: members unordered in an array; add, delete and
 *   has are O(1), min scans the members, O(size).
 * - larger: O(log size) add and delete, O(1) min.
 *
 * The keys of members must not change while they are in the set. No allocation after
 * construction; `clear` is O(size).
 */
export class KeyedMinSet {
  private readonly heap: KeyedHeap | null;
  private readonly items: Int32Array;
  /** Index of each member in `items`, −1 for non-members (scan representation). */
  private readonly pos: Int32Array;
  private count = 0;

  /**
   * @param keys key of each id, read when the minimum is asked (and at every heap comparison)
   * @param universe ids are in `[0, universe)`
   * @param capacity most members at once
   * @param scan force the representation (default: scan iff capacity ≤
   *   {@link KEYED_SCAN_CAPACITY}); for tests and measurements
   */
  constructor(
    private readonly keys: Int32Array,
    /** Ids are below this. */
    readonly universe: number,
    /** Most members at once. */
    readonly capacity: number,
    scan = capacity <= KEYED_SCAN_CAPACITY,
  ) {
    this.heap = scan ? null : new KeyedHeap(keys, universe, capacity);
    this.items = new Int32Array(scan ? capacity : 0);
    this.pos = new Int32Array(scan ? universe : 0).fill(-1);
  }

  /** Which representation the capacity chose. */
  get representation(): "scan" | "heap" {
    return this.heap === null ? "scan" : "heap";
  }

  /** Number of members. */
  get size(): number {
    return this.heap === null ? this.count : this.heap.size;
  }

  /** Whether id is a member. */
  has(id: number): boolean {
    return this.heap === null ? this.pos[id] !== -1 : this.heap.has(id);
  }

  /** The member with the smallest (key, id), −1 when empty. */
  min(): number {
    if (this.heap !== null) return this.heap.min();
    const n = this.count;
    if (n === 0) return -1;
    const items = this.items;
    const keys = this.keys;
    let best = items[0];
    let bestKey = keys[best];
    for (let i = 1; i < n; i++) {
      const id = items[i];
      const key = keys[id];
      if (key < bestKey || (key === bestKey && id < best)) {
        best = id;
        bestKey = key;
      }
    }
    return best;
  }

  /** Add a non-member. */
  add(id: number): void {
    if (this.heap !== null) {
      this.heap.add(id);
      return;
    }
    const i = this.count++;
    this.items[i] = id;
    this.pos[id] = i;
  }

  /** Remove a member. */
  delete(id: number): void {
    if (this.heap !== null) {
      this.heap.delete(id);
      return;
    }
    const i = this.pos[id];
    this.pos[id] = -1;
    const last = --this.count;
    if (i === last) return;
    const moved = this.items[last];
    this.items[i] = moved;
    this.pos[moved] = i;
  }

  /** Remove every member: O(size). */
  clear(): void {
    if (this.heap !== null) {
      this.heap.clear();
      return;
    }
    for (let i = 0; i < this.count; i++) this.pos[this.items[i]] = -1;
    this.count = 0;
  }
}
