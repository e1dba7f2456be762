/**
 * `npm run bench`: simulation throughput of the paging policies on the shared `orm-busy` trace
 * (5 M requests, dense ids, parsing excluded), measured with tinybench, plus the whole
 * `paging-lab simulate` command on that trace (parse included). Prints M requests/s per policy
 * and the ratio to the project's targets, measured in this one run — timings on a shared
 * 2-core machine are noisy, so read ratios, not absolutes. Then the learning-augmented study of
 * Antoniadis et al. (ICML 2020) as a user runs it, `paging-lab experiment` on BrightKite (k = 10)
 * and Citi Bike (k = 100), 13 algorithms × 8 σ × 10 runs on one core, against its targets.
 */
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { policies } from "../src/paging/catalog.ts";
import { simulate } from "../src/paging/core/simulate.ts";
import { readTrace } from "../src/traces/index.ts";
import { MODERN, MODERN_TARGETS, libCacheSimRates } from "./modern.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tracesDir = resolve(root, process.env.PAGING_LAB_TRACES ?? "../shared/traces");
const tracePath = resolve(tracesDir, "cache2k/orm-busy.trace.gz");

/** Throughput targets in M requests/s (issue 2), against libCacheSim's ~12–15 (LRU) and 8–10 (Belady). */
const TARGETS: Record<string, number> = { lru: 60, fifo: 60, clock: 60, marking: 60, opt: 25, ...MODERN_TARGETS };
const POLICIES = ["lru", "fifo", "clock", "marking", "marker", "random", "fwf", "lfu", "mru", "opt", ...MODERN];
const KS = [1000, 10000];

async function main(): Promise<void> {
  const t0 = performance.now();
  const { trace } = await readTrace(tracePath);
  const parseSeconds = (performance.now() - t0) / 1000;
  const n = trace.requests.length;
  console.log(`orm-busy: ${n.toLocaleString("en-US")} requests, ${trace.distinct.toLocaleString("en-US")} distinct; parsed in ${parseSeconds.toFixed(3)} s`);

  const bench = new Bench({ time: 0, iterations: 5, warmupIterations: 1, warmupTime: 0 });
  const faults = new Map<string, number>();
  for (const k of KS) {
    for (const name of POLICIES) {
      bench.add(`${name} k=${k}`, () => {
        const r = simulate(policies.create(name, k, { seed: 1 }), trace.requests, { universe: trace.distinct });
        faults.set(`${name} k=${k}`, r.faults);
      });
    }
  }
  await bench.run();

  const rows = bench.tasks.map((task) => {
    const [name] = task.name.split(" ");
    const result = task.result as { latency?: { p50?: number } };
    const ms = result.latency?.p50 ?? NaN;
    const mps = n / (ms / 1000) / 1e6;
    const target = TARGETS[name];
    return {
      run: task.name,
      faults: (faults.get(task.name) ?? 0).toLocaleString("en-US"),
      "median ms": ms.toFixed(1),
      "M req/s": mps.toFixed(1),
      "vs target": target === undefined ? "" : `${(mps / target).toFixed(2)}× of ${target}`,
    };
  });
  console.table(rows);
  await libCacheSimRates(trace, KS);

  // The whole command, parse included, as a user runs it.
  const bin = resolve(root, "bin/paging-lab.js");
  const c0 = performance.now();
  const child = spawnSync(process.execPath, [bin, "simulate", "--trace", tracePath, "--k", "1000", "--algorithms", "lru", "--json"], {
    encoding: "utf8",
  });
  const wall = (performance.now() - c0) / 1000;
  if (child.status !== 0) throw new Error(`simulate failed: ${child.stderr}`);
  const report = JSON.parse(child.stdout) as { parseSeconds: number; results: { seconds: number }[] };
  console.log(
    `paging-lab simulate --trace orm-busy --k 1000 --algorithms lru: ${wall.toFixed(2)} s wall ` +
      `(parse ${report.parseSeconds.toFixed(2)} s, simulate ${report.results[0].seconds.toFixed(3)} s); target < 2 s: ${(2 / wall).toFixed(2)}× headroom`,
  );

  // The learning-augmented study, whole command, one core (no worker threads).
  const studies = [
    { name: "BrightKite", dir: "mts-with-predictions/bk", k: 10, target: 5 },
    { name: "Citi Bike", dir: "mts-with-predictions/citi", k: 100, target: 30 },
  ];
  for (const study of studies) {
    const s0 = performance.now();
    const run = spawnSync(
      process.execPath,
      [bin, "experiment", "--dataset", resolve(tracesDir, study.dir), "--k", String(study.k), "--runs", "10", "--json"],
      { encoding: "utf8" },
    );
    const seconds = (performance.now() - s0) / 1000;
    if (run.status !== 0) throw new Error(`experiment failed: ${run.stderr}`);
    const rows = (JSON.parse(run.stdout) as { rows: unknown[] }).rows.length;
    console.log(
      `paging-lab experiment ${study.name} (k = ${study.k}, 13 algorithms × 8 σ × 10 runs, ${rows} rows): ${seconds.toFixed(2)} s wall; ` +
        `target ≤ ${study.target} s: ${(study.target / seconds).toFixed(2)}× headroom`,
    );
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
