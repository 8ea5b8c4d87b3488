/* repair.h (private to plan/): making an approximate plan feasible, year by year, by cutting. */
#ifndef OGAS_PLAN_REPAIR_H
#define OGAS_PLAN_REPAIR_H

#include "ogas/plan.h"

#define PLAN_REPAIR_ROUNDS 50            /* rounds of proportional cuts per year before cutting to zero */
#define PLAN_SHAVE         (1.0 - 1e-12) /* cuts aim this much below the bound, so rounding stays inside */

/* net[i] := sum_k (out_ik - in_ik) s[k] - inv[i] for the goods of one year (rows of output and input
 * merged by technique); when pos and neg are non-NULL they get the positive and negative parts. */
void plan__year_net(const ogas_plan_problem *p, const double *s, const double *inv, double *net, double *pos,
                    double *neg);

/* inv[i] := the investment I (ncap, by capital cell) made of good i, summed over its cells in order. */
void plan__investment_by_good(const ogas_plan_problem *p, const double *I, double *inv);

/* Makes year y of (s, I) feasible given the stocks K of year y (ncap) and the fixed investments fix (n:
 * what they take of each good in year y; NULL: none): each technique within its capital, all of the year
 * within its labour, then, while some good is in deficit (net output below fix), first the plan's
 * investment in it and then the techniques that use more of it than they make are cut in proportion to
 * the deficit; after PLAN_REPAIR_ROUNDS rounds the users of a good in deficit are cut to zero (at most m
 * more rounds). Only lowers s and I, so it cannot make what fix needs beyond what s makes: returns 1 when
 * no deficit is left (always, without fix), 0 otherwise. s: m intensities of year y; I: ncap investments
 * of year y; inv, net, pos, neg: n work; shrink: m work. */
int plan__repair_year(const ogas_plan_problem *p, int y, const double *K, const double *fix, double *s, double *I,
                      double *inv, double *net, double *pos, double *neg, double *shrink);

#endif
