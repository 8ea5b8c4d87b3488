/* mtx.c: Matrix Market files (NIST, "The Matrix Market Exchange Formats", Boisvert, Pozo, Remington 1996).
 *
 * Read: "%%MatrixMarket matrix coordinate (real|integer) general" and "matrix array (real|integer)
 * general". Coordinate entries are 1-based "i j value"; when the rows come in order (as ogas writes
 * them) the compressed rows are built in place from the entries read, so a 2*10^8-entry economy needs
 * 16 bytes per entry at the peak; otherwise they are sorted by a counting sort. */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "lines.h"
#include "ogas/core.h"
#include "ogas/formats.h"

typedef struct tok {
    const char *s;
    size_t n;
    long col;
} tok;

/* Splits line s[0..n) at blanks into at most max tokens; returns how many there were (up to max + 1
 * to signal "too many"). */
static int split(const char *s, size_t n, tok *t, int max)
{
    int k = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i == n) break;
        size_t start = i;
        if (k == max) return max + 1;
        while (i < n && s[i] != ' ' && s[i] != '\t') i++;
        t[k].s = s + start;
        t[k].n = i - start;
        t[k].col = (long)start + 1;
        k++;
    }
    return k;
}

static int is_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

static int word_is(const tok *t, const char *w)
{
    return t->n == strlen(w) && strncasecmp(t->s, w, t->n) == 0;
}

typedef ogas_mtx_header mtx_header;

/* Reads the banner, comments and size line. */
static ogas_status read_header(line_reader *r, mtx_header *h, ogas_error *err)
{
    const char *s;
    size_t n;
    tok t[6];
    int k, got = lines_next(r, &s, &n, err);
    if (got < 0) return err ? err->code : OGAS_EIO;
    if (got == 0) return ogas_error_at(err, OGAS_EINVAL, r->name, 1, 1, "empty file (expected a %%%%MatrixMarket banner)");
    k = split(s, n, t, 5);
    if (k != 5 || !word_is(&t[0], "%%MatrixMarket") || !word_is(&t[1], "matrix"))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, 1,
                             "expected the banner '%%%%MatrixMarket matrix coordinate real general'");
    if (word_is(&t[2], "coordinate")) h->array = 0;
    else if (word_is(&t[2], "array")) h->array = 1;
    else return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, t[2].col, "expected 'coordinate' or 'array'");
    if (!word_is(&t[3], "real") && !word_is(&t[3], "integer") && !word_is(&t[3], "double"))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, t[3].col,
                             "expected field type 'real' or 'integer' (pattern and complex hold no economy)");
    if (!word_is(&t[4], "general"))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, t[4].col,
                             "expected symmetry 'general' (an economy's matrix is not symmetric)");
    for (;;) {
        got = lines_next(r, &s, &n, err);
        if (got < 0) return err ? err->code : OGAS_EIO;
        if (got == 0) return ogas_error_at(err, OGAS_EINVAL, r->name, r->line + 1, 1, "expected the size line, found the end of the file");
        if (n > 0 && s[0] == '%') continue;
        if (is_blank_line(s, n)) continue;
        break;
    }
    k = split(s, n, t, 3);
    if (k != (h->array ? 2 : 3))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, 1, "expected the size line '%s'",
                             h->array ? "rows columns" : "rows columns entries");
    if (!ogas_parse_int64(t[0].s, t[0].n, 0, OGAS_MAX_DIM, &h->m))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, t[0].col, "expected a row count from 0 to %lld", OGAS_MAX_DIM);
    if (!ogas_parse_int64(t[1].s, t[1].n, 0, OGAS_MAX_DIM, &h->n))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, t[1].col, "expected a column count from 0 to %lld",
                             OGAS_MAX_DIM);
    if (h->array) {
        if (h->n > 0 && h->m > INT64_MAX / 16 / h->n)
            return ogas_error_at(err, OGAS_ETOOBIG, r->name, r->line, 1, "array of %lld x %lld is too large",
                                 (long long)h->m, (long long)h->n);
        h->nnz = h->m * h->n;
    } else if (!ogas_parse_int64(t[2].s, t[2].n, 0, INT64_MAX / 32, &h->nnz)) {
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, t[2].col, "expected a count of entries");
    }
    return OGAS_OK;
}

/* Next data line (comments and blank lines skipped); returns 1, 0 at end, -1 on error. */
static int next_data(line_reader *r, const char **s, size_t *n, ogas_error *err)
{
    int got;
    while ((got = lines_next(r, s, n, err)) == 1)
        if (!(*n > 0 && (*s)[0] == '%') && !is_blank_line(*s, *n)) return 1;
    return got;
}

/* *v := the number in token t of line `line` of file name, or an error naming the token. */
static ogas_status parse_value(const char *name, long line, const tok *t, double *v, ogas_error *err)
{
    if (ogas_parse_double(t->s, t->n, v)) return OGAS_OK;
    {
        char shown[40];
        size_t k = t->n < 32 ? t->n : 32;
        memcpy(shown, t->s, k);
        shown[k] = '\0';
        for (size_t i = 0; i < k; i++)
            if (!isprint((unsigned char)shown[i])) shown[i] = '?';
        return ogas_error_at(err, OGAS_EINVAL, name, line, t->col, "expected a finite number, found '%s'", shown);
    }
}

/* Entry on data line s[0..n) (line `line` of file name) of a file with header h: coordinate files give
 * *i, *j (1-based, checked against the size) and *v; array files *v alone. */
static ogas_status parse_entry(const mtx_header *h, const char *name, long line, const char *s, size_t n, int64_t *i,
                               int64_t *j, double *v, ogas_error *err)
{
    tok t[4];
    if (h->array) {
        if (split(s, n, t, 1) != 1) return ogas_error_at(err, OGAS_EINVAL, name, line, 1, "expected one value per line");
        *i = *j = 0;
        return parse_value(name, line, &t[0], v, err);
    }
    if (split(s, n, t, 3) != 3) return ogas_error_at(err, OGAS_EINVAL, name, line, 1, "expected an entry 'row column value'");
    if (!ogas_parse_int64(t[0].s, t[0].n, 1, h->m, i))
        return ogas_error_at(err, OGAS_EINVAL, name, line, t[0].col, "expected a row index from 1 to %lld", (long long)h->m);
    if (!ogas_parse_int64(t[1].s, t[1].n, 1, h->n, j))
        return ogas_error_at(err, OGAS_EINVAL, name, line, t[1].col, "expected a column index from 1 to %lld",
                             (long long)h->n);
    return parse_value(name, line, &t[2], v, err);
}

/* Checks the size line of h against the size of the input (r->total bytes, 0 when unknown): a size line
 * that promises more than the input can hold is refused before anything is allocated. An entry takes at
 * least 6 bytes ("1 1 1\n"), an array value 2; empty rows cost only their row pointer, allowed up to 16
 * times the input plus 1 GiB. */
static ogas_status check_size(const line_reader *r, const mtx_header *h, ogas_error *err)
{
    double bytes = (double)r->total;
    if (!r->total) return OGAS_OK;
    if ((double)h->nnz > bytes / (h->array ? 2.0 : 6.0))
        return ogas_error_at(err, OGAS_EINVAL, r->name, r->line, 1,
                             "the size line announces %lld %s, more than a file of %.0f bytes can hold",
                             (long long)h->nnz, h->array ? "values" : "entries", bytes);
    if (8.0 * ((double)h->m + 1) > 16.0 * bytes + 1073741824.0 ||
        (h->array && 8.0 * ((double)h->n + 1) > 16.0 * bytes + 1073741824.0))
        return ogas_error_at(err, OGAS_ETOOBIG, r->name, r->line, 1,
                             "a %lld x %lld matrix in a file of %.0f bytes: too many empty rows or columns to store",
                             (long long)h->m, (long long)h->n, bytes);
    return OGAS_OK;
}

/* A := matrix read from r. */
static ogas_status read_matrix(line_reader *r, ogas_csr *A, ogas_error *err)
{
    mtx_header h = {0};
    int32_t *ri = NULL;
    ogas_status rc;
    int sorted = 1;
    int64_t k = 0;

    memset(A, 0, sizeof *A);
    rc = read_header(r, &h, err);
    if (rc) return rc;
    rc = check_size(r, &h, err);
    if (rc) return rc;
    if (h.array) {
        /* Dense column-major values, one per line. */
        double *a = ogas_mallocarray((size_t)(h.nnz ? h.nnz : 1), sizeof *a);
        if (!a) return ogas_error_at(err, OGAS_ENOMEM, r->name, r->line, 0, "out of memory for %lld values", (long long)h.nnz);
        for (k = 0; k < h.nnz; k++) {
            const char *s;
            size_t n;
            int64_t i0, j0;
            int got = next_data(r, &s, &n, err);
            if (got < 0) {
                rc = err ? err->code : OGAS_EIO;
                break;
            }
            if (got == 0) {
                rc = ogas_error_at(err, OGAS_EINVAL, r->name, r->line + 1, 1,
                                   "expected %lld values, found the end of the file after %lld", (long long)h.nnz,
                                   (long long)k);
                break;
            }
            rc = parse_entry(&h, r->name, r->line, s, n, &i0, &j0, &a[(k % h.m) * h.n + k / h.m], err);
            if (rc) break;
        }
        if (!rc) {
            const char *s;
            size_t n;
            int got = next_data(r, &s, &n, err);
            if (got > 0) rc = ogas_error_at(err, OGAS_EINVAL, r->name, r->line, 1, "more values than the %lld the size line announced", (long long)h.nnz);
            else if (got < 0) rc = err ? err->code : OGAS_EIO;
        }
        if (!rc) rc = ogas_csr_from_dense(h.m, h.n, a, A, err);
        ogas_free(a);
        return rc;
    }
    /* Coordinate: entries into (row, column, value) arrays; CSR built afterwards. */
    A->m = h.m;
    A->n = h.n;
    A->p = ogas_calloc((size_t)h.m + 1, sizeof *A->p);
    A->j = ogas_mallocarray((size_t)(h.nnz ? h.nnz : 1), sizeof *A->j);
    A->x = ogas_mallocarray((size_t)(h.nnz ? h.nnz : 1), sizeof *A->x);
    ri = ogas_mallocarray((size_t)(h.nnz ? h.nnz : 1), sizeof *ri);
    if (!A->p || !A->j || !A->x || !ri) {
        rc = ogas_error_at(err, OGAS_ENOMEM, r->name, r->line, 0, "out of memory for %lld entries", (long long)h.nnz);
        goto done;
    }
    for (k = 0; k < h.nnz; k++) {
        const char *s;
        size_t n;
        int64_t i, j;
        int got = next_data(r, &s, &n, err);
        if (got < 0) {
            rc = err ? err->code : OGAS_EIO;
            goto done;
        }
        if (got == 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, r->name, r->line + 1, 1,
                               "expected %lld entries, found the end of the file after %lld", (long long)h.nnz,
                               (long long)k);
            goto done;
        }
        rc = parse_entry(&h, r->name, r->line, s, n, &i, &j, &A->x[k], err);
        if (rc) goto done;
        ri[k] = (int32_t)(i - 1);
        A->j[k] = (int32_t)(j - 1);
        if (k > 0 && ri[k] < ri[k - 1]) sorted = 0;
        A->p[i]++;
    }
    {
        const char *s;
        size_t n;
        int got = next_data(r, &s, &n, err);
        if (got > 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, r->name, r->line, 1, "more entries than the %lld the size line announced",
                               (long long)h.nnz);
            goto done;
        }
        if (got < 0) {
            rc = err ? err->code : OGAS_EIO;
            goto done;
        }
    }
    for (int64_t q = 0; q < h.m; q++) A->p[q + 1] += A->p[q];
    if (!sorted) {
        /* Entries out of row order: go through a triplet and compress. */
        ogas_triplet T = {A->m, A->n, h.nnz, h.nnz ? h.nnz : 1, ri, A->j, A->x};
        ogas_csr C;
        rc = ogas_csr_from_triplet(&T, &C, err);
        if (rc) goto done;
        ogas_csr_free(A);
        *A = C;
        goto done;
    }
    /* Rows in order: sort columns within each row (insertion sort; rows are short), sum duplicates. */
    {
        int64_t q = 0;
        for (int64_t row = 0; row < h.m; row++) {
            int64_t a = A->p[row], b = A->p[row + 1];
            for (int64_t u = a + 1; u < b; u++) {
                int32_t jj = A->j[u];
                double xx = A->x[u];
                int64_t v = u;
                while (v > a && A->j[v - 1] > jj) {
                    A->j[v] = A->j[v - 1];
                    A->x[v] = A->x[v - 1];
                    v--;
                }
                A->j[v] = jj;
                A->x[v] = xx;
            }
            A->p[row] = q;
            for (int64_t u = a; u < b; u++) {
                if (q > A->p[row] && A->j[q - 1] == A->j[u]) {
                    A->x[q - 1] += A->x[u];
                    if (!isfinite(A->x[q - 1])) {
                        rc = ogas_error_at(err, OGAS_EINVAL, r->name, 0, 0,
                                           "duplicate entries (%lld, %d) sum beyond the range of double precision",
                                           (long long)row + 1, A->j[u] + 1);
                        goto done;
                    }
                } else {
                    A->j[q] = A->j[u];
                    A->x[q] = A->x[u];
                    q++;
                }
            }
        }
        A->p[h.m] = q;
    }
done:
    ogas_free(ri);
    if (rc) ogas_csr_free(A);
    return rc;
}

/* A := Matrix Market file at path. */
ogas_status ogas_mtx_read(const char *path, ogas_csr *A, ogas_error *err)
{
    line_reader r;
    ogas_status rc = lines_open(&r, path, err);
    if (rc) {
        memset(A, 0, sizeof *A);
        return rc;
    }
    rc = read_matrix(&r, A, err);
    lines_close(&r);
    return rc;
}

/* A := Matrix Market text in memory. */
ogas_status ogas_mtx_parse(const char *name, const char *data, size_t len, ogas_csr *A, ogas_error *err)
{
    line_reader r;
    lines_open_mem(&r, name, data, len);
    return read_matrix(&r, A, err);
}

/* *x := vector file at path. */
ogas_status ogas_mtx_read_vector(const char *path, int64_t *n, double **x, ogas_error *err)
{
    ogas_csr A;
    ogas_status rc = ogas_mtx_read(path, &A, err);
    *x = NULL;
    *n = 0;
    if (rc) return rc;
    if (A.n != 1 && A.m != 1) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "expected a vector (n x 1 or 1 x n), found a %lld x %lld matrix",
                           (long long)A.m, (long long)A.n);
    } else {
        int64_t len = A.n == 1 ? A.m : A.n;
        *x = ogas_calloc((size_t)(len ? len : 1), sizeof **x);
        if (!*x) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        } else {
            for (int64_t row = 0; row < A.m; row++)
                for (int64_t k = A.p[row]; k < A.p[row + 1]; k++) (*x)[A.n == 1 ? row : A.j[k]] = A.x[k];
            *n = len;
        }
    }
    ogas_csr_free(&A);
    return rc;
}

/* *h := banner and size line of the Matrix Market file at path, and where its entries begin. */
ogas_status ogas_mtx_read_header(const char *path, ogas_mtx_header *h, ogas_error *err)
{
    line_reader r;
    ogas_status rc = lines_open(&r, path, err);
    memset(h, 0, sizeof *h);
    if (rc) return rc;
    rc = read_header(&r, h, err);
    if (!rc) rc = check_size(&r, h, err);
    if (!rc) {
        off_t at = ftello(r.fp);
        if (at < 0) rc = ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot tell the position in the file");
        h->data_offset = (int64_t)at - (int64_t)(r.len - r.pos);
        h->data_line = r.line;
        h->bytes = (int64_t)r.total;
    }
    lines_close(&r);
    return rc;
}

/* Entry on line s[0..len) of a file with header h: 1 (entry), 0 (comment or blank), -1 (error). */
int ogas_mtx_parse_entry(const ogas_mtx_header *h, const char *name, long line, const char *s, size_t len, int64_t *i,
                         int64_t *j, double *v, ogas_error *err)
{
    if ((len > 0 && s[0] == '%') || is_blank_line(s, len)) return 0;
    return parse_entry(h, name, line, s, len, i, j, v, err) ? -1 : 1;
}

static void write_comment(FILE *fp, const char *comment)
{
    while (comment && *comment) {
        const char *nl = strchr(comment, '\n');
        size_t k = nl ? (size_t)(nl - comment) : strlen(comment);
        fprintf(fp, "%% %.*s\n", (int)k, comment);
        comment += k + (nl != NULL);
    }
}

/* path := A in coordinate form. */
ogas_status ogas_mtx_write(const char *path, const ogas_csr *A, const char *comment, ogas_error *err)
{
    ogas_out o;
    char num[32];
    ogas_status rc = ogas_out_open(&o, path, err);
    if (rc) return rc;
    fputs("%%MatrixMarket matrix coordinate real general\n", o.fp);
    write_comment(o.fp, comment);
    fprintf(o.fp, "%lld %lld %lld\n", (long long)A->m, (long long)A->n, (long long)ogas_csr_nnz(A));
    for (int64_t r = 0; r < A->m; r++)
        for (int64_t k = A->p[r]; k < A->p[r + 1]; k++)
            fprintf(o.fp, "%lld %d %s\n", (long long)r + 1, A->j[k] + 1, ogas_format_double(num, A->x[k]));
    return ogas_out_close(&o, 1, err);
}

/* path := x as an n x 1 array. */
ogas_status ogas_mtx_write_vector(const char *path, int64_t n, const double *x, const char *comment, ogas_error *err)
{
    ogas_out o;
    char num[32];
    ogas_status rc = ogas_out_open(&o, path, err);
    if (rc) return rc;
    fputs("%%MatrixMarket matrix array real general\n", o.fp);
    write_comment(o.fp, comment);
    fprintf(o.fp, "%lld 1\n", (long long)n);
    for (int64_t k = 0; k < n; k++) {
        fputs(ogas_format_double(num, x[k]), o.fp);
        fputc('\n', o.fp);
    }
    return ogas_out_close(&o, 1, err);
}
