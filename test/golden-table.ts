import { describe, expect, it } from "vitest";
import { policies } from "../src/paging/catalog.ts";
import { simulate } from "../src/paging/core/simulate.ts";
import { readSharedTrace } from "./helpers/shared-traces.ts";

/**
 * The golden miss counts of ../shared/traces/README.md ("Golden miss counts"): unit-size pages,
 * demand paging, cold misses counted, OPT = Belady. Two independent simulators agree on them.
 */
export interface GoldenRow {
  /** Trace file under the shared traces folder. */
  readonly file: string;
  readonly k: number;
  readonly lru: number;
  readonly fifo: number;
  readonly opt: number;
}

function rows(file: string, ks: number[], lru: number[], fifo: number[], opt: number[]): GoldenRow[] {
  return ks.map((k, i) => ({ file, k, lru: lru[i], fifo: fifo[i], opt: opt[i] }));
}

/** Small traces (fast group). */
export const GOLDEN_SMALL: readonly GoldenRow[] = [
  ...rows("libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin", [100, 1_000, 10_000], [100_215, 94_823, 79_438], [101_495, 95_520, 79_210], [94_010, 87_025, 61_843]),
  ...rows("lirs/cpp.trace", [100, 1_000], [2_740, 1_230], [4_086, 1_351], [1_582, 1_223]),
  ...rows("lirs/cs.trace", [100, 1_000], [6_657, 6_657], [6_657, 6_657], [6_257, 2_657]),
  ...rows("lirs/gli.trace", [100, 1_000], [5_960, 5_341], [5_960, 5_345], [5_554, 2_819]),
  ...rows("lirs/ps.trace", [100, 1_000], [9_678, 5_376], [9_678, 6_009], [7_194, 3_378]),
  ...rows("lirs/sprite.trace", [100, 1_000], [105_079, 12_544], [104_111, 17_093], [65_929, 9_060]),
  ...rows("lirs/multi1.trace", [100, 1_000], [12_977, 8_210], [13_480, 8_755], [8_259, 4_536]),
  ...rows("lirs/multi2.trace", [100, 1_000], [24_539, 13_734], [24_724, 16_109], [17_000, 9_957]),
  ...rows("lirs/multi3.trace", [100, 1_000], [28_263, 18_840], [28_381, 20_270], [20_628, 13_221]),
  ...rows("cache2k/web07.trace", [1_000, 5_000], [37_750, 28_416], [39_818, 30_035], [27_720, 20_623]),
  ...rows("cache2k/web12.trace", [1_000, 5_000], [33_725, 18_454], [37_455, 21_071], [21_274, 13_756]),
];

/** Large traces (slow group). */
export const GOLDEN_LARGE: readonly GoldenRow[] = [
  ...rows("arc/OLTP.lis.gz", [1_000, 10_000], [614_023, 359_239], [653_340, 390_442], [424_052, 246_655]),
  ...rows("cache2k/orm-busy.trace.gz", [1_000, 10_000], [1_061_057, 525_687], [1_108_195, 585_548], [793_113, 279_446]),
];

/**
 * Register one test per golden row of `table`: read the trace with `readTrace` (format inferred,
 * each file read once), run LRU, FIFO and OPT from the registry and compare fault counts.
 */
export function goldenSuite(table: readonly GoldenRow[]): void {
  const files = [...new Set(table.map((r) => r.file))];
  for (const file of files) {
    describe(file, () => {
      for (const row of table.filter((r) => r.file === file)) {
        it(`k=${row.k}: LRU ${row.lru}, FIFO ${row.fifo}, OPT ${row.opt}`, async () => {
          const { trace } = await readSharedTrace(file);
          const faults = (name: string) => simulate(policies.create(name, row.k), trace.requests, { universe: trace.distinct }).faults;
          expect({ lru: faults("lru"), fifo: faults("fifo"), opt: faults("opt") }).toEqual({ lru: row.lru, fifo: row.fifo, opt: row.opt });
        });
      }
    });
  }
}

