/* cmd_plan.c: `ogas plan DIR`: the optimal multi-year plan of an economy with capital stocks. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "ogas/plan.h"

/* Products whose supply binds in year y (positive shadow price), most valuable first, into buf. */
static void binding(const ogas_plan_problem *p, const ogas_plan *plan, int y, char *buf, size_t n)
{
    size_t k = 0;
    int shown = 0;
    buf[0] = '\0';
    if (!plan->price) return;
    for (int64_t i = 0; i < p->n && shown < 6 && k + 40 < n; i++) {
        double pr = plan->price[(int64_t)y * p->n + i];
        if (pr <= 1e-12) continue;
        k += (size_t)snprintf(buf + k, n - k, "%s%s", shown ? ", " : "", p->codes[i]);
        shown++;
    }
}

static void report(const ogas_plan_problem *p, const ogas_plan *plan, const char *dir)
{
    printf("plan                     %s: %lld products, %lld techniques, %lld capital stocks, %d years\n", dir,
           (long long)p->n, (long long)p->m, (long long)plan->ncap, p->T);
    printf("  method                 %s, %s, %lld iterations, %.3f s\n", plan->method,
           ogas_plan_status_name(plan->status), (long long)plan->iterations, plan->seconds);
    printf("  fulfilment             sum of phi = %.9g\n\n", plan->objective);
    printf("  %-5s %10s %14s %14s %14s   %s\n", "year", "phi", "labour used", "of supply", "investment",
           "products that bind");
    for (int y = 0; y < p->T; y++) {
        char b[300];
        double inv = 0;
        for (int64_t i = 0; i < p->n; i++) inv += plan->invest[(int64_t)y * p->n + i];
        binding(p, plan, y, b, sizeof b);
        printf("  %-5d %10.6f %14.6g %13.1f%% %14.6g   %s\n", y + 1, plan->phi[y], plan->labour_used[y],
               p->labour_supply[y] > 0 ? 100 * plan->labour_used[y] / p->labour_supply[y] : 0.0, inv, b);
    }
}

/* Writes DIR/years.csv, DIR/products.csv and DIR/techniques.csv. */
static ogas_status write_tables(const char *dir, const ogas_plan_problem *p, const ogas_plan *plan, ogas_error *err)
{
    char path[4096], num[32];
    ogas_out o;
    ogas_status rc;
    if (mkdir(dir, 0777) != 0) {
        struct stat st;
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            return ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot create the output folder");
    }
    snprintf(path, sizeof path, "%s/years.csv", dir);
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    fputs("year,phi,labour_used,labour_supply,labour_price\n", o.fp);
    for (int y = 0; y < p->T; y++) {
        fprintf(o.fp, "%d,%s", y + 1, ogas_format_double(num, plan->phi[y]));
        fprintf(o.fp, ",%s", ogas_format_double(num, plan->labour_used[y]));
        fprintf(o.fp, ",%s,", ogas_format_double(num, p->labour_supply[y]));
        if (plan->labour_price) fputs(ogas_format_double(num, plan->labour_price[y]), o.fp);
        fputc('\n', o.fp);
    }
    if ((rc = ogas_out_close(&o, 1, err))) return rc;
    snprintf(path, sizeof path, "%s/products.csv", dir);
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    fputs("year,code,gross_output,net_output,target,investment,shadow_price\n", o.fp);
    for (int y = 0; y < p->T; y++)
        for (int64_t i = 0; i < p->n; i++) {
            int64_t q = (int64_t)y * p->n + i;
            fprintf(o.fp, "%d,", y + 1);
            ogas_csv_write_field(o.fp, p->codes[i]);
            fprintf(o.fp, ",%s", ogas_format_double(num, plan->gross[q]));
            fprintf(o.fp, ",%s", ogas_format_double(num, plan->net[q]));
            fprintf(o.fp, ",%s", ogas_format_double(num, p->target[q]));
            fprintf(o.fp, ",%s,", ogas_format_double(num, plan->invest[q]));
            if (plan->price) fputs(ogas_format_double(num, plan->price[q]), o.fp);
            fputc('\n', o.fp);
        }
    if ((rc = ogas_out_close(&o, 1, err))) return rc;
    snprintf(path, sizeof path, "%s/techniques.csv", dir);
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    fputs("year,technique,intensity\n", o.fp);
    for (int y = 0; y < p->T; y++)
        for (int64_t k = 0; k < p->m; k++) {
            fprintf(o.fp, "%d,", y + 1);
            ogas_csv_write_field(o.fp, p->tech_names ? p->tech_names[k] : p->codes[k]);
            fprintf(o.fp, ",%s\n", ogas_format_double(num, plan->intensity[(int64_t)y * p->m + k]));
        }
    return ogas_out_close(&o, 1, err);
}

/* ogas plan DIR [options] */
int cmd_plan(int argc, char **argv)
{
    cli_opt opts[] = {{"method", "M", "lp: the exact optimum by the simplex method (COIN-OR CLP)", NULL},
                      {"out", "DIR", "write years.csv, products.csv and techniques.csv into DIR", NULL},
                      {"json", NULL, "print one JSON object instead of the report", NULL},
                      {"quiet", NULL, "no progress on stderr", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1];
    int npos, status;
    ogas_plan_problem p;
    ogas_plan plan;
    ogas_plan_options po;
    ogas_error err;

    ogas_error_clear(&err);
    status = cli_parse("plan", "DIR",
                       "Compute the plan that maximises fulfilment of the targets, year by year, from a folder in the "
                       "peer planner's format (flows.csv, cap.csv, dep.csv, labtarg.csv).",
                       argc, argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos != 1) {
        fprintf(stderr, "ogas plan: expected one DIR (see ogas plan --help)\n");
        return 2;
    }
    if (cli_get(opts, "method") && strcmp(cli_get(opts, "method"), "lp") != 0) {
        fprintf(stderr, "ogas plan: --method expects lp, not '%s'\n", cli_get(opts, "method"));
        return 2;
    }
    if (ogas_plan_read_peer(pos[0], &p, &err)) return cli_fail("plan", &err);
    ogas_plan_options_init(&po);
    if (ogas_plan_lp(&p, &po, &plan, &err) && plan.status != OGAS_PLAN_INFEASIBLE && plan.status != OGAS_PLAN_UNBOUNDED) {
        status = cli_fail("plan", &err);
        goto done;
    }
    if (cli_get(opts, "json")) {
        cli_json j;
        json_begin(&j, stdout);
        json_object(&j, NULL);
        json_string(&j, "status", ogas_plan_status_name(plan.status));
        json_string(&j, "method", plan.method);
        json_int(&j, "products", p.n);
        json_int(&j, "years", p.T);
        if (plan.phi) {
            json_number(&j, "objective", plan.objective);
            json_array(&j, "phi");
            for (int y = 0; y < p.T; y++) json_number(&j, NULL, plan.phi[y]);
            json_end_array(&j);
        } else {
            json_string(&j, "objective", NULL);
            json_string(&j, "message", err.message);
        }
        json_int(&j, "iterations", plan.iterations);
        json_number(&j, "seconds", plan.seconds);
        json_end_object(&j);
        json_finish(&j);
    } else if (plan.phi) {
        report(&p, &plan, pos[0]);
    }
    if (plan.status == OGAS_PLAN_INFEASIBLE || plan.status == OGAS_PLAN_UNBOUNDED) {
        status = cli_fail("plan", &err);
        goto done;
    }
    if (cli_get(opts, "out") && write_tables(cli_get(opts, "out"), &p, &plan, &err)) status = cli_fail("plan", &err);
done:
    ogas_plan_free(&plan);
    ogas_plan_problem_free(&p);
    return status;
}
