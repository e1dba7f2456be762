import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IntLists } from "../../src/paging/structures/int-lists.ts";

const SEED = 11_235;

describe(`IntLists against arrays (fast-check seed ${SEED})`, () => {
  it("push, move to the back of any list, and pop front keep every list's order", () => {
    const ops = fc.array(
      fc.record({ kind: fc.constantFrom("move" as const, "pop" as const), id: fc.nat({ max: 11 }), list: fc.nat({ max: 2 }) }),
      { maxLength: 200, size: "max" },
    );
    fc.assert(
      fc.property(ops, (script) => {
        const lists = new IntLists(12, 3);
        const model: number[][] = [[], [], []];
        const where = (id: number) => model.findIndex((l) => l.includes(id));
        for (const { kind, id, list } of script) {
          if (kind === "move") {
            const from = where(id);
            if (from === -1) lists.pushBack(id, list);
            else {
              lists.moveToBack(id, list);
              model[from] = model[from].filter((x) => x !== id);
            }
            model[list].push(id);
          } else {
            expect(lists.popFront(list)).toBe(model[list].length === 0 ? -1 : model[list].shift());
          }
          for (let j = 0; j < 3; j++) {
            expect(lists.toArray(j)).toEqual(model[j]);
            expect(lists.isEmpty(j)).toBe(model[j].length === 0);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("needs at least one list", () => {
    expect(() => new IntLists(4, 0)).toThrow(RangeError);
  });
});
