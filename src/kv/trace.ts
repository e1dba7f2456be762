/**
 * The attention-trace model shared by the KV-cache eviction code.
 *
 * For each (layer, head), query t = 0..T−1 attends over keys 0..t with probabilities p_t (a row
 * of a causal attention matrix, recorded with a full cache), and each key j carries a value
 * vector v_j of dimension d. Replaying an eviction policy is open-loop: with resident set A_t the
 * restricted distribution is p_t on A_t renormalized, which is exactly softmax of the logits
 * restricted to A_t (H2O Def. 2.2; see `../shared/notes/kv-eviction.md` §0).
 * @module
 */
import { InputError } from "../errors.ts";

/**
 * A recorded (or generated) attention trace.
 *
 * Guarantees kept by every constructor in this folder ({@link checkAttentionTrace} verifies them):
 * `rows.length === values.length === layers·heads`; `rows[i]` holds the packed lower triangle
 * (row t at offset t(t+1)/2, t+1 entries) with every entry finite and ≥ 0 and every row summing
 * to 1 within 1e-9 (renormalized in float64); `values[i]` holds T·d finite numbers, token j at
 * offset j·d.
 */
export interface AttentionTrace {
  /** A label for reports (file name, or a generator description). */
  readonly name: string;
  /** Number of layers. */
  readonly layers: number;
  /** Heads per layer. */
  readonly heads: number;
  /** Sequence length T. */
  readonly length: number;
  /** Value-vector dimension d. */
  readonly headDim: number;
  /** Per head (index `layer·heads + head`): the packed causal attention rows. */
  readonly rows: readonly Float64Array[];
  /** Per head: the value vectors, T·d, token-major. */
  readonly values: readonly Float64Array[];
  /** The input tokens (bytes for the shared traces), when known. */
  readonly tokens?: Uint8Array;
}

/** Offset of row t in a packed lower triangle: t(t+1)/2. */
export function rowOffset(t: number): number {
  return (t * (t + 1)) / 2;
}

/** Number of entries of a packed lower triangle with T rows: T(T+1)/2. */
export function triangleSize(length: number): number {
  return (length * (length + 1)) / 2;
}

/** Index of (layer, head) in {@link AttentionTrace.rows} and {@link AttentionTrace.values}. */
export function headIndex(trace: Pick<AttentionTrace, "heads">, layer: number, head: number): number {
  return layer * trace.heads + head;
}

/**
 * Throw an `Error` describing the first violated guarantee of {@link AttentionTrace}; used by
 * tests and by constructors of traces built from user data (which wrap it as an InputError).
 */
export function checkAttentionTrace(trace: AttentionTrace): void {
  const { layers, heads, length: T, headDim: d } = trace;
  for (const [name, v] of [["layers", layers], ["heads", heads], ["length", T], ["headDim", d]] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`attention trace: ${name} must be a positive integer, got ${v}`);
  }
  const n = layers * heads;
  if (trace.rows.length !== n || trace.values.length !== n) {
    throw new Error(`attention trace: expected ${n} heads of rows and values, got ${trace.rows.length} and ${trace.values.length}`);
  }
  for (let i = 0; i < n; i++) {
    const rows = trace.rows[i];
    if (rows.length !== triangleSize(T)) throw new Error(`attention trace: head ${i} has ${rows.length} probabilities, expected ${triangleSize(T)}`);
    if (trace.values[i].length !== T * d) throw new Error(`attention trace: head ${i} has ${trace.values[i].length} value entries, expected ${T * d}`);
    for (let t = 0; t < T; t++) {
      const o = rowOffset(t);
      let sum = 0;
      for (let j = 0; j <= t; j++) {
        const p = rows[o + j];
        if (!(p >= 0) || p === Infinity) throw new Error(`attention trace: head ${i} row ${t} key ${j} is ${p}`);
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-9) throw new Error(`attention trace: head ${i} row ${t} sums to ${sum}`);
    }
    for (const v of trace.values[i]) if (!Number.isFinite(v)) throw new Error(`attention trace: head ${i} has a non-finite value entry`);
  }
}

/**
 * Parse a layer selection: `0,2`, `0-3`, `0,2-4`, or `all`. Returns sorted distinct layer
 * indices; anything malformed, out of [0, layers) or listed twice (`0-3,2`) is an
 * {@link InputError} — the command line's one rule for lists.
 */
export function parseLayers(spec: string, layers: number): number[] {
  const s = spec.trim();
  if (s === "all") return Array.from({ length: layers }, (_, i) => i);
  const out = new Set<number>();
  for (const raw of s.split(",")) {
    const item = raw.trim();
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (m === null) throw new InputError(`--layers: '${item}' is not a layer or range (e.g. 0,2 or 0-3)`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new InputError(`--layers: empty range '${item}'`);
    if (hi >= layers) throw new InputError(`--layers: layer ${hi} out of range (the trace has layers 0-${layers - 1})`);
    for (let l = lo; l <= hi; l++) {
      if (out.has(l)) throw new InputError(`--layers lists layer ${l} twice ('${s}'); give each once`);
      out.add(l);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Parse a budget `K|FRACTION`: a positive integer token count, or a fraction in (0, 1) of T
 * giving ⌊fraction·T⌋ tokens. Non-positive results and budgets ≥ T (no step would be measured,
 * since means are over t ≥ k) are {@link InputError}s.
 */
export function parseBudget(spec: string, length: number): number {
  const s = spec.trim();
  let k: number;
  if (/^\d+$/.test(s)) {
    k = Number(s);
  } else if (/^(\d*\.\d+|\d+\.\d*)(e-?\d+)?$/i.test(s)) {
    const f = Number(s);
    if (!(f > 0 && f < 1)) throw new InputError(`--budget: a fraction must lie in (0, 1), got '${spec}'`);
    k = Math.floor(f * length);
  } else {
    throw new InputError(`--budget: expected a token count or a fraction of T, got '${spec}'`);
  }
  if (!Number.isSafeInteger(k) || k <= 0) throw new InputError(`--budget '${spec}' gives k = ${k} tokens; k must be ≥ 1`);
  if (k >= length) throw new InputError(`--budget '${spec}' gives k = ${k} ≥ T = ${length}: nothing is ever evicted and no step t ≥ k exists`);
  return k;
}
