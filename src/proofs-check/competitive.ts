import fc from "fast-check";
import { add, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { simulate } from "../paging/core/simulate.ts";
import type { Policy, Predictions } from "../paging/core/policy.ts";
import type { PredictionKind } from "../paging/registry.ts";
import type { Claim, ClaimForm, Constant } from "./claim.ts";
import { claimById } from "./bounds.ts";
import { checkClaimWith, formatVerdict, type ClaimVerdict } from "./check.ts";
import { registrySource, type CaseVerdict, type PolicySource } from "./check-context.ts";
import { approx, exactDouble, show } from "./exact.ts";
import { adversarialSequences, cacheSizes, phasedSequences, uniformSequences, zipfSequences } from "./arbitraries/sequences.ts";
import { bitPredictions, nextArrivalPredictions } from "./arbitraries/predictions.ts";
import { cruelSequence } from "../adversaries/cruel.ts";

/**
 * A policy under test: a fresh instance for cache size k. A randomized policy draws its choices
 * from `seed` (same seed, same run); a deterministic one ignores it.
 */
export type PolicyFactory = (k: number, seed: number) => Policy;

/** A constant of a {@link CompetitiveBound}: a number (taken exactly), a mathjs fraction, or a function of k. */
export type BoundConstant = number | Fraction | ((k: number) => number | Fraction);

/**
 * A bound in the project's form ALG_k ≤ α·OPT_k + β·η₀ + γ·η₁ + b, with η₀ (false KEEPs) and η₁
 * (false EVICTs) the errors of one-bit predictions. Without β and γ it is a plain competitive
 * ratio, ALG_k ≤ α·OPT_k + b, and the policy gets no predictions.
 */
export interface CompetitiveBound {
  /** α, multiplying OPT_k. */
  readonly alpha: BoundConstant;
  /** β, multiplying η₀ (default 0; giving β or γ makes it a one-bit prediction bound). */
  readonly beta?: BoundConstant;
  /** γ, multiplying η₁ (default 0). */
  readonly gamma?: BoundConstant;
  /** The additive term b (default 0). */
  readonly additive?: BoundConstant;
  /**
   * Which true bits η₀ and η₁ are measured against: `discard` (Belady's labels, default) or
   * `phase` (the k-phase oracle); see `bitPredictions`.
   */
  readonly truth?: "discard" | "phase";
}

/** Options of {@link checkCompetitive} and {@link assertCompetitive}. */
export interface CompetitiveOptions {
  /** fast-check seed (default 20_261_129); printed in every message, so a failure reproduces. */
  readonly seed?: number;
  /** Generated instances to try (default 200). */
  readonly numRuns?: number;
  /** fast-check's replay path of a failure (from a previous message), to replay just that case. */
  readonly path?: string;
  /** The cache size, or a range of them (default 1 to 5). */
  readonly k?: number | { readonly min: number; readonly max: number };
  /** Longest generated sequence (default 40). */
  readonly maxLength?: number;
  /**
   * The request sequences for cache size k. Default: a mix of {@link uniformSequences} over
   * k+2 pages, {@link zipfSequences} over 2k+2, {@link phasedSequences} and
   * {@link adversarialSequences} over k+1 pages, and — for an online policy that reads no
   * predictions, against a bound meant for every run — the cruel adversary's sequence against
   * the policy itself (it always requests the one page of k+1 missing from the policy's cache).
   */
  readonly sequences?: (k: number) => fc.Arbitrary<Int32Array>;
  /** Most false KEEPs η₀ of generated one-bit predictions (default: any). */
  readonly eta0?: number;
  /** Most false EVICTs η₁ of generated one-bit predictions (default: any). */
  readonly eta1?: number;
  /** ℓ1 budget η of generated next-arrival predictions (default 2n). */
  readonly eta?: number;
  /**
   * Predictions the policy reads, besides those the claim measures (a bound with β or γ implies
   * the bits it measures; an `eta` claim next arrivals). Discard and phase bits cannot both be read.
   */
  readonly needs?: readonly PredictionKind[];
  /** The factory's policy draws random choices from its seed (default false). */
  readonly randomized?: boolean;
  /**
   * Seeds of a randomized policy (default 0..19): for a deterministic bound each is a case of
   * its own; for an expectation bound they are the sample of the mean.
   */
  readonly seeds?: readonly number[];
  /** How a custom bound holds: on every run (default), or for E[ALG]. Registered claims say it themselves. */
  readonly guarantee?: "deterministic" | "expectation";
  /** False-alarm probability δ of the statistical check of an expectation (default 1e−9). */
  readonly confidence?: number;
  /** The policy's name in messages (default: the registry name, the factory's name, or its policy's class name). */
  readonly name?: string;
}

/** One checked instance: what was generated and both sides of the bound. */
export interface CompetitiveWitness {
  /** ALG's cache size. */
  readonly k: number;
  /** OPT's cache size (k unless the claim is about resource augmentation). */
  readonly h: number;
  /** The request sequence. */
  readonly requests: Int32Array;
  /** The predictions the policy was given (empty when it reads none). */
  readonly predictions: Predictions;
  /** OPT_h, by Belady. */
  readonly opt: number;
  /** The case with the least slack (for a randomized policy: over its seeds). */
  readonly case: CaseVerdict;
  /** bound − ALG, exactly (for an expectation, the bound includes the Hoeffding slack); negative iff violated. */
  readonly slack: Fraction;
  /** The full verdict, as `formatVerdict` prints it. */
  readonly verdict: ClaimVerdict;
}

/** What {@link checkCompetitive} found. */
export interface CompetitiveReport {
  /** True iff every generated instance satisfied the bound (and the policy never threw). */
  readonly holds: boolean;
  /** The policy's name in messages. */
  readonly policy: string;
  /** The claim checked (a custom bound becomes a claim with id `custom-bound`). */
  readonly claim: Claim;
  /** The fast-check seed used. */
  readonly seed: number;
  /** Instances tried before the first failure (all of them when it holds). */
  readonly runs: number;
  /** The least slack over every instance evaluated (undefined if none could be). */
  readonly worstSlack: Fraction | undefined;
  /** The instance with that least slack. */
  readonly worst: CompetitiveWitness | undefined;
  /** On a failure: the shrunk counterexample, re-evaluated (undefined if the policy threw on it). */
  readonly counterexample?: CompetitiveWitness;
  /** On a failure: fast-check's replay path (pass it back as `path`). */
  readonly path?: string;
  /** On a failure caused by an exception (the policy threw): that error. */
  readonly error?: unknown;
  /** A readable account: the verdict, or the shrunk witness with seed and path. */
  readonly message: string;
}

/** The error {@link assertCompetitive} throws; its message holds the shrunk witness. */
export class CompetitiveViolation extends Error {
  override name = "CompetitiveViolation";
  /** The report behind the message. */
  readonly report: CompetitiveReport;
  constructor(report: CompetitiveReport) {
    super(report.message);
    this.report = report;
  }
}

const DEFAULT_SEED = 20_261_129;
const DEFAULT_SEEDS = Array.from({ length: 20 }, (_, i) => i);
const SUPPORTED: ReadonlySet<ClaimForm["kind"]> = new Set(["ratio", "bits", "eta", "phase-faults", "phase-sum", "perfect", "own-labels"]);

interface Generated {
  readonly k: number;
  readonly h: number;
  readonly requests: Int32Array;
  readonly predictions: Predictions;
}

/**
 * Property-test a paging policy against a competitive bound and return what was found, never
 * throwing for a violation (see {@link assertCompetitive} for the throwing form).
 *
 * `policy` is a {@link PolicyFactory} or the name of a registered policy (an algorithm
 * expression). `claim` is a registered claim (its id or the object, e.g. `marking-strict`:
 * ALG_k ≤ k·OPT_k; `follow-discard-smooth`: ALG_k ≤ OPT_k + (k−1)η₀ + η₁) — its inequality and
 * constants are applied to *this* policy, whatever policies the claim lists — or a
 * {@link CompetitiveBound}. Forms that bound ALG are supported: ratio, bits, eta, phase-faults,
 * phase-sum, perfect (consistency), own-labels; claims about OPT alone, the cruel adversary or
 * combiners are an {@link InputError}.
 *
 * fast-check generates instances (k, σ, and the predictions the bound measures or the policy
 * needs, within the error budgets), each checked exactly by the project's checker: ALG by the
 * engine, OPT by Belady, both sides as exact fractions (mathjs; irrational constants bracketed
 * from the safe side). The sequences include, for an online policy that reads no predictions
 * and a bound meant for every run, the cruel adversary's sequence against the policy itself. A
 * failing instance is shrunk by fast-check, then minimized further (the smallest k on which it
 * still fails, single requests deleted while it still fails) and re-evaluated for the report.
 *
 * Randomized policies: with a deterministic bound every seed is a case ("for every seed"). With
 * an expectation bound a registered policy whose exact expectation the project computes
 * (Marker, follow-discard-rand, mark-and-predict, Guard, combine-rand over deterministic parts)
 * is compared exactly; any other is compared by its mean over the seeds plus the one-sided
 * Hoeffding slack for the range [distinct pages, n] of a run, so a true bound is reported
 * violated with probability at most `confidence` per instance.
 *
 * @throws InputError for an unknown claim, an unsupported form, or bad options.
 */
export function checkCompetitive(policy: PolicyFactory | string, claim: string | Claim | CompetitiveBound, options: CompetitiveOptions = {}): CompetitiveReport {
  const seeds = options.seeds ?? DEFAULT_SEEDS;
  if (seeds.length === 0) throw new InputError("the seed list is empty");
  const label = options.name ?? (typeof policy === "string" ? policy : policy.name || className(policy, seeds[0]));
  const base = resolveClaim(claim, options);
  if (!SUPPORTED.has(base.form.kind)) {
    throw new InputError(`claim ${base.id} (${base.form.kind}) is not about ALG alone; checkCompetitive takes ratio, bits, eta, phase-faults, phase-sum, perfect and own-labels claims`);
  }
  const checked: Claim = { ...base, policies: [label] };
  const needs = predictionNeeds(checked, typeof policy === "string" ? policies.get(policy).needs : (options.needs ?? []));
  const source = sourceFor(policy, label, needs, options);
  const seed = options.seed ?? DEFAULT_SEED;
  const numRuns = options.numRuns ?? 200;
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) throw new InputError(`numRuns must be a positive integer, got ${numRuns}`);
  const evaluate = (g: Generated): CompetitiveWitness =>
    witness(
      g,
      checkClaimWith(
        checked,
        { k: g.k, h: g.h, requests: g.requests, predictions: g.predictions, seeds, confidence: options.confidence, exactExpectation: true },
        source,
      ),
    );

  // The adaptive adversary needs an online policy that reads no predictions, and a bound that
  // holds for every run: an expectation is over oblivious sequences, which it is not.
  const cruel =
    checked.guarantee === "deterministic" && needs.length === 0 && !isOffline(source, label, seeds[0])
      ? (k: number, n: number): Int32Array => {
          try {
            return cruelSequence(source.create(label, k, seeds[0]), n);
          } catch {
            return Int32Array.from({ length: n }, (_, t) => t % (k + 1)); // the policy's own error shows when it is evaluated
          }
        }
      : undefined;
  let worst: CompetitiveWitness | undefined;
  const property = fc.property(instances(checked, needs, options, cruel), (g) => {
    const w = evaluate(g);
    // Among equally tight instances the longest is the more telling example.
    const order = worst === undefined ? -1 : compareFractions(w.slack, worst.slack);
    if (order < 0 || (order === 0 && w.requests.length > worst!.requests.length)) worst = w;
    return w.verdict.holds;
  });
  const details = fc.check(property, { seed, numRuns, ...(options.path !== undefined ? { path: options.path } : {}) });
  if (!details.failed) {
    const tail = worst === undefined ? "" : `; least slack ${show(worst.slack)} (≈ ${approx(worst.slack)}) at ${describeInstance(worst)}`;
    const message = `${label} satisfies [${checked.id}] ${checked.statement} on ${details.numRuns} generated instances (fast-check seed ${seed})${tail}`;
    return { holds: true, policy: label, claim: checked, seed, runs: details.numRuns, worstSlack: worst?.slack, worst, message };
  }
  const [found] = details.counterexample ?? [];
  const shrunk = found === undefined ? undefined : deleteRequests(found, evaluate);
  let counterexample: CompetitiveWitness | undefined;
  let error: unknown;
  if (shrunk !== undefined) {
    try {
      counterexample = evaluate(shrunk);
    } catch (e) {
      error = e;
    }
  }
  const path = details.counterexamplePath ?? undefined;
  const minimized = found !== undefined && shrunk !== undefined && (found.k !== shrunk.k || found.requests.length !== shrunk.requests.length);
  const message = failureMessage(label, checked, seed, path, details.numRuns, details.numShrinks, minimized, shrunk, counterexample, error);
  return {
    holds: false,
    policy: label,
    claim: checked,
    seed,
    runs: details.numRuns,
    worstSlack: worst?.slack,
    worst,
    ...(counterexample !== undefined ? { counterexample } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(error !== undefined ? { error } : {}),
    message,
  };
}

/**
 * {@link checkCompetitive}, throwing a {@link CompetitiveViolation} (an `Error`) when the bound
 * fails or the policy throws: its message holds the shrunk witness — k, σ, the predictions and
 * their errors, ALG, OPT, the bound and the exact comparison — with the fast-check seed and
 * replay path. Works in any test runner (vitest, jest, `node --test`) or none. Returns the
 * report when the bound holds.
 * @throws CompetitiveViolation on a violation; InputError for an unknown claim or bad options.
 */
export function assertCompetitive(policy: PolicyFactory | string, claim: string | Claim | CompetitiveBound, options: CompetitiveOptions = {}): CompetitiveReport {
  const report = checkCompetitive(policy, claim, options);
  if (!report.holds) throw new CompetitiveViolation(report);
  return report;
}

/** The class name of the factory's policy, for messages (an arrow factory has no name of its own). */
function className(factory: PolicyFactory, seed: number): string {
  try {
    const name = (Object.getPrototypeOf(factory(1, seed)) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name !== undefined && name !== "" && name !== "Object" ? name : "the policy";
  } catch {
    return "the policy"; // the checks will call it again and report what it throws
  }
}

function resolveClaim(claim: string | Claim | CompetitiveBound, options: CompetitiveOptions): Claim {
  if (typeof claim === "string") {
    try {
      return claimById(claim);
    } catch (e) {
      throw new InputError(e instanceof Error ? e.message : String(e));
    }
  }
  if ("form" in claim) return claim;
  return boundClaim(claim, options.guarantee ?? "deterministic");
}

function boundClaim(bound: CompetitiveBound, guarantee: "deterministic" | "expectation"): Claim {
  const constant = (name: string, v: BoundConstant | undefined): Constant => {
    if (v === undefined) return { text: "0", value: () => exactDouble(0) };
    const text = typeof v === "function" ? `${name}(k)` : typeof v === "number" ? String(v) : show(v);
    return { text, value: (k) => toFraction(name, typeof v === "function" ? v(k) : v) };
  };
  const alpha = constant("α", bound.alpha);
  const b = constant("b", bound.additive);
  const bits = bound.beta !== undefined || bound.gamma !== undefined;
  const beta = constant("β", bound.beta);
  const gamma = constant("γ", bound.gamma);
  const form: ClaimForm = bits
    ? { kind: "bits", truth: bound.truth ?? "discard", alpha, beta, gamma, b }
    : { kind: "ratio", c: alpha, b, sameCache: true };
  const statement = bits
    ? `ALG_k ≤ ${alpha.text}·OPT_k + ${beta.text}·η₀ + ${gamma.text}·η₁ + ${b.text}`
    : `ALG_k ≤ ${alpha.text}·OPT_k + ${b.text}`;
  return {
    id: "custom-bound",
    statement: guarantee === "expectation" ? statement.replace("ALG_k", "E[ALG_k]") : statement,
    policies: [],
    form,
    guarantee,
    citations: [{ source: "given by the caller", tag: "UNVERIFIED" }],
    status: "asserted",
    why: "a bound under test",
  };
}

function toFraction(name: string, v: number | Fraction): Fraction {
  if (typeof v !== "number") return v;
  if (!Number.isFinite(v)) throw new InputError(`bound constant ${name} must be finite, got ${v}`);
  return exactDouble(v);
}

/** The predictions to generate: those the claim measures and those the policy reads. */
function predictionNeeds(claim: Claim, policyNeeds: readonly PredictionKind[]): readonly PredictionKind[] {
  const needs = new Set(policyNeeds);
  const form = claim.form;
  if (form.kind === "bits") needs.add(form.truth === "phase" ? "phaseBit" : "discardBit");
  if (form.kind === "eta") needs.add("nextArrival");
  if (form.kind === "own-labels") needs.add("discardBit");
  if (needs.has("discardBit") && needs.has("phaseBit")) {
    throw new InputError(`claim ${claim.id}: a policy reads one bit per request, discard or phase bits, not both`);
  }
  return [...needs];
}

function sourceFor(policy: PolicyFactory | string, label: string, needs: readonly PredictionKind[], options: CompetitiveOptions): PolicySource {
  if (typeof policy === "string") {
    policies.get(policy); // an unknown name fails here, before any instance is generated
    return {
      describe: (name) => registrySource.describe(name === label ? policy : name),
      create: (name, k, seed) => registrySource.create(name === label ? policy : name, k, seed),
      exact: (name) => registrySource.exact(name === label ? policy : name),
    };
  }
  const described = { randomized: options.randomized ?? false, needs };
  return {
    describe: (name) => (name === label ? described : registrySource.describe(name)),
    create: (name, k, seed) => {
      if (name !== label) return registrySource.create(name, k, seed);
      const made = policy(k, seed);
      if (made === null || typeof made !== "object" || typeof made.makeRoom !== "function") {
        throw new InputError(`${label}: the factory returned ${String(made)}, not a Policy`);
      }
      if (made.k !== k) throw new InputError(`${label}: the factory asked for k = ${k} returned a policy with k = ${made.k}`);
      return made;
    },
    exact: (name) => (name === label ? undefined : registrySource.exact(name)),
  };
}

function isOffline(source: PolicySource, label: string, seed: number): boolean {
  try {
    return source.create(label, 1, seed).offline === true;
  } catch {
    return true;
  }
}

function instances(
  claim: Claim,
  needs: readonly PredictionKind[],
  options: CompetitiveOptions,
  cruel: ((k: number, n: number) => Int32Array) | undefined,
): fc.Arbitrary<Generated> {
  const maxLength = options.maxLength ?? 40;
  const k = options.k ?? { min: 1, max: 5 };
  const ks = typeof k === "number" ? cacheSizes({ min: k, max: k }) : cacheSizes(k);
  const sequences =
    options.sequences ??
    ((k: number) =>
      fc.oneof(
        uniformSequences({ universe: k + 2, maxLength }),
        zipfSequences({ universe: 2 * k + 2, maxLength }),
        phasedSequences({ k, maxPhases: Math.max(1, Math.floor(maxLength / (2 * k))), maxRepeats: Math.min(k, 3) }),
        adversarialSequences({ k, maxLength }),
        ...(cruel === undefined ? [] : [fc.integer({ min: 0, max: maxLength }).map((n) => cruel(k, n))]),
      ));
  // Only the resource-augmentation form compares with an optimum of a smaller cache h ≤ k.
  const usesH = claim.form.kind === "ratio" && !claim.form.sameCache;
  return ks.chain((k) =>
    fc
      .tuple(sequences(k), usesH ? fc.integer({ min: 1, max: k }) : fc.constant(k))
      .chain(([requests, h]) => predictionsFor(requests, k, needs, options).map((predictions) => ({ k, h, requests, predictions }))),
  );
}

function predictionsFor(requests: Int32Array, k: number, needs: readonly PredictionKind[], options: CompetitiveOptions): fc.Arbitrary<Predictions> {
  const next = needs.includes("nextArrival")
    ? nextArrivalPredictions(requests, { maxError: options.eta ?? 2 * requests.length }).map((s) => s.nextArrival)
    : fc.constant(undefined);
  const truth = needs.includes("phaseBit") ? "phase" : needs.includes("discardBit") ? "discard" : undefined;
  const bits =
    truth === undefined
      ? fc.constant(undefined)
      : bitPredictions(requests, k, { truth, ...(options.eta0 !== undefined ? { eta0: options.eta0 } : {}), ...(options.eta1 !== undefined ? { eta1: options.eta1 } : {}) }).map((s) => s.bits);
  return fc.tuple(next, bits).map(([nextArrival, b]) => ({
    ...(nextArrival !== undefined ? { nextArrival } : {}),
    ...(b !== undefined ? { bits: b } : {}),
  }));
}

/**
 * fast-check cannot shrink a sequence past the structure its generator gave it (and a chained
 * arbitrary re-draws the inner value when the outer one shrinks), so the counterexample is then
 * minimized directly: the smallest cache size on which the same instance still fails, then
 * delete one request at a time — with its bit, when the predictions are bits
 * — and keep each deletion that still fails, until none does. Next-arrival predictions name
 * times, which a deletion would shift, so those counterexamples are left as fast-check shrank
 * them. Each round costs at most k + n evaluations, and every round but the last removes a
 * request or lowers k, so at most (k + n)² in all.
 */
function deleteRequests(g: Generated, evaluate: (g: Generated) => CompetitiveWitness): Generated {
  if (g.predictions.nextArrival !== undefined) return g;
  const fails = (c: Generated): boolean => {
    try {
      return !evaluate(c).verdict.holds;
    } catch {
      return true;
    }
  };
  let current = g;
  for (let changed = true; changed; ) {
    changed = false;
    // A smaller cache: fast-check draws k before σ and cannot shrink it afterwards.
    for (let k = 1; k < current.k; k++) {
      const candidate: Generated = { ...current, k, h: Math.min(current.h, k) };
      if (fails(candidate)) {
        current = candidate;
        changed = true;
        break;
      }
    }
    for (let i = current.requests.length - 1; i >= 0; i--) {
      const without = <T extends Int32Array | Uint8Array>(a: T): T => {
        const out = a.slice(0, a.length - 1) as T;
        out.set(a.subarray(i + 1), i);
        return out;
      };
      const bits = current.predictions.bits;
      const candidate: Generated = { ...current, requests: without(current.requests), predictions: bits === undefined ? {} : { bits: without(bits) } };
      if (fails(candidate)) {
        current = candidate;
        changed = true;
      }
    }
  }
  return current;
}

function witness(g: Generated, verdict: ClaimVerdict): CompetitiveWitness {
  let least: { c: CaseVerdict; slack: Fraction } | undefined;
  for (const c of verdict.cases) {
    const slack = caseSlack(c);
    if (least === undefined || (!c.holds && least.c.holds) || (c.holds === least.c.holds && compareFractions(slack, least.slack) < 0)) least = { c, slack };
  }
  if (least === undefined) throw new Error("a verdict without cases");
  const opt = simulate(policies.create("opt", g.h), g.requests).faults;
  return { k: g.k, h: g.h, requests: g.requests, predictions: g.predictions, opt, case: least.c, slack: least.slack, verdict };
}

/** bound − ALG for a ≤ case (bound with its Hoeffding slack), ALG − bound for a ≥ case; made negative if the case fails. */
function caseSlack(c: CaseVerdict): Fraction {
  const raw =
    c.relation === "≤" ? (subtract(c.slack ? add(c.rhs, c.slack) : c.rhs, c.lhs) as Fraction) : (subtract(c.lhs, c.rhs) as Fraction);
  // A failed consistency case can have ALG below its target; a failure still reads as negative slack.
  if (!c.holds && compareFractions(raw, exactDouble(0)) >= 0) return subtract(exactDouble(0), raw.n === 0n ? exactDouble(1) : raw) as Fraction;
  return raw;
}

function compareFractions(a: Fraction, b: Fraction): number {
  const d = subtract(a, b) as Fraction;
  return d.n === 0n ? 0 : d.s < 0n ? -1 : 1;
}

function describeInstance(w: CompetitiveWitness): string {
  return `k = ${w.k}${w.h !== w.k ? `, h = ${w.h}` : ""}, σ = [${Array.from(w.requests).join(" ")}]`;
}

function failureMessage(
  label: string,
  claim: Claim,
  seed: number,
  path: string | undefined,
  runs: number,
  shrinks: number,
  minimized: boolean,
  shrunk: Generated | undefined,
  w: CompetitiveWitness | undefined,
  error: unknown,
): string {
  const lines = [
    `${label} violates [${claim.id}] ${claim.statement}`,
    `  fast-check seed ${seed}${path !== undefined ? `, path "${path}"` : ""}: failed at run ${runs}, counterexample shrunk ${shrinks} times${minimized ? ", then minimized (smaller k, requests deleted)" : ""}`,
  ];
  if (shrunk !== undefined) {
    lines.push(`  k = ${shrunk.k}${shrunk.h !== shrunk.k ? `, h = ${shrunk.h}` : ""}`);
    lines.push(`  σ = [${Array.from(shrunk.requests).join(" ")}] (${shrunk.requests.length} requests)`);
    const p = shrunk.predictions;
    if (p.bits !== undefined) lines.push(`  bits = [${Array.from(p.bits).join(" ")}] (1 = EVICT, 0 = KEEP)`);
    if (p.nextArrival !== undefined) lines.push(`  next arrivals = [${Array.from(p.nextArrival).join(" ")}]`);
  }
  if (w !== undefined) {
    const c = w.case;
    const who = c.seed === undefined ? "" : ` (seed ${c.seed})`;
    const bound = c.slack ? `${show(c.rhs)} + Hoeffding slack ${show(c.slack)}` : show(c.rhs);
    lines.push(`  ALG${who} = ${show(c.lhs)}, OPT_${w.h} = ${w.opt}, bound = ${bound}: ${show(c.lhs)} ${c.relation} ${bound} is false`);
    lines.push(...formatVerdict(w.verdict).split("\n").map((l) => `  ${l}`));
  }
  if (error !== undefined) lines.push(`  the policy threw: ${error instanceof Error ? error.message : String(error)}`);
  lines.push(`  replay: pass { seed: ${seed}${path !== undefined ? `, path: "${path}"` : ""} }`);
  return lines.join("\n");
}
