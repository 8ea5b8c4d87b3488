#!/bin/sh
# bench/run.sh PROG: the Leontief benchmark suite (see bench/README.md). `make bench` builds
# build-bench/ (libogas.a and PROG, -O3 -march=native) and calls this with PROG = build-bench/ogas.
#
#   BENCH_SIZES="1e4 1e5"   sizes to run (default "1e4 1e5 1e6 1e7")
#   BENCH_TAG=trial         word put into the report's file name and title (e.g. for partial runs)
#   BENCH_KEEP_WORK=1       keep bench/work/n<N>/ (the binary matrices for the peers) after each size
#   PEER_CAP=120            seconds one peer method may run before it is stopped and reported as timeout
#   SPSOLVE_MAX=10000       largest n given to scipy's spsolve (SuperLU)
#   DENSE_MAX=20000         largest n given to numpy's dense inverse (also limited by memory)
#   OMP_NUM_THREADS         threads for ogas and STREAM (default: all cores)
#
# Writes bench/results/leontief-<date>-<host>.json (one JSON object per line) and .md (the report), and
# copies the report to bench/results/latest.md.
set -eu
cd "$(dirname "$0")/.."

PROG=${1:-build-bench/ogas}
BUILD=$(dirname "$PROG")
CC=${CC:-gcc}
PY=/usr/bin/python3
BFLAGS="-O3 -march=native -g -fopenmp -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude"
SIZES=${BENCH_SIZES:-"1e4 1e5 1e6 1e7"}
TAG=${BENCH_TAG:-}
HOST=$(hostname -s 2>/dev/null || hostname)
STAMP=$(date +%Y-%m-%d-%H%M%S)
RESULTS=bench/results
WORK=bench/work
NAME=leontief-${TAG:+$TAG-}$STAMP-$HOST
JSON=$RESULTS/$NAME.json
MD=$RESULTS/$NAME.md

[ -f "$BUILD/libogas.a" ] || { echo "bench/run.sh: $BUILD/libogas.a missing: run make bench" >&2; exit 1; }
[ -x "$PY" ] || { echo "bench/run.sh: $PY missing (Debian python3, python3-numpy, python3-scipy)" >&2; exit 1; }
mkdir -p "$RESULTS" "$WORK"

echo "bench: compiling stream and bench_leontief into $BUILD/ ($BFLAGS)" >&2
# shellcheck disable=SC2086 # CC and BFLAGS are word lists
$CC $BFLAGS bench/stream.c -o "$BUILD/stream"
# shellcheck disable=SC2086
$CC $BFLAGS bench/bench_leontief.c "$BUILD/libogas.a" -lClp -lCoinUtils -lgmp -llapack -lm -o "$BUILD/bench_leontief"

: >"$JSON"
# Machine facts (one JSON line), written by the report script so that the text is escaped properly.
BENCH_CC="$CC" BENCH_CFLAGS="$BFLAGS" BENCH_SIZES_USED="$SIZES" BENCH_TAG_USED="$TAG" \
  $PY bench/report.py --machine >>"$JSON"

echo "bench: STREAM (copy, triad)" >&2
$PY bench/report.py --busy stream >>"$JSON"
"$BUILD/stream" >>"$JSON"

# Free space (bytes) in the work folder and available memory (bytes).
free_disk() { df -Pk "$WORK" | awk 'NR == 2 { printf "%.0f", $4 * 1024 }'; }
mem_avail() { awk '/^MemAvailable:/ { printf "%.0f", $2 * 1024 }' /proc/meminfo; }
skip() { # n reason
  printf '{"bench":"size","n":%s,"status":"skipped","reason":"%s"}\n' "$1" "$2" >>"$JSON"
  echo "bench: n = $1 skipped: $2" >&2
}

for s in $SIZES; do
  n=$(awk -v s="$s" 'BEGIN { v = s + 0; if (v < 1) exit 1; printf "%.0f", v }') || { echo "bench: bad size $s" >&2; exit 2; }
  # ogas: the generator holds two copies of the matrix (12 bytes a nonzero, about 20 a row) plus vectors.
  need_mem=$(awk -v n="$n" 'BEGIN { printf "%.0f", n * (2 * 20 * 12 + 40 * 8) }')
  if [ "$(mem_avail)" -lt "$need_mem" ]; then
    skip "$n" "needs about $((need_mem / 1000000)) MB of memory, $(($(mem_avail) / 1000000)) MB available"
    continue
  fi
  dir=$WORK/n$n
  rm -rf "$dir"
  # Peer files: CSR arrays (12 bytes a nonzero, 8 a row pointer), demand and ogas's x, plus 1 GiB margin.
  need_disk=$(awk -v n="$n" 'BEGIN { printf "%.0f", n * (20 * 12 * 1.05 + 24) + 1073741824 }')
  workarg="--work $dir"
  if [ "$(free_disk)" -lt "$need_disk" ]; then
    printf '{"bench":"peer_files","n":%s,"status":"skipped","reason":"%s"}\n' "$n" \
      "about $((need_disk / 1000000)) MB of disk needed in $WORK, $(($(free_disk) / 1000000)) MB free" >>"$JSON"
    echo "bench: n = $n: not enough disk for the peers' files; ogas only" >&2
    workarg=""
  fi
  $PY bench/report.py --busy "$n" >>"$JSON"
  echo "bench: n = $n: ogas (generate, spmv, solves)" >&2
  rc=0
  # shellcheck disable=SC2086
  "$BUILD/bench_leontief" --n "$n" $workarg >>"$JSON" || rc=$?
  if [ "$rc" != 0 ]; then
    printf '{"bench":"ogas_process","n":%s,"status":"failed","reason":"bench_leontief exited with status %s"}\n' \
      "$n" "$rc" >>"$JSON"
    echo "bench: n = $n: bench_leontief failed (status $rc)" >&2
  fi
  if [ -n "$workarg" ] && [ -f "$dir/header.json" ]; then
    echo "bench: n = $n: scipy and numpy peers" >&2
    $PY bench/peer_scipy.py --work "$dir" >>"$JSON" || echo "bench: n = $n: peer_scipy.py failed" >&2
  fi
  [ "${BENCH_KEEP_WORK:-0}" = 1 ] || rm -rf "$dir"
done

$PY bench/report.py "$JSON" >"$MD"
cp "$MD" "$RESULTS/latest.md"
echo "bench: wrote $JSON" >&2
echo "bench: wrote $MD (and $RESULTS/latest.md)" >&2
