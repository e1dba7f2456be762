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
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (n === 0) break;
      filled += n;
      if (filled === buffer.length) break;
    }
    if (filled > maxBytes) throw new InputError(`${label}: more than ${maxBytes} bytes (the limit for this file)`);
    return buffer.subarray(0, filled);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${label}: ${describeFsError(err)}`);
  } finally {
    closeSync(fd);
  }
}
