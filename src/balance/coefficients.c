/* coefficients.c: technical coefficients A = Z diag(x)^-1. */
#include <math.h>

#include "ogas/core.h"
#include "ogas/economy.h"

/* A := Z diag(x)^-1, with zero-output products handled explicitly.
 *
 * A product with x_j == 0 and an empty column of Z is not produced: its column
 * of A is zero, so (I - A)^-1 has e_j there and it adds nothing to anyone's
 * requirements. x_j <= 0 with inputs, or a non-finite x_j, is an error. */
ogas_status ogas_coefficients(const ogas_csr *Z, const double *x, char *const *codes, ogas_csr *A, ogas_error *err)
{
    double *inv = NULL, *colnnz = NULL;
    ogas_status rc = OGAS_OK;
    int64_t n = Z->n;

    if (Z->m != Z->n)
        return ogas_error_set(err, OGAS_EARG, "flows matrix is %lld x %lld, not square", (long long)Z->m,
                              (long long)Z->n);
    inv = ogas_mallocarray((size_t)n, sizeof *inv);
    colnnz = ogas_calloc((size_t)n, sizeof *colnnz);
    if (!inv || !colnnz) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory computing coefficients");
        goto done;
    }
    ogas_csr_abs_colsums(Z, colnnz);
    for (int64_t j = 0; j < n; j++) {
        if (!isfinite(x[j])) {
            rc = ogas_error_set(err, OGAS_EINVAL, "gross output of product %s is not a finite number",
                                codes ? codes[j] : "?");
            goto done;
        }
        if (x[j] > 0) {
            inv[j] = 1.0 / x[j];
        } else if (colnnz[j] == 0.0) {
            inv[j] = 0.0;
        } else {
            rc = ogas_error_set(err, OGAS_EINVAL,
                                "product %s has inputs (%.6g in all) but gross output %.6g: coefficients "
                                "need a positive output",
                                codes ? codes[j] : "?", colnnz[j], x[j]);
            goto done;
        }
    }
    rc = ogas_csr_copy(Z, A, err);
    if (rc) goto done;
    /* Divide rather than multiply by 1/x: A is then exactly the rounded quotient Z_ij / x_j. */
    for (int64_t r = 0; r < A->m && !rc; r++)
        for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) {
            int64_t j = A->j[k];
            A->x[k] = inv[j] != 0.0 ? A->x[k] / x[j] : 0.0;
            if (!isfinite(A->x[k])) {
                rc = ogas_error_set(err, OGAS_EINVAL,
                                    "the coefficient of %s in %s overflows: flow %g for gross output %g",
                                    codes ? codes[r] : "?", codes ? codes[j] : "?", Z->x[k], x[j]);
                ogas_csr_free(A);
                break;
            }
        }
done:
    ogas_free(inv);
    ogas_free(colnnz);
    return rc;
}
