import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.ts";
import { attentionTracePath } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";
import { kvPolicies } from "../../src/kv/catalog.ts";
import type { KvReport } from "../../src/cli/commands/kv.ts";

const tmp = tempDir("kv-cli-");

async function json(argv: string[]): Promise<KvReport> {
  const r = await runCli(argv);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as KvReport;
}

async function usageError(argv: string[]): Promise<string> {
  const r = await runCli(argv);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  return r.stderr;
}

describe("paging-lab kv", () => {
  it("prints the exact JSON shape, with means over the selected layers", async () => {
    const report = await json(["kv", "--synthetic", "mixed", "--budget", "0.25", "--layers", "1", "--json"]);
    expect(Object.keys(report)).toEqual(["trace", "budget", "results"]);
    expect(report.trace).toMatch(/^synthetic:mixed\(seed=1/);
    expect(report.budget).toBe(64); // ⌊0.25 · 256⌋
    expect(report.results.map((r) => r.policy)).toEqual(kvPolicies.list().map((e) => e.name));
    for (const r of report.results) {
      expect(Object.keys(r)).toEqual(["policy", "meanKeptMass", "meanTV", "meanOutputError", "perLayer"]);
      expect(r.perLayer).toHaveLength(1);
      expect(Object.keys(r.perLayer[0])).toEqual(["layer", "meanKeptMass", "meanTV", "meanOutputError"]);
      expect(r.perLayer[0].layer).toBe(1);
      expect(r.perLayer[0].meanKeptMass).toBeCloseTo(r.meanKeptMass, 12);
      expect(r.meanTV).toBeCloseTo(1 - r.meanKeptMass, 12);
      expect(r.meanKeptMass).toBeGreaterThan(0);
      expect(r.meanKeptMass).toBeLessThanOrEqual(1 + 1e-12);
    }
    const kept = Object.fromEntries(report.results.map((r) => [r.policy, r.meanKeptMass]));
    for (const r of report.results) if (r.policy !== "topk") expect(kept.opt).toBeGreaterThanOrEqual(r.meanKeptMass - 1e-12);
    expect(kept.topk).toBeGreaterThanOrEqual(kept.opt - 1e-12);
  });

  it("takes K or a fraction, selected policies, parameters and --h", async () => {
    const report = await json([
      "kv", "--synthetic", "sinks", "--seed", "3", "--budget", "40", "--policies", "h2o-greedy,h2o,scissorhands,streaming",
      "--h", "log", "--param", "h2o.recentRatio=1,historyRatio=0.25,streaming.sinks=0", "--json",
    ]);
    expect(report.budget).toBe(40);
    expect(report.results.map((r) => r.policy)).toEqual(["h2o-greedy[h=log]", "h2o[recentRatio=1]", "scissorhands[historyRatio=0.25]", "streaming[sinks=0]"]);
    expect(report.results[1].meanKeptMass).toBeCloseTo(report.results[3].meanKeptMass, 12); // Local window both
    expect(report.trace).toContain("seed=3");
  });

  it("prints tables: overall means with the ratio to opt, and kept mass per layer", async () => {
    const r = await runCli(["kv", "--synthetic", "heavy-hitters", "--budget", "0.1", "--policies", "h2o,opt"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("budget: k = 25 tokens");
    expect(r.stdout).toMatch(/policy\s+kept mass\s+TV\s+output error\s+kept \/ opt/);
    expect(r.stdout).toMatch(/opt\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+1\.0000/);
    expect(r.stdout).toMatch(/kept mass per layer \(TV = 1 − kept mass\):\npolicy\s+L0\s+L1/);
    expect(r.stdout).toMatch(/output error per layer:\npolicy\s+L0\s+L1\n[-\s]+\nh2o\s+[\d.]+\s+[\d.]+\nopt\s+[\d.]+\s+[\d.]+/);
  });

  it("gives one-line errors with exit code 2 for user mistakes", async () => {
    expect(await usageError(["kv", "--synthetic", "mixed", "--budget", "0"])).toContain("k must be ≥ 1");
    expect(await usageError(["kv", "--synthetic", "mixed", "--budget", "-3"])).toContain("--budget");
    expect(await usageError(["kv", "--synthetic", "mixed", "--budget", "256"])).toContain("≥ T = 256");
    expect(await usageError(["kv", "--synthetic", "mixed", "--budget", "1.5"])).toContain("fraction");
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "h2o,lfu"])).toContain("unknown KV policy 'lfu'");
    expect(await usageError(["kv", "--synthetic", "mixed", "--layers", "2"])).toContain("layer 2 out of range");
    expect(await usageError(["kv", "--synthetic", "mixed", "--h", "cube"])).toContain("parameter h must be one of id, sqrt, log");
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "tova", "--h", "sqrt"])).toContain("--h applies to h2o-greedy");
    expect(await usageError(["kv", "--synthetic", "mixed", "--param", "bogus=1"])).toContain("no selected policy reads 'bogus'");
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "tova", "--param", "h2o.recentRatio=1"])).toContain("not among --policies");
    expect(await usageError(["kv", "--synthetic", "mixed", "--param", "h2o.recentRatio=2"])).toContain("recentRatio must be ≤ 1");
    expect(await usageError(["kv", "--synthetic", "nope"])).toContain("unknown synthetic trace kind");
    expect(await usageError(["kv"])).toContain("--trace PATH");
    expect(await usageError(["kv", "--trace", "x", "--synthetic", "mixed"])).toContain("either --trace or --synthetic");
    const bad = tmp.file("bad.bin", new Uint8Array(1000));
    expect(await usageError(["kv", "--trace", bad, "--shape", "1,1,64,4"])).toContain(`${bad}: truncated at byte 1000`);
    expect(await usageError(["kv", "--trace", tmp.path("none.bin")])).toContain("none.bin: cannot read: no such file");
  });

  it("refuses a repeated list item, as every command does, and labels a clamped parameter with its effective value", async () => {
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "h2o,streaming,h2o"])).toContain("--policies lists 'h2o' twice; give each once");
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "streaming,streamingllm"])).toContain("'streaming' and 'streamingllm', the same item");
    expect(await usageError(["kv", "--synthetic", "mixed", "--layers", "0,0"])).toContain("--layers lists layer 0 twice");
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "h2o", "--param", "recentRatio=0.1,h2o.recentRatio=0.2"])).toContain(
      "--param sets h2o.recentRatio twice ('recentRatio=0.1' and 'h2o.recentRatio=0.2')",
    );
    expect(await usageError(["kv", "--synthetic", "mixed", "--policies", "h2o-greedy", "--h", "log", "--param", "h2o-greedy.h=sqrt"])).toContain(
      "--param sets h2o-greedy.h twice",
    );
    const r = await runCli(["kv", "--synthetic", "mixed", "--budget", "10", "--policies", "snapkv,streaming", "--param", "window=64,sinks=3", "--json"]);
    expect(r.code).toBe(0);
    const labels = (JSON.parse(r.stdout) as { results: { policy: string }[] }).results.map((x) => x.policy);
    expect(labels).toEqual(["snapkv[window=10 (clamped from 64)]", "streaming[sinks=3]"]);
    const unclamped = await runCli(["kv", "--synthetic", "mixed", "--budget", "100", "--policies", "snapkv", "--param", "window=64", "--json"]);
    expect((JSON.parse(unclamped.stdout) as { results: { policy: string }[] }).results[0].policy).toBe("snapkv[window=64]");
  });

  it("runs on a shared trace (one layer, a few policies)", async () => {
    const path = attentionTracePath("attn-prose-1.bin.gz");
    const report = await json(["kv", "--trace", path, "--budget", "0.2", "--layers", "3", "--policies", "streaming,h2o,opt,topk", "--json"]);
    expect(report.trace).toBe(path);
    expect(report.budget).toBe(102);
    const [streaming, h2o, opt, topk] = report.results;
    expect(opt.meanKeptMass).toBeGreaterThanOrEqual(Math.max(streaming.meanKeptMass, h2o.meanKeptMass));
    expect(topk.meanKeptMass).toBeGreaterThanOrEqual(opt.meanKeptMass);
    expect(opt.meanKeptMass).toBeLessThanOrEqual(1);
  });
});
