import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../src/errors.ts";
import { policies } from "../../src/paging/catalog.ts";
import type { Policy, RunContext } from "../../src/paging/core/policy.ts";
import { simulate } from "../../src/paging/core/simulate.ts";

const SEED = 20260522;

/** FIFO that records every page and time it is shown, to prove a bad page never reaches it. */
class Recorder implements Policy {
  readonly seen: number[] = [];
  readonly times: number[] = [];
  private queue: number[] = [];
  private ctx!: RunContext;
  constructor(readonly k: number) {}
  reset(ctx: RunContext): void {
    this.ctx = ctx;
    this.queue = [];
  }
  onHit(p: number, t: number): void {
    this.seen.push(p);
    this.times.push(t);
  }
  makeRoom(p: number, t: number): void {
    this.seen.push(p);
    this.times.push(t);
    this.ctx.cache.evict(this.queue.shift()!);
  }
  onInsert(p: number, t: number): void {
    this.seen.push(p);
    this.times.push(t);
    this.queue.push(p);
  }
}

describe("simulate refuses pages outside the universe (checked in the loop for online policies)", () => {
  it("names the first bad request, for online, offline and combined policies, with or without chunks", () => {
    const requests = Int32Array.from([0, 1, 2, 1, 0, 5, 1]);
    for (const name of ["lru", "opt", "marker", "combine-rand(marker,lru)"]) {
      for (const chunk of [undefined, 2]) {
        const options = { universe: 3, ...(chunk === undefined ? {} : { chunk, onProgress: () => {} }) };
        const run = (): unknown => simulate(policies.create(name, 2, { seed: 1 }), requests, options);
        expect(run).toThrow(InputError);
        // Offline policies are checked before they read the sequence (the maximum is named).
        expect(run).toThrow(name === "opt" ? "page id 5 is outside the universe of 3 pages" : "request 5: page id 5 is outside the universe of 3 pages");
      }
    }
    expect(() => simulate(policies.create("lru", 2), Int32Array.from([0, -4]), { universe: 3 })).toThrow("request 1: negative page id -4");
    expect(() => simulate(policies.create("lru", 2), Int32Array.from([0, -4]))).toThrow("request 1: negative page id -4");
  });

  it(`no policy call ever sees a bad page, and valid sequences count as before (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: -2, max: 8 }), { maxLength: 40, size: "max" }),
        (k, universe, pages) => {
          const requests = Int32Array.from(pages);
          const bad = pages.findIndex((p) => p < 0 || p >= universe);
          const policy = new Recorder(k);
          if (bad === -1) {
            const faults = simulate(policy, requests, { universe }).faults;
            expect(faults).toBe(simulate(policies.create("fifo", k), requests).faults);
            return;
          }
          expect(() => simulate(policy, requests, { universe })).toThrow(`request ${bad}:`);
          expect(policy.seen.every((p) => p >= 0 && p < universe)).toBe(true);
          // Every request before the bad one was served, none after.
          expect(Math.max(-1, ...policy.times)).toBe(bad - 1);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
