import { InputError } from "../../errors.ts";

/**
 * LRU's fault count at every cache size 1..maxK in one pass: `faults[k − 1]` = faults of LRU
 * with k frames (cold misses included), exactly what `simulate(new Lru(k), requests)` counts.
 *
 * LRU is a stack algorithm (Mattson, Gecsei, Slutz & Traiger, "Evaluation techniques for storage
 * hierarchies", IBM Systems Journal 9(2), 1970): a request hits in every cache of at least its
 * *stack distance* — the number of distinct pages requested since the page's previous request,
 * plus one. The distance is counted with a Fenwick tree over request times holding a 1 at each
 * page's latest request (Bennett & Kruskal 1975 count the same way with a tree): at request t of
 * a page last requested at s, the distance is 1 + the number of ones in (s, t). O(n log n) time,
 * 4n bytes for the tree plus 4·universe for the last requests and 8·maxK for the histogram.
 *
 * `requests` are dense ids in `[0, universe)`; throws `InputError` unless maxK is a positive
 * integer.
 */
export function lruFaultCurve(requests: Int32Array, universe: number, maxK: number): Float64Array {
  checkMaxK(maxK);
  const n = requests.length;
  const tree = new Int32Array(n + 1);
  const last = new Int32Array(universe).fill(-1);
  // hits[d] = requests of stack distance d ≤ maxK; deeper ones and cold misses fault everywhere.
  const hits = new Float64Array(maxK + 1);
  for (let t = 0; t < n; t++) {
    const p = requests[t];
    const s = last[p];
    if (s >= 0) {
      // ones in (s, t) = prefix(t) − prefix(s + 1); position i of the tree is time i − 1.
      let count = 0;
      for (let i = t; i > 0; i -= i & -i) count += tree[i];
      for (let i = s + 1; i > 0; i -= i & -i) count -= tree[i];
      const d = count + 1;
      if (d <= maxK) hits[d]++;
      for (let i = s + 1; i <= n; i += i & -i) tree[i]--;
    }
    for (let i = t + 1; i <= n; i += i & -i) tree[i]++;
    last[p] = t;
  }
  return faultsFromHits(n, hits, maxK);
}

/** `faults[k − 1] = n − (hits of distance ≤ k)` for k = 1..maxK. */
export function faultsFromHits(n: number, hits: Float64Array, maxK: number): Float64Array {
  const faults = new Float64Array(maxK);
  let served = 0;
  for (let k = 1; k <= maxK; k++) {
    served += hits[k];
    faults[k - 1] = n - served;
  }
  return faults;
}

/** Throws `InputError` unless `maxK` is a positive integer below 2^30. */
export function checkMaxK(maxK: number): void {
  if (!Number.isInteger(maxK) || maxK < 1 || maxK >= 2 ** 30) {
    throw new InputError(`the largest cache size must be a positive integer below 2^30, got ${maxK}`);
  }
}
