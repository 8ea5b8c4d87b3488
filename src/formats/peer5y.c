/* peer5y.c: the peer planner's CSV format (Cockshott's 5yearplan): flows.csv with a header
 * "headings,<product names>", one row per product (the inputs of each column's industry), then the
 * rows "labour" and "output". The path is flows.csv itself or its folder; when labtarg.csv stands
 * beside it, each of its year rows becomes a final-demand column (year 1 is the default demand). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "formats.h"
#include "ogas/core.h"

/* Reads labtarg.csv rows "yearK" as final-demand columns named "yearK target". */
static ogas_status read_targets(const char *path, ogas_economy *e, ogas_error *err)
{
    csv_table t;
    ogas_status rc = csv_read(path, ',', &t, err);
    if (rc) return rc;
    if (t.nrows < 1 || csv_row_len(&t, 0) < e->n + 1) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, 1, 1, "expected a header 'headings,<%lld product names>,labour'",
                           (long long)e->n);
        goto done;
    }
    for (int64_t j = 0; j < e->n; j++) {
        const csv_field *f = csv_cell(&t, 0, j + 1);
        if (strcmp(f->s, e->codes[j]) != 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "expected product '%s' (as in flows.csv), found '%s'",
                               e->codes[j], f->s);
            goto done;
        }
    }
    e->fd = ogas_calloc((size_t)t.nrows, sizeof *e->fd);
    if (!e->fd) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t r = 1; r < t.nrows; r++) {
        ogas_series *s;
        char name[96];
        if (strncmp(csv_cell(&t, r, 0)->s, "year", 4) != 0) continue;
        if (csv_row_len(&t, r) != csv_row_len(&t, 0)) {
            const csv_field *f = csv_cell(&t, r, csv_row_len(&t, r) - 1);
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "ragged row: %lld fields, the header has %lld",
                               (long long)csv_row_len(&t, r), (long long)csv_row_len(&t, 0));
            goto done;
        }
        s = &e->fd[e->nfd++];
        snprintf(name, sizeof name, "%.60s target", csv_cell(&t, r, 0)->s);
        s->name = ogas_strdup(name);
        s->x = ogas_calloc((size_t)e->n, sizeof *s->x);
        if (!s->name || !s->x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        for (int64_t j = 0; j < e->n; j++) {
            rc = formats__number(path, csv_cell(&t, r, j + 1), "a number (target)", &s->x[j], err);
            if (rc) goto done;
        }
    }
    if (e->nfd > 0) {
        e->demand = ogas_mallocarray((size_t)e->n, sizeof *e->demand);
        if (!e->demand) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        memcpy(e->demand, e->fd[0].x, (size_t)e->n * sizeof *e->demand);
        ogas_economy_note(e, "final demand: '%s' from %s", e->fd[0].name, path);
    }
done:
    csv_free(&t);
    return rc;
}

/* e := the economy of a peer-format flows.csv. */
ogas_status formats__read_5yp(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    char flows[4096], targets[4096];
    struct stat st;
    csv_table t = {0};
    ogas_triplet T = {0};
    int64_t n, rlab = -1, rout = -1;
    ogas_status rc;
    (void)o;

    memset(e, 0, sizeof *e);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(flows, sizeof flows, "%s/flows.csv", path);
        snprintf(targets, sizeof targets, "%s/labtarg.csv", path);
    } else {
        const char *slash = strrchr(path, '/');
        snprintf(flows, sizeof flows, "%s", path);
        snprintf(targets, sizeof targets, "%.*slabtarg.csv", slash ? (int)(slash - path + 1) : 0, path);
    }
    rc = csv_read(flows, ',', &t, err);
    if (rc) return rc;
    if (t.nrows == 0 || strcmp(csv_cell(&t, 0, 0)->s, "headings") != 0) {
        rc = ogas_error_at(err, OGAS_EINVAL, flows, t.nrows ? csv_cell(&t, 0, 0)->line : 1, 1,
                           "expected a header row starting with 'headings'");
        goto done;
    }
    n = csv_row_len(&t, 0) - 1;
    if (n < 1) {
        rc = ogas_error_at(err, OGAS_EINVAL, flows, 1, 1, "expected product names after 'headings'");
        goto done;
    }
    for (int64_t r = 1; r < t.nrows; r++) {
        const char *label = csv_cell(&t, r, 0)->s;
        if (csv_row_len(&t, r) != n + 1) {
            const csv_field *f = csv_cell(&t, r, csv_row_len(&t, r) - 1);
            rc = ogas_error_at(err, OGAS_EINVAL, flows, f->line, f->col, "ragged row: %lld fields, the header has %lld",
                               (long long)csv_row_len(&t, r), (long long)n + 1);
            goto done;
        }
        if (strcmp(label, "labour") == 0) rlab = r;
        else if (strcmp(label, "output") == 0) rout = r;
    }
    if (rout < 0 || rlab < 0) {
        rc = ogas_error_at(err, OGAS_EINVAL, flows, t.last_line, 1, "expected rows labelled 'labour' and 'output'");
        goto done;
    }
    if (t.nrows - 1 != n + 2 || rlab != n + 1 || rout != n + 2) {
        rc = ogas_error_at(err, OGAS_EINVAL, flows, csv_cell(&t, t.nrows - 1, 0)->line, 1,
                           "block is not square: expected %lld product rows then 'labour' and 'output', found %lld rows",
                           (long long)n, (long long)t.nrows - 1);
        goto done;
    }
    e->n = n;
    snprintf(e->source, sizeof e->source, "%s", flows);
    snprintf(e->layout, sizeof e->layout, "5yp");
    e->codes = ogas_calloc((size_t)n, sizeof *e->codes);
    e->output = ogas_calloc((size_t)n, sizeof *e->output);
    e->labour = ogas_calloc((size_t)n, sizeof *e->labour);
    if (!e->codes || !e->output || !e->labour) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t j = 0; j < n; j++) {
        const csv_field *f = csv_cell(&t, 0, j + 1);
        if (!(e->codes[j] = ogas_strdup(f->s))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        for (int64_t k = 0; k < j; k++)
            if (strcmp(e->codes[k], f->s) == 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, flows, f->line, f->col, "duplicate product name '%s'", f->s);
                goto done;
            }
        if (strcmp(csv_cell(&t, j + 1, 0)->s, f->s) != 0) {
            const csv_field *g = csv_cell(&t, j + 1, 0);
            rc = ogas_error_at(err, OGAS_EINVAL, flows, g->line, g->col,
                               "block is not square: row %lld is '%s', expected '%s' (the header's order)",
                               (long long)j + 1, g->s, f->s);
            goto done;
        }
    }
    rc = ogas_triplet_init(&T, n, n, n * 4, err);
    for (int64_t i = 0; !rc && i < n; i++)
        for (int64_t j = 0; !rc && j < n; j++) {
            double v;
            rc = formats__number(flows, csv_cell(&t, i + 1, j + 1), "a number (input flow)", &v, err);
            if (!rc && v < 0)
                rc = ogas_error_at(err, OGAS_EINVAL, flows, csv_cell(&t, i + 1, j + 1)->line, csv_cell(&t, i + 1, j + 1)->col,
                                   "negative input flow %g (expected >= 0)", v);
            if (!rc && v != 0.0) rc = ogas_triplet_push(&T, i, j, v, err);
        }
    if (!rc) rc = ogas_csr_from_triplet(&T, &e->Z, err);
    for (int64_t j = 0; !rc && j < n; j++) {
        const csv_field *f = csv_cell(&t, rout, j + 1);
        rc = formats__number(flows, f, "a number (gross output)", &e->output[j], err);
        if (!rc && e->output[j] < 0)
            rc = ogas_error_at(err, OGAS_EINVAL, flows, f->line, f->col, "negative gross output %g for product %s", e->output[j],
                               e->codes[j]);
        if (!rc) rc = formats__number(flows, csv_cell(&t, rlab, j + 1), "a number (labour)", &e->labour[j], err);
    }
    if (rc) goto done;
    snprintf(e->labour_source, sizeof e->labour_source, "row 'labour' of %s", flows);
    if (stat(targets, &st) == 0) rc = read_targets(targets, e, err);
done:
    ogas_triplet_free(&T);
    csv_free(&t);
    if (rc) ogas_economy_free(e);
    return rc;
}
