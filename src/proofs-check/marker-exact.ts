import { add, divide, type Fraction } from "mathjs";
import { checkCacheSize } from "../paging/core/cache.ts";
import { frac } from "./exact.ts";
import { densePageIds, popcount } from "./page-masks.ts";

/** Largest number of distinct pages {@link markerExpectedFaults} accepts. */
export const MARKER_EXACT_MAX_PAGES = 16;

/**
 * The exact expected number of faults of Marker (randomized marking, Fiat et al. 1991) on
 * `requests` with cache k, as a fraction — no sampling. It propagates the probability
 * distribution over Marker's states (resident set, marked set; both bitmasks) request by
 * request: a hit marks the page; a fault with room loads it marked; a fault with a full cache
 * first unmarks everything if all pages are marked (a new phase), then evicts each unmarked page
 * with equal probability. E[faults] = Σ_t P(request t faults).
 *
 * Written from the definition, not from `Marker`'s code, so tests can compare the two (and
 * check expectation claims exactly on small instances). Page ids are relabelled densely; at
 * most {@link MARKER_EXACT_MAX_PAGES} distinct pages. The number of reachable states is at most
 * Σ_j C(d, j)·2^j, fine for k ≤ 5 and a dozen pages.
 */
export function markerExpectedFaults(requests: ArrayLike<number>, k: number): Fraction {
  checkCacheSize(k);
  const dense = densePageIds(requests, MARKER_EXACT_MAX_PAGES, "exact Marker expectation").dense;
  let states = new Map<number, Fraction>([[0, frac(1)]]);
  let expected = frac(0);
  for (let t = 0; t < dense.length; t++) {
    const bit = 1 << dense[t];
    const next = new Map<number, Fraction>();
    const put = (resident: number, marked: number, p: Fraction): void => {
      // Both masks fit in 16 bits: one exact key.
      const key = resident * 65536 + marked;
      const old = next.get(key);
      next.set(key, old === undefined ? p : (add(old, p) as Fraction));
    };
    for (const [key, p] of states) {
      const resident = Math.floor(key / 65536);
      let marked = key % 65536;
      if ((resident & bit) !== 0) {
        put(resident, marked | bit, p);
        continue;
      }
      expected = add(expected, p) as Fraction;
      if (popcount(resident) < k) {
        put(resident | bit, marked | bit, p);
        continue;
      }
      if ((resident & ~marked) === 0) marked = 0;
      const unmarked = resident & ~marked;
      const share = divide(p, frac(popcount(unmarked))) as Fraction;
      for (let rest = unmarked; rest !== 0; rest &= rest - 1) {
        const victim = rest & -rest;
        put((resident ^ victim) | bit, marked | bit, share);
      }
    }
    states = next;
  }
  return expected;
}
