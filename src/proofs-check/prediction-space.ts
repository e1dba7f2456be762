import { InputError } from "../errors.ts";
import { EVICT, KEEP, type Predictions } from "../paging/core/policy.ts";
import type { Rng } from "../paging/core/rng.ts";
import { perfectDiscardBits } from "../predictors/discard-oracle.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";

/**
 * An error budget for predictions, measured as the registered claims measure it:
 * - `bits`: at most η₀ false KEEPs and η₁ false EVICTs against the perfect bits of `truth`
 *   (`discard`: Belady's labels, never-again pages KEEP unless Belady evicts them; `phase`: the
 *   k-phase oracle);
 * - `nextArrival`: ℓ1 error η = Σ_t |h_t − y_t| ≤ `eta` against the true next arrivals y with
 *   never-again = n, over integer predictions h_t ∈ [t+1, n] (a time after the request; n =
 *   never again). Restricting to integers only shrinks the space: a witness found is a
 *   genuine prediction vector with the stated η.
 */
export type PredictionBudget =
  | { readonly kind: "bits"; readonly truth: "discard" | "phase"; readonly eta0: number; readonly eta1: number }
  | { readonly kind: "nextArrival"; readonly eta: number };

/** The prediction error of a candidate: (η₀, η₁) for bits, η for next arrivals. */
export type PredictionError = { readonly eta0: number; readonly eta1: number } | { readonly eta: number };

/**
 * The predictions of one request sequence within a budget: the truth, the error of a candidate,
 * an exact count and enumeration of every candidate (exhaustive search), and random moves that
 * stay within the budget (local search). Candidates are plain arrays (bits or integer times),
 * turned into {@link Predictions} by {@link PredictionSpace.predictions}.
 */
export class PredictionSpace {
  /** The perfect predictions (bits, or next arrivals with never-again = n). */
  readonly truth: Uint8Array | Float64Array;
  private readonly n: number;
  // The ℓ1 budget capped at the largest error any candidate can have (Σ_t the farthest allowed
  // value), so a huge budget costs no more than "anything goes".
  private readonly eta: number = 0;

  constructor(
    /** The request sequence. */
    readonly requests: Int32Array,
    /** Cache size (the discard and phase truths depend on it). */
    readonly k: number,
    /** Universe of the pages. */
    readonly universe: number,
    /** The budget. */
    readonly budget: PredictionBudget,
  ) {
    this.n = requests.length;
    if (budget.kind === "bits") {
      this.truth =
        budget.truth === "discard"
          ? perfectDiscardBits(requests, k, { universe }).bits
          : perfectPhaseBits(requests, k, universe).bits;
    } else {
      this.truth = perfectNextArrival(requests, { universe, neverAgain: this.n });
      let cap = 0;
      for (let t = 0; t < this.n; t++) cap += Math.max(this.n - this.truth[t], this.truth[t] - t - 1);
      this.eta = Math.min(budget.eta, cap);
    }
  }

  /** The perfect candidate (error 0). */
  perfect(): Uint8Array | Float64Array {
    return this.truth.slice();
  }

  /** The candidate as the engine's predictions. */
  predictions(candidate: Uint8Array | Float64Array): Predictions {
    return candidate instanceof Uint8Array ? { bits: candidate } : { nextArrival: candidate as Float64Array };
  }

  /** The error of a candidate. */
  error(candidate: Uint8Array | Float64Array): PredictionError {
    if (this.budget.kind === "bits") {
      let eta0 = 0;
      let eta1 = 0;
      for (let t = 0; t < this.n; t++) {
        if (candidate[t] === this.truth[t]) continue;
        if (candidate[t] === KEEP) eta0++;
        else eta1++;
      }
      return { eta0, eta1 };
    }
    let eta = 0;
    for (let t = 0; t < this.n; t++) eta += Math.abs(candidate[t] - this.truth[t]);
    return { eta };
  }

  /** Whether a candidate's error is within the budget. */
  within(candidate: Uint8Array | Float64Array): boolean {
    const e = this.error(candidate);
    if ("eta" in e) return e.eta <= this.eta;
    const b = this.budget as { eta0: number; eta1: number };
    return e.eta0 <= b.eta0 && e.eta1 <= b.eta1;
  }

  /**
   * The number of candidates within the budget, exactly (as a double; it is compared with a
   * limit long before 2^53): Σ_{i≤η₀} C(#EVICT, i) · Σ_{j≤η₁} C(#KEEP, j) for bits, and a
   * dynamic program over (position, error spent) for next arrivals — which stops as soon as
   * its running total passes `limit` and returns that total (already over the limit).
   */
  count(limit = Infinity): number {
    if (this.budget.kind === "bits") {
      let evicts = 0;
      for (let t = 0; t < this.n; t++) if (this.truth[t] === EVICT) evicts++;
      return partialBinomialSum(evicts, this.budget.eta0) * partialBinomialSum(this.n - evicts, this.budget.eta1);
    }
    const E = this.eta;
    let ways = new Float64Array(E + 1);
    ways[0] = 1;
    for (let t = 0; t < this.n; t++) {
      const next = new Float64Array(E + 1);
      for (let e = 0; e <= E; e++) {
        if (ways[e] === 0) continue;
        for (let d = 0; e + d <= E; d++) {
          const options = this.valuesAt(t, d);
          if (options > 0) next[e + d] += ways[e] * options;
        }
      }
      ways = next;
      // Every layer's total is at least the previous one's (h_t = y_t is always allowed).
      const total = ways.reduce((a, b) => a + b, 0);
      if (total > limit) return total;
    }
    return ways.reduce((a, b) => a + b, 0);
  }

  /** Number of allowed values of h_t at distance d from y_t. */
  private valuesAt(t: number, d: number): number {
    const y = this.truth[t];
    if (d === 0) return 1;
    return (y + d <= this.n ? 1 : 0) + (y - d >= t + 1 ? 1 : 0);
  }

  /**
   * Visit every candidate within the budget (the same array, mutated between calls: copy it to
   * keep it). Stops early when `visit` returns false.
   */
  enumerate(visit: (candidate: Uint8Array | Float64Array) => boolean | void): void {
    const c = this.perfect();
    if (this.budget.kind === "bits") {
      const evicts: number[] = [];
      const keeps: number[] = [];
      for (let t = 0; t < this.n; t++) (this.truth[t] === EVICT ? evicts : keeps).push(t);
      const { eta0, eta1 } = this.budget;
      let stop = false;
      // Flip subsets of the true EVICTs (false KEEPs), and inside each, subsets of the true KEEPs.
      const keepFlips = (from: number, left: number): void => {
        if (stop) return;
        if (visit(c) === false) {
          stop = true;
          return;
        }
        for (let i = from; i < keeps.length && left > 0 && !stop; i++) {
          c[keeps[i]] = EVICT;
          keepFlips(i + 1, left - 1);
          c[keeps[i]] = KEEP;
        }
      };
      const evictFlips = (from: number, left: number): void => {
        if (stop) return;
        keepFlips(0, eta1);
        for (let i = from; i < evicts.length && left > 0 && !stop; i++) {
          c[evicts[i]] = KEEP;
          evictFlips(i + 1, left - 1);
          c[evicts[i]] = EVICT;
        }
      };
      evictFlips(0, eta0);
      return;
    }
    let stop = false;
    const walk = (t: number, left: number): void => {
      if (stop) return;
      if (t === this.n) {
        if (visit(c) === false) stop = true;
        return;
      }
      const y = this.truth[t];
      for (let d = 0; d <= left && !stop; d++) {
        if (d === 0) {
          c[t] = y;
          walk(t + 1, left);
          continue;
        }
        for (const h of [y - d, y + d]) {
          if (h < t + 1 || h > this.n || stop) continue;
          c[t] = h;
          walk(t + 1, left - d);
        }
      }
      c[t] = y;
    };
    walk(0, this.eta);
  }

  /** A random neighbour of `candidate` within the budget (a new array). */
  neighbour(candidate: Uint8Array | Float64Array, rng: Rng): Uint8Array | Float64Array {
    const c = candidate.slice();
    if (this.n === 0) return c;
    if (this.budget.kind === "bits") {
      const wrong: number[] = [];
      for (let t = 0; t < this.n; t++) if (c[t] !== this.truth[t]) wrong.push(t);
      const move = rng.int(3);
      // 0: drop an error; 1: move one (drop, then add); 2: add one where its kind has room.
      if (move < 2 && wrong.length > 0) {
        const t = wrong[rng.int(wrong.length)];
        c[t] = this.truth[t];
        if (move === 0) return c;
      }
      for (let tries = 0; tries < 8; tries++) {
        const t = rng.int(this.n);
        if (c[t] !== this.truth[t]) continue;
        c[t] = c[t] === EVICT ? KEEP : EVICT;
        if (this.within(c)) return c;
        c[t] = this.truth[t];
      }
      return c;
    }
    const E = this.eta;
    const t = rng.int(this.n);
    const y = this.truth[t];
    const spent = this.error(c) as { eta: number };
    const room = E - (spent.eta - Math.abs(c[t] - y));
    const lo = Math.max(t + 1, y - room);
    const hi = Math.min(this.n, y + room);
    if (rng.int(4) === 0) {
      // Copy another prediction's value (± 1) when affordable: order changes are what matter.
      const other = c[rng.int(this.n)] + rng.int(3) - 1;
      c[t] = other >= lo && other <= hi ? other : y;
    } else c[t] = lo + rng.int(hi - lo + 1);
    return c;
  }

  /** Bring a candidate (of another sequence, or over budget) within this space's budget. */
  repair(candidate: Uint8Array | Float64Array, rng: Rng): Uint8Array | Float64Array {
    const c = candidate.slice();
    if (c instanceof Float64Array) for (let t = 0; t < this.n; t++) c[t] = Math.min(this.n, Math.max(t + 1, c[t]));
    while (!this.within(c)) {
      const wrong: number[] = [];
      for (let t = 0; t < this.n; t++) if (c[t] !== this.truth[t]) wrong.push(t);
      const t = wrong[rng.int(wrong.length)];
      c[t] = this.truth[t];
    }
    return c;
  }
}

/** Σ_{i≤m} C(n, i) as a double. */
function partialBinomialSum(n: number, m: number): number {
  let sum = 0;
  let c = 1;
  for (let i = 0; i <= Math.min(n, m); i++) {
    sum += c;
    c = (c * (n - i)) / (i + 1);
  }
  return sum;
}

/** Throws {@link InputError} unless the budget's counts are non-negative safe integers. */
export function checkBudget(budget: PredictionBudget): void {
  const values = budget.kind === "bits" ? { eta0: budget.eta0, eta1: budget.eta1 } : { eta: budget.eta };
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new InputError(`the error budget ${name} must be a non-negative integer, got ${v}`);
  }
}
