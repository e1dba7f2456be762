import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";

/** Errors of one-bit predictions against ground-truth labels. */
export interface BitErrors {
  /** η₀: false KEEPs — predicted KEEP where the truth is EVICT. */
  readonly eta0: number;
  /** η₁: false EVICTs — predicted EVICT where the truth is KEEP. */
  readonly eta1: number;
}

/**
 * η₀ and η₁ of `predicted` against `truth` (same length, values KEEP/EVICT). In the
 * (α, β, γ)-competitive bounds ALG ≤ α·OPT + β·η₀ + γ·η₁, β weighs false KEEPs and γ false
 * EVICTs; that mapping is forced by the lower-bound instances (`paging-theory.md` §2a, derived
 * there), while the paper's own naming of η₀/η₁ is UNVERIFIED. The truth for discard bits depends
 * on its never-again convention, so compare against labels made under the convention you report.
 * Throws {@link InputError} on a length mismatch or a value other than KEEP/EVICT. O(n).
 */
export function bitErrors(predicted: Uint8Array, truth: Uint8Array): BitErrors {
  if (predicted.length !== truth.length) {
    throw new InputError(`bit errors: ${predicted.length} predictions for ${truth.length} labels`);
  }
  let eta0 = 0;
  let eta1 = 0;
  for (let t = 0; t < truth.length; t++) {
    const p = predicted[t];
    const b = truth[t];
    if ((p !== KEEP && p !== EVICT) || (b !== KEEP && b !== EVICT)) {
      throw new InputError(`bit errors: request ${t} has bit ${p !== KEEP && p !== EVICT ? p : b}, not 0 (KEEP) or 1 (EVICT)`);
    }
    if (p !== b) {
      if (p === KEEP) eta0++;
      else eta1++;
    }
  }
  return { eta0, eta1 };
}
