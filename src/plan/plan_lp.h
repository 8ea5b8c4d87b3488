/* plan_lp.h (private to plan/): the linear program of a plan, built once and handed to any LP method.
 *
 * Variables, year by year (y = 0..T-1): the intensity s_yk of every technique, the investment I_yc in
 * every capital cell c (a good i installed in a technique k, the entries of problem.capital), and the
 * fulfilment phi_y. The stock of a cell is what is left of the initial stock and of the investments
 * installed so far,
 *   K_yc = (1 - d_c)^y stock0_c + sum_{tau + lag <= y} (1 - d_c)^(y - lag - tau) I_tau,c,
 * so it needs no variable of its own. Rows, year by year:
 *   labour      sum_k l_k s_yk                                                   <= labour supply of year y
 *   capacity    kappa_c s_{y,k(c)} - sum_{tau + lag <= y} (1 - d_c)^(y-lag-tau) I_tau,c <= (1 - d_c)^y stock0_c
 *   balance     sum_k (out_ik - in_ik) s_yk - sum_{c of good i} I_yc - target_yi phi_y >= 0
 * Fixed investments (problem.fixed: F_yc, decided outside the plan) are constants, so they go to the right-
 * hand sides: the balance row of good i in year y needs sum_{c of good i} F_yc more (its lower bound), and
 * the capacity row of cell c in year y has sum_{tau + lag <= y} (1 - d_c)^(y-lag-tau) F_tau,c more stock
 * (its upper bound). I_yc stays the plan's own investment, >= 0, on top of them; the constraint matrix,
 * and so the dual's feasible set, do not change, and the dual objective (the bounds weighed by the
 * prices) counts the fixed investments by itself.
 * Objective: maximise sum_y phi_y. With weights (ogas/plan.h) each year has a column f_yi in [0, 1] per
 * product instead of phi_y, -target_yi f_yi in the balance row, and objective coefficient w_i / (sum of the
 * weights of the products with a target that year). This is the peer planner's LP (examples/plan/README.md) with the
 * input flows, labour use, consumption and stocks eliminated: at an optimum each takes its bound (a
 * stock left unused would only shrink the next year's), so the optimum is the same, with fewer variables
 * (no n x n block per year) and rows. */
#ifndef OGAS_PLAN_LP_H
#define OGAS_PLAN_LP_H

#include "ogas/plan.h"

typedef struct ogas_plan_model {
    int64_t nrows, ncols, ncap;
    int64_t R, C;        /* rows and columns per year */
    int T;
    int64_t nf;          /* fulfilment columns per year: 1 (phi_y), or n with weights (f_yi) */
    ogas_csr A;          /* the constraint matrix stored by columns: row c of A is column c of the LP */
    double *obj;         /* ncols objective coefficients (maximised) */
    double *collo, *colhi; /* column bounds */
    double *rowlo, *rowhi; /* row bounds (-HUGE_VAL / HUGE_VAL for none) */
    int64_t *cell_good;  /* ncap: the good of each capital cell */
    int64_t *cell_tech;  /* ncap: the technique of each capital cell */
} plan_lp;

/* Index helpers (y = year, k = technique, c = capital cell, i = product). */
static inline int64_t lp_col_s(const plan_lp *L, int y, int64_t k) { return y * L->C + k; }
static inline int64_t lp_col_I(const plan_lp *L, int y, int64_t c, int64_t m) { return y * L->C + m + c; }
static inline int64_t lp_col_phi(const plan_lp *L, int y) { return y * L->C + L->C - 1; }
/* With weights: the fulfilment f_yi of product i in year y (bounds [0, 1], or [0, 0] without a target). */
static inline int64_t lp_col_f(const plan_lp *L, int y, int64_t i) { return y * L->C + L->C - L->nf + i; }
static inline int64_t lp_row_lab(const plan_lp *L, int y) { return y * L->R; }
static inline int64_t lp_row_cap(const plan_lp *L, int y, int64_t c) { return y * L->R + 1 + c; }
static inline int64_t lp_row_bal(const plan_lp *L, int y, int64_t i) { return y * L->R + 1 + L->ncap + i; }

/* Fixed investment made in capital cell c in year y (0 without fixed investments). */
static inline double plan__fixed_at(const ogas_plan_problem *p, int y, int64_t c, int64_t ncap)
{
    return p->fixed && y >= 0 && y < p->T ? p->fixed[(int64_t)y * ncap + c] : 0.0;
}

/* plan's per-year arrays := zeros for T years, n products, m techniques, ncap capital cells, and the
 * price arrays when prices (problem.c). */
ogas_status plan__alloc(ogas_plan *plan, int T, int64_t n, int64_t m, int64_t ncap, int prices, ogas_error *err);
/* L := the LP of p. */
ogas_status plan__lp_build(const ogas_plan_problem *p, plan_lp *L, ogas_error *err);
void plan__lp_free(plan_lp *L);
/* plan := the plan that the LP solution x (ncols) describes, with row duals y (nrows, sign: the change
 * in the objective per unit of relaxation of each row) when non-NULL. */
ogas_status plan__from_solution(const ogas_plan_problem *p, const plan_lp *L, const double *x, const double *y,
                                ogas_plan *plan, ogas_error *err);
/* K := the stocks (T x ncap) that the investments in x leave, with the initial stocks and the fixed
 * investments. */
void plan__stocks(const ogas_plan_problem *p, const plan_lp *L, const double *x, double *K);
/* Sets every phi_y's lower bound in L to o->min_fulfilment (o may be NULL). */
void plan__lp_min_fulfilment(plan_lp *L, const ogas_plan_options *o);
/* Explains, when the floor o->min_fulfilment cannot be met, how far fulfilment can go and what binds it:
 * solves p without the floor (by CLP) and writes into buf the years that fall short with their largest
 * phi_y, and the binding resources of those years in words (labour, the most valuable capital stocks). */
void plan__explain_floor(const ogas_plan_problem *p, const ogas_plan_options *o, char *buf, size_t n);
/* Adds p's fixed investments to row bounds of L's shape: lo[r] += what they take of good i in year y, for
 * the balance row r of (y, i); hi[r] += the stock they have installed in cell c by year y, worn out as the
 * LP's investments are, for the capacity row r of (y, c). lo and hi have L->nrows entries and may be the
 * same array (the rows are apart). Nothing without fixed investments. */
void plan__fixed_rows(const ogas_plan_problem *p, const plan_lp *L, double *lo, double *hi);
/* Explains why p's fixed investments cannot all be made: solves by CLP the largest share theta <= 1 of
 * them (all scaled alike) that a plan with any fulfilment can make, and when theta < 1 writes into buf the
 * share and the constraints that bind it, in words. Returns theta, or -1 when that LP was not solved. */
double plan__explain_fixed(const ogas_plan_problem *p, char *buf, size_t n);
/* Names in buf the rows of L with the largest |w_r| (at most five, those above 1e-9), "; "-separated. */
void plan__name_rows(const ogas_plan_problem *p, const plan_lp *L, const double *w, char *buf, size_t n);
/* Describes row r of L in words ("labour, year 2", "capacity: steel in coal, year 1", ...) into buf. */
void plan__row_name(const ogas_plan_problem *p, const plan_lp *L, int64_t r, char *buf, size_t n);

#endif
