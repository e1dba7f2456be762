import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";
import type { WorstPredictionsJson } from "../../src/cli/commands/worst-predictions.ts";

describe("paging-lab worst-predictions", () => {
  it("--help states the options and the limits", async () => {
    const r = await runCli(["worst-predictions", "--help"]);
    expect(r.code).toBe(0);
    for (const s of ["--algorithm", "--eta0", "--eta ", "--search", "--seed", "--json", "Limits", "1000000 candidates"]) expect(r.stdout).toContain(s);
  });

  it("--json gives the witness, ALG, OPT, the ratio, the registered bound and its slack", async () => {
    const r = await runCli(["worst-predictions", "--algorithm", "follow-discard", "--k", "3", "--length", "7", "--eta0", "1", "--eta1", "1", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as WorstPredictionsJson;
    expect(j.witness.requests).toEqual([0, 1, 2, 3, 0, 1, 0]);
    expect(j.witness.kind).toBe("bits");
    expect(j.witness.predictions).toHaveLength(7);
    expect(j.witness.error).toEqual({ eta0: 1, eta1: 1 });
    expect([j.alg, j.opt, j.ratioExact, j.exact]).toEqual([7, 4, "7/4", true]);
    expect(j.bound?.claim).toBe("follow-discard-smooth");
    expect(j.slack).toBe(0);
    expect(j.budget).toEqual({ eta0: 1, eta1: 1, truth: "discard" });
  });

  it("--objective excess --against a report-only claim probes it", async () => {
    const r = await runCli(["worst-predictions", "--algorithm", "blind-oracle", "--k", "2", "--length", "5", "--eta", "2", "--objective", "excess", "--against", "blind-oracle-smooth-k", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as WorstPredictionsJson;
    const probed = j.bounds.find((b) => b.claim === "blind-oracle-smooth-k")!;
    expect(probed.status).toBe("report-only");
    // The excess search maximises ALG − bound: here it stays below the UNVERIFIED bound too.
    expect(probed.holds).toBe(true);
    expect(j.objective).toBe("excess");
  });

  it("--generate searches generated sequences (seeds S, S+1, …)", async () => {
    const r = await runCli(["worst-predictions", "--algorithm", "follow-discard", "--k", "2", "--generate", "uniform:n=10,universe=3", "--count", "3", "--eta0", "1", "--eta1", "1", "--seed", "2", "--json"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout) as WorstPredictionsJson;
    expect(j.generated).toEqual({ spec: "uniform:n=10,universe=3", count: 3 });
    expect(j.witness.requests).toHaveLength(10);
    expect(j.bound?.holds).toBe(true);
  });

  it("text output; local search with a seed is reproducible", async () => {
    const args = ["worst-predictions", "--algorithm", "blind-oracle", "--k", "2", "--length", "12", "--eta", "4", "--search", "local", "--seed", "7", "--iterations", "300"];
    const a = await runCli(args);
    const b = await runCli(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/ALG\/OPT = /);
    expect(a.stdout).toContain("[blind-oracle-smooth]");
  });

  it.each([
    [["--algorithm", "lru", "--k", "2", "--length", "5", "--eta", "1"], /reads no predictions/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "5"], /give an error budget/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "5", "--eta", "1", "--eta0", "1"], /not both/],
    [["--algorithm", "follow-discard", "--k", "0", "--length", "5", "--eta0", "1"], /--k must be a positive integer/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "30", "--eta0", "1"], /over the limit/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "4097", "--eta0", "1"], /--length must be at most 4096/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "4000", "--eta0", "1", "--search", "local", "--iterations", "100000"], /request-steps/],
    [["--algorithm", "nope", "--k", "2", "--length", "5", "--eta0", "1"], /unknown algorithm 'nope'/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "5", "--eta0", "1", "--iterations", "5"], /applies to --search local/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "5", "--eta0", "1", "--against", "x"], /needs --objective excess/],
    [["--algorithm", "follow-discard", "--k", "2", "--generate", "zipf", "--eta0", "1"], /--generate needs n/],
    [["--algorithm", "follow-discard", "--k", "2", "--generate", "zipf:n=5000", "--eta0", "1"], /n must be at most 4096/],
    [["--algorithm", "follow-discard", "--k", "2", "--generate", "zipf:n=400,universe=1000", "--eta0", "1", "--search", "local"], /more than 64 distinct ids \(this command's limit\)/],
    [["--algorithm", "follow-discard", "--k", "2", "--generate", "zipf:n=4", "--length", "4", "--eta0", "1"], /not both/],
    [["--algorithm", "follow-discard", "--k", "2", "--length", "5", "--eta0", "1", "--objective", "excess", "--against", "blind-oracle-smooth"], /not a registered cost bound of 'follow-discard'/],
  ])("one-line error, exit 2: %j", async (argv, message) => {
    const r = await runCli(["worst-predictions", ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
