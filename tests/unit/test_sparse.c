/* test_sparse.c: triplets, compression, transpose, products, Matrix Market files. */
#include <omp.h>
#include <stdlib.h>
#include <unistd.h>

#include "ogas/ogas.h"
#include "test.h"

/* A random m x n matrix as triplets with duplicates, and the same as a dense array. */
static void random_matrix(ogas_triplet *T, double *dense, int64_t m, int64_t n, int64_t nz, uint64_t seed)
{
    ogas_rng r;
    ogas_rng_seed(&r, seed);
    memset(dense, 0, (size_t)(m * n) * sizeof *dense);
    ogas_triplet_init(T, m, n, 4, NULL);
    for (int64_t k = 0; k < nz; k++) {
        int64_t i = (int64_t)ogas_rng_below(&r, (uint64_t)m), j = (int64_t)ogas_rng_below(&r, (uint64_t)n);
        double v = ogas_rng_uniform(&r) - 0.5;
        ogas_triplet_push(T, i, j, v, NULL);
        dense[i * n + j] += v;
    }
}

static int csr_valid(const ogas_csr *A)
{
    if (A->p[0] != 0) return 0;
    for (int64_t r = 0; r < A->m; r++) {
        if (A->p[r + 1] < A->p[r]) return 0;
        for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) {
            if (A->j[k] < 0 || A->j[k] >= A->n) return 0;
            if (k > A->p[r] && A->j[k] <= A->j[k - 1]) return 0;
        }
    }
    return 1;
}

TEST(compress_sums_duplicates_and_sorts)
{
    int64_t m = 37, n = 53;
    double *dense = malloc((size_t)(m * n) * sizeof *dense), *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)m * sizeof *y);
    ogas_triplet T;
    ogas_csr A, AT;
    ogas_dense D;
    random_matrix(&T, dense, m, n, 900, 3);
    REQUIRE(ogas_csr_from_triplet(&T, &A, NULL) == OGAS_OK);
    CHECK(csr_valid(&A));
    REQUIRE(ogas_csr_to_dense(&A, &D, NULL) == OGAS_OK);
    for (int64_t k = 0; k < m * n; k++) CHECK_NEAR(D.x[k], dense[k], 1e-15);
    for (int64_t j = 0; j < n; j++) x[j] = (double)(j % 7) - 2.5;
    ogas_csr_spmv(&A, x, y);
    for (int64_t i = 0; i < m; i++) {
        double s = 0;
        for (int64_t j = 0; j < n; j++) s += dense[i * n + j] * x[j];
        CHECK_NEAR(y[i], s, 1e-13);
    }
    REQUIRE(ogas_csr_transpose(&A, &AT, NULL) == OGAS_OK);
    CHECK(csr_valid(&AT));
    CHECK_EQ_INT(AT.m, n);
    CHECK_EQ_INT(ogas_csr_nnz(&AT), ogas_csr_nnz(&A));
    for (int64_t i = 0; i < AT.m; i++)
        for (int64_t k = AT.p[i]; k < AT.p[i + 1]; k++) CHECK(AT.x[k] == D.x[AT.j[k] * n + i]);
    ogas_dense_free(&D);
    ogas_csr_free(&A);
    ogas_csr_free(&AT);
    ogas_triplet_free(&T);
    free(dense);
    free(x);
    free(y);
}

TEST(compress_drops_exact_zero_sums)
{
    ogas_triplet T;
    ogas_csr A;
    ogas_triplet_init(&T, 2, 2, 1, NULL);
    ogas_triplet_push(&T, 0, 1, 2.0, NULL);
    ogas_triplet_push(&T, 0, 1, -2.0, NULL);
    ogas_triplet_push(&T, 1, 0, 1.0, NULL);
    CHECK_EQ_INT(ogas_triplet_push(&T, 2, 0, 1.0, NULL), OGAS_EARG);
    REQUIRE(ogas_csr_from_triplet(&T, &A, NULL) == OGAS_OK);
    CHECK_EQ_INT(ogas_csr_nnz(&A), 1);
    CHECK_EQ_INT(A.j[0], 0);
    ogas_csr_free(&A);
    ogas_triplet_free(&T);
}

/* Large products: the same bits on one thread and on two, and equal to a long-double reference to
 * rounding. */
TEST(spmv_parallel_matches_serial)
{
    ogas_generate_options o;
    ogas_synthetic s;
    int64_t n = 60000;
    double *x, *y, *y1;
    ogas_generate_options_init(&o);
    o.products = n;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    x = malloc((size_t)n * sizeof *x);
    y = malloc((size_t)n * sizeof *y);
    y1 = malloc((size_t)n * sizeof *y1);
    for (int64_t i = 0; i < n; i++) x[i] = 1.0 + (double)(i % 13);
    omp_set_num_threads(1);
    ogas_csr_spmv(&s.A, x, y1);
    omp_set_num_threads(2);
    ogas_csr_spmv(&s.A, x, y);
    CHECK(memcmp(y, y1, (size_t)n * sizeof *y) == 0);
    for (int64_t i = 0; i < n; i++) {
        long double t = 0, a = 0;
        for (int64_t k = s.A.p[i]; k < s.A.p[i + 1]; k++) {
            t += (long double)s.A.x[k] * x[s.A.j[k]];
            a += fabsl((long double)s.A.x[k] * x[s.A.j[k]]);
        }
        if (!(fabsl(y[i] - t) <= 1.2e-16L * (long double)(s.A.p[i + 1] - s.A.p[i] + 1) * a)) { /* Higham 3.1 */
            test_fail(__FILE__, __LINE__, "row %lld: %.17g vs %.17Lg", (long long)i, y[i], t);
            break;
        }
    }
    ogas_csr_leontief_apply(&s.A, x, y1);
    for (int64_t i = 0; i < n; i++) CHECK(y1[i] == x[i] - y[i]);
    free(x);
    free(y);
    free(y1);
    ogas_synthetic_free(&s);
}

/* The scatter map: popular columns (at least twice the average entries) in the first places, the most
 * popular first, the rest after them in column order, a permutation; far entries (to unpopular columns
 * more than OGAS_SCATTER_NEAR from their row) in their part's list of their column range, each at its
 * column's place; counted from A' or from A's pattern alike. The mapped product has the same bits on one
 * thread and on two, and agrees with the plain scattered one and with the gathered A' x to rounding. */
TEST(scatter_map)
{
    ogas_generate_options o;
    ogas_synthetic s;
    ogas_scatter_map m1, m2;
    int64_t n = 300000, nnz, hot = 0, prev_cold = -1, far = 0;
    double *x, *b, *y, *y1, *y2, *mag, *work;
    char *seen;
    ogas_generate_options_init(&o);
    o.products = n;
    o.keep_transpose = 1;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    nnz = ogas_csr_nnz(&s.A);
    omp_set_num_threads(2);
    /* scattered rows of A' are the columns of A: places are A's rows, entries counted by A's row lengths */
    REQUIRE(ogas_scatter_map_build(&s.AT, &s.A, &m1, NULL) == OGAS_OK);
    REQUIRE(ogas_scatter_map_build(&s.AT, NULL, &m2, NULL) == OGAS_OK);
    CHECK(m1.hot == m2.hot && m1.parts == 2 && m2.parts == 2 && m1.off_at[2] == m2.off_at[2]);
    CHECK(memcmp(m1.slot, m2.slot, (size_t)n * sizeof *m1.slot) == 0);
    CHECK(memcmp(m1.j, m2.j, (size_t)nnz * sizeof *m1.j) == 0);
    CHECK(memcmp(m1.off, m2.off, (size_t)m1.off_at[2] * sizeof *m1.off) == 0);
    seen = calloc((size_t)n, 1);
    for (int64_t c = 0; c < n; c++) {
        int64_t len = s.A.p[c + 1] - s.A.p[c], at = m1.slot[c];
        int popular = len * n >= 2 * nnz;
        hot += popular;
        REQUIRE(at >= 0 && at < n && !seen[at]);
        seen[at] = 1;
        CHECK(popular ? at < m1.hot : at >= m1.hot);
        if (!popular) {
            CHECK(at > prev_cold);
            prev_cold = at;
        }
    }
    CHECK(hot == m1.hot && hot > 0 && hot < n / 10);
    {
        int32_t *col = malloc((size_t)n * sizeof *col); /* the column at each popular place */
        for (int64_t c = 0; c < n; c++)
            if (m1.slot[c] < m1.hot) col[m1.slot[c]] = (int32_t)c;
        for (int64_t q = 1; q < m1.hot; q++) {
            int64_t a = col[q - 1], c = col[q], la = s.A.p[a + 1] - s.A.p[a], lc = s.A.p[c + 1] - s.A.p[c];
            CHECK(la > lc || (la == lc && a < c));
        }
        free(col);
    }
    /* every entry's place: its column's, or a far one's in the list of its column's range */
    CHECK(m1.cut[0] == 0 && m1.cut[2] == n && m1.cut[1] > 0 && m1.cut[1] < n);
    for (int q = 0; q < 2; q++) {
        const int64_t *seg = m1.seg + (size_t)q * (size_t)(m1.bins + 1);
        for (int64_t r = m1.cut[q]; r < m1.cut[q + 1]; r++)
            for (int64_t k = s.AT.p[r]; k < s.AT.p[r + 1]; k++) {
                int64_t c = s.AT.j[k], bin = c / OGAS_SCATTER_BIN;
                int is_far = m1.slot[c] >= m1.hot && (c - r > OGAS_SCATTER_NEAR || r - c > OGAS_SCATTER_NEAR);
                if (!is_far) {
                    CHECK(m1.j[k] == m1.slot[c]);
                    continue;
                }
                far++;
                REQUIRE(m1.j[k] >= n && m1.j[k] - n < m1.off_at[q + 1] - m1.off_at[q]);
                CHECK(m1.j[k] - n >= seg[bin] && m1.j[k] - n < seg[bin + 1]);
                CHECK(m1.base[bin] + m1.off[m1.off_at[q] + m1.j[k] - n] == m1.slot[c]);
            }
    }
    CHECK(far == m1.off_at[2] && far > nnz / 20);
    CHECK(ogas_scatter_map_work(&m1) >= 2 * (n + far / 2));
    x = malloc((size_t)n * sizeof *x);
    b = malloc((size_t)n * sizeof *b);
    y = malloc((size_t)n * sizeof *y);
    y1 = malloc((size_t)n * sizeof *y1);
    y2 = malloc((size_t)n * sizeof *y2);
    mag = malloc((size_t)n * sizeof *mag);
    work = malloc((size_t)ogas_scatter_map_work(&m1) * sizeof *work);
    for (int64_t i = 0; i < n; i++) {
        x[i] = 1.0 + (double)(i % 17) / 7.0;
        b[i] = (double)(i % 5) - 2.0;
    }
    /* A' x, all of its terms positive: against the gathered product of A' stored by rows, A */
    ogas_csr_spmv(&s.A, x, mag);
    for (int t = 1; t <= 2; t++) {
        omp_set_num_threads(t);
        ogas_csr_gaxpy_map(&s.AT, &m1, x, NULL, 0.0, 1.0, y, work);
        if (t == 1) memcpy(y2, y, (size_t)n * sizeof *y);
        else CHECK(memcmp(y, y2, (size_t)n * sizeof *y) == 0);
        for (int64_t i = 0; i < n; i++)
            if (!(fabs(y[i] - mag[i]) <= 1e-13 * mag[i])) {
                test_fail(__FILE__, __LINE__, "%d threads, product %lld: %.17g vs %.17g", t, (long long)i, y[i], mag[i]);
                break;
            }
        /* b - x + A' x / 2 against the plain scattered product, to rounding of its terms */
        ogas_csr_gaxpy(&s.AT, 1, x, b, -1.0, 0.5, y1, work);
        ogas_csr_gaxpy_map(&s.AT, &m1, x, b, -1.0, 0.5, y, work);
        for (int64_t i = 0; i < n; i++)
            if (!(fabs(y[i] - y1[i]) <= 1e-13 * (fabs(b[i]) + x[i] + 0.5 * mag[i]))) {
                test_fail(__FILE__, __LINE__, "%d threads, product %lld: %.17g vs %.17g", t, (long long)i, y[i], y1[i]);
                break;
            }
    }
    /* a given A' that is not A's transpose (its rows' entries moved by 1,000) is refused, not trusted */
    {
        ogas_csr bad;
        ogas_scatter_map m3;
        REQUIRE(ogas_csr_copy(&s.A, &bad, NULL) == OGAS_OK);
        for (int64_t k = 0; k < nnz; k++) bad.j[k] = (int32_t)((bad.j[k] + 1000) % n);
        CHECK_EQ_INT(ogas_scatter_map_build(&s.AT, &bad, &m3, NULL), OGAS_EARG);
        CHECK(m3.j == NULL && m3.slot == NULL);
        ogas_csr_free(&bad);
    }
    ogas_scatter_map_free(&m1);
    ogas_scatter_map_free(&m2);
    free(seen);
    free(x);
    free(b);
    free(y);
    free(y1);
    free(y2);
    free(mag);
    free(work);
    ogas_synthetic_free(&s);
}

TEST(mtx_round_trip_bit_exact)
{
    ogas_generate_options o;
    ogas_synthetic s;
    ogas_csr B;
    char path[] = "/tmp/ogas-test-mtx-XXXXXX";
    int fd = mkstemp(path);
    ogas_error err;
    REQUIRE(fd >= 0);
    close(fd);
    ogas_generate_options_init(&o);
    o.products = 3000;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    REQUIRE(ogas_mtx_write(path, &s.A, "test\nmatrix", &err) == OGAS_OK);
    REQUIRE(ogas_mtx_read(path, &B, &err) == OGAS_OK);
    CHECK_EQ_INT(B.m, s.A.m);
    REQUIRE(ogas_csr_nnz(&B) == ogas_csr_nnz(&s.A));
    CHECK(memcmp(B.p, s.A.p, (size_t)(B.m + 1) * sizeof *B.p) == 0);
    CHECK(memcmp(B.j, s.A.j, (size_t)ogas_csr_nnz(&B) * sizeof *B.j) == 0);
    CHECK(memcmp(B.x, s.A.x, (size_t)ogas_csr_nnz(&B) * sizeof *B.x) == 0);
    {
        int64_t n;
        double *v;
        REQUIRE(ogas_mtx_write_vector(path, s.A.n, s.demand, NULL, &err) == OGAS_OK);
        REQUIRE(ogas_mtx_read_vector(path, &n, &v, &err) == OGAS_OK);
        CHECK_EQ_INT(n, s.A.n);
        CHECK(memcmp(v, s.demand, (size_t)n * sizeof *v) == 0);
        ogas_free(v);
    }
    unlink(path);
    ogas_csr_free(&B);
    ogas_synthetic_free(&s);
}

TEST(mtx_unsorted_entries_and_duplicates)
{
    const char *text = "%%MatrixMarket matrix coordinate real general\n% comment\n\n3 3 5\n3 1 1.5\n1 2 2\n1 2 0.5\n2 2 -1\n1 1 4\n";
    ogas_csr A;
    ogas_error err;
    REQUIRE(ogas_mtx_parse("m.mtx", text, strlen(text), &A, &err) == OGAS_OK);
    CHECK_EQ_INT(ogas_csr_nnz(&A), 4);
    CHECK_EQ_INT(A.p[1], 2);
    CHECK_NEAR(A.x[1], 2.5, 0);
    CHECK_EQ_INT(A.j[A.p[2]], 0);
    ogas_csr_free(&A);
}

/* Each bad file gives its error at the right line and column. */
TEST(mtx_bad_input)
{
    static const struct {
        const char *text;
        long line, col;
        const char *says;
    } cases[] = {
        {"", 1, 1, "empty file"},
        {"%%MatrixMarket matrix coordinate pattern general\n2 2 0\n", 1, 0, "real"},
        {"%%MatrixMarket matrix coordinate real symmetric\n2 2 0\n", 1, 0, "general"},
        {"%%MatrixMarket matrix coordinate real general\n2 2\n", 2, 1, "size line"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n", 4, 1, "found the end"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", 4, 1, "more entries"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", 3, 1, "row index"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 1\n1  0 1\n", 3, 4, "column index"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 nan\n", 3, 5, "finite number"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1e999\n", 3, 5, "finite number"},
        {"%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n", 3, 5, "finite number"},
        {"%%MatrixMarket matrix array real general\n2 1\n1\n", 4, 1, "found the end"},
        {"hello\n", 1, 1, "banner"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ogas_csr A;
        ogas_error err;
        ogas_error_clear(&err);
        if (ogas_mtx_parse("bad.mtx", cases[k].text, strlen(cases[k].text), &A, &err) == OGAS_OK) {
            test_fail(__FILE__, __LINE__, "case %zu accepted", k);
            ogas_csr_free(&A);
            continue;
        }
        CHECK_STR(err.file, "bad.mtx");
        if (err.line != cases[k].line || (cases[k].col && err.column != cases[k].col))
            test_fail(__FILE__, __LINE__, "case %zu: error at %ld:%ld, expected %ld:%ld (%s)", k, err.line, err.column,
                      cases[k].line, cases[k].col, err.message);
        CHECK_CONTAINS(err.message, cases[k].says);
    }
}

/* Every allocation failure during compression is reported, never a crash or a leak. */
TEST(out_of_memory_is_reported)
{
    double *dense = malloc(40 * 40 * sizeof *dense);
    ogas_triplet T;
    random_matrix(&T, dense, 40, 40, 300, 9);
    for (long after = 0; after < 12; after++) {
        ogas_csr A, AT;
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_csr_from_triplet(&T, &A, NULL);
        if (rc == OGAS_OK) {
            rc = ogas_csr_transpose(&A, &AT, NULL);
            if (rc == OGAS_OK) ogas_csr_free(&AT);
            else CHECK_EQ_INT(rc, OGAS_ENOMEM);
            ogas_csr_free(&A);
        } else {
            CHECK_EQ_INT(rc, OGAS_ENOMEM);
        }
        test_alloc_fail_after(-1);
    }
    ogas_triplet_free(&T);
    free(dense);
}
