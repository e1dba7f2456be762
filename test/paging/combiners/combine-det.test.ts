import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate, type CombineDet } from "../../../src/paging/index.ts";
import { driftingInstance, showInstance, smallInstance } from "../../proofs-check/arbitraries.ts";
import { generateRequests } from "../../../src/adversaries/registry.ts";
import { testRegistry } from "./test-policies.ts";

const SEED = 5_220_917;
const reg = testRegistry();
const PARTS = ["lru", "fifo", "fwf", "clock", "lfu", "mru", "random", "marking", "marker", "opt", "anti-opt"];
/** γ as written and as an exact fraction num/den. */
const GAMMAS: [string, number, number][] = [["0.01", 1, 100], ["0.25", 1, 4], ["1", 1, 1], ["3", 3, 1]];

/** r = 1 + γ/(m−1) = a/b exactly, as BigInts (the powers get long: exact integers, no rounding). */
function ratio(num: number, den: number, m: number): [bigint, bigint] {
  return [BigInt(den * (m - 1) + num), BigInt(den * (m - 1))];
}

/** Whether cost ≤ Σ_{s=0..S} r^s + k·S, exactly: cost·b^S ≤ Σ a^s·b^(S−s) + k·S·b^S. */
function withinSwitchingBound([a, b]: [bigint, bigint], S: number, k: number, cost: number): boolean {
  let sum = 0n;
  let as = 1n;
  for (let s = 0; s <= S; s++) {
    sum += as * b ** BigInt(S - s);
    as *= a;
  }
  const bS = b ** BigInt(S);
  return BigInt(cost) * bS <= sum + BigInt(k * S) * bS;
}

/** Whether r^e < c exactly (e ≥ 0). */
function powerBelow([a, b]: [bigint, bigint], e: number, c: number): boolean {
  return a ** BigInt(e) < BigInt(c) * b ** BigInt(e);
}

/** The most switches possible when the cheapest part costs c: the largest S with S < m or r^{S−m} < c. */
function maxSwitches(r: [bigint, bigint], m: number, c: number): number {
  let S = m - 1;
  while (powerBelow(r, S + 1 - m, c)) S++;
  return S;
}

describe("combine-det: the switching bound [D]", () => {
  it(`cost ≤ Σ_{s≤S} r^s + k·S and r^{S−m} < min part cost, exactly, for every run (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.oneof(smallInstance(5, 40, 4), driftingInstance(6, 150)),
        fc.array(fc.constantFrom(...PARTS), { minLength: 2, maxLength: 4 }),
        fc.constantFrom(...GAMMAS),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (inst, parts, [gammaText, num, den], seed) => {
          const expr = `combine-det[gamma=${gammaText}](${parts.join(",")})`;
          const c = reg.create(expr, inst.k, { seed }) as CombineDet;
          const cost = simulate(c, inst.requests, { universe: inst.universe }).faults;
          const m = parts.length;
          const r = ratio(num, den, m);
          const S = c.switches;
          const cStar = Math.min(...c.partFaults);
          const where = `${expr} seed ${seed} on ${showInstance(inst)}: cost ${cost}, S ${S}, parts ${c.partFaults}`;
          expect(withinSwitchingBound(r, S, inst.k, cost), where).toBe(true);
          if (S >= m) expect(powerBelow(r, S - m, cStar), where).toBe(true);
          // Together: the closed form in the cheapest part's cost alone.
          expect(withinSwitchingBound(r, maxSwitches(r, m, cStar), inst.k, cost), where).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("follows the first part while it is within the bound (the ACEPS rule, bound starting at 1)", () => {
    // k = 1: every new page faults. LRU and OPT fault identically at first; the bound 1 is
    // passed at the second fault of part 0, which switches to part 1 with bound 1 + γ.
    const c = reg.create("combine-det[gamma=1](lru,opt)", 1) as CombineDet;
    simulate(c, Int32Array.from([0, 1]));
    expect(c.partFaults).toEqual([2, 2]);
    // Both parts exceed bound 1; the loop goes 0 → 1 (bound 2) and stops there.
    expect(c.switches).toBe(1);
    const d = reg.create("combine-det[gamma=1](lru,opt)", 1) as CombineDet;
    simulate(d, Int32Array.from([0]));
    expect(d.switches).toBe(0);
  });
});

describe("combine-det: robust against a wrong part", () => {
  it("with anti-OPT (evicts the page needed next) and LRU, stays within the bound of LRU ≤ k·OPT", () => {
    for (const [name, params] of [
      ["zipf", { n: 3000, universe: 40, alpha: 0.9 }],
      ["working-set", { n: 3000, universe: 200, size: 20, phase: 300, shift: 5 }],
      ["loop", { n: 3000, length: 13, noise: 0.1 }],
      ["uniform", { n: 3000, universe: 30 }],
    ] as const) {
      const requests = generateRequests(name, params as never, 4);
      for (const k of [4, 10]) {
        for (const [gammaText, num, den] of GAMMAS) {
          const c = reg.create(`combine-det[gamma=${gammaText}](anti-opt,lru)`, k) as CombineDet;
          const cost = simulate(c, requests).faults;
          const [anti, lru] = c.partFaults;
          const opt = simulate(reg.create("opt", k), requests).faults;
          const where = `${name} k=${k} γ=${gammaText}: combined ${cost}, anti-opt ${anti}, lru ${lru}, opt ${opt}`;
          const r = ratio(num, den, 2);
          expect(withinSwitchingBound(r, maxSwitches(r, 2, Math.min(anti, lru)), k, cost), where).toBe(true);
          expect(lru, where).toBeLessThanOrEqual(k * opt);
        }
      }
    }
  });
});
