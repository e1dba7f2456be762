import { add, compare, fraction, type Fraction } from "mathjs";

/**
 * Exact rational helpers for the bound checks. Every constant of a classical paging bound is
 * rational (k, k/(k−h+1), ½) or a harmonic number, so claims are compared without floating
 * point: a rounding error can neither hide a violation nor invent one.
 */

/** The exact fraction n/d (d defaults to 1). n and d must be safe integers, d ≠ 0. */
export function frac(n: number | bigint, d: number | bigint = 1): Fraction {
  return fraction(BigInt(n), BigInt(d)) as Fraction;
}

const harmonicMemo: Fraction[] = [frac(0)];

/** H_k = Σ_{i=1..k} 1/i as an exact fraction (H_0 = 0). Memoized; k must be a non-negative integer. */
export function harmonic(k: number): Fraction {
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`harmonic number needs an integer k ≥ 0, got ${k}`);
  for (let i = harmonicMemo.length; i <= k; i++) harmonicMemo.push(add(harmonicMemo[i - 1], frac(1, i)) as Fraction);
  return harmonicMemo[k];
}

/** −1, 0 or 1 as a < b, a = b, a > b (exact). */
export function cmp(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const c = Number((compare(a, b) as Fraction).valueOf());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** `n/d` in lowest terms, or `n` for an integer — for messages (never for comparisons). */
export function show(x: Fraction): string {
  const sign = x.s < 0n ? "-" : "";
  return x.d === 1n ? `${sign}${x.n}` : `${sign}${x.n}/${x.d}`;
}

/** Decimal approximation for human-readable messages only. */
export function approx(x: Fraction, digits = 4): string {
  return Number(x.valueOf()).toFixed(digits);
}
