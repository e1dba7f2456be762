import { InputError } from "../errors.ts";

/**
 * A corruption budget: a non-negative safe integer, or `Infinity` for "as much as the strategy
 * can use". Anything else is an {@link InputError} naming `what`.
 */
export function checkBudget(what: string, value: number): number {
  if (value === Infinity || (Number.isSafeInteger(value) && value >= 0)) return value;
  throw new InputError(`${what} must be a non-negative integer or Infinity, got ${value}`);
}

/** A cache size the adversary aims at: a positive integer. */
export function checkK(k: number): number {
  if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`cache size k must be a positive integer, got ${k}`);
  return k;
}

/** A seed must be a safe integer (the generator's contract). */
export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new InputError(`seed must be a safe integer, got ${seed}`);
}
