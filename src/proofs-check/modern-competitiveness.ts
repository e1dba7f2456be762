import type { Citation } from "./claim.ts";

/**
 * One exhaustive worst-case search of a policy (`worstCaseRatio`, src/proofs-check/worst-case.ts)
 * and what it found: the largest ALG/OPT over every request sequence of length 1..maxLength on
 * k + 1 pages, both caches of size k starting empty (cold misses count, no additive term), and a
 * shortest witness. A randomized policy is searched as the deterministic policy of seed 0.
 */
export interface WorstCaseRecord {
  /** Cache size of ALG and OPT. */
  readonly k: number;
  /** Every sequence of length 1..maxLength is examined. */
  readonly maxLength: number;
  /**
   * Sequences up to renaming pages (one per class); false for the policies that hash page ids
   * (W-TinyLFU's sketch, Hyperbolic's table), whose decisions renaming can change.
   */
  readonly symmetry: boolean;
  /** The worst ALG/OPT found, as an exact fraction "a/b" (or an integer). */
  readonly ratio: string;
  /** ALG's faults on the witness. */
  readonly alg: number;
  /** OPT's faults on the witness. */
  readonly opt: number;
  /** A shortest sequence attaining the ratio. */
  readonly witness: readonly number[];
}

/** What is known of one modern policy's competitiveness, and what the search finds. */
export interface ModernCompetitiveness {
  /** Registry name. */
  readonly policy: string;
  /** The published bounds, or that none is known (with why none is expected, where one can say). */
  readonly known: string;
  /** Where it comes from; UNVERIFIED where the statement was not checked first hand. */
  readonly citations: readonly Citation[];
  /** Exhaustive searches on small instances (test/proofs-check/modern-competitiveness.slow.test.ts re-runs them). */
  readonly searches: readonly WorstCaseRecord[];
}

const ARC_BOUNDS: Citation = {
  source:
    "Consuegra, Martinez, Narasimhan, Rangaswami, Shao & Vietri, Analyzing Adaptive Cache Replacement Strategies, arXiv:1503.07624 v2, 2017 (abstract; also CAR ≤ 18k)",
  tag: "UNVERIFIED",
};
const JOHNSON_SHASHA: Citation = { source: "Johnson & Shasha, 2Q, VLDB 1994 (empirical; no bound stated)", tag: "UNVERIFIED" };
const KAREDLA: Citation = { source: "Karedla, Love & Wherry, Caching Strategies to Improve Disk System Performance, IEEE Computer 27(3), 1994", tag: "UNVERIFIED" };
const ARLITT: Citation = {
  source: "Arlitt, Cherkasova, Dilley, Friedrich & Jin, Evaluating Content Management Techniques for Web Proxy Caches, ACM SIGMETRICS PER 27(4), 2000",
  tag: "UNVERIFIED",
};
const ONEIL_93: Citation = { source: "O'Neil, O'Neil & Weikum, The LRU-K Page Replacement Algorithm for Database Disk Buffering, SIGMOD 1993", tag: "UNVERIFIED" };
const ONEIL_99: Citation = { source: "O'Neil, O'Neil & Weikum, An Optimality Proof of the LRU-K Page Replacement Algorithm, J. ACM 46(1), 1999", tag: "UNVERIFIED" };
const SIEVE: Citation = { source: "Zhang, Yang, Yue, Vigfusson & Rashmi, SIEVE is Simpler than LRU, NSDI 2024 (empirical)", tag: "UNVERIFIED" };
const S3FIFO: Citation = { source: "Yang, Zhang, Qiu, Yue & Rashmi, FIFO Queues are All You Need for Cache Eviction, SOSP 2023 (empirical)", tag: "UNVERIFIED" };
const LIRS: Citation = { source: "Jiang & Zhang, LIRS, SIGMETRICS 2002 (empirical)", tag: "UNVERIFIED" };
const CLOCKPRO: Citation = { source: "Jiang, Chen & Zhang, CLOCK-Pro, USENIX ATC 2005 (empirical)", tag: "UNVERIFIED" };
const TINYLFU: Citation = { source: "Einziger, Friedman & Manes, TinyLFU: A Highly Efficient Cache Admission Policy, ACM TOS 13(4), 2017 (empirical)", tag: "UNVERIFIED" };
const LECAR: Citation = { source: "Vietri et al., Driving Cache Replacement with ML-based LeCaR, HotStorage 2018 (no bound claimed)", tag: "UNVERIFIED" };
const CACHEUS: Citation = { source: "Rodriguez et al., Learning Cache Replacement with CACHEUS, USENIX FAST 2021 (no bound claimed)", tag: "UNVERIFIED" };
const HYPERBOLIC: Citation = { source: "Blankstein, Sen & Freedman, Hyperbolic Caching, USENIX ATC 2017 (empirical)", tag: "UNVERIFIED" };

/**
 * The competitiveness of the modern replacement policies, as data: the one published bound (ARC,
 * 4k; no better than k + 1), the statements that none is known, and for every policy the worst
 * ratio an exhaustive search finds on small instances, with its witness (k = 2 and 3, lengths up
 * to 12 and 10; 10 and 8 for the two that hash page ids, whose sequences cannot be taken up to
 * renaming). Eight of them exceed ratio k at k = 2 — 2Q, LFUDA, LRU-K, S3-FIFO, LIRS,
 * CLOCK-Pro, W-TinyLFU and Cacheus — where LRU and every marking rule stay within k·OPT (the
 * asserted claim `marking-strict`): that bounds nothing asymptotically, but each witness is a
 * concrete sequence on which the policy does worse than any marking rule can. The records are
 * re-derived by test/proofs-check/modern-competitiveness.slow.test.ts.
 */
export const MODERN_COMPETITIVENESS: readonly ModernCompetitiveness[] = [
  {
    policy: "arc",
    known: "4k-competitive, and no better than (k+1)-competitive",
    citations: [ARC_BOUNDS],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "9/5", alg: 9, opt: 5, witness: [0, 0, 1, 1, 2, 0, 2, 1, 0, 2, 1] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/5", alg: 9, opt: 5, witness: [0, 1, 2, 3, 0, 1, 2, 3, 0] },
    ],
  },
  {
    policy: "2q",
    known: "none known (the paper is empirical)",
    citations: [JOHNSON_SHASHA],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "11/5", alg: 11, opt: 5, witness: [0, 1, 2, 0, 1, 0, 1, 2, 0, 2, 0] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/5", alg: 9, opt: 5, witness: [0, 1, 2, 3, 0, 1, 2, 0, 1] },
    ],
  },
  {
    policy: "slru",
    known: "none known",
    citations: [KAREDLA],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "12/7", alg: 12, opt: 7, witness: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/5", alg: 9, opt: 5, witness: [0, 1, 2, 3, 0, 1, 2, 3, 0] },
    ],
  },
  {
    policy: "lfuda",
    known: "not competitive, like LFU: a page requested F times keeps its slot through about F evictions of others (no published statement found)",
    citations: [ARLITT],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "7/3", alg: 7, opt: 3, witness: [0, 0, 0, 0, 0, 1, 2, 1, 2, 1, 2] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "2", alg: 8, opt: 4, witness: [0, 0, 0, 1, 2, 3, 1, 2, 3, 1] },
    ],
  },
  {
    policy: "lru-k",
    known: "none known for K ≥ 2; optimal among rules that know the last K request times under the independent reference model, a probabilistic statement",
    citations: [ONEIL_93, ONEIL_99],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "5/2", alg: 10, opt: 4, witness: [0, 1, 1, 2, 0, 2, 0, 0, 1, 2, 1, 2] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/4", alg: 9, opt: 4, witness: [0, 1, 2, 2, 3, 0, 1, 3, 0, 1] },
    ],
  },
  {
    policy: "sieve",
    known: "none known (the paper is empirical; whether SIEVE is k-competitive is open to our knowledge)",
    citations: [SIEVE],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "2", alg: 8, opt: 4, witness: [0, 1, 1, 2, 0, 2, 2, 1, 0, 1] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/4", alg: 9, opt: 4, witness: [0, 0, 1, 2, 3, 1, 2, 3, 1, 2] },
    ],
  },
  {
    policy: "s3-fifo",
    known: "none known (the paper is empirical)",
    citations: [S3FIFO],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "5/2", alg: 10, opt: 4, witness: [0, 1, 2, 0, 0, 0, 1, 2, 1, 2, 1, 2] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "2", alg: 8, opt: 4, witness: [0, 1, 2, 2, 2, 3, 0, 1, 3, 0] },
    ],
  },
  {
    policy: "lirs",
    known: "none known (the paper is empirical)",
    citations: [LIRS],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "5/2", alg: 10, opt: 4, witness: [0, 1, 0, 2, 1, 2, 1, 1, 0, 2, 0, 2] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "2", alg: 8, opt: 4, witness: [0, 1, 2, 2, 3, 0, 3, 0, 1] },
    ],
  },
  {
    policy: "clock-pro",
    known: "none known (the paper is empirical)",
    citations: [CLOCKPRO],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "5/2", alg: 10, opt: 4, witness: [0, 0, 1, 2, 1, 2, 1, 2, 0, 2, 0] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/4", alg: 9, opt: 4, witness: [0, 0, 1, 2, 3, 2, 3, 1, 3, 1] },
    ],
  },
  {
    policy: "w-tinylfu",
    known: "none known; its frequency sketch can keep a page on past popularity, as LFU does",
    citations: [TINYLFU],
    searches: [
      { k: 2, maxLength: 10, symmetry: false, ratio: "9/4", alg: 9, opt: 4, witness: [0, 1, 2, 1, 2, 0, 1, 0, 1] },
      { k: 3, maxLength: 8, symmetry: false, ratio: "2", alg: 8, opt: 4, witness: [0, 1, 2, 3, 2, 3, 1, 2] },
    ],
  },
  {
    policy: "lecar",
    known: "none known (the paper claims none); its LFU expert keeps LFU's failure mode",
    citations: [LECAR],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "9/5", alg: 9, opt: 5, witness: [0, 0, 1, 2, 0, 0, 1, 2, 1, 0, 2, 0] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/5", alg: 9, opt: 5, witness: [0, 1, 2, 3, 0, 1, 2, 3, 0] },
    ],
  },
  {
    policy: "cacheus",
    known: "none known (the paper claims none); CR-LFU's counts outlive eviction",
    citations: [CACHEUS],
    searches: [
      { k: 2, maxLength: 12, symmetry: true, ratio: "11/3", alg: 11, opt: 3, witness: [0, 0, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2] },
      { k: 3, maxLength: 10, symmetry: true, ratio: "9/4", alg: 9, opt: 4, witness: [0, 0, 1, 2, 3, 2, 3, 1, 3, 1] },
    ],
  },
  {
    policy: "hyperbolic",
    known: "none known; a once-popular page keeps a high priority while it decays, as with LFU",
    citations: [HYPERBOLIC],
    searches: [
      { k: 2, maxLength: 10, symmetry: false, ratio: "5/3", alg: 10, opt: 6, witness: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0] },
      { k: 3, maxLength: 8, symmetry: false, ratio: "8/5", alg: 8, opt: 5, witness: [0, 1, 2, 3, 0, 1, 2, 3] },
    ],
  },
];
