/* table_wiod.c: WIOD 2016 national input-output tables (NIOT), one country, all years in one file.
 *
 * Header: Year, Code, Description, Origin, the industry codes, then the final-demand columns
 * (CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP) and GO, gross output (a check). For the chosen year,
 * rows with Origin "Domestic" hold the domestic flows (one per industry, any order), rows "Imports"
 * the imported ones (summed per column into the primary row "Imports"), and rows "TOT" gross output
 * (code GO) and the other input rows (VA, TXSP, II_fob, ...). Hours worked by employees come from
 * the socio-economic accounts (SEA) file beside the table. See docs/formats.md. */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats.h"
#include "ogas/core.h"

/* Column headers that end the industry block (besides GO): the final-demand categories. */
static const char *const fd_names[] = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP", NULL};

/* Where things are in the table, for the chosen year. */
typedef struct wiod_shape {
    int64_t H;                                  /* fields per row */
    int64_t cyear, ccode, cdesc, corig, cgo;    /* label and GO columns (cdesc -1 when absent) */
    int64_t first, n;                           /* industry columns first .. first + n - 1 */
    int64_t *fdcol, nfd;                        /* final-demand columns */
    int *ryear;                                 /* year of each row (row 0 unused) */
    int year;                                   /* the year read */
    int64_t *drow, *irow;                       /* per industry: its Domestic and Imports row, -1 if none */
    int64_t *totrow, ntot;                      /* TOT rows other than GO, in file order */
    int64_t gorow;                              /* TOT row GO, -1 if none */
    ogas_strmap ind;                            /* industry code -> index */
} wiod_shape;

/* Releases s. */
static void shape_free(wiod_shape *s)
{
    ogas_free(s->fdcol);
    ogas_free(s->ryear);
    ogas_free(s->drow);
    ogas_free(s->irow);
    ogas_free(s->totrow);
    ogas_strmap_free(&s->ind);
}

/* 1 if field f, blanks trimmed, equals w ignoring case. */
static int field_is(const csv_field *f, const char *w)
{
    size_t len;
    const char *s = formats__code_key(f->s, &len);
    return len == strlen(w) && strncasecmp(s, w, len) == 0;
}

/* The header's columns (see the file comment) and the check that every row has as many fields. */
static ogas_status wiod_columns(const csv_table *t, wiod_shape *s, ogas_error *err)
{
    const char *file = t->name;
    int64_t c, last;

    if (t->nrows == 0)
        return ogas_error_at(err, OGAS_EINVAL, file, 1, 1, "empty file (expected a WIOD header row: "
                             "Year,Code,Description,Origin,<industries>,...,GO)");
    s->H = csv_row_len(t, 0);
    s->cyear = s->ccode = s->cdesc = s->corig = s->cgo = -1;
    for (c = 0; c < s->H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        if (s->cyear < 0 && field_is(f, "Year")) s->cyear = c;
        else if (s->ccode < 0 && field_is(f, "Code")) s->ccode = c;
        else if (s->cdesc < 0 && field_is(f, "Description")) s->cdesc = c;
        else if (s->corig < 0 && field_is(f, "Origin")) s->corig = c;
    }
    if (s->cyear < 0 || s->ccode < 0 || s->corig < 0)
        return ogas_error_at(err, OGAS_EINVAL, file, 1, 1, "no '%s' column in the header row (a WIOD table needs "
                             "Year, Code, Origin, the industry codes and GO)",
                             s->cyear < 0 ? "Year" : s->ccode < 0 ? "Code" : "Origin");
    last = s->cyear > s->ccode ? s->cyear : s->ccode;
    if (s->cdesc > last) last = s->cdesc;
    if (s->corig > last) last = s->corig;
    s->first = last + 1;
    for (c = s->first; c < s->H; c++) {
        const csv_field *f = csv_cell(t, 0, c);
        if (field_is(f, "GO") || formats__name_is(f->s, fd_names)) break;
    }
    s->n = c - s->first;
    s->fdcol = ogas_mallocarray((size_t)s->H, sizeof *s->fdcol);
    if (!s->fdcol || !ogas_strmap_init(&s->ind, (size_t)s->n + 1))
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", file);
    for (; c < s->H; c++) {
        if (s->cgo < 0 && field_is(csv_cell(t, 0, c), "GO")) s->cgo = c;
        else s->fdcol[s->nfd++] = c;
    }
    if (s->cgo < 0)
        return ogas_error_at(err, OGAS_EINVAL, file, 1, 1, "no 'GO' column in the header row (a WIOD table needs "
                             "Year, Code, Origin, the industry codes and GO)");
    if (s->n == 0)
        return ogas_error_at(err, OGAS_EINVAL, file, 1, csv_cell(t, 0, s->first)->col,
                             "no industry columns between Origin and the final-demand columns");
    for (int64_t k = 0; k < s->n; k++) {
        const csv_field *f = csv_cell(t, 0, s->first + k);
        size_t len;
        const char *key = formats__code_key(f->s, &len);
        int64_t old;
        int put = len ? ogas_strmap_put(&s->ind, key, len, k, &old) : 0;
        if (put < 0) return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", file);
        if (put == 0)
            return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col, len ? "duplicate industry code '%s' in "
                                 "the header row" : "empty industry code in the header row%s", len ? f->s : "");
    }
    for (int64_t r = 1; r < t->nrows; r++) {
        int64_t w = csv_row_len(t, r);
        if (w != s->H) {
            const csv_field *f = csv_cell(t, r, w > s->H ? s->H : w - 1);
            return ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                                 "ragged row: %lld fields, but the header row has %lld", (long long)w, (long long)s->H);
        }
    }
    return OGAS_OK;
}

/* Orders ints ascending (for qsort). */
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* s->ryear := every row's year; s->year := want, or the latest when want is 0. A year the file does
 * not have is an error listing the years it has. */
static ogas_status wiod_year(const csv_table *t, wiod_shape *s, int want, ogas_error *err)
{
    int *ys = NULL;
    int64_t ny = 0, u = 0;
    ogas_status rc = OGAS_OK;

    if (t->nrows < 2)
        return ogas_error_at(err, OGAS_EINVAL, t->name, t->last_line + 1, 1, "no data rows after the header row");
    s->ryear = ogas_calloc((size_t)t->nrows, sizeof *s->ryear);
    ys = ogas_mallocarray((size_t)t->nrows, sizeof *ys);
    if (!s->ryear || !ys) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", t->name);
        goto done;
    }
    for (int64_t r = 1; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, s->cyear);
        int64_t y;
        if (!ogas_parse_int64(f->s, f->len, 1, 9999, &y)) {
            rc = ogas_error_at(err, OGAS_EINVAL, t->name, f->line, f->col, "expected a year, found '%.40s'", f->s);
            goto done;
        }
        s->ryear[r] = ys[ny++] = (int)y;
    }
    qsort(ys, (size_t)ny, sizeof *ys, cmp_int);
    for (int64_t k = 0; k < ny; k++)
        if (k == 0 || ys[k] != ys[u - 1]) ys[u++] = ys[k];
    s->year = want ? want : ys[u - 1];
    if (!bsearch(&s->year, ys, (size_t)u, sizeof *ys, cmp_int)) {
        char list[512] = "";
        size_t len = 0;
        for (int64_t k = 0; k < u && len < sizeof list - 32; k++) {
            int64_t m = k;
            while (m + 1 < u && ys[m + 1] == ys[m] + 1) m++;
            len += (size_t)snprintf(list + len, sizeof list - len, m > k ? "%s%d-%d" : "%s%d", k ? ", " : "", ys[k],
                                    ys[m]);
            k = m;
        }
        rc = ogas_error_at(err, OGAS_EARG, t->name, 0, 0, "no year %d in the table (the years in it: %s)", want, list);
    }
done:
    ogas_free(ys);
    return rc;
}

/* Finds the chosen year's Domestic, Imports and TOT rows; the Domestic rows must match the industry
 * columns one to one. */
static ogas_status wiod_rows(const csv_table *t, wiod_shape *s, ogas_error *err)
{
    const char *file = t->name;
    ogas_strmap tot = {0};
    int64_t first = -1, ndom = 0;
    ogas_status rc = OGAS_OK;

    s->gorow = -1;
    s->drow = ogas_mallocarray((size_t)s->n, sizeof *s->drow);
    s->irow = ogas_mallocarray((size_t)s->n, sizeof *s->irow);
    s->totrow = ogas_mallocarray((size_t)t->nrows, sizeof *s->totrow);
    if (!s->drow || !s->irow || !s->totrow || !ogas_strmap_init(&tot, 16)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", file);
        goto done;
    }
    for (int64_t k = 0; k < s->n; k++) s->drow[k] = s->irow[k] = -1;
    for (int64_t r = 1; r < t->nrows; r++) {
        const csv_field *o = csv_cell(t, r, s->corig), *c = csv_cell(t, r, s->ccode);
        size_t len;
        const char *key = formats__code_key(c->s, &len);
        int dom = field_is(o, "Domestic");
        int64_t k, old;
        if (s->ryear[r] != s->year) continue;
        if (first < 0) first = r;
        if (dom || field_is(o, "Imports")) {
            int64_t *slot = dom ? s->drow : s->irow;
            if ((k = ogas_strmap_get(&s->ind, key, len)) < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, file, c->line, c->col,
                                   "block is not square: %s row '%s' matches no industry column", o->s, c->s);
                goto done;
            }
            if (slot[k] >= 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, file, c->line, c->col,
                                   "duplicate %s row '%s' for year %d (first on line %ld)", o->s, c->s, s->year,
                                   csv_cell(t, slot[k], 0)->line);
                goto done;
            }
            slot[k] = r;
            ndom += dom;
        } else if (field_is(o, "TOT")) {
            int put = len ? ogas_strmap_put(&tot, key, len, r, &old) : 0;
            if (put < 0) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", file);
                goto done;
            }
            if (put == 0) {
                rc = len ? ogas_error_at(err, OGAS_EINVAL, file, c->line, c->col,
                                         "duplicate TOT row '%s' for year %d (first on line %ld)", c->s, s->year,
                                         csv_cell(t, old, 0)->line)
                         : ogas_error_at(err, OGAS_EINVAL, file, c->line, c->col, "empty code in a TOT row");
                goto done;
            }
            if (field_is(c, "GO")) s->gorow = r;
            else s->totrow[s->ntot++] = r;
        } else {
            rc = ogas_error_at(err, OGAS_EINVAL, file, o->line, o->col,
                               "expected Origin Domestic, Imports or TOT, found '%.40s'", o->s);
            goto done;
        }
    }
    if (ndom == 0) {
        const csv_field *f = csv_cell(t, first, s->corig);
        rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                           "year %d has no Domestic rows (expected one per industry column)", s->year);
        goto done;
    }
    for (int64_t k = 0; k < s->n; k++)
        if (s->drow[k] < 0) {
            const csv_field *f = csv_cell(t, 0, s->first + k);
            rc = ogas_error_at(err, OGAS_EINVAL, file, f->line, f->col,
                               "block is not square: %lld industry columns but %lld Domestic rows for year %d; "
                               "industry '%s' has no Domestic row",
                               (long long)s->n, (long long)ndom, s->year, f->s);
            goto done;
        }
done:
    ogas_strmap_free(&tot);
    return rc;
}

/* Largest |a_k - b_k| that exceeds 1e-6 * max(1, |a_k|, |b_k|); *worst := its k, or -1 if none does. */
static double worst_gap(int64_t n, const double *a, const double *b, int64_t *worst)
{
    double d = 0;
    *worst = -1;
    for (int64_t k = 0; k < n; k++) {
        double dev = fabs(a[k] - b[k]);
        if (dev > 1e-6 * fmax(1.0, fmax(fabs(a[k]), fabs(b[k]))) && dev > d) d = dev, *worst = k;
    }
    return d;
}

/* *path := the first (by name) file SEA*.csv in the folder of table, or "" if there is none. */
static void sea_find(const char *table, char *path, size_t size)
{
    const char *slash = strrchr(table, '/');
    int dl = slash ? (int)(slash - table) + 1 : 0;
    char dir[4096], best[256] = "";
    DIR *d;
    struct dirent *de;
    snprintf(dir, sizeof dir, "%.*s", dl ? dl : 1, dl ? table : ".");
    path[0] = '\0';
    if (!(d = opendir(dir))) return;
    while ((de = readdir(d)) != NULL) {
        size_t nl = strlen(de->d_name);
        if (nl >= 7 && nl < sizeof best && strncmp(de->d_name, "SEA", 3) == 0 &&
            strcasecmp(de->d_name + nl - 4, ".csv") == 0 && (!best[0] || strcmp(de->d_name, best) < 0))
            memcpy(best, de->d_name, nl + 1);
    }
    closedir(d);
    if (best[0]) snprintf(path, size, "%.*s%s", dl, table, best);
}

/* Appends code to the comma list buf (size 256) while it has room. */
static void list_add(char *buf, const char *code)
{
    size_t len = strlen(buf);
    if (len < 200) snprintf(buf + len, 256 - len, "%s%.40s", len ? ", " : "", code);
}

/* e->labour := hours worked by employees (H_EMPE, totals) in e's country and year from the SEA file
 * (sea_opt, else SEA*.csv beside the table), or notes saying why there are none. Only a malformed SEA
 * file is an error. */
static ogas_status wiod_sea(const char *table, const char *sea_opt, ogas_economy *e, ogas_error *err)
{
    static const char *const need[] = {"country", "code", "year", "H_EMPE"};
    char found[4096], country[4] = "", lacking[256] = "", idle[256] = "";
    const char *sea = sea_opt, *base = strrchr(table, '/');
    csv_table t = {0};
    ogas_strmap codes = {0};
    double *hours = NULL;
    int64_t *srow = NULL, col[4] = {-1, -1, -1, -1}, nctry = 0, nyear = 0, nlack = 0, nidle = 0;
    int ymin = 0, ymax = 0;
    ogas_status rc = OGAS_OK;

    if (!sea || !*sea) {
        sea_find(table, found, sizeof found);
        if (!found[0]) {
            ogas_economy_note(e, "no SEA*.csv file beside %s: no hours worked (labour left unset; name the "
                                 "socio-economic accounts file with --sea)", table);
            return OGAS_OK;
        }
        sea = found;
    }
    base = base ? base + 1 : table;
    for (int k = 0; k < 3; k++) {
        if (!isalpha((unsigned char)base[k])) {
            ogas_economy_note(e, "cannot tell the country from the file name %s (expected it to start with a "
                                 "three-letter code such as GBR): no hours worked (labour left unset)", table);
            return OGAS_OK;
        }
        country[k] = (char)toupper((unsigned char)base[k]);
    }
    rc = csv_read(sea, ',', &t, err);
    if (rc) return rc;
    if (t.nrows == 0) {
        rc = ogas_error_at(err, OGAS_EINVAL, sea, 1, 1, "empty file (expected a SEA header row)");
        goto done;
    }
    for (int64_t c = 0; c < csv_row_len(&t, 0); c++)
        for (int q = 0; q < 4; q++)
            if (col[q] < 0 && field_is(csv_cell(&t, 0, c), need[q])) col[q] = c;
    for (int q = 0; q < 4; q++)
        if (col[q] < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, sea, 1, 1, "no '%s' column in the header row of the socio-economic "
                               "accounts (expected country, code, year and H_EMPE)", need[q]);
            goto done;
        }
    hours = ogas_calloc((size_t)e->n, sizeof *hours);
    srow = ogas_calloc((size_t)e->n, sizeof *srow);
    if (!hours || !srow || !ogas_strmap_init(&codes, (size_t)e->n)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", sea);
        goto done;
    }
    for (int64_t k = 0; k < e->n; k++)
        if (ogas_strmap_put(&codes, e->codes[k], strlen(e->codes[k]), k, NULL) < 0) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", sea);
            goto done;
        }
    for (int64_t r = 1; r < t.nrows; r++) {
        const csv_field *f;
        size_t len;
        const char *key;
        int64_t y, k;
        if (csv_row_len(&t, r) != csv_row_len(&t, 0)) {
            f = csv_cell(&t, r, csv_row_len(&t, r) - 1);
            rc = ogas_error_at(err, OGAS_EINVAL, sea, f->line, f->col, "ragged row: %lld fields, but the header row "
                               "has %lld", (long long)csv_row_len(&t, r), (long long)csv_row_len(&t, 0));
            goto done;
        }
        if (!field_is(csv_cell(&t, r, col[0]), country)) continue;
        f = csv_cell(&t, r, col[2]);
        if (!ogas_parse_int64(f->s, f->len, 1, 9999, &y)) {
            rc = ogas_error_at(err, OGAS_EINVAL, sea, f->line, f->col, "expected a year, found '%.40s'", f->s);
            goto done;
        }
        if (nctry++ == 0 || y < ymin) ymin = (int)y;
        if (nctry == 1 || y > ymax) ymax = (int)y;
        if (y != e->year) continue;
        nyear++;
        key = formats__code_key(csv_cell(&t, r, col[1])->s, &len);
        if ((k = ogas_strmap_get(&codes, key, len)) < 0) continue;
        f = csv_cell(&t, r, col[3]);
        if (srow[k]) {
            rc = ogas_error_at(err, OGAS_EINVAL, sea, f->line, csv_cell(&t, r, col[1])->col, "duplicate row for %s %s "
                               "%d (first on line %ld)", country, e->codes[k], e->year, csv_cell(&t, srow[k], 0)->line);
            goto done;
        }
        srow[k] = r;
        if (formats__missing(f)) {
            hours[k] = NAN;
            continue;
        }
        if ((rc = formats__number(sea, f, "a number (H_EMPE, millions of hours)", &hours[k], err))) goto done;
        if (hours[k] < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, sea, f->line, f->col, "negative hours worked %g for %s %s %d",
                               hours[k], country, e->codes[k], e->year);
            goto done;
        }
    }
    if (nctry == 0 || nyear == 0) {
        if (nctry == 0)
            ogas_economy_note(e, "%s has no rows for country %s: no hours worked (labour left unset)", sea, country);
        else
            ogas_economy_note(e, "%s has no year %d for %s (it has %d-%d): no hours worked (labour left unset)", sea,
                              e->year, country, ymin, ymax);
        goto done;
    }
    for (int64_t k = 0; k < e->n; k++) {
        if (!srow[k] || isnan(hours[k])) {
            if (e->output[k] > 0) nlack++, list_add(lacking, e->codes[k]);
            hours[k] = 0;
        } else if (hours[k] > 0 && !(e->output[k] > 0)) {
            nidle++, list_add(idle, e->codes[k]);
            hours[k] = 0;
        }
    }
    if (nlack) {
        ogas_economy_note(e, "%s has no H_EMPE for %lld industries of %s %d with positive output (%s): labour left "
                             "unset", sea, (long long)nlack, country, e->year, lacking);
        goto done;
    }
    if (nidle)
        ogas_economy_note(e, "%s: hours of %lld industries without gross output in the table left out (%s)", sea,
                          (long long)nidle, idle);
    e->labour = hours;
    hours = NULL;
    e->labour_is_standin = 0;
    snprintf(e->labour_source, sizeof e->labour_source, "H_EMPE (hours worked by employees, millions) from %s, %s %d",
             sea, country, e->year);
done:
    ogas_strmap_free(&codes);
    ogas_free(hours);
    ogas_free(srow);
    csv_free(&t);
    return rc;
}

/* sr := a new series named name[0..len) over n products, zeroed; counts it in *count. */
static ogas_status series_new(ogas_series *sr, int64_t *count, const char *name, size_t len, int64_t n,
                              ogas_error *err)
{
    sr->name = ogas_strndup(name, len);
    sr->x = ogas_calloc((size_t)n, sizeof *sr->x);
    (*count)++;
    return sr->name && sr->x ? OGAS_OK : ogas_error_set(err, OGAS_ENOMEM, "out of memory");
}

/* e := the chosen year of the WIOD national table at path. */
ogas_status formats__read_wiod(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    csv_table t = {0};
    wiod_shape s = {0};
    ogas_triplet T = {0};
    double *use = NULL, *inter = NULL, *gocol = NULL, v;
    int64_t n, nimp = 0, worst;
    ogas_status rc;

    memset(e, 0, sizeof *e);
    rc = csv_read(path, ',', &t, err);
    if (rc) return rc;
    if ((rc = wiod_columns(&t, &s, err)) || (rc = wiod_year(&t, &s, o->year, err)) || (rc = wiod_rows(&t, &s, err)))
        goto done;
    n = e->n = s.n;
    e->year = s.year;
    snprintf(e->source, sizeof e->source, "%s", path);
    snprintf(e->layout, sizeof e->layout, "wiod");
    e->codes = ogas_calloc((size_t)n, sizeof *e->codes);
    e->names = s.cdesc >= 0 ? ogas_calloc((size_t)n, sizeof *e->names) : NULL;
    e->output = ogas_calloc((size_t)n, sizeof *e->output);
    e->fd = ogas_calloc((size_t)s.nfd + 1, sizeof *e->fd);
    e->primary = ogas_calloc((size_t)s.ntot + 2, sizeof *e->primary);
    use = ogas_calloc((size_t)n, sizeof *use);
    inter = ogas_calloc((size_t)n, sizeof *inter);
    gocol = ogas_calloc((size_t)n, sizeof *gocol);
    if (!e->codes || (s.cdesc >= 0 && !e->names) || !e->output || !e->fd || !e->primary || !use || !inter || !gocol) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    for (int64_t k = 0; k < n; k++) {
        size_t len;
        const char *key = formats__code_key(csv_cell(&t, 0, s.first + k)->s, &len);
        if (!(e->codes[k] = ogas_strndup(key, len)) ||
            (e->names && !(e->names[k] = ogas_strdup(csv_cell(&t, s.drow[k], s.cdesc)->s)))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
    }
    /* Domestic flows: row i of Z is the Domestic row of industry i (in column order). */
    if ((rc = ogas_triplet_init(&T, n, n, n * 8, err))) goto done;
    for (int64_t i = 0; i < n; i++) {
        for (int64_t j = 0; j < n; j++) {
            rc = formats__number(path, csv_cell(&t, s.drow[i], s.first + j), "a number (intermediate flow)", &v, err);
            if (rc) goto done;
            use[i] += v;
            inter[j] += v;
            if (v != 0.0 && (rc = ogas_triplet_push(&T, i, j, v, err))) goto done;
        }
        rc = formats__number(path, csv_cell(&t, s.drow[i], s.cgo), "a number (gross output)", &gocol[i], err);
        if (rc) goto done;
    }
    if ((rc = ogas_csr_from_triplet(&T, &e->Z, err))) goto done;
    /* Final demand for domestic products. */
    for (int64_t c = 0; c < s.nfd; c++) {
        ogas_series *sr = &e->fd[e->nfd];
        const csv_field *h = csv_cell(&t, 0, s.fdcol[c]);
        if ((rc = series_new(sr, &e->nfd, h->s, h->len, n, err))) goto done;
        for (int64_t i = 0; i < n; i++) {
            rc = formats__number(path, csv_cell(&t, s.drow[i], s.fdcol[c]), "a number (final demand)", &sr->x[i], err);
            if (rc) goto done;
            use[i] += sr->x[i];
        }
    }
    /* Imported intermediate inputs, summed per using industry. */
    for (int64_t k = 0; k < n; k++) nimp += s.irow[k] >= 0;
    if (nimp > 0) {
        ogas_series *sr = &e->primary[e->nprimary];
        if ((rc = series_new(sr, &e->nprimary, "Imports", 7, n, err))) goto done;
        for (int64_t k = 0; k < n; k++) {
            if (s.irow[k] < 0) continue;
            for (int64_t j = 0; j < n; j++) {
                rc = formats__number(path, csv_cell(&t, s.irow[k], s.first + j), "a number (imports)", &v, err);
                if (rc) goto done;
                sr->x[j] += v;
            }
        }
        for (int64_t j = 0; j < n; j++) inter[j] += sr->x[j];
        if (nimp < n)
            ogas_economy_note(e, "year %d has Imports rows for %lld of %lld industries", s.year, (long long)nimp,
                              (long long)n);
    }
    /* TOT rows other than GO; missing-value markers allowed (an error only if the row is used). */
    for (int64_t q = 0; q < s.ntot; q++) {
        ogas_series *sr = &e->primary[e->nprimary];
        const csv_field *c = csv_cell(&t, s.totrow[q], s.ccode);
        size_t len;
        const char *key = formats__code_key(c->s, &len);
        if ((rc = series_new(sr, &e->nprimary, key, len, n, err))) goto done;
        for (int64_t j = 0; j < n; j++) {
            const csv_field *f = csv_cell(&t, s.totrow[q], s.first + j);
            if (formats__missing(f)) {
                sr->x[j] = NAN;
                if (!sr->missing_line) sr->missing_line = f->line, sr->missing_col = f->col;
            } else if ((rc = formats__number(path, f, "a number (input row)", &sr->x[j], err))) {
                goto done;
            }
        }
    }
    /* Gross output: the TOT row GO, else the GO column. */
    for (int64_t j = 0; j < n; j++) {
        const csv_field *f = s.gorow >= 0 ? csv_cell(&t, s.gorow, s.first + j) : csv_cell(&t, s.drow[j], s.cgo);
        if (s.gorow >= 0 && (rc = formats__number(path, f, "a number (gross output)", &e->output[j], err))) goto done;
        if (s.gorow < 0) e->output[j] = gocol[j];
        if (e->output[j] < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                               "negative gross output %g for industry %s (expected output >= 0)", e->output[j],
                               e->codes[j]);
            goto done;
        }
    }
    /* The table's own totals, as checks. */
    if (s.gorow < 0)
        ogas_economy_note(e, "no TOT row GO for year %d: gross output taken from the GO column", s.year);
    else if ((v = worst_gap(n, gocol, e->output, &worst)) > 0)
        ogas_economy_note(e, "the GO column differs from the GO row by up to %.6g (industry %s)", v, e->codes[worst]);
    if ((v = worst_gap(n, gocol, use, &worst)) > 0)
        ogas_economy_note(e, "the GO column differs from intermediate plus final use (all %lld final-demand columns) "
                             "by up to %.6g (industry %s)", (long long)s.nfd, v, e->codes[worst]);
    for (int64_t q = 0; q < e->nprimary; q++)
        if (strcmp(e->primary[q].name, "II_fob") == 0 && !e->primary[q].missing_line && nimp == n &&
            (v = worst_gap(n, e->primary[q].x, inter, &worst)) > 0)
            ogas_economy_note(e, "row II_fob differs from domestic plus imported intermediate inputs by up to %.6g "
                                 "(industry %s)", v, e->codes[worst]);
    if (!o->labour || !*o->labour) rc = wiod_sea(path, o->sea, e, err);
done:
    ogas_triplet_free(&T);
    ogas_free(use);
    ogas_free(inter);
    ogas_free(gocol);
    shape_free(&s);
    csv_free(&t);
    if (rc) ogas_economy_free(e);
    return rc;
}
