/** Low 32 bits of the multiplier of Knuth's MMIX LCG, 6364136223846793005 (libCacheSim's `next_rand`). */
const LCG_A = 0x4c957f2d;
/** Low 32 bits of its increment, 1442695040888963407. */
const LCG_C = 0xf767814f | 0;

/**
 * `n` steps of the MMIX LCG's low 32 bits from `state` (n < 2^32): the low bits of a
 * power-of-two LCG evolve on their own, so this is the low word of libCacheSim's `next_rand`
 * stream, exactly.
 */
export function lcgJump(state: number, n: number): number {
  let mul = 1;
  let add = 0;
  let stepMul = LCG_A;
  let stepAdd = LCG_C;
  while (n > 0) {
    if (n % 2 === 1) {
      mul = Math.imul(mul, stepMul);
      add = (Math.imul(add, stepMul) + stepAdd) | 0;
    }
    stepAdd = Math.imul(stepMul + 1, stepAdd);
    stepMul = Math.imul(stepMul, stepMul);
    n = Math.floor(n / 2);
  }
  return (Math.imul(mul, state) + add) >>> 0;
}

/**
 * The resident set as libCacheSim samples it (`chainedHashTableV2.c`, commit aa0fc40): a chained
 * hash table of 2^p buckets, a new page pushed at the head of its bucket's chain, the table
 * doubled when it would hold more pages than buckets (chains re-pushed bucket by bucket, as
 * there); a *sample* is the head of a bucket drawn by the MMIX LCG's low p bits, redrawn while
 * the bucket is empty (`hashtable_rand_obj`). So pages deeper in a chain are never sampled, and
 * as the low p bits of that LCG run through all 2^p buckets in one fixed cycle, successive draws
 * — across evictions too — walk the buckets in that cycle without repeats.
 *
 * Here the buckets are stored in cycle order (`heads[r]` is the head of the r-th bucket of the
 * cycle), so a walk is a contiguous scan of `heads` (empty buckets skipped through the
 * `occupied` bitmap, {@link BucketWalk.nextOccupied}), and `cursor` is the rank of the last
 * bucket drawn. Pages are hashed by a 32-bit mixer of their dense id (libCacheSim: XXH3 of its
 * object id), and the LCG starts from a seeded state (libCacheSim: `rand()` after
 * `srand(time)`), so the chains and the walk's phase differ from a given libCacheSim run, the
 * rule does not. Memory O(universe + buckets); buckets ≤ max(2^p₀, 2·pages held).
 */
export class BucketWalk {
  /** Bucket heads in cycle order; −1 = empty bucket. */
  heads!: Int32Array;
  /** Buckets, 2^power. */
  size = 0;
  /** Buckets holding at least one page. */
  nonEmpty = 0;
  /** Bit r of `occupied[r >>> 5]` set iff `heads[r]` ≠ −1: skips empty buckets 32 at a time. */
  occupied!: Int32Array;
  /** Rank (in cycle order) of the last bucket drawn. */
  cursor = 0;
  private power: number;
  private rankOf!: Int32Array;
  private readonly next: Int32Array;
  private readonly home: Int32Array;
  private count = 0;
  /** LCG state (low 32 bits) at the last synchronisation, and draws made since (mod 2^32). */
  private state: number;
  private pending = 0;

  /**
   * @param universe pages are below this
   * @param power initial log₂ of the bucket count (libCacheSim's `cachesim` gives Hyperbolic 12)
   * @param state initial LCG state (low 32 bits)
   */
  constructor(universe: number, power: number, state: number) {
    this.power = power;
    this.next = new Int32Array(universe);
    this.home = new Int32Array(universe);
    this.state = state >>> 0;
    this.build();
    this.heads.fill(-1);
    this.cursor = this.rankOf[this.state & (this.size - 1)];
  }

  /** Pages held. */
  get length(): number {
    return this.count;
  }

  /**
   * Rank of the first non-empty bucket after rank r in cycle order (wrapping; r itself when it
   * is the only one). At least one bucket must be non-empty.
   */
  nextOccupied(r: number): number {
    const occupied = this.occupied;
    const last = occupied.length - 1;
    const i = (r + 1) & (this.size - 1);
    let word = i >>> 5;
    let w = occupied[word] & (-1 << (i & 31));
    while (w === 0) {
      word = word === last ? 0 : word + 1;
      w = occupied[word];
    }
    return (word << 5) | (31 - Math.clz32(w & -w));
  }

  /** Record `draws` more draws from the LCG (the caller moved `cursor` by as many ranks). */
  advance(draws: number): void {
    // `%` on doubles is a slow fmod: reduce by subtraction in the usual case (draws < 2^32).
    let pending = this.pending + draws;
    if (pending >= 4294967296) pending = pending - 4294967296 < 4294967296 ? pending - 4294967296 : pending % 4294967296;
    this.pending = pending;
  }

  /** Add page (not held): libCacheSim doubles the table first if it holds more pages than buckets. */
  add(page: number): void {
    if (this.count > this.size) this.grow();
    this.push(page, this.rankOf[bucketHash(page) & (this.size - 1)]);
    this.count++;
  }

  /** Remove page (held). */
  delete(page: number): void {
    const r = this.home[page];
    const heads = this.heads;
    const next = this.next;
    if (heads[r] === page) {
      heads[r] = next[page];
      if (heads[r] === -1) {
        this.nonEmpty--;
        this.occupied[r >>> 5] &= ~(1 << (r & 31));
      }
    } else {
      let p = heads[r];
      while (next[p] !== page) p = next[p];
      next[p] = next[page];
    }
    this.count--;
  }

  private push(page: number, r: number): void {
    const head = this.heads[r];
    if (head === -1) {
      this.nonEmpty++;
      this.occupied[r >>> 5] |= 1 << (r & 31);
    }
    this.next[page] = head;
    this.heads[r] = page;
    this.home[page] = r;
  }

  /** Cycle order for 2^power buckets: from bucket 0, each next bucket a·b + c mod 2^power. */
  private build(): void {
    const size = 2 ** this.power;
    const mask = size - 1;
    this.size = size;
    this.heads = new Int32Array(size);
    this.occupied = new Int32Array(Math.max(1, size >>> 5));
    this.rankOf = new Int32Array(size);
    let b = 0;
    for (let r = 0; r < size; r++) {
      this.rankOf[b] = r;
      b = (Math.imul(LCG_A, b) + LCG_C) & mask;
    }
  }

  private grow(): void {
    const oldHeads = this.heads;
    const oldRankOf = this.rankOf;
    const oldSize = this.size;
    this.state = lcgJump(this.state, this.pending);
    this.pending = 0;
    this.power++;
    this.build();
    this.heads.fill(-1);
    this.nonEmpty = 0;
    const mask = this.size - 1;
    const next = this.next;
    // libCacheSim re-pushes bucket by bucket in bucket (not cycle) order, each chain head first.
    for (let b = 0; b < oldSize; b++) {
      let p = oldHeads[oldRankOf[b]];
      while (p !== -1) {
        const after = next[p];
        this.push(p, this.rankOf[bucketHash(p) & mask]);
        p = after;
      }
    }
    this.cursor = this.rankOf[this.state & mask];
  }
}

/** The bucket hash of a page: murmur3's fmix32 of its id (the table uses its low bits). */
export function bucketHash(x: number): number {
  let h = Math.imul(x ^ 0x2545f491, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
