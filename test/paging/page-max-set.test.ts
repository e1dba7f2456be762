import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PageMaxSet, SCAN_CAPACITY } from "../../src/paging/structures/page-max-set.ts";

const SEED = 20260521;
const UNIVERSE = 24;

type Op =
  | { kind: "add" | "push"; page: number; key: number }
  | { kind: "update"; page: number; key: number }
  | { kind: "delete"; page: number }
  | { kind: "popMax" | "clear" };

// Few distinct keys, infinities and both zeros included, so equal keys (decided by the tie) are common.
const key = fc.constantFrom(0, -0, 1, 2.5, 7, -3, Infinity, -Infinity);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), page: fc.nat(UNIVERSE - 1), key }),
  fc.record({ kind: fc.constant("push" as const), page: fc.nat(UNIVERSE - 1), key }),
  fc.record({ kind: fc.constant("update" as const), page: fc.nat(UNIVERSE - 1), key }),
  fc.record({ kind: fc.constant("delete" as const), page: fc.nat(UNIVERSE - 1) }),
  fc.record({ kind: fc.constant("popMax" as const) }),
  fc.record({ kind: fc.constant("clear" as const) }),
);

/** The page with the largest (key, tie) of the model, −1 if empty. */
function modelMax(model: Map<number, { key: number; tie: number }>): number {
  let best = -1;
  for (const [p, e] of model) {
    const b = model.get(best);
    if (b === undefined || e.key > b.key || (e.key === b.key && e.tie > b.tie)) best = p;
  }
  return best;
}

describe(`PageMaxSet against a map model, both representations (fast-check seed ${SEED})`, () => {
  for (const scan of [true, false]) {
    it(`${scan ? "scan" : "heap"}: add, push+heapify, update, delete, popMax, clear agree with the model`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300, size: "max" }), (ops) => {
          const set = new PageMaxSet(UNIVERSE, UNIVERSE, scan);
          const model = new Map<number, { key: number; tie: number }>();
          for (const o of ops) {
            switch (o.kind) {
              case "add":
              case "push":
                if (model.has(o.page)) break;
                // Distinct ties (the page's own, scrambled) keep (key, tie) pairs distinct.
                model.set(o.page, { key: o.key, tie: (o.page * 7) % UNIVERSE });
                if (o.kind === "add") set.add(o.page, o.key, (o.page * 7) % UNIVERSE);
                else {
                  set.push(o.page, o.key, (o.page * 7) % UNIVERSE);
                  set.heapify();
                }
                break;
              case "update":
                if (!model.has(o.page)) break;
                model.get(o.page)!.key = o.key;
                set.update(o.page, o.key);
                break;
              case "delete":
                if (!model.has(o.page)) break;
                model.delete(o.page);
                set.delete(o.page);
                break;
              case "popMax": {
                const expected = modelMax(model);
                model.delete(expected);
                expect(set.popMax()).toBe(expected);
                break;
              }
              case "clear":
                model.clear();
                set.clear();
                break;
            }
            expect(set.size).toBe(model.size);
            expect(set.max()).toBe(modelMax(model));
            if ("page" in o) expect(set.has(o.page)).toBe(model.has(o.page));
          }
          for (let p = 0; p < UNIVERSE; p++) {
            expect(set.has(p)).toBe(model.has(p));
            if (model.has(p)) expect(set.keyOf(p) === model.get(p)!.key).toBe(true);
          }
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  }

  it("bulk push then one heapify gives the same maximum as adding one by one", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(UNIVERSE - 1), { maxLength: UNIVERSE }), fc.array(key, { minLength: UNIVERSE, maxLength: UNIVERSE }), (pages, keys) => {
        for (const scan of [true, false]) {
          const bulk = new PageMaxSet(UNIVERSE, UNIVERSE, scan);
          for (const p of pages) bulk.push(p, keys[p], p);
          bulk.heapify();
          const order: number[] = [];
          for (let x = bulk.popMax(); x !== -1; x = bulk.popMax()) order.push(x);
          const expected = [...pages].sort((a, b) => (keys[a] > keys[b] ? -1 : keys[a] < keys[b] ? 1 : b - a));
          expect(order).toEqual(expected);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("picks the scan up to SCAN_CAPACITY and the heap beyond, with the same answers", () => {
    const small = new PageMaxSet(100, SCAN_CAPACITY);
    const large = new PageMaxSet(100, SCAN_CAPACITY + 1);
    expect(small.representation).toBe("scan");
    expect(large.representation).toBe("heap");
    for (const s of [small, large]) {
      for (let p = 0; p < SCAN_CAPACITY; p++) s.add(p, p % 5, p);
      expect(s.max()).toBe(29); // key 4, the largest tie among p ≡ 4 (mod 5) below 32
      s.update(29, -1);
      expect(s.popMax()).toBe(24);
    }
  });
});
