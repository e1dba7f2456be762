import { InputError } from "../errors.ts";
import { LruPredictor } from "./lru-predictor.ts";
import type { OnlineNextArrivalPredictor } from "./online-predictor.ts";
import { Pleco } from "./pleco.ts";
import { Popu } from "./popu.ts";

/** One learned online next-arrival predictor, by name. */
export interface LearnedPredictorInfo {
  /** Name used on the command line (`--predictor`). */
  readonly name: string;
  /** One line: what it predicts and where it comes from. */
  readonly summary: string;
  /** A fresh instance. */
  readonly create: () => OnlineNextArrivalPredictor;
}

/** The learned predictors of the ACEPS experiments, in their order there. */
export const LEARNED_PREDICTORS: readonly LearnedPredictorInfo[] = [
  { name: "lru", summary: "−t: following it is LRU (ACEPS PredLRU)", create: () => new LruPredictor() },
  {
    name: "pleco",
    summary: "t + 1/prob, PLECO's recency-weighted repeat probability, BrightKite fit (ACEPS PredPLECO_BK)",
    create: () => new Pleco(),
  },
  { name: "popu", summary: "s + s/count with s = t + 1 (ACEPS PredPopularity)", create: () => new Popu() },
];

/** A fresh predictor by name; an unknown name is an {@link InputError} listing the known ones. */
export function createLearnedPredictor(name: string): OnlineNextArrivalPredictor {
  const info = LEARNED_PREDICTORS.find((p) => p.name === name);
  if (info === undefined) {
    throw new InputError(`unknown predictor ${JSON.stringify(name)}; known: ${LEARNED_PREDICTORS.map((p) => p.name).join(", ")}`);
  }
  return info.create();
}
