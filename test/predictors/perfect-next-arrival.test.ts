import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { perfectNextArrival, resolveNeverAgain, studyNeverAgain } from "../../src/predictors/index.ts";
import { smallInstance, showInstance } from "../proofs-check/arbitraries.ts";

const SEED = 700_001;

/** The definition, literally: scan forward from t + 1 for the same page. O(n²). */
function naiveNext(requests: Int32Array, never: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < requests.length; t++) {
    let found = never;
    for (let u = t + 1; u < requests.length; u++) {
      if (requests[u] === requests[t]) {
        found = u;
        break;
      }
    }
    out.push(found);
  }
  return out;
}

describe("perfectNextArrival", () => {
  it(`equals the naive O(n²) scan, for each never-again convention (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(smallInstance(5, 60, 6), (inst) => {
        const n = inst.requests.length;
        for (const [option, never] of [
          [undefined, Infinity],
          ["study", 10000 * n],
          [n + 3, n + 3],
        ] as const) {
          const got = Array.from(perfectNextArrival(inst.requests, { neverAgain: option }));
          expect(got, showInstance(inst)).toEqual(naiveNext(inst.requests, never));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("is aligned with the trace: entry t belongs to request t", () => {
    expect(Array.from(perfectNextArrival(Int32Array.of(0, 1, 0, 2, 1, 0)))).toEqual([2, 4, 5, Infinity, Infinity, Infinity]);
    expect(Array.from(perfectNextArrival(Int32Array.of(3, 3), { neverAgain: "study" }))).toEqual([1, 20000]);
    expect(perfectNextArrival(new Int32Array(0)).length).toBe(0);
  });

  it("refuses never-again times that collide with real arrivals, and negative pages", () => {
    expect(() => perfectNextArrival(Int32Array.of(0, 1, 0), { neverAgain: 2 })).toThrow(InputError);
    expect(() => perfectNextArrival(Int32Array.of(0, 1, 0), { neverAgain: Number.NaN })).toThrow(/never-again/);
    expect(() => perfectNextArrival(Int32Array.of(0, -1))).toThrow(/request 1: page -1/);
    expect(() => perfectNextArrival(Int32Array.of(0, 4), { universe: 3 })).toThrow(/request 1: page 4 is outside/);
    expect(resolveNeverAgain(7, 7)).toBe(7);
    expect(resolveNeverAgain(7, Infinity)).toBe(Infinity);
    expect(studyNeverAgain(2100)).toBe(21_000_000);
  });
});
