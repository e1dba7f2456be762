import { InputError } from "../errors.ts";
import { nextArrivalError } from "./prediction-error.ts";
import { perfectNextArrival } from "./perfect-next-arrival.ts";

/** How good next-arrival predictions are against the perfect oracle of their trace. */
export interface NextArrivalQuality {
  /** Requests (= predictions). */
  readonly n: number;
  /** ℓ1 error η against the perfect oracle (see `nextArrivalError`, same never-again rule). */
  readonly eta: number;
  /** Predictions equal to the truth (both infinite counts as equal). */
  readonly exact: number;
  /** Entries where exactly one of prediction and truth is infinite. */
  readonly neverAgainMismatches: number;
  /** Predictions not after their own request (h_t ≤ t); only their order matters, but none is a real arrival time. */
  readonly early: number;
}

/**
 * Compare next-arrival predictions (e.g. read from a file) with the perfect oracle of
 * `requests`: η = Σ|h_t − y_t| with the truth's never-again = +∞ and, where exactly one side is
 * infinite, the finite `neverAgain` time substituted (as in `nextArrivalError`), plus counts of
 * exact, never-again-mismatched and early predictions. O(n + universe). A length mismatch is an
 * {@link InputError}.
 */
export function nextArrivalQuality(
  requests: Int32Array,
  predicted: Float64Array,
  options: { readonly neverAgain: number },
): NextArrivalQuality {
  const n = requests.length;
  if (predicted.length !== n) throw new InputError(`${predicted.length} predictions for ${n} requests; expected one per request`);
  const truth = perfectNextArrival(requests);
  const eta = nextArrivalError(predicted, truth, options);
  let exact = 0;
  let mismatches = 0;
  let early = 0;
  for (let t = 0; t < n; t++) {
    const h = predicted[t];
    const y = truth[t];
    if (h === y) exact++;
    else if (h === Infinity || y === Infinity) mismatches++;
    if (h <= t) early++;
  }
  return { n, eta, exact, neverAgainMismatches: mismatches, early };
}
