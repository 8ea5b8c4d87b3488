#!/usr/bin/python3
"""peer_scipy.py: the peers of ogas on the same matrix, one JSON line per measurement.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy), never a pip install:

    /usr/bin/python3 bench/peer_scipy.py --work bench/work/n10000 [--cap 120] [--budget 2]
        [--methods gmres,neumann,spsolve,dense_inv] [--spsolve-max 10000] [--dense-max 20000]

Reads what bench_leontief wrote into the work folder (header.json; A.indptr.i64, A.indices.i32, A.data.f64,
demand.f64 as raw little-endian arrays; x_ogas.f64, ogas's solution) and solves (I - A) x = d with:

  gmres      scipy.sparse.linalg.gmres on M = I - A, relative tolerance 1e-10 (keyword `tol` before
             scipy 1.12, `rtol` from 1.12), atol 0, restart 20 (scipy's default, and ogas's), no
             preconditioner, x0 = d (ogas's starting point too).
  neumann    x <- d + A x with scipy's sparse product, stopping when ||x_new - x||_2 / ||d||_2 <= 1e-10,
             i.e. when the true residual of the previous iterate is below the tolerance: ogas's rule.
  spsolve    scipy.sparse.linalg.spsolve (SuperLU, COLAMD ordering) on M; only n <= --spsolve-max,
             because the fill-in of the LU factors grows very fast with n.
  dense_inv  the pymrio method: L = numpy.linalg.inv(I - A) on the dense matrix, x = L d; only where
             three n x n dense matrices fit in half of the available memory, and n <= --dense-max.

Each method runs in its own child process, so its peak memory is its own and a method that runs past
--cap seconds (default 120) can be stopped: the child is killed and the method reported as "timeout".
Iterative methods also stop themselves at the cap. Time is the best of repeated runs while another run
fits in --budget seconds (at most 5), like bench_leontief. Forming M = I - A (and the dense copy) is timed
separately and is not in the method's time (conservative for ogas, whose time includes its setup).
For every solution: the true relative residual ||d - (I - A) x||_2 / ||d||_2 and the agreement with
ogas, max_i |x_i - x_ogas_i| / max_i |x_ogas_i|.
"""
import argparse
import json
import os
import queue
import resource
import subprocess
import sys
import threading
import time

TOL = 1e-10


def status_bytes(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return float(line.split()[1]) * 1024.0
    except OSError:
        pass
    return None


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def mem_available():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024.0
    except OSError:
        pass
    return None


def blas_library():
    """The BLAS/LAPACK shared objects numpy actually loaded (Debian switches them with alternatives)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                base = os.path.basename(path)
                if ("blas" in base or "lapack" in base) and "-packages" not in path:
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(libs)


def out(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------- child: one method


class CapReached(Exception):
    pass


def child(args):
    import numpy as np
    import scipy
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    method = args.child
    work = args.work
    with open(os.path.join(work, "header.json")) as f:
        h = json.load(f)
    n, nnz = int(h["n"]), int(h["nnz"])
    t0 = time.perf_counter()
    indptr = np.fromfile(os.path.join(work, h["indptr"]), dtype="<i8")
    indices = np.fromfile(os.path.join(work, h["indices"]), dtype="<i4")
    data = np.fromfile(os.path.join(work, h["data"]), dtype="<f8")
    d = np.fromfile(os.path.join(work, h["demand"]), dtype="<f8")
    if indptr.size != n + 1 or indices.size != nnz or data.size != nnz or d.size != n:
        raise SystemExit("peer files do not match header.json")
    A = sp.csr_matrix((data, indices, indptr), shape=(n, n))
    del indptr, indices, data
    load_s = time.perf_counter() - t0
    x_ogas = None
    p = os.path.join(work, h.get("x_ogas", "x_ogas.f64"))
    if os.path.exists(p):
        x_ogas = np.fromfile(p, dtype="<f8")
        if x_ogas.size != n:
            x_ogas = None
    dn = float(np.linalg.norm(d))

    def relres(x):
        return float(np.linalg.norm(d - (x - A @ x)) / dn)

    rec = {"bench": "peer", "impl": "scipy", "method": method, "n": n, "nnz": nnz,
           "scipy": scipy.__version__, "numpy": np.__version__, "index_dtype": str(A.indices.dtype),
           "load_seconds": load_s, "tol": TOL, "cap_seconds": args.cap}
    form_s = 0.0
    t0 = time.perf_counter()
    if method in ("gmres", "spsolve", "dense_inv"):
        M = (sp.identity(n, dtype=np.float64, format="csr") - A).tocsr()
        form_s = time.perf_counter() - t0
    if method == "spsolve":
        t0 = time.perf_counter()
        Mc = M.tocsc()
        form_s += time.perf_counter() - t0
    if method == "dense_inv":
        t0 = time.perf_counter()
        Md = M.toarray()
        form_s += time.perf_counter() - t0
        del M
    rec["form_seconds"] = form_s
    rec["rss_before_bytes"] = status_bytes("VmRSS")
    can_reset = reset_peak()
    out({"phase": "loaded"})  # the parent starts the cap's clock here

    cap = args.cap
    ver = tuple(int(v) for v in scipy.__version__.split(".")[:2] if v.isdigit())
    tolkw = "rtol" if ver >= (1, 12) else "tol"

    def run_once():
        """One solve; returns (x, iterations, matvecs, note)."""
        start = time.perf_counter()
        if method == "gmres":
            count = [0]
            products = [0]

            def cb(_pr_norm):
                count[0] += 1
                if time.perf_counter() - start > cap:
                    raise CapReached()

            def mv(v):
                products[0] += 1
                return M @ v

            # gmres wraps a matrix in a LinearOperator itself (make_system); this one also counts products.
            op = spla.LinearOperator((n, n), matvec=mv, dtype=np.float64)
            kw = {tolkw: TOL, "atol": 0.0, "restart": 20, "maxiter": 100000, "x0": d.copy(),
                  "callback": cb, "callback_type": "pr_norm"}
            x, info = spla.gmres(op, d, **kw)
            return x, count[0], products[0], "info=%d" % info
        if method == "neumann":
            x = d.copy()
            it = 0
            while True:
                y = A @ x
                y += d
                r = y - x
                rr = float(np.linalg.norm(r)) / dn
                x = y
                it += 1
                if rr <= TOL or not np.isfinite(rr) or it >= 100000:
                    break
                if time.perf_counter() - start > cap:
                    raise CapReached()
            return x, it, it, ""
        if method == "spsolve":
            x = spla.spsolve(Mc, d)
            return x, 0, 0, "permc_spec=COLAMD"
        if method == "dense_inv":
            L = np.linalg.inv(Md)
            x = L @ d
            del L
            return x, 0, 0, ""
        raise SystemExit("unknown method " + method)

    best = None
    spent = 0.0
    runs = 0
    try:
        while runs < 5 and (runs == 0 or spent + best[0] <= args.budget):
            t0 = time.perf_counter()
            x, it, mv, note = run_once()
            t = time.perf_counter() - t0
            spent += t
            runs += 1
            if best is None or t < best[0]:
                best = (t, x, it, mv, note)
    except CapReached:
        if best is None:
            rec.update({"status": "timeout", "reason": "did not converge within the %g s cap" % cap,
                        "peak_rss_bytes": status_bytes("VmHWM")})
            out(rec)
            return
    except MemoryError:
        rec.update({"status": "failed", "reason": "out of memory (limit %s)" % args.mem_limit})
        out(rec)
        return
    t, x, it, mv, note = best
    rec.update({"runs": runs, "seconds": t, "iterations": it, "matvecs": mv, "note": note,
                "relres_true": relres(x),
                "peak_rss_bytes" if can_reset else "peak_rss_process_bytes": status_bytes("VmHWM")})
    if x_ogas is not None:
        scale = float(np.max(np.abs(x_ogas)))
        rec["max_rel_diff_vs_ogas"] = float(np.max(np.abs(x - x_ogas))) / scale if scale > 0 else None
    rec["status"] = "ok" if rec["relres_true"] <= TOL else "residual_above_tol"
    if method == "gmres":
        rec["restart"] = 20
        rec["tol_keyword"] = tolkw
        rec["preconditioner"] = "none"
    if method == "dense_inv":
        rec["blas"] = blas_library()
    out(rec)


# ---------------------------------------------------------------- parent: one child per method


def run_child(args, method, n, nbytes):
    cmd = [sys.executable, os.path.abspath(__file__), "--child", method, "--work", args.work,
           "--cap", str(args.cap), "--budget", str(args.budget), "--mem-limit", str(args.mem_limit)]
    base = {"bench": "peer", "impl": "scipy", "method": method, "n": n, "cap_seconds": args.cap}

    def limit():
        if args.mem_limit > 0:
            resource.setrlimit(resource.RLIMIT_AS, (args.mem_limit, args.mem_limit))

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limit)
    q = queue.Queue()
    err_lines = []

    def reader(stream, sink, end):
        for line in stream:
            sink(line)
        if end:
            sink(None)

    threading.Thread(target=reader, args=(proc.stdout, q.put, True), daemon=True).start()
    errt = threading.Thread(target=reader, args=(proc.stderr, err_lines.append, False), daemon=True)
    errt.start()
    load_allowance = 60.0 + 30.0 * nbytes / 1e9  # reading the files and forming I - A
    deadline = time.monotonic() + load_allowance
    result = None
    loaded = False
    while True:
        try:
            line = q.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            proc.wait()
            base.update({"status": "timeout",
                         "reason": ("did not finish within the %g s cap" % args.cap) if loaded
                         else ("did not load within %.0f s" % load_allowance)})
            return base
        if line is None:
            break
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if obj.get("phase") == "loaded":
            loaded = True
            deadline = time.monotonic() + args.cap + 10.0
        elif obj.get("bench") == "peer":
            result = obj
    proc.wait()
    errt.join(timeout=5)
    if result is not None:
        return result
    tail = "".join(err_lines[-5:]).strip().replace("\n", " | ")
    base.update({"status": "failed", "reason": "child exited with status %s: %s" % (proc.returncode, tail[-600:])})
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--cap", type=float, default=float(os.environ.get("PEER_CAP", 120)))
    ap.add_argument("--budget", type=float, default=2.0)
    ap.add_argument("--methods", default="gmres,neumann,spsolve,dense_inv")
    ap.add_argument("--spsolve-max", type=int, default=int(float(os.environ.get("SPSOLVE_MAX", 1e4))))
    ap.add_argument("--dense-max", type=int, default=int(float(os.environ.get("DENSE_MAX", 2e4))))
    ap.add_argument("--mem-limit", type=int, default=-1, help="address-space limit per child, bytes")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    hp = os.path.join(args.work, "header.json")
    if not os.path.exists(hp):
        out({"bench": "peer", "impl": "scipy", "method": "all", "status": "skipped",
             "reason": "no peer files in %s" % args.work})
        return
    with open(hp) as f:
        h = json.load(f)
    n, nnz = int(h["n"]), int(h["nnz"])
    nbytes = 8.0 * (n + 1) + 12.0 * nnz + 16.0 * n
    avail = mem_available() or 0.0
    if args.mem_limit < 0:
        args.mem_limit = int(max(2e9, 0.8 * avail)) if avail else 0
    for method in args.methods.split(","):
        base = {"bench": "peer", "impl": "scipy", "method": method, "n": n, "nnz": nnz}
        if method == "spsolve" and n > args.spsolve_max:
            base.update({"status": "skipped", "reason": "n > %d: SuperLU's fill-in makes it impractical "
                         "(raise with SPSOLVE_MAX)" % args.spsolve_max})
            out(base)
            continue
        if method == "dense_inv":
            need = 3.0 * 8.0 * n * n + 2.0 * nbytes
            if n > args.dense_max or need > 0.5 * avail:
                base.update({"status": "skipped", "reason": "dense n x n needs %.1f GB (3 matrices), "
                             "%.1f GB available%s" % (need / 1e9, avail / 1e9,
                                                      "; n > %d (DENSE_MAX)" % args.dense_max
                                                      if n > args.dense_max else "")})
                out(base)
                continue
        out(run_child(args, method, n, nbytes))


if __name__ == "__main__":
    main()
