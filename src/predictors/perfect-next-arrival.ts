import { InputError } from "../errors.ts";
import { resolveNeverAgain, type NeverAgain } from "./never-again.ts";

/** Options of {@link perfectNextArrival}. */
export interface PerfectNextArrivalOptions {
  /**
   * Value for requests whose page is never requested again: `Infinity` (default), `"study"`
   * (10000·n, for comparability with the ACEPS experiments) or a finite time ≥ n.
   */
  readonly neverAgain?: NeverAgain | undefined;
  /** Dense universe size (default: max page + 1). */
  readonly universe?: number | undefined;
}

/**
 * The perfect next-arrival oracle: entry t is the 0-based time of the next request to page
 * `requests[t]` after t, or the never-again value when there is none. Aligned exactly with the
 * trace (entry t belongs to request t), so every entry is an integer in (t, n) or never-again.
 * One backward pass, O(n + universe) time, one Float64Array of n plus an Int32Array of the
 * universe. A negative page id is an {@link InputError}.
 */
export function perfectNextArrival(requests: Int32Array, options: PerfectNextArrivalOptions = {}): Float64Array {
  const n = requests.length;
  const never = resolveNeverAgain(n, options.neverAgain);
  const universe = options.universe ?? universeOf(requests);
  const upcoming = new Int32Array(universe).fill(-1);
  const next = new Float64Array(n);
  for (let t = n - 1; t >= 0; t--) {
    const p = requests[t];
    if (!(p >= 0 && p < universe)) throw new InputError(`request ${t}: page ${p} is outside the universe [0, ${universe})`);
    const u = upcoming[p];
    next[t] = u < 0 ? never : u;
    upcoming[p] = t;
  }
  return next;
}

/** max page + 1; a negative id is an error. */
export function universeOf(requests: Int32Array): number {
  let max = -1;
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (p < 0) throw new InputError(`request ${t}: page ${p} is negative; expected dense ids ≥ 0`);
    if (p > max) max = p;
  }
  return max + 1;
}
