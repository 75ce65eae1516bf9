#!/usr/bin/env bash
# create -> Booted through the API against a raw qemu-system boot of the same image to the same marker, side by side
# in one run, N rounds each (default 3); prints both medians and their ratio (the control plane's overhead).
# Usage: bench/qemu-boot.sh IMAGES_DIR [ROUNDS]   (IMAGES_DIR from scripts/build-test-image.sh; TCG unless KVM works)
set -euo pipefail
cd "$(dirname "$0")/.."
images=$(realpath "${1:?usage: bench/qemu-boot.sh IMAGES_DIR [ROUNDS]}")
rounds=${2:-3}
img=$images/openecs-tiny
accel=${BENCH_ACCEL:-tcg}
work=$(mktemp -d /tmp/openecs-bench.XXXX)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; for p in "$work"/data/vms/*/qemu.pid; do [[ -f $p ]] && kill "$(cat "$p")" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

raw_boot() { # the floor: QEMU alone, same kernel/initrd/memory, until the marker shows on the serial log
  local log=$work/raw.log; rm -f "$log"
  local t0; t0=$(now)
  qemu-system-x86_64 -accel "$accel" -machine pc -m 192 -smp 1 -nodefaults -no-user-config -display none \
    -chardev "file,id=s,path=$log" -serial chardev:s -kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
    -append "console=ttyS0 quiet panic=-1" -drive "file=$img/disk.qcow2,if=virtio,format=qcow2,snapshot=on" & local qpid=$!
  until grep -qa OPENECS-READY "$log" 2>/dev/null; do sleep 0.05; done
  local t1; t1=$(now)
  kill "$qpid"; wait "$qpid" 2>/dev/null || true
  echo "$t1 - $t0" | bc
}

dotnet build src/OpenEcs.Server -c Release -v q -nologo >/dev/null
port=$((20000 + RANDOM % 20000))
token=bench-token-0123456789abcdef
dotnet src/OpenEcs.Server/bin/Release/net10.0/OpenEcs.Server.dll --urls "http://127.0.0.1:$port" \
  --OpenEcs:DataDir="$work/data" --OpenEcs:Admin:ApiToken=$token --OpenEcs:Hypervisor:Kind=qemu \
  --OpenEcs:Qemu:ImagesDir="$images" --OpenEcs:Qemu:Accel="$accel" --OpenEcs:Qemu:MaxRamMb=192 --OpenEcs:Qemu:MaxCpu=1 \
  --Logging:LogLevel:Default=Warning >"$work/server.log" 2>&1 & server_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
api() { curl -sf -H "X-APITOKEN: $token" -H 'Content-Type: application/json' "$@"; }

api_boot() { # POST /servers until the create action completes (the server is Booted), then delete it
  local t0; t0=$(now)
  local created; created=$(api -X POST "http://127.0.0.1:$port/ecs/v2/servers" \
    -d '{"plan":"eCS1","location":"it-fr2","image":"openecs-tiny","notes":"bench"}')
  local name id; name=$(jq -r .server.name <<<"$created"); id=$(jq -r .action_id <<<"$created")
  while [[ $(api "http://127.0.0.1:$port/ecs/v2/actions/$id" | jq -r .action.status) == in-progress ]]; do sleep 0.05; done
  local t1; t1=$(now)
  [[ $(api "http://127.0.0.1:$port/ecs/v2/servers/$name" | jq -r .server.status) == Booted ]] || { echo "create failed" >&2; exit 1; }
  local del; del=$(api -X DELETE "http://127.0.0.1:$port/ecs/v2/servers/$name" | jq -r .action.id)
  while [[ $(api "http://127.0.0.1:$port/ecs/v2/actions/$del" | jq -r .action.status) == in-progress ]]; do sleep 0.1; done
  echo "$t1 - $t0" | bc
}

raw=() viaapi=()
for i in $(seq "$rounds"); do # interleaved, so both see the same host load
  raw+=("$(raw_boot)"); viaapi+=("$(api_boot)")
  echo "round $i: raw ${raw[-1]} s, api ${viaapi[-1]} s"
done
# Medians, and minimums: on a shared host the fastest round is the one least disturbed by the neighbours.
r=$(printf '%s\n' "${raw[@]}" | median); a=$(printf '%s\n' "${viaapi[@]}" | median)
rmin=$(printf '%s\n' "${raw[@]}" | sort -n | head -n 1); amin=$(printf '%s\n' "${viaapi[@]}" | sort -n | head -n 1)
printf 'accel %s, %s rounds: raw qemu boot to marker %.2f s median / %.2f s min; create->Booted via API %.2f s median / %.2f s min; ratio %.2f median / %.2f min\n' \
  "$accel" "$rounds" "$r" "$rmin" "$a" "$amin" "$(echo "$a / $r" | bc -l)" "$(echo "$amin / $rmin" | bc -l)"
