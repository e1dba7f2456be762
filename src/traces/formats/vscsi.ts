import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { RecordSplitter } from "../record-splitter.ts";
import { RecordWords } from "../record-words.ts";
import { isBinarySample } from "../sample-text.ts";

const RECORD_BYTES = 32;
/** Offset of the high byte of the `ver` field; libCacheSim tests `(ver >> 8) == 1` for v1. */
const VERSION_BYTE = 15;

/**
 * VMware VSCSI block traces, version 1 (the CloudPhysics traces, as libCacheSim reads them):
 * 32-byte little-endian records `{u32 sn; u32 len; u32 nSG; u16 cmd; u16 ver; u64 lbn; u64 ts}`.
 * The page id is `lbn`. Every record must carry version 1 in the high byte of `ver`; version 2
 * files (a different layout) are refused by name.
 */
export const vscsiFormat: TraceFormat = {
  name: "vscsi",
  description: "VMware VSCSI v1 binary, 32-byte LE records; page id = lbn (CloudPhysics)",
  recordBytes: RECORD_BYTES,
  matchesName: (name) => name.endsWith(".vscsi"),
  detect(sample) {
    if (!isBinarySample(sample)) return false;
    if (sample.contentBytes !== undefined && sample.contentBytes % RECORD_BYTES !== 0) return false;
    const records = Math.floor(sample.bytes.length / RECORD_BYTES);
    if (records === 0) return false;
    for (let r = 0; r < records; r++) if (sample.bytes[r * RECORD_BYTES + VERSION_BYTE] !== 1) return false;
    return "signature";
  },
  createParser: (ctx) => new VscsiParser(ctx),
};

class VscsiParser implements ChunkParser {
  private readonly records: RecordSplitter;
  private readonly builder: ParseContext["builder"];

  constructor(ctx: ParseContext) {
    const builder = (this.builder = ctx.builder);
    const words = new RecordWords();
    this.records = new RecordSplitter(
      RECORD_BYTES,
      (buf, start, count, index) => {
        // The records up to the first bad version are added first, so a cap hit before it is
        // reported where it happens, as when reading record by record.
        let good = 0;
        while (good < count && buf[start + good * RECORD_BYTES + VERSION_BYTE] === 1) good++;
        const from = words.load(buf, start, good * RECORD_BYTES);
        builder.addU64Words(words.words, from + 4, RECORD_BYTES / 4, good);
        if (good < count) {
          const at = start + good * RECORD_BYTES;
          const version = buf[at + VERSION_BYTE];
          ctx.fail(
            { offset: (index + good) * RECORD_BYTES + 14 },
            version === 2
              ? "VSCSI version 2 records are not supported; expected version 1"
              : `expected a VSCSI v1 record (ver field 0x01xx), found ver 0x${(buf[at + 14] | (version << 8)).toString(16).padStart(4, "0")}`,
          );
        }
      },
      (offset, have) => ctx.fail({ offset }, `truncated record: ${have} of ${RECORD_BYTES} bytes; expected a whole VSCSI v1 record`),
    );
  }

  push(chunk: Uint8Array): void {
    this.records.push(chunk);
  }

  end(): void {
    this.records.end();
  }

  position(): { offset: number } {
    return { offset: this.builder.length * RECORD_BYTES };
  }
}
