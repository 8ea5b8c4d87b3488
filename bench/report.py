#!/usr/bin/python3
"""report.py: the human-readable report of a benchmark run (see bench/README.md).

    /usr/bin/python3 bench/report.py RESULTS.json > REPORT.md   the report, from the JSON lines of a run
    /usr/bin/python3 bench/report.py --machine                  one JSON line of machine facts (run.sh)
    /usr/bin/python3 bench/report.py --plan RESULTS.json        the plan benchmark's report (plan.sh)
"""
import datetime
import json
import os
import platform
import socket
import subprocess
import sys

# Targets from the issue.
T_1E6_SECONDS = 0.5
T_1E7_SECONDS = 8.0
T_1E7_BYTES = 8e9
T_SPMV_SHARE = 0.70
T_BEST_PEER_RATIO = 3.0

OGAS_METHODS = ["auto", "gmres", "neumann", "gauss-seidel"]
PEER_METHODS = ["gmres", "neumann", "spsolve", "dense_inv"]
PEER_LABEL = {"gmres": "scipy gmres", "neumann": "scipy Neumann sweep", "spsolve": "scipy spsolve (SuperLU)",
              "dense_inv": "numpy dense inverse (pymrio)"}
PEER_SHORT = {"gmres": "scipy gmres", "neumann": "scipy Neumann", "spsolve": "scipy spsolve",
              "dense_inv": "numpy inv"}


# ---------------------------------------------------------------- machine facts


def sh(cmd):
    try:
        env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=env).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def machine():
    cpu = ""
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = {}
    for line in read("/proc/meminfo").splitlines():
        k, _, v = line.partition(":")
        if k in ("MemTotal", "MemAvailable"):
            mem[k] = float(v.split()[0]) * 1024.0
    cc = os.environ.get("BENCH_CC", "gcc")
    blas = []
    try:
        import numpy
        import scipy
        np_v, sp_v = numpy.__version__, scipy.__version__
        for line in read("/proc/self/maps").splitlines():
            parts = line.split()
            if len(parts) >= 6:
                base = os.path.basename(parts[-1])
                if ("blas" in base or "lapack" in base) and "-packages" not in parts[-1]:
                    rp = os.path.realpath(parts[-1])
                    if rp not in blas:
                        blas.append(rp)
    except ImportError:
        np_v = sp_v = "missing"
    lapack = os.path.realpath("/usr/lib/x86_64-linux-gnu/liblapack.so.3") \
        if os.path.exists("/usr/lib/x86_64-linux-gnu/liblapack.so.3") else ""
    modified = [f for f in sh(["git", "diff", "--name-only", "HEAD"]).splitlines() if f]
    return {
        "bench": "machine",
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "kernel": platform.release(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "l3_bytes": l3_bytes(),
        "mem_total_bytes": mem.get("MemTotal"),
        "mem_available_bytes": mem.get("MemAvailable"),
        "loadavg": read("/proc/loadavg").split()[:3],
        "compiler": sh([cc, "--version"]).splitlines()[0] if sh([cc, "--version"]) else cc,
        "cflags": os.environ.get("BENCH_CFLAGS", ""),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "omp_proc_bind": os.environ.get("OMP_PROC_BIND"),
        "git_commit": sh(["git", "rev-parse", "HEAD"]),
        "git_modified": modified,
        "python": platform.python_version(),
        "numpy": np_v,
        "scipy": sp_v,
        "numpy_blas": blas,
        "ogas_lapack": lapack,
        "sizes": os.environ.get("BENCH_SIZES_USED", ""),
        "tag": os.environ.get("BENCH_TAG_USED", ""),
        "peer_cap_seconds": float(os.environ.get("PEER_CAP", 120)),
    }


def cpu_times():
    f = read("/proc/stat").splitlines()[0].split()
    v = [float(x) for x in f[1:9]]  # user nice system idle iowait irq softirq steal
    return v


def busy(label, seconds=1.0):
    """How busy the CPUs are while the benchmark itself is not running: share of non-idle time over
    `seconds`, from /proc/stat (other users' work shows up here; steal is the hypervisor's)."""
    import time
    a = cpu_times()
    time.sleep(seconds)
    b = cpu_times()
    d = [y - x for x, y in zip(a, b)]
    total = sum(d) or 1.0
    rec = {"bench": "load", "at": label, "busy_share": 1.0 - (d[3] + d[4]) / total, "steal_share": d[7] / total,
           "loadavg": read("/proc/loadavg").split()[:3]}
    try:
        rec["n"] = int(label)
    except ValueError:
        pass
    return rec


def l3_bytes():
    best = 0
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        for idx in os.listdir(base):
            size = read(os.path.join(base, idx, "size")).strip()
            if size.endswith("K"):
                best = max(best, int(size[:-1]) * 1024)
            elif size.endswith("M"):
                best = max(best, int(size[:-1]) * 1024 * 1024)
    except OSError:
        pass
    return best or None


# ---------------------------------------------------------------- formatting


def fsec(t):
    if t is None:
        return "—"
    if t >= 100:
        return "%.0f s" % t
    if t >= 1:
        return "%.2f s" % t
    if t >= 1e-3:
        return "%.2f ms" % (t * 1e3)
    return "%.1f µs" % (t * 1e6)


def fbytes(b):
    if b is None:
        return "—"
    if b >= 1e9:
        return "%.2f GB" % (b / 1e9)
    if b >= 1e6:
        return "%.0f MB" % (b / 1e6)
    return "%.0f kB" % (b / 1e3)


def fratio(r, prefix=""):
    if r is None:
        return "—"
    if r >= 100:
        return "%s%.0f×" % (prefix, r)
    if r >= 10:
        return "%s%.1f×" % (prefix, r)
    return "%s%.2f×" % (prefix, r)


def fsci(v):
    return "—" if v is None else "%.1e" % v


def fint(v):
    return "—" if v is None else "{:,}".format(int(v))


def fn(n):
    return "{:,}".format(int(n))


def met(ok):
    return "**met**" if ok else "**not met**"


# ---------------------------------------------------------------- report


def load(path):
    recs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    recs.append(json.loads(line))
                except ValueError:
                    pass
    return recs


def report(path):
    recs = load(path)
    mach = next((r for r in recs if r.get("bench") == "machine"), {})
    stream = next((r for r in recs if r.get("bench") == "stream"), None)
    triad = stream["triad_gbs"] * 1e9 if stream else None
    sizes = []
    for r in recs:
        if "n" in r and r.get("bench") in ("generate", "size", "peer_files", "ogas_process") and r["n"] not in sizes:
            sizes.append(r["n"])
    by = {}
    for r in recs:
        if "n" in r:
            by.setdefault(r["n"], []).append(r)
    l3 = mach.get("l3_bytes")
    cap = mach.get("peer_cap_seconds", 120)
    o = []
    w = o.append
    tag = mach.get("tag")
    w("# ogas benchmark: Leontief solves%s" % (" (%s)" % tag.upper() if tag else ""))
    w("")
    w("Run of %s on `%s`; sizes: %s. Source: `%s`." % (mach.get("date", "?"), mach.get("host", "?"),
                                                    mach.get("sizes", "?"), os.path.basename(path)))
    if tag:
        w("")
        w("**This is a %s run**, not a full benchmark: read its numbers as a check of the harness." % tag)
    loads = [r for r in recs if r.get("bench") == "load"]
    busiest = max(loads, key=lambda r: r["busy_share"]) if loads else None
    if busiest and busiest["busy_share"] > 0.10:
        w("")
        w("**Warning: the machine was not idle.** In the second before %s, other work kept the CPUs %.0f%% busy "
          "(steal %.0f%%). Multi-threaded ogas suffers most (an OpenMP thread that is descheduled holds up every "
          "barrier), single-threaded scipy least; rerun on an idle machine before judging the targets." % (
              "n = " + fn(busiest["n"]) if "n" in busiest else busiest["at"], 100 * busiest["busy_share"],
              100 * busiest["steal_share"]))
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    w("| CPU | %s, %s cores, L3 %s |" % (mach.get("cpu", "?"), mach.get("cores", "?"), fbytes(l3)))
    w("| memory | %s total, %s available at start |" % (fbytes(mach.get("mem_total_bytes")),
                                                       fbytes(mach.get("mem_available_bytes"))))
    w("| load average at start | %s |" % " ".join(mach.get("loadavg", [])))
    if loads:
        w("| CPU busy with other work | %s (in the second before each step) |" % ", ".join(
            "%s %.0f%%" % ("n = " + fn(r["n"]) if "n" in r else r["at"], 100 * r["busy_share"]) for r in loads))
    w("| kernel | %s |" % mach.get("kernel", "?"))
    w("| compiler | %s; `%s` |" % (mach.get("compiler", "?"), mach.get("cflags", "")))
    threads = stream["threads"] if stream else "?"
    omp = mach.get("omp_num_threads")
    w("| threads (ogas, STREAM) | %s (%s) |" % (threads, "OMP_NUM_THREADS=%s" % omp if omp
                                                else "OMP_NUM_THREADS unset: all cores"))
    commit = mach.get("git_commit", "?")
    mod = mach.get("git_modified") or []
    w("| ogas commit | `%s`%s |" % (commit[:12], "; working tree differs in: " + ", ".join("`%s`" % m for m in mod)
                                   if mod else ", clean"))
    w("| peers | Python %s, numpy %s, scipy %s (Debian packages); BLAS/LAPACK: %s |" % (
        mach.get("python", "?"), mach.get("numpy", "?"), mach.get("scipy", "?"),
        ", ".join("`%s`" % b for b in mach.get("numpy_blas", [])) or "?"))
    w("| ogas LAPACK | `%s` |" % mach.get("ogas_lapack", "?"))
    g = next((r for r in recs if r.get("bench") == "peer" and r.get("method") == "gmres" and "restart" in r), None)
    if g:
        w("| scipy gmres settings | `%s=1e-10`, `atol=0`, restart %s, preconditioner %s, x0 = d |" % (
            g.get("tol_keyword"), g.get("restart"), g.get("preconditioner")))
    w("")
    w("## Memory bandwidth (STREAM, measured in this run)")
    w("")
    if stream:
        w("| kernel | bytes per element | best of %d | GB/s |" % stream["runs"])
        w("|---|---|---|---|")
        w("| copy `c[i] = a[i]` | 16 | %s | %.1f |" % (fsec(stream["copy_seconds"]), stream["copy_gbs"]))
        w("| triad `a[i] = b[i] + s*c[i]` | 24 | %s | %.1f |" % (fsec(stream["triad_seconds"]), stream["triad_gbs"]))
        w("")
        w("%d threads, 3 arrays of %s each. The triad figure is the memory-bandwidth limit used below." % (
            stream["threads"], fbytes(stream["array_bytes"])))
    else:
        w("STREAM did not run: no bandwidth ratios.")
    w("")
    w("**Bandwidth model of the sparse matrix-vector product y = A x**: bytes = 12 nnz (8-byte value + 4-byte "
      "column index) + 8 (n + 1) (int64 row pointers) + 8 n (y written) + 8 n (x read once). Like STREAM it does "
      "not count write-allocate traffic, and it counts x once: gathers that miss cache and fetch x again are "
      "not counted, so the figure is an effective bandwidth. Sizes whose matrix fits in the last-level cache "
      "can exceed STREAM and are not bandwidth measurements.")
    w("")
    w("**Memory-bandwidth floor of a solve** = matvecs × SpMV bytes / STREAM triad bandwidth: the time the "
      "matrix traffic alone needs (vector operations not counted). \"× floor\" is time / floor; 1× would be "
      "perfect.")
    w("")
    w("**Times** are the best of up to 5 runs (runs repeat while another fits in 2 s). ogas's time is "
      "`ogas_leontief_create_t` + `ogas_leontief_solve` (productivity check, setup and solve, with A and A' "
      "already in memory: the generator builds A' first and keeps it). A peer's time is its solve alone: forming M = I - A (and the dense copy) is timed separately "
      "and left out, which favours the peers. Speed-up = peer time / ogas time. The residual is the true "
      "relative residual ||d - (I - A) x||₂ / ||d||₂, recomputed by the harness; the target is 1e-10. "
      "\"vs ogas\" is max |x - x_ogas| / max |x_ogas| against ogas's `auto` solution. Peak memory is the peak "
      "RSS (VmHWM) of the solve phase, with the matrix resident (the peak was reset after loading); each peer "
      "method runs in its own process.")
    w("")

    targets = {"t1e6": None, "t1e7": None, "m1e7": None, "spmv": [], "faster": [], "best3": []}
    bw_ratios = []
    for n in sizes:
        rs = by.get(n, [])
        gen = next((r for r in rs if r.get("bench") == "generate"), None)
        w("## n = %s products" % fn(n))
        w("")
        skipped = next((r for r in rs if r.get("bench") == "size" and r.get("status") == "skipped"), None)
        if skipped:
            w("Skipped: %s." % skipped.get("reason"))
            w("")
            continue
        if not gen or gen.get("status") != "ok":
            w("Generation failed: %s." % (gen.get("error") if gen else "no record"))
            w("")
            continue
        mbytes = gen["matrix_bytes"]
        in_cache = l3 is not None and mbytes < l3
        proc = next((r for r in rs if r.get("bench") == "ogas_process"), {})
        w("%s nonzeros (%.1f per row), matrix %s; spectral radius %.3g; generated in %s, peak RSS of the "
          "generating process %s (all phases: %s)." % (
              fn(gen["nnz"]), gen["nnz"] / n, fbytes(mbytes), gen["rho_reached"], fsec(gen["seconds"]),
              fbytes(gen.get("peak_rss_bytes")), fbytes(proc.get("peak_rss_bytes"))))
        if proc.get("status") == "failed":
            w("")
            w("**ogas failed**: %s." % proc.get("reason"))
        pf = next((r for r in rs if r.get("bench") == "peer_files" and "file" not in r), None)
        if pf and pf.get("status") != "ok":
            w("")
            w("Peers not run: %s." % pf.get("reason"))
        w("")
        spmv = next((r for r in rs if r.get("bench") == "spmv"), None)
        spmv_bytes = spmv["bytes"] if spmv else None
        if spmv:
            share = spmv["gbs"] * 1e9 / triad if triad else None
            kernel = {"scatter": " (scattered from the rows of A' through the scatter map, as the solver does it at "
                                 "this size)",
                      "gather": " (rows of A, gathering x, as the solver does it at this size)"}.get(spmv.get("kernel"), "")
            w("**SpMV** y = A x%s: best %s of %d runs (median %s), %s moved: **%.1f GB/s = %s of STREAM triad**%s." % (
                kernel, fsec(spmv["best_seconds"]), spmv["runs"], fsec(spmv["median_seconds"]), fbytes(spmv["bytes"]),
                spmv["gbs"], "%.0f%%" % (100 * share) if share else "?",
                " (the matrix fits in the %s L3 cache: not a memory-bandwidth figure)" % fbytes(l3) if in_cache else ""))
            if spmv.get("map_seconds") is not None:
                w("")
                w("The scatter map (%s popular products in the first places; built once per solver, inside its "
                  "setup time) took %s." % (fint(spmv.get("map_popular", 0)), fsec(spmv["map_seconds"])))
            targets["spmv"].append((n, share, in_cache))
            w("")
        og = {r["method"]: r for r in rs if r.get("bench") == "ogas_solve"}
        pe = {r["method"]: r for r in rs if r.get("bench") == "peer"}
        auto = og.get("auto")
        auto_t = auto["total_seconds"] if auto and auto.get("status") == "ok" else None

        w("| implementation | method | time | setup | iterations | matvecs | residual | vs ogas | peak memory "
          "| × floor | ogas auto speed-up |")
        w("|---|---|---|---|---|---|---|---|---|---|---|")
        for m in OGAS_METHODS:
            r = og.get(m)
            if not r:
                continue
            floor = r["matvecs"] * spmv_bytes / triad if (triad and spmv_bytes and r.get("matvecs")) else None
            label = m if r.get("method_used") == m else "%s → %s" % (m, r.get("method_used"))
            if r.get("status") == "failed":
                w("| ogas | %s | failed: %s | | | | %s | | | | |" % (label, r.get("error", ""), fsci(r.get("relres_true"))))
                continue
            ratio = r["total_seconds"] / floor if floor else None
            if m == "auto" and ratio:
                bw_ratios.append((n, ratio, floor))
            w("| ogas | %s | **%s** | %s | %s | %s | %s | | %s | %s | |" % (
                label, fsec(r["total_seconds"]), fsec(r["create_seconds"]), fint(r["iterations"]),
                fint(r["matvecs"]), fsci(r["relres_true"]) + ("" if r["status"] == "ok" else " (above tol)"),
                fbytes(r.get("peak_rss_bytes") or r.get("peak_rss_process_bytes")), fratio(ratio)))
        for m in PEER_METHODS:
            r = pe.get(m)
            if not r:
                continue
            st = r.get("status")
            if st == "skipped":
                w("| %s | %s | skipped: %s | | | | | | | | |" % (PEER_SHORT[m].split()[0], m, r.get("reason", "")))
                continue
            if st == "timeout":
                pcap = r.get("cap_seconds", cap)
                w("| %s | %s | > %s (timeout: %s) | | | | | | %s | | %s |" % (
                    PEER_SHORT[m].split()[0], m, fsec(pcap), r.get("reason", ""), fbytes(r.get("peak_rss_bytes")),
                    fratio(pcap / auto_t, "> ") if auto_t else "—"))
                continue
            if st == "failed":
                w("| %s | %s | failed: %s | | | | | | | | |" % (PEER_SHORT[m].split()[0], m, r.get("reason", "")))
                continue
            floor = r["matvecs"] * spmv_bytes / triad if (triad and spmv_bytes and r.get("matvecs")) else None
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                PEER_SHORT[m].split()[0], m, fsec(r["seconds"]), fsec(r.get("form_seconds") or None),
                fint(r["iterations"]) if r.get("iterations") else "—", fint(r["matvecs"]) if r.get("matvecs") else "—",
                fsci(r["relres_true"]) + ("" if st == "ok" else " (above tol)"),
                fsci(r.get("max_rel_diff_vs_ogas")),
                fbytes(r.get("peak_rss_bytes") or r.get("peak_rss_process_bytes")),
                fratio(r["seconds"] / floor) if floor else "—",
                fratio(r["seconds"] / auto_t) if auto_t else "—"))
        w("")
        # Speed-up of every ogas method against every peer.
        ran = [m for m in PEER_METHODS if m in pe and pe[m].get("status") in ("ok", "residual_above_tol", "timeout")]
        if ran and og:
            w("Speed-up (peer time / ogas time; \">\" where the peer was stopped at its %s cap):" % fsec(
                max(pe[m].get("cap_seconds", cap) for m in ran)))
            w("")
            w("| ogas method | " + " | ".join(PEER_SHORT[m] for m in ran) + " | best peer |")
            w("|---|" + "---|" * (len(ran) + 1))
            for m in OGAS_METHODS:
                r = og.get(m)
                if not r or r.get("status") != "ok":
                    continue
                t = r["total_seconds"]
                cells = []
                best = None
                for p in ran:
                    pr = pe[p]
                    to = pr["status"] == "timeout"
                    pt = pr.get("cap_seconds", cap) if to else pr["seconds"]
                    cells.append(fratio(pt / t, "> " if to else ""))
                    if best is None or pt < best[0]:
                        best = (pt, to)
                w("| %s | %s | %s |" % (m, " | ".join(cells), fratio(best[0] / t, "> " if best[1] else "")))
            w("")
            if auto_t:
                times = []
                for p in ran:
                    pr = pe[p]
                    times.append((pr.get("cap_seconds", cap) if pr["status"] == "timeout" else pr["seconds"], p,
                                  pr["status"] == "timeout"))
                # A peer stopped at its cap took longer than the cap: ogas is faster if it beat the cap,
                # undecided otherwise.
                slower = [p for (pt, p, to) in times if pt <= auto_t and not to]
                undecided = [p for (pt, p, to) in times if pt <= auto_t and to]
                targets["faster"].append((n, not slower and not undecided, slower, undecided))
                bt, bp, bto = min(times)
                targets["best3"].append((n, bt / auto_t, bp, bto))
        if n == 1000000 and auto:
            targets["t1e6"] = auto
        if n == 10000000 and auto:
            targets["t1e7"] = auto
            targets["m1e7"] = (auto, proc)

    # Targets.
    w("## Targets")
    w("")
    w("ogas is judged by its `auto` method, time = create + solve, with the matrix in memory.")
    w("")
    a = targets["t1e6"]
    if a and a.get("status") == "ok":
        w("- 10^6 products in under %g s: %s (%s, method %s)." % (T_1E6_SECONDS, met(a["total_seconds"] < T_1E6_SECONDS),
                                                              fsec(a["total_seconds"]), a.get("method_used")))
    else:
        w("- 10^6 products in under %g s: not measured in this run%s." % (T_1E6_SECONDS, " (solve failed)" if a else ""))
    a = targets["t1e7"]
    if a and a.get("status") == "ok":
        w("- 10^7 products in under %g s: %s (%s, method %s)." % (T_1E7_SECONDS, met(a["total_seconds"] < T_1E7_SECONDS),
                                                              fsec(a["total_seconds"]), a.get("method_used")))
    else:
        w("- 10^7 products in under %g s: not measured in this run%s." % (T_1E7_SECONDS, " (solve failed)" if a else ""))
    mm = targets["m1e7"]
    if mm and mm[0].get("status") == "ok":
        peak = mm[0].get("peak_rss_bytes") or mm[0].get("peak_rss_process_bytes")
        w("- 10^7 products in under 8 GB (8·10^9 bytes): %s (peak RSS of the solve, matrix resident: %s; whole "
          "process including the generator's temporary second copy of the matrix: %s)." % (
              met(peak is not None and peak < T_1E7_BYTES), fbytes(peak), fbytes(mm[1].get("peak_rss_bytes"))))
    else:
        w("- 10^7 products in under 8 GB: not measured in this run.")
    judged = [(n, s) for (n, s, c) in targets["spmv"] if not c and s is not None]
    cached = [n for (n, s, c) in targets["spmv"] if c]
    if judged:
        w("- SpMV at >= %.0f%% of STREAM triad (sizes whose matrix exceeds the L3 cache): %s (%s)." % (
            100 * T_SPMV_SHARE, met(all(s >= T_SPMV_SHARE for (_, s) in judged)),
            ", ".join("n = %s: %.0f%%" % (fn(n), 100 * s) for (n, s) in judged)))
    else:
        w("- SpMV at >= %.0f%% of STREAM triad: not measured (no size beyond the L3 cache in this run)." % (
            100 * T_SPMV_SHARE))
    if cached:
        w("  In cache, not judged: %s." % ", ".join("n = %s: %.0f%%" % (fn(n), 100 * s) for (n, s, c)
                                                    in targets["spmv"] if c and s is not None))
    if targets["faster"]:
        ok = all(f for (_, f, _, _) in targets["faster"])

        def why(f, sl, ud):
            if f:
                return "yes"
            parts = []
            if sl:
                parts.append("slower than " + ", ".join(PEER_SHORT[p] for p in sl))
            if ud:
                parts.append("undecided against " + ", ".join(PEER_SHORT[p] for p in ud) + " (stopped at its cap)")
            return "no, " + "; ".join(parts)

        w("- Faster than every peer method at every size: %s (%s)." % (met(ok), "; ".join(
            "n = %s: %s" % (fn(n), why(f, sl, ud)) for (n, f, sl, ud) in targets["faster"])))
        ok = all(r >= T_BEST_PEER_RATIO for (_, r, _, _) in targets["best3"])
        w("- At least %g× faster than the best peer at every size: %s (%s)." % (T_BEST_PEER_RATIO, met(ok), "; ".join(
            "n = %s: %s vs %s" % (fn(n), fratio(r, "> " if to else ""), PEER_SHORT[p])
            for (n, r, p, to) in targets["best3"])))
    else:
        w("- Faster than every peer, and >= 3× the best: not measured (no peer ran).")
    if bw_ratios:
        w("")
        w("Against the memory-bandwidth limit (ogas auto, time / (matvecs × SpMV bytes / STREAM triad)): %s." % (
            "; ".join("n = %s: %s (floor %s)" % (fn(n), fratio(r), fsec(f)) for (n, r, f) in bw_ratios)))
    w("")
    return "\n".join(o)


# The peer planner (Cockshott's Java harmony planner) on this machine, as the issue reports it: seconds
# for 20, 1,280 and 5,120 products; its exact LP (lp_solve) did not finish 80 products in 10 minutes.
PEER_PLAN_SECONDS = {20: 0.4, 1280: 20.6, 5120: 212.0}
T_PLAN_5120_SECONDS = 2.0
T_PLAN_1E6_SECONDS = 600.0
T_PLAN_GAP = 0.01
T_PDLP_OVER_LP = 10.0


def plan_report(path):
    recs = load(path)
    mach = next((r for r in recs if r.get("bench") == "machine"), {})
    stream = next((r for r in recs if r.get("bench") == "stream"), None)
    rows = [r for r in recs if r.get("bench") == "plan"]
    sizes = []
    for r in rows:
        if r["n"] not in sizes:
            sizes.append(r["n"])
    o = []
    w = o.append
    tag = mach.get("tag")
    w("# ogas benchmark: five-year plans%s" % (" (%s)" % tag.upper() if tag else ""))
    w("")
    w("Run of %s on `%s`; sizes: %s. Source: `%s`." % (mach.get("date", "?"), mach.get("host", "?"),
                                                    mach.get("sizes", "?"), os.path.basename(path)))
    w("")
    w("Machine: %s, %s threads, %s memory%s." % (mach.get("cpu", "?"), mach.get("cores", "?"),
                                                 fbytes(mach.get("mem_total_bytes")),
                                                 ", STREAM triad %.1f GB/s" % stream["triad_gbs"] if stream else ""))
    w("")
    w("Generated plans (`ogas generate --plan --products N --years 5 --seed 1`: about 9 input and 9 capital")
    w("nonzeros per product, stocks at capacity in year 1, targets growing 2% a year). `best` is the largest")
    w("feasible fulfilment any method reached; pdlp's `bound` is its certified upper bound: no plan does")
    w("better, so `best` is within `(bound - best) / bound` of the optimum. The peer is Cockshott's Java")
    w("harmony planner, with the times the issue reports for this machine (it was not run here).")
    w("")
    w("| products | method | status | time | objective | below best | certified within | peak memory | peer harmony |")
    w("|---:|---|---|---:|---:|---:|---:|---:|---:|")
    best = {}
    bound = {}
    for n in sizes:
        objs = [r["objective"] for r in rows if r["n"] == n and r.get("method") != "generate" and
                isinstance(r.get("objective"), (int, float)) and r.get("status") in ("optimal", "feasible", "iteration_limit")]
        best[n] = max(objs) if objs else None
        ub = [r["upper_bound"] for r in rows if r["n"] == n and isinstance(r.get("upper_bound"), (int, float))]
        bound[n] = min(ub) if ub else None
    for n in sizes:
        for r in rows:
            if r["n"] != n or r.get("method") == "generate":
                continue
            obj = r.get("objective")
            below = ""
            if isinstance(obj, (int, float)) and best[n]:
                below = "%.2f%%" % (100.0 * (best[n] - obj) / best[n])
            cert = ""
            if isinstance(r.get("certified_gap"), (int, float)):
                cert = "%.2f%%" % (100.0 * r["certified_gap"])
            status = r.get("status", "?")
            if status == "skipped":
                status = "skipped: " + r.get("reason", "")
            peer = fsec(PEER_PLAN_SECONDS[n]) if n in PEER_PLAN_SECONDS and r["method"] == "harmony" else ""
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                fn(n), r["method"], status, fsec(r.get("solve_seconds")) if r.get("solve_seconds") is not None else "",
                "%.6f" % obj if isinstance(obj, (int, float)) else "", below, cert,
                fbytes(r.get("peak_bytes")) if r.get("peak_bytes") else "", peer))
    w("")
    w("## Targets")
    w("")

    def get(n, method):
        return next((r for r in rows if r["n"] == n and r.get("method") == method), None)

    p5 = get(5120, "pdlp")
    if p5 and isinstance(p5.get("solve_seconds"), (int, float)):
        ok = p5["solve_seconds"] < T_PLAN_5120_SECONDS and p5.get("status") == "optimal" and \
            (p5.get("certified_gap") or 1) <= T_PLAN_GAP
        w("- 5,120 products in under 2 s within 1%%: pdlp %s, certified within %s: %s" % (
            fsec(p5["solve_seconds"]), "%.2f%%" % (100 * p5["certified_gap"]) if isinstance(p5.get("certified_gap"), (int, float)) else "?",
            met(ok)))
    else:
        w("- 5,120 products in under 2 s within 1%: not run")
    p6 = get(1000000, "pdlp")
    if p6 and isinstance(p6.get("solve_seconds"), (int, float)):
        ok = p6["solve_seconds"] < T_PLAN_1E6_SECONDS and (p6.get("certified_gap") or 1) <= T_PLAN_GAP
        w("- 1,000,000 products x 5 years in under 10 minutes, certified within 1%%: %s, %s: %s" % (
            fsec(p6["solve_seconds"]), p6.get("status"), met(ok)))
    else:
        w("- 1,000,000 products x 5 years in under 10 minutes: %s" % (
            ("skipped: " + p6.get("reason", "")) if p6 else "not run") + ": " + met(False))
    lps = [r for r in rows if r.get("method") == "lp" and r.get("status") == "optimal"]
    if lps:
        big = max(lps, key=lambda r: r["n"])
        pd = get(big["n"], "pdlp")
        if pd and isinstance(pd.get("solve_seconds"), (int, float)) and pd["solve_seconds"] > 0:
            ratio = big["solve_seconds"] / pd["solve_seconds"]
            w("- pdlp at least 10x faster than CLP at the largest size CLP solves (%s products): CLP %s, pdlp %s (%s): %s" % (
                fn(big["n"]), fsec(big["solve_seconds"]), fsec(pd["solve_seconds"]), fratio(ratio), met(ratio >= T_PDLP_OVER_LP)))
    w("")
    return "\n".join(o) + "\n"


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--plan":
        sys.stdout.write(plan_report(sys.argv[2]))
        return
    if len(sys.argv) == 2 and sys.argv[1] == "--machine":
        print(json.dumps(machine(), separators=(",", ":")))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--busy":
        print(json.dumps(busy(sys.argv[2]), separators=(",", ":")))
        return
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS.json | --machine | --busy LABEL")
    sys.stdout.write(report(sys.argv[1]))


if __name__ == "__main__":
    main()
