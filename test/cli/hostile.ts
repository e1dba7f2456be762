import { expect } from "vitest";
import { gzipSync } from "node:zlib";
import type { ChildRun } from "./child-cli.ts";

/** The Done-when bound: a run peaks under 1 GB of resident memory, whatever its input. */
export const MAX_RSS_BYTES = 1 << 30;
/** Catches hangs only (the machine is shared and loaded; no test asserts a tight time). */
export const TIME_LIMIT_MS = 60_000;

function context(what: string, r: ChildRun): string {
  const rss = r.maxRssBytes === null ? "?" : `${Math.round(r.maxRssBytes / 2 ** 20)} MiB`;
  return `${what}: exit ${r.code}${r.signal ? ` (${r.signal})` : ""}, ${Math.round(r.wallMs)} ms, peak ${rss}, stderr ${JSON.stringify(r.stderr.slice(0, 400))}`;
}

/** Bounded: no hang, no signal, no crash, peak RSS under 1 GB, no stack trace on stderr. */
export function expectBounded(r: ChildRun, what: string): void {
  const ctx = context(what, r);
  expect(r.timedOut, ctx).toBe(false);
  expect(r.signal, ctx).toBeNull();
  expect(r.maxRssBytes, ctx).not.toBeNull();
  expect(r.maxRssBytes!, ctx).toBeLessThan(MAX_RSS_BYTES);
  expect(r.stderr, ctx).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr, ctx).not.toMatch(/internal error|Unhandled|FATAL ERROR/);
}

/** Refused: bounded, exit code 2, exactly one line on stderr (matching `pattern` if given). */
export function expectRefused(r: ChildRun, what: string, pattern?: RegExp): void {
  expectBounded(r, what);
  const ctx = context(what, r);
  expect(r.code, ctx).toBe(2);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines, ctx).toHaveLength(1);
  if (pattern !== undefined) expect(lines[0], ctx).toMatch(pattern);
}

/** Bounded and either accepted (exit 0) or refused on one line (exit 2). */
export function expectAcceptedOrRefused(r: ChildRun, what: string): void {
  expectBounded(r, what);
  const ctx = context(what, r);
  expect([0, 2], ctx).toContain(r.code);
  if (r.code === 2) expect(r.stderr.split("\n").filter((l) => l !== ""), ctx).toHaveLength(1);
}

/** A gzip member of `bytes` bytes of `fill` (a byte or a repeated unit), optionally with a forged ISIZE trailer. */
export function gzipBomb(bytes: number, fill: number | Buffer = 0, forgedSize?: number): Buffer {
  const out = gzipSync(Buffer.alloc(bytes, fill), { level: 1 });
  if (forgedSize !== undefined) out.writeUInt32LE(forgedSize >>> 0, out.length - 4);
  return out;
}
