import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";

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
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const after = fstatSync(fd);
    if (!after.isFile() || after.size > maxBytes) return null;
    const size = after.size;
    if (scratch === null || scratch.length < maxBytes + 1) scratch = Buffer.allocUnsafe(maxBytes + 1);
    // One byte more than the size, so that a file grown since the fstat is noticed.
    let filled = 0;
    for (;;) {
      const n = readSync(fd, scratch, filled, size + 1 - filled, filled);
      if (n === 0) break;
      filled += n;
      if (filled > size) return null;
    }
    if (filled !== size) return null;
    return new Uint8Array(scratch.buffer, scratch.byteOffset, size);
  } catch {
    return null;
  } finally {
    try {
      closeSync(fd);
    } catch {
      // A read-only descriptor: nothing was written that a failed close could lose.
    }
  }
}
