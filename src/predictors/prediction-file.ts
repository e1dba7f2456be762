import { open } from "node:fs/promises";
import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";

/**
 * The binary prediction file, version 1 — little-endian, a 16-byte header then the payload:
 *
 * | offset | bytes | field |
 * |---|---|---|
 * | 0 | 6 | magic `PLPRED` (ASCII `50 4c 50 52 45 44`) |
 * | 6 | 1 | version, 1 |
 * | 7 | 1 | kind: 1 = next arrival, 2 = bits |
 * | 8 | 8 | n, the number of predictions (u64; must equal the trace's request count) |
 * | 16 | 8n | next arrival: float64 per request t, the predicted 0-based time; +∞ = never |
 * | 16 | ⌈n/8⌉ | bits: bit t is bit (t mod 8) of byte ⌊t/8⌋ (least significant first), 1 = EVICT; the unused high bits of the last byte are 0 |
 *
 * The file holds exactly 16 + payload bytes. Next-arrival values are finite and ≥ 0, or +∞.
 */
export const PREDICTION_FILE = {
  /** The six magic bytes at offset 0. */
  magic: Uint8Array.of(0x50, 0x4c, 0x50, 0x52, 0x45, 0x44),
  /** The version byte this project writes and reads. */
  version: 1,
  /** Header size in bytes. */
  headerBytes: 16,
  /** Kind byte of next-arrival files. */
  nextArrivalKind: 1,
  /** Kind byte of bit files. */
  bitsKind: 2,
} as const;

/** Payload bytes of a prediction file with n entries of `kind`. */
export function payloadBytes(kind: "nextArrival" | "bits", n: number): number {
  return kind === "nextArrival" ? 8 * n : Math.ceil(n / 8);
}

/** Entries per write (512 KiB of float64). */
const BATCH = 1 << 16;

/**
 * Write predictions in the binary form of {@link PREDICTION_FILE}: a `Float64Array` as next
 * arrivals, a `Uint8Array` as bits. Values are checked first (next arrivals finite ≥ 0 or +∞,
 * −0 written as 0; bits KEEP or EVICT), so the file always reads back to the same values; a
 * bad value or an unwritable path is an {@link InputError}. Streams in 512 KiB batches.
 */
export async function writePredictions(path: string, predictions: Float64Array | Uint8Array): Promise<void> {
  const bits = predictions instanceof Uint8Array;
  const n = predictions.length;
  for (let t = 0; t < n; t++) {
    const v = predictions[t];
    if (bits ? v !== KEEP && v !== EVICT : !(v >= 0)) {
      const expected = bits ? `${KEEP} (KEEP) or ${EVICT} (EVICT)` : "a time ≥ 0 or +Infinity";
      throw new InputError(`writePredictions: prediction ${t} is ${v}; expected ${expected}`);
    }
  }
  const header = Buffer.alloc(PREDICTION_FILE.headerBytes);
  header.set(PREDICTION_FILE.magic, 0);
  header[6] = PREDICTION_FILE.version;
  header[7] = bits ? PREDICTION_FILE.bitsKind : PREDICTION_FILE.nextArrivalKind;
  header.writeBigUInt64LE(BigInt(n), 8);
  const handle = await open(path, "w").catch((err: Error) => {
    throw new InputError(`cannot write ${path}: ${err.message}`);
  });
  try {
    await handle.write(header);
    if (bits) {
      const packed = Buffer.alloc(payloadBytes("bits", n));
      for (let t = 0; t < n; t++) if (predictions[t] === EVICT) packed[t >> 3] |= 1 << (t & 7);
      await handle.write(packed);
    } else {
      const buffer = Buffer.alloc(Math.min(n, BATCH) * 8);
      for (let from = 0; from < n; from += BATCH) {
        const to = Math.min(n, from + BATCH);
        for (let t = from; t < to; t++) buffer.writeDoubleLE(predictions[t] + 0, (t - from) * 8);
        await handle.write(buffer, 0, (to - from) * 8);
      }
    }
  } finally {
    await handle.close();
  }
}
