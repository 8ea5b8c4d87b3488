/* sparse.c: building, compressing, transposing and converting sparse matrices. */
#include "ogas/sparse.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "ogas/core.h"

/* T := empty m-by-n triplet with room for nzmax entries. */
ogas_status ogas_triplet_init(ogas_triplet *T, int64_t m, int64_t n, int64_t nzmax, ogas_error *err)
{
    memset(T, 0, sizeof *T);
    if (m < 0 || n < 0 || m > OGAS_MAX_DIM || n > OGAS_MAX_DIM || nzmax < 0)
        return ogas_error_set(err, OGAS_ETOOBIG, "matrix of %lld x %lld is beyond the supported size",
                              (long long)m, (long long)n);
    if (nzmax < 16) nzmax = 16;
    T->m = m;
    T->n = n;
    T->i = ogas_mallocarray((size_t)nzmax, sizeof *T->i);
    T->j = ogas_mallocarray((size_t)nzmax, sizeof *T->j);
    T->x = ogas_mallocarray((size_t)nzmax, sizeof *T->x);
    if (!T->i || !T->j || !T->x) {
        ogas_triplet_free(T);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld matrix entries", (long long)nzmax);
    }
    T->nzmax = nzmax;
    return OGAS_OK;
}

/* T := T with (i, j, x) appended. */
ogas_status ogas_triplet_push(ogas_triplet *T, int64_t i, int64_t j, double x, ogas_error *err)
{
    if (i < 0 || i >= T->m || j < 0 || j >= T->n)
        return ogas_error_set(err, OGAS_EARG, "entry (%lld, %lld) outside a %lld x %lld matrix", (long long)i,
                              (long long)j, (long long)T->m, (long long)T->n);
    if (T->nz == T->nzmax) {
        int64_t nmax = T->nzmax * 2;
        int32_t *ni = ogas_reallocarray(T->i, (size_t)nmax, sizeof *ni);
        if (ni) T->i = ni;
        int32_t *nj = ni ? ogas_reallocarray(T->j, (size_t)nmax, sizeof *nj) : NULL;
        if (nj) T->j = nj;
        double *nx = nj ? ogas_reallocarray(T->x, (size_t)nmax, sizeof *nx) : NULL;
        if (!nx) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld matrix entries", (long long)nmax);
        T->x = nx;
        T->nzmax = nmax;
    }
    T->i[T->nz] = (int32_t)i;
    T->j[T->nz] = (int32_t)j;
    T->x[T->nz] = x;
    T->nz++;
    return OGAS_OK;
}

/* Frees T. */
void ogas_triplet_free(ogas_triplet *T)
{
    if (!T) return;
    ogas_free(T->i);
    ogas_free(T->j);
    ogas_free(T->x);
    memset(T, 0, sizeof *T);
}

/* Frees A. */
void ogas_csr_free(ogas_csr *A)
{
    if (!A) return;
    ogas_free(A->p);
    ogas_free(A->j);
    ogas_free(A->x);
    memset(A, 0, sizeof *A);
}

/* nnz(A). */
int64_t ogas_csr_nnz(const ogas_csr *A)
{
    return A->p ? A->p[A->m] : 0;
}

static ogas_status csr_alloc(ogas_csr *C, int64_t m, int64_t n, int64_t nnz, ogas_error *err)
{
    memset(C, 0, sizeof *C);
    C->m = m;
    C->n = n;
    C->p = ogas_calloc((size_t)m + 1, sizeof *C->p);
    C->j = ogas_mallocarray((size_t)(nnz ? nnz : 1), sizeof *C->j);
    C->x = ogas_mallocarray((size_t)(nnz ? nnz : 1), sizeof *C->x);
    if (!C->p || !C->j || !C->x) {
        ogas_csr_free(C);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for a %lld x %lld matrix with %lld nonzeros",
                              (long long)m, (long long)n, (long long)nnz);
    }
    return OGAS_OK;
}

/* C := compress(T): counting sort by row, then by column within rows (via a transpose of the
 * transpose, both counting sorts), duplicates summed, exact zeros dropped. */
ogas_status ogas_csr_from_triplet(const ogas_triplet *T, ogas_csr *C, ogas_error *err)
{
    int64_t m = T->m, n = T->n, nz = T->nz, *cp = NULL, *w = NULL;
    int32_t *ci = NULL;
    double *cx = NULL;
    ogas_status rc = OGAS_OK;

    memset(C, 0, sizeof *C);
    /* Pass 1: bucket the entries by column (gives column-sorted order), stored as CSC arrays. */
    cp = ogas_calloc((size_t)n + 1, sizeof *cp);
    w = ogas_calloc((size_t)(m > n ? m : n) + 1, sizeof *w);
    ci = ogas_mallocarray((size_t)(nz ? nz : 1), sizeof *ci);
    cx = ogas_mallocarray((size_t)(nz ? nz : 1), sizeof *cx);
    if (!cp || !w || !ci || !cx) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory compressing %lld entries", (long long)nz);
        goto done;
    }
    for (int64_t k = 0; k < nz; k++) cp[T->j[k] + 1]++;
    for (int64_t c = 0; c < n; c++) cp[c + 1] += cp[c];
    memcpy(w, cp, (size_t)n * sizeof *w);
    for (int64_t k = 0; k < nz; k++) {
        int64_t q = w[T->j[k]]++;
        ci[q] = T->i[k];
        cx[q] = T->x[k];
    }
    /* Pass 2: bucket by row, visiting columns in order, so each row's columns come out sorted;
     * a duplicate (r, c) lands next to its twin and is summed. */
    rc = csr_alloc(C, m, n, nz, err);
    if (rc) goto done;
    memset(w, 0, (size_t)(m + 1) * sizeof *w);
    for (int64_t k = 0; k < nz; k++) C->p[ci[k] + 1]++;
    for (int64_t r = 0; r < m; r++) C->p[r + 1] += C->p[r];
    memcpy(w, C->p, (size_t)m * sizeof *w);
    for (int64_t c = 0; c < n; c++) {
        for (int64_t k = cp[c]; k < cp[c + 1]; k++) {
            int64_t r = ci[k];
            int64_t q = w[r];
            if (q > C->p[r] && C->j[q - 1] == (int32_t)c) {
                C->x[q - 1] += cx[k];
                if (!isfinite(C->x[q - 1])) {
                    rc = ogas_error_set(err, OGAS_EINVAL,
                                        "duplicate entries (%lld, %lld) sum beyond the range of double precision",
                                        (long long)r + 1, (long long)c + 1);
                    ogas_csr_free(C);
                    goto done;
                }
            } else {
                C->j[q] = (int32_t)c;
                C->x[q] = cx[k];
                w[r]++;
            }
        }
    }
    /* Pass 3: squeeze out the gaps left by duplicates and the entries that are exactly zero. */
    {
        int64_t q = 0;
        for (int64_t r = 0; r < m; r++) {
            int64_t start = C->p[r];
            C->p[r] = q;
            for (int64_t k = start; k < w[r]; k++) {
                if (C->x[k] == 0.0) continue;
                C->j[q] = C->j[k];
                C->x[q] = C->x[k];
                q++;
            }
        }
        C->p[m] = q;
    }
done:
    ogas_free(cp);
    ogas_free(w);
    ogas_free(ci);
    ogas_free(cx);
    return rc;
}

/* C := A' by a counting sort on columns (rows of C come out with sorted columns). Large matrices are
 * sorted by all threads: thread t counts the columns of its block of rows, the counts are turned into
 * each thread's starting place within each column, and every thread then places its own entries; blocks
 * go in row order, so the result is the same as the serial sort. */
ogas_status ogas_csr_transpose(const ogas_csr *A, ogas_csr *C, ogas_error *err)
{
    int64_t nnz = ogas_csr_nnz(A), n = A->n, *w;
    int nt = nnz < 1000000 ? 1 : omp_get_max_threads();
    ogas_status rc = csr_alloc(C, A->n, A->m, nnz, err);
    if (rc) return rc;
    w = ogas_calloc((size_t)nt * (size_t)n + 1, sizeof *w);
    if (!w) {
        ogas_csr_free(C);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory transposing a matrix");
    }
#pragma omp parallel num_threads(nt)
    {
        int t = omp_get_thread_num();
        int64_t lo = A->m * t / nt, hi = A->m * (t + 1) / nt, *mine = w + (size_t)t * (size_t)n;
        for (int64_t k = A->p[lo]; k < A->p[hi]; k++) mine[A->j[k]]++;
#pragma omp barrier
#pragma omp single
        {
            /* w[t][c] := first slot of thread t's entries in column c */
            int64_t at = 0;
            for (int64_t c = 0; c < n; c++) {
                C->p[c] = at;
                for (int q = 0; q < nt; q++) {
                    int64_t cnt = w[(size_t)q * (size_t)n + c];
                    w[(size_t)q * (size_t)n + c] = at;
                    at += cnt;
                }
            }
            C->p[n] = at;
        }
        for (int64_t r = lo; r < hi; r++) {
            for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) {
                int64_t q = mine[A->j[k]]++;
                C->j[q] = (int32_t)r;
                C->x[q] = A->x[k];
            }
        }
    }
    ogas_free(w);
    return OGAS_OK;
}

/* C := A. */
ogas_status ogas_csr_copy(const ogas_csr *A, ogas_csr *C, ogas_error *err)
{
    int64_t nnz = ogas_csr_nnz(A);
    ogas_status rc = csr_alloc(C, A->m, A->n, nnz, err);
    if (rc) return rc;
    memcpy(C->p, A->p, (size_t)(A->m + 1) * sizeof *C->p);
    memcpy(C->j, A->j, (size_t)nnz * sizeof *C->j);
    memcpy(C->x, A->x, (size_t)nnz * sizeof *C->x);
    return OGAS_OK;
}

/* s := 1'A, or 1'|A| when absval. Large matrices: each thread sums its block of rows into its own
 * buffer, and the buffers are added in order (serially when the buffers cannot be had). */
static void colsums(const ogas_csr *A, double *s, int absval)
{
    int64_t n = A->n, nnz = ogas_csr_nnz(A);
    int nt = nnz < 1000000 ? 1 : omp_get_max_threads();
    double *w = nt > 1 ? ogas_mallocarray((size_t)nt * (size_t)n, sizeof *w) : NULL;
    if (!w) nt = 1;
#pragma omp parallel num_threads(nt)
    {
        int t = omp_get_thread_num();
        int64_t lo = A->m * t / nt, hi = A->m * (t + 1) / nt;
        double *mine = nt > 1 ? w + (size_t)t * (size_t)n : s;
        memset(mine, 0, (size_t)n * sizeof *mine);
        for (int64_t k = A->p[lo]; k < A->p[hi]; k++) mine[A->j[k]] += absval ? fabs(A->x[k]) : A->x[k];
        if (nt > 1) {
#pragma omp barrier
#pragma omp for schedule(static)
            for (int64_t c = 0; c < n; c++) {
                double sum = 0.0;
                for (int q = 0; q < nt; q++) sum += w[(size_t)q * (size_t)n + c];
                s[c] = sum;
            }
        }
    }
    ogas_free(w);
}

/* s := 1'A. */
void ogas_csr_colsums(const ogas_csr *A, double *s)
{
    colsums(A, s, 0);
}

/* s := 1'|A|. */
void ogas_csr_abs_colsums(const ogas_csr *A, double *s)
{
    colsums(A, s, 1);
}

/* A := A diag(d). */
void ogas_csr_scale_cols(ogas_csr *A, const double *d)
{
    int64_t nnz = ogas_csr_nnz(A);
#pragma omp parallel for schedule(static) if (nnz > 100000)
    for (int64_t k = 0; k < nnz; k++) A->x[k] *= d[A->j[k]];
}

/* D := dense(A). */
ogas_status ogas_csr_to_dense(const ogas_csr *A, ogas_dense *D, ogas_error *err)
{
    ogas_status rc = ogas_dense_init(D, A->m, A->n, err);
    if (rc) return rc;
    for (int64_t r = 0; r < A->m; r++)
        for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) D->x[r * A->n + A->j[k]] += A->x[k];
    return OGAS_OK;
}

/* C := sparse(a), a dense m-by-n row-major array. */
ogas_status ogas_csr_from_dense(int64_t m, int64_t n, const double *a, ogas_csr *C, ogas_error *err)
{
    int64_t nnz = 0, q = 0;
    ogas_status rc;
    for (int64_t k = 0; k < m * n; k++) nnz += a[k] != 0.0;
    rc = csr_alloc(C, m, n, nnz, err);
    if (rc) return rc;
    for (int64_t r = 0; r < m; r++) {
        for (int64_t c = 0; c < n; c++) {
            double v = a[r * n + c];
            if (v == 0.0) continue;
            C->j[q] = (int32_t)c;
            C->x[q++] = v;
        }
        C->p[r + 1] = q;
    }
    return OGAS_OK;
}

/* D := zeros(m, n). */
ogas_status ogas_dense_init(ogas_dense *D, int64_t m, int64_t n, ogas_error *err)
{
    memset(D, 0, sizeof *D);
    if (m < 0 || n < 0 || (n > 0 && m > INT64_MAX / 8 / n))
        return ogas_error_set(err, OGAS_ETOOBIG, "dense matrix of %lld x %lld is too large", (long long)m,
                              (long long)n);
    D->x = ogas_calloc((size_t)(m * n > 0 ? m * n : 1), sizeof *D->x);
    if (!D->x)
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for a dense %lld x %lld matrix (%.1f GB)",
                              (long long)m, (long long)n, 8e-9 * (double)m * (double)n);
    D->m = m;
    D->n = n;
    return OGAS_OK;
}

/* Frees D. */
void ogas_dense_free(ogas_dense *D)
{
    if (!D) return;
    ogas_free(D->x);
    memset(D, 0, sizeof *D);
}
