import { describe, expect, it } from "vitest";
import { policies } from "../../src/paging/index.ts";
import { MODERN_COMPETITIVENESS } from "../../src/proofs-check/modern-competitiveness.ts";
import { worstCaseRatio } from "../../src/proofs-check/worst-case.ts";

/** The policies the data's summary names as exceeding ratio k at k = 2. */
const ABOVE_K_AT_2 = ["2q", "lfuda", "lru-k", "s3-fifo", "lirs", "clock-pro", "w-tinylfu", "cacheus"];

describe("competitiveness of the modern policies, as data", () => {
  it("has one record for every registered policy of the modern family, each with searches at k = 2 and 3", () => {
    const modern = policies.list().filter((p) => p.family === "modern").map((p) => p.name).sort();
    expect(MODERN_COMPETITIVENESS.map((r) => r.policy).sort()).toEqual(modern);
    for (const record of MODERN_COMPETITIVENESS) expect(record.searches.map((s) => s.k), record.policy).toEqual([2, 3]);
  });

  for (const record of MODERN_COMPETITIVENESS) {
    it(`${record.policy}: the exhaustive search finds the recorded worst ratios and witnesses`, () => {
      for (const search of record.searches) {
        const found = worstCaseRatio(record.policy, { k: search.k, maxLength: search.maxLength, symmetry: search.symmetry, seed: 0 });
        const where = `${record.policy} k=${search.k} length ≤ ${search.maxLength}`;
        expect(found.ratio.toFraction(), where).toBe(search.ratio);
        expect([found.alg, found.opt], where).toEqual([search.alg, search.opt]);
        expect(Array.from(found.witness), where).toEqual(search.witness);
      }
    });
  }

  it("searching up to renaming pages loses nothing for the policies searched that way (all sequences at k = 2, length ≤ 8)", () => {
    for (const record of MODERN_COMPETITIVENESS.filter((r) => r.searches.every((s) => s.symmetry))) {
      const canonical = worstCaseRatio(record.policy, { k: 2, maxLength: 8, seed: 0 });
      const all = worstCaseRatio(record.policy, { k: 2, maxLength: 8, symmetry: false, seed: 0 });
      expect(all.ratio.toFraction(), record.policy).toBe(canonical.ratio.toFraction());
    }
  });

  it("names exactly the policies that exceed ratio k at k = 2", () => {
    const above = MODERN_COMPETITIVENESS.filter((r) => r.searches.some((s) => s.k === 2 && s.alg > 2 * s.opt)).map((r) => r.policy);
    expect(above.sort()).toEqual([...ABOVE_K_AT_2].sort());
  });
});
