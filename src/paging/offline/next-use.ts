/**
 * `next[t]` = index of the next request to the page requested at t, or `requests.length` when
 * it is never requested again. One backward pass, O(n + universe).
 */
export function nextUseTimes(requests: Int32Array, universe: number): Int32Array {
  const n = requests.length;
  const next = new Int32Array(n);
  const upcoming = new Int32Array(universe).fill(n);
  for (let t = n - 1; t >= 0; t--) {
    const p = requests[t];
    next[t] = upcoming[p];
    upcoming[p] = t;
  }
  return next;
}
