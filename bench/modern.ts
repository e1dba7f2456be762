/**
 * The modern policies in `npm run bench`: their names and throughput targets, and libCacheSim's
 * rate for the same policies side by side when its `cachesim` binary is given
 * (`PAGING_LAB_CACHESIM=/path/to/cachesim`): the whole process on the same requests written as
 * an oracleGeneral file (unit sizes), so its time includes reading the 120 MB file — an upper
 * bound on its per-request cost, not its inner loop alone.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trace } from "../src/paging/core/trace.ts";
import { writeOracleGeneral } from "../src/traces/index.ts";

/** Registry names of the modern policies benchmarked. */
export const MODERN = ["arc", "2q", "slru", "lfuda", "lru-k", "sieve", "s3-fifo", "lirs", "clock-pro", "w-tinylfu", "lecar", "cacheus", "hyperbolic"];

/** Target M requests/s of each (issue 11). */
export const MODERN_TARGETS: Record<string, number> = Object.fromEntries(MODERN.map((name) => [name, 20]));

/** libCacheSim's names; LFUDA is left out: its minimum-priority scan does not finish on orm-busy. */
const LIBCACHESIM: Record<string, string> = { lru: "lru", arc: "arc", "2q": "twoq", slru: "slru", sieve: "sieve", "s3-fifo": "s3fifo", lirs: "lirs", "w-tinylfu": "wtinylfu", lecar: "lecar", cacheus: "cacheus", hyperbolic: "hyperbolic" };

/** Time `cachesim` per policy and k on `trace`, when PAGING_LAB_CACHESIM names the binary. */
export async function libCacheSimRates(trace: Trace, ks: readonly number[]): Promise<void> {
  const bin = process.env.PAGING_LAB_CACHESIM;
  if (bin === undefined) {
    console.log("libCacheSim side by side: set PAGING_LAB_CACHESIM to its cachesim binary to time it");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "paging-lab-bench-"));
  try {
    const file = join(dir, "orm-busy.oracleGeneral.bin");
    await writeOracleGeneral(file, trace, { objectIds: "dense" });
    const n = trace.requests.length;
    const rows = [];
    for (const [ours, theirs] of Object.entries(LIBCACHESIM)) {
      for (const k of ks) {
        const t0 = performance.now();
        // cwd: cachesim writes a result file named after the trace into its working directory.
        const run = spawnSync(bin, [file, "oracleGeneral", theirs, String(k), "--ignore-obj-size", "1", "--num-thread", "1"], { encoding: "utf8", cwd: dir });
        const seconds = (performance.now() - t0) / 1000;
        if (run.status !== 0) throw new Error(`cachesim ${theirs} failed: ${run.stderr.slice(0, 200)}`);
        rows.push({ run: `${ours} k=${k}`, "libCacheSim s": seconds.toFixed(2), "M req/s (whole process)": (n / seconds / 1e6).toFixed(1) });
      }
    }
    console.table(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
