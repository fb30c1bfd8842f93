#!/usr/bin/env bash
# The whole test suite: quality gates, unit tests, the real lab, integration and browser tests.
# Ends with one line "N passed, N failed, N skipped" summed over every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
RESULTS=test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
failed_stages=()

stage() { # stage NAME COMMAND... : runs a stage, remembers a failure, goes on
  local name=$1
  shift
  echo "== $name"
  local t0=$SECONDS
  if "$@"; then echo "== $name: ok ($((SECONDS - t0)) s)"; else
    echo "== $name: FAILED ($((SECONDS - t0)) s)"
    failed_stages+=("$name")
  fi
}
vitest_project() { npx vitest run --project "$1" --reporter=default --reporter=json --outputFile="$RESULTS/$1.json"; }

stage host-deps bash scripts/host-deps.sh
stage typecheck npx tsc --noEmit
stage lint npx eslint --max-warnings=0 .
stage format npx prettier --check . --log-level warn
stage unit vitest_project unit
stage build npx next build
stage lab-up bash lab/bin/lab up
stage integration vitest_project integration
stage browser vitest_project browser
stage lab-cluster-up bash -c 'bash lab/bin/lab down && bash lab/bin/lab up --controllers 3'
stage cluster vitest_project cluster

node scripts/test-summary.mjs "$RESULTS"/*.json
if ((${#failed_stages[@]})); then
  echo "failed stages: ${failed_stages[*]}"
  exit 1
fi
