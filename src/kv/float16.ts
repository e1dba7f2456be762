/**
 * IEEE 754 binary16 (half precision) decoding and encoding, without dependencies.
 *
 * The shared attention traces store probabilities and value vectors as little-endian float16;
 * decoding goes through a 65,536-entry table so that reading a trace costs one lookup per value.
 * @module
 */

let table: Float64Array | null = null;

/** The exact value of the half-precision bit pattern `bits` (0..65535), NaN and ±Infinity included. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/**
 * The decoding table: `halfTable()[bits]` is {@link halfToNumber}(bits). Built once and shared;
 * callers must not write to it.
 */
export function halfTable(): Float64Array {
  if (table === null) {
    table = new Float64Array(65536);
    for (let b = 0; b < 65536; b++) table[b] = halfToNumber(b);
  }
  return table;
}

/**
 * The half-precision bit pattern nearest to `x` (round to nearest, ties to even, as IEEE 754
 * conversion does); overflow gives ±Infinity, NaN gives a quiet NaN. For every finite half h,
 * `numberToHalf(halfToNumber(h)) === h` (tested over all 65,536 patterns, ±0 kept distinct).
 */
export function numberToHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  // Values at or above 65520 (halfway between the largest half, 65504, and 2^16) round to infinity.
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // Subnormal range: units of 2^-24, rounded half to even.
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let exponent = Math.floor(Math.log2(a));
  // log2 can be off by one near powers of two; correct it exactly.
  if (2 ** exponent > a) exponent--;
  if (2 ** (exponent + 1) <= a) exponent++;
  let mantissa = roundHalfEven((a / 2 ** exponent - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    exponent++;
  }
  if (exponent > 15) return sign | 0x7c00;
  return sign | ((exponent + 15) << 10) | mantissa;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
