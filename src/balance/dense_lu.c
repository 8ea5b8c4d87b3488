/* dense_lu.c: LU factorisation of I - A with partial pivoting (LAPACK dgetrf, dgecon, dgetrs, dgetri).
 *
 * The row-major array of I - A is, to LAPACK's column-major eyes, (I - A)'. Its factors therefore
 * solve (I - A)' v = c with trans = 'N' and (I - A) x = d with trans = 'T', and dgetri turns them into
 * the inverse of (I - A)', whose column-major array is (I - A)^-1 row-major. */
#include <math.h>
#include <string.h>

#include "ogas/core.h"
#include "solvers.h"

/* LAPACK, Fortran calling convention (hidden string lengths last). */
extern void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
extern void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda, const int *ipiv,
                    double *b, const int *ldb, int *info, size_t len);
extern void dgecon_(const char *norm, const int *n, const double *a, const int *lda, const double *anorm,
                    double *rcond, double *work, int *iwork, int *info, size_t len);
extern void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work, const int *lwork,
                    int *info);

#define DENSE_MAX 46000 /* n*n must stay addressable by LAPACK's 32-bit indices */

/* F := LU(I - A). */
ogas_status balance__dense_factor(const ogas_csr *A, dense_lu *F, ogas_error *err)
{
    int n = (int)A->n, info = 0, *iwork = NULL;
    double anorm = 0.0, *work = NULL;
    ogas_status rc = OGAS_OK;

    memset(F, 0, sizeof *F);
    if (A->n > DENSE_MAX)
        return ogas_error_set(err, OGAS_ETOOBIG, "a dense factorisation of %lld products needs %.0f GB; use an iterative method",
                              (long long)A->n, 8e-9 * (double)A->n * (double)A->n);
    F->n = n;
    F->lu = ogas_calloc((size_t)n * (size_t)n + 1, sizeof *F->lu);
    F->ipiv = ogas_mallocarray((size_t)n + 1, sizeof *F->ipiv);
    work = ogas_mallocarray(4 * (size_t)n + 1, sizeof *work);
    iwork = ogas_mallocarray((size_t)n + 1, sizeof *iwork);
    if (!F->lu || !F->ipiv || !work || !iwork) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a dense %d x %d factorisation (%.1f GB)", n, n,
                            8e-9 * (double)n * n);
        goto done;
    }
    for (int64_t r = 0; r < n; r++) {
        F->lu[r * n + r] = 1.0;
        for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) F->lu[r * n + A->j[k]] -= A->x[k];
    }
    /* 1-norm of the column-major matrix (I - A)': its largest column, i.e. row of I - A. */
    for (int64_t r = 0; r < n; r++) {
        double s = 0.0;
        for (int64_t c = 0; c < n; c++) s += fabs(F->lu[r * n + c]);
        if (s > anorm) anorm = s;
    }
    if (n == 0) goto done;
    dgetrf_(&n, &n, F->lu, &n, F->ipiv, &info);
    if (info > 0) {
        F->rcond = 0.0;
        rc = ogas_error_set(err, OGAS_ESINGULAR, "I - A is singular (zero pivot %d)", info);
        goto done;
    }
    dgecon_("1", &n, F->lu, &n, &anorm, &F->rcond, work, iwork, &info, 1);
    if (F->rcond < 1e-13) rc = ogas_error_set(err, OGAS_ESINGULAR, "I - A is singular to working precision (reciprocal condition %.2g)", F->rcond);
done:
    ogas_free(work);
    ogas_free(iwork);
    if (rc) {
        double keep = F->rcond;
        balance__dense_free(F);
        F->rcond = keep;
    }
    return rc;
}

/* x := (I - A)^-1 b or (I - A)'^-1 b. */
ogas_status balance__dense_solve(const dense_lu *F, int transposed, const double *b, double *x, ogas_error *err)
{
    int one = 1, info = 0;
    (void)err;
    memcpy(x, b, (size_t)F->n * sizeof *x);
    if (F->n == 0) return OGAS_OK;
    dgetrs_(transposed ? "N" : "T", &F->n, &one, F->lu, &F->n, F->ipiv, x, &F->n, &info, 1);
    return OGAS_OK;
}

/* out := (I - A)^-1 row-major, from the factors (which are overwritten). */
ogas_status balance__dense_inverse(dense_lu *F, double *out, ogas_error *err)
{
    int info = 0, lwork = -1;
    double q = 0.0, *work;
    if (F->n == 0) return OGAS_OK;
    dgetri_(&F->n, F->lu, &F->n, F->ipiv, &q, &lwork, &info);
    lwork = (int)q > F->n ? (int)q : F->n;
    work = ogas_mallocarray((size_t)lwork, sizeof *work);
    if (!work) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the inverse");
    dgetri_(&F->n, F->lu, &F->n, F->ipiv, work, &lwork, &info);
    ogas_free(work);
    if (info > 0) return ogas_error_set(err, OGAS_ESINGULAR, "I - A is singular");
    memcpy(out, F->lu, (size_t)F->n * (size_t)F->n * sizeof *out);
    return OGAS_OK;
}

/* Frees F. */
void balance__dense_free(dense_lu *F)
{
    ogas_free(F->lu);
    ogas_free(F->ipiv);
    memset(F, 0, sizeof *F);
}
