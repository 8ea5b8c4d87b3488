/* supply_use.c: requirements tables from make and use tables under the industry technology
 * assumption, with the BEA scrap adjustment (the algebra; src/formats/supply_use.c reads the tables).
 *
 * Sources: U.S. Bureau of Economic Analysis, Concepts and Methods of the U.S. Input-Output Accounts
 * (2006, updated 2009), ch. 12, "Derivation of the requirements tables"; R. E. Miller and P. D. Blair,
 * Input-Output Analysis: Foundations and Extensions, 2nd ed. (2009), ch. 5. With V the make table
 * (industries x commodities), U the intermediate use table (commodities x industries), g = V 1 and
 * q = V' 1:
 *   B = U diag(g)^-1                      commodity-by-industry direct requirements
 *   D = V diag(q)^-1                      industry-by-commodity market shares
 *   D := diag(1 - p)^-1 D, p_i = V(i,s)/g_i, with column s (scrap) of V left out before q and D
 *   ixi: (I - D B)^-1,  cxc: (I - B D)^-1,  ixc: D (I - B D)^-1.
 * Scrap is a by-product: demand for it calls for no production, so it gets no market shares, and the
 * shares of each industry are scaled up so that D q = g (industry output, scrap included) still holds.
 * The products of the (sparse) coefficient matrices are formed densely by plain loops over nonzeros;
 * the inverse is ogas_leontief_inverse (LU, with the productivity check that names the culprits). */
#include <math.h>
#include <string.h>

#include "ogas/balance.h"
#include "ogas/core.h"
#include "ogas/supply_use.h"

static const char *const kind_names[] = {"ixi", "cxc", "ixc"};

/* Name of a total-requirements kind. */
const char *ogas_tr_kind_name(ogas_tr_kind k)
{
    return (int)k >= 0 && (int)k < 3 ? kind_names[k] : "?";
}

/* *k := the kind named s; 1 on success. */
int ogas_tr_kind_parse(const char *s, ogas_tr_kind *k)
{
    for (int t = 0; s && t < 3; t++)
        if (strcmp(s, kind_names[t]) == 0) {
            *k = (ogas_tr_kind)t;
            return 1;
        }
    return 0;
}

/* g := row sums of V, q := column sums of V. */
void ogas_supply_use_outputs(const ogas_csr *V, double *g, double *q)
{
    for (int64_t c = 0; c < V->n; c++) q[c] = 0.0;
    for (int64_t i = 0; i < V->m; i++) {
        double s = 0.0;
        for (int64_t k = V->p[i]; k < V->p[i + 1]; k++) {
            s += V->x[k];
            q[V->j[k]] += V->x[k];
        }
        g[i] = s;
    }
}

/* Code of entry k of codes, or "?" without codes. */
static const char *code_of(char *const *codes, int64_t k)
{
    return codes && codes[k] ? codes[k] : "?";
}

/* B := U diag(g)^-1 and D := the scrap-adjusted market shares (see the file comment). */
ogas_status ogas_supply_use_coefficients(const ogas_csr *V, const ogas_csr *U, int64_t scrap, char *const *industries,
                                         char *const *commodities, ogas_csr *B, ogas_csr *D, ogas_error *err)
{
    int64_t ni = V->m, nc = V->n;
    double *g = NULL, *q = NULL, *h = NULL, *inabs = NULL;
    ogas_triplet T = {0};
    ogas_status rc = OGAS_OK;

    memset(B, 0, sizeof *B);
    memset(D, 0, sizeof *D);
    if (U->m != nc || U->n != ni)
        return ogas_error_set(err, OGAS_EARG,
                              "use table is %lld x %lld, expected commodities x industries = %lld x %lld (the make "
                              "table's columns x rows)",
                              (long long)U->m, (long long)U->n, (long long)nc, (long long)ni);
    if (scrap < -1 || scrap >= nc)
        return ogas_error_set(err, OGAS_EARG, "scrap commodity index %lld is out of range (0..%lld, or -1 for none)",
                              (long long)scrap, (long long)nc - 1);
    g = ogas_calloc((size_t)ni + 1, sizeof *g);
    h = ogas_calloc((size_t)ni + 1, sizeof *h);
    inabs = ogas_calloc((size_t)ni + 1, sizeof *inabs);
    q = ogas_calloc((size_t)nc + 1, sizeof *q);
    if (!g || !h || !inabs || !q) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for supply-use coefficients");
        goto done;
    }
    /* Output: g_i scrap included, h_i = sum over c != s of V(i,c) (so 1 - p_i = h_i / g_i exactly). */
    for (int64_t i = 0; i < ni; i++) {
        for (int64_t k = V->p[i]; k < V->p[i + 1]; k++) {
            double v = V->x[k];
            if (!isfinite(v) || v < 0) {
                rc = ogas_error_set(err, OGAS_EINVAL,
                                    "industry %s makes %g of commodity %s (expected a finite amount >= 0)",
                                    code_of(industries, i), v, code_of(commodities, V->j[k]));
                goto done;
            }
            g[i] += v;
            q[V->j[k]] += v;
            if (V->j[k] != scrap) h[i] += v;
        }
    }
    for (int64_t k = 0; k < U->p[U->m]; k++) {
        if (!isfinite(U->x[k])) {
            rc = ogas_error_set(err, OGAS_EINVAL, "use of a commodity by industry %s is not a finite number",
                                code_of(industries, U->j[k]));
            goto done;
        }
        inabs[U->j[k]] += fabs(U->x[k]);
    }
    for (int64_t i = 0; i < ni; i++) {
        if (g[i] == 0.0 && inabs[i] != 0.0) {
            rc = ogas_error_set(err, OGAS_EINVAL,
                                "industry %s uses inputs (%.6g in all) but makes nothing: direct requirements need a "
                                "positive industry output",
                                code_of(industries, i), inabs[i]);
            goto done;
        }
        if (g[i] > 0.0 && h[i] <= 0.0) {
            rc = ogas_error_set(err, OGAS_EINVAL,
                                "industry %s makes nothing but scrap (%s): its market shares are undefined",
                                code_of(industries, i), code_of(commodities, scrap));
            goto done;
        }
    }
    /* B: divide rather than multiply by 1/g, as ogas_coefficients does. */
    rc = ogas_csr_copy(U, B, err);
    if (rc) goto done;
    for (int64_t k = 0; k < B->p[B->m]; k++) {
        int64_t i = B->j[k];
        B->x[k] = g[i] > 0.0 ? B->x[k] / g[i] : 0.0;
    }
    /* D: column s left out; row i scaled by g_i / h_i = 1 / (1 - p_i). */
    rc = ogas_triplet_init(&T, ni, nc, ogas_csr_nnz(V), err);
    if (rc) goto done;
    for (int64_t i = 0; i < ni; i++) {
        double up = h[i] > 0.0 ? g[i] / h[i] : 1.0;
        for (int64_t k = V->p[i]; k < V->p[i + 1]; k++) {
            int64_t c = V->j[k];
            double share;
            if (c == scrap || V->x[k] == 0.0) continue;
            share = V->x[k] / q[c];
            if (scrap >= 0) share *= up;
            rc = ogas_triplet_push(&T, i, c, share, err);
            if (rc) goto done;
        }
    }
    rc = ogas_csr_from_triplet(&T, D, err);
done:
    ogas_triplet_free(&T);
    ogas_free(g);
    ogas_free(h);
    ogas_free(inabs);
    ogas_free(q);
    if (rc) {
        ogas_csr_free(B);
        ogas_csr_free(D);
    }
    return rc;
}

/* P := X Y, dense, by rows of X and the nonzeros of the rows of Y they pick. */
static ogas_status product_dense(const ogas_csr *X, const ogas_csr *Y, ogas_dense *P, ogas_error *err)
{
    ogas_status rc = ogas_dense_init(P, X->m, Y->n, err);
    if (rc) return rc;
    for (int64_t r = 0; r < X->m; r++) {
        double *out = P->x + r * Y->n;
        for (int64_t k = X->p[r]; k < X->p[r + 1]; k++) {
            int64_t mid = X->j[k];
            double a = X->x[k];
            for (int64_t t = Y->p[mid]; t < Y->p[mid + 1]; t++) out[Y->j[t]] += a * Y->x[t];
        }
    }
    return OGAS_OK;
}

/* A := D B (ixi) or B D (cxc). */
ogas_status ogas_supply_use_direct(const ogas_csr *B, const ogas_csr *D, ogas_tr_kind kind, ogas_csr *A,
                                   ogas_error *err)
{
    ogas_dense P = {0};
    ogas_status rc;
    memset(A, 0, sizeof *A);
    if (kind != OGAS_TR_IXI && kind != OGAS_TR_CXC)
        return ogas_error_set(err, OGAS_EARG, "direct requirements are industry by industry (ixi) or commodity by "
                                              "commodity (cxc), not '%s'",
                              ogas_tr_kind_name(kind));
    if (B->m != D->n || B->n != D->m)
        return ogas_error_set(err, OGAS_EARG,
                              "B is %lld x %lld and D %lld x %lld (expected commodities x industries and industries "
                              "x commodities)",
                              (long long)B->m, (long long)B->n, (long long)D->m, (long long)D->n);
    rc = kind == OGAS_TR_IXI ? product_dense(D, B, &P, err) : product_dense(B, D, &P, err);
    if (!rc) rc = ogas_csr_from_dense(P.m, P.n, P.x, A, err);
    ogas_dense_free(&P);
    return rc;
}

/* TR := (I - D B)^-1, (I - B D)^-1 or D (I - B D)^-1 (see the file comment). */
ogas_status ogas_total_requirements(const ogas_csr *V, const ogas_csr *U, int64_t scrap, ogas_tr_kind kind,
                                    char *const *industries, char *const *commodities, ogas_dense *TR,
                                    ogas_error *err)
{
    ogas_csr B = {0}, D = {0}, A = {0};
    ogas_dense L = {0};
    ogas_status rc;

    memset(TR, 0, sizeof *TR);
    if (kind != OGAS_TR_IXI && kind != OGAS_TR_CXC && kind != OGAS_TR_IXC)
        return ogas_error_set(err, OGAS_EARG, "unknown kind of total requirements (expected ixi, cxc or ixc)");
    rc = ogas_supply_use_coefficients(V, U, scrap, industries, commodities, &B, &D, err);
    if (rc) goto done;
    rc = ogas_supply_use_direct(&B, &D, kind == OGAS_TR_IXI ? OGAS_TR_IXI : OGAS_TR_CXC, &A, err);
    if (rc) goto done;
    if (kind != OGAS_TR_IXC) {
        rc = ogas_leontief_inverse(&A, kind == OGAS_TR_IXI ? industries : commodities, TR, err);
        goto done;
    }
    /* ixc: TR = D L, row i the sum over the nonzeros D(i,c) of D(i,c) times row c of L. */
    rc = ogas_leontief_inverse(&A, commodities, &L, err);
    if (rc) goto done;
    rc = ogas_dense_init(TR, D.m, L.n, err);
    if (rc) goto done;
    for (int64_t i = 0; i < D.m; i++)
        for (int64_t k = D.p[i]; k < D.p[i + 1]; k++) ogas_vec_axpy(L.n, D.x[k], L.x + (int64_t)D.j[k] * L.n, TR->x + i * L.n);
done:
    ogas_csr_free(&A);
    ogas_csr_free(&B);
    ogas_csr_free(&D);
    ogas_dense_free(&L);
    if (rc) ogas_dense_free(TR);
    return rc;
}

/* out[c] := q_c * sum_i D(i,c) w_i / g_i. */
void ogas_supply_use_to_commodities(const ogas_csr *D, const double *g, const double *q, const double *w,
                                    double *out)
{
    for (int64_t c = 0; c < D->n; c++) out[c] = 0.0;
    for (int64_t i = 0; i < D->m; i++) {
        if (D->p[i] == D->p[i + 1] || g[i] == 0.0) continue;
        for (int64_t k = D->p[i]; k < D->p[i + 1]; k++) out[D->j[k]] += D->x[k] * (w[i] / g[i]);
    }
    for (int64_t c = 0; c < D->n; c++) out[c] *= q[c];
}
