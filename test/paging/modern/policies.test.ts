import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Cacheus, LeCar, policies, Rng, simulate, Stepper } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";
import { driftingInstance, showInstance, smallInstance } from "../../proofs-check/arbitraries.ts";

const SEED = 8_120_331;
const MODERN = ["w-tinylfu", "lecar", "cacheus", "hyperbolic"];

/** 4000 requests over 200 pages, skewed (p = ⌊200·u³⌋), from a fixed generator. */
const skewed = (() => {
  const rng = new Rng(11);
  return Int32Array.from({ length: 4000 }, () => Math.floor(200 * rng.next() ** 3));
})();

describe("modern family in the registry", () => {
  it("registers the four policies as online, prediction-free, family 'modern' — so the registry-wide engine properties (≤ k resident, demand paging, Stepper = simulate, same seed → same run, k ≥ distinct ⇒ one fault a page) run on them", () => {
    for (const name of MODERN) {
      const info = policies.get(name);
      expect(info.family, name).toBe("modern");
      expect(info.offline, name).toBe(false);
      expect(info.needs, name).toEqual([]);
    }
    expect(["lecar", "cacheus", "hyperbolic"].every((n) => policies.get(n).randomized)).toBe(true);
    expect(policies.get("w-tinylfu").randomized).toBe(false);
  });

  it("takes its parameters by name, and refuses bad ones with a one-line InputError", () => {
    expect(() => policies.create("w-tinylfu[window=0.2,protected=0.5,error=0.01,sample=8]", 50)).not.toThrow();
    expect(() => policies.create("lecar[lr=0.1,discount=0.5]", 5)).not.toThrow();
    expect(() => policies.create("cacheus[split=fixed,history=2]", 5)).not.toThrow();
    expect(() => policies.create("hyperbolic[samples=8]", 5)).not.toThrow();
    for (const bad of ["w-tinylfu[window=1]", "w-tinylfu[window=0]", "w-tinylfu[error=0]", "lecar[lr=0]", "lecar[discount=2]", "cacheus[split=half]", "hyperbolic[samples=0.5]", "hyperbolic[samples=x]", "lecar[gamma=1]"]) {
      expect(() => policies.create(bad, 10), bad).toThrow(InputError);
    }
  });

  it("different seeds change the randomized modern policies' choices", () => {
    // Hyperbolic at k = 20 with 64 samples sees every resident page (its bucket walk sweeps the
    // table, as libCacheSim's does), so the seed only breaks ties there; with 4 samples it decides.
    for (const name of ["lecar", "cacheus", "hyperbolic[samples=4]", "hyperbolic[sampling=uniform]"]) {
      const logs = new Set<string>();
      for (let seed = 0; seed < 12; seed++) {
        logs.add(Array.from(simulate(policies.create(name, 20, { seed }), skewed, { recordEvictions: true }).evictions!.pages).join(","));
      }
      expect(logs.size, name).toBeGreaterThan(6);
    }
  });
});

/** Step a weighted policy and check its weights after every request. */
function checkWeights(policy: LeCar | Cacheus, requests: Int32Array, universe: number, where: string): void {
  const stepper = new Stepper(policy, universe);
  let broken = "";
  for (let t = 0; t < requests.length && broken === ""; t++) {
    stepper.request(requests[t]);
    const a = policy.lruWeight;
    const b = policy.lfuWeight;
    if (!(a >= 0 && b >= 0 && a <= 1 && b <= 1) || Math.abs(a + b - 1) > 1e-12) broken = `weights (${a}, ${b}) after request ${t}`;
  }
  expect(broken, where).toBe("");
}

describe("LeCaR and Cacheus: the experts' weights stay a probability distribution", () => {
  it(`w_LRU, w_LFU ∈ [0, 1] with sum 1 (to 1e−12) after every request, any λ (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.oneof(smallInstance(6, 120, 6), driftingInstance(6, 200)),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0.001, 0.45, 5, 100),
        (inst, seed, lr) => {
          checkWeights(new LeCar(inst.k, seed, lr), inst.requests, inst.universe, `lecar λ=${lr} seed ${seed} ${showInstance(inst)}`);
          checkWeights(new Cacheus(inst.k, seed), inst.requests, inst.universe, `cacheus seed ${seed} ${showInstance(inst)}`);
          checkWeights(new Cacheus(inst.k, seed, 1, true), inst.requests, inst.universe, `cacheus fixed seed ${seed} ${showInstance(inst)}`);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("the weights do learn: on a skewed trace the experts' histories are hit and the weights leave (½, ½)", () => {
    const lecar = new LeCar(20, 1);
    simulate(lecar, skewed);
    expect(Math.abs(lecar.lruWeight - 0.5)).toBeGreaterThan(0.05);
    const cacheus = new Cacheus(20, 1);
    simulate(cacheus, skewed);
    expect(Math.abs(cacheus.lruWeight - 0.5)).toBeGreaterThan(0.05);
  });
});

describe("Cacheus's SR/R split", () => {
  it("libCacheSim's fixed split evicts while the cache has room (σ = 0 1 0, k = 3: 3 faults); the default shared split does not (2)", () => {
    const requests = Int32Array.from([0, 1, 0]);
    expect(simulate(policies.create("cacheus[split=fixed]", 3), requests).faults).toBe(3);
    expect(simulate(policies.create("cacheus", 3), requests).faults).toBe(2);
  });
});

describe("W-TinyLFU", () => {
  it("sizes its window and SLRU segments as libCacheSim: w = ⌊k/100⌋ (≥ 1), M = k − w, probation ⌊M/5⌋", () => {
    const p = policies.create("w-tinylfu", 1000) as unknown as { windowSize: number; mainSize: number };
    expect([p.windowSize, p.mainSize]).toEqual([10, 990]);
    const small = policies.create("w-tinylfu", 7) as unknown as { windowSize: number; mainSize: number };
    expect([small.windowSize, small.mainSize]).toEqual([1, 6]);
  });

  it("admits a frequent page over a one-hit wonder: a scan does not flush a hot set", () => {
    const k = 100;
    const hot = Array.from({ length: 60 }, (_, i) => i);
    const requests: number[] = [];
    for (let r = 0; r < 20; r++) requests.push(...hot);
    for (let s = 0; s < 5000; s++) requests.push(1000 + s, hot[s % 60]);
    const seq = Int32Array.from(requests);
    const wtiny = simulate(policies.create("w-tinylfu", k), seq).faults;
    const lru = simulate(policies.create("lru", k), seq).faults;
    // Every scan page faults once (5000) plus the cold hot set (60); LRU also loses hot pages.
    expect(wtiny).toBeLessThan(5000 + 60 + 100);
    expect(lru).toBeGreaterThan(wtiny);
  });
});
