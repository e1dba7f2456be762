import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  checkClaim,
  claimById,
  frac,
  formatVerdict,
  learningAugmentedClaims,
  type Claim,
} from "../../src/proofs-check/index.ts";
import { perfectNextArrival } from "../../src/predictors/index.ts";
import { driftingInstance, showInstance, smallInstance } from "./arbitraries.ts";
import { claimInstances, expectNoAssertedFailure, workingSetInstances } from "./prediction-variants.ts";
import { InputError } from "../../src/errors.ts";

const SEED = 4_040_404;

describe(`learning-augmented claims as data (fast-check seed ${SEED})`, () => {
  it("every asserted claim holds on small instances with every flavour of prediction error (exact expectations)", () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(4, 24, 3, 1), driftingInstance(4, 30)), fc.nat(), (inst, seed) => {
        const universe = inst.universe;
        if (universe > 12) return; // exact expectations enumerate states over at most a dozen pages
        for (const claim of learningAugmentedClaims) {
          if (claim.status !== "asserted") continue;
          for (const instance of claimInstances(inst.requests, inst.k, universe, seed, { exact: true })) {
            const v = checkClaim(claim, instance);
            expect(v.holds, `${showInstance(inst)}\n${formatVerdict(v)}`).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("summarizes every learning-augmented claim on working-set traces; asserted claims show no failure", () => {
    expectNoAssertedFailure(learningAugmentedClaims, workingSetInstances());
  });

  it("a false claim of the same form fails with the error counts and the sequence in the message", () => {
    const smooth = claimById("follow-discard-smooth");
    const form = smooth.form as Extract<Claim["form"], { kind: "bits" }>;
    const tooStrong: Claim = { ...smooth, id: "follow-discard-ignores-errors", form: { ...form, beta: { text: "0", value: () => frac(0) } } };
    // k = 2, all bits KEEP: the follower is LRU, which faults on every request of 0 1 2 0 1 2.
    const requests = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const v = checkClaim(tooStrong, { k: 2, requests, predictions: { bits: new Uint8Array(6) } });
    expect(v.holds).toBe(false);
    const text = formatVerdict(v);
    expect(text).toContain("FAIL follow-discard: 6 ≤ 4");
    expect(text).toMatch(/η₀ \(false KEEP\) = [1-9]/);
    expect(text).toContain("σ = [0 1 2 0 1 2]");
  });

  it("PredictiveMarker's √ term is compared exactly (squared), and BlindOracle's η uses never-again on both sides", () => {
    const requests = Int32Array.from([0, 1, 2, 0, 1, 2, 3, 0]);
    const n = requests.length;
    const reversed = perfectNextArrival(requests, { neverAgain: n }).map((y) => n - y);
    const v = checkClaim(claimById("blind-oracle-smooth"), { k: 2, requests, predictions: { nextArrival: reversed } });
    expect(v.holds, formatVerdict(v)).toBe(true);
    expect(v.cases[0].values["η"]).toMatch(/^\d+$/);
    const pm = checkClaim(claimById("predictive-marker-smooth"), { k: 2, requests, predictions: { nextArrival: reversed }, seeds: [1, 2, 3] });
    expect(pm.holds, formatVerdict(pm)).toBe(true);
  });

  it("an instance without the predictions a claim's policy reads is an InputError naming the kind", () => {
    const requests = Int32Array.from([0, 1, 2, 0]);
    expect(() => checkClaim(claimById("follow-discard-smooth"), { k: 2, requests })).toThrow(InputError);
    expect(() => checkClaim(claimById("blind-oracle-smooth"), { k: 2, requests })).toThrow(/needs next-arrival predictions/);
  });
});
