/**
 * The offline optimum's cost on the requests seen so far, maintained online: OPT(σ_1..σ_t) for
 * every t, in O(α) amortized per request (no look-ahead, so online algorithms may use it).
 *
 * It keeps the layer representation of the paging work function (Koutsoupias & Papadimitriou;
 * the one OnlineMin and Equitable use): the pages that can be in some minimum-cost cache, in
 * layers L_1..L_k, starting from k empty layers (the empty cache). A request to p ∈ L_i,
 * i ≥ 1, leaves the optimum unchanged and gives (…, L_{i−1} ∪ (L_i \ {p}), L_{i+1}, …, L_k, {p})
 * (for i = 1 the rest of L_1 leaves); a request to any other page raises it by one and gives
 * (…, L_{k−1} ∪ L_k, {p}). The tests check it against Belady's MIN on every prefix.
 *
 * Layers are nodes of a linked list; pages point to nodes through a union-find forest, so a
 * merge is one link and dropping L_1 flags one node. Node ids are recycled by an occasional
 * rebuild (amortized O(1)).
 */
export class OptTracker {
  /** OPT's cost on the requests seen so far. */
  cost = 0;
  private nodeOf: Int32Array;
  private parent: Int32Array;
  private dead: Uint8Array; // node fell to L_0
  private prev: Int32Array;
  private next: Int32Array;
  private map: Int32Array;
  private head = -1;
  private tail = -1;
  private nodes = 0;
  private capacity: number;
  // k ≥ universe: nothing is ever evicted, OPT pays each page's first request only.
  private readonly roomy: boolean;

  /**
   * @param k cache size
   * @param universe pages are dense ids in `[0, universe)`
   */
  constructor(
    readonly k: number,
    readonly universe: number,
  ) {
    this.roomy = k >= universe;
    this.capacity = this.roomy ? 0 : 2 * (k + universe) + 16;
    this.nodeOf = new Int32Array(universe).fill(-1);
    this.parent = new Int32Array(this.capacity);
    this.dead = new Uint8Array(this.capacity);
    this.prev = new Int32Array(this.capacity);
    this.next = new Int32Array(this.capacity);
    this.map = new Int32Array(this.capacity);
    // k empty layers: the empty cache.
    if (!this.roomy) for (let i = 0; i < k; i++) this.append();
  }

  /** Serve a request to page p; returns 1 if OPT's cost on the prefix grew. */
  request(p: number): number {
    if (this.roomy) {
      if (this.nodeOf[p] === 0) return 0;
      this.nodeOf[p] = 0;
      this.cost++;
      return 1;
    }
    const at = this.nodeOf[p];
    const node = at < 0 ? -1 : this.find(at);
    let grew = 0;
    if (node < 0 || this.dead[node] === 1) {
      grew = 1;
      this.cost++;
      // L_{k−1} ∪ L_k (with k = 1, L_1 falls to L_0).
      const top = this.tail;
      if (this.prev[top] < 0) this.drop(top);
      else this.merge(top);
    } else if (node === this.head) {
      this.drop(node);
    } else {
      this.merge(node);
    }
    if (this.nodes === this.capacity) this.rebuild();
    this.nodeOf[p] = this.append();
    return grew;
  }

  // The layer at `node` joins the one below it (its node becomes a child of that one's).
  private merge(node: number): void {
    const below = this.prev[node];
    this.unlink(node);
    this.parent[node] = below;
  }

  private drop(node: number): void {
    this.unlink(node);
    this.dead[node] = 1;
  }

  private unlink(node: number): void {
    const a = this.prev[node];
    const b = this.next[node];
    if (a >= 0) this.next[a] = b;
    else this.head = b;
    if (b >= 0) this.prev[b] = a;
    else this.tail = a;
  }

  private append(): number {
    const id = this.nodes++;
    this.parent[id] = id;
    this.dead[id] = 0;
    this.prev[id] = this.tail;
    this.next[id] = -1;
    if (this.tail >= 0) this.next[this.tail] = id;
    else this.head = id;
    this.tail = id;
    return id;
  }

  private find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[x] !== root) {
      const up = this.parent[x];
      this.parent[x] = root;
      x = up;
    }
    return root;
  }

  // Renumber: live layers first (in order), then every page points straight at its layer.
  private rebuild(): void {
    const map = this.map;
    let id = 0;
    for (let n = this.head; n >= 0; n = this.next[n]) map[n] = id++;
    const layers = id;
    const pages = this.nodeOf;
    for (let p = 0; p < pages.length; p++) {
      if (pages[p] < 0) continue;
      const root = this.find(pages[p]);
      pages[p] = this.dead[root] === 1 ? -1 : map[root];
    }
    for (let i = 0; i < layers; i++) {
      this.parent[i] = i;
      this.dead[i] = 0;
      this.prev[i] = i - 1;
      this.next[i] = i + 1 < layers ? i + 1 : -1;
    }
    this.head = layers > 0 ? 0 : -1;
    this.tail = layers - 1;
    this.nodes = layers;
  }
}
