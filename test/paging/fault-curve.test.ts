import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { policies } from "../../src/paging/catalog.ts";
import { simulate } from "../../src/paging/core/simulate.ts";
import { faultCurve, MAX_PER_SIZE_SIZES } from "../../src/paging/analysis/fault-curve.ts";
import { lruFaultCurve } from "../../src/paging/analysis/lru-curve.ts";
import { optFaultCurve } from "../../src/paging/analysis/opt-curve.ts";
import { readTrace } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";
import { traceFromKeys } from "../../src/paging/core/trace.ts";

const SEED = 4_111_970;

function perSize(name: string, requests: Int32Array, universe: number, ks: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const k of ks) out.set(k, simulate(policies.create(name, k, { seed: 1 }), requests, { universe }).faults);
  return out;
}

function dense(raw: readonly number[]): { requests: Int32Array; universe: number } {
  const { requests, distinct } = traceFromKeys(raw);
  return { requests, universe: distinct };
}

describe(`one-pass curves equal per-size simulate on random traces (fast-check seed ${SEED})`, () => {
  for (const [name, curve] of [["lru", lruFaultCurve], ["opt", optFaultCurve]] as const) {
    it(`${name}: every size 1..universe+2`, () => {
      console.log(`${name} curve property: fast-check seed ${SEED}`);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.nat(), { minLength: 0, maxLength: 160 }), (pages, raw) => {
          const { requests, universe } = dense(raw.map((v) => v % pages));
          const maxK = universe + 2;
          const got = Array.from(curve(requests, universe, maxK));
          const want = Array.from(perSize(name, requests, universe, Array.from({ length: maxK }, (_, i) => i + 1)).values());
          expect(got).toEqual(want);
        }),
        { seed: SEED, numRuns: 400 },
      );
    });
    it(`${name}: a curve cut at maxK below the universe is the prefix of the full one`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (raw, maxK) => {
          const { requests, universe } = dense(raw);
          const full = curve(requests, universe, universe + 50);
          expect(Array.from(curve(requests, universe, maxK))).toEqual(Array.from(full.subarray(0, maxK)));
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
  }
});

// Every small shared trace at every size up to its distinct pages (the curves are flat beyond).
const SMALL = ["lirs/cpp.trace", "lirs/cs.trace", "lirs/gli.trace", "lirs/ps.trace"];
describe("one-pass curves equal per-size simulate on the small shared traces, every size", () => {
  for (const file of SMALL) {
    it(file, async () => {
      const { trace } = await readTrace(tracePath(file));
      const maxK = trace.distinct + 1;
      for (const name of ["lru", "opt"]) {
        const got = faultCurve(name, trace.requests, trace.distinct, maxK);
        const want = perSize(name, trace.requests, trace.distinct, Array.from({ length: maxK }, (_, i) => i + 1));
        expect(Array.from(got), `${name} on ${file}`).toEqual(Array.from(want.values()));
      }
    }, 120_000);
  }
});

describe("faultCurve", () => {
  const { requests, universe } = dense([1, 2, 3, 1, 4, 2, 5, 1, 3, 3, 6, 2, 1]);
  it("runs other algorithms once per size, seeded, and matches simulate", () => {
    for (const name of ["fifo", "clock", "marker", "belady", "combine-det(lru,fifo)"]) {
      const got = faultCurve(name, requests, universe, 8, { seed: 1 });
      expect(Array.from(got), name).toEqual(Array.from(perSize(name, requests, universe, [1, 2, 3, 4, 5, 6, 7, 8]).values()));
    }
  });
  it("refuses algorithms that read predictions and per-size curves beyond the cap, before running", () => {
    expect(() => faultCurve("blind-oracle", requests, universe, 4)).toThrow(/reads predictions/);
    expect(() => faultCurve("fifo", requests, universe, MAX_PER_SIZE_SIZES + 1)).toThrow(/at most 4096 sizes/);
    expect(() => faultCurve("lru", requests, universe, 0)).toThrow(/positive integer/);
    expect(() => faultCurve("lru", requests, universe, 2 ** 23)).toThrow(/at most 4194304/);
  });
});
