import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { LineSplitter } from "../line-splitter.ts";
import { sampleLines } from "../sample-text.ts";
import { isBlank, TokenKeys } from "../tokens.ts";

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
  createParser: (ctx) => new TxtParser(ctx),
};

class TxtParser implements ChunkParser {
  private readonly lines: LineSplitter;
  private readonly keys: TokenKeys;
  private line = 0;

  constructor(ctx: ParseContext) {
    this.keys = new TokenKeys(ctx.settings.keys, ctx.builder, false);
    const fail = (detail: string): never => ctx.fail({ line: this.line }, detail);
    this.lines = new LineSplitter(
      ctx.settings.maxLineBytes,
      (buf, start, end, line) => {
        while (start < end && isBlank(buf[start])) start++;
        while (end > start && isBlank(buf[end - 1])) end--;
        if (start === end || (end - start === 1 && buf[start] === 42)) return;
        this.line = line;
        this.keys.add(buf, start, end, fail);
      },
      (line) => ctx.fail({ line }, `line longer than ${ctx.settings.maxLineBytes} bytes (the maxLineBytes cap); expected one id per line`),
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
