import { cruelSequence } from "../adversaries/cruel.ts";
import { generateRequests } from "../adversaries/registry.ts";
import { policies } from "../paging/catalog.ts";
import type { Predictions } from "../paging/core/policy.ts";
import { flipBits } from "../predictors/bit-flips.ts";
import { perfectDiscardBits } from "../predictors/discard-oracle.ts";
import { syntheticNextArrival } from "../predictors/lognormal-noise.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { claims as registered } from "./bounds.ts";
import type { Citation, Claim } from "./claim.ts";
import type { Instance } from "./check.ts";
import { approx, cmp, frac, show } from "./exact.ts";
import { summarizeClaims } from "./report.ts";

/** How a claim's statement is backed, for reports. */
export type ClaimStanding = "verified" | "second-hand" | "report-only";

/**
 * The standing of a claim: **report-only** when it rests on an UNVERIFIED statement (evaluated,
 * never asserted); **second-hand** when it is asserted but every source of it is a third-party
 * summary (tag 2nd); **verified** when it is asserted and a source was read first hand (P), is
 * public code (C), or the proof is derived here (D).
 */
export function claimStanding(claim: Claim): ClaimStanding {
  if (claim.status === "report-only") return "report-only";
  return claim.citations.some((c) => c.tag === "P" || c.tag === "C" || c.tag === "D") ? "verified" : "second-hand";
}

/** What `runClaimBattery` reports of one claim. */
export interface ClaimRun {
  /** The claim's id. */
  readonly id: string;
  /** Its statement. */
  readonly statement: string;
  /** See {@link claimStanding}. */
  readonly standing: ClaimStanding;
  /** Its sources. */
  readonly citations: readonly Citation[];
  /** The instances checked, described in one line each (sequence, k, h, predictions, seeds). */
  readonly instances: readonly string[];
  /** (policy, seed) cases evaluated. */
  readonly cases: number;
  /** Cases where the inequality failed. */
  readonly failures: number;
  /**
   * The least margin seen, exactly (RHS + slack − LHS for "≤", LHS − RHS for "≥"; negative =
   * violated), with the case it came from; null when no case was evaluated.
   */
  readonly worst: {
    readonly margin: string;
    readonly marginApprox: number;
    readonly policy: string;
    readonly seed?: number;
    readonly instance: string;
    readonly lhs: string;
    readonly relation: "≤" | "≥";
    readonly rhs: string;
    /** Hoeffding slack added to the right side (expectations estimated from the seeds). */
    readonly slack?: string;
  } | null;
  /** For a failed claim, the failing sequence of the worst case (its k and policy are in `worst`). */
  readonly witness: readonly number[] | null;
  /** Seconds spent on this claim. */
  readonly seconds: number;
}

/** One named instance of the battery. */
export interface BatteryInstance {
  /** One line: which sequence, k, h, predictions, seeds. */
  readonly label: string;
  /** The instance as `checkClaim` takes it. */
  readonly instance: Instance;
}

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * The fixed, bounded set of instances every claim is checked on by `paging-lab claims`: for
 * k = 2 and 4 (h = ⌈k/2⌉ for resource augmentation), a working-set sequence (n = 240) under four
 * kinds of predictions (perfect next arrivals with Belady's discard bits; lognormal σ = 5 with
 * discard bits flipped 0.1/0.3; lognormal σ = 1 with phase bits flipped 0.2/0.2; reversed next
 * arrivals with perfect phase bits), a Zipf sequence (n = 300, α = 0.9, 30 pages) and the cruel
 * sequence against LRU (n = 120, k+1 pages), eight seeds for randomized policies. Expectations
 * are exact where the project computes them and the sequence has at most 8 pages (the cruel
 * one), else the mean over the seeds with its Hoeffding slack. Deterministic: the same
 * instances every run.
 */
export function claimBattery(): BatteryInstance[] {
  const out: BatteryInstance[] = [];
  for (const k of [2, 4]) {
    const h = Math.ceil(k / 2);
    const sequences: [string, Int32Array][] = [
      [`working-set n=240 (k=${k})`, generateRequests("working-set", { n: 240, universe: 24, size: k + 1, phase: 40, shift: 2 }, k)],
      ["zipf n=300 α=0.9 30 pages", generateRequests("zipf", { n: 300, universe: 30, alpha: 0.9 }, k)],
      ["cruel vs LRU n=120", cruelSequence(policies.create("lru", k), 120)],
    ];
    for (const [name, requests] of sequences) {
      const universe = Math.max(...requests) + 1;
      const n = requests.length;
      const perfect = perfectNextArrival(requests, { neverAgain: n, universe });
      const discard = perfectDiscardBits(requests, k, { universe }).bits;
      const phase = perfectPhaseBits(requests, k, universe).bits;
      const variants: [string, Predictions][] = [
        ["perfect next arrivals, Belady's discard bits", { nextArrival: perfect, bits: discard }],
        [
          "lognormal σ=5, discard bits flipped 0.1/0.3",
          { nextArrival: syntheticNextArrival(requests, { sigma: 5, seed: k, neverAgain: n, universe }), bits: flipBits(discard, { p01: 0.1, p10: 0.3, seed: k }) },
        ],
        [
          "lognormal σ=1, phase bits flipped 0.2/0.2",
          { nextArrival: syntheticNextArrival(requests, { sigma: 1, seed: k + 1, neverAgain: n, universe }), bits: flipBits(phase, { p01: 0.2, p10: 0.2, seed: k + 1 }) },
        ],
        ["reversed next arrivals, perfect phase bits", { nextArrival: perfect.map((y) => n - y), bits: phase }],
      ];
      // The working-set sequence gets every variant; the others one each, to stay within seconds.
      const chosen = name.startsWith("working-set") ? variants : name.startsWith("zipf") ? [variants[2]] : [variants[1]];
      for (const [kind, predictions] of chosen) {
        out.push({
          label: `${name}, k=${k}, h=${h}, ${kind}, seeds 0-7`,
          instance: { k, h, requests, universe, predictions, seeds: SEEDS, exactExpectation: universe <= 8 },
        });
      }
    }
  }
  return out;
}

/**
 * Check `claims` on `instances` (default: every registered claim on {@link claimBattery}) and
 * report each claim: standing, sources, instances, cases, failures, the least margin seen with
 * its case, and the failing sequence if one failed. Runs the checks (nothing is a stored
 * result); the default battery takes seconds.
 */
export function runClaimBattery(claims: readonly Claim[] = registered, instances: readonly BatteryInstance[] = claimBattery()): ClaimRun[] {
  return claims.map((claim) => {
    const started = performance.now();
    const [summary] = summarizeClaims([claim], instances.map((i) => i.instance));
    const seconds = (performance.now() - started) / 1000;
    const t = summary.tightest;
    const label = (instance: Instance) => instances.find((i) => i.instance === instance)?.label ?? "";
    return {
      id: claim.id,
      statement: claim.statement,
      standing: claimStanding(claim),
      citations: claim.citations,
      instances: instances.map((i) => i.label),
      cases: summary.cases,
      failures: summary.failures,
      worst:
        t === undefined
          ? null
          : {
              margin: show(t.margin),
              marginApprox: Number(approx(t.margin, 6)),
              policy: t.verdict.policy,
              ...(t.verdict.seed === undefined ? {} : { seed: t.verdict.seed }),
              instance: label(t.instance),
              lhs: show(t.verdict.lhs),
              relation: t.verdict.relation,
              rhs: show(t.verdict.rhs),
              ...(t.verdict.slack ? { slack: show(t.verdict.slack) } : {}),
            },
      witness: t !== undefined && cmp(t.margin, frac(0)) < 0 ? Array.from(t.verdict.requests) : null,
      seconds,
    };
  });
}
