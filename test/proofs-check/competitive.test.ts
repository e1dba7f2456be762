import { describe, expect, it } from "vitest";
import { multiply, subtract, type Fraction } from "mathjs";
import {
  assertCompetitive,
  checkCompetitive,
  CompetitiveViolation,
  claimById,
  cmp,
  frac,
  type PolicyFactory,
} from "../../src/proofs-check/index.ts";
import { Fifo, Fwf, Lru, Marking, Mru, nextUseTimes, policies, simulate, type Policy, type RunContext } from "../../src/paging/index.ts";
import { InputError } from "../../src/errors.ts";

// Every check runs fast-check with the API's fixed default seed (printed in each report) unless
// a test passes its own; the failures below print the shrunk witness from the report's message.

/**
 * Deliberately broken: on a fault it evicts the resident page requested soonest (the opposite of
 * Belady), so it is not k-competitive: on 0 1 2 0 1 2 … with k = 2 it faults on every request
 * while OPT faults every other time.
 */
class EvictSoonest implements Policy {
  readonly offline = true;
  private ctx!: RunContext;
  private next: Int32Array = new Int32Array(0);
  constructor(readonly k: number) {}
  reset(ctx: RunContext): void {
    this.ctx = ctx;
    this.next = nextUseTimes(ctx.requests!, ctx.universe);
  }
  onHit(): void {}
  makeRoom(_page: number, t: number): void {
    const { resident } = this.ctx.cache;
    const requests = this.ctx.requests!;
    let victim = -1;
    let soonest = Infinity;
    for (let p = 0; p < resident.length; p++) {
      if (resident[p] === 0) continue;
      let u = requests.length;
      for (let s = t + 1; s < requests.length; s++) if (requests[s] === p) { u = s; break; }
      if (u < soonest) (soonest = u), (victim = p);
    }
    this.ctx.cache.evict(victim);
  }
  onInsert(): void {}
}

/** Never evicts: the engine throws on its first fault with a full cache. */
class NoRoom implements Policy {
  constructor(readonly k: number) {}
  reset(): void {}
  onHit(): void {}
  makeRoom(): void {}
  onInsert(): void {}
}

const belady = (requests: Int32Array, k: number): number => simulate(policies.create("opt", k), requests).faults;

describe("assertCompetitive against k-competitiveness (marking-strict: ALG_k ≤ k·OPT_k)", () => {
  it("passes LRU, FIFO, FWF and deterministic Marking, written as factories", () => {
    const factories: PolicyFactory[] = [(k) => new Lru(k), (k) => new Fifo(k), (k) => new Fwf(k), (k) => new Marking(k)];
    for (const factory of factories) {
      const report = assertCompetitive(factory, "marking-strict", { numRuns: 150 });
      expect(report.holds).toBe(true);
      expect(report.runs).toBe(150);
      // The least slack is a real instance's k·OPT − ALG, never negative.
      const w = report.worst!;
      const alg = simulate(factory(w.k, 0), w.requests).faults;
      expect(cmp(report.worstSlack!, subtract(multiply(frac(w.k), frac(belady(w.requests, w.k))), frac(alg)) as Fraction)).toBe(0);
      expect(cmp(report.worstSlack!, frac(0))).toBeGreaterThanOrEqual(0);
    }
  });

  it("reaches slack 0 for LRU: the generators include the cyclic k+1-page sequences where ALG = k·OPT", () => {
    const report = checkCompetitive((k) => new Lru(k), "marking-strict", { numRuns: 300, k: { min: 2, max: 5 } });
    expect(report.worst!.k).toBeGreaterThanOrEqual(2);
    expect(report.holds, report.message).toBe(true);
    expect(cmp(report.worstSlack!, frac(0)), report.message).toBe(0);
  });

  it("catches a policy that evicts the page requested next, with a shrunk witness in the thrown message", () => {
    let thrown: unknown;
    try {
      assertCompetitive((k) => new EvictSoonest(k), "marking-strict", { seed: 7 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CompetitiveViolation);
    expect(thrown).toBeInstanceOf(Error);
    const report = (thrown as CompetitiveViolation).report;
    const message = (thrown as Error).message;
    const w = report.counterexample!;
    // The witness is genuine: recomputed independently, ALG > k·OPT on it.
    const alg = simulate(new EvictSoonest(w.k), w.requests).faults;
    const opt = belady(w.requests, w.k);
    expect(alg, message).toBeGreaterThan(w.k * opt);
    // Shrunk to a local minimum: deleting any one request, or a smaller cache, makes it hold.
    for (let i = 0; i < w.requests.length; i++) {
      const shorter = Int32Array.from([...w.requests.subarray(0, i), ...w.requests.subarray(i + 1)]);
      expect(simulate(new EvictSoonest(w.k), shorter).faults, `without request ${i}`).toBeLessThanOrEqual(w.k * belady(shorter, w.k));
    }
    for (let k = 1; k < w.k; k++) expect(simulate(new EvictSoonest(k), w.requests).faults).toBeLessThanOrEqual(k * belady(w.requests, k));
    expect(w.requests.length, message).toBeLessThanOrEqual(13);
    // The message names everything needed to reproduce and understand it.
    expect(message).toContain("fast-check seed 7");
    expect(message).toContain(`σ = [${Array.from(w.requests).join(" ")}]`);
    expect(message).toContain(`OPT_${w.k} = ${opt}`);
    expect(message).toContain(`ALG = ${alg}`);
    expect(message).toContain(`bound = ${w.k * opt}`);
    expect(message).toContain("EvictSoonest violates [marking-strict]");
    expect(cmp(report.worstSlack!, frac(0))).toBeLessThan(0);
  });

  it("catches MRU (online, not competitive) the same way", () => {
    const report = checkCompetitive((k) => new Mru(k), "marking-strict");
    expect(report.holds).toBe(false);
    const w = report.counterexample!;
    expect(simulate(new Mru(w.k), w.requests).faults, report.message).toBeGreaterThan(w.k * belady(w.requests, w.k));
  });

  it("replays a failure from the printed seed and path", () => {
    const first = checkCompetitive((k) => new Mru(k), "marking-strict", { seed: 3 });
    const again = checkCompetitive((k) => new Mru(k), "marking-strict", { seed: 3, path: first.path! });
    expect(again.holds).toBe(false);
    expect(Array.from(again.counterexample!.requests)).toEqual(Array.from(first.counterexample!.requests));
  });

  it("the same bound written as {alpha, additive} gives the same verdicts", () => {
    expect(checkCompetitive((k) => new Lru(k), { alpha: (k) => k }).holds).toBe(true);
    expect(checkCompetitive((k) => new EvictSoonest(k), { alpha: (k) => k }).holds).toBe(false);
    // An additive term large enough for every generated instance (n ≤ 40) lets even MRU pass.
    expect(checkCompetitive((k) => new Mru(k), { alpha: (k) => k, additive: 40 }).holds).toBe(true);
  });

  it("reports a policy that throws as a failure naming the error", () => {
    const report = checkCompetitive((k) => new NoRoom(k), "marking-strict");
    expect(report.holds).toBe(false);
    expect(report.message).toContain("policy made no room");
    expect(report.message).toContain("σ = [");
  });
});

describe("assertCompetitive against smoothness bounds of one-bit predictions", () => {
  it("follow-discard satisfies its registered constants ALG ≤ OPT + (k−1)η₀ + η₁ under generated bit errors", () => {
    const report = assertCompetitive("follow-discard", "follow-discard-smooth", { numRuns: 150 });
    expect(report.claim.statement).toBe(claimById("follow-discard-smooth").statement);
    // Written as a custom bound, with the factory instead of the name.
    const factory = (k: number) => policies.create("follow-discard", k);
    expect(assertCompetitive(factory, { alpha: 1, beta: (k) => k - 1, gamma: 1 }, { numRuns: 150 }).holds).toBe(true);
  });

  it("a bound too strong for noisy bits fails with the bits and their errors in the witness", () => {
    const factory = (k: number) => policies.create("follow-discard", k);
    const report = checkCompetitive(factory, { alpha: 1, beta: 0, gamma: 0 });
    expect(report.holds).toBe(false);
    const w = report.counterexample!;
    expect(w.predictions.bits).toBeDefined();
    expect(report.message).toContain(`bits = [${Array.from(w.predictions.bits!).join(" ")}]`);
    expect(report.message).toMatch(/η₀ \(false KEEP\) = \d+/);
    const alg = simulate(factory(w.k), w.requests, { predictions: w.predictions }).faults;
    expect(alg).toBeGreaterThan(belady(w.requests, w.k));
  });

  it("error budgets bound the generated predictions: with η₀ = η₁ = 0 follow-discard equals OPT", () => {
    expect(checkCompetitive("follow-discard", { alpha: 1, beta: 0, gamma: 0 }, { eta0: 0, eta1: 0 }).holds).toBe(true);
  });
});

describe("randomized policies", () => {
  it("Marker against E ≤ 2H_k·OPT + k, compared with its exact expectation", () => {
    const report = assertCompetitive("marker", "marker-expected", { numRuns: 60, k: { min: 1, max: 4 }, maxLength: 16 });
    expect(report.worst!.case.values).toHaveProperty(["exact E[marker_" + report.worst!.k + "]"]);
  });

  it("a factory's policy gets every seed asked for", () => {
    const seen = new Set<number>();
    const factory: PolicyFactory = (k, seed) => {
      seen.add(seed);
      return new Lru(k);
    };
    assertCompetitive(factory, "marking-strict", { randomized: true, seeds: [3, 5], numRuns: 5 });
    expect([...seen].sort()).toEqual([3, 5]);
  });
});

describe("bad input", () => {
  it("is an InputError naming the problem", () => {
    expect(() => checkCompetitive((k) => new Lru(k), "no-such-claim")).toThrow(InputError);
    expect(() => checkCompetitive((k) => new Lru(k), "opt-phases")).toThrow(/not about ALG alone/);
    expect(() => checkCompetitive("no-such-policy", "marking-strict")).toThrow(InputError);
    expect(() => checkCompetitive((k) => new Lru(k), "marking-strict", { numRuns: 0 })).toThrow(InputError);
    const wrongK = checkCompetitive(() => new Lru(3), "marking-strict");
    expect(wrongK.holds).toBe(false);
    expect(wrongK.message).toMatch(/returned a policy with k = 3/);
  });
});
