import { allocate } from "./limits.ts";

/** 32-bit FNV-1a offset basis (as an int32); readers that hash while they scan start from it. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
/** 32-bit FNV-1a prime: `h = Math.imul(h ^ byte, FNV_PRIME)` per byte. */
export const FNV_PRIME = 0x01000193;

/**
 * Dense ids of ASCII text keys looked up by their bytes, so that a reader finds a repeated key
 * without building its string (a string and a `Map` lookup per request cost more than the rest
 * of reading a text trace of hash-like ids). The table owns the keys' bytes, back to back in
 * one arena, and builds their strings only when asked ({@link strings}): a new key costs a copy
 * of its bytes, not a `Buffer`, a string and a `Map` entry. Open addressing with linear
 * probing on the 32-bit FNV-1a hash of the bytes, at most half full; O(key length) per lookup.
 * Memory per key: its bytes, 8 bytes of slots, 12 of hash and span. Ids need not be
 * consecutive (the caller may number other keys in between); knows nothing of caps: the caller
 * admits a key, and bounds the arena, before {@link add}.
 */
export class AsciiKeyTable {
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  /** Per id: FNV-1a hash, start in the arena and length (ids of other keys: unused). */
  private hashes: Int32Array<ArrayBuffer>;
  private starts: Int32Array<ArrayBuffer>;
  private lengths: Int32Array<ArrayBuffer>;
  private arena: Uint8Array<ArrayBuffer>;
  private used = 0;
  private count = 0;

  constructor() {
    const parts = spare ?? {
      slots: new Int32Array(1024),
      hashes: new Int32Array(256),
      starts: new Int32Array(256),
      lengths: new Int32Array(256),
      arena: new Uint8Array(4096),
    };
    spare = null;
    this.slots = parts.slots;
    this.mask = parts.slots.length - 1;
    this.hashes = parts.hashes;
    this.starts = parts.starts;
    this.lengths = parts.lengths;
    this.arena = parts.arena;
  }

  /**
   * Hand this table's arrays to the next table created (cleared), when they are small: a
   * dataset of small traces then allocates and faults in one table instead of one per file.
   * The table is left empty.
   */
  release(): void {
    const bytes = 4 * (this.slots.length + 3 * this.hashes.length) + this.arena.length;
    if (bytes <= SPARE_MAX_BYTES) {
      this.slots.fill(0);
      spare = { slots: this.slots, hashes: this.hashes, starts: this.starts, lengths: this.lengths, arena: this.arena };
    }
    // Empty and owning nothing shared: a stray use cannot write into the next table's arrays.
    this.slots = new Int32Array(2);
    this.mask = 1;
    this.hashes = new Int32Array(0);
    this.starts = new Int32Array(0);
    this.lengths = new Int32Array(0);
    this.arena = new Uint8Array(0);
    this.count = 0;
    this.used = 0;
  }

  /** Keys held. */
  get size(): number {
    return this.count;
  }

  /** The id of the key with bytes `buf[start..end)` whose FNV-1a hash is `h`, or −1. */
  find(buf: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const length = end - start;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = slots[i];
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] !== h || this.lengths[id] !== length) continue;
      const arena = this.arena;
      const from = this.starts[id] - start;
      let j = start;
      while (j < end && arena[from + j] === buf[j]) j++;
      if (j === end) return id;
    }
  }

  /**
   * Hold the ASCII key with bytes `buf[start..end)` and hash `h` (not in the table) under id
   * `id`; `maxBytes` bounds the arena (the caller has checked the keys' total against it).
   */
  add(buf: Uint8Array, start: number, end: number, h: number, id: number, maxBytes: number): void {
    const at = this.reserve(id, end - start, maxBytes);
    // Keys are short: a loop costs less than the view `set` would need.
    const arena = this.arena;
    for (let j = start; j < end; j++) arena[at + j - start] = buf[j];
    this.index(id, h, at, end - start);
  }

  /**
   * The keys' bytes, in exact-size copies: key `id` (if held) is
   * `bytes[starts[id] .. starts[id] + lengths[id])`, for ids below `ids`; entries of ids not
   * held are meaningless. See {@link decodeAsciiKeys}.
   */
  snapshot(ids: number): AsciiKeyBytes {
    return { bytes: this.arena.slice(0, this.used), starts: this.starts.slice(0, ids), lengths: this.lengths.slice(0, ids) };
  }

  // Room for an id's entry and `length` arena bytes; returns where the bytes go.
  private reserve(id: number, length: number, maxBytes: number): number {
    if (id >= this.hashes.length) {
      const size = Math.max(id + 1, this.hashes.length * 2);
      this.hashes = grown(this.hashes, size);
      this.starts = grown(this.starts, size);
      this.lengths = grown(this.lengths, size);
    }
    const needed = this.used + length;
    if (needed > this.arena.length) {
      const size = Math.max(needed, Math.min(maxBytes, this.arena.length * 2));
      const next = allocate(`${size} bytes of string ids`, () => new Uint8Array(size));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    const at = this.used;
    this.used = needed;
    return at;
  }

  private index(id: number, h: number, at: number, length: number): void {
    this.hashes[id] = h;
    this.starts[id] = at;
    this.lengths[id] = length;
    if (2 * (this.count + 1) > this.slots.length) this.grow();
    this.place(id, h);
    this.count++;
  }

  private place(id: number, h: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = id + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const slot = old[i];
      if (slot !== 0) this.place(slot - 1, this.hashes[slot - 1]);
    }
  }
}

/** The ASCII keys of a table, as {@link AsciiKeyTable.snapshot} copies them. */
export interface AsciiKeyBytes {
  /** The keys' bytes, back to back. */
  readonly bytes: Uint8Array;
  /** Per id: where its key starts in `bytes`. */
  readonly starts: Int32Array;
  /** Per id: its key's length. */
  readonly lengths: Int32Array;
}

/**
 * Write the key of every id below `ids` that `keys` holds into `out[id]` (`skip(id)` true: not
 * held). One latin1 decode of the bytes; each key is a slice of it (V8 may share that string's
 * storage, which holds exactly the keys' bytes).
 */
export function decodeAsciiKeys(keys: AsciiKeyBytes, ids: number, skip: (id: number) => boolean, out: string[]): void {
  const all = Buffer.from(keys.bytes.buffer, keys.bytes.byteOffset, keys.bytes.length).toString("latin1");
  for (let id = 0; id < ids; id++) {
    if (!skip(id)) out[id] = all.slice(keys.starts[id], keys.starts[id] + keys.lengths[id]);
  }
}

/** The arrays of the last table released, if small; taken by the next table. */
let spare: {
  slots: Int32Array<ArrayBuffer>;
  hashes: Int32Array<ArrayBuffer>;
  starts: Int32Array<ArrayBuffer>;
  lengths: Int32Array<ArrayBuffer>;
  arena: Uint8Array<ArrayBuffer>;
} | null = null;
const SPARE_MAX_BYTES = 1 << 20;

function grown(old: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(old);
  return next;
}

/** 32-bit FNV-1a of `buf[start..end)`. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h;
}
