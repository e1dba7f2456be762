import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import type { CanonicalState } from "../core/canonical-state.ts";
import { IntList } from "../structures/int-list.ts";

/**
 * Deterministic marking: a requested page is marked; on a fault with a full cache whose pages
 * are all marked, every mark is cleared (a new k-phase starts); the victim is the least recently
 * used unmarked page. Faults at most k times per k-phase, hence strictly k-competitive
 * (Borodin & El-Yaniv ch. 3). On every sequence it evicts exactly what LRU evicts — LRU is a
 * marking algorithm and the least recent page is always unmarked — which the tests check.
 *
 * Pages sit in one recency list. Marked pages were requested in the current phase and unmarked
 * ones before it, so every unmarked page precedes every marked one: the LRU unmarked page is the
 * front, and the front is marked only when all pages are. A mark is the phase number it was set
 * in, so clearing all marks is one increment. O(1) per request.
 */
export class Marking implements Policy, CanonicalState {
  private order!: IntList;
  private markedIn!: Int32Array;
  private cache!: CacheState;
  /** Current phase number, starting at 1; a page is marked iff `markedIn[page] === phase`. */
  phase = 1;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.order = new IntList(ctx.universe);
    this.markedIn = new Int32Array(ctx.universe);
    this.phase = 1;
  }

  onHit(page: number): void {
    this.order.moveToBack(page);
    this.markedIn[page] = this.phase;
  }

  makeRoom(): void {
    const front = this.order.popFront();
    if (this.markedIn[front] === this.phase) this.phase++; // all k marked: unmark all
    this.cache.evict(front);
  }

  onInsert(page: number): void {
    this.order.pushBack(page);
    this.markedIn[page] = this.phase;
  }

  /** Resident pages from least to most recent; the state is their marks (see {@link CanonicalState}). */
  canonicalState(order: number[]): string {
    let marks = "";
    for (let p = this.order.front(); p !== -1; p = this.order.after(p)) {
      order.push(p);
      marks += this.markedIn[p] === this.phase ? "1" : "0";
    }
    return marks;
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
