import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate, Stepper } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";
import { NaiveClockPro } from "./clock-pro-reference.ts";

const SEED = 4_172_903;
const MODERN = ["sieve", "s3-fifo", "lirs", "clock-pro"];

/** Parameter settings that reach code the defaults do not at small k (two-slot HIR queue, paper rules, …). */
const VARIANTS = [
  ...MODERN,
  "s3-fifo[small=0.5,ghost=0.5,threshold=1]",
  "s3-fifo[small=0.3,threshold=3]",
  "lirs[hir=0.5]",
  "lirs[hir=0.5,variant=paper]",
  "lirs[hir=0.3,stack=1]",
  "lirs[stack=0]",
  "clock-pro[cold-min=0.3,cold-max=0.6]",
  "clock-pro[ghosts=0.5]",
  "clock-pro[ghosts=3,cold-max=0.5]",
];

/** Requests over a universe a few pages larger than k, so faults, ghosts and re-references all occur. */
const instance = fc
  .record({ k: fc.integer({ min: 1, max: 9 }), extra: fc.integer({ min: 1, max: 8 }) })
  .chain(({ k, extra }) =>
    fc
      .array(fc.integer({ min: 0, max: k + extra - 1 }), { minLength: 1, maxLength: 300, size: "max" })
      .map((r) => ({ k, universe: k + extra, requests: Int32Array.from(r) })),
  );
const show = (i: { k: number; universe: number; requests: Int32Array }) => `k=${i.k} universe=${i.universe} σ=[${Array.from(i.requests).join(" ")}]`;

describe("modern policies", () => {
  it("are registered under the family 'modern' as online policies needing no predictions (so the engine-wide properties cover them)", () => {
    const modern = policies.list().filter((p) => p.family === "modern");
    expect(modern.map((p) => p.name)).toEqual(expect.arrayContaining(MODERN));
    for (const name of MODERN) {
      const info = policies.get(name);
      expect([info.offline, info.randomized, info.needs.length], name).toEqual([false, false, 0]);
    }
  });

  it(`never hold more than k pages, serve every request, and Stepper = simulate, with every parameter setting (seed ${SEED})`, () => {
    fc.assert(
      fc.property(instance, (inst) => {
        for (const name of VARIANTS) {
          const where = `${name} on ${show(inst)}`;
          const batch = simulate(policies.create(name, inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
          const stepper = new Stepper(policies.create(name, inst.k), inst.universe);
          const reported: number[] = [];
          for (let t = 0; t < inst.requests.length; t++) {
            const p = inst.requests[t];
            const out = stepper.request(p);
            reported.push(...out.evicted);
            if (stepper.cache.size > inst.k) expect.fail(`${where}: ${stepper.cache.size} pages after request ${t}`);
            if (!stepper.has(p)) expect.fail(`${where}: page ${p} not resident after request ${t}`);
          }
          expect(stepper.faults, where).toBe(batch.faults);
          expect(reported, where).toEqual(Array.from(batch.evictions!.pages));
          // Same instance, same run: reset drops all state.
          const again = policies.create(name, inst.k);
          simulate(again, inst.requests, { universe: inst.universe });
          expect(simulate(again, inst.requests, { universe: inst.universe }).faults, where).toBe(batch.faults);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`CLOCK-Pro evicts exactly what a naive array implementation of the same rules evicts (seed ${SEED + 1})`, () => {
    const settings: [string, number, number, number][] = [
      ["clock-pro", 0.01, 0.99, 1],
      ["clock-pro[cold-min=0.3,cold-max=0.6]", 0.3, 0.6, 1],
      ["clock-pro[ghosts=0.5]", 0.01, 0.99, 0.5],
      ["clock-pro[ghosts=3,cold-max=0.5]", 0.01, 0.5, 3],
    ];
    fc.assert(
      fc.property(instance.filter((i) => i.k >= 2), (inst) => {
        for (const [name, coldMin, coldMax, ghosts] of settings) {
          const fast = new Stepper(policies.create(name, inst.k), inst.universe);
          const naive = new NaiveClockPro(inst.k, coldMin, coldMax, ghosts);
          for (let t = 0; t < inst.requests.length; t++) {
            const p = inst.requests[t];
            const a = fast.request(p);
            const b = naive.request(p);
            if (a.hit !== b.hit || a.evicted.join() !== b.evicted.join()) {
              expect.fail(`${name} on ${show(inst)}: request ${t} (page ${p}) fast ${JSON.stringify(a)} naive ${JSON.stringify(b)}`);
            }
          }
        }
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it("CLOCK-Pro on long random runs with a larger k agrees with the naive implementation", () => {
    let x = 12345;
    const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
    for (const k of [10, 37]) {
      const universe = 3 * k;
      // Skewed requests: a hot set re-referenced often, the rest scanned, so pages change status.
      const requests = Int32Array.from({ length: 20_000 }, () => (rand() < 0.6 ? Math.floor(rand() * k * 0.5) : Math.floor(rand() * universe)));
      const fast = new Stepper(policies.create("clock-pro", k), universe);
      const naive = new NaiveClockPro(k);
      let faults = 0;
      for (let t = 0; t < requests.length; t++) {
        const a = fast.request(requests[t]);
        const b = naive.request(requests[t]);
        if (!b.hit) faults++;
        if (a.hit !== b.hit || a.evicted.join() !== b.evicted.join()) expect.fail(`k=${k}: request ${t} differs`);
      }
      expect(fast.faults).toBe(faults);
    }
  });

  it("libCacheSim's LIRS evicts on a hit to a resident HIR page outside S; the paper's rule does not", () => {
    // k = 4, hir = 0.5: two LIR pages (0, 1) and two HIR pages (2, 3). Hits on 0 and 1 prune 2
    // and 3 from the stack; the hit on 2 then demotes LIR page 0 into the full HIR queue,
    // which evicts its oldest page, 3.
    const requests = [0, 1, 2, 3, 0, 1, 2];
    const run = (name: string) => {
      const s = new Stepper(policies.create(name, 4), 5);
      return requests.map((p) => s.request(p));
    };
    const lcs = run("lirs[hir=0.5]");
    expect(lcs[6]).toEqual({ hit: true, evicted: [3] });
    const paper = run("lirs[hir=0.5,variant=paper]");
    expect(paper[6]).toEqual({ hit: true, evicted: [] });
    // The freed frame takes the next fault without an eviction.
    const s = new Stepper(policies.create("lirs[hir=0.5]", 4), 5);
    for (const p of requests) s.request(p);
    expect(s.request(4)).toEqual({ hit: false, evicted: [] });
  });

  it("SIEVE keeps a visited page in place and evicts past it; the hand then resumes there", () => {
    // k = 3: 0 1 2 fill; hit 0; fault 3: the hand from the tail clears 0's bit and evicts 1;
    // 0 stays at the tail. Faults 4 and 5: the hand, moving towards the head, evicts 2 and then 3
    // (new pages enter at the head, ahead of the hand), never 0 until it wraps.
    const s = new Stepper(policies.create("sieve", 3), 6);
    const out = [0, 1, 2, 0, 3, 4, 5].map((p) => s.request(p).evicted);
    expect(out).toEqual([[], [], [], [], [1], [2], [3]]);
    expect(s.has(0)).toBe(true);
  });

  it("S3-FIFO sends a page evicted from the small queue to the ghost queue and a refault on it to main", () => {
    // k = 20: S holds 2, M 18. Fill with 0..19 (all in S, M empty); 20 evicts 0 to the ghost
    // queue. Refaulting 0 inserts it into M; a one-hit page in S goes before it.
    const s = new Stepper(policies.create("s3-fifo", 20), 64);
    for (let p = 0; p < 20; p++) s.request(p);
    expect(s.request(20).evicted).toEqual([0]);
    expect(s.request(0).evicted).toEqual([1]);
    // 0 now sits in M; faults keep evicting from the over-full S while M is under its share.
    for (let p = 21; p < 30; p++) expect(s.request(p).evicted).toEqual([p - 19]);
    expect(s.has(0)).toBe(true);
  });

  it("bad parameters are one-line InputErrors", () => {
    for (const name of [
      "s3-fifo[small=0]",
      "s3-fifo[small=1]",
      "s3-fifo[ghost=x]",
      "s3-fifo[threshold=0]",
      "s3-fifo[threshold=1.5]",
      "lirs[hir=0]",
      "lirs[hir=0.9]",
      "lirs[stack=0.5]",
      "lirs[variant=clock]",
      "clock-pro[cold-min=0]",
      "clock-pro[cold-min=0.7,cold-max=0.5]",
      "clock-pro[ghosts=17]",
      "sieve[x=1]",
    ]) {
      expect(() => policies.create(name, 10), name).toThrow(InputError);
    }
  });
});
