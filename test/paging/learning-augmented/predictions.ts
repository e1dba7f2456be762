import fc from "fast-check";
import { add, type Fraction } from "mathjs";
import { Rng } from "../../../src/paging/core/rng.ts";
import { frac } from "../../../src/proofs-check/exact.ts";
import type { SmallInstance } from "../../proofs-check/arbitraries.ts";

// Test-side helpers for next-arrival predictions. The predictors library (src/predictors) will
// provide the same quantities; these stay small and obvious so the tests do not depend on it.

/**
 * True next arrivals y_t: the index of the next request to the page requested at t, or `never`
 * when there is none. Quadratic and obvious on purpose.
 */
export function trueNextArrivals(requests: ArrayLike<number>, never: number): number[] {
  const n = requests.length;
  const y: number[] = [];
  for (let t = 0; t < n; t++) {
    let next = never;
    for (let s = t + 1; s < n; s++) {
      if (requests[s] === requests[t]) {
        next = s;
        break;
      }
    }
    y.push(next);
  }
  return y;
}

/**
 * The ℓ1 prediction error η = Σ_t |h_t − y_t| of Lykouris & Vassilvitskii, exactly, with y_t =
 * `never` for the last request to each page. The convention (which finite value stands for
 * "never again") must be the one the predictions were made with; these tests use `never = n`,
 * the first index past the sequence (as `nextUseTimes`). Predictions must be finite dyadic
 * rationals with denominator 64 (so that the float is the exact value), as the generators below make them.
 */
export function predictionError(h: ArrayLike<number>, requests: ArrayLike<number>, never: number): Fraction {
  const y = trueNextArrivals(requests, never);
  let eta = frac(0);
  for (let t = 0; t < y.length; t++) eta = add(eta, exactDyadic(Math.abs(h[t] - y[t]))) as Fraction;
  return eta;
}

/** The exact value of a non-negative double that is a multiple of 1/64 (throws otherwise). */
function exactDyadic(x: number): Fraction {
  const scaled = x * 64;
  if (!Number.isSafeInteger(scaled)) throw new Error(`prediction difference ${x} is not a multiple of 1/64`);
  return frac(scaled, 64);
}

/** Perfect predictions: y_t, with `never` (default `Infinity`) for never-again pages. */
export function perfectPredictions(requests: ArrayLike<number>, never = Infinity): Float64Array {
  return Float64Array.from(trueNextArrivals(requests, never));
}

/**
 * The study's synthetic predictor (ACEPS `PredRandom`): y_t + lognormal(0, σ) noise, with y_t =
 * `never` for never-again pages. The noise is rounded to a multiple of 1/64 so that η is exact.
 */
export function lognormalPredictions(requests: ArrayLike<number>, sigma: number, seed: number, never: number): Float64Array {
  const rng = new Rng(seed);
  const y = trueNextArrivals(requests, never);
  return Float64Array.from(y, (v) => v + Math.round(Math.exp(sigma * rng.normal()) * 64) / 64);
}

/** Adversarial predictions that reverse the true order: h_t = never − y_t (the soonest looks furthest). */
export function reversedPredictions(requests: ArrayLike<number>, never: number): Float64Array {
  return Float64Array.from(trueNextArrivals(requests, never), (v) => never - v);
}

/** A paging instance with next-arrival predictions attached. */
export interface PredictedInstance extends SmallInstance {
  readonly predictions: Float64Array;
  /** How the predictions were made (for failure messages). */
  readonly kind: string;
}

/**
 * Predictions for a given instance, of every kind the tests care about: perfect, lognormal
 * noise at several σ, reversed, arbitrary small integers (many ties) and arbitrary values in
 * [0, n]. All finite multiples of 1/64, so η is exact with never-again = n.
 */
export function withPredictions(inst: fc.Arbitrary<SmallInstance>): fc.Arbitrary<PredictedInstance> {
  return inst.chain((i) => {
    const n = i.requests.length;
    const values = (max: number) => fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n });
    return fc.oneof(
      fc.constant({ ...i, predictions: perfectPredictions(i.requests, n), kind: "perfect" }),
      fc.record({ sigma: fc.constantFrom(0.5, 1, 2, 5), seed: fc.nat() }).map(({ sigma, seed }) => ({
        ...i,
        predictions: lognormalPredictions(i.requests, sigma, seed, n),
        kind: `lognormal σ=${sigma} seed=${seed}`,
      })),
      fc.constant({ ...i, predictions: reversedPredictions(i.requests, n), kind: "reversed" }),
      values(3).map((v) => ({ ...i, predictions: Float64Array.from(v), kind: `ties [${v.join(" ")}]` })),
      values(64 * Math.max(n, 1)).map((v) => ({
        ...i,
        predictions: Float64Array.from(v, (x) => x / 64),
        kind: `arbitrary [${v.map((x) => x / 64).join(" ")}]`,
      })),
    );
  });
}

/** Format a predicted instance for a failure message. */
export function showPredicted(i: PredictedInstance): string {
  return `k=${i.k} universe=${i.universe} σ=[${Array.from(i.requests).join(" ")}] h=[${Array.from(i.predictions).join(" ")}] (${i.kind})`;
}
