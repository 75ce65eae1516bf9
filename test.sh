#!/usr/bin/env bash
# Builds once, then runs the whole test suite on each store in OPENECS_TEST_STORES (default: sqlite; CI adds
# postgres, with the server at OPENECS_TEST_PG). Ends with one line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build OpenEcs.slnx -c Release -v q -nologo 2>&1 | tail -n 30; then echo "0 passed, 1 failed"; exit 1; fi
log=$(mktemp)
status=0
for store in ${OPENECS_TEST_STORES:-sqlite}; do
  echo "== tests on $store"
  OPENECS_TEST_STORE=$store dotnet test OpenEcs.slnx -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
done
# Sum the per-assembly summaries: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12".
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- " "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
