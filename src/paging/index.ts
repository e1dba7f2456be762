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
export { nextUseTimes } from "./offline/next-use.ts";
export { kPhases, totalClean, type PhasePartition } from "./analysis/phases.ts";
export { ShadowCache, ShadowRun, type Step } from "./combiners/shadow.ts";
export { LazyCombination, type LazyRule } from "./combiners/lazy-combination.ts";
export { CombineDet } from "./combiners/combine-det.ts";
export { CombineRand } from "./combiners/combine-rand.ts";
export { OnlineMin } from "./combiners/online-min.ts";
export { Guard } from "./combiners/guard.ts";
export { FollowerRobust } from "./combiners/follower-robust.ts";
export { OptTracker } from "./combiners/opt-tracker.ts";
