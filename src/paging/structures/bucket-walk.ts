import { ChainedTable } from "./chained-table.ts";

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
 * Hyperbolic's `sampling=buckets`: the resident set in libCacheSim's chained table
 * ({@link ChainedTable}) drawn as libCacheSim draws it (`hashtable_rand_obj`, commit aa0fc40): a
 * *sample* is the head of a bucket drawn by the MMIX LCG's low p bits, redrawn while the bucket is
 * empty. So pages deeper in a chain are never sampled, and as the low p bits of that LCG run
 * through all 2^p buckets in one fixed cycle, successive draws — across evictions too — walk the
 * buckets in that cycle without repeats.
 *
 * Here the buckets are stored in cycle order (a bucket's slot is its rank in the cycle:
 * `heads[r]` is the head of the r-th bucket of the cycle), so a walk is a contiguous scan of
 * `heads` (empty buckets skipped through the `occupied` bitmap, {@link BucketWalk.nextOccupied}),
 * and `cursor` is the rank of the last bucket drawn. The LCG starts from a seeded state
 * (libCacheSim: `rand()` after `srand(time)`), so the walk's phase differs from a given
 * libCacheSim run, the rule does not. Memory O(universe + buckets).
 */
export class BucketWalk extends ChainedTable {
  /** Buckets holding at least one page. */
  nonEmpty = 0;
  /** Bit r of `occupied[r >>> 5]` set iff `heads[r]` ≠ −1: skips empty buckets 32 at a time. */
  occupied!: Int32Array;
  /** Rank (in cycle order) of the last bucket drawn. */
  cursor = 0;
  private rankOf!: Int32Array;
  /** LCG state (low 32 bits) at the last synchronisation, and draws made since (mod 2^32). */
  private state: number;
  private pending = 0;

  /**
   * @param universe pages are below this
   * @param power initial log₂ of the bucket count (libCacheSim's `cachesim` gives Hyperbolic 12)
   * @param state initial LCG state (low 32 bits)
   */
  constructor(universe: number, power: number, state: number) {
    super(universe, power);
    this.state = state >>> 0;
    this.layout(2 ** power);
    this.cursor = this.rankOf[this.state & (this.size - 1)];
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

  protected slotOf(bucket: number): number {
    return this.rankOf[bucket];
  }

  /** Cycle order for 2^power buckets: from bucket 0, each next bucket a·b + c mod 2^power. */
  protected layout(size: number): void {
    const mask = size - 1;
    this.size = size;
    this.heads = new Int32Array(size).fill(-1);
    this.occupied = new Int32Array(Math.max(1, size >>> 5));
    this.nonEmpty = 0;
    this.rankOf = new Int32Array(size);
    let b = 0;
    for (let r = 0; r < size; r++) {
      this.rankOf[b] = r;
      b = (Math.imul(LCG_A, b) + LCG_C) & mask;
    }
  }

  protected headPushed(r: number, below: number): void {
    if (below !== -1) return;
    this.nonEmpty++;
    this.occupied[r >>> 5] |= 1 << (r & 31);
  }

  protected headRemoved(r: number, _page: number, below: number): void {
    if (below !== -1) return;
    this.nonEmpty--;
    this.occupied[r >>> 5] &= ~(1 << (r & 31));
  }

  protected override grow(): void {
    this.state = lcgJump(this.state, this.pending);
    this.pending = 0;
    super.grow();
    this.cursor = this.rankOf[this.state & (this.size - 1)];
  }
}
