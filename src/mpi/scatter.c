/* scatter.c: what rank 0 holds whole (a plan's LP, an economy read by the library's readers) sent to the
 * ranks in contiguous blocks: the blocks cut by nonzeros, a matrix's rows (MPI_Scatterv of the rows'
 * lengths, columns and values) and vectors. Counts and offsets of MPI calls are ints: a rank's block, and
 * everything rank 0 sends, must hold fewer than 2^31 entries (an error says so). */
#include <limits.h>
#include <string.h>

#include "ogas_mpi.h"

/* L := contiguous blocks of the m rows of A (rank 0's; each row weighs its nonzeros + 1), the same on
 * every rank. */
ogas_status pmpi_layout_cut(MPI_Comm comm, const ogas_csr *A, int64_t m, pmpi_layout *L, ogas_error *err)
{
    int rank, size;
    ogas_status rc = OGAS_OK;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    if (!pmpi_layout_alloc(L, size, m)) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    if ((rc = pmpi_agree(comm, rc, err))) {
        pmpi_layout_free(L);
        return rc;
    }
    if (rank == 0) {
        double total = (double)A->p[m] + (double)m;
        int r = 1;
        for (int64_t i = 0; i < m && r < size; i++) {
            double before = (double)A->p[i] + (double)i; /* weight of the rows before row i */
            while (r < size && before >= total * r / size) L->lo[r++] = i;
        }
        while (r < size) L->lo[r++] = m;
        L->lo[size] = m;
    }
    MPI_Bcast(L->lo, size + 1, MPI_INT64_T, 0, comm);
    return OGAS_OK;
}

/* counts[r], displs[r] := each rank's block under L: its rows, or (A given, rank 0's) its nonzeros;
 * returns 0 when one does not fit an int. */
int pmpi_layout_counts(const pmpi_layout *L, const ogas_csr *A, int *counts, int *displs)
{
    for (int r = 0; r < L->size; r++) {
        int64_t a = A ? A->p[L->lo[r]] : L->lo[r], b = A ? A->p[L->lo[r + 1]] : L->lo[r + 1];
        if (b > INT_MAX) return 0;
        counts[r] = (int)(b - a);
        displs[r] = (int)a;
    }
    return 1;
}

/* R := this rank's rows, under L, of rank 0's A (NULL elsewhere), global columns. */
ogas_status pmpi_rows_scatter(MPI_Comm comm, const ogas_csr *A, const pmpi_layout *L, pmpi_rows *R, ogas_error *err)
{
    int rank, size, *cnt = NULL, *dsp = NULL;
    int64_t nnz = 0, *len = NULL, *rowlen = NULL;
    ogas_status rc = OGAS_OK;

    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    memset(R, 0, sizeof *R);
    R->lo = L->lo[rank];
    R->nrows = L->lo[rank + 1] - L->lo[rank];
    cnt = ogas_calloc((size_t)size, sizeof *cnt);
    dsp = ogas_calloc((size_t)size, sizeof *dsp);
    rowlen = ogas_calloc((size_t)R->nrows + 1, sizeof *rowlen);
    if (rank == 0 && (len = ogas_calloc((size_t)L->n + 1, sizeof *len)))
        for (int64_t i = 0; i < L->n; i++) len[i] = A->p[i + 1] - A->p[i];
    if (!cnt || !dsp || !rowlen || (rank == 0 && !len)) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    else if (rank == 0 && (!pmpi_layout_counts(L, A, cnt, dsp) || !pmpi_layout_counts(L, NULL, cnt, dsp)))
        rc = ogas_error_set(err, OGAS_ENOMEM, "more than 2^31 nonzeros or rows to send from one rank");
    if ((rc = pmpi_agree(comm, rc, err))) goto done;
    /* the rows' lengths (cnt, dsp: of the rows now), then their columns and values */
    MPI_Scatterv(len, cnt, dsp, MPI_INT64_T, rowlen, (int)R->nrows, MPI_INT64_T, 0, comm);
    for (int64_t i = 0; i < R->nrows; i++) nnz += rowlen[i];
    R->p = ogas_mallocarray((size_t)R->nrows + 1, sizeof *R->p);
    R->j = ogas_mallocarray((size_t)nnz + 1, sizeof *R->j);
    R->x = ogas_mallocarray((size_t)nnz + 1, sizeof *R->x);
    rc = !R->p || !R->j || !R->x ? ogas_error_set(err, OGAS_ENOMEM, "out of memory for this rank's rows") : OGAS_OK;
    if ((rc = pmpi_agree(comm, rc, err))) goto done;
    if (rank == 0) pmpi_layout_counts(L, A, cnt, dsp);
    MPI_Scatterv(rank == 0 ? A->j : NULL, cnt, dsp, MPI_INT32_T, R->j, (int)nnz, MPI_INT32_T, 0, comm);
    MPI_Scatterv(rank == 0 ? A->x : NULL, cnt, dsp, MPI_DOUBLE, R->x, (int)nnz, MPI_DOUBLE, 0, comm);
    R->p[0] = 0;
    for (int64_t i = 0; i < R->nrows; i++) R->p[i + 1] = R->p[i] + rowlen[i];
done:
    ogas_free(cnt);
    ogas_free(dsp);
    ogas_free(len);
    ogas_free(rowlen);
    if (rc) pmpi_rows_free(R);
    return rc;
}

/* *out := this rank's block, under L, of rank 0's vector v (NULL elsewhere); the caller frees it. */
ogas_status pmpi_vector_scatter(MPI_Comm comm, const pmpi_layout *L, const double *v, double **out, ogas_error *err)
{
    int rank, size, *cnt, *dsp;
    int64_t mine;
    ogas_status rc = OGAS_OK;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    mine = L->lo[rank + 1] - L->lo[rank];
    cnt = ogas_calloc((size_t)size, sizeof *cnt);
    dsp = ogas_calloc((size_t)size, sizeof *dsp);
    *out = ogas_mallocarray((size_t)mine + 1, sizeof **out);
    if (!cnt || !dsp || !*out) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    else if (rank == 0 && !pmpi_layout_counts(L, NULL, cnt, dsp))
        rc = ogas_error_set(err, OGAS_ENOMEM, "more than 2^31 entries to send from one rank");
    if (!(rc = pmpi_agree(comm, rc, err))) MPI_Scatterv(v, cnt, dsp, MPI_DOUBLE, *out, (int)mine, MPI_DOUBLE, 0, comm);
    ogas_free(cnt);
    ogas_free(dsp);
    if (rc) {
        ogas_free(*out);
        *out = NULL;
    }
    return rc;
}
