#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh clone — installs what is missing, obtains the Temporal
# tools (building them the first time, with progress), then lint, type check, unit and
# integration tests. Integration tests use DATABASE_URL when set (CI: Debian's PostgreSQL),
# otherwise an embedded PostgreSQL (PGlite).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true

step() { printf '\n[test] %s (%ss since start)\n' "$1" "$SECONDS"; }

step "dependencies"
bash tools/bootstrap.sh

step "Temporal CLI and time-skipping test server"
node -r @swc-node/register tools/ensure-dev-tools.ts

step "schemathesis (the API fuzzer, from PyPI; installed once into the cache)"
bash tools/schemathesis/ensure-schemathesis.sh >/dev/null

step "lint"
npm run --silent lint

step "type check"
npm run --silent typecheck

step "unit and integration tests"
mkdir -p tmp
status=0
npx jest --ci --json --outputFile=tmp/jest-results.json "$@" || status=$?
# One plain closing line that any CI can read, whatever Jest printed above it.
node -e '
  const r = require("./tmp/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
step "done"
exit "$status"
