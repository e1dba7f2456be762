/**
 * A set of integers in `[0, capacity)` as a hierarchy of 32-bit bitmaps: O(1) add/delete in the
 * common case (a summary bit changes only when a whole word empties or fills) and `max()` in
 * ⌈log32 capacity⌉ word reads. Belady stores one next-use time per resident page here: keys are
 * distinct times, the page behind a key is recoverable from the trace, and a hit always deletes
 * the current time and adds a later one — so this beats a heap, whose raise climbs O(log k).
 * Memory: capacity/8 bytes plus 1/31 of that for the summaries.
 */
export class TimeBitset {
  /** levels[0] holds the elements; levels[i+1] has bit w set iff word w of levels[i] is non-zero. */
  private readonly levels: Int32Array[];
  /** levels[0], held directly: most adds and deletes touch only it. */
  private readonly leaves: Int32Array;
  private count = 0;

  constructor(readonly capacity: number) {
    const levels: Int32Array[] = [];
    let bits = Math.max(1, capacity);
    for (;;) {
      const words = Math.ceil(bits / 32);
      levels.push(new Int32Array(words));
      if (words === 1) break;
      bits = words;
    }
    this.levels = levels;
    this.leaves = levels[0];
  }

  get size(): number {
    return this.count;
  }

  has(x: number): boolean {
    return (this.levels[0][x >>> 5] & (1 << (x & 31))) !== 0;
  }

  /** Add x (must be absent). */
  add(x: number): void {
    this.count++;
    const w = x >>> 5;
    const before = this.leaves[w];
    this.leaves[w] = before | (1 << (x & 31));
    if (before === 0) this.addAbove(w);
  }

  private addAbove(x: number): void {
    const levels = this.levels;
    for (let l = 1; l < levels.length; l++) {
      const words = levels[l];
      const w = x >>> 5;
      const before = words[w];
      words[w] = before | (1 << (x & 31));
      if (before !== 0) return;
      x = w;
    }
  }

  /** Delete x (must be present). */
  delete(x: number): void {
    this.count--;
    const w = x >>> 5;
    const after = this.leaves[w] & ~(1 << (x & 31));
    this.leaves[w] = after;
    if (after === 0) this.deleteAbove(w);
  }

  private deleteAbove(x: number): void {
    const levels = this.levels;
    for (let l = 1; l < levels.length; l++) {
      const words = levels[l];
      const w = x >>> 5;
      const after = words[w] & ~(1 << (x & 31));
      words[w] = after;
      if (after !== 0) return;
      x = w;
    }
  }

  /** Largest element, or -1 when empty. */
  max(): number {
    if (this.count === 0) return -1;
    const levels = this.levels;
    let w = 0;
    for (let l = levels.length - 1; l >= 0; l--) {
      const word = levels[l][w];
      w = (w << 5) | (31 - Math.clz32(word));
    }
    return w;
  }

  clear(): void {
    for (const words of this.levels) words.fill(0);
    this.count = 0;
  }
}
