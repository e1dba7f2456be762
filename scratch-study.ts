import { readDataset } from "./src/experiments/dataset.ts";
import { runPredictionStudy, summarizeStudy } from "./src/experiments/prediction-study.ts";
const traces = await readDataset(Deno.args[0]);
const k = Number(Deno.args[1]);
const algs = Deno.args.slice(2);
for (const a of algs) {
const t0 = performance.now();
const totals = runPredictionStudy({ traces, k, algorithms: [a], runs: 10, seed: 1 });
const dt = (performance.now() - t0) / 1000;
const rep = summarizeStudy(totals, { k, files: traces.length, runs: 10, predictor: "lognormal", bitFlip: 0, seed: 1 });
console.log(a.padEnd(22), dt.toFixed(2).padStart(6), "s ", rep.rows.map((r) => r.meanRatio.toFixed(3)).join(" "));
}
