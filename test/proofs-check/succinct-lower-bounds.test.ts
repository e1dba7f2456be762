import { describe, expect, it } from "vitest";
import { add, multiply, type Fraction } from "mathjs";
import { EVICT, KEEP, Stepper, policies, simulate } from "../../src/paging/index.ts";
import { cruelOptUpperBound } from "../../src/adversaries/index.ts";
import { bitErrors, perfectDiscardBits } from "../../src/predictors/index.ts";
import { cmp, frac, show } from "../../src/proofs-check/index.ts";
import { faultsWithBits, opt } from "./succinct-helpers.ts";

/**
 * The cruel adversary over k+1 pages (always request the page missing from ALG's cache), with
 * every bit fixed to `bit`, against a registered one-bit policy through the Stepper.
 */
function cruelWithBits(name: string, k: number, n: number, bit: number): { requests: Int32Array; faults: number } {
  const stepper = new Stepper(policies.create(name, k), k + 1);
  const requests = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    let p = 0;
    while (stepper.has(p)) p++;
    requests[t] = p;
    stepper.request(p, { bit });
  }
  return { requests, faults: stepper.faults };
}

/** α·OPT + β·η₀ + γ·η₁ as an exact fraction. */
function bound(alpha: Fraction, beta: Fraction, gamma: Fraction, o: number, eta0: number, eta1: number): Fraction {
  return add(add(multiply(alpha, frac(o)), multiply(beta, frac(eta0))), multiply(gamma, frac(eta1))) as Fraction;
}

describe("(S4) lower-bound instances: cruel k+1-page adversary with constant bits (second-hand lower bounds α+β ≥ k, α+(k−1)γ ≥ k)", () => {
  for (const k of [2, 3, 5, 8]) {
    const n = 100 * k;

    it(`k = ${k}, all KEEP: follow-discard faults n = ${n} times, OPT ≈ n/k; (1, k−1, 1) holds and is tight within k, and every (α, β) with α + β = k − 1 fails`, () => {
      const { requests, faults } = cruelWithBits("follow-discard", k, n, KEEP);
      const inst = { k, universe: k + 1, requests };
      expect(faults).toBe(n);
      const o = opt(inst);
      expect(o).toBeLessThanOrEqual(cruelOptUpperBound(n, k));
      const { eta0, eta1 } = bitErrors(new Uint8Array(n), perfectDiscardBits(requests, k).bits);
      expect(eta1).toBe(0);
      const upper = bound(frac(1), frac(k - 1), frac(1), o, eta0, eta1);
      expect(cmp(frac(n), upper), `${n} vs ${show(upper)}`).toBeLessThanOrEqual(0);
      expect(Number(upper.valueOf()) - n).toBeLessThanOrEqual(k);
      // The bound α·OPT + (k−1−α)·η₀ is linear in α: failing at α = 1 and α = k−1 means failing
      // for every α ∈ [1, k−1] with α + β = k − 1.
      for (const alpha of [1, k - 1]) {
        const b = bound(frac(alpha), frac(k - 1 - alpha), frac(0), o, eta0, eta1);
        expect(cmp(frac(n), b), `α = ${alpha}: ${n} vs ${show(b)}`).toBe(1);
      }
    });

    it(`k = ${k}, all EVICT: follow-discard faults n = ${n} times; (1, k−1, 1) holds and is tight within k, and every (α, γ) with α + (k−1)γ = k − 1 fails`, () => {
      const { requests, faults } = cruelWithBits("follow-discard", k, n, EVICT);
      const inst = { k, universe: k + 1, requests };
      expect(faults).toBe(n);
      const o = opt(inst);
      const { eta0, eta1 } = bitErrors(new Uint8Array(n).fill(EVICT), perfectDiscardBits(requests, k).bits);
      expect(eta0).toBe(0);
      const upper = bound(frac(1), frac(k - 1), frac(1), o, eta0, eta1);
      expect(cmp(frac(n), upper), `${n} vs ${show(upper)}`).toBeLessThanOrEqual(0);
      expect(Number(upper.valueOf()) - n).toBeLessThanOrEqual(k);
      for (const alpha of [1, k - 1]) {
        const gamma = frac(k - 1 - alpha, k - 1);
        const b = bound(frac(alpha), frac(0), gamma, o, eta0, eta1);
        expect(cmp(frac(n), b), `α = ${alpha}, γ = ${show(gamma)}: ${n} vs ${show(b)}`).toBe(1);
      }
    });
  }

  it("tight on a tiny instance: k = 3, σ = 1 0 3 2 1 0, all KEEP: ALG = 6 = OPT + (k−1)·η₀ (OPT 4, η₀ 1)", () => {
    const requests = Int32Array.from([1, 0, 3, 2, 1, 0]);
    const inst = { k: 3, universe: 4, requests };
    const bits = new Uint8Array(6);
    const truth = perfectDiscardBits(requests, 3).bits;
    expect(bitErrors(bits, truth)).toEqual({ eta0: 1, eta1: 0 });
    expect(opt(inst)).toBe(4);
    expect(faultsWithBits("follow-discard", inst, bits)).toBe(6);
  });

  it("tight on a tiny instance: k = 2, σ = 0 1 2 0, one false EVICT: ALG = 4 = OPT + η₁", () => {
    const requests = Int32Array.from([0, 1, 2, 0]);
    const inst = { k: 2, universe: 3, requests };
    const truth = perfectDiscardBits(requests, 2).bits;
    expect(Array.from(truth)).toEqual([KEEP, EVICT, KEEP, KEEP]);
    const bits = Uint8Array.from([EVICT, EVICT, KEEP, KEEP]);
    expect(bitErrors(bits, truth)).toEqual({ eta0: 0, eta1: 1 });
    expect(opt(inst)).toBe(3);
    expect(faultsWithBits("follow-discard", inst, bits)).toBe(4);
  });
});

describe("follow-the-discard-bits alone is not robust (paging-theory.md §2-addendum)", () => {
  it("k = 2, σ = 0 1 2 (0 2)*, EVICT on every request but the one LFD evicts: ALG = n, OPT = 3 — ratio n/3, unbounded; the smoothness bound still holds (η₁ = n − 1)", () => {
    for (const n of [31, 301, 3001]) {
      const requests = Int32Array.from({ length: n }, (_, t) => (t < 3 ? t : t % 2 === 1 ? 0 : 2));
      const inst = { k: 2, universe: 3, requests };
      const bits = new Uint8Array(n).fill(EVICT);
      bits[1] = KEEP;
      expect(opt(inst)).toBe(3);
      const { eta0, eta1 } = bitErrors(bits, perfectDiscardBits(requests, 2).bits);
      expect({ eta0, eta1 }).toEqual({ eta0: 1, eta1: n - 1 });
      expect(faultsWithBits("follow-discard", inst, bits)).toBe(n);
      for (let seed = 0; seed < 5; seed++) expect(faultsWithBits("follow-discard-rand", inst, bits, seed)).toBe(n);
      expect(n).toBeLessThanOrEqual(3 + 1 * eta0 + eta1);
      // A marking algorithm on the same sequence: LRU faults 4 times whatever the bits.
      expect(simulate(policies.create("lru", 2), requests).faults).toBe(4);
    }
  });
});
