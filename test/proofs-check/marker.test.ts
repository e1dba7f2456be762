import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate } from "../../src/paging/index.ts";
import {
  claimById,
  checkClaim,
  formatVerdict,
  markerExpectedFaults,
  hoeffdingSlack,
  cmp,
  show,
  approx,
  frac,
} from "../../src/proofs-check/index.ts";
import { add, type Fraction } from "mathjs";
import { smallInstance, driftingInstance, showInstance } from "./arbitraries.ts";

const SEED_EXACT = 2_718;
const SEED_SAMPLED = 5_772;
const SEED_AGREE = 6_931;
/** Per-check false-alarm probability of the sampled checks (Hoeffding; see below). */
const DELTA = 1e-9;

describe("Marker: exact expectations (no sampling)", () => {
  it(`E[Marker] ≤ Σ c_i(H_k − H_{c_i} + 1) and ≤ 2H_k·OPT + k, exactly, k ≤ 4, n ≤ 14 (fast-check seed ${SEED_EXACT})`, () => {
    fc.assert(
      fc.property(smallInstance(4, 14, 4), (inst) => {
        for (const id of ["marker-per-phase-expected", "marker-expected"]) {
          const v = checkClaim(claimById(id), { ...inst, exactExpectation: true });
          expect(v.holds, formatVerdict(v)).toBe(true);
          expect(v.cases[0].slack).toBeUndefined();
        }
      }),
      { seed: SEED_EXACT, numRuns: 400 },
    );
  });

  it("the per-phase bound is tight on a loop over k+1 pages (first stale request after the clean one)", () => {
    // k = 2, σ = [0 1][2 0][1 2][0 1][2 0]: every later phase is one clean page, then one stale.
    const requests = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    const v = checkClaim(claimById("marker-per-phase-expected"), { k: 2, requests, exactExpectation: true });
    expect(v.holds).toBe(true);
    // By hand: phase 1 costs 2; in each later phase the clean page faults and evicts the stale
    // page of the phase with probability ½: 2 + 4·(1 + ½) = 8 = Σ c_i(H_2 − H_{c_i} + 1).
    expect(show(markerExpectedFaults(requests, 2))).toBe("8");
    expect(show(v.cases[0].rhs)).toBe("8");
  });

  it(`the implementation's mean over seeds agrees with the exact expectation (fast-check seed ${SEED_AGREE})`, () => {
    // Two-sided Hoeffding: each run's faults lie in [distinct, n], so with S runs
    // P(|mean − E| ≥ ε) ≤ 2·exp(−2Sε²/R²); ε below is for 2δ. A victim rule that is not uniform
    // over the unmarked pages (e.g. always the oldest) moves the mean by ≳ 1 fault on loops,
    // far above ε ≈ 0.3 here, so this catches it.
    const S = 4000;
    const loops = fc.integer({ min: 2, max: 4 }).map((k) => ({ k, universe: k + 1, requests: Int32Array.from({ length: 14 }, (_, t) => t % (k + 1)) }));
    fc.assert(
      fc.property(fc.oneof(smallInstance(4, 14, 4), loops), (inst) => {
        const exact = markerExpectedFaults(inst.requests, inst.k);
        let total = 0;
        for (let seed = 0; seed < S; seed++) total += simulate(policies.create("marker", inst.k, { seed }), inst.requests).faults;
        const mean = frac(total, S);
        const range = inst.requests.length - new Set(inst.requests).size;
        const eps = hoeffdingSlack(range, S, DELTA / 2);
        const low = add(mean, eps) as Fraction;
        const high = add(exact, eps) as Fraction;
        const where = `${showInstance(inst)}: mean ${approx(mean)} vs exact ${approx(exact)} ± ${approx(eps)}`;
        expect(cmp(exact, low) <= 0 && cmp(mean, high) <= 0, where).toBe(true);
      }),
      { seed: SEED_AGREE, numRuns: 12 },
    );
  });
});

describe("Marker: sampled expectations for larger k (T5)", () => {
  // Here 2H_k < k (k ≥ 5), so the bound says more than the deterministic ALG ≤ k·OPT.
  // checkClaim compares the mean over S seeds with bound + ε, ε = R·√(ln(1/δ)/(2S)), R = n − distinct
  // (every run faults on each distinct page and at most on every request). If E[Marker] obeys the
  // bound, one check fails with probability ≤ δ = 1e−9; over the ≤ 2·40 checks below, ≤ 1e−7.
  const S = 300;
  const seeds = Array.from({ length: S }, (_, i) => 1000 + i);

  it(`E[Marker] ≤ 2H_k·OPT + k and ≤ Σ c_i(H_k − H_{c_i} + 1), k ∈ [5, 12], ${S} seeds (fast-check seed ${SEED_SAMPLED})`, () => {
    const inst = fc.integer({ min: 5, max: 12 }).chain((k) =>
      driftingInstance(k, 300).map((d) => ({ ...d, k })),
    );
    fc.assert(
      fc.property(inst, (i) => {
        for (const id of ["marker-expected", "marker-per-phase-expected"]) {
          const v = checkClaim(claimById(id), { ...i, seeds, confidence: DELTA });
          expect(v.holds, formatVerdict(v)).toBe(true);
        }
      }),
      { seed: SEED_SAMPLED, numRuns: 40 },
    );
  });

  it("the sampled check has teeth: with the same slack it rejects LRU on a loop over k+1 pages", () => {
    const k = 16;
    const requests = Int32Array.from({ length: 60 * k }, (_, t) => t % (k + 1));
    const marker = checkClaim(claimById("marker-expected"), { k, requests, seeds, confidence: DELTA });
    expect(marker.holds, formatVerdict(marker)).toBe(true);
    // The same inequality with the same slack, for deterministic LRU (ALG = n on this loop).
    const slack = marker.cases[0].slack!;
    const lru = simulate(policies.create("lru", k), requests).faults;
    const bound = add(marker.cases[0].rhs, slack) as Fraction;
    expect(cmp(frac(lru), bound), `LRU ${lru} vs ${approx(bound)}`).toBe(1);
  });
});
