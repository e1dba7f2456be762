import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";

/** Options of {@link nextArrivalError}. */
export interface NextArrivalErrorOptions {
  /**
   * The finite time that stands for "never again" when exactly one side is infinite, as the
   * literature's η uses a large finite never-again time (ACEPS: 10000·n, see
   * `studyNeverAgain`; Lykouris & Vassilvitskii's choice is not known — UNVERIFIED, n + 1 is
   * likely). Required: η depends on it whenever the two sides disagree about a never-again.
   */
  readonly neverAgain: number;
}

/**
 * The ℓ1 error of next-arrival predictions (Lykouris & Vassilvitskii, ICML 2018):
 * η = Σ_t |h_t − y_t| over predictions h and truth y of equal length. Never-again entries:
 * both infinite → 0; one infinite and the other finite x → |neverAgain − x|. So with a truth
 * built with the finite convention (y = neverAgain) an infinite prediction costs nothing there.
 *
 * Exact when every |h_t − y_t| is an integer and η < 2^53 (every partial sum is then exact);
 * otherwise a compensated (Neumaier) sum, within a few ulps of the exact real sum. NaN, −∞, a
 * length mismatch or a non-finite / negative `neverAgain` is an {@link InputError}. O(n).
 */
export function nextArrivalError(predicted: Float64Array, truth: Float64Array, options: NextArrivalErrorOptions): number {
  const never = options.neverAgain;
  if (!Number.isFinite(never) || never < 0) {
    throw new InputError(`next-arrival error: neverAgain must be a finite time ≥ 0, got ${never}`);
  }
  sameLength(predicted.length, truth.length);
  let sum = 0;
  let compensation = 0;
  for (let t = 0; t < predicted.length; t++) {
    let h = predicted[t];
    let y = truth[t];
    if (h !== h || y !== y || h === -Infinity || y === -Infinity) {
      throw new InputError(`next-arrival error: entry ${t} is ${h} predicted, ${y} true; expected numbers or +Infinity`);
    }
    if (h === Infinity && y === Infinity) continue;
    if (h === Infinity) h = never;
    if (y === Infinity) y = never;
    const term = Math.abs(h - y);
    const s = sum + term;
    compensation += Math.abs(sum) >= term ? sum - s + term : term - s + sum;
    sum = s;
  }
  return sum + compensation;
}

/** The two error counts of one-bit predictions. */
export interface BitErrors {
  /** η₀ = #{t : predicted KEEP, true EVICT} — false keeps. */
  readonly eta0: number;
  /** η₁ = #{t : predicted EVICT, true KEEP} — false evicts. */
  readonly eta1: number;
}

/**
 * η₀ and η₁ of one-bit predictions against the true bits (notation of Antoniadis et al.,
 * "Paging with succinct predictions", ICML 2023; naming the counts by the predicted value is
 * UNVERIFIED there, the meaning — false keep vs false evict — is what is computed). Exact
 * integer counts, O(n). A value other than KEEP/EVICT or a length mismatch is an
 * {@link InputError}.
 */
export function bitErrors(predicted: Uint8Array, truth: Uint8Array): BitErrors {
  sameLength(predicted.length, truth.length);
  let falseKeeps = 0;
  let falseEvicts = 0;
  for (let t = 0; t < predicted.length; t++) {
    const b = predicted[t];
    const y = truth[t];
    if ((b !== KEEP && b !== EVICT) || (y !== KEEP && y !== EVICT)) {
      throw new InputError(`bit errors: entry ${t} is ${b} predicted, ${y} true; expected ${KEEP} (KEEP) or ${EVICT} (EVICT)`);
    }
    if (b !== y) {
      if (b === KEEP) falseKeeps++;
      else falseEvicts++;
    }
  }
  return { eta0: falseKeeps, eta1: falseEvicts };
}

function sameLength(predicted: number, truth: number): void {
  if (predicted !== truth) {
    throw new InputError(`prediction error: ${predicted} predictions for ${truth} true values; expected one per request`);
  }
}
