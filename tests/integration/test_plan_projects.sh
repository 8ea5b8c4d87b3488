#!/bin/sh
# test_plan_projects.sh OGAS: `ogas plan --projects FILE [--selected FILE]` (fixed investments from
# participatory budgeting) on examples/plan/random5y/n40_1 with the example projects of
# examples/plan/projects/ (JSON, report, --out, every method), on a generated plan in the native format
# and on a table, and on bad input (exit status, file:line:column, the binding constraints in words).
# Run from the repository root. Prints "ok ..." lines; exits non-zero on the first failure.
set -u
OGAS=${1:?usage: test_plan_projects.sh path/to/ogas}
PY=${PY:-python3}
PLAN=examples/plan/random5y/n40_1
EX=examples/plan/projects
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-projects.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL $*" >&2
    exit 1
}

# The plan without projects, for comparison.
"$OGAS" plan "$PLAN" --json >"$TMP/base.json" 2>"$TMP/err" || fail "plan without projects: $(cat "$TMP/err")"

# The selected projects (clinic, tram): optimal, certified, four fixed investments, fulfilment no higher.
"$OGAS" plan "$PLAN" --projects "$EX/n40_1_projects.csv" --selected "$EX/n40_1_selected.txt" --json \
    >"$TMP/sel.json" 2>"$TMP/err" || fail "plan with selected projects: exit $? ($(cat "$TMP/err"))"
$PY - "$TMP/sel.json" "$TMP/base.json" <<'PY' || fail "plan with selected projects: JSON"
import json, sys
d = json.load(open(sys.argv[1])); base = json.load(open(sys.argv[2]))
assert d["status"] == "optimal", d
assert base["fixed_investments"] == [], base
f = d["fixed_investments"]
assert [(x["project"], x["year"], x["good"], x["industry"], x["amount"]) for x in f] == [
    ("clinic", 1, "P3", "P4", 0.5), ("clinic", 2, "P3", "P4", 0.5),
    ("tram", 1, "P0", "P7", 1), ("tram", 2, "P6", "P0", 0.8)], f
assert 0 < d["objective"] <= base["objective"] * (1 + 1e-9), (d["objective"], base["objective"])
assert d["lower_bound"] <= d["objective"] * (1 + 1e-9) <= d["upper_bound"] * (1 + 2e-9), d
assert d["upper_bound"] - d["lower_bound"] <= 1e-4 * d["upper_bound"], d
PY
echo "ok plan --projects --selected (json)"

# Every project (no --selected): five rows, three projects, in the report year by year.
"$OGAS" plan "$PLAN" --projects "$EX/n40_1_projects.csv" >"$TMP/report" 2>"$TMP/err" ||
    fail "plan with all projects: $(cat "$TMP/err")"
grep -q "fixed investments      3 projects, 5 investments" "$TMP/report" || fail "report: no fixed investments line"
grep -Eq "^  3 +school +P1 +P10 +0.6$" "$TMP/report" || fail "report: school's row missing: $(cat "$TMP/report")"
echo "ok plan --projects (report)"

# --out: products.csv's investment is the total, at least the fixed investment.
"$OGAS" plan "$PLAN" --projects "$EX/n40_1_projects.csv" --selected "$EX/n40_1_selected.txt" --out "$TMP/out" \
    >/dev/null 2>"$TMP/err" || fail "plan --out: $(cat "$TMP/err")"
awk -F, '$1 == 1 && $2 == "P3" { found = 1; if ($6 < 0.5) exit 1 } $1 == 2 && $2 == "P6" { if ($6 < 0.8) exit 1 }
    END { if (!found) exit 1 }' "$TMP/out/products.csv" || fail "plan --out: investment below the fixed investments"
echo "ok plan --projects --out (total investment)"

# The three methods: each plan makes the projects; pdlp agrees with lp.
"$OGAS" plan "$PLAN" --projects "$EX/n40_1_projects.csv" --method lp,pdlp,harmony --json >"$TMP/m.json" 2>"$TMP/err" ||
    fail "plan --method lp,pdlp,harmony: $(cat "$TMP/err")"
$PY - "$TMP/m.json" <<'PY' || fail "plan --method lp,pdlp,harmony: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
pdlp, harmony = d["compare"]
assert d["status"] == "optimal" and pdlp["status"] == "optimal" and harmony["status"] == "feasible", d
assert abs(pdlp["objective"] - d["objective"]) <= 1e-4 * d["objective"], (pdlp, d["objective"])
assert 0 < harmony["objective"] <= d["objective"] * (1 + 1e-9), harmony
assert len(d["fixed_investments"]) == 5, d
PY
echo "ok plan --projects with lp, pdlp and harmony"
"$OGAS" plan "$PLAN" --projects "$EX/n40_1_projects.csv" --method lp,balance --json >"$TMP/m.json" 2>"$TMP/err" ||
    fail "plan --method lp,balance: $(cat "$TMP/err")"
$PY - "$TMP/m.json" <<'PY' || fail "plan --method lp,balance: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
bal = d["compare"][0]
assert bal["method"] == "balance" and bal["status"] == "feasible", bal
assert 0.85 * d["objective"] <= bal["objective"] <= d["objective"] * (1 + 1e-9), (bal, d["objective"])
PY
echo "ok plan --projects with balance (material balances)"

# A generated plan in the native format: a project in its first capital cell.
"$OGAS" generate --plan --products 30 --quiet --out "$TMP/gp" >/dev/null 2>"$TMP/err" || fail "generate --plan: $(cat "$TMP/err")"
cell=$(awk '/^%/ { next } !size { size = 1; next } { print $1, $2; exit }' "$TMP/gp/capital.mtx")
good=$(sed -n "$((${cell% *} + 1))p" "$TMP/gp/codes.csv")
industry=$(sed -n "$((${cell#* } + 1))p" "$TMP/gp/codes.csv")
printf 'project,year,good,industry,capacity\nworks,2,%s,%s,0.5\n' "$good" "$industry" >"$TMP/gp_projects.csv"
"$OGAS" plan "$TMP/gp" --projects "$TMP/gp_projects.csv" --json >"$TMP/gp.json" 2>"$TMP/err" ||
    fail "native plan with a project: $(cat "$TMP/err")"
$PY - "$TMP/gp.json" "$good" "$industry" <<'PY' || fail "native plan with a project: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "optimal" and d["objective"] > 0, d
f = d["fixed_investments"]
assert len(f) == 1 and f[0]["good"] == sys.argv[2] and f[0]["industry"] == sys.argv[3] and f[0]["amount"] > 0, f
PY
echo "ok plan --projects on a native plan ($good for $industry)"

# A table with generated capital: construction for agriculture.
printf 'project,year,good,industry,amount\nbridge,1,F,A01,1000\n' >"$TMP/t_projects.csv"
"$OGAS" plan examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2014 --years 2 --quiet --projects "$TMP/t_projects.csv" \
    --json >"$TMP/t.json" 2>"$TMP/err" || fail "table plan with a project: $(cat "$TMP/err")"
$PY -c "import json; d=json.load(open('$TMP/t.json')); assert d['status']=='optimal' and d['fixed_investments'][0]['industry']=='A01', d" ||
    fail "table plan with a project: JSON"
echo "ok plan --projects on a table"

# Fixed investments that no plan can make: infeasible (exit 1), the binding constraints in words.
printf 'project,year,good,industry,capacity\nhuge,1,P3,P4,1000\n' >"$TMP/huge.csv"
"$OGAS" plan "$PLAN" --projects "$TMP/huge.csv" >/dev/null 2>"$TMP/err"
st=$?
[ "$st" -eq 1 ] || fail "infeasible projects: exit $st, expected 1 ($(cat "$TMP/err"))"
grep -q "the fixed investments cannot all be made: at most .* of them can be made.*; binding: .*supply of P3, year 1" \
    "$TMP/err" || fail "infeasible projects: message $(cat "$TMP/err")"
echo "ok infeasible projects: $(cat "$TMP/err")"

# Bad input: exit 3 with file:line:column, or 2 for bad usage.
bad_case() {
    name=$1
    status=$2
    pattern=$3
    shift 3
    "$OGAS" plan "$PLAN" "$@" >/dev/null 2>"$TMP/err"
    st=$?
    [ "$st" -eq "$status" ] || fail "$name: exit $st, expected $status ($(cat "$TMP/err"))"
    grep -Eq -e "$pattern" "$TMP/err" || fail "$name: message '$(cat "$TMP/err")' lacks /$pattern/"
    echo "ok $name: $(cat "$TMP/err")"
}
printf 'project,year,good,industry\nx,1,P3,P4\n' >"$TMP/b1.csv"
bad_case "bad header" 3 "b1.csv:1:1: the header has neither amount nor capacity" --projects "$TMP/b1.csv"
printf 'project,year,good,industry,amount\nx,1,P3,P4,1\ny,1,P3,P0,1\n' >"$TMP/b2.csv"
bad_case "cell without stock" 3 "b2.csv:3:8: industry P0 uses no stock of good P3" --projects "$TMP/b2.csv"
printf 'project,year,good,industry,amount\nx,7,P3,P4,1\n' >"$TMP/b3.csv"
bad_case "bad year" 3 "b3.csv:2:3: expected a year of the plan, 1 to 5" --projects "$TMP/b3.csv"
printf 'project,year,good,industry,amount\nx,1,P3,P4,-2\n' >"$TMP/b4.csv"
bad_case "negative amount" 3 "b4.csv:2:11: expected an amount >= 0" --projects "$TMP/b4.csv"
printf 'clinic\nnope\n' >"$TMP/sel.txt"
bad_case "unknown selected id" 3 "sel.txt:2:1: project 'nope' is not in " --projects "$EX/n40_1_projects.csv" \
    --selected "$TMP/sel.txt"
bad_case "selected without projects" 2 "--selected needs --projects" --selected "$TMP/sel.txt"
"$OGAS" plan --help | grep -q -- "--projects FILE" || fail "plan --help lacks --projects"
"$OGAS" plan --help | grep -q -- "--selected FILE" || fail "plan --help lacks --selected"
echo "ok plan --help"
exit 0
