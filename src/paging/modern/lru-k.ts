import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { LazyMinHeap } from "../structures/lazy-min-heap.ts";
import { numberParam } from "./params.ts";

/** Largest K accepted (the history costs K integers per page of the universe). */
export const LRU_K_MAX = 64;
/** Most history entries (universe × K) allocated, 1 GiB of Int32. */
const MAX_HISTORY = 2 ** 28;

/**
 * LRU-K (O'Neil, O'Neil & Weikum, "The LRU-K Page Replacement Algorithm for Database Disk
 * Buffering", SIGMOD'93): evicts the resident page whose K-th most recent request is oldest —
 * the largest backward K-distance, infinite for a page with fewer than K requests on record;
 * ties (several infinite) go to the page whose last request is oldest, i.e. LRU as the
 * subsidiary policy. K = 1 is LRU. The request history of a page is retained after it is
 * evicted (the paper's HIST), for `rip` requests after its last request (the Retained
 * Information Period; default forever), so a page coming back may at once have a finite
 * K-distance. The Correlated Reference Period is 0: every request counts.
 *
 * Not in libCacheSim (its `cpp/LRU_K.cpp` is empty at the pinned commit), so this follows the
 * paper; the tests check it against a naive O(k)-scan reference implementation of the same rule.
 *
 * Competitiveness: LRU-K is optimal among rules that know the last K request times under the
 * independent reference model (O'Neil, O'Neil & Weikum, J. ACM 46(1), 1999 — a probabilistic
 * statement, recalled, UNVERIFIED); no competitive bound for K ≥ 2 is known to us. O(1) per
 * hit on average and O(log k) per miss (lazy binary heap over resident pages) and K integers of history per page.
 */
export class LruK implements Policy {
  private heap!: LazyMinHeap;
  /** hist[p·K + i]: time of page p's (i+1)-th most recent request, −1 for none. */
  private hist!: Int32Array;
  private cache!: CacheState;

  /**
   * @param k cache size
   * @param depth K ≥ 1, the request depth (default 2)
   * @param rip retained information period in requests (default Infinity: history kept forever)
   */
  constructor(
    readonly k: number,
    readonly depth = 2,
    readonly rip = Infinity,
  ) {}

  reset(ctx: RunContext): void {
    if (ctx.universe * this.depth > MAX_HISTORY) {
      throw new InputError(`lru-k: a history of K = ${this.depth} for ${ctx.universe} pages exceeds ${MAX_HISTORY} entries; lower k`);
    }
    this.cache = ctx.cache;
    this.heap = new LazyMinHeap(ctx.universe, Math.min(this.k, ctx.universe));
    this.hist = new Int32Array(ctx.universe * this.depth).fill(-1);
  }

  onHit(page: number, t: number): void {
    this.record(page, t);
    this.enter(page);
  }

  makeRoom(): void {
    this.cache.evict(this.heap.pop());
  }

  onInsert(page: number, t: number): void {
    const base = page * this.depth;
    const last = this.hist[base];
    if (last !== -1 && t - last > this.rip) this.hist.fill(-1, base, base + this.depth);
    this.record(page, t);
    this.enter(page);
  }

  private record(page: number, t: number): void {
    const hist = this.hist;
    const base = page * this.depth;
    for (let i = base + this.depth - 1; i > base; i--) hist[i] = hist[i - 1];
    hist[base] = t;
  }

  // Min-heap on (HIST_K, HIST_1): "none" (−1) first, then the oldest K-th request; HIST_1 (the
  // request time) is unique, as the lazy heap needs.
  private enter(page: number): void {
    const base = page * this.depth;
    this.heap.push(page, this.hist[base + this.depth - 1], this.hist[base]);
  }
}

/** Registry entry of {@link LruK}. */
export const lruKInfo: PolicyInfo = {
  name: "lru-k",
  family: "modern",
  summary: "evict the page whose K-th last request is oldest (O'Neil, O'Neil & Weikum, SIGMOD'93; K = 2; no known bound); from the paper",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    k: `K, the request depth (LRU-K's K, not the cache size), 1 to ${LRU_K_MAX} (default 2; K = 1 is LRU)`,
    rip: "retained information period: history of a page is forgotten this many requests after its last one (default: kept forever)",
  },
  create: (k, o) =>
    new LruK(
      k,
      numberParam("lru-k", o.params, "k", 2, { min: 1, max: LRU_K_MAX, integer: true }),
      numberParam("lru-k", o.params, "rip", Infinity, { min: 0, integer: true }),
    ),
};
