/* ogas/error.h: the one error type of the library.
 *
 * Every fallible function returns an ogas_status (OGAS_OK == 0) and, when the
 * caller passes a non-NULL ogas_error, fills it with the code, a message and
 * the context: the input position (file, line, column) for bad input, or the
 * products concerned for numerical failures. The codes come from one table
 * (OGAS_ERRORS) that also gives their names, messages and HTTP statuses. */
#ifndef OGAS_ERROR_H
#define OGAS_ERROR_H

#include <stdarg.h>

/* X(code, name, message, http status) */
#define OGAS_ERRORS(X)                                                         \
    X(OK, "ok", "success", 200)                                                \
    X(EINVAL, "invalid_input", "invalid input", 400)                           \
    X(EARG, "invalid_argument", "invalid argument", 400)                       \
    X(ENOMEM, "out_of_memory", "out of memory", 507)                           \
    X(EIO, "io", "input/output error", 500)                                    \
    X(ENOTPRODUCTIVE, "not_productive", "economy is not productive", 422)      \
    X(ESINGULAR, "singular", "matrix is singular", 422)                        \
    X(ENOCONV, "no_convergence", "did not converge", 500)                      \
    X(EINFEASIBLE, "infeasible", "problem is infeasible", 422)                 \
    X(EUNBOUNDED, "unbounded", "problem is unbounded", 422)                    \
    X(ETOOBIG, "too_big", "problem too large", 413)                            \
    X(ENOTFOUND, "not_found", "not found", 404)                                \
    X(EFORBIDDEN, "forbidden", "forbidden", 403)                               \
    X(EINTERNAL, "internal", "internal error", 500)

typedef enum ogas_status {
#define OGAS__ENUM(c, name, msg, http) OGAS_##c,
    OGAS_ERRORS(OGAS__ENUM)
#undef OGAS__ENUM
    OGAS__NCODES
} ogas_status;

/* What went wrong and where. Plain struct; the caller owns it (usually on the stack). */
typedef struct ogas_error {
    ogas_status code;  /* OGAS_OK when nothing failed */
    char file[256];    /* input file, "" when not about a file */
    long line;         /* 1-based input line, 0 when unknown */
    long column;       /* 1-based byte column in the line, 0 when unknown */
    char message[768]; /* what was wrong, in words; no trailing newline */
} ogas_error;

/* Short machine name of a code ("invalid_input"); "unknown" for out-of-range codes. */
const char *ogas_status_name(ogas_status code);
/* One-line generic message of a code ("invalid input"). */
const char *ogas_status_message(ogas_status code);
/* HTTP status that a server answers for a code. */
int ogas_status_http(ogas_status code);

/* Resets err to OGAS_OK with empty context; err may be NULL. */
void ogas_error_clear(ogas_error *err);
/* Records code and a printf-style message in err (if non-NULL); returns code. */
ogas_status ogas_error_set(ogas_error *err, ogas_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records code, input position and message in err (if non-NULL); returns code. */
ogas_status ogas_error_at(ogas_error *err, ogas_status code, const char *file, long line, long column,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* ogas_error_at with the arguments in ap, for functions that take their own "...". */
ogas_status ogas_error_vat(ogas_error *err, ogas_status code, const char *file, long line, long column, const char *fmt,
                           va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;
/* Writes "file:line:column: message" (parts that are unknown are left out) into buf of size n;
 * returns buf. */
char *ogas_error_format(const ogas_error *err, char *buf, unsigned long n);

#endif
