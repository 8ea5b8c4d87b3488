/* cmd_leontief.c: `ogas leontief TABLE`: gross output, output multipliers and labour values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char *label(const ogas_economy *e, int64_t k)
{
    return e->names && e->names[k] ? e->names[k] : e->codes[k];
}

static void print_info(const char *what, const ogas_solve_info *i)
{
    printf("  %-22s %s, %lld iterations, relative residual %.2e, %.4f s\n", what, ogas_method_name(i->method),
           (long long)i->iterations, i->relative_residual, i->seconds);
}

static void json_info(cli_json *j, const char *key, const ogas_solve_info *i)
{
    cli_json_object(j, key);
    cli_json_string(j, "method", ogas_method_name(i->method));
    cli_json_int(j, "iterations", i->iterations);
    cli_json_int(j, "matvecs", i->matvecs);
    cli_json_number(j, "relative_residual", i->relative_residual);
    cli_json_number(j, "seconds", i->seconds);
    cli_json_end_object(j);
}

static int cmp_desc(const void *a, const void *b, const double *key)
{
    double x = key[*(const int64_t *)a], y = key[*(const int64_t *)b];
    if (isnan(x)) return isnan(y) ? 0 : 1;
    if (isnan(y)) return -1;
    return (x < y) - (x > y);
}

static const double *sort_key;
static int cmp_key(const void *a, const void *b)
{
    return cmp_desc(a, b, sort_key);
}

/* Index of the household-consumption column: the one named by opt, else a recognised name; -1 if none. */
static int64_t household_column(const ogas_economy *e, const char *opt)
{
    static const char *const names[] = {"Households", "final_consumption_households", "final_consumption_private",
                                        "CONS_h", "P3_S14", "household consumption", "households", NULL};
    if (opt) {
        for (int64_t c = 0; c < e->nfd; c++)
            if (strcmp(e->fd[c].name, opt) == 0) return c;
        return -1;
    }
    for (int k = 0; names[k]; k++)
        for (int64_t c = 0; c < e->nfd; c++)
            if (strcmp(e->fd[c].name, names[k]) == 0) return c;
    return -1;
}

/* Lists the top products of idx (sorted by key) with their multipliers and labour values. */
static void list_products(const ogas_economy *e, const ogas_balance *b, const int64_t *idx, int top, const char *title,
                          const char *keyname, const double *key)
{
    printf("\n%s\n  %-10s %-44s %14s %11s %14s\n", title, "code", "product", keyname, "multiplier",
           b->labour_value ? "labour value" : "");
    for (int64_t q = 0; q < e->n && q < top; q++) {
        int64_t k = idx[q];
        printf("  %-10.10s %-44.44s %14.6g %11.4f", e->codes[k], label(e, k), key[k], b->multiplier[k]);
        if (b->labour_value) printf(" %14.6g", b->labour_value[k]);
        printf("\n");
    }
}

/* Human-readable report: the economy, the solves, gross output, the largest multipliers, and the labour
 * values of the main consumer goods. */
static void report(const ogas_economy *e, const ogas_balance *b, int top, const char *consumer, double seconds)
{
    int64_t n = e->n, *idx = malloc((size_t)(n ? n : 1) * sizeof *idx), hh = household_column(e, consumer);
    printf("economy                  %s (%s layout", e->source, e->layout);
    if (e->year) printf(", %d", e->year);
    printf(")\n");
    printf("  products               %lld, %lld nonzero coefficients\n", (long long)n, (long long)ogas_csr_nnz(&e->A));
    if (e->labour) printf("  labour                 %s\n", e->labour_source);
    else printf("  labour                 none in the input: no labour values\n");
    if (e->labour_is_standin)
        printf("                         so 'labour values' below are that input embodied per unit, not hours\n");
    if (b->output) print_info("gross output", &b->output_info);
    print_info("output multipliers", &b->multiplier_info);
    if (b->labour_value) print_info("labour values", &b->labour_info);
    if (b->output) {
        double tot = ogas_vec_sum(n, b->output), dem = ogas_vec_sum(n, e->demand);
        printf("  total gross output     %.6g for final demand %.6g (ratio %.4f)\n", tot, dem, dem != 0 ? tot / dem : NAN);
    }
    if (idx && top > 0) {
        if (b->output) {
            for (int64_t k = 0; k < n; k++) idx[k] = k;
            sort_key = b->output;
            qsort(idx, (size_t)n, sizeof *idx, cmp_key);
            list_products(e, b, idx, top, "largest gross outputs", "gross output", b->output);
        }
        for (int64_t k = 0; k < n; k++) idx[k] = k;
        sort_key = b->multiplier;
        qsort(idx, (size_t)n, sizeof *idx, cmp_key);
        list_products(e, b, idx, top, "largest output multipliers (output needed in all industries per unit of final demand)",
                      "gross output", b->output ? b->output : b->multiplier);
        if (hh >= 0 && b->labour_value) {
            for (int64_t k = 0; k < n; k++) idx[k] = k;
            sort_key = e->fd[hh].x;
            qsort(idx, (size_t)n, sizeof *idx, cmp_key);
            {
                char title[200];
                snprintf(title, sizeof title, "main consumer goods (by '%s') and their labour values%s", e->fd[hh].name,
                         e->labour_is_standin ? " (stand-in labour)" : "");
                list_products(e, b, idx, top, title, "consumption", e->fd[hh].x);
            }
        }
    }
    printf("\ntime                     %.3f s in all (%d threads)\n", seconds, ogas_threads());
    free(idx);
}

static ogas_status write_results(const char *path, const ogas_economy *e, const ogas_balance *b, ogas_error *err)
{
    ogas_out o;
    char num[32];
    ogas_status rc = ogas_out_open(&o, path, err);
    if (rc) return rc;
    fputs("code,output,multiplier,labour_value\n", o.fp);
    for (int64_t k = 0; k < e->n; k++) {
        ogas_csv_write_field(o.fp, e->codes[k]);
        fputc(',', o.fp);
        if (b->output) fputs(ogas_format_double(num, b->output[k]), o.fp);
        fputc(',', o.fp);
        fputs(ogas_format_double(num, b->multiplier[k]), o.fp);
        fputc(',', o.fp);
        if (b->labour_value) fputs(ogas_format_double(num, b->labour_value[k]), o.fp);
        fputc('\n', o.fp);
    }
    return ogas_out_close(&o, 1, err);
}

/* ogas leontief TABLE [options] */
int cmd_leontief(int argc, char **argv)
{
    cli_opt opts[] = {CLI_READ_OPTS,
                      CLI_SOLVE_OPTS,
                      {"out", "FILE.csv", "write code,output,multiplier,labour_value per product", NULL},
                      {"json", NULL, "print one JSON object instead of the report", NULL},
                      {"top", "N", "products listed in each table of the report (default 10)", NULL},
                      {"consumer", "COLUMN", "final-demand column of household consumption for the report (default: recognised)", NULL},
                      {"quiet", NULL, "no progress and no notes on stderr", NULL},
                      CLI_STORE_OPTS,
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1];
    int npos, status = 0, quiet, top = 10;
    ogas_read_options ro;
    ogas_solve_options so;
    ogas_economy e = {0};
    ogas_balance b = {0};
    ogas_error err;
    cli_progress prog;
    double t0 = ogas_now(), tread;

    ogas_error_clear(&err);
    status = cli_parse("leontief", "TABLE", "Balance an economy: gross output x = (I - A)^-1 d, output multipliers, labour values v = l (I - A)^-1.",
                       argc, argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (!cli_read_options("leontief", opts, &ro) || !cli_solve_options("leontief", opts, &so)) return 2;
    if (!cli_table(opts, pos, npos)) {
        fprintf(stderr, "ogas leontief: expected one TABLE (a file or folder; see ogas leontief --help)\n");
        return 2;
    }
    if (cli_get(opts, "top")) {
        double v;
        if (!cli_number("leontief", "top", cli_get(opts, "top"), 0, 1e9, &v)) return 2;
        top = (int)v;
    }
    quiet = cli_get(opts, "quiet") != NULL;
    cli_progress_init(&prog, quiet);
    so.progress = cli_progress_solve;
    so.progress_ud = &prog;
    if (ogas_economy_read(cli_table(opts, pos, npos), &ro, &e, &err)) return cli_fail("leontief", &err);
    tread = ogas_now() - t0;
    cli_print_notes("leontief", &e, quiet);
    if (ogas_balance_compute(&e, NULL, &so, &b, &err)) {
        cli_progress_done(&prog);
        status = cli_fail("leontief", &err);
        goto done;
    }
    cli_progress_done(&prog);
    if (cli_get(opts, "out") && write_results(cli_get(opts, "out"), &e, &b, &err)) {
        status = cli_fail("leontief", &err);
        goto done;
    }
    if (cli_get(opts, "json")) {
        cli_json j;
        const ogas_solve_info *main = b.output ? &b.output_info : &b.multiplier_info;
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        cli_json_string(&j, "source", e.source);
        cli_json_string(&j, "layout", e.layout);
        if (e.year) cli_json_int(&j, "year", e.year);
        else cli_json_string(&j, "year", NULL);
        cli_json_int(&j, "products", e.n);
        cli_json_int(&j, "nonzeros", ogas_csr_nnz(&e.A));
        cli_json_string(&j, "method", ogas_method_name(main->method));
        cli_json_int(&j, "iterations", main->iterations);
        cli_json_number(&j, "relative_residual", main->relative_residual);
        cli_json_number(&j, "solve_seconds", main->seconds);
        cli_json_number(&j, "read_seconds", tread);
        cli_json_number(&j, "total_seconds", ogas_now() - t0);
        cli_json_int(&j, "threads", ogas_threads());
        if (b.output) {
            cli_json_number(&j, "total_output", ogas_vec_sum(e.n, b.output));
            cli_json_number(&j, "total_final_demand", ogas_vec_sum(e.n, e.demand));
        }
        cli_json_string(&j, "labour_source", e.labour ? e.labour_source : NULL);
        cli_json_bool(&j, "labour_is_standin", e.labour_is_standin);
        if (b.output) json_info(&j, "output_solve", &b.output_info);
        json_info(&j, "multiplier_solve", &b.multiplier_info);
        if (b.labour_value) json_info(&j, "labour_solve", &b.labour_info);
        cli_json_array(&j, "notes");
        for (int64_t k = 0; k < e.nnotes; k++) cli_json_string(&j, NULL, e.notes[k]);
        cli_json_end_array(&j);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    } else {
        report(&e, &b, top, cli_get(opts, "consumer"), ogas_now() - t0);
    }
    if (cli_get(opts, "db")) {
        static const char *const keys[] = {"layout", "year", "labour", "demand", "output-row", "sea", "drop", "make",
                                           "use", "scrap", "method", "tol", "max-iter", "restart", NULL};
        static const char *const file_keys[] = {"labour", "demand", "sea", "make", "use", NULL};
        ogas_store_values vs = {0};
        if (strcmp(e.layout, "wiod") == 0 && e.labour && !cli_get(opts, "sea")) {
            fprintf(stderr, "ogas leontief: with --db, name the socio-economic accounts with --sea so that the store "
                            "holds them\n");
            status = 2;
        } else if (ogas_store_values_balance(&e, &b, &vs, &err)) {
            status = cli_fail("leontief", &err);
        } else {
            status = cli_store("leontief", opts, OGAS_RUN_BALANCE, cli_table(opts, pos, npos), cli_table(opts, pos, npos),
                               NULL, keys, file_keys, &vs, quiet);
        }
        ogas_store_values_free(&vs);
    }
done:
    ogas_balance_free(&b);
    ogas_economy_free(&e);
    return status;
}
