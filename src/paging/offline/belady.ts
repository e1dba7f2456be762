import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { TimeBitset } from "../structures/time-bitset.ts";
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
 * Each resident page is keyed by a distinct integer: its next request time, or `2n − t` when
 * its last request t is final. The page behind a key is `requests[key]` (or `requests[2n − key]`),
 * so the keys alone live in a hierarchical bitset: a hit deletes key t and adds the next one,
 * a fault finds and deletes the maximum, each in at most ⌈log₃₂(2n + 1)⌉ word operations — at
 * most 7 for the supported n < 2^30, whatever k is (a binary heap over the k resident pages
 * would need O(log k) comparisons and position updates per hit). O(n + universe) preprocessing
 * (the next-use array) and n/4 bytes for the bitset.
 */
export class Belady implements Policy {
  readonly offline = true;
  private keys!: TimeBitset;
  private next!: Int32Array;
  private requests!: Int32Array;
  private n = 0;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    if (ctx.requests === null) throw new InputError("Belady (OPT) is offline: it needs the whole trace");
    if (ctx.requests.length >= 2 ** 30) throw new InputError("Belady (OPT) supports traces of fewer than 2^30 requests");
    this.cache = ctx.cache;
    this.requests = ctx.requests;
    this.n = ctx.requests.length;
    this.next = nextUseTimes(ctx.requests, ctx.universe);
    this.keys = new TimeBitset(2 * this.n + 1);
  }

  /** Key after the request at t: its next use, or above every time for never-again pages. */
  private keyAt(t: number): number {
    const nu = this.next[t];
    return nu < this.n ? nu : 2 * this.n - t;
  }

  onHit(_page: number, t: number): void {
    // The page was keyed by its next use, which is this very request.
    this.keys.delete(t);
    this.keys.add(this.keyAt(t));
  }

  makeRoom(): void {
    const key = this.keys.max();
    this.keys.delete(key);
    this.cache.evict(key < this.n ? this.requests[key] : this.requests[2 * this.n - key]);
  }

  onInsert(_page: number, t: number): void {
    this.keys.add(this.keyAt(t));
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
