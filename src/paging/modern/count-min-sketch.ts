import { xxh64Low32 } from "./xxh64.ts";

/** libCacheSim's HASH_SEED0 and HASH_SEED1 (`hash.h`): the seeds of the filter's two hashes. */
const SEED_A = 0x12345678;
const SEED_B = 0x12344321;

/**
 * Both hashes of the dense ids 0 … n − 1, as (a, b) pairs at [2·id, 2·id + 1]; shared by every
 * sketch of the process and grown on demand, so runs after the first on a universe (a sweep
 * over k, a benchmark's repetitions) skip the 2·n XXH64 evaluations. Memory 8 bytes per id of
 * the largest universe asked for.
 */
let denseHashes = new Int32Array(0);

function denseIdHashes(n: number): Int32Array {
  const known = denseHashes.length >>> 1;
  if (n <= known) return denseHashes;
  const grown = new Int32Array(2 * n);
  grown.set(denseHashes);
  for (let id = known; id < n; id++) {
    grown[2 * id] = xxh64Low32(id, SEED_A);
    grown[2 * id + 1] = xxh64Low32(id, SEED_B);
  }
  denseHashes = grown;
  return grown;
}

/**
 * The frequency sketch of W-TinyLFU as libCacheSim builds it (`minimalIncrementCBF`, commit
 * aa0fc40): one array of counters and d hash positions per key (a counting Bloom filter, i.e. a
 * count-min sketch whose rows share one array), sized for `entries` keys at false-positive rate
 * `error`: b = −ln(error)/ln²2 counters per entry, d = ⌈ln2 · b⌉ positions, ⌈b · entries⌉
 * counters (2d if that is below d). An add increments all d counters (libCacheSim's "minimal
 * increment" guard only wraps a debug print, so every counter moves — plain count-min); the
 * estimate is their minimum; aging halves every counter.
 *
 * Hashing is libCacheSim's, bit for bit: a = XXH64(key, seed₀) and b = XXH64(key, seed₁)
 * truncated to 32 bits, position_i = (a + i·b mod 2^32) mod width, the key taken as the 8-byte
 * object id — so a sketch over dense ids counts exactly as libCacheSim's does over a trace
 * written with those ids (`writeOracleGeneral(…, { objectIds: "dense" })`). Callers that touch
 * a key often keep its positions ({@link CountMinSketch.place}) and use the `…At` forms. Kept
 * positions take {@link CountMinSketch.stride} int32s a key: two 16-bit positions to an int32
 * when the counters fit 16-bit indices and d is even (at error 0.001, M ≤ 4557 pages), which
 * halves the table a run touches; else one position each.
 *
 * Guarantees: an estimate never falls below the exact number of adds of the key since the
 * sketch was created (each of its counters received every one of them), and after agings it
 * never falls below that count aged the same way (⌊·/2⌋ per aging, applied to the exact count):
 * halving is monotone. Both are property-tested against exact counts.
 */
export class CountMinSketch {
  /** Number of counters. */
  readonly width: number;
  /** Counters a key touches (d). */
  readonly depth: number;
  /** Int32s of kept positions per key: d/2 when packed (two 16-bit positions each), else d. */
  readonly stride: number;
  private readonly packed: boolean;
  private readonly counters: Uint32Array;
  private readonly scratch: Int32Array;

  /**
   * @param entries expected keys (≥ 1)
   * @param error target false-positive rate, in (0, 1)
   */
  constructor(entries: number, error: number) {
    const perEntry = -Math.log(error) / 0.480453013918201;
    this.depth = Math.max(1, Math.ceil(0.693147180559945 * perEntry));
    const width = Math.min(2 ** 31 - 1, Math.ceil(perEntry * entries));
    this.width = width < this.depth ? 2 * this.depth : width;
    this.packed = this.width <= 65536 && this.depth % 2 === 0;
    this.stride = this.packed ? this.depth / 2 : this.depth;
    this.counters = new Uint32Array(this.width);
    this.scratch = new Int32Array(this.stride);
  }

  /** libCacheSim's first hash of key (a non-negative integer < 2^53): low 32 bits of XXH64 under seed₀. */
  static hashA(key: number): number {
    return xxh64Low32(key, SEED_A);
  }

  /** libCacheSim's second hash of key: low 32 bits of XXH64 under seed₁. */
  static hashB(key: number): number {
    return xxh64Low32(key, SEED_B);
  }

  /**
   * Write key's d counter positions at `positions[at … at + stride − 1]`: position i is
   * ((a + i·b) mod 2^32) mod width, a and b its two hashes (packed two to an int32, position
   * 2j in the low half of word j, when {@link CountMinSketch.stride} < d).
   * {@link CountMinSketch.addAt} and {@link CountMinSketch.estimateAt} then use them without
   * hashing or dividing again.
   */
  place(key: number, positions: Int32Array, at: number): void {
    this.placeHashed(CountMinSketch.hashA(key), CountMinSketch.hashB(key), positions, at);
  }

  /**
   * {@link CountMinSketch.place} of every key 0 … n − 1, key's positions at
   * `positions[stride·key]` (its hashes computed once per process for all sketches).
   */
  placeDense(n: number, positions: Int32Array): void {
    const hashes = denseIdHashes(n);
    for (let key = 0; key < n; key++) this.placeHashed(hashes[2 * key], hashes[2 * key + 1], positions, this.stride * key);
  }

  // a, b: the hashes as int32 or uint32 (only their value mod 2^32 counts).
  private placeHashed(a: number, b: number, positions: Int32Array, at: number): void {
    const width = this.width;
    const depth = this.depth;
    const packed = this.packed;
    for (let i = 0; i < depth; i++) {
      // x mod width by a floored quotient (x < 2^32, exact in doubles; `%` on doubles is a slow
      // fmod): the quotient can only round up to the next integer, and then r < 0.
      const x = (a + Math.imul(i, b)) >>> 0;
      let r = x - Math.floor(x / width) * width;
      if (r < 0) r += width;
      if (!packed) positions[at + i] = r;
      else if (i % 2 === 0) positions[at + i / 2] = r;
      else positions[at + (i - 1) / 2] |= r << 16;
    }
  }

  /** Count one occurrence of key (each of its d counters once per position drawn). */
  add(key: number): void {
    this.place(key, this.scratch, 0);
    this.addAt(this.scratch, 0);
  }

  /** Estimated occurrences of key: the minimum of its counters (never below the true count). */
  estimate(key: number): number {
    this.place(key, this.scratch, 0);
    return this.estimateAt(this.scratch, 0);
  }

  /** {@link CountMinSketch.add} of the key whose positions {@link CountMinSketch.place} wrote at `positions[at]`. */
  addAt(positions: Int32Array, at: number): void {
    const counters = this.counters;
    if (this.packed) {
      for (let i = at + this.stride - 1; i >= at; i--) {
        const w = positions[i];
        counters[w & 0xffff]++;
        counters[w >>> 16]++;
      }
    } else {
      for (let i = at + this.stride - 1; i >= at; i--) counters[positions[i]]++;
    }
  }

  /** {@link CountMinSketch.estimate} of the key whose positions {@link CountMinSketch.place} wrote at `positions[at]`. */
  estimateAt(positions: Int32Array, at: number): number {
    const counters = this.counters;
    if (this.packed) {
      let min = counters[positions[at] & 0xffff];
      for (let i = at + this.stride - 1; i >= at; i--) {
        const w = positions[i];
        const c0 = counters[w & 0xffff];
        const c1 = counters[w >>> 16];
        if (c0 < min) min = c0;
        if (c1 < min) min = c1;
      }
      return min;
    }
    let min = counters[positions[at]];
    for (let i = at + this.stride - 1; i > at; i--) {
      const c = counters[positions[i]];
      if (c < min) min = c;
    }
    return min;
  }

  /**
   * Whether the estimate of the key placed at `positions[at]` exceeds `bound`, stopping at the
   * first counter ≤ bound (the duel of W-TinyLFU mostly ends there: window victims are rare pages).
   */
  exceedsAt(positions: Int32Array, at: number, bound: number): boolean {
    const counters = this.counters;
    if (this.packed) {
      for (let i = at + this.stride - 1; i >= at; i--) {
        const w = positions[i];
        if (counters[w & 0xffff] <= bound || counters[w >>> 16] <= bound) return false;
      }
    } else {
      for (let i = at + this.stride - 1; i >= at; i--) if (counters[positions[i]] <= bound) return false;
    }
    return true;
  }

  /** Aging: halve every counter (rounding down). */
  halve(): void {
    const counters = this.counters;
    for (let i = 0; i < counters.length; i++) counters[i] >>>= 1;
  }
}
