/* plan_peer.c: the peer planner's multi-year plan problem (Cockshott's 5yearplan, examples/plan/README.md):
 * a folder with flows.csv, cap.csv, dep.csv and labtarg.csv. Every file has a header
 * "headings,<product names>" (labtarg.csv adds "labour"), and the names must be flows.csv's, in its
 * order. flows.csv then has one row per product (the current inputs of each column's industry), then
 * the rows "labour" and "output"; cap.csv and dep.csv one row per product (the capital stocks at the
 * start of year 1 and their depreciation rates); labtarg.csv the rows year1..yearT (targets of final
 * output, and the labour available that year in the last column).
 *
 * Each industry k is one technique making one unit of product k per unit intensity: input(i, k) =
 * flow(i, k) / output_k, labour = labour_k / output_k, capital(i, k) = cap(i, k) / output_k, stock0 =
 * cap, dep = dep where cap > 0 (rates given where cap is 0 are checked, then ignored). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/plan.h"

enum { PEER_FLOWS, PEER_CAP, PEER_DEP, PEER_LABTARG, PEER_NFILES };
static const char *const peer_names[PEER_NFILES] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};

/* What a cell may hold. */
typedef enum { CELL_NONNEG, CELL_POSITIVE, CELL_SHARE } cell_kind;

/* *v := the number in field f of file path, which must be >= 0 (CELL_NONNEG), > 0 (CELL_POSITIVE) or in
 * [0, 1] (CELL_SHARE); what names the quantity in messages. */
static ogas_status cell_number(const char *path, const csv_field *f, const char *what, cell_kind kind, double *v,
                               ogas_error *err)
{
    char expected[160];
    ogas_status rc;
    snprintf(expected, sizeof expected, "a number (%s)", what);
    rc = formats__number(path, f, expected, v, err);
    if (rc) return rc;
    if (kind == CELL_POSITIVE && !(*v > 0))
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                             "%s is %g (expected > 0: the coefficients of its column are divided by it)", what, *v);
    if (kind == CELL_SHARE && !(*v >= 0 && *v <= 1))
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "%s is %g (expected a share in [0, 1])", what, *v);
    if (*v < 0) return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "negative %s %g (expected >= 0)", what, *v);
    return OGAS_OK;
}

/* The number in a field that cell_number has accepted already. */
static double cell_value(const csv_table *t, int64_t r, int64_t c)
{
    const csv_field *f = csv_cell(t, r, c);
    double v = 0;
    if (!ogas_parse_double(f->s, f->len, &v)) v = 0; /* cannot happen: the field was checked */
    return v;
}

/* Checks that t (file path) is not empty and starts with a field 'headings'. */
static ogas_status check_headings(const csv_table *t, const char *path, const char *last, ogas_error *err)
{
    const csv_field *f;
    if (t->nrows == 0)
        return ogas_error_at(err, OGAS_EINVAL, path, 1, 1, "the file is empty (expected a header row 'headings,<product names>%s')",
                             last ? ",labour" : "");
    f = csv_cell(t, 0, 0);
    if (strcmp(f->s, "headings") != 0)
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                             "expected a header row starting with 'headings', found '%.60s'", f->s);
    return OGAS_OK;
}

/* p->n, p->codes := the product names in the header of flows.csv (t, at path): at least one, none
 * empty, all distinct. */
static ogas_status read_codes(const csv_table *t, const char *path, ogas_plan_problem *p, ogas_error *err)
{
    ogas_strmap seen = {0};
    int64_t n;
    ogas_status rc = check_headings(t, path, NULL, err);
    if (rc) return rc;
    n = csv_row_len(t, 0) - 1;
    if (n < 1) return ogas_error_at(err, OGAS_EINVAL, path, 1, 1, "expected product names after 'headings'");
    p->n = n;
    p->codes = ogas_calloc((size_t)n, sizeof *p->codes);
    if (!p->codes || !ogas_strmap_init(&seen, (size_t)n)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld product names", (long long)n);
        goto done;
    }
    for (int64_t j = 0; j < n; j++) {
        const csv_field *f = csv_cell(t, 0, j + 1);
        int64_t old = -1;
        int put;
        if (f->len == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "empty product name in header column %lld",
                               (long long)j + 2);
            goto done;
        }
        put = ogas_strmap_put(&seen, f->s, f->len, j, &old);
        if (put < 0) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld product names", (long long)n);
            goto done;
        }
        if (put == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                               "duplicate product name '%.60s' (header columns %lld and %lld)", f->s, (long long)old + 2,
                               (long long)j + 2);
            goto done;
        }
        if (!(p->codes[j] = ogas_strdup(f->s))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld product names", (long long)n);
            goto done;
        }
    }
done:
    ogas_strmap_free(&seen);
    return rc;
}

/* Checks that the header of t (file path) is 'headings', then flows.csv's product names in order, then
 * last when it is not NULL, and nothing else. */
static ogas_status check_header(const csv_table *t, const char *path, const ogas_plan_problem *p, const char *last,
                                ogas_error *err)
{
    int64_t len, want = p->n + 1 + (last ? 1 : 0);
    ogas_status rc = check_headings(t, path, last, err);
    if (rc) return rc;
    len = csv_row_len(t, 0);
    for (int64_t j = 0; j < p->n; j++) {
        const csv_field *f;
        if (j + 1 >= len) {
            f = csv_cell(t, 0, len - 1);
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                 "the header ends after %lld product names, expected %lld as in flows.csv (next: '%.60s')",
                                 (long long)j, (long long)p->n, p->codes[j]);
        }
        f = csv_cell(t, 0, j + 1);
        if (strcmp(f->s, p->codes[j]) != 0)
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                 "header column %lld is '%.60s', expected product '%.60s' (as in flows.csv, in its order)",
                                 (long long)j + 2, f->s, p->codes[j]);
    }
    if (last) {
        const csv_field *f = csv_cell(t, 0, (p->n + 1 < len ? p->n + 1 : len - 1));
        if (p->n + 1 >= len)
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                 "expected a last header column '%s' after the product names, found the end of the line",
                                 last);
        if (strcmp(f->s, last) != 0)
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                 "header column %lld is '%.60s', expected '%s' after the product names", (long long)p->n + 2,
                                 f->s, last);
    }
    if (len > want) {
        const csv_field *f = csv_cell(t, 0, want);
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                             "unexpected header column %lld '%.60s' (flows.csv has %lld products%s)", (long long)want + 1,
                             f->s, (long long)p->n, last ? ", then comes 'labour'" : "");
    }
    return OGAS_OK;
}

/* Checks that row r of t (file path) is labelled want and has as many fields as the header; order
 * says what rows the file should have, for the message. */
static ogas_status check_row(const csv_table *t, const char *path, int64_t r, const char *want, const char *order,
                             ogas_error *err)
{
    const csv_field *f = csv_cell(t, r, 0);
    int64_t len = csv_row_len(t, r), hlen = csv_row_len(t, 0);
    if (strcmp(f->s, want) != 0)
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "expected row '%.60s' (%s), found '%.60s'", want, order,
                             f->s);
    if (len != hlen) {
        f = csv_cell(t, r, len < hlen ? len - 1 : hlen);
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "ragged row '%.60s': %lld fields, the header has %lld",
                             want, (long long)len, (long long)hlen);
    }
    return OGAS_OK;
}

/* Checks that t (file path) has exactly nwant rows after the header; next_label is the label of the
 * first missing row, order says what rows the file should have (both for the message). */
static ogas_status check_row_count(const csv_table *t, const char *path, int64_t nwant, const char *next_label,
                                   const char *order, ogas_error *err)
{
    if (t->nrows - 1 < nwant)
        return ogas_error_at(err, OGAS_EINVAL, path, t->last_line, 1, "expected row '%.60s' (%s), found the end of the file",
                             next_label, order);
    if (t->nrows - 1 > nwant) {
        const csv_field *f = csv_cell(t, nwant + 1, 0);
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "unexpected row '%.60s' (%s)", f->s, order);
    }
    return OGAS_OK;
}

/* Checks flows.csv: product rows in the header's order with flows >= 0, then 'labour' (>= 0) and
 * 'output' (> 0). */
static ogas_status check_flows(const csv_table *t, const char *path, const ogas_plan_problem *p, ogas_error *err)
{
    static const char order[] = "flows.csv has one row per product in the header's order, then 'labour' and 'output'";
    int64_t n = p->n;
    ogas_status rc = OGAS_OK;
    for (int64_t r = 1; r <= n + 2 && r < t->nrows; r++) {
        const char *label = r <= n ? p->codes[r - 1] : r == n + 1 ? "labour" : "output";
        rc = check_row(t, path, r, label, order, err);
        for (int64_t c = 1; !rc && c <= n; c++) {
            double v;
            char what[128];
            if (r <= n) snprintf(what, sizeof what, "input flow of %.30s to %.30s", p->codes[r - 1], p->codes[c - 1]);
            else snprintf(what, sizeof what, "%s of %.60s", label, p->codes[c - 1]);
            rc = cell_number(path, csv_cell(t, r, c), what, r == n + 2 ? CELL_POSITIVE : CELL_NONNEG, &v, err);
        }
        if (rc) return rc;
    }
    return check_row_count(t, path, n + 2,
                           t->nrows - 1 < n ? p->codes[t->nrows - 1] : t->nrows - 1 == n ? "labour" : "output", order, err);
}

/* Checks cap.csv (kind CELL_NONNEG) or dep.csv (CELL_SHARE): one row per product, in the header's order. */
static ogas_status check_square(const csv_table *t, const char *path, const ogas_plan_problem *p, cell_kind kind,
                                const char *quantity, ogas_error *err)
{
    char order[80];
    int64_t n = p->n;
    ogas_status rc = check_header(t, path, p, NULL, err);
    if (rc) return rc;
    snprintf(order, sizeof order, "%s has one row per product, in the header's order", kind == CELL_SHARE ? "dep.csv" : "cap.csv");
    for (int64_t r = 1; r <= n && r < t->nrows; r++) {
        rc = check_row(t, path, r, p->codes[r - 1], order, err);
        for (int64_t c = 1; !rc && c <= n; c++) {
            double v;
            char what[128];
            snprintf(what, sizeof what, "%s of %.30s in %.30s", quantity, p->codes[r - 1], p->codes[c - 1]);
            rc = cell_number(path, csv_cell(t, r, c), what, kind, &v, err);
        }
        if (rc) return rc;
    }
    return check_row_count(t, path, n, t->nrows - 1 < n ? p->codes[t->nrows - 1] : "", order, err);
}

/* Checks labtarg.csv: rows year1..yearT in order, targets >= 0 with at least one positive per year, and
 * labour >= 0; *T := the number of years. */
static ogas_status check_labtarg(const csv_table *t, const char *path, const ogas_plan_problem *p, int *T,
                                 ogas_error *err)
{
    static const char order[] = "labtarg.csv has the rows year1, year2, ... in order";
    int64_t n = p->n;
    ogas_status rc = check_header(t, path, p, "labour", err);
    if (rc) return rc;
    if (t->nrows < 2)
        return ogas_error_at(err, OGAS_EINVAL, path, t->last_line, 1,
                             "no year rows: expected the rows year1, year2, ... after the header");
    if (t->nrows - 1 > INT_MAX)
        return ogas_error_at(err, OGAS_ETOOBIG, path, csv_cell(t, t->nrows - 1, 0)->line, 1, "more than %d years", INT_MAX);
    for (int64_t r = 1; r < t->nrows; r++) {
        char label[32];
        int any = 0;
        snprintf(label, sizeof label, "year%lld", (long long)r);
        rc = check_row(t, path, r, label, order, err);
        for (int64_t c = 1; !rc && c <= n + 1; c++) {
            double v = 0;
            char what[128];
            if (c <= n) snprintf(what, sizeof what, "target of %.60s in %s", p->codes[c - 1], label);
            else snprintf(what, sizeof what, "labour supply in %s", label);
            rc = cell_number(path, csv_cell(t, r, c), what, CELL_NONNEG, &v, err);
            if (c <= n && v > 0) any = 1;
        }
        if (rc) return rc;
        if (!any) {
            const csv_field *f = csv_cell(t, r, 0);
            return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                                 "year %lld has no positive target (its fulfilment phi would be meaningless)", (long long)r);
        }
    }
    *T = (int)(t->nrows - 1);
    return OGAS_OK;
}

/* *q := a / b, or an error at field f when the quotient is beyond the range of double precision. */
static ogas_status divide(const char *path, const csv_field *f, const char *what, double a, double b, double *q,
                          ogas_error *err)
{
    *q = a / b;
    if (!isfinite(*q))
        return ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                             "%s per unit of output (%g / %g) is beyond the range of double precision", what, a, b);
    return OGAS_OK;
}

/* p := the peer planner's plan problem in folder dir. */
ogas_status ogas_plan_read_peer(const char *dir, ogas_plan_problem *p, ogas_error *err)
{
    char path[PEER_NFILES][4096];
    csv_table t[PEER_NFILES];
    ogas_triplet To = {0}, Ti = {0}, Tc = {0};
    double *out = NULL;
    int64_t n;
    int T = 0;
    ogas_status rc = OGAS_OK;

    memset(t, 0, sizeof t);
    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem to read into");
    memset(p, 0, sizeof *p);
    if (!dir) return ogas_error_set(err, OGAS_EARG, "no folder given");
    for (int k = 0; k < PEER_NFILES; k++) {
        int len = snprintf(path[k], sizeof path[k], "%s/%s", dir, peer_names[k]);
        if (len < 0 || (size_t)len >= sizeof path[k])
            return ogas_error_set(err, OGAS_EARG, "folder name too long (%zu bytes)", strlen(dir));
    }
    for (int k = 0; k < PEER_NFILES && !rc; k++) rc = csv_read(path[k], ',', &t[k], err);
    if (!rc) rc = read_codes(&t[PEER_FLOWS], path[PEER_FLOWS], p, err);
    if (!rc) rc = check_flows(&t[PEER_FLOWS], path[PEER_FLOWS], p, err);
    if (!rc) rc = check_square(&t[PEER_CAP], path[PEER_CAP], p, CELL_NONNEG, "capital stock", err);
    if (!rc) rc = check_square(&t[PEER_DEP], path[PEER_DEP], p, CELL_SHARE, "depreciation rate", err);
    if (!rc) rc = check_labtarg(&t[PEER_LABTARG], path[PEER_LABTARG], p, &T, err);
    if (rc) goto done;

    /* Every cell is valid now: build the problem. */
    n = p->n;
    p->m = n;
    p->T = T;
    out = ogas_mallocarray((size_t)n, sizeof *out);
    p->labour = ogas_mallocarray((size_t)n, sizeof *p->labour);
    p->labour_supply = ogas_mallocarray((size_t)T, sizeof *p->labour_supply);
    p->target = ogas_mallocarray((size_t)T * (size_t)n, sizeof *p->target);
    if (!out || !p->labour || !p->labour_supply || !p->target) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a plan of %lld products and %d years", (long long)n, T);
        goto done;
    }
    for (int64_t k = 0; k < n; k++) out[k] = cell_value(&t[PEER_FLOWS], n + 2, k + 1);
    for (int64_t k = 0; k < n && !rc; k++)
        rc = divide(path[PEER_FLOWS], csv_cell(&t[PEER_FLOWS], n + 1, k + 1), "labour",
                    cell_value(&t[PEER_FLOWS], n + 1, k + 1), out[k], &p->labour[k], err);
    if (!rc) rc = ogas_triplet_init(&To, n, n, n, err);
    for (int64_t k = 0; k < n && !rc; k++) rc = ogas_triplet_push(&To, k, k, 1.0, err);
    if (!rc) rc = ogas_triplet_init(&Ti, n, n, n, err);
    if (!rc) rc = ogas_triplet_init(&Tc, n, n, n, err);
    for (int64_t i = 0; i < n && !rc; i++)
        for (int64_t k = 0; k < n && !rc; k++) {
            double v = cell_value(&t[PEER_FLOWS], i + 1, k + 1), c = cell_value(&t[PEER_CAP], i + 1, k + 1), q;
            if (v != 0) {
                rc = divide(path[PEER_FLOWS], csv_cell(&t[PEER_FLOWS], i + 1, k + 1), "input flow", v, out[k], &q, err);
                if (!rc) rc = ogas_triplet_push(&Ti, i, k, q, err);
            }
            if (c > 0 && !rc) {
                rc = divide(path[PEER_CAP], csv_cell(&t[PEER_CAP], i + 1, k + 1), "capital stock", c, out[k], &q, err);
                if (!rc) rc = ogas_triplet_push(&Tc, i, k, q, err);
            }
        }
    if (!rc) rc = ogas_csr_from_triplet(&To, &p->output, err);
    if (!rc) rc = ogas_csr_from_triplet(&Ti, &p->input, err);
    if (!rc) rc = ogas_csr_from_triplet(&Tc, &p->capital, err);
    /* stock0 and dep: exactly capital's pattern (a zero rate stays an entry), values from the files. */
    if (!rc) rc = ogas_csr_copy(&p->capital, &p->stock0, err);
    if (!rc) rc = ogas_csr_copy(&p->capital, &p->dep, err);
    if (rc) goto done;
    for (int64_t i = 0; i < n; i++)
        for (int64_t q = p->capital.p[i]; q < p->capital.p[i + 1]; q++) {
            p->stock0.x[q] = cell_value(&t[PEER_CAP], i + 1, p->capital.j[q] + 1);
            p->dep.x[q] = cell_value(&t[PEER_DEP], i + 1, p->capital.j[q] + 1);
        }
    for (int y = 0; y < T; y++) {
        for (int64_t i = 0; i < n; i++) p->target[(int64_t)y * n + i] = cell_value(&t[PEER_LABTARG], y + 1, i + 1);
        p->labour_supply[y] = cell_value(&t[PEER_LABTARG], y + 1, n + 1);
    }
    rc = ogas_plan_problem_check(p, err);
done:
    ogas_triplet_free(&To);
    ogas_triplet_free(&Ti);
    ogas_triplet_free(&Tc);
    ogas_free(out);
    for (int k = 0; k < PEER_NFILES; k++) csv_free(&t[k]);
    if (rc) ogas_plan_problem_free(p);
    return rc;
}
