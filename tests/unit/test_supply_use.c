/* test_supply_use.c: make and use tables, industry technology, BEA scrap adjustment: hand-derived
 * cases, identities that hold for any tables, an independent numpy reference, bad input, out of memory,
 * and the commodity-by-commodity economy the supply-use layout reads. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/csv.h"
#include "ogas/ogas.h"
#include "ogas/supply_use.h"
#include "test.h"

#define EX_MAKE "examples/io/supply_use/make.csv"
#define EX_USE "examples/io/supply_use/use.csv"

/* C := the dense m x n row-major array a as CSR (REQUIREs success). */
static ogas_csr csr_of(int64_t m, int64_t n, const double *a)
{
    ogas_csr C = {0};
    ogas_status rc = ogas_csr_from_dense(m, n, a, &C, NULL);
    CHECK(rc == OGAS_OK);
    return C;
}

/* Largest |X - Y| over two m x n row-major arrays. */
static double maxdiff(int64_t m, int64_t n, const double *x, const double *y)
{
    double d = 0;
    for (int64_t k = 0; k < m * n; k++) d = fmax(d, fabs(x[k] - y[k]));
    return d;
}

/* P := X Y for dense row-major X (m x k) and Y (k x n); P must hold m*n. */
static void matmul(int64_t m, int64_t k, int64_t n, const double *x, const double *y, double *p)
{
    for (int64_t r = 0; r < m; r++)
        for (int64_t c = 0; c < n; c++) {
            double s = 0;
            for (int64_t t = 0; t < k; t++) s += x[r * k + t] * y[t * n + c];
            p[r * n + c] = s;
        }
}

/* Largest |(I - M) T - I| (left) or |T (I - M) - I| (right), all n x n. */
static double inverse_residual(int64_t n, const double *M, const double *T, int right)
{
    double worst = 0;
    for (int64_t r = 0; r < n; r++)
        for (int64_t c = 0; c < n; c++) {
            double s = 0;
            for (int64_t t = 0; t < n; t++) {
                double imr = (r == t) - M[r * n + t], imc = (t == c) - M[t * n + c];
                s += right ? T[r * n + t] * imc : imr * T[t * n + c];
            }
            worst = fmax(worst, fabs(s - (r == c)));
        }
    return worst;
}

/* The 2 x 2 case worked by hand.
 *
 *   V = [90 20; 10 80] (industries i1, i2 x commodities c1, c2): g = (110, 90), q = (100, 100)
 *   U = [22 9; 11 27]  (commodities x industries)
 *   B = U diag(g)^-1 = [22/110 9/90; 11/110 27/90] = [.2 .1; .1 .3]
 *   D = V diag(q)^-1 = [.9 .2; .1 .8]
 *   B D = [.2*.9+.1*.1  .2*.2+.1*.8; .1*.9+.3*.1  .1*.2+.3*.8] = [.19 .12; .12 .26]
 *   I - B D = [.81 -.12; -.12 .74], det = .81*.74 - .12*.12 = .5994 - .0144 = .585
 *   cxc = (I - B D)^-1 = [.74 .12; .12 .81] / .585
 *   D B = [.9*.2+.2*.1  .9*.1+.2*.3; .1*.2+.8*.1  .1*.1+.8*.3] = [.20 .15; .10 .25]
 *   I - D B = [.80 -.15; -.10 .75], det = .60 - .015 = .585 (= det(I - B D), as it must)
 *   ixi = (I - D B)^-1 = [.75 .15; .10 .80] / .585
 *   ixc = D cxc = [.9*.74+.2*.12  .9*.12+.2*.81; .1*.74+.8*.12  .1*.12+.8*.81] / .585
 *       = [.69 .27; .17 .66] / .585
 *   (and ixi D = [.75*.9+.15*.1  .75*.2+.15*.8; .1*.9+.8*.1  .1*.2+.8*.8] / .585 = the same). */
TEST(test_supply_use_hand_2x2)
{
    const double v[] = {90, 20, 10, 80}, u[] = {22, 9, 11, 27};
    const double cxc[] = {.74 / .585, .12 / .585, .12 / .585, .81 / .585};
    const double ixi[] = {.75 / .585, .15 / .585, .10 / .585, .80 / .585};
    const double ixc[] = {.69 / .585, .27 / .585, .17 / .585, .66 / .585};
    const double bx[] = {.2, .1, .1, .3}, dx[] = {.9, .2, .1, .8};
    const double *want[] = {ixi, cxc, ixc};
    ogas_csr V = csr_of(2, 2, v), U = csr_of(2, 2, u), B = {0}, D = {0};
    ogas_dense Bd = {0}, Dd = {0};
    for (int k = 0; k < 3; k++) {
        ogas_dense TR = {0};
        ogas_error err;
        REQUIRE(ogas_total_requirements(&V, &U, -1, (ogas_tr_kind)k, NULL, NULL, &TR, &err) == OGAS_OK);
        CHECK_EQ_INT(TR.m, 2);
        CHECK_EQ_INT(TR.n, 2);
        for (int e = 0; e < 4; e++) CHECK_NEAR(TR.x[e], want[k][e], 1e-12);
        ogas_dense_free(&TR);
    }
    REQUIRE(ogas_supply_use_coefficients(&V, &U, -1, NULL, NULL, &B, &D, NULL) == OGAS_OK);
    REQUIRE(ogas_csr_to_dense(&B, &Bd, NULL) == OGAS_OK && ogas_csr_to_dense(&D, &Dd, NULL) == OGAS_OK);
    CHECK(maxdiff(2, 2, Bd.x, bx) <= 1e-15);
    CHECK(maxdiff(2, 2, Dd.x, dx) <= 1e-15);
    ogas_dense_free(&Bd);
    ogas_dense_free(&Dd);
    ogas_csr_free(&B);
    ogas_csr_free(&D);
    ogas_csr_free(&V);
    ogas_csr_free(&U);
}

/* The scrap adjustment worked by hand: 2 industries x 3 commodities (c1, c2, s = scrap).
 *
 *   V = [72 16 22; 8 64 0]: g = (110, 72); scrap shares p = (22/110, 0) = (1/5, 0)
 *   Without column s: q = (80, 80), D0 = [72/80 16/80 0; 8/80 64/80 0] = [.9 .2 0; .1 .8 0]
 *   Row 1 divided by 1 - 1/5 = 4/5: D = [1.125 .25 0; .1 .8 0]   (check: D q = (90+20, 8+64) = g)
 *   U = [22 7.2; 11 21.6; 5.5 3.6]: B = U diag(g)^-1 = [.2 .1; .1 .3; .05 .05]
 *   B D = [.235 .13 0; .1425 .265 0; .06125 .0525 0]
 *   I - B D is block lower triangular, [M 0; r 1] with M = [.765 -.13; -.1425 .735],
 *     r = (-.06125, -.0525); det M = .562275 - .018525 = .54375, M^-1 = [.735 .13; .1425 .765] / .54375,
 *     and the inverse is [M^-1 0; -r M^-1 1], -r M^-1 = (.06125*.735 + .0525*.1425,
 *     .06125*.13 + .0525*.765) / .54375 = (.0525, .048125) / .54375:
 *   cxc = [.735 .13 0; .1425 .765 0; .0525 .048125 0] / .54375, plus 1 at (s, s)
 *   D B = [1.125*.2+.25*.1  1.125*.1+.25*.3; .1*.2+.8*.1  .1*.1+.8*.3] = [.25 .1875; .1 .25]
 *   ixi = (I - D B)^-1 = [.75 .1875; .1 .75] / .54375   (det = .5625 - .01875 = .54375)
 *   ixc = D cxc = [.8625 .3375 0; .1875 .625 0] / .54375   (= ixi D as well). */
TEST(test_supply_use_scrap_hand)
{
    const double v[] = {72, 16, 22, 8, 64, 0}, u[] = {22, 7.2, 11, 21.6, 5.5, 3.6};
    const double s = .54375;
    const double cxc[] = {.735 / s, .13 / s, 0, .1425 / s, .765 / s, 0, .0525 / s, .048125 / s, 1};
    const double ixi[] = {.75 / s, .1875 / s, .1 / s, .75 / s};
    const double ixc[] = {.8625 / s, .3375 / s, 0, .1875 / s, .625 / s, 0};
    const double dx[] = {1.125, .25, 0, .1, .8, 0};
    ogas_csr V = csr_of(2, 3, v), U = csr_of(3, 2, u), B = {0}, D = {0};
    ogas_dense T = {0}, T0 = {0}, Dd = {0};
    double g[2], q[3], Dq[2] = {0, 0};

    REQUIRE(ogas_total_requirements(&V, &U, 2, OGAS_TR_CXC, NULL, NULL, &T, NULL) == OGAS_OK);
    CHECK_EQ_INT(T.m, 3);
    CHECK_EQ_INT(T.n, 3);
    CHECK(maxdiff(3, 3, T.x, cxc) <= 1e-12);
    /* Without the adjustment, scrap is an ordinary product of industry 1 and the totals differ. */
    REQUIRE(ogas_total_requirements(&V, &U, -1, OGAS_TR_CXC, NULL, NULL, &T0, NULL) == OGAS_OK);
    CHECK(fabs(T0.x[0] - T.x[0]) > 1e-3);
    CHECK(fabs(T0.x[8] - 1.0) > 1e-3);
    ogas_dense_free(&T);
    ogas_dense_free(&T0);
    REQUIRE(ogas_total_requirements(&V, &U, 2, OGAS_TR_IXI, NULL, NULL, &T, NULL) == OGAS_OK);
    CHECK(T.m == 2 && T.n == 2 && maxdiff(2, 2, T.x, ixi) <= 1e-12);
    ogas_dense_free(&T);
    REQUIRE(ogas_total_requirements(&V, &U, 2, OGAS_TR_IXC, NULL, NULL, &T, NULL) == OGAS_OK);
    CHECK(T.m == 2 && T.n == 3 && maxdiff(2, 3, T.x, ixc) <= 1e-12);
    ogas_dense_free(&T);
    /* D itself, and D q = g with q the output of the other commodities. */
    REQUIRE(ogas_supply_use_coefficients(&V, &U, 2, NULL, NULL, &B, &D, NULL) == OGAS_OK);
    REQUIRE(ogas_csr_to_dense(&D, &Dd, NULL) == OGAS_OK);
    CHECK(maxdiff(2, 3, Dd.x, dx) <= 1e-15);
    ogas_supply_use_outputs(&V, g, q);
    CHECK_NEAR(g[0], 110, 0);
    CHECK_NEAR(q[2], 22, 0);
    ogas_csr_spmv(&D, q, Dq);
    CHECK_NEAR(Dq[0], g[0], 1e-12);
    CHECK_NEAR(Dq[1], g[1], 1e-12);
    ogas_dense_free(&Dd);
    ogas_csr_free(&B);
    ogas_csr_free(&D);
    ogas_csr_free(&V);
    ogas_csr_free(&U);
}

/* Checks the identities that hold for any tables: column sums of D are 1 without scrap (for commodities
 * someone makes), D q = g, (I - B D) cxc = I, ixi (I - D B) = I, ixc = D cxc = ixi D. */
static void check_identities(const ogas_csr *V, const ogas_csr *U, int64_t scrap)
{
    int64_t ni = V->m, nc = V->n;
    ogas_csr B = {0}, D = {0};
    ogas_dense Bd = {0}, Dd = {0}, ixi = {0}, cxc = {0}, ixc = {0};
    double *BD = calloc((size_t)(nc * nc), sizeof *BD), *DB = calloc((size_t)(ni * ni), sizeof *DB);
    double *P = calloc((size_t)(ni * nc), sizeof *P), *g = calloc((size_t)ni, sizeof *g);
    double *q = calloc((size_t)nc, sizeof *q), *Dq = calloc((size_t)ni, sizeof *Dq);
    double scale = 0;
    REQUIRE(BD && DB && P && g && q && Dq);
    REQUIRE(ogas_supply_use_coefficients(V, U, scrap, NULL, NULL, &B, &D, NULL) == OGAS_OK);
    REQUIRE(ogas_csr_to_dense(&B, &Bd, NULL) == OGAS_OK && ogas_csr_to_dense(&D, &Dd, NULL) == OGAS_OK);
    REQUIRE(ogas_total_requirements(V, U, scrap, OGAS_TR_IXI, NULL, NULL, &ixi, NULL) == OGAS_OK);
    REQUIRE(ogas_total_requirements(V, U, scrap, OGAS_TR_CXC, NULL, NULL, &cxc, NULL) == OGAS_OK);
    REQUIRE(ogas_total_requirements(V, U, scrap, OGAS_TR_IXC, NULL, NULL, &ixc, NULL) == OGAS_OK);
    ogas_supply_use_outputs(V, g, q);
    if (scrap < 0)
        for (int64_t c = 0; c < nc; c++) {
            double s = 0;
            for (int64_t i = 0; i < ni; i++) s += Dd.x[i * nc + c];
            if (q[c] > 0) CHECK_NEAR(s, 1.0, 1e-14);
        }
    ogas_csr_spmv(&D, q, Dq);
    for (int64_t i = 0; i < ni; i++) CHECK_NEAR(Dq[i], g[i], 1e-12 * g[i]);
    matmul(nc, ni, nc, Bd.x, Dd.x, BD);
    matmul(ni, nc, ni, Dd.x, Bd.x, DB);
    CHECK(inverse_residual(nc, BD, cxc.x, 0) <= 1e-12);
    CHECK(inverse_residual(ni, DB, ixi.x, 1) <= 1e-12);
    for (int64_t k = 0; k < ni * nc; k++) scale = fmax(scale, fabs(ixc.x[k]));
    matmul(ni, nc, nc, Dd.x, cxc.x, P);
    CHECK(maxdiff(ni, nc, P, ixc.x) <= 1e-12 * scale);
    matmul(ni, ni, nc, ixi.x, Dd.x, P);
    CHECK(maxdiff(ni, nc, P, ixc.x) <= 1e-12 * scale);
    free(BD);
    free(DB);
    free(P);
    free(g);
    free(q);
    free(Dq);
    ogas_dense_free(&Bd);
    ogas_dense_free(&Dd);
    ogas_dense_free(&ixi);
    ogas_dense_free(&cxc);
    ogas_dense_free(&ixc);
    ogas_csr_free(&B);
    ogas_csr_free(&D);
}

TEST(test_supply_use_identities_example)
{
    ogas_supply_use su;
    ogas_error err;
    REQUIRE(ogas_supply_use_read(EX_MAKE, EX_USE, NULL, &su, &err) == OGAS_OK);
    CHECK_EQ_INT(su.ni, 3);
    CHECK_EQ_INT(su.nc, 4);
    CHECK_EQ_INT(su.scrap, -1);
    CHECK_EQ_INT(su.nnotes, 0); /* the example's totals and balances add up */
    check_identities(&su.V, &su.U, -1);
    check_identities(&su.V, &su.U, 3);
    ogas_supply_use_free(&su);
}

/* Random tables, more commodities than industries, some commodities made by nobody. */
TEST(test_supply_use_identities_random)
{
    enum { NI = 23, NC = 31 };
    static double v[NI * NC], u[NC * NI];
    double g[NI] = {0};
    ogas_rng r;
    ogas_csr V, U;
    ogas_rng_seed(&r, 2024);
    for (int c = 0; c < NC; c++) {
        if (c == 7 || c == 19) continue; /* imports only */
        v[(c % NI) * NC + c] = 50 + 100 * ogas_rng_uniform(&r);
        for (int i = 0; i < NI; i++)
            if (ogas_rng_uniform(&r) < 0.15) v[i * NC + c] += 10 * ogas_rng_uniform(&r);
    }
    for (int i = 0; i < NI; i++)
        for (int c = 0; c < NC; c++) g[i] += v[i * NC + c];
    for (int c = 0; c < NC; c++)
        for (int i = 0; i < NI; i++)
            if (ogas_rng_uniform(&r) < 0.5) u[c * NI + i] = g[i] * 0.04 * ogas_rng_uniform(&r);
    V = csr_of(NI, NC, v);
    U = csr_of(NC, NI, u);
    check_identities(&V, &U, -1);
    check_identities(&V, &U, 4); /* commodity 4 as scrap */
    ogas_csr_free(&V);
    ogas_csr_free(&U);
}

/* Compares TR (rows x cols codes) with the wide CSV at path to tol. */
static void compare_reference(const char *path, const ogas_dense *TR, char *const *rows, char *const *cols, double tol)
{
    csv_table t;
    ogas_error err;
    REQUIRE(csv_read(path, ',', &t, &err) == OGAS_OK);
    CHECK_EQ_INT(t.nrows, TR->m + 1);
    for (int64_t r = 0; r < t.nrows && r <= TR->m; r++) {
        REQUIRE(csv_row_len(&t, r) == TR->n + 1);
        for (int64_t c = 1; c <= TR->n; c++) {
            if (r == 0) {
                CHECK_STR(csv_cell(&t, 0, c)->s, cols[c - 1]);
                continue;
            }
            {
                double want = strtod(csv_cell(&t, r, c)->s, NULL);
                CHECK_NEAR(TR->x[(r - 1) * TR->n + (c - 1)], want, tol);
            }
        }
        if (r > 0) CHECK_STR(csv_cell(&t, r, 0)->s, rows[r - 1]);
    }
    csv_free(&t);
}

/* The example against numpy. The reference files were made offline, by hand, with Debian's numpy:
 *     /usr/bin/python3 tests/data/supply_use/reference.py
 * (it parses the example with Python's csv module and inverts with numpy.linalg.inv). */
TEST(test_supply_use_numpy_reference)
{
    static const char *const names[] = {"ixi", "cxc", "ixc"};
    for (int withscrap = 0; withscrap < 2; withscrap++) {
        ogas_supply_use su;
        ogas_error err;
        REQUIRE(ogas_supply_use_read(EX_MAKE, EX_USE, withscrap ? "SCRAP" : NULL, &su, &err) == OGAS_OK);
        CHECK_EQ_INT(su.scrap, withscrap ? 3 : -1);
        for (int k = 0; k < 3; k++) {
            ogas_dense TR;
            char path[128];
            REQUIRE(ogas_total_requirements(&su.V, &su.U, su.scrap, (ogas_tr_kind)k, su.industries, su.commodities, &TR,
                                            &err) == OGAS_OK);
            snprintf(path, sizeof path, "tests/data/supply_use/tr_%s%s.csv", names[k], withscrap ? "_scrap" : "");
            compare_reference(path, &TR, k == OGAS_TR_CXC ? su.commodities : su.industries,
                              k == OGAS_TR_IXI ? su.industries : su.commodities, 1e-10);
            ogas_dense_free(&TR);
        }
        ogas_supply_use_free(&su);
    }
}

/* A good 2 x 2 pair (the hand case above, with final demand and value added): make and use texts. */
#define GOOD_MAKE ",c1,c2,Total\ni1,90,20,110\ni2,10,80,90\n"
#define GOOD_USE ",i1,i2,HH\nc1,22,9,69\nc2,11,27,62\nVA,77,54,\n"

/* Reads make and use texts; returns the status, err filled. */
static ogas_status read_texts(const char *make, const char *use, const char *scrap, ogas_error *err,
                              const char **make_path, const char **use_path)
{
    ogas_supply_use su;
    ogas_status rc;
    *make_path = test_tmpfile(0, ".csv", make);
    *use_path = test_tmpfile(1, ".csv", use);
    ogas_error_clear(err);
    rc = ogas_supply_use_read(*make_path, *use_path, scrap, &su, err);
    if (rc == OGAS_OK) ogas_supply_use_free(&su);
    return rc;
}

TEST(test_supply_use_good_texts)
{
    const char *mp, *up;
    ogas_error err;
    ogas_supply_use su;
    REQUIRE(read_texts(GOOD_MAKE, GOOD_USE, NULL, &err, &mp, &up) == OGAS_OK);
    /* Any order of industries and commodities in the use table, CPA_ prefixes and blanks ignored. */
    REQUIRE(read_texts(GOOD_MAKE, ", i2 ,i1,HH\nCPA_c2,27,11,62\nc1,9,22,69\nVA,54,77,\n", NULL, &err, &mp, &up) ==
            OGAS_OK);
    REQUIRE(ogas_supply_use_read(mp, up, NULL, &su, &err) == OGAS_OK);
    {
        ogas_dense TR;
        REQUIRE(ogas_total_requirements(&su.V, &su.U, -1, OGAS_TR_CXC, su.industries, su.commodities, &TR, &err) ==
                OGAS_OK);
        CHECK_NEAR(TR.x[0], .74 / .585, 1e-12);
        CHECK_NEAR(TR.x[1], .12 / .585, 1e-12);
        CHECK_NEAR(TR.x[3], .81 / .585, 1e-12);
        ogas_dense_free(&TR);
    }
    CHECK_EQ_INT(su.nfd, 1);
    CHECK_STR(su.fd[0].name, "HH");
    CHECK_NEAR(su.fd[0].x[0], 69, 0);
    CHECK_EQ_INT(su.nva, 1);
    CHECK_NEAR(su.va[0].x[0], 77, 0);
    CHECK_NEAR(su.va[0].x[1], 54, 0);
    ogas_supply_use_free(&su);
    /* Totals a little off (rounding) are notes, not errors. */
    REQUIRE(read_texts(",c1,c2,Total\ni1,90,20,110.001\ni2,10,80,90\n", GOOD_USE, NULL, &err, &mp, &up) == OGAS_OK);
    REQUIRE(ogas_supply_use_read(mp, up, NULL, &su, &err) == OGAS_OK);
    CHECK_EQ_INT(su.nnotes, 1);
    if (su.nnotes) CHECK_CONTAINS(su.notes[0], "total column 'Total'");
    ogas_supply_use_free(&su);
}

TEST(test_supply_use_bad_input)
{
    const char *mp, *up;
    ogas_error err;
    /* Industries of V and U that do not match: the use table's industry columns stop at j2. */
    CHECK_EQ_INT(read_texts(GOOD_MAKE, ",i1,j2,HH\nc1,22,9,69\nc2,11,27,62\nVA,77,54,\n", NULL, &err, &mp, &up),
                 OGAS_EINVAL);
    CHECK_STR(err.file, up);
    CHECK_EQ_INT(err.line, 1);
    CHECK_EQ_INT(err.column, 5);
    CHECK_CONTAINS(err.message, "no column for industry 'i2'");
    CHECK_CONTAINS(err.message, "'j2'");
    /* An industry the make table lacks: i2 would pass for final demand, but it has value added. */
    CHECK_EQ_INT(read_texts(",c1,c2\ni1,90,20\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_STR(err.file, up);
    CHECK_EQ_INT(err.line, 4);
    CHECK_EQ_INT(err.column, 7);
    CHECK_CONTAINS(err.message, "'i2' is an industry or 'VA' a commodity");
    /* An industry column repeated. */
    CHECK_EQ_INT(read_texts(GOOD_MAKE, ",i1,i2,i1\nc1,22,9,69\nc2,11,27,62\nVA,77,54,\n", NULL, &err, &mp, &up),
                 OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 1);
    CHECK_EQ_INT(err.column, 8);
    CHECK_CONTAINS(err.message, "duplicate industry column 'i1'");
    /* Commodities that do not match. */
    CHECK_EQ_INT(read_texts(GOOD_MAKE, ",i1,i2,HH\nc1,22,9,69\nc3,11,27,62\nVA,77,54,\n", NULL, &err, &mp, &up),
                 OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 3);
    CHECK_EQ_INT(err.column, 1);
    CHECK_CONTAINS(err.message, "no row for commodity 'c2'");
    /* Ragged rows, in either table. */
    CHECK_EQ_INT(read_texts(",c1,c2,Total\ni1,90,20,110\ni2,10,80\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_STR(err.file, mp);
    CHECK_EQ_INT(err.line, 3);
    CHECK_CONTAINS(err.message, "ragged row");
    CHECK_EQ_INT(read_texts(GOOD_MAKE, ",i1,i2,HH\nc1,22,9,69,1\nc2,11,27,62\nVA,77,54,\n", NULL, &err, &mp, &up),
                 OGAS_EINVAL);
    CHECK_STR(err.file, up);
    CHECK_EQ_INT(err.line, 2);
    /* Non-numeric cells. */
    CHECK_EQ_INT(read_texts(",c1,c2,Total\ni1,9O,20,110\ni2,10,80,90\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_STR(err.file, mp);
    CHECK_EQ_INT(err.line, 2);
    CHECK_EQ_INT(err.column, 4);
    CHECK_CONTAINS(err.message, "'9O'");
    CHECK_EQ_INT(read_texts(GOOD_MAKE, ",i1,i2,HH\nc1,22,9,69\nc2,11,x,62\nVA,77,54,\n", NULL, &err, &mp, &up),
                 OGAS_EINVAL);
    CHECK_STR(err.file, up);
    CHECK_EQ_INT(err.line, 3);
    CHECK_EQ_INT(err.column, 7);
    /* Negative output. */
    CHECK_EQ_INT(read_texts(",c1,c2\ni1,90,20\ni2,-10,80\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_STR(err.file, mp);
    CHECK_EQ_INT(err.line, 3);
    CHECK_EQ_INT(err.column, 4);
    CHECK_CONTAINS(err.message, "negative output");
    /* A total more than 1% off its row: the wrong column was read. */
    CHECK_EQ_INT(read_texts(",c1,c2,Total\ni1,90,20,120\ni2,10,80,90\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 2);
    CHECK_EQ_INT(err.column, 10);
    /* Unknown --scrap code. */
    CHECK_EQ_INT(read_texts(GOOD_MAKE, GOOD_USE, "SCRAP", &err, &mp, &up), OGAS_EARG);
    CHECK_STR(err.file, mp);
    CHECK_EQ_INT(err.line, 1);
    CHECK_CONTAINS(err.message, "--scrap 'SCRAP'");
    CHECK_CONTAINS(err.message, "c1, c2");
    /* Zero industry output, with inputs. */
    CHECK_EQ_INT(read_texts(",c1,c2\ni1,90,20\ni2,0,0\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_STR(err.file, mp);
    CHECK_EQ_INT(err.line, 3);
    CHECK_EQ_INT(err.column, 1);
    CHECK_CONTAINS(err.message, "industry 'i2' makes nothing");
    /* Duplicate codes. */
    CHECK_EQ_INT(read_texts(",c1,c1\ni1,90,20\ni2,10,80\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 1);
    CHECK_EQ_INT(err.column, 5);
    /* A make table without data rows. */
    CHECK_EQ_INT(read_texts(",c1,c2\n", GOOD_USE, NULL, &err, &mp, &up), OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 1);
}

/* Zero output without inputs is allowed (a zero column); all of an industry's output scrap is not. */
TEST(test_supply_use_degenerate)
{
    const double v[] = {90, 20, 0, 0}, u[] = {22, 0, 11, 0};
    const double v2[] = {90, 20, 0, 0, 0, 5}, u2[] = {22, 1, 11, 1, 0, 0};
    ogas_csr V = csr_of(2, 2, v), U = csr_of(2, 2, u), V2 = csr_of(2, 3, v2), U2 = csr_of(3, 2, u2);
    char *inds[] = {"i1", "i2"}, *coms[] = {"c1", "c2", "s"};
    ogas_dense TR;
    ogas_error err;
    CHECK_EQ_INT(ogas_total_requirements(&V, &U, -1, OGAS_TR_IXI, inds, coms, &TR, &err), OGAS_OK);
    if (TR.x) CHECK_NEAR(TR.x[3], 1.0, 0);
    ogas_dense_free(&TR);
    CHECK_EQ_INT(ogas_total_requirements(&V2, &U2, 2, OGAS_TR_IXI, inds, coms, &TR, &err), OGAS_EINVAL);
    CHECK_CONTAINS(err.message, "industry i2 makes nothing but scrap (s)");
    CHECK(TR.x == NULL);
    CHECK_EQ_INT(ogas_total_requirements(&V, &U, 5, OGAS_TR_IXI, inds, coms, &TR, &err), OGAS_EARG);
    ogas_csr_free(&V);
    ogas_csr_free(&U);
    ogas_csr_free(&V2);
    ogas_csr_free(&U2);
}

/* An economy that is not productive is refused, naming an industry. */
TEST(test_supply_use_not_productive)
{
    const double v[] = {100, 0, 0, 100}, u[] = {90, 20, 30, 50};
    ogas_csr V = csr_of(2, 2, v), U = csr_of(2, 2, u);
    char *inds[] = {"i1", "i2"}, *coms[] = {"c1", "c2"};
    ogas_dense TR;
    ogas_error err;
    CHECK_EQ_INT(ogas_total_requirements(&V, &U, -1, OGAS_TR_IXI, inds, coms, &TR, &err), OGAS_ENOTPRODUCTIVE);
    CHECK_CONTAINS(err.message, "i1");
    CHECK(TR.x == NULL);
    ogas_csr_free(&V);
    ogas_csr_free(&U);
}

/* The supply-use layout of ogas_economy_read: commodity by commodity, output q, x = (I - A)^-1 d = q. */
TEST(test_supply_use_economy)
{
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_balance b;
    ogas_error err;
    ogas_supply_use su;
    ogas_csr B, D, A;
    o.make = EX_MAKE;
    o.use = EX_USE;
    o.scrap = "SCRAP";
    REQUIRE(ogas_economy_read(EX_USE, &o, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.n, 4);
    CHECK_STR(e.layout, "supply-use");
    CHECK_STR(e.codes[0], "AGRP");
    CHECK_STR(e.codes[3], "SCRAP");
    CHECK_NEAR(e.output[1], 578, 1e-12);
    CHECK_NEAR(e.output[3], 25, 1e-12); /* the scrap made */
    CHECK_EQ_INT(e.nfd, 5);
    CHECK_EQ_INT(e.nprimary, 3);
    /* A = B D exactly as the algebra computes it. */
    REQUIRE(ogas_supply_use_read(EX_MAKE, EX_USE, "SCRAP", &su, &err) == OGAS_OK);
    REQUIRE(ogas_supply_use_coefficients(&su.V, &su.U, su.scrap, NULL, NULL, &B, &D, &err) == OGAS_OK);
    REQUIRE(ogas_supply_use_direct(&B, &D, OGAS_TR_CXC, &A, &err) == OGAS_OK);
    {
        ogas_dense X, Y;
        REQUIRE(ogas_csr_to_dense(&A, &X, NULL) == OGAS_OK && ogas_csr_to_dense(&e.A, &Y, NULL) == OGAS_OK);
        CHECK(maxdiff(4, 4, X.x, Y.x) == 0.0);
        for (int r = 0; r < 4; r++) CHECK(Y.x[r * 4 + 3] == 0.0); /* scrap needs no inputs */
        ogas_dense_free(&X);
        ogas_dense_free(&Y);
    }
    /* Value added carried over to commodities keeps its total; compensation is the labour stand-in. */
    for (int64_t k = 0; k < e.nprimary; k++) {
        double ind = 0, com = 0;
        for (int64_t i = 0; i < su.ni; i++) ind += su.va[k].x[i];
        for (int64_t c = 0; c < e.n; c++) com += e.primary[k].x[c];
        CHECK_NEAR(com, ind, 1e-10);
        CHECK_NEAR(e.primary[k].x[3], 0.0, 0);
    }
    CHECK_STR(e.primary[0].name, "Compensation of employees");
    CHECK(e.labour != NULL);
    CHECK(e.labour_is_standin);
    /* The tables balance, so the balance of the economy for its own final demand is q. */
    REQUIRE(ogas_balance_compute(&e, NULL, NULL, &b, &err) == OGAS_OK);
    for (int64_t c = 0; c < e.n; c++) CHECK_NEAR(b.output[c], e.output[c], 1e-9 * e.output[c]);
    ogas_balance_free(&b);
    ogas_economy_free(&e);
    /* --drop recomputes A from Z = A diag(q). */
    o.drop = "SCRAP";
    REQUIRE(ogas_economy_read(EX_USE, &o, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.n, 3);
    {
        ogas_dense X, Y;
        REQUIRE(ogas_csr_to_dense(&A, &X, NULL) == OGAS_OK && ogas_csr_to_dense(&e.A, &Y, NULL) == OGAS_OK);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) CHECK_NEAR(Y.x[r * 3 + c], X.x[r * 4 + c], 1e-15);
        ogas_dense_free(&X);
        ogas_dense_free(&Y);
    }
    ogas_economy_free(&e);
    /* Without --make. */
    o.make = NULL;
    o.drop = NULL;
    o.layout = "supply-use";
    CHECK_EQ_INT(ogas_economy_read(EX_USE, &o, &e, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "make table");
    ogas_csr_free(&A);
    ogas_csr_free(&B);
    ogas_csr_free(&D);
    ogas_supply_use_free(&su);
}

/* Every allocation that fails is reported as out of memory, and nothing crashes or leaks. */
TEST(test_supply_use_out_of_memory)
{
    long k;
    for (k = 0; k < 100000; k++) {
        ogas_supply_use su;
        ogas_dense TR = {0};
        ogas_economy e;
        ogas_read_options o = {0};
        ogas_error err;
        ogas_status rc;
        o.make = EX_MAKE;
        o.use = EX_USE;
        o.scrap = "SCRAP";
        test_alloc_fail_after(k);
        rc = ogas_supply_use_read(EX_MAKE, EX_USE, "SCRAP", &su, &err);
        if (!rc) {
            rc = ogas_total_requirements(&su.V, &su.U, su.scrap, OGAS_TR_IXC, su.industries, su.commodities, &TR, &err);
            ogas_supply_use_free(&su);
        }
        if (!rc) {
            ogas_dense_free(&TR);
            rc = ogas_economy_read(EX_USE, &o, &e, &err);
            if (!rc) ogas_economy_free(&e);
        }
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        if (rc != OGAS_ENOMEM) {
            test_fail(__FILE__, __LINE__, "allocation %ld failing gave %s: %s", k, ogas_status_name(rc), err.message);
            break;
        }
    }
    CHECK(k > 10 && k < 100000);
}
