#!/bin/sh
# bench/plan.sh PROG: the plan benchmark (see bench/README.md). `make bench` calls this after the Leontief
# suite with PROG = build-bench/ogas.
#
# For each size: a generated five-year plan (ogas generate --plan, seed 1, about 9 input and 9 capital
# nonzeros per product), solved by lp (CLP, exact), pdlp (to a certified 1% gap), balance (material
# balances: a feasible plan, no LP) and harmony; for each
# method the time, objective, status, peak memory (GNU time's maximum resident set) and the gap to the
# best known objective (the largest feasible objective any method reached; pdlp's certified upper bound
# says how far that can be from the optimum).
#
#   BENCH_PLAN_SIZES="20 80"   sizes (default "20 80 320 1280 5120 100000 1000000")
#   BENCH_TAG=trial            word put into the report's file name
#   PLAN_CAP=600               seconds one method may run (its --max-seconds; then status iteration_limit)
#   LP_MAX=5120                largest size given to lp (CLP); larger sizes are reported as skipped
#   PLAN_GAP=0.01              pdlp's certified gap
#
# Writes bench/results/plan-<date>-<host>.json (one JSON object per line) and .md, copied to
# bench/results/plan-latest.md.
set -eu
cd "$(dirname "$0")/.."

PROG=${1:-build-bench/ogas}
BUILD=$(dirname "$PROG")
PY=/usr/bin/python3
SIZES=${BENCH_PLAN_SIZES:-"20 80 320 1280 5120 100000 1000000"}
TAG=${BENCH_TAG:-}
CAP=${PLAN_CAP:-600}
LP_MAX=${LP_MAX:-5120}
GAP=${PLAN_GAP:-0.01}
HOST=$(hostname -s 2>/dev/null || hostname)
STAMP=$(date +%Y-%m-%d-%H%M%S)
RESULTS=bench/results
WORK=bench/work
NAME=plan-${TAG:+$TAG-}$STAMP-$HOST
JSON=$RESULTS/$NAME.json
MD=$RESULTS/$NAME.md
TIME=/usr/bin/time

[ -x "$PROG" ] || { echo "bench/plan.sh: $PROG missing: run make bench" >&2; exit 1; }
[ -x "$TIME" ] || { echo "bench/plan.sh: $TIME missing (Debian package time)" >&2; exit 1; }
mkdir -p "$RESULTS" "$WORK"
: >"$JSON"
BENCH_CC="${CC:-gcc}" BENCH_CFLAGS="-O3 -march=native" BENCH_SIZES_USED="$SIZES" BENCH_TAG_USED="$TAG" \
  $PY bench/report.py --machine >>"$JSON"
if [ -x "$BUILD/stream" ]; then
  echo "bench: STREAM (copy, triad)" >&2
  "$BUILD/stream" >>"$JSON"
fi

mem_avail() { awk '/^MemAvailable:/ { printf "%.0f", $2 * 1024 }' /proc/meminfo; }

for n in $SIZES; do
  dir=$WORK/plan$n
  rm -rf "$dir"
  echo "bench: plan of $n products: generating" >&2
  if ! "$TIME" -f '%e %M' -o "$WORK/time.txt" "$PROG" generate --plan --products "$n" --years 5 --seed 1 --out "$dir" --quiet; then
    printf '{"bench":"plan","n":%s,"method":"generate","status":"failed"}\n' "$n" >>"$JSON"
    continue
  fi
  read -r gsec gkb <<EOT
$(tail -n 1 "$WORK/time.txt")
EOT
  printf '{"bench":"plan","n":%s,"method":"generate","status":"ok","seconds":%s,"peak_bytes":%s}\n' "$n" "$gsec" "$((gkb * 1024))" >>"$JSON"
  for method in lp pdlp balance harmony; do
    if [ "$method" = lp ] && [ "$n" -gt "$LP_MAX" ]; then
      printf '{"bench":"plan","n":%s,"method":"lp","status":"skipped","reason":"above LP_MAX=%s"}\n' "$n" "$LP_MAX" >>"$JSON"
      continue
    fi
    # peak memory per product, measured at 5,120 and 100,000 products: harmony ~13 kB; CLP more; balance
    # holds the LP's matrix once, its certifier and a few vectors per year. pdlp reckons its own need
    # once the LP is built and refuses to start, saying so, when the machine lacks it (recorded below)
    case $method in harmony) per=14000 ;; pdlp) per=13000 ;; balance) per=20000 ;; *) per=64000 ;; esac
    need=$((n * per + 200000000))
    if [ "$need" -gt "$(mem_avail)" ]; then
      printf '{"bench":"plan","n":%s,"method":"%s","status":"skipped","reason":"needs about %s GB, %s GB available"}\n' \
        "$n" "$method" "$((need / 1000000000))" "$(($(mem_avail) / 1000000000))" >>"$JSON"
      echo "bench: plan of $n products: $method skipped (memory)" >&2
      continue
    fi
    echo "bench: plan of $n products: $method" >&2
    set +e
    "$TIME" -f '%e %M' -o "$WORK/time.txt" "$PROG" plan "$dir" --method "$method" --gap "$GAP" --max-seconds "$CAP" \
      --json --quiet >"$WORK/plan.json" 2>"$WORK/plan.err"
    rc=$?
    set -e
    if [ ! -s "$WORK/plan.json" ] && grep -q "needs about" "$WORK/plan.err"; then
      $PY - "$n" "$method" "$WORK/plan.err" >>"$JSON" <<'EOF'
import json, re, sys
n, method, path = sys.argv[1:]
m = re.search(r"needs about ([0-9.]+ GB) more .* this machine has ([0-9.]+ GB)", open(path).read())
print(json.dumps({"bench": "plan", "n": int(n), "method": method, "status": "skipped",
                  "reason": "needs about %s beyond its LP, %s available" % (m.group(1), m.group(2)) if m else "memory"}))
EOF
      echo "bench: plan of $n products: $method refused: $(cat "$WORK/plan.err")" >&2
      continue
    fi
    if [ ! -s "$WORK/plan.json" ]; then
      printf '{"bench":"plan","n":%s,"method":"%s","status":"failed","exit":%s}\n' "$n" "$method" "$rc" >>"$JSON"
      continue
    fi
    # GNU time puts "Command exited with non-zero status N" first when the method stops at its limit
    read -r sec kb <<EOT
$(tail -n 1 "$WORK/time.txt")
EOT
    $PY - "$n" "$method" "$sec" "$kb" "$WORK/plan.json" >>"$JSON" <<'EOF'
import json, sys
n, method, sec, kb, path = sys.argv[1:]
d = json.load(open(path))
out = {"bench": "plan", "n": int(n), "method": method, "status": d.get("status"),
       "wall_seconds": float(sec), "solve_seconds": d.get("seconds"), "peak_bytes": int(kb) * 1024,
       "objective": d.get("objective"), "iterations": d.get("iterations")}
for k in ("lower_bound", "upper_bound", "certified_gap", "relative_gap"):
    if k in d:
        out[k] = d[k]
print(json.dumps(out))
EOF
  done
  rm -rf "$dir"
done

$PY bench/report.py --plan "$JSON" >"$MD"
cp "$MD" "$RESULTS/plan-latest.md"
echo "bench: wrote $MD" >&2
