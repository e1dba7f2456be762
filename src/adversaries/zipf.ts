import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
import { requestCountParam, type GeneratorInfo } from "./generator.ts";

/**
 * n independent requests with Zipf(α) popularity over pages `0..universe-1`: page i (rank i+1)
 * is requested with probability (i+1)^−α / Σ_j j^−α, so page 0 is the hottest; α = 0 is
 * uniform. The standard model of skewed web / storage popularity (Breslau et al., INFOCOM 1999,
 * report α ≈ 0.64–0.83 for web proxies).
 *
 * Sampling: up to {@link ZIPF_TABLE_MAX_UNIVERSE} pages, Vose's alias method (O(universe)
 * set-up, exactly two random numbers a request); beyond, so that memory and time follow n rather
 * than the universe, Hörmann & Derflinger's rejection-inversion (ACM TOMACS 6(3), 1996, in the
 * form valid for every α ≥ 0: O(1) memory, a bounded expected number of tries a request). Both
 * are exact samplers of the same law; they consume the seed's stream differently.
 */
export function zipfRequests(n: number, universe: number, alpha: number, seed: number): Int32Array {
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new InputError(`zipf: alpha must be a finite number ≥ 0, got ${alpha}`);
  const rng = new Rng(seed);
  const out = new Int32Array(n);
  if (universe > ZIPF_TABLE_MAX_UNIVERSE) {
    const sample = rejectionInversionSampler(universe, alpha, rng);
    for (let t = 0; t < n; t++) out[t] = sample();
    return out;
  }
  const { prob, alias } = aliasTable(universe, alpha);
  for (let t = 0; t < n; t++) {
    const i = rng.int(universe);
    out[t] = rng.next() < prob[i] ? i : alias[i];
  }
  return out;
}

/** Largest universe sampled through alias tables (12 MiB); larger ones use rejection-inversion. */
export const ZIPF_TABLE_MAX_UNIVERSE = 2 ** 20;

/**
 * Rejection-inversion for P(rank r) ∝ r^−α, r = 1..N, returning the page r − 1. The hat is
 * h(x) = x^−α with integral H(x) = (x^{1−α} − 1)/(1 − α) (ln x at α = 1, the limit); a uniform
 * point of [H(N + ½), H(3/2) − 1] is inverted and rounded to a rank, accepted at once when it
 * lies within the squeeze `cut` of its rank and otherwise only if it falls under the area of
 * h(r) at r (Hörmann & Derflinger 1996, algorithm ZRI with v = 0).
 */
export function rejectionInversionSampler(N: number, alpha: number, rng: Rng): () => number {
  const h = (x: number): number => Math.exp(-alpha * Math.log(x));
  const H = (x: number): number => {
    const lnx = Math.log(x);
    return expm1Ratio((1 - alpha) * lnx) * lnx;
  };
  const Hinv = (y: number): number => {
    const t = Math.max(-1, y * (1 - alpha));
    return Math.exp(log1pRatio(t) * y);
  };
  const hX1 = H(1.5) - 1;
  const hN = H(N + 0.5);
  const cut = 2 - Hinv(H(2.5) - h(2));
  return () => {
    for (;;) {
      const u = hN + rng.next() * (hX1 - hN);
      const x = Hinv(u);
      const r = Math.min(N, Math.max(1, Math.round(x)));
      if (r - x <= cut || u >= H(r + 0.5) - h(r)) return r - 1;
    }
  };
}

/** expm1(t)/t, 1 at t = 0 (a series near 0 keeps it accurate). */
function expm1Ratio(t: number): number {
  return Math.abs(t) > 1e-8 ? Math.expm1(t) / t : 1 + t * 0.5 * (1 + (t / 3) * (1 + t * 0.25));
}

/** log1p(t)/t, 1 at t = 0. */
function log1pRatio(t: number): number {
  return Math.abs(t) > 1e-8 ? Math.log1p(t) / t : 1 - t * (0.5 - t * (1 / 3 - t * 0.25));
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
    { name: "universe", description: "number of pages", kind: "int", default: 10_000, min: 1, max: 2 ** 31 - 1 },
    { name: "alpha", description: "skew exponent (0 = uniform)", kind: "number", default: 0.8, min: 0, max: 100 },
  ],
  generate: (p, seed) => zipfRequests(p.n as number, p.universe as number, p.alpha as number, seed),
  universe: (p) => p.universe as number,
};
