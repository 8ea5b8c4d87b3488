/* test_simulate.c: the distribution simulator: no queues with ample supply, queues under a famine at
 * administered prices, feedback removing unmet demand, exact conservation, determinism, household draws. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/distribution.h"
#include "ogas/ogas.h"
#include "test.h"

static char *famine_codes[] = {"P0", "P1", "P2"};
static char *war_codes[] = {"P3", "P4"};

/* sc := a small scenario on n40_1 (households, months), without disruptions unless asked. */
static void small(ogas_scenario *sc, int64_t households, int months)
{
    ogas_scenario_defaults(sc);
    sc->name = "test";
    sc->households = households;
    sc->months = months;
    sc->disruption = 0;
}

/* A famine on P0-P2 at 0.6 from month 13 for 12 months. */
static ogas_shock famine(void)
{
    ogas_shock s;
    memset(&s, 0, sizeof s);
    s.kind = OGAS_SHOCK_FAMINE;
    s.start = 13;
    s.months = 12;
    s.ncodes = 3;
    s.codes = famine_codes;
    s.factor = 0.6;
    s.line = 7;
    return s;
}

static int read_n40(ogas_plan_problem *p)
{
    ogas_error err;
    return ogas_plan_read("examples/plan/random5y/n40_1", p, &err) == OGAS_OK;
}

TEST(simulate_ample_supply_no_queues)
{
    ogas_plan_problem p;
    ogas_scenario sc;
    ogas_sim_options o;
    ogas_sim_result r[2];
    ogas_error err;
    REQUIRE(read_n40(&p));
    small(&sc, 2000, 6);
    ogas_sim_options_init(&o);
    o.supply_scale = 4;
    REQUIRE(ogas_simulate(&p, &sc, &o, r, &err) == OGAS_OK);
    for (int k = 0; k < 2; k++) {
        CHECK_EQ_INT(r[k].regime, k + 1);
        for (int m = 0; m < 6; m++) {
            CHECK(r[k].month[m].queue_length == 0);
            CHECK(r[k].month[m].unmet_share == 0);
            CHECK(r[k].month[m].forced_saving_share == 0);
            CHECK(r[k].month[m].conserved);
        }
    }
    ogas_sim_result_free(&r[0]);
    ogas_sim_result_free(&r[1]);
    ogas_plan_problem_free(&p);
}

TEST(simulate_famine_queues_and_feedback)
{
    ogas_plan_problem p;
    ogas_scenario sc, base;
    ogas_shock sh = famine();
    ogas_sim_options o;
    ogas_sim_result r[2], b[2];
    ogas_sim_summary s;
    ogas_error err;
    REQUIRE(read_n40(&p));
    small(&sc, 2000, 26);
    sc.nshocks = 1;
    sc.shocks = &sh;
    base = sc;
    base.nshocks = 0;
    ogas_sim_options_init(&o);
    REQUIRE(ogas_simulate(&p, &sc, &o, r, &err) == OGAS_OK);
    o.regime = 1;
    REQUIRE(ogas_simulate(&p, &base, &o, b, &err) == OGAS_OK);
    /* administered: queues grow through the famine and exceed those without it */
    CHECK(r[0].month[23].queue_length > r[0].month[12].queue_length);
    CHECK(r[0].month[23].queue_length > 1.2 * b[0].month[23].queue_length);
    CHECK(r[0].month[23].unmet_share > b[0].month[23].unmet_share);
    /* feedback: unmet demand at labour values falls by 90% within 12 months of the shock */
    ogas_sim_summarise(&r[1], &sc, &s);
    CHECK_EQ_INT(s.shock_month, 13);
    CHECK(s.unmet_peak > 0.01);
    CHECK(s.unmet_after12 <= 0.1 * s.unmet_peak);
    CHECK(r[1].replans > 0);
    CHECK(r[0].conserved && r[1].conserved);
    ogas_sim_result_free(&r[0]);
    ogas_sim_result_free(&r[1]);
    ogas_sim_result_free(&b[0]);
    ogas_plan_problem_free(&p);
}

/* Operational replanning (the year's production in closed form, the whole plan at each year's start): the
 * famine's shortage falls as with the whole plan recomputed every month, and the year's plans are the
 * closed form's in the months between. */
TEST(simulate_operational_replans)
{
    ogas_plan_problem p;
    ogas_scenario sc;
    ogas_shock sh = famine();
    ogas_sim_options o;
    ogas_sim_result r[2], f[2];
    ogas_sim_summary s, sf;
    ogas_error err;
    REQUIRE(read_n40(&p));
    small(&sc, 2000, 36);
    sc.nshocks = 1;
    sc.shocks = &sh;
    ogas_sim_options_init(&o);
    o.regime = 2;
    REQUIRE(ogas_simulate(&p, &sc, &o, f, &err) == OGAS_OK);
    sc.operational = 1;
    REQUIRE(ogas_simulate(&p, &sc, &o, r, &err) == OGAS_OK);
    /* 35 replans: those at months 12 and 24 (years' starts) and the first (from the start plan) in full */
    CHECK_EQ_INT(r[1].replans, 35);
    CHECK_EQ_INT(r[1].operational_replans, 32);
    CHECK_EQ_INT(f[1].operational_replans, 0);
    CHECK(r[1].conserved);
    ogas_sim_summarise(&r[1], &sc, &s);
    ogas_sim_summarise(&f[1], &sc, &sf);
    CHECK(s.unmet_peak > 0.01);
    CHECK(s.unmet_after12 <= 0.1 * s.unmet_peak);
    CHECK_NEAR(s.unmet_peak, sf.unmet_peak, 0.2 * sf.unmet_peak);
    ogas_sim_result_free(&r[1]);
    ogas_sim_result_free(&f[1]);
    ogas_plan_problem_free(&p);
}

/* Plans above lp_max_products are made by material balances (here forced on the 40-product economy):
 * the feedback regime still removes the famine's unmet demand within twelve months, goods and credits are
 * conserved, and the run says which engine planned. */
TEST(simulate_material_balances)
{
    ogas_plan_problem p;
    ogas_scenario sc;
    ogas_shock sh = famine();
    ogas_sim_options o;
    ogas_sim_result r[2];
    ogas_sim_summary s;
    ogas_error err;
    REQUIRE(read_n40(&p));
    small(&sc, 2000, 36);
    sc.nshocks = 1;
    sc.shocks = &sh;
    ogas_sim_options_init(&o);
    o.lp_max_products = 10;
    REQUIRE(ogas_simulate(&p, &sc, &o, r, &err) == OGAS_OK);
    CHECK_STR(r[0].method, "balance");
    CHECK_STR(r[1].method, "balance");
    CHECK(r[0].conserved && r[1].conserved);
    CHECK_EQ_INT(r[1].replans, 35);
    CHECK_EQ_INT(r[1].replan_failures, 0);
    ogas_sim_summarise(&r[0], &sc, &s);
    CHECK(s.queue_after12 > 0); /* administered prices: the famine's queue */
    ogas_sim_summarise(&r[1], &sc, &s);
    if (getenv("OGAS_TEST_VERBOSE"))
        printf("    feedback: unmet %.4f before, peak %.4f, after 12 months %.4f\n", s.unmet_before, s.unmet_peak, s.unmet_after12);
    CHECK(s.unmet_peak > 0.01);
    CHECK(s.unmet_after12 <= 0.1 * s.unmet_peak);
    ogas_sim_result_free(&r[0]);
    ogas_sim_result_free(&r[1]);
    ogas_plan_problem_free(&p);
}

TEST(simulate_conservation_every_shock)
{
    ogas_plan_problem p;
    ogas_scenario sc;
    ogas_shock sh[5];
    ogas_sim_result r[2];
    ogas_error err;
    REQUIRE(read_n40(&p));
    small(&sc, 1500, 8);
    sc.disruption = 0.1;
    memset(sh, 0, sizeof sh);
    sh[0] = famine();
    sh[0].start = 2;
    sh[1].kind = OGAS_SHOCK_WAR;
    sh[1].start = 3;
    sh[1].ncodes = 2;
    sh[1].codes = war_codes;
    sh[1].destroyed = 0.3;
    sh[2] = famine();
    sh[2].kind = OGAS_SHOCK_ISOLATION;
    sh[2].start = 4;
    sh[3].kind = OGAS_SHOCK_PRIVATE_TRADE;
    sh[3].start = 1;
    sh[3].share = 0.2;
    sh[3].markup = 2;
    sh[4].kind = OGAS_SHOCK_SPECIALISTS;
    sh[4].start = 1;
    sh[4].share = 0.05;
    sh[4].differential = 3;
    sc.nshocks = 5;
    sc.shocks = sh;
    REQUIRE(ogas_simulate(&p, &sc, NULL, r, &err) == OGAS_OK);
    for (int k = 0; k < 2; k++)
        for (int m = 0; m < 8; m++) {
            const ogas_sim_month *x = &r[k].month[m];
            CHECK(x->conserved);
            CHECK_EQ_INT(x->delivered, x->bought + (x->stock_end - x->stock_start) + x->traded);
            CHECK_EQ_INT(x->paid, x->spent + (x->savings_end - x->savings_start) + x->expired);
            CHECK(x->consumption_gini >= 0 && x->consumption_gini <= 1);
            CHECK(x->hours_gini >= 0 && x->hours_gini <= 1);
        }
    CHECK(r[0].month[7].administered_share > 0);
    /* unknown product in a shock: the scenario's line */
    sh[0].codes = war_codes;
    sh[0].ncodes = 1;
    sh[0].codes[0] = "P3";
    {
        char *bad[] = {"NOPE"};
        ogas_sim_result q[2];
        ogas_sim_options o;
        ogas_sim_options_init(&o);
        o.source = "x.scenario";
        sh[2].codes = bad;
        sh[2].ncodes = 1;
        CHECK(ogas_simulate(&p, &sc, &o, q, &err) == OGAS_EINVAL);
        CHECK_STR(err.file, "x.scenario");
        CHECK_EQ_INT(err.line, 7);
        CHECK_CONTAINS(err.message, "NOPE");
    }
    ogas_sim_result_free(&r[0]);
    ogas_sim_result_free(&r[1]);
    ogas_plan_problem_free(&p);
}

TEST(simulate_deterministic)
{
    ogas_plan_problem p;
    ogas_scenario sc;
    ogas_sim_result a[2], b[2];
    ogas_error err;
    REQUIRE(read_n40(&p));
    small(&sc, 1000, 5);
    sc.disruption = 0.05;
    sc.seed = 7;
    REQUIRE(ogas_simulate(&p, &sc, NULL, a, &err) == OGAS_OK);
    REQUIRE(ogas_simulate(&p, &sc, NULL, b, &err) == OGAS_OK);
    for (int k = 0; k < 2; k++)
        for (int m = 0; m < 5; m++) {
            CHECK(a[k].month[m].queue_length == b[k].month[m].queue_length);
            CHECK(a[k].month[m].unmet_share == b[k].month[m].unmet_share);
            CHECK(a[k].month[m].consumption_gini == b[k].month[m].consumption_gini);
            CHECK_EQ_INT(a[k].month[m].spent, b[k].month[m].spent);
        }
    ogas_sim_result_free(&b[0]);
    ogas_sim_result_free(&b[1]);
    sc.seed = 8;
    REQUIRE(ogas_simulate(&p, &sc, NULL, b, &err) == OGAS_OK);
    CHECK(a[0].month[4].spent != b[0].month[4].spent);
    ogas_sim_result_free(&a[0]);
    ogas_sim_result_free(&a[1]);
    ogas_sim_result_free(&b[0]);
    ogas_sim_result_free(&b[1]);
    ogas_plan_problem_free(&p);
}

TEST(simulate_gini_and_gamma)
{
    double x[4] = {1, 1, 1, 1}, y[4] = {0, 0, 0, 4}, z[2] = {0, 0};
    CHECK_NEAR(ogas_gini(4, x), 0, 1e-15);
    CHECK_NEAR(ogas_gini(4, y), 0.75, 1e-15);
    CHECK_NEAR(ogas_gini(2, z), 0, 0);
}

TEST(simulate_same_on_any_number_of_threads)
{
    /* 12,000 households: the households are drawn in parallel (each from its own random stream); the
     * results must be the same bits on one thread and on two */
    ogas_plan_problem p;
    ogas_scenario sc;
    ogas_sim_result a[2], b[2];
    ogas_error err;
    int saved = omp_get_max_threads();
    REQUIRE(read_n40(&p));
    small(&sc, 12000, 4);
    sc.disruption = 0.05;
    omp_set_num_threads(1);
    REQUIRE(ogas_simulate(&p, &sc, NULL, a, &err) == OGAS_OK);
    omp_set_num_threads(2);
    REQUIRE(ogas_simulate(&p, &sc, NULL, b, &err) == OGAS_OK);
    omp_set_num_threads(saved);
    for (int k = 0; k < 2; k++)
        for (int m = 0; m < 4; m++) {
            CHECK(a[k].month[m].queue_length == b[k].month[m].queue_length);
            CHECK(a[k].month[m].unmet_share == b[k].month[m].unmet_share);
            CHECK(a[k].month[m].consumption_gini == b[k].month[m].consumption_gini);
            CHECK(a[k].month[m].hours_gini == b[k].month[m].hours_gini);
            CHECK_EQ_INT(a[k].month[m].spent, b[k].month[m].spent);
        }
    for (int k = 0; k < 2; k++) {
        ogas_sim_result_free(&a[k]);
        ogas_sim_result_free(&b[k]);
    }
    ogas_plan_problem_free(&p);
}
