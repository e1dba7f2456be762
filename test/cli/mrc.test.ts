import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MRC_MAX_ONE_PASS, MRC_MAX_PER_SIZE } from "../../src/cli/commands/mrc.ts";
import { MAX_CURVE_SIZES, MAX_PER_SIZE_SIZES } from "../../src/paging/analysis/fault-curve.ts";
import { policies } from "../../src/paging/catalog.ts";
import { simulate } from "../../src/paging/core/simulate.ts";
import { readTrace } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";
import { runCli } from "./run-cli.ts";

const tmp = tempDir("paging-lab-mrc-");
const trace = "1\n2\n3\n1\n4\n2\n5\n1\n3\n3\n6\n2\n1\n";

describe("paging-lab mrc", () => {
  it("--json holds every size 1..K for each algorithm, equal to simulate at each k", async () => {
    const path = tmp.file("t.txt", trace);
    const { code, stdout } = await runCli(["mrc", "--trace", path, "--algorithms", "lru,opt,fifo,marker", "--max-k", "8", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { trace: string; requests: number; maxK: number; faults: Record<string, number[]> };
    expect(report).toMatchObject({ trace: path, requests: 13, maxK: 8 });
    const { trace: t } = await readTrace(path);
    for (const name of ["lru", "opt", "fifo", "marker"]) {
      const want = Array.from({ length: 8 }, (_, i) => simulate(policies.create(name, i + 1, { seed: 1 }), t.requests, { universe: t.distinct }).faults);
      expect(report.faults[name], name).toEqual(want);
    }
  });

  it("defaults to lru,opt up to the distinct pages, and prints a table without --json", async () => {
    const path = tmp.file("t.txt", trace);
    const json = JSON.parse((await runCli(["mrc", "--trace", path, "--json"])).stdout) as { maxK: number; faults: Record<string, number[]> };
    expect(json.maxK).toBe(6);
    expect(Object.keys(json.faults)).toEqual(["lru", "opt"]);
    expect(json.faults.opt[5]).toBe(6); // cold misses only at k = distinct pages
    const table = await runCli(["mrc", "--trace", path]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/lru faults\s+lru miss ratio\s+opt faults/);
  });

  it("sampled sizes of a shared trace equal the golden counts", async () => {
    const { stdout } = await runCli(["mrc", "--trace", tracePath("lirs/sprite.trace"), "--max-k", "1000", "--json"]);
    const { faults } = JSON.parse(stdout) as { faults: Record<string, number[]> };
    expect([faults.lru[99], faults.lru[999], faults.opt[99], faults.opt[999]]).toEqual([105_079, 12_544, 65_929, 9_060]);
  });

  it("--plot writes an SVG chart and 'plot' renders the saved JSON the same way", async () => {
    const path = tmp.file("t.txt", trace);
    const svgPath = tmp.path("curve.svg");
    const run = await runCli(["mrc", "--trace", path, "--json", "--plot", svgPath]);
    expect(run.code).toBe(0);
    const svg = readFileSync(svgPath, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("cache size k");
    const saved = tmp.file("r.json", run.stdout);
    const again = tmp.path("again.svg");
    const plot = await runCli(["plot", saved, "--out", again]);
    expect(plot.code).toBe(0);
    expect(readFileSync(again, "utf8")).toBe(svg);
  });

  it("bad input is a one-line error, exit code 2, checked before reading the trace", async () => {
    const path = tmp.file("t.txt", trace);
    const cases: [string[], RegExp][] = [
      [["mrc"], /--trace PATH is required/],
      [["mrc", "--trace", path, "--max-k", "0"], /--max-k must be a positive integer/],
      [["mrc", "--trace", tmp.path("missing.txt"), "--max-k", String(MRC_MAX_ONE_PASS + 1)], /over 4194304/],
      [["mrc", "--trace", tmp.path("missing.txt"), "--algorithms", "lru,fifo", "--max-k", "5000"], /fifo runs once per cache size/],
      [["mrc", "--trace", path, "--algorithms", "nope"], /unknown/i],
      [["mrc", "--trace", path, "--algorithms", "lru,LRU"], /the same item; give each once/],
      [["mrc", "--trace", path, "--algorithms", "blind-oracle"], /reads predictions/],
      [["mrc", "--trace", path, "--plot", "x.png"], /FILE\.svg/],
      [["mrc", "--trace", tmp.path("missing.txt")], /no such file/],
      [["plot", tmp.file("bad.json", "{\"trace\":\"x\",\"requests\":3,\"maxK\":2,\"faults\":{\"lru\":[3]}}"), "--out", tmp.path("o.svg")], /"faults.lru" has 1 entries, maxK is 2/],
      [["plot", tmp.file("bad2.json", "{\"trace\":\"x\",\"requests\":3,\"maxK\":1,\"faults\":{\"lru\":[4]}}"), "--out", tmp.path("o.svg")], /not a fault count/],
      [["plot", tmp.file("bad3.json", "[1,2"), "--out", tmp.path("o.svg")], /not JSON/],
      [["plot", tmp.path("none.json"), "--out", tmp.path("o.svg")], /no such file/],
      [["plot", tmp.dir, "--out", tmp.path("o.svg")], /not a regular file/],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await runCli(argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr, argv.join(" ")).toMatch(message);
      expect(stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("the limits --help states are the ones the curves enforce", async () => {
    expect([MRC_MAX_ONE_PASS, MRC_MAX_PER_SIZE]).toEqual([MAX_CURVE_SIZES, MAX_PER_SIZE_SIZES]);
    const { stdout } = await runCli(["mrc", "--help"]);
    expect(stdout).toContain(String(MAX_CURVE_SIZES));
    expect(stdout).toContain(String(MAX_PER_SIZE_SIZES));
  });
});
