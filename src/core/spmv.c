/* spmv.c: sparse matrix-vector products, the kernel every iterative solver spends its time in.
 *
 * Rows are split among threads so that each gets about the same number of
 * nonzeros (power-law economies have a few rows, energy and steel, with an
 * entry in nearly every column). The split is found by binary search on the
 * row pointers, a few dozen steps per thread per call. */
#include <omp.h>
#include <stddef.h>

#include "ogas/core.h"
#include "ogas/sparse.h"

#define SPMV_SERIAL 20000 /* nonzeros below which one thread does it all */

/* First row r with p[r] >= target (p nondecreasing, m + 1 entries). */
static int64_t row_at(const int64_t *p, int64_t m, int64_t target)
{
    int64_t lo = 0, hi = m;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (p[mid] < target) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* y[lo..hi) = A[lo..hi, :] x (+ b) */
static void spmv_rows(const ogas_csr *A, const double *x, const double *b, double *y, int64_t lo, int64_t hi)
{
    const int64_t *p = A->p;
    const int32_t *j = A->j;
    const double *v = A->x;
    for (int64_t r = lo; r < hi; r++) {
        double s = b ? b[r] : 0.0;
        for (int64_t k = p[r]; k < p[r + 1]; k++) s += v[k] * x[j[k]];
        y[r] = s;
    }
}

static void spmv(const ogas_csr *A, const double *x, const double *b, double *y)
{
    int64_t nnz = A->p[A->m];
    if (nnz < SPMV_SERIAL || omp_get_max_threads() == 1) {
        spmv_rows(A, x, b, y, 0, A->m);
        return;
    }
#pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int64_t lo = t == 0 ? 0 : row_at(A->p, A->m, nnz / nt * t);
        int64_t hi = t == nt - 1 ? A->m : row_at(A->p, A->m, nnz / nt * (t + 1));
        spmv_rows(A, x, b, y, lo, hi);
    }
}

/* y = A*x */
void ogas_csr_spmv(const ogas_csr *A, const double *x, double *y)
{
    spmv(A, x, NULL, y);
}

/* y = A*x + b */
void ogas_csr_spmv_add(const ogas_csr *A, const double *x, const double *b, double *y)
{
    spmv(A, x, b, y);
}

/* y[lo..hi) = x - A x, or b - x + A x when b is given (the residual of (I - A) x = b). */
static void leontief_rows(const ogas_csr *A, const double *x, const double *b, double *y, int64_t lo, int64_t hi)
{
    const int64_t *p = A->p;
    const int32_t *j = A->j;
    const double *v = A->x;
    for (int64_t r = lo; r < hi; r++) {
        double s = 0.0;
        for (int64_t k = p[r]; k < p[r + 1]; k++) s += v[k] * x[j[k]];
        y[r] = b ? b[r] - x[r] + s : x[r] - s;
    }
}

static void leontief(const ogas_csr *A, const double *x, const double *b, double *y)
{
    int64_t nnz = A->p[A->m];
    if (nnz < SPMV_SERIAL || omp_get_max_threads() == 1) {
        leontief_rows(A, x, b, y, 0, A->m);
        return;
    }
#pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int64_t lo = t == 0 ? 0 : row_at(A->p, A->m, nnz / nt * t);
        int64_t hi = t == nt - 1 ? A->m : row_at(A->p, A->m, nnz / nt * (t + 1));
        leontief_rows(A, x, b, y, lo, hi);
    }
}

/* y = (I - A) x */
void ogas_csr_leontief_apply(const ogas_csr *A, const double *x, double *y)
{
    leontief(A, x, NULL, y);
}

/* r = b - (I - A) x; returns ||r||_2 */
double ogas_csr_leontief_residual(const ogas_csr *A, const double *x, const double *b, double *r)
{
    leontief(A, x, b, r);
    return ogas_vec_norm2(A->m, r);
}
