import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexedMaxHeap } from "../structures/indexed-heap.ts";
import { nextUseTimes } from "./next-use.ts";

/**
 * Belady's MIN / LFD (Belady, IBM Systems Journal 1966): evicts the resident page whose next
 * request is furthest in the future; optimal — no algorithm, online or offline, faults less on
 * any sequence (Mattson, Gecsei, Slutz & Traiger 1970).
 *
 * Tie-break (deterministic, and the one every derived label uses): pages never requested again
 * rank above all others, and among them the one whose last request is oldest is evicted first.
 * Ties among never-again pages do not change the cost, but they do change which page is
 * evicted, hence the discard labels derived from this run.
 *
 * O(n + universe) preprocessing (next-use array), then O(log k) per request (indexed heap).
 */
export class Belady implements Policy {
  readonly offline = true;
  private heap!: IndexedMaxHeap;
  private next!: Int32Array;
  private n = 0;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    if (ctx.requests === null) throw new InputError("Belady (OPT) is offline: it needs the whole trace");
    this.cache = ctx.cache;
    this.n = ctx.requests.length;
    this.next = nextUseTimes(ctx.requests, ctx.universe);
    this.heap = new IndexedMaxHeap(ctx.universe, this.k);
  }

  /** Heap key after the request at t: its next use, or above every time for never-again pages. */
  private keyAt(t: number): number {
    const nu = this.next[t];
    return nu < this.n ? nu : 2 * this.n - t;
  }

  onHit(page: number, t: number): void {
    this.heap.update(page, this.keyAt(t));
  }

  makeRoom(): void {
    this.cache.evict(this.heap.pop());
  }

  onInsert(page: number, t: number): void {
    this.heap.push(page, this.keyAt(t));
  }
}

/** Registry entry of {@link Belady}. */
export const beladyInfo: PolicyInfo = {
  name: "opt",
  aliases: ["belady", "min", "lfd"],
  family: "offline",
  summary: "Belady's MIN: evict the page requested furthest in the future (offline optimum)",
  offline: true,
  randomized: false,
  needs: [],
  create: (k) => new Belady(k),
};
