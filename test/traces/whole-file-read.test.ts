import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readTrace, type ReadTraceOptions } from "../../src/traces/index.ts";
import { tempDir } from "../helpers/temp.ts";

// A small uncompressed file is read whole, and when its sample's lines are all one plain token
// it is read as txt first, its shape taken from that read instead of a scan (inference then
// decides as usual). The gzip copy of the same file goes the general, streaming way: sample
// scan, inference, then the reader. Held here to give the same format, choice, requests, keys
// and errors on random files — one id a line mostly, with CSV headers, four-field lines, blanks,
// `*`, non-ASCII bytes, control bytes, cut lines, files on both sides of the 64 KiB sample, and
// names of every format.

const SEED = 20_261_132;
const tmp = tempDir("paging-lab-whole-");

type Outcome = { readonly ok: true; readonly format: string; readonly choice: string; readonly requests: number[]; readonly keys: unknown; readonly distinct: number; readonly contentBytes: number } | { readonly ok: false; readonly message: string };

async function outcome(path: string, options: ReadTraceOptions): Promise<Outcome> {
  try {
    const r = await readTrace(path, options);
    const keys = r.trace.keys.kind === "number" ? { kind: "number", values: Array.from(r.trace.keys.values) } : r.trace.keys.kind === "string" ? { kind: "string", values: [...r.trace.keys.values] } : r.trace.keys;
    return { ok: true, format: r.format, choice: r.formatChoice, requests: Array.from(r.trace.requests), keys, distinct: r.trace.distinct, contentBytes: r.contentBytes };
  } catch (err) {
    // Messages name the file (the same name but for the .gz suffix), and a gzip's offsets and
    // emptiness are of its decompressed content.
    const message = (err as Error).message.split(path).join("FILE").replace(" of the decompressed data", "").replace("gzip content is empty", "file is empty");
    return { ok: false, message };
  }
}

const line = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^[0-9a-f]{32}$/) },
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "c0", "~x", "12", "7", "-3", "007") },
  { weight: 2, arbitrary: fc.constantFrom("", "*", " ", "\t", "\r", " a ", "b\r") },
  { weight: 1, arbitrary: fc.constantFrom("x,y", "1,2", "time,key", "1 2 0 3", "4 5 0 6", "a b", "\xe9t\xe9", "a\xa0", "\x01", "\x7f") },
);
const nameArb = fc.constantFrom("t.txt", "t", "t.csv", "t.lis", "t.vscsi", "t.oracleGeneral.bin", "t.be32", "t.dat.txt");
// Files of comma-separated lines only: a CSV header may then claim them (or not: all numeric).
const csvLines = fc.array(fc.constantFrom("x,y", "1,2", "time,key", "3,4"), { minLength: 1, maxLength: 6 });
const caseArb = fc.record({
  head: fc.oneof({ weight: 5, arbitrary: fc.array(line, { minLength: 1, maxLength: 40 }) }, { weight: 1, arbitrary: csvLines }),
  // Repeat the lines to reach past the 64 KiB sample now and then.
  repeat: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 4000 }) }),
  tail: fc.array(line, { maxLength: 5 }),
  finalNewline: fc.boolean(),
  crlf: fc.boolean(),
  name: nameArb,
  keys: fc.constantFrom<ReadTraceOptions["keys"]>(undefined, "string"),
});

describe(`small files read whole and as txt first (fast-check seed ${SEED})`, () => {
  it("give what the general way gives for their gzip copy", async () => {
    console.log(`whole-file read: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ head, repeat, tail, finalNewline, crlf, name, keys }) => {
        const lines: string[] = [];
        for (let r = 0; r < repeat && lines.length < 200_000; r++) lines.push(...head);
        lines.push(...tail);
        const text = lines.join(crlf ? "\r\n" : "\n") + (finalNewline ? "\n" : "");
        const bytes = Buffer.from(text, "latin1");
        const plain = tmp.file(name, bytes);
        const gz = tmp.file(`${name}.gz`, bytes, true);
        const options: ReadTraceOptions = { keys };
        const want = await outcome(gz, options);
        const got = await outcome(plain, options);
        expect(got).toEqual(want);
        expect(readFileSync(plain).length).toBe(bytes.length);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it("take the bytes after the sample's last line into its shape", async () => {
    // A control byte in the line cut by the 64 KiB sample: the sample is binary, so a file
    // without a name to go by has no format (and is not read as txt up to that line).
    const id = "0123456789abcdef0123456789abcde\n";
    const bytes = Buffer.from(id.repeat(2047) + "ab\x01" + "c".repeat(60) + "\n" + id, "latin1");
    expect(bytes.lastIndexOf(10, 65_535)).toBe(2047 * 32 - 1);
    const plain = tmp.file("t", bytes);
    const gz = tmp.file("t.gz", bytes, true);
    const got = await outcome(plain, {});
    expect(got).toEqual(await outcome(gz, {}));
    expect(got.ok === false && got.message).toMatch(/cannot tell the format of FILE: its content is binary/);
  });
});
