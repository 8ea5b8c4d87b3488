/* common.h: options shared by the commands that read an economy. */
#ifndef OGAS_CLI_COMMON_H
#define OGAS_CLI_COMMON_H

#include "cli.h"

#define CLI_READ_OPTS                                                                                          \
    {"layout", "L", "table layout: auto (default), wide, wiod, supply-use, 5yp, mtx", NULL},                  \
        {"year", "Y", "WIOD: the year to read (default: the latest)", NULL},                                    \
        {"labour", "ROW|FILE", "labour: a primary-input row, or a file (code,value CSV or .mtx)", NULL},         \
        {"demand", "COLS|FILE", "final demand: comma-separated column names, or a file (default: all columns)", \
         NULL},                                                                                                 \
        {"output-row", "ROW", "wide: the row holding gross output (default: recognised by name)", NULL},        \
        {"sea", "FILE", "WIOD: socio-economic accounts with H_EMPE (default: SEA*.csv beside the table)", NULL}, \
        {"drop", "CODES", "leave out these products (comma-separated codes)", NULL},                             \
        {"make", "V.csv", "supply-use: make table (industries x commodities); TABLE may then be left out", NULL}, \
        {"use", "U.csv", "supply-use: use table (commodities x industries)", NULL},                              \
        {"scrap", "CODE", "supply-use: the scrap commodity (BEA adjustment)", NULL}

#define CLI_SOLVE_OPTS                                                                                         \
    {"method", "M", "auto (default), dense, gmres, neumann, gauss-seidel", NULL},                              \
        {"tol", "T", "relative residual to reach (default 1e-10)", NULL},                                     \
        {"max-iter", "N", "iteration limit (default 10000)", NULL},                                            \
        {"restart", "N", "GMRES restart length (default 20)", NULL}

int cli_read_options(const char *cmd, const cli_opt *opts, ogas_read_options *r);
/* The table argument: pos (when given) or, for supply-use tables, the --use file; NULL when neither. */
const char *cli_table(const cli_opt *opts, const char **pos, int npos);
void cli_print_notes(const char *cmd, const ogas_economy *e, int quiet);
int cli_solve_options(const char *cmd, const cli_opt *opts, ogas_solve_options *s);

#endif
