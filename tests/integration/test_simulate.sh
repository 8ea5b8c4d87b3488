#!/bin/sh
# test_simulate.sh OGAS: `ogas simulate` on the bundled scenarios (JSON fields, conservation, files under
# --out) and on a bad scenario file (file:line in the message). Run from the repository root.
set -u
OGAS=${1:?usage: test_simulate.sh path/to/ogas}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-sim.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
fail() {
    echo "FAIL $*" >&2
    exit 1
}
for s in examples/scenarios/*.scenario; do
    name=$(basename "$s" .scenario)
    "$OGAS" simulate "$s" --households 1500 --months 14 --json >"$TMP/$name.json" 2>"$TMP/err" ||
        fail "$name: exit status $? ($(cat "$TMP/err"))"
    /usr/bin/python3 - "$TMP/$name.json" <<'PY' || fail "$name: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
need = ["mean_queue_length", "unmet_demand_share", "forced_saving_share", "administered_allocation_share",
        "consumption_gini", "plan_fulfilment", "seconds"]
for reg in ("administered", "feedback"):
    r = d[reg]
    missing = [k for k in need if k not in r]
    assert not missing, (reg, missing)
    assert r["conserved"] is True, reg
    assert 0 <= r["consumption_gini"] <= 1, r
assert d["conserved"] is True
assert d["feedback"]["mean_queue_length"] == 0
PY
    echo "ok simulate $name"
done
"$OGAS" simulate examples/scenarios/famine.scenario --households 1000 --months 14 --regime feedback \
    --out "$TMP/out" >"$TMP/report" 2>"$TMP/err" || fail "--out: $(cat "$TMP/err")"
for f in months.csv goods.csv summary.json queue_length.svg unmet_demand.svg plan_fulfilment.svg; do
    [ -s "$TMP/out/$f" ] || fail "--out: no $f"
done
[ "$(wc -l <"$TMP/out/months.csv")" -eq 15 ] || fail "months.csv rows"
echo "ok simulate --out"
printf 'name = bad\nmonths = 12\n[shock]\nkind = famine\nfactor = 1.5\n' >"$TMP/bad.scenario"
if "$OGAS" simulate "$TMP/bad.scenario" 2>"$TMP/err"; then fail "bad scenario accepted"; fi
grep -Eq "bad.scenario:[0-9]+" "$TMP/err" || fail "bad scenario: no file:line in: $(cat "$TMP/err")"
echo "ok bad scenario: $(cat "$TMP/err")"
printf 'name = bad2\neconomy = %s/examples/plan/random5y/n40_1\n\n[shock]\nkind = famine\ngoods = NOPE\nfactor = 0.5\n' "$(pwd)" >"$TMP/bad2.scenario"
if "$OGAS" simulate "$TMP/bad2.scenario" --months 2 --households 100 2>"$TMP/err"; then fail "unknown good accepted"; fi
grep -q "bad2.scenario:4: famine shock: 'NOPE'" "$TMP/err" || fail "unknown good: $(cat "$TMP/err")"
echo "ok unknown good: $(cat "$TMP/err")"
exit 0
