import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParseContext, ReaderSettings } from "../../src/traces/format.ts";
import { readTrace, TraceFormatError, traceFormat } from "../../src/traces/index.ts";
import { DEFAULT_LIMITS, TraceLimitError } from "../../src/traces/limits.ts";
import { TraceBuilder } from "../../src/traces/trace-builder.ts";
import { tempDir } from "../helpers/temp.ts";
import { feedInChunks } from "./chunking.ts";

// The txt reader takes lines of one printable-ASCII id in one byte loop once the ids are known
// to be strings (hashing the bytes as it scans them), a small file is read whole in one
// synchronous read, and every other line goes the general way. Held here to the general way
// itself — the content fed one byte a chunk, so that every line is completed in the line
// splitter's carry buffer and read by the per-line path — and to the literal definition of the
// format, on random files of mostly one id a line: CRLF, blank and `*` lines, blanks around ids,
// non-ASCII and invalid UTF-8 bytes, control bytes, two fields, a last line without a newline,
// small line, distinct-id and key-text caps.

const SEED = 20_261_131;
const tmp = tempDir("paging-lab-txt-ascii-");
const PATH = "t.txt";

type Outcome =
  | { readonly ok: true; readonly requests: number[]; readonly keys: unknown; readonly distinct: number }
  | { readonly ok: false; readonly message: string; readonly line: number | undefined };

interface Options {
  readonly keys: "auto" | "string";
  readonly maxLineBytes: number;
  readonly maxDistinct: number;
  readonly maxKeyBytes: number;
}

/** The txt reader on `bytes` cut at `cuts`, errors located as `readTrace` locates them. */
function readInChunks(path: string, bytes: Uint8Array, cuts: readonly number[], options: Options): Outcome {
  const builder = new TraceBuilder(16, DEFAULT_LIMITS.maxRequests, undefined, options);
  const settings: ReaderSettings = {
    keys: options.keys,
    column: undefined,
    delimiter: ",",
    maxLineBytes: options.maxLineBytes,
    maxArcExtent: DEFAULT_LIMITS.maxArcExtent,
    keepColumns: false,
    checkNextAccess: true,
  };
  const ctx: ParseContext = {
    path,
    decompressed: false,
    contentBytes: bytes.length,
    builder,
    settings,
    fail(at, detail): never {
      throw new TraceFormatError({ path, line: at.line, offset: at.offset }, detail);
    },
  };
  const parser = traceFormat("txt").createParser(ctx);
  try {
    feedInChunks(parser, bytes, cuts);
  } catch (err) {
    if (err instanceof TraceLimitError) {
      const located = new TraceFormatError({ path, line: parser.position().line }, err.message);
      return { ok: false, message: located.message, line: located.line };
    }
    if (err instanceof TraceFormatError) return { ok: false, message: err.message, line: err.line };
    throw err;
  }
  if (builder.length === 0) return { ok: false, message: "no requests", line: undefined };
  const trace = builder.finish();
  return { ok: true, requests: Array.from(trace.requests), keys: trace.keys, distinct: trace.distinct };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The literal reading: the error's line, or the ids and keys (string keys; `null` if numeric). */
function literal(bytes: Uint8Array, options: Options): { line: number } | { ids: number[]; keys: string[] } | null {
  const lines: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length ? i > from : bytes[i] === 10) {
      lines.push(bytes.subarray(from, i));
      from = i + 1;
    }
  }
  const ids: number[] = [];
  const keys: string[] = [];
  const seen = new Map<string, number>();
  let keyText = 0;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    if (raw.length > options.maxLineBytes) return { line: n + 1 };
    let a = 0;
    let b = raw.length;
    while (a < b && (raw[a] === 32 || raw[a] === 9 || raw[a] === 13)) a++;
    while (b > a && (raw[b - 1] === 32 || raw[b - 1] === 9 || raw[b - 1] === 13)) b--;
    const token = raw.subarray(a, b);
    if (token.length === 0 || (token.length === 1 && token[0] === 42)) continue;
    if (keys.length === 0 && seen.size === 0 && options.keys === "auto" && /^(0|-?[1-9][0-9]{0,14})$/.test(Buffer.from(token).toString("latin1"))) {
      return null; // a numeric trace: not this test's subject (see txt-fast-lines)
    }
    if (token.some((c) => c <= 32 || c === 127)) return { line: n + 1 }; // two fields (a blank inside) or a control byte
    let key: string;
    try {
      key = utf8.decode(token);
    } catch {
      return { line: n + 1 };
    }
    let id = seen.get(key);
    if (id === undefined) {
      id = keys.length;
      if (id >= options.maxDistinct) return { line: n + 1 };
      keyText += key.length;
      if (keyText > options.maxKeyBytes) return { line: n + 1 };
      seen.set(key, id);
      keys.push(key);
    }
    ids.push(id);
  }
  return { ids, keys };
}

const bytesOf = (text: string): number[] => [...Buffer.from(text, "latin1")];
const hexId = fc.array(fc.constantFrom(...bytesOf("0123456789abcdef")), { minLength: 32, maxLength: 32 });
const shortId = fc.array(fc.constantFrom(...bytesOf("ab0~-")), { minLength: 1, maxLength: 4 });
const tokenArb = fc.oneof(
  { weight: 6, arbitrary: hexId },
  { weight: 6, arbitrary: shortId },
  { weight: 1, arbitrary: fc.constantFrom(bytesOf("*"), bytesOf(""), bytesOf("**")) },
  { weight: 1, arbitrary: fc.constantFrom([0xc3, 0xa9], [0x61, 0xc3, 0xa9], [0xff], [0x61, 0xa0], [0xa0]) }, // é, invalid, NBSP
  { weight: 1, arbitrary: fc.constantFrom(bytesOf("a b"), bytesOf("a\tb"), bytesOf("a\rb"), [0x61, 0x01], [0x7f], bytesOf("a,b")) },
);
const blanksArb = fc.array(fc.constantFrom(32, 9, 13), { maxLength: 2 });
const lineArb = fc.tuple(blanksArb, tokenArb, blanksArb, fc.constantFrom([10], [10], [10], [13, 10])).map(([a, t, b, nl]) => ({ body: [...a, ...t, ...b], nl }));
const optionsArb = fc.record({
  keys: fc.constantFrom("auto" as const, "string" as const),
  maxLineBytes: fc.oneof(fc.constant(DEFAULT_LIMITS.maxLineBytes), fc.integer({ min: 1, max: 40 })),
  maxDistinct: fc.oneof(fc.constant(DEFAULT_LIMITS.maxDistinct), fc.integer({ min: 1, max: 30 })),
  maxKeyBytes: fc.oneof(fc.constant(DEFAULT_LIMITS.maxKeyBytes), fc.integer({ min: 1, max: 400 })),
});
const caseArb = fc
  .tuple(fc.array(lineArb, { minLength: 1, maxLength: 120 }), fc.boolean(), optionsArb, fc.array(fc.nat({ max: 6000 }), { maxLength: 6 }))
  .map(([lines, finalNewline, options, cuts]) => {
    const parts: number[] = [];
    lines.forEach(({ body, nl }, i) => parts.push(...body, ...(i < lines.length - 1 || finalNewline ? nl : [])));
    return { bytes: Uint8Array.from(parts), options, cuts: [...cuts].sort((a, b) => a - b) };
  });

const everyByte = (length: number): number[] => Array.from({ length }, (_, i) => i + 1);

describe(`txt: one-id ASCII lines in one loop (fast-check seed ${SEED})`, () => {
  it("the same ids, keys, distinct count and errors as the per-line path and the literal reading", () => {
    console.log(`txt ASCII lines: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(caseArb, ({ bytes, options, cuts }) => {
        const general = readInChunks(PATH, bytes, everyByte(bytes.length), options);
        expect(readInChunks(PATH, bytes, [], options)).toEqual(general);
        expect(readInChunks(PATH, bytes, cuts, options)).toEqual(general);
        const want = literal(bytes, options);
        if (want === null) return;
        if ("line" in want) {
          expect(general.ok).toBe(false);
          expect(!general.ok && general.line).toBe(want.line);
        } else if (want.ids.length > 0) {
          expect(general).toEqual({ ok: true, requests: want.ids, keys: { kind: "string", values: want.keys }, distinct: want.keys.length });
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("readTrace of the file (read whole, format inferred from the name) gives the per-line path's outcome", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ bytes, options }) => {
        const path = tmp.file("t.txt", bytes);
        const general = readInChunks(path, bytes, everyByte(bytes.length), options);
        let got: Outcome;
        try {
          const { trace, format } = await readTrace(path, options);
          expect(format).toBe("txt");
          got = { ok: true, requests: Array.from(trace.requests), keys: trace.keys, distinct: trace.distinct };
        } catch (err) {
          // A first line with a comma may look like a CSV header, which overrules the name.
          if (!(err instanceof TraceFormatError) && /cannot tell the format/.test((err as Error).message)) {
            expect(bytes.subarray(0, Math.max(0, bytes.indexOf(10))).includes(44) || !bytes.includes(10)).toBe(true);
            return;
          }
          if (!(err instanceof TraceFormatError)) throw err;
          got = { ok: false, message: /: no requests in /.test(err.message) ? "no requests" : err.message, line: err.line };
        }
        expect(got).toEqual(general);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
