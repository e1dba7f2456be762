/**
 * A one-line progress bar on a TTY stream (carriage-return redraws, at most ~10 per second).
 * On a non-TTY stream every method is a no-op, so piped and JSON output stay clean.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: { write(s: string): unknown; isTTY?: boolean; columns?: number },
    private readonly total: number,
  ) {
    this.enabled = stream.isTTY === true && total > 0;
  }

  /** Show `done` of `total` units with a label (throttled). */
  update(done: number, label: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const frac = Math.min(1, done / this.total);
    const filled = Math.round(frac * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const text = `${(frac * 100).toFixed(0).padStart(3)}% [${bar}] ${label}`;
    const cols = Math.max(20, this.stream.columns || 80);
    this.stream.write(`\r${text.slice(0, cols - 1).padEnd(Math.min(cols - 1, text.length + 2))}`);
    this.drawn = true;
  }

  /** Erase the bar. */
  finish(): void {
    if (this.enabled && this.drawn) {
      const cols = Math.max(20, this.stream.columns || 80);
      this.stream.write(`\r${" ".repeat(cols - 1)}\r`);
    }
  }
}
