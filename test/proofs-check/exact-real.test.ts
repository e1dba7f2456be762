import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { subtract, type Fraction } from "mathjs";
import { decimalFraction, lnBracket } from "../../src/proofs-check/exact-real.ts";
import { cmp, frac, show } from "../../src/proofs-check/exact.ts";

const SEED = 7_310_552;

/** ln 2 to 40 digits (OEIS A002162), as a fraction: the bracket must contain it. */
const LN2_40 = frac(6931471805599453094172321214581765680755n, 10n ** 40n);
const ULP40 = frac(1, 10n ** 40n);

describe("lnBracket", () => {
  it("brackets ln 2 within 2^−64 and contains its first 40 digits", () => {
    const { below, above } = lnBracket(frac(2));
    expect(cmp(below, subtract(LN2_40, ULP40) as Fraction) <= 0 && cmp(above, LN2_40) >= 0).toBe(true);
    expect(cmp(subtract(above, below) as Fraction, frac(2n, 1n << 64n)) <= 0, show(subtract(above, below) as Fraction)).toBe(true);
  });

  it("is exact at 1 and antisymmetric under 1/x", () => {
    expect(lnBracket(frac(1))).toEqual({ below: frac(0), above: frac(0) });
    const a = lnBracket(frac(3, 4));
    const b = lnBracket(frac(4, 3));
    expect(show(a.below)).toBe(`-${show(b.above)}`);
    expect(show(a.above)).toBe(`-${show(b.below)}`);
  });

  it(`contains Math.log(x) and is at most (|⌊log₂ x⌋| + 1)·2^−bits wide (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 80n }), fc.bigInt({ min: 1n, max: 1n << 40n }), fc.constantFrom(16, 40, 64), (n, d, bits) => {
        const x = frac(n, d);
        const { below, above } = lnBracket(x, bits);
        const ln = Math.log(Number(n)) - Math.log(Number(d));
        // Doubles carry ~1e−15 relative error: compare with that much room, then the width exactly.
        const room = 1e-12 * Math.max(1, Math.abs(ln));
        expect(Number(below.valueOf())).toBeLessThanOrEqual(ln + room);
        expect(Number(above.valueOf())).toBeGreaterThanOrEqual(ln - room);
        // |bit length of n − bit length of d| ≥ |⌊log₂ x⌋| (or the ⌊log₂ 1/x⌋ the bracket uses for x < 1).
        const j = Math.abs(n.toString(2).length - d.toString(2).length) + 1;
        expect(cmp(subtract(above, below) as Fraction, frac(BigInt(j), 1n << BigInt(bits))) <= 0).toBe(true);
        expect(cmp(below, above) <= 0).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("refuses x ≤ 0", () => {
    expect(() => lnBracket(frac(0))).toThrow(RangeError);
    expect(() => lnBracket(frac(-1, 2))).toThrow(RangeError);
  });
});

describe("decimalFraction", () => {
  it("reads the decimal as written, not the binary double", () => {
    expect(show(decimalFraction(0.01))).toBe("1/100");
    expect(show(decimalFraction(0.75))).toBe("3/4");
    expect(show(decimalFraction(1e-7))).toBe("1/10000000");
    expect(show(decimalFraction(2.5e21))).toBe("2500000000000000000000");
    expect(show(decimalFraction(-0.125))).toBe("-1/8");
    expect(show(decimalFraction(3))).toBe("3");
    expect(() => decimalFraction(Number.NaN)).toThrow(RangeError);
  });
});
