import { InputError } from "../errors.ts";
import type { AttentionAlgorithm } from "./algorithm.ts";
import { standard } from "./standard.ts";
import { flash1 } from "./flash1.ts";
import { flash2 } from "./flash2.ts";
import { squareTiling } from "./square-tiling.ts";

/**
 * The attention algorithms by name, in listing order. The CLI, the sweep and the tests look
 * algorithms up here; adding one is one file and one entry.
 */
export const ATTENTION_ALGORITHMS: readonly AttentionAlgorithm[] = [standard, flash1, flash2, squareTiling];

/** The algorithm called `name` (case-insensitive); an unknown name is an InputError listing the known ones. */
export function attentionAlgorithm(name: string): AttentionAlgorithm {
  const key = name.trim().toLowerCase();
  const found = ATTENTION_ALGORITHMS.find((a) => a.name === key);
  if (!found) {
    throw new InputError(`unknown attention algorithm '${name}' (known: ${ATTENTION_ALGORITHMS.map((a) => a.name).join(", ")})`);
  }
  return found;
}
