import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { Rng } from "../../src/paging/core/rng.ts";
import { traceFromKeys } from "../../src/paging/core/trace.ts";
import { nextAccessVtimes, readTrace, TRACE_FORMATS, TraceFormatError, traceFormat, writeOracleGeneral } from "../../src/traces/index.ts";
import { parseInChunks } from "./chunking.ts";
import { tempDir } from "../helpers/temp.ts";

const SEED = 7_350_113;
const tmp = tempDir("paging-lab-traces-");

async function read(name: string, content: string | Uint8Array, options: Parameters<typeof readTrace>[1] = {}) {
  return readTrace(tmp.file(name, content), options);
}

async function failure(promise: Promise<unknown>): Promise<TraceFormatError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TraceFormatError);
  return err as TraceFormatError;
}

function be32(ids: number[]): Uint8Array {
  const out = Buffer.alloc(ids.length * 4);
  ids.forEach((id, i) => out.writeUInt32BE(id, i * 4));
  return out;
}

function vscsi(lbns: bigint[], version = 0x0100): Uint8Array {
  const out = Buffer.alloc(lbns.length * 32);
  lbns.forEach((lbn, r) => {
    out.writeUInt32LE(r, r * 32);
    out.writeUInt32LE(512, r * 32 + 4);
    out.writeUInt32LE(1, r * 32 + 8);
    out.writeUInt16LE(0x2a, r * 32 + 12);
    out.writeUInt16LE(version, r * 32 + 14);
    out.writeBigUInt64LE(lbn, r * 32 + 16);
    out.writeBigUInt64LE(BigInt(r) * 1000n, r * 32 + 24);
  });
  return out;
}

/** oracleGeneral records of `ids` (time = 1-based request number, size 1, exact next_access_vtime). */
function oracleGeneral(ids: number[]): Uint8Array {
  const trace = traceFromKeys(ids);
  const next = nextAccessVtimes(trace.requests, trace.distinct);
  const out = Buffer.alloc(ids.length * 24);
  ids.forEach((id, r) => {
    out.writeUInt32LE(r + 1, r * 24);
    out.writeBigUInt64LE(BigInt(id), r * 24 + 4);
    out.writeUInt32LE(1, r * 24 + 12);
    out.writeBigInt64LE(BigInt(next[r]), r * 24 + 16);
  });
  return out;
}

describe("txt", () => {
  it("skips blank lines and '*', trims spaces and CR, reads a last line without newline", async () => {
    const { trace, format } = await read("a.txt", "5\r\n\n*\n  7 \n5\n*\n\t9");
    expect(format).toBe("txt");
    expect(Array.from(trace.requests)).toEqual([0, 1, 0, 2]);
    expect(trace.keys).toEqual({ kind: "number", values: Float64Array.from([5, 7, 9]) });
  });

  it("numeric ids: leading zeros and negatives are integers; 007 after 7 is the same page", async () => {
    const { trace } = await read("b.txt", "7\n007\n-3\n0\n");
    expect(Array.from(trace.requests)).toEqual([0, 0, 1, 2]);
    expect(trace.keys).toEqual({ kind: "number", values: Float64Array.from([7, -3, 0]) });
  });

  it("a first id that is not a canonical decimal makes every id an exact string", async () => {
    const { trace } = await read("c.txt", "0007\n7\nabc\n7\n");
    expect(Array.from(trace.requests)).toEqual([0, 1, 2, 1]);
    expect(trace.keys).toEqual({ kind: "string", values: ["0007", "7", "abc"] });
  });

  it("UTF-8 string ids are decoded; keys: 'string' forces text keys on digits", async () => {
    const { trace } = await read("d.txt", "élan\nnaïve\nélan\n");
    expect(trace.keys).toEqual({ kind: "string", values: ["élan", "naïve"] });
    const forced = await read("e.txt", "1\n01\n1\n", { keys: "string" });
    expect(forced.trace.keys).toEqual({ kind: "string", values: ["1", "01"] });
  });

  it("garbage in a numeric trace is an error naming the line; keys: 'number' rejects a text first id", async () => {
    const err = await failure(read("f.txt", "1\n2\n\n3x\n4\n"));
    expect(err.line).toBe(4);
    expect(err.message).toMatch(/f\.txt: line 4: expected a decimal integer id, found "3x"/);
    const forced = await failure(read("g.txt", "abc\n", { keys: "number" }));
    expect(forced.line).toBe(1);
  });

  it("two fields on a line, control bytes or invalid UTF-8 are errors naming the line", async () => {
    expect((await failure(read("h.txt", "a\nb c\n"))).line).toBe(2);
    expect((await failure(read("i.txt", "a\nb\u0001\n"))).message).toMatch(/control byte 0x01/);
    expect((await failure(read("j.txt", Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a]), { format: "txt" }))).message).toMatch(/line 2: expected a UTF-8 id/);
  });

  it("ids beyond 2^53 − 1 are out of range for numeric keys, and kept exactly as strings", async () => {
    const err = await failure(read("k.txt", "1\n9007199254740992\n"));
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/exceeds 2\^53/);
    const ok = await read("l.txt", "1\n9007199254740991\n");
    expect(ok.trace.keys).toEqual({ kind: "number", values: Float64Array.from([1, 9007199254740991]) });
    const text = await read("m.txt", "x\n9007199254740993\n");
    expect(text.trace.keys).toEqual({ kind: "string", values: ["x", "9007199254740993"] });
  });
});

describe("arc (.lis)", () => {
  it("expands 'start n ignored req' into n consecutive pages", async () => {
    const { trace, format } = await read("a.lis", "10 3 0 0\n\n11 1 0 1\r\n100 0 0 2\n5 2 7 3");
    expect(format).toBe("arc");
    expect(trace.keys).toEqual({ kind: "number", values: Float64Array.from([10, 11, 12, 5, 6]) });
    expect(Array.from(trace.requests)).toEqual([0, 1, 2, 1, 3, 4]);
  });

  it("wrong field counts, non-integers, negative numbers and oversized extents are errors naming the line", async () => {
    expect((await failure(read("b.lis", "1 1 0 0\n1 1 0\n"))).message).toMatch(/line 2: expected 4 fields/);
    expect((await failure(read("c.lis", "1 1 0 0 9\n"))).message).toMatch(/line 1: expected 4 fields/);
    expect((await failure(read("d.lis", "1 x 0 0\n"))).message).toMatch(/block count, found "x"/);
    expect((await failure(read("e.lis", "-1 1 0 0\n"))).message).toMatch(/start block, found "-1"/);
    expect((await failure(read("f.lis", "0 5000000 0 0\n"))).message).toMatch(/maxArcExtent/);
    expect((await failure(read("g.lis", "9007199254740990 3 0 0\n"))).message).toMatch(/exceed 2\^53/);
    expect((await failure(read("h.lis", "1 9 0 0\n", { maxArcExtent: 8 }))).line).toBe(1);
  });
});

describe("be32", () => {
  it("reads big-endian u32 ids, including 2^32 − 1", async () => {
    const { trace, format } = await read("a.be32", be32([0, 1, 2 ** 32 - 1, 1]));
    expect(format).toBe("be32");
    expect(trace.keys).toEqual({ kind: "number", values: Float64Array.from([0, 1, 2 ** 32 - 1]) });
    expect(Array.from(trace.requests)).toEqual([0, 1, 2, 1]);
  });

  it("a truncated last record is an error at its byte offset", async () => {
    const err = await failure(read("b.trace", Buffer.concat([be32([1, 2, 3]), Buffer.from([0, 0])]), { format: "be32" }));
    expect(err.offset).toBe(12);
    expect(err.message).toMatch(/byte offset 12: truncated record: 2 of 4 bytes/);
  });
});

describe("vscsi", () => {
  it("reads lbn of v1 records; lbn above 2^53 gives bigint keys", async () => {
    const { trace } = await read("a.vscsi", vscsi([42n, 7n, 42n]));
    expect(trace.keys).toEqual({ kind: "number", values: Float64Array.from([42, 7]) });
    expect(Array.from(trace.requests)).toEqual([0, 1, 0]);
    const big = await read("b.vscsi", vscsi([1n, (1n << 60n) + 3n, 1n]));
    expect(big.trace.keys.kind).toBe("bigint");
    expect(big.trace.keys.kind === "bigint" && Array.from(big.trace.keys.values)).toEqual([1n, (1n << 60n) + 3n]);
  });

  it("a v2 or foreign record, or a truncated one, is an error at its offset", async () => {
    const v2 = Buffer.concat([vscsi([1n]), vscsi([2n], 0x0200)]);
    const err = await failure(read("c.vscsi", v2));
    expect(err.offset).toBe(32 + 14);
    expect(err.message).toMatch(/version 2 records are not supported/);
    expect((await failure(read("d.vscsi", vscsi([1n], 0x0300)))).message).toMatch(/found ver 0x0300/);
    const cut = await failure(read("e.vscsi", vscsi([1n, 2n]).subarray(0, 50)));
    expect(cut.offset).toBe(32);
  });
});

describe("csv", () => {
  it("handles quotes, embedded commas and newlines, CRLF; column by name, index or digit string", async () => {
    const text = 'time,"obj, id",size\r\n1,"a,b",3\r\n2,"line\nbreak",4\n3,"say ""hi""",5\n4,"a,b",6\n';
    const byName = await read("a.csv", text, { column: "obj, id" });
    expect(byName.trace.keys).toEqual({ kind: "string", values: ["a,b", "line\nbreak", 'say "hi"'] });
    expect(Array.from(byName.trace.requests)).toEqual([0, 1, 2, 0]);
    expect((await read("b.csv", text, { column: 1 })).trace.requests).toEqual(byName.trace.requests);
    expect((await read("c.csv", text, { column: "1" })).trace.requests).toEqual(byName.trace.requests);
    expect((await read("d.csv", text, { column: "SIZE" })).trace.keys).toEqual({ kind: "number", values: Float64Array.from([3, 4, 5, 6]) });
  });

  it("without a column: the only column, else the first conventional id name, else an error listing the header", async () => {
    expect((await read("e.csv", "page\n3\n4\n3\n")).trace.distinct).toBe(2);
    expect((await read("f.csv", "time,key,obj_id\n1,9,5\n2,8,5\n")).trace.keys).toEqual({ kind: "number", values: Float64Array.from([5]) });
    const err = await failure(read("g.csv", "time,size\n1,2\n"));
    expect(err.message).toMatch(/line 1: cannot tell which column holds the page id; choose one with --column \(header: "time", "size"\)/);
    expect((await failure(read("h.csv", "a,b\n1,2\n", { column: "c" }))).message).toMatch(/no column named "c"/);
    expect((await failure(read("i.csv", "a,b\n1,2\n", { column: 2 }))).message).toMatch(/column index 2 is out of range/);
  });

  it("short records, empty ids, stray or unterminated quotes are errors naming the record's first line", async () => {
    expect((await failure(read("j.csv", "a,id\n1,2\n3\n", { column: "id" }))).line).toBe(3);
    expect((await failure(read("k.csv", "a,id\n1,2\n3, \n", { column: "id" }))).message).toMatch(/line 3: empty id/);
    expect((await failure(read("l.csv", 'a,id\n1,x"y\n', { column: "id" }))).message).toMatch(/line 2: unexpected quote/);
    expect((await failure(read("m.csv", 'a,id\n1,"x"y\n', { column: "id" }))).message).toMatch(/after a closing quote/);
    expect((await failure(read("n.csv", 'a,id\n1,2\n3,"open\n\n4,5\n', { column: "id" }))).message).toMatch(/line 3: unterminated quoted field/);
  });

  it("blank lines are skipped; a header alone has no requests; another delimiter can be chosen", async () => {
    expect(Array.from((await read("o.csv", "\nid,x\n\n1,2\n\n1,3\n")).trace.requests)).toEqual([0, 0]);
    expect((await failure(read("p.csv", "id,x\n"))).message).toMatch(/no requests/);
    expect((await read("q.csv", "id;x\n4;1\n5;1\n", { delimiter: ";" })).trace.keys).toEqual({ kind: "number", values: Float64Array.from([4, 5]) });
  });

  it("a header without ',' that holds ';', a tab or '|' is refused naming the delimiter, not read as whole-line ids", async () => {
    for (const [sep, named] of [[";", "--delimiter ';'"], ["\t", "--delimiter tab"], ["|", "--delimiter '|'"]]) {
      const text = `time${sep}obj_id\n1${sep}10\n2${sep}11\n`;
      const err = await failure(read("x.csv", text));
      expect(err.line).toBe(1);
      expect(err.message).toContain(`give the delimiter (${named}), or --column 0 to take each whole line as the id`);
      expect((await read("x.csv", text, { delimiter: sep })).trace.keys).toEqual({ kind: "number", values: Float64Array.from([10, 11]) });
      expect((await read("x.csv", text, { column: 0 })).trace.keys).toEqual({ kind: "string", values: [`1${sep}10`, `2${sep}11`] });
    }
    // A one-column CSV whose header holds none of them is read as before.
    expect((await read("y.csv", "page\n7\n8\n")).trace.requests.length).toBe(2);
  });
});

describe("gzip is recognized by its magic bytes, whatever the name", () => {
  it("every format reads the same gzipped as plain, under a misleading name too", async () => {
    const samples: [string, Uint8Array, string][] = [
      ["t.txt", Buffer.from("3\n4\n3\n"), "txt"],
      ["t.lis", Buffer.from("3 2 0 0\n3 1 0 0\n"), "arc"],
      ["t.csv", Buffer.from("id\n3\n4\n3\n"), "csv"],
      ["t.be32", be32([3, 4, 3]), "be32"],
      ["t.vscsi", vscsi([3n, 4n, 3n]), "vscsi"],
    ];
    for (const [name, bytes, format] of samples) {
      const plain = await readTrace(tmp.file(name, bytes));
      const zipped = await readTrace(tmp.file(name + ".gz", bytes, true));
      const renamed = await readTrace(tmp.file(name, bytes, true));
      for (const r of [zipped, renamed]) {
        expect(r.gzip).toBe(true);
        expect(r.format).toBe(format);
        expect(r.trace).toEqual(plain.trace);
      }
    }
    const og = tmp.path("t.oracleGeneral");
    await writeOracleGeneral(og, traceFromKeys([3, 4, 3]));
    const plain = await readTrace(og);
    const { readFileSync } = await import("node:fs");
    expect((await readTrace(tmp.file("t.oracleGeneral.gz", readFileSync(og), true))).trace).toEqual(plain.trace);
  });
});

describe("format inference", () => {
  it("infers from content when the name says nothing", async () => {
    const og = tmp.path("x.oracleGeneral");
    await writeOracleGeneral(og, traceFromKeys([5, 6, 5, 5, 7]));
    const { readFileSync } = await import("node:fs");
    const cases: [Uint8Array | string, string][] = [
      ["1\n2\n*\n3\n", "txt"],
      ["1 2 0 0\n5 1 0 1\n", "arc"],
      ["time,lbn\n1,2\n", "csv"],
      [vscsi([1n, 2n, 3n]), "vscsi"],
      [readFileSync(og), "oracleGeneral"],
    ];
    for (const [content, format] of cases) {
      const result = await read("noext", content);
      expect(result.format).toBe(format);
      expect(result.formatChoice).toBe("content");
    }
  });

  it("infers be32 only for a *.trace file whose ids repeat like page references", async () => {
    const looped = be32(Array.from({ length: 256 }, (_, i) => i % 50));
    const inferred = await read("web.trace", looped);
    expect([inferred.format, inferred.formatChoice, inferred.trace.requests.length]).toEqual(["be32", "content", 256]);
    expect((await readTrace(tmp.file("web.trace.gz", looped, true))).format).toBe("be32");
    // The same ids without the name, random bytes with it, and too short a sample: refused.
    const rng = new Rng(11);
    const random = Uint8Array.from({ length: 4096 }, () => rng.int(256));
    for (const [name, bytes] of [["noext", looped], ["web.trace", random], ["short.trace", be32([1, 2, 1, 2])]] as const) {
      const err = await read(name, bytes).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/binary and matches no format's signature .*choose one with --format/);
    }
  });

  it("the format option wins over the name and content; names pick a format", async () => {
    const asTxt = await read("a.lis", "1\n2\n", { format: "TXT" });
    expect(asTxt.format).toBe("txt");
    expect(asTxt.formatChoice).toBe("option");
    expect((await read("a.lis", "1 1 0 0\n")).formatChoice).toBe("name");
  });

  it("unrecognizable content asks for --format", async () => {
    const several = await readTrace(tmp.file("noext", "1 2\n3 4\n")).catch((e: unknown) => e);
    expect(several).toBeInstanceOf(InputError);
    expect((several as Error).message).toMatch(/cannot tell the format of .*noext: its name and contents match no format; choose one with --format \(txt, arc, be32, oracleGeneral, vscsi, csv\)/);
    // Empty content never gets as far as inference.
    const empty = await readTrace(tmp.file("noext", "")).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/noext: file is empty; expected requests/);
  });

  it("an unknown format name is an InputError listing the known ones", async () => {
    await expect(read("a.txt", "1\n", { format: "parquet" })).rejects.toThrow(/unknown trace format 'parquet' \(known: txt, arc/);
    expect(() => traceFormat("nope")).toThrow(InputError);
  });

  it("every format has a name, a one-line description and a reader", () => {
    const names = TRACE_FORMATS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of TRACE_FORMATS) {
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.description).not.toContain("\n");
    }
  });
});

describe(`chunk boundaries never change the result (fast-check seed ${SEED})`, () => {
  const cutsArb = (length: number) => fc.uniqueArray(fc.integer({ min: 0, max: length }), { maxLength: 12, size: "max" }).map((c) => c.sort((a, b) => a - b));
  const idArb = fc.oneof(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom("x", "ab", "é", "00", "*", "", " 4 "));

  it("txt, arc and csv lines split anywhere give the one-chunk result", () => {
    console.log(`chunking property (text): fast-check seed ${SEED}`);
    fc.assert(
      fc.property(
        fc.array(idArb, { minLength: 1, maxLength: 30, size: "max" }),
        fc.constantFrom("\n", "\r\n"),
        fc.nat(),
        (ids, eol, cutSeed) => {
          const txt = Buffer.from(ids.join(eol) + eol);
          const lis = Buffer.from(ids.map((id, i) => `${i % 7} ${id.length % 3} 0 ${i}`).join(eol));
          const csv = Buffer.from("n,id" + eol + ids.map((id, i) => `${i},"${id.replace(/"/g, '""')}"`).join(eol));
          for (const [format, bytes] of [["txt", txt], ["arc", lis], ["csv", csv]] as const) {
            const cuts = fc.sample(cutsArb(bytes.length), { seed: cutSeed, numRuns: 1 })[0];
            let whole: unknown;
            let split: unknown;
            try {
              whole = parseInChunks(format, bytes, []);
            } catch (e) {
              whole = (e as Error).message;
            }
            try {
              split = parseInChunks(format, bytes, cuts);
            } catch (e) {
              split = (e as Error).message;
            }
            expect(split).toEqual(whole);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("binary records split anywhere give the one-chunk result", () => {
    console.log(`chunking property (binary): fast-check seed ${SEED}`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 40, size: "max" }), fc.nat(), (ids, cutSeed) => {
        const bytesOf: [string, Uint8Array][] = [
          ["be32", be32(ids)],
          ["vscsi", vscsi(ids.map(BigInt))],
          ["oracleGeneral", oracleGeneral(ids)],
        ];
        for (const [format, bytes] of bytesOf) {
          const cuts = fc.sample(cutsArb(bytes.length), { seed: cutSeed, numRuns: 1 })[0];
          const whole = parseInChunks(format, bytes, []);
          expect(parseInChunks(format, bytes, cuts)).toEqual(whole);
          expect(whole).toEqual(traceFromKeys(ids));
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("a name the content contradicts", () => {
  it("is refused with both readings named, not misread; --format still forces the reader", async () => {
    const csvAsTxt = await readTrace(tmp.file("rows.txt", "time,lbn\n1,2\n3,4\n")).catch((e: unknown) => e);
    expect(csvAsTxt).toBeInstanceOf(InputError);
    expect((csvAsTxt as Error).message).toMatch(/rows\.txt: its name says txt but its content looks like csv; choose one with --format/);
    const lisAsCsv = await readTrace(tmp.file("x.csv", "1 2 0 0\n3 1 0 0\n")).catch((e: unknown) => e);
    expect((lisAsCsv as Error).message).toMatch(/its name says csv but its content looks like arc/);
    // Without a rival signature the named reader runs and locates the problem itself.
    const binaryAsTxt = await readTrace(tmp.file("ids.txt", be32([1, 2, 3]))).catch((e: unknown) => e);
    expect((binaryAsTxt as TraceFormatError).line).toBe(1);
    const forced = await readTrace(tmp.file("rows.txt", "time,lbn\n1,2\n"), { format: "txt" });
    expect(forced.trace.keys).toEqual({ kind: "string", values: ["time,lbn", "1,2"] });
  });
});

describe("content compressed by another tool than gzip", () => {
  it("is refused by name of the compressor unless --format forces a reading", async () => {
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x18, 0xc1, 0x00, 0, 0, 0, 7]);
    const named = await readTrace(tmp.file("w106.oracleGeneral.zst", zstd)).catch((e: unknown) => e);
    expect(named).toBeInstanceOf(InputError);
    expect((named as Error).message).toMatch(/w106\.oracleGeneral\.zst: the content is zstd-compressed; only gzip is decompressed/);
    const xz = await readTrace(tmp.file("t.xz", Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4]))).catch((e: unknown) => e);
    expect((xz as Error).message).toMatch(/xz-compressed/);
    const forced = await readTrace(tmp.file("ids.bin", zstd), { format: "be32" });
    expect(forced.trace.requests.length).toBe(3);
    // Text that merely starts like a bzip2 header is text.
    const text = await readTrace(tmp.file("ids.txt", "BZh9\nBZh8\n"));
    expect(text.trace.keys).toEqual({ kind: "string", values: ["BZh9", "BZh8"] });
  });
});
