import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { RecordSplitter } from "../record-splitter.ts";
import { isBinarySample } from "../sample-text.ts";

/**
 * Raw big-endian unsigned 32-bit ids, 4 bytes a request, no header (cache2k's traces,
 * CloudPhysics w106). It has no signature, so it is inferred only as the fallback for binary
 * content that matches no other format (and whose size, when known, is a multiple of 4).
 */
export const be32Format: TraceFormat = {
  name: "be32",
  description: "binary, big-endian unsigned 32-bit ids, no header (cache2k traces)",
  recordBytes: 4,
  matchesName: (name) => name.endsWith(".be32"),
  detect(sample) {
    if (!isBinarySample(sample)) return false;
    if (sample.contentBytes !== undefined && sample.contentBytes % 4 !== 0) return false;
    return "fallback";
  },
  createParser: (ctx) => new Be32Parser(ctx),
};

class Be32Parser implements ChunkParser {
  private readonly records: RecordSplitter;
  private readonly builder: ParseContext["builder"];

  constructor(ctx: ParseContext) {
    const builder = (this.builder = ctx.builder);
    this.records = new RecordSplitter(
      4,
      (buf, start, count) => {
        const end = start + 4 * count;
        for (let i = start; i < end; i += 4) {
          builder.addNumber(((buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3]) >>> 0);
        }
      },
      (offset, have) => ctx.fail({ offset }, `truncated record: ${have} of 4 bytes; expected a whole big-endian u32 id`),
    );
  }

  push(chunk: Uint8Array): void {
    this.records.push(chunk);
  }

  end(): void {
    this.records.end();
  }

  position(): { offset: number } {
    return { offset: this.builder.length * 4 };
  }
}
