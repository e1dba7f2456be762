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
 * For a schedule whose footprint grows with br and with bc and whose I/O grows with neither and
 * depends on br only through ⌈N/br⌉ (the number of row blocks), this returns the I/O-minimizing
 * (br, bc) among all pairs with 1 ≤ br, bc ≤ N and footprint ≤ M; ties go to the squarer pair
 * (larger min(br, bc)), then to the larger br. For each br only the largest fitting bc can be
 * optimal.
 *
 * The result is also *maximal* — "the largest that fit" in the only sense a pair has: neither
 * br + 1 nor bc + 1 fits (or it would exceed N). bc is the largest fitting one for its br by
 * construction; if (br + 1, bc) fitted, then (br + 1, bc′) with bc′ ≥ bc would cost no more and
 * win the tie-break, so it would have been chosen. Several maximal pairs usually exist (a wide
 * one and a tall one); the count decides between them. Returns null if (1, 1) does not fit.
 *
 * Fast for any N: the br with equal ⌈N/br⌉ form O(√N) intervals; within one, the largest
 * fitting bc falls as br grows, so the I/O rises, and the interval's least I/O is at its
 * smallest br. One pass over the intervals finds the least I/O; in each interval that attains
 * it, binary searches find the br with that I/O and, among them, the tie-break's winner — the
 * same pair as scanning every br (tested against that scan), in O(√N·log² N) footprint
 * evaluations instead of O(N·log N).
 */
export function bestBlocks(
  shape: AttentionShape,
  M: number,
  footprint: (b: Blocks) => number,
  counts: (b: Blocks) => IoCount,
): Blocks | null {
  const N = shape.N;
  const bcFor = (br: number): number => largestFitting(N, (x) => footprint({ br, bc: x }) <= M);
  const totalAt = (br: number, bc: number): number => {
    const c = counts({ br, bc });
    return c.reads + c.writes;
  };
  // The intervals of br with equal ⌈N/br⌉, up to the first br with no fitting bc.
  const intervals: [lo: number, hi: number, total: number][] = [];
  let least = Infinity;
  for (let lo = 1; lo <= N; ) {
    const hi = sameRowBlocksUpTo(N, lo);
    const bc = bcFor(lo);
    if (bc === 0) break; // footprints grow with br: no larger br fits either
    const total = totalAt(lo, bc);
    intervals.push([lo, hi, total]);
    if (total < least) least = total;
    lo = hi + 1;
  }
  let best: Blocks | null = null;
  for (const [lo, hi, total] of intervals) {
    if (total !== least) continue;
    // The br of [lo, hi] that still attain the least I/O form a prefix [lo, end].
    const end = lo - 1 + largestFitting(hi - lo + 1, (i) => {
      const bc = bcFor(lo + i - 1);
      return bc > 0 && totalAt(lo + i - 1, bc) === least;
    });
    const candidate = squarest(lo, end, bcFor);
    if (best === null || better(candidate, best)) best = candidate;
  }
  return best;
}

/** The largest br′ ≥ br with ⌈N/br′⌉ = ⌈N/br⌉, in the closed forms' own arithmetic. */
function sameRowBlocksUpTo(N: number, br: number): number {
  const q = Math.ceil(N / br);
  let hi = q === 1 ? N : Math.min(N, Math.ceil(N / (q - 1)) - 1);
  while (hi < N && Math.ceil(N / (hi + 1)) === q) hi++;
  while (hi > br && Math.ceil(N / hi) !== q) hi--;
  return hi;
}

/**
 * On [lo, end], with bc = bcFor(br) non-increasing in br: the br with the largest min(br, bc),
 * the largest such br on ties. min(br, bc) rises with br while br ≤ bc and falls after.
 */
function squarest(lo: number, end: number, bcFor: (br: number) => number): Blocks {
  const rising = largestFitting(end - lo + 1, (i) => lo + i - 1 <= bcFor(lo + i - 1));
  const last = lo + rising - 1; // the last br ≤ its bc, or lo − 1 if none
  let best: Blocks | null = rising > 0 ? { br: last, bc: bcFor(last) } : null;
  if (last + 1 <= end) {
    const m = bcFor(last + 1); // past `last`, min(br, bc) = bc, largest at last + 1
    const until = last + largestFitting(end - last, (i) => bcFor(last + i) >= m);
    const right = { br: until, bc: bcFor(until) };
    if (best === null || m >= Math.min(best.br, best.bc)) best = right;
  }
  return best!;
}

/** The tie-break between pairs of equal I/O: larger min(br, bc), then larger br. */
function better(a: Blocks, b: Blocks): boolean {
  const ma = Math.min(a.br, a.bc);
  const mb = Math.min(b.br, b.bc);
  return ma > mb || (ma === mb && a.br > b.br);
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
