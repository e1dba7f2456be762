import type { Fraction } from "mathjs";
import { frac } from "./exact.ts";

/**
 * Exact rational handles on two kinds of reals the bounds meet: natural logarithms (irrational,
 * so bracketed between rationals with a guaranteed width) and parameters written as decimals
 * (`gamma=0.01` means 1/100, not the nearest double).
 */

/** Rational bounds of a real: `below ≤ x ≤ above`. */
export interface Bracket {
  /** A rational at most the real. */
  readonly below: Fraction;
  /** A rational at least the real. */
  readonly above: Fraction;
}

/**
 * Rationals with below ≤ ln x ≤ above and above − below ≤ (|⌊log₂ x⌋| + 1)·2^−bits, for a
 * fraction x > 0 — exact, no floating point: x = 2^j·y with y ∈ [1, 2), ln y = 2·artanh(z) with
 * z = (y−1)/(y+1) < 1/3 summed as a series in integer fixed point (each term rounded down for
 * `below`, up for `above`, plus the series' tail bound 2z^{2N+1}/((2N+1)(1−z²)) for `above`), and
 * ln 2 = 2·artanh(1/3) the same way. Throws a `RangeError` for x ≤ 0 or bits outside [8, 512].
 */
export function lnBracket(x: Fraction, bits = 64): Bracket {
  if (x.s < 0n || x.n === 0n) throw new RangeError("lnBracket needs x > 0");
  if (!Number.isInteger(bits) || bits < 8 || bits > 512) throw new RangeError(`lnBracket needs 8 ≤ bits ≤ 512, got ${bits}`);
  if (x.n < x.d) {
    const inverse = lnBracket(frac(x.d, x.n), bits);
    return { below: negate(inverse.above), above: negate(inverse.below) };
  }
  const scaleBits = BigInt(bits + 8);
  let j = x.n.toString(2).length - x.d.toString(2).length;
  if (x.d << BigInt(Math.max(j, 0)) > x.n) j--;
  // y = n / (d·2^j) ∈ [1, 2); z = (y − 1)/(y + 1) = (n − d·2^j)/(n + d·2^j).
  const base = x.d << BigInt(j);
  const y = artanhTimesTwo(x.n - base, x.n + base, scaleBits);
  const ln2 = artanhTimesTwo(1n, 3n, scaleBits);
  const J = BigInt(j);
  const denominator = 1n << scaleBits;
  return { below: frac(J * ln2.low + y.low, denominator), above: frac(J * ln2.high + y.high, denominator) };
}

/** 2·artanh(p/q)·2^s rounded down and up (0 ≤ p/q ≤ 1/3), by the series and its tail bound. */
function artanhTimesTwo(p: bigint, q: bigint, s: bigint): { low: bigint; high: bigint } {
  if (p === 0n) return { low: 0n, high: 0n };
  let low = 0n;
  let high = 0n;
  const scale = 1n << s;
  let num = p; // p^(2i+1)
  let den = q; // q^(2i+1)
  for (let i = 0n; ; i++) {
    const odd = 2n * i + 1n;
    // term = 2·num/(odd·den)·2^s
    const t = 2n * num * scale;
    const d = odd * den;
    low += t / d;
    high += (t + d - 1n) / d;
    num *= p * p;
    den *= q * q;
    // Tail after this term: 2·z^{2i+3}/((2i+3)(1 − z²)) ≤ 2·num/den·(9/8)/(2i+3), scaled, rounded up.
    const tailNum = 2n * num * scale * 9n;
    const tailDen = den * 8n * (odd + 2n);
    const tail = (tailNum + tailDen - 1n) / tailDen;
    if (tail <= 1n) return { low, high: high + tail };
  }
}

function negate(x: Fraction): Fraction {
  return frac(-x.s * x.n, x.d);
}

/**
 * The exact value of a decimal literal as written: `decimalFraction(0.01)` is 1/100 (from the
 * shortest round-trip text of the double, `String(x)`), where `fraction(0.01)` would give the
 * binary double's value or a continued-fraction guess. Parameters such as γ = 0.01 are meant as
 * decimals. Throws a `RangeError` for NaN or ±∞.
 */
export function decimalFraction(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`decimalFraction needs a finite number, got ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (m === null) throw new RangeError(`decimalFraction cannot read '${String(x)}'`);
  const [, sign, whole, fractional = "", exponent = "0"] = m;
  const digits = BigInt(whole + fractional) * (sign === "-" ? -1n : 1n);
  const e = Number(exponent) - fractional.length;
  return e >= 0 ? frac(digits * 10n ** BigInt(e)) : frac(digits, 10n ** BigInt(-e));
}
