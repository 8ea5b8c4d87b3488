/* test_plan_projects.c: fixed investments (problem.fixed, from participatory budgeting's projects).
 * A two-product plan whose optimum with and without fixed investments is worked out by hand; CLP and PDLP
 * agreeing on a generated plan with fixed investments; the certified bounds re-checked independently of
 * certify.c and of the LP's rows (the plan against the problem's own data, the dual objective from the
 * fixed investments by hand); harmony's plan making them and feasible; fixed investments that no plan can
 * make reported in words by every method; and the projects and selected files, good and bad. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "plan/certify.h"
#include "plan/pdlp.h"
#include "plan_fixtures.h"
#include "test.h"

/* The hand plan: corn (product 0) is made by labour (1 hour a unit) and a stock of tractors (1 tractor a
 * unit a year, 10 at the start, half of it wearing out each year); tractors (product 1) are made by labour
 * alone (2 hours each) and installed a year after they are made. Two years, labour 30 then 40 hours, a
 * target of 10 corn each year. Without fixed investments: year 1 makes all the corn its tractors allow
 * (10, phi_1 = 1) and 10 tractors with the remaining 20 hours, so year 2 has 5 + 10 = 15 tractors and
 * makes 15 corn (phi_2 = 1.5): each hour on corn in year 1 gives 1/10, on tractors 1/20, so the optimum
 * 2.5 is unique. */
static void hand_problem(ogas_plan_problem *p)
{
    ogas_triplet t;
    ogas_error err;
    memset(p, 0, sizeof *p);
    p->n = p->m = 2;
    p->T = 2;
    p->codes = ogas_calloc(2, sizeof *p->codes);
    p->codes[0] = ogas_strdup("corn");
    p->codes[1] = ogas_strdup("tractor");
    ogas_triplet_init(&t, 2, 2, 2, &err);
    ogas_triplet_push(&t, 0, 0, 1.0, &err);
    ogas_triplet_push(&t, 1, 1, 1.0, &err);
    ogas_csr_from_triplet(&t, &p->output, &err);
    ogas_triplet_free(&t);
    ogas_triplet_init(&t, 2, 2, 0, &err);
    ogas_csr_from_triplet(&t, &p->input, &err);
    ogas_triplet_free(&t);
    ogas_triplet_init(&t, 2, 2, 1, &err);
    ogas_triplet_push(&t, 1, 0, 1.0, &err); /* tractors in corn */
    ogas_csr_from_triplet(&t, &p->capital, &err);
    ogas_triplet_free(&t);
    ogas_csr_copy(&p->capital, &p->stock0, &err);
    ogas_csr_copy(&p->capital, &p->dep, &err);
    p->stock0.x[0] = 10.0;
    p->dep.x[0] = 0.5;
    p->labour = ogas_calloc(2, sizeof *p->labour);
    p->labour[0] = 1.0;
    p->labour[1] = 2.0;
    p->labour_supply = ogas_calloc(2, sizeof *p->labour_supply);
    p->labour_supply[0] = 30.0;
    p->labour_supply[1] = 40.0;
    p->target = ogas_calloc(4, sizeof *p->target);
    p->target[0] = p->target[2] = 10.0;
}

/* p->fixed := tractors for corn, a1 in year 1 and a2 in year 2. */
static void hand_fixed(ogas_plan_problem *p, double a1, double a2)
{
    ogas_free(p->fixed);
    p->fixed = ogas_calloc(2, sizeof *p->fixed);
    p->fixed[0] = a1;
    p->fixed[1] = a2;
}

/* The fixed stock of cell c in year y, by hand: sum over tau + lag <= y of (1 - d)^(y - lag - tau) F_tau,c. */
static double fixed_stock(const ogas_plan_problem *p, int y, int64_t c, int64_t good)
{
    int lag = p->lag ? p->lag[good] : 1;
    double k = 0.0;
    for (int tau = 0; tau + lag <= y; tau++) k += pow(1.0 - p->dep.x[c], y - lag - tau) * p->fixed[(int64_t)tau * ogas_csr_nnz(&p->capital) + c];
    return k;
}

/* The good of capital cell c. */
static int64_t cell_good(const ogas_plan_problem *p, int64_t c)
{
    int64_t i = 0;
    while (p->capital.p[i + 1] <= c) i++;
    return i;
}

/* Largest violation of p's constraints, fixed investments included, by the LP point x (laid out as L),
 * evaluated from p's own data (not from L's rows), each relative to 1 + |its bound|; *obj := sum of phi. */
static double direct_violation(const ogas_plan_problem *p, const plan_lp *L, const double *x, double *obj)
{
    int64_t n = p->n, m = p->m, ncap = ogas_csr_nnz(&p->capital);
    double *K = calloc((size_t)ncap + 1, sizeof *K), *net = calloc((size_t)n + 1, sizeof *net), v = 0.0;
    *obj = 0.0;
    for (int64_t c = 0; c < L->ncols; c++) v = fmax(v, -x[c]);
    for (int y = 0; y < p->T; y++) {
        const double *s = x + lp_col_s(L, y, 0);
        double phi = x[lp_col_phi(L, y)], lab = 0.0;
        *obj += phi;
        for (int64_t c = 0; c < ncap; c++) {
            int64_t g = cell_good(p, c);
            int lag = p->lag ? p->lag[g] : 1;
            K[c] = y == 0 ? p->stock0.x[c] : (1.0 - p->dep.x[c]) * K[c];
            if (y - lag >= 0) K[c] += x[lp_col_I(L, y - lag, c, m)] + p->fixed[(int64_t)(y - lag) * ncap + c];
            v = fmax(v, (p->capital.x[c] * s[p->capital.j[c]] - K[c]) / (1.0 + K[c]));
        }
        for (int64_t k = 0; k < m; k++) lab += p->labour[k] * s[k];
        v = fmax(v, (lab - p->labour_supply[y]) / (1.0 + p->labour_supply[y]));
        memset(net, 0, (size_t)n * sizeof *net);
        for (int64_t i = 0; i < n; i++) {
            for (int64_t q = p->output.p[i]; q < p->output.p[i + 1]; q++) net[i] += p->output.x[q] * s[p->output.j[q]];
            for (int64_t q = p->input.p[i]; q < p->input.p[i + 1]; q++) net[i] -= p->input.x[q] * s[p->input.j[q]];
        }
        for (int64_t c = 0; c < ncap; c++)
            net[cell_good(p, c)] -= x[lp_col_I(L, y, c, m)] + p->fixed[(int64_t)y * ncap + c];
        for (int64_t i = 0; i < n; i++) {
            double need = phi * p->target[(int64_t)y * n + i];
            v = fmax(v, (need - net[i]) / (1.0 + need));
        }
    }
    free(K);
    free(net);
    return v;
}

/* The dual objective of the gains y for p, from p's data: labour supply, stocks (initial and fixed, by
 * hand) and the fixed investments' uses, weighed by their prices. */
static double direct_dual_objective(const ogas_plan_problem *p, const plan_lp *L, const double *y)
{
    int64_t n = p->n, ncap = ogas_csr_nnz(&p->capital);
    double obj = 0.0;
    for (int t = 0; t < p->T; t++) {
        obj += y[lp_row_lab(L, t)] * p->labour_supply[t];
        for (int64_t c = 0; c < ncap; c++)
            obj += y[lp_row_cap(L, t, c)] * (p->stock0.x[c] * pow(1.0 - p->dep.x[c], t) + fixed_stock(p, t, c, cell_good(p, c)));
        for (int64_t c = 0; c < ncap; c++) obj -= y[lp_row_bal(L, t, cell_good(p, c))] * p->fixed[(int64_t)t * ncap + c];
    }
    (void)n;
    return obj;
}

/* Largest violation of the dual constraints by the gains y (every column >= 0 and unbounded above: sum_r
 * y_r sign_r A_rc >= obj_c), relative to 1 + the sum of the terms; negative gains count. */
static double dual_violation(const plan_lp *L, const double *y)
{
    double v = 0.0;
    for (int64_t r = 0; r < L->nrows; r++) v = fmax(v, -y[r]);
    for (int64_t c = 0; c < L->ncols; c++) {
        double s = 0.0, mag = fabs(L->obj[c]);
        for (int64_t q = L->A.p[c]; q < L->A.p[c + 1]; q++) {
            int64_t r = L->A.j[q];
            double t = y[r] * L->A.x[q] * (isfinite(L->rowhi[r]) ? 1.0 : -1.0);
            s += t;
            mag += fabs(t);
        }
        v = fmax(v, (L->obj[c] - s) / (1.0 + mag));
    }
    return v;
}

/* 1 if A and B are the same matrix, bit for bit. */
static int same_matrix(const ogas_csr *A, const ogas_csr *B)
{
    if (A->m != B->m || A->n != B->n || ogas_csr_nnz(A) != ogas_csr_nnz(B)) return 0;
    return memcmp(A->p, B->p, ((size_t)A->m + 1) * sizeof *A->p) == 0 &&
           memcmp(A->j, B->j, (size_t)ogas_csr_nnz(A) * sizeof *A->j) == 0 &&
           memcmp(A->x, B->x, (size_t)ogas_csr_nnz(A) * sizeof *A->x) == 0;
}

/* Certifies (x, y) and checks both certificates against p directly, and the bounds against opt. When
 * !need_primal, a missing primal certificate is no failure (repair by cutting cannot make more of a good,
 * so from a point far from feasible it may not reach the fixed investments); one that comes must hold. */
static void check_certificates(const ogas_plan_problem *p, const plan_lp *L, plan_certifier *C, const double *x,
                               const double *y, double opt, int need_primal, const char *what)
{
    double *xf = malloc(((size_t)L->ncols + 1) * sizeof *xf), *yf = malloc(((size_t)L->nrows + 1) * sizeof *yf);
    double lo = plan__certify_primal(C, x, xf), hi = plan__certify_dual(C, y, yf), pobj, pv, dv;
    if ((need_primal && !(lo > -HUGE_VAL)) || !(hi < HUGE_VAL))
        test_fail(__FILE__, __LINE__, "%s: no certificate (%g, %g)", what, lo, hi);
    if (lo > -HUGE_VAL) {
        pv = direct_violation(p, L, xf, &pobj);
        if (pv > 1e-12) test_fail(__FILE__, __LINE__, "%s: the certified plan violates the problem by %g", what, pv);
        if (!(lo <= opt * (1 + 1e-5))) test_fail(__FILE__, __LINE__, "%s: optimum %.12g below %.12g", what, opt, lo);
        CHECK_REL(pobj, lo, 1e-12);
    }
    if (hi < HUGE_VAL) {
        dv = dual_violation(L, yf);
        if (dv > 1e-12) test_fail(__FILE__, __LINE__, "%s: the certified dual violates its constraints by %g", what, dv);
        if (!(opt <= hi * (1 + 1e-7))) test_fail(__FILE__, __LINE__, "%s: optimum %.12g above %.12g", what, opt, hi);
        CHECK_NEAR(direct_dual_objective(p, L, yf), hi, 1e-10 * (1 + fabs(hi)));
    }
    free(xf);
    free(yf);
}

/* The certificates of p (with fixed investments) from PDLP stopped at loose and tight tolerances and from
 * arbitrary points (from which, when cutting: p has not one technique per product, the primal certificate
 * may fail); first, that the LP's matrix is the one without fixed investments and its bounds
 * differ from it by the fixed investments, worked out by hand. */
static void check_problem(ogas_plan_problem *p, int cutting, const char *what)
{
    plan_lp L, L0;
    plan_certifier *C = NULL;
    ogas_plan a;
    ogas_plan_options o;
    ogas_error err;
    double *x, *y, *fixed = p->fixed;
    const double gaps[] = {1e-1, 1e-3, 1e-7};
    int64_t ncap = ogas_csr_nnz(&p->capital);
    uint64_t seed = 99;

    ogas_plan_options_init(&o);
    REQUIRE(ogas_plan_lp(p, &o, &a, &err) == OGAS_OK);
    REQUIRE(plan__lp_build(p, &L, &err) == OGAS_OK);
    p->fixed = NULL;
    REQUIRE(plan__lp_build(p, &L0, &err) == OGAS_OK);
    p->fixed = fixed;
    CHECK(same_matrix(&L.A, &L0.A));
    for (int t = 0; t < p->T; t++) {
        for (int64_t c = 0; c < ncap; c++)
            CHECK_NEAR(L.rowhi[lp_row_cap(&L, t, c)] - L0.rowhi[lp_row_cap(&L, t, c)], fixed_stock(p, t, c, cell_good(p, c)),
                       1e-12 * (1 + L.rowhi[lp_row_cap(&L, t, c)]));
        for (int64_t i = 0; i < p->n; i++) {
            double use = 0.0;
            for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) use += p->fixed[(int64_t)t * ncap + c];
            CHECK_NEAR(L.rowlo[lp_row_bal(&L, t, i)], use, 1e-12 * (1 + use));
        }
    }
    plan__lp_free(&L0);
    REQUIRE(plan__certifier_create(p, &L, &C, &err) == OGAS_OK);
    x = calloc((size_t)L.ncols + 1, sizeof *x);
    y = calloc((size_t)L.nrows + 1, sizeof *y);
    for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
        plan_pdlp_result res;
        char label[160];
        o.gap = gaps[g];
        plan__pdlp_solve(&L, &o, NULL, x, y, &res, &err);
        snprintf(label, sizeof label, "%s, PDLP to %g", what, gaps[g]);
        check_certificates(p, &L, C, x, y, a.objective, 1, label);
    }
    /* CLP's own vertex and duals: the certificates keep their objective, to CLP's tolerance */
    {
        double *xf = malloc(((size_t)L.ncols + 1) * sizeof *xf), *yf = malloc(((size_t)L.nrows + 1) * sizeof *yf);
        for (int t = 0; t < p->T; t++) {
            y[lp_row_lab(&L, t)] = a.labour_price[t];
            for (int64_t c = 0; c < ncap; c++) y[lp_row_cap(&L, t, c)] = a.capacity_price[(int64_t)t * ncap + c];
            for (int64_t i = 0; i < p->n; i++) y[lp_row_bal(&L, t, i)] = a.price[(int64_t)t * p->n + i];
        }
        CHECK_REL(plan__certify_dual(C, y, yf), a.objective, 1e-3);
        CHECK(a.bound_lower > -HUGE_VAL && a.bound_upper < HUGE_VAL);
        CHECK(a.bound_lower <= a.objective * (1 + 1e-9) && a.objective <= a.bound_upper * (1 + 1e-7));
        CHECK_REL(a.bound_lower, a.bound_upper, 1e-4);
        free(xf);
        free(yf);
    }
    for (int trial = 0; trial < 3; trial++) {
        char label[160];
        for (int64_t c = 0; c < L.ncols; c++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            x[c] = ((double)(seed >> 11) / 9007199254740992.0 - 0.3) * (trial == 2 ? 1e6 : 10.0);
        }
        for (int64_t r = 0; r < L.nrows; r++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            y[r] = trial == 0 ? 0.0 : ((double)(seed >> 11) / 9007199254740992.0 - 0.5);
        }
        snprintf(label, sizeof label, "%s, arbitrary point %d", what, trial);
        check_certificates(p, &L, C, x, y, a.objective, !cutting, label);
    }
    free(x);
    free(y);
    plan__certifier_free(C);
    plan__lp_free(&L);
    ogas_plan_free(&a);
}

/* Checks that plan (of any method) makes p's fixed investments and is feasible: investment by good at
 * least the fixed investments, stocks at least what they and the initial stocks leave, capacity, labour,
 * and net output at least phi times the targets, all from the plan's own arrays (to tol relative). */
static void check_plan_feasible(const ogas_plan_problem *p, const ogas_plan *plan, double tol, const char *what)
{
    int64_t n = p->n, m = p->m, ncap = ogas_csr_nnz(&p->capital);
    for (int y = 0; y < p->T; y++) {
        const double *s = plan->intensity + (int64_t)y * m, *K = plan->stock + (int64_t)y * ncap;
        double lab = 0.0;
        for (int64_t k = 0; k < m; k++) lab += p->labour[k] * s[k];
        if (lab > p->labour_supply[y] * (1 + tol)) test_fail(__FILE__, __LINE__, "%s: year %d labour %g", what, y + 1, lab);
        for (int64_t c = 0; c < ncap; c++) {
            double least = p->stock0.x[c] * pow(1.0 - p->dep.x[c], y) + fixed_stock(p, y, c, cell_good(p, c));
            if (K[c] < least * (1 - tol)) test_fail(__FILE__, __LINE__, "%s: year %d stock %g below %g", what, y + 1, K[c], least);
            if (p->capital.x[c] * s[p->capital.j[c]] > K[c] * (1 + tol) + tol)
                test_fail(__FILE__, __LINE__, "%s: year %d cell %lld over capacity", what, y + 1, (long long)c);
        }
        for (int64_t i = 0; i < n; i++) {
            int64_t q = (int64_t)y * n + i;
            double made = 0.0, fix = 0.0;
            for (int64_t e = p->output.p[i]; e < p->output.p[i + 1]; e++) made += p->output.x[e] * s[p->output.j[e]];
            for (int64_t e = p->input.p[i]; e < p->input.p[i + 1]; e++) made -= p->input.x[e] * s[p->input.j[e]];
            for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) fix += p->fixed[(int64_t)y * ncap + c];
            if (plan->invest[q] < fix * (1 - 1e-12))
                test_fail(__FILE__, __LINE__, "%s: year %d invests %g of %s, fixed %g", what, y + 1, plan->invest[q],
                          p->codes[i], fix);
            CHECK_NEAR(plan->net[q], made - plan->invest[q], 1e-9 * (1 + fabs(made)));
            if (plan->net[q] < plan->phi[y] * p->target[q] - tol * (1 + p->target[q]))
                test_fail(__FILE__, __LINE__, "%s: year %d net output of %s %g below phi x target %g", what, y + 1,
                          p->codes[i], plan->net[q], plan->phi[y] * p->target[q]);
        }
    }
}

/* The hand plan: the effect of fixed investments on phi, worked out by hand (see hand_problem). */
TEST(projects_hand_plan)
{
    ogas_plan_problem p;
    ogas_plan a;
    ogas_plan_options o;
    ogas_error err;
    /* fixed a1, a2 -> phi_1, phi_2, total investment in years 1 and 2, the stock of year 2 (NaN: the
     * optimum leaves it open; year 2's investment is checked only with a fixed one) */
    const double cases[][7] = {
        {0, 0, 1.0, 1.5, 10, 0, 15},
        /* 4 tractors fixed in year 1: the plan invests 6 more, as it would have anyway */
        {4, 0, 1.0, 1.5, 10, 0, 15},
        /* 12 fixed: 24 hours, leaving 6 for corn (phi_1 = 0.6) and none for more tractors: 5 + 12 = 17 */
        {12, 0, 0.6, 1.7, 12, 0, 17},
        /* 15 fixed in year 2 take 30 of its 40 hours: 10 corn (phi_2 = 1), for which 5 tractors suffice (any
         * of 5 to 10 made in year 1 are optimal) */
        {0, 15, 1.0, 1.0, NAN, 15, NAN},
        /* both: year 1 as with 12, year 2 as with 15 */
        {12, 15, 0.6, 1.0, 12, 15, 17},
    };
    hand_problem(&p);
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const double *c = cases[k];
        hand_fixed(&p, c[0], c[1]);
        REQUIRE(ogas_plan_lp(&p, &o, &a, &err) == OGAS_OK);
        CHECK_NEAR(a.phi[0], c[2], 1e-9);
        CHECK_NEAR(a.phi[1], c[3], 1e-9);
        CHECK_NEAR(a.objective, c[2] + c[3], 1e-9);
        if (!isnan(c[4])) CHECK_NEAR(a.invest[1], c[4], 1e-9); /* year 1, tractors */
        if (c[1] > 0) CHECK_NEAR(a.invest[3], c[5], 1e-9);
        if (!isnan(c[6])) CHECK_NEAR(a.stock[1], c[6], 1e-9);
        CHECK(a.invest[1] >= c[0] - 1e-12 && a.invest[3] >= c[1] - 1e-12);
        CHECK(a.bound_lower <= c[2] + c[3] + 1e-9 && a.bound_upper >= c[2] + c[3] - 1e-9);
        CHECK_NEAR(a.bound_upper - a.bound_lower, 0.0, 1e-7);
        check_plan_feasible(&p, &a, 1e-9, "hand plan, lp");
        ogas_plan_free(&a);
        /* PDLP: the same optimum */
        o.gap = 1e-8;
        {
            ogas_pdlp_info info;
            REQUIRE(ogas_plan_pdlp(&p, &o, &a, &info, &err) == OGAS_OK);
            CHECK_NEAR(a.objective, c[2] + c[3], 1e-6);
            CHECK(info.lower_bound <= c[2] + c[3] + 1e-9 && info.upper_bound >= c[2] + c[3] - 1e-9);
            check_plan_feasible(&p, &a, 1e-9, "hand plan, pdlp");
            ogas_plan_free(&a);
        }
        o.gap = 1e-6;
    }
    hand_fixed(&p, 12, 15);
    check_problem(&p, 0, "hand plan, 12 and 15 fixed");
    ogas_plan_problem_free(&p);
}

/* 16 tractors fixed in year 1 need 32 hours of its 30: infeasible, and every method says why. */
TEST(projects_infeasible_in_words)
{
    ogas_plan_problem p;
    ogas_plan a;
    ogas_plan_options o;
    ogas_pdlp_info info;
    ogas_error err;
    hand_problem(&p);
    hand_fixed(&p, 16, 0);
    ogas_plan_options_init(&o);
    CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_EINFEASIBLE);
    CHECK_EQ_INT(a.status, OGAS_PLAN_INFEASIBLE);
    CHECK_CONTAINS(err.message, "the fixed investments cannot all be made");
    CHECK_CONTAINS(err.message, "at most 93.75% of them");
    CHECK_CONTAINS(err.message, "labour, year 1");
    CHECK_CONTAINS(err.message, "supply of tractor, year 1");
    ogas_plan_free(&a);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &a, &info, &err), OGAS_EINFEASIBLE);
    CHECK_EQ_INT(a.status, OGAS_PLAN_INFEASIBLE);
    CHECK_CONTAINS(err.message, "labour, year 1");
    ogas_plan_free(&a);
    CHECK_EQ_INT(ogas_plan_harmony(&p, &o, &a, &err), OGAS_EINFEASIBLE);
    CHECK_EQ_INT(a.status, OGAS_PLAN_INFEASIBLE);
    CHECK_CONTAINS(err.message, "labour, year 1");
    CHECK(a.phi == NULL);
    ogas_plan_free(&a);
    /* a floor with feasible fixed investments: the floor is what is explained (with floors of 0.65 to 0.9
     * CLP's presolve, CoinUtils' doubleton_action, leaks 18 bytes on this infeasible LP under ASan) */
    hand_fixed(&p, 12, 0);
    o.min_fulfilment = 1.1;
    CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_EINFEASIBLE);
    CHECK_CONTAINS(err.message, "falls short in year 1 (phi = 0.6)");
    ogas_plan_free(&a);
    /* a good that nothing makes cannot be invested at all */
    p.labour_supply[0] = 0.0;
    o.min_fulfilment = 0.0;
    CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_EINFEASIBLE);
    CHECK_CONTAINS(err.message, "none of them can be made");
    ogas_plan_free(&a);
    ogas_plan_problem_free(&p);
}

/* Fixed investments in a tenth of the capital cells of a generated plan, in years 1 to 3, each 3% of the
 * cell's initial stock. */
static void generated_with_fixed(ogas_plan_problem *p, int64_t products, uint64_t seed)
{
    ogas_plan_generate_options g;
    ogas_error err;
    int64_t ncap;
    ogas_plan_generate_options_init(&g);
    g.products = products;
    g.seed = seed;
    if (ogas_plan_generate(&g, p, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "generate: %s", err.message);
        return;
    }
    ncap = ogas_csr_nnz(&p->capital);
    p->fixed = ogas_calloc((size_t)p->T * (size_t)ncap, sizeof *p->fixed);
    for (int64_t c = 0; c < ncap; c += 10) p->fixed[(int64_t)(c % 3) * ncap + c] = 0.03 * p->stock0.x[c];
}

/* CLP and PDLP agree with fixed investments, and both plans make them; fixed investments lower the optimum. */
TEST(projects_lp_pdlp_generated)
{
    ogas_plan_problem p;
    ogas_plan a, b, c;
    ogas_plan_options o;
    ogas_pdlp_info info;
    ogas_error err;
    double *fixed;
    generated_with_fixed(&p, 40, 2);
    REQUIRE(p.fixed);
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    REQUIRE(ogas_plan_lp(&p, &o, &a, &err) == OGAS_OK);
    CHECK_EQ_INT(a.status, OGAS_PLAN_OPTIMAL);
    check_plan_feasible(&p, &a, 1e-8, "generated, lp");
    o.gap = 1e-7;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &b, &info, &err), OGAS_OK);
    CHECK_EQ_INT(b.status, OGAS_PLAN_OPTIMAL);
    CHECK_REL(b.objective, a.objective, 1e-5);
    CHECK(info.lower_bound <= a.objective * (1 + 1e-5) && a.objective <= info.upper_bound * (1 + 1e-7));
    check_plan_feasible(&p, &b, 1e-9, "generated, pdlp");
    if (getenv("OGAS_TEST_VERBOSE"))
        fprintf(stderr, "generated 40 with fixed: lp %.12g, pdlp %.12g [%.12g, %.12g], %lld steps\n", a.objective,
                b.objective, info.lower_bound, info.upper_bound, (long long)b.iterations);
    fixed = p.fixed;
    p.fixed = NULL;
    o.gap = 1e-6;
    REQUIRE(ogas_plan_lp(&p, &o, &c, &err) == OGAS_OK);
    CHECK(c.objective > a.objective);
    p.fixed = fixed;
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_free(&c);
    ogas_plan_problem_free(&p);
}

/* The certificates with fixed investments, re-checked independently: a generated plan (Leontief path), the
 * peer's n40_1 with the example projects, and a plan with alternative techniques and joint production
 * (the cutting path). */
TEST(projects_certificates)
{
    ogas_plan_problem p;
    ogas_error err;
    generated_with_fixed(&p, 30, 5);
    REQUIRE(p.fixed);
    check_problem(&p, 0, "generated 30 with fixed");
    ogas_plan_problem_free(&p);
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n40_1", &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_read_projects("examples/plan/projects/n40_1_projects.csv", NULL, &p, NULL, &err) == OGAS_OK);
    check_problem(&p, 0, "n40_1 with the example projects");
    ogas_plan_problem_free(&p);
}

/* Corn from corn and labour, corn from corn, iron and its iron stock, iron with corn as a by-product (as
 * test_plan_certify.c), with iron for the second corn technique fixed in years 1 and 2. */
TEST(projects_certificates_joint)
{
    ogas_plan_problem p;
    ogas_error err;
    if (!fixture_corn_iron(&p)) return;
    p.fixed = ogas_calloc(6, sizeof *p.fixed);
    p.fixed[0 * 2 + 0] = 3.0; /* year 1: iron for the second corn technique */
    p.fixed[1 * 2 + 0] = 1.5;
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    check_problem(&p, 1, "alternative and joint techniques with fixed");
    ogas_plan_problem_free(&p);
}

/* Harmony makes the fixed investments: its plan includes them and is feasible. */
TEST(projects_harmony)
{
    ogas_plan_problem p;
    ogas_plan h, a;
    ogas_plan_options o;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n40_1", &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_read_projects("examples/plan/projects/n40_1_projects.csv", NULL, &p, NULL, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    REQUIRE(ogas_plan_harmony(&p, &o, &h, &err) == OGAS_OK);
    CHECK_EQ_INT(h.status, OGAS_PLAN_FEASIBLE);
    CHECK(h.objective > 0);
    check_plan_feasible(&p, &h, 1e-9, "n40_1 projects, harmony");
    REQUIRE(ogas_plan_lp(&p, &o, &a, &err) == OGAS_OK);
    CHECK(h.objective <= a.objective * (1 + 1e-9));
    check_plan_feasible(&p, &a, 1e-8, "n40_1 projects, lp");
    ogas_plan_free(&h);
    ogas_plan_free(&a);
    /* the hand plan: 12 tractors fixed in year 1 */
    ogas_plan_problem_free(&p);
    hand_problem(&p);
    hand_fixed(&p, 12, 0);
    REQUIRE(ogas_plan_harmony(&p, &o, &h, &err) == OGAS_OK);
    check_plan_feasible(&p, &h, 1e-9, "hand plan, harmony");
    CHECK(h.objective <= 2.3 + 1e-9);
    ogas_plan_free(&h);
    ogas_plan_problem_free(&p);
}

/* Index of the capital cell (good, technique) of p, or -1. */
static int64_t cell_of(const ogas_plan_problem *p, const char *good, const char *tech)
{
    for (int64_t i = 0; i < p->n; i++)
        if (strcmp(p->codes[i], good) == 0)
            for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++)
                if (strcmp(p->codes[p->capital.j[c]], tech) == 0) return c;
    return -1;
}

/* The projects file and the selection: sums by year and cell, the list, capacity in units of intensity. */
TEST(projects_file_read)
{
    ogas_plan_problem p;
    ogas_plan_projects list;
    ogas_error err;
    int64_t ncap, c34, c07, c60, c110;
    const char *projects = test_tmpfile(0, ".csv",
                                        "Industry,good,note,year,amount,project\n"
                                        "P4, P3 ,x,1,0.5,clinic\n"
                                        "P4,P3,\"y, z\",1,0.25,clinic\n"
                                        "P7,P0,,2,1e-1, tram \n"
                                        "P0,P6,,5,0,tram\n"
                                        "P10,P1,,3,2,school\n");
    const char *selected = test_tmpfile(1, ".txt", "# the assembly's choice\r\n\r\n  tram\r\nclinic\r\n#school\r\n");
    REQUIRE(projects && selected);
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n40_1", &p, &err) == OGAS_OK);
    ncap = ogas_csr_nnz(&p.capital);
    c34 = cell_of(&p, "P3", "P4");
    c07 = cell_of(&p, "P0", "P7");
    c60 = cell_of(&p, "P6", "P0");
    c110 = cell_of(&p, "P1", "P10");
    REQUIRE(c34 >= 0 && c07 >= 0 && c60 >= 0 && c110 >= 0);
    CHECK_EQ_INT(ogas_plan_read_projects(projects, selected, &p, &list, &err), OGAS_OK);
    REQUIRE(p.fixed);
    CHECK(p.fixed[0 * ncap + c34] == 0.75);
    CHECK(p.fixed[1 * ncap + c07] == 0.1);
    CHECK(p.fixed[4 * ncap + c60] == 0.0);
    CHECK(p.fixed[2 * ncap + c110] == 0.0); /* school is not selected */
    CHECK_EQ_INT(list.count, 4);
    CHECK_EQ_INT(list.projects, 2);
    REQUIRE(list.count == 4);
    CHECK_STR(list.item[0].project, "clinic");
    CHECK_STR(list.item[2].project, "tram");
    CHECK_EQ_INT(list.item[2].year, 2);
    CHECK_EQ_INT(list.item[2].cell, c07);
    CHECK_STR(p.codes[list.item[2].good], "P0");
    CHECK_STR(p.codes[list.item[2].tech], "P7");
    CHECK(list.item[2].amount == 0.1);
    ogas_plan_projects_free(&list);
    CHECK(list.count == 0 && list.item == NULL);
    /* every project without a selection; capacity in units of the industry's intensity */
    projects = test_tmpfile(2, ".csv", "project,year,good,industry,capacity\nschool,3,P1,P10,2\n");
    CHECK_EQ_INT(ogas_plan_read_projects(projects, NULL, &p, NULL, &err), OGAS_OK);
    REQUIRE(p.fixed);
    CHECK(p.fixed[2 * ncap + c110] == 2 * p.capital.x[c110]);
    CHECK(p.fixed[0 * ncap + c34] == 0.0); /* replaced */
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    /* a selection of nothing: no fixed investments */
    selected = test_tmpfile(3, ".txt", "# none\n");
    CHECK_EQ_INT(ogas_plan_read_projects(projects, selected, &p, &list, &err), OGAS_OK);
    CHECK(p.fixed == NULL && list.count == 0);
    /* fixed investments that are not finite numbers >= 0 are refused by the check */
    p.fixed = ogas_calloc((size_t)p.T * (size_t)ncap, sizeof *p.fixed);
    p.fixed[ncap + c07] = -1.0;
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_EINVAL);
    CHECK_CONTAINS(err.message, "fixed investment in P0 for technique P7 in year 2 is -1");
    p.fixed[ncap + c07] = NAN;
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_EINVAL);
    remove(test_tmpfile(0, ".csv", ""));
    ogas_plan_problem_free(&p);
}

/* Bad projects and selected files: an error at the right line and column, and p->fixed as it was. */
TEST(projects_file_errors)
{
    ogas_plan_problem p;
    ogas_plan_projects list;
    ogas_error err;
    double *before;
    const char *good = "project,year,good,industry,amount\nclinic,1,P3,P4,0.5\ntram,2,P0,P7,1\n";
    const char *bad[][2] = {
        {"proj,year,good,industry,amount\n", "1:1: the header has no column 'project'"},
        {"project,good,industry,amount\n", "1:1: the header has no column 'year'"},
        {"project,year,good,industry\nx,1,P3,P4\n", "1:1: the header has neither amount nor capacity"},
        {"project,year,good,industry,amount,capacity\n", "1:35: the header has both amount and capacity"},
        {"project,year,good,Year,industry,amount\n", "1:19: column 'year' appears twice"},
        {"", "the file is empty|no header"},
        {"project,year,good,industry,amount\nx,1,NOPE,P4,1\n", "2:5: 'NOPE' is not a product of the plan"},
        {"project,year,good,industry,amount\nx,1,P3,P99,1\n", "2:8: 'P99' is not an industry (technique) of the plan"},
        {"project,year,good,industry,amount\nx,1,P3,P4,1\nx,1,P3,P0,1\n", "3:8: industry P0 uses no stock of good P3"},
        {"project,year,good,industry,amount\nx,0,P3,P4,1\n", "2:3: expected a year of the plan, 1 to 5, found '0'"},
        {"project,year,good,industry,amount\nx,6,P3,P4,1\n", "2:3: expected a year of the plan, 1 to 5"},
        {"project,year,good,industry,amount\nx,1.5,P3,P4,1\n", "2:3: expected a year of the plan"},
        {"project,year,good,industry,amount\nx,y1,P3,P4,1\n", "2:3: expected a year, found 'y1'"},
        {"project,year,good,industry,amount\nx,1,P3,P4,-1\n", "2:11: expected an amount >= 0, found '-1'"},
        {"project,year,good,industry,amount\nx,1,P3,P4,inf\n", "2:11: expected an amount"},
        {"project,year,good,industry,amount\nx,1,P3,P4,\n", "2:11: expected an amount, found an empty cell"},
        {"project,year,good,industry,capacity\nx,1,P3,P4,-2\n", "2:11: expected a capacity >= 0"},
        {"project,year,good,industry,amount\nx,1,P3,P4\n", "2:1: expected 5 fields as in the header, found 4"},
        {"project,year,good,industry,amount\n ,1,P3,P4,1\n", "2:1: expected a project id, found an empty cell"},
    };
    const char *badsel[][2] = {
        {"clinic\n# a comment\nschool\n", "3:1: project 'school' is not in "},
        {"tram\n\n  clinic\n\ttram\n", "4:2: project 'tram' is selected twice (first on line 1)"},
    };
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n40_1", &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_read_projects(test_tmpfile(0, ".csv", good), NULL, &p, NULL, &err) == OGAS_OK);
    before = p.fixed;
    REQUIRE(before);
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        const char *path = test_tmpfile(1, ".csv", bad[k][0]);
        char full[1200];
        memset(&list, 0x5a, sizeof list);
        CHECK(ogas_plan_read_projects(path, NULL, &p, &list, &err) != OGAS_OK);
        snprintf(full, sizeof full, "%ld:%ld: %s", err.line, err.column, err.message);
        {
            int found = 0;
            char alt[256], *s, *save = NULL;
            snprintf(alt, sizeof alt, "%s", bad[k][1]);
            for (s = strtok_r(alt, "|", &save); s; s = strtok_r(NULL, "|", &save)) found |= strstr(full, s) != NULL;
            if (!found) test_fail(__FILE__, __LINE__, "error '%s' lacks '%s'", full, bad[k][1]);
        }
        CHECK(strcmp(err.file, path) == 0);
        CHECK(p.fixed == before);
        CHECK(list.count == 0 && list.item == NULL);
        remove(path);
    }
    for (size_t k = 0; k < sizeof badsel / sizeof *badsel; k++) {
        const char *projects = test_tmpfile(2, ".csv", good), *path = test_tmpfile(3, ".txt", badsel[k][0]);
        char full[1200];
        CHECK_EQ_INT(ogas_plan_read_projects(projects, path, &p, NULL, &err), OGAS_EINVAL);
        snprintf(full, sizeof full, "%ld:%ld: %s", err.line, err.column, err.message);
        if (!strstr(full, badsel[k][1])) test_fail(__FILE__, __LINE__, "error '%s' lacks '%s'", full, badsel[k][1]);
        CHECK(strcmp(err.file, path) == 0);
        CHECK(p.fixed == before);
        remove(path);
        remove(projects);
    }
    CHECK_EQ_INT(ogas_plan_read_projects("/nonexistent/projects.csv", NULL, &p, NULL, &err), OGAS_EIO);
    CHECK_EQ_INT(ogas_plan_read_projects(test_tmpfile(2, ".csv", good), "/nonexistent/selected.txt", &p, NULL, &err),
                 OGAS_EIO);
    CHECK(p.fixed == before);
    remove(test_tmpfile(0, ".csv", ""));
    ogas_plan_problem_free(&p);
}

/* Every allocation failure of the reader is reported as out of memory, leaks nothing (under ASan) and
 * leaves the problem as it was. */
TEST(projects_file_out_of_memory)
{
    ogas_plan_problem p;
    ogas_plan_projects list;
    ogas_error err;
    const char *projects = test_tmpfile(0, ".csv", "project,year,good,industry,amount\nclinic,1,P3,P4,0.5\ntram,2,P0,P7,1\n");
    const char *selected = test_tmpfile(1, ".txt", "tram\n");
    long after;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n40_1", &p, &err) == OGAS_OK);
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_plan_read_projects(projects, selected, &p, &list, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        if (rc != OGAS_ENOMEM) break;
        CHECK(p.fixed == NULL && list.count == 0);
    }
    CHECK(after > 5);
    CHECK_EQ_INT(list.count, 1);
    ogas_plan_projects_free(&list);
    remove(projects);
    remove(selected);
    ogas_plan_problem_free(&p);
}
