import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";

/**
 * Deterministic marking: a requested page is marked; on a fault with a full cache whose pages
 * are all marked, every mark is cleared (a new k-phase starts); the victim is the least recently
 * used unmarked page. Faults at most k times per k-phase, hence strictly k-competitive
 * (Borodin & El-Yaniv ch. 3). On every sequence it evicts exactly what LRU evicts — LRU is a
 * marking algorithm and the least recent page is always unmarked — which the tests check.
 * O(1) per request (amortized over the phase reset, which is O(1) too: two lists swap).
 */
export class Marking implements Policy {
  private unmarked!: IntList;
  private marked!: IntList;
  private cache!: CacheState;
  /** Number of phase resets so far (a new phase per reset). */
  phases = 0;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.unmarked = new IntList(ctx.universe);
    this.marked = new IntList(ctx.universe);
    this.phases = 0;
  }

  onHit(page: number): void {
    if (this.unmarked.has(page)) {
      this.unmarked.remove(page);
      this.marked.pushBack(page);
    } else {
      this.marked.moveToBack(page);
    }
  }

  makeRoom(): void {
    if (this.unmarked.size === 0) {
      // All k pages are marked: unmark all. The marked list is in last-request order, so it
      // becomes the LRU order of the unmarked pages.
      const swap = this.unmarked;
      this.unmarked = this.marked;
      this.marked = swap;
      this.phases++;
    }
    this.cache.evict(this.unmarked.popFront());
  }

  onInsert(page: number): void {
    this.marked.pushBack(page);
  }
}

/** Registry entry of {@link Marking}. */
export const markingInfo: PolicyInfo = {
  name: "marking",
  family: "classical",
  summary: "deterministic marking, LRU among unmarked pages (k-competitive)",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Marking(k),
};
