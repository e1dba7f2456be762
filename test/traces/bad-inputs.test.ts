import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { traceFromKeys } from "../../src/paging/core/trace.ts";
import { readTrace, TRACE_FORMATS, TraceFormatError, writeOracleGeneral } from "../../src/traces/index.ts";
import { tempDir } from "../helpers/temp.ts";

// Hostile and broken inputs: each must end in the documented error — an InputError, a
// TraceFormatError with the file and a line or byte offset where one exists — and never in
// another exception type or a silently wrong count.
const SEED = 90_210;
const tmp = tempDir("paging-lab-traces-");

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (err: unknown) => err,
  );
}

const RECORD: Record<string, number> = { be32: 4, vscsi: 32, oracleGeneral: 24 };
const EXT: Record<string, string> = { be32: ".be32", vscsi: ".vscsi", oracleGeneral: ".oracleGeneral.bin" };

async function validBinary(format: string, ids: number[]): Promise<Buffer> {
  if (format === "be32") {
    const out = Buffer.alloc(ids.length * 4);
    ids.forEach((id, i) => out.writeUInt32BE(id, i * 4));
    return out;
  }
  if (format === "vscsi") {
    const out = Buffer.alloc(ids.length * 32);
    ids.forEach((id, r) => {
      out.writeUInt16LE(0x0100, r * 32 + 14);
      out.writeBigUInt64LE(BigInt(id), r * 32 + 16);
    });
    return out;
  }
  const path = tmp.path("valid.oracleGeneral");
  await writeOracleGeneral(path, traceFromKeys(ids));
  return readFileSync(path);
}

/** Requests an independent, literal reading of a txt file would find. */
function txtCount(bytes: Uint8Array): number {
  return Buffer.from(bytes)
    .toString("latin1")
    .split("\n")
    .map((line) => line.replace(/^[ \t\r]+|[ \t\r]+$/g, ""))
    .filter((id) => id !== "" && id !== "*").length;
}

describe(`truncated binary records (fast-check seed ${SEED})`, () => {
  it("a partial last record is an error at its byte offset, plain or gzipped — never dropped", async () => {
    console.log(`truncated binary records: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("be32", "vscsi", "oracleGeneral"),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20, size: "max" }),
        fc.integer({ min: 1, max: 31 }),
        fc.boolean(),
        async (format, ids, cutRaw, gzip) => {
          const size = RECORD[format];
          const extra = 1 + (cutRaw % (size - 1));
          const whole = await validBinary(format, ids);
          const bytes = Buffer.concat([whole, Buffer.alloc(extra, 7)]);
          const path = tmp.file(`t${EXT[format]}${gzip ? ".gz" : ""}`, bytes, gzip);
          const err = await outcome(readTrace(path, { format }));
          expect(err).toBeInstanceOf(TraceFormatError);
          const e = err as TraceFormatError;
          expect(e.path).toBe(path);
          expect(e.offset).toBe(ids.length * size);
          expect(e.message).toContain(`${path}: byte offset ${ids.length * size}${gzip ? " of the decompressed data" : ""}: truncated record: ${extra} of ${size} bytes`);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe(`garbage bytes (fast-check seed ${SEED})`, () => {
  it("every format either reads exactly what the bytes say or throws a located TraceFormatError", async () => {
    console.log(`garbage bytes: fast-check seed ${SEED}`);
    const formats = TRACE_FORMATS.map((f) => f.name);
    const byteArb = fc.oneof(
      fc.uint8Array({ maxLength: 200, size: "max" }),
      fc.array(fc.constantFrom(..."0123456789 \n\r*,\"-x\t".split("")), { maxLength: 120, size: "max" }).map((cs) => Buffer.from(cs.join(""))),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...formats), byteArb, async (format, bytes) => {
        const path = tmp.file("garbage", bytes);
        const result = await outcome(readTrace(path, { format }));
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(InputError);
          expect(result.message.startsWith(`${path}:`)).toBe(true);
          if (bytes.length > 0) {
            expect(result).toBeInstanceOf(TraceFormatError);
            const e = result as TraceFormatError;
            if (RECORD[format] !== undefined) expect(e.offset).toBeGreaterThanOrEqual(0);
            else if (!/no requests/.test(e.message)) expect(e.line).toBeGreaterThanOrEqual(1);
          }
          return;
        }
        const { trace } = result as Awaited<ReturnType<typeof readTrace>>;
        if (RECORD[format] !== undefined) expect(trace.requests.length).toBe(bytes.length / RECORD[format]);
        if (format === "txt") expect(trace.requests.length).toBe(txtCount(bytes));
        expect(trace.requests.length).toBeGreaterThan(0);
        for (const p of trace.requests) expect(p >= 0 && p < trace.distinct).toBe(true);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("empty input", () => {
  it("an empty file, an empty gzip, or content without requests is a clear error for every format", async () => {
    for (const format of TRACE_FORMATS.map((f) => f.name)) {
      const empty = tmp.file("empty", "");
      expect((await outcome(readTrace(empty, { format })) as Error).message).toBe(`${empty}: file is empty; expected requests`);
      const gz = tmp.file("empty.gz", "", true);
      expect((await outcome(readTrace(gz, { format })) as Error).message).toBe(`${gz}: gzip content is empty; expected requests`);
    }
    const stars = tmp.file("stars.txt", "*\n\n*\n");
    expect((await outcome(readTrace(stars)) as Error).message).toMatch(/no requests in 5 bytes of txt content/);
    const inferred = tmp.file("empty.trace", "");
    expect(await outcome(readTrace(inferred))).toBeInstanceOf(TraceFormatError);
  });
});

describe(`overlong lines (fast-check seed ${SEED})`, () => {
  it("a line over maxLineBytes is an error naming that line, in every text format", async () => {
    console.log(`overlong lines: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("txt", "arc", "csv"),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 200 }),
        async (format, before, over) => {
          const cap = 64;
          const good = format === "arc" ? "1 1 0 0" : "12";
          const head = format === "csv" ? ["id"] : [];
          const lines = [...head, ...Array<string>(before).fill(good), "7".repeat(cap + over), good];
          const path = tmp.file("long", lines.join("\n"));
          const err = await outcome(readTrace(path, { format, maxLineBytes: cap }));
          expect(err).toBeInstanceOf(TraceFormatError);
          expect((err as TraceFormatError).line).toBe(head.length + before + 1);
          expect((err as Error).message).toMatch(/longer than 64 bytes \(the maxLineBytes cap\)/);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("a 3 MiB line without a newline stops at the default 1 MiB cap", async () => {
    const path = tmp.file("huge.txt", "1\n" + "9".repeat(3 << 20));
    const err = await outcome(readTrace(path));
    expect((err as TraceFormatError).line).toBe(2);
  });
});

describe(`ids out of range for the format (fast-check seed ${SEED})`, () => {
  it("numeric txt/csv ids and ARC blocks beyond 2^53 − 1 are errors naming the line (a first such txt/csv id makes string keys)", async () => {
    console.log(`ids out of range: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("txt", "csv", "arc"),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20, size: "max" }),
        fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }),
        fc.nat(),
        async (format, ids, huge, where) => {
          const at = where % (ids.length + 1);
          const lines = ids.map((id) => (format === "arc" ? `${id} 1 0 0` : String(id)));
          lines.splice(at, 0, format === "arc" ? `${huge} 1 0 0` : String(huge));
          if (format === "csv") lines.unshift("id");
          const path = tmp.file(`range.${format === "arc" ? "lis" : format}`, lines.join("\n") + "\n");
          const result = await outcome(readTrace(path));
          if (at === 0 && format !== "arc") {
            // A first id that is no exact double makes the trace's ids strings, kept exactly.
            const { trace } = result as Awaited<ReturnType<typeof readTrace>>;
            expect(trace.keys.kind === "string" && trace.keys.values[0]).toBe(String(huge));
            return;
          }
          expect(result).toBeInstanceOf(TraceFormatError);
          expect((result as TraceFormatError).line).toBe(at + 1 + (format === "csv" ? 1 : 0));
          expect((result as Error).message).toMatch(/exceeds 2\^53/);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("maxRequests stops a trace at the request that crosses it, with its location", async () => {
    const txt = tmp.file("many.txt", "1\n2\n3\n4\n5\n");
    const err = await outcome(readTrace(txt, { maxRequests: 3 }));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message).toMatch(/line 4: more than 3 requests \(the maxRequests cap, --max-requests\)/);
    const lis = tmp.file("many.lis", "1 2 0 0\n10 5 0 1\n");
    expect((await outcome(readTrace(lis, { maxRequests: 4 })) as TraceFormatError).line).toBe(2);
    const bin = tmp.file("many.be32", Buffer.alloc(40));
    expect((await outcome(readTrace(bin, { maxRequests: 5 })) as TraceFormatError).offset).toBe(20);
  });
});

describe("gzip bombs and corrupt gzip", () => {
  it("a small gzip of many zero bytes is refused from its trailer, before inflating", async () => {
    const bomb = tmp.file("bomb.trace.gz", Buffer.alloc(16 << 20), true);
    expect(readFileSync(bomb).length).toBeLessThan(64 << 10);
    const err = await outcome(readTrace(bomb, { format: "be32", maxDecompressedBytes: 1 << 20 }));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message).toMatch(
      /the gzip trailer declares 16777216 decompressed bytes, more than the 1048576-byte cap \(maxDecompressedBytes, --max-decompressed\); refusing before inflating/,
    );
  });

  it("a bomb whose trailer lies stops at the decompressed-size cap as it inflates", async () => {
    const forged = gzipSync(Buffer.alloc(16 << 20));
    forged.writeUInt32LE(100, forged.length - 4);
    const bomb = tmp.file("forged.trace.gz", forged);
    const err = await outcome(readTrace(bomb, { format: "be32", maxDecompressedBytes: 1 << 20 }));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message).toMatch(/decompressed data exceeds 1048576 bytes \(the maxDecompressedBytes cap, --max-decompressed\)/);
  });

  it("binary records beyond maxRequests are refused from the size alone, plain or gzipped", async () => {
    const plain = tmp.file("big.be32", Buffer.alloc(4 * 1001));
    const e1 = await outcome(readTrace(plain, { maxRequests: 1000 }));
    expect((e1 as TraceFormatError).offset).toBe(4000);
    expect((e1 as Error).message).toMatch(/4004 bytes of be32 records hold more than 1000 requests \(the maxRequests cap, --max-requests\)/);
    const zipped = tmp.file("big.be32.gz", Buffer.alloc(4 * 1001), true);
    const e2 = await outcome(readTrace(zipped, { maxRequests: 1000 }));
    expect((e2 as Error).message).toMatch(/the gzip trailer declares 4004 decompressed bytes, more than the 4000 bytes of be32 records/);
  });

  it("with default caps, a gzip expanding ~1000× is refused by the ratio cap", async () => {
    const bomb = tmp.file("ratio.gz", gzipSync(Buffer.alloc(80 << 20), { level: 9 }));
    const err = await outcome(readTrace(bomb, { format: "be32" }));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message).toMatch(/gzip expands more than 250× .* refusing a likely gzip bomb/);
  });

  it(`truncated or bit-flipped gzip is a located error or, if the flip misses the data, the same trace (seed ${SEED})`, async () => {
    const content = Buffer.from(Array.from({ length: 3000 }, (_, i) => String((i * 7919) % 1009)).join("\n") + "\n");
    const reference = (await readTrace(tmp.file("ok.txt", content))).trace;
    const zipped = gzipSync(content);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: zipped.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (at, mask, truncate) => {
        const bytes = Buffer.from(zipped);
        const broken = truncate ? bytes.subarray(0, Math.max(3, at)) : (bytes[at] ^= mask, bytes);
        const path = tmp.file("broken.txt.gz", broken);
        const result = await outcome(readTrace(path));
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(InputError);
          expect(result.message.startsWith(`${path}`) || result.message.includes(path)).toBe(true);
        } else {
          expect((result as Awaited<ReturnType<typeof readTrace>>).trace).toEqual(reference);
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
  });
});

describe("files that cannot be read", () => {
  it("a missing file or a directory is an InputError naming it", async () => {
    const missing = tmp.path("missing.txt");
    await expect(readTrace(missing)).rejects.toThrow(new InputError(`cannot read trace ${missing}: no such file`));
    const dir = tmp.path("dir");
    mkdirSync(dir);
    await expect(readTrace(dir)).rejects.toThrow(InputError);
  });

  it("bad option values are InputErrors", async () => {
    const path = tmp.file("ok.txt", "1\n");
    await expect(readTrace(path, { maxRequests: 0 })).rejects.toThrow(/maxRequests must be a positive number/);
    await expect(readTrace(path, { format: "csv", delimiter: "::" })).rejects.toThrow(/delimiter must be one ASCII character/);
    // CSV-only options on another format are refused, not silently ignored.
    await expect(readTrace(path, { column: "id" })).rejects.toThrow(new InputError(`${path}: the column option applies to csv traces only; this one is read as txt`));
    await expect(readTrace(path, { format: "be32", delimiter: ";" })).rejects.toThrow(/the delimiter option applies to csv traces only/);
  });
});
