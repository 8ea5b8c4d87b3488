/* balance_plan.c: plans by material balances (ogas_plan_balance), the planning office's method made
 * exact: year by year, the capacity each cell will need is worked out from the Leontief intensities of
 * the targets, the investment that builds it is weighed against this year's consumption, and the year's
 * fulfilment is the largest its labour and stocks allow. A few Leontief solves a year, no LP: a feasible
 * plan for economies too large for the LP's methods to solve often (the simulator replans every month),
 * not an optimal one; its distance from the optimum is measured against CLP in the tests and the
 * benchmark.
 *
 * Year y, with stocks K (from the start, the depreciation and the investments so far, fixed ones
 * included) and a = the intensities that make the year's targets, b = those that make a proposed
 * investment I:
 *   - I: for each capital cell c of technique k whose good arrives in year z = y + lag within the plan,
 *     the stock that z needs to reach g times this year's attainable fulfilment phi0 on z's targets,
 *     kappa_c g phi0 a_z[k], less what the cell will hold at z without it;
 *   - phi(theta) = the largest phi with phi a + theta b within the labour supply and every stock (linear:
 *     a minimum of ratios);
 *   - theta in [0, theta_max] (theta_max: the investment alone fits) chosen on a grid to maximise phi(theta)
 *     + w(theta), w the fulfilment that z's stocks (with theta I) allow on z's targets, weighed by the
 *     years the stock serves (T - z);
 *   - the year is then made exactly feasible by the certifier's repair (certify.h), which also gives the
 *     plan's fulfilment from its net output.
 * One such pass over the years is a plan; the growth g is searched (pass): one g for all years on a grid,
 * then each year's own in turn, the best plan kept. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "certify.h"
#include "ogas/core.h"
#include "plan_lp.h"

#define GRID 24 /* investment shares tried per year, besides 0 and the largest */

/* The stock of cell c at the start of year z from the start, the depreciation and the investments (plan's
 * inv, T x ncap, and the fixed ones) made before year `before` (exclusive). */
static double stock_at(const ogas_plan_problem *p, const plan_lp *L, const double *inv, int64_t c, int z, int before)
{
    int lag = p->lag ? p->lag[L->cell_good[c]] : 1;
    double d = p->dep.x[c], k = pow(1.0 - d, z) * p->stock0.x[c];
    for (int t = 0; t < before && t + lag <= z; t++)
        k += pow(1.0 - d, z - lag - t) * (inv[(int64_t)t * L->ncap + c] + plan__fixed_at(p, t, c, L->ncap));
    return k;
}

/* The largest phi with phi a + th b within the labour supply lab and the stocks K (kappa_c per cell); a
 * negative number when th b alone does not fit. */
static double phi_max(const ogas_plan_problem *p, const plan_lp *L, const double *K, double lab, const double *a,
                      const double *b, double th)
{
    double la = ogas_vec_dot(p->m, p->labour, a), lb = b ? th * ogas_vec_dot(p->m, p->labour, b) : 0.0;
    double phi = la > 0.0 ? (lab - lb) / la : (lab - lb >= 0.0 ? HUGE_VAL : -1.0);
    for (int64_t c = 0; c < L->ncap; c++) {
        int64_t k = L->cell_tech[c];
        double ca = p->capital.x[c] * a[k], cb = b ? th * p->capital.x[c] * b[k] : 0.0;
        if (ca > 0.0) phi = fmin(phi, (K[c] - cb) / ca);
        else if (cb > K[c]) phi = -1.0;
    }
    return phi;
}

/* Work of one pass. */
typedef struct balance_ws {
    const ogas_plan_problem *p;
    const plan_lp *L;
    plan_certifier *C;
    double *A, *x, *inv, *K, *Kz, *Iy, *f, *b;
    double *Kb, *D; /* T x ncap: later years' stocks without the year's investment, and what a unit adds */
    char *arrive;   /* T: some cell's investment of the year arrives then */
} balance_ws;

/* x := the plan of one pass, whose investment aims at growth times each year's attainable fulfilment;
 * returns its objective once exactly feasible (x repaired in place), -HUGE_VAL if none. */
static double pass(balance_ws *W, const double *growth)
{
    const ogas_plan_problem *p = W->p;
    const plan_lp *Lp = W->L;
    plan_certifier *C = W->C;
    int64_t n = p->n, m = p->m, ncap = Lp->ncap;
    double *A = W->A, *x = W->x, *inv = W->inv, *K = W->K, *Kz = W->Kz, *Iy = W->Iy, *f = W->f, *b = W->b;
    char *arrive = W->arrive;
    for (int y = 0; y < p->T; y++) {
        const double *a = A + (int64_t)y * m;
        double phi0, best = -HUGE_VAL, th_best = 0.0, th_max = 0.0, phi_y;
        int any = 0;
        for (int64_t c = 0; c < ncap; c++) K[c] = stock_at(p, Lp, inv, c, y, y);
        phi0 = fmax(0.0, phi_max(p, Lp, K, p->labour_supply[y], a, NULL, 0.0));
        if (phi0 == HUGE_VAL) phi0 = 1.0;
        /* the investment that keeps phi0 in the year each cell's good arrives */
        ogas_vec_fill(n, 0.0, f);
        for (int64_t c = 0; c < ncap; c++) {
            int lag = p->lag ? p->lag[Lp->cell_good[c]] : 1, z = y + lag;
            Iy[c] = 0.0;
            if (z >= p->T) continue;
            Iy[c] = fmax(0.0, p->capital.x[c] * growth[y] * phi0 * A[(int64_t)z * m + Lp->cell_tech[c]] - stock_at(p, Lp, inv, c, z, y));
            f[Lp->cell_good[c]] += Iy[c];
            any |= Iy[c] > 0.0;
        }
        if (any && !plan__certifier_intensities(C, f, b)) any = 0;
        if (any) {
            /* the largest share of it that fits with nothing for consumption (bisection on phi_max >= 0) */
            double lo = 0.0, hi = 1.0;
            if (phi_max(p, Lp, K, p->labour_supply[y], a, b, 1.0) >= 0.0) lo = 1.0;
            else
                for (int it = 0; it < 50; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (phi_max(p, Lp, K, p->labour_supply[y], a, b, mid) >= 0.0) lo = mid;
                    else hi = mid;
                }
            th_max = lo;
            /* the stocks of each later year without this investment (Kb) and what a unit of it adds (D) */
            for (int z = y + 1; z < p->T; z++) {
                double *kb = W->Kb + (int64_t)z * ncap, *dz = W->D + (int64_t)z * ncap;
                arrive[z] = 0;
                for (int64_t c = 0; c < ncap; c++) {
                    int lag = p->lag ? p->lag[Lp->cell_good[c]] : 1;
                    kb[c] = stock_at(p, Lp, inv, c, z, y);
                    dz[c] = y + lag <= z ? pow(1.0 - p->dep.x[c], z - lag - y) * Iy[c] : 0.0;
                    arrive[z] |= y + lag == z && Iy[c] > 0.0;
                }
            }
            for (int g = 0; g <= GRID + 1; g++) {
                double th = th_max * g / (GRID + 1), val = fmax(0.0, phi_max(p, Lp, K, p->labour_supply[y], a, b, th));
                /* what the stocks of each arrival year allow there, weighed by the years they serve */
                for (int z = y + 1; z < p->T; z++) {
                    const double *kb = W->Kb + (int64_t)z * ncap, *dz = W->D + (int64_t)z * ncap;
                    if (!arrive[z]) continue;
                    for (int64_t c = 0; c < ncap; c++) Kz[c] = kb[c] + th * dz[c];
                    val += (double)(p->T - z) * fmax(0.0, fmin(HUGE_VAL, phi_max(p, Lp, Kz, p->labour_supply[z], A + (int64_t)z * m, NULL, 0.0)));
                }
                if (val > best) {
                    best = val;
                    th_best = th;
                }
            }
        }
        phi_y = fmax(0.0, phi_max(p, Lp, K, p->labour_supply[y], a, any ? b : NULL, th_best));
        if (phi_y == HUGE_VAL) phi_y = phi0;
        for (int64_t c = 0; c < ncap; c++) {
            double v = any ? th_best * Iy[c] : 0.0;
            inv[(int64_t)y * ncap + c] = v;
            x[lp_col_I(Lp, y, c, m)] = v;
        }
        x[lp_col_phi(Lp, y)] = phi_y;
        for (int64_t k = 0; k < m; k++) x[lp_col_s(Lp, y, k)] = phi_y * a[k] + (any ? th_best * b[k] : 0.0);
    }
    return plan__certify_primal(C, x, x);
}

/* plan := a feasible plan of p by material balances. */
ogas_status ogas_plan_balance(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan, ogas_error *err)
{
    plan_lp L;
    plan_certifier *C = NULL;
    int built = 0;
    int64_t n, m, ncap;
    double *A = NULL, *x = NULL, *inv = NULL, *K = NULL, *Kz = NULL, *Iy = NULL, *f = NULL, *b = NULL;
    double *Kb = NULL, *D = NULL, *G = NULL, *Gb = NULL;
    char *arrive = NULL;
    double t0 = ogas_now(), obj;
    int64_t passes = 0;
    ogas_status rc;

    if (!plan) return ogas_error_set(err, OGAS_EARG, "no plan to fill");
    memset(plan, 0, sizeof *plan);
    snprintf(plan->method, sizeof plan->method, "balance");
    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem");
    if ((rc = ogas_plan_problem_check(p, err))) return rc;
    if (p->weight)
        return ogas_error_set(err, OGAS_EINVAL, "the balance method plans Cockshott's form only (no priority weights)");
    if ((rc = plan__lp_build(p, &L, err))) return rc;
    built = 1;
    plan__lp_min_fulfilment(&L, o);
    if ((rc = plan__certifier_create(p, &L, &C, err))) goto done;
    n = p->n;
    m = p->m;
    ncap = L.ncap;
    A = ogas_calloc((size_t)(p->T * m) + 1, sizeof *A);
    x = ogas_calloc((size_t)L.ncols + 1, sizeof *x);
    inv = ogas_calloc((size_t)(p->T * ncap) + 1, sizeof *inv);
    K = ogas_calloc((size_t)ncap + 1, sizeof *K);
    Kz = ogas_calloc((size_t)ncap + 1, sizeof *Kz);
    Iy = ogas_calloc((size_t)ncap + 1, sizeof *Iy);
    f = ogas_calloc((size_t)n + 1, sizeof *f);
    b = ogas_calloc((size_t)m + 1, sizeof *b);
    Kb = ogas_calloc((size_t)(p->T * ncap) + 1, sizeof *Kb);
    D = ogas_calloc((size_t)(p->T * ncap) + 1, sizeof *D);
    arrive = ogas_calloc((size_t)p->T + 1, 1);
    G = ogas_calloc((size_t)p->T + 1, sizeof *G);
    Gb = ogas_calloc((size_t)p->T + 1, sizeof *Gb);
    if (!G || !Gb || !A || !x || !inv || !K || !Kz || !Iy || !f || !b || !Kb || !D || !arrive) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the balance method");
        goto done;
    }
    /* the intensities that make each year's targets */
    for (int y = 0; y < p->T; y++)
        if (!plan__certifier_intensities(C, p->target + (int64_t)y * n, A + (int64_t)y * m)) {
            rc = ogas_error_set(err, OGAS_EINVAL,
                                "the balance method needs one technique per product and a productive economy "
                                "(use lp, pdlp or harmony)");
            goto done;
        }
    {
        balance_ws W = {p, &L, C, A, x, inv, K, Kz, Iy, f, b, Kb, D, arrive};
        static const double grow[] = {0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0};
        double vbest = -HUGE_VAL, limit = o && o->max_seconds > 0 ? o->max_seconds : HUGE_VAL;
        /* one growth for all years, then each year's own in turn; at the time limit, the best so far */
        for (size_t q = 0; q < sizeof grow / sizeof *grow && (passes == 0 || ogas_now() - t0 < limit); q++) {
            double v;
            for (int y = 0; y < p->T; y++) G[y] = grow[q];
            v = pass(&W, G);
            passes++;
            if (v > vbest) {
                vbest = v;
                for (int y = 0; y < p->T; y++) Gb[y] = grow[q];
            }
            if (o && o->progress) o->progress(o->progress_ud, "balance", passes, vbest, HUGE_VAL);
        }
        for (int y = 0; y + 1 < p->T; y++)
            for (size_t q = 0; q < sizeof grow / sizeof *grow && ogas_now() - t0 < limit; q++) {
                double v;
                memcpy(G, Gb, (size_t)p->T * sizeof *G);
                if (G[y] == grow[q]) continue;
                G[y] = grow[q];
                v = pass(&W, G);
                passes++;
                if (v > vbest) {
                    vbest = v;
                    Gb[y] = grow[q];
                }
                if (o && o->progress) o->progress(o->progress_ud, "balance", passes, vbest, HUGE_VAL);
            }
        obj = pass(&W, Gb);
    }
    /* exactly feasible: the certifier's repair, year by year, and fulfilment from the net output */
    if (!(obj > -HUGE_VAL)) {
        rc = ogas_error_set(err, OGAS_EINFEASIBLE, "the balance method found no feasible plan (the fixed investments or "
                                                   "the floor on fulfilment cannot be met this way; use lp)");
        goto done;
    }
    if ((rc = plan__from_solution(p, &L, x, NULL, plan, err))) goto done;
    plan->status = OGAS_PLAN_FEASIBLE;
    plan->bound_lower = obj;
    plan->bound_upper = HUGE_VAL;
    plan->iterations = passes;
    snprintf(plan->method, sizeof plan->method, "balance");
done:
    plan->seconds = ogas_now() - t0;
    plan__certifier_free(C);
    if (built) plan__lp_free(&L);
    {
        double *v[] = {A, x, inv, K, Kz, Iy, f, b, Kb, D, G, Gb};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) ogas_free(v[k]);
    }
    ogas_free(arrive);
    return rc;
}
