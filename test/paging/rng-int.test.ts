import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng, remainder } from "../../src/paging/core/rng.ts";

const SEED = 20260523;
const TWO_32 = 2n ** 32n;

/**
 * `Rng.int(n)` by its definition, in exact BigInt arithmetic, on a twin generator's 32-bit
 * words: reject x ≥ 2^32 − (2^32 mod n), return x mod n. Every seeded study depends on these
 * values, so an implementation change must reproduce them exactly.
 */
function intModel(words: Rng, n: number): number {
  if (n <= 1) return 0;
  const big = BigInt(n);
  const limit = TWO_32 - (TWO_32 % big);
  let x = BigInt(words.nextU32());
  while (x >= limit) x = BigInt(words.nextU32());
  return Number(x % big);
}

// Bounds that stress the rejection limit: tiny n, powers of two (no rejection), just above a
// power of two and just below 2^32 (rejection of almost half the words), and 2^32 itself.
const bound = fc.oneof(
  fc.integer({ min: 1, max: 64 }),
  fc.integer({ min: 1, max: 31 }).map((e) => 2 ** e),
  fc.integer({ min: 1, max: 31 }).map((e) => 2 ** e + 1),
  fc.integer({ min: 2 ** 31 + 1, max: 2 ** 32 }),
  fc.integer({ min: 1, max: 2 ** 32 }),
);

describe(`Rng.int draws exactly its definition (fast-check seed ${SEED})`, () => {
  it("remainder(x, n) = x mod n exactly, near multiples of n and up to 2^53 − 1 included", () => {
    const exact = (x: number, n: number): number => Number(BigInt(x) % BigInt(n));
    const hard = [1, 2, 3, 7, 10, 1000, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 2, 2 ** 32 - 1];
    for (const n of hard) {
      // Around 0, the multiples of n and 2^32, where a rounded quotient is off by one.
      for (const x of [0, 1, n - 1, n, n + 1, 2 * n - 1, 2 * n, 2 ** 32 - 1, 2 ** 32, 2 ** 32 - n, 2 ** 32 - n - 1]) {
        if (x >= 0 && x <= 2 ** 32) expect(remainder(x, n)).toBe(exact(x, n));
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 }), fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.integer({ min: -2, max: 2 }), (x, n, d) => {
        // Also x next to the largest multiple of n below it.
        const near = Math.min(2 ** 32, Math.max(0, x - (x % n) + d));
        expect(remainder(x, n)).toBe(exact(x, n));
        expect(remainder(near, n)).toBe(exact(near, n));
      }),
      { seed: SEED, numRuns: 20000 },
    );
    // The proof's limit: every x below 2^53, with large and small n.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: -2, max: 2 }), (x, n, d) => {
        const near = Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, x - (x % n) + d));
        expect(remainder(x, n)).toBe(exact(x, n));
        expect(remainder(near, n)).toBe(exact(near, n));
        expect(remainder(near, (n % 1000) + 1)).toBe(exact(near, (n % 1000) + 1));
      }),
      { seed: SEED, numRuns: 20000 },
    );
  });

  it("same values and the same number of words consumed as the exact model, for every bound", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(bound, { minLength: 1, maxLength: 60 }), (seed, bounds) => {
        const rng = new Rng(seed);
        const twin = new Rng(seed);
        for (const n of bounds) expect(rng.int(n)).toBe(intModel(twin, n));
        // Still in step: the next raw word agrees.
        expect(rng.nextU32()).toBe(twin.nextU32());
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
