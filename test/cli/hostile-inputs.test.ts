import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { encodeAttentionTrace } from "../../src/kv/reader.ts";
import { generateAttentionTrace } from "../../src/kv/synthetic.ts";
import { buildChildCli, type ChildCli } from "./child-cli.ts";
import { expectAcceptedOrRefused, expectBounded, expectRefused, gzipBomb } from "./hostile.ts";

// Every reader and command, fed generated hostile input through the real CLI in a child process
// (`node --max-old-space-size=512`): truncations, random bytes, gzip bombs (true and forged
// trailers), huge counts, special files. Each run must end in exit code 2 with one line on
// stderr and no stack trace (or, for inputs that are merely odd, exit 0), under 1 GB of peak RSS
// and the hang-catching time limit. The GB-scale versions are in hostile-inputs.slow.test.ts.
const SEED = 20_251;
const RUNS = 5;
const RUNS_PER_KIND = 1;
let cli: ChildCli;
const dir = mkdtempSync(join(tmpdir(), "paging-lab-hostile-"));
let files = 0;
function file(name: string, content: Uint8Array | string): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  cli = buildChildCli();
}, 120_000);
afterAll(() => {
  cli?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const simulate = (path: string, ...extra: string[]) => cli.run(["simulate", "--trace", path, "--k", "4", "--algorithms", "lru", ...extra]);

function be32(ids: number[]): Buffer {
  const out = Buffer.alloc(4 * ids.length);
  ids.forEach((id, i) => out.writeUInt32BE(id >>> 0, 4 * i));
  return out;
}
function vscsi(ids: number[], version = 1): Buffer {
  const out = Buffer.alloc(32 * ids.length);
  ids.forEach((id, r) => {
    out[r * 32 + 15] = version;
    out.writeUInt32LE(id >>> 0, r * 32 + 16);
  });
  return out;
}
function oracleGeneral(ids: number[]): Buffer {
  const out = Buffer.alloc(24 * ids.length);
  ids.forEach((id, r) => {
    out.writeUInt32LE(id >>> 0, r * 24 + 4);
    out.writeInt32LE(-1, r * 24 + 16);
    out.writeInt32LE(-1, r * 24 + 20);
  });
  return out;
}

/** Hostile kinds shared by every trace reader: bombs, caps and random bytes. */
const commonKinds = ["bomb-trailer", "bomb-forged", "over-max-requests", "random-bytes"] as const;

describe(`hostile trace files through simulate (fast-check seed ${SEED})`, () => {
  const idsArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 8, maxLength: 200 });

  /** Cases every reader shares; `valid` builds a well-formed file of the format from ids. */
  async function common(kind: (typeof commonKinds)[number], reader: Reader, ids: number[], size: number) {
    const { ext } = reader;
    const content = Buffer.from(reader.valid(ids));
    switch (kind) {
      case "bomb-trailer": {
        const path = file(`bomb${ext}.gz`, gzipBomb((size + 1) << 20, reader.bombUnit));
        expectRefused(await simulate(path, "--max-decompressed", "1M"), `${ext} bomb, true trailer`, /trailer declares \d+ decompressed bytes, more than/);
        return;
      }
      case "bomb-forged": {
        const path = file(`forged${ext}.gz`, gzipBomb((size + 1) << 20, reader.bombUnit, 64));
        expectRefused(await simulate(path, "--max-decompressed", "1M"), `${ext} bomb, forged trailer`, reader.bombPattern ?? /decompressed data exceeds 1048576 bytes \(the maxDecompressedBytes cap, --max-decompressed\)/);
        return;
      }
      case "over-max-requests": {
        const path = file(`many${ext}`, content);
        expectRefused(await simulate(path, "--max-requests", String(ids.length - 1)), `${ext} over --max-requests`, /more than \d+ requests \(the maxRequests cap, --max-requests\)/);
        return;
      }
      case "random-bytes": {
        const bytes = Buffer.alloc(4096 + size * 97);
        let x = size * 2654435761 + ids.length;
        for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
        expectRefused(await simulate(file("random.bin", bytes)), `random bytes`, /cannot tell the format .*choose one with --format/);
      }
    }
  }

  interface Reader {
    name: string;
    ext: string;
    valid: (ids: number[]) => Buffer | string;
    broken: (ids: number[], at: number) => [Buffer | string, RegExp];
    /** What a bomb repeats: content the format accepts, so that only a cap can stop it. */
    bombUnit: Buffer | number;
    /** Where no repeated unit is valid (oracleGeneral), the content error may come first. */
    bombPattern?: RegExp;
  }
  const readers: Reader[] = [
    {
      name: "txt",
      ext: ".txt",
      bombUnit: 10,
      valid: (ids) => ids.join("\n") + "\n",
      broken: (ids, at) => {
        const lines = ids.map(String);
        lines.splice(at % lines.length, 0, "\u0000");
        return [lines.join("\n"), /line \d+: expected/];
      },
    },
    {
      name: "arc",
      ext: ".lis",
      bombUnit: 10,
      valid: (ids) => ids.map((id, i) => `${id} ${1 + (i % 3)} 0 ${i}`).join("\n"),
      broken: (ids, at) => {
        const lines = ids.map((id, i) => `${id} 1 0 ${i}`);
        lines.splice(at % lines.length, 0, `${at} 2000000 0 0`);
        return [lines.join("\n"), /extent of 2000000 pages exceeds 1048576 \(the maxArcExtent cap\)/];
      },
    },
    {
      name: "csv",
      ext: ".csv",
      bombUnit: 10,
      valid: (ids) => "time,obj_id\n" + ids.map((id, i) => `${i},${id}`).join("\n"),
      broken: (ids, at) => ["time;obj_id\n" + ids.map((id, i) => `${i};${id}`).join("\n") + (at % 2 ? "\n" : ""), /no ',' but has ';'/],
    },
    {
      name: "be32",
      ext: ".be32",
      bombUnit: 7,
      valid: be32,
      broken: (ids, at) => [Buffer.concat([be32(ids), Buffer.alloc(1 + (at % 3), 7)]), /truncated record: \d of 4 bytes/],
    },
    {
      name: "vscsi",
      ext: ".vscsi",
      bombUnit: vscsi([5]),
      valid: (ids) => vscsi(ids),
      broken: (ids, at) => [Buffer.concat([vscsi(ids), Buffer.alloc(1 + (at % 31), 1)]), /truncated record: \d+ of 32 bytes/],
    },
    {
      name: "oracleGeneral",
      ext: ".oracleGeneral.bin",
      bombUnit: oracleGeneral([5]),
      bombPattern: /decompressed data exceeds 1048576 bytes|next_access_vtime is -1, but the object is requested again/,
      valid: (ids) => oracleGeneral(ids.map((_, i) => i)),
      broken: (ids, at) => [Buffer.concat([oracleGeneral(ids.map((_, i) => i)), Buffer.alloc(1 + (at % 23), 9)]), /truncated record: \d+ of 24 bytes/],
    },
  ];

  for (const reader of readers) {
    it(`${reader.name}: broken, bombed (true and forged trailer), over a cap, random — exit 2, one line, bounded`, async () => {
      console.log(`hostile ${reader.name}: fast-check seed ${SEED}`);
      // Every kind runs (its sizes, ids and cut points drawn by fast-check), so none is left to chance.
      for (const kind of [...commonKinds, "broken"] as const) {
        await fc.assert(
          fc.asyncProperty(idsArb, fc.integer({ min: 1, max: 6 }), fc.nat(), async (ids, size, at) => {
            if (kind === "broken") {
              const [content, pattern] = reader.broken(ids, at);
              expectRefused(await simulate(file(`broken${reader.ext}`, content)), `${reader.name} broken`, pattern);
            } else {
              await common(kind, reader, ids, size);
            }
          }),
          { seed: SEED, numRuns: RUNS_PER_KIND },
        );
      }
    });
  }

  it("amplifying lines stop at the caps: an ARC file of a few KB asking for billions of pages", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${i * 2 ** 20} ${2 ** 20} 0 ${i}`).join("\n");
    expectRefused(await simulate(file("amp.lis", lines)), "ARC amplification", /more than 4194304 distinct ids \(the maxDistinct cap, --max-distinct\)/);
    const same = Array.from({ length: 200 }, (_, i) => `0 ${2 ** 20} 0 ${i}`).join("\n");
    expectRefused(await simulate(file("amp2.lis", same), "--max-requests", "5000000"), "ARC amplification, few pages", /line 5: more than 5000000 requests/);
  });

  it("special files are refused before opening: FIFO, character device, directory", async () => {
    const fifo = join(dir, "trace.fifo");
    execFileSync("mkfifo", [fifo]);
    const folder = join(dir, "folder");
    mkdirSync(folder);
    for (const [path, kind] of [[fifo, "a FIFO"], ["/dev/zero", "a character device"], [folder, "a directory"]]) {
      expectRefused(await simulate(path), `simulate --trace ${kind}`, new RegExp(`not a regular file \\(${kind}`));
      expectRefused(await simulate(path, "--format", "be32"), `simulate --trace ${kind} --format be32`, /not a regular file/);
    }
  });
});

describe(`hostile attention traces through kv (fast-check seed ${SEED})`, () => {
  const shape = { layers: 1, heads: 2, length: 24, headDim: 4 };
  const bytes = encodeAttentionTrace(generateAttentionTrace({ kind: "mixed", seed: 3, ...shape }));
  const shapeArg = ["--shape", "1,2,24,4"];
  const kv = (path: string, ...extra: string[]) => cli.run(["kv", "--trace", path, "--policies", "streaming", ...extra]);

  it("truncated, padded, bombed, zstd or shapeless — exit 2, one line, bounded", async () => {
    console.log(`hostile kv: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("truncated", "truncated-gz", "padded-gz", "bomb", "zstd", "huge-shape"),
        fc.integer({ min: 1, max: bytes.length - 1 }),
        async (kind, cut) => {
          switch (kind) {
            case "truncated":
              return expectRefused(await kv(file("t.bin", bytes.subarray(0, cut)), ...shapeArg), "kv truncated", /truncated at byte \d+/);
            case "truncated-gz":
              return expectRefused(await kv(file("t.bin.gz", gzipSync(bytes.subarray(0, cut))), ...shapeArg), "kv truncated gz", /truncated at byte \d+/);
            case "padded-gz":
              return expectRefused(await kv(file("p.bin.gz", gzipSync(Buffer.concat([bytes, Buffer.alloc(cut)]))), ...shapeArg), "kv padded gz", /unexpected bytes after byte/);
            case "bomb":
              return expectRefused(await kv(file("b.bin.gz", gzipBomb((cut % 60) << 20)), ...shapeArg), "kv bomb", /unexpected bytes after byte|truncated at byte/);
            case "zstd":
              return expectRefused(await kv(file("z.bin.zst", Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), bytes])), ...shapeArg), "kv zstd", /zstd-compressed/);
            case "huge-shape":
              return expectRefused(await kv(file("h.bin", bytes), "--shape", `${cut},${cut},65536,${cut}`), "kv huge shape", /more than the 33554432 a trace may hold/);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS + 1 },
    );
  });

  it("meta.json that is null, not an object, a FIFO or a directory; a FIFO or device trace", async () => {
    for (const doc of ["null", "[1]", '"x"', '{"model": 5}', "{", "x".repeat(2 << 20)]) {
      const box = mkdtempSync(join(dir, "meta-"));
      writeFileSync(join(box, "meta.json"), doc);
      writeFileSync(join(box, "t.bin"), bytes);
      expectRefused(await kv(join(box, "t.bin")), `meta.json ${doc.slice(0, 12)}`, /meta\.json: /);
    }
    const box = mkdtempSync(join(dir, "meta-"));
    writeFileSync(join(box, "t.bin"), bytes);
    execFileSync("mkfifo", [join(box, "meta.json")]);
    expectRefused(await kv(join(box, "t.bin")), "meta.json FIFO", /meta\.json: not a regular file \(a FIFO/);
    const fifo = join(box, "trace.fifo");
    execFileSync("mkfifo", [fifo]);
    expectRefused(await kv(fifo, ...shapeArg), "kv FIFO trace", /not a regular file \(a FIFO/);
    expectRefused(await kv("/dev/zero", ...shapeArg), "kv /dev/zero", /not a regular file \(a character device/);
  });
});

describe(`hostile arguments: generators, io work, outputs (fast-check seed ${SEED})`, () => {
  it("generated traces with huge universes cost what n costs; out-of-range parameters are refused", async () => {
    console.log(`hostile generators: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("uniform:n=10,universe=2147483647", "loop:n=10,length=2147483647", "zipf:n=10,universe=2147483647", "working-set:n=10,universe=2147483647",
          "cruel:n=10,k=16777216,universe=2147483647", "working-set:n=10,universe=2147483647,size=2000000000", "uniform:n=1000000000", "cruel:n=200000,k=16777216,policy=fwf"),
        fc.nat({ max: 1000 }),
        async (spec, seed) => {
          const r = await cli.run(["simulate", "--generate", spec, "--seed", String(seed), "--k", "4", "--algorithms", "lru"]);
          expectAcceptedOrRefused(r, `--generate ${spec}`);
        },
      ),
      { seed: SEED, numRuns: RUNS + 3 },
    );
  });

  it("io: executed work and counted sizes beyond the stated caps are refused at once", async () => {
    for (const argv of [
      ["io", "--algorithm", "fa2", "--N", "100000"],
      ["io", "--algorithm", "standard", "--N", "20000", "--d", "1"],
      ["io", "--algorithm", "fa1", "--N", "1000000", "--d", "128", "--heads", "16", "--lru", "1024"],
    ]) {
      expectRefused(await cli.run(argv), argv.join(" "), /cap|exceeds/);
    }
    const counted = await cli.run(["io", "--algorithm", "fa2", "--N", "1000000000", "--M", "100000000000", "--d", "1", "--count-only"]);
    expectAcceptedOrRefused(counted, "io count-only N = 1e9, M = 1e11");
  });

  it("an output that cannot be written: the result is still printed, then one line and exit 2", async () => {
    const full = await cli.run(["simulate", "--generate", "zipf:n=50000", "--k", "10", "--algorithms", "lru", "--evictions", "/dev/full"]);
    expectRefused(full, "--evictions /dev/full", /cannot write --evictions file \/dev\/full: no space left on device \(ENOSPC\); the results above are complete/);
    expectBounded(full, "--evictions /dev/full");
    if (!full.stdout.includes("faults")) throw new Error(`the results were not printed: ${full.stdout}`);
    const fifo = join(dir, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    expectRefused(await cli.run(["simulate", "--generate", "zipf:n=100", "--k", "10", "--evictions", fifo]), "--evictions to a FIFO nobody reads", /no process is reading the FIFO/);
  });
});
