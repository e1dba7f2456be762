import { InputError } from "../errors.ts";
import type { AttentionShape, Blocks, IoCount } from "./algorithm.ts";

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
 * The I/O-minimizing (br, bc) among all pairs with 1 ≤ br, bc ≤ N whose footprint is ≤ M, for a
 * schedule whose footprint grows with br and with bc and whose I/O does not grow with bc. For each
 * br only the largest fitting bc can be optimal, so one pass over br finds the optimum of the
 * exact count. Ties go to the squarer pair (larger min(br, bc)), then to the larger br.
 * Returns null if (1, 1) does not fit.
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
