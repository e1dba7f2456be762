import type { TraceBuilder } from "./trace-builder.ts";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** ASCII space, tab or carriage return (a `\r` before `\n` is whitespace, so CRLF files work). */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * The integer written in `buf[start..end)` as optional `-` then decimal digits; `NaN` if the
 * bytes are anything else, ±`Infinity` if its magnitude exceeds 2^53 − 1 (the largest integer
 * a double holds exactly). No allocation.
 */
export function decimalValue(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === 45;
  if (negative) i++;
  if (i >= end) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const digit = buf[i] - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  if (value > MAX_SAFE) return negative ? -Infinity : Infinity;
  return negative ? -value : value;
}

/** True for a decimal integer without a leading zero or `+` (`0`, `17`, `-3`; not `007`, `-0`). */
export function isCanonicalDecimal(buf: Uint8Array, start: number, end: number): boolean {
  const digits = buf[start] === 45 ? start + 1 : start;
  if (digits >= end) return false;
  if (buf[digits] === 48 && (end - digits > 1 || digits > start)) return false;
  return Number.isFinite(decimalValue(buf, start, end));
}

/** A short printable rendering of `buf[start..end)` for error messages. */
export function showBytes(buf: Uint8Array, start: number, end: number): string {
  const limit = Math.min(end, start + 40);
  let text = "";
  for (let i = start; i < limit; i++) {
    const c = buf[i];
    text += c >= 32 && c < 127 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return JSON.stringify(text + (end > limit ? "…" : "")).replace(/\\\\x/g, "\\x");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Turns id tokens of a text format (txt lines, a CSV column) into trace keys.
 *
 * With `keys: "auto"` the first id decides for the whole file: a canonical decimal integer
 * (`0`, `42`, `-7`; magnitude ≤ 2^53 − 1) makes the trace numeric, and every later id must then
 * be a decimal integer too (leading zeros allowed, `007` = `7`) — anything else is an error
 * naming the line, so garbage in a numeric trace never passes as a page. Any other first id
 * (hex hashes, `00000000…`, names) makes every id an exact string key. `keys: "number"` and
 * `keys: "string"` force either reading.
 */
export class TokenKeys {
  private numeric: boolean | undefined;

  constructor(
    mode: "auto" | "number" | "string",
    private readonly builder: TraceBuilder,
    /**
     * CSV fields may hold spaces, tabs and (quoted) line breaks inside an id; txt lines may not,
     * which is what catches a multi-column file read as txt.
     */
    private readonly allowInnerSpaces: boolean,
  ) {
    this.numeric = mode === "auto" ? undefined : mode === "number";
  }

  /** True once the ids are known to be numbers (forced, or the first id was one). */
  get numbers(): boolean {
    return this.numeric === true;
  }

  /** True once the ids are known to be strings (forced, or the first id was not a number). */
  get strings(): boolean {
    return this.numeric === false;
  }

  /** True once the kind of the ids is known (forced, or after the first id). */
  get decided(): boolean {
    return this.numeric !== undefined;
  }

  /** Add the id in `buf[start..end)` (already trimmed, non-empty) or throw via `fail`. */
  add(buf: Uint8Array, start: number, end: number, fail: (detail: string) => never): void {
    if (this.numeric === true) {
      const value = decimalValue(buf, start, end);
      if (value !== value) {
        fail(
          `expected a decimal integer id, found ${showBytes(buf, start, end)} ` +
            `(this trace's ids are numeric, as its first id was; read with keys "string" to take every id as text)`,
        );
      }
      if (value === Infinity || value === -Infinity) {
        fail(`id ${showBytes(buf, start, end)} exceeds 2^53 − 1 in magnitude; read with keys "string" to keep it exactly`);
      }
      this.builder.addNumber(value);
      return;
    }
    if (this.numeric === undefined) {
      this.numeric = isCanonicalDecimal(buf, start, end);
      if (this.numeric) {
        this.add(buf, start, end, fail);
        return;
      }
    }
    if (this.checkText(buf, start, end, fail)) this.builder.addAsciiKey(buf, start, end);
    else this.builder.addString(this.utf8(buf, start, end, fail));
  }

  /** Check a text id's bytes (one-line errors); true if they are all ASCII. */
  private checkText(buf: Uint8Array, start: number, end: number, fail: (detail: string) => never): boolean {
    let ascii = true;
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c === 32 || c === 9) {
        if (this.allowInnerSpaces) continue;
        fail(`expected one id per line, found ${showBytes(buf, start, end)} (several fields; is this another format?)`);
      }
      if (c < 32 || c === 127) {
        if ((c === 10 || c === 13) && this.allowInnerSpaces) continue;
        fail(`expected a printable id, found control byte 0x${c.toString(16).padStart(2, "0")} in ${showBytes(buf, start, end)}`);
      }
      if (c > 127) ascii = false;
    }
    return ascii;
  }

  private utf8(buf: Uint8Array, start: number, end: number, fail: (detail: string) => never): string {
    try {
      return utf8.decode(buf.subarray(start, end));
    } catch {
      return fail(`expected a UTF-8 id, found invalid bytes in ${showBytes(buf, start, end)}`);
    }
  }
}
