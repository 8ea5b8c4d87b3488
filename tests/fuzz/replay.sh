#!/bin/sh
# replay.sh: replays the stored corpus of every fuzz target under AddressSanitizer (with
# LeakSanitizer) and UndefinedBehaviorSanitizer, built with gcc: no clang or libFuzzer needed.
#
#   tests/fuzz/replay.sh [TARGET...]       (from the repository root; `make fuzz-replay` runs it)
#
# Builds the library once into build-fuzz-replay/libogas-fuzz.a (objects are rebuilt only when
# their source or any header is newer), links each tests/fuzz/fuzz_<name>.c with replay_main.c into
# build-fuzz-replay/replay_<name>, and runs it on tests/fuzz/corpus/<name>/. Prints one line per
# target, "replay <name>: N inputs ok". On a crash, a sanitizer report or a leak it names the input
# with the first lines of its report (REPLAY_REPORT_LINES, default 25), goes on with the inputs after
# it to name every failing one, and in the end exits 1.
# Environment: CC (default gcc), JOBS (parallel compiles, default: the number of CPUs).
set -u
cd "$(dirname "$0")/../.." || exit 2

CC=${CC:-gcc}
case "$CC" in cc|c99) CC=gcc ;; esac
OUT=build-fuzz-replay
JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -fopenmp -Iinclude -Isrc -g -O1 -fno-omit-frame-pointer \
-fsanitize=address,undefined -fno-sanitize-recover=undefined"
LDLIBS="-fopenmp -lClp -lCoinUtils -lgmp -lsqlite3 -lsodium -lmicrohttpd -ljansson -llapack -lm -lpthread"
# A single allocation over 2 GiB counts as a failure (as libFuzzer's default -malloc_limit_mb does),
# rather than letting a lying size line claim gigabytes of memory.
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=0:max_allocation_size_mb=2048:\
malloc_fill_byte=190:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS

mkdir -p "$OUT/obj" || exit 2
# The economy targets write their input to files: in a folder of ours, removed however they end.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then tmpbase=/dev/shm; else tmpbase=${TMPDIR:-/tmp}; fi
OGAS_FUZZ_TMPDIR=$(mktemp -d "$tmpbase/ogas-replay-XXXXXX") || exit 2
export OGAS_FUZZ_TMPDIR
trap 'rm -rf "$OGAS_FUZZ_TMPDIR"' EXIT
trap 'exit 130' INT TERM

# The library: one object per source, compiled in parallel, rebuilt when stale.
newest_header=$(ls -t include/ogas/*.h src/*/*.h 2>/dev/null | head -n 1)
stale=""
objs=""
for src in src/core/*.c src/formats/*.c src/balance/*.c src/plan/*.c src/councils/*.c src/distribution/*.c src/store/*.c \
    src/server/*.c; do
    obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    objs="$objs $obj"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || { [ -n "$newest_header" ] && [ "$newest_header" -nt "$obj" ]; } \
        || [ "$0" -nt "$obj" ]; then
        stale="$stale $src"
    fi
done
if [ -n "$stale" ]; then
    # shellcheck disable=SC2086
    printf '%s\n' $stale | xargs -P "$JOBS" -I{} sh -c \
        'o="$1/obj/$(echo "$2" | tr / _ | sed "s/\.c\$/.o/")"; $3 $4 -c "$2" -o "$o" || { rm -f "$o"; exit 1; }' \
        sh "$OUT" {} "$CC" "$CFLAGS" || { echo "replay: building the library failed" >&2; exit 2; }
    rm -f "$OUT/libogas-fuzz.a"
fi
if [ ! -f "$OUT/libogas-fuzz.a" ]; then
    # shellcheck disable=SC2086
    ar rcs "$OUT/libogas-fuzz.a" $objs || exit 2
fi

if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
fi

# The targets: linked in parallel.
# shellcheck disable=SC2086
printf '%s\n' $targets | xargs -P "$JOBS" -I{} sh -c \
    '$2 $3 tests/fuzz/fuzz_$1.c tests/fuzz/replay_main.c "$4/libogas-fuzz.a" $5 -o "$4/replay_$1" || exit 1' \
    sh {} "$CC" "$CFLAGS" "$OUT" "$LDLIBS" || { echo "replay: building the targets failed" >&2; exit 2; }

status=0
for t in $targets; do
    corpus="tests/fuzz/corpus/$t"
    if [ ! -d "$corpus" ]; then
        echo "replay $t: no corpus folder $corpus"
        status=1
        continue
    fi
    log="$OUT/replay_$t.log"
    if result=$( ("$OUT/replay_$t" "$corpus"; exit $?) 2>"$log"); then
        echo "replay $t: $result"
        continue
    fi
    status=1
    # Something failed: go on after each failing input, naming each one with its report.
    nfail=0
    nall=$(ls "$corpus" | wc -l)
    rest=$(ls "$corpus" | LC_ALL=C sort)
    while [ -n "$rest" ]; do
        # shellcheck disable=SC2086
        set -- $(printf '%s\n' $rest | sed "s|^|$corpus/|")
        if ( ("$OUT/replay_$t" "$@"; exit $?) >/dev/null 2>"$log"); then
            break
        fi
        bad=$(grep '^running ' "$log" | tail -n 1 | sed 's/^running //; s/ ([0-9]* bytes)$//')
        if [ -z "$bad" ]; then
            echo "replay $t: FAILED before running any input"
            sed 's/^/    /' "$log" | head -n "${REPLAY_REPORT_LINES:-25}"
            nfail=$((nfail + 1))
            break
        fi
        nfail=$((nfail + 1))
        echo "replay $t: FAILED on $bad"
        grep -v '^running ' "$log" | grep -v '^ *$' | head -n "${REPLAY_REPORT_LINES:-25}" | sed 's/^/    /'
        rest=$(printf '%s\n' $rest | sed -n "\|^$(basename "$bad")\$|,\$p" | sed 1d)
    done
    echo "replay $t: $nfail of $nall inputs failed"
done
exit $status
