#!/bin/sh
# test_supply_use.sh OGAS: the `ogas supply-use` command on examples/io/supply_use/ (all three kinds of
# total requirements, with the scrap adjustment) and on bad input (non-zero exit, a file:line:column
# message, no output file left behind). Run from the repository root. Prints "ok ..." lines; exits
# non-zero on the first failure.
set -u
OGAS=${1:?usage: test_supply_use.sh path/to/ogas}
EX=examples/io/supply_use
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-su.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL $*" >&2
    exit 1
}

# kind, expected lines (header + rows), expected fields per line
for spec in ixi:4:4 cxc:5:5 ixc:4:5; do
    kind=${spec%%:*}
    rest=${spec#*:}
    lines=${rest%%:*}
    fields=${rest#*:}
    out="$TMP/tr_$kind.csv"
    "$OGAS" supply-use --make "$EX/make.csv" --use "$EX/use.csv" --scrap SCRAP --total-requirements "$kind" \
        --out "$out" 2>"$TMP/err" || fail "supply-use $kind: exit status $? ($(cat "$TMP/err"))"
    [ -f "$out" ] || fail "supply-use $kind: no output file"
    n=$(wc -l <"$out")
    [ "$n" -eq "$lines" ] || fail "supply-use $kind: $n lines, expected $lines"
    bad=$(awk -F, -v f="$fields" 'NF != f' "$out" | wc -l)
    [ "$bad" -eq 0 ] || fail "supply-use $kind: lines without $fields fields"
    echo "ok supply-use --total-requirements $kind ($n lines)"
done

# The commodity-by-commodity diagonal is at least 1 and scrap's own entry exactly 1.
awk -F, 'NR > 1 && $(NR) < 1 { exit 1 } NR == 5 && $5 != 1 { exit 1 }' "$TMP/tr_cxc.csv" ||
    fail "supply-use cxc: diagonal below 1 or scrap entry not 1"
echo "ok supply-use cxc diagonal"

# Bad input: exit status non-zero, "file:line:column: " in the message, no output (nor temporary) file.
bad_case() {
    name=$1
    make=$2
    use=$3
    shift 3
    out="$TMP/bad_$name.csv"
    if "$OGAS" supply-use --make "$make" --use "$use" --total-requirements cxc --out "$out" "$@" 2>"$TMP/err"; then
        fail "$name: exit status 0 on bad input"
    fi
    grep -Eq "^ogas supply-use: [^ ]+:[0-9]+:[0-9]+: " "$TMP/err" ||
        fail "$name: no file:line:column in the message: $(cat "$TMP/err")"
    ls "$TMP" | grep -q "^bad_$name" && fail "$name: an output file was left behind"
    echo "ok $name: $(cat "$TMP/err")"
}

printf ',c1,c2\ni1,90,20\ni2,10\n' >"$TMP/ragged_make.csv"
printf ',i1,i2,HH\nc1,22,9,69\nc2,11,27,62\nVA,77,54,\n' >"$TMP/use.csv"
bad_case ragged-row "$TMP/ragged_make.csv" "$TMP/use.csv"
grep -q "ragged_make.csv:3:" "$TMP/err" || fail "ragged-row: the message names the wrong line"

printf ',c1,c2\ni1,90,20\ni2,10,80\n' >"$TMP/make.csv"
printf ',i1,j2,HH\nc1,22,9,69\nc2,11,27,62\nVA,77,54,\n' >"$TMP/mismatch_use.csv"
bad_case industry-mismatch "$TMP/make.csv" "$TMP/mismatch_use.csv"
grep -q "mismatch_use.csv:1:5: " "$TMP/err" || fail "industry-mismatch: the message names the wrong place"

# Bad arguments: unknown kind and unknown scrap code.
if "$OGAS" supply-use --make "$EX/make.csv" --use "$EX/use.csv" --total-requirements ici --out "$TMP/x.csv" 2>/dev/null; then
    fail "unknown kind accepted"
fi
[ -e "$TMP/x.csv" ] && fail "unknown kind: output file written"
echo "ok unknown --total-requirements kind"
if "$OGAS" supply-use --make "$EX/make.csv" --use "$EX/use.csv" --scrap NOPE --total-requirements ixi \
    --out "$TMP/x.csv" 2>"$TMP/err"; then
    fail "unknown scrap code accepted"
fi
grep -q "make.csv:1: --scrap 'NOPE'" "$TMP/err" || fail "unknown scrap: message $(cat "$TMP/err")"
[ -e "$TMP/x.csv" ] && fail "unknown scrap: output file written"
echo "ok unknown --scrap code"
"$OGAS" supply-use --help | grep -q -- "--total-requirements KIND" || fail "--help lacks --total-requirements"
echo "ok supply-use --help"
exit 0
