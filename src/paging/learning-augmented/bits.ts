import { InputError } from "../../errors.ts";
import { EVICT, type Predictions, type RunContext } from "../core/policy.ts";

/**
 * The predictions object of a run that must carry one-bit predictions; throws {@link InputError}
 * naming the policy when it does not. The caller keeps the object, not the array: a `Stepper`
 * swaps the array as it grows.
 */
export function requireBits(ctx: RunContext, policy: string, kind: string): Predictions & { bits: Uint8Array } {
  const predictions = ctx.predictions;
  if (predictions.bits === undefined) {
    throw new InputError(`${policy} needs ${kind} predictions (one bit per request), and none were given`);
  }
  return predictions as Predictions & { bits: Uint8Array };
}

/** Throws {@link InputError} for a bit other than KEEP (0) or EVICT (1) at request t. */
export function badBit(b: number, t: number): never {
  throw new InputError(`bit prediction of request ${t} is ${b}, not 0 (KEEP) or ${EVICT} (EVICT)`);
}
