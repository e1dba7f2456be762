import { constants, createWriteStream, statSync, type WriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { InputError } from "../errors.ts";

/** A one-line reason for a failed write (`no space left on device`, …). */
export function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOSPC":
      return "no space left on device (ENOSPC)";
    case "EPIPE":
      return "the reader closed the pipe (EPIPE)";
    case "EDQUOT":
      return "disk quota exceeded (EDQUOT)";
    case "EFBIG":
      return "file too large (EFBIG)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "no such directory";
    case "EISDIR":
      return "is a directory";
    case "ENXIO":
      return "no process is reading the FIFO";
    default:
      return (err as Error).message;
  }
}

/**
 * A file the CLI writes besides its main result (`--evictions`). A write error never escapes as
 * an exception or an unhandled stream event: the first one is recorded, later writes are
 * skipped, and {@link error} says what happened, so the command can still print its main result
 * and then report the failed file on one line (exit code 2). Writes wait for the stream to
 * drain, so memory stays at one batch whatever the size of the output.
 */
export class OutputFile {
  private failure: unknown = null;

  private constructor(
    /** The path as given. */
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on("error", (err) => {
      this.failure ??= err;
    });
  }

  /**
   * Create or truncate `path`; an unwritable path is an {@link InputError} naming `option`. A FIFO
   * no process reads is refused at once instead of blocking the open.
   */
  static async open(path: string, option: string): Promise<OutputFile> {
    const fail = (err: unknown): InputError => new InputError(`cannot write ${option} file ${path}: ${describeWriteError(err)}`);
    let fifo = false;
    try {
      fifo = statSync(path).isFIFO();
    } catch {
      fifo = false;
    }
    if (fifo) {
      // O_NONBLOCK makes opening a reader-less FIFO fail with ENXIO instead of waiting forever.
      try {
        await (await open(path, constants.O_WRONLY | constants.O_NONBLOCK)).close();
      } catch (err) {
        throw fail(err);
      }
    }
    const stream = createWriteStream(path);
    await new Promise<void>((done, reject) => {
      stream.once("open", () => done());
      stream.once("error", (err) => reject(fail(err)));
    });
    return new OutputFile(path, stream);
  }

  /** A one-line description of the first write failure, or `null` while all is well. */
  get error(): string | null {
    return this.failure === null ? null : describeWriteError(this.failure);
  }

  /** Append `text` (skipped after a failure); resolves once the stream can take more. */
  async write(text: string): Promise<void> {
    if (this.failure !== null) return;
    if (this.stream.write(text)) return;
    await new Promise<void>((done) => {
      const finish = (): void => {
        this.stream.off("drain", finish);
        this.stream.off("error", finish);
        this.stream.off("close", finish);
        done();
      };
      this.stream.on("drain", finish);
      this.stream.on("error", finish);
      this.stream.on("close", finish);
    });
  }

  /** Flush and close; never rejects — check {@link error} afterwards. */
  async close(): Promise<void> {
    if (this.failure !== null) {
      this.stream.destroy();
      return;
    }
    await new Promise<void>((done) => {
      this.stream.end(() => done());
      this.stream.once("error", () => done());
    });
  }
}
