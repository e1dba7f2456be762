/** Called with one line (without its `\n`) as `buf[start..end)`; `line` is 1-based. */
export type LineHandler = (buf: Uint8Array, start: number, end: number, line: number) => void;

/**
 * Splits a chunked byte stream into lines without building strings: each line is handed over
 * as a byte range (in the chunk itself, or in a carry buffer for lines that straddle chunks).
 * A line longer than `maxLineBytes` is reported through `tooLong` as soon as it is seen, so a
 * gigabyte "line" costs at most `maxLineBytes` of memory.
 */
export class LineSplitter {
  // Allocated when a line first straddles two chunks: a small file read as one chunk needs none.
  private carry: Uint8Array | null = null;
  private carryLength = 0;
  private line = 1;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    private readonly tooLong: (line: number) => never,
  ) {}

  /** The 1-based number of the line being read. */
  get currentLine(): number {
    return this.line;
  }

  /** True while a line begun in an earlier chunk waits for its end. */
  get carrying(): boolean {
    return this.carryLength > 0;
  }

  /**
   * Count `lines` whole lines as read by the caller itself (a reader with a faster loop for
   * common lines), so that line numbers stay right. Only between chunks, with nothing carried.
   */
  skipLines(lines: number): void {
    this.line += lines;
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    if (this.carryLength > 0) {
      pos = this.finishCarried(chunk);
      if (pos < 0) return;
    }
    pos = this.scan(chunk, pos);
    if (pos < chunk.length) this.append(chunk, pos, chunk.length);
  }

  // The hot loop alone: rare paths live in other methods so that optimized code for this one
  // never meets a branch it has no type feedback for (which would deoptimize it every chunk).
  private scan(chunk: Uint8Array, pos: number): number {
    const max = this.maxLineBytes;
    const onLine = this.onLine;
    const length = chunk.length;
    let line = this.line;
    // A plain byte loop: trace lines are short, and the builtin indexOf costs more per call
    // than scanning ten bytes.
    for (let nl = pos; nl < length; nl++) {
      if (chunk[nl] !== 10) continue;
      if (nl - pos > max) this.tooLong(line);
      this.line = line + 1;
      onLine(chunk, pos, nl, line++);
      pos = nl + 1;
    }
    if (length - pos > max) this.tooLong(line);
    return pos;
  }

  // Completes a line begun in an earlier chunk; returns where the rest starts, or -1 if the
  // chunk holds no newline at all.
  private finishCarried(chunk: Uint8Array): number {
    const nl = chunk.indexOf(10);
    if (nl < 0) {
      this.append(chunk, 0, chunk.length);
      return -1;
    }
    this.append(chunk, 0, nl);
    const length = this.carryLength;
    this.carryLength = 0;
    this.onLine(this.carry!, 0, length, this.line++);
    return nl + 1;
  }

  /** Hand over a last line without a final newline. */
  end(): void {
    if (this.carryLength > 0) {
      this.onLine(this.carry!, 0, this.carryLength, this.line++);
      this.carryLength = 0;
    }
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const needed = this.carryLength + (to - from);
    if (needed > this.maxLineBytes) this.tooLong(this.line);
    let carry = this.carry;
    if (carry === null || needed > carry.length) {
      const size = carry === null ? Math.min(this.maxLineBytes + 1, Math.max(needed, 4096)) : Math.min(this.maxLineBytes, Math.max(needed, carry.length * 2));
      const next = new Uint8Array(size);
      if (carry !== null) next.set(carry.subarray(0, this.carryLength));
      this.carry = carry = next;
    }
    carry.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = needed;
  }
}
