import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { byteSize, distinctItems } from "../../src/cli/args.ts";
import { UsageError } from "../../src/cli/errors.ts";
import { tempDir } from "../traces/temp-files.ts";
import { runCli } from "./run-cli.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function oneLine(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

describe("simulate's caps are options named in their errors", () => {
  it("--max-requests, --max-distinct and --max-decompressed raise or lower the caps", async () => {
    const txt = tmp.file("t.txt", "1\n2\n3\n1\n");
    oneLine(await runCli(["simulate", "--trace", txt, "--k", "2", "--algorithms", "lru", "--max-requests", "3"]), /line 4: more than 3 requests \(the maxRequests cap, --max-requests\)/);
    oneLine(await runCli(["simulate", "--trace", txt, "--k", "2", "--algorithms", "lru", "--max-distinct", "2"]), /line 3: more than 2 distinct ids \(the maxDistinct cap, --max-distinct\)/);
    const gz = tmp.file("t.txt.gz", "1\n".repeat(100_000), true);
    oneLine(await runCli(["simulate", "--trace", gz, "--k", "2", "--algorithms", "lru", "--max-decompressed", "64K"]), /trailer declares 200000 decompressed bytes, more than the 65536-byte cap \(maxDecompressedBytes, --max-decompressed\)/);
    const ok = await runCli(["simulate", "--trace", gz, "--k", "2", "--algorithms", "lru", "--max-decompressed", "1M", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).trace.requests).toBe(100_000);
    oneLine(await runCli(["simulate", "--k", "2", "--max-decompressed", "5M"]), /--max-decompressed need --trace/);
    // Generated traces are held to the same request and distinct-page caps.
    oneLine(await runCli(["simulate", "--generate", "uniform:n=1000", "--max-requests", "999"]), /generator 'uniform': n = 1000 is more than 999 requests \(the maxRequests cap, --max-requests\)/);
    oneLine(await runCli(["simulate", "--generate", "uniform:n=1000,universe=100000000", "--max-distinct", "50"]), /generator 'uniform': more than 50 distinct ids \(the maxDistinct cap, --max-distinct\)/);
    oneLine(await runCli(["simulate", "--generate", "uniform:n=1000,universe=500", "--max-distinct", "50"]), /generator 'uniform': more than 50 distinct ids \(the maxDistinct cap, --max-distinct\)/);
    oneLine(await runCli(["simulate", "--trace", txt, "--max-decompressed", "lots"]), /--max-decompressed must be a positive byte count such as 2G/);
  });

  it("--delimiter reads a ;- or tab-separated CSV that is refused without it", async () => {
    const tabbed = tmp.file("t.csv", "time\tobj_id\n1\t10\n2\t11\n3\t10\n");
    oneLine(await runCli(["simulate", "--trace", tabbed, "--k", "1", "--algorithms", "lru"]), /the header "time\\tobj_id" has no ',' but has a tab: give the delimiter \(--delimiter tab\)/);
    const r = await runCli(["simulate", "--trace", tabbed, "--delimiter", "tab", "--column", "obj_id", "--k", "1", "--algorithms", "lru", "--json"]);
    expect(JSON.parse(r.stdout).trace).toMatchObject({ requests: 3, distinct: 2 });
    const semi = tmp.file("s.csv", "time;obj_id\n1;10\n");
    oneLine(await runCli(["simulate", "--trace", semi, "--k", "1"]), /has no ',' but has ';': give the delimiter \(--delimiter ';'\)/);
    // An explicit delimiter or column accepts a one-column reading.
    const whole = await runCli(["simulate", "--trace", semi, "--column", "0", "--k", "1", "--algorithms", "lru", "--json"]);
    expect(JSON.parse(whole.stdout).trace.requests).toBe(1);
  });

  it("a failed --evictions file still prints the results, then one line and exit code 2", async () => {
    const r = await runCli(["simulate", "--generate", "zipf:n=20000", "--k", "10", "--algorithms", "lru", "--json", "--evictions", "/dev/full"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).results[0].faults).toBeGreaterThan(0);
    expect(r.stderr).toBe(
      "paging-lab simulate: cannot write --evictions file /dev/full: no space left on device (ENOSPC); the results above are complete, the evictions file is not\n",
    );
    const fifo = tmp.path("ev.fifo");
    execFileSync("mkfifo", [fifo]);
    oneLine(await runCli(["simulate", "--generate", "zipf:n=100", "--k", "10", "--evictions", fifo]), /cannot write --evictions file .*ev\.fifo: no process is reading the FIFO/);
    const good = tmp.path("ev.csv");
    const ok = await runCli(["simulate", "--generate", "loop:n=50,length=3", "--k", "2", "--algorithms", "fifo", "--evictions", good]);
    expect(ok.code).toBe(0);
    expect(readFileSync(good, "utf8").split("\n").filter((l) => l !== "")).toHaveLength(1 + 48);
  });

  it("repeated list items are refused by every command (one rule), naming the item", async () => {
    oneLine(await runCli(["simulate", "--k", "3,3"]), /--k lists '3' twice; give each once/);
    oneLine(await runCli(["simulate", "--k", "3", "--algorithms", "lru,rand,random"]), /--algorithms lists 'rand' and 'random', the same item/);
    expect(() => distinctItems("x", [1, 2, 1])).toThrow(new UsageError("--x lists '1' twice; give each once"));
    expect(distinctItems("x", ["a", "B"], (s) => s.toLowerCase())).toEqual(["a", "B"]);
    expect([byteSize("m", "2G"), byteSize("m", "512MiB"), byteSize("m", "100")]).toEqual([2 ** 31, 2 ** 29, 100]);
    expect(() => byteSize("m", "0")).toThrow(UsageError);
  });

  it("every limit is stated in simulate --help", async () => {
    const help = (await runCli(["simulate", "--help"])).stdout;
    for (const stated of ["--max-requests N", "67108864", "--max-distinct N", "4194304", "--max-decompressed", "2G", "regular file", "250x", "must not repeat"]) {
      expect(help).toContain(stated);
    }
  });
});

