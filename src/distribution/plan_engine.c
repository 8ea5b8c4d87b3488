/* plan_engine.c: the simulator's economy: consumer goods, labour values, shop units, the plan made at the
 * start, and the plans recomputed for the years left (feedback regime). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/balance.h"
#include "sim_internal.h"

/* plan := p solved by the engine for its size: the exact LP up to o.lp_max_products, material balances
 * above (harmony where they do not apply: several techniques for a product). */
static ogas_status solve(const sim_world *w, const ogas_plan_problem *p, ogas_plan *plan, ogas_error *err)
{
    ogas_plan_options po;
    ogas_status rc;
    ogas_plan_options_init(&po);
    if (p->n <= w->o.lp_max_products) return ogas_plan_lp(p, &po, plan, err);
    rc = ogas_plan_balance(p, &po, plan, err);
    if (rc != OGAS_EINVAL) return rc;
    ogas_plan_free(plan);
    return ogas_plan_harmony(p, &po, plan, err);
}

/* out := the output of each technique k of its product k (a problem without joint production), times
 * outf[g] for consumer good g when outf is given, A := input / output per unit of output, and *L := its
 * Leontief solver (which keeps A: free A after L). why says, in errors, what needs one technique per
 * product. */
static ogas_status unit_leontief(const sim_world *w, const double *outf, const char *why, double *out, ogas_csr *A,
                                 ogas_leontief **L, ogas_error *err)
{
    const ogas_plan_problem *p = w->p;
    ogas_status rc = OGAS_OK;
    ogas_solve_options so;
    int64_t n = p->n;
    *L = NULL;
    if (p->m != n) return ogas_error_set(err, OGAS_EINVAL, "%s: the plan's techniques are not one per product", why);
    for (int64_t i = 0; i < n; i++) {
        out[i] = 0;
        for (int64_t q = p->output.p[i]; q < p->output.p[i + 1]; q++) {
            if (p->output.j[q] != i) return ogas_error_set(err, OGAS_EINVAL, "%s: joint production", why);
            out[i] = p->output.x[q];
        }
    }
    for (int64_t g = 0; outf && g < w->ng; g++) out[w->prod[g]] *= outf[g];
    for (int64_t i = 0; i < n; i++)
        if (!(out[i] > 0)) return ogas_error_set(err, OGAS_EINVAL, "%s: product %s is made by no technique", why, p->codes[i]);
    if ((rc = ogas_csr_copy(&p->input, A, err))) return rc;
    for (int64_t i = 0; i < n; i++)
        for (int64_t q = A->p[i]; q < A->p[i + 1]; q++) A->x[q] /= out[A->j[q]];
    ogas_solve_options_init(&so);
    so.tol = 1e-13;
    return ogas_leontief_create(A, p->codes, &so, L, err);
}

/* v := l (I - A)^-1 for a problem whose technique k makes product k alone (A = input / output). */
static ogas_status leontief_values(const sim_world *w, double *v, ogas_error *err)
{
    const ogas_plan_problem *p = w->p;
    ogas_status rc = OGAS_OK;
    double *l = NULL, *out = NULL;
    ogas_leontief *L = NULL;
    ogas_csr A = {0};
    int64_t n = p->n;
    out = ogas_calloc((size_t)n, sizeof *out);
    l = ogas_mallocarray((size_t)n, sizeof *l);
    if (!out || !l) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for labour values");
        goto done;
    }
    if ((rc = unit_leontief(w, NULL, "labour values (the LP does not price labour in year 1)", out, &A, &L, err))) goto done;
    for (int64_t k = 0; k < n; k++) l[k] = p->labour[k] / out[k];
    rc = ogas_leontief_solve_transposed(L, l, v, NULL, err);
done:
    ogas_leontief_destroy(L);
    ogas_csr_free(&A);
    ogas_free(l);
    ogas_free(out);
    return rc;
}

/* w's consumer goods, their shares, labour values, shop units and prices at value, the plan made at the
 * start, and the scale that makes the year-1 consumption fund equal to the hours households work. */
ogas_status sim_economy(sim_world *w, ogas_error *err)
{
    const ogas_plan_problem *p = w->p;
    ogas_status rc = OGAS_OK;
    double *v = NULL, tot = 0;
    int64_t n = p->n;
    w->prod = ogas_mallocarray((size_t)n, sizeof *w->prod);
    v = ogas_mallocarray((size_t)n, sizeof *v);
    if (!w->prod || !v) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    w->ng = 0;
    for (int64_t i = 0; i < n; i++)
        if (p->target[i] > 0) w->prod[w->ng++] = i;
    if (w->ng == 0) {
        rc = ogas_error_set(err, OGAS_EINVAL, "the plan has no consumer goods (no product has a year-1 target)");
        goto done;
    }
    w->value = ogas_mallocarray((size_t)w->ng, sizeof *w->value);
    w->unit = ogas_mallocarray((size_t)w->ng, sizeof *w->unit);
    w->pv = ogas_mallocarray((size_t)w->ng, sizeof *w->pv);
    w->share = ogas_mallocarray((size_t)w->ng, sizeof *w->share);
    if (!w->value || !w->unit || !w->pv || !w->share) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = solve(w, p, &w->base, err))) goto done;
    snprintf(w->method, sizeof w->method, "%s", w->base.method);
    w->values_lp = w->base.price && w->base.labour_price && w->base.labour_price[0] > 1e-12;
    if (w->values_lp) {
        for (int64_t g = 0; g < w->ng; g++) {
            v[w->prod[g]] = w->base.price[w->prod[g]] / w->base.labour_price[0];
            if (!(v[w->prod[g]] > 0)) w->values_lp = 0;
        }
    }
    if (!w->values_lp && (rc = leontief_values(w, v, err))) goto done;
    for (int64_t g = 0; g < w->ng; g++) {
        double val = v[w->prod[g]], mv;
        int k;
        if (!(val > 0) || !isfinite(val)) {
            rc = ogas_error_set(err, OGAS_EINVAL, "product %s has labour value %g: it cannot be priced",
                                p->codes[w->prod[g]], val);
            goto done;
        }
        w->value[g] = val;
        mv = val * 1000; /* milli-credits per plan unit */
        k = (int)floor(log10(mv)) - 1;
        w->unit[g] = pow(10, k);
        w->pv[g] = llround(mv / w->unit[g]);
        if (w->pv[g] < 1) w->pv[g] = 1;
        w->share[g] = val * p->target[w->prod[g]]; /* budget shares: the targets at labour values */
        tot += w->share[g];
    }
    for (int64_t g = 0; g < w->ng; g++) w->share[g] /= tot;
done:
    ogas_free(v);
    return rc;
}

/* plan := the plan for the years y0..T-1 of w's problem, targets times mult, the consumer goods' output
 * times outf, starting from stock (the stocks the plans so far leave for year y0), the cells of the
 * techniques in destroy cut by destroyed. */
ogas_status sim_replan(const sim_world *w, int y0, const double *mult, const double *outf, const double *stock,
                       const uint8_t *destroy, double destroyed, ogas_plan *plan, ogas_error *err)
{
    const ogas_plan_problem *p = w->p;
    ogas_plan_problem q = *p;
    ogas_status rc = OGAS_OK;
    int64_t n = p->n, ncap = ogas_csr_nnz(&p->capital);
    int T = p->T - y0;
    memset(&q.output, 0, sizeof q.output);
    memset(&q.stock0, 0, sizeof q.stock0);
    q.T = T;
    q.target = ogas_mallocarray((size_t)(T * n), sizeof *q.target);
    q.labour_supply = ogas_mallocarray((size_t)T, sizeof *q.labour_supply);
    q.fixed = NULL;
    if (p->fixed && !(q.fixed = ogas_mallocarray((size_t)(T * ncap), sizeof *q.fixed))) goto nomem;
    if (!q.target || !q.labour_supply) goto nomem;
    if ((rc = ogas_csr_copy(&p->output, &q.output, err)) || (rc = ogas_csr_copy(&p->stock0, &q.stock0, err))) goto done;
    memcpy(q.target, p->target + (int64_t)y0 * n, (size_t)(T * n) * sizeof *q.target);
    memcpy(q.labour_supply, p->labour_supply + y0, (size_t)T * sizeof *q.labour_supply);
    if (p->fixed) memcpy(q.fixed, p->fixed + (int64_t)y0 * ncap, (size_t)(T * ncap) * sizeof *q.fixed);
    for (int64_t g = 0; g < w->ng; g++) {
        int64_t i = w->prod[g];
        for (int y = 0; y < T; y++) q.target[(int64_t)y * n + i] *= mult[g];
        if (outf)
            for (int64_t k = q.output.p[i]; k < q.output.p[i + 1]; k++) q.output.x[k] *= outf[g];
    }
    if (stock) memcpy(q.stock0.x, stock, (size_t)ncap * sizeof *stock);
    if (destroy)
        for (int64_t k = 0; k < ncap; k++)
            if (destroy[q.stock0.j[k]]) q.stock0.x[k] *= 1 - destroyed;
    rc = solve(w, &q, plan, err);
    goto done;
nomem:
    rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a plan");
done:
    ogas_free(q.target);
    ogas_free(q.labour_supply);
    ogas_free(q.fixed);
    ogas_csr_free(&q.output);
    ogas_csr_free(&q.stock0);
    return rc;
}

/* Year y (index yrel) of plan replanned in closed form with its investment kept (see sim_internal.h). */
ogas_status sim_operational(const sim_world *w, int y, int yrel, const double *mult, const double *outf, ogas_plan *plan,
                            ogas_error *err)
{
    const ogas_plan_problem *p = w->p;
    ogas_status rc = OGAS_OK;
    ogas_leontief *L = NULL;
    ogas_csr A = {0};
    int64_t n = p->n, ncap = ogas_csr_nnz(&p->capital);
    double *out = NULL, *dt = NULL, *dv = NULL, *zt = NULL, *zv = NULL, phi = HUGE_VAL, lt = 0, lv = 0;
    out = ogas_calloc((size_t)n, sizeof *out);
    dt = ogas_calloc((size_t)n, sizeof *dt);
    dv = ogas_calloc((size_t)n, sizeof *dv);
    zt = ogas_calloc((size_t)n, sizeof *zt);
    zv = ogas_calloc((size_t)n, sizeof *zv);
    if (!out || !dt || !dv || !zt || !zv) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a replan");
        goto done;
    }
    for (int64_t i = 0; i < n; i++) {
        dt[i] = p->target[(int64_t)y * n + i];
        dv[i] = plan->invest[(int64_t)yrel * n + i];
    }
    for (int64_t g = 0; g < w->ng; g++) dt[w->prod[g]] *= mult[g];
    /* gross output z = (I - A)^-1 d with A = input / output per unit of output; intensity x = z / output */
    if ((rc = unit_leontief(w, outf, "operational replanning", out, &A, &L, err)) ||
        (rc = ogas_leontief_solve(L, dt, zt, NULL, err)) || (rc = ogas_leontief_solve(L, dv, zv, NULL, err)))
        goto done;
    /* phi: the largest that labour and every capacity allow beside the investment */
    for (int64_t k = 0; k < n; k++) {
        lt += p->labour[k] * zt[k] / out[k];
        lv += p->labour[k] * zv[k] / out[k];
    }
    if (lv > p->labour_supply[y] * (1 + 1e-9)) {
        rc = ogas_error_set(err, OGAS_EINVAL, "the year's investment needs more labour than there is");
        goto done;
    }
    if (lt > 0) phi = (p->labour_supply[y] - lv) / lt;
    for (int64_t g = 0; g < n; g++)
        for (int64_t c = p->capital.p[g]; c < p->capital.p[g + 1]; c++) {
            int64_t k = p->capital.j[c];
            double S = plan->stock[(int64_t)yrel * ncap + c], ut = p->capital.x[c] * zt[k] / out[k],
                   uv = p->capital.x[c] * zv[k] / out[k];
            if (uv > S * (1 + 1e-9) + 1e-12) {
                rc = ogas_error_set(err, OGAS_EINVAL, "the year's investment needs more capacity than there is");
                goto done;
            }
            if (ut > 0) phi = fmin(phi, (S - uv) / ut);
        }
    if (!(phi < HUGE_VAL)) {
        rc = ogas_error_set(err, OGAS_EINVAL, "nothing limits the year's production");
        goto done;
    }
    phi = fmax(0, phi);
    for (int64_t i = 0; i < n; i++) {
        plan->net[(int64_t)yrel * n + i] = phi * dt[i];
        plan->gross[(int64_t)yrel * n + i] = phi * zt[i] + zv[i];
    }
    plan->phi[yrel] = phi;
done:
    ogas_leontief_destroy(L);
    ogas_csr_free(&A);
    ogas_free(out);
    ogas_free(dt);
    ogas_free(dv);
    ogas_free(zt);
    ogas_free(zv);
    return rc;
}
