import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import type { Policy, Predictions } from "../paging/core/policy.ts";
import { simulate } from "../paging/core/simulate.ts";
import { TrajectoryMemo, type Trajectory } from "../paging/core/trajectory.ts";
import { reseedPolicy, type PolicyInfo } from "../paging/registry.ts";
import { perfectDiscardBits } from "../predictors/discard-oracle.ts";
import { createLearnedPredictor } from "../predictors/learned.ts";
import { applyLognormal, standardNormals } from "../predictors/lognormal-noise.ts";
import { predictAll } from "../predictors/online-predictor.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { flipBits } from "../predictors/bit-flips.ts";
import { mixSeed, nameHash } from "./seeds.ts";
import { STUDY_PREDICTORS, STUDY_SIGMAS, type StudyPredictor } from "./study-constants.ts";

export { STUDY_PREDICTORS, STUDY_SIGMAS, type StudyPredictor };

/** One instance of a study: a request sequence over dense ids. */
export interface StudyTrace {
  /** Shown in errors and reports (the file name). */
  readonly name: string;
  /** Dense page ids in `[0, universe)`. */
  readonly requests: Int32Array;
  /** Number of distinct pages. */
  readonly universe: number;
}

/** What to run. */
export interface StudyOptions {
  /** The instances; costs are summed over them, as in the study. */
  readonly traces: readonly StudyTrace[];
  /** Cache size. */
  readonly k: number;
  /** Registry names or algorithm expressions. */
  readonly algorithms: readonly string[];
  /** Next-arrival source (default `lognormal`). */
  readonly predictor?: StudyPredictor;
  /** σ grid of the lognormal predictor (default {@link STUDY_SIGMAS}); ignored by the others. */
  readonly sigmas?: readonly number[];
  /**
   * Probability p of flipping each one-bit prediction (KEEP→EVICT and EVICT→KEEP alike) before
   * it reaches an algorithm that reads bits (default 0: the perfect discard / phase bits).
   */
  readonly bitFlip?: number;
  /** Number of runs (independent draws of noise and of the algorithms' random choices). */
  readonly runs: number;
  /** Master seed: every random choice of the study derives from it. */
  readonly seed: number;
  /** Only these runs (0-based), for splitting a study across workers; default all. */
  readonly onlyRuns?: readonly number[];
  /** Called after each (run, trace) with the number done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}


/**
 * The raw totals of a study: `totals[a][s][r]` = Σ over traces of algorithm a's faults at noise
 * level s in run r (NaN for runs not computed here). Runs split across workers merge by
 * copying their entries.
 */
export interface StudyTotals {
  /** Canonical algorithm names, in the order asked. */
  readonly algorithms: readonly string[];
  /** The noise levels (σ values; `[null]` for a predictor without σ). */
  readonly levels: readonly (number | null)[];
  /** Σ OPT over the traces (Belady, deterministic). */
  readonly opt: number;
  /** Per algorithm, per level, per run. */
  readonly totals: Float64Array[][];
}

/**
 * Run a learning-augmented paging study the way the literature does (Antoniadis, Coester, Eliáš,
 * Polak & Simon, ICML 2020, `main.py plot`; Lykouris & Vassilvitskii, ICML 2018): every
 * algorithm on every trace, costs summed over the traces, for each noise level and run.
 *
 * Exactness and reproducibility: each cost is the engine's exact fault count; OPT is Belady.
 * Every random draw derives from `seed`, the run, the trace index and (for an algorithm's own
 * choices) the algorithm's name — never from the list of algorithms asked or the worker that
 * computes it — so the same study gives the same totals however it is split. Algorithms that
 * read no next-arrival predictions are run once per run and trace and count for every σ (as in
 * the study's code); deterministic ones that read no predictions at all are run once per trace.
 * One-bit algorithms get the perfect bits of their kind (discard: Belady's labels; phase: the
 * k-phase oracle), flipped with probability `bitFlip`.
 *
 * Cost: per run and trace, one O(n) draw of normals and, per σ, one O(n) noisy copy, plus the
 * simulations; everything else is computed once per trace.
 */
export function runPredictionStudy(options: StudyOptions): StudyTotals {
  const { traces, k, runs, seed } = options;
  checkCacheSize(k);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new InputError(`runs must be a positive integer, got ${runs}`);
  if (traces.length === 0) throw new InputError("the study has no traces");
  const predictor = options.predictor ?? "lognormal";
  if (!STUDY_PREDICTORS.includes(predictor)) {
    throw new InputError(`unknown predictor '${predictor}' (known: ${STUDY_PREDICTORS.join(", ")})`);
  }
  const levels: (number | null)[] = predictor === "lognormal" ? [...(options.sigmas ?? STUDY_SIGMAS)] : [null];
  for (const s of levels) if (s !== null && !(s >= 0 && Number.isFinite(s))) throw new InputError(`σ must be a finite number ≥ 0, got ${s}`);
  const bitFlip = options.bitFlip ?? 0;
  if (!(bitFlip >= 0 && bitFlip <= 1)) throw new InputError(`bit-flip probability must lie in [0, 1], got ${bitFlip}`);
  const infos = options.algorithms.map((name) => policies.get(name));
  const names = infos.map((info) => info.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new InputError(`algorithm '${duplicate}' is listed twice`);
  for (const info of infos) {
    if (info.needs.includes("discardBit") && info.needs.includes("phaseBit")) {
      throw new InputError(`'${info.name}' needs discard bits and phase bits; a run carries one bit per request`);
    }
  }
  const onlyRuns = options.onlyRuns ?? Array.from({ length: runs }, (_, r) => r);
  for (const r of onlyRuns) if (!(Number.isSafeInteger(r) && r >= 0 && r < runs)) throw new InputError(`run ${r} is outside 0..${runs - 1}`);

  const totals = infos.map(() => levels.map(() => new Float64Array(runs).fill(NaN)));
  for (const r of onlyRuns) for (const perLevel of totals) for (const row of perLevel) row[r] = 0;
  const needsBits = infos.some((i) => i.needs.includes("discardBit") || i.needs.includes("phaseBit"));
  // Noise is drawn only when some algorithm reads it (a study of classical policies draws none).
  const noise = predictor === "lognormal" && infos.some((i) => i.needs.includes("nextArrival"));
  let opt = 0;
  let done = 0;
  const total = onlyRuns.length * traces.length;
  // One instance per algorithm serves every trace, run and σ: `reset` restarts it and reuses its
  // buffers, and a randomized one is reseeded for each run — building one per run cost ~10% of
  // the BrightKite study (allocations and their collection). One without `reseed` is rebuilt.
  const instances: (Policy | undefined)[] = new Array(infos.length);
  const instance = (a: number, seed: number): Policy => {
    const info = infos[a];
    const kept = instances[a];
    if (kept !== undefined && reseedPolicy(info, kept, seed)) return kept;
    return (instances[a] = info.create(k, { seed }));
  };
  for (let f = 0; f < traces.length; f++) {
    const trace = traces[f];
    const { requests, universe } = trace;
    const optRun = simulate(policies.create("opt", k), requests, { universe });
    opt += optRun.faults;
    const fixed = fixedPredictions(predictor, requests, universe);
    const discard = needsBits ? perfectDiscardBits(requests, k, { universe }).bits : undefined;
    const phase = needsBits ? perfectPhaseBits(requests, k, universe).bits : undefined;
    const once = new Map<number, number>(); // deterministic prediction-free algorithms, per trace
    // The noisy copies of every run of this trace, overwritten run after run: they are read
    // only while the run simulates (~130 MB less garbage over the 100 × 10 BrightKite runs).
    const buffers = noise ? levels.map(() => new Float64Array(requests.length)) : [];
    const normalsBuffer = noise ? new Float64Array(requests.length) : undefined;
    // Finished runs of deterministic parts on this trace (Marker with a run's seed inside two
    // combiners at every σ; BlindOracle alone, in Trust&Doubt and in a combination): each is
    // computed once and replayed after. Runs that read no predictions serve the whole trace.
    const predictionFree = new Map<string, Trajectory>();
    const zeroMemos: TrajectoryMemo[] = [];
    for (const r of onlyRuns) {
      const runSeed = mixSeed(seed, r, f);
      const normals = noise ? standardNormals(requests.length, runSeed, normalsBuffer) : undefined;
      const bits = (kind: "discardBit" | "phaseBit"): Uint8Array | undefined => {
        const truth = kind === "discardBit" ? discard : phase;
        if (truth === undefined || bitFlip === 0) return truth;
        return flipBits(truth, { p01: bitFlip, p10: bitFlip, seed: mixSeed(runSeed, kind === "discardBit" ? 1 : 2) });
      };
      // The noisy copies depend on (run, trace, σ) only: made once, shared by every algorithm.
      const noisy = normals === undefined ? undefined : levels.map((sigma, s) => applyLognormal(fixed, normals, sigma!, buffers[s]));
      // The buffers were refilled: runs that read them start new memos — except at σ = 0, whose
      // buffer gets the same values every run (the exact next arrivals + 1).
      const memos = noisy?.map((array, s) =>
        levels[s] === 0 ? (zeroMemos[s] ??= new TrajectoryMemo(requests, universe, array, predictionFree)) : new TrajectoryMemo(requests, universe, array, predictionFree),
      );
      for (let a = 0; a < infos.length; a++) {
        const info = infos[a];
        const algoSeed = mixSeed(runSeed, nameHash(info.name));
        const predictions: Predictions = {};
        if (info.needs.includes("discardBit")) predictions.bits = bits("discardBit");
        if (info.needs.includes("phaseBit")) predictions.bits = bits("phaseBit");
        if (!info.needs.includes("nextArrival") || noisy === undefined) {
          if (info.needs.includes("nextArrival")) predictions.nextArrival = fixed;
          let cost = deterministicFree(info) ? once.get(a) : undefined;
          if (cost === undefined) {
            const memo = new TrajectoryMemo(requests, universe, predictions.nextArrival, predictionFree);
            cost = simulate(instance(a, algoSeed), requests, { universe, predictions, memo }).faults;
            if (deterministicFree(info)) once.set(a, cost);
          }
          for (let s = 0; s < levels.length; s++) totals[a][s][r] += cost;
          continue;
        }
        const policy = instance(a, algoSeed);
        for (let s = 0; s < levels.length; s++) {
          predictions.nextArrival = noisy[s];
          totals[a][s][r] += simulate(policy, requests, { universe, predictions, memo: memos![s] }).faults;
        }
      }
      options.onProgress?.(++done, total);
    }
  }
  return { algorithms: names, levels, opt, totals };
}

function deterministicFree(info: PolicyInfo): boolean {
  return !info.randomized && info.needs.length === 0;
}

/** The next-arrival array every run shares: the exact oracle (noise is added per run) or a learned predictor's. */
function fixedPredictions(predictor: StudyPredictor, requests: Int32Array, universe: number): Float64Array {
  switch (predictor) {
    case "lognormal":
      return perfectNextArrival(requests, { neverAgain: "study", universe });
    case "perfect":
      return perfectNextArrival(requests, { universe });
    default:
      return predictAll(createLearnedPredictor(predictor), requests);
  }
}

/** One row of a study's report. */
export interface StudyRow {
  /** Canonical algorithm name (an expression for combinations). */
  readonly algorithm: string;
  /** σ of the lognormal predictor, or null. */
  readonly sigma: number | null;
  /** Mean over runs of the total cost over the traces. */
  readonly meanCost: number;
  /** Mean over runs of total cost / total OPT. */
  readonly meanRatio: number;
  /** Smallest and largest total cost / total OPT over the runs. */
  readonly minRatio: number;
  /** See `minRatio`. */
  readonly maxRatio: number;
}

/** A study's report: the `experiment --json` document. */
export interface StudyReport {
  /** Cache size. */
  readonly k: number;
  /** Number of traces. */
  readonly files: number;
  /** Number of runs. */
  readonly runs: number;
  /** Σ OPT over the traces. */
  readonly opt: number;
  /** Next-arrival source. */
  readonly predictor: StudyPredictor;
  /** Bit-flip probability applied to one-bit predictions. */
  readonly bitFlip: number;
  /** Master seed. */
  readonly seed: number;
  /** One row per algorithm and noise level, algorithms in the order asked. */
  readonly rows: readonly StudyRow[];
}

/**
 * Summarise complete totals (every run computed): per algorithm and level the mean total cost
 * and the mean, min and max of total cost / total OPT over the runs (all 0 when OPT is 0, an
 * empty study).
 */
export function summarizeStudy(
  totals: StudyTotals,
  meta: { k: number; files: number; runs: number; predictor: StudyPredictor; bitFlip: number; seed: number },
): StudyReport {
  const rows: StudyRow[] = [];
  for (let a = 0; a < totals.algorithms.length; a++) {
    for (let s = 0; s < totals.levels.length; s++) {
      const costs = totals.totals[a][s];
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let r = 0; r < costs.length; r++) {
        const c = costs[r];
        if (Number.isNaN(c)) throw new Error(`study totals miss run ${r} of ${totals.algorithms[a]}`);
        sum += c;
        if (c < min) min = c;
        if (c > max) max = c;
      }
      const meanCost = sum / costs.length;
      const ratio = (x: number): number => (totals.opt === 0 ? 0 : x / totals.opt);
      rows.push({ algorithm: totals.algorithms[a], sigma: totals.levels[s], meanCost, meanRatio: ratio(meanCost), minRatio: ratio(min), maxRatio: ratio(max) });
    }
  }
  return { ...meta, opt: totals.opt, rows };
}

/** Copy the computed runs of `part` (a worker's share) into `into`; both from the same study. */
export function mergeStudyTotals(into: StudyTotals, part: StudyTotals): void {
  if (into.opt !== part.opt || into.algorithms.join("\n") !== part.algorithms.join("\n")) {
    throw new Error("merging totals of different studies");
  }
  for (let a = 0; a < into.totals.length; a++) {
    for (let s = 0; s < into.totals[a].length; s++) {
      const src = part.totals[a][s];
      const dst = into.totals[a][s];
      for (let r = 0; r < src.length; r++) if (!Number.isNaN(src[r])) dst[r] = src[r];
    }
  }
}
