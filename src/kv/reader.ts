/**
 * Reader and writer for the shared attention-trace format (`../shared/attention-traces/README.md`).
 *
 * Layout after gunzip, little-endian float16: for layer l, head h, query t: the t+1 probabilities
 * of query t over keys 0..t (packed lower triangle); then the value vectors
 * [layers][heads][T][d]; then T input bytes. The file does not store its shape, so the shape comes
 * from the caller or from the `meta.json` that sits beside the shared traces.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { constants, gunzipSync } from "node:zlib";
import { InputError } from "../errors.ts";
import { halfTable, numberToHalf } from "./float16.ts";
import { type AttentionTrace, rowOffset, triangleSize } from "./trace.ts";

/** The dimensions a trace file does not record. */
export interface AttentionShape {
  /** Number of layers. */
  readonly layers: number;
  /** Heads per layer. */
  readonly heads: number;
  /** Sequence length T. */
  readonly length: number;
  /** Value-vector dimension d. */
  readonly headDim: number;
}

/** A row whose sum is further than this from 1 is malformed (float16 rounding gives ±3e-4). */
export const ROW_SUM_TOLERANCE = 1e-2;

/** Byte sizes of the three sections of a trace of the given shape. */
export function attentionSections(shape: AttentionShape): { probs: number; values: number; tokens: number; total: number } {
  const n = shape.layers * shape.heads;
  const probs = 2 * n * triangleSize(shape.length);
  const values = 2 * n * shape.length * shape.headDim;
  const tokens = shape.length;
  return { probs, values, tokens, total: probs + values + tokens };
}

function describe(shape: AttentionShape): string {
  return `${shape.layers} layers × ${shape.heads} heads × T=${shape.length} × d=${shape.headDim}`;
}

/**
 * Decode the uncompressed bytes of a trace. Every problem is an {@link InputError} naming `file`
 * and the byte offset: a size that does not match the shape (with the section and (layer, head,
 * row) where truncated data ends), a NaN/infinite/negative probability, a row whose sum is off by
 * more than {@link ROW_SUM_TOLERANCE}, a non-finite value entry. Rows are renormalized in float64,
 * so the result meets every guarantee of {@link AttentionTrace}.
 */
export function decodeAttentionTrace(bytes: Uint8Array, shape: AttentionShape, file: string, name = basename(file)): AttentionTrace {
  checkShape(shape, file);
  const sections = attentionSections(shape);
  const { layers, heads, length: T, headDim: d } = shape;
  const n = layers * heads;
  const tri = triangleSize(T);
  if (bytes.length < sections.total) {
    throw new InputError(`${file}: truncated at byte ${bytes.length}: ${whereIs(bytes.length, shape)}; a trace of ${describe(shape)} has ${sections.total} bytes`);
  }
  if (bytes.length > sections.total) {
    throw new InputError(`${file}: ${bytes.length - sections.total} unexpected bytes after byte ${sections.total} (the end of a trace of ${describe(shape)}); wrong shape?`);
  }
  const half = halfTable();
  const rows: Float64Array[] = [];
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const out = new Float64Array(tri);
    for (let t = 0; t < T; t++) {
      const rowStart = pos;
      const o = rowOffset(t);
      let sum = 0;
      for (let j = 0; j <= t; j++) {
        const p = half[bytes[pos] | (bytes[pos + 1] << 8)];
        if (!(p >= 0) || p === Infinity) {
          throw new InputError(`${file}: byte ${pos}: probability ${p} (layer ${Math.floor(i / heads)}, head ${i % heads}, query ${t}, key ${j}) is not a finite non-negative number`);
        }
        out[o + j] = p;
        sum += p;
        pos += 2;
      }
      if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
        throw new InputError(`${file}: byte ${rowStart}: the row of layer ${Math.floor(i / heads)}, head ${i % heads}, query ${t} sums to ${sum}, not 1; wrong shape or not an attention trace?`);
      }
      for (let j = 0; j <= t; j++) out[o + j] /= sum;
    }
    rows.push(out);
  }
  const values: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const out = new Float64Array(T * d);
    for (let x = 0; x < T * d; x++) {
      const v = half[bytes[pos] | (bytes[pos + 1] << 8)];
      if (!Number.isFinite(v)) {
        throw new InputError(`${file}: byte ${pos}: value entry ${v} (layer ${Math.floor(i / heads)}, head ${i % heads}, token ${Math.floor(x / d)}) is not finite`);
      }
      out[x] = v;
      pos += 2;
    }
    values.push(out);
  }
  const tokens = bytes.slice(pos, pos + T);
  return { name, layers, heads, length: T, headDim: d, rows, values, tokens };
}

/** Human description of what lies at byte `offset` of a trace of this shape. */
function whereIs(offset: number, shape: AttentionShape): string {
  const sections = attentionSections(shape);
  const { heads, length: T, headDim: d } = shape;
  if (offset < sections.probs) {
    const value = Math.floor(offset / 2);
    const head = Math.floor(value / triangleSize(T));
    const within = value - head * triangleSize(T);
    let t = Math.floor((Math.sqrt(8 * within + 1) - 1) / 2);
    while (rowOffset(t + 1) <= within) t++;
    while (rowOffset(t) > within) t--;
    return `the data ends inside the probabilities (layer ${Math.floor(head / heads)}, head ${head % heads}, query ${t})`;
  }
  if (offset < sections.probs + sections.values) {
    const value = Math.floor((offset - sections.probs) / 2);
    const head = Math.floor(value / (T * d));
    return `the data ends inside the value vectors (layer ${Math.floor(head / heads)}, head ${head % heads}, token ${Math.floor((value - head * T * d) / d)})`;
  }
  return `the data ends inside the ${T} input bytes (token ${offset - sections.probs - sections.values})`;
}

function checkShape(shape: AttentionShape, file: string): void {
  for (const key of ["layers", "heads", "length", "headDim"] as const) {
    const v = shape[key];
    if (!Number.isSafeInteger(v) || v <= 0) throw new InputError(`${file}: shape ${key} must be a positive integer, got ${v}`);
  }
}

/**
 * Encode a trace in the shared format (uncompressed). Probabilities and values are rounded to
 * float16, so decoding gives back the trace within float16 precision (rows renormalized).
 */
export function encodeAttentionTrace(trace: AttentionTrace): Uint8Array {
  const shape = { layers: trace.layers, heads: trace.heads, length: trace.length, headDim: trace.headDim };
  const out = new Uint8Array(attentionSections(shape).total);
  let pos = 0;
  const put = (x: number): void => {
    const h = numberToHalf(x);
    out[pos] = h & 0xff;
    out[pos + 1] = h >>> 8;
    pos += 2;
  };
  for (const rows of trace.rows) for (let i = 0; i < rows.length; i++) put(rows[i]);
  for (const values of trace.values) for (let i = 0; i < values.length; i++) put(values[i]);
  if (trace.tokens !== undefined && trace.tokens.length === trace.length) out.set(trace.tokens, pos);
  return out;
}

/**
 * Read the shape of `file` from a `meta.json` beside it (the shared traces' layout: `model.layers`,
 * `model.heads`, `model.head_dim`, `model.context` = T). Returns null when there is no meta.json;
 * a malformed one is an {@link InputError} naming it.
 */
export function shapeFromMeta(file: string): AttentionShape | null {
  const meta = join(dirname(file), "meta.json");
  if (!existsSync(meta)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(meta, "utf8"));
  } catch (err) {
    throw new InputError(`${meta}: not valid JSON (${(err as Error).message})`);
  }
  const model = (doc as { model?: Record<string, unknown> }).model;
  const get = (key: string): number => {
    const v = model?.[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) throw new InputError(`${meta}: model.${key} must be a positive integer`);
    return v;
  };
  return { layers: get("layers"), heads: get("heads"), length: get("context"), headDim: get("head_dim") };
}

/** Parse `--shape L,H,T,d` (layers, heads, sequence length, head dimension). */
export function parseShape(spec: string): AttentionShape {
  const parts = spec.split(",").map((s) => s.trim());
  if (parts.length !== 4 || parts.some((p) => !/^\d+$/.test(p) || Number(p) <= 0)) {
    throw new InputError(`--shape: expected four positive integers LAYERS,HEADS,T,D, got '${spec}'`);
  }
  const [layers, heads, length, headDim] = parts.map(Number);
  return { layers, heads, length, headDim };
}

/**
 * Read a trace file, gzip-compressed (detected by its magic bytes) or not. The shape is `shape`,
 * else the one in a `meta.json` beside the file; without either it is an {@link InputError}.
 * A missing file, a corrupt or truncated gzip stream and every problem listed at
 * {@link decodeAttentionTrace} are InputErrors naming the file and the byte offset.
 */
export function readAttentionTrace(file: string, options: { shape?: AttentionShape } = {}): AttentionTrace {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code === "ENOENT" ? "no such file" : (err as Error).message})`);
  }
  const shape = options.shape ?? shapeFromMeta(file);
  if (shape === null) throw new InputError(`${file}: unknown shape; pass --shape LAYERS,HEADS,T,D or put a meta.json beside the trace`);
  let bytes: Uint8Array = raw;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) bytes = gunzip(raw, file);
  return decodeAttentionTrace(bytes, shape, file, basename(file).replace(/\.gz$/, "").replace(/\.bin$/, ""));
}

function gunzip(raw: Buffer, file: string): Uint8Array {
  try {
    return gunzipSync(raw);
  } catch (err) {
    // Decompress what is there to say how far a truncated stream got. Corrupt data (a bad block,
    // a checksum mismatch) fails this too; then no offset is claimed.
    let where = "";
    try {
      where = `: it breaks off at decompressed byte ${gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }).length}`;
    } catch {
      where = "";
    }
    throw new InputError(`${file}: gzip stream truncated or corrupt (${(err as Error).message})${where} (the compressed file has ${raw.length} bytes)`);
  }
}
