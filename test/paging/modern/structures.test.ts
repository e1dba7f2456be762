import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CountMinSketch, FrequencyBuckets, IntQueues } from "../../../src/paging/index.ts";

const SEED = 4_412_907;

/** A stream of sketch operations: adds of keys from a small or large key space, and agings. */
const sketchOps = fc.record({
  entries: fc.integer({ min: 1, max: 64 }),
  error: fc.constantFrom(0.5, 0.1, 0.01, 0.001),
  keySpace: fc.constantFrom(4, 64, 5000, 2 ** 31 - 1),
  ops: fc.array(fc.oneof({ weight: 30, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(-1) }), { maxLength: 600, size: "max" }),
});

describe("CountMinSketch", () => {
  it(`never under-estimates: estimate ≥ exact adds, and ≥ the exact count aged the same way (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(sketchOps, ({ entries, error, keySpace, ops }) => {
        const sketch = new CountMinSketch(entries, error);
        const exact = new Map<number, number>();
        const aged = new Map<number, number>();
        let agings = 0;
        for (const op of ops) {
          if (op === -1) {
            sketch.halve();
            agings++;
            for (const [key, c] of aged) aged.set(key, c >>> 1);
            continue;
          }
          const key = op % keySpace;
          sketch.add(key);
          exact.set(key, (exact.get(key) ?? 0) + 1);
          aged.set(key, (aged.get(key) ?? 0) + 1);
        }
        for (const [key, c] of aged) {
          expect(sketch.estimate(key), `key ${key}: aged exact count ${c}`).toBeGreaterThanOrEqual(c);
          if (agings === 0) expect(sketch.estimate(key), `key ${key}: exact count ${exact.get(key)}`).toBeGreaterThanOrEqual(exact.get(key)!);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("is sized as libCacheSim's minimalIncrementCBF: 10 counters a key and ⌈14.38·entries⌉ counters at error 0.001", () => {
    const s = new CountMinSketch(990, 0.001);
    expect(s.depth).toBe(10);
    expect(s.width).toBe(Math.ceil((-Math.log(0.001) / 0.480453013918201) * 990));
    expect(new CountMinSketch(1, 0.001).width).toBe(15); // ⌈14.38⌉ ≥ d: libCacheSim doubles to 2d only below d
  });

  it("hashes as libCacheSim: low 32 bits of XXH64 of the 8-byte id under seeds 0x12345678 and 0x12344321 (values from its xxhash.h)", () => {
    // Printed by a C program including libCacheSim's dataStructure/hash/xxhash.h (commit aa0fc40).
    const expected: [number, number, number][] = [
      [0, 972412019, 3092930169],
      [1, 2721530007, 3411563711],
      [2, 3587778993, 4101528125],
      [3, 1190369939, 3665574509],
      [100, 440196693, 3983188026],
      [76348, 2859246710, 144415637],
      [2147483647, 2690351310, 1291267766],
      [123456789, 3162077990, 3134705060],
    ];
    for (const [key, a, b] of expected) expect([CountMinSketch.hashA(key), CountMinSketch.hashB(key)], `key ${key}`).toEqual([a, b]);
  });

  it("keeps libCacheSim's positions ((a + i·b) mod 2^32) mod width in either layout: packed 16-bit pairs (narrow, d even) and one int32 each", () => {
    // 990 entries: 14 236 counters, d = 10 (packed); 9 900: 142 353 counters (one each); error 0.01: d = 7 (odd, one each).
    for (const [entries, error, packed] of [[990, 0.001, true], [9900, 0.001, false], [990, 0.01, false]] as const) {
      const s = new CountMinSketch(entries, error);
      expect(s.stride, `entries ${entries} error ${error}`).toBe(packed ? s.depth / 2 : s.depth);
      const n = 3000;
      const dense = new Int32Array(s.stride * n);
      s.placeDense(n, dense);
      const one = new Int32Array(s.stride);
      for (let key = 0; key < n; key += 7) {
        s.place(key, one, 0);
        const a = CountMinSketch.hashA(key);
        const b = CountMinSketch.hashB(key);
        for (let i = 0; i < s.depth; i++) {
          const word = dense[s.stride * key + (packed ? i >> 1 : i)];
          const got = packed ? (i % 2 === 0 ? word & 0xffff : word >>> 16) : word;
          const want = Number((BigInt(a) + BigInt(i) * BigInt(b)) % 2n ** 32n % BigInt(s.width));
          expect(got, `key ${key} position ${i}`).toBe(want);
        }
        expect(Array.from(one), `key ${key}: place = placeDense`).toEqual(Array.from(dense.subarray(s.stride * key, s.stride * (key + 1))));
      }
    }
  });

  it("is exact without collisions: one key counts exactly, and halving rounds down", () => {
    const s = new CountMinSketch(1000, 0.001);
    for (let i = 0; i < 7; i++) s.add(42);
    expect(s.estimate(42)).toBe(7);
    s.halve();
    expect(s.estimate(42)).toBe(3);
    expect(s.estimate(43)).toBe(0);
  });
});

/** Naive model of FrequencyBuckets: per frequency, an array in arrival order. */
class NaiveBuckets {
  readonly freq = new Map<number, number>();
  readonly order = new Map<number, number[]>();
  add(p: number, f: number) {
    this.freq.set(p, f);
    (this.order.get(f) ?? this.order.set(f, []).get(f)!).push(p);
  }
  remove(p: number) {
    const f = this.freq.get(p)!;
    const list = this.order.get(f)!;
    list.splice(list.indexOf(p), 1);
    if (list.length === 0) this.order.delete(f);
    this.freq.delete(p);
  }
  lowest(): number[] | undefined {
    const fs = [...this.order.keys()];
    return fs.length === 0 ? undefined : this.order.get(Math.min(...fs));
  }
}

describe("FrequencyBuckets", () => {
  it(`agrees with a naive model on add / remove / increment, including frequencies far apart (fast-check seed ${SEED + 1})`, () => {
    const op = fc.record({ kind: fc.constantFrom("add", "add", "remove", "inc", "inc", "inc"), page: fc.nat({ max: 11 }), f: fc.constantFrom(1, 2, 3, 40, 2000, 70000) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: "max" }), (ops) => {
        const b = new FrequencyBuckets(12);
        const m = new NaiveBuckets();
        for (const { kind, page, f } of ops) {
          const held = m.freq.has(page);
          if (kind === "add" && !held) {
            b.add(page, f);
            m.add(page, f);
          } else if (kind === "remove" && held) {
            b.remove(page);
            m.remove(page);
          } else if (kind === "inc" && held) {
            b.increment(page);
            const g = m.freq.get(page)!;
            m.remove(page);
            m.add(page, g + 1);
          }
          const lowest = m.lowest();
          expect(b.size).toBe(m.freq.size);
          expect(b.firstOfLowest()).toBe(lowest ? lowest[0] : -1);
          expect(b.lastOfLowest()).toBe(lowest ? lowest[lowest.length - 1] : -1);
          expect(b.frequencyOf(page)).toBe(m.freq.get(page) ?? 0);
        }
      }),
      { seed: SEED + 1, numRuns: 120 },
    );
  });
});

describe("IntQueues (the modern policies' segment and ghost lists)", () => {
  it("keeps each id in one list, in arrival order, with sizes", () => {
    const l = new IntQueues(6, 3);
    l.pushBack(4, 0);
    l.pushBack(1, 0);
    l.pushBack(2, 1);
    l.moveToBack(4, 1);
    expect(l.toArray(0)).toEqual([1]);
    expect(l.toArray(1)).toEqual([2, 4]);
    expect([l.length(0), l.length(1), l.length(2)]).toEqual([1, 2, 0]);
    expect(l.queueOf(4)).toBe(1);
    expect(l.popFront(1)).toBe(2);
    expect(l.queueOf(2)).toBe(-1);
    expect(l.front(2)).toBe(-1);
    expect(() => new IntQueues(3, 0)).toThrow(RangeError);
  });
});
