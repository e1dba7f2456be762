import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { add, multiply, type Fraction } from "mathjs";
import { policies, simulate, Guard, Rng, type Predictions } from "../../../src/paging/index.ts";
import { cmp, frac, harmonic, show } from "../../../src/proofs-check/exact.ts";
import { guardExpectedFaults } from "../../../src/proofs-check/guard-exact.ts";
import { hoeffdingSlack } from "../../../src/proofs-check/hoeffding.ts";
import { generateRequests } from "../../../src/adversaries/registry.ts";
import { driftingInstance, showInstance, smallInstance, type SmallInstance } from "../../proofs-check/arbitraries.ts";
import { perfectNextArrivals } from "./test-policies.ts";

const SEED = 9_270_113;

/** Predictions that point the wrong way: the truth reversed (soonest looks furthest), or noise. */
function badPredictions(inst: SmallInstance, kind: number, seed: number): Float64Array {
  const truth = perfectNextArrivals(inst.requests, inst.universe);
  const rng = new Rng(seed);
  return truth.map((v, t) => (kind === 0 ? (Number.isFinite(v) ? -v : -1e9) : kind === 1 ? rng.next() * inst.requests.length : t + 1));
}

/** Robustness claimed [P abstract, later versions]: 2H_{k−1} + 2 (the test allows an additive k). */
function robustBound(k: number, opt: number): Fraction {
  return add(multiply(add(multiply(frac(2), harmonic(k - 1)), frac(2)), frac(opt)), frac(k)) as Fraction;
}

describe("guard", () => {
  it(`is 1-consistent: with perfect predictions it never guards and costs exactly OPT, every seed (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(6, 80, 5), driftingInstance(8, 200)), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (inst, seed) => {
        const predictions: Predictions = { nextArrival: perfectNextArrivals(inst.requests, inst.universe) };
        const g = new Guard(inst.k, seed);
        const cost = simulate(g, inst.requests, { universe: inst.universe, predictions }).faults;
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        expect({ cost, guards: g.guards }, `seed ${seed} on ${showInstance(inst)}`).toEqual({ cost: opt, guards: 0 });
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it(`E[cost] ≤ (2H_{k−1} + 2)·OPT + k exactly with wrong predictions, by enumerating its coin flips; the implementation's mean agrees (fast-check seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(4, 16, 4, 4), driftingInstance(4, 18)), fc.integer({ min: 0, max: 2 }), (inst, kind) => {
        const next = badPredictions(inst, kind, inst.requests.length);
        const e = guardExpectedFaults(inst.requests, inst.k, next);
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        const where = `predictions ${kind} on ${showInstance(inst)}: E = ${show(e)}, OPT = ${opt}`;
        expect(cmp(e, robustBound(inst.k, opt)) <= 0, where).toBe(true);
        const runs = 2000;
        let total = 0;
        for (let seed = 0; seed < runs; seed++) {
          total += simulate(new Guard(inst.k, seed), inst.requests, { universe: inst.universe, predictions: { nextArrival: next } }).faults;
        }
        const slack = Number(hoeffdingSlack(inst.requests.length, runs, 1e-9).valueOf());
        expect(Math.abs(total / runs - Number(e.valueOf())), where).toBeLessThanOrEqual(slack);
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });

  it("E[cost] ≤ (2H_{k−1} + 2)·OPT + k on generated sequences with reversed predictions (mean of 100 seeds, Hoeffding δ = 1e−9)", () => {
    const cases: [string, Int32Array, number][] = [
      ["loop of k+1", generateRequests("loop", { n: 3000, length: 9 }, 1), 8],
      ["zipf", generateRequests("zipf", { n: 3000, universe: 200, alpha: 0.9 }, 2), 16],
      ["working set", generateRequests("working-set", { n: 3000, universe: 300, size: 24, phase: 400, shift: 6 }, 3), 20],
    ];
    for (const [name, requests, k] of cases) {
      const universe = Math.max(...requests) + 1;
      const inst = { k, universe, requests };
      const opt = simulate(policies.create("opt", k), requests).faults;
      for (const kind of [0, 1]) {
        const next = badPredictions(inst, kind, 7);
        const runs = 100;
        let total = 0;
        for (let seed = 0; seed < runs; seed++) total += simulate(new Guard(k, seed), requests, { predictions: { nextArrival: next } }).faults;
        const mean = frac(Math.round((total / runs) * 1e6), 1e6);
        const bound = add(robustBound(k, opt), hoeffdingSlack(requests.length, runs, 1e-9)) as Fraction;
        expect(cmp(mean, bound) <= 0, `${name} k=${k} predictions ${kind}: mean ${show(mean)}, OPT ${opt}, bound ${show(bound)}`).toBe(true);
      }
    }
  });

  it("needs next-arrival predictions", () => {
    expect(() => simulate(new Guard(2, 0), Int32Array.from([0, 1, 2]))).toThrow(/guard needs next-arrival predictions/);
  });
});
