import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
import { checkSeed } from "./checks.ts";
import type { NeverAgain } from "./never-again.ts";
import { perfectNextArrival } from "./perfect-next-arrival.ts";

const TWO_32 = 4294967296;

/** Options of {@link addLognormalNoise}. */
export interface LognormalNoiseOptions {
  /** σ ≥ 0 of the underlying normal; σ = 0 adds exactly 1 to every entry (e^0). */
  readonly sigma: number;
  /** Seed of the generator; same seed, same noise. */
  readonly seed: number;
}

/**
 * The standard normals z_0, …, z_{count−1} behind {@link addLognormalNoise} with this seed:
 * Box–Muller on pairs of 32-bit uniforms (u₁ ∈ (0, 1], u₂ ∈ [0, 1)), both halves used —
 * z_{2j} = r·cos θ, z_{2j+1} = r·sin θ with r = √(−2 ln u₁), θ = 2πu₂ — so |z| ≤ 6.67 and
 * z_t depends on the seed and t only (a prefix of a longer stream is the shorter stream).
 * Written into `into` when given (of length `count`: a study drawing once per run reuses one
 * buffer), else into a new array. O(count).
 */
export function standardNormals(count: number, seed: number, into?: Float64Array): Float64Array {
  if (!Number.isSafeInteger(count) || count < 0) throw new InputError(`normals: count must be an integer ≥ 0, got ${count}`);
  checkSeed(seed);
  if (into !== undefined && into.length !== count) throw new InputError(`normals: a buffer of ${into.length} for ${count} normals`);
  const z = into ?? new Float64Array(count);
  const rng = new Rng(seed);
  for (let t = 0; t < count; t += 2) {
    const u1 = (rng.nextU32() + 1) / TWO_32;
    const theta = (2 * Math.PI * rng.nextU32()) / TWO_32;
    const r = Math.sqrt(-2 * Math.log(u1));
    z[t] = r * Math.cos(theta);
    if (t + 1 < count) z[t + 1] = r * Math.sin(theta);
  }
  return z;
}

/**
 * `values[t] + e^{σ·normals[t]}` for every t: the lognormal step alone, for callers that reuse
 * one draw of {@link standardNormals} across a σ grid (what {@link addLognormalNoise} with the
 * same seed would give, bit for bit, without redrawing). Lengths must match. Written into `into`
 * when given (same length; a caller running many draws reuses its buffers), else a new array.
 * O(n), one `exp` per entry (none when σ = 0).
 */
export function applyLognormal(values: Float64Array, normals: Float64Array, sigma: number, into?: Float64Array): Float64Array {
  checkSigma(sigma);
  const n = values.length;
  if (normals.length !== n) throw new InputError(`lognormal noise: ${normals.length} normals for ${n} values`);
  if (into !== undefined && into.length !== n) throw new InputError(`lognormal noise: a buffer of ${into.length} for ${n} values`);
  const out = into ?? new Float64Array(n);
  if (sigma === 0) {
    for (let t = 0; t < n; t++) out[t] = values[t] + 1;
  } else {
    for (let t = 0; t < n; t++) out[t] = values[t] + Math.exp(sigma * normals[t]);
  }
  return out;
}

/**
 * `values[t] + e^{σ·z_t}` for every t, with z_t independent standard normals
 * ({@link standardNormals} of the seed) — the noise of the synthetic predictor of Antoniadis
 * et al. (ICML 2020; `PredRandom` adds `np.random.lognormal(0, σ)` to every entry, never-again
 * entries included, and so adds exactly 1 when σ = 0). Infinite entries stay infinite;
 * e^{σz} overflows to `Infinity` when σz > 709.78 (as numpy's does, e.g. for σ = 200 and
 * z > 3.55) and underflows to 0 when σz < −745. The z_t do not depend on σ or the values: one
 * seed gives coupled noise across a σ grid (common random numbers). O(n), a new Float64Array.
 */
export function addLognormalNoise(values: Float64Array, options: LognormalNoiseOptions): Float64Array {
  checkSigma(options.sigma);
  return applyLognormal(values, standardNormals(values.length, options.seed), options.sigma);
}

function checkSigma(sigma: number): void {
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new InputError(`lognormal noise: σ must be a finite number ≥ 0, got ${sigma}`);
}

/** Options of {@link syntheticNextArrival}. */
export interface SyntheticNextArrivalOptions extends LognormalNoiseOptions {
  /**
   * Never-again convention of the underlying oracle. Default `"study"` (10000·n), as in the
   * ACEPS experiments: with `Infinity`, a noisy recurring page can never look later than a
   * never-again page, which changes the results at large σ.
   */
  readonly neverAgain?: NeverAgain | undefined;
  /** Dense universe size (default: max page + 1). */
  readonly universe?: number | undefined;
}

/**
 * The literature's synthetic next-arrival predictor: the perfect oracle (never-again = 10000·n
 * by default) plus lognormal noise e^{N(0, σ²)} on every entry, exactly as `PredRandom` in
 * adampolak/mts-with-predictions (σ ∈ {0, 2, 5, 10, 20, 50, 100, 200} there, 10 runs). Every
 * entry is > t. O(n + universe). For a σ grid, compute the oracle once, draw
 * {@link standardNormals} once per seed and call {@link applyLognormal} per σ: the same arrays,
 * at less than half the cost (one `exp` per entry and σ).
 */
export function syntheticNextArrival(requests: Int32Array, options: SyntheticNextArrivalOptions): Float64Array {
  const perfect = perfectNextArrival(requests, { neverAgain: options.neverAgain ?? "study", universe: options.universe });
  return addLognormalNoise(perfect, options);
}
