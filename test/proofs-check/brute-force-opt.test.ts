import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate } from "../../src/paging/index.ts";
import { bruteForceOpt, OptFrontier, BRUTE_FORCE_MAX_PAGES } from "../../src/proofs-check/brute-force-opt.ts";
import { InputError } from "../../src/errors.ts";
import { smallInstance, showInstance } from "./arbitraries.ts";

const SEED = 1_966_0501;

/** Replay a schedule under demand paging: it must be legal, and its cost is returned. */
function replay(requests: Int32Array, k: number, evictions: Int32Array): number {
  const cache = new Set<number>();
  let faults = 0;
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (cache.has(p)) {
      expect(evictions[t]).toBe(-1);
      continue;
    }
    faults++;
    if (cache.size === k) {
      expect(cache.has(evictions[t]), `evicts a resident page at ${t}`).toBe(true);
      cache.delete(evictions[t]);
    } else expect(evictions[t]).toBe(-1);
    cache.add(p);
  }
  return faults;
}

describe("exhaustive optimum", () => {
  it("solves hand-checked instances", () => {
    // k = 2 on the loop 0 1 2 0 1 2: 3 cold-ish faults, then one fault per 2 requests.
    expect(bruteForceOpt([0, 1, 2, 0, 1, 2], 2).cost).toBe(4);
    // k = 1: every change of page faults.
    expect(bruteForceOpt([3, 3, 5, 3, 5, 5], 1).cost).toBe(4);
    expect(bruteForceOpt([], 3).cost).toBe(0);
    // Arbitrary page ids are fine (relabelled internally), and the schedule uses them.
    const r = bruteForceOpt([100, 7, 42, 100, 7], 2);
    expect(r.cost).toBe(4);
    expect([100, 7]).toContain(r.evictions[2]);
  });

  it(`Belady = the exhaustive optimum on random instances, k ≤ 4, n ≤ 14 (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(smallInstance(4, 14, 4), (inst) => {
        const exact = bruteForceOpt(inst.requests, inst.k);
        const belady = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        expect(belady, showInstance(inst)).toBe(exact.cost);
        expect(replay(inst.requests, inst.k, exact.evictions), showInstance(inst)).toBe(exact.cost);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it(`OptFrontier: push/pop keeps every prefix optimum (seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(smallInstance(3, 12, 2, 1), fc.integer({ min: 0, max: 11 }), (inst, cut) => {
        const f = new OptFrontier(inst.k, inst.universe);
        for (const p of inst.requests) f.push(p);
        const keep = Math.min(cut, inst.requests.length);
        while (f.length > keep) f.pop();
        // Extend again with the same requests: the optima must match a fresh solve.
        for (let t = keep; t < inst.requests.length; t++) f.push(inst.requests[t]);
        for (let t = 0; t <= inst.requests.length; t++) {
          expect(f.optOfPrefix(t)).toBe(bruteForceOpt(inst.requests.subarray(0, t), inst.k).cost);
        }
        expect(Array.from(f.requests())).toEqual(Array.from(inst.requests));
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it("rejects instances beyond its limits with InputError", () => {
    expect(() => bruteForceOpt([0], 0)).toThrow(InputError);
    expect(() => bruteForceOpt([-1], 2)).toThrow(InputError);
    const tooMany = Array.from({ length: BRUTE_FORCE_MAX_PAGES + 1 }, (_, i) => i);
    expect(() => bruteForceOpt(tooMany, 2)).toThrow(InputError);
    expect(() => new OptFrontier(2, 3).push(3)).toThrow(InputError);
  });
});
