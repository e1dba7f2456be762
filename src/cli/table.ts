/**
 * Format rows as an aligned plain-text table: text columns left-aligned, numeric columns
 * right-aligned (a column is numeric when every cell is).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d,.]+%?$|^[-–]$/.test(r[i])));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

/** An integer with thousands separators (`1,061,057`). */
export function grouped(n: number): string {
  return n.toLocaleString("en-US");
}
