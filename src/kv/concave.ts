/**
 * The non-decreasing concave functions h of H2O's objective F(S) = h(Σ_{j∈S} score_j)
 * (Zhang et al. 2023, Remark D.14: "some non-decreasing concave function such as √(z+1) and
 * log(z+1)"). With h = id, F is modular.
 * @module
 */

/** A named h. `apply` is non-decreasing and concave on z ≥ 0. */
export interface ConcaveH {
  /** The name `--h` accepts. */
  readonly name: "id" | "sqrt" | "log";
  /** The formula, for reports. */
  readonly formula: string;
  /** h(z) for z ≥ 0. */
  apply(z: number): number;
}

/** The three h of the issue: id, √(z+1), log(1+z). */
export const CONCAVE_H: Readonly<Record<ConcaveH["name"], ConcaveH>> = {
  id: { name: "id", formula: "z", apply: (z) => z },
  sqrt: { name: "sqrt", formula: "√(z+1)", apply: (z) => Math.sqrt(z + 1) },
  log: { name: "log", formula: "log(1+z)", apply: (z) => Math.log1p(z) },
};

/** The names accepted for h. */
export const H_NAMES = Object.keys(CONCAVE_H) as ConcaveH["name"][];
