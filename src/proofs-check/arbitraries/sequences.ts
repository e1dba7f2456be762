import fc from "fast-check";
import { InputError } from "../../errors.ts";

/**
 * fast-check arbitraries of request sequences (σ as an `Int32Array` of dense page ids) for
 * property tests of paging algorithms. Each shrinks towards short sequences over few pages — the
 * shape of a readable counterexample — and is deterministic given fast-check's seed.
 */

/** Length bounds shared by the sequence arbitraries. */
export interface LengthOptions {
  /** Fewest requests (default 0). */
  readonly minLength?: number;
  /** Most requests (default 40; at most {@link MAX_ARBITRARY_LENGTH}). */
  readonly maxLength?: number;
}

/** The longest sequence an arbitrary here generates: property tests want many small instances. */
export const MAX_ARBITRARY_LENGTH = 1 << 16;
/** The largest universe of {@link zipfSequences}, whose inverse-CDF table has one entry per page. */
export const MAX_ZIPF_UNIVERSE = 1 << 16;

function lengths(what: string, options: LengthOptions): { minLength: number; maxLength: number } {
  const minLength = options.minLength ?? 0;
  const maxLength = options.maxLength ?? Math.max(40, minLength);
  checkInt(what, "minLength", minLength, 0, MAX_ARBITRARY_LENGTH);
  checkInt(what, "maxLength", maxLength, minLength, MAX_ARBITRARY_LENGTH);
  return { minLength, maxLength };
}

function checkInt(what: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`${what}: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Cache sizes k in [min, max] (defaults 1 and 8), shrinking towards `min`.
 * @throws InputError unless 1 ≤ min ≤ max are integers.
 */
export function cacheSizes(options: { readonly min?: number; readonly max?: number } = {}): fc.Arbitrary<number> {
  const min = options.min ?? 1;
  const max = options.max ?? Math.max(8, min);
  checkInt("cacheSizes", "min", min, 1, 2 ** 31 - 1);
  checkInt("cacheSizes", "max", max, min, 2 ** 31 - 1);
  return fc.integer({ min, max });
}

/**
 * Requests drawn uniformly from `0..universe-1`. Shrinks towards fewer requests and lower page
 * ids, so a counterexample uses as few distinct pages as it can.
 * @throws InputError for a universe < 1 or bad length bounds.
 */
export function uniformSequences(options: LengthOptions & { readonly universe: number }): fc.Arbitrary<Int32Array> {
  checkInt("uniformSequences", "universe", options.universe, 1, 2 ** 31 - 1);
  const { minLength, maxLength } = lengths("uniformSequences", options);
  // size "max": without it fast-check keeps arrays near 10 elements whatever maxLength says.
  return fc
    .array(fc.integer({ min: 0, max: options.universe - 1 }), { minLength, maxLength, size: "max" })
    .map((pages) => Int32Array.from(pages));
}

/**
 * Zipf-skewed requests: page i of `0..universe-1` with probability ∝ 1/(i+1)^alpha (alpha ≥ 0,
 * default 1; 0 is uniform), by inverse CDF of a uniform 31-bit draw — exact up to the double
 * rounding of the cumulative weights. Page 0 is the most popular, and the draws shrink towards
 * 0, so counterexamples shrink towards the popular pages.
 * @throws InputError for a universe outside [1, {@link MAX_ZIPF_UNIVERSE}], a negative or
 * non-finite alpha, or bad length bounds.
 */
export function zipfSequences(options: LengthOptions & { readonly universe: number; readonly alpha?: number }): fc.Arbitrary<Int32Array> {
  const { universe } = options;
  const alpha = options.alpha ?? 1;
  checkInt("zipfSequences", "universe", universe, 1, MAX_ZIPF_UNIVERSE);
  if (!Number.isFinite(alpha) || alpha < 0) throw new InputError(`zipfSequences: alpha must be a finite number ≥ 0, got ${alpha}`);
  const { minLength, maxLength } = lengths("zipfSequences", options);
  const cdf = new Float64Array(universe);
  let total = 0;
  for (let i = 0; i < universe; i++) cdf[i] = total += 1 / Math.pow(i + 1, alpha);
  const scale = 2 ** 31;
  const page = (draw: number): number => {
    const u = ((draw + 0.5) / scale) * total;
    let lo = 0;
    let hi = universe - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return fc
    .array(fc.integer({ min: 0, max: scale - 1 }), { minLength, maxLength, size: "max" })
    .map((draws) => Int32Array.from(draws, page));
}

/** Options of {@link phasedSequences}. */
export interface PhasedOptions {
  /** The k whose k-phases the sequence is built from. */
  readonly k: number;
  /** Pages are `0..universe-1` (default 2k + 1; from k + 1 to {@link MAX_ARBITRARY_LENGTH}). */
  readonly universe?: number;
  /** Most phases (default 5). */
  readonly maxPhases?: number;
  /** Most extra requests to already-requested pages inside a phase (default k). */
  readonly maxRepeats?: number;
}

/**
 * Sequences built phase by phase, so that their k-phase partition (a phase ends just before its
 * (k+1)-th distinct page) is exactly the phases generated: phase i requests k distinct pages
 * (the last may request fewer), of which c_i ≥ 1 are *clean* (not requested in phase i−1) and
 * the rest stale, in a random order with repeats — the structure every marking-algorithm bound
 * is stated in. Each later phase starts with a clean page. Shrinks towards fewer phases, fewer
 * clean pages and fewer repeats.
 * With a universe below 2k, a phase has at most universe − k clean pages.
 * @throws InputError for k < 1, a universe outside [k + 1, {@link MAX_ARBITRARY_LENGTH}], or bad counts.
 */
export function phasedSequences(options: PhasedOptions): fc.Arbitrary<Int32Array> {
  const { k } = options;
  checkInt("phasedSequences", "k", k, 1, MAX_ARBITRARY_LENGTH);
  const universe = options.universe ?? 2 * k + 1;
  checkInt("phasedSequences", "universe", universe, k + 1, MAX_ARBITRARY_LENGTH);
  const maxPhases = options.maxPhases ?? 5;
  checkInt("phasedSequences", "maxPhases", maxPhases, 1, MAX_ARBITRARY_LENGTH);
  const maxRepeats = options.maxRepeats ?? k;
  checkInt("phasedSequences", "maxRepeats", maxRepeats, 0, MAX_ARBITRARY_LENGTH);
  if (maxPhases * (k + maxRepeats) > MAX_ARBITRARY_LENGTH) {
    throw new InputError(`phasedSequences: maxPhases·(k + maxRepeats) must be at most ${MAX_ARBITRARY_LENGTH}`);
  }
  const phase = fc.record({
    clean: fc.integer({ min: 1, max: k }),
    size: fc.integer({ min: 1, max: k }),
    picks: fc.array(fc.nat(), { minLength: k, maxLength: k }),
    order: fc.array(fc.nat(), { minLength: k, maxLength: k }),
    repeats: fc.array(fc.nat(), { maxLength: maxRepeats }),
  });
  return fc.array(phase, { minLength: 1, maxLength: maxPhases }).map((phases) => {
    const out: number[] = [];
    let previous: number[] = [];
    phases.forEach((p, i) => {
      // The last phase may stop short of k distinct pages; the others have exactly k.
      const size = i === phases.length - 1 ? p.size : k;
      const outside = range(universe).filter((q) => !previous.includes(q));
      const clean = Math.min(i === 0 ? size : p.clean, size, outside.length);
      const stalePool = previous.slice();
      const set: number[] = [];
      for (let j = 0; j < clean; j++) set.push(takeAt(outside, p.picks[j]));
      for (let j = clean; j < size; j++) set.push(takeAt(stalePool, p.picks[j]));
      // The first request of a phase after the first must be clean, or the phases would merge.
      const rest = set.slice(1);
      const ordered = [set[0]];
      for (let j = 0; j < rest.length; ) ordered.push(takeAt(rest, p.order[j++] ?? 0));
      for (const r of p.repeats) ordered.splice(1 + (r % ordered.length), 0, ordered[r % ordered.length]);
      out.push(...ordered);
      previous = set;
    });
    return Int32Array.from(out);
  });
}

/**
 * Sequences over exactly k+1 pages `0..k` in which no request repeats the previous one — the
 * shape of the lower-bound sequences of deterministic paging, where every online algorithm can
 * be made to fault at each request. Each step moves from the current page by 1..k (mod k+1).
 * Mostly the sequence opens with one pass 0, 1, …, k (the cache is then full and one page is
 * missing), then takes a free walk of steps, then repeats a pattern of at most k+1 steps to the
 * length — so the periodic sequences that defeat LRU and FIFO (0, 1, …, k, 0, 1, …) and MRU or
 * LIFO (0, 1, …, k, then alternating between the last page and the missing one) are frequent.
 * Shrinks towards the opening pass, shorter walks and the pattern [1], i.e. the cyclic sequence.
 * @throws InputError for k < 1 or bad length bounds.
 */
export function adversarialSequences(options: LengthOptions & { readonly k: number }): fc.Arbitrary<Int32Array> {
  const { k } = options;
  checkInt("adversarialSequences", "k", k, 1, 2 ** 30);
  const { minLength, maxLength } = lengths("adversarialSequences", options);
  const step = fc.integer({ min: 1, max: k });
  return fc
    .record({
      length: fc.integer({ min: minLength, max: maxLength }),
      // false (the shrink target) opens with the pass 0..k; true starts the walk at once.
      free: fc.boolean(),
      walk: fc.array(step, { maxLength: Math.min(maxLength, 2 * k + 2) }),
      pattern: fc.array(step, { minLength: 1, maxLength: k + 1 }),
    })
    .map(({ length, free, walk, pattern }) => {
      const opening = free ? [] : Array.from({ length: k }, () => 1);
      const steps = [...opening, ...walk];
      const out = new Int32Array(length);
      let page = 0;
      for (let t = 1; t < length; t++) {
        const s = t - 1 < steps.length ? steps[t - 1] : pattern[(t - 1 - steps.length) % pattern.length];
        page = (page + s) % (k + 1);
        out[t] = page;
      }
      return out;
    });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function takeAt(pool: number[], pick: number): number {
  return pool.splice(pick % pool.length, 1)[0];
}
