import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies } from "../../../src/paging/catalog.ts";
import { CombineDet } from "../../../src/paging/combiners/combine-det.ts";
import { CombineRand } from "../../../src/paging/combiners/combine-rand.ts";
import { specializeLazy } from "../../../src/paging/combiners/lazy-combination.ts";
import { Rng } from "../../../src/paging/core/rng.ts";
import { simulate } from "../../../src/paging/core/simulate.ts";
import type { Policy } from "../../../src/paging/core/policy.ts";
import { TrajectoryMemo } from "../../../src/paging/core/trajectory.ts";
import { perfectNextArrival } from "../../../src/predictors/perfect-next-arrival.ts";

const SEED = 20261129;

// Parts of every kind the combiners meet: plain, randomized, prediction-reading, replayable
// (BlindOracle, Marker under a memo), and a combiner as a part.
const PARTS = ["lru", "fifo", "marker", "random", "blind-oracle", "lnonmarker", "predictive-marker", "combine-rand(marker,lru)"];

function log(policy: Policy, requests: Int32Array, universe: number, nextArrival: Float64Array, memo?: TrajectoryMemo): number[] {
  const predictions = { nextArrival };
  if (memo !== undefined) return [simulate(policy, requests, { universe, predictions, memo }).faults];
  const result = simulate(policy, requests, { universe, predictions, recordEvictions: true });
  return [result.faults, ...result.evictions!.times, ...result.evictions!.pages];
}

describe(`combiners compiled per tuple of part classes act as the shared-method class (fast-check seed ${SEED})`, () => {
  it("same faults and eviction log as CombineRand / CombineDet built directly, with and without a memo", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 90, size: "max" }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom(...PARTS), { minLength: 2, maxLength: 3 }),
        fc.nat(),
        fc.boolean(),
        (raw, universe, k, partNames, seed, lazyFifo) => {
          const requests = Int32Array.from(raw, (x) => x % universe);
          const rng = new Rng(seed);
          const nextArrival = perfectNextArrival(requests, { universe, neverAgain: "study" }).map((y) => y + Math.exp(2 * rng.normal()));
          const lazy = lazyFifo ? "fifo" : "lru";
          const parts = (): Policy[] => partNames.map((name, j) => policies.create(name, k, { seed: seed + j }));
          const makers: [string, (ps: Policy[]) => Policy, (ps: Policy[]) => Policy][] = [
            ["combine-rand", (ps) => new CombineRand(k, ps, 0.75, seed, lazy), (ps) => new (specializeLazy(CombineRand, ps))(k, ps, 0.75, seed, lazy)],
            ["combine-det", (ps) => new CombineDet(k, ps, 1, lazy), (ps) => new (specializeLazy(CombineDet, ps))(k, ps, 1, lazy)],
          ];
          for (const [name, plain, special] of makers) {
            const where = `${name}[lazy=${lazy}](${partNames.join(",")}), k = ${k}, ${universe} pages`;
            const made = special(parts());
            expect(Object.getPrototypeOf(made), where).not.toBe(name === "combine-rand" ? CombineRand.prototype : CombineDet.prototype);
            expect(log(made, requests, universe, nextArrival), where).toEqual(log(plain(parts()), requests, universe, nextArrival));
            // Under a memo the replayable parts replay; twice, so the second run replays them.
            const shared = new Map();
            const memo = () => new TrajectoryMemo(requests, universe, nextArrival, shared);
            const expected = log(plain(parts()), requests, universe, nextArrival)[0];
            for (let i = 0; i < 2; i++) expect(log(special(parts()), requests, universe, nextArrival, memo()), where).toEqual([expected]);
          }
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("the registry builds the compiled classes, one per tuple of part classes, named as their base", () => {
    const a = policies.create("combine-rand(marker,blind-oracle)", 4, { seed: 1 });
    const b = policies.create("combine-rand(marker,blind-oracle)", 4, { seed: 2 });
    const c = policies.create("combine-rand(blind-oracle,marker)", 4, { seed: 1 });
    expect(a).toBeInstanceOf(CombineRand);
    expect(Object.getPrototypeOf(a)).not.toBe(CombineRand.prototype);
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(Object.getPrototypeOf(c)).not.toBe(Object.getPrototypeOf(a));
    expect(a.constructor.name).toBe("CombineRand");
    expect(policies.create("combine-det(lnonmarker,marker)", 4, { seed: 1 })).toBeInstanceOf(CombineDet);
  });
});
