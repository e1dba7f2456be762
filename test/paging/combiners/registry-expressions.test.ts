import { describe, expect, it } from "vitest";
import { partSeed, policies, simulate, parseExpression, type PolicyInfo } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";
import { testRegistry } from "./test-policies.ts";

const reg = testRegistry();

function describeInfo(info: PolicyInfo) {
  return { name: info.name, family: info.family, offline: info.offline, randomized: info.randomized, needs: [...info.needs] };
}

describe("registry: algorithm expressions", () => {
  it("a combination is offline, randomized and needy as its parts and the combiner make it", () => {
    expect(describeInfo(reg.get("combine-det(lru,fifo)"))).toEqual({
      name: "combine-det(lru,fifo)", family: "combiner", offline: false, randomized: false, needs: [],
    });
    expect(describeInfo(reg.get(" Combine-Det ( OPT , lru ) "))).toMatchObject({ name: "combine-det(opt,lru)", offline: true, randomized: false });
    expect(describeInfo(reg.get("combine-det(lru,marker)"))).toMatchObject({ randomized: true, needs: [] });
    expect(describeInfo(reg.get("combine-rand(lru,fifo)"))).toMatchObject({ randomized: true, offline: false });
    expect(describeInfo(reg.get("combine-det(follow-next,lru)"))).toMatchObject({ needs: ["nextArrival"], randomized: false });
    expect(describeInfo(reg.get("combine-rand(combine-det[gamma=0.5](follow-next,opt),marker)"))).toEqual({
      name: "combine-rand(combine-det[gamma=0.5](follow-next,opt),marker)",
      family: "combiner",
      offline: true,
      randomized: true,
      needs: ["nextArrival"],
    });
    // Plain names still return the registered entry itself.
    expect(reg.get("LRU")).toBe(policies.get("lru"));
  });

  it("parts get seeds derived from the combiner's seed: same seed, same run; another seed, other parts", () => {
    const requests = Int32Array.from({ length: 400 }, (_, t) => (t * 7 + (t >> 3)) % 9);
    const run = (seed: number) => {
      const c = reg.create("combine-det(marker,marker)", 4, { seed }) as unknown as { partFaults: number[] };
      const faults = simulate(c as never, requests).faults;
      return { faults, parts: c.partFaults };
    };
    expect(run(11)).toEqual(run(11));
    for (const seed of [0, 11, 2 ** 40 + 3]) {
      const { parts } = run(seed);
      for (const j of [0, 1]) {
        const alone = simulate(reg.create("marker", 4, { seed: partSeed(seed, j) }), requests).faults;
        expect(parts[j], `seed ${seed} part ${j}`).toBe(alone);
      }
    }
    const seeds = new Set<number>();
    for (let s = 0; s < 50; s++) for (let j = 0; j < 3; j++) seeds.add(partSeed(s, j));
    expect(seeds.size).toBe(150);
    expect(partSeed(5, 0)).not.toBe(partSeed(5 + 2 ** 32, 0));
  });

  it("bad names, parts and parameters are one-line InputErrors", () => {
    const cases: [() => unknown, RegExp][] = [
      [() => reg.get("combine-det(lru,nope)"), /unknown algorithm 'nope' in 'combine-det\(lru,nope\)' \(known: lru/],
      [() => reg.get("lru(fifo)"), /'lru' takes no parts/],
      [() => reg.get("combine-det(lru)"), /'combine-det' takes 2 to 16 parts, got 1/],
      [() => reg.get("lru[x=1]"), /'lru' has no parameter 'x' \(it takes none/],
      [() => reg.get("combine-det[delta=1](lru,fifo)"), /'combine-det' has no parameter 'delta' \(parameters: gamma, lazy/],
      [() => reg.create("combine-det[gamma=-1](lru,fifo)", 3), /gamma must be a positive number, got '-1'/],
      [() => reg.create("combine-det[gamma=abc](lru,fifo)", 3), /gamma must be a positive number, got 'abc'/],
      [() => reg.create("combine-det[lazy=mru](lru,fifo)", 3), /lazy must be lru or fifo, got 'mru'/],
      [() => reg.create("combine-rand[eps=0.5,beta=0.9](lru,fifo)", 3), /give eps or beta, not both/],
      [() => reg.create("combine-rand[beta=1](lru,fifo)", 3), /beta must be in \(0, 1\)/],
      [() => reg.create("combine-det[gamma=0.1](lru,fifo)", 3, { params: { gamma: 0.2 } }), /'gamma' of 'combine-det' given both/],
      [() => reg.create("combine-det(lru,fifo)", 3, { params: { nope: 1 } }), /has no parameter 'nope'/],
      [() => reg.create("lru", 3, { params: { nope: 1 } }), /'lru' has no parameter 'nope'/],
      [() => reg.create("combine-det(lru,fifo)", 0), /cache size k must be a positive integer/],
      [() => reg.get("combine-det(lru,"), /position 17/],
      // The default pairing needs blind-oracle, which this registry does not have.
      [() => reg.create("combine-det", 3), /unknown algorithm 'blind-oracle' in 'combine-det'/],
    ];
    for (const [f, re] of cases) {
      let msg = "";
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        msg = (e as Error).message;
      }
      expect(msg).toMatch(re);
      expect(msg.includes("\n")).toBe(false);
    }
    // Parameters given through the options work like written ones.
    const a = reg.create("combine-det(lru,fifo)", 3, { params: { gamma: 0.5 } }) as unknown as { gamma: number };
    expect(a.gamma).toBe(0.5);
    expect((reg.create("combine-det[gamma=0.25](lru,fifo)", 3) as unknown as { gamma: number }).gamma).toBe(0.25);
  });

  it("every catalog combiner: the listed entry describes its default parts, or creating it names the missing part", () => {
    const combiners = policies.list().filter((p) => p.parts !== undefined);
    expect(combiners.map((p) => p.name)).toEqual(expect.arrayContaining(["combine-det", "combine-rand", "blind-oracle-lru"]));
    for (const entry of combiners) {
      const missing = entry.parts!.defaults.map((d) => parseExpression(d).name).filter((n) => !policies.has(n));
      if (missing.length === 0) {
        const resolved = policies.get(entry.name);
        expect(describeInfo(resolved), entry.name).toEqual(describeInfo(entry));
        expect(() => policies.create(entry.name, 2)).not.toThrow();
      } else {
        // Parts written by other modules resolve by name at creation; until they are registered
        // the combiner says which one is missing.
        expect(() => policies.create(entry.name, 2), entry.name).toThrow(new RegExp(`unknown algorithm '${missing[0]}'`));
      }
    }
  });
});
