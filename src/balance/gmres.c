/* gmres.c: restarted GMRES for (I - M) x = b, right-preconditioned by the diagonal of I - M.
 *
 * Saad and Schultz, "GMRES: a generalized minimal residual algorithm for solving nonsymmetric linear
 * systems", SIAM J. Sci. Stat. Comput. 7 (1986); Saad, Iterative Methods for Sparse Linear Systems,
 * 2nd ed., Alg. 6.9 (GMRES with Givens rotations) and 9.5 (right preconditioning).
 *
 * The right preconditioner P is either the diagonal of I - M (Jacobi) or, for large economies, a
 * truncated Neumann series I + M + ... + M^p (a polynomial preconditioner, Saad sec. 12.3): then
 * (I - M) P = I - M^(p+1), whose spectrum is the p+1-th power of M's, so each Krylov step removes as much
 * error as p+1 steps would, while the basis, and the cost of orthogonalising against it, shrinks by
 * that factor.
 *
 * From KEEP_Z_FROM to KEEP_Z_MAX products the vectors P v_j are kept (flexible GMRES's storage, Saad
 * sec. 9.4.1), so that the update x += P V y costs no product.
 *
 * Orthogonalisation is classical Gram-Schmidt: the k dot products of a step are computed in one pass
 * over the basis, in fixed blocks, so the result does not depend on the number of threads. It is
 * repeated once when the norm drops by more than a factor 100, a cancellation that would cost two of
 * sixteen digits (the usual criterion, a factor 0.7 after Daniel, Gragg, Kaufman and Stewart 1976,
 * fires at every step here, where each new vector lies mostly in the span, and doubles the cost; the
 * orthogonality lost instead is far below the residuals asked for, which are checked afresh anyway). For a productive economy the spectrum of A lies in a disc of radius rho(A) < 1 with the
 * Perron root alone at its edge, so GMRES removes that eigenvalue in the first steps and then converges
 * at the rate of the rest of the spectrum. Each restart recomputes the true residual. */
#include <math.h>
#include <string.h>

#include "ogas/core.h"
#include "solvers.h"

#define BLK 2048
#define KEEP_Z_FROM (1 << 19) /* from this many products up to KEEP_Z_MAX, P v_j is kept for the update */
#define KEEP_Z_MAX (1 << 21)  /* (n x restart doubles) */

/* h[0..k) := V[:,0..k)' w, and returns ||w||^2, in one pass over V and w, by fixed row blocks
 * (deterministic for any thread count). part holds nblocks*(k+1) doubles of workspace. */
static double multi_dot(int64_t n, const double *V, int k, const double *w, double *h, double *part)
{
    int64_t nb = (n + BLK - 1) / BLK;
    double ww = 0.0;
#pragma omp parallel for schedule(static) if (n > 8192)
    for (int64_t b = 0; b < nb; b++) {
        int64_t lo = b * BLK, hi = lo + BLK < n ? lo + BLK : n;
        double t = 0.0;
        for (int q = 0; q < k; q++) {
            const double *v = V + (int64_t)q * n;
            double s = 0.0;
#pragma omp simd reduction(+ : s)
            for (int64_t i = lo; i < hi; i++) s += v[i] * w[i];
            part[b * (k + 1) + q] = s;
        }
#pragma omp simd reduction(+ : t)
        for (int64_t i = lo; i < hi; i++) t += w[i] * w[i];
        part[b * (k + 1) + k] = t;
    }
    for (int q = 0; q < k; q++) {
        double s = 0.0;
        for (int64_t b = 0; b < nb; b++) s += part[b * (k + 1) + q];
        h[q] = s;
    }
    for (int64_t b = 0; b < nb; b++) ww += part[b * (k + 1) + k];
    return ww;
}

/* w := w - V[:,0..k) h; returns the new ||w||^2 (same blocking as multi_dot). */
static double multi_axpy(int64_t n, const double *V, int k, const double *h, double *w, double *part)
{
    int64_t nb = (n + BLK - 1) / BLK;
    double ww = 0.0;
#pragma omp parallel for schedule(static) if (n > 8192)
    for (int64_t b = 0; b < nb; b++) {
        int64_t lo = b * BLK, hi = lo + BLK < n ? lo + BLK : n;
        double t = 0.0;
        for (int q = 0; q < k; q++) {
            const double *v = V + (int64_t)q * n;
            double c = h[q];
            for (int64_t i = lo; i < hi; i++) w[i] -= c * v[i];
        }
#pragma omp simd reduction(+ : t)
        for (int64_t i = lo; i < hi; i++) t += w[i] * w[i];
        part[b] = t;
    }
    for (int64_t b = 0; b < nb; b++) ww += part[b];
    return ww;
}

/* r := V[:,0..k) y, in one pass over the basis. */
static void combine(int64_t n, const double *V, int k, const double *y, double *r)
{
#pragma omp parallel for schedule(static) if (n > 8192)
    for (int64_t b = 0; b < (n + BLK - 1) / BLK; b++) {
        int64_t lo = b * BLK, hi = lo + BLK < n ? lo + BLK : n;
        for (int64_t i = lo; i < hi; i++) r[i] = 0.0;
        for (int q = 0; q < k; q++) {
            const double *v = V + (int64_t)q * n;
            double c = y[q];
            for (int64_t i = lo; i < hi; i++) r[i] += c * v[i];
        }
    }
}

/* z := P v, the right preconditioner: diag(I - M)^-1 v when degree is 0, else the Neumann polynomial
 * (I + M + ... + M^degree) v by Horner's rule, z_k = v + M z_{k-1}, alternating between z and the
 * workspace t so that the last step lands in z (degree matrix-vector products, no copies). */
static void precondition(const balance_op *M, const double *dinv, int degree, const double *v, double *z, double *t,
                         int64_t *matvecs)
{
    int64_t n = op_size(M);
    const double *cur = v;
    if (degree == 0) {
#pragma omp parallel for schedule(static) if (n > 8192)
        for (int64_t i = 0; i < n; i++) z[i] = v[i] * dinv[i];
        return;
    }
    for (int k = 1; k <= degree; k++) {
        double *dst = (degree - k) % 2 == 0 ? z : t;
        op_mv_add(M, cur, v, dst); /* dst = v + M cur */
        cur = dst;
        (*matvecs)++;
    }
}

/* Releases w's arrays. */
void balance__gmres_ws_free(balance_gmres_ws *w)
{
    double *v[] = {w->V, w->H, w->cs, w->sn, w->g, w->y, w->z, w->r, w->part, w->dinv, w->tmp, w->Z};
    for (size_t k = 0; k < sizeof v / sizeof *v; k++) ogas_free(v[k]);
    memset(w, 0, sizeof *w);
}

/* w := arrays for GMRES(m) on n products with a preconditioner of this degree (w's own when they fit);
 * returns 0 when out of memory (w then empty). */
static int ws_ready(balance_gmres_ws *w, int64_t n, int m, int degree)
{
    /* with a polynomial preconditioner, the update x += P V y costs a product more unless the P v_j are
     * kept (flexible GMRES's storage, Saad sec. 9.4.1). Measured on generated economies: at 10^6 products
     * keeping them saves that product (0.47 s instead of 0.49 s); at 10^5 and 10^4, where a product runs
     * from the caches, writing each P v_j to fresh memory instead of one buffer in cache costs more than
     * it saves (50 ms instead of 37 ms, 3.3 ms instead of 2.5 ms); beyond KEEP_Z_MAX the memory is
     * wanted elsewhere (at 10^7 products it would be 1.6 GB). Without the memory, the product is paid. */
    int keep_z = degree > 0 && n >= KEEP_Z_FROM && n <= KEEP_Z_MAX;
    if (w->V && w->n == n && w->m == m && w->degree == degree && w->keep_z == keep_z) return 1;
    balance__gmres_ws_free(w);
    w->n = n;
    w->m = m;
    w->degree = degree;
    w->V = ogas_mallocarray((size_t)n * (size_t)(m + 1), sizeof *w->V);
    ogas_mem_streamed(w->V, (size_t)n * (size_t)(m + 1) * sizeof *w->V);
    w->H = ogas_calloc((size_t)(m + 1) * (size_t)m, sizeof *w->H);
    w->cs = ogas_calloc((size_t)m, sizeof *w->cs);
    w->sn = ogas_calloc((size_t)m, sizeof *w->sn);
    w->g = ogas_calloc((size_t)m + 1, sizeof *w->g);
    w->y = ogas_calloc((size_t)m, sizeof *w->y);
    w->z = ogas_mallocarray((size_t)n, sizeof *w->z);
    w->r = ogas_mallocarray((size_t)n, sizeof *w->r);
    w->part = ogas_mallocarray((size_t)((n + BLK - 1) / BLK + 1) * (size_t)(m + 1), sizeof *w->part);
    w->dinv = ogas_mallocarray((size_t)n, sizeof *w->dinv);
    if (degree > 0) w->tmp = ogas_mallocarray((size_t)n, sizeof *w->tmp);
    if (keep_z) {
        w->Z = ogas_mallocarray((size_t)n * (size_t)m, sizeof *w->Z);
        if (w->Z) ogas_mem_streamed(w->Z, (size_t)n * (size_t)m * sizeof *w->Z);
    }
    w->keep_z = keep_z;
    if (!w->V || !w->H || !w->cs || !w->sn || !w->g || !w->y || !w->z || !w->r || !w->part || !w->dinv ||
        (degree > 0 && !w->tmp)) {
        balance__gmres_ws_free(w);
        return 0;
    }
    return 1;
}

/* Solves (I - M) x = b (see the file comment). */
ogas_status balance__gmres(const balance_op *M, const double *diag, const double *b, double *x,
                           const ogas_solve_options *o, ogas_solve_info *info, balance_gmres_ws *ws, ogas_error *err)
{
    int64_t n = op_size(M), it = 0;
    int m = o->restart > 0 ? o->restart : 20;
    balance_gmres_ws own, *wk = ws ? ws : &own;
    double *V, *H, *cs, *sn, *g, *y, *z, *r, *part, *dinv, *tmp, *Z;
    int degree = o->poly > 0 ? o->poly : 0;
    double bnorm, relres = INFINITY, best = INFINITY;
    int stalls = 0;
    ogas_status rc = OGAS_OK;

    if (m > n) m = (int)(n > 0 ? n : 1);
    memset(&own, 0, sizeof own);
    if (!ws_ready(wk, n, m, degree)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for GMRES(%d) on %lld products (%.1f GB)", m, (long long)n,
                            8e-9 * (double)n * (m + 5));
        goto done;
    }
    V = wk->V, H = wk->H, cs = wk->cs, sn = wk->sn, g = wk->g, y = wk->y, z = wk->z, r = wk->r, part = wk->part;
    dinv = wk->dinv, tmp = wk->tmp, Z = wk->Z;
    for (int64_t i = 0; i < n; i++) dinv[i] = diag[i] != 0.0 ? 1.0 / diag[i] : 1.0;
    bnorm = ogas_vec_norm2(n, b);
    if (bnorm == 0.0) {
        ogas_vec_fill(n, 0.0, x);
        relres = 0.0;
        goto done;
    }
    while (it < o->max_iter) {
        double beta;
        int j, k = 0;
        if (it == 0 && ogas_vec_norminf(n, x) == 0.0) { /* x0 = 0: the residual is b itself */
            ogas_vec_copy(n, b, r);
            beta = bnorm;
        } else {
            beta = op_residual(M, x, b, r);
            info->matvecs++;
        }
        relres = beta / bnorm;
        if (!isfinite(relres)) break;
        if (relres <= o->tol) goto done;
        /* Restarts that no longer reduce the true residual: rounding has won. */
        if (relres >= 0.5 * best) {
            if (++stalls >= 3) break;
        } else {
            stalls = 0;
        }
        if (relres < best) best = relres;
        memset(H, 0, (size_t)(m + 1) * (size_t)m * sizeof *H);
        memset(g, 0, (size_t)(m + 1) * sizeof *g);
        g[0] = beta;
        ogas_vec_copy(n, r, V);
        ogas_vec_scale(n, 1.0 / beta, V);
        for (j = 0; j < m && it < o->max_iter; j++) {
            double *w = V + (int64_t)(j + 1) * n, *h = H + (int64_t)j * (m + 1), hn, before, t;
            double *zj = Z ? Z + (int64_t)j * n : z;
            /* w := (I - M) P v_j */
            precondition(M, dinv, degree, V + (int64_t)j * n, zj, tmp, &info->matvecs);
            op_leontief(M, zj, w);
            info->matvecs++;
            it++;
            before = sqrt(multi_dot(n, V, j + 1, w, h, part));
            hn = sqrt(multi_axpy(n, V, j + 1, h, w, part));
            if (hn < 0.01 * before) { /* re-orthogonalise once */
                multi_dot(n, V, j + 1, w, y, part);
                hn = sqrt(multi_axpy(n, V, j + 1, y, w, part));
                for (int q = 0; q <= j; q++) h[q] += y[q];
            }
            h[j + 1] = hn;
            if (hn > 0.0) ogas_vec_scale(n, 1.0 / hn, w);
            /* Apply the previous rotations, then make a new one that zeroes h[j+1]. */
            for (int q = 0; q < j; q++) {
                t = cs[q] * h[q] + sn[q] * h[q + 1];
                h[q + 1] = -sn[q] * h[q] + cs[q] * h[q + 1];
                h[q] = t;
            }
            t = hypot(h[j], h[j + 1]);
            cs[j] = t > 0 ? h[j] / t : 1.0;
            sn[j] = t > 0 ? h[j + 1] / t : 0.0;
            h[j] = t;
            h[j + 1] = 0.0;
            g[j + 1] = -sn[j] * g[j];
            g[j] = cs[j] * g[j];
            k = j + 1;
            balance__progress(o, "gmres", it, fabs(g[j + 1]) / bnorm);
            if (fabs(g[j + 1]) <= 0.5 * o->tol * bnorm || hn == 0.0) break;
        }
        /* y := H(0:k,0:k)^-1 g; x := x + D^-1 V y */
        for (int q = k - 1; q >= 0; q--) {
            double s = g[q];
            for (int c = q + 1; c < k; c++) s -= H[(int64_t)c * (m + 1) + q] * y[c];
            y[q] = H[(int64_t)q * (m + 1) + q] != 0.0 ? s / H[(int64_t)q * (m + 1) + q] : 0.0;
        }
        if (Z) {
            combine(n, Z, k, y, r);
            ogas_vec_axpy(n, 1.0, r, x);
        } else {
            combine(n, V, k, y, r);
            precondition(M, dinv, degree, r, z, tmp, &info->matvecs);
            ogas_vec_axpy(n, 1.0, z, x);
        }
    }
    relres = op_residual(M, x, b, r) / bnorm;
    info->matvecs++;
    if (!(relres <= o->tol))
        rc = ogas_error_set(err, OGAS_ENOCONV,
                            "GMRES stopped after %lld iterations at relative residual %.3g (asked for %.3g)",
                            (long long)it, relres, o->tol);
done:
    info->iterations = it;
    info->relative_residual = relres;
    if (!ws) balance__gmres_ws_free(&own);
    return rc;
}
