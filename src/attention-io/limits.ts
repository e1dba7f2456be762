// Kept apart from `run.ts` so that the CLI's help can quote the limits without loading the
// kernels and mathjs.

/** Default cap on trace length: 2^26 accesses (256 MiB of Int32). */
export const MAX_TRACE_LENGTH = 2 ** 26;

/** Default cap on slow-memory words in execute mode: 2^26 Float64 (512 MiB). */
export const MAX_EXECUTE_WORDS = 2 ** 26;

/**
 * Default cap on the arithmetic of execute mode, heads·N²·d multiply-adds (each of QKᵀ and PV
 * costs that many): 2^31, twice the default run (N = 4096, d = 64), about half a minute on one
 * core of the project's machine. Counting needs no arithmetic and has no such cap.
 */
export const MAX_EXECUTE_WORK = 2 ** 31;
