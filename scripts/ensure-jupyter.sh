#!/usr/bin/env bash
# Makes sure the system Python can execute the Deno notebooks: installs Debian's Jupyter client
# and nbconvert when /usr/bin/python3 lacks them. Installing needs root (as on the project's
# machines and CI); without root it fails at once, in one line naming the command to run, so
# that `npm test` never spends minutes on other tests before discovering it.
set -euo pipefail
have_jupyter() { /usr/bin/python3 -c "import nbclient, nbformat, jupyter_client" 2>/dev/null; }
if have_jupyter; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
  echo "paging-lab: the notebooks need Jupyter (/usr/bin/python3 lacks nbclient) and installing it needs root: run 'sudo bash $self' once, then try again" >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "paging-lab: no apt-get here; install nbclient, nbformat and jupyter_client for /usr/bin/python3 (Debian: jupyter-nbconvert jupyter-client), then run this again" >&2
  exit 3
fi
echo "paging-lab: installing Debian's jupyter-nbconvert and jupyter-client for the notebooks (once)..." >&2
export DEBIAN_FRONTEND=noninteractive
# apt's chatter goes to a log that is shown only if it fails. Another apt on the machine holds
# the lock for a while at most: wait for it rather than fail.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq &&
       apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends jupyter-nbconvert jupyter-client; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "paging-lab: installing jupyter-nbconvert and jupyter-client with apt-get failed (output above)" >&2
  exit 3
fi
if ! have_jupyter; then
  echo "paging-lab: installed jupyter-nbconvert and jupyter-client, but /usr/bin/python3 still cannot import nbclient" >&2
  exit 3
fi
