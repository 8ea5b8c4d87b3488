/* recompute.c: the numbers each kind of run stores, and each kind recomputed from its stored files and
 * options (for ogas_store_verify). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"

/* vs += output, multiplier, labour_value per product of balance b of e. */
ogas_status ogas_store_values_balance(const ogas_economy *e, const ogas_balance *b, ogas_store_values *vs,
                                      ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    for (int64_t i = 0; i < b->n && !rc; i++) {
        const char *code = e->codes ? e->codes[i] : "";
        if (b->output) rc = ogas_store_values_add(vs, "output", i, code, b->output[i], err);
        if (!rc && b->multiplier) rc = ogas_store_values_add(vs, "multiplier", i, code, b->multiplier[i], err);
        if (!rc && b->labour_value) rc = ogas_store_values_add(vs, "labour_value", i, code, b->labour_value[i], err);
    }
    return rc;
}

/* vs += the plan's objective, per-year and per-year-and-product numbers. */
ogas_status ogas_store_values_plan(const ogas_plan_problem *p, const ogas_plan *plan, ogas_store_values *vs,
                                   ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    char label[160], name[112];
    int64_t n = p->n;
    if (!plan->phi) return ogas_error_set(err, OGAS_EINVAL, "the plan has no result to store (%s)",
                                          ogas_plan_status_name(plan->status));
    rc = ogas_store_values_add(vs, "objective", 0, "sum of phi", plan->objective, err);
    for (int y = 0; y < plan->T && !rc; y++) {
        snprintf(label, sizeof label, "year %d", y + 1);
        rc = ogas_store_values_add(vs, "phi", y, label, plan->phi[y], err);
        if (!rc && plan->labour_used) rc = ogas_store_values_add(vs, "labour_used", y, label, plan->labour_used[y], err);
        if (!rc && plan->labour_price) rc = ogas_store_values_add(vs, "labour_price", y, label, plan->labour_price[y], err);
        for (int64_t i = 0; i < n && !rc; i++) {
            int64_t k = (int64_t)y * n + i;
            snprintf(label, sizeof label, "year %d %s", y + 1, ogas_plan_product_name(p, i, name, sizeof name));
            if (plan->gross) rc = ogas_store_values_add(vs, "gross", k, label, plan->gross[k], err);
            if (!rc && plan->net) rc = ogas_store_values_add(vs, "net", k, label, plan->net[k], err);
            if (!rc && plan->invest) rc = ogas_store_values_add(vs, "invest", k, label, plan->invest[k], err);
            if (!rc && plan->price) rc = ogas_store_values_add(vs, "price", k, label, plan->price[k], err);
        }
        /* what binds: the capital stocks whose capacity has a positive shadow price (only those) */
        for (int64_t c = 0; plan->capacity_price && c < plan->ncap && !rc; c++) {
            double v = plan->capacity_price[(int64_t)y * plan->ncap + c];
            int64_t good = 0;
            char tech[112];
            if (!(v > 1e-12)) continue;
            while (p->capital.p[good + 1] <= c) good++;
            snprintf(label, sizeof label, "year %d %s in %s", y + 1, ogas_plan_product_name(p, good, name, sizeof name),
                     ogas_plan_technique_name(p, p->capital.j[c], tech, sizeof tech));
            rc = ogas_store_values_add(vs, "capacity_price", (int64_t)y * plan->ncap + c, label, v, err);
        }
    }
    return rc;
}

/* vs += the budget's selected projects (in order), each project's votes and score, its cost and budget. */
ogas_status ogas_store_values_budget(const ogas_pb *pb, const ogas_budget_result *r, ogas_store_values *vs,
                                     ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    for (int64_t k = 0; k < r->nselected && !rc; k++)
        rc = ogas_store_values_add(vs, "selected", k, pb->project[r->selected[k]], (double)pb->cost[r->selected[k]], err);
    for (int64_t j = 0; j < pb->nprojects && !rc; j++) {
        if (r->votes) rc = ogas_store_values_add(vs, "votes", j, pb->project[j], (double)r->votes[j], err);
        if (!rc && r->score) rc = ogas_store_values_add(vs, "score", j, pb->project[j], (double)r->score[j], err);
    }
    /* how each project won or lost, round by round (results run with explain) */
    for (int64_t k = 0; k < r->nrounds && !rc; k++) {
        const ogas_budget_round *x = &r->rounds[k];
        const char *id = pb->project[x->project];
        rc = ogas_store_values_add(vs, "round_action", k, id, (double)x->action, err);
        if (!rc) rc = ogas_store_values_add(vs, "round_score", k, id, (double)x->score, err);
        if (!rc && x->price) rc = ogas_store_values_add(vs, "round_price", k, id, x->price_value, err);
        if (!rc) rc = ogas_store_values_add(vs, "round_spent", k, id, (double)x->spent, err);
    }
    if (!rc) rc = ogas_store_values_add(vs, "cost", 0, "total cost of the selected projects", (double)r->cost, err);
    if (!rc) rc = ogas_store_values_add(vs, "budget", 0, "the election's budget", (double)r->budget, err);
    return rc;
}

/* A measure's name and value. */
typedef struct named_value {
    const char *name;
    double v;
} named_value;

/* vs += the measures of one regime's run (see store.h). */
static ogas_status simulation_regime(const ogas_scenario *sc, const ogas_sim_result *r, ogas_store_values *vs,
                                     ogas_error *err)
{
    ogas_sim_summary s;
    const char *rg = ogas_sim_regime_name(r->regime);
    char series[64], label[32];
    ogas_status rc = OGAS_OK;
    ogas_sim_summarise(r, sc, &s);
    {
        const named_value sum[] = {
            {"mean_queue_length", s.mean_queue_length}, {"mean_waiting_months", s.mean_waiting_months},
            {"unmet_demand_share", s.unmet_demand_share}, {"forced_substitution_share", s.forced_substitution_share},
            {"forced_saving_share", s.forced_saving_share}, {"stock_to_sales", s.stock_to_sales},
            {"administered_allocation_share", s.administered_allocation_share},
            {"consumption_gini", s.consumption_gini}, {"hours_gini", s.hours_gini},
            {"plan_fulfilment", s.plan_fulfilment}, {"price_ratio", s.price_ratio},
            {"trader_margin_share", s.trader_margin_share}, {"unmet_before", s.unmet_before},
            {"unmet_peak", s.unmet_peak}, {"unmet_after_12_months", s.unmet_after12},
            {"queue_at_shock", s.queue_at_shock}, {"queue_after_12_months", s.queue_after12},
            {"replans", (double)r->replans}, {"conserved", (double)r->conserved}};
        snprintf(series, sizeof series, "%s.summary", rg);
        for (size_t k = 0; k < sizeof sum / sizeof *sum && !rc; k++)
            rc = ogas_store_values_add(vs, series, (int64_t)k, sum[k].name, sum[k].v, err);
    }
    for (int mo = 0; mo < r->months && !rc; mo++) {
        const ogas_sim_month *x = &r->month[mo];
        const named_value per[] = {{"queue_length", x->queue_length}, {"unmet_share", x->unmet_share},
                                   {"forced_saving_share", x->forced_saving_share},
                                   {"administered_share", x->administered_share},
                                   {"consumption_gini", x->consumption_gini}, {"plan_fulfilment", x->plan_fulfilment},
                                   {"price_ratio", x->price_ratio}};
        snprintf(label, sizeof label, "month %d", x->month);
        for (size_t k = 0; k < sizeof per / sizeof *per && !rc; k++) {
            snprintf(series, sizeof series, "%s.%s", rg, per[k].name);
            rc = ogas_store_values_add(vs, series, mo, label, per[k].v, err);
        }
    }
    return rc;
}

/* vs += each regime's measures of a simulation. */
ogas_status ogas_store_values_simulation(const ogas_scenario *sc, const ogas_sim_result res[2], ogas_store_values *vs,
                                         ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    for (int k = 0; k < 2 && !rc; k++)
        if (res[k].regime) rc = simulation_regime(sc, &res[k], vs, err);
    return rc;
}

/* *v := the number in args under key, if there (returns 0 when it is there but not a number). */
static int num_arg(const char *args, const char *key, double *v)
{
    char buf[64], *end;
    double x;
    if (!ogas_store_arg(args, key, buf, sizeof buf)) return 1;
    x = strtod(buf, &end);
    if (end == buf || *end) return 0;
    *v = x;
    return 1;
}

/* Where a file option points for the recomputation: the stored file of that role under dir, else the
 * option's value as written (a row or column name), else NULL. Strings live in bufs[slot]. */
static const char *file_or_arg(const ogas_store_loaded *r, const char *dir, const char *key, char bufs[][1100],
                               int slot)
{
    if (ogas_store_file_path(r, dir, key, bufs[slot], 1100)) return bufs[slot];
    return ogas_store_arg(r->args, key, bufs[slot], 1100);
}

/* ro := the table-reading options in r's args (file options pointing at the stored files under dir). */
static ogas_status read_options(const ogas_store_loaded *r, const char *dir, ogas_read_options *ro, char bufs[][1100],
                                ogas_error *err)
{
    double y = 0;
    memset(ro, 0, sizeof *ro);
    ro->layout = ogas_store_arg(r->args, "layout", bufs[0], 1100);
    ro->output_row = ogas_store_arg(r->args, "output-row", bufs[1], 1100);
    ro->labour = file_or_arg(r, dir, "labour", bufs, 2);
    ro->demand = file_or_arg(r, dir, "demand", bufs, 3);
    ro->sea = file_or_arg(r, dir, "sea", bufs, 4);
    ro->drop = ogas_store_arg(r->args, "drop", bufs[5], 1100);
    ro->make = file_or_arg(r, dir, "make", bufs, 6);
    ro->use = file_or_arg(r, dir, "use", bufs, 7);
    ro->scrap = ogas_store_arg(r->args, "scrap", bufs[8], 1100);
    if (!num_arg(r->args, "year", &y)) return ogas_error_set(err, OGAS_EINVAL, "run %lld: year is not a number", (long long)r->id);
    ro->year = (int)y;
    return OGAS_OK;
}

/* vs := the balance of run r recomputed from its table under dir. */
static ogas_status recompute_balance(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs, ogas_error *err)
{
    char bufs[12][1100];
    const char *table;
    ogas_read_options ro;
    ogas_solve_options so;
    ogas_economy e = {0};
    ogas_balance b = {0};
    ogas_status rc;
    double v;
    if ((rc = read_options(r, dir, &ro, bufs, err))) return rc;
    table = ogas_store_file_path(r, dir, "table", bufs[9], 1100);
    if (!table) table = ogas_store_file_path(r, dir, "dir", bufs[9], 1100);
    if (!table) table = ro.use;
    if (!table) return ogas_error_set(err, OGAS_EINVAL, "run %lld: no table is stored", (long long)r->id);
    ogas_solve_options_init(&so);
    if (ogas_store_arg(r->args, "method", bufs[10], 1100) && !ogas_method_parse(bufs[10], &so.method))
        return ogas_error_set(err, OGAS_EINVAL, "run %lld: unknown method '%s'", (long long)r->id, bufs[10]);
    v = so.tol;
    if (!num_arg(r->args, "tol", &v)) return ogas_error_set(err, OGAS_EINVAL, "run %lld: tol is not a number", (long long)r->id);
    so.tol = v;
    v = (double)so.max_iter;
    if (!num_arg(r->args, "max-iter", &v)) return ogas_error_set(err, OGAS_EINVAL, "run %lld: max-iter is not a number", (long long)r->id);
    so.max_iter = (int64_t)v;
    v = so.restart;
    if (!num_arg(r->args, "restart", &v)) return ogas_error_set(err, OGAS_EINVAL, "run %lld: restart is not a number", (long long)r->id);
    so.restart = (int)v;
    if (!(rc = ogas_economy_read(table, &ro, &e, err)) && !(rc = ogas_balance_compute(&e, NULL, &so, &b, err)))
        rc = ogas_store_values_balance(&e, &b, vs, err);
    ogas_balance_free(&b);
    ogas_economy_free(&e);
    return rc;
}

/* vs := the plan of run r recomputed from its stored folder or table and files under dir. */
static ogas_status recompute_plan(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs, ogas_error *err)
{
    char bufs[16][1100];
    const char *path, *method;
    ogas_plan_load_options lo;
    ogas_plan_options po;
    ogas_plan_problem p;
    ogas_plan plan;
    ogas_status rc;
    const char *num[] = {"years", "capital-ratio", "depreciation", "growth", "labour-growth", "gap", "max-iter",
                         "min-fulfilment", "max-seconds"};
    double val[9];
    memset(&plan, 0, sizeof plan);
    ogas_plan_load_options_init(&lo);
    ogas_plan_options_init(&po);
    if ((rc = read_options(r, dir, &lo.read, bufs, err))) return rc;
    val[0] = lo.economy.years;
    val[1] = lo.economy.capital_ratio;
    val[2] = lo.economy.depreciation;
    val[3] = lo.economy.target_growth;
    val[4] = lo.economy.labour_growth;
    val[5] = po.gap;
    val[6] = (double)po.max_iter;
    val[7] = po.min_fulfilment;
    val[8] = po.max_seconds;
    for (int k = 0; k < 9; k++)
        if (!num_arg(r->args, num[k], &val[k]))
            return ogas_error_set(err, OGAS_EINVAL, "run %lld: %s is not a number", (long long)r->id, num[k]);
    lo.economy.years = (int)val[0];
    lo.economy.capital_ratio = val[1];
    lo.economy.depreciation = val[2];
    lo.economy.target_growth = val[3];
    lo.economy.labour_growth = val[4];
    lo.economy.demand_as_read = lo.read.demand != NULL;
    po.gap = val[5];
    po.max_iter = (int64_t)val[6];
    po.min_fulfilment = val[7];
    po.max_seconds = val[8];
    lo.capital = ogas_store_file_path(r, dir, "capital", bufs[9], 1100);
    lo.targets = ogas_store_file_path(r, dir, "targets", bufs[10], 1100);
    lo.weights = ogas_store_file_path(r, dir, "weights", bufs[11], 1100);
    lo.projects = ogas_store_file_path(r, dir, "projects", bufs[12], 1100);
    lo.selected = ogas_store_file_path(r, dir, "selected", bufs[13], 1100);
    path = ogas_store_file_path(r, dir, "table", bufs[14], 1100);
    if (!path) path = ogas_store_file_path(r, dir, "dir", bufs[14], 1100);
    if (!path) return ogas_error_set(err, OGAS_EINVAL, "run %lld: no plan folder or table is stored", (long long)r->id);
    method = ogas_store_arg(r->args, "method", bufs[15], 1100);
    if (!method) method = "lp";
    else bufs[15][strcspn(bufs[15], ",")] = '\0'; /* a comma list: the first method is the one stored */
    if ((rc = ogas_plan_load(path, &lo, &p, NULL, NULL, 0, err))) return rc;
    if (ogas_plan_method_known(method)) rc = ogas_plan_solve(method, &p, &po, &plan, NULL, err);
    else rc = ogas_error_set(err, OGAS_EINVAL, "run %lld: unknown method '%s'", (long long)r->id, method);
    if (!rc) rc = ogas_store_values_plan(&p, &plan, vs, err);
    ogas_plan_free(&plan);
    ogas_plan_problem_free(&p);
    return rc;
}

/* vs := the budget of run r recomputed from its stored election under dir. */
static ogas_status recompute_budget(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs, ogas_error *err)
{
    char path[1100], rule[64], opt[64];
    ogas_pb pb;
    ogas_budget_options o;
    ogas_budget_result res;
    ogas_status rc;
    double th = -1;
    memset(&pb, 0, sizeof pb);
    memset(&res, 0, sizeof res);
    if (!ogas_store_file_path(r, dir, "table", path, sizeof path))
        return ogas_error_set(err, OGAS_EINVAL, "run %lld: no election is stored", (long long)r->id);
    if (!ogas_store_arg(r->args, "rule", rule, sizeof rule)) snprintf(rule, sizeof rule, "meta");
    if ((rc = ogas_pb_read(path, &pb, err)) || (rc = ogas_budget_rule(rule, &pb, &o, err))) goto done;
    if (ogas_store_arg(r->args, "utilities", opt, sizeof opt)) o.cardinality = strcmp(opt, "cardinality") == 0;
    if (ogas_store_arg(r->args, "completion", opt, sizeof opt))
        o.completion = !strcmp(opt, "add1") ? OGAS_BUDGET_ADD1
                       : !strcmp(opt, "add1-exhaustive") ? OGAS_BUDGET_ADD1_EXHAUSTIVE : OGAS_BUDGET_NO_COMPLETION;
    if (ogas_store_arg(r->args, "fill", opt, sizeof opt)) o.fill = strcmp(opt, "0") != 0;
    if (!num_arg(r->args, "threshold", &th)) {
        rc = ogas_error_set(err, OGAS_EINVAL, "run %lld: threshold is not a number", (long long)r->id);
        goto done;
    }
    if (ogas_store_arg(r->args, "threshold", opt, sizeof opt)) o.threshold = (int64_t)th;
    /* the rounds, when they were stored (ogas budget --db and ogas serve store them) */
    for (int64_t k = 0; k < r->values.n && !o.explain; k++) o.explain = strcmp(r->values.v[k].series, "round_action") == 0;
    if (!(rc = ogas_budget_run(&pb, &o, &res, err))) rc = ogas_store_values_budget(&pb, &res, vs, err);
done:
    ogas_budget_result_free(&res);
    ogas_pb_free(&pb);
    return rc;
}

/* vs := the simulation of run r recomputed from its stored scenario and economy under dir. */
static ogas_status recompute_simulation(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs,
                                        ogas_error *err)
{
    char scen[1100], eco[1100], opt[64];
    ogas_scenario sc;
    ogas_sim_options so;
    ogas_plan_problem p;
    ogas_sim_result res[2];
    ogas_status rc;
    const char *num[] = {"households", "months", "seed", "supply"};
    double val[4];
    memset(&sc, 0, sizeof sc);
    memset(&p, 0, sizeof p);
    memset(res, 0, sizeof res);
    if (!ogas_store_file_path(r, dir, "table", scen, sizeof scen))
        return ogas_error_set(err, OGAS_EINVAL, "run %lld: no scenario is stored", (long long)r->id);
    if (!ogas_store_file_path(r, dir, "dir", eco, sizeof eco))
        return ogas_error_set(err, OGAS_EINVAL, "run %lld: no economy is stored", (long long)r->id);
    if ((rc = ogas_scenario_read(scen, &sc, err))) return rc;
    ogas_sim_options_init(&so);
    val[0] = (double)sc.households;
    val[1] = sc.months;
    val[2] = (double)sc.seed;
    val[3] = so.supply_scale;
    for (int k = 0; k < 4; k++)
        if (!num_arg(r->args, num[k], &val[k])) {
            rc = ogas_error_set(err, OGAS_EINVAL, "run %lld: %s is not a number", (long long)r->id, num[k]);
            goto done;
        }
    sc.households = (int64_t)val[0];
    sc.months = (int)val[1];
    sc.seed = (uint64_t)val[2];
    so.supply_scale = val[3];
    if (ogas_store_arg(r->args, "regime", opt, sizeof opt))
        sc.regime = !strcmp(opt, "administered") ? 1 : !strcmp(opt, "feedback") ? 2 : 0;
    so.regime = sc.regime;
    so.source = scen;
    if (!(rc = ogas_plan_read(eco, &p, err)) && !(rc = ogas_simulate(&p, &sc, &so, res, err)))
        rc = ogas_store_values_simulation(&sc, res, vs, err);
done:
    ogas_sim_result_free(&res[0]);
    ogas_sim_result_free(&res[1]);
    ogas_plan_problem_free(&p);
    ogas_scenario_free(&sc);
    return rc;
}

/* Whether the "key=value" line at p (up to its newline) has a key in keys (NULL-terminated). */
static int key_in(const char *p, const char *const *keys)
{
    for (const char *const *k = keys; *k; k++) {
        size_t n = strlen(*k);
        if (strncmp(p, *k, n) == 0 && p[n] == '=') return 1;
    }
    return 0;
}

/* Appends to out (size n, at *len) the lines of args whose key is (keep) or is not (!keep) in keys. */
static int filter_args(const char *args, const char *const *keys, int keep, char *out, size_t n, size_t *len)
{
    for (const char *p = args; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (key_in(p, keys) == keep) {
            if (*len + l + 2 > n) return 0;
            memcpy(out + *len, p, l);
            *len += l;
            out[(*len)++] = '\n';
            out[*len] = '\0';
        }
        p = e ? e + 1 : p + l;
    }
    return 1;
}

/* Computes and stores a plan from a stored plan or balance (see store.h). */
ogas_status ogas_store_plan_from(ogas_store *s, int64_t from, const char *opts, const char *actor, const char *scratch,
                                 int64_t *id, int64_t *seq, ogas_error *err)
{
    static const char *const solve_keys[] = {"method", "gap", "max-iter", "max-seconds", "min-fulfilment", NULL};
    static const char *const table_keys[] = {"years", "capital-ratio", "depreciation", "growth", "labour-growth", NULL};
    static const char *const read_keys[] = {"layout", "year", "labour", "demand", "output-row", "sea", "drop", "make",
                                            "use", "scrap", NULL};
    ogas_store_loaded r;
    ogas_store_values vs = {0};
    ogas_store_file *files = NULL;
    ogas_store_run run;
    char args[4096] = "", dir[1024] = "", paths[64][1100], name[300], *keep_args;
    size_t len = 0;
    ogas_status rc;
    int made = 0;

    if ((rc = ogas_store_load(s, from, &r, err))) return rc;
    keep_args = r.args;
    /* the options asked for: only the plan's own keys, each a number or a method */
    for (const char *p = opts ? opts : ""; *p;) {
        const char *e = strchr(p, '\n'), *eq = strchr(p, '=');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char key[32], val[64], *end;
        if (!eq || eq > p + l || (size_t)(eq - p) >= sizeof key || (size_t)(p + l - eq - 1) >= sizeof val) {
            rc = ogas_error_set(err, OGAS_EARG, "plan options: '%.*s' is not key=value", (int)(l < 60 ? l : 60), p);
            goto done;
        }
        memcpy(key, p, (size_t)(eq - p));
        key[eq - p] = '\0';
        memcpy(val, eq + 1, (size_t)(p + l - eq - 1));
        val[p + l - eq - 1] = '\0';
        if (!key_in(p, solve_keys) && !(r.kind == OGAS_RUN_BALANCE && key_in(p, table_keys))) {
            rc = ogas_error_set(err, OGAS_EARG, "plan options: %s is not an option of a plan %s", key,
                                r.kind == OGAS_RUN_BALANCE ? "from a table" : "");
            goto done;
        }
        if (strcmp(key, "method") == 0) {
            if (!ogas_plan_method_known(val)) {
                rc = ogas_error_set(err, OGAS_EARG, "plan options: method is lp, pdlp, harmony or balance, not '%s'", val);
                goto done;
            }
        } else if (strtod(val, &end), end == val || *end) {
            rc = ogas_error_set(err, OGAS_EARG, "plan options: %s is not a number ('%s')", key, val);
            goto done;
        }
        p = e ? e + 1 : p + l;
    }
    if (r.kind == OGAS_RUN_PLAN) {
        if (!filter_args(r.args, solve_keys, 0, args, sizeof args, &len)) goto toolong;
    } else if (r.kind == OGAS_RUN_BALANCE) {
        if (!ogas_store_file_path(&r, "", "table", paths[0], sizeof paths[0])) {
            rc = ogas_error_set(err, OGAS_EINVAL, "balance %lld: its table is a folder, not a table a plan can be made from",
                                (long long)from);
            goto done;
        }
        if (!filter_args(r.args, read_keys, 1, args, sizeof args, &len)) goto toolong;
    } else {
        rc = ogas_error_set(err, OGAS_EINVAL, "run %lld is a %s: plans are made from a plan or a balance", (long long)from,
                            ogas_run_kind_name(r.kind));
        goto done;
    }
    if (!filter_args(opts ? opts : "", solve_keys, 1, args, sizeof args, &len) ||
        !filter_args(opts ? opts : "", table_keys, 1, args, sizeof args, &len))
        goto toolong;
    r.args = args;
    snprintf(dir, sizeof dir, "%s/ogas-plan-XXXXXX", scratch);
    if (!mkdtemp(dir)) {
        rc = ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot make a folder to compute in");
        dir[0] = '\0';
        goto done;
    }
    made = 1;
    if ((rc = store__materialise(&r, dir, 0, err)) || (rc = ogas_store_recompute[OGAS_RUN_PLAN](&r, dir, &vs, err)))
        goto done;
    if (r.nfiles > 64 || !(files = ogas_calloc((size_t)r.nfiles + 1, sizeof *files))) {
        rc = ogas_error_set(err, r.nfiles > 64 ? OGAS_ETOOBIG : OGAS_ENOMEM, "too many files or out of memory");
        goto done;
    }
    for (int64_t k = 0; k < r.nfiles; k++) {
        files[k].role = r.role[k];
        files[k].path = ogas_store_file_path(&r, dir, r.role[k], paths[k], sizeof paths[k]);
    }
    snprintf(name, sizeof name, "%s", r.name);
    memset(&run, 0, sizeof run);
    run.kind = OGAS_RUN_PLAN;
    run.name = name;
    run.args = args;
    run.actor = actor;
    run.nfiles = r.nfiles;
    run.files = files;
    rc = ogas_store_put(s, &run, &vs, id, seq, err);
    goto done;
toolong:
    rc = ogas_error_set(err, OGAS_ETOOBIG, "plan options: too long");
done:
    if (made) {
        store__materialise(&r, dir, 1, NULL);
        rmdir(dir);
    }
    r.args = keep_args;
    ogas_free(files);
    ogas_store_values_free(&vs);
    ogas_store_loaded_free(&r);
    return rc;
}

const ogas_store_recompute_fn ogas_store_recompute[4] = {recompute_balance, recompute_plan, recompute_budget,
                                                         recompute_simulation};
const double ogas_store_tolerance[4] = {1e-9, 1e-6, 0.0, 1e-9};
