/* phragmen.c: sequential Phragmen for participatory budgets (approval ballots), exact.
 *
 * Voters earn money continuously from time 0; a project is bought as soon as its supporters
 * together have its cost, which spends all they have (their load becomes the time of purchase).
 * The time at which project j can be bought is (cost_j + the loads of its supporters) / supporters.
 * As in pabutools, projects dearer than the whole budget never take part, and the rule stops at the
 * first project it would buy that no longer fits in the budget. Voters with equal loads form
 * classes (one per purchase), whose loads are exact rationals; times are compared in floating point
 * and again exactly when within 1e-9 of each other. */
#include <gmp.h>
#include <math.h>
#include <string.h>

#include "budget_internal.h"
#include "ogas/core.h"

/* Sequential Phragmen on c. */
ogas_status bud_phragmen(bud_ctx *c)
{
    const ogas_pb *pb = c->pb;
    int64_t np = c->np, ncls = 1, nopen = 0;
    mpq_t *load = NULL, *texact = NULL, a, unit;
    double *ld = NULL, *td = NULL;
    int32_t *vcls = NULL, *near = NULL;
    int64_t *sumcnt = NULL;
    char *open = NULL;
    ogas_status rc = OGAS_OK;

    mpq_inits(a, unit, NULL);
    {
        mpz_t u;
        mpz_init(u);
        mpz_ui_pow_ui(u, 10, (unsigned long)pb->scale);
        mpq_set_z(unit, u);
        mpz_clear(u);
    }
    if (!(load = ogas_malloc((size_t)(np + 1) * sizeof *load)) ||
        !(texact = ogas_malloc((size_t)(np + 1) * sizeof *texact)) ||
        !(ld = ogas_calloc((size_t)np + 1, sizeof *ld)) || !(td = ogas_calloc((size_t)np + 1, sizeof *td)) ||
        !(vcls = ogas_calloc((size_t)c->nv + 1, sizeof *vcls)) || !(near = ogas_malloc((size_t)(np + 1) * sizeof *near)) ||
        !(sumcnt = ogas_calloc((size_t)np + 1, sizeof *sumcnt)) ||
        !(open = ogas_calloc((size_t)np + 1, 1))) {
        ogas_free(load);
        ogas_free(texact);
        load = texact = NULL;
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for Phragmen");
        goto done;
    }
    for (int64_t k = 0; k <= np; k++) {
        mpq_init(load[k]);
        mpq_init(texact[k]);
    }
    for (int64_t j = 0; j < np; j++)
        if (c->app[j + 1] > c->app[j] && pb->cost[j] <= pb->budget) {
            open[j] = 1;
            nopen++;
        }
    /* class 0: load 0 (everyone at the start); class k >= 1: bought the k-th project */
    while (nopen > 0) {
        double best = HUGE_VAL;
        int64_t nnear = 0;
        int32_t w = -1;
        for (int64_t j = 0; j < np; j++) {
            double s = 0, t;
            int64_t A = c->app[j + 1] - c->app[j];
            if (!open[j]) continue;
            for (int64_t e = c->app[j]; e < c->app[j + 1]; e++) s += ld[vcls[c->voter[e]]];
            t = ((double)pb->cost[j] + s) / (double)A;
            td[j] = t;
            if (t < best * (1 - BUD_EXACT_MARGIN)) {
                best = t;
                near[0] = (int32_t)j;
                nnear = 1;
            } else if (t <= best * (1 + BUD_EXACT_MARGIN)) {
                if (t < best) best = t;
                near[nnear++] = (int32_t)j;
            }
        }
        {
            int64_t m = 0;
            for (int64_t i = 0; i < nnear; i++)
                if (td[near[i]] <= best * (1 + BUD_EXACT_MARGIN)) near[m++] = near[i];
            nnear = m;
        }
        /* exact times of the candidates: (cost + sum of class counts x loads) / supporters */
        for (int64_t i = 0; i < nnear; i++) {
            int32_t j = near[i];
            mpq_ptr t = texact[j];
            for (int64_t e = c->app[j]; e < c->app[j + 1]; e++) sumcnt[vcls[c->voter[e]]]++;
            mpq_set_si(t, (long)pb->cost[j], 1);
            for (int64_t k = 0; k < ncls; k++)
                if (sumcnt[k]) {
                    mpq_set_ui(a, (unsigned long)sumcnt[k], 1);
                    mpq_mul(a, a, load[k]);
                    mpq_add(t, t, a);
                    sumcnt[k] = 0;
                }
            mpq_set_ui(a, (unsigned long)(c->app[j + 1] - c->app[j]), 1);
            mpq_div(t, t, a);
        }
        w = near[0];
        for (int64_t i = 1; i < nnear; i++) {
            int s = mpq_cmp(texact[near[i]], texact[w]);
            if (s < 0 || (s == 0 && bud_tie_cmp(c, near[i], w) < 0)) w = near[i];
        }
        for (int64_t i = 0; i < nnear; i++)
            if (near[i] != w && mpq_cmp(texact[near[i]], texact[w]) == 0) {
                c->ties_seen++;
                if ((rc = bud_tie(c, "round %lld: %s and %s could both be bought at time %.6g; %s first (%s)",
                                  (long long)(c->r->nselected + 1), pb->project[w], pb->project[near[i]],
                                  mpq_get_d(texact[w]) / mpq_get_d(unit), pb->project[w],
                                  bud_tie_reason(c, w, near[i]))))
                    goto done;
            }
        mpq_div(a, texact[w], unit);
        {
            char *txt = bud_money_text(texact[w], pb->scale);
            if (pb->cost[w] > pb->budget - c->r->cost) { /* pabutools: the rule stops here */
                rc = bud_round(c, w, OGAS_BUDGET_STOPPED, c->app[w + 1] - c->app[w], txt, mpq_get_d(a), 0, 0, 0);
                ogas_free(txt);
                break;
            }
            rc = bud_select(c, w);
            if (!rc)
                rc = bud_round(c, w, OGAS_BUDGET_FUNDED, c->app[w + 1] - c->app[w], txt, mpq_get_d(a),
                               c->app[w + 1] - c->app[w], 0, 0);
            ogas_free(txt);
            if (rc) goto done;
        }
        open[w] = 0;
        nopen--;
        /* its supporters' loads become the time of purchase */
        mpq_set(load[ncls], texact[w]);
        ld[ncls] = mpq_get_d(texact[w]);
        for (int64_t e = c->app[w]; e < c->app[w + 1]; e++) vcls[c->voter[e]] = (int32_t)ncls;
        ncls++;
    }
done:
    if (load)
        for (int64_t k = 0; k <= np; k++) {
            mpq_clear(load[k]);
            mpq_clear(texact[k]);
        }
    ogas_free(load);
    ogas_free(texact);
    ogas_free(ld);
    ogas_free(td);
    ogas_free(vcls);
    ogas_free(near);
    ogas_free(sumcnt);
    ogas_free(open);
    mpq_clears(a, unit, NULL);
    return rc;
}
