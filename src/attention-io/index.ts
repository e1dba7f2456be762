/**
 * Attention as paging between a fast memory of M words and slow memory: a two-level machine
 * that executes tiled attention kernels on real data and counts every word moved, with closed
 * forms, certified lower bounds, a count-only mode for N up to 10⁶ and an LRU replay.
 * @module
 */
export * from "./algorithm.ts";
export * from "./machine.ts";
export * from "./closed-forms.ts";
export * from "./lower-bounds.ts";
export * from "./blocks.ts";
export * from "./reference.ts";
export * from "./registry.ts";
export * from "./run.ts";
export * from "./lru-replay.ts";
export * from "./sweep.ts";
export { standard, standardFootprint, innerChunk } from "./standard.ts";
export { flash1 } from "./flash1.ts";
export { flash2 } from "./flash2.ts";
export { squareTiling } from "./square-tiling.ts";
