import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTrace } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";
import { sameArray } from "./arrays.ts";

// Request and distinct counts from ../shared/traces/README.md, each file read with the format
// inferred from its name or content (no --format), so inference is tested on every file too.
const TABLE: [file: string, format: string, requests: number, distinct: number][] = [
  ["libcachesim-cloudphysics/cloudPhysicsIO.txt", "txt", 113_872, 48_974],
  ["libcachesim-cloudphysics/cloudPhysicsIO.csv", "csv", 113_872, 48_974],
  ["libcachesim-cloudphysics/cloudPhysicsIO.vscsi", "vscsi", 113_872, 48_974],
  ["libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin", "oracleGeneral", 113_872, 48_974],
  ["lirs/cpp.trace", "txt", 9_047, 1_223],
  ["lirs/cs.trace", "txt", 6_781, 1_409],
  ["lirs/gli.trace", "txt", 6_015, 2_529],
  ["lirs/ps.trace", "txt", 10_448, 3_083],
  ["lirs/sprite.trace", "txt", 133_996, 7_075],
  ["lirs/multi1.trace", "txt", 15_858, 2_606],
  ["lirs/multi2.trace", "txt", 26_311, 5_684],
  ["lirs/multi3.trace", "txt", 30_241, 7_454],
  ["cache2k/web07.trace", "be32", 76_118, 20_484],
  ["cache2k/web12.trace", "be32", 95_607, 13_756],
  ["cache2k/orm-busy.trace.gz", "be32", 5_000_000, 76_349],
  ["arc/OLTP.lis.gz", "arc", 914_145, 186_880],
];

/** Distinct values of a dense request array, counted independently of the reader's id map. */
function distinctOf(requests: Int32Array): number {
  return new Set(requests).size;
}

/** Index of the first request breaking "ids numbered in order of first request", or -1. */
function firstRequestOrderViolation(requests: Int32Array): number {
  let next = 0;
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (p === next) next++;
    else if (p > next || p < 0) return t;
  }
  return -1;
}

describe("shared traces: counts of ../shared/traces/README.md, format inferred", () => {
  for (const [file, format, requests, distinct] of TABLE) {
    it(`${file}: ${format}, ${requests} requests, ${distinct} distinct`, async () => {
      const { trace, format: read, path } = await readTrace(tracePath(file));
      expect(read).toBe(format);
      expect(path).toBe(tracePath(file));
      expect(trace.requests.length).toBe(requests);
      expect(trace.distinct).toBe(distinct);
      expect(distinctOf(trace.requests)).toBe(distinct);
      expect(firstRequestOrderViolation(trace.requests)).toBe(-1);
    }, 60_000);
  }
});

describe("cloudPhysicsIO in four formats is one request sequence", () => {
  const files = ["txt", "csv", "vscsi", "oracleGeneral.bin"].map((ext) => tracePath(`libcachesim-cloudphysics/cloudPhysicsIO.${ext}`));

  it("same dense requests and same numeric keys in txt, csv (lbn), vscsi and oracleGeneral", async () => {
    const traces = await Promise.all(files.map(async (f) => (await readTrace(f, f.endsWith(".csv") ? { column: "lbn" } : {})).trace));
    const [reference, ...others] = traces;
    expect(reference.keys.kind).toBe("number");
    for (const other of others) {
      expect(sameArray(other.requests, reference.requests)).toBe(true);
      expect(other.distinct).toBe(reference.distinct);
      expect(other.keys.kind).toBe("number");
      if (other.keys.kind === "number" && reference.keys.kind === "number") {
        expect(sameArray(other.keys.values, reference.keys.values)).toBe(true);
      }
    }
    // The first block number of the sample, as printed in the text file.
    expect(reference.keys.kind === "number" && reference.keys.values[0]).toBe(42_932_745);
  });

  it("the csv id column by 0-based index equals the column by name", async () => {
    const byName = await readTrace(files[1], { column: "lbn" });
    const byIndex = await readTrace(files[1], { column: 4 });
    const byDigits = await readTrace(files[1], { column: "4", format: "csv" });
    expect(sameArray(byIndex.trace.requests, byName.trace.requests)).toBe(true);
    expect(sameArray(byDigits.trace.requests, byName.trace.requests)).toBe(true);
  });
});

describe("mts-with-predictions instances", () => {
  it("100 BrightKite users of 2,100 hex-string ids; bk251, bk2865, bk2870, bk5598 hold one id", async () => {
    const dir = tracePath("mts-with-predictions/bk");
    const names = readdirSync(dir).filter((f) => f.endsWith(".txt"));
    expect(names).toHaveLength(100);
    const single: string[] = [];
    for (const name of names) {
      const { trace } = await readTrace(`${dir}/${name}`);
      expect(trace.requests.length).toBe(2_100);
      expect(trace.keys.kind).toBe("string");
      if (trace.distinct === 1) single.push(name);
    }
    expect(single.sort()).toEqual(["bk251.txt", "bk2865.txt", "bk2870.txt", "bk5598.txt"]);
  });

  it("string keys are the exact text, leading zeros kept", async () => {
    const { trace } = await readTrace(tracePath("mts-with-predictions/bk/bk251.txt"));
    expect(trace.keys).toEqual({ kind: "string", values: ["00000000000000000000000000000000"] });
  });

  it("12 Citi Bike months of 25,000 numeric station ids", async () => {
    for (let month = 1; month <= 12; month++) {
      const file = tracePath(`mts-with-predictions/citi/citi${String(month).padStart(2, "0")}.txt`);
      const { trace } = await readTrace(file);
      expect(trace.requests.length).toBe(25_000);
      expect(trace.keys.kind).toBe("number");
    }
  });
});
