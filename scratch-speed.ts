import { policies, simulate, nextUseTimes } from "./src/paging/index.ts";
import { readTrace } from "./src/traces/index.ts";
import { Rng } from "./src/paging/core/rng.ts";
const dir = Deno.args[0]; const k = Number(Deno.args[1]); const sigma = Number(Deno.args[2]);
const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
const rng = new Rng(1);
const data = [];
for (const f of files) { const { trace } = await readTrace(`${dir}/${f}`); const n = trace.requests.length; const nu = nextUseTimes(trace.requests, trace.distinct); data.push({ req: trace.requests, u: trace.distinct, h: Float64Array.from(nu, (v) => (v < n ? v : 10000 * n) + Math.exp(sigma * rng.normal())) }); }
const total = data.reduce((a, d) => a + d.req.length, 0);
for (const nm of ["lru", "marker", "opt", "blind-oracle", "follow-pred-marking", "predictive-marker", "lmarker", "lnonmarker", "trust-and-doubt"]) {
  const p = policies.create(nm, k, { seed: 3 });
  const times = [];
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    for (const d of data) simulate(p, d.req, { universe: d.u, predictions: { nextArrival: d.h } });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(nm.padEnd(22), (total / (times[2] / 1000) / 1e6).toFixed(1), "M req/s");
}
