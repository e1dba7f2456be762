import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies } from "../../src/paging/catalog.ts";
import { simulate } from "../../src/paging/core/simulate.ts";

const SEED = 424242;

/**
 * Obvious array-based implementations of each deterministic policy, written from the
 * definitions alone; the fast typed-array policies must evict exactly the same pages.
 */
type Model = (requests: number[], k: number) => { faults: number; evicted: number[] };

function model(choose: (cache: number[], state: ModelState, t: number, requests: number[]) => number[]): Model {
  return (requests, k) => {
    const state: ModelState = { last: new Map(), inserted: new Map(), count: new Map(), refBit: new Map(), ring: [], hand: 0 };
    let cache: number[] = [];
    let faults = 0;
    const evicted: number[] = [];
    requests.forEach((p, t) => {
      if (cache.includes(p)) {
        state.count.set(p, (state.count.get(p) ?? 0) + 1);
        state.refBit.set(p, 1);
      } else {
        faults++;
        if (cache.length === k) {
          const victims = choose(cache, state, t, requests);
          evicted.push(...victims);
          cache = cache.filter((q) => !victims.includes(q));
        }
        cache.push(p);
        state.inserted.set(p, t);
        state.count.set(p, 1);
        state.refBit.set(p, 0);
      }
      state.last.set(p, t);
    });
    return { faults, evicted };
  };
}

interface ModelState {
  last: Map<number, number>;
  inserted: Map<number, number>;
  count: Map<number, number>;
  refBit: Map<number, number>;
  ring: number[];
  hand: number;
}

const argmin = (cache: number[], key: (p: number) => number): number =>
  cache.reduce((best, p) => (key(p) < key(best) ? p : best), cache[0]);

const MODELS: Record<string, Model> = {
  lru: model((cache, s) => [argmin(cache, (p) => s.last.get(p)!)]),
  mru: model((cache, s) => [argmin(cache, (p) => -s.last.get(p)!)]),
  fifo: model((cache, s) => [argmin(cache, (p) => s.inserted.get(p)!)]),
  fwf: model((cache) => [...cache]),
  lfu: model((cache, s) => [argmin(cache, (p) => s.count.get(p)! * 1e6 + s.last.get(p)!)]),
  opt: model((cache, _s, t, requests) => {
    // Furthest next use; never-again pages first, the one with the oldest last request.
    const nextUse = (p: number) => {
      const i = requests.indexOf(p, t + 1);
      return i === -1 ? Infinity : i;
    };
    const dead = cache.filter((p) => nextUse(p) === Infinity);
    if (dead.length > 0) return [argmin(dead, (p) => lastBefore(requests, p, t))];
    return [argmin(cache, (p) => -nextUse(p))];
  }),
};

function lastBefore(requests: number[], p: number, t: number): number {
  for (let i = t - 1; i >= 0; i--) if (requests[i] === p) return i;
  return -1;
}

/** CLOCK from its textbook description: a ring of k slots, a hand, reference bits. */
function clockModel(requests: number[], k: number): { faults: number; evicted: number[] } {
  const slots: number[] = [];
  const ref = new Map<number, number>();
  let hand = 0;
  let faults = 0;
  const evicted: number[] = [];
  for (const p of requests) {
    if (slots.includes(p)) {
      ref.set(p, 1);
      continue;
    }
    faults++;
    if (slots.length < k) {
      slots.push(p);
      ref.set(p, 0);
      continue;
    }
    while (ref.get(slots[hand]) === 1) {
      ref.set(slots[hand], 0);
      hand = (hand + 1) % k;
    }
    evicted.push(slots[hand]);
    slots[hand] = p;
    ref.set(p, 0);
    hand = (hand + 1) % k;
  }
  return { faults, evicted };
}

const sequences = fc.record({
  k: fc.integer({ min: 1, max: 6 }),
  requests: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 80, size: "max" }),
});

describe(`fast policies evict exactly what their reference models evict (fast-check seed ${SEED})`, () => {
  for (const [name, ref] of [...Object.entries(MODELS), ["clock", clockModel] as const]) {
    it(name, () => {
      fc.assert(
        fc.property(sequences, ({ k, requests }) => {
          const run = simulate(policies.create(name, k), Int32Array.from(requests), { universe: 10, recordEvictions: true });
          const expected = ref(requests, k);
          expect(run.faults).toBe(expected.faults);
          expect(Array.from(run.evictions!.pages)).toEqual(expected.evicted);
        }),
        { seed: SEED, numRuns: 400 },
      );
    });
  }
});

describe(`Marking's phases are the k-phases of the sequence (fast-check seed ${SEED})`, () => {
  it("its phase counter ends at the number of k-phases, and it evicts what LRU evicts", async () => {
    const { kPhases } = await import("../../src/paging/analysis/phases.ts");
    const { Marking } = await import("../../src/paging/classical/marking.ts");
    fc.assert(
      fc.property(sequences, ({ k, requests }) => {
        fc.pre(requests.length > 0);
        const seq = Int32Array.from(requests);
        const marking = new Marking(k);
        const run = simulate(marking, seq, { universe: 10, recordEvictions: true });
        expect(marking.phase).toBe(kPhases(seq, k).count);
        const lru = simulate(policies.create("lru", k), seq, { universe: 10, recordEvictions: true });
        expect(Array.from(run.evictions!.pages)).toEqual(Array.from(lru.evictions!.pages));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("CacheState.contents", () => {
  it("lists the resident pages in id order as a Stepper serves requests", async () => {
    const { Stepper } = await import("../../src/paging/core/simulate.ts");
    const stepper = new Stepper(policies.create("fifo", 2), 5);
    expect(Array.from(stepper.cache.contents())).toEqual([]);
    for (const p of [4, 1, 4]) stepper.request(p);
    expect(Array.from(stepper.cache.contents())).toEqual([1, 4]);
    stepper.request(0); // FIFO evicts 4, the first in
    expect(Array.from(stepper.cache.contents())).toEqual([0, 1]);
  });
});
