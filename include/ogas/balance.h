/* ogas/balance.h: balancing an economy. Gross output x = (I - A)^-1 d, output multipliers
 * 1'(I - A)^-1, labour values v = l (I - A)^-1, input effects and multipliers, the dense Leontief
 * inverse, and the check that an economy is productive.
 *
 * Large economies are never inverted: an ogas_leontief handle solves (I - A)x = d and
 * (I - A)'v = c with a sparse iterative method (GMRES, a Neumann or Gauss-Seidel sweep) or, for
 * small tables, a dense LU factorisation (LAPACK), chosen automatically. Every solve ends with the
 * true residual ||d - (I - A)x||_2 / ||d||_2 computed afresh and compared with the tolerance. */
#ifndef OGAS_BALANCE_H
#define OGAS_BALANCE_H

#include <stdint.h>

#include "ogas/economy.h"
#include "ogas/error.h"
#include "ogas/sparse.h"

typedef enum ogas_method {
    OGAS_METHOD_AUTO = 0,     /* dense LU for small tables, else the iterative method expected to be fastest */
    OGAS_METHOD_DENSE,        /* LU factorisation of I - A (LAPACK dgetrf), n up to dense_limit_max */
    OGAS_METHOD_GMRES,        /* restarted GMRES, Jacobi-preconditioned */
    OGAS_METHOD_NEUMANN,      /* x <- d + A x (the Neumann series), true residual for free */
    OGAS_METHOD_GAUSS_SEIDEL  /* Gauss-Seidel sweeps, in fixed blocks (block-Jacobi across threads) */
} ogas_method;

/* "auto", "dense", "gmres", "neumann", "gauss-seidel". */
const char *ogas_method_name(ogas_method m);
/* *m := method named s; returns 1 on success. */
int ogas_method_parse(const char *s, ogas_method *m);

typedef struct ogas_solve_options {
    ogas_method method;  /* default OGAS_METHOD_AUTO */
    double tol;          /* target relative residual ||d - (I-A)x||_2 / ||d||_2; default 1e-10 */
    int64_t max_iter;    /* iteration limit; default 10000 */
    int restart;         /* GMRES restart length; default 20 */
    int poly;            /* GMRES: degree of the Neumann polynomial preconditioner; 0 = Jacobi; -1 = auto (default) */
    int64_t scatter_from; /* products from which A x is scattered from the rows of A' (default 2,000,000) */
    int64_t dense_limit; /* auto: dense LU up to this many products; default 1500 */
    /* Called after each iteration when non-NULL (for progress displays). */
    void (*progress)(void *ud, const char *method, int64_t iter, double relres);
    void *progress_ud;
} ogas_solve_options;

/* o := defaults. */
void ogas_solve_options_init(ogas_solve_options *o);

typedef struct ogas_solve_info {
    ogas_method method;       /* the method used */
    int64_t iterations;       /* iterations (0 for dense) */
    int64_t matvecs;          /* sparse matrix-vector products */
    double relative_residual; /* true residual after the solve */
    double seconds;           /* wall time of the solve */
} ogas_solve_info;

typedef struct ogas_leontief ogas_leontief;

/* *L := a solver for I - A (A is borrowed and must outlive L; codes, may be NULL, name products in
 * errors). Checks that the economy is productive: if the spectral radius of A is certainly >= 1, fails
 * with OGAS_ENOTPRODUCTIVE naming the products responsible. L keeps its work arrays (GMRES's basis:
 * 21 vectors) from one solve to the next until ogas_leontief_destroy; one thread at a time solves with it. */
ogas_status ogas_leontief_create(const ogas_csr *A, char *const *codes, const ogas_solve_options *o, ogas_leontief **L,
                                 ogas_error *err);
/* Same, when A' is at hand too (AT borrowed like A; NULL: transposed when needed). Large economies
 * need A' (see ogas_solve_options.scatter_from), and transposing costs a few seconds at 10^7 products. */
ogas_status ogas_leontief_create_t(const ogas_csr *A, const ogas_csr *AT, char *const *codes,
                                   const ogas_solve_options *o, ogas_leontief **L, ogas_error *err);
/* x := (I - A)^-1 d. */
ogas_status ogas_leontief_solve(ogas_leontief *L, const double *d, double *x, ogas_solve_info *info, ogas_error *err);
/* v := c (I - A)^-1, i.e. (I - A)' v = c (labour values, multipliers, input effects). */
ogas_status ogas_leontief_solve_transposed(ogas_leontief *L, const double *c, double *v, ogas_solve_info *info,
                                           ogas_error *err);
/* Number of products. */
int64_t ogas_leontief_size(const ogas_leontief *L);
/* Method that solves will use. */
ogas_method ogas_leontief_method(const ogas_leontief *L);
/* Releases L (NULL is a no-op). */
void ogas_leontief_destroy(ogas_leontief *L);

/* Linv := (I - A)^-1 as a dense matrix (LU with partial pivoting, LAPACK). n up to 20,000 or more as
 * memory allows; refuses non-productive economies like ogas_leontief_create. */
ogas_status ogas_leontief_inverse(const ogas_csr *A, char *const *codes, ogas_dense *Linv, ogas_error *err);

/* What the productivity check found. */
typedef struct ogas_productivity {
    double max_colsum;  /* largest column sum of |A| (a bound on the spectral radius) */
    double rho_lower;   /* certified lower bound on the spectral radius (Collatz-Wielandt), -1 if none */
    double rho_upper;   /* certified upper bound */
    int productive;     /* 1: spectral radius < 1 certified; 0: >= 1 certified; -1: undecided */
    int nworst;         /* products named in worst[] */
    int64_t worst[10];  /* products with the largest column sums (inputs per unit of output) */
} ogas_productivity;

/* p := bounds on the spectral radius of A (A >= 0 for the lower bound) by column sums and up to 200 power
 * iterations on (A + I)/2. */
ogas_status ogas_productivity_check(const ogas_csr *A, ogas_productivity *p, ogas_error *err);
/* Writes the "not productive" error for p into err, naming products by codes (may be NULL). */
ogas_status ogas_productivity_error(const ogas_csr *A, const ogas_productivity *p, char *const *codes, ogas_error *err);

/* The balance of an economy for one final demand. */
typedef struct ogas_balance {
    int64_t n;
    double *output;            /* gross output x = (I - A)^-1 d */
    double *multiplier;        /* output multipliers: column sums of (I - A)^-1 */
    double *labour_value;      /* labour values v = l (I - A)^-1 (hours embodied per unit), or NULL */
    double *labour_multiplier; /* v_j / l_j, NaN where l_j = 0; NULL without labour */
    ogas_solve_info output_info, multiplier_info, labour_info;
} ogas_balance;

/* b := balance of e for final demand d (NULL: e->demand; if that is NULL too, no gross output). */
ogas_status ogas_balance_compute(const ogas_economy *e, const double *d, const ogas_solve_options *o, ogas_balance *b,
                                 ogas_error *err);
/* Releases b. */
void ogas_balance_free(ogas_balance *b);

/* effect := c (I - A)^-1 for a coefficient row c (e.g. compensation per unit of output); multiplier_j :=
 * effect_j / c_j (NaN where c_j = 0). multiplier may be NULL. */
ogas_status ogas_input_effects(ogas_leontief *L, const double *c, double *effect, double *multiplier,
                               ogas_solve_info *info, ogas_error *err);

#endif
