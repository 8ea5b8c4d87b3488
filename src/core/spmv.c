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

/* Row r of A times x. Four independent accumulators break the chain of dependent additions, which
 * otherwise limits a core to one nonzero per floating-point latency; the order of summation is fixed,
 * so the result is the same for any thread count. */
static inline double row_dot(const int64_t *restrict p, const int32_t *restrict j, const double *restrict v,
                             const double *restrict x, int64_t r)
{
    int64_t k = p[r], end = p[r + 1];
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (; k + 3 < end; k += 4) {
        s0 += v[k] * x[j[k]];
        s1 += v[k + 1] * x[j[k + 1]];
        s2 += v[k + 2] * x[j[k + 2]];
        s3 += v[k + 3] * x[j[k + 3]];
    }
    for (; k < end; k++) s0 += v[k] * x[j[k]];
    return (s0 + s1) + (s2 + s3);
}

/* y[lo..hi) = A[lo..hi, :] x (+ b) */
static void spmv_rows(const ogas_csr *A, const double *x, const double *b, double *y, int64_t lo, int64_t hi)
{
    const int64_t *p = A->p;
    const int32_t *j = A->j;
    const double *v = A->x;
    if (b)
        for (int64_t r = lo; r < hi; r++) y[r] = b[r] + row_dot(p, j, v, x, r);
    else
        for (int64_t r = lo; r < hi; r++) y[r] = row_dot(p, j, v, x, r);
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
    if (b)
        for (int64_t r = lo; r < hi; r++) y[r] = b[r] - x[r] + row_dot(p, j, v, x, r);
    else
        for (int64_t r = lo; r < hi; r++) y[r] = x[r] - row_dot(p, j, v, x, r);
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
