import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { RecordSplitter } from "../record-splitter.ts";
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
    this.records = new RecordSplitter(
      RECORD_BYTES,
      (buf, start, count, index) => {
        const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
        for (let r = 0; r < count; r++) {
          const at = start + r * RECORD_BYTES;
          const version = buf[at + VERSION_BYTE];
          if (version !== 1) {
            ctx.fail(
              { offset: (index + r) * RECORD_BYTES + 14 },
              version === 2
                ? "VSCSI version 2 records are not supported; expected version 1"
                : `expected a VSCSI v1 record (ver field 0x01xx), found ver 0x${view.getUint16(at + 14, true).toString(16).padStart(4, "0")}`,
            );
          }
          builder.addU64(view.getUint32(at + 16, true), view.getUint32(at + 20, true));
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
