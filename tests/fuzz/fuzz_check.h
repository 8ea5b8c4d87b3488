/* fuzz_check.h: what every fuzz target shares: the entry point's prototype and the invariant checks.
 *
 * A violated invariant is a bug in the library: the check prints what was wrong to stderr and calls
 * abort(), which libFuzzer (and tests/fuzz/replay_main.c under AddressSanitizer) reports as a crash
 * with the input that caused it. Included by one target per program, so everything here is static. */
#ifndef OGAS_FUZZ_CHECK_H
#define OGAS_FUZZ_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/error.h"
#include "ogas/sparse.h"

#if defined(__GNUC__)
#define FUZZ_UNUSED __attribute__((unused))
#define FUZZ_NORETURN __attribute__((noreturn, format(printf, 1, 2)))
#else
#define FUZZ_UNUSED
#define FUZZ_NORETURN
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Called by fuzz_fail before it aborts (the economy targets remove their temporary files). */
static void (*fuzz_fail_hook)(void);

static void fuzz_fail(const char *fmt, ...) FUZZ_NORETURN FUZZ_UNUSED;
/* Reports a broken invariant and aborts. */
static void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    if (fuzz_fail_hook) fuzz_fail_hook();
    fputs("fuzz invariant violated: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}

/* A failed call: the status is not OGAS_OK, err carries the same code and a non-empty,
 * NUL-terminated message. */
static FUZZ_UNUSED void fuzz_check_error(const char *what, ogas_status rc, const ogas_error *err)
{
    if (rc == OGAS_OK) fuzz_fail("%s: fuzz_check_error called on success", what);
    if (err->code == OGAS_OK) fuzz_fail("%s failed with status %d but err.code is OGAS_OK", what, (int)rc);
    if (err->code != rc)
        fuzz_fail("%s returned status %d but err.code is %d (%s)", what, (int)rc, (int)err->code, err->message);
    if (memchr(err->message, '\0', sizeof err->message) == NULL)
        fuzz_fail("%s: err.message is not NUL-terminated", what);
    if (err->message[0] == '\0') fuzz_fail("%s failed (status %d) with an empty err.message", what, (int)rc);
    if (memchr(err->file, '\0', sizeof err->file) == NULL) fuzz_fail("%s: err.file is not NUL-terminated", what);
}

/* A well-formed CSR: sizes in range, p[0] = 0, p nondecreasing, columns in [0, n) and strictly
 * increasing within each row; with finite = 1 every value finite too. */
static FUZZ_UNUSED void fuzz_check_csr(const char *what, const ogas_csr *A, int finite)
{
    if (A->m < 0 || A->n < 0 || A->m > OGAS_MAX_DIM || A->n > OGAS_MAX_DIM)
        fuzz_fail("%s: size %lld x %lld out of range", what, (long long)A->m, (long long)A->n);
    if (!A->p) fuzz_fail("%s: row pointers are NULL (%lld x %lld)", what, (long long)A->m, (long long)A->n);
    if (A->p[0] != 0) fuzz_fail("%s: p[0] = %lld, expected 0", what, (long long)A->p[0]);
    for (int64_t r = 0; r < A->m; r++)
        if (A->p[r + 1] < A->p[r])
            fuzz_fail("%s: p decreases at row %lld (%lld > %lld)", what, (long long)r, (long long)A->p[r],
                      (long long)A->p[r + 1]);
    if (A->p[A->m] > 0 && (!A->j || !A->x))
        fuzz_fail("%s: %lld nonzeros but j or x is NULL", what, (long long)A->p[A->m]);
    for (int64_t r = 0; r < A->m; r++)
        for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) {
            int32_t c = A->j[k];
            if (c < 0 || c >= A->n)
                fuzz_fail("%s: row %lld has column index %ld, out of [0, %lld)", what, (long long)r, (long)c,
                          (long long)A->n);
            if (k > A->p[r] && A->j[k - 1] >= c)
                fuzz_fail("%s: row %lld: column %ld follows column %ld (expected strictly increasing)", what,
                          (long long)r, (long)c, (long)A->j[k - 1]);
            if (finite && !isfinite(A->x[k]))
                fuzz_fail("%s: entry (%lld, %ld) is %g, expected a finite number", what, (long long)r, (long)c,
                          A->x[k]);
        }
}

/* Offset of the next line that is exactly "---" (a CR before its end allowed) at or after from in
 * data[0..size), size when none; *seplen := its length with its line end. The multi-file targets cut
 * their input into files there. */
static FUZZ_UNUSED size_t fuzz_next_separator(const uint8_t *data, size_t size, size_t from, size_t *seplen)
{
    for (size_t k = from; k < size; k++) {
        if ((k == 0 || data[k - 1] == '\n') && size - k >= 3 && memcmp(data + k, "---", 3) == 0) {
            size_t e = k + 3;
            if (e < size && data[e] == '\r') e++;
            if (e == size || data[e] == '\n') {
                *seplen = (e < size ? e + 1 : e) - k;
                return k;
            }
        }
    }
    *seplen = 0;
    return size;
}

#endif
