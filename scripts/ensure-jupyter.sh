#!/usr/bin/env bash
# Installs Debian's Jupyter client and nbconvert (for executing the Deno notebooks) when the
# system Python lacks them. Needs root (as on the project's machines and CI).
set -euo pipefail
if /usr/bin/python3 -c "import nbclient, nbformat, jupyter_client" 2>/dev/null; then
  exit 0
fi
echo "installing jupyter-nbconvert and jupyter-client from Debian..." >&2
apt-get update -qq
apt-get install -y -qq --no-install-recommends jupyter-nbconvert jupyter-client >/dev/null
