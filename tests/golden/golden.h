/* golden.h: reading published reference numbers for the golden tests, with a reader of its own
 * (independent of the library's CSV code, so a bug there cannot hide in both). */
#ifndef OGAS_GOLDEN_H
#define OGAS_GOLDEN_H

#include "ogas/ogas.h"
#include "test.h"

/* A labelled matrix: header row of column labels, first column row labels. */
typedef struct golden_matrix {
    int nrows, ncols;
    char **row, **col;
    double *x; /* nrows * ncols, NaN where the cell is not a number */
} golden_matrix;

/* A table: first column a label, the other columns numbers (NaN where not). */
typedef struct golden_table {
    int nrows, ncols;
    char **label;
    double **v;
} golden_table;

int golden_read_matrix(const char *path, golden_matrix *m);
double golden_at(const golden_matrix *m, const char *row, const char *col); /* NaN when absent */
void golden_free(golden_matrix *m);
int golden_read_table(const char *path, golden_table *t);
void golden_free_table(golden_table *t);

/* Reads an economy or fails the test (returns 0). */
int golden_economy(const char *path, const ogas_read_options *o, ogas_economy *e);

#endif
