/* test.h: a small test harness. Each TEST registers itself at start-up; the runner (tests/runner.c)
 * runs every test in its own child process with a time limit, and ends with "N passed, N failed".
 * Tests run from the repository root, so data paths are like "examples/io/...". */
#ifndef OGAS_TEST_H
#define OGAS_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_register(const char *file, const char *name, void (*fn)(void));
void test_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Number of failed checks so far in this test (the child process). */
extern int test_failures;

#define TEST(name)                                                                                              \
    static void name(void);                                                                                     \
    __attribute__((constructor)) static void register_##name(void)                                             \
    {                                                                                                           \
        test_register(__FILE__, #name, name);                                                                   \
    }                                                                                                           \
    static void name(void)

/* Checks: a failed check records a message and the test goes on (so one run shows every failure). */
#define CHECK(cond)                                                                                             \
    do {                                                                                                        \
        if (!(cond)) test_fail(__FILE__, __LINE__, "CHECK(%s) failed", #cond);                                  \
    } while (0)
#define CHECK_EQ_INT(a, b)                                                                                      \
    do {                                                                                                        \
        long long a_ = (long long)(a), b_ = (long long)(b);                                                     \
        if (a_ != b_) test_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, a_, #b, b_);         \
    } while (0)
#define CHECK_NEAR(a, b, tol)                                                                                   \
    do {                                                                                                        \
        double a_ = (a), b_ = (b), t_ = (tol);                                                                  \
        if (!(fabs(a_ - b_) <= t_))                                                                             \
            test_fail(__FILE__, __LINE__, "%s = %.17g, expected %s = %.17g within %.3g (off by %.3g)", #a, a_, #b, \
                      b_, t_, fabs(a_ - b_));                                                                   \
    } while (0)
#define CHECK_REL(a, b, rel)                                                                                    \
    do {                                                                                                        \
        double a_ = (a), b_ = (b), r_ = (rel);                                                                  \
        if (!(fabs(a_ - b_) <= r_ * fmax(fabs(a_), fabs(b_))))                                                 \
            test_fail(__FILE__, __LINE__, "%s = %.17g, expected %s = %.17g within relative %.3g", #a, a_, #b, b_,  \
                      r_);                                                                                      \
    } while (0)
#define CHECK_STR(a, b)                                                                                         \
    do {                                                                                                        \
        const char *a_ = (a), *b_ = (b);                                                                        \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                                                  \
            test_fail(__FILE__, __LINE__, "%s = \"%s\", expected \"%s\"", #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
    } while (0)
/* Checks that the string a contains b. */
#define CHECK_CONTAINS(a, b)                                                                                    \
    do {                                                                                                        \
        const char *a_ = (a), *b_ = (b);                                                                        \
        if (!a_ || !strstr(a_, b_)) test_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", a_ ? a_ : "(null)", b_); \
    } while (0)
/* Stops the test here if cond is false (when going on would crash). */
#define REQUIRE(cond)                                                                                           \
    do {                                                                                                        \
        if (!(cond)) {                                                                                          \
            test_fail(__FILE__, __LINE__, "REQUIRE(%s) failed", #cond);                                         \
            return;                                                                                             \
        }                                                                                                       \
    } while (0)

/* Writes text to a fresh temporary file and returns its path (static buffer per call slot k, 0..7). */
const char *test_tmpfile(int k, const char *suffix, const char *text);
/* A failing allocator for out-of-memory tests: fails every allocation after `after` successful ones
 * (after < 0: never fails). Returns the number of allocations made so far. */
void test_alloc_fail_after(long after);
/* The same allocator failing only allocation number k (counted from 0; k < 0: never fails). */
void test_alloc_fail_only(long k);
long test_alloc_count(void);

#endif
