import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCli } from "./run-cli.ts";
import { projectRoot, tracePath } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";
import { readTrace } from "../../src/traces/index.ts";
import { perfectDiscardBits, perfectNextArrival, writePredictions } from "../../src/predictors/index.ts";

const tmp = tempDir("paging-lab-predictions-");

interface Row {
  algorithm: string;
  k: number;
  faults: number;
  prediction?: { kind: string; eta?: number | null; eta0?: number; eta1?: number };
}

async function rows(argv: string[]): Promise<Row[]> {
  const r = await runCli([...argv, "--json"]);
  expect(r.stderr, r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { results: Row[] }).results;
}

async function usageError(argv: string[]): Promise<string> {
  const r = await runCli(argv);
  expect(r.code, r.stdout).toBe(2);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  return r.stderr;
}

describe("paging-lab simulate with predictions", () => {
  const cpp = tracePath("lirs/cpp.trace");

  it("perfect predictions: BlindOracle and follow-discard equal OPT, marking followers equal Σ c_i, errors are 0", async () => {
    const got = await rows(["simulate", "--trace", cpp, "--k", "10,100", "--predictor", "perfect",
      "--algorithms", "opt,blind-oracle,follow-discard,follow-discard-rand,opt-marking,follow-pred-marking,mark-and-predict"]);
    for (const k of [10, 100]) {
      const at = (a: string) => got.find((r) => r.algorithm === a && r.k === k)!;
      for (const a of ["blind-oracle", "follow-discard", "follow-discard-rand"]) expect(at(a).faults, `${a} k=${k}`).toBe(at("opt").faults);
      for (const a of ["follow-pred-marking", "mark-and-predict"]) expect(at(a).faults, `${a} k=${k}`).toBe(at("opt-marking").faults);
      expect(at("opt").prediction).toBeUndefined();
      expect(at("blind-oracle").prediction).toEqual({ kind: "perfect", eta: 0 });
      expect(at("follow-discard").prediction).toEqual({ kind: "perfect discard bits", eta0: 0, eta1: 0 });
      expect(at("mark-and-predict").prediction).toEqual({ kind: "perfect phase bits", eta0: 0, eta1: 0 });
    }
  });

  it("noisy predictions report their error, are reproducible per seed and change with it", async () => {
    const argv = ["simulate", "--trace", cpp, "--k", "50", "--algorithms", "blind-oracle,follow-discard,combine-det(blind-oracle,lru)",
      "--predictor", "lognormal", "--sigma", "3", "--bit-flip", "0.1,0.2"];
    const a = await rows([...argv, "--seed", "7"]);
    expect(await rows([...argv, "--seed", "7"])).toEqual(a.map((r) => ({ ...r, seconds: expect.any(Number) })));
    const b = await rows([...argv, "--seed", "8"]);
    expect(a.map((r) => r.faults)).not.toEqual(b.map((r) => r.faults));
    const bo = a.find((r) => r.algorithm === "blind-oracle")!;
    expect(bo.prediction!.kind).toBe("lognormal σ=3");
    expect(bo.prediction!.eta).toBeGreaterThan(0);
    const fd = a.find((r) => r.algorithm === "follow-discard")!.prediction!;
    expect(fd.kind).toBe("perfect discard bits, flipped 0.1/0.2");
    expect(fd.eta0).toBeGreaterThan(0);
    expect(fd.eta1).toBeGreaterThan(0);
    expect(a.find((r) => r.algorithm === "combine-det(blind-oracle,lru)")!.prediction!.eta).toBe(bo.prediction!.eta);
  });

  it("the learned predictors run, and 'all' includes the learning-augmented algorithms once predictions are given", async () => {
    const got = await rows(["simulate", "--trace", cpp, "--k", "20", "--algorithms", "all", "--predictor", "pleco"]);
    const names = got.map((r) => r.algorithm);
    for (const a of ["lru", "opt", "blind-oracle", "predictive-marker", "follow-discard", "mark-and-predict", "combine-det", "online-min"]) {
      expect(names).toContain(a);
    }
    expect(got.find((r) => r.algorithm === "blind-oracle")!.prediction!.kind).toBe("pleco");
    const lru = await rows(["simulate", "--trace", cpp, "--k", "20", "--algorithms", "blind-oracle", "--predictor", "lru"]);
    expect(lru[0].prediction).toEqual({ kind: "lru", eta: null });
  });

  it("reads predictions from files: next arrivals (binary) and bits (CSV), with η against the truth", async () => {
    const { trace } = await readTrace(cpp);
    const na = tmp.path("cpp.pred");
    await writePredictions(na, perfectNextArrival(trace.requests));
    const fromFile = await rows(["simulate", "--trace", cpp, "--k", "10", "--algorithms", "opt,blind-oracle", "--predictions", na]);
    expect(fromFile[1].faults).toBe(fromFile[0].faults);
    expect(fromFile[1].prediction).toEqual({ kind: `file ${na}`, eta: 0 });
    const bits = perfectDiscardBits(trace.requests, 10).bits;
    bits[0] ^= 1;
    const csv = tmp.file("cpp-bits.csv", "bit\n" + Array.from(bits).join("\n") + "\n");
    const fd = await rows(["simulate", "--trace", cpp, "--k", "10", "--algorithms", "follow-discard", "--predictions", csv]);
    const p = fd[0].prediction!;
    expect((p.eta0 ?? 0) + (p.eta1 ?? 0)).toBe(1);
  });

  it("refuses in one line: missing predictions, lognormal without σ, a file of the wrong length or kind, both sources", async () => {
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "lru,blind-oracle"])).toContain(
      "algorithm 'blind-oracle' needs next-arrival predictions: give --predictor",
    );
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "mark-and-predict"])).toContain("needs phase-bit predictions");
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "blind-oracle", "--predictor", "lognormal"])).toContain("--sigma");
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "blind-oracle", "--predictor", "oracle"])).toContain("--predictor must be one of");
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "blind-oracle", "--sigma", "2"])).toContain("--sigma needs --predictor");
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "follow-discard", "--predictor", "perfect", "--bit-flip", "0.1"])).toContain(
      "--bit-flip takes two probabilities",
    );
    const short = tmp.file("short.csv", "next_arrival\n1\n2\n");
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "blind-oracle", "--predictions", short])).toContain(short);
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "blind-oracle,follow-discard", "--predictions", short])).toContain(
      "holds one kind",
    );
    expect(await usageError(["simulate", "--trace", cpp, "--algorithms", "blind-oracle", "--predictions", short, "--predictor", "perfect"])).toContain(
      "not both",
    );
  });
});

describe("paging-lab experiment", () => {
  const dataset = tmp.subdir("dataset");
  const files = ["a.txt", "b.txt", "c.txt"];
  for (const [i, f] of files.entries()) {
    const ids = Array.from({ length: 400 }, (_, t) => ((t * (7 + 2 * i)) % 23) + ((t >> 5) % 3));
    writeFileSync(join(dataset, f), ids.join("\n") + "\n");
  }

  it("sums costs over files per run and reports mean cost and cost/OPT per algorithm and σ", async () => {
    const r = await runCli(["experiment", "--dataset", dataset, "--k", "4", "--runs", "3", "--sigma", "0,10",
      "--algorithms", "opt,lru,blind-oracle,marker,combine-rand(marker,blind-oracle)", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ k: 4, files: 3, runs: 3, predictor: "lognormal", seed: 1 });
    expect(report.rows).toHaveLength(10);
    const row = (a: string, s: number) => report.rows.find((x: { algorithm: string; sigma: number }) => x.algorithm === a && x.sigma === s);
    expect(row("opt", 0)).toMatchObject({ meanCost: report.opt, meanRatio: 1 });
    expect(row("blind-oracle", 0).meanRatio).toBe(1); // σ = 0 keeps the order of the truth
    expect(row("lru", 0).meanCost).toBe(row("lru", 10).meanCost);
    expect(row("blind-oracle", 10).meanRatio).toBeGreaterThanOrEqual(1);
    for (const x of report.rows) {
      expect(x.meanRatio).toBeCloseTo(x.meanCost / report.opt, 12);
      expect(x.minRatio).toBeLessThanOrEqual(x.meanRatio);
      expect(x.maxRatio).toBeGreaterThanOrEqual(x.meanRatio);
    }
    const again = await runCli(["experiment", "--dataset", dataset, "--k", "4", "--runs", "3", "--sigma", "0,10",
      "--algorithms", "opt,lru,blind-oracle,marker,combine-rand(marker,blind-oracle)", "--json"]);
    expect(again.stdout).toBe(r.stdout);
  });

  it("gives the same totals with worker threads (built CLI)", () => {
    const bin = resolve(projectRoot, "bin/paging-lab.js");
    const argv = ["experiment", "--dataset", dataset, "--k", "4", "--runs", "4", "--sigma", "0,5", "--algorithms", "lru,marker,predictive-marker", "--json"];
    const one = spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8" });
    const two = spawnSync(process.execPath, [bin, ...argv, "--workers", "2"], { encoding: "utf8" });
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it("prints a table by default and refuses bad arguments in one line", async () => {
    const r = await runCli(["experiment", "--dataset", dataset, "--k", "4", "--runs", "2", "--sigma", "0,2", "--algorithms", "lru,blind-oracle"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("σ=0");
    expect(r.stdout).toMatch(/blind-oracle\s+1\.000/);
    expect(await usageError(["experiment", "--k", "4"])).toContain("--dataset");
    expect(await usageError(["experiment", "--dataset", dataset])).toContain("--k");
    expect(await usageError(["experiment", "--dataset", dataset, "--k", "4", "--algorithms", "nope"])).toContain("unknown algorithm 'nope'");
    expect(await usageError(["experiment", "--dataset", dataset, "--k", "4", "--predictor", "pleco", "--sigma", "1"])).toContain("--sigma");
    expect(await usageError(["experiment", "--dataset", tmp.path("none"), "--k", "4"])).toContain("no such directory");
    expect(await usageError(["experiment", "--dataset", dataset, "--k", "4", "--algorithms", "lru,LRU"])).toContain("twice");
  });
});
