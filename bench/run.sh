#!/usr/bin/env bash
# Runs the benchmarks and prints a Markdown table (figure, OpenECS, baseline, ratio, goal) and one line
# "ratio NAME VALUE" per ratio. Every figure is a ratio against a baseline measured side by side in the same run.
#   bench/run.sh            full run (under 20 minutes on 2 cores)
#   bench/run.sh --quick    shorter rounds (under 5 minutes)
#   bench/run.sh --only throughput,create,scale,startup,boot,hosts   a part of them
#   OPENECS_BENCH_PG="Host=...;Username=...;Password=..."      PostgreSQL for the create benchmark (default: local, postgres/openecs)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (Debian package)" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi
fi
command -v dotnet >/dev/null || { echo "bench: the .NET SDK is missing" >&2; exit 1; }

echo "bench: building in Release" >&2
dotnet build bench/OpenEcs.Bench/OpenEcs.Bench.csproj -c Release -v q -nologo >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/openecs-bench.XXXXXX")
bench_pid=""

# The process ids under a process (children, their children...).
tree() {
  local pid=$1 child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do echo "$child"; tree "$child"; done
}
# The bench ends its own children (servers, baseline, wrk) on TERM; whatever is still there after 5 s is killed.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
    local pids
    pids=$(tree "$bench_pid")
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
    for pid in $bench_pid $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# In the background and waited for, so that a signal reaches the trap at once.
dotnet bench/OpenEcs.Bench/bin/Release/net10.0/OpenEcs.Bench.dll run --work "$work" "$@" &
bench_pid=$!
wait "$bench_pid"
