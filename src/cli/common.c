/* common.c: reading an economy from the options every economy command shares. */
#include <stdio.h>
#include <string.h>

#include "common.h"

/* Fills r from the shared options. Returns 0 on bad values (already reported). */
int cli_read_options(const char *cmd, const cli_opt *opts, ogas_read_options *r)
{
    const char *year = cli_get(opts, "year");
    memset(r, 0, sizeof *r);
    r->layout = cli_get(opts, "layout");
    r->output_row = cli_get(opts, "output-row");
    r->labour = cli_get(opts, "labour");
    r->demand = cli_get(opts, "demand");
    r->sea = cli_get(opts, "sea");
    r->drop = cli_get(opts, "drop");
    r->make = cli_get(opts, "make");
    r->use = cli_get(opts, "use");
    r->scrap = cli_get(opts, "scrap");
    if ((r->make != NULL) != (r->use != NULL)) {
        fprintf(stderr, "ogas %s: supply-use tables need both --make and --use\n", cmd);
        return 0;
    }
    if (year) {
        double y;
        if (!cli_number(cmd, "year", year, 1900, 2200, &y)) return 0;
        r->year = (int)y;
    }
    return 1;
}

/* TABLE, or the use table when supply-use tables are given. */
const char *cli_table(const cli_opt *opts, const char **pos, int npos)
{
    if (npos == 1) return pos[0];
    return cli_get(opts, "use");
}

/* Prints e's notes to stderr unless quiet. */
void cli_print_notes(const char *cmd, const ogas_economy *e, int quiet)
{
    if (quiet) return;
    for (int64_t k = 0; k < e->nnotes; k++) fprintf(stderr, "ogas %s: note: %s\n", cmd, e->notes[k]);
}

/* Fills s from --method, --tol, --max-iter, --restart. Returns 0 on bad values. */
int cli_solve_options(const char *cmd, const cli_opt *opts, ogas_solve_options *s)
{
    const char *m = cli_get(opts, "method"), *tol = cli_get(opts, "tol"), *mi = cli_get(opts, "max-iter"),
               *rs = cli_get(opts, "restart");
    double v;
    ogas_solve_options_init(s);
    if (m && !ogas_method_parse(m, &s->method)) {
        fprintf(stderr, "ogas %s: --method expects auto, dense, gmres, neumann or gauss-seidel, not '%s'\n", cmd, m);
        return 0;
    }
    if (tol) {
        if (!cli_number(cmd, "tol", tol, 1e-16, 0.1, &v)) return 0;
        s->tol = v;
    }
    if (mi) {
        if (!cli_number(cmd, "max-iter", mi, 1, 1e9, &v)) return 0;
        s->max_iter = (int64_t)v;
    }
    if (rs) {
        if (!cli_number(cmd, "restart", rs, 1, 1000, &v)) return 0;
        s->restart = (int)v;
    }
    return 1;
}
