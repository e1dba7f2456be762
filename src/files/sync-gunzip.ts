import { constants, createGunzip, type Gunzip } from "node:zlib";

/** What one {@link SyncGunzip.inflate} step did. */
export interface InflateStep {
  /** Output bytes written to the start of the output buffer. */
  readonly produced: number;
  /** Input bytes consumed from the given offset. */
  readonly consumed: number;
}

/** The parts of Node's zlib engine the synchronous driver uses (present in Node 14 through 24). */
interface EngineHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}

/**
 * Gzip inflation driven synchronously into buffers the caller owns, so a reader can reuse two
 * output buffers for a whole file. Node's streaming `Gunzip` hands out a fresh output buffer for
 * every chunk; on the 2-core VM this project is measured on, the first touch of each fresh 4 KiB
 * page costs 15–20 µs, which made inflating a 20 MB trace cost ~150 ms in a new process against
 * ~28 ms here (cache2k orm-busy, Node 20).
 *
 * It drives the same zlib engine as `createGunzip` (concatenated gzip members, the same errors:
 * a truncated stream is `unexpected end of file`, code `Z_BUF_ERROR`), through the step
 * function that `zlib.gunzipSync` itself uses, which Node does not document: {@link create}
 * returns `null` where that function is missing, and callers fall back to the stream.
 */
export class SyncGunzip {
  private constructor(
    private readonly stream: Gunzip,
    private readonly handle: EngineHandle,
    private readonly state: Uint32Array,
  ) {}

  /** A fresh inflater, or `null` when this Node has no synchronous zlib step to drive. */
  static create(): SyncGunzip | null {
    const stream = createGunzip();
    const inner = stream as unknown as { _handle?: Partial<EngineHandle>; _writeState?: unknown };
    const handle = inner._handle;
    const state = inner._writeState;
    if (typeof handle?.writeSync !== "function" || !(state instanceof Uint32Array) || state.length < 2) {
      stream.destroy();
      return null;
    }
    // The engine reports an error by destroying the stream, which also emits `error` later: the
    // error is read from `errored` right after each step instead.
    stream.on("error", () => undefined);
    return new SyncGunzip(stream, handle as EngineHandle, state);
  }

  /**
   * Inflate from `input[inOff .. inOff+inLen)` into `out` from offset 0, as much as fits;
   * `finish` says the input ends with these bytes (a stream cut short then throws). Throws the
   * engine's error (`code` as zlib's, e.g. `Z_DATA_ERROR`, `Z_BUF_ERROR`) on corrupt data.
   */
  inflate(input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, finish: boolean): InflateStep {
    const stream = this.stream;
    if (stream.errored !== null) throw stream.errored;
    this.handle.writeSync(finish ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, inOff, inLen, out, 0, out.length);
    if (stream.errored !== null) throw stream.errored;
    return { produced: out.length - this.state[0], consumed: inLen - this.state[1] };
  }

  /** Release the engine (safe to call twice). */
  close(): void {
    this.stream.destroy();
  }
}
