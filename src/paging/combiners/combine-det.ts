import { InputError } from "../../errors.ts";
import type { Policy } from "../core/policy.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { LazyCombination, lazyRule, specializeLazy, type LazyRule } from "./lazy-combination.ts";

/** Most parts a combiner accepts (each costs one lockstep run per request). */
export const MAX_PARTS = 16;

/**
 * Deterministic combination by doubling (Fiat, Rabani & Ravid 1994; used for robustification
 * by Antoniadis, Coester, Eliáš, Polak & Simon, "Online metric algorithms with untrusted
 * predictions", ICML 2020 — ACEPS): follow part A_j until its running cost exceeds `bound`,
 * then switch to the next part cyclically and multiply the bound by r = 1 + γ/(m−1); the bound
 * starts at 1. The rule is exactly ACEPS's `Combine_det` [C: adampolak/mts-with-predictions
 * algorithms.py]: after request t every part's cost includes request t, the switching loop
 * runs, and the combiner's own cache follows the chosen part lazily
 * ({@link LazyCombination}).
 *
 * Guarantee [D], proved on the code's rule (tested exactly in
 * test/paging/combiners/combine-det.test.ts): with S switches and c* = the smallest part cost,
 *
 *   cost ≤ Σ_{s=0..S} r^s + k·S  and  r^{S−m} < c* (when S ≥ m),
 *
 * hence cost < (c*·r^{m+1} − 1)/(r − 1) + k·(m + log_r c*): for m = 2 and γ = 0.01 about
 * 103·c* + k·(2 + 100.5·ln c*). (While a part is followed its cost stays ≤ the current bound;
 * the last m switches leave every part once, each above the bound then.) The published form —
 * Fiat et al.'s ratio 2γ^m/(γ−1) + 1 for ratio-γ doubling, as quoted by ACEPS — is UNVERIFIED
 * (recalled, not read). O(m + log k) per request plus the parts' own work.
 */
export class CombineDet extends LazyCombination {
  /** Bound multiplier per switch, r = 1 + γ/(m−1). */
  readonly ratio: number;
  // Grows by a non-integer ratio: a double from the start, so the field never changes
  // representation under compiled code (which deoptimized the combiner's code once per class).
  private bound = 0.5;
  private switchCount = 0;

  /**
   * @param k cache size
   * @param parts two or more parts built for k
   * @param gamma γ > 0 (ACEPS default 0.01)
   * @param lazy own-eviction rule
   */
  constructor(
    k: number,
    parts: readonly Policy[],
    /** γ of the bound's growth. */
    readonly gamma = 0.01,
    lazy: LazyRule = "lru",
  ) {
    super(k, parts, lazy);
    this.ratio = 1 + gamma / (parts.length - 1);
  }

  /** Switches so far in the current run (S in the bound). */
  get switches(): number {
    return this.switchCount;
  }

  protected start(): void {
    this.bound = 1;
    this.switchCount = 0;
  }

  protected choose(): void {
    const costs = this.shadows.faults;
    const m = costs.length;
    while (costs[this.follow] > this.bound) {
      this.follow = (this.follow + 1) % m;
      this.bound *= this.ratio;
      this.switchCount++;
    }
  }
}

/** Builds {@link CombineDet} from registry options (shared with `blind-oracle-lru`). */
export function createCombineDet(name: string, k: number, o: PolicyOptions): CombineDet {
  const parts = o.parts ?? [];
  if (parts.length < 2) throw new InputError(`${name} needs at least two parts, got ${parts.length}`);
  const gamma = o.params?.gamma ?? 0.01;
  if (typeof gamma !== "number" || !(gamma > 0) || !Number.isFinite(gamma)) {
    throw new InputError(`${name}: gamma must be a positive number, got '${gamma}'`);
  }
  return new (specializeLazy(CombineDet, parts))(k, parts, gamma, lazyRule(name, o.params?.lazy));
}

/** Parameters shared by the lazy switching combiners. */
export const lazyParam = { lazy: "own eviction among pages the followed part lacks: lru (default) or fifo (ACEPS's code)" };

/** Registry entry of {@link CombineDet}; without parts it pairs `blind-oracle` with `marker`. */
export const combineDetInfo: PolicyInfo = {
  name: "combine-det",
  family: "combiner",
  summary: "follow a part until its cost passes a bound growing ×(1+γ/(m−1)) per switch (Fiat et al.; ACEPS); default blind-oracle + marker",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  params: { gamma: "γ > 0: the bound grows ×(1 + γ/(m−1)) per switch (default 0.01)", ...lazyParam },
  parts: { min: 2, max: MAX_PARTS, defaults: ["blind-oracle", "marker"], randomized: false },
  create: (k, o) => createCombineDet("combine-det", k, o),
};
