/**
 * A literal, slow re-implementation of OnlineMin's rule as described in
 * src/paging/combiners/online-min.ts (explicit layer arrays, sorting, linear scans) — the
 * reference the fast implementation is checked against. Priorities are kept as an order: the
 * support pages sorted by increasing priority. A page entering the support is inserted into
 * that order (after the pages leaving the support are removed from it) at a position chosen by
 * the caller, so the same model serves both a run with the implementation's random numbers and
 * an exact enumeration of all priority orders.
 */
export class OnlineMinReference {
  cache: number[] = [];
  /** layers[0] = L_1 … layers[k−1] = L_k (empty until the cache first fills). */
  layers: number[][] = [];
  /** Support pages by increasing priority. */
  order: number[] = [];
  private warmup: number[] = []; // least recently requested first
  private initialized = false;
  faults = 0;
  evictions: number[] = [];

  constructor(
    readonly k: number,
    readonly maxSupport: number,
  ) {}

  clone(): OnlineMinReference {
    const c = new OnlineMinReference(this.k, this.maxSupport);
    c.cache = [...this.cache];
    c.layers = this.layers.map((l) => [...l]);
    c.order = [...this.order];
    c.warmup = [...this.warmup];
    c.initialized = this.initialized;
    c.faults = this.faults;
    c.evictions = [...this.evictions];
    return c;
  }

  key(): string {
    return JSON.stringify([this.cache.toSorted((a, b) => a - b), this.layers.map((l) => l.toSorted((a, b) => a - b)), this.order, this.warmup]);
  }

  /** Whether serving p now would put a new page into the support (then `rank` is used). */
  entersSupport(p: number): boolean {
    if (!this.initialized) return !this.cache.includes(p);
    return this.layerOf(p) === 0;
  }


  layerOf(p: number): number {
    for (let i = 0; i < this.layers.length; i++) if (this.layers[i].includes(p)) return i + 1;
    return 0;
  }

  private rankOf(p: number): number {
    return this.order.indexOf(p);
  }

  /**
   * Serve p. If p enters the support, `rank(order)` gets the priority order of the pages staying
   * in the support and returns p's position in it (0 = lowest priority).
   */
  request(p: number, rank: (order: readonly number[]) => number): void {
    const k = this.k;
    if (!this.initialized) {
      this.warmup = this.warmup.filter((q) => q !== p);
      this.warmup.push(p);
      if (!this.cache.includes(p)) {
        this.faults++;
        this.cache.push(p);
        this.order.splice(rank(this.order), 0, p);
        if (this.cache.length === k) {
          this.initialized = true;
          this.layers = this.warmup.map((q) => [q]);
        }
      }
      return;
    }
    const i = this.layerOf(p);
    const support = this.layers.reduce((a, l) => a + l.length, 0);
    const forgiveness = i === 0 && support >= this.maxSupport;
    if (!this.cache.includes(p)) {
      this.faults++;
      let candidates: number[];
      if (i === 0 && !forgiveness) candidates = this.cache;
      else {
        const from = forgiveness ? 1 : i;
        let j = from;
        for (; j <= k; j++) {
          const within = this.cache.filter((q) => this.layerOf(q) <= j).length;
          if (within === j) break;
        }
        if (j > k) throw new Error("reference: no tight prefix");
        candidates = this.cache.filter((q) => this.layerOf(q) <= j);
      }
      const victim = candidates.reduce((a, b) => (this.rankOf(a) < this.rankOf(b) ? a : b));
      this.cache = this.cache.filter((q) => q !== victim);
      this.evictions.push(victim);
      this.cache.push(p);
    }
    const L = this.layers;
    let dropped: number[] = [];
    if (i === 0 && !forgiveness) {
      if (k >= 2) {
        L[k - 2] = [...L[k - 2], ...L[k - 1]];
      } else dropped = L[0];
      L[k - 1] = [p];
    } else if (i === 0) {
      dropped = L[0];
      for (let j = 0; j < k - 1; j++) L[j] = L[j + 1];
      L[k - 1] = [p];
    } else {
      const rest = L[i - 1].filter((q) => q !== p);
      if (i >= 2) L[i - 2] = [...L[i - 2], ...rest];
      else dropped = rest;
      for (let j = i - 1; j < k - 1; j++) L[j] = L[j + 1];
      L[k - 1] = [p];
    }
    this.order = this.order.filter((q) => !dropped.includes(q));
    if (i === 0) this.order.splice(rank(this.order), 0, p);
    for (const q of dropped) if (this.cache.includes(q)) throw new Error(`reference: cached page ${q} left the support`);
  }

  /**
   * The greedy highest-priority valid set: support pages by decreasing priority, each taken if
   * |C ∩ (L_1 ∪ … ∪ L_j)| ≤ j stays true for every j.
   */
  greedyBasis(): number[] {
    const chosen: number[] = [];
    const counts = new Array<number>(this.k + 1).fill(0); // counts[j] = chosen pages in layer j
    for (let r = this.order.length - 1; r >= 0 && chosen.length < this.k; r--) {
      const q = this.order[r];
      const layer = this.layerOf(q);
      let ok = true;
      let prefix = 0;
      for (let j = 1; j <= this.k && ok; j++) {
        prefix += counts[j] + (j === layer ? 1 : 0);
        if (prefix > j) ok = false;
      }
      if (ok) {
        chosen.push(q);
        counts[layer]++;
      }
    }
    return chosen;
  }
}
