/* certify.h (private to plan/): certified bounds on a plan's optimum from any approximate solution of its
 * LP (plan_lp.h). An approximate primal point is turned into a feasible plan, whose fulfilment is a lower
 * bound on the optimum; an approximate dual point is turned into a feasible dual, whose objective is an
 * upper bound (weak duality). Their distance bounds how far the plan is from the optimum, whatever method
 * produced the approximations. */
#ifndef OGAS_PLAN_CERTIFY_H
#define OGAS_PLAN_CERTIFY_H

#include "plan_lp.h"

typedef struct ogas_plan_certifier plan_certifier; /* ogas/pdlp.h */

/* *C := a certifier of L, the LP of p (both must outlive it). With one technique per product (m = n,
 * technique k makes product k and nothing else) and a productive economy, primal points are made
 * feasible through Leontief solves; otherwise by cutting (repair.h). */
ogas_status plan__certifier_create(const ogas_plan_problem *p, const plan_lp *L, plan_certifier **C,
                                   ogas_error *err);
void plan__certifier_free(plan_certifier *C);
/* Nonzeros touched by C's certificates so far (Leontief solves and passes over the LP): a measure of
 * their cost that does not depend on timing, so that a solver can ration them deterministically. */
double plan__certifier_work(const plan_certifier *C);

/* s (m) := the intensities that make net output f (n) exactly, and a hair more (the Leontief solve of
 * plan__certify_primal); returns 0 without one technique per product or when the solve failed. */
int plan__certifier_intensities(plan_certifier *C, const double *f, double *s);

/* xf := a feasible point of the LP near x (ncols; x need not be feasible), the better of two repairs, year
 * by year: the investments and fulfilment of x (negatives cut to 0), the intensities that make them
 * exactly (the Leontief solve, after cutting the investment in goods whose stocks it overshoots by more
 * than 1%) or those of x; then (1) all of the year scaled down to fit its labour and stocks, or (2, one
 * technique per product) the investments first topped up to the stocks that x's intensities need when
 * they are installed, and only the consumption cut to fit, when the investments fit by themselves; any
 * remaining deficit cut, and phi_y the largest the year's net output allows. Fixed investments
 * (problem.fixed) are made first: with one technique per product their own intensities (solved once)
 * are kept out of the scaling, and the cuts never go below them. x and xf may be the same array.
 * Returns the objective of xf, or -HUGE_VAL if no feasible point came out (with fixed investments, when
 * cutting cannot reach them from x). */
double plan__certify_primal(plan_certifier *C, const double *x, double *xf);

/* yf := a feasible point of the LP's dual near y (nrows, signed as gains per unit of relaxation as
 * pdlp.h and lp_clp.c sign duals), the best of three repairs: (1) backwards through the years, negatives
 * cut to 0, product prices set to those at which every technique just pays its labour and capital (one
 * technique per product) or kept, raised to pay for the capacity their investment brings, what profit is
 * left charged to capital or labour, and each year scaled until its targets are worth 1; (2) with one
 * technique per product, backwards from y's capacity prices alone, the labour price the least that makes
 * the targets worth 1 and every investment pay; (3) with one technique per product, forwards: y's labour
 * and capacity prices, product prices that just pay them, the capacity prices that buy the targets'
 * worth cheapest raised (as far as earlier investments allow), then labour, until the targets are worth
 * 1 (or the year scaled down to that), and later capacity prices cut until no investment of the year
 * pays; its bound is the Lagrangian one, which charges any profit rounding leaves at the column's
 * implied bound. With
 * weights, each product's target need not be worth its weight: the shortfall is the dual of its bound
 * f <= 1 and counts in the objective. Returns the dual objective (an upper bound on the optimum), or
 * HUGE_VAL if no feasible dual came out (a technique with neither labour nor capital makes a profit at
 * these prices). y and yf may be the same array. */
double plan__certify_dual(plan_certifier *C, const double *y, double *yf);

#endif
