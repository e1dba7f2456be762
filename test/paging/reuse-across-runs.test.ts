import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies } from "../../src/paging/catalog.ts";
import { Rng } from "../../src/paging/core/rng.ts";
import { simulate } from "../../src/paging/core/simulate.ts";
import type { Policy } from "../../src/paging/core/policy.ts";
import { TrajectoryMemo } from "../../src/paging/core/trajectory.ts";
import { reseedPolicy } from "../../src/paging/registry.ts";
import { perfectNextArrival } from "../../src/predictors/perfect-next-arrival.ts";

const SEED = 20260525;

// Policies whose `reset` keeps buffers between runs (the study resets one instance per noise
// level on a trace), and the combinations the study runs; the engine keeps each policy's cache.
const NAMES = [
  "marker",
  "random",
  "blind-oracle",
  "follow-pred-marking",
  "lmarker",
  "lnonmarker",
  "predictive-marker",
  "trust-and-doubt",
  "combine-rand(marker,lru)",
  "combine-rand(marker,blind-oracle)",
  "combine-det(lnonmarker,marker)",
  "combine-det[lazy=fifo](blind-oracle,marker,lru)",
  "combine-rand[lazy=fifo](lmarker,random)",
];

interface Run {
  readonly requests: Int32Array;
  readonly universe: number;
  readonly nextArrival: Float64Array;
}

/**
 * Several runs, most over one universe (the reuse path: same universe and k) and some over
 * another, each with its own sequence and noisy predictions.
 */
const runs: fc.Arbitrary<Run[]> = fc
  .record({
    universe: fc.integer({ min: 1, max: 9 }),
    other: fc.integer({ min: 1, max: 12 }),
    seqs: fc.array(fc.record({ same: fc.boolean(), raw: fc.array(fc.nat(), { maxLength: 70, size: "max" }), seed: fc.nat() }), { minLength: 2, maxLength: 5 }),
  })
  .map(({ universe, other, seqs }) =>
    seqs.map(({ same, raw, seed }) => {
      const u = same ? universe : other;
      const requests = Int32Array.from(raw, (x) => x % u);
      const truth = perfectNextArrival(requests, { universe: u, neverAgain: "study" });
      const rng = new Rng(seed);
      return { requests, universe: u, nextArrival: truth.map((y) => y + Math.exp(3 * rng.normal())) };
    }),
  );

function evictions(policy: Policy, run: Run): number[] {
  const result = simulate(policy, run.requests, { universe: run.universe, predictions: { nextArrival: run.nextArrival }, recordEvictions: true });
  return [result.faults, ...result.evictions!.times, ...result.evictions!.pages];
}

describe(`one instance reused across runs repeats fresh instances exactly (fast-check seed ${SEED})`, () => {
  it("same faults and eviction log, run after run, whatever the universes of earlier runs", () => {
    fc.assert(
      fc.property(runs, fc.integer({ min: 1, max: 5 }), fc.nat(), (sequence, k, seed) => {
        for (const name of NAMES) {
          const reused = policies.create(name, k, { seed });
          sequence.forEach((run, i) => {
            const where = `${name}, k = ${k}, run ${i} over ${run.universe} pages`;
            const fresh = evictions(policies.create(name, k, { seed }), run);
            // Without a log the engine hands the policy its previous run's cache, emptied.
            const plain = simulate(reused, run.requests, { universe: run.universe, predictions: { nextArrival: run.nextArrival } });
            expect(plain.faults, where).toBe(fresh[0]);
            expect(evictions(reused, run), where).toEqual(fresh);
          });
        }
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});

// Randomized policies restarted from another seed (`reseedPolicy`) must make the runs of a policy
// built with that seed: the study keeps one instance per algorithm and reseeds it every run. Runs
// share one memo of prediction-free runs, as in the study, so a reseeded Marker part must not
// find its old seed's run there.
const RESEEDED = [
  ...NAMES.filter((name) => policies.get(name).randomized),
  "online-min",
  "guard",
  "follower-robust",
  "combine-det(marker,combine-rand(random,lru))",
];
const BIT_POLICIES = ["follow-discard-rand", "mark-and-predict"];

describe(`a reseeded instance repeats an instance built with the new seed (fast-check seed ${SEED})`, () => {
  it("same faults and eviction log for every seed, prediction-free runs memoised across seeds", () => {
    fc.assert(
      fc.property(runs, fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { minLength: 2, maxLength: 4 }), (sequence, k, seeds) => {
        const bits = (run: Run): Uint8Array => Uint8Array.from(run.nextArrival, (x, t) => (x - t > 4 ? 1 : 0));
        for (const name of [...RESEEDED, ...BIT_POLICIES]) {
          const info = policies.get(name);
          const reused = info.create(k, { seed: seeds[0] });
          sequence.forEach((run, i) => {
            const predictions = { nextArrival: run.nextArrival, bits: bits(run) };
            const shared = new Map();
            for (const seed of seeds) {
              const where = `${name}, k = ${k}, run ${i} over ${run.universe} pages, seed ${seed}`;
              expect(reseedPolicy(info, reused, seed), where).toBe(true);
              const fresh = simulate(info.create(k, { seed }), run.requests, { universe: run.universe, predictions, recordEvictions: true });
              const memo = new TrajectoryMemo(run.requests, run.universe, run.nextArrival, shared);
              const again = simulate(reused, run.requests, { universe: run.universe, predictions, memo });
              expect(again.faults, where).toBe(fresh.faults);
              const logged = simulate(reused, run.requests, { universe: run.universe, predictions, recordEvictions: true });
              expect([logged.faults, ...logged.evictions!.times, ...logged.evictions!.pages], where).toEqual([
                fresh.faults,
                ...fresh.evictions!.times,
                ...fresh.evictions!.pages,
              ]);
            }
          });
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("refuses, changing nothing, a randomized policy that cannot be reseeded; deterministic ones need nothing", () => {
    const lecar = policies.get("lecar");
    expect(lecar.randomized).toBe(true);
    const policy = lecar.create(3, { seed: 1 });
    expect(reseedPolicy(lecar, policy, 2)).toBe(false);
    const lru = policies.get("lru");
    expect(reseedPolicy(lru, lru.create(3, {}), 7)).toBe(true);
  });
});
