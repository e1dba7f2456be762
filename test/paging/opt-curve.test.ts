import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Belady } from "../../src/paging/offline/belady.ts";
import { simulate } from "../../src/paging/core/simulate.ts";
import { optFaultCurve } from "../../src/paging/analysis/opt-curve.ts";
import { traceFromKeys } from "../../src/paging/core/trace.ts";

const SEED = 20_261_129;

// Traces of up to ~200 pages and ~2,500 requests built from loops (which give long marker
// staircases: a loop over more pages than k makes OPT keep a spread of old reuses) and uniform
// bursts; long enough that the marker tree is compacted many times and staircase searches
// climb the tree instead of finding the next marker among the leaves just below.
const segment = fc.oneof(
  fc.record({ kind: fc.constant("loop" as const), start: fc.nat(199), length: fc.integer({ min: 2, max: 120 }), repeats: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("burst" as const), pages: fc.array(fc.nat(199), { minLength: 1, maxLength: 150 }) }),
);

type Segment = { kind: "loop"; start: number; length: number; repeats: number } | { kind: "burst"; pages: number[] };

function build(segments: readonly Segment[]): { requests: Int32Array; universe: number } {
  const raw: number[] = [];
  for (const s of segments) {
    if (s.kind === "burst") raw.push(...s.pages);
    else for (let r = 0; r < s.repeats; r++) for (let i = 0; i < s.length; i++) raw.push((s.start + i) % 200);
  }
  const { requests, distinct } = traceFromKeys(raw);
  return { requests, universe: distinct };
}

describe(`optFaultCurve equals per-size Belady on loop-and-burst traces (fast-check seed ${SEED})`, () => {
  it("every size 1..universe+1", () => {
    console.log(`opt curve loop-and-burst property: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 12 }), (segments) => {
        const { requests, universe } = build(segments);
        const maxK = universe + 1;
        const got = optFaultCurve(requests, universe, maxK);
        for (let k = 1; k <= maxK; k++) {
          expect(got[k - 1], `k = ${k}`).toBe(simulate(new Belady(k), requests, { universe }).faults);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
