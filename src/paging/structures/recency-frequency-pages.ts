/** Fields of a page's record (stride 8 in one Int32Array). */
const QPREV = 0;
const QNEXT = 1;
const FPREV = 2;
const FNEXT = 3;
const FREQ = 4;
/** Queue + 1, 0 for none (a fresh array needs no fill). */
const QUEUE = 5;
const STRIDE = 8;

/** Fields of a frequency's record (stride 4): its list of pages, and the non-empty frequencies linked in increasing order. */
const HEAD = 0;
const TAIL = 1;
const UP = 2;
const DOWN = 3;

/**
 * Cached pages in recency order and in frequency order at once, plus ghost queues, for a policy
 * whose experts are LRU and LFU (LeCaR): dense page ids, one interleaved record per page (its
 * links in a recency queue, its links in its frequency's list, its frequency), so that a hit —
 * move to the back of the recency queue, move up one frequency — reads and writes one record
 * and its neighbours' instead of a word in each of five arrays.
 *
 * - Queues 0 … queues−1 (queue 0 is the cache, the others histories) are doubly linked, front
 *   = oldest; a page is in at most one.
 * - The frequency order holds the pages of queue 0 only: per frequency f ≥ 1 a list in order of
 *   arrival at f (front = earliest), and the non-empty frequencies linked in increasing order —
 *   a page enters at frequency 1, the least possible, and a hit moves it from f to f + 1, next
 *   to f, so keeping that order is O(1); no search, no bitmap.
 *
 * Every operation is O(1) (plus doubling the frequency table, up to the largest frequency
 * reached, at most the number of hits). Memory: 32 bytes a page of the universe, 16 a frequency.
 */
export class RecencyFrequencyPages {
  private readonly node: Int32Array;
  private bucket: Int32Array;
  private readonly lengths: Int32Array;

  /**
   * @param universe pages are dense ids in `[0, universe)`
   * @param queues number of recency queues, 1 to 16 (queue 0: the cached pages)
   */
  constructor(
    /** Pages are below this. */
    readonly universe: number,
    /** Number of recency queues. */
    readonly queues: number,
  ) {
    if (!(Number.isInteger(queues) && queues >= 1 && queues <= 16)) throw new RangeError(`RecencyFrequencyPages: 1 to 16 queues, got ${queues}`);
    // Sentinel of queue j: record universe + j.
    this.node = new Int32Array((universe + queues) * STRIDE);
    for (let j = 0; j < queues; j++) {
      const s = universe + j;
      this.node[s * STRIDE + QPREV] = s;
      this.node[s * STRIDE + QNEXT] = s;
    }
    // Frequency 0 is the sentinel of the frequency order.
    this.bucket = new Int32Array(64 * 4).fill(-1);
    this.bucket[UP] = 0;
    this.bucket[DOWN] = 0;
    this.lengths = new Int32Array(queues);
  }

  /** Queue holding page p, −1 for none. */
  queueOf(p: number): number {
    return this.node[p * STRIDE + QUEUE] - 1;
  }

  /** Number of pages in queue j. */
  length(j: number): number {
    return this.lengths[j];
  }

  /** Oldest page of queue j, −1 when empty. */
  front(j: number): number {
    const s = this.universe + j;
    const f = this.node[s * STRIDE + QNEXT];
    return f === s ? -1 : f;
  }

  /** Frequency of page p in queue 0 (requests since it entered), 0 for a page not in it. */
  frequencyOf(p: number): number {
    return this.node[p * STRIDE + QUEUE] === 1 ? this.node[p * STRIDE + FREQ] : 0;
  }

  /** The page of queue 0 with the lowest frequency, earliest to reach it; −1 when empty. */
  leastFrequent(): number {
    const f = this.bucket[UP];
    return f === 0 ? -1 : this.bucket[f * 4 + HEAD];
  }

  /** Put page p (in no queue) at the back of queue 0 with frequency 1. */
  insert(p: number): void {
    this.pushBack(p, 0);
    const b = this.bucket;
    if (b[4 + HEAD] === -1) {
      // Frequency 1 is the least there is: it goes first.
      const first = b[UP];
      b[4 + UP] = first;
      b[4 + DOWN] = 0;
      b[first * 4 + DOWN] = 1;
      b[UP] = 1;
    }
    this.append(p, 1);
  }

  /** Page p (in queue 0) was requested: back of queue 0, frequency + 1. */
  hit(p: number): void {
    const node = this.node;
    const r = p * STRIDE;
    // Recency: to the back of queue 0, unless already there.
    const s = this.universe * STRIDE;
    const last = node[s + QPREV];
    if (last !== p) {
      const qp = node[r + QPREV];
      const qn = node[r + QNEXT];
      node[qp * STRIDE + QNEXT] = qn;
      node[qn * STRIDE + QPREV] = qp;
      node[last * STRIDE + QNEXT] = p;
      node[r + QPREV] = last;
      node[r + QNEXT] = this.universe;
      node[s + QPREV] = p;
    }
    // Frequency f → f + 1.
    const f = node[r + FREQ];
    const g = f + 1;
    if (g * 4 >= this.bucket.length) this.grow(g);
    const b = this.bucket;
    const fb = f * 4;
    const gb = g * 4;
    const alone = b[fb + HEAD] === p && b[fb + TAIL] === p;
    if (b[gb + HEAD] === -1) {
      if (alone) {
        // Relabel: g takes f's place in the frequency order.
        const down = b[fb + DOWN];
        const up = b[fb + UP];
        b[gb + DOWN] = down;
        b[gb + UP] = up;
        b[down * 4 + UP] = g;
        b[up * 4 + DOWN] = g;
        b[fb + HEAD] = -1;
        b[fb + TAIL] = -1;
        b[gb + HEAD] = p;
        b[gb + TAIL] = p;
        node[r + FREQ] = g;
        return;
      }
      // g goes right above f.
      const up = b[fb + UP];
      b[gb + UP] = up;
      b[gb + DOWN] = f;
      b[up * 4 + DOWN] = g;
      b[fb + UP] = g;
    }
    this.detach(p, f);
    this.append(p, g);
  }

  /** Remove page p from queue 0 and from the frequency order. */
  evict(p: number): void {
    this.detach(p, this.node[p * STRIDE + FREQ]);
    this.remove(p);
  }

  /** Put page p (in no queue) at the back of queue j (for queue 0, {@link RecencyFrequencyPages.insert} also gives it a frequency). */
  pushBack(p: number, j: number): void {
    const node = this.node;
    const s = this.universe + j;
    const last = node[s * STRIDE + QPREV];
    node[last * STRIDE + QNEXT] = p;
    node[p * STRIDE + QPREV] = last;
    node[p * STRIDE + QNEXT] = s;
    node[s * STRIDE + QPREV] = p;
    node[p * STRIDE + QUEUE] = j + 1;
    this.lengths[j]++;
  }

  /** Remove page p from its queue (one of 1 … queues − 1; use {@link RecencyFrequencyPages.evict} for queue 0). */
  remove(p: number): void {
    const node = this.node;
    const r = p * STRIDE;
    const qp = node[r + QPREV];
    const qn = node[r + QNEXT];
    node[qp * STRIDE + QNEXT] = qn;
    node[qn * STRIDE + QPREV] = qp;
    this.lengths[node[r + QUEUE] - 1]--;
    node[r + QUEUE] = 0;
  }

  /** Remove and return the oldest page of queue j ≥ 1, −1 when empty. */
  popFront(j: number): number {
    const p = this.front(j);
    if (p !== -1) this.remove(p);
    return p;
  }

  /** Append p at the back of frequency f's list (f is linked in the frequency order). */
  private append(p: number, f: number): void {
    const node = this.node;
    const b = this.bucket;
    const r = p * STRIDE;
    const last = b[f * 4 + TAIL];
    node[r + FPREV] = last;
    node[r + FNEXT] = -1;
    if (last === -1) b[f * 4 + HEAD] = p;
    else node[last * STRIDE + FNEXT] = p;
    b[f * 4 + TAIL] = p;
    node[r + FREQ] = f;
  }

  /** Unlink p from frequency f's list; unlink f from the order if it empties. */
  private detach(p: number, f: number): void {
    const node = this.node;
    const b = this.bucket;
    const r = p * STRIDE;
    const fp = node[r + FPREV];
    const fn = node[r + FNEXT];
    if (fp === -1) b[f * 4 + HEAD] = fn;
    else node[fp * STRIDE + FNEXT] = fn;
    if (fn === -1) b[f * 4 + TAIL] = fp;
    else node[fn * STRIDE + FPREV] = fp;
    if (b[f * 4 + HEAD] === -1) {
      const down = b[f * 4 + DOWN];
      const up = b[f * 4 + UP];
      b[down * 4 + UP] = up;
      b[up * 4 + DOWN] = down;
    }
  }

  private grow(f: number): void {
    let size = this.bucket.length;
    while (size <= f * 4) size *= 2;
    const bucket = new Int32Array(size).fill(-1);
    bucket.set(this.bucket);
    this.bucket = bucket;
  }
}
