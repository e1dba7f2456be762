import { InputError } from "../errors.ts";
import type { AttentionAlgorithm, AttentionShape, Blocks, HeadInputs, HeadOutputs } from "./algorithm.ts";
import type { Scratchpad } from "./machine.ts";
import { checkBlockRange, largestFitting } from "./blocks.ts";
import { squareTilingCounts, squareTilingFootprint } from "./closed-forms.ts";
import { fill, logSumExp, onlineRowStats, scale } from "./kernels.ts";
import { accumulateNN, accumulateNT } from "./tiled-matmul.ts";
import type { ChunkMap } from "./tiled-matmul.ts";

/**
 * Saha & Ye's SquareTilingAttention (ICML 2024, arXiv 2402.07443, Algorithm 1; Theorem 3.5:
 * O(N²d/√M) I/O), the optimal schedule for M < d² (their Theorem 3.7 gives the matching
 * Ω(N²d/√M)). Every tile is b×b, including along d.
 *
 * Phase 1 computes each b×b block of scaled scores from b×b tiles of Q and K, writes it raw, and
 * keeps each row block's running max and sum on chip, writing L = m + log ℓ at the end of the row
 * block. Phase 2 computes each b×b output block from score and V tiles, applying
 * P = exp(S − L) as the score tiles arrive. The paper writes exp(S) and the row sums instead and
 * has no max shift; storing raw S and L gives the same counts and is safe for any input.
 *
 * The paper takes b = ⌊√(M/4)⌋ (its cache holds ≤ 3b² + b); this schedule holds
 * b² + 2b·min(b, d) + 2b words ({@link squareTilingFootprint}), and the default is the
 * largest b with that footprint ≤ M — which is also the least-I/O choice, as the count
 * ({@link squareTilingCounts}) does not grow with b.
 */
export const squareTiling: AttentionAlgorithm = {
  name: "square",
  summary: "Saha-Ye square tiling, optimal for M < d^2 (ICML 2024, Alg. 1)",
  squareTiles: true,
  footprint: (shape, b) => squareTilingFootprint(shape.d, b.br),
  closedForm: (shape, b) => squareTilingCounts(shape.N, shape.d, b.br),
  defaultBlocks(shape, M) {
    const b = largestFitting(shape.N, (x) => squareTilingFootprint(shape.d, x) <= M);
    return b === 0 ? null : { br: b, bc: b };
  },
  checkBlocks(shape, blocks) {
    checkBlockRange(shape, blocks);
    if (blocks.br !== blocks.bc) {
      throw new InputError(`square tiling uses one tile side: --br ${blocks.br} and --bc ${blocks.bc} differ`);
    }
  },
  schedule(m: Scratchpad, { Q, K, V }: HeadInputs, { N, d }: AttentionShape, { br: b }: Blocks): HeadOutputs {
    const tau = 1 / Math.sqrt(d);
    const S = m.slow("S", N, N);
    const L = m.slow("L", 1, N);
    const O = m.slow("O", N, d);
    // Phase 1: scores, and the row log-sum-exp.
    m.tiles(N, b, (i0, ni) => {
      const mi = m.alloc("m_i", ni);
      const li = m.alloc("l_i", ni);
      m.compute([], () => fill(mi.data, ni, -Infinity));
      m.tiles(N, b, (j0, nj) => {
        const A = m.alloc("S block", ni * nj);
        accumulateNT(m, A, Q, i0, ni, K, j0, nj, b);
        m.compute([], () => {
          scale(A.data, ni * nj, tau);
          onlineRowStats(A.data, li.data, mi.data, ni, nj);
        });
        m.store(A, S, i0, ni, j0, nj);
        m.free(A);
      });
      m.compute([], () => logSumExp(mi.data, li.data, ni));
      m.store(mi, L, 0, 1, i0, ni);
      m.freeAll(li, mi);
    });
    // Phase 2: O = exp(S − L)·V, block by block.
    m.tiles(N, b, (i0, ni) => {
      const Li = m.alloc("L_i", ni);
      m.load(Li, L, 0, 1, i0, ni);
      const probabilities: ChunkMap = {
        uses: [Li],
        apply(a, rows, nk) {
          const l = Li.data;
          for (let r = 0; r < rows; r++) for (let c = 0; c < nk; c++) a[r * nk + c] = Math.exp(a[r * nk + c] - l[r]);
        },
      };
      m.tiles(d, b, (j0, nj) => {
        const Ot = m.alloc("O block", ni * nj);
        accumulateNN(m, Ot, S, i0, ni, V, j0, nj, b, probabilities);
        m.store(Ot, O, i0, ni, j0, nj);
        m.free(Ot);
      });
      m.free(Li);
    });
    return { O, L };
  },
};
