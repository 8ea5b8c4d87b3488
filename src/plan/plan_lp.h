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
 * Objective: maximise sum_y phi_y. With weights (ogas/plan.h) each year has a column f_yi in [0, 1] per
 * product instead of phi_y, -target_yi f_yi in the balance row, and objective coefficient w_i / (sum of the
 * weights of the products with a target that year). This is the peer planner's LP (examples/plan/README.md) with the
 * input flows, labour use, consumption and stocks eliminated: at an optimum each takes its bound (a
 * stock left unused would only shrink the next year's), so the optimum is the same, with fewer variables
 * (no n x n block per year) and rows. */
#ifndef OGAS_PLAN_LP_H
#define OGAS_PLAN_LP_H

#include "ogas/plan.h"

typedef struct plan_lp {
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
/* K := the stocks (T x ncap) that the investments in x leave, with the initial stocks. */
void plan__stocks(const ogas_plan_problem *p, const plan_lp *L, const double *x, double *K);
/* Sets every phi_y's lower bound in L to o->min_fulfilment (o may be NULL). */
void plan__lp_min_fulfilment(plan_lp *L, const ogas_plan_options *o);
/* Explains, when the floor o->min_fulfilment cannot be met, how far fulfilment can go and what binds it:
 * solves p without the floor (by CLP) and writes into buf the years that fall short with their largest
 * phi_y, and the binding resources of those years in words (labour, the most valuable capital stocks). */
void plan__explain_floor(const ogas_plan_problem *p, const ogas_plan_options *o, char *buf, size_t n);
/* Describes row r of L in words ("labour, year 2", "capacity: steel in coal, year 1", ...) into buf. */
void plan__row_name(const ogas_plan_problem *p, const plan_lp *L, int64_t r, char *buf, size_t n);

#endif
