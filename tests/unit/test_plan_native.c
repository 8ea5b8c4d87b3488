/* test_plan_native.c: the native sparse format of plan problems (write + read bit for bit, format
 * detection, every kind of bad folder named by its file), and the plan generator (sizes, determinism,
 * growth rates, a plan that the LP solves with fulfilment near 1). */
#define _DEFAULT_SOURCE
#include <omp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "test.h"

static const char *const native_files[] = {"manifest.txt", "codes.csv",  "techniques.csv", "output.mtx", "input.mtx",
                                           "capital.mtx",  "stock0.mtx", "dep.mtx",        "labour.mtx", "labour_supply.mtx",
                                           "target.mtx",   "lag.mtx",    "flows.csv"};
#define NNATIVE (sizeof native_files / sizeof *native_files)

/* A fresh empty folder under /tmp (static buffer per slot k, 0..3). */
static const char *tmpdir(int k)
{
    static char dirs[4][64];
    k &= 3;
    snprintf(dirs[k], sizeof dirs[k], "/tmp/ogas-plan-%d-%d-XXXXXX", (int)getpid(), k);
    return mkdtemp(dirs[k]);
}

/* Removes folder dir and the files a native folder may hold. */
static void rmdir_native(const char *dir)
{
    char path[256];
    for (size_t k = 0; k < NNATIVE; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, native_files[k]);
        unlink(path);
    }
    rmdir(dir);
}

/* Writes text into dir/name. */
static int put_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "w");
    if (!fp) return 0;
    fputs(text, fp);
    return fclose(fp) == 0;
}

/* Removes dir/name. */
static void drop_file(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

/* 1 if A and B are the same matrix bit for bit (shape, pattern, values). */
static int same_csr(const ogas_csr *A, const ogas_csr *B)
{
    if (A->m != B->m || A->n != B->n) return 0;
    if (memcmp(A->p, B->p, ((size_t)A->m + 1) * sizeof *A->p) != 0) return 0;
    return A->p[A->m] == 0 || (memcmp(A->j, B->j, (size_t)A->p[A->m] * sizeof *A->j) == 0 &&
                               memcmp(A->x, B->x, (size_t)A->p[A->m] * sizeof *A->x) == 0);
}

/* 1 if a and b name the same count strings (both may be NULL). */
static int same_names(char *const *a, char *const *b, int64_t count)
{
    if (!a || !b) return a == b;
    for (int64_t k = 0; k < count; k++)
        if (strcmp(a[k], b[k]) != 0) return 0;
    return 1;
}

/* Checks that p and q are the same problem, every array bit for bit; codes_q may differ from p's when
 * p has none (the reader names products P1..Pn). */
static void check_same(const ogas_plan_problem *p, const ogas_plan_problem *q)
{
    CHECK_EQ_INT(q->n, p->n);
    CHECK_EQ_INT(q->m, p->m);
    CHECK_EQ_INT(q->T, p->T);
    if (q->n != p->n || q->m != p->m || q->T != p->T) return;
    CHECK(same_names(p->codes, q->codes, p->n));
    CHECK(same_names(p->tech_names, q->tech_names, p->m));
    CHECK(same_csr(&p->output, &q->output));
    CHECK(same_csr(&p->input, &q->input));
    CHECK(same_csr(&p->capital, &q->capital));
    CHECK(same_csr(&p->stock0, &q->stock0));
    CHECK(same_csr(&p->dep, &q->dep));
    CHECK(memcmp(p->labour, q->labour, (size_t)p->m * sizeof *p->labour) == 0);
    CHECK(memcmp(p->labour_supply, q->labour_supply, (size_t)p->T * sizeof *p->labour_supply) == 0);
    CHECK(memcmp(p->target, q->target, (size_t)p->T * (size_t)p->n * sizeof *p->target) == 0);
    CHECK((p->lag == NULL) == (q->lag == NULL));
    if (p->lag && q->lag) CHECK(memcmp(p->lag, q->lag, (size_t)p->n * sizeof *p->lag) == 0);
}

/* 1 if every byte of p is zero. */
static int zeroed(const ogas_plan_problem *p)
{
    static const ogas_plan_problem zero;
    return memcmp(p, &zero, sizeof zero) == 0;
}

/* p := a generated plan of n products (defaults otherwise). */
static ogas_status generate(int64_t n, uint64_t seed, ogas_plan_problem *p, ogas_error *err)
{
    ogas_plan_generate_options o;
    ogas_plan_generate_options_init(&o);
    o.products = n;
    o.seed = seed;
    return ogas_plan_generate(&o, p, err);
}

TEST(plan_native_roundtrip_example4)
{
    ogas_plan_problem p, q, r;
    ogas_error err;
    const char *dir = tmpdir(0);
    char msg[1200];
    REQUIRE(dir);
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    if (ogas_plan_write_native(dir, &p, &err)) test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, msg, sizeof msg));
    if (ogas_plan_read_native(dir, &q, &err)) {
        test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, msg, sizeof msg));
    } else {
        check_same(&p, &q);
        ogas_plan_problem_free(&q);
    }
    /* ogas_plan_read tells the formats apart. */
    REQUIRE(ogas_plan_read(dir, &q, &err) == OGAS_OK);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    REQUIRE(ogas_plan_read("examples/plan/example4", &r, &err) == OGAS_OK);
    check_same(&p, &r);
    ogas_plan_problem_free(&r);
    /* Technique names and lags travel too; writing again over the folder removes them again. */
    p.tech_names = ogas_calloc(4, sizeof *p.tech_names);
    p.lag = ogas_calloc(4, sizeof *p.lag);
    REQUIRE(p.tech_names && p.lag);
    for (int k = 0; k < 4; k++) {
        static const char *const names[] = {"iron works", "coal, \"deep\" mine", " ", "bakery"};
        p.tech_names[k] = ogas_strdup(names[k]);
        p.lag[k] = 1 + k % 3;
    }
    REQUIRE(ogas_plan_write_native(dir, &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_read_native(dir, &q, &err) == OGAS_OK);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    ogas_plan_problem_free(&p);
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_write_native(dir, &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_read_native(dir, &q, &err) == OGAS_OK);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    ogas_plan_problem_free(&p);
    rmdir_native(dir);
}

TEST(plan_native_roundtrip_generated)
{
    ogas_plan_problem p, q;
    ogas_error err;
    const char *dir = tmpdir(0);
    char msg[1200];
    REQUIRE(dir);
    REQUIRE(generate(500, 7, &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_write_native(dir, &p, &err) == OGAS_OK);
    if (ogas_plan_read(dir, &q, &err)) {
        test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, msg, sizeof msg));
    } else {
        check_same(&p, &q);
        ogas_plan_problem_free(&q);
    }
    /* Without codes.csv the products are P1..Pn, which is what the generator calls them. */
    drop_file(dir, "codes.csv");
    REQUIRE(ogas_plan_read_native(dir, &q, &err) == OGAS_OK);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    ogas_plan_problem_free(&p);
    rmdir_native(dir);
}

/* A product i of a generated economy is a capital good when capital has a row entry for it. */
TEST(plan_generate_sizes)
{
    ogas_plan_problem p;
    ogas_error err;
    int64_t n = 3000, goods = 0, maxuse = 0;
    char msg[1200];
    if (generate(n, 1, &p, &err)) {
        test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, msg, sizeof msg));
        return;
    }
    CHECK(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    CHECK_EQ_INT(p.n, n);
    CHECK_EQ_INT(p.m, n);
    CHECK_EQ_INT(p.T, 5);
    CHECK(p.codes && strcmp(p.codes[0], "P1") == 0 && strcmp(p.codes[n - 1], "P3000") == 0);
    CHECK(p.tech_names == NULL);
    /* About 9 inputs and 9 capital goods per technique. */
    CHECK_NEAR((double)ogas_csr_nnz(&p.input) / (double)p.m, 9.0, 0.9);
    CHECK_NEAR((double)ogas_csr_nnz(&p.capital) / (double)p.m, 9.0, 0.9);
    /* One technique per product, making one unit of it. */
    CHECK_EQ_INT(ogas_csr_nnz(&p.output), n);
    for (int64_t i = 0; i < n; i++) CHECK(p.output.p[i] == i && p.output.j[i] == i && p.output.x[i] == 1.0);
    /* A small set of capital goods, each used by many industries. */
    for (int64_t i = 0; i < n; i++) {
        int64_t use = p.capital.p[i + 1] - p.capital.p[i];
        goods += use > 0;
        if (use > maxuse) maxuse = use;
        CHECK(p.lag[i] == 1 || (use > 0 && p.lag[i] == 2));
    }
    CHECK(goods >= 3 && goods <= 60);
    CHECK((double)ogas_csr_nnz(&p.capital) / (double)goods > 100);
    CHECK(maxuse > n / 4);
    /* Depreciation 3-15%, stocks = capital * positive output; capital 0.5-3 years of output, less in a few
     * techniques so that inputs and the investment to replace and grow capital by 2% leave 5% of value
     * added. */
    for (int64_t q = 0; q < ogas_csr_nnz(&p.dep); q++) {
        CHECK(p.dep.x[q] >= 0.03 && p.dep.x[q] <= 0.15);
        CHECK(p.stock0.x[q] > 0 && p.capital.x[q] > 0);
    }
    {
        double *kap = ogas_calloc((size_t)n, sizeof *kap), *cost = ogas_calloc((size_t)n, sizeof *cost);
        int64_t low = 0;
        REQUIRE(kap && cost);
        ogas_csr_colsums(&p.input, cost);
        for (int64_t i = 0; i < n; i++)
            for (int64_t q = p.capital.p[i]; q < p.capital.p[i + 1]; q++) {
                kap[p.capital.j[q]] += p.capital.x[q];
                cost[p.capital.j[q]] += p.capital.x[q] * (p.dep.x[q] + 0.02);
            }
        for (int64_t k = 0; k < n; k++) {
            CHECK(kap[k] > 0 && kap[k] <= 3.0 * (1 + 1e-9));
            CHECK(cost[k] <= 0.95 + 1e-9);
            low += kap[k] < 0.5 * (1 - 1e-9);
        }
        CHECK(low < n / 10);
        ogas_free(kap);
        ogas_free(cost);
    }
    /* Labour supply grows 1% a year, targets 2%; every product has a target. */
    for (int y = 1; y < p.T; y++) {
        CHECK_REL(p.labour_supply[y], p.labour_supply[0] * pow(1.01, y), 1e-11);
        for (int64_t i = 0; i < n; i += 97) CHECK_REL(p.target[y * n + i], p.target[i] * pow(1.02, y), 1e-11);
    }
    for (int64_t i = 0; i < n; i++) CHECK(p.target[i] > 0);
    ogas_plan_problem_free(&p);
}

TEST(plan_generate_deterministic)
{
    ogas_plan_problem p, q;
    ogas_error err;
    int threads = omp_get_max_threads();
    /* Same seed, same problem, on one thread or several (n above the generators' parallel thresholds). */
    REQUIRE(generate(20000, 3, &p, &err) == OGAS_OK);
    omp_set_num_threads(1);
    REQUIRE(generate(20000, 3, &q, &err) == OGAS_OK);
    omp_set_num_threads(threads > 1 ? threads : 2);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    REQUIRE(generate(20000, 3, &q, &err) == OGAS_OK);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    omp_set_num_threads(threads);
    /* Another seed, another problem. */
    REQUIRE(generate(20000, 4, &q, &err) == OGAS_OK);
    CHECK(!same_csr(&p.capital, &q.capital));
    CHECK(!same_csr(&p.input, &q.input));
    ogas_plan_problem_free(&q);
    ogas_plan_problem_free(&p);
}

TEST(plan_generate_small_and_bad_options)
{
    ogas_plan_generate_options o;
    ogas_plan_problem p;
    ogas_error err;
    ogas_plan_generate_options_init(&o);
    CHECK_EQ_INT(o.years, 5);
    CHECK(o.inputs == 9 && o.capital_goods == 9);
    CHECK_EQ_INT(o.seed, 1);
    /* Tiny economies work (capital goods limited to the products there are). */
    for (int64_t n = 1; n <= 12; n++) {
        o.products = n;
        CHECK(ogas_plan_generate(&o, &p, &err) == OGAS_OK);
        ogas_plan_problem_free(&p);
    }
    o.products = 50;
    o.capital_goods = 0;
    o.years = 1;
    REQUIRE(ogas_plan_generate(&o, &p, &err) == OGAS_OK);
    CHECK_EQ_INT(ogas_csr_nnz(&p.capital), 0);
    CHECK_EQ_INT(p.T, 1);
    ogas_plan_problem_free(&p);
    ogas_plan_generate_options_init(&o);
    o.products = 0;
    CHECK(ogas_plan_generate(&o, &p, &err) == OGAS_EARG);
    CHECK(zeroed(&p));
    o.products = 10;
    o.years = 0;
    CHECK(ogas_plan_generate(&o, &p, &err) == OGAS_EARG);
    CHECK_CONTAINS(err.message, "years");
    o.years = 5;
    o.inputs = 0.5;
    CHECK(ogas_plan_generate(&o, &p, &err) == OGAS_EARG);
    o.inputs = 9;
    o.capital_goods = -1;
    CHECK(ogas_plan_generate(&o, &p, &err) == OGAS_EARG);
    CHECK(zeroed(&p));
}

TEST(plan_generate_lp)
{
    ogas_plan_problem p;
    ogas_plan_options po;
    ogas_plan plan;
    ogas_error err;
    char msg[1200];
    REQUIRE(generate(200, 1, &p, &err) == OGAS_OK);
    ogas_plan_options_init(&po);
    if (ogas_plan_lp(&p, &po, &plan, &err)) {
        test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, msg, sizeof msg));
        ogas_plan_problem_free(&p);
        return;
    }
    CHECK_STR(ogas_plan_status_name(plan.status), "optimal");
    CHECK(plan.phi[0] >= 0.5 && plan.phi[0] <= 1.5);
    for (int y = 0; y < plan.T; y++) CHECK(plan.phi[y] > 0.5 && plan.phi[y] < 2);
    ogas_plan_free(&plan);
    ogas_plan_problem_free(&p);
}

/* Writes example4 natively into a fresh folder; returns it. */
static const char *example4_native(int k)
{
    ogas_plan_problem p;
    ogas_error err;
    const char *dir = tmpdir(k);
    if (!dir) return NULL;
    if (ogas_plan_read_peer("examples/plan/example4", &p, &err)) return NULL;
    if (ogas_plan_write_native(dir, &p, &err)) dir = NULL;
    ogas_plan_problem_free(&p);
    return dir;
}

/* Reads dir natively, expecting a failure whose file ends in file, at line (0: any) with message
 * containing want; then restores dir from example4. */
static void expect_bad(const char *dir, const char *file, long line, const char *want, int srcline)
{
    ogas_plan_problem p;
    ogas_error err;
    char msg[1200];
    ogas_status rc = ogas_plan_read_native(dir, &p, &err);
    size_t lf = strlen(file), le;
    if (rc == OGAS_OK) {
        test_fail(__FILE__, srcline, "reading the folder succeeded, expected an error in %s", file);
        ogas_plan_problem_free(&p);
        return;
    }
    ogas_error_format(&err, msg, sizeof msg);
    le = strlen(err.file);
    if (le < lf || strcmp(err.file + le - lf, file) != 0)
        test_fail(__FILE__, srcline, "error \"%s\" does not name %s", msg, file);
    if (line && err.line != line) test_fail(__FILE__, srcline, "error \"%s\" is not at line %ld", msg, line);
    if (!strstr(err.message, want)) test_fail(__FILE__, srcline, "error \"%s\" does not say \"%s\"", msg, want);
    if (!zeroed(&p)) test_fail(__FILE__, srcline, "the problem was not left zeroed");
}

TEST(plan_native_bad_folders)
{
    const char *dir = example4_native(1);
    ogas_plan_problem p;
    ogas_error err;
    static const char manifest[] = "format = ogas-plan 1\nproducts = 4\ntechniques = 4\nyears = 5\n";
    static const char dep[] = "%%MatrixMarket matrix coordinate real general\n"
                              "4 4 9\n1 1 0.07\n1 2 0.07\n1 3 0.07\n1 4 0.06\n2 1 0.5\n2 2 0.5\n2 3 0.5\n2 4 0.5\n3 3 0.5\n";
    REQUIRE(dir);
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    ogas_plan_problem_free(&p);

    /* The manifest: missing, garbage, unknown or repeated keys, bad values, a wrong version. */
    drop_file(dir, "manifest.txt");
    expect_bad(dir, "manifest.txt", 0, "cannot open", __LINE__);
    CHECK(ogas_plan_read(dir, &p, &err) != OGAS_OK);
    CHECK_CONTAINS(err.message, "neither flows.csv");
    CHECK(zeroed(&p));
    put_file(dir, "manifest.txt", "# a comment\n\nformat = ogas-plan 1\nproducts = 4\n\x01garbage here\n");
    expect_bad(dir, "manifest.txt", 5, "expected a line 'key = value'", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = 4 # four\ntechniques = 4\ncolour = red\nyears = 5\n");
    expect_bad(dir, "manifest.txt", 4, "unknown key 'colour'", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = 4\ntechniques = 4\nyears = 5\nproducts = 4\n");
    expect_bad(dir, "manifest.txt", 5, "given twice", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = four\ntechniques = 4\nyears = 5\n");
    expect_bad(dir, "manifest.txt", 2, "whole number", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 2\nproducts = 4\ntechniques = 4\nyears = 5\n");
    expect_bad(dir, "manifest.txt", 1, "not supported", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = 4\ntechniques = 4\n");
    expect_bad(dir, "manifest.txt", 0, "no 'years' line", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = 4\ntechniques = 4\nyears =\n");
    expect_bad(dir, "manifest.txt", 4, "expected a value", __LINE__);
    /* Wrong dimensions: the manifest says 5 products. */
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = 5\ntechniques = 4\nyears = 5\n");
    expect_bad(dir, "codes.csv", 0, "4 product codes, expected 5", __LINE__);
    drop_file(dir, "codes.csv");
    expect_bad(dir, "output.mtx", 0, "4 x 4, expected products x techniques = 5 x 4", __LINE__);
    put_file(dir, "manifest.txt", "format = ogas-plan 1\nproducts = 4\ntechniques = 4\nyears = 4\n");
    expect_bad(dir, "labour_supply.mtx", 0, "5 entries, expected 4", __LINE__);
    put_file(dir, "manifest.txt", manifest);
    put_file(dir, "labour.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n");
    expect_bad(dir, "labour.mtx", 0, "3 entries, expected 4", __LINE__);
    put_file(dir, "labour.mtx", "%%MatrixMarket matrix array real general\n4 1\n1\n2\n-3\n4\n");
    expect_bad(dir, "labour.mtx", 0, "labour of technique P3 is -3", __LINE__);
    put_file(dir, "labour.mtx", "%%MatrixMarket matrix array real general\n4 1\n1\n2\nx\n4\n");
    expect_bad(dir, "labour.mtx", 5, "expected a finite number", __LINE__);
    put_file(dir, "labour.mtx", "%%MatrixMarket matrix array real general\n4 1\n0.03\n0.1666\n0.2\n0.1\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    ogas_plan_problem_free(&p);

    /* A dep cell missing, an extra nonzero one, a rate above 1. */
    put_file(dir, "dep.mtx", "%%MatrixMarket matrix coordinate real general\n"
                             "4 4 8\n1 1 0.07\n1 2 0.07\n1 3 0.07\n1 4 0.06\n2 1 0.5\n2 3 0.5\n2 4 0.5\n3 3 0.5\n");
    expect_bad(dir, "dep.mtx", 0, "no entry (2, 2) for product P2 in technique P2", __LINE__);
    put_file(dir, "dep.mtx", "%%MatrixMarket matrix coordinate real general\n"
                             "4 4 10\n1 1 0.07\n1 2 0.07\n1 3 0.07\n1 4 0.06\n2 1 0.5\n2 2 0.5\n2 3 0.5\n2 4 0.5\n3 3 0.5\n"
                             "4 4 0.1\n");
    expect_bad(dir, "dep.mtx", 0, "entry (4, 4) for product P4 in technique P4, where capital.mtx has no cell", __LINE__);
    put_file(dir, "dep.mtx", "%%MatrixMarket matrix coordinate real general\n"
                             "4 4 9\n1 1 0.07\n1 2 0.07\n1 3 1.07\n1 4 0.06\n2 1 0.5\n2 2 0.5\n2 3 0.5\n2 4 0.5\n3 3 0.5\n");
    expect_bad(dir, "dep.mtx", 0, "depreciation rate of product P1 in technique P3 is 1.07", __LINE__);
    /* An explicit zero rate is a cell, in rows in order or not; a zero where capital has none is ignored. */
    put_file(dir, "dep.mtx", "%%MatrixMarket matrix coordinate real general\n"
                             "4 4 10\n1 1 0.07\n1 2 0.07\n1 3 0.07\n1 4 0.06\n2 1 0.5\n2 2 0\n2 3 0.5\n2 4 0.5\n3 3 0.5\n"
                             "4 4 0\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    CHECK_EQ_INT(ogas_csr_nnz(&p.dep), 9);
    CHECK(p.dep.x[5] == 0 && p.dep.x[4] == 0.5 && p.dep.x[6] == 0.5);
    ogas_plan_problem_free(&p);
    put_file(dir, "dep.mtx", "%%MatrixMarket matrix coordinate real general\n"
                             "4 4 9\n3 3 0.5\n2 2 0\n1 1 0.07\n1 2 0.07\n1 3 0.07\n1 4 0.06\n2 1 0.5\n2 3 0.5\n2 4 0.5\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    CHECK_EQ_INT(ogas_csr_nnz(&p.dep), 9);
    CHECK(p.dep.x[5] == 0 && p.dep.x[4] == 0.5 && p.dep.x[8] == 0.5);
    ogas_plan_problem_free(&p);
    put_file(dir, "dep.mtx", "%%MatrixMarket matrix coordinate real general\n"
                             "4 4 8\n3 3 0.5\n1 1 0.07\n1 2 0.07\n1 3 0.07\n1 4 0.06\n2 1 0.5\n2 3 0.5\n2 4 0.5\n");
    expect_bad(dir, "dep.mtx", 0, "no entry (2, 2)", __LINE__);
    put_file(dir, "dep.mtx", dep);
    put_file(dir, "stock0.mtx", "%%MatrixMarket matrix coordinate real general\n4 4 1\n1 1 10\n");
    expect_bad(dir, "stock0.mtx", 0, "no entry (1, 2) for product P1 in technique P2", __LINE__);
    put_file(dir, "stock0.mtx", "%%MatrixMarket matrix coordinate real general\n4 4 9\n"
                                "1 1 10\n1 2 7\n1 3 1.4\n1 4 1\n2 1 2\n2 2 1\n2 3 0.04\n2 4 0.1\n3 3 1\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    ogas_plan_problem_free(&p);

    /* Lags: 0, a fraction, the wrong length. */
    put_file(dir, "lag.mtx", "%%MatrixMarket matrix array real general\n4 1\n1\n0\n2\n1\n");
    expect_bad(dir, "lag.mtx", 0, "lag of product P2 is 0 years", __LINE__);
    put_file(dir, "lag.mtx", "%%MatrixMarket matrix array real general\n4 1\n1\n1.5\n2\n1\n");
    expect_bad(dir, "lag.mtx", 0, "1.5 years (expected a whole number >= 1)", __LINE__);
    put_file(dir, "lag.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n1\n1\n");
    expect_bad(dir, "lag.mtx", 0, "3 entries, expected 4", __LINE__);
    put_file(dir, "lag.mtx", "%%MatrixMarket matrix array real general\n4 1\n1\n2\n2\n1\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    CHECK(p.lag && p.lag[1] == 2 && p.lag[3] == 1);
    ogas_plan_problem_free(&p);
    drop_file(dir, "lag.mtx");

    /* Targets: transposed, the wrong size, negative, a year without any. */
    put_file(dir, "target.mtx", "%%MatrixMarket matrix coordinate real general\n4 5 1\n1 1 2\n");
    expect_bad(dir, "target.mtx", 0, "expected years x products = 5 x 4 (manifest.txt): the targets are transposed", __LINE__);
    put_file(dir, "target.mtx", "%%MatrixMarket matrix coordinate real general\n5 3 1\n1 1 2\n");
    expect_bad(dir, "target.mtx", 0, "5 x 3, expected years x products = 5 x 4", __LINE__);
    put_file(dir, "target.mtx", "%%MatrixMarket matrix coordinate real general\n5 4 2\n1 1 2\n2 4 -1\n");
    expect_bad(dir, "target.mtx", 0, "target of product P4 in year 2 is -1", __LINE__);
    put_file(dir, "target.mtx", "%%MatrixMarket matrix coordinate real general\n5 4 4\n1 1 2\n2 4 1\n3 4 1\n5 2 1\n");
    expect_bad(dir, "", 0, "year 4 has no positive target", __LINE__);
    put_file(dir, "target.mtx", "%%MatrixMarket matrix coordinate real general\n5 4 5\n1 1 2\n2 4 1\n3 4 1\n4 2 1\n5 2 1\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    CHECK(p.target[0] == 2 && p.target[1] == 0 && p.target[4 + 3] == 1);
    ogas_plan_problem_free(&p);

    /* codes.csv: bad header, duplicates, two fields; a Matrix Market error keeps its line. */
    put_file(dir, "codes.csv", "product\nA\nB\nC\nD\n");
    expect_bad(dir, "codes.csv", 1, "expected the header 'code'", __LINE__);
    put_file(dir, "codes.csv", "code\nA\nB\nA\nD\n");
    expect_bad(dir, "codes.csv", 4, "duplicate product code 'A'", __LINE__);
    put_file(dir, "codes.csv", "code\nA\nB,C\nC\nD\n");
    expect_bad(dir, "codes.csv", 3, "one product code per line", __LINE__);
    put_file(dir, "codes.csv", "code\nA\n\"B,C\"\nC\nD\n");
    REQUIRE(ogas_plan_read_native(dir, &p, &err) == OGAS_OK);
    CHECK_STR(p.codes[1], "B,C");
    ogas_plan_problem_free(&p);
    put_file(dir, "input.mtx", "%%MatrixMarket matrix coordinate real general\n4 4 2\n1 1 0.1\n2 7 0.2\n");
    expect_bad(dir, "input.mtx", 4, "column index", __LINE__);
    put_file(dir, "input.mtx", "%%MatrixMarket matrix coordinate real general\n4 4 2\n1 1 0.1\n2 3 -0.2\n");
    expect_bad(dir, "input.mtx", 0, "input of product B,C in technique C is -0.2", __LINE__);
    drop_file(dir, "output.mtx");
    expect_bad(dir, "output.mtx", 0, "cannot open", __LINE__);

    /* ogas_plan_read on no folder, a file, a folder of the peer's format. */
    CHECK(ogas_plan_read("/nonexistent/ogas/plan", &p, &err) == OGAS_EIO);
    CHECK_CONTAINS(err.file, "/nonexistent/ogas/plan");
    CHECK(ogas_plan_read("examples/plan/example4/flows.csv", &p, &err) == OGAS_EINVAL);
    CHECK_CONTAINS(err.message, "not a folder");
    CHECK(zeroed(&p));
    rmdir_native(dir);
}

TEST(plan_native_write_refuses_bad_problem)
{
    ogas_plan_problem p;
    ogas_error err;
    const char *dir = tmpdir(2);
    char path[256];
    REQUIRE(dir);
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    p.labour[0] = -1;
    CHECK(ogas_plan_write_native(dir, &p, &err) == OGAS_EINVAL);
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    CHECK(access(path, F_OK) != 0);
    ogas_plan_problem_free(&p);
    rmdir_native(dir);
}

TEST(plan_native_out_of_memory)
{
    ogas_plan_problem p, q;
    ogas_plan_generate_options o;
    ogas_error err;
    const char *dir = example4_native(3);
    long after;
    REQUIRE(dir);
    /* Reading: every failed allocation is reported as such, the problem left zeroed. */
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_plan_read_native(dir, &p, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(zeroed(&p));
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 20);
    /* Writing. */
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_plan_write_native(dir, &p, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 10);
    REQUIRE(ogas_plan_read_native(dir, &q, &err) == OGAS_OK);
    check_same(&p, &q);
    ogas_plan_problem_free(&q);
    ogas_plan_problem_free(&p);
    rmdir_native(dir);
    /* Generating. */
    ogas_plan_generate_options_init(&o);
    o.products = 30;
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_plan_generate(&o, &p, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(zeroed(&p));
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 20);
    ogas_plan_problem_free(&p);
}
