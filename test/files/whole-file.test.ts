import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHUNK_BYTES } from "../../src/files/byte-source.ts";
import { readWholeFileSync } from "../../src/files/regular-file.ts";
import { readTrace } from "../../src/traces/index.ts";
import { tempDir } from "../helpers/temp.ts";

const tmp = tempDir("paging-lab-whole-file-");

describe("readWholeFileSync", () => {
  it("reads a small regular file whole, and declines everything else without opening what is not a regular file", () => {
    const small = tmp.file("small.txt", "a\nb\n");
    expect(Buffer.from(readWholeFileSync(small, 100)!).toString()).toBe("a\nb\n");
    expect(readWholeFileSync(tmp.file("empty.txt", ""), 100)!.length).toBe(0);
    expect(readWholeFileSync(tmp.file("big.txt", "x".repeat(101)), 100)).toBeNull();
    expect(Buffer.from(readWholeFileSync(tmp.file("edge.txt", "x".repeat(100)), 100)!).toString()).toBe("x".repeat(100));
    const fifo = tmp.path("fifo");
    execFileSync("mkfifo", [fifo]);
    const dir = tmp.path("dir");
    mkdirSync(dir);
    // A FIFO without a writer: declined from stat, so this returns instead of waiting.
    for (const path of [fifo, dir, "/dev/zero", tmp.path("missing")]) expect(readWholeFileSync(path, 100)).toBeNull();
  });

  it("leaves the errors of files it declines to the general way, worded as before", async () => {
    const fifo = tmp.path("fifo");
    execFileSync("mkfifo", [fifo]);
    await expect(readTrace(fifo)).rejects.toThrow(`cannot read trace ${fifo}: not a regular file (a FIFO (named pipe)); expected a regular file`);
    const missing = tmp.path("missing.txt");
    await expect(readTrace(missing)).rejects.toThrow(`cannot read trace ${missing}: no such file`);
    const empty = tmp.file("empty.txt", "");
    await expect(readTrace(empty)).rejects.toThrow(`${empty}: file is empty; expected requests`);
  });

  it("reports progress once for a file read whole, as one chunk of the general way", async () => {
    const path = tmp.file("p.txt", "1\n2\n3\n");
    const seen: [number, number][] = [];
    await readTrace(path, { onProgress: (read, size) => seen.push([read, size]) });
    expect(seen).toEqual([[6, 6]]);
  });

  it("gives the same trace on either side of the one-chunk size, read whole or streamed", async () => {
    // Lines of 8 bytes: a file of CHUNK_BYTES is read whole, one more byte makes it stream.
    const id = (i: number): string => `k${(i % 5000).toString(36).padStart(6, "0")}\n`;
    const lines = Array.from({ length: CHUNK_BYTES / 8 }, (_, i) => id(i)).join("");
    const whole = await readTrace(tmp.file("whole.txt", lines));
    const streamed = await readTrace(tmp.file("streamed.txt", lines + "k\n"));
    expect(whole.contentBytes).toBe(CHUNK_BYTES);
    expect(streamed.contentBytes).toBe(CHUNK_BYTES + 2);
    expect(streamed.trace.requests.length).toBe(whole.trace.requests.length + 1);
    expect(Array.from(streamed.trace.requests.subarray(0, whole.trace.requests.length))).toEqual(Array.from(whole.trace.requests));
    expect(streamed.trace.keys.kind === "string" && streamed.trace.keys.values.slice(0, whole.trace.distinct)).toEqual(whole.trace.keys.kind === "string" && [...whole.trace.keys.values]);
    expect([whole.format, whole.formatChoice, streamed.format, streamed.formatChoice]).toEqual(["txt", "name", "txt", "name"]);
  });
});
