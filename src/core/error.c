/* error.c: the error table, and recording errors with their context. */
#include "ogas/error.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name, *message;
    int http;
} error_table[] = {
#define OGAS__ROW(c, name, msg, http) {name, msg, http},
    OGAS_ERRORS(OGAS__ROW)
#undef OGAS__ROW
};

/* Name of code. */
const char *ogas_status_name(ogas_status code)
{
    return (unsigned)code < OGAS__NCODES ? error_table[code].name : "unknown";
}

/* Generic message of code. */
const char *ogas_status_message(ogas_status code)
{
    return (unsigned)code < OGAS__NCODES ? error_table[code].message : "unknown error";
}

/* HTTP status of code. */
int ogas_status_http(ogas_status code)
{
    return (unsigned)code < OGAS__NCODES ? error_table[code].http : 500;
}

/* err := no error. */
void ogas_error_clear(ogas_error *err)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = OGAS_OK;
}

static void error_vset(ogas_error *err, ogas_status code, const char *file, long line, long column,
                       const char *fmt, va_list ap)
{
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

/* err := (code, message); returns code. */
ogas_status ogas_error_set(ogas_error *err, ogas_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        error_vset(err, code, NULL, 0, 0, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* err := (code, position, message); returns code. */
ogas_status ogas_error_at(ogas_error *err, ogas_status code, const char *file, long line, long column,
                          const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        error_vset(err, code, file, line, column, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* The same with the arguments in ap (for functions that take their own "..."). */
ogas_status ogas_error_vat(ogas_error *err, ogas_status code, const char *file, long line, long column, const char *fmt,
                           va_list ap)
{
    if (err) error_vset(err, code, file, line, column, fmt, ap);
    return code;
}

/* buf := "file:line:column: message". */
char *ogas_error_format(const ogas_error *err, char *buf, unsigned long n)
{
    size_t k = 0;
    if (!buf || n == 0) return buf;
    buf[0] = '\0';
    if (!err) return buf;
    if (err->file[0]) {
        k += (size_t)snprintf(buf + k, n - k, "%s:", err->file);
        if (k < n && err->line > 0) k += (size_t)snprintf(buf + k, n - k, "%ld:", err->line);
        if (k < n && err->line > 0 && err->column > 0) k += (size_t)snprintf(buf + k, n - k, "%ld:", err->column);
        if (k < n) k += (size_t)snprintf(buf + k, n - k, " ");
    }
    if (k < n)
        snprintf(buf + k, n - k, "%s", err->message[0] ? err->message : ogas_status_message(err->code));
    return buf;
}
