#!/bin/sh
# test_store.sh OGAS: the store through the command line: a database made with ogas db init; a balance
# (ONS 2010), two plans (one with budgeted projects), a budget, a simulation and a generated economy stored
# with --db;
# db runs / show / log as text and JSON; a plan adopted (and refused twice); ogas verify passing with
# every run recomputed; then tampering from outside (a plan's phi, a budget's winner, an audit record, a
# stored file) each found and named by verify with exit status 1; and writers killed with SIGKILL in the
# middle of storing, in a loop, leaving a store that verifies and holds every run that said it was stored.
# Run from the repository root. Prints "ok ..." lines; exits non-zero on the first failure.
set -u
OGAS=${1:?usage: test_store.sh path/to/ogas}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-store.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
DB="$TMP/ogas.db"
PY=/usr/bin/python3

fail() {
    echo "FAIL $*" >&2
    exit 1
}

# run NAME CMD...: the command succeeds; its output in $TMP/out, $TMP/err
run() {
    name=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || fail "$name: exit status $? ($(head -c 600 "$TMP/err"))"
    echo "ok $name"
}

# refused NAME STATUS PATTERN CMD...: exits with STATUS and stdout or stderr matches PATTERN
refused() {
    name=$1 status=$2 pattern=$3
    shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    [ "$got" = "$status" ] || fail "$name: exit status $got, expected $status ($(head -c 600 "$TMP/err"))"
    cat "$TMP/out" "$TMP/err" | grep -Eq -e "$pattern" || fail "$name: output lacks /$pattern/: $(head -c 900 "$TMP/out")"
    echo "ok $name"
}

# sql SQL: runs SQL on the database from outside ogas (Python's sqlite3)
sql() {
    $PY -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$DB" "$1" \
        || fail "sql: $1"
}

refused "no database" 1 "no such database" "$OGAS" verify "$DB"
run "init" "$OGAS" db init "$DB"
grep -Eq "schema version [0-9]+" "$TMP/out" || fail "init: $(cat "$TMP/out")"
run "store a balance" "$OGAS" leontief examples/io/uk2010_ons/iot_domestic_pxp_basic.csv --db "$DB" --as ons --quiet
run "store a plan" "$OGAS" plan examples/plan/random5y/n40_1 --db "$DB" --as planning-office
grep -q "stored in .* as plan 2 (audit record 2)" "$TMP/err" || fail "store a plan: $(cat "$TMP/err")"
run "store a budget" "$OGAS" budget examples/pb/Poland_Swiecie_2023.pb --rule equalshares/add1 --db "$DB"
run "budget selected" "$OGAS" budget examples/pb/Poland_Swiecie_2023.pb --rule equalshares/add1 --selected-out "$TMP/sel.txt"
run "store a plan with projects" "$OGAS" plan examples/plan/random5y/n40_1 --method harmony \
    --projects examples/plan/projects/n40_1_projects.csv --selected examples/plan/projects/n40_1_selected.txt --db "$DB"
run "store a simulation" "$OGAS" simulate examples/scenarios/famine.scenario --households 1000 --months 24 --db "$DB"
run "runs" "$OGAS" db runs "$DB" --json
$PY - "$TMP/out" <<'PY' || fail "runs json"
import json, sys
runs = json.load(open(sys.argv[1]))
assert [r["kind"] for r in runs] == ["balance", "plan", "budget", "plan", "simulation"], runs
assert runs[0]["actor"] == "ons" and runs[1]["actor"] == "planning-office", runs
assert runs[0]["values"] == 3 * 127, runs[0]
PY
echo "ok runs json"
run "show" "$OGAS" db show "$DB" 4 --json
$PY - "$TMP/out" <<'PY' || fail "show json"
import json, sys
r = json.load(open(sys.argv[1]))
roles = sorted(f["role"] for f in r["files"])
assert roles == ["dir/cap.csv", "dir/dep.csv", "dir/flows.csv", "dir/labtarg.csv", "projects", "selected"], roles
assert "method=harmony" in r["args"], r["args"]
phi = [v for v in r["values"] if v["series"] == "phi"]
assert len(phi) == 5 and all(v["value"] > 0 for v in phi), phi
PY
echo "ok show json"
run "show phi" "$OGAS" db show "$DB" 2 --series phi
[ "$(grep -c '^phi ' "$TMP/out")" = 5 ] || fail "show phi: $(cat "$TMP/out")"
run "adopt" "$OGAS" db adopt "$DB" 2 --as delegate-ann
refused "adopt twice" 3 "adopted already" "$OGAS" db adopt "$DB" 2 --as delegate-bob
refused "adopt a budget" 3 "not a plan" "$OGAS" db adopt "$DB" 3 --as delegate-bob
refused "adopt without --as" 2 "--as NAME" "$OGAS" db adopt "$DB" 2
run "log" "$OGAS" db log "$DB" --json
$PY - "$TMP/out" <<'PY' || fail "log json"
import json, sys
log = json.load(open(sys.argv[1]))
assert [r["action"] for r in log] == ["balance computed", "plan computed", "budget computed", "plan computed",
                                      "simulation computed", "plan adopted"], log
assert log[0]["prev_hash"] == "0" * 64
for a, b in zip(log, log[1:]):
    assert b["prev_hash"] == a["hash"], (a, b)
assert log[5]["actor"] == "delegate-ann" and log[5]["subject"] == "plan 2"
PY
echo "ok log json"
run "verify" "$OGAS" verify "$DB" --json
$PY - "$TMP/out" <<'PY' || fail "verify json: $(cat "$TMP/out")"
import json, sys
v = json.load(open(sys.argv[1]))
assert v["ok"] and v["problems"] == [] and v["records"] == 6 and v["runs"] == 5 and v["recomputed"] == 5, v
PY
echo "ok verify passes, 5 runs recomputed"

# Tampering, each on a copy of the good database.
cp "$DB" "$TMP/good.db"
sql "UPDATE run_values SET value = value * 1.02 WHERE run_id = 2 AND series = 'phi' AND idx = 2"
refused "tampered phi" 1 "plan 2 .*phi\[2\] \(year 3\) is stored as .* but recomputes to" "$OGAS" verify "$DB"
grep -q "stored results differ from those audit record 2 recorded" "$TMP/out" || fail "tampered phi: no hash finding"
cp "$TMP/good.db" "$DB"
sql "UPDATE run_values SET value = value + 1 WHERE run_id = 1 AND series = 'labour_value' AND idx = 0"
refused "tampered labour value" 1 "balance 1 .*labour_value\[0\]" "$OGAS" verify "$DB"
cp "$TMP/good.db" "$DB"
sql "UPDATE run_values SET label = (SELECT label FROM run_values WHERE run_id = 3 AND series = 'votes' AND label NOT IN
     (SELECT label FROM run_values WHERE run_id = 3 AND series = 'selected') LIMIT 1)
     WHERE run_id = 3 AND series = 'selected' AND idx = 0"
refused "tampered winner" 1 "budget 3 .*selected\[0\] is stored as" "$OGAS" verify "$DB"
cp "$TMP/good.db" "$DB"
sql "UPDATE audit SET actor = 'someone-else' WHERE seq = 6"
refused "tampered record" 1 "audit record 6 \(plan adopted, plan 2\): its contents were changed" "$OGAS" verify "$DB"
grep -q "first broken record    6" "$TMP/out" || fail "tampered record: first broken not named"
cp "$TMP/good.db" "$DB"
sql "UPDATE run_values SET value = 0.5 WHERE run_id = 5 AND series = 'administered.queue_length' AND idx = 20"
refused "tampered queue" 1 "simulation 5 .*administered.queue_length\[20\] \(month 21\) is stored as 0.5" "$OGAS" verify "$DB"
cp "$TMP/good.db" "$DB"
sql "UPDATE blobs SET bytes = CAST(REPLACE(CAST(bytes AS TEXT), '0.', '1.') AS BLOB) WHERE sha256 = (SELECT sha256 FROM run_files WHERE run_id = 2 AND role = 'dir/flows.csv')"
refused "tampered file" 1 "stored file flows.csv \(dir/flows.csv\) was changed" "$OGAS" verify "$DB" --no-recompute
cp "$TMP/good.db" "$DB"
sql "DELETE FROM adoptions"
refused "removed adoption" 1 "adopts plan 2, but the store holds no such adoption" "$OGAS" verify "$DB" --no-recompute
cp "$TMP/good.db" "$DB"
printf 'not a database at all, but long enough to be mistaken for a header.........................\n' >"$TMP/bad.db"
refused "not a database" 4 "bad.db" "$OGAS" verify "$TMP/bad.db"

# Plans computed from stored runs: a 3-year plan from the stored ONS table, the stored plan again by harmony.
P="$TMP/plans.db"
run "plans: init" "$OGAS" db init "$P"
run "plans: balance" "$OGAS" leontief examples/io/uk2010_ons/iot_domestic_pxp_basic.csv --db "$P" --quiet
run "plans: plan" "$OGAS" plan examples/plan/random5y/n40_1 --db "$P" --quiet
run "plans: from the table" "$OGAS" db plan "$P" 1 --years 3 --as office
grep -q "plan 3 computed from run 1" "$TMP/out" || fail "plans: $(cat "$TMP/out")"
run "plans: again by harmony" "$OGAS" db plan "$P" 2 --method harmony --as office
refused "plans: from a plan with table options" 2 "years is not an option of a plan" "$OGAS" db plan "$P" 2 --years 3 --as office
refused "plans: unknown method" 2 "method is lp, pdlp, harmony or balance" "$OGAS" db plan "$P" 2 --method simplex --as office
run "plans: show" "$OGAS" db show "$P" 3 --json
$PY - "$TMP/out" <<'PY' || fail "plans: show $(head -c 300 "$TMP/out")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["kind"] == "plan" and r["actor"] == "office" and "years=3" in r["args"], r["args"]
assert [f["role"] for f in r["files"]] == ["table"], r["files"]
assert len([v for v in r["values"] if v["series"] == "phi"]) == 3
PY
run "plans: verify" "$OGAS" verify "$P" --json
$PY -c 'import json, sys; v = json.load(open(sys.argv[1])); assert v["ok"] and v["recomputed"] == 4, v' "$TMP/out" || fail "plans: verify"
echo "ok plans computed from stored runs, and recomputed by verify"

# The council registry kept in the store: every event an audit record; a changed event is named.
C="$TMP/councils.db"
run "councils: init" "$OGAS" db init "$C"
run "councils: congress" "$OGAS" council create "$C" N --name "Congress" --at 2026-11-29T10:00:00Z --by clerk
run "councils: works" "$OGAS" council create "$C" W1 --name "Tram works" --parent N --seats 1 --at 2026-11-29T10:00:00Z --by clerk
run "councils: ann" "$OGAS" council add-member "$C" W1 ann --name Ann --at 2026-11-29T10:01:00Z --by clerk
run "councils: bob" "$OGAS" council add-member "$C" W1 bob --name Bob --at 2026-11-29T10:01:00Z --by clerk
run "councils: elect" "$OGAS" council elect "$C" W1 --vote ann=bob --vote bob=bob --at 2026-11-29T11:00:00Z --by clerk
run "councils: recall" "$OGAS" council recall "$C" W1 bob --sign ann,bob --at 2026-11-29T12:00:00Z --by ann
run "councils: list" "$OGAS" council show "$C" W1 --json
$PY -c 'import json, sys; d = json.load(open(sys.argv[1])); assert len(d["members"]) == 2, d' "$TMP/out" || fail "councils show"
run "councils: log" "$OGAS" db log "$C" --json
$PY - "$TMP/out" <<'PY' || fail "councils log: $(head -c 600 "$TMP/out")"
import json, sys
log = json.load(open(sys.argv[1]))
acts = [r["action"] for r in log]
assert acts[:6] == ["council create", "council create", "council join", "council join", "council elect", "council recall"], acts
assert log[5]["actor"] == "ann" and log[5]["subject"] == "council W1", log[5]
PY
echo "ok councils: every event in the audit log"
run "councils: verify" "$OGAS" verify "$C"
$PY -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE council_events SET line = replace(line, \"Bob\", \"Rob\") WHERE seq = 4"); c.commit()' "$C"
refused "councils: changed event" 1 "council event 4 .*changed since audit record 4 recorded it" "$OGAS" verify "$C"

# A plan by material balances: stored, recomputed by verify, a changed phi named.
B="$TMP/balance.db"
run "balance: init" "$OGAS" db init "$B"
run "balance: store a plan" "$OGAS" plan examples/plan/random5y/n20_1 --method balance --db "$B" --quiet
run "balance: verify" "$OGAS" verify "$B" --json
$PY -c 'import json, sys; v = json.load(open(sys.argv[1])); assert v["ok"] and v["recomputed"] == 1, v' "$TMP/out" \
    || fail "balance: verify: $(head -c 600 "$TMP/out")"
$PY -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE run_values SET value = value * 1.01 WHERE series = \"phi\" AND idx = 2"); c.commit()' "$B" \
    || fail "balance: tamper"
refused "balance: a changed phi" 1 "phi" "$OGAS" verify "$B"

# Writers killed with SIGKILL while storing: every run that said "stored" is there, and the store verifies.
K="$TMP/kill.db"
run "generate economy" "$OGAS" generate --products 5000 --out "$TMP/econ" --quiet
run "init kill db" "$OGAS" db init "$K"
: >"$TMP/stored.log"
i=0
while [ $i -lt 24 ]; do
    "$OGAS" leontief "$TMP/econ" --db "$K" --quiet 2>>"$TMP/stored.log" >/dev/null &
    pid=$!
    sleep "$(awk -v s=$i 'BEGIN { srand(s + 7); printf "%.3f", rand() * 0.25 }')"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    i=$((i + 1))
done
said=$(grep -c "stored in" "$TMP/stored.log")
run "runs after kills" "$OGAS" db runs "$K" --json
have=$($PY -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/out")
[ "$have" -ge "$said" ] || fail "kills: $said runs said they were stored, the store holds $have"
[ "$have" -le 24 ] || fail "kills: $have runs from 24 writers"
run "verify after kills" "$OGAS" verify "$K" --no-recompute
echo "ok SIGKILL: 24 writers, $((24 - have)) killed before their commit, $have stored, the store verifies"
run "one run recomputed after kills" "$OGAS" verify "$K" --json
$PY -c 'import json, sys; v = json.load(open(sys.argv[1])); assert v["ok"] and v["recomputed"] == v["runs"], v' "$TMP/out" \
    || fail "verify after kills: $(head -c 600 "$TMP/out")"
echo "ok store"
