/* table_wide.c: the statistical-office "wide" layout (ONS, Eurostat symmetric input-output tables).
 *
 * First row: column codes (its first cell is ignored). First column: row codes.
 * The product block is the leading run of columns whose code is also a row
 * code (after trimming and dropping a "CPA_" prefix); the rows with those codes
 * must be the leading data rows, in any order. Columns after the block are
 * final-demand categories, rows after it primary inputs; rows and columns named
 * as totals are checks, not data. See docs/formats.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "ogas/core.h"

static const char *const output_row_names[] = {"totaloutput", "output", "outputbp", "p1", "go",
                                               "totaloutputatbasicprices", "outputatbasicprices", NULL};

/* Where things are in the table: indices of fields and rows. */
typedef struct wide_shape {
    int64_t ncols;     /* fields per row */
    int64_t n;         /* products */
    int64_t *prow;     /* prow[k]: table row of product k (products in column order) */
    int64_t *fdcol;    /* table columns of final-demand categories */
    int64_t nfd;
    int64_t *totcol;   /* table columns named as totals */
    int64_t ntotcol;
    int64_t *primrow;  /* table rows of primary inputs (not products, not totals, not output) */
    int64_t nprim;
    int64_t *totrow;   /* table rows named as totals */
    int64_t ntotrow;
    int64_t outrow;    /* table row of gross output, or -1 */
} wide_shape;

static void shape_free(wide_shape *s)
{
    ogas_free(s->prow);
    ogas_free(s->fdcol);
    ogas_free(s->totcol);
    ogas_free(s->primrow);
    ogas_free(s->totrow);
    memset(s, 0, sizeof *s);
}

/* Classifies rows and columns of t (see the file comment). */
static ogas_status wide_shape_find(const csv_table *t, const ogas_read_options *o, wide_shape *s,
                                 ogas_error *err)
{
    const char *file = t->name;
    ogas_strmap rows = {0}, cols = {0};
    int64_t H, ncolprod = 0, nrowprod = 0;
    ogas_status rc = OGAS_OK;

    memset(s, 0, sizeof *s);
    s->outrow = -1;
    if (t->nrows == 0) return ogas_error_at(err, OGAS_EINVAL, file, 1, 1, "empty file (expected a header row of codes)");
    H = csv_row_len(t, 0);
    s->ncols = H;
    if (H < 2 || t->nrows < 2)
        return ogas_error_at(err, OGAS_EINVAL, file, 1, 1,
                             "expected a header row of column codes and at least one row of data");
    for (int64_t r = 1; r < t->nrows; r++) {
        if (csv_row_len(t, r) != H) {
            const csv_field *f = csv_cell(t, r, csv_row_len(t, r) - 1);
            return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                                 "ragged row: %lld fields, but the header row has %lld",
                                 (long long)csv_row_len(t, r), (long long)H);
        }
    }
    s->prow = ogas_mallocarray((size_t)H, sizeof *s->prow);
    s->fdcol = ogas_mallocarray((size_t)H, sizeof *s->fdcol);
    s->totcol = ogas_mallocarray((size_t)H, sizeof *s->totcol);
    s->primrow = ogas_mallocarray((size_t)t->nrows, sizeof *s->primrow);
    s->totrow = ogas_mallocarray((size_t)t->nrows, sizeof *s->totrow);
    if (!s->prow || !s->fdcol || !s->totcol || !s->primrow || !s->totrow || !ogas_strmap_init(&rows, (size_t)t->nrows) ||
        !ogas_strmap_init(&cols, (size_t)H)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", file);
        goto done;
    }
    /* Row codes, unique among non-total rows. */
    for (int64_t r = 1; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        int64_t old;
        if (len == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "empty row code (expected a product or input code)");
            goto done;
        }
        if (formats__is_total(f->s)) continue;
        if (ogas_strmap_put(&rows, key, len, r, &old) == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "duplicate row code '%s' (first on line %ld)",
                               f->s, csv_cell(t, old, 0)->line);
            goto done;
        }
    }
    /* Column codes, unique among non-total columns. */
    for (int64_t c = 1; c < H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        int64_t old;
        if (len == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "empty column code in the header row");
            goto done;
        }
        if (formats__is_total(f->s)) continue;
        if (ogas_strmap_put(&cols, key, len, c, &old) == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, "duplicate column code '%s' (first at column %ld)",
                               f->s, csv_cell(t, 0, old)->col);
            goto done;
        }
    }
    /* Product columns: the leading run whose codes are row codes. */
    for (int64_t c = 1; c < H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (formats__is_total(f->s) || ogas_strmap_get(&rows, key, len) < 0) break;
        s->prow[ncolprod++] = ogas_strmap_get(&rows, key, len);
    }
    /* Product rows: the leading run of rows whose codes are column codes. */
    for (int64_t r = 1; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        int64_t c;
        if (formats__is_total(f->s) || (c = ogas_strmap_get(&cols, key, len)) < 0) break;
        if (c > ncolprod) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                               "block is not square: row '%s' matches column %lld, which lies after the %lld "
                               "product columns",
                               f->s, (long long)c + 1, (long long)ncolprod);
            goto done;
        }
        nrowprod++;
    }
    if (ncolprod == 0) {
        rc = ogas_error_at(err, OGAS_EINVAL, file, 1, csv_cell(t, 0, 1)->col,
                           "no product block: the first column code '%s' is not a row code (expected the same codes "
                           "along the header row and down the first column)",
                           csv_cell(t, 0, 1)->s);
        goto done;
    }
    if (nrowprod != ncolprod) {
        /* Name the first product column whose row is not among the leading rows, or the first extra row. */
        for (int64_t k = 0; k < ncolprod; k++) {
            if (s->prow[k] > nrowprod) {
                const csv_field *f = csv_cell(t, 0, k + 1);
                rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                                   "block is not square: %lld product columns but %lld product rows; column '%s' "
                                   "has its row on line %ld, after the product rows",
                                   (long long)ncolprod, (long long)nrowprod, f->s, csv_cell(t, s->prow[k], 0)->line);
                goto done;
            }
        }
        {
            const csv_field *f = csv_cell(t, ncolprod + 1, 0);
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                               "block is not square: %lld product columns but %lld product rows; row '%s' matches "
                               "no product column",
                               (long long)ncolprod, (long long)nrowprod, f->s);
            goto done;
        }
    }
    s->n = ncolprod;
    /* Columns after the block: totals or final demand. A product code there is an error. */
    for (int64_t c = ncolprod + 1; c < H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (formats__is_total(f->s)) {
            s->totcol[s->ntotcol++] = c;
        } else if (ogas_strmap_get(&rows, key, len) >= 1) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                               "block is not square: column '%s' has a row of the same code (line %ld) but stands "
                               "outside the product block",
                               f->s, csv_cell(t, ogas_strmap_get(&rows, key, len), 0)->line);
            goto done;
        } else {
            s->fdcol[s->nfd++] = c;
        }
    }
    /* Rows after the block: output, totals or primary inputs. */
    for (int64_t r = s->n + 1; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (!formats__is_total(f->s) && ogas_strmap_get(&cols, key, len) >= 1) {
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                               "block is not square: row '%s' has a column of the same code but stands outside the "
                               "product block",
                               f->s);
            goto done;
        }
        int is_out = o->output_row ? strcmp(f->s, o->output_row) == 0 : formats__name_is(f->s, output_row_names);
        if (is_out && s->outrow < 0) s->outrow = r;
        else if (formats__is_total(f->s)) s->totrow[s->ntotrow++] = r;
        else s->primrow[s->nprim++] = r;
    }
    if (o->output_row && s->outrow < 0) {
        rc = ogas_error_at(err, OGAS_EARG, file, 0, 0, "no row named '%s' for gross output", o->output_row);
        goto done;
    }
done:
    ogas_strmap_free(&rows);
    ogas_strmap_free(&cols);
    if (rc) shape_free(s);
    return rc;
}

/* v[k] := number in (row r, column c) of t, for products k; NaN and a remembered position for missing
 * cells when allow_missing, else an error. */
static ogas_status read_cell(const csv_table *t, int64_t r, int64_t c, const char *what, int allow_missing, double *v,
                             long *miss_line, long *miss_col, ogas_error *err)
{
    const csv_field *f = csv_cell(t, r, c);
    if (allow_missing && formats__missing(f)) {
        *v = NAN;
        if (miss_line && !*miss_line) {
            *miss_line = f->line;
            *miss_col = f->col;
        }
        return OGAS_OK;
    }
    return formats__number(t->name, f, what, v, err);
}

/* Checks the table's own totals against the data and records notes where they differ. */
static void wide_checks(const csv_table *t, const wide_shape *s, ogas_economy *e, const double *rowsumZ,
                        const double *colsumZ, const double *fdsum)
{
    for (int64_t k = 0; k < s->ntotcol; k++) {
        int64_t c = s->totcol[k];
        double dz = 0, dt = 0, scale = 0;
        int numeric = 1;
        for (int64_t i = 0; i < s->n && numeric; i++) {
            double v;
            if (!ogas_parse_double(csv_cell(t, s->prow[i], c)->s, csv_cell(t, s->prow[i], c)->len, &v)) {
                numeric = 0;
                break;
            }
            dz = fmax(dz, fabs(v - rowsumZ[i]));
            dt = fmax(dt, fabs(v - rowsumZ[i] - fdsum[i]));
            scale = fmax(scale, fabs(v));
        }
        if (!numeric) continue;
        if (dz > 1e-6 * scale && dt > 1e-6 * scale)
            ogas_economy_note(e,
                              "total column '%s' equals neither intermediate use nor total use (off by %.6g and "
                              "%.6g at most)",
                              csv_cell(t, 0, c)->s, dz, dt);
    }
    for (int64_t k = 0; k < s->ntotrow; k++) {
        int64_t r = s->totrow[k];
        double d = 0, scale = 0;
        int numeric = 1;
        for (int64_t j = 0; j < s->n; j++) {
            double v;
            if (!ogas_parse_double(csv_cell(t, r, j + 1)->s, csv_cell(t, r, j + 1)->len, &v)) {
                numeric = 0;
                break;
            }
            d = fmax(d, fabs(v - colsumZ[j]));
            scale = fmax(scale, fabs(v));
        }
        if (numeric && d > 1e-6 * scale)
            ogas_economy_note(e, "total row '%s' is not the sum of intermediate inputs (off by %.6g at most)",
                              csv_cell(t, r, 0)->s, d);
    }
    if (e->output) {
        double d = 0;
        int64_t worst = -1;
        for (int64_t i = 0; i < s->n; i++) {
            double dev = fabs(e->output[i] - rowsumZ[i] - fdsum[i]);
            if (dev > 1e-6 * fmax(1.0, fabs(e->output[i])) && dev > d) {
                d = dev;
                worst = i;
            }
        }
        if (worst >= 0)
            ogas_economy_note(e,
                              "gross output differs from intermediate plus final use (all %lld final-demand "
                              "columns) by up to %.6g (product %s)",
                              (long long)s->nfd, d, e->codes[worst]);
    }
}

/* e := the wide table at path. */
ogas_status formats__read_wide(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    csv_table t = {0};
    wide_shape s = {0};
    ogas_triplet T = {0};
    double *rowsumZ = NULL, *colsumZ = NULL, *fdsum = NULL;
    ogas_status rc;
    int64_t n;

    memset(e, 0, sizeof *e);
    rc = csv_read(path, ',', &t, err);
    if (rc) return rc;
    rc = wide_shape_find(&t, o, &s, err);
    if (rc) goto done;
    n = s.n;
    e->n = n;
    snprintf(e->source, sizeof e->source, "%s", path);
    snprintf(e->layout, sizeof e->layout, "wide");
    e->codes = ogas_calloc((size_t)n, sizeof *e->codes);
    e->output = ogas_calloc((size_t)n, sizeof *e->output);
    e->fd = ogas_calloc((size_t)s.nfd + 1, sizeof *e->fd);
    e->primary = ogas_calloc((size_t)s.nprim + 1, sizeof *e->primary);
    rowsumZ = ogas_calloc((size_t)n, sizeof *rowsumZ);
    colsumZ = ogas_calloc((size_t)n, sizeof *colsumZ);
    fdsum = ogas_calloc((size_t)n, sizeof *fdsum);
    if (!e->codes || !e->output || !e->fd || !e->primary || !rowsumZ || !colsumZ || !fdsum) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    for (int64_t k = 0; k < n; k++)
        if (!(e->codes[k] = ogas_strdup(csv_cell(&t, 0, k + 1)->s))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
    /* Flows, with row i of Z the row of product i (in column order). */
    rc = ogas_triplet_init(&T, n, n, n * 8, err);
    if (rc) goto done;
    for (int64_t i = 0; i < n; i++) {
        for (int64_t j = 0; j < n; j++) {
            double v;
            rc = formats__number(path, csv_cell(&t, s.prow[i], j + 1), "a number (intermediate flow)", &v, err);
            if (rc) goto done;
            rowsumZ[i] += v;
            colsumZ[j] += v;
            if (v != 0.0 && (rc = ogas_triplet_push(&T, i, j, v, err))) goto done;
        }
    }
    rc = ogas_csr_from_triplet(&T, &e->Z, err);
    if (rc) goto done;
    /* Final-demand columns. */
    for (int64_t k = 0; k < s.nfd; k++) {
        ogas_series *sr = &e->fd[e->nfd];
        sr->name = ogas_strdup(csv_cell(&t, 0, s.fdcol[k])->s);
        sr->x = ogas_calloc((size_t)n, sizeof *sr->x);
        e->nfd++;
        if (!sr->name || !sr->x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        for (int64_t i = 0; i < n; i++) {
            rc = formats__number(path, csv_cell(&t, s.prow[i], s.fdcol[k]), "a number (final demand)", &sr->x[i], err);
            if (rc) goto done;
            fdsum[i] += sr->x[i];
        }
    }
    /* Primary-input rows (missing cells allowed; an error only if the row is used). */
    for (int64_t k = 0; k < s.nprim; k++) {
        ogas_series *sr = &e->primary[e->nprimary];
        long ml = 0, mc = 0;
        sr->name = ogas_strdup(csv_cell(&t, s.primrow[k], 0)->s);
        sr->x = ogas_calloc((size_t)n, sizeof *sr->x);
        e->nprimary++;
        if (!sr->name || !sr->x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        for (int64_t j = 0; j < n; j++) {
            rc = read_cell(&t, s.primrow[k], j + 1, "a number (primary input)", 1, &sr->x[j], &ml, &mc, err);
            if (rc) goto done;
        }
        sr->missing_line = ml;
        sr->missing_col = mc;
    }
    /* Gross output: the output row, else intermediate plus final use. */
    if (s.outrow >= 0) {
        for (int64_t j = 0; j < n; j++) {
            const csv_field *f = csv_cell(&t, s.outrow, j + 1);
            rc = formats__number(path, f, "a number (gross output)", &e->output[j], err);
            if (rc) goto done;
            if (e->output[j] < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                   "negative gross output %g for product %s (expected output >= 0)", e->output[j],
                                   e->codes[j]);
                goto done;
            }
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            e->output[i] = rowsumZ[i] + fdsum[i];
            if (e->output[i] < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, csv_cell(&t, s.prow[i], 0)->line, 1,
                                   "no gross-output row, and total use of product %s is negative (%g)", e->codes[i],
                                   e->output[i]);
                goto done;
            }
        }
        ogas_economy_note(e, "no gross-output row recognised: gross output taken as intermediate plus final use");
    }
    wide_checks(&t, &s, e, rowsumZ, colsumZ, fdsum);
    /* The block ends where codes stop matching. When neither the next column nor the next row is a total,
     * a mistyped code may have cut it short: say where it ended. */
    if (n + 1 < s.ncols && n + 1 < t.nrows && !formats__is_total(csv_cell(&t, 0, n + 1)->s) &&
        !formats__is_total(csv_cell(&t, n + 1, 0)->s))
        ogas_economy_note(e,
                          "the product block (%lld products) ends before column '%s' (line 1, column %ld) and row '%s' "
                          "(line %ld), read as final demand and a primary input; if they are products, their codes "
                          "must match",
                          (long long)n, csv_cell(&t, 0, n + 1)->s, csv_cell(&t, 0, n + 1)->col, csv_cell(&t, n + 1, 0)->s,
                          csv_cell(&t, n + 1, 0)->line);
    /* Labels beside the table: <stem>_row_labels.csv or row_labels.csv. */
    {
        char lab[1024];
        const char *slash = strrchr(path, '/');
        size_t dir = slash ? (size_t)(slash - path + 1) : 0;
        const char *dot = strrchr(path, '.');
        size_t stem = dot && dot > path + dir ? (size_t)(dot - path) : strlen(path);
        const char *cut = strstr(path + dir, "_wide");
        if (cut) stem = (size_t)(cut - path);
        snprintf(lab, sizeof lab, "%.*s_row_labels.csv", (int)stem, path);
        formats__read_labels(e, lab);
        if (!e->names) {
            snprintf(lab, sizeof lab, "%.*srow_labels.csv", (int)dir, path);
            formats__read_labels(e, lab);
        }
    }
done:
    ogas_triplet_free(&T);
    ogas_free(rowsumZ);
    ogas_free(colsumZ);
    ogas_free(fdsum);
    shape_free(&s);
    csv_free(&t);
    if (rc) ogas_economy_free(e);
    return rc;
}
