/* test_ons_uk2010.c: the ONS UK 2010 input-output analytical tables (127 products) reproduced from the
 * flows table: the published Leontief inverse to 1e-10 absolute, the published output multipliers,
 * employment-cost effects and multipliers, and GVA effects and multipliers to 1e-10.
 * Source: examples/io/uk2010_ons/PROVENANCE.txt. */
#include "golden.h"

#define UK "examples/io/uk2010_ons/"

static void read_uk(ogas_economy *e)
{
    ogas_error err;
    ogas_read_options o = {0};
    if (ogas_economy_read(UK "iot_domestic_pxp_basic.csv", &o, e, &err) != OGAS_OK) {
        char buf[1024];
        test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, buf, sizeof buf));
    }
}

TEST(ons_table_loads)
{
    ogas_economy e;
    read_uk(&e);
    REQUIRE(e.n == 127);
    CHECK_STR(e.codes[0], "01");
    CHECK_STR(e.codes[126], "NPISH_96");
    CHECK_NEAR(e.output[0], 21182, 0);
    CHECK_EQ_INT(e.nfd, 9);
    CHECK(e.names != NULL);
    if (e.names) CHECK_STR(e.names[0], "Products of agriculture, hunting and related services");
    CHECK(e.labour_is_standin);
    CHECK_CONTAINS(e.labour_source, "Compensation of employees");
    CHECK(ogas_economy_primary(&e, "Gross Operating Surplus") != NULL);
    /* A agrees with ONS's published coefficients (PROVENANCE: to 8.9e-16). */
    {
        golden_matrix P;
        REQUIRE(golden_read_matrix(UK "coefficients_pxp.csv", &P));
        ogas_dense A;
        REQUIRE(ogas_csr_to_dense(&e.A, &A, NULL) == OGAS_OK);
        for (int64_t i = 0; i < 127; i++)
            for (int64_t j = 0; j < 127; j++) CHECK_NEAR(A.x[i * 127 + j], golden_at(&P, e.codes[i], e.codes[j]), 1e-15);
        ogas_dense_free(&A);
        golden_free(&P);
    }
    ogas_economy_free(&e);
}

TEST(ons_leontief_inverse_1e10)
{
    ogas_economy e;
    ogas_dense L;
    golden_matrix P;
    double worst = 0;
    read_uk(&e);
    REQUIRE(e.n == 127);
    REQUIRE(ogas_leontief_inverse(&e.A, e.codes, &L, NULL) == OGAS_OK);
    REQUIRE(golden_read_matrix(UK "leontief_inverse_pxp.csv", &P));
    for (int64_t i = 0; i < 127; i++)
        for (int64_t j = 0; j < 127; j++) {
            double d = fabs(L.x[i * 127 + j] - golden_at(&P, e.codes[i], e.codes[j]));
            if (d > worst) worst = d;
        }
    CHECK(worst <= 1e-10);
    if (getenv("OGAS_TEST_VERBOSE")) printf("    ONS L: max abs difference %.3g\n", worst);
    /* The published 'Total' row is the column sums (output multipliers). */
    for (int64_t j = 0; j < 127; j++) {
        double s = 0;
        for (int64_t i = 0; i < 127; i++) s += L.x[i * 127 + j];
        CHECK_NEAR(s, golden_at(&P, "Total", e.codes[j]), 1e-10);
    }
    golden_free(&P);
    ogas_dense_free(&L);
    ogas_economy_free(&e);
}

/* ONS 'Multipliers and effects (product)': columns 1 output multiplier, 3 employment-cost multiplier,
 * 5 GVA multiplier, 7 employment-cost effects, 9 GVA effects, one row per product in table order. */
static void check_multipliers(ogas_method method)
{
    ogas_economy e;
    ogas_balance b;
    ogas_solve_options so;
    ogas_leontief *L = NULL;
    golden_table T;
    double coe[127], gva[127], ce[127], cm[127], ge[127], gm[127];
    const ogas_series *c, *s, *t;
    read_uk(&e);
    REQUIRE(e.n == 127);
    ogas_solve_options_init(&so);
    so.method = method;
    so.tol = 1e-14;
    REQUIRE(ogas_balance_compute(&e, NULL, &so, &b, NULL) == OGAS_OK);
    REQUIRE(golden_read_table(UK "ons_published_multipliers_uk_test_results.csv", &T));
    REQUIRE(T.nrows == 127);
    c = ogas_economy_primary(&e, "Compensation of employees");
    s = ogas_economy_primary(&e, "Gross Operating Surplus");
    t = ogas_economy_primary(&e, "Taxes less subsidies on production");
    REQUIRE(c && s && t);
    for (int j = 0; j < 127; j++) {
        coe[j] = c->x[j] / e.output[j];
        gva[j] = (c->x[j] + s->x[j] + t->x[j]) / e.output[j];
    }
    REQUIRE(ogas_leontief_create(&e.A, e.codes, &so, &L, NULL) == OGAS_OK);
    REQUIRE(ogas_input_effects(L, coe, ce, cm, NULL, NULL) == OGAS_OK);
    REQUIRE(ogas_input_effects(L, gva, ge, gm, NULL, NULL) == OGAS_OK);
    for (int j = 0; j < 127; j++) {
        CHECK_STR(T.label[j], e.names[j]);
        CHECK_NEAR(b.multiplier[j], T.v[j][0], 1e-10);
        CHECK_NEAR(ce[j], T.v[j][6], 1e-10);
        CHECK_NEAR(ge[j], T.v[j][8], 1e-10);
        if (coe[j] != 0) CHECK_NEAR(cm[j], T.v[j][2], 1e-10); /* undefined where COE = 0 */
        if (gva[j] != 0) CHECK_NEAR(gm[j], T.v[j][4], 1e-10);
    }
    /* Gross output for the table's own final demand is the table's output. */
    for (int j = 0; j < 127; j++) CHECK_NEAR(b.output[j], e.output[j], 1e-9 * e.output[j] + 1e-9);
    ogas_leontief_destroy(L);
    golden_free_table(&T);
    ogas_balance_free(&b);
    ogas_economy_free(&e);
}

TEST(ons_published_multipliers_dense)
{
    check_multipliers(OGAS_METHOD_DENSE);
}

TEST(ons_published_multipliers_gmres)
{
    check_multipliers(OGAS_METHOD_GMRES);
}

TEST(ons_published_multipliers_neumann)
{
    check_multipliers(OGAS_METHOD_NEUMANN);
}

TEST(ons_published_multipliers_gauss_seidel)
{
    check_multipliers(OGAS_METHOD_GAUSS_SEIDEL);
}
