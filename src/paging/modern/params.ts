/**
 * Reading the parameters of the modern policies (`2q[ain-size-ratio=0.3]`): each turns a bad
 * value into a one-line {@link InputError} naming the policy and the parameter.
 * @module
 */
import { InputError } from "../../errors.ts";

/** Parameters as the registry passes them (numbers or strings). */
export type Params = Readonly<Record<string, number | string>> | undefined;

/**
 * The number `params[name]`, or `fallback` when absent; it must be finite and within
 * [min, max] (and an integer when `integer`), else an {@link InputError}.
 */
export function numberParam(
  policy: string,
  params: Params,
  name: string,
  fallback: number,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = params?.[name];
  if (raw === undefined) return fallback;
  const v = typeof raw === "number" ? raw : Number(raw.trim());
  if (String(raw).trim() === "" || !Number.isFinite(v)) throw new InputError(`${policy}: parameter ${name} must be a number, got '${raw}'`);
  if (range.integer && !Number.isInteger(v)) throw new InputError(`${policy}: parameter ${name} must be an integer, got '${raw}'`);
  if (range.min !== undefined && v < range.min) throw new InputError(`${policy}: parameter ${name} must be ≥ ${range.min}, got '${raw}'`);
  if (range.max !== undefined && v > range.max) throw new InputError(`${policy}: parameter ${name} must be ≤ ${range.max}, got '${raw}'`);
  return v;
}

/** The string `params[name]` (or `fallback`), lower-cased, which must be one of `choices`. */
export function choiceParam<T extends string>(policy: string, params: Params, name: string, fallback: T, choices: readonly T[]): T {
  const raw = params?.[name];
  if (raw === undefined) return fallback;
  const v = String(raw).trim().toLowerCase();
  if (!(choices as readonly string[]).includes(v)) {
    throw new InputError(`${policy}: parameter ${name} must be one of ${choices.join(", ")}, got '${raw}'`);
  }
  return v as T;
}

/** Rules a policy can follow: libCacheSim's code (the default) or the paper's text. */
export type Variant = "libcachesim" | "paper";

/** The choices of a `variant` parameter. */
export const VARIANTS: readonly Variant[] = ["libcachesim", "paper"];
