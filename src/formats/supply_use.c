/* supply_use.c: make (supply) and use tables, one wide CSV file each, read into an ogas_supply_use
 * (ogas_supply_use_read) or into a commodity-by-commodity economy (formats__read_supply_use). The
 * algebra is in src/balance/supply_use.c; this file only reads and checks.
 *
 * Layout (the wide conventions of table_wide.c; docs/formats.md):
 *   make table V: first row = commodity codes (first cell ignored), first column = industry codes.
 *     Rows and columns named as totals (formats__is_total) are checks: a total column against each
 *     industry's output (row sum), a total row against each commodity's output (column sum). Every
 *     other row is an industry, every other column a commodity.
 *   use table U: first row = column codes, first column = row codes. The leading run of columns whose
 *     codes are industries of the make table is the industry block (in any order); the columns after it
 *     are final-demand categories, or totals. The leading run of rows whose codes are commodities of
 *     the make table is the commodity block; the rows after it are value added (primary inputs, one
 *     value per industry), or totals and an industry-output row (checks).
 * Codes are matched after trimming blanks and a "CPA_" prefix (formats__code_key). Industries of the two
 * tables must match as sets, and so must commodities; as a use-table column with an unknown code would
 * otherwise pass for final demand (and a row for value added), a nonzero number where a value-added row
 * meets a final-demand column is an error. Totals that differ from the data by more than 1%
 * in the make table are errors (the wrong column or row was read); smaller differences, and any
 * difference in the use table, become notes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/supply_use.h"

/* Names (compared squashed, as formats__name_is does) of a use-table row holding industry output. */
static const char *const output_row_names[] = {"output", "industryoutput", "grossoutput", "go", "p1", "outputbp",
                                               "outputatbasicprices", NULL};

/* Everything found while reading the two tables: positions, maps of codes, sums for the checks. */
typedef struct su_ctx {
    const char *make, *use; /* file names, for errors */
    csv_table mt, ut;       /* make and use tables */
    ogas_strmap ind, com;   /* code key -> industry / commodity index (keys point into mt) */
    int64_t ni, nc;         /* industries, commodities */
    int64_t *irow, *ccol;   /* make row of industry i, make column of commodity c */
    int64_t *ucol, *urow;   /* use column of industry i, use row of commodity c (-1 while not found) */
    int64_t *mtcol, nmtcol; /* make: total columns */
    int64_t *mtrow, nmtrow; /* make: total rows */
    int64_t *fdcol, nfd;    /* use: final-demand columns */
    int64_t *vrow, nva;     /* use: value-added rows */
    int64_t *utcol, nutcol; /* use: total columns */
    int64_t *utrow, nutrow; /* use: total rows and industry-output rows */
    double *g, *q;          /* row and column sums of V */
    double *uin, *uinabs;   /* per industry: intermediate inputs, and their absolute sum */
    double *uuse;           /* per commodity: intermediate use */
    double *fdsum;          /* per commodity: final use */
    double *vasum, *vaabs;  /* per industry: value added (missing values left out), absolute */
} su_ctx;

/* Appends a printf-style note to su->notes. */
static ogas_status su_note(ogas_supply_use *su, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static ogas_status su_note(ogas_supply_use *su, const char *fmt, ...)
{
    char buf[1024], *line, **more = NULL;
    ogas_status rc = OGAS_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    line = ogas_strdup(buf);
    if (!line) goto done;
    more = ogas_reallocarray(su->notes, (size_t)su->nnotes + 1, sizeof *more);
    if (!more) goto done;
    su->notes = more;
    su->notes[su->nnotes++] = line;
    line = NULL;
    rc = OGAS_OK;
done:
    ogas_free(line);
    return rc;
}

/* 1 if a and b agree to the relative precision of the checks. */
static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Checks that every row of t has as many fields as its header row, and that there is a header and data. */
static ogas_status su_rectangular(const csv_table *t, const char *what, ogas_error *err)
{
    int64_t H;
    if (t->nrows < 2 || csv_row_len(t, 0) < 2)
        return ogas_error_at(err, OGAS_EINVAL, t->name, t->nrows ? 1 : 0, t->nrows ? 1 : 0,
                             "expected a header row of column codes and at least one row of data (the %s table)",
                             what);
    H = csv_row_len(t, 0);
    for (int64_t r = 1; r < t->nrows; r++) {
        if (csv_row_len(t, r) != H) {
            const csv_field *f = csv_cell(t, r, csv_row_len(t, r) - 1);
            return ogas_error_at(err, OGAS_EINVAL, t->name, f->line, f->col,
                                 "ragged row: %lld fields, but the header row has %lld",
                                 (long long)csv_row_len(t, r), (long long)H);
        }
    }
    return OGAS_OK;
}

/* Industries (rows) and commodities (columns) of the make table, totals set aside. */
static ogas_status make_shape(su_ctx *x, ogas_error *err)
{
    const csv_table *t = &x->mt;
    int64_t H = csv_row_len(t, 0), old;
    for (int64_t c = 1; c < H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        int put;
        if (len == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                                 "empty column code in the make table's header row (expected a commodity code)");
        if (formats__is_total(f->s)) {
            x->mtcol[x->nmtcol++] = c;
            continue;
        }
        put = ogas_strmap_put(&x->com, key, len, x->nc, &old);
        if (put < 0) return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", x->make);
        if (put == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                                 "duplicate commodity code '%s' (first at column %ld)", f->s,
                                 csv_cell(t, 0, x->ccol[old])->col);
        x->ccol[x->nc++] = c;
    }
    for (int64_t r = 1; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        int put;
        if (len == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                                 "empty row code in the make table (expected an industry code)");
        if (formats__is_total(f->s)) {
            x->mtrow[x->nmtrow++] = r;
            continue;
        }
        put = ogas_strmap_put(&x->ind, key, len, x->ni, &old);
        if (put < 0) return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", x->make);
        if (put == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                                 "duplicate industry code '%s' (first on line %ld)", f->s,
                                 csv_cell(t, x->irow[old], 0)->line);
        x->irow[x->ni++] = r;
    }
    if (x->nc == 0)
        return ogas_error_at(err, OGAS_EINVAL, x->make, 1, csv_cell(t, 0, 1)->col,
                             "no commodity columns in the make table (the header row holds only totals)");
    if (x->ni == 0)
        return ogas_error_at(err, OGAS_EINVAL, x->make, csv_cell(t, 1, 0)->line, 1,
                             "no industry rows in the make table (every row is a total)");
    return OGAS_OK;
}

/* The industry columns and commodity rows of the use table, matched against the make table; then its
 * final-demand columns, value-added rows and totals. */
static ogas_status use_shape(su_ctx *x, ogas_error *err)
{
    const csv_table *t = &x->ut;
    int64_t H = csv_row_len(t, 0), c, r, nblock = 0, k;
    for (int64_t i = 0; i < x->ni; i++) x->ucol[i] = -1;
    for (int64_t j = 0; j < x->nc; j++) x->urow[j] = -1;
    /* Columns: the leading run of industries, then final demand and totals. */
    for (c = 1; c < H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (len == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col, "empty column code in the use table's header row");
        if (formats__is_total(f->s) || (k = ogas_strmap_get(&x->ind, key, len)) < 0) break;
        if (x->ucol[k] >= 0)
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col,
                                 "duplicate industry column '%s' (first at column %ld)", f->s,
                                 csv_cell(t, 0, x->ucol[k])->col);
        x->ucol[k] = c;
        nblock++;
    }
    if (nblock < x->ni) {
        const csv_field *at = csv_cell(t, 0, c < H ? c : H - 1);
        for (k = 0; x->ucol[k] >= 0; k++) continue;
        return ogas_error_at(err, OGAS_EINVAL, x->use, at->line, at->col,
                             "no column for industry '%s' (%s line %ld): the use table's industry columns end %s%s%s "
                             "(expected a column for every industry of the make table, in any order, before the "
                             "final-demand columns)",
                             csv_cell(&x->mt, x->irow[k], 0)->s, x->make, csv_cell(&x->mt, x->irow[k], 0)->line,
                             c < H ? "here, at '" : "with the header row", c < H ? at->s : "",
                             c < H ? "', which is no industry of the make table" : "");
    }
    for (; c < H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (len == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col, "empty column code in the use table's header row");
        if (formats__is_total(f->s)) {
            x->utcol[x->nutcol++] = c;
        } else if ((k = ogas_strmap_get(&x->ind, key, len)) >= 0) {
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col,
                                 "duplicate industry column '%s' (first at column %ld)", f->s,
                                 csv_cell(t, 0, x->ucol[k])->col);
        } else {
            x->fdcol[x->nfd++] = c;
        }
    }
    /* Rows: the leading run of commodities, then value added, totals and output. */
    nblock = 0;
    for (r = 1; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (len == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col, "empty row code in the use table");
        if (formats__is_total(f->s) || (k = ogas_strmap_get(&x->com, key, len)) < 0) break;
        if (x->urow[k] >= 0)
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col,
                                 "duplicate commodity row '%s' (first on line %ld)", f->s,
                                 csv_cell(t, x->urow[k], 0)->line);
        x->urow[k] = r;
        nblock++;
    }
    if (nblock < x->nc) {
        const csv_field *at = csv_cell(t, r < t->nrows ? r : t->nrows - 1, 0);
        for (k = 0; x->urow[k] >= 0; k++) continue;
        return ogas_error_at(err, OGAS_EINVAL, x->use, at->line, at->col,
                             "no row for commodity '%s' (%s:1:%ld): the use table's commodity rows end %s%s%s "
                             "(expected a row for every commodity of the make table, in any order, before the "
                             "value-added rows)",
                             csv_cell(&x->mt, 0, x->ccol[k])->s, x->make, csv_cell(&x->mt, 0, x->ccol[k])->col,
                             r < t->nrows ? "here, at '" : "with the last row", r < t->nrows ? at->s : "",
                             r < t->nrows ? "', which is no commodity of the make table" : "");
    }
    for (; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        if (len == 0)
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col, "empty row code in the use table");
        if (formats__is_total(f->s) || formats__name_is(f->s, output_row_names)) {
            x->utrow[x->nutrow++] = r;
        } else if ((k = ogas_strmap_get(&x->com, key, len)) >= 0) {
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col,
                                 "duplicate commodity row '%s' (first on line %ld)", f->s,
                                 csv_cell(t, x->urow[k], 0)->line);
        } else {
            x->vrow[x->nva++] = r;
        }
    }
    return OGAS_OK;
}

/* Only industries have value added and only commodities final demand: a nonzero number where a
 * value-added row crosses a final-demand column means that the column is an industry, or the row a
 * commodity, that the make table lacks (or a total not named as one). */
static ogas_status su_stray(const su_ctx *x, ogas_error *err)
{
    for (int64_t r = 0; r < x->nva; r++)
        for (int64_t k = 0; k < x->nfd; k++) {
            const csv_field *f = csv_cell(&x->ut, x->vrow[r], x->fdcol[k]);
            double v;
            if (!ogas_parse_double(f->s, f->len, &v) || v == 0.0) continue;
            return ogas_error_at(err, OGAS_EINVAL, x->use, f->line, f->col,
                                 "%g where row '%s' (value added) meets column '%s' (final demand): only industries "
                                 "have value added and only commodities final demand, so '%s' is an industry or '%s' "
                                 "a commodity that the make table %s lacks (a total must be named 'Total ...')",
                                 v, csv_cell(&x->ut, x->vrow[r], 0)->s, csv_cell(&x->ut, 0, x->fdcol[k])->s,
                                 csv_cell(&x->ut, 0, x->fdcol[k])->s, csv_cell(&x->ut, x->vrow[r], 0)->s, x->make);
        }
    return OGAS_OK;
}

/* Checks one total of the make table: error when more than 1% off the data, note when off at all. */
static ogas_status make_total(const su_ctx *x, const csv_field *f, double sum, const char *what, const char *code,
                              double *worst, ogas_error *err)
{
    double v, dev;
    if (!ogas_parse_double(f->s, f->len, &v)) return OGAS_OK; /* a check, not data */
    dev = fabs(v - sum);
    if (dev > 1e-2 * fmax(fabs(v), fabs(sum)) && !close_to(v, sum))
        return ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                             "total %g differs from the %s of %s, %g, by more than 1%% (is a column or row "
                             "missing or shifted?)",
                             v, what, code, sum);
    if (!close_to(v, sum) && dev > *worst) *worst = dev;
    return OGAS_OK;
}

/* su->V, x->g, x->q from the make table; its total rows and columns checked. */
static ogas_status make_values(su_ctx *x, ogas_supply_use *su, ogas_error *err)
{
    const csv_table *t = &x->mt;
    ogas_triplet T = {0};
    ogas_status rc;
    rc = ogas_triplet_init(&T, x->ni, x->nc, x->ni + x->nc, err);
    if (rc) goto done;
    for (int64_t i = 0; i < x->ni; i++) {
        for (int64_t c = 0; c < x->nc; c++) {
            const csv_field *f = csv_cell(t, x->irow[i], x->ccol[c]);
            double v;
            rc = formats__number(x->make, f, "a number (output of a commodity by an industry)", &v, err);
            if (rc) goto done;
            if (v < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                                   "negative output %g of commodity %s by industry %s (expected >= 0)", v,
                                   su->commodities[c], su->industries[i]);
                goto done;
            }
            x->g[i] += v;
            x->q[c] += v;
            if (v != 0.0 && (rc = ogas_triplet_push(&T, i, c, v, err))) goto done;
        }
    }
    rc = ogas_csr_from_triplet(&T, &su->V, err);
    if (rc) goto done;
    for (int64_t k = 0; k < x->nmtcol; k++) {
        double worst = 0;
        for (int64_t i = 0; i < x->ni && !rc; i++)
            rc = make_total(x, csv_cell(t, x->irow[i], x->mtcol[k]), x->g[i], "output (row sum) of industry",
                            su->industries[i], &worst, err);
        if (!rc && worst > 0)
            rc = su_note(su, "%s: total column '%s' differs from the row sums by up to %.6g (rounding?)", x->make,
                         csv_cell(t, 0, x->mtcol[k])->s, worst);
        if (rc == OGAS_ENOMEM) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        if (rc) goto done;
    }
    for (int64_t k = 0; k < x->nmtrow; k++) {
        double worst = 0;
        for (int64_t c = 0; c < x->nc && !rc; c++)
            rc = make_total(x, csv_cell(t, x->mtrow[k], x->ccol[c]), x->q[c],
                            "output (column sum) of commodity", su->commodities[c], &worst, err);
        if (!rc && worst > 0)
            rc = su_note(su, "%s: total row '%s' differs from the column sums by up to %.6g (rounding?)", x->make,
                         csv_cell(t, x->mtrow[k], 0)->s, worst);
        if (rc == OGAS_ENOMEM) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        if (rc) goto done;
    }
done:
    ogas_triplet_free(&T);
    return rc;
}

/* su->U, su->fd, su->va from the use table, with the sums the checks need. */
static ogas_status use_values(su_ctx *x, ogas_supply_use *su, ogas_error *err)
{
    const csv_table *t = &x->ut;
    ogas_triplet T = {0};
    ogas_status rc;
    rc = ogas_triplet_init(&T, x->nc, x->ni, x->ni + x->nc, err);
    if (rc) goto done;
    for (int64_t c = 0; c < x->nc; c++) {
        for (int64_t i = 0; i < x->ni; i++) {
            double v;
            rc = formats__number(x->use, csv_cell(t, x->urow[c], x->ucol[i]),
                                 "a number (use of a commodity by an industry)", &v, err);
            if (rc) goto done;
            x->uin[i] += v;
            x->uinabs[i] += fabs(v);
            x->uuse[c] += v;
            if (v != 0.0 && (rc = ogas_triplet_push(&T, c, i, v, err))) goto done;
        }
    }
    rc = ogas_csr_from_triplet(&T, &su->U, err);
    if (rc) goto done;
    su->fd = ogas_calloc((size_t)x->nfd + 1, sizeof *su->fd);
    su->va = ogas_calloc((size_t)x->nva + 1, sizeof *su->va);
    if (!su->fd || !su->va) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", x->use);
        goto done;
    }
    for (int64_t k = 0; k < x->nfd; k++) {
        ogas_series *s = &su->fd[su->nfd++];
        s->name = ogas_strdup(csv_cell(t, 0, x->fdcol[k])->s);
        s->x = ogas_calloc((size_t)x->nc + 1, sizeof *s->x);
        if (!s->name || !s->x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", x->use);
            goto done;
        }
        for (int64_t c = 0; c < x->nc; c++) {
            rc = formats__number(x->use, csv_cell(t, x->urow[c], x->fdcol[k]), "a number (final demand)", &s->x[c],
                                 err);
            if (rc) goto done;
            x->fdsum[c] += s->x[c];
        }
    }
    for (int64_t k = 0; k < x->nva; k++) {
        ogas_series *s = &su->va[su->nva++];
        s->name = ogas_strdup(csv_cell(t, x->vrow[k], 0)->s);
        s->x = ogas_calloc((size_t)x->ni + 1, sizeof *s->x);
        if (!s->name || !s->x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", x->use);
            goto done;
        }
        for (int64_t i = 0; i < x->ni; i++) {
            const csv_field *f = csv_cell(t, x->vrow[k], x->ucol[i]);
            if (formats__missing(f)) { /* allowed; an error only where the row is used */
                s->x[i] = NAN;
                if (!s->missing_line) s->missing_line = f->line, s->missing_col = f->col;
                continue;
            }
            rc = formats__number(x->use, f, "a number (value added)", &s->x[i], err);
            if (rc) goto done;
            x->vasum[i] += s->x[i];
            x->vaabs[i] += fabs(s->x[i]);
        }
    }
done:
    ogas_triplet_free(&T);
    return rc;
}

/* Index k of the first of n numbers of a total in t that matches none of b[k], c[k], b[k] + c[k] and d[k]
 * (*val := it), or -1: a total column at (idx[k], at) when down, a total row at (at, idx[k]) otherwise.
 * Cells that are not numbers are skipped (totals are checks, not data). */
static int64_t first_unmatched(const csv_table *t, int down, int64_t at, const int64_t *idx, int64_t n, const double *b,
                               const double *c, const double *d, double *val)
{
    for (int64_t k = 0; k < n; k++) {
        const csv_field *f = down ? csv_cell(t, idx[k], at) : csv_cell(t, at, idx[k]);
        double v;
        if (!ogas_parse_double(f->s, f->len, &v)) continue;
        if (close_to(v, b[k]) || close_to(v, c[k]) || close_to(v, b[k] + c[k]) || close_to(v, d[k])) continue;
        *val = v;
        return k;
    }
    return -1;
}

/* Zero output with inputs is an error; the use table's totals and the balances become notes. */
static ogas_status su_checks(su_ctx *x, ogas_supply_use *su, ogas_error *err)
{
    int64_t k;
    double v;
    ogas_status rc = OGAS_OK;
    for (int64_t i = 0; i < x->ni; i++)
        if (x->g[i] == 0.0 && (x->uinabs[i] > 0.0 || x->vaabs[i] > 0.0)) {
            const csv_field *f = csv_cell(&x->mt, x->irow[i], 0);
            return ogas_error_at(err, OGAS_EINVAL, x->make, f->line, f->col,
                                 "industry '%s' makes nothing (its row sums to 0) but has inputs in the use table "
                                 "(%s, column %ld): direct requirements need a positive industry output",
                                 f->s, x->use, csv_cell(&x->ut, 0, x->ucol[i])->col);
        }
    for (int64_t c = 0; c < x->nc && !rc; c++)
        if (x->q[c] == 0.0 && c != su->scrap)
            rc = su_note(su, "commodity %s is made by no industry: demand for it calls for no production",
                         su->commodities[c]);
    for (int64_t t = 0; t < x->nutcol && !rc; t++)
        if ((k = first_unmatched(&x->ut, 1, x->utcol[t], x->urow, x->nc, x->uuse, x->fdsum, x->q, &v)) >= 0)
            rc = su_note(su,
                         "%s: total column '%s' is neither intermediate, final nor total use nor commodity output "
                         "(commodity %s: %g)",
                         x->use, csv_cell(&x->ut, 0, x->utcol[t])->s, su->commodities[k], v);
    for (int64_t t = 0; t < x->nutrow && !rc; t++)
        if ((k = first_unmatched(&x->ut, 0, x->utrow[t], x->ucol, x->ni, x->uin, x->vasum, x->g, &v)) >= 0)
            rc = su_note(su,
                         "%s: total row '%s' is neither intermediate inputs, value added, their sum nor industry "
                         "output (industry %s: %g)",
                         x->use, csv_cell(&x->ut, x->utrow[t], 0)->s, su->industries[k], v);
    if (x->nva > 0) {
        double worst = 0;
        int64_t wi = -1;
        for (int64_t i = 0; i < x->ni; i++)
            if (!close_to(x->uin[i] + x->vasum[i], x->g[i]) && fabs(x->uin[i] + x->vasum[i] - x->g[i]) > worst)
                worst = fabs(x->uin[i] + x->vasum[i] - x->g[i]), wi = i;
        if (wi >= 0 && !rc)
            rc = su_note(su,
                         "intermediate inputs plus value added differ from industry output in the make table by up "
                         "to %.6g (industry %s)",
                         worst, su->industries[wi]);
    }
    if (x->nfd > 0) {
        double worst = 0;
        int64_t wc = -1;
        for (int64_t c = 0; c < x->nc; c++)
            if (!close_to(x->uuse[c] + x->fdsum[c], x->q[c]) && fabs(x->uuse[c] + x->fdsum[c] - x->q[c]) > worst)
                worst = fabs(x->uuse[c] + x->fdsum[c] - x->q[c]), wc = c;
        if (wc >= 0 && !rc)
            rc = su_note(su,
                         "intermediate plus final use differ from commodity output in the make table by up to %.6g "
                         "(commodity %s)",
                         worst, su->commodities[wc]);
    }
    if (rc) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    return rc;
}

/* Copies the codes of the make table into su (freed with su on failure). */
static ogas_status su_codes(su_ctx *x, ogas_supply_use *su, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    su->industries = ogas_calloc((size_t)x->ni, sizeof *su->industries);
    su->commodities = ogas_calloc((size_t)x->nc, sizeof *su->commodities);
    if (!su->industries || !su->commodities) goto nomem;
    su->ni = x->ni;
    su->nc = x->nc;
    for (int64_t i = 0; i < x->ni; i++)
        if (!(su->industries[i] = ogas_strdup(csv_cell(&x->mt, x->irow[i], 0)->s))) goto nomem;
    for (int64_t c = 0; c < x->nc; c++)
        if (!(su->commodities[c] = ogas_strdup(csv_cell(&x->mt, 0, x->ccol[c])->s))) goto nomem;
    goto done;
nomem:
    rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", x->make);
done:
    return rc;
}

/* su->scrap := index of the commodity named scrap, or an error listing the commodities. */
static ogas_status su_scrap(su_ctx *x, ogas_supply_use *su, const char *scrap, ogas_error *err)
{
    size_t len;
    const char *key;
    char list[256] = "";
    su->scrap = -1;
    if (!scrap) return OGAS_OK;
    key = formats__code_key(scrap, &len);
    su->scrap = ogas_strmap_get(&x->com, key, len);
    if (su->scrap >= 0) return OGAS_OK;
    for (int64_t c = 0; c < x->nc && strlen(list) < 180; c++) {
        strcat(list, c ? ", " : "");
        strncat(list, su->commodities[c], 40);
        if (c + 1 < x->nc && strlen(list) >= 180) strcat(list, ", ...");
    }
    return ogas_error_at(err, OGAS_EARG, x->make, 1, 0,
                         "--scrap '%s' is not a commodity of the make table (its commodities: %s)", scrap, list);
}

/* su := make and use tables (see the file comment). */
ogas_status ogas_supply_use_read(const char *make_path, const char *use_path, const char *scrap, ogas_supply_use *su,
                                 ogas_error *err)
{
    su_ctx x;
    ogas_status rc;
    size_t mr, mc, ur, uc;

    memset(su, 0, sizeof *su);
    memset(&x, 0, sizeof x);
    su->scrap = -1;
    x.make = make_path;
    x.use = use_path;
    if (!make_path || !use_path) return ogas_error_set(err, OGAS_EARG, "supply-use tables need a make and a use table");
    rc = csv_read(make_path, ',', &x.mt, err);
    if (!rc) rc = csv_read(use_path, ',', &x.ut, err);
    if (!rc) rc = su_rectangular(&x.mt, "make", err);
    if (!rc) rc = su_rectangular(&x.ut, "use", err);
    if (rc) goto done;
    mr = (size_t)x.mt.nrows, mc = (size_t)csv_row_len(&x.mt, 0);
    ur = (size_t)x.ut.nrows, uc = (size_t)csv_row_len(&x.ut, 0);
    x.irow = ogas_mallocarray(mr, sizeof *x.irow);
    x.mtrow = ogas_mallocarray(mr, sizeof *x.mtrow);
    x.ucol = ogas_mallocarray(mr, sizeof *x.ucol);
    x.ccol = ogas_mallocarray(mc, sizeof *x.ccol);
    x.mtcol = ogas_mallocarray(mc, sizeof *x.mtcol);
    x.urow = ogas_mallocarray(mc, sizeof *x.urow);
    x.fdcol = ogas_mallocarray(uc, sizeof *x.fdcol);
    x.utcol = ogas_mallocarray(uc, sizeof *x.utcol);
    x.vrow = ogas_mallocarray(ur, sizeof *x.vrow);
    x.utrow = ogas_mallocarray(ur, sizeof *x.utrow);
    if (!x.irow || !x.mtrow || !x.ucol || !x.ccol || !x.mtcol || !x.urow || !x.fdcol || !x.utcol || !x.vrow ||
        !x.utrow || !ogas_strmap_init(&x.ind, mr) || !ogas_strmap_init(&x.com, mc)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", make_path);
        goto done;
    }
    rc = make_shape(&x, err);
    if (!rc) rc = use_shape(&x, err);
    if (!rc) rc = su_stray(&x, err);
    if (!rc) rc = su_codes(&x, su, err);
    if (!rc) rc = su_scrap(&x, su, scrap, err);
    if (rc) goto done;
    x.g = ogas_calloc((size_t)x.ni, sizeof *x.g);
    x.uin = ogas_calloc((size_t)x.ni, sizeof *x.uin);
    x.uinabs = ogas_calloc((size_t)x.ni, sizeof *x.uinabs);
    x.vasum = ogas_calloc((size_t)x.ni, sizeof *x.vasum);
    x.vaabs = ogas_calloc((size_t)x.ni, sizeof *x.vaabs);
    x.q = ogas_calloc((size_t)x.nc, sizeof *x.q);
    x.uuse = ogas_calloc((size_t)x.nc, sizeof *x.uuse);
    x.fdsum = ogas_calloc((size_t)x.nc, sizeof *x.fdsum);
    if (!x.g || !x.uin || !x.uinabs || !x.vasum || !x.vaabs || !x.q || !x.uuse || !x.fdsum) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", make_path);
        goto done;
    }
    rc = make_values(&x, su, err);
    if (!rc) rc = use_values(&x, su, err);
    if (!rc) rc = su_checks(&x, su, err);
done:
    ogas_free(x.irow);
    ogas_free(x.mtrow);
    ogas_free(x.ucol);
    ogas_free(x.ccol);
    ogas_free(x.mtcol);
    ogas_free(x.urow);
    ogas_free(x.fdcol);
    ogas_free(x.utcol);
    ogas_free(x.vrow);
    ogas_free(x.utrow);
    ogas_free(x.g);
    ogas_free(x.q);
    ogas_free(x.uin);
    ogas_free(x.uinabs);
    ogas_free(x.uuse);
    ogas_free(x.fdsum);
    ogas_free(x.vasum);
    ogas_free(x.vaabs);
    ogas_strmap_free(&x.ind);
    ogas_strmap_free(&x.com);
    csv_free(&x.mt);
    csv_free(&x.ut);
    if (rc) ogas_supply_use_free(su);
    return rc;
}

/* Releases su. */
void ogas_supply_use_free(ogas_supply_use *su)
{
    if (!su) return;
    for (int64_t i = 0; su->industries && i < su->ni; i++) ogas_free(su->industries[i]);
    for (int64_t c = 0; su->commodities && c < su->nc; c++) ogas_free(su->commodities[c]);
    ogas_free(su->industries);
    ogas_free(su->commodities);
    ogas_csr_free(&su->V);
    ogas_csr_free(&su->U);
    ogas_series_free(su->fd, su->nfd);
    ogas_series_free(su->va, su->nva);
    for (int64_t k = 0; k < su->nnotes; k++) ogas_free(su->notes[k]);
    ogas_free(su->notes);
    memset(su, 0, sizeof *su);
    su->scrap = -1;
}

/* e := the commodity-by-commodity economy of the make table o->make and the use table o->use (or path):
 * A = B D (industry technology, scrap-adjusted D), output q, Z = A diag(q) (so that --drop can recompute
 * A), final demand the use table's final-demand columns, and primary inputs the value-added rows carried
 * over from industries to commodities by ogas_supply_use_to_commodities. The scrap commodity keeps its
 * output (the scrap made) but no inputs and no primary inputs: it is a by-product. */
ogas_status formats__read_supply_use(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    ogas_supply_use su = {0};
    ogas_csr B = {0}, D = {0};
    double *g = NULL;
    const char *use = o->use ? o->use : path;
    ogas_status rc;

    memset(e, 0, sizeof *e);
    if (!o->make)
        return ogas_error_at(err, OGAS_EARG, use, 0, 0,
                             "the supply-use layout needs the make table as well (--make V.csv)");
    if (!use) return ogas_error_set(err, OGAS_EARG, "the supply-use layout needs the use table (--use U.csv)");
    rc = ogas_supply_use_read(o->make, use, o->scrap, &su, err);
    if (rc) return rc;
    rc = ogas_supply_use_coefficients(&su.V, &su.U, su.scrap, su.industries, su.commodities, &B, &D, err);
    if (rc) goto done;
    snprintf(e->source, sizeof e->source, "%s", use);
    snprintf(e->layout, sizeof e->layout, "supply-use");
    g = ogas_calloc((size_t)su.ni, sizeof *g);
    e->output = ogas_calloc((size_t)su.nc, sizeof *e->output);
    e->primary = ogas_calloc((size_t)su.nva + 1, sizeof *e->primary);
    if (!g || !e->output || !e->primary) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", use);
        goto done;
    }
    ogas_supply_use_outputs(&su.V, g, e->output);
    rc = ogas_supply_use_direct(&B, &D, OGAS_TR_CXC, &e->A, err);
    if (!rc) rc = ogas_csr_copy(&e->A, &e->Z, err);
    if (rc) goto done;
    ogas_csr_scale_cols(&e->Z, e->output);
    /* Move codes and final demand over; carry value added over to commodities. */
    e->n = su.nc;
    e->codes = su.commodities;
    su.commodities = NULL;
    e->fd = su.fd;
    e->nfd = su.nfd;
    su.fd = NULL;
    su.nfd = 0;
    for (int64_t k = 0; k < su.nva; k++) {
        ogas_series *s = &e->primary[e->nprimary++];
        s->name = ogas_strdup(su.va[k].name);
        s->x = ogas_calloc((size_t)su.nc + 1, sizeof *s->x);
        if (!s->name || !s->x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", use);
            goto done;
        }
        ogas_supply_use_to_commodities(&D, g, e->output, su.va[k].x, s->x);
        s->missing_line = su.va[k].missing_line;
        s->missing_col = su.va[k].missing_col;
    }
    for (int64_t k = 0; k < su.nnotes && !rc; k++) rc = ogas_economy_note(e, "%s", su.notes[k]);
    if (rc) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
done:
    ogas_csr_free(&B);
    ogas_csr_free(&D);
    ogas_free(g);
    ogas_supply_use_free(&su);
    if (rc) ogas_economy_free(e);
    return rc;
}
