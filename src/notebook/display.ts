/**
 * The one piece of the Jupyter display protocol the notebook helpers need, without Deno globals.
 * @module
 */

/**
 * The registered symbol the Deno Jupyter kernel looks up on a cell's value (and that
 * `Deno.jupyter.display` calls) to get a MIME bundle. Being `Symbol.for(...)`, it is the same
 * symbol under Node, so objects that implement it stay plain values there.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → content, as Jupyter's `display_data` carries it. */
export type MimeBundle = Record<string, string>;

/** Something the Deno Jupyter kernel shows through its MIME bundle. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Escapes text for HTML or XML character data and double-quoted attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}
