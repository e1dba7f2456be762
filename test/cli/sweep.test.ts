import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./run-cli.ts";
import { buildChildCli, type ChildCli } from "./child-cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { generateRequests } from "../../src/adversaries/registry.ts";
import { loadGrid } from "../../src/experiments/sweep/grid.ts";

const tmp = tempDir("paging-lab-sweep-");

function writeTrace(name: string, n: number, universe: number, seed: number): string {
  const req = generateRequests("zipf", { n, universe, alpha: 0.8 }, seed);
  return tmp.file(name, Array.from(req, String).join("\n") + "\n");
}

/** The lines of a results file as a sorted list (the order of completion is not part of a result). */
function lineSet(path: string): string[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l !== "").sort();
}

const dir = tmp.subdir("grid");
writeFileSync(join(dir, "a.txt"), Array.from(generateRequests("zipf", { n: 3000, universe: 200, alpha: 0.8 }, 1), String).join("\n") + "\n");
writeFileSync(join(dir, "b.txt"), Array.from(generateRequests("loop", { n: 2000, length: 23 }, 2), String).join("\n") + "\n");
const gridPath = join(dir, "grid.json");
writeFileSync(
  gridPath,
  JSON.stringify({
    traces: ["a.txt", "b.txt"],
    algorithms: ["lru", "opt", "marker", "blind-oracle", "follow-discard", "combine-det(follow-discard,lru)", "combine-rand(blind-oracle,marker)"],
    k: [4, 16],
    seeds: [1, 2],
    predictor: ["perfect", "lognormal"],
    sigma: [0, 3],
  }),
);
// Cells: per trace, k and seed, 5 algorithms that read no next arrivals (one-bit ones included:
// their perfect bits do not depend on the predictor) + 2 × (perfect, σ = 0, σ = 3).
const CELLS = 2 * 2 * 2 * (5 + 2 * 3);

const single = join(dir, "single.jsonl");
beforeAll(async () => {
  const r = await runCli(["sweep", "run", gridPath, "--out", single]);
  expect(r.stderr).toMatch(new RegExp(`${CELLS} cells, 0 already in .*, ran ${CELLS}\\n$`));
  expect(r.code).toBe(0);
});

describe("paging-lab sweep run", () => {
  it("writes one line per cell with the documented fields, and a cell's result equals simulate's", async () => {
    const lines = readFileSync(single, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(CELLS);
    const results = lines.map((l) => JSON.parse(l));
    expect(new Set(results.map((r) => r.id)).size).toBe(CELLS);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(loadGrid(gridPath).cells.map((c) => c.id)));
    for (const r of results) {
      for (const key of ["id", "trace", "algorithm", "k", "seed", "faults", "requests"]) expect(r).toHaveProperty(key);
      const args = ["simulate", "--trace", join(dir, r.trace), "--k", String(r.k), "--algorithms", r.algorithm, "--seed", String(r.seed), "--json"];
      if (r.algorithm.includes("oracle") || r.algorithm.includes("follow")) args.push("--predictor", r.predictor ?? "perfect");
      if (r.sigma !== undefined) args.push("--sigma", String(r.sigma));
      const sim = await runCli(args);
      expect(sim.code, sim.stderr).toBe(0);
      const row = JSON.parse(sim.stdout).results[0];
      expect(r.faults, JSON.stringify(r)).toBe(row.faults);
      expect(r.requests).toBe(row.faults + row.hits);
      if (row.prediction === undefined) expect(r.eta ?? r.eta0).toBeUndefined();
      else if ("eta" in row.prediction) expect(r.eta).toBe(row.prediction.eta);
      else expect([r.eta0, r.eta1]).toEqual([row.prediction.eta0, row.prediction.eta1]);
    }
    // The noise and the seeds matter where they should: σ = 3 changes blind-oracle's faults somewhere.
    const bo = results.filter((r) => r.algorithm === "blind-oracle" && r.trace === "a.txt" && r.k === 4 && r.seed === 1);
    expect(bo.map((r) => r.sigma ?? null).sort()).toEqual([0, 3, null]);
    expect(new Set(bo.map((r) => r.faults)).size).toBeGreaterThan(1);
  });

  it("the union of n shards is the single run, shards are disjoint, and merge restores grid order", async () => {
    for (const n of [1, 3]) {
      const shards: string[] = [];
      for (let i = 0; i < n; i++) {
        const out = tmp.path(`shard-${i}-of-${n}.jsonl`);
        const r = await runCli(["sweep", "run", gridPath, "--out", out, "--shard", `${i}/${n}`]);
        expect(r.code, r.stderr).toBe(0);
        shards.push(out);
      }
      const all = shards.flatMap(lineSet);
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(lineSet(single));
      if (n === 3) for (const s of shards) expect(lineSet(s).length).toBeLessThan(CELLS);
      const merged = tmp.path(`merged-${n}.jsonl`);
      // The same shard twice: identical duplicates are dropped.
      const m = await runCli(["sweep", "merge", merged, ...shards, shards[0], "--grid", gridPath]);
      expect(m.code, m.stderr).toBe(0);
      const ids = loadGrid(gridPath).cells.map((c) => c.id);
      const mergedLines = readFileSync(merged, "utf8").split("\n").filter((l) => l !== "");
      expect(mergedLines.map((l) => JSON.parse(l).id)).toEqual(ids);
      expect([...mergedLines].sort()).toEqual(lineSet(single));
    }
  });

  it("status counts what is left; merge refuses gaps (unless --partial) and conflicting duplicates", async () => {
    const part = tmp.path("part.jsonl");
    const lines = readFileSync(single, "utf8").split("\n").filter((l) => l !== "");
    writeFileSync(part, lines.slice(0, 10).map((l) => l + "\n").join(""));
    const st = await runCli(["sweep", "status", gridPath, part]);
    expect(st.code).toBe(3);
    expect(st.stdout).toMatch(new RegExp(`^.*grid.json: ${CELLS} cells, 10 done, ${CELLS - 10} left\\n`));
    const listed = await runCli(["sweep", "status", gridPath, part, "--list"]);
    expect(listed.stdout.trim().split("\n").slice(2)).toHaveLength(CELLS - 10);
    expect((await runCli(["sweep", "status", gridPath, single])).code).toBe(0);

    const gap = await runCli(["sweep", "merge", tmp.path("m.jsonl"), part, "--grid", gridPath]);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toMatch(new RegExp(`^paging-lab sweep: ${CELLS - 10} of ${CELLS} cells of .*grid.json have no result .*\\n$`));
    const partial = await runCli(["sweep", "merge", tmp.path("m2.jsonl"), part, "--grid", gridPath, "--partial"]);
    expect(partial.code).toBe(3);

    const r0 = JSON.parse(lines[0]);
    const conflict = tmp.file("conflict.jsonl", JSON.stringify({ ...r0, faults: r0.faults + 1 }) + "\n");
    const bad = await runCli(["sweep", "merge", tmp.path("m3.jsonl"), single, conflict, "--grid", gridPath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`cell ${r0.id}: .*single.jsonl line 1 and .*conflict.jsonl line 1 hold different results\\n$`));
    // (A bad last line counts as torn and is ignored by status; one before another line is an error.)
    const forged = tmp.file("forged.jsonl", JSON.stringify({ ...r0, k: 5 }) + "\n" + lines[1] + "\n");
    const f = await runCli(["sweep", "status", gridPath, forged]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/forged.jsonl line 1: id \w+ is not the hash of the line's parameters\n$/);
  });

  it("--resume detects a torn last line (partial, unterminated or zero-filled), truncates it and redoes the cell", async () => {
    const lines = readFileSync(single, "utf8").split("\n").filter((l) => l !== "").map((l) => l + "\n");
    const tails = [lines[10].slice(0, 25), lines[10].slice(0, -1), "\0".repeat(40)];
    for (const [i, tail] of tails.entries()) {
      const out = tmp.file(`torn-${i}.jsonl`, lines.slice(0, 10).join("") + tail);
      const refused = await runCli(["sweep", "run", gridPath, "--out", out]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/exists and is not empty; give --resume/);
      const r = await runCli(["sweep", "run", gridPath, "--out", out, "--resume"]);
      expect(r.code, r.stderr).toBe(0);
      const at = Buffer.byteLength(lines.slice(0, 10).join(""));
      expect(r.stderr).toMatch(new RegExp(`${CELLS} cells, 10 already in .*, ran ${CELLS - 10}; cut a torn last line at byte ${at} and redid its cell\\n$`));
      expect(readFileSync(out, "utf8").endsWith("\n")).toBe(true);
      expect(lineSet(out)).toEqual(lineSet(single));
      // Resuming a complete file runs nothing and changes nothing.
      const again = await runCli(["sweep", "run", gridPath, "--out", out, "--resume"]);
      expect(again.stderr).toMatch(new RegExp(`${CELLS} already in .*, ran 0\\n$`));
      expect(lineSet(out)).toEqual(lineSet(single));
    }
    // A malformed line that is not the last is corruption, not a torn write: refused, naming the line.
    const out = tmp.file("corrupt.jsonl", lines[0] + "{\"id\": 1}\n" + lines[1]);
    const r = await runCli(["sweep", "run", gridPath, "--out", out, "--resume"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/corrupt.jsonl line 2: no valid "id"\n$/);
  });

  it("bad grids give one-line errors naming the grid file and the key", async () => {
    const base = { traces: ["a.txt"], algorithms: ["lru"], k: [4], seeds: [1] };
    const cases: [string, string, RegExp][] = [
      ["not-json", "{ traces: ", /not valid JSON/],
      ["array", "[1]", /a grid is a JSON object/],
      ["unknown-key", JSON.stringify({ ...base, ks: [1] }), /unknown key "ks" \(known: traces, format/],
      ["dup-key", `{"traces":["a.txt"],"algorithms":["lru"],"k":[4],"k":[8],"seeds":[1]}`, /key "k" appears twice/],
      ["missing", JSON.stringify({ traces: ["a.txt"], algorithms: ["lru"], k: [4] }), /missing key "seeds"/],
      ["empty", JSON.stringify({ ...base, k: [] }), /"k" must be a non-empty array/],
      ["k0", JSON.stringify({ ...base, k: [0] }), /"k" items must be positive integers, got 0/],
      ["kfrac", JSON.stringify({ ...base, k: [2.5] }), /"k" items must be positive integers, got 2.5/],
      ["seed", JSON.stringify({ ...base, seeds: [-1] }), /"seeds" items must be non-negative integers/],
      ["dup-k", JSON.stringify({ ...base, k: [4, 4] }), /"k" lists 4 twice/],
      ["dup-alg", JSON.stringify({ ...base, algorithms: ["lru", "LRU"] }), /"algorithms" lists .* twice/],
      ["dup-trace", JSON.stringify({ ...base, traces: ["a.txt", "./a.txt"] }), /"traces" lists "\.\/a\.txt" twice/],
      ["alg", JSON.stringify({ ...base, algorithms: ["lru", "nope"] }), /"algorithms": .*nope/],
      ["expr", JSON.stringify({ ...base, algorithms: ["combine-det(lru,"] }), /"algorithms": /],
      ["trace", JSON.stringify({ ...base, traces: ["missing.txt"] }), /"traces": missing.txt does not exist/],
      ["trace-dir", JSON.stringify({ ...base, traces: ["."] }), /"traces": \. is not a regular file/],
      ["format", JSON.stringify({ ...base, format: "parquet" }), /"format" must be one of txt/],
      ["needs", JSON.stringify({ ...base, algorithms: ["blind-oracle"] }), /"algorithms": 'blind-oracle' reads predictions; add "predictor"/],
      ["predictor", JSON.stringify({ ...base, predictor: "oracle" }), /"predictor" must be one of perfect/],
      ["sigma-alone", JSON.stringify({ ...base, sigma: [1] }), /"sigma" applies to the lognormal predictor only/],
      ["lognormal", JSON.stringify({ ...base, predictor: "lognormal" }), /"predictor" lognormal needs "sigma"/],
      [
        "too-many",
        JSON.stringify({ ...base, k: Array.from({ length: 1000 }, (_, i) => i + 1), seeds: Array.from({ length: 1001 }, (_, i) => i) }),
        /the grid has 1001000 cells, over the limit of 1000000/,
      ],
    ];
    for (const [name, text, expected] of cases) {
      const path = join(dir, `bad-${name}.json`);
      writeFileSync(path, text);
      const r = await runCli(["sweep", "run", path, "--out", tmp.path(`bad-${name}.jsonl`)]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(new RegExp(`^paging-lab sweep: ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
      expect(r.stderr, name).toMatch(expected);
      expect(r.stderr.split("\n"), name).toHaveLength(2);
      expect(existsSync(tmp.path(`bad-${name}.jsonl`)), name).toBe(false);
    }
    const noGrid = await runCli(["sweep", "run", join(dir, "nope.json"), "--out", tmp.path("x.jsonl")]);
    expect(noGrid.stderr).toMatch(/nope.json: cannot read the grid: ENOENT\n$/);
    const shard = await runCli(["sweep", "run", gridPath, "--out", tmp.path("y.jsonl"), "--shard", "3/3"]);
    expect(shard.stderr).toBe("paging-lab sweep: --shard must be I/N with 0 <= I < N, got '3/3'\n");
  });
});

describe("paging-lab sweep as a child process", () => {
  let cli: ChildCli;
  beforeAll(() => {
    cli = buildChildCli();
  }, 120_000);
  afterAll(() => cli.cleanup());

  it("--workers 2 gives the single run's lines", async () => {
    const out = tmp.path("workers.jsonl");
    const r = await cli.run(["sweep", "run", gridPath, "--out", out, "--workers", "2"]);
    expect(r.code, r.stderr).toBe(0);
    expect(lineSet(out)).toEqual(lineSet(single));
  });

  it("a run killed with SIGKILL mid-way and resumed yields exactly the single run", async () => {
    const killDir = tmp.subdir("kill");
    writeFileSync(join(killDir, "t.txt"), readFileSync(writeTrace("big.txt", 40_000, 3000, 5)));
    const grid = join(killDir, "grid.json");
    writeFileSync(grid, JSON.stringify({ traces: ["t.txt"], algorithms: ["opt", "lru", "marker", "fifo", "clock", "random"], k: [8, 16, 32, 64, 128, 256, 512, 1024], seeds: [1, 2, 3] }));
    const total = 6 * 8 * 3;
    const out = join(killDir, "out.jsonl");
    const child = spawn(process.execPath, [cli.entry, "sweep", "run", grid, "--out", out], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_code, signal) => done(signal)));
    // Kill once a few lines are written, wherever the writer is.
    let seen = 0;
    while (child.exitCode === null) {
      seen = existsSync(out) ? readFileSync(out, "utf8").split("\n").length - 1 : 0;
      if (seen >= 5) {
        child.kill("SIGKILL");
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited).toBe("SIGKILL");
    const before = readFileSync(out, "utf8").split("\n").length - 1;
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(total);
    const resumed = await cli.run(["sweep", "run", grid, "--out", out, "--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const reference = join(killDir, "reference.jsonl");
    expect((await runCli(["sweep", "run", grid, "--out", reference])).code).toBe(0);
    expect(lineSet(out)).toEqual(lineSet(reference));
    expect(lineSet(out)).toHaveLength(total);
  });
});
