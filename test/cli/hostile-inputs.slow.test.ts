import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChildCli, type ChildCli } from "./child-cli.ts";
import { expectAcceptedOrRefused, expectRefused, MAX_RSS_BYTES } from "./hostile.ts";

// The GB-scale hostile inputs (the unit group has the same classes at MB scale): each must end in
// exit code 2 and one line — or, for legitimate work at the caps, exit 0 — with the child's peak
// RSS under 1 GB (the Done-when bound) and no hang. Files are built once here, in a private folder.
let cli: ChildCli;
const dir = mkdtempSync(join(tmpdir(), "paging-lab-hostile-slow-"));

beforeAll(() => {
  cli = buildChildCli();
}, 300_000);
afterAll(() => {
  cli?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** `members` copies of one gzip member of `memberBytes` bytes of `fill`: a multi-member bomb whose trailer states one member only. */
function multiMemberBomb(name: string, memberBytes: number, members: number, fill: number): string {
  const member = gzipSync(Buffer.alloc(memberBytes, fill), { level: 1 });
  const path = join(dir, name);
  const fd = openSync(path, "w");
  for (let i = 0; i < members; i++) writeSync(fd, member);
  closeSync(fd);
  return path;
}

function report(what: string, r: { code: number | null; wallMs: number; maxRssBytes: number | null }): void {
  console.log(`${what}: exit ${r.code}, ${(r.wallMs / 1000).toFixed(1)} s, peak ${Math.round((r.maxRssBytes ?? NaN) / 2 ** 20)} MiB`);
}

describe("GB-scale hostile inputs stay under 1 GB and end in one line", () => {
  it("a gzip -1 bomb of 4 GiB of zeros (ratio ~230, under the ratio cap) read as be32 stops at --max-requests", async () => {
    const bomb = multiMemberBomb("zeros.trace.gz", 256 << 20, 16, 0);
    const r = await cli.run(["simulate", "--trace", bomb, "--format", "be32", "--k", "10", "--algorithms", "lru"], { timeoutMs: 120_000 });
    report("4 GiB zeros as be32", r);
    expectRefused(r, "4 GiB zero bomb as be32", /more than 67108864 requests \(the maxRequests cap, --max-requests\)/);
  });

  it("a 4 GiB bomb of blank lines stops at the absolute decompressed-size cap", async () => {
    const bomb = multiMemberBomb("newlines.txt.gz", 256 << 20, 16, 10);
    const r = await cli.run(["simulate", "--trace", bomb, "--k", "10", "--algorithms", "lru"], { timeoutMs: 180_000 });
    report("4 GiB newlines as txt", r);
    expectRefused(r, "4 GiB newline bomb", /decompressed data exceeds 2147483648 bytes \(the maxDecompressedBytes cap, --max-decompressed\)/);
  });

  it("256 MiB of random be32 ids stops at --max-distinct; a 10 GiB sparse file at --max-requests, from its size", async () => {
    const random = join(dir, "random.be32");
    const fd = openSync(random, "w");
    const chunk = Buffer.alloc(1 << 20);
    let x = 0x9e3779b9;
    for (let m = 0; m < 256; m++) {
      for (let i = 0; i < chunk.length; i += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        chunk.writeInt32BE(x | 0, i);
      }
      writeSync(fd, chunk);
    }
    closeSync(fd);
    const r1 = await cli.run(["simulate", "--trace", random, "--k", "10", "--algorithms", "lru"], { timeoutMs: 120_000 });
    report("256 MiB random be32", r1);
    expectRefused(r1, "random be32", /more than 4194304 distinct ids \(the maxDistinct cap, --max-distinct\)/);
    const sparse = join(dir, "sparse.be32");
    const s = openSync(sparse, "w");
    ftruncateSync(s, 10 * 2 ** 30);
    closeSync(s);
    const r2 = await cli.run(["simulate", "--trace", sparse, "--k", "10"]);
    report("10 GiB sparse be32", r2);
    expectRefused(r2, "10 GiB sparse be32", /10737418240 bytes of be32 records hold more than 67108864 requests/);
  });

  it("a 2 GiB bomb where an attention trace of 11.8 MB is expected stops one chunk past it", async () => {
    const box = mkdtempSync(join(dir, "kv-"));
    writeFileSync(join(box, "meta.json"), JSON.stringify({ model: { layers: 6, heads: 6, context: 512, head_dim: 64 } }));
    const bomb = multiMemberBomb("kv-bomb.bin.gz", 256 << 20, 8, 0);
    const r = await cli.run(["kv", "--trace", bomb, "--shape", "6,6,512,64", "--policies", "streaming"]);
    report("2 GiB kv bomb", r);
    expectRefused(r, "kv bomb", /more than 11815424 bytes of decompressed data/);
  });

  it("generated traces at the caps: legitimate work runs, more distinct pages than --max-distinct are refused", async () => {
    // cruel over k + 1 = 2^22 pages (the distinct cap) with a universe of 2^31: runs.
    const cruel = "cruel:n=16777216,k=4194303,universe=2147483647";
    const r1 = await cli.run(["simulate", "--generate", cruel, "--k", "1000", "--algorithms", "lru"], { timeoutMs: 600_000 });
    report(cruel, r1);
    expectAcceptedOrRefused(r1, cruel);
    expect(r1.code).toBe(0);
    // 2^26 zipf requests over 2^31 pages touch tens of millions of pages: refused at the cap.
    const zipf = "zipf:n=67108864,universe=2147483647,alpha=0.9";
    const r2 = await cli.run(["simulate", "--generate", zipf, "--k", "1000", "--algorithms", "lru"], { timeoutMs: 600_000 });
    report(zipf, r2);
    expectRefused(r2, zipf, /more than 4194304 distinct ids \(the maxDistinct cap, --max-distinct\)/);
    expect(r2.maxRssBytes!).toBeLessThan(MAX_RSS_BYTES);
  });
});
