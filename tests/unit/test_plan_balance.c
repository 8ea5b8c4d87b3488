/* test_plan_balance.c: plans by material balances (src/plan/balance_plan.c) on the peer's nine instances
 * and a generated plan against CLP's exact optimum: every constraint of the plan holds (labour, stocks,
 * net output against phi times the targets), its fulfilment is at most the optimum and at least 85% of it,
 * above what the peer's harmony method reaches, the same on every run; and the problems it refuses. */
#include <stdlib.h>

#include "ogas/core.h"
#include "ogas/generate.h"
#include "ogas/plan.h"
#include "plan_fixtures.h"
#include "test.h"

static const char *const instances[] = {"examples/plan/example4",       "examples/plan/random5y/n10_1",
                                        "examples/plan/random5y/n10_2", "examples/plan/random5y/n20_1",
                                        "examples/plan/random5y/n20_2", "examples/plan/random5y/n30_1",
                                        "examples/plan/random5y/n30_2", "examples/plan/random5y/n40_1",
                                        "examples/plan/random5y/n40_2"};

/* Checks that plan b of p keeps every constraint: labour, each stock, net output against phi. */
static void check_feasible(int at, const ogas_plan_problem *p, const ogas_plan *b)
{
    int64_t ncap = ogas_csr_nnz(&p->capital);
    for (int y = 0; y < p->T; y++) {
        if (!(b->labour_used[y] <= p->labour_supply[y] * (1 + 1e-12)))
            test_fail(__FILE__, at, "year %d: labour %g over the supply %g", y + 1, b->labour_used[y], p->labour_supply[y]);
        for (int64_t i = 0; i < p->n; i++)
            for (int64_t q = p->capital.p[i]; q < p->capital.p[i + 1]; q++) {
                double need = p->capital.x[q] * b->intensity[(int64_t)y * p->m + p->capital.j[q]];
                if (!(need <= b->stock[(int64_t)y * ncap + q] * (1 + 1e-9) + 1e-12))
                    test_fail(__FILE__, at, "year %d: cell %lld needs %g of a stock of %g", y + 1, (long long)q, need,
                              b->stock[(int64_t)y * ncap + q]);
            }
        for (int64_t i = 0; i < p->n; i++) {
            double need = b->phi[y] * p->target[(int64_t)y * p->n + i];
            if (!(b->net[(int64_t)y * p->n + i] >= need - 1e-9 * need))
                test_fail(__FILE__, at, "year %d: net output %g of product %lld below phi x target %g", y + 1,
                          b->net[(int64_t)y * p->n + i], (long long)i, need);
        }
    }
}

/* The nine peer instances: feasible, within [0.85, 1] of CLP's optimum, above harmony, deterministic. */
TEST(plan_balance_peer_instances)
{
    for (size_t k = 0; k < sizeof instances / sizeof *instances; k++) {
        ogas_plan_problem p;
        ogas_plan a, b, c, h;
        ogas_plan_options o;
        ogas_error err;
        if (ogas_plan_read_peer(instances[k], &p, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", instances[k], err.message);
            continue;
        }
        ogas_plan_options_init(&o);
        CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_OK);
        CHECK_EQ_INT(ogas_plan_balance(&p, &o, &b, &err), OGAS_OK);
        CHECK_EQ_INT(ogas_plan_balance(&p, &o, &c, &err), OGAS_OK);
        CHECK_EQ_INT(ogas_plan_harmony(&p, &o, &h, &err), OGAS_OK);
        if (getenv("OGAS_TEST_VERBOSE"))
            printf("    %-30s balance %.4f of the optimum (harmony %.4f), %.4f s\n", instances[k],
                   b.objective / a.objective, h.objective / a.objective, b.seconds);
        CHECK_EQ_INT(b.status, OGAS_PLAN_FEASIBLE);
        CHECK_STR(b.method, "balance");
        CHECK(b.objective <= a.objective * (1 + 1e-9));
        CHECK(b.objective >= 0.85 * a.objective);
        CHECK(b.objective > h.objective);
        CHECK(b.objective == c.objective && b.objective == b.bound_lower);
        REQUIRE(b.phi && b.intensity && b.stock && b.net);
        check_feasible(__LINE__, &p, &b);
        ogas_plan_free(&a);
        ogas_plan_free(&b);
        ogas_plan_free(&c);
        ogas_plan_free(&h);
        ogas_plan_problem_free(&p);
    }
}

/* A generated plan of 150 products: feasible, at least 85% of CLP's optimum. */
TEST(plan_balance_generated)
{
    ogas_plan_generate_options g;
    ogas_plan_problem p;
    ogas_plan a, b;
    ogas_plan_options o;
    ogas_error err;
    ogas_plan_generate_options_init(&g);
    g.products = 150;
    g.years = 5;
    g.seed = 4;
    REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_OK);
    CHECK_EQ_INT(ogas_plan_balance(&p, &o, &b, &err), OGAS_OK);
    if (getenv("OGAS_TEST_VERBOSE")) printf("    150 products: balance %.4f of the optimum\n", b.objective / a.objective);
    CHECK(b.objective <= a.objective * (1 + 1e-9) && b.objective >= 0.85 * a.objective);
    check_feasible(__LINE__, &p, &b);
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
}

/* Problems the method refuses, each with its reason: several techniques for a product, weights. */
TEST(plan_balance_refuses)
{
    ogas_plan_problem p;
    ogas_plan b;
    ogas_plan_options o;
    ogas_error err;
    ogas_plan_options_init(&o);
    REQUIRE(fixture_corn_iron(&p));
    CHECK_EQ_INT(ogas_plan_balance(&p, &o, &b, &err), OGAS_EINVAL);
    CHECK(strstr(err.message, "one technique per product") != NULL);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n10_1", &p, &err) == OGAS_OK);
    p.weight = ogas_calloc((size_t)p.n, sizeof *p.weight);
    for (int64_t i = 0; i < p.n; i++) p.weight[i] = 1.0;
    CHECK_EQ_INT(ogas_plan_balance(&p, &o, &b, &err), OGAS_EINVAL);
    CHECK(strstr(err.message, "weights") != NULL);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
}
