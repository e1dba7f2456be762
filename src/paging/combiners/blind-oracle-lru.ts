import type { PolicyInfo } from "../registry.ts";
import { createCombineDet, lazyParam } from "./combine-det.ts";

/**
 * BlindOracle combined with LRU (Wei, "Better and simpler learning-augmented online caching",
 * APPROX/RANDOM 2020): "combining BlindOracle with LRU is in fact optimal among deterministic
 * algorithms" [P abstract]. As in the experimental study of Chłędowski, Polak, Szabucki & Żołna
 * (ICML 2021; "Wei_BlindOracle D" = `Combine_det((FollowPred, LRU), 0.01)` [C:
 * chledowski/ml_caching_with_guarantees mts/algorithms.py]) it is
 * `combine-det(blind-oracle, lru)`, γ = 0.01, with the bound of {@link CombineDet}. Wei's bound
 * for the combination, 2·min(BlindOracle's bound, k) [2nd], is for his own combiner; the
 * constant is UNVERIFIED for this one. `blind-oracle` is resolved by name when the policy is
 * created.
 */
export const blindOracleLruInfo: PolicyInfo = {
  name: "blind-oracle-lru",
  family: "combiner",
  summary: "combine-det(blind-oracle, lru): BlindOracle made robust by LRU (Wei 2020; Chłędowski et al.'s BO-D)",
  offline: false,
  randomized: false,
  needs: ["nextArrival"],
  params: { gamma: "γ > 0 of the switching bound (default 0.01)", ...lazyParam },
  parts: { min: 0, max: 0, defaults: ["blind-oracle", "lru"], randomized: false },
  create: (k, o) => createCombineDet("blind-oracle-lru", k, o),
};
