#!/usr/bin/env bash
# The whole test suite: type check, unit + property + golden tests (fast and slow groups), API
# docs, then the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
# Jupyter first: the slow tests and the notebooks need it, and a missing piece must stop the run
# in its first second, not after minutes of other tests. Installs it as root; otherwise one line.
bash scripts/ensure-jupyter.sh
# Likewise the shared traces the golden tests and notebooks read (test/helpers/paths.ts resolves
# the same variables against the project root).
need_traces() { # variable, default folder
  local dir="${!1:-$2}"
  if [ ! -d "$dir" ]; then
    echo "paging-lab: no shared traces at $(realpath -m "$dir"); set $1 to their folder" >&2
    exit 2
  fi
}
need_traces PAGING_LAB_TRACES ../shared/traces
need_traces PAGING_LAB_ATTENTION_TRACES ../shared/attention-traces
npx tsc --noEmit -p tsconfig.json
npm run build --silent
npx vitest run
# The API reference must build without warnings (broken links, undocumented exports of types).
npx typedoc --logLevel Warn
if ls notebooks/*.ipynb >/dev/null 2>&1; then
  bash scripts/run-notebooks.sh
fi
