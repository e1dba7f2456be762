/**
 * The re-admitting per-row top-k upper bound. If evicted tokens could come back, the best step-t
 * attended set would be {t} plus the k keys of 0..t−1 with the largest p_t (ties to the oldest).
 * Every feasible policy attends A_t = S_{t−1} ∪ {t} with S_{t−1} ⊆ {0..t−1}, |S_{t−1}| ≤ k, so at
 * every step t this set's kept mass is ≥ any policy's, including the offline optimum's; its TV
 * (= evicted mass) is ≤ theirs. The output error is reported for the same sets but is *not* a bound
 * (‖o − ô‖ is not monotone in the kept set).
 * @module
 */
import { cachedHeadOutputs, keptMass, outputError, totalVariation } from "../metrics.ts";
import type { KvBoundInfo } from "../registry.ts";
import { assembleResult, MeanAccumulator, type KvResult } from "../result.ts";
import { type AttentionTrace, headIndex, rowOffset } from "../trace.ts";

/**
 * Fill `tokens` with {t} ∪ top-k of row t over keys 0..t−1 (all keys when t ≤ k), in increasing
 * position order, and return how many. Among keys tied at the k-th largest probability the oldest
 * are taken. `scratch` must hold ≥ T numbers; expected O(t) time (selection, not sorting) and no
 * allocation, since it runs once per (head, step).
 */
export function topkSet(rows: Float64Array, t: number, k: number, tokens: Int32Array, scratch: Float64Array): number {
  const o = rowOffset(t);
  if (t <= k) {
    for (let j = 0; j <= t; j++) tokens[j] = j;
    return t + 1;
  }
  for (let j = 0; j < t; j++) scratch[j] = rows[o + j];
  const threshold = selectRank(scratch, t, t - k); // the k-th largest of keys 0..t−1
  let above = 0;
  for (let j = 0; j < t; j++) if (rows[o + j] > threshold) above++;
  let ties = k - above; // keys equal to the threshold to take, oldest first
  let n = 0;
  for (let j = 0; j < t; j++) {
    const p = rows[o + j];
    if (p > threshold || (p === threshold && ties-- > 0)) tokens[n++] = j;
  }
  tokens[n++] = t;
  return n;
}

/**
 * The value of rank r (0 = smallest) among a[0..n), by Hoare-partition quickselect (Wirth's
 * FIND); reorders a[0..n). Runs of equal values split evenly, so rows full of float16 zeros
 * stay linear.
 */
function selectRank(a: Float64Array, n: number, r: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else break; // j < r < i: a[r] equals the pivot
  }
  return a[r];
}

/** Evaluate the bound on the selected layers, in the shape of a policy result. */
export function evaluateTopk(trace: AttentionTrace, k: number, layers: readonly number[], withError: boolean): KvResult {
  const T = trace.length;
  const d = trace.headDim;
  const tokens = new Int32Array(T);
  const rowScratch = new Float64Array(T);
  const member = new Uint8Array(T);
  const scratch = new Float64Array(d);
  const accs: MeanAccumulator[] = [];
  for (const layer of layers) {
    for (let h = 0; h < trace.heads; h++) {
      const i = headIndex(trace, layer, h);
      const rows = trace.rows[i];
      const outputs = withError ? cachedHeadOutputs(trace, i) : null;
      const acc = new MeanAccumulator();
      for (let t = k; t < T; t++) {
        const n = topkSet(rows, t, k, tokens, rowScratch);
        const o = rowOffset(t);
        const s = keptMass(rows, o, tokens, n);
        for (let x = 0; x < n; x++) member[tokens[x]] = 1;
        const tv = totalVariation(rows, o, t, member, s, n);
        for (let x = 0; x < n; x++) member[tokens[x]] = 0;
        const err = outputs === null ? 0 : outputError(rows, o, tokens, n, s, trace.values[i], d, outputs, t * d, scratch);
        acc.add(s, tv, err);
      }
      accs.push(acc);
    }
  }
  return assembleResult("topk", k, layers, trace.heads, accs, withError);
}

/**
 * Mean kept mass of the bound over t ≥ k for each budget k in `budgets`, for one head, from one
 * sort per row (for budget sweeps). `result[b]` corresponds to `budgets[b]`.
 */
export function topkKeptMassCurve(rows: Float64Array, length: number, budgets: readonly number[]): Float64Array {
  const sums = new Float64Array(budgets.length);
  const sorted = new Float64Array(length);
  for (let t = 1; t < length; t++) {
    const o = rowOffset(t);
    const view = sorted.subarray(0, t);
    view.set(rows.subarray(o, o + t));
    view.sort();
    for (let b = 0; b < budgets.length; b++) {
      const k = budgets[b];
      if (t < k) continue;
      let s = rows[o + t];
      for (let x = t - 1; x >= t - k; x--) s += view[x];
      sums[b] += s;
    }
  }
  return sums.map((s, b) => s / (length - budgets[b]));
}

/** Registry entry `topk`. */
export const topkInfo: KvBoundInfo = {
  name: "topk",
  aliases: ["topk-bound"],
  summary: "upper bound, not a policy: {t} + the k heaviest earlier keys of each row (re-admits tokens)",
  kind: "bound",
  randomized: false,
  params: [],
  evaluate(trace, budget, options) {
    return evaluateTopk(trace, budget, options.layers, options.outputError);
  },
};
