/**
 * The paging model: traces over dense ids, demand-paging engine, policies and their registry.
 * @module
 */
export * from "./core/trace.ts";
export * from "./core/cache.ts";
export * from "./core/policy.ts";
export * from "./core/simulate.ts";
export * from "./core/rng.ts";
export * from "./registry.ts";
export { parseExpression, formatExpression, splitExpressions, type AlgorithmExpression } from "./expression.ts";
export { policies } from "./catalog.ts";
export { Lru } from "./classical/lru.ts";
export { Fifo } from "./classical/fifo.ts";
export { Fwf } from "./classical/fwf.ts";
export { Clock } from "./classical/clock.ts";
export { Lfu } from "./classical/lfu.ts";
export { Mru } from "./classical/mru.ts";
export { RandomEviction } from "./classical/random.ts";
export { Marking } from "./classical/marking.ts";
export { Marker } from "./classical/marker.ts";
export { Belady } from "./offline/belady.ts";
export { OptMarking } from "./offline/opt-marking.ts";
export { BlindOracle } from "./learning-augmented/blind-oracle.ts";
export { FollowPredMarking } from "./learning-augmented/follow-pred-marking.ts";
export { PredictiveMarker } from "./learning-augmented/predictive-marker.ts";
export { LMarker } from "./learning-augmented/lmarker.ts";
export { LNonMarker } from "./learning-augmented/lnonmarker.ts";
export { TrustAndDoubt } from "./learning-augmented/trust-and-doubt.ts";
export { nextUseTimes } from "./offline/next-use.ts";
export { FollowDiscard } from "./learning-augmented/follow-discard.ts";
export { FollowDiscardRand } from "./learning-augmented/follow-discard-rand.ts";
export { MarkAndPredict } from "./learning-augmented/mark-and-predict.ts";
export { followDiscardEager, type EagerOptions, type EagerRunResult } from "./learning-augmented/follow-discard-eager.ts";
export { kPhases, totalClean, type PhasePartition } from "./analysis/phases.ts";
export { ShadowCache, ShadowRun, type Step } from "./combiners/shadow.ts";
export { LazyCombination, type LazyRule } from "./combiners/lazy-combination.ts";
export { CombineDet } from "./combiners/combine-det.ts";
export { CombineRand } from "./combiners/combine-rand.ts";
export { OnlineMin } from "./combiners/online-min.ts";
export { Guard } from "./combiners/guard.ts";
export { FollowerRobust } from "./combiners/follower-robust.ts";
export { OptTracker } from "./combiners/opt-tracker.ts";
export { lruFaultCurve, faultsFromHits, checkMaxK } from "./analysis/lru-curve.ts";
export { optFaultCurve } from "./analysis/opt-curve.ts";
export { faultCurve, ONE_PASS_CURVES, MAX_CURVE_SIZES, MAX_PER_SIZE_SIZES, type FaultCurveOptions } from "./analysis/fault-curve.ts";
