/* out.c: writing output files safely (temporary name, then rename), CSV fields and numbers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ogas/core.h"
#include "ogas/formats.h"

/* buf := shortest of %.15g/%.16g/%.17g that reads back as v. */
char *ogas_format_double(char *buf, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (prec == 17 || strtod(buf, NULL) == v) break;
    }
    return buf;
}

/* fp << s as a CSV field. */
void ogas_csv_write_field(FILE *fp, const char *s)
{
    ogas_csv_write_field_sep(fp, s, ',');
}

/* fp << s as one field of a file separated by sep: quoted (quotes doubled) when it holds sep, '"' or a
 * line end. */
void ogas_csv_write_field_sep(FILE *fp, const char *s, char sep)
{
    const char special[] = {sep, '"', '\r', '\n', 0};
    if (!strpbrk(s, special)) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* o := temporary file beside path. */
ogas_status ogas_out_open(ogas_out *o, const char *path, ogas_error *err)
{
    size_t n = strlen(path);
    int fd;
    memset(o, 0, sizeof *o);
    o->path = ogas_strdup(path);
    o->tmp = ogas_malloc(n + 16);
    if (!o->path || !o->tmp) {
        ogas_free(o->path);
        ogas_free(o->tmp);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    }
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    fd = mkstemp(o->tmp);
    if (fd >= 0) { /* mkstemp makes the file private; give it the usual mode */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        ogas_free(o->path);
        ogas_free(o->tmp);
        memset(o, 0, sizeof *o);
        return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot write: %s", strerror(e));
    }
    return OGAS_OK;
}

/* Finishes o: rename into place if ok, else remove. */
ogas_status ogas_out_close(ogas_out *o, int ok, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    if (!o->fp) return ok ? ogas_error_set(err, OGAS_EIO, "output file was not open") : OGAS_OK;
    if (ferror(o->fp)) ok = 0, rc = ogas_error_at(err, OGAS_EIO, o->path, 0, 0, "write error: %s", strerror(errno));
    if (fclose(o->fp) != 0 && ok) ok = 0, rc = ogas_error_at(err, OGAS_EIO, o->path, 0, 0, "write error: %s", strerror(errno));
    if (ok && rename(o->tmp, o->path) != 0) {
        rc = ogas_error_at(err, OGAS_EIO, o->path, 0, 0, "cannot rename into place: %s", strerror(errno));
        ok = 0;
    }
    if (!ok) unlink(o->tmp);
    ogas_free(o->path);
    ogas_free(o->tmp);
    memset(o, 0, sizeof *o);
    return rc;
}

/* path := wide CSV of a. */
ogas_status ogas_write_wide(const char *path, const char *corner, int64_t m, int64_t n, char *const *rowcodes,
                            char *const *colcodes, const double *a, ogas_error *err)
{
    ogas_out o;
    char num[32];
    ogas_status rc = ogas_out_open(&o, path, err);
    if (rc) return rc;
    ogas_csv_write_field(o.fp, corner ? corner : "");
    for (int64_t c = 0; c < n; c++) {
        fputc(',', o.fp);
        ogas_csv_write_field(o.fp, colcodes[c]);
    }
    fputc('\n', o.fp);
    for (int64_t r = 0; r < m; r++) {
        ogas_csv_write_field(o.fp, rowcodes[r]);
        for (int64_t c = 0; c < n; c++) {
            fputc(',', o.fp);
            fputs(ogas_format_double(num, a[r * n + c]), o.fp);
        }
        fputc('\n', o.fp);
    }
    return ogas_out_close(&o, 1, err);
}
