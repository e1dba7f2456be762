import { Rng } from "../paging/core/rng.ts";

/**
 * Reference attention for one head, in Float64, straight from the definition:
 * O = softmax(QKᵀ/√d)·V with the max-shift convention
 * P_ij = exp(s_ij − max_k s_ik) / Σ_k exp(s_ik − max_k s_ik), s_ij = (q_i·k_j)/√d,
 * and the row log-sum-exp L_i = max_k s_ik + log Σ_k exp(s_ik − max_k s_ik) = log Σ_k exp(s_ik).
 * The shift changes no value mathematically (softmax is shift-invariant); it keeps exp from
 * overflowing, so every kernel here applies one too (a running max for the FlashAttention kernels,
 * the log-sum-exp for square tiling). Q, K, V are N×d row-major.
 */
export function referenceAttention(
  Q: Float64Array, K: Float64Array, V: Float64Array, N: number, d: number,
): { O: Float64Array; L: Float64Array } {
  const tau = 1 / Math.sqrt(d);
  const O = new Float64Array(N * d);
  const L = new Float64Array(N);
  const s = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let mx = -Infinity;
    for (let j = 0; j < N; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += Q[i * d + k] * K[j * d + k];
      s[j] = dot * tau;
      if (s[j] > mx) mx = s[j];
    }
    let sum = 0;
    for (let j = 0; j < N; j++) sum += s[j] = Math.exp(s[j] - mx);
    for (let j = 0; j < N; j++) {
      const p = s[j] / sum;
      for (let k = 0; k < d; k++) O[i * d + k] += p * V[j * d + k];
    }
    L[i] = mx + Math.log(sum);
  }
  return { O, L };
}

/** Inputs of one head. */
export interface HeadData {
  /** Queries, N×d row-major. */
  readonly Q: Float64Array;
  /** Keys, N×d row-major. */
  readonly K: Float64Array;
  /** Values, N×d row-major. */
  readonly V: Float64Array;
}

/**
 * Seeded Gaussian inputs for `heads` heads of N×d: entries are σ·N(0, 1). A large σ (say 20)
 * gives scores far beyond exp's range, which only a max-shifted kernel survives.
 */
export function randomHeads(N: number, d: number, heads: number, seed: number, sigma = 1): HeadData[] {
  const rng = new Rng(seed);
  const draw = () => {
    const x = new Float64Array(N * d);
    for (let i = 0; i < x.length; i++) x[i] = sigma * rng.normal();
    return x;
  };
  return Array.from({ length: heads }, () => ({ Q: draw(), K: draw(), V: draw() }));
}

/** max_i |a_i − b_i| / max(1, max_i |b_i|): the error measure the tests bound. */
export function maxRelativeError(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let err = 0;
  let norm = 1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (Number.isNaN(e)) return Infinity;
    if (e > err) err = e;
    norm = Math.max(norm, Math.abs(b[i]));
  }
  return err / norm;
}
