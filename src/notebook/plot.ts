/**
 * Server-side rendering of Observable Plot charts, for Deno notebooks and for Node (CLI reports).
 *
 * Plot needs a DOM; outside a browser this module supplies one from linkedom. Nothing here
 * touches Deno- or browser-only globals, so the same code runs under Node, vitest and the Deno
 * Jupyter kernel.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { PlotOptions } from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { escapeMarkup, JUPYTER_DISPLAY } from "./display.ts";
import type { Displayable, MimeBundle } from "./display.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

/** The part of a DOM element this module relies on (linkedom implements it). */
export interface PlotElement {
  readonly tagName: string;
  readonly outerHTML: string;
  readonly textContent: string | null;
  readonly children: ArrayLike<PlotElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): ArrayLike<PlotElement>;
}

/** A fresh, empty linkedom HTML document for Plot to build its elements in. */
export function createDocument(): unknown {
  return parseHTML("<!DOCTYPE html><html><head></head><body></body></html>").document;
}

/** Options for {@link renderPlot}: Plot's own options, minus the document this module supplies. */
export type RenderOptions = Omit<PlotOptions, "document">;

/**
 * Renders a Plot chart without a browser.
 *
 * Guarantees: every `<svg>` in the result carries `xmlns` (so {@link PlotFigure.svg} is a valid
 * standalone SVG document and HTML embeds parse in XML contexts); the figure is displayable in
 * the Deno Jupyter kernel simply by being a cell's value.
 */
export function renderPlot(options: RenderOptions): PlotFigure {
  const element = Plot.plot({ ...options, document: createDocument() as never }) as unknown as PlotElement;
  return new PlotFigure(element);
}

/** Shorthand for `renderPlot(options).svg`: a standalone SVG document as a string. */
export function plotToSvg(options: RenderOptions): string {
  return renderPlot(options).svg;
}

/**
 * A rendered chart: the element Plot built, and its serialisations.
 *
 * When Plot returns a bare `<svg>`, {@link svg} is that element. When it returns a `<figure>`
 * (because of a title, subtitle, caption or legend), {@link svg} re-lays the figure out as one
 * SVG: text lines become `<text>`, categorical swatches become rectangles with labels, and the
 * chart and ramp legends are nested `<svg>` elements, stacked top to bottom.
 */
export class PlotFigure implements Displayable {
  /** The element returned by `Plot.plot` (an `<svg>` or a `<figure>`). */
  readonly element: PlotElement;

  constructor(element: PlotElement) {
    for (const svg of svgElements(element)) addNamespaces(svg);
    this.element = element;
  }

  /** `true` when Plot returned a `<figure>` (title, caption or legend around the chart). */
  get isFigure(): boolean {
    return this.element.tagName.toLowerCase() === "figure";
  }

  /** The chart's HTML (an `<svg>` or `<figure>` element), for HTML reports and notebooks. */
  get html(): string {
    return this.element.outerHTML;
  }

  /** A standalone SVG document (see the class comment for how figures are laid out). */
  get svg(): string {
    return this.isFigure ? figureToSvg(this.element) : this.element.outerHTML;
  }

  /** Width and height of the main chart in px, from its `<svg>` attributes. */
  get size(): { width: number; height: number } {
    const main = mainChart(this.element);
    return { width: numberAttr(main, "width", 640), height: numberAttr(main, "height", 400) };
  }

  /**
   * The MIME bundle the Deno Jupyter kernel displays. HTML comes first for frontends and
   * nbconvert (whose HTML export strips attributes off `image/svg+xml` outputs); the SVG is there
   * for consumers that only take images.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const { width, height } = this.size;
    return {
      "text/html": this.html,
      "image/svg+xml": this.svg,
      "text/plain": `Plot ${this.isFigure ? "figure" : "chart"} ${width}×${height}`,
    };
  }

  /** The standalone SVG, so that writing the figure to a file does the expected thing. */
  toString(): string {
    return this.svg;
  }
}

function svgElements(root: PlotElement): PlotElement[] {
  const found = Array.from(root.querySelectorAll("svg"));
  return isSvg(root) ? [root, ...found] : found;
}

function isSvg(el: PlotElement): boolean {
  return el.tagName.toLowerCase() === "svg";
}

function addNamespaces(svg: PlotElement): void {
  if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", SVG_NS);
  if (svg.outerHTML.includes("xlink:") && !svg.getAttribute("xmlns:xlink")) {
    svg.setAttribute("xmlns:xlink", XLINK_NS);
  }
}

function numberAttr(el: PlotElement, name: string, fallback: number): number {
  const value = Number(el.getAttribute(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Plot marks its chart (as opposed to legend) svg with its generated class name, e.g. `plot-d6a7b5`. */
function mainChart(root: PlotElement): PlotElement {
  if (isSvg(root)) return root;
  const svgs = Array.from(root.children).filter(isSvg);
  const chart = svgs.find((s) => /(^|\s)plot-[0-9a-f]+(\s|$)/.test(s.getAttribute("class") ?? ""));
  const pick = chart ?? svgs[svgs.length - 1];
  if (pick === undefined) throw new Error("Plot figure without an <svg> chart");
  return pick;
}

// Text metrics without a layout engine: an average glyph is about 0.6 em wide in system-ui.
const CHAR_WIDTH_EM = 0.6;

function figureToSvg(figure: PlotElement): string {
  const width = numberAttr(mainChart(figure), "width", 640);
  const parts: string[] = [];
  let y = 0;
  const textLine = (text: string, fontSize: number, weight: string): void => {
    y += Math.round(fontSize * 1.3);
    parts.push(
      `<text x="0" y="${y}" font-size="${fontSize}" font-weight="${weight}" text-anchor="start">${escapeMarkup(text)}</text>`,
    );
    y += Math.round(fontSize * 0.4);
  };
  for (const child of Array.from(figure.children)) {
    const tag = child.tagName.toLowerCase();
    if (tag === "h2") textLine(child.textContent ?? "", 16, "bold");
    else if (tag === "h3") textLine(child.textContent ?? "", 12, "normal");
    else if (tag === "figcaption") textLine(child.textContent ?? "", 10, "normal");
    else if (tag === "svg") {
      const w = numberAttr(child, "width", width);
      const h = numberAttr(child, "height", 400);
      parts.push(nestAt(child, 0, y, w, h));
      y += h;
    } else if (tag === "div") {
      y = swatchRows(child, parts, y + 4, width) + 4;
    }
  }
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" ` +
    `font-family="system-ui, sans-serif" font-size="10" fill="currentColor">${parts.join("")}</svg>`
  );
}

function nestAt(svg: PlotElement, x: number, y: number, w: number, h: number): string {
  const open = svg.outerHTML.match(/^<svg\b[^>]*>/);
  if (open === null) return "";
  const body = svg.outerHTML.slice(open[0].length);
  const attrs = open[0].replace(/\s(x|y|xmlns)="[^"]*"/g, "").slice(4, -1);
  const viewBox = svg.getAttribute("viewBox") ? "" : ` viewBox="0 0 ${w} ${h}"`;
  return `<svg x="${x}" y="${y}"${viewBox}${attrs}>${body}`;
}

/** Lays out Plot's categorical legend (`<span>` swatches) as rows of rect + label. */
function swatchRows(div: PlotElement, parts: string[], top: number, width: number): number {
  const size = 15;
  let x = 0;
  let y = top;
  for (const span of Array.from(div.children)) {
    if (span.tagName.toLowerCase() !== "span") continue;
    const swatch = Array.from(span.children).find(isSvg);
    const label = span.textContent ?? "";
    const itemWidth = size + 6 + Math.ceil(label.length * 10 * CHAR_WIDTH_EM) + 14;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += size + 6;
    }
    if (swatch !== undefined) parts.push(nestAt(swatch, x, y, size, size));
    parts.push(
      `<text x="${x + size + 6}" y="${y + size / 2}" dy="0.32em" text-anchor="start">${escapeMarkup(label)}</text>`,
    );
    x += itemWidth;
  }
  return y + size;
}
