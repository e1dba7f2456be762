import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { add, type Fraction } from "mathjs";
import { policies, simulate } from "../../../src/paging/index.ts";
import { approx, cmp, frac, hoeffdingSlack } from "../../../src/proofs-check/index.ts";
import { driftingInstance, smallInstance } from "../../proofs-check/arbitraries.ts";
import { Rng } from "../../../src/paging/core/rng.ts";
import { blindOracleModel, exactExpectation, lnonmarkerModel, markingModel, replay, trustAndDoubtModel, type Chooser, type MarkingRule } from "./next-arrival-models.ts";
import { showPredicted, withPredictions, type PredictedInstance } from "./predictions.ts";

const SEED = 1_802_054;
const SEED_EXPECT = 1_910_121;
const POLICY_SEEDS = [0, 1, 2, 3, 97];

const instances = withPredictions(fc.oneof(smallInstance(6, 60, 5), driftingInstance(7, 120)));

function run(name: string, inst: PredictedInstance, seed = 0) {
  return simulate(policies.create(name, inst.k, { seed }), inst.requests, {
    universe: inst.universe,
    predictions: { nextArrival: inst.predictions },
    recordEvictions: true,
  });
}

const MODELS: Record<string, (inst: PredictedInstance, choose: Chooser) => ReturnType<typeof blindOracleModel>> = {
  "blind-oracle": (i) => blindOracleModel(i.requests, i.predictions, i.k),
  "follow-pred-marking": (i, c) => markingModel("follow-pred-marking", i.requests, i.predictions, i.k, c),
  "predictive-marker": (i, c) => markingModel("predictive-marker", i.requests, i.predictions, i.k, c),
  lmarker: (i, c) => markingModel("lmarker", i.requests, i.predictions, i.k, c),
  lnonmarker: (i, c) => lnonmarkerModel(i.requests, i.predictions, i.k, c),
};

describe(`next-arrival algorithms evict exactly what their reference models evict (fast-check seed ${SEED})`, () => {
  for (const [name, model] of Object.entries(MODELS)) {
    const seeds = policies.get(name).randomized ? POLICY_SEEDS : [0];
    it(`${name}: every eviction, tie-breaks included; random choices only where the rule is random and among its options`, () => {
      fc.assert(
        fc.property(instances, (inst) => {
          for (const seed of seeds) {
            const impl = run(name, inst, seed);
            const pages = Array.from(impl.evictions!.pages);
            // The model makes every deterministic choice itself and takes the implementation's
            // victim only at random choice points, after checking it is one of the options.
            const ref = model(inst, replay(pages));
            const where = `${name} seed ${seed} on ${showPredicted(inst)}`;
            expect(impl.faults, where).toBe(ref.faults);
            expect(pages, where).toEqual(ref.evicted);
          }
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  }
});

describe(`Trust&Doubt evicts exactly what its reference model evicts, the same seed giving the same priorities (fast-check seed ${SEED + 1})`, () => {
  it("every eviction, for several seeds", () => {
    fc.assert(
      fc.property(instances, (inst) => {
        for (const seed of POLICY_SEEDS) {
          const impl = run("trust-and-doubt", inst, seed);
          const ref = trustAndDoubtModel(inst.requests, inst.predictions, inst.k, new Rng(seed));
          const where = `seed ${seed} on ${showPredicted(inst)}`;
          expect(impl.faults, where).toBe(ref.faults);
          expect(Array.from(impl.evictions!.pages), where).toEqual(ref.evicted);
        }
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });
});

describe(`random choices are uniform: the mean over seeds matches the exact expectation (fast-check seed ${SEED_EXPECT})`, () => {
  // Two-sided Hoeffding on S runs, each run's faults in [distinct, n]: P(|mean − E| ≥ ε) ≤ 2δ.
  // A rule that is not uniform over its options moves the mean by more than 2ε (last test).
  const S = 20_000;
  const DELTA = 1e-9;
  const loops = fc
    .integer({ min: 2, max: 4 })
    .map((k) => ({ k, universe: k + 1, requests: Int32Array.from({ length: 13 }, (_, t) => t % (k + 1)) }));
  const tiny = withPredictions(fc.oneof(smallInstance(4, 13, 3), loops));
  for (const [name, rule] of [
    ["predictive-marker", "predictive-marker"],
    ["lmarker", "lmarker"],
    ["lnonmarker", null],
  ] as const) {
    it(`${name}, k ≤ 4, n ≤ 13, ${S} seeds`, () => {
      fc.assert(
        fc.property(tiny, (inst) => {
          const exact = exactExpectation((choose) =>
            rule === null
              ? lnonmarkerModel(inst.requests, inst.predictions, inst.k, choose).faults
              : markingModel(rule as MarkingRule, inst.requests, inst.predictions, inst.k, choose).faults,
          );
          let total = 0;
          for (let seed = 0; seed < S; seed++) total += run(name, inst, seed).faults;
          const mean = frac(total, S);
          const range = inst.requests.length - new Set(inst.requests).size;
          const eps = hoeffdingSlack(range, S, DELTA);
          const where = `${showPredicted(inst)}: mean ${approx(mean)} vs exact ${approx(exact)} ± ${approx(eps)}`;
          expect(cmp(exact, add(mean, eps) as Fraction) <= 0 && cmp(mean, add(exact, eps) as Fraction) <= 0, where).toBe(true);
        }),
        { seed: SEED_EXPECT, numRuns: 8 },
      );
    });
  }

  it("has teeth: on a loop over k + 1 = 4 pages with reversed predictions, any fixed choice misses the exact expectation by more than 2ε", () => {
    // A rule that always took the first (or last) option would have a mean equal to that
    // choice's cost, so the check above would reject it.
    const requests = Int32Array.from({ length: 13 }, (_, t) => t % 4);
    const h = Float64Array.from(requests, (_, t) => 13 - t);
    const eps = hoeffdingSlack(13 - 4, S, DELTA);
    for (const model of [
      (c: Chooser) => markingModel("predictive-marker", requests, h, 3, c).faults,
      (c: Chooser) => markingModel("lmarker", requests, h, 3, c).faults,
      (c: Chooser) => lnonmarkerModel(requests, h, 3, c).faults,
    ]) {
      const exact = exactExpectation(model);
      for (const fixed of [model((o) => o[0]), model((o) => o[o.length - 1])]) {
        const gap = Math.abs(Number(exact.valueOf()) - fixed);
        expect(gap, `exact ${approx(exact)} vs fixed choice ${fixed}, ε = ${approx(eps)}`).toBeGreaterThan(2 * Number(eps.valueOf()));
      }
    }
  });
});
