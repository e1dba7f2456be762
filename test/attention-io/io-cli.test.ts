import { describe, expect, it } from "vitest";
import { attentionAlgorithm, attentionLowerBound, runAttentionIo } from "../../src/attention-io/index.ts";
import { runCli as cli } from "../cli/run-cli.ts";

const KEYS = ["algorithm", "N", "d", "M", "heads", "br", "bc", "reads", "writes", "footprint", "lowerBound"];

describe("paging-lab io", () => {
  it("prints the issue's JSON shape, reads and writes summed over heads", async () => {
    const r = await cli(["io", "--algorithm", "fa2", "--N", "4096", "--d", "64", "--M", "65536", "--br", "128", "--bc", "128", "--heads", "8", "--count-only", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(KEYS);
    // FA2 with O on chip: reads = Nd + 2Nd·⌈N/br⌉, writes = Nd + N, per head.
    const N = 4096, d = 64;
    expect(j).toEqual({
      algorithm: "fa2", N, d, M: 65536, heads: 8, br: 128, bc: 128,
      reads: 8 * (N * d + 2 * N * d * 32), writes: 8 * (N * d + N),
      footprint: 2 * d * 256 + 128 * 128 + 256, lowerBound: attentionLowerBound(N, d, 65536, 8).words,
    });
  });

  it("executes by default, and --check reports the error against reference attention", async () => {
    const r = await cli(["io", "--algorithm", "square", "--N", "96", "--d", "16", "--M", "200", "--check", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.maxRelError).toBeLessThan(1e-12);
    const counted = runAttentionIo({ algorithm: attentionAlgorithm("square"), N: 96, d: 16, M: 200, mode: "count" });
    expect([j.reads, j.writes, j.br]).toEqual([counted.reads, counted.writes, counted.br]);
  });

  it("adds block counts with --B and LRU/OPT replays with --lru/--opt", async () => {
    const r = await cli(["io", "--algorithm", "fa1", "--N", "64", "--d", "8", "--M", "256", "--B", "8", "--lru", "256,512", "--opt", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.B).toBe(8);
    expect(j.readBlocks).toBeGreaterThanOrEqual(j.reads / 8);
    expect(j.lru.map((p: { capacity: number }) => p.capacity)).toEqual([256, 512]);
    expect(j.lru[1].misses).toBeLessThanOrEqual(2 * j.reads + 256);
    expect(j.opt.misses).toBeLessThanOrEqual(j.reads);
  });

  it("prints a readable summary without --json", async () => {
    const r = await cli(["io", "--algorithm", "fa2", "--N", "1000000", "--d", "128", "--M", "65536", "--count-only"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fa2 {2}N=1000000 d=128 M=65536 heads=1 {2}br=\d+ bc=\d+ {2}\(count-only\)/);
    expect(r.stdout).toMatch(/closed form .* \(equal\)/);
  });

  it("--sweep prints the I/O-vs-M curve as CSV, skipped points on stderr", async () => {
    const r = await cli(["io", "--sweep", "M=128..4096", "--N", "512", "--d", "32"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("algorithm,N,d,M,heads,br,bc,reads,writes,total,footprint,lowerBound");
    const rows = lines.slice(1).map((l) => l.split(","));
    // FlashAttention needs 4d + 3 = 131 words at 1×1 blocks, so it skips M = 128.
    expect(r.stderr).toContain("skipped fa1 at M = 128: needs 131 words at br = bc = 1");
    expect(rows.filter((c) => c[0] === "fa2").map((c) => Number(c[3]))).toEqual([256, 512, 1024, 2048, 4096]);
    expect(rows.filter((c) => c[0] === "square").map((c) => Number(c[3]))).toEqual([128, 256, 512, 1024, 2048, 4096]);
    for (const c of rows) {
      expect(Number(c[9])).toBe(Number(c[7]) + Number(c[8]));
      expect(Number(c[9])).toBeGreaterThanOrEqual(Number(c[11]));
      expect(Number(c[10])).toBeLessThanOrEqual(Number(c[3]));
    }
  });

  it("the default sweep M=1024..1048576 runs quickly in count-only mode", async () => {
    const r = await cli(["io", "--sweep", "M=1024..1048576", "--algorithm", "fa2,square"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1 + 2 * 11);
  });

  it("user mistakes are one-line errors with exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["io", "--algorithm", "fa3"], /unknown attention algorithm 'fa3' \(known: standard, fa1, fa2, square\)/],
      [["io", "--N", "64"], /--algorithm is required/],
      [["io", "--algorithm", "fa1", "--N", "256", "--d", "16", "--M", "1024", "--br", "16", "--bc", "16", "--count-only"],
        /fa1 with br = 16, bc = 16 needs a footprint of 1312 words > M = 1024/],
      [["io", "--algorithm", "fa2", "--N", "64", "--d", "64", "--M", "200"], /fa2 does not fit in M = 200 words/],
      [["io", "--sweep", "M=4096..1024"], /bad range 4096..1024/],
      [["io", "--sweep", "N=1..2"], /--sweep supports M only/],
      [["io", "--algorithm", "fa2", "--M", "0"], /--M must be a positive integer/],
      [["io", "--algorithm", "fa2", "--N", "4096", "--lru", "1000"], /word-access trace of fa2 .* would have \d+ accesses \(cap 67108864\)/],
      [["io", "--algorithm", "standard", "--N", "20000", "--d", "1"], /needs \d+ words of slow memory .*count-only/],
      [["io", "--algorithm", "fa2", "--N", "100000"], /heads·N²·d = 640000000000 multiply-adds \(cap 2147483648\); use count-only mode \(--count-only\)/],
      [["io", "--algorithm", "fa2", "--N", "1000000", "--d", "128", "--heads", "16"], /multiply-adds \(cap 2147483648\)/],
      [["io", "--algorithm", "fa2", "--lru", "64,64"], /--lru lists '64' twice; give each once/],
      [["io", "--sweep", "M=64..128", "--algorithm", "fa1,FA1"], /--algorithm lists 'fa1' and 'FA1', the same item/],
      [["io", "--algorithm", "fa2", "--count-only", "--check"], /--check needs execution/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr, argv.join(" ")).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("has help listing the algorithms", async () => {
    const r = await cli(["io", "--help"]);
    expect(r.code).toBe(0);
    for (const name of ["standard", "fa1", "fa2", "square", "--sweep", "--count-only"]) expect(r.stdout).toContain(name);
  });
});
