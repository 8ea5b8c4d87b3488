/* cmd_inverse.c: `ogas inverse TABLE --out L.csv`: the dense Leontief inverse in the wide layout. */
#include <stdio.h>

#include "common.h"

/* ogas inverse TABLE --out FILE */
int cmd_inverse(int argc, char **argv)
{
    cli_opt opts[] = {CLI_READ_OPTS,
                      {"out", "FILE.csv", "where to write (I - A)^-1, codes in the first row and column (required)", NULL},
                      {"quiet", NULL, "no notes on stderr", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1];
    int npos, status;
    ogas_read_options ro;
    ogas_economy e = {0};
    ogas_dense L = {0};
    ogas_error err;

    ogas_error_clear(&err);
    status = cli_parse("inverse", "TABLE", "Write the dense Leontief inverse (I - A)^-1 (LU with partial pivoting).", argc,
                       argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (!cli_read_options("inverse", opts, &ro)) return 2;
    if (!cli_table(opts, pos, npos) || !cli_get(opts, "out")) {
        fprintf(stderr, "ogas inverse: expected TABLE and --out FILE.csv (see ogas inverse --help)\n");
        return 2;
    }
    if (ogas_economy_read(cli_table(opts, pos, npos), &ro, &e, &err)) return cli_fail("inverse", &err);
    cli_print_notes("inverse", &e, cli_get(opts, "quiet") != NULL);
    if (ogas_leontief_inverse(&e.A, e.codes, &L, &err) ||
        ogas_write_wide(cli_get(opts, "out"), "", e.n, e.n, e.codes, e.codes, L.x, &err))
        status = cli_fail("inverse", &err);
    ogas_dense_free(&L);
    ogas_economy_free(&e);
    return status;
}
