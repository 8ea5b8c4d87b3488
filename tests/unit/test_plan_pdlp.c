/* test_plan_pdlp.c: plans by PDLP (src/plan/pdlp.c) against CLP's exact optimum on the peer's nine
 * instances (objective, status, residuals, and the LP's rows checked here), hand-made LPs through the
 * generic entry point plan__pdlp_solve (a known optimum with its duals, infeasible and unbounded ones
 * with their certificates checked), the public entry point ogas_pdlp_solve with a known LP spread over two
 * simulated processes (threads meeting at barriers), an unbounded plan, the iteration and time limits, determinism
 * across runs and thread counts, and a larger generated plan against CLP. OGAS_TEST_VERBOSE=1 prints
 * iterations, products and times. */
#include <omp.h>
#include <pthread.h>
#include <stdlib.h>

#include "ogas/core.h"
#include "ogas/pdlp.h"
#include "ogas/plan.h"
#include "plan/pdlp.h"
#include "test.h"

static const char *const instances[] = {"examples/plan/example4",       "examples/plan/random5y/n10_1",
                                        "examples/plan/random5y/n10_2", "examples/plan/random5y/n20_1",
                                        "examples/plan/random5y/n20_2", "examples/plan/random5y/n30_1",
                                        "examples/plan/random5y/n30_2", "examples/plan/random5y/n40_1",
                                        "examples/plan/random5y/n40_2"};

/* ax := A x for the LP L (A stored by columns in L->A). */
static void lp_rows(const plan_lp *L, const double *x, double *ax)
{
    for (int64_t i = 0; i < L->nrows; i++) ax[i] = 0.0;
    for (int64_t c = 0; c < L->ncols; c++)
        for (int64_t q = L->A.p[c]; q < L->A.p[c + 1]; q++) ax[L->A.j[q]] += L->A.x[q] * x[c];
}

/* Largest violation of L's rows and columns by x, and the 2-norm of the row violations relative to
 * 1 + the 2-norm of the finite row bounds (PDLP's relative primal residual). */
static void lp_violation(const plan_lp *L, const double *x, double *vmax, double *vrel)
{
    double *ax = malloc(((size_t)L->nrows + 1) * sizeof *ax), s = 0.0, b = 0.0;
    *vmax = 0.0;
    lp_rows(L, x, ax);
    for (int64_t i = 0; i < L->nrows; i++) {
        double v = fmax(L->rowlo[i] - ax[i], ax[i] - L->rowhi[i]), lo = L->rowlo[i], hi = L->rowhi[i];
        double bb = fmax(isfinite(lo) ? fabs(lo) : 0.0, isfinite(hi) ? fabs(hi) : 0.0);
        if (v > 0) {
            *vmax = fmax(*vmax, v);
            s += v * v;
        }
        b += bb * bb;
    }
    for (int64_t c = 0; c < L->ncols; c++) *vmax = fmax(*vmax, fmax(L->collo[c] - x[c], x[c] - L->colhi[c]));
    *vrel = sqrt(s) / (1.0 + sqrt(b));
    free(ax);
}

/* The nine peer instances: the plan's objective agrees with CLP's to 1e-5 (relative), the status is
 * optimal with residuals and gap below the tolerance, the plan returned is the certified feasible one
 * (its objective is the lower bound, CLP's optimum lies between the bounds, every constraint holds to
 * rounding), and the prices have the sign of gains. */
TEST(plan_pdlp_peer_instances)
{
    for (size_t q = 0; q < 2 * sizeof instances / sizeof *instances; q++) {
        size_t k = q / 2;
        int scheme = q % 2 ? OGAS_PDHG_ADAPTIVE : OGAS_PDHG_HALPERN;
        ogas_plan_problem p;
        ogas_plan a, b;
        ogas_plan_options o;
        ogas_pdlp_info info;
        ogas_error err;
        ogas_status rc;
        if (ogas_plan_read_peer(instances[k], &p, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", instances[k], err.message);
            continue;
        }
        ogas_plan_options_init(&o);
        CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_OK);
        o.gap = 1e-7;
        o.pdhg = scheme;
        rc = ogas_plan_pdlp(&p, &o, &b, &info, &err);
        if (rc) test_fail(__FILE__, __LINE__, "%s: %s", instances[k], err.message);
        if (getenv("OGAS_TEST_VERBOSE"))
            printf("    %-30s %-8s clp %.4f s | pdlp %6lld iterations %6lld products %3lld restarts %.4f s, relative "
                   "error %.1e\n",
                   instances[k], scheme == OGAS_PDHG_HALPERN ? "halpern" : "adaptive", a.seconds, (long long)b.iterations, (long long)info.matvecs, (long long)info.restarts,
                   b.seconds, (b.objective - a.objective) / a.objective);
        CHECK_EQ_INT(b.status, OGAS_PLAN_OPTIMAL);
        CHECK_STR(b.method, "pdlp");
        CHECK_REL(b.objective, a.objective, 1e-5);
        /* stopped by the certificates or by the iterate's own residuals */
        CHECK(info.certified_gap <= 1e-7 ||
              (info.relative_gap <= 1e-7 && info.primal_residual <= 1e-7 && info.dual_residual <= 1e-7));
        CHECK_REL(info.primal_objective, a.objective, 1e-6);
        CHECK(fabs(info.primal_objective - info.dual_objective) <= 1e-6 * (1 + fabs(b.objective)));
        CHECK(b.objective == info.lower_bound);
        CHECK(info.lower_bound <= a.objective * (1 + 1e-12) && a.objective <= info.upper_bound * (1 + 1e-12));
        CHECK(info.certified_gap <= 1e-4 && info.certificates > 0);
        CHECK(info.matvecs >= 2 * b.iterations && info.restarts > 0);
        REQUIRE(b.phi && b.price && b.labour_price);
        for (int y = 0; y < b.T; y++) {
            CHECK(b.labour_price[y] >= 0);
            CHECK(b.labour_used[y] <= p.labour_supply[y]);
            for (int64_t i = 0; i < b.n; i++) {
                double need = b.phi[y] * p.target[(int64_t)y * p.n + i];
                CHECK(b.price[(int64_t)y * b.n + i] >= 0);
                CHECK(b.net[(int64_t)y * b.n + i] >= need - 1e-12 * need);
            }
        }
        ogas_plan_free(&a);
        ogas_plan_free(&b);
        ogas_plan_problem_free(&p);
    }
}

/* The LP solution itself, through the generic entry point: every row within 1e-6 relative. */
TEST(plan_pdlp_lp_rows_feasible)
{
    for (size_t k = 0; k < sizeof instances / sizeof *instances; k++) {
        ogas_plan_problem p;
        plan_lp L;
        plan_pdlp_result res;
        ogas_plan_options o;
        ogas_error err;
        double *x, *y, vmax, vrel, bmax = 0;
        REQUIRE(ogas_plan_read_peer(instances[k], &p, &err) == OGAS_OK);
        REQUIRE(plan__lp_build(&p, &L, &err) == OGAS_OK);
        x = malloc((size_t)L.ncols * sizeof *x);
        y = malloc((size_t)L.nrows * sizeof *y);
        ogas_plan_options_init(&o);
        o.gap = 1e-7;
        CHECK_EQ_INT(plan__pdlp_solve(&L, &o, NULL, x, y, &res, &err), OGAS_OK);
        CHECK_EQ_INT(res.status, OGAS_PLAN_OPTIMAL);
        lp_violation(&L, x, &vmax, &vrel);
        for (int64_t i = 0; i < L.nrows; i++)
            if (isfinite(L.rowhi[i])) bmax = fmax(bmax, fabs(L.rowhi[i]));
        CHECK(vrel <= 1e-6);
        CHECK(vmax <= 1e-6 * (1 + bmax));
        if (getenv("OGAS_TEST_VERBOSE"))
            printf("    %-30s largest violation %.1e (largest bound %.0f), relative %.1e\n", instances[k], vmax, bmax, vrel);
        free(x);
        free(y);
        plan__lp_free(&L);
        ogas_plan_problem_free(&p);
    }
}

/* A hand-made LP: nrows x ncols with the entries (row, column, value) of ent[0..nz). */
typedef struct hand_lp {
    plan_lp L;
    double x[8], y[8];
    plan_pdlp_result res;
} hand_lp;

/* h->L := the LP maximise obj'x, rowlo <= A x <= rowhi, collo <= x <= colhi (arrays copied). */
static void hand_make(hand_lp *h, int nrows, int ncols, const double (*ent)[3], int nz, const double *obj,
                      const double *collo, const double *colhi, const double *rowlo, const double *rowhi)
{
    ogas_triplet T;
    ogas_error err;
    memset(h, 0, sizeof *h);
    h->L.nrows = nrows;
    h->L.ncols = ncols;
    h->L.obj = ogas_calloc((size_t)ncols, sizeof(double));
    h->L.collo = ogas_calloc((size_t)ncols, sizeof(double));
    h->L.colhi = ogas_calloc((size_t)ncols, sizeof(double));
    h->L.rowlo = ogas_calloc((size_t)nrows, sizeof(double));
    h->L.rowhi = ogas_calloc((size_t)nrows, sizeof(double));
    memcpy(h->L.obj, obj, (size_t)ncols * sizeof(double));
    memcpy(h->L.collo, collo, (size_t)ncols * sizeof(double));
    memcpy(h->L.colhi, colhi, (size_t)ncols * sizeof(double));
    memcpy(h->L.rowlo, rowlo, (size_t)nrows * sizeof(double));
    memcpy(h->L.rowhi, rowhi, (size_t)nrows * sizeof(double));
    ogas_triplet_init(&T, ncols, nrows, nz, &err);
    for (int k = 0; k < nz; k++) ogas_triplet_push(&T, (int64_t)ent[k][1], (int64_t)ent[k][0], ent[k][2], &err);
    ogas_csr_from_triplet(&T, &h->L.A, &err);
    ogas_triplet_free(&T);
}

static int hand_scheme = OGAS_PDHG_HALPERN; /* the iteration hand_solve runs */

/* Solves h's LP with relative tolerance gap; returns the status code. */
static ogas_status hand_solve(hand_lp *h, double gap, ogas_error *err)
{
    ogas_plan_options o;
    ogas_plan_options_init(&o);
    o.gap = gap;
    o.pdhg = hand_scheme;
    return plan__pdlp_solve(&h->L, &o, NULL, h->x, h->y, &h->res, err);
}

/* Checks that h->y (signed as gains) is a Farkas certificate of h's LP: in the minimisation form (c = -obj)
 * the dual ray y_min has the signs its rows allow, -A'y_min can be carried by the column bounds, and
 * the ray's objective sum rowlo y+ - rowhi y- + sum collo lambda+ - colhi lambda- is positive. */
static void check_dual_ray(int at, const hand_lp *h)
{
    const plan_lp *L = &h->L;
    double obj = 0.0, ym[8], aty[8] = {0};
    for (int64_t i = 0; i < L->nrows; i++) {
        ym[i] = isfinite(L->rowhi[i]) ? -h->y[i] : h->y[i];
        if ((ym[i] > 1e-9 && !isfinite(L->rowlo[i])) || (ym[i] < -1e-9 && !isfinite(L->rowhi[i])))
            test_fail(__FILE__, at, "dual ray entry %lld has the wrong sign", (long long)i);
        obj += ym[i] > 0 ? ym[i] * L->rowlo[i] : (ym[i] < 0 ? ym[i] * L->rowhi[i] : 0.0);
    }
    for (int64_t c = 0; c < L->ncols; c++)
        for (int64_t q = L->A.p[c]; q < L->A.p[c + 1]; q++) aty[c] += L->A.x[q] * ym[L->A.j[q]];
    for (int64_t c = 0; c < L->ncols; c++) {
        double r = -aty[c];
        if (r > 1e-7 && !isfinite(L->collo[c])) test_fail(__FILE__, at, "column %lld: reduced cost %g", (long long)c, r);
        if (r < -1e-7 && !isfinite(L->colhi[c])) test_fail(__FILE__, at, "column %lld: reduced cost %g", (long long)c, r);
        obj += r > 0 ? r * L->collo[c] : (r < 0 ? r * L->colhi[c] : 0.0);
    }
    if (!(obj > 1e-6)) test_fail(__FILE__, at, "the dual ray's objective is %g, not positive", obj);
}

/* Checks that h->x is an improving ray of h's LP: obj'x > 0, A x in the recession cone of the row
 * bounds and x in that of the column bounds. */
static void check_primal_ray(int at, const hand_lp *h)
{
    const plan_lp *L = &h->L;
    double ax[8], gain = 0.0;
    lp_rows(L, h->x, ax);
    for (int64_t c = 0; c < L->ncols; c++) {
        gain += L->obj[c] * h->x[c];
        if ((isfinite(L->collo[c]) && h->x[c] < -1e-7) || (isfinite(L->colhi[c]) && h->x[c] > 1e-7))
            test_fail(__FILE__, at, "ray entry %lld = %g leaves the column's bounds", (long long)c, h->x[c]);
    }
    for (int64_t i = 0; i < L->nrows; i++)
        if ((isfinite(L->rowlo[i]) && ax[i] < -1e-7) || (isfinite(L->rowhi[i]) && ax[i] > 1e-7))
            test_fail(__FILE__, at, "row %lld of the ray is %g", (long long)i, ax[i]);
    if (!(gain > 1e-6)) test_fail(__FILE__, at, "the ray gains %g, not a positive amount", gain);
}

/* maximise 3 x0 + 2 x1 - x2 subject to x0 + x1 <= 5, x0 + 3 x1 <= 10, x1 - x2 = 1, x0 - x1 >= -10,
 * 0 <= x0 <= 3, x1, x2 >= 0: the optimum is x = (3, 2, 1), objective 12, with gains 1 for the first row
 * and 1 for the equality (one more unit of its right-hand side lowers x2), 0 for the slack rows. */
TEST(plan_pdlp_known_optimum)
{
    static const double ent[][3] = {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 3}, {2, 1, 1}, {2, 2, -1}, {3, 0, 1}, {3, 1, -1}};
    const double obj[] = {3, 2, -1}, collo[] = {0, 0, 0}, colhi[] = {3, HUGE_VAL, HUGE_VAL};
    const double rowlo[] = {-HUGE_VAL, -HUGE_VAL, 1, -10}, rowhi[] = {5, 10, 1, HUGE_VAL};
    hand_lp h;
    ogas_error err;
    hand_make(&h, 4, 3, ent, 8, obj, collo, colhi, rowlo, rowhi);
    CHECK_EQ_INT(hand_solve(&h, 1e-10, &err), OGAS_OK);
    CHECK_EQ_INT(h.res.status, OGAS_PLAN_OPTIMAL);
    CHECK_NEAR(h.res.info.primal_objective, 12, 1e-8);
    CHECK_NEAR(h.res.info.dual_objective, 12, 1e-8);
    CHECK_NEAR(h.x[0], 3, 1e-8);
    CHECK_NEAR(h.x[1], 2, 1e-8);
    CHECK_NEAR(h.x[2], 1, 1e-8);
    CHECK_NEAR(h.y[0], 1, 1e-8);
    CHECK_NEAR(h.y[1], 0, 1e-8);
    CHECK_NEAR(h.y[2], 1, 1e-8);
    CHECK_NEAR(h.y[3], 0, 1e-8);
    CHECK(h.res.iterations > 0 && h.res.iterations < 5000);
    plan__lp_free(&h.L);
}

/* Two simulated processes (threads) sharing one dense 4 x 3 LP through ogas_pdlp_ops, each holding a
 * block of its rows and columns: the products, the scaling and the reductions meet at barriers, as MPI's
 * collectives would. */
typedef struct sim_shared {
    pthread_barrier_t bar;
    double K[4][3];                  /* the matrix, scaled in place */
    double X[3], Y[4], DR[4], DC[3]; /* the whole vectors assembled from the parts */
    double red[2][8];                /* each process's values to reduce */
} sim_shared;

typedef struct sim_proc {
    sim_shared *S;
    int rank, row0, nrows, col0, ncols;
    ogas_pdlp_ops ops;
    ogas_pdlp_lp lp;
    double x[3], y[4];
    ogas_pdlp_result res;
    ogas_status rc;
} sim_proc;

static void sim_mul(void *ctx, const double *x, double *Kx)
{
    sim_proc *P = ctx;
    memcpy(P->S->X + P->col0, x, (size_t)P->ncols * sizeof *x);
    pthread_barrier_wait(&P->S->bar);
    for (int i = 0; i < P->nrows; i++) {
        Kx[i] = 0.0;
        for (int j = 0; j < 3; j++) Kx[i] += P->S->K[P->row0 + i][j] * P->S->X[j];
    }
    pthread_barrier_wait(&P->S->bar);
}

static void sim_mul_t(void *ctx, const double *y, double *KTy)
{
    sim_proc *P = ctx;
    memcpy(P->S->Y + P->row0, y, (size_t)P->nrows * sizeof *y);
    pthread_barrier_wait(&P->S->bar);
    for (int j = 0; j < P->ncols; j++) {
        KTy[j] = 0.0;
        for (int i = 0; i < 4; i++) KTy[j] += P->S->K[i][P->col0 + j] * P->S->Y[i];
    }
    pthread_barrier_wait(&P->S->bar);
}

static void sim_row_norms(void *ctx, int transposed, int sum, double *d)
{
    sim_proc *P = ctx;
    int n = transposed ? P->ncols : P->nrows;
    for (int r = 0; r < n; r++) {
        double s = 0.0;
        for (int q = 0; q < (transposed ? 4 : 3); q++) {
            double v = fabs(transposed ? P->S->K[q][P->col0 + r] : P->S->K[P->row0 + r][q]);
            s = sum ? s + v : fmax(s, v);
        }
        d[r] = s;
    }
}

static void sim_scale(void *ctx, const double *dr, const double *dc)
{
    sim_proc *P = ctx;
    memcpy(P->S->DR + P->row0, dr, (size_t)P->nrows * sizeof *dr);
    memcpy(P->S->DC + P->col0, dc, (size_t)P->ncols * sizeof *dc);
    pthread_barrier_wait(&P->S->bar);
    if (P->rank == 0)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++) P->S->K[i][j] *= P->S->DR[i] * P->S->DC[j];
    pthread_barrier_wait(&P->S->bar);
}

static void sim_reduce(void *ctx, double *v, int k, int max)
{
    sim_proc *P = ctx;
    memcpy(P->S->red[P->rank], v, (size_t)k * sizeof *v);
    pthread_barrier_wait(&P->S->bar);
    for (int q = 0; q < k; q++)
        v[q] = max ? fmax(P->S->red[0][q], P->S->red[1][q]) : P->S->red[0][q] + P->S->red[1][q];
    pthread_barrier_wait(&P->S->bar);
}

static void *sim_run(void *arg)
{
    sim_proc *P = arg;
    ogas_plan_options o;
    ogas_error err;
    ogas_plan_options_init(&o);
    o.gap = 1e-10;
    P->rc = ogas_pdlp_solve(&P->ops, &P->lp, &o, P->x, P->y, &P->res, &err);
    return NULL;
}

/* The known optimum below (objective 12 at x = (3, 2, 1), gains y = (1, 0, 1, 0)) with the LP spread over
 * two processes (rows 0-1 and 2-3, columns 0-1 and 2): both return together, optimal, each with its part
 * of the solution, as the LP whole on one process does. */
TEST(plan_pdlp_two_processes)
{
    static const double K[4][3] = {{1, 1, 0}, {1, 3, 0}, {0, 1, -1}, {1, -1, 0}};
    static const double obj[] = {3, 2, -1}, collo[] = {0, 0, 0}, colhi[] = {3, HUGE_VAL, HUGE_VAL};
    static const double rowlo[] = {-HUGE_VAL, -HUGE_VAL, 1, -10}, rowhi[] = {5, 10, 1, HUGE_VAL};
    static const double xs[] = {3, 2, 1}, ys[] = {1, 0, 1, 0};
    sim_shared S;
    sim_proc P[2];
    pthread_t th[2];
    memset(&S, 0, sizeof S);
    memcpy(S.K, K, sizeof K);
    pthread_barrier_init(&S.bar, NULL, 2);
    for (int r = 0; r < 2; r++) {
        memset(&P[r], 0, sizeof P[r]);
        P[r].S = &S;
        P[r].rank = r;
        P[r].row0 = 2 * r;
        P[r].nrows = 2;
        P[r].col0 = 2 * r;
        P[r].ncols = r == 0 ? 2 : 1;
        P[r].ops = (ogas_pdlp_ops){&P[r], sim_mul, sim_mul_t, sim_row_norms, sim_scale, sim_reduce, 8, NULL, NULL, NULL};
        P[r].lp = (ogas_pdlp_lp){P[r].nrows, P[r].ncols, P[r].row0, P[r].col0, obj + P[r].col0, collo + P[r].col0,
                                 colhi + P[r].col0, rowlo + P[r].row0, rowhi + P[r].row0};
    }
    for (int r = 0; r < 2; r++) pthread_create(&th[r], NULL, sim_run, &P[r]);
    for (int r = 0; r < 2; r++) pthread_join(th[r], NULL);
    pthread_barrier_destroy(&S.bar);
    for (int r = 0; r < 2; r++) {
        CHECK_EQ_INT(P[r].rc, OGAS_OK);
        CHECK_EQ_INT(P[r].res.status, OGAS_PLAN_OPTIMAL);
        CHECK_NEAR(P[r].res.info.primal_objective, 12, 1e-8);
        CHECK_NEAR(P[r].res.info.dual_objective, 12, 1e-8);
        for (int j = 0; j < P[r].ncols; j++) CHECK_NEAR(P[r].x[j], xs[P[r].col0 + j], 1e-8);
        for (int i = 0; i < P[r].nrows; i++) CHECK_NEAR(P[r].y[i], ys[P[r].row0 + i], 1e-8);
    }
    CHECK_EQ_INT(P[0].res.iterations, P[1].res.iterations);
}

/* x0 + x1 <= 1 and x0 + x1 >= 2 with x >= 0; and 0 <= x0 <= 1 with x0 >= 2 (the column bound in the
 * certificate); and a row whose bounds cross. */
static void infeasible_cases(void)
{
    hand_lp h;
    ogas_error err;
    {
        static const double ent[][3] = {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}};
        const double obj[] = {1, 0}, collo[] = {0, 0}, colhi[] = {HUGE_VAL, HUGE_VAL};
        const double rowlo[] = {-HUGE_VAL, 2}, rowhi[] = {1, HUGE_VAL};
        hand_make(&h, 2, 2, ent, 4, obj, collo, colhi, rowlo, rowhi);
        CHECK_EQ_INT(hand_solve(&h, 1e-6, &err), OGAS_EINFEASIBLE);
        CHECK_EQ_INT(h.res.status, OGAS_PLAN_INFEASIBLE);
        CHECK_EQ_INT(err.code, OGAS_EINFEASIBLE);
        CHECK_CONTAINS(err.message, "infeasible");
        check_dual_ray(__LINE__, &h);
        plan__lp_free(&h.L);
    }
    {
        static const double ent[][3] = {{0, 0, 1}, {1, 0, 1}, {1, 1, 1}};
        const double obj[] = {1, 1}, collo[] = {0, 0}, colhi[] = {1, HUGE_VAL};
        const double rowlo[] = {2, -HUGE_VAL}, rowhi[] = {HUGE_VAL, 10};
        hand_make(&h, 2, 2, ent, 3, obj, collo, colhi, rowlo, rowhi);
        CHECK_EQ_INT(hand_solve(&h, 1e-6, &err), OGAS_EINFEASIBLE);
        CHECK_EQ_INT(h.res.status, OGAS_PLAN_INFEASIBLE);
        check_dual_ray(__LINE__, &h);
        plan__lp_free(&h.L);
    }
    {
        static const double ent[][3] = {{0, 0, 1}};
        const double obj[] = {1}, collo[] = {0}, colhi[] = {HUGE_VAL}, rowlo[] = {3}, rowhi[] = {2};
        hand_make(&h, 1, 1, ent, 1, obj, collo, colhi, rowlo, rowhi);
        CHECK_EQ_INT(hand_solve(&h, 1e-6, &err), OGAS_EINFEASIBLE);
        CHECK_EQ_INT(h.res.status, OGAS_PLAN_INFEASIBLE);
        CHECK_CONTAINS(err.message, "row 0");
        plan__lp_free(&h.L);
    }
}

/* maximise x0 + x1 subject to x0 - x1 <= 1, x >= 0: unbounded along (1, 1); and a free column with
 * a cost and no rows. */
static void unbounded_cases(void)
{
    hand_lp h;
    ogas_error err;
    {
        static const double ent[][3] = {{0, 0, 1}, {0, 1, -1}};
        const double obj[] = {1, 1}, collo[] = {0, 0}, colhi[] = {HUGE_VAL, HUGE_VAL};
        const double rowlo[] = {-HUGE_VAL}, rowhi[] = {1};
        hand_make(&h, 1, 2, ent, 2, obj, collo, colhi, rowlo, rowhi);
        CHECK_EQ_INT(hand_solve(&h, 1e-6, &err), OGAS_EUNBOUNDED);
        CHECK_EQ_INT(h.res.status, OGAS_PLAN_UNBOUNDED);
        CHECK_EQ_INT(err.code, OGAS_EUNBOUNDED);
        check_primal_ray(__LINE__, &h);
        plan__lp_free(&h.L);
    }
    {
        static const double ent[][3] = {{0, 0, 1}};
        const double obj[] = {0, -2}, collo[] = {0, -HUGE_VAL}, colhi[] = {1, HUGE_VAL};
        const double rowlo[] = {-HUGE_VAL}, rowhi[] = {1};
        hand_make(&h, 1, 2, ent, 1, obj, collo, colhi, rowlo, rowhi);
        CHECK_EQ_INT(hand_solve(&h, 1e-6, &err), OGAS_EUNBOUNDED);
        CHECK_EQ_INT(h.res.status, OGAS_PLAN_UNBOUNDED);
        check_primal_ray(__LINE__, &h);
        CHECK(h.x[1] < 0);
        plan__lp_free(&h.L);
    }
}

/* Both, by either iteration. */
TEST(plan_pdlp_infeasible)
{
    for (hand_scheme = OGAS_PDHG_HALPERN; hand_scheme <= OGAS_PDHG_ADAPTIVE; hand_scheme++) infeasible_cases();
    hand_scheme = OGAS_PDHG_HALPERN;
}

TEST(plan_pdlp_unbounded)
{
    for (hand_scheme = OGAS_PDHG_HALPERN; hand_scheme <= OGAS_PDHG_ADAPTIVE; hand_scheme++) unbounded_cases();
    hand_scheme = OGAS_PDHG_HALPERN;
}

/* example4 with bread made from nothing (no inputs, labour or capital) and targets for bread only:
 * fulfilment grows without limit. */
TEST(plan_pdlp_unbounded_plan)
{
    ogas_plan_problem p;
    ogas_plan plan, ref;
    ogas_pdlp_info info;
    ogas_error err;
    const int64_t bread = 3;
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    for (int64_t q = 0; q < ogas_csr_nnz(&p.input); q++)
        if (p.input.j[q] == bread) p.input.x[q] = 0;
    for (int64_t q = 0; q < ogas_csr_nnz(&p.capital); q++)
        if (p.capital.j[q] == bread) p.capital.x[q] = 0;
    p.labour[bread] = 0;
    for (int y = 0; y < p.T; y++)
        for (int64_t i = 0; i < p.n; i++)
            if (i != bread) p.target[(int64_t)y * p.n + i] = 0;
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    CHECK_EQ_INT(ogas_plan_lp(&p, NULL, &ref, &err), OGAS_EUNBOUNDED); /* CLP agrees */
    ogas_plan_free(&ref);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, NULL, &plan, &info, &err), OGAS_EUNBOUNDED);
    CHECK_EQ_INT(plan.status, OGAS_PLAN_UNBOUNDED);
    CHECK_EQ_INT(err.code, OGAS_EUNBOUNDED);
    CHECK_CONTAINS(err.message, "unbounded");
    CHECK_STR(plan.method, "pdlp");
    CHECK(plan.phi == NULL);
    ogas_plan_free(&plan);
    ogas_plan_problem_free(&p);
}

/* Stopped after 10 steps, or at once by the time limit: ITERATION_LIMIT and OGAS_ENOCONV, with the last
 * iterate handed over as a plan. */
TEST(plan_pdlp_limits)
{
    ogas_plan_problem p;
    ogas_plan plan;
    ogas_plan_options o;
    ogas_pdlp_info info;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n20_1", &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    o.max_iter = 10;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &plan, &info, &err), OGAS_ENOCONV);
    CHECK_EQ_INT(err.code, OGAS_ENOCONV);
    CHECK_CONTAINS(err.message, "iteration limit");
    CHECK_EQ_INT(plan.status, OGAS_PLAN_ITERATION_LIMIT);
    CHECK_EQ_INT(plan.iterations, 10);
    CHECK(plan.phi != NULL && plan.intensity != NULL && plan.price != NULL);
    CHECK(info.relative_gap > 1e-6);
    ogas_plan_free(&plan);
    ogas_plan_options_init(&o);
    o.max_seconds = 1e-9;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &plan, &info, &err), OGAS_ENOCONV);
    CHECK_EQ_INT(plan.status, OGAS_PLAN_ITERATION_LIMIT);
    CHECK_CONTAINS(err.message, "time limit");
    ogas_plan_free(&plan);
    /* memory: refused below what it needs (n20_1: 5 years of 20 products, about 0.1 MB), run above */
    ogas_plan_options_init(&o);
    o.max_memory = 5e4;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &plan, &info, &err), OGAS_ENOMEM);
    CHECK_CONTAINS(err.message, "PDLP needs about 0.00 GB more");
    CHECK_CONTAINS(err.message, "is allowed 0.00 GB");
    CHECK(plan.phi == NULL);
    ogas_plan_free(&plan);
    o.max_memory = 1e7;
    o.max_iter = 10;
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &plan, &info, &err), OGAS_ENOCONV);
    ogas_plan_free(&plan);
    CHECK_EQ_INT(ogas_plan_pdlp(NULL, &o, &plan, &info, &err), OGAS_EARG);
    ogas_plan_problem_free(&p);
}

/* The same input gives the same bits: twice on one instance, and on a generated plan large enough for
 * the parallel kernels, on one thread and on several. */
TEST(plan_pdlp_deterministic)
{
    ogas_plan_problem p;
    ogas_plan a, b;
    ogas_plan_options o;
    ogas_pdlp_info ia, ib;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n30_1", &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &a, &ia, &err), OGAS_OK);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &b, &ib, &err), OGAS_OK);
    CHECK(a.objective == b.objective && a.iterations == b.iterations && ia.matvecs == ib.matvecs);
    CHECK(memcmp(a.intensity, b.intensity, (size_t)(a.T * a.m) * sizeof(double)) == 0);
    CHECK(memcmp(a.price, b.price, (size_t)(a.T * a.n) * sizeof(double)) == 0);
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
    {
        ogas_plan_generate_options g;
        plan_lp L;
        plan_pdlp_result r1, r2;
        double *x1, *x2, *y1, *y2;
        int threads = omp_get_max_threads();
        ogas_plan_generate_options_init(&g);
        g.products = 400; /* about 38,000 columns: past the kernels' threshold for threads */
        REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
        REQUIRE(plan__lp_build(&p, &L, &err) == OGAS_OK);
        x1 = malloc((size_t)L.ncols * sizeof *x1);
        x2 = malloc((size_t)L.ncols * sizeof *x2);
        y1 = malloc((size_t)L.nrows * sizeof *y1);
        y2 = malloc((size_t)L.nrows * sizeof *y2);
        ogas_plan_options_init(&o);
        o.max_iter = 300;
        omp_set_num_threads(1);
        CHECK_EQ_INT(plan__pdlp_solve(&L, &o, NULL, x1, y1, &r1, &err), OGAS_ENOCONV);
        omp_set_num_threads(threads > 1 ? threads : 2);
        CHECK_EQ_INT(plan__pdlp_solve(&L, &o, NULL, x2, y2, &r2, &err), OGAS_ENOCONV);
        omp_set_num_threads(threads);
        CHECK(memcmp(x1, x2, (size_t)L.ncols * sizeof *x1) == 0);
        CHECK(memcmp(y1, y2, (size_t)L.nrows * sizeof *y1) == 0);
        CHECK(r1.info.matvecs == r2.info.matvecs && r1.info.restarts == r2.info.restarts);
        free(x1);
        free(x2);
        free(y1);
        free(y2);
        plan__lp_free(&L);
        ogas_plan_problem_free(&p);
    }
}

/* A generated plan of 500 products over 2 years (about 48,000 rows and columns) against CLP. The
 * relative residuals are measured against the norm of all the bounds, so a gap of 1e-6 leaves the
 * objective within about 1e-4 of the optimum here; the check allows 1e-3. One thread: on a loaded
 * shared machine OpenMP regions can be slower than the work in them (the thread counts have a test of
 * their own above). */
TEST(plan_pdlp_generated_500)
{
    ogas_plan_generate_options g;
    ogas_plan_problem p;
    ogas_plan a, b;
    ogas_plan_options o;
    ogas_pdlp_info info;
    ogas_error err;
    ogas_plan_generate_options_init(&g);
    g.products = 500;
    g.years = 2;
    g.capital_goods = 3;
    REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
    omp_set_num_threads(1);
    ogas_plan_options_init(&o);
    CHECK_EQ_INT(ogas_plan_lp(&p, &o, &a, &err), OGAS_OK);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &b, &info, &err), OGAS_OK);
    CHECK_EQ_INT(b.status, OGAS_PLAN_OPTIMAL);
    CHECK_REL(b.objective, a.objective, 1e-3);
    if (getenv("OGAS_TEST_VERBOSE"))
        printf("    generated 500 x 2 years: clp %.3f s | pdlp %lld iterations, %lld products, %lld restarts, %.3f s, "
               "relative error %.1e\n",
               a.seconds, (long long)b.iterations, (long long)info.matvecs, (long long)info.restarts, b.seconds,
               (b.objective - a.objective) / a.objective);
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
}

/* With its certificates and dual polishing, ogas_plan_pdlp gives the same bits on one thread and on
 * several: the certificates are rationed by counted work, not by time. */
TEST(plan_pdlp_certified_deterministic)
{
    ogas_plan_generate_options g;
    ogas_plan_problem p;
    ogas_plan a, b;
    ogas_plan_options o;
    ogas_pdlp_info ia, ib;
    ogas_error err;
    int threads = omp_get_max_threads();
    ogas_plan_generate_options_init(&g);
    g.products = 300; /* about 15,000 rows and columns a year: the parallel kernels run */
    g.seed = 5;
    REQUIRE(ogas_plan_generate(&g, &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    o.gap = 2e-2;
    omp_set_num_threads(1);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &a, &ia, &err), OGAS_OK);
    omp_set_num_threads(threads > 1 ? threads : 2);
    CHECK_EQ_INT(ogas_plan_pdlp(&p, &o, &b, &ib, &err), OGAS_OK);
    omp_set_num_threads(threads);
    CHECK(ia.certified_gap <= 2e-2 && ia.certificates > 0);
    CHECK(a.objective == b.objective && a.iterations == b.iterations && ia.matvecs == ib.matvecs);
    CHECK(ia.lower_bound == ib.lower_bound && ia.upper_bound == ib.upper_bound && ia.certificates == ib.certificates);
    CHECK(memcmp(a.intensity, b.intensity, (size_t)(a.T * a.m) * sizeof(double)) == 0);
    CHECK(memcmp(a.price, b.price, (size_t)(a.T * a.n) * sizeof(double)) == 0);
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
}

/* What the progress hook of ogas_plan_options heard. */
typedef struct heard {
    char method[16];
    int64_t calls, last_iter, backwards, crossed;
    double lower, upper;
} heard;

static void hear(void *ud, const char *method, int64_t iter, double lower, double upper)
{
    heard *h = ud;
    snprintf(h->method, sizeof h->method, "%s", method);
    h->calls++;
    h->backwards += iter < h->last_iter;
    h->crossed += lower > -HUGE_VAL && upper < HUGE_VAL && lower > upper * (1 + 1e-12);
    h->last_iter = iter;
    h->lower = lower;
    h->upper = upper;
}

/* Every method reports its progress through the hook, by its own name, with iterations that only grow;
 * pdlp's certified bounds, once it has both, never cross and end at the plan's. */
TEST(plan_progress_hook)
{
    static const char *const methods[] = {"lp", "pdlp", "harmony", "balance"};
    ogas_plan_problem p;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n20_1", &p, &err) == OGAS_OK);
    for (size_t k = 0; k < sizeof methods / sizeof *methods; k++) {
        ogas_plan plan;
        ogas_plan_options o;
        ogas_pdlp_info info;
        heard h = {{0}, 0, 0, 0, 0, 0, 0};
        ogas_plan_options_init(&o);
        o.gap = 1e-4;
        o.progress = hear;
        o.progress_ud = &h;
        CHECK_EQ_INT(ogas_plan_solve(methods[k], &p, &o, &plan, &info, &err), OGAS_OK);
        CHECK(h.calls > 0);
        CHECK_STR(h.method, methods[k]);
        CHECK(h.backwards == 0 && h.crossed == 0);
        if (k == 1) {
            CHECK(h.calls >= plan.iterations / 64 - 1 && h.lower > -HUGE_VAL && h.upper < HUGE_VAL);
            CHECK(h.lower <= plan.objective && plan.bound_upper <= h.upper);
        }
        ogas_plan_free(&plan);
    }
    ogas_plan_problem_free(&p);
}
