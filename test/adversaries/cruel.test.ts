import { describe, expect, it } from "vitest";
import { policies, simulate } from "../../src/paging/index.ts";
import { cruelRequests, cruelSequence, cruelOptUpperBound } from "../../src/adversaries/index.ts";
import { InputError } from "../../src/errors.ts";

const online = policies.list().filter((p) => !p.offline && p.needs.length === 0);

describe("cruel adversary", () => {
  it("requests the page LRU just evicted: on k+1 pages that is the cyclic scan", () => {
    expect(Array.from(cruelSequence(policies.create("lru", 3), 10))).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1]);
  });

  it("makes every online policy fault on every request and keeps OPT ≤ k + ⌈(n−k)/k⌉", () => {
    for (const info of online) {
      for (const k of [1, 2, 3, 5, 8]) {
        for (const n of [1, k, k + 1, 3 * k + 2, 200]) {
          const sigma = cruelSequence(policies.create(info.name, k, { seed: 5 }), n);
          for (const p of sigma) expect(p >= 0 && p <= k).toBe(true);
          const alg = simulate(policies.create(info.name, k, { seed: 5 }), sigma, { universe: k + 1 }).faults;
          expect(alg, `${info.name} k=${k} n=${n}`).toBe(n);
          const opt = simulate(policies.create("opt", k), sigma, { universe: k + 1 }).faults;
          expect(opt, `${info.name} k=${k} n=${n}`).toBeLessThanOrEqual(cruelOptUpperBound(n, k));
        }
      }
    }
  });

  it("against LRU attains the OPT bound exactly", () => {
    for (const k of [1, 2, 4, 7]) {
      for (const n of [k, k + 1, 5 * k, 5 * k + 1, 97]) {
        const sigma = cruelSequence(policies.create("lru", k), n);
        expect(simulate(policies.create("opt", k), sigma).faults).toBe(cruelOptUpperBound(n, k));
      }
    }
  });

  it("is a lazy generator that adapts step by step", () => {
    const gen = cruelRequests(policies.create("fifo", 2), 1_000_000);
    const first = [gen.next().value, gen.next().value, gen.next().value, gen.next().value];
    expect(first).toEqual([0, 1, 2, 0]);
    gen.return(undefined);
  });

  it("rejects a universe without a missing page and offline policies", () => {
    expect(() => cruelSequence(policies.create("lru", 3), 5, 3)).toThrow(InputError);
    expect(() => cruelSequence(policies.create("opt", 3), 5)).toThrow(InputError);
    expect(() => cruelSequence(policies.create("lru", 3), -1)).toThrow(InputError);
  });
});
