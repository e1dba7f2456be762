import type { AttentionAlgorithm, AttentionShape, Blocks, HeadInputs, HeadOutputs } from "./algorithm.ts";
import type { Scratchpad } from "./machine.ts";
import { rectangularBlocks } from "./blocks.ts";
import { flash1Counts, flashFootprint } from "./closed-forms.ts";
import { addMatMulNT, fill, flash1Update, scale } from "./kernels.ts";

/**
 * FlashAttention-1 as written in Dao et al. (NeurIPS 2022, Algorithm 1, with the 1/√d scale of
 * their Algorithm 2): O = 0, ℓ = 0, m = −∞ initialised in slow memory; outer loop over K/V
 * blocks of bc rows; inner loop over Q blocks of br rows, each reading Q_i, O_i, ℓ_i, m_i and
 * writing O_i, ℓ_i, m_i back. I/O: {@link flash1Counts}; footprint: {@link flashFootprint}.
 *
 * The paper's block sizes bc = ⌈M/4d⌉, br = min(⌈M/4d⌉, d) overflow M words (at M = 4d² the
 * footprint is 1.25M + 2d), so the defaults here are the largest blocks that really fit, with the
 * least I/O (`bestBlocks`). The count depends on T_c = ⌈N/bc⌉ only, so that means the
 * fewest K/V passes; among the pairs with that T_c, the squarest maximal one (at M ≪ d² the
 * footprint leaves room only for a thin Q block).
 */
export const flash1: AttentionAlgorithm = {
  name: "fa1",
  summary: "FlashAttention-1: K/V-block outer loop, O/l/m round trip per pass (Dao et al. 2022, Alg. 1)",
  ...rectangularBlocks(
    (shape, b) => flashFootprint(shape.d, b.br, b.bc),
    (shape, b) => flash1Counts(shape.N, shape.d, b.bc),
  ),
  schedule(m: Scratchpad, { Q, K, V }: HeadInputs, { N, d }: AttentionShape, { br, bc }: Blocks): HeadOutputs {
    const tau = 1 / Math.sqrt(d);
    const O = m.slow("O", N, d);
    const ell = m.slow("l", 1, N);
    const mx = m.slow("m", 1, N);
    // Line 2: initialise O, ℓ, m in slow memory.
    m.tiles(N, br, (i0, ni) => {
      const zeros = m.alloc("O_i init", ni * d);
      m.store(zeros, O, i0, ni, 0, d);
      const v = m.alloc("l_i/m_i init", ni);
      m.store(v, ell, 0, 1, i0, ni);
      m.compute([], () => fill(v.data, ni, -Infinity));
      m.store(v, mx, 0, 1, i0, ni);
      m.freeAll(v, zeros);
    });
    m.tiles(N, bc, (j0, nj) => {
      const Kj = m.alloc("K_j", nj * d);
      m.load(Kj, K, j0, nj, 0, d);
      const Vj = m.alloc("V_j", nj * d);
      m.load(Vj, V, j0, nj, 0, d);
      m.tiles(N, br, (i0, ni) => {
        const Qi = m.alloc("Q_i", ni * d);
        m.load(Qi, Q, i0, ni, 0, d);
        const Oi = m.alloc("O_i", ni * d);
        m.load(Oi, O, i0, ni, 0, d);
        const li = m.alloc("l_i", ni);
        m.load(li, ell, 0, 1, i0, ni);
        const mi = m.alloc("m_i", ni);
        m.load(mi, mx, 0, 1, i0, ni);
        const S = m.alloc("S_ij", ni * nj);
        m.compute([Qi, Kj, Vj, Oi, li, mi], () => {
          addMatMulNT(S.data, Qi.data, Kj.data, ni, nj, d);
          scale(S.data, ni * nj, tau);
          flash1Update(S.data, Oi.data, li.data, mi.data, Vj.data, ni, nj, d);
        });
        m.store(Oi, O, i0, ni, 0, d);
        m.store(li, ell, 0, 1, i0, ni);
        m.store(mi, mx, 0, 1, i0, ni);
        m.freeAll(S, mi, li, Oi, Qi);
      });
      m.freeAll(Vj, Kj);
    });
    return { O };
  },
};
