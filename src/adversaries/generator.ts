import { InputError } from "../errors.ts";

/** A parameter value of a trace generator. */
export type ParamValue = number | string;

/** One documented parameter of a generator. */
export interface GeneratorParam {
  /** Name in `key=value` specs and in the params record. */
  readonly name: string;
  /** One line: what it controls. */
  readonly description: string;
  /** `int`: a safe integer; `number`: any finite number; `string`: free text (a policy name). */
  readonly kind: "int" | "number" | "string";
  /** Used when the caller does not give the parameter. */
  readonly default: ParamValue;
  /** Inclusive lower bound for numeric parameters. */
  readonly min?: number;
  /** Inclusive upper bound for numeric parameters. */
  readonly max?: number;
}

/**
 * A request-sequence generator: a name, documented parameters and a function of the resolved
 * parameters and a seed. Same parameters and seed, same sequence (on every platform).
 */
export interface GeneratorInfo {
  /** Registry name, lower case (`zipf`). */
  readonly name: string;
  /** One line: what the sequence looks like and what it is good for. */
  readonly summary: string;
  /** Every parameter it accepts, with defaults (help texts list them in this order). */
  readonly params: readonly GeneratorParam[];
  /**
   * The requests, page ids in `[0, universe(params))`. `params` holds every declared parameter,
   * validated against its kind and bounds; cross-parameter constraints are the generator's to
   * check (throwing `InputError`).
   */
  generate(params: Readonly<Record<string, ParamValue>>, seed: number): Int32Array;
  /** Size of the id space of the generated requests for these parameters. */
  universe(params: Readonly<Record<string, ParamValue>>): number;
  /**
   * Limits beyond each parameter's range, one line for help texts (checked by `generate` before
   * anything is allocated), e.g. a cap on the set-up work.
   */
  readonly limits?: string;
  /**
   * A lower bound on the distinct pages the sequence requests, where one is known without
   * generating it (the cruel adversary requests exactly min(n, k+1)): lets a distinct-page cap
   * refuse before any work.
   */
  minDistinct?(params: Readonly<Record<string, ParamValue>>): number;
}

/**
 * Largest request count a generator accepts: 2^26 = 67,108,864 (a 256 MiB `Int32Array`; with
 * the renumbering by first request, generating stays within about 16 bytes a request).
 */
export const MAX_GENERATED_REQUESTS = 2 ** 26;

/**
 * One line for help texts: every numeric parameter's range (`n 0..67108864`) and the
 * generator's own {@link GeneratorInfo.limits}.
 */
export function describeLimits(info: GeneratorInfo): string {
  const ranges = info.params
    .filter((p) => p.kind !== "string" && p.max !== undefined)
    .map((p) => `${p.name} ${p.min ?? ""}..${p.max}`);
  return [ranges.join(", "), info.limits].filter((x) => x !== undefined && x !== "").join("; ");
}

/** The standard `n` parameter (number of requests). */
export function requestCountParam(defaultN: number): GeneratorParam {
  return { name: "n", description: "number of requests", kind: "int", default: defaultN, min: 0, max: MAX_GENERATED_REQUESTS };
}

/**
 * Fill in defaults and validate `given` against the declared parameters of `info`: unknown
 * names, wrong kinds and out-of-range values are `InputError`s naming the generator and
 * parameter. Numeric strings are accepted for numeric parameters (CLI input).
 */
export function resolveParams(info: GeneratorInfo, given: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) {
    if (!info.params.some((p) => p.name === name)) {
      throw new InputError(
        `generator '${info.name}' has no parameter '${name}' (parameters: ${info.params.map((p) => p.name).join(", ")})`,
      );
    }
  }
  for (const param of info.params) {
    const raw = Object.hasOwn(given, param.name) ? given[param.name] : param.default;
    if (param.kind === "string") {
      out[param.name] = String(raw);
      continue;
    }
    const value = typeof raw === "number" ? raw : raw.trim() === "" ? Number.NaN : Number(raw);
    const where = `generator '${info.name}': parameter ${param.name}`;
    if (!Number.isFinite(value)) throw new InputError(`${where} must be a number, got '${raw}'`);
    if (param.kind === "int" && !Number.isSafeInteger(value)) throw new InputError(`${where} must be an integer, got ${raw}`);
    if (param.min !== undefined && value < param.min) throw new InputError(`${where} must be ≥ ${param.min}, got ${raw}`);
    if (param.max !== undefined && value > param.max) throw new InputError(`${where} must be ≤ ${param.max}, got ${raw}`);
    out[param.name] = value;
  }
  return out;
}
