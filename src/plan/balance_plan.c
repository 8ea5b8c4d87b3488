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
#include "repair.h"
#include "ogas/core.h"
#include "plan_lp.h"

#define GRID 24 /* investment shares tried per year, besides 0 and the largest */
#define PAR_CELLS 50000 /* capital cells from which the loops over them run on all threads (each cell alone) */

/* The stock of cell c at the start of year z from the start, the depreciation and the investments (plan's
 * inv, T x ncap, and the fixed ones) made before year `before` (exclusive); powers by multiplication,
 * Horner's rule over the investments. */
static double stock_at(const ogas_plan_problem *p, const plan_lp *L, const double *inv, int64_t c, int z, int before)
{
    int lag = p->lag ? p->lag[L->cell_good[c]] : 1, last = before - 1 < z - lag ? before - 1 : z - lag;
    double keep = 1.0 - p->dep.x[c], k = p->stock0.x[c], acc = 0.0;
    for (int t = 0; t < z; t++) k *= keep;
    if (last < 0) return k;
    for (int t = 0; t <= last; t++) acc = acc * keep + inv[(int64_t)t * L->ncap + c] + plan__fixed_at(p, t, c, L->ncap);
    for (int t = last; t < z - lag; t++) acc *= keep; /* the last investment has depreciated z - lag - last years */
    return k + acc;
}

/* A line of stocks in a share th of a proposed investment: cell c holds K[c] + th s_c, where s_c is
 * -kappa_c b[k] (the investment's own use of the stocks, b its intensities) or d[c] (what a unit of it adds
 * to a later year's stock), or 0; the labour left is lab - th (labour . b). */
typedef struct stock_line {
    const double *K, *b, *d;
    double lab;
} stock_line;

/* out[g] := the largest phi with phi a within the stocks and labour of line S at th[g], g < ng: a minimum
 * of ratios, in one pass over the cells for all g; negative when the line itself does not fit. A minimum
 * does not depend on the order of its terms: the same for any thread count. */
static void phi_grid(const ogas_plan_problem *p, const plan_lp *L, const stock_line *S, const double *a, int ng,
                     const double *th, double *out)
{
    double la = ogas_vec_dot(p->m, p->labour, a), lb = S->b ? ogas_vec_dot(p->m, p->labour, S->b) : 0.0;
    int64_t ncap = L->ncap;
    for (int g = 0; g < ng; g++) {
        double left = S->lab - th[g] * lb;
        out[g] = la > 0.0 ? left / la : (left >= 0.0 ? HUGE_VAL : -1.0);
    }
#pragma omp parallel if (ncap >= PAR_CELLS)
    {
        double mine[GRID + 2]; /* ng <= GRID + 2 */
        for (int g = 0; g < ng; g++) mine[g] = HUGE_VAL;
#pragma omp for schedule(static) nowait
        for (int64_t c = 0; c < ncap; c++) {
            int64_t k = L->cell_tech[c];
            double ca = p->capital.x[c] * a[k], s = S->b ? -p->capital.x[c] * S->b[k] : S->d ? S->d[c] : 0.0;
            if (ca > 0.0) {
                double r = 1.0 / ca;
                for (int g = 0; g < ng; g++) {
                    double v = (S->K[c] + th[g] * s) * r;
                    mine[g] = v < mine[g] ? v : mine[g];
                }
            } else {
                for (int g = 0; g < ng; g++)
                    if (S->K[c] + th[g] * s < 0.0) mine[g] = -1.0;
            }
        }
#pragma omp critical
        for (int g = 0; g < ng; g++) out[g] = mine[g] < out[g] ? mine[g] : out[g];
    }
}

/* The largest phi with phi a + th b within the labour supply lab and the stocks K (kappa_c per cell); a
 * negative number when th b alone does not fit. */
static double phi_max(const ogas_plan_problem *p, const plan_lp *L, const double *K, double lab, const double *a,
                      const double *b, double th)
{
    stock_line S = {K, b, NULL, lab};
    double out;
    phi_grid(p, L, &S, a, 1, &th, &out);
    return out;
}

/* The largest share th in [0, 1] of the investment with intensities b that fits the labour supply lab and
 * the stocks K with nothing for consumption: th (labour . b) <= lab and th kappa_c b[k] <= K[c]. */
static double theta_fit(const ogas_plan_problem *p, const plan_lp *L, const double *K, double lab, const double *b)
{
    double lb = ogas_vec_dot(p->m, p->labour, b), th = 1.0;
    int64_t ncap = L->ncap;
    if (lb > 0.0 && lab < th * lb) th = lab / lb;
#pragma omp parallel for schedule(static) reduction(min : th) if (ncap >= PAR_CELLS)
    for (int64_t c = 0; c < ncap; c++) {
        double cb = p->capital.x[c] * b[L->cell_tech[c]];
        if (cb > 0.0 && K[c] < th * cb) th = K[c] / cb;
    }
    return th > 0.0 ? th : 0.0;
}

/* Work of one pass. */
typedef struct balance_ws {
    const ogas_plan_problem *p;
    const plan_lp *L;
    plan_certifier *C;
    double *A, *x, *inv, *K, *Iy, *f, *b;
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
    int64_t m = p->m, ncap = Lp->ncap;
    double *A = W->A, *x = W->x, *inv = W->inv, *K = W->K, *Iy = W->Iy, *f = W->f, *b = W->b;
    char *arrive = W->arrive;
    for (int y = 0; y < p->T; y++) {
        const double *a = A + (int64_t)y * m;
        double phi0, best = -HUGE_VAL, th_best = 0.0, th_max = 0.0, phi_y;
        int any = 0;
#pragma omp parallel for schedule(static) if (ncap >= PAR_CELLS)
        for (int64_t c = 0; c < ncap; c++) K[c] = stock_at(p, Lp, inv, c, y, y);
        phi0 = fmax(0.0, phi_max(p, Lp, K, p->labour_supply[y], a, NULL, 0.0));
        if (phi0 == HUGE_VAL) phi0 = 1.0;
        /* the investment that keeps phi0 in the year each cell's good arrives */
#pragma omp parallel for schedule(static) reduction(| : any) if (ncap >= PAR_CELLS)
        for (int64_t c = 0; c < ncap; c++) {
            int lag = p->lag ? p->lag[Lp->cell_good[c]] : 1, z = y + lag;
            Iy[c] = 0.0;
            if (z >= p->T) continue;
            Iy[c] = fmax(0.0, p->capital.x[c] * growth[y] * phi0 * A[(int64_t)z * m + Lp->cell_tech[c]] - stock_at(p, Lp, inv, c, z, y));
            any |= Iy[c] > 0.0;
        }
        plan__investment_by_good(p, Iy, f);
        if (any && !plan__certifier_intensities(C, f, b)) any = 0;
        if (any) {
            /* the largest share of it that fits with nothing for consumption */
            th_max = theta_fit(p, Lp, K, p->labour_supply[y], b);
            /* the stocks of each later year without this investment (Kb) and what a unit of it adds (D) */
            for (int z = y + 1; z < p->T; z++) {
                double *kb = W->Kb + (int64_t)z * ncap, *dz = W->D + (int64_t)z * ncap;
                char any_z = 0;
#pragma omp parallel for schedule(static) reduction(| : any_z) if (ncap >= PAR_CELLS)
                for (int64_t c = 0; c < ncap; c++) {
                    int lag = p->lag ? p->lag[Lp->cell_good[c]] : 1;
                    double v = Iy[c]; /* depreciated from its arrival at y + lag to z */
                    kb[c] = stock_at(p, Lp, inv, c, z, y);
                    for (int t = y + lag; t < z; t++) v *= 1.0 - p->dep.x[c];
                    dz[c] = y + lag <= z ? v : 0.0;
                    any_z |= y + lag == z && Iy[c] > 0.0;
                }
                arrive[z] = any_z;
            }
            {
                /* phi this year and what the stocks of each arrival year allow there, weighed by the years
                 * they serve, for each share th on the grid */
                double th[GRID + 2], val[GRID + 2], later[GRID + 2];
                stock_line S = {K, b, NULL, p->labour_supply[y]};
                for (int g = 0; g <= GRID + 1; g++) th[g] = th_max * g / (GRID + 1);
                phi_grid(p, Lp, &S, a, GRID + 2, th, val);
                for (int g = 0; g <= GRID + 1; g++) val[g] = fmax(0.0, val[g]);
                for (int z = y + 1; z < p->T; z++) {
                    stock_line Z = {W->Kb + (int64_t)z * ncap, NULL, W->D + (int64_t)z * ncap, p->labour_supply[z]};
                    if (!arrive[z]) continue;
                    phi_grid(p, Lp, &Z, A + (int64_t)z * m, GRID + 2, th, later);
                    for (int g = 0; g <= GRID + 1; g++) val[g] += (double)(p->T - z) * fmax(0.0, fmin(HUGE_VAL, later[g]));
                }
                for (int g = 0; g <= GRID + 1; g++)
                    if (val[g] > best) {
                        best = val[g];
                        th_best = th[g];
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
    double *A = NULL, *x = NULL, *inv = NULL, *K = NULL, *Iy = NULL, *f = NULL, *b = NULL;
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
    Iy = ogas_calloc((size_t)ncap + 1, sizeof *Iy);
    f = ogas_calloc((size_t)n + 1, sizeof *f);
    b = ogas_calloc((size_t)m + 1, sizeof *b);
    Kb = ogas_calloc((size_t)(p->T * ncap) + 1, sizeof *Kb);
    D = ogas_calloc((size_t)(p->T * ncap) + 1, sizeof *D);
    arrive = ogas_calloc((size_t)p->T + 1, 1);
    G = ogas_calloc((size_t)p->T + 1, sizeof *G);
    Gb = ogas_calloc((size_t)p->T + 1, sizeof *Gb);
    if (!G || !Gb || !A || !x || !inv || !K || !Iy || !f || !b || !Kb || !D || !arrive) {
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
        balance_ws W = {p, &L, C, A, x, inv, K, Iy, f, b, Kb, D, arrive};
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
        double *v[] = {A, x, inv, K, Iy, f, b, Kb, D, G, Gb};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) ogas_free(v[k]);
    }
    ogas_free(arrive);
    return rc;
}
