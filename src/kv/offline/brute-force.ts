/**
 * Exhaustive offline optimum for tiny instances, written straight from the definition and used to
 * check the min-cost-flow solver: dynamic programming over the resident set S_{t−1} (a bitmask),
 * where after each step any subset of A_t = S_{t−1} ∪ {t} of size ≤ k may be kept (so several
 * evictions per step are allowed — the optimum does not need them, and the test shows it).
 * Exponential: T ≤ 16.
 * @module
 */
import { rowOffset } from "../trace.ts";

/** Max over feasible schedules of Σ_t Σ_{j∈A_t} p_t[j] for one head with budget k (T ≤ 16). */
export function bruteForceOptimum(rows: Float64Array, length: number, k: number): number {
  if (length > 16) throw new RangeError(`bruteForceOptimum: T = ${length} is too large (≤ 16)`);
  const memo = new Map<number, number>();
  const best = (t: number, resident: number): number => {
    if (t === length) return 0;
    const key = t * 65536 + resident;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const attended = resident | (1 << t);
    const o = rowOffset(t);
    let mass = 0;
    for (let j = 0; j <= t; j++) if (attended & (1 << j)) mass += rows[o + j];
    let future = -Infinity;
    // Every subset of the attended set with at most k tokens.
    for (let sub = attended; ; sub = (sub - 1) & attended) {
      if (popcount(sub) <= k) future = Math.max(future, best(t + 1, sub));
      if (sub === 0) break;
    }
    const value = mass + future;
    memo.set(key, value);
    return value;
  };
  return best(0, 0);
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}
