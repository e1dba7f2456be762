import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { RecordSplitter } from "../record-splitter.ts";
import { RecordWords } from "../record-words.ts";
import { isBinarySample } from "../sample-text.ts";

/** Fewest whole records in the sample before its reuse counts as evidence. */
const MIN_SAMPLE_RECORDS = 64;

/**
 * Raw big-endian unsigned 32-bit ids, 4 bytes a request, no header (cache2k's traces,
 * CloudPhysics w106). It has no signature — any bytes are valid be32 — so it is inferred from
 * content only as the fallback for binary content that matches no other format, and only with
 * evidence on both sides: the file is named like cache2k's traces (`*.trace`; LIRS `.trace`
 * files are text, which the content tells apart), its size (when known) is a multiple of 4, and
 * the sampled ids show the reuse of a page trace — at least 1/8 of the first (≥ 64) ids repeat an
 * earlier one, with at least two distinct ids. Random bytes have almost no reuse (16,384 random
 * 32-bit ids repeat one with probability ≈ 3%); the shared cache2k traces reuse 45–77%.
 * Anything else needs `--format be32` or a `.be32` name.
 */
export const be32Format: TraceFormat = {
  name: "be32",
  description: "binary, big-endian unsigned 32-bit ids, no header (cache2k traces)",
  recordBytes: 4,
  matchesName: (name) => name.endsWith(".be32"),
  detect(sample) {
    if (!isBinarySample(sample)) return false;
    if (sample.contentBytes !== undefined && sample.contentBytes % 4 !== 0) return false;
    if (!(sample.name ?? "").endsWith(".trace")) return false;
    return showsReuse(sample.bytes) ? "fallback" : false;
  },
  createParser: (ctx) => new Be32Parser(ctx),
};

/** True if the sample's whole big-endian u32 ids repeat enough to look like page references. */
function showsReuse(bytes: Uint8Array): boolean {
  const records = Math.floor(bytes.length / 4);
  if (records < MIN_SAMPLE_RECORDS) return false;
  const seen = new Set<number>();
  let repeats = 0;
  for (let i = 0; i < records * 4; i += 4) {
    const id = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    if (seen.has(id)) repeats++;
    else seen.add(id);
  }
  return seen.size >= 2 && repeats * 8 >= records;
}

class Be32Parser implements ChunkParser {
  private readonly records: RecordSplitter;
  private readonly builder: ParseContext["builder"];

  constructor(ctx: ParseContext) {
    const builder = (this.builder = ctx.builder);
    const words = new RecordWords();
    this.records = new RecordSplitter(
      4,
      (buf, start, count) => {
        const from = words.load(buf, start, 4 * count);
        builder.addU32Words(words.words, from, 1, count, true);
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
