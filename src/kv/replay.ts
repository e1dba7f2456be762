/**
 * The open-loop replay engine: runs a {@link KvPolicy} over the layers of an attention trace with
 * the step protocol of policy.ts, computes the metrics of every step on A_t, and enforces the
 * invariants (|S_t| ≤ k after each step, at most one eviction per head per step, evictions only of
 * attended tokens, evicted tokens never return).
 * @module
 */
import { InputError } from "../errors.ts";
import { keptMass, outputError, totalVariation, cachedHeadOutputs } from "./metrics.ts";
import type { KvParams } from "./params.ts";
import type { KvPolicy, KvStep } from "./policy.ts";
import { entryLabel, type KvPolicyInfo } from "./registry.ts";
import { assembleResult, MeanAccumulator, type KvResult } from "./result.ts";
import { type AttentionTrace, headIndex, rowOffset } from "./trace.ts";

/** What the engine reports after each step of each head (for tests and analyses). */
export interface StepEvent {
  /** Layer of the head. */
  readonly layer: number;
  /** Head within the layer. */
  readonly head: number;
  /** The step. */
  readonly t: number;
  /** A_t: `tokens[0..size)`, increasing. A view valid during the callback only. */
  readonly tokens: Int32Array;
  /** |A_t|. */
  readonly size: number;
  /** Restricted probabilities aligned with `tokens` (view, callback only). */
  readonly probs: Float64Array;
  /** The token evicted after step t, or −1. */
  readonly evicted: number;
  /** Σ_{j∈A_t} p_t[j] (the full-cache row's mass on A_t). */
  readonly keptMass: number;
  /** TV(p_t, p̂_t), computed term by term (equal to 1 − keptMass). */
  readonly tv: number;
  /** NaN when output errors are not computed. */
  readonly outputError: number;
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** Layers to replay (default: all), each in [0, layers). */
  readonly layers?: readonly number[];
  /** Seed of randomized policies (default 1); mixed with the layer index. */
  readonly seed?: number;
  /** Compute output errors (default true; O(k·d) per step). */
  readonly outputError?: boolean;
  /** Called after each (head, step), in order of t then head. */
  readonly observer?: (event: StepEvent) => void;
  /** Label for the result (default "policy"). */
  readonly label?: string;
  /** Hand the layer's full rows to the policy in `reset` (offline policies only; default false). */
  readonly offline?: boolean;
}

/** Seed for layer `layer` derived from the run seed (distinct layers get distinct streams). */
export function layerSeed(seed: number, layer: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(layer + 1, 0x85ebca6b)) >>> 0;
}

/**
 * Replay `makePolicy()` (a fresh instance per layer, so layer runs are independent) with budget k
 * on the selected layers. Means are over all (layer, head, step t) with t ≥ k. A policy that
 * breaks the protocol (no eviction when |A_t| > k, an index out of range) is a bug and throws an
 * `Error`; bad arguments (k < 1, a layer out of range) are {@link InputError}s.
 */
export function replay(trace: AttentionTrace, makePolicy: () => KvPolicy, budget: number, options: ReplayOptions = {}): KvResult {
  if (!Number.isSafeInteger(budget) || budget < 1) throw new InputError(`budget k must be a positive integer, got ${budget}`);
  const layers = options.layers ?? Array.from({ length: trace.layers }, (_, i) => i);
  for (const l of layers) {
    if (!Number.isInteger(l) || l < 0 || l >= trace.layers) throw new InputError(`layer ${l} out of range (the trace has ${trace.layers} layers)`);
  }
  const withError = options.outputError ?? true;
  const offline = options.offline ?? false;
  const accs: MeanAccumulator[] = [];
  for (const layer of layers) {
    const policy = makePolicy();
    accs.push(...replayLayer(trace, policy, budget, layer, options.seed ?? 1, withError, offline, options.observer));
  }
  return assembleResult(options.label ?? "policy", budget, layers, trace.heads, accs, withError);
}

/**
 * Replay a registry policy: `replay` with the entry's factory, its label, and the future rows
 * handed over when (and only when) the entry is offline.
 */
export function replayPolicy(
  trace: AttentionTrace,
  info: KvPolicyInfo,
  budget: number,
  options: Omit<ReplayOptions, "label"> & { params?: KvParams } = {},
): KvResult {
  const params = options.params ?? {};
  return replay(trace, () => info.create(budget, params), budget, {
    ...options,
    label: entryLabel(info, params, budget),
    offline: info.kind === "offline",
  });
}

function replayLayer(
  trace: AttentionTrace,
  policy: KvPolicy,
  k: number,
  layer: number,
  seed: number,
  withError: boolean,
  offline: boolean,
  observer: ReplayOptions["observer"],
): MeanAccumulator[] {
  const T = trace.length;
  const H = trace.heads;
  const d = trace.headDim;
  const rows = Array.from({ length: H }, (_, h) => trace.rows[headIndex(trace, layer, h)]);
  const values = Array.from({ length: H }, (_, h) => trace.values[headIndex(trace, layer, h)]);
  const outputs = withError ? Array.from({ length: H }, (_, h) => cachedHeadOutputs(trace, headIndex(trace, layer, h))) : [];
  const tokens = Array.from({ length: H }, () => new Int32Array(T));
  const probs = Array.from({ length: H }, () => new Float64Array(T));
  const member = Array.from({ length: H }, () => new Uint8Array(T));
  const size = new Int32Array(H);
  const evict = new Int32Array(H);
  const scratch = new Float64Array(d);
  const accs = Array.from({ length: H }, () => new MeanAccumulator());
  const kept = new Float64Array(H);
  const tvs = new Float64Array(H);
  const errs = new Float64Array(H);
  const state: KvStep = { t: 0, tokens, probs, size };
  policy.reset({ length: T, heads: H, budget: k, layer, seed: layerSeed(seed, layer), future: offline ? rows : null });

  for (let t = 0; t < T; t++) {
    const o = rowOffset(t);
    for (let h = 0; h < H; h++) {
      const tok = tokens[h];
      const n = size[h] + 1;
      tok[n - 1] = t;
      size[h] = n;
      member[h][t] = 1;
      const row = rows[h];
      const s = keptMass(row, o, tok, n);
      const pr = probs[h];
      if (s > 0) for (let i = 0; i < n; i++) pr[i] = row[o + tok[i]] / s;
      else for (let i = 0; i < n; i++) pr[i] = 1 / n;
      const tv = totalVariation(row, o, t, member[h], s, n);
      const err = withError ? outputError(row, o, tok, n, s, values[h], d, outputs[h], t * d, scratch) : NaN;
      kept[h] = s;
      tvs[h] = tv;
      errs[h] = err;
      if (t >= k) accs[h].add(s, tv, withError ? err : 0);
    }
    (state as { t: number }).t = t;
    evict.fill(-1);
    policy.step(state, evict);
    for (let h = 0; h < H; h++) {
      const n = size[h];
      const e = evict[h];
      let evicted = -1;
      if (e >= 0) {
        if (!Number.isInteger(e) || e >= n) throw new Error(`KV policy evicted index ${e} of ${n} (layer ${layer}, head ${h}, step ${t})`);
        evicted = tokens[h][e];
      } else if (n > k) {
        throw new Error(`KV policy kept ${n} > k = ${k} tokens (layer ${layer}, head ${h}, step ${t})`);
      }
      if (observer !== undefined) {
        observer({
          layer, head: h, t, tokens: tokens[h], size: n, probs: probs[h], evicted,
          keptMass: kept[h], tv: tvs[h], outputError: errs[h],
        });
      }
      if (e >= 0) {
        tokens[h].copyWithin(e, e + 1, n);
        size[h] = n - 1;
        member[h][evicted] = 0;
      }
    }
  }
  return accs;
}
