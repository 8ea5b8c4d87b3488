/* ogas/sparse.h: plain sparse and dense matrices.
 *
 * Matrices are built as triplets (ogas_triplet), then compressed to rows
 * (ogas_csr) with duplicates summed, as in CSparse. Row pointers are int64 (an
 * economy may have more than 2^31 nonzeros); column indices are int32 (up to
 * 2^31 - 1 products). Structs are plain and their arrays are owned by the
 * struct: ogas_*_free releases them and leaves a zeroed struct. */
#ifndef OGAS_SPARSE_H
#define OGAS_SPARSE_H

#include <stdint.h>

#include "ogas/error.h"

#define OGAS_MAX_DIM 2147483647LL /* largest row or column count */

/* Coordinate form: entry k is (i[k], j[k], x[k]). */
typedef struct ogas_triplet {
    int64_t m, n;  /* rows, columns */
    int64_t nz;    /* entries in use */
    int64_t nzmax; /* entries allocated */
    int32_t *i;    /* row indices */
    int32_t *j;    /* column indices */
    double *x;     /* values */
} ogas_triplet;

/* Compressed sparse rows: row r holds columns j[p[r]..p[r+1]) with values x[...]; columns sorted
 * and unique within a row. */
typedef struct ogas_csr {
    int64_t m, n; /* rows, columns */
    int64_t *p;   /* row pointers, m + 1 entries; p[m] = nonzeros */
    int32_t *j;   /* column indices */
    double *x;    /* values */
} ogas_csr;

/* Dense matrix, row-major: entry (r, c) is x[r*n + c]. */
typedef struct ogas_dense {
    int64_t m, n; /* rows, columns */
    double *x;    /* m*n values */
} ogas_dense;

/* T := empty m-by-n triplet with room for nzmax entries. */
ogas_status ogas_triplet_init(ogas_triplet *T, int64_t m, int64_t n, int64_t nzmax, ogas_error *err);
/* Appends (i, j, x) to T, growing it as needed. */
ogas_status ogas_triplet_push(ogas_triplet *T, int64_t i, int64_t j, double x, ogas_error *err);
/* Releases T's arrays. */
void ogas_triplet_free(ogas_triplet *T);

/* C := T compressed to rows, duplicates summed, entries that sum to exactly zero dropped.
 * C is overwritten (its old arrays are not freed). */
ogas_status ogas_csr_from_triplet(const ogas_triplet *T, ogas_csr *C, ogas_error *err);
/* C := A'. */
ogas_status ogas_csr_transpose(const ogas_csr *A, ogas_csr *C, ogas_error *err);
/* C := copy of A. */
ogas_status ogas_csr_copy(const ogas_csr *A, ogas_csr *C, ogas_error *err);
/* Releases A's arrays. */
void ogas_csr_free(ogas_csr *A);
/* Number of stored entries. */
int64_t ogas_csr_nnz(const ogas_csr *A);
/* First row r with A->p[r] >= k: where to cut the rows to split the nonzeros at entry k. */
int64_t ogas_csr_row_at(const ogas_csr *A, int64_t k);
/* y = A*x (OpenMP over rows, balanced by nonzeros). */
void ogas_csr_spmv(const ogas_csr *A, const double *x, double *y);
/* y = A*x + b */
void ogas_csr_spmv_add(const ogas_csr *A, const double *x, const double *b, double *y);
/* s[c] = sum over rows of A(r, c) (s has A->n entries). */
void ogas_csr_colsums(const ogas_csr *A, double *s);
/* s[c] = sum over rows of |A(r, c)|. */
void ogas_csr_abs_colsums(const ogas_csr *A, double *s);
/* A := A * diag(d) (column c scaled by d[c]). */
void ogas_csr_scale_cols(ogas_csr *A, const double *d);
/* D := A as a dense m-by-n matrix. */
ogas_status ogas_csr_to_dense(const ogas_csr *A, ogas_dense *D, ogas_error *err);
/* C := entries of the dense m-by-n row-major array that are not zero. */
ogas_status ogas_csr_from_dense(int64_t m, int64_t n, const double *a, ogas_csr *C, ogas_error *err);

/* D := m-by-n zero matrix. */
ogas_status ogas_dense_init(ogas_dense *D, int64_t m, int64_t n, ogas_error *err);
/* Releases D's array. */
void ogas_dense_free(ogas_dense *D);


/* y = [b] + xi x + sigma op(A) x, where op(A) = A, or A' when transposed (b may be NULL). The
 * transposed product scatters rows of A; work, when non-NULL, holds omp_get_max_threads() * A->n
 * doubles for the threads' partial sums (without it the product runs on one thread). The gathered
 * product gives the same bits for any thread count; the scattered one for a given thread count. */
void ogas_csr_gaxpy(const ogas_csr *A, int transposed, const double *x, const double *b, double xi, double sigma,
                    double *y, double *work);
/* How the scattered product A' x places its sums (scatter_map.c). The rows of A are split into parts
 * (one per thread when the map is built), each scattering into its own buffer in work. In a buffer,
 * slot[c] is the place of column c: popular columns (at least twice the average entries) first, the most
 * popular first, then the others in column order. An entry that goes to a column neither popular nor
 * near its row (more than OGAS_SCATTER_NEAR apart) is not added in place: it is written after its part's
 * buffer, among the far entries of its range of OGAS_SCATTER_BIN columns, and each range's far entries
 * are added while the range's sums are in cache. */
#define OGAS_SCATTER_NEAR 512
#define OGAS_SCATTER_BIN 32768
typedef struct ogas_scatter_map {
    int64_t n;       /* columns of A */
    int64_t hot;     /* popular columns: slots 0 .. hot-1 */
    int32_t *slot;   /* n: the place of each column in a part's buffer */
    int32_t *j;      /* nnz(A): each entry's place, slot[column], or n + its place among its part's far entries */
    int parts;       /* parts of the rows */
    int64_t *cut;    /* parts + 1: the first row of each part */
    int64_t bins;    /* ranges of OGAS_SCATTER_BIN columns */
    int64_t *base;   /* bins: the slot of each range's first column that is not popular */
    int64_t *seg;    /* parts x (bins + 1): where each range's far entries start among the part's */
    uint16_t *off;   /* the far entries, part after part: slot of the column - base of its range */
    int64_t *off_at; /* parts + 1: where each part's far entries start in off */
    int64_t stride;  /* doubles of work per part: its buffer and its far entries */
} ogas_scatter_map;
/* m := the scatter map of A, in ogas_threads() parts. Entries per column, and the far ones, are counted
 * over AT = A' when given (A' costs nothing to count), else over A's pattern; a given A' that turns out
 * not to be A's transpose is refused (OGAS_EARG). */
ogas_status ogas_scatter_map_build(const ogas_csr *A, const ogas_csr *AT, ogas_scatter_map *m, ogas_error *err);
/* Releases m's arrays. */
void ogas_scatter_map_free(ogas_scatter_map *m);
/* Doubles of work that ogas_csr_gaxpy_map needs with m. */
int64_t ogas_scatter_map_work(const ogas_scatter_map *m);
/* ogas_csr_gaxpy with op(A) = A', scattering through map (built for A) into work (required,
 * ogas_scatter_map_work(map) doubles). Each sum is added in an order fixed by the map, so the result has
 * the same bits on any number of threads; it differs from ogas_csr_gaxpy's by rounding only. */
void ogas_csr_gaxpy_map(const ogas_csr *A, const ogas_scatter_map *map, const double *x, const double *b, double xi,
                        double sigma, double *y, double *work);
/* y = (I - A) x  (A square) */
void ogas_csr_leontief_apply(const ogas_csr *A, const double *x, double *y);
/* r = b - (I - A) x; returns ||r||_2 (A square) */
double ogas_csr_leontief_residual(const ogas_csr *A, const double *x, const double *b, double *r);

#endif
