import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EVICT, KEEP } from "../../src/paging/index.ts";
import { perfectPhaseBits } from "../../src/predictors/index.ts";
import { smallInstance, showInstance } from "../proofs-check/arbitraries.ts";

const SEED = 27_182;

/** Phases from the definition with sets: a new phase starts at the (k+1)-th distinct page. */
function phasesByDefinition(requests: number[], k: number): number[][] {
  const phases: number[][] = [];
  let current: number[] = [];
  let seen = new Set<number>();
  for (const p of requests) {
    if (!seen.has(p) && seen.size === k) {
      phases.push(current);
      current = [];
      seen = new Set();
    }
    seen.add(p);
    current.push(p);
  }
  if (current.length > 0) phases.push(current);
  return phases;
}

/**
 * Cache-Coliseum's `OraclePhasePredictor` boundary, modelled from its code (read, not run): once
 * k distinct pages were seen, *any* next request opens a new phase, even a repeat. Labels as in
 * the correct oracle otherwise (EVICT iff not requested in the next phase; last phase EVICT).
 */
function coliseumBoundaryLabels(requests: number[], k: number): number[] {
  const phaseOf: number[] = [];
  const pagesOf: Set<number>[] = [new Set()];
  for (const p of requests) {
    if (pagesOf[pagesOf.length - 1].size === k) pagesOf.push(new Set());
    pagesOf[pagesOf.length - 1].add(p);
    phaseOf.push(pagesOf.length - 1);
  }
  return requests.map((p, t) => (pagesOf[phaseOf[t] + 1]?.has(p) ? KEEP : EVICT));
}

describe("phase labels", () => {
  it("k = 2, σ = 0 1 0 2 1: the phase ends before page 2 (the 3rd distinct), not at the repeat of 0", () => {
    const requests = [0, 1, 0, 2, 1];
    const labels = perfectPhaseBits(Int32Array.from(requests), 2);
    expect(Array.from(labels.phases.starts)).toEqual([0, 3]);
    // Phases [0 1 0][2 1]: 0 is not in phase 2, 1 is; the last phase is all EVICT.
    expect(Array.from(labels.bits)).toEqual([EVICT, KEEP, EVICT, EVICT, EVICT]);
    // Coliseum's boundary makes phases [0 1][0 2][1] and labels 0 KEEP at t = 0.
    expect(coliseumBoundaryLabels(requests, 2)).toEqual([KEEP, EVICT, EVICT, EVICT, EVICT]);
  });

  it(`match the definition (next k-phase, sets), and all requests of a page in a phase agree (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(smallInstance(5, 50, 4), (inst) => {
        const requests = Array.from(inst.requests);
        const phases = phasesByDefinition(requests, inst.k);
        const expected = phases.flatMap((phase, i) => phase.map((p) => (phases[i + 1]?.includes(p) ? KEEP : EVICT)));
        const labels = perfectPhaseBits(inst.requests, inst.k, inst.universe);
        expect(Array.from(labels.bits), showInstance(inst)).toEqual(expected);
        expect(labels.phases.count).toBe(phases.length);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("the two boundaries differ on many sequences (so a test built on the wrong one would notice)", () => {
    let differ = 0;
    fc.assert(
      fc.property(smallInstance(4, 30, 3), (inst) => {
        const requests = Array.from(inst.requests);
        const ours = Array.from(perfectPhaseBits(inst.requests, inst.k, inst.universe).bits);
        if (ours.join() !== coliseumBoundaryLabels(requests, inst.k).join()) differ++;
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(differ).toBeGreaterThan(50);
  });
});
