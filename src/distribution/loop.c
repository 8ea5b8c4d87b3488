/* loop.c: one regime's run, month by month: plan -> production (shocks, random disruptions) -> delivery ->
 * pay -> shopping -> measurement -> (feedback) replanning; and the regime's state. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

/* Releases a regime's state. */
static void state_free(sim_state *s)
{
    int64_t **a[] = {&s->stock, &s->stock0, &s->deliv, &s->sold, &s->prio, &s->queue, &s->wait_sum, &s->want,
                     &s->unmet, &s->spent_g, &s->traders, &s->traded, &s->cum, &s->savings, &s->pay, &s->budget,
                     &s->cons, &s->unmet1};
    for (size_t k = 0; k < sizeof a / sizeof *a; k++) ogas_free(*a[k]);
    ogas_free(s->pidx);
    ogas_free(s->pgot);
    ogas_free(s->wait);
    ogas_free(s->perm);
    ogas_free(s->border);
}

/* Allocates a regime's state (all zero; perm the identity). */
static ogas_status state_init(const sim_world *w, sim_state *s, int regime, ogas_error *err)
{
    int64_t **ga[] = {&s->stock, &s->stock0, &s->deliv, &s->sold, &s->prio, &s->queue, &s->wait_sum, &s->want,
                      &s->unmet, &s->spent_g, &s->traders, &s->traded, &s->cum};
    int64_t **ha[] = {&s->savings, &s->pay, &s->budget, &s->cons, &s->unmet1};
    int ok = 1;
    memset(s, 0, sizeof *s);
    s->regime = regime;
    for (size_t k = 0; k < sizeof ga / sizeof *ga; k++) ok &= (*ga[k] = ogas_calloc((size_t)w->ng, sizeof(int64_t))) != NULL;
    for (size_t k = 0; k < sizeof ha / sizeof *ha; k++) ok &= (*ha[k] = ogas_calloc((size_t)w->N, sizeof(int64_t))) != NULL;
    ok &= (s->pidx = ogas_mallocarray((size_t)w->N, sizeof *s->pidx)) != NULL;
    ok &= (s->wait = ogas_calloc((size_t)(w->N * w->B), 1)) != NULL;
    ok &= (s->perm = ogas_mallocarray((size_t)w->N, sizeof *s->perm)) != NULL;
    ok &= (s->border = ogas_mallocarray((size_t)(w->N / SIM_BLOCK + 1), sizeof *s->border)) != NULL;
    if (ok) {
        for (int64_t h = 0; h < w->N; h++) {
            s->perm[h] = (uint32_t)h;
            s->pidx[h] = (w->flags[h] & (SIM_OFFICIAL | SIM_SPECIALIST)) ? (int32_t)s->nprio++ : -1;
        }
        ok &= (s->pgot = ogas_calloc((size_t)((s->nprio ? s->nprio : 1) * w->B), sizeof *s->pgot)) != NULL;
    }
    if (!ok) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld households", (long long)w->N);
    return OGAS_OK;
}

/* The month's measurements of s into x (goods' sums) and the per-good accumulators. */
static void measure(const sim_world *w, const sim_state *s, const int64_t *before, ogas_sim_month *x, double *gsum,
                    double *xs)
{
    int64_t ng = w->ng, queue = 0, wsum = 0, unmet = 0, want = 0, prio = 0, soldu = 0, stockv = 0, soldv = 0,
            spent = 0;
    for (int64_t g = 0; g < ng; g++) {
        int64_t pv = w->pv[g];
        queue += s->queue[g];
        wsum += s->wait_sum[g];
        unmet += s->unmet[g];
        want += s->want[g];
        prio += s->prio[g];
        soldu += s->sold[g];
        stockv += s->stock[g] * pv;
        soldv += s->sold[g] * pv;
        spent += s->spent_g[g];
        x->delivered += s->deliv[g];
        x->bought += s->sold[g];
        x->traded += s->traded[g];
        x->stock_start += before[g];
        x->stock_end += s->stock[g];
        if (s->deliv[g] != s->sold[g] + (s->stock[g] - before[g]) + s->traded[g]) x->conserved = 0;
        gsum[4 * g] += (double)s->queue[g];
        gsum[4 * g + 1] += s->queue[g] ? (double)s->wait_sum[g] / (double)s->queue[g] : 0;
        gsum[4 * g + 2] += s->want[g] ? (double)s->unmet[g] / (double)s->want[g] : 0;
        gsum[4 * g + 3] += s->sold[g] ? (double)s->spent_g[g] / (double)(s->sold[g] * pv)
                           : s->stock0[g] ? (double)s->want[g] / (double)(s->stock0[g] * pv) : 1;
    }
    x->queue_length = (double)queue / (double)ng;
    x->waiting_months = queue ? (double)wsum / (double)queue : 0;
    x->unmet_share = want ? (double)unmet / (double)want : 0;
    x->substitution_share = x->paid ? (double)s->subst / (double)x->paid : 0;
    x->forced_saving_share = x->paid ? (double)s->forced / (double)x->paid : 0;
    x->stock_to_sales = soldv ? (double)stockv / (double)soldv : 0;
    x->administered_share = soldu ? (double)prio / (double)soldu : 0;
    x->price_ratio = soldv ? (double)spent / (double)soldv : 1;
    x->trader_margin_share = x->paid ? (double)s->margin / (double)x->paid : 0;
    x->hours_gini = w->hours_gini;
    for (int64_t q = 0; q < w->nsample; q++) xs[q] = (double)s->cons[w->sample[q]];
    x->consumption_gini = ogas_gini(w->nsample, xs);
}

/* Runs regime (1 administered, 2 feedback) over the scenario's months into r. */
ogas_status sim_run_regime(const sim_world *w, int regime, ogas_sim_result *r, ogas_error *err)
{
    const ogas_scenario *sc = w->sc;
    const ogas_plan_problem *p = w->p;
    const ogas_plan *cur = &w->base;
    ogas_plan plan;
    ogas_status rc = OGAS_OK;
    sim_state s;
    int M = sc->months, T = p->T, y0 = 0;
    int64_t ng = w->ng, n = p->n, N = w->N, ncap = ogas_csr_nnz(&p->capital);
    double *acc = NULL, *mult = NULL, *known = NULL, *outf = NULL, *gsum = NULL, *xs = NULL, t0 = ogas_now();
    int64_t *before = NULL;
    uint8_t *war_known = NULL;
    memset(&plan, 0, sizeof plan);
    memset(r, 0, sizeof *r);
    if ((rc = state_init(w, &s, regime, err))) goto done;
    r->month = ogas_calloc((size_t)M, sizeof *r->month);
    r->good = ogas_calloc((size_t)ng, sizeof *r->good);
    acc = ogas_calloc((size_t)ng, sizeof *acc);
    mult = ogas_mallocarray((size_t)ng, sizeof *mult);
    known = ogas_mallocarray((size_t)ng, sizeof *known);
    outf = ogas_mallocarray((size_t)ng, sizeof *outf);
    gsum = ogas_calloc((size_t)(4 * ng), sizeof *gsum);
    xs = ogas_mallocarray((size_t)w->nsample, sizeof *xs);
    before = ogas_mallocarray((size_t)ng, sizeof *before);
    war_known = ogas_calloc((size_t)(sc->nshocks + 1), 1);
    if (!r->month || !r->good || !acc || !mult || !known || !outf || !gsum || !xs || !before || !war_known) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    r->regime = regime;
    r->months = M;
    r->households = N;
    r->goods = ng;
    r->conserved = 1;
    snprintf(r->values, sizeof r->values, "%s", w->values_lp ? "lp_shadow_prices" : "leontief");
    snprintf(r->method, sizeof r->method, "%s", w->method);
    for (int64_t g = 0; g < ng; g++) {
        double pu = fmax(0, w->base.net[w->prod[g]]) * w->scale * w->unit[g] / 12;
        mult[g] = known[g] = 1;
        s.stock[g] = llround(sc->initial_stock * pu * w->o.supply_scale);
    }
    for (int m = 1; m <= M; m++) {
        ogas_sim_month *x = &r->month[m - 1];
        int y = (m - 1) / 12 < T ? (m - 1) / 12 : T - 1;
        double fund = 0, orig = 0, dv = 0, diff = 1, hw = 0, rate, allow;
        int64_t children = 0, paid = 0, sav0 = 0, sav1 = 0, expired = 0;
        ogas_rng dr;
        x->month = m;
        x->conserved = 1;
        s.trade = NULL;
        s.spec_on = 0;
        for (int64_t k = 0; k < sc->nshocks; k++) {
            const ogas_shock *sh = &sc->shocks[k];
            if (!sim_active(sh, m)) continue;
            if (sh->kind == OGAS_SHOCK_SPECIALISTS) {
                s.spec_on = 1;
                diff = sh->differential;
            }
            if (sh->kind == OGAS_SHOCK_PRIVATE_TRADE && regime == 1) s.trade = sh;
        }
        /* production and delivery */
        ogas_rng_seed(&dr, sim_mix(sc->seed ^ 0xD157u, (uint64_t)m));
        for (int64_t g = 0; g < ng; g++) {
            int64_t i = w->prod[g], d;
            double net = fmax(0, cur->net[(int64_t)(y - y0) * n + i]), pu = net * w->scale * w->unit[g] / 12;
            double f = w->o.supply_scale, act = 1;
            fund += pu * (double)w->pv[g];
            orig += fmax(0, w->base.net[(int64_t)y * n + i]) * w->scale * w->unit[g] / 12 * (double)w->pv[g];
            for (int64_t k = 0; k < sc->nshocks; k++) {
                const ogas_shock *sh = &sc->shocks[k];
                if (!w->shock_good[k] || !w->shock_good[k][g] || !sim_active(sh, m)) continue;
                if (sh->kind == OGAS_SHOCK_WAR) {
                    if (!war_known[k]) act *= 1 - sh->destroyed;
                } else {
                    act *= sh->factor;
                }
            }
            f *= act / known[g];
            if (ogas_rng_uniform(&dr) < sc->disruption) f *= 1 - sc->disruption_loss;
            acc[g] += pu * f;
            d = (int64_t)floor(acc[g]);
            acc[g] -= (double)d;
            before[g] = s.stock[g];
            s.deliv[g] = d;
            s.stock[g] += d;
            s.stock0[g] = s.stock[g];
            dv += (double)d * (double)w->pv[g];
            s.sold[g] = s.prio[g] = s.queue[g] = s.wait_sum[g] = s.unmet[g] = s.spent_g[g] = 0;
            s.traded[g] = s.traders[g] = 0;
        }
        /* pay: the month's consumption fund (the labour value of the consumer goods the plan makes) shared by
         * hours worked (specialists at their differential) and children */
        for (int64_t h = 0; h < N; h++) {
            hw += (double)w->hours[h] * ((s.spec_on && (w->flags[h] & SIM_SPECIALIST)) ? diff : 1);
            children += w->children[h];
        }
        rate = hw > 0 ? fund / (hw * (1 + sc->child_allowance * (double)children / (double)N)) : 0;
        allow = sc->child_allowance * rate * hw / (double)N;
#pragma omp parallel for schedule(static) reduction(+ : paid, sav0) if (N > 100000)
        for (int64_t h = 0; h < N; h++) {
            double dh = (s.spec_on && (w->flags[h] & SIM_SPECIALIST)) ? diff : 1;
            int64_t pay = llround(rate * (double)w->hours[h] * dh) + w->children[h] * llround(allow);
            sav0 += s.savings[h];
            paid += pay;
            s.pay[h] = pay;
            s.budget[h] = pay + (int64_t)floor(w->o.savings_draw * (double)s.savings[h]);
            s.savings[h] += pay;
            s.cons[h] = 0;
            s.unmet1[h] = 0;
        }
        x->paid = paid;
        s.subst = s.forced = s.margin = s.spent = 0;
        if (s.trade) { /* traders sell to the richest tenth (by savings, from the sample) */
            for (int64_t q = 0; q < w->nsample; q++) xs[q] = (double)s.savings[w->sample[q]];
            ogas_gini(w->nsample, xs); /* sorts */
            s.rich = (int64_t)xs[(int64_t)(0.9 * (double)(w->nsample - 1))];
        }
        /* the order of arrival, fresh each month: the blocks of SIM_BLOCK households in a random order,
         * each block's households shuffled */
        if (regime == 1) {
            ogas_rng pr;
            int64_t nb = (N + SIM_BLOCK - 1) / SIM_BLOCK, k = 0;
            ogas_rng_seed(&pr, sim_mix(sc->seed ^ 0x5E0u, (uint64_t)m));
            for (int64_t b = 0; b < nb; b++) s.border[b] = (uint32_t)b;
            for (int64_t b = nb - 1; b > 0; b--) {
                int64_t j = (int64_t)ogas_rng_below(&pr, (uint64_t)(b + 1));
                uint32_t t = s.border[b];
                s.border[b] = s.border[j];
                s.border[j] = t;
            }
            for (int64_t b = 0; b < nb; b++) {
                int64_t lo = (int64_t)s.border[b] * SIM_BLOCK, len = N - lo < SIM_BLOCK ? N - lo : SIM_BLOCK;
                uint32_t *q = s.perm + k;
                for (int64_t i = 0; i < len; i++) q[i] = (uint32_t)(lo + i);
                for (int64_t i = len - 1; i > 0; i--) {
                    int64_t j = (int64_t)ogas_rng_below(&pr, (uint64_t)(i + 1));
                    uint32_t t = q[i];
                    q[i] = q[j];
                    q[j] = t;
                }
                k += len;
            }
        }
        sim_wants(w, &s);
        if (regime == 1) sim_shop_administered(w, &s);
        else sim_shop_feedback(w, &s);
        /* savings over the cap expire */
#pragma omp parallel for schedule(static) reduction(+ : expired, sav1) if (N > 100000)
        for (int64_t h = 0; h < N; h++) {
            int64_t cap = (int64_t)floor(sc->savings_cap * (double)s.pay[h]);
            if (s.savings[h] > cap) {
                expired += s.savings[h] - cap;
                s.savings[h] = cap;
            }
            sav1 += s.savings[h];
        }
        x->spent = s.spent;
        x->expired = expired;
        x->savings_start = sav0;
        x->savings_end = sav1;
        if (paid != s.spent + (sav1 - sav0) + expired) x->conserved = 0;
        x->plan_fulfilment = orig > 0 ? dv / orig : 0;
        measure(w, &s, before, x, gsum, xs);
        if (!x->conserved) r->conserved = 0;
        /* feedback: targets follow price / value, and the plan is recomputed for the years left */
        if (regime == 2 && m % (sc->replan_months > 0 ? sc->replan_months : 1) == 0 && m < M && m / 12 < T) {
            int yn = m / 12, war = -1;
            ogas_plan next;
            ogas_error e2;
            for (int64_t g = 0; g < ng; g++) {
                double S = (double)s.stock0[g] * (double)w->pv[g], ratio = S > 0 ? (double)s.want[g] / S : 2;
                double c = pow(ratio, sc->gain);
                mult[g] *= c < 0.5 ? 0.5 : c > 2 ? 2 : c;
                outf[g] = 1;
            }
            for (int64_t k = 0; k < sc->nshocks; k++) {
                const ogas_shock *sh = &sc->shocks[k];
                /* planners learn of a shock when it hits: those acting this month and next */
                if (!w->shock_good[k] || !sim_active(sh, m) || !sim_active(sh, m + 1)) continue;
                if (sh->kind == OGAS_SHOCK_WAR) {
                    if (!war_known[k] && war < 0) war = (int)k;
                } else {
                    for (int64_t g = 0; g < ng; g++)
                        if (w->shock_good[k][g]) outf[g] *= sh->factor;
                }
            }
            memset(&next, 0, sizeof next);
            /* within a year, and with a plan of our own to change: the year's production only (operational) */
            if (sc->operational && m % 12 != 0 && war < 0 && cur == &plan && yn - y0 < plan.T &&
                sim_operational(w, yn, yn - y0, mult, outf, &plan, &e2) == OGAS_OK) {
                memcpy(known, outf, (size_t)ng * sizeof *known);
                r->replans++;
                r->operational_replans++;
                continue;
            }
            if (sim_replan(w, yn, mult, outf, cur->stock + (int64_t)(yn - y0) * ncap, war >= 0 ? w->war_tech[war] : NULL,
                           war >= 0 ? sc->shocks[war].destroyed : 0, &next, &e2) == OGAS_OK) {
                ogas_plan_free(&plan);
                plan = next;
                cur = &plan;
                y0 = yn;
                memcpy(known, outf, (size_t)ng * sizeof *known);
                if (war >= 0) war_known[war] = 1;
                r->replans++;
            } else {
                ogas_plan_free(&next);
                r->replan_failures++;
            }
        }
    }
    for (int64_t g = 0; g < ng; g++) {
        r->good[g].product = w->prod[g];
        r->good[g].queue_length = gsum[4 * g] / M;
        r->good[g].waiting_months = gsum[4 * g + 1] / M;
        r->good[g].unmet_share = gsum[4 * g + 2] / M;
        r->good[g].price_ratio = gsum[4 * g + 3] / M;
    }
    r->seconds = ogas_now() - t0;
done:
    if (rc) ogas_sim_result_free(r);
    ogas_plan_free(&plan);
    state_free(&s);
    ogas_free(acc);
    ogas_free(mult);
    ogas_free(known);
    ogas_free(outf);
    ogas_free(gsum);
    ogas_free(xs);
    ogas_free(before);
    ogas_free(war_known);
    return rc;
}
