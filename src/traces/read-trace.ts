import { realpath, stat } from "node:fs/promises";
import { basename } from "node:path";
import { InputError } from "../errors.ts";
import { ByteSource, CHUNK_BYTES } from "../files/byte-source.ts";
import { isGzip } from "../files/compression.ts";
import { readWholeFileSync } from "../files/regular-file.ts";
import type { Trace } from "../paging/core/trace.ts";
import { TraceFormatError } from "./errors.ts";
import type { ChunkParser, ParseContext, ReaderSettings, RecordColumns, Sample, TraceFormat } from "./format.ts";
import { inferFormat, type FormatChoice, type FormatInference } from "./infer-format.ts";
import { capName, DEFAULT_LIMITS, TraceLimitError } from "./limits.ts";
import { createTxtReader, txtFormat } from "./formats/txt.ts";
import { primeSampleShape, sampleNewlines } from "./sample-text.ts";
import { TraceBuilder } from "./trace-builder.ts";
import {
  DEFAULT_CACHE_MAX_BYTES,
  loadCachedTrace,
  sourceStamp,
  storeCachedTrace,
  touchCachedTrace,
  type CacheIdentity,
  type SourceStamp,
} from "./trace-cache.ts";

/** Content bytes looked at to infer a format. */
const SAMPLE_BYTES = 1 << 16;

/** Options of {@link readTrace}; every field is optional. */
export interface ReadTraceOptions {
  /** Format name (see `TRACE_FORMATS`); inferred from the name and content when absent. */
  readonly format?: string | undefined;
  /**
   * txt and csv ids: `"auto"` (default) — numeric if the first id is a canonical decimal
   * integer, then every id must be one; string keys otherwise. `"number"` or `"string"` force it.
   */
  readonly keys?: "auto" | "number" | "string" | undefined;
  /** csv: the id column, by header name or 0-based index (a number or a digit string). */
  readonly column?: string | number | undefined;
  /** csv: field delimiter (default `,`). */
  readonly delimiter?: string | undefined;
  /** oracleGeneral: also return the `time` and `obj_size` columns (for writing back). */
  readonly keepColumns?: boolean | undefined;
  /** oracleGeneral: check every next_access_vtime against the requests read (default true). */
  readonly checkNextAccess?: boolean | undefined;
  /** Stop with an error beyond this many requests (default 2^26; binary files are refused from their size). */
  readonly maxRequests?: number | undefined;
  /** Stop with an error beyond this many distinct ids (default 2^22). */
  readonly maxDistinct?: number | undefined;
  /** Stop with an error when distinct string ids exceed this many bytes of text (default 128 MiB). */
  readonly maxKeyBytes?: number | undefined;
  /** Text formats: longest line / CSV record in bytes (default 1 MiB). */
  readonly maxLineBytes?: number | undefined;
  /** gzip: most decompressed bytes (default 2 GiB), checked against the gzip trailer first. */
  readonly maxDecompressedBytes?: number | undefined;
  /** gzip: most decompressed/compressed ratio once past 64 MiB of output (default 250). */
  readonly maxCompressionRatio?: number | undefined;
  /** arc: most pages one line may expand to (default 2^20). */
  readonly maxArcExtent?: number | undefined;
  /** Called after each chunk read with bytes read from disk and the file size (progress bars). */
  readonly onProgress?: ((bytesRead: number, fileBytes: number) => void) | undefined;
  /**
   * A directory for parsed traces (opt-in; the CLI's `--cache` uses `defaultTraceCacheDir()`):
   * a trace read before, from the same unchanged file with the same options, is loaded from its
   * dense binary copy there instead of parsed, and a fresh parse is stored there. Entries are
   * checked on load (see `loadCachedTrace`) and anything wrong is a miss; nothing is ever written
   * beside the trace. Not used with `keepColumns` or for string and bigint ids.
   */
  readonly cacheDir?: string | undefined;
  /** Most bytes the cache directory may hold (default 2 GiB); least recently used entries go first. */
  readonly cacheMaxBytes?: number | undefined;
}

/** What {@link readTrace} returns. */
export interface ReadTraceResult {
  /** The requests over dense ids (numbered in order of first request) and their keys. */
  readonly trace: Trace;
  /** Name of the format read. */
  readonly format: string;
  /** Whether the format came from the option, the file name or the content. */
  readonly formatChoice: FormatChoice;
  /** The path as given. */
  readonly path: string;
  /** True if the file was gzip-compressed. */
  readonly gzip: boolean;
  /** Content bytes parsed (after gunzip). */
  readonly contentBytes: number;
  /** oracleGeneral with `keepColumns`: per-request `time` and `obj_size`. */
  readonly columns?: RecordColumns;
  /** With `cacheDir`: true when the trace came from the cache rather than a parse. */
  readonly cached?: boolean;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new InputError(`readTrace: ${name} must be a positive number, got ${value}`);
  return value;
}

/**
 * Read a request trace from `path` in any format of `TRACE_FORMATS`, gzip-compressed or not
 * (recognized by its magic bytes).
 *
 * Guarantees:
 * - Streaming: the file is read in 1 MiB chunks (inflated on the fly for gzip); an uncompressed
 *   file of at most one chunk is read whole, synchronously, into a reused buffer (a directory
 *   of small traces is read at the speed of its bytes). Peak memory is the dense `Int32Array`
 *   of requests plus the id map — no per-line strings; string keys are kept as their bytes and
 *   decoded on the first read of `trace.keys.values`.
 *   The array is sized up front: exactly for binary formats, from the sampled line length for
 *   text; the size of gzip content comes from its ISIZE trailer. A short estimate regrows once
 *   to the length extrapolated from the share of the file read.
 * - Exactness: ids are renumbered densely in order of first request, and `trace.keys` maps them
 *   back to the original ids exactly (numbers ≤ 2^53 − 1, else bigint or string keys).
 * - Bounded: only regular files are opened (a FIFO or a device is refused before opening, so
 *   nothing hangs); every cap of `DEFAULT_LIMITS` holds, each checked before the memory beyond
 *   it is allocated — a binary file with more records than `maxRequests`, or a gzip whose
 *   trailer declares more than a cap allows, is refused before its content is read — so the
 *   defaults keep reading any file under 1 GB of memory.
 * - Every malformed, truncated or over-cap input is a {@link TraceFormatError} (an
 *   `InputError`) naming the file and the line or byte offset, and what was expected; a trace
 *   with no requests is one too. A missing, unreadable or non-regular file is an `InputError`.
 */
export async function readTrace(path: string, options: ReadTraceOptions = {}): Promise<ReadTraceResult> {
  if (options.cacheDir === undefined || options.keepColumns === true) return parseTrace(path, options);
  const cacheDir = options.cacheDir;
  const caps = {
    maxRequests: positive("maxRequests", options.maxRequests, DEFAULT_LIMITS.maxRequests),
    maxDistinct: positive("maxDistinct", options.maxDistinct, DEFAULT_LIMITS.maxDistinct),
  };
  const found = await cacheLookup(path, options);
  // Not a regular file, missing, unreadable: the parse reports it as usual.
  if (found === null) return parseTrace(path, options);
  const hit = loadCachedTrace(cacheDir, found.id, found.stamp, caps);
  if (hit !== null) {
    await touchCachedTrace(cacheDir, found.id);
    return { trace: hit.trace, ...hit.meta, path, cached: true };
  }
  const result = await parseTrace(path, options);
  // Stored only if the file is still the one stamped before the parse.
  const after = await cacheLookup(path, options);
  if (after !== null && after.id.path === found.id.path && sameStamp(after.stamp, found.stamp)) {
    const { format, formatChoice, gzip, contentBytes } = result;
    await storeCachedTrace(cacheDir, found.id, found.stamp, result.trace, { format, formatChoice, gzip, contentBytes }, options.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES);
  }
  return { ...result, cached: false };
}

async function cacheLookup(path: string, options: ReadTraceOptions): Promise<{ id: CacheIdentity; stamp: SourceStamp } | null> {
  try {
    const stats = await stat(path, { bigint: true });
    if (!stats.isFile()) return null;
    const id: CacheIdentity = {
      path: await realpath(path),
      format: options.format?.toLowerCase() ?? "auto",
      keys: options.keys ?? "auto",
      column: options.column === undefined ? "" : String(options.column),
      delimiter: options.delimiter ?? "",
      checkNextAccess: options.checkNextAccess ?? true,
      caps: CAP_NAMES.map((name) => positive(name, options[name], DEFAULT_LIMITS[name])),
    };
    return { id, stamp: sourceStamp(stats) };
  } catch {
    return null;
  }
}

/** The caps a parse depends on (all of `DEFAULT_LIMITS` that are options), in a fixed order. */
const CAP_NAMES = ["maxRequests", "maxDistinct", "maxKeyBytes", "maxLineBytes", "maxDecompressedBytes", "maxCompressionRatio", "maxArcExtent"] as const;

function sameStamp(a: SourceStamp, b: SourceStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino;
}

/** Reader settings and caps after defaults, checked before the file is touched. */
interface Setup {
  readonly maxRequests: number;
  readonly settings: ReaderSettings;
  readonly limits: { maxDecompressedBytes: number; maxCompressionRatio: number; ratioGraceBytes: number };
  readonly caps: { maxDistinct: number; maxKeyBytes: number };
}

function setup(options: ReadTraceOptions): Setup {
  const maxRequests = positive("maxRequests", options.maxRequests, DEFAULT_LIMITS.maxRequests);
  const settings: ReaderSettings = {
    keys: options.keys ?? "auto",
    column: options.column,
    delimiter: options.delimiter ?? ",",
    explicitDelimiter: options.delimiter !== undefined,
    maxLineBytes: positive("maxLineBytes", options.maxLineBytes, DEFAULT_LIMITS.maxLineBytes),
    maxArcExtent: positive("maxArcExtent", options.maxArcExtent, DEFAULT_LIMITS.maxArcExtent),
    keepColumns: options.keepColumns ?? false,
    checkNextAccess: options.checkNextAccess ?? true,
  };
  const limits = {
    maxDecompressedBytes: positive("maxDecompressedBytes", options.maxDecompressedBytes, DEFAULT_LIMITS.maxDecompressedBytes),
    maxCompressionRatio: positive("maxCompressionRatio", options.maxCompressionRatio, DEFAULT_LIMITS.maxCompressionRatio),
    ratioGraceBytes: Math.min(
      DEFAULT_LIMITS.ratioGraceBytes,
      positive("maxDecompressedBytes", options.maxDecompressedBytes, DEFAULT_LIMITS.maxDecompressedBytes),
    ),
  };
  const caps = {
    maxDistinct: positive("maxDistinct", options.maxDistinct, DEFAULT_LIMITS.maxDistinct),
    maxKeyBytes: positive("maxKeyBytes", options.maxKeyBytes, DEFAULT_LIMITS.maxKeyBytes),
  };
  return { maxRequests, settings, limits, caps };
}

async function parseTrace(path: string, options: ReadTraceOptions): Promise<ReadTraceResult> {
  const set = setup(options);
  // A small uncompressed file — one chunk of the general way — is read whole at once and parsed
  // synchronously: the same chunk, sample and parse, without the asynchronous opens and reads
  // that cost a directory of small traces more than its bytes. Anything else (large, gzip,
  // missing, not a regular file) goes the general way, which also words its errors.
  const whole = readWholeFileSync(path, CHUNK_BYTES);
  if (whole !== null && !isGzip(whole)) {
    if (whole.length > 0) options.onProgress?.(whole.length, whole.length);
    return parseWhole(path, options, set, whole);
  }
  return parseStream(path, options, set);
}

// The general way's steps for content that is all in `content`, read from a file of that size.
function parseWhole(path: string, options: ReadTraceOptions, set: Setup, content: Uint8Array): ReadTraceResult {
  if (content.length === 0) throw new TraceFormatError({ path }, "file is empty; expected requests");
  // As the general way sees it: its sample read stops at the first chunk of SAMPLE_BYTES or
  // more, before the end of the file is seen.
  const sample = sampleOf(path, content, content.length < SAMPLE_BYTES, content.length);
  if (options.format === undefined) {
    const read = readAsTxtFirst(path, options, set, sample, content);
    if (read !== null) return read;
  }
  const format = chooseFormat(path, options, sample);
  refuseOverCap(path, set, format.format, content.length);
  const { builder, parser } = startParse(path, set, format.format, sample, content.length, false, () => 1);
  feed(path, false, parser, () => {
    parser.push(content);
    parser.end();
  });
  return finishParse(path, false, content.length, format, builder, parser);
}

/**
 * Detection and parsing in one pass, for the common small text trace: the content is read as
 * txt first, the sample's lines before the rest; if they were all plain (one printable-ASCII
 * token a line), the reader has seen the sample's shape, which is recorded for the detectors
 * (`primeSampleShape`) instead of scanned, and if inference then chooses txt the read stands.
 * Anything else — a line that is not plain, an error, a cap, inference choosing another format
 * or failing — returns `null`, and the caller reads the general way from the start (the shape,
 * when recorded, is the one a scan finds), so results and errors are the general way's.
 */
function readAsTxtFirst(path: string, options: ReadTraceOptions, set: Setup, sample: Sample, content: Uint8Array): ReadTraceResult | null {
  if (options.column !== undefined || options.delimiter !== undefined) return null;
  const bytes = sample.bytes;
  // Where the shape scan would stop: the sample's lines are the ones before it.
  const end = sample.complete ? bytes.length : bytes.lastIndexOf(10);
  if (end < 0) return null;
  // The sample's requests go to a reused scratch array; once the sample is read, the request
  // array is allocated at the size the general way gives it, from the sample's mean line length.
  try {
    const builder = new TraceBuilder(0, set.maxRequests, (requests) => requests, set.caps);
    builder.borrow(sampleScratch(end));
    const ctx: ParseContext = {
      path,
      decompressed: false,
      contentBytes: content.length,
      settings: set.settings,
      builder,
      fail(at, detail): never {
        throw new TraceFormatError({ path, line: at.line, offset: at.offset, decompressed: false }, detail);
      },
    };
    const reader = createTxtReader(ctx);
    reader.push(sample.complete ? content : content.subarray(0, end + 1));
    const newlines = reader.newlines;
    if (sample.complete) reader.end();
    if (!reader.plain || !primeSampleShape(sample, end, builder.length, newlines)) return null;
    const format = chooseFormat(path, options, sample);
    if (format.format !== txtFormat) return null;
    builder.reserve(estimateLines(sample, content.length));
    if (!sample.complete) {
      reader.push(content.subarray(end + 1));
      reader.end();
    }
    return finishParse(path, false, content.length, format, builder, reader);
  } catch {
    return null;
  }
}

let scratchIds: Int32Array | null = null;

// Room for the requests of a sample's lines before `end`: an id line takes two bytes or more.
function sampleScratch(end: number): Int32Array {
  const needed = (end >> 1) + 2;
  if (scratchIds === null || scratchIds.length < needed) scratchIds = new Int32Array(Math.max(needed, (SAMPLE_BYTES >> 1) + 2));
  return scratchIds;
}

async function parseStream(path: string, options: ReadTraceOptions, set: Setup): Promise<ReadTraceResult> {
  const source = await ByteSource.open(path, {
    label: `cannot read trace ${path}`,
    limits: set.limits,
    // Chunk i is parsed before chunk i + 2 is read; the chunks held for format inference are copies.
    reuseBuffers: true,
    onProgress: options.onProgress,
    fail(at, detail): never {
      throw new TraceFormatError({ path, offset: at.offset, decompressed: at.decompressed }, detail);
    },
  });
  try {
    const first: Uint8Array[] = [];
    let sampled = 0;
    let done = false;
    while (sampled < SAMPLE_BYTES) {
      // A chunk's buffer is reused two reads later (reuseBuffers): copy the one this read would
      // overwrite. Usually one chunk holds the whole sample and nothing is copied.
      if (first.length >= 2) first[first.length - 2] = first[first.length - 2].slice();
      const chunk = await source.read();
      if (chunk === null) {
        done = true;
        break;
      }
      first.push(chunk);
      sampled += chunk.length;
    }
    if (sampled === 0) {
      throw new TraceFormatError({ path }, source.gzip ? "gzip content is empty; expected requests" : "file is empty; expected requests");
    }
    const head = first.length === 1 ? first[0] : Buffer.concat(first);
    const sample = sampleOf(path, head, done && head.length <= SAMPLE_BYTES, source.contentBytes);
    const format = chooseFormat(path, options, sample);
    const recordBytes = format.format.recordBytes;
    if (recordBytes !== undefined) {
      refuseOverCap(path, set, format.format, source.contentBytes);
      const capBytes = set.maxRequests * recordBytes;
      await source.refuseIfTrailerExceeds(capBytes, `the ${capBytes} bytes of ${format.format.name} records that ${capName("maxRequests")} allows`);
    }
    const size = source.contentBytes ?? (await source.gzipSizeHint());
    const { builder, parser } = startParse(path, set, format.format, sample, size, source.gzip, () => source.fractionRead);
    for (let i = 0; i < first.length; i++) feed(path, source.gzip, parser, () => parser.push(first[i]));
    first.length = 0;
    if (!done) {
      for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) {
        const next = chunk;
        feed(path, source.gzip, parser, () => parser.push(next));
      }
    }
    feed(path, source.gzip, parser, () => parser.end());
    return finishParse(path, source.gzip, source.delivered, format, builder, parser);
  } finally {
    await source.close();
  }
}

function sampleOf(path: string, head: Uint8Array, complete: boolean, contentBytes: number | undefined): Sample {
  return {
    bytes: head.subarray(0, SAMPLE_BYTES),
    complete,
    contentBytes,
    name: basename(path).toLowerCase().replace(/\.(gz|gzip)$/, ""),
  };
}

function chooseFormat(path: string, options: ReadTraceOptions, sample: Sample): FormatInference {
  const inferred = inferFormat(path, sample, options.format);
  // A CSV-only option on another format would be silently ignored: say so instead.
  for (const [name, value] of [["column", options.column], ["delimiter", options.delimiter]] as const) {
    if (value !== undefined && inferred.format.name !== "csv") {
      throw new InputError(`${path}: the ${name} option applies to csv traces only; this one is read as ${inferred.format.name}`);
    }
  }
  return inferred;
}

// A binary file says how many records it holds: refuse one over the cap before reading it.
function refuseOverCap(path: string, set: Setup, format: TraceFormat, contentBytes: number | undefined): void {
  const recordBytes = format.recordBytes;
  if (recordBytes === undefined) return;
  const capBytes = set.maxRequests * recordBytes;
  if (contentBytes !== undefined && contentBytes > capBytes) {
    const over = `more than ${set.maxRequests} requests (${capName("maxRequests")})`;
    throw new TraceFormatError({ path, offset: capBytes }, `${contentBytes} bytes of ${format.name} records hold ${over}`);
  }
}

// The builder, sized once where possible (every regrowth holds the old and the new array at
// the same time, which is what the memory bound — array + id map — excludes), and the parser.
function startParse(
  path: string,
  set: Setup,
  format: TraceFormat,
  sample: Sample,
  size: number | undefined,
  gzip: boolean,
  fractionRead: () => number,
): { builder: TraceBuilder; parser: ChunkParser } {
  const recordBytes = format.recordBytes;
  let capacity = 1 << 16;
  if (size !== undefined) {
    // A text estimate is trusted down to small files: a 64 Ki-entry floor made every small
    // file of a dataset allocate, fault in and zero 256 KiB, then copy its requests out of it.
    const lines = recordBytes === undefined ? estimateLines(sample, size) : 0;
    capacity = recordBytes !== undefined ? Math.floor(size / recordBytes) : lines > 0 ? Math.max(1024, lines) : capacity;
  }
  // When the estimate falls short (a wrapped gzip ISIZE, an unrepresentative sample, ARC
  // extents), extrapolate from the share of the file consumed, so the array grows about once.
  const projectTotal = (requests: number): number => {
    const read = fractionRead();
    return read > 0 ? requests / read : 0;
  };
  let builder: TraceBuilder;
  try {
    builder = new TraceBuilder(capacity, set.maxRequests, projectTotal, set.caps);
  } catch (err) {
    if (err instanceof TraceLimitError) throw new TraceFormatError({ path }, err.message);
    throw err;
  }
  const ctx: ParseContext = {
    path,
    decompressed: gzip,
    contentBytes: gzip ? undefined : size,
    settings: set.settings,
    builder,
    fail(at, detail): never {
      throw new TraceFormatError({ path, line: at.line, offset: at.offset, decompressed: gzip }, detail);
    },
  };
  return { builder, parser: format.createParser(ctx) };
}

// Runs a step of the parser, turning a cap it hit into an error at the parser's position.
function feed(path: string, gzip: boolean, parser: ChunkParser, step: () => void): void {
  try {
    step();
  } catch (err) {
    if (err instanceof TraceLimitError) throw located(path, gzip, parser, err.message);
    throw err;
  }
}

function finishParse(path: string, gzip: boolean, delivered: number, inferred: FormatInference, builder: TraceBuilder, parser: ChunkParser): ReadTraceResult {
  const { format, choice } = inferred;
  if (builder.length === 0) {
    throw new TraceFormatError({ path }, `no requests in ${delivered} bytes of ${format.name} content; expected at least one`);
  }
  const columns = parser.columns?.();
  const trace = builder.finish();
  return {
    trace,
    format: format.name,
    formatChoice: choice,
    path,
    gzip,
    contentBytes: delivered,
    ...(columns === undefined ? {} : { columns }),
  };
}

function located(path: string, gzip: boolean, parser: ChunkParser, message: string): TraceFormatError {
  const at = parser.position();
  return new TraceFormatError({ path, line: at.line, offset: at.offset, decompressed: gzip }, message);
}

// Lines in the whole file, from the sample's mean line length (+2% slack, so that the final
// trim usually copies nothing larger than needed).
function estimateLines(sample: Sample, contentBytes: number): number {
  const newlines = sampleNewlines(sample);
  if (newlines === 0) return 0;
  return Math.ceil((contentBytes / (sample.bytes.length / newlines)) * 1.02) + 16;
}
