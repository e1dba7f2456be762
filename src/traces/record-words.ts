/** True when the platform stores numbers little-endian (a `Uint32Array` view reads LE words). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Whole binary records as 32-bit little-endian words, for readers that decode a chunk with one
 * typed-array loop instead of a `DataView` call per field. {@link load} returns a word index into
 * {@link words}: a view of the chunk itself when the records start 4-byte aligned (the usual case:
 * file chunks start at offset 0 of their own buffer), else an aligned copy in a scratch buffer
 * that is reused from chunk to chunk — so memory stays about one chunk.
 */
export class RecordWords {
  /** The words of the last {@link load}; valid until the next one. */
  words: Uint32Array = new Uint32Array(0);
  private scratch = new Uint32Array(0);

  /** Make `buf[start .. start+bytes)` (`bytes` a multiple of 4) readable as words; returns the index of its first word. */
  load(buf: Uint8Array, start: number, bytes: number): number {
    const at = buf.byteOffset + start;
    if (LITTLE_ENDIAN && (at & 3) === 0) {
      this.words = new Uint32Array(buf.buffer, at, bytes >>> 2);
      return 0;
    }
    const count = bytes >>> 2;
    if (this.scratch.length < count) this.scratch = new Uint32Array(Math.max(count, this.scratch.length * 2));
    if (LITTLE_ENDIAN) {
      new Uint8Array(this.scratch.buffer, 0, bytes).set(buf.subarray(start, start + bytes));
    } else {
      const view = new DataView(buf.buffer, at, bytes);
      for (let i = 0; i < count; i++) this.scratch[i] = view.getUint32(4 * i, true);
    }
    this.words = this.scratch;
    return 0;
  }
}
