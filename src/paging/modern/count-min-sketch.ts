/**
 * The frequency sketch of W-TinyLFU as libCacheSim builds it (`minimalIncrementCBF`): one array
 * of counters and d hash positions per key (a counting Bloom filter, i.e. a count-min sketch
 * whose rows share one array), sized for `entries` keys at false-positive rate `error`:
 * b = −ln(error)/ln²2 counters per entry, d = ⌈ln2 · b⌉ positions, ⌈b · entries⌉ counters (at
 * least 2d). An add increments all d counters (libCacheSim's "minimal increment" guard only
 * wraps a debug print, so every counter moves — plain count-min); the estimate is their
 * minimum; aging halves every counter.
 *
 * Guarantees: an estimate never falls below the exact number of adds of the key since the
 * sketch was created (each of its counters received every one of them), and after agings it
 * never falls below that count aged the same way (⌊·/2⌋ per aging, applied to the exact count):
 * halving is monotone. Both are property-tested against exact counts. The keys are dense page
 * ids, hashed by two fixed 32-bit mixers (double hashing, position_i = h₁ + i·h₂), not
 * libCacheSim's XXH64 of the original object ids, so collisions — and hence over-estimates —
 * fall on different keys than there.
 */
export class CountMinSketch {
  /** Number of counters. */
  readonly width: number;
  /** Counters a key touches (d). */
  readonly depth: number;
  private readonly counters: Uint32Array;
  private readonly scale: number;

  /**
   * @param entries expected keys (≥ 1)
   * @param error target false-positive rate, in (0, 1)
   */
  constructor(entries: number, error: number) {
    const perEntry = -Math.log(error) / 0.480453013918201;
    this.depth = Math.max(1, Math.ceil(0.693147180559945 * perEntry));
    this.width = Math.max(2 * this.depth, Math.min(2 ** 31 - 1, Math.ceil(perEntry * entries)));
    this.counters = new Uint32Array(this.width);
    this.scale = this.width / 4294967296;
  }

  /** Count one occurrence of key (each of its d counters once per position drawn). */
  add(key: number): void {
    const counters = this.counters;
    const a = mixA(key);
    const b = mixB(key);
    const scale = this.scale;
    const depth = this.depth;
    for (let i = 0; i < depth; i++) counters[(((a + Math.imul(i, b)) >>> 0) * scale) | 0]++;
  }

  /** Estimated occurrences of key: the minimum of its counters (never below the true count). */
  estimate(key: number): number {
    const counters = this.counters;
    const a = mixA(key);
    const b = mixB(key);
    const scale = this.scale;
    const depth = this.depth;
    let min = 0xffffffff;
    for (let i = 0; i < depth; i++) {
      const c = counters[(((a + Math.imul(i, b)) >>> 0) * scale) | 0];
      if (c < min) min = c;
    }
    return min;
  }

  /** Aging: halve every counter (rounding down). */
  halve(): void {
    const counters = this.counters;
    for (let i = 0; i < counters.length; i++) counters[i] >>>= 1;
  }
}

// Two independent 32-bit finalizers (murmur3's fmix32 and a variant with other constants).
function mixA(x: number): number {
  let h = Math.imul(x ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mixB(x: number): number {
  let h = Math.imul(x ^ 0x7f4a7c15, 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}
