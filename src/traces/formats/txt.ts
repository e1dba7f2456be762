import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { LineSplitter } from "../line-splitter.ts";
import { sampleLines, sampleShape } from "../sample-text.ts";
import { isBlank, TokenKeys } from "../tokens.ts";
import { FNV_OFFSET, FNV_PRIME } from "../ascii-key-table.ts";

/**
 * Plain text, one id per line (LIRS traces, BrightKite/Citi Bike instances, libCacheSim's txt
 * sample). Blank lines and lines equal to `*` (LIRS's separator) are skipped; spaces, tabs and
 * a `\r` around an id are ignored. Ids are numbers or strings as {@link TokenKeys} decides.
 */
export const txtFormat: TraceFormat = {
  name: "txt",
  description: "text, one id per line (blank lines and '*' skipped); numeric or string ids",
  matchesName: (name) => name.endsWith(".txt"),
  detect(sample) {
    const shape = sampleShape(sample);
    if (shape === null) return false;
    if (shape.singleToken) return shape.ids > 0 ? "fallback" : false;
    const lines = sampleLines(sample);
    if (lines === null) return false;
    let ids = 0;
    for (const line of lines) {
      const id = line.trim();
      if (id === "" || id === "*") continue;
      if (/\s/.test(id)) return false;
      ids++;
    }
    return ids > 0 ? "fallback" : false;
  },
  createParser: (ctx) => createTxtReader(ctx),
};

/** Longest line the fast loop takes: 15 digits (< 2^53, so exact) and a `\r\n`. */
const FAST_LINE_BYTES = 17;

/**
 * The txt reader, with what it saw of the lines read so far: whether every one was plain — one
 * printable-ASCII token (bytes 33–126) or none, with only space, tab and `\r` around it — and
 * how many whole lines it read. A reader that parsed a sample's lines this way knows the
 * sample's text shape without scanning it (see `primeSampleShape`).
 */
export interface TxtReader extends ChunkParser {
  /** Every line read so far was plain. */
  readonly plain: boolean;
  /** Lines ended by a `\n` read so far. */
  readonly newlines: number;
}

/** A txt reader (see {@link TxtReader}) writing into `ctx.builder`. */
export function createTxtReader(ctx: ParseContext): TxtReader {
  return new TxtParser(ctx);
}

class TxtParser implements TxtReader {
  /** See {@link TxtReader.plain}; lines of the fast loops are plain by construction. */
  plain = true;
  private readonly lines: LineSplitter;
  private readonly keys: TokenKeys;
  private readonly builder: ParseContext["builder"];
  private readonly maxLineBytes: number;
  private readonly fail: (detail: string) => never;
  /** The line of the last id (for errors). */
  private line = 0;
  /** The number of the line after the last one {@link numericLines} or {@link asciiLines} read. */
  private nextLine = 1;

  constructor(private readonly ctx: ParseContext) {
    this.keys = new TokenKeys(ctx.settings.keys, ctx.builder, false);
    this.builder = ctx.builder;
    this.maxLineBytes = ctx.settings.maxLineBytes;
    this.fail = (detail: string): never => ctx.fail({ line: this.line }, detail);
    this.lines = new LineSplitter(
      ctx.settings.maxLineBytes,
      (buf, start, end, line) => this.onLine(buf, start, end, line),
      (line) => this.tooLong(line),
    );
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    if (this.lines.carrying) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.lines.push(chunk);
        return;
      }
      this.lines.push(chunk.subarray(0, nl + 1));
      pos = nl + 1;
    }
    const first = this.lines.currentLine;
    let line = first;
    // The first id decides whether ids are numbers or strings; until then, line by line.
    while (!this.keys.decided) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      if (nl - pos > this.maxLineBytes) this.tooLong(line);
      this.onLine(chunk, pos, nl, line++);
      pos = nl + 1;
    }
    if (this.keys.numbers ? this.maxLineBytes >= FAST_LINE_BYTES : this.keys.strings) {
      pos = this.keys.numbers ? this.numericLines(chunk, pos, line) : this.asciiLines(chunk, pos, line);
      line = this.nextLine;
    }
    this.lines.skipLines(line - first);
    if (pos < chunk.length) this.lines.push(pos === 0 ? chunk : chunk.subarray(pos));
  }

  /**
   * {@link numericLines} for string ids: a line of printable ASCII bytes other than space
   * (blanks around allowed) is added by its bytes, hashed as they are scanned; any other line
   * goes to {@link onLine}. One pass over each line instead of a split, a check and a hash.
   */
  private asciiLines(chunk: Uint8Array, pos: number, line: number): number {
    const builder = this.builder;
    const max = this.maxLineBytes;
    const length = chunk.length;
    let start = pos;
    // nextLine is kept up to date inside the loop: a store after it would have no type feedback
    // when the loop is compiled on-stack, and deoptimize that code at the end of every call.
    this.nextLine = line;
    for (;;) {
      let i = start;
      let c = 0;
      while (i < length && ((c = chunk[i]) === 32 || c === 9 || c === 13)) i++;
      if (i === length) break;
      const token = i;
      let h = FNV_OFFSET;
      while (c > 32 && c < 127) {
        h = Math.imul(h ^ c, FNV_PRIME);
        c = ++i < length ? chunk[i] : -1;
      }
      const tokenEnd = i;
      while (c === 32 || c === 9 || c === 13) c = ++i < length ? chunk[i] : -1;
      if (c === 10) {
        if (i - start > max) this.tooLong(line);
        if (tokenEnd > token && (tokenEnd - token !== 1 || chunk[token] !== 42)) {
          this.line = line;
          builder.addHashedAsciiKey(chunk, token, tokenEnd, h);
        }
      } else {
        if (c < 0) break;
        // Anything else: this line goes the general way.
        const nl = chunk.indexOf(10, i);
        if (nl < 0) break;
        i = nl;
        if (i - start > max) this.tooLong(line);
        this.onLine(chunk, start, i, line);
      }
      this.nextLine = ++line;
      start = i + 1;
    }
    return start;
  }

  /**
   * The whole lines of `chunk` from `pos`, the first numbered `line`, in one byte loop: a line of
   * 1–15 digits (optionally ending in `\r`) is a number, added at once; any other line goes to
   * {@link onLine}, as the line splitter would hand it over. Returns where the last, unfinished
   * line starts (and leaves the next line's number in {@link nextLine}). Same ids and errors as
   * line by line, without a call and two more passes over each line.
   */
  private numericLines(chunk: Uint8Array, pos: number, line: number): number {
    const builder = this.builder;
    const length = chunk.length;
    let start = pos;
    let value = 0;
    this.nextLine = line; // kept up to date in the loop, as in asciiLines
    for (let i = pos; i < length; i++) {
      const digit = chunk[i] - 48;
      if (digit >= 0 && digit <= 9) {
        value = value * 10 + digit;
        continue;
      }
      let end = i;
      if (chunk[i] === 13 && i + 1 < length && chunk[i + 1] === 10) i++;
      if (chunk[i] === 10 && end > start && end - start <= 15) {
        this.line = line;
        builder.addNumber(value);
      } else {
        // Anything else: the rest of this line goes the general way.
        const nl = chunk.indexOf(10, i);
        if (nl < 0) break;
        end = nl;
        i = nl;
        if (end - start > this.maxLineBytes) this.tooLong(line);
        this.onLine(chunk, start, end, line);
      }
      this.nextLine = ++line;
      start = i + 1;
      value = 0;
    }
    return start;
  }

  get newlines(): number {
    return this.lines.currentLine - 1;
  }

  private onLine(buf: Uint8Array, start: number, end: number, line: number): void {
    while (start < end && isBlank(buf[start])) start++;
    while (end > start && isBlank(buf[end - 1])) end--;
    if (start === end || (end - start === 1 && buf[start] === 42)) return;
    if (this.plain) for (let i = start; i < end && this.plain; i++) this.plain = buf[i] > 32 && buf[i] < 127;
    this.line = line;
    this.keys.add(buf, start, end, this.fail);
  }

  private tooLong(line: number): never {
    return this.ctx.fail({ line }, `line longer than ${this.ctx.settings.maxLineBytes} bytes (the maxLineBytes cap); expected one id per line`);
  }

  end(): void {
    this.lines.end();
  }

  position(): { line: number } {
    return { line: this.line };
  }
}
