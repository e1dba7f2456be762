import { InputError } from "../errors.ts";
import type { AttentionAlgorithm, AttentionShape, Blocks, IoCount } from "./algorithm.ts";

/**
 * The largest x in [1, hi] with `fits(x)`, for a predicate that is true up to some point and
 * false after it (footprints grow with block size); 0 if `fits(1)` is false.
 */
export function largestFitting(hi: number, fits: (x: number) => boolean): number {
  if (hi < 1 || !fits(1)) return 0;
  let lo = 1;
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The default blocks: the largest that fit in M, and among those the least traffic.
 *
 * For a schedule whose footprint grows with br and with bc and whose I/O grows with neither, this
 * returns the I/O-minimizing (br, bc) among all pairs with 1 ≤ br, bc ≤ N and footprint ≤ M; ties
 * go to the squarer pair (larger min(br, bc)), then to the larger br. For each br only the
 * largest fitting bc can be optimal, so one pass over br finds the optimum of the exact count.
 *
 * The result is also *maximal* — "the largest that fit" in the only sense a pair has: neither
 * br + 1 nor bc + 1 fits (or it would exceed N). bc is the largest fitting one for its br by
 * construction; if (br + 1, bc) fitted, then (br + 1, bc′) with bc′ ≥ bc would cost no more and
 * win the tie-break, so it would have been chosen. Several maximal pairs usually exist (a wide
 * one and a tall one); the count decides between them. Returns null if (1, 1) does not fit.
 */
export function bestBlocks(
  shape: AttentionShape,
  M: number,
  footprint: (b: Blocks) => number,
  counts: (b: Blocks) => IoCount,
): Blocks | null {
  let best: Blocks | null = null;
  let bestTotal = Infinity;
  for (let br = 1; br <= shape.N; br++) {
    const bc = largestFitting(shape.N, (x) => footprint({ br, bc: x }) <= M);
    if (bc === 0) break; // footprints grow with br: no larger br fits either
    const c = counts({ br, bc });
    const total = c.reads + c.writes;
    const better =
      total < bestTotal ||
      (total === bestTotal && best !== null &&
        (Math.min(br, bc) > Math.min(best.br, best.bc) || (Math.min(br, bc) === Math.min(best.br, best.bc) && br > best.br)));
    if (better) {
      best = { br, bc };
      bestTotal = total;
    }
  }
  return best;
}

/** Reject block sizes outside [1, N] with an InputError naming the option. */
export function checkBlockRange(shape: AttentionShape, blocks: Blocks): void {
  for (const [name, v] of [["br", blocks.br], ["bc", blocks.bc]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new InputError(`--${name} must be a positive integer, got ${v}`);
    if (v > shape.N) throw new InputError(`--${name} ${v} exceeds N = ${shape.N}`);
  }
}

/**
 * The block-size members of an algorithm whose br and bc are independent (standard attention,
 * FlashAttention 1 and 2), from its footprint and its exact count: defaults by {@link bestBlocks},
 * user blocks checked by {@link checkBlockRange}. The footprint must grow with br and bc and the
 * count grow with neither, as {@link bestBlocks} requires.
 */
export function rectangularBlocks(
  footprint: (shape: AttentionShape, blocks: Blocks, M: number) => number,
  closedForm: (shape: AttentionShape, blocks: Blocks, M: number) => IoCount,
): Pick<AttentionAlgorithm, "squareTiles" | "footprint" | "closedForm" | "defaultBlocks" | "checkBlocks"> {
  return {
    squareTiles: false,
    footprint,
    closedForm,
    defaultBlocks: (shape, M) => bestBlocks(shape, M, (b) => footprint(shape, b, M), (b) => closedForm(shape, b, M)),
    checkBlocks: checkBlockRange,
  };
}
