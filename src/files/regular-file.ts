import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { InputError } from "../errors.ts";

/**
 * What kind of file `stats` describes, for messages about files that are not regular (`a FIFO`,
 * `a directory`, …); `null` for a regular file.
 */
export function nonRegularKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** A one-line reason for a failed `open`/`stat`/`read` (`no such file`, `permission denied`, …). */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many symbolic links";
    default:
      return (err as Error).message;
  }
}

/** An open regular file and its size. */
export interface RegularFile {
  /** The open handle (the caller closes it). */
  readonly handle: FileHandle;
  /** Size in bytes when opened. */
  readonly size: number;
}

function refuse(label: string, kind: string): never {
  throw new InputError(`${label}: ${kind === "not a regular file" ? kind : `not a regular file (${kind})`}; expected a regular file`);
}

/**
 * Open `path` for reading only if it is a regular file. The check runs on `stat` *before*
 * opening — opening a FIFO blocks until a writer appears, and `/dev/zero` never ends — and again
 * on the opened handle, which is opened non-blocking, so a FIFO swapped in between cannot hang
 * the open either. Anything else (FIFO, device, directory, socket) and every open error is an
 * {@link InputError} `LABEL: …` on one line; `label` names the file for the user
 * (e.g. `cannot read trace x.bin`).
 */
export async function openRegularFile(path: string, label: string): Promise<RegularFile> {
  let before: Stats;
  try {
    before = await stat(path);
  } catch (err) {
    throw new InputError(`${label}: ${describeFsError(err)}`);
  }
  const kind = nonRegularKind(before);
  if (kind !== null) refuse(label, kind);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputError(`${label}: ${describeFsError(err)}`);
  }
  try {
    const after = await handle.stat();
    const swapped = nonRegularKind(after);
    if (swapped !== null) refuse(label, swapped);
    return { handle, size: after.size };
  } catch (err) {
    await handle.close().catch(() => undefined);
    if (err instanceof InputError) throw err;
    throw new InputError(`${label}: ${describeFsError(err)}`);
  }
}

/**
 * The whole content of a small regular file, synchronously (configuration such as `meta.json`):
 * the same regular-file checks as {@link openRegularFile}, and a file larger than `maxBytes` is an
 * {@link InputError} before anything is read. Returns `null` if the file does not exist.
 */
export function readSmallRegularFileSync(path: string, label: string, maxBytes: number): Buffer | null {
  let before: Stats;
  try {
    before = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new InputError(`${label}: ${describeFsError(err)}`);
  }
  const kind = nonRegularKind(before);
  if (kind !== null) refuse(label, kind);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputError(`${label}: ${describeFsError(err)}`);
  }
  try {
    const after = fstatSync(fd);
    const swapped = nonRegularKind(after);
    if (swapped !== null) refuse(label, swapped);
    if (after.size > maxBytes) throw new InputError(`${label}: ${after.size} bytes exceeds the ${maxBytes}-byte limit for this file`);
    // One byte more than allowed, so a file that grew since the stat is still caught.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, after.size + 1));
    const filled = readUpTo(fd, buffer, 0);
    if (filled > maxBytes) throw new InputError(`${label}: more than ${maxBytes} bytes (the limit for this file)`);
    return buffer.subarray(0, filled);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${label}: ${describeFsError(err)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * `path` opened read-only and non-blocking, if the descriptor is a regular file: the descriptor
 * (the caller closes it) and the size. `null` for anything else — missing, unreadable, a FIFO, a
 * device, a directory — with nothing left open; the open of a FIFO never waits.
 */
export function openRegularFileSyncOrNull(path: string): { fd: number; size: number } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const info = fstatSync(fd);
    if (info.isFile()) return { fd, size: info.size };
  } catch {
    // An fstat that fails: not a file to read.
  }
  closeSync(fd);
  return null;
}

/**
 * Read from `fd` at `position` into `into` until it is full or the file ends; the bytes read.
 * Bounded by `into.length`, whatever the file holds.
 */
export function readUpTo(fd: number, into: Uint8Array, position: number): number {
  let filled = 0;
  while (filled < into.length) {
    const got = readSync(fd, into, filled, into.length - filled, position + filled);
    if (got === 0) break;
    filled += got;
  }
  return filled;
}

/** Scratch for {@link readWholeFileSync}: reused, so a dataset of small files faults in its pages once. */
let scratch: Buffer | null = null;

/**
 * The whole content of `path`, read synchronously, when it is a regular file of at most
 * `maxBytes` bytes; `null` for anything else — missing or unreadable, not a regular file,
 * larger than `maxBytes`, a size that changed while it was read — which the caller then reads
 * the general way (which also reports any error, in its own words). The file is stat'ed before
 * it is opened and opened non-blocking, then checked again on the descriptor, so a FIFO or a
 * device is never read (nor a FIFO's open waited on). One stat, open, fstat, read and close,
 * without a trip through the thread pool: for a directory of small traces the asynchronous
 * calls of the general way cost more than reading the bytes.
 *
 * The bytes are a view of a buffer that the next call overwrites: use them before calling
 * again (a caller that parses them synchronously can). Memory: one buffer of `maxBytes + 1`
 * bytes, kept (its pages are touched only as far as the largest file read).
 */
export function readWholeFileSync(path: string, maxBytes: number): Uint8Array | null {
  try {
    const before = statSync(path, { throwIfNoEntry: false });
    if (before === undefined || !before.isFile() || before.size > maxBytes) return null;
  } catch {
    return null;
  }
  const file = openRegularFileSyncOrNull(path);
  if (file === null) return null;
  try {
    const size = file.size;
    if (size > maxBytes) return null;
    if (scratch === null || scratch.length < maxBytes + 1) scratch = Buffer.allocUnsafe(maxBytes + 1);
    // One byte more than the size, so that a file grown since the fstat is noticed.
    if (readUpTo(file.fd, scratch.subarray(0, size + 1), 0) !== size) return null;
    return new Uint8Array(scratch.buffer, scratch.byteOffset, size);
  } catch {
    return null;
  } finally {
    closeSync(file.fd);
  }
}
