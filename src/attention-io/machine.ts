import { InputError } from "../errors.ts";

/**
 * How a {@link Scratchpad} runs a schedule.
 *
 * - `execute`: every loop iteration runs and every `compute` callback does its arithmetic on
 *   real Float64 data held in slow arrays and scratchpad tiles.
 * - `count`: no data and no arithmetic; tile loops are compressed (one representative iteration
 *   per cost class, weighted by its multiplicity — see {@link Scratchpad.tiles}), so a schedule
 *   over N = 10⁶ costs a handful of calls. Counts are exactly those of `execute`.
 * - `trace`: every iteration runs without arithmetic and the word addresses each `compute`
 *   reads from loaded tiles are recorded, for replay through a paging policy.
 */
export type MachineMode = "execute" | "count" | "trace";

/** Options of {@link Scratchpad}. */
export interface ScratchpadOptions {
  /** Fast-memory capacity in words (M ≥ 1). */
  readonly M: number;
  /** Block size in words for Aggarwal–Vitter block counts (default 1: blocks = words). */
  readonly B?: number;
  /** What runs: arithmetic, counting only, or counting plus the word trace. */
  readonly mode: MachineMode;
  /** `trace` mode: the exact number of word accesses the run will record (from a `count` run). */
  readonly traceLength?: number;
  /** `count` mode: the most representative transfers before giving up (default {@link COUNT_TRANSFER_BUDGET}). */
  readonly transferBudget?: number;
}

/**
 * Exceeding the scratchpad is a user-visible error (block sizes too large for M), never a spill.
 * The message names the allocation, its size, the footprint it would reach and the live tiles.
 */
export class CapacityError extends InputError {
  override name = "CapacityError";
}

/**
 * A matrix in slow memory, row-major, at word addresses `base … base + rows·cols − 1`. Vectors
 * are 1×n rows, so a run of entries is one contiguous segment. `base` is a multiple of the
 * machine's block size B, so block counts follow Aggarwal–Vitter's aligned blocks.
 */
export class SlowArray {
  constructor(
    /** Name used in error messages and chunk labels. */
    readonly name: string,
    /** Row count. */
    readonly rows: number,
    /** Column count (row length). */
    readonly cols: number,
    /** Word address of entry (0, 0). */
    readonly base: number,
    private readonly values: Float64Array | null,
  ) {}

  /** Number of words. */
  get words(): number {
    return this.rows * this.cols;
  }

  /** The values (execute mode only; other modes hold no data). */
  get data(): Float64Array {
    if (this.values === null) throw new Error(`slow array ${this.name} holds no data outside execute mode`);
    return this.values;
  }
}

/**
 * A region of the scratchpad. After a `load` it is bound to the slow-memory rectangle it holds,
 * which is what `compute` records as accessed in trace mode; tiles filled by arithmetic alone
 * are on-chip temporaries and are never traced.
 */
export class Tile {
  /** The array the last load came from (null for an on-chip temporary). */
  boundTo: SlowArray | null = null;
  /** First row of the bound rectangle. */
  r0 = 0;
  /** Rows of the bound rectangle. */
  nr = 0;
  /** First column of the bound rectangle. */
  c0 = 0;
  /** Columns of the bound rectangle. */
  nc = 0;
  /** False once freed; using a freed tile is an error. */
  live = true;

  constructor(
    /** Name used in capacity errors. */
    readonly label: string,
    /** Size in words (counts against M while live). */
    readonly words: number,
    private readonly values: Float64Array | null,
  ) {}

  /** The tile's words (execute mode only). */
  get data(): Float64Array {
    if (this.values === null) throw new Error(`tile ${this.label} holds no data outside execute mode`);
    return this.values;
  }
}

/** Transfer and footprint totals of one run. */
export interface MachineCounts {
  /** Words moved slow → fast. */
  readonly reads: number;
  /** Words moved fast → slow. */
  readonly writes: number;
  /** B-word blocks read (distinct aligned blocks holding each transfer's words; = reads when B = 1). */
  readonly readBlocks: number;
  /** B-word blocks written. */
  readonly writeBlocks: number;
  /** Peak scratchpad occupancy in words (≤ M). */
  readonly footprint: number;
  /** Word accesses `compute` made to loaded tiles (the length of the trace-mode trace). */
  readonly uses: number;
}

/** Copy n words; short runs by hand, since a subarray view per run costs more than the copy. */
function copy(from: Float64Array, i: number, to: Float64Array, j: number, n: number): void {
  if (n < 32) {
    for (let k = 0; k < n; k++) to[j + k] = from[i + k];
  } else {
    to.set(from.subarray(i, i + n), j);
  }
}

/**
 * Representative transfers a count-mode run may make. With B = 1 a schedule makes a few dozen;
 * block counting with a B coprime to the tile sizes multiplies that by up to B per loop level.
 */
export const COUNT_TRANSFER_BUDGET = 20_000_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * A two-level machine in the red-blue pebble / FlashAttention model: unbounded slow memory and
 * an explicitly managed scratchpad of M words. Arithmetic reads and writes only scratchpad
 * tiles; `load` and `store` move rectangles between the levels and are the only counted
 * operations (one word = one unit, as in Hong–Kung 1981, Saha–Ye 2024, Dao et al. 2022).
 *
 * Guarantees:
 * - the live tiles never exceed M words: `alloc` beyond M throws {@link CapacityError};
 * - tiles are freed in LIFO order (a stack discipline, so the scratchpad has no fragmentation);
 * - counts are exact integers; {@link counts} throws if one passes 2^53 (where doubles stop being
 *   exact — every partial sum is below the final total, so checking it at the end suffices);
 * - the three modes give identical counts for the same schedule (tested).
 *
 * Arithmetic may keep O(1) scalar registers outside the M words (a running dot product, a row
 * maximum), as the I/O model's processor does; every array, however small, is a tile.
 *
 * Block accounting (optional, B > 1): arrays start at multiples of B in a row-major address
 * space and a transfer costs the number of distinct aligned B-word blocks holding its words —
 * Aggarwal & Vitter (CACM 1988) with the row-major layout made explicit. Block size does not change the footprint, which stays in words.
 */
export class Scratchpad {
  /** Capacity in words. */
  readonly M: number;
  /** Block size of the block counts (1: blocks are words). */
  readonly B: number;
  /** See {@link MachineMode}. */
  readonly mode: MachineMode;
  private used = 0;
  private peak = 0;
  private readonly stack: Tile[] = [];
  private nextAddress = 0;
  private weight = 1;
  private nReads = 0;
  private nWrites = 0;
  private nReadBlocks = 0;
  private nWriteBlocks = 0;
  private nUses = 0;
  private readonly traceBuffer: Int32Array | null;
  private traceLength = 0;
  private transfers = 0;
  private readonly transferBudget: number;

  constructor(options: ScratchpadOptions) {
    const { M, mode } = options;
    const B = options.B ?? 1;
    if (!Number.isSafeInteger(M) || M < 1) throw new InputError(`M must be a positive integer number of words, got ${M}`);
    if (!Number.isSafeInteger(B) || B < 1) throw new InputError(`block size B must be a positive integer, got ${B}`);
    this.M = M;
    this.B = B;
    this.mode = mode;
    this.transferBudget = options.transferBudget ?? COUNT_TRANSFER_BUDGET;
    if (mode === "trace") {
      const n = options.traceLength;
      if (n === undefined) throw new Error("trace mode needs traceLength (run the schedule in count mode first)");
      this.traceBuffer = new Int32Array(n);
    } else {
      this.traceBuffer = null;
    }
  }

  /** True when `compute` callbacks run (execute mode). */
  get hasData(): boolean {
    return this.mode === "execute";
  }

  /** Size of the slow-memory address space used so far (trace universe). */
  get addressSpace(): number {
    return this.nextAddress;
  }

  /**
   * Declare a rows×cols matrix in slow memory. In execute mode it holds `init` (copied by
   * reference, so results written to it are visible to the caller) or zeros.
   */
  slow(name: string, rows: number, cols: number, init?: Float64Array): SlowArray {
    const words = rows * cols;
    if (init !== undefined && init.length !== words) {
      throw new Error(`slow array ${name}: init has ${init.length} words, expected ${rows}×${cols}`);
    }
    const base = Math.ceil(this.nextAddress / this.B) * this.B;
    this.nextAddress = base + words;
    const data = this.mode === "execute" ? (init ?? new Float64Array(words)) : null;
    return new SlowArray(name, rows, cols, base, data);
  }

  /**
   * Allocate a tile of `words` words; throws {@link CapacityError} if the footprint would exceed M.
   * In execute mode the tile starts zero-filled, which accumulators (matmul output tiles, running
   * sums, FlashAttention's O_i) rely on instead of an explicit clear.
   */
  alloc(label: string, words: number): Tile {
    if (!Number.isSafeInteger(words) || words < 1) throw new Error(`alloc '${label}': bad size ${words}`);
    if (this.used + words > this.M) {
      const live = this.stack.map((t) => `${t.label} ${t.words}`).join(", ");
      throw new CapacityError(
        `scratchpad overflow: alloc '${label}' of ${words} words would bring the footprint to ` +
          `${this.used + words} words > M = ${this.M}` + (live ? ` (live: ${live})` : ""),
      );
    }
    this.used += words;
    if (this.used > this.peak) this.peak = this.used;
    const tile = new Tile(label, words, this.mode === "execute" ? new Float64Array(words) : null);
    this.stack.push(tile);
    return tile;
  }

  /** Free the most recently allocated live tile (stack order is enforced). */
  free(tile: Tile): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== tile) {
      throw new Error(`free '${tile.label}' out of stack order (top is '${top?.label ?? "nothing"}')`);
    }
    this.stack.pop();
    tile.live = false;
    tile.boundTo = null;
    this.used -= tile.words;
  }

  /** Free several tiles, last allocated first. */
  freeAll(...tiles: Tile[]): void {
    for (const t of tiles) this.free(t);
  }

  /**
   * Copy the rectangle rows [r0, r0+nr) × cols [c0, c0+nc) of `src` into `tile` (row-major,
   * nr·nc words) and bind the tile to it. Counts nr·nc words read.
   */
  load(tile: Tile, src: SlowArray, r0: number, nr: number, c0: number, nc: number): void {
    this.checkTransfer("load", tile, src, r0, nr, c0, nc);
    this.countTransfer();
    const w = this.weight;
    this.nReads += nr * nc * w;
    this.nReadBlocks += this.blocks(src, r0, nr, c0, nc) * w;
    tile.boundTo = src;
    tile.r0 = r0;
    tile.nr = nr;
    tile.c0 = c0;
    tile.nc = nc;
    if (this.mode === "execute") {
      const from = src.data;
      const to = tile.data;
      const cols = src.cols;
      for (let r = 0; r < nr; r++) copy(from, (r0 + r) * cols + c0, to, r * nc, nc);
    }
  }

  /** Copy the first nr·nc words of `tile` to the rectangle of `dst`. Counts nr·nc words written. */
  store(tile: Tile, dst: SlowArray, r0: number, nr: number, c0: number, nc: number): void {
    this.checkTransfer("store", tile, dst, r0, nr, c0, nc);
    this.countTransfer();
    const w = this.weight;
    this.nWrites += nr * nc * w;
    this.nWriteBlocks += this.blocks(dst, r0, nr, c0, nc) * w;
    if (this.mode === "execute") {
      const from = tile.data;
      const to = dst.data;
      const cols = dst.cols;
      for (let r = 0; r < nr; r++) copy(from, r * nc, to, (r0 + r) * cols + c0, nc);
    }
  }

  /**
   * Arithmetic on scratchpad tiles. `reads` lists the tiles whose loaded contents the
   * arithmetic uses: in trace mode their bound word addresses are appended to the trace, in
   * order; unbound tiles (on-chip temporaries) add nothing. `fn` runs in execute mode only.
   */
  compute(reads: readonly Tile[], fn: () => void): void {
    for (const t of reads) {
      if (!t.live) throw new Error(`compute reads freed tile '${t.label}'`);
      const src = t.boundTo;
      if (src === null) continue;
      this.nUses += t.nr * t.nc * this.weight;
      const trace = this.traceBuffer;
      if (trace !== null) {
        let at = this.traceLength;
        if (at + t.nr * t.nc > trace.length) throw new Error("trace longer than the count run predicted");
        for (let r = 0; r < t.nr; r++) {
          const a = src.base + (t.r0 + r) * src.cols + t.c0;
          for (let c = 0; c < t.nc; c++) trace[at++] = a + c;
        }
        this.traceLength = at;
      }
    }
    if (this.mode === "execute") fn();
  }

  /**
   * Run `body(start, size)` over the tiles [start, start+size) of [0, n) with tile size b (the
   * last tile may be shorter). Execute and trace modes run every tile. Count mode runs one
   * representative per cost class and weights its counts by the class size: a tile's cost
   * depends only on its size and, for block counts, on its start modulo B; starts t·b of full
   * tiles repeat modulo B with period B / gcd(b, B) in t. Schedules must therefore be
   * data-oblivious with costs determined by tile sizes and addresses — which tiled attention is.
   */
  tiles(n: number, b: number, body: (start: number, size: number) => void): void {
    if (!Number.isSafeInteger(b) || b < 1) throw new Error(`tile size must be a positive integer, got ${b}`);
    if (this.mode !== "count") {
      for (let s = 0; s < n; s += b) body(s, Math.min(b, n - s));
      return;
    }
    const full = Math.floor(n / b);
    const period = this.B / gcd(b, this.B);
    const classes = Math.min(full, period);
    for (let c = 0; c < classes; c++) {
      const multiplicity = Math.floor((full - 1 - c) / period) + 1;
      this.weighted(multiplicity, () => body(c * b, b));
    }
    const rest = n - full * b;
    if (rest > 0) body(full * b, rest);
  }

  /**
   * Run `body(i)` for i = 0 … count−1, where every iteration has the same cost (independent
   * heads whose arrays are block-aligned). Count mode runs it once with weight `count`.
   */
  repeat(count: number, body: (i: number) => void): void {
    if (this.mode === "count") {
      if (count > 0) this.weighted(count, () => body(0));
      return;
    }
    for (let i = 0; i < count; i++) body(i);
  }

  private weighted(multiplicity: number, fn: () => void): void {
    const saved = this.weight;
    this.weight = saved * multiplicity;
    try {
      fn();
    } finally {
      this.weight = saved;
    }
  }

  /** The totals so far; throws if a count is no longer an exact integer (≥ 2^53). */
  counts(): MachineCounts {
    const c = {
      reads: this.nReads,
      writes: this.nWrites,
      readBlocks: this.nReadBlocks,
      writeBlocks: this.nWriteBlocks,
      footprint: this.peak,
      uses: this.nUses,
    };
    for (const [k, v] of Object.entries(c)) {
      if (!Number.isSafeInteger(v)) {
        throw new InputError(`${k} count ${v} exceeds 2^53 words; exact counting needs smaller N, d or heads`);
      }
    }
    return c;
  }

  /** The recorded word-address trace (trace mode). */
  trace(): Int32Array {
    if (this.traceBuffer === null) throw new Error("no trace outside trace mode");
    return this.traceBuffer.subarray(0, this.traceLength);
  }

  /** Words currently allocated. */
  get footprintNow(): number {
    return this.used;
  }

  private checkTransfer(op: string, tile: Tile, a: SlowArray, r0: number, nr: number, c0: number, nc: number): void {
    if (!tile.live) throw new Error(`${op} with freed tile '${tile.label}'`);
    if (nr < 1 || nc < 1 || r0 < 0 || c0 < 0 || r0 + nr > a.rows || c0 + nc > a.cols) {
      throw new Error(`${op} ${a.name}[${r0}+${nr}, ${c0}+${nc}] outside ${a.rows}×${a.cols}`);
    }
    if (nr * nc > tile.words) throw new Error(`${op} of ${nr}×${nc} words into tile '${tile.label}' of ${tile.words}`);
  }

  /** Distinct aligned B-word blocks holding the rectangle's words. */
  private blocks(a: SlowArray, r0: number, nr: number, c0: number, nc: number): number {
    const B = this.B;
    if (B === 1) return nr * nc;
    const s0 = a.base + r0 * a.cols + c0;
    if (nc === a.cols) return Math.ceil((s0 + nr * nc) / B) - Math.floor(s0 / B);
    const cols = a.cols;
    // Blocks row r adds beyond row r−1's (segments increase, so only the previous one can share a
    // block). It depends on the segment start mod B, which repeats every B/gcd(cols, B) rows.
    const added = (r: number): number => {
      const start = s0 + r * cols;
      const last = Math.floor((start + nc - 1) / B);
      const first = Math.max(Math.floor(start / B), Math.floor((start - cols + nc - 1) / B) + 1);
      return last >= first ? last - first + 1 : 0;
    };
    let total = Math.floor((s0 + nc - 1) / B) - Math.floor(s0 / B) + 1;
    const period = B / gcd(cols % B, B);
    const rest = nr - 1;
    if (rest <= 2 * period) {
      for (let r = 1; r <= rest; r++) total += added(r);
      return total;
    }
    let perPeriod = 0;
    for (let r = 1; r <= period; r++) perPeriod += added(r);
    total += Math.floor(rest / period) * perPeriod;
    for (let r = 1; r <= rest % period; r++) total += added(r);
    return total;
  }

  private countTransfer(): void {
    if (this.mode === "count" && ++this.transfers > this.transferBudget) {
      throw new InputError(
        `count-only mode with block size B = ${this.B} needs over ${this.transferBudget} representative transfers ` +
          `(tile starts fall into up to B/gcd(tile, B) cost classes per loop); use a B that divides the block sizes, or a smaller B`,
      );
    }
  }
}
