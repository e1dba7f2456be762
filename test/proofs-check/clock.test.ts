import { describe, expect, it } from "vitest";
import { claimById, checkClaim, formatVerdict, faultFlags, worstCaseRatio, frac } from "../../src/proofs-check/index.ts";
import { kPhases } from "../../src/paging/analysis/phases.ts";
import { Clock, policies, simulate } from "../../src/paging/index.ts";

/**
 * The registered CLOCK loads pages with the reference bit clear (libCacheSim's Clock). Its TSDoc
 * used to call it conservative, hence ≤ k faults per k-phase and k-competitive; these witnesses
 * show the first two are false, so CLOCK is not in the (T2) claims.
 */
describe("CLOCK (bit clear on load) is not conservative", () => {
  it("faults k+1 times in one k-phase: k = 3, σ = 0 1 2 1 2 3 4 3 5", () => {
    const requests = Int32Array.from([0, 1, 2, 1, 2, 3, 4, 3, 5]);
    const flags = faultFlags(policies.create("clock", 3), requests, 6);
    expect(Array.from(flags)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(kPhases(requests, 3).starts)).toEqual([0, 5]);
    // The claim checker reports it, with both sides and σ.
    const claim = { ...claimById("marking-per-phase"), policies: ["clock"] };
    const v = checkClaim(claim, { k: 3, requests });
    expect(v.holds).toBe(false);
    const report = formatVerdict(v);
    expect(report).toContain("FAIL clock: 4 ≤ 3");
    expect(report).toContain("faults per phase = 3,4");
    expect(report).toContain("σ = [0 1 2 1 2 3 4 3 5]");
  });

  it("exceeds k·OPT: k = 2, 13 faults where OPT = 6", () => {
    const requests = Int32Array.from([2, 0, 0, 0, 1, 2, 2, 1, 0, 1, 1, 1, 1, 1, 2, 0, 2, 2, 1, 0, 0, 1, 1, 0, 1]);
    expect(simulate(policies.create("clock", 2), requests).faults).toBe(13);
    expect(simulate(policies.create("opt", 2), requests).faults).toBe(6);
    const v = checkClaim({ ...claimById("marking-strict"), policies: ["clock"] }, { k: 2, requests });
    expect(v.holds, formatVerdict(v)).toBe(false);
  });

  it("with the bit set on load it would be conservative: same worst case as LRU for k = 2, n ≤ 10", () => {
    class ClockReferencedOnLoad extends Clock {
      override onInsert(page: number): void {
        super.onInsert(page);
        super.onHit(page); // sets the reference bit of the page just loaded
      }
    }
    const variant = worstCaseRatio((k) => new ClockReferencedOnLoad(k), { k: 2, maxLength: 10 });
    const lru = worstCaseRatio("lru", { k: 2, maxLength: 10 });
    const registered = worstCaseRatio("clock", { k: 2, maxLength: 10 });
    expect(variant.ratio.equals(lru.ratio)).toBe(true);
    expect(registered.ratio.equals(frac(2))).toBe(true);
    expect(lru.ratio.equals(frac(5, 3))).toBe(true);
  });
});
