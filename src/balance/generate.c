/* generate.c: synthetic economies (see ogas/generate.h for the model).
 *
 * Columns are generated independently, each from its own random stream (seed, column), straight into
 * compressed-column form (which is A' in rows), then transposed once: the peak memory is two copies
 * of the matrix, and the result does not depend on the number of threads. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ogas/balance.h"
#include "ogas/core.h"
#include "ogas/formats.h"
#include "ogas/generate.h"

/* o := defaults. */
void ogas_generate_options_init(ogas_generate_options *o)
{
    memset(o, 0, sizeof *o);
    o->inputs = 20;
    o->seed = 1;
    o->rho = 0.8;
    o->local = 0.5;
}

/* Frees s. */
void ogas_synthetic_free(ogas_synthetic *s)
{
    if (!s) return;
    ogas_csr_free(&s->A);
    ogas_csr_free(&s->AT);
    ogas_free(s->labour);
    ogas_free(s->demand);
    memset(s, 0, sizeof *s);
}

/* A standard normal variate (Box-Muller). */
static double normal(ogas_rng *r)
{
    double u = ogas_rng_uniform(r), v = ogas_rng_uniform(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static void progress(const ogas_generate_options *o, const char *stage, double f)
{
    if (o->progress) o->progress(o->progress_ud, stage, f);
}

/* Number of inputs of a column: 1 + Poisson(K - 1) by inversion, capped at n. */
static int64_t column_inputs(ogas_rng *r, double K, int64_t n)
{
    double lambda = K - 1, p = exp(-lambda), s = p, u = ogas_rng_uniform(r);
    int64_t k = 0;
    if (lambda > 500) k = (int64_t)llround(lambda + sqrt(lambda) * normal(r));
    else
        while (u > s && k < 10 * (int64_t)K + 50) {
            k++;
            p *= lambda / (double)k;
            s += p;
        }
    k += 1;
    if (k < 1) k = 1;
    return k > n ? n : k;
}

/* s := synthetic economy. */
ogas_status ogas_generate_economy(const ogas_generate_options *o, ogas_synthetic *s, ogas_error *err)
{
    int64_t n = o->products, nnz = 0;
    int32_t *perm = NULL;
    int64_t *cnt = NULL;
    ogas_csr C = {0}; /* columns of A as rows: C = A' */
    double *x = NULL, *y = NULL;
    ogas_status rc = OGAS_OK;

    memset(s, 0, sizeof *s);
    if (n < 1 || n > OGAS_MAX_DIM - 1)
        return ogas_error_set(err, OGAS_EARG, "--products must be from 1 to %lld", OGAS_MAX_DIM - 1);
    if (!(o->inputs >= 1) || o->inputs > 1000)
        return ogas_error_set(err, OGAS_EARG, "--inputs must be from 1 to 1000");
    if (!(o->rho > 0 && o->rho < 1)) return ogas_error_set(err, OGAS_EARG, "--rho must lie strictly between 0 and 1");
    if (!(o->local >= 0 && o->local <= 1)) return ogas_error_set(err, OGAS_EARG, "local share must lie in [0, 1]");

    /* Popularity ranking: a random permutation of products (Fisher-Yates on the master stream). */
    perm = ogas_mallocarray((size_t)n, sizeof *perm);
    cnt = ogas_calloc((size_t)n + 1, sizeof *cnt);
    if (!perm || !cnt) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory generating %lld products", (long long)n);
        goto done;
    }
    {
        ogas_rng r;
        ogas_rng_seed(&r, o->seed);
        for (int64_t i = 0; i < n; i++) perm[i] = (int32_t)i;
        for (int64_t i = n - 1; i > 0; i--) {
            int64_t k = (int64_t)ogas_rng_below(&r, (uint64_t)i + 1);
            int32_t t = perm[i];
            perm[i] = perm[k];
            perm[k] = t;
        }
    }
    /* Pass 1: inputs per column (cheap; fixes the layout). */
#pragma omp parallel for schedule(static) if (n > 10000)
    for (int64_t j = 0; j < n; j++) {
        ogas_rng r;
        ogas_rng_seed(&r, o->seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(j + 1)));
        cnt[j + 1] = column_inputs(&r, o->inputs, n);
    }
    for (int64_t j = 0; j < n; j++) cnt[j + 1] += cnt[j];
    nnz = cnt[n];
    C.m = n;
    C.n = n;
    C.p = cnt;
    cnt = NULL;
    C.j = ogas_mallocarray((size_t)nnz, sizeof *C.j);
    C.x = ogas_mallocarray((size_t)nnz, sizeof *C.x);
    if (!C.j || !C.x) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld coefficients (%.1f GB)", (long long)nnz, 1.2e-8 * (double)nnz);
        goto done;
    }
    progress(o, "columns", 0.0);
    /* Pass 2: the inputs and shares of each column, sorted by input. */
    {
        double logn = log((double)n + 1.0);
#pragma omp parallel for schedule(dynamic, 4096) if (n > 10000)
        for (int64_t j = 0; j < n; j++) {
            ogas_rng r;
            int64_t a = C.p[j], k = C.p[j + 1] - a;
            double sum = 0.0, target;
            ogas_rng_seed(&r, o->seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(j + 1)));
            (void)column_inputs(&r, o->inputs, n); /* replay pass 1's draw */
            for (int64_t q = 0; q < k; q++) {
                int64_t i;
                for (int tries = 0;; tries++) {
                    if (ogas_rng_uniform(&r) < o->local) {
                        /* A neighbour in the product order: two-sided geometric offset, mean 30. */
                        double g = -30.0 * log(1.0 - ogas_rng_uniform(&r));
                        int64_t off = (int64_t)g + 1;
                        i = ogas_rng_u64(&r) & 1 ? j + off : j - off;
                        i %= n;
                        if (i < 0) i += n;
                    } else {
                        /* Zipf(1) rank by inversion of the continuous law P(rank <= t) = ln(1+t)/ln(1+n). */
                        int64_t rank = (int64_t)exp(ogas_rng_uniform(&r) * logn) - 1;
                        if (rank >= n) rank = n - 1;
                        if (rank < 0) rank = 0;
                        i = perm[rank];
                    }
                    int dup = 0;
                    for (int64_t u = a; u < a + q; u++)
                        if (C.j[u] == i) {
                            dup = 1;
                            break;
                        }
                    if (!dup || tries > 1000) break;
                }
                C.j[a + q] = (int32_t)i;
                C.x[a + q] = exp(normal(&r)); /* log-normal share */
            }
            /* sort the column's inputs (insertion sort, k is small) */
            for (int64_t u = a + 1; u < a + k; u++) {
                int32_t ji = C.j[u];
                double xi = C.x[u];
                int64_t v = u;
                while (v > a && C.j[v - 1] > ji) {
                    C.j[v] = C.j[v - 1];
                    C.x[v] = C.x[v - 1];
                    v--;
                }
                C.j[v] = ji;
                C.x[v] = xi;
            }
            /* duplicates left after 1000 tries (tiny n): merge */
            for (int64_t u = a + 1; u < a + k; u++)
                if (C.j[u] == C.j[u - 1]) {
                    C.x[u] += C.x[u - 1];
                    C.x[u - 1] = 0.0;
                }
            for (int64_t u = a; u < a + k; u++) sum += C.x[u];
            target = o->rho * (0.7 + 0.4 * ogas_rng_uniform(&r)); /* this industry's input share */
            for (int64_t u = a; u < a + k; u++) C.x[u] *= target / sum;
        }
    }
    progress(o, "transpose", 0.5);
    rc = ogas_csr_transpose(&C, &s->A, err);
    if (rc) goto done;
    /* Scale to spectral radius rho: power iteration with Collatz-Wielandt bounds. */
    x = ogas_mallocarray((size_t)n, sizeof *x);
    y = ogas_mallocarray((size_t)n, sizeof *y);
    if (!x || !y) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    {
        /* The upper Collatz-Wielandt bound max_i (Bx)_i / x_i, B = (A + I)/2, decreases to rho(B) as x
         * tends to the Perron vector; the lower bound is of no use here, since products that are nobody's
         * input have zero rows and keep their ratio at 1/2. */
        double hi = INFINITY, prev, est, f;
        int64_t z = ogas_csr_nnz(&s->A);
        ogas_vec_fill(n, 1.0, x);
        for (int it = 0; it < 300; it++) {
            double m;
            ogas_csr_spmv(&s->A, x, y);
            prev = hi;
            hi = 0;
            for (int64_t i = 0; i < n; i++) {
                y[i] = 0.5 * (y[i] + x[i]);
                if (y[i] / x[i] > hi) hi = y[i] / x[i];
            }
            m = ogas_vec_norminf(n, y);
            for (int64_t i = 0; i < n; i++) x[i] = y[i] / m;
            progress(o, "spectral radius", 0.5 + 0.4 * (it + 1) / 300.0);
            if (fabs(prev - hi) < 1e-9 * hi) break;
        }
        est = 2 * hi - 1;
        f = o->rho / est;
#pragma omp parallel for schedule(static) if (z > 100000)
        for (int64_t k = 0; k < z; k++) s->A.x[k] = ogas_round12(s->A.x[k] * f);
        if (o->keep_transpose) {
#pragma omp parallel for schedule(static) if (z > 100000)
            for (int64_t k = 0; k < z; k++) C.x[k] = ogas_round12(C.x[k] * f); /* the same entries, the same rounding */
            s->AT = C;
            memset(&C, 0, sizeof C);
        } else {
            ogas_csr_free(&C);
        }
        s->rho = o->rho;
    }
    progress(o, "vectors", 0.95);
    s->labour = ogas_mallocarray((size_t)n, sizeof *s->labour);
    s->demand = ogas_mallocarray((size_t)n, sizeof *s->demand);
    if (!s->labour || !s->demand) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    {
        ogas_rng r;
        ogas_rng_seed(&r, o->seed ^ 0x5bd1e995ULL);
        for (int64_t i = 0; i < n; i++) {
            s->labour[i] = ogas_round12(0.5 * exp(0.6 * normal(&r)));
            s->demand[i] = ogas_round12(100.0 * exp(normal(&r)));
        }
    }
    progress(o, "done", 1.0);
done:
    ogas_free(perm);
    ogas_free(cnt);
    ogas_free(x);
    ogas_free(y);
    ogas_csr_free(&C);
    if (rc) ogas_synthetic_free(s);
    return rc;
}

/* Writes s into dir. */
ogas_status ogas_synthetic_write(const ogas_synthetic *s, const ogas_generate_options *o, const char *dir,
                                 ogas_error *err)
{
    char path[4096], comment[512];
    ogas_status rc;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot create folder: %s", strerror(errno));
    snprintf(comment, sizeof comment,
             "ogas generate --products %lld --inputs %g --seed %llu --rho %g\n"
             "%s",
             (long long)o->products, o->inputs, (unsigned long long)o->seed, o->rho, "");
    snprintf(path, sizeof path, "%s/A.mtx", dir);
    {
        char c[600];
        snprintf(c, sizeof c, "%stechnical coefficients: input of row product per unit of column product", comment);
        rc = ogas_mtx_write(path, &s->A, c, err);
    }
    if (rc) return rc;
    snprintf(path, sizeof path, "%s/labour.mtx", dir);
    {
        char c[600];
        snprintf(c, sizeof c, "%slabour coefficients: hours per unit of output", comment);
        rc = ogas_mtx_write_vector(path, s->A.n, s->labour, c, err);
    }
    if (rc) return rc;
    snprintf(path, sizeof path, "%s/demand.mtx", dir);
    {
        char c[600];
        snprintf(c, sizeof c, "%sfinal demand per product", comment);
        rc = ogas_mtx_write_vector(path, s->A.n, s->demand, c, err);
    }
    return rc;
}
