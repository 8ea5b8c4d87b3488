/* lp_clp.c: the exact optimum of a plan with COIN-OR CLP (dual simplex after CLP's presolve and
 * crash), through its C interface. */
#include <coin/Clp_C_Interface.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ogas/core.h"
#include "certify.h"
#include "plan_lp.h"

#define LP_CERT_GAP 1e-4    /* CLP's answer is accepted when certified within this (relative) */
#define LP_TOLERANCE 1e-9   /* CLP's primal and dual feasibility tolerances (its default 1e-7 stops short) */

/* theta := the largest share of p's fixed investments that a plan makes, and what binds it, in buf. */
double plan__explain_fixed(const ogas_plan_problem *p, char *buf, size_t n)
{
    ogas_plan_problem q;
    plan_lp L;
    ogas_error err;
    Clp_Simplex *model = NULL;
    int *start = NULL, *index = NULL;
    double *val = NULL, *coef = NULL, *obj = NULL, *lo = NULL, *hi = NULL, *w = NULL, theta = -1.0;
    int64_t nnz, k = 0;

    buf[0] = '\0';
    if (!p->fixed) return 1.0;
    q = *p;
    q.fixed = NULL;
    if (ogas_plan_problem_check(p, &err) != OGAS_OK || plan__lp_build(&q, &L, &err) != OGAS_OK) return -1.0;
    nnz = ogas_csr_nnz(&L.A);
    if (L.ncols + 1 > INT32_MAX - 1 || nnz + L.nrows > INT32_MAX - 1) goto done;
    start = ogas_mallocarray((size_t)L.ncols + 2, sizeof *start);
    index = ogas_mallocarray((size_t)(nnz + L.nrows) + 1, sizeof *index);
    val = ogas_mallocarray((size_t)(nnz + L.nrows) + 1, sizeof *val);
    coef = ogas_calloc((size_t)L.nrows + 1, sizeof *coef);
    w = ogas_calloc((size_t)L.nrows + 1, sizeof *w);
    obj = ogas_calloc((size_t)L.ncols + 1, sizeof *obj);
    lo = ogas_mallocarray((size_t)L.ncols + 1, sizeof *lo);
    hi = ogas_mallocarray((size_t)L.ncols + 1, sizeof *hi);
    if (!start || !index || !val || !coef || !w || !obj || !lo || !hi || !(model = Clp_newModel())) goto done;
    /* the LP without fixed investments, fulfilment free and worth nothing, and a column theta in [0, 1]
     * that makes theta times every fixed investment: -F theta in the balance rows (their uses), -K_F theta
     * in the capacity rows (the stocks they install) */
    plan__fixed_rows(p, &L, coef, coef);
    for (int64_t c = 0; c < L.ncols; c++) {
        start[c] = (int)L.A.p[c];
        lo[c] = L.collo[c];
        hi[c] = L.colhi[c];
    }
    for (int64_t e = 0; e < nnz; e++) {
        index[e] = L.A.j[e];
        val[e] = L.A.x[e];
    }
    k = nnz;
    start[L.ncols] = (int)k;
    for (int64_t r = 0; r < L.nrows; r++)
        if (coef[r] != 0.0) {
            index[k] = (int)r;
            val[k++] = -coef[r];
        }
    start[L.ncols + 1] = (int)k;
    obj[L.ncols] = 1.0;
    lo[L.ncols] = 0.0;
    hi[L.ncols] = 1.0;
    Clp_setLogLevel(model, 0);
    Clp_loadProblem(model, (int)L.ncols + 1, (int)L.nrows, start, index, val, lo, hi, obj, L.rowlo, L.rowhi);
    Clp_setObjSense(model, -1.0);
    Clp_setPrimalTolerance(model, LP_TOLERANCE);
    Clp_setDualTolerance(model, LP_TOLERANCE);
    Clp_initialSolve(model);
    if (Clp_status(model) != 0) goto done;
    theta = fmin(1.0, fmax(0.0, Clp_getColSolution(model)[L.ncols]));
    if (theta < 1.0 - 1e-9) {
        /* what binds: each row's share of the dual bound on theta (its price times the resource it holds),
         * and each good's share of the fixed investments' cost at the prices (its price times the fixed
         * use), the two kinds of share each summing to about 1 */
        const double *dual = Clp_getRowPrice(model);
        char rows[900];
        size_t len;
        for (int64_t r = 0; r < L.nrows; r++) {
            double b = isfinite(L.rowhi[r]) ? fabs(L.rowhi[r]) : 0.0;
            w[r] = coef[r] != 0.0 && !isfinite(L.rowhi[r]) ? fabs(dual[r]) * coef[r]
                                                            : (theta > 1e-12 ? fabs(dual[r]) * b / theta : 0.0);
        }
        plan__name_rows(p, &L, w, rows, sizeof rows);
        if (theta > 0.0)
            len = (size_t)snprintf(buf, n, "at most %.4g%% of them can be made (all scaled alike)", 100.0 * theta);
        else
            len = (size_t)snprintf(buf, n, "none of them can be made");
        if (rows[0] && len + 2 < n) snprintf(buf + len, n - len, "; binding: %s", rows);
    }
done:
    if (model) Clp_deleteModel(model);
    ogas_free(start);
    ogas_free(index);
    ogas_free(val);
    ogas_free(coef);
    ogas_free(w);
    ogas_free(obj);
    ogas_free(lo);
    ogas_free(hi);
    plan__lp_free(&L);
    return theta;
}

/* Sends standard output to /dev/null; returns the descriptor to restore it from (-1: left as it was). */
static int stdout_off(void)
{
    int saved, null;
    fflush(stdout);
    if ((saved = dup(STDOUT_FILENO)) < 0) return -1;
    if ((null = open("/dev/null", O_WRONLY)) < 0 || dup2(null, STDOUT_FILENO) < 0) {
        if (null >= 0) close(null);
        close(saved);
        return -1;
    }
    close(null);
    return saved;
}

/* Gives standard output back its descriptor saved (-1: nothing to do). */
static void stdout_on(int saved)
{
    if (saved < 0) return;
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
}

/* CLP's messages while it solves (registered when progress is asked for): the iteration count of its
 * periodic status line (message 6) goes to the options' progress hook; the rest is dropped. */
static void clp_message(Clp_Simplex *model, int msgno, int ndouble, const double *dvec, int nint, const int *ivec,
                        int nchar, char **cvec)
{
    const ogas_plan_options *o = Clp_getUserPointer(model);
    (void)ndouble;
    (void)dvec;
    (void)nchar;
    (void)cvec;
    if (o && o->progress && msgno == 6 && nint >= 1)
        o->progress(o->progress_ud, "lp", ivec[0], -HUGE_VAL, HUGE_VAL);
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
        if (o && o->progress) { /* CLP's status lines to the progress hook (it prints them too: see below) */
            Clp_setUserPointer(model, (void *)o);
            Clp_registerCallBack(model, clp_message);
            Clp_setLogLevel(model, 1);
        }
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
        {
            /* with progress, CLP's log goes to standard output as well as to the hook, and its C interface
             * cannot send it elsewhere: standard output is sent to /dev/null while CLP solves */
            int quiet = o && o->progress ? stdout_off() : -1;
            Clp_initialSolve(model);
            stdout_on(quiet);
        }
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
        if (p->fixed && plan__explain_fixed(p, why, sizeof why) >= 0 && why[0]) {
            rc = ogas_error_set(err, OGAS_EINFEASIBLE, "the plan is infeasible: the fixed investments cannot all be made: %s",
                                why);
            break;
        }
        why[0] = '\0';
        if (o && o->min_fulfilment > 0) {
            plan__explain_floor(p, o, why, sizeof why);
            rc = ogas_error_set(err, OGAS_EINFEASIBLE, "no plan fulfils %.6g of the targets in every year%s%s",
                                o->min_fulfilment, why[0] ? ": " : "", why);
            break;
        }
        {
            double *ray = Clp_infeasibilityRay(model);
            if (ray) {
                plan__name_rows(p, &L, ray, why, sizeof why);
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
