/* repair.c: cutting an approximate plan until it is feasible, year by year (see repair.h). Used by the
 * harmony planner for its final plan and by the certificates of PDLP's plans when techniques are not one
 * per product. */
#include <math.h>
#include <string.h>

#include "ogas/core.h"
#include "repair.h"

#define REPAIR_ROUNDS PLAN_REPAIR_ROUNDS
#define SHAVE PLAN_SHAVE
#define PAR_FROM 20000 /* goods from which the loops over them run on all threads (each good's sum alone) */

/* net[i] := sum_k (out_ik - in_ik) s[k] - inv[i] for the goods of one year (rows of output and input
 * merged by technique); when pos and neg are non-NULL they get the positive and negative parts. */
void plan__year_net(const ogas_plan_problem *p, const double *s, const double *inv, double *net, double *pos,
                     double *neg)
{
#pragma omp parallel for schedule(static) if (p->n >= PAR_FROM)
    for (int64_t i = 0; i < p->n; i++) {
        int64_t a = p->output.p[i], b = p->input.p[i], ae = p->output.p[i + 1], be = p->input.p[i + 1];
        double sp = 0.0, sn = 0.0;
        while (a < ae || b < be) {
            int64_t ka = a < ae ? p->output.j[a] : INT64_MAX, kb = b < be ? p->input.j[b] : INT64_MAX;
            int64_t k = ka < kb ? ka : kb;
            double v = 0.0;
            if (ka == k) v += p->output.x[a++];
            if (kb == k) v -= p->input.x[b++];
            if (v > 0)
                sp += v * s[k];
            else
                sn -= v * s[k];
        }
        net[i] = sp - sn - inv[i];
        if (pos) pos[i] = sp;
        if (neg) neg[i] = sn;
    }
}

/* inv[i] := the investment I made of good i (the cells of good i are row i of the capital matrix). */
void plan__investment_by_good(const ogas_plan_problem *p, const double *I, double *inv)
{
#pragma omp parallel for schedule(static) if (p->n >= PAR_FROM)
    for (int64_t i = 0; i < p->n; i++) {
        double v = 0.0;
        for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) v += I[c];
        inv[i] = v;
    }
}

/* Makes year y of (s, I) feasible given the stocks K and fixed uses fix of year y: capacity, labour, then
 * no deficit (see the top comment); returns 1 when no deficit is left. s: m intensities of year y; I: ncap
 * investments of year y; inv, net, pos, neg: n work; shrink: m work. */
int plan__repair_year(const ogas_plan_problem *p, int y, const double *K, const double *fix, double *s, double *I,
                      double *inv, double *net, double *pos, double *neg, double *shrink)
{
    int64_t n = p->n, m = p->m, ncap = ogas_csr_nnz(&p->capital);
    double L, sup = p->labour_supply[y];
    int64_t round;
    int deficit = 0;
    /* capacity */
    for (int64_t c = 0; c < ncap; c++) {
        double kap = p->capital.x[c];
        int64_t k = p->capital.j[c];
        if (kap > 0 && kap * s[k] > K[c]) {
            s[k] = K[c] / kap;
            while (s[k] > 0 && kap * s[k] > K[c]) s[k] = nextafter(s[k], 0.0);
        }
    }
    /* labour */
    for (int tries = 0; (L = ogas_vec_dot(m, p->labour, s)) > sup; tries++) {
        if (tries == 3) {
            ogas_vec_fill(m, 0.0, s);
            break;
        }
        ogas_vec_scale(m, sup / L * SHAVE, s);
    }
    /* no deficit: net output (after the plan's investment) at least the fixed investments */
    for (round = 0; round <= REPAIR_ROUNDS + m; round++) {
        int cut = 0;
        deficit = 0;
        plan__investment_by_good(p, I, inv);
        plan__year_net(p, s, inv, net, pos, neg);
        if (fix)
            for (int64_t i = 0; i < n; i++) net[i] -= fix[i];
        for (int64_t i = 0; i < n; i++) {
            if (!(net[i] < 0)) continue;
            deficit = 1;
            if (inv[i] > 0) { /* cut the investment in good i first */
                double f = inv[i] + net[i] > 0 ? (inv[i] + net[i]) / inv[i] * SHAVE : 0.0;
                for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) I[c] *= f;
                cut = 1;
            }
        }
        if (!deficit) break;
        plan__investment_by_good(p, I, inv);
        plan__year_net(p, s, inv, net, pos, neg);
        if (fix)
            for (int64_t i = 0; i < n; i++) net[i] -= fix[i];
        ogas_vec_fill(m, 1.0, shrink);
        deficit = 0;
        for (int64_t i = 0; i < n; i++) {
            double ratio;
            if (!(net[i] < 0)) continue;
            deficit = 1;
            ratio = round < REPAIR_ROUNDS && neg[i] > 0 ? (pos[i] - inv[i] - (fix ? fix[i] : 0.0)) / neg[i] * SHAVE : 0.0;
            if (!(ratio > 0)) ratio = 0.0;
            /* the techniques that use more of good i than they make */
            {
                int64_t a = p->output.p[i], b = p->input.p[i], ae = p->output.p[i + 1], be = p->input.p[i + 1];
                while (a < ae || b < be) {
                    int64_t ka = a < ae ? p->output.j[a] : INT64_MAX, kb = b < be ? p->input.j[b] : INT64_MAX;
                    int64_t k = ka < kb ? ka : kb;
                    double v = 0.0;
                    if (ka == k) v += p->output.x[a++];
                    if (kb == k) v -= p->input.x[b++];
                    if (v < 0 && ratio < shrink[k]) shrink[k] = ratio;
                }
            }
        }
        if (!deficit) break;
        for (int64_t k = 0; k < m; k++)
            if (shrink[k] < 1.0 && s[k] > 0) {
                s[k] *= shrink[k];
                cut = 1;
            }
        if (!cut) break; /* nothing left to cut: what remains short, fixed investments need (not reached without) */
    }
    if (deficit && !fix) { /* not reached (see above); if it were: nothing made, nothing invested */
        ogas_vec_fill(m, 0.0, s);
        ogas_vec_fill(ncap, 0.0, I);
        deficit = 0;
    }
    return !deficit;
}
