/**
 * Submodular maximisation facts behind H2O's guarantee (Zhang et al. 2023, App. D), as checkable
 * code on small ground sets (subsets as bitmasks, n ≤ 30).
 *
 * - F(S) = h(Σ_{j∈S} w_j) with w ≥ 0 and h non-decreasing concave (√(z+1), log(1+z)) is monotone
 *   submodular; so is a sum of such terms over heads, Σ_r h(Σ_{j∈S} w_{r,j}) (one set per layer,
 *   TOVA's granularity), and facility location Σ_r max_{j∈S} w_{r,j}.
 * - Thm D.17 (Nemhauser, Wolsey, Fisher 1978): greedy on monotone submodular f with |S| ≤ k gives
 *   f(S_k) ≥ (1 − 1/e)·max_{|T|≤k} f(T).
 * - Cor D.18 (Qin, Song, Wang 2023, as cited by H2O): with an oracle O(S, i) within ε of the true
 *   gain Δ(i|S) = f(S ∪ {i}) − f(S), greedy gives f(S_k) ≥ (1 − 1/e)·OPT − k(2 − 1/e)·ε.
 * @module
 */
import type { ConcaveH } from "./concave.ts";

/** A set function on subsets of {0..n−1}, given as bitmasks. */
export type SetFunction = (mask: number) => number;

/** The greedy factor 1 − 1/e of Thm D.17. */
export const GREEDY_FACTOR = 1 - 1 / Math.E;

/** F(S) = h(Σ_{j∈S} w_j): H2O's objective for one head (Alg. 2's F_score). */
export function concaveOfModular(h: ConcaveH, weights: ArrayLike<number>): SetFunction {
  return (mask) => {
    let z = 0;
    for (let j = 0; j < weights.length; j++) if (mask & (1 << j)) z += weights[j];
    return h.apply(z);
  };
}

/** Σ_r h(Σ_{j∈S} w_{r,j}): one shared set scored by several heads. */
export function sumOfConcaveOfModular(h: ConcaveH, weights: readonly ArrayLike<number>[]): SetFunction {
  const parts = weights.map((w) => concaveOfModular(h, w));
  return (mask) => parts.reduce((acc, f) => acc + f(mask), 0);
}

/** Facility location Σ_r max_{j∈S} w_{r,j} (0 for the empty set): submodular, greedy not exact. */
export function facilityLocation(weights: readonly ArrayLike<number>[]): SetFunction {
  return (mask) => {
    let total = 0;
    for (const row of weights) {
      let best = 0;
      for (let j = 0; j < row.length; j++) if (mask & (1 << j) && row[j] > best) best = row[j];
      total += best;
    }
    return total;
  };
}

/** Gain oracle: an estimate of Δ(i|S) for i ∉ S. */
export type GainOracle = (mask: number, i: number) => number;

/**
 * Greedy maximisation under |S| ≤ k (Nemhauser et al. 1978): k rounds, each adding the element
 * with the largest oracle gain (the exact gain by default); ties to the smallest index. Returns
 * the set and its true value f(S).
 */
export function greedyMaximize(f: SetFunction, n: number, k: number, oracle?: GainOracle): { mask: number; value: number } {
  const gain: GainOracle = oracle ?? ((mask, i) => f(mask | (1 << i)) - f(mask));
  let mask = 0;
  for (let round = 0; round < Math.min(k, n); round++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) continue;
      const g = gain(mask, i);
      if (g > bestGain) {
        bestGain = g;
        best = i;
      }
    }
    mask |= 1 << best;
  }
  return { mask, value: f(mask) };
}

/** max_{|S| ≤ k} f(S) by enumeration (n ≤ 20). */
export function bruteForceMaximize(f: SetFunction, n: number, k: number): { mask: number; value: number } {
  if (n > 20) throw new RangeError(`bruteForceMaximize: n = ${n} is too large (≤ 20)`);
  let best = { mask: 0, value: f(0) };
  for (let mask = 1; mask < 1 << n; mask++) {
    if (popcount(mask) > k) continue;
    const v = f(mask);
    if (v > best.value) best = { mask, value: v };
  }
  return best;
}

/**
 * [f(X ∪ {x}) − f(X)] − [f(Y ∪ {x}) − f(Y)] for X ⊆ Y, x ∉ Y: non-negative for submodular f
 * (Def. D.4's diminishing returns), up to rounding.
 */
export function diminishingReturnsGap(f: SetFunction, X: number, Y: number, x: number): number {
  const bit = 1 << x;
  return f(X | bit) - f(X) - (f(Y | bit) - f(Y));
}

/**
 * A rounding tolerance for comparing differences of f-values whose magnitude is at most `scale`,
 * each a sum of up to n terms: 64·n·ε·max(scale, 1). Generous against rounding, far below any
 * genuine violation the tests could construct.
 */
export function roundingTolerance(scale: number, n: number): number {
  return 64 * Math.max(n, 1) * Number.EPSILON * Math.max(Math.abs(scale), 1);
}

/** Cor D.18's guarantee: (1 − 1/e)·OPT − k(2 − 1/e)·ε. */
export function noisyGreedyGuarantee(opt: number, k: number, epsilon: number): number {
  return GREEDY_FACTOR * opt - k * (2 - 1 / Math.E) * epsilon;
}

/** Number of set bits. */
export function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) c++;
  return c;
}
