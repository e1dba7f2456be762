import { defaultTraceCacheDir } from "../traces/trace-cache.ts";

/**
 * Where `--cache` keeps parsed traces, or `undefined` when caching is off: on with the `--cache`
 * flag, or whenever `PAGING_LAB_CACHE_DIR` is set (so a series of experiments can turn it on
 * without changing their command lines).
 */
export function traceCacheDir(flags: ReadonlySet<string>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flags.has("cache") || env.PAGING_LAB_CACHE_DIR ? defaultTraceCacheDir(env) : undefined;
}

/** The `--cache` lines of a command's help. */
export const CACHE_HELP = `  --cache            reuse the parsed trace from a cache directory ($PAGING_LAB_CACHE_DIR, else
                     $XDG_CACHE_HOME/paging-lab or ~/.cache/paging-lab): the first run stores a
                     dense binary copy there (never beside the trace), later runs of the same
                     unchanged file (path, size, mtime, inode) and options load it instead of
                     parsing; a stale or damaged copy is rebuilt. At most 2 GiB, least recently
                     used copies removed first. Setting PAGING_LAB_CACHE_DIR turns it on`;
