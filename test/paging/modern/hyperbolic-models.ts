import { Rng } from "../../../src/paging/core/rng.ts";
import { bucketHash } from "../../../src/paging/structures/chained-table.ts";

/** A sampler model: the pages it would sample at an eviction, in order, and its table updates. */
interface SamplerModel {
  samples(): number[];
  add(page: number): void;
  delete(page: number): void;
}

/**
 * Hyperbolic around a sampler model, written the plain way: requests since entry and entry time
 * in maps, each eviction the lowest count/age (as a double, as libCacheSim's `Hyperbolic.c`
 * computes it) among the sampled pages, the earliest on ties.
 */
function hyperbolicModel(requests: Int32Array, k: number, sampler: SamplerModel): number[] {
  const count = new Map<number, number>();
  const entered = new Map<number, number>();
  const evictions: number[] = [];
  requests.forEach((page, t) => {
    if (count.has(page)) {
      count.set(page, count.get(page)! + 1);
      return;
    }
    if (count.size === k) {
      let victim = -1;
      let best = Infinity;
      for (const p of sampler.samples()) {
        const score = count.get(p)! / (t - entered.get(p)!);
        if (score < best) {
          best = score;
          victim = p;
        }
      }
      sampler.delete(victim);
      count.delete(victim);
      evictions.push(victim);
    }
    sampler.add(page);
    count.set(page, 1);
    entered.set(page, t);
  });
  return evictions;
}

/**
 * libCacheSim's chained table (`chainedHashTableV2.c`): buckets as arrays with the newest page
 * first, doubled when it holds more pages than buckets (re-pushed bucket by bucket); `pushed`
 * hears of each push, `removedHead` of each head deleted (with the chain left below it).
 */
class ChainsModel {
  buckets: number[][];

  constructor(power: number) {
    this.buckets = Array.from({ length: 2 ** power }, () => []);
  }

  add(page: number, regrown: () => void, pushed: (page: number, chain: number[]) => void): void {
    if (this.buckets.reduce((sum, chain) => sum + chain.length, 0) > this.buckets.length) {
      const old = this.buckets;
      this.buckets = Array.from({ length: old.length * 2 }, () => []);
      regrown();
      for (const chain of old) for (const p of chain) this.push(p, pushed);
    }
    this.push(page, pushed);
  }

  /** Delete page; the chain it was the head of, or null when it was below the head. */
  delete(page: number): number[] | null {
    const chain = this.buckets[bucketHash(page) & (this.buckets.length - 1)];
    const at = chain.indexOf(page);
    chain.splice(at, 1);
    return at === 0 ? chain : null;
  }

  private push(page: number, pushed: (page: number, chain: number[]) => void): void {
    const chain = this.buckets[bucketHash(page) & (this.buckets.length - 1)];
    pushed(page, chain);
    chain.unshift(page);
  }
}

/**
 * libCacheSim's Hyperbolic (`Hyperbolic.c`, `chainedHashTableV2.c`): each eviction the heads of
 * `samples` non-empty buckets drawn by a 64-bit BigInt MMIX LCG, one draw per bucket probe.
 */
export function walkModelEvictions(requests: Int32Array, k: number, seed: number, power: number, samples: number): number[] {
  // The low 32 bits start where Hyperbolic's do; the high bits are arbitrary (they never reach the low ones).
  let state = BigInt(new Rng(seed).nextU32()) | (0xdeadbeefn << 32n);
  const nextRand = (): bigint => {
    state = (6364136223846793005n * state + 1442695040888963407n) & 0xffffffffffffffffn;
    return state;
  };
  const chains = new ChainsModel(power);
  const none = (): void => {};
  return hyperbolicModel(requests, k, {
    samples: () =>
      Array.from({ length: samples }, () => {
        let b = Number(nextRand() & BigInt(chains.buckets.length - 1));
        while (chains.buckets[b].length === 0) b = Number(nextRand() & BigInt(chains.buckets.length - 1));
        return chains.buckets[b][0];
      }),
    add: (page) => chains.add(page, none, none),
    delete: (page) => void chains.delete(page),
  });
}

/**
 * The sweep (`HeadSweep`): the chain heads as an array in ring order — a new head at a position
 * drawn from n + 1 (the head there moved to the end), a pushed-down head replaced in place, a
 * removed head replaced by the page below it or by the last head — each eviction the next
 * `samples` heads from the cursor.
 */
export class SweepModel {
  readonly chains: ChainsModel;
  ring: number[] = [];
  cursor = 0;
  private readonly rng: Rng;

  constructor(power: number, rng: Rng) {
    this.chains = new ChainsModel(power);
    this.rng = rng;
  }

  add(page: number): void {
    const regrown = (): void => {
      this.ring = [];
      this.cursor = 0;
    };
    this.chains.add(page, regrown, (p, chain) => {
      if (chain.length > 0) this.ring[this.ring.indexOf(chain[0])] = p;
      else {
        const j = this.rng.int(this.ring.length + 1);
        this.ring.push(this.ring[j] ?? p);
        this.ring[j] = p;
      }
    });
  }

  delete(page: number): void {
    const chain = this.chains.delete(page);
    if (chain === null) return;
    const j = this.ring.indexOf(page);
    if (chain.length > 0) this.ring[j] = chain[0];
    else {
      const last = this.ring.pop()!;
      if (j < this.ring.length) this.ring[j] = last;
      if (this.cursor >= this.ring.length) this.cursor = 0;
    }
  }

  /** The next `samples` heads (all of them when fewer), the cursor moved past them. */
  take(samples: number): number[] {
    const n = this.ring.length;
    const m = Math.min(samples, n);
    const taken = Array.from({ length: m }, (_, i) => this.ring[(this.cursor + i) % n]);
    this.cursor = (this.cursor + m) % n;
    return taken;
  }
}

/** Hyperbolic with `sampling=sweep`, on {@link SweepModel}. */
export function sweepModelEvictions(requests: Int32Array, k: number, seed: number, power: number, samples: number): number[] {
  const model = new SweepModel(power, new Rng(seed));
  return hyperbolicModel(requests, k, { samples: () => model.take(samples), add: (page) => model.add(page), delete: (page) => model.delete(page) });
}
