import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { policies, simulate } from "../../src/paging/index.ts";
import { bitErrors, perfectDiscardBits, perfectNextArrival } from "../../src/predictors/index.ts";
import {
  bruteForceOpt,
  cmp,
  frac,
  PredictionSpace,
  show,
  worstPredictions,
  type WorstPredictions,
} from "../../src/proofs-check/index.ts";
import { allBitVectors } from "./succinct-helpers.ts";

/*
 * The adversarial-prediction search: exhaustive results recomputed independently, the
 * registered asserted bounds never beaten (searched with the excess objective, which looks for
 * exactly that), local search reproducible and never above the exhaustive maximum.
 */

/** Every canonical sequence (restricted growth string) of `length` over ≤ `pages` pages. */
function canonical(length: number, pages: number): Int32Array[] {
  const out: Int32Array[] = [];
  const walk = (prefix: number[], used: number): void => {
    if (prefix.length === length) return void out.push(Int32Array.from(prefix));
    for (let p = 0; p < Math.min(pages, used + 1); p++) walk([...prefix, p], p === used ? used + 1 : used);
  };
  walk([], 0);
  return out;
}

const describeWitness = (w: WorstPredictions) =>
  `${w.algorithm} k=${w.k} σ=[${Array.from(w.requests).join(" ")}] predictions=[${Array.from(w.predictions.bits ?? w.predictions.nextArrival!).join(" ")}] ` +
  `ALG=${show(w.alg)} OPT=${w.opt} ` +
  w.bounds.map((b) => `${b.claim}: bound ${show(b.value)} slack ${show(b.slack)}`).join("; ");

describe("exhaustive search, recomputed independently", () => {
  it("follow-discard, k = 2, every sequence of length 6 over 3 pages, η₀ ≤ 1, η₁ ≤ 2: the same maximum and candidate count as a brute force over all bit vectors", () => {
    const k = 2;
    let best = frac(0);
    let candidates = 0;
    for (const requests of canonical(6, 3)) {
      const truth = perfectDiscardBits(requests, k, { universe: 3 }).bits;
      const opt = bruteForceOpt(requests, k).cost;
      for (const bits of allBitVectors(6)) {
        const { eta0, eta1 } = bitErrors(bits, truth);
        if (eta0 > 1 || eta1 > 2) continue;
        candidates++;
        const alg = simulate(policies.create("follow-discard", k), requests, { universe: 3, predictions: { bits } }).faults;
        if (cmp(frac(alg, opt), best) > 0) best = frac(alg, opt);
      }
    }
    const w = worstPredictions({ algorithm: "follow-discard", k, length: 6, pages: 3, budget: { eta0: 1, eta1: 2 } });
    expect(w.evaluations).toBe(candidates);
    expect(show(w.ratio)).toBe(show(best));
    // The witness is genuine: recount it from scratch.
    const { eta0, eta1 } = bitErrors(w.predictions.bits!, perfectDiscardBits(w.requests, k, { universe: 3 }).bits);
    expect(eta0).toBeLessThanOrEqual(1);
    expect(eta1).toBeLessThanOrEqual(2);
    expect(w.error).toEqual({ eta0, eta1 });
    expect(w.alg.valueOf()).toBe(simulate(policies.create("follow-discard", k), w.requests, { universe: 3, predictions: w.predictions }).faults);
    expect(w.opt).toBe(bruteForceOpt(w.requests, k).cost);
  });

  it("next-arrival candidates: every integer vector in (t, n] within the ℓ1 budget, counted exactly", () => {
    const requests = Int32Array.from([0, 1, 0, 2, 1]);
    const space = new PredictionSpace(requests, 2, 3, { kind: "nextArrival", eta: 3 });
    const truth = perfectNextArrival(requests, { neverAgain: 5 });
    // Brute force over the box Π_t [t+1, n].
    let expected = 0;
    const walk = (t: number, spent: number): void => {
      if (spent > 3) return;
      if (t === requests.length) return void expected++;
      for (let h = t + 1; h <= 5; h++) walk(t + 1, spent + Math.abs(h - truth[t]));
    };
    walk(0, 0);
    let seen = 0;
    const distinct = new Set<string>();
    space.enumerate((c) => {
      seen++;
      distinct.add(Array.from(c).join(","));
      expect(space.within(c)).toBe(true);
    });
    expect(space.count()).toBe(expected);
    expect(seen).toBe(expected);
    expect(distinct.size).toBe(expected);
  });
});

describe("no witness beats an asserted registered bound (exhaustive, objective = ALG − bound)", () => {
  const cases: [string, number, number, number, { eta0?: number; eta1?: number; eta?: number }][] = [
    ["follow-discard", 3, 6, 4, { eta0: 1, eta1: 1 }],
    ["follow-discard", 2, 6, 3, { eta0: 2, eta1: 2 }],
    ["follow-discard-rand", 2, 6, 3, { eta0: 1, eta1: 1 }],
    ["mark-and-predict", 2, 6, 3, { eta0: 1, eta1: 1 }],
    ["blind-oracle", 2, 5, 3, { eta: 3 }],
    ["guard", 2, 5, 3, { eta: 2 }],
    ["blind-oracle-lru", 2, 5, 3, { eta: 2 }],
    ["combine-rand(blind-oracle,lru)", 2, 5, 3, { eta: 1 }],
  ];
  for (const [algorithm, k, length, pages, budget] of cases) {
    it(`${algorithm}, k = ${k}, length ${length} over ${pages} pages, budget ${JSON.stringify(budget)}`, () => {
      const w = worstPredictions({ algorithm, k, length, pages, budget, objective: "excess" });
      const asserted = w.bounds.filter((b) => b.status === "asserted");
      expect(asserted.length).toBeGreaterThan(0);
      for (const b of asserted) {
        expect(b.holds, describeWitness(w)).toBe(true);
        expect(cmp(b.slack, frac(0)), describeWitness(w)).toBeGreaterThanOrEqual(0);
      }
    });
  }

  it("follow-discard's second-hand (1, k−1, 1) bound is attained: k = 3, length 7, η₀ = η₁ = 1 gives ALG = OPT + (k−1)η₀ + η₁ = 7 at OPT 4", () => {
    const w = worstPredictions({ algorithm: "follow-discard", k: 3, length: 7, budget: { eta0: 1, eta1: 1 } });
    expect(show(w.ratio)).toBe("7/4");
    expect(w.bound?.claim).toBe("follow-discard-smooth");
    expect(show(w.bound!.slack)).toBe("0");
    expect(Array.from(w.requests)).toEqual([0, 1, 2, 3, 0, 1, 0]);
  });

  it("follow-discard-rand's γ = 1 is attained exactly: k = 3, length 7, η₁ = 1 gives E[ALG] = OPT + η₁ = 5 at OPT 4", () => {
    const w = worstPredictions({ algorithm: "follow-discard-rand", k: 3, length: 7, budget: { eta0: 0, eta1: 1 } });
    expect(w.exact).toBe(true);
    expect([show(w.alg), w.opt]).toEqual(["5", 4]);
    expect(w.error).toEqual({ eta0: 0, eta1: 1 });
    expect(show(w.bound!.slack)).toBe("0");
  });
});

describe("local search", () => {
  it("is reproducible (same seed, same witness), stays within the budget and never beats the exhaustive maximum", () => {
    const options = { algorithm: "follow-discard", k: 3, length: 7, budget: { eta0: 1, eta1: 1 }, search: "local" as const, iterations: 2000 };
    const exhaustive = worstPredictions({ ...options, search: "exhaustive" });
    let reached = false;
    for (const seed of [1, 2, 3]) {
      const a = worstPredictions({ ...options, seed });
      const b = worstPredictions({ ...options, seed });
      expect(Array.from(a.requests)).toEqual(Array.from(b.requests));
      expect(Array.from(a.predictions.bits!)).toEqual(Array.from(b.predictions.bits!));
      expect(a.evaluations).toBe(2000);
      const { eta0, eta1 } = a.error as { eta0: number; eta1: number };
      expect(eta0 <= 1 && eta1 <= 1).toBe(true);
      expect(cmp(a.ratio, exhaustive.ratio)).toBeLessThanOrEqual(0);
      if (cmp(a.ratio, exhaustive.ratio) === 0) reached = true;
    }
    expect(reached).toBe(true);
  });

  it("next-arrival budgets on longer sequences: blind-oracle stays within OPT + 2η, and the witness's η is within the budget", () => {
    const w = worstPredictions({ algorithm: "blind-oracle", k: 3, length: 40, budget: { eta: 12 }, search: "local", seed: 5, iterations: 1500 });
    expect((w.error as { eta: number }).eta).toBeLessThanOrEqual(12);
    expect(cmp(w.ratio, frac(1))).toBeGreaterThan(0);
    expect(w.bound?.claim).toBe("blind-oracle-smooth");
    expect(w.bound!.holds, describeWitness(w)).toBe(true);
  });

  it("a randomized algorithm without an exact expectation is re-measured on fresh seeds and marked inexact", () => {
    const w = worstPredictions({ algorithm: "predictive-marker", k: 2, length: 12, budget: { eta: 4 }, search: "local", seed: 1, iterations: 300 });
    expect(w.exact).toBe(false);
    const predictive = w.bounds.find((b) => b.claim === "predictive-marker-smooth")!;
    expect(predictive.sampling).toBeDefined();
    expect(predictive.holds, describeWitness(w)).toBe(true);
  });
});

describe("bad input is a one-line InputError, limits before work", () => {
  const base = { k: 2, length: 5, budget: { eta0: 1, eta1: 1 } };
  it.each([
    [{ ...base, algorithm: "lru" }, /reads no predictions/],
    [{ ...base, algorithm: "blind-oracle" }, /give the ℓ1 error budget eta|not eta0/],
    [{ ...base, algorithm: "follow-discard", budget: { eta: 2 } }, /give eta0\/eta1, not eta/],
    [{ ...base, algorithm: "combine-det(blind-oracle,follow-discard)" }, /one kind at a time/],
    [{ ...base, algorithm: "follow-discard", length: 20 }, /over the limit/],
    [{ ...base, algorithm: "follow-discard", length: 12, budget: { eta0: 6, eta1: 6 }, pages: 2 }, /more than 1000000 candidates/],
    [{ ...base, algorithm: "follow-discard", search: "local" as const, length: 4000, iterations: 1_000_000 }, /request-steps/],
    [{ ...base, algorithm: "follow-discard", budget: { eta0: -1 } }, /non-negative integer/],
    [{ ...base, algorithm: "opt" }, /offline/],
    [{ algorithm: "follow-discard", k: 2, requests: [], budget: { eta0: 1 } }, /empty/],
  ])("%#", (options, message) => {
    expect(() => worstPredictions(options)).toThrow(InputError);
    expect(() => worstPredictions(options)).toThrow(message);
  });

  it("several given sequences are searched together; the witness is one of them", () => {
    const sequences = [[0, 1, 2, 0, 1, 2], [0, 0, 1, 1, 2, 2], [0, 1, 0, 2, 0, 1]];
    const w = worstPredictions({ algorithm: "follow-discard", k: 2, sequences, budget: { eta0: 1, eta1: 1 } });
    const singles = sequences.map((requests) => worstPredictions({ algorithm: "follow-discard", k: 2, requests, budget: { eta0: 1, eta1: 1 } }));
    const best = singles.reduce((a, b) => (cmp(b.ratio, a.ratio) > 0 ? b : a));
    expect(show(w.ratio)).toBe(show(best.ratio));
    expect(w.evaluations).toBe(singles.reduce((a, b) => a + b.evaluations, 0));
    const local = worstPredictions({ algorithm: "follow-discard", k: 2, sequences, budget: { eta0: 1, eta1: 1 }, search: "local", seed: 3, iterations: 600 });
    expect(sequences.map((s) => s.join(" "))).toContain(Array.from(local.requests).join(" "));
  });

  it("a given sequence instead of a family", () => {
    const w = worstPredictions({ algorithm: "follow-discard", k: 2, requests: [0, 1, 2, 0, 1, 2], budget: { eta0: 0, eta1: 1 } });
    expect(w.family).toBeNull();
    expect(Array.from(w.requests)).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
