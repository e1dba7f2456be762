import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MonotoneBucketQueue } from "../../src/paging/structures/monotone-bucket-queue.ts";

const SEED = 20261129;
const UNIVERSE = 20;

/** add: key = floor + above; above is mostly small (ties, reuse of buckets), sometimes far (widening). */
type Op = { kind: "add"; id: number; above: number } | { kind: "remove"; id: number } | { kind: "pop" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("add" as const), id: fc.nat(UNIVERSE - 1), above: fc.nat(6) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("add" as const), id: fc.nat(UNIVERSE - 1), above: fc.integer({ min: 60, max: 5000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), id: fc.nat(UNIVERSE - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("pop" as const) }) },
);

describe(`MonotoneBucketQueue against a list model (fast-check seed ${SEED})`, () => {
  it("pops the least key, first added among equals; floor, size and keys agree, across widenings", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400, size: "max" }), (ops) => {
        const queue = new MonotoneBucketQueue(UNIVERSE);
        // Model: held ids with key and the sequence number of their add.
        const model = new Map<number, { key: number; seq: number }>();
        let seq = 0;
        let floor = 0;
        for (const o of ops) {
          if (o.kind === "add" && !model.has(o.id)) {
            queue.add(o.id, floor + o.above);
            model.set(o.id, { key: floor + o.above, seq: seq++ });
          } else if (o.kind === "remove" && model.has(o.id)) {
            queue.remove(o.id);
            model.delete(o.id);
          } else if (o.kind === "pop") {
            let best = -1;
            for (const [id, e] of model) {
              const b = model.get(best);
              if (b === undefined || e.key < b.key || (e.key === b.key && e.seq < b.seq)) best = id;
            }
            expect(queue.popMin()).toBe(best);
            if (best !== -1) {
              floor = model.get(best)!.key;
              model.delete(best);
            }
          }
          expect([queue.size, queue.floor]).toEqual([model.size, floor]);
        }
        for (const [id, e] of model) expect(queue.keyOf(id)).toBe(e.key);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("rejects a key below the floor, a non-integer and one of 2^31 or more", () => {
    const queue = new MonotoneBucketQueue(4);
    queue.add(0, 10);
    expect(queue.popMin()).toBe(0);
    expect(() => queue.add(1, 9)).toThrow(RangeError);
    expect(() => queue.add(1, 10.5)).toThrow(RangeError);
    expect(() => queue.add(1, 2 ** 31)).toThrow(RangeError);
    queue.add(1, 1_000_000);
    queue.add(2, 11);
    expect([queue.popMin(), queue.popMin(), queue.floor]).toEqual([2, 1, 1_000_000]);
  });
});
