import { realpath, stat } from "node:fs/promises";
import { basename } from "node:path";
import { InputError } from "../errors.ts";
import { ByteSource } from "../files/byte-source.ts";
import type { Trace } from "../paging/core/trace.ts";
import { TraceFormatError } from "./errors.ts";
import type { ChunkParser, ParseContext, ReaderSettings, RecordColumns, Sample } from "./format.ts";
import { inferFormat, type FormatChoice } from "./infer-format.ts";
import { capName, DEFAULT_LIMITS, TraceLimitError } from "./limits.ts";
import { sampleNewlines } from "./sample-text.ts";
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
 * - Streaming: the file is read in 1 MiB chunks (inflated on the fly for gzip); peak memory is
 *   the dense `Int32Array` of requests plus the id map — no per-line strings for numeric ids.
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

async function parseTrace(path: string, options: ReadTraceOptions): Promise<ReadTraceResult> {
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
  const source = await ByteSource.open(path, {
    label: `cannot read trace ${path}`,
    limits,
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
    const sample: Sample = {
      bytes: head.subarray(0, SAMPLE_BYTES),
      complete: done && head.length <= SAMPLE_BYTES,
      contentBytes: source.contentBytes,
      name: basename(path).toLowerCase().replace(/\.(gz|gzip)$/, ""),
    };
    const { format, choice } = inferFormat(path, sample, options.format);
    // A CSV-only option on another format would be silently ignored: say so instead.
    for (const [name, value] of [["column", options.column], ["delimiter", options.delimiter]] as const) {
      if (value !== undefined && format.name !== "csv") {
        throw new InputError(`${path}: the ${name} option applies to csv traces only; this one is read as ${format.name}`);
      }
    }

    // Size the request array once where possible: every regrowth holds the old and the new
    // array at the same time, which is what the memory bound (array + id map) excludes.
    const recordBytes = format.recordBytes;
    if (recordBytes !== undefined) {
      // A binary file says how many records it holds: refuse one over the cap before reading it.
      const capBytes = maxRequests * recordBytes;
      const over = `more than ${maxRequests} requests (${capName("maxRequests")})`;
      if (source.contentBytes !== undefined && source.contentBytes > capBytes) {
        throw new TraceFormatError({ path, offset: capBytes }, `${source.contentBytes} bytes of ${format.name} records hold ${over}`);
      }
      await source.refuseIfTrailerExceeds(capBytes, `the ${capBytes} bytes of ${format.name} records that ${capName("maxRequests")} allows`);
    }
    const size = source.contentBytes ?? (await source.gzipSizeHint());
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
      const read = source.fractionRead;
      return read > 0 ? requests / read : 0;
    };
    let builder: TraceBuilder;
    try {
      builder = new TraceBuilder(capacity, maxRequests, projectTotal, caps);
    } catch (err) {
      if (err instanceof TraceLimitError) throw new TraceFormatError({ path }, err.message);
      throw err;
    }
    const ctx: ParseContext = {
      path,
      decompressed: source.gzip,
      contentBytes: source.contentBytes,
      settings,
      builder,
      fail(at, detail): never {
        throw new TraceFormatError({ path, line: at.line, offset: at.offset, decompressed: source.gzip }, detail);
      },
    };
    const parser = format.createParser(ctx);
    try {
      for (const chunk of first) parser.push(chunk);
      first.length = 0;
      if (!done) {
        for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) parser.push(chunk);
      }
      parser.end();
    } catch (err) {
      if (err instanceof TraceLimitError) throw located(path, source.gzip, parser, err.message);
      throw err;
    }
    if (builder.length === 0) {
      throw new TraceFormatError({ path }, `no requests in ${source.delivered} bytes of ${format.name} content; expected at least one`);
    }
    const columns = parser.columns?.();
    const trace = builder.finish();
    return {
      trace,
      format: format.name,
      formatChoice: choice,
      path,
      gzip: source.gzip,
      contentBytes: source.delivered,
      ...(columns === undefined ? {} : { columns }),
    };
  } finally {
    await source.close();
  }
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
