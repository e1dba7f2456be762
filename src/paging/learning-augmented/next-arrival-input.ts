import { InputError } from "../../errors.ts";
import type { Predictions, RunContext } from "../core/policy.ts";

/**
 * The predictions object of a run that needs next-arrival predictions; an {@link InputError}
 * naming the policy when the run has none. Policies keep the object, not the array: a `Stepper`
 * replaces the array as it grows.
 */
export function requireNextArrival(ctx: RunContext, policy: string): Predictions {
  if (ctx.predictions.nextArrival === undefined) {
    throw new InputError(`${policy} needs next-arrival predictions (predicted time of each page's next request)`);
  }
  return ctx.predictions;
}

/**
 * The predicted next arrival attached to request t. NaN has no place in an order, so it is an
 * {@link InputError} naming the request rather than a silently arbitrary eviction.
 */
export function predictionAt(predictions: Predictions, t: number): number {
  const x = predictions.nextArrival![t];
  if (x !== x) throw new InputError(`next-arrival prediction of request ${t} is NaN`);
  return x;
}
