import { InputError } from "../errors.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import { BRUTE_FORCE_MAX_PAGES } from "./brute-force-opt.ts";
import { popcount } from "./page-masks.ts";

/** Most (time, cache set) states {@link ScheduleGraph} accepts: n · Σ_{j≤k} C(u, j) is checked first. */
export const SCHEDULE_GRAPH_MAX_STATES = 1 << 22;

const INF = 0x3fffffff;

/**
 * Every lazy demand-paging schedule of a request sequence at once: layer t holds the cache sets
 * (bitmasks over the pages) some schedule can be in after t requests, with the fewest faults to
 * reach each (`forward`) and the fewest faults from it to the end (`backward`). A transition
 * from set S at time t to S′ at t+1 lies on an *optimal* schedule iff
 * `forward[t](S) + fault + backward[t+1](S′) = OPT` — so the optimal schedules are exactly the
 * paths of such transitions, and checking every such transition checks every optimal schedule
 * without listing them (there can be exponentially many).
 *
 * Model as in `OptFrontier`: cache of k pages, initially empty; a request to a resident page
 * costs 0 and changes nothing; any other costs 1, loads the page and, when the cache is full,
 * evicts exactly one resident page (any of them). At most {@link BRUTE_FORCE_MAX_PAGES} pages.
 */
export class ScheduleGraph {
  /** `layers[t]` = the reachable cache sets after t requests. */
  readonly layers: Int32Array[] = [];
  /** `forward[t][i]` = fewest faults to reach `layers[t][i]`. */
  readonly forward: Int32Array[] = [];
  /** `backward[t][i]` = fewest faults from `layers[t][i]` to the end of σ. */
  readonly backward: Int32Array[];
  /** The optimum: fewest faults over all schedules. */
  readonly opt: number;
  private readonly index: Int32Array;

  constructor(
    /** The requests, dense page ids in `[0, pages)`. */
    readonly requests: Int32Array,
    /** Cache size. */
    readonly k: number,
    /** Number of pages (≤ {@link BRUTE_FORCE_MAX_PAGES}). */
    readonly pages: number,
  ) {
    checkCacheSize(k);
    if (!Number.isInteger(pages) || pages < 1 || pages > BRUTE_FORCE_MAX_PAGES) {
      throw new InputError(`the schedule graph handles 1 to ${BRUTE_FORCE_MAX_PAGES} distinct pages, got ${pages}`);
    }
    const n = requests.length;
    let perLayer = 0;
    let binom = 1;
    for (let j = 0; j <= Math.min(k, pages); j++) {
      perLayer += binom;
      binom = (binom * (pages - j)) / (j + 1);
    }
    if ((n + 1) * perLayer > SCHEDULE_GRAPH_MAX_STATES) {
      throw new InputError(
        `every schedule of ${n} requests over ${pages} pages with k = ${k} may need ${(n + 1) * perLayer} states, ` +
          `over the limit of ${SCHEDULE_GRAPH_MAX_STATES}; use a shorter sequence, fewer pages or Belady's schedule`,
      );
    }
    for (let t = 0; t < n; t++) {
      if (!(requests[t] >= 0 && requests[t] < pages)) throw new InputError(`request ${t}: page ${requests[t]} is outside [0, ${pages})`);
    }
    this.index = new Int32Array(1 << pages).fill(-1);
    this.layers.push(Int32Array.of(0));
    this.forward.push(Int32Array.of(0));
    for (let t = 0; t < n; t++) this.grow(t);
    this.backward = new Array<Int32Array>(n + 1);
    this.backward[n] = new Int32Array(this.layers[n].length);
    for (let t = n - 1; t >= 0; t--) this.back(t);
    this.opt = Math.min(...this.forward[n]);
  }

  /** Call `visit(next, fault)` for every successor of cache set `mask` when request t is served. */
  successors(t: number, mask: number, visit: (next: number, fault: 0 | 1) => void): void {
    const bit = 1 << this.requests[t];
    if ((mask & bit) !== 0) return visit(mask, 0);
    if (popcount(mask) < this.k) return visit(mask | bit, 1);
    for (let rest = mask; rest !== 0; rest &= rest - 1) visit((mask ^ (rest & -rest)) | bit, 1);
  }

  /** Position of cache set `mask` in layer t, or −1 when no schedule reaches it. */
  indexIn(t: number, mask: number): number {
    const layer = this.layers[t];
    // Layers are sorted, so a binary search finds a set without a per-layer table.
    let lo = 0;
    let hi = layer.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (layer[mid] === mask) return mid;
      if (layer[mid] < mask) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private grow(t: number): void {
    const from = this.layers[t];
    const cost = this.forward[t];
    const next: number[] = [];
    const best: number[] = [];
    for (let i = 0; i < from.length; i++) {
      this.successors(t, from[i], (m, fault) => {
        let j = this.index[m];
        if (j < 0) {
          j = this.index[m] = next.length;
          next.push(m);
          best.push(INF);
        }
        if (cost[i] + fault < best[j]) best[j] = cost[i] + fault;
      });
    }
    for (const m of next) this.index[m] = -1;
    const order = next.map((_, j) => j).sort((a, b) => next[a] - next[b]);
    this.layers.push(Int32Array.from(order, (j) => next[j]));
    this.forward.push(Int32Array.from(order, (j) => best[j]));
  }

  private back(t: number): void {
    const layer = this.layers[t];
    const later = this.backward[t + 1];
    const out = new Int32Array(layer.length);
    for (let i = 0; i < layer.length; i++) {
      let b = INF;
      this.successors(t, layer[i], (m, fault) => {
        const v = fault + later[this.indexIn(t + 1, m)];
        if (v < b) b = v;
      });
      out[i] = b;
    }
    this.backward[t] = out;
  }
}
