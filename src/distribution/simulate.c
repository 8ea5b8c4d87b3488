/* simulate.c: the simulation loop, month by month: plan -> production (capacity, shocks, random
 * disruptions) -> delivery -> pay -> shopping -> measurement -> (feedback) replanning. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

void ogas_sim_options_init(ogas_sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->supply_scale = 1;
    o->officials = 0.02;
    o->savings_draw = 0.25;
    o->lp_max_products = 100;
}

const char *ogas_sim_regime_name(int regime)
{
    return regime == 1 ? "administered" : regime == 2 ? "feedback" : "none";
}

/* Whether shock s acts in month (1-based). */
int sim_active(const ogas_shock *s, int month)
{
    return month >= s->start && (s->months == 0 || month < s->start + s->months);
}

/* Releases what w owns. */
static void world_free(sim_world *w)
{
    ogas_free(w->prod);
    ogas_free(w->value);
    ogas_free(w->unit);
    ogas_free(w->pv);
    ogas_free(w->share);
    ogas_plan_free(&w->base);
    ogas_free(w->good);
    ogas_free(w->w);
    ogas_free(w->hours);
    ogas_free(w->children);
    ogas_free(w->flags);
    ogas_free(w->sample);
    if (w->shock_good)
        for (int64_t s = 0; s < w->sc->nshocks; s++) ogas_free(w->shock_good[s]);
    if (w->war_tech)
        for (int64_t s = 0; s < w->sc->nshocks; s++) ogas_free(w->war_tech[s]);
    ogas_free(w->shock_good);
    ogas_free(w->war_tech);
}

/* The goods (famine, isolation) and techniques and their goods (war) that each shock names; unknown codes
 * are errors at the shock's line. */
static ogas_status resolve_shocks(sim_world *w, ogas_error *err)
{
    const ogas_scenario *sc = w->sc;
    const ogas_plan_problem *p = w->p;
    const char *file = w->o.source ? w->o.source : sc->name ? sc->name : "scenario";
    int64_t ns = sc->nshocks, *gof = NULL;
    ogas_status rc = OGAS_OK;
    w->shock_good = ogas_calloc((size_t)(ns ? ns : 1), sizeof *w->shock_good);
    w->war_tech = ogas_calloc((size_t)(ns ? ns : 1), sizeof *w->war_tech);
    gof = ogas_mallocarray((size_t)p->n, sizeof *gof);
    if (!w->shock_good || !w->war_tech || !gof) goto nomem;
    for (int64_t i = 0; i < p->n; i++) gof[i] = -1;
    for (int64_t g = 0; g < w->ng; g++) gof[w->prod[g]] = g;
    for (int64_t s = 0; s < ns; s++) {
        const ogas_shock *k = &sc->shocks[s];
        if (k->kind != OGAS_SHOCK_FAMINE && k->kind != OGAS_SHOCK_ISOLATION && k->kind != OGAS_SHOCK_WAR) continue;
        if (!(w->shock_good[s] = ogas_calloc((size_t)w->ng, 1))) goto nomem;
        if (k->kind == OGAS_SHOCK_WAR && !(w->war_tech[s] = ogas_calloc((size_t)p->m, 1))) goto nomem;
        for (int64_t c = 0; c < k->ncodes; c++) {
            int found = 0;
            char buf[112];
            for (int64_t i = 0; i < p->n; i++)
                if (strcmp(p->codes[i], k->codes[c]) == 0) {
                    found = 1;
                    if (k->kind != OGAS_SHOCK_WAR) {
                        if (gof[i] >= 0) w->shock_good[s][gof[i]] = 1;
                    } else { /* the techniques making product i */
                        for (int64_t q = p->output.p[i]; q < p->output.p[i + 1]; q++) w->war_tech[s][p->output.j[q]] = 1;
                    }
                }
            if (k->kind == OGAS_SHOCK_WAR)
                for (int64_t t = 0; t < p->m; t++)
                    if (strcmp(ogas_plan_technique_name(p, t, buf, sizeof buf), k->codes[c]) == 0) {
                        found = 1;
                        w->war_tech[s][t] = 1;
                    }
            if (!found) {
                rc = ogas_error_at(err, OGAS_EINVAL, file, k->line, 0, "%s shock: '%s' is not a %s of the economy",
                                   ogas_shock_kind_name(k->kind), k->codes[c],
                                   k->kind == OGAS_SHOCK_WAR ? "product or industry" : "product");
                goto done;
            }
        }
        if (k->kind == OGAS_SHOCK_WAR) /* goods made by the techniques hit */
            for (int64_t g = 0; g < w->ng; g++) {
                int64_t i = w->prod[g];
                for (int64_t q = p->output.p[i]; q < p->output.p[i + 1]; q++)
                    if (w->war_tech[s][p->output.j[q]]) w->shock_good[s][g] = 1;
            }
    }
    goto done;
nomem:
    rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
done:
    ogas_free(gof);
    return rc;
}

/* Runs the regimes o asks for. */
ogas_status ogas_simulate(const ogas_plan_problem *p, const ogas_scenario *sc, const ogas_sim_options *o,
                          ogas_sim_result res[2], ogas_error *err)
{
    sim_world w;
    ogas_status rc = OGAS_OK;
    int regime;
    memset(&w, 0, sizeof w);
    memset(res, 0, 2 * sizeof *res);
    w.p = p;
    w.sc = sc;
    if (o) w.o = *o;
    else ogas_sim_options_init(&w.o);
    regime = w.o.regime ? w.o.regime : sc->regime;
    w.N = sc->households;
    if (w.N < 1 || w.N > 100000000 || sc->months < 1 || sc->months > 1200) {
        rc = ogas_error_set(err, OGAS_EARG, "households must be 1..1e8 and months 1..1200");
        goto done;
    }
    if (sc->basket > 256) {
        rc = ogas_error_set(err, OGAS_EARG, "a basket holds at most 256 goods");
        goto done;
    }
    if ((rc = sim_economy(&w, err)) || (rc = resolve_shocks(&w, err)) || (rc = sim_households(&w, err))) goto done;
    {
        double hours = 0, fund1 = 0;
        for (int64_t h = 0; h < w.N; h++) hours += w.hours[h];
        for (int64_t g = 0; g < w.ng; g++) fund1 += w.value[g] * fmax(0, w.base.net[w.prod[g]]) / 12;
        if (!(fund1 > 0)) {
            rc = ogas_error_set(err, OGAS_EINVAL, "the plan makes no consumer goods in year 1");
            goto done;
        }
        w.scale = hours / fund1;
    }
    for (int k = 1; k <= 2; k++) {
        if (regime && regime != k) continue;
        if ((rc = sim_run_regime(&w, k, &res[k - 1], err))) goto done;
    }
done:
    if (rc) {
        ogas_sim_result_free(&res[0]);
        ogas_sim_result_free(&res[1]);
    }
    world_free(&w);
    return rc;
}

void ogas_sim_result_free(ogas_sim_result *r)
{
    if (!r) return;
    ogas_free(r->month);
    ogas_free(r->good);
    memset(r, 0, sizeof *r);
}

/* s := means over r's months and the shortage around the first supply shock. */
void ogas_sim_summarise(const ogas_sim_result *r, const ogas_scenario *sc, ogas_sim_summary *s)
{
    int M = r->months, t;
    memset(s, 0, sizeof *s);
    for (int m = 0; m < M; m++) {
        const ogas_sim_month *x = &r->month[m];
        s->mean_queue_length += x->queue_length / M;
        s->mean_waiting_months += x->waiting_months / M;
        s->unmet_demand_share += x->unmet_share / M;
        s->forced_substitution_share += x->substitution_share / M;
        s->forced_saving_share += x->forced_saving_share / M;
        s->stock_to_sales += x->stock_to_sales / M;
        s->administered_allocation_share += x->administered_share / M;
        s->consumption_gini += x->consumption_gini / M;
        s->hours_gini += x->hours_gini / M;
        s->plan_fulfilment += x->plan_fulfilment / M;
        s->price_ratio += x->price_ratio / M;
        s->trader_margin_share += x->trader_margin_share / M;
    }
    for (int64_t k = 0; k < sc->nshocks; k++) {
        ogas_shock_kind kind = sc->shocks[k].kind;
        if (kind == OGAS_SHOCK_FAMINE || kind == OGAS_SHOCK_ISOLATION || kind == OGAS_SHOCK_WAR) {
            s->shock_month = sc->shocks[k].start;
            break;
        }
    }
    t = s->shock_month;
    if (t < 1 || t > M) {
        s->shock_month = 0;
        return;
    }
    for (int m = t - 3; m < t; m++)
        if (m >= 1) s->unmet_before += r->month[m - 1].unmet_share / (t - 1 < 3 ? t - 1 : 3);
    for (int m = t; m < t + 3 && m <= M; m++)
        if (r->month[m - 1].unmet_share > s->unmet_peak) s->unmet_peak = r->month[m - 1].unmet_share;
    s->queue_at_shock = r->month[t - 1].queue_length;
    s->unmet_after12 = t + 11 <= M ? r->month[t + 10].unmet_share : NAN;
    s->queue_after12 = t + 11 <= M ? r->month[t + 10].queue_length : NAN;
}
