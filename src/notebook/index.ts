/**
 * Helpers for notebooks and reports: Observable Plot charts rendered without a browser, and
 * result tables. Usable from Node and from the Deno Jupyter kernel, where a {@link PlotFigure} or
 * {@link Table} that ends a cell is displayed.
 * @module
 */
export * from "./display.ts";
export * from "./plot.ts";
export * from "./table.ts";
export { missCurveChart, chartSizes, type MissCurveData } from "./miss-curve-chart.ts";
