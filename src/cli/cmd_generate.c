/* cmd_generate.c: `ogas generate --products N --inputs K --seed S [--rho R] --out DIR`. */
#include <stdio.h>

#include "cli.h"
#include "ogas/budget.h"

/* ogas generate --plan: a plan problem in the native format. */
static int generate_plan(const cli_opt *opts, const ogas_generate_options *go)
{
    ogas_plan_generate_options po;
    ogas_plan_problem p;
    ogas_error err;
    double v;
    int status = 0;
    ogas_plan_generate_options_init(&po);
    po.products = go->products;
    po.seed = go->seed;
    po.inputs = cli_get(opts, "inputs") ? go->inputs : po.inputs;
    if (cli_get(opts, "years")) {
        if (!cli_number("generate", "years", cli_get(opts, "years"), 1, 100, &v)) return 2;
        po.years = (int)v;
    }
    if (cli_get(opts, "capital")) {
        if (!cli_number("generate", "capital", cli_get(opts, "capital"), 1, 1000, &v)) return 2;
        po.capital_goods = v;
    }
    ogas_error_clear(&err);
    if (ogas_plan_generate(&po, &p, &err) || ogas_plan_write_native(cli_get(opts, "out"), &p, &err)) {
        status = cli_fail("generate", &err);
    } else if (!cli_get(opts, "quiet")) {
        fprintf(stderr, "ogas generate: a %d-year plan of %lld products, %lld capital stocks, written to %s\n", p.T,
                (long long)p.n, (long long)ogas_csr_nnz(&p.capital), cli_get(opts, "out"));
    }
    ogas_plan_problem_free(&p);
    return status;
}

/* ogas generate --election: a participatory-budgeting election (.pb). */
static int generate_election(const cli_opt *opts)
{
    double voters, projects, len = 10, seed = 1;
    ogas_error err;
    if (!cli_get(opts, "voters") || !cli_get(opts, "projects") || !cli_get(opts, "out")) {
        fprintf(stderr, "ogas generate: --election needs --voters N, --projects M and --out FILE.pb\n");
        return 2;
    }
    if (!cli_number("generate", "voters", cli_get(opts, "voters"), 1, 1e8, &voters) ||
        !cli_number("generate", "projects", cli_get(opts, "projects"), 1, 1e6, &projects) ||
        (cli_get(opts, "max-length") && !cli_number("generate", "max-length", cli_get(opts, "max-length"), 1, 1e6, &len)) ||
        (cli_get(opts, "seed") && !cli_number("generate", "seed", cli_get(opts, "seed"), 0, 9007199254740992.0, &seed)))
        return 2;
    ogas_error_clear(&err);
    if (ogas_pb_generate(cli_get(opts, "out"), (int64_t)voters, (int64_t)projects, (int64_t)len, (uint64_t)seed, &err))
        return cli_fail("generate", &err);
    if (!cli_get(opts, "quiet"))
        fprintf(stderr, "ogas generate: an election of %.0f voters and %.0f projects written to %s\n", voters, projects,
                cli_get(opts, "out"));
    return 0;
}

/* ogas generate ... */
int cmd_generate(int argc, char **argv)
{
    cli_opt opts[] = {{"products", "N", "number of products (required)", NULL},
                      {"inputs", "K", "average inputs per product (default 20)", NULL},
                      {"seed", "S", "random seed (default 1); the same seed gives the same economy", NULL},
                      {"rho", "R", "spectral radius of A to aim for (default 0.8)", NULL},
                      {"local", "F", "share of inputs from neighbouring products (default 0.5)", NULL},
                      {"out", "DIR", "folder to write A.mtx, labour.mtx, demand.mtx into (required)", NULL},
                      {"plan", NULL, "write a plan problem instead (native format: manifest.txt and Matrix Market files)", NULL},
                      {"years", "T", "with --plan: years of the plan (default 5)", NULL},
                      {"capital", "C", "with --plan: average capital goods per technique (default 9)", NULL},
                      {"election", NULL, "write a participatory-budgeting election instead (--out FILE.pb)", NULL},
                      {"voters", "N", "with --election: voters (required)", NULL},
                      {"projects", "M", "with --election: projects (required)", NULL},
                      {"max-length", "L", "with --election: most projects on a ballot (default 10)", NULL},
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
    status = cli_parse("generate", "", "Write a synthetic economy with power-law input popularity (Matrix Market files), a plan\nproblem (--plan) or a participatory-budgeting election (--election).",
                       argc, argv, opts, pos, 0, &npos);
    if (status) return status == 1 ? 0 : status;
    if (cli_get(opts, "election")) return generate_election(opts);
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
    if (cli_get(opts, "plan")) return generate_plan(opts, &go);
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
