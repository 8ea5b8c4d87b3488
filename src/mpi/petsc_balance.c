/* petsc_balance.c: I - A as a PETSc MatMPIAIJ and its systems solved by KSP.
 *
 * Each rank holds its rows of I - A in PETSc's two blocks (columns it owns: the diagonal block; the
 * others: the off-diagonal block, whose columns are the ghost values a product needs from other ranks),
 * preallocated exactly from the counts of its rows (MatMPIAIJSetPreallocation), so assembly allocates
 * nothing more. Systems are solved with restarted GMRES (Saad and Schultz 1986), preconditioned on the
 * right so that the norm it watches is the true residual's (up to rounding), by PETSc's default for
 * MPIAIJ: block Jacobi, one block per rank, each factorised by ILU(0). For an economy with spectral
 * radius 0.8 this takes about a dozen iterations. The transposed systems (I - A)'v = c use
 * KSPSolveTranspose: the same matrix and factors, products with the transpose (MatMultTranspose).
 *
 * GMRES is asked for a tenth of the tolerance: its own residual (a recurrence) drifts from the true one,
 * and the error of a product's value grows with the residual, so that a solve stopped just below 1e-10
 * differs from the serial engine's (stopped near 1e-11) by up to 1e-9 relative in small products; the
 * margin costs one or two iterations. After each solve the true residual ||b - (I - A)x|| / ||b|| is
 * computed afresh; while it is above the tolerance the solve is restarted from x, with the tolerance
 * tightened by what was missing (at most three times), and then a failure to converge is an error. PETSC_OPTIONS (-ksp_type, -pc_type, -ksp_monitor,
 * ...) override the choices, since KSPSetFromOptions is called last. */
#include <stdio.h>
#include <string.h>

#include <petscksp.h>

#include "ogas_mpi.h"

struct pmpi_system {
    MPI_Comm comm;             /* the ranks */
    Mat M;                     /* I - A */
    KSP ksp;                   /* GMRES and its preconditioner */
    Vec b, x, r;               /* right-hand side, solution, residual */
    int64_t nrows;             /* rows on this rank */
    pmpi_solve_options o;      /* tolerance and limits */
    PetscLogEvent ev_mult;     /* PETSc's MatMult event, to count matrix-vector products */
    PetscLogEvent ev_mult_t;   /* MatMultTranspose */
    int productive;            /* 1: rho(A) < 1 certified, 0: >= 1 certified, -1: undecided */
    double rho_lower;          /* certified lower bound on rho(A), -1 if none (A has negative entries) */
    double max_colsum;         /* largest column sum of A (0 when not checked) */
    Vec colsums;               /* column sums of A, for naming products in errors (NULL when not checked) */
    int nonneg;                /* A >= 0 on every rank */
    double dmax;               /* largest diagonal entry of A */
    int64_t nnz;               /* nonzeros of A, all ranks */
    char *const *codes;        /* the products' codes for messages (rank 0 at least), or NULL: numbers from 1 */
};

/* Records PETSc error code pe, raised by call, in err; returns its ogas status. */
ogas_status pmpi_petsc_error(int pe, const char *call, ogas_error *err)
{
    const char *text = NULL;
    PetscErrorMessage(pe, &text, NULL);
    return ogas_error_set(err, pe == PETSC_ERR_MEM ? OGAS_ENOMEM : OGAS_EINTERNAL, "PETSc: %s (in %s)",
                          text ? text : "error", call);
}

/* Runs a PETSc call; on failure records it and leaves through done. */
#define P(call)                                                                                                        \
    do {                                                                                                               \
        PetscErrorCode pe_ = (call);                                                                                   \
        if (pe_) {                                                                                                     \
            rc = pmpi_petsc_error(pe_, #call, err);                                                                    \
            goto done;                                                                                                 \
        }                                                                                                              \
    } while (0)

/* Matrix-vector products of S so far (MatMult and MatMultTranspose events), 0 without PETSc logging. */
static int64_t matvecs(const pmpi_system *S)
{
    PetscEventPerfInfo a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (PetscLogEventGetPerfInfo(PETSC_DETERMINE, S->ev_mult, &a)) return 0;
    if (PetscLogEventGetPerfInfo(PETSC_DETERMINE, S->ev_mult_t, &b)) return 0;
    return (int64_t)a.count + (int64_t)b.count;
}

/* *S := I - A from this rank's rows R of A (global columns), with a KSP ready to solve. */
ogas_status pmpi_system_create(MPI_Comm comm, pmpi_rows *R, int64_t n, const pmpi_solve_options *o, pmpi_system **S,
                               ogas_error *err)
{
    pmpi_system *s = ogas_calloc(1, sizeof *s);
    PetscInt *dnz = NULL, *onz = NULL, *cols = NULL, maxrow = 0;
    PetscScalar *vals = NULL;
    int64_t lo = R->lo, hi = R->lo + R->nrows;
    ogas_status rc = OGAS_OK;

    *S = NULL;
    if (!s) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto agree;
    }
    s->comm = comm;
    s->nrows = R->nrows;
    s->o = *o;
    dnz = ogas_calloc((size_t)R->nrows + 1, sizeof *dnz);
    onz = ogas_calloc((size_t)R->nrows + 1, sizeof *onz);
    if (!dnz || !onz) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the preallocation of %lld rows", (long long)R->nrows);
        goto agree;
    }
    /* Exact counts: the row's entries in owned and other columns, plus the diagonal where A has none. */
    for (int64_t r = 0; r < R->nrows; r++) {
        int diag = 0;
        for (int64_t k = R->p[r]; k < R->p[r + 1]; k++) {
            int64_t c = R->j[k];
            if (c >= lo && c < hi) dnz[r]++;
            else onz[r]++;
            if (c == lo + r) diag = 1;
        }
        if (!diag) dnz[r]++;
        if (dnz[r] + onz[r] > maxrow) maxrow = dnz[r] + onz[r];
    }
    cols = ogas_mallocarray((size_t)maxrow + 1, sizeof *cols);
    vals = ogas_mallocarray((size_t)maxrow + 1, sizeof *vals);
    if (!cols || !vals) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a row of %lld entries", (long long)maxrow);
agree:
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    P(MatCreate(comm, &s->M));
    P(MatSetSizes(s->M, (PetscInt)R->nrows, (PetscInt)R->nrows, (PetscInt)n, (PetscInt)n));
    P(MatSetType(s->M, MATMPIAIJ));
    P(MatMPIAIJSetPreallocation(s->M, 0, dnz, 0, onz));
    P(MatSetOption(s->M, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
    P(MatSetOption(s->M, MAT_NO_OFF_PROC_ENTRIES, PETSC_TRUE));
    for (int64_t r = 0; r < R->nrows; r++) {
        PetscInt row = (PetscInt)(lo + r), q = 0;
        int diag = 0;
        for (int64_t k = R->p[r]; k < R->p[r + 1]; k++) {
            PetscInt c = (PetscInt)R->j[k];
            if (!diag && c >= row) {
                if (c == row) {
                    cols[q] = row;
                    vals[q++] = 1.0 - R->x[k];
                    diag = 1;
                    continue;
                }
                cols[q] = row;
                vals[q++] = 1.0;
                diag = 1;
            }
            cols[q] = c;
            vals[q++] = -R->x[k];
        }
        if (!diag) {
            cols[q] = row;
            vals[q++] = 1.0;
        }
        {
            PetscErrorCode pe = MatSetValues(s->M, 1, &row, q, cols, vals, INSERT_VALUES);
            if (pe) {
                rc = pmpi_petsc_error(pe, "MatSetValues", err);
                break;
            }
        }
    }
    /* A row refused on one rank must not leave the others waiting in the assembly. */
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    /* What the productivity check needs of A, before R goes: PETSc holds the matrix now. */
    {
        int nonneg = 1;
        double dmax = -1.0;
        int64_t nnz = R->p[R->nrows];
        for (int64_t r = 0; r < R->nrows; r++)
            for (int64_t k = R->p[r]; k < R->p[r + 1]; k++) {
                if (R->x[k] < 0) nonneg = 0;
                if (R->j[k] == lo + r && R->x[k] > dmax) dmax = R->x[k];
            }
        MPI_Allreduce(&nonneg, &s->nonneg, 1, MPI_INT, MPI_LAND, comm);
        MPI_Allreduce(&dmax, &s->dmax, 1, MPI_DOUBLE, MPI_MAX, comm);
        MPI_Allreduce(&nnz, &s->nnz, 1, MPI_INT64_T, MPI_SUM, comm);
        ogas_free(R->p);
        ogas_free(R->j);
        ogas_free(R->x);
        R->p = NULL;
        R->j = NULL;
        R->x = NULL;
    }
    P(MatAssemblyBegin(s->M, MAT_FINAL_ASSEMBLY));
    P(MatAssemblyEnd(s->M, MAT_FINAL_ASSEMBLY));
    {
        MatInfo info;
        double mine[2], all[2];
        P(MatGetInfo(s->M, MAT_LOCAL, &info));
        mine[0] = info.mallocs;
        mine[1] = info.nz_unneeded;
        MPI_Allreduce(mine, all, 2, MPI_DOUBLE, MPI_SUM, comm);
        if (all[0] != 0 || all[1] != 0) {
            rc = ogas_error_set(err, OGAS_EINTERNAL, "preallocation of I - A was not exact: %.0f mallocs, %.0f entries unused",
                                all[0], all[1]);
            goto done;
        }
    }
    P(MatCreateVecs(s->M, &s->x, &s->b));
    P(VecDuplicate(s->b, &s->r));
    P(KSPCreate(comm, &s->ksp));
    P(KSPSetOperators(s->ksp, s->M, s->M));
    P(KSPSetType(s->ksp, KSPGMRES));
    P(KSPGMRESSetRestart(s->ksp, (PetscInt)o->restart));
    P(KSPSetPCSide(s->ksp, PC_RIGHT));
    P(KSPSetNormType(s->ksp, KSP_NORM_UNPRECONDITIONED));
    P(KSPSetTolerances(s->ksp, o->tol, PETSC_DEFAULT, PETSC_DEFAULT, (PetscInt)o->max_iter));
    P(KSPSetFromOptions(s->ksp));
    P(KSPSetUp(s->ksp));
    P(KSPSetUpOnBlocks(s->ksp)); /* the ILU factors now, not in the first solve */
    P(PetscLogEventGetId("MatMult", &s->ev_mult));
    P(PetscLogEventGetId("MatMultTranspose", &s->ev_mult_t));
done:
    ogas_free(dnz);
    ogas_free(onz);
    ogas_free(cols);
    ogas_free(vals);
    rc = pmpi_agree(comm, rc, err);
    if (rc) pmpi_system_destroy(s);
    else *S = s;
    return rc;
}

/* The check that the economy is productive, as src/balance/productive.c makes it (Collatz-Wielandt bounds
 * on B = (A + I)/2 by power iteration, after the column-sum bound), for A >= 0 and with the products of
 * I - A alone: A x = x - (I - A)x and 1'A = 1' - 1'(I - A). An A with negative entries is not checked
 * (the serial engine bounds |A| instead); GMRES then fails or succeeds on its own. */
#define NEARLY_ONE (1.0 - 1e-9)

/* A column sum and its product, for the list of the largest. */
typedef struct colsum {
    double v;
    int64_t j;
} colsum;

static int cmp_colsum(const void *a, const void *b)
{
    double x = ((const colsum *)a)->v, y = ((const colsum *)b)->v;
    return (x < y) - (x > y);
}

/* err := "not productive", with the products whose column sums are largest. */
static ogas_status not_productive(pmpi_system *S, ogas_error *err)
{
    Vec cs = S->colsums;
    int size;
    colsum mine[10], *all = NULL;
    const PetscScalar *a;
    PetscInt lo, hi;
    int nmine = 0;
    char list[600] = "";
    size_t k = 0;
    MPI_Comm_size(S->comm, &size);
    for (int q = 0; q < 10; q++) mine[q] = (colsum){-1.0, -1};
    VecGetOwnershipRange(cs, &lo, &hi);
    VecGetArrayRead(cs, &a);
    for (PetscInt i = 0; i < hi - lo; i++) {
        int q;
        if (nmine == 10 && a[i] <= mine[9].v) continue;
        q = nmine < 10 ? nmine++ : 9;
        while (q > 0 && mine[q - 1].v < a[i]) {
            mine[q] = mine[q - 1];
            q--;
        }
        mine[q] = (colsum){a[i], lo + i};
    }
    VecRestoreArrayRead(cs, &a);
    all = ogas_mallocarray((size_t)size * 10, sizeof *all);
    {
        int ok = all != NULL, all_ok;
        MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, S->comm);
        if (all_ok) {
            MPI_Allgather(mine, 10 * (int)sizeof(colsum), MPI_BYTE, all, 10 * (int)sizeof(colsum), MPI_BYTE, S->comm);
            qsort(all, (size_t)size * 10, sizeof *all, cmp_colsum);
            for (int q = 0; q < 10 && all[q].j >= 0 && k < sizeof list - 80; q++) {
                char num[24];
                if (all[q].v < NEARLY_ONE && q > 0) break;
                snprintf(num, sizeof num, "%lld", (long long)all[q].j + 1);
                k += (size_t)snprintf(list + k, sizeof list - k, "%s%.60s (%.6g)", q ? ", " : "",
                                      S->codes ? S->codes[all[q].j] : num, all[q].v);
            }
        }
    }
    ogas_free(all);
    if (S->productive == 0)
        return ogas_error_set(err, OGAS_ENOTPRODUCTIVE,
                              "economy is not productive: the spectral radius of A is at least %.9g, so I - A is "
                              "singular or has no nonnegative inverse; products whose inputs per unit of output sum "
                              "to 1 or more: %s",
                              S->rho_lower, list);
    return ogas_error_set(err, OGAS_ENOTPRODUCTIVE,
                          "economy is not productive: I - A is singular to working precision; products with the "
                          "largest inputs per unit of output: %s",
                          list);
}

/* Messages name products by codes (rank 0's; NULL: by number). */
void pmpi_system_set_codes(pmpi_system *S, char *const *codes)
{
    S->codes = codes;
}

/* Fails with OGAS_ENOTPRODUCTIVE when rho(A) >= 1 is certain (R: this rank's rows of A). */
ogas_status pmpi_system_check_productive(pmpi_system *S, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    double rho_lower = S->dmax, rho_upper;
    PetscReal cmax;
    Vec cs = NULL, x = NULL, y = NULL, w = NULL;
    int64_t nnz = S->nnz;

    S->productive = -1;
    S->rho_lower = -1;
    if (!S->nonneg) goto done;
    /* Column sums of A: 1 - (I - A)'1. */
    P(VecDuplicate(S->b, &cs));
    P(VecDuplicate(S->b, &x));
    P(VecSet(x, 1.0));
    P(MatMultTranspose(S->M, x, cs));
    P(VecScale(cs, -1.0));
    P(VecShift(cs, 1.0));
    P(VecMax(cs, NULL, &cmax));
    S->colsums = cs;
    cs = NULL;
    S->max_colsum = rho_upper = (double)cmax;
    S->rho_lower = rho_lower;
    if (rho_lower >= NEARLY_ONE) {
        S->productive = 0;
        rc = not_productive(S, err);
        goto done;
    }
    if (rho_upper < 1.0) {
        S->productive = 1;
        goto done;
    }
    P(VecDuplicate(S->b, &y));
    P(VecDuplicate(S->b, &w));
    for (int it = 0, iters = nnz < 10000000 ? 300 : 60; it < iters; it++) {
        PetscReal lo, hi, s;
        P(MatMult(S->M, x, y));         /* y = (I - A)x */
        P(VecAYPX(y, -0.5, x));         /* y = x - (I - A)x/2 = (A + I)x/2 */
        P(VecPointwiseDivide(w, y, x)); /* Collatz-Wielandt ratios */
        P(VecMin(w, NULL, &lo));
        P(VecMax(w, NULL, &hi));
        if (2 * hi - 1 < rho_upper) rho_upper = 2 * hi - 1;
        if (2 * lo - 1 > rho_lower) S->rho_lower = rho_lower = 2 * lo - 1;
        if (rho_upper < 1.0) {
            S->productive = 1;
            break;
        }
        if (rho_lower >= NEARLY_ONE) {
            S->productive = 0;
            rc = not_productive(S, err);
            goto done;
        }
        P(VecNorm(y, NORM_INFINITY, &s));
        if (!(s > 0) || s != s || s > 1e300) break;
        P(VecAXPBY(x, 1.0 / s, 0.0, y)); /* x = y / s */
    }
done:
    VecDestroy(&cs);
    VecDestroy(&x);
    VecDestroy(&y);
    VecDestroy(&w);
    return pmpi_agree(S->comm, rc, err);
}

/* x := (I - A)^-1 b or (I - A)'^-1 b, this rank's parts, to the true relative residual o.tol. */
ogas_status pmpi_system_solve(pmpi_system *S, int transposed, const double *b, double *x, pmpi_solve_info *info,
                              ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    PetscScalar *a;
    PetscReal bnorm = 0, rnorm = 0, rtol = 0.1 * S->o.tol; /* a margin: see the comment at the top */
    int64_t its = 0, mv0 = matvecs(S);
    double t0 = MPI_Wtime();
    KSPConvergedReason reason = KSP_CONVERGED_ITERATING;

    memset(info, 0, sizeof *info);
    P(VecGetArray(S->b, &a));
    memcpy(a, b, (size_t)S->nrows * sizeof *a);
    P(VecRestoreArray(S->b, &a));
    P(VecNorm(S->b, NORM_2, &bnorm));
    P(VecSet(S->x, 0.0));
    if (bnorm > 0) {
        P(KSPSetInitialGuessNonzero(S->ksp, PETSC_FALSE));
        for (int round = 0; round < 4; round++) {
            PetscInt it;
            P(KSPSetTolerances(S->ksp, rtol, PETSC_DEFAULT, PETSC_DEFAULT,
                               (PetscInt)(S->o.max_iter > its ? S->o.max_iter - its : 1)));
            if (transposed) P(KSPSolveTranspose(S->ksp, S->b, S->x));
            else P(KSPSolve(S->ksp, S->b, S->x));
            P(KSPGetConvergedReason(S->ksp, &reason));
            P(KSPGetIterationNumber(S->ksp, &it));
            its += it;
            /* The true residual r = b - (I - A)x. */
            if (transposed) P(MatMultTranspose(S->M, S->x, S->r));
            else P(MatMult(S->M, S->x, S->r));
            P(VecAYPX(S->r, -1.0, S->b));
            P(VecNorm(S->r, NORM_2, &rnorm));
            if (rnorm <= S->o.tol * bnorm || reason < 0 || its >= S->o.max_iter) break;
            /* Restart from x: the next solve's residual norm is relative to rnorm. */
            rtol = 0.5 * S->o.tol * bnorm / rnorm;
            P(KSPSetInitialGuessNonzero(S->ksp, PETSC_TRUE));
        }
        P(KSPSetInitialGuessNonzero(S->ksp, PETSC_FALSE));
    }
    info->iterations = its;
    info->relative_residual = bnorm > 0 ? (double)(rnorm / bnorm) : 0.0;
    if (!(info->relative_residual <= S->o.tol) && S->productive != 1 && S->max_colsum >= 1.0) {
        /* A solver that fails on an economy whose productivity was undecided: say what the check saw. */
        ogas_error e2;
        char why[sizeof e2.message];
        snprintf(why, sizeof why, "GMRES stopped with relative residual %.3g, above the tolerance %.3g",
                 info->relative_residual, S->o.tol);
        not_productive(S, &e2);
        rc = ogas_error_set(err, OGAS_ENOTPRODUCTIVE, "%s (%s)", e2.message, why);
        goto done;
    }
    if (!(info->relative_residual <= S->o.tol)) {
        rc = ogas_error_set(err, OGAS_ENOCONV,
                            "GMRES (PETSc KSP%s) stopped after %lld iterations (%s) with relative residual %.3g, above the "
                            "tolerance %.3g%s",
                            transposed ? ", transposed" : "", (long long)its, KSPConvergedReasons[reason],
                            info->relative_residual, S->o.tol,
                            reason == KSP_DIVERGED_DTOL ? ": it diverges (is the economy productive?)" : "");
        goto done;
    }
    if (S->productive == -1 && S->rho_lower >= 0) {
        /* Undecided productivity and negative outputs for a nonnegative right-hand side: for A >= 0 that only
         * happens when the spectral radius is >= 1 (a singular but consistent system that GMRES can still
         * "solve"). */
        PetscReal xmax, bmin, xmin;
        P(VecNorm(S->x, NORM_INFINITY, &xmax));
        P(VecMin(S->b, NULL, &bmin));
        P(VecMin(S->x, NULL, &xmin));
        if (bmin >= 0 && xmin < -1e-9 * xmax) {
            rc = not_productive(S, err);
            goto done;
        }
    }
    P(VecGetArray(S->x, &a));
    memcpy(x, a, (size_t)S->nrows * sizeof *x);
    P(VecRestoreArray(S->x, &a));
done:
    info->seconds = MPI_Wtime() - t0;
    info->matvecs = matvecs(S) - mv0;
    return pmpi_agree(S->comm, rc, err);
}

/* Columns of the off-diagonal block of this rank's rows: the ghost values it receives per product. */
int64_t pmpi_system_ghosts(const pmpi_system *S)
{
    Mat Ad, Ao;
    const PetscInt *colmap;
    PetscInt m = 0, nc = 0;
    if (MatMPIAIJGetSeqAIJ(S->M, &Ad, &Ao, &colmap)) return -1;
    if (MatGetSize(Ao, &m, &nc)) return -1;
    return (int64_t)nc;
}

/* method := the Krylov method's name, pc := the preconditioner's ("bjacobi/ilu" for block Jacobi). */
void pmpi_system_method(const pmpi_system *S, char *method, size_t mn, char *pc, size_t pn)
{
    KSPType kt = NULL;
    PCType pt = NULL, st = NULL;
    PC p;
    KSPGetType(S->ksp, &kt);
    snprintf(method, mn, "%s", kt ? kt : "?");
    if (KSPGetPC(S->ksp, &p) == 0) PCGetType(p, &pt);
    if (pt && strcmp(pt, PCBJACOBI) == 0) {
        KSP *sub = NULL;
        PetscInt nl = 0, first = 0;
        PC sp;
        if (PCBJacobiGetSubKSP(p, &nl, &first, &sub) == 0 && nl > 0 && KSPGetPC(sub[0], &sp) == 0) PCGetType(sp, &st);
    }
    snprintf(pc, pn, "%s%s%s", pt ? pt : "?", st ? "/" : "", st ? st : "");
}

/* Frees S's PETSc objects. */
void pmpi_system_destroy(pmpi_system *S)
{
    if (!S) return;
    VecDestroy(&S->colsums);
    KSPDestroy(&S->ksp);
    VecDestroy(&S->b);
    VecDestroy(&S->x);
    VecDestroy(&S->r);
    MatDestroy(&S->M);
    ogas_free(S);
}
