import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  adversarialSequences,
  bitPredictions,
  cacheSizes,
  nextArrivalPredictions,
  phasedSequences,
  uniformSequences,
  zipfSequences,
} from "../../src/proofs-check/index.ts";
import { kPhases, policies, simulate } from "../../src/paging/index.ts";
import { bitErrors, nextArrivalError, perfectDiscardBits, perfectNextArrival, perfectPhaseBits } from "../../src/predictors/index.ts";
import { InputError } from "../../src/errors.ts";

// Fixed fast-check seeds, printed in the test names; failures print the shrunk sequence.
const SEED = 90_210;

const show = (r: Int32Array): string => `[${Array.from(r).join(" ")}]`;

describe("sequence arbitraries", () => {
  it(`uniform and Zipf sequences stay in their universe and length bounds (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((u) => fc.tuple(fc.constant(u), uniformSequences({ universe: u, minLength: 2, maxLength: 30 }), zipfSequences({ universe: u, maxLength: 30, alpha: 1.2 }))),
        ([u, a, b]) => {
          expect(a.length).toBeGreaterThanOrEqual(2);
          expect(a.length).toBeLessThanOrEqual(30);
          for (const p of [...a, ...b]) expect(p >= 0 && p < u, `${show(a)} ${show(b)}`).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("Zipf draws favour low pages: with alpha = 2, page 0 is about 61% of the requests", () => {
    const samples = fc.sample(zipfSequences({ universe: 50, alpha: 2, minLength: 200, maxLength: 200 }), { seed: SEED, numRuns: 20 });
    let zeros = 0;
    for (const s of samples) for (const p of s) if (p === 0) zeros++;
    // 1/ζ-partial(2, 50) = 0.6143…; 4000 draws put the share within ±0.05 far beyond any doubt.
    expect(zeros / 4000).toBeGreaterThan(0.56);
    expect(zeros / 4000).toBeLessThan(0.67);
  });

  it(`phased sequences have exactly the k-phase structure they were built with (seed ${SEED + 1})`, () => {
    const phaseCounts = new Set<number>();
    const cleanCounts = new Set<number>();
    fc.assert(
      fc.property(
        cacheSizes({ min: 1, max: 5 }).chain((k) => fc.tuple(fc.constant(k), phasedSequences({ k, maxPhases: 4 }))),
        ([k, requests]) => {
          const partition = kPhases(requests, k);
          phaseCounts.add(partition.count);
          for (let i = 0; i < partition.count; i++) {
            const end = i + 1 < partition.count ? partition.starts[i + 1] : requests.length;
            const distinct = new Set(requests.subarray(partition.starts[i], end)).size;
            // Every phase but the last has exactly k distinct pages; each later phase starts clean.
            if (i + 1 < partition.count) expect(distinct, show(requests)).toBe(k);
            if (i > 0) cleanCounts.add(partition.clean[i]);
          }
          expect(partition.count).toBeLessThanOrEqual(4);
        },
      ),
      { seed: SEED + 1, numRuns: 300 },
    );
    // The generator covers several phases and both extremes of clean pages (1 and k = 5).
    expect(Math.max(...phaseCounts)).toBe(4);
    expect(cleanCounts.has(1) && cleanCounts.has(5)).toBe(true);
  });

  it(`adversarial sequences use k+1 pages with no immediate repeat (seed ${SEED + 2})`, () => {
    fc.assert(
      fc.property(cacheSizes({ max: 6 }).chain((k) => fc.tuple(fc.constant(k), adversarialSequences({ k, maxLength: 50 }))), ([k, r]) => {
        for (let t = 0; t < r.length; t++) {
          expect(r[t] >= 0 && r[t] <= k, show(r)).toBe(true);
          if (t > 0) expect(r[t], show(r)).not.toBe(r[t - 1]);
        }
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it("adversarial sequences shrink to the cyclic sequence that defeats LRU", () => {
    // "LRU hits at least once in any k+2 requests" is false; the minimal counterexample is 0, 1, …, k, 0.
    const k = 3;
    const details = fc.check(
      fc.property(adversarialSequences({ k, maxLength: 30 }), (r) => r.length < k + 2 || simulate(policies.create("lru", k), r).hits > 0),
      { seed: SEED + 3, numRuns: 300 },
    );
    expect(details.failed).toBe(true);
    expect(Array.from(details.counterexample![0])).toEqual([0, 1, 2, 3, 0]);
  });

  it("bad options are InputErrors", () => {
    expect(() => uniformSequences({ universe: 0 })).toThrow(InputError);
    expect(() => zipfSequences({ universe: 10, alpha: -1 })).toThrow(InputError);
    expect(() => zipfSequences({ universe: 2 ** 20 })).toThrow(InputError);
    expect(() => phasedSequences({ k: 3, universe: 3 })).toThrow(InputError);
    expect(() => adversarialSequences({ k: 2, minLength: 5, maxLength: 4 })).toThrow(InputError);
    expect(() => cacheSizes({ min: 0 })).toThrow(InputError);
  });
});

describe("prediction arbitraries", () => {
  it(`next-arrival predictions carry their exact ℓ1 error, within the budget (seed ${SEED + 4})`, () => {
    fc.assert(
      fc.property(
        uniformSequences({ universe: 6, maxLength: 30 }).chain((r) =>
          fc.tuple(fc.constant(r), fc.nat(40)).chain(([r, budget]) => fc.tuple(fc.constant(r), fc.constant(budget), nextArrivalPredictions(r, { maxError: budget }))),
        ),
        ([r, budget, sample]) => {
          const truth = perfectNextArrival(r, { neverAgain: r.length });
          expect(nextArrivalError(sample.nextArrival, truth, { neverAgain: r.length }), show(r)).toBe(sample.eta);
          expect(sample.eta).toBeLessThanOrEqual(budget);
          for (const h of sample.nextArrival) expect(Number.isInteger(h) && h >= 0).toBe(true);
        },
      ),
      { seed: SEED + 4, numRuns: 300 },
    );
  });

  it("next-arrival predictions use their budget and shrink to the perfect ones", () => {
    const r = Int32Array.from([0, 1, 2, 0, 1, 3, 0, 2]);
    const samples = fc.sample(nextArrivalPredictions(r, { maxError: 10 }), { seed: SEED, numRuns: 100 });
    expect(Math.max(...samples.map((s) => s.eta))).toBe(10);
    const details = fc.check(fc.property(nextArrivalPredictions(r, { maxError: 10 }), () => false), { seed: SEED });
    expect((details.counterexample![0] as { eta: number }).eta).toBe(0);
  });

  it(`bit predictions carry their exact η₀ and η₁, within the budgets (seed ${SEED + 5})`, () => {
    fc.assert(
      fc.property(
        fc.record({ k: cacheSizes({ max: 4 }), truth: fc.constantFrom("discard" as const, "phase" as const), eta0: fc.nat(5), eta1: fc.nat(5) }).chain((o) =>
          uniformSequences({ universe: o.k + 3, maxLength: 30 }).chain((r) => fc.tuple(fc.constant(o), fc.constant(r), bitPredictions(r, o.k, o))),
        ),
        ([o, r, sample]) => {
          const truth = o.truth === "discard" ? perfectDiscardBits(r, o.k).bits : perfectPhaseBits(r, o.k).bits;
          expect(bitErrors(sample.bits, truth), show(r)).toEqual({ eta0: sample.eta0, eta1: sample.eta1 });
          expect(sample.eta0).toBeLessThanOrEqual(o.eta0);
          expect(sample.eta1).toBeLessThanOrEqual(o.eta1);
        },
      ),
      { seed: SEED + 5, numRuns: 300 },
    );
  });

  it("bad budgets are InputErrors", () => {
    const r = Int32Array.from([0, 1, 2]);
    expect(() => nextArrivalPredictions(r, { maxError: -1 })).toThrow(InputError);
    expect(() => nextArrivalPredictions(r, { maxError: 1, neverAgain: 2 })).toThrow(InputError);
    expect(() => bitPredictions(r, 0)).toThrow(InputError);
    expect(() => bitPredictions(r, 2, { eta0: 1.5 })).toThrow(InputError);
  });
});
