import { describe, expect, it } from "vitest";
import type { Fraction } from "mathjs";
import { policies, simulate } from "../../src/paging/index.ts";
import { worstCaseRatio, bruteForceOpt, cruelRatio, frac, cmp, show } from "../../src/proofs-check/index.ts";

/**
 * What is exact for finite n. Let ALG fault at most k times per k-phase (LRU, FIFO, FWF,
 * Marking) and let σ, over k+1 pages, have length n and m k-phases.
 *  - m = 1: ALG = OPT = number of distinct pages (all cold misses), ratio 1.
 *  - m ≥ 2: ALG ≤ min(n, k·m), and OPT ≥ k + m − 1 (claim `opt-warm`: k cold misses in phase 1,
 *    one for the first page of phase 2, and one in each later window "rest of phase i + first
 *    request of phase i+1"). A σ with m phases has n ≥ k(m−1) + 1, i.e. m ≤ ⌈n/k⌉, and
 *    min(n, km)/(k+m−1) is largest at m = ⌈n/k⌉, giving n/(k + ⌈(n−k)/k⌉) = cruelRatio(n, k).
 *  - The cruel adversary attains cruelRatio(n, k) for each n (against LRU it is the loop).
 * So over all σ of length ≤ N the worst ratio is exactly max_{n ≤ N} cruelRatio(n, k) — a
 * finite-n value below k that tends to k. The exhaustive search must find exactly that, and
 * ALG ≤ k·OPT (b = 0) on every sequence it examines.
 */
function expectedWorst(k: number, maxLength: number): Fraction {
  let best = frac(1);
  for (let n = 1; n <= maxLength; n++) if (cmp(cruelRatio(n, k), best) > 0) best = cruelRatio(n, k);
  return best;
}

/** Σ_{len=1..L} Σ_{j=1..u} S(len, j): the canonical sequences (restricted growth strings) of length ≤ L over ≤ u pages. */
function canonicalCount(u: number, maxLength: number): number {
  let total = 0;
  let row = [1]; // S(0, 0) = 1
  for (let len = 1; len <= maxLength; len++) {
    const next = new Array(len + 1).fill(0);
    for (let j = 1; j <= len; j++) next[j] = j * (row[j] ?? 0) + (row[j - 1] ?? 0);
    row = next;
    for (let j = 1; j <= Math.min(u, len); j++) total += row[j];
  }
  return total;
}

describe("exhaustive worst case on small instances", () => {
  for (const [k, maxLength] of [
    [2, 12],
    [3, 10],
  ] as const) {
    it(`LRU, k = ${k}, all sequences of length ≤ ${maxLength} over k+1 pages: worst ratio = max_n n/(k+⌈(n−k)/k⌉) exactly, and ALG ≤ k·OPT`, () => {
      let strictViolations = 0;
      const w = worstCaseRatio("lru", {
        k,
        maxLength,
        visit: (_seq, alg, opt) => {
          if (alg > k * opt) strictViolations++;
        },
      });
      const expected = expectedWorst(k, maxLength);
      expect(show(w.ratio)).toBe(show(expected));
      expect(cmp(w.ratio, frac(k))).toBe(-1);
      expect(strictViolations).toBe(0);
      expect(w.sequences).toBe(canonicalCount(k + 1, maxLength));
      // The witness is genuine: recount both sides independently.
      expect(simulate(policies.create("lru", k), w.witness).faults).toBe(w.alg);
      expect(bruteForceOpt(w.witness, k).cost).toBe(w.opt);
      expect(show(frac(w.alg, w.opt))).toBe(show(expected));
    });
  }

  it("k = 2: 12/7 at n = 12 (the loop 0 1 2 0 1 2 …); k = 3: 9/5 at n = 9", () => {
    expect(show(expectedWorst(2, 12))).toBe("12/7");
    expect(show(expectedWorst(3, 10))).toBe("9/5");
    const w = worstCaseRatio("lru", { k: 2, maxLength: 12 });
    expect(Array.from(w.witness)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it("FIFO, FWF and Marking have the same exact worst case (k = 2, n ≤ 10; k = 3, n ≤ 8)", () => {
    for (const name of ["fifo", "fwf", "marking"]) {
      for (const [k, maxLength] of [
        [2, 10],
        [3, 8],
      ]) {
        const w = worstCaseRatio(name, { k, maxLength });
        expect(show(w.ratio), `${name} k=${k}`).toBe(show(expectedWorst(k, maxLength)));
      }
    }
  });

  it("the symmetry reduction loses nothing: all u^n sequences give the same worst case (k = 2, n ≤ 8)", () => {
    for (const name of ["lru", "fifo", "lfu", "mru", "clock"]) {
      const reduced = worstCaseRatio(name, { k: 2, maxLength: 8 });
      const full = worstCaseRatio(name, { k: 2, maxLength: 8, symmetry: false });
      expect(show(full.ratio), name).toBe(show(reduced.ratio));
      expect(full.sequences).toBe(3 + 9 + 27 + 81 + 243 + 729 + 2187 + 6561);
    }
  });

  it("non-competitive policies exceed k: MRU and LFU (k = 2, n ≤ 10)", () => {
    // MRU on 0 1 2 1 2 1 2 …: it keeps evicting the page requested next.
    const mru = worstCaseRatio("mru", { k: 2, maxLength: 10 });
    expect(cmp(mru.ratio, frac(2))).toBe(1);
    const lfu = worstCaseRatio("lfu", { k: 2, maxLength: 10 });
    expect(cmp(lfu.ratio, frac(2))).toBe(1);
  });
});
