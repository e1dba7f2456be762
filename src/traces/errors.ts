import { InputError } from "../errors.ts";

/** Where in a trace file a problem was found. */
export interface TraceLocation {
  /** The file as the user named it. */
  readonly path: string;
  /** 1-based line (text formats; CSV: the line where the record starts). */
  readonly line?: number;
  /** 0-based byte offset into the file's content (after gunzip for `.gz` input). */
  readonly offset?: number;
  /** True when `offset` counts bytes of the decompressed stream. */
  readonly decompressed?: boolean;
}

function where(loc: TraceLocation): string {
  if (loc.line !== undefined) return `${loc.path}: line ${loc.line}`;
  if (loc.offset !== undefined) {
    return `${loc.path}: byte offset ${loc.offset}${loc.decompressed ? " of the decompressed data" : ""}`;
  }
  return loc.path;
}

/**
 * A trace file that cannot be read as the chosen format: malformed, truncated, hostile (over a
 * size cap) or unreadable. It is an {@link InputError}, so the CLI prints its one-line message
 * (`PATH: line L: …` or `PATH: byte offset B: …`, then what was expected) and exits with code 2.
 */
export class TraceFormatError extends InputError {
  /** Always `"TraceFormatError"`. */
  override name = "TraceFormatError";
  /** The file as the user named it. */
  readonly path: string;
  /** 1-based line of the problem, for text formats. */
  readonly line: number | undefined;
  /** Byte offset of the problem (of the decompressed data for gzip input). */
  readonly offset: number | undefined;
  /** The problem alone, without the location prefix. */
  readonly detail: string;

  constructor(loc: TraceLocation, detail: string) {
    super(`${where(loc)}: ${detail}`);
    this.path = loc.path;
    this.line = loc.line;
    this.offset = loc.offset;
    this.detail = detail;
  }
}
