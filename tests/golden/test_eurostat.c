/* test_eurostat.c: published multipliers of the Eurostat Manual of Supply, Use and Input-Output Tables
 * (2008), ch. 15: Germany 1995, 6 sectors (output multipliers, GVA and employment effects, diagonal of
 * the Leontief inverse, to their 4 published decimals); the Netherlands 2000 compensation-of-employees
 * multipliers (3 decimals); Miller and Blair's two-sector textbook case; and Croatia 2010, whose
 * product U makes I - A singular and must be named. Source: examples/io/eurostat_small/PROVENANCE.txt. */
#include "golden.h"

#define ES "examples/io/eurostat_small/"

/* out := c (I - A)^-1 for c = row / output. */
static void effects(ogas_economy *e, const char *row, double *effect, double *mult)
{
    const ogas_series *s = ogas_economy_primary(e, row);
    double c[64];
    ogas_leontief *L = NULL;
    if (!s) {
        test_fail(__FILE__, __LINE__, "no row %s", row);
        return;
    }
    for (int64_t j = 0; j < e->n; j++) c[j] = s->x[j] / e->output[j];
    if (ogas_leontief_create(&e->A, e->codes, NULL, &L, NULL) != OGAS_OK ||
        ogas_input_effects(L, c, effect, mult, NULL, NULL) != OGAS_OK)
        test_fail(__FILE__, __LINE__, "effects of %s failed", row);
    ogas_leontief_destroy(L);
}

TEST(germany_1995_published_multipliers)
{
    static const double output_mult[6] = {1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782};
    static const double gva_effects[6] = {0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199};
    static const double emp_effects[6] = {0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242};
    static const double l_diag[3] = {1.0339, 1.4292, 1.0289};
    ogas_economy e;
    ogas_balance b;
    ogas_dense L;
    double eff[6], mult[6];
    REQUIRE(golden_economy(ES "germany_1995_siot_6sector.csv", NULL, &e));
    REQUIRE(e.n == 6);
    CHECK_STR(e.codes[0], "agriculture_group");
    CHECK_NEAR(e.output[1], 1079446, 0);
    /* labour recognised: employment_domestic_total (thousand persons), not a stand-in */
    CHECK(!e.labour_is_standin);
    CHECK_CONTAINS(e.labour_source, "employment_domestic_total");
    REQUIRE(ogas_balance_compute(&e, NULL, NULL, &b, NULL) == OGAS_OK);
    for (int j = 0; j < 6; j++) CHECK_NEAR(b.multiplier[j], output_mult[j], 5e-5);
    /* Employment effects are the labour values with employment as labour. */
    for (int j = 0; j < 6; j++) CHECK_NEAR(b.labour_value[j], emp_effects[j], 5e-5);
    effects(&e, "gva", eff, mult);
    for (int j = 0; j < 6; j++) CHECK_NEAR(eff[j], gva_effects[j], 5e-5);
    effects(&e, "employment_domestic_total", eff, mult);
    for (int j = 0; j < 6; j++) CHECK_NEAR(eff[j], emp_effects[j], 5e-5);
    REQUIRE(ogas_leontief_inverse(&e.A, e.codes, &L, NULL) == OGAS_OK);
    for (int j = 0; j < 3; j++) CHECK_NEAR(L.x[j * 6 + j], l_diag[j], 5e-5);
    ogas_dense_free(&L);
    ogas_balance_free(&b);
    ogas_economy_free(&e);
}

TEST(netherlands_2000_compensation_multipliers)
{
    static const double published[6] = {2.466, 2.333, 1.84, 2.372, 1.953, 1.417};
    ogas_economy e;
    double eff[6], mult[6];
    REQUIRE(golden_economy(ES "netherlands_2000_siot_6sector.csv", NULL, &e));
    REQUIRE(e.n == 6);
    CHECK_NEAR(e.output[0], 21863, 0); /* the output_bp row */
    effects(&e, "compensation_employees", eff, mult);
    for (int j = 0; j < 6; j++) CHECK_NEAR(mult[j], published[j], 5e-4);
    /* The table's final-demand columns count households twice (private and households); the reader says
     * so instead of hiding it. */
    {
        int noted = 0;
        for (int64_t k = 0; k < e.nnotes; k++) noted |= strstr(e.notes[k], "gross output differs") != NULL;
        CHECK(noted);
    }
    ogas_economy_free(&e);
}

/* Miller and Blair, Input-Output Analysis (2nd ed., 2009), sec. 2.3: A = [.15 .25; .20 .05]. */
TEST(miller_blair_two_sectors)
{
    const char *table = "code,1,2,households,total output\n"
                        "1,150,500,350,1000\n"
                        "2,200,100,1700,2000\n"
                        "value added,650,1400,,\n"
                        "total output,1000,2000,,\n";
    const char *path = test_tmpfile(0, ".csv", table);
    static const double printed[4] = {1.25412541, 0.330033, 0.2640264, 1.12211221};
    ogas_economy e;
    ogas_dense L;
    ogas_balance b;
    REQUIRE(golden_economy(path, NULL, &e));
    REQUIRE(e.n == 2);
    CHECK_NEAR(e.A.x[0], 0.15, 1e-16);
    REQUIRE(ogas_leontief_inverse(&e.A, e.codes, &L, NULL) == OGAS_OK);
    for (int k = 0; k < 4; k++) CHECK_NEAR(L.x[k], printed[k], 1e-6);
    /* exact: (I - A)^-1 = [.95 .25; .20 .85] / .7575 */
    CHECK_NEAR(L.x[0], 0.95 / 0.7575, 1e-15);
    CHECK_NEAR(L.x[1], 0.25 / 0.7575, 1e-15);
    CHECK_NEAR(L.x[2], 0.20 / 0.7575, 1e-15);
    CHECK_NEAR(L.x[3], 0.85 / 0.7575, 1e-15);
    REQUIRE(ogas_balance_compute(&e, NULL, NULL, &b, NULL) == OGAS_OK);
    CHECK_NEAR(b.output[0], 1000, 1e-10);
    CHECK_NEAR(b.output[1], 2000, 1e-10);
    ogas_balance_free(&b);
    ogas_dense_free(&L);
    ogas_economy_free(&e);
    remove(path);
}

/* Croatia 2010: product U has output 1.2e-7 and inputs equal to its output, so A's column U sums to 1 and
 * I - A is singular. The error must name U, for every method; leaving U out gives a productive economy. */
TEST(croatia_not_productive_names_U)
{
    static const char *tables[] = {ES "croatia_2010_1700_wide.csv", ES "croatia_2010_1800_wide.csv"};
    static const ogas_method methods[] = {OGAS_METHOD_AUTO, OGAS_METHOD_DENSE, OGAS_METHOD_GMRES, OGAS_METHOD_NEUMANN,
                                          OGAS_METHOD_GAUSS_SEIDEL};
    for (int t = 0; t < 2; t++) {
        ogas_economy e;
        ogas_balance b;
        ogas_error err;
        ogas_read_options o = {0};
        REQUIRE(golden_economy(tables[t], NULL, &e));
        CHECK_EQ_INT(e.n, 65);
        for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
            ogas_solve_options so;
            ogas_solve_options_init(&so);
            so.method = methods[m];
            ogas_error_clear(&err);
            if (ogas_balance_compute(&e, NULL, &so, &b, &err) == OGAS_OK) {
                test_fail(__FILE__, __LINE__, "%s balanced with %s", tables[t], ogas_method_name(methods[m]));
                ogas_balance_free(&b);
                continue;
            }
            CHECK_EQ_INT(err.code, OGAS_ENOTPRODUCTIVE);
            CHECK_CONTAINS(err.message, "U (1");
        }
        ogas_economy_free(&e);
        o.drop = "U";
        REQUIRE(golden_economy(tables[t], &o, &e));
        CHECK_EQ_INT(e.n, 64);
        REQUIRE(ogas_balance_compute(&e, NULL, NULL, &b, &err) == OGAS_OK);
        {
            double lo = 1e9, hi = 0;
            for (int j = 0; j < 64; j++) {
                lo = fmin(lo, b.multiplier[j]);
                hi = fmax(hi, b.multiplier[j]);
            }
            if (t == 1) { /* PROVENANCE: domestic table, multipliers 1.085 - 1.941 */
                CHECK_NEAR(lo, 1.085, 5e-4);
                CHECK_NEAR(hi, 1.941, 5e-4);
            }
        }
        ogas_balance_free(&b);
        ogas_economy_free(&e);
    }
}

/* The employment file (persons per CPA group) serves as labour for the Croatian table. */
TEST(croatia_labour_from_file)
{
    ogas_economy e;
    ogas_read_options o = {0};
    o.drop = "U";
    o.labour = ES "croatia_employment_2013.csv";
    REQUIRE(golden_economy(ES "croatia_2010_1800_wide.csv", &o, &e));
    REQUIRE(e.labour != NULL);
    CHECK_CONTAINS(e.labour_source, "croatia_employment_2013.csv");
    CHECK_NEAR(e.labour[0] * e.output[0], 13001, 1e-9);
    ogas_economy_free(&e);
}
