import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";

/**
 * SIEVE (Zhang, Yang, Yue, Vigfusson, Rashmi, "SIEVE is Simpler than LRU: an Efficient Turn-Key
 * Eviction Algorithm for Web Caches", NSDI 2024). Pages sit in one FIFO queue, newest at the head,
 * each with a visited bit set on a hit. The hand walks from the tail towards the head, clearing set
 * bits, and evicts the first page whose bit is clear; it then stays where that page was, so pages
 * that survived a pass keep their place rather than moving to the head (lazy promotion, quick
 * demotion). After the head it wraps to the tail. New pages enter at the head with the bit clear.
 *
 * Exactly libCacheSim's `Sieve` (same hand, same wrap, bit clear on insert), so miss counts are
 * identical with unit sizes; the tests hold the goldens. Competitiveness: none known (the paper
 * evaluates it empirically only; whether SIEVE is k-competitive is, to our knowledge, open).
 * Amortized O(1) per request: every step of the hand clears a bit set by an earlier hit.
 */
export class Sieve implements Policy {
  private queue!: IntList;
  private visited!: Uint8Array;
  /** Page the hand points at, or -1: start from the tail (oldest). */
  private hand = -1;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    // IntList front = tail (oldest), back = head (newest): the hand moves front → back.
    this.queue = new IntList(ctx.universe);
    this.visited = new Uint8Array(ctx.universe);
    this.hand = -1;
  }

  onHit(page: number): void {
    this.visited[page] = 1;
  }

  makeRoom(): void {
    const queue = this.queue;
    const visited = this.visited;
    let page = this.hand === -1 ? queue.front() : this.hand;
    while (visited[page] === 1) {
      visited[page] = 0;
      const next = queue.after(page);
      page = next === -1 ? queue.front() : next;
    }
    this.hand = queue.after(page);
    queue.remove(page);
    this.cache.evict(page);
  }

  onInsert(page: number): void {
    this.visited[page] = 0;
    this.queue.pushBack(page);
  }
}

/** Registry entry of {@link Sieve}. */
export const sieveInfo: PolicyInfo = {
  name: "sieve",
  family: "modern",
  summary: "FIFO queue with visited bits and a hand that keeps its place (Zhang et al., NSDI'24); libCacheSim-exact",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Sieve(k),
};
