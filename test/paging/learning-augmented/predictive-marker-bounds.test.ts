import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { multiply, subtract, type Fraction } from "mathjs";
import { policies, simulate } from "../../../src/paging/index.ts";
import { approx, cmp, frac, harmonic, hoeffdingSlack, show } from "../../../src/proofs-check/index.ts";
import { driftingInstance, smallInstance } from "../../proofs-check/arbitraries.ts";
import { exactExpectation, markingModel } from "./next-arrival-models.ts";
import { predictionError, reversedPredictions, showPredicted, withPredictions, type PredictedInstance } from "./predictions.ts";

const SEED_EXACT = 1_802_0541;
const SEED_SAMPLED = 1_802_0542;
const DELTA = 1e-9;

// PredictiveMarker: E[ALG] ≤ min(2 + 2√(5η/OPT), 4H_k)·OPT (Lykouris & Vassilvitskii, JACM /
// arXiv 1802.05399, Thm 3.3) [2nd]. Checked without any additive constant, as stated. η uses
// y_t = n for never-again pages, as the generated predictions do. The square root is kept exact:
// x ≤ (2 + 2√(5η/OPT))·OPT ⟺ x ≤ 2·OPT or (x − 2·OPT)² ≤ 20·η·OPT.

interface Verdict {
  robust: boolean;
  smooth: boolean;
  text: string;
}

function judge(value: Fraction, opt: number, eta: Fraction, k: number): Verdict {
  const robustBound = multiply(multiply(frac(4), harmonic(k)), frac(opt)) as Fraction;
  const over = subtract(value, frac(2 * opt)) as Fraction;
  const smooth = cmp(over, frac(0)) <= 0 || cmp(multiply(over, over) as Fraction, multiply(frac(20 * opt), eta) as Fraction) <= 0;
  return {
    robust: cmp(value, robustBound) <= 0,
    smooth,
    text: `value ${approx(value)}, OPT ${opt}, η ${show(eta)}, 4H_k·OPT ${approx(robustBound)}, (2 + 2√(5η/OPT))·OPT ${(
      (2 + 2 * Math.sqrt((5 * Number(eta.valueOf())) / opt)) *
      opt
    ).toFixed(4)}`,
  };
}

function optOf(inst: PredictedInstance): number {
  return simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
}

describe("PredictiveMarker: E[ALG] ≤ min(2 + 2√(5η/OPT), 4H_k)·OPT [2nd]", () => {
  it(`exactly (every random outcome enumerated), k ≤ 4, n ≤ 14, all kinds of predictions (fast-check seed ${SEED_EXACT})`, () => {
    const loops = fc
      .record({ k: fc.integer({ min: 2, max: 4 }), n: fc.integer({ min: 4, max: 14 }) })
      .map(({ k, n }) => ({ k, universe: k + 1, requests: Int32Array.from({ length: n }, (_, t) => t % (k + 1)) }));
    fc.assert(
      fc.property(withPredictions(fc.oneof(smallInstance(4, 14, 4, 1), loops)), (inst) => {
        const expected = exactExpectation((choose) => markingModel("predictive-marker", inst.requests, inst.predictions, inst.k, choose).faults);
        const v = judge(expected, optOf(inst), predictionError(inst.predictions, inst.requests, inst.requests.length), inst.k);
        expect(v.robust && v.smooth, `${v.text} on ${showPredicted(inst)}`).toBe(true);
      }),
      { seed: SEED_EXACT, numRuns: 400 },
    );
  });

  it(`sampled with Hoeffding slack, k ∈ [5, 12], n ≤ 300 (fast-check seed ${SEED_SAMPLED})`, () => {
    // Mean over S seeds minus ε = R·√(ln(1/δ)/(2S)), R = n − distinct: a true bound fails a
    // check with probability ≤ δ.
    const S = 200;
    const inst = withPredictions(fc.integer({ min: 5, max: 12 }).chain((k) => driftingInstance(k, 300).map((d) => ({ ...d, k }))));
    fc.assert(
      fc.property(inst, (i) => {
        fc.pre(i.requests.length > 0);
        let total = 0;
        for (let seed = 0; seed < S; seed++) {
          total += simulate(policies.create("predictive-marker", i.k, { seed }), i.requests, {
            universe: i.universe,
            predictions: { nextArrival: i.predictions },
          }).faults;
        }
        const eps = hoeffdingSlack(i.requests.length - new Set(i.requests).size, S, DELTA);
        const low = subtract(frac(total, S), eps) as Fraction;
        const v = judge(low, optOf(i), predictionError(i.predictions, i.requests, i.requests.length), i.k);
        expect(v.robust && v.smooth, `mean − ε: ${v.text} on ${showPredicted(i)}`).toBe(true);
      }),
      { seed: SEED_SAMPLED, numRuns: 30 },
    );
  });

  it("robust where BlindOracle is not: on the intruder loop with reversed predictions it faults ≤ k per phase, every seed", () => {
    // The instance that makes BlindOracle fault on every request (blind-oracle-bounds.test.ts):
    // σ = 0 1 2 3, 4, (0 1 2 3)^40 has three k-phases, so a marking algorithm faults ≤ 3k = 12.
    const k = 4;
    const pages = [0, 1, 2, 3, 4];
    for (let r = 0; r < 40; r++) for (let i = 0; i < k; i++) pages.push(i);
    const requests = Int32Array.from(pages);
    const options = { universe: 5, predictions: { nextArrival: reversedPredictions(requests, requests.length) } };
    expect(simulate(policies.create("blind-oracle", k), requests, options).faults).toBe(requests.length);
    for (let seed = 0; seed < 50; seed++) {
      expect(simulate(policies.create("predictive-marker", k, { seed }), requests, options).faults, `seed ${seed}`).toBeLessThanOrEqual(3 * k);
    }
  });
});
