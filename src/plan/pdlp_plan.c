/* pdlp_plan.c: a plan by PDLP on one machine (ogas_plan_pdlp): the plan's LP, its matrix by rows and by
 * columns as the operations PDLP needs (ogas/pdlp.h), the run with certificates, and the plan made from
 * the result; and the plan's LP handed out to be solved elsewhere (ogas_plan_model_*: ogas-mpi). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "pdlp.h"

#define PAR 32768 /* below this many nonzeros, one thread */

/* The LP's matrix on one process: K by rows (m x n) and by columns (n x m, = K'). */
typedef struct serial_matrix {
    ogas_csr Kr, Kc;
    plan_certifier *cert; /* or NULL */
} serial_matrix;

/* Kx := K x. */
static void serial_mul(void *ctx, const double *x, double *Kx)
{
    ogas_csr_spmv(&((serial_matrix *)ctx)->Kr, x, Kx);
}

/* KTy := K'y. */
static void serial_mul_t(void *ctx, const double *y, double *KTy)
{
    ogas_csr_spmv(&((serial_matrix *)ctx)->Kc, y, KTy);
}

/* d[r] := largest |entry| (sum: sum of |entries|) of row r of K (transposed: of K'). */
static void serial_row_norms(void *ctx, int transposed, int sum, double *d)
{
    const ogas_csr *A = transposed ? &((serial_matrix *)ctx)->Kc : &((serial_matrix *)ctx)->Kr;
#pragma omp parallel for schedule(static) if (A->p[A->m] > PAR)
    for (int64_t r = 0; r < A->m; r++) {
        double s = 0.0;
        for (int64_t q = A->p[r]; q < A->p[r + 1]; q++) {
            double v = fabs(A->x[q]);
            if (sum) s += v;
            else if (v > s) s = v;
        }
        d[r] = s;
    }
}

/* K := diag(dr) K diag(dc) in both copies (the same product, so the same bits, in each). */
static void serial_scale(void *ctx, const double *dr, const double *dc)
{
    ogas_csr *R = &((serial_matrix *)ctx)->Kr, *C = &((serial_matrix *)ctx)->Kc;
#pragma omp parallel for schedule(static) if (R->p[R->m] > PAR)
    for (int64_t i = 0; i < R->m; i++)
        for (int64_t q = R->p[i]; q < R->p[i + 1]; q++) R->x[q] *= dr[i] * dc[R->j[q]];
#pragma omp parallel for schedule(static) if (C->p[C->m] > PAR)
    for (int64_t j = 0; j < C->m; j++)
        for (int64_t q = C->p[j]; q < C->p[j + 1]; q++) C->x[q] *= dr[C->j[q]] * dc[j];
}

/* xf := the certifier's feasible plan near x; its objective. */
static double serial_certify_primal(void *ctx, const double *x, double *xf)
{
    return plan__certify_primal(((serial_matrix *)ctx)->cert, x, xf);
}

/* yf := the certifier's feasible dual near y; its objective. */
static double serial_certify_dual(void *ctx, const double *y, double *yf)
{
    return plan__certify_dual(((serial_matrix *)ctx)->cert, y, yf);
}

/* The certifier's work so far. */
static double serial_certify_work(void *ctx)
{
    return plan__certifier_work(((serial_matrix *)ctx)->cert);
}

/* Solves L, whole on this process, by PDLP with the certifier cert (may be NULL). */
ogas_status plan__pdlp_solve(const plan_lp *L, const ogas_plan_options *o, plan_certifier *cert, double *x,
                             double *y, plan_pdlp_result *res, ogas_error *err)
{
    serial_matrix S;
    ogas_pdlp_ops ops;
    ogas_pdlp_lp lp;
    ogas_status rc;

    memset(&S, 0, sizeof S);
    memset(res, 0, sizeof *res);
    res->status = OGAS_PLAN_ITERATION_LIMIT;
    if (L->nrows < 0 || L->ncols < 0 || L->A.m != L->ncols || L->A.n != L->nrows || !L->A.p ||
        (L->ncols > 0 && (!L->obj || !L->collo || !L->colhi)) || (L->nrows > 0 && (!L->rowlo || !L->rowhi)))
        return ogas_error_set(err, OGAS_EARG, "the LP is malformed: %lld x %lld matrix for %lld rows and %lld columns",
                              (long long)L->A.n, (long long)L->A.m, (long long)L->nrows, (long long)L->ncols);
    for (int64_t q = 0; q < ogas_csr_nnz(&L->A); q++)
        if (!isfinite(L->A.x[q])) return ogas_error_set(err, OGAS_EARG, "the LP's matrix has a non-finite entry");
    if ((rc = ogas_csr_copy(&L->A, &S.Kc, err)) || (rc = ogas_csr_transpose(&S.Kc, &S.Kr, err))) goto done;
    memset(&ops, 0, sizeof ops);
    ops.ctx = &S;
    ops.mul = serial_mul;
    ops.mul_t = serial_mul_t;
    ops.row_norms = serial_row_norms;
    ops.scale = serial_scale;
    ops.nnz = (double)ogas_csr_nnz(&S.Kr);
    memset(&lp, 0, sizeof lp);
    lp.nrows = L->nrows;
    lp.ncols = L->ncols;
    lp.obj = L->obj;
    lp.collo = L->collo;
    lp.colhi = L->colhi;
    lp.rowlo = L->rowlo;
    lp.rowhi = L->rowhi;
    if (cert) {
        ops.certify_primal = serial_certify_primal;
        ops.certify_dual = serial_certify_dual;
        ops.certify_work = serial_certify_work;
        S.cert = cert;
    }
    rc = ogas_pdlp_solve(&ops, &lp, o, x, y, res, err);
done:
    ogas_csr_free(&S.Kr);
    ogas_csr_free(&S.Kc);
    return rc;
}

/* plan := the plan of the PDLP run (rc, res) on L, from x and y (after the certificates, if any). */
static ogas_status finish(const ogas_plan_problem *p, const plan_lp *L, const ogas_plan_options *o, ogas_status rc,
                          const plan_pdlp_result *res, double *x, double *y, ogas_plan *plan, ogas_pdlp_info *info,
                          ogas_error *err)
{
    plan->status = res->status;
    plan->iterations = res->iterations;
    plan->bound_lower = res->info.lower_bound;
    plan->bound_upper = res->info.upper_bound;
    if (info) *info = res->info;
    if (res->status == OGAS_PLAN_OPTIMAL || (rc == OGAS_ENOCONV && res->status == OGAS_PLAN_ITERATION_LIMIT)) {
        /* an iterate stopped by a limit is still a (nearly feasible) plan: hand it over with the error */
        ogas_status rc2 = plan__from_solution(p, L, x, y, plan, rc ? NULL : err);
        if (rc2 && !rc) rc = rc2;
    } else if (rc == OGAS_EUNBOUNDED) {
        rc = ogas_error_set(err, OGAS_EUNBOUNDED,
                            "fulfilment is unbounded: some product with a target can be made without labour or capital "
                            "(PDLP found an unbounded ray after %lld steps)",
                            (long long)res->iterations);
    } else if (rc == OGAS_EINFEASIBLE) {
        char why[1200] = "";
        if (p->fixed && plan__explain_fixed(p, why, sizeof why) >= 0 && why[0]) {
            rc = ogas_error_set(err, OGAS_EINFEASIBLE,
                                "the plan is infeasible (PDLP found a dual ray after %lld steps): the fixed investments "
                                "cannot all be made: %s",
                                (long long)res->iterations, why);
        } else {
            why[0] = '\0';
            if (o && o->min_fulfilment > 0) plan__explain_floor(p, o, why, sizeof why);
            rc = ogas_error_set(err, OGAS_EINFEASIBLE, "the plan is infeasible (PDLP found a dual ray after %lld steps)%s%s",
                                (long long)res->iterations, why[0] ? ": " : "", why);
        }
    }
    return rc;
}

/* Bytes a certified PDLP run takes beyond the LP L itself: the scaled matrix stored by columns and by
 * rows (plan__pdlp_solve), and about 22 vectors of each length: PDLP's 18 (iterates, products, restart
 * point, average, scaled data; the certificates' work and best points; dual polishing's), the
 * certifier's 3 (its bounds, work and kept plan) and the solution's. */
static double pdlp_bytes(const plan_lp *L)
{
    double nnz = (double)ogas_csr_nnz(&L->A), m = (double)L->nrows + 1, n = (double)L->ncols + 1;
    return 2.0 * nnz * (sizeof(double) + sizeof(int32_t)) + (m + n) * sizeof(int64_t) + 22.0 * (m + n) * sizeof(double);
}

/* plan := optimum of p by PDLP. */
ogas_status ogas_plan_pdlp(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan,
                           ogas_pdlp_info *info, ogas_error *err)
{
    plan_lp L;
    plan_pdlp_result res;
    plan_certifier *cert = NULL;
    double *x = NULL, *y = NULL, t0 = ogas_now();
    ogas_status rc;

    if (info) memset(info, 0, sizeof *info);
    if (!plan) return ogas_error_set(err, OGAS_EARG, "no plan to fill");
    memset(plan, 0, sizeof *plan);
    snprintf(plan->method, sizeof plan->method, "pdlp");
    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem");
    if ((rc = ogas_plan_problem_check(p, err))) return rc;
    if ((rc = plan__lp_build(p, &L, err))) return rc;
    plan__lp_min_fulfilment(&L, o);
    {
        /* refuse, saying why, rather than leave the machine to swap or to kill the process */
        double need = pdlp_bytes(&L);
        double have = o && o->max_memory > 0 ? o->max_memory : (double)ogas_mem_available();
        if (have > 0 && need > have) {
            rc = ogas_error_set(err, OGAS_ENOMEM,
                                "PDLP needs about %.2f GB more for this plan's LP (%lld rows, %lld columns, %lld nonzeros) "
                                "and %s %.2f GB: spread it over several machines (ogas-mpi plan) or use --method balance",
                                need / 1e9, (long long)L.nrows, (long long)L.ncols, (long long)ogas_csr_nnz(&L.A),
                                o && o->max_memory > 0 ? "is allowed" : "this machine has", have / 1e9);
            goto done;
        }
    }
    if ((rc = plan__certifier_create(p, &L, &cert, err))) goto done;
    x = ogas_mallocarray((size_t)L.ncols + 1, sizeof *x);
    y = ogas_mallocarray((size_t)L.nrows + 1, sizeof *y);
    if (!x || !y) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's LP solution");
        goto done;
    }
    rc = plan__pdlp_solve(&L, o, cert, x, y, &res, err);
    rc = finish(p, &L, o, rc, &res, x, y, plan, info, err);
    plan->seconds = ogas_now() - t0;
done:
    plan__certifier_free(cert);
    ogas_free(x);
    ogas_free(y);
    plan__lp_free(&L);
    return rc;
}

/* *out := the LP of p with o's floor on fulfilment. */
ogas_status ogas_plan_model_create(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan_model **out,
                                ogas_error *err)
{
    plan_lp *L;
    ogas_status rc;

    *out = NULL;
    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem");
    if ((rc = ogas_plan_problem_check(p, err))) return rc;
    if (!(L = ogas_calloc(1, sizeof *L))) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's LP");
    if ((rc = plan__lp_build(p, L, err))) {
        ogas_free(L);
        return rc;
    }
    plan__lp_min_fulfilment(L, o);
    *out = L;
    return OGAS_OK;
}

/* Frees L (NULL: nothing). */
void ogas_plan_model_free(ogas_plan_model *L)
{
    if (!L) return;
    plan__lp_free(L);
    ogas_free(L);
}

/* d := L's data. */
void ogas_plan_model_get(const ogas_plan_model *L, ogas_plan_model_data *d)
{
    d->nrows = L->nrows;
    d->ncols = L->ncols;
    d->A = &L->A;
    d->obj = L->obj;
    d->collo = L->collo;
    d->colhi = L->colhi;
    d->rowlo = L->rowlo;
    d->rowhi = L->rowhi;
}

/* *C := the certifier of the plan p's LP L. */
ogas_status ogas_plan_certifier_create(const ogas_plan_problem *p, const ogas_plan_model *L, ogas_plan_certifier **C,
                                       ogas_error *err)
{
    return plan__certifier_create(p, L, C, err);
}

void ogas_plan_certifier_free(ogas_plan_certifier *C)
{
    plan__certifier_free(C);
}

/* xf := a feasible plan near x; returns its objective. */
double ogas_plan_certify_primal(ogas_plan_certifier *C, const double *x, double *xf)
{
    return plan__certify_primal(C, x, xf);
}

/* yf := a feasible dual near y; returns its objective. */
double ogas_plan_certify_dual(ogas_plan_certifier *C, const double *y, double *yf)
{
    return plan__certify_dual(C, y, yf);
}

/* C's work so far, in nonzeros touched. */
double ogas_plan_certifier_work(const ogas_plan_certifier *C)
{
    return plan__certifier_work(C);
}

/* plan := the plan of p from a PDLP run on its LP elsewhere. */
ogas_status ogas_plan_model_finish(const ogas_plan_problem *p, const ogas_plan_model *L, const ogas_plan_options *o,
                                   ogas_status rc, const ogas_error *rc_err, const ogas_pdlp_result *res, double *x,
                                   double *y, ogas_plan *plan, ogas_pdlp_info *info, ogas_error *err)
{
    if (info) memset(info, 0, sizeof *info);
    if (!plan) return ogas_error_set(err, OGAS_EARG, "no plan to fill");
    memset(plan, 0, sizeof *plan);
    snprintf(plan->method, sizeof plan->method, "pdlp");
    if (rc && rc_err && err) *err = *rc_err;
    return finish(p, L, o, rc, res, x, y, plan, info, err);
}
