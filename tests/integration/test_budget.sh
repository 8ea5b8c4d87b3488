#!/bin/sh
# test_budget.sh OGAS: the `ogas budget` command against an independent reference (budget_ref.py, exact
# fractions, one voter at a time) on the bundled pabulib files and on random elections; the official
# outcome of every file that records one; the selected-projects and .pb outputs; bad input. Run from the
# repository root. Prints "ok ..." lines; exits non-zero on the first failure.
set -u
OGAS=${1:?usage: test_budget.sh path/to/ogas}
PY=${PYTHON:-python3}
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
REF=tests/integration/budget_ref.py
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-budget.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL $*" >&2
    exit 1
}

# selected ids of a JSON outcome, comma-separated; sorted when $2 is "set"
ids() {
    "$PY" -c 'import json,sys
d = json.load(open(sys.argv[1]))
s = d["selected"]
print(",".join(sorted(s) if sys.argv[2] == "set" else s))' "$1" "$2"
}

# 1. every file with an outcome: the rule its META names gives that outcome
for f in examples/pb/*.pb; do
    grep -q "selected" "$f" || continue
    "$OGAS" budget "$f" --check --json >"$TMP/o.json" 2>"$TMP/err" || fail "official outcome of $f ($(cat "$TMP/err"))"
done
echo "ok official outcomes of the bundled files"

# 2. the reference on the bundled files (the large Add1 run of Ursus only in C: Python needs minutes)
n=0
for f in examples/pb/*.pb; do
    vt=$(grep -m1 '^vote_type;' "$f" | tr -d '\r' | cut -d';' -f2)
    np=$(grep -m1 '^num_projects;' "$f" | tr -d '\r' | cut -d';' -f2)
    for rule in greedy greedy-no-skip equalshares equalshares-comparison equalshares/add1 phragmen max-welfare; do
        case $rule in
        equalshares* | phragmen) [ "$vt" = approval ] || [ "$vt" = choose-1 ] || continue ;;
        esac
        case $rule in equalshares/add1) [ "$np" -le 30 ] || continue ;; max-welfare) [ "$np" -le 16 ] || continue ;; esac
        mode=list
        [ "$rule" = max-welfare ] && mode=set
        "$OGAS" budget "$f" --rule "$rule" --json >"$TMP/o.json" 2>"$TMP/err" || fail "$rule on $f ($(cat "$TMP/err"))"
        a=$(ids "$TMP/o.json" $mode)
        b=$("$PY" "$REF" "$f" "$rule") || fail "reference $rule on $f"
        [ "$mode" = set ] && b=$(echo "$b" | tr ',' '\n' | sort | paste -sd, -)
        [ "$a" = "$b" ] || fail "$rule on $f: ogas $a, reference $b"
        n=$((n + 1))
    done
done
echo "ok $n outcomes of the bundled files equal the reference's"

# 3. random elections: every rule, and equal shares with cardinality utilities, against the reference
n=0
seed=1
while [ $seed -le 60 ]; do
    "$PY" "$REF" --random $seed "$TMP/r.pb" || fail "random election $seed"
    for rule in greedy equalshares equalshares/add1 equalshares/add1-comparison phragmen max-welfare; do
        mode=list
        [ "$rule" = max-welfare ] && mode=set
        "$OGAS" budget "$TMP/r.pb" --rule "$rule" --json >"$TMP/o.json" 2>"$TMP/err" ||
            fail "$rule on random election $seed ($(cat "$TMP/err"))"
        a=$(ids "$TMP/o.json" $mode)
        b=$("$PY" "$REF" "$TMP/r.pb" "$rule")
        [ "$mode" = set ] && b=$(echo "$b" | tr ',' '\n' | sort | paste -sd, -)
        [ "$a" = "$b" ] || fail "$rule on random election $seed: ogas $a, reference $b"
        n=$((n + 1))
    done
    "$OGAS" budget "$TMP/r.pb" --rule equalshares --utilities cardinality --json >"$TMP/o.json" || fail "cardinality"
    a=$(ids "$TMP/o.json" list)
    b=$("$PY" "$REF" "$TMP/r.pb" equalshares cardinality)
    [ "$a" = "$b" ] || fail "equal shares, cardinality utilities, random election $seed: ogas $a, reference $b"
    seed=$((seed + 1))
done
echo "ok $n outcomes of 60 random elections equal the reference's"

# 4. outputs: the selected ids, and the election written back with this outcome
f=examples/pb/Poland_Swiecie_2023.pb
"$OGAS" budget "$f" --selected-out "$TMP/sel.txt" --write "$TMP/out.pb" >"$TMP/report.txt" || fail "budget --selected-out"
grep -q "the file's outcome: the same projects" "$TMP/report.txt" || fail "report does not say the outcome is the file's"
[ "$(grep -vc '^#' "$TMP/sel.txt")" -eq 17 ] || fail "selected-out: expected 17 ids"
cmp -s "$f" "$TMP/out.pb" || fail "--write with the official outcome should rewrite the file unchanged"
"$OGAS" budget "$f" --rule greedy --write "$TMP/greedy.pb" >/dev/null || fail "budget --rule greedy --write"
"$OGAS" budget "$TMP/greedy.pb" --rule greedy --check >/dev/null || fail "the written greedy outcome does not check"
"$OGAS" budget "$f" --rule greedy --check >/dev/null && fail "--check should fail when the outcome differs"
"$OGAS" budget "$f" --explain >"$TMP/explain.txt" || fail "--explain"
grep -q "round by round" "$TMP/explain.txt" || fail "--explain shows no rounds"
echo "ok selected ids, written .pb, --check, --explain"

# 5. bad input: file:line: reason, non-zero exit, nothing written
printf 'META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n2;-5\nVOTES\nvoter_id;vote\n1;1\n' >"$TMP/bad.pb"
"$OGAS" budget "$TMP/bad.pb" --selected-out "$TMP/never.txt" >/dev/null 2>"$TMP/err" && fail "a negative cost was accepted"
grep -q "bad.pb:8" "$TMP/err" || fail "negative cost: no file:line in '$(cat "$TMP/err")'"
[ -e "$TMP/never.txt" ] && fail "an output was written for a bad file"
printf 'META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n1;1\n1;1\n' >"$TMP/dup.pb"
"$OGAS" budget "$TMP/dup.pb" >/dev/null 2>"$TMP/err" && fail "a duplicate voter was accepted"
grep -q "dup.pb:11" "$TMP/err" || fail "duplicate voter: no file:line in '$(cat "$TMP/err")'"
"$OGAS" budget examples/pb/France_Toulouse_2019.pb --rule equalshares >/dev/null 2>"$TMP/err" &&
    fail "equal shares accepted cumulative ballots"
grep -q "approval or choose-1" "$TMP/err" || fail "equal shares on cumulative ballots: '$(cat "$TMP/err")'"
"$OGAS" budget examples/pb/US_Stanford_Dataset_PB_Chicago_35th_Ward_2021_vote_rankings.pb >/dev/null 2>"$TMP/err" &&
    fail "a file whose rule is unknown was decided without --rule"
echo "ok bad input refused with file:line"
