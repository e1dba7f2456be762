import { readDataset } from "./src/experiments/dataset.ts";
import { policies, simulate } from "./src/paging/index.ts";
import { perfectNextArrival } from "./src/predictors/index.ts";
const traces = await readDataset("/work/shared/traces/mts-with-predictions/bk");
for (const name of ["lru", "opt", "blind-oracle", "marker", "trust-and-doubt"]) {
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    let reqs = 0;
    for (let i = 0; i < 10; i++) for (const tr of traces) {
      const na = perfectNextArrival(tr.requests, { neverAgain: "study" });
      simulate(policies.create(name, 10, { seed: i }), tr.requests, { universe: tr.universe, predictions: { nextArrival: na } });
      reqs += tr.requests.length;
    }
    const dt = performance.now() - t0;
    console.log(name, rep, (dt / 1000).toFixed(3), "s", (reqs / dt / 1000).toFixed(1), "M req/s", (dt / 1000 / 1000 * 1e6 / 1000).toFixed(0), "µs/run");
  }
}
