#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile, so that
# `npm start` and `npm test` work on a fresh clone. Prints what it does; silent when nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "[bootstrap] installing npm dependencies (npm ci)…"
  # npm 11 runs install scripts only for packages approved in package.json's allowScripts.
  npm ci --no-audit --no-fund
fi
