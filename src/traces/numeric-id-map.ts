import { allocate, capName, TraceLimitError } from "./limits.ts";

/** High words below this keep `hi·2^32 + lo` under 2^53, an exact double. */
const SAFE_HI = 2 ** 21;

/**
 * Dense ids for exact-integer keys: the first key seen gets id 0, the next new key id 1, ….
 *
 * Open addressing with linear probing over typed arrays: the table holds only ids (an Int32Array
 * of id + 1, load ≤ 1/2, Fibonacci hashing of both 32-bit halves) and a probe compares the key
 * stored once per id, `keys[id]`. It stores no per-key heap objects: 8 bytes of key plus at most
 * 16 bytes of table per distinct key (the table once held the keys beside the ids, 48 bytes a
 * key; a third of that is a third of the fresh pages a read touches, and on the 2-core VM this
 * project is measured on a first-touched page costs 15–20 µs). Measured while choosing it, on
 * the 5 M requests / 76,349 keys of cache2k orm-busy (Node 20): 70–140 ms against 360–470 ms for
 * `Map<number, number>`.
 *
 * A new key beyond `maxDistinct` throws {@link TraceLimitError} before the table grows for it, so
 * the table never exceeds what `maxDistinct` keys need.
 */
export class NumericIdMap {
  private slotIds: Int32Array; // id + 1; 0 marks an empty slot
  private shift: number;
  private mask: number;
  private count = 0;
  private mappedCount = 0;
  private limit: number;
  /** `keys[id]` is the key of dense id `id`, for `id < size`. */
  private keyValues: Float64Array;

  constructor(
    expectedDistinct = 1024,
    private readonly maxDistinct = 2 ** 30,
  ) {
    let bits = 4;
    while (1 << bits < expectedDistinct * 2 && bits < 30) bits++;
    this.slotIds = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    this.limit = 1 << (bits - 1);
    this.keyValues = new Float64Array(Math.max(16, expectedDistinct));
  }

  /** Number of distinct keys seen. */
  get size(): number {
    return this.count;
  }

  /**
   * The dense id of `key`, assigning the next id if it is new. `key` must be an integer with
   * |key| ≤ 2^53 − 1 (callers check; other numbers would hash inconsistently).
   */
  idOf(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
    const slotIds = this.slotIds;
    const keys = this.keyValues;
    for (;;) {
      const stored = slotIds[slot];
      if (stored === 0) break;
      if (keys[stored - 1] === key) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    if (this.count >= this.maxDistinct) this.tooMany();
    const id = this.count++;
    slotIds[slot] = id + 1;
    if (id >= this.keyValues.length) this.growKeys();
    this.keyValues[id] = key;
    if (this.count > this.limit) this.rehash();
    return id;
  }

  /**
   * Map `count` unsigned 32-bit keys to dense ids in one loop: key i is `words[from + i·stride]`
   * (byte-swapped first when `swap`, for big-endian data read through a little-endian view), its
   * id goes to `out[at + i]`. The same ids as `count` calls of {@link idOf}, without a call or a
   * number conversion per key. If a new key would pass `maxDistinct`, the ids of the keys before
   * it are already in `out`, {@link mapped} says how many, and {@link TraceLimitError} is thrown.
   */
  mapU32(words: Uint32Array, from: number, stride: number, count: number, swap: boolean, out: Int32Array, at: number): void {
    // One loop, so that a long batch is optimized on the spot (on-stack replacement) the first
    // time it runs; the rare path (a new key) runs early and often enough to have type feedback.
    let slotIds = this.slotIds;
    let keys = this.keyValues;
    let shift = this.shift;
    let mask = this.mask;
    for (let i = 0, w = from; i < count; i++, w += stride) {
      let key = words[w];
      if (swap) key = ((key << 24) | ((key & 0xff00) << 8) | ((key >>> 8) & 0xff00) | (key >>> 24)) >>> 0;
      let slot = Math.imul(key, 0x9e3779b1) >>> shift;
      let stored = slotIds[slot];
      while (stored !== 0 && keys[stored - 1] !== key) {
        slot = (slot + 1) & mask;
        stored = slotIds[slot];
      }
      if (stored === 0) {
        stored = this.addKey(key, slot, i) + 1;
        slotIds = this.slotIds;
        keys = this.keyValues;
        shift = this.shift;
        mask = this.mask;
      }
      out[at + i] = stored - 1;
    }
  }

  /**
   * Like {@link mapU32} for unsigned 64-bit keys given as little-endian word pairs: key i is
   * `words[from + i·stride]` (low word) + 2^32 · `words[from + i·stride + 1]` (high word). Stops
   * before the first key of 2^53 or more (which needs a `bigint`) and returns the number of keys
   * mapped, `count` when all were.
   */
  mapU64(words: Uint32Array, from: number, stride: number, count: number, out: Int32Array, at: number): number {
    let slotIds = this.slotIds;
    let keys = this.keyValues;
    let shift = this.shift;
    let mask = this.mask;
    for (let i = 0, w = from; i < count; i++, w += stride) {
      const lo = words[w];
      const hi = words[w + 1];
      if (hi >= SAFE_HI) return i;
      const key = hi * 4294967296 + lo;
      let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> shift;
      let stored = slotIds[slot];
      while (stored !== 0 && keys[stored - 1] !== key) {
        slot = (slot + 1) & mask;
        stored = slotIds[slot];
      }
      if (stored === 0) {
        stored = this.addKey(key, slot, i) + 1;
        slotIds = this.slotIds;
        keys = this.keyValues;
        shift = this.shift;
        mask = this.mask;
      }
      out[at + i] = stored - 1;
    }
    return count;
  }

  /**
   * Like {@link mapU64}, for records that also say where their key comes next (oracleGeneral's
   * `next_access_vtime`): the little-endian word pair at `words[w + nextOffset]` holds the 1-based
   * number of the next request with the same key (request `at + i` is number `at + i + 1`), or
   * 2^64 − 1 (−1) for none. Each id is written ahead into `out` at the request its record names,
   * as `id + 1`, so that request usually finds its id there instead of in the table. `out[at ..]`
   * must hold only values written ahead by earlier calls, or zeros.
   *
   * Whatever the links say, every id is exact: a value found ahead is used only if it names an id
   * whose key equals the record's key (ids and keys are one-to-one), else the key goes through the
   * table. Links that point backwards, past `out` or nowhere are not followed.
   *
   * With `promised`, the links are also checked, as the oracleGeneral reader's check defines:
   * `promised[id]` is the number its last request named (0 for −1), a repeated key must be at
   * that number, and a link must be −1 or later. The call stops before the first record that
   * fails, having changed nothing for it, so a caller can report it from the same state; it
   * also stops before a new key whose id would not fit in `promised` (grow it and call again).
   *
   * Returns the records mapped: `count`, or fewer when it stopped or at a key of 2^53 or more
   * (which needs a `bigint`). Over `maxDistinct`, as {@link mapU64}.
   */
  mapU64Linked(
    words: Uint32Array,
    from: number,
    stride: number,
    nextOffset: number,
    count: number,
    promised: Uint32Array | null,
    out: Int32Array,
    at: number,
  ): number {
    let slotIds = this.slotIds;
    let keys = this.keyValues;
    let known = this.count;
    let shift = this.shift;
    let mask = this.mask;
    const end = out.length;
    for (let i = 0, w = from; i < count; i++, w += stride) {
      const lo = words[w];
      const hi = words[w + 1];
      if (hi >= SAFE_HI) return i;
      const vtime = at + i + 1;
      const next = words[w + nextOffset];
      const nextHi = words[w + nextOffset + 1];
      const never = next === 0xffffffff && nextHi === 0xffffffff;
      if (promised !== null && !never && (nextHi !== 0 || next <= vtime)) return i;
      const key = hi * 4294967296 + lo;
      let id = out[vtime - 1] - 1;
      if (id < 0 || id >= known || keys[id] !== key) {
        let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> shift;
        let stored = slotIds[slot];
        while (stored !== 0 && keys[stored - 1] !== key) {
          slot = (slot + 1) & mask;
          stored = slotIds[slot];
        }
        if (stored !== 0) {
          id = stored - 1;
          if (promised !== null && promised[id] !== vtime) return i;
        } else {
          if (promised !== null && known >= promised.length) return i;
          id = this.addKey(key, slot, i);
          slotIds = this.slotIds;
          keys = this.keyValues;
          known = this.count;
          shift = this.shift;
          mask = this.mask;
        }
      } else if (promised !== null && promised[id] !== vtime) {
        return i;
      }
      out[vtime - 1] = id;
      if (promised !== null) promised[id] = never ? 0 : next;
      if (nextHi === 0 && next > vtime && next <= end) out[next - 1] = id + 1;
    }
    return count;
  }

  /**
   * How many keys the last {@link mapU32} / {@link mapU64} mapped before it threw (a new key
   * over `maxDistinct`); when they return, their result says it.
   */
  get mapped(): number {
    return this.mappedCount;
  }

  // A new key at its empty probe slot (the `i`-th of a batch): the cap, the id, the key list and
  // the table load.
  private addKey(key: number, slot: number, i: number): number {
    this.mappedCount = i;
    if (this.count >= this.maxDistinct) this.tooMany();
    const id = this.count++;
    this.slotIds[slot] = id + 1;
    if (id >= this.keyValues.length) this.growKeys();
    this.keyValues[id] = key;
    if (this.count > this.limit) this.rehash();
    return id;
  }

  /** The keys in id order (a copy trimmed to {@link size}). */
  keys(): Float64Array {
    return this.keyValues.slice(0, this.count);
  }

  private tooMany(): never {
    throw new TraceLimitError(`more than ${this.maxDistinct} distinct ids (${capName("maxDistinct")})`);
  }

  private growKeys(): void {
    const size = Math.min(this.keyValues.length * 2, Math.max(this.maxDistinct, 16));
    const next = allocate(`${size} keys`, () => new Float64Array(size));
    next.set(this.keyValues);
    this.keyValues = next;
  }

  private rehash(): void {
    const bits = 32 - this.shift + 1;
    if (bits > 31) throw new TraceLimitError("more than 2^30 distinct ids");
    const size = 2 ** bits;
    const slotIds = allocate(`an id table of ${size} slots`, () => new Int32Array(size));
    const shift = 32 - bits;
    const mask = (size - 1) | 0;
    const keys = this.keyValues;
    for (let id = 0; id < this.count; id++) {
      const key = keys[id];
      const lo = key >>> 0;
      const hi = (key / 4294967296) | 0;
      let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> shift;
      while (slotIds[slot] !== 0) slot = (slot + 1) & mask;
      slotIds[slot] = id + 1;
    }
    this.slotIds = slotIds;
    this.shift = shift;
    this.mask = mask;
    this.limit = size >>> 1;
  }
}
