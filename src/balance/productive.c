/* productive.c: is the economy productive, i.e. is the spectral radius of A below 1?
 *
 * Column sums bound the spectral radius from above (rho(A) <= ||A||_1). When that bound is not enough,
 * power iteration on B = (|A| + I)/2 (primitive whenever A is irreducible, and with the same Perron
 * vector) gives Collatz-Wielandt bounds: for any x > 0, min_i (Bx)_i/x_i <= rho(B) <= max_i (Bx)_i/x_i
 * (Horn and Johnson, Matrix Analysis, 2nd ed., 8.1.26), and rho(A) = 2 rho(B) - 1 for A >= 0. The
 * upper bound holds for rho(A) whatever the signs (rho(A) <= rho(|A|)); the lower bound only for A >= 0, as does
 * the bound rho(A) >= max_i a_ii (a product that needs a whole unit of itself per unit is never produced). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/balance.h"
#include "ogas/core.h"
#include "solvers.h"

#define NEARLY_ONE (1.0 - 1e-9)

/* p := bounds on rho(A). */
ogas_status ogas_productivity_check(const ogas_csr *A, ogas_productivity *p, ogas_error *err)
{
    return balance__productivity(A, NULL, p, NULL, err);
}

/* p := bounds on rho(A), using A' for the column sums when given; diag (if non-NULL) := a_ii. One parallel
 * pass over the matrix gathers the column sums, the signs and the diagonal. */
ogas_status balance__productivity(const ogas_csr *A, const ogas_csr *AT, ogas_productivity *p, double *diag,
                                  ogas_error *err)
{
    int64_t n = A->n, nnz = ogas_csr_nnz(A);
    double *cs = NULL, *x = NULL, *y = NULL;
    int nonneg = 1, iters;
    ogas_status rc = OGAS_OK;

    memset(p, 0, sizeof *p);
    p->rho_lower = -1;
    p->productive = -1;
    cs = ogas_calloc((size_t)n + 1, sizeof *cs);
    if (!cs) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    {
        const ogas_csr *S = AT ? AT : A; /* rows of A' are columns of A; the diagonal is the same */
        double dmax = -1.0;
        if (!AT) ogas_csr_abs_colsums(A, cs);
#pragma omp parallel for schedule(static) reduction(&& : nonneg) reduction(max : dmax) if (nnz > 50000)
        for (int64_t r = 0; r < S->m; r++) {
            double t = 0.0, d = 0.0;
            for (int64_t k = S->p[r]; k < S->p[r + 1]; k++) {
                double v = S->x[k];
                if (v < 0) nonneg = 0;
                t += fabs(v);
                if (S->j[k] == r) d += v;
            }
            if (AT) cs[r] = t;
            if (diag) diag[r] = d;
            if (d > dmax) dmax = d;
        }
        /* For A >= 0, every diagonal entry is a lower bound (a 1 x 1 principal submatrix). */
        if (nonneg) p->rho_lower = dmax;
    }
    for (int64_t j = 0; j < n; j++)
        if (cs[j] > p->max_colsum) p->max_colsum = cs[j];
    /* The products that use the most inputs per unit of output, largest first. */
    for (int64_t j = 0; j < n; j++) {
        int q = p->nworst;
        if (q < 10) p->nworst++;
        else if (cs[j] <= cs[p->worst[9]]) continue;
        else q = 9;
        while (q > 0 && cs[p->worst[q - 1]] < cs[j]) {
            p->worst[q] = p->worst[q - 1];
            q--;
        }
        p->worst[q] = j;
    }
    p->rho_upper = p->max_colsum;
    if (p->rho_lower >= NEARLY_ONE) {
        p->productive = 0;
        goto done;
    }
    if (p->max_colsum < 1.0) {
        p->productive = 1;
        goto done;
    }
    x = ogas_mallocarray((size_t)n, sizeof *x);
    y = ogas_mallocarray((size_t)n, sizeof *y);
    if (!x || !y) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    ogas_vec_fill(n, 1.0, x);
    iters = nnz < 10000000 ? 300 : 60;
    for (int it = 0; it < iters; it++) {
        double lo = INFINITY, hi = 0.0, s;
        ogas_csr_spmv(A, x, y); /* signs: use |A| through the nonnegative case; see below */
        if (!nonneg) {
            for (int64_t r = 0; r < n; r++) {
                double t = 0.0;
                for (int64_t k = A->p[r]; k < A->p[r + 1]; k++) t += fabs(A->x[k]) * x[A->j[k]];
                y[r] = t;
            }
        }
        for (int64_t i = 0; i < n; i++) {
            double ratio;
            y[i] = 0.5 * (y[i] + x[i]);
            ratio = y[i] / x[i];
            if (ratio < lo) lo = ratio;
            if (ratio > hi) hi = ratio;
        }
        if (2 * hi - 1 < p->rho_upper) p->rho_upper = 2 * hi - 1;
        if (nonneg && 2 * lo - 1 > p->rho_lower) p->rho_lower = 2 * lo - 1;
        if (p->rho_upper < 1.0) {
            p->productive = 1;
            break;
        }
        if (p->rho_lower >= NEARLY_ONE) {
            p->productive = 0;
            break;
        }
        s = ogas_vec_norminf(n, y);
        if (!(s > 0) || !isfinite(s)) break;
        for (int64_t i = 0; i < n; i++) x[i] = y[i] / s;
    }
done:
    ogas_free(cs);
    ogas_free(x);
    ogas_free(y);
    return rc;
}

/* err := "not productive", naming the products with the largest input sums. */
ogas_status ogas_productivity_error(const ogas_csr *A, const ogas_productivity *p, char *const *codes, ogas_error *err)
{
    char list[600] = "";
    size_t k = 0;
    double *cs = ogas_calloc((size_t)A->n + 1, sizeof *cs);
    if (cs) ogas_csr_abs_colsums(A, cs);
    for (int q = 0; q < p->nworst && k < sizeof list - 80; q++) {
        int64_t j = p->worst[q];
        char code[32];
        if (cs && cs[j] < NEARLY_ONE && q > 0) break;
        if (!codes) snprintf(code, sizeof code, "%lld", (long long)j + 1);
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s (%.6g)", q ? ", " : "", codes ? codes[j] : code,
                              cs ? cs[j] : NAN);
    }
    ogas_free(cs);
    if (p->productive == 0)
        return ogas_error_set(err, OGAS_ENOTPRODUCTIVE,
                              "economy is not productive: the spectral radius of A is at least %.9g, so I - A is "
                              "singular or has no nonnegative inverse; products whose inputs per unit of output sum "
                              "to 1 or more: %s",
                              p->rho_lower, list);
    return ogas_error_set(err, OGAS_ENOTPRODUCTIVE,
                          "economy is not productive: I - A is singular to working precision; products with the "
                          "largest inputs per unit of output: %s",
                          list);
}
