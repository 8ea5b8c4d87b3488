/* pdlp.c: restarted primal-dual hybrid gradient (PDLP), a first-order LP method that needs only products
 * with the constraint matrix and its transpose, on an LP whole on one process or spread over many
 * (ogas/pdlp.h). pdlp_plan.c runs it on a plan's LP on one machine; ogas-mpi on PETSc. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "pdlp.h"

#define EVAL_EVERY 64          /* steps between evaluations of termination, infeasibility and restarts */
#define RUIZ_ITERATIONS 10     /* Ruiz equilibration passes before the Pock-Chambolle scaling */
#define BETA_SUFFICIENT 0.2    /* restart when the KKT error fell to this share of the last restart's */
#define BETA_NECESSARY 0.8     /* ... or to this share and stopped falling */
#define BETA_ARTIFICIAL 0.36   /* ... or when this share of all steps were taken since the last restart */
#define PRIMAL_WEIGHT_SMOOTHING 0.5
#define EPS_INFEASIBLE 1e-8    /* infeasibility certificates: violation / objective of the ray */
#define DEFAULT_MAX_ITER 100000
#define CERT_SHARE 0.25        /* certificates may cost at most this share of the steps' work */
#define POLISH_STEPS 100       /* steps of dual feasibility polishing before a dual certificate */
#define POLISH_BELOW 1e-2      /* ... once the iterate's relative error is below this */
#define POLISH_BACKOFF 4       /* certificates to skip polishing at after it did not help */
#define HALPERN_STEP 0.998     /* reflected Halpern PDHG: eta = this / ||K||_2 */
#define HALPERN_REFLECTION 1.0 /* ... the iterate moves to g (2 T(z) - z) + (1 - g) z before anchoring */
#define HALPERN_NECESSARY 0.8  /* ... restart when the fixed-point error fell to this share and rose */
#define POWER_ITERATIONS 100   /* at most this many for ||K||_2 */
#define PID_P 0.99             /* the primal weight's PID control (cuPDLPx): proportional gain, */
#define PID_I 0.01             /* ... integral gain */
#define PID_DISCOUNT 0.3       /* ... and the discount of the integral */

/* The weighted KKT error of a measure at primal weight omega: sqrt(omega pres^2 + dres^2 / omega + gap^2). */
static double kkt_error(const pdlp_measure *q, double omega)
{
    double gap = q->pobj - q->dobj;
    return sqrt(omega * q->pres * q->pres + q->dres * q->dres / omega + gap * gap);
}

/* The relative gap, primal and dual residuals of an unscaled measure, as in ogas_pdlp_info. */
static void relative(const pdlp_ws *w, const pdlp_measure *q, double *gap, double *pres, double *dres)
{
    *gap = fabs(q->pobj - q->dobj) / (1.0 + fabs(q->pobj) + fabs(q->dobj));
    *pres = q->pres / (1.0 + w->bnorm);
    *dres = q->dres / (1.0 + w->cnorm);
}

/* The largest of the three relative errors of an unscaled measure. */
static double worst(const pdlp_ws *w, const pdlp_measure *q)
{
    double g, p, d;
    relative(w, q, &g, &p, &d);
    return fmax(g, fmax(p, d));
}

/* a := b for the four vectors of an iterate (x, y, Kx, K'y). */
static void copy_point(const pdlp_ws *w, double *x, double *y, double *Kx, double *KTy, const double *bx,
                       const double *by, const double *bKx, const double *bKTy)
{
    memcpy(x, bx, (size_t)w->n * sizeof *x);
    memcpy(KTy, bKTy, (size_t)w->n * sizeof *KTy);
    memcpy(y, by, (size_t)w->m * sizeof *y);
    memcpy(Kx, bKx, (size_t)w->m * sizeof *Kx);
}

/* Swaps two pointers. */
static void swap(double **a, double **b)
{
    double *t = *a;
    *a = *b;
    *b = t;
}

/* Swaps the iterate (x, y, Kx, K'y) with the trial one (xn, yn, Kxn, K'yn). */
static void swap_trial(pdlp_ws *w)
{
    swap(&w->x, &w->xn);
    swap(&w->y, &w->yn);
    swap(&w->Kx, &w->Kxn);
    swap(&w->KTy, &w->KTyn);
}

/* The original-problem primal point of the scaled x (clipped to the column bounds against rounding). */
static void unscale_x(const pdlp_ws *w, const double *x, double *out)
{
    const ogas_pdlp_lp *L = w->L;
    for (int64_t j = 0; j < w->n; j++) {
        double v = x[j] * w->beta * w->cs[j];
        v = v < L->collo[j] ? L->collo[j] : (v > L->colhi[j] ? L->colhi[j] : v);
        out[j] = v == 0.0 ? 0.0 : v;
    }
}

/* The original-problem row duals of the scaled y, signed as gains in the maximised objective per unit of
 * relaxation: the minimisation dual y_i is d(min)/d(rowlo_i) > 0 on a binding lower bound and
 * d(min)/d(rowhi_i) < 0 on a binding upper bound, so the gain is y_i, or -y_i where the row has an upper
 * bound (lp_clp.c's rule for CLP's duals). */
static void unscale_y(const pdlp_ws *w, const double *y, double *out)
{
    for (int64_t i = 0; i < w->m; i++) {
        double v = y[i] * w->gamma * w->rs[i];
        v = isfinite(w->L->rowhi[i]) ? -v : v;
        out[i] = v == 0.0 ? 0.0 : v;
    }
}

/* v := v / max |v_k| over its n entries on every process (unchanged when zero). */
static void normalise(const pdlp_ws *w, int64_t n, double *v)
{
    double big = pdlp__norminf(w, n, v);
    if (big > 0.0) ogas_vec_scale(n, 1.0 / big, v);
}

/* The certificate of kind ray (1: dual ray, 2: primal ray) that pdlp__ray_test found in the direction from
 * (xr, yr) to the current iterate, on the original problem and normalised, into yout (1) or xout (2); the
 * other output gets the current iterate. */
static void ray_out(const pdlp_ws *w, int ray, const double *xr, const double *yr, double *xout, double *yout)
{
    if (ray == 1) {
        for (int64_t i = 0; i < w->m; i++) {
            double v = (w->y[i] - yr[i]) * w->gamma * w->rs[i];
            v = isfinite(w->L->rowhi[i]) ? -v : v;
            yout[i] = v == 0.0 ? 0.0 : v;
        }
        normalise(w, w->m, yout);
        unscale_x(w, w->x, xout);
    } else {
        for (int64_t j = 0; j < w->n; j++) {
            double v = (w->x[j] - xr[j]) * w->beta * w->cs[j];
            xout[j] = v == 0.0 ? 0.0 : v;
        }
        normalise(w, w->n, xout);
        unscale_y(w, w->y, yout);
    }
}

/* Checks this process's part of the LP, with the other processes: finite objective, no NaN or
 * impossible infinite bounds. Sets *crossed to the global index + 1 of the first column whose lower bound
 * exceeds its upper one (negative: of a row), 0 if none. */
static ogas_status check_lp(const pdlp_ws *w, int64_t *crossed, ogas_error *err)
{
    const ogas_pdlp_lp *L = w->L;
    /* the first bad column, bad row, crossed column and crossed row, each as -(its index): the largest
     * over the processes is the first; -HUGE_VAL for none */
    double v[4] = {-HUGE_VAL, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    for (int64_t j = L->ncols - 1; j >= 0; j--) {
        if (!isfinite(L->obj[j]) || isnan(L->collo[j]) || isnan(L->colhi[j]) || L->collo[j] == HUGE_VAL ||
            L->colhi[j] == -HUGE_VAL)
            v[0] = -(double)(L->col0 + j);
        if (L->collo[j] > L->colhi[j]) v[2] = -(double)(L->col0 + j);
    }
    for (int64_t i = L->nrows - 1; i >= 0; i--) {
        if (isnan(L->rowlo[i]) || isnan(L->rowhi[i]) || L->rowlo[i] == HUGE_VAL || L->rowhi[i] == -HUGE_VAL)
            v[1] = -(double)(L->row0 + i);
        if (L->rowlo[i] > L->rowhi[i]) v[3] = -(double)(L->row0 + i);
    }
    pdlp__reduce(w, v, 4, 1);
    *crossed = v[2] > -HUGE_VAL ? (int64_t)-v[2] + 1 : (v[3] > -HUGE_VAL ? -((int64_t)-v[3] + 1) : 0);
    if (v[0] > -HUGE_VAL)
        return ogas_error_set(err, OGAS_EARG, "column %lld of the LP has a bad objective or bounds", (long long)-v[0]);
    if (v[1] > -HUGE_VAL) return ogas_error_set(err, OGAS_EARG, "row %lld of the LP has bad bounds", (long long)-v[1]);
    return OGAS_OK;
}

/* Work of dual polishing: the state it sets aside, and the bounds it solves with. */
typedef struct polish_ws {
    double *x, *y, *Kx, *KTy; /* the iterate, set aside */
    double *l, *u, *lx, *ux;  /* every finite bound of the scaled problem set to 0 */
    double *ypol;             /* the polished duals */
} polish_ws;

/* Dual feasibility polishing (after the PDLP paper of 2025, arXiv:2501.07018): PDHG for `steps` steps on
 * the problem whose finite bounds are all 0, from x = 0 and the duals y0 (with K'y0 = KTy0). That
 * problem's only primal optimum is 0 and its duals are exactly the original dual-feasible points, so
 * without the objective's pull the duals move to a nearby feasible point, which the certificate then
 * repairs at little cost. The polished duals go to ypol (scaled); the iterate is left as it was. */
static void polish_dual(pdlp_ws *w, polish_ws *P, const double *y0, const double *KTy0, int64_t steps, double omega,
                        double eta, double *ypol)
{
    double *keep[4] = {w->l, w->u, w->lx, w->ux};
    int64_t tries = 0;
    memcpy(P->x, w->x, (size_t)w->n * sizeof *P->x);
    memcpy(P->KTy, w->KTy, (size_t)w->n * sizeof *P->KTy);
    memcpy(P->y, w->y, (size_t)w->m * sizeof *P->y);
    memcpy(P->Kx, w->Kx, (size_t)w->m * sizeof *P->Kx);
    w->l = P->l;
    w->u = P->u;
    w->lx = P->lx;
    w->ux = P->ux;
    memset(w->x, 0, (size_t)w->n * sizeof *w->x);
    memset(w->Kx, 0, (size_t)w->m * sizeof *w->Kx);
    memcpy(w->y, y0, (size_t)w->m * sizeof *w->y);
    memcpy(w->KTy, KTy0, (size_t)w->n * sizeof *w->KTy);
    for (int64_t k = 0; k < steps; k++)
        for (;;) {
            double dxx, dyy, inter, lim, next;
            dxx = pdlp__primal_step(w, eta / omega);
            w->ops->mul(w->ops->ctx, w->xn, w->Kxn);
            dyy = pdlp__dual_step(w, eta * omega);
            w->ops->mul_t(w->ops->ctx, w->yn, w->KTyn);
            w->matvecs += 2;
            inter = fabs(pdlp__interaction(w));
            tries++;
            if (!isfinite(dxx) || !isfinite(dyy) || !isfinite(inter)) goto out;
            lim = inter > 0.0 ? 0.5 * (omega * dxx + dyy / omega) / inter : HUGE_VAL;
            next = fmin((1.0 - pow((double)tries + 1.0, -0.3)) * lim, (1.0 + pow((double)tries + 1.0, -0.6)) * eta);
            if (eta <= lim) {
                swap_trial(w);
                eta = next;
                break;
            }
            eta = next;
        }
out:
    memcpy(ypol, w->y, (size_t)w->m * sizeof *ypol);
    w->l = keep[0];
    w->u = keep[1];
    w->lx = keep[2];
    w->ux = keep[3];
    memcpy(w->x, P->x, (size_t)w->n * sizeof *w->x);
    memcpy(w->KTy, P->KTy, (size_t)w->n * sizeof *w->KTy);
    memcpy(w->y, P->y, (size_t)w->m * sizeof *w->y);
    memcpy(w->Kx, P->Kx, (size_t)w->m * sizeof *w->Kx);
    /* the previous iterate, which the infeasibility test compares with: the same point */
    memcpy(w->xn, w->x, (size_t)w->n * sizeof *w->xn);
    memcpy(w->KTyn, w->KTy, (size_t)w->n * sizeof *w->KTyn);
    memcpy(w->yn, w->y, (size_t)w->m * sizeof *w->yn);
    memcpy(w->Kxn, w->Kx, (size_t)w->m * sizeof *w->Kxn);
}

/* Feasible versions of the scaled point (x, y) (certify.h; x NULL: the dual only), kept in (bx, by) when
 * they improve the bounds in info; returns the certified gap. cx, cy: work. */
static double certify(const pdlp_ws *w, const double *x, const double *y, double *cx,
                      double *cy, double *bx, double *by, ogas_pdlp_info *info)
{
    double lo, hi, big;
    if (x) {
        unscale_x(w, x, cx);
        lo = w->ops->certify_primal(w->ops->ctx, cx, cx);
        if (lo > info->lower_bound) {
            info->lower_bound = lo;
            memcpy(bx, cx, (size_t)w->n * sizeof *bx);
        }
    }
    unscale_y(w, y, cy);
    hi = w->ops->certify_dual(w->ops->ctx, cy, cy);
    if (hi < info->upper_bound) {
        info->upper_bound = hi;
        memcpy(by, cy, (size_t)w->m * sizeof *by);
    }
    info->certificates++;
    big = fmax(fabs(info->lower_bound), fabs(info->upper_bound));
    if (info->lower_bound > -HUGE_VAL && info->upper_bound < HUGE_VAL)
        info->certified_gap = big > 0.0 ? (info->upper_bound - info->lower_bound) / big : 0.0;
    return info->certified_gap;
}

/* Restarted primal-dual hybrid gradient for LP, after Applegate, Diaz, Hinder, Lu, Lubin, O'Donoghue and
 * Schudy, "Practical Large-Scale Linear Programming using Primal-Dual Hybrid Gradient" (NeurIPS 2021),
 * and the PDLP paper that extends it (arXiv:2501.07018, 2025), as implemented in OR-tools' PDLP and
 * FirstOrderLp.jl / cuPDLP.jl. The LP min c'x, l <= Kx <= u, lx <= x <= ux is the saddle-point problem
 * min_x max_y c'x - y'Kx + sum_i (l_i y_i^+ - u_i y_i^-) over the bounds of x, solved on the diagonally
 * preconditioned problem (Ruiz, then Pock-Chambolle, then the bounds and the objective scaled to unit
 * norm as in cuPDLP-C, so that the KKT error weighs them alike; pdlp__scale) by the PDHG step
 *   x+ = proj(x - tau (c - K'y)),   y+ = prox(y - sigma K(2 x+ - x)),   tau = eta / omega, sigma = eta omega,
 * iterated by default (o->pdhg == OGAS_PDHG_HALPERN) as reflected restarted Halpern PDHG (Lu and Yang,
 * "Restarted Halpern PDHG for Linear Programming", 2024; cuPDLPx, Lu, Peng and Yang 2025):
 *   - a constant eta = 0.998 / ||K||_2 (power iteration on K'K);
 *   - each step z := (k+1)/(k+2) (2 T(z) - z) + z0 / (k+2), with T the PDHG step above, k the steps since
 *     the last restart and z0 the anchor; the PDHG point T(z) (within the bounds) is kept in (x, y) between
 *     steps, the Halpern iterate z in (xn, yn);
 *   - restarts to the last PDHG point, which becomes the anchor, on its fixed-point error ||z - T(z)||_P in
 *     the PDHG metric P = [I / tau, K'; K, I / sigma]: at most 0.2 of the anchor's, at most 0.8 of it and
 *     larger than at the last evaluation, or 0.36 of all steps taken since the last restart;
 *   - the primal weight moved at each restart by PID control of log(omega ||dx|| / ||dy||), the distances
 *     from the anchor (cuPDLPx's gains);
 * or (OGAS_PDHG_ADAPTIVE) as PDLP itself, with
 *   - adaptive steps: a step is accepted when eta <= ||dz||^2_omega / (2 |dy'K dx|), where ||dz||^2_omega =
 *     omega ||dx||^2 + ||dy||^2 / omega, and eta becomes min((1 - (k+1)^-0.3) eta_max, (1 + (k+1)^-0.6) eta)
 *     after every try (k the number of tries);
 *   - the primal weight omega started at ||c|| / ||bounds|| and, at each restart, moved halfway (in logs)
 *     to ||dy|| / ||dx||, the dual and primal distances travelled since the last restart;
 *   - adaptive restarts on the weighted KKT error (the criterion of newer PDLP versions and cuPDLP): every
 *     EVAL_EVERY steps the candidate is the step-weighted average of the iterates since the last restart
 *     or the current iterate, whichever has the smaller error; the iterate restarts at the candidate when
 *     its error is at most 0.2 of the last restart point's (sufficient), at most 0.8 of it and larger than
 *     at the previous evaluation (necessary), or when the steps since the last restart exceed 0.36 of all
 *     steps (artificial);
 * Both end on the original problem when the relative gap, primal and dual residual are all <= eps, for
 * the current iterate or the average; and detect infeasibility from the difference of the current iterate
 * and the last restart point (and, adaptive, of the last two iterates), which converge to the infimal
 * displacement vector whose parts are the certificates (pdlp__ray_test).
 * Invariants: between steps x lies within its (scaled) bounds and y has the signs its rows allow (the
 * average is a convex combination); Kx, K'y, Kxn, K'yn, Kxa, K'ya, Kx0, K'y0 are the products of the
 * corresponding points, kept alongside (and moved with them) so that no evaluation needs a matrix product.
 * The matrix is reached through ops; every reduction sums fixed blocks of this process's entries, then
 * over the processes: on one machine the same input gives the same bits on any number of threads. */
static ogas_status run(const ogas_pdlp_ops *ops, const ogas_pdlp_lp *L, const ogas_plan_options *o, double *xout,
                       double *yout, plan_pdlp_result *res, ogas_error *err)
{
    pdlp_ws w;
    double *cx = NULL, *cy = NULL, *bx = NULL, *by = NULL; /* certificates: work and the best ones */
    int cert = ops->certify_primal && ops->certify_dual && ops->certify_work;
    polish_ws P = {0};
    double last_cert = HUGE_VAL;                           /* error of the iterate last certified */
    int evals_since_cert = 0, certified = 0, skip_polish = 0;
    /* with certificates, the iterate's own residuals end the run only when they are tight: at a loose
     * tolerance they say little about the plan that the iterate repairs to */
    double eps_iter;
    double eps = o && o->gap > 0 ? o->gap : 1e-6, max_sec = o && o->max_seconds > 0 ? o->max_seconds : 0.0;
    int64_t max_iter = o && o->max_iter > 0 ? o->max_iter : DEFAULT_MAX_ITER, crossed, iter = 0, since = 0, tries = 0;
    double t0 = ogas_now(), omega = 1.0, eta = 1.0, kkt_last, kkt_prev = HUGE_VAL, cn, bn, big;
    const double *ox, *oy; /* the point returned */
    pdlp_measure mq;
    ogas_status rc;
    int halpern = !o || o->pdhg != OGAS_PDHG_ADAPTIVE;
    double r0 = HUGE_VAL, rk = HUGE_VAL, rprev = HUGE_VAL, pid_sum = 0.0; /* Halpern: fixed-point errors */

    eps_iter = cert ? fmin(eps, 1e-6) : eps;
    memset(&w, 0, sizeof w);
    memset(res, 0, sizeof *res);
    res->status = OGAS_PLAN_ITERATION_LIMIT;
    res->info.lower_bound = -HUGE_VAL;
    res->info.upper_bound = HUGE_VAL;
    res->info.certified_gap = HUGE_VAL;
    w.L = L;
    w.ops = ops;
    w.m = L->nrows;
    w.n = L->ncols;
    if ((rc = check_lp(&w, &crossed, err))) return rc;
    if (L->ncols > 0) memset(xout, 0, (size_t)L->ncols * sizeof *xout);
    if (L->nrows > 0) memset(yout, 0, (size_t)L->nrows * sizeof *yout);
    if (crossed) {
        res->status = OGAS_PLAN_INFEASIBLE;
        return ogas_error_set(err, OGAS_EINFEASIBLE, "the LP is infeasible: %s %lld has a lower bound above its upper bound",
                              crossed > 0 ? "column" : "row", (long long)(crossed > 0 ? crossed - 1 : -crossed - 1));
    }
    {
        size_t m1 = (size_t)w.m + 1, n1 = (size_t)w.n + 1, nb = (size_t)((w.m > w.n ? w.m : w.n) / 4096 + 2);
        double **vm[] = {&w.rs, &w.l, &w.u, &w.y, &w.Kx, &w.yn, &w.Kxn, &w.ya, &w.Kxa, &w.y0, &w.Kx0};
        double **vn[] = {&w.cs, &w.c, &w.lx, &w.ux, &w.x, &w.KTy, &w.xn, &w.KTyn, &w.xa, &w.KTya, &w.x0, &w.KTy0};
        int bad = 0;
        for (size_t k = 0; k < sizeof vm / sizeof *vm; k++) bad |= !(*vm[k] = ogas_calloc(m1, sizeof(double)));
        for (size_t k = 0; k < sizeof vn / sizeof *vn; k++) bad |= !(*vn[k] = ogas_calloc(n1, sizeof(double)));
        bad |= !(w.part = ogas_calloc(nb * 8, sizeof(double)));
        if (cert) {
            bad |= !(cx = ogas_calloc(n1, sizeof(double))) || !(bx = ogas_calloc(n1, sizeof(double)));
            bad |= !(cy = ogas_calloc(m1, sizeof(double))) || !(by = ogas_calloc(m1, sizeof(double)));
            bad |= !(P.x = ogas_calloc(n1, sizeof(double))) || !(P.KTy = ogas_calloc(n1, sizeof(double))) ||
                   !(P.lx = ogas_calloc(n1, sizeof(double))) || !(P.ux = ogas_calloc(n1, sizeof(double)));
            bad |= !(P.y = ogas_calloc(m1, sizeof(double))) || !(P.Kx = ogas_calloc(m1, sizeof(double))) ||
                   !(P.l = ogas_calloc(m1, sizeof(double))) || !(P.u = ogas_calloc(m1, sizeof(double))) ||
                   !(P.ypol = ogas_calloc(m1, sizeof(double)));
        }
        {
            double b = bad;
            pdlp__reduce(&w, &b, 1, 1);
            bad = b > 0;
        }
        if (bad) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for PDLP's vectors (%lld rows, %lld columns)",
                                (long long)w.m, (long long)w.n);
            goto done;
        }
    }
    pdlp__scale(&w, RUIZ_ITERATIONS);
    if (P.l) { /* polishing's bounds: every finite one 0 */
        for (int64_t i = 0; i < w.m; i++) {
            P.l[i] = isfinite(w.l[i]) ? 0.0 : w.l[i];
            P.u[i] = isfinite(w.u[i]) ? 0.0 : w.u[i];
        }
        for (int64_t j = 0; j < w.n; j++) {
            P.lx[j] = isfinite(w.lx[j]) ? 0.0 : w.lx[j];
            P.ux[j] = isfinite(w.ux[j]) ? 0.0 : w.ux[j];
        }
    }

    /* norms of the original data, for the relative residuals; of the scaled data, for the primal weight */
    for (int64_t i = 0; i < w.m; i++) {
        double a = isfinite(L->rowlo[i]) ? fabs(L->rowlo[i]) : 0.0, b = isfinite(L->rowhi[i]) ? fabs(L->rowhi[i]) : 0.0;
        double sa = isfinite(w.l[i]) ? fabs(w.l[i]) : 0.0, sb = isfinite(w.u[i]) ? fabs(w.u[i]) : 0.0;
        w.yn[i] = fmax(a, b);
        w.Kxn[i] = fmax(sa, sb);
    }
    w.bnorm = pdlp__norm2(&w, w.m, w.yn);
    bn = pdlp__norm2(&w, w.m, w.Kxn);
    w.cnorm = pdlp__norm2(&w, w.n, L->obj);
    cn = pdlp__norm2(&w, w.n, w.c);
    if (cn > 1e-10 && bn > 1e-10) omega = cn / bn;
    ops->row_norms(ops->ctx, 0, 0, w.Kxn); /* the largest |entry| of K */
    big = pdlp__norminf(&w, w.m, w.Kxn);
    eta = big > 0.0 ? 1.0 / big : 1.0;
    if (halpern) { /* a constant step: ||K||_2 by power iteration on K'K */
        double lam = 0.0, nv;
        for (int64_t j = 0; j < w.n; j++) w.xn[j] = 1.0;
        nv = pdlp__norm2(&w, w.n, w.xn);
        for (int k = 0; k < POWER_ITERATIONS && nv > 0.0 && isfinite(nv); k++) {
            double prev = lam;
            for (int64_t j = 0; j < w.n; j++) w.xn[j] /= nv;
            ops->mul(ops->ctx, w.xn, w.Kxn);
            ops->mul_t(ops->ctx, w.Kxn, w.KTyn);
            w.matvecs += 2;
            lam = nv = pdlp__norm2(&w, w.n, w.KTyn);
            swap(&w.xn, &w.KTyn);
            if (k >= 10 && fabs(lam - prev) <= 1e-4 * lam) break;
        }
        if (lam > 0.0 && isfinite(lam)) eta = HALPERN_STEP / sqrt(lam);
    }

    /* start at the projection of 0 and y = 0 */
    for (int64_t j = 0; j < w.n; j++) w.x[j] = w.lx[j] > 0.0 ? w.lx[j] : (w.ux[j] < 0.0 ? w.ux[j] : 0.0);
    ops->mul(ops->ctx, w.x, w.Kx);
    w.matvecs++;
    copy_point(&w, w.x0, w.y0, w.Kx0, w.KTy0, w.x, w.y, w.Kx, w.KTy);
    copy_point(&w, w.xa, w.ya, w.Kxa, w.KTya, w.x, w.y, w.Kx, w.KTy);
    if (halpern) copy_point(&w, w.xn, w.yn, w.Kxn, w.KTyn, w.x, w.y, w.Kx, w.KTy);
    pdlp__measure(&w, 0, w.x, w.y, w.Kx, w.KTy, &mq);
    kkt_last = kkt_error(&mq, omega);
    ox = w.x;
    oy = w.y;

    for (;;) {
        int limit = iter >= max_iter;
        if (max_sec > 0 && iter % EVAL_EVERY == 0 && !limit) { /* the clock of the slowest process */
            double late = ogas_now() - t0 >= max_sec;
            pdlp__reduce(&w, &late, 1, 1);
            limit = late > 0;
        }
        if (iter % EVAL_EVERY == 0 || limit) {
            pdlp_measure mc, ma;
            int ray = 0;
            pdlp__measure(&w, 1, w.x, w.y, w.Kx, w.KTy, &mc);
            if (o && o->progress && iter > 0) /* the certified bounds, or the iterate's objective */
                o->progress(o->progress_ud, "pdlp", iter,
                            res->info.lower_bound > -HUGE_VAL ? res->info.lower_bound : -mc.pobj, res->info.upper_bound);
            if (since > 0 && !halpern) pdlp__measure(&w, 1, w.xa, w.ya, w.Kxa, w.KTya, &ma);
            else ma = mc;
            if (cert && iter > 0) {
                /* certified bounds from both points (the current iterate and the average since the last
                 * restart: either may give the better bound) when the error has halved since the last
                 * certificate, or every 16 evaluations, or at the limit; but only while the
                 * certificates have cost at most CERT_SHARE of the work of the steps */
                double e = fmin(worst(&w, &mc), worst(&w, &ma));
                evals_since_cert++;
                if ((evals_since_cert >= 16 || e <= 0.5 * last_cert || limit) &&
                    (limit || ops->certify_work(ops->ctx) <= CERT_SHARE * (double)w.matvecs * ops->nnz)) {
                    int avg = worst(&w, &ma) < worst(&w, &mc);
                    if (since > 0 && !halpern) certify(&w, avg ? w.x : w.xa, avg ? w.y : w.ya, cx, cy, bx, by, &res->info);
                    if (certify(&w, avg ? w.xa : w.x, avg ? w.ya : w.y, cx, cy, bx, by, &res->info) > eps &&
                        P.x && e <= POLISH_BELOW && skip_polish-- <= 0) {
                        /* the dual certificate lags: polish the better point's duals and certify those; when
                         * that did not improve the bound, skip the next POLISH_BACKOFF chances */
                        double before = res->info.upper_bound;
                        if (halpern) copy_point(&w, w.xa, w.ya, w.Kxa, w.KTya, w.xn, w.yn, w.Kxn, w.KTyn);
                        polish_dual(&w, &P, avg ? w.ya : w.y, avg ? w.KTya : w.KTy, POLISH_STEPS, omega, eta, P.ypol);
                        if (halpern) copy_point(&w, w.xn, w.yn, w.Kxn, w.KTyn, w.xa, w.ya, w.Kxa, w.KTya);
                        certify(&w, NULL, P.ypol, cx, cy, bx, by, &res->info);
                        skip_polish = res->info.upper_bound < before ? 0 : POLISH_BACKOFF;
                    }
                    if (res->info.certified_gap <= eps) {
                        certified = 1;
                        mq = avg ? ma : mc;
                        res->status = OGAS_PLAN_OPTIMAL;
                        break;
                    }
                    evals_since_cert = 0;
                    last_cert = e;
                }
            }
            if (worst(&w, &mc) <= eps_iter || worst(&w, &ma) <= eps_iter) {
                int avg = worst(&w, &mc) > eps_iter;
                ox = avg ? w.xa : w.x;
                oy = avg ? w.ya : w.y;
                mq = avg ? ma : mc;
                res->status = OGAS_PLAN_OPTIMAL;
                break;
            }
            if (iter > 0) {
                /* the last step (xn holds the previous iterate), then the run since the last restart */
                if (!halpern) ray = pdlp__ray_test(&w, w.x, w.xn, w.Kx, w.Kxn, w.y, w.yn, w.KTy, w.KTyn, EPS_INFEASIBLE);
                if (ray) ray_out(&w, ray, w.xn, w.yn, xout, yout);
                else if (since > 1) {
                    ray = pdlp__ray_test(&w, w.x, w.x0, w.Kx, w.Kx0, w.y, w.y0, w.KTy, w.KTy0, EPS_INFEASIBLE);
                    if (ray) ray_out(&w, ray, w.x0, w.y0, xout, yout);
                }
            }
            if (ray) {
                mq = mc;
                res->status = ray == 1 ? OGAS_PLAN_INFEASIBLE : OGAS_PLAN_UNBOUNDED;
                if (ray == 1)
                    rc = ogas_error_set(err, OGAS_EINFEASIBLE, "the LP is infeasible (a dual ray certifies it after %lld steps)",
                                        (long long)iter);
                else
                    rc = ogas_error_set(err, OGAS_EUNBOUNDED, "the LP is unbounded (a primal ray certifies it after %lld steps)",
                                        (long long)iter);
                ox = oy = NULL;
                break;
            }
            if (limit) {
                int avg = worst(&w, &ma) < worst(&w, &mc);
                ox = avg ? w.xa : w.x;
                oy = avg ? w.ya : w.y;
                mq = avg ? ma : mc;
                res->status = OGAS_PLAN_ITERATION_LIMIT;
                rc = ogas_error_set(err, OGAS_ENOCONV, "PDLP stopped at its %s after %lld steps at relative error %.3g (asked %.3g)",
                                    iter >= max_iter ? "iteration limit" : "time limit", (long long)iter, worst(&w, &mq), eps);
                break;
            }
            if (iter > 0 && halpern) {
                /* the restart decision on the fixed-point error: restart the Halpern iteration at its
                 * last PDHG point, its anchor too, with the primal weight moved by PID control */
                if (rk <= BETA_SUFFICIENT * r0 || (rk <= HALPERN_NECESSARY * r0 && rk > rprev) ||
                    (double)since >= BETA_ARTIFICIAL * (double)iter) {
                    double dx = sqrt(pdlp__dist2(&w, w.n, w.x, w.x0)), dy = sqrt(pdlp__dist2(&w, w.m, w.y, w.y0));
                    if (dx > 1e-16 && dy > 1e-16 && dx < 1e12 && dy < 1e12) {
                        double e = log(omega * dx / dy);
                        pid_sum = PID_DISCOUNT * pid_sum + e;
                        omega = exp(log(omega) - (PID_P * e + PID_I * pid_sum));
                    }
                    copy_point(&w, w.x0, w.y0, w.Kx0, w.KTy0, w.x, w.y, w.Kx, w.KTy);
                    copy_point(&w, w.xn, w.yn, w.Kxn, w.KTyn, w.x, w.y, w.Kx, w.KTy);
                    since = 0;
                    res->info.restarts++;
                    rprev = HUGE_VAL;
                } else {
                    rprev = rk;
                }
            } else if (iter > 0) {
                /* the restart decision on the scaled problem's weighted KKT error */
                pdlp_measure sc, sa;
                double kc, ka, kcand, dx, dy;
                int to_avg;
                pdlp__measure(&w, 0, w.x, w.y, w.Kx, w.KTy, &sc);
                kc = kkt_error(&sc, omega);
                ka = HUGE_VAL;
                if (since > 0) {
                    pdlp__measure(&w, 0, w.xa, w.ya, w.Kxa, w.KTya, &sa);
                    ka = kkt_error(&sa, omega);
                }
                to_avg = ka < kc;
                kcand = to_avg ? ka : kc;
                if (kcand <= BETA_SUFFICIENT * kkt_last || (kcand <= BETA_NECESSARY * kkt_last && kcand > kkt_prev) ||
                    (double)since >= BETA_ARTIFICIAL * (double)iter) {
                    if (to_avg) copy_point(&w, w.x, w.y, w.Kx, w.KTy, w.xa, w.ya, w.Kxa, w.KTya);
                    dx = sqrt(pdlp__dist2(&w, w.n, w.x, w.x0));
                    dy = sqrt(pdlp__dist2(&w, w.m, w.y, w.y0));
                    if (dx > 1e-10 && dy > 1e-10)
                        omega = exp(PRIMAL_WEIGHT_SMOOTHING * log(dy / dx) + (1.0 - PRIMAL_WEIGHT_SMOOTHING) * log(omega));
                    copy_point(&w, w.x0, w.y0, w.Kx0, w.KTy0, w.x, w.y, w.Kx, w.KTy);
                    w.wsum = 0.0;
                    since = 0;
                    res->info.restarts++;
                    pdlp__measure(&w, 0, w.x, w.y, w.Kx, w.KTy, &sc);
                    kkt_last = kkt_error(&sc, omega);
                    kkt_prev = HUGE_VAL;
                } else {
                    kkt_prev = kcand;
                }
            }
        }
        if (halpern) {
            /* one reflected Halpern step of PDHG at constant eta: (xn, yn) := T(x, y) from the Halpern
             * iterate; then the iterate := (k+1)/(k+2) (2 T(z) - z) + z0 / (k+2), and the two swapped so
             * that (x, y) is the PDHG point (within the bounds), which is measured and certified */
            double dxx, dyy, k = (double)since;
            swap_trial(&w);
            dxx = pdlp__primal_step(&w, eta / omega);
            ops->mul(ops->ctx, w.xn, w.Kxn);
            dyy = pdlp__dual_step(&w, eta * omega);
            ops->mul_t(ops->ctx, w.yn, w.KTyn);
            w.matvecs += 2;
            if (since == 0 || (iter + 1) % EVAL_EVERY == 0) {
                double r2 = omega * dxx + dyy / omega + 2.0 * eta * pdlp__interaction(&w);
                rk = sqrt(fmax(r2, 0.0));
                if (since == 0) r0 = rk;
            }
            if (!isfinite(dxx) || !isfinite(dyy) || !isfinite(rk)) {
                rc = ogas_error_set(err, OGAS_EINTERNAL, "PDLP broke down (non-finite step) after %lld steps", (long long)iter);
                goto done;
            }
            pdlp__halpern(&w, (k + 1.0) / (k + 2.0), 1.0 / (k + 2.0), HALPERN_REFLECTION);
            swap_trial(&w);
        } else {
            /* one PDHG step, retried with a smaller eta until accepted */
            for (;;) {
                double dxx, dyy, inter, lim, next;
                dxx = pdlp__primal_step(&w, eta / omega);
                ops->mul(ops->ctx, w.xn, w.Kxn);
                dyy = pdlp__dual_step(&w, eta * omega);
                ops->mul_t(ops->ctx, w.yn, w.KTyn);
                w.matvecs += 2;
                inter = fabs(pdlp__interaction(&w));
                tries++;
                if (!isfinite(dxx) || !isfinite(dyy) || !isfinite(inter)) {
                    rc = ogas_error_set(err, OGAS_EINTERNAL, "PDLP broke down (non-finite step) after %lld steps", (long long)iter);
                    goto done;
                }
                lim = inter > 0.0 ? 0.5 * (omega * dxx + dyy / omega) / inter : HUGE_VAL;
                next = fmin((1.0 - pow((double)tries + 1.0, -0.3)) * lim, (1.0 + pow((double)tries + 1.0, -0.6)) * eta);
                if (eta <= lim) {
                    swap_trial(&w);
                    pdlp__average_add(&w, eta);
                    eta = next;
                    break;
                }
                eta = next;
            }
        }
        iter++;
        since++;
    }
    if (ox && !certified) {
        unscale_x(&w, ox, xout);
        unscale_y(&w, oy, yout);
        /* the point returned, certified too (its feasible versions replace it) */
        if (cert) certify(&w, ox, oy, cx, cy, bx, by, &res->info);
    }
    if (cert && (res->status == OGAS_PLAN_OPTIMAL || res->status == OGAS_PLAN_ITERATION_LIMIT) &&
        res->info.lower_bound > -HUGE_VAL && res->info.upper_bound < HUGE_VAL) {
        memcpy(xout, bx, (size_t)w.n * sizeof *xout);
        memcpy(yout, by, (size_t)w.m * sizeof *yout);
    }
    relative(&w, &mq, &res->info.relative_gap, &res->info.primal_residual, &res->info.dual_residual);
    res->info.primal_objective = -mq.pobj;
    res->info.dual_objective = -mq.dobj;
done:
    res->iterations = iter;
    res->info.matvecs = w.matvecs;
    {
        double *v[] = {w.rs, w.l, w.u, w.y, w.Kx, w.yn, w.Kxn, w.ya, w.Kxa, w.y0, w.Kx0, w.cs, w.c, w.lx, w.ux,
                       w.x, w.KTy, w.xn, w.KTyn, w.xa, w.KTya, w.x0, w.KTy0, w.part, cx, cy, bx, by,
                       P.x, P.y, P.Kx, P.KTy, P.l, P.u, P.lx, P.ux, P.ypol};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) ogas_free(v[k]);
    }
    return rc;
}

/* The LP spread over processes, solved by PDLP (ogas/pdlp.h). */
ogas_status ogas_pdlp_solve(const ogas_pdlp_ops *ops, const ogas_pdlp_lp *lp, const ogas_plan_options *o, double *x,
                            double *y, ogas_pdlp_result *res, ogas_error *err)
{
    if (!ops || !lp || !res || !ops->mul || !ops->mul_t || !ops->row_norms || !ops->scale || lp->nrows < 0 ||
        lp->ncols < 0 || (lp->ncols > 0 && (!lp->obj || !lp->collo || !lp->colhi || !x)) ||
        (lp->nrows > 0 && (!lp->rowlo || !lp->rowhi || !y)))
        return ogas_error_set(err, OGAS_EARG, "PDLP needs the operations of its matrix and this process's part of the LP");
    return run(ops, lp, o, x, y, res, err);
}
