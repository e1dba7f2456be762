import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { LineSplitter } from "../line-splitter.ts";
import { sampleLines } from "../sample-text.ts";
import { decimalValue, isBlank, showBytes } from "../tokens.ts";

const FIELDS = ["start block", "block count", "third field", "request number"] as const;

/**
 * The ARC traces of Megiddo & Modha (FAST'03), `.lis`: four decimal fields a line,
 * `start n ignored req`, standing for the n consecutive pages `start … start+n−1`, one request
 * each. Blank lines are skipped; `n = 0` adds nothing. Every field must be a non-negative
 * integer, pages must stay ≤ 2^53 − 1, and `n` ≤ `maxArcExtent` (default 2^20) so that one
 * hostile line cannot ask for billions of pages.
 */
export const arcFormat: TraceFormat = {
  name: "arc",
  description: "ARC .lis text: 'start n ignored req' = n consecutive pages start..start+n-1",
  matchesName: (name) => name.endsWith(".lis"),
  detect(sample) {
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
  private line = 0;

  constructor(ctx: ParseContext) {
    const maxExtent = ctx.settings.maxArcExtent;
    const builder = ctx.builder;
    const values = [0, 0];
    this.lines = new LineSplitter(
      ctx.settings.maxLineBytes,
      (buf, start, end, line) => {
        this.line = line;
        let field = 0;
        let pos = start;
        for (;;) {
          while (pos < end && isBlank(buf[pos])) pos++;
          if (pos === end) break;
          const from = pos;
          while (pos < end && !isBlank(buf[pos])) pos++;
          if (field === 4) ctx.fail({ line }, `expected 4 fields 'start n ignored req', found more`);
          const value = decimalValue(buf, from, pos);
          if (!(value >= 0)) {
            ctx.fail({ line }, `expected a non-negative integer as the ${FIELDS[field]}, found ${showBytes(buf, from, pos)}`);
          }
          if (field < 2) {
            if (value === Infinity) ctx.fail({ line }, `the ${FIELDS[field]} ${showBytes(buf, from, pos)} exceeds 2^53 − 1`);
            values[field] = value;
          }
          field++;
        }
        if (field === 0) return;
        if (field !== 4) ctx.fail({ line }, `expected 4 fields 'start n ignored req', found ${field}`);
        const [first, count] = values;
        if (count > maxExtent) {
          ctx.fail({ line }, `extent of ${count} pages exceeds ${maxExtent} (the maxArcExtent cap)`);
        }
        if (count > 0 && first + (count - 1) > Number.MAX_SAFE_INTEGER) {
          ctx.fail({ line }, `pages ${first}..${first}+${count - 1} exceed 2^53 − 1`);
        }
        builder.addRange(first, count);
      },
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
}
