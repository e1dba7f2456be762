import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { add, divide, multiply, type Fraction } from "mathjs";
import { policies, simulate } from "../../../src/paging/index.ts";
import { readTrace } from "../../../src/traces/index.ts";
import { cmp, frac, show } from "../../../src/proofs-check/index.ts";
import { driftingInstance, smallInstance } from "../../proofs-check/arbitraries.ts";
import { tracePath } from "../../helpers/paths.ts";
import { lognormalPredictions, predictionError, reversedPredictions, showPredicted, withPredictions, type PredictedInstance } from "./predictions.ts";

const SEED = 2_005_137_16;

// η = Σ_t |h_t − y_t| with y_t = n for the last request to a page (the first index past the
// sequence); the generated predictions use the same value, so perfect predictions have η = 0.

function costs(inst: PredictedInstance) {
  const options = { universe: inst.universe, predictions: { nextArrival: inst.predictions } };
  return {
    bo: simulate(policies.create("blind-oracle", inst.k), inst.requests, options).faults,
    opt: simulate(policies.create("opt", inst.k), inst.requests, options).faults,
    eta: predictionError(inst.predictions, inst.requests, inst.requests.length),
  };
}

const instances = withPredictions(fc.oneof(smallInstance(6, 60, 5), driftingInstance(8, 150)));

describe(`BlindOracle's smoothness (Wei 2020, Thm 1.1 [2nd]), exactly (fast-check seed ${SEED})`, () => {
  it("BO ≤ OPT + 2η, i.e. ratio ≤ 1 + 2η/OPT", () => {
    fc.assert(
      fc.property(instances, (inst) => {
        const { bo, opt, eta } = costs(inst);
        const bound = add(frac(opt), multiply(frac(2), eta)) as Fraction;
        expect(cmp(frac(bo), bound) <= 0, `BO ${bo} > OPT ${opt} + 2η (η = ${show(eta)}) on ${showPredicted(inst)}`).toBe(true);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("BO ≤ 2·OPT + 4η/(k − 1) for k ≥ 2 — the disputed second term (Skachkov et al. quote 4·OPT + …), which implies theirs", () => {
    fc.assert(
      fc.property(instances, (inst) => {
        fc.pre(inst.k >= 2);
        const { bo, opt, eta } = costs(inst);
        const bound = add(frac(2 * opt), divide(multiply(frac(4), eta), frac(inst.k - 1))) as Fraction;
        expect(cmp(frac(bo), bound) <= 0, `BO ${bo} > 2·OPT + 4η/(k−1) = ${show(bound)} on ${showPredicted(inst)}`).toBe(true);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  });

  it("both bounds on a BrightKite instance of the study with lognormal noise (σ ∈ {0.5, 1, 2, 4}) and reversed predictions", async () => {
    const { trace } = await readTrace(tracePath("mts-with-predictions/bk/bk0.txt"));
    const requests = trace.requests;
    const n = requests.length;
    const k = 10;
    const kinds: [string, Float64Array][] = [
      ...[0.5, 1, 2, 4].map((s) => [`lognormal σ=${s}`, lognormalPredictions(requests, s, 7, n)] as [string, Float64Array]),
      ["reversed", reversedPredictions(requests, n)],
    ];
    for (const [kind, predictions] of kinds) {
      const { bo, opt, eta } = costs({ k, universe: trace.distinct, requests, predictions, kind });
      const first = add(frac(opt), multiply(frac(2), eta)) as Fraction;
      const second = add(frac(2 * opt), divide(multiply(frac(4), eta), frac(k - 1))) as Fraction;
      expect(cmp(frac(bo), first) <= 0 && cmp(frac(bo), second) <= 0, `${kind}: BO ${bo}, OPT ${opt}, η ${show(eta)}`).toBe(true);
      if (kind === "reversed") expect(bo).toBeGreaterThan(1.5 * opt);
    }
  });
});

describe("BlindOracle is not robust", () => {
  it("with reversed predictions, a loop over k pages after one intruder makes it fault on every request while OPT = k + 2", () => {
    // σ = 0 1 … k−1, X, then (0 1 … k−1)^m. Reversed predictions h_t = n − y_t rank the page
    // requested soonest highest and give X (never requested again) the lowest value 0, so BO
    // keeps X and evicts the very next page, every time. OPT pays k cold misses, X, and one
    // more miss for the page X displaced (it then evicts X). Ratio n/(k + 2), unbounded in n.
    for (const k of [2, 3, 5, 10]) {
      for (const m of [1, 4, 16, 64]) {
        const pages = [...Array.from({ length: k }, (_, i) => i), k];
        for (let r = 0; r < m; r++) for (let i = 0; i < k; i++) pages.push(i);
        const requests = Int32Array.from(pages);
        const n = requests.length;
        const inst = { k, universe: k + 1, requests, predictions: reversedPredictions(requests, n), kind: "reversed" };
        const { bo, opt } = costs(inst);
        expect(bo, `k=${k} m=${m}`).toBe(n);
        expect(opt, `k=${k} m=${m}`).toBe(k + 2);
      }
    }
  });
});
