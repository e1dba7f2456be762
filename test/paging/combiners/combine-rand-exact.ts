import { add, divide, multiply, subtract, type Fraction } from "mathjs";
import { simulate, type Policy } from "../../../src/paging/index.ts";
import { cmp, frac } from "../../../src/proofs-check/exact.ts";

/**
 * The exact expected cost and number of switches of combine-rand with the `lru` lazy rule over deterministic parts, as
 * a fraction — written from the definition (Blum–Burch weights, the marginal-preserving switch,
 * lazy LRU eviction among own pages the followed part lacks), not from the implementation. It
 * propagates the distribution over (followed part, own cache) request by request; the
 * probabilities p_t do not depend on the combiner's choices, and the own pages' LRU keys are the
 * global last-request times, so that state is complete. Pages must be < 30.
 *
 * @param partCaches partCaches[j][t] = bitmask of part j's cache after request t
 * @param partFaulted partFaulted[j][t] = 1 if part j faulted on request t
 * @param beta the weight factor as an exact fraction
 */
export function combineRandExpectations(
  requests: Int32Array,
  k: number,
  partCaches: number[][],
  partFaulted: number[][],
  beta: Fraction,
): { faults: Fraction; switchAt: Fraction[] } {
  const m = partCaches.length;
  let probs: Fraction[] = Array.from({ length: m }, () => frac(1, m));
  // state key: follow * 2^30 + own mask
  let states = new Map<number, Fraction>();
  for (let j = 0; j < m; j++) states.set(j * 2 ** 30, frac(1, m));
  const lastRequest = new Int32Array(30).fill(-1);
  let expected = frac(0);
  // P(switch at t) = Σ_j max(0, p_j − p'_j): it does not depend on the state.
  const switchAt: Fraction[] = [];
  for (let t = 0; t < requests.length; t++) {
    const r = requests[t];
    const bit = 1 << r;
    const lost = partFaulted.some((f) => f[t] === 1);
    let next = probs;
    let switchProb = frac(0);
    if (lost) {
      const w = probs.map((p, j) => (partFaulted[j][t] === 1 ? (multiply(p, beta) as Fraction) : p));
      const total = w.reduce((a, b) => add(a, b) as Fraction, frac(0));
      next = w.map((x) => divide(x, total) as Fraction);
      next.forEach((q, j) => {
        if (cmp(q, probs[j]) < 0) switchProb = add(switchProb, subtract(probs[j], q)) as Fraction;
      });
    }
    switchAt.push(switchProb);
    // Where the followed part goes: stay, or move to j ∝ max(0, p'_j − p_j).
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
      const follow = Math.floor(key / 2 ** 30);
      const mask = key % 2 ** 30;
      for (const [f, q] of moves[follow]) {
        const pq = multiply(p, q) as Fraction;
        if ((mask & bit) !== 0) {
          put(f * 2 ** 30 + mask, pq);
          continue;
        }
        expected = add(expected, pq) as Fraction;
        if (popcount(mask) < k) {
          put(f * 2 ** 30 + (mask | bit), pq);
          continue;
        }
        const candidates = mask & ~partCaches[f][t];
        let victim = -1;
        for (let q = 0; q < 30; q++) {
          if ((candidates & (1 << q)) !== 0 && (victim < 0 || lastRequest[q] < lastRequest[victim])) victim = q;
        }
        if (victim < 0) throw new Error("no lazy victim: the model is wrong");
        put(f * 2 ** 30 + ((mask & ~(1 << victim)) | bit), pq);
      }
    }
    states = out;
    probs = next;
    lastRequest[r] = t;
  }
  return { faults: expected, switchAt };
}

/** Part caches after each request and per-request faults, from a standalone run's eviction log. */
export function partTimeline(policy: Policy, requests: Int32Array, universe: number): { caches: number[]; faulted: number[] } {
  const run = simulate(policy, requests, { universe, recordEvictions: true });
  const caches: number[] = [];
  const faulted: number[] = [];
  let mask = 0;
  let e = 0;
  for (let t = 0; t < requests.length; t++) {
    while (e < run.evictions!.times.length && run.evictions!.times[e] === t) mask &= ~(1 << run.evictions!.pages[e++]);
    faulted.push((mask & (1 << requests[t])) === 0 ? 1 : 0);
    mask |= 1 << requests[t];
    caches.push(mask);
  }
  return { caches, faulted };
}

function popcount(x: number): number {
  let c = 0;
  for (; x !== 0; x &= x - 1) c++;
  return c;
}
