/* plan_files.c: capital and target files for plans made from input-output tables
 * (ogas_plan_read_capital, ogas_plan_read_targets), comma-separated, with product codes as in the table.
 *
 * Capital: a first row "code,<industry codes>", then one row per capital good "<good code>,<stocks>": the
 * stock of that good each industry holds at the start of the plan (in the table's units). Industries and
 * goods not listed hold none. Targets: a first row "year,<product codes>", then one row per year of the
 * plan "<1..T>,<targets>" in order; products not listed have no target. */
#include <math.h>
#include <string.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/plan.h"

/* idx[c] := the product of column c (c >= 1) of row 0 of t, by code; errors name the cell. */
static ogas_status header_codes(const char *path, const csv_table *t, const ogas_strmap *codes, const char *corner,
                                int64_t *idx, char *seen, int64_t n, ogas_error *err)
{
    const csv_field *f = csv_cell(t, 0, 0);
    if (strcmp(f->s, corner) != 0)
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "expected '%s' in the first cell, found '%s'", corner,
                             f->s);
    memset(seen, 0, (size_t)n);
    for (int64_t c = 1; c < csv_row_len(t, 0); c++) {
        f = csv_cell(t, 0, c);
        idx[c] = ogas_strmap_get(codes, f->s, f->len);
        if (idx[c] < 0)
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "'%s' is not a product of the table", f->s);
        if (seen[idx[c]])
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "product '%s' appears twice", f->s);
        seen[idx[c]] = 1;
    }
    return OGAS_OK;
}

/* Common set-up: the file read, the codes mapped. */
static ogas_status open_file(const char *path, const ogas_plan_problem *p, csv_table *t, ogas_strmap *codes,
                             int64_t **idx, char **seen, ogas_error *err)
{
    ogas_status rc;
    memset(codes, 0, sizeof *codes);
    *idx = NULL;
    *seen = NULL;
    memset(t, 0, sizeof *t);
    if ((rc = csv_read(path, ',', t, err))) return rc;
    if (t->nrows < 2)
        return ogas_error_at(err, OGAS_EINVAL, path, t->last_line, 0, "expected a header row and at least one row of numbers");
    if (!ogas_strmap_init(codes, (size_t)p->n) || !(*idx = ogas_calloc((size_t)csv_row_len(t, 0) + 1, sizeof **idx)) ||
        !(*seen = ogas_calloc((size_t)p->n + 1, 1)))
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
    for (int64_t i = 0; i < p->n; i++)
        if (ogas_strmap_put(codes, p->codes[i], strlen(p->codes[i]), i, NULL) < 0)
            return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
    return OGAS_OK;
}

/* A row of t must have as many fields as the header. */
static ogas_status row_length(const char *path, const csv_table *t, int64_t r, ogas_error *err)
{
    if (csv_row_len(t, r) == csv_row_len(t, 0)) return OGAS_OK;
    return ogas_error_at(err, OGAS_EINVAL, path, csv_cell(t, r, 0)->line, csv_cell(t, r, 0)->col,
                         "expected %lld fields as in the header, found %lld", (long long)csv_row_len(t, 0),
                         (long long)csv_row_len(t, r));
}

/* p's capital := the stocks in the file at path (output: the industries' gross output), all wearing out
 * at the rate depreciation; p's fixed investments (in the old capital's cells) are dropped. */
ogas_status ogas_plan_read_capital(const char *path, const double *output, double depreciation, ogas_plan_problem *p,
                                   ogas_error *err)
{
    csv_table t;
    ogas_strmap codes;
    int64_t *idx = NULL;
    char *seen = NULL, *goods = NULL;
    ogas_triplet Tr = {0}, St = {0};
    ogas_csr cap = {0}, st = {0}, dep = {0};
    ogas_status rc;

    if ((rc = open_file(path, p, &t, &codes, &idx, &seen, err))) goto done;
    if ((rc = header_codes(path, &t, &codes, "code", idx, seen, p->n, err))) goto done;
    if (!(goods = ogas_calloc((size_t)p->n + 1, 1))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    if ((rc = ogas_triplet_init(&Tr, p->n, p->m, t.nfields, err)) || (rc = ogas_triplet_init(&St, p->n, p->m, t.nfields, err)))
        goto done;
    for (int64_t r = 1; r < t.nrows; r++) {
        const csv_field *g = csv_cell(&t, r, 0);
        int64_t i = ogas_strmap_get(&codes, g->s, g->len);
        if ((rc = row_length(path, &t, r, err))) goto done;
        if (i < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, g->line, g->col, "'%s' is not a product of the table", g->s);
            goto done;
        }
        if (goods[i]) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, g->line, g->col, "capital good '%s' appears twice", g->s);
            goto done;
        }
        goods[i] = 1;
        for (int64_t c = 1; c < csv_row_len(&t, r); c++) {
            const csv_field *f = csv_cell(&t, r, c);
            int64_t k = idx[c];
            double v;
            if (formats__missing(f)) continue;
            if ((rc = formats__number(path, f, "a capital stock", &v, err))) goto done;
            if (v < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "expected a stock >= 0, found '%s'", f->s);
                goto done;
            }
            if (v == 0) continue;
            if (!(output[k] > 0)) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                   "industry '%s' holds capital but has no gross output to relate it to", p->codes[k]);
                goto done;
            }
            if ((rc = ogas_triplet_push(&Tr, i, k, v / output[k], err)) || (rc = ogas_triplet_push(&St, i, k, v, err))) goto done;
        }
    }
    if ((rc = ogas_csr_from_triplet(&Tr, &cap, err)) || (rc = ogas_csr_from_triplet(&St, &st, err)) ||
        (rc = ogas_csr_copy(&cap, &dep, err)))
        goto done;
    for (int64_t q = 0; q < ogas_csr_nnz(&dep); q++) dep.x[q] = depreciation;
    ogas_csr_free(&p->capital);
    ogas_csr_free(&p->stock0);
    ogas_csr_free(&p->dep);
    p->capital = cap;
    p->stock0 = st;
    p->dep = dep;
    ogas_free(p->fixed); /* fixed investments were in the old capital's cells */
    p->fixed = NULL;
    memset(&cap, 0, sizeof cap);
    memset(&st, 0, sizeof st);
    memset(&dep, 0, sizeof dep);
done:
    ogas_csr_free(&cap);
    ogas_csr_free(&st);
    ogas_csr_free(&dep);
    ogas_triplet_free(&Tr);
    ogas_triplet_free(&St);
    ogas_free(idx);
    ogas_free(seen);
    ogas_free(goods);
    ogas_strmap_free(&codes);
    csv_free(&t);
    return rc;
}

/* p's targets := those in the file at path (one row per year of p). */
ogas_status ogas_plan_read_targets(const char *path, ogas_plan_problem *p, ogas_error *err)
{
    csv_table t;
    ogas_strmap codes;
    int64_t *idx = NULL;
    char *seen = NULL;
    double *target = NULL;
    ogas_status rc;

    if ((rc = open_file(path, p, &t, &codes, &idx, &seen, err))) goto done;
    if ((rc = header_codes(path, &t, &codes, "year", idx, seen, p->n, err))) goto done;
    if (t.nrows - 1 != p->T) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, t.last_line, 0, "expected %d years of targets (the plan's), found %lld", p->T,
                           (long long)(t.nrows - 1));
        goto done;
    }
    if (!(target = ogas_calloc((size_t)p->T * (size_t)p->n + 1, sizeof *target))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    for (int64_t r = 1; r < t.nrows; r++) {
        const csv_field *y = csv_cell(&t, r, 0);
        double yv;
        if ((rc = row_length(path, &t, r, err))) goto done;
        if ((rc = formats__number(path, y, "a year", &yv, err))) goto done;
        if (yv != (double)r) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, y->line, y->col, "expected year %lld, found '%s'", (long long)r, y->s);
            goto done;
        }
        for (int64_t c = 1; c < csv_row_len(&t, r); c++) {
            const csv_field *f = csv_cell(&t, r, c);
            double v;
            if (formats__missing(f)) continue;
            if ((rc = formats__number(path, f, "a target", &v, err))) goto done;
            if (v < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "expected a target >= 0, found '%s'", f->s);
                goto done;
            }
            target[(r - 1) * p->n + idx[c]] = v;
        }
    }
    ogas_free(p->target);
    p->target = target;
    target = NULL;
done:
    ogas_free(target);
    ogas_free(idx);
    ogas_free(seen);
    ogas_strmap_free(&codes);
    csv_free(&t);
    return rc;
}
