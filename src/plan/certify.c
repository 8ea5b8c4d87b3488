/* certify.c: feasible primal and dual points near approximate ones, for certified bounds on a plan's
 * optimum (see certify.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "certify.h"
#include "ogas/balance.h"
#include "ogas/core.h"
#include "repair.h"

#define REFINE_ROUNDS 3 /* corrections of the Leontief solve's residual */
#define SHORT_FROM 1e-2  /* investments are cut for goods whose stocks are short by more than this share */
#define PAR_CELLS 100000 /* capital cells from which the loops over them run on all threads (each cell alone) */
#define MARGIN 1e-9     /* the solve aims this much above what is needed (relative to each good, and 1e-3 of
                           that relative to the largest), so rounding stays feasible */

struct cell_gain {
    double per;   /* worth of the targets per unit of the capacity price */
    double cost;  /* the capacity price's cost per unit of worth */
    double room;  /* how far the price may rise before an earlier investment pays */
    int64_t c;
};

struct ogas_plan_certifier {
    const ogas_plan_problem *p;
    const plan_lp *L;
    ogas_csr outT, inT;   /* m x n: outputs and inputs by technique */
    ogas_leontief *leo;   /* one technique per product: (I - A) with A = input diag(1/output) */
    ogas_csr A;
    double *diag;         /* n: output of product k per unit of technique k */
    double *K, *Kprev;    /* ncap: stocks of the year and of the year before */
    double *f, *g, *r, *net, *pos, *neg, *inv; /* n work */
    double *s, *shrink;   /* m work */
    double *G;            /* T x ncap work: discounted capacity prices */
    double *val;          /* m work */
    double *lv;           /* n: labour values (one technique per product) */
    double *yb;           /* nrows: the second dual repair (one technique per product) */
    double *sfix;         /* T x m: intensities that make each year's fixed investments exactly (one technique
                             per product, with fixed investments), or NULL */
    int64_t *techcell_p, *techcell; /* capital cells of each technique */
    double *ub;           /* ncols: bounds on the columns that every feasible plan keeps, implied by its
                             labour, stocks and outputs (implied_bounds), or NULL where some are missing */
    double *yc;           /* nrows work: the forward dual repair (one technique per product) */
    double *xk;           /* ncols work: the primal repair that keeps investments (one technique per product) */
    double *zt;           /* T x n: gross output per unit of each year's targets, (I - A)^-1 t_y, or NULL */
    struct cell_gain *gain; /* ncap work: capacity prices that could carry the targets' worth */
    double work;          /* nonzeros touched so far (see plan__certifier_work) */
};

/* Frees C. */
void plan__certifier_free(plan_certifier *C)
{
    if (!C) return;
    ogas_csr_free(&C->outT);
    ogas_csr_free(&C->inT);
    ogas_csr_free(&C->A);
    if (C->leo) ogas_leontief_destroy(C->leo);
    ogas_free(C->techcell_p);
    ogas_free(C->techcell);
    ogas_free(C->sfix);
    ogas_free(C->gain);
    {
        double *v[] = {C->diag, C->K, C->Kprev, C->f, C->g, C->r, C->net, C->pos, C->neg, C->inv, C->s,
                       C->shrink, C->G, C->val, C->lv, C->yb, C->ub, C->yc, C->xk, C->zt};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) ogas_free(v[k]);
    }
    ogas_free(C);
}

/* 1 if p has one technique per product: technique k makes product k, and nothing else, at a positive rate. */
static int one_per_product(const ogas_plan_problem *p)
{
    if (p->m != p->n) return 0;
    for (int64_t i = 0; i < p->n; i++)
        if (p->output.p[i + 1] - p->output.p[i] != 1 || p->output.j[p->output.p[i]] != i ||
            !(p->output.x[p->output.p[i]] > 0.0))
            return 0;
    return 1;
}

static int leontief_intensities(plan_certifier *C);

/* C->ub := upper bounds on the columns of the LP that every feasible plan keeps, year by year: an
 * intensity at most the labour supply over its labour per unit and each of its cells' largest stock
 * over the cell's capital per unit (the stock if every earlier investment in the cell took its bound);
 * an investment at most the gross output of its good at those intensities, and phi_y at most the gross
 * output of each product over its target. Returns 0 when a column has no finite bound this way (a
 * technique without labour or capital) or a negative lower bound. */
static int implied_bounds(plan_certifier *C)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, m = p->m, ncap = L->ncap;
    double *ub = C->ub;
    for (int64_t j = 0; j < L->ncols; j++) {
        if (!(L->collo[j] >= 0.0)) return 0;
        ub[j] = L->colhi[j];
    }
    for (int y = 0; y < p->T; y++) {
        double lab = L->rowhi[lp_row_lab(L, y)];
        for (int64_t k = 0; k < m; k++)
            if (p->labour[k] > 0.0 && isfinite(lab)) ub[lp_col_s(L, y, k)] = fmin(ub[lp_col_s(L, y, k)], lab / p->labour[k]);
        for (int64_t c = 0; c < ncap; c++) {
            int lag = p->lag ? p->lag[L->cell_good[c]] : 1;
            double kmax = L->rowhi[lp_row_cap(L, y, c)], kap = p->capital.x[c], w = 1.0;
            for (int tau = y - lag; tau >= 0; tau--, w *= 1.0 - p->dep.x[c]) kmax += w * ub[lp_col_I(L, tau, c, m)];
            if (kap > 0.0) ub[lp_col_s(L, y, L->cell_tech[c])] = fmin(ub[lp_col_s(L, y, L->cell_tech[c])], kmax / kap);
        }
        for (int64_t k = 0; k < m; k++) {
            C->s[k] = ub[lp_col_s(L, y, k)];
            if (!isfinite(C->s[k])) return 0;
        }
        ogas_csr_spmv(&p->output, C->s, C->g); /* the largest gross output of each product */
        for (int64_t c = 0; c < ncap; c++)
            ub[lp_col_I(L, y, c, m)] = fmin(ub[lp_col_I(L, y, c, m)], C->g[L->cell_good[c]]);
        if (L->nf == 1) {
            const double *tg = p->target + (int64_t)y * n;
            for (int64_t i = 0; i < n; i++)
                if (tg[i] > 0.0) ub[lp_col_phi(L, y)] = fmin(ub[lp_col_phi(L, y)], C->g[i] / tg[i]);
        }
    }
    for (int64_t j = 0; j < L->ncols; j++)
        if (!isfinite(ub[j])) return 0;
    return 1;
}

/* *C := certifier of L. */
ogas_status plan__certifier_create(const ogas_plan_problem *p, const plan_lp *L, plan_certifier **C,
                                   ogas_error *err)
{
    plan_certifier *c = ogas_calloc(1, sizeof *c);
    size_t n1 = (size_t)p->n + 1, m1 = (size_t)p->m + 1, k1 = (size_t)L->ncap + 1;
    ogas_status rc = OGAS_OK;

    *C = NULL;
    if (!c) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
    c->p = p;
    c->L = L;
    c->K = ogas_calloc(k1, sizeof(double));
    c->Kprev = ogas_calloc(k1, sizeof(double));
    c->f = ogas_calloc(n1, sizeof(double));
    c->g = ogas_calloc(n1, sizeof(double));
    c->r = ogas_calloc(n1, sizeof(double));
    c->net = ogas_calloc(n1, sizeof(double));
    c->pos = ogas_calloc(n1, sizeof(double));
    c->neg = ogas_calloc(n1, sizeof(double));
    c->inv = ogas_calloc(n1, sizeof(double));
    c->s = ogas_calloc(m1, sizeof(double));
    c->shrink = ogas_calloc(m1, sizeof(double));
    c->val = ogas_calloc(m1, sizeof(double));
    c->G = ogas_calloc((size_t)p->T * k1, sizeof(double));
    if (!c->K || !c->Kprev || !c->f || !c->g || !c->r || !c->net || !c->pos || !c->neg || !c->inv || !c->s ||
        !c->shrink || !c->val || !c->G) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
        goto done;
    }
    c->techcell_p = ogas_calloc(m1 + 1, sizeof(int64_t));
    c->techcell = ogas_calloc(k1, sizeof(int64_t));
    if (!c->techcell_p || !c->techcell) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
        goto done;
    }
    for (int64_t q = 0; q < L->ncap; q++) c->techcell_p[L->cell_tech[q] + 1]++;
    for (int64_t k = 0; k < p->m; k++) c->techcell_p[k + 1] += c->techcell_p[k];
    for (int64_t q = 0; q < L->ncap; q++) c->techcell[c->techcell_p[L->cell_tech[q]] + (int64_t)c->shrink[L->cell_tech[q]]++] = q;
    ogas_vec_fill(p->m, 0.0, c->shrink);
    if ((rc = ogas_csr_transpose(&p->output, &c->outT, err)) || (rc = ogas_csr_transpose(&p->input, &c->inT, err)))
        goto done;
    if (!(c->ub = ogas_calloc((size_t)L->ncols + 1, sizeof(double)))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
        goto done;
    }
    if (!implied_bounds(c)) {
        ogas_free(c->ub);
        c->ub = NULL;
    }
    if (one_per_product(p)) {
        ogas_solve_options so;
        ogas_error quiet;
        c->diag = ogas_calloc(n1, sizeof(double));
        if (!c->diag || (rc = ogas_csr_copy(&p->input, &c->A, err))) {
            if (!rc) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
            goto done;
        }
        for (int64_t i = 0; i < p->n; i++) c->diag[i] = p->output.x[p->output.p[i]];
        for (int64_t i = 0; i < p->n; i++)
            for (int64_t q = c->A.p[i]; q < c->A.p[i + 1]; q++) c->A.x[q] /= c->diag[c->A.j[q]];
        ogas_solve_options_init(&so);
        so.tol = 1e-12;
        /* an economy that is not productive is planned all the same; its plans are repaired by cutting */
        if (ogas_leontief_create(&c->A, NULL, &so, &c->leo, &quiet) != OGAS_OK) c->leo = NULL;
        if (c->leo) {
            if (!(c->lv = ogas_calloc(n1, sizeof(double))) || !(c->yb = ogas_calloc((size_t)L->nrows + 1, sizeof(double))) ||
                !(c->yc = ogas_calloc((size_t)L->nrows + 1, sizeof(double))) ||
                !(c->xk = ogas_calloc((size_t)L->ncols + 1, sizeof(double)))) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
                goto done;
            }
            for (int64_t k = 0; k < p->n; k++) c->g[k] = p->labour[k] / c->diag[k];
            if (ogas_leontief_solve_transposed(c->leo, c->g, c->lv, NULL, &quiet) != OGAS_OK) {
                ogas_leontief_destroy(c->leo);
                c->leo = NULL;
            }
        }
        /* the gross output that each year's targets need, for the forward dual repair (without it, that
         * repair prices the targets' worth by labour alone) */
        if (c->leo && L->nf == 1) {
            int ok;
            c->zt = ogas_calloc((size_t)p->T * n1, sizeof(double));
            c->gain = ogas_calloc(k1, sizeof *c->gain);
            ok = c->zt && c->gain;
            for (int y = 0; y < p->T && ok; y++)
                ok = ogas_leontief_solve(c->leo, p->target + (int64_t)y * p->n, c->zt + (int64_t)y * p->n, NULL, &quiet) == OGAS_OK;
            if (!ok) {
                ogas_free(c->zt);
                ogas_free(c->gain);
                c->zt = NULL;
                c->gain = NULL;
            }
        }
        /* the fixed investments are made first, whatever the rest of the year does: their intensities,
         * year by year (when a solve fails, the fixed investments are made with the rest) */
        if (c->leo && p->fixed) {
            if (!(c->sfix = ogas_calloc((size_t)p->T * m1, sizeof(double)))) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's certificates");
                goto done;
            }
            for (int y = 0; y < p->T && c->sfix; y++) {
                memcpy(c->f, L->rowlo + lp_row_bal(L, y, 0), (size_t)p->n * sizeof(double));
                if (!leontief_intensities(c)) {
                    ogas_free(c->sfix);
                    c->sfix = NULL;
                } else {
                    memcpy(c->sfix + (int64_t)y * p->m, c->s, (size_t)p->m * sizeof(double));
                }
            }
        }
    }
done:
    if (rc) plan__certifier_free(c);
    else *C = c;
    return rc;
}

/* Counts the work of one Leontief solve (info) in C->work. */
static void count_solve(plan_certifier *C, const ogas_solve_info *info)
{
    double n = (double)C->p->n;
    C->work += info->matvecs > 0 ? (double)info->matvecs * (double)ogas_csr_nnz(&C->A) : n * n;
}

/* Nonzeros touched by the certificates so far: a deterministic measure of their cost. */
double plan__certifier_work(const plan_certifier *C)
{
    return C->work;
}

/* C->s := intensities that make net output C->f (n) exactly, up to rounding, and a little more; returns 0
 * if a solve failed. */
static int leontief_intensities(plan_certifier *C)
{
    const ogas_plan_problem *p = C->p;
    int64_t n = p->n;
    ogas_error quiet;
    ogas_solve_info info;
    double big = ogas_vec_norminf(n, C->f);
    /* the margin is relative, and absolute for goods that nobody needs net (their net output would
     * otherwise be 0 up to rounding, either side) */
    for (int64_t i = 0; i < n; i++) C->r[i] = C->f[i] * (1.0 + MARGIN) + MARGIN * 1e-3 * big;
    if (ogas_leontief_solve(C->leo, C->r, C->g, &info, &quiet) != OGAS_OK) return 0;
    count_solve(C, &info);
    for (int64_t k = 0; k < n; k++) C->s[k] = C->g[k] > 0.0 ? C->g[k] / C->diag[k] : 0.0;
    for (int round = 0; round < REFINE_ROUNDS; round++) {
        int short_ = 0;
        ogas_csr_spmv(&p->output, C->s, C->pos);
        ogas_csr_spmv(&p->input, C->s, C->neg);
        for (int64_t i = 0; i < n; i++) {
            double d = C->f[i] - (C->pos[i] - C->neg[i]);
            C->r[i] = d > 0.0 ? d * (1.0 + 1e-3) + 1e-300 : 0.0;
            short_ |= d > 0.0;
        }
        if (!short_) break;
        if (ogas_leontief_solve(C->leo, C->r, C->g, &info, &quiet) != OGAS_OK) return 0;
    count_solve(C, &info);
        for (int64_t k = 0; k < n; k++)
            if (C->g[k] > 0.0) C->s[k] += C->g[k] / C->diag[k];
    }
    return 1;
}

/* Cuts the year's investments I (ncap) in each good whose technique's stocks C->K fall short of its
 * intensity in C->s by more than SHORT_FROM, by the output it falls short (all of it at most), then
 * solves the intensities again for the demand cons (n: consumption and fixed uses) plus the investment
 * left; returns 0 if that solve failed. An approximate plan's investments overshoot the stocks in the
 * early years (PDLP's, stopped after a few seconds on a 5,120-product plan: 41 capital cells by more
 * than 10% in year 1). Scaling the whole year into its stocks would cut its consumption and every
 * investment alike, and through them the stocks of every later year (to 0.63 by year 5 there); cutting
 * first the investments that need what is short kept year 1 whole and raised the plan from 4.02 to 4.19
 * (one technique per product only; a second round changed nothing). Below SHORT_FROM the year's scaling
 * loses less than the cut would: near the optimum the plan stays as it was. */
static int cut_short_investment(plan_certifier *C, const double *cons, double *I)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, ncap = L->ncap;
    int cut = 0;
    double *f = C->shrink; /* per technique (= good): the intensity short, then the factor on investment */
    ogas_vec_fill(n, 0.0, f);
    for (int64_t c = 0; c < ncap; c++) {
        int64_t k = L->cell_tech[c];
        double kap = p->capital.x[c];
        if (kap > 0.0 && kap * C->s[k] > C->K[c] * (1.0 + SHORT_FROM)) f[k] = fmax(f[k], C->s[k] - C->K[c] / kap);
    }
    for (int64_t k = 0; k < n; k++) {
        double want = f[k] * C->diag[k];
        f[k] = want > 0.0 && C->inv[k] > 0.0 ? fmax(0.0, (C->inv[k] - want) / C->inv[k]) : 1.0;
        cut |= f[k] < 1.0;
    }
    if (!cut) return 1;
    for (int64_t c = 0; c < ncap; c++) I[c] *= f[L->cell_good[c]];
    plan__investment_by_good(p, I, C->inv);
    for (int64_t i = 0; i < n; i++) C->f[i] = cons[i] + C->inv[i];
    return leontief_intensities(C);
}

/* s := intensities that make net output f exactly (one technique per product). */
int plan__certifier_intensities(plan_certifier *C, const double *f, double *s)
{
    if (!C->leo) return 0;
    memcpy(C->f, f, (size_t)C->p->n * sizeof *f);
    if (!leontief_intensities(C)) return 0;
    memcpy(s, C->s, (size_t)C->p->m * sizeof *s);
    return 1;
}

/* xf := feasible point near x; returns its objective. keep (one technique per product): each year's
 * investments are first topped up to the stocks that x's intensities need when they are installed, and
 * a year short of stocks or labour cuts its consumption only, keeping its investments whole when they fit
 * by themselves (else the whole year is scaled). An iterate's investments fall a little short of what
 * its later intensities need; scaling each year into its stocks then cut its investments too, and so
 * every later year's stocks: measured on a 5,120-product plan after 12,000 PDLP steps (objective of the
 * iterate 5.039), the plan repaired by scaling was worth 4.996, the one that keeps investments 5.016. */
static double primal(plan_certifier *C, const double *x, double *xf, int keep)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, m = p->m, ncap = L->ncap;
    double obj = 0.0;

    C->work += 4.0 * (double)ogas_csr_nnz(&L->A);
    for (int y = 0; y < p->T; y++) { /* reads only year y of x, and writes it last: x may be xf */
        const double *tg = p->target + (int64_t)y * n;
        const double *fix = p->fixed ? L->rowlo + lp_row_bal(L, y, 0) : NULL; /* the fixed investments' uses */
        const double *sf = C->sfix ? C->sfix + (int64_t)y * m : NULL;        /* and the intensities they need */
        double *I = xf + lp_col_I(L, y, 0, m), lab, labf = 0.0, alpha = 1.0, best;
        double phi = L->nf == 1 ? fmax(0.0, x[lp_col_phi(L, y)]) : 0.0;
        /* the stocks this year, from the investments already repaired and the fixed ones */
#pragma omp parallel for schedule(static) if (ncap >= PAR_CELLS)
        for (int64_t c = 0; c < ncap; c++) {
            int lag = p->lag ? p->lag[L->cell_good[c]] : 1;
            double k = y == 0 ? p->stock0.x[c] : (1.0 - p->dep.x[c]) * C->Kprev[c];
            if (y - lag >= 0) k += xf[lp_col_I(L, y - lag, c, m)] + plan__fixed_at(p, y - lag, c, ncap);
            C->K[c] = k;
            I[c] = fmax(0.0, x[lp_col_I(L, y, c, m)]);
        }
        memcpy(C->Kprev, C->K, (size_t)ncap * sizeof *C->K);
        /* keep: investment topped up to the stock that x's intensities need when it is installed */
        if (keep) {
#pragma omp parallel for schedule(static) if (ncap >= PAR_CELLS)
            for (int64_t c = 0; c < ncap; c++) {
                int lag = p->lag ? p->lag[L->cell_good[c]] : 1;
                double d = 1.0 - p->dep.x[c], have, need;
                if (y + lag >= p->T) continue;
                have = pow(d, lag) * C->K[c] + plan__fixed_at(p, y, c, ncap);
                for (int j = 1; j < lag; j++)
                    if (y + j - lag >= 0) have += pow(d, lag - j) * (xf[lp_col_I(L, y + j - lag, c, m)] + plan__fixed_at(p, y + j - lag, c, ncap));
                need = p->capital.x[c] * fmax(0.0, x[lp_col_s(L, y + lag, L->cell_tech[c])]);
                if (need > have + I[c]) I[c] = need - have;
            }
        }
        plan__investment_by_good(p, I, C->inv);
        /* intensities: those that make phi_y targets and the investment exactly (the fixed investments' own
         * kept apart in sf), or those of x */
        if (C->leo) {
            for (int64_t i = 0; i < n; i++) {
                double fi = L->nf == 1 ? phi : fmin(1.0, fmax(0.0, x[lp_col_f(L, y, i)]));
                C->val[i] = fi * tg[i] + (fix && !sf ? fix[i] : 0.0); /* consumption and fixed uses */
                C->f[i] = C->val[i] + C->inv[i];
            }
            if (!leontief_intensities(C) || !cut_short_investment(C, C->val, I))
                for (int64_t k = 0; k < m; k++) C->s[k] = fmax(0.0, x[lp_col_s(L, y, k)]);
        } else {
            for (int64_t k = 0; k < m; k++) C->s[k] = fmax(0.0, x[lp_col_s(L, y, k)]);
        }
        /* keep: the intensities of the investments alone, for scaling only the rest (C->net: the year's) */
        if (keep && C->leo && phi > 0.0) {
            double a = 1.0;
            memcpy(C->net, C->s, (size_t)m * sizeof *C->s); /* the year's intensities */
            for (int64_t i = 0; i < n; i++) C->f[i] = C->inv[i] + (fix && !sf ? fix[i] : 0.0);
            if (leontief_intensities(C)) {
                double labI = ogas_vec_dot(m, p->labour, C->s), labC = ogas_vec_dot(m, p->labour, C->net) - labI;
                double room = p->labour_supply[y] - (sf ? ogas_vec_dot(m, p->labour, sf) : 0.0) - labI;
                if (room < 0.0) a = -1.0;
                else if (labC > room) a = room / labC * PLAN_SHAVE;
                for (int64_t c = 0; c < ncap && a >= 0.0; c++) {
                    int64_t k = L->cell_tech[c];
                    double kap = p->capital.x[c], needI = kap * C->s[k] + (sf ? kap * sf[k] : 0.0), needC = kap * (C->net[k] - C->s[k]);
                    if (needI > C->K[c]) a = -1.0;
                    else if (needC > 0.0 && needI + needC * a > C->K[c]) a = (C->K[c] - needI) / needC * PLAN_SHAVE;
                }
                if (a >= 0.0 && a < 1.0)
                    for (int64_t k = 0; k < m; k++) C->s[k] += a * fmax(0.0, C->net[k] - C->s[k]);
                else
                    memcpy(C->s, C->net, (size_t)m * sizeof *C->s);
            } else {
                memcpy(C->s, C->net, (size_t)m * sizeof *C->s);
            }
        }
        /* the whole year scaled into its labour and stocks, less what the fixed investments need (sf) */
        lab = ogas_vec_dot(m, p->labour, C->s);
        if (sf) labf = ogas_vec_dot(m, p->labour, sf);
        if (labf + lab > p->labour_supply[y]) alpha = (p->labour_supply[y] - labf) / lab * PLAN_SHAVE;
        for (int64_t c = 0; c < ncap; c++) {
            double need = p->capital.x[c] * C->s[L->cell_tech[c]], needf = sf ? p->capital.x[c] * sf[L->cell_tech[c]] : 0.0;
            if (needf + need > C->K[c] && needf + need * alpha > C->K[c]) alpha = (C->K[c] - needf) / need * PLAN_SHAVE;
        }
        if (!(alpha >= 0.0)) alpha = 0.0;
        if (alpha < 1.0) {
            ogas_vec_scale(m, alpha, C->s);
            ogas_vec_scale(ncap, alpha, I);
        }
        if (sf) ogas_vec_axpy(m, 1.0, sf, C->s);
        /* anything still short is cut (only the fixed investments can stay short: then no plan near x);
         * then phi_y is what the net output allows */
        if (!plan__repair_year(p, y, C->K, fix, C->s, I, C->inv, C->net, C->pos, C->neg, C->shrink)) return -HUGE_VAL;
        plan__investment_by_good(p, I, C->inv);
        plan__year_net(p, C->s, C->inv, C->net, NULL, NULL);
        best = HUGE_VAL;
        for (int64_t i = 0; i < n; i++) {
            if (fix) C->net[i] -= fix[i];
            if (C->net[i] < 0.0) return -HUGE_VAL; /* plan__repair_year leaves no deficit: not reached */
            if (tg[i] > 0.0 && C->net[i] / tg[i] < best) best = C->net[i] / tg[i];
        }
        for (int64_t k = 0; k < m; k++) xf[lp_col_s(L, y, k)] = C->s[k];
        if (L->nf == 1) {
            phi = best == HUGE_VAL ? 0.0 : best;
            if (phi < L->collo[lp_col_phi(L, y)]) return -HUGE_VAL; /* short of the floor on fulfilment */
            xf[lp_col_phi(L, y)] = phi;
        } else {
            for (int64_t i = 0; i < n; i++) {
                int64_t col = lp_col_f(L, y, i);
                double v = tg[i] > 0.0 ? fmin(1.0, C->net[i] / tg[i]) : 0.0;
                if (v < L->collo[col]) return -HUGE_VAL;
                xf[col] = v;
            }
        }
    }
    for (int64_t j = 0; j < L->ncols; j++) obj += L->obj[j] * xf[j];
    return obj;
}

/* xf := the better of the two feasible points near x (see certify.h). */
double plan__certify_primal(plan_certifier *C, const double *x, double *xf)
{
    double a, b;
    if (!C->leo || !C->xk) return primal(C, x, xf, 0);
    b = primal(C, x, C->xk, 1);
    a = primal(C, x, xf, 0);
    if (b > a) {
        memcpy(xf, C->xk, (size_t)C->L->ncols * sizeof *xf);
        return b;
    }
    return a;
}

/* Adds at least `amount` to the cost of technique k at year t's prices in yf: to the price of the capital
 * cell that allows it the least intensity this year (a unit of that price costs the cell's capacity), or,
 * for a technique without capital, to the price of labour. Returns 0 when the technique has neither. */
static int charge(plan_certifier *C, int t, int64_t k, double amount, double *lam, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t best = -1;
    double room = HUGE_VAL;
    if (!(amount > 0.0)) return 1;
    for (int64_t q = C->techcell_p[k]; q < C->techcell_p[k + 1]; q++) {
        int64_t c = C->techcell[q];
        double r = p->capital.x[c] > 0.0 ? L->rowhi[lp_row_cap(L, t, c)] / p->capital.x[c] : HUGE_VAL;
        if (r < room) {
            room = r;
            best = c;
        }
    }
    if (best >= 0) {
        double kap = p->capital.x[best], add = amount / kap;
        while (add * kap < amount) add = nextafter(add, HUGE_VAL);
        yf[lp_row_cap(L, t, best)] += add;
    } else if (p->labour[k] > 0.0) {
        double add = amount / p->labour[k];
        while (add * p->labour[k] < amount) add = nextafter(add, HUGE_VAL);
        *lam += add;
    } else {
        return 0;
    }
    return 1;
}

/* C->val := what each technique makes at year t's prices in yf, less its inputs and capital (C->pos, C->s: work). */
static void profits(plan_certifier *C, int t, const double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    for (int64_t i = 0; i < p->n; i++) C->pos[i] = yf[lp_row_bal(L, t, i)];
    ogas_csr_spmv(&C->outT, C->pos, C->val);
    ogas_csr_spmv(&C->inT, C->pos, C->s);
    for (int64_t k = 0; k < p->m; k++) C->val[k] -= C->s[k];
    for (int64_t c = 0; c < L->ncap; c++) C->val[L->cell_tech[c]] -= yf[lp_row_cap(L, t, c)] * p->capital.x[c];
}

/* Year t's labour price in yf := lam, and then every profit a technique still makes at year t's prices
 * charged (charge); a raised labour price raises every technique's cost, so earlier charges stay
 * enough. Returns 0 if a profit cannot be charged. */
static int charge_profits(plan_certifier *C, int t, double lam, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    yf[lp_row_lab(L, t)] = lam;
    profits(C, t, yf);
    for (int64_t k = 0; k < p->m; k++) {
        double profit = C->val[k] - lam * p->labour[k];
        if (profit > 0.0 && !charge(C, t, k, profit * (1.0 + 1e-12), &lam, yf)) return 0;
    }
    yf[lp_row_lab(L, t)] = lam;
    return 1;
}

/* C->r := year t's cost prices at labour price lam and the capacity prices in yf: the prices at which
 * every technique just pays its labour and capital (one transposed Leontief solve; negatives from
 * rounding cut to 0). *worth := the year's targets at those prices, *vt := at labour values (either may
 * be NULL). Returns 0 if the solve failed. */
static int cost_prices(plan_certifier *C, int t, double lam, const double *yf, double *worth, double *vt)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    const double *tg = p->target + (int64_t)t * p->n;
    double w = 0.0, v = 0.0;
    ogas_error quiet;
    ogas_solve_info info;
    for (int64_t k = 0; k < p->n; k++) C->g[k] = lam * p->labour[k];
    for (int64_t c = 0; c < L->ncap; c++) C->g[L->cell_tech[c]] += yf[lp_row_cap(L, t, c)] * p->capital.x[c];
    for (int64_t k = 0; k < p->n; k++) C->g[k] /= C->diag[k];
    if (ogas_leontief_solve_transposed(C->leo, C->g, C->r, &info, &quiet) != OGAS_OK) return 0;
    count_solve(C, &info);
    for (int64_t i = 0; i < p->n; i++) {
        if (C->r[i] < 0.0) C->r[i] = 0.0;
        w += C->r[i] * tg[i];
        v += C->lv[i] * tg[i];
    }
    if (worth) *worth = w;
    if (vt) *vt = v;
    return 1;
}

/* Year t's product prices in yf := the prices at which every technique just pays its labour and capital
 * at year t's prices in yf (one transposed Leontief solve), each product at least C->f's floor (the
 * capacity its investment brings): a product below its floor gets the difference charged to its
 * technique's capital (or labour), and the prices are solved again. Returns 0 if a solve failed. */
static int zero_profit_prices(plan_certifier *C, int t, double *lam, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n;
    for (int round = 0; round < 2; round++) {
        int raised = 0;
        if (!cost_prices(C, t, *lam, yf, NULL, NULL)) return 0;
        for (int64_t i = 0; i < n; i++) yf[lp_row_bal(L, t, i)] = C->r[i];
        if (round == 1) break;
        for (int64_t i = 0; i < n; i++) {
            double short_ = C->f[i] - yf[lp_row_bal(L, t, i)];
            if (short_ > 0.0) {
                if (!charge(C, t, i, short_ * C->diag[i] * (1.0 + 1e-9), lam, yf)) return 0;
                raised = 1;
            }
        }
        if (!raised) break;
    }
    return 1;
}

/* The dual objective of yf: the row bounds weighed by their prices, and with weights, what the upper
 * bound 1 of each product's fulfilment adds: its weight less the value of its target at the prices,
 * where that is positive (the dual of the bound; at the lower bound the term is left out, which only
 * loosens the bound). */
static double dual_objective(const ogas_plan_problem *p, const plan_lp *L, const double *yf)
{
    double obj = 0.0;
    for (int64_t r = 0; r < L->nrows; r++)
        if (yf[r] != 0.0) obj += yf[r] * (isfinite(L->rowhi[r]) ? L->rowhi[r] : -L->rowlo[r]);
    for (int y = 0; L->nf > 1 && y < L->T; y++)
        for (int64_t i = 0; i < p->n; i++) {
            int64_t col = lp_col_f(L, y, i);
            double t = p->target[(int64_t)y * p->n + i], r = L->obj[col] - yf[lp_row_bal(L, y, i)] * t;
            if (t > 0.0 && r > 0.0) obj += r * L->colhi[col];
        }
    return obj;
}

/* Year t's prices in yf (labour, capacity, products) times a. */
static void scale_year(const plan_certifier *C, int t, double a, double *yf)
{
    const plan_lp *L = C->L;
    yf[lp_row_lab(L, t)] *= a;
    for (int64_t c = 0; c < L->ncap; c++) yf[lp_row_cap(L, t, c)] *= a;
    for (int64_t i = 0; i < C->p->n; i++) yf[lp_row_bal(L, t, i)] *= a;
}

/* C->G row t := year t's capacity prices in yf plus what is left of next year's, (1 - d) G_{t+1}. */
static void discount_capacity(plan_certifier *C, int t, const double *yf)
{
    const plan_lp *L = C->L;
    int64_t ncap = L->ncap;
    for (int64_t c = 0; c < ncap; c++)
        C->G[(int64_t)t * ncap + c] = yf[lp_row_cap(L, t, c)] +
                                      (t + 1 < L->T ? (1.0 - C->p->dep.x[c]) * C->G[(int64_t)(t + 1) * ncap + c] : 0.0);
}

/* yf := a feasible dual from the capacity prices of y alone (one technique per product): backwards
 * through the years, product prices pi = lambda v + w, where w pays each technique's capital at those
 * capacity prices and v is labour values (both embodied, by transposed Leontief solves), and the labour
 * price lambda_t the least that makes every year's targets worth 1 and every investment pay for the
 * capacity it brings, max((1 - w.t) / (v.t), (G_i - w_i) / v_i). Its errors are not carried from year to
 * year, so it is often the tighter of the two repairs. Returns its objective, or HUGE_VAL. */
static double dual_by_labour(plan_certifier *C, const double *y, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, ncap = L->ncap;
    int T = p->T;

    memset(yf, 0, (size_t)L->nrows * sizeof *yf);
    for (int t = T - 1; t >= 0; t--) {
        const double *tg = p->target + (int64_t)t * n;
        double lam = 0.0, wt, vt;
        for (int64_t c = 0; c < ncap; c++) yf[lp_row_cap(L, t, c)] = y[lp_row_cap(L, t, c)] > 0.0 ? y[lp_row_cap(L, t, c)] : 0.0;
        if (!cost_prices(C, t, 0.0, yf, &wt, &vt) || !(vt > 0.0)) return HUGE_VAL;
        if (L->nf == 1 && wt < 1.0) lam = (1.0 - wt) / vt;
        for (int64_t c = 0; c < ncap; c++) {
            int64_t i = L->cell_good[c];
            int lag = p->lag ? p->lag[i] : 1;
            double need;
            if (t + lag >= T) continue;
            need = C->G[(int64_t)(t + lag) * ncap + c] - C->r[i];
            if (need <= 0.0) continue;
            if (!(C->lv[i] > 0.0)) return HUGE_VAL;
            if (need / C->lv[i] > lam) lam = need / C->lv[i];
        }
        lam *= 1.0 + 1e-12;
        for (int64_t i = 0; i < n; i++) yf[lp_row_bal(L, t, i)] = lam * C->lv[i] + C->r[i];
        /* rounding: what profit is left is charged */
        if (!charge_profits(C, t, lam, yf)) return HUGE_VAL;
        {
            double worth = 0.0;
            for (int64_t i = 0; i < n; i++) worth += yf[lp_row_bal(L, t, i)] * tg[i];
            for (int64_t c = 0; c < ncap; c++) {
                int64_t i = L->cell_good[c];
                int lag = p->lag ? p->lag[i] : 1;
                if (t + lag < T && yf[lp_row_bal(L, t, i)] < C->G[(int64_t)(t + lag) * ncap + c]) return HUGE_VAL;
            }
            if (L->nf == 1 && worth < 1.0) {
                double a = (1.0 / worth) * (1.0 + 1e-15);
                if (!isfinite(a)) return HUGE_VAL;
                scale_year(C, t, a, yf);
            }
        }
        discount_capacity(C, t, yf);
    }
    return dual_objective(p, L, yf);
}

/* yf := feasible dual near y, keeping its labour prices: see plan__certify_dual. */
static double dual_by_capital(plan_certifier *C, const double *y, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, ncap = L->ncap;
    int T = p->T;
    double scale = 1.0;

    for (int64_t r = 0; r < L->nrows; r++) yf[r] = y[r] > 0.0 ? y[r] : 0.0;
    /* targets worth something in every year (with one technique per product, labour does this below) */
    for (int t = 0; t < T && !C->leo && L->nf == 1; t++) {
        const double *tg = p->target + (int64_t)t * n;
        double worth = 0.0, tt = 0.0;
        for (int64_t i = 0; i < n; i++) {
            worth += yf[lp_row_bal(L, t, i)] * tg[i];
            tt += tg[i] * tg[i];
        }
        if (!(worth > 0.0) && tt > 0.0)
            for (int64_t i = 0; i < n; i++) yf[lp_row_bal(L, t, i)] = tg[i] / tt;
    }
    /* Backwards through the years (a capacity price of year t only raises the prices of the years
     * before it): a good invested in costs at least the capacity it brings, discounted by wear,
     * G_tc = mu_tc + (1 - d_c) G_{t+1,c}; no technique makes a profit after labour and capital. With
     * one technique per product the product prices are those at which every technique just pays its
     * labour and capital; otherwise they are kept, and profits are charged to capital or labour. */
    for (int t = T - 1; t >= 0; t--) {
        double lam = yf[lp_row_lab(L, t)];
        ogas_vec_fill(n, 0.0, C->f);
        for (int64_t c = 0; c < ncap; c++) {
            int64_t i = L->cell_good[c];
            int lag = p->lag ? p->lag[i] : 1;
            if (t + lag < T && C->G[(int64_t)(t + lag) * ncap + c] > C->f[i]) C->f[i] = C->G[(int64_t)(t + lag) * ncap + c];
        }
        if (C->leo) {
            const double *tg = p->target + (int64_t)t * n;
            double worth = 0.0, vt = 0.0;
            if (!zero_profit_prices(C, t, &lam, yf)) return HUGE_VAL;
            for (int64_t i = 0; i < n; i++) {
                worth += yf[lp_row_bal(L, t, i)] * tg[i];
                vt += C->lv[i] * tg[i];
            }
            if (!(worth > 0.0) && L->nf == 1) { /* nothing is scarce at these prices: value the targets by labour */
                if (!(vt > 0.0)) return HUGE_VAL;
                lam += 1.0 / vt;
                for (int64_t i = 0; i < n; i++) yf[lp_row_bal(L, t, i)] += C->lv[i] / vt;
            }
        } else {
            for (int64_t i = 0; i < n; i++)
                if (yf[lp_row_bal(L, t, i)] < C->f[i]) yf[lp_row_bal(L, t, i)] = C->f[i];
        }
        /* what profit rounding (or, without one technique per product, the prices) leaves: charged */
        if (!charge_profits(C, t, lam, yf)) return HUGE_VAL;
        /* year t's prices scaled so that its targets are worth exactly 1 (its conditions are
         * homogeneous), but not below the floors that later years' capacity sets */
        {
            const double *tg = p->target + (int64_t)t * n;
            double worth = 0.0, lo = 0.0, a;
            for (int64_t i = 0; i < n; i++) {
                double pi = yf[lp_row_bal(L, t, i)];
                worth += pi * tg[i];
                if (C->f[i] > 0.0 && pi > 0.0 && C->f[i] / pi > lo) lo = C->f[i] / pi;
            }
            if (worth > 0.0 && L->nf == 1) {
                a = fmax(1.0 / worth, lo);
                if (a != 1.0) scale_year(C, t, a, yf);
            }
        }
        discount_capacity(C, t, yf);
    }
    /* fulfilment: every year's targets worth at least 1 (all other conditions are homogeneous) */
    for (int t = 0; t < T && L->nf == 1; t++) {
        const double *tg = p->target + (int64_t)t * n;
        double worth = 0.0;
        int any = 0;
        for (int64_t i = 0; i < n; i++) {
            worth += yf[lp_row_bal(L, t, i)] * tg[i];
            any |= tg[i] > 0.0;
        }
        if (any && worth * scale < 1.0) scale = (1.0 / worth) * (1.0 + 1e-15);
    }
    if (!isfinite(scale)) return HUGE_VAL;
    if (scale != 1.0) ogas_vec_scale(L->nrows, scale, yf);
    return dual_objective(p, L, yf);
}

/* An upper bound on the optimum from prices yf (nrows, >= 0) that need not be quite feasible: the
 * Lagrangian bound, the dual objective plus, for every column that would still make a profit r_j at
 * these prices, r_j times its implied bound (Neumaier and Shcherbina, "Safe bounds in linear and
 * mixed-integer linear programming", Math. Program. 99, 2004), and for one that makes a loss, the loss
 * at its lower bound (each with a margin of 1e-12 for rounding). For a feasible dual the profits are 0
 * and this is its objective. HUGE_VAL without implied bounds (then a column that makes a
 * profit has none). */
static double lagrangian_bound(plan_certifier *C, const double *yf)
{
    const plan_lp *L = C->L;
    double obj = 0.0;
    if (!C->ub) return HUGE_VAL;
    C->work += (double)ogas_csr_nnz(&L->A);
    for (int64_t r = 0; r < L->nrows; r++) {
        int le = isfinite(L->rowhi[r]);
        if (le == isfinite(L->rowlo[r]) || !(yf[r] >= 0.0)) return HUGE_VAL; /* every row has one side */
        if (yf[r] != 0.0) obj += yf[r] * (le ? L->rowhi[r] : -L->rowlo[r]);
    }
    for (int64_t j = 0; j < L->ncols; j++) {
        double r = L->obj[j];
        for (int64_t q = L->A.p[j]; q < L->A.p[j + 1]; q++) {
            int64_t row = L->A.j[q];
            r -= (isfinite(L->rowhi[row]) ? yf[row] : -yf[row]) * L->A.x[q];
        }
        if (r > 0.0) obj += r * C->ub[j] * (1.0 + 1e-12);
        else if (r < 0.0 && L->collo[j] > 0.0) obj += r * L->collo[j] * (1.0 - 1e-12);
    }
    return isfinite(obj) ? obj : HUGE_VAL;
}

/* What an investment installed in cell c in year `from` earns at the capacity prices in yf, G: its
 * price there and in every later year, less wear, sum_{u >= from} (1 - d_c)^(u - from) mu_uc. *wt := the
 * weight of year t's price in that sum (t >= from; wt may be NULL). */
static double earns(const plan_certifier *C, const double *yf, int from, int64_t c, int t, double *wt)
{
    double G = 0.0, w = 1.0;
    for (int u = from; u < C->p->T; u++, w *= 1.0 - C->p->dep.x[c]) {
        G += w * yf[lp_row_cap(C->L, u, c)];
        if (wt && u == t) *wt = w;
    }
    return G;
}

/* Orders cell gains by their cost per unit of worth, cheapest first (ties by cell, for the same order on
 * every machine). */
static int by_cost(const void *a, const void *b)
{
    const struct cell_gain *x = a, *y = b;
    if (x->cost != y->cost) return x->cost < y->cost ? -1 : 1;
    return (x->c > y->c) - (x->c < y->c);
}

/* Raises year t's capacity prices in yf, cheapest worth first, until the targets gain `need` in worth
 * or raising any further would cost more than labour (vt: the targets' worth per unit of the labour
 * price) or make an investment of an earlier year pay: a capacity price of year t is part of what an
 * investment installed by then must earn, G, and may rise only by what that investment's good is worth
 * above it (the room). Returns 1 if a price was raised. In the last year of a 1,280-product plan, pricing
 * the targets' worth by labour alone cost 0.096 (the whole bound 5.19, the optimum above 5.14). */
static int raise_capacity(plan_certifier *C, int t, double need, double vt, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, ncap = L->ncap, nc = 0;
    double lab_cost = vt > 0.0 ? L->rowhi[lp_row_lab(L, t)] / vt : HUGE_VAL;
    const double *z = C->zt ? C->zt + (int64_t)t * n : NULL;
    if (!z || !C->gain) return 0;
    for (int64_t c = 0; c < ncap; c++) {
        int64_t k = L->cell_tech[c], i = L->cell_good[c];
        int lag = p->lag ? p->lag[i] : 1;
        double per = p->capital.x[c] * z[k] / C->diag[k], K = L->rowhi[lp_row_cap(L, t, c)], room = HUGE_VAL, cost;
        if (!(per > 0.0) || !(K >= 0.0)) continue;
        cost = K / per;
        if (!(cost < lab_cost)) continue;
        for (int tau = 0; tau + lag <= t; tau++) { /* the investments of year tau, installed by year t */
            double wt = 1.0, G = earns(C, yf, tau + lag, c, t, &wt);
            room = fmin(room, (yf[lp_row_bal(L, tau, i)] - G) / wt * (1.0 - 1e-9));
        }
        if (!(room > 0.0)) continue;
        C->gain[nc].per = per;
        C->gain[nc].cost = cost;
        C->gain[nc].room = room;
        C->gain[nc++].c = c;
    }
    qsort(C->gain, (size_t)nc, sizeof *C->gain, by_cost);
    for (int64_t q = 0; q < nc && need > 0.0; q++) {
        double add = fmin(C->gain[q].room, need / C->gain[q].per);
        yf[lp_row_cap(L, t, C->gain[q].c)] += add;
        need -= add * C->gain[q].per;
    }
    return nc > 0;
}

/* yf := prices near y made feasible forwards through the years (one technique per product), and returns
 * their Lagrangian bound: in each year, product prices at which every technique just pays its labour and
 * capital at y's prices (a transposed Leontief solve); where the targets are worth less than 1, the
 * capacity prices that buy their worth cheapest raised first (raise_capacity), then labour; where they
 * are worth more, the year's prices scaled down; then the capacity prices of later years cut until no
 * investment of this year pays (a lower price later only helps the years before it). An iterate's
 * capacity prices are close, but labour priced to make every investment pay at once (dual_by_labour)
 * pays for its worst cell in every product: measured on a 1,280-product plan, the bound from the
 * iterates fell from 5.37-5.55 to 5.19 (the optimum lies above 5.14). */
static double dual_forward(plan_certifier *C, const double *y, double *yf)
{
    const ogas_plan_problem *p = C->p;
    const plan_lp *L = C->L;
    int64_t n = p->n, ncap = L->ncap;

    for (int64_t r = 0; r < L->nrows; r++) yf[r] = y[r] > 0.0 ? y[r] : 0.0;
    for (int t = 0; t < p->T; t++) {
        double lam = yf[lp_row_lab(L, t)], worth, vt;
        if (!cost_prices(C, t, lam, yf, &worth, &vt)) return HUGE_VAL;
        if (L->nf == 1 && worth < 1.0 && raise_capacity(C, t, 1.0 - worth, vt, yf) &&
            !cost_prices(C, t, lam, yf, &worth, &vt))
            return HUGE_VAL;
        if (L->nf == 1 && vt > 0.0 && worth < 1.0) {
            double d = (1.0 - worth) / vt * (1.0 + 1e-12);
            lam += d;
            for (int64_t i = 0; i < n; i++) C->r[i] += d * C->lv[i];
        } else if (L->nf == 1 && worth > 1.0) {
            double a = 1.0 / worth;
            lam *= a;
            for (int64_t c = 0; c < ncap; c++) yf[lp_row_cap(L, t, c)] *= a;
            for (int64_t i = 0; i < n; i++) C->r[i] *= a;
        }
        for (int64_t i = 0; i < n; i++) yf[lp_row_bal(L, t, i)] = C->r[i];
        if (!charge_profits(C, t, lam, yf)) return HUGE_VAL; /* what rounding leaves */
        for (int64_t c = 0; c < ncap; c++) {
            int64_t i = L->cell_good[c];
            int lag = p->lag ? p->lag[i] : 1;
            double G, pi = yf[lp_row_bal(L, t, i)];
            if (t + lag >= p->T) continue;
            G = earns(C, yf, t + lag, c, t + lag, NULL);
            if (G > pi) {
                double a = pi / G * (1.0 - 1e-12);
                for (int u = t + lag; u < p->T; u++) yf[lp_row_cap(L, u, c)] *= a;
            }
        }
    }
    return lagrangian_bound(C, yf);
}

/* yf := the best of the duals near y. */
double plan__certify_dual(plan_certifier *C, const double *y, double *yf)
{
    double a, b = HUGE_VAL, f = HUGE_VAL;
    C->work += 4.0 * (double)ogas_csr_nnz(&C->L->A);
    if (C->leo && C->yb) b = dual_by_labour(C, y, C->yb);
    if (C->leo && C->yc) f = dual_forward(C, y, C->yc);
    a = dual_by_capital(C, y, yf);
    if (f < a && f <= b) {
        memcpy(yf, C->yc, (size_t)C->L->nrows * sizeof *yf);
        return f;
    }
    if (b < a) {
        memcpy(yf, C->yb, (size_t)C->L->nrows * sizeof *yf);
        return b;
    }
    return a;
}
