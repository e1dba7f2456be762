import { describe, expect, it } from "vitest";
import {
  claims,
  classicalClaims,
  claimById,
  checkClaim,
  formatVerdict,
  summarizeClaims,
  formatSummary,
  harmonic,
  show,
  frac,
  type Claim,
  type Instance,
} from "../../src/proofs-check/index.ts";
import { policies } from "../../src/paging/index.ts";
import { generateRequests } from "../../src/adversaries/index.ts";
import { InputError } from "../../src/errors.ts";

describe("the claims catalogue", () => {
  it("has unique ids, registered policies and a citation for every claim", () => {
    expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length);
    for (const c of claims) {
      // Names or algorithm expressions (`combine-det[gamma=1](blind-oracle,marker)`): each must resolve.
      for (const p of c.policies) expect(() => policies.get(p), `${c.id}: ${p}`).not.toThrow();
      expect(c.citations.length, c.id).toBeGreaterThan(0);
      expect(c.why.length, c.id).toBeGreaterThan(20);
    }
  });

  it("report-only exactly when a citation is UNVERIFIED; asserted claims rest on a primary, derived or second-hand source", () => {
    for (const c of claims) {
      const unverified = c.citations.some((x) => x.tag === "UNVERIFIED");
      expect(c.status === "report-only", c.id).toBe(unverified);
      if (c.status === "asserted") expect(c.citations.some((x) => x.tag === "P" || x.tag === "D" || x.tag === "2nd"), c.id).toBe(true);
    }
    expect(claims.filter((c) => c.status === "report-only").map((c) => c.id)).toEqual([
      "resource-augmentation-st",
      "marker-tight",
      "blind-oracle-smooth-k",
      "online-min-hk-strict",
    ]);
  });

  it("keeps CLOCK out of the per-phase and k·OPT claims (it is not conservative)", () => {
    for (const id of ["marking-per-phase", "marking-strict", "resource-augmentation"]) {
      expect(claimById(id).policies).not.toContain("clock");
      expect(claimById(id).policies).toEqual(["lru", "fifo", "fwf", "marking", "marker"]);
    }
  });

  it("states its constants exactly", () => {
    expect(["1", "3/2", "11/6", "25/12"]).toEqual([1, 2, 3, 4].map((k) => show(harmonic(k))));
    expect(show(harmonic(10))).toBe("7381/2520");
    const c = (id: string) => (claimById(id).form as Extract<Claim["form"], { kind: "ratio" }>).c;
    expect(show(c("marker-expected").value(4, 4))).toBe("25/6");
    expect(show(c("marker-tight").value(3, 3))).toBe("8/3");
    expect(show(c("resource-augmentation").value(5, 3))).toBe("5/3");
    expect(show(c("marking-strict").value(7, 7))).toBe("7");
  });
});

describe("checkClaim", () => {
  it("reports a false claim with both sides and the instance", () => {
    const tooStrong: Claim = {
      ...claimById("marking-strict"),
      id: "lru-is-optimal",
      statement: "LRU ≤ 1·OPT",
      policies: ["lru"],
      form: { kind: "ratio", c: { text: "1", value: () => frac(1) }, b: { text: "0", value: () => frac(0) }, sameCache: true },
    };
    const v = checkClaim(tooStrong, { k: 2, requests: Int32Array.from([0, 1, 2, 0, 1, 2]) });
    expect(v.holds).toBe(false);
    const text = formatVerdict(v);
    expect(text).toContain("FAILS: [lru-is-optimal]");
    expect(text).toContain("FAIL lru: 6 ≤ 4");
    expect(text).toContain("OPT_2 = 4");
    expect(text).toContain("σ = [0 1 2 0 1 2] (6 requests)");
  });

  it("evaluates a randomized policy per seed for deterministic claims", () => {
    const v = checkClaim(claimById("marking-per-phase"), { k: 3, requests: Int32Array.from([0, 1, 2, 3, 0, 1]), seeds: [5, 6, 7] });
    expect(v.cases.filter((c) => c.policy === "marker").map((c) => c.seed)).toEqual([5, 6, 7]);
    expect(v.cases.filter((c) => c.policy === "lru").length).toBe(1);
  });

  it("rejects unusable instances with InputError", () => {
    const seq = Int32Array.from([0, 1]);
    expect(() => checkClaim(claimById("resource-augmentation"), { k: 2, h: 3, requests: seq })).toThrow(InputError);
    expect(() => checkClaim(claimById("resource-augmentation"), { k: 2, h: 0, requests: seq })).toThrow(InputError);
    expect(() => checkClaim(claimById("marking-strict"), { k: 0, requests: seq })).toThrow(InputError);
    expect(() => checkClaim(claimById("marking-strict"), { k: 2 })).toThrow(InputError);
    expect(() => checkClaim(claimById("cruel-lower-bound"), { k: 2 })).toThrow(InputError);
    expect(() => checkClaim(claimById("marker-expected"), { k: 2, requests: seq, seeds: [] })).toThrow(InputError);
  });
});

describe("report-only claims are evaluated and reported, never asserted", () => {
  it("summarizes every claim over generated instances; asserted claims show no failure", () => {
    const instances: Instance[] = [];
    for (const [k, h] of [
      [3, 1],
      [3, 2],
      [5, 3],
      [8, 8],
    ]) {
      for (let seed = 0; seed < 3; seed++) {
        const requests = generateRequests("working-set", { n: 400, universe: 40, size: k + 1, phase: 60, shift: 2 }, seed);
        instances.push({ k, h, requests, seeds: [0, 1, 2, 3, 4, 5, 6, 7], exactExpectation: k <= 3 });
      }
    }
    const withN = instances.map((i) => ({ ...i, n: 50 }));
    const summaries = summarizeClaims(classicalClaims, withN);
    // Printed for the record: the report-only lines are the finding, not an assertion.
    console.log(formatSummary(summaries));
    for (const s of summaries) {
      expect(s.instances).toBe(withN.length);
      expect(s.cases).toBeGreaterThanOrEqual(withN.length);
      if (s.claim.status === "asserted") expect(s.failures, s.claim.id).toBe(0);
    }
    expect(summaries.filter((s) => s.claim.status === "report-only").length).toBe(2);
  });
});
