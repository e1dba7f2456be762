import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { EVICT, KEEP } from "../../src/paging/index.ts";
import { bitErrors, nextArrivalError, nextArrivalQuality, perfectNextArrival } from "../../src/predictors/index.ts";

const SEED = 700_101;

/** η with exact bigint arithmetic, from the definition (integer-valued or infinite entries). */
function naiveEta(h: number[], y: number[], never: number): bigint {
  let sum = 0n;
  for (let t = 0; t < h.length; t++) {
    if (h[t] === Infinity && y[t] === Infinity) continue;
    const a = BigInt(h[t] === Infinity ? never : h[t]);
    const b = BigInt(y[t] === Infinity ? never : y[t]);
    sum += a > b ? a - b : b - a;
  }
  return sum;
}

const entry = fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.constant(Infinity));

describe("nextArrivalError (ℓ1 η)", () => {
  it(`is exact on integer and infinite entries, against bigint arithmetic (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(entry, entry), { maxLength: 200 }),
        fc.integer({ min: 0, max: 2 ** 42 }),
        (pairs, never) => {
          const h = pairs.map((p) => p[0]);
          const y = pairs.map((p) => p[1]);
          const eta = nextArrivalError(Float64Array.from(h), Float64Array.from(y), { neverAgain: never });
          expect(BigInt(eta)).toBe(naiveEta(h, y, never));
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("treats never-again on both sides as 0 and a one-sided never-again with the given time", () => {
    const y = Float64Array.of(3, Infinity, Infinity, 7);
    const h = Float64Array.of(3, Infinity, 10, Infinity);
    expect(nextArrivalError(h, y, { neverAgain: 100 })).toBe(0 + 0 + 90 + 93);
    expect(nextArrivalError(h, y, { neverAgain: 10 })).toBe(0 + 0 + 0 + 3);
  });

  it("sums non-integer terms accurately (compensated)", () => {
    const n = 100_000;
    const h = new Float64Array(n).fill(1e9 + 0.1);
    const y = new Float64Array(n).fill(1e9);
    // Each term is 0.1 up to the spacing of doubles near 1e9 (2^-23); the sum must not drift further.
    const term = 1e9 + 0.1 - 1e9;
    expect(Math.abs(nextArrivalError(h, y, { neverAgain: 0 }) - n * term)).toBeLessThan(1e-6);
  });

  it("refuses NaN, −∞, length mismatches and a non-finite never-again time", () => {
    expect(() => nextArrivalError(Float64Array.of(Number.NaN), Float64Array.of(1), { neverAgain: 5 })).toThrow(/entry 0/);
    expect(() => nextArrivalError(Float64Array.of(-Infinity), Float64Array.of(1), { neverAgain: 5 })).toThrow(InputError);
    expect(() => nextArrivalError(Float64Array.of(1), Float64Array.of(1, 2), { neverAgain: 5 })).toThrow(/1 predictions for 2/);
    expect(() => nextArrivalError(Float64Array.of(1), Float64Array.of(1), { neverAgain: Infinity })).toThrow(/finite/);
  });
});

describe("bitErrors (η₀ false keeps, η₁ false evicts)", () => {
  it(`counts exactly as the definition (fast-check seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), { maxLength: 300 }), (pairs) => {
        const b = Uint8Array.from(pairs.map((p) => p[0]));
        const y = Uint8Array.from(pairs.map((p) => p[1]));
        const falseKeeps = pairs.filter(([p, t]) => p === KEEP && t === EVICT).length;
        const falseEvicts = pairs.filter(([p, t]) => p === EVICT && t === KEEP).length;
        expect(bitErrors(b, y)).toEqual({ eta0: falseKeeps, eta1: falseEvicts });
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it("refuses values other than KEEP/EVICT", () => {
    expect(() => bitErrors(Uint8Array.of(0, 2), Uint8Array.of(0, 1))).toThrow(/entry 1 is 2/);
  });
});

describe("nextArrivalQuality", () => {
  it("reports η and the counts against the perfect oracle", () => {
    const requests = Int32Array.of(0, 1, 0, 1, 2);
    // truth: 2, 3, ∞, ∞, ∞
    const predicted = Float64Array.of(2, 1, Infinity, 9, Infinity);
    const q = nextArrivalQuality(requests, predicted, { neverAgain: 50 });
    expect(q).toEqual({ n: 5, eta: 0 + 2 + 0 + 41 + 0, exact: 3, neverAgainMismatches: 1, early: 1 });
    expect(nextArrivalQuality(requests, perfectNextArrival(requests), { neverAgain: 50 }).eta).toBe(0);
    expect(() => nextArrivalQuality(requests, Float64Array.of(1), { neverAgain: 50 })).toThrow(/1 predictions for 5 requests/);
  });
});
