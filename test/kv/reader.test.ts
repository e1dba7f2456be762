import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { InputError } from "../../src/errors.ts";
import {
  attentionSections,
  decodeAttentionTrace,
  encodeAttentionTrace,
  parseShape,
  readAttentionTrace,
  shapeFromMeta,
} from "../../src/kv/reader.ts";
import { generateAttentionTrace } from "../../src/kv/synthetic.ts";
import { checkAttentionTrace, rowOffset } from "../../src/kv/trace.ts";
import { attentionTracePath } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

const shape = { layers: 2, heads: 3, length: 20, headDim: 4 };
const synthetic = generateAttentionTrace({ kind: "mixed", seed: 7, ...shape });
const bytes = encodeAttentionTrace(synthetic);
const tmp = tempDir("kv-reader-");

function write(name: string, data: Uint8Array): string {
  return tmp.file(name, data);
}

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error("expected an InputError");
}

async function rejected(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return (err as Error).message;
}

describe("attention-trace reader", () => {
  it("round-trips a synthetic trace through the float16 format, raw and gzip", async () => {
    expect(bytes.length).toBe(attentionSections(shape).total);
    for (const file of [write("t.bin", bytes), write("t.bin.gz", gzipSync(bytes))]) {
      const back = await readAttentionTrace(file, { shape });
      checkAttentionTrace(back);
      expect([back.layers, back.heads, back.length, back.headDim]).toEqual([2, 3, 20, 4]);
      for (let i = 0; i < 6; i++) {
        for (let x = 0; x < back.rows[i].length; x++) expect(Math.abs(back.rows[i][x] - synthetic.rows[i][x])).toBeLessThan(2e-3);
        for (let x = 0; x < back.values[i].length; x++) {
          expect(Math.abs(back.values[i][x] - synthetic.values[i][x])).toBeLessThanOrEqual(Math.abs(synthetic.values[i][x]) * 2 ** -11 + 2 ** -25);
        }
      }
      expect(Array.from(back.tokens!)).toEqual(Array.from(synthetic.tokens!));
    }
  });

  it("reports truncation with the file, the byte offset and what the data ends in", async () => {
    const probs = attentionSections(shape).probs;
    const cut = write("cut.bin", bytes.subarray(0, 1001));
    const m1 = await rejected(readAttentionTrace(cut, { shape }));
    expect(m1).toContain(cut);
    expect(m1).toContain("truncated at byte 1001");
    // Byte 1001 is value 500 = head 2 (210 values per head), entry 80 = query 12 (offsets 78..90).
    expect(m1).toContain("the data ends inside the probabilities (layer 0, head 2, query 12)");
    const m2 = await rejected(readAttentionTrace(write("cut2.bin", bytes.subarray(0, probs + 10)), { shape }));
    expect(m2).toContain(`truncated at byte ${probs + 10}`);
    expect(m2).toContain("value vectors (layer 0, head 0, token 1)");
    const m3 = await rejected(readAttentionTrace(write("cut3.bin", bytes.subarray(0, bytes.length - 3)), { shape }));
    expect(m3).toContain("input bytes");
    const long = new Uint8Array(bytes.length + 5);
    long.set(bytes);
    expect(await rejected(readAttentionTrace(write("long.bin", long), { shape }))).toContain("5 unexpected bytes");
    // Gzipped, the excess is found as it inflates, one chunk past the expected end at most.
    expect(await rejected(readAttentionTrace(write("long.bin.gz", gzipSync(long)), { shape }))).toContain(
      `more than ${bytes.length} bytes of decompressed data: unexpected bytes after byte ${bytes.length}`,
    );
    const cutGz = await rejected(readAttentionTrace(write("short.bin.gz", gzipSync(bytes.subarray(0, 1001))), { shape }));
    expect(cutGz).toContain("truncated at byte 1001: the data ends inside the probabilities (layer 0, head 2, query 12)");
  });

  it("reports a truncated or corrupt gzip stream", async () => {
    const gz = gzipSync(bytes);
    const file = write("cut.bin.gz", gz.subarray(0, Math.floor(gz.length / 2)));
    const m = await rejected(readAttentionTrace(file, { shape }));
    expect(m).toContain(file);
    expect(m).toMatch(/gzip stream truncated or corrupt/);
    expect(m).toMatch(/breaks off at decompressed byte [1-9]\d*/);
    // A flipped byte in the middle: corrupt, not truncated, so no offset is claimed.
    const flipped = gz.slice();
    flipped[Math.floor(gz.length / 2)] ^= 0xff;
    const m2 = await rejected(readAttentionTrace(write("flip.bin.gz", flipped), { shape }));
    expect(m2).toMatch(/flip\.bin\.gz: gzip stream truncated or corrupt \(.+\) \(the compressed file has \d+ bytes\)$/);
    expect(m2).not.toContain("breaks off");
  });

  it("rejects NaN, infinite and negative probabilities and bad row sums at their byte offset", () => {
    const at = (t: number, j: number) => 2 * (rowOffset(t) + j);
    const poke = (offset: number, half: number) => {
      const b = bytes.slice();
      b[offset] = half & 0xff;
      b[offset + 1] = half >>> 8;
      return b;
    };
    expect(inputError(() => decodeAttentionTrace(poke(at(5, 2), 0x7e00), shape, "f"))).toContain(`f: byte ${at(5, 2)}: probability NaN (layer 0, head 0, query 5, key 2)`);
    expect(inputError(() => decodeAttentionTrace(poke(at(5, 2), 0x7c00), shape, "f"))).toContain("probability Infinity");
    expect(inputError(() => decodeAttentionTrace(poke(at(5, 2), 0xbc00), shape, "f"))).toContain("probability -1");
    expect(inputError(() => decodeAttentionTrace(poke(at(5, 2), 0x4000), shape, "f"))).toContain(`f: byte ${at(5, 0)}: the row of layer 0, head 0, query 5 sums to`);
    const valueOffset = attentionSections(shape).probs + 2 * 9;
    expect(inputError(() => decodeAttentionTrace(poke(valueOffset, 0x7c00), shape, "f"))).toContain(`byte ${valueOffset}: value entry Infinity (layer 0, head 0, token 2)`);
  });

  it("takes the shape from --shape or a meta.json beside the file, and says when it has neither", async () => {
    expect(parseShape("6,6,512,64")).toEqual({ layers: 6, heads: 6, length: 512, headDim: 64 });
    expect(inputError(() => parseShape("6,6,512"))).toContain("--shape");
    expect(inputError(() => parseShape("6,0,512,64"))).toContain("--shape");
    const lone = write("lone.bin", bytes);
    expect(await rejected(readAttentionTrace(lone))).toContain("unknown shape");
    const withMeta = tmp.subdir("meta");
    writeFileSync(join(withMeta, "meta.json"), JSON.stringify({ model: { layers: 2, heads: 3, context: 20, head_dim: 4 } }));
    writeFileSync(join(withMeta, "x.bin"), bytes);
    expect((await readAttentionTrace(join(withMeta, "x.bin"))).heads).toBe(3);
    writeFileSync(join(withMeta, "meta.json"), "{ nope");
    expect(inputError(() => shapeFromMeta(join(withMeta, "x.bin")))).toContain("meta.json: not valid JSON");
    expect(await rejected(readAttentionTrace(tmp.path("missing.bin"), { shape }))).toContain("no such file");
  });

  it("refuses hostile input by name, before reading it: meta.json that is null or not a file, FIFOs, zstd, huge shapes", async () => {
    const box = tmp.subdir("hostile");
    const trace = join(box, "t.bin");
    writeFileSync(trace, bytes);
    for (const doc of ["null", "[]", "7", '{"model": null}', '{"model": {"layers": 2}}']) {
      writeFileSync(join(box, "meta.json"), doc);
      expect(await rejected(readAttentionTrace(trace))).toMatch(/meta\.json: (expected a JSON object with a "model" object|model\.heads must be a positive integer)/);
    }
    rmSync(join(box, "meta.json"));
    execFileSync("mkfifo", [join(box, "meta.json")]);
    expect(await rejected(readAttentionTrace(trace))).toMatch(/meta\.json: not a regular file \(a FIFO \(named pipe\)\)/);
    const fifo = join(box, "fifo.bin");
    execFileSync("mkfifo", [fifo]);
    expect(await rejected(readAttentionTrace(fifo, { shape }))).toBe(`${fifo}: cannot read: not a regular file (a FIFO (named pipe)); expected a regular file`);
    expect(await rejected(readAttentionTrace("/dev/zero", { shape }))).toMatch(/not a regular file \(a character device\)/);
    const zst = write("t.bin.zst", Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from(bytes)]));
    expect(await rejected(readAttentionTrace(zst, { shape }))).toBe(
      `${zst}: the content is zstd-compressed; only gzip is decompressed while reading — decompress it first (zstd -d)`,
    );
    const huge = { layers: 1000, heads: 1000, length: 512, headDim: 64 };
    expect(await rejected(readAttentionTrace(write("h.bin", bytes), { shape: huge }))).toMatch(
      /holds 164096000000 probabilities and value entries, more than the 33554432 a trace may hold \(256 MiB decoded\); wrong shape\?/,
    );
  });

  it("reads a shared trace: 6×6 heads, T = 512, d = 64, rows renormalized, the text of meta.json", async () => {
    const trace = await readAttentionTrace(attentionTracePath("attn-code-1.bin.gz"));
    expect([trace.layers, trace.heads, trace.length, trace.headDim]).toEqual([6, 6, 512, 64]);
    expect(trace.name).toBe("attn-code-1");
    checkAttentionTrace(trace);
    const text = new TextDecoder().decode(trace.tokens);
    expect(text.startsWith("\n    def endPrefixMapping(self, prefix):")).toBe(true);
  });
});
