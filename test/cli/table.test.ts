import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grouped } from "../../src/cli/table.ts";

const SEED = 20_261_129;

describe(`grouped (fast-check seed ${SEED})`, () => {
  it("writes every number exactly as toLocaleString('en-US') does", () => {
    console.log(`grouped: fast-check seed ${SEED}`);
    for (const n of [0, -0, 7, 999, 1000, -1000, 1_061_057, 5_000_000, -123_456_789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1.5, NaN, Infinity]) {
      expect(grouped(n)).toBe(n.toLocaleString("en-US"));
    }
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer(), fc.double()), (n) => {
        expect(grouped(n)).toBe(n.toLocaleString("en-US"));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
