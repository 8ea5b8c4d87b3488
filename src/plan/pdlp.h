/* pdlp.h (private to plan/): restarted primal-dual hybrid gradient (PDLP) for any linear program, on one
 * process (plan_lp's form: maximise obj'x subject to rowlo <= A x <= rowhi and collo <= x <= colhi, A
 * stored by columns in L->A) or spread over many (ogas/pdlp.h), and the pieces of it shared between
 * pdlp.c, pdlp_kernels.c and pdlp_plan.c. */
#ifndef OGAS_PLAN_PDLP_H
#define OGAS_PLAN_PDLP_H

#include "certify.h"
#include "ogas/pdlp.h"
#include "plan_lp.h"

/* plan_pdlp_result: what a run found (ogas/pdlp.h). */
typedef ogas_pdlp_result plan_pdlp_result;

/* Solves L, whole on this process, by PDLP (ogas_pdlp_solve's contract; o may be NULL). With a certifier
 * (NULL: none), the iterates are turned into feasible primal and dual points now and then (certify.h);
 * the run also stops as OPTIMAL when their objectives are within o->gap, and x and y return the best
 * feasible points found, whatever the status (OPTIMAL, ITERATION_LIMIT), when there are. Returns OGAS_OK
 * (OPTIMAL), OGAS_ENOCONV, OGAS_EINFEASIBLE, OGAS_EUNBOUNDED, or OGAS_ENOMEM/OGAS_EARG. */
ogas_status plan__pdlp_solve(const plan_lp *L, const ogas_plan_options *o, plan_certifier *cert, double *x,
                             double *y, plan_pdlp_result *res, ogas_error *err);

/* ---- shared between pdlp.c, pdlp_kernels.c and pdlp_plan.c ---- */


/* The scaled problem and the iterates. The scaled matrix is K = diag(rs) A diag(cs); the solver
 * minimises c'x over the scaled variables x = x_orig / (beta cs), with rows l <= K x <= u (l = rs rowlo /
 * beta, u = rs rowhi / beta), columns lx <= x <= ux (lx = collo / (beta cs)), c = -cs obj / gamma; duals
 * y = y_orig / (gamma rs). */
typedef struct pdlp_ws {
    const ogas_pdlp_lp *L;        /* this process's part of the LP */
    const ogas_pdlp_ops *ops;     /* the matrix, scaled in place to K by pdlp__scale, and the reductions */
    int64_t m, n;                 /* this process's rows, columns */
    double *rs, *cs;              /* row and column scales */
    double beta, gamma;           /* scales of the bounds and of the objective */
    double *c, *lx, *ux, *l, *u;  /* scaled minimisation data */
    double *x, *y, *Kx, *KTy;     /* current iterate and its products K x, K'y */
    double *xn, *yn, *Kxn, *KTyn; /* trial step; after an accepted step, the previous iterate (Halpern:
                                     between steps, the Halpern iterate) */
    double *xa, *ya, *Kxa, *KTya; /* step-weighted average of the iterates since the last restart (Halpern:
                                     where the Halpern iterate waits while the duals are polished) */
    double *x0, *y0, *Kx0, *KTy0; /* the last restart point */
    double *part;                 /* partial sums of the blocks of a reduction */
    double wsum;                  /* total weight of the average */
    double bnorm, cnorm;          /* 2-norms of the original bounds and objective (relative residuals) */
    int64_t matvecs;
} pdlp_ws;

/* Residuals and objectives of a point (minimisation sense): 2-norms of the primal and dual residuals,
 * primal objective c'x, and the dual objective (a valid bound), on the scaled or original problem. */
typedef struct pdlp_measure {
    double pres, dres, pobj, dobj;
} pdlp_measure;

/* Kernels (pdlp_kernels.c). Reductions sum fixed blocks of entries and add the block sums in order:
 * the same bits for any number of threads; then over the processes (pdlp__reduce). */
/* v[0..k) := its sum (max: largest) over all processes. */
void pdlp__reduce(const pdlp_ws *w, double *v, int k, int max);
/* The 2-norm of a vector of which each process holds n entries. */
double pdlp__norm2(const pdlp_ws *w, int64_t n, const double *v);
/* The largest |entry| of a vector of which each process holds n entries. */
double pdlp__norminf(const pdlp_ws *w, int64_t n, const double *v);
/* Scales w's copies of the matrix (Ruiz equilibration, then Pock-Chambolle), sets rs and cs, the
 * bound and objective scales beta and gamma (norms of the scaled bounds and objective), and the scaled data. */
void pdlp__scale(pdlp_ws *w, int ruiz_iterations);
/* w->xn := projection of x - tau (c - KTy) onto the column bounds; returns ||xn - x||^2. */
double pdlp__primal_step(pdlp_ws *w, double tau);
/* w->yn := the dual step from y with step sigma at the extrapolated point 2 xn - x (through Kxn, Kx);
 * returns ||yn - y||^2. */
double pdlp__dual_step(pdlp_ws *w, double sigma);
/* (xn - x)'(KTyn - KTy). */
double pdlp__interaction(const pdlp_ws *w);
/* Adds the current iterate to the average with weight eta. */
void pdlp__average_add(pdlp_ws *w, double eta);
/* The reflected Halpern step: x, y and their products := a (g (2 vn - v) + (1 - g) v) + b v0 (v0: the
 * restart point, g: the reflection). */
void pdlp__halpern(pdlp_ws *w, double a, double b, double g);
/* ||a - b||^2 over n entries. */
double pdlp__dist2(const pdlp_ws *w, int64_t n, const double *a, const double *b);
/* The measure of the point (x, y) with products Kx, KTy: on the original problem when unscaled. */
void pdlp__measure(const pdlp_ws *w, int unscaled, const double *x, const double *y, const double *Kx,
                   const double *KTy, pdlp_measure *out);
/* Infeasibility certificate test on the direction (x - xr, y - yr) with its products: returns 1 when
 * (y - yr) certifies primal infeasibility to tolerance eps (a dual ray whose largest constraint violation
 * is at most eps times its objective), 2 when (x - xr) certifies unboundedness likewise, 0 otherwise. */
int pdlp__ray_test(const pdlp_ws *w, const double *x, const double *xr, const double *Kx, const double *Kxr,
                   const double *y, const double *yr, const double *KTy, const double *KTyr, double eps);

#endif
