import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
import { requestCountParam, type GeneratorInfo } from "./generator.ts";

/**
 * n independent requests with Zipf(α) popularity over pages `0..universe-1`: page i (rank i+1)
 * is requested with probability (i+1)^−α / Σ_j j^−α, so page 0 is the hottest; α = 0 is
 * uniform. The standard model of skewed web / storage popularity (Breslau et al., INFOCOM 1999,
 * report α ≈ 0.64–0.83 for web proxies). Sampling uses Vose's alias method: O(universe) set-up,
 * O(1) per request, no per-request allocation.
 */
export function zipfRequests(n: number, universe: number, alpha: number, seed: number): Int32Array {
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new InputError(`zipf: alpha must be a finite number ≥ 0, got ${alpha}`);
  const { prob, alias } = aliasTable(universe, alpha);
  const rng = new Rng(seed);
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const i = rng.int(universe);
    out[t] = rng.next() < prob[i] ? i : alias[i];
  }
  return out;
}

/** Vose's alias tables for weights (i+1)^−α, i < universe. */
function aliasTable(universe: number, alpha: number): { prob: Float64Array; alias: Int32Array } {
  const scaled = new Float64Array(universe);
  let total = 0;
  for (let i = 0; i < universe; i++) {
    scaled[i] = Math.pow(i + 1, -alpha);
    total += scaled[i];
  }
  for (let i = 0; i < universe; i++) scaled[i] = (scaled[i] * universe) / total;
  const prob = new Float64Array(universe);
  const alias = new Int32Array(universe);
  const small = new Int32Array(universe);
  const large = new Int32Array(universe);
  let ns = 0;
  let nl = 0;
  for (let i = universe - 1; i >= 0; i--) {
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[nl - 1];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  // Leftovers have weight 1 up to rounding: they keep their own column.
  while (nl > 0) {
    const l = large[--nl];
    prob[l] = 1;
    alias[l] = l;
  }
  while (ns > 0) {
    const s = small[--ns];
    prob[s] = 1;
    alias[s] = s;
  }
  return { prob, alias };
}

/** Registry entry of {@link zipfRequests}. */
export const zipfGenerator: GeneratorInfo = {
  name: "zipf",
  summary: "independent requests with Zipf(alpha) popularity; page 0 hottest (alias method)",
  params: [
    requestCountParam(1_000_000),
    { name: "universe", description: "number of pages", kind: "int", default: 10_000, min: 1, max: 2 ** 27 },
    { name: "alpha", description: "skew exponent (0 = uniform)", kind: "number", default: 0.8, min: 0, max: 100 },
  ],
  generate: (p, seed) => zipfRequests(p.n as number, p.universe as number, p.alpha as number, seed),
  universe: (p) => p.universe as number,
};
