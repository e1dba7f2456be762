import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { traceFromKeys, type Trace } from "../../src/paging/core/trace.ts";
import { nextAccessVtimes, readTrace, TraceFormatError, writeOracleGeneral } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";
import { sameArray } from "./arrays.ts";
import { tempDir } from "../helpers/temp.ts";

const SEED = 20_240_611;
const tmp = tempDir("paging-lab-traces-");

const shared = tracePath("libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin");

/** The raw next_access_vtime column of an oracleGeneral file. */
function nextColumn(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float64Array(bytes.length / 24);
  for (let r = 0; r < out.length; r++) out[r] = Number(view.getBigInt64(r * 24 + 16, true));
  return out;
}

/** Literal definition: 1-based index of the next request to the same page, else -1. */
function nextByDefinition(requests: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let t = 0; t < requests.length; t++) {
    let next = -1;
    for (let u = t + 1; u < requests.length; u++) {
      if (requests[u] === requests[t]) {
        next = u + 1;
        break;
      }
    }
    out.push(next);
  }
  return out;
}

describe("oracleGeneral against libCacheSim's own file", () => {
  it("read with its columns and written back, the shared file is reproduced byte for byte", async () => {
    const original = readFileSync(shared);
    const { trace, columns } = await readTrace(shared, { keepColumns: true });
    expect(columns).toBeDefined();
    const out = tmp.path("roundtrip.oracleGeneral.bin");
    await writeOracleGeneral(out, trace, { time: columns!.time, size: columns!.size });
    const written = readFileSync(out);
    expect(written.length).toBe(original.length);
    expect(Buffer.compare(written, original)).toBe(0);
  });

  it("nextAccessVtimes equals the file's next_access_vtime column", async () => {
    const { trace } = await readTrace(shared);
    const ours = nextAccessVtimes(trace.requests, trace.distinct);
    const theirs = nextColumn(readFileSync(shared));
    expect(ours.length).toBe(theirs.length);
    let mismatch = -1;
    for (let t = 0; t < ours.length && mismatch < 0; t++) if (ours[t] !== theirs[t]) mismatch = t;
    expect(mismatch).toBe(-1);
  });

  it("written without columns: time = request number, size = 1, same ids and next column", async () => {
    const { trace } = await readTrace(shared);
    const out = tmp.path("plain.oracleGeneral");
    await writeOracleGeneral(out, trace);
    const bytes = readFileSync(out);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    expect(view.getUint32(0, true)).toBe(1);
    expect(view.getUint32(24 * 9 + 12, true)).toBe(1);
    expect(view.getUint32(24 * 9, true)).toBe(10);
    expect(sameArray(nextColumn(bytes), nextColumn(readFileSync(shared)))).toBe(true);
    const back = await readTrace(out);
    expect(back.format).toBe("oracleGeneral");
    expect(sameArray(back.trace.requests, trace.requests)).toBe(true);
    expect(back.trace.keys.kind === "number" && trace.keys.kind === "number").toBe(true);
    if (back.trace.keys.kind === "number" && trace.keys.kind === "number") {
      expect(sameArray(back.trace.keys.values, trace.keys.values)).toBe(true);
    }
  });
});

describe(`oracleGeneral write → read round trip (fast-check seed ${SEED})`, () => {
  const keyArb = fc.oneof(
    fc.integer({ min: 0, max: 20 }),
    fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  );

  it("nextAccessVtimes follows the literal definition", () => {
    console.log(`nextAccessVtimes property: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60, size: "max" }), (raw) => {
        const requests = Int32Array.from(raw);
        const distinct = raw.length === 0 ? 0 : Math.max(...raw) + 1;
        expect(Array.from(nextAccessVtimes(requests, distinct))).toEqual(nextByDefinition(raw));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("numeric keys (up to 2^53 − 1) come back exactly, with the same dense ids", async () => {
    console.log(`oracleGeneral round trip: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(fc.array(keyArb, { minLength: 1, maxLength: 200, size: "max" }), async (keys) => {
        const trace = traceFromKeys(keys);
        const out = tmp.path("prop.oracleGeneral");
        await writeOracleGeneral(out, trace);
        const back = await readTrace(out);
        expect(back.trace.requests).toEqual(trace.requests);
        expect(back.trace.keys).toEqual(trace.keys);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("u64 ids above 2^53 switch the keys to bigint without losing precision", async () => {
    const big = (1n << 64n) - 1n;
    const bytes = Buffer.alloc(24 * 4);
    const ids = [5n, big, 5n, (1n << 53n) + 1n];
    const next = [3n, -1n, -1n, -1n];
    ids.forEach((id, r) => {
      bytes.writeBigUInt64LE(id, r * 24 + 4);
      bytes.writeBigInt64LE(next[r], r * 24 + 16);
    });
    const path = tmp.file("big.oracleGeneral.bin", bytes);
    const { trace } = await readTrace(path);
    expect(Array.from(trace.requests)).toEqual([0, 1, 0, 2]);
    expect(trace.keys.kind).toBe("bigint");
    expect(trace.keys.kind === "bigint" && Array.from(trace.keys.values)).toEqual([5n, big, (1n << 53n) + 1n]);
    const out = tmp.path("big-out.oracleGeneral.bin");
    await writeOracleGeneral(out, trace, { time: new Uint32Array(4), size: new Uint32Array(4) });
    expect(Buffer.compare(readFileSync(out), bytes)).toBe(0);
  });
});

describe("oracleGeneral writer refusals and reader checks", () => {
  const stringTrace: Trace = traceFromKeys(["a", "b", "a"]);

  it("string keys are refused unless dense ids are asked for", async () => {
    await expect(writeOracleGeneral(tmp.path("s.bin"), stringTrace)).rejects.toThrow(InputError);
    const out = tmp.path("s.oracleGeneral");
    await writeOracleGeneral(out, stringTrace, { objectIds: "dense" });
    const back = await readTrace(out);
    expect(Array.from(back.trace.requests)).toEqual([0, 1, 0]);
    expect(back.trace.keys).toEqual({ kind: "number", values: Float64Array.from([0, 1]) });
  });

  it("negative keys and columns of the wrong length or range are refused", async () => {
    await expect(writeOracleGeneral(tmp.path("n.bin"), traceFromKeys([-1, 2]))).rejects.toThrow(/not an unsigned integer/);
    await expect(writeOracleGeneral(tmp.path("n.bin"), traceFromKeys([1, 2]), { time: [1] })).rejects.toThrow(/time has 1 entries/);
    await expect(writeOracleGeneral(tmp.path("n.bin"), traceFromKeys([1, 2]), { size: [1, 2 ** 32] })).rejects.toThrow(/size\[1\]/);
  });

  it("a next_access_vtime that disagrees with the requests is an error at its record's offset", async () => {
    const out = tmp.path("bad-next.oracleGeneral");
    await writeOracleGeneral(out, traceFromKeys([7, 8, 7, 8]));
    const bytes = readFileSync(out);
    bytes.writeBigInt64LE(4n, 16); // request 1 (key 7) claims its next request is vtime 4; it is 3
    const path = tmp.file("bad-next.oracleGeneral", bytes);
    const err = await readTrace(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).offset).toBe(16);
    expect((err as Error).message).toMatch(/next_access_vtime is 4, but the object is requested again at vtime 3/);
    const unchecked = await readTrace(path, { checkNextAccess: false });
    expect(Array.from(unchecked.trace.requests)).toEqual([0, 1, 0, 1]);
  });

  it("a next_access_vtime past the end, or not after its own request, is an error", async () => {
    const out = tmp.path("past.oracleGeneral");
    await writeOracleGeneral(out, traceFromKeys([7, 8]));
    const bytes = readFileSync(out);
    bytes.writeBigInt64LE(9n, 24 + 16);
    const err = await readTrace(tmp.file("past.oracleGeneral", bytes)).catch((e: unknown) => e);
    expect((err as TraceFormatError).offset).toBe(24 + 16);
    expect((err as Error).message).toMatch(/points past the last request/);
    bytes.writeBigInt64LE(1n, 16);
    const err2 = await readTrace(tmp.file("early.oracleGeneral", bytes)).catch((e: unknown) => e);
    expect((err2 as TraceFormatError).offset).toBe(16);
    expect((err2 as Error).message).toMatch(/expected -1 or a later request number/);
  });
});
