import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { traceFromKeys, type Trace } from "../../src/paging/core/trace.ts";
import { nextAccessVtimes, readTrace, TraceFormatError } from "../../src/traces/index.ts";
import { tempDir } from "../helpers/temp.ts";
import { parseInChunks } from "./chunking.ts";

// The oracleGeneral reader carries ids forward along the next_access_vtime links, so most
// requests skip the id table. These tests hold it to the literal definitions: the ids are those
// of the keys whatever the links say, and with the check on, a file is accepted exactly when
// its links are the true next-access numbers, else the first bad record is reported as a
// record-by-record check reports it.

const SEED = 20_261_129;
const tmp = tempDir("paging-lab-og-links-");
const NEVER = -1n;

/** oracleGeneral bytes for `keys` with the given next_access_vtime column (time = t + 1, size 1). */
function encode(keys: readonly bigint[], next: readonly bigint[]): Uint8Array {
  const bytes = Buffer.alloc(24 * keys.length);
  keys.forEach((key, t) => {
    bytes.writeUInt32LE(t + 1, 24 * t);
    bytes.writeBigUInt64LE(key, 24 * t + 4);
    bytes.writeUInt32LE(1, 24 * t + 12);
    bytes.writeBigUInt64LE(BigInt.asUintN(64, next[t]), 24 * t + 16);
  });
  return bytes;
}

/** The true next_access_vtime column of `keys`. */
function trueNext(keys: readonly bigint[]): bigint[] {
  const trace = traceFromKeys(keys.map(Number));
  return Array.from(nextAccessVtimes(trace.requests, trace.distinct), (v) => BigInt(v));
}

/**
 * The check written record by record from its definition: the first failure's byte offset and
 * message, or null for a valid file. A repeated object must be at the number its last request
 * named (checked before the record's own link), a link must be −1 or a later number below
 * 2^32, and no
 * promise may be left open at the end (the first open one by dense id is reported).
 */
function literalCheck(keys: readonly bigint[], next: readonly bigint[]): { offset: number; message: RegExp } | null {
  const ids = traceFromKeys(keys.map(Number)).requests;
  const promised = new Map<number, bigint>();
  const lastBefore = (id: number, t: number): number => {
    let u = t - 1;
    while (u > 0 && ids[u] !== id) u--;
    return u;
  };
  for (let t = 0; t < keys.length; t++) {
    const id = ids[t];
    const vtime = BigInt(t + 1);
    const said = promised.get(id);
    if (said !== undefined && said !== vtime) {
      return {
        offset: lastBefore(id, t) * 24 + 16,
        message: new RegExp(`next_access_vtime is ${said}, but the object is requested again at vtime ${vtime}`),
      };
    }
    const link = next[t];
    // A link is a u64 whose high word must be 0 (the reader shows values as doubles).
    if (link !== NEVER && (link <= vtime || link >= 2n ** 32n)) {
      const shown = link < 0n ? "negative" : String(Number(link));
      return { offset: t * 24 + 16, message: new RegExp(`next_access_vtime ${shown} at vtime ${vtime}; expected -1 or a later`) };
    }
    promised.set(id, link);
  }
  const distinct = Math.max(-1, ...ids) + 1;
  for (let id = 0; id < distinct; id++) {
    const said = promised.get(id)!;
    if (said !== NEVER) {
      return { offset: lastBefore(id, keys.length) * 24 + 16, message: new RegExp(`next_access_vtime ${said} points past the last request`) };
    }
  }
  return null;
}

/** Read `bytes` as oracleGeneral into a request array of exactly `capacity`, pushed in `cuts`. */
function parse(bytes: Uint8Array, cuts: readonly number[], checkNextAccess: boolean, capacity: number): Trace {
  return parseInChunks("oracleGeneral", bytes, cuts, { checkNextAccess }, capacity);
}

function expectIdsOf(trace: Trace, keys: readonly bigint[]): void {
  const expected = traceFromKeys(keys.map(Number));
  expect(Array.from(trace.requests)).toEqual(Array.from(expected.requests));
  expect(trace.keys).toEqual(expected.keys);
}

/** A way to make a link lie: what record `t` of `n` says instead of the truth. */
const lieArb = fc.oneof(
  fc.record({ kind: fc.constant("other" as const), to: fc.nat() }), // some record's number, any direction
  fc.record({ kind: fc.constant("never" as const) }), // −1 where the object comes again
  fc.record({ kind: fc.constant("self" as const) }), // its own number
  fc.record({ kind: fc.constant("past" as const), by: fc.integer({ min: 1, max: 3 }) }), // past the end
  fc.record({ kind: fc.constant("huge" as const), value: fc.constantFrom(2n ** 32n, 2n ** 40n, -2n, 2n ** 63n - 1n) }),
  fc.record({ kind: fc.constant("copy" as const), from: fc.nat() }), // another record's link (two name one request)
);
type Lie = typeof lieArb extends fc.Arbitrary<infer T> ? T : never;

function applyLie(next: bigint[], t: number, lie: Lie): void {
  const n = next.length;
  switch (lie.kind) {
    case "other":
      next[t] = BigInt((lie.to % n) + 1);
      break;
    case "never":
      next[t] = NEVER;
      break;
    case "self":
      next[t] = BigInt(t + 1);
      break;
    case "past":
      next[t] = BigInt(n + lie.by);
      break;
    case "huge":
      next[t] = lie.value;
      break;
    case "copy":
      next[t] = next[lie.from % n];
      break;
  }
}

const keysArb = fc.array(fc.integer({ min: 0, max: 12 }).map((k) => BigInt(k * 1_000_003)), { minLength: 1, maxLength: 120 });
const liesArb = fc.array(fc.tuple(fc.nat(), lieArb), { minLength: 1, maxLength: 4 });
const cutsArb = fc.array(fc.nat({ max: 24 * 120 }), { maxLength: 4 }).map((c) => [...c].sort((a, b) => a - b));

describe(`oracleGeneral ids carried along next-access links (fast-check seed ${SEED})`, () => {
  it("true links: the ids of the keys, in any chunking and with a short or an exact request array", () => {
    console.log(`oracleGeneral true links: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(keysArb, cutsArb, fc.boolean(), fc.boolean(), (keys, cuts, check, exact) => {
        const bytes = encode(keys, trueNext(keys));
        expectIdsOf(parse(bytes, cuts, check, exact ? keys.length : 16), keys);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("lying links: unchecked, the ids are still those of the keys; checked, the first bad record is reported as the literal check does", () => {
    console.log(`oracleGeneral lying links: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(keysArb, liesArb, cutsArb, fc.boolean(), (keys, lies, cuts, exact) => {
        const next = trueNext(keys);
        for (const [at, lie] of lies) applyLie(next, at % keys.length, lie);
        const bytes = encode(keys, next);
        const capacity = exact ? keys.length : 16;
        expectIdsOf(parse(bytes, cuts, false, capacity), keys);
        const expected = literalCheck(keys, next);
        let error: unknown = null;
        let trace: Trace | null = null;
        try {
          trace = parse(bytes, cuts, true, capacity);
        } catch (err) {
          error = err;
        }
        if (expected === null) {
          expect(error).toBe(null);
          expectIdsOf(trace!, keys);
        } else {
          expect(error).toBeInstanceOf(TraceFormatError);
          expect((error as TraceFormatError).offset).toBe(expected.offset);
          expect((error as Error).message).toMatch(expected.message);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("a link to a later request of another key: unchecked ids exact, checked an error at the liar", async () => {
    const keys = [7n, 8n, 7n, 8n, 9n, 7n];
    const next = trueNext(keys); // [3, 4, 6, -1, -1, -1]
    next[0] = 4n; // record 1 (key 7) names record 4 (key 8)
    const path = tmp.file("liar.oracleGeneral.bin", encode(keys, next));
    expectIdsOf((await readTrace(path, { checkNextAccess: false })).trace, keys);
    const err = await readTrace(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).offset).toBe(16);
    expect((err as Error).message).toMatch(/next_access_vtime is 4, but the object is requested again at vtime 3/);
  });

  it("two records naming the same request, and a promise left open, are errors; unchecked the ids are exact", async () => {
    const keys = [1n, 2n, 1n, 3n];
    const next = [3n, 3n, NEVER, NEVER]; // key 2 also names request 3 (key 1) and never comes again
    const path = tmp.file("twice.oracleGeneral.bin", encode(keys, next));
    expectIdsOf((await readTrace(path, { checkNextAccess: false })).trace, keys);
    const err = await readTrace(path).catch((e: unknown) => e);
    expect((err as TraceFormatError).offset).toBe(24 + 16);
    expect((err as Error).message).toMatch(/next_access_vtime 3 points past the last request \(4\)/);
  });

  it("an id of 2^53 or more after linked records switches the keys to bigint with the same ids", async () => {
    const big = 2n ** 60n + 5n;
    const keys = [4n, 5n, 4n, big, 5n, big, 4n];
    const path = tmp.file("big-links.oracleGeneral.bin", encode(keys, [3n, 5n, 7n, 6n, NEVER, NEVER, NEVER]));
    const { trace } = await readTrace(path);
    expect(Array.from(trace.requests)).toEqual([0, 1, 0, 2, 1, 2, 0]);
    expect(trace.keys.kind === "bigint" && Array.from(trace.keys.values)).toEqual([4n, 5n, big]);
  });

  it("a gzip-compressed file reads to the same ids as the raw one; thousands of objects, a late lie found", async () => {
    // 2,903 objects: the per-object check state grows past its first 1,024 entries mid-batch.
    const keys = Array.from({ length: 12_000 }, (_, t) => BigInt((t * 7919) % 2903));
    const next = trueNext(keys);
    const bytes = encode(keys, next);
    const raw = await readTrace(tmp.file("k.oracleGeneral.bin", bytes));
    const gz = await readTrace(tmp.file("k.oracleGeneral.bin.gz", bytes, true));
    expect(Array.from(gz.trace.requests)).toEqual(Array.from(raw.trace.requests));
    expectIdsOf(raw.trace, keys);
    const lying = [...next];
    lying[9000] = next[9001]; // record 9001 names the number of another object's next request
    const path = tmp.file("late-lie.oracleGeneral.bin", encode(keys, lying));
    expectIdsOf((await readTrace(path, { checkNextAccess: false })).trace, keys);
    const expected = literalCheck(keys, lying)!;
    const err = await readTrace(path).catch((e: unknown) => e);
    expect((err as TraceFormatError).offset).toBe(expected.offset);
    expect((err as Error).message).toMatch(expected.message);
  });
});
