#!/usr/bin/env bash
# README's first command: set up, then run the main job on the embedded data set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/exactwedge demo "$@"
