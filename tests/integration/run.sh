#!/bin/sh
# Integration tests of the ogas program: runs the real binary on bundled data and on bad input,
# checking exit status, output files, JSON and error messages. Usage: tests/integration/run.sh build/ogas
set -u
OGAS=${1:-build/ogas}
PY=/usr/bin/python3
T=$(mktemp -d /tmp/ogas-it-XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }

# expect_ok NAME CMD...: the command succeeds
expect_ok() { name=$1; shift; if "$@" >"$T/out" 2>"$T/err"; then ok; else bad "$name (exit $?): $(head -c 400 "$T/err")"; fi; }
# expect_fail NAME STATUS PATTERN OUTFILE CMD...: fails with that status, stderr matches the pattern, no OUTFILE left
expect_fail() {
    name=$1 status=$2 pattern=$3 outfile=$4; shift 4
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" != "$status" ]; then bad "$name: exit $got, expected $status: $(head -c 300 "$T/err")"; return; fi
    if ! grep -Eq -e "$pattern" "$T/err"; then bad "$name: stderr '$(head -c 300 "$T/err")' lacks /$pattern/"; return; fi
    if [ -n "$outfile" ] && ls "$outfile"* >/dev/null 2>&1; then bad "$name: left an output file"; return; fi
    ok
}

UK=examples/io/uk2010_ons/iot_domestic_pxp_basic.csv
DE=examples/io/eurostat_small/germany_1995_siot_6sector.csv

# Help texts name every option the parser accepts.
expect_ok "help" "$OGAS" --help
for c in leontief inverse supply-use generate; do
    expect_ok "help $c" "$OGAS" $c --help
    grep -q "usage: ogas $c" "$T/out" || bad "help $c: no usage line"
done
expect_fail "unknown command" 2 "unknown command" "" "$OGAS" frobnicate
expect_fail "unknown option" 2 "unknown option '--nope'" "" "$OGAS" leontief "$UK" --nope
expect_fail "missing table" 2 "expected one TABLE" "" "$OGAS" leontief
expect_fail "bad method" 2 "--method expects" "" "$OGAS" leontief "$UK" --method fast
expect_fail "bad tol" 2 "--tol expects a number" "" "$OGAS" leontief "$UK" --tol abc

# leontief: report, CSV and JSON.
expect_ok "leontief report" "$OGAS" leontief "$UK"
grep -q "largest output multipliers" "$T/out" || bad "report lacks the multiplier table"
expect_ok "leontief csv" "$OGAS" leontief "$UK" --out "$T/uk.csv" --quiet
[ "$(head -1 "$T/uk.csv")" = "code,output,multiplier,labour_value" ] || bad "csv header: $(head -1 "$T/uk.csv")"
[ "$(wc -l <"$T/uk.csv")" = 128 ] || bad "csv rows: $(wc -l <"$T/uk.csv")"
for m in auto dense gmres neumann gauss-seidel; do
    expect_ok "leontief json $m" "$OGAS" leontief "$UK" --json --method $m
    $PY - "$T/out" "$m" <<'PY' || bad "json $m"
import json, sys
d = json.load(open(sys.argv[1]))
need = ["products", "nonzeros", "method", "iterations", "relative_residual", "solve_seconds"]
missing = [k for k in need if k not in d]
assert not missing, missing
assert d["products"] == 127 and d["relative_residual"] <= 1e-10, d
assert sys.argv[2] == "auto" or d["method"] == sys.argv[2], d["method"]
assert abs(d["total_output"] - 2711180) < 1e-3, d["total_output"]
PY
done
# The CSV's multipliers are ONS's published ones (first product: 1.83117075862946).
$PY - "$T/uk.csv" <<'PY' || bad "csv multiplier"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))
assert r[0]["code"] == "01" and abs(float(r[0]["multiplier"]) - 1.83117075862946) < 1e-12, r[0]
PY
expect_ok "leontief demand columns" "$OGAS" leontief "$UK" --demand Households --json
expect_ok "leontief wiod" "$OGAS" leontief examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2010 --json
grep -q '"year":2010' "$T/out" || bad "wiod json year"
expect_ok "leontief 5yp" "$OGAS" leontief examples/plan/example4 --json
expect_ok "leontief drop" "$OGAS" leontief examples/io/eurostat_small/croatia_2010_1800_wide.csv --drop U --quiet
expect_fail "croatia not productive" 6 "not productive.*U \(1" "" "$OGAS" leontief examples/io/eurostat_small/croatia_2010_1800_wide.csv

# inverse
expect_ok "inverse" "$OGAS" inverse "$DE" --out "$T/L.csv"
[ "$(wc -l <"$T/L.csv")" = 7 ] || bad "inverse rows"
expect_fail "inverse needs --out" 2 "--out" "" "$OGAS" inverse "$DE"

# generate, then balance the generated economy from its folder
expect_ok "generate" "$OGAS" generate --products 5000 --inputs 10 --seed 3 --out "$T/g" --quiet
for f in A.mtx labour.mtx demand.mtx; do [ -s "$T/g/$f" ] || bad "generate: no $f"; done
expect_ok "leontief generated" "$OGAS" leontief "$T/g" --json --tol 1e-12
$PY -c "import json,sys; d=json.load(open('$T/out')); assert d['products']==5000 and d['relative_residual']<=1e-12, d" || bad "generated json"
expect_ok "generate same seed" "$OGAS" generate --products 5000 --inputs 10 --seed 3 --out "$T/g2" --quiet
cmp -s "$T/g/A.mtx" "$T/g2/A.mtx" || bad "same seed gave a different economy"
expect_fail "generate bad rho" 2 "--rho expects" "" "$OGAS" generate --products 10 --rho 1.5 --out "$T/g3"

# Bad input: the error names file:line:column, the exit status is 3, and no output file is left.
badcase() { # NAME CONTENT PATTERN
    printf "$2" >"$T/bad.csv"
    expect_fail "bad input: $1" 3 "$3" "$T/res.csv" "$OGAS" leontief "$T/bad.csv" --out "$T/res.csv"
}
badcase "ragged row" ',a,b,fd\na,1,2,3\nb,1,2\noutput,5,5,\n' 'bad.csv:3:5: ragged row'
badcase "non-numeric" ',a,b,fd\na,1,x,3\nb,1,2,3\noutput,5,5,\n' "bad.csv:2:5: expected a number .*found 'x'"
badcase "NaN" ',a,b,fd\na,1,NaN,3\nb,1,2,3\noutput,5,5,\n' 'bad.csv:2:5: .*NaN'
badcase "infinity" ',a,b,fd\na,1,-inf,3\nb,1,2,3\noutput,5,5,\n' 'bad.csv:2:5: .*infinity'
badcase "duplicate code" ',a,b,fd\na,1,2,3\na,1,2,3\noutput,5,5,\n' "bad.csv:3:1: duplicate row code 'a'"
badcase "not square" ',a,b,fd,c\na,1,2,3,0\nb,1,2,3,0\nc,1,2,3,0\noutput,5,5,,5\n' 'bad.csv:4:1: block is not square'
badcase "negative output" ',a,b,fd\na,1,2,3\nb,1,2,3\noutput,5,-5,\n' 'bad.csv:4:10: negative gross output'
badcase "empty file" '' 'bad.csv:1:1: empty file'
printf '%%%%MatrixMarket matrix coordinate real general\n2 2 1\n1 3 0.5\n' >"$T/bad.mtx"
expect_fail "bad mtx" 3 'bad.mtx:3:3: expected a column index' "$T/res.csv" "$OGAS" leontief "$T/bad.mtx" --out "$T/res.csv"
expect_fail "missing file" 4 "cannot open" "" "$OGAS" leontief "$T/none.csv"

# plan: the exact LP on the peer planner's example, report, JSON and tables.
expect_ok "plan report" "$OGAS" plan examples/plan/example4
grep -q "sum of phi = 8.7972991" "$T/out" || bad "plan report: $(head -5 "$T/out")"
expect_ok "plan json" "$OGAS" plan examples/plan/random5y/n10_1 --json --out "$T/plan"
$PY - "$T/out" <<'PY' || bad "plan json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "optimal" and d["method"] == "lp" and len(d["phi"]) == 5, d
assert abs(d["objective"] - 8.79806706277353) < 1e-7 * 8.8, d["objective"]
PY
for f in years.csv products.csv techniques.csv; do [ -s "$T/plan/$f" ] || bad "plan --out: no $f"; done
[ "$(wc -l <"$T/plan/products.csv")" = 51 ] || bad "plan products.csv rows"
expect_fail "plan bad method" 2 "--method expects lp" "" "$OGAS" plan examples/plan/example4 --method magic
expect_fail "plan bad pdhg" 2 "--pdhg: expected halpern or adaptive" "" "$OGAS" plan examples/plan/example4 --method pdlp --pdhg fast
expect_ok "plan pdhg adaptive" "$OGAS" plan examples/plan/random5y/n10_1 --method pdlp --pdhg adaptive --json
$PY -c "import json; d=json.load(open('$T/out')); assert d['status']=='optimal' and abs(d['objective']-d['upper_bound'])<=1e-5*d['objective'], d" || bad "plan pdhg adaptive json"
# on a terminal, each method shows its progress on stderr, and standard output stays the JSON alone
# (CLP's own log goes nowhere); not on a pipe, and not with --quiet
if command -v script >/dev/null 2>&1; then
    script -qec "$OGAS plan examples/plan/random5y/n40_1 --method lp,pdlp,harmony --gap 1e-4 --json >$T/tty.json" "$T/tty.log" >/dev/null 2>&1 || bad "plan progress: exit $?"
    for m in "lp: iteration" "pdlp: iteration [0-9]+, (plan [0-9.]+, bound [0-9.]+|objective [0-9.]+)" "harmony: iteration"; do
        tr '\r' '\n' <"$T/tty.log" | grep -Eq "$m" || bad "plan progress: no '$m' on the terminal"
    done
    $PY -c "import json; d=json.load(open('$T/tty.json')); assert d['status']=='optimal' and len(d['compare'])==2, d" || bad "plan progress: stdout is not the JSON"
    script -qec "$OGAS plan examples/plan/random5y/n40_1 --method pdlp --gap 1e-4 --quiet >/dev/null" "$T/tty.log" >/dev/null 2>&1
    ! grep -q "iteration" "$T/tty.log" || bad "plan progress: shown with --quiet"
fi
expect_ok "plan no progress on a pipe" "$OGAS" plan examples/plan/random5y/n40_1 --method lp,pdlp --gap 1e-4
! grep -q "iteration" "$T/err" || bad "plan progress: shown on a pipe"
# a plan whose PDLP would take more memory than it may refuses to start, saying how much it needs
expect_fail "plan pdlp memory" 5 "PDLP needs about 0\.0[0-9]+ GB more .* and is allowed 0\.00 GB" "$T/mem" "$OGAS" plan examples/plan/random5y/n10_1 --method pdlp --max-memory 1e-5 --out "$T/mem"
expect_ok "plan three methods" "$OGAS" plan examples/plan/random5y/n20_1 --method lp,pdlp,harmony --json
$PY - "$T/out" <<'PY' || bad "plan compare json"
import json, sys
d = json.load(open(sys.argv[1]))
lp = d["objective"]; pd, hm = d["compare"]
assert pd["method"] == "pdlp" and pd["status"] == "optimal" and abs(pd["objective"] - lp) <= 1e-4 * lp, pd
assert pd["relative_gap"] <= 1e-6, pd
assert hm["method"] == "harmony" and hm["status"] == "feasible" and 0.5 < hm["ratio_to_first"] < 1, hm
PY
expect_ok "generate plan" "$OGAS" generate --plan --products 60 --seed 4 --out "$T/gplan" --quiet
[ -s "$T/gplan/manifest.txt" ] || bad "generate --plan: no manifest"
expect_ok "plan native" "$OGAS" plan "$T/gplan" --json
$PY -c "import json; d=json.load(open('$T/out')); assert d['status']=='optimal' and d['products']==60, d" || bad "plan native json"
# a plan from an input-output table, with generated capital
expect_ok "plan from table" "$OGAS" plan examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2014 --years 3 --growth 0.03 --json --quiet
$PY -c "import json; d=json.load(open('$T/out')); assert d['status']=='optimal' and d['products']==56 and d['years']==3 and d['upper_bound'] >= d['objective'] > 0, d" || bad "plan from table json"
expect_fail "plan table bad option" 2 "capital-ratio" "" "$OGAS" plan examples/io/wiod2016/GBR_NIOT_nov16.csv --capital-ratio -1
printf 'code,A01,C28,F,G46,M71\nC28,100,5000,300,200,50\nF,2000,8000,1000,3000,100\n' >"$T/cap.csv"
printf 'year,A01,C28,F,G46\n1,1000,200,5000,3000\n2,1050,210,5200,3100\n' >"$T/targ.csv"
expect_ok "plan table files" "$OGAS" plan examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2014 --years 2 --capital "$T/cap.csv" --targets "$T/targ.csv" --json --quiet
$PY -c "import json; d=json.load(open('$T/out')); assert d['status']=='optimal' and d['years']==2 and abs(d['upper_bound'] - d['objective']) <= 1e-4 * d['objective'], d" || bad "plan table files json"
printf 'year,A01\n1,5\n3,4\n' >"$T/tbad.csv"
expect_fail "plan targets bad year" 3 "tbad.csv:3:1: expected year 2" "" "$OGAS" plan examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2014 --years 2 --targets "$T/tbad.csv"
# a floor on fulfilment that no plan reaches: infeasible, explained in words
expect_fail "plan floor infeasible" 1 "falls short in year 1" "" "$OGAS" plan examples/plan/random5y/n40_1 --min-fulfilment 1.8
# priority weights: the weighted plan, and a weights file with an unknown product
printf 'code,weight\nP0,5\nP3,2\n' >"$T/w.csv"
expect_ok "plan weights" "$OGAS" plan examples/plan/random5y/n10_1 --weights "$T/w.csv" --method lp,pdlp --json
$PY -c "import json; d=json.load(open('$T/out')); assert d['status']=='optimal' and 0 < d['objective'] <= 5 + 1e-9 and abs(d['compare'][0]['objective'] - d['objective']) < 1e-4, d" || bad "plan weights json"
printf 'P0,1\nPX,2\n' >"$T/wbad.csv"
expect_fail "plan weights unknown" 3 "wbad.csv:2:1: 'PX' is not a product" "" "$OGAS" plan examples/plan/random5y/n10_1 --weights "$T/wbad.csv"
mkdir -p "$T/badplan" && cp examples/plan/example4/*.csv "$T/badplan/" && sed -i 's/^coal,2,/coal,x,/' "$T/badplan/flows.csv"
expect_fail "plan bad input" 3 "flows.csv:3:6: " "" "$OGAS" plan "$T/badplan"

# Supply-use command, when its own script is present.
if [ -f tests/integration/test_supply_use.sh ]; then
    if sh tests/integration/test_supply_use.sh "$OGAS" >"$T/su" 2>&1; then ok; else bad "supply-use: $(tail -5 "$T/su")"; fi
fi

if sh tests/integration/test_budget.sh "$OGAS" >"$T/budget" 2>&1; then ok; else bad "budget: $(tail -5 "$T/budget")"; fi
if sh tests/integration/test_council.sh "$OGAS" >"$T/council" 2>&1; then ok; else bad "council: $(tail -5 "$T/council")"; fi
if sh tests/integration/test_store.sh "$OGAS" >"$T/store" 2>&1; then ok; else bad "store: $(tail -5 "$T/store")"; fi
if sh tests/integration/test_plan_projects.sh "$OGAS" >"$T/pp" 2>&1; then ok; else bad "plan projects: $(tail -5 "$T/pp")"; fi
if sh tests/integration/test_simulate.sh "$OGAS" >"$T/sim" 2>&1; then ok; else bad "simulate: $(tail -5 "$T/sim")"; fi
if sh tests/integration/test_server.sh "$OGAS" >"$T/server" 2>&1; then ok; else bad "server: $(tail -5 "$T/server")"; fi

echo "integration: $pass passed, $fail failed"
[ "$fail" = 0 ]
