/* spmv.h (private to core/): the pieces of the scattered product that spmv.c and scatter_map.c share. */
#ifndef OGAS_CORE_SPMV_H
#define OGAS_CORE_SPMV_H

#include "ogas/sparse.h"

#define SPMV_SERIAL 20000     /* nonzeros below which one thread does it all */
#define SPMV_PREFETCH 128     /* nonzeros ahead whose targets are prefetched */
#define SPMV_PREFETCH_FROM 4000000 /* nonzeros from which prefetching pays (the matrix is beyond the caches) */

/* y_c of y = [b] + xi x + sigma M x, from the sum acc of row or column c of M x. */
static inline double spmv__finish(double acc, double sigma, double xi, const double *x, const double *b, int64_t c)
{
    double s = sigma * acc;
    if (xi != 0.0) s += xi * x[c];
    return b ? b[c] + s : s;
}

/* Rows [lo, hi) of part t when nt parts split the nonzeros of A evenly. */
void spmv__share(const ogas_csr *A, int t, int nt, int64_t *lo, int64_t *hi);
/* buf[j[k]] += a_k x_r for the entries k of rows [lo, hi) of A, scattering by the indices j (A's own or
 * mapped). */
void spmv__scatter_rows(const ogas_csr *A, const int32_t *j, const double *x, double *buf, int64_t lo, int64_t hi);

#endif
