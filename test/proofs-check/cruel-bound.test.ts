import { describe, expect, it } from "vitest";
import { claimById, checkClaim, formatVerdict, cruelRatio, show, cmp, frac } from "../../src/proofs-check/index.ts";

describe("(T4) the cruel adversary", () => {
  it("drives LRU, FIFO, CLOCK, Marking, FWF, LFU and MRU to ALG = n and ALG/OPT ≥ n/(k + ⌈(n−k)/k⌉), k = 1..8", () => {
    const claim = claimById("cruel-lower-bound");
    expect([...claim.policies].sort()).toEqual(["clock", "fifo", "fwf", "lfu", "lru", "marking", "mru"]);
    for (let k = 1; k <= 8; k++) {
      for (const n of [1, k, k + 1, 2 * k + 1, 10 * k, 10 * k + 3, 257]) {
        const v = checkClaim(claim, { k, n });
        expect(v.holds, formatVerdict(v)).toBe(true);
        for (const c of v.cases) expect(c.values.ALG).toBe(String(n));
      }
    }
  });

  it("and randomized Marker and Random, for every fixed seed (the adversary is adaptive)", () => {
    const claim = { ...claimById("cruel-lower-bound"), policies: ["marker", "random"] };
    const v = checkClaim(claim, { k: 4, n: 400, seeds: [0, 1, 2, 3, 4] });
    expect(v.cases.length).toBe(10);
    expect(v.holds, formatVerdict(v)).toBe(true);
  });

  it("the forced ratio tends to k: ≥ 3.98 for k = 4, n = 4000; exact for the loop against LRU", () => {
    const v = checkClaim(claimById("cruel-lower-bound"), { k: 4, n: 4000 });
    expect(show(cruelRatio(4000, 4))).toBe("4000/1003");
    expect(cmp(cruelRatio(4000, 4), frac(398, 100))).toBe(1);
    const lru = v.cases.find((c) => c.policy === "lru")!;
    // Against LRU the cruel sequence is the loop, on which OPT meets the bound exactly.
    expect(lru.lhs.equals(lru.rhs)).toBe(true);
  });
});
