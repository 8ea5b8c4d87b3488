/* problem.c: lifecycle of plan problems and plans, status names, solver options, and the consistency
 * check of a plan problem (ogas_plan_problem_check). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "plan_lp.h"
#include "ogas/plan.h"

/* Releases p's arrays and leaves p zeroed. */
void ogas_plan_problem_free(ogas_plan_problem *p)
{
    if (!p) return;
    for (int64_t k = 0; p->codes && k < p->n; k++) ogas_free(p->codes[k]);
    for (int64_t k = 0; p->tech_names && k < p->m; k++) ogas_free(p->tech_names[k]);
    ogas_free(p->codes);
    ogas_free(p->tech_names);
    ogas_csr_free(&p->output);
    ogas_csr_free(&p->input);
    ogas_csr_free(&p->capital);
    ogas_csr_free(&p->stock0);
    ogas_csr_free(&p->dep);
    ogas_free(p->labour);
    ogas_free(p->lag);
    ogas_free(p->weight);
    ogas_free(p->fixed);
    ogas_free(p->labour_supply);
    ogas_free(p->target);
    memset(p, 0, sizeof *p);
}

/* Releases plan's arrays and leaves plan zeroed. */
void ogas_plan_free(ogas_plan *plan)
{
    if (!plan) return;
    ogas_free(plan->phi);
    ogas_free(plan->intensity);
    ogas_free(plan->gross);
    ogas_free(plan->net);
    ogas_free(plan->invest);
    ogas_free(plan->stock);
    ogas_free(plan->labour_used);
    ogas_free(plan->price);
    ogas_free(plan->labour_price);
    ogas_free(plan->capacity_price);
    memset(plan, 0, sizeof *plan);
}

/* The short name of a plan status. */
const char *ogas_plan_status_name(ogas_plan_status s)
{
    switch (s) {
    case OGAS_PLAN_OPTIMAL: return "optimal";
    case OGAS_PLAN_FEASIBLE: return "feasible";
    case OGAS_PLAN_INFEASIBLE: return "infeasible";
    case OGAS_PLAN_UNBOUNDED: return "unbounded";
    case OGAS_PLAN_ITERATION_LIMIT: return "iteration_limit";
    }
    return "unknown";
}

/* o := the default options (gap 1e-6, no iteration or time limit of our own). */
void ogas_plan_options_init(ogas_plan_options *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->gap = 1e-6;
    o->max_iter = 0;
    o->max_seconds = 0;
}

/* buf := product i's name for messages: its code, or "#<i+1>" when p has no codes. */
const char *ogas_plan_product_name(const ogas_plan_problem *p, int64_t i, char *buf, size_t len)
{
    if (p->codes && i >= 0 && i < p->n && p->codes[i]) snprintf(buf, len, "%.100s", p->codes[i]);
    else snprintf(buf, len, "#%lld", (long long)i + 1);
    return buf;
}

/* buf := technique k's name for messages: its name, else the code of product k, else "#<k+1>". */
const char *ogas_plan_technique_name(const ogas_plan_problem *p, int64_t k, char *buf, size_t len)
{
    if (p->tech_names && k >= 0 && k < p->m && p->tech_names[k]) snprintf(buf, len, "%.100s", p->tech_names[k]);
    else if (!p->tech_names && p->codes && k >= 0 && k < p->n && p->codes[k]) snprintf(buf, len, "%.100s", p->codes[k]);
    else snprintf(buf, len, "#%lld", (long long)k + 1);
    return buf;
}

/* plan's per-year arrays := zeros for T years, n products, m techniques, ncap capital cells (and the
 * price arrays when prices). */
ogas_status plan__alloc(ogas_plan *plan, int T, int64_t n, int64_t m, int64_t ncap, int prices, ogas_error *err)
{
    plan->T = T;
    plan->n = n;
    plan->m = m;
    plan->ncap = ncap;
    plan->phi = ogas_calloc((size_t)T, sizeof *plan->phi);
    plan->intensity = ogas_calloc((size_t)T * (size_t)m + 1, sizeof *plan->intensity);
    plan->gross = ogas_calloc((size_t)T * (size_t)n + 1, sizeof *plan->gross);
    plan->net = ogas_calloc((size_t)T * (size_t)n + 1, sizeof *plan->net);
    plan->invest = ogas_calloc((size_t)T * (size_t)n + 1, sizeof *plan->invest);
    plan->stock = ogas_calloc((size_t)T * (size_t)ncap + 1, sizeof *plan->stock);
    plan->labour_used = ogas_calloc((size_t)T, sizeof *plan->labour_used);
    if (prices) {
        plan->price = ogas_calloc((size_t)T * (size_t)n + 1, sizeof *plan->price);
        plan->labour_price = ogas_calloc((size_t)T, sizeof *plan->labour_price);
        plan->capacity_price = ogas_calloc((size_t)T * (size_t)ncap + 1, sizeof *plan->capacity_price);
    }
    if (!plan->phi || !plan->intensity || !plan->gross || !plan->net || !plan->invest || !plan->stock ||
        !plan->labour_used || (prices && (!plan->price || !plan->labour_price || !plan->capacity_price)))
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan");
    return OGAS_OK;
}

/* Checks that A (called what) is a well-formed n x m CSR matrix whose values are finite and in
 * [0, hi]. */
static ogas_status check_matrix(const ogas_plan_problem *p, const ogas_csr *A, const char *what, double hi,
                                ogas_error *err)
{
    char pn[112], tn[112];
    if (A->m != p->n || A->n != p->m)
        return ogas_error_set(err, OGAS_EINVAL, "%s is %lld x %lld, expected products x techniques = %lld x %lld", what,
                              (long long)A->m, (long long)A->n, (long long)p->n, (long long)p->m);
    if (!A->p) return ogas_error_set(err, OGAS_EINVAL, "%s has no row pointers", what);
    if (A->p[0] != 0)
        return ogas_error_set(err, OGAS_EINVAL, "%s: the first row pointer is %lld, expected 0", what, (long long)A->p[0]);
    for (int64_t i = 0; i < A->m; i++)
        if (A->p[i + 1] < A->p[i])
            return ogas_error_set(err, OGAS_EINVAL, "%s: row pointers decrease at the row of product %s", what,
                                  ogas_plan_product_name(p, i, pn, sizeof pn));
    if (A->p[A->m] > 0 && (!A->j || !A->x))
        return ogas_error_set(err, OGAS_EINVAL, "%s has %lld entries but no column indices or values", what,
                              (long long)A->p[A->m]);
    for (int64_t i = 0; i < A->m; i++)
        for (int64_t q = A->p[i]; q < A->p[i + 1]; q++) {
            int32_t k = A->j[q];
            double v = A->x[q];
            if (k < 0 || k >= A->n)
                return ogas_error_set(err, OGAS_EINVAL, "%s: the row of product %s has technique index %ld, out of [0, %lld)",
                                      what, ogas_plan_product_name(p, i, pn, sizeof pn), (long)k, (long long)A->n);
            if (q > A->p[i] && A->j[q - 1] >= k)
                return ogas_error_set(err, OGAS_EINVAL,
                                      "%s: the row of product %s has its techniques out of order or repeated (%s)", what,
                                      ogas_plan_product_name(p, i, pn, sizeof pn), ogas_plan_technique_name(p, k, tn, sizeof tn));
            if (!isfinite(v) || v < 0 || v > hi) {
                if (hi < INFINITY)
                    return ogas_error_set(err, OGAS_EINVAL,
                                          "%s of product %s in technique %s is %g (expected a number in [0, %g])", what,
                                          ogas_plan_product_name(p, i, pn, sizeof pn), ogas_plan_technique_name(p, k, tn, sizeof tn), v, hi);
                return ogas_error_set(err, OGAS_EINVAL, "%s of product %s in technique %s is %g (expected a finite number >= 0)",
                                      what, ogas_plan_product_name(p, i, pn, sizeof pn), ogas_plan_technique_name(p, k, tn, sizeof tn), v);
            }
        }
    return OGAS_OK;
}

/* Checks that A (called what, already well-formed) has exactly the pattern of p->capital. */
static ogas_status check_pattern(const ogas_plan_problem *p, const ogas_csr *A, const char *what, ogas_error *err)
{
    const ogas_csr *C = &p->capital;
    char pn[112], tn[112];
    for (int64_t i = 0; i < C->m; i++) {
        int64_t a = A->p[i], c = C->p[i];
        while (a < A->p[i + 1] || c < C->p[i + 1]) {
            if (c >= C->p[i + 1] || (a < A->p[i + 1] && A->j[a] < C->j[c]))
                return ogas_error_set(err, OGAS_EINVAL,
                                      "%s has an entry for product %s in technique %s where capital has none (%s must have "
                                      "exactly capital's pattern)",
                                      what, ogas_plan_product_name(p, i, pn, sizeof pn), ogas_plan_technique_name(p, A->j[a], tn, sizeof tn),
                                      what);
            if (a >= A->p[i + 1] || C->j[c] < A->j[a])
                return ogas_error_set(err, OGAS_EINVAL,
                                      "%s has no entry for product %s in technique %s where capital has one (%s must have "
                                      "exactly capital's pattern)",
                                      what, ogas_plan_product_name(p, i, pn, sizeof pn), ogas_plan_technique_name(p, C->j[c], tn, sizeof tn),
                                      what);
            a++;
            c++;
        }
    }
    return OGAS_OK;
}

/* Checks p for consistency: sizes, matrix shapes and patterns, finite nonnegative data (fixed investments
 * included), depreciation in [0, 1], lags >= 1, a positive target every year, and a technique for every
 * targeted product. */
ogas_status ogas_plan_problem_check(const ogas_plan_problem *p, ogas_error *err)
{
    char pn[112], tn[112];
    ogas_status rc;
    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem given");
    if (p->n < 1 || p->n > OGAS_MAX_DIM)
        return ogas_error_set(err, OGAS_EINVAL, "the problem has %lld products, expected 1 to %lld", (long long)p->n,
                              (long long)OGAS_MAX_DIM);
    if (p->m < 1 || p->m > OGAS_MAX_DIM)
        return ogas_error_set(err, OGAS_EINVAL, "the problem has %lld techniques, expected 1 to %lld", (long long)p->m,
                              (long long)OGAS_MAX_DIM);
    if (p->T < 1) return ogas_error_set(err, OGAS_EINVAL, "the plan has %d years, expected at least 1", p->T);
    for (int64_t i = 0; p->codes && i < p->n; i++)
        if (!p->codes[i]) return ogas_error_set(err, OGAS_EINVAL, "product #%lld has no code", (long long)i + 1);
    for (int64_t k = 0; p->tech_names && k < p->m; k++)
        if (!p->tech_names[k]) return ogas_error_set(err, OGAS_EINVAL, "technique #%lld has no name", (long long)k + 1);
    if ((rc = check_matrix(p, &p->output, "output", INFINITY, err)) != OGAS_OK) return rc;
    if ((rc = check_matrix(p, &p->input, "input", INFINITY, err)) != OGAS_OK) return rc;
    if ((rc = check_matrix(p, &p->capital, "capital", INFINITY, err)) != OGAS_OK) return rc;
    if ((rc = check_matrix(p, &p->stock0, "stock0", INFINITY, err)) != OGAS_OK) return rc;
    if ((rc = check_matrix(p, &p->dep, "depreciation", 1.0, err)) != OGAS_OK) return rc;
    if ((rc = check_pattern(p, &p->stock0, "stock0", err)) != OGAS_OK) return rc;
    if ((rc = check_pattern(p, &p->dep, "dep", err)) != OGAS_OK) return rc;
    if (!p->labour) return ogas_error_set(err, OGAS_EINVAL, "the problem has no labour coefficients");
    for (int64_t k = 0; k < p->m; k++)
        if (!isfinite(p->labour[k]) || p->labour[k] < 0)
            return ogas_error_set(err, OGAS_EINVAL, "labour of technique %s is %g (expected a finite number >= 0)",
                                  ogas_plan_technique_name(p, k, tn, sizeof tn), p->labour[k]);
    for (int64_t i = 0; p->lag && i < p->n; i++)
        if (p->lag[i] < 1)
            return ogas_error_set(err, OGAS_EINVAL, "investment lag of product %s is %d years (expected at least 1)",
                                  ogas_plan_product_name(p, i, pn, sizeof pn), p->lag[i]);
    if (!p->labour_supply) return ogas_error_set(err, OGAS_EINVAL, "the problem has no labour supply");
    for (int y = 0; y < p->T; y++)
        if (!isfinite(p->labour_supply[y]) || p->labour_supply[y] < 0)
            return ogas_error_set(err, OGAS_EINVAL, "labour supply in year %d is %g (expected a finite number >= 0)", y + 1,
                                  p->labour_supply[y]);
    if (!p->target) return ogas_error_set(err, OGAS_EINVAL, "the problem has no targets");
    for (int y = 0; y < p->T; y++) {
        const double *t = p->target + (int64_t)y * p->n;
        int any = 0;
        for (int64_t i = 0; i < p->n; i++) {
            if (!isfinite(t[i]) || t[i] < 0)
                return ogas_error_set(err, OGAS_EINVAL, "target of product %s in year %d is %g (expected a finite number >= 0)",
                                      ogas_plan_product_name(p, i, pn, sizeof pn), y + 1, t[i]);
            if (t[i] > 0) any = 1;
        }
        if (!any)
            return ogas_error_set(err, OGAS_EINVAL,
                                  "year %d has no positive target (its fulfilment phi would be meaningless)", y + 1);
    }
    for (int64_t i = 0; p->weight && i < p->n; i++)
        if (!isfinite(p->weight[i]) || p->weight[i] < 0)
            return ogas_error_set(err, OGAS_EINVAL, "weight of product %s is %g (expected a finite number >= 0)",
                                  ogas_plan_product_name(p, i, pn, sizeof pn), p->weight[i]);
    for (int y = 0; p->weight && y < p->T; y++) {
        double sum = 0.0;
        for (int64_t i = 0; i < p->n; i++)
            if (p->target[(int64_t)y * p->n + i] > 0) sum += p->weight[i];
        if (!(sum > 0))
            return ogas_error_set(err, OGAS_EINVAL, "year %d: no product with a target has a positive weight", y + 1);
    }
    for (int y = 0; p->fixed && y < p->T; y++)
        for (int64_t c = 0; c < ogas_csr_nnz(&p->capital); c++) {
            double f = p->fixed[(int64_t)y * ogas_csr_nnz(&p->capital) + c];
            if (!isfinite(f) || f < 0) {
                int64_t i = 0;
                while (p->capital.p[i + 1] <= c) i++;
                return ogas_error_set(err, OGAS_EINVAL,
                                      "fixed investment in %s for technique %s in year %d is %g (expected a finite number >= 0)",
                                      ogas_plan_product_name(p, i, pn, sizeof pn),
                                      ogas_plan_technique_name(p, p->capital.j[c], tn, sizeof tn), y + 1, f);
            }
        }
    for (int64_t i = 0; i < p->n; i++) {
        int made = 0;
        for (int64_t q = p->output.p[i]; q < p->output.p[i + 1] && !made; q++) made = p->output.x[q] > 0;
        if (made) continue;
        for (int y = 0; y < p->T; y++)
            if (p->target[(int64_t)y * p->n + i] > 0)
                return ogas_error_set(err, OGAS_EINVAL, "product %s has a target in year %d but no technique makes it",
                                      ogas_plan_product_name(p, i, pn, sizeof pn), y + 1);
    }
    return OGAS_OK;
}
