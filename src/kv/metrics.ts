/**
 * Model-free metrics of one decoding step under eviction (`../shared/notes/kv-eviction.md` §4).
 *
 * Notation: p = p_t is the full-cache row over keys 0..t, A = A_t the attended (resident) set,
 * s = Σ_{j∈A} p_j the kept mass, m = 1 − s the evicted mass, p̂ = p restricted to A and
 * renormalized, o = Σ_j p_j v_j and ô = Σ_{j∈A} p̂_j v_j.
 *
 * Identities (derived in the note; property-tested in test/kv/metrics.test.ts):
 * - TV(p, p̂) = ½‖p − p̂‖₁ = m, because p̂ − p = p·(1/s − 1) ≥ 0 on A and = −p off A.
 * - o − ô = m·(μ_E − μ_A) with μ_E = Σ_{j∉A} p_j v_j / m and μ_A = Σ_{j∈A} p_j v_j / s,
 *   hence ‖o − ô‖ ≤ 2·m·max_j ‖v_j‖ in any norm.
 *
 * Degenerate case: if s = 0 (every attended probability underflowed to 0), p̂ is taken uniform on
 * A; then TV = 1 = m still, and the bound still holds. The functions read packed rows in place
 * (row t of a packed triangle starts at `rowStart`) so the replay engine can call them without
 * allocating.
 * @module
 */

/** s = Σ_{i<n} p[tokens[i]]: the attention mass the attended set keeps. */
export function keptMass(rows: Float64Array, rowStart: number, tokens: Int32Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += rows[rowStart + tokens[i]];
  return s;
}

/**
 * ½‖p − p̂‖₁ computed term by term over all keys 0..t (not through the identity, so that the
 * identity TV = 1 − s can be tested). `member[j]` is 1 iff j ∈ A; `s` is the kept mass; `n` = |A|.
 */
export function totalVariation(rows: Float64Array, rowStart: number, t: number, member: Uint8Array, s: number, n: number): number {
  let sum = 0;
  if (s > 0) {
    const scale = 1 / s;
    for (let j = 0; j <= t; j++) {
      const p = rows[rowStart + j];
      sum += member[j] ? Math.abs(p * scale - p) : p;
    }
  } else {
    for (let j = 0; j <= t; j++) sum += member[j] ? 1 / n : rows[rowStart + j];
  }
  return sum / 2;
}

/**
 * The full-cache outputs o_t = Σ_{j≤t} p_t[j] v_j of one head, T·d numbers (query-major).
 * O(T²d) — compute once per head and share between policies.
 */
export function headOutputs(rows: Float64Array, values: Float64Array, length: number, d: number): Float64Array {
  const out = new Float64Array(length * d);
  for (let t = 0; t < length; t++) {
    const o = (t * (t + 1)) / 2;
    const base = t * d;
    for (let j = 0; j <= t; j++) {
      const p = rows[o + j];
      if (p === 0) continue;
      const vb = j * d;
      for (let x = 0; x < d; x++) out[base + x] += p * values[vb + x];
    }
  }
  return out;
}

/**
 * ‖o_t − ô_t‖₂, with ô_t = Σ_{i<n} p̂[tokens[i]]·v and o_t read from `outputs` (see
 * {@link headOutputs}); `scratch` must hold d numbers and is overwritten.
 */
export function outputError(
  rows: Float64Array,
  rowStart: number,
  tokens: Int32Array,
  n: number,
  s: number,
  values: Float64Array,
  d: number,
  outputs: Float64Array,
  outputStart: number,
  scratch: Float64Array,
): number {
  scratch.fill(0, 0, d);
  for (let i = 0; i < n; i++) {
    const j = tokens[i];
    const w = s > 0 ? rows[rowStart + j] / s : 1 / n;
    if (w === 0) continue;
    const vb = j * d;
    for (let x = 0; x < d; x++) scratch[x] += w * values[vb + x];
  }
  let sq = 0;
  for (let x = 0; x < d; x++) {
    const diff = outputs[outputStart + x] - scratch[x];
    sq += diff * diff;
  }
  return Math.sqrt(sq);
}

const outputCache = new WeakMap<object, (Float64Array | undefined)[]>();

/**
 * Full-cache outputs of head `index` (= layer·heads + head) of a trace ({@link headOutputs}),
 * computed on first use and cached per trace object (the trace's arrays must not change later).
 */
export function cachedHeadOutputs(
  trace: { rows: readonly Float64Array[]; values: readonly Float64Array[]; length: number; headDim: number },
  index: number,
): Float64Array {
  let outs = outputCache.get(trace);
  if (outs === undefined) {
    outs = new Array(trace.rows.length).fill(undefined);
    outputCache.set(trace, outs);
  }
  let out = outs[index];
  if (out === undefined) {
    out = headOutputs(trace.rows[index], trace.values[index], trace.length, trace.headDim);
    outs[index] = out;
  }
  return out;
}
