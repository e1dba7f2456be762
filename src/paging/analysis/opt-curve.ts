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
 * O(maxK)), which finds each next staircase marker in O(log maxK) and raises it to its new level
 * touching only the ancestors whose minimum it was; each page keeps the tree position just after
 * its latest request, so a reuse starts its staircase without a search over times [D: positions
 * below it hold exactly the markers ≤ s, and compaction keeps that boundary by mapping it to the
 * count of live positions below it]. Cost
 * O(n·(1 + m)·log maxK) for staircases of average length m (measured 14 on cache2k web12, 166 on
 * orm-busy). In practice the per-marker work is far below log maxK: on orm-busy consecutive
 * staircase markers lie about 11 positions apart (166 markers over ~1,900 positions), so 94% of
 * them are found among the 8 leaves just below the previous one, and a raise climbs about 2.7
 * nodes. Memory at most about 48·maxK bytes plus 4·universe — levels at or above maxK are never
 * stored, since markers only move up and no level depends on a higher one.
 *
 * `requests` are dense ids in `[0, universe)`; throws `InputError` unless maxK is a positive
 * integer below 2^30.
 */
export function optFaultCurve(requests: Int32Array, universe: number, maxK: number): Float64Array {
  checkMaxK(maxK);
  const n = requests.length;
  // A page's stack distance is at most the number of distinct pages: more levels add nothing.
  const levels = Math.max(1, Math.min(maxK, universe));
  const stack = new MarkerStack(levels, universe);
  const after = stack.after;
  const hits = new Float64Array(levels + 1);
  for (let t = 0; t < n; t++) {
    const p = requests[t];
    const a = after[p];
    let level = -1;
    if (a === stack.used) level = 0;
    else if (a >= 0) level = stack.accept(a);
    if (level >= 0) hits[level + 1]++;
    if (level <= 0) stack.replaceNewest();
    stack.push();
    after[p] = stack.used;
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
 * time goes on and compacted when they run out. Instead of times it keeps, per page, the
 * position just after its latest request (`after`, −1 before the first), remapped on compaction,
 * so that finding a reuse's markers needs no search over times.
 */
class MarkerStack {
  readonly after: Int32Array;
  used: number;
  private readonly size: number;
  private readonly tree: Int32Array;
  private readonly remap: Int32Array;

  constructor(levels: number, universe: number) {
    let size = 64;
    while (size < 2 * levels + 2) size *= 2;
    this.size = size;
    this.tree = new Int32Array(2 * size).fill(EMPTY);
    // Before the first request every level holds a virtual marker older than any request, the
    // deepest the oldest: level l at position levels − 1 − l.
    for (let pos = 0; pos < levels; pos++) this.tree[size + pos] = levels - 1 - pos;
    this.used = levels;
    for (let i = size - 1; i >= 1; i--) this.tree[i] = Math.min(this.tree[2 * i], this.tree[2 * i + 1]);
    this.after = new Int32Array(universe).fill(-1);
    this.remap = new Int32Array(size + 1);
  }

  /**
   * A reuse of a page whose latest request lies just before position `a` (< used: not t − 1): its
   * least accepting level (−1 if none), with the staircase update done. Each staircase marker is
   * raised to its new level (the previous one's; {@link EMPTY} for the newest, which leaves) as
   * soon as it is found: the search for the next looks only at positions below it, whose subtrees
   * the raise does not touch, and raising newest first keeps the live levels distinct, which the
   * raise relies on. Search and raise are written out in this one loop: as separate calls the
   * whole pass took about 25% more CPU on orm-busy.
   */
  accept(a: number): number {
    const tree = this.tree;
    const size = this.size;
    let level = EMPTY;
    // Leaves at or below i are still to search; leaf index = size + position.
    let i = size + a - 1;
    search: for (;;) {
      // The next staircase marker is usually within a few positions: scan 8 leaves first.
      const stop = i - 7 > size ? i - 7 : size;
      let found = -1;
      for (; i >= stop; i--) {
        if (tree[i] < level) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        // Climb to the nearest subtree left of the scanned leaves holding a level below `level`,
        // then descend to its rightmost such leaf.
        i = stop;
        if (i <= size) break;
        for (;;) {
          while ((i & 1) === 0) {
            i >>= 1;
            if (i === 1) break search;
          }
          i--;
          if (tree[i] < level) break;
        }
        while (i < size) {
          i = 2 * i + 1;
          if (tree[i] >= level) i--;
        }
        found = i;
      }
      // Raise: the minimum changes only in the ancestors whose minimum the old level was, and
      // live levels are distinct, so those hold exactly `old`.
      const old = tree[found];
      tree[found] = level;
      let least = level;
      for (let j = found; j > 1; j >>= 1) {
        const parent = j >> 1;
        if (tree[parent] !== old) break;
        const sibling = tree[j ^ 1];
        if (sibling < least) least = sibling;
        tree[parent] = least;
      }
      level = old;
      i = found - 1;
    }
    if (level === EMPTY) return -1;
    this.raise(this.used - 1, 0, level);
    return level;
  }

  /** Marker t − 1 leaves (a miss at every level, or a hit at level 0 only). */
  replaceNewest(): void {
    this.raise(this.used - 1, 0, EMPTY);
  }

  /** Marker t enters at level 0 (no live marker is at level 0 when this is called). */
  push(): void {
    if (this.used === this.size) this.compact();
    const tree = this.tree;
    for (let i = this.size + this.used; i >= 1; i >>= 1) tree[i] = 0;
    this.used++;
  }

  // Raise the live marker at `pos` from level `old` to `value`: the minimum changes only in the
  // ancestors whose minimum it was, and live levels are distinct, so those hold exactly `old`.
  private raise(pos: number, old: number, value: number): void {
    const tree = this.tree;
    let i = this.size + pos;
    tree[i] = value;
    let least = value;
    for (; i > 1; i >>= 1) {
      const parent = i >> 1;
      if (tree[parent] !== old) return;
      const sibling = tree[i ^ 1];
      if (sibling < least) least = sibling;
      tree[parent] = least;
    }
  }

  // Move the live markers (exactly one per level) to the front, in time order, rebuild, and map
  // each page's position-after to the number of live positions below it (the same boundary).
  private compact(): void {
    const tree = this.tree;
    const size = this.size;
    const remap = this.remap;
    let live = 0;
    for (let pos = 0; pos < this.used; pos++) {
      remap[pos] = live;
      const level = tree[size + pos];
      if (level === EMPTY) continue;
      tree[size + live] = level;
      live++;
    }
    remap[this.used] = live;
    tree.fill(EMPTY, size + live, 2 * size);
    for (let i = size - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
    const after = this.after;
    for (let p = 0; p < after.length; p++) if (after[p] >= 0) after[p] = remap[after[p]];
    this.used = live;
  }
}
