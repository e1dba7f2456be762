/** Called with `count` whole records starting at `buf[start]`; `index` numbers the first one. */
export type RecordHandler = (buf: Uint8Array, start: number, count: number, index: number) => void;

/**
 * Splits a chunked byte stream into fixed-size records, handing whole records over in place
 * and stitching the few that straddle chunk boundaries in a small buffer. A trailing partial
 * record is reported by `end` through `truncated`, never dropped.
 */
export class RecordSplitter {
  private readonly carry: Uint8Array;
  private carryLength = 0;
  private index = 0;

  constructor(
    private readonly recordBytes: number,
    private readonly onRecords: RecordHandler,
    private readonly truncated: (offset: number, have: number) => never,
  ) {
    this.carry = new Uint8Array(recordBytes);
  }

  /** Index of the next record (= records handed over so far). */
  get records(): number {
    return this.index;
  }

  push(chunk: Uint8Array): void {
    const size = this.recordBytes;
    let pos = 0;
    if (this.carryLength > 0) {
      const take = Math.min(size - this.carryLength, chunk.length);
      this.carry.set(chunk.subarray(0, take), this.carryLength);
      this.carryLength += take;
      pos = take;
      if (this.carryLength < size) return;
      this.onRecords(this.carry, 0, 1, this.index++);
      this.carryLength = 0;
    }
    const count = Math.floor((chunk.length - pos) / size);
    if (count > 0) {
      this.onRecords(chunk, pos, count, this.index);
      this.index += count;
      pos += count * size;
    }
    if (pos < chunk.length) {
      this.carry.set(chunk.subarray(pos), 0);
      this.carryLength = chunk.length - pos;
    }
  }

  end(): void {
    if (this.carryLength > 0) this.truncated(this.index * this.recordBytes, this.carryLength);
  }
}
