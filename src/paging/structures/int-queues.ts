/**
 * Several intrusive doubly linked queues over the same dense ids `0..universe-1`, in typed
 * arrays, with each queue's length and each id's queue: O(1) push, remove, move (within or
 * across queues) and pop, no allocation after construction. Ordering is "front = oldest" in
 * every queue; an id is in at most one queue. The multi-queue policies (ARC's T1/T2/B1/B2, 2Q's
 * A1in/A1out/Am, SLRU's segments) keep resident and ghost pages here.
 */
export class IntQueues {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Queue of each id, −1 when in none. */
  private readonly owner: Int8Array;
  private readonly lengths: Int32Array;

  /**
   * @param universe ids are `0..universe-1`
   * @param queues number of queues, 1 to 127; queue j's sentinel is id `universe + j`
   */
  constructor(
    /** Ids are dense below this. */
    readonly universe: number,
    /** Number of queues. */
    readonly queues: number,
  ) {
    if (!(Number.isInteger(queues) && queues >= 1 && queues <= 127)) throw new RangeError(`IntQueues: 1 to 127 queues, got ${queues}`);
    this.prev = new Int32Array(universe + queues);
    this.next = new Int32Array(universe + queues);
    this.owner = new Int8Array(universe).fill(-1);
    this.lengths = new Int32Array(queues);
    for (let j = 0; j < queues; j++) {
      this.prev[universe + j] = universe + j;
      this.next[universe + j] = universe + j;
    }
  }

  /** The queue holding id, or −1. */
  queueOf(id: number): number {
    return this.owner[id];
  }

  /** Number of ids in queue j. */
  length(j: number): number {
    return this.lengths[j];
  }

  /** The front (oldest) id of queue j, or −1 when it is empty. */
  front(j: number): number {
    const s = this.universe + j;
    const f = this.next[s];
    return f === s ? -1 : f;
  }

  /** Append id, which must be in no queue, at the back of queue j. */
  pushBack(id: number, j: number): void {
    const s = this.universe + j;
    const last = this.prev[s];
    this.next[last] = id;
    this.prev[id] = last;
    this.next[id] = s;
    this.prev[s] = id;
    this.owner[id] = j;
    this.lengths[j]++;
  }

  /** Remove id, which must be in a queue. */
  remove(id: number): void {
    const p = this.prev[id];
    const n = this.next[id];
    this.next[p] = n;
    this.prev[n] = p;
    this.lengths[this.owner[id]]--;
    this.owner[id] = -1;
  }

  /** Move id, which must be in some queue, to the back of queue j (its own or another). */
  moveToBack(id: number, j: number): void {
    this.remove(id);
    this.pushBack(id, j);
  }

  /** Remove and return the front id of queue j, or −1 when it is empty. */
  popFront(j: number): number {
    const f = this.front(j);
    if (f !== -1) this.remove(f);
    return f;
  }

  /** Ids of queue j, front to back (tests and debugging). */
  toArray(j: number): number[] {
    const s = this.universe + j;
    const out: number[] = [];
    for (let id = this.next[s]; id !== s; id = this.next[id]) out.push(id);
    return out;
  }
}
