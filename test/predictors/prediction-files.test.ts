import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { EVICT, KEEP } from "../../src/paging/index.ts";
import {
  nextArrivalQuality,
  perfectNextArrival,
  PREDICTION_FILE,
  readPredictions,
  syntheticNextArrival,
  writePredictions,
} from "../../src/predictors/index.ts";
import { createPredictionParser } from "../../src/predictors/read-predictions.ts";
import { readTrace, TraceFormatError } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";
import { tempDir } from "../traces/temp-files.ts";

const SEED = 700_401;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the read to fail");
    },
    (err: unknown) => err as Error,
  );
}

/** The read fails with a TraceFormatError located at `where` (`line L` or `byte offset B`) whose detail matches. */
async function expectFormatError(path: string, options: Parameters<typeof readPredictions>[1], where: string, detail: RegExp): Promise<void> {
  const err = await failure(readPredictions(path, options));
  expect(err, err.message).toBeInstanceOf(TraceFormatError);
  expect(err.message.startsWith(`${path}: ${where}: `), err.message).toBe(true);
  expect(err.message).toMatch(detail);
  expect(err.message).not.toContain("\n");
}

function header(kind: number, count: number, version: number = PREDICTION_FILE.version): Buffer {
  const h = Buffer.alloc(16);
  h.set(PREDICTION_FILE.magic, 0);
  h[6] = version;
  h[7] = kind;
  h.writeBigUInt64LE(BigInt(count), 8);
  return h;
}

const time = fc.oneof(
  fc.double({ min: 0, max: 1e12, noNaN: true }),
  fc.nat({ max: 5000 }),
  fc.constant(Infinity),
);

describe("binary prediction files: round trips", () => {
  it(`next arrivals and bits read back exactly, whatever the chunking (fast-check seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(time, { maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 60 }), async (times, raw) => {
        const values = Float64Array.from(times);
        const bits = Uint8Array.from(raw);
        const a = tmp.path("na.bin");
        const b = tmp.path("bits.bin");
        await writePredictions(a, values);
        await writePredictions(b, bits);
        const readA = await readPredictions(a, { kind: "nextArrival", requests: values.length });
        const readB = await readPredictions(b, { kind: "bits", requests: bits.length });
        expect(readA.format).toBe("binary");
        expect(Array.from(readA.predictions)).toEqual(Array.from(values, (v) => v + 0));
        expect(Array.from(readB.predictions)).toEqual(raw);
        expect(readFileSync(a).length).toBe(16 + 8 * values.length);
        expect(readFileSync(b).length).toBe(16 + Math.ceil(bits.length / 8));
        // Every chunk boundary inside the content.
        for (const [file, kind, expected] of [
          [a, "nextArrival", Array.from(values, (v) => v + 0)],
          [b, "bits", raw],
        ] as const) {
          const bytes = readFileSync(file);
          for (let cut = 1; cut < bytes.length; cut += 3) {
            const fail = (): never => {
              throw new Error(`cut at ${cut} failed`);
            };
            const parser = createPredictionParser(kind, expected.length, true, 1024, fail);
            parser.push(bytes.subarray(0, cut));
            parser.push(bytes.subarray(cut));
            parser.end();
            expect(Array.from(parser.values)).toEqual(expected);
          }
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("reads gzip-compressed files and the synthetic predictor of a real trace", async () => {
    const { trace } = await readTrace(tracePath("mts-with-predictions/bk/bk0.txt"), { keys: "string" });
    const predictions = syntheticNextArrival(trace.requests, { sigma: 5, seed: 1 });
    const plain = tmp.path("bk0.pred");
    await writePredictions(plain, predictions);
    const gz = tmp.file("bk0.pred.gz", readFileSync(plain), true);
    const read = await readPredictions(gz, { kind: "nextArrival", requests: trace.requests });
    expect(read.gzip).toBe(true);
    expect(read.format).toBe("binary");
    expect(Array.from(read.predictions)).toEqual(Array.from(predictions));
    expect(read.early).toEqual({ count: 0, first: -1 });
  });

  it("refuses values the reader would refuse", async () => {
    await expect(writePredictions(tmp.path("x"), Float64Array.of(1, -2))).rejects.toThrow(/prediction 1 is -2/);
    await expect(writePredictions(tmp.path("x"), Float64Array.of(Number.NaN))).rejects.toThrow(InputError);
    await expect(writePredictions(tmp.path("x"), Uint8Array.of(0, 1, 2))).rejects.toThrow(/prediction 2 is 2/);
  });
});

describe("CSV prediction files", () => {
  it(`round-trip through text, with or without a t column, extra columns, CRLF (fast-check seed ${SEED + 1})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(time, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.boolean(), async (times, withT, crlf) => {
        const eol = crlf ? "\r\n" : "\n";
        const rows = times.map((v, t) => {
          const value = v === Infinity ? (t % 2 === 0 ? "inf" : "") : String(v);
          return withT ? `${t},page${t % 3},${value}` : value;
        });
        // In a one-column file never-again must be written inf (a blank line is not a row).
        const fixed = withT ? rows : rows.map((r) => (r === "" ? "INF" : r));
        const text = [withT ? "t,page,next_arrival" : "next_arrival", ...fixed].join(eol) + eol;
        const path = tmp.file("na.csv", text);
        const read = await readPredictions(path, { kind: "nextArrival", requests: times.length });
        expect(read.format).toBe("csv");
        expect(Array.from(read.predictions)).toEqual(times);
        for (let cut = 1; cut < text.length; cut += 7) {
          const parser = createPredictionParser("nextArrival", times.length, false, 1024, () => {
            throw new Error(`cut ${cut}`);
          });
          const bytes = Buffer.from(text);
          parser.push(bytes.subarray(0, cut));
          parser.push(bytes.subarray(cut));
          parser.end();
          expect(Array.from(parser.values)).toEqual(times);
        }
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });

  it("reads bits as 0/1 or KEEP/EVICT in any case, header names in any case, gzip", async () => {
    const path = tmp.file("bits.csv.gz", " T , Bit ,next_arrival\n0,1,5\n1,keep,inf\n2, EVICT ,7\n3,0,\n", true);
    const read = await readPredictions(path, { kind: "bits", requests: 4 });
    expect(Array.from(read.predictions)).toEqual([EVICT, KEEP, EVICT, KEEP]);
    const times = await readPredictions(path, { kind: "nextArrival", requests: 4 });
    expect(Array.from(times.predictions)).toEqual([5, Infinity, 7, Infinity]);
    // 5 > 0 and 7 > 2: none early.
    expect(times.early).toEqual({ count: 0, first: -1 });
  });

  it("reports predictions not after their request (allowed: only the order matters)", async () => {
    const path = tmp.file("early.csv", "next_arrival\n3\n1\n0.5\n9\n");
    const read = await readPredictions(path, { kind: "nextArrival", requests: 4 });
    expect(read.early).toEqual({ count: 2, first: 1 });
  });
});

describe("prediction files: every error names the file and the line or byte offset", () => {
  const na = { kind: "nextArrival" as const, requests: 3 };
  const bits = { kind: "bits" as const, requests: 3 };
  const f = (v: number[]): Buffer => {
    const b = Buffer.alloc(8 * v.length);
    v.forEach((x, i) => b.writeDoubleLE(x, 8 * i));
    return b;
  };

  it("binary: truncated header, truncated payload, trailing data", async () => {
    await expectFormatError(tmp.file("h.bin", header(1, 3).subarray(0, 10)), na, "byte offset 10", /inside the 16-byte header/);
    await expectFormatError(tmp.file("t.bin", Buffer.concat([header(1, 3), f([1, 2]), Buffer.alloc(5)])), na, "byte offset 37", /truncated inside prediction 2 of 3/);
    await expectFormatError(tmp.file("b.bin", Buffer.concat([header(2, 3)])), bits, "byte offset 16", /truncated/);
    await expectFormatError(tmp.file("x.bin", Buffer.concat([header(1, 3), f([1, 2, 3]), Buffer.alloc(2)])), na, "byte offset 40", /unexpected data after the 3 predictions/);
    await expectFormatError(tmp.file("xb.bin", Buffer.concat([header(2, 3), Buffer.of(1, 0)])), bits, "byte offset 17", /unexpected data/);
  });

  it("binary: wrong length, kind, version, magic", async () => {
    await expectFormatError(tmp.file("n.bin", Buffer.concat([header(1, 4), f([1, 2, 3, 4])])), na, "byte offset 8", /holds 4 predictions; expected 3/);
    await expectFormatError(tmp.file("k.bin", Buffer.concat([header(2, 3), Buffer.of(0)])), na, "byte offset 7", /holds bit predictions; expected next-arrival/);
    await expectFormatError(tmp.file("k9.bin", Buffer.concat([header(9, 3), Buffer.of(0)])), bits, "byte offset 7", /unknown kind 9/);
    await expectFormatError(tmp.file("v.bin", Buffer.concat([header(1, 3, 2), f([1, 2, 3])])), na, "byte offset 6", /version 2/);
    const bad = Buffer.concat([header(1, 3), f([1, 2, 3])]);
    bad[0] = 0x51;
    await expectFormatError(tmp.file("m.bin", bad), { ...na, format: "binary" }, "byte offset 0", /magic bytes "PLPRED"/);
  });

  it("binary: bad values and padding bits", async () => {
    await expectFormatError(tmp.file("nan.bin", Buffer.concat([header(1, 3), f([1, Number.NaN, 3])])), na, "byte offset 24", /prediction 1 is NaN/);
    await expectFormatError(tmp.file("neg.bin", Buffer.concat([header(1, 3), f([1, 2, -3])])), na, "byte offset 32", /prediction 2 is -3/);
    await expectFormatError(tmp.file("ninf.bin", Buffer.concat([header(1, 3), f([-Infinity, 2, 3])])), na, "byte offset 16", /-Infinity/);
    await expectFormatError(tmp.file("pad.bin", Buffer.concat([header(2, 3), Buffer.of(0b1000_0101)])), bits, "byte offset 16", /unused high bits/);
  });

  it("CSV: header problems", async () => {
    await expectFormatError(tmp.file("e.csv", ""), na, "line 1", /file is empty/);
    await expectFormatError(tmp.file("nohead.csv", "1\n2\n3\n"), na, "line 1", /expected a header row naming a next_arrival column, found data/);
    await expectFormatError(tmp.file("kind.csv", "t,bit\n0,1\n"), na, "line 1", /no next_arrival column.*read it as bits/);
    await expectFormatError(tmp.file("dup.csv", "bit,bit\n0,1\n"), bits, "line 1", /appears twice/);
    await expectFormatError(tmp.file("q.csv", 'next_arrival\n"1"\n2\n3\n'), na, "line 2", /quoted fields/);
  });

  it("CSV: wrong length, bad values, t out of order, blank lines", async () => {
    await expectFormatError(tmp.file("short.csv", "next_arrival\n1\n2\n"), na, "line 4", /ends after 2 predictions; expected 3/);
    await expectFormatError(tmp.file("long.csv", "next_arrival\n1\n2\n3\n4\n5\n"), na, "line 5", /more predictions than the trace's 3 requests/);
    await expectFormatError(tmp.file("neg.csv", "next_arrival\n1\n-2\n3\n"), na, "line 3", /"-2" \(negative\)/);
    await expectFormatError(tmp.file("nan.csv", "next_arrival\n1\nNaN\n3\n"), na, "line 3", /expected a time ≥ 0/);
    await expectFormatError(tmp.file("hex.csv", "next_arrival\n1\n0x10\n3\n"), na, "line 3", /"0x10"/);
    await expectFormatError(tmp.file("big.csv", "next_arrival\n1\n1e999\n3\n"), na, "line 3", /exceeds the largest float64/);
    await expectFormatError(tmp.file("bit.csv", "bit\n1\n2\n0\n"), bits, "line 3", /bit "2"; expected 0 or KEEP/);
    await expectFormatError(tmp.file("t.csv", "t,bit\n0,1\n2,0\n1,0\n"), bits, "line 3", /t = "2"; expected 1/);
    await expectFormatError(tmp.file("f.csv", "t,bit\n0,1\n1\n2,0\n"), bits, "line 3", /row has 1 field; expected 2/);
    await expectFormatError(tmp.file("blank.csv", "next_arrival\n1\n\n3\n4\n"), na, "line 3", /blank lines may only end the file/);
    await expectFormatError(tmp.file("lead.csv", "\nnext_arrival\n1\n2\n3\n"), na, "line 1", /blank lines may only end the file/);
    await expectFormatError(tmp.file("many.csv", `next_arrival\n1\n2\n3\n${"\n".repeat(5000)}`), na, "line 5", /more than 16 blank lines/);
    const ok = await readPredictions(tmp.file("trail.csv", "next_arrival\n1\n2\n3\n\n\n"), na);
    expect(Array.from(ok.predictions)).toEqual([1, 2, 3]);
    await expectFormatError(tmp.file("wide.csv", `next_arrival\n${"1".repeat(300)}\n`), { ...na, maxLineBytes: 100 }, "line 2", /longer than 100 bytes/);
  });

  it("missing and non-regular files are InputErrors, never opened (a FIFO would block)", async () => {
    const dir = tmp.path("a-directory");
    mkdirSync(dir);
    const fifo = tmp.path("a-fifo");
    execFileSync("mkfifo", [fifo]);
    for (const [path, why] of [
      [dir, "not a regular file"],
      [fifo, "not a regular file"],
      [tmp.path("missing"), "no such file"],
    ]) {
      const err = await failure(readPredictions(path, na));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message.startsWith(`cannot read predictions ${path}: ${why}`), err.message).toBe(true);
    }
  });

  it("names a zstd-compressed file's compressor instead of misreading it", async () => {
    const zst = tmp.file("p.csv.zst", Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from("next_arrival\n1\n")]));
    const err = await failure(readPredictions(zst, na));
    expect(err.message).toContain("zstd-compressed");
    expect(err.message).toContain("zstd -d");
  });

  it("refuses bad options", async () => {
    const path = tmp.file("ok.csv", "next_arrival\n1\n");
    await expect(readPredictions(path, { kind: "nextArrival", requests: -1 })).rejects.toThrow(/request count/);
    await expect(readPredictions(path, { kind: "nope" as "bits", requests: 1 })).rejects.toThrow(/kind/);
  });
});

describe("η of a loaded file against the perfect oracle", () => {
  it("is 0 for the oracle's own predictions and the ℓ1 distance otherwise", async () => {
    const requests = Int32Array.of(0, 1, 0, 2, 1, 0);
    const perfect = perfectNextArrival(requests);
    const path = tmp.path("perfect.bin");
    await writePredictions(path, perfect);
    const { predictions } = await readPredictions(path, { kind: "nextArrival", requests });
    expect(nextArrivalQuality(requests, predictions, { neverAgain: 60 })).toEqual({ n: 6, eta: 0, exact: 6, neverAgainMismatches: 0, early: 0 });
    const csv = tmp.file("off.csv", "next_arrival\n3\n4\ninf\n9\ninf\ninf\n");
    const off = await readPredictions(csv, { kind: "nextArrival", requests });
    // truth 2, 4, 5, ∞, ∞, ∞ → |3−2| + 0 + |60−5| + |9−60| + 0 + 0
    expect(nextArrivalQuality(requests, off.predictions, { neverAgain: 60 })).toEqual({
      n: 6,
      eta: 1 + 55 + 51,
      exact: 3,
      neverAgainMismatches: 2,
      early: 0,
    });
  });
});
