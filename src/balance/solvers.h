/* solvers.h (private to balance/): the methods behind ogas_leontief. Each solves (I - M) x = b, where
 * M is A (gross output) or A' (values, multipliers); x holds the starting guess on entry. Each returns
 * OGAS_OK only after the true residual ||b - (I - M) x||_2 <= tol ||b||_2 has been computed afresh. */
#ifndef OGAS_BALANCE_SOLVERS_H
#define OGAS_BALANCE_SOLVERS_H

#include "ogas/balance.h"

ogas_status balance__gmres(const ogas_csr *M, const double *diag, const double *b, double *x,
                           const ogas_solve_options *o, ogas_solve_info *info, ogas_error *err);
ogas_status balance__neumann(const ogas_csr *M, const double *b, double *x, const ogas_solve_options *o,
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

/* Calls the progress hook, if any. */
void balance__progress(const ogas_solve_options *o, const char *method, int64_t iter, double relres);

#endif
