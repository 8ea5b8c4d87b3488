/* ogas/formats.h: reading and writing matrices, vectors and tables in files.
 * Readers report bad input as file:line:column; writers write to a temporary file and rename it
 * into place, so a failed write never leaves a partial file behind. */
#ifndef OGAS_FORMATS_H
#define OGAS_FORMATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ogas/error.h"
#include "ogas/sparse.h"

/* A := the Matrix Market matrix at path ("matrix coordinate real|integer general", or "matrix array
 * real|integer general"). Duplicate entries are summed. */
ogas_status ogas_mtx_read(const char *path, ogas_csr *A, ogas_error *err);
/* Same from memory (name is used in errors). */
ogas_status ogas_mtx_parse(const char *name, const char *data, size_t len, ogas_csr *A, ogas_error *err);
/* *x := the vector in the Matrix Market file at path (an n x 1 or 1 x n matrix, coordinate or array);
 * *n := its length. The caller frees *x with ogas_free. */
ogas_status ogas_mtx_read_vector(const char *path, int64_t *n, double **x, ogas_error *err);
/* What the first lines of a Matrix Market file say, and where its entries start: enough for a reader
 * that splits the entries among processes (src/mpi) to parse them with ogas_mtx_parse_entry. */
typedef struct ogas_mtx_header {
    int array;           /* 1: "array" (dense values, column-major, one per line), 0: "coordinate" */
    int64_t m, n, nnz;   /* size; nnz = m*n for arrays */
    int64_t data_offset; /* byte offset of the line after the size line */
    long data_line;      /* number of the size line: entries are on the lines after it */
    int64_t bytes;       /* size of the file in bytes (0 when unknown) */
} ogas_mtx_header;
/* *h := the banner and size line of the Matrix Market file at path, checked as ogas_mtx_read checks them. */
ogas_status ogas_mtx_read_header(const char *path, ogas_mtx_header *h, ogas_error *err);
/* Parses line s[0..len), line number `line` of file name, of a Matrix Market file with header h, with
 * ogas_mtx_read's checks and messages. Returns 1 for an entry (coordinate: *i, *j 1-based and in range;
 * array: *i = *j = 0; *v the finite value), 0 for a comment or blank line, -1 on error (err says where). */
int ogas_mtx_parse_entry(const ogas_mtx_header *h, const char *name, long line, const char *s, size_t len, int64_t *i,
                         int64_t *j, double *v, ogas_error *err);
/* Writes A to path as "matrix coordinate real general", rows in order; comment (may be NULL) goes
 * after the banner, one '%' line per line of text. */
ogas_status ogas_mtx_write(const char *path, const ogas_csr *A, const char *comment, ogas_error *err);
/* Writes x[0..n) to path as an n x 1 "matrix array real general". */
ogas_status ogas_mtx_write_vector(const char *path, int64_t n, const double *x, const char *comment,
                                  ogas_error *err);

/* buf := shortest decimal text that reads back as exactly v ("%.15g", "%.16g" or "%.17g"); returns buf.
 * buf needs 32 bytes. */
char *ogas_format_double(char *buf, double v);
/* Writes s to fp as one CSV field, quoted when it holds ',', '"', or a line end. */
void ogas_csv_write_field(FILE *fp, const char *s);
/* The same for a file whose fields are separated by sep (';' for pabulib and the council registry). */
void ogas_csv_write_field_sep(FILE *fp, const char *s, char sep);

/* An output file written under a temporary name and renamed into place by ogas_out_close. */
typedef struct ogas_out {
    FILE *fp;        /* write to this */
    char *path;      /* final name */
    char *tmp;       /* temporary name */
} ogas_out;
/* Opens a temporary file beside path for writing. */
ogas_status ogas_out_open(ogas_out *o, const char *path, ogas_error *err);
/* Closes and renames into place when ok and every write succeeded; otherwise removes the temporary file.
 * Returns the status of the whole write. */
ogas_status ogas_out_close(ogas_out *o, int ok, ogas_error *err);

/* Writes the m x n row-major matrix a with row and column codes in the wide layout: first row
 * corner then column codes, then one row per row code. */
ogas_status ogas_write_wide(const char *path, const char *corner, int64_t m, int64_t n, char *const *rowcodes,
                            char *const *colcodes, const double *a, ogas_error *err);

#endif
