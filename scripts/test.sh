#!/usr/bin/env bash
# The whole test suite: type check, unit + property + golden tests, then the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit -p tsconfig.json
npm run build --silent
npx vitest run
if ls notebooks/*.ipynb >/dev/null 2>&1; then
  bash scripts/run-notebooks.sh
fi
