import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";
import { Rng } from "../paging/core/rng.ts";
import { checkSeed } from "./checks.ts";

/** Options of {@link flipBits}. */
export interface BitFlipOptions {
  /** Probability that a KEEP bit becomes EVICT (a false evict), in [0, 1]. */
  readonly p01: number;
  /** Probability that an EVICT bit becomes KEEP (a false keep), in [0, 1]. */
  readonly p10: number;
  /** Seed of the generator; same seed, same flips. */
  readonly seed: number;
}

/**
 * Independent random flips of one-bit predictions: each KEEP turns EVICT with probability p01,
 * each EVICT turns KEEP with probability p10, independently. (Cache-Coliseum's `bin` noise is
 * the case p01 = p10.) One uniform u_t per entry whatever the bit, flipped iff u_t < p, so the
 * same seed couples the flips across probabilities: raising p only adds flips. O(n); a new
 * array; a bit other than KEEP/EVICT or a probability outside [0, 1] is an {@link InputError}.
 */
export function flipBits(bits: Uint8Array, options: BitFlipOptions): Uint8Array {
  const { p01, p10, seed } = options;
  for (const [name, p] of [["p01", p01], ["p10", p10]] as const) {
    if (!(p >= 0 && p <= 1)) throw new InputError(`bit flips: ${name} must be a probability in [0, 1], got ${p}`);
  }
  checkSeed(seed);
  const rng = new Rng(seed);
  const out = new Uint8Array(bits.length);
  for (let t = 0; t < bits.length; t++) {
    const b = bits[t];
    const u = rng.next();
    if (b === KEEP) out[t] = u < p01 ? EVICT : KEEP;
    else if (b === EVICT) out[t] = u < p10 ? KEEP : EVICT;
    else throw new InputError(`bit flips: bit ${t} is ${b}; expected ${KEEP} (KEEP) or ${EVICT} (EVICT)`);
  }
  return out;
}
