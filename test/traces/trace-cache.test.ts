import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { traceFromKeys } from "../../src/paging/core/trace.ts";
import { readTrace, writeOracleGeneral, type ReadTraceOptions, type ReadTraceResult } from "../../src/traces/index.ts";
import { defaultTraceCacheDir, pruneTraceCache } from "../../src/traces/trace-cache.ts";
import { traceCacheDir } from "../../src/cli/trace-cache-option.ts";
import { runCli } from "../cli/run-cli.ts";
import { tempDir } from "../helpers/temp.ts";

const SEED = 20_261_129;
const tmp = tempDir();

/** Everything a read returns that a cache hit must reproduce. */
function essence(r: ReadTraceResult): unknown {
  return {
    requests: Array.from(r.trace.requests),
    distinct: r.trace.distinct,
    keys: r.trace.keys.kind === "number" ? Array.from(r.trace.keys.values) : r.trace.keys,
    format: r.format,
    formatChoice: r.formatChoice,
    gzip: r.gzip,
    contentBytes: r.contentBytes,
    path: r.path,
  };
}

function numberKeys(r: ReadTraceResult): number[] {
  if (r.trace.keys.kind !== "number") throw new Error(`expected number keys, got ${r.trace.keys.kind}`);
  return Array.from(r.trace.keys.values);
}

function entries(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith(".ptrace"));
}

/** A trace with reuse: ids `base + (i·7 mod span)`. */
function keysFor(n: number, span: number, base = 1000): number[] {
  return Array.from({ length: n }, (_, i) => base + ((i * 7) % span));
}

describe("parsed-trace cache", () => {
  it("a hit gives exactly the parse's result, for text, binary and gzip input; nothing is written beside the trace", async () => {
    const dir = tmp.subdir("cache-hit");
    const ids = keysFor(5000, 333);
    const og = tmp.path("t.oracleGeneral.bin");
    await writeOracleGeneral(og, traceFromKeys(ids));
    const be32 = Buffer.alloc(4 * ids.length);
    ids.forEach((id, i) => be32.writeUInt32BE(id, 4 * i));
    const inputs: [string, ReadTraceOptions][] = [
      [tmp.file("t.txt", ids.join("\n") + "\n"), {}],
      [og, {}],
      [tmp.file("t.be32.gz", be32, true), {}],
      [tmp.file("t.csv", "time,id\n" + ids.map((id, i) => `${i},${id}`).join("\n") + "\n"), { column: "id" }],
    ];
    for (const [path, options] of inputs) {
      const fresh = await readTrace(path, options);
      const first = await readTrace(path, { ...options, cacheDir: dir });
      const second = await readTrace(path, { ...options, cacheDir: dir });
      expect(first.cached).toBe(false);
      expect(second.cached).toBe(true);
      expect(essence(second)).toEqual(essence(fresh));
      expect(essence(first)).toEqual(essence(fresh));
    }
    expect(entries(dir)).toHaveLength(inputs.length);
    expect(readdirSync(dir).filter((n) => !n.endsWith(".ptrace"))).toEqual([]);
    const traceDir = readdirSync(tmp.dir);
    expect(traceDir.some((n) => n.endsWith(".ptrace"))).toBe(false);
  });

  it("each set of options and caps has its own entry; string ids and keepColumns are not cached", async () => {
    const dir = tmp.subdir("cache-options");
    const path = tmp.file("o.txt", keysFor(400, 50).join("\n") + "\n");
    await readTrace(path, { cacheDir: dir });
    expect((await readTrace(path, { cacheDir: dir, maxDistinct: 60 })).cached).toBe(false);
    expect((await readTrace(path, { cacheDir: dir, maxDistinct: 60 })).cached).toBe(true);
    // A lower cap than the one a cached parse passed must still fail as a parse would.
    await expect(readTrace(path, { cacheDir: dir, maxDistinct: 10 })).rejects.toThrow(/more than 10 distinct ids/);
    const asStrings = await readTrace(path, { cacheDir: dir, keys: "string" });
    expect(asStrings.trace.keys.kind).toBe("string");
    expect((await readTrace(path, { cacheDir: dir, keys: "string" })).cached).toBe(false);
    expect(entries(dir)).toHaveLength(2);
    const og = tmp.path("k.oracleGeneral.bin");
    await writeOracleGeneral(og, traceFromKeys(keysFor(100, 9)));
    const kept = await readTrace(og, { cacheDir: dir, keepColumns: true });
    expect(kept.columns?.time.length).toBe(100);
    expect(kept.cached).toBeUndefined();
    expect(entries(dir)).toHaveLength(2);
  });

  it("a changed trace is parsed again: new size, new mtime, or a new file with the old size and mtime", async () => {
    const dir = tmp.subdir("cache-stale");
    const path = tmp.file("s.txt", "1\n2\n1\n3\n");
    const original = statSync(path);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(false);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(true);

    // Same size, same mtime, same inode would be indistinguishable; change one at a time.
    writeFileSync(path, "1\n2\n1\n4\n");
    utimesSync(path, original.atime, new Date(original.mtimeMs + 5000));
    const changed = await readTrace(path, { cacheDir: dir });
    expect(changed.cached).toBe(false);
    expect(numberKeys(changed)).toEqual([1, 2, 4]);

    writeFileSync(path, "1\n2\n1\n4\n5\n");
    const longer = await readTrace(path, { cacheDir: dir });
    expect([longer.cached, longer.trace.requests.length]).toEqual([false, 5]);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(true);

    // A replacement file (another inode) with the old size and mtime restored (whole seconds, so
    // that the nanosecond mtimes are equal too).
    const second = 1_800_000_000;
    utimesSync(path, second, second);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(false);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(true);
    const before = statSync(path, { bigint: true });
    const replacement = tmp.file("r.txt", "9\n8\n9\n7\n6\n");
    utimesSync(replacement, second, second);
    renameSync(replacement, path);
    const after = statSync(path, { bigint: true });
    expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs]);
    expect(after.ino).not.toBe(before.ino);
    const replaced = await readTrace(path, { cacheDir: dir });
    expect(replaced.cached).toBe(false);
    expect(numberKeys(replaced)).toEqual([9, 8, 7, 6]);
    expect(entries(dir)).toHaveLength(1);
  });

  it(`a damaged cache entry is never used: flipped bytes or a cut give the parse's result, and the entry is rebuilt (seed ${SEED})`, async () => {
    console.log(`trace cache damage: fast-check seed ${SEED}`);
    const dir = tmp.subdir("cache-damage");
    const path = tmp.file("d.txt", keysFor(3000, 211, 2 ** 40).join("\n") + "\n");
    const fresh = essence(await readTrace(path));
    await readTrace(path, { cacheDir: dir });
    const [name] = entries(dir);
    const entry = join(dir, name);
    const good = readFileSync(entry);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.option(fc.nat({ max: good.length - 1 })),
        async (flips, cut) => {
          const bad = Buffer.from(good);
          for (const [at, mask] of flips) bad[at] ^= mask;
          writeFileSync(entry, cut === null ? bad : bad.subarray(0, cut));
          const read = await readTrace(path, { cacheDir: dir });
          expect(essence(read)).toEqual(fresh);
          // The entry is intact again afterwards (rebuilt, or the damage missed every checked byte).
          const again = await readTrace(path, { cacheDir: dir });
          expect(again.cached).toBe(true);
          expect(essence(again)).toEqual(fresh);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
    truncateSync(entry, 0);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(false);
  });

  it("an entry replaced by a FIFO is a miss at once (never a blocked read), and a file is stored over it", async () => {
    const dir = tmp.subdir("cache-fifo");
    const path = tmp.file("f.txt", keysFor(500, 61).join("\n") + "\n");
    const fresh = essence(await readTrace(path));
    await readTrace(path, { cacheDir: dir });
    const entry = join(dir, entries(dir)[0]);
    unlinkSync(entry);
    execFileSync("mkfifo", [entry]);
    const read = await readTrace(path, { cacheDir: dir });
    expect(read.cached).toBe(false);
    expect(essence(read)).toEqual(fresh);
    expect(statSync(entry).isFile()).toBe(true);
    expect((await readTrace(path, { cacheDir: dir })).cached).toBe(true);
  });

  it("concurrent readers and writers of one entry all get the same trace and leave one intact entry", async () => {
    const dir = tmp.subdir("cache-concurrent");
    const path = tmp.file("c.txt", keysFor(20_000, 997).join("\n") + "\n");
    const fresh = essence(await readTrace(path));
    const reads = await Promise.all(Array.from({ length: 8 }, () => readTrace(path, { cacheDir: dir })));
    for (const r of reads) expect(essence(r)).toEqual(fresh);
    expect(readdirSync(dir)).toEqual(entries(dir));
    expect(entries(dir)).toHaveLength(1);
    const hit = await readTrace(path, { cacheDir: dir });
    expect(hit.cached).toBe(true);
    expect(essence(hit)).toEqual(fresh);
  });

  it("the directory is bounded: pruning removes the least recently used entries first", async () => {
    const dir = tmp.subdir("cache-prune");
    const paths = [0, 1, 2].map((i) => tmp.file(`p${i}.txt`, keysFor(1000, 100, i * 1000).join("\n") + "\n"));
    for (const p of paths) await readTrace(p, { cacheDir: dir });
    const sizes = entries(dir).map((n) => statSync(join(dir, n)).size);
    expect(sizes).toHaveLength(3);
    // Use the first again, so the second is now the least recently used.
    await new Promise((r) => setTimeout(r, 20));
    expect((await readTrace(paths[0], { cacheDir: dir })).cached).toBe(true);
    await pruneTraceCache(dir, sizes[0] * 2);
    expect(entries(dir)).toHaveLength(2);
    expect((await readTrace(paths[1], { cacheDir: dir, cacheMaxBytes: 2 ** 30 })).cached).toBe(false);
    expect((await readTrace(paths[0], { cacheDir: dir })).cached).toBe(true);
    // An entry over half the bound is not written at all.
    const small = tmp.subdir("cache-small");
    await readTrace(paths[2], { cacheDir: small, cacheMaxBytes: 1000 });
    expect(entries(small)).toEqual([]);
  });

  it("the CLI's --cache and PAGING_LAB_CACHE_DIR choose the directory; results are the same", async () => {
    expect(traceCacheDir(new Set(), {})).toBeUndefined();
    expect(traceCacheDir(new Set(["cache"]), { XDG_CACHE_HOME: "/x" })).toBe("/x/paging-lab");
    expect(traceCacheDir(new Set(), { PAGING_LAB_CACHE_DIR: "/c" })).toBe("/c");
    expect(defaultTraceCacheDir({ HOME: "/h" }).endsWith(join(".cache", "paging-lab"))).toBe(true);
    const dir = tmp.subdir("cache-cli");
    const path = tmp.file("cli.txt", keysFor(3000, 300).join("\n") + "\n");
    const saved = process.env.PAGING_LAB_CACHE_DIR;
    process.env.PAGING_LAB_CACHE_DIR = dir;
    try {
      const args = ["simulate", "--trace", path, "--algorithms", "lru,opt", "--k", "10,50", "--json"];
      const runs = [await runCli(args), await runCli(args), await runCli([...args.slice(0, 1), "--cache", ...args.slice(1)])];
      const rows = runs.map((r) => (JSON.parse(r.stdout) as { results: { faults: number }[] }).results.map((x) => x.faults));
      expect(rows[1]).toEqual(rows[0]);
      expect(rows[2]).toEqual(rows[0]);
      expect(entries(dir)).toHaveLength(1);
      const mrc = await runCli(["mrc", "--trace", path, "--cache", "--json"]);
      expect(mrc.code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.PAGING_LAB_CACHE_DIR;
      else process.env.PAGING_LAB_CACHE_DIR = saved;
    }
  });
});
