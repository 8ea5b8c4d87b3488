"""Checks one `ogas-mpi plan --json` result against `ogas plan --method lp --json` (CLP's exact optimum)
and `ogas plan --method pdlp --json` on the same plan, and its --out years.csv against its JSON.
Usage: plan_check.py LP.json PDLP.json GOT.json RANKS GAP YEARS.csv; prints one line, exits 1 on a failure."""
import csv, json, sys
lp, ser, got = (json.load(open(f)) for f in sys.argv[1:4])
k, gap = int(sys.argv[4]), float(sys.argv[5])
L = lp["objective"]
for key in ["status", "method", "objective", "phi", "iterations", "seconds", "relative_gap", "primal_residual",
            "dual_residual", "lower_bound", "upper_bound", "certified_gap", "backend", "ranks", "rank_rows",
            "rank_columns", "rank_nonzeros", "rank_ghosts", "rank_vmhwm_kib", "step_comm_bytes"]:
    assert key in got, key
assert got["status"] == "optimal" and got["method"] == "pdlp" and got["backend"] == "petsc", got["status"]
assert got["ranks"] == k == len(got["rank_rows"]) == len(got["rank_columns"])
assert sum(got["rank_rows"]) == got["lp_rows"] and sum(got["rank_columns"]) == got["lp_columns"]
assert sum(got["rank_nonzeros"]) == 2 * got["lp_nonzeros"]
assert len(got["phi"]) == got["years"] == lp["years"] and got["products"] == lp["products"]
# the certified bracket holds the exact optimum, the plan is the bracket's feasible end
assert got["lower_bound"] <= L * (1 + 1e-9) and got["upper_bound"] >= L * (1 - 1e-9), (got["lower_bound"], L, got["upper_bound"])
assert got["objective"] == got["lower_bound"], (got["objective"], got["lower_bound"])
# stopped as ogas plan stops: certified within the gap, or the iterate within min(gap, 1e-6) (its repair
# then certified to a looser bracket: at most 1e-3 here)
assert got["certified_gap"] <= gap or got["relative_gap"] <= min(gap, 1e-6), (got["certified_gap"], got["relative_gap"])
assert got["certified_gap"] <= 1e-3, got["certified_gap"]
# both plans within their certified gaps of the optimum, so of each other
tol = (got["certified_gap"] + ser["certified_gap"]) * abs(L) + 1e-12
assert abs(got["objective"] - ser["objective"]) <= tol, (got["objective"], ser["objective"], tol)
rows = list(csv.DictReader(open(sys.argv[6])))
assert [float(r["phi"]) for r in rows] == got["phi"], "years.csv differs from the JSON"
print(f"objective {got['objective']:.12g} (CLP {L:.12g}, ogas pdlp {ser['objective']:.12g}), "
      f"certified within {got['certified_gap']:.1e}, {got['iterations']} steps")
