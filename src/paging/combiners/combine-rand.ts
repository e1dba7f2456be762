import { InputError } from "../../errors.ts";
import type { Policy } from "../core/policy.ts";
import { Rng } from "../core/rng.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { LazyCombination, lazyRule, specializeLazy, type LazyRule } from "./lazy-combination.ts";
import { lazyParam, MAX_PARTS } from "./combine-det.ts";

/**
 * Randomized combination by multiplicative weights with lazy switching (Blum & Burch, "On-line
 * learning and the metrical task system problem", Machine Learning 2000; used for
 * robustification by ACEPS, ICML 2020). Each part j has probability p_j ∝ β^{cost_j}, starting
 * uniform; the followed part starts uniformly at random. After request t the probabilities are
 * updated with each part's fault on it (loss 0 or 1); if the followed part's probability fell
 * from p to p′, the combiner switches with probability (p − p′)/p to a part j drawn with
 * probability ∝ max(0, p′_j − p_j). For two parts this is exactly ACEPS's `Combine_rand`
 * [C: adampolak/mts-with-predictions algorithms.py, which asserts m = 2]; for more parts it is the
 * coupling that keeps P(follow j) = p′_j exactly (Cache-Coliseum's `CombineRandomAlgorithm` draws
 * ∝ p′_j instead, which does not). The own cache follows lazily ({@link LazyCombination}).
 *
 * β: ACEPS use β = 1 − ε/2 with ε = 0.5 (β = 0.75, the default here: `eps`); Chłędowski et al.
 * (ICML 2021) use (1 − ε)^loss with ε = 0.01 [C: chledowski/ml_caching_with_guarantees
 * mts/algorithms.py] — `beta=0.99`.
 *
 * Guarantee [D] (tested on tiny instances by exact enumeration of the random choices): with
 * δ = 1 − β, m parts and c* the smallest part cost,
 *
 *   E[cost] ≤ (1 + k·δ/β) · (c*·ln(1/β) + ln m) / δ.
 *
 * (Hedge: Σ_t ⟨p_{t−1}, loss_t⟩ ≤ (c*·ln(1/β) + ln m)/δ; the expected loss of the followed part
 * is ⟨p_t, loss_t⟩ ≤ ⟨p_{t−1}, loss_t⟩; a switch, of probability TV(p_{t−1}, p_t) ≤ (δ/β)·⟨p_{t−1},
 * loss_t⟩, costs at most k.) With δ = ε/k this is Blum–Burch's (1 + O(ε))·c* + O(k·ln m/ε); their
 * published constants are UNVERIFIED. ACEPS's β = 0.75 on 0/1 losses is a far larger step than
 * that tuning, so their code's worst case is only this bound's ≈ (1 + k/3)·1.15·c*.
 * O(m) per request plus the parts' work.
 */
export class CombineRand extends LazyCombination {
  private probs: Float64Array;
  private next: Float64Array;
  private rng: Rng;
  private switchCount = 0;

  /**
   * @param k cache size
   * @param parts two or more parts built for k
   * @param beta weight factor per fault, 0 < β < 1 (default 0.75, ACEPS)
   * @param seed seed of the initial choice and the switches
   * @param lazy own-eviction rule
   */
  constructor(
    k: number,
    parts: readonly Policy[],
    /** Weight factor per fault. */
    readonly beta: number,
    /** Seed of the combiner's own choices; every reset restarts from it, `reseed` changes it. */
    public seed: number,
    lazy: LazyRule = "lru",
  ) {
    super(k, parts, lazy);
    this.probs = new Float64Array(parts.length);
    this.next = new Float64Array(parts.length);
    this.rng = new Rng(seed);
  }

  /** Switches so far in the current run. */
  get switches(): number {
    return this.switchCount;
  }

  /** The current probabilities p_j (a copy). */
  get probabilities(): number[] {
    return Array.from(this.probs);
  }

  /** The combiner's own choices only: its parts are reseeded by the registry's `reseedPolicy`. */
  reseed(seed: number): void {
    this.seed = seed;
  }

  protected start(): void {
    this.rng = new Rng(this.seed);
    this.probs.fill(1 / this.probs.length);
    this.follow = this.rng.int(this.probs.length);
    this.switchCount = 0;
  }

  protected choose(): void {
    const faulted = this.shadows.faulted;
    const m = faulted.length;
    const p = this.probs;
    const q = this.next;
    let total = 0;
    let lost = false;
    for (let j = 0; j < m; j++) {
      const w = faulted[j] === 1 ? p[j] * this.beta : p[j];
      if (faulted[j] === 1) lost = true;
      q[j] = w;
      total += w;
    }
    if (!lost) return;
    for (let j = 0; j < m; j++) q[j] /= total;
    const cur = this.follow;
    if (q[cur] < p[cur] && this.rng.next() < (p[cur] - q[cur]) / p[cur]) {
      this.follow = this.draw(cur);
      this.switchCount++;
    }
    // Keeping normalized probabilities (not raw weights) avoids underflow on long runs.
    this.probs = q;
    this.next = p;
  }

  // A part other than `cur`, with probability ∝ its gain p′_j − p_j (one candidate: no draw).
  private draw(cur: number): number {
    const p = this.probs;
    const q = this.next;
    let gain = 0;
    let only = -1;
    let candidates = 0;
    for (let j = 0; j < p.length; j++) {
      if (j !== cur && q[j] > p[j]) {
        gain += q[j] - p[j];
        only = j;
        candidates++;
      }
    }
    if (candidates <= 1) return only >= 0 ? only : (cur + 1) % p.length;
    let u = this.rng.next() * gain;
    for (let j = 0; j < p.length; j++) {
      if (j !== cur && q[j] > p[j]) {
        u -= q[j] - p[j];
        if (u < 0) return j;
      }
    }
    return only;
  }
}

/** Builds {@link CombineRand} from registry options. */
export function createCombineRand(name: string, k: number, o: PolicyOptions): CombineRand {
  const parts = o.parts ?? [];
  if (parts.length < 2) throw new InputError(`${name} needs at least two parts, got ${parts.length}`);
  const eps = o.params?.eps;
  const betaGiven = o.params?.beta;
  if (eps !== undefined && betaGiven !== undefined) throw new InputError(`${name}: give eps or beta, not both`);
  let beta = 0.75;
  if (eps !== undefined) {
    if (typeof eps !== "number" || !(eps > 0 && eps < 2)) throw new InputError(`${name}: eps must be in (0, 2), got '${eps}'`);
    beta = 1 - eps / 2;
  } else if (betaGiven !== undefined) {
    if (typeof betaGiven !== "number" || !(betaGiven > 0 && betaGiven < 1)) {
      throw new InputError(`${name}: beta must be in (0, 1), got '${betaGiven}'`);
    }
    beta = betaGiven;
  }
  return new (specializeLazy(CombineRand, parts))(k, parts, beta, o.seed ?? 0, lazyRule(name, o.params?.lazy));
}

/** Registry entry of {@link CombineRand}; without parts it pairs `blind-oracle` with `marker`. */
export const combineRandInfo: PolicyInfo = {
  name: "combine-rand",
  family: "combiner",
  summary: "follow a part drawn by multiplicative weights β^cost, switching lazily (Blum–Burch; ACEPS); default blind-oracle + marker",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  params: {
    eps: "ACEPS's ε: β = 1 − ε/2 (default ε = 0.5, β = 0.75)",
    beta: "weight factor per fault, 0 < β < 1 (Chłędowski et al.: 0.99); instead of eps",
    ...lazyParam,
  },
  parts: { min: 2, max: MAX_PARTS, defaults: ["blind-oracle", "marker"], randomized: true },
  create: (k, o) => createCombineRand("combine-rand", k, o),
};
