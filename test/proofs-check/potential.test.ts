import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fraction, type Fraction } from "mathjs";
import { InputError } from "../../src/errors.ts";
import { policies, simulate } from "../../src/paging/index.ts";
import {
  assertPotential,
  bruteForceOpt,
  checkPotential,
  checkPotentialExhaustive,
  FIFO_RANK_POTENTIAL,
  frac,
  FWF_MARKING_POTENTIAL,
  markingPotential,
  LRU_RANK_POTENTIAL,
  PotentialError,
  rankPotential,
  ScheduleGraph,
  type PotentialArgument,
  type PotentialState,
} from "../../src/proofs-check/index.ts";
import { driftingInstance, showInstance, smallInstance } from "./arbitraries.ts";

/*
 * The potential-function checker on the classical argument (Sleator–Tarjan: LRU is
 * k-competitive; Φ = Σ_{p ∈ LRU∖OPT} recency rank, 1 = least recent) and on deliberately wrong
 * arguments, which must be rejected with the failing step shown.
 */

const SEED_LONG = 90_417;
const SEED_OPTIMAL = 31_337;

const constant = (text: string, f: (k: number) => Fraction) => ({ text, value: (k: number) => f(k) });

/** Σ_{len ≤ L} Σ_{j ≤ u} S(len, j): canonical sequences of length ≤ L over ≤ u pages. */
function canonicalCount(u: number, lengths: readonly number[]): number {
  let total = 0;
  let row = [1];
  for (let len = 1; len <= Math.max(...lengths); len++) {
    const next = new Array(len + 1).fill(0);
    for (let j = 1; j <= len; j++) next[j] = j * (row[j] ?? 0) + (row[j - 1] ?? 0);
    row = next;
    if (lengths.includes(len)) for (let j = 1; j <= Math.min(u, len); j++) total += row[j];
  }
  return total;
}
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("the LRU rank potential (Sleator–Tarjan), exhaustively", () => {
  for (const [k, maxLength] of [
    [1, 8],
    [2, 9],
    [3, 7],
  ] as const) {
    it(`k = ${k}: every sequence of length ≤ ${maxLength} over k+1 pages, against EVERY optimal schedule`, () => {
      const r = checkPotentialExhaustive(LRU_RANK_POTENTIAL, { k, maxLength, offline: "optimal" });
      expect(r.violation?.message).toBeUndefined();
      expect(r.holds).toBe(true);
      expect(r.sequences).toBe(canonicalCount(k + 1, upTo(maxLength)));
    });
  }

  it("k = 3: every sequence of length 8 over 5 pages against every demand-paging schedule, and length ≤ 7 against Belady's", () => {
    const any = checkPotentialExhaustive(LRU_RANK_POTENTIAL, { k: 3, universe: 5, maxLength: 8, offline: "any" });
    expect(any.violation?.message).toBeUndefined();
    expect(any.sequences).toBe(canonicalCount(5, [8]));
    const belady = checkPotentialExhaustive(LRU_RANK_POTENTIAL, { k: 3, maxLength: 7, offline: "belady" });
    expect(belady.violation?.message).toBeUndefined();
    expect(belady.sequences).toBe(canonicalCount(4, upTo(7)));
  });

  it("FIFO with its load rank: every sequence of length 8 over k+1 = 4 pages, every schedule", () => {
    const r = checkPotentialExhaustive(FIFO_RANK_POTENTIAL, { k: 3, maxLength: 8, offline: "any" });
    expect(r.violation?.message).toBeUndefined();
    expect(r.holds).toBe(true);
  });
});

describe("the marking potential Φ = k·|M∖OPT| − |M| (derived here)", () => {
  it("FWF, Marking, LRU and Marker (seeds 0..2): every sequence of length 7 over k+2 = 5 pages, k = 3, every schedule", () => {
    const args = [
      FWF_MARKING_POTENTIAL,
      markingPotential("marking"),
      markingPotential("lru"),
      ...[0, 1, 2].map((seed) => markingPotential((k) => policies.create("marker", k, { seed }))),
    ];
    for (const arg of args) {
      const r = checkPotentialExhaustive(arg, { k: 3, universe: 5, maxLength: 7, offline: "any" });
      expect(r.violation?.message, arg.name).toBeUndefined();
    }
  });

  it("rejects FIFO, which is not a marking algorithm: it evicts the marked page 1 and faults on it", () => {
    const v = checkPotentialExhaustive(markingPotential("fifo"), { k: 3, universe: 5, maxLength: 8, offline: "any" }).violation!;
    expect(v.prefix).toEqual([0, 0, 1, 2, 3, 1, 0, 1]);
    expect([v.algStep, v.optStep]).toEqual([1, 0]);
    expect(v.message).toContain("ALG_step + ΔΦ = 1 > c·OPT_step = 0");
  });
});

describe("the LRU rank potential on random sequences", () => {
  it(`long drifting sequences, k ≤ 8, n ≤ 400, against Belady (fast-check seed ${SEED_LONG})`, () => {
    fc.assert(
      fc.property(driftingInstance(8, 400), (inst) => {
        const r = checkPotential(LRU_RANK_POTENTIAL, { k: inst.k, requests: inst.requests, universe: inst.universe });
        expect(r.violation?.message, showInstance(inst)).toBeUndefined();
        // Telescoping: ALG ≤ k·OPT + Φ_0 − Φ_n ≤ k·OPT.
        expect(r.alg).toBe(simulate(policies.create("lru", inst.k), inst.requests, { universe: inst.universe }).faults);
        expect(r.alg).toBeLessThanOrEqual(inst.k * r.opt);
      }),
      { seed: SEED_LONG, numRuns: 60 },
    );
  });

  it(`sequences up to 40 requests over ≤ 7 pages, k ≤ 4, against every optimal and every schedule (fast-check seed ${SEED_OPTIMAL})`, () => {
    fc.assert(
      fc.property(smallInstance(4, 40, 3), (inst) => {
        for (const offline of ["optimal", "any"] as const) {
          const r = checkPotential(LRU_RANK_POTENTIAL, { k: inst.k, requests: inst.requests, universe: inst.universe, offline });
          expect(r.violation?.message, `${offline}: ${showInstance(inst)}`).toBeUndefined();
        }
      }),
      { seed: SEED_OPTIMAL, numRuns: 80 },
    );
  });
});

describe("wrong arguments are rejected with the failing step", () => {
  const wrongC: PotentialArgument = { ...LRU_RANK_POTENTIAL, name: "lru-rank, c = k−1", c: constant("k−1", (k) => frac(k - 1)) };
  const zero: PotentialArgument = { ...LRU_RANK_POTENTIAL, name: "Φ ≡ 0", phi: () => 0 };
  // Ranks counted from the most recent end: a fault raises every surviving page's rank.
  const mruRank: PotentialArgument = {
    ...LRU_RANK_POTENTIAL,
    name: "mru-rank",
    phi: (s) => rankPotential(s, (p) => s.alg.size + 1 - s.alg.recencyRank(p)),
  };
  // Unweighted: a fault whose victim OPT holds lowers nothing.
  const unweighted: PotentialArgument = { ...LRU_RANK_POTENTIAL, name: "k·|LRU∖OPT|", phi: (s) => s.alg.k * rankPotential(s, () => 1) };

  it("c = k − 1: k = 3, σ = 0 1 2 3 — LRU and Belady both fault, Belady drops a page LRU keeps at rank 2", () => {
    const r = checkPotentialExhaustive(wrongC, { k: 3, maxLength: 6, offline: "belady" });
    expect(r.holds).toBe(false);
    const v = r.violation!;
    expect(v.kind).toBe("step");
    expect(v.prefix).toEqual([0, 1, 2, 3]);
    expect([v.algStep, v.optStep]).toEqual([1, 1]);
    expect(v.algBefore).toEqual([0, 1, 2]);
    expect(v.algAfter).toEqual([1, 2, 3]);
    expect(v.optAfter).toEqual([0, 1, 3]);
    expect(v.message).toContain("σ[0..3] = 0 1 2 3");
    expect(v.message).toContain("ALG (least → most recent) [0 1 2] → [1 2 3]; OPT {0 1 2} → {0 1 3}");
    expect(v.message).toContain("ALG_step = 1, OPT_step = 1, Φ 0 → 2, ΔΦ = 2: ALG_step + ΔΦ = 3 > c·OPT_step = 2");
  });

  it("Φ ≡ 0: k = 3, σ = 0 1 2 3 0 — LRU faults where Belady hits", () => {
    const v = checkPotentialExhaustive(zero, { k: 3, maxLength: 6, offline: "belady" }).violation!;
    expect(v.prefix).toEqual([0, 1, 2, 3, 0]);
    expect([v.algStep, v.optStep]).toEqual([1, 0]);
    expect(v.message).toContain("ΔΦ = 0: ALG_step + ΔΦ = 1 > c·OPT_step = 0");
  });

  it("ranks from the most recent end, and the unweighted k·|LRU∖OPT|, fail too (against optimal schedules)", () => {
    for (const arg of [mruRank, unweighted]) {
      const r = checkPotentialExhaustive(arg, { k: 3, maxLength: 8, offline: "optimal" });
      expect(r.holds, arg.name).toBe(false);
      expect(r.violation!.kind).toBe("step");
      expect(r.violation!.message).toContain(`'${arg.name}' fails`);
    }
  });

  it("assertPotential throws the same readable report; checkPotential returns it", () => {
    const instance = { k: 3, requests: [0, 1, 2, 3, 0] };
    const report = checkPotential(zero, instance);
    expect(report.holds).toBe(false);
    expect(() => assertPotential(zero, instance)).toThrow(PotentialError);
    expect(() => assertPotential(zero, instance)).toThrow(report.violation!.message);
    expect(assertPotential(LRU_RANK_POTENTIAL, instance).holds).toBe(true);
  });

  it("a wrong Φ_0 or a Φ below its declared bound is reported as such", () => {
    const shifted: PotentialArgument = { ...LRU_RANK_POTENTIAL, name: "Φ − 1", phi: (s) => (LRU_RANK_POTENTIAL.phi(s) as number) - 1 };
    const initial = checkPotential(shifted, { k: 2, requests: [0, 1, 2] }).violation!;
    expect(initial.kind).toBe("initial");
    expect(initial.message).toContain("Φ_0 = -1 on the empty caches, declared 0");
    const declared = { ...shifted, initial: constant("−1", () => frac(-1)) };
    const lower = checkPotential(declared, { k: 2, requests: [0, 1, 2] }).violation!;
    expect(lower.kind).toBe("lower-bound");
    expect(lower.message).toContain("Φ = -1 < declared lower bound 0 after 0 requests");
    const ok = { ...declared, lowerBound: constant("−1", () => frac(-1)) };
    expect(checkPotentialExhaustive(ok, { k: 2, maxLength: 8 }).holds).toBe(true);
  });
});

describe("exact values", () => {
  const scaled = (num: number, den: number, c: (k: number) => Fraction): PotentialArgument => ({
    ...LRU_RANK_POTENTIAL,
    name: `${num}/${den}·Σ r`,
    phi: (s: PotentialState) => fraction(BigInt(num * rankPotential(s, (p) => s.alg.recencyRank(p))), BigInt(den)) as Fraction,
    c: constant("c", c),
  });

  it("fractional potentials are compared exactly: (3/2)Σr holds with c = 3k/2, (1/2)Σr fails with c = k", () => {
    expect(checkPotentialExhaustive(scaled(3, 2, (k) => frac(3 * k, 2)), { k: 3, maxLength: 7 }).holds).toBe(true);
    const v = checkPotentialExhaustive(scaled(1, 2, (k) => frac(k)), { k: 3, maxLength: 7 }).violation!;
    expect(v.message).toMatch(/ΔΦ = -1\/2: ALG_step \+ ΔΦ = 1\/2 > c·OPT_step = 0/);
  });

  it("an inexact potential, an offline policy, too many pages for every schedule: one-line InputErrors", () => {
    const inexact = { ...LRU_RANK_POTENTIAL, phi: () => 0.5 };
    expect(() => checkPotential(inexact, { k: 2, requests: [0, 1] })).toThrow(InputError);
    expect(() => checkPotential(inexact, { k: 2, requests: [0, 1] })).toThrow(/0.5, not an exact value/);
    expect(() => checkPotential({ ...LRU_RANK_POTENTIAL, policy: "opt" }, { k: 2, requests: [0] })).toThrow(/offline/);
    expect(() => checkPotential(LRU_RANK_POTENTIAL, { k: 2, requests: [0, 17], offline: "optimal" })).toThrow(InputError);
    expect(() => checkPotential(LRU_RANK_POTENTIAL, { k: 0, requests: [0] })).toThrow(InputError);
  });
});

describe("ScheduleGraph (every schedule at once)", () => {
  it(`its optimum is the exhaustive optimum, and Belady's run is one of its optimal paths (fast-check seed ${SEED_OPTIMAL})`, () => {
    fc.assert(
      fc.property(smallInstance(4, 14, 3), (inst) => {
        const g = new ScheduleGraph(inst.requests, inst.k, inst.universe);
        expect(g.opt).toBe(bruteForceOpt(inst.requests, inst.k).cost);
        // Walk Belady's trajectory through the graph: every state on it is on an optimal schedule.
        const run = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
        let mask = 0;
        let e = 0;
        for (let t = 0; t < inst.requests.length; t++) {
          const bit = 1 << inst.requests[t];
          if ((mask & bit) === 0) {
            for (; e < run.evictions!.times.length && run.evictions!.times[e] === t; e++) mask &= ~(1 << run.evictions!.pages[e]);
            mask |= bit;
          }
          const j = g.indexIn(t + 1, mask);
          expect(j, showInstance(inst)).toBeGreaterThanOrEqual(0);
          expect(g.forward[t + 1][j] + g.backward[t + 1][j]).toBe(g.opt);
        }
      }),
      { seed: SEED_OPTIMAL, numRuns: 150 },
    );
  });

  it("refuses an instance whose state count is over the limit before building it", () => {
    expect(() => new ScheduleGraph(new Int32Array(2000), 8, 16)).toThrow(/over the limit/);
  });
});
