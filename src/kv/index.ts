/**
 * KV-cache eviction as paging with soft requests: attention traces (shared format and synthetic),
 * the open-loop replay engine and its metrics, the policy registry (H2O in two forms,
 * StreamingLLM, TOVA, Scissorhands, SnapKV, LRU-by-attention, random, the exact offline optimum
 * and the re-admitting top-k bound), submodularity checks and analyses.
 * @module
 */
export * from "./trace.ts";
export * from "./float16.ts";
export * from "./reader.ts";
export * from "./synthetic.ts";
export * from "./metrics.ts";
export * from "./params.ts";
export * from "./policy.ts";
export * from "./registry.ts";
export * from "./result.ts";
export * from "./replay.ts";
export * from "./evaluate.ts";
export * from "./catalog.ts";
export * from "./concave.ts";
export * from "./submodular.ts";
export * from "./analysis.ts";
export { KvFlow, optimumCurve, solveOptimum } from "./offline/flow.ts";
export { bruteForceOptimum } from "./offline/brute-force.ts";
export { OptPolicy, type OptCertificate } from "./offline/opt.ts";
export { evaluateTopk, topkKeptMassCurve, topkSet } from "./bounds/topk.ts";
export { AccumulatedScoreHead } from "./policies/accumulated-score.ts";
export { H2oGreedyHead } from "./policies/h2o-greedy.ts";
export { H2oHead } from "./policies/h2o.ts";
export { StreamingHead } from "./policies/streaming.ts";
export { Tova } from "./policies/tova.ts";
export { ScissorhandsHead } from "./policies/scissorhands.ts";
export { SnapKvHead } from "./policies/snapkv.ts";
export { LruAttentionHead } from "./policies/lru-attention.ts";
export { RandomHead } from "./policies/random.ts";
