/* vec.c: dense vector kernels, OpenMP-parallel above a size threshold.
 *
 * Reductions are deterministic whatever the thread count: the vector is cut
 * into fixed blocks of OGAS__BLOCK entries, each block is summed by the same
 * SIMD loop (partial sums in vector lanes, fixed by the compiled code), and the
 * block sums are added in order. The same program gives the same bits on one
 * thread or many. */
#include "ogas/core.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#define OGAS__BLOCK 4096
#define OGAS__PAR 32768 /* below this, one thread */

/* Number of OpenMP threads available. */
int ogas_threads(void)
{
    return omp_get_max_threads();
}

enum { RED_DOT, RED_SUM, RED_SQ };

/* Sum of one block [lo, hi) of the reduction kind. */
static double block_reduce(int kind, const double *x, const double *y, double scale, int64_t lo, int64_t hi)
{
    double s = 0.0;
    switch (kind) {
    case RED_DOT:
#pragma omp simd reduction(+ : s)
        for (int64_t i = lo; i < hi; i++) s += x[i] * y[i];
        break;
    case RED_SUM:
#pragma omp simd reduction(+ : s)
        for (int64_t i = lo; i < hi; i++) s += x[i];
        break;
    default:
#pragma omp simd reduction(+ : s)
        for (int64_t i = lo; i < hi; i++) {
            double v = x[i] * scale;
            s += v * v;
        }
    }
    return s;
}

/* Sum over fixed blocks, block sums added in order: the same bits for any thread count. */
static double blocked_reduce(int kind, int64_t n, const double *x, const double *y, double scale)
{
    int64_t nb = (n + OGAS__BLOCK - 1) / OGAS__BLOCK;
    double total = 0.0;
    for (int64_t b0 = 0; b0 < nb; b0 += 256) {
        int64_t nbb = nb - b0 < 256 ? nb - b0 : 256;
        double partial[256];
#pragma omp parallel for schedule(static) if (n > OGAS__PAR)
        for (int64_t b = 0; b < nbb; b++) {
            int64_t lo = (b0 + b) * OGAS__BLOCK, hi = lo + OGAS__BLOCK < n ? lo + OGAS__BLOCK : n;
            partial[b] = block_reduce(kind, x, y, scale, lo, hi);
        }
        for (int64_t b = 0; b < nbb; b++) total += partial[b];
    }
    return total;
}

/* x . y */
double ogas_vec_dot(int64_t n, const double *x, const double *y)
{
    return blocked_reduce(RED_DOT, n, x, y, 1.0);
}

/* sum of x */
double ogas_vec_sum(int64_t n, const double *x)
{
    return blocked_reduce(RED_SUM, n, x, NULL, 1.0);
}

/* ||x||_2: one pass; a second, scaled by max |x_i|, only when the sum of squares under- or overflows */
double ogas_vec_norm2(int64_t n, const double *x)
{
    double s = blocked_reduce(RED_SQ, n, x, NULL, 1.0), m;
    if (s > 1e-280 && s < 1e280) return sqrt(s);
    m = ogas_vec_norminf(n, x);
    if (m == 0.0 || !isfinite(m)) return m;
    return m * sqrt(blocked_reduce(RED_SQ, n, x, NULL, 1.0 / m));
}

/* max |x_i| (NaN if any entry is NaN) */
double ogas_vec_norminf(int64_t n, const double *x)
{
    double m = 0.0;
    int nan = 0;
#pragma omp parallel for schedule(static) reduction(max : m) reduction(| : nan) if (n > OGAS__PAR)
    for (int64_t i = 0; i < n; i++) {
        double v = fabs(x[i]);
        if (v > m) m = v;
        if (v != v) nan = 1;
    }
    return nan ? NAN : m;
}

/* y = a*x + y */
void ogas_vec_axpy(int64_t n, double a, const double *x, double *y)
{
#pragma omp parallel for schedule(static) if (n > OGAS__PAR)
    for (int64_t i = 0; i < n; i++) y[i] += a * x[i];
}

/* x = a*x */
void ogas_vec_scale(int64_t n, double a, double *x)
{
#pragma omp parallel for schedule(static) if (n > OGAS__PAR)
    for (int64_t i = 0; i < n; i++) x[i] *= a;
}

/* y = x */
void ogas_vec_copy(int64_t n, const double *x, double *y)
{
    if (x == y) return;
#pragma omp parallel for schedule(static) if (n > OGAS__PAR)
    for (int64_t i = 0; i < n; i++) y[i] = x[i];
}

/* x = a */
void ogas_vec_fill(int64_t n, double a, double *x)
{
#pragma omp parallel for schedule(static) if (n > OGAS__PAR)
    for (int64_t i = 0; i < n; i++) x[i] = a;
}
