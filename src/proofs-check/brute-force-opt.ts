import { InputError } from "../errors.ts";
import { checkCacheSize } from "../paging/core/cache.ts";

/** Largest number of distinct pages the exhaustive search accepts (cache sets are bitmasks). */
export const BRUTE_FORCE_MAX_PAGES = 16;

const INF = 0x3fffffff;

/**
 * The exact offline optimum of demand paging, computed by exhaustive search over every eviction
 * choice — a dynamic program over the states (t, cache set), the cache set as a bitmask over
 * the distinct pages. It shares no code or idea with Belady's rule (no next-use times, no
 * furthest-in-future choice), which is why tests can use it to check `Belady`.
 *
 * Push requests one at a time; after each push {@link OptFrontier.opt} is the optimum of the
 * prefix pushed so far (the minimum over all cache sets of the cheapest way to reach them —
 * the work function). {@link OptFrontier.pop} undoes the last push, so a depth-first search over
 * request sequences (see `worst-case.ts`) pays O(reachable states · k) per node instead of
 * re-solving every prefix.
 *
 * Model: cache of k pages, initially empty; a request to a page not in the cache costs 1 and
 * loads it, evicting exactly one page when the cache is full (lazy demand paging — no loss of
 * generality: any schedule can be made lazy without extra cost, Borodin & El-Yaniv ch. 3).
 */
export class OptFrontier {
  /** Pages are `0..pages-1`; must not exceed {@link BRUTE_FORCE_MAX_PAGES}. */
  readonly pages: number;
  // layer d = states after d requests: cost[d][mask] (INF = unreachable), the reachable masks
  // listed in active[d][0..activeCount[d]), and parent[d][mask] = the mask it came from.
  private readonly cost: Int32Array[] = [];
  private readonly parent: Int32Array[] = [];
  private readonly active: Int32Array[] = [];
  private readonly activeCount: number[] = [];
  private readonly optAt: number[] = [];
  private readonly requestAt: number[] = [];
  private readonly popcount: Uint8Array;

  constructor(
    /** Cache size. */
    readonly k: number,
    pages: number,
  ) {
    checkCacheSize(k);
    if (!Number.isInteger(pages) || pages < 0 || pages > BRUTE_FORCE_MAX_PAGES) {
      throw new InputError(`exhaustive OPT handles at most ${BRUTE_FORCE_MAX_PAGES} distinct pages, got ${pages}`);
    }
    this.pages = pages;
    const size = 1 << pages;
    this.popcount = new Uint8Array(size);
    for (let m = 1; m < size; m++) this.popcount[m] = this.popcount[m >> 1] + (m & 1);
    this.addLayer();
    this.cost[0][0] = 0;
    this.active[0][0] = 0;
    this.activeCount[0] = 1;
    this.optAt.push(0);
  }

  /** Number of requests pushed. */
  get length(): number {
    return this.optAt.length - 1;
  }

  /** The optimum (minimum number of faults) of the requests pushed so far. */
  get opt(): number {
    return this.optAt[this.optAt.length - 1];
  }

  /** The optimum of the first `t` pushed requests (0 ≤ t ≤ length). */
  optOfPrefix(t: number): number {
    return this.optAt[t];
  }

  private addLayer(): void {
    const size = 1 << this.pages;
    this.cost.push(new Int32Array(size).fill(INF));
    this.parent.push(new Int32Array(size).fill(-1));
    // Reachable sets hold at most k pages: at most Σ_{j≤k} C(pages, j) ≤ 2^pages of them.
    this.active.push(new Int32Array(size));
    this.activeCount.push(0);
  }

  /** Serve a request to `page` in every way and keep the cheapest per cache set; returns the new optimum. */
  push(page: number): number {
    if (!Number.isInteger(page) || page < 0 || page >= this.pages) {
      throw new InputError(`page ${page} is outside the ${this.pages} pages of this exhaustive search`);
    }
    const d = this.length;
    if (this.cost.length === d + 1) this.addLayer();
    const from = this.cost[d];
    const to = this.cost[d + 1];
    const parent = this.parent[d + 1];
    const src = this.active[d];
    const dst = this.active[d + 1];
    let count = 0;
    const bit = 1 << page;
    const k = this.k;
    const active = this.activeCount[d];
    for (let i = 0; i < active; i++) {
      const mask = src[i];
      const c = from[mask];
      // Successor states: a hit keeps the set; a fault with room adds the page; a fault with a
      // full cache tries every resident page as the victim. Relax each one inline.
      let rest = 0;
      let next = mask;
      let cost = c;
      if ((mask & bit) === 0) {
        cost = c + 1;
        if (this.popcount[mask] < k) next = mask | bit;
        else {
          rest = mask;
          const victim = rest & -rest;
          rest &= rest - 1;
          next = (mask ^ victim) | bit;
        }
      }
      for (;;) {
        const old = to[next];
        if (old === INF) dst[count++] = next;
        if (cost < old) {
          to[next] = cost;
          parent[next] = mask;
        }
        if (rest === 0) break;
        const victim = rest & -rest;
        rest &= rest - 1;
        next = (mask ^ victim) | bit;
      }
    }
    this.activeCount[d + 1] = count;
    let best = INF;
    for (let i = 0; i < count; i++) if (to[dst[i]] < best) best = to[dst[i]];
    this.optAt.push(best);
    this.requestAt.push(page);
    return best;
  }

  /** The requests pushed so far. */
  requests(): Int32Array {
    return Int32Array.from(this.requestAt);
  }

  /** Undo the last push. */
  pop(): void {
    const d = this.length;
    if (d === 0) throw new Error("OptFrontier.pop on an empty sequence");
    const to = this.cost[d];
    const parent = this.parent[d];
    const dst = this.active[d];
    for (let i = 0; i < this.activeCount[d]; i++) {
      to[dst[i]] = INF;
      parent[dst[i]] = -1;
    }
    this.activeCount[d] = 0;
    this.optAt.pop();
    this.requestAt.pop();
  }

  /**
   * One optimal schedule for the pushed requests: `evictions[t]` = page evicted while serving
   * request t, or -1 when none was.
   */
  schedule(): Int32Array {
    const n = this.length;
    const out = new Int32Array(n).fill(-1);
    let mask = -1;
    let best = INF;
    for (let i = 0; i < this.activeCount[n]; i++) {
      const m = this.active[n][i];
      if (this.cost[n][m] < best) {
        best = this.cost[n][m];
        mask = m;
      }
    }
    for (let d = n; d > 0; d--) {
      const prev = this.parent[d][mask];
      const gone = prev & ~mask;
      if (gone !== 0) out[d - 1] = 31 - Math.clz32(gone);
      mask = prev;
    }
    return out;
  }
}

/** Result of {@link bruteForceOpt}. */
export interface BruteForceOptResult {
  /** Minimum number of faults (cold misses included). */
  readonly cost: number;
  /** One optimal schedule: `evictions[t]` = original page id evicted at request t, or -1. */
  readonly evictions: Int32Array;
}

/**
 * The exact optimum of `requests` with a cache of k pages, by exhaustive search over eviction
 * choices ({@link OptFrontier}). Independent of Belady's algorithm. Page ids may be any
 * non-negative integers; at most {@link BRUTE_FORCE_MAX_PAGES} distinct ones. Time
 * O(n · Σ_{j≤k} C(d, j) · k) for d distinct pages — meant for k ≤ 4 and n ≲ 20.
 */
export function bruteForceOpt(requests: ArrayLike<number>, k: number): BruteForceOptResult {
  // Relabel densely so the bitmasks only span the pages actually requested.
  const ids = new Map<number, number>();
  const original: number[] = [];
  const dense = new Int32Array(requests.length);
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (!Number.isSafeInteger(p) || p < 0) throw new InputError(`request ${t}: page id ${p} is not a non-negative integer`);
    let id = ids.get(p);
    if (id === undefined) {
      id = ids.size;
      ids.set(p, id);
      original.push(p);
    }
    dense[t] = id;
  }
  const frontier = new OptFrontier(k, ids.size);
  for (let t = 0; t < dense.length; t++) frontier.push(dense[t]);
  const schedule = frontier.schedule();
  const evictions = schedule.map((q) => (q < 0 ? -1 : original[q]));
  return { cost: frontier.opt, evictions };
}
