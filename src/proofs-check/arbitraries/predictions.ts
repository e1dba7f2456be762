import fc from "fast-check";
import { InputError } from "../../errors.ts";
import { EVICT, KEEP } from "../../paging/core/policy.ts";
import { perfectDiscardBits } from "../../predictors/discard-oracle.ts";
import { perfectPhaseBits } from "../../predictors/phase-oracle.ts";
import { perfectNextArrival } from "../../predictors/perfect-next-arrival.ts";

/** Next-arrival predictions with their exact error. */
export interface NextArrivalSample {
  /** h_t for each request t: finite, integral, ≥ 0. */
  readonly nextArrival: Float64Array;
  /** η = Σ_t |h_t − y_t| against the true next arrivals y (never again = `neverAgain`). */
  readonly eta: number;
}

/** Options of {@link nextArrivalPredictions}. */
export interface NextArrivalBudget {
  /** The ℓ1 budget: every sample has η ≤ maxError (a non-negative integer). */
  readonly maxError: number;
  /** The finite time standing for "never again" in the truth (default n = |σ|, as `checkClaim`'s η). */
  readonly neverAgain?: number;
  /** Dense universe of σ (default max page + 1). */
  readonly universe?: number;
}

/**
 * Next-arrival predictions for σ whose ℓ1 error η (Lykouris & Vassilvitskii's measure,
 * `nextArrivalError`) is at most `maxError`: the true next arrivals, with never-again entries
 * at `neverAgain`, moved by integer offsets at random positions until the budget is spent (each
 * prediction stays ≥ 0; it may point into the past, as a poor predictor's can). The sample
 * carries its exact η. Shrinks towards the perfect predictions (η = 0).
 * @throws InputError for a negative or non-integral budget or a `neverAgain` below n.
 */
export function nextArrivalPredictions(requests: Int32Array, options: NextArrivalBudget): fc.Arbitrary<NextArrivalSample> {
  const { maxError } = options;
  const n = requests.length;
  const never = options.neverAgain ?? n;
  if (!Number.isSafeInteger(maxError) || maxError < 0) {
    throw new InputError(`nextArrivalPredictions: maxError must be a non-negative integer, got ${maxError}`);
  }
  if (!Number.isSafeInteger(never) || never < n) {
    throw new InputError(`nextArrivalPredictions: neverAgain must be an integer ≥ n = ${n}, got ${never}`);
  }
  const truth = perfectNextArrival(requests, { universe: options.universe, neverAgain: never });
  if (n === 0 || maxError === 0) return fc.constant({ nextArrival: truth, eta: 0 });
  const change = fc.record({ at: fc.nat(), delta: fc.integer({ min: -maxError, max: maxError }) });
  return fc.array(change, { maxLength: Math.min(n, 64) }).map((changes) => {
    const offset = new Float64Array(n);
    let used = 0;
    for (const { at, delta } of changes) {
      const t = at % n;
      const current = offset[t];
      // What this position may carry once the others keep theirs.
      const allowed = maxError - (used - Math.abs(current));
      const wanted = Math.max(-allowed, Math.min(allowed, current + delta), -truth[t]);
      used += Math.abs(wanted) - Math.abs(current);
      offset[t] = wanted;
    }
    const nextArrival = new Float64Array(n);
    for (let t = 0; t < n; t++) nextArrival[t] = truth[t] + offset[t];
    return { nextArrival, eta: used };
  });
}

/** One-bit predictions with their exact errors. */
export interface BitSample {
  /** One bit per request, {@link KEEP} or {@link EVICT}. */
  readonly bits: Uint8Array;
  /** η₀: false KEEPs (true EVICT predicted KEEP). */
  readonly eta0: number;
  /** η₁: false EVICTs (true KEEP predicted EVICT). */
  readonly eta1: number;
}

/** Options of {@link bitPredictions}. */
export interface BitBudget {
  /** Most false KEEPs η₀ (default: any number). */
  readonly eta0?: number;
  /** Most false EVICTs η₁ (default: any number). */
  readonly eta1?: number;
  /**
   * The true bits: `discard` — Belady's labels with cache k (`perfectDiscardBits`, never-again
   * pages KEEP unless Belady evicts them), what follow-the-bits algorithms read; `phase` — the
   * k-phase oracle (`perfectPhaseBits`), what Mark&Predict reads. Default `discard`. These are
   * the truths `checkClaim` measures η₀/η₁ against.
   */
  readonly truth?: "discard" | "phase";
  /** Dense universe of σ (default max page + 1). */
  readonly universe?: number;
}

/**
 * One-bit predictions for σ and cache k with at most `eta0` false KEEPs and `eta1` false
 * EVICTs (the error measures of Antoniadis et al., ICML 2023; `bitErrors`): the true bits with
 * randomly chosen positions flipped. The sample carries its exact η₀ and η₁. Shrinks towards
 * the perfect bits.
 * @throws InputError for k < 1 or a negative or non-integral budget.
 */
export function bitPredictions(requests: Int32Array, k: number, options: BitBudget = {}): fc.Arbitrary<BitSample> {
  if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`bitPredictions: k must be a positive integer, got ${k}`);
  const budget = (name: string, v: number | undefined): number => {
    if (v === undefined) return Infinity;
    if (!Number.isSafeInteger(v) || v < 0) throw new InputError(`bitPredictions: ${name} must be a non-negative integer, got ${v}`);
    return v;
  };
  const maxKeeps = budget("eta0", options.eta0);
  const maxEvicts = budget("eta1", options.eta1);
  const truth =
    options.truth === "phase"
      ? perfectPhaseBits(requests, k, options.universe).bits
      : perfectDiscardBits(requests, k, { universe: options.universe }).bits;
  const evicts: number[] = [];
  const keeps: number[] = [];
  truth.forEach((b, t) => (b === EVICT ? evicts : keeps).push(t));
  const picks = (available: number, max: number) => fc.array(fc.nat(), { maxLength: Math.min(available, max), size: "max" });
  return fc.record({ falseKeeps: picks(evicts.length, maxKeeps), falseEvicts: picks(keeps.length, maxEvicts) }).map((p) => {
    const bits = truth.slice();
    const evictPool = evicts.slice();
    const keepPool = keeps.slice();
    for (const pick of p.falseKeeps) bits[evictPool.splice(pick % evictPool.length, 1)[0]] = KEEP;
    for (const pick of p.falseEvicts) bits[keepPool.splice(pick % keepPool.length, 1)[0]] = EVICT;
    return { bits, eta0: p.falseKeeps.length, eta1: p.falseEvicts.length };
  });
}
