import { InputError } from "../errors.ts";

/**
 * A parsed algorithm expression — how a combination of policies is named:
 *
 * ```text
 * expr   := name [ "[" param { "," param } "]" ] [ "(" expr { "," expr } ")" ]
 * param  := key "=" value
 * ```
 *
 * `lru`, `combine-det(lru,fifo)`, `combine-det[gamma=0.05](blind-oracle,lru)`,
 * `combine-rand(combine-det(a,b),marker)`. Brackets hold the node's own parameters, parentheses
 * its parts; spaces around tokens are ignored and names are case-insensitive.
 */
export interface AlgorithmExpression {
  /** Lower-case registry name or alias. */
  readonly name: string;
  /** Parameters in the order written; a value is a number when it reads as a finite decimal. */
  readonly params: Readonly<Record<string, number | string>>;
  /** Part expressions, in order (empty when none are written). */
  readonly parts: readonly AlgorithmExpression[];
  /** 1-based character position of the name in the source, for error messages. */
  readonly position: number;
}

/** Characters a name or a parameter key may hold (besides letters and digits). */
const NAME = /[a-z0-9_.+-]/i;
const VALUE = /[^,\[\]()=\s]/;
/** Deeper nesting than this is refused (it would only come from a runaway expression). */
const MAX_DEPTH = 32;

/**
 * Parse an algorithm expression. A malformed one is an {@link InputError} of one line that
 * quotes the expression and names the 1-based character position of the problem.
 */
export function parseExpression(source: string): AlgorithmExpression {
  const p = new Parser(source);
  p.skipSpace();
  const node = p.expr(0);
  p.skipSpace();
  if (!p.atEnd()) p.fail(`unexpected '${p.peek()}'`);
  return node;
}

/**
 * The canonical text of an expression: lower-case names, no spaces, parameters and parts in the
 * order given. Two expressions with the same canonical text denote the same algorithm.
 */
export function formatExpression(e: AlgorithmExpression): string {
  const keys = Object.keys(e.params);
  const params = keys.length === 0 ? "" : `[${keys.map((k) => `${k}=${e.params[k]}`).join(",")}]`;
  const parts = e.parts.length === 0 ? "" : `(${e.parts.map(formatExpression).join(",")})`;
  return e.name + params + parts;
}

/**
 * Split a comma-separated list of expressions at its top-level commas only — commas inside
 * `(…)` or `[…]` belong to an expression (`lru,combine-det(lru,fifo)` has two items). Items are
 * trimmed; an empty item or unbalanced brackets are an {@link InputError} naming the position.
 */
export function splitExpressions(list: string): string[] {
  const items: string[] = [];
  const open: { char: string; at: number }[] = [];
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(" || c === "[") open.push({ char: c, at: i });
    else if (c === ")" || c === "]") {
      const top = open.pop();
      if (top === undefined || (top.char === "(") !== (c === ")")) {
        throw new InputError(`bad algorithm list '${list}': unmatched '${c}' at position ${i + 1}`);
      }
    } else if (c === "," && open.length === 0) {
      items.push(list.slice(start, i));
      start = i + 1;
    }
  }
  if (open.length > 0) {
    const top = open[open.length - 1];
    throw new InputError(`bad algorithm list '${list}': '${top.char}' at position ${top.at + 1} is never closed`);
  }
  items.push(list.slice(start));
  const trimmed = items.map((s) => s.trim());
  const empty = trimmed.indexOf("");
  if (empty >= 0) throw new InputError(`bad algorithm list '${list}': item ${empty + 1} is empty`);
  return trimmed;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  atEnd(): boolean {
    return this.i >= this.src.length;
  }

  peek(): string {
    return this.src[this.i];
  }

  skipSpace(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i])) this.i++;
  }

  fail(what: string): never {
    const where = this.atEnd() ? `at position ${this.i + 1} (end of input)` : `at position ${this.i + 1}`;
    throw new InputError(`bad algorithm expression '${this.src}': ${what} ${where}`);
  }

  private word(pattern: RegExp, what: string): string {
    const from = this.i;
    while (this.i < this.src.length && pattern.test(this.src[this.i])) this.i++;
    if (this.i === from) this.fail(`expected ${what}`);
    return this.src.slice(from, this.i);
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) this.fail(`expected '${c}'`);
    this.i++;
  }

  expr(depth: number): AlgorithmExpression {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const position = this.i + 1;
    const name = this.word(NAME, "an algorithm name").toLowerCase();
    this.skipSpace();
    const params: Record<string, number | string> = {};
    if (this.peek() === "[") {
      this.i++;
      this.skipSpace();
      if (this.peek() === "]") this.fail("expected a parameter key=value");
      for (;;) {
        this.skipSpace();
        const keyAt = this.i;
        const key = this.word(NAME, "a parameter name").toLowerCase();
        if (Object.hasOwn(params, key)) {
          this.i = keyAt;
          this.fail(`parameter '${key}' given twice`);
        }
        this.expect("=");
        this.skipSpace();
        const raw = this.word(VALUE, `a value for '${key}'`);
        params[key] = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : raw;
        this.skipSpace();
        if (this.peek() === ",") {
          this.i++;
          continue;
        }
        this.expect("]");
        break;
      }
      this.skipSpace();
    }
    const parts: AlgorithmExpression[] = [];
    if (this.peek() === "(") {
      this.i++;
      for (;;) {
        parts.push(this.expr(depth + 1));
        this.skipSpace();
        if (this.peek() === ",") {
          this.i++;
          continue;
        }
        this.expect(")");
        break;
      }
    }
    return { name, params, parts, position };
  }
}
