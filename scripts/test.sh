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
# The lab comes up in the background while the gates, the unit tests and the build run: a cold
# `lab up` (debootstrap of the base rootfs on a fresh machine) is minutes of mostly waiting on
# packages and disk, which the CPU-bound stages fill. Its output is printed when it is waited for.
# The suite starts from the standalone shape whatever the machine holds: a lab left from earlier
# (nodes stopped, layers kept, e.g. the clustered shape after a reboot) would otherwise be brought
# back in its own shape by a plain `lab up`. `down` keeps the base rootfs, so this costs seconds.
lab_up_bg() {
  ( (bash lab/bin/lab down && bash lab/bin/lab up --controllers 1) >"$RESULTS/lab-up.log" 2>&1
    echo $? >"$RESULTS/lab-up.rc") &
  LAB_UP_PID=$!
}
lab_up_wait() {
  wait "$LAB_UP_PID" || true
  cat "$RESULTS/lab-up.log"
  return "$(cat "$RESULTS/lab-up.rc" 2>/dev/null || echo 1)"
}
lab_up_bg
stage typecheck npx tsc --noEmit
stage lint npx eslint --max-warnings=0 .
stage format npx prettier --check . --log-level warn
stage unit vitest_project unit
stage build npx next build
stage lab-up lab_up_wait
stage integration vitest_project integration
stage browser vitest_project browser
stage lab-cluster-up bash -c 'bash lab/bin/lab down && bash lab/bin/lab up --controllers 3'
stage cluster vitest_project cluster

node scripts/test-summary.mjs "$RESULTS"/*.json
if ((${#failed_stages[@]})); then
  echo "failed stages: ${failed_stages[*]}"
  exit 1
fi
