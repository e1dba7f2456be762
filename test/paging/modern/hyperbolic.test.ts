import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Hyperbolic, policies, simulate } from "../../../src/paging/index.ts";
import { Rng } from "../../../src/paging/core/rng.ts";
import { BucketWalk, bucketHash, lcgJump } from "../../../src/paging/structures/bucket-walk.ts";
import { InputError } from "../../../src/errors.ts";

const SEED = 6_230_517;

/**
 * libCacheSim's Hyperbolic (`Hyperbolic.c`, `chainedHashTableV2.c`), written the plain way: a
 * 64-bit BigInt LCG drawn once per bucket probe, buckets as arrays with the newest page first,
 * the table doubled when it holds more pages than buckets (re-pushed bucket by bucket), each
 * eviction the lowest count/age among the heads of `samples` non-empty buckets drawn.
 */
function modelEvictions(requests: Int32Array, k: number, seed: number, power: number, samples: number): number[] {
  // The low 32 bits start where Hyperbolic's do; the high bits are arbitrary (they never reach the low ones).
  let state = BigInt(new Rng(seed).nextU32()) | (0xdeadbeefn << 32n);
  const nextRand = (): bigint => {
    state = (6364136223846793005n * state + 1442695040888963407n) & 0xffffffffffffffffn;
    return state;
  };
  let buckets: number[][] = Array.from({ length: 2 ** power }, () => []);
  let held = 0;
  const count = new Map<number, number>();
  const entered = new Map<number, number>();
  const evictions: number[] = [];
  requests.forEach((page, t) => {
    if (count.has(page)) {
      count.set(page, count.get(page)! + 1);
      return;
    }
    if (held === k) {
      let victim = -1;
      let best = Infinity;
      for (let i = 0; i < samples; i++) {
        let b = Number(nextRand() & BigInt(buckets.length - 1));
        while (buckets[b].length === 0) b = Number(nextRand() & BigInt(buckets.length - 1));
        const p = buckets[b][0];
        const score = count.get(p)! / (t - entered.get(p)!);
        if (score < best) {
          best = score;
          victim = p;
        }
      }
      const b = bucketHash(victim) & (buckets.length - 1);
      buckets[b].splice(buckets[b].indexOf(victim), 1);
      count.delete(victim);
      held--;
      evictions.push(victim);
    }
    if (held > buckets.length) {
      const old = buckets;
      buckets = Array.from({ length: old.length * 2 }, () => []);
      for (const chain of old) for (const p of chain) buckets[bucketHash(p) & (buckets.length - 1)].unshift(p);
    }
    buckets[bucketHash(page) & (buckets.length - 1)].unshift(page);
    held++;
    count.set(page, 1);
    entered.set(page, t);
  });
  return evictions;
}

describe("Hyperbolic's bucket-walk sampling (libCacheSim's rule)", () => {
  it("lcgJump(s, n) is n steps of the low 32 bits of libCacheSim's MMIX LCG", () => {
    for (const s0 of [0, 1, 1804289383, 0xffffffff]) {
      let big = BigInt(s0);
      for (let n = 0; n <= 70; n++) {
        expect(lcgJump(s0, n), `s=${s0} n=${n}`).toBe(Number(big & 0xffffffffn));
        big = (6364136223846793005n * big + 1442695040888963407n) & 0xffffffffffffffffn;
      }
    }
    expect(lcgJump(lcgJump(12345, 2 ** 31 + 7), 2 ** 31 - 7)).toBe(12345); // period 2^32
  });

  it(`BucketWalk: heads in cycle order follow the LCG's draws, also after draws recorded by advance() and a doubling (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.nat({ max: 5000 }), fc.uniqueArray(fc.nat({ max: 199 }), { minLength: 1, maxLength: 40 }), (s0, power, draws, pages) => {
        const walk = new BucketWalk(200, power, s0);
        let state = BigInt(s0);
        const step = (): bigint => (state = (6364136223846793005n * state + 1442695040888963407n) & 0xffffffffffffffffn);
        const half = pages.slice(0, Math.min(pages.length, 2 ** power));
        for (const p of half) walk.add(p);
        // Draw `draws` times: the cursor moves one rank a draw.
        walk.cursor = (walk.cursor + draws) & (walk.size - 1);
        walk.advance(draws);
        for (let i = 0; i < draws; i++) step();
        for (const p of pages.slice(half.length)) walk.add(p);
        // The chains as libCacheSim keeps them: newest first, reversed by each doubling's re-push.
        let chains: number[][] = Array.from({ length: 2 ** power }, () => []);
        for (const p of pages) {
          if (chains.flat().length > chains.length) {
            const old = chains;
            chains = Array.from({ length: old.length * 2 }, () => []);
            for (const chain of old) for (const q of chain) chains[bucketHash(q) & (chains.length - 1)].unshift(q);
          }
          chains[bucketHash(p) & (chains.length - 1)].unshift(p);
        }
        expect(walk.size).toBe(chains.length);
        const heads = new Map<number, number>();
        chains.forEach((chain, b) => chain.length > 0 && heads.set(b, chain[0]));
        for (let i = 1; i <= 2 * walk.size; i++) {
          const b = Number(step() & BigInt(walk.size - 1));
          expect(walk.heads[(walk.cursor + i) & (walk.size - 1)], `draw ${i}`).toBe(heads.get(b) ?? -1);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`evicts exactly as a draw-by-draw model of libCacheSim's table and LCG (small tables: sweeps, growth; fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(1, 3, 64),
        fc.nat({ max: 1000 }),
        fc.array(fc.nat({ max: 59 }), { minLength: 1, maxLength: 400 }),
        (k, power, samples, seed, list) => {
          const requests = Int32Array.from(list);
          const ours = simulate(new Hyperbolic(k, seed, samples, false, power), requests, { recordEvictions: true }).evictions!.pages;
          expect(Array.from(ours)).toEqual(modelEvictions(requests, k, seed, power, samples));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("takes sampling=buckets|uniform, and refuses others with an InputError", () => {
    const requests = Int32Array.from({ length: 3000 }, (_, i) => (i * 7919) % 257);
    const buckets = simulate(policies.create("hyperbolic", 50, { seed: 3 }), requests, { recordEvictions: true }).evictions!.pages;
    const uniform = simulate(policies.create("hyperbolic[sampling=uniform]", 50, { seed: 3 }), requests, { recordEvictions: true }).evictions!.pages;
    expect(Array.from(simulate(policies.create("hyperbolic[sampling=buckets]", 50, { seed: 3 }), requests, { recordEvictions: true }).evictions!.pages)).toEqual(Array.from(buckets));
    expect(Array.from(uniform)).not.toEqual(Array.from(buckets));
    expect(() => policies.create("hyperbolic[sampling=hash]", 10)).toThrow(InputError);
  });
});
