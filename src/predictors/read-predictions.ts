import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";
import { ByteSource } from "../files/byte-source.ts";
import { decompressHint } from "../files/compression.ts";
import { TraceFormatError, type TraceLocation } from "../traces/errors.ts";
import { DEFAULT_LIMITS } from "../traces/limits.ts";
import { LineSplitter } from "../traces/line-splitter.ts";
import { showBytes } from "../traces/tokens.ts";
import { payloadBytes, PREDICTION_FILE } from "./prediction-file.ts";

/** What a prediction file holds: next-arrival times or one bit per request. */
export type PredictionKind = "nextArrival" | "bits";

/** The array type of each kind. */
export type PredictionArray<K extends PredictionKind> = K extends "nextArrival" ? Float64Array : Uint8Array;

/** Options of {@link readPredictions}. */
export interface ReadPredictionsOptions<K extends PredictionKind> {
  /** The kind expected. */
  readonly kind: K;
  /** The trace's requests (or their count): the file must hold exactly one prediction each. */
  readonly requests: Int32Array | number;
  /** `"auto"` (default): binary if the content starts with the magic `PLPRED`, else CSV. */
  readonly format?: "auto" | "csv" | "binary" | undefined;
  /** CSV: longest line in bytes (default 64 KiB). */
  readonly maxLineBytes?: number | undefined;
}

/** Predictions read from a file, aligned with the trace. */
export interface ReadPredictionsResult<K extends PredictionKind> {
  /** The kind read. */
  readonly kind: K;
  /** Entry t is the prediction for request t. */
  readonly predictions: PredictionArray<K>;
  /** The form the file was in. */
  readonly format: "csv" | "binary";
  /** True if the file was gzip-compressed. */
  readonly gzip: boolean;
  /**
   * Next arrival only: predictions not after their own request (h_t ≤ t) — allowed, since the
   * algorithms only compare predictions, but no real next arrival is that early, so a count
   * above 0 usually means relative times (reuse distances) or a 1-based index. `first` is the
   * first such t, −1 if none.
   */
  readonly early: { readonly count: number; readonly first: number };
}

/** Content bytes gathered before choosing CSV or binary. */
const SNIFF_BYTES = PREDICTION_FILE.headerBytes;

/**
 * Read per-request predictions from `path`, checked against the trace they belong to.
 *
 * **CSV** (text, optionally gzip): a header row, then one row per request in request order.
 * Header names (trimmed, case-insensitive, separated by commas): the value column `next_arrival`
 * (kind nextArrival) or `bit` (kind bits) is required; an optional `t` column must hold
 * 0, 1, …, n−1 in order; other columns are ignored (a file may carry both kinds, or page ids).
 * No quoting. Values: `next_arrival` — a decimal number ≥ 0 (`12`, `12.5`, `1.2e3`), or
 * `inf` / `infinity` (any case, optional `+`) or an empty field for never again; `bit` — `0`
 * or `KEEP`, `1` or `EVICT` (any case). Up to 16 blank lines may end the file; blank lines
 * elsewhere are errors (so in a one-column file never-again is written `inf`).
 *
 * **Binary**: the format of {@link PREDICTION_FILE} (see `writePredictions`).
 *
 * Guarantees: the result has exactly one entry per request; next arrivals are finite ≥ 0 or
 * +∞, bits KEEP or EVICT. Every malformed file — wrong length, bad value, bad or missing header,
 * truncated binary data, trailing data, a wrong kind or version — is a {@link TraceFormatError}
 * naming the file and the line or byte offset. A missing or non-regular file (a directory, a
 * FIFO — never opened, so it cannot block) is an {@link InputError}. Memory: the n-entry result
 * plus one 1 MiB chunk; reading stops at the first byte or row past the n predictions.
 */
export async function readPredictions<K extends PredictionKind>(
  path: string,
  options: ReadPredictionsOptions<K>,
): Promise<ReadPredictionsResult<K>> {
  const { kind } = options;
  if (kind !== "nextArrival" && kind !== "bits") {
    throw new InputError(`readPredictions: kind must be "nextArrival" or "bits", got ${JSON.stringify(kind)}`);
  }
  const n = typeof options.requests === "number" ? options.requests : options.requests.length;
  if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`readPredictions: the request count must be an integer ≥ 0, got ${n}`);
  const format = options.format ?? "auto";
  if (format !== "auto" && format !== "csv" && format !== "binary") {
    throw new InputError(`readPredictions: format must be "auto", "csv" or "binary", got ${JSON.stringify(format)}`);
  }
  const maxLineBytes = options.maxLineBytes ?? 1 << 16;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new InputError(`readPredictions: maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  const source = await ByteSource.open(path, {
    label: `cannot read predictions ${path}`,
    limits: {
      maxDecompressedBytes: DEFAULT_LIMITS.maxDecompressedBytes,
      maxCompressionRatio: DEFAULT_LIMITS.maxCompressionRatio,
      ratioGraceBytes: DEFAULT_LIMITS.ratioGraceBytes,
    },
    fail(at, detail): never {
      throw new TraceFormatError({ path, offset: at.offset, decompressed: at.decompressed }, detail);
    },
  });
  try {
    const other = source.otherCompression;
    if (other !== undefined) {
      throw new TraceFormatError({ path }, `the content is ${other}-compressed; only gzip is decompressed while reading — decompress it first (${decompressHint(other)})`);
    }
    const first: Uint8Array[] = [];
    let sniffed = 0;
    let chunk: Uint8Array | null = null;
    while (sniffed < SNIFF_BYTES && (chunk = await source.read()) !== null) {
      first.push(chunk);
      sniffed += chunk.length;
    }
    const head = first.length === 1 ? first[0] : Buffer.concat(first);
    const fail = (at: { line?: number; offset?: number }, detail: string): never => {
      const loc: TraceLocation = { path, ...at, decompressed: source.gzip };
      throw new TraceFormatError(loc, detail);
    };
    const binary = format === "binary" || (format === "auto" && startsWithMagic(head));
    const parser = createPredictionParser(kind, n, binary, maxLineBytes, fail);
    if (head.length > 0) parser.push(head);
    if (chunk !== null) {
      for (let c = await source.read(); c !== null; c = await source.read()) parser.push(c);
    }
    parser.end();
    return {
      kind,
      predictions: parser.values as PredictionArray<K>,
      format: binary ? "binary" : "csv",
      gzip: source.gzip,
      early: earlyPredictions(parser.values),
    };
  } finally {
    await source.close();
  }
}

function startsWithMagic(head: Uint8Array): boolean {
  const magic = PREDICTION_FILE.magic;
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

function earlyPredictions(values: Float64Array | Uint8Array): { count: number; first: number } {
  let count = 0;
  let first = -1;
  if (values instanceof Float64Array) {
    for (let t = 0; t < values.length; t++) {
      if (values[t] <= t) {
        if (count === 0) first = t;
        count++;
      }
    }
  }
  return { count, first };
}

/** Reports a problem at a line or byte offset of the content; never returns. */
export type Fail = (at: { line?: number; offset?: number }, detail: string) => never;

/** A prediction file's content parser, fed chunk by chunk. */
export interface PredictionParser {
  /** The n predictions (complete once `end` returned). */
  readonly values: Float64Array | Uint8Array;
  /** Parse the next chunk of content. */
  push(chunk: Uint8Array): void;
  /** The content is complete: check that nothing is missing. */
  end(): void;
}

/**
 * The parser {@link readPredictions} runs on a file's content (binary or CSV), exposed so that
 * tests can cut content at any chunk boundary.
 * @internal
 */
export function createPredictionParser(
  kind: PredictionKind,
  n: number,
  binary: boolean,
  maxLineBytes: number,
  fail: Fail,
): PredictionParser {
  return binary ? new BinaryParser(kind, n, fail) : new CsvParser(kind, n, maxLineBytes, fail);
}

const KIND_NAMES = { 1: "next-arrival", 2: "bit" } as const;

/** The binary form: header, then float64 LE values or packed bits; every byte accounted for. */
class BinaryParser implements PredictionParser {
  readonly values: Float64Array | Uint8Array;
  private readonly header = new Uint8Array(PREDICTION_FILE.headerBytes);
  private readonly expected: number;
  private readonly record = new Uint8Array(8);
  private readonly recordView = new DataView(this.record.buffer);
  private recordFill = 0;
  private offset = 0;

  constructor(
    private readonly kind: PredictionKind,
    private readonly n: number,
    private readonly fail: Fail,
  ) {
    this.values = kind === "nextArrival" ? new Float64Array(n) : new Uint8Array(n);
    this.expected = PREDICTION_FILE.headerBytes + payloadBytes(kind, n);
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    const headerBytes = PREDICTION_FILE.headerBytes;
    while (i < chunk.length && this.offset < headerBytes) {
      this.header[this.offset++] = chunk[i++];
      if (this.offset === headerBytes) this.checkHeader();
    }
    if (i === chunk.length) return;
    // Values before any excess are checked first, so the earliest problem is the one reported.
    const extra = this.offset + (chunk.length - i) - this.expected;
    const body = extra > 0 ? chunk.subarray(0, chunk.length - extra) : chunk;
    if (this.kind === "nextArrival") this.pushFloats(body, i);
    else this.pushBits(body, i);
    if (extra > 0) {
      this.fail(
        { offset: this.expected },
        `unexpected data after the ${this.n} predictions (at least ${extra} byte${extra === 1 ? "" : "s"} too many); ` +
          `expected a file of exactly ${this.expected} bytes`,
      );
    }
  }

  end(): void {
    if (this.offset < PREDICTION_FILE.headerBytes) {
      this.fail(
        { offset: this.offset },
        this.offset === 0
          ? "file is empty; expected a 16-byte prediction header"
          : `file ends inside the 16-byte header (${this.offset} bytes); expected magic PLPRED, version, kind and count`,
      );
    }
    if (this.offset < this.expected) {
      const what =
        this.kind === "nextArrival"
          ? `inside prediction ${Math.floor((this.offset - PREDICTION_FILE.headerBytes) / 8)} of ${this.n}`
          : `after ${this.offset - PREDICTION_FILE.headerBytes} of ${this.expected - PREDICTION_FILE.headerBytes} bit bytes`;
      this.fail({ offset: this.offset }, `file is truncated ${what}; expected ${this.expected} bytes (16-byte header + payload)`);
    }
  }

  private checkHeader(): void {
    const h = this.header;
    for (let i = 0; i < PREDICTION_FILE.magic.length; i++) {
      if (h[i] !== PREDICTION_FILE.magic[i]) {
        this.fail({ offset: 0 }, `expected the magic bytes "PLPRED" of a binary prediction file, found ${showBytes(h, 0, 6)}`);
      }
    }
    if (h[6] !== PREDICTION_FILE.version) {
      this.fail({ offset: 6 }, `unsupported prediction file version ${h[6]}; expected ${PREDICTION_FILE.version}`);
    }
    const wanted = this.kind === "nextArrival" ? PREDICTION_FILE.nextArrivalKind : PREDICTION_FILE.bitsKind;
    if (h[7] !== wanted) {
      const found = h[7] === 1 || h[7] === 2 ? `${KIND_NAMES[h[7]]} predictions` : `unknown kind ${h[7]}`;
      this.fail({ offset: 7 }, `file holds ${found}; expected ${KIND_NAMES[wanted]} predictions (kind ${wanted})`);
    }
    const view = new DataView(h.buffer);
    const count = view.getUint32(8, true) + view.getUint32(12, true) * 4294967296;
    if (count !== this.n) {
      this.fail({ offset: 8 }, `file holds ${count} predictions; expected ${this.n}, one per request of the trace`);
    }
  }

  private pushFloats(chunk: Uint8Array, from: number): void {
    const values = this.values;
    const base = PREDICTION_FILE.headerBytes;
    let i = from;
    if (this.recordFill > 0) {
      while (i < chunk.length && this.recordFill < 8) this.record[this.recordFill++] = chunk[i++];
      this.offset += i - from;
      if (this.recordFill < 8) return;
      this.recordFill = 0;
      this.store(values as Float64Array, (this.offset - 8 - base) / 8, this.recordView.getFloat64(0, true));
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    const whole = i + Math.floor((chunk.length - i) / 8) * 8;
    for (; i < whole; i += 8) {
      this.store(values as Float64Array, (this.offset - base) / 8, view.getFloat64(i, true));
      this.offset += 8;
    }
    for (; i < chunk.length; i++) {
      this.record[this.recordFill++] = chunk[i];
      this.offset++;
    }
  }

  private store(values: Float64Array, t: number, v: number): void {
    if (!(v >= 0)) {
      this.fail(
        { offset: PREDICTION_FILE.headerBytes + 8 * t },
        `prediction ${t} is ${v}; expected a time ≥ 0 or +Infinity`,
      );
    }
    values[t] = v + 0;
  }

  private pushBits(chunk: Uint8Array, from: number): void {
    const values = this.values as Uint8Array;
    const n = this.n;
    const last = this.expected - 1;
    for (let i = from; i < chunk.length; i++, this.offset++) {
      const byte = chunk[i];
      const t0 = (this.offset - PREDICTION_FILE.headerBytes) * 8;
      if (this.offset === last && n % 8 !== 0 && byte >> (n % 8) !== 0) {
        this.fail({ offset: this.offset }, `unused high bits of the last byte are set (0x${byte.toString(16)}); expected 0 past prediction ${n - 1}`);
      }
      for (let b = 0; b < 8 && t0 + b < n; b++) values[t0 + b] = (byte >> b) & 1;
    }
  }
}

/** Blank lines accepted at the end of a CSV file. */
const MAX_TRAILING_BLANK_LINES = 16;

const INFINITY_WORDS = new Set(["", "inf", "+inf", "infinity", "+infinity"]);
const DECIMAL = /^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The CSV form: header row, one row per request. */
class CsvParser implements PredictionParser {
  readonly values: Float64Array | Uint8Array;
  private readonly splitter: LineSplitter;
  private header = true;
  private fields = 0;
  private valueColumn = -1;
  private indexColumn = -1;
  private rows = 0;
  private firstBlank = 0;
  private lastLine = 0;

  constructor(
    private readonly kind: PredictionKind,
    private readonly n: number,
    maxLineBytes: number,
    private readonly fail: Fail,
  ) {
    this.values = kind === "nextArrival" ? new Float64Array(n) : new Uint8Array(n);
    this.splitter = new LineSplitter(
      maxLineBytes,
      (buf, start, end, line) => this.onLine(buf, start, end, line),
      (line) => this.fail({ line }, `line longer than ${maxLineBytes} bytes; expected one short prediction row a line`),
    );
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
    if (this.header) this.fail({ line: 1 }, `file is empty; expected a header row with a ${this.columnName()} column`);
    if (this.rows < this.n) {
      this.fail(
        { line: this.lastLine + 1 },
        `file ends after ${this.rows} prediction${this.rows === 1 ? "" : "s"}; expected ${this.n}, one per request of the trace`,
      );
    }
  }

  private columnName(): string {
    return this.kind === "nextArrival" ? "next_arrival" : "bit";
  }

  private onLine(buf: Uint8Array, start: number, end: number, line: number): void {
    this.lastLine = line;
    if (end > start && buf[end - 1] === 13) end--;
    const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("utf8");
    if (text.trim() === "") {
      if (this.firstBlank === 0) this.firstBlank = line;
      // Bounded: a file of endless blank lines must not be read to its end.
      if (line - this.firstBlank >= MAX_TRAILING_BLANK_LINES) {
        this.fail({ line: this.firstBlank }, `more than ${MAX_TRAILING_BLANK_LINES} blank lines; expected one row per request`);
      }
      return;
    }
    if (this.firstBlank !== 0) {
      this.fail({ line: this.firstBlank }, `blank line; blank lines may only end the file (write never-again as inf)`);
    }
    if (text.includes('"')) this.fail({ line }, `quoted fields are not supported in prediction files; expected plain comma-separated values`);
    const fields = text.split(",");
    if (this.header) {
      this.readHeader(fields, line);
      return;
    }
    if (fields.length !== this.fields) {
      this.fail({ line }, `row has ${fields.length} field${fields.length === 1 ? "" : "s"}; expected ${this.fields} as in the header`);
    }
    const t = this.rows;
    if (t >= this.n) this.fail({ line }, `more predictions than the trace's ${this.n} requests; expected one row per request`);
    if (this.indexColumn >= 0) {
      const index = fields[this.indexColumn].trim();
      if (!/^\d+$/.test(index) || Number(index) !== t) {
        this.fail({ line }, `t = ${JSON.stringify(index)}; expected ${t} (rows in request order 0..${this.n - 1})`);
      }
    }
    const raw = fields[this.valueColumn].trim();
    if (this.kind === "nextArrival") (this.values as Float64Array)[t] = this.time(raw, line);
    else (this.values as Uint8Array)[t] = this.bit(raw, line);
    this.rows++;
  }

  private readHeader(fields: string[], line: number): void {
    const names = fields.map((f) => f.trim().toLowerCase());
    const wanted = this.columnName();
    const list = fields.map((f) => JSON.stringify(f.trim())).join(", ");
    for (const name of [wanted, "t"]) {
      if (names.indexOf(name) !== names.lastIndexOf(name)) this.fail({ line }, `column ${JSON.stringify(name)} appears twice in the header ${list}`);
    }
    this.valueColumn = names.indexOf(wanted);
    this.indexColumn = names.indexOf("t");
    if (this.valueColumn < 0) {
      const other = this.kind === "nextArrival" ? "bit" : "next_arrival";
      const hint = names.includes(other) ? ` (it has ${other}: read it as ${other === "bit" ? "bits" : "next arrivals"})` : "";
      const data = names.every((f) => DECIMAL.test(f) || INFINITY_WORDS.has(f) || f === "keep" || f === "evict");
      this.fail(
        { line },
        data
          ? `expected a header row naming a ${wanted} column, found data ${list}`
          : `no ${wanted} column in the header ${list}${hint}; expected ${wanted} and optionally t`,
      );
    }
    this.fields = fields.length;
    this.header = false;
  }

  private time(raw: string, line: number): number {
    const folded = raw.toLowerCase();
    if (INFINITY_WORDS.has(folded)) return Infinity;
    if (!DECIMAL.test(raw)) {
      const why = raw.startsWith("-") ? " (negative)" : "";
      this.fail({ line }, `next_arrival ${JSON.stringify(raw)}${why}; expected a time ≥ 0, or inf / empty for never again`);
    }
    const v = Number(raw);
    if (!Number.isFinite(v)) this.fail({ line }, `next_arrival ${JSON.stringify(raw)} exceeds the largest float64; write inf for never again`);
    return v;
  }

  private bit(raw: string, line: number): number {
    const folded = raw.toLowerCase();
    if (folded === "0" || folded === "keep") return KEEP;
    if (folded === "1" || folded === "evict") return EVICT;
    return this.fail({ line }, `bit ${JSON.stringify(raw)}; expected 0 or KEEP, 1 or EVICT`);
  }
}
