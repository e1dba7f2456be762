import { InputError } from "../errors.ts";
import type { TraceFormat } from "./format.ts";
import { arcFormat } from "./formats/arc.ts";
import { be32Format } from "./formats/be32.ts";
import { csvFormat } from "./formats/csv.ts";
import { oracleGeneralFormat } from "./formats/oracle-general.ts";
import { txtFormat } from "./formats/txt.ts";
import { vscsiFormat } from "./formats/vscsi.ts";

/**
 * Every trace format the readers know, in the order help texts list them — the only place that
 * names them. Each entry has a `name` (for `--format`), a one-line `description`, name and
 * content detection, and its reader.
 */
export const TRACE_FORMATS: readonly TraceFormat[] = [
  txtFormat,
  arcFormat,
  be32Format,
  oracleGeneralFormat,
  vscsiFormat,
  csvFormat,
];

/** The format called `name` (case-insensitive); an unknown name is an {@link InputError} listing the known ones. */
export function traceFormat(name: string): TraceFormat {
  const wanted = name.trim().toLowerCase();
  const found = TRACE_FORMATS.find((f) => f.name.toLowerCase() === wanted);
  if (found === undefined) {
    throw new InputError(`unknown trace format '${name}' (known: ${TRACE_FORMATS.map((f) => f.name).join(", ")})`);
  }
  return found;
}
