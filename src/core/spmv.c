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
 * A scatter map (ogas_scatter_map) renumbers the buffers' places: the popular columns, those with at least
 * twice the average number of entries, first, the others after them, each group in its own order. A
 * power-law economy sends most scattered entries to a few products, which, scattered over the buffer,
 * take a cache line each for one word; kept together they fill whole lines and stay in the caches
 * (10^7 products: a product 25% faster), while the others keep their neighbourhoods. Each place sums the
 * same terms in the same order, so the result is the same to the bit. */
#include <omp.h>
#include <stddef.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/sparse.h"

#define SPMV_SERIAL 20000 /* nonzeros below which one thread does it all */
#define PREFETCH 128      /* nonzeros ahead whose x entries are prefetched */
#define PREFETCH_FROM 4000000 /* nonzeros from which prefetching pays (the matrix is beyond the caches) */

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

/* Rows [lo, hi) of this thread's share when nt threads split the nonzeros of A evenly. */
static void share(const ogas_csr *A, int t, int nt, int64_t *lo, int64_t *hi)
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
    /* prefetch while k + PREFETCH + 1 stays in this share, and only when the matrix is beyond the caches */
    int64_t stop = p[A->m] >= PREFETCH_FROM ? p[hi] - PREFETCH - 1 : p[lo];
    for (int64_t r = lo; r < hi; r++) {
        int64_t k = p[r], end = p[r + 1];
        double s0 = 0.0, s1 = 0.0, s;
        for (; k + 1 < end; k += 2) {
            if (k < stop) {
                __builtin_prefetch(&x[j[k + PREFETCH]]);
                __builtin_prefetch(&x[j[k + PREFETCH + 1]]);
            }
            s0 += v[k] * x[j[k]];
            s1 += v[k + 1] * x[j[k + 1]];
        }
        if (k < end) s0 += v[k] * x[j[k]];
        s = sigma * (s0 + s1);
        if (xi != 0.0) s += xi * x[r];
        y[r] = b ? b[r] + s : s;
    }
}

/* buf[j] += A[lo..hi, :]' x[lo..hi), scattering by the column indices j (A's own or mapped). */
static void scatter_rows(const ogas_csr *A, const int32_t *restrict j, const double *restrict x, double *restrict buf,
                         int64_t lo, int64_t hi)
{
    const int64_t *restrict p = A->p;
    const double *restrict v = A->x;
    int64_t stop = p[A->m] >= PREFETCH_FROM ? p[hi] - PREFETCH : p[lo];
    for (int64_t r = lo; r < hi; r++) {
        double xr = x[r];
        for (int64_t k = p[r]; k < p[r + 1]; k++) {
            if (k < stop) __builtin_prefetch(&buf[j[k + PREFETCH]], 1);
            buf[j[k]] += v[k] * xr;
        }
    }
}

/* y = [b] + xi x + sigma A' x, scattering the rows of A by the indices j into the places slot (NULL: the
 * columns themselves) of the buffers in work: one per thread, or the first alone when serial. Without work
 * (and so without places) y itself is the buffer. */
static void scatter(const ogas_csr *A, const int32_t *j, const int32_t *slot, const double *x, const double *b,
                    double xi, double sigma, double *y, double *work, int serial)
{
    if (serial || !work) {
        double *acc = work ? work : y;
        memset(acc, 0, (size_t)A->n * sizeof *acc);
        scatter_rows(A, j, x, acc, 0, A->m);
        for (int64_t c = 0; c < A->n; c++) {
            double s = sigma * acc[slot ? slot[c] : c];
            if (xi != 0.0) s += xi * x[c];
            y[c] = b ? b[c] + s : s;
        }
        return;
    }
#pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int64_t lo, hi, n = A->n;
        double *mine = work + (size_t)t * (size_t)n;
        share(A, t, nt, &lo, &hi);
        memset(mine, 0, (size_t)n * sizeof *mine);
        scatter_rows(A, j, x, mine, lo, hi);
#pragma omp barrier
#pragma omp for schedule(static)
        for (int64_t c = 0; c < n; c++) {
            int64_t at = slot ? slot[c] : c;
            double s = 0.0;
            for (int q = 0; q < nt; q++) s += work[(size_t)q * (size_t)n + at];
            s *= sigma;
            if (xi != 0.0) s += xi * x[c];
            y[c] = b ? b[c] + s : s;
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
            share(A, omp_get_thread_num(), omp_get_num_threads(), &lo, &hi);
            gather_rows(A, x, b, xi, sigma, y, lo, hi);
        }
        return;
    }
    scatter(A, A->j, NULL, x, b, xi, sigma, y, work, serial);
}

/* ogas_csr_gaxpy's transposed product through the scatter map m of A. */
void ogas_csr_gaxpy_map(const ogas_csr *A, const ogas_scatter_map *m, const double *x, const double *b, double xi,
                        double sigma, double *y, double *work)
{
    int serial = A->p[A->m] < SPMV_SERIAL || omp_get_max_threads() == 1;
    scatter(A, m->j, m->slot, x, b, xi, sigma, y, work, serial);
}

/* m := the scatter map of A (see the file comment). */
ogas_status ogas_scatter_map_build(const ogas_csr *A, const ogas_csr *AT, ogas_scatter_map *m, ogas_error *err)
{
    int64_t n = A->n, nnz = A->p[A->m], hot = 0, a = 0, rest;
    int64_t *count = NULL; /* entries per column, when AT does not give them */
    ogas_status rc = OGAS_OK;

    memset(m, 0, sizeof *m);
    if (AT && !(AT->m == n && AT->p[AT->m] == nnz)) AT = NULL;
    if (!AT) count = ogas_calloc((size_t)n + 1, sizeof *count);
    m->slot = ogas_mallocarray((size_t)n + 1, sizeof *m->slot);
    m->j = ogas_mallocarray((size_t)nnz + 1, sizeof *m->j);
    if ((!AT && !count) || !m->slot || !m->j) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the scatter map (%.1f GB)", 4e-9 * (double)nnz);
        goto done;
    }
    if (!AT)
        for (int64_t k = 0; k < nnz; k++) count[A->j[k]]++;
    /* popular: at least twice the average entries, 2 nnz / n, compared in integers */
#define POPULAR(c) ((AT ? AT->p[(c) + 1] - AT->p[c] : count[c]) * n >= 2 * nnz)
#pragma omp parallel for schedule(static) reduction(+ : hot) if (n > SPMV_SERIAL)
    for (int64_t c = 0; c < n; c++) hot += POPULAR(c);
    rest = hot;
    for (int64_t c = 0; c < n; c++) m->slot[c] = (int32_t)(POPULAR(c) ? a++ : rest++);
#undef POPULAR
    m->hot = hot;
#pragma omp parallel for schedule(static) if (nnz > SPMV_SERIAL)
    for (int64_t k = 0; k < nnz; k++) {
        if (k + PREFETCH < nnz) __builtin_prefetch(&m->slot[A->j[k + PREFETCH]]);
        m->j[k] = m->slot[A->j[k]];
    }
done:
    ogas_free(count);
    if (rc) ogas_scatter_map_free(m);
    return rc;
}

/* Releases m's arrays. */
void ogas_scatter_map_free(ogas_scatter_map *m)
{
    ogas_free(m->slot);
    ogas_free(m->j);
    memset(m, 0, sizeof *m);
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
