/* cmd_simulate.c: `ogas simulate SCENARIO`: distribution under a plan, administered prices against feedback,
 * with shortage measured as Kornai measured it (docs/distribution.md). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ogas/chart.h"
#include "ogas/distribution.h"
#include "ogas/scenario.h"

/* Writes r's summary s as JSON members of the current object. */
static void json_summary(cli_json *j, const ogas_sim_result *r, const ogas_sim_summary *s)
{
    cli_json_number(j, "mean_queue_length", s->mean_queue_length);
    cli_json_number(j, "mean_waiting_months", s->mean_waiting_months);
    cli_json_number(j, "unmet_demand_share", s->unmet_demand_share);
    cli_json_number(j, "forced_substitution_share", s->forced_substitution_share);
    cli_json_number(j, "forced_saving_share", s->forced_saving_share);
    cli_json_number(j, "stock_to_sales", s->stock_to_sales);
    cli_json_number(j, "administered_allocation_share", s->administered_allocation_share);
    cli_json_number(j, "consumption_gini", s->consumption_gini);
    cli_json_number(j, "hours_gini", s->hours_gini);
    cli_json_number(j, "plan_fulfilment", s->plan_fulfilment);
    cli_json_number(j, "price_ratio", s->price_ratio);
    cli_json_number(j, "trader_margin_share", s->trader_margin_share);
    if (s->shock_month) {
        cli_json_int(j, "shock_month", s->shock_month);
        cli_json_number(j, "unmet_before_shock", s->unmet_before);
        cli_json_number(j, "unmet_peak", s->unmet_peak);
        cli_json_number(j, "unmet_after_12_months", s->unmet_after12);
        cli_json_number(j, "queue_at_shock", s->queue_at_shock);
        cli_json_number(j, "queue_after_12_months", s->queue_after12);
    }
    cli_json_int(j, "replans", r->replans);
    cli_json_int(j, "replan_failures", r->replan_failures);
    cli_json_int(j, "operational_replans", r->operational_replans);
    cli_json_bool(j, "conserved", r->conserved);
    cli_json_number(j, "seconds", r->seconds);
}

/* Writes the whole JSON object (both regimes' summaries) to fp. */
static void write_json(FILE *fp, const ogas_scenario *sc, const ogas_sim_result *res)
{
    cli_json j;
    int conserved = 1;
    cli_json_begin(&j, fp);
    cli_json_object(&j, NULL);
    cli_json_string(&j, "scenario", sc->name);
    cli_json_int(&j, "households", sc->households);
    cli_json_int(&j, "months", sc->months);
    for (int k = 0; k < 2; k++)
        if (res[k].regime) {
            cli_json_int(&j, "goods", res[k].goods);
            cli_json_string(&j, "labour_values", res[k].values);
            cli_json_string(&j, "plan_method", res[k].method);
            break;
        }
    for (int k = 0; k < 2; k++) {
        ogas_sim_summary s;
        if (!res[k].regime) continue;
        ogas_sim_summarise(&res[k], sc, &s);
        cli_json_object(&j, ogas_sim_regime_name(res[k].regime));
        json_summary(&j, &res[k], &s);
        cli_json_end_object(&j);
        conserved &= res[k].conserved;
    }
    cli_json_bool(&j, "conserved", conserved);
    cli_json_end_object(&j);
    cli_json_finish(&j);
}

/* Writes months.csv, goods.csv, summary.json and the charts into dir. */
static ogas_status write_out(const char *dir, const ogas_plan_problem *p, const ogas_scenario *sc,
                             const ogas_sim_result *res, ogas_error *err)
{
    char path[4096];
    ogas_out o;
    ogas_status rc;
    if ((rc = cli_mkdir(dir, err))) return rc;
    snprintf(path, sizeof path, "%s/months.csv", dir);
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    fputs("regime,month,queue_length,waiting_months,unmet_share,substitution_share,forced_saving_share,"
          "stock_to_sales,administered_share,consumption_gini,hours_gini,plan_fulfilment,price_ratio,"
          "trader_margin_share,delivered,bought,traded,stock_start,stock_end,paid,spent,savings_start,savings_end,"
          "expired,conserved\n", o.fp);
    for (int k = 0; k < 2; k++)
        for (int m = 0; res[k].regime && m < res[k].months; m++) {
            const ogas_sim_month *x = &res[k].month[m];
            fprintf(o.fp, "%s,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%lld,%lld,%lld,%lld,%lld,"
                          "%lld,%lld,%lld,%lld,%lld,%d\n",
                    ogas_sim_regime_name(res[k].regime), x->month, x->queue_length, x->waiting_months, x->unmet_share,
                    x->substitution_share, x->forced_saving_share, x->stock_to_sales, x->administered_share,
                    x->consumption_gini, x->hours_gini, x->plan_fulfilment, x->price_ratio, x->trader_margin_share,
                    (long long)x->delivered, (long long)x->bought, (long long)x->traded, (long long)x->stock_start,
                    (long long)x->stock_end, (long long)x->paid, (long long)x->spent, (long long)x->savings_start,
                    (long long)x->savings_end, (long long)x->expired, x->conserved);
        }
    if ((rc = ogas_out_close(&o, 1, err))) return rc;
    snprintf(path, sizeof path, "%s/goods.csv", dir);
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    fputs("regime,code,queue_length,waiting_months,unmet_share,price_ratio\n", o.fp);
    for (int k = 0; k < 2; k++)
        for (int64_t g = 0; res[k].regime && g < res[k].goods; g++) {
            const ogas_sim_good *x = &res[k].good[g];
            fprintf(o.fp, "%s,", ogas_sim_regime_name(res[k].regime));
            ogas_csv_write_field(o.fp, p->codes[x->product]);
            fprintf(o.fp, ",%.9g,%.9g,%.9g,%.9g\n", x->queue_length, x->waiting_months, x->unmet_share, x->price_ratio);
        }
    if ((rc = ogas_out_close(&o, 1, err))) return rc;
    snprintf(path, sizeof path, "%s/summary.json", dir);
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    write_json(o.fp, sc, res);
    if ((rc = ogas_out_close(&o, 1, err))) return rc;
    /* charts: one per measure, the regimes side by side as panels */
    {
        static const char *const names[3] = {"queue_length", "unmet_demand", "plan_fulfilment"};
        static const char *const titles[3] = {"Queue length (households per good)", "Unmet demand (share, at labour values)",
                                              "Plan fulfilment (delivered / planned, at labour values)"};
        int M = res[0].regime ? res[0].months : res[1].months;
        double *xs = ogas_mallocarray((size_t)M, sizeof *xs), *ys = ogas_mallocarray((size_t)(2 * M), sizeof *ys);
        if (!xs || !ys) {
            ogas_free(xs);
            ogas_free(ys);
            return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        }
        for (int m = 0; m < M; m++) xs[m] = m + 1;
        for (int c = 0; c < 3 && !rc; c++) {
            ogas_chart_series ser[2];
            ogas_chart_panel pan[2];
            ogas_chart ch;
            int np = 0;
            for (int k = 0; k < 2; k++) {
                if (!res[k].regime) continue;
                for (int m = 0; m < M; m++) {
                    const ogas_sim_month *x = &res[k].month[m];
                    ys[k * M + m] = c == 0 ? x->queue_length : c == 1 ? x->unmet_share : x->plan_fulfilment;
                }
                ser[np].name = sc->name ? sc->name : "scenario";
                ser[np].n = M;
                ser[np].x = xs;
                ser[np].y = ys + k * M;
                pan[np].title = ogas_sim_regime_name(res[k].regime);
                pan[np].nseries = 1;
                pan[np].series = &ser[np];
                np++;
            }
            memset(&ch, 0, sizeof ch);
            ch.title = titles[c];
            ch.xlabel = "month";
            ch.ylabel = names[c];
            ch.npanels = np;
            ch.panels = pan;
            ch.shared_y = 1;
            ch.ymin_hint = 0;
            snprintf(path, sizeof path, "%s/%s.svg", dir, names[c]);
            rc = ogas_chart_write_svg(path, &ch, err);
        }
        ogas_free(xs);
        ogas_free(ys);
    }
    return rc;
}

/* ogas simulate SCENARIO [options] */
int cmd_simulate(int argc, char **argv)
{
    cli_opt opts[] = {{"regime", "R", "administered, feedback or both (default: the scenario's, else both)", NULL},
                      {"households", "N", "households (default: the scenario's)", NULL},
                      {"months", "M", "months simulated (default: the scenario's)", NULL},
                      {"seed", "S", "random seed (default: the scenario's)", NULL},
                      {"economy", "DIR", "the plan problem (default: the scenario's economy)", NULL},
                      {"supply", "F", "deliveries times F over the plan (default 1)", NULL},
                      {"out", "DIR", "write months.csv, goods.csv, summary.json and SVG charts into DIR", NULL},
                      {"json", NULL, "print one JSON object instead of the report", NULL},
                      CLI_STORE_OPTS,
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1], *reg;
    int npos, status = 0;
    ogas_scenario sc;
    ogas_plan_problem p;
    ogas_sim_options so;
    ogas_sim_result res[2];
    ogas_error err;
    double v;
    memset(&sc, 0, sizeof sc);
    memset(&p, 0, sizeof p);
    memset(res, 0, sizeof res);
    ogas_error_clear(&err);
    status = cli_parse("simulate", "SCENARIO",
                       "Simulate the distribution of consumer goods under a plan, month by month: households earn "
                       "labour credits and shop; under administered prices (labour values) they queue where goods are "
                       "short, under feedback prices clear the shelves and the plan is recomputed towards what is "
                       "priced above value. Shortage is measured as Kornai measured it. See docs/distribution.md.",
                       argc, argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos != 1) {
        fprintf(stderr, "ogas simulate: expected one SCENARIO file (see ogas simulate --help)\n");
        return 2;
    }
    ogas_sim_options_init(&so);
    so.source = pos[0];
    if ((reg = cli_get(opts, "regime"))) {
        if (strcmp(reg, "both") == 0) so.regime = 0;
        else if (strcmp(reg, "administered") == 0) so.regime = 1;
        else if (strcmp(reg, "feedback") == 0) so.regime = 2;
        else {
            fprintf(stderr, "ogas simulate: --regime expects administered, feedback or both, not '%s'\n", reg);
            return 2;
        }
    }
    if (cli_get(opts, "supply")) {
        if (!cli_number("simulate", "supply", cli_get(opts, "supply"), 0, 1e6, &v)) return 2;
        so.supply_scale = v;
    }
    if (ogas_scenario_read(pos[0], &sc, &err)) return cli_fail("simulate", &err);
    if (reg) sc.regime = so.regime;
    so.regime = sc.regime;
    if (cli_get(opts, "households")) {
        if (!cli_number("simulate", "households", cli_get(opts, "households"), 1, 1e8, &v)) goto bad;
        sc.households = (int64_t)v;
    }
    if (cli_get(opts, "months")) {
        if (!cli_number("simulate", "months", cli_get(opts, "months"), 1, 1200, &v)) goto bad;
        sc.months = (int)v;
    }
    if (cli_get(opts, "seed")) {
        if (!cli_number("simulate", "seed", cli_get(opts, "seed"), 0, 9007199254740992.0, &v)) goto bad;
        sc.seed = (uint64_t)v;
    }
    {
        const char *eco = cli_get(opts, "economy") ? cli_get(opts, "economy") : sc.economy;
        if (!eco) {
            fprintf(stderr, "ogas simulate: the scenario names no economy: give --economy DIR\n");
            goto bad;
        }
        if (ogas_plan_read(eco, &p, &err)) {
            status = cli_fail("simulate", &err);
            goto done;
        }
    }
    if (ogas_simulate(&p, &sc, &so, res, &err)) {
        status = cli_fail("simulate", &err);
        goto done;
    }
    if (cli_get(opts, "json")) {
        write_json(stdout, &sc, res);
    } else {
        printf("simulate                 %s: %lld households, %d months, %lld consumer goods (labour values: %s, "
               "plan: %s)\n", sc.name ? sc.name : pos[0], (long long)sc.households, sc.months,
               (long long)(res[0].regime ? res[0].goods : res[1].goods), res[0].regime ? res[0].values : res[1].values,
               res[0].regime ? res[0].method : res[1].method);
        printf("  %-13s %8s %8s %8s %8s %8s %8s %8s %8s %9s %8s\n", "regime", "queue", "waiting", "unmet", "subst",
               "f.saving", "priority", "stock/s", "gini", "fulfilled", "seconds");
        for (int k = 0; k < 2; k++) {
            ogas_sim_summary s;
            if (!res[k].regime) continue;
            ogas_sim_summarise(&res[k], &sc, &s);
            printf("  %-13s %8.2f %8.2f %8.4f %8.4f %8.4f %8.4f %8.3f %8.4f %9.4f %8.2f\n",
                   ogas_sim_regime_name(res[k].regime), s.mean_queue_length, s.mean_waiting_months,
                   s.unmet_demand_share, s.forced_substitution_share, s.forced_saving_share,
                   s.administered_allocation_share, s.stock_to_sales, s.consumption_gini, s.plan_fulfilment, res[k].seconds);
            if (s.shock_month)
                printf("  %-13s shock in month %d: unmet %.4f before, peak %.4f, %.4f twelve months on; queue %.2f -> %.2f\n",
                       "", s.shock_month, s.unmet_before, s.unmet_peak, s.unmet_after12, s.queue_at_shock, s.queue_after12);
            printf("  %-13s goods and credits conserved every month: %s\n", "", res[k].conserved ? "yes" : "NO");
        }
        if (res[0].regime && res[1].regime) { /* the queue figures side by side, every quarter */
            printf("\n  %-6s %27s   %27s\n", "", "administered prices", "feedback");
            printf("  %-6s %9s %8s %8s   %9s %8s %8s\n", "month", "queue", "unmet", "f.saving", "queue", "unmet",
                   "fulfilled");
            for (int m = 0; m < sc.months; m++) {
                const ogas_sim_month *a = &res[0].month[m], *f = &res[1].month[m];
                if ((m + 1) % 3 != 0 && m != 0) continue;
                printf("  %-6d %9.1f %8.4f %8.4f   %9.1f %8.4f %8.4f\n", m + 1, a->queue_length, a->unmet_share,
                       a->forced_saving_share, f->queue_length, f->unmet_share, f->plan_fulfilment);
            }
        }
    }
    if (cli_get(opts, "out") && write_out(cli_get(opts, "out"), &p, &sc, res, &err)) status = cli_fail("simulate", &err);
    if (!status && cli_get(opts, "db")) {
        static const char *const keys[] = {"regime", "households", "months", "seed", "supply", NULL};
        ogas_store_values vs = {0};
        const char *eco = cli_get(opts, "economy") ? cli_get(opts, "economy") : sc.economy;
        if (ogas_store_values_simulation(&sc, res, &vs, &err)) status = cli_fail("simulate", &err);
        else status = cli_store("simulate", opts, OGAS_RUN_SIMULATION, sc.name ? sc.name : pos[0], pos[0], eco,
                                keys, NULL, &vs, cli_get(opts, "json") != NULL);
        ogas_store_values_free(&vs);
    }
    if (!status && (!res[0].conserved && res[0].regime)) status = 1;
    if (!status && (!res[1].conserved && res[1].regime)) status = 1;
    goto done;
bad:
    status = 2;
done:
    ogas_sim_result_free(&res[0]);
    ogas_sim_result_free(&res[1]);
    ogas_plan_problem_free(&p);
    ogas_scenario_free(&sc);
    return status;
}
