import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kPhases, totalClean } from "../../src/paging/analysis/phases.ts";
import { InputError } from "../../src/errors.ts";
import { smallInstance, driftingInstance } from "../proofs-check/arbitraries.ts";

const SEED = 20240611;

/** The definition, transcribed literally with sets: O(n·k), independent of the typed-array version. */
function referencePhases(requests: number[], k: number): { starts: number[]; clean: number[]; distinct: number[] } {
  const phases: number[][] = [];
  let current: number[] = [];
  let pages = new Set<number>();
  for (const p of requests) {
    if (!pages.has(p) && pages.size === k) {
      phases.push(current);
      current = [];
      pages = new Set();
    }
    current.push(p);
    pages.add(p);
  }
  if (current.length > 0) phases.push(current);
  const starts: number[] = [];
  let t = 0;
  for (const ph of phases) {
    starts.push(t);
    t += ph.length;
  }
  const clean = phases.map((ph, i) => {
    const previous = new Set(i === 0 ? [] : phases[i - 1]);
    return new Set(ph.filter((p) => !previous.has(p))).size;
  });
  return { starts, clean, distinct: phases.map((ph) => new Set(ph).size) };
}

describe("k-phase partition", () => {
  it("splits at the (k+1)-th distinct page and counts clean pages (worked example)", () => {
    // k = 2: [0 1 0] [2 0 2] [1 1 3] [0]; clean: {0,1}, {2}, {1,3}, {0}.
    const p = kPhases(Int32Array.from([0, 1, 0, 2, 0, 2, 1, 1, 3, 0]), 2);
    expect(p.count).toBe(4);
    expect(Array.from(p.starts)).toEqual([0, 3, 6, 9]);
    expect(Array.from(p.phaseOf)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
    expect(Array.from(p.clean)).toEqual([2, 1, 2, 1]);
    expect(Array.from(p.distinct)).toEqual([2, 2, 2, 1]);
    expect(totalClean(p)).toBe(6);
  });

  it("has no phase for an empty sequence and one phase when k ≥ distinct pages", () => {
    expect(kPhases(new Int32Array(0), 3).count).toBe(0);
    const p = kPhases(Int32Array.from([4, 4, 1, 4]), 2);
    expect(p.count).toBe(1);
    expect(Array.from(p.clean)).toEqual([2]);
  });

  it("rejects k ≤ 0, non-integer k and pages outside the universe with InputError", () => {
    expect(() => kPhases(Int32Array.from([0]), 0)).toThrow(InputError);
    expect(() => kPhases(Int32Array.from([0]), 1.5)).toThrow(InputError);
    expect(() => kPhases(Int32Array.from([0, 5]), 2, 3)).toThrow(InputError);
  });

  it(`equals the literal definition on random sequences (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(5, 40, 4), driftingInstance(5, 60)), ({ k, requests }) => {
        const p = kPhases(requests, k);
        const ref = referencePhases(Array.from(requests), k);
        expect(Array.from(p.starts)).toEqual(ref.starts);
        expect(Array.from(p.clean)).toEqual(ref.clean);
        expect(Array.from(p.distinct)).toEqual(ref.distinct);
        for (let t = 0; t < requests.length; t++) {
          const i = p.phaseOf[t];
          expect(p.starts[i]).toBeLessThanOrEqual(t);
          if (i + 1 < p.count) expect(p.starts[i + 1]).toBeGreaterThan(t);
        }
        // All phases but the last have exactly k distinct pages; c_1 = distinct pages of phase 1.
        for (let i = 0; i + 1 < p.count; i++) expect(p.distinct[i]).toBe(k);
        if (p.count > 0) expect(p.clean[0]).toBe(p.distinct[0]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
