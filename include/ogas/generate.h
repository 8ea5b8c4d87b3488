/* ogas/generate.h: synthetic economies for work at scale. */
#ifndef OGAS_GENERATE_H
#define OGAS_GENERATE_H

#include <stdint.h>

#include "ogas/error.h"
#include "ogas/sparse.h"

typedef struct ogas_generate_options {
    int64_t products; /* n */
    double inputs;    /* average inputs per product, K (default 20) */
    uint64_t seed;    /* same seed, same economy */
    double rho;       /* spectral radius to aim for (default 0.8) */
    double local;     /* share of inputs drawn from neighbouring products (same branch), default 0.5 */
    int keep_transpose; /* also return A' (built first anyway), for ogas_leontief_create_t; default 0 */
    void (*progress)(void *ud, const char *stage, double fraction); /* optional */
    void *progress_ud;
} ogas_generate_options;

/* o := defaults (n = 0 must be set by the caller). */
void ogas_generate_options_init(ogas_generate_options *o);

/* A synthetic economy: coefficients, labour per unit of output, final demand. */
typedef struct ogas_synthetic {
    ogas_csr A;       /* n x n technical coefficients */
    ogas_csr AT;      /* A', when keep_transpose was set (else empty) */
    double *labour;   /* n labour coefficients (hours per unit) */
    double *demand;   /* n final demands */
    double rho;       /* spectral radius reached (power-iteration estimate) */
} ogas_synthetic;

/* s := a synthetic economy. Each industry j has about K inputs: a share `local` from products near j in
 * the product order (its own branch), the rest drawn by popularity, which follows a power law (Zipf,
 * exponent 1, over a random ranking of products), so a few goods, like energy and steel, are inputs of
 * nearly every industry. Input shares are log-normal; column sums vary by industry and are then scaled
 * together so that the spectral radius is rho. Values are rounded to 12 significant digits so that the
 * economy written to text reads back bit for bit. Deterministic for a seed, whatever the thread count. */
ogas_status ogas_generate_economy(const ogas_generate_options *o, ogas_synthetic *s, ogas_error *err);
/* Releases s. */
void ogas_synthetic_free(ogas_synthetic *s);
/* Writes s to dir/A.mtx, dir/labour.mtx, dir/demand.mtx (dir is created if missing). */
ogas_status ogas_synthetic_write(const ogas_synthetic *s, const ogas_generate_options *o, const char *dir,
                                 ogas_error *err);

#endif
