/* cmd_supply_use.c: `ogas supply-use --make V.csv --use U.csv --total-requirements KIND --out TR.csv`:
 * total requirements from make and use tables under the industry technology assumption, with the BEA
 * scrap adjustment (docs/formats.md). */
#include <stdio.h>

#include "cli.h"
#include "ogas/supply_use.h"

/* ogas supply-use --make V.csv --use U.csv [--scrap CODE] --total-requirements ixi|cxc|ixc --out TR.csv */
int cmd_supply_use(int argc, char **argv)
{
    cli_opt opts[] = {
        {"make", "V.csv", "make table: industries (rows) x commodities (columns), wide CSV (required)", NULL},
        {"use", "U.csv",
         "use table: commodities (rows) x industries (columns), then final-demand columns and value-added rows "
         "(required)",
         NULL},
        {"scrap", "CODE",
         "commodity code of scrap: no market shares of its own, each industry's shares scaled by 1/(1 - its scrap "
         "share) (BEA)",
         NULL},
        {"total-requirements", "KIND",
         "ixi (industry by industry), cxc (commodity by commodity) or ixc (industry by commodity) (required)", NULL},
        {"out", "FILE.csv", "where to write the total requirements, codes in the first row and column (required)",
         NULL},
        {"quiet", NULL, "no notes on stderr", NULL},
        {NULL, NULL, NULL, NULL}};
    const char *pos[1], *kind_s, *out;
    int npos, status;
    ogas_tr_kind kind;
    ogas_supply_use su = {0};
    ogas_dense TR = {0};
    ogas_error err;

    ogas_error_clear(&err);
    status = cli_parse("supply-use", "--make V.csv --use U.csv --total-requirements KIND --out FILE.csv",
                       "Total requirements from make and use tables under the industry technology assumption:\n"
                       "ixi = (I - D B)^-1, cxc = (I - B D)^-1, ixc = D (I - B D)^-1, with B = U diag(g)^-1 and the\n"
                       "market shares D = V diag(q)^-1 (g industry output, q commodity output).",
                       argc, argv, opts, pos, 0, &npos);
    if (status) return status == 1 ? 0 : status;
    kind_s = cli_get(opts, "total-requirements");
    out = cli_get(opts, "out");
    if (!cli_get(opts, "make") || !cli_get(opts, "use") || !kind_s || !out) {
        fprintf(stderr, "ogas supply-use: expected --make V.csv, --use U.csv, --total-requirements KIND and --out "
                        "FILE.csv (see ogas supply-use --help)\n");
        return 2;
    }
    if (!ogas_tr_kind_parse(kind_s, &kind)) {
        fprintf(stderr, "ogas supply-use: --total-requirements expects ixi, cxc or ixc, not '%s'\n", kind_s);
        return 2;
    }
    if (ogas_supply_use_read(cli_get(opts, "make"), cli_get(opts, "use"), cli_get(opts, "scrap"), &su, &err))
        return cli_fail("supply-use", &err);
    if (!cli_get(opts, "quiet"))
        for (int64_t k = 0; k < su.nnotes; k++) fprintf(stderr, "ogas supply-use: note: %s\n", su.notes[k]);
    if (ogas_total_requirements(&su.V, &su.U, su.scrap, kind, su.industries, su.commodities, &TR, &err) ||
        ogas_write_wide(out, "", TR.m, TR.n, kind == OGAS_TR_CXC ? su.commodities : su.industries,
                        kind == OGAS_TR_IXI ? su.industries : su.commodities, TR.x, &err))
        status = cli_fail("supply-use", &err);
    ogas_dense_free(&TR);
    ogas_supply_use_free(&su);
    return status;
}
