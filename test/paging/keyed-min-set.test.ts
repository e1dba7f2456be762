import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { KEYED_SCAN_CAPACITY, KeyedMinSet } from "../../src/paging/structures/keyed-min-set.ts";

const SEED = 20260524;
const UNIVERSE = 24;

type Op = { kind: "add" | "delete" | "rekey"; id: number; key: number } | { kind: "clear" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom("add" as const, "delete" as const, "rekey" as const), id: fc.nat(UNIVERSE - 1), key: fc.integer({ min: -3, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const) }) },
);

/** The member with the smallest (key, id), −1 if none. */
function modelMin(members: Set<number>, keys: Int32Array): number {
  let best = -1;
  for (const id of members) if (best === -1 || keys[id] < keys[best] || (keys[id] === keys[best] && id < best)) best = id;
  return best;
}

describe(`KeyedMinSet against a set model, both representations (fast-check seed ${SEED})`, () => {
  for (const scan of [true, false]) {
    it(`${scan ? "scan" : "heap"}: add, delete, clear and min agree; keys change only outside the set`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300, size: "max" }), (ops) => {
          const keys = new Int32Array(UNIVERSE);
          const set = new KeyedMinSet(keys, UNIVERSE, UNIVERSE, scan);
          const model = new Set<number>();
          for (const o of ops) {
            if (o.kind === "clear") {
              set.clear();
              model.clear();
            } else if (o.kind === "add" && !model.has(o.id)) {
              set.add(o.id);
              model.add(o.id);
            } else if (o.kind === "delete" && model.has(o.id)) {
              set.delete(o.id);
              model.delete(o.id);
            } else if (o.kind === "rekey" && !model.has(o.id)) {
              // Equal keys are common (few values): the id breaks the tie.
              keys[o.id] = o.key;
            }
            expect(set.size).toBe(model.size);
            expect(set.min()).toBe(modelMin(model, keys));
          }
          for (let id = 0; id < UNIVERSE; id++) expect(set.has(id)).toBe(model.has(id));
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
  }

  it("picks the scan up to KEYED_SCAN_CAPACITY and the heap beyond", () => {
    const keys = new Int32Array(300);
    expect(new KeyedMinSet(keys, 300, KEYED_SCAN_CAPACITY).representation).toBe("scan");
    expect(new KeyedMinSet(keys, 300, KEYED_SCAN_CAPACITY + 1).representation).toBe("heap");
  });
});
