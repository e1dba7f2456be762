import { ChainedTable } from "./chained-table.ts";
import type { Rng } from "../core/rng.ts";

/**
 * Hyperbolic's default sampler (`sampling=sweep`): the pages libCacheSim can sample — the chain
 * heads of its chained table ({@link ChainedTable}), the same set at every moment as
 * `BucketWalk`'s (bucket-walk.ts) — kept in a ring in a seeded random order and swept: each
 * eviction scans the next `samples` heads of the ring. A head that appears takes a uniformly
 * random position, the head there moving to the end; a head that leaves gives its position to
 * the one below it in the chain or, with none, to the last head. So, unlike libCacheSim's walk
 * (whose LCG cycle over the buckets never moves a head), a moved head can be scanned twice in
 * one pass of the ring or skipped until the next. libCacheSim starts its cycle from the clock
 * anyway, and what the two orders share — the sampled set, distinct samples within an eviction,
 * positions independent of a page's age — keeps the miss ratios together: on the 26 parity runs
 * (13 traces, two sizes, 3 seeds each) the sweep stays as close to libCacheSim as the exact walk
 * (largest gap +0.76 % against +0.69 %, test/paging/modern/libcachesim-parity*.test.ts).
 *
 * Each page carries two numbers (Hyperbolic's request count and entry time): a head's in `ring`
 * at its position (pair j at `ring[2j]`, `ring[2j + 1]`), so a sweep reads them contiguously,
 * any other page's in a page-indexed array, moved when the page becomes or stops being a head.
 * Memory O(universe + buckets + capacity); add, delete and {@link HeadSweep.increment} O(1) plus
 * the chain walk of {@link ChainedTable}, a doubling O(pages held).
 */
export class HeadSweep extends ChainedTable {
  /** Pairs of the heads by ring position; the caller provides it (e.g. in WebAssembly memory). */
  readonly ring: Float64Array;
  /** Page at each ring position (the first {@link HeadSweep.headCount} of them). */
  readonly ringPages: Int32Array;
  /** Heads in the ring (non-empty buckets). */
  headCount = 0;
  /** Ring position where the next sweep starts. */
  cursor = 0;
  /** Ring position of each page that is a head, −1 for any other page. */
  private readonly position: Int32Array;
  /** Pairs of the pages that are not heads, by page. */
  private readonly rest: Float64Array;
  private readonly rng: Rng;
  /** The page {@link HeadSweep.addWith} is adding (−1 otherwise), and its pair. */
  private incoming = -1;
  private first = 0;
  private second = 0;

  /**
   * @param universe pages are below this
   * @param power initial log₂ of the bucket count
   * @param capacity most pages held at once (the ring's length)
   * @param ring at least 2·capacity numbers for the heads' pairs
   * @param rng draws the ring positions of new heads
   */
  constructor(universe: number, power: number, capacity: number, ring: Float64Array, rng: Rng) {
    super(universe, power);
    if (ring.length < 2 * capacity) throw new RangeError(`HeadSweep: ring holds ${ring.length >>> 1} pairs, capacity is ${capacity}`);
    this.ring = ring;
    this.ringPages = new Int32Array(capacity);
    this.position = new Int32Array(universe).fill(-1);
    this.rest = new Float64Array(2 * universe);
    this.rng = rng;
    this.layout(2 ** power);
  }

  /** Add page (not held) with its pair. */
  addWith(page: number, first: number, second: number): void {
    // A new page always becomes its bucket's head: its pair goes straight to the ring.
    this.incoming = page;
    this.first = first;
    this.second = second;
    this.add(page);
    this.incoming = -1;
  }

  /** Add 1 to the first number of page's pair (page held). */
  increment(page: number): void {
    const j = this.position[page];
    if (j >= 0) this.ring[2 * j]++;
    else this.rest[2 * page]++;
  }

  /** Number `which` (0 or 1) of page's pair (page held). */
  pairOf(page: number, which: 0 | 1): number {
    const j = this.position[page];
    return j >= 0 ? this.ring[2 * j + which] : this.rest[2 * page + which];
  }

  protected slotOf(bucket: number): number {
    return bucket;
  }

  protected layout(size: number): void {
    // A doubling re-pushes every page: the heads' pairs go back by page, the ring starts empty.
    for (let j = 0; j < this.headCount; j++) this.leave(j);
    this.headCount = 0;
    this.cursor = 0;
    this.size = size;
    this.heads = new Int32Array(size).fill(-1);
  }

  protected headPushed(_s: number, below: number, page: number): void {
    let j: number;
    if (below === -1) {
      // A new non-empty bucket: its head takes a uniformly random position of n + 1.
      const n = this.headCount++;
      j = this.rng.int(n + 1);
      if (j !== n) this.move(j, n);
    } else {
      j = this.position[below];
      this.leave(j);
    }
    if (page === this.incoming) {
      this.ringPages[j] = page;
      this.position[page] = j;
      this.ring[2 * j] = this.first;
      this.ring[2 * j + 1] = this.second;
    } else this.enter(page, j);
  }

  protected headRemoved(_s: number, page: number, below: number): void {
    const j = this.position[page];
    this.position[page] = -1;
    if (below !== -1) {
      this.enter(below, j);
      return;
    }
    const last = --this.headCount;
    if (j !== last) this.move(last, j);
    if (this.cursor >= last) this.cursor = 0;
  }

  /** The page at position `from` moves to position `to` (its pair with it). */
  private move(from: number, to: number): void {
    const page = this.ringPages[from];
    this.ringPages[to] = page;
    this.position[page] = to;
    this.ring[2 * to] = this.ring[2 * from];
    this.ring[2 * to + 1] = this.ring[2 * from + 1];
  }

  private enter(page: number, j: number): void {
    this.ringPages[j] = page;
    this.position[page] = j;
    this.ring[2 * j] = this.rest[2 * page];
    this.ring[2 * j + 1] = this.rest[2 * page + 1];
  }

  private leave(j: number): void {
    const page = this.ringPages[j];
    this.position[page] = -1;
    this.rest[2 * page] = this.ring[2 * j];
    this.rest[2 * page + 1] = this.ring[2 * j + 1];
  }
}
