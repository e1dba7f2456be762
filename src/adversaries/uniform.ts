import { Rng } from "../paging/core/rng.ts";
import { requestCountParam, type GeneratorInfo } from "./generator.ts";

/**
 * n requests drawn independently and uniformly from pages `0..universe-1` (seeded). The
 * independent reference model with equal popularities: every online policy's expected miss
 * ratio tends to 1 − k/universe, so it separates policies only through OPT.
 */
export function uniformRequests(n: number, universe: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) out[t] = rng.int(universe);
  return out;
}

/** Registry entry of {@link uniformRequests}. */
export const uniformGenerator: GeneratorInfo = {
  name: "uniform",
  summary: "independent uniform requests over a universe of pages",
  params: [
    requestCountParam(100_000),
    { name: "universe", description: "number of pages", kind: "int", default: 1000, min: 1, max: 2 ** 31 - 1 },
  ],
  generate: (p, seed) => uniformRequests(p.n as number, p.universe as number, seed),
  universe: (p) => p.universe as number,
};
