import fc from "fast-check";

/** A paging instance for property tests: cache size k, and σ over pages `0..universe-1`. */
export interface SmallInstance {
  /** Cache size k ≥ 1. */
  readonly k: number;
  /** Pages are `0..universe-1` (not all need occur). */
  readonly universe: number;
  /** The request sequence σ. */
  readonly requests: Int32Array;
}

/**
 * Instances with k in [1, maxK], a universe of 1..k+extraPages pages (so that both tiny and
 * crowded universes occur) and between minLength and maxLength requests drawn uniformly. Shrinks
 * towards short sequences over few pages, which keeps counterexamples readable.
 */
export function smallInstance(maxK: number, maxLength: number, extraPages = 3, minLength = 0): fc.Arbitrary<SmallInstance> {
  return fc
    .record({ k: fc.integer({ min: 1, max: maxK }), extra: fc.integer({ min: 0, max: extraPages }) })
    .chain(({ k, extra }) => {
      const universe = Math.max(1, k + extra - 1);
      return fc
        // size "max": without it fast-check keeps arrays at ~10 elements whatever maxLength says.
        .array(fc.integer({ min: 0, max: universe - 1 }), { minLength, maxLength, size: "max" })
        .map((pages) => ({ k, universe, requests: Int32Array.from(pages) }));
    });
}

/**
 * Longer sequences (up to maxLength requests, k in [1, maxK]) that mix phases with few and many
 * clean pages: requests are drawn from a sliding window of `window` pages that moves by one page
 * at random times, which produces both long runs of hits and bursts of new pages.
 */
export function driftingInstance(maxK: number, maxLength: number): fc.Arbitrary<SmallInstance> {
  return fc
    .record({
      k: fc.integer({ min: 1, max: maxK }),
      window: fc.integer({ min: 1, max: maxK + 3 }),
      steps: fc.array(fc.record({ offset: fc.nat(), move: fc.integer({ min: 0, max: 3 }) }), { maxLength, size: "max" }),
    })
    .map(({ k, window, steps }) => {
      let base = 0;
      const pages = steps.map(({ offset, move }) => {
        base += move === 3 ? 1 : 0;
        return base + (offset % window);
      });
      const universe = pages.length === 0 ? 1 : Math.max(...pages) + 1;
      return { k, universe, requests: Int32Array.from(pages) };
    });
}

/** An instance as one line for a failure message: `k=… universe=… σ=[…]`. */
export function showInstance(i: SmallInstance): string {
  return `k=${i.k} universe=${i.universe} σ=[${Array.from(i.requests).join(" ")}]`;
}
