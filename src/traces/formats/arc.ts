import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { LineSplitter } from "../line-splitter.ts";
import { sampleLines, sampleShape } from "../sample-text.ts";
import { decimalValue, isBlank, showBytes } from "../tokens.ts";

const FIELDS = ["start block", "block count", "third field", "request number"] as const;

/**
 * The ARC traces of Megiddo & Modha (FAST'03), `.lis`: four decimal fields a line,
 * `start n ignored req`, standing for the n consecutive pages `start … start+n−1`, one request
 * each. Blank lines are skipped; `n = 0` adds nothing. Every field must be a non-negative
 * integer ≤ 2^53 − 1, pages too, and `n` ≤ `maxArcExtent` (default 2^20) so that one hostile
 * line cannot ask for billions of pages.
 */
export const arcFormat: TraceFormat = {
  name: "arc",
  description: "ARC .lis text: 'start n ignored req' = n consecutive pages start..start+n-1",
  matchesName: (name) => name.endsWith(".lis"),
  detect(sample) {
    // Lines of one token have no four fields.
    if (sampleShape(sample)?.singleToken !== false) return false;
    const lines = sampleLines(sample);
    if (lines === null) return false;
    let records = 0;
    for (const line of lines) {
      const fields = line.trim().split(/[ \t]+/);
      if (fields.length === 1 && fields[0] === "") continue;
      if (fields.length !== 4 || !fields.every((f) => /^\d+$/.test(f))) return false;
      records++;
    }
    return records > 0 ? "signature" : false;
  },
  createParser: (ctx) => new ArcParser(ctx),
};

class ArcParser implements ChunkParser {
  private readonly lines: LineSplitter;
  private readonly builder: ParseContext["builder"];
  private readonly maxExtent: number;
  private line = 0;

  constructor(private readonly ctx: ParseContext) {
    this.builder = ctx.builder;
    this.maxExtent = ctx.settings.maxArcExtent;
    this.lines = new LineSplitter(
      ctx.settings.maxLineBytes,
      (buf, start, end, line) => this.parseLine(buf, start, end, line),
      (line) => ctx.fail({ line }, `line longer than ${ctx.settings.maxLineBytes} bytes (the maxLineBytes cap); expected 'start n ignored req'`),
    );
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  position(): { line: number } {
    return { line: this.line };
  }

  // Digits are accumulated inline (no token strings); anything unusual goes to reject().
  private parseLine(buf: Uint8Array, start: number, end: number, line: number): void {
    this.line = line;
    let first = 0;
    let count = 0;
    let field = 0;
    let pos = start;
    while (pos < end) {
      let c = buf[pos];
      if (c === 32 || c === 9 || c === 13) {
        pos++;
        continue;
      }
      const from = pos;
      let value = 0;
      while (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        if (++pos === end) break;
        c = buf[pos];
      }
      if (pos === from || (pos < end && c !== 32 && c !== 9 && c !== 13) || field === 4 || value > Number.MAX_SAFE_INTEGER) {
        this.reject(buf, from, end, field, line);
      }
      if (field === 0) first = value;
      else if (field === 1) count = value;
      field++;
    }
    if (field === 0) return;
    if (field !== 4) this.ctx.fail({ line }, `expected 4 fields 'start n ignored req', found ${field}`);
    if (count > this.maxExtent) {
      this.ctx.fail({ line }, `extent of ${count} pages exceeds ${this.maxExtent} (the maxArcExtent cap)`);
    }
    if (count > 0 && first + (count - 1) > Number.MAX_SAFE_INTEGER) {
      this.ctx.fail({ line }, `pages ${first}..${first}+${count - 1} exceed 2^53 − 1`);
    }
    if (count === 1) this.builder.addNumber(first);
    else this.builder.addRange(first, count);
  }

  private reject(buf: Uint8Array, from: number, end: number, field: number, line: number): never {
    if (field === 4) return this.ctx.fail({ line }, "expected 4 fields 'start n ignored req', found more");
    let to = from;
    while (to < end && !isBlank(buf[to])) to++;
    const value = decimalValue(buf, from, to);
    if (value === Infinity) return this.ctx.fail({ line }, `the ${FIELDS[field]} ${showBytes(buf, from, to)} exceeds 2^53 − 1`);
    return this.ctx.fail({ line }, `expected a non-negative integer as the ${FIELDS[field]}, found ${showBytes(buf, from, to)}`);
  }
}
