import { describe, expect, it } from "vitest";
import * as Plot from "@observablehq/plot";
import { DOMParser } from "linkedom";
import { JUPYTER_DISPLAY, plotToSvg, renderPlot } from "../../src/notebook/index.ts";

const rows = [
  { k: 10, missRatio: 0.9, policy: "LRU" },
  { k: 100, missRatio: 0.5, policy: "LRU" },
  { k: 10, missRatio: 0.8, policy: "OPT" },
  { k: 100, missRatio: 0.3, policy: "OPT" },
];

const lineOptions = {
  x: { label: "k", type: "log" as const },
  y: { label: "miss ratio", domain: [0, 1] },
  marks: [
    Plot.line(rows, { x: "k", y: "missRatio", stroke: "policy" }),
    Plot.dot(rows, { x: "k", y: "missRatio", fill: "policy" }),
  ],
};

function parseSvg(text: string) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  return doc.documentElement as unknown as {
    tagName: string;
    getAttribute(n: string): string | null;
    querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null }>;
  };
}

describe("renderPlot", () => {
  it("renders a bare chart as a standalone SVG with axes and marks", () => {
    const figure = renderPlot(lineOptions);
    expect(figure.isFigure).toBe(false);
    const svg = figure.svg;
    expect(svg.startsWith("<svg")).toBe(true);
    const root = parseSvg(svg);
    expect(root.tagName.toLowerCase()).toBe("svg");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect(root.getAttribute("viewBox")).toBe("0 0 640 400");
    const labels = Array.from(root.querySelectorAll("g")).map((g) => g.getAttribute("aria-label"));
    expect(labels).toContain("x-axis tick");
    expect(labels).toContain("y-axis tick");
    expect(labels).toContain("line");
    expect(labels).toContain("dot");
    // Two series → two paths in the line mark; four points → four circles.
    expect(root.querySelectorAll("g[aria-label=line] path").length).toBe(2);
    expect(root.querySelectorAll("g[aria-label=dot] circle").length).toBe(4);
    const texts = Array.from(root.querySelectorAll("text")).map((t) => t.textContent ?? "");
    expect(texts.some((t) => t.includes("miss ratio"))).toBe(true);
  });

  it("plotToSvg is the figure's svg", () => {
    expect(plotToSvg(lineOptions)).toBe(renderPlot(lineOptions).svg);
  });

  it("lays a figure with title and legend out as one SVG", () => {
    const figure = renderPlot({ ...lineOptions, title: "Miss ratio & k", color: { legend: true } });
    expect(figure.isFigure).toBe(true);
    expect(figure.html.startsWith("<figure")).toBe(true);
    const root = parseSvg(figure.svg);
    expect(root.tagName.toLowerCase()).toBe("svg");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    const texts = Array.from(root.querySelectorAll("text")).map((t) => t.textContent ?? "");
    expect(texts).toContain("Miss ratio & k"); // escaped in the source, decoded by the parser
    expect(texts).toContain("LRU");
    expect(texts).toContain("OPT");
    // The chart is nested whole: its marks survive.
    expect(root.querySelectorAll("g[aria-label=line] path").length).toBe(2);
    const height = Number(root.getAttribute("height"));
    expect(height).toBeGreaterThan(400); // chart + title + legend rows
    expect(figure.size).toEqual({ width: 640, height: 400 });
  });

  it("offers the Deno Jupyter kernel an HTML + SVG MIME bundle", () => {
    const figure = renderPlot(lineOptions);
    const bundle = figure[JUPYTER_DISPLAY]();
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
    expect(bundle["text/html"]).toBe(figure.html);
    expect(bundle["image/svg+xml"]).toBe(figure.svg);
    expect(bundle["text/plain"]).toBe("Plot chart 640×400");
    expect(String(figure)).toBe(figure.svg);
  });
});
