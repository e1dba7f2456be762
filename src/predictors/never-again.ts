import { InputError } from "../errors.ts";

/**
 * How a next-arrival prediction says "never requested again": `Infinity` (the default here), a
 * finite time at least n, or `"study"` = {@link studyNeverAgain}(n), the value of the
 * learning-augmented caching experiments (Antoniadis, Coester, Eliáš, Polak & Simon, ICML 2020,
 * code adampolak/mts-with-predictions `PredRandom`).
 */
export type NeverAgain = number | "study";

/**
 * The finite never-again time of the ACEPS experiments: 10000·n for a trace of n requests.
 * It exceeds every real next arrival (< n) by far, so it sorts last, but lognormal noise of
 * large σ can still lift a recurring page above it — which is why the synthetic predictor must
 * use it to reproduce their numbers.
 */
export function studyNeverAgain(n: number): number {
  return 10000 * n;
}

/**
 * The never-again time for a trace of `n` requests: `Infinity` when `option` is absent, the
 * study's 10000·n for `"study"`, else `option` itself, which must be `Infinity` or a finite
 * time ≥ n (smaller values would collide with real arrival times); anything else is an
 * {@link InputError}.
 */
export function resolveNeverAgain(n: number, option: NeverAgain | undefined): number {
  if (option === undefined) return Infinity;
  if (option === "study") return studyNeverAgain(n);
  if (typeof option !== "number" || Number.isNaN(option) || option < n) {
    throw new InputError(
      `never-again time must be Infinity, "study" or a number ≥ the trace length ${n}, got ${String(option)}`,
    );
  }
  return option;
}
