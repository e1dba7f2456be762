import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TimeBitset } from "../../src/paging/structures/time-bitset.ts";
import { IntList } from "../../src/paging/structures/int-list.ts";
import { IndexSet } from "../../src/paging/structures/index-set.ts";

const SEED = 20261127;

type Op = { kind: "add" | "del"; x: number };

describe(`data structures against reference models (fast-check seed ${SEED})`, () => {
  it("TimeBitset agrees with a Set on add/delete/max/has for every capacity shape", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70_000 }),
        fc.array(fc.record({ kind: fc.constantFrom("add" as const, "del" as const), x: fc.nat() }), { maxLength: 300, size: "max" }),
        (capacity, ops: Op[]) => {
          const bits = new TimeBitset(capacity);
          const model = new Set<number>();
          for (const op of ops) {
            const x = op.x % capacity;
            if (op.kind === "add" && !model.has(x)) {
              bits.add(x);
              model.add(x);
            } else if (op.kind === "del" && model.has(x)) {
              bits.delete(x);
              model.delete(x);
            }
            expect(bits.size).toBe(model.size);
            expect(bits.max()).toBe(model.size === 0 ? -1 : Math.max(...model));
            expect(bits.has(x)).toBe(model.has(x));
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("IntList keeps insertion/move order like an array model", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 3), fc.nat(30)), { maxLength: 200, size: "max" }), (ops) => {
        const list = new IntList(31);
        let model: number[] = [];
        for (const [kind, x] of ops) {
          if (kind === 0 && !model.includes(x)) {
            list.pushBack(x);
            model.push(x);
          } else if (kind === 1 && model.includes(x)) {
            list.remove(x);
            model = model.filter((y) => y !== x);
          } else if (kind === 2 && model.includes(x)) {
            list.moveToBack(x);
            model = [...model.filter((y) => y !== x), x];
          } else if (kind === 3) {
            expect(list.popFront()).toBe(model.length ? model.shift() : -1);
          }
          expect(list.toArray()).toEqual(model);
          expect(list.size).toBe(model.length);
          expect(list.back()).toBe(model.length ? model[model.length - 1] : -1);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("IndexSet holds exactly the added ids", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(40)), { maxLength: 200, size: "max" }), (ops) => {
        const set = new IndexSet(41);
        const model = new Set<number>();
        for (const [add, x] of ops) {
          if (add && !model.has(x)) {
            set.add(x);
            model.add(x);
          } else if (!add && model.has(x)) {
            set.delete(x);
            model.delete(x);
          }
          expect(new Set(set.toArray())).toEqual(model);
          for (let i = 0; i < set.size; i++) expect(model.has(set.at(i))).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
