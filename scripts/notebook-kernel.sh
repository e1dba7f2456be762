#!/usr/bin/env bash
# Writes this checkout's Deno kernel spec into notebooks/.jupyter/kernels/deno/ (git-ignored)
# and prints that Jupyter data directory. Put it first on JUPYTER_PATH and any Jupyter front end
# (and scripts/run-notebooks.sh, which does so itself) runs the notebooks on this checkout's
# deno binary:
#   export JUPYTER_PATH="$(bash scripts/notebook-kernel.sh)"
# The spec lives inside the checkout on purpose: `deno jupyter --install` writes one per-user
# file naming one checkout's binary, which every clone then overwrites and which breaks when
# that clone is deleted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deno="$root/node_modules/.bin/deno"
if [ ! -x "$deno" ]; then
  echo "paging-lab: $deno missing; run 'npm ci' first" >&2
  exit 3
fi
data="$root/notebooks/.jupyter"
spec="$data/kernels/deno"
mkdir -p "$spec"
# Written whole and renamed, so a concurrent run in the same checkout never reads half a file.
DENO="$deno" ROOT="$root" SPEC="$spec" node -e '
  const fs = require("node:fs");
  const { DENO, ROOT, SPEC } = process.env;
  const kernel = {
    argv: [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: `Deno (paging-lab, ${ROOT})`,
    language: "typescript",
  };
  const tmp = `${SPEC}/kernel.json.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(kernel, null, 2) + "\n");
  fs.renameSync(tmp, `${SPEC}/kernel.json`);
'
echo "$data"
