import { checkMaxK, faultsFromHits } from "./lru-curve.ts";

const EMPTY = 0x3fffffff;

/**
 * OPT's (Belady's MIN) fault count at every cache size 1..maxK in one pass: `faults[k − 1]` =
 * faults of Belady with k frames, cold misses included — what `simulate(new Belady(k), requests)`
 * counts, for every k at once.
 *
 * **Why one pass is possible.** OPT is a stack algorithm (Mattson, Gecsei, Slutz & Traiger 1970):
 * each request has an OPT stack distance, the least k at which it hits, and it hits at every
 * larger k; Bilardi, Ekanadham & Pattnaik ("Optimal on-line computation of stack distances for
 * MIN and OPT", CF 2017) show this distance depends on the past requests only. This file computes
 * it from an interval view [D, derived here; checked against per-size Belady on every shared
 * trace and on random traces]: a hit at t on a page last requested at s keeps the page through
 * the open interval (s, t), and a set of such reuses is servable with k frames iff no time lies
 * strictly inside more than k − 1 of them — maximized, as for Belady, by accepting reuses greedily
 * in order of t (the rule behind Hawkeye's OPTgen, Jain & Lin, ISCA 2016; greedy optimality for
 * k-colourable interval subsets, Carlisle & Lloyd 1995). For capacity c = k − 1, reuse (s, t) is
 * accepted iff no earlier time u ∈ (s, t) is full (c accepted intervals strictly around it), i.e.
 * iff the latest full time is ≤ s. Tracking, per c, the latest time of slack ≤ j for j = 0..c
 * gives c + 1 time *markers*; the marker sets of successive c are nested, so they form one stack
 * of markers by level, and each request updates it as follows (with k = level + 1):
 *
 * - the request's OPT stack distance is 1 + the least level holding a marker ≤ s (none: a miss at
 *   every size);
 * - the markers ≤ s form a staircase, newest first with decreasing levels; each staircase marker
 *   takes the level of the next newer one, the newest leaves, marker t − 1 drops from level 0 to
 *   the least level, and t enters at level 0 (a miss or an empty interval only replaces t − 1).
 *
 * Markers live in a min-segment tree over their times (compacted as they die, so its size is
 * O(maxK)), which finds each next staircase marker in O(log maxK). Cost O(n·(1 + m)·log maxK) for
 * staircases of average length m (measured 14 on cache2k web12, about 150 on orm-busy), memory
 * about 56·maxK bytes plus 4·universe — levels at or above maxK are never stored, since markers
 * only move up and no level depends on a higher one.
 *
 * `requests` are dense ids in `[0, universe)`; throws `InputError` unless maxK is a positive
 * integer below 2^30.
 */
export function optFaultCurve(requests: Int32Array, universe: number, maxK: number): Float64Array {
  checkMaxK(maxK);
  const n = requests.length;
  // A page's stack distance is at most the number of distinct pages: more levels add nothing.
  const levels = Math.max(1, Math.min(maxK, universe));
  const stack = new MarkerStack(levels);
  const hits = new Float64Array(levels + 1);
  const last = new Int32Array(universe).fill(-1);
  for (let t = 0; t < n; t++) {
    const p = requests[t];
    const s = last[p];
    last[p] = t;
    let level = -1;
    if (s === t - 1 && s >= 0) level = 0;
    else if (s >= 0) level = stack.accept(s);
    if (level >= 0) hits[level + 1]++;
    if (level <= 0) stack.replaceNewest();
    stack.push(t);
  }
  const faults = faultsFromHits(n, hits, levels);
  if (levels === maxK) return faults;
  const all = new Float64Array(maxK).fill(faults[levels - 1]);
  all.set(faults);
  return all;
}

/**
 * The marker stack of {@link optFaultCurve}: one marker (a request time) per level 0..levels−1,
 * kept in a bottom-up min-segment tree over marker positions (positions ordered by time; the
 * leaf of a live marker holds its level, a dead one {@link EMPTY}). Positions are appended as
 * time goes on and compacted when they run out.
 */
class MarkerStack {
  private size: number;
  private tree: Int32Array;
  private times: Int32Array;
  private used: number;
  private chainPos: Int32Array;
  private chainLevel: Int32Array;

  constructor(private readonly levels: number) {
    let size = 64;
    while (size < 2 * levels + 2) size *= 2;
    this.size = size;
    this.tree = new Int32Array(2 * size).fill(EMPTY);
    this.times = new Int32Array(size);
    // Before the first request every level holds a virtual marker older than any request, the
    // deepest the oldest: level l has time −1 − l at position levels − 1 − l.
    for (let pos = 0; pos < levels; pos++) {
      this.times[pos] = pos - levels;
      this.tree[size + pos] = levels - 1 - pos;
    }
    this.used = levels;
    for (let i = size - 1; i >= 1; i--) this.tree[i] = Math.min(this.tree[2 * i], this.tree[2 * i + 1]);
    this.chainPos = new Int32Array(levels);
    this.chainLevel = new Int32Array(levels);
  }

  /**
   * A reuse of a page last requested at s (< t − 1): its least accepting level (−1 if none), with
   * the staircase update done. The newest marker (t − 1) is the last position.
   */
  accept(s: number): number {
    const tree = this.tree;
    const size = this.size;
    let m = 0;
    let pos = this.lastBelow(this.positionAfter(s), this.levels);
    while (pos >= 0) {
      const level = tree[size + pos];
      this.chainPos[m] = pos;
      this.chainLevel[m] = level;
      m++;
      pos = this.lastBelow(pos, level);
    }
    if (m === 0) return -1;
    this.set(this.chainPos[0], EMPTY);
    for (let j = 1; j < m; j++) this.set(this.chainPos[j], this.chainLevel[j - 1]);
    const least = this.chainLevel[m - 1];
    this.set(this.used - 1, least);
    return least;
  }

  /** Marker t − 1 leaves (a miss at every level, or a hit at level 0 only). */
  replaceNewest(): void {
    this.set(this.used - 1, EMPTY);
  }

  /** Marker t enters at level 0. */
  push(t: number): void {
    if (this.used === this.size) this.compact();
    this.times[this.used] = t;
    this.set(this.used, 0);
    this.used++;
  }

  // First position whose marker time exceeds s (times increase with position).
  private positionAfter(s: number): number {
    const times = this.times;
    let lo = 0;
    let hi = this.used;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // The largest position below `pos` whose marker level is below `level`, or −1.
  private lastBelow(pos: number, level: number): number {
    if (pos <= 0) return -1;
    const tree = this.tree;
    const size = this.size;
    let i = size + pos - 1;
    if (tree[i] < level) return pos - 1;
    for (;;) {
      while ((i & 1) === 0) {
        i >>= 1;
        if (i === 1) return -1;
      }
      i--;
      if (tree[i] < level) break;
    }
    while (i < size) {
      i = 2 * i + 1;
      if (tree[i] >= level) i--;
    }
    return i - size;
  }

  private set(pos: number, value: number): void {
    const tree = this.tree;
    let i = this.size + pos;
    tree[i] = value;
    for (i >>= 1; i >= 1; i >>= 1) {
      const a = tree[2 * i];
      const b = tree[2 * i + 1];
      const least = a < b ? a : b;
      if (tree[i] === least) break;
      tree[i] = least;
    }
  }

  // Move the live markers (exactly one per level) to the front, in time order, and rebuild.
  private compact(): void {
    const tree = this.tree;
    const size = this.size;
    let live = 0;
    for (let pos = 0; pos < this.used; pos++) {
      const level = tree[size + pos];
      if (level === EMPTY) continue;
      this.times[live] = this.times[pos];
      tree[size + live] = level;
      live++;
    }
    tree.fill(EMPTY, size + live, 2 * size);
    for (let i = size - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
    this.used = live;
  }
}
