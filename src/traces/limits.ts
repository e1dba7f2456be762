/**
 * Default caps that keep any input — a gzip bomb, random bytes, a gigabyte line, an ARC extent
 * of a billion pages — from exhausting memory: with these defaults reading a trace peaks well
 * under 1 GB whatever the file holds (the request array ≤ 256 MiB, the id map ≤ ~200 MiB, string
 * ids ≤ 128 MiB of text). Each cap but `ratioGraceBytes` is a `ReadTraceOptions` field of the
 * same name, so a user with a genuinely larger trace can raise it; the command line flag for it
 * is in {@link LIMIT_FLAGS}, and every limit error names both.
 */
export const DEFAULT_LIMITS = {
  /** 2^26 = 67,108,864 requests: a 256 MiB request array (the largest shared trace has 5 M). */
  maxRequests: 2 ** 26,
  /** 2^22 = 4,194,304 distinct ids: the id table stays under ~200 MiB. */
  maxDistinct: 2 ** 22,
  /** 128 MiB of distinct string-id text (txt/csv ids that are not numbers). */
  maxKeyBytes: 2 ** 27,
  /** 1 MiB: no id or CSV record is anywhere near this long. */
  maxLineBytes: 2 ** 20,
  /**
   * 2 GiB of decompressed gzip data; binary formats are also held to what `maxRequests` records
   * take (256 MiB of be32 by default), refused from the gzip trailer before inflating.
   */
  maxDecompressedBytes: 2 ** 31,
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

/** The `paging-lab` flag that raises each cap (the others are library options only). */
export const LIMIT_FLAGS = {
  maxRequests: "--max-requests",
  maxDistinct: "--max-distinct",
  maxDecompressedBytes: "--max-decompressed",
} as const;

/** `(the NAME cap, --flag)`: how limit errors name a cap, with its CLI flag when it has one. */
export function capName(name: keyof typeof DEFAULT_LIMITS): string {
  const flag = (LIMIT_FLAGS as Record<string, string>)[name];
  return flag === undefined ? `the ${name} cap` : `the ${name} cap, ${flag}`;
}

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
