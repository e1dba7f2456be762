import { add, divide, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";
import { frac } from "./exact.ts";
import { densePageIds, popcount } from "./page-masks.ts";

/** Largest number of distinct pages {@link succinctExpectedFaults} accepts. */
export const SUCCINCT_EXACT_MAX_PAGES = 16;

/** The randomized one-bit algorithms whose expectation {@link succinctExpectedFaults} computes. */
export type SuccinctRule = "follow-discard-rand" | "mark-and-predict" | "follow-discard-eager";

/**
 * The exact expected number of faults of a randomized one-bit algorithm on `requests` with
 * labels `bits` and cache k, as a fraction — no sampling. Like `markerExpectedFaults`, it
 * propagates the distribution over (resident set, marked set) bitmasks request by request; the
 * latest bit and last request of every page are functions of the time alone, so they are not
 * part of the state. Written from the definitions in `paging-theory.md` §2b, not from the
 * policies' code, so tests can compare the two:
 *
 * - every rule: a hit marks the page; a fault with room loads it marked;
 * - `follow-discard-rand` (fault, full cache): evict the least recently requested page whose
 *   latest bit is EVICT, marked or not; if none, unmark all when all are marked, then evict a
 *   uniformly random unmarked page;
 * - `mark-and-predict`: unmark all when all are marked; evict uniformly among unmarked EVICT
 *   pages, else among unmarked pages;
 * - `follow-discard-eager` (Cache-Coliseum's `Mark0`): after each request carrying EVICT, drop
 *   the page; a fault with a full cache (all KEEP) runs randomized marking.
 *
 * Page ids are relabelled densely; at most {@link SUCCINCT_EXACT_MAX_PAGES} distinct pages;
 * reachable states are at most Σ_j C(d, j)·2^j, fine for k ≤ 5 and a dozen pages.
 */
export function succinctExpectedFaults(rule: SuccinctRule, requests: ArrayLike<number>, bits: ArrayLike<number>, k: number): Fraction {
  checkCacheSize(k);
  if (bits.length < requests.length) throw new InputError(`bit predictions cover ${bits.length} of ${requests.length} requests`);
  const dense = densePageIds(requests, SUCCINCT_EXACT_MAX_PAGES, "exact expectation").dense;
  const lastRequest = new Int32Array(SUCCINCT_EXACT_MAX_PAGES).fill(-1);
  let evictMask = 0;
  let states = new Map<number, Fraction>([[0, frac(1)]]);
  let expected = frac(0);
  for (let t = 0; t < dense.length; t++) {
    const bit = 1 << dense[t];
    const b = bits[t];
    if (b !== KEEP && b !== EVICT) throw new InputError(`bit of request ${t} is ${b}, not 0 (KEEP) or 1 (EVICT)`);
    const drop = rule === "follow-discard-eager" && b === EVICT;
    const next = new Map<number, Fraction>();
    const put = (resident: number, marked: number, p: Fraction): void => {
      if (drop) resident &= ~bit;
      marked &= resident; // marks of absent pages never matter: keep states canonical
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
      let candidates: number;
      if (rule === "follow-discard-rand" && (resident & evictMask) !== 0) {
        candidates = leastRecent(resident & evictMask, lastRequest);
      } else {
        if ((resident & ~marked) === 0) marked = 0;
        const unmarked = resident & ~marked;
        candidates = rule === "mark-and-predict" && (unmarked & evictMask) !== 0 ? unmarked & evictMask : unmarked;
      }
      const share = divide(p, frac(popcount(candidates))) as Fraction;
      for (let rest = candidates; rest !== 0; rest &= rest - 1) {
        const victim = rest & -rest;
        put((resident ^ victim) | bit, (marked & ~victim) | bit, share);
      }
    }
    states = next;
    evictMask = b === EVICT ? evictMask | bit : evictMask & ~bit;
    lastRequest[dense[t]] = t;
  }
  return expected;
}

function leastRecent(mask: number, lastRequest: Int32Array): number {
  let best = -1;
  for (let rest = mask; rest !== 0; rest &= rest - 1) {
    const victim = rest & -rest;
    if (best === -1 || lastRequest[31 - Math.clz32(victim)] < lastRequest[31 - Math.clz32(best)]) best = victim;
  }
  return best;
}
