/* spmv.c: sparse matrix-vector products, the kernel every iterative solver spends its time in.
 *
 * One kernel computes y = [b] + xi x + sigma M x, where M is A (rows gathered) or A' (rows of A
 * scattered), so the forms the solvers need (A x + b, (I - A) x, b - (I - A) x) each take one pass.
 *
 * Gather (M = A): rows are split among threads so that each gets about the same number of nonzeros
 * (power-law economies have a few rows, energy and steel, with an entry in nearly every column), by
 * binary search on the row pointers. Each row is summed with two independent accumulators in a fixed
 * order, and the x entries needed 128 nonzeros ahead are prefetched: the gathers of a large economy miss
 * the caches, and without prefetching a core waits on them one after another.
 *
 * Scatter (M = A'): row r of A adds x_r a_rc to y_c. Each thread scatters its share of rows into its own
 * buffer, then the buffers are added in thread order, with b and xi x, in one pass over y. In an economy
 * whose rows of A are industries' inputs (that is, A' stored by rows), the scattered entries fall on the
 * few popular inputs and on neighbours, which stay in cache.
 *
 * ogas_csr_gaxpy_map (scatter_map.c) scatters through a map that keeps the popular products together and
 * collects the far entries by range. */
#include <omp.h>
#include <stddef.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/sparse.h"
#include "spmv.h"

/* First row r with A->p[r] >= target (binary search on the row pointers). */
int64_t ogas_csr_row_at(const ogas_csr *A, int64_t target)
{
    const int64_t *p = A->p;
    int64_t lo = 0, hi = A->m;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (p[mid] < target) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Rows [lo, hi) of part t when nt parts split the nonzeros of A evenly. */
void spmv__share(const ogas_csr *A, int t, int nt, int64_t *lo, int64_t *hi)
{
    int64_t nnz = A->p[A->m];
    *lo = t == 0 ? 0 : ogas_csr_row_at(A, nnz / nt * t);
    *hi = t == nt - 1 ? A->m : ogas_csr_row_at(A, nnz / nt * (t + 1));
}

/* y[lo..hi) = [b] + xi x + sigma A x, gathering x. */
static void gather_rows(const ogas_csr *A, const double *restrict x, const double *restrict b, double xi, double sigma,
                        double *restrict y, int64_t lo, int64_t hi)
{
    const int64_t *restrict p = A->p;
    const int32_t *restrict j = A->j;
    const double *restrict v = A->x;
    /* prefetch while k + SPMV_PREFETCH + 1 stays in this share, and only when the matrix is beyond the caches */
    int64_t stop = p[A->m] >= SPMV_PREFETCH_FROM ? p[hi] - SPMV_PREFETCH - 1 : p[lo];
    for (int64_t r = lo; r < hi; r++) {
        int64_t k = p[r], end = p[r + 1];
        double s0 = 0.0, s1 = 0.0;
        for (; k + 1 < end; k += 2) {
            if (k < stop) {
                __builtin_prefetch(&x[j[k + SPMV_PREFETCH]]);
                __builtin_prefetch(&x[j[k + SPMV_PREFETCH + 1]]);
            }
            s0 += v[k] * x[j[k]];
            s1 += v[k + 1] * x[j[k + 1]];
        }
        if (k < end) s0 += v[k] * x[j[k]];
        y[r] = spmv__finish(s0 + s1, sigma, xi, x, b, r);
    }
}

/* buf[j] += A[lo..hi, :]' x[lo..hi), scattering by the column indices j (A's own or mapped). */
void spmv__scatter_rows(const ogas_csr *A, const int32_t *restrict j, const double *restrict x, double *restrict buf,
                         int64_t lo, int64_t hi)
{
    const int64_t *restrict p = A->p;
    const double *restrict v = A->x;
    int64_t stop = p[A->m] >= SPMV_PREFETCH_FROM ? p[hi] - SPMV_PREFETCH : p[lo];
    for (int64_t r = lo; r < hi; r++) {
        double xr = x[r];
        for (int64_t k = p[r]; k < p[r + 1]; k++) {
            if (k < stop) __builtin_prefetch(&buf[j[k + SPMV_PREFETCH]], 1);
            buf[j[k]] += v[k] * xr;
        }
    }
}

/* y = [b] + xi x + sigma A' x, scattering the rows of A into the buffers in work: one per thread, or the
 * first alone when serial. Without work y itself is the buffer. */
static void scatter(const ogas_csr *A, const double *x, const double *b, double xi, double sigma, double *y,
                    double *work, int serial)
{
    if (serial || !work) {
        double *acc = work ? work : y;
        memset(acc, 0, (size_t)A->n * sizeof *acc);
        spmv__scatter_rows(A, A->j, x, acc, 0, A->m);
        for (int64_t c = 0; c < A->n; c++) y[c] = spmv__finish(acc[c], sigma, xi, x, b, c);
        return;
    }
#pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int64_t lo, hi, n = A->n;
        double *mine = work + (size_t)t * (size_t)n;
        spmv__share(A, t, nt, &lo, &hi);
        memset(mine, 0, (size_t)n * sizeof *mine);
        spmv__scatter_rows(A, A->j, x, mine, lo, hi);
#pragma omp barrier
#pragma omp for schedule(static)
        for (int64_t c = 0; c < n; c++) {
            double s = 0.0;
            for (int q = 0; q < nt; q++) s += work[(size_t)q * (size_t)n + c];
            y[c] = spmv__finish(s, sigma, xi, x, b, c);
        }
    }
}

/* y = [b] + xi x + sigma op(A) x with op(A) = A, or A' when transposed (see the file comment). */
void ogas_csr_gaxpy(const ogas_csr *A, int transposed, const double *x, const double *b, double xi, double sigma,
                    double *y, double *work)
{
    int64_t nnz = A->p[A->m];
    int serial = nnz < SPMV_SERIAL || omp_get_max_threads() == 1;
    if (!transposed) {
        if (serial) {
            gather_rows(A, x, b, xi, sigma, y, 0, A->m);
            return;
        }
#pragma omp parallel
        {
            int64_t lo, hi;
            spmv__share(A, omp_get_thread_num(), omp_get_num_threads(), &lo, &hi);
            gather_rows(A, x, b, xi, sigma, y, lo, hi);
        }
        return;
    }
    scatter(A, x, b, xi, sigma, y, work, serial);
}

/* y = A*x */
void ogas_csr_spmv(const ogas_csr *A, const double *x, double *y)
{
    ogas_csr_gaxpy(A, 0, x, NULL, 0.0, 1.0, y, NULL);
}

/* y = A*x + b */
void ogas_csr_spmv_add(const ogas_csr *A, const double *x, const double *b, double *y)
{
    ogas_csr_gaxpy(A, 0, x, b, 0.0, 1.0, y, NULL);
}

/* y = (I - A) x */
void ogas_csr_leontief_apply(const ogas_csr *A, const double *x, double *y)
{
    ogas_csr_gaxpy(A, 0, x, NULL, 1.0, -1.0, y, NULL);
}

/* r = b - (I - A) x; returns ||r||_2 */
double ogas_csr_leontief_residual(const ogas_csr *A, const double *x, const double *b, double *r)
{
    ogas_csr_gaxpy(A, 0, x, b, -1.0, 1.0, r, NULL);
    return ogas_vec_norm2(A->m, r);
}
