#!/usr/bin/env bash
# Login latency of a real user while bogus logins (made-up usernames, wrong passwords) arrive at RATE per second:
# p50/p90 of the real logins with no flood, under a flood from one client address, and under a flood whose every
# attempt comes from a new address (through a trusted proxy's X-Forwarded-For); the last row has the user log in from
# addresses never seen before, so their logins do not get the lane of a client known for the username. Loopback only.
# Usage: bench/login-flood.sh [RATE] [SECONDS]    OPENECS_BENCH_SERVER=path/to/OpenEcs.Server.dll measures another build
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-18}
seconds=${2:-20}
work=$(mktemp -d /tmp/openecs-bench.XXXX)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
dll=${OPENECS_BENCH_SERVER:-}
if [[ -z $dll ]]; then
  dotnet build src/OpenEcs.Server -c Release -v q -nologo >/dev/null
  dll=src/OpenEcs.Server/bin/Release/net10.0/OpenEcs.Server.dll
fi
port=$((20000 + RANDOM % 20000))
dotnet "$dll" --urls "http://127.0.0.1:$port" --OpenEcs:DataDir="$work/data" --OpenEcs:Simulator:Speed=instant \
  --OpenEcs:Admin:Password=bench-password-1 --OpenEcs:Admin:ApiToken=bench-token-0123456789 \
  --OpenEcs:Limits:RequestsPerMinute=0 --OpenEcs:ForwardedHeaders:KnownProxies:0=127.0.0.1 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$rate" "$seconds" <<'PY'
import http.client, json, sys, threading, time, random, statistics
from concurrent.futures import ThreadPoolExecutor
port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
def login(user, password, forwarded):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    t = time.monotonic()
    c.request("POST", "/ecs/v2/login", json.dumps({"username": user, "password": password}),
              {"Content-Type": "application/json", "X-Forwarded-For": forwarded})
    status = c.getresponse().status
    c.close()
    return status, time.monotonic() - t
def real_logins(until, fresh):
    out = []
    while time.monotonic() < until:
        # The user's usual address (known after its first login), or one never seen before (a known client's lane not theirs).
        status, took = login("admin", "bench-password-1", "198.18.%d.%d" % (len(out) // 250, len(out) % 250 + 1) if fresh else "198.51.100.1")
        out.append((status, took))
        time.sleep(0.25)
    return out
def run(name, attacker, fresh=False):
    stop = time.monotonic() + seconds
    statuses = {}
    pool = ThreadPoolExecutor(max_workers=128)
    def flood():
        i = 0
        nxt = time.monotonic()
        while attacker and time.monotonic() < stop:
            i += 1
            f = pool.submit(login, "nobody-%d-%d" % (i, random.randrange(10**9)), "wrong-password", attacker(i))
            f.add_done_callback(lambda f: statuses.__setitem__(f.result()[0], statuses.get(f.result()[0], 0) + 1))
            nxt += 1 / rate
            time.sleep(max(0, nxt - time.monotonic()))
    t = threading.Thread(target=flood); t.start()
    time.sleep(1 if attacker else 0)
    real = real_logins(stop, fresh)
    t.join(); pool.shutdown(wait=True)
    ok = sorted(took for s, took in real if s == 200)
    q = lambda p: ok[min(len(ok) - 1, int(p * len(ok)))] if ok else float("nan")
    print("| %s | %d/%d | %.3f | %.3f | %s |" % (name, len(ok), len(real), q(0.5), q(0.9),
          ", ".join("%d×%d" % (n, s) for s, n in sorted(statuses.items())) or "-"))
print("| real logins (admin, right password, 4/s) | 200s | p50 s | p90 s | bogus logins' answers |")
print("|---|---|---|---|---|")
run("no flood", None)
run("flood of %g/s from one address" % rate, lambda i: "203.0.113.9")
run("flood of %g/s, a new address each" % rate, lambda i: "203.0.%d.%d" % (i // 250 % 250, i % 250 + 1))
run("the same, the user from new addresses", lambda i: "203.0.%d.%d" % (i // 250 % 250, i % 250 + 1), fresh=True)
PY
