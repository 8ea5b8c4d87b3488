/* plan_native.c: the native sparse format of plan problems (docs/formats.md): a folder with
 * manifest.txt ("key = value" lines: format = ogas-plan 1, products, techniques, years), the Matrix
 * Market files output.mtx, input.mtx, capital.mtx, stock0.mtx, dep.mtx (products x techniques),
 * labour.mtx (techniques), labour_supply.mtx (years), target.mtx (years x products, the nonzero targets),
 * and optionally lag.mtx (products), codes.csv (header `code`) and techniques.csv (header `technique`).
 * Also ogas_plan_read, which tells the native format from the peer planner's by the files present.
 *
 * stock0.mtx and dep.mtx must give exactly capital.mtx's cells. A zero depreciation rate is a cell like
 * any other, so they are rebuilt on capital's pattern from the entries of the file: an entry that the
 * compression of an out-of-order file dropped because it was zero is found again by a second look at
 * the file, and only a cell the file does not list at all is an error. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "lines.h"
#include "ogas/core.h"
#include "ogas/formats.h"
#include "ogas/plan.h"

#define NATIVE_MAX_YEARS 10000 /* the most years a manifest may announce */
#define NATIVE_PATH 4096

/* buf := dir/name, or an error when that is too long. */
static ogas_status join_path(const char *dir, const char *name, char *buf, ogas_error *err)
{
    int len = snprintf(buf, NATIVE_PATH, "%s/%s", dir, name);
    if (len < 0 || len >= NATIVE_PATH)
        return ogas_error_set(err, OGAS_EARG, "folder name too long (%zu bytes)", strlen(dir));
    return OGAS_OK;
}

/* 1 if a file (or anything else) exists at path. */
static int path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* buf := s[0..n) shortened to 40 bytes with unprintable bytes shown as '?', for messages; returns buf. */
static const char *shown(const char *s, size_t n, char *buf)
{
    size_t k = n < 40 ? n : 40;
    for (size_t i = 0; i < k; i++) buf[i] = (s[i] >= 32 && s[i] < 127) ? s[i] : '?';
    if (n > 40) {
        memcpy(buf + 40, "...", 3);
        k = 43;
    }
    buf[k] = '\0';
    return buf;
}

/* ---------------------------------------------------------------------------------------------------
 * manifest.txt */

enum { KEY_FORMAT, KEY_PRODUCTS, KEY_TECHNIQUES, KEY_YEARS, NKEYS };
static const char *const key_names[NKEYS] = {"format", "products", "techniques", "years"};

/* Index of the key s[0..n), or -1. */
static int key_index(const char *s, size_t n)
{
    for (int k = 0; k < NKEYS; k++)
        if (strlen(key_names[k]) == n && memcmp(key_names[k], s, n) == 0) return k;
    return -1;
}

/* Checks the value s[0..n) (at line, col of path) of the key format: the words "ogas-plan 1". */
static ogas_status manifest_format(const char *path, long line, long col, const char *s, size_t n, ogas_error *err)
{
    char b1[48];
    size_t a = 0, w;
    while (a < n && s[a] != ' ' && s[a] != '\t') a++;
    w = a;
    while (a < n && (s[a] == ' ' || s[a] == '\t')) a++;
    if (w != 9 || memcmp(s, "ogas-plan", 9) != 0 || a == n)
        return ogas_error_at(err, OGAS_EINVAL, path, line, col, "expected 'format = ogas-plan 1', found format '%s'",
                             shown(s, n, b1));
    if (!(n - a == 1 && s[a] == '1'))
        return ogas_error_at(err, OGAS_EINVAL, path, line, col + (long)a,
                             "format version '%s' is not supported (this reader reads ogas-plan 1)", shown(s + a, n - a, b1));
    return OGAS_OK;
}

/* *n, *m, *T := products, techniques and years from the manifest at path: "key = value" lines, '#' starting
 * a comment, blank lines ignored; every key exactly once. */
static ogas_status read_manifest(const char *path, int64_t *n, int64_t *m, int *T, ogas_error *err)
{
    line_reader r;
    long seen[NKEYS] = {0};
    int64_t val[NKEYS] = {0};
    const char *s;
    size_t len;
    int got;
    ogas_status rc = lines_open(&r, path, err);
    if (rc) return rc;
    while ((got = lines_next(&r, &s, &len, err)) == 1) {
        size_t a = 0, b = len, eq, ka, kb, va, vb;
        char b1[48];
        int key;
        if (r.line == 1 && len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF)
            a = 3; /* UTF-8 byte-order mark */
        for (size_t q = a; q < b; q++)
            if (s[q] == '#') {
                b = q;
                break;
            }
        while (a < b && (s[a] == ' ' || s[a] == '\t')) a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
        if (a == b) continue;
        for (eq = a; eq < b && s[eq] != '='; eq++) {}
        if (eq == b) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, r.line, (long)a + 1,
                               "expected a line 'key = value' (keys: format, products, techniques, years), found '%s'",
                               shown(s + a, b - a, b1));
            goto done;
        }
        ka = a;
        kb = eq;
        while (kb > ka && (s[kb - 1] == ' ' || s[kb - 1] == '\t')) kb--;
        va = eq + 1;
        vb = b;
        while (va < vb && (s[va] == ' ' || s[va] == '\t')) va++;
        if (ka == kb) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, r.line, (long)eq + 1, "expected a key before '='");
            goto done;
        }
        key = key_index(s + ka, kb - ka);
        if (key < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, r.line, (long)ka + 1,
                               "unknown key '%s' (expected format, products, techniques or years)",
                               shown(s + ka, kb - ka, b1));
            goto done;
        }
        if (seen[key]) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, r.line, (long)ka + 1, "key '%s' given twice (first on line %ld)",
                               key_names[key], seen[key]);
            goto done;
        }
        seen[key] = r.line;
        if (va == vb) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, r.line, (long)eq + 2, "expected a value after '%s ='", key_names[key]);
            goto done;
        }
        if (key == KEY_FORMAT) {
            rc = manifest_format(path, r.line, (long)va + 1, s + va, vb - va, err);
            if (rc) goto done;
            continue;
        }
        {
            int64_t hi = key == KEY_YEARS ? NATIVE_MAX_YEARS : OGAS_MAX_DIM;
            if (!ogas_parse_int64(s + va, vb - va, 1, hi, &val[key])) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, r.line, (long)va + 1,
                                   "%s is '%s', expected a whole number from 1 to %lld", key_names[key],
                                   shown(s + va, vb - va, b1), (long long)hi);
                goto done;
            }
        }
    }
    if (got < 0) {
        rc = err ? err->code : OGAS_EIO;
        goto done;
    }
    for (int k = 0; k < NKEYS; k++)
        if (!seen[k]) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                               "no '%s' line (a manifest has the lines format = ogas-plan 1, products = N, techniques = M, "
                               "years = T)",
                               key_names[k]);
            goto done;
        }
    *n = val[KEY_PRODUCTS];
    *m = val[KEY_TECHNIQUES];
    *T = (int)val[KEY_YEARS];
done:
    lines_close(&r);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------
 * codes.csv, techniques.csv */

/* *out := the count names in the one-column CSV file at path under the header `header` (what names them
 * in messages, whence says where count comes from): each non-empty and all distinct. */
static ogas_status read_names(const char *path, const char *header, int64_t count, const char *what,
                              const char *whence, char ***out, ogas_error *err)
{
    csv_table t = {0};
    ogas_strmap seen = {0};
    char **names = NULL;
    ogas_status rc = csv_read(path, ',', &t, err);
    *out = NULL;
    if (rc) return rc;
    if (t.nrows == 0) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, 1, 1, "the file is empty (expected the header '%s', then one %s per line)",
                           header, what);
        goto done;
    }
    if (csv_row_len(&t, 0) != 1 || strcmp(csv_cell(&t, 0, 0)->s, header) != 0) {
        const csv_field *f = csv_cell(&t, 0, csv_row_len(&t, 0) != 1 ? 1 : 0);
        char b1[48];
        rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "expected the header '%s' alone on the line, found '%s'",
                           header, shown(f->s, f->len, b1));
        goto done;
    }
    if (t.nrows - 1 != count) {
        if (t.nrows - 1 < count)
            rc = ogas_error_at(err, OGAS_EINVAL, path, t.last_line, 0, "%lld %ss, expected %lld (%s)",
                               (long long)(t.nrows - 1), what, (long long)count, whence);
        else
            rc = ogas_error_at(err, OGAS_EINVAL, path, csv_cell(&t, count + 1, 0)->line, 1,
                               "more %ss than the %lld expected (%s)", what, (long long)count, whence);
        goto done;
    }
    names = ogas_calloc((size_t)count, sizeof *names);
    if (!names || !ogas_strmap_init(&seen, (size_t)count)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld %ss", (long long)count, what);
        goto done;
    }
    for (int64_t r = 1; r <= count; r++) {
        const csv_field *f = csv_cell(&t, r, 0);
        int64_t old = -1;
        int put;
        char b1[48];
        if (csv_row_len(&t, r) != 1) {
            f = csv_cell(&t, r, 1);
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                               "expected one %s per line (quote a %s that holds a comma)", what, what);
            goto done;
        }
        if (f->len == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "empty %s", what);
            goto done;
        }
        if (strlen(f->s) != f->len) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "NUL byte in a %s", what);
            goto done;
        }
        put = ogas_strmap_put(&seen, f->s, f->len, r, &old);
        if (put < 0) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld %ss", (long long)count, what);
            goto done;
        }
        if (put == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col, "duplicate %s '%s' (also %s %lld)", what,
                               shown(f->s, f->len, b1), what, (long long)old);
            goto done;
        }
        if (!(names[r - 1] = ogas_strdup(f->s))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld %ss", (long long)count, what);
            goto done;
        }
    }
    *out = names;
    names = NULL;
done:
    for (int64_t k = 0; names && k < count; k++) ogas_free(names[k]);
    ogas_free(names);
    ogas_strmap_free(&seen);
    csv_free(&t);
    return rc;
}

/* *out := "P1".."Pn". */
static ogas_status default_codes(int64_t n, char ***out, ogas_error *err)
{
    char **codes = ogas_calloc((size_t)n, sizeof *codes);
    ogas_status rc = OGAS_OK;
    *out = NULL;
    if (!codes) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld product codes", (long long)n);
        goto done;
    }
    for (int64_t i = 0; i < n; i++) {
        char b[32];
        snprintf(b, sizeof b, "P%lld", (long long)i + 1);
        if (!(codes[i] = ogas_strdup(b))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld product codes", (long long)n);
            goto done;
        }
    }
    *out = codes;
    codes = NULL;
done:
    for (int64_t k = 0; codes && k < n; k++) ogas_free(codes[k]);
    ogas_free(codes);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------
 * Matrices and vectors */

/* A := the products x techniques matrix in file path (called what), with values >= 0 and <= hi. */
static ogas_status read_nm(const char *path, const ogas_plan_problem *p, const char *what, double hi, ogas_csr *A,
                           ogas_error *err)
{
    char pn[112], tn[112];
    ogas_status rc = ogas_mtx_read(path, A, err);
    if (rc) return rc;
    if (A->m != p->n || A->n != p->m) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                           "the matrix is %lld x %lld, expected products x techniques = %lld x %lld (manifest.txt)",
                           (long long)A->m, (long long)A->n, (long long)p->n, (long long)p->m);
        goto done;
    }
    for (int64_t i = 0; i < A->m; i++)
        for (int64_t q = A->p[i]; q < A->p[i + 1]; q++)
            if (!(A->x[q] >= 0 && A->x[q] <= hi)) {
                if (hi < INFINITY)
                    rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                                       "entry (%lld, %ld): %s of product %s in technique %s is %g (expected a number in "
                                       "[0, %g])",
                                       (long long)i + 1, (long)A->j[q] + 1, what, ogas_plan_product_name(p, i, pn, sizeof pn),
                                       ogas_plan_technique_name(p, A->j[q], tn, sizeof tn), A->x[q], hi);
                else
                    rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                                       "entry (%lld, %ld): %s of product %s in technique %s is %g (expected >= 0)",
                                       (long long)i + 1, (long)A->j[q] + 1, what, ogas_plan_product_name(p, i, pn, sizeof pn),
                                       ogas_plan_technique_name(p, A->j[q], tn, sizeof tn), A->x[q]);
                goto done;
            }
done:
    if (rc) ogas_csr_free(A);
    return rc;
}

/* 1 if A and B have the same shape and pattern. */
static int same_pattern(const ogas_csr *A, const ogas_csr *B)
{
    if (A->m != B->m || A->n != B->n) return 0;
    if (memcmp(A->p, B->p, ((size_t)A->m + 1) * sizeof *A->p) != 0) return 0;
    return A->p[A->m] == 0 || memcmp(A->j, B->j, (size_t)A->p[A->m] * sizeof *A->j) == 0;
}

/* Index of the cell (i, k) in C's pattern, or -1. */
static int64_t find_cell(const ogas_csr *C, int64_t i, int64_t k)
{
    int64_t lo = C->p[i], hi = C->p[i + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (C->j[mid] < k) lo = mid + 1;
        else hi = mid;
    }
    return lo < C->p[i + 1] && C->j[lo] == k ? lo : -1;
}

/* Splits s[0..n) at blanks into at most max tokens (starts and lengths); returns how many (max + 1 when
 * there are more). */
static int split_blanks(const char *s, size_t n, const char **ts, size_t *tn, int max)
{
    int k = 0;
    size_t i = 0;
    while (i < n) {
        size_t a;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i == n) break;
        if (k == max) return max + 1;
        a = i;
        while (i < n && s[i] != ' ' && s[i] != '\t') i++;
        ts[k] = s + a;
        tn[k] = i - a;
        k++;
    }
    return k;
}

/* found[c] := 1 for every cell c of C that the Matrix Market file at path lists, whatever its value (the
 * file has been read once already, so it is well formed; an array file lists every cell). */
static ogas_status mark_listed(const char *path, const ogas_csr *C, unsigned char *found, ogas_error *err)
{
    line_reader r;
    const char *s, *ts[4];
    size_t len, tn[4];
    int got, header = 0;
    ogas_status rc = lines_open(&r, path, err);
    if (rc) return rc;
    got = lines_next(&r, &s, &len, err);
    if (got == 1 && split_blanks(s, len, ts, tn, 3) >= 3 && tn[2] == 5 && strncasecmp(ts[2], "array", 5) == 0) {
        memset(found, 1, (size_t)ogas_csr_nnz(C));
        goto done;
    }
    while (got == 1 && (got = lines_next(&r, &s, &len, err)) == 1) {
        int64_t i, k, c;
        if ((len > 0 && s[0] == '%') || split_blanks(s, len, ts, tn, 3) != 3) continue;
        if (!header) {
            header = 1; /* the size line */
            continue;
        }
        if (!ogas_parse_int64(ts[0], tn[0], 1, C->m, &i) || !ogas_parse_int64(ts[1], tn[1], 1, C->n, &k)) continue;
        if ((c = find_cell(C, i - 1, k - 1)) >= 0) found[c] = 1;
    }
    if (got < 0) rc = err ? err->code : OGAS_EIO;
done:
    lines_close(&r);
    return rc;
}

/* *out := the matrix F read from path (called what), laid on p->capital's pattern: every cell of capital
 * must be listed in the file (a zero too), and an entry where capital has no cell is an error unless it
 * is zero. F is consumed (freed or moved into *out). */
static ogas_status on_capital_pattern(const char *path, const char *what, const ogas_plan_problem *p, ogas_csr *F,
                                      ogas_csr *out, ogas_error *err)
{
    const ogas_csr *C = &p->capital;
    int64_t nc = ogas_csr_nnz(C), missing = 0;
    unsigned char *found = NULL;
    char pn[112], tn[112];
    ogas_status rc = OGAS_OK;

    memset(out, 0, sizeof *out);
    if (same_pattern(F, C)) {
        *out = *F;
        memset(F, 0, sizeof *F);
        goto done;
    }
    out->m = C->m;
    out->n = C->n;
    out->p = ogas_mallocarray((size_t)C->m + 1, sizeof *out->p);
    out->j = ogas_mallocarray((size_t)nc + 1, sizeof *out->j);
    out->x = ogas_calloc((size_t)nc + 1, sizeof *out->x);
    found = ogas_calloc((size_t)nc + 1, 1);
    if (!out->p || !out->j || !out->x || !found) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld capital cells", (long long)nc);
        goto done;
    }
    memcpy(out->p, C->p, ((size_t)C->m + 1) * sizeof *out->p);
    if (nc) memcpy(out->j, C->j, (size_t)nc * sizeof *out->j);
    for (int64_t i = 0; i < C->m; i++) {
        int64_t a = F->p[i], c = C->p[i];
        while (a < F->p[i + 1]) {
            while (c < C->p[i + 1] && C->j[c] < F->j[a]) c++;
            if (c < C->p[i + 1] && C->j[c] == F->j[a]) {
                out->x[c] = F->x[a];
                found[c] = 1;
            } else if (F->x[a] != 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                                   "entry (%lld, %ld) for product %s in technique %s, where capital.mtx has no cell (%s "
                                   "must list exactly capital.mtx's cells)",
                                   (long long)i + 1, (long)F->j[a] + 1, ogas_plan_product_name(p, i, pn, sizeof pn),
                                   ogas_plan_technique_name(p, F->j[a], tn, sizeof tn), what);
                goto done;
            }
            a++;
        }
    }
    for (int64_t c = 0; c < nc; c++) missing += !found[c];
    if (missing) {
        /* Zeros listed in a file out of row order were dropped by the compression: look again. */
        rc = mark_listed(path, C, found, err);
        if (rc) goto done;
    }
    for (int64_t i = 0; i < C->m; i++)
        for (int64_t c = C->p[i]; c < C->p[i + 1]; c++)
            if (!found[c]) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                                   "no entry (%lld, %ld) for product %s in technique %s, where capital.mtx has a cell (%s "
                                   "must list exactly capital.mtx's cells; write 0 for a zero %s)",
                                   (long long)i + 1, (long)C->j[c] + 1, ogas_plan_product_name(p, i, pn, sizeof pn),
                                   ogas_plan_technique_name(p, C->j[c], tn, sizeof tn), what,
                                   strcmp(what, "dep.mtx") == 0 ? "rate" : "stock");
                goto done;
            }
done:
    ogas_free(found);
    ogas_csr_free(F);
    if (rc) ogas_csr_free(out);
    return rc;
}

/* *x := the vector in file path, which must have want entries (whence says where want comes from). */
static ogas_status read_vec(const char *path, int64_t want, const char *whence, double **x, ogas_error *err)
{
    int64_t len = 0;
    ogas_status rc = ogas_mtx_read_vector(path, &len, x, err);
    if (rc) goto done;
    if (len != want)
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "the vector has %lld entries, expected %lld (%s)", (long long)len,
                           (long long)want, whence);
done:
    if (rc) {
        ogas_free(*x);
        *x = NULL;
    }
    return rc;
}

/* p->target := the years x products targets in target.mtx at path, each >= 0. */
static ogas_status read_target(const char *path, ogas_plan_problem *p, ogas_error *err)
{
    ogas_csr A = {0};
    char pn[112];
    ogas_status rc = ogas_mtx_read(path, &A, err);
    if (rc) return rc;
    if (A.m != p->T || A.n != p->n) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                           "the matrix is %lld x %lld, expected years x products = %d x %lld (manifest.txt)%s",
                           (long long)A.m, (long long)A.n, p->T, (long long)p->n,
                           A.m == p->n && A.n == p->T ? ": the targets are transposed (a row per year, a column per product)"
                                                       : "");
        goto done;
    }
    p->target = ogas_calloc((size_t)p->T * (size_t)p->n, sizeof *p->target);
    if (!p->target) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %d x %lld targets", p->T, (long long)p->n);
        goto done;
    }
    for (int64_t y = 0; y < A.m; y++)
        for (int64_t q = A.p[y]; q < A.p[y + 1]; q++) {
            if (!(A.x[q] >= 0)) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "entry (%lld, %ld): target of product %s in year %lld is %g (expected >= 0)",
                                   (long long)y + 1, (long)A.j[q] + 1, ogas_plan_product_name(p, A.j[q], pn, sizeof pn),
                                   (long long)y + 1, A.x[q]);
                goto done;
            }
            p->target[y * p->n + A.j[q]] = A.x[q];
        }
done:
    ogas_csr_free(&A);
    return rc;
}

/* p->lag := the investment lags in lag.mtx at path: whole numbers of years >= 1, one per product. */
static ogas_status read_lag(const char *path, ogas_plan_problem *p, ogas_error *err)
{
    double *v = NULL;
    char pn[112];
    ogas_status rc = read_vec(path, p->n, "products in manifest.txt", &v, err);
    if (rc) return rc;
    p->lag = ogas_mallocarray((size_t)p->n, sizeof *p->lag);
    if (!p->lag) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld lags", (long long)p->n);
        goto done;
    }
    for (int64_t i = 0; i < p->n; i++) {
        if (!(v[i] >= 1 && v[i] <= INT_MAX && v[i] == floor(v[i]))) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0,
                               "entry %lld: the investment lag of product %s is %g years (expected a whole number >= 1)",
                               (long long)i + 1, ogas_plan_product_name(p, i, pn, sizeof pn), v[i]);
            goto done;
        }
        p->lag[i] = (int)v[i];
    }
done:
    ogas_free(v);
    return rc;
}

/* p := the native plan problem in folder dir. */
ogas_status ogas_plan_read_native(const char *dir, ogas_plan_problem *p, ogas_error *err)
{
    char path[NATIVE_PATH], tn[112];
    ogas_csr F = {0};
    ogas_status rc;

    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem to read into");
    memset(p, 0, sizeof *p);
    if (!dir) return ogas_error_set(err, OGAS_EARG, "no folder given");
    if ((rc = join_path(dir, "manifest.txt", path, err))) goto done;
    if ((rc = read_manifest(path, &p->n, &p->m, &p->T, err))) goto done;

    if ((rc = join_path(dir, "codes.csv", path, err))) goto done;
    if (path_exists(path)) rc = read_names(path, "code", p->n, "product code", "products in manifest.txt", &p->codes, err);
    else rc = default_codes(p->n, &p->codes, err);
    if (rc) goto done;
    if ((rc = join_path(dir, "techniques.csv", path, err))) goto done;
    if (path_exists(path) &&
        (rc = read_names(path, "technique", p->m, "technique name", "techniques in manifest.txt", &p->tech_names, err)))
        goto done;

    if ((rc = join_path(dir, "output.mtx", path, err)) || (rc = read_nm(path, p, "output", INFINITY, &p->output, err)))
        goto done;
    if ((rc = join_path(dir, "input.mtx", path, err)) || (rc = read_nm(path, p, "input", INFINITY, &p->input, err)))
        goto done;
    if ((rc = join_path(dir, "capital.mtx", path, err)) || (rc = read_nm(path, p, "capital", INFINITY, &p->capital, err)))
        goto done;
    if ((rc = join_path(dir, "stock0.mtx", path, err)) || (rc = read_nm(path, p, "initial stock", INFINITY, &F, err)) ||
        (rc = on_capital_pattern(path, "stock0.mtx", p, &F, &p->stock0, err)))
        goto done;
    if ((rc = join_path(dir, "dep.mtx", path, err)) || (rc = read_nm(path, p, "depreciation rate", 1.0, &F, err)) ||
        (rc = on_capital_pattern(path, "dep.mtx", p, &F, &p->dep, err)))
        goto done;

    if ((rc = join_path(dir, "labour.mtx", path, err)) ||
        (rc = read_vec(path, p->m, "techniques in manifest.txt", &p->labour, err)))
        goto done;
    for (int64_t k = 0; k < p->m; k++)
        if (!(p->labour[k] >= 0)) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "entry %lld: labour of technique %s is %g (expected >= 0)",
                               (long long)k + 1, ogas_plan_technique_name(p, k, tn, sizeof tn), p->labour[k]);
            goto done;
        }
    if ((rc = join_path(dir, "labour_supply.mtx", path, err)) ||
        (rc = read_vec(path, p->T, "years in manifest.txt", &p->labour_supply, err)))
        goto done;
    for (int y = 0; y < p->T; y++)
        if (!(p->labour_supply[y] >= 0)) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "entry %d: labour supply in year %d is %g (expected >= 0)", y + 1,
                               y + 1, p->labour_supply[y]);
            goto done;
        }
    if ((rc = join_path(dir, "target.mtx", path, err)) || (rc = read_target(path, p, err))) goto done;
    if ((rc = join_path(dir, "lag.mtx", path, err))) goto done;
    if (path_exists(path) && (rc = read_lag(path, p, err))) goto done;

    rc = ogas_plan_problem_check(p, err);
    if (rc && err && !err->file[0]) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        ogas_error_at(err, rc, dir, 0, 0, "%s", msg);
    }
done:
    ogas_csr_free(&F);
    if (rc) ogas_plan_problem_free(p);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------
 * Writing */

/* Writes a one-column CSV file: header, then names[0..count), each quoted when the reader would
 * otherwise not read it back as it is (empty, blank, or holding a separator, quote or line end). */
static ogas_status write_names(const char *path, const char *header, char *const *names, int64_t count, ogas_error *err)
{
    ogas_out o;
    ogas_status rc = ogas_out_open(&o, path, err);
    if (rc) return rc;
    fprintf(o.fp, "%s\n", header);
    for (int64_t k = 0; k < count; k++) {
        const char *s = names[k];
        size_t len = strlen(s), a = 0;
        while (a < len && (s[a] == ' ' || s[a] == '\t')) a++;
        if (a == len || strpbrk(s, ",\"\r\n")) {
            fputc('"', o.fp);
            for (; *s; s++) {
                if (*s == '"') fputc('"', o.fp);
                fputc(*s, o.fp);
            }
            fputc('"', o.fp);
        } else {
            fputs(s, o.fp);
        }
        fputc('\n', o.fp);
    }
    return ogas_out_close(&o, 1, err);
}

/* Removes the file at path if there is one. */
static ogas_status remove_stale(const char *path, ogas_error *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot remove the file of an earlier problem: %s", strerror(errno));
    return OGAS_OK;
}

/* Writes p into folder dir (created if missing). */
ogas_status ogas_plan_write_native(const char *dir, const ogas_plan_problem *p, ogas_error *err)
{
    char path[NATIVE_PATH];
    ogas_csr Tg = {0};
    double *lag = NULL;
    ogas_out o;
    ogas_status rc;

    if (!dir) return ogas_error_set(err, OGAS_EARG, "no folder given");
    rc = ogas_plan_problem_check(p, err);
    if (rc) return rc;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot create folder: %s", strerror(errno));

    if ((rc = join_path(dir, "codes.csv", path, err))) goto done;
    rc = p->codes ? write_names(path, "code", p->codes, p->n, err) : remove_stale(path, err);
    if (rc) goto done;
    if ((rc = join_path(dir, "techniques.csv", path, err))) goto done;
    rc = p->tech_names ? write_names(path, "technique", p->tech_names, p->m, err) : remove_stale(path, err);
    if (rc) goto done;
    if ((rc = join_path(dir, "output.mtx", path, err)) ||
        (rc = ogas_mtx_write(path, &p->output, "output: product (row) made per unit intensity of technique (column)", err)))
        goto done;
    if ((rc = join_path(dir, "input.mtx", path, err)) ||
        (rc = ogas_mtx_write(path, &p->input, "input: product (row) used up per unit intensity of technique (column)", err)))
        goto done;
    if ((rc = join_path(dir, "capital.mtx", path, err)) ||
        (rc = ogas_mtx_write(path, &p->capital,
                             "capital: stock of product (row) that technique (column) needs per unit intensity", err)))
        goto done;
    if ((rc = join_path(dir, "stock0.mtx", path, err)) ||
        (rc = ogas_mtx_write(path, &p->stock0, "stock installed at the start of year 1, on capital.mtx's cells", err)))
        goto done;
    if ((rc = join_path(dir, "dep.mtx", path, err)) ||
        (rc = ogas_mtx_write(path, &p->dep, "share of the stock that wears out each year, on capital.mtx's cells", err)))
        goto done;
    if ((rc = join_path(dir, "labour.mtx", path, err)) ||
        (rc = ogas_mtx_write_vector(path, p->m, p->labour, "labour per unit intensity of each technique", err)))
        goto done;
    if ((rc = join_path(dir, "labour_supply.mtx", path, err)) ||
        (rc = ogas_mtx_write_vector(path, p->T, p->labour_supply, "labour available in each year", err)))
        goto done;
    if ((rc = join_path(dir, "target.mtx", path, err)) || (rc = ogas_csr_from_dense(p->T, p->n, p->target, &Tg, err)) ||
        (rc = ogas_mtx_write(path, &Tg, "target net final output: year (row), product (column); no entry = no target", err)))
        goto done;
    if ((rc = join_path(dir, "lag.mtx", path, err))) goto done;
    if (p->lag) {
        lag = ogas_mallocarray((size_t)p->n, sizeof *lag);
        if (!lag) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld lags", (long long)p->n);
            goto done;
        }
        for (int64_t i = 0; i < p->n; i++) lag[i] = p->lag[i];
        rc = ogas_mtx_write_vector(path, p->n, lag, "years from investing in each product to using it", err);
    } else {
        rc = remove_stale(path, err);
    }
    if (rc) goto done;
    /* The manifest last: a folder with a manifest is complete. */
    if ((rc = join_path(dir, "manifest.txt", path, err)) || (rc = ogas_out_open(&o, path, err))) goto done;
    fprintf(o.fp,
            "# ogas plan problem (docs/formats.md)\n"
            "format = ogas-plan 1\n"
            "products = %lld\n"
            "techniques = %lld\n"
            "years = %d\n",
            (long long)p->n, (long long)p->m, p->T);
    rc = ogas_out_close(&o, 1, err);
done:
    ogas_csr_free(&Tg);
    ogas_free(lag);
    return rc;
}

/* p := the plan problem in folder dir, in whichever format it holds. */
ogas_status ogas_plan_read(const char *dir, ogas_plan_problem *p, ogas_error *err)
{
    char path[NATIVE_PATH];
    struct stat st;
    ogas_status rc;
    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem to read into");
    memset(p, 0, sizeof *p);
    if (!dir) return ogas_error_set(err, OGAS_EARG, "no folder given");
    if (stat(dir, &st) != 0) return ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot open folder: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return ogas_error_at(err, OGAS_EINVAL, dir, 0, 0,
                             "not a folder (a plan problem is a folder holding flows.csv or manifest.txt)");
    if ((rc = join_path(dir, "flows.csv", path, err))) return rc;
    if (path_exists(path)) return ogas_plan_read_peer(dir, p, err);
    if ((rc = join_path(dir, "manifest.txt", path, err))) return rc;
    if (path_exists(path)) return ogas_plan_read_native(dir, p, err);
    return ogas_error_at(err, OGAS_EINVAL, dir, 0, 0,
                         "the folder holds neither flows.csv (the peer planner's format) nor manifest.txt (ogas's native "
                         "format)");
}
