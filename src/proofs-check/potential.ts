import { add, compare, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import type { Policy } from "../paging/core/policy.ts";
import { simulate, Stepper } from "../paging/core/simulate.ts";
import type { Citation, Constant } from "./claim.ts";
import { frac, show } from "./exact.ts";
import { ScheduleGraph } from "./offline-schedules.ts";
import {
  AlgSnapshot,
  MaskCacheView,
  SequenceHistory,
  SortedCacheView,
  type AlgView,
  type CacheView,
  type PotentialState,
} from "./potential-state.ts";

/**
 * A potential Φ(ALG state, OPT state): an exact number — a safe integer or a mathjs fraction
 * (anything else is an {@link InputError}, so no rounding can hide or invent a violation).
 */
export type Potential = (state: PotentialState) => number | Fraction;

/**
 * A potential-function argument that ALG is c-competitive: at every request,
 *
 *   ALG_step + ΔΦ ≤ c·OPT_step        (ALG_step, OPT_step ∈ {0, 1}: did each fault?)
 *
 * with Φ ≥ `lowerBound` at every moment and Φ_0 = `initial` on the empty caches. Summed over σ
 * this gives ALG ≤ c·OPT + Φ_0 − Φ_n ≤ c·OPT + (initial − lowerBound). The step is the whole
 * request: OPT serves it and ALG serves it, and ΔΦ compares the states before and after both.
 */
export interface PotentialArgument {
  /** Short identifier for messages, e.g. `lru-rank`. */
  readonly name: string;
  /** The online algorithm: a registry name or a factory `(k) => Policy` (online, deterministic or seeded). */
  readonly policy: string | ((k: number) => Policy);
  /** The competitive ratio c (a function of k). */
  readonly c: Constant;
  /** The potential. */
  readonly phi: Potential;
  /** Declared Φ_0 on the empty caches (default 0). */
  readonly initial?: Constant;
  /** Declared lower bound of Φ (default 0: Φ ≥ 0). */
  readonly lowerBound?: Constant;
  /** The argument in one line, for messages. */
  readonly statement?: string;
  /** Where the argument comes from. */
  readonly citations?: readonly Citation[];
}

/**
 * Which offline schedules the step inequality is checked against:
 * - `belady`: the one cache trajectory of Belady's MIN (the registry's `opt`, its tie-break);
 * - `optimal`: every optimal schedule — every transition that lies on some schedule with OPT
 *   faults ({@link ScheduleGraph}), so the argument holds whichever OPT the proof picks;
 * - `any`: every lazy demand-paging schedule, optimal or not (arguments that never use OPT's
 *   optimality, such as the LRU and FIFO ones, hold against every offline algorithm).
 * The last two need at most 16 pages.
 */
export type OfflineSchedules = "belady" | "optimal" | "any";

/** What {@link checkPotential} checks an argument on. */
export interface PotentialInstance {
  /** Cache size of both ALG and OPT. */
  readonly k: number;
  /** The request sequence, dense ids. */
  readonly requests: ArrayLike<number>;
  /** Universe (default max + 1). */
  readonly universe?: number;
  /** Offline schedules to check against (default `belady`). */
  readonly offline?: OfflineSchedules;
}

/** The first step at which an argument fails, with everything needed to see why. */
export interface PotentialViolation {
  /** `initial`: Φ_0 differs from the declared value; `lower-bound`: Φ below its declared bound; `step`: the inequality fails. */
  readonly kind: "initial" | "lower-bound" | "step";
  /** The argument's name. */
  readonly argument: string;
  /** Cache size. */
  readonly k: number;
  /** Offline schedules checked. */
  readonly offline: OfflineSchedules;
  /** Requests served when it fails: the step serves request `time − 1` (0 for `initial`). */
  readonly time: number;
  /** σ up to and including the failing request. */
  readonly prefix: readonly number[];
  /** ALG's pages before the step, least → most recently requested. */
  readonly algBefore: readonly number[];
  /** ALG's pages after the step, least → most recently requested. */
  readonly algAfter: readonly number[];
  /** OPT's pages before the step (increasing ids). */
  readonly optBefore: readonly number[];
  /** OPT's pages after the step. */
  readonly optAfter: readonly number[];
  /** 1 if ALG faulted at the step. */
  readonly algStep: number;
  /** 1 if OPT faulted at the step. */
  readonly optStep: number;
  /** Φ before the step (for `initial` and `lower-bound`: the value found). */
  readonly phiBefore: Fraction;
  /** Φ after the step. */
  readonly phiAfter: Fraction;
  /** The declared c. */
  readonly c: Fraction;
  /** ALG_step + ΔΦ (or the value found, for `initial` / `lower-bound`). */
  readonly lhs: Fraction;
  /** c·OPT_step (or the declared value / bound). */
  readonly rhs: Fraction;
  /** The readable report ({@link formatPotentialViolation}). */
  readonly message: string;
}

/** Result of checking an argument on one sequence. */
export interface PotentialReport {
  /** The argument's name. */
  readonly argument: string;
  /** Cache size. */
  readonly k: number;
  /** Offline schedules checked. */
  readonly offline: OfflineSchedules;
  /** Whether every check passed. */
  readonly holds: boolean;
  /** Requests in σ. */
  readonly requests: number;
  /** (state, offline transition) pairs checked. */
  readonly transitions: number;
  /** ALG's faults on σ (on the prefix up to the violation, if one was found). */
  readonly alg: number;
  /** OPT's faults on σ (Belady's; the same for every optimal schedule). */
  readonly opt: number;
  /** The first violation, when the argument fails. */
  readonly violation?: PotentialViolation;
}

/** Thrown by {@link assertPotential}: the message is the readable report of the violation. */
export class PotentialError extends Error {
  override name = "PotentialError";
  constructor(
    /** The violation found. */
    readonly violation: PotentialViolation,
  ) {
    super(violation.message);
  }
}

type Exact = number | Fraction;

/**
 * Check a potential-function argument on one request sequence, step by step, exactly: ALG runs
 * in a `Stepper` (its recency and load order tracked by the checker, see `AlgView`), OPT is
 * Belady's trajectory or every optimal (or every) offline schedule ({@link OfflineSchedules}).
 * Checks Φ_0 = the declared initial value, Φ ≥ the declared lower bound at every state on a
 * checked schedule, and ALG_step + ΔΦ ≤ c·OPT_step at every transition; returns the first
 * violation (in time order) instead of throwing — {@link assertPotential} throws it.
 * Bad input (k ≤ 0, an offline policy, too many pages for `optimal`/`any`, a potential that
 * returns an inexact number) is an {@link InputError}.
 */
export function checkPotential(argument: PotentialArgument, instance: PotentialInstance): PotentialReport {
  const k = instance.k;
  checkCacheSize(k);
  const requests = denseRequests(instance.requests);
  const universe = instance.universe ?? maxPage(requests) + 1;
  if (maxPage(requests) >= universe) throw new InputError(`page ${maxPage(requests)} is outside the universe of ${universe} pages`);
  const offline = instance.offline ?? "belady";
  const policy = makePolicy(argument.policy, k);
  return new Checker(argument, k, requests, Math.max(1, universe), offline, policy).run();
}

/** {@link checkPotential}, throwing a {@link PotentialError} with the readable report on a violation. */
export function assertPotential(argument: PotentialArgument, instance: PotentialInstance): PotentialReport {
  const report = checkPotential(argument, instance);
  if (report.violation) throw new PotentialError(report.violation);
  return report;
}

/** Options of {@link checkPotentialExhaustive}. */
export interface ExhaustivePotentialOptions {
  /** Cache size. */
  readonly k: number;
  /** Pages `0..universe−1` (default k + 1; at most 16 for `optimal` and `any`). */
  readonly universe?: number;
  /** Every sequence of length 1..maxLength is checked. */
  readonly maxLength: number;
  /** Offline schedules (default `optimal`). */
  readonly offline?: OfflineSchedules;
  /**
   * Only sequences in canonical form (each new page the smallest unused id), one per class up to
   * renaming pages (default true). Exact when neither the policy nor Φ depends on page ids
   * (true of the registered policies and the shipped potentials).
   */
  readonly symmetry?: boolean;
}

/** Result of {@link checkPotentialExhaustive}. */
export interface ExhaustivePotentialReport {
  /** Whether the argument held on every sequence. */
  readonly holds: boolean;
  /** Sequences checked. */
  readonly sequences: number;
  /** (state, transition) pairs checked in all. */
  readonly transitions: number;
  /** The first violation of a shortest failing sequence. */
  readonly violation?: PotentialViolation;
}

/**
 * Check an argument on every request sequence up to `maxLength` over `universe` pages, shortest
 * first, stopping at the first violation (so its prefix is a shortest witness). With `any`,
 * only the sequences of length maxLength are run — every schedule of a prefix is a prefix of a
 * schedule of an extension, so that covers the shorter ones; `belady` and `optimal` run every
 * length, since Belady's and the optimal schedules of a prefix are not prefixes of those of σ.
 */
export function checkPotentialExhaustive(argument: PotentialArgument, options: ExhaustivePotentialOptions): ExhaustivePotentialReport {
  const { k, maxLength } = options;
  checkCacheSize(k);
  const universe = options.universe ?? k + 1;
  const offline = options.offline ?? "optimal";
  const symmetry = options.symmetry ?? true;
  if (!Number.isSafeInteger(maxLength) || maxLength < 1) throw new InputError(`maxLength must be a positive integer, got ${maxLength}`);
  if (!Number.isSafeInteger(universe) || universe < 1) throw new InputError(`universe must be a positive integer, got ${universe}`);
  let sequences = 0;
  let transitions = 0;
  const seq = new Int32Array(maxLength);
  let found: PotentialViolation | undefined;
  const walk = (depth: number, length: number, used: number): void => {
    if (found) return;
    if (depth === length) {
      const r = checkPotential(argument, { k, requests: seq.subarray(0, length), universe, offline });
      sequences++;
      transitions += r.transitions;
      found = r.violation;
      return;
    }
    const choices = symmetry ? Math.min(universe, used + 1) : universe;
    for (let p = 0; p < choices && !found; p++) {
      seq[depth] = p;
      walk(depth + 1, length, p === used ? used + 1 : used);
    }
  };
  for (let length = offline === "any" ? maxLength : 1; length <= maxLength && !found; length++) walk(0, length, 0);
  return { holds: found === undefined, sequences, transitions, ...(found ? { violation: found } : {}) };
}

/** The readable report of a violation: σ's prefix, both caches before → after, ALG_step, OPT_step, Φ, ΔΦ. */
export function formatPotentialViolation(v: Omit<PotentialViolation, "message">): string {
  const set = (pages: readonly number[]) => `{${pages.join(" ")}}`;
  const against = v.offline === "belady" ? "Belady's schedule" : v.offline === "optimal" ? "an optimal schedule" : "an offline schedule";
  const head = `potential argument '${v.argument}' fails (k = ${v.k}, c = ${show(v.c)}, against ${against})`;
  if (v.kind === "initial") return `${head}: Φ_0 = ${show(v.lhs)} on the empty caches, declared ${show(v.rhs)}`;
  const sigma = `σ[0..${v.prefix.length - 1}] = ${v.prefix.join(" ")}`;
  if (v.kind === "lower-bound") {
    return [
      `${head}: Φ = ${show(v.lhs)} < declared lower bound ${show(v.rhs)} after ${v.time} requests`,
      `  ${sigma}`,
      `  ALG (least → most recent) [${v.algAfter.join(" ")}]; OPT ${set(v.optAfter)}`,
    ].join("\n");
  }
  const delta = subtract(v.phiAfter, v.phiBefore) as Fraction;
  return [
    `${head} at step t = ${v.time - 1} (request ${v.prefix[v.prefix.length - 1]}):`,
    `  ${sigma}`,
    `  ALG (least → most recent) [${v.algBefore.join(" ")}] → [${v.algAfter.join(" ")}]; OPT ${set(v.optBefore)} → ${set(v.optAfter)}`,
    `  ALG_step = ${v.algStep}, OPT_step = ${v.optStep}, Φ ${show(v.phiBefore)} → ${show(v.phiAfter)}, ΔΦ = ${show(delta)}: ` +
      `ALG_step + ΔΦ = ${show(v.lhs)} > c·OPT_step = ${show(v.rhs)}`,
  ].join("\n");
}

class Checker {
  private readonly history: SequenceHistory;
  private readonly c: Exact;
  private readonly cFraction: Fraction;
  private readonly initial: Exact;
  private readonly lower: Exact;
  private transitions = 0;
  private algFaults = 0;
  // ALG's tracked state: resident pages (sorted), their last request and load times.
  private resident: number[] = [];
  private readonly lastReq: Int32Array;
  private readonly loadTime: Int32Array;

  constructor(
    private readonly argument: PotentialArgument,
    private readonly k: number,
    private readonly requests: Int32Array,
    private readonly universe: number,
    private readonly offline: OfflineSchedules,
    private readonly policy: Policy,
  ) {
    this.history = new SequenceHistory(requests, universe, k);
    this.cFraction = argument.c.value(k, k);
    this.c = exact(this.cFraction, "c");
    this.initial = exact(argument.initial?.value(k, k) ?? frac(0), "Φ_0");
    this.lower = exact(argument.lowerBound?.value(k, k) ?? frac(0), "the lower bound");
    this.lastReq = new Int32Array(universe).fill(-1);
    this.loadTime = new Int32Array(universe).fill(-1);
  }

  run(): PotentialReport {
    if (this.offline === "belady") return this.againstBelady();
    if (this.offline !== "optimal" && this.offline !== "any") throw new InputError(`unknown offline schedules '${String(this.offline)}' (belady, optimal, any)`);
    return this.againstGraph();
  }

  private againstBelady(): PotentialReport {
    const n = this.requests.length;
    const belady = simulate(policies.create("opt", this.k), this.requests, { universe: this.universe, recordEvictions: true });
    const ev = belady.evictions!;
    const stepper = new Stepper(this.policy, this.universe);
    let optSet: number[] = [];
    let e = 0;
    let alg = this.algView();
    let opt: CacheView = new SortedCacheView(this.k, new Int32Array(0));
    let phi = this.phiOf(0, alg, opt);
    const bad = this.checkState(0, alg, opt, phi, true);
    if (bad) return this.report(n, belady.faults, bad);
    for (let t = 0; t < n; t++) {
      const p = this.requests[t];
      const optFault = optSet.includes(p) ? 0 : 1;
      if (optFault) {
        for (; e < ev.times.length && ev.times[e] === t; e++) optSet = optSet.filter((q) => q !== ev.pages[e]);
        optSet = [...optSet, p].sort((a, b) => a - b);
      }
      const algFault = this.serve(stepper, t);
      const algNext = this.algView();
      const optNext = new SortedCacheView(this.k, Int32Array.from(optSet));
      const phiNext = this.phiOf(t + 1, algNext, optNext);
      this.transitions++;
      const v =
        this.checkStep(t, alg, opt, phi, algNext, optNext, phiNext, algFault, optFault) ??
        this.checkState(t + 1, algNext, optNext, phiNext, false);
      if (v) return this.report(n, belady.faults, v);
      [alg, opt, phi] = [algNext, optNext, phiNext];
    }
    return this.report(n, belady.faults);
  }

  private againstGraph(): PotentialReport {
    const n = this.requests.length;
    const graph = new ScheduleGraph(this.requests, this.k, this.universe);
    const optimal = this.offline === "optimal";
    const stepper = new Stepper(this.policy, this.universe);
    let alg = this.algView();
    let phis = this.layerPhis(graph, 0, alg, optimal);
    for (let i = 0; i < phis.length; i++) {
      const v = phis[i] === undefined ? undefined : this.checkState(0, alg, this.maskView(graph, 0, i), phis[i]!, true);
      if (v) return this.report(n, graph.opt, v);
    }
    for (let t = 0; t < n; t++) {
      const algFault = this.serve(stepper, t);
      const algNext = this.algView();
      const next = this.layerPhis(graph, t + 1, algNext, optimal);
      for (let j = 0; j < next.length; j++) {
        const v = next[j] === undefined ? undefined : this.checkState(t + 1, algNext, this.maskView(graph, t + 1, j), next[j]!, false);
        if (v) return this.report(n, graph.opt, v);
      }
      const layer = graph.layers[t];
      for (let i = 0; i < layer.length; i++) {
        if (phis[i] === undefined) continue;
        let found: PotentialViolation | undefined;
        graph.successors(t, layer[i], (m, fault) => {
          if (found) return;
          const j = graph.indexIn(t + 1, m);
          if (optimal && graph.forward[t][i] + fault + graph.backward[t + 1][j] !== graph.opt) return;
          this.transitions++;
          found = this.checkStep(t, alg, this.maskView(graph, t, i), phis[i]!, algNext, this.maskView(graph, t + 1, j), next[j]!, algFault, fault);
        });
        if (found) return this.report(n, graph.opt, found);
      }
      [alg, phis] = [algNext, next];
    }
    return this.report(n, graph.opt);
  }

  /** Φ of every state of layer t on a checked schedule (undefined for the others). */
  private layerPhis(graph: ScheduleGraph, t: number, alg: AlgView, optimal: boolean): (Exact | undefined)[] {
    const layer = graph.layers[t];
    const out = new Array<Exact | undefined>(layer.length);
    for (let i = 0; i < layer.length; i++) {
      const on = !optimal || graph.forward[t][i] + graph.backward[t][i] === graph.opt;
      out[i] = on ? this.phiOf(t, alg, this.maskView(graph, t, i)) : undefined;
    }
    return out;
  }

  private maskView(graph: ScheduleGraph, t: number, i: number): CacheView {
    return new MaskCacheView(this.k, graph.layers[t][i]);
  }

  /** Serve request t in ALG, keep the tracked order state; returns 1 on a fault. */
  private serve(stepper: Stepper, t: number): 0 | 1 {
    const p = this.requests[t];
    const out = stepper.request(p);
    this.lastReq[p] = t;
    if (out.hit) return 0;
    this.algFaults++;
    const gone = new Set(out.evicted);
    this.resident = [...this.resident.filter((q) => !gone.has(q)), p].sort((a, b) => a - b);
    this.loadTime[p] = t;
    return 1;
  }

  private algView(): AlgSnapshot {
    const list = Int32Array.from(this.resident);
    return new AlgSnapshot(
      this.k,
      list,
      Int32Array.from(list, (q) => this.lastReq[q]),
      Int32Array.from(list, (q) => this.loadTime[q]),
      this.policy,
    );
  }

  private phiOf(time: number, alg: AlgView, opt: CacheView): Exact {
    const value = this.argument.phi(this.history.state(time, alg, opt));
    return exact(value, `potential '${this.argument.name}' after ${time} requests`);
  }

  private checkState(time: number, alg: AlgSnapshot, opt: CacheView, phi: Exact, initial: boolean): PotentialViolation | undefined {
    if (initial && cmpExact(phi, this.initial) !== 0) {
      return this.violation("initial", time, alg, alg, opt, opt, 0, 0, phi, phi, phi, this.initial);
    }
    if (cmpExact(phi, this.lower) < 0) return this.violation("lower-bound", time, alg, alg, opt, opt, 0, 0, phi, phi, phi, this.lower);
    return undefined;
  }

  private checkStep(
    t: number,
    alg: AlgSnapshot,
    opt: CacheView,
    phi: Exact,
    algNext: AlgSnapshot,
    optNext: CacheView,
    phiNext: Exact,
    algStep: 0 | 1,
    optStep: 0 | 1,
  ): PotentialViolation | undefined {
    const lhs = addExact(algStep, subExact(phiNext, phi));
    const rhs = optStep === 1 ? this.c : 0;
    if (cmpExact(lhs, rhs) <= 0) return undefined;
    return this.violation("step", t + 1, alg, algNext, opt, optNext, algStep, optStep, phi, phiNext, lhs, rhs);
  }

  private violation(
    kind: PotentialViolation["kind"],
    time: number,
    alg: AlgSnapshot,
    algNext: AlgSnapshot,
    opt: CacheView,
    optNext: CacheView,
    algStep: number,
    optStep: number,
    phi: Exact,
    phiNext: Exact,
    lhs: Exact,
    rhs: Exact,
  ): PotentialViolation {
    const byRecency = (a: AlgSnapshot) => [...a.pages()].sort((x, y) => a.recencyRank(x) - a.recencyRank(y));
    const v: Omit<PotentialViolation, "message"> = {
      kind,
      argument: this.argument.name,
      k: this.k,
      offline: this.offline,
      time,
      prefix: Array.from(this.requests.subarray(0, time)),
      algBefore: byRecency(alg),
      algAfter: byRecency(algNext),
      optBefore: opt.pages(),
      optAfter: optNext.pages(),
      algStep,
      optStep,
      phiBefore: toFraction(phi),
      phiAfter: toFraction(phiNext),
      c: this.cFraction,
      lhs: toFraction(lhs),
      rhs: toFraction(rhs),
    };
    return { ...v, message: formatPotentialViolation(v) };
  }

  private report(n: number, opt: number, violation?: PotentialViolation): PotentialReport {
    return {
      argument: this.argument.name,
      k: this.k,
      offline: this.offline,
      holds: violation === undefined,
      requests: n,
      transitions: this.transitions,
      alg: this.algFaults,
      opt,
      ...(violation ? { violation } : {}),
    };
  }
}

function makePolicy(policy: string | ((k: number) => Policy), k: number): Policy {
  if (typeof policy === "string") {
    const info = policies.get(policy);
    if (info.offline) throw new InputError(`a potential argument needs an online policy, '${policy}' is offline`);
    return policies.create(policy, k);
  }
  const made = policy(k);
  if (made.offline) throw new InputError("a potential argument needs an online policy");
  return made;
}

function denseRequests(requests: ArrayLike<number>): Int32Array {
  const out = new Int32Array(requests.length);
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (!Number.isSafeInteger(p) || p < 0 || p > 0x7fffffff) throw new InputError(`request ${t}: page id ${p} is not a non-negative 32-bit integer`);
    out[t] = p;
  }
  return out;
}

function maxPage(requests: Int32Array): number {
  let max = -1;
  for (const p of requests) if (p > max) max = p;
  return max;
}

// Exact values stay plain integers while they are safe integers (the shipped potentials are),
// and become mathjs fractions otherwise: the exhaustive checks evaluate millions of states.
function exact(value: number | Fraction, what: string): Exact {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new InputError(`${what} is ${value}, not an exact value: give a safe integer or a mathjs fraction`);
    return value;
  }
  if (value === null || typeof value !== "object" || typeof (value as Fraction).n !== "bigint") {
    throw new InputError(`${what} is ${String(value)}, not an exact value: give a safe integer or a mathjs fraction`);
  }
  return narrow(value);
}

function narrow(f: Fraction): Exact {
  if (f.d === 1n && f.n <= BigInt(Number.MAX_SAFE_INTEGER)) return f.s < 0n ? -Number(f.n) : Number(f.n);
  return f;
}

function toFraction(x: Exact): Fraction {
  return typeof x === "number" ? frac(x) : x;
}

function addExact(a: Exact, b: Exact): Exact {
  if (typeof a === "number" && typeof b === "number" && Number.isSafeInteger(a + b)) return a + b;
  return narrow(add(toFraction(a), toFraction(b)) as Fraction);
}

function subExact(a: Exact, b: Exact): Exact {
  if (typeof a === "number" && typeof b === "number" && Number.isSafeInteger(a - b)) return a - b;
  return narrow(subtract(toFraction(a), toFraction(b)) as Fraction);
}

function cmpExact(a: Exact, b: Exact): number {
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  return Math.sign(Number((compare(toFraction(a), toFraction(b)) as Fraction).valueOf()));
}

