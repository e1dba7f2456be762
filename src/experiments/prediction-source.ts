import { InputError } from "../errors.ts";
import type { Predictions } from "../paging/core/policy.ts";
import type { PolicyInfo } from "../paging/registry.ts";
import { flipBits } from "../predictors/bit-flips.ts";
import { perfectDiscardBits } from "../predictors/discard-oracle.ts";
import { createLearnedPredictor } from "../predictors/learned.ts";
import { addLognormalNoise } from "../predictors/lognormal-noise.ts";
import { studyNeverAgain } from "../predictors/never-again.ts";
import { predictAll } from "../predictors/online-predictor.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { bitErrors, nextArrivalError } from "../predictors/prediction-error.ts";
import { mixSeed } from "./seeds.ts";

/** Where a run's predictions come from. */
export type PredictionSpec =
  /**
   * Next arrivals from a predictor — `perfect`, `lognormal` (the literature's synthetic
   * predictor with noise σ), or a learned online one (`pleco`, `popu`, `lru`) — and one-bit
   * algorithms the perfect bits of their kind (discard: Belady's labels at the run's k; phase:
   * the k-phase oracle), each bit flipped KEEP→EVICT with probability p01 and EVICT→KEEP with p10.
   */
  | {
      readonly source: "predictor";
      readonly predictor: "perfect" | "lognormal" | "pleco" | "popu" | "lru";
      readonly sigma?: number;
      readonly p01?: number;
      readonly p10?: number;
      readonly seed: number;
    }
  /** Predictions read from a file (`readPredictions`): next arrivals, or bits used as given. */
  | { readonly source: "file"; readonly path: string; readonly nextArrival?: Float64Array; readonly bits?: Uint8Array };

/** What a run's predictions were and how wrong: the `prediction` field of a result row. */
export type PredictionReport =
  | {
      /** How they were made, e.g. `lognormal σ=5`, `pleco`, `file p.csv`. */
      readonly kind: string;
      /**
       * ℓ1 error η of the next-arrival predictions against the truth, never-again counted as the
       * study's 10000·n on whichever side is infinite; null for the LRU predictor, whose values
       * (−t) are an order, not times.
       */
      readonly eta: number | null;
    }
  | {
      /** How they were made, e.g. `perfect discard bits, flipped 0.1/0.1`. */
      readonly kind: string;
      /** η₀: false KEEPs against the perfect bits of the algorithm's kind at this k. */
      readonly eta0: number;
      /** η₁: false EVICTs. */
      readonly eta1: number;
    };

/**
 * Builds the predictions a registered algorithm needs on one trace, for each cache size, and
 * says how wrong they are. Next-arrival arrays do not depend on k and are made once; bit arrays
 * (and their truth) are made once per (kind, k). Randomness (lognormal noise, bit flips)
 * derives from the spec's seed only, so every algorithm and k of a run sees the same draws.
 */
export class PredictionSource {
  private nextArrival: { values: Float64Array; eta: number | null; kind: string } | undefined;
  private readonly bitsMemo = new Map<string, { values: Uint8Array; eta0: number; eta1: number; kind: string }>();

  constructor(
    private readonly spec: PredictionSpec,
    private readonly requests: Int32Array,
    private readonly universe: number,
  ) {}

  /**
   * The predictions `info` reads at cache size k and their report (null when it reads none).
   * An {@link InputError} when the spec cannot serve it: a file of the other kind, or an
   * algorithm that reads both discard and phase bits (a run carries one bit per request).
   */
  for(info: PolicyInfo, k: number): { predictions: Predictions; report: PredictionReport | null } {
    const needs = info.needs;
    if (needs.length === 0) return { predictions: {}, report: null };
    if (needs.includes("discardBit") && needs.includes("phaseBit")) {
      throw new InputError(`'${info.name}' needs discard bits and phase bits; a run carries one bit per request`);
    }
    const predictions: Predictions = {};
    let report: PredictionReport | null = null;
    if (needs.includes("nextArrival")) {
      const na = this.nextArrivals(info);
      predictions.nextArrival = na.values;
      report = { kind: na.kind, eta: na.eta };
    }
    const bitKind = needs.includes("discardBit") ? "discard" : needs.includes("phaseBit") ? "phase" : null;
    if (bitKind !== null) {
      const b = this.bits(info, bitKind, k);
      predictions.bits = b.values;
      // A combination reading both kinds reports the bits' errors (the next arrivals' η is in its kind).
      report = { kind: report === null ? b.kind : `${report.kind}; ${b.kind}`, eta0: b.eta0, eta1: b.eta1 };
    }
    return { predictions, report };
  }

  private nextArrivals(info: PolicyInfo): { values: Float64Array; eta: number | null; kind: string } {
    if (this.nextArrival !== undefined) return this.nextArrival;
    const spec = this.spec;
    const n = this.requests.length;
    const never = studyNeverAgain(n);
    const truth = perfectNextArrival(this.requests, { universe: this.universe });
    let values: Float64Array;
    let kind: string;
    if (spec.source === "file") {
      if (spec.nextArrival === undefined) {
        throw new InputError(`'${info.name}' needs next-arrival predictions, and ${spec.path} holds bits`);
      }
      values = spec.nextArrival;
      kind = `file ${spec.path}`;
    } else if (spec.predictor === "perfect") {
      values = truth;
      kind = "perfect";
    } else if (spec.predictor === "lognormal") {
      if (spec.sigma === undefined) throw new InputError("the lognormal predictor needs σ (--sigma)");
      const base = perfectNextArrival(this.requests, { universe: this.universe, neverAgain: "study" });
      values = addLognormalNoise(base, { sigma: spec.sigma, seed: mixSeed(spec.seed, 0x6e6f6973) });
      kind = `lognormal σ=${spec.sigma}`;
    } else {
      values = predictAll(createLearnedPredictor(spec.predictor), this.requests);
      kind = spec.predictor;
    }
    const eta = spec.source === "predictor" && spec.predictor === "lru" ? null : nextArrivalError(values, truth, { neverAgain: never });
    this.nextArrival = { values, eta, kind };
    return this.nextArrival;
  }

  private bits(info: PolicyInfo, kind: "discard" | "phase", k: number): { values: Uint8Array; eta0: number; eta1: number; kind: string } {
    const key = `${kind} ${k}`;
    const memo = this.bitsMemo.get(key);
    if (memo !== undefined) return memo;
    const truth =
      kind === "discard"
        ? perfectDiscardBits(this.requests, k, { universe: this.universe }).bits
        : perfectPhaseBits(this.requests, k, this.universe).bits;
    const spec = this.spec;
    let values: Uint8Array;
    let label: string;
    if (spec.source === "file") {
      if (spec.bits === undefined) throw new InputError(`'${info.name}' needs ${kind} bits, and ${spec.path} holds next arrivals`);
      values = spec.bits;
      label = `file ${spec.path}`;
    } else {
      const p01 = spec.p01 ?? 0;
      const p10 = spec.p10 ?? 0;
      // The same draws for both kinds and every k: one stream per run.
      values = p01 === 0 && p10 === 0 ? truth : flipBits(truth, { p01, p10, seed: mixSeed(spec.seed, 0x62697473) });
      label = `perfect ${kind} bits${p01 === 0 && p10 === 0 ? "" : `, flipped ${p01}/${p10}`}`;
    }
    const { eta0, eta1 } = bitErrors(values, truth);
    const out = { values, eta0, eta1, kind: label };
    this.bitsMemo.set(key, out);
    return out;
  }
}
