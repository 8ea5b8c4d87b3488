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
/* Where the scattered product A' x keeps its sums (see spmv.c): slot[c] is the place of column c of A
 * in each thread's buffer, popular columns (many entries) first, each group in column order; j is A's
 * column indices mapped through slot. */
typedef struct ogas_scatter_map {
    int64_t hot;   /* columns counted popular: slots 0 .. hot-1 */
    int32_t *slot; /* a slot per column of A */
    int32_t *j;    /* nnz(A) mapped column indices */
} ogas_scatter_map;
/* m := the scatter map of A. Entries per column are counted as the row lengths of AT = A' when given
 * (A' costs nothing to count), else over A's pattern. */
ogas_status ogas_scatter_map_build(const ogas_csr *A, const ogas_csr *AT, ogas_scatter_map *m, ogas_error *err);
/* Releases m's arrays. */
void ogas_scatter_map_free(ogas_scatter_map *m);
/* ogas_csr_gaxpy with op(A) = A', scattering through map (built for A) into work (required); the same
 * bits as ogas_csr_gaxpy's transposed product with the same thread count. */
void ogas_csr_gaxpy_map(const ogas_csr *A, const ogas_scatter_map *map, const double *x, const double *b, double xi,
                        double sigma, double *y, double *work);
/* y = (I - A) x  (A square) */
void ogas_csr_leontief_apply(const ogas_csr *A, const double *x, double *y);
/* r = b - (I - A) x; returns ||r||_2 (A square) */
double ogas_csr_leontief_residual(const ogas_csr *A, const double *x, const double *b, double *r);

#endif
