#!/bin/sh
# bench/budget.sh PROG: the participatory-budgeting benchmark (see bench/README.md). `make bench` calls it
# with PROG = build-bench/ogas.
#
# 1. Every bundled real election (examples/pb) under the rule its META names (greedy when unknown): the
#    time of `ogas budget` (reading the file included), and the same outcome from the independent
#    exact-fractions Python reference (tests/integration/budget_ref.py) with its time, as the peer from the
#    same run (pabutools itself is not installable here: no PyPI).
# 2. Generated approval elections (ogas generate --election, seed 1, ballots of 1 to 15 projects) of
#    1,000 to 500,000 voters and 50 to 1,000 projects: plain equal shares, equal shares with Add1
#    (exact), greedy and sequential Phragmen: time, Add1 raises, peak memory, on 1 thread and on all.
#
#   BENCH_BUDGET_SIZES="1000:50 10000:337 108499:337 500000:337 500000:1000"   voters:projects
#   BENCH_TAG=trial                                                  word in the report's file name
#
# Writes bench/results/budget-<date>-<host>.json (one JSON object per line) and .md, copied to
# bench/results/budget-latest.md.
set -eu
cd "$(dirname "$0")/.."

PROG=${1:-build-bench/ogas}
BUILD=$(dirname "$PROG")
PY=/usr/bin/python3
SIZES=${BENCH_BUDGET_SIZES:-"1000:50 10000:337 108499:337 500000:337 500000:1000"}
TAG=${BENCH_TAG:-}
HOST=$(hostname -s 2>/dev/null || hostname)
STAMP=$(date +%Y-%m-%d-%H%M%S)
RESULTS=bench/results
WORK=bench/work/budget
NAME=budget-${TAG:+$TAG-}$STAMP-$HOST
JSON=$RESULTS/$NAME.json
MD=$RESULTS/$NAME.md
TIME=/usr/bin/time
NT=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

[ -x "$PROG" ] || { echo "bench/budget.sh: $PROG missing: run make bench" >&2; exit 1; }
mkdir -p "$RESULTS" "$WORK"
: >"$JSON"
BENCH_CC="${CC:-gcc}" BENCH_CFLAGS="-O3 -march=native" BENCH_SIZES_USED="$SIZES" BENCH_TAG_USED="$TAG" \
  $PY bench/report.py --machine >>"$JSON"
if [ -x "$BUILD/stream" ]; then "$BUILD/stream" >>"$JSON"; fi

# run NAME THREADS FILE RULE: one timed `ogas budget`, one JSON line
run() {
  label=$1; threads=$2; file=$3; rule=$4
  if OMP_NUM_THREADS=$threads "$TIME" -f '%e %M' -o "$WORK/time.txt" "$PROG" budget "$file" --rule "$rule" --json \
      >"$WORK/out.json" 2>"$WORK/err.txt"; then
    $PY - "$WORK/out.json" "$WORK/time.txt" "$label" "$rule" "$threads" >>"$JSON" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
wall, kb = open(sys.argv[2]).read().split()[-2:]
print(json.dumps({"bench": "budget", "election": sys.argv[3], "rule": sys.argv[4], "threads": int(sys.argv[5]),
                  "voters": d["voters"], "projects": d["projects"], "selected": len(d["selected"]),
                  "add1_steps": d.get("add1_steps", 0), "seconds": d["seconds"], "wall": float(wall),
                  "peak_bytes": int(kb) * 1024,
                  "matches_official": d["official"].get("matches") if d["official"]["available"] else None}))
EOF
  else
    printf '{"bench":"budget","election":"%s","rule":"%s","threads":%s,"status":"failed","error":"%s"}\n' \
      "$label" "$rule" "$threads" "$(head -c 200 "$WORK/err.txt" | tr '"\n' "' ")" >>"$JSON"
  fi
}

echo "bench: real elections" >&2
for f in examples/pb/*.pb; do
  name=$(basename "$f" .pb)
  rule=$(grep -m1 '^rule;' "$f" | tr -d '\r' | cut -d';' -f2)
  case $rule in greedy | greedy-no-skip | greedy-threshold | equalshares*) ;; *) rule=greedy ;; esac
  run "$name" 1 "$f" "$rule"
  # the peer: the exact Python reference, same rule, same run
  t0=$(date +%s.%N)
  if sel=$(timeout 600 $PY tests/integration/budget_ref.py "$f" "$rule"); then
    t1=$(date +%s.%N)
    ours=$(OMP_NUM_THREADS=1 "$PROG" budget "$f" --rule "$rule" --json | $PY -c 'import json,sys; print(",".join(json.load(sys.stdin)["selected"]))')
    same=false
    [ "$sel" = "$ours" ] && same=true
    printf '{"bench":"budget-peer","election":"%s","rule":"%s","peer":"python exact reference","seconds":%s,"same_outcome":%s}\n' \
      "$name" "$rule" "$($PY -c "print(round($t1 - $t0, 4))")" "$same" >>"$JSON"
  fi
done

for s in $SIZES; do
  v=${s%%:*}; p=${s#*:}
  f=$WORK/gen-$v-$p.pb
  [ -f "$f" ] || "$PROG" generate --election --voters "$v" --projects "$p" --max-length 15 --seed 1 --out "$f" --quiet
  echo "bench: generated election, $v voters, $p projects" >&2
  for rule in greedy equalshares equalshares/add1 phragmen; do
    run "generated-$v-$p" 1 "$f" "$rule"
    [ "$NT" -gt 1 ] && [ "$rule" = equalshares/add1 ] && run "generated-$v-$p" "$NT" "$f" "$rule"
  done
done

$PY - "$JSON" "$MD" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = open(sys.argv[2], "w")
m = next((r for r in rows if r.get("bench") == "machine" or "cpu" in r), {})
st = next((r for r in rows if "triad" in json.dumps(r).lower()), None)
out.write("# Participatory budgeting benchmark\n\n")
out.write("machine: %s\n\n" % json.dumps(m))
if st: out.write("STREAM: %s\n\n" % json.dumps(st))
out.write("## Real elections (rule from META; 1 thread; time includes reading the file)\n\n")
out.write("| election | rule | voters | projects | Add1 raises | ogas s | official outcome | peer (Python exact) s | same | ratio |\n|---|---|---|---|---|---|---|---|---|---|\n")
peers = {(r["election"], r["rule"]): r for r in rows if r.get("bench") == "budget-peer"}
for r in rows:
    if r.get("bench") != "budget" or not r["election"][0].isupper() or "seconds" not in r: continue
    p = peers.get((r["election"], r["rule"]))
    ratio = "%.0fx" % (float(p["seconds"]) / r["seconds"]) if p and r["seconds"] > 0 else ""
    out.write("| %s | %s | %d | %d | %d | %.4f | %s | %s | %s | %s |\n" % (r["election"], r["rule"], r["voters"], r["projects"],
              r["add1_steps"], r["seconds"], {True: "same", False: "differs", None: "not recorded"}[r["matches_official"]],
              "%.3f" % float(p["seconds"]) if p else "", p["same_outcome"] if p else "", ratio))
out.write("\n## Generated elections (approval, ballots of 1-15 projects)\n\n| voters | projects | rule | threads | selected | Add1 raises | s | peak MB |\n|---|---|---|---|---|---|---|---|\n")
for r in rows:
    if r.get("bench") != "budget" or not r["election"].startswith("generated"): continue
    if "seconds" not in r:
        out.write("| %s | | %s | %s | failed | | | |\n" % (r["election"], r["rule"], r["threads"])); continue
    out.write("| %d | %d | %s | %d | %d | %d | %.3f | %.0f |\n" % (r["voters"], r["projects"], r["rule"], r["threads"], r["selected"],
              r["add1_steps"], r["seconds"], r["peak_bytes"] / 1e6))
out.close()
EOF
cp "$MD" "$RESULTS/budget-latest.md"
echo "bench: wrote $MD" >&2
