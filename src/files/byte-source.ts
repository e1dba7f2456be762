import { readSync, type ReadStream } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createGunzip, type Gunzip } from "node:zlib";
import { InputError } from "../errors.ts";
import { COMPRESSION_MAGIC_BYTES, isGzip, otherCompression } from "./compression.ts";
import { describeFsError, openRegularFile } from "./regular-file.ts";
import { SyncGunzip, type InflateStep } from "./sync-gunzip.ts";

/** Read size of uncompressed files and output size of the gunzip stream. */
export const CHUNK_BYTES = 1 << 20;

/**
 * The read buffers of the last closed source that reused its buffers, handed to the next such
 * source: a fresh 1 MiB buffer is 256 first-touched pages, 4–5 ms per read on the 2-core VM this
 * project is measured on (15–20 µs a page fault there). At most one pair (2 MiB) is kept.
 */
let spareBuffers: Buffer[] | null = null;

/** Caps on the output of a gzip-compressed file. */
export interface DecompressionLimits {
  /** Most decompressed bytes; the ISIZE trailer is checked against it before inflating. */
  readonly maxDecompressedBytes: number;
  /** Most decompressed/compressed ratio, once past `ratioGraceBytes` of output. */
  readonly maxCompressionRatio: number;
  /** The ratio is checked only past this much output, so tiny files never trip it. */
  readonly ratioGraceBytes: number;
}

/** Where a {@link ByteSource} failed: a byte offset of the content (decompressed for gzip). */
export interface ContentOffset {
  /** 0-based byte offset into the content. */
  readonly offset: number;
  /** True when `offset` counts decompressed bytes. */
  readonly decompressed: boolean;
}

/** Options of {@link ByteSource.open}. */
export interface ByteSourceOptions {
  /** Prefix of open errors naming the file for the user (default `cannot read PATH`). */
  readonly label?: string;
  /** Caps on gzip output (default: none). */
  readonly limits?: Partial<DecompressionLimits>;
  /** Called after each chunk read from disk with the bytes read and the file size. */
  readonly onProgress?: (bytesRead: number, fileBytes: number) => void;
  /**
   * Turns a content problem (corrupt gzip, a cap exceeded, a failed read) into the caller's
   * error; `cause` is the underlying error when there is one (a zlib error has a `code`).
   * Default: an {@link InputError} `PATH: byte offset N: DETAIL`.
   */
  readonly fail?: (at: ContentOffset, detail: string, cause?: unknown) => never;
  /**
   * Read (or inflate, for gzip input) into two buffers used in turn instead of a fresh 1 MiB
   * buffer per chunk (no page faults or garbage per chunk). Only for a consumer that holds at most the
   * previous chunk while reading the next, and none once the source is closed, as the trace
   * readers do: the buffers then pass on to the next source opened with this option.
   */
  readonly reuseBuffers?: boolean;
}

/**
 * A file as a stream of byte chunks, with bounded memory and bounded output — the one way every
 * reader in the project (request traces, attention traces) gets at a file's bytes.
 *
 * - Only regular files are opened (see {@link openRegularFile}): a FIFO, `/dev/zero` or a
 *   directory is refused before anything is read, so nothing can hang or grow without end.
 * - Uncompressed files are read in 1 MiB pieces; gzip files (recognized by their magic bytes,
 *   whatever their name) are inflated by `node:zlib` as they are read, 1 MiB of output at a time,
 *   and a consumer that stops pulling stops the inflation: memory is about one chunk.
 * - Gzip output is capped absolutely (`maxDecompressedBytes`, checked against the ISIZE trailer
 *   before inflating and against the output as it grows) and by ratio (`maxCompressionRatio`,
 *   past `ratioGraceBytes`), so a bomb stops at most one chunk past a cap.
 * - The first bytes are inspected once at open: {@link gzip} and {@link otherCompression} (zstd,
 *   xz, …) let readers refuse content they cannot decode by name.
 */
export class ByteSource {
  /** Bytes delivered so far (decompressed bytes for gzip input). */
  delivered = 0;
  private compressedRead = 0;
  private iterator: AsyncIterator<Buffer> | null = null;
  private input: ReadStream | null = null;
  private gunzip: Gunzip | null = null;
  /** Synchronous inflation (gzip input, where available): compressed input and where it stands. */
  private inflater: SyncGunzip | null | undefined = undefined;
  private compressed: Buffer | null = null;
  private compressedAt = 0;
  private compressedLeft = 0;
  private compressedEnd = false;
  private filePosition = 0;
  private readonly limits: DecompressionLimits;
  private readonly onProgress: ((bytesRead: number, fileBytes: number) => void) | undefined;
  private buffers: Buffer[] | null;
  private turn = 0;
  private readonly fail: (at: ContentOffset, detail: string, cause?: unknown) => never;

  private constructor(
    /** The path as given. */
    readonly path: string,
    private readonly handle: FileHandle,
    /** Size of the file on disk. */
    readonly fileBytes: number,
    /** The first bytes of the file as stored (up to 10). */
    readonly head: Uint8Array,
    options: ByteSourceOptions,
  ) {
    this.limits = {
      maxDecompressedBytes: options.limits?.maxDecompressedBytes ?? Infinity,
      maxCompressionRatio: options.limits?.maxCompressionRatio ?? Infinity,
      ratioGraceBytes: options.limits?.ratioGraceBytes ?? 0,
    };
    this.onProgress = options.onProgress;
    this.buffers = options.reuseBuffers === true ? (spareBuffers ?? []) : null;
    if (this.buffers === spareBuffers) spareBuffers = null;
    this.fail =
      options.fail ??
      ((at, detail) => {
        throw new InputError(`${path}: byte offset ${at.offset}${at.decompressed ? " of the decompressed data" : ""}: ${detail}`);
      });
  }

  /**
   * Open `path` (a regular file only; every refusal and open error is a one-line
   * {@link InputError}). For gzip input whose ISIZE trailer already exceeds
   * `maxDecompressedBytes`, the error comes here, before any inflation: a valid gzip file holds
   * at least ISIZE bytes (ISIZE is its last member's size mod 2^32).
   */
  static async open(path: string, options: ByteSourceOptions = {}): Promise<ByteSource> {
    const { handle, size } = await openRegularFile(path, options.label ?? `cannot read ${path}`);
    let source: ByteSource;
    try {
      const head = Buffer.alloc(Math.min(COMPRESSION_MAGIC_BYTES, size));
      let filled = 0;
      while (filled < head.length) {
        const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      source = new ByteSource(path, handle, size, new Uint8Array(head.buffer, head.byteOffset, filled), options);
    } catch (err) {
      await handle.close().catch(() => undefined);
      if (err instanceof InputError) throw err;
      throw new InputError(`${options.label ?? `cannot read ${path}`}: ${describeFsError(err)}`);
    }
    try {
      await source.checkTrailer();
    } catch (err) {
      await source.close();
      throw err;
    }
    return source;
  }

  /** True when the file is gzip-compressed (magic `1f 8b 08`). */
  get gzip(): boolean {
    return isGzip(this.head);
  }

  /** Another compressor's name when the file starts with its magic number (`zstd`, `xz`, …). */
  get otherCompression(): string | undefined {
    return otherCompression(this.head);
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
   * The gzip ISIZE trailer: the uncompressed size mod 2^32 of the last member, a lower bound on
   * the content size of a valid file (`undefined` for other input). Never trusted to size
   * anything by itself: a corrupt or hostile file can say anything.
   */
  async gzipTrailerSize(): Promise<number | undefined> {
    if (!this.gzip || this.fileBytes < 18) return undefined;
    const tail = Buffer.alloc(4);
    await this.handle.read(tail, 0, 4, this.fileBytes - 4);
    return tail.readUInt32LE(0);
  }

  /**
   * A size hint for gzip input: the ISIZE trailer believed only up to 32× the compressed size —
   * real traces compress 2–20× — so a forged trailer cannot make a reader allocate much up front.
   */
  async gzipSizeHint(): Promise<number | undefined> {
    const isize = await this.gzipTrailerSize();
    return isize !== undefined && isize <= this.fileBytes * 32 ? isize : undefined;
  }

  /**
   * Refuse a decompressed size cap below `bytes` at once, before inflating: `why` says where the
   * cap comes from. Used by readers that know a content-size bound of their own (the largest
   * trace their request cap allows).
   */
  async refuseIfTrailerExceeds(bytes: number, why: string): Promise<void> {
    const isize = await this.gzipTrailerSize();
    if (isize !== undefined && isize > bytes) {
      this.fail({ offset: 0, decompressed: true }, `the gzip trailer declares ${isize} decompressed bytes, more than ${why}; refusing before inflating`);
    }
  }

  private async checkTrailer(): Promise<void> {
    const cap = this.limits.maxDecompressedBytes;
    if (Number.isFinite(cap)) await this.refuseIfTrailerExceeds(cap, `the ${cap}-byte cap (maxDecompressedBytes, --max-decompressed)`);
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
    if (this.buffers !== null && this.buffers.length > 0) spareBuffers = this.buffers;
    this.buffers = null;
    this.gunzip?.destroy();
    this.input?.destroy();
    this.inflater?.close();
    this.inflater = null;
    this.compressed = null;
    this.gunzip = null;
    this.input = null;
    await this.handle.close().catch(() => undefined);
  }

  private async readPlain(): Promise<Uint8Array | null> {
    let buffer: Buffer;
    if (this.buffers === null) buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    else {
      this.turn ^= 1;
      buffer = this.buffers[this.turn] ??= Buffer.allocUnsafe(CHUNK_BYTES);
    }
    let bytesRead: number;
    try {
      // A synchronous read of a regular file (the only kind opened) costs a page-cache copy;
      // the promise API's round trip through the thread pool cost more than the copy itself.
      bytesRead = readSync(this.handle.fd, buffer, 0, CHUNK_BYTES, this.filePosition);
    } catch (err) {
      return this.fail({ offset: this.filePosition, decompressed: false }, `read failed: ${describeFsError(err)}`, err);
    }
    if (bytesRead === 0) return null;
    this.filePosition += bytesRead;
    this.onProgress?.(this.filePosition, this.fileBytes);
    return buffer.subarray(0, bytesRead);
  }

  private async readInflated(): Promise<Uint8Array | null> {
    if (this.inflater === undefined) this.inflater = SyncGunzip.create();
    if (this.inflater !== null) return this.checkInflated(this.inflateSync(this.inflater));
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
      return this.fail(
        { offset: this.delivered, decompressed: true },
        `corrupt gzip data (${(err as Error).message}); expected a complete gzip stream`,
        err,
      );
    }
    if (step.done) return null;
    return this.checkInflated(step.value);
  }

  // The next output of the synchronous inflater: into the reused buffers (reuseBuffers) or a
  // fresh one, with compressed input read synchronously in CHUNK_BYTES pieces into a buffer of
  // its own (a regular file, as for plain input).
  private inflateSync(inflater: SyncGunzip): Buffer | null {
    let out: Buffer;
    if (this.buffers === null) out = Buffer.allocUnsafe(CHUNK_BYTES);
    else {
      this.turn ^= 1;
      out = this.buffers[this.turn] ??= Buffer.allocUnsafe(CHUNK_BYTES);
    }
    for (;;) {
      if (this.compressedLeft === 0 && !this.compressedEnd) this.readCompressed();
      let step: InflateStep;
      try {
        step = inflater.inflate(this.compressed!, this.compressedAt, this.compressedLeft, out, this.compressedEnd);
      } catch (err) {
        return this.fail(
          { offset: this.delivered, decompressed: true },
          `corrupt gzip data (${(err as Error).message}); expected a complete gzip stream`,
          err,
        );
      }
      this.compressedAt += step.consumed;
      this.compressedLeft -= step.consumed;
      if (step.produced > 0) return out.subarray(0, step.produced);
      if (this.compressedEnd) return null;
      // Input left that the engine does not take: the gzip stream ended before it (the stream
      // path also stops there).
      if (step.consumed === 0 && this.compressedLeft > 0) return null;
    }
  }

  private readCompressed(): void {
    this.compressed ??= Buffer.allocUnsafe(CHUNK_BYTES);
    let bytesRead: number;
    try {
      bytesRead = readSync(this.handle.fd, this.compressed, 0, CHUNK_BYTES, this.compressedRead);
    } catch (err) {
      return this.fail({ offset: this.delivered, decompressed: true }, `read failed: ${describeFsError(err)}`, err);
    }
    this.compressedAt = 0;
    this.compressedLeft = bytesRead;
    if (bytesRead === 0) {
      this.compressedEnd = true;
      return;
    }
    this.compressedRead += bytesRead;
    this.onProgress?.(this.compressedRead, this.fileBytes);
  }

  // The caps on inflated output, checked before a chunk is handed out.
  private checkInflated(chunk: Buffer | null): Buffer | null {
    if (chunk === null) return null;
    const total = this.delivered + chunk.length;
    const { maxDecompressedBytes, maxCompressionRatio, ratioGraceBytes } = this.limits;
    if (total > maxDecompressedBytes) {
      this.fail(
        { offset: this.delivered, decompressed: true },
        `decompressed data exceeds ${maxDecompressedBytes} bytes (the maxDecompressedBytes cap, --max-decompressed); ` +
          `expected a smaller trace or a higher cap`,
      );
    }
    if (total > ratioGraceBytes && total > maxCompressionRatio * Math.max(1, this.compressedRead)) {
      this.fail(
        { offset: this.delivered, decompressed: true },
        `gzip expands more than ${maxCompressionRatio}× (${total} bytes from ${this.compressedRead}; ` +
          `the maxCompressionRatio cap): refusing a likely gzip bomb`,
      );
    }
    return chunk;
  }
}
