/* plan_projects.c: fixed investments from participatory budgeting (ogas_plan_read_projects).
 *
 * A projects file is CSV with a header naming its columns, in any order: project, year, good, industry,
 * and one of amount or capacity (other columns, such as a cost or a description, are ignored). Each row is
 * one capital good that a project invests in one year for one industry: `amount` units of the good, or
 * `capacity` units of the industry's intensity, amount = capacity x the industry's capital coefficient for
 * that good. A project may have many rows. A selected file lists the projects taken, one id a line (blank
 * lines and lines starting with '#' ignored); without one, every project in the file is taken.
 * See docs/formats.md, "Projects file". */
#include <math.h>
#include <string.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/plan.h"

/* Where the columns are in the header (-1: absent). */
typedef struct proj_cols {
    int64_t project, year, good, industry, amount, capacity;
} proj_cols;

/* *a, *b := f's text with blanks at both ends left out. */
static void trimmed(const char *s, size_t len, size_t *a, size_t *b)
{
    *a = 0;
    *b = len;
    while (*a < *b && (s[*a] == ' ' || s[*a] == '\t')) (*a)++;
    while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t' || s[*b - 1] == '\r')) (*b)--;
}

/* 1 if f's text, trimmed, is word in any case. */
static int field_is(const csv_field *f, const char *word)
{
    size_t a, b, n = strlen(word);
    trimmed(f->s, f->len, &a, &b);
    if (b - a != n) return 0;
    for (size_t k = 0; k < n; k++) {
        char c = f->s[a + k];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != word[k]) return 0;
    }
    return 1;
}

/* cols := the columns of t's header; errors name the header's cells. */
static ogas_status read_header(const char *path, const csv_table *t, proj_cols *cols, ogas_error *err)
{
    static const char *const names[6] = {"project", "year", "good", "industry", "amount", "capacity"};
    int64_t *at[6];
    const csv_field *h = csv_cell(t, 0, 0);
    at[0] = &cols->project;
    at[1] = &cols->year;
    at[2] = &cols->good;
    at[3] = &cols->industry;
    at[4] = &cols->amount;
    at[5] = &cols->capacity;
    for (int k = 0; k < 6; k++) *at[k] = -1;
    for (int64_t c = 0; c < csv_row_len(t, 0); c++) {
        const csv_field *f = csv_cell(t, 0, c);
        for (int k = 0; k < 6; k++)
            if (field_is(f, names[k])) {
                if (*at[k] >= 0)
                    return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "column '%s' appears twice in the header",
                                         names[k]);
                *at[k] = c;
            }
    }
    for (int k = 0; k < 4; k++)
        if (*at[k] < 0)
            return ogas_error_at(err, OGAS_EINVAL, path, h->line, h->col,
                                 "the header has no column '%s' (expected project,year,good,industry and amount or capacity)",
                                 names[k]);
    if (cols->amount >= 0 && cols->capacity >= 0) {
        const csv_field *f = csv_cell(t, 0, cols->amount > cols->capacity ? cols->amount : cols->capacity);
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                             "the header has both amount and capacity (give one of them)");
    }
    if (cols->amount < 0 && cols->capacity < 0)
        return ogas_error_at(err, OGAS_EINVAL, path, h->line, h->col,
                             "the header has neither amount nor capacity (expected one of them)");
    return OGAS_OK;
}

/* names := m names (techniques when tech, else products, as ogas_plan_*_name gives them) and map := name ->
 * index (the first, if names repeat). */
static ogas_status name_map(const ogas_plan_problem *p, int tech, char ***names, ogas_strmap *map, ogas_error *err)
{
    int64_t m = tech ? p->m : p->n;
    char buf[128];
    *names = ogas_calloc((size_t)m + 1, sizeof **names);
    if (!*names || !ogas_strmap_init(map, (size_t)m)) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
    for (int64_t k = 0; k < m; k++) {
        const char *s = tech ? ogas_plan_technique_name(p, k, buf, sizeof buf) : ogas_plan_product_name(p, k, buf, sizeof buf);
        if (tech && p->tech_names && p->tech_names[k]) s = p->tech_names[k]; /* whole, even beyond 100 bytes */
        if (!tech && p->codes && p->codes[k]) s = p->codes[k];
        if (!((*names)[k] = ogas_strdup(s)) || ogas_strmap_put(map, (*names)[k], strlen((*names)[k]), k, NULL) < 0)
            return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
    }
    return OGAS_OK;
}

/* Frees m names. */
static void free_names(char **names, int64_t m)
{
    for (int64_t k = 0; names && k < m; k++) ogas_free(names[k]);
    ogas_free(names);
}

/* The entry of p->capital for good i in technique k, or -1. */
static int64_t capital_cell(const ogas_plan_problem *p, int64_t i, int64_t k)
{
    int64_t lo = p->capital.p[i], hi = p->capital.p[i + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (p->capital.j[mid] < k) lo = mid + 1;
        else hi = mid;
    }
    return lo < p->capital.p[i + 1] && p->capital.j[lo] == k ? lo : -1;
}

/* take[q] := 1 for each project q named in the selected file at path (ids: project id -> index). */
static ogas_status read_selected(const char *path, const char *projects, const ogas_strmap *ids, int64_t nproj,
                                 char *take, ogas_error *err)
{
    char *buf = NULL;
    size_t len = 0, pos = 0;
    long line = 0, *first = NULL;
    ogas_status rc = formats__slurp(path, &buf, &len, err);
    if (rc) return rc;
    if (!(first = ogas_calloc((size_t)nproj + 1, sizeof *first))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the selected projects");
        goto done;
    }
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) pos = 3;
    while (pos < len) {
        size_t end = pos, a, b;
        int64_t q;
        while (end < len && buf[end] != '\n' && buf[end] != '\r') end++;
        line++;
        trimmed(buf + pos, end - pos, &a, &b);
        a += pos;
        b += pos;
        if (a < b && buf[a] != '#') {
            q = ogas_strmap_get(ids, buf + a, b - a);
            if (q < 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, line, (long)(a - pos) + 1, "project '%.*s' is not in %s",
                                   (int)(b - a > 100 ? 100 : b - a), buf + a, projects);
                goto done;
            }
            if (first[q]) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, line, (long)(a - pos) + 1,
                                   "project '%.*s' is selected twice (first on line %ld)", (int)(b - a > 100 ? 100 : b - a),
                                   buf + a, first[q]);
                goto done;
            }
            first[q] = line;
            take[q] = 1;
        }
        if (end < len && buf[end] == '\r' && end + 1 < len && buf[end + 1] == '\n') end++;
        pos = end + 1;
    }
done:
    ogas_free(first);
    ogas_free(buf);
    return rc;
}

/* One row of the projects file, checked: its project, year, cell and amount. */
typedef struct proj_row {
    int64_t project, cell, good, tech;
    int year;
    double amount;
} proj_row;

/* Releases list's rows. */
void ogas_plan_projects_free(ogas_plan_projects *list)
{
    if (!list) return;
    for (int64_t k = 0; k < list->count; k++) ogas_free(list->item[k].project);
    ogas_free(list->item);
    memset(list, 0, sizeof *list);
}

/* p->fixed := the selected projects' investments in the file at path; list := their rows. */
ogas_status ogas_plan_read_projects(const char *path, const char *selected, ogas_plan_problem *p,
                                    ogas_plan_projects *list, ogas_error *err)
{
    csv_table t;
    proj_cols cols;
    ogas_strmap goods, techs, ids;
    char **gname = NULL, **tname = NULL, *take = NULL;
    proj_row *rows = NULL;
    ogas_plan_projects out;
    double *fixed = NULL;
    int64_t nrows = 0, nproj = 0, taken = 0, ncap, *idpos = NULL;
    ogas_status rc;

    memset(&t, 0, sizeof t);
    memset(&goods, 0, sizeof goods);
    memset(&techs, 0, sizeof techs);
    memset(&ids, 0, sizeof ids);
    memset(&out, 0, sizeof out);
    if (list) memset(list, 0, sizeof *list);
    if (!p || !path) return ogas_error_set(err, OGAS_EARG, "no plan problem or projects file");
    if (p->n < 1 || p->m < 1 || p->T < 1 || !p->capital.p)
        return ogas_error_set(err, OGAS_EARG, "the plan problem is empty: read it before its projects");
    ncap = ogas_csr_nnz(&p->capital);
    if ((rc = csv_read(path, ',', &t, err))) return rc;
    if (t.nrows < 1) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, t.last_line, 0,
                           "no header (expected project,year,good,industry and amount or capacity)");
        goto done;
    }
    if ((rc = read_header(path, &t, &cols, err))) goto done;
    if ((rc = name_map(p, 0, &gname, &goods, err)) || (rc = name_map(p, 1, &tname, &techs, err))) goto done;
    if (!ogas_strmap_init(&ids, (size_t)t.nrows) || !(rows = ogas_calloc((size_t)t.nrows, sizeof *rows)) ||
        !(idpos = ogas_calloc((size_t)t.nrows, sizeof *idpos))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
        goto done;
    }
    for (int64_t r = 1; r < t.nrows; r++) {
        const csv_field *fp, *fy, *fg, *fk, *fa;
        proj_row *row = &rows[nrows];
        size_t a, b;
        double v;
        int64_t old;
        int put;
        if (csv_row_len(&t, r) != csv_row_len(&t, 0)) {
            const csv_field *f0 = csv_cell(&t, r, 0);
            rc = ogas_error_at(err, OGAS_EINVAL, path, f0->line, f0->col, "expected %lld fields as in the header, found %lld",
                               (long long)csv_row_len(&t, 0), (long long)csv_row_len(&t, r));
            goto done;
        }
        fp = csv_cell(&t, r, cols.project);
        fy = csv_cell(&t, r, cols.year);
        fg = csv_cell(&t, r, cols.good);
        fk = csv_cell(&t, r, cols.industry);
        fa = csv_cell(&t, r, cols.amount >= 0 ? cols.amount : cols.capacity);
        /* project: its index, by its id (trimmed) */
        trimmed(fp->s, fp->len, &a, &b);
        if (a == b) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fp->line, fp->col, "expected a project id, found an empty cell");
            goto done;
        }
        put = ogas_strmap_put(&ids, fp->s + a, b - a, nproj, &old);
        if (put < 0) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
            goto done;
        }
        if (put == 1) idpos[nproj++] = r;
        row->project = put == 1 ? nproj - 1 : old;
        /* year */
        if ((rc = formats__number(path, fy, "a year", &v, err))) goto done;
        if (!(v >= 1 && v <= p->T && v == floor(v))) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fy->line, fy->col, "expected a year of the plan, 1 to %d, found '%.40s'",
                               p->T, fy->s);
            goto done;
        }
        row->year = (int)v;
        /* good and industry: a capital cell */
        trimmed(fg->s, fg->len, &a, &b);
        if ((row->good = ogas_strmap_get(&goods, fg->s + a, b - a)) < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fg->line, fg->col, "'%.100s' is not a product of the plan", fg->s);
            goto done;
        }
        trimmed(fk->s, fk->len, &a, &b);
        if ((row->tech = ogas_strmap_get(&techs, fk->s + a, b - a)) < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fk->line, fk->col, "'%.100s' is not an industry (technique) of the plan",
                               fk->s);
            goto done;
        }
        if ((row->cell = capital_cell(p, row->good, row->tech)) < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fk->line, fk->col, "industry %.100s uses no stock of good %.100s",
                               tname[row->tech], gname[row->good]);
            goto done;
        }
        /* amount, or capacity times the capital coefficient */
        if ((rc = formats__number(path, fa, cols.amount >= 0 ? "an amount" : "a capacity", &v, err))) goto done;
        if (!(v >= 0) || !isfinite(v)) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fa->line, fa->col, "expected %s >= 0, found '%.40s'",
                               cols.amount >= 0 ? "an amount" : "a capacity", fa->s);
            goto done;
        }
        if (cols.capacity >= 0) v *= p->capital.x[row->cell];
        if (!isfinite(v)) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, fa->line, fa->col,
                               "capacity '%.40s' times the capital coefficient %g is not a finite amount", fa->s,
                               p->capital.x[row->cell]);
            goto done;
        }
        row->amount = v == 0 ? 0.0 : v;
        nrows++;
    }
    /* the selection */
    if (!(take = ogas_calloc((size_t)nproj + 1, 1))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
        goto done;
    }
    if (selected) {
        if ((rc = read_selected(selected, path, &ids, nproj, take, err))) goto done;
    } else {
        memset(take, 1, (size_t)nproj);
    }
    /* the fixed investments, and the list of their rows */
    if (!(fixed = ogas_calloc((size_t)p->T * (size_t)ncap + 1, sizeof *fixed))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
        goto done;
    }
    for (int64_t k = 0; k < nrows; k++) {
        if (!take[rows[k].project]) continue;
        fixed[(int64_t)(rows[k].year - 1) * ncap + rows[k].cell] += rows[k].amount;
        taken++;
    }
    for (int64_t q = 0; q < nproj; q++) out.projects += take[q];
    if (list && taken > 0) {
        if (!(out.item = ogas_calloc((size_t)taken, sizeof *out.item))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
            goto done;
        }
        for (int64_t k = 0; k < nrows; k++) {
            const csv_field *f;
            size_t a, b;
            ogas_plan_fixed_item *it;
            if (!take[rows[k].project]) continue;
            it = &out.item[out.count++];
            f = csv_cell(&t, idpos[rows[k].project], cols.project);
            trimmed(f->s, f->len, &a, &b);
            if (!(it->project = ogas_malloc(b - a + 1))) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the projects");
                goto done;
            }
            memcpy(it->project, f->s + a, b - a);
            it->project[b - a] = '\0';
            it->year = rows[k].year;
            it->good = rows[k].good;
            it->tech = rows[k].tech;
            it->cell = rows[k].cell;
            it->amount = rows[k].amount;
        }
    }
    ogas_free(p->fixed);
    p->fixed = taken > 0 ? fixed : NULL;
    if (taken > 0) fixed = NULL;
    if (list) {
        *list = out;
        memset(&out, 0, sizeof out);
    }
done:
    ogas_plan_projects_free(&out);
    ogas_free(fixed);
    ogas_free(take);
    ogas_free(rows);
    ogas_free(idpos);
    free_names(gname, p->n);
    free_names(tname, p->m);
    ogas_strmap_free(&goods);
    ogas_strmap_free(&techs);
    ogas_strmap_free(&ids);
    csv_free(&t);
    return rc;
}
