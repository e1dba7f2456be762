// The package as a user installs it: `npm pack`, then an offline install of the tarball into a
// fresh project outside the repository, used from plain Node ESM, type-checked by a TypeScript
// consumer against the shipped declarations, and imported by Deno through `npm:` specifiers. The
// README's library and property-testing snippets are extracted and run, so they cannot drift.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

const tmp = tempDir("paging-lab-pack-");
const pkg = JSON.parse(readFileSync(resolve(projectRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
const deno = resolve(projectRoot, "node_modules/.bin/deno");
const tsc = resolve(projectRoot, "node_modules/typescript/bin/tsc");
const env = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", NO_COLOR: "1" };

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...env, ...extraEnv }, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The first ```lang block after the README heading `heading` (a whole line). */
function readmeBlock(heading: string, lang: string): string {
  const readme = readFileSync(resolve(projectRoot, "README.md"), "utf8");
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading '${heading}'`);
  const open = readme.indexOf("\n```" + lang + "\n", at);
  const close = readme.indexOf("\n```\n", open + 1);
  if (open < 0 || close < 0) throw new Error(`README: no \`\`\`${lang} block after '${heading}'`);
  return readme.slice(open + lang.length + 5, close + 1);
}

let tarball = "";
let packed: { path: string; size: number }[] = [];
let packSize = 0;
let app = "";

beforeAll(() => {
  // Pack from a copy of what the package is built from, so the build that `npm pack` runs
  // (`prepare`) never rewrites this checkout's dist/ under tests that use it.
  const source = join(tmp.dir, "source");
  mkdirSync(source);
  for (const f of ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "README.md", "LICENSE", "bin", "src"]) {
    cpSync(resolve(projectRoot, f), join(source, f), { recursive: true });
  }
  symlinkSync(resolve(projectRoot, "node_modules"), join(source, "node_modules"), "dir");
  const out = join(tmp.dir, "out");
  mkdirSync(out);
  const info = JSON.parse(ok(run("npm", ["pack", "--json", "--pack-destination", out], source), "npm pack")) as {
    filename: string;
    size: number;
    files: { path: string; size: number }[];
  }[];
  tarball = join(out, info[0].filename);
  packed = info[0].files;
  packSize = info[0].size;

  // A fresh project outside the repository. The npm cache here holds package tarballs but no
  // registry metadata, so the install is `npm ci --offline` from a lockfile that pins the
  // tarball and the dependencies at the versions of the project's own lock.
  app = join(tmp.dir, "app");
  mkdirSync(app);
  const lock = JSON.parse(readFileSync(resolve(projectRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; version?: string }>;
  };
  const typesNode = lock.packages["node_modules/@types/node"].version!;
  const integrity = "sha512-" + createHash("sha512").update(readFileSync(tarball)).digest("base64");
  const manifest = {
    name: "consumer",
    private: true,
    type: "module",
    dependencies: { [pkg.name]: `file:${tarball}` },
    devDependencies: { "@types/node": typesNode },
  };
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: manifest.dependencies, devDependencies: manifest.devDependencies },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball}`,
      integrity,
      license: "MIT",
      dependencies: pkg.dependencies,
      bin: pkg.bin,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && entry.dev !== true) packages[path] = entry;
  for (const path of ["node_modules/@types/node", "node_modules/undici-types"]) packages[path] = lock.packages[path];
  writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(app, "package-lock.json"), JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }, null, 2));
  ok(run("npm", ["ci", "--offline"], app), "npm ci --offline");
}, 600_000);

describe("the packed tarball", () => {
  it("carries the compiled modules, declarations, maps, the CLI, README and LICENSE — nothing else", () => {
    const paths = packed.map((f) => f.path);
    const outside = paths.filter((p) => !p.startsWith("dist/src/") && !["package.json", "README.md", "LICENSE", "bin/paging-lab.js"].includes(p));
    expect(outside).toEqual([]);
    expect(paths.filter((p) => !/\.(js|d\.ts|js\.map)$/.test(p) && p.startsWith("dist/"))).toEqual([]);
    expect(paths.some((p) => /(^|\/)(test|notebooks|bench)\//.test(p))).toBe(false);
    for (const p of ["LICENSE", "README.md", "bin/paging-lab.js", "dist/src/cli/main.js"]) expect(paths).toContain(p);
    // Every exports target is in it, as JS and declarations; every module has its map.
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(paths, subpath).toContain(target.default.replace(/^\.\//, ""));
      expect(paths, subpath).toContain(target.types.replace(/^\.\//, ""));
    }
    const js = paths.filter((p) => p.endsWith(".js") && p.startsWith("dist/"));
    for (const p of js) expect(paths, p).toContain(`${p}.map`);
    // Measured 0.85 MB packed (2.9 MB unpacked, half of it source maps with their sources).
    expect(packSize).toBeLessThan(2 << 20);
  });

  it("installs as a real copy in a project that cannot see the repository", () => {
    const installed = realpathSync(join(app, "node_modules", pkg.name));
    expect(installed.startsWith(realpathSync(app))).toBe(true);
    expect(existsSync(join(installed, "src"))).toBe(false);
  });
});

describe("from plain Node ESM", () => {
  it("imports every subpath, simulates, and checks a custom Policy with a fast-check property", () => {
    const script = `
      import { simulate, policies, InputError } from "paging-lab";
      import * as paging from "paging-lab/paging";
      import * as traces from "paging-lab/traces";
      import * as predictors from "paging-lab/predictors";
      import * as adversaries from "paging-lab/adversaries";
      import * as kv from "paging-lab/kv";
      import * as io from "paging-lab/attention-io";
      import * as chart from "paging-lab/attention-io/chart";
      import * as notebook from "paging-lab/notebook";
      import { checkCompetitive, uniformSequences } from "paging-lab/proofs-check";
      import fc from "fast-check";

      // First in, first out, written against the Policy interface.
      class MyFifo {
        constructor(k) { this.k = k; }
        reset(ctx) { this.ctx = ctx; this.queue = []; }
        onHit() {}
        makeRoom() { this.ctx.cache.evict(this.queue.shift()); }
        onInsert(p) { this.queue.push(p); }
      }
      // Evicts the newest page: not competitive.
      class Newest extends MyFifo { makeRoom() { this.ctx.cache.evict(this.queue.pop()); } }

      const requests = adversaries.generateRequests("zipf", { n: 20000, universe: 300, alpha: 0.9 }, 1);
      const lru = simulate(policies.create("lru", 32), requests).faults;
      const mine = simulate(new MyFifo(32), requests).faults;
      const fifo = simulate(policies.create("fifo", 32), requests).faults;
      const good = checkCompetitive((k) => new MyFifo(k), "marking-strict", { numRuns: 100 });
      const bad = checkCompetitive((k) => new Newest(k), "marking-strict", { numRuns: 100 });
      fc.assert(fc.property(uniformSequences({ universe: 6 }), (r) => simulate(new MyFifo(3), r).faults === simulate(policies.create("fifo", 3), r).faults), { seed: 1 });
      let input = "";
      try { policies.create("lru", 0); } catch (e) { input = e instanceof InputError ? e.message : "other"; }
      console.log(JSON.stringify({
        lru, mine, fifo, good: good.holds, bad: bad.holds, badMessage: bad.message, input,
        modules: [paging.Stepper, traces.readTrace, predictors.bitErrors, kv.readAttentionTrace, io.attentionLowerBound, chart.ioChart, notebook.renderTable].map((f) => typeof f),
      }));
    `;
    const out = JSON.parse(ok(run(process.execPath, ["--input-type=module", "-e", script], app), "node ESM consumer")) as {
      lru: number;
      mine: number;
      fifo: number;
      good: boolean;
      bad: boolean;
      badMessage: string;
      input: string;
      modules: string[];
    };
    expect(out.mine).toBe(out.fifo);
    expect(out.lru).toBeGreaterThan(0);
    expect(out.good).toBe(true);
    expect(out.bad).toBe(false);
    expect(out.badMessage).toMatch(/Newest violates \[marking-strict\][\s\S]*σ = \[[\d ]+\][\s\S]*ALG = \d+, OPT_\d+ = \d+, bound = \d+/);
    expect(out.input).toMatch(/k/);
    expect(out.modules).toEqual(Array(7).fill("function"));
  });

  it("runs the README's Node snippet and the CLI binary", () => {
    const printed = ok(run(process.execPath, ["--input-type=module", "-e", readmeBlock("### Node", "js")], app), "README Node snippet");
    const [lru, opt] = printed.trim().split(/\s+/).map(Number);
    expect(opt).toBeGreaterThan(0);
    expect(lru).toBeGreaterThanOrEqual(opt);
    const cli = ok(
      run(join(app, "node_modules/.bin/paging-lab"), ["simulate", "--generate", "uniform:n=2000,universe=50", "--k", "10", "--algorithms", "lru,opt", "--json"], app),
      "paging-lab simulate",
    );
    const results = (JSON.parse(cli) as { results: { algorithm: string; faults: number }[] }).results;
    expect(results.map((r) => r.algorithm)).toEqual(["lru", "opt"]);
    expect(results[0].faults).toBeGreaterThanOrEqual(results[1].faults);
  });
});

describe("from TypeScript (nodenext, the shipped declarations)", () => {
  it("type-checks a consumer and the README's property-test snippet, which then runs and passes", () => {
    writeFileSync(
      join(app, "consumer.ts"),
      `import { simulate, policies, InputError, type Policy, type RunContext } from "paging-lab";
import { readTrace, type Trace } from "paging-lab/traces";
import { bitErrors, type BitErrors } from "paging-lab/predictors";
import { generateRequests } from "paging-lab/adversaries";
import { checkCompetitive, claimById, uniformSequences, type CompetitiveReport } from "paging-lab/proofs-check";
import { readAttentionTrace } from "paging-lab/kv";
import { flash2 } from "paging-lab/attention-io";
import { ioChart } from "paging-lab/attention-io/chart";
import { renderTable } from "paging-lab/notebook";
import type fc from "fast-check";

const faults: number = simulate(policies.create("lru", 4), generateRequests("uniform", { n: 100, universe: 10 }, 1)).faults;
// @ts-expect-error faults is a number: the declarations are real, not any
const wrong: string = faults;
const report: CompetitiveReport = checkCompetitive("lru", claimById("marking-strict"), { numRuns: 5 });
const arbitrary: fc.Arbitrary<Int32Array> = uniformSequences({ universe: 4 });
const errors: BitErrors = bitErrors(new Uint8Array(2), new Uint8Array(2));
const reader: (path: string) => Promise<{ trace: Trace }> = (path) => readTrace(path);
export const used = [wrong, report, arbitrary, errors, reader, readAttentionTrace, flash2, ioChart, renderTable, InputError];
export type Mine = Policy & { reset(ctx: RunContext): void };
`,
    );
    writeFileSync(join(app, "readme-example.ts"), readmeBlock("## Property-test your own algorithm", "ts"));
    const compilerOptions = { module: "nodenext", moduleResolution: "nodenext", target: "ES2023", strict: true, types: ["node"], outDir: "build" };
    // As most projects compile: skipLibCheck on, which Observable Plot's declarations (behind
    // the notebook helpers and the chart) need, as they import d3's and d3 ships none.
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: true }, files: ["consumer.ts", "readme-example.ts"] }));
    ok(run(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], app), "tsc --noEmit");
    // Every module without Plot behind it, with its declarations themselves checked too.
    writeFileSync(
      join(app, "strict.ts"),
      readFileSync(join(app, "consumer.ts"), "utf8")
        .split("\n")
        .filter((line) => !/attention-io\/chart|paging-lab\/notebook/.test(line))
        .join("\n")
        .replace(", ioChart, renderTable", ""),
    );
    writeFileSync(join(app, "tsconfig.strict.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: false }, files: ["strict.ts", "readme-example.ts"] }));
    ok(run(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.strict.json"], app), "tsc --noEmit, skipLibCheck off");
    // Compiled as a user would, the README example runs: both assertions pass or it throws.
    ok(run(process.execPath, [tsc, "-p", "tsconfig.json"], app), "tsc");
    ok(run(process.execPath, ["build/readme-example.js"], app), "README property-test example under Node");
  });
});

describe("from Deno, through npm: specifiers and the installed node_modules (offline)", () => {
  const denoEnv = (): Record<string, string> => ({ DENO_DIR: join(tmp.dir, "deno-dir"), DENO_NO_UPDATE_CHECK: "1" });

  it("runs and type-checks the README's Deno snippet", () => {
    writeFileSync(join(app, "main.ts"), readmeBlock("### Deno", "ts"));
    const printed = ok(run(deno, ["run", "--node-modules-dir=manual", "main.ts"], app, denoEnv()), "deno run");
    const node = ok(run(process.execPath, ["--input-type=module", "-e", readmeBlock("### Node", "js")], app), "README Node snippet");
    // The same simulation under Deno and Node: LRU's faults agree.
    expect(Number(printed.trim())).toBe(Number(node.trim().split(/\s+/)[0]));
    ok(run(deno, ["check", "--node-modules-dir=manual", "main.ts"], app, denoEnv()), "deno check");
  });

  it("runs the README's property-test snippet", () => {
    writeFileSync(join(app, "readme-example.ts"), readmeBlock("## Property-test your own algorithm", "ts"));
    ok(run(deno, ["run", "--node-modules-dir=manual", "readme-example.ts"], app, denoEnv()), "README property-test example under Deno");
  });
});
