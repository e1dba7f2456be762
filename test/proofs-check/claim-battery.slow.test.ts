import { describe, expect, it } from "vitest";
import { claims, claimBattery, runClaimBattery } from "../../src/proofs-check/index.ts";

describe("the claims command's battery", () => {
  it("checks every registered claim on every battery instance; no asserted claim fails", () => {
    const battery = claimBattery();
    const runs = runClaimBattery();
    expect(runs.map((r) => r.id)).toEqual(claims.map((c) => c.id));
    for (const run of runs) {
      // Every claim is evaluated on every instance (cases ≥ instances), and the worst case is reported.
      expect(run.cases, run.id).toBeGreaterThanOrEqual(battery.length);
      expect(run.worst, run.id).not.toBeNull();
      if (run.standing !== "report-only") {
        expect(run.failures, `${run.id}: ${JSON.stringify(run.worst)}`).toBe(0);
        expect(run.witness).toBeNull();
      }
    }
    expect(new Set(runs.map((r) => r.standing))).toEqual(new Set(["verified", "second-hand", "report-only"]));
  });
});
