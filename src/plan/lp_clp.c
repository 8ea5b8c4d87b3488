/* lp_clp.c: the exact optimum of a plan with COIN-OR CLP (dual simplex after CLP's presolve and
 * crash), through its C interface. */
#include <coin/Clp_C_Interface.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "certify.h"
#include "plan_lp.h"

#define LP_CERT_GAP 1e-4    /* CLP's answer is accepted when certified within this (relative) */
#define LP_TOLERANCE 1e-9   /* CLP's primal and dual feasibility tolerances (its default 1e-7 stops short) */

/* Names the rows that CLP's infeasibility ray weighs most (at most five) into buf. */
static void name_ray(const ogas_plan_problem *p, const plan_lp *L, const double *ray, char *buf, size_t n)
{
    int64_t best[5];
    int nb = 0;
    size_t k = 0;
    for (int64_t r = 0; r < L->nrows; r++) {
        double v = fabs(ray[r]);
        int q;
        if (v <= 1e-9) continue;
        if (nb < 5) q = nb++;
        else if (v <= fabs(ray[best[4]])) continue;
        else q = 4;
        while (q > 0 && fabs(ray[best[q - 1]]) < v) {
            best[q] = best[q - 1];
            q--;
        }
        best[q] = r;
    }
    buf[0] = '\0';
    for (int q = 0; q < nb && k + 2 < n; q++) {
        char row[200];
        plan__row_name(p, L, best[q], row, sizeof row);
        k += (size_t)snprintf(buf + k, n - k, "%s%s", q ? "; " : "", row);
    }
}

/* plan := optimum of p by CLP. */
ogas_status ogas_plan_lp(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan, ogas_error *err)
{
    plan_lp L;
    Clp_Simplex *model = NULL;
    plan_certifier *cert = NULL;
    int *start = NULL, *index = NULL, have = 0;
    double t0 = ogas_now(), *xb = NULL, *yb = NULL, *xc = NULL, *yc = NULL;
    ogas_status rc;
    int status = -1;

    memset(plan, 0, sizeof *plan);
    snprintf(plan->method, sizeof plan->method, "lp");
    plan->bound_lower = -HUGE_VAL;
    plan->bound_upper = HUGE_VAL;
    rc = ogas_plan_problem_check(p, err);
    if (rc) return rc;
    rc = plan__lp_build(p, &L, err);
    if (rc) return rc;
    plan__lp_min_fulfilment(&L, o);
    if (L.ncols > INT32_MAX - 1 || ogas_csr_nnz(&L.A) > INT32_MAX - 1) {
        rc = ogas_error_set(err, OGAS_ETOOBIG, "the LP has %lld columns and %lld nonzeros: beyond CLP's 32-bit indices",
                            (long long)L.ncols, (long long)ogas_csr_nnz(&L.A));
        goto done;
    }
    start = ogas_mallocarray((size_t)L.ncols + 1, sizeof *start);
    index = ogas_mallocarray((size_t)ogas_csr_nnz(&L.A) + 1, sizeof *index);
    if (!start || !index || !(xb = ogas_mallocarray((size_t)L.ncols + 1, sizeof *xb)) ||
        !(yb = ogas_mallocarray((size_t)L.nrows + 1, sizeof *yb)) || !(xc = ogas_mallocarray((size_t)L.ncols + 1, sizeof *xc)) ||
        !(yc = ogas_mallocarray((size_t)L.nrows + 1, sizeof *yc))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for CLP");
        goto done;
    }
    if ((rc = plan__certifier_create(p, &L, &cert, err))) goto done;
    for (int64_t c = 0; c <= L.ncols; c++) start[c] = (int)L.A.p[c];
    for (int64_t k = 0; k < ogas_csr_nnz(&L.A); k++) index[k] = L.A.j[k];
    /* CLP's answer is checked by certificates (certify.h). With its default tolerances (1e-7) it stopped
     * short of the optimum on generated plans (by 1e-5), and on badly scaled tables its scaling can stop
     * it at a vertex far from optimal (ONS UK 2010: 1% below a certified feasible plan, at any
     * tolerance). So it runs at tolerance 1e-9, and when the certified gap exceeds LP_CERT_GAP the LP is
     * solved again without scaling, then with equilibrium scaling; the best certified plan is kept */
    for (int attempt = 0; attempt < 3; attempt++) {
        const double *dual, *col;
        double lo, hi, gap, big;
        if (model) Clp_deleteModel(model);
        if (!(model = Clp_newModel())) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for CLP");
            goto done;
        }
        Clp_setLogLevel(model, 0);
        Clp_loadProblem(model, (int)L.ncols, (int)L.nrows, start, index, L.A.x, L.collo, L.colhi, L.obj, L.rowlo, L.rowhi);
        Clp_setObjSense(model, -1.0); /* maximise */
        if (o && o->max_iter > 0) Clp_setMaximumIterations(model, (int)(o->max_iter < INT32_MAX ? o->max_iter : INT32_MAX));
        if (o && o->max_seconds > 0) { /* the time limit covers all attempts */
            double left = o->max_seconds - (ogas_now() - t0);
            if (left <= 0 && have) break;
            Clp_setMaximumSeconds(model, left > 1e-3 ? left : 1e-3);
        }
        if (attempt > 0) Clp_scaling(model, attempt == 1 ? 0 : 1);
        Clp_setPrimalTolerance(model, LP_TOLERANCE);
        Clp_setDualTolerance(model, LP_TOLERANCE);
        Clp_initialSolve(model);
        status = Clp_status(model);
        plan->iterations += Clp_numberIterations(model);
        if (status != 0) {
            if (attempt == 0 || !have) break; /* reported below */
            status = 0;
            continue;
        }
        /* CLP's row duals of the maximised problem are d objective / d bound; a row relaxes by raising its
         * upper bound (labour, capacity) or lowering its lower bound (product balances), so the gain in
         * fulfilment per unit of relaxation is the dual, or minus the dual. */
        dual = Clp_getRowPrice(model);
        col = Clp_getColSolution(model);
        for (int64_t r = 0; r < L.nrows; r++) {
            double v = isfinite(L.rowhi[r]) ? dual[r] : -dual[r];
            yc[r] = v == 0.0 ? 0.0 : v;
        }
        lo = plan__certify_primal(cert, col, xc);
        memcpy(xc, col, (size_t)L.ncols * sizeof *xc); /* the plan is CLP's own vertex, prices its duals */
        hi = plan__certify_dual(cert, yc, yc);
        for (int64_t r = 0; r < L.nrows; r++) {
            double v = isfinite(L.rowhi[r]) ? dual[r] : -dual[r];
            yc[r] = v == 0.0 ? 0.0 : v;
        }
        /* the vertex with the best certified plan is kept; the bounds are the best of all attempts */
        if (!have || lo > plan->bound_lower) {
            plan->bound_lower = lo;
            memcpy(xb, xc, (size_t)L.ncols * sizeof *xb);
            memcpy(yb, yc, (size_t)L.nrows * sizeof *yb);
        }
        if (hi < plan->bound_upper) plan->bound_upper = hi;
        have = 1;
        big = fmax(fabs(plan->bound_lower), fabs(plan->bound_upper));
        gap = plan->bound_lower > -HUGE_VAL && plan->bound_upper < HUGE_VAL
                  ? (big > 0 ? (plan->bound_upper - plan->bound_lower) / big : 0.0)
                  : HUGE_VAL;
        if (gap <= LP_CERT_GAP) break;
    }
    if (have) status = 0;
    switch (status) {
    case 0: {
        double lo = plan->bound_lower, hi = plan->bound_upper;
        rc = plan__from_solution(p, &L, xb, yb, plan, err);
        plan->bound_lower = lo;
        plan->bound_upper = hi;
        plan->status = OGAS_PLAN_OPTIMAL;
        break;
    }
    case 1: {
        char why[1200] = "";
        plan->status = OGAS_PLAN_INFEASIBLE;
        if (o && o->min_fulfilment > 0) {
            plan__explain_floor(p, o, why, sizeof why);
            rc = ogas_error_set(err, OGAS_EINFEASIBLE, "no plan fulfils %.6g of the targets in every year%s%s",
                                o->min_fulfilment, why[0] ? ": " : "", why);
            break;
        }
        {
            double *ray = Clp_infeasibilityRay(model);
            if (ray) {
                name_ray(p, &L, ray, why, sizeof why);
                Clp_freeRay(model, ray);
            }
        }
        rc = ogas_error_set(err, OGAS_EINFEASIBLE, "the plan is infeasible%s%s", why[0] ? "; binding: " : "", why);
        break;
    }
    case 2:
        plan->status = OGAS_PLAN_UNBOUNDED;
        rc = ogas_error_set(err, OGAS_EUNBOUNDED,
                            "fulfilment is unbounded: some product with a target can be made without labour or capital");
        break;
    case 3:
        plan->status = OGAS_PLAN_ITERATION_LIMIT;
        rc = ogas_error_set(err, OGAS_ENOCONV, "CLP stopped at its iteration or time limit after %lld iterations",
                            (long long)plan->iterations);
        break;
    default:
        rc = ogas_error_set(err, OGAS_EINTERNAL, "CLP stopped with status %d", status);
    }
    plan->seconds = ogas_now() - t0;
done:
    if (model) Clp_deleteModel(model);
    plan__certifier_free(cert);
    ogas_free(start);
    ogas_free(index);
    ogas_free(xb);
    ogas_free(yb);
    ogas_free(xc);
    ogas_free(yc);
    plan__lp_free(&L);
    return rc;
}
