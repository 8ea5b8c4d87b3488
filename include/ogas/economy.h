/* ogas/economy.h: an economy as read from a table: products, flows, coefficients, final demand,
 * primary inputs and labour. A plain struct whose arrays it owns; ogas_economy_free releases them. */
#ifndef OGAS_ECONOMY_H
#define OGAS_ECONOMY_H

#include <stdint.h>

#include "ogas/error.h"
#include "ogas/sparse.h"

/* A named vector over the products (a final-demand column or a primary-input row). */
typedef struct ogas_series {
    char *name;        /* as written in the table */
    double *x;         /* one value per product; NaN where the table has a missing-value marker */
    long missing_line; /* input line of the first missing value, 0 if none */
    long missing_col;  /* its column */
} ogas_series;

typedef struct ogas_economy {
    int64_t n;              /* products */
    char **codes;           /* n product codes, unique */
    char *code_arena;       /* when non-NULL, codes[k] point into this one block (numbered products) */
    char **names;           /* n product labels, or NULL when the table has none */
    ogas_csr A;             /* technical coefficients, n x n: input of row product per unit of column product */
    ogas_csr Z;             /* intermediate flows when the table gives them (Z.p == NULL otherwise) */
    double *output;         /* gross output x, or NULL when the input gives coefficients only */
    double *demand;         /* final demand d: the sum of the chosen final-demand columns, or NULL */
    double *labour;         /* labour per unit of gross output, l (hours, persons or a stand-in), or NULL.
                               Readers take labour rows and files as totals per product and divide them
                               by gross output; without gross output (Matrix Market) they are per unit. */
    char labour_source[4352];/* where labour came from, in words; says so when it is a stand-in */
    int labour_is_standin;  /* 1 when labour is not hours or persons (e.g. compensation of employees) */
    int64_t nfd;            /* final-demand columns read */
    ogas_series *fd;        /* the final-demand columns (all of them, chosen or not) */
    int64_t nprimary;       /* primary-input rows read (value added, compensation, imports, ...) */
    ogas_series *primary;   /* the primary-input rows */
    char source[4096];      /* file the economy was read from */
    char layout[32];        /* "wide", "wiod", "supply-use", "5yp", "mtx" */
    int year;               /* year of the table, 0 when unknown */
    int64_t nnotes;         /* soft findings of the reader (checks that did not hold exactly) */
    char **notes;           /* one line each */
} ogas_economy;

/* Which layout to read, and which rows and columns to use. Zero-initialise, then set what you need. */
typedef struct ogas_read_options {
    const char *layout;     /* "auto" (or NULL), "wide", "wiod", "supply-use", "5yp", "mtx" */
    int year;               /* WIOD: the year (0 = the latest in the file) */
    const char *output_row; /* wide: name of the gross-output row (NULL: recognised by name) */
    const char *labour;     /* row name, or a file (CSV code,value or .mtx); NULL: recognised or stand-in */
    const char *demand;     /* comma-separated final-demand column names, or a file; NULL: all columns */
    const char *sea;        /* WIOD: socio-economic accounts file (NULL: SEA*.csv beside the table) */
    const char *drop;       /* comma-separated product codes to leave out */
    const char *make;       /* supply-use: make table V (industries x commodities) */
    const char *use;        /* supply-use: use table U (commodities x industries) */
    const char *scrap;      /* supply-use: code of the scrap commodity (BEA adjustment), or NULL */
} ogas_read_options;

/* e := the economy in the file (or folder) at path, in the layout opts names (NULL opts = defaults). */
ogas_status ogas_economy_read(const char *path, const ogas_read_options *opts, ogas_economy *e, ogas_error *err);
/* Releases the names and values of n series and the array s itself (NULL is a no-op). */
void ogas_series_free(ogas_series *s, int64_t n);
/* Releases e's arrays and leaves it zeroed. */
void ogas_economy_free(ogas_economy *e);
/* Index of the product with this code, or -1. */
int64_t ogas_economy_find(const ogas_economy *e, const char *code);
/* The primary-input row with this name (exact, then case-insensitive), or NULL. */
const ogas_series *ogas_economy_primary(const ogas_economy *e, const char *name);
/* Appends a note (printf-style) to e->notes; returns OGAS_ENOMEM if it cannot. */
ogas_status ogas_economy_note(ogas_economy *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A := Z diag(x)^-1: technical coefficients from flows and gross output. A product with zero output
 * and no inputs gets a zero column; zero (or negative) output with inputs is an error naming the product
 * (codes may be NULL). */
ogas_status ogas_coefficients(const ogas_csr *Z, const double *x, char *const *codes, ogas_csr *A,
                              ogas_error *err);

#endif
