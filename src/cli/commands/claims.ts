import type { Command, Io } from "../command.ts";
import { parseArgs } from "../args.ts";
import { UsageError } from "../errors.ts";
import type { ClaimRun } from "../../proofs-check/claim-battery.ts";

function help(): string {
  return `paging-lab claims — check every registered competitive-ratio claim now, and report

Usage:
  paging-lab claims [--claim ID[,ID...]] [--json]

Runs each claim of src/proofs-check (classical, learning-augmented, robust combiners) on a fixed
battery of instances — k = 2 and 4; a working-set sequence (n = 240) under four kinds of
predictions, a Zipf sequence (n = 300) and the cruel sequence against LRU (n = 120); 8 seeds for
randomized policies — comparing both sides exactly (fractions), and reports per claim:
  status     verified     asserted; a source read first hand, public code, or derived here
             second-hand  asserted; every source is a third-party summary
             report-only  rests on an UNVERIFIED statement: evaluated, never asserted
  citations  the sources, with their evidence tags (P, 2nd, C, D, UNVERIFIED)
  cases      (policy, seed) cases over the instances, and failures
  worst      the least margin seen: RHS (+ slack) − LHS for "≤", LHS − RHS for "≥" (negative =
             violated), with the case; expectations are exact on the cruel instances and
             otherwise the mean over the seeds with a Hoeffding slack (false alarm ≤ 1e-9)
  witness    the failing sequence, when a case failed
Takes a few seconds. Exit code 0 even when a report-only claim fails (that is information);
1 when an asserted claim fails (a bug to report).

Options:
  --claim IDS  only these claims (comma-separated ids)
  --json       one JSON object: {"instances": [...], "claims": [{"id","statement","status",
               "citations":[{"source","tag","note"}],"cases","failures","worst":{"margin",
               "marginApprox","policy","seed","instance","lhs","relation","rhs","slack"},
               "witness","seconds"}]}
`;
}

/** `paging-lab claims`: run the registered claims on the standard battery and report them. */
export const claimsCommand: Command = {
  name: "claims",
  summary: "check every registered competitive-ratio claim on a battery of instances: status, sources, worst slack, witnesses",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, { options: ["claim"], flags: ["json"] });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const { claims, claimBattery, runClaimBattery } = await import("../../proofs-check/index.ts");
    const { commaList, distinctItems } = await import("../args.ts");
    let chosen = claims;
    const raw = args.options.get("claim");
    if (raw !== undefined) {
      const ids = distinctItems("claim", commaList("claim", raw));
      for (const id of ids) {
        if (!claims.some((c) => c.id === id)) throw new UsageError(`unknown claim '${id}' (known: ${claims.map((c) => c.id).join(", ")})`);
      }
      chosen = claims.filter((c) => ids.includes(c.id));
    }
    const battery = claimBattery();
    const runs = runClaimBattery(chosen, battery);
    const assertedFailure = runs.some((r) => r.standing !== "report-only" && r.failures > 0);
    if (args.flags.has("json")) {
      const out = {
        instances: battery.map((b) => b.label),
        claims: runs.map(({ instances: _instances, standing, ...rest }) => ({ ...rest, status: standing })),
      };
      io.stdout.write(JSON.stringify(out) + "\n");
    } else io.stdout.write(renderText(runs, battery.length));
    return assertedFailure ? 1 : 0;
  },
};

function renderText(runs: readonly ClaimRun[], instances: number): string {
  const lines = [`${runs.length} claims checked on ${instances} instances (paging-lab claims --help says which)`, ""];
  const width = Math.max(...runs.map((r) => r.id.length));
  for (const r of runs) {
    const worst = r.worst === null ? "no case" : `worst margin ≈ ${r.worst.marginApprox} (${r.worst.policy}${r.worst.seed === undefined ? "" : ` seed ${r.worst.seed}`})`;
    lines.push(`${r.standing.padEnd(11)}  ${r.id.padEnd(width)}  ${String(r.cases).padStart(4)} cases, ${r.failures} failed; ${worst}`);
    lines.push(`${" ".repeat(13)}${r.statement}`);
    lines.push(`${" ".repeat(13)}${r.citations.map((c) => `[${c.tag}] ${c.source}`).join("; ")}`);
    if (r.witness !== null && r.worst !== null) {
      const seq = r.witness.length <= 60 ? r.witness.join(" ") : `${r.witness.slice(0, 60).join(" ")} … (${r.witness.length} requests)`;
      lines.push(`${" ".repeat(13)}FAILS: ${r.worst.lhs} ${r.worst.relation} ${r.worst.rhs} on ${r.worst.instance}; σ = ${seq}`);
    }
  }
  return lines.join("\n") + "\n";
}
