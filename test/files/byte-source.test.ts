import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { ByteSource } from "../../src/files/byte-source.ts";
import { decompressHint, otherCompression } from "../../src/files/compression.ts";
import { openRegularFile, readSmallRegularFileSync } from "../../src/files/regular-file.ts";
import { tempDir } from "../traces/temp-files.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const result = await promise.then(
    () => null,
    (e: unknown) => e as Error,
  );
  if (result === null) throw new Error("expected a rejection");
  return result;
}

async function drain(source: ByteSource): Promise<number> {
  let total = 0;
  try {
    for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) total += chunk.length;
  } finally {
    await source.close();
  }
  return total;
}

describe("only regular files are opened", () => {
  it("a FIFO, a character device and a directory are refused before opening, on one line", async () => {
    const fifo = tmp.path("fifo");
    execFileSync("mkfifo", [fifo]);
    const dir = tmp.path("dir");
    mkdirSync(dir);
    // Opening a FIFO for reading blocks until a writer appears: the refusal must come from stat.
    for (const [path, kind] of [[fifo, "a FIFO (named pipe)"], ["/dev/zero", "a character device"], [dir, "a directory"]]) {
      const err = await rejection(openRegularFile(path, `cannot read trace ${path}`));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(`cannot read trace ${path}: not a regular file (${kind}); expected a regular file`);
      expect(() => readSmallRegularFileSync(path, path, 100)).toThrow(`not a regular file (${kind})`);
    }
    expect((await rejection(ByteSource.open(fifo))).message).toMatch(/not a regular file \(a FIFO/);
  });

  it("a missing file is an InputError; a small file is read whole, within its size limit", async () => {
    const missing = tmp.path("missing");
    expect((await rejection(openRegularFile(missing, "cannot read x"))).message).toBe("cannot read x: no such file");
    expect(readSmallRegularFileSync(missing, "m", 10)).toBeNull();
    const small = tmp.file("small.json", "{}");
    expect(readSmallRegularFileSync(small, "s", 10)!.toString()).toBe("{}");
    const big = tmp.file("big.json", "x".repeat(11));
    expect(() => readSmallRegularFileSync(big, "big.json", 10)).toThrow("big.json: 11 bytes exceeds the 10-byte limit for this file");
  });
});

describe("gzip output is capped", () => {
  const zeros = gzipSync(Buffer.alloc(8 << 20));

  it("a trailer above the cap is refused at open, before inflating", async () => {
    const path = tmp.file("z.gz", zeros);
    const err = await rejection(ByteSource.open(path, { limits: { maxDecompressedBytes: 1 << 20 } }));
    expect(err.message).toBe(
      `${path}: byte offset 0 of the decompressed data: the gzip trailer declares ${8 << 20} decompressed bytes, ` +
        `more than the 1048576-byte cap (maxDecompressedBytes, --max-decompressed); refusing before inflating`,
    );
  });

  it("a forged trailer still stops within one chunk of the cap", async () => {
    const forged = Buffer.from(zeros);
    forged.writeUInt32LE(0, forged.length - 4);
    const source = await ByteSource.open(tmp.file("f.gz", forged), { limits: { maxDecompressedBytes: 3 << 20 } });
    const err = await rejection(drain(source));
    expect(err.message).toMatch(/decompressed data exceeds 3145728 bytes/);
    expect(source.delivered).toBeLessThanOrEqual(3 << 20);
  });

  it("the ratio cap refuses a bomb once past the grace size; within the caps all content arrives", async () => {
    const path = tmp.file("r.gz", zeros);
    const bombed = await ByteSource.open(path, { limits: { maxCompressionRatio: 100, ratioGraceBytes: 1 << 20 } });
    expect((await rejection(drain(bombed))).message).toMatch(/gzip expands more than 100× .*refusing a likely gzip bomb/);
    const fine = await ByteSource.open(path, { limits: { maxDecompressedBytes: 8 << 20 } });
    expect(fine.gzip).toBe(true);
    expect(await drain(fine)).toBe(8 << 20);
  });

  it("the caller's fail hook locates errors; corrupt data names the cause", async () => {
    const cut = tmp.file("cut.gz", zeros.subarray(0, zeros.length >> 1));
    const seen: unknown[] = [];
    const source = await ByteSource.open(cut, {
      fail(at, detail, cause): never {
        seen.push(at.decompressed, (cause as NodeJS.ErrnoException).code);
        throw new InputError(`custom: ${detail}`);
      },
    });
    expect((await rejection(drain(source))).message).toMatch(/^custom: corrupt gzip data \(unexpected end of file\)/);
    expect(seen).toEqual([true, "Z_BUF_ERROR"]);
  });
});

describe("other compressors are recognized by their magic number", () => {
  it("names zstd, xz, bzip2, lz4 and zip, and how to decompress them", async () => {
    const zstd = tmp.file("t.zst", Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]));
    const source = await ByteSource.open(zstd);
    expect([source.gzip, source.otherCompression]).toEqual([false, "zstd"]);
    await source.close();
    expect(otherCompression(Buffer.from("BZh91AY&SY"))).toBe("bzip2");
    expect(otherCompression(Buffer.from("BZh9\n"))).toBeUndefined();
    expect(decompressHint("zstd")).toBe("zstd -d");
  });
});
