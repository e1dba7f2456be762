import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate } from "../../src/paging/index.ts";
import { generateRequests } from "../../src/adversaries/index.ts";
import { smallInstance, driftingInstance, showInstance } from "./arbitraries.ts";

const SEED = 424_242;
const POLICY_SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

/** Every registered policy Belady competes with: online, needing no predictions. */
const rivals = policies.list().filter((p) => !p.offline && p.needs.length === 0);

function checkDominance(requests: Int32Array, k: number, universe: number, where: string): void {
  const opt = simulate(policies.create("opt", k), requests, { universe }).faults;
  for (const info of rivals) {
    for (const seed of info.randomized ? POLICY_SEEDS : [0]) {
      const alg = simulate(policies.create(info.name, k, { seed }), requests, { universe }).faults;
      expect(opt, `${info.name} seed ${seed} vs OPT on ${where}`).toBeLessThanOrEqual(alg);
    }
  }
}

describe("Belady is a lower bound for every registered policy", () => {
  it("has rivals to compare with", () => {
    expect(rivals.length).toBeGreaterThanOrEqual(9);
  });

  it(`OPT ≤ ALG on random small and drifting sequences (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(6, 40, 5), driftingInstance(8, 150)), (inst) => {
        checkDominance(inst.requests, inst.k, inst.universe, showInstance(inst));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`OPT ≤ ALG on every built-in generator's sequences (generator seeds 0..3)`, () => {
    const cases: Array<[string, Record<string, number | string>]> = [
      ["uniform", { n: 3000, universe: 60 }],
      ["zipf", { n: 3000, universe: 200, alpha: 0.9 }],
      ["loop", { n: 3000, length: 21, noise: 0.1, universe: 40 }],
      ["working-set", { n: 3000, universe: 300, size: 25, phase: 200, shift: 5 }],
      ["cruel", { n: 500, k: 16, policy: "lru" }],
    ];
    for (const [name, params] of cases) {
      for (let seed = 0; seed < 4; seed++) {
        const requests = generateRequests(name, params, seed);
        for (const k of [1, 4, 16, 32]) checkDominance(requests, k, Math.max(...requests) + 1, `${name} seed ${seed} k=${k}`);
      }
    }
  });
});
