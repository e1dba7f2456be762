import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { partSeed, simulate, Stepper, Rng, type Policy, type Predictions } from "../../../src/paging/index.ts";
import { driftingInstance, showInstance, smallInstance, type SmallInstance } from "../../proofs-check/arbitraries.ts";
import { perfectNextArrivals, testRegistry } from "./test-policies.ts";

const SEED = 4_190_221;
const reg = testRegistry();
const PARTS = ["lru", "fifo", "fwf", "clock", "lfu", "mru", "random", "marking", "marker", "opt", "anti-opt", "follow-next"];
const COMBINERS = ["combine-det", "combine-det[gamma=0.5]", "combine-det[lazy=fifo]", "combine-rand", "combine-rand[beta=0.99]", "combine-rand[eps=1,lazy=fifo]"];

interface Counters {
  partFaults: number[];
  switchSteps: number;
  followedFaults: number;
}

/** Noisy next-arrival predictions: the truth plus lognormal-ish noise, some entries reversed. */
function noisyPredictions(inst: SmallInstance, seed: number): Predictions {
  const truth = perfectNextArrivals(inst.requests, inst.universe);
  const rng = new Rng(seed);
  const nextArrival = truth.map((v, t) => (rng.next() < 0.3 ? t + 1 + rng.int(5) : v + Math.exp(2 * rng.normal())));
  return { nextArrival };
}

const combination = fc.record({
  combiner: fc.constantFrom(...COMBINERS),
  parts: fc.array(fc.constantFrom(...PARTS), { minLength: 2, maxLength: 3 }),
  nested: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function expressionOf(c: { combiner: string; parts: string[]; nested: boolean }): { expr: string; partExprs: string[] } {
  const partExprs = c.nested ? [`combine-det(${c.parts[0]},lru)`, ...c.parts.slice(1)] : c.parts;
  return { expr: `${c.combiner}(${partExprs.join(",")})`, partExprs };
}

describe("combiners run their parts in exact lockstep", () => {
  it(`each part's faults inside the combiner equal its standalone run, and cost ≤ followed faults + k·switch steps (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(5, 40, 4), driftingInstance(6, 90)), combination, (inst, c) => {
        const { expr, partExprs } = expressionOf(c);
        const predictions = noisyPredictions(inst, c.seed);
        const opts = { universe: inst.universe, predictions };
        const combined = reg.create(expr, inst.k, { seed: c.seed });
        const run = simulate(combined, inst.requests, opts);
        const counters = combined as unknown as Counters;
        const where = `${expr} seed ${c.seed} on ${showInstance(inst)}`;
        partExprs.forEach((p, j) => {
          const alone = simulate(reg.create(p, inst.k, { seed: partSeed(c.seed, j) }), inst.requests, opts).faults;
          expect(counters.partFaults[j], `${where}: part ${j} ${p}`).toBe(alone);
        });
        expect(run.faults, where).toBeLessThanOrEqual(counters.followedFaults + inst.k * counters.switchSteps);
        const opt = simulate(reg.create("opt", inst.k), inst.requests, opts).faults;
        expect(run.faults, where).toBeGreaterThanOrEqual(opt);
        // A second run on the same instance repeats the first exactly (reset restores everything).
        expect(simulate(combined, inst.requests, opts).faults, where).toBe(run.faults);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`Stepper gives exactly simulate's faults and evictions for online combinations (fast-check seed ${SEED + 1})`, () => {
    const online = PARTS.filter((p) => p !== "opt" && p !== "anti-opt");
    fc.assert(
      fc.property(
        driftingInstance(6, 90),
        combination.map((c) => ({ ...c, parts: c.parts.map((p, i) => (online.includes(p) ? p : online[i])) })),
        (inst, c) => {
          const { expr } = expressionOf(c);
          const predictions = noisyPredictions(inst, c.seed);
          const batch = simulate(reg.create(expr, inst.k, { seed: c.seed }), inst.requests, {
            universe: inst.universe,
            predictions,
            recordEvictions: true,
          });
          const stepper = new Stepper(reg.create(expr, inst.k, { seed: c.seed }), inst.universe);
          for (let t = 0; t < inst.requests.length; t++) stepper.request(inst.requests[t], { nextArrival: predictions.nextArrival![t] });
          const where = `${expr} seed ${c.seed} on ${showInstance(inst)}`;
          expect(stepper.faults, where).toBe(batch.faults);
          const ev = stepper.cache.evictions();
          expect(Array.from(ev.pages), where).toEqual(Array.from(batch.evictions!.pages));
          expect(Array.from(ev.times), where).toEqual(Array.from(batch.evictions!.times));
        },
      ),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it(`combining a deterministic policy with itself is that policy, eviction by eviction (fast-check seed ${SEED + 2})`, () => {
    // The own cache starts equal to both parts' caches; on each fault the only own page the
    // followed part lacks is the one it evicted — so the lazy combiner evicts exactly that page.
    const deterministic = ["lru", "fifo", "clock", "lfu", "mru", "marking", "opt", "anti-opt"];
    fc.assert(
      fc.property(fc.oneof(smallInstance(5, 40, 4), driftingInstance(6, 90)), fc.constantFrom(...deterministic), fc.constantFrom(...COMBINERS), (inst, p, comb) => {
        const opts = { universe: inst.universe, recordEvictions: true };
        const alone = simulate(reg.create(p, inst.k), inst.requests, opts);
        const both = simulate(reg.create(`${comb}(${p},${p})`, inst.k, { seed: 3 }), inst.requests, opts);
        const where = `${comb}(${p},${p}) on ${showInstance(inst)}`;
        expect(Array.from(both.evictions!.pages), where).toEqual(Array.from(alone.evictions!.pages));
        expect(both.faults, where).toBe(alone.faults);
        // FWF flushes its cache; lazy following of it can only fault less.
        const fwf = simulate(reg.create("fwf", inst.k), inst.requests, opts).faults;
        expect(simulate(reg.create(`${comb}(fwf,fwf)`, inst.k, { seed: 3 }), inst.requests, opts).faults, where).toBeLessThanOrEqual(fwf);
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });

  it("a part built for another k, or fewer than two parts, is refused", async () => {
    const { CombineDet } = await import("../../../src/paging/combiners/combine-det.ts");
    const lru3 = reg.create("lru", 3);
    const lru4 = reg.create("lru", 4);
    expect(() => new CombineDet(3, [lru3, lru4])).toThrow(/k=4 inside a combiner with k=3/);
    expect(() => reg.create("combine-det", 3, { parts: [lru3] as Policy[] })).toThrow();
  });
});
