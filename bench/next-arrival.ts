/**
 * Throughput of the next-arrival algorithms (`npm run build && node dist/bench/next-arrival.js`):
 * M requests/s of one run, on
 * - the shared `orm-busy` trace (5 M requests), k = 1000, perfect predictions (nextUseTimes);
 * - the BrightKite (100 × 2,100 requests, k = 10) and CitiBike (12 × 25,000, k = 100) instances
 *   of the ACEPS study, with its synthetic predictor at σ = 10 — every file once per repetition,
 *   one policy instance reused across files as an experiment does.
 * Parsing and prediction making are excluded. Each figure is the best of several repetitions
 * (the machine is shared: the minimum is the least disturbed), LRU and OPT for scale.
 */
import { readdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { policies } from "../src/paging/catalog.ts";
import { simulate } from "../src/paging/core/simulate.ts";
import { nextUseTimes } from "../src/paging/offline/next-use.ts";
import { Rng } from "../src/paging/core/rng.ts";
import { readTrace } from "../src/traces/index.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tracesDir = resolve(root, process.env.PAGING_LAB_TRACES ?? "../shared/traces");
const NAMES = ["lru", "opt", "blind-oracle", "follow-pred-marking", "predictive-marker", "lmarker", "lnonmarker", "trust-and-doubt"];

interface Instance {
  requests: Int32Array;
  universe: number;
  predictions: Float64Array;
}

function measure(label: string, k: number, instances: Instance[], repetitions: number): void {
  const total = instances.reduce((a, i) => a + i.requests.length, 0);
  const rows = NAMES.map((name) => {
    const policy = policies.create(name, k, { seed: 1 });
    let best = Infinity;
    let faults = 0;
    for (let r = 0; r < repetitions; r++) {
      const t0 = performance.now();
      faults = 0;
      for (const i of instances) {
        faults += simulate(policy, i.requests, { universe: i.universe, predictions: { nextArrival: i.predictions } }).faults;
      }
      best = Math.min(best, performance.now() - t0);
    }
    return { policy: name, faults: faults.toLocaleString("en-US"), "best ms": best.toFixed(2), "M req/s": (total / best / 1000).toFixed(1) };
  });
  console.log(`${label}: ${total.toLocaleString("en-US")} requests, k = ${k}`);
  console.table(rows);
}

async function study(dir: string, sigma: number): Promise<Instance[]> {
  const folder = resolve(tracesDir, "mts-with-predictions", dir);
  const rng = new Rng(sigma);
  const out: Instance[] = [];
  for (const file of readdirSync(folder).sort()) {
    const { trace } = await readTrace(resolve(folder, file));
    const n = trace.requests.length;
    const predictions = Float64Array.from(nextUseTimes(trace.requests, trace.distinct), (y) => (y < n ? y : 10000 * n) + Math.exp(sigma * rng.normal()));
    out.push({ requests: trace.requests, universe: trace.distinct, predictions });
  }
  return out;
}

async function main(): Promise<void> {
  const { trace } = await readTrace(resolve(tracesDir, "cache2k/orm-busy.trace.gz"));
  const n = trace.requests.length;
  const perfect = Float64Array.from(nextUseTimes(trace.requests, trace.distinct), (y) => (y < n ? y : Infinity));
  measure("orm-busy, perfect predictions", 1000, [{ requests: trace.requests, universe: trace.distinct, predictions: perfect }], 3);
  measure("BrightKite, σ = 10", 10, await study("bk", 10), 20);
  measure("CitiBike, σ = 10", 100, await study("citi", 10), 10);
}

await main();
