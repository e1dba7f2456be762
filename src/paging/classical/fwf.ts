import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import type { CanonicalState } from "../core/canonical-state.ts";

/**
 * Flush When Full: on a fault with a full cache, evicts every page (not lazy). A marking
 * algorithm — each flush starts a k-phase — so it faults exactly once per distinct page of a
 * phase and is k-competitive (Borodin & El-Yaniv, Online Computation, ch. 3).
 */
export class Fwf implements Policy, CanonicalState {
  private pages!: Int32Array;
  private count = 0;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    // At most min(k, universe) pages are ever resident: a k beyond the universe (a cache larger
    // than the trace) must not allocate k slots.
    this.pages = new Int32Array(Math.min(this.k, ctx.universe));
    this.count = 0;
  }

  onHit(): void {}

  makeRoom(): void {
    for (let i = 0; i < this.count; i++) this.cache.evict(this.pages[i]);
    this.count = 0;
  }

  onInsert(page: number): void {
    this.pages[this.count++] = page;
  }

  /** Resident pages in order of entry; nothing else (see {@link CanonicalState}). */
  canonicalState(order: number[]): string {
    for (let i = 0; i < this.count; i++) order.push(this.pages[i]);
    return "";
  }
}

/** Registry entry of {@link Fwf}. */
export const fwfInfo: PolicyInfo = {
  name: "fwf",
  family: "classical",
  summary: "flush the whole cache when a fault finds it full (marking; k-competitive)",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Fwf(k),
};
