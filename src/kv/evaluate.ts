/**
 * Evaluate any registry entry — a replayed policy or a directly computed bound — in one call, so
 * callers (CLI, notebook) need not know which kind an entry is.
 * @module
 */
import type { KvParams } from "./params.ts";
import { entryLabel, type KvEntry } from "./registry.ts";
import { replayPolicy } from "./replay.ts";
import type { KvResult } from "./result.ts";
import type { AttentionTrace } from "./trace.ts";

/** Options of {@link evaluateEntry}. */
export interface EvaluateOptions {
  /** Layers (default all). */
  readonly layers?: readonly number[];
  /** Seed of randomized policies (default 1). */
  readonly seed?: number;
  /** Parameters for this entry. */
  readonly params?: KvParams;
  /** Compute output errors (default true). */
  readonly outputError?: boolean;
}

/** Means over (layer, head, t ≥ k) of `entry` on `trace` with budget k. */
export function evaluateEntry(trace: AttentionTrace, entry: KvEntry, budget: number, options: EvaluateOptions = {}): KvResult {
  const layers = options.layers ?? Array.from({ length: trace.layers }, (_, i) => i);
  const params = options.params ?? {};
  const outputError = options.outputError ?? true;
  if (entry.kind === "bound") {
    const result = entry.evaluate(trace, budget, { layers, params, outputError });
    return { ...result, policy: entryLabel(entry, params, budget) };
  }
  return replayPolicy(trace, entry, budget, { layers, seed: options.seed, params, outputError });
}
