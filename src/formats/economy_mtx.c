/* economy_mtx.c: an economy given as Matrix Market files: a folder with A.mtx (technical
 * coefficients, n x n) and optionally labour.mtx (labour per unit of output, n) and demand.mtx
 * (final demand, n), as `ogas generate` writes them; or a single coefficient matrix file.
 * Products are numbered 1..n. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/formats.h"

/* e->codes := "1".."n" in one block. */
static ogas_status number_products(ogas_economy *e, ogas_error *err)
{
    size_t bytes = 0, at = 0;
    for (int64_t k = 1; k <= e->n; k++) bytes += (size_t)snprintf(NULL, 0, "%lld", (long long)k) + 1;
    e->codes = ogas_mallocarray((size_t)e->n + 1, sizeof *e->codes);
    e->code_arena = ogas_malloc(bytes + 1);
    if (!e->codes || !e->code_arena) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for product codes");
    for (int64_t k = 0; k < e->n; k++) {
        e->codes[k] = e->code_arena + at;
        at += (size_t)sprintf(e->code_arena + at, "%lld", (long long)k + 1) + 1;
    }
    return OGAS_OK;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Reads an optional vector file of length e->n into *v. */
static ogas_status optional_vector(ogas_economy *e, const char *path, const char *what, double **v, ogas_error *err)
{
    int64_t n;
    ogas_status rc;
    if (!exists(path)) return OGAS_OK;
    rc = ogas_mtx_read_vector(path, &n, v, err);
    if (rc) return rc;
    if (n != e->n) {
        ogas_free(*v);
        *v = NULL;
        return ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "%s vector has %lld entries, but A is %lld x %lld", what,
                             (long long)n, (long long)e->n, (long long)e->n);
    }
    return OGAS_OK;
}

/* e := economy from Matrix Market files. */
ogas_status formats__read_mtx_economy(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    char file[4096];
    struct stat st;
    int dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    ogas_status rc;
    (void)o;

    memset(e, 0, sizeof *e);
    snprintf(file, sizeof file, dir ? "%s/A.mtx" : "%s", path);
    if (dir && !exists(file))
        return ogas_error_at(err, OGAS_EIO, path, 0, 0, "folder has neither A.mtx (Matrix Market economy) nor flows.csv");
    rc = ogas_mtx_read(file, &e->A, err);
    if (rc) return rc;
    if (e->A.m != e->A.n) {
        rc = ogas_error_at(err, OGAS_EINVAL, file, 0, 0, "coefficient matrix is %lld x %lld, not square",
                           (long long)e->A.m, (long long)e->A.n);
        goto done;
    }
    e->n = e->A.n;
    snprintf(e->source, sizeof e->source, "%s", path);
    snprintf(e->layout, sizeof e->layout, "mtx");
    rc = number_products(e, err);
    if (rc || !dir) goto done;
    snprintf(file, sizeof file, "%s/demand.mtx", path);
    rc = optional_vector(e, file, "final demand", &e->demand, err);
    if (rc) goto done;
    snprintf(file, sizeof file, "%s/labour.mtx", path);
    rc = optional_vector(e, file, "labour", &e->labour, err); /* per unit of output: there is no gross output */
    if (rc) goto done;
    if (e->labour) snprintf(e->labour_source, sizeof e->labour_source, "file %s (hours per unit of output)", file);
done:
    if (rc) ogas_economy_free(e);
    return rc;
}
