/**
 * Policy parameters: each registry entry declares the parameters it reads (name, meaning,
 * default), and reads them through these helpers, which turn a bad value into an InputError that
 * names the policy and the parameter.
 * @module
 */
import { InputError } from "../errors.ts";

/** User-supplied parameters, by name (numbers or strings, as parsed from `--param k=v`). */
export type KvParams = Readonly<Record<string, number | string>>;

/** A parameter a policy reads. */
export interface ParamSpec {
  readonly name: string;
  /** One line: meaning and default. */
  readonly description: string;
}

/**
 * The number `params[name]`, or `fallback` when absent; must be finite and within [min, max]
 * (and an integer if `integer`), else an {@link InputError}.
 */
export function numberParam(
  policy: string,
  params: KvParams,
  name: string,
  fallback: number,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const v = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (String(raw).trim() === "" || !Number.isFinite(v)) throw new InputError(`${policy}: parameter ${name} must be a number, got '${raw}'`);
  if (range.integer && !Number.isInteger(v)) throw new InputError(`${policy}: parameter ${name} must be an integer, got '${raw}'`);
  if (range.min !== undefined && v < range.min) throw new InputError(`${policy}: parameter ${name} must be ≥ ${range.min}, got '${raw}'`);
  if (range.max !== undefined && v > range.max) throw new InputError(`${policy}: parameter ${name} must be ≤ ${range.max}, got '${raw}'`);
  return v;
}

/** The string `params[name]` (or `fallback`), which must be one of `choices`. */
export function choiceParam<T extends string>(policy: string, params: KvParams, name: string, fallback: T, choices: readonly T[]): T {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const v = String(raw).trim().toLowerCase();
  if (!(choices as readonly string[]).includes(v)) {
    throw new InputError(`${policy}: parameter ${name} must be one of ${choices.join(", ")}, got '${raw}'`);
  }
  return v as T;
}
