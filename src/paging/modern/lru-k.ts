import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";
import { TimeOrderedPages } from "../structures/time-ordered-pages.ts";
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
 * statement, recalled, UNVERIFIED); no competitive bound for K ≥ 2 is known to us.
 *
 * Cost per request: O(K) for the history shift, plus O(1) for the order in the common case —
 * no two pages share a request time, so the resident pages with K requests on record are kept
 * by their K-th last request time in `TimeOrderedPages` (a bit per time ahead of the last
 * victim's, a lazy heap for the few keys behind it: O(log k) amortized each, and the scans for
 * victims read each word of time once per run); those with fewer, by last request in a list.
 * Memory: K integers of history per page of the universe, plus 4–8 bytes per request time in
 * the span from the oldest key ahead of the last victim's to now.
 */
export class LruK implements Policy {
  /** Resident pages with K requests on record, keyed by the K-th most recent. */
  private full!: TimeOrderedPages;
  /** Resident pages with fewer than K requests on record, least recently requested first. */
  private short!: IntList;
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
    this.full = new TimeOrderedPages(ctx.universe, Math.min(this.k, ctx.universe));
    this.short = new IntList(ctx.universe);
    this.hist = new Int32Array(ctx.universe * this.depth).fill(-1);
  }

  onHit(page: number, t: number): void {
    const last = page * this.depth + this.depth - 1;
    const old = this.hist[last];
    this.record(page, t);
    const key = this.hist[last];
    if (old !== -1) {
      this.full.delete(page, old);
      this.full.add(page, key);
    } else if (key !== -1) {
      this.short.remove(page);
      this.full.add(page, key);
    } else {
      this.short.moveToBack(page);
    }
  }

  // The paper's order, least (HIST_K, HIST_1) first with "none" (−1) below every time: pages
  // with fewer than K requests on record go first, least recently requested first.
  makeRoom(): void {
    this.cache.evict(this.short.size > 0 ? this.short.popFront() : this.full.popMin());
  }

  onInsert(page: number, t: number): void {
    const base = page * this.depth;
    const last = this.hist[base];
    if (last !== -1 && t - last > this.rip) this.hist.fill(-1, base, base + this.depth);
    this.record(page, t);
    const key = this.hist[base + this.depth - 1];
    if (key === -1) this.short.pushBack(page);
    else this.full.add(page, key);
  }

  private record(page: number, t: number): void {
    const hist = this.hist;
    const base = page * this.depth;
    for (let i = base + this.depth - 1; i > base; i--) hist[i] = hist[i - 1];
    hist[base] = t;
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
