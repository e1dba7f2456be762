import { describe, expect, it } from "vitest";
import { policies } from "../../../src/paging/catalog.ts";
import { simulate } from "../../../src/paging/core/simulate.ts";
import { readSharedTrace } from "../../helpers/shared-traces.ts";

/**
 * libCacheSim's miss counts for the modern policies on the shared traces, unit sizes.
 *
 * Source: libCacheSim at commit aa0fc40914b2b786f4b9f4dafb099f8f332b216a (the mirror's HEAD,
 * 2024-10-07), each trace converted to oracleGeneral by our `writeOracleGeneral`, then run through
 * the library's own `ARC_init` / `TwoQ_init` / `SLRU_init` / `LFUDA_init` with default parameters,
 * `ignore_obj_size` (every object of size 1, cache size in objects), no metadata size, misses
 * counted exactly (cold misses included) by a small C driver calling `cache->get` per request
 * (the `cachesim` binary prints only a rounded miss ratio). Its LRU and FIFO counts on the same
 * files equal the shared traces' golden table.
 *
 * LFUDA: libCacheSim's `update_min_freq` probes every integer between the current and the
 * largest priority; on these traces that probe does not finish (hours on cloudPhysicsIO k=100),
 * so the LFUDA counts come from the same `LFUDA.c` with only that loop replaced by a search of
 * the existing priority buckets for the same answer (the least non-empty priority in
 * (min_freq, max_freq]); both versions agree wherever the original finishes (cpp, ps, multi1).
 * `null`: libCacheSim's LFUDA crashes (segmentation fault, both versions) on that run, so there
 * is no count to match. `"2^53"`: in libCacheSim's LFUDA rule a hit adds the cache age to the
 * priority, so priorities grow geometrically; on these runs they pass 2^53 and our LFUDA stops
 * with an input error instead of rounding (libCacheSim's int64 count is recorded beside it).
 */
export interface ModernGoldenRow {
  /** Trace file under the shared traces folder. */
  readonly file: string;
  readonly k: number;
  /** Registry expression → libCacheSim's miss count (null: libCacheSim crashes; "2^53": ours refuses). */
  readonly misses: Readonly<Record<string, number | null | "2^53">>;
}

function row(file: string, k: number, arc: number, twoQ: number, slru: number, lfuda?: number | null | "2^53"): ModernGoldenRow {
  return { file, k, misses: { arc, "2q": twoQ, slru, ...(lfuda === undefined ? {} : { "lfuda[variant=libcachesim]": lfuda }) } };
}

const CP = "libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin";

/** Small traces (fast group). */
export const MODERN_GOLDEN_SMALL: readonly ModernGoldenRow[] = [
  row("lirs/cpp.trace", 100, 2_077, 2_408, 2_368, 2_464),
  row("lirs/cpp.trace", 1_000, 1_229, 1_351, 1_229, 1_230),
  row("lirs/cs.trace", 100, 6_657, 6_657, 6_477, null),
  row("lirs/cs.trace", 1_000, 6_657, 4_112, 3_809, null),
  row("lirs/gli.trace", 100, 5_932, 5_960, 5_653, null),
  row("lirs/gli.trace", 1_000, 4_733, 4_164, 3_915, null),
  row("lirs/ps.trace", 100, 9_472, 8_718, 8_511, 9_478),
  row("lirs/ps.trace", 1_000, 4_953, 5_165, 3_927, 5_141),
  row("lirs/sprite.trace", 100, 99_611, 96_034, 96_996, "2^53"), // libCacheSim LFUDA: 107_257
  row("lirs/sprite.trace", 1_000, 13_795, 13_891, 13_623, 24_167),
  row("lirs/multi1.trace", 100, 9_270, 9_585, 11_609, 11_000),
  row("lirs/multi1.trace", 1_000, 7_969, 8_192, 5_861, 8_039),
  row("lirs/multi2.trace", 100, 19_488, 20_052, 23_062, 22_634),
  row("lirs/multi2.trace", 1_000, 12_959, 13_400, 12_058, 13_022),
  row("lirs/multi3.trace", 100, 24_845, 24_043, 27_137, 27_156),
  row("lirs/multi3.trace", 1_000, 16_812, 16_694, 15_466, 18_270),
  row(CP, 100, 97_330, 97_458, 98_316, 100_790),
  row(CP, 1_000, 94_027, 94_117, 94_084, 94_145),
  row(CP, 10_000, 79_413, 78_831, 82_234, 81_502),
  row("cache2k/web07.trace", 1_000, 35_745, 35_754, 35_376, 36_516),
  row("cache2k/web07.trace", 5_000, 27_163, 28_409, 27_843, 27_654),
  row("cache2k/web12.trace", 1_000, 31_132, 30_561, 30_401, 32_551),
  row("cache2k/web12.trace", 5_000, 17_315, 19_003, 17_788, 17_879),
];

/** Large traces (slow group). */
export const MODERN_GOLDEN_LARGE: readonly ModernGoldenRow[] = [
  row("arc/OLTP.lis.gz", 1_000, 558_130, 543_682, 554_718, 764_546),
  row("arc/OLTP.lis.gz", 10_000, 348_536, 342_030, 346_849, 406_964),
  row("cache2k/orm-busy.trace.gz", 1_000, 1_075_496, 1_057_180, 1_341_167, "2^53"),
  row("cache2k/orm-busy.trace.gz", 10_000, 515_956, 474_936, 520_339, "2^53"),
];

/**
 * One test per row of `table`: read the trace (each file once), run every policy of the row from
 * the registry and compare its faults with libCacheSim's misses.
 */
export function modernGoldenSuite(table: readonly ModernGoldenRow[]): void {
  const files = [...new Set(table.map((r) => r.file))];
  for (const file of files) {
    describe(file, () => {
      for (const r of table.filter((x) => x.file === file)) {
        const named = Object.entries(r.misses).filter((e): e is [string, number] => typeof e[1] === "number");
        const refused = Object.entries(r.misses).filter((e) => e[1] === "2^53").map((e) => e[0]);
        const label = [...named.map(([n, m]) => `${n} ${m}`), ...refused.map((n) => `${n} refused past 2^53`)].join(", ");
        it(`k=${r.k}: ${label}`, async () => {
          const { trace } = await readSharedTrace(file);
          const run = (name: string) => simulate(policies.create(name, r.k), trace.requests, { universe: trace.distinct }).faults;
          const ours: Record<string, number> = {};
          for (const [name] of named) ours[name] = run(name);
          expect(ours).toEqual(Object.fromEntries(named));
          for (const name of refused) expect(() => run(name), name).toThrow(/passed 2\^53/);
        });
      }
    });
  }
}

