import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IntQueues } from "../structures/int-queues.ts";

const T1 = 0;
const T2 = 1;
const B1 = 2;
const B2 = 3;

/**
 * Adaptive Replacement Cache (Megiddo & Modha, "ARC: A Self-Tuning, Low Overhead Replacement
 * Cache", FAST'03). Resident pages seen once since they entered sit in T1, pages hit again in
 * T2 (both LRU); the last pages evicted from each are remembered as ghosts in B1 and B2
 * (|T1|+|B1| ≤ k, all four ≤ 2k). A ghost hit in B1 raises the target size p of T1 by
 * max(|B2|/|B1|, 1), one in B2 lowers it by max(|B1|/|B2|, 1); p stays in [0, k] and is a real
 * number. REPLACE evicts T1's LRU page (into B1) when T1 is non-empty and |T1| > p, or
 * |T1| = p on a B2 ghost hit, or T2 is empty; else T2's LRU page (into B2). A page found in a
 * ghost list enters T2, any other miss T1.
 *
 * Exactly libCacheSim's `ARC.c` for unit sizes (tested miss for miss on the shared traces).
 * Its two deviations from the paper's pseudocode change nothing here: the "T2 empty" clause
 * fills a gap of the paper's REPLACE (which would evict from an empty T2 when |T1| = p = k),
 * and its ghost housekeeping runs only when the cache is full, which under demand paging is
 * whenever ghosts exist. No parameters.
 *
 * Competitiveness: ARC is 4k-competitive and no better than (k+1)-competitive (Consuegra,
 * Martinez, Narasimhan, Rangaswami, Shao & Vietri, "Analyzing Adaptive Cache Replacement
 * Strategies", arXiv:1503.07624 v2, 2017; the same paper bounds CAR by 18k) — taken from the
 * abstract, proof not checked here (UNVERIFIED). O(1) per request.
 */
export class Arc implements Policy {
  private queues!: IntQueues;
  private cache!: CacheState;
  /** Target size of T1. */
  private target = 0;
  /** Request time whose ghost hit already adapted p (makeRoom runs before onInsert). */
  private adaptedAt = -1;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.queues = new IntQueues(ctx.universe, 4);
    this.target = 0;
    this.adaptedAt = -1;
  }

  /** The current target size p of T1 (a real number in [0, k]). */
  get p(): number {
    return this.target;
  }

  onHit(page: number): void {
    this.queues.moveToBack(page, T2);
  }

  makeRoom(page: number, t: number): void {
    const q = this.queues;
    const where = q.queueOf(page);
    if (where === B1 || where === B2) {
      this.adapt(where);
      this.adaptedAt = t;
      this.replace(where === B2);
      return;
    }
    const k = this.k;
    if (q.length(T1) + q.length(B1) >= k) {
      if (q.length(B1) > 0) {
        q.popFront(B1);
        this.replace(false);
      } else {
        // T1 alone fills the directory's first half: drop its LRU page without a ghost.
        this.cache.evict(q.popFront(T1));
      }
    } else {
      if (q.length(T1) + q.length(B1) + q.length(T2) + q.length(B2) >= 2 * k && q.length(B2) > 0) q.popFront(B2);
      this.replace(false);
    }
  }

  onInsert(page: number, t: number): void {
    const q = this.queues;
    const where = q.queueOf(page);
    if (where === B1 || where === B2) {
      if (this.adaptedAt !== t) this.adapt(where);
      q.moveToBack(page, T2);
    } else {
      q.pushBack(page, T1);
    }
  }

  private adapt(ghost: number): void {
    const q = this.queues;
    const b1 = q.length(B1);
    const b2 = q.length(B2);
    if (ghost === B1) this.target = Math.min(this.target + Math.max(b2 / b1, 1), this.k);
    else this.target = Math.max(this.target - Math.max(b1 / b2, 1), 0);
  }

  private replace(inB2: boolean): void {
    const q = this.queues;
    const t1 = q.length(T1);
    const p = this.target;
    if ((t1 > 0 && (t1 > p || (t1 === p && inB2))) || q.length(T2) === 0) {
      const victim = q.front(T1);
      q.moveToBack(victim, B1);
      this.cache.evict(victim);
    } else {
      const victim = q.front(T2);
      q.moveToBack(victim, B2);
      this.cache.evict(victim);
    }
  }
}

/** Registry entry of {@link Arc}. */
export const arcInfo: PolicyInfo = {
  name: "arc",
  family: "modern",
  summary: "adaptive recency/frequency split with ghost lists (Megiddo & Modha, FAST'03; 4k-competitive per Consuegra et al. 2017, unverified); libCacheSim-exact",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Arc(k),
};
