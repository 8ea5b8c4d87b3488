#!/usr/bin/python3
"""compare.py REF.csv GOT.csv [REL]: the results of ogas-mpi leontief --out against ogas leontief --out.

Both files hold code,output,multiplier,labour_value per product. The codes must be the same, in the same
order; an empty field in one must be empty in the other; numbers must agree to REL (default 1e-9)
relative, product by product: |a - b| <= REL * max(|a|, |b|). Prints the largest relative difference of
each column; exits 1 on any failure."""
import sys

import numpy as np


def read(path):
    with open(path) as f:
        header = f.readline().strip()
        rows = [line.rstrip("\n").split(",") for line in f]
    return header, rows


def main():
    ref_path, got_path = sys.argv[1], sys.argv[2]
    rel = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
    h1, ref = read(ref_path)
    h2, got = read(got_path)
    if h1 != h2:
        sys.exit(f"compare: headers differ: {h1!r} and {h2!r}")
    if len(ref) != len(got):
        sys.exit(f"compare: {len(ref)} products in {ref_path}, {len(got)} in {got_path}")
    codes1 = [r[0] for r in ref]
    codes2 = [r[0] for r in got]
    if codes1 != codes2:
        k = next(i for i in range(len(codes1)) if codes1[i] != codes2[i])
        sys.exit(f"compare: product {k + 1} is {codes1[k]} in {ref_path}, {codes2[k]} in {got_path}")
    failed = False
    report = []
    for c, name in enumerate(h1.split(",")[1:], start=1):
        e1 = [r[c] == "" for r in ref]
        e2 = [r[c] == "" for r in got]
        if e1 != e2:
            sys.exit(f"compare: column {name}: empty in one file and not in the other")
        if all(e1):
            report.append(f"{name} absent")
            continue
        a = np.array([float(r[c]) for r in ref])
        b = np.array([float(r[c]) for r in got])
        scale = np.maximum(np.abs(a), np.abs(b))
        diff = np.abs(a - b)
        relerr = np.where(scale > 0, diff / np.where(scale > 0, scale, 1.0), 0.0)
        worst = int(np.argmax(relerr))
        report.append(f"{name} max rel diff {relerr[worst]:.2e}")
        if relerr[worst] > rel or not np.all(np.isfinite(b)):
            failed = True
            print(f"compare: {name} of product {codes1[worst]}: {a[worst]!r} and {b[worst]!r} "
                  f"(relative difference {relerr[worst]:.3e} > {rel:g})", file=sys.stderr)
    print(f"{len(ref)} products: " + ", ".join(report))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
