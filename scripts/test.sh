#!/usr/bin/env bash
# The whole test suite: type check, unit + property + golden tests (fast and slow groups), API
# docs, then the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
# Jupyter first: the slow tests and the notebooks need it, and a missing piece must stop the run
# in its first second, not after minutes of other tests. Installs it as root; otherwise one line.
bash scripts/ensure-jupyter.sh
npx tsc --noEmit -p tsconfig.json
npm run build --silent
npx vitest run
# The API reference must build without warnings (broken links, undocumented exports of types).
npx typedoc --logLevel Warn
if ls notebooks/*.ipynb >/dev/null 2>&1; then
  bash scripts/run-notebooks.sh
fi
