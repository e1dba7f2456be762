import type { ReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createGunzip, type Gunzip } from "node:zlib";
import { InputError } from "../errors.ts";
import { TraceFormatError } from "./errors.ts";

/** Read size of uncompressed files and output size of the gunzip stream. */
const CHUNK_BYTES = 1 << 20;

/** Caps on decompressed output; see `DEFAULT_LIMITS`. */
export interface DecompressionLimits {
  readonly maxDecompressedBytes: number;
  readonly maxCompressionRatio: number;
  readonly ratioGraceBytes: number;
}

/**
 * A trace file as a stream of byte chunks: uncompressed files are read in 1 MiB pieces, gzip
 * files (recognized by their magic bytes `1f 8b 08`, whatever their name) are inflated by
 * `node:zlib` as they are read. Memory is one chunk at a time; the decompressed output is
 * checked against a size cap and a compression-ratio cap as it grows, so a gzip bomb stops
 * after at most one chunk past the cap.
 */
export class ByteSource {
  /** Bytes delivered so far (decompressed bytes for gzip input). */
  delivered = 0;
  private compressedRead = 0;
  private iterator: AsyncIterator<Buffer> | null = null;
  private input: ReadStream | null = null;
  private gunzip: Gunzip | null = null;
  private filePosition = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Size of the file on disk. */
    readonly fileBytes: number,
    /** True when the file is gzip-compressed. */
    readonly gzip: boolean,
    private readonly limits: DecompressionLimits,
    private readonly onProgress: ((bytesRead: number, fileBytes: number) => void) | undefined,
  ) {}

  /** Open `path`; a missing, unreadable or non-regular file is an {@link InputError}. */
  static async open(
    path: string,
    limits: DecompressionLimits,
    onProgress?: (bytesRead: number, fileBytes: number) => void,
  ): Promise<ByteSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (err) {
      throw new InputError(`cannot read trace ${path}: ${describeFsError(err)}`);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new InputError(`cannot read trace ${path}: not a regular file`);
      const magic = Buffer.alloc(3);
      const { bytesRead } = await handle.read(magic, 0, 3, 0);
      const gzip = bytesRead === 3 && magic[0] === 0x1f && magic[1] === 0x8b && magic[2] === 0x08;
      return new ByteSource(path, handle, stat.size, gzip, limits, onProgress);
    } catch (err) {
      await handle.close();
      if (err instanceof InputError) throw err;
      throw new InputError(`cannot read trace ${path}: ${describeFsError(err)}`);
    }
  }

  /**
   * Share of the file's bytes read so far, in [0, 1] (compressed bytes for gzip input; chunks
   * already handed out count as read).
   */
  get fractionRead(): number {
    if (this.fileBytes === 0) return 1;
    return Math.min(1, (this.gzip ? this.compressedRead : this.filePosition) / this.fileBytes);
  }

  /** Exact content size when known up front (uncompressed files). */
  get contentBytes(): number | undefined {
    return this.gzip ? undefined : this.fileBytes;
  }

  /**
   * A size hint for gzip input: the ISIZE trailer (uncompressed size mod 2^32 of the last
   * member), believed only up to 32× the compressed size — real traces compress 2–20× — so a
   * forged trailer cannot make the reader allocate much up front. Never trusted for correctness.
   */
  async gzipSizeHint(): Promise<number | undefined> {
    if (!this.gzip || this.fileBytes < 18) return undefined;
    const tail = Buffer.alloc(4);
    await this.handle.read(tail, 0, 4, this.fileBytes - 4);
    const isize = tail.readUInt32LE(0);
    return isize <= this.fileBytes * 32 ? isize : undefined;
  }

  /**
   * The next chunk, or `null` at the end of the content. Chunks are plain `Uint8Array` views
   * (never `Buffer`s), so the parsers' byte loops see one array type and stay monomorphic.
   */
  async read(): Promise<Uint8Array | null> {
    const chunk = this.gzip ? await this.readInflated() : await this.readPlain();
    if (chunk === null) return null;
    this.delivered += chunk.length;
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  }

  /** Release the file and any decompression stream (safe to call twice). */
  async close(): Promise<void> {
    this.gunzip?.destroy();
    this.input?.destroy();
    this.gunzip = null;
    this.input = null;
    await this.handle.close().catch(() => undefined);
  }

  private async readPlain(): Promise<Uint8Array | null> {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytesRead: number;
    try {
      ({ bytesRead } = await this.handle.read(buffer, 0, CHUNK_BYTES, this.filePosition));
    } catch (err) {
      throw new TraceFormatError({ path: this.path, offset: this.filePosition }, `read failed: ${describeFsError(err)}`);
    }
    if (bytesRead === 0) return null;
    this.filePosition += bytesRead;
    this.onProgress?.(this.filePosition, this.fileBytes);
    return buffer.subarray(0, bytesRead);
  }

  private async readInflated(): Promise<Uint8Array | null> {
    if (this.iterator === null) {
      const input = this.handle.createReadStream({ autoClose: false, start: 0, highWaterMark: CHUNK_BYTES });
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      input.on("data", (chunk) => {
        this.compressedRead += chunk.length;
        this.onProgress?.(this.compressedRead, this.fileBytes);
      });
      pipeline(input, gunzip, () => undefined);
      this.input = input;
      this.gunzip = gunzip;
      this.iterator = gunzip[Symbol.asyncIterator]();
    }
    let step: IteratorResult<Buffer>;
    try {
      step = await this.iterator.next();
    } catch (err) {
      throw new TraceFormatError(
        { path: this.path, offset: this.delivered, decompressed: true },
        `corrupt gzip data (${(err as Error).message}); expected a complete gzip stream`,
      );
    }
    if (step.done) return null;
    const total = this.delivered + step.value.length;
    if (total > this.limits.maxDecompressedBytes) {
      throw new TraceFormatError(
        { path: this.path, offset: this.delivered, decompressed: true },
        `decompressed data exceeds ${this.limits.maxDecompressedBytes} bytes (the maxDecompressedBytes cap); ` +
          `expected a smaller trace or a higher cap`,
      );
    }
    if (total > this.limits.ratioGraceBytes && total > this.limits.maxCompressionRatio * Math.max(1, this.compressedRead)) {
      throw new TraceFormatError(
        { path: this.path, offset: this.delivered, decompressed: true },
        `gzip expands more than ${this.limits.maxCompressionRatio}× (${total} bytes from ${this.compressedRead}; ` +
          `the maxCompressionRatio cap): refusing a likely gzip bomb`,
      );
    }
    return step.value;
  }
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return (err as Error).message;
  }
}
