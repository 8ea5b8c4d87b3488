/* cmd_generate.c: `ogas generate --products N --inputs K --seed S [--rho R] --out DIR`. */
#include <stdio.h>

#include "cli.h"

/* ogas generate ... */
int cmd_generate(int argc, char **argv)
{
    cli_opt opts[] = {{"products", "N", "number of products (required)", NULL},
                      {"inputs", "K", "average inputs per product (default 20)", NULL},
                      {"seed", "S", "random seed (default 1); the same seed gives the same economy", NULL},
                      {"rho", "R", "spectral radius of A to aim for (default 0.8)", NULL},
                      {"local", "F", "share of inputs from neighbouring products (default 0.5)", NULL},
                      {"out", "DIR", "folder to write A.mtx, labour.mtx, demand.mtx into (required)", NULL},
                      {"quiet", NULL, "no progress on stderr", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1];
    int npos, status;
    ogas_generate_options go;
    ogas_synthetic s = {0};
    ogas_error err;
    cli_progress prog;
    double v;

    ogas_error_clear(&err);
    status = cli_parse("generate", "", "Write a synthetic economy with power-law input popularity (Matrix Market files).",
                       argc, argv, opts, pos, 0, &npos);
    if (status) return status == 1 ? 0 : status;
    if (!cli_get(opts, "products") || !cli_get(opts, "out")) {
        fprintf(stderr, "ogas generate: --products N and --out DIR are required (see ogas generate --help)\n");
        return 2;
    }
    ogas_generate_options_init(&go);
    if (!cli_number("generate", "products", cli_get(opts, "products"), 1, 2147483646.0, &v)) return 2;
    go.products = (int64_t)v;
    if (cli_get(opts, "inputs")) {
        if (!cli_number("generate", "inputs", cli_get(opts, "inputs"), 1, 1000, &v)) return 2;
        go.inputs = v;
    }
    if (cli_get(opts, "seed")) {
        if (!cli_number("generate", "seed", cli_get(opts, "seed"), 0, 9007199254740992.0, &v)) return 2;
        go.seed = (uint64_t)v;
    }
    if (cli_get(opts, "rho")) {
        if (!cli_number("generate", "rho", cli_get(opts, "rho"), 1e-6, 0.999999, &v)) return 2;
        go.rho = v;
    }
    if (cli_get(opts, "local")) {
        if (!cli_number("generate", "local", cli_get(opts, "local"), 0, 1, &v)) return 2;
        go.local = v;
    }
    cli_progress_init(&prog, cli_get(opts, "quiet") != NULL);
    go.progress = cli_progress_stage;
    go.progress_ud = &prog;
    if (ogas_generate_economy(&go, &s, &err) || ogas_synthetic_write(&s, &go, cli_get(opts, "out"), &err)) {
        cli_progress_done(&prog);
        status = cli_fail("generate", &err);
    } else {
        cli_progress_done(&prog);
        if (!cli_get(opts, "quiet"))
            fprintf(stderr, "ogas generate: %lld products, %lld coefficients, spectral radius %.3g, written to %s\n",
                    (long long)s.A.n, (long long)ogas_csr_nnz(&s.A), s.rho, cli_get(opts, "out"));
    }
    ogas_synthetic_free(&s);
    return status;
}
