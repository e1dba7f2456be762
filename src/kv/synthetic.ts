/**
 * Seeded synthetic attention traces with known structure, for tests and for experiments where
 * the ground truth is wanted (which tokens are heavy hitters, when importance changes).
 *
 * Each head draws logits z_t[j] for keys j ≤ t from a small additive model and sets
 * p_t = softmax(z_t) (the recipe of `../shared/notes/kv-eviction.md` §5 (a)):
 *
 *   z_t[j] = heavy·log w_{r(t)}[j] + noise·ε_{t,j} + (sinkBoost if j < sinks, else −recency·(t − j))
 *
 * (sinks are exempt from the recency decay, as attention sinks persist at any distance), where
 * w_r[j] ~ Pareto(tailIndex) are per-token importances (power-law heavy hitters), r(t) =
 * ⌊t / regimeLength⌋ selects a regime whose importances are drawn afresh (breaking Scissorhands'
 * "persistence of importance"), and ε ~ N(0, 1). The `dirichlet` kind instead draws each row from
 * a symmetric Dirichlet(concentration). Values v_j ~ N(0, I_d).
 * @module
 */
import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
import { type AttentionTrace, rowOffset, triangleSize } from "./trace.ts";

/** Parameters of one head's logit model (see the module comment); every field ≥ 0. */
export interface HeadModel {
  /** Weight of the log-importance term (0 = no heavy hitters). */
  readonly heavy: number;
  /** Pareto tail index of the importances (smaller = heavier tail). */
  readonly tailIndex: number;
  /** Number of attention-sink tokens at the start. */
  readonly sinks: number;
  /** Logit bonus of the sink tokens. */
  readonly sinkBoost: number;
  /** Recency kernel slope λ: logits fall by λ per token of distance. */
  readonly recency: number;
  /** Standard deviation of the i.i.d. Gaussian logit noise. */
  readonly noise: number;
  /** Queries per importance regime; 0 = one regime for the whole sequence. */
  readonly regimeLength: number;
  /** If > 0, rows are Dirichlet(concentration) draws instead (the other fields are ignored). */
  readonly dirichlet: number;
}

const BASE: HeadModel = { heavy: 0, tailIndex: 1.2, sinks: 0, sinkBoost: 0, recency: 0, noise: 0.5, regimeLength: 0, dirichlet: 0 };

/**
 * The named presets. `heavy-hitters`: power-law importances that persist (H2O's setting);
 * `sinks`: 4 tokens with a large logit bonus; `recency`: an exponential recency kernel (local
 * attention, StreamingLLM's setting); `regime-switch`: heavy hitters whose identity changes every
 * 32 queries (adversarial for accumulated-score policies); `dirichlet`: unstructured rows.
 */
export const HEAD_MODELS: Readonly<Record<string, HeadModel>> = {
  "heavy-hitters": { ...BASE, heavy: 2.5 },
  sinks: { ...BASE, sinks: 4, sinkBoost: 3, recency: 0.05 },
  recency: { ...BASE, recency: 0.3 },
  "regime-switch": { ...BASE, heavy: 2.5, regimeLength: 32 },
  dirichlet: { ...BASE, dirichlet: 0.3 },
};

/** The synthetic kinds: every {@link HEAD_MODELS} preset, plus `mixed` (heads cycle through them). */
export const SYNTHETIC_KINDS: readonly string[] = [...Object.keys(HEAD_MODELS), "mixed"];

/** What to generate; sizes default to 2 layers × 4 heads × T = 256 × d = 16. */
export interface SyntheticSpec {
  /** A {@link SYNTHETIC_KINDS} name (ignored when `model` is given, except in the trace's name). */
  readonly kind: string;
  /** Seed of the generator: same spec and seed, same trace. */
  readonly seed: number;
  /** Layers (default 2). */
  readonly layers?: number;
  /** Heads per layer (default 4). */
  readonly heads?: number;
  /** Sequence length T (default 256). */
  readonly length?: number;
  /** Value dimension d (default 16). */
  readonly headDim?: number;
  /** Per-head model override (takes precedence over `kind`). */
  readonly model?: (layer: number, head: number) => HeadModel;
}

/** The model used for (layer, head) under `kind`; `mixed` cycles through the presets by head index. */
export function headModelFor(kind: string, layer: number, head: number, heads: number): HeadModel {
  if (kind === "mixed") {
    const names = Object.keys(HEAD_MODELS);
    return HEAD_MODELS[names[(layer * heads + head) % names.length]];
  }
  const model = HEAD_MODELS[kind];
  if (model === undefined) throw new InputError(`unknown synthetic trace kind '${kind}' (known: ${SYNTHETIC_KINDS.join(", ")})`);
  return model;
}

/**
 * Generate a trace. Same spec and seed, same trace (bit for bit). Rows are softmax (or Dirichlet)
 * draws renormalized in float64, so the result meets every guarantee of {@link AttentionTrace}.
 */
export function generateAttentionTrace(spec: SyntheticSpec): AttentionTrace {
  const layers = spec.layers ?? 2;
  const heads = spec.heads ?? 4;
  const T = spec.length ?? 256;
  const d = spec.headDim ?? 16;
  for (const [name, v] of [["layers", layers], ["heads", heads], ["length", T], ["headDim", d]] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new InputError(`synthetic trace: ${name} must be a positive integer, got ${v}`);
  }
  if (spec.model === undefined) headModelFor(spec.kind, 0, 0, heads); // validate the kind early
  const rng = new Rng(spec.seed);
  const rows: Float64Array[] = [];
  const values: Float64Array[] = [];
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      const model = spec.model?.(l, h) ?? headModelFor(spec.kind, l, h, heads);
      rows.push(model.dirichlet > 0 ? dirichletRows(T, model.dirichlet, rng) : softmaxRows(T, model, rng));
      const v = new Float64Array(T * d);
      for (let i = 0; i < v.length; i++) v[i] = rng.normal();
      values.push(v);
    }
  }
  const tokens = new Uint8Array(T);
  for (let i = 0; i < T; i++) tokens[i] = rng.int(256);
  const name = `synthetic:${spec.model === undefined ? spec.kind : "custom"}(seed=${spec.seed}, ${layers}x${heads}, T=${T})`;
  return { name, layers, heads, length: T, headDim: d, rows, values, tokens };
}

function paretoLog(rng: Rng, tailIndex: number): number {
  // log of a Pareto(1, α) draw: Exponential(α).
  let u = 0;
  while (u === 0) u = rng.next();
  return -Math.log(u) / tailIndex;
}

function softmaxRows(T: number, m: HeadModel, rng: Rng): Float64Array {
  const out = new Float64Array(triangleSize(T));
  const regimes = m.regimeLength > 0 ? Math.ceil(T / m.regimeLength) : 1;
  const logW: Float64Array[] = [];
  for (let r = 0; r < regimes; r++) {
    const w = new Float64Array(T);
    if (m.heavy > 0) for (let j = 0; j < T; j++) w[j] = paretoLog(rng, m.tailIndex);
    logW.push(w);
  }
  const z = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const w = logW[m.regimeLength > 0 ? Math.floor(t / m.regimeLength) : 0];
    let max = -Infinity;
    for (let j = 0; j <= t; j++) {
      let v = m.heavy * w[j] + (j < m.sinks ? m.sinkBoost : -m.recency * (t - j));
      if (m.noise > 0) v += m.noise * rng.normal();
      z[j] = v;
      if (v > max) max = v;
    }
    const o = rowOffset(t);
    let sum = 0;
    for (let j = 0; j <= t; j++) {
      const e = Math.exp(z[j] - max);
      out[o + j] = e;
      sum += e;
    }
    for (let j = 0; j <= t; j++) out[o + j] /= sum;
  }
  return out;
}

/** Gamma(shape, 1) by Marsaglia–Tsang (2000), boosted for shape < 1. */
function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return gamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function dirichletRows(T: number, concentration: number, rng: Rng): Float64Array {
  const out = new Float64Array(triangleSize(T));
  for (let t = 0; t < T; t++) {
    const o = rowOffset(t);
    let sum = 0;
    for (let j = 0; j <= t; j++) {
      const g = gamma(rng, concentration);
      out[o + j] = g;
      sum += g;
    }
    if (sum === 0) {
      // All draws underflowed (possible for tiny concentrations): fall back to uniform.
      for (let j = 0; j <= t; j++) out[o + j] = 1 / (t + 1);
    } else {
      for (let j = 0; j <= t; j++) out[o + j] /= sum;
    }
  }
  return out;
}
