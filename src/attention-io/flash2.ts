import type { AttentionAlgorithm, AttentionShape, Blocks, HeadInputs, HeadOutputs } from "./algorithm.ts";
import type { Scratchpad } from "./machine.ts";
import { rectangularBlocks } from "./blocks.ts";
import { flash2Counts, flashFootprint } from "./closed-forms.ts";
import { addMatMulNT, fill, flash2Update, logSumExp, scale } from "./kernels.ts";

/**
 * FlashAttention-2 (Dao, arXiv 2307.08691, Algorithm 1; the loop order is credited there to
 * Tillet's Triton kernel): outer loop over Q blocks of br rows, inner loop over K/V blocks of bc
 * rows. O_i, ℓ_i, m_i never leave the scratchpad until the block is done; O_i is normalized once
 * and only O_i and L_i = m_i + log ℓ_i are written. I/O: {@link flash2Counts}; footprint:
 * {@link flashFootprint}. Defaults: the largest blocks that fit, with the least I/O
 * (`bestBlocks`). The count depends on T_r = ⌈N/br⌉ only, so that means the fewest Q
 * blocks; among the pairs with that T_r, the squarest maximal one — often a thin K/V block
 * (bc = 1 at N = 10⁶, d = 64, M = 65536), since a wider one only costs room for Q_i and O_i.
 * Pass `--br/--bc` for a GPU kernel's tiles (e.g. 128×64).
 */
export const flash2: AttentionAlgorithm = {
  name: "fa2",
  summary: "FlashAttention-2: Q-block outer loop, O kept on chip (Dao 2023, Alg. 1)",
  ...rectangularBlocks(
    (shape, b) => flashFootprint(shape.d, b.br, b.bc),
    (shape, b) => flash2Counts(shape.N, shape.d, b.br),
  ),
  schedule(m: Scratchpad, { Q, K, V }: HeadInputs, { N, d }: AttentionShape, { br, bc }: Blocks): HeadOutputs {
    const tau = 1 / Math.sqrt(d);
    const O = m.slow("O", N, d);
    const L = m.slow("L", 1, N);
    m.tiles(N, br, (i0, ni) => {
      const Qi = m.alloc("Q_i", ni * d);
      m.load(Qi, Q, i0, ni, 0, d);
      const Oi = m.alloc("O_i", ni * d);
      const li = m.alloc("l_i", ni);
      const mi = m.alloc("m_i", ni);
      m.compute([], () => fill(mi.data, ni, -Infinity));
      m.tiles(N, bc, (j0, nj) => {
        const Kj = m.alloc("K_j", nj * d);
        m.load(Kj, K, j0, nj, 0, d);
        const Vj = m.alloc("V_j", nj * d);
        m.load(Vj, V, j0, nj, 0, d);
        const S = m.alloc("S_ij", ni * nj);
        m.compute([Qi, Kj, Vj], () => {
          addMatMulNT(S.data, Qi.data, Kj.data, ni, nj, d);
          scale(S.data, ni * nj, tau);
          flash2Update(S.data, Oi.data, li.data, mi.data, Vj.data, ni, nj, d);
        });
        m.freeAll(S, Vj, Kj);
      });
      m.compute([], () => {
        const o = Oi.data;
        const l = li.data;
        for (let r = 0; r < ni; r++) for (let k = 0; k < d; k++) o[r * d + k] /= l[r];
        logSumExp(mi.data, l, ni);
      });
      m.store(Oi, O, i0, ni, 0, d);
      m.store(mi, L, 0, 1, i0, ni);
      m.freeAll(mi, li, Oi, Qi);
    });
    return { O, L };
  },
};
