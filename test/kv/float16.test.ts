import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { halfTable, halfToNumber, numberToHalf } from "../../src/kv/float16.ts";

const SEED = 1606;

describe("float16", () => {
  it("decodes the landmark bit patterns", () => {
    expect(halfToNumber(0x0000)).toBe(0);
    expect(Object.is(halfToNumber(0x8000), -0)).toBe(true);
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0xc000)).toBe(-2);
    expect(halfToNumber(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(halfToNumber(0x7bff)).toBe(65504); // largest finite
    expect(halfToNumber(0x0400)).toBe(2 ** -14); // smallest normal
    expect(halfToNumber(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToNumber(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(halfToNumber(0x7c00)).toBe(Infinity);
    expect(halfToNumber(0xfc00)).toBe(-Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
  });

  it("the table agrees with the decoder and encode∘decode is the identity on all 65,536 patterns", () => {
    const table = halfTable();
    // Plain comparisons, one assertion at the end (an expect per pattern took seconds).
    const wrong: string[] = [];
    for (let b = 0; b < 65536; b++) {
      const v = halfToNumber(b);
      if (Number.isNaN(v)) {
        if (!Number.isNaN(table[b]) || !Number.isNaN(halfToNumber(numberToHalf(v)))) wrong.push(`0x${b.toString(16)} (NaN)`);
        continue;
      }
      if (!Object.is(table[b], v) || numberToHalf(v) !== b) wrong.push(`0x${b.toString(16)}: table ${table[b]}, decoded ${v}, re-encoded 0x${numberToHalf(v).toString(16)}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it(`encoding rounds to the nearest half, ties to even (seed ${SEED})`, () => {
    expect(numberToHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1+2^-10: to even (1)
    expect(numberToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway, rounds up to even mantissa 2
    expect(numberToHalf(65519)).toBe(0x7bff);
    expect(numberToHalf(65520)).toBe(0x7c00); // halfway to 2^16 overflows
    expect(numberToHalf(2 ** -25)).toBe(0x0000); // halfway to the smallest subnormal: to even (0)
    expect(numberToHalf(3 * 2 ** -25)).toBe(0x0002);
    fc.assert(
      fc.property(fc.double({ min: -70000, max: 70000, noNaN: true }), (x) => {
        const h = numberToHalf(x);
        const v = halfToNumber(h);
        if (!Number.isFinite(v)) return Math.abs(x) >= 65520;
        // No other finite half is strictly closer to x.
        for (const n of [h - 1, h + 1, h ^ 0x8000]) {
          if (n < 0 || n > 0xffff) continue;
          const w = halfToNumber(n);
          if (Number.isFinite(w) && Math.abs(w - x) < Math.abs(v - x)) return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });
});
