import type { ChunkParser, ParseContext, TraceFormat } from "../format.ts";
import { sampleLines, sampleShape } from "../sample-text.ts";
import { isBlank, TokenKeys } from "../tokens.ts";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Header names taken as the id column when none is chosen, in this order of preference
 * (case-insensitive): the names used by libCacheSim's csv reader, block traces and KV logs.
 */
export const CSV_ID_COLUMN_NAMES = ["obj_id", "object_id", "id", "key", "page", "page_id", "lbn", "lba", "block", "blkno", "address", "addr"];

/**
 * Comma-separated values with a header row (RFC 4180 quoting: `"…"` fields may hold commas,
 * newlines and `""`). The id column is chosen by the `column` option — a header name, or a
 * 0-based index (a number, or a string of digits that is not itself a header name). Without
 * it: the only column, else the first header named like an id (see {@link CSV_ID_COLUMN_NAMES}),
 * else an error listing the header. Ids are trimmed of spaces and read as numbers or strings as
 * {@link TokenKeys} decides; an empty id, a short record, a stray quote or an unterminated
 * quoted field is an error naming the line where its record starts. A header without the
 * default `,` that holds `;`, a tab or `|` is refused (naming the delimiter option) rather than
 * read as one column whose ids are whole lines.
 */
export const csvFormat: TraceFormat = {
  name: "csv",
  description: "CSV with a header row; id column chosen by --column (name or 0-based index)",
  matchesName: (name) => name.endsWith(".csv"),
  detect(sample) {
    // A header without a comma has fewer than two fields.
    const shape = sampleShape(sample);
    if (shape === null || !shape.firstLineComma) return false;
    const lines = sampleLines(sample);
    if (lines === null || lines.length === 0) return false;
    const header = lines[0].split(",");
    if (header.length < 2 || header.every((f) => /^\s*-?\d+\s*$/.test(f))) return false;
    if (!lines.some((line) => line.includes('"'))) {
      for (const line of lines.slice(1)) if (line !== "" && line.split(",").length !== header.length) return false;
    }
    return "signature";
  },
  createParser: (ctx) => new CsvParser(ctx),
};

/** Separators a ","-less header may use instead: the character, how to name it, the option value. */
const OTHER_DELIMITERS: readonly (readonly [string, string, string])[] = [
  [";", "';'", "';'"],
  ["\t", "a tab", "tab"],
  ["|", "'|'", "'|'"],
];

class CsvParser implements ChunkParser {
  private readonly delimiter: number;
  private readonly keys: TokenKeys;
  private readonly maxRecordBytes: number;
  private value = new Uint8Array(256);
  private valueLength = 0;
  private line = 1;
  private recordLine = 1;
  private recordBytes = 0;
  private field = 0;
  private fieldBytes = 0;
  private inQuotes = false;
  private quotePending = false;
  private afterQuote = false;
  private header: string[] | null = [];
  private target = -1;
  private idLength = -1;
  private recordContent = false;

  constructor(private readonly ctx: ParseContext) {
    const d = ctx.settings.delimiter;
    if (d.length !== 1 || d.charCodeAt(0) > 127 || d === '"' || d === "\n" || d === "\r") {
      throw ctx.fail({ line: 1 }, `CSV delimiter must be one ASCII character other than a quote or newline, got ${JSON.stringify(d)}`);
    }
    this.delimiter = d.charCodeAt(0);
    this.keys = new TokenKeys(ctx.settings.keys, ctx.builder, true);
    this.maxRecordBytes = ctx.settings.maxLineBytes;
  }

  push(chunk: Uint8Array): void {
    const delimiter = this.delimiter;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (++this.recordBytes > this.maxRecordBytes) this.tooLong();
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            this.capture(c);
            continue;
          }
          this.inQuotes = false;
          this.afterQuote = true;
        } else {
          if (c === QUOTE) this.quotePending = true;
          else {
            if (c === LF) this.line++;
            this.capture(c);
          }
          continue;
        }
      }
      if (c !== LF && c !== CR) this.recordContent = true;
      if (c === delimiter) this.endField();
      else if (c === LF) {
        this.endField();
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        this.recordBytes = 0;
      } else if (c === CR) continue;
      else if (this.afterQuote) {
        if (!isBlank(c)) this.fail(`expected '${String.fromCharCode(delimiter)}' or end of line after a closing quote`);
      } else if (c === QUOTE) {
        if (this.fieldBytes > 0) this.fail("unexpected quote inside an unquoted field; expected the field to be quoted as a whole");
        this.inQuotes = true;
        this.fieldBytes = 1;
      } else {
        this.fieldBytes++;
        this.capture(c);
      }
    }
  }

  end(): void {
    if (this.inQuotes && !this.quotePending) this.fail("unterminated quoted field; expected a closing quote");
    if (this.recordContent) {
      this.inQuotes = false;
      this.endField();
      this.endRecord();
    }
    if (this.header !== null) this.fail("expected a header row and records, found no header");
  }

  position(): { line: number } {
    return { line: this.recordLine };
  }

  private capture(c: number): void {
    if (this.header === null && this.field !== this.target) return;
    if (this.valueLength === this.value.length) {
      const next = new Uint8Array(this.value.length * 2);
      next.set(this.value);
      this.value = next;
    }
    this.value[this.valueLength++] = c;
  }

  private endField(): void {
    if (this.header !== null) {
      this.header.push(Buffer.from(this.value.buffer, 0, this.valueLength).toString("utf8").trim());
      this.valueLength = 0;
    } else if (this.field === this.target) {
      this.idLength = this.valueLength;
    }
    this.field++;
    this.fieldBytes = 0;
    this.afterQuote = false;
  }

  private endRecord(): void {
    const fields = this.field;
    if (!this.recordContent) {
      if (this.header !== null) this.header = [];
    } else if (this.header !== null) {
      this.target = this.resolveColumn(this.header);
      this.header = null;
    } else if (this.idLength < 0) {
      this.fail(`record has ${fields} field${fields === 1 ? "" : "s"}; expected at least ${this.target + 1} (the id column)`);
    } else {
      let start = 0;
      let end = this.idLength;
      while (start < end && isBlank(this.value[start])) start++;
      while (end > start && isBlank(this.value[end - 1])) end--;
      if (start === end) this.fail(`empty id in column ${this.target}; expected a page id`);
      this.keys.add(this.value, start, end, (detail) => this.fail(detail));
    }
    this.field = 0;
    this.fieldBytes = 0;
    this.afterQuote = false;
    this.valueLength = 0;
    this.idLength = -1;
    this.recordContent = false;
  }

  private resolveColumn(header: string[]): number {
    const column = this.ctx.settings.column;
    const list = header.map((h) => JSON.stringify(h)).join(", ");
    if (typeof column === "number") {
      if (!Number.isInteger(column) || column < 0 || column >= header.length) {
        this.fail(`column index ${column} is out of range; the header has ${header.length} columns (${list})`);
      }
      return column;
    }
    if (column !== undefined) {
      const exact = header.indexOf(column.trim());
      if (exact >= 0) return exact;
      const folded = header.map((h) => h.toLowerCase());
      const loose = folded.indexOf(column.trim().toLowerCase());
      if (loose >= 0 && folded.lastIndexOf(column.trim().toLowerCase()) === loose) return loose;
      if (/^\d+$/.test(column.trim())) {
        const index = Number(column.trim());
        if (index < header.length) return index;
        this.fail(`column index ${index} is out of range; the header has ${header.length} columns (${list})`);
      }
      this.fail(`no column named ${JSON.stringify(column)}; the header is ${list}`);
    }
    if (header.length === 1) {
      const other = this.ctx.settings.explicitDelimiter ? undefined : OTHER_DELIMITERS.find(([c]) => header[0].includes(c));
      if (other !== undefined) {
        this.fail(
          `the header ${JSON.stringify(header[0])} has no ',' but has ${other[1]}: give the delimiter ` +
            `(--delimiter ${other[2]}), or --column 0 to take each whole line as the id`,
        );
      }
      return 0;
    }
    const folded = header.map((h) => h.toLowerCase());
    for (const name of CSV_ID_COLUMN_NAMES) {
      const index = folded.indexOf(name);
      if (index >= 0) return index;
    }
    return this.fail(`cannot tell which column holds the page id; choose one with --column (header: ${list})`);
  }

  private tooLong(): never {
    return this.fail(`record longer than ${this.maxRecordBytes} bytes (the maxLineBytes cap); expected one short record a line`);
  }

  private fail(detail: string): never {
    return this.ctx.fail({ line: this.recordLine }, detail);
  }
}
