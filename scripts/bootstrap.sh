#!/usr/bin/env bash
# Set up everything exactwedge needs on a fresh machine (Python 3.11, pip, gcc):
# a virtual environment in .venv with the package and all its extras, and the
# Debian packages the tests use. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
want_apt=${EXACTWEDGE_APT:-auto}   # auto | skip

# Debian packages (LaTeX for the compiled-document tests); root only.
if [ "$want_apt" != "skip" ] && [ -f scripts/apt-packages.txt ]; then
  missing=()
  while read -r pkg; do
    [ -z "$pkg" ] && continue
    case "$pkg" in \#*) continue ;; esac
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done < scripts/apt-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "bootstrap: apt-get install ${missing[*]}" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "bootstrap: please install the Debian packages: ${missing[*]}" >&2
    fi
  fi
fi

# Byte-compile the package as pip does for a regular install (an editable one is not): a run
# under PYTHONDONTWRITEBYTECODE=1 would otherwise compile exactwedge's sources at every start-up
# (about 80 ms of `exactwedge fit`). Cheap when up to date, so it runs each time.
compile_sources() { [ -x .venv/bin/python ] && .venv/bin/python -m compileall -q exactwedge proofs_check >/dev/null || true; }
trap compile_sources EXIT

stamp=.venv/.exactwedge-stamp
sig=$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sig" ]; then
  exit 0
fi
echo "bootstrap: creating .venv and installing exactwedge[all] (a few minutes the first time)" >&2
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[all]"
echo "$sig" > "$stamp"
