import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RecencyFrequencyPages } from "../../src/paging/structures/recency-frequency-pages.ts";

const SEED = 20261131;
const UNIVERSE = 12;
const QUEUES = 3;

type Op = { kind: "insert" | "hit" | "evict" | "remove"; page: number } | { kind: "push"; page: number; queue: number } | { kind: "pop"; queue: number };

const page = fc.nat(UNIVERSE - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("insert" as const), page }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("hit" as const), page }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("evict" as const), page }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), page }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("push" as const), page, queue: fc.integer({ min: 1, max: QUEUES - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pop" as const), queue: fc.integer({ min: 1, max: QUEUES - 1 }) }) },
);

describe(`RecencyFrequencyPages against array models (fast-check seed ${SEED})`, () => {
  it("queues keep arrival order; the least frequent page is the earliest to reach the lowest frequency", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: "max" }), (ops) => {
        const pages = new RecencyFrequencyPages(UNIVERSE, QUEUES);
        const queues: number[][] = Array.from({ length: QUEUES }, () => []);
        const freq = new Map<number, number>();
        /** When each cached page reached its frequency (an op counter). */
        const reached = new Map<number, number>();
        const queueOf = (p: number) => queues.findIndex((q) => q.includes(p));
        const drop = (p: number) => {
          const q = queues[queueOf(p)];
          q.splice(q.indexOf(p), 1);
        };
        let clock = 0;
        for (const o of ops) {
          clock++;
          if (o.kind === "insert" && queueOf(o.page) === -1) {
            pages.insert(o.page);
            queues[0].push(o.page);
            freq.set(o.page, 1);
            reached.set(o.page, clock);
          } else if (o.kind === "hit" && queueOf(o.page) === 0) {
            pages.hit(o.page);
            drop(o.page);
            queues[0].push(o.page);
            freq.set(o.page, freq.get(o.page)! + 1);
            reached.set(o.page, clock);
          } else if (o.kind === "evict" && queueOf(o.page) === 0) {
            pages.evict(o.page);
            drop(o.page);
            freq.delete(o.page);
          } else if (o.kind === "remove" && queueOf(o.page) > 0) {
            pages.remove(o.page);
            drop(o.page);
          } else if (o.kind === "push" && queueOf(o.page) === -1) {
            pages.pushBack(o.page, o.queue);
            queues[o.queue].push(o.page);
          } else if (o.kind === "pop") {
            expect(pages.popFront(o.queue)).toBe(queues[o.queue].shift() ?? -1);
          }
          let least = -1;
          for (const p of queues[0]) {
            if (least === -1 || freq.get(p)! < freq.get(least)! || (freq.get(p) === freq.get(least) && reached.get(p)! < reached.get(least)!)) least = p;
          }
          expect(pages.leastFrequent()).toBe(least);
          for (let j = 0; j < QUEUES; j++) expect([pages.front(j), pages.length(j)]).toEqual([queues[j][0] ?? -1, queues[j].length]);
        }
        for (let p = 0; p < UNIVERSE; p++) {
          expect(pages.queueOf(p)).toBe(queueOf(p));
          expect(pages.frequencyOf(p)).toBe(freq.get(p) ?? 0);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("grows its frequency table: one page hit 10,000 times, then a newcomer is the least frequent", () => {
    const pages = new RecencyFrequencyPages(2, 1);
    pages.insert(0);
    for (let i = 0; i < 10_000; i++) pages.hit(0);
    expect(pages.frequencyOf(0)).toBe(10_001);
    expect(pages.leastFrequent()).toBe(0);
    pages.insert(1);
    expect(pages.leastFrequent()).toBe(1);
    pages.evict(1);
    expect([pages.leastFrequent(), pages.front(0)]).toEqual([0, 0]);
  });
});
