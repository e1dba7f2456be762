import * as Plot from "@observablehq/plot";
import { renderPlot } from "../notebook/plot.ts";
import type { PlotFigure } from "../notebook/plot.ts";
import { attentionLowerBound, ioRegimeShape } from "./lower-bounds.ts";
import type { SweepRow } from "./sweep.ts";

/** One point of the I/O chart. */
export interface IoChartPoint {
  /** Fast-memory words (x). */
  readonly M: number;
  /** Words (reads + writes), summed over heads. */
  readonly words: number;
  /** Algorithm name, `lower bound`, `Θ(N²d²/M)` or `Θ(N²d/√M)`. */
  readonly series: string;
  /** A measured curve, the certified bound, or a Θ guide line (constant 1). */
  readonly kind: "algorithm" | "bound" | "regime";
}

/**
 * The series of the I/O-versus-M chart: each algorithm's total traffic, the certified lower
 * bound at every swept M, and the two regimes of Saha & Ye's Theorem 3.1 with constant 1 — N²d/√M
 * for M ≤ d² and N²d²/M for M ≥ d², each times the number of heads — which meet at M = d² (at
 * N² per head), so the guide is one continuous bent line. All rows must share N, d and heads.
 */
export function ioChartSeries(rows: readonly SweepRow[]): IoChartPoint[] {
  if (rows.length === 0) return [];
  const { N, d, heads } = rows[0];
  if (rows.some((r) => r.N !== N || r.d !== d || r.heads !== heads)) {
    throw new Error("ioChartSeries: rows mix different N, d or heads");
  }
  const Ms = [...new Set(rows.map((r) => r.M))].sort((a, b) => a - b);
  const points: IoChartPoint[] = rows.map((r) => ({ M: r.M, words: r.total, series: r.algorithm, kind: "algorithm" }));
  for (const M of Ms) points.push({ M, words: attentionLowerBound(N, d, M, heads).words, series: "lower bound", kind: "bound" });
  const crossover = d * d;
  const below = Ms.filter((M) => M < crossover);
  const above = Ms.filter((M) => M > crossover);
  // Both regime lines end exactly at the crossover, where they coincide.
  if (below.length > 0 && crossover <= Ms[Ms.length - 1]) below.push(crossover);
  if (above.length > 0 && crossover >= Ms[0]) above.unshift(crossover);
  for (const M of below) points.push({ M, words: heads * ioRegimeShape(N, d, M), series: "Θ(N²d/√M)", kind: "regime" });
  for (const M of above) points.push({ M, words: heads * ioRegimeShape(N, d, M), series: "Θ(N²d²/M)", kind: "regime" });
  return points;
}

/**
 * Log-log chart of slow-memory traffic against M for each algorithm in `rows` (from
 * `ioSweep`), with the lower bound (dashed), the Θ(N²d/√M) and Θ(N²d²/M) regimes
 * (dotted, labelled) and a rule at the crossover M = d².
 */
export function ioChart(rows: readonly SweepRow[], options: { title?: string; width?: number } = {}): PlotFigure {
  const points = ioChartSeries(rows);
  const { N, d, heads } = rows[0];
  const algorithms = points.filter((p) => p.kind === "algorithm");
  const others = points.filter((p) => p.kind !== "algorithm");
  // Labels at the right end of each line, except the small-M regime, labelled at its left end.
  const labels = [...new Set(others.map((p) => p.series))].map((series) => {
    const pts = others.filter((p) => p.series === series);
    return series === "Θ(N²d/√M)" ? { ...pts[0], dy: -10 } : { ...pts[pts.length - 1], dy: 0 };
  });
  return renderPlot({
    title: options.title ?? `Slow-memory traffic of attention, N = ${N}, d = ${d}${heads > 1 ? `, ${heads} heads` : ""}`,
    width: options.width ?? 720,
    height: 440,
    marginRight: 90,
    x: { type: "log", label: "fast memory M (words)" },
    y: { type: "log", label: "reads + writes (words)", grid: true },
    color: { legend: true },
    marks: [
      Plot.ruleX([d * d], { stroke: "#888", strokeDasharray: "2,3" }),
      Plot.text([{ M: d * d }], { x: "M", frameAnchor: "top", dy: 4, text: () => "M = d²", fill: "#555" }),
      Plot.line(others.filter((p) => p.kind === "bound"), { x: "M", y: "words", stroke: "black", strokeDasharray: "6,4" }),
      Plot.line(others.filter((p) => p.kind === "regime"), { x: "M", y: "words", z: "series", stroke: "#999", strokeDasharray: "1,3", strokeWidth: 2 }),
      Plot.text(labels.filter((l) => l.dy === 0), { x: "M", y: "words", text: "series", textAnchor: "start", dx: 6, fill: "#444" }),
      Plot.text(labels.filter((l) => l.dy !== 0), { x: "M", y: "words", text: "series", textAnchor: "start", dy: -10, fill: "#444" }),
      Plot.line(algorithms, { x: "M", y: "words", stroke: "series", marker: "circle" }),
    ],
  });
}
