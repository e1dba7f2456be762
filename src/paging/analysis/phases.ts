import { InputError } from "../../errors.ts";
import { checkCacheSize } from "../core/cache.ts";

/**
 * The k-phase partition of a request sequence. It depends on σ and k only, never on an
 * algorithm:
 *
 * - phase 1 starts at r_1;
 * - a phase is the maximal contiguous block with at most k distinct pages, so the next phase
 *   starts at the request of the (k+1)-th distinct page of the current one;
 * - every phase but the last has exactly k distinct pages.
 *
 * A page of phase i is **clean** (new) if it was not requested in phase i−1, else **stale**;
 * `clean[i]` = c_i, the number of clean pages of phase i (c_1 = distinct pages of phase 1).
 * Definitions as in Borodin & El-Yaniv, *Online Computation*, ch. 3–4, and
 * `paging-theory.md` §0. Phases are numbered from 0 in the arrays.
 *
 * With a full cache, the phases of any marking algorithm (LRU, FWF, Marking, Marker) are
 * exactly these k-phases; the classical bounds use them: a marking or conservative algorithm
 * faults at most k times per phase, OPT_h ≥ 1 + (m−1)(k−h+1) and OPT ≥ ½·Σ c_i.
 */
export interface PhasePartition {
  /** The k the partition was made for. */
  readonly k: number;
  /** Number of phases m (0 for an empty sequence). */
  readonly count: number;
  /** `starts[i]` = index of the first request of phase i; strictly increasing, `starts[0] = 0`. */
  readonly starts: Int32Array;
  /** `phaseOf[t]` = phase of request t (non-decreasing, 0-based). */
  readonly phaseOf: Int32Array;
  /** `clean[i]` = c_i, the pages of phase i not requested in phase i−1. */
  readonly clean: Int32Array;
  /** `distinct[i]` = distinct pages of phase i (= k for all but the last phase). */
  readonly distinct: Int32Array;
}

/**
 * Split `requests` into k-phases (see {@link PhasePartition}). O(n + universe) time, typed
 * arrays only. `universe` defaults to `max(requests) + 1`. Throws `InputError` unless k is a
 * positive integer, or on a page outside `[0, universe)`.
 */
export function kPhases(requests: Int32Array, k: number, universe?: number): PhasePartition {
  checkCacheSize(k);
  const n = requests.length;
  let u = universe ?? 0;
  if (universe === undefined) for (let t = 0; t < n; t++) if (requests[t] >= u) u = requests[t] + 1;
  // lastPhase[p] = last phase in which p was requested so far; -2 before its first request
  // (not -1, which would read as "requested in the phase before phase 0" and make a page of
  // phase 0 stale). A page is new to the current phase iff lastPhase[p] ≠ phase; stale iff it
  // equals phase − 1.
  const lastPhase = new Int32Array(u).fill(-2);
  const phaseOf = new Int32Array(n);
  // At most one phase per request: size the per-phase arrays by n, then trim.
  const starts = new Int32Array(n);
  const clean = new Int32Array(n);
  const distinct = new Int32Array(n);
  let phase = n === 0 ? -1 : 0;
  let seen = 0;
  for (let t = 0; t < n; t++) {
    const p = requests[t];
    if (!(p >= 0 && p < u)) throw new InputError(`request ${t}: page ${p} is outside the universe of ${u} pages`);
    if (lastPhase[p] !== phase) {
      if (seen === k) {
        phase++;
        starts[phase] = t;
        seen = 0;
      }
      seen++;
      distinct[phase]++;
      if (lastPhase[p] !== phase - 1) clean[phase]++;
      lastPhase[p] = phase;
    }
    phaseOf[t] = phase;
  }
  const count = phase + 1;
  return {
    k,
    count,
    starts: starts.slice(0, count),
    phaseOf,
    clean: clean.slice(0, count),
    distinct: distinct.slice(0, count),
  };
}

/** Σ_i c_i — the total number of clean pages over all phases. */
export function totalClean(partition: PhasePartition): number {
  let s = 0;
  for (let i = 0; i < partition.count; i++) s += partition.clean[i];
  return s;
}
