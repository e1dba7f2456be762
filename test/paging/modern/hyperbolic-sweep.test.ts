import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { Rng } from "../../../src/paging/core/rng.ts";
import { HeadSweep } from "../../../src/paging/structures/head-sweep.ts";
import { KernelRing } from "../../../src/paging/modern/hyperbolic-kernel.ts";
import { Hyperbolic, simulate } from "../../../src/paging/index.ts";
import { SweepModel } from "./hyperbolic-models.ts";

const SEED = 5_118_203;

describe("Hyperbolic's sweep sampling (libCacheSim's heads in a random order)", () => {
  it(`HeadSweep: the ring holds exactly the chain heads, each page keeps its pair, across doublings (fast-check seed ${SEED})`, () => {
    const op = fc.oneof(fc.record({ add: fc.nat({ max: 119 }) }), fc.record({ remove: fc.nat() }), fc.record({ bump: fc.nat() }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.nat(), fc.array(op, { maxLength: 300 }), (power, seed, ops) => {
        const capacity = 120;
        const sweep = new HeadSweep(120, power, capacity, new Float64Array(2 * capacity), new Rng(seed));
        const model = new SweepModel(power, new Rng(seed));
        const pairs = new Map<number, [number, number]>();
        ops.forEach((o, i) => {
          const held = [...pairs.keys()];
          if ("add" in o) {
            if (pairs.has(o.add)) return;
            sweep.addWith(o.add, 1, i);
            model.add(o.add);
            pairs.set(o.add, [1, i]);
          } else if (held.length > 0 && "remove" in o) {
            const page = held[o.remove % held.length];
            sweep.delete(page);
            model.delete(page);
            pairs.delete(page);
          } else if (held.length > 0 && "bump" in o) {
            const page = held[o.bump % held.length];
            sweep.increment(page);
            pairs.get(page)![0]++;
          }
          expect(Array.from(sweep.ringPages.subarray(0, sweep.headCount)), `after op ${i}`).toEqual(model.ring);
          expect(sweep.size).toBe(model.chains.buckets.length);
          for (const [page, [c, e]] of pairs) {
            expect(sweep.pairOf(page, 0), `count of ${page}`).toBe(c);
            expect(sweep.pairOf(page, 1), `entry of ${page}`).toBe(e);
          }
        });
        expect(sweep.length).toBe(pairs.size);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`the WebAssembly scan picks what a JavaScript scan picks: lowest count/age, earliest on ties, across the wrap (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.nat({ max: 30 })), { minLength: 1, maxLength: 150 }),
        fc.nat(),
        fc.nat(),
        (pairs, fromSeed, mSeed) => {
          const n = pairs.length;
          const ring = new KernelRing(n + (fromSeed % 3));
          pairs.forEach(([c, e], j) => {
            ring.pairs[2 * j] = c;
            ring.pairs[2 * j + 1] = e;
          });
          const t = 31;
          const from = fromSeed % n;
          const m = 1 + (mSeed % n);
          let best = -1;
          let bestCount = 1;
          let bestAge = 0;
          for (let i = 0; i < m; i++) {
            const j = (from + i) % n;
            const [c, e] = pairs[j];
            if (c * bestAge < bestCount * (t - e)) {
              bestCount = c;
              bestAge = t - e;
              best = j;
            }
          }
          expect(ring.argmin(t, from, m, n)).toBe(best);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`one policy reset on smaller and larger universes evicts as fresh ones: its WebAssembly ring is regrown or reused, never stale (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 300 }), { minLength: 1, maxLength: 300 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 1, max: 40 }), (traces, k) => {
        const reused = new Hyperbolic(k, 7, 4);
        for (const list of traces) {
          const requests = Int32Array.from(list);
          const again = simulate(reused, requests, { recordEvictions: true }).evictions!.pages;
          const fresh = simulate(new Hyperbolic(k, 7, 4), requests, { recordEvictions: true }).evictions!.pages;
          expect(Array.from(again)).toEqual(Array.from(fresh));
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("the kernel's bytes are hyperbolic-kernel.wat assembled (scripts/build-wasm.mjs --check)", () => {
    const run = spawnSync(process.execPath, ["scripts/build-wasm.mjs", "--check"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
  });
});
