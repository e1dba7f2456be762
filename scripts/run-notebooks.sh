#!/usr/bin/env bash
# Executes notebooks on the Deno kernel and fails if any cell fails or loses its output.
#   bash scripts/run-notebooks.sh                 # every notebooks/*.ipynb
#   bash scripts/run-notebooks.sh notebooks/a.ipynb [more.ipynb ...]
#   bash scripts/run-notebooks.sh --write [notebooks/a.ipynb ...]   # = npm run notebooks -- --write
# Executed copies go to notebooks/.executed/ (git-ignored). The sources are committed with their
# outputs, normalised so that two runs give identical bytes: --write executes and writes them back
# (only notebooks that ran cleanly). Without it the sources are never rewritten, each notebook runs
# from a copy with its outputs cleared, and committed outputs that differ from the fresh ones fail
# the run as stale (--allow-stale or NOTEBOOK_ALLOW_STALE=1: only a warning).
# Each notebook's code is type-checked with `deno check` first (the kernel does not type-check).
# Env: NOTEBOOK_CELL_TIMEOUT (seconds per cell, default 600), NOTEBOOK_TYPECHECK=0 to skip the
# check, NOTEBOOK_OUT_DIR (where executed copies go, default notebooks/.executed), NOTEBOOK_HTML=1
# to also write an HTML report of each notebook there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Resolve notebook arguments against the caller's cwd before moving to the project root.
notebooks=()
mode=()
[ "${NOTEBOOK_ALLOW_STALE:-0}" = 1 ] && mode+=(--allow-stale)
if [ "$#" -gt 0 ]; then
  for arg in "$@"; do
    case "$arg" in
      --write|--allow-stale) mode+=("$arg"); continue ;;
      --*) echo "run-notebooks: unknown option $arg (known: --write, --allow-stale)" >&2; exit 2 ;;
    esac
    if [ ! -f "$arg" ]; then
      echo "run-notebooks: no such notebook: $arg" >&2
      exit 2
    fi
    notebooks+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")")
  done
fi
cd "$root"
if [ "${#notebooks[@]}" -eq 0 ]; then
  shopt -s nullglob
  notebooks=("$root"/notebooks/*.ipynb)
  shopt -u nullglob
  if [ "${#notebooks[@]}" -eq 0 ]; then
    echo "run-notebooks: no notebooks in $root/notebooks" >&2
    exit 0
  fi
fi

# Installs Jupyter as root; otherwise fails in one line naming the command to run.
bash "$root/scripts/ensure-jupyter.sh"
deno="$root/node_modules/.bin/deno"
# This checkout's own kernel spec, first on JUPYTER_PATH: no per-user kernel spec is read or
# written, so clones never overwrite each other's kernel and deleting one breaks no other.
JUPYTER_PATH="$(bash "$root/scripts/notebook-kernel.sh")${JUPYTER_PATH:+:$JUPYTER_PATH}"
export JUPYTER_PATH NO_COLOR=1

start=$(date +%s)
status=0
/usr/bin/python3 "$root/scripts/execute_notebooks.py" \
  --out-dir "${NOTEBOOK_OUT_DIR:-$root/notebooks/.executed}" \
  --timeout "${NOTEBOOK_CELL_TIMEOUT:-600}" \
  --deno "$deno" \
  $([ "${NOTEBOOK_TYPECHECK:-1}" = 0 ] && echo --no-typecheck) \
  $([ "${NOTEBOOK_HTML:-0}" = 1 ] && echo --html) \
  ${mode[@]+"${mode[@]}"} \
  "${notebooks[@]}" || status=$?
echo "run-notebooks: ${#notebooks[@]} notebook(s) in $(( $(date +%s) - start )) s"
exit "$status"
