/**
 * Dense ids of ASCII text keys looked up by their bytes, so that a reader finds a repeated key
 * without building its string (a string and a `Map` lookup per request cost more than the rest
 * of reading a text trace of hash-like ids). Keys live once, as the builder's strings: the table
 * holds ids, the 32-bit FNV-1a hash of each id's key, and compares a candidate's bytes with
 * the key's character codes. Open addressing with linear probing, at most half full; O(key
 * length) per lookup, 8 bytes of table and 4 of hash per key. Knows nothing of caps: the
 * caller adds only keys it has admitted.
 */
export class AsciiKeyTable {
  private slots = new Int32Array(1024);
  private mask = 1023;
  private hashes = new Int32Array(256);
  private count = 0;

  /**
   * The id of the key with bytes `buf[start..end)`, or −1. `keys[id]` is the key of each id
   * added so far.
   */
  get(buf: Uint8Array, start: number, end: number, keys: readonly string[]): number {
    const h = hashBytes(buf, start, end);
    const slots = this.slots;
    const mask = this.mask;
    const length = end - start;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = slots[i];
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] !== h) continue;
      const key = keys[id];
      if (key.length !== length) continue;
      let j = 0;
      while (j < length && key.charCodeAt(j) === buf[start + j]) j++;
      if (j === length) return id;
    }
  }

  /** Record that the ASCII key with bytes `buf[start..end)` (not in the table) has id `id`. */
  set(buf: Uint8Array, start: number, end: number, id: number): void {
    if (id >= this.hashes.length) {
      const grown = new Int32Array(Math.max(id + 1, this.hashes.length * 2));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    const h = hashBytes(buf, start, end);
    this.hashes[id] = h;
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

/** 32-bit FNV-1a of `buf[start..end)`. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}
