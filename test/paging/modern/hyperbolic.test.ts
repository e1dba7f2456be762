import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Hyperbolic, policies, simulate } from "../../../src/paging/index.ts";
import { Rng } from "../../../src/paging/core/rng.ts";
import { BucketWalk, lcgJump } from "../../../src/paging/structures/bucket-walk.ts";
import { bucketHash } from "../../../src/paging/structures/chained-table.ts";
import { sweepModelEvictions, walkModelEvictions } from "./hyperbolic-models.ts";
import { InputError } from "../../../src/errors.ts";

const SEED = 6_230_517;

describe("Hyperbolic's samplers", () => {
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

  for (const [sampling, model, what] of [
    ["buckets", walkModelEvictions, "a draw-by-draw model of libCacheSim's table and LCG"],
    ["sweep", sweepModelEvictions, "a plain model of the sweep (chains and ring as arrays)"],
  ] as const) {
    it(`sampling=${sampling} evicts exactly as ${what} (small tables: whole scans, growth; fast-check seed ${SEED})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 24 }),
          fc.integer({ min: 0, max: 4 }),
          fc.constantFrom(1, 3, 64),
          fc.nat({ max: 1000 }),
          fc.array(fc.nat({ max: 59 }), { minLength: 1, maxLength: 400 }),
          (k, power, samples, seed, list) => {
            const requests = Int32Array.from(list);
            const ours = simulate(new Hyperbolic(k, seed, samples, sampling, power), requests, { recordEvictions: true }).evictions!.pages;
            expect(Array.from(ours)).toEqual(model(requests, k, seed, power, samples));
          },
        ),
        { seed: SEED, numRuns: 300 },
      );
    });
  }

  it("takes sampling=sweep (default)|buckets|uniform, three different samplers, and refuses others with an InputError", () => {
    // Far more heads than samples, so each sampler's choice of heads shows in its evictions.
    const rng = new Rng(11);
    const requests = Int32Array.from({ length: 6000 }, () => Math.floor(rng.next() * rng.next() * 2000));
    const run = (name: string): number[] => Array.from(simulate(policies.create(name, 300, { seed: 3 }), requests, { recordEvictions: true }).evictions!.pages);
    const sweep = run("hyperbolic[samples=8]");
    expect(run("hyperbolic[samples=8,sampling=sweep]")).toEqual(sweep);
    const buckets = run("hyperbolic[samples=8,sampling=buckets]");
    const uniform = run("hyperbolic[samples=8,sampling=uniform]");
    expect(buckets).not.toEqual(sweep);
    expect(uniform).not.toEqual(sweep);
    expect(uniform).not.toEqual(buckets);
    expect(() => policies.create("hyperbolic[sampling=hash]", 10)).toThrow(InputError);
  });
});
