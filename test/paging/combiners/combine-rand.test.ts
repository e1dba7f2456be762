import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Fraction } from "mathjs";
import { simulate, Stepper, type CombineRand } from "../../../src/paging/index.ts";
import { frac } from "../../../src/proofs-check/exact.ts";
import { hoeffdingSlack } from "../../../src/proofs-check/hoeffding.ts";
import { driftingInstance, showInstance, smallInstance, type SmallInstance } from "../../proofs-check/arbitraries.ts";
import { testRegistry } from "./test-policies.ts";
import { combineRandExpectations, densePages, partTimeline } from "../../../src/proofs-check/combine-rand-exact.ts";

const SEED = 6_031_447;
const reg = testRegistry();
/** Deterministic parts (the exact model enumerates only the combiner's own coin flips). */
const PARTS = ["lru", "fifo", "clock", "lfu", "mru", "marking", "opt", "anti-opt"];
/** β as written (through eps or beta) and exactly. */
const BETAS: [string, Fraction, number][] = [
  ["combine-rand", frac(3, 4), 0.75],
  ["combine-rand[beta=0.5]", frac(1, 2), 0.5],
  ["combine-rand[eps=0.2]", frac(9, 10), 0.9],
];

/** The [D] bound (1 + kδ/β)·(c*·ln(1/β) + ln m)/δ, δ = 1 − β. */
function randBound(k: number, m: number, beta: number, cStar: number): number {
  const delta = 1 - beta;
  return ((1 + (k * delta) / beta) * (cStar * Math.log(1 / beta) + Math.log(m))) / delta;
}

function exactExpectation(inst: SmallInstance, parts: string[], beta: Fraction) {
  const { dense, ids } = densePages(inst.requests);
  const timelines = parts.map((p) => partTimeline(reg.create(p, inst.k), inst.requests, ids, { universe: inst.universe }));
  const exact = combineRandExpectations(dense, inst.k, timelines, beta);
  const costs = timelines.map((t) => t.faulted.reduce((a, b) => a + b, 0));
  return { expected: Number(exact.faults.valueOf()), switchAt: exact.switchAt.map((p) => Number(p.valueOf())), costs };
}

const tiny = fc.oneof(smallInstance(4, 14, 3), driftingInstance(4, 16));

describe("combine-rand: the Blum–Burch bound [D], exactly in expectation", () => {
  it(`E[cost] ≤ (1 + kδ/β)(c*·ln(1/β) + ln m)/δ, by exact enumeration, k ≤ 4, n ≤ 16 (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(tiny, fc.array(fc.constantFrom(...PARTS), { minLength: 2, maxLength: 3 }), fc.constantFrom(...BETAS), (inst, parts, [, beta, b]) => {
        const { expected, costs } = exactExpectation(inst, parts, beta);
        const bound = randBound(inst.k, parts.length, b, Math.min(...costs));
        expect(expected, `${parts} β=${b} on ${showInstance(inst)}: E=${expected}, parts ${costs}`).toBeLessThanOrEqual(bound * (1 + 1e-12));
        // And it is a paging algorithm: never below OPT (checked exactly as a distribution mean).
        const opt = simulate(reg.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        expect(expected).toBeGreaterThanOrEqual(opt - 1e-9);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("robust with anti-OPT as a part: E[combine-rand(anti-opt,lru)] within the bound of LRU, exactly", () => {
    const requests = Int32Array.from({ length: 16 }, (_, t) => [0, 1, 2, 3, 4, 0, 1, 2][t % 8] ^ (t >> 3 & 1));
    for (const k of [2, 3, 4]) {
      const inst = { k, universe: 6, requests };
      const { expected, costs } = exactExpectation(inst, ["anti-opt", "lru"], frac(3, 4));
      expect(costs[0], "anti-opt is the worse part here").toBeGreaterThan(costs[1]);
      expect(expected, `k=${k} parts ${costs}`).toBeLessThanOrEqual(randBound(k, 2, 0.75, costs[1]));
    }
  });
});

describe("combine-rand: the implementation draws what the definition says", () => {
  it("over 15,000 seeds, its mean cost and its switching frequency at every request match the exact values within Hoeffding slack", () => {
    // Parts whose losses differ often, so switches are frequent enough to be measured.
    const loop = Int32Array.from({ length: 24 }, (_, t) => t % 4);
    const drift = Int32Array.from({ length: 24 }, (_, t) => ((t * 7) % 5) + (t >> 3));
    const cases: [Int32Array, number, string][] = [
      [loop, 3, "combine-rand(lru,mru)"],
      [loop, 3, "combine-rand[beta=0.5](mru,lru)"],
      [loop, 3, "combine-rand[eps=0.2](lru,fifo,mru)"],
      [drift, 3, "combine-rand[beta=0.5](lfu,lru,mru)"],
      [drift, 2, "combine-rand(mru,fifo)"],
    ];
    for (const [requests, k, expr] of cases) {
      const universe = Math.max(...requests) + 1;
      const inst = { k, universe, requests };
      const parsed = reg.get(expr);
      const parts = parsed.name.slice(parsed.name.indexOf("(") + 1, -1).split(",");
      const beta = expr.includes("beta=0.5") ? frac(1, 2) : expr.includes("eps=0.2") ? frac(9, 10) : frac(3, 4);
      const exact = exactExpectation(inst, parts, beta);
      const n = requests.length;
      const samples = 15_000;
      let faults = 0;
      const switchedAt = new Float64Array(n);
      for (let seed = 0; seed < samples; seed++) {
        const c = reg.create(expr, k, { seed }) as CombineRand;
        const stepper = new Stepper(c, universe);
        let before = 0;
        for (let t = 0; t < n; t++) {
          stepper.request(requests[t]);
          if (c.switches > before) switchedAt[t]++;
          before = c.switches;
        }
        faults += stepper.faults;
      }
      // A run's cost lies in [distinct pages, n]; a switch indicator in [0, 1]. δ = 1e−9 per
      // side and check (Bonferroni over the n + 1 checks).
      const delta = 1e-9 / (n + 1);
      const distinct = new Set(requests).size;
      const costSlack = Number(hoeffdingSlack(n - distinct, samples, delta).valueOf());
      const flagSlack = Number(hoeffdingSlack(1, samples, delta).valueOf());
      expect(exact.switchAt.reduce((a, b) => a + b, 0), `${expr}: a case that switches`).toBeGreaterThan(0.3);
      expect(Math.abs(faults / samples - exact.expected), `${expr}: mean ${faults / samples}, exact ${exact.expected}`).toBeLessThanOrEqual(costSlack);
      for (let t = 0; t < n; t++) {
        const freq = switchedAt[t] / samples;
        expect(Math.abs(freq - exact.switchAt[t]), `${expr}: switch frequency ${freq} at t=${t}, exact ${exact.switchAt[t]}`).toBeLessThanOrEqual(flagSlack);
      }
    }
  });

  it("starts on a uniformly random part and keeps the probabilities normalized", () => {
    const requests = Int32Array.from({ length: 300 }, (_, t) => (t * 5) % 7);
    const starts = [0, 0, 0];
    for (let seed = 0; seed < 300; seed++) {
      const c = reg.create("combine-rand(lru,fifo,mru)", 3, { seed }) as CombineRand;
      simulate(c, Int32Array.from([0]));
      // After one request every part faulted: probabilities stay uniform, nobody switched.
      expect(c.switches).toBe(0);
      starts[(c as unknown as { follow: number }).follow]++;
      simulate(c, requests);
      const p = c.probabilities;
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    for (const s of starts) expect(s).toBeGreaterThan(60);
  });
});
