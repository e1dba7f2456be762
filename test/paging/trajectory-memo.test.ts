import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies } from "../../src/paging/catalog.ts";
import { Rng } from "../../src/paging/core/rng.ts";
import { simulate } from "../../src/paging/core/simulate.ts";
import type { Policy } from "../../src/paging/core/policy.ts";
import { TrajectoryMemo, TrajectoryReplay, type Trajectory } from "../../src/paging/core/trajectory.ts";
import { CacheState } from "../../src/paging/core/cache.ts";
import { perfectNextArrival } from "../../src/predictors/perfect-next-arrival.ts";
const SEED = 20261129;

// Policies that declare a trajectory, and policies that hold them as parts (combiners) or run
// one inside (Trust&Doubt's BlindOracle), mixed so that the same key is recorded by one and
// replayed by others in every order.
const NAMES = [
  "blind-oracle",
  "marker",
  "trust-and-doubt",
  "combine-rand(marker,blind-oracle)",
  "combine-rand[lazy=fifo](marker,blind-oracle)",
  "combine-det[lazy=fifo](lnonmarker,marker)",
  "combine-det(blind-oracle,marker,lru)",
  "combine-rand(trust-and-doubt,blind-oracle)",
  "combine-det(marker,marker)",
  "opt-marking",
  "follow-pred-marking",
  "combine-det(follow-pred-marking,blind-oracle)",
];

interface Input {
  readonly requests: Int32Array;
  readonly universe: number;
  readonly nextArrival: Float64Array;
}

const inputs: fc.Arbitrary<Input> = fc
  .record({ universe: fc.integer({ min: 1, max: 12 }), raw: fc.array(fc.nat(), { maxLength: 90, size: "max" }), seed: fc.nat(), sigma: fc.constantFrom(0, 1, 3, 20) })
  .map(({ universe, raw, seed, sigma }) => {
    const requests = Int32Array.from(raw, (x) => x % universe);
    const truth = perfectNextArrival(requests, { universe, neverAgain: "study" });
    const rng = new Rng(seed);
    return { requests, universe, nextArrival: truth.map((y) => y + Math.exp(sigma * rng.normal())) };
  });

function log(policy: Policy, input: Input, memo?: TrajectoryMemo): number[] {
  const result = simulate(policy, input.requests, {
    universe: input.universe,
    predictions: { nextArrival: input.nextArrival },
    recordEvictions: true,
    ...(memo ? { memo } : {}),
  });
  return [result.faults, ...result.evictions!.times, ...result.evictions!.pages];
}

describe(`a trajectory memo changes no result (fast-check seed ${SEED})`, () => {
  it("every policy, in any order, with its parts recorded or replayed: same faults and same evictions as a run without memo", () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1, max: 5 }), fc.nat(), fc.shuffledSubarray(NAMES, { minLength: 1 }), (input, k, seed, order) => {
        const memo = new TrajectoryMemo(input.requests, input.universe, input.nextArrival);
        for (const name of [...order, ...order]) {
          const where = `${name}, k = ${k}, seed ${seed}`;
          const fresh = log(policies.create(name, k, { seed }), input);
          // Twice over the order: the second pass finds every declared run recorded.
          const faults = simulate(policies.create(name, k, { seed }), input.requests, {
            universe: input.universe,
            predictions: { nextArrival: input.nextArrival },
            memo,
          }).faults;
          expect(faults, where).toBe(fresh[0]);
          expect(log(policies.create(name, k, { seed }), input, memo), where).toEqual(fresh);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("the memo records declared runs exactly: the replayed log is the run's eviction log", () => {
    const requests = Int32Array.from([0, 1, 2, 3, 0, 1, 4, 2, 0, 3, 4, 1, 2, 0]);
    const nextArrival = perfectNextArrival(requests, { universe: 5 });
    const memo = new TrajectoryMemo(requests, 5, nextArrival);
    const bo = policies.create("blind-oracle", 2);
    const own = simulate(bo, requests, { universe: 5, predictions: { nextArrival }, recordEvictions: true });
    simulate(bo, requests, { universe: 5, predictions: { nextArrival }, memo });
    const recorded = memo.get(bo) as Trajectory;
    expect(recorded.faults).toBe(own.faults);
    expect(Array.from(recorded.evictions.filter((_, i) => i % 2 === 0))).toEqual(Array.from(own.evictions!.times));
    expect(Array.from(recorded.evictions.filter((_, i) => i % 2 === 1))).toEqual(Array.from(own.evictions!.pages));
    // A policy without an identity is neither recorded nor replayed.
    const lru = policies.create("lru", 2);
    simulate(lru, requests, { universe: 5, predictions: { nextArrival }, memo });
    expect(memo.get(lru)).toBeUndefined();
  });

  it("runs that read predictions are kept per predictions array; prediction-free ones are shared", () => {
    const requests = Int32Array.from([0, 1, 2, 0, 3, 1, 2, 3, 0]);
    const a = perfectNextArrival(requests, { universe: 4 });
    const b = a.map((x, t) => (t % 2 === 0 ? x : -x));
    const shared = new Map<string, Trajectory>();
    const memoA = new TrajectoryMemo(requests, 4, a, shared);
    const memoB = new TrajectoryMemo(requests, 4, b, shared);
    const bo = policies.create("blind-oracle", 2);
    const marker = policies.create("marker", 2, { seed: 7 });
    simulate(bo, requests, { universe: 4, predictions: { nextArrival: a }, memo: memoA });
    simulate(marker, requests, { universe: 4, predictions: { nextArrival: a }, memo: memoA });
    expect(memoA.get(bo)).toBeDefined();
    expect(memoB.get(bo)).toBeUndefined();
    expect(memoB.get(marker)).toBe(memoA.get(marker));
    // Another seed is another run.
    expect(memoA.get(policies.create("marker", 2, { seed: 8 }))).toBeUndefined();
    expect(memoA.get(marker)?.faults).toBe(simulate(policies.create("marker", 2, { seed: 7 }), requests, { universe: 4 }).faults);
    // A replayed prediction-free run gives the same faults under other predictions.
    expect(simulate(policies.create("marker", 2, { seed: 7 }), requests, { universe: 4, predictions: { nextArrival: b }, memo: memoB }).faults).toBe(memoA.get(marker)?.faults);
  });

  it("a memo of other requests, universe or predictions is refused", () => {
    const requests = Int32Array.from([0, 1, 0]);
    const nextArrival = new Float64Array([2, 9, 9]);
    const memo = new TrajectoryMemo(requests, 2, nextArrival);
    const bo = policies.create("blind-oracle", 1);
    expect(() => simulate(bo, Int32Array.from([0, 1, 0]), { universe: 2, predictions: { nextArrival }, memo })).toThrow(/memo belongs/);
    expect(() => simulate(bo, requests, { universe: 3, predictions: { nextArrival }, memo })).toThrow(/memo belongs/);
    expect(() => simulate(bo, requests, { universe: 2, predictions: { nextArrival: nextArrival.slice() }, memo })).toThrow(/memo belongs/);
  });

  it("a run that fails keeps nothing, and the next run records afresh", () => {
    const requests = Int32Array.from([0, 1, 2, 0, 1]);
    const nextArrival = new Float64Array([3, 4, 9, 9, 9]);
    const memo = new TrajectoryMemo(requests, 3, nextArrival);
    const combined = policies.create("combine-det(blind-oracle,lru)", 2);
    // The first part starts recording in its reset; the second part's reset then fails.
    (combined as unknown as { shadows: { parts: Policy[] } }).shadows.parts[1].reset = () => {
      throw new Error("part failed");
    };
    expect(() => simulate(combined, requests, { universe: 3, predictions: { nextArrival }, memo })).toThrow(/part failed/);
    const bo = policies.create("blind-oracle", 2);
    // A later run on the memo (sealing what it records) must not keep the failed recording.
    simulate(policies.create("lru", 2), requests, { universe: 3, predictions: { nextArrival }, memo });
    expect(memo.get(bo)).toBeUndefined();
    const faults = simulate(bo, requests, { universe: 3, predictions: { nextArrival }, memo }).faults;
    expect(memo.get(bo)?.faults).toBe(faults);
  });

  it("a replay that is asked for room where the recording evicted nothing throws", () => {
    const cache = new CacheState(1, 2);
    const recorded: Trajectory = { faults: 2, evictions: Int32Array.from([1, 0]) };
    const memo = { get: () => recorded, record: () => undefined } as unknown as TrajectoryMemo;
    const replay = new TrajectoryReplay();
    expect(replay.begin(policies.create("marker", 1), { cache, universe: 2, requests: null, predictions: {}, memo })).toBe(true);
    cache.resident[0] = 1;
    cache.size = 1;
    expect(() => replay.evict(2)).toThrow(/evicted nothing at request 2/);
    replay.evict(1);
    expect(cache.resident[0]).toBe(0);
  });
});
