import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";
import { policies, simulate } from "../../src/paging/index.ts";
import { bruteForceOpt, claimById, claimBattery, cruelRatio, exactWorstCase, runClaimBattery, show, worstCaseRatio } from "../../src/proofs-check/index.ts";

const json = async (argv: string[]) => {
  const r = await runCli(argv);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

/** A user mistake: exit code 2 and exactly one line on stderr naming the command. */
async function refused(argv: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(argv);
  expect(r.code, argv.join(" ")).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe("paging-lab prove", () => {
  it("prints the JSON document with the exact worst case, a witness that re-simulates, and what was covered", async () => {
    const doc = await json(["prove", "--algorithm", "LRU", "--k", "3", "--length", "10", "--json"]);
    expect(Object.keys(doc)).toEqual(["algorithm", "k", "length", "pages", "sequences", "states", "method", "expectation", "worst", "exact", "seconds"]);
    expect(doc).toMatchObject({ algorithm: "lru", k: 3, length: 10, pages: 4, method: "states", expectation: false, exact: true });
    expect(doc.worst).toMatchObject({ ratio: 1.8, ratioExact: "9/5", alg: 9, algExact: "9", opt: 5 });
    const witness = Int32Array.from(doc.worst.sequence as number[]);
    expect(simulate(policies.create("lru", 3), witness).faults).toBe(doc.worst.alg);
    expect(bruteForceOpt(witness, 3).cost).toBe(doc.worst.opt);
    // Σ_{n≤10} Σ_{j≤4} S(n, j): the sequences up to renaming pages, as the brute-force enumeration examines them.
    expect(doc.sequences).toBe(worstCaseRatio("lru", { k: 3, maxLength: 10 }).sequences);
  });

  it("gives randomized policies' exact expectation, as fractions", async () => {
    const doc = await json(["prove", "--algorithm", "marker", "--k", "2", "--length", "8", "--json"]);
    const lib = exactWorstCase("marker", { k: 2, maxLength: 8 });
    expect(doc.expectation).toBe(true);
    expect(doc.worst.ratioExact).toBe(show(lib.ratio));
    expect(doc.worst.algExact).toBe(show(lib.alg));
    expect(doc.worst.ratio).toBeCloseTo(Number(lib.ratio.valueOf()), 12);
  });

  it("enumerates policies without a canonical state (lfu) and reports the method; text output names the witness", async () => {
    const doc = await json(["prove", "--algorithm", "lfu", "--k", "2", "--length", "6", "--pages", "3", "--json"]);
    expect(doc.method).toBe("sequences");
    expect(doc.worst.ratioExact).toBe(show(exactWorstCase("lfu", { k: 2, maxLength: 6 }).ratio));
    const text = await runCli(["prove", "--algorithm", "fifo", "--k", "2", "--length", "8"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("worst ratio  8/5");
    expect(text.stdout).toMatch(/witness {6}0 1 2 0 1 2 0 1 {2}\(ALG 8, OPT 5\)/);
  });

  it("one page, or a cache holding every page: the ratio is 1", async () => {
    for (const argv of [["--k", "2", "--pages", "1"], ["--k", "3", "--pages", "3"]]) {
      const doc = await json(["prove", "--algorithm", "clock", "--length", "6", ...argv, "--json"]);
      expect(doc.worst.ratioExact).toBe("1");
    }
  });

  it("refuses bad input in one line with exit code 2, before searching", async () => {
    await refused(["prove", "--k", "3", "--length", "5"], /--algorithm is required/);
    await refused(["prove", "--algorithm", "lru", "--k", "0", "--length", "5"], /--k must be a positive integer/);
    await refused(["prove", "--algorithm", "lru", "--k", "16", "--length", "5"], /--k must be at most 15/);
    await refused(["prove", "--algorithm", "lru", "--k", "3", "--length", "65"], /--length must be at most 64/);
    await refused(["prove", "--algorithm", "lru", "--k", "3", "--length", "5", "--pages", "17"], /--pages must be at most 16/);
    await refused(["prove", "--algorithm", "nope", "--k", "3", "--length", "5"], /unknown algorithm 'nope'/);
    await refused(["prove", "--algorithm", "online-min", "--k", "3", "--length", "5"], /no exact expectation .* supports marker, random/);
    await refused(["prove", "--algorithm", "opt", "--k", "3", "--length", "5"], /offline/);
    await refused(["prove", "--algorithm", "blind-oracle", "--k", "3", "--length", "5"], /needs them/);
    await refused(["prove", "--algorithm", "clock", "--k", "3", "--length", "10", "--max-states", "5"], /more than 5 distinct states at length/);
    await refused(["prove", "--algorithm", "lfu", "--k", "3", "--length", "30"], /no canonical state.*limit 4194304/);
  });
});

describe("paging-lab adversary", () => {
  it("runs the cruel adversary: ALG faults on every request, the ratio is at least the guaranteed one", async () => {
    const doc = await json(["adversary", "--algorithm", "fifo", "--k", "3", "--length", "30", "--json"]);
    expect(doc).toMatchObject({ algorithm: "fifo", k: 3, length: 30, pages: 4, alg: 30 });
    expect(doc.sequence).toHaveLength(30);
    const sequence = Int32Array.from(doc.sequence as number[]);
    expect(simulate(policies.create("fifo", 3), sequence).faults).toBe(30);
    expect(bruteForceOpt(sequence, 3).cost).toBe(doc.opt);
    expect(doc.guaranteedExact).toBe(show(cruelRatio(30, 3)));
    expect(doc.alg * 1).toBeGreaterThanOrEqual(doc.guaranteed * doc.opt);
    const short = await json(["adversary", "--algorithm", "lru", "--k", "5", "--length", "3", "--json"]);
    expect(short).toMatchObject({ alg: 3, opt: 3, ratioExact: "1", guaranteedExact: "1" });
    const text = await runCli(["adversary", "--algorithm", "marker", "--k", "2", "--length", "12", "--seed", "5"]);
    expect(text.stdout).toContain("ALG          12");
    expect(text.stdout).toContain("seed 5");
  });

  it("refuses bad input in one line", async () => {
    await refused(["adversary", "--algorithm", "opt", "--k", "3", "--length", "5"], /offline/);
    await refused(["adversary", "--algorithm", "follow-discard", "--k", "3", "--length", "5"], /needs predictions/);
    await refused(["adversary", "--algorithm", "lru", "--k", "3", "--length", "99999999"], /--length must be at most 4194304/);
    await refused(["adversary", "--algorithm", "lru", "--k", "x", "--length", "5"], /--k must be a positive integer/);
  });
});

describe("paging-lab claims", () => {
  it("runs the chosen claims now and reports status, sources, cases, worst margin and witness fields", async () => {
    const doc = await json(["claims", "--claim", "marking-strict,marker-tight,follow-discard-smooth", "--json"]);
    expect(doc.instances.length).toBe(claimBattery().length);
    expect(doc.claims.map((c: { id: string }) => c.id)).toEqual(["marking-strict", "marker-tight", "follow-discard-smooth"]);
    expect(doc.claims.map((c: { status: string }) => c.status)).toEqual(["verified", "report-only", "second-hand"]);
    for (const c of doc.claims) {
      expect(c.cases).toBeGreaterThan(0);
      expect(c.failures).toBe(0);
      expect(c.witness).toBeNull();
      expect(c.citations.length).toBeGreaterThan(0);
      expect(typeof c.worst.margin).toBe("string");
      expect(c.worst.marginApprox).toBeGreaterThanOrEqual(0);
    }
    const text = await runCli(["claims", "--claim", "opt-warm"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/verified +opt-warm +\d+ cases, 0 failed; worst margin/);
  });

  it("a failing claim shows its witness (CLOCK in the per-phase claim, which it breaks)", () => {
    const claim = { ...claimById("marking-per-phase"), policies: ["clock"] };
    const requests = Int32Array.from([0, 1, 2, 1, 2, 3, 4, 3, 5]);
    const [run] = runClaimBattery([claim], [{ label: "clock witness", instance: { k: 3, requests } }]);
    expect(run.failures).toBe(1);
    expect(run.worst).toMatchObject({ margin: "-1", lhs: "4", relation: "≤", rhs: "3", instance: "clock witness" });
    expect(run.witness).toEqual(Array.from(requests));
  });

  it("refuses an unknown claim in one line", async () => {
    await refused(["claims", "--claim", "no-such-claim"], /unknown claim 'no-such-claim'/);
    await refused(["claims", "--claim", "opt-warm,opt-warm"], /twice/);
  });
});
