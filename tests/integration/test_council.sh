#!/bin/sh
# test_council.sh OGAS: the `ogas council` command through a whole scenario in a temporary folder: a
# registry with a national congress, a district and two workplaces; members; elections (from a ballots
# file and from --vote, a quorum failure, a tie); a recall below the share and one that cascades up to
# the congress; a delegate who leaves; list, show and events as text and JSON; a hand-edited registry
# that does not replay. Refusals must exit non-zero and leave the registry file as it was. Run from the
# repository root. Prints "ok ..." lines; exits non-zero on the first failure.
# shellcheck disable=SC2086
set -u
OGAS=${1:?usage: test_council.sh path/to/ogas}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-council.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
R="$TMP/registry.txt"
PY=$(command -v python3 || true)

fail() {
    echo "FAIL $*" >&2
    exit 1
}

# run NAME CMD...: the command succeeds; its output in $TMP/out
run() {
    name=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || fail "$name: exit status $? ($(cat "$TMP/err"))"
}

# refused NAME STATUS PATTERN CMD...: the command exits with STATUS, stderr matches PATTERN, the registry is unchanged
refused() {
    name=$1
    want=$2
    pattern=$3
    shift 3
    cp "$R" "$TMP/before"
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "$name: exit status $got, expected $want ($(cat "$TMP/err"))"
    grep -Eq -e "$pattern" "$TMP/err" || fail "$name: message '$(cat "$TMP/err")' lacks /$pattern/"
    cmp -s "$R" "$TMP/before" || fail "$name: the registry changed"
    echo "ok $name: $(head -c 200 "$TMP/err")"
}

# $AT is two options and the start of a third: split on purpose (SC2086 is off for the file).
AT="--by clerk --at"

# Help.
run "council --help" "$OGAS" council --help
grep -q "recall" "$TMP/out" || fail "council --help lacks recall"
for a in init create add-member remove-member elect recall list show events; do
    run "council $a --help" "$OGAS" council $a --help
    grep -q "usage: ogas council $a" "$TMP/out" || fail "council $a --help: no usage line"
done
echo "ok council --help"
if "$OGAS" council frobnicate "$R" 2>/dev/null; then fail "unknown action accepted"; fi

# The federation.
run init "$OGAS" council init "$R"
[ "$(head -n 1 "$R")" = "ogas-councils 1" ] || fail "init: header $(head -n 1 "$R")"
refused "init again" 2 "exists already" "$OGAS" council init "$R"
run "create N" "$OGAS" council create "$R" N --name "National congress" $AT 2026-11-29T12:00:00Z
run "create D1" "$OGAS" council create "$R" D1 --name "District one" --parent N $AT 2026-11-29T12:00:00Z
run "create W1" "$OGAS" council create "$R" W1 --name "Steelworks; No. 1" --parent D1 $AT 2026-11-29T12:00:00Z
run "create W2" "$OGAS" council create "$R" W2 --name "Bakery \"Rosa\"" --parent D1 --seats 2 $AT 2026-11-29T12:00:00Z \
    --reason "founding meeting"
grep -q '^4;2026-11-29T12:00:00Z;clerk;create;W2;"Bakery ""Rosa""";D1;2;founding meeting$' "$R" ||
    fail "create W2: the event is written as $(tail -n 1 "$R")"
refused "create twice" 2 "council W1 exists already" "$OGAS" council create "$R" W1 --name X --parent D1 $AT 2026-11-29T12:00:00Z
refused "create unknown parent" 1 "no council 'W9'" "$OGAS" council create "$R" X --name X --parent W9 $AT 2026-11-29T12:00:00Z
refused "create without name" 2 "--name is required" "$OGAS" council create "$R" X --parent N
for m in ann bob carl dora eve; do
    run "add $m" "$OGAS" council add-member "$R" W1 $m --name "Member $m" $AT 2026-11-29T12:10:00Z
done
for m in fay gus hal ivy; do
    run "add $m" "$OGAS" council add-member "$R" W2 $m --name "Member $m" $AT 2026-11-29T12:10:00Z
done
grep -q "join W2: ivy (Member ivy)" "$TMP/out" || fail "add-member prints $(cat "$TMP/out")"
refused "add to a higher council" 1 "D1 has child councils" "$OGAS" council add-member "$R" D1 zed --name Z $AT 2026-11-29T12:10:00Z
refused "child of a base council" 1 "W1 has members of its own" "$OGAS" council create "$R" W1a --name X --parent W1 $AT 2026-11-29T12:10:00Z
refused "time going back" 2 "before the last event" "$OGAS" council add-member "$R" W1 zed --name Z $AT 2026-11-29T11:00:00Z
refused "bad --at" 2 "--at expects a UTC time" "$OGAS" council add-member "$R" W1 zed --name Z $AT 2026-11-29
echo "ok federation: 4 councils, 9 members"

# Elections.
printf 'voter,candidate\nann,bob\nbob,bob\n' >"$TMP/few.csv"
refused "no quorum" 1 "no quorum: 2 of the 5 members of W1 voted; at least 3 must" \
    "$OGAS" council elect "$R" W1 --ballots "$TMP/few.csv" $AT 2026-11-29T13:00:00Z
refused "tie" 1 "tie between ann and bob for the last seat; vote again" \
    "$OGAS" council elect "$R" W1 --vote ann=bob,bob=bob,carl=ann,dora=ann $AT 2026-11-29T13:00:00Z
printf 'ann,bob\nbob,bob\nzed,bob\n' >"$TMP/bad.csv"
refused "unknown voter" 1 "bad.csv:3: voter: no member 'zed'" \
    "$OGAS" council elect "$R" W1 --ballots "$TMP/bad.csv" $AT 2026-11-29T13:00:00Z
printf 'voter,candidate\nann,bob\nbob,bob\ncarl,ann\ndora,bob\neve,\n' >"$TMP/w1.csv"
run "elect W1" "$OGAS" council elect "$R" W1 --ballots "$TMP/w1.csv" $AT 2026-11-29T13:00:00Z --reason "general assembly"
grep -q "elect W1: bob (votes bob=3,ann=1; 5 of 5 members voted) -- general assembly" "$TMP/out" ||
    fail "elect W1 prints $(cat "$TMP/out")"
run "elect W2" "$OGAS" council elect "$R" W2 --vote fay=fay --vote gus=gus --vote hal=fay,ivy=gus $AT 2026-11-29T13:00:00Z
refused "no vacant seat" 1 "W2 has no vacant seat" "$OGAS" council elect "$R" W2 --vote fay=hal,gus=hal,hal=hal $AT 2026-11-29T13:00:00Z
refused "both ballots and votes" 2 "not both" "$OGAS" council elect "$R" W2 --vote fay=hal --ballots "$TMP/w1.csv"
run "elect D1" "$OGAS" council elect "$R" D1 --vote bob=bob,fay=bob,gus=fay $AT 2026-11-29T13:30:00Z
echo "ok elections"

# The tree.
run list "$OGAS" council list "$R"
grep -q "^  D1  District one: 3 members; 1 seat in N: bob$" "$TMP/out" || fail "list: $(cat "$TMP/out")"
grep -q "^    W2  Bakery \"Rosa\": 4 members; 2 seats in D1: fay, gus$" "$TMP/out" || fail "list: $(cat "$TMP/out")"
run show "$OGAS" council show "$R" D1
grep -q "bob .*(delegate of W1)" "$TMP/out" || fail "show D1: $(cat "$TMP/out")"
grep -q "seat 1: bob, elected in event 16 by 3 members, 3 still members; a recall needs 2 signatures" "$TMP/out" ||
    fail "show D1: $(cat "$TMP/out")"
if [ -n "$PY" ]; then
    run "list --json" "$OGAS" council list "$R" --json
    "$PY" - "$TMP/out" <<'PY' || fail "list --json: $(cat "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in d["councils"]}
assert [x["id"] for x in d["councils"]] == ["N", "D1", "W1", "W2"], d
assert c["N"]["members"] == 1 and c["N"]["parent"] is None and c["N"]["children"] == ["D1"], c["N"]
assert c["W2"]["delegates"] == ["fay", "gus"] and c["W2"]["depth"] == 2 and c["W2"]["vacant"] == 0, c["W2"]
assert d["people"] == 9 and d["events"] == 16, d
PY
    run "show --json" "$OGAS" council show "$R" W1 --json
    "$PY" - "$TMP/out" <<'PY' || fail "show --json: $(cat "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["parent"] == "D1" and len(d["members"]) == 5, d
s = d["delegates"][0]
assert s["delegate"] == "bob" and s["mandate"] == 5 and s["signatures_needed"] == 3, s
PY
    echo "ok list, show (text and JSON)"
fi

# Recall: below the share, then with a signatures file (bob loses W1's seat and D1's seat in N).
refused "recall below share" 1 "2 of the 5 members of W1 who gave the mandate signed; 3 are needed" \
    "$OGAS" council recall "$R" W1 bob --sign ann,carl $AT 2026-11-29T14:00:00Z
refused "recall by a non-member" 1 "fay is not a member of W1" \
    "$OGAS" council recall "$R" W1 bob --sign ann,carl,fay $AT 2026-11-29T14:00:00Z
printf 'member,signed\nann,2026-11-28\ncarl,2026-11-28\ndora,2026-11-29\n' >"$TMP/sig.csv"
run recall "$OGAS" council recall "$R" W1 bob --signatures "$TMP/sig.csv" $AT 2026-11-29T14:00:00Z --reason "broke the mandate"
[ "$(wc -l <"$TMP/out")" -eq 4 ] || fail "recall: expected 4 events, got $(cat "$TMP/out")"
grep -q "registry: vacate bob's seat from D1 (follows event 17)" "$TMP/out" || fail "recall: $(cat "$TMP/out")"
grep -q "registry: election due in D1: 1 vacant seat" "$TMP/out" || fail "recall: $(cat "$TMP/out")"
run "list after recall" "$OGAS" council list "$R"
grep -q "^N  National congress: 0 members$" "$TMP/out" || fail "list after recall: $(cat "$TMP/out")"
grep -q "1 seat in D1: vacant (election due)" "$TMP/out" || fail "list after recall: $(cat "$TMP/out")"
echo "ok recall with cascade"

# New elections; then a delegate leaves.
run "elect W1 again" "$OGAS" council elect "$R" W1 --vote ann=carl,bob=carl,carl=carl $AT 2026-11-29T15:00:00Z
run "elect D1 again" "$OGAS" council elect "$R" D1 --vote carl=carl,fay=carl,gus=carl $AT 2026-11-29T15:00:00Z
run "remove delegate" "$OGAS" council remove-member "$R" W1 carl $AT 2026-11-29T16:00:00Z --reason "moved away"
[ "$(wc -l <"$TMP/out")" -eq 5 ] || fail "remove-member: expected 5 events, got $(cat "$TMP/out")"
refused "remove from a higher council" 1 "D1 has child councils" "$OGAS" council remove-member "$R" D1 fay $AT 2026-11-29T16:00:00Z
refused "remove a non-member" 2 "ivy is not a member of W1" "$OGAS" council remove-member "$R" W1 ivy $AT 2026-11-29T16:00:00Z
echo "ok remove-member"

# The history.
run events "$OGAS" council events "$R" --council D1
grep -q "create D1" "$TMP/out" || fail "events --council D1: $(cat "$TMP/out")"
grep -q "vacate carl's seat from D1" "$TMP/out" || fail "events --council D1: $(cat "$TMP/out")"
grep -q "join W1" "$TMP/out" && fail "events --council D1 lists W1's joins"
if [ -n "$PY" ]; then
    run "events --json" "$OGAS" council events "$R" --json
    "$PY" - "$TMP/out" <<'PY' || fail "events --json: $(head -c 600 "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["events"]
assert [e["seq"] for e in ev] == list(range(1, len(ev) + 1)), ev
r = [e for e in ev if e["action"] == "recall"][0]
assert r["args"]["signers"] == ["ann", "carl", "dora"] and r["args"]["share"] == 0.5 and r["why"] == "broke the mandate", r
el = [e for e in ev if e["action"] == "elect"][0]
assert el["args"]["tally"][0] == {"candidate": "bob", "votes": 3} and len(el["args"]["mandate"]) == 5, el
assert all(e["who"] == "registry" for e in ev if e["action"] in ("vacate", "due")), ev
PY
    echo "ok events (text and JSON)"
fi

# A hand-edited registry that does not replay: exit 3 with file:line:column; nothing written.
sed 's/;join;W2;ivy;/;join;W7;ivy;/' "$R" >"$TMP/edited.txt"
refused "edited registry" 3 "edited.txt:14:[0-9]+: no council 'W7'" "$OGAS" council list "$TMP/edited.txt"
sed '/;registry;vacate;D1;bob;/d' "$R" >"$TMP/cut.txt"
refused "missing registry event" 3 "cut.txt:20:1: expected the registry's event 'vacate;D1;bob;17'" \
    "$OGAS" council add-member "$TMP/cut.txt" W1 zed --name Z $AT 2026-11-29T17:00:00Z
refused "missing file" 4 "cannot open" "$OGAS" council list "$TMP/none.txt"
for f in "$TMP"/*.tmp.*; do [ -e "$f" ] && fail "a temporary file was left behind: $f"; done
echo "ok bad registries"
exit 0
