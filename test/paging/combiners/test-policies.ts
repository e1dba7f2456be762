import {
  PolicyRegistry,
  nextUseTimes,
  type CacheState,
  type Policy,
  type PolicyInfo,
  type Predictions,
  type RunContext,
} from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";
import { policies } from "../../../src/paging/index.ts";
import { combineDetInfo } from "../../../src/paging/combiners/combine-det.ts";
import { combineRandInfo } from "../../../src/paging/combiners/combine-rand.ts";
import { followerRobustInfo } from "../../../src/paging/combiners/follower-robust.ts";

/**
 * Anti-OPT (offline, test-only): evicts the resident page requested soonest — the worst
 * eviction there is, a part a robust combiner must survive. O(universe) per fault.
 */
export class AntiOpt implements Policy {
  readonly offline = true;
  private cache!: CacheState;
  private nextOf!: Int32Array; // next request time of each page's latest request
  private next!: Int32Array;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    if (ctx.requests === null) throw new InputError("anti-opt is offline");
    this.cache = ctx.cache;
    this.next = nextUseTimes(ctx.requests, ctx.universe);
    this.nextOf = new Int32Array(ctx.universe);
  }

  onHit(page: number, t: number): void {
    this.nextOf[page] = this.next[t];
  }

  makeRoom(): void {
    let victim = -1;
    for (let q = 0; q < this.cache.universe; q++) {
      if (this.cache.resident[q] === 1 && (victim < 0 || this.nextOf[q] < this.nextOf[victim])) victim = q;
    }
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.nextOf[page] = this.next[t];
  }
}

/**
 * Follow the next-arrival predictions (test-only stand-in for BlindOracle): evict the resident
 * page with the largest predicted next arrival, ties → smallest id. O(universe) per fault.
 */
export class FollowNext implements Policy {
  private cache!: CacheState;
  private predictions!: Predictions;
  private score!: Float64Array;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    if (ctx.predictions.nextArrival === undefined) throw new InputError("follow-next needs next-arrival predictions");
    this.cache = ctx.cache;
    this.predictions = ctx.predictions;
    this.score = new Float64Array(ctx.universe);
  }

  onHit(page: number, t: number): void {
    this.score[page] = this.predictions.nextArrival![t];
  }

  makeRoom(): void {
    let victim = -1;
    for (let q = 0; q < this.cache.universe; q++) {
      if (this.cache.resident[q] === 1 && (victim < 0 || this.score[q] > this.score[victim])) victim = q;
    }
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.score[page] = this.predictions.nextArrival![t];
  }
}

const antiOptInfo: PolicyInfo = {
  name: "anti-opt",
  family: "offline",
  summary: "test-only: evict the page requested soonest",
  offline: true,
  randomized: false,
  needs: [],
  create: (k) => new AntiOpt(k),
};

const followNextInfo: PolicyInfo = {
  name: "follow-next",
  family: "learning-augmented",
  summary: "test-only: evict the largest predicted next arrival",
  offline: false,
  randomized: false,
  needs: ["nextArrival"],
  create: (k) => new FollowNext(k),
};

/**
 * A registry for the combiner tests: the project's classical and offline policies, the
 * combiners taking parts, and the test-only parts above (`anti-opt`, `follow-next`).
 */
export function testRegistry(): PolicyRegistry {
  const r = new PolicyRegistry();
  for (const name of ["lru", "fifo", "fwf", "clock", "lfu", "mru", "random", "marking", "marker", "opt"]) r.register(policies.get(name));
  for (const info of [antiOptInfo, followNextInfo, combineDetInfo, combineRandInfo, followerRobustInfo]) r.register(info);
  return r;
}

/** The true next request time of each request (Infinity when never again): perfect predictions. */
export function perfectNextArrivals(requests: Int32Array, universe: number): Float64Array {
  const next = nextUseTimes(requests, universe);
  return Float64Array.from(next, (v) => (v >= requests.length ? Infinity : v));
}
