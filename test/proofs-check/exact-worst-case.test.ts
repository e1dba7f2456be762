import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { add, divide, type Fraction } from "mathjs";
import { hasCanonicalState } from "../../src/paging/core/canonical-state.ts";
import { Lru, policies, simulate, type Policy } from "../../src/paging/index.ts";
import {
  bruteForceOpt,
  canonicalSequenceCount,
  cmp,
  exactWorstCase,
  frac,
  markerExpectedFaults,
  OptFrontier,
  show,
  worstCaseRatio,
} from "../../src/proofs-check/index.ts";
import { Scratch, WorkFunction } from "../../src/proofs-check/work-function.ts";
import { InputError } from "../../src/errors.ts";

// One seed per property, printed in the test names; fast-check prints the shrunk counterexample.
const SEED_SEARCH = 20_261_129;
const SEED_FRONTIER = 20_261_130;
const SEED_STATE = 20_261_131;

const CANONICAL = ["lru", "fifo", "fwf", "clock", "marking", "mru"] as const;

/** Every canonical sequence (first-occurrence order) of length 1..maxLength over `pages` pages. */
function* canonicalSequences(pages: number, maxLength: number): Generator<Int32Array> {
  const seq: number[] = [];
  function* walk(used: number): Generator<Int32Array> {
    if (seq.length > 0) yield Int32Array.from(seq);
    if (seq.length === maxLength) return;
    for (let p = 0; p < Math.min(pages, used + 1); p++) {
      seq.push(p);
      yield* walk(p === used ? used + 1 : used);
      seq.pop();
    }
  }
  yield* walk(0);
}

describe("exact worst case by dynamic programming over (ALG state, OPT frontier)", () => {
  it(`equals the brute-force enumeration, with a witness that re-simulates (fast-check seed ${SEED_SEARCH})`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CANONICAL),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 7 }),
        (name, k, extra, maxLength) => {
          const pages = k + 1 + extra;
          const fast = exactWorstCase(name, { k, maxLength, pages });
          const slow = worstCaseRatio(name, { k, maxLength, universe: pages });
          expect(fast.method).toBe("states");
          expect(show(fast.ratio)).toBe(show(slow.ratio));
          // The witness is genuine, independently of the search, and no longer than the brute force's.
          expect(simulate(policies.create(name, k), fast.witness, { universe: pages }).faults).toBe(Number(fast.alg.valueOf()));
          expect(bruteForceOpt(fast.witness, k).cost).toBe(fast.opt);
          expect(show(frac(Number(fast.alg.valueOf()), fast.opt))).toBe(show(fast.ratio));
          expect(fast.witness.length).toBe(slow.witness.length);
          expect(fast.sequences).toBe(slow.sequences);
        },
      ),
      { seed: SEED_SEARCH, numRuns: 60 },
    );
  });

  it("reaches the finite-n worst case of LRU at the speed targets' sizes: k = 3, n ≤ 14 and k = 4, n ≤ 12 give 2", () => {
    for (const [k, maxLength] of [
      [3, 14],
      [4, 12],
    ]) {
      const w = exactWorstCase("lru", { k, maxLength });
      expect(show(w.ratio)).toBe("2");
      expect(simulate(policies.create("lru", k), w.witness).faults).toBe(2 * w.opt);
      expect(w.sequences).toBe(Number(canonicalSequenceCount(k + 1, maxLength)));
    }
  });

  it("Marker's exact expectation: equals the maximum of markerExpectedFaults/OPT over every canonical sequence", () => {
    for (const [k, pages, maxLength] of [
      [2, 3, 7],
      [2, 4, 6],
      [3, 4, 6],
    ]) {
      let best = frac(0);
      for (const seq of canonicalSequences(pages, maxLength)) {
        const r = divide(markerExpectedFaults(seq, k), frac(bruteForceOpt(seq, k).cost)) as Fraction;
        if (cmp(r, best) > 0) best = r;
      }
      const w = exactWorstCase("marker", { k, maxLength, pages });
      expect(w.expectation).toBe(true);
      expect(show(w.ratio), `k=${k} pages=${pages} n≤${maxLength}`).toBe(show(best));
      expect(show(markerExpectedFaults(w.witness, k))).toBe(show(w.alg));
    }
  });

  it("Random's exact expectation matches an independent recursion over every victim choice", () => {
    // E[faults] by explicit branching: each resident page evicted with probability 1/k.
    const expected = (seq: Int32Array, k: number): Fraction => {
      const go = (t: number, cache: readonly number[]): Fraction => {
        if (t === seq.length) return frac(0);
        const p = seq[t];
        if (cache.includes(p)) return go(t + 1, cache);
        if (cache.length < k) return add(frac(1), go(t + 1, [...cache, p])) as Fraction;
        let sum = frac(0);
        for (const victim of cache) sum = add(sum, go(t + 1, [...cache.filter((q) => q !== victim), p])) as Fraction;
        return add(frac(1), divide(sum, frac(k))) as Fraction;
      };
      return go(0, []);
    };
    for (const [k, pages, maxLength] of [
      [2, 3, 6],
      [3, 4, 5],
    ]) {
      let best = frac(0);
      for (const seq of canonicalSequences(pages, maxLength)) {
        const r = divide(expected(seq, k), frac(bruteForceOpt(seq, k).cost)) as Fraction;
        if (cmp(r, best) > 0) best = r;
      }
      const w = exactWorstCase("random", { k, maxLength, pages });
      expect(show(w.ratio)).toBe(show(best));
      expect(show(expected(w.witness, k))).toBe(show(w.alg));
    }
  });

  it("falls back to enumeration for a policy without canonicalState, and caps it before starting", () => {
    class Plain extends Lru {}
    // Hide the capability: the fallback must give the same answer.
    const make = (k: number): Policy => {
      const p = new Plain(k);
      Object.defineProperty(p, "canonicalState", { value: undefined });
      return p;
    };
    expect(hasCanonicalState(make(2))).toBe(false);
    const w = exactWorstCase(make, { k: 2, maxLength: 8 });
    expect(w.method).toBe("sequences");
    expect(show(w.ratio)).toBe(show(exactWorstCase("lru", { k: 2, maxLength: 8 }).ratio));
    expect(() => exactWorstCase(make, { k: 2, maxLength: 8, maxSequences: 100 })).toThrow(/limit 100/);
    expect(() => exactWorstCase("lfu", { k: 3, maxLength: 40 })).toThrow(InputError);
  });

  it("refuses randomized policies without an exact expectation, offline ones and bad sizes", () => {
    expect(() => exactWorstCase("online-min", { k: 2, maxLength: 4 })).toThrow(/supports marker, random/);
    expect(() => exactWorstCase("opt", { k: 2, maxLength: 4 })).toThrow(/offline/);
    expect(() => exactWorstCase("lru", { k: 0, maxLength: 4 })).toThrow(InputError);
    expect(() => exactWorstCase("lru", { k: 2, maxLength: 0 })).toThrow(InputError);
    expect(() => exactWorstCase("lru", { k: 2, maxLength: 4, pages: 17 })).toThrow(InputError);
    expect(() => exactWorstCase("clock", { k: 3, maxLength: 12, pages: 6, maxStates: 10 })).toThrow(/more than 10 distinct states/);
  });
});

describe("pruned work function", () => {
  it(`gives the exhaustive optimum of every prefix (fast-check seed ${SEED_FRONTIER})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.nat(), { maxLength: 16 }),
        (k, pages, raw) => {
          const seq = raw.map((p) => p % pages);
          const full = new OptFrontier(k, pages);
          const scratch = new Scratch();
          let wf = WorkFunction.initial(k, pages);
          let opt = 0;
          for (const p of seq) {
            const { next, increase } = wf.step(p, scratch);
            wf = next;
            opt += increase;
            expect(opt).toBe(full.push(p));
            for (const c of wf.costs) expect(c).toBeLessThan(k);
          }
        },
      ),
      { seed: SEED_FRONTIER, numRuns: 300 },
    );
  });
});

describe("canonicalState contract", () => {
  it(`equal descriptions mean equal futures up to renaming (fast-check seed ${SEED_STATE})`, () => {
    const state = (name: string, k: number, seq: number[], pages: number) => {
      const policy = policies.create(name, k);
      simulate(policy, Int32Array.from(seq), { universe: pages });
      if (!hasCanonicalState(policy)) throw new Error(`${name} has no canonical state`);
      const order: number[] = [];
      return { description: policy.canonicalState(order), order };
    };
    let compared = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...CANONICAL),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }),
        (name, k, sigma, tau, rho) => {
          const pages = 4;
          const a = state(name, k, sigma, pages);
          const b = state(name, k, tau, pages);
          if (a.description !== b.description || a.order.length !== b.order.length) return;
          // The bijection a.order[i] → b.order[i], the other pages in increasing order.
          const map = new Int32Array(pages).fill(-1);
          a.order.forEach((p, i) => (map[p] = b.order[i]));
          const freeA = [...Array(pages).keys()].filter((p) => !a.order.includes(p));
          const freeB = [...Array(pages).keys()].filter((p) => !b.order.includes(p));
          freeA.forEach((p, i) => (map[p] = freeB[i]));
          const cost = (prefix: number[], rest: number[]) =>
            simulate(policies.create(name, k), Int32Array.from([...prefix, ...rest]), { universe: pages }).faults -
            simulate(policies.create(name, k), Int32Array.from(prefix), { universe: pages }).faults;
          expect(cost(sigma, rho)).toBe(cost(tau, rho.map((p) => map[p])));
          compared++;
        },
      ),
      { seed: SEED_STATE, numRuns: 400 },
    );
    // Not vacuous: many generated pairs of runs do share a description.
    expect(compared).toBeGreaterThan(40);
  });
});

describe("worst case by length", () => {
  it("byLength[n−1] equals a separate search with maxLength = n (CLOCK and Marker, k = 2, 3 pages)", () => {
    for (const name of ["clock", "marker"]) {
      const all = exactWorstCase(name, { k: 2, maxLength: 9 });
      expect(all.byLength).toHaveLength(9);
      for (let n = 1; n <= 9; n++) {
        expect(show(all.byLength![n - 1]), `${name} n=${n}`).toBe(show(exactWorstCase(name, { k: 2, maxLength: n }).ratio));
      }
    }
  });
});
