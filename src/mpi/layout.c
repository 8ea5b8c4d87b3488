/* layout.c: which rank owns which rows, moving entries to their owners (MPI_Alltoallv), and a rank's
 * rows in compressed form.
 *
 * Ownership is contiguous (PETSc's layout of a MatMPIAIJ and its vectors). When every rank's part of
 * the file holds its rows in order and the parts follow one another (as `ogas generate` and ogas_mtx_write
 * write them), rank r owns the rows from the first row of its part on: the bytes, and so the nonzeros,
 * are balanced, and only the entries of a row cut by a range boundary move. Otherwise rows are dealt
 * evenly, n/size per rank, and the entries move to their owners. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ogas_mpi.h"

/* What a rank's part of the file holds, for choosing the layout. */
typedef struct part_info {
    int64_t has;    /* 1 when it holds entries */
    int64_t sorted; /* 1 when they come in row order */
    int64_t first;  /* row of its first entry */
    int64_t last;   /* row of its last entry */
} part_info;

/* L := row boundaries: the parts' first rows when the file is in row order, else even shares. */
ogas_status pmpi_layout_choose(MPI_Comm comm, int64_t n, const pmpi_mtx *M, pmpi_layout *L, ogas_error *err)
{
    int rank, size, ordered = 1;
    part_info mine, *all = NULL;
    ogas_status rc = OGAS_OK;

    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    all = ogas_calloc((size_t)size, sizeof *all);
    if (!pmpi_layout_alloc(L, size, n) || !all) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the layout of %d ranks", size);
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    mine.has = M->local.count > 0;
    mine.sorted = M->sorted;
    mine.first = mine.has ? M->local.e[0].i : 0;
    mine.last = mine.has ? M->local.e[M->local.count - 1].i : 0;
    MPI_Allgather(&mine, 4, MPI_INT64_T, all, 4, MPI_INT64_T, comm);
    {
        int64_t prev_last = -1;
        for (int r = 0; r < size && ordered; r++) {
            if (!all[r].has) continue;
            if (!all[r].sorted || all[r].first < prev_last) ordered = 0;
            prev_last = all[r].last;
        }
    }
    L->lo[size] = n;
    if (ordered) {
        for (int r = size - 1; r >= 1; r--) L->lo[r] = all[r].has ? all[r].first : L->lo[r + 1];
        L->lo[0] = 0;
        /* Every rank gets rows when there are enough (a row longer than a part leaves a rank none). */
        for (int r = 0; r < size && ordered; r++)
            if (L->lo[r + 1] < L->lo[r] || (n >= size && L->lo[r + 1] == L->lo[r])) ordered = 0;
    }
    if (!ordered)
        for (int r = 0; r <= size; r++) L->lo[r] = n * r / size;
done:
    ogas_free(all);
    if (rc) pmpi_layout_free(L);
    return rc;
}

/* L := size ranks over n rows, boundaries zeroed (size + 1); returns 0 on out of memory. */
int pmpi_layout_alloc(pmpi_layout *L, int size, int64_t n)
{
    memset(L, 0, sizeof *L);
    L->size = size;
    L->n = n;
    L->lo = ogas_calloc((size_t)size + 1, sizeof *L->lo);
    return L->lo != NULL;
}

/* Frees L's boundaries. */
void pmpi_layout_free(pmpi_layout *L)
{
    ogas_free(L->lo);
    memset(L, 0, sizeof *L);
}

/* Rank owning row k under L (binary search over the boundaries). */
static int owner(const pmpi_layout *L, int64_t k)
{
    int a = 0, b = L->size - 1;
    while (a < b) {
        int mid = a + (b - a + 1) / 2;
        if (L->lo[mid] <= k) a = mid;
        else b = mid - 1;
    }
    return a;
}

/* E := the entries of every rank's E whose row (column) this rank owns. A rank's own entries stay where
 * they are (compacted in place); only the others are copied, sent (MPI_Alltoallv) and appended, so that a
 * file in row order, whose entries are nearly all where they belong, costs little more memory than its
 * entries. */
ogas_status pmpi_redistribute(MPI_Comm comm, const pmpi_layout *L, int by_column, pmpi_entries *E, ogas_error *err)
{
    int rank, size;
    int *sc = NULL, *sd = NULL, *rcnt = NULL, *rd = NULL;
    int64_t *cnt = NULL, *at = NULL, total = 0, kept = 0;
    pmpi_entry *send = NULL, *grown;
    MPI_Datatype entry_type = MPI_DATATYPE_NULL;
    ogas_status rc = OGAS_OK;

    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    sc = ogas_calloc((size_t)size, sizeof *sc);
    sd = ogas_calloc((size_t)size, sizeof *sd);
    rcnt = ogas_calloc((size_t)size, sizeof *rcnt);
    rd = ogas_calloc((size_t)size, sizeof *rd);
    cnt = ogas_calloc((size_t)size, sizeof *cnt);
    at = ogas_calloc((size_t)size, sizeof *at);
    if (!sc || !sd || !rcnt || !rd || !cnt || !at) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for sending entries to %d ranks", size);
        goto agree_counts;
    }
    for (int64_t k = 0; k < E->count; k++) cnt[owner(L, by_column ? E->e[k].j : E->e[k].i)]++;
    kept = cnt[rank];
    cnt[rank] = 0;
    for (int r = 0; r < size; r++) {
        if (cnt[r] > INT_MAX || total > INT_MAX) {
            rc = ogas_error_set(err, OGAS_ETOOBIG, "rank %d would send more than %d entries to one rank: use more ranks",
                                rank, INT_MAX);
            goto agree_counts;
        }
        sc[r] = (int)cnt[r];
        sd[r] = (int)total;
        at[r] = total;
        total += cnt[r];
    }
    send = ogas_mallocarray((size_t)(total ? total : 1), sizeof *send);
    if (!send) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for sending %lld entries", (long long)total);
        goto agree_counts;
    }
    {
        int64_t q = 0;
        for (int64_t k = 0; k < E->count; k++) {
            int o = owner(L, by_column ? E->e[k].j : E->e[k].i);
            if (o == rank) E->e[q++] = E->e[k];
            else send[at[o]++] = E->e[k];
        }
        E->count = q;
    }
agree_counts:
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    MPI_Alltoall(sc, 1, MPI_INT, rcnt, 1, MPI_INT, comm);
    total = 0;
    for (int r = 0; r < size; r++) {
        if (total > INT_MAX) break;
        rd[r] = (int)total;
        total += rcnt[r];
    }
    /* Room for the entries received after the ones kept (the array shrinks to fit when nothing comes). */
    grown = total <= INT_MAX ? ogas_reallocarray(E->e, (size_t)(kept + total ? kept + total : 1), sizeof *grown) : NULL;
    if (total > INT_MAX)
        rc = ogas_error_set(err, OGAS_ETOOBIG, "rank %d would receive more than %d entries: use more ranks", rank, INT_MAX);
    else if (!grown)
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for receiving %lld entries", (long long)total);
    else {
        E->e = grown;
        E->cap = kept + total;
    }
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    MPI_Type_contiguous((int)sizeof(pmpi_entry), MPI_BYTE, &entry_type);
    MPI_Type_commit(&entry_type);
    MPI_Alltoallv(send, sc, sd, entry_type, E->e + kept, rcnt, rd, entry_type, comm);
    MPI_Type_free(&entry_type);
    E->count = kept + total;
done:
    ogas_free(send);
    ogas_free(sc);
    ogas_free(sd);
    ogas_free(rcnt);
    ogas_free(rd);
    ogas_free(cnt);
    ogas_free(at);
    return rc;
}

typedef struct col_val {
    int32_t j;
    double x;
} col_val;

static int cmp_col(const void *a, const void *b)
{
    int32_t x = ((const col_val *)a)->j, y = ((const col_val *)b)->j;
    return (x > y) - (x < y);
}

/* Sorts row [a, b) of R by column (already sorted rows, the usual case, cost one pass); returns 0 on out of
 * memory. */
static int sort_row(pmpi_rows *R, int64_t a, int64_t b)
{
    int64_t k;
    col_val *t;
    for (k = a + 1; k < b && R->j[k - 1] <= R->j[k]; k++) continue;
    if (k >= b) return 1;
    t = ogas_mallocarray((size_t)(b - a), sizeof *t);
    if (!t) return 0;
    for (k = a; k < b; k++) t[k - a] = (col_val){R->j[k], R->x[k]};
    qsort(t, (size_t)(b - a), sizeof *t, cmp_col);
    for (k = a; k < b; k++) {
        R->j[k] = t[k - a].j;
        R->x[k] = t[k - a].x;
    }
    ogas_free(t);
    return 1;
}

/* R := compressed rows of E (entries of rows this rank owns), columns sorted, duplicates summed. */
ogas_status pmpi_rows_build(MPI_Comm comm, const pmpi_layout *L, pmpi_entries *E, const char *file, pmpi_rows *R,
                            ogas_error *err)
{
    int rank;
    ogas_status rc = OGAS_OK;
    int64_t *next = NULL;

    MPI_Comm_rank(comm, &rank);
    memset(R, 0, sizeof *R);
    R->lo = L->lo[rank];
    R->nrows = L->lo[rank + 1] - L->lo[rank];
    R->p = ogas_calloc((size_t)R->nrows + 1, sizeof *R->p);
    next = ogas_calloc((size_t)R->nrows + 1, sizeof *next);
    R->j = ogas_mallocarray((size_t)(E->count ? E->count : 1), sizeof *R->j);
    R->x = ogas_mallocarray((size_t)(E->count ? E->count : 1), sizeof *R->x);
    if (!R->p || !next || !R->j || !R->x) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld rows with %lld entries", (long long)R->nrows,
                            (long long)E->count);
        goto done;
    }
    /* Counting sort by row (stable: a row's entries keep the file's order). */
    for (int64_t k = 0; k < E->count; k++) R->p[E->e[k].i - R->lo + 1]++;
    for (int64_t r = 0; r < R->nrows; r++) R->p[r + 1] += R->p[r];
    memcpy(next, R->p, (size_t)R->nrows * sizeof *next);
    for (int64_t k = 0; k < E->count; k++) {
        int64_t q = next[E->e[k].i - R->lo]++;
        R->j[q] = E->e[k].j;
        R->x[q] = E->e[k].v;
    }
    pmpi_entries_free(E);
    /* Columns in order within each row, duplicates summed (as ogas_mtx_read does). */
    {
        int64_t q = 0;
        for (int64_t r = 0; r < R->nrows && !rc; r++) {
            int64_t a = R->p[r], b = R->p[r + 1];
            if (!sort_row(R, a, b)) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for sorting a row of %lld entries", (long long)(b - a));
                break;
            }
            R->p[r] = q;
            for (int64_t u = a; u < b; u++) {
                if (q > R->p[r] && R->j[q - 1] == R->j[u]) {
                    R->x[q - 1] += R->x[u];
                    if (!isfinite(R->x[q - 1])) {
                        rc = ogas_error_at(err, OGAS_EINVAL, file, 0, 0,
                                           "duplicate entries (%lld, %d) sum beyond the range of double precision",
                                           (long long)(R->lo + r) + 1, R->j[u] + 1);
                        break;
                    }
                } else {
                    R->j[q] = R->j[u];
                    R->x[q] = R->x[u];
                    q++;
                }
            }
        }
        if (!rc) R->p[R->nrows] = q;
    }
done:
    ogas_free(next);
    pmpi_entries_free(E);
    rc = pmpi_agree(comm, rc, err);
    if (rc) pmpi_rows_free(R);
    return rc;
}

/* Frees R's arrays. */
void pmpi_rows_free(pmpi_rows *R)
{
    ogas_free(R->p);
    ogas_free(R->j);
    ogas_free(R->x);
    memset(R, 0, sizeof *R);
}

/* x[k - lo] := sum of the values of E's entries at position k (row, or column when by_column) for the
 * positions this rank owns; E is freed. */
ogas_status pmpi_vector_build(MPI_Comm comm, const pmpi_layout *L, int by_column, pmpi_entries *E, const char *file,
                              double *x, ogas_error *err)
{
    int rank;
    ogas_status rc = OGAS_OK;
    int64_t lo, n;
    MPI_Comm_rank(comm, &rank);
    lo = L->lo[rank];
    n = L->lo[rank + 1] - lo;
    for (int64_t k = 0; k < n; k++) x[k] = 0.0;
    for (int64_t k = 0; k < E->count && !rc; k++) {
        int64_t q = (by_column ? E->e[k].j : E->e[k].i) - lo;
        x[q] += E->e[k].v;
        if (!isfinite(x[q]))
            rc = ogas_error_at(err, OGAS_EINVAL, file, 0, 0,
                               "duplicate entries (%lld, %d) sum beyond the range of double precision",
                               (long long)E->e[k].i + 1, E->e[k].j + 1);
    }
    pmpi_entries_free(E);
    return pmpi_agree(comm, rc, err);
}
