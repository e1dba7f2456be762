import { describe, expect, it } from "vitest";
import { policies, simulate } from "../../../src/paging/index.ts";
import { readTrace } from "../../../src/traces/index.ts";
import { tracePath } from "../../helpers/paths.ts";

/**
 * libCacheSim's miss ratios for the modern policies on the shared traces, the reference of
 * test/paging/modern/libcachesim-parity(.slow).test.ts.
 *
 * How they were made: libCacheSim at commit {@link LIBCACHESIM_COMMIT} (Release build,
 * `cachesim`), each shared trace written as oracleGeneral with dense ids by this project's
 * `writeOracleGeneral(path, trace, { objectIds: "dense" })` (be32 and ARC traces included, which
 * libCacheSim cannot read), then
 * `cachesim T.oracleGeneral.bin oracleGeneral ALGO K1,K2 --ignore-obj-size 1 --num-thread 1`
 * with ALGO = WTinyLFU, LeCaR, Cacheus, Hyperbolic (default parameters). cachesim prints the
 * miss ratio to 4 decimals; that printed ratio is the reference (±0.00005). Our Cacheus is
 * compared in its libCacheSim form, `cacheus[split=fixed]`.
 *
 * Cacheus is the exception: `cachesim` seeds libCacheSim's generator from the clock, and one run
 * is one draw from a wide spread (gli k = 800 over seeds 0–9: 0.7239 … 0.8018; the single run
 * once recorded here, 0.7242, sits at its low end). Its rows are instead the mean over seeds 0,
 * 1, 2 of libCacheSim's `Cacheus_init` + `cache->get` with `set_rand_seed(seed)` before init
 * (a C driver, as for libcachesim-goldens.ts) — the seeds this test averages ours over, and ours
 * draws the same MMIX stream, so those runs are equal miss for miss
 * (test/paging/modern/cacheus-goldens.ts pins seed 0's counts).
 */
export const LIBCACHESIM_COMMIT = "aa0fc40914b2b786f4b9f4dafb099f8f332b216a";

/** One trace's references: [policy expression, k, libCacheSim miss ratio]. */
export interface ParityTrace {
  /** Path under the shared traces folder. */
  readonly trace: string;
  /** Reader format when the name does not tell it. */
  readonly format?: "be32";
  /** Test group: small traces in the unit group, large ones in the slow group. */
  readonly group: "unit" | "slow";
  readonly rows: readonly (readonly [string, number, number])[];
}

export const PARITY: readonly ParityTrace[] = [
  {
    trace: "lirs/cpp.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 200, 0.1606],
      ["w-tinylfu", 800, 0.1367],
      ["lecar", 200, 0.1784],
      ["lecar", 800, 0.1374],
      ["cacheus[split=fixed]", 200, 0.1642],
      ["cacheus[split=fixed]", 800, 0.1376],
      ["hyperbolic", 200, 0.1717],
      ["hyperbolic", 800, 0.1366],
    ],
  },
  {
    trace: "lirs/cs.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 200, 0.8863],
      ["w-tinylfu", 800, 0.5505],
      ["lecar", 200, 0.9817],
      ["lecar", 800, 0.9817],
      ["cacheus[split=fixed]", 200, 0.9817],
      ["cacheus[split=fixed]", 800, 0.9817],
      ["hyperbolic", 200, 0.9817],
      ["hyperbolic", 800, 0.9627],
    ],
  },
  {
    trace: "lirs/gli.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 200, 0.8833],
      ["w-tinylfu", 800, 0.5534],
      ["lecar", 200, 0.9909],
      ["lecar", 800, 0.9884],
      ["cacheus[split=fixed]", 200, 0.9862],
      ["cacheus[split=fixed]", 800, 0.7349],
      ["hyperbolic", 200, 0.9897],
      ["hyperbolic", 800, 0.9599],
    ],
  },
  {
    trace: "lirs/ps.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 200, 0.5376],
      ["w-tinylfu", 800, 0.3721],
      ["lecar", 200, 0.8374],
      ["lecar", 800, 0.4910],
      ["cacheus[split=fixed]", 200, 0.8332],
      ["cacheus[split=fixed]", 800, 0.4741],
      ["hyperbolic", 200, 0.8620],
      ["hyperbolic", 800, 0.4761],
    ],
  },
  {
    trace: "lirs/sprite.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 500, 0.3042],
      ["w-tinylfu", 2000, 0.1171],
      ["lecar", 500, 0.2143],
      ["lecar", 2000, 0.0664],
      ["cacheus[split=fixed]", 500, 0.2162],
      ["cacheus[split=fixed]", 2000, 0.0688],
      ["hyperbolic", 500, 0.2311],
      ["hyperbolic", 2000, 0.0680],
    ],
  },
  {
    trace: "lirs/multi1.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 200, 0.5329],
      ["w-tinylfu", 800, 0.3879],
      ["lecar", 200, 0.5648],
      ["lecar", 800, 0.5205],
      ["cacheus[split=fixed]", 200, 0.5392],
      ["cacheus[split=fixed]", 800, 0.5041],
      ["hyperbolic", 200, 0.5699],
      ["hyperbolic", 800, 0.5086],
    ],
  },
  {
    trace: "lirs/multi2.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 500, 0.5013],
      ["w-tinylfu", 2000, 0.2954],
      ["lecar", 500, 0.6239],
      ["lecar", 2000, 0.5086],
      ["cacheus[split=fixed]", 500, 0.5145],
      ["cacheus[split=fixed]", 2000, 0.3307],
      ["hyperbolic", 500, 0.6329],
      ["hyperbolic", 2000, 0.4611],
    ],
  },
  {
    trace: "lirs/multi3.trace",
    group: "unit",
    rows: [
      ["w-tinylfu", 500, 0.5860],
      ["w-tinylfu", 2000, 0.3843],
      ["lecar", 500, 0.6518],
      ["lecar", 2000, 0.5468],
      ["cacheus[split=fixed]", 500, 0.6251],
      ["cacheus[split=fixed]", 2000, 0.4279],
      ["hyperbolic", 500, 0.6715],
      ["hyperbolic", 2000, 0.5279],
    ],
  },
  {
    trace: "cache2k/web07.trace", format: "be32",
    group: "unit",
    rows: [
      ["w-tinylfu", 1000, 0.4974],
      ["w-tinylfu", 5000, 0.3870],
      ["lecar", 1000, 0.4878],
      ["lecar", 5000, 0.3715],
      ["cacheus[split=fixed]", 1000, 0.4820],
      ["cacheus[split=fixed]", 5000, 0.3699],
      ["hyperbolic", 1000, 0.4786],
      ["hyperbolic", 5000, 0.3662],
    ],
  },
  {
    trace: "cache2k/web12.trace", format: "be32",
    group: "unit",
    rows: [
      ["w-tinylfu", 1000, 0.3350],
      ["w-tinylfu", 5000, 0.1989],
      ["lecar", 1000, 0.3326],
      ["lecar", 5000, 0.1876],
      ["cacheus[split=fixed]", 1000, 0.3400],
      ["cacheus[split=fixed]", 5000, 0.1888],
      ["hyperbolic", 1000, 0.3263],
      ["hyperbolic", 5000, 0.1878],
    ],
  },
  {
    trace: "cache2k/orm-busy.trace.gz", format: "be32",
    group: "slow",
    rows: [
      ["w-tinylfu", 1000, 0.4309],
      ["w-tinylfu", 10000, 0.0951],
      ["lecar", 1000, 0.2129],
      ["lecar", 10000, 0.1042],
      ["cacheus[split=fixed]", 1000, 0.2174],
      ["cacheus[split=fixed]", 10000, 0.1029],
      ["hyperbolic", 1000, 0.2297],
      ["hyperbolic", 10000, 0.1050],
    ],
  },
  {
    trace: "libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin",
    group: "unit",
    rows: [
      ["w-tinylfu", 1000, 0.8345],
      ["w-tinylfu", 10000, 0.6770],
      ["lecar", 1000, 0.8300],
      ["lecar", 10000, 0.7129],
      ["cacheus[split=fixed]", 1000, 0.8254],
      ["cacheus[split=fixed]", 10000, 0.6939],
      ["hyperbolic", 1000, 0.8283],
      ["hyperbolic", 10000, 0.7387],
    ],
  },
  {
    trace: "arc/OLTP.lis.gz",
    group: "slow",
    rows: [
      ["w-tinylfu", 1000, 0.6803],
      ["w-tinylfu", 20000, 0.3786],
      ["lecar", 1000, 0.6572],
      ["lecar", 20000, 0.3224],
      ["cacheus[split=fixed]", 1000, 0.6233],
      ["cacheus[split=fixed]", 20000, 0.3192],
      ["hyperbolic", 1000, 0.6651],
      ["hyperbolic", 20000, 0.3315],
    ],
  },
];

/** Relative gap allowed by default: |ours − libCacheSim| / libCacheSim ≤ 2 %. */
export const BAND = 0.02;

/**
 * Cases measured outside the 2 % band, with the bound asserted instead and why. Ours = the mean
 * over seeds 0, 1, 2 (one run for W-TinyLFU, which is deterministic).
 */
export const KNOWN_GAPS: Readonly<Record<string, { readonly bound: number; readonly why: string }>> = {
};

/**
 * Each Hyperbolic row twice: the default sampler (`sweep`, libCacheSim's bucket heads in a random
 * order) and `sampling=buckets` (libCacheSim's own walk over them), against the same reference.
 */
function withBucketWalk(rows: ParityTrace["rows"]): ParityTrace["rows"] {
  return rows.flatMap((row) => (row[0] === "hyperbolic" ? [row, ["hyperbolic[sampling=buckets]", row[1], row[2]] as const] : [row]));
}

/** Seeds averaged for the randomized policies. */
const SEEDS = [0, 1, 2];

/**
 * One test per trace of `group`: each row's miss ratio (mean over {@link SEEDS} for randomized
 * policies) within {@link BAND} of libCacheSim's, or within its {@link KNOWN_GAPS} bound.
 */
export function describeParity(group: "unit" | "slow"): void {
  describe(`modern policies vs libCacheSim ${LIBCACHESIM_COMMIT.slice(0, 7)} (${group} traces)`, () => {
    for (const entry of PARITY.filter((p) => p.group === group)) {
      const rows = withBucketWalk(entry.rows);
      it(`${entry.trace}: ${rows.length} runs within 2 % of libCacheSim (known gaps stated)`, async () => {
        const { trace } = await readTrace(tracePath(entry.trace), entry.format ? { format: entry.format } : {});
        const report: string[] = [];
        for (const [name, k, reference] of rows) {
          const seeds = policies.get(name).randomized ? SEEDS : [0];
          let sum = 0;
          for (const seed of seeds) sum += simulate(policies.create(name, k, { seed }), trace.requests, { universe: trace.distinct }).missRatio;
          const ours = sum / seeds.length;
          const gap = (ours - reference) / reference;
          const known = KNOWN_GAPS[`${entry.trace} ${name} ${k}`];
          const bound = known?.bound ?? BAND;
          if (!(Math.abs(gap) <= bound)) report.push(`${name} k=${k}: ours ${ours.toFixed(4)}, libCacheSim ${reference}, gap ${(gap * 100).toFixed(2)} % > ${bound * 100} %`);
        }
        expect(report, entry.trace).toEqual([]);
      });
    }
  });
}
