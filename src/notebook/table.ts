/**
 * Tables of results for notebooks and reports: HTML for Jupyter frontends, aligned plain text
 * for terminals and diffs.
 * @module
 */
import { escapeMarkup, JUPYTER_DISPLAY } from "./display.ts";
import type { Displayable, MimeBundle } from "./display.ts";

/** A table row: column name → value. */
export type TableRow = Readonly<Record<string, unknown>>;

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Columns in order; defaults to every key of the rows, in order of first appearance. */
  readonly columns?: readonly string[];
  /** Fraction digits for non-integer numbers (default 3). */
  readonly digits?: number;
  /** Per-column formatters, overriding the defaults. */
  readonly format?: Readonly<Record<string, (value: unknown) => string>>;
  /** A caption shown above the table. */
  readonly caption?: string;
}

/**
 * Formats rows as a table. Defaults: in a column of integers, thousands separators (`12,977`, as
 * the traces' README prints counts); in a column with any non-integer number, every number with
 * `digits` fraction digits (so `1` and `1.25` line up as `1.000` and `1.250`); `null`/`undefined`
 * an empty cell; anything else `String(value)`. Numeric columns are right-aligned in both forms.
 * A missing column in a row is an empty cell, never an error.
 */
export function renderTable(rows: readonly TableRow[], options: TableOptions = {}): Table {
  const columns = options.columns ?? keysInOrder(rows);
  const digits = options.digits ?? 3;
  const fractional = columns.map((column) =>
    rows.some((row) => typeof row[column] === "number" && !Number.isInteger(row[column])),
  );
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const custom = options.format?.[column];
      return custom ? custom(row[column]) : formatValue(row[column], fractional[i] ? digits : undefined);
    }),
  );
  const numeric = columns.map((column) =>
    rows.some((row) => typeof row[column] === "number") &&
    rows.every((row) => row[column] === undefined || row[column] === null || typeof row[column] === "number"),
  );
  return new Table(columns, cells, numeric, options.caption);
}

/** A formatted table; a cell value in Deno Jupyter shows it as HTML. */
export class Table implements Displayable {
  constructor(
    /** Column names, in display order. */
    readonly columns: readonly string[],
    /** Formatted cells, `cells[row][column]`. */
    readonly cells: readonly (readonly string[])[],
    /** Whether each column holds numbers (right-aligned). */
    readonly numeric: readonly boolean[],
    /** Caption, if any. */
    readonly caption?: string,
  ) {}

  /** An HTML `<table>`, cells escaped. */
  get html(): string {
    const align = (i: number): string => (this.numeric[i] ? ' style="text-align:right"' : "");
    const head = this.columns.map((c, i) => `<th${align(i)}>${escapeMarkup(c)}</th>`).join("");
    const body = this.cells
      .map((row) => `<tr>${row.map((cell, i) => `<td${align(i)}>${escapeMarkup(cell)}</td>`).join("")}</tr>`)
      .join("");
    const caption = this.caption === undefined ? "" : `<caption>${escapeMarkup(this.caption)}</caption>`;
    return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }

  /** Plain text: columns padded to a common width, two spaces apart, a dashed rule under the head. */
  get text(): string {
    const widths = this.columns.map((c, i) => Math.max(c.length, ...this.cells.map((row) => row[i].length)));
    const line = (row: readonly string[]): string =>
      row
        .map((cell, i) => (this.numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join("  ")
        .trimEnd();
    const lines = [line(this.columns), widths.map((w) => "-".repeat(w)).join("  "), ...this.cells.map(line)];
    return (this.caption === undefined ? "" : this.caption + "\n") + lines.join("\n");
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.html, "text/plain": this.text };
  }

  toString(): string {
    return this.text;
  }
}

function keysInOrder(rows: readonly TableRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** `digits` undefined: an integer column (thousands separators). */
function formatValue(value: unknown, digits: number | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && Number.isFinite(value)) {
    return digits === undefined ? value.toLocaleString("en-US") : value.toFixed(digits);
  }
  return String(value);
}
