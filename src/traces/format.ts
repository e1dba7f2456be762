import type { TraceBuilder } from "./trace-builder.ts";

/** The start of a trace's content, for format detection. */
export interface Sample {
  /** The first bytes of the content (after gunzip), up to 64 KiB. */
  readonly bytes: Uint8Array;
  /** True when `bytes` is the whole content. */
  readonly complete: boolean;
  /** Exact content size when known (uncompressed files). */
  readonly contentBytes: number | undefined;
  /** The file name, lower-cased, without a `.gz` suffix (empty or absent when unknown). */
  readonly name?: string;
}

/** How strongly a sample looks like a format: a specific signature, a fallback, or not at all. */
export type Detection = "signature" | "fallback" | false;

/** Reader settings after defaults (the matching `ReadTraceOptions` fields say more). */
export interface ReaderSettings {
  /** txt/csv: how ids become keys (`auto`: the first id decides). */
  readonly keys: "auto" | "number" | "string";
  /** csv: the id column, by header name or 0-based index; `undefined` to guess. */
  readonly column: string | number | undefined;
  /** csv: the one-character field delimiter. */
  readonly delimiter: string;
  /** csv: true when the delimiter was chosen by the caller rather than defaulted to `,`. */
  readonly explicitDelimiter?: boolean;
  /** Text formats: longest line or CSV record, in bytes. */
  readonly maxLineBytes: number;
  /** arc: most pages one line may expand to. */
  readonly maxArcExtent: number;
  /** oracleGeneral: keep the `time` and `obj_size` columns. */
  readonly keepColumns: boolean;
  /** oracleGeneral: check every `next_access_vtime`. */
  readonly checkNextAccess: boolean;
}

/** What a reader gets: where it reads from (for messages), its settings and the output. */
export interface ParseContext {
  /** The file as the user named it (for messages). */
  readonly path: string;
  /** True when byte offsets count decompressed bytes. */
  readonly decompressed: boolean;
  /** Exact content size when known (lets binary readers pre-size columns). */
  readonly contentBytes: number | undefined;
  /** The reader settings. */
  readonly settings: ReaderSettings;
  /** Where requests go. */
  readonly builder: TraceBuilder;
  /** Throw a `TraceFormatError` at a line (text) or byte offset (binary). */
  fail(at: ParserPosition, detail: string): never;
}

/** A place in a trace's content. */
export interface ParserPosition {
  /** 1-based line (text formats). */
  readonly line?: number;
  /** 0-based byte offset (binary formats). */
  readonly offset?: number;
}

/** Per-request columns of oracleGeneral kept besides the ids, indexed like the requests. */
export interface RecordColumns {
  /** The `time` field of each record. */
  readonly time: Uint32Array;
  /** The `obj_size` field of each record. */
  readonly size: Uint32Array;
}

/** A push parser: gets the content chunk by chunk, in order. */
export interface ChunkParser {
  /** Consume the next chunk. The parser may not keep a reference to it after returning. */
  push(chunk: Uint8Array): void;
  /** End of content: finish the last line or record; a truncated record throws. */
  end(): void;
  /** Where the parser is, for errors raised outside it (such as a size cap). */
  position(): ParserPosition;
  /** Extra per-request columns the format keeps (oracleGeneral with `keepColumns`). */
  columns?(): RecordColumns | undefined;
}

/**
 * One trace format: its name for `--format`, a one-line description for help texts, how to
 * recognize it from a file name and from the first bytes, and its reader. The list of formats
 * (`TRACE_FORMATS`) is the only place that names them.
 */
export interface TraceFormat {
  /** Name accepted by the `format` option (case-insensitive). */
  readonly name: string;
  /** One line: layout and typical source. */
  readonly description: string;
  /** Binary formats have fixed-size records of this many bytes. */
  readonly recordBytes?: number;
  /** True if a file name (without a `.gz` suffix), lower-cased, says this format. */
  matchesName(lowerName: string): boolean;
  /** Whether the content sample looks like this format. */
  detect(sample: Sample): Detection;
  /** A fresh reader writing into `ctx.builder`. */
  createParser(ctx: ParseContext): ChunkParser;
}
