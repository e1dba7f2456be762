import { Readable } from "node:stream";
import { createGunzip, gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../../src/errors.ts";
import { ByteSource } from "../../src/files/byte-source.ts";
import { SyncGunzip } from "../../src/files/sync-gunzip.ts";
import { tempDir } from "../traces/temp-files.ts";

const SEED = 20_261_129;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Outcome = { bytes: Buffer } | { code: string };

/** What Node's streaming gunzip makes of `data`: the content, or the error code. */
async function streamed(data: Uint8Array): Promise<Outcome> {
  const parts: Buffer[] = [];
  try {
    for await (const part of Readable.from([Buffer.from(data)]).pipe(createGunzip())) parts.push(part as Buffer);
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? "?" };
  }
  return { bytes: Buffer.concat(parts) };
}

/** The same through SyncGunzip, fed `inStep` input bytes at a time into an `outSize`-byte buffer. */
function stepped(data: Uint8Array, inStep: number, outSize: number): Outcome {
  const inflater = SyncGunzip.create();
  if (inflater === null) throw new Error("no synchronous gunzip on this Node");
  const out = new Uint8Array(outSize);
  const parts: Buffer[] = [];
  try {
    for (let at = 0; ; ) {
      const len = Math.min(inStep, data.length - at);
      const finish = at + len === data.length;
      const step = inflater.inflate(data, at, len, out, finish);
      at += step.consumed;
      parts.push(Buffer.from(out.subarray(0, step.produced)));
      if (step.produced > 0) continue;
      if (finish && step.consumed === len) break;
      if (step.consumed === 0) break; // input the engine refuses: the stream has ended
    }
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? "?" };
  } finally {
    inflater.close();
  }
  return { bytes: Buffer.concat(parts) };
}

describe(`synchronous gunzip (fast-check seed ${SEED})`, () => {
  it("gives the stream's content or error for members, cuts, flipped bytes and trailing bytes, at any step sizes", async () => {
    console.log(`synchronous gunzip: fast-check seed ${SEED}`);
    const member = fc.uint8Array({ maxLength: 3000 }).map((b) => ({ raw: b, gz: gzipSync(b, { level: 1 }) }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(member, { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))),
        fc.option(fc.nat()),
        fc.uint8Array({ maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        async (members, flip, cut, trailing, inStep, outSize) => {
          let data = Buffer.concat([...members.map((m) => m.gz), trailing]);
          if (flip !== null) data[flip[0] % data.length] ^= flip[1];
          if (cut !== null) data = data.subarray(0, cut % data.length);
          const expected = await streamed(data);
          expect(stepped(data, inStep, outSize)).toEqual(expected);
          if (flip === null && cut === null && trailing.length === 0 && "bytes" in expected) {
            expect(expected.bytes.equals(Buffer.concat(members.map((m) => m.raw)))).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  // Where Node lacks the synchronous step, ByteSource falls back to the gunzip stream: both paths
  // must deliver the same bytes and the same located errors.
  describe.each([
    ["the synchronous step", false],
    ["the stream fallback", true],
  ])("through %s", (_label, fallback) => {
    afterEach(() => {
      vi.restoreAllMocks();
    });
    const open = async (...args: Parameters<typeof ByteSource.open>): Promise<ByteSource> => {
      if (fallback) vi.spyOn(SyncGunzip, "create").mockReturnValue(null);
      return ByteSource.open(...args);
    };

    it("a ByteSource reusing its buffers delivers every byte of a multi-chunk gzip in order", async () => {
      const content = Buffer.alloc(5 << 20);
      for (let i = 0; i < content.length; i += 4) content.writeUInt32BE((i * 2654435761) >>> 8, i);
      const path = tmp.file("big.gz", Buffer.concat([gzipSync(content.subarray(0, 3 << 20)), gzipSync(content.subarray(3 << 20))]));
      const seen: number[] = [];
      const source = await open(path, { reuseBuffers: true, onProgress: (read) => seen.push(read) });
      const parts: Buffer[] = [];
      try {
        for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) parts.push(Buffer.from(chunk));
      } finally {
        await source.close();
      }
      expect(Buffer.concat(parts).equals(content)).toBe(true);
      expect(parts.length).toBeGreaterThan(2);
      expect(seen.at(-1)).toBe(source.fileBytes);
      expect(source.fractionRead).toBe(1);
    });

    it("a corrupt stream is an InputError at the decompressed offset reached, and a closed source stays closed", async () => {
      const good = gzipSync(Buffer.alloc(3 << 20, 7));
      const bad = Buffer.from(good);
      bad.fill(0xa5, bad.length >> 1, (bad.length >> 1) + 16);
      const path = tmp.file("bad.gz", bad);
      const source = await open(path);
      let delivered = 0;
      let error: unknown = null;
      try {
        for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) delivered += chunk.length;
      } catch (err) {
        error = err;
      } finally {
        await source.close();
        await source.close();
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        `${path}: byte offset ${delivered} of the decompressed data: corrupt gzip data (${/\((.*)\); expected/.exec((error as Error).message)![1]}); expected a complete gzip stream`,
      );
      expect(delivered).toBeLessThan(3 << 20);
    });
  });
});
