import type { Trace, TraceKeys } from "../paging/core/trace.ts";
import { allocate, capName, DEFAULT_LIMITS, TraceLimitError } from "./limits.ts";
import { NumericIdMap } from "./numeric-id-map.ts";
import { AsciiKeyTable, decodeAsciiKeys, hashBytes, type AsciiKeyBytes } from "./ascii-key-table.ts";

/** Caps of a {@link TraceBuilder} besides the request count (defaults: `DEFAULT_LIMITS`). */
export interface TraceBuilderCaps {
  /** Most distinct keys. */
  readonly maxDistinct?: number;
  /** Most bytes of distinct string-key text (UTF-16 code units counted as bytes). */
  readonly maxKeyBytes?: number;
}
const TWO_POW_32 = 4294967296;
/** hi words below this keep `hi·2^32 + lo` under 2^53, so it is an exact double. */
const SAFE_HI = 2 ** 21;

/**
 * Accumulates a trace while a reader streams: the dense request array grows geometrically (or
 * is pre-sized from the file size) and the id map assigns ids in order of first request.
 *
 * Keys are exact: numbers while every key is an integer of magnitude ≤ 2^53 − 1; the first
 * unsigned 64-bit key above that (binary formats) switches the whole key set to `bigint`;
 * string keys (text tokens) live in their own mode. Memory: the request array (4 bytes a
 * request) plus the id map; while the array grows, the old one is held until it is copied.
 * Every cap (requests, distinct keys, string-key text) is checked before the memory for the
 * request or key beyond it is allocated, and throws {@link TraceLimitError}.
 */
export class TraceBuilder {
  private requests: Int32Array;
  /** True while {@link requests} is a caller's scratch array (see {@link borrow}). */
  private borrowed = false;
  private n = 0;
  private readonly maxRequests: number;
  private numbers: NumericIdMap | null = null;
  private bigints: Map<bigint, number> | null = null;
  private bigintKeys: bigint[] | null = null;
  /** String mode: ASCII keys (by their bytes) and the others, numbered together. */
  private asciiKeys: AsciiKeyTable | null = null;
  private otherStrings: Map<string, number> | null = null;
  /** Scratch for an ASCII string key's bytes (as long as the longest such key added). */
  private keyBytes = new Uint8Array(64);
  private otherKeys: Map<number, string> | null = null;
  private stringCount = 0;
  private stringKeyBytes = 0;
  private readonly maxDistinct: number;
  private readonly maxKeyBytes: number;

  /**
   * @param capacity initial request capacity (exact for uncompressed binary formats).
   * @param maxRequests requests beyond this throw {@link TraceLimitError}.
   * @param projectTotal optional estimate of the final request count given the count so far
   *   (a reader extrapolates from the share of its input consumed); when the array is full it
   *   grows to this estimate (+2%) instead of ×1.5, if that is at least 10% more.
   * @param caps distinct-key and key-text caps (defaults: `DEFAULT_LIMITS`).
   */
  constructor(
    capacity: number,
    maxRequests: number,
    private readonly projectTotal?: (requests: number) => number,
    caps: TraceBuilderCaps = {},
  ) {
    this.maxRequests = maxRequests;
    this.maxDistinct = caps.maxDistinct ?? DEFAULT_LIMITS.maxDistinct;
    this.maxKeyBytes = caps.maxKeyBytes ?? DEFAULT_LIMITS.maxKeyBytes;
    const size = Math.min(maxRequests, Math.max(16, capacity));
    this.requests = allocate(`memory for ${size} requests`, () => new Int32Array(size));
  }

  /** Requests added so far. */
  get length(): number {
    return this.n;
  }

  /** Distinct keys so far. */
  get distinct(): number {
    if (this.asciiKeys !== null) return this.stringCount;
    if (this.bigints !== null) return this.bigints.size;
    return this.numbers === null ? 0 : this.numbers.size;
  }

  /** Which key representation is in use (`number` before the first key). */
  get keyKind(): "number" | "bigint" | "string" {
    return this.asciiKeys !== null ? "string" : this.bigints !== null ? "bigint" : "number";
  }

  /** Append a request for integer key `key` (|key| ≤ 2^53 − 1; the caller checks); returns its id. */
  addNumber(key: number): number {
    if (this.n === this.requests.length) this.grow(1);
    if (this.numbers !== null) {
      const id = this.numbers.idOf(key);
      this.requests[this.n++] = id;
      return id;
    }
    return this.addSlow(key);
  }

  /**
   * Make room for `total` requests in all (at most `maxRequests`), for a reader that learns a
   * better estimate of the length after it began: a smaller array grows once to that size,
   * keeping what it holds; a larger one is left as it is.
   */
  reserve(total: number): void {
    if (this.borrowed) {
      // Out of the scratch array into one of the estimated size.
      const size = Math.min(this.maxRequests, Math.max(this.n, Math.ceil(total)));
      const next = allocate(`memory for ${size} requests`, () => new Int32Array(size));
      next.set(this.requests.subarray(0, this.n));
      this.requests = next;
      this.borrowed = false;
      return;
    }
    const size = Math.min(this.maxRequests, Math.ceil(total));
    if (!(size > this.requests.length)) return;
    const next = allocate(`memory for ${size} requests`, () => new Int32Array(size));
    next.set(this.requests);
    this.requests = next;
  }

  /**
   * Write the first requests into `scratch`, an array the caller reuses between builders (at
   * most `maxRequests` of it is used), until the builder grows, {@link reserve} sizes its own
   * array, or {@link finish} copies them out: a reader that learns the length only after its
   * first requests then allocates the request array once, at its estimate. Only on an empty
   * builder; the caller must not touch `scratch` until one of those happened.
   */
  borrow(scratch: Int32Array): void {
    if (this.n > 0) throw new Error("TraceBuilder.borrow: the builder holds requests");
    this.requests = scratch.length > this.maxRequests ? scratch.subarray(0, this.maxRequests) : scratch;
    this.borrowed = true;
  }

  /** Append a request for the unsigned 64-bit key `hi·2^32 + lo` (both u32 words); returns its id. */
  addU64(lo: number, hi: number): number {
    if (hi < SAFE_HI && this.bigints === null) return this.addNumber(hi * TWO_POW_32 + lo);
    return this.addBigint((BigInt(hi) << 32n) | BigInt(lo));
  }

  /**
   * The request array: the ids of the requests added so far are `ids[0 .. length)`. Valid until
   * the next add (the array may be replaced when it grows).
   */
  get ids(): Int32Array {
    return this.requests;
  }

  /**
   * Append `count` requests for unsigned 32-bit keys held as words: key i is
   * `words[from + i·stride]`, byte-swapped first when `swap` (big-endian data read through a
   * little-endian view). Equivalent to `count` calls of {@link addNumber}, including where a cap
   * stops it: the requests before the one over a cap are added, then {@link TraceLimitError}.
   */
  addU32Words(words: Uint32Array, from: number, stride: number, count: number, swap: boolean): void {
    if (count > this.maxRequests - this.n) {
      this.addU32Words(words, from, stride, this.maxRequests - this.n, swap);
      this.grow(1);
    }
    // Before the first key (which creates the map) and in bigint mode: one key at a time.
    while (count > 0 && (this.numbers === null || this.bigints !== null)) {
      let key = words[from];
      if (swap) key = ((key << 24) | ((key & 0xff00) << 8) | ((key >>> 8) & 0xff00) | (key >>> 24)) >>> 0;
      this.addNumber(key);
      from += stride;
      count--;
    }
    if (count === 0 || this.numbers === null) return;
    if (this.n + count > this.requests.length) this.grow(count);
    const start = this.n;
    try {
      this.numbers.mapU32(words, from, stride, count, swap, this.requests, start);
    } catch (err) {
      this.n = start + this.numbers.mapped;
      throw err;
    }
    this.n = start + count;
  }

  /**
   * Append `count` requests for unsigned 64-bit keys held as little-endian word pairs: key i is
   * `words[w] + 2^32 · words[w + 1]` with `w = from + i·stride`. Equivalent to `count` calls of
   * {@link addU64} (keys of 2^53 or more switch the key set to `bigint`), caps included.
   */
  addU64Words(words: Uint32Array, from: number, stride: number, count: number): void {
    if (count > this.maxRequests - this.n) {
      this.addU64Words(words, from, stride, this.maxRequests - this.n);
      this.grow(1);
    }
    let i = 0;
    while (i < count) {
      const w = from + i * stride;
      if (this.numbers === null || this.bigints !== null) {
        this.addU64(words[w], words[w + 1]);
        i++;
        continue;
      }
      if (this.n + (count - i) > this.requests.length) this.grow(count - i);
      const start = this.n;
      let done: number;
      try {
        done = this.numbers.mapU64(words, w, stride, count - i, this.requests, start);
      } catch (err) {
        this.n = start + this.numbers.mapped;
        throw err;
      }
      this.n = start + done;
      i += done;
      // A key of 2^53 or more stopped the batch: it switches the key set to bigint.
      if (i < count) {
        this.addU64(words[from + i * stride], words[from + i * stride + 1]);
        i++;
      }
    }
  }

  /**
   * Like {@link addU64Words} for records that also hold, at `words[w + nextOffset]`, the 1-based
   * number of the next request with the same key (oracleGeneral's `next_access_vtime`): ids are
   * carried forward along these links, and with `promised` the links are checked as they are
   * followed ({@link NumericIdMap.mapU64Linked}). A true link saves a table lookup, a false one
   * costs one; the ids are the same either way.
   *
   * Returns the requests added: `count`, or fewer when a check failed, at a key of 2^53 or more,
   * or when the keys are not numbers — the caller goes on with {@link addU64Words} from there.
   * Until {@link finish}, the array past {@link length} may hold ids carried ahead, as `id + 1`
   * at the request a link named ({@link ids} shows them; only its first {@link length} entries are
   * requests). A cap throws as in {@link addU64Words}.
   */
  addU64WordsLinked(
    words: Uint32Array,
    from: number,
    stride: number,
    nextOffset: number,
    count: number,
    promised: Uint32Array | null,
  ): number {
    if (this.n === 0 && this.numbers === null && this.bigints === null && this.asciiKeys === null) {
      this.numbers = new NumericIdMap(1024, this.maxDistinct);
    }
    if (this.numbers === null || this.bigints !== null) return 0;
    const todo = Math.min(count, this.maxRequests - this.n);
    if (this.n + todo > this.requests.length) this.grow(todo);
    const start = this.n;
    let done: number;
    try {
      done = this.numbers.mapU64Linked(words, from, stride, nextOffset, todo, promised, this.requests, start);
    } catch (err) {
      this.n = start + this.numbers.mapped;
      throw err;
    }
    this.n = start + done;
    if (done === todo && todo < count) this.grow(1); // the request over maxRequests: its error
    return done;
  }

  /** Append `count` requests for the consecutive integer keys `first, first+1, …`. */
  addRange(first: number, count: number): void {
    if (this.n + count > this.requests.length) this.grow(count);
    for (let i = 0; i < count; i++) this.addNumber(first + i);
  }

  /**
   * Append a request for the text key whose bytes `buf[start..end)` are all ASCII — the same as
   * `addString` of their string, but the key is found by its bytes and its string is built only
   * by {@link finish}.
   */
  addAsciiKey(buf: Uint8Array, start: number, end: number): void {
    this.addHashedAsciiKey(buf, start, end, hashBytes(buf, start, end));
  }

  /**
   * {@link addAsciiKey} for a reader that computed `h`, the 32-bit FNV-1a hash of the bytes
   * (`FNV_OFFSET`, then `h = Math.imul(h ^ byte, FNV_PRIME)` per byte), while scanning them.
   */
  addHashedAsciiKey(buf: Uint8Array, start: number, end: number, h: number): void {
    const table = this.asciiKeys;
    if (table !== null) {
      const id = table.find(buf, start, end, h);
      if (id >= 0) {
        if (this.n === this.requests.length) this.grow(1);
        this.requests[this.n++] = id;
        return;
      }
    }
    this.addNewAsciiKey(buf, start, end, h);
  }

  // A key not in the table (or the first string key): the checks of addString, in its order.
  private addNewAsciiKey(buf: Uint8Array, start: number, end: number, h: number): void {
    const table = this.stringMode();
    if (this.n === this.requests.length) this.grow(1);
    const id = this.admitString(end - start);
    table.add(buf, start, end, h, id, this.maxKeyBytes);
    this.requests[this.n++] = id;
  }

  /** Append a request for text key `key`. A trace holds either string or numeric keys. */
  addString(key: string): void {
    if (isAscii(key)) {
      // By its bytes, as the readers add ASCII keys: one table lookup for both.
      if (this.keyBytes.length < key.length) this.keyBytes = new Uint8Array(Math.max(key.length, 2 * this.keyBytes.length));
      const bytes = this.keyBytes;
      for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i);
      this.addAsciiKey(bytes, 0, key.length);
      return;
    }
    this.stringMode();
    if (this.n === this.requests.length) this.grow(1);
    let id: number;
    const others = (this.otherStrings ??= new Map());
    const found = others.get(key);
    if (found === undefined) {
      id = this.admitString(key.length);
      others.set(key, id);
      (this.otherKeys ??= new Map()).set(id, key);
    } else id = found;
    this.requests[this.n++] = id;
  }

  // The table of string keys; the first string key switches the (empty) builder to strings.
  private stringMode(): AsciiKeyTable {
    if (this.asciiKeys !== null) return this.asciiKeys;
    if (this.n > 0) throw new Error("TraceBuilder: string key after numeric keys");
    return (this.asciiKeys = new AsciiKeyTable());
  }

  // The id of a new string key of `length` UTF-16 units, once the distinct and text caps allow it.
  private admitString(length: number): number {
    const id = this.stringCount;
    if (id >= this.maxDistinct) this.tooManyDistinct();
    this.stringKeyBytes += length;
    if (this.stringKeyBytes > this.maxKeyBytes) {
      throw new TraceLimitError(`distinct string ids exceed ${this.maxKeyBytes} bytes of text (${capName("maxKeyBytes")})`);
    }
    this.stringCount = id + 1;
    return id;
  }

  /**
   * The finished trace. The request array is trimmed to its length: by a copy when more than
   * 1/16 of it is unused, else as a view (so a well-estimated array is never held twice). The
   * builder is spent: string keys' tables pass on to the next builder. String keys are decoded
   * on the first read of `keys.values` (a reader that keeps only the requests never builds them).
   */
  finish(): Trace {
    const slack = this.requests.length - this.n;
    const requests =
      this.borrowed ? this.requests.slice(0, this.n)
      : slack === 0 ? this.requests
      : slack * 16 <= this.n ? this.requests.subarray(0, this.n)
      : this.requests.slice(0, this.n);
    this.requests = new Int32Array(0);
    this.borrowed = false;
    let keys: TraceKeys;
    if (this.asciiKeys !== null) keys = this.stringKeys(this.asciiKeys);
    else if (this.bigintKeys !== null) keys = { kind: "bigint", values: BigUint64Array.from(this.bigintKeys) };
    else keys = { kind: "number", values: this.numbers === null ? new Float64Array(0) : this.numbers.keys() };
    return { requests, distinct: this.distinct, keys };
  }

  // String keys are decoded when first asked for: a reader that keeps only the requests (a
  // study over a dataset) never builds them. Until then they cost their bytes and 8 per key.
  private stringKeys(table: AsciiKeyTable): TraceKeys {
    const count = this.stringCount;
    const others = this.otherKeys;
    let ascii: AsciiKeyBytes | null = table.snapshot(count);
    table.release();
    let values: string[] | null = null;
    const decode = (): string[] => {
      const out = new Array<string>(count);
      if (others !== null) for (const [id, key] of others) out[id] = key;
      decodeAsciiKeys(ascii!, count, others === null ? () => false : (id) => others.has(id), out);
      ascii = null;
      return out;
    };
    return {
      kind: "string",
      get values(): readonly string[] {
        return (values ??= decode());
      },
    };
  }

  private addSlow(key: number): number {
    if (this.bigints !== null) return this.addBigint(BigInt(key));
    if (this.asciiKeys !== null) throw new Error("TraceBuilder: numeric key after string keys");
    this.numbers = new NumericIdMap(1024, this.maxDistinct);
    return this.addNumber(key);
  }

  private tooManyDistinct(): never {
    throw new TraceLimitError(`more than ${this.maxDistinct} distinct ids (${capName("maxDistinct")})`);
  }

  private addBigint(key: bigint): number {
    if (this.bigints === null) this.switchToBigint();
    if (this.n === this.requests.length) this.grow(1);
    const map = this.bigints!;
    let id = map.get(key);
    if (id === undefined) {
      id = map.size;
      if (id >= this.maxDistinct) this.tooManyDistinct();
      map.set(key, id);
      this.bigintKeys!.push(key);
    }
    this.requests[this.n++] = id;
    return id;
  }

  // Keys already seen keep their ids; only their representation changes.
  private switchToBigint(): void {
    if (this.asciiKeys !== null) throw new Error("TraceBuilder: bigint key after string keys");
    const map = new Map<bigint, number>();
    const list: bigint[] = [];
    if (this.numbers !== null) {
      const keys = this.numbers.keys();
      for (let id = 0; id < keys.length; id++) {
        const key = BigInt(keys[id]);
        map.set(key, id);
        list.push(key);
      }
    }
    this.numbers = null;
    this.bigints = map;
    this.bigintKeys = list;
  }

  private grow(extra: number): void {
    const needed = this.n + extra;
    if (needed > this.maxRequests) {
      throw new TraceLimitError(`more than ${this.maxRequests} requests (${capName("maxRequests")})`);
    }
    // Old and new arrays coexist during the copy, so aim at the final length in one step.
    const projected = this.projectTotal?.(this.n) ?? 0;
    const target = projected > this.requests.length * 1.1 ? projected * 1.02 + 16 : this.requests.length * 1.5;
    const size = Math.min(this.maxRequests, Math.max(needed, Math.ceil(target)));
    const next = allocate(`memory for ${size} requests`, () => new Int32Array(size));
    // The whole array: past `n` it may hold ids carried forward (addU64Words with links).
    next.set(this.borrowed ? this.requests.subarray(0, this.n) : this.requests);
    this.requests = next;
    this.borrowed = false;
  }
}

function isAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 127) return false;
  return true;
}
