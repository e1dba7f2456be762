// Assembles the project's WebAssembly text files into TypeScript byte arrays, so that the
// library needs no build step or file read at run time: `node scripts/build-wasm.mjs` after an
// edit of a .wat file (the kernel test fails until then). `--check` only compares.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const KERNELS = [
  { wat: "src/paging/modern/hyperbolic-kernel.wat", out: "src/paging/modern/hyperbolic-kernel-bytes.ts", name: "HYPERBOLIC_KERNEL_BYTES" },
];

/** The TypeScript module holding the assembled bytes of one kernel. */
export async function render(kernel) {
  const wabt = await createRequire(import.meta.url)("wabt")();
  const module = wabt.parseWat(kernel.wat, readFileSync(join(root, kernel.wat), "utf8"));
  const { buffer } = module.toBinary({});
  module.destroy();
  const lines = [];
  for (let i = 0; i < buffer.length; i += 24) lines.push("  " + Array.from(buffer.subarray(i, i + 24)).join(", ") + ",");
  return [
    `/** ${kernel.wat.split("/").pop()} assembled by scripts/build-wasm.mjs (wabt); do not edit. */`,
    `export const ${kernel.name}: Uint8Array = Uint8Array.of(`,
    ...lines,
    ");",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const kernel of KERNELS) {
    const text = await render(kernel);
    const path = join(root, kernel.out);
    let old = "";
    try {
      old = readFileSync(path, "utf8");
    } catch {}
    if (old === text) continue;
    if (check) {
      console.error(`${kernel.out} is stale: run node scripts/build-wasm.mjs`);
      stale++;
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${kernel.out}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
