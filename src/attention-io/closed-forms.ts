/**
 * Exact slow-memory traffic (words, one head) of each schedule in this folder, derived from the
 * loop structure with edge tiles counted exactly. Tests check them against the machine's counts
 * for every algorithm across shapes, block sizes and M, so a change to a schedule that changes
 * its I/O fails until the formula here is re-derived.
 *
 * Notation: ⌈x⌉ is the ceiling; a loop "over tiles of size b of [0, n)" has ⌈n/b⌉ iterations whose
 * sizes sum to n, which is what makes every sum below collapse exactly.
 * @module
 */
import type { IoCount } from "./algorithm.ts";

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/**
 * Standard attention (Dao et al. 2022, Algorithm 0) with tiled matmuls.
 *
 * 1. S = τ·Q·Kᵀ: for each output tile (rows i of size r_i ≤ br, columns j of size c_j ≤ bc) the
 *    inner dimension d is streamed in chunks; the chunks of one tile read r_i·d words of Q and
 *    c_j·d of K. Summing over the ⌈N/br⌉·⌈N/bc⌉ tiles: Σ_i Σ_j (r_i + c_j)·d = Nd·⌈N/bc⌉ + Nd·⌈N/br⌉
 *    reads; every entry of S is written once: N² writes.
 * 2. P = softmax(S) by rows: if a row fits (N ≤ M) rows are read once and P written once (N² + N²);
 *    otherwise each row is read twice — once for the online max and sum, once to normalize — and
 *    written once (2N² + N²).
 * 3. O = P·V with output tiles br × b₃, b₃ = min(bc, d): each output tile (i, j) reads r_i·N words
 *    of P and N·c_j of V, so Σ_i Σ_j = N²·⌈d/b₃⌉ + Nd·⌈N/br⌉ reads, and Nd writes.
 *
 * Total reads = Nd(2⌈N/br⌉ + ⌈N/bc⌉) + (1 or 2)·N² + N²⌈d/b₃⌉; writes = 2N² + Nd.
 * With br = bc = Θ(√M) and M ≥ d² this is Θ(N² + Nd), Dao et al.'s Theorem 2 for Algorithm 0.
 */
export function standardCounts(N: number, d: number, br: number, bc: number, M: number): IoCount {
  const b3 = Math.min(bc, d);
  const softmaxReads = N <= M ? N * N : 2 * N * N;
  return {
    reads: N * d * (2 * ceilDiv(N, br) + ceilDiv(N, bc)) + softmaxReads + N * N * ceilDiv(d, b3),
    writes: 2 * N * N + N * d,
  };
}

/**
 * FlashAttention-1 as written (Dao et al. 2022, Algorithm 1, with the 1/√d scale of their
 * Algorithm 2): O = 0, ℓ = 0, m = −∞ are first written to slow memory (Nd + 2N writes). The outer
 * loop over the T_c = ⌈N/bc⌉ K/V blocks reads K and V once in total (2Nd). For each of them, the
 * inner loop over all Q blocks reads Q_i, O_i, ℓ_i, m_i (2Nd + 2N per outer iteration) and writes
 * back O_i, ℓ_i, m_i (Nd + 2N).
 *
 * reads = 2Nd + T_c·(2Nd + 2N); writes = (1 + T_c)·(Nd + 2N).
 * With T_c ≈ 4Nd/M (the paper's bc = ⌈M/4d⌉) this is ≈ 12N²d²/M — Θ(N²d²/M), their Theorem 2.
 */
export function flash1Counts(N: number, d: number, bc: number): IoCount {
  const Tc = ceilDiv(N, bc);
  return { reads: 2 * N * d + Tc * (2 * N * d + 2 * N), writes: (1 + Tc) * (N * d + 2 * N) };
}

/**
 * FlashAttention-2 (Dao 2023, Algorithm 1): the outer loop runs over the T_r = ⌈N/br⌉ Q blocks,
 * each read once (Nd in total); for each, the inner loop reads all of K and V (2Nd). O_i, ℓ_i,
 * m_i stay on chip and only O_i and L_i = m_i + log ℓ_i are written.
 *
 * reads = Nd + 2Nd·T_r; writes = Nd + N.
 * With br ≈ M/(2d) (bc small) this is ≈ 4N²d²/M.
 */
export function flash2Counts(N: number, d: number, br: number): IoCount {
  return { reads: N * d + 2 * N * d * ceilDiv(N, br), writes: N * d + N };
}

/**
 * Saha & Ye's SquareTilingAttention (ICML 2024, Algorithm 1) with square tiles of side b,
 * T_N = ⌈N/b⌉, T_d = ⌈d/b⌉, storing the scaled raw scores and the row log-sum-exp L instead of
 * exp(S) and the row sums (so the max shift costs no extra I/O).
 *
 * Phase 1, for each score block (i, j) and each d-chunk ℓ: read Q[i, ℓ] and K[j, ℓ]; summed, each
 * score block reads (r_i + c_j)·d words: Σ_i Σ_j = 2Nd·T_N. Write every score once (N²) and L (N).
 * Phase 2, for each row block i: read L_i (N in total); for each output block (i, j) and each
 * k-block: read S[i, k] and V[k, j]: Σ = N²·T_d + Nd·T_N. Write O (Nd).
 *
 * reads = 3Nd·T_N + N²·T_d + N; writes = N² + Nd + N — the notes' count, ≈ 8N²d/√M + N² + Nd at
 * b ≈ √(M/4) and M < d², i.e. Θ(N²d/√M) (Saha–Ye Theorem 3.5).
 */
export function squareTilingCounts(N: number, d: number, b: number): IoCount {
  const TN = ceilDiv(N, b);
  const Td = ceilDiv(d, b);
  return { reads: 3 * N * d * TN + N * N * Td + N, writes: N * N + N * d + N };
}

/** Scratchpad words FlashAttention 1 and 2 hold at once: K_j, V_j, Q_i, O_i, the br×bc scores, ℓ_i and m_i. */
export function flashFootprint(d: number, br: number, bc: number): number {
  return 2 * d * (br + bc) + br * bc + 2 * br;
}

/**
 * Scratchpad words square tiling holds at once (phase 1, the larger phase): the b×b score
 * block, a Q and a K tile of b × min(b, d), and the running row max and sum (2b).
 */
export function squareTilingFootprint(d: number, b: number): number {
  return b * b + 2 * b * Math.min(b, d) + 2 * b;
}
