/**
 * The figures the README shows, built by the same chart code the notebooks display: each is a
 * function of the shared traces that returns a standalone SVG. `npm run figures` writes them to
 * `docs/figures/`; a test regenerates them and compares byte for byte with the committed files.
 * Everything is seeded, so a figure depends only on the code and the traces.
 * @module
 */
import { resolve } from "node:path";
import * as Plot from "@observablehq/plot";
import { ioChart } from "../attention-io/chart.ts";
import { doublingRange, ioSweep } from "../attention-io/sweep.ts";
import { readDataset } from "../experiments/dataset.ts";
import { runPredictionStudy, summarizeStudy } from "../experiments/prediction-study.ts";
import { policies } from "../paging/catalog.ts";
import { simulate } from "../paging/core/simulate.ts";
import type { Trace } from "../paging/core/trace.ts";
import { readTrace } from "../traces/read-trace.ts";
import { renderPlot, type PlotFigure } from "./plot.ts";

/** One point of a miss-ratio curve: a policy's faults on a trace at cache size k (mean over seeds when randomized). */
export interface MissRatioRow {
  readonly trace: string;
  readonly policy: string;
  readonly k: number;
  readonly faults: number;
  readonly missRatio: number;
}

/** Display names and colours of the classical policies (Plot's "observable10", black for OPT). */
const CLASSICAL_LABELS: Readonly<Record<string, { label: string; colour: string }>> = {
  lru: { label: "LRU", colour: "#4269d0" },
  fifo: { label: "FIFO", colour: "#efb118" },
  clock: { label: "CLOCK", colour: "#ff725c" },
  lfu: { label: "LFU", colour: "#6cc5b0" },
  marker: { label: "Marker", colour: "#3ca951" },
  random: { label: "Random", colour: "#ff8ab7" },
  opt: { label: "OPT", colour: "black" },
};

/**
 * Miss ratio against cache size, one facet per trace, one line per policy, with each trace's
 * floor (distinct / requests: the cold misses) dashed. `traces` gives the facets' order and their
 * floors; policies are drawn in the order of their first row.
 */
export function missRatioChart(
  rows: readonly MissRatioRow[],
  traces: ReadonlyMap<string, { requests: ArrayLike<number>; distinct: number }>,
  options: { title?: string; width?: number } = {},
): PlotFigure {
  const policyNames = [...new Set(rows.map((r) => r.policy))];
  const ks = [...new Set(rows.map((r) => r.k))].sort((a, b) => a - b);
  const label = (p: string): string => CLASSICAL_LABELS[p]?.label ?? p;
  const floors = [...traces].map(([trace, t]) => ({ trace, floor: t.distinct / t.requests.length }));
  return renderPlot({
    title: options.title ?? `Miss ratio against cache size on ${traces.size === 1 ? "a trace" : `${traces.size} traces`}`,
    width: options.width ?? 900,
    height: 320,
    marginLeft: 50,
    x: { type: "log", label: "cache size k (pages)", ticks: ks, tickFormat: "~s" },
    y: { label: "miss ratio", domain: [0, 1], grid: true },
    fx: { label: null, domain: [...traces.keys()] },
    color: {
      legend: true,
      domain: policyNames.map(label),
      range: policyNames.map((p) => CLASSICAL_LABELS[p]?.colour ?? "#7f7f7f"),
    },
    marks: [
      Plot.ruleY(floors, { fx: "trace", y: "floor", stroke: "#bbb", strokeDasharray: "4,3" }),
      Plot.line(rows, { fx: "trace", x: "k", y: "missRatio", stroke: (r: MissRatioRow) => label(r.policy) }),
      Plot.dot(rows, { fx: "trace", x: "k", y: "missRatio", fill: (r: MissRatioRow) => label(r.policy), r: 2.5 }),
    ],
  });
}

/**
 * The rows of {@link missRatioChart}: every policy at every k on every trace, randomized
 * policies averaged over `seeds` (deterministic ones run once, seed 0).
 */
export function missRatioRows(
  traces: ReadonlyMap<string, Trace>,
  policyNames: readonly string[],
  ks: readonly number[],
  seeds: readonly number[],
): MissRatioRow[] {
  const rows: MissRatioRow[] = [];
  for (const [trace, t] of traces) {
    for (const policy of policyNames) {
      const runSeeds = policies.get(policy).randomized ? seeds : [0];
      for (const k of ks) {
        let total = 0;
        for (const seed of runSeeds) total += simulate(policies.create(policy, k, { seed }), t.requests, { universe: t.distinct }).faults;
        const faults = total / runSeeds.length;
        rows.push({ trace, policy, k, faults, missRatio: faults / t.requests.length });
      }
    }
  }
  return rows;
}

/** One point of {@link predictionNoiseChart}: an algorithm's mean total cost / total OPT at noise σ. */
export interface NoisePoint {
  readonly algorithm: string;
  readonly sigma: number;
  readonly ratio: number;
}

/**
 * Cost / OPT against the noise σ of the lognormal next-arrival predictor (σ on a symlog axis,
 * so σ = 0 shows), one line per algorithm, in the order of the points.
 */
export function predictionNoiseChart(points: readonly NoisePoint[], options: { title: string; subtitle?: string; width?: number }): PlotFigure {
  const algorithms = [...new Set(points.map((p) => p.algorithm))];
  const sigmas = [...new Set(points.map((p) => p.sigma))].sort((a, b) => a - b);
  const last = algorithms.map((a) => points.filter((p) => p.algorithm === a).at(-1)!);
  return renderPlot({
    title: options.title,
    subtitle: options.subtitle,
    width: options.width ?? 800,
    height: 400,
    marginRight: 190,
    x: { type: "symlog", label: "σ of the lognormal noise", ticks: sigmas },
    y: { label: "cost / OPT", grid: true },
    color: { domain: algorithms, range: ["black", "#4269d0", "#3ca951", "#d62728", "#a463f2", "#efb118", "#17becf", "#9c6b4e"] },
    marks: [
      Plot.line(points, { x: "sigma", y: "ratio", stroke: "algorithm" }),
      Plot.dot(points, { x: "sigma", y: "ratio", fill: "algorithm", r: 2.5 }),
      Plot.text(last, { x: "sigma", y: "ratio", text: "algorithm", fill: "algorithm", textAnchor: "start", dx: 8 }),
    ],
  });
}

/**
 * The SVG with every decimal number of four or more places rounded to three (a thousandth of a
 * pixel): the committed figures then do not depend on the last bits of a runtime's Math library.
 */
export function roundSvgNumbers(svg: string): string {
  return svg.replace(/-?\d+\.\d{4,}/g, (m) => String(Number(Number(m).toFixed(3))));
}

/** A figure of the README. */
export interface ReadmeFigure {
  /** File name under `docs/figures/`, without `.svg`. */
  readonly name: string;
  /** What it shows, for the image's alt text. */
  readonly alt: string;
  /** The SVG (numbers rounded by {@link roundSvgNumbers}), computed from the shared traces in `tracesDir`. */
  render(tracesDir: string): Promise<string>;
}

/** The README's figures, in the order it shows them. */
export const README_FIGURES: readonly ReadmeFigure[] = [
  {
    name: "miss-ratio",
    alt: "Miss ratio against cache size of LRU, FIFO, CLOCK, LFU, Marker, Random and OPT on three LIRS traces",
    async render(tracesDir) {
      const traces = new Map<string, Trace>();
      for (const name of ["cpp", "ps", "multi1"]) traces.set(name, (await readTrace(resolve(tracesDir, "lirs", `${name}.trace`))).trace);
      const rows = missRatioRows(traces, ["lru", "fifo", "clock", "lfu", "marker", "random", "opt"], [10, 30, 100, 300, 1_000, 3_000], [1, 2, 3, 4, 5]);
      return roundSvgNumbers(missRatioChart(rows, traces, { title: "Miss ratio against cache size on three LIRS traces" }).svg);
    },
  },
  {
    name: "prediction-noise",
    alt: "Cost over OPT against the noise of next-arrival predictions on BrightKite: FollowPred degrades from optimal, the robust algorithms stay near the marking bound",
    async render(tracesDir) {
      const traces = await readDataset(resolve(tracesDir, "mts-with-predictions", "bk"));
      const algorithms = ["opt", "lru", "marker", "blind-oracle", "predictive-marker", "combine-rand[lazy=fifo](marker,blind-oracle)", "trust-and-doubt"];
      const runs = 3;
      const totals = runPredictionStudy({ traces, k: 10, algorithms, runs, seed: 1 });
      const report = summarizeStudy(totals, { k: 10, files: traces.length, runs, predictor: "lognormal", bitFlip: 0, seed: 1 });
      // The study's names for its rows (ACEPS 2020), with the registry's in parentheses where they differ.
      const labels = ["OPT", "LRU", "Marker", "FollowPred (blind-oracle)", "PredMarker (L&V)", "RobustFtP (combine-rand)", "LazyTrustDoubt"];
      const labelOf = new Map(algorithms.map((a, i) => [policies.get(a).name, labels[i]]));
      const points = report.rows.map((r) => ({ algorithm: labelOf.get(r.algorithm)!, sigma: r.sigma!, ratio: r.meanRatio }));
      return roundSvgNumbers(predictionNoiseChart(points, {
        title: "BrightKite, k = 10: cost / OPT against prediction noise",
        subtitle: `100 users × 2,100 check-ins; predicted next arrival × e^N(0,σ²); mean of ${runs} runs, seed 1`,
      }).svg);
    },
  },
  {
    name: "attention-io",
    alt: "Slow-memory traffic of standard attention, FlashAttention-1/2 and square tiling against fast-memory size, with the lower bound",
    async render() {
      return roundSvgNumbers(ioChart(ioSweep({ N: 4096, d: 64, Ms: doublingRange(1024, 1 << 20) }).rows).svg);
    },
  },
];
