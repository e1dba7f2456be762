import { describe, expect, it } from "vitest";
import type { Policy, RunContext } from "../../src/paging/core/policy.ts";
import { Rng } from "../../src/paging/core/rng.ts";
import { Stepper } from "../../src/paging/core/simulate.ts";
import { policies } from "../../src/paging/index.ts";

// Goodness of fit of `random`'s victim choice. Every request of the cruel pattern (over k+1
// pages, always the missing one) faults and evicts, so each eviction is one draw. A uniform
// victim has a uniform rank among the k residents, whatever ordering ranks them and whatever
// happened before, independently across evictions; we rank by insertion age (the newest page
// sits in the last slot of the policy's index set, so "never evict the last slot" shows there)
// and by page id.
//
// Pearson's χ² over k = 8 cells has 7 degrees of freedom; its 99.9% quantile is 24.32 (standard
// tables), so each statistic falsely alarms with probability 0.001 for a correct policy. Two
// orderings × 3 seeds = 6 statistics: a false alarm of the whole test ≤ 0.006 (union bound),
// and the seeds are fixed, so the outcome is deterministic.
const K = 8;
const CHI2_7_999 = 24.32;
const EVICTIONS = 8000; // 1000 expected per cell
const SEEDS = [1, 2, 3];

/** χ² statistics of the victims' ranks by age and by id, over `EVICTIONS` cruel requests. */
function victimRankChi2(policy: Policy): { byAge: number; byId: number } {
  const stepper = new Stepper(policy, K + 1);
  const insertedAt = new Float64Array(K + 1).fill(-1);
  const byAge = new Array<number>(K).fill(0);
  const byId = new Array<number>(K).fill(0);
  let t = 0;
  let evictions = 0;
  while (evictions < EVICTIONS) {
    let page = 0;
    while (stepper.has(page)) page++;
    const residents: number[] = [];
    for (let p = 0; p <= K; p++) if (stepper.has(p)) residents.push(p);
    const { evicted } = stepper.request(page);
    if (evicted.length === 1) {
      const victim = evicted[0];
      byAge[residents.filter((p) => insertedAt[p] < insertedAt[victim]).length]++;
      byId[residents.indexOf(victim)]++;
      evictions++;
    }
    insertedAt[page] = t++;
  }
  const chi2 = (counts: number[]) => counts.reduce((a, c) => a + (c - EVICTIONS / K) ** 2 / (EVICTIONS / K), 0);
  return { byAge: chi2(byAge), byId: chi2(byId) };
}

/** A biased control: uniform among the residents except the most recently inserted one. */
class NeverNewest implements Policy {
  private ctx!: RunContext;
  private rng = new Rng(0);
  private newest = -1;
  constructor(
    readonly k: number,
    private readonly seed: number,
  ) {}
  reset(ctx: RunContext): void {
    this.ctx = ctx;
    this.rng = new Rng(this.seed);
  }
  onHit(): void {}
  makeRoom(): void {
    const candidates: number[] = [];
    for (let p = 0; p < this.ctx.universe; p++) if (this.ctx.cache.resident[p] === 1 && p !== this.newest) candidates.push(p);
    this.ctx.cache.evict(candidates[this.rng.int(candidates.length)]);
  }
  onInsert(page: number): void {
    this.newest = page;
  }
}

describe(`random's victims are uniform among the residents (χ², 7 df, α = 0.001 each; seeds ${SEEDS.join(", ")})`, () => {
  it("by insertion age and by page id", () => {
    for (const seed of SEEDS) {
      const { byAge, byId } = victimRankChi2(policies.create("random", K, { seed }));
      console.log(`random seed ${seed}: χ² by age ${byAge.toFixed(2)}, by id ${byId.toFixed(2)} (threshold ${CHI2_7_999})`);
      expect(byAge, `seed ${seed}, ranks by age`).toBeLessThan(CHI2_7_999);
      expect(byId, `seed ${seed}, ranks by id`).toBeLessThan(CHI2_7_999);
    }
  });

  it("has the power to see a policy that never evicts its newest page", () => {
    // Its age-rank k−1 cell stays empty: χ² ≥ (1000 − 0)²/1000 = 1000.
    expect(victimRankChi2(new NeverNewest(K, 1)).byAge).toBeGreaterThan(1000 - 1e-9);
  });
});
