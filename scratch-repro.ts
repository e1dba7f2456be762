import { policies, simulate, nextUseTimes } from "./src/paging/index.ts";
import { readTrace } from "./src/traces/index.ts";
import { Rng } from "./src/paging/core/rng.ts";
const dir = Deno.args[0]; const k = Number(Deno.args[1]); const sigmas = Deno.args[2].split(",").map(Number); const runs = Number(Deno.args[3]);
const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
const traces = [];
for (const f of files) { const { trace } = await readTrace(`${dir}/${f}`); traces.push(trace); }
const names = ["blind-oracle", "follow-pred-marking", "predictive-marker", "lmarker", "lnonmarker", "trust-and-doubt"];
const rng = new Rng(12345);
const insts = names.map((nm) => policies.create(nm, k, { seed: 1 }));
let optTotal = 0; const opts = traces.map((tr) => simulate(policies.create("opt", k), tr.requests, { universe: tr.distinct }).faults);
optTotal = opts.reduce((a, b) => a + b, 0);
const t0 = performance.now(); let reqs = 0;
for (const sigma of sigmas) {
  const totals = new Float64Array(names.length);
  for (let run = 0; run < runs; run++) {
    for (const tr of traces) {
      const req = tr.requests; const n = req.length;
      const nu = nextUseTimes(req, tr.distinct);
      const h = Float64Array.from(nu, (v) => (v < n ? v : 10000 * n) + Math.exp(sigma * rng.normal()));
      names.forEach((nm, i) => { const p = policies.create(nm, k, { seed: run * 1000 + 7 }); totals[i] += simulate(p, req, { universe: tr.distinct, predictions: { nextArrival: h } }).faults; reqs += n; });
    }
  }
  console.log(`σ=${sigma}`, names.map((nm, i) => `${nm} ${(totals[i] / runs / optTotal).toFixed(3)}`).join("  "));
}
console.log("OPT total", optTotal, "M req/s overall", (reqs / ((performance.now() - t0) / 1000) / 1e6).toFixed(2));
