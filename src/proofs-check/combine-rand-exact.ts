import { add, divide, multiply, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import { simulate } from "../paging/core/simulate.ts";
import type { Policy, Predictions } from "../paging/core/policy.ts";
import { cmp, frac } from "./exact.ts";
import { densePageIds, popcount } from "./page-masks.ts";

/** Most distinct pages {@link combineRandExpectations} accepts (own caches are 30-bit masks). */
export const COMBINE_RAND_EXACT_MAX_PAGES = 30;

/** Most parts {@link combineRandExpectations} accepts (the followed part shares the state key). */
const MAX_PARTS = 16;

/** A deterministic part's run, request by request, over dense page ids (see {@link partTimeline}). */
export interface PartTimeline {
  /** caches[t] = bitmask of the part's cache after request t (bit i = dense page i). */
  readonly caches: readonly number[];
  /** faulted[t] = 1 if the part faulted on request t. */
  readonly faulted: readonly number[];
}

/**
 * The exact expected cost and switch probabilities of `combine-rand` (lazy rule `lru`) over
 * deterministic parts, as fractions — written from the definition (Blum–Burch weights
 * p_j ∝ β^{cost_j}; after each request with a loss, leave the followed part f with probability
 * (p_f − p′_f)/p_f for j drawn ∝ max(0, p′_j − p_j); on an own fault evict the least recently
 * requested own page the followed part lacks), not from `CombineRand`'s code, so tests compare
 * the two. It propagates the distribution over (followed part, own cache) request by request:
 * the p_t do not depend on the combiner's choices, and own pages' LRU keys are the global
 * last-request times, so that state is complete. P(switch at t) = Σ_j max(0, p_j − p′_j).
 *
 * @param dense σ over dense page ids 0..29 (as {@link partTimeline} numbers them)
 * @param k cache size
 * @param parts each part's timeline on `dense`
 * @param beta the weight factor, 0 < β < 1, exactly
 */
export function combineRandExpectations(
  dense: ArrayLike<number>,
  k: number,
  parts: readonly PartTimeline[],
  beta: Fraction,
): { faults: Fraction; switchAt: Fraction[] } {
  checkCacheSize(k);
  const m = parts.length;
  if (m < 2 || m > MAX_PARTS) throw new InputError(`exact E[combine-rand] needs 2 to ${MAX_PARTS} parts, got ${m}`);
  if (cmp(beta, frac(0)) <= 0 || cmp(beta, frac(1)) >= 0) throw new InputError("exact E[combine-rand] needs 0 < β < 1");
  const SHIFT = 2 ** COMBINE_RAND_EXACT_MAX_PAGES;
  let probs: Fraction[] = Array.from({ length: m }, () => frac(1, m));
  let states = new Map<number, Fraction>();
  for (let j = 0; j < m; j++) states.set(j * SHIFT, frac(1, m));
  const lastRequest = new Int32Array(COMBINE_RAND_EXACT_MAX_PAGES).fill(-1);
  let expected = frac(0);
  const switchAt: Fraction[] = [];
  for (let t = 0; t < dense.length; t++) {
    const r = dense[t];
    if (!(r >= 0 && r < COMBINE_RAND_EXACT_MAX_PAGES)) throw new InputError(`exact E[combine-rand]: page id ${r} at request ${t} is not dense`);
    const bit = 1 << r;
    const lost = parts.some((p) => p.faulted[t] === 1);
    let next = probs;
    let switchProb = frac(0);
    if (lost) {
      const w = probs.map((p, j) => (parts[j].faulted[t] === 1 ? (multiply(p, beta) as Fraction) : p));
      const total = w.reduce((a, b) => add(a, b) as Fraction, frac(0));
      next = w.map((x) => divide(x, total) as Fraction);
      next.forEach((q, j) => {
        if (cmp(q, probs[j]) < 0) switchProb = add(switchProb, subtract(probs[j], q)) as Fraction;
      });
    }
    switchAt.push(switchProb);
    // Where the followed part goes: stay, or move to j ∝ max(0, p′_j − p_j).
    const moves: [number, Fraction][][] = [];
    for (let f = 0; f < m; f++) {
      if (!lost || cmp(next[f], probs[f]) >= 0) {
        moves.push([[f, frac(1)]]);
        continue;
      }
      const leave = divide(subtract(probs[f], next[f]), probs[f]) as Fraction;
      const gains = next.map((q, j) => (j !== f && cmp(q, probs[j]) > 0 ? (subtract(q, probs[j]) as Fraction) : frac(0)));
      const gain = gains.reduce((a, b) => add(a, b) as Fraction, frac(0));
      const list: [number, Fraction][] = [[f, subtract(frac(1), leave) as Fraction]];
      gains.forEach((g, j) => {
        if (cmp(g, frac(0)) > 0) list.push([j, multiply(leave, divide(g, gain)) as Fraction]);
      });
      moves.push(list);
    }
    const out = new Map<number, Fraction>();
    const put = (key: number, p: Fraction) => {
      const old = out.get(key);
      out.set(key, old === undefined ? p : (add(old, p) as Fraction));
    };
    for (const [key, p] of states) {
      const follow = Math.floor(key / SHIFT);
      const mask = key % SHIFT;
      for (const [f, q] of moves[follow]) {
        const pq = multiply(p, q) as Fraction;
        if ((mask & bit) !== 0) {
          put(f * SHIFT + mask, pq);
          continue;
        }
        expected = add(expected, pq) as Fraction;
        if (popcount(mask) < k) {
          put(f * SHIFT + (mask | bit), pq);
          continue;
        }
        const candidates = mask & ~parts[f].caches[t];
        let victim = -1;
        for (let q = 0; q < COMBINE_RAND_EXACT_MAX_PAGES; q++) {
          if ((candidates & (1 << q)) !== 0 && (victim < 0 || lastRequest[q] < lastRequest[victim])) victim = q;
        }
        if (victim < 0) throw new Error("exact E[combine-rand]: no lazy victim (the model is wrong)");
        put(f * SHIFT + ((mask & ~(1 << victim)) | bit), pq);
      }
    }
    states = out;
    probs = next;
    lastRequest[r] = t;
  }
  return { faults: expected, switchAt };
}

/**
 * σ with its pages renumbered 0, 1, … in order of first request; an {@link InputError} beyond
 * {@link COMBINE_RAND_EXACT_MAX_PAGES} distinct pages.
 */
export function densePages(requests: Int32Array): { dense: Int32Array; ids: Map<number, number> } {
  return densePageIds(requests, COMBINE_RAND_EXACT_MAX_PAGES, "exact E[combine-rand]");
}

/**
 * A part's standalone run on σ as a {@link PartTimeline} over the dense ids `ids` (from
 * {@link densePages}), read off its eviction log — the part is run on σ itself, with the given
 * predictions, so offline parts and predictors see the real trace.
 */
export function partTimeline(
  policy: Policy,
  requests: Int32Array,
  ids: ReadonlyMap<number, number>,
  options: { universe?: number; predictions?: Predictions } = {},
): PartTimeline {
  const run = simulate(policy, requests, { ...options, recordEvictions: true });
  const log = run.evictions!;
  const caches: number[] = [];
  const faulted: number[] = [];
  let mask = 0;
  let e = 0;
  for (let t = 0; t < requests.length; t++) {
    while (e < log.times.length && log.times[e] === t) mask &= ~(1 << ids.get(log.pages[e++])!);
    const bit = 1 << ids.get(requests[t])!;
    faulted.push((mask & bit) === 0 ? 1 : 0);
    mask |= bit;
    caches.push(mask);
  }
  return { caches, faulted };
}
