import { createHash, randomBytes } from "node:crypto";
import { closeSync, type BigIntStats } from "node:fs";
import { mkdir, open, readdir, rename, stat, unlink, utimes } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Trace } from "../paging/core/trace.ts";
import type { FormatChoice } from "./infer-format.ts";
import { openRegularFileSyncOrNull, readUpTo } from "../files/regular-file.ts";

/** First bytes of a cache file. */
const MAGIC = "PLTRACE\0";
/**
 * Layout version, also part of every key: bump it whenever the layout or what any reader
 * produces for the same bytes changes, so old entries are never used.
 */
export const TRACE_CACHE_VERSION = 1;
/** Fixed header bytes (magic, version, sizes, source identity, checksum, content size). */
const HEADER_BYTES = 64;
/** Cache file suffix: only files with it are read or pruned. */
const SUFFIX = ".ptrace";
/** Default bound on the cache directory: oldest entries go first beyond it. */
export const DEFAULT_CACHE_MAX_BYTES = 2 ** 31;

/** What identifies a parse: the file and every reader setting that changes the trace read. */
export interface CacheIdentity {
  /** The trace's real path. */
  readonly path: string;
  /** The format option, lower-cased (`auto` when inferred). */
  readonly format: string;
  /** The `keys` option (`auto` by default). */
  readonly keys: string;
  /** The csv `column` option as text (empty when absent). */
  readonly column: string;
  /** The csv `delimiter` option (empty when absent). */
  readonly delimiter: string;
  /** The `checkNextAccess` option (a parse without the check proves less). */
  readonly checkNextAccess: boolean;
  /**
   * Every size cap in force (`maxRequests`, `maxDistinct`, …, in a fixed order): a parse that
   * succeeded under some caps says nothing about lower ones, so each set of caps has its own entry.
   */
  readonly caps: readonly number[];
}

/** What a cache hit gives back besides the trace (the fields of `ReadTraceResult` they stand for). */
export interface CachedMeta {
  /** Name of the format read. */
  readonly format: string;
  /** How the format was chosen. */
  readonly formatChoice: FormatChoice;
  /** True if the file was gzip-compressed. */
  readonly gzip: boolean;
  /** Content bytes parsed (after gunzip). */
  readonly contentBytes: number;
}

/** The source file as found by `stat`: a cache entry is valid only for exactly this. */
export interface SourceStamp {
  /** Size in bytes. */
  readonly size: bigint;
  /** Last modification, in nanoseconds. */
  readonly mtimeNs: bigint;
  /** Inode number: a file replaced by another (same size and mtime) is a different source. */
  readonly ino: bigint;
}

/** The stamp of a file's `stat` (bigint fields, so nanosecond mtimes compare exactly). */
export function sourceStamp(stats: BigIntStats): SourceStamp {
  return { size: stats.size, mtimeNs: stats.mtimeNs, ino: stats.ino };
}

/**
 * The default cache directory: `$PAGING_LAB_CACHE_DIR` if set, else `$XDG_CACHE_HOME/paging-lab`,
 * else `~/.cache/paging-lab`.
 */
export function defaultTraceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PAGING_LAB_CACHE_DIR) return env.PAGING_LAB_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "paging-lab");
  return join(homedir(), ".cache", "paging-lab");
}

function identityText(id: CacheIdentity): string {
  return JSON.stringify([TRACE_CACHE_VERSION, id.path, id.format, id.keys, id.column, id.delimiter, id.checkNextAccess, id.caps]);
}

/** The cache file of a parse: a hash of its identity, so no path text reaches the file name. */
export function cacheFileName(id: CacheIdentity): string {
  return createHash("sha256").update(identityText(id)).digest("hex").slice(0, 40) + SUFFIX;
}

const pad8 = (n: number): number => (n + 7) & ~7;

// A 32-bit checksum over 32-bit words in four independent lanes (a single multiply chain would
// cost a multiply latency per word), for the small parts. Not cryptographic: it catches
// corruption, not forgery — the cache directory is the user's own.
function checksum(words: Uint32Array, seed: number): number {
  let a = seed ^ 0x811c9dc5;
  let b = seed ^ 0x01000193;
  let c = seed ^ 0x2545f491;
  let d = seed ^ 0x9e3779b9;
  const n = words.length;
  const whole = n & ~3;
  let i = 0;
  for (; i < whole; i += 4) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[i + 1], 0x01000193);
    c = Math.imul(c ^ words[i + 2], 0x01000193);
    d = Math.imul(d ^ words[i + 3], 0x01000193);
  }
  for (; i < n; i++) a = Math.imul(a ^ words[i], 0x01000193);
  return (Math.imul(a, 31) ^ Math.imul(b, 37) ^ Math.imul(c, 41) ^ d ^ n) >>> 0;
}

/**
 * A Fletcher-style sum of request ids (two running sums, so order matters) that also checks they
 * are dense in order of first request: each id at most one more than the largest before it, and
 * all `distinct` of them present. Additions only: a multiply per id cost ~40 ms on 5 M ids. Fed
 * in slices ({@link add}), so that a cache hit checks each piece right after reading it, while it
 * is in cache, and the loop is optimized after a few calls (a hit runs it once per process).
 */
class RequestsSum {
  private s1 = 0;
  private s2 = 0;
  private next = 0;
  private bad = 0;

  add(requests: Int32Array, from: number, to: number): void {
    let s1 = this.s1;
    let s2 = this.s2;
    let next = this.next;
    // Branch-free: new ids come at unpredictable places, and a mispredicted branch per request
    // cost 3–5× the loop. `bad` turns negative at an id below 0 or beyond `next`.
    let bad = this.bad;
    for (let t = from; t < to; t++) {
      const id = requests[t];
      s1 = (s1 + id) | 0;
      s2 = (s2 + s1) | 0;
      bad |= id | (next - id);
      next += id === next ? 1 : 0;
    }
    this.s1 = s1;
    this.s2 = s2;
    this.next = next;
    this.bad = bad;
  }

  /** The sum, or -1 if the ids were not dense in order of first request over `distinct` ids. */
  result(distinct: number): number {
    return this.bad < 0 || this.next !== distinct ? -1 : (this.s1 ^ Math.imul(this.s2, 0x9e3779b1)) >>> 0;
  }
}

/** Requests read and checked per piece on a cache hit. */
const PIECE_REQUESTS = 1 << 18;

function requestsSum(requests: Int32Array, distinct: number): number {
  const sum = new RequestsSum();
  for (let from = 0; from < requests.length; from += PIECE_REQUESTS) sum.add(requests, from, Math.min(requests.length, from + PIECE_REQUESTS));
  return sum.result(distinct);
}

// Everything after the header: the metadata text, the requests' sum (-1: not a dense trace) and the keys.
function bodyChecksum(meta: Uint8Array, ids: number, keyWords: Uint32Array): number {
  if (ids === -1) return -1;
  const metaWords = new Uint32Array(pad8(meta.length) >>> 2);
  new Uint8Array(metaWords.buffer).set(meta);
  return (checksum(keyWords, checksum(metaWords, meta.length)) ^ Math.imul(ids, 0x85ebca6b)) >>> 0;
}

/** Caps a cache hit must respect, as a fresh read would. */
export interface CacheCaps {
  /** Most requests. */
  readonly maxRequests: number;
  /** Most distinct ids. */
  readonly maxDistinct: number;
}

/**
 * The trace cached for `id` if its entry is intact and was made from the file `stamp` describes;
 * otherwise `null` (a miss: the caller parses the file and may {@link storeCachedTrace}).
 *
 * An entry is used only if every check passes: magic and version; the identity stored in it
 * equals `id` (so a hash collision is a miss); the source's size, nanosecond mtime and inode
 * equal `stamp`; the file is exactly as long as its header says; request and key counts are
 * within `caps`; every request id is below the distinct count and ids appear in order of first
 * request (the invariant of a dense trace); the checksum over everything after the header
 * matches; every key is an integer of magnitude ≤ 2^53 − 1. Memory is allocated only after the
 * sizes are checked against the file's length and the caps. Any I/O error is a miss too, and
 * so is an entry that is not a regular file (opened without blocking, so a FIFO cannot stall it).
 */
export function loadCachedTrace(
  dir: string,
  id: CacheIdentity,
  stamp: SourceStamp,
  caps: CacheCaps,
): { trace: Trace; meta: CachedMeta } | null {
  const file = join(dir, cacheFileName(id));
  // Non-blocking, then checked to be a regular file: a FIFO or device planted under the
  // entry's name is a miss, not a read that waits forever or never ends.
  const opened = openRegularFileSyncOrNull(file);
  if (opened === null) return null;
  const fd = opened.fd;
  try {
    const fileBytes = opened.size;
    if (!Number.isSafeInteger(fileBytes) || fileBytes < HEADER_BYTES) return null;
    const header = Buffer.alloc(HEADER_BYTES);
    if (!readFully(fd, header, 0)) return null;
    if (header.toString("latin1", 0, 8) !== MAGIC || header.readUInt32LE(8) !== TRACE_CACHE_VERSION) return null;
    const metaBytes = header.readUInt32LE(12);
    const n = header.readUInt32LE(16);
    const distinct = header.readUInt32LE(20);
    if (header.readBigUInt64LE(24) !== stamp.size || header.readBigUInt64LE(32) !== stamp.mtimeNs || header.readBigUInt64LE(40) !== stamp.ino) {
      return null;
    }
    const sum = header.readUInt32LE(48);
    if (n === 0 || n > caps.maxRequests || distinct === 0 || distinct > caps.maxDistinct || distinct > n || metaBytes > 1 << 16) return null;
    const keysAt = HEADER_BYTES + pad8(metaBytes) + pad8(4 * n);
    if (keysAt + 8 * distinct !== fileBytes) return null;

    const meta = Buffer.alloc(metaBytes);
    if (!readFully(fd, meta, HEADER_BYTES)) return null;
    const requests = new Int32Array(n);
    const bytes = new Uint8Array(requests.buffer);
    const sums = new RequestsSum();
    for (let from = 0; from < n; from += PIECE_REQUESTS) {
      const to = Math.min(n, from + PIECE_REQUESTS);
      if (!readFully(fd, bytes.subarray(4 * from, 4 * to), HEADER_BYTES + pad8(metaBytes) + 4 * from)) return null;
      sums.add(requests, from, to);
    }
    const keys = new Float64Array(distinct);
    const keyWords = new Uint32Array(keys.buffer);
    if (!readFully(fd, new Uint8Array(keys.buffer), keysAt)) return null;
    if (bodyChecksum(meta, sums.result(distinct), keyWords) !== sum) return null;

    let parsed: unknown;
    try {
      parsed = JSON.parse(meta.toString("utf8"));
    } catch {
      return null;
    }
    const stored = parsed as { id?: unknown; format?: unknown; formatChoice?: unknown; gzip?: unknown; contentBytes?: unknown };
    if (stored.id !== identityText(id)) return null;
    if (typeof stored.format !== "string" || typeof stored.gzip !== "boolean" || !Number.isSafeInteger(stored.contentBytes)) return null;
    if (stored.formatChoice !== "option" && stored.formatChoice !== "name" && stored.formatChoice !== "content") return null;
    for (let i = 0; i < distinct; i++) if (!Number.isSafeInteger(keys[i])) return null;
    return {
      trace: { requests, distinct, keys: { kind: "number", values: keys } },
      meta: { format: stored.format, formatChoice: stored.formatChoice, gzip: stored.gzip, contentBytes: stored.contentBytes as number },
    };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, into: Uint8Array, position: number): boolean {
  return readUpTo(fd, into, position) === into.length;
}

/**
 * Write the cache entry of a parse (numeric keys only; other traces are not cached). The entry is
 * written to a temporary file of its own in `dir` and renamed over the entry, so a reader sees
 * either the old entry, the new one or none — never a partial one — and concurrent writers of
 * the same entry each rename a complete file. Then the directory is pruned to `maxBytes`,
 * oldest entries first. Returns whether the entry was written; failures (a read-only or full
 * disk) are not errors: the cache is only an accelerator.
 */
export async function storeCachedTrace(
  dir: string,
  id: CacheIdentity,
  stamp: SourceStamp,
  trace: Trace,
  meta: CachedMeta,
  maxBytes = DEFAULT_CACHE_MAX_BYTES,
): Promise<boolean> {
  if (trace.keys.kind !== "number") return false;
  const requests = trace.requests;
  const keys = trace.keys.values;
  const metaText = Buffer.from(JSON.stringify({ id: identityText(id), ...meta }), "utf8");
  const total = HEADER_BYTES + pad8(metaText.length) + pad8(4 * requests.length) + 8 * keys.length;
  if (total > maxBytes / 2) return false;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt32LE(TRACE_CACHE_VERSION, 8);
  header.writeUInt32LE(metaText.length, 12);
  header.writeUInt32LE(requests.length, 16);
  header.writeUInt32LE(trace.distinct, 20);
  header.writeBigUInt64LE(stamp.size, 24);
  header.writeBigUInt64LE(stamp.mtimeNs, 32);
  header.writeBigUInt64LE(stamp.ino, 40);
  const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
  if (keys.length !== trace.distinct) return false;
  const sum = bodyChecksum(metaText, requestsSum(requests, trace.distinct), keyWords);
  if (sum === -1) return false;
  header.writeUInt32LE(sum, 48);
  const parts = [
    header,
    metaText,
    Buffer.alloc(pad8(metaText.length) - metaText.length),
    Buffer.from(requests.buffer, requests.byteOffset, 4 * requests.length),
    Buffer.alloc(pad8(4 * requests.length) - 4 * requests.length),
    Buffer.from(keys.buffer, keys.byteOffset, 8 * keys.length),
  ];
  const name = cacheFileName(id);
  const temp = join(dir, `${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, "wx", 0o600);
    try {
      let written = 0;
      while (written < total) {
        const { bytesWritten } = await handle.writev(parts, written);
        if (bytesWritten === 0) throw new Error("short write");
        written += bytesWritten;
        // writev from an offset cannot skip whole parts: drop what went out.
        let skip = bytesWritten;
        while (skip > 0 && parts.length > 0) {
          if (parts[0].length <= skip) skip -= parts.shift()!.length;
          else {
            parts[0] = parts[0].subarray(skip);
            skip = 0;
          }
        }
      }
    } finally {
      await handle.close();
    }
    await rename(temp, join(dir, name));
  } catch {
    await unlink(temp).catch(() => undefined);
    return false;
  }
  await pruneTraceCache(dir, maxBytes).catch(() => undefined);
  return true;
}

/** Mark a cache entry as just used (pruning removes the least recently used first). */
export async function touchCachedTrace(dir: string, id: CacheIdentity): Promise<void> {
  const now = new Date();
  await utimes(join(dir, cacheFileName(id)), now, now).catch(() => undefined);
}

/**
 * Remove the least recently used entries (by mtime) until the entries in `dir` take at most
 * `maxBytes`; also temporary files of writers that died, once an hour old.
 */
export async function pruneTraceCache(dir: string, maxBytes: number): Promise<void> {
  const entries: { path: string; bytes: number; mtimeMs: number }[] = [];
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(dir)) {
    const isEntry = name.endsWith(SUFFIX);
    if (!isEntry && !name.endsWith(".tmp")) continue;
    const path = join(dir, name);
    const st = await stat(path).catch(() => null);
    if (st === null || !st.isFile()) continue;
    if (!isEntry) {
      if (st.mtimeMs < hourAgo) await unlink(path).catch(() => undefined);
      continue;
    }
    entries.push({ path, bytes: st.size, mtimeMs: st.mtimeMs });
  }
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const e of entries) {
    if (total <= maxBytes) break;
    await unlink(e.path).catch(() => undefined);
    total -= e.bytes;
  }
}
