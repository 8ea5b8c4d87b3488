/* sweep.c: stationary sweeps for (I - M) x = b.
 *
 * Neumann (Jacobi on I - M): x_{k+1} = b + M x_k, the partial sums of the Neumann series
 * (I - M)^-1 b = sum_k M^k b (Miller and Blair, Input-Output Analysis, 2nd ed., sec. 2.4). Its residual
 * comes free: b - (I - M) x_k = x_{k+1} - x_k. It converges whenever the spectral radius of M is
 * below 1, at that rate.
 *
 * Gauss-Seidel: x_i := (b_i + sum_{j != i} m_ij x_j) / (1 - m_ii), newest values first. For M >= 0 it
 * converges at least as fast as Jacobi (Stein-Rosenberg). To run on several threads without races and
 * give the same bits for any thread count, rows are cut into a fixed number of blocks by nonzeros;
 * inside a block the sweep is Gauss-Seidel, across blocks it reads the previous sweep (block Jacobi). */
#include <math.h>
#include <string.h>

#include "ogas/core.h"
#include "solvers.h"

/* Solves (I - M) x = b by the Neumann series. */
ogas_status balance__neumann(const balance_op *M, const double *b, double *x, const ogas_solve_options *o,
                             ogas_solve_info *info, ogas_error *err)
{
    int64_t n = op_size(M), it = 0;
    double *y = ogas_mallocarray((size_t)n, sizeof *y), *r = ogas_mallocarray((size_t)n, sizeof *r);
    double bnorm = ogas_vec_norm2(n, b), relres = INFINITY, prev = INFINITY;
    int growing = 0;
    ogas_status rc = OGAS_OK;

    if (!y || !r) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the Neumann sweep");
        goto done;
    }
    if (bnorm == 0.0) {
        ogas_vec_fill(n, 0.0, x);
        relres = 0.0;
        goto done;
    }
    while (it < o->max_iter) {
        op_mv_add(M, x, b, y); /* y = b + M x */
        info->matvecs++;
        it++;
        for (int64_t i = 0; i < n; i++) r[i] = y[i] - x[i];
        relres = ogas_vec_norm2(n, r) / bnorm; /* the residual of x */
        memcpy(x, y, (size_t)n * sizeof *x);
        balance__progress(o, "neumann", it, relres);
        if (!isfinite(relres)) break;
        if (relres <= o->tol) break;
        growing = relres > prev ? growing + 1 : 0;
        if (growing >= 20) break; /* diverging: the spectral radius is >= 1 */
        prev = relres;
    }
    relres = op_residual(M, x, b, r) / bnorm;
    info->matvecs++;
    if (!(relres <= o->tol))
        rc = ogas_error_set(err, OGAS_ENOCONV, "Neumann sweep stopped after %lld iterations at relative residual %.3g (asked for %.3g)%s",
                            (long long)it, relres, o->tol, growing >= 20 ? ": it diverges" : "");
done:
    info->iterations = it;
    info->relative_residual = relres;
    ogas_free(y);
    ogas_free(r);
    return rc;
}

#define GS_BLOCKS 256

/* Solves (I - M) x = b by blocked Gauss-Seidel. */
ogas_status balance__gauss_seidel(const ogas_csr *M, const double *diag, const double *b, double *x,
                                  const ogas_solve_options *o, ogas_solve_info *info, ogas_error *err)
{
    int64_t n = M->m, it = 0, nnz = ogas_csr_nnz(M), bounds[GS_BLOCKS + 1];
    double *xo = ogas_mallocarray((size_t)n, sizeof *xo), *r = ogas_mallocarray((size_t)n, sizeof *r);
    double bnorm = ogas_vec_norm2(n, b), relres = INFINITY, prev = INFINITY;
    int nblocks = n < GS_BLOCKS ? (int)(n > 0 ? n : 1) : GS_BLOCKS, growing = 0;
    ogas_status rc = OGAS_OK;

    if (!xo || !r) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for Gauss-Seidel");
        goto done;
    }
    if (bnorm == 0.0) {
        ogas_vec_fill(n, 0.0, x);
        relres = 0.0;
        goto done;
    }
    bounds[0] = 0;
    for (int q = 1; q < nblocks; q++) {
        int64_t at = ogas_csr_row_at(M, nnz / nblocks * q);
        bounds[q] = at < bounds[q - 1] ? bounds[q - 1] : at;
    }
    bounds[nblocks] = n;
    while (it < o->max_iter) {
        double dnorm;
        memcpy(xo, x, (size_t)n * sizeof *x);
#pragma omp parallel for schedule(dynamic, 1) if (nnz > 20000)
        for (int q = 0; q < nblocks; q++) {
            int64_t lo = bounds[q], hi = bounds[q + 1];
            for (int64_t i = lo; i < hi; i++) {
                double s = b[i];
                for (int64_t k = M->p[i]; k < M->p[i + 1]; k++) {
                    int64_t j = M->j[k];
                    if (j == i) continue;
                    s += M->x[k] * (j >= lo && j < i ? x[j] : xo[j]);
                }
                x[i] = s / diag[i];
            }
        }
        info->matvecs++;
        it++;
        for (int64_t i = 0; i < n; i++) r[i] = x[i] - xo[i];
        dnorm = ogas_vec_norm2(n, r) / bnorm; /* change in this sweep: an estimate of the residual */
        balance__progress(o, "gauss-seidel", it, dnorm);
        if (!isfinite(dnorm)) break;
        if (dnorm <= o->tol) {
            relres = ogas_csr_leontief_residual(M, x, b, r) / bnorm;
            info->matvecs++;
            if (relres <= o->tol) break;
        }
        growing = dnorm > prev ? growing + 1 : 0;
        if (growing >= 20) break;
        prev = dnorm;
    }
    relres = ogas_csr_leontief_residual(M, x, b, r) / bnorm;
    info->matvecs++;
    if (!(relres <= o->tol))
        rc = ogas_error_set(err, OGAS_ENOCONV,
                            "Gauss-Seidel stopped after %lld sweeps at relative residual %.3g (asked for %.3g)%s",
                            (long long)it, relres, o->tol, growing >= 20 ? ": it diverges" : "");
done:
    info->iterations = it;
    info->relative_residual = relres;
    ogas_free(xo);
    ogas_free(r);
    return rc;
}
