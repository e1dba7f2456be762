import type { ChunkParser, ParseContext, RecordColumns, TraceFormat } from "../format.ts";
import { allocate, TraceLimitError } from "../limits.ts";
import { RecordSplitter } from "../record-splitter.ts";
import { RecordWords } from "../record-words.ts";
import { isBinarySample } from "../sample-text.ts";

/** Bytes of one packed oracleGeneral record. */
export const ORACLE_GENERAL_RECORD_BYTES = 24;
/** `promised` of an object whose last request said −1 (a real promise is a vtime ≥ 2). */
const NEVER = 0;
/** 32-bit words in a record: time, id (2), size, next (2). */
const WORDS = ORACLE_GENERAL_RECORD_BYTES / 4;
/** Words from a record's id (word 1) to its next_access_vtime (word 4). */
const NEXT_FROM_ID = 3;

/**
 * libCacheSim's oracleGeneral exchange format: packed little-endian 24-byte records
 * `{u32 time; u64 obj_id; u32 obj_size; i64 next_access_vtime}`, where `next_access_vtime` is the
 * 1-based number of the next request to the same object, or −1 if there is none.
 *
 * The page id is `obj_id` (numbers up to 2^53 − 1; larger ids make the keys `bigint`). With
 * `checkNextAccess` (the default) every `next_access_vtime` is checked against the requests
 * actually read — it must be −1 exactly at an object's last request and the number of its next
 * request otherwise — which catches corruption and files that are not oracleGeneral at all.
 * With `keepColumns`, `time` and `obj_size` are kept so the trace can be written back unchanged.
 */
export const oracleGeneralFormat: TraceFormat = {
  name: "oracleGeneral",
  description: "libCacheSim binary, 24-byte LE records {u32 time, u64 id, u32 size, i64 next}",
  recordBytes: ORACLE_GENERAL_RECORD_BYTES,
  matchesName: (name) => name.includes(".oraclegeneral"),
  detect(sample) {
    if (!isBinarySample(sample)) return false;
    if (sample.contentBytes !== undefined && sample.contentBytes % ORACLE_GENERAL_RECORD_BYTES !== 0) return false;
    const bytes = sample.bytes;
    const records = Math.floor(bytes.length / ORACLE_GENERAL_RECORD_BYTES);
    if (records === 0) return false;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let r = 0; r < records; r++) {
      const at = r * ORACLE_GENERAL_RECORD_BYTES + 16;
      const lo = view.getUint32(at, true);
      const hi = view.getUint32(at + 4, true);
      const never = lo === 0xffffffff && hi === 0xffffffff;
      if (!never && (hi !== 0 || lo <= r + 1)) return false;
    }
    return "signature";
  },
  createParser: (ctx) => new OracleGeneralParser(ctx),
};

class OracleGeneralParser implements ChunkParser {
  private readonly records: RecordSplitter;
  private readonly builder: ParseContext["builder"];
  private time: Uint32Array | null = null;
  private size: Uint32Array | null = null;
  /**
   * Per object id: the vtime its last request announced as its next one ({@link NEVER}: −1).
   * Where that request was is found again only for an error message, from the ids read.
   */
  private promised = new Uint32Array(0);
  /** True while ids are carried along the next-access links (until the first failed check). */
  private linked = true;

  constructor(private readonly ctx: ParseContext) {
    this.builder = ctx.builder;
    if (ctx.settings.keepColumns) {
      const capacity = Math.max(16, Math.floor((ctx.contentBytes ?? 0) / ORACLE_GENERAL_RECORD_BYTES));
      this.time = allocate("the time column", () => new Uint32Array(capacity));
      this.size = allocate("the size column", () => new Uint32Array(capacity));
    }
    const words = new RecordWords();
    this.records = new RecordSplitter(
      ORACLE_GENERAL_RECORD_BYTES,
      (buf, start, count, index) => {
        const from = words.load(buf, start, count * ORACLE_GENERAL_RECORD_BYTES);
        const w = words.words;
        let done = 0;
        if (this.linked) {
          done = this.addLinked(w, from, count, index);
          // The first failed check, a huge id: the record-by-record path takes over from here,
          // with the same state (and reports the same error).
          if (done < count) this.linked = false;
        }
        if (done < count) this.addPlain(w, from + done * WORDS, count - done, index + done);
      },
      (offset, have) =>
        ctx.fail({ offset }, `truncated record: ${have} of ${ORACLE_GENERAL_RECORD_BYTES} bytes; expected a whole oracleGeneral record`),
    );
  }

  push(chunk: Uint8Array): void {
    this.records.push(chunk);
  }

  /**
   * Records along their next-access links ({@link TraceBuilder.addU64WordsLinked}), checked as
   * they are followed; returns how many were added before the first that fails a check.
   */
  private addLinked(w: Uint32Array, from: number, count: number, index: number): number {
    const builder = this.builder;
    const first = builder.length;
    const check = this.ctx.settings.checkNextAccess;
    let done = 0;
    try {
      for (;;) {
        if (check && builder.distinct >= this.promised.length) this.growPerObject(builder.distinct);
        done += builder.addU64WordsLinked(w, from + done * WORDS + 1, WORDS, NEXT_FROM_ID, count - done, check ? this.promised : null);
        // Stopped at a new object with no room in `promised`: grow it and go on.
        if (done === count || !check || builder.distinct < this.promised.length) break;
      }
    } catch (err) {
      // A cap: the records before it are checked already (a failed check stops first).
      if (this.time !== null) this.keepColumns(index, w, from, builder.length - first);
      throw err;
    }
    if (this.time !== null) this.keepColumns(index, w, from, done);
    return done;
  }

  private addPlain(w: Uint32Array, from: number, count: number, index: number): void {
    const builder = this.builder;
    const first = builder.length;
    const known = builder.distinct;
    let limit: unknown = null;
    try {
      builder.addU64Words(w, from + 1, WORDS, count);
    } catch (err) {
      // A cap hit at a later record: the records before it are still checked first, so an
      // earlier bad next_access_vtime is what gets reported, as record by record.
      if (!(err instanceof TraceLimitError)) throw err;
      limit = err;
    }
    const added = builder.length - first;
    if (this.time !== null) this.keepColumns(index, w, from, added);
    if (this.ctx.settings.checkNextAccess) this.checkNext(builder.ids, first, known, index, w, from, added);
    if (limit !== null) throw limit;
  }

  end(): void {
    this.records.end();
    if (!this.ctx.settings.checkNextAccess) return;
    const n = this.records.records;
    for (let id = 0; id < this.builder.distinct; id++) {
      if (this.promised[id] !== NEVER) {
        this.ctx.fail(
          { offset: this.lastRequest(id, n) * ORACLE_GENERAL_RECORD_BYTES + 16 },
          `next_access_vtime ${this.promised[id]} points past the last request (${n}); expected -1 ` +
            `(pass checkNextAccess: false to skip this check)`,
        );
      }
    }
  }

  position(): { offset: number } {
    return { offset: this.builder.length * ORACLE_GENERAL_RECORD_BYTES };
  }

  columns(): RecordColumns | undefined {
    if (this.time === null || this.size === null) return undefined;
    const n = this.records.records;
    return { time: this.time.slice(0, n), size: this.size.slice(0, n) };
  }

  private keepColumns(index: number, w: Uint32Array, from: number, count: number): void {
    if (index + count > this.time!.length) {
      const capacity = Math.max(index + count, this.time!.length * 2);
      const grownTime = allocate("the time column", () => new Uint32Array(capacity));
      const grownSize = allocate("the size column", () => new Uint32Array(capacity));
      grownTime.set(this.time!);
      grownSize.set(this.size!);
      this.time = grownTime;
      this.size = grownSize;
    }
    const time = this.time!;
    const size = this.size!;
    for (let r = 0; r < count; r++) {
      time[index + r] = w[from + r * WORDS];
      size[index + r] = w[from + r * WORDS + 3];
    }
  }

  // Request t (0-based) has vtime t+1; the previous request to the same object must have named
  // it. Ids are dense in order of first request, so a request is an object's first exactly when
  // its id is the next new one.
  private checkNext(ids: Int32Array, first: number, known: number, index: number, w: Uint32Array, from: number, count: number): void {
    let fresh = known;
    const top = known + count;
    if (top > this.promised.length) this.growPerObject(top - 1);
    const promised = this.promised;
    for (let r = 0; r < count; r++) {
      const id = ids[first + r];
      const t = index + r;
      const vtime = t + 1;
      if (id === fresh) fresh++;
      else if (promised[id] !== vtime) this.brokenPromise(id, t);
      const lo = w[from + r * WORDS + 4];
      const hi = w[from + r * WORDS + 5];
      if (lo === 0xffffffff && hi === 0xffffffff) promised[id] = NEVER;
      else if (hi !== 0 || lo <= vtime) this.badNext(t, lo, hi);
      else promised[id] = lo;
    }
  }

  // Request t repeats object id, whose previous request promised another vtime.
  private brokenPromise(id: number, t: number): never {
    const promised = this.promised[id];
    return this.ctx.fail(
      { offset: this.lastRequest(id, t) * ORACLE_GENERAL_RECORD_BYTES + 16 },
      `next_access_vtime is ${promised === NEVER ? -1 : promised}, but the object is requested again at vtime ${t + 1}; ` +
        `expected ${t + 1} (pass checkNextAccess: false to skip this check)`,
    );
  }

  // The last request to object `id` before request `before` (for messages only).
  private lastRequest(id: number, before: number): number {
    const ids = this.builder.ids;
    let t = before - 1;
    while (t > 0 && ids[t] !== id) t--;
    return t;
  }

  private badNext(t: number, lo: number, hi: number): never {
    const shown = hi >= 0x80000000 ? "negative" : String(hi * 4294967296 + lo);
    return this.ctx.fail(
      { offset: t * ORACLE_GENERAL_RECORD_BYTES + 16 },
      `next_access_vtime ${shown} at vtime ${t + 1}; expected -1 or a later request number`,
    );
  }

  private growPerObject(id: number): void {
    const capacity = Math.max(id + 1, this.promised.length * 2, 1024);
    const promised = allocate("the next-access check", () => new Uint32Array(capacity));
    promised.set(this.promised);
    this.promised = promised;
  }
}
