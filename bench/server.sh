#!/bin/sh
# bench/server.sh PROG: the HTTP server's load benchmark (`make bench` calls it with PROG =
# build-bench/ogas). A store with the demo's data (the ONS UK 2010 balance, the peer's 40-product plan,
# the Swiecie 2023 budget, a famine simulation, councils) is served by `ogas serve --rate 0` on loopback,
# and wrk (Debian) loads it from the same machine:
#   1. reads: each public read endpoint for BENCH_SERVER_SECONDS (default 5) with 2 threads and 64
#      connections: requests a second, p50/p99 latency, errors and non-2xx answers;
#   2. reads while writing: /api/plans/2 again while ballots are being cast (every write empties the
#      answers' cache, so this measures the uncached path too);
#   3. concurrent writes: BENCH_SERVER_VOTERS (default 400) members each cast their ballot twice at once,
#      from 16 threads: exactly one ballot per member must be stored (the second 409), none lost, and
#      `ogas verify` must pass.
# Target (the issue): reads at >= 5,000 requests a second with p99 under 50 ms and no errors; writes never
# lose or duplicate a ballot. Writes bench/results/server-<date>-<host>.json and .md, copied to
# bench/results/server-latest.md.
set -eu
cd "$(dirname "$0")/.."

PROG=${1:-build-bench/ogas}
PY=/usr/bin/python3
SECONDS_EACH=${BENCH_SERVER_SECONDS:-5}
VOTERS=${BENCH_SERVER_VOTERS:-400}
HOST=$(hostname -s 2>/dev/null || hostname)
STAMP=$(date +%Y-%m-%d-%H%M%S)
RESULTS=bench/results
WORK=bench/work/server
NAME=server-$STAMP-$HOST
JSON=$RESULTS/$NAME.json
MD=$RESULTS/$NAME.md
DB=$WORK/bench.db

[ -x "$PROG" ] || { echo "bench/server.sh: $PROG missing: run make bench" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench/server.sh: wrk is missing (Debian: wrk; scripts/deps.sh installs it with OGAS_DEPS_EXTRA=wrk)" >&2; exit 1; }
mkdir -p "$RESULTS" "$WORK"
rm -f "$DB" "$DB-wal" "$DB-shm"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; true' EXIT

echo "bench/server.sh: building the store" >&2
"$PROG" db init "$DB" >/dev/null
"$PROG" leontief examples/io/uk2010_ons/iot_domestic_pxp_basic.csv --db "$DB" --quiet >/dev/null 2>&1
"$PROG" plan examples/plan/random5y/n40_1 --db "$DB" --quiet >/dev/null 2>&1
"$PROG" budget examples/pb/Poland_Swiecie_2023.pb --db "$DB" >/dev/null 2>&1
"$PROG" simulate examples/scenarios/famine.scenario --households 2000 --db "$DB" >/dev/null 2>&1
at="--at 2026-11-29T09:00:00Z --by clerk"
"$PROG" council create "$DB" D1 --name District $at >/dev/null
"$PROG" council create "$DB" W1 --name Works --parent D1 $at >/dev/null
delegate=$("$PROG" token issue "$DB" --holder dee --role delegate --may decide,adopt 2>/dev/null | tail -1)
: >"$WORK/members.txt"
i=0
while [ $i -lt "$VOTERS" ]; do
    "$PROG" token issue "$DB" --holder "m$i" --role member --may ballot 2>/dev/null | tail -1 >>"$WORK/members.txt"
    i=$((i + 1))
done

"$PROG" serve --db "$DB" --port 0 --rate 0 --threads 4 --quiet 2>"$WORK/serve.log" &
pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "bench/server.sh: the server did not start: $(cat "$WORK/serve.log")" >&2; exit 1; }
URL=http://127.0.0.1:$port

BENCH_CC="${CC:-gcc}" BENCH_CFLAGS="-O3 -march=native" BENCH_SIZES_USED="server" BENCH_TAG_USED="" \
    $PY bench/report.py --machine >"$JSON"

# wrk_run NAME PATH: one wrk run, its figures as a JSON line
wrk_run() {
    wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$URL$2" >"$WORK/wrk.txt" 2>&1 || true
    $PY - "$1" "$2" "$WORK/wrk.txt" >>"$JSON" <<'PY'
import json, re, sys
name, path, f = sys.argv[1:]
t = open(f).read()
def ms(s):
    v, u = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 1e-3, "ms": 1, "s": 1e3}[u]
lat = dict((p, ms(v)) for p, v in re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", t, re.M))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
total = int(re.search(r"(\d+) requests in", t).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", t) or [0, 0])[1])
errs = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", t))
print(json.dumps({"kind": "wrk", "name": name, "path": path, "requests": total, "rps": rps, "p50_ms": lat.get("50"),
                  "p99_ms": lat.get("99"), "non2xx": non2xx, "socket_errors": errs}))
PY
    echo "bench/server.sh: $1 $2 done" >&2
}

for p in /api/health /api/runs /api/runs/2 /api/plans/2 /api/economies/1 /api/budgets/3 /api/audit /api/councils \
    /api/verify /; do
    wrk_run reads "$p"
done

# an open election for the writes
$PY - "$URL" "$delegate" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1:]
body = {"name": "bench", "budget": 100000, "rule": "greedy",
        "projects": [{"id": "p%d" % k, "name": "project %d" % k, "cost": 10000 + 1000 * k} for k in range(12)]}
rq = urllib.request.Request(url + "/api/elections", data=json.dumps(body).encode(), method="POST",
                            headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
assert json.load(urllib.request.urlopen(rq))["id"] == 1
PY

# reads while ballots are cast; then every member casts twice at once
$PY - "$URL" "$WORK/members.txt" "$JSON" "$SECONDS_EACH" "$WORK/wrk-mixed.txt" <<'PY' &
import json, random, sys, threading, time, urllib.error, urllib.request
url, members, out, secs, _ = sys.argv[1:]
tokens = [t.strip() for t in open(members) if t.strip()]
random.seed(1)
res = {"201": 0, "409": 0, "other": []}
lock = threading.Lock()
def cast(tok, k):
    approvals = sorted(random.Random(k).sample(["p%d" % j for j in range(12)], 3))
    rq = urllib.request.Request(url + "/api/elections/1/ballots", data=json.dumps({"approvals": approvals}).encode(),
                                method="POST", headers={"Content-Type": "application/json", "Authorization": "Bearer " + tok})
    try:
        code = urllib.request.urlopen(rq).status
    except urllib.error.HTTPError as e:
        code = e.code
    with lock:
        if str(code) in res: res[str(code)] += 1
        else: res["other"].append(code)
# each member twice, the two casts in different threads at about the same moment; spread over the reads'
# run (so that every read's cache is emptied again and again)
jobs = [(t, k) for k, t in enumerate(tokens)] * 2
random.shuffle(jobs)
pause = float(secs) * 16 / len(jobs) * 0.8
def worker(part):
    for t, k in part:
        cast(t, k)
        time.sleep(pause)
t0 = time.time()
threads = []
for w in range(16):
    part = jobs[w::16]
    th = threading.Thread(target=worker, args=(part,))
    th.start()
    threads.append(th)
for th in threads: th.join()
dt = time.time() - t0
n = json.load(urllib.request.urlopen(url + "/api/elections/1"))["ballots"]
with open(out, "a") as f:
    f.write(json.dumps({"kind": "ballots", "voters": len(tokens), "casts": len(jobs), "created_201": res["201"],
                        "refused_409": res["409"], "other": res["other"], "stored": n, "seconds": dt}) + "\n")
PY
writer=$!
wrk_run "reads while writing" /api/plans/2
wait $writer
kill $pid 2>/dev/null
wait $pid 2>/dev/null || true
pid=""
"$PROG" verify "$DB" --json >"$WORK/verify.json" 2>&1 || true
$PY -c 'import json, sys; v = json.load(open(sys.argv[1])); print(json.dumps({"kind": "verify", "ok": v["ok"], "records": v["records"], "problems": v["problem_count"]}))' \
    "$WORK/verify.json" >>"$JSON"

$PY - "$JSON" "$MD" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
m = next((r for r in rows if r.get("bench") == "machine"), {})
out = ["# HTTP server benchmark (`ogas serve`)", "",
       "machine: %s, %s cores; wrk -t2 -c64 on the same machine (loopback), the server with --threads 4 --rate 0" %
       (m.get("cpu", "?"), m.get("cores", "?")), "",
       "| run | path | requests/s | p50 ms | p99 ms | non-2xx | socket errors |", "|---|---|---|---|---|---|---|"]
ok = True
for r in rows:
    if r.get("kind") != "wrk": continue
    out.append("| %s | `%s` | %.0f | %.2f | %.2f | %d | %d |" % (r["name"], r["path"], r["rps"], r["p50_ms"], r["p99_ms"],
                                                              r["non2xx"], r["socket_errors"]))
    ok &= r["rps"] >= 5000 and r["p99_ms"] < 50 and r["non2xx"] == 0 and r["socket_errors"] == 0
b = next(r for r in rows if r.get("kind") == "ballots")
v = next(r for r in rows if r.get("kind") == "verify")
out += ["", "Concurrent writes, during the reads-while-writing run: %d members each cast a ballot twice at once from 16 threads (%d casts in %.1f s): "
        "%d created (201), %d refused as second ballots (409), other answers %s; the election holds %d ballots; "
        "`ogas verify` afterwards: %s (%d records)." % (b["voters"], b["casts"], b["seconds"], b["created_201"],
        b["refused_409"], b["other"] or "none", b["stored"], "ok" if v["ok"] else "PROBLEMS", v["records"]), "",
        "Target: reads >= 5,000 requests/s with p99 < 50 ms and no errors: %s; no ballot lost or duplicated: %s." %
        ("met" if ok else "NOT met", "met" if b["stored"] == b["voters"] == b["created_201"] == b["refused_409"] and
         not b["other"] and v["ok"] else "NOT met")]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
cp "$MD" "$RESULTS/server-latest.md"
