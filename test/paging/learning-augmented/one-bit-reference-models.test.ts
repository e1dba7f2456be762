import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { followDiscardEager, policies, simulate } from "../../../src/paging/index.ts";
import { runModel, type Rule } from "./one-bit-models.ts";

const SEED = 90_210;

/** k ≤ 5, up to 8 pages, up to 60 requests, arbitrary bits, a policy seed. */
const instances = fc
  .record({ k: fc.integer({ min: 1, max: 5 }), pages: fc.integer({ min: 1, max: 8 }), seed: fc.nat() })
  .chain(({ k, pages, seed }) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: pages - 1 }), fc.integer({ min: 0, max: 1 })), { maxLength: 60, size: "max" })
      .map((rs) => ({ k, seed, universe: pages, requests: Int32Array.from(rs.map((r) => r[0])), bits: Uint8Array.from(rs.map((r) => r[1])) })),
  );

const show = (i: { k: number; requests: Int32Array; bits: Uint8Array; seed: number }) =>
  `k=${i.k} seed=${i.seed} σ=[${Array.from(i.requests).join(" ")}] bits=${Array.from(i.bits).join("")}`;

describe(`one-bit policies evict what their definitions allow, eviction by eviction (fast-check seed ${SEED})`, () => {
  it("follow-discard: exactly the model's victims (LRU among EVICT pages, else marking with LRU among unmarked)", () => {
    fc.assert(
      fc.property(instances, (inst) => {
        const run = simulate(policies.create("follow-discard", inst.k), inst.requests, {
          universe: inst.universe,
          predictions: { bits: inst.bits },
          recordEvictions: true,
        });
        const model = runModel("follow-discard", inst.requests, inst.bits, inst.k);
        expect(run.faults, show(inst)).toBe(model.faults);
        expect(Array.from(run.evictions!.pages), show(inst)).toEqual(model.evicted);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  for (const rule of ["follow-discard-rand", "mark-and-predict"] as const satisfies readonly Rule[]) {
    it(`${rule}: every victim is one the definition allows, for every seed`, () => {
      fc.assert(
        fc.property(instances, (inst) => {
          const run = simulate(policies.create(rule, inst.k, { seed: inst.seed }), inst.requests, {
            universe: inst.universe,
            predictions: { bits: inst.bits },
            recordEvictions: true,
          });
          const victims = Array.from(run.evictions!.pages);
          const model = runModel(rule, inst.requests, inst.bits, inst.k, (allowed, i) => victims[i]);
          model.allowed.forEach((allowed, i) => expect(allowed, `${show(inst)} eviction ${i}`).toContain(victims[i]));
          expect(run.faults).toBe(model.faults);
          expect(model.evicted).toEqual(victims);
        }),
        { seed: SEED, numRuns: 600 },
      );
    });
  }

  it("follow-discard-eager: drops after every EVICT request, and full-cache victims are unmarked pages", () => {
    fc.assert(
      fc.property(instances, (inst) => {
        const run = followDiscardEager(inst.requests, inst.bits, inst.k, { seed: inst.seed, universe: inst.universe, recordEvictions: true });
        const { times, pages } = run.evictions!;
        // A drop is the requested page itself; a fault's victim never is.
        const victims = Array.from(pages).filter((p, i) => inst.requests[times[i]] !== p);
        const model = runModel("follow-discard-eager", inst.requests, inst.bits, inst.k, (allowed, i) => victims[i]);
        model.allowed.forEach((allowed, i) => expect(allowed, `${show(inst)} eviction ${i}`).toContain(victims[i]));
        expect(run.faults, show(inst)).toBe(model.faults);
        expect(Array.from(pages)).toEqual(model.evicted);
        expect(run.drops).toBe(inst.bits.reduce((s, b) => s + b, 0));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it("the randomized victims are not always the same candidate (the seed matters)", () => {
    // Loop over k+1 pages, all KEEP: follow-discard-rand is Marker here; different seeds must differ.
    const k = 4;
    const requests = Int32Array.from({ length: 60 }, (_, t) => t % (k + 1));
    const bits = new Uint8Array(60);
    for (const name of ["follow-discard-rand", "mark-and-predict"]) {
      const runs = new Set(
        [1, 2, 3, 4, 5].map((seed) =>
          Array.from(simulate(policies.create(name, k, { seed }), requests, { predictions: { bits }, recordEvictions: true }).evictions!.pages).join(),
        ),
      );
      expect(runs.size, name).toBeGreaterThan(1);
    }
  });
});
