import { InputError } from "../errors.ts";

/** Number of set bits of a 32-bit mask (a set of dense page ids): O(set bits). */
export function popcount(mask: number): number {
  let c = 0;
  for (let m = mask; m !== 0; m &= m - 1) c++;
  return c;
}

/**
 * The request sequence over dense ids 0, 1, 2, … in order of first request, with the map from
 * the original ids — what the exact-expectation engines key their bitmask states by. More than
 * `maxPages` distinct pages is an {@link InputError} "`what` handles at most `maxPages` distinct
 * pages", raised at the first page over the limit. O(n).
 */
export function densePageIds(requests: ArrayLike<number>, maxPages: number, what: string): { dense: Int32Array; ids: Map<number, number> } {
  const ids = new Map<number, number>();
  const dense = new Int32Array(requests.length);
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    let id = ids.get(p);
    if (id === undefined) {
      id = ids.size;
      if (id >= maxPages) throw new InputError(`${what} handles at most ${maxPages} distinct pages`);
      ids.set(p, id);
    }
    dense[t] = id;
  }
  return { dense, ids };
}
