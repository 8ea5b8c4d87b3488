#!/bin/sh
# Benchmark of ogas-mpi (the input-output engine on PETSc over MPI): strong scaling (1 and 2 ranks on one
# generated economy of 10^6 products), weak scaling (5*10^5 products per rank: 1 rank on 5*10^5, 2 ranks
# on 10^6), each against `ogas leontief` on the same economy; per-rank peak memory (VmHWM) and the ghost
# values each rank receives per multiplication by I - A (8 bytes each). Writes bench/results/mpi-latest.md,
# which ends with a projection to a 10^8-product economy derived from the measured numbers.
# Usage: bench/mpi.sh [BUILD]   (default build-bench: builds BUILD/ogas and BUILD/ogas-mpi with -O3)
# Environment: MPI_BENCH_N (default 1000000) products of the strong-scaling economy, MPI_BENCH_DIR (default
# a temporary folder) where the economies are generated, MPI_BENCH_KEEP=1 to keep them.
set -eu
BUILD=${1:-build-bench}
N=${MPI_BENCH_N:-1000000}
HALF=$((N / 2))
PY=/usr/bin/python3
OUT=bench/results/mpi-latest.md
make --no-print-directory CFLAGS="-O3 -march=native -g" BUILD="$BUILD" all mpi >/dev/null
DIR=${MPI_BENCH_DIR:-$(mktemp -d /tmp/ogas-mpi-bench-XXXXXX)}
[ "${MPI_BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$DIR"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_hwloc_base_binding_policy=none
ROOT=""
[ "$(id -u)" = 0 ] && ROOT="--allow-run-as-root"

for n in "$N" "$HALF"; do
    [ -f "$DIR/e$n/A.mtx" ] || "$BUILD/ogas" generate --products "$n" --seed 1 --out "$DIR/e$n" --quiet
done
# serial ogas leontief, then ogas-mpi on 1 and 2 ranks; each run's JSON into DIR
"$BUILD/ogas" leontief "$DIR/e$N" --json --quiet >"$DIR/serial-$N.json"
"$BUILD/ogas" leontief "$DIR/e$HALF" --json --quiet >"$DIR/serial-$HALF.json"
for run in "1 $N" "2 $N" "1 $HALF"; do
    set -- $run
    mpirun $ROOT -n "$1" "$BUILD/ogas-mpi" leontief "$DIR/e$2" --json >"$DIR/mpi-$1-$2.json"
done

$PY - "$DIR" "$N" "$HALF" "$OUT" <<'PY'
import json, os, platform, subprocess, sys, datetime
d, N, HALF, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
J = lambda name: json.load(open(os.path.join(d, name)))
ser = {N: J(f"serial-{N}.json"), HALF: J(f"serial-{HALF}.json")}
mpi = {(1, N): J(f"mpi-1-{N}.json"), (2, N): J(f"mpi-2-{N}.json"), (1, HALF): J(f"mpi-1-{HALF}.json")}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 2**20
petsc = subprocess.run(["pkg-config", "--modversion", "PETSc"], capture_output=True, text=True).stdout.strip()
ompi = subprocess.run(["mpirun", "--version"], capture_output=True, text=True).stdout.splitlines()[0]

def solves(j):
    keys = [k for k in ("output_solve", "multiplier_solve", "labour_solve") if k in j]
    return sum(j[k]["seconds"] for k in keys), "/".join(str(j[k]["iterations"]) for k in keys), \
        max(j[k]["relative_residual"] for k in keys)

L = []
w = L.append
w("# ogas-mpi: the input-output engine on PETSc over MPI\n")
w(f"Measured {datetime.date.today()} by `bench/mpi.sh` on {platform.node()}: {cpu}, {os.cpu_count()} cores, "
  f"{mem:.0f} GiB; PETSc {petsc}, {ompi}. Economies from `ogas generate --products N --seed 1` (about 20 "
  "inputs per product, half from neighbouring products and half by a power law of popularity; spectral "
  "radius 0.8). Every solve to a true relative residual of 1e-10 (GMRES asks for 1e-11). Times in seconds, "
  "wall clock; `solves` is the three solves together (gross output, multipliers, labour values).\n")
w("| run | products | nonzeros | ranks | read | matrix + ILU | solves | iterations (x/m/v) | worst residual | total | peak memory per rank (VmHWM) | ghost values per rank | bytes received per multiplication by I - A, all ranks |")
w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for (k, n), j in mpi.items():
    s, its, res = solves(j)
    kind = "strong" if n == N else "weak (1 rank)"
    if (k, n) == (2, N): kind = "strong + weak (2 ranks)"
    mem_s = ", ".join(f"{m / 1024:.0f} MiB" for m in j["rank_vmhwm_kib"])
    gh = ", ".join(str(g) for g in j["rank_ghosts"])
    w(f"| ogas-mpi, {kind} | {n:,} | {j['nonzeros']:,} | {k} | {j['read_seconds']:.2f} | {j['setup_seconds']:.2f} | "
      f"{s:.2f} | {its} | {res:.1e} | {j['total_seconds']:.2f} | {mem_s} | {gh} | {j['matvec_comm_bytes']:,} |")
for n, j in ser.items():
    s, its, res = solves(j)
    w(f"| ogas leontief ({j['threads']} threads) | {n:,} | {j['nonzeros']:,} | - | {j['read_seconds']:.2f} | - | "
      f"{s:.2f} | {its} | {res:.1e} | {j['total_seconds']:.2f} | - | - | - |")
a, b, h = mpi[(1, N)], mpi[(2, N)], mpi[(1, HALF)]
sa, sb, sh = solves(a)[0], solves(b)[0], solves(h)[0]
w("")
w(f"Strong scaling, {N:,} products, 1 -> 2 ranks: total {a['total_seconds']:.2f} -> {b['total_seconds']:.2f} s "
  f"(speed-up {a['total_seconds'] / b['total_seconds']:.2f}), solves {sa:.2f} -> {sb:.2f} s "
  f"(speed-up {sa / sb:.2f}; block Jacobi with 2 blocks needs more iterations than with 1), reading "
  f"{a['read_seconds']:.2f} -> {b['read_seconds']:.2f} s. "
  f"Weak scaling, {HALF:,} products per rank: total {h['total_seconds']:.2f} s on 1 rank, {b['total_seconds']:.2f} s "
  f"on 2 (efficiency {h['total_seconds'] / b['total_seconds']:.2f}); solves {sh:.2f} and {sb:.2f} s.")
w("")
# Projection to 10^8 products from the measured figures.
nnz_rank = max(b["rank_nonzeros"])
bytes_per_nnz = max(b["rank_vmhwm_kib"]) * 1024 / nnz_rank
its = max(int(x) for x in solves(b)[1].split("/"))
t_it = sb / sum(b[k]["iterations"] + 1 for k in ("output_solve", "multiplier_solve", "labour_solve") if k in b)
t_nnz_it = t_it / nnz_rank  # seconds per nonzero per iteration on one rank (matvec + ILU solve + GMRES)
ghost_frac = max(b["rank_ghosts"]) / (N - min(b["rank_rows"]))
P = 10**8
nnz_P = b["nonzeros"] / N * P
w("## Projection: a 10^8-product economy on a cluster\n")
w(f"From the 2-rank run: {bytes_per_nnz:.0f} bytes of peak memory per nonzero of a rank (the rows of A while "
  "they are read and sorted, then I - A in PETSc, its ILU(0) factors, and 32 GMRES vectors), "
  f"{t_nnz_it * 1e9:.2f} ns per nonzero per GMRES iteration on one core, and a rank needs "
  f"{100 * ghost_frac:.0f}% of the products it does not own as ghost values.\n")
total = nnz_P * bytes_per_nnz
w(f"At the generator's 20 inputs per product, 10^8 products have {nnz_P:.1e} nonzeros, {total / 2**30:.0f} GiB "
  "of peak memory in all at the measured rate. In these economies a few popular goods are inputs of nearly "
  "every industry, so a rank that owns such a row needs nearly every product's value at each product with "
  f"I - A (measured: each of 2 ranks received {100 * ghost_frac:.0f}% of the other's values): up to 10^8 ghost "
  f"values, {8 * P / 2**30:.2f} GiB, kept twice (PETSc's ghost vector and its receive buffer), and received at "
  "every iteration. On nodes of 128 cores and 512 GiB, with 100 Gb/s links (12.5 GB/s), 30 iterations per "
  f"solve (measured: {solves(a)[1]} on 1 rank, {solves(b)[1]} on 2; block Jacobi weakens as the blocks "
  "multiply) and three solves:\n")
w("| nodes | ranks | products per rank | nonzeros per rank | memory per rank: rows + worst-case ghosts | computation, 3 solves | worst-case ghost traffic into one rank, 3 solves |")
w("|---|---|---|---|---|---|---|")
for nodes in (1, 4, 16, 64):
    ranks = 128 * nodes
    per = nnz_P / ranks
    w(f"| {nodes} | {ranks:,} | {P // ranks:,} | {per / 1e6:.2f}e6 | {per * bytes_per_nnz / 2**30:.2f} + "
      f"{16 * P / 2**30:.2f} GiB | {90 * t_nnz_it * per:.1f} s | {90 * 8 * P / 12.5e9:.0f} s |")
w("")
node1 = 128 * (nnz_P / 128 * bytes_per_nnz + 16 * P) / 2**30
w(f"- **Memory**: on one node, rows and worst-case ghosts of 128 ranks take {node1:.0f} GiB of its 512 "
  f"({'it fits' if node1 < 0.75 * 512 else 'too much'}); the ghosts, not the matrix, are most of it from 4 nodes on.")
w(f"- **Time**: computation falls with the ranks; the ghost traffic into a rank owning popular rows "
  f"({90 * 8 * P / 12.5e9:.0f} s for the three solves) does not, and it dominates from "
  f"{next((n for n in (1, 4, 16, 64) if 90 * t_nnz_it * nnz_P / (128 * n) < 90 * 8 * P / 12.5e9), 64)} node(s) on. "
  "With the file read in parallel (about 60 GB, each rank its own byte range) the balance of a 10^8-product "
  "economy is a matter of a minute or two on 4 to 16 nodes. The cure for the traffic, not built yet: keep the few "
  "dense rows (the popular goods) apart and compute them as reductions (each rank's partial sums, one "
  "MPI_Allreduce of a few thousand numbers), leaving each rank the ghost values of its neighbourhood.")
w(f"- **Limits of this build.** Debian's PETSc uses 32-bit indices: 10^8 products fit, but {nnz_P:.0e} "
  "nonzeros in all exceed 2^31; a 64-bit-index PETSc (Debian's petsc64-dev, or PETSc built with "
  "--with-64-bit-indices) is needed at that size.")
open(out, "w").write("\n".join(L) + "\n")
print("\n".join(L))
PY
