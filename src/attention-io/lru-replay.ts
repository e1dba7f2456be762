import { Belady, Lru, simulate } from "../paging/index.ts";
import { runAttentionIo } from "./run.ts";
import type { IoRunOptions, IoRunResult } from "./run.ts";

/** Misses of one cache on the attention word trace. */
export interface ReplayPoint {
  /** Cache capacity in words. */
  readonly capacity: number;
  /** Words the cache fetched from slow memory (cold misses included). */
  readonly misses: number;
}

/** Result of {@link replayAttentionTrace}. */
export interface ReplayResult {
  /** The scratchpad run (trace mode) whose trace was replayed. */
  readonly run: IoRunResult;
  /** Number of word accesses in the trace. */
  readonly traceLength: number;
  /** LRU misses at each requested capacity. */
  readonly lru: readonly ReplayPoint[];
  /** Belady's optimal misses at capacity M, if requested: ≤ the scratchpad's reads. */
  readonly opt?: ReplayPoint;
  /** 2·reads + M: the most LRU with capacity 2M may miss (see {@link replayAttentionTrace}). */
  readonly lruTwoMBound: number;
}

/**
 * Replay an attention schedule's word-access trace through the paging core: an automatic cache
 * (LRU) against the explicitly managed scratchpad.
 *
 * The trace lists, in order, every slow-memory word the arithmetic reads from a loaded tile —
 * one access per word per tile operation (a tile operation needs all its operands at once, so
 * finer interleavings change nothing for the scratchpad). On-chip temporaries (score tiles,
 * running O in FlashAttention-2) are not in it, and stores are write-through/no-allocate, so an
 * LRU miss corresponds exactly to a word read from slow memory and writes are the same in both.
 *
 * Guarantee (checked by the tests, derived here): the scratchpad run is itself an offline paging
 * of this trace with capacity M — every access hits a word loaded earlier and not yet freed, at
 * most M words are held, and each load is one fault — so OPT(M) ≤ reads. For LRU with capacity
 * k = 2M against OPT with h = M, both starting empty, Sleator & Tarjan's phase argument (CACM
 * 1985) gives: split the trace into phases of k distinct words; LRU misses ≤ k per phase; OPT
 * misses k in the first phase (all cold) and ≥ k − h + 1 between the starts of consecutive later
 * phases; hence LRU ≤ k/(k−h+1)·OPT + 4M/(M+1) < 2·OPT + 4 ≤ 2·reads + M (for M ≥ 4).
 */
export function replayAttentionTrace(
  options: Omit<IoRunOptions, "mode" | "inputs">,
  capacities: readonly number[],
  withOpt = false,
): ReplayResult {
  const run = runAttentionIo({ ...options, mode: "trace" });
  const trace = run.trace!;
  const universe = Math.max(1, run.addressSpace!);
  const lru = capacities.map((capacity) => ({
    capacity,
    misses: simulate(new Lru(capacity), trace, { universe }).faults,
  }));
  const opt = withOpt ? { capacity: run.M, misses: simulate(new Belady(run.M), trace, { universe }).faults } : undefined;
  return {
    run,
    traceLength: trace.length,
    lru,
    ...(opt ? { opt } : {}),
    lruTwoMBound: 2 * run.reads + run.M,
  };
}
