/**
 * libCacheSim's chained hash table as its samplers see it (`chainedHashTableV2.c`, commit
 * aa0fc40): 2^p buckets, a new page pushed at the head of its bucket's chain, the table doubled
 * when it would hold more pages than buckets, the chains then re-pushed bucket by bucket in
 * bucket order, each from its head (which reverses them). Pages are hashed by
 * {@link bucketHash} of their dense id (libCacheSim: XXH3 of its object id), so the chains
 * differ from a given libCacheSim run while the rule does not.
 *
 * A sampler that draws chain heads (libCacheSim's `hashtable_rand_obj`) subclasses it: it chooses
 * the *slot* where a bucket's head is kept ({@link ChainedTable.slotOf}), lays out the slots of a
 * table size ({@link ChainedTable.layout}) and hears of every change of a slot's head: a page
 * pushed on it ({@link ChainedTable.headPushed}) or the head removed
 * ({@link ChainedTable.headRemoved}). Memory O(universe + buckets); buckets ≤ max(2^p₀, 2·pages
 * held); add and delete O(1) plus the chain walked by a delete below the head (chains average
 * below 2 pages, as the table has at least as many buckets as pages but just after a doubling).
 */
export abstract class ChainedTable {
  /** Chain head of each slot; −1 = empty bucket. */
  heads!: Int32Array;
  /** Buckets, 2^power. */
  size = 0;
  /** log₂ of the bucket count. */
  protected power: number;
  /** The page below each page in its chain (−1 at the tail). */
  protected readonly next: Int32Array;
  /** The slot of each page held. */
  protected readonly home: Int32Array;
  private count = 0;

  /**
   * @param universe pages are below this
   * @param power initial log₂ of the bucket count (libCacheSim's `cachesim` gives Hyperbolic 12);
   *   the subclass's constructor lays out the 2^power slots
   */
  constructor(universe: number, power: number) {
    this.power = power;
    this.next = new Int32Array(universe);
    this.home = new Int32Array(universe);
  }

  /** Pages held. */
  get length(): number {
    return this.count;
  }

  /** Add page (not held): libCacheSim doubles the table first if it holds more pages than buckets. */
  add(page: number): void {
    if (this.count > this.size) this.grow();
    this.push(page, this.slotOf(bucketHash(page) & (this.size - 1)));
    this.count++;
  }

  /** Remove page (held). */
  delete(page: number): void {
    const s = this.home[page];
    const heads = this.heads;
    const next = this.next;
    if (heads[s] === page) {
      const below = next[page];
      heads[s] = below;
      this.headRemoved(s, page, below);
    } else {
      let p = heads[s];
      while (next[p] !== page) p = next[p];
      next[p] = next[page];
    }
    this.count--;
  }

  /** The slot of bucket b (of the current size). */
  protected abstract slotOf(bucket: number): number;

  /** Make `heads` (all −1) and the subclass's own state for a table of `size` buckets. */
  protected abstract layout(size: number): void;

  /** `page` was pushed on slot s, above `below` (−1: the bucket was empty), which stays held. */
  protected abstract headPushed(s: number, below: number, page: number): void;

  /** The head `page` of slot s left the table; `below` (−1: none) is the head now. */
  protected abstract headRemoved(s: number, page: number, below: number): void;

  /** Double the table, re-pushing the chains as libCacheSim does. */
  protected grow(): void {
    const heads = this.heads;
    const next = this.next;
    const order = new Int32Array(this.count);
    let n = 0;
    for (let b = 0; b < this.size; b++) {
      for (let p = heads[this.slotOf(b)]; p !== -1; p = next[p]) order[n++] = p;
    }
    this.power++;
    this.layout(2 ** this.power);
    const mask = this.size - 1;
    for (let i = 0; i < n; i++) this.push(order[i], this.slotOf(bucketHash(order[i]) & mask));
  }

  private push(page: number, s: number): void {
    const head = this.heads[s];
    this.next[page] = head;
    this.heads[s] = page;
    this.home[page] = s;
    this.headPushed(s, head, page);
  }
}

/** The bucket hash of a page: murmur3's fmix32 of its id (the table uses its low bits). */
export function bucketHash(x: number): number {
  let h = Math.imul(x ^ 0x2545f491, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
