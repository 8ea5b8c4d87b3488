#!/bin/sh
# scripts/deps.sh [demo]: installs the Debian packages that building, testing and benchmarking ogas need,
# only those missing; with `demo`, only what building and running `make demo` needs (no browser, no PETSc).
# Runs apt-get only as root; otherwise names what is missing and stops.
set -eu
need="gcc make libc6-dev liblapack-dev libopenblas-dev coinor-libclp-dev libgmp-dev libsqlite3-dev libsodium-dev libmicrohttpd-dev libjansson-dev python3 python3-numpy python3-scipy time"
if [ "${1:-}" != demo ]; then
    # the dashboard's browser test: Debian's chromium (and wrk for the server's benchmark), and Node.js
    # with npm (Node.js may come from elsewhere with its own npm: then Debian's npm package is not wanted)
    need="$need chromium wrk"
    # the optional PETSc face (make mpi, tested by make test): PETSc, Open MPI and its mpirun
    need="$need petsc-dev libopenmpi-dev openmpi-bin"
    command -v node >/dev/null 2>&1 || need="$need nodejs"
    command -v npm >/dev/null 2>&1 || need="$need npm"
fi
[ "${OGAS_DEPS_EXTRA:-}" ] && need="$need $OGAS_DEPS_EXTRA"
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ogas: missing Debian packages:$missing" >&2
  echo "ogas: install them with: sudo apt-get install$missing" >&2
  exit 1
fi
echo "ogas: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || true
apt-get install -y -q --no-install-recommends $missing >/dev/null
