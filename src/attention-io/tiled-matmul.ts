import type { Scratchpad, SlowArray, Tile } from "./machine.ts";
import { addMatMulNN, addMatMulNT } from "./kernels.ts";

/**
 * C += A[i0 : i0+ni, :] · B[j0 : j0+nj, :]ᵀ with the ni×nj output tile C resident, streaming the
 * inner dimension (A.cols = B.cols = K) in chunks of bk: one chunk of each operand on chip at a
 * time, C + bk·(ni + nj) words in all.
 *
 * I/O: (ni + nj)·K words read, whatever bk is — every operand word of the tile is loaded once —
 * so a schedule picks bk to fill the scratchpad, not to save traffic. Nothing is written.
 */
export function accumulateNT(
  mach: Scratchpad, C: Tile, A: SlowArray, i0: number, ni: number, B: SlowArray, j0: number, nj: number, bk: number,
): void {
  mach.tiles(A.cols, bk, (k0, nk) => {
    const At = mach.alloc(`${A.name} chunk`, ni * nk);
    mach.load(At, A, i0, ni, k0, nk);
    const Bt = mach.alloc(`${B.name} chunk`, nj * nk);
    mach.load(Bt, B, j0, nj, k0, nk);
    mach.compute([At, Bt], () => addMatMulNT(C.data, At.data, Bt.data, ni, nj, nk));
    mach.freeAll(Bt, At);
  });
}

/**
 * An elementwise map applied to each A chunk on chip before it is multiplied (square tiling turns
 * raw scores into probabilities this way). `uses` are the resident tiles it reads, traced before
 * the chunks.
 */
export interface ChunkMap {
  readonly uses: readonly Tile[];
  /** Rewrite the ni×nk chunk `a` (row-major) in place. */
  apply(a: Float64Array, ni: number, nk: number): void;
}

/**
 * C += f(A[i0 : i0+ni, :]) · B[:, j0 : j0+nj] with the ni×nj output tile C resident, streaming the
 * inner dimension (A.cols = B.rows = K) in chunks of bk, where f is `map` (identity if absent).
 *
 * I/O: (ni + nj)·K words read, whatever bk is; nothing is written.
 */
export function accumulateNN(
  mach: Scratchpad, C: Tile, A: SlowArray, i0: number, ni: number, B: SlowArray, j0: number, nj: number, bk: number,
  map?: ChunkMap,
): void {
  mach.tiles(A.cols, bk, (k0, nk) => {
    const At = mach.alloc(`${A.name} chunk`, ni * nk);
    mach.load(At, A, i0, ni, k0, nk);
    const Bt = mach.alloc(`${B.name} chunk`, nk * nj);
    mach.load(Bt, B, k0, nk, j0, nj);
    mach.compute(map ? [...map.uses, At, Bt] : [At, Bt], () => {
      map?.apply(At.data, ni, nk);
      addMatMulNN(C.data, At.data, Bt.data, ni, nj, nk);
    });
    mach.freeAll(Bt, At);
  });
}
