/**
 * Default cap on trace length: 2^26 accesses (256 MiB of Int32). Kept apart from `run.ts` so
 * that the CLI's help can quote it without loading the kernels and mathjs.
 */
export const MAX_TRACE_LENGTH = 2 ** 26;
