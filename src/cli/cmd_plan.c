/* cmd_plan.c: `ogas plan DIR|TABLE`: the optimal multi-year plan of an economy with capital stocks. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "common.h"
#include "plan_out.h"
#include "ogas/plan.h"

/* Prints the fixed investments of the selected projects, year by year. */
static void report_fixed(const ogas_plan_problem *p, const ogas_plan_projects *proj)
{
    char g[112], k[112];
    printf("\n  fixed investments      %lld projects, %lld investments (decided by participatory budgeting; the\n"
           "                         investment column above includes them)\n",
           (long long)proj->projects, (long long)proj->count);
    if (proj->count == 0) return;
    printf("  %-5s %-20s %-16s %-24s %14s\n", "year", "project", "good", "industry", "amount");
    for (int y = 1; y <= p->T; y++)
        for (int64_t q = 0; q < proj->count; q++) {
            const ogas_plan_fixed_item *it = &proj->item[q];
            if (it->year != y) continue;
            printf("  %-5d %-20s %-16s %-24s %14.6g\n", y, it->project, ogas_plan_product_name(p, it->good, g, sizeof g),
                   ogas_plan_technique_name(p, it->tech, k, sizeof k), it->amount);
        }
}

/* ogas plan DIR|TABLE [options] */
int cmd_plan(int argc, char **argv)
{
    cli_opt opts[] = {{"method", "M", "lp (exact, COIN-OR CLP; default), pdlp (first-order, for large plans), harmony "
                                      "(Cockshott's heuristic), balance (material balances: feasible, fast, no LP); a comma list runs several and "
                                      "compares them with the first",
                       NULL},
                      {"projects", "FILE", "fixed investments decided by participatory budgeting (CSV: project,year,good,industry,amount or capacity): the plan makes them and may invest more; --out's investment is the total", NULL},
                      {"selected", "FILE", "with --projects: the projects taken, one id a line (as ogas budget writes it; default: every project in the file)", NULL},
                      {"weights", "FILE", "priority weights of the products (CSV rows code,weight; unlisted: 0): maximise the weighted fulfilment, each product's capped at 1, instead of Cockshott's sum of phi", NULL},
                      {"min-fulfilment", "F", "lp, pdlp: require phi >= F in every year; if no plan can, say which years fall short and what binds them", NULL},
                      {"gap", "G", "pdlp: stop when the plan is certified within this share of the optimum (or the iterate is within min(G, 1e-6)); default 1e-6", NULL},
                      {"pdhg", "S", "pdlp's iteration: halpern (reflected restarted Halpern PDHG at a constant step; default) or adaptive (PDLP's adaptive steps and restarts to the average)", NULL},
                      {"max-memory", "GB", "pdlp: refuse to start (saying how much it needs) when it would take more than this beyond its LP (default: the memory available)", NULL},
                      {"max-iter", "N", "iteration limit (default: the method's)", NULL},
                      {"max-seconds", "S", "time limit per method (default: none)", NULL},
                      {"out", "DIR", "write years.csv, products.csv and techniques.csv of the first method into DIR (products.csv's investment: the plan's and the fixed investments together)", NULL},
                      {"json", NULL, "print one JSON object instead of the report", NULL},
                      {"quiet", NULL, "no progress on stderr", NULL},
                      {"years", "T", "from a table: years of the plan (default 5)", NULL},
                      {"capital-ratio", "R", "from a table: capital stock per unit of gross output (default 2.5)", NULL},
                      {"depreciation", "D", "from a table: share of capital worn out each year (default 0.06)", NULL},
                      {"growth", "G", "from a table: growth of the targets a year (default 0.02)", NULL},
                      {"labour-growth", "G", "from a table: growth of the labour available a year (default 0.01)", NULL},
                      {"capital", "FILE", "from a table: capital stocks (CSV: code,<industries> / <good>,<stocks>) instead of generated ones", NULL},
                      {"targets", "FILE", "from a table: targets (CSV: year,<products> / 1..T,<targets>) instead of growing final demand", NULL},
                      CLI_READ_OPTS,
                      CLI_STORE_OPTS,
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1], *methods;
    char list[64], *names[3];
    int npos, status, nm = 0;
    ogas_plan_problem p;
    ogas_plan plans[3];
    ogas_pdlp_info infos[3];
    ogas_status rcs[3];
    ogas_error errs[3], err;
    ogas_plan_options po;
    ogas_plan_projects proj;
    double v;

    memset(plans, 0, sizeof plans);
    memset(&proj, 0, sizeof proj);
    memset(infos, 0, sizeof infos);
    ogas_error_clear(&err);
    status = cli_parse("plan", "DIR|TABLE",
                       "Compute the plan that maximises fulfilment of the targets, year by year, from a folder in the "
                       "peer planner's format (flows.csv, cap.csv, dep.csv, labtarg.csv) or ogas's native format "
                       "(manifest.txt and Matrix Market files, as ogas generate --plan writes them), or from an "
                       "input-output table in any layout ogas leontief reads, with capital generated from its fixed "
                       "capital formation and targets growing from its final demand (options marked 'from a table'). "
                       "Projects chosen by participatory budgeting (--projects, --selected) are fixed investments: "
                       "every method makes them, and the plan may invest more on top.",
                       argc, argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos != 1) {
        fprintf(stderr, "ogas plan: expected one DIR or TABLE (see ogas plan --help)\n");
        return 2;
    }
    if (cli_get(opts, "selected") && !cli_get(opts, "projects")) {
        fprintf(stderr, "ogas plan: --selected needs --projects (the file that describes the projects)\n");
        return 2;
    }
    ogas_plan_options_init(&po);
    if (cli_get(opts, "gap")) {
        if (!cli_number("plan", "gap", cli_get(opts, "gap"), 1e-14, 0.5, &v)) return 2;
        po.gap = v;
    }
    if (cli_get(opts, "max-iter")) {
        if (!cli_number("plan", "max-iter", cli_get(opts, "max-iter"), 1, 1e12, &v)) return 2;
        po.max_iter = (int64_t)v;
    }
    if (cli_get(opts, "pdhg")) {
        const char *scheme = cli_get(opts, "pdhg");
        if (strcmp(scheme, "halpern") && strcmp(scheme, "adaptive")) {
            fprintf(stderr, "ogas plan: --pdhg: expected halpern or adaptive, got '%s'\n", scheme);
            return 2;
        }
        po.pdhg = strcmp(scheme, "adaptive") ? OGAS_PDHG_HALPERN : OGAS_PDHG_ADAPTIVE;
    }
    if (cli_get(opts, "max-memory")) {
        if (!cli_number("plan", "max-memory", cli_get(opts, "max-memory"), 1e-6, 1e6, &v)) return 2;
        po.max_memory = v * 1e9;
    }
    if (cli_get(opts, "min-fulfilment")) {
        if (!cli_number("plan", "min-fulfilment", cli_get(opts, "min-fulfilment"), 0, 1e6, &v)) return 2;
        po.min_fulfilment = v;
    }
    if (cli_get(opts, "max-seconds")) {
        if (!cli_number("plan", "max-seconds", cli_get(opts, "max-seconds"), 1e-3, 1e9, &v)) return 2;
        po.max_seconds = v;
    }
    methods = cli_get(opts, "method") ? cli_get(opts, "method") : "lp";
    snprintf(list, sizeof list, "%s", methods);
    for (char *t = strtok(list, ","); t; t = strtok(NULL, ",")) {
        if (!ogas_plan_method_known(t)) {
            fprintf(stderr, "ogas plan: --method expects lp, pdlp, harmony or balance (or a comma list), not '%s'\n", t);
            return 2;
        }
        if (nm == 3) {
            fprintf(stderr, "ogas plan: at most three methods\n");
            return 2;
        }
        names[nm++] = t;
    }
    if (nm == 0) {
        fprintf(stderr, "ogas plan: --method is empty\n");
        return 2;
    }
    {
        ogas_plan_load_options lo;
        const char *num[] = {"years", "capital-ratio", "depreciation", "growth", "labour-growth"};
        double lo_[] = {1, 1e-6, 0, -0.5, -0.5}, hi[] = {100, 1e3, 1, 1, 1}, val[5];
        char note[4500];
        ogas_plan_load_options_init(&lo);
        val[0] = lo.economy.years;
        val[1] = lo.economy.capital_ratio;
        val[2] = lo.economy.depreciation;
        val[3] = lo.economy.target_growth;
        val[4] = lo.economy.labour_growth;
        for (int k = 0; k < 5; k++)
            if (cli_get(opts, num[k]) && !cli_number("plan", num[k], cli_get(opts, num[k]), lo_[k], hi[k], &val[k])) return 2;
        lo.economy.years = (int)val[0];
        lo.economy.capital_ratio = val[1];
        lo.economy.depreciation = val[2];
        lo.economy.target_growth = val[3];
        lo.economy.labour_growth = val[4];
        lo.economy.demand_as_read = cli_get(opts, "demand") != NULL;
        if (!cli_read_options("plan", opts, &lo.read)) return 2;
        lo.capital = cli_get(opts, "capital");
        lo.targets = cli_get(opts, "targets");
        lo.weights = cli_get(opts, "weights");
        lo.projects = cli_get(opts, "projects");
        lo.selected = cli_get(opts, "selected");
        if (ogas_plan_load(pos[0], &lo, &p, &proj, note, sizeof note, &err)) return cli_fail("plan", &err);
        if (note[0] && !cli_get(opts, "quiet")) fprintf(stderr, "ogas plan: %s\n", note);
    }
    for (int k = 0; k < nm; k++) {
        cli_progress prog;
        cli_progress_init(&prog, cli_get(opts, "quiet") != NULL);
        po.progress = cli_progress_plan;
        po.progress_ud = &prog;
        ogas_error_clear(&errs[k]);
        rcs[k] = ogas_plan_solve(names[k], &p, &po, &plans[k], &infos[k], &errs[k]);
        cli_progress_done(&prog);
    }
    if (rcs[0] && plans[0].status != OGAS_PLAN_INFEASIBLE && plans[0].status != OGAS_PLAN_UNBOUNDED &&
        plans[0].status != OGAS_PLAN_ITERATION_LIMIT) {
        status = cli_fail("plan", &errs[0]);
        goto done;
    }
    if (cli_get(opts, "json")) {
        cli_json j;
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        for (int k = 0; k < nm; k++) {
            const ogas_plan *pl = &plans[k];
            if (k == 1) cli_json_array(&j, "compare");
            if (k >= 1) cli_json_object(&j, NULL);
            cli_plan_json(&j, k == 0 ? &p : NULL, pl, names[k], &infos[k], rcs[k] ? errs[k].message : NULL);
            if (k >= 1 && pl->phi && plans[0].phi && plans[0].objective != 0)
                cli_json_number(&j, "ratio_to_first", pl->objective / plans[0].objective);
            if (k >= 1) cli_json_end_object(&j);
        }
        if (nm > 1) cli_json_end_array(&j);
        cli_plan_json_fixed(&j, &p, &proj);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    } else if (plans[0].phi) {
        cli_plan_report(&p, &plans[0], pos[0]);
        if (strcmp(names[0], "lp") == 0 && plans[0].bound_upper < HUGE_VAL && plans[0].bound_lower > -HUGE_VAL)
            printf("\n  certified              the optimum lies in [%.9g, %.9g] (CLP's vertex checked exactly)\n",
                   plans[0].bound_lower, plans[0].bound_upper);
        if (strcmp(names[0], "pdlp") == 0) {
            printf("\n  pdlp                   relative gap %.2e, primal residual %.2e, dual residual %.2e\n",
                   infos[0].relative_gap, infos[0].primal_residual, infos[0].dual_residual);
            if (infos[0].certified_gap < HUGE_VAL)
                printf("  certified              the optimum lies in [%.9g, %.9g]: this plan is within %.2g%% of it\n",
                       infos[0].lower_bound, infos[0].upper_bound, 100 * infos[0].certified_gap);
        }
        for (int k = 1; k < nm; k++) {
            if (plans[k].phi) {
                printf("\n  %-22s %s, sum of phi = %.9g, %.1f%% of %s's, %lld iterations, %.3f s\n", names[k],
                       ogas_plan_status_name(plans[k].status), plans[k].objective,
                       plans[0].objective != 0 ? 100 * plans[k].objective / plans[0].objective : 0.0, names[0],
                       (long long)plans[k].iterations, plans[k].seconds);
                if (strcmp(names[k], "pdlp") == 0 && infos[k].certified_gap < HUGE_VAL)
                    printf("  %-22s certified: the optimum lies in [%.9g, %.9g], within %.2g%%\n", "",
                           infos[k].lower_bound, infos[k].upper_bound, 100 * infos[k].certified_gap);
            }
            else
                printf("\n  %-22s %s: %s\n", names[k], ogas_plan_status_name(plans[k].status), errs[k].message);
        }
        if (cli_get(opts, "projects")) report_fixed(&p, &proj);
    }
    if (rcs[0]) {
        status = cli_fail("plan", &errs[0]);
        goto done;
    }
    if (cli_get(opts, "out") && cli_plan_write_tables(cli_get(opts, "out"), &p, &plans[0], &err)) {
        status = cli_fail("plan", &err);
        goto done;
    }
    if (cli_get(opts, "db")) {
        static const char *const keys[] = {"method", "gap", "pdhg", "max-iter", "max-seconds", "min-fulfilment", "years",
                                           "capital-ratio", "depreciation", "growth", "labour-growth", "layout",
                                           "year", "labour", "demand", "output-row", "sea", "drop", "make", "use",
                                           "scrap", "capital", "targets", "weights", "projects", "selected", NULL};
        static const char *const file_keys[] = {"labour", "demand", "sea", "make", "use", "capital", "targets",
                                                "weights", "projects", "selected", NULL};
        ogas_store_values vs = {0};
        if (ogas_store_values_plan(&p, &plans[0], &vs, &err)) status = cli_fail("plan", &err);
        else status = cli_store("plan", opts, OGAS_RUN_PLAN, pos[0], pos[0], NULL, keys, file_keys, &vs,
                                cli_get(opts, "quiet") != NULL);
        ogas_store_values_free(&vs);
    }
done:
    for (int k = 0; k < nm; k++) ogas_plan_free(&plans[k]);
    ogas_plan_projects_free(&proj);
    ogas_plan_problem_free(&p);
    return status;
}
