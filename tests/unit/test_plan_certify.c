/* test_plan_certify.c: the certified bounds of src/plan/certify.c, checked independently of it. From
 * approximate LP solutions (PDLP stopped early) and from arbitrary points, the primal point it returns
 * must satisfy every row and column of the LP (evaluated here from the LP's matrix), the dual point every
 * dual constraint (A'y against the objective, column by column), and CLP's exact optimum must lie
 * between their objectives; on the peer's instances, a generated plan, and a plan with alternative
 * techniques and joint production (the repair-by-cutting path). Then ogas_plan_pdlp at a 1% gap
 * returns a plan whose certified interval holds CLP's optimum. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "plan/certify.h"
#include "plan/pdlp.h"
#include "plan_fixtures.h"
#include "test.h"

static const char *const instances[] = {"examples/plan/example4", "examples/plan/random5y/n10_1",
                                        "examples/plan/random5y/n20_2", "examples/plan/random5y/n40_1"};

/* Largest violation of L's rows and bounds by x, each relative to 1 + |its bound|. */
static double primal_violation(const plan_lp *L, const double *x)
{
    double *ax = calloc((size_t)L->nrows + 1, sizeof *ax), v = 0.0;
    for (int64_t c = 0; c < L->ncols; c++) {
        for (int64_t q = L->A.p[c]; q < L->A.p[c + 1]; q++) ax[L->A.j[q]] += L->A.x[q] * x[c];
        v = fmax(v, fmax(L->collo[c] - x[c], x[c] - L->colhi[c]));
    }
    for (int64_t r = 0; r < L->nrows; r++) {
        if (isfinite(L->rowhi[r])) v = fmax(v, (ax[r] - L->rowhi[r]) / (1.0 + fabs(L->rowhi[r])));
        if (isfinite(L->rowlo[r])) v = fmax(v, (L->rowlo[r] - ax[r]) / (1.0 + fabs(L->rowlo[r])));
    }
    free(ax);
    return v;
}

/* Largest violation of the dual constraints by the gains y (all columns are >= 0; each unbounded above
 * needs sum_r y_r sign_r A_rc >= obj_c, sign_r = +1 for an upper-bounded row and -1 for a lower-bounded
 * one; for one bounded above, the dual of its bound takes up any shortfall, at its bound's cost),
 * relative to 1 + the sum of the terms; negative gains count as violations. The dual objective goes to
 * *obj. */
static double dual_violation(const plan_lp *L, const double *y, double *obj)
{
    double v = 0.0;
    *obj = 0.0;
    for (int64_t r = 0; r < L->nrows; r++) {
        v = fmax(v, -y[r]);
        *obj += y[r] * (isfinite(L->rowhi[r]) ? L->rowhi[r] : -L->rowlo[r]);
    }
    for (int64_t c = 0; c < L->ncols; c++) {
        double s = 0.0, mag = fabs(L->obj[c]);
        for (int64_t q = L->A.p[c]; q < L->A.p[c + 1]; q++) {
            int64_t r = L->A.j[q];
            double t = y[r] * L->A.x[q] * (isfinite(L->rowhi[r]) ? 1.0 : -1.0);
            s += t;
            mag += fabs(t);
        }
        if (isfinite(L->colhi[c])) {
            if (L->obj[c] > s) *obj += (L->obj[c] - s) * L->colhi[c];
        } else {
            v = fmax(v, (L->obj[c] - s) / (1.0 + mag));
        }
    }
    return v;
}

/* Certifies (x, y) for p and checks both certificates and the bounds against CLP's optimum opt. */
static void check_certificates(const ogas_plan_problem *p, const plan_lp *L, plan_certifier *C, const double *x,
                               const double *y, double opt, const char *what)
{
    double *xf = malloc(((size_t)L->ncols + 1) * sizeof *xf), *yf = malloc(((size_t)L->nrows + 1) * sizeof *yf);
    double lo = plan__certify_primal(C, x, xf), hi = plan__certify_dual(C, y, yf), dobj, pv, dv;
    (void)p;
    pv = primal_violation(L, xf);
    dv = dual_violation(L, yf, &dobj);
    if (!(lo > -HUGE_VAL) || !(hi < HUGE_VAL)) test_fail(__FILE__, __LINE__, "%s: no certificate (%g, %g)", what, lo, hi);
    if (pv > 1e-12) test_fail(__FILE__, __LINE__, "%s: the certified plan violates the LP by %g", what, pv);
    if (dv > 1e-12) test_fail(__FILE__, __LINE__, "%s: the certified dual violates its constraints by %g", what, dv);
    /* CLP's optimum is exact only to its tolerances: on generated plans a certified feasible plan can
     * beat it by ~1e-6 relative */
    if (!(lo <= opt * (1 + 1e-5) && opt <= hi * (1 + 1e-7)))
        test_fail(__FILE__, __LINE__, "%s: optimum %.12g outside [%.12g, %.12g]", what, opt, lo, hi);
    CHECK_REL(dobj, hi, 1e-12);
    {
        double o = 0.0;
        for (int64_t c = 0; c < L->ncols; c++) o += L->obj[c] * xf[c];
        CHECK_REL(o, lo, 1e-12);
    }
    free(xf);
    free(yf);
}

/* The certificates of p from PDLP stopped at loose and tight tolerances, and from arbitrary points. */
static void check_problem(const ogas_plan_problem *p, const char *what)
{
    plan_lp L;
    plan_certifier *C = NULL;
    ogas_plan a;
    ogas_plan_options o;
    ogas_error err;
    double *x, *y;
    const double gaps[] = {1e-1, 1e-3, 1e-7};
    uint64_t seed = 12345;

    ogas_plan_options_init(&o);
    REQUIRE(ogas_plan_lp(p, &o, &a, &err) == OGAS_OK);
    REQUIRE(plan__lp_build(p, &L, &err) == OGAS_OK);
    REQUIRE(plan__certifier_create(p, &L, &C, &err) == OGAS_OK);
    x = calloc((size_t)L.ncols + 1, sizeof *x);
    y = calloc((size_t)L.nrows + 1, sizeof *y);
    for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
        plan_pdlp_result res;
        char label[160];
        o.gap = gaps[g];
        plan__pdlp_solve(&L, &o, NULL, x, y, &res, &err);
        snprintf(label, sizeof label, "%s, PDLP to %g", what, gaps[g]);
        check_certificates(p, &L, C, x, y, a.objective, label);
    }
    /* CLP's exact duals: the certificate keeps their objective, to CLP's tolerance */
    {
        double *xf = malloc(((size_t)L.ncols + 1) * sizeof *xf), *yf = malloc(((size_t)L.nrows + 1) * sizeof *yf);
        for (int t = 0; t < p->T; t++) {
            y[lp_row_lab(&L, t)] = a.labour_price[t];
            for (int64_t c = 0; c < L.ncap; c++) y[lp_row_cap(&L, t, c)] = a.capacity_price[(int64_t)t * L.ncap + c];
            for (int64_t i = 0; i < p->n; i++) y[lp_row_bal(&L, t, i)] = a.price[(int64_t)t * p->n + i];
        }
        {
            /* CLP's duals violate their constraints by up to its absolute tolerance (1e-7), which is a
             * share of a percent of prices of 1e-5 (the generated plans' targets are ~1e4): the repair
             * pays for it */
            double hi = plan__certify_dual(C, y, yf);
            CHECK_REL(hi, a.objective, 1e-3);
            CHECK(hi >= a.objective * (1 - 1e-12));
        }
        free(xf);
        free(yf);
    }
    /* arbitrary points: signs, sizes and infeasibility of every kind */
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
        check_certificates(p, &L, C, x, y, a.objective, label);
    }
    free(x);
    free(y);
    plan__certifier_free(C);
    plan__lp_free(&L);
    ogas_plan_free(&a);
}

TEST(plan_certify_peer_instances)
{
    for (size_t k = 0; k < sizeof instances / sizeof *instances; k++) {
        ogas_plan_problem p;
        ogas_error err;
        if (ogas_plan_read_peer(instances[k], &p, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", instances[k], err.message);
            continue;
        }
        check_problem(&p, instances[k]);
        ogas_plan_problem_free(&p);
    }
}

TEST(plan_certify_generated)
{
    ogas_plan_generate_options g;
    ogas_plan_problem p;
    ogas_error err;
    ogas_plan_generate_options_init(&g);
    g.products = 60;
    g.seed = 7;
    REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
    check_problem(&p, "generated 60 products");
    ogas_plan_problem_free(&p);
}

/* Two products, three techniques: corn from corn and labour, corn from corn, iron and a tractor's
 * capital (a second technique for the same product), and iron with corn as a joint by-product. */
TEST(plan_certify_alternative_and_joint)
{
    ogas_plan_problem p;
    ogas_error err;
    if (!fixture_corn_iron(&p)) return;
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    check_problem(&p, "alternative and joint techniques");
    ogas_plan_problem_free(&p);
}

/* ogas_plan_pdlp at a 1% gap: optimal (the certified interval at most 1% wide, or the iterate's own
 * residuals below 1e-6), the interval holding CLP's optimum, the plan's objective its lower end and
 * within 1% of the optimum. */
TEST(plan_certify_pdlp_one_percent)
{
    ogas_plan_generate_options g;
    ogas_plan_problem p;
    ogas_plan a, b;
    ogas_plan_options o;
    ogas_pdlp_info info;
    ogas_error err;
    ogas_plan_generate_options_init(&g);
    g.products = 80;
    g.seed = 2;
    REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    REQUIRE(ogas_plan_lp(&p, &o, &a, &err) == OGAS_OK);
    o.gap = 1e-2;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &b, &info, &err), OGAS_OK);
    CHECK_EQ_INT(b.status, OGAS_PLAN_OPTIMAL);
    CHECK(info.certified_gap <= 1e-2 ||
          (info.relative_gap <= 1e-6 && info.primal_residual <= 1e-6 && info.dual_residual <= 1e-6));
    CHECK(info.certified_gap < HUGE_VAL);
    CHECK(b.objective == info.lower_bound);
    CHECK(info.lower_bound <= a.objective * (1 + 1e-5) && a.objective <= info.upper_bound * (1 + 1e-7));
    CHECK(b.objective >= 0.99 * a.objective);
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
}

/* Priority weights: the certificates of the weighted LP (products' fulfilments capped at 1), and its
 * optimum at least what Cockshott's optimal plan achieves in the weighted objective (that plan is
 * feasible for it, with f_yi = min(1, phi_y)); PDLP agrees with CLP within its certified interval. */
TEST(plan_certify_weighted)
{
    ogas_plan_generate_options g;
    ogas_plan_problem p;
    ogas_plan plain, a, b;
    ogas_plan_options o;
    ogas_pdlp_info info;
    ogas_error err;
    double floor_ = 0.0;
    ogas_plan_generate_options_init(&g);
    g.products = 60;
    g.seed = 11;
    REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    REQUIRE(ogas_plan_lp(&p, &o, &plain, &err) == OGAS_OK);
    for (int y = 0; y < p.T; y++) floor_ += fmin(1.0, plain.phi[y]);
    p.weight = ogas_calloc((size_t)p.n, sizeof *p.weight);
    for (int64_t i = 0; i < p.n; i++) p.weight[i] = (double)(i % 7);
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_lp(&p, &o, &a, &err) == OGAS_OK);
    CHECK(a.objective >= floor_ * (1 - 1e-7));
    CHECK(a.objective <= p.T * (1 + 1e-9));
    for (int y = 0; y < p.T; y++) {
        double sw = 0.0, sf = 0.0;
        for (int64_t i = 0; i < p.n; i++) {
            double t = p.target[(int64_t)y * p.n + i];
            if (t > 0) {
                sw += p.weight[i];
                sf += p.weight[i] * fmin(1.0, a.net[(int64_t)y * p.n + i] / t);
            }
        }
        CHECK(a.phi[y] <= sf / sw * (1 + 1e-7) + 1e-9); /* each year's value: what its net output allows */
    }
    o.gap = 1e-4;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &b, &info, &err), OGAS_OK);
    CHECK(info.lower_bound <= a.objective * (1 + 1e-5) && a.objective <= info.upper_bound * (1 + 1e-7));
    CHECK_REL(b.objective, a.objective, 1e-3);
    check_problem(&p, "weighted 60 products");
    ogas_plan_free(&plain);
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
}

/* The weights file: header, unlisted products 0; errors with file, line and column. */
TEST(plan_weights_file)
{
    ogas_plan_problem p;
    ogas_error err;
    char path[] = "/tmp/ogas-weightsXXXXXX";
    int fd;
    FILE *fp;
    const char *bad[][2] = {{"code,weight\nP0,1\nP0,2\n", "3:1: product 'P0' is weighted twice"},
                            {"P0,1\nnope,2\n", "2:1: 'nope' is not a product of the plan"},
                            {"P0,-1\n", "1:4: expected a weight >= 0"},
                            {"P0,1,2\n", "1:1: expected 2 fields"},
                            {"P0,abc\n", "1:4: expected a weight, found 'abc'"}};
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n10_1", &p, &err) == OGAS_OK);
    fd = mkstemp(path);
    REQUIRE(fd >= 0);
    fp = fdopen(fd, "w");
    fputs("code,weight\nP3,2.5\nP0,1\n", fp);
    fclose(fp);
    CHECK_EQ_INT(ogas_plan_read_weights(path, &p, &err), OGAS_OK);
    REQUIRE(p.weight);
    CHECK(p.weight[0] == 1.0 && p.weight[3] == 2.5 && p.weight[1] == 0.0);
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        fp = fopen(path, "w");
        fputs(bad[k][0], fp);
        fclose(fp);
        CHECK_EQ_INT(ogas_plan_read_weights(path, &p, &err), OGAS_EINVAL);
        {
            char full[1200];
            snprintf(full, sizeof full, "%ld:%ld: %s", err.line, err.column, err.message);
            if (!strstr(full, bad[k][1])) test_fail(__FILE__, __LINE__, "error '%s' lacks '%s'", full, bad[k][1]);
            CHECK(strcmp(err.file, path) == 0);
        }
        CHECK(p.weight[3] == 2.5); /* a bad file leaves the weights as they were */
    }
    remove(path);
    ogas_plan_problem_free(&p);
}

/* A generated plan (products, seed), its LP and certifier, CLP's optimum when asked, and vectors for the
 * LP's columns (x, xf) and rows (y, yf). */
typedef struct {
    ogas_plan_problem p;
    ogas_plan a;
    plan_lp L;
    plan_certifier *C;
    double *x, *y, *xf, *yf;
    int optimum;
} certify_case;

/* Opens c; returns 0 (after a failure is reported) when something could not be made. */
static int case_open(certify_case *c, int64_t products, uint64_t seed, int optimum)
{
    ogas_plan_generate_options g;
    ogas_plan_options o;
    ogas_error err;
    memset(c, 0, sizeof *c);
    ogas_plan_generate_options_init(&g);
    g.products = products;
    g.seed = seed;
    if (ogas_plan_generate(&g, &c->p, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "generate: %s", err.message);
        return 0;
    }
    ogas_plan_options_init(&o);
    c->optimum = optimum;
    if ((optimum && ogas_plan_lp(&c->p, &o, &c->a, &err) != OGAS_OK) || plan__lp_build(&c->p, &c->L, &err) != OGAS_OK ||
        plan__certifier_create(&c->p, &c->L, &c->C, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s", err.message);
        return 0;
    }
    c->x = calloc((size_t)c->L.ncols + 1, sizeof *c->x);
    c->xf = calloc((size_t)c->L.ncols + 1, sizeof *c->xf);
    c->y = calloc((size_t)c->L.nrows + 1, sizeof *c->y);
    c->yf = calloc((size_t)c->L.nrows + 1, sizeof *c->yf);
    return 1;
}

/* (x, y) := PDLP's iterate on c's LP when its own relative error is at most gap. */
static void case_pdlp(certify_case *c, double gap)
{
    ogas_plan_options o;
    plan_pdlp_result res;
    ogas_error err;
    ogas_plan_options_init(&o);
    o.gap = gap;
    plan__pdlp_solve(&c->L, &o, NULL, c->x, c->y, &res, &err);
}

/* Frees what c holds. */
static void case_close(certify_case *c)
{
    free(c->x);
    free(c->xf);
    free(c->y);
    free(c->yf);
    plan__certifier_free(c->C);
    plan__lp_free(&c->L);
    if (c->optimum) ogas_plan_free(&c->a);
    ogas_plan_problem_free(&c->p);
}

/* Investments that overshoot a year's stocks are cut, rather than the whole year scaled into them: from
 * a near-optimal point whose largest capital good's year-1 investments are raised by half, the repaired
 * plan is feasible and keeps year 1's fulfilment within 1% (scaling the year into its stocks loses 14%
 * of it here). */
TEST(plan_certify_cuts_short_investment)
{
    certify_case k;
    double *by_good, phi0, lo;
    int64_t most = 0;
    if (!case_open(&k, 80, 2, 0)) return;
    by_good = calloc((size_t)k.p.n, sizeof *by_good);
    case_pdlp(&k, 1e-5);
    phi0 = k.x[lp_col_phi(&k.L, 0)];
    for (int64_t c = 0; c < k.L.ncap; c++) by_good[k.L.cell_good[c]] += k.x[lp_col_I(&k.L, 0, c, k.p.m)];
    for (int64_t i = 1; i < k.p.n; i++)
        if (by_good[i] > by_good[most]) most = i;
    if (!(by_good[most] > 0.0 && phi0 > 0.5)) {
        test_fail(__FILE__, __LINE__, "the iterate invests nothing in year 1 or fulfils little (%g)", phi0);
        free(by_good);
        case_close(&k);
        return;
    }
    for (int64_t c = 0; c < k.L.ncap; c++)
        if (k.L.cell_good[c] == most) k.x[lp_col_I(&k.L, 0, c, k.p.m)] *= 1.5;
    lo = plan__certify_primal(k.C, k.x, k.xf);
    CHECK(lo > -HUGE_VAL);
    CHECK(primal_violation(&k.L, k.xf) <= 1e-12);
    if (!(k.xf[lp_col_phi(&k.L, 0)] >= 0.99 * phi0))
        test_fail(__FILE__, __LINE__, "year 1: fulfilment %.6f after the repair, %.6f before", k.xf[lp_col_phi(&k.L, 0)], phi0);
    free(by_good);
    case_close(&k);
}

/* The dual certificate from an iterate of moderate accuracy (PDLP stopped at 1e-3 on a generated plan of
 * 60 products): within 0.4% above the optimum, and feasible. Its capacity prices are close; the forward
 * repair keeps them, makes up the targets' worth with the capacity prices that buy it cheapest (then
 * labour), and cuts later capacity prices that would make an investment pay. Pricing labour to make
 * every investment pay instead, and keeping the iterate's labour and capacity prices, left the bound
 * 3.5% above the optimum here; the forward repair with labour alone for the targets' worth, 0.47%; with
 * capacity prices first, 0.30%. */
TEST(plan_certify_forward_dual)
{
    certify_case k;
    double hi, dobj;
    if (!case_open(&k, 60, 7, 1)) return;
    case_pdlp(&k, 1e-3);
    hi = plan__certify_dual(k.C, k.y, k.yf);
    CHECK(dual_violation(&k.L, k.yf, &dobj) <= 1e-12);
    CHECK_REL(dobj, hi, 1e-12);
    CHECK(hi >= k.a.objective * (1 - 1e-7));
    if (!(hi <= 1.004 * k.a.objective))
        test_fail(__FILE__, __LINE__, "dual bound %.9g, %.2f%% above the optimum %.9g", hi, 100 * (hi / k.a.objective - 1),
                  k.a.objective);
    case_close(&k);
}

/* The primal certificate from the same iterates (PDLP stopped at 1e-2 and 1e-3 on a generated plan of
 * 80 products): a feasible plan close to the optimum. An iterate's investments fall a little short of
 * the stocks that its own later intensities need, so scaling each later year into its stocks cut every
 * year after the first; the repair that keeps investments tops them up to those stocks and cuts
 * consumption only: 8.3% and 1.21% below the optimum here, where scaling alone left 10.4% and 1.48%. */
TEST(plan_certify_tops_up_investment)
{
    certify_case k;
    const double gaps[] = {1e-2, 1e-3}, within[] = {0.095, 0.0135};
    if (!case_open(&k, 80, 2, 1)) return;
    for (int q = 0; q < 2; q++) {
        double lo, opt = k.a.objective;
        case_pdlp(&k, gaps[q]);
        lo = plan__certify_primal(k.C, k.x, k.xf);
        CHECK(primal_violation(&k.L, k.xf) <= 1e-12);
        CHECK(lo <= opt * (1 + 1e-5));
        if (!(lo >= (1 - within[q]) * opt))
            test_fail(__FILE__, __LINE__, "gap %g: lower bound %.9g, %.3f%% below the optimum %.9g", gaps[q], lo,
                      100 * (1 - lo / opt), opt);
    }
    case_close(&k);
}
