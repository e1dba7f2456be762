import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate, Stepper, type Policy } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";
import { driftingInstance, smallInstance } from "../../proofs-check/arbitraries.ts";
import { showPredicted, withPredictions, type PredictedInstance } from "./predictions.ts";

const SEED = 2_005_137;
const POLICY_SEEDS = [0, 1, 5];

/** Every registered policy that consumes next-arrival predictions. */
const NEXT_ARRIVAL = policies.list().filter((p) => p.needs.includes("nextArrival"));

function seedsOf(name: string): number[] {
  return policies.get(name).randomized ? POLICY_SEEDS : [0];
}

function batch(policy: Policy, inst: PredictedInstance) {
  return simulate(policy, inst.requests, { universe: inst.universe, predictions: { nextArrival: inst.predictions }, recordEvictions: true });
}

describe("next-arrival policies in the engine", () => {
  it("are registered as learning-augmented (or combiners of them), needing next arrivals", () => {
    expect(NEXT_ARRIVAL.map((p) => p.name)).toEqual(
      expect.arrayContaining(["blind-oracle", "follow-pred-marking", "predictive-marker", "lmarker", "lnonmarker"]),
    );
    for (const info of NEXT_ARRIVAL) expect(["learning-augmented", "combiner"], info.name).toContain(info.family);
  });

  it(`a Stepper fed the same predictions request by request gives exactly simulate's evictions (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(withPredictions(fc.oneof(smallInstance(5, 50, 4), driftingInstance(6, 100))), (inst) => {
        for (const info of NEXT_ARRIVAL) {
          for (const seed of seedsOf(info.name)) {
            const expected = batch(policies.create(info.name, inst.k, { seed }), inst);
            const stepper = new Stepper(policies.create(info.name, inst.k, { seed }), inst.universe);
            for (let t = 0; t < inst.requests.length; t++) stepper.request(inst.requests[t], { nextArrival: inst.predictions[t] });
            const got = stepper.cache.evictions();
            const where = `${info.name} seed ${seed} on ${showPredicted(inst)}`;
            expect(stepper.faults, where).toBe(expected.faults);
            expect(Array.from(got.times), where).toEqual(Array.from(expected.evictions!.times));
            expect(Array.from(got.pages), where).toEqual(Array.from(expected.evictions!.pages));
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("a Stepper run longer than its initial prediction buffer (1024) still matches simulate", () => {
    const requests = Int32Array.from({ length: 3000 }, (_, t) => (t * 7919) % 37);
    const h = Float64Array.from(requests, (_, t) => (t * 104729) % 1000);
    const inst: PredictedInstance = { k: 8, universe: 37, requests, predictions: h, kind: "pseudo-random" };
    for (const info of NEXT_ARRIVAL) {
      const expected = batch(policies.create(info.name, 8, { seed: 3 }), inst);
      const stepper = new Stepper(policies.create(info.name, 8, { seed: 3 }), 37);
      for (let t = 0; t < requests.length; t++) stepper.request(requests[t], { nextArrival: h[t] });
      expect(Array.from(stepper.cache.evictions().pages), info.name).toEqual(Array.from(expected.evictions!.pages));
    }
  });

  it(`one instance reused across runs (buffers kept when the universe fits) repeats fresh runs exactly (fast-check seed ${SEED + 1})`, () => {
    const inst = withPredictions(fc.oneof(smallInstance(5, 40, 6), driftingInstance(6, 80)));
    fc.assert(
      fc.property(fc.array(inst, { minLength: 2, maxLength: 4 }), fc.integer({ min: 1, max: 5 }), (runs, k) => {
        for (const info of NEXT_ARRIVAL) {
          const reused = policies.create(info.name, k, { seed: 11 });
          for (const r of runs) {
            const i = { ...r, k };
            const fresh = batch(policies.create(info.name, k, { seed: 11 }), i);
            const again = batch(reused, i);
            expect(Array.from(again.evictions!.pages), `${info.name} on ${showPredicted(i)}`).toEqual(Array.from(fresh.evictions!.pages));
          }
        }
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });

  it(`k ≥ distinct pages → faults = distinct pages, whatever the predictions (fast-check seed ${SEED + 2})`, () => {
    fc.assert(
      fc.property(withPredictions(smallInstance(6, 50, 0)), fc.integer({ min: 0, max: 3 }), (inst, more) => {
        const distinct = new Set(inst.requests).size;
        const k = Math.max(1, distinct + more);
        for (const info of NEXT_ARRIVAL) {
          expect(batch(policies.create(info.name, k, { seed: 1 }), { ...inst, k }).faults, info.name).toBe(distinct);
        }
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });

  it("a cache far larger than the universe costs no memory per slot: k = 2^53 − 1 faults once per page", () => {
    const requests = Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    const h = Float64Array.from(requests, (_, t) => t);
    for (const info of NEXT_ARRIVAL) {
      const r = simulate(policies.create(info.name, Number.MAX_SAFE_INTEGER), requests, { predictions: { nextArrival: h } });
      expect(r.faults, info.name).toBe(7);
    }
  });

  it("without next-arrival predictions, or with a NaN one, or too few, the run is an InputError naming the problem", () => {
    const requests = Int32Array.from([0, 1, 2, 0, 1, 2]);
    for (const info of NEXT_ARRIVAL) {
      expect(() => simulate(policies.create(info.name, 2), requests), info.name).toThrow(/needs next-arrival predictions/);
      const nan = Float64Array.from([1, 2, Number.NaN, 4, 5, 6]);
      expect(() => simulate(policies.create(info.name, 2), requests, { predictions: { nextArrival: nan } }), info.name).toThrow(
        /prediction of request 2 is NaN/,
      );
      const short = new Float64Array(3);
      expect(() => simulate(policies.create(info.name, 2), requests, { predictions: { nextArrival: short } }), info.name).toThrow(InputError);
    }
  });

  it("Infinity and −Infinity are valid predictions (never again / needed at once)", () => {
    const requests = Int32Array.from([0, 1, 2, 0, 1, 2, 0]);
    const h = Float64Array.from([Infinity, -Infinity, 5, Infinity, -Infinity, 0, 1]);
    for (const info of NEXT_ARRIVAL) {
      const r = simulate(policies.create(info.name, 2, { seed: 2 }), requests, { predictions: { nextArrival: h } });
      expect(r.faults, info.name).toBeGreaterThanOrEqual(3);
    }
    // By hand for BlindOracle: it evicts 0 (∞) at t2, 2 (5) at t3, 0 (∞) at t5, 2 (0 > −∞) at t6.
    const bo = simulate(policies.create("blind-oracle", 2), requests, { predictions: { nextArrival: h }, recordEvictions: true });
    expect(Array.from(bo.evictions!.pages)).toEqual([0, 2, 0, 2]);
  });
});
