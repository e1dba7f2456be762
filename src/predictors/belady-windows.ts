import { simulate } from "../paging/core/simulate.ts";
import { Belady } from "../paging/offline/belady.ts";
import { nextUseTimes } from "../paging/offline/next-use.ts";

/**
 * Where Belady's MIN (the project's `Belady`, with its fixed tie-break) evicts on a trace with
 * cache k, seen from each request: what the targeted corruptions use to find where a wrong
 * prediction costs a fault.
 */
export interface BeladyWindows {
  /** `next[t]` = time of the next request to `requests[t]`, or n when never again. */
  readonly next: Int32Array;
  /**
   * `evictedAt[t]` = the time at which Belady evicts `requests[t]` after t and before
   * `next[t]`, or −1 if it keeps it (so `evictedAt[t] ≥ 0` are the discard labels EVICT).
   */
  readonly evictedAt: Int32Array;
  /** `evictionsBefore[t]` = number of Belady evictions at times < t (length n + 1). */
  readonly evictionsBefore: Int32Array;
  /**
   * `nextCostly[t]` = the first time > t at which Belady evicts a page that is requested again
   * (a victim chosen over recurring pages, not a never-again page), or n if none.
   */
  readonly nextCostly: Int32Array;
}

/**
 * Run Belady with cache k on `requests` and derive {@link BeladyWindows}. O(n + universe) plus
 * the Belady run.
 */
export function beladyWindows(requests: Int32Array, universe: number, k: number): BeladyWindows {
  const n = requests.length;
  const next = nextUseTimes(requests, universe);
  const { evictions } = simulate(new Belady(k), requests, { universe, recordEvictions: true });
  const times = evictions!.times;
  const pages = evictions!.pages;
  const evictedAt = new Int32Array(n).fill(-1);
  const evictionsBefore = new Int32Array(n + 1);
  const costlyAt = new Uint8Array(n);
  const last = new Int32Array(universe).fill(-1);
  let e = 0;
  for (let t = 0; t < n; t++) {
    evictionsBefore[t + 1] = evictionsBefore[t];
    // Evictions logged at t happen while serving t, before t's page is (re)recorded.
    for (; e < times.length && times[e] === t; e++) {
      const j = last[pages[e]];
      evictedAt[j] = t;
      evictionsBefore[t + 1]++;
      if (next[j] < n) costlyAt[t] = 1;
    }
    last[requests[t]] = t;
  }
  const nextCostly = new Int32Array(n);
  let upcoming = n;
  for (let t = n - 1; t >= 0; t--) {
    nextCostly[t] = upcoming;
    if (costlyAt[t] === 1) upcoming = t;
  }
  return { next, evictedAt, evictionsBefore, nextCostly };
}

/**
 * The indices `items` ordered by `key[i]` ascending (integers in [0, maxKey]), ties kept in the
 * order of `items`: a stable counting sort, O(items + maxKey).
 */
export function orderByKey(items: Int32Array, key: (i: number) => number, maxKey: number): Int32Array {
  const count = new Int32Array(maxKey + 2);
  const keys = new Int32Array(items.length);
  for (let j = 0; j < items.length; j++) {
    const k = key(items[j]);
    keys[j] = k;
    count[k + 1]++;
  }
  for (let k = 1; k < count.length; k++) count[k] += count[k - 1];
  const out = new Int32Array(items.length);
  for (let j = 0; j < items.length; j++) out[count[keys[j]]++] = items[j];
  return out;
}
