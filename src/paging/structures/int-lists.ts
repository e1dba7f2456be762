/**
 * Several intrusive doubly linked lists over the same dense ids `0..universe-1`, sharing one pair
 * of typed arrays: each id is in at most one list, and moving an id to the back of any list
 * (its own or another) is O(1) with no allocation. Ordering is "front = oldest" in every list.
 * One pair of arrays instead of one per list keeps a policy that sorts pages by a label (EVICT /
 * KEEP) as compact in memory as a single recency list.
 */
export class IntLists {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /**
   * @param universe ids are `0..universe-1`
   * @param lists number of lists (at least 1); list j's sentinel is id `universe + j`
   */
  constructor(
    readonly universe: number,
    readonly lists: number,
  ) {
    if (!(Number.isInteger(lists) && lists >= 1)) throw new RangeError(`IntLists: need at least one list, got ${lists}`);
    this.prev = new Int32Array(universe + lists).fill(-1);
    this.next = new Int32Array(universe + lists).fill(-1);
    for (let j = 0; j < lists; j++) {
      this.prev[universe + j] = universe + j;
      this.next[universe + j] = universe + j;
    }
  }

  /** Whether list j is empty. */
  isEmpty(list: number): boolean {
    const s = this.universe + list;
    return this.next[s] === s;
  }

  /** Append id, which must be in no list, at the back of list j. */
  pushBack(id: number, list: number): void {
    const s = this.universe + list;
    const last = this.prev[s];
    this.next[last] = id;
    this.prev[id] = last;
    this.next[id] = s;
    this.prev[s] = id;
  }

  /** Move id, which must be in some list, to the back of list j (its own or another). */
  moveToBack(id: number, list: number): void {
    const s = this.universe + list;
    if (this.prev[s] === id) return; // already last of list j
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

  /** Remove and return the front id of list j, or -1 when it is empty. */
  popFront(list: number): number {
    const s = this.universe + list;
    const f = this.next[s];
    if (f === s) return -1;
    const n = this.next[f];
    this.next[s] = n;
    this.prev[n] = s;
    this.next[f] = -1;
    this.prev[f] = -1;
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
