import type { AttentionAlgorithm, AttentionShape, Blocks, HeadInputs, HeadOutputs } from "./algorithm.ts";
import type { Scratchpad, SlowArray } from "./machine.ts";
import { rectangularBlocks } from "./blocks.ts";
import { standardCounts } from "./closed-forms.ts";
import { scale } from "./kernels.ts";
import { accumulateNN, accumulateNT } from "./tiled-matmul.ts";

/**
 * The chunk of the inner dimension a tiled matmul streams: with a br×bc output tile resident,
 * the largest k-chunk whose two operand tiles also fit, capped at the inner size. The I/O of the
 * matmul does not depend on it (every operand word of a tile is read once per tile), so it just
 * fills what is left of M; 0 means the tile does not fit even with one column.
 */
export function innerChunk(M: number, br: number, bc: number, inner: number): number {
  return Math.max(0, Math.min(inner, Math.floor((M - br * bc) / (br + bc))));
}

/**
 * Scratchpad words of standard attention: the largest of its three steps. Step 1 (S = τQKᵀ) holds
 * a br×bc output tile and k-chunks of Q and K; step 2 (softmax) holds ⌊M/N⌋ whole rows when a
 * row fits, else an M-word chunk of one row; step 3 (O = PV) holds a br×min(bc, d) output tile
 * and k-chunks of P and V. If even a 1-wide chunk does not fit, returns the footprint with a
 * 1-wide chunk (> M).
 */
export function standardFootprint({ N, d }: AttentionShape, { br, bc }: Blocks, M: number): number {
  const bk1 = innerChunk(M, br, bc, d);
  if (bk1 < 1) return br * bc + br + bc;
  const b3 = Math.min(bc, d);
  const bk3 = innerChunk(M, br, b3, N);
  const step1 = br * bc + bk1 * (br + bc);
  const step2 = N <= M ? Math.min(N, Math.floor(M / N)) * N : M;
  const step3 = br * b3 + bk3 * (br + b3);
  return Math.max(step1, step2, step3);
}

/** C = s·A·Bᵀ (A: m×k, B: n×k) in br×bc output tiles, streaming k in chunks of bk. */
function tiledMatMulNT(mach: Scratchpad, A: SlowArray, B: SlowArray, C: SlowArray, br: number, bc: number, bk: number, s: number): void {
  mach.tiles(A.rows, br, (i0, ni) => {
    mach.tiles(B.rows, bc, (j0, nj) => {
      const Ct = mach.alloc("S tile", ni * nj);
      accumulateNT(mach, Ct, A, i0, ni, B, j0, nj, bk);
      mach.compute([], () => scale(Ct.data, ni * nj, s));
      mach.store(Ct, C, i0, ni, j0, nj);
      mach.free(Ct);
    });
  });
}

/** C = A·B (A: m×k, B: k×n) in br×bc output tiles, streaming k in chunks of bk. */
function tiledMatMulNN(mach: Scratchpad, A: SlowArray, B: SlowArray, C: SlowArray, br: number, bc: number, bk: number): void {
  mach.tiles(A.rows, br, (i0, ni) => {
    mach.tiles(B.cols, bc, (j0, nj) => {
      const Ct = mach.alloc("O tile", ni * nj);
      accumulateNN(mach, Ct, A, i0, ni, B, j0, nj, bk);
      mach.store(Ct, C, i0, ni, j0, nj);
      mach.free(Ct);
    });
  });
}

/**
 * Row softmax P = softmax(S) with the max shift. When a row fits, ⌊M/N⌋ rows at a time: read,
 * normalize, write. Otherwise row by row in M-word chunks, twice: the first pass keeps the
 * running max and sum in two registers (online normalizer, Milakov & Gimelshein 2018), the
 * second normalizes and writes.
 */
function softmaxRows(mach: Scratchpad, S: SlowArray, P: SlowArray, M: number): void {
  const N = S.cols;
  if (N <= M) {
    mach.tiles(S.rows, Math.min(S.rows, Math.floor(M / N)), (r0, nr) => {
      const t = mach.alloc("S rows", nr * N);
      mach.load(t, S, r0, nr, 0, N);
      mach.compute([t], () => {
        const x = t.data;
        for (let r = 0; r < nr; r++) {
          const o = r * N;
          let mx = -Infinity;
          for (let c = 0; c < N; c++) if (x[o + c] > mx) mx = x[o + c];
          let sum = 0;
          for (let c = 0; c < N; c++) sum += x[o + c] = Math.exp(x[o + c] - mx);
          for (let c = 0; c < N; c++) x[o + c] /= sum;
        }
      });
      mach.store(t, P, r0, nr, 0, N);
      mach.free(t);
    });
    return;
  }
  mach.tiles(S.rows, 1, (r) => {
    let mx = -Infinity;
    let sum = 0;
    mach.tiles(N, M, (c0, nc) => {
      const t = mach.alloc("S row chunk", nc);
      mach.load(t, S, r, 1, c0, nc);
      mach.compute([t], () => {
        const x = t.data;
        let m2 = mx;
        for (let c = 0; c < nc; c++) if (x[c] > m2) m2 = x[c];
        let s2 = 0;
        for (let c = 0; c < nc; c++) s2 += Math.exp(x[c] - m2);
        sum = sum * Math.exp(mx - m2) + s2;
        mx = m2;
      });
      mach.free(t);
    });
    mach.tiles(N, M, (c0, nc) => {
      const t = mach.alloc("S row chunk", nc);
      mach.load(t, S, r, 1, c0, nc);
      mach.compute([t], () => {
        const x = t.data;
        for (let c = 0; c < nc; c++) x[c] = Math.exp(x[c] - mx) / sum;
      });
      mach.store(t, P, r, 1, c0, nc);
      mach.free(t);
    });
  });
}

/**
 * Standard attention, Dao et al. 2022 Algorithm 0: S = QKᵀ/√d, P = softmax(S) and O = PV, each
 * materialized in slow memory, with both matmuls tiled (br×bc output tiles, br×min(bc, d) for
 * PV). I/O: {@link standardCounts}; footprint: {@link standardFootprint}. Defaults: the largest
 * (br, bc) that fit, with the least I/O (`bestBlocks`). For M ≥ d² the total is Θ(N² + Nd) (the paper's Theorem 2); for
 * M < d² the QKᵀ step costs Θ(N²d/√M), as every matmul-based algorithm must (Saha–Ye Thm 3.7).
 */
export const standard: AttentionAlgorithm = {
  name: "standard",
  summary: "standard attention: S, P materialized, tiled matmuls (Dao et al. 2022, Alg. 0)",
  ...rectangularBlocks(standardFootprint, (shape, b, M) => standardCounts(shape.N, shape.d, b.br, b.bc, M)),
  schedule(m: Scratchpad, { Q, K, V }: HeadInputs, { N, d }: AttentionShape, { br, bc }: Blocks): HeadOutputs {
    const S = m.slow("S", N, N);
    const P = m.slow("P", N, N);
    const O = m.slow("O", N, d);
    const b3 = Math.min(bc, d);
    // A k-chunk of 0 means the blocks do not fit; clamp to 1 so the overflow is reported by alloc.
    tiledMatMulNT(m, Q, K, S, br, bc, Math.max(1, innerChunk(m.M, br, bc, d)), 1 / Math.sqrt(d));
    softmaxRows(m, S, P, m.M);
    tiledMatMulNN(m, P, V, O, br, b3, Math.max(1, innerChunk(m.M, br, b3, N)));
    return { O };
  },
};
