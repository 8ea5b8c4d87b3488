/* test_core.c: errors, number parsing, random numbers, vectors, string map. */
#include <float.h>
#include <omp.h>
#include <stdlib.h>

#include "ogas/ogas.h"
#include "test.h"

TEST(error_table_and_format)
{
    ogas_error e;
    char buf[256];
    CHECK_STR(ogas_status_name(OGAS_EINVAL), "invalid_input");
    CHECK_EQ_INT(ogas_status_http(OGAS_EFORBIDDEN), 403);
    CHECK_EQ_INT(ogas_status_http(OGAS_OK), 200);
    CHECK_STR(ogas_status_name((ogas_status)999), "unknown");
    ogas_error_at(&e, OGAS_EINVAL, "t.csv", 3, 7, "expected %s", "a number");
    CHECK_STR(ogas_error_format(&e, buf, sizeof buf), "t.csv:3:7: expected a number");
    ogas_error_at(&e, OGAS_EIO, "t.csv", 0, 0, "cannot open");
    CHECK_STR(ogas_error_format(&e, buf, sizeof buf), "t.csv: cannot open");
    ogas_error_set(&e, OGAS_ENOCONV, "stopped");
    CHECK_STR(ogas_error_format(&e, buf, sizeof buf), "stopped");
    CHECK_EQ_INT(ogas_error_set(NULL, OGAS_EARG, "x"), OGAS_EARG);
}

/* Parsing agrees with strtod on a set of strings, and refuses what is not a plain decimal number. */
TEST(parse_double_exact)
{
    static const char *good[] = {"0", "-0", "1", "+1.5", "  21182 ", "3.14159265358979", "1e-300", "2.5E+10",
                                 "0.000123456789012", "123456789012345678901234567890", "9007199254740993",
                                 "1.7976931348623157e308", "4.9e-324", "0.1", ".5", "5.", "12345678901234567890e-5",
                                 "2.2250738585072011e-308", "1.00000000000000011102230246251565404236316680908203125"};
    static const char *bad[] = {"", " ", "abc", "1,5", "1e", "1e+", "--1", "0x10", "inf", "-Infinity", "nan", "NaN",
                                "1.2.3", "1e999", "-1e400", "1 2", ".", "+", "e5"};
    for (size_t k = 0; k < sizeof good / sizeof *good; k++) {
        double v = -1;
        int ok = ogas_parse_double(good[k], strlen(good[k]), &v);
        CHECK(ok);
        if (ok) CHECK(v == strtod(good[k], NULL));
    }
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        double v;
        if (ogas_parse_double(bad[k], strlen(bad[k]), &v)) test_fail(__FILE__, __LINE__, "accepted '%s'", bad[k]);
    }
}

/* Many random decimals: the fast path and strtod agree bit for bit. */
TEST(parse_double_random_agrees_with_strtod)
{
    ogas_rng r;
    ogas_rng_seed(&r, 42);
    for (int k = 0; k < 200000; k++) {
        char buf[64];
        double v = ldexp(ogas_rng_uniform(&r), (int)ogas_rng_below(&r, 200) - 100), got;
        int prec = 1 + (int)ogas_rng_below(&r, 17);
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (!ogas_parse_double(buf, strlen(buf), &got) || got != strtod(buf, NULL)) {
            test_fail(__FILE__, __LINE__, "'%s' parsed as %.17g, strtod gives %.17g", buf, got, strtod(buf, NULL));
            return;
        }
    }
}

TEST(parse_int64)
{
    int64_t v;
    CHECK(ogas_parse_int64("42", 2, 0, 100, &v) && v == 42);
    CHECK(ogas_parse_int64(" -7 ", 4, -10, 10, &v) && v == -7);
    CHECK(!ogas_parse_int64("101", 3, 0, 100, &v));
    CHECK(!ogas_parse_int64("1.0", 3, 0, 100, &v));
    CHECK(!ogas_parse_int64("99999999999999999999", 20, INT64_MIN, INT64_MAX, &v));
    CHECK(ogas_parse_int64("-9223372036854775808", 20, INT64_MIN, INT64_MAX, &v) && v == INT64_MIN);
    CHECK(!ogas_parse_int64("", 0, 0, 1, &v));
}

TEST(format_double_round_trips)
{
    ogas_rng r;
    char buf[32];
    ogas_rng_seed(&r, 7);
    CHECK_STR(ogas_format_double(buf, 0.1), "0.1");
    CHECK_STR(ogas_format_double(buf, 21182), "21182");
    for (int k = 0; k < 100000; k++) {
        uint64_t bits = ogas_rng_u64(&r);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v)) continue;
        ogas_format_double(buf, v);
        if (strtod(buf, NULL) != v) {
            test_fail(__FILE__, __LINE__, "%s does not read back as %.17g", buf, v);
            return;
        }
    }
}

TEST(rng_deterministic_and_uniform)
{
    ogas_rng a, b;
    double sum = 0;
    int counts[10] = {0};
    ogas_rng_seed(&a, 123);
    ogas_rng_seed(&b, 123);
    for (int k = 0; k < 1000; k++) CHECK(ogas_rng_u64(&a) == ogas_rng_u64(&b));
    for (int k = 0; k < 100000; k++) {
        double u = ogas_rng_uniform(&a);
        CHECK(u >= 0 && u < 1);
        sum += u;
        counts[ogas_rng_below(&a, 10)]++;
    }
    CHECK_NEAR(sum / 100000, 0.5, 0.01);
    for (int k = 0; k < 10; k++) CHECK_NEAR(counts[k], 10000, 500);
}

/* Reductions give the same bits for any thread count. */
TEST(vec_reductions_deterministic)
{
    int64_t n = 1000003;
    double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y), d1, d2, s1, s2;
    ogas_rng r;
    REQUIRE(x && y);
    ogas_rng_seed(&r, 5);
    for (int64_t i = 0; i < n; i++) {
        x[i] = ogas_rng_uniform(&r) - 0.3;
        y[i] = ogas_rng_uniform(&r);
    }
    omp_set_num_threads(1);
    d1 = ogas_vec_dot(n, x, y);
    s1 = ogas_vec_norm2(n, x);
    omp_set_num_threads(2);
    d2 = ogas_vec_dot(n, x, y);
    s2 = ogas_vec_norm2(n, x);
    CHECK(d1 == d2);
    CHECK(s1 == s2);
    {
        long double ref = 0;
        for (int64_t i = 0; i < n; i++) ref += (long double)x[i] * y[i];
        CHECK_REL(d1, (double)ref, 1e-12);
    }
    CHECK_NEAR(ogas_vec_norminf(3, (double[]){1, -5, 2}), 5, 0);
    CHECK(isnan(ogas_vec_norminf(3, (double[]){1, NAN, 2})));
    CHECK_NEAR(ogas_vec_norm2(2, (double[]){3e200, 4e200}), 5e200, 1e186);
    free(x);
    free(y);
}

TEST(strmap)
{
    ogas_strmap m;
    char keys[1000][16];
    int64_t old;
    REQUIRE(ogas_strmap_init(&m, 4));
    for (int k = 0; k < 1000; k++) {
        snprintf(keys[k], sizeof keys[k], "k%d", k);
        CHECK_EQ_INT(ogas_strmap_put(&m, keys[k], strlen(keys[k]), k, NULL), 1);
    }
    CHECK_EQ_INT(ogas_strmap_put(&m, "k5", 2, 99, &old), 0);
    CHECK_EQ_INT(old, 5);
    for (int k = 0; k < 1000; k++) CHECK_EQ_INT(ogas_strmap_get(&m, keys[k], strlen(keys[k])), k);
    CHECK_EQ_INT(ogas_strmap_get(&m, "nope", 4), -1);
    ogas_strmap_free(&m);
}
