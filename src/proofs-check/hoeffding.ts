import type { Fraction } from "mathjs";
import { frac } from "./exact.ts";

/**
 * One-sided Hoeffding slack for an empirical mean: if X_1..X_S are independent and each lies in
 * an interval of width R, then P(mean − E[X] ≥ ε) ≤ δ for ε = R·√(ln(1/δ)/(2S)) (Hoeffding,
 * JASA 58, 1963). So "empirical mean ≤ bound + ε" fails with probability at most δ when
 * E[X] ≤ bound truly holds — a statistical check with a known false-alarm rate.
 *
 * Returned as an exact fraction, rounded *up* to a multiple of 10^−6: rounding can only make the
 * check more lenient, never turn a true bound into a reported violation. R = 0 (a deterministic
 * quantity) gives 0.
 */
export function hoeffdingSlack(range: number, samples: number, delta: number): Fraction {
  if (!(range >= 0) || !Number.isInteger(samples) || samples < 1 || !(delta > 0 && delta < 1)) {
    throw new RangeError(`hoeffdingSlack: need range ≥ 0, samples ≥ 1, 0 < δ < 1 (got ${range}, ${samples}, ${delta})`);
  }
  if (range === 0) return frac(0);
  const eps = range * Math.sqrt(Math.log(1 / delta) / (2 * samples));
  return frac(Math.ceil(eps * 1e6), 1e6);
}
