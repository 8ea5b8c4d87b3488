/* petsc_pdlp.c: a plan's LP spread over the ranks as PETSc matrices, and the operations of PDLP
 * (ogas/pdlp.h) done through PETSc and MPI: products with K and K' (MatMult of two MATMPIAIJ, K by rows
 * and K' by rows, so that neither product is a transposed one), the diagonal scaling (MatDiagonalScale),
 * the norms of the rows (MatGetRow) and the reductions (MPI_Allreduce).
 *
 * Rank 0 holds the whole LP (it read the plan and built it); it cuts the rows of K and the columns into
 * contiguous blocks of about equal nonzeros, one per rank, and sends each rank its rows of K, its rows of
 * K' and its parts of the bounds and the objective (scatter.c). The certificates gather a point on rank 0,
 * make it feasible there with the library's certifier and send it back in parts. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include <petscmat.h>

#include "ogas_mpi.h"

struct pmpi_lp {
    MPI_Comm comm;
    pmpi_layout rows, cols; /* ownership of the LP's rows (of K) and columns */
    Mat K, KT;              /* K (rows x columns) and K' (columns x rows), MATMPIAIJ */
    Vec vr, vc;             /* vectors of the row and of the column layout, arrays placed at each use */
    double *obj, *collo, *colhi, *rowlo, *rowhi; /* this rank's parts (owned) */
    int64_t nnz, ghosts;    /* this rank's nonzeros of K and K'; off-rank values a product K, K' needs */
    int *rcnt, *rdsp, *ccnt, *cdsp; /* each rank's count and offset of rows and of columns */
    ogas_plan_certifier *cert;      /* rank 0: the certificates of the plan, or NULL */
    double *X, *Y;                  /* rank 0: whole vectors for the certificates */
    double work;                    /* the certificates' work so far (rank 0's, on every rank) */
    ogas_pdlp_ops ops;
    ogas_pdlp_lp lp;
};

/* A failed PETSc call inside an operation of PDLP: no way back (the other ranks are inside the same
 * collective), so the job ends with the message. */
static void fatal(const pmpi_lp *P, PetscErrorCode pe, const char *call)
{
    ogas_error err;
    char buf[1200];
    ogas_error_clear(&err);
    pmpi_petsc_error(pe, call, &err);
    fprintf(stderr, "ogas-mpi plan: %s\n", ogas_error_format(&err, buf, sizeof buf));
    MPI_Abort(P->comm, 1);
}

#define F(call)                                                                                                        \
    do {                                                                                                               \
        PetscErrorCode pe_ = (call);                                                                                   \
        if (pe_) fatal(P, pe_, #call);                                                                                 \
    } while (0)

/* out := A in, with the vector arrays placed on a (layout of in) and b (layout of out). */
static void product(pmpi_lp *P, Mat A, Vec a, Vec b, const double *in, double *out)
{
    F(VecPlaceArray(a, in));
    F(VecPlaceArray(b, out));
    F(MatMult(A, a, b));
    F(VecResetArray(a));
    F(VecResetArray(b));
}

/* Kx := K x. */
static void lp_mul(void *ctx, const double *x, double *Kx)
{
    pmpi_lp *P = ctx;
    product(P, P->K, P->vc, P->vr, x, Kx);
}

/* KTy := K'y. */
static void lp_mul_t(void *ctx, const double *y, double *KTy)
{
    pmpi_lp *P = ctx;
    product(P, P->KT, P->vr, P->vc, y, KTy);
}

/* d[r] := largest |entry| (sum: sum of |entries|) of this rank's rows of K (transposed: of K'), in column
 * order as the serial engine sums them. */
static void lp_row_norms(void *ctx, int transposed, int sum, double *d)
{
    pmpi_lp *P = ctx;
    Mat A = transposed ? P->KT : P->K;
    PetscInt lo, hi, nc;
    const PetscScalar *v;
    F(MatGetOwnershipRange(A, &lo, &hi));
    for (PetscInt r = lo; r < hi; r++) {
        double s = 0.0;
        F(MatGetRow(A, r, &nc, NULL, &v));
        for (PetscInt q = 0; q < nc; q++) {
            double a = fabs(v[q]);
            if (sum) s += a;
            else if (a > s) s = a;
        }
        F(MatRestoreRow(A, r, &nc, NULL, &v));
        d[r - lo] = s;
    }
}

/* K := diag(dr) K diag(dc), and K' likewise. */
static void lp_scale(void *ctx, const double *dr, const double *dc)
{
    pmpi_lp *P = ctx;
    F(VecPlaceArray(P->vr, dr));
    F(VecPlaceArray(P->vc, dc));
    F(MatDiagonalScale(P->K, P->vr, P->vc));
    F(MatDiagonalScale(P->KT, P->vc, P->vr));
    F(VecResetArray(P->vr));
    F(VecResetArray(P->vc));
}

/* v := its sum (max: largest) over the ranks. */
static void lp_reduce(void *ctx, double *v, int k, int max)
{
    pmpi_lp *P = ctx;
    MPI_Allreduce(MPI_IN_PLACE, v, k, MPI_DOUBLE, max ? MPI_MAX : MPI_SUM, P->comm);
}

/* *M := this rank's rows, under L, of rank 0's A as a MATMPIAIJ of local size rows x local_cols. */
static ogas_status send_matrix(pmpi_lp *P, const ogas_csr *A, const pmpi_layout *L, int64_t ncols_global,
                               int64_t local_cols, Mat *M, ogas_error *err)
{
    pmpi_rows R;
    PetscInt *ii = NULL, *jj = NULL;
    ogas_status rc;

    if ((rc = pmpi_rows_scatter(P->comm, A, L, &R, err))) return rc;
    ii = ogas_mallocarray((size_t)R.nrows + 1, sizeof *ii);
    jj = ogas_mallocarray((size_t)R.p[R.nrows] + 1, sizeof *jj);
    rc = !ii || !jj ? ogas_error_set(err, OGAS_ENOMEM, "out of memory for this rank's part of the LP") : OGAS_OK;
    if ((rc = pmpi_agree(P->comm, rc, err))) goto done;
    for (int64_t i = 0; i <= R.nrows; i++) ii[i] = (PetscInt)R.p[i];
    for (int64_t q = 0; q < R.p[R.nrows]; q++) jj[q] = (PetscInt)R.j[q];
    P->nnz += R.p[R.nrows];
    {
        PetscErrorCode pe = MatCreateMPIAIJWithArrays(P->comm, (PetscInt)R.nrows, (PetscInt)local_cols, PETSC_DETERMINE,
                                                       (PetscInt)ncols_global, ii, jj, R.x, M);
        rc = pe ? pmpi_petsc_error(pe, "MatCreateMPIAIJWithArrays", err) : OGAS_OK;
    }
    rc = pmpi_agree(P->comm, rc, err);
done:
    pmpi_rows_free(&R);
    ogas_free(ii);
    ogas_free(jj);
    return rc;
}

/* *out := the LP of d (rank 0's; NULL on the others) spread over the ranks of comm, with its operations. */
ogas_status pmpi_lp_create(MPI_Comm comm, const ogas_plan_model_data *d, pmpi_lp **out, ogas_error *err)
{
    int rank;
    int64_t dims[2] = {0, 0};
    pmpi_lp *P;
    ogas_csr Kr;
    ogas_status rc = OGAS_OK;

    MPI_Comm_rank(comm, &rank);
    memset(&Kr, 0, sizeof Kr);
    *out = NULL;
    if (!(P = ogas_calloc(1, sizeof *P))) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    else if (rank == 0 && (rc = ogas_csr_transpose(d->A, &Kr, err)) == OGAS_OK) {
        dims[0] = d->nrows;
        dims[1] = d->ncols;
    }
    if ((rc = pmpi_agree(comm, rc, err))) goto done;
    P->comm = comm;
    MPI_Bcast(dims, 2, MPI_INT64_T, 0, comm);
    /* K's rows cut by the nonzeros of K, the columns by those of K' */
    if ((rc = pmpi_layout_cut(comm, &Kr, dims[0], &P->rows, err)) || (rc = pmpi_layout_cut(comm, rank == 0 ? d->A : NULL, dims[1], &P->cols, err)))
        goto done;
    {
        int size;
        MPI_Comm_size(comm, &size);
        P->rcnt = ogas_calloc((size_t)size, sizeof(int));
        P->rdsp = ogas_calloc((size_t)size, sizeof(int));
        P->ccnt = ogas_calloc((size_t)size, sizeof(int));
        P->cdsp = ogas_calloc((size_t)size, sizeof(int));
        if (!P->rcnt || !P->rdsp || !P->ccnt || !P->cdsp) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        else if (!pmpi_layout_counts(&P->rows, NULL, P->rcnt, P->rdsp) || !pmpi_layout_counts(&P->cols, NULL, P->ccnt, P->cdsp))
            rc = ogas_error_set(err, OGAS_ENOMEM, "the LP has more than 2^31 rows or columns: too many for one rank");
        if ((rc = pmpi_agree(comm, rc, err))) goto done;
    }
    {
        int64_t mr = P->rows.lo[rank + 1] - P->rows.lo[rank], mc = P->cols.lo[rank + 1] - P->cols.lo[rank];
        if ((rc = send_matrix(P, &Kr, &P->rows, dims[1], mc, &P->K, err))) goto done;
        ogas_csr_free(&Kr);
        if ((rc = send_matrix(P, rank == 0 ? d->A : NULL, &P->cols, dims[0], mr, &P->KT, err))) goto done;
        if ((rc = pmpi_vector_scatter(comm, &P->cols, rank == 0 ? d->obj : NULL, &P->obj, err)) ||
            (rc = pmpi_vector_scatter(comm, &P->cols, rank == 0 ? d->collo : NULL, &P->collo, err)) ||
            (rc = pmpi_vector_scatter(comm, &P->cols, rank == 0 ? d->colhi : NULL, &P->colhi, err)) ||
            (rc = pmpi_vector_scatter(comm, &P->rows, rank == 0 ? d->rowlo : NULL, &P->rowlo, err)) ||
            (rc = pmpi_vector_scatter(comm, &P->rows, rank == 0 ? d->rowhi : NULL, &P->rowhi, err)))
            goto done;
        {
            PetscErrorCode pe = VecCreateMPIWithArray(comm, 1, (PetscInt)mr, PETSC_DETERMINE, NULL, &P->vr);
            if (!pe) pe = VecCreateMPIWithArray(comm, 1, (PetscInt)mc, PETSC_DETERMINE, NULL, &P->vc);
            rc = pe ? pmpi_petsc_error(pe, "VecCreateMPIWithArray", err) : OGAS_OK;
            if ((rc = pmpi_agree(comm, rc, err))) goto done;
        }
        {
            Mat Ad, Ao;
            const PetscInt *colmap;
            PetscInt g1 = 0, g2 = 0;
            if (!MatMPIAIJGetSeqAIJ(P->K, &Ad, &Ao, &colmap)) MatGetSize(Ao, NULL, &g1);
            if (!MatMPIAIJGetSeqAIJ(P->KT, &Ad, &Ao, &colmap)) MatGetSize(Ao, NULL, &g2);
            P->ghosts = (int64_t)g1 + (int64_t)g2;
        }
        P->lp.nrows = mr;
        P->lp.ncols = mc;
        P->lp.row0 = P->rows.lo[rank];
        P->lp.col0 = P->cols.lo[rank];
    }
    P->lp.obj = P->obj;
    P->lp.collo = P->collo;
    P->lp.colhi = P->colhi;
    P->lp.rowlo = P->rowlo;
    P->lp.rowhi = P->rowhi;
    P->ops.ctx = P;
    P->ops.mul = lp_mul;
    P->ops.mul_t = lp_mul_t;
    P->ops.row_norms = lp_row_norms;
    P->ops.scale = lp_scale;
    P->ops.reduce = lp_reduce;
    {
        double nnz = (double)P->nnz;
        MPI_Allreduce(MPI_IN_PLACE, &nnz, 1, MPI_DOUBLE, MPI_SUM, comm);
        P->ops.nnz = nnz / 2; /* K and K' hold the same nonzeros */
    }
    *out = P;
    P = NULL;
done:
    ogas_csr_free(&Kr);
    pmpi_lp_destroy(P);
    return rc;
}

/* The operations of PDLP on P, and this rank's part of its LP. */
const ogas_pdlp_ops *pmpi_lp_ops(const pmpi_lp *P)
{
    return &P->ops;
}

const ogas_pdlp_lp *pmpi_lp_part(const pmpi_lp *P)
{
    return &P->lp;
}

/* Nonzeros of K and K' on this rank, and the off-rank values one product with each needs. */
void pmpi_lp_figures(const pmpi_lp *P, int64_t *nonzeros, int64_t *ghosts)
{
    *nonzeros = P->nnz;
    *ghosts = P->ghosts;
}

/* full (rank 0; NULL elsewhere) := the vector of which each rank holds its part mine, of columns
 * (columns: 1) or rows. */
void pmpi_lp_gather(const pmpi_lp *P, int columns, const double *mine, double *full)
{
    int rank;
    MPI_Comm_rank(P->comm, &rank);
    MPI_Gatherv(mine, (columns ? P->ccnt : P->rcnt)[rank], MPI_DOUBLE, full, columns ? P->ccnt : P->rcnt,
                columns ? P->cdsp : P->rdsp, MPI_DOUBLE, 0, P->comm);
}

/* mine := this rank's part of rank 0's vector full, of columns (columns: 1) or rows. */
static void scatter(const pmpi_lp *P, int columns, const double *full, double *mine)
{
    int rank;
    MPI_Comm_rank(P->comm, &rank);
    MPI_Scatterv(full, columns ? P->ccnt : P->rcnt, columns ? P->cdsp : P->rdsp, MPI_DOUBLE, mine,
                 (columns ? P->ccnt : P->rcnt)[rank], MPI_DOUBLE, 0, P->comm);
}

/* The certificate of a point whose parts the ranks hold (dual: of the rows, else the columns): gathered
 * on rank 0, made feasible there, its objective and the work so far sent to every rank, the feasible
 * point sent back in parts. */
static double certify(pmpi_lp *P, int dual, const double *v, double *vf)
{
    int rank;
    double r[2] = {0.0, 0.0};
    double *full = dual ? P->Y : P->X;
    MPI_Comm_rank(P->comm, &rank);
    pmpi_lp_gather(P, !dual, v, full);
    if (rank == 0) {
        r[0] = dual ? ogas_plan_certify_dual(P->cert, full, full) : ogas_plan_certify_primal(P->cert, full, full);
        r[1] = ogas_plan_certifier_work(P->cert);
    }
    MPI_Bcast(r, 2, MPI_DOUBLE, 0, P->comm);
    scatter(P, !dual, full, vf);
    P->work = r[1];
    return r[0];
}

/* xf := a feasible plan near x; its objective. */
static double lp_certify_primal(void *ctx, const double *x, double *xf)
{
    return certify(ctx, 0, x, xf);
}

/* yf := a feasible dual near y; its objective. */
static double lp_certify_dual(void *ctx, const double *y, double *yf)
{
    return certify(ctx, 1, y, yf);
}

/* The certificates' work so far. */
static double lp_certify_work(void *ctx)
{
    return ((pmpi_lp *)ctx)->work;
}

/* P's operations get the certificates of C (rank 0's; NULL elsewhere), done on rank 0. */
ogas_status pmpi_lp_certify(pmpi_lp *P, ogas_plan_certifier *C, ogas_error *err)
{
    int rank;
    ogas_status rc = OGAS_OK;
    MPI_Comm_rank(P->comm, &rank);
    if (rank == 0) {
        P->X = ogas_mallocarray((size_t)P->cols.n + 1, sizeof *P->X);
        P->Y = ogas_mallocarray((size_t)P->rows.n + 1, sizeof *P->Y);
        if (!P->X || !P->Y) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the certificates");
    }
    if ((rc = pmpi_agree(P->comm, rc, err))) return rc;
    P->cert = C;
    P->ops.certify_primal = lp_certify_primal;
    P->ops.certify_dual = lp_certify_dual;
    P->ops.certify_work = lp_certify_work;
    return OGAS_OK;
}

/* Releases P (NULL is a no-op). */
void pmpi_lp_destroy(pmpi_lp *P)
{
    if (!P) return;
    if (P->K) MatDestroy(&P->K);
    if (P->KT) MatDestroy(&P->KT);
    if (P->vr) VecDestroy(&P->vr);
    if (P->vc) VecDestroy(&P->vc);
    pmpi_layout_free(&P->rows);
    pmpi_layout_free(&P->cols);
    ogas_free(P->rcnt);
    ogas_free(P->rdsp);
    ogas_free(P->ccnt);
    ogas_free(P->cdsp);
    ogas_free(P->X);
    ogas_free(P->Y);
    ogas_free(P->obj);
    ogas_free(P->collo);
    ogas_free(P->colhi);
    ogas_free(P->rowlo);
    ogas_free(P->rowhi);
    ogas_free(P);
}
