#!/usr/bin/python3
"""Reference total requirements for examples/io/supply_use/ computed independently with numpy.

Run by hand from the repository root (the C tests only read its output):
    /usr/bin/python3 tests/data/supply_use/reference.py
It writes tests/data/supply_use/tr_{ixi,cxc,ixc}.csv (no scrap adjustment) and
tr_{ixi,cxc,ixc}_scrap.csv (scrap commodity SCRAP), in the wide layout with 17 significant digits.

Definitions (BEA, Concepts and Methods of the U.S. Input-Output Accounts, ch. 12; Miller and Blair,
Input-Output Analysis, 2nd ed., ch. 5): g = V 1, q = V' 1, B = U diag(g)^-1, D = V diag(q)^-1;
with scrap s: column s of V dropped before q and D, row i of D divided by 1 - V[i,s]/g[i].
ixi = inv(I - D B), cxc = inv(I - B D), ixc = D inv(I - B D). Plain numpy.linalg.inv, no ogas code.
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EX = os.path.join(HERE, "..", "..", "..", "examples", "io", "supply_use")


def is_total(name):
    return name.strip().lower().startswith("total")


def read(path):
    with open(path, newline="") as fp:
        return list(csv.reader(fp))


def tables():
    make, use = read(os.path.join(EX, "make.csv")), read(os.path.join(EX, "use.csv"))
    coms = [c for c in make[0][1:] if not is_total(c)]
    inds = [r[0] for r in make[1:] if not is_total(r[0])]
    mcol = {c: k for k, c in enumerate(make[0]) if k > 0}
    V = np.array([[float(r[mcol[c]]) for c in coms] for r in make[1:] if not is_total(r[0])])
    ucol = {c: k for k, c in enumerate(use[0]) if k > 0}
    urow = {r[0]: r for r in use[1:]}
    U = np.array([[float(urow[c][ucol[i]]) for i in inds] for c in coms])
    return inds, coms, V, U


def totals(V, U, scrap):
    g = V.sum(axis=1)
    W = V.copy()
    if scrap is not None:
        W[:, scrap] = 0.0
    q = W.sum(axis=0)
    D = np.divide(W, q, out=np.zeros_like(W), where=q != 0)
    if scrap is not None:
        p = V[:, scrap] / g
        D = D / (1.0 - p)[:, None]
    B = U / g
    ni, nc = V.shape
    Lc = np.linalg.inv(np.eye(nc) - B @ D)
    Li = np.linalg.inv(np.eye(ni) - D @ B)
    return {"ixi": Li, "cxc": Lc, "ixc": D @ Lc}


def write(path, rows, cols, M):
    with open(path, "w", newline="") as fp:
        fp.write("," + ",".join(cols) + "\n")
        for r, name in enumerate(rows):
            fp.write(name + "," + ",".join("%.17g" % v for v in M[r]) + "\n")


def main():
    inds, coms, V, U = tables()
    for suffix, scrap in (("", None), ("_scrap", coms.index("SCRAP"))):
        T = totals(V, U, scrap)
        write(os.path.join(HERE, "tr_ixi%s.csv" % suffix), inds, inds, T["ixi"])
        write(os.path.join(HERE, "tr_cxc%s.csv" % suffix), coms, coms, T["cxc"])
        write(os.path.join(HERE, "tr_ixc%s.csv" % suffix), inds, coms, T["ixc"])


if __name__ == "__main__":
    main()
