import type { Trace } from "../../src/paging/core/trace.ts";
import type { ChunkParser, ParseContext, ReaderSettings } from "../../src/traces/format.ts";
import { TraceFormatError, traceFormat } from "../../src/traces/index.ts";
import { DEFAULT_LIMITS } from "../../src/traces/limits.ts";
import { TraceBuilder } from "../../src/traces/trace-builder.ts";

/**
 * Run format `name`'s reader directly on `bytes`, cut into chunks at `cuts` (sorted offsets),
 * so tests can exercise lines and records that straddle chunk boundaries without 1 MiB files.
 * `capacity` is the builder's first request array (exact or short, to exercise its growth).
 */
export function parseInChunks(
  name: string,
  bytes: Uint8Array,
  cuts: readonly number[],
  settings: Partial<ReaderSettings> = {},
  capacity = 16,
): Trace {
  const builder = new TraceBuilder(capacity, DEFAULT_LIMITS.maxRequests);
  const ctx: ParseContext = {
    path: "mem",
    decompressed: false,
    contentBytes: bytes.length,
    builder,
    settings: {
      keys: "auto",
      column: undefined,
      delimiter: ",",
      maxLineBytes: DEFAULT_LIMITS.maxLineBytes,
      maxArcExtent: DEFAULT_LIMITS.maxArcExtent,
      keepColumns: false,
      checkNextAccess: true,
      ...settings,
    },
    fail(at, detail): never {
      throw new TraceFormatError({ path: "mem", line: at.line, offset: at.offset }, detail);
    },
  };
  feedInChunks(traceFormat(name).createParser(ctx), bytes, cuts);
  return builder.finish();
}

/** Push `bytes` to `parser` cut at `cuts` (sorted offsets), then end it. */
export function feedInChunks(parser: ChunkParser, bytes: Uint8Array, cuts: readonly number[]): void {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const to = Math.min(Math.max(cut, from), bytes.length);
    // A copy, so a parser that kept a reference to an earlier chunk would be caught.
    parser.push(bytes.slice(from, to));
    from = to;
  }
  parser.end();
}
