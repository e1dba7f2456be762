import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CapacityError, Scratchpad } from "../../src/attention-io/machine.ts";
import { InputError } from "../../src/errors.ts";

const SEED = 20240611;

describe("Scratchpad", () => {
  it("counts words moved by load and store and nothing else", () => {
    const m = new Scratchpad({ M: 100, mode: "execute" });
    const A = m.slow("A", 4, 5, Float64Array.from({ length: 20 }, (_, i) => i));
    const C = m.slow("C", 4, 5);
    const t = m.alloc("t", 6);
    m.load(t, A, 1, 2, 2, 3); // rows 1-2, cols 2-4
    expect(Array.from(t.data)).toEqual([7, 8, 9, 12, 13, 14]);
    m.compute([t], () => t.data.forEach((v, i) => (t.data[i] = -v)));
    m.store(t, C, 2, 2, 0, 3);
    expect(Array.from(C.data.subarray(10, 18))).toEqual([-7, -8, -9, 0, 0, -12, -13, -14]);
    m.free(t);
    const c = m.counts();
    expect(c).toMatchObject({ reads: 6, writes: 6, readBlocks: 6, writeBlocks: 6, footprint: 6, uses: 6 });
  });

  it("refuses to exceed M, naming the allocation and the footprint", () => {
    const m = new Scratchpad({ M: 10, mode: "count" });
    m.alloc("Q_i", 6);
    expect(() => m.alloc("K_j", 5)).toThrow(CapacityError);
    expect(() => m.alloc("K_j", 5)).toThrow(/alloc 'K_j' of 5 words .* footprint to 11 words > M = 10 \(live: Q_i 6\)/);
    expect(new CapacityError("x")).toBeInstanceOf(InputError);
  });

  it("enforces stack order on free", () => {
    const m = new Scratchpad({ M: 10, mode: "count" });
    const a = m.alloc("a", 1);
    m.alloc("b", 1);
    expect(() => m.free(a)).toThrow(/out of stack order/);
  });

  it("rejects transfers outside the array or larger than the tile", () => {
    const m = new Scratchpad({ M: 10, mode: "count" });
    const A = m.slow("A", 3, 3);
    const t = m.alloc("t", 4);
    expect(() => m.load(t, A, 2, 2, 0, 1)).toThrow(/outside/);
    expect(() => m.load(t, A, 0, 3, 0, 2)).toThrow(/into tile/);
  });

  it("counts aligned B-word blocks exactly (brute force over the touched addresses)", () => {
    const prop = fc.property(
      fc.integer({ min: 1, max: 9 }), // B
      fc.integer({ min: 1, max: 60 }), // rows (enough to pass several periods of the row residues)
      fc.integer({ min: 1, max: 11 }), // cols
      fc.integer({ min: 0, max: 13 }), // padding array before, to shift the base
      fc.nat(), fc.nat(), fc.nat(), fc.nat(),
      (B, rows, cols, pad, a, b, c, e) => {
        const m = new Scratchpad({ M: 1000, mode: "count", B });
        m.slow("pad", 1, pad + 1);
        const A = m.slow("A", rows, cols);
        const r0 = a % rows;
        const nr = 1 + (b % (rows - r0));
        const c0 = c % cols;
        const nc = 1 + (e % (cols - c0));
        const t = m.alloc("t", nr * nc);
        m.load(t, A, r0, nr, c0, nc);
        const touched = new Set<number>();
        for (let r = r0; r < r0 + nr; r++) {
          for (let k = c0; k < c0 + nc; k++) touched.add(Math.floor((A.base + r * cols + k) / B));
        }
        const expected = touched.size;
        return A.base % B === 0 && m.counts().readBlocks === expected && m.counts().reads === nr * nc;
      },
    );
    console.log(`block-count property seed ${SEED}`);
    fc.assert(prop, { seed: SEED, numRuns: 500 });
  });

  it("count mode refuses block counts whose cost classes explode, with a clear message", () => {
    const m = new Scratchpad({ M: 10, mode: "count", B: 997, transferBudget: 100_000 });
    const A = m.slow("A", 1, 10 ** 6);
    expect(() =>
      m.tiles(10 ** 6, 1, () => m.tiles(10 ** 6, 3, (c0) => {
        const t = m.alloc("t", 1);
        m.load(t, A, 0, 1, c0, 1);
        m.free(t);
      })),
    ).toThrow(/count-only mode with block size B = 997 needs over 100000 representative transfers/);
  });

  it("count mode's compressed tile loops give exactly the full walk's counts (nested loops, any B)", () => {
    // A generic two-level tiled sweep: for row tiles, for column tiles, load a rectangle and store it.
    const schedule = (m: Scratchpad, n1: number, n2: number, b1: number, b2: number) => {
      const A = m.slow("A", n1, n2);
      const v = m.slow("v", 1, n1);
      m.repeat(2, () =>
        m.tiles(n1, b1, (i0, ni) => {
          const w = m.alloc("w", ni);
          m.load(w, v, 0, 1, i0, ni);
          m.tiles(n2, b2, (j0, nj) => {
            const t = m.alloc("t", ni * nj);
            m.load(t, A, i0, ni, j0, nj);
            m.compute([t, w], () => {});
            m.store(t, A, i0, ni, j0, nj);
            m.free(t);
          });
          m.free(w);
        }),
      );
    };
    const prop = fc.property(
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 12 }),
      (n1, n2, x1, x2, B) => {
        const b1 = 1 + (x1 % n1);
        const b2 = 1 + (x2 % n2);
        const M = b1 * b2 + b1;
        const full = new Scratchpad({ M, B, mode: "execute" });
        schedule(full, n1, n2, b1, b2);
        const fast = new Scratchpad({ M, B, mode: "count" });
        schedule(fast, n1, n2, b1, b2);
        expect(fast.counts()).toEqual(full.counts());
      },
    );
    console.log(`compressed-walk property seed ${SEED}`);
    fc.assert(prop, { seed: SEED, numRuns: 300 });
  });

  it("refuses counts beyond 2^53", () => {
    const m = new Scratchpad({ M: 4, mode: "count" });
    const A = m.slow("A", 1, 4);
    m.tiles(2 ** 52, 1, () => {
      const t = m.alloc("t", 4);
      m.load(t, A, 0, 1, 0, 4);
      m.free(t);
    });
    expect(() => m.counts()).toThrow(/exceeds 2\^53/);
  });

  it("records the words each compute reads from loaded tiles, in order, and only those", () => {
    const m = new Scratchpad({ M: 20, mode: "trace", traceLength: 6 });
    const pad = m.slow("pad", 1, 3);
    const A = m.slow("A", 3, 4); // base 3
    const a = m.alloc("a", 4);
    m.load(a, A, 1, 2, 1, 2); // addresses 3+5, 3+6, 3+9, 3+10
    const tmp = m.alloc("tmp", 2); // never loaded: an on-chip temporary
    const p = m.alloc("p", 2);
    m.load(p, pad, 0, 1, 1, 2);
    m.compute([a, tmp, p], () => {});
    expect(Array.from(m.trace())).toEqual([8, 9, 12, 13, 1, 2]);
    expect(m.counts().uses).toBe(6);
  });
});
