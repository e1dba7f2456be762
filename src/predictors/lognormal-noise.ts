import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
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
 * `values[t] + e^{σ·z_t}` for every t, with z_t independent standard normals — the noise of the
 * synthetic predictor of Antoniadis et al. (ICML 2020; `PredRandom` adds
 * `np.random.lognormal(0, σ)` to every entry, never-again entries included, and so adds 1 when
 * σ = 0). Infinite entries stay infinite; e^{σz} overflows to `Infinity` when σz > 709.78 (as
 * numpy's does, e.g. for σ = 200 and z > 3.55) and underflows to 0 when σz < −745.
 *
 * The normals come from Box–Muller on pairs of 32-bit uniforms (u₁ ∈ (0, 1], u₂ ∈ [0, 1)),
 * both halves used: z_{2j} = r·cos θ, z_{2j+1} = r·sin θ with r = √(−2 ln u₁), θ = 2πu₂, so
 * |z| ≤ 6.67. The z_t depend only on the seed and t, not on σ or the values: one seed gives
 * coupled noise across a σ grid (common random numbers). O(n), a new Float64Array.
 */
export function addLognormalNoise(values: Float64Array, options: LognormalNoiseOptions): Float64Array {
  const { sigma, seed } = options;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new InputError(`lognormal noise: σ must be a finite number ≥ 0, got ${sigma}`);
  checkSeed(seed);
  const n = values.length;
  const out = new Float64Array(n);
  const rng = new Rng(seed);
  for (let t = 0; t < n; t += 2) {
    const u1 = (rng.nextU32() + 1) / TWO_32;
    const theta = (2 * Math.PI * rng.nextU32()) / TWO_32;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[t] = values[t] + Math.exp(sigma * r * Math.cos(theta));
    if (t + 1 < n) out[t + 1] = values[t + 1] + Math.exp(sigma * r * Math.sin(theta));
  }
  return out;
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
 * entry is > t. O(n + universe).
 */
export function syntheticNextArrival(requests: Int32Array, options: SyntheticNextArrivalOptions): Float64Array {
  const perfect = perfectNextArrival(requests, { neverAgain: options.neverAgain ?? "study", universe: options.universe });
  return addLognormalNoise(perfect, options);
}

/** A seed must be a safe integer (the generator's contract). */
export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new InputError(`seed must be a safe integer, got ${seed}`);
}
