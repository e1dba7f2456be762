import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate, Stepper, Rng, type FollowerRobust, type Predictions } from "../../../src/paging/index.ts";
import { driftingInstance, showInstance, smallInstance, type SmallInstance } from "../../proofs-check/arbitraries.ts";
import { generateRequests } from "../../../src/adversaries/registry.ts";
import { perfectNextArrivals, testRegistry } from "./test-policies.ts";

const SEED = 1_480_262;
const reg = testRegistry();

function noisy(inst: SmallInstance, seed: number, wrong: number): Predictions {
  const truth = perfectNextArrivals(inst.requests, inst.universe);
  const rng = new Rng(seed);
  return { nextArrival: truth.map((v, t) => (rng.next() < wrong ? t + 1 + rng.int(3) : v)) };
}

describe("follower-robust (F&R, reconstructed)", () => {
  it(`is 1-consistent: with the optimum's caches as predictions it never leaves the follower and costs OPT (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(6, 80, 5), driftingInstance(8, 200)), fc.integer({ min: 0, max: 1000 }), (inst, seed) => {
        const opts = { universe: inst.universe, predictions: { nextArrival: perfectNextArrivals(inst.requests, inst.universe) } };
        const opt = simulate(reg.create("opt", inst.k), inst.requests, opts).faults;
        for (const part of ["opt", "follow-next"]) {
          const f = reg.create(`follower-robust(${part})`, inst.k, { seed }) as FollowerRobust;
          const cost = simulate(f, inst.requests, opts).faults;
          expect({ cost, robust: f.robustPhases }, `${part} seed ${seed} on ${showInstance(inst)}`).toEqual({ cost: opt, robust: 0 });
          expect(f.optSoFar).toBe(opt);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`cost ≤ OPT + (3k + 1)·(robust phases) on every run, whatever the part (fast-check seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(
        fc.oneof(smallInstance(6, 80, 6), driftingInstance(8, 250)),
        fc.constantFrom("anti-opt", "lru", "mru", "marker", "follow-next", "opt"),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (inst, part, seed, wrong) => {
          const opts = { universe: inst.universe, predictions: noisy(inst, seed, wrong) };
          const f = reg.create(`follower-robust(${part})`, inst.k, { seed }) as FollowerRobust;
          const cost = simulate(f, inst.requests, opts).faults;
          const opt = simulate(reg.create("opt", inst.k), inst.requests, opts).faults;
          const where = `${part} seed ${seed} wrong ${wrong} on ${showInstance(inst)}: cost ${cost}, OPT ${opt}, robust phases ${f.robustPhases}`;
          expect(cost, where).toBeLessThanOrEqual(opt + (3 * inst.k + 1) * f.robustPhases);
          expect(cost, where).toBeGreaterThanOrEqual(opt);
        },
      ),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it(`Stepper gives exactly simulate's evictions (fast-check seed ${SEED + 2})`, () => {
    fc.assert(
      fc.property(driftingInstance(6, 150), fc.constantFrom("lru", "marker", "follow-next"), fc.integer({ min: 0, max: 1000 }), (inst, part, seed) => {
        const predictions = noisy(inst, seed, 0.3);
        const expr = `follower-robust(${part})`;
        const batch = simulate(reg.create(expr, inst.k, { seed }), inst.requests, { universe: inst.universe, predictions, recordEvictions: true });
        const stepper = new Stepper(reg.create(expr, inst.k, { seed }), inst.universe);
        for (let t = 0; t < inst.requests.length; t++) stepper.request(inst.requests[t], { nextArrival: predictions.nextArrival![t] });
        expect(Array.from(stepper.cache.evictions().pages), `${expr} seed ${seed} on ${showInstance(inst)}`).toEqual(Array.from(batch.evictions!.pages));
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });

  it("against a part that evicts the page needed next, it beats that part and keeps its accounting bound", () => {
    for (const [name, params, k] of [
      ["zipf", { n: 3000, universe: 60, alpha: 0.9 }, 8],
      ["loop", { n: 3000, length: 13, noise: 0.1 }, 10],
      ["working-set", { n: 3000, universe: 200, size: 20, phase: 300, shift: 5 }, 16],
    ] as const) {
      const requests = generateRequests(name, params as never, 5);
      const anti = simulate(reg.create("anti-opt", k), requests).faults;
      const lru = simulate(reg.create("lru", k), requests).faults;
      const opt = simulate(reg.create("opt", k), requests).faults;
      const f = reg.create("follower-robust(anti-opt)", k, { seed: 1 }) as FollowerRobust;
      const cost = simulate(f, requests).faults;
      expect(cost, `${name}: F&R ${cost}, anti-opt ${anti}, LRU ${lru}, OPT ${opt}, robust phases ${f.robustPhases}`).toBeLessThanOrEqual(opt + (3 * k + 1) * f.robustPhases);
      expect(cost, `${name}: F&R ${cost} vs anti-opt ${anti}`).toBeLessThan(anti);
    }
  });
});
