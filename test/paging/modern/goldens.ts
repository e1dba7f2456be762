import { describe, expect, it } from "vitest";
import { policies } from "../../../src/paging/catalog.ts";
import { simulate } from "../../../src/paging/core/simulate.ts";
import { readSharedTrace } from "../../helpers/shared-traces.ts";

/**
 * libCacheSim's miss counts for SIEVE, S3-FIFO and LIRS on the shared traces, unit sizes
 * (a cache of k objects), cold misses counted. Obtained at libCacheSim commit
 * aa0fc40914b2b786f4b9f4dafb099f8f332b216a (`Sieve_init`, `S3FIFO_init` and `LIRS_init` with
 * default parameters, `cache->get` per request, every request of size 1) on the traces as
 * `readTrace` reads them; the be32 and ARC traces were also written with `writeOracleGeneral`
 * and `cachesim … oracleGeneralBin <algo> k --ignore-obj-size 1` printed the same miss ratios.
 * The LIRS traces use k = 200 and 1,000: below k = 200 libCacheSim's 1% HIR queue has one slot
 * and its LIRS can hold k + 1 pages (see `Lirs`), which no k-page cache reproduces.
 */
export interface ModernGoldenRow {
  /** Trace file under the shared traces folder. */
  readonly file: string;
  readonly k: number;
  readonly sieve: number;
  readonly s3fifo: number;
  readonly lirs: number;
}

/** Small traces (unit group). */
export const MODERN_GOLDEN_SMALL: readonly ModernGoldenRow[] = [
  { file: "lirs/cpp.trace", k: 200, sieve: 1_457, s3fifo: 1_391, lirs: 1_406 },
  { file: "lirs/cpp.trace", k: 1_000, sieve: 1_229, s3fifo: 1_230, lirs: 1_228 },
  { file: "lirs/cs.trace", k: 200, sieve: 6_657, s3fifo: 6_657, lirs: 6_025 },
  { file: "lirs/cs.trace", k: 1_000, sieve: 6_657, s3fifo: 4_307, lirs: 2_799 },
  { file: "lirs/gli.trace", k: 200, sieve: 5_932, s3fifo: 5_947, lirs: 5_251 },
  { file: "lirs/gli.trace", k: 1_000, sieve: 4_130, s3fifo: 3_907, lirs: 2_964 },
  { file: "lirs/ps.trace", k: 200, sieve: 8_693, s3fifo: 6_121, lirs: 6_551 },
  { file: "lirs/ps.trace", k: 1_000, sieve: 4_953, s3fifo: 4_953, lirs: 3_527 },
  { file: "lirs/sprite.trace", k: 200, sieve: 77_157, s3fifo: 71_400, lirs: 73_807 },
  { file: "lirs/sprite.trace", k: 1_000, sieve: 17_459, s3fifo: 14_261, lirs: 16_471 },
  { file: "lirs/multi1.trace", k: 200, sieve: 9_296, s3fifo: 8_322, lirs: 8_228 },
  { file: "lirs/multi1.trace", k: 1_000, sieve: 7_970, s3fifo: 6_689, lirs: 5_021 },
  { file: "lirs/multi2.trace", k: 200, sieve: 20_602, s3fifo: 17_198, lirs: 17_541 },
  { file: "lirs/multi2.trace", k: 1_000, sieve: 12_970, s3fifo: 13_209, lirs: 11_176 },
  { file: "lirs/multi3.trace", k: 200, sieve: 23_790, s3fifo: 21_383, lirs: 21_478 },
  { file: "lirs/multi3.trace", k: 1_000, sieve: 18_399, s3fifo: 16_522, lirs: 14_513 },
  { file: "cache2k/web07.trace", k: 1_000, sieve: 35_582, s3fifo: 34_933, lirs: 36_352 },
  { file: "cache2k/web07.trace", k: 5_000, sieve: 27_399, s3fifo: 27_398, lirs: 27_795 },
  { file: "cache2k/web12.trace", k: 1_000, sieve: 30_370, s3fifo: 29_568, lirs: 32_040 },
  { file: "cache2k/web12.trace", k: 5_000, sieve: 17_632, s3fifo: 17_603, lirs: 18_088 },
  { file: "libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin", k: 1_000, sieve: 93_975, s3fifo: 94_017, lirs: 94_304 },
  { file: "libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin", k: 10_000, sieve: 81_059, s3fifo: 76_212, lirs: 74_395 },
];

/** Large traces (slow group). */
export const MODERN_GOLDEN_LARGE: readonly ModernGoldenRow[] = [
  { file: "cache2k/orm-busy.trace.gz", k: 1_000, sieve: 1_304_803, s3fifo: 1_115_115, lirs: 1_313_341 },
  { file: "cache2k/orm-busy.trace.gz", k: 10_000, sieve: 509_657, s3fifo: 473_406, lirs: 526_306 },
  { file: "arc/OLTP.lis.gz", k: 1_000, sieve: 616_519, s3fifo: 540_808, lirs: 598_066 },
  { file: "arc/OLTP.lis.gz", k: 10_000, sieve: 361_388, s3fifo: 341_517, lirs: 362_670 },
];

/** One test per row: read the trace once per file, run the three policies from the registry. */
export function modernGoldenSuite(table: readonly ModernGoldenRow[]): void {
  for (const file of [...new Set(table.map((r) => r.file))]) {
    describe(file, () => {
      for (const row of table.filter((r) => r.file === file)) {
        it(`k=${row.k}: SIEVE ${row.sieve}, S3-FIFO ${row.s3fifo}, LIRS ${row.lirs}`, async () => {
          const { trace } = await readSharedTrace(file);
          const faults = (name: string) => simulate(policies.create(name, row.k), trace.requests, { universe: trace.distinct }).faults;
          expect({ sieve: faults("sieve"), s3fifo: faults("s3-fifo"), lirs: faults("lirs") }).toEqual({
            sieve: row.sieve,
            s3fifo: row.s3fifo,
            lirs: row.lirs,
          });
        });
      }
    });
  }
}

