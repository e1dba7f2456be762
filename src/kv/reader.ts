/**
 * Reader and writer for the shared attention-trace format (`../shared/attention-traces/README.md`).
 *
 * Layout after gunzip, little-endian float16: for layer l, head h, query t: the t+1 probabilities
 * of query t over keys 0..t (packed lower triangle); then the value vectors
 * [layers][heads][T][d]; then T input bytes. The file does not store its shape, so the shape comes
 * from the caller or from the `meta.json` that sits beside the shared traces.
 * @module
 */
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.ts";
import { ByteSource } from "../files/byte-source.ts";
import { decompressHint } from "../files/compression.ts";
import { readSmallRegularFileSync } from "../files/regular-file.ts";
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

/**
 * Most probabilities plus value entries a trace may hold: 2^25 (33,554,432), decoded to 256 MiB
 * of Float64 from 64 MiB of float16. The shared traces hold 5.9 M; a shape beyond this (a
 * hostile `meta.json`, a mistyped `--shape`) is refused before anything is allocated.
 */
export const MAX_ATTENTION_ENTRIES = 2 ** 25;

/** Largest `meta.json` read (the shared one has 5 KB). */
export const MAX_META_BYTES = 1 << 20;

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
  // In floating point, so that a hostile shape cannot overflow the check itself.
  const n = shape.layers * shape.heads;
  const entries = n * ((shape.length * (shape.length + 1)) / 2) + n * shape.length * shape.headDim;
  if (!(entries <= MAX_ATTENTION_ENTRIES)) {
    throw new InputError(
      `${file}: a trace of ${describe(shape)} holds ${entries} probabilities and value entries, more than the ` +
        `${MAX_ATTENTION_ENTRIES} a trace may hold (256 MiB decoded); wrong shape?`,
    );
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
 * one that is not a regular file, is over {@link MAX_META_BYTES}, is not JSON or lacks a field is
 * an {@link InputError} naming it.
 */
export function shapeFromMeta(file: string): AttentionShape | null {
  const meta = join(dirname(file), "meta.json");
  const raw = readSmallRegularFileSync(meta, meta, MAX_META_BYTES);
  if (raw === null) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new InputError(`${meta}: not valid JSON (${(err as Error).message})`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(doc) || !isObject(doc.model)) {
    throw new InputError(`${meta}: expected a JSON object with a "model" object (layers, heads, context, head_dim)`);
  }
  const model = doc.model;
  const get = (key: string): number => {
    const v = model[key];
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
 *
 * Bounded: only a regular file is opened (a FIFO or a device is refused before opening); the
 * shape fixes the exact content size, which must be at most {@link MAX_ATTENTION_ENTRIES}
 * entries, and no more than that is ever read or inflated — an uncompressed file of the wrong
 * size is refused from its size alone, a gzip stream is inflated chunk by chunk and stopped one
 * chunk past the expected end. Peak memory is the content (≤ 64 MiB) plus the decoded trace.
 * A missing file, content compressed by another tool (zstd, xz, …), a corrupt or truncated gzip
 * stream and every problem listed at {@link decodeAttentionTrace} are InputErrors naming the
 * file and, where there is one, the byte offset.
 */
export async function readAttentionTrace(file: string, options: { shape?: AttentionShape } = {}): Promise<AttentionTrace> {
  let zlibFailure: { offset: number; code: string | undefined; message: string } | null = null;
  const source = await ByteSource.open(file, {
    label: `${file}: cannot read`,
    fail(at, detail, cause): never {
      if (cause !== undefined && (cause as NodeJS.ErrnoException).code?.startsWith("Z_")) {
        zlibFailure = { offset: at.offset, code: (cause as NodeJS.ErrnoException).code, message: (cause as Error).message };
      }
      throw new InputError(`${file}: byte offset ${at.offset}: ${detail}`);
    },
  });
  try {
    const packed = source.otherCompression;
    if (packed !== undefined) {
      throw new InputError(`${file}: the content is ${packed}-compressed; only gzip is decompressed while reading — decompress it first (${decompressHint(packed)})`);
    }
    const shape = options.shape ?? shapeFromMeta(file);
    if (shape === null) throw new InputError(`${file}: unknown shape; pass --shape LAYERS,HEADS,T,D or put a meta.json beside the trace`);
    checkShape(shape, file);
    const sections = attentionSections(shape);
    const total = sections.total;
    if (source.contentBytes !== undefined) checkSize(source.contentBytes, shape, file);
    const bytes = new Uint8Array(total);
    let filled = 0;
    for (;;) {
      let chunk: Uint8Array | null;
      try {
        chunk = await source.read();
      } catch (err) {
        const z = zlibFailure as { offset: number; code: string | undefined; message: string } | null;
        if (z === null) throw err;
        // zlib says Z_BUF_ERROR when the input ends early; anything else is corrupt data, for
        // which no offset is claimed.
        const where = z.code === "Z_BUF_ERROR" ? `: it breaks off at decompressed byte ${z.offset}` : "";
        throw new InputError(`${file}: gzip stream truncated or corrupt (${z.message})${where} (the compressed file has ${source.fileBytes} bytes)`);
      }
      if (chunk === null) break;
      if (filled + chunk.length > total) {
        throw new InputError(
          `${file}: more than ${total} bytes${source.gzip ? " of decompressed data" : ""}: unexpected bytes after byte ${total} ` +
            `(the end of a trace of ${describe(shape)}); wrong shape?`,
        );
      }
      bytes.set(chunk, filled);
      filled += chunk.length;
    }
    checkSize(filled, shape, file);
    return decodeAttentionTrace(bytes, shape, file, basename(file).replace(/\.gz$/, "").replace(/\.bin$/, ""));
  } finally {
    await source.close();
  }
}

/** Refuse a content size other than the shape's, naming where a short one ends. */
function checkSize(size: number, shape: AttentionShape, file: string): void {
  const total = attentionSections(shape).total;
  if (size < total) {
    throw new InputError(`${file}: truncated at byte ${size}: ${whereIs(size, shape)}; a trace of ${describe(shape)} has ${total} bytes`);
  }
  if (size > total) {
    throw new InputError(`${file}: ${size - total} unexpected bytes after byte ${total} (the end of a trace of ${describe(shape)}); wrong shape?`);
  }
}
