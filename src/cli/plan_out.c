/* plan_out.c: a plan's results for people and programs (the report, the JSON fields, the CSV tables),
 * shared by `ogas plan` and `ogas-mpi plan`. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan_out.h"

/* What limits year y: labour when its shadow price is positive, and the capital stocks whose capacity is
 * worth most (positive shadow price), largest first, as "good in technique", into buf. */
static void binding(const ogas_plan_problem *p, const ogas_plan *plan, int y, char *buf, size_t n)
{
    int64_t best[4];
    int nb = 0;
    size_t k = 0;
    buf[0] = '\0';
    if (!plan->labour_price || !plan->capacity_price) return;
    if (plan->labour_price[y] > 1e-12) k += (size_t)snprintf(buf, n, "labour");
    for (int64_t c = 0; c < plan->ncap; c++) {
        double v = plan->capacity_price[(int64_t)y * plan->ncap + c];
        int q;
        if (v <= 1e-12) continue;
        if (nb < 4) q = nb++;
        else if (v <= plan->capacity_price[(int64_t)y * plan->ncap + best[3]]) continue;
        else q = 3;
        while (q > 0 && plan->capacity_price[(int64_t)y * plan->ncap + best[q - 1]] < v) {
            best[q] = best[q - 1];
            q--;
        }
        best[q] = c;
    }
    for (int q = 0; q < nb && k + 60 < n; q++) {
        int64_t c = best[q], good = 0, tech = p->capital.j[c];
        while (p->capital.p[good + 1] <= c) good++;
        k += (size_t)snprintf(buf + k, n - k, "%s%s in %s", k ? ", " : "", p->codes[good],
                              p->tech_names ? p->tech_names[tech] : p->codes[tech]);
    }
}

/* Prints the plan's report: size, method, fulfilment and what binds, year by year. */
void cli_plan_report(const ogas_plan_problem *p, const ogas_plan *plan, const char *dir)
{
    printf("plan                     %s: %lld products, %lld techniques, %lld capital stocks, %d years\n", dir,
           (long long)p->n, (long long)p->m, (long long)plan->ncap, p->T);
    printf("  method                 %s, %s, %lld iterations, %.3f s\n", plan->method,
           ogas_plan_status_name(plan->status), (long long)plan->iterations, plan->seconds);
    printf("  fulfilment             sum of phi = %.9g\n\n", plan->objective);
    printf("  %-5s %10s %14s %14s %14s   %s\n", "year", "phi", "labour used", "of supply", "investment",
           "what binds (labour, the most valuable capital stocks)");
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
ogas_status cli_plan_write_tables(const char *dir, const ogas_plan_problem *p, const ogas_plan *plan, ogas_error *err)
{
    char path[4096], num[32];
    ogas_out o;
    ogas_status rc;
    if ((rc = cli_mkdir(dir, err))) return rc;
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

/* The JSON fields of one method's plan: status, method, (with p) products and years, objective, phi,
 * message (when not NULL), iterations, seconds, the LP's certified bounds, PDLP's residuals and bounds. */
void cli_plan_json(cli_json *j, const ogas_plan_problem *p, const ogas_plan *pl, const char *method,
                   const ogas_pdlp_info *info, const char *message)
{
    cli_json_string(j, "status", ogas_plan_status_name(pl->status));
    cli_json_string(j, "method", method);
    if (p) {
        cli_json_int(j, "products", p->n);
        cli_json_int(j, "years", p->T);
    }
    if (pl->phi) {
        cli_json_number(j, "objective", pl->objective);
        cli_json_array(j, "phi");
        for (int y = 0; y < pl->T; y++) cli_json_number(j, NULL, pl->phi[y]);
        cli_json_end_array(j);
    } else {
        cli_json_string(j, "objective", NULL);
    }
    if (message) cli_json_string(j, "message", message);
    cli_json_int(j, "iterations", pl->iterations);
    cli_json_number(j, "seconds", pl->seconds);
    if (strcmp(method, "lp") == 0 && pl->bound_upper < HUGE_VAL) {
        cli_json_number(j, "lower_bound", pl->bound_lower);
        cli_json_number(j, "upper_bound", pl->bound_upper);
    }
    if (strcmp(method, "pdlp") == 0 && info) {
        cli_json_number(j, "relative_gap", info->relative_gap);
        cli_json_number(j, "primal_residual", info->primal_residual);
        cli_json_number(j, "dual_residual", info->dual_residual);
        cli_json_number(j, "lower_bound", info->lower_bound);
        cli_json_number(j, "upper_bound", info->upper_bound);
        cli_json_number(j, "certified_gap", info->certified_gap);
    }
}

/* The JSON array "fixed_investments": the investments of the selected projects. */
void cli_plan_json_fixed(cli_json *j, const ogas_plan_problem *p, const ogas_plan_projects *proj)
{
    cli_json_array(j, "fixed_investments");
    for (int64_t q = 0; q < proj->count; q++) {
        char g[112], t[112];
        cli_json_object(j, NULL);
        cli_json_string(j, "project", proj->item[q].project);
        cli_json_int(j, "year", proj->item[q].year);
        cli_json_string(j, "good", ogas_plan_product_name(p, proj->item[q].good, g, sizeof g));
        cli_json_string(j, "industry", ogas_plan_technique_name(p, proj->item[q].tech, t, sizeof t));
        cli_json_number(j, "amount", proj->item[q].amount);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
}
