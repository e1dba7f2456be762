import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TimeOrderedPages } from "../../src/paging/structures/time-ordered-pages.ts";

const SEED = 20261130;
const UNIVERSE = 16;

/**
 * A clock advances by `step` before each op; an add keys its page at `clock − back` (recent:
 * the window; far back: below the front, the heap). Times already used are skipped, as request
 * times are never reused.
 */
type Op = { kind: "add"; page: number; back: number; step: number } | { kind: "delete"; page: number; step: number } | { kind: "pop"; step: number };

const step = fc.oneof({ weight: 6, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.integer({ min: 500, max: 4000 }) });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("add" as const), page: fc.nat(UNIVERSE - 1), back: fc.oneof(fc.nat(4), fc.nat(10_000)), step }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), page: fc.nat(UNIVERSE - 1), step }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("pop" as const), step }) },
);

describe(`TimeOrderedPages against a map model (fast-check seed ${SEED})`, () => {
  it("pops the page of least time, across the window, its widenings and keys behind the front", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: "max" }), (ops) => {
        const set = new TimeOrderedPages(UNIVERSE, UNIVERSE);
        const model = new Map<number, number>();
        const used = new Set<number>();
        let clock = 0;
        for (const o of ops) {
          clock += o.step;
          if (o.kind === "add") {
            const time = clock - o.back;
            if (time < 0 || used.has(time) || model.has(o.page)) continue;
            used.add(time);
            set.add(o.page, time);
            model.set(o.page, time);
          } else if (o.kind === "delete") {
            if (!model.has(o.page)) continue;
            set.delete(o.page, model.get(o.page)!);
            model.delete(o.page);
          } else {
            let best = -1;
            for (const [page, time] of model) if (best === -1 || time < model.get(best)!) best = page;
            expect(set.popMin()).toBe(best);
            model.delete(best);
          }
          expect(set.size).toBe(model.size);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("rejects a negative or non-integer time and one of 2^31 or more", () => {
    const set = new TimeOrderedPages(4, 4);
    expect(() => set.add(0, 2 ** 31)).toThrow(RangeError);
    expect(() => set.add(0, 1.5)).toThrow(RangeError);
    set.add(2, 9);
    expect(set.popMin()).toBe(2);
    expect(() => set.add(0, -1)).toThrow(RangeError);
    expect(() => set.add(0, 2.5)).toThrow(RangeError);
    expect(set.size).toBe(0);
    set.add(0, 5);
    set.add(1, 3);
    expect([set.popMin(), set.popMin(), set.popMin()]).toEqual([1, 0, -1]);
  });
});
