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

/**
 * The exact value of a finite double as a fraction (its binary expansion: m·2^e), unlike
 * mathjs' `fraction(x)`, which approximates. Throws a `RangeError` for NaN or ±∞.
 */
export function exactDouble(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`exactDouble needs a finite number, got ${x}`);
  if (Number.isSafeInteger(x)) return frac(x);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fractionBits : fractionBits | (1n << 52n);
  const e = (exponent === 0 ? 1 : exponent) - 1075; // value = mantissa · 2^e
  const signed = negative ? -mantissa : mantissa;
  return e >= 0 ? frac(signed << BigInt(e)) : frac(signed, 1n << BigInt(-e));
}

/** ⌊√x · 2^bits⌋ / 2^bits for a fraction x ≥ 0: a rational lower bound of √x within 2^−bits. */
export function sqrtBelow(x: Fraction, bits = 20): Fraction {
  if (x.s < 0n && x.n !== 0n) throw new RangeError("sqrtBelow needs x ≥ 0");
  // √(n/d) = √(n·d)/d; scale by 2^bits before taking the integer root.
  const scaled = x.n * x.d << BigInt(2 * bits);
  return frac(isqrt(scaled), x.d << BigInt(bits));
}

/** ⌊√n⌋ by Newton's iteration from above (exact for any size). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
