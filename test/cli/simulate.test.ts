import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCli } from "./run-cli.ts";
import { projectRoot, tracePath } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

const tmp = tempDir("paging-lab-cli-");

describe("paging-lab simulate", () => {
  it("reproduces the golden LRU/FIFO/OPT counts of lirs cpp as JSON with the documented shape", async () => {
    const path = tracePath("lirs/cpp.trace");
    const { code, stdout, stderr } = await runCli(["simulate", "--trace", path, "--k", "100,1000", "--algorithms", "lru,fifo,opt", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report).sort()).toEqual(["parseSeconds", "results", "trace"]);
    expect(report.trace).toEqual({ path, format: "txt", requests: 9047, distinct: 1223 });
    expect(report.parseSeconds).toBeGreaterThanOrEqual(0);
    const faults = Object.fromEntries(report.results.map((r: { algorithm: string; k: number; faults: number }) => [`${r.algorithm}@${r.k}`, r.faults]));
    expect(faults).toEqual({ "lru@100": 2740, "fifo@100": 4086, "opt@100": 1582, "lru@1000": 1230, "fifo@1000": 1351, "opt@1000": 1223 });
    for (const r of report.results) {
      expect(Object.keys(r).sort()).toEqual(["algorithm", "faults", "hits", "k", "missRatio", "seconds"]);
      expect(r.hits + r.faults).toBe(9047);
      expect(r.missRatio).toBeCloseTo(r.faults / 9047, 12);
      expect(r.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it("runs on the built-in generated trace without --trace and says so", async () => {
    const { code, stdout, stderr } = await runCli(["simulate", "--k", "50", "--algorithms", "lru,opt"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/built-in generated trace/);
    expect(stdout).toMatch(/^trace: \(built-in\)  format: generated:zipf:/);
    const generated = await runCli(["simulate", "--generate", "loop:n=500,length=11", "--k", "10", "--algorithms", "lru"]);
    expect(generated.stdout).toMatch(/^trace: \(generated\)  format: generated:loop:n=500,length=11/);
    expect(generated.stderr).toBe("");
    expect(stdout).toMatch(/lru/);
    expect(stdout).toMatch(/opt/);
    const json = JSON.parse((await runCli(["simulate", "--k", "50", "--algorithms", "lru,opt", "--json"])).stdout);
    expect(json.trace.path).toBeNull();
    expect(json.trace.requests).toBeGreaterThan(0);
    const [lru, opt] = json.results;
    expect(opt.faults).toBeLessThanOrEqual(lru.faults);
  });

  it("runs combiner expressions: commas inside parentheses and brackets belong to the expression", async () => {
    const argv = ["simulate", "--generate", "loop:n=600,length=12,noise=0.2", "--k", "8", "--json", "--algorithms"];
    const { code, stdout, stderr } = await runCli([...argv, "lru, Combine-Det[gamma=0.5,lazy=fifo](lru,opt),fifo,combine-rand(lru,marker)"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const results = JSON.parse(stdout).results as { algorithm: string; faults: number }[];
    expect(results.map((r) => r.algorithm)).toEqual(["lru", "combine-det[gamma=0.5,lazy=fifo](lru,opt)", "fifo", "combine-rand(lru,marker)"]);
    const opt = JSON.parse((await runCli([...argv, "opt"])).stdout).results[0].faults;
    expect(results[1].faults).toBeGreaterThanOrEqual(opt);
    for (const [list, message] of [
      ["lru,combine-det(lru,fifo", /--algorithms: .*'\(' at position 16 is never closed/],
      ["combine-det(lru)", /'combine-det' takes 2 to 16 parts, got 1/],
      ["combine-det(lru,fifo", /never closed/],
      ["combine-det(blind-oracle,lru)", /needs next-arrival predictions: give --predictor/],
    ] as const) {
      const bad = await runCli([...argv, list]);
      expect(bad.code, list).toBe(2);
      expect(bad.stderr, list).toMatch(message);
      expect(bad.stderr.trim().split("\n"), list).toHaveLength(1);
    }
  });

  it("draws a progress bar on a terminal stderr, erases it, and keeps stdout clean", async () => {
    const path = tracePath("lirs/sprite.trace");
    const argv = ["simulate", "--trace", path, "--k", "100", "--algorithms", "lru,opt", "--json"];
    const tty = await runCli(argv, true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\s*\d+% \[[#-]{30}\] (reading|lru|opt)/);
    expect(tty.stderr.endsWith("\r")).toBe(true);
    expect(JSON.parse(tty.stdout).results.map((r: { faults: number }) => r.faults)).toEqual([105_079, 65_929]);
    const piped = await runCli(argv, false);
    expect(piped.stderr).toBe("");
  });

  it.each([
    [["simulate", "--k", "0"], /--k must be a positive integer/],
    [["simulate", "--k", "-3"], /--k must be a positive integer/],
    [["simulate", "--k", "1.5"], /--k must be a positive integer/],
    [["simulate", "--algorithms", "lru,nosuch"], /unknown algorithm 'nosuch'/],
    [["simulate", "--trace", "/nonexistent/trace.txt"], /\/nonexistent\/trace\.txt/],
    [["simulate", "--bogus"], /unknown option --bogus/],
    [["simulate", "--k"], /--k needs a value/],
    [["simulate", "--k", "--json"], /--k needs a value/],
    [["simulate", "--k", "10", "--algorithms", "lru", "--k", "20"], /--k given twice/],
    [["nosuchcommand"], /unknown command/],
  ])("%j fails with one line and exit code 2", async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message as RegExp);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("names the file and byte offset of a truncated binary trace", async () => {
    const dir = tmp.subdir("case");
    const file = join(dir, "bad.be32");
    writeFileSync(file, Buffer.from([0, 0, 0, 1, 0, 0, 2]));
    const { code, stderr } = await runCli(["simulate", "--trace", file, "--format", "be32"]);
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/\b4\b/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names the file and line of a malformed text trace", async () => {
    const dir = tmp.subdir("case");
    const file = join(dir, "bad.lis");
    writeFileSync(file, "100 2 0 1\n200 x 0 2\n");
    const { code, stderr } = await runCli(["simulate", "--trace", file, "--format", "arc"]);
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/line 2/);
  });

  it("prints help for the command and the tool", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/simulate/);
    const sub = await runCli(["simulate", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--algorithms/);
    expect(sub.stdout).toMatch(/opt/);
    expect(await runCli(["help", "simulate"])).toEqual(sub);
    const unknown = await runCli(["help", "nosuch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'nosuch'/);
  });

  it("works as the installed binary (compiled dist), exit code 2 without a stack trace on a mistake", () => {
    const bin = resolve(projectRoot, "bin/paging-lab.js");
    if (!existsSync(resolve(projectRoot, "dist/src/cli/main.js"))) {
      throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
    }
    const ok = spawnSync(process.execPath, [bin, "simulate", "--k", "20", "--algorithms", "fifo", "--json"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).results[0].algorithm).toBe("fifo");
    const bad = spawnSync(process.execPath, [bin, "simulate", "--k", "0"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("paging-lab simulate --evictions", () => {
  it("writes every eviction with original keys; the log replays to the reported fault count", async () => {
    const dir = tmp.subdir("case");
    const trace = join(dir, "small.txt");
    writeFileSync(trace, ["10", "20", "30", "10", "40", "20", "50", "10"].join("\n") + "\n");
    const out = join(dir, "ev.csv");
    const { code, stdout } = await runCli(["simulate", "--trace", trace, "--k", "2", "--algorithms", "lru,opt", "--json", "--evictions", out]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("algorithm,k,t,page");
    const rows = lines.slice(1).map((l) => l.split(","));
    for (const r of report.results) {
      const mine = rows.filter((row) => row[0] === r.algorithm);
      // k = 2: every fault after the first two evicts exactly one page.
      expect(mine).toHaveLength(r.faults - 2);
    }
    // LRU on 10 20 30 10 40 20 50 10 with k = 2 evicts 10, 20, 30, 10, 40, 20 at t = 2..7.
    expect(rows.filter((row) => row[0] === "lru").map((row) => `${row[2]}:${row[3]}`)).toEqual([
      "2:10", "3:20", "4:30", "5:10", "6:40", "7:20",
    ]);
  });
});

describe("paging-lab simulate --keys", () => {
  it("reads a txt trace whose later ids are text only when asked for string keys", async () => {
    const dir = tmp.subdir("case");
    const file = join(dir, "mixed.txt");
    writeFileSync(file, "1\n2\nabc\n1\n");
    const auto = await runCli(["simulate", "--trace", file, "--k", "2", "--algorithms", "lru", "--json"]);
    expect(auto.code).toBe(2);
    expect(auto.stderr).toMatch(/line 3/);
    const strings = await runCli(["simulate", "--trace", file, "--keys", "string", "--k", "2", "--algorithms", "lru", "--json"]);
    expect(strings.code).toBe(0);
    expect(JSON.parse(strings.stdout).trace).toMatchObject({ requests: 4, distinct: 3 });
    const bad = await runCli(["simulate", "--trace", file, "--keys", "hex"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--keys must be/);
  });
});
