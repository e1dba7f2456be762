/**
 * Pages grouped by an integer frequency f ≥ 1, each group a list in order of arrival into that
 * frequency (front = earliest) — the LFU order of libCacheSim's LFU and CR-LFU (LeCaR keeps the
 * same order in its `RecencyFrequencyPages`). Typed arrays only: per-page frequency and links, per-frequency head/tail/count (grown by doubling up
 * to the largest frequency used, which is at most the number of requests served), and a
 * two-level bitset of the non-empty frequencies, so the lowest non-empty frequency is found in
 * O(1) after an increment and in O(f_max / 1024) words at worst after a removal.
 */
export class FrequencyBuckets {
  /** Frequency of each page, 0 when absent. */
  private readonly freq: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head: Int32Array;
  private tail: Int32Array;
  private count: Int32Array;
  /** Bit f set iff frequency f holds a page. */
  private bits: Int32Array;
  /** Bit w set iff word w of `bits` is non-zero. */
  private summary: Int32Array;
  private lowest = 0;
  private pages = 0;

  /** @param universe pages are dense ids `0..universe-1` */
  constructor(universe: number) {
    this.freq = new Int32Array(universe);
    this.prev = new Int32Array(universe);
    this.next = new Int32Array(universe);
    this.head = new Int32Array(64).fill(-1);
    this.tail = new Int32Array(64).fill(-1);
    this.count = new Int32Array(64);
    this.bits = new Int32Array(2);
    this.summary = new Int32Array(1);
  }

  /** Number of pages held. */
  get size(): number {
    return this.pages;
  }

  /** Frequency of page p, 0 if it is not held. */
  frequencyOf(p: number): number {
    return this.freq[p];
  }

  /** The lowest frequency held, 0 when empty. */
  minFrequency(): number {
    return this.pages === 0 ? 0 : this.lowest;
  }

  /** Earliest arrival at the lowest frequency (LFU, ties → first in), or -1 when empty. */
  firstOfLowest(): number {
    return this.pages === 0 ? -1 : this.head[this.lowest];
  }

  /** Latest arrival at the lowest frequency (CR-LFU, ties → most recent), or -1 when empty. */
  lastOfLowest(): number {
    return this.pages === 0 ? -1 : this.tail[this.lowest];
  }

  /** Add page p (not held) with frequency f ≥ 1, at the back of its frequency's list. */
  add(p: number, f: number): void {
    if (f >= this.head.length) this.grow(f);
    const last = this.tail[f];
    this.prev[p] = last;
    this.next[p] = -1;
    if (last === -1) {
      this.head[f] = p;
      this.mark(f);
    } else {
      this.next[last] = p;
    }
    this.tail[f] = p;
    this.count[f]++;
    this.freq[p] = f;
    if (this.pages === 0 || f < this.lowest) this.lowest = f;
    this.pages++;
  }

  /** Remove page p (held). */
  remove(p: number): void {
    const f = this.freq[p];
    const pp = this.prev[p];
    const np = this.next[p];
    if (pp === -1) this.head[f] = np;
    else this.next[pp] = np;
    if (np === -1) this.tail[f] = pp;
    else this.prev[np] = pp;
    this.freq[p] = 0;
    this.pages--;
    if (--this.count[f] === 0) {
      this.unmark(f);
      if (f === this.lowest && this.pages > 0) this.lowest = this.nextNonEmpty(f + 1);
    }
  }

  /** Move page p (held) from frequency f to f + 1, at the back of that list. */
  increment(p: number): void {
    const f = this.freq[p];
    // Alone at f with f + 1 empty (the usual case for a hot page): relabel in place.
    if (this.count[f] === 1 && f + 1 < this.head.length && this.count[f + 1] === 0) {
      this.head[f] = -1;
      this.tail[f] = -1;
      this.count[f] = 0;
      this.unmark(f);
      this.head[f + 1] = p;
      this.tail[f + 1] = p;
      this.count[f + 1] = 1;
      this.mark(f + 1);
      this.freq[p] = f + 1;
      if (f === this.lowest) this.lowest = f + 1;
      return;
    }
    this.remove(p);
    this.add(p, f + 1);
  }

  private grow(f: number): void {
    let size = this.head.length;
    while (size <= f) size *= 2;
    const head = new Int32Array(size).fill(-1);
    const tail = new Int32Array(size).fill(-1);
    const count = new Int32Array(size);
    head.set(this.head);
    tail.set(this.tail);
    count.set(this.count);
    this.head = head;
    this.tail = tail;
    this.count = count;
    const bits = new Int32Array(size >>> 5);
    bits.set(this.bits);
    this.bits = bits;
    const summary = new Int32Array(Math.max(1, size >>> 10));
    summary.set(this.summary);
    this.summary = summary;
  }

  private mark(f: number): void {
    const w = f >>> 5;
    this.bits[w] |= 1 << (f & 31);
    this.summary[w >>> 5] |= 1 << (w & 31);
  }

  private unmark(f: number): void {
    const w = f >>> 5;
    const word = this.bits[w] & ~(1 << (f & 31));
    this.bits[w] = word;
    if (word === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
  }

  /** Lowest non-empty frequency ≥ from (one must exist). */
  private nextNonEmpty(from: number): number {
    const bits = this.bits;
    let w = from >>> 5;
    if (w < bits.length) {
      const masked = bits[w] & (-1 << (from & 31));
      if (masked !== 0) return (w << 5) + lowestBit(masked);
      w++;
    }
    // Skip empty words through the summary: the next set summary bit at or after word w.
    const summary = this.summary;
    let s = w >>> 5;
    let sword = s < summary.length ? summary[s] & (-1 << (w & 31)) : 0;
    while (sword === 0) {
      if (++s >= summary.length) throw new Error("FrequencyBuckets: no non-empty frequency");
      sword = summary[s];
    }
    w = (s << 5) + lowestBit(sword);
    return (w << 5) + lowestBit(bits[w]);
  }
}

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}
