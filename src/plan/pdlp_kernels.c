/* pdlp_kernels.c: the vector work of PDLP (pdlp.c): diagonal preconditioning of the matrix, the
 * primal and dual steps, the step-weighted average, residuals and objectives, and the tests of
 * infeasibility certificates.
 *
 * Every loop runs over fixed blocks of BLK entries (in parallel above PAR entries); a reduction sums
 * each block in a fixed order into w->part and then adds the block sums in order, so that every result
 * has the same bits for any number of threads. */
#include <math.h>
#include <string.h>

#include "ogas/core.h"
#include "pdlp.h"

#define BLK 4096
#define PAR 32768 /* below this many entries, one thread */

/* Number of blocks of n entries. */
static int64_t nblk(int64_t n)
{
    return (n + BLK - 1) / BLK;
}

/* Sum of slot `slot` (of k slots) of the partial sums of nb blocks, in block order. */
static double sum_parts(const double *part, int64_t nb, int k, int slot)
{
    double s = 0.0;
    for (int64_t b = 0; b < nb; b++) s += part[b * k + slot];
    return s;
}

/* Largest of slot `slot` (of k slots) of the partial maxima of nb blocks. */
static double max_parts(const double *part, int64_t nb, int k, int slot)
{
    double s = 0.0;
    for (int64_t b = 0; b < nb; b++) s = fmax(s, part[b * k + slot]);
    return s;
}

/* v[0..k) := its sum (max: largest) over all processes. */
void pdlp__reduce(const pdlp_ws *w, double *v, int k, int max)
{
    if (w->ops->reduce) w->ops->reduce(w->ops->ctx, v, k, max);
}

/* The 2-norm of a vector of which each process holds n entries. */
double pdlp__norm2(const pdlp_ws *w, int64_t n, const double *v)
{
    double s = ogas_vec_norm2(n, v);
    if (!w->ops->reduce) return s;
    s *= s;
    pdlp__reduce(w, &s, 1, 0);
    return sqrt(s);
}

/* The largest |entry| of a vector of which each process holds n entries. */
double pdlp__norminf(const pdlp_ws *w, int64_t n, const double *v)
{
    double s = ogas_vec_norminf(n, v);
    pdlp__reduce(w, &s, 1, 1);
    return s;
}

/* d[r] := 1/sqrt(largest |entry| of row r of K), or (sum) 1/sqrt(sum of |entries|), of this process's
 * rows of K (transposed: of K'); 1 for an empty row. */
static void row_factors(const pdlp_ws *w, int transposed, int sum, double *d)
{
    int64_t k = transposed ? w->n : w->m;
    w->ops->row_norms(w->ops->ctx, transposed, sum, d);
    for (int64_t r = 0; r < k; r++) d[r] = d[r] > 0.0 ? 1.0 / sqrt(d[r]) : 1.0;
}

/* K := diag(dr) K diag(dc), and the scales rs, cs multiplied likewise. */
static void scale_by(pdlp_ws *w, const double *dr, const double *dc)
{
    w->ops->scale(w->ops->ctx, dr, dc);
    for (int64_t i = 0; i < w->m; i++) w->rs[i] *= dr[i];
    for (int64_t j = 0; j < w->n; j++) w->cs[j] *= dc[j];
}

/* s summed over all processes. */
static double reduced(const pdlp_ws *w, double s)
{
    pdlp__reduce(w, &s, 1, 0);
    return s;
}

/* Diagonal preconditioning as in PDLP (Applegate et al. 2021, sec. 3.3): ruiz_iterations of Ruiz's
 * equilibration (each row and column divided by the square root of its largest |entry|), then Pock and
 * Chambolle's scaling with alpha = 1 (each row and column divided by the square root of the sum of its
 * |entries|). The scaled data follow: c = -cs obj, column bounds / cs, row bounds * rs. Uses xn and yn
 * as scratch. */
void pdlp__scale(pdlp_ws *w, int ruiz_iterations)
{
    const ogas_pdlp_lp *L = w->L;
    double *dr = w->yn, *dc = w->xn;
    for (int64_t i = 0; i < w->m; i++) w->rs[i] = 1.0;
    for (int64_t j = 0; j < w->n; j++) w->cs[j] = 1.0;
    for (int it = 0; it < ruiz_iterations; it++) {
        row_factors(w, 0, 0, dr);
        row_factors(w, 1, 0, dc);
        scale_by(w, dr, dc);
    }
    row_factors(w, 0, 1, dr);
    row_factors(w, 1, 1, dc);
    scale_by(w, dr, dc);
    /* the bounds and the objective scaled to norm 1, so that the KKT error weighs them alike */
    for (int64_t i = 0; i < w->m; i++) {
        double lo = L->rowlo[i] * w->rs[i], hi = L->rowhi[i] * w->rs[i];
        dr[i] = fmax(isfinite(lo) ? fabs(lo) : 0.0, isfinite(hi) ? fabs(hi) : 0.0);
    }
    for (int64_t j = 0; j < w->n; j++) dc[j] = L->obj[j] * w->cs[j];
    w->beta = pdlp__norm2(w, w->m, dr);
    w->gamma = pdlp__norm2(w, w->n, dc);
    if (!(w->beta > 0.0 && isfinite(w->beta))) w->beta = 1.0;
    if (!(w->gamma > 0.0 && isfinite(w->gamma))) w->gamma = 1.0;
    for (int64_t j = 0; j < w->n; j++) {
        w->c[j] = L->obj[j] == 0.0 ? 0.0 : -L->obj[j] * w->cs[j] / w->gamma;
        w->lx[j] = L->collo[j] / w->cs[j] / w->beta;
        w->ux[j] = L->colhi[j] / w->cs[j] / w->beta;
    }
    for (int64_t i = 0; i < w->m; i++) {
        w->l[i] = L->rowlo[i] * w->rs[i] / w->beta;
        w->u[i] = L->rowhi[i] * w->rs[i] / w->beta;
    }
}

/* xn := proj(x - tau (c - K'y)) onto [lx, ux]; returns ||xn - x||^2. */
double pdlp__primal_step(pdlp_ws *w, double tau)
{
    int64_t n = w->n, nb = nblk(n);
    const double *x = w->x, *c = w->c, *g = w->KTy, *lo = w->lx, *hi = w->ux;
    double *xn = w->xn, *part = w->part;
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t b = 0; b < nb; b++) {
        int64_t a = b * BLK, e = a + BLK < n ? a + BLK : n;
        double s = 0.0;
        for (int64_t j = a; j < e; j++) {
            double v = x[j] - tau * (c[j] - g[j]);
            v = v < lo[j] ? lo[j] : (v > hi[j] ? hi[j] : v);
            xn[j] = v;
            v -= x[j];
            s += v * v;
        }
        part[b] = s;
    }
    return reduced(w, sum_parts(part, nb, 1, 0));
}

/* yn := the maximiser of -y'K(2xn - x) + sum_i (l_i y_i^+ - u_i y_i^-) - ||y - y_k||^2 / (2 sigma): with
 * v = y - sigma K(2xn - x), yn = v + sigma l where that is positive, v + sigma u where that is negative,
 * else 0 (so yn >= 0 on rows with no upper bound, <= 0 on rows with no lower bound). Returns ||yn - y||^2. */
double pdlp__dual_step(pdlp_ws *w, double sigma)
{
    int64_t m = w->m, nb = nblk(m);
    const double *y = w->y, *Kx = w->Kx, *Kxn = w->Kxn, *lo = w->l, *hi = w->u;
    double *yn = w->yn, *part = w->part;
#pragma omp parallel for schedule(static) if (m > PAR)
    for (int64_t b = 0; b < nb; b++) {
        int64_t a = b * BLK, e = a + BLK < m ? a + BLK : m;
        double s = 0.0;
        for (int64_t i = a; i < e; i++) {
            double v = y[i] - sigma * (2.0 * Kxn[i] - Kx[i]), p = v + sigma * lo[i], q = v + sigma * hi[i], d;
            v = p > 0.0 ? p : (q < 0.0 ? q : 0.0);
            yn[i] = v;
            d = v - y[i];
            s += d * d;
        }
        part[b] = s;
    }
    return reduced(w, sum_parts(part, nb, 1, 0));
}

/* (xn - x)'(K'yn - K'y). */
double pdlp__interaction(const pdlp_ws *w)
{
    int64_t n = w->n, nb = nblk(n);
    const double *x = w->x, *xn = w->xn, *g = w->KTy, *gn = w->KTyn;
    double *part = w->part;
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t b = 0; b < nb; b++) {
        int64_t a = b * BLK, e = a + BLK < n ? a + BLK : n;
        double s = 0.0;
        for (int64_t j = a; j < e; j++) s += (xn[j] - x[j]) * (gn[j] - g[j]);
        part[b] = s;
    }
    return reduced(w, sum_parts(part, nb, 1, 0));
}

/* avg := avg + t (v - avg) over n entries (avg := v when t >= 1). */
static void move_toward(int64_t n, double t, const double *v, double *avg)
{
    if (t >= 1.0) {
        memcpy(avg, v, (size_t)n * sizeof *avg);
        return;
    }
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t j = 0; j < n; j++) avg[j] += t * (v[j] - avg[j]);
}

/* The average of the iterates weighted by their steps: adds the current iterate with weight eta. */
void pdlp__average_add(pdlp_ws *w, double eta)
{
    double t;
    w->wsum += eta;
    t = eta / w->wsum;
    move_toward(w->n, t, w->x, w->xa);
    move_toward(w->n, t, w->KTy, w->KTya);
    move_toward(w->m, t, w->y, w->ya);
    move_toward(w->m, t, w->Kx, w->Kxa);
}

/* v := a (2 g vn + (1 - 2 g) v) + b v0 over n entries: the reflected Halpern step. */
static void halpern_move(int64_t n, double a, double b, double g, double *v, const double *vn, const double *v0)
{
    double p = 2.0 * g * a, q = (1.0 - 2.0 * g) * a;
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t j = 0; j < n; j++) v[j] = p * vn[j] + q * v[j] + b * v0[j];
}

/* The reflected Halpern step from the iterate (x, y) and its PDHG step (xn, yn), anchored at (x0, y0):
 * every vector of the iterate, products too, := a (g (2 vn - v) + (1 - g) v) + b v0. */
void pdlp__halpern(pdlp_ws *w, double a, double b, double g)
{
    halpern_move(w->n, a, b, g, w->x, w->xn, w->x0);
    halpern_move(w->n, a, b, g, w->KTy, w->KTyn, w->KTy0);
    halpern_move(w->m, a, b, g, w->y, w->yn, w->y0);
    halpern_move(w->m, a, b, g, w->Kx, w->Kxn, w->Kx0);
}

/* ||a - b||^2 over n entries. */
double pdlp__dist2(const pdlp_ws *w, int64_t n, const double *a, const double *b)
{
    int64_t nb = nblk(n);
    double *part = w->part;
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t k = 0; k < nb; k++) {
        int64_t lo = k * BLK, hi = lo + BLK < n ? lo + BLK : n;
        double s = 0.0;
        for (int64_t j = lo; j < hi; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        part[k] = s;
    }
    return reduced(w, sum_parts(part, nb, 1, 0));
}

/* Residuals and objectives of (x, y), on the scaled problem or (unscaled) the original one. Primal
 * residual: the distance of Kx from [l, u]. Dual: with reduced costs r = c - K'y, the part lambda of r that
 * the column bounds can carry (r > 0 needs a finite lower bound, r < 0 a finite upper one) enters the
 * dual objective sum l_i y_i^+ - u_i y_i^- + sum lx_j lambda_j^+ - ux_j lambda_j^-, and the rest, r -
 * lambda, is the dual residual (with any y of the wrong sign, which the steps never make). With a zero
 * dual residual this dual objective is a lower bound on the optimum (Applegate et al. 2021, sec. 3.2). */
void pdlp__measure(const pdlp_ws *w, int unscaled, const double *x, const double *y, const double *Kx,
                   const double *KTy, pdlp_measure *out)
{
    const ogas_pdlp_lp *L = w->L;
    int64_t m = w->m, n = w->n, nbm = nblk(m), nbn = nblk(n);
    double *part = w->part, rows[3], cols[3], both[6];
#pragma omp parallel for schedule(static) if (m > PAR)
    for (int64_t b = 0; b < nbm; b++) {
        int64_t a = b * BLK, e = a + BLK < m ? a + BLK : m;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0;
        for (int64_t i = a; i < e; i++) {
            double ax = Kx[i], lo = w->l[i], hi = w->u[i], yi = y[i], v;
            if (unscaled) {
                ax *= w->beta / w->rs[i];
                lo = L->rowlo[i];
                hi = L->rowhi[i];
                yi *= w->gamma * w->rs[i];
            }
            v = ax < lo ? lo - ax : (ax > hi ? ax - hi : 0.0);
            s0 += v * v;
            if (yi > 0.0) {
                if (isfinite(lo)) s1 += yi * lo;
                else s2 += yi * yi;
            } else if (yi < 0.0) {
                if (isfinite(hi)) s1 += yi * hi;
                else s2 += yi * yi;
            }
        }
        part[3 * b] = s0;
        part[3 * b + 1] = s1;
        part[3 * b + 2] = s2;
    }
    for (int k = 0; k < 3; k++) rows[k] = sum_parts(part, nbm, 3, k);
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t b = 0; b < nbn; b++) {
        int64_t a = b * BLK, e = a + BLK < n ? a + BLK : n;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0;
        for (int64_t j = a; j < e; j++) {
            double cj = w->c[j], xj = x[j], r, lo = w->lx[j], hi = w->ux[j], lam, d;
            if (unscaled) {
                cj = -L->obj[j];
                lo = L->collo[j];
                hi = L->colhi[j];
                xj *= w->beta * w->cs[j];
                xj = xj < lo ? lo : (xj > hi ? hi : xj);
                r = cj - KTy[j] * w->gamma / w->cs[j];
            } else {
                r = cj - KTy[j];
            }
            s0 += cj * xj;
            lam = (r > 0.0 && isfinite(lo)) || (r < 0.0 && isfinite(hi)) ? r : 0.0;
            d = r - lam;
            s1 += d * d;
            if (lam > 0.0) s2 += lam * lo;
            else if (lam < 0.0) s2 += lam * hi;
        }
        part[3 * b] = s0;
        part[3 * b + 1] = s1;
        part[3 * b + 2] = s2;
    }
    for (int k = 0; k < 3; k++) cols[k] = sum_parts(part, nbn, 3, k);
    if (w->ops->reduce) {
        memcpy(both, rows, sizeof rows);
        memcpy(both + 3, cols, sizeof cols);
        pdlp__reduce(w, both, 6, 0);
        memcpy(rows, both, sizeof rows);
        memcpy(cols, both + 3, sizeof cols);
    }
    out->pres = sqrt(rows[0]);
    out->dres = sqrt(cols[1] + rows[2]);
    out->pobj = cols[0];
    out->dobj = rows[1] + cols[2];
}

/* Tests the direction (dx, dy) = (x - xr, y - yr), taken back to the original problem, for certificates
 * (Applegate et al. 2021, sec. 3.5; Applegate, Diaz, Lu and Lubin, "Infeasibility detection with
 * primal-dual hybrid gradient for large-scale linear programming", 2021):
 *   dual ray (primal infeasibility): with r = -A'dy and lambda its part that the column bounds carry,
 *     the objective sum rowlo_i dy_i^+ - rowhi_i dy_i^- + sum collo_j lambda_j^+ - colhi_j lambda_j^- is
 *     positive and the violations (r - lambda, and dy of the wrong sign) are at most eps times it;
 *   primal ray (unboundedness): c'dx < 0, and the violations of the recession cone (A dx outside the
 *     cone of [rowlo, rowhi], dx outside that of [collo, colhi]) are at most eps times -c'dx.
 * Both tests are scale-free: they compare the largest violation (infinity norm) with the objective. */
int pdlp__ray_test(const pdlp_ws *w, const double *x, const double *xr, const double *Kx, const double *Kxr,
                   const double *y, const double *yr, const double *KTy, const double *KTyr, double eps)
{
    const ogas_pdlp_lp *L = w->L;
    int64_t m = w->m, n = w->n, nbm = nblk(m), nbn = nblk(n);
    double *part = w->part, dobj, dobjc, dviol, dmax, pobj, pviol, pmax, sums[3], maxes[6];
    /* rows: 0 dual-ray objective, 1 dual-ray violation, 2 largest |dy|, 3 primal-ray violation */
#pragma omp parallel for schedule(static) if (m > PAR)
    for (int64_t b = 0; b < nbm; b++) {
        int64_t a = b * BLK, e = a + BLK < m ? a + BLK : m;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (int64_t i = a; i < e; i++) {
            double dy = (y[i] - yr[i]) * w->gamma * w->rs[i], ad = (Kx[i] - Kxr[i]) * w->beta / w->rs[i];
            double lo = L->rowlo[i], hi = L->rowhi[i];
            if (dy > 0.0) {
                if (isfinite(lo)) s0 += dy * lo;
                else s1 = fmax(s1, dy);
            } else if (dy < 0.0) {
                if (isfinite(hi)) s0 += dy * hi;
                else s1 = fmax(s1, -dy);
            }
            s2 = fmax(s2, fabs(dy));
            if (isfinite(lo) && ad < 0.0) s3 = fmax(s3, -ad);
            if (isfinite(hi) && ad > 0.0) s3 = fmax(s3, ad);
        }
        part[4 * b] = s0;
        part[4 * b + 1] = s1;
        part[4 * b + 2] = s2;
        part[4 * b + 3] = s3;
    }
    dobj = sum_parts(part, nbm, 4, 0);
    dviol = max_parts(part, nbm, 4, 1);
    dmax = max_parts(part, nbm, 4, 2);
    pviol = max_parts(part, nbm, 4, 3);
    /* columns: 0 dual-ray objective, 1 dual-ray violation, 2 c'dx, 3 primal-ray violation, 4 largest |dx| */
#pragma omp parallel for schedule(static) if (n > PAR)
    for (int64_t b = 0; b < nbn; b++) {
        int64_t a = b * BLK, e = a + BLK < n ? a + BLK : n;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0;
        for (int64_t j = a; j < e; j++) {
            double r = -(KTy[j] - KTyr[j]) * w->gamma / w->cs[j], dx = (x[j] - xr[j]) * w->beta * w->cs[j];
            double lo = L->collo[j], hi = L->colhi[j];
            double lam = (r > 0.0 && isfinite(lo)) || (r < 0.0 && isfinite(hi)) ? r : 0.0;
            s1 = fmax(s1, fabs(r - lam));
            if (lam > 0.0) s0 += lam * lo;
            else if (lam < 0.0) s0 += lam * hi;
            s2 -= L->obj[j] * dx;
            if (isfinite(lo) && dx < 0.0) s3 = fmax(s3, -dx);
            if (isfinite(hi) && dx > 0.0) s3 = fmax(s3, dx);
            s4 = fmax(s4, fabs(dx));
        }
        part[5 * b] = s0;
        part[5 * b + 1] = s1;
        part[5 * b + 2] = s2;
        part[5 * b + 3] = s3;
        part[5 * b + 4] = s4;
    }
    dobjc = sum_parts(part, nbn, 5, 0);
    dviol = fmax(dviol, max_parts(part, nbn, 5, 1));
    pobj = sum_parts(part, nbn, 5, 2);
    pviol = fmax(pviol, max_parts(part, nbn, 5, 3));
    pmax = max_parts(part, nbn, 5, 4);
    if (w->ops->reduce) {
        sums[0] = dobj, sums[1] = dobjc, sums[2] = pobj;
        maxes[0] = dviol, maxes[1] = dmax, maxes[2] = pviol, maxes[3] = pmax;
        pdlp__reduce(w, sums, 3, 0);
        pdlp__reduce(w, maxes, 4, 1);
        dobj = sums[0], dobjc = sums[1], pobj = sums[2];
        dviol = maxes[0], dmax = maxes[1], pviol = maxes[2], pmax = maxes[3];
    }
    dobj += dobjc;
    if (dmax > 0.0 && dobj > 0.0 && dviol <= eps * dobj) return 1;
    if (pmax > 0.0 && pobj < 0.0 && pviol <= eps * -pobj) return 2;
    return 0;
}
