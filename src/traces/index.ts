/**
 * Trace readers and writers: txt, ARC `.lis`, raw big-endian u32, libCacheSim oracleGeneral
 * (read and write), VSCSI v1 and CSV, each optionally gzip-compressed, streamed into a dense
 * {@link Trace}. Malformed input is a {@link TraceFormatError} naming the file and the line or
 * byte offset.
 * @module
 */
export { readTrace, type ReadTraceOptions, type ReadTraceResult } from "./read-trace.ts";
export { writeOracleGeneral, nextAccessVtimes, type WriteOracleGeneralOptions } from "./write-oracle-general.ts";
export { TRACE_FORMATS, traceFormat } from "./formats.ts";
export { inferFormat, type FormatChoice, type FormatInference } from "./infer-format.ts";
export type {
  TraceFormat,
  Sample,
  Detection,
  ChunkParser,
  ParseContext,
  ParserPosition,
  ReaderSettings,
  RecordColumns,
} from "./format.ts";
export { TraceFormatError, type TraceLocation } from "./errors.ts";
export { DEFAULT_LIMITS, LIMIT_FLAGS, TraceLimitError } from "./limits.ts";
export { CSV_ID_COLUMN_NAMES } from "./formats/csv.ts";
export { NumericIdMap } from "./numeric-id-map.ts";
export type { Trace, TraceKeys } from "../paging/core/trace.ts";
export { TraceBuilder, type TraceBuilderCaps } from "./trace-builder.ts";
export { defaultTraceCacheDir, pruneTraceCache, DEFAULT_CACHE_MAX_BYTES, TRACE_CACHE_VERSION } from "./trace-cache.ts";
