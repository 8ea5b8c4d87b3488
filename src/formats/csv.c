/* csv.c: the one CSV tokenizer, and reading files whole. */
#include "csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/core.h"

/* *buf := contents of path. */
ogas_status formats__slurp(const char *path, char **buf, size_t *len, ogas_error *err)
{
    FILE *fp = NULL;
    char *b = NULL;
    size_t cap = 1 << 16, n = 0;
    ogas_status rc = OGAS_OK;

    *buf = NULL;
    *len = 0;
    fp = fopen(path, "rb");
    if (!fp) return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    b = ogas_malloc(cap);
    if (!b) {
        rc = ogas_error_at(err, OGAS_ENOMEM, path, 0, 0, "out of memory reading the file");
        goto done;
    }
    for (;;) {
        size_t got;
        if (cap - n < 2) {
            char *nb = cap > SIZE_MAX / 2 ? NULL : ogas_reallocarray(b, cap, 2);
            if (!nb) {
                rc = ogas_error_at(err, OGAS_ENOMEM, path, 0, 0, "out of memory reading the file");
                goto done;
            }
            b = nb;
            cap *= 2;
        }
        got = fread(b + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    if (ferror(fp)) {
        rc = ogas_error_at(err, OGAS_EIO, path, 0, 0, "read error: %s", strerror(errno));
        goto done;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    b = NULL;
done:
    if (fp) fclose(fp);
    ogas_free(b);
    return rc;
}

/* Frees t. */
void csv_free(csv_table *t)
{
    if (!t) return;
    ogas_free(t->name);
    ogas_free(t->arena);
    ogas_free(t->f);
    ogas_free(t->row);
    memset(t, 0, sizeof *t);
}

static int is_blank_byte(char c)
{
    return c == ' ' || c == '\t';
}

/* t := rows and fields of data. Two passes: the first counts fields and rows (so that one
 * allocation each suffices), the second fills them. */
ogas_status csv_parse(const char *name, const char *data, size_t len, char sep, csv_table *t, ogas_error *err)
{
    int64_t nf = 0, nr = 0;
    ogas_status rc = OGAS_OK;
    memset(t, 0, sizeof *t);
    t->name = ogas_strdup(name ? name : "<input>");
    if (!t->name) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");

    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0, a = 0;
        long line = 1;
        size_t line_start = 0;
        int64_t f = 0, r = 0;
        if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
            (unsigned char)data[2] == 0xBF)
            k = line_start = 3;
        if (pass == 1) {
            t->arena = ogas_malloc(len + (size_t)nf + 1);
            t->f = ogas_mallocarray((size_t)nf + 1, sizeof *t->f);
            t->row = ogas_mallocarray((size_t)nr + 1, sizeof *t->row);
            if (!t->arena || !t->f || !t->row) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory parsing %s", t->name);
                goto fail;
            }
        }
        while (k < len) {
            /* One record: fields until an unquoted line end or end of input. */
            int64_t first = f;
            int blank = 1;
            for (;;) {
                long fline = line, fcol = (long)(k - line_start) + 1;
                int quoted = 0;
                size_t start = a;
                if (k < len && data[k] == '"') {
                    quoted = 1;
                    blank = 0;
                    k++;
                    for (;;) {
                        if (k >= len) {
                            rc = ogas_error_at(err, OGAS_EINVAL, t->name, fline, fcol,
                                               "quoted field is never closed (expected '\"')");
                            goto fail;
                        }
                        if (data[k] == '"') {
                            if (k + 1 < len && data[k + 1] == '"') {
                                if (pass) t->arena[a] = '"';
                                a++;
                                k += 2;
                                continue;
                            }
                            k++;
                            break;
                        }
                        if (data[k] == '\0') {
                            rc = ogas_error_at(err, OGAS_EINVAL, t->name, line, (long)(k - line_start) + 1,
                                               "NUL byte in text (expected a CSV text file)");
                            goto fail;
                        }
                        if (data[k] == '\n' || (data[k] == '\r' && !(k + 1 < len && data[k + 1] == '\n'))) {
                            line++;
                            line_start = k + 1;
                        }
                        if (pass) t->arena[a] = data[k];
                        a++;
                        k++;
                    }
                    while (k < len && is_blank_byte(data[k])) k++;
                    if (k < len && data[k] != sep && data[k] != '\n' && data[k] != '\r') {
                        rc = ogas_error_at(err, OGAS_EINVAL, t->name, line, (long)(k - line_start) + 1,
                                           "unexpected '%c' after a closing quote (expected '%c' or end of line)",
                                           data[k] >= 32 && data[k] < 127 ? data[k] : '?', sep);
                        goto fail;
                    }
                } else {
                    while (k < len && data[k] != sep && data[k] != '\n' && data[k] != '\r') {
                        if (data[k] == '\0') {
                            rc = ogas_error_at(err, OGAS_EINVAL, t->name, line, (long)(k - line_start) + 1,
                                               "NUL byte in text (expected a CSV text file)");
                            goto fail;
                        }
                        if (!is_blank_byte(data[k])) blank = 0;
                        if (pass) t->arena[a] = data[k];
                        a++;
                        k++;
                    }
                }
                if (pass) {
                    t->f[f].s = t->arena + start;
                    t->f[f].len = a - start;
                    t->f[f].line = fline;
                    t->f[f].col = fcol;
                    t->f[f].quoted = quoted;
                    t->arena[a] = '\0';
                }
                a++;
                f++;
                if (k < len && data[k] == sep) {
                    k++;
                    blank = 0;
                    continue;
                }
                break;
            }
            /* End of record: consume the line end (LF, CRLF or CR). */
            if (k < len && data[k] == '\r') {
                k++;
                if (k < len && data[k] == '\n') k++;
            } else if (k < len && data[k] == '\n') {
                k++;
            }
            line++;
            line_start = k;
            if (blank && f - first == 1) { /* a blank line: drop its one empty field */
                f = first;
                continue;
            }
            if (pass) t->row[r] = first;
            r++;
        }
        if (pass == 0) {
            nf = f;
            nr = r;
        } else {
            t->row[r] = f;
            t->nrows = r;
            t->nfields = f;
            t->last_line = line - 1;
        }
    }
    return OGAS_OK;
fail:
    csv_free(t);
    return rc;
}

/* t := the CSV file at path. */
ogas_status csv_read(const char *path, char sep, csv_table *t, ogas_error *err)
{
    char *buf;
    size_t len;
    ogas_status rc = formats__slurp(path, &buf, &len, err);
    if (rc) {
        memset(t, 0, sizeof *t);
        return rc;
    }
    rc = csv_parse(path, buf, len, sep, t, err);
    ogas_free(buf);
    return rc;
}

/* 1 if f is empty or a conventional missing-value marker. */
int formats__missing(const csv_field *f)
{
    static const char *const marks[] = {"NA", "N/A", "n/a", ":", "-", "..", "#N/A"};
    size_t a = 0, b = f->len;
    while (a < b && is_blank_byte(f->s[a])) a++;
    while (b > a && is_blank_byte(f->s[b - 1])) b--;
    if (a == b) return 1;
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
        if (strlen(marks[k]) == b - a && memcmp(marks[k], f->s + a, b - a) == 0) return 1;
    return 0;
}

/* 1 if the three bytes at s spell w (lower case) in any case. */
static int strncasecmp_n(const char *s, const char *w)
{
    for (int k = 0; k < 3; k++)
        if ((s[k] | 0x20) != w[k]) return 0;
    return 1;
}

/* 1 if the NUL-terminated s is a number too large for a double. */
static int out_of_range(const char *s)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    while (*end == ' ' || *end == '\t') end++;
    return end != s && *end == '\0' && errno == ERANGE && (v > 1.0 || v < -1.0);
}

/* *v := number in f, or an error naming where and what was expected. */
ogas_status formats__number(const char *file, const csv_field *f, const char *what, double *v, ogas_error *err)
{
    if (ogas_parse_double(f->s, f->len, v)) return OGAS_OK;
    {
        char shown[48];
        size_t n = f->len < 40 ? f->len : 40;
        for (size_t k = 0; k < n; k++) shown[k] = (f->s[k] >= 32 && f->s[k] < 127) ? f->s[k] : '?';
        shown[n] = '\0';
        if (f->len > 40) strcpy(shown + 40, "...");
        if (f->len == 0)
            return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "expected %s, found an empty cell", what);
        {
            const char *t = f->s;
            size_t a = 0;
            while (a < f->len && (t[a] == ' ' || t[a] == '+' || t[a] == '-')) a++;
            if (f->len - a >= 3 && strncasecmp_n(t + a, "nan"))
                return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "expected %s, found NaN", what);
            if (f->len - a >= 3 && strncasecmp_n(t + a, "inf"))
                return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "expected %s, found infinity", what);
            if (out_of_range(f->s))
                return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                                     "expected %s, found '%s', which is out of the range of double precision",
                                     what, shown);
        }
        return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "expected %s, found '%s'", what, shown);
    }
}
