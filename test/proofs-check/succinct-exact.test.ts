import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { add, type Fraction } from "mathjs";
import { followDiscardEager, policies, simulate } from "../../src/paging/index.ts";
import {
  succinctExpectedFaults,
  markerExpectedFaults,
  hoeffdingSlack,
  approx,
  cmp,
  frac,
  show,
  type SuccinctRule,
} from "../../src/proofs-check/index.ts";
import { InputError } from "../../src/errors.ts";

const SEED = 16_180;
const DELTA = 1e-9;

const tiny = fc
  .record({ k: fc.integer({ min: 1, max: 4 }), pages: fc.integer({ min: 2, max: 7 }) })
  .chain(({ k, pages }) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: pages - 1 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 14, size: "max" })
      .map((rs) => ({ k, universe: pages, requests: Int32Array.from(rs.map((r) => r[0])), bits: Uint8Array.from(rs.map((r) => r[1])) })),
  );

function faults(rule: SuccinctRule, requests: Int32Array, bits: Uint8Array, k: number, seed: number, universe: number): number {
  if (rule === "follow-discard-eager") return followDiscardEager(requests, bits, k, { seed, universe }).faults;
  return simulate(policies.create(rule, k, { seed }), requests, { universe, predictions: { bits } }).faults;
}

describe("exact expectations of the randomized one-bit algorithms", () => {
  it("by hand: mark-and-predict, k = 2, σ = 0 1 2 0, bits all EVICT is Marker: 2 + 1 + ½ = 7/2", () => {
    const requests = Int32Array.from([0, 1, 2, 0]);
    const bits = Uint8Array.from([1, 1, 1, 1]);
    expect(show(succinctExpectedFaults("mark-and-predict", requests, bits, 2))).toBe("7/2");
    expect(show(markerExpectedFaults(requests, 2))).toBe("7/2");
  });

  it(`with all bits KEEP, follow-discard-rand and mark-and-predict are Marker, exactly (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(tiny, (inst) => {
        const keep = new Uint8Array(inst.requests.length);
        const marker = markerExpectedFaults(inst.requests, inst.k);
        expect(cmp(succinctExpectedFaults("follow-discard-rand", inst.requests, keep, inst.k), marker)).toBe(0);
        expect(cmp(succinctExpectedFaults("mark-and-predict", inst.requests, keep, inst.k), marker)).toBe(0);
        expect(cmp(succinctExpectedFaults("follow-discard-eager", inst.requests, keep, inst.k), marker)).toBe(0);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  for (const rule of ["follow-discard-rand", "mark-and-predict", "follow-discard-eager"] as const) {
    it(`${rule}: the mean over seeds agrees with the exact expectation (two-sided Hoeffding, δ = ${DELTA}) (fast-check seed ${SEED})`, () => {
      // Each run's faults lie in [distinct, n]; with S runs P(|mean − E| ≥ ε) ≤ 2·exp(−2Sε²/R²),
      // ε below is for δ/2 per side: ε = R·0.051 for S = 4000, at most 0.6 here (R ≤ 12).
      // Mutation-checked: mark-and-predict preferring unmarked KEEP pages fails this.
      const S = 4000;
      fc.assert(
        fc.property(tiny, (inst) => {
          const exact = succinctExpectedFaults(rule, inst.requests, inst.bits, inst.k);
          let total = 0;
          for (let seed = 0; seed < S; seed++) total += faults(rule, inst.requests, inst.bits, inst.k, seed, inst.universe);
          const mean = frac(total, S);
          const eps = hoeffdingSlack(inst.requests.length - new Set(inst.requests).size, S, DELTA / 2);
          const where = `k=${inst.k} σ=[${Array.from(inst.requests).join(" ")}] bits=${Array.from(inst.bits).join("")}: mean ${approx(mean)} vs exact ${approx(exact)} ± ${approx(eps)}`;
          expect(cmp(exact, add(mean, eps) as Fraction) <= 0 && cmp(mean, add(exact, eps) as Fraction) <= 0, where).toBe(true);
        }),
        { seed: SEED, numRuns: 10 },
      );
    });
  }

  it("by hand: mark-and-predict evicts the only unmarked EVICT page where Marker would guess (3 vs 7/2)", () => {
    // k = 2, σ = 0 1 2 1, bits 1 0 0 0: mark-and-predict must evict 0 (the only unmarked EVICT
    // page) at t = 2 and hit 1; picking among all unmarked would fault with probability ½.
    const requests = Int32Array.from([0, 1, 2, 1]);
    const bits = Uint8Array.from([1, 0, 0, 0]);
    expect(show(succinctExpectedFaults("mark-and-predict", requests, bits, 2))).toBe("3");
    expect(show(markerExpectedFaults(requests, 2))).toBe("7/2");
  });

  it("rejects bad input", () => {
    expect(() => succinctExpectedFaults("mark-and-predict", [0, 1], [0], 1)).toThrow(InputError);
    expect(() => succinctExpectedFaults("mark-and-predict", [0, 1], [0, 2], 1)).toThrow(/request 1 is 2/);
    expect(() => succinctExpectedFaults("mark-and-predict", Array.from({ length: 17 }, (_, i) => i), new Uint8Array(17), 1)).toThrow(/at most 16/);
  });
});
