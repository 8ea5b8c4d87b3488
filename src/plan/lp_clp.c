/* lp_clp.c: the exact optimum of a plan with COIN-OR CLP (dual simplex after CLP's presolve and
 * crash), through its C interface. */
#include <coin/Clp_C_Interface.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "plan_lp.h"

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
    int *start = NULL, *index = NULL;
    double t0 = ogas_now();
    ogas_status rc;
    int status;

    memset(plan, 0, sizeof *plan);
    snprintf(plan->method, sizeof plan->method, "lp");
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
    model = Clp_newModel();
    if (!start || !index || !model) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for CLP");
        goto done;
    }
    for (int64_t c = 0; c <= L.ncols; c++) start[c] = (int)L.A.p[c];
    for (int64_t k = 0; k < ogas_csr_nnz(&L.A); k++) index[k] = L.A.j[k];
    Clp_setLogLevel(model, 0);
    Clp_loadProblem(model, (int)L.ncols, (int)L.nrows, start, index, L.A.x, L.collo, L.colhi, L.obj, L.rowlo, L.rowhi);
    Clp_setObjSense(model, -1.0); /* maximise */
    if (o && o->max_iter > 0) Clp_setMaximumIterations(model, (int)(o->max_iter < INT32_MAX ? o->max_iter : INT32_MAX));
    if (o && o->max_seconds > 0) Clp_setMaximumSeconds(model, o->max_seconds);
    Clp_initialSolve(model);
    status = Clp_status(model);
    plan->iterations = Clp_numberIterations(model);
    switch (status) {
    case 0: {
        /* CLP's row duals of the maximised problem are d objective / d bound; a row relaxes by raising its
         * upper bound (labour, capacity, stocks) or lowering its lower bound (product balances), so the gain
         * in fulfilment per unit of relaxation is the dual, or minus the dual. */
        const double *dual = Clp_getRowPrice(model);
        double *y = ogas_mallocarray((size_t)L.nrows + 1, sizeof *y);
        if (!y) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        for (int64_t r = 0; r < L.nrows; r++) {
            double v = isfinite(L.rowhi[r]) ? dual[r] : -dual[r];
            y[r] = v == 0.0 ? 0.0 : v;
        }
        rc = plan__from_solution(p, &L, Clp_getColSolution(model), y, plan, err);
        ogas_free(y);
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
    ogas_free(start);
    ogas_free(index);
    plan__lp_free(&L);
    return rc;
}
