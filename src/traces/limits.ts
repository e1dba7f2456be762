/**
 * Default caps that keep hostile input (a gzip bomb, a gigabyte line, an ARC extent of a billion
 * pages) from exhausting memory. Each cap but `ratioGraceBytes` is a `ReadTraceOptions` field of
 * the same name, so a user with a genuinely larger trace can raise it.
 */
export const DEFAULT_LIMITS = {
  /** 2^30 requests: a 4 GiB request array; 100 M-request traces fit ten times over. */
  maxRequests: 2 ** 30,
  /** 1 MiB: no id or CSV record is anywhere near this long. */
  maxLineBytes: 2 ** 20,
  /** 64 GiB of decompressed data. */
  maxDecompressedBytes: 2 ** 36,
  /**
   * Decompressed/compressed size. Real traces compress 2–20× (the shared ones 4–5×); deflate's
   * ceiling is about 1032×, reached only by runs of one byte — the classic bomb.
   */
  maxCompressionRatio: 250,
  /** The ratio is checked only past this much output, so tiny files never trip it. */
  ratioGraceBytes: 2 ** 26,
  /** ARC `.lis` lines: at most 2^20 pages per line (4 GiB of 4 KiB blocks in one request). */
  maxArcExtent: 2 ** 20,
} as const;

/** A size cap was hit or memory ran out; the reader turns it into a located error. */
export class TraceLimitError extends Error {}

/** `new Int32Array(n)` etc., turning an allocation failure into a {@link TraceLimitError}. */
export function allocate<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof RangeError) throw new TraceLimitError(`cannot allocate ${what}: ${err.message}`);
    throw err;
  }
}
