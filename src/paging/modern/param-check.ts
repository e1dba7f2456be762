import { InputError } from "../../errors.ts";
import type { PolicyOptions } from "../registry.ts";

/**
 * Numeric parameter `key` of policy `name` from registry options, or `fallback` when absent.
 * Throws {@link InputError} (one line naming the policy, the parameter and the allowed range)
 * unless the value is a finite number in the open or closed range given.
 */
export function numericParam(
  name: string,
  o: PolicyOptions,
  key: string,
  fallback: number,
  range: { min: number; max: number; minOpen?: boolean; maxOpen?: boolean; integer?: boolean },
): number {
  const v = o.params?.[key] ?? fallback;
  const ok =
    typeof v === "number" &&
    Number.isFinite(v) &&
    (range.minOpen ? v > range.min : v >= range.min) &&
    (range.maxOpen ? v < range.max : v <= range.max) &&
    (!range.integer || Number.isInteger(v));
  if (!ok) {
    const lo = `${range.minOpen ? "(" : "["}${range.min}`;
    const hi = `${range.max}${range.maxOpen ? ")" : "]"}`;
    throw new InputError(`${name}: ${key} must be ${range.integer ? "an integer" : "a number"} in ${lo}, ${hi}, got '${String(v)}'`);
  }
  return v;
}
