import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";
import { smallInstance, driftingInstance, showInstance, type SmallInstance } from "../../proofs-check/arbitraries.ts";

const SEED = 5_118_203;
const MODERN = ["arc", "2q", "slru", "lfuda", "lru-k"];

/** Faults and eviction log of a naive victim rule: `victim(resident, t)` picks from the resident pages. */
function naiveRun(
  inst: SmallInstance,
  onRequest: (p: number, t: number, hit: boolean) => void,
  victim: (resident: number[], t: number) => number,
): { faults: number; evicted: number[] } {
  const resident: number[] = [];
  const evicted: number[] = [];
  let faults = 0;
  inst.requests.forEach((p, t) => {
    const hit = resident.includes(p);
    if (!hit) {
      faults++;
      if (resident.length >= inst.k) {
        const v = victim(resident, t);
        resident.splice(resident.indexOf(v), 1);
        evicted.push(v);
      }
      resident.push(p);
    }
    onRequest(p, t, hit);
  });
  return { faults, evicted };
}

/** LRU-K from the paper's definition, by a scan: least HIST(q,K) (none first), ties to least HIST(q,1). */
function naiveLruK(inst: SmallInstance, depth: number, rip: number) {
  const hist = new Map<number, number[]>();
  return naiveRun(
    inst,
    (p, t, hit) => {
      let h = hist.get(p) ?? [];
      if (!hit && h.length > 0 && t - h[0] > rip) h = [];
      hist.set(p, [t, ...h].slice(0, depth));
    },
    (resident) => {
      const kth = (q: number) => hist.get(q)![depth - 1] ?? -1;
      return resident.reduce((a, b) => (kth(b) < kth(a) || (kth(b) === kth(a) && hist.get(b)![0] < hist.get(a)![0]) ? b : a));
    },
  );
}

/** LFU-DA as the paper states it: K = F + L, L = the victim's K, ties to the earliest to take its K. */
function naiveLfudaPaper(inst: SmallInstance) {
  const key = new Map<number, number>();
  const freq = new Map<number, number>();
  const since = new Map<number, number>();
  let age = 0;
  return naiveRun(
    inst,
    (p, t, hit) => {
      const f = hit ? freq.get(p)! + 1 : 1;
      freq.set(p, f);
      key.set(p, f + age);
      since.set(p, t);
    },
    (resident) => {
      const v = resident.reduce((a, b) => (key.get(b)! < key.get(a)! || (key.get(b) === key.get(a) && since.get(b)! < since.get(a)!) ? b : a));
      age = key.get(v)!;
      return v;
    },
  );
}

function run(name: string, inst: SmallInstance) {
  const r = simulate(policies.create(name, inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
  return { faults: r.faults, evicted: Array.from(r.evictions!.pages) };
}

const instances = fc.oneof(smallInstance(6, 60, 5), driftingInstance(6, 120));

describe("modern policies", () => {
  it("are registered as family 'modern' and covered by the engine property tests (online, no predictions)", () => {
    const online = policies.list().filter((p) => !p.offline && p.needs.length === 0);
    for (const name of MODERN) {
      expect(policies.get(name).family).toBe("modern");
      expect(online.map((p) => p.name)).toContain(name);
    }
  });

  it(`lru-k equals a naive scan of the paper's rule, for K = 1..4 and retained-information periods (seed ${SEED})`, () => {
    fc.assert(
      fc.property(instances, fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }), (inst, depth, rip) => {
        const name = rip === undefined ? `lru-k[k=${depth}]` : `lru-k[k=${depth},rip=${rip}]`;
        expect(run(name, inst), `${name} on ${showInstance(inst)}`).toEqual(naiveLruK(inst, depth, rip ?? Infinity));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`lru-k[k=1] is LRU and slru[n-seg=1] is LRU (seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(instances, (inst) => {
        const lru = run("lru", inst);
        expect(run("lru-k[k=1]", inst), showInstance(inst)).toEqual(lru);
        expect(run("slru[n-seg=1]", inst), showInstance(inst)).toEqual(lru);
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it(`lfuda (the paper's rule by default) equals a naive scan of K = F + L (seed ${SEED + 2})`, () => {
    fc.assert(
      fc.property(instances, (inst) => {
        expect(run("lfuda", inst), showInstance(inst)).toEqual(naiveLfudaPaper(inst));
        expect(run("lfuda[variant=paper]", inst), showInstance(inst)).toEqual(naiveLfudaPaper(inst));
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it("refuses bad parameters with one-line input errors", () => {
    const bad = ["2q[ain-size-ratio=0]", "2q[ain-size-ratio=1]", "2q[aout-size-ratio=x]", "slru[n-seg=0]", "slru[n-seg=17]", "slru[seg-size=1:0]", "slru[seg-size=1:1,n-seg=3]", "slru[variant=other]", "lfuda[variant=x]", "lfuda[variant=libcachesim,x=1]", "lru-k[k=0]", "lru-k[k=1.5]", "lru-k[rip=-1]", "arc[p=1]"];
    for (const name of bad) {
      expect(() => policies.create(name, 10), name).toThrow(InputError);
      try {
        policies.create(name, 10);
      } catch (e) {
        expect((e as Error).message, name).not.toContain("\n");
      }
    }
  });

  it("slru[seg-size=…] sizes segments as libCacheSim does (⌊a_i/Σa·k⌋)", () => {
    const slru = policies.create("slru[seg-size=1:3]", 10) as unknown as { capacities: Float64Array };
    expect(Array.from(slru.capacities)).toEqual([2, 7]);
    const paper = policies.create("slru[n-seg=2,variant=paper]", 10) as unknown as { capacities: Float64Array };
    expect(Array.from(paper.capacities)).toEqual([Infinity, 5]);
  });
});
