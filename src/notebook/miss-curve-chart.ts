import * as Plot from "@observablehq/plot";
import { renderPlot, type PlotFigure } from "./plot.ts";

/** What {@link missCurveChart} draws: fault counts per cache size 1..maxK for each algorithm. */
export interface MissCurveData {
  /** Shown in the title (a path or a name). */
  readonly trace: string;
  /** Requests of the trace (the miss ratio's denominator). */
  readonly requests: number;
  /** `faults[name][k − 1]` = faults of algorithm `name` with k frames. */
  readonly faults: Readonly<Record<string, ArrayLike<number>>>;
}

/** Cache sizes drawn: every size up to 256, then about 600 per decade on a log scale — exact values at each. */
export function chartSizes(maxK: number): number[] {
  const sizes: number[] = [];
  for (let k = 1; k <= Math.min(maxK, 256); k++) sizes.push(k);
  for (let x = Math.log10(257); ; x += 1 / 600) {
    const k = Math.round(10 ** x);
    if (k > maxK) break;
    if (k > sizes[sizes.length - 1]) sizes.push(k);
  }
  if (sizes[sizes.length - 1] !== maxK) sizes.push(maxK);
  return sizes;
}

/**
 * The miss-ratio curves of `data` as one chart: miss ratio (faults / requests, cold misses
 * included) against cache size on a log axis, one line per algorithm. The points drawn are exact
 * values at the sizes of {@link chartSizes}.
 */
export function missCurveChart(data: MissCurveData, options: { title?: string; width?: number } = {}): PlotFigure {
  const points: { k: number; missRatio: number; algorithm: string }[] = [];
  for (const [algorithm, faults] of Object.entries(data.faults)) {
    for (const k of chartSizes(faults.length)) points.push({ k, missRatio: faults[k - 1] / data.requests, algorithm });
  }
  return renderPlot({
    title: options.title ?? `Miss-ratio curves of ${data.trace} (${data.requests.toLocaleString("en-US")} requests)`,
    width: options.width ?? 720,
    height: 420,
    x: { type: "log", label: "cache size k (pages)" },
    y: { label: "miss ratio", grid: true, domain: [0, 1] },
    color: { legend: true },
    marks: [Plot.line(points, { x: "k", y: "missRatio", stroke: "algorithm" })],
  });
}
