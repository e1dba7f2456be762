/**
 * Several LRU-ordered lists over the same dense ids `0..universe-1` (segments of one cache, or a
 * cache and its ghost histories), in typed arrays: each id is in at most one list, its list is
 * known in O(1), and push, remove, move-to-back and pop-front are O(1) with no allocation.
 * Ordering is "front = oldest" in every list, as in `IntList`.
 */
export class SegmentLists {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** List of each id, -1 for none. */
  private readonly owner: Int8Array;
  private readonly sizes: Int32Array;

  /**
   * @param universe ids are `0..universe-1`
   * @param lists number of lists, 1 to 127; list j's sentinel is id `universe + j`
   */
  constructor(
    /** Number of dense ids. */
    readonly universe: number,
    /** Number of lists. */
    readonly lists: number,
  ) {
    if (!(Number.isInteger(lists) && lists >= 1 && lists <= 127)) throw new RangeError(`SegmentLists: 1 to 127 lists, got ${lists}`);
    this.prev = new Int32Array(universe + lists);
    this.next = new Int32Array(universe + lists);
    this.owner = new Int8Array(universe).fill(-1);
    this.sizes = new Int32Array(lists);
    for (let j = 0; j < lists; j++) {
      this.prev[universe + j] = universe + j;
      this.next[universe + j] = universe + j;
    }
  }

  /** The list holding id, or -1. */
  listOf(id: number): number {
    return this.owner[id];
  }

  /** Number of ids in list j. */
  size(list: number): number {
    return this.sizes[list];
  }

  /** Append id, which must be in no list, at the back (newest end) of list j. */
  pushBack(id: number, list: number): void {
    const s = this.universe + list;
    const last = this.prev[s];
    this.next[last] = id;
    this.prev[id] = last;
    this.next[id] = s;
    this.prev[s] = id;
    this.owner[id] = list;
    this.sizes[list]++;
  }

  /** Remove id from its list (it must be in one). */
  remove(id: number): void {
    const p = this.prev[id];
    const n = this.next[id];
    this.next[p] = n;
    this.prev[n] = p;
    this.sizes[this.owner[id]]--;
    this.owner[id] = -1;
  }

  /** Move id, which must be in some list, to the back of list j (its own or another). */
  moveToBack(id: number, list: number): void {
    const s = this.universe + list;
    const last = this.prev[s];
    if (last === id) return;
    const from = this.owner[id];
    const p = this.prev[id];
    const n = this.next[id];
    this.next[p] = n;
    this.prev[n] = p;
    this.next[last] = id;
    this.prev[id] = last;
    this.next[id] = s;
    this.prev[s] = id;
    if (from !== list) {
      this.sizes[from]--;
      this.sizes[list]++;
      this.owner[id] = list;
    }
  }

  /** The front (oldest) id of list j, or -1 when it is empty. */
  front(list: number): number {
    const s = this.universe + list;
    const f = this.next[s];
    return f === s ? -1 : f;
  }

  /** Remove and return the front id of list j, or -1 when it is empty. */
  popFront(list: number): number {
    const f = this.front(list);
    if (f !== -1) this.remove(f);
    return f;
  }

  /** Ids of list j, front to back. */
  toArray(list: number): number[] {
    const s = this.universe + list;
    const out: number[] = [];
    for (let id = this.next[s]; id !== s; id = this.next[id]) out.push(id);
    return out;
  }
}
