/* solvers.h (private to balance/): the methods behind ogas_leontief. Each solves (I - M) x = b, where
 * M is A (gross output) or A' (values, multipliers); x holds the starting guess on entry. Each returns
 * OGAS_OK only after the true residual ||b - (I - M) x||_2 <= tol ||b||_2 has been computed afresh. */
#ifndef OGAS_BALANCE_SOLVERS_H
#define OGAS_BALANCE_SOLVERS_H

#include "ogas/balance.h"
#include "ogas/core.h"

/* The operator M of a solve: op(S) with op = identity (rows of S gathered) or transpose (rows of S
 * scattered, with work holding a buffer per thread, and map, when set, placing the sums in them). */
typedef struct balance_op {
    const ogas_csr *S;            /* stored matrix */
    int transposed;               /* 1: M = S' */
    double *work;                 /* scatter buffers (threads x n doubles, or the map's work), or NULL */
    const ogas_scatter_map *map;  /* scatter map of S, or NULL */
} balance_op;

/* y = b + xi x + sigma M x */
static inline void op_gaxpy(const balance_op *op, const double *x, const double *b, double xi, double sigma, double *y)
{
    if (op->map && op->transposed && op->work) ogas_csr_gaxpy_map(op->S, op->map, x, b, xi, sigma, y, op->work);
    else ogas_csr_gaxpy(op->S, op->transposed, x, b, xi, sigma, y, op->work);
}

/* Order of M. */
static inline int64_t op_size(const balance_op *op)
{
    return op->transposed ? op->S->n : op->S->m;
}
/* y = b + M x */
static inline void op_mv_add(const balance_op *op, const double *x, const double *b, double *y)
{
    op_gaxpy(op, x, b, 0.0, 1.0, y);
}
/* y = (I - M) x */
static inline void op_leontief(const balance_op *op, const double *x, double *y)
{
    op_gaxpy(op, x, NULL, 1.0, -1.0, y);
}
/* r = b - (I - M) x; returns ||r||_2 */
static inline double op_residual(const balance_op *op, const double *x, const double *b, double *r)
{
    op_gaxpy(op, x, b, -1.0, 1.0, r);
    return ogas_vec_norm2(op_size(op), r);
}

/* GMRES's arrays, kept by a solver between its solves: a solve allocates them when they are missing or
 * sized for another restart, preconditioner or order, and otherwise reuses them (fresh memory costs page
 * faults and zeroing: an eighth of the time of a plan that solves 10^6-product systems over and over). */
typedef struct balance_gmres_ws {
    int64_t n;
    int m, degree, keep_z;
    double *V, *H, *cs, *sn, *g, *y, *z, *r, *part, *dinv, *tmp, *Z;
} balance_gmres_ws;
void balance__gmres_ws_free(balance_gmres_ws *w);

/* ws: the arrays to reuse (released with balance__gmres_ws_free), or NULL for arrays of this solve only. */
ogas_status balance__gmres(const balance_op *M, const double *diag, const double *b, double *x,
                           const ogas_solve_options *o, ogas_solve_info *info, balance_gmres_ws *ws, ogas_error *err);
ogas_status balance__neumann(const balance_op *M, const double *b, double *x, const ogas_solve_options *o,
                             ogas_solve_info *info, ogas_error *err);
ogas_status balance__gauss_seidel(const ogas_csr *M, const double *diag, const double *b, double *x,
                                  const ogas_solve_options *o, ogas_solve_info *info, ogas_error *err);

/* LU factors of I - A in LAPACK's column-major layout (that is, of (I - A)' read row-major). */
typedef struct dense_lu {
    int n;
    double *lu;  /* n*n factors */
    int *ipiv;   /* pivots */
    double rcond;/* reciprocal condition number estimate (1-norm) */
} dense_lu;
/* F := LU of I - A; fails with OGAS_ETOOBIG beyond dense memory, OGAS_ESINGULAR when singular. */
ogas_status balance__dense_factor(const ogas_csr *A, dense_lu *F, ogas_error *err);
/* x := (I - A)^-1 b, or (I - A)'^-1 b when transposed. */
ogas_status balance__dense_solve(const dense_lu *F, int transposed, const double *b, double *x, ogas_error *err);
/* Inverse from the factors: out (row-major) := (I - A)^-1. Destroys F's factors. */
ogas_status balance__dense_inverse(dense_lu *F, double *out, ogas_error *err);
void balance__dense_free(dense_lu *F);

/* ogas_productivity_check, with the column sums of |A| taken as row sums of |A'| when AT is given;
 * diag (when non-NULL, n entries) receives the diagonal of A. */
ogas_status balance__productivity(const ogas_csr *A, const ogas_csr *AT, ogas_productivity *p, double *diag,
                                  ogas_error *err);

/* Calls the progress hook, if any. */
void balance__progress(const ogas_solve_options *o, const char *method, int64_t iter, double relres);

#endif
