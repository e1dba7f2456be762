import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { Belady, EVICT, KEEP, simulate } from "../../src/paging/index.ts";
import {
  bitErrors,
  nextArrivalError,
  perfectNextArrival,
  randomBitErrors,
  randomNextArrival,
  targetedBitErrors,
  targetedNextArrival,
} from "../../src/predictors/index.ts";
import { readTrace } from "../../src/traces/index.ts";
import { smallInstance, showInstance, type SmallInstance } from "../proofs-check/arbitraries.ts";
import { tracePath } from "../helpers/paths.ts";

const SEED = 700_301;

/** Belady's evictions as (time, victim's last request) pairs, and the naive next-request scan. */
function naiveModel(requests: Int32Array, k: number, universe: number) {
  const n = requests.length;
  const next = (t: number): number => {
    for (let u = t + 1; u < n; u++) if (requests[u] === requests[t]) return u;
    return n;
  };
  const lastBefore = (page: number, time: number): number => {
    for (let u = time - 1; u >= 0; u--) if (requests[u] === page) return u;
    throw new Error("evicted a page never requested");
  };
  const { evictions } = simulate(new Belady(k), requests, { universe, recordEvictions: true });
  const evs = Array.from(evictions!.times, (e, i) => ({ e, j: lastBefore(evictions!.pages[i], e) }));
  const y = Array.from({ length: n }, (_, t) => next(t));
  const evictedAt = (t: number): number => evs.find((v) => v.j === t)?.e ?? -1;
  return { n, y, evs, evictedAt };
}

/** targetedNextArrival and its move, from the definitions in its TSDoc, in O(n²). */
function naiveTargeted(inst: SmallInstance, budget: number): { predictions: number[]; capacity: number; target: number[] } {
  const { n, y, evs, evictedAt } = naiveModel(inst.requests, inst.k, inst.universe);
  const latest = (g: number): number => Math.max(-1, ...y.slice(0, g + 1).filter((v) => v < n));
  const target: number[] = [];
  const candidates: number[] = [];
  for (let t = 0; t < n; t++) {
    if (y[t] >= n) {
      target.push(NaN);
      continue;
    }
    const costly = evs.filter((v) => v.e > t && v.e < y[t] && y[v.j] < n).map((v) => v.e);
    const g = costly.length > 0 ? Math.min(...costly) : t;
    target.push(latest(g) + 1);
    if (evictedAt(t) < 0 && costly.length > 0) candidates.push(t);
  }
  const cost = (t: number): number => target[t] - y[t];
  candidates.sort((a, b) => cost(a) - cost(b) || a - b);
  const predictions = y.map((v) => (v < n ? v : Infinity));
  let left = budget;
  for (const t of candidates) {
    if (left <= 0) break;
    const c = Math.min(cost(t), left);
    predictions[t] = y[t] + c;
    left -= c;
  }
  return { predictions, capacity: candidates.reduce((s, t) => s + cost(t), 0), target };
}

/** targetedBitErrors from the definitions in its TSDoc, in O(n²). */
function naiveTargetedBits(inst: SmallInstance, truth: Uint8Array, falseKeeps: number, falseEvicts: number): number[] {
  const { n, y, evs, evictedAt } = naiveModel(inst.requests, inst.k, inst.universe);
  const bits = Array.from(truth);
  const inWindow = (t: number): number => (y[t] < n ? evs.filter((v) => v.e > t && v.e < y[t]).length : 0);
  const keeps = bits.map((b, t) => (b === KEEP ? t : -1)).filter((t) => t >= 0);
  keeps.sort((a, b) => inWindow(b) - inWindow(a) || a - b);
  for (const t of keeps.slice(0, falseEvicts)) bits[t] = EVICT;
  const until = (t: number): number => (evictedAt(t) >= 0 ? evictedAt(t) : y[t] - 1);
  const cover = (e: number): number => bits.filter((b, t) => b === EVICT && t < e && e <= until(t)).length;
  const slack = (t: number): number => (evictedAt(t) >= 0 ? Math.min(inst.k, cover(evictedAt(t)) - 1) : inst.k);
  const age = (t: number): number => (evictedAt(t) >= 0 ? evictedAt(t) - t : n);
  const evicts = Array.from(truth).map((b, t) => (b === EVICT ? t : -1)).filter((t) => t >= 0);
  evicts.sort((a, b) => slack(a) - slack(b) || age(a) - age(b) || a - b);
  for (const t of evicts.slice(0, falseKeeps)) bits[t] = KEEP;
  return bits;
}

const instances = smallInstance(4, 40, 5, 1);

describe("targeted next-arrival corruption", () => {
  it(`follows its definition exactly and spends exactly min(budget, capacity) (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(instances, fc.nat({ max: 400 }), (inst, budget) => {
        const model = naiveTargeted(inst, budget);
        const got = targetedNextArrival(inst.requests, { k: inst.k, budget, universe: inst.universe });
        const where = `${showInstance(inst)} budget=${budget}`;
        expect(Array.from(got.predictions), where).toEqual(model.predictions);
        expect(got.capacity, where).toBe(model.capacity);
        expect(got.spent, where).toBe(Math.min(budget, model.capacity));
        const eta = nextArrivalError(got.predictions, perfectNextArrival(inst.requests), { neverAgain: 1e9 });
        expect(eta, where).toBe(got.spent);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`random positions: same moves, exact budget, deterministic per seed (fast-check seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(instances, fc.nat({ max: 400 }), fc.nat({ max: 1000 }), (inst, budget, seed) => {
        const { target } = naiveTargeted(inst, 0);
        const perfect = perfectNextArrival(inst.requests, { neverAgain: "study" });
        const got = randomNextArrival(inst.requests, { k: inst.k, budget, seed, universe: inst.universe, neverAgain: "study" });
        const where = `${showInstance(inst)} budget=${budget} seed=${seed}`;
        let capacity = 0;
        let partial = 0;
        for (let t = 0; t < perfect.length; t++) {
          if (perfect[t] < inst.requests.length) capacity += target[t] - perfect[t];
          if (got.predictions[t] === perfect[t]) continue;
          expect(got.predictions[t], where).toBeGreaterThan(perfect[t]);
          if (got.predictions[t] !== target[t]) partial++;
        }
        expect(partial, where).toBeLessThanOrEqual(1);
        expect(got.capacity, where).toBe(capacity);
        expect(got.spent, where).toBe(Math.min(budget, capacity));
        expect(nextArrivalError(got.predictions, perfect, { neverAgain: 0 }), where).toBe(got.spent);
        const again = randomNextArrival(inst.requests, { k: inst.k, budget, seed, universe: inst.universe, neverAgain: "study" });
        expect(Array.from(again.predictions), where).toEqual(Array.from(got.predictions));
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it("takes an Infinity budget as the whole capacity and refuses bad budgets and k", () => {
    const requests = Int32Array.of(0, 1, 2, 0, 3, 1, 2, 0, 1);
    const all = targetedNextArrival(requests, { k: 2, budget: Infinity });
    expect(all.spent).toBe(all.capacity);
    expect(() => targetedNextArrival(requests, { k: 2, budget: -1 })).toThrow(InputError);
    expect(() => targetedNextArrival(requests, { k: 2, budget: 1.5 })).toThrow(/ℓ1 budget/);
    expect(() => targetedNextArrival(requests, { k: 0, budget: 1 })).toThrow(/cache size/);
    expect(() => randomNextArrival(requests, { k: 2, budget: 1, seed: 0.5 })).toThrow(/seed/);
  });
});

describe("targeted and random bit corruption", () => {
  const withTruth = instances.chain((inst) =>
    fc.record({
      inst: fc.constant(inst),
      truth: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: inst.requests.length, maxLength: inst.requests.length }),
      falseKeeps: fc.nat({ max: 45 }),
      falseEvicts: fc.nat({ max: 45 }),
      seed: fc.nat({ max: 1000 }),
    }),
  );

  it(`introduce exactly min(requested, available) errors of each kind; targeted follows its definition (fast-check seed ${SEED + 2})`, () => {
    fc.assert(
      fc.property(withTruth, ({ inst, truth: raw, falseKeeps, falseEvicts, seed }) => {
        const truth = Uint8Array.from(raw);
        const evicts = raw.filter((b) => b === EVICT).length;
        const expected = { falseKeeps: Math.min(falseKeeps, evicts), falseEvicts: Math.min(falseEvicts, raw.length - evicts) };
        const where = `${showInstance(inst)} truth=${raw.join("")} η0=${falseKeeps} η1=${falseEvicts}`;
        const targeted = targetedBitErrors(inst.requests, truth, { k: inst.k, falseKeeps, falseEvicts, universe: inst.universe });
        const asEta = { eta0: expected.falseKeeps, eta1: expected.falseEvicts };
        expect(bitErrors(targeted.bits, truth), where).toEqual(asEta);
        expect({ falseKeeps: targeted.falseKeeps, falseEvicts: targeted.falseEvicts }, where).toEqual(expected);
        expect(Array.from(targeted.bits), where).toEqual(naiveTargetedBits(inst, truth, falseKeeps, falseEvicts));
        const random = randomBitErrors(truth, { falseKeeps, falseEvicts, seed });
        expect(bitErrors(random.bits, truth), where).toEqual(asEta);
        expect(Array.from(randomBitErrors(truth, { falseKeeps, falseEvicts, seed }).bits), where).toEqual(Array.from(random.bits));
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it("refuses bad budgets, bits and lengths", () => {
    const requests = Int32Array.of(0, 1, 0);
    expect(() => targetedBitErrors(requests, Uint8Array.of(0, 1), { k: 1, falseKeeps: 0, falseEvicts: 0 })).toThrow(/2 true bits for 3/);
    expect(() => randomBitErrors(Uint8Array.of(0, 3), { falseKeeps: 0, falseEvicts: 0, seed: 1 })).toThrow(/true bit 1 is 3/);
    expect(() => randomBitErrors(Uint8Array.of(0, 1), { falseKeeps: -2, falseEvicts: 0, seed: 1 })).toThrow(/η₀/);
  });
});

// A measured observation, not a theorem: on BrightKite users with k = 10, the targeted
// corruptions cost a follower of the predictions at least as many faults as the same budget
// spent at random positions (mean over 5 seeds). The followers are minimal reference models.

/** FollowPred / BlindOracle: evict the resident page with the largest prediction (first on ties). */
function followPred(requests: Int32Array, k: number, predictions: Float64Array): number {
  const pages: number[] = [];
  const preds: number[] = [];
  let faults = 0;
  for (let t = 0; t < requests.length; t++) {
    const i = pages.indexOf(requests[t]);
    if (i >= 0) {
      preds[i] = predictions[t];
      continue;
    }
    faults++;
    let v = pages.length;
    if (pages.length === k) {
      v = 0;
      for (let j = 1; j < k; j++) if (preds[j] > preds[v]) v = j;
    }
    pages[v] = requests[t];
    preds[v] = predictions[t];
  }
  return faults;
}

/** Lazy follow-the-bits: on a fault evict the least recently used EVICT page, else the LRU page. */
function followBits(requests: Int32Array, k: number, bits: Uint8Array): number {
  const pages: number[] = [];
  const used: number[] = [];
  const bit: number[] = [];
  let faults = 0;
  for (let t = 0; t < requests.length; t++) {
    let i = pages.indexOf(requests[t]);
    if (i < 0) {
      faults++;
      i = pages.length;
      if (pages.length === k) {
        i = -1;
        for (let j = 0; j < k; j++) if (bit[j] === EVICT && (i < 0 || used[j] < used[i])) i = j;
        if (i < 0) {
          i = 0;
          for (let j = 1; j < k; j++) if (used[j] < used[i]) i = j;
        }
      }
      pages[i] = requests[t];
    }
    used[i] = t;
    bit[i] = bits[t];
  }
  return faults;
}

/** Discard labels: EVICT iff Belady evicts the page before its next request. */
function discardLabels(requests: Int32Array, k: number, universe: number): Uint8Array {
  const { evictions } = simulate(new Belady(k), requests, { universe, recordEvictions: true });
  const labels = new Uint8Array(requests.length);
  const last = new Int32Array(universe).fill(-1);
  let e = 0;
  for (let t = 0; t < requests.length; t++) {
    for (; e < evictions!.times.length && evictions!.times[e] === t; e++) labels[last[evictions!.pages[e]]] = EVICT;
    last[requests[t]] = t;
  }
  return labels;
}

describe("targeted corruption hurts at least as much as random positions (BrightKite, k = 10)", () => {
  const K = 10;
  const SEEDS = [1, 2, 3, 4, 5];
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

  it("on the first four users with OPT ≥ 50 (in file-name order)", async () => {
    const dir = tracePath("mts-with-predictions/bk");
    const users: Array<{ name: string; requests: Int32Array; universe: number }> = [];
    for (const name of readdirSync(dir).sort()) {
      const { trace } = await readTrace(`${dir}/${name}`, { keys: "string" });
      if (simulate(new Belady(K), trace.requests, { universe: trace.distinct }).faults < 50) continue;
      users.push({ name, requests: trace.requests, universe: trace.distinct });
      if (users.length === 4) break;
    }
    expect(users.length).toBe(4);
    for (const { name, requests, universe } of users) {
      const n = requests.length;
      for (const budget of [n, 5 * n]) {
        const targeted = targetedNextArrival(requests, { k: K, budget, universe });
        expect(targeted.spent, `${name}: budget ${budget} within capacity`).toBe(budget);
        const t = followPred(requests, K, targeted.predictions);
        const r = SEEDS.map((seed) => followPred(requests, K, randomNextArrival(requests, { k: K, budget, seed, universe }).predictions));
        expect(t, `${name} next arrival, ℓ1 budget ${budget}: targeted ${t}, random ${r.join("/")}`).toBeGreaterThanOrEqual(mean(r));
      }
      const truth = discardLabels(requests, K, universe);
      const evicts = truth.reduce((a, b) => a + b, 0);
      for (const share of [0.05, 0.2]) {
        const budget = { falseKeeps: Math.round(share * evicts), falseEvicts: Math.round(share * evicts) };
        const t = followBits(requests, K, targetedBitErrors(requests, truth, { k: K, ...budget, universe }).bits);
        const r = SEEDS.map((seed) => followBits(requests, K, randomBitErrors(truth, { ...budget, seed }).bits));
        expect(t, `${name} bits, η0 = η1 = ${budget.falseKeeps}: targeted ${t}, random ${r.join("/")}`).toBeGreaterThanOrEqual(mean(r));
      }
    }
  });
});
