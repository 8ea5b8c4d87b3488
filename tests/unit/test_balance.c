/* test_balance.c: every method agrees with the dense LU to 1e-10 relative on every bundled table and on
 * generated economies; residuals are checked directly; generation is deterministic. */
#include <omp.h>
#include <stdlib.h>

#include "ogas/ogas.h"
#include "test.h"

/* max |a - b| / max |b| */
static double reldiff(int64_t n, const double *a, const double *b)
{
    double d = 0, m = 0;
    for (int64_t i = 0; i < n; i++) {
        d = fmax(d, fabs(a[i] - b[i]));
        m = fmax(m, fabs(b[i]));
    }
    return m > 0 ? d / m : d;
}

/* ||d - (I - A) x|| / ||d|| computed here, independently of the library's kernels. */
static double residual(const ogas_csr *A, const double *x, const double *d)
{
    long double rr = 0, dd = 0;
    for (int64_t i = 0; i < A->m; i++) {
        long double s = (long double)d[i] - x[i];
        for (int64_t k = A->p[i]; k < A->p[i + 1]; k++) s += (long double)A->x[k] * x[A->j[k]];
        rr += s * s;
        dd += (long double)d[i] * d[i];
    }
    return (double)sqrtl(rr / dd);
}

/* Solves x, multipliers and labour values with every method and compares with the dense reference. */
static void agree(const char *what, const ogas_csr *A, const double *d, const double *l)
{
    static const ogas_method methods[] = {OGAS_METHOD_GMRES, OGAS_METHOD_NEUMANN, OGAS_METHOD_GAUSS_SEIDEL,
                                          OGAS_METHOD_AUTO};
    int64_t n = A->n;
    double *xd = malloc((size_t)n * 8), *vd = malloc((size_t)n * 8), *x = malloc((size_t)n * 8), *v = malloc((size_t)n * 8);
    ogas_solve_options so;
    ogas_leontief *L;
    ogas_error err;
    ogas_solve_options_init(&so);
    so.method = OGAS_METHOD_DENSE;
    so.tol = 1e-13;
    if (ogas_leontief_create(A, NULL, &so, &L, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s: dense: %s", what, err.message);
        goto done;
    }
    CHECK(ogas_leontief_solve(L, d, xd, NULL, NULL) == OGAS_OK);
    CHECK(ogas_leontief_solve_transposed(L, l, vd, NULL, NULL) == OGAS_OK);
    CHECK(residual(A, xd, d) <= 1e-13);
    ogas_leontief_destroy(L);
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
        ogas_solve_info info;
        so.method = methods[m];
        if (ogas_leontief_create(A, NULL, &so, &L, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s: %s", what, ogas_method_name(methods[m]), err.message);
            continue;
        }
        if (ogas_leontief_solve(L, d, x, &info, &err) != OGAS_OK ||
            ogas_leontief_solve_transposed(L, l, v, NULL, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s: %s", what, ogas_method_name(methods[m]), err.message);
        } else {
            double rx = reldiff(n, x, xd), rv = reldiff(n, v, vd), res = residual(A, x, d);
            /* The residual computed here in long double differs from the library's double one by rounding, about
             * n eps |A| |x| / |d|; allow 1e-13 for that. */
            if (!(rx <= 1e-10 && rv <= 1e-10 && res <= 2e-13 && fabs(res - info.relative_residual) <= 1e-13))
                test_fail(__FILE__, __LINE__, "%s: %s: x off by %.3g, v off by %.3g, residual %.3g (reported %.3g)",
                          what, ogas_method_name(methods[m]), rx, rv, res, info.relative_residual);
        }
        ogas_leontief_destroy(L);
    }
done:
    free(xd);
    free(vd);
    free(x);
    free(v);
}

static void agree_table(const char *path, const char *drop)
{
    ogas_economy e;
    ogas_read_options o = {0};
    ogas_error err;
    double *l;
    o.drop = drop;
    if (ogas_economy_read(path, &o, &e, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s: %s", path, err.message);
        return;
    }
    l = malloc((size_t)e.n * 8);
    for (int64_t i = 0; i < e.n; i++) l[i] = e.labour ? e.labour[i] : 1.0;
    agree(path, &e.A, e.demand, l);
    free(l);
    ogas_economy_free(&e);
}

TEST(methods_agree_on_bundled_tables)
{
    agree_table("examples/io/uk2010_ons/iot_domestic_pxp_basic.csv", NULL);
    agree_table("examples/io/eurostat_small/germany_1995_siot_6sector.csv", NULL);
    agree_table("examples/io/eurostat_small/netherlands_2000_siot_6sector.csv", NULL);
    agree_table("examples/io/eurostat_small/croatia_2010_1700_wide.csv", "U");
    agree_table("examples/io/eurostat_small/croatia_2010_1800_wide.csv", "U");
    agree_table("examples/plan/example4", NULL);
    agree_table("examples/plan/random5y/n40_1", NULL);
    agree_table("examples/plan/random5y/n10_2", NULL);
}

TEST(methods_agree_on_wiod_tables)
{
    agree_table("examples/io/wiod2016/GBR_NIOT_nov16.csv", NULL);
    agree_table("examples/io/wiod2016/USA_NIOT_nov16.csv", NULL);
    agree_table("examples/io/wiod2016/DEU_NIOT_nov16.csv", NULL);
}

TEST(methods_agree_on_generated_economies)
{
    static const struct {
        int64_t n;
        double k, rho;
        uint64_t seed;
    } cases[] = {{500, 5, 0.5, 1}, {3000, 20, 0.8, 2}, {3000, 20, 0.95, 3}, {5000, 8, 0.9, 4}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        ogas_generate_options o;
        ogas_synthetic s;
        char what[64];
        ogas_generate_options_init(&o);
        o.products = cases[c].n;
        o.inputs = cases[c].k;
        o.rho = cases[c].rho;
        o.seed = cases[c].seed;
        REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
        snprintf(what, sizeof what, "generated n=%lld rho=%g", (long long)o.products, o.rho);
        agree(what, &s.A, s.demand, s.labour);
        ogas_synthetic_free(&s);
    }
}

/* Large generated economy, iterative methods only: residual reached, methods agree. */
TEST(iterative_methods_agree_at_scale)
{
    ogas_generate_options o;
    ogas_synthetic s;
    int64_t n = 600000; /* 12 million nonzeros: the prefetching product runs, and GMRES keeps P v_j (from 2^19) */
    double *x1 = malloc((size_t)n * 8), *x2 = malloc((size_t)n * 8), *x3 = malloc((size_t)n * 8);
    double *xs[3] = {x1, x2, x3};
    static const ogas_method methods[3] = {OGAS_METHOD_GMRES, OGAS_METHOD_NEUMANN, OGAS_METHOD_GAUSS_SEIDEL};
    ogas_generate_options_init(&o);
    o.products = n;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    for (int m = 0; m < 3; m++) {
        ogas_solve_options so;
        ogas_leontief *L;
        ogas_solve_options_init(&so);
        so.method = methods[m];
        so.scatter_from = 1000; /* GMRES and Neumann through the scattered product */
        so.tol = 1e-12;
        REQUIRE(ogas_leontief_create(&s.A, NULL, &so, &L, NULL) == OGAS_OK);
        CHECK(ogas_leontief_solve(L, s.demand, xs[m], NULL, NULL) == OGAS_OK);
        CHECK(residual(&s.A, xs[m], s.demand) <= 1.1e-12);
        ogas_leontief_destroy(L);
    }
    CHECK(reldiff(n, x2, x1) <= 1e-10);
    CHECK(reldiff(n, x3, x1) <= 1e-10);
    free(x1);
    free(x2);
    free(x3);
    ogas_synthetic_free(&s);
}

/* One allocation of a scattering solver failing, whichever: create and solve either fail with OGAS_ENOMEM
 * or give the solution found with memory enough, to rounding. The scatter map is an optimisation: when
 * its arrays or its buffers cannot be had, create succeeds and the product scatters by A' itself (so
 * some failures inside create must leave create succeeding). */
TEST(scatter_solver_out_of_memory)
{
    ogas_generate_options o;
    ogas_synthetic s;
    int64_t n = 20000;
    double *x = malloc((size_t)n * 8), *ref = malloc((size_t)n * 8);
    long in_create, created_anyway = 0, failed = 0;
    ogas_solve_options so;
    ogas_leontief *L;
    ogas_generate_options_init(&o);
    o.products = n;
    o.keep_transpose = 1;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    ogas_solve_options_init(&so);
    so.method = OGAS_METHOD_GMRES;
    so.scatter_from = 1000;
    test_alloc_fail_only(1000000); /* counts, fails nothing */
    REQUIRE(ogas_leontief_create_t(&s.A, &s.AT, NULL, &so, &L, NULL) == OGAS_OK);
    in_create = test_alloc_count();
    REQUIRE(ogas_leontief_solve(L, s.demand, ref, NULL, NULL) == OGAS_OK);
    test_alloc_fail_only(-1);
    ogas_leontief_destroy(L);
    for (long k = 0; k < in_create + 20; k++) {
        ogas_status rc;
        int created;
        L = NULL;
        test_alloc_fail_only(k);
        rc = ogas_leontief_create_t(&s.A, &s.AT, NULL, &so, &L, NULL);
        created = rc == OGAS_OK;
        if (rc == OGAS_OK) rc = ogas_leontief_solve(L, s.demand, x, NULL, NULL);
        test_alloc_fail_only(-1);
        if (rc == OGAS_OK) {
            for (int64_t i = 0; i < n; i++)
                if (!(fabs(x[i] - ref[i]) <= 1e-12 * fabs(ref[i]))) {
                    test_fail(__FILE__, __LINE__, "allocation %ld failing: product %lld: %.17g vs %.17g", k, (long long)i,
                              x[i], ref[i]);
                    break;
                }
            if (k < in_create) created_anyway++;
        } else {
            failed++;
            CHECK_EQ_INT(rc, OGAS_ENOMEM);
        }
        if (k < in_create && !created) CHECK(L == NULL);
        ogas_leontief_destroy(L);
    }
    CHECK(created_anyway > 0 && failed > 0);
    free(x);
    free(ref);
    ogas_synthetic_free(&s);
}

/* The transpose kept by the generator is A' exactly, and a solver given it solves the same. */
TEST(generator_transpose_and_create_t)
{
    ogas_generate_options o;
    ogas_synthetic s;
    ogas_csr T;
    ogas_leontief *L1, *L2;
    ogas_solve_options so;
    double *x1 = malloc(30000 * 8), *x2 = malloc(30000 * 8);
    ogas_generate_options_init(&o);
    o.products = 30000;
    o.keep_transpose = 1;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    REQUIRE(ogas_csr_transpose(&s.A, &T, NULL) == OGAS_OK);
    REQUIRE(ogas_csr_nnz(&T) == ogas_csr_nnz(&s.AT));
    CHECK(memcmp(T.p, s.AT.p, 30001 * 8) == 0);
    CHECK(memcmp(T.j, s.AT.j, (size_t)ogas_csr_nnz(&T) * 4) == 0);
    CHECK(memcmp(T.x, s.AT.x, (size_t)ogas_csr_nnz(&T) * 8) == 0);
    ogas_solve_options_init(&so);
    so.method = OGAS_METHOD_GMRES;
    so.scatter_from = 1000;
    REQUIRE(ogas_leontief_create(&s.A, NULL, &so, &L1, NULL) == OGAS_OK);
    REQUIRE(ogas_leontief_create_t(&s.A, &s.AT, NULL, &so, &L2, NULL) == OGAS_OK);
    REQUIRE(ogas_leontief_solve(L1, s.demand, x1, NULL, NULL) == OGAS_OK);
    REQUIRE(ogas_leontief_solve(L2, s.demand, x2, NULL, NULL) == OGAS_OK);
    CHECK(memcmp(x1, x2, 30000 * 8) == 0);
    REQUIRE(ogas_leontief_solve_transposed(L2, s.labour, x2, NULL, NULL) == OGAS_OK);
    CHECK(residual(&T, x2, s.labour) <= 2e-10);
    ogas_leontief_destroy(L1);
    ogas_leontief_destroy(L2);
    ogas_csr_free(&T);
    ogas_synthetic_free(&s);
    free(x1);
    free(x2);
}

/* Same seed, same economy, whatever the thread count; another seed, another economy; rho as asked. */
TEST(generator_deterministic)
{
    ogas_generate_options o;
    ogas_synthetic a, b, c;
    ogas_generate_options_init(&o);
    o.products = 20000;
    o.seed = 11;
    omp_set_num_threads(1);
    REQUIRE(ogas_generate_economy(&o, &a, NULL) == OGAS_OK);
    omp_set_num_threads(2);
    REQUIRE(ogas_generate_economy(&o, &b, NULL) == OGAS_OK);
    o.seed = 12;
    REQUIRE(ogas_generate_economy(&o, &c, NULL) == OGAS_OK);
    REQUIRE(ogas_csr_nnz(&a.A) == ogas_csr_nnz(&b.A));
    CHECK(memcmp(a.A.p, b.A.p, (size_t)(a.A.m + 1) * 8) == 0);
    CHECK(memcmp(a.A.j, b.A.j, (size_t)ogas_csr_nnz(&a.A) * 4) == 0);
    CHECK(memcmp(a.A.x, b.A.x, (size_t)ogas_csr_nnz(&a.A) * 8) == 0);
    CHECK(memcmp(a.demand, b.demand, 20000 * 8) == 0);
    CHECK(ogas_csr_nnz(&c.A) != ogas_csr_nnz(&a.A) || memcmp(a.A.x, c.A.x, (size_t)ogas_csr_nnz(&a.A) * 8) != 0);
    /* about 20 inputs per product */
    CHECK_NEAR((double)ogas_csr_nnz(&a.A) / 20000, 20, 0.5);
    /* spectral radius: Collatz-Wielandt bounds after many power steps on (A + I)/2 */
    {
        ogas_productivity p;
        double *x = malloc(20000 * 8), *y = malloc(20000 * 8), hi = 0;
        for (int i = 0; i < 20000; i++) x[i] = 1;
        for (int it = 0; it < 400; it++) {
            double m = 0;
            ogas_csr_spmv(&a.A, x, y);
            hi = 0;
            for (int i = 0; i < 20000; i++) {
                y[i] = 0.5 * (y[i] + x[i]);
                hi = fmax(hi, y[i] / x[i]);
                m = fmax(m, y[i]);
            }
            for (int i = 0; i < 20000; i++) x[i] = y[i] / m;
        }
        CHECK_NEAR(2 * hi - 1, 0.8, 1e-4);
        REQUIRE(ogas_productivity_check(&a.A, &p, NULL) == OGAS_OK);
        CHECK_EQ_INT(p.productive, 1);
        free(x);
        free(y);
    }
    /* a popular input (energy, steel) is used by a large share of industries */
    {
        int64_t longest = 0;
        for (int64_t i = 0; i < a.A.m; i++)
            if (a.A.p[i + 1] - a.A.p[i] > longest) longest = a.A.p[i + 1] - a.A.p[i];
        CHECK(longest > 20000 / 10);
    }
    ogas_synthetic_free(&a);
    ogas_synthetic_free(&b);
    ogas_synthetic_free(&c);
}

/* A matrix with spectral radius above 1 and all methods: a clear error naming products, no numbers. */
TEST(not_productive_is_an_error)
{
    ogas_triplet T;
    ogas_csr A;
    double d[3] = {1, 1, 1}, x[3];
    static const ogas_method methods[] = {OGAS_METHOD_DENSE, OGAS_METHOD_GMRES, OGAS_METHOD_NEUMANN,
                                          OGAS_METHOD_GAUSS_SEIDEL};
    char *codes[3] = {"steel", "coal", "bread"};
    ogas_triplet_init(&T, 3, 3, 8, NULL);
    ogas_triplet_push(&T, 0, 1, 0.9, NULL);
    ogas_triplet_push(&T, 1, 0, 1.5, NULL); /* steel and coal need more of each other than they make */
    ogas_triplet_push(&T, 2, 2, 0.1, NULL);
    REQUIRE(ogas_csr_from_triplet(&T, &A, NULL) == OGAS_OK);
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
        ogas_solve_options so;
        ogas_leontief *L = NULL;
        ogas_error err;
        ogas_status rc;
        ogas_solve_options_init(&so);
        so.method = methods[m];
        rc = ogas_leontief_create(&A, codes, &so, &L, &err);
        if (rc == OGAS_OK) rc = ogas_leontief_solve(L, d, x, NULL, &err);
        CHECK_EQ_INT(rc, OGAS_ENOTPRODUCTIVE);
        if (rc) CHECK_CONTAINS(err.message, "steel");
        ogas_leontief_destroy(L);
    }
    ogas_csr_free(&A);
    ogas_triplet_free(&T);
}

/* Zero output with no inputs: a zero column; with inputs: an error naming the product. */
TEST(coefficients_zero_output)
{
    ogas_triplet T;
    ogas_csr Z, A;
    ogas_error err;
    double x[2] = {10, 0};
    char *codes[2] = {"a", "b"};
    ogas_triplet_init(&T, 2, 2, 4, NULL);
    ogas_triplet_push(&T, 0, 0, 2, NULL);
    ogas_triplet_push(&T, 1, 0, 3, NULL);
    REQUIRE(ogas_csr_from_triplet(&T, &Z, NULL) == OGAS_OK);
    REQUIRE(ogas_coefficients(&Z, x, codes, &A, NULL) == OGAS_OK);
    CHECK_NEAR(A.x[0], 0.2, 1e-17);
    CHECK_NEAR(A.x[1], 0.3, 1e-17);
    ogas_csr_free(&A);
    ogas_csr_free(&Z);
    ogas_triplet_push(&T, 0, 1, 1, NULL);
    REQUIRE(ogas_csr_from_triplet(&T, &Z, NULL) == OGAS_OK);
    CHECK_EQ_INT(ogas_coefficients(&Z, x, codes, &A, &err), OGAS_EINVAL);
    CHECK_CONTAINS(err.message, "product b");
    ogas_csr_free(&Z);
    ogas_triplet_free(&T);
}
