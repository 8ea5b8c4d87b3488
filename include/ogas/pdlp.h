/* ogas/pdlp.h: PDLP, the first-order LP method of `ogas plan --method pdlp`, on a linear program whose
 * matrix and vectors may be spread over several processes, and a plan's LP handed out to be solved so
 * (ogas-mpi solves it with PETSc over MPI).
 *
 * The LP: maximise obj'x subject to rowlo <= K x <= rowhi and collo <= x <= colhi (-HUGE_VAL / HUGE_VAL
 * for a missing bound). Each process holds a contiguous block of the rows and one of the columns: its
 * parts of obj, collo, colhi, of rowlo, rowhi and of every iterate; the matrix is reached only through
 * the operations of ogas_pdlp_ops. Every decision of the method (step sizes, restarts, termination,
 * certificates of infeasibility) is taken on numbers reduced over all processes, so all processes take
 * the same path and return together. */
#ifndef OGAS_PDLP_H
#define OGAS_PDLP_H

#include "ogas/plan.h"

/* The matrix K of an LP and the collective operations, for ogas_pdlp_solve. */
typedef struct ogas_pdlp_ops {
    void *ctx;
    /* Kx := K x: x this process's columns, Kx its rows */
    void (*mul)(void *ctx, const double *x, double *Kx);
    /* KTy := K'y: y this process's rows, KTy its columns */
    void (*mul_t)(void *ctx, const double *y, double *KTy);
    /* out := for each of this process's rows of K (transposed: of K', one per column of K), the largest
     * |entry| or (sum) the sum of the |entries|; 0 for an empty row */
    void (*row_norms)(void *ctx, int transposed, int sum, double *out);
    /* K := diag(dr) K diag(dc), with this process's parts of dr (rows) and dc (columns) */
    void (*scale)(void *ctx, const double *dr, const double *dc);
    /* v[0..k) := the sum (max: the largest) of v over all processes, the same on each; NULL for one
     * process */
    void (*reduce)(void *ctx, double *v, int k, int max);
    double nnz; /* nonzeros of K, all processes together */
    /* Optional (all three or none): exactly feasible points near a point of the original problem, whose
     * objectives bound the optimum from both sides; the run also ends when they are within o->gap of each
     * other, and returns the best ones. certify_primal: xf := a feasible point near x (this process's
     * columns; x and xf may be the same), returns its objective (-HUGE_VAL: none); certify_dual: yf := a
     * feasible dual near y (signed as the duals returned), returns its objective, an upper bound on the
     * optimum (HUGE_VAL: none); certify_work: their cost so far in nonzeros touched (they are rationed to
     * a quarter of the work of the steps). Each returns the same value on every process. */
    double (*certify_primal)(void *ctx, const double *x, double *xf);
    double (*certify_dual)(void *ctx, const double *y, double *yf);
    double (*certify_work)(void *ctx);
} ogas_pdlp_ops;

/* This process's part of an LP's vectors. row0 and col0 (the global index of its first row and column)
 * only name a bad row or column in messages. */
typedef struct ogas_pdlp_lp {
    int64_t nrows, ncols, row0, col0;
    const double *obj, *collo, *colhi; /* ncols */
    const double *rowlo, *rowhi;       /* nrows */
} ogas_pdlp_lp;

/* What a PDLP run found. */
typedef struct ogas_pdlp_result {
    ogas_plan_status status; /* OPTIMAL, ITERATION_LIMIT, INFEASIBLE or UNBOUNDED */
    int64_t iterations;      /* accepted PDHG steps */
    ogas_pdlp_info info;     /* residuals, gap and objectives of the returned point (maximisation sense),
                                and the certified bounds (none without certify_*: -HUGE_VAL, HUGE_VAL) */
} ogas_pdlp_result;

/* Solves the LP by PDLP to the relative tolerance o->gap (default 1e-6): the gap, primal and dual
 * residual of the iterate or of the average since the last restart (with certificates: at most min(gap,
 * 1e-6)), or the certified gap (with certificates), within o->max_iter steps (default 100000) and
 * o->max_seconds (0: no limit, looked at every 64 steps); o may be NULL. Every process calls it with its
 * part of the LP. On return x (this process's columns) and y (its rows) hold, on the original problem:
 *   OPTIMAL, ITERATION_LIMIT: the primal point and the row duals, each dual signed as the gain in the
 *     maximised objective per unit of relaxation of its row (with certificates: the best certified ones);
 *   INFEASIBLE: y a Farkas certificate (a dual ray, largest entry 1 in absolute value), x the last iterate;
 *   UNBOUNDED: x a primal ray (an improving direction, largest entry 1), y the last dual iterate.
 * Returns OGAS_OK (OPTIMAL), OGAS_ENOCONV, OGAS_EINFEASIBLE, OGAS_EUNBOUNDED, OGAS_ENOMEM (on any
 * process: every process returns it) or OGAS_EARG (bad bounds). */
ogas_status ogas_pdlp_solve(const ogas_pdlp_ops *ops, const ogas_pdlp_lp *lp, const ogas_plan_options *o, double *x,
                            double *y, ogas_pdlp_result *res, ogas_error *err);

/* The LP of a plan (the one ogas_plan_lp and ogas_plan_pdlp solve): a model, built to be solved elsewhere. */
typedef struct ogas_plan_model ogas_plan_model;

/* Its data, owned by the model: the matrix stored by columns (row c of *A is column c of the LP). */
typedef struct ogas_plan_model_data {
    int64_t nrows, ncols;
    const ogas_csr *A;
    const double *obj, *collo, *colhi, *rowlo, *rowhi;
} ogas_plan_model_data;

/* *L := the LP of p, with o->min_fulfilment's floor (o may be NULL). */
ogas_status ogas_plan_model_create(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan_model **L,
                                ogas_error *err);
void ogas_plan_model_free(ogas_plan_model *L);
/* d := the data of L. */
void ogas_plan_model_get(const ogas_plan_model *L, ogas_plan_model_data *d);

/* The certificates of a plan's LP (ops->certify_* of ogas_pdlp_solve on one process): a primal point made
 * an exactly feasible plan (its fulfilment a lower bound on the optimum), a dual point an exactly
 * feasible dual (its objective an upper bound). Vectors are whole (ncols, nrows). */
typedef struct ogas_plan_certifier ogas_plan_certifier;
/* *C := the certifier of L, the LP of p (both must outlive it). */
ogas_status ogas_plan_certifier_create(const ogas_plan_problem *p, const ogas_plan_model *L, ogas_plan_certifier **C,
                                       ogas_error *err);
void ogas_plan_certifier_free(ogas_plan_certifier *C);
/* xf := an exactly feasible plan near x (may be the same array); returns its objective (-HUGE_VAL: none). */
double ogas_plan_certify_primal(ogas_plan_certifier *C, const double *x, double *xf);
/* yf := an exactly feasible dual near y; returns its objective (HUGE_VAL: none). */
double ogas_plan_certify_dual(ogas_plan_certifier *C, const double *y, double *yf);
/* Nonzeros touched by C's certificates so far. */
double ogas_plan_certifier_work(const ogas_plan_certifier *C);

/* plan := the plan of p that the PDLP run (rc, res) on L left in x (ncols) and y (nrows), whole, finished
 * as ogas_plan_pdlp finishes its own: the plan's tables and prices (the bounds of the certificates, if
 * the run had them, in plan and info), and for an infeasible or unbounded LP the message of
 * ogas_plan_pdlp. rc and rc_err are what ogas_pdlp_solve returned. Returns rc, or an error of the
 * finishing. */
ogas_status ogas_plan_model_finish(const ogas_plan_problem *p, const ogas_plan_model *L, const ogas_plan_options *o,
                                   ogas_status rc, const ogas_error *rc_err, const ogas_pdlp_result *res, double *x,
                                   double *y, ogas_plan *plan, ogas_pdlp_info *info, ogas_error *err);

#endif
