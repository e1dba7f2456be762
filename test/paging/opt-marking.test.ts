import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kPhases, policies, simulate, Stepper, totalClean } from "../../src/paging/index.ts";
import { driftingInstance, showInstance, smallInstance } from "../proofs-check/arbitraries.ts";
import { perfectPredictions } from "./learning-augmented/predictions.ts";

const SEED = 2_718_281;

describe(`opt-marking, the offline marking baseline (fast-check seed ${SEED})`, () => {
  it("faults exactly Σ c_i, evicts what follow-pred-marking with perfect predictions evicts, and is ≤ 2·OPT", () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(6, 80, 5), driftingInstance(8, 200)), (inst) => {
        const where = showInstance(inst);
        const run = simulate(policies.create("opt-marking", inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
        const clean = totalClean(kPhases(inst.requests, inst.k, inst.universe));
        expect(run.faults, where).toBe(clean);
        const follower = simulate(policies.create("follow-pred-marking", inst.k), inst.requests, {
          universe: inst.universe,
          predictions: { nextArrival: perfectPredictions(inst.requests) },
          recordEvictions: true,
        });
        expect(run.evictions, where).toEqual(follower.evictions);
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        expect(run.faults, where).toBeLessThanOrEqual(2 * opt);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("is offline: the registry says so and a Stepper refuses it", () => {
    expect(policies.get("opt-marking").offline).toBe(true);
    expect(() => new Stepper(policies.create("opt-marking", 2), 3)).toThrow(/offline/);
  });
});
