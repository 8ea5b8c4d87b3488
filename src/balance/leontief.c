/* leontief.c: the ogas_leontief solver handle: method choice, productivity check, solves in both
 * directions, and the dense inverse. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "solvers.h"

struct ogas_leontief {
    const ogas_csr *A;        /* borrowed */
    char *const *codes;       /* borrowed, may be NULL */
    const ogas_csr *AT;       /* A': given by the caller, or built on first need into own_AT */
    ogas_csr own_AT;          /* A' when built here */
    double *diag;             /* diagonal of I - A */
    ogas_solve_options o;     /* options, defaults filled in */
    ogas_method method;       /* resolved method */
    ogas_productivity prod;   /* what the productivity check found */
    dense_lu lu;              /* factors when method is dense */
    int scatter;              /* A x by scattering the rows of A' (large economies; see spmv.c) */
    double *work;             /* the scatter buffers (the map's work when there is a map) */
    ogas_scatter_map map;     /* where the scattered sums go (popular products together, far entries by range) */
    balance_gmres_ws gws;     /* GMRES's arrays, kept from one solve to the next */
};



static const char *const method_names[] = {"auto", "dense", "gmres", "neumann", "gauss-seidel"};

/* Name of m. */
const char *ogas_method_name(ogas_method m)
{
    return (unsigned)m < sizeof method_names / sizeof *method_names ? method_names[m] : "unknown";
}

/* *m := method named s. */
int ogas_method_parse(const char *s, ogas_method *m)
{
    for (unsigned k = 0; k < sizeof method_names / sizeof *method_names; k++)
        if (strcmp(s, method_names[k]) == 0) {
            *m = (ogas_method)k;
            return 1;
        }
    return 0;
}

/* o := defaults. */
void ogas_solve_options_init(ogas_solve_options *o)
{
    memset(o, 0, sizeof *o);
    o->method = OGAS_METHOD_AUTO;
    o->tol = 1e-10;
    o->max_iter = 10000;
    o->restart = 20;
    o->dense_limit = 1500;
    o->poly = -1;
    /* From this many products on the vectors no longer fit in the cache, and A x is computed from A' by
     * scattering: the rows of A' (each industry's inputs) touch few, popular, entries. */
    o->scatter_from = 2000000;
}

/* Progress hook. */
void balance__progress(const ogas_solve_options *o, const char *method, int64_t iter, double relres)
{
    if (o->progress) o->progress(o->progress_ud, method, iter, relres);
}

/* Method auto resolves to: dense LU for small tables; Gauss-Seidel when the column sums guarantee a
 * contraction of 0.3 or better per sweep (then it needs no Krylov basis and few sweeps); GMRES otherwise. */
static ogas_method choose(const ogas_leontief *L)
{
    if (L->o.method != OGAS_METHOD_AUTO) return L->o.method;
    if (L->A->n <= L->o.dense_limit) return OGAS_METHOD_DENSE;
    if (L->prod.max_colsum <= 0.3) return OGAS_METHOD_GAUSS_SEIDEL;
    return OGAS_METHOD_GMRES;
}

/* L->AT := A', transposing A unless the caller gave it. */
static ogas_status need_transpose(ogas_leontief *L, ogas_error *err)
{
    ogas_status rc;
    if (L->AT) return OGAS_OK;
    rc = ogas_csr_transpose(L->A, &L->own_AT, err);
    if (!rc) L->AT = &L->own_AT;
    return rc;
}

/* *out := solver for I - A. */
ogas_status ogas_leontief_create(const ogas_csr *A, char *const *codes, const ogas_solve_options *o, ogas_leontief **out,
                                 ogas_error *err)
{
    return ogas_leontief_create_t(A, NULL, codes, o, out, err);
}

/* *out := solver for I - A, with A' already at hand (AT may be NULL). */
ogas_status ogas_leontief_create_t(const ogas_csr *A, const ogas_csr *AT, char *const *codes,
                                   const ogas_solve_options *o, ogas_leontief **out, ogas_error *err)
{
    ogas_leontief *L;
    ogas_status rc;
    *out = NULL;
    if (A->m != A->n)
        return ogas_error_set(err, OGAS_EARG, "coefficient matrix is %lld x %lld, not square", (long long)A->m,
                              (long long)A->n);
    L = ogas_calloc(1, sizeof *L);
    if (!L) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    L->A = A;
    L->codes = codes;
    if (AT && (AT->m != A->n || AT->n != A->m || ogas_csr_nnz(AT) != ogas_csr_nnz(A))) {
        rc = ogas_error_set(err, OGAS_EARG, "the transpose given does not match A");
        goto fail;
    }
    L->AT = AT;
    if (o) L->o = *o;
    else ogas_solve_options_init(&L->o);
    if (!(L->o.tol > 0)) L->o.tol = 1e-10;
    if (L->o.max_iter <= 0) L->o.max_iter = 10000;
    if (L->o.restart <= 0) L->o.restart = 20;
    L->diag = ogas_mallocarray((size_t)A->n + 1, sizeof *L->diag);
    if (!L->diag) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto fail;
    }
    rc = balance__productivity(A, L->AT, &L->prod, L->diag, err);
    if (rc) goto fail;
    for (int64_t i = 0; i < A->n; i++) L->diag[i] = 1.0 - L->diag[i]; /* diagonal of I - A */
    if (L->prod.productive == 0) {
        rc = ogas_productivity_error(A, &L->prod, codes, err);
        goto fail;
    }
    L->method = choose(L);
    /* GMRES on large economies: a degree-1 Neumann polynomial halves the Krylov basis (see gmres.c). */
    if (L->o.poly < 0) L->o.poly = A->n >= 2000 ? 1 : 0;
    if (L->o.scatter_from > 0 && A->n >= L->o.scatter_from && (L->method == OGAS_METHOD_GMRES || L->method == OGAS_METHOD_NEUMANN) &&
        ogas_threads() > 1) {
        rc = need_transpose(L, err);
        if (rc) goto fail;
        /* the rows of A count each product's entries in A'. Without memory for the map (an index per
         * nonzero) or for its buffers, the product scatters by A' itself: slower, the same to rounding */
        if (ogas_scatter_map_build(L->AT, A, &L->map, NULL) == OGAS_OK &&
            !(L->work = ogas_mallocarray((size_t)ogas_scatter_map_work(&L->map), sizeof *L->work)))
            ogas_scatter_map_free(&L->map);
        if (!L->work && !(L->work = ogas_mallocarray((size_t)ogas_threads() * (size_t)A->n, sizeof *L->work))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the product's buffers");
            goto fail;
        }
        L->scatter = 1;
    }
    if (L->method == OGAS_METHOD_DENSE) {
        ogas_error e2;
        ogas_error_clear(&e2);
        rc = balance__dense_factor(A, &L->lu, &e2);
        if (rc == OGAS_ESINGULAR) {
            rc = ogas_productivity_error(A, &L->prod, codes, err);
            goto fail;
        }
        if (rc) {
            if (err) *err = e2;
            goto fail;
        }
    }
    *out = L;
    return OGAS_OK;
fail:
    ogas_leontief_destroy(L);
    return rc;
}

/* Products. */
int64_t ogas_leontief_size(const ogas_leontief *L)
{
    return L->A->n;
}

/* Method in use. */
ogas_method ogas_leontief_method(const ogas_leontief *L)
{
    return L->method;
}

/* Solves (I - M) x = b with the chosen method; M = A or A'. */
static ogas_status solve(ogas_leontief *L, int transposed, const double *b, double *x, ogas_solve_info *info,
                         ogas_error *err)
{
    ogas_solve_info local;
    const ogas_csr *M = L->A;
    balance_op op = {L->A, 0, NULL, NULL};
    double t0 = ogas_now();
    int64_t n = L->A->n;
    ogas_status rc = OGAS_OK;

    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    info->method = L->method;
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(b[i]))
            return ogas_error_set(err, OGAS_EARG, "right-hand side has a non-finite value for product %s",
                                  L->codes ? L->codes[i] : "?");
    if (transposed && L->method != OGAS_METHOD_DENSE) {
        if ((rc = need_transpose(L, err))) return rc;
        M = L->AT;
        op.S = L->AT; /* (I - A)' v = c: gather the rows of A' */
    } else if (L->scatter) {
        op.S = L->AT; /* (I - A) x = d: A x scattered from the rows of A' */
        op.transposed = 1;
        op.work = L->work;
        op.map = L->map.j ? &L->map : NULL;
    }
    switch (L->method) {
    case OGAS_METHOD_DENSE: {
        double *r = ogas_mallocarray((size_t)n + 1, sizeof *r), bn = ogas_vec_norm2(n, b);
        if (!r) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        rc = balance__dense_solve(&L->lu, transposed, b, x, err);
        if (!rc) {
            const ogas_csr *Mr = L->A;
            if (transposed) {
                rc = need_transpose(L, err);
                Mr = L->AT;
            }
            if (!rc) info->relative_residual = bn > 0 ? ogas_csr_leontief_residual(Mr, x, b, r) / bn : 0.0;
            info->matvecs = 1;
            if (!rc && !(info->relative_residual <= L->o.tol))
                rc = ogas_error_set(err, OGAS_ENOCONV,
                                    "dense LU solve has relative residual %.3g, above the tolerance %.3g (ill-conditioned; "
                                    "reciprocal condition %.2g)",
                                    info->relative_residual, L->o.tol, L->lu.rcond);
        }
        ogas_free(r);
        break;
    }
    case OGAS_METHOD_GMRES:
        ogas_vec_copy(n, b, x);
        rc = balance__gmres(&op, L->diag, b, x, &L->o, info, &L->gws, err);
        break;
    case OGAS_METHOD_NEUMANN:
        ogas_vec_copy(n, b, x);
        rc = balance__neumann(&op, b, x, &L->o, info, err);
        break;
    case OGAS_METHOD_GAUSS_SEIDEL:
        ogas_vec_copy(n, b, x);
        rc = balance__gauss_seidel(M, L->diag, b, x, &L->o, info, err);
        break;
    default:
        rc = ogas_error_set(err, OGAS_EINTERNAL, "no method");
    }
    /* Undecided productivity and a solution with negative outputs for nonnegative demand: for A >= 0 that
     * only happens when the spectral radius is >= 1 (a singular but consistent system that a Krylov method
     * can still "solve"). */
    if (rc == OGAS_OK && L->prod.productive == -1 && L->prod.rho_lower >= 0) {
        int bnonneg = 1, xneg = 0;
        double xmax = ogas_vec_norminf(n, x);
        for (int64_t i = 0; i < n; i++) {
            if (b[i] < 0) bnonneg = 0;
            if (x[i] < -1e-9 * xmax) xneg = 1;
        }
        if (bnonneg && xneg) {
            ogas_productivity_error(L->A, &L->prod, L->codes, err);
            rc = OGAS_ENOTPRODUCTIVE;
        }
    }
    /* A solver that fails on an economy whose productivity was undecided: say what the check saw. */
    if (rc == OGAS_ENOCONV && L->prod.productive != 1 && L->prod.max_colsum >= 1.0) {
        ogas_error e2;
        char why[sizeof e2.message];
        snprintf(why, sizeof why, "%s", err ? err->message : "");
        ogas_productivity_error(L->A, &L->prod, L->codes, &e2);
        rc = ogas_error_set(err, OGAS_ENOTPRODUCTIVE, "%s (%s)", e2.message, why);
    }
    info->seconds = ogas_now() - t0;
    return rc;
}

/* x := (I - A)^-1 d. */
ogas_status ogas_leontief_solve(ogas_leontief *L, const double *d, double *x, ogas_solve_info *info, ogas_error *err)
{
    return solve(L, 0, d, x, info, err);
}

/* v := c (I - A)^-1. */
ogas_status ogas_leontief_solve_transposed(ogas_leontief *L, const double *c, double *v, ogas_solve_info *info,
                                           ogas_error *err)
{
    return solve(L, 1, c, v, info, err);
}

/* Frees L. */
void ogas_leontief_destroy(ogas_leontief *L)
{
    if (!L) return;
    ogas_csr_free(&L->own_AT);
    ogas_free(L->work);
    ogas_scatter_map_free(&L->map);
    balance__gmres_ws_free(&L->gws);
    ogas_free(L->diag);
    balance__dense_free(&L->lu);
    ogas_free(L);
}

/* Linv := (I - A)^-1. */
ogas_status ogas_leontief_inverse(const ogas_csr *A, char *const *codes, ogas_dense *Linv, ogas_error *err)
{
    ogas_productivity p;
    dense_lu F;
    ogas_status rc;
    memset(Linv, 0, sizeof *Linv);
    if (A->m != A->n) return ogas_error_set(err, OGAS_EARG, "coefficient matrix is not square");
    rc = ogas_productivity_check(A, &p, err);
    if (rc) return rc;
    if (p.productive == 0) return ogas_productivity_error(A, &p, codes, err);
    rc = balance__dense_factor(A, &F, err);
    if (rc == OGAS_ESINGULAR) return ogas_productivity_error(A, &p, codes, err);
    if (rc) return rc;
    rc = ogas_dense_init(Linv, A->n, A->n, err);
    if (!rc) rc = balance__dense_inverse(&F, Linv->x, err);
    if (rc) ogas_dense_free(Linv);
    balance__dense_free(&F);
    return rc;
}
