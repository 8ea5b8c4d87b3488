#!/bin/sh
# Tests of ogas-mpi, the input-output engine and the plan's PDLP on PETSc over MPI. Balances with 1, 2
# and 4 ranks equal those of `ogas leontief` (to 1e-9 relative, product by product) on generated
# economies and on files that take the reader's other paths (entries out of order, duplicates, comments,
# CRLF, arrays, vectors as rows, fewer products than ranks); bad files give the serial reader's error
# (same file:line:column and message) once, and a non-zero exit on every rank, never a hang, also when
# only one rank's part of the file is bad. Plans with 1, 2 and 4 ranks are certified to hold the exact
# optimum (CLP's) and agree with `ogas plan --method pdlp` to the requested gap; infeasible plans and bad
# plan files fail as `ogas plan` fails. Usage: tests/mpi/run.sh build/ogas build/ogas-mpi
set -u
OGAS=${1:-build/ogas}
OGAS_MPI=${2:-build/ogas-mpi}
PY=/usr/bin/python3
HERE=$(dirname "$0")
T=$(mktemp -d /tmp/ogas-mpi-XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }

# mpirun in a container, maybe as root: allow root, more ranks than cores, no shared-memory single-copy
# (CMA is often not permitted in containers), no binding to cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_hwloc_base_binding_policy=none OMPI_MCA_btl_base_warn_component_unused=0
ROOT=""
[ "$(id -u)" = 0 ] && ROOT="--allow-run-as-root"
# run_mpi K ARGS...: ogas-mpi on K ranks, killed after 300 s (a hang is a failure, not a stuck test run)
run_mpi() { k=$1; shift; timeout 300 mpirun $ROOT --oversubscribe -n "$k" "$OGAS_MPI" "$@"; }

# same_results NAME DIR [RANKS...]: ogas-mpi's CSV and JSON with each number of ranks equal ogas leontief's.
same_results() {
    name=$1 dir=$2; shift 2
    if ! "$OGAS" leontief "$dir" --quiet --json --out "$T/ref.csv" >"$T/ref.json" 2>"$T/err"; then
        bad "$name: ogas leontief failed: $(head -c 300 "$T/err")"; return
    fi
    for k in "$@"; do
        rm -f "$T/got.csv"
        if ! run_mpi "$k" leontief "$dir" --json --out "$T/got.csv" >"$T/got.json" 2>"$T/err"; then
            bad "$name, $k ranks: exit status $?: $(head -c 300 "$T/err")"; continue
        fi
        if ! msg=$($PY "$HERE/compare.py" "$T/ref.csv" "$T/got.csv" 2>&1); then bad "$name, $k ranks: $msg"; continue; fi
        if ! $PY - "$T/ref.json" "$T/got.json" "$k" <<'PY' 2>"$T/err"; then bad "$name, $k ranks: JSON: $(head -c 400 "$T/err")"; continue; fi
import json, sys
ref = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))
k = int(sys.argv[3])
for key in ["source", "layout", "products", "nonzeros", "method", "iterations", "relative_residual", "solve_seconds",
            "read_seconds", "total_seconds", "labour_source", "multiplier_solve", "ranks", "rank_rows", "rank_ghosts",
            "rank_vmhwm_kib", "matvec_comm_bytes"]:
    assert key in got, key
assert got["ranks"] == k and len(got["rank_rows"]) == k, got["rank_rows"]
assert sum(got["rank_rows"]) == ref["products"] == got["products"]
assert got["nonzeros"] == ref["nonzeros"], (got["nonzeros"], ref["nonzeros"])
assert got["relative_residual"] <= 1e-10, got["relative_residual"]
assert (got["labour_source"] is None) == (ref["labour_source"] is None)
for key in ["total_output", "total_final_demand"]:
    assert (key in got) == (key in ref), key
    if key in ref:
        assert abs(got[key] - ref[key]) <= 1e-9 * abs(ref[key]), (key, got[key], ref[key])
for key in ["output_solve", "multiplier_solve", "labour_solve"]:
    assert (key in got) == (key in ref), key
    if key in got:
        assert got[key]["relative_residual"] <= 1e-10 and got[key]["iterations"] >= 0, got[key]
PY
        echo "  $name, $k rank(s): $msg"
        ok
    done
}

# same_error NAME DIR [RANKS]: on RANKS ranks (default 2) ogas-mpi fails as ogas leontief does: the same
# message (file:line:column: text) printed once, and the same exit status on every rank.
same_error() {
    name=$1 dir=$2 k=${3:-2}
    "$OGAS" leontief "$dir" --quiet >/dev/null 2>"$T/serr"
    want=$?
    if [ "$want" = 0 ]; then bad "$name: ogas leontief did not fail"; return; fi
    # Each rank reports its own exit status (the wrapper itself exits 0, so mpirun stops no rank early).
    timeout 300 mpirun $ROOT --oversubscribe -n "$k" sh -c '"$0" "$@"; echo "rank exit $?" >&2' \
        "$OGAS_MPI" leontief "$dir" >/dev/null 2>"$T/merr"
    got=$?
    if [ "$got" = 124 ]; then bad "$name: ogas-mpi hung"; return; fi
    smsg=$(sed -n 's/^ogas leontief: //p' "$T/serr")
    mmsg=$(sed -n 's/^ogas-mpi leontief: //p' "$T/merr")
    nmsg=$(grep -c '^ogas-mpi leontief: ' "$T/merr")
    nexit=$(grep -c "^rank exit $want\$" "$T/merr")
    if [ "$smsg" != "$mmsg" ]; then bad "$name: message differs: ogas: '$smsg' ogas-mpi: '$mmsg'"; return; fi
    if [ "$nmsg" != 1 ]; then bad "$name: message printed $nmsg times"; return; fi
    if [ "$nexit" != "$k" ]; then bad "$name: $nexit of $k ranks exited with $want: $(grep 'rank exit' "$T/merr" | tr '\n' ' ')"; return; fi
    echo "  $name: exit $want on $k ranks: $mmsg" | cut -c 1-200
    ok
}

# expect_fail NAME STATUS PATTERN CMD...: fails with that status, stderr matches the pattern.
expect_fail() {
    name=$1 status=$2 pattern=$3; shift 3
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" != "$status" ]; then bad "$name: exit $got, expected $status: $(head -c 300 "$T/err")"; return; fi
    if ! grep -Eq -e "$pattern" "$T/err"; then bad "$name: stderr '$(head -c 300 "$T/err")' lacks /$pattern/"; return; fi
    ok
}

echo "ogas-mpi: results against ogas leontief"
"$OGAS" generate --products 2000 --seed 3 --out "$T/g2k" --quiet || bad "generate 2000"
"$OGAS" generate --products 50000 --seed 4 --out "$T/g50k" --quiet || bad "generate 50000"
same_results "2,000 products" "$T/g2k" 1 2 4
same_results "50,000 products" "$T/g50k" 1 2 4

# The reader's other paths, from the 2,000-product economy: entries shuffled (so rows are dealt evenly and
# every entry moves), some split into two summed duplicates, comments, blank lines and CRLF line ends; A
# as a dense array; demand as a 1 x n coordinate row; no labour; a single coefficient file; fewer products
# than ranks.
$PY - "$T" <<'PY' || bad "writing the test economies"
import os, random, sys
T = sys.argv[1]
random.seed(7)
lines = open(f"{T}/g2k/A.mtx").read().splitlines()
k = next(i for i, l in enumerate(lines) if not l.startswith("%"))
n, _, nnz = map(int, lines[k].split())
entries = [l.split() for l in lines[k + 1:] if l.strip()]
out = []
for i, j, v in entries:
    if random.random() < 0.05:  # a duplicate pair summing to v (exact halves)
        out += [f"{i} {j} {float(v) / 2!r}", f"{i}  {j}\t{float(v) / 2!r}"]
    else:
        out.append(f"{i} {j} {v}")
random.shuffle(out)
for q in range(0, len(out), 997):
    out.insert(q, "% a comment" if q % 2 else "   ")
os.makedirs(f"{T}/shuffled")
with open(f"{T}/shuffled/A.mtx", "w", newline="") as f:
    f.write("%%MatrixMarket matrix coordinate real general\r\n% shuffled\r\n\r\n")
    f.write(f"{n} {n} {len([l for l in out if l[0].isdigit()])}\r\n")
    f.write("\r\n".join(out) + "\r\n")
for name in ["labour.mtx", "demand.mtx"]:
    os.link(f"{T}/g2k/{name}", f"{T}/shuffled/{name}")

m = 60
os.makedirs(f"{T}/array")
A = [[0.0] * m for _ in range(m)]
for i in range(m):
    for j in random.sample(range(m), 6):
        A[i][j] = round(random.uniform(0, 0.12), 6)
with open(f"{T}/array/A.mtx", "w") as f:
    f.write(f"%%MatrixMarket matrix array real general\n{m} {m}\n")
    f.write("".join(f"{A[i][j]!r}\n" for j in range(m) for i in range(m)))
with open(f"{T}/array/demand.mtx", "w") as f:
    f.write(f"%%MatrixMarket matrix coordinate real general\n1 {m} {m}\n")
    f.write("".join(f"1 {j + 1} {random.uniform(1, 100)!r}\n" for j in range(m)))

os.makedirs(f"{T}/tiny")
with open(f"{T}/tiny/A.mtx", "w") as f:
    f.write("%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 0.1\n1 3 0.25\n2 1 0.3\n3 2 0.05\n")
with open(f"{T}/tiny/demand.mtx", "w") as f:
    f.write("%%MatrixMarket matrix array real general\n3 1\n10\n20\n30\n")
with open(f"{T}/tiny/labour.mtx", "w") as f:
    f.write("%%MatrixMarket matrix array real general\n3 1\n0.5\n1.5\n2\n")
PY
same_results "shuffled, duplicates, comments, CRLF" "$T/shuffled" 1 2 4
same_results "dense array A, demand as a row, no labour" "$T/array" 1 2 4
same_results "coefficient file alone" "$T/g2k/A.mtx" 2
same_results "3 products" "$T/tiny" 1 2 4
IO="$HERE/../../examples/io"
same_results "ONS UK 2010 (wide CSV, read on rank 0)" "$IO/uk2010_ons/iot_domestic_pxp_basic.csv" 1 2 4
same_results "Eurostat Germany 1995" "$IO/eurostat_small/germany_1995_siot_6sector.csv" 1 2 4
same_results "Eurostat Netherlands 2000" "$IO/eurostat_small/netherlands_2000_siot_6sector.csv" 2
same_results "WIOD Germany 2014" "$IO/wiod2016/DEU_NIOT_nov16.csv" 1 2 4
same_results "the peer's five-year-plan folder" "$HERE/../../examples/plan/example4" 2

echo "ogas-mpi: bad input, the same error as ogas leontief on every rank"
# mkbad NAME CMD: folder T/NAME with the 2,000-product economy's vectors and A.mtx made by CMD (stdin: the good A.mtx)
mkbad() { mkdir -p "$T/$1"; cp "$T/g2k/demand.mtx" "$T/g2k/labour.mtx" "$T/$1/"; sh -c "$2" <"$T/g2k/A.mtx" >"$T/$1/A.mtx"; }
L=$(wc -l <"$T/g2k/A.mtx")
mkbad bad_banner "sed '1s/real/complex/'"
mkbad bad_size "sed '4s/^\\([0-9]*\\) \\([0-9]*\\) .*/\\1 \\2/'"
mkbad bad_range "sed '10s/^[0-9]* /2001 /'"
mkbad bad_number "sed '100s/ [^ ]*\$/ 1.2.3/'"
mkbad truncated_lines "head -n $((L - 50))"
mkbad truncated_bytes "head -c $(($(wc -c <"$T/g2k/A.mtx") - 1000))"
mkbad extra_entry "cat; echo '1 1 0.5'"
mkbad extra_bad_entry "cat; echo 'x y z'"
mkbad empty "true"
# Rank-local failures: only the part of the file that rank 1 of 2 reads is bad (three quarters in).
mkbad local_number "sed '$((L * 3 / 4))s/ [^ ]*\$/ abc/'"
mkbad local_range "sed '$((L * 3 / 4))s/ [0-9]* / 0 /'"
mkbad local_infinite "sed '$((L * 3 / 4))s/ [^ ]*\$/ -inf/'"
mkbad local_fields "sed '$((L * 4 / 5))s/\$/ 7/'"
for c in bad_banner bad_size bad_range bad_number truncated_lines truncated_bytes extra_entry extra_bad_entry empty \
    local_number local_range local_infinite local_fields; do
    same_error "$c" "$T/$c"
done
same_error "local_number, 4 ranks" "$T/local_number" 4
mkdir -p "$T/short_demand"
cp "$T/g2k/A.mtx" "$T/short_demand/"
head -n 1000 "$T/g2k/demand.mtx" | sed '4s/.*/996 1/' >"$T/short_demand/demand.mtx"
same_error "demand of the wrong length" "$T/short_demand"
mkdir -p "$T/not_productive"
printf '%%%%MatrixMarket matrix coordinate real general\n3 3 2\n1 2 0.5\n3 3 1.2\n' >"$T/not_productive/A.mtx"
same_error "not productive" "$T/not_productive"
mkdir -p "$T/singular"
printf '%%%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 0.5\n1 2 0.6\n2 1 0.6\n2 2 0.5\n' >"$T/singular/A.mtx"
printf '%%%%MatrixMarket matrix array real general\n3 1\n1\n1\n1\n' >"$T/singular/demand.mtx"
same_error "not productive, undecided by the bounds" "$T/singular"
same_error "a bundled table that is not productive (Croatia 2010, product U)" "$IO/eurostat_small/croatia_2010_1700_wide.csv"
same_error "a bundled table with inputs but no output (Croatia 2010, E36)" "$IO/eurostat_small/croatia_2010_1900_wide.csv" 4
same_error "a folder with nothing to read" "$T"

echo "ogas-mpi: command line and output files"
expect_fail "no such file" 4 "cannot open" run_mpi 2 leontief "$T/nowhere"
expect_fail "unknown option" 2 "unknown option" run_mpi 2 leontief "$T/g2k" --nope
expect_fail "bad tol" 2 "--tol expects a number" run_mpi 2 leontief "$T/g2k" --tol abc
expect_fail "unknown command" 2 "unknown command" run_mpi 2 frobnicate
expect_fail "unwritable output" 4 "nowhere" run_mpi 2 leontief "$T/g2k" --out "$T/nowhere/x.csv"
if run_mpi 2 leontief "$T/g2k" >"$T/out" 2>"$T/err" && grep -q "PETSc over 2 MPI ranks" "$T/out" &&
    grep -q "total gross output" "$T/out" && [ ! -s "$T/err" ]; then ok; else bad "report: $(head -c 300 "$T/out" "$T/err")"; fi
if run_mpi 1 --help >"$T/out" 2>&1 && grep -q "usage: mpirun -n K ogas-mpi leontief" "$T/out"; then ok; else bad "help"; fi

echo "ogas-mpi plan: PDLP on PETSc against ogas plan"
# same_plan NAME DIR GAP RANKS...: ogas-mpi plan's plan with each number of ranks is optimal to GAP, its
# certified bounds hold the exact optimum (ogas plan --method lp, CLP), and it agrees with ogas plan
# --method pdlp (both within GAP of the optimum, so within GAP of each other).
same_plan() {
    name=$1 dir=$2 gap=$3; shift 3
    if ! "$OGAS" plan "$dir" --method lp --json --quiet >"$T/lp.json" 2>"$T/err" ||
        ! "$OGAS" plan "$dir" --method pdlp --gap "$gap" --json --quiet >"$T/pdlp.json" 2>"$T/err"; then
        bad "$name: ogas plan failed: $(head -c 300 "$T/err")"; return
    fi
    for k in "$@"; do
        rm -rf "$T/plan_out"
        if ! run_mpi "$k" plan "$dir" --gap "$gap" --json --out "$T/plan_out" >"$T/got.json" 2>"$T/err"; then
            bad "$name, $k ranks: exit status $?: $(head -c 300 "$T/err")"; continue
        fi
        if ! msg=$($PY "$HERE/plan_check.py" "$T/lp.json" "$T/pdlp.json" "$T/got.json" "$k" "$gap" "$T/plan_out/years.csv" 2>&1); then
            bad "$name, $k ranks: $msg"; continue
        fi
        echo "  $name, $k rank(s): $msg"
        ok
    done
}
"$OGAS" generate --plan --products 60 --years 5 --seed 5 --out "$T/plan60" --quiet || bad "generate --plan 60"
same_plan "the peer's four-product example" "$HERE/../../examples/plan/example4" 1e-6 1 2 4
same_plan "random instance n20_1" "$HERE/../../examples/plan/random5y/n20_1" 1e-6 1 2 4
same_plan "random instance n40_2" "$HERE/../../examples/plan/random5y/n40_2" 1e-7 2
same_plan "generated plan, 60 products" "$T/plan60" 1e-5 1 2 4
PROJ="$HERE/../../examples/plan/projects"
set -- --projects "$PROJ/n40_1_projects.csv" --selected "$PROJ/n40_1_selected.txt"
if "$OGAS" plan "$HERE/../../examples/plan/random5y/n40_1" "$@" --method lp --json --quiet >"$T/lp.json" &&
    run_mpi 2 plan "$HERE/../../examples/plan/random5y/n40_1" "$@" --json >"$T/got.json" 2>"$T/err" &&
    msg=$($PY -c '
import json, sys
lp, got = (json.load(open(f)) for f in sys.argv[1:3])
L = lp["objective"]
assert got["status"] == "optimal" and got["lower_bound"] <= L * (1 + 1e-9) <= got["upper_bound"] * (1 + 2e-9), (got, L)
assert got["fixed_investments"] == lp["fixed_investments"] and len(lp["fixed_investments"]) > 0
print("objective %.9g, CLP %.9g, %d fixed investments" % (got["objective"], L, len(got["fixed_investments"])))
' "$T/lp.json" "$T/got.json" 2>&1); then echo "  projects of a participatory budget, 2 ranks: $msg"; ok
else bad "projects: $msg $(head -c 300 "$T/err")"; fi

# same_plan_error NAME K ARGS...: ogas-mpi plan on K ranks fails as ogas plan --method pdlp does: the same
# message up to PDLP's step count, printed once, the same exit status on every rank.
same_plan_error() {
    name=$1 k=$2; shift 2
    "$OGAS" plan "$@" --method pdlp --quiet >/dev/null 2>"$T/serr"
    want=$?
    if [ "$want" = 0 ]; then bad "$name: ogas plan did not fail"; return; fi
    timeout 300 mpirun $ROOT --oversubscribe -n "$k" sh -c '"$0" "$@"; echo "rank exit $?" >&2' \
        "$OGAS_MPI" plan "$@" --quiet >/dev/null 2>"$T/merr"
    if [ "$?" = 124 ]; then bad "$name: ogas-mpi hung"; return; fi
    smsg=$(sed -n 's/^ogas plan: //p' "$T/serr" | sed 's/after [0-9]* steps/after N steps/')
    mmsg=$(sed -n 's/^ogas-mpi plan: //p' "$T/merr" | sed 's/after [0-9]* steps/after N steps/')
    nmsg=$(grep -c '^ogas-mpi plan: ' "$T/merr")
    nexit=$(grep -c "^rank exit $want\$" "$T/merr")
    if [ "$smsg" != "$mmsg" ]; then bad "$name: message differs: ogas: '$smsg' ogas-mpi: '$mmsg'"; return; fi
    if [ "$nmsg" != 1 ]; then bad "$name: message printed $nmsg times"; return; fi
    if [ "$nexit" != "$k" ]; then bad "$name: $nexit of $k ranks exited with $want: $(grep 'rank exit' "$T/merr" | tr '\n' ' ')"; return; fi
    echo "  $name: exit $want on $k ranks: $mmsg" | cut -c 1-200
    ok
}
same_plan_error "no such plan" 2 "$T/nowhere"
same_plan_error "infeasible: fulfilment 50 in every year" 2 "$HERE/../../examples/plan/random5y/n10_1" --min-fulfilment 50
same_plan_error "infeasible, 4 ranks" 4 "$HERE/../../examples/plan/random5y/n10_1" --min-fulfilment 50
mkdir -p "$T/badplan"
cp "$HERE/../../examples/plan/example4/"*.csv "$T/badplan/"
sed -i '2s/,[^,]*$/,abc/' "$T/badplan/flows.csv"
same_plan_error "bad number in flows.csv" 2 "$T/badplan"
expect_fail "plan: iteration limit" 7 "iteration limit" run_mpi 2 plan "$T/plan60" --max-iter 100 --json
if grep -q '"status":"iteration_limit"' "$T/out"; then ok; else bad "iteration limit JSON: $(head -c 300 "$T/out")"; fi
expect_fail "plan: bad gap" 2 "--gap expects a number" run_mpi 2 plan "$T/plan60" --gap abc
if run_mpi 2 plan "$HERE/../../examples/plan/example4" >"$T/out" 2>"$T/err" && grep -q "2 (PETSc)" "$T/out" &&
    grep -q "certified" "$T/out" && [ ! -s "$T/err" ]; then ok; else bad "plan report: $(head -c 300 "$T/out" "$T/err")"; fi

# --progress: rank 0 shows the certified bounds on stderr (a pipe under mpirun), once per rank 0 only;
# stdout stays the JSON; --quiet wins.
if run_mpi 2 plan "$T/plan60" --progress --json >"$T/out" 2>"$T/err" &&
    $PY -c 'import json, sys; assert json.load(open(sys.argv[1]))["status"] == "optimal"' "$T/out" &&
    tr '\r' '\n' <"$T/err" | grep -Eq '^  pdlp: iteration [0-9]+, plan [0-9.]+, bound [0-9.]+ \([0-9.e+-]+%\)' &&
    [ "$(tr '\r' '\n' <"$T/err" | grep -v '^ *$' | grep -vc '^  pdlp: iteration')" = 0 ]; then ok
else bad "plan --progress: $(head -c 300 "$T/err")"; fi
if run_mpi 2 plan "$T/plan60" --progress --quiet --json >"$T/out" 2>"$T/err" && [ ! -s "$T/err" ] &&
    run_mpi 2 plan "$T/plan60" --json >"$T/out" 2>"$T/err" && [ ! -s "$T/err" ]; then ok
else bad "plan without --progress or with --quiet: stderr '$(head -c 300 "$T/err")'"; fi

echo "ogas-mpi tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
