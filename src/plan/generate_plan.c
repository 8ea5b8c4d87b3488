/* generate_plan.c: realistic plan problems of any size (ogas_plan_generate; the model is in
 * docs/formats.md).
 *
 * One technique per product, making one unit of it. Its inputs are the economy generator's
 * (ogas_generate_economy: power-law popularity, local inputs, spectral radius 0.6). The most popular
 * inputs (2% of the products, at least 3 and at least twice the capital goods per technique) are the
 * capital goods: each technique needs about `capital_goods` of them, drawn by a power law over their
 * popularity, so that a few (buildings, vehicles) serve nearly every industry; its capital per unit of
 * output is 0.5 to 3 years of output (log-normal; less where inputs and the investment to replace and
 * grow the capital would leave under 5% of value added), shared among them log-normally. Half the capital goods
 * are structures (lag 2 years, depreciation 3-6%), half equipment (lag 1 year, 5-15%).
 *
 * The base year is an economy in steady growth: gross output x0 makes the final demand d0 of the
 * economy and the investment that replaces worn capital and grows it by 2%, x0 = (I - A - B)^-1 d0 with
 * B = capital (dep + 0.02) (solved by ogas_leontief); the initial stocks are what x0 needs, so year 1
 * runs at capacity. Labour supply is 98% of the labour x0 needs (labour binds a little), growing 1% a
 * year; targets are d0, growing 2% a year, so capital must grow.
 *
 * Every random draw comes from a stream of its own column or row (seed, column), so the problem is the
 * same for a seed whatever the number of threads. Memory: the problem itself, the economy generator's
 * two copies of the input matrix, and A + B for the solve; nothing dense of size n x n. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/balance.h"
#include "ogas/core.h"
#include "ogas/generate.h"
#include "ogas/plan.h"

#define GEN_RHO 0.6             /* spectral radius of the input coefficients */
#define GEN_CAPITAL_SHARE 0.02  /* share of the products that are capital goods */
#define GEN_KAPPA_MEDIAN 1.2    /* capital per unit of output (years of output), median */
#define GEN_KAPPA_SIGMA 0.45    /* its log-normal spread */
#define GEN_KAPPA_LO 0.5
#define GEN_KAPPA_HI 3.0
#define GEN_DEP_LO 0.03
#define GEN_DEP_HI 0.15
#define GEN_TARGET_GROWTH 0.02
#define GEN_LABOUR_GROWTH 0.01
#define GEN_LABOUR_SHARE 0.98
#define GEN_MAX_COST 0.95       /* most inputs + growth investment per unit of output */

/* Salts of the random streams (distinct from the economy generator's). */
#define SALT_CAPITAL 0x6a09e667f3bcc908ULL
#define SALT_GOOD 0xbb67ae8584caa73bULL

/* o := the defaults: 5 years, 9 inputs and 9 capital goods per technique, seed 1 (products to be set). */
void ogas_plan_generate_options_init(ogas_plan_generate_options *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->years = 5;
    o->inputs = 9;
    o->capital_goods = 9;
    o->seed = 1;
}

/* A standard normal variate (Box-Muller). */
static double normal(ogas_rng *r)
{
    double u = ogas_rng_uniform(r), v = ogas_rng_uniform(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

/* r := the random stream number k of kind salt for seed. */
static void stream(ogas_rng *r, uint64_t seed, uint64_t salt, int64_t k)
{
    ogas_rng_seed(r, (seed + salt) ^ (0xbf58476d1ce4e5b9ULL * (uint64_t)(k + 1)));
}

/* A count with mean K: 1 + Poisson(K - 1) when K >= 1, Poisson(K) below; at most cap. */
static int64_t draw_count(ogas_rng *r, double K, int64_t cap)
{
    double lambda = K >= 1 ? K - 1 : K, p = exp(-lambda), s = p, u = ogas_rng_uniform(r);
    int64_t k = 0;
    if (lambda > 500) k = (int64_t)llround(lambda + sqrt(lambda) * normal(r));
    else
        while (u > s && k < 10 * (int64_t)lambda + 50) {
            k++;
            p *= lambda / (double)k;
            s += p;
        }
    if (k < 0) k = 0;
    if (K >= 1) k += 1;
    return k > cap ? cap : k;
}

/* Compares two uint64 keys (for qsort). */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* cg[0..G) := the G products that the most techniques use as inputs (rows of A with the most entries),
 * most used first, ties to the lower index. */
static ogas_status pick_capital_goods(const ogas_csr *A, int64_t G, int32_t *cg, ogas_error *err)
{
    int64_t n = A->m, maxc = 0, t, above = 0, k = 0;
    int64_t *hist = NULL;
    uint64_t *key = NULL;
    ogas_status rc = OGAS_OK;
    for (int64_t i = 0; i < n; i++)
        if (A->p[i + 1] - A->p[i] > maxc) maxc = A->p[i + 1] - A->p[i];
    hist = ogas_calloc((size_t)maxc + 1, sizeof *hist);
    key = ogas_mallocarray((size_t)G, sizeof *key);
    if (!hist || !key) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory choosing %lld capital goods", (long long)G);
        goto done;
    }
    for (int64_t i = 0; i < n; i++) hist[A->p[i + 1] - A->p[i]]++;
    /* t := the count of the G-th most used product; above := products used more */
    for (t = maxc; t > 0 && above + hist[t] < G; t--) above += hist[t];
    for (int64_t i = 0, ties = G - above; i < n && k < G; i++) {
        int64_t c = A->p[i + 1] - A->p[i];
        if (c > t || (c == t && ties-- > 0)) key[k++] = ((uint64_t)(maxc - c) << 32) | (uint64_t)i;
    }
    qsort(key, (size_t)k, sizeof *key, cmp_u64);
    for (int64_t q = 0; q < G; q++) cg[q] = (int32_t)(key[q] & 0xffffffffULL);
done:
    ogas_free(hist);
    ogas_free(key);
    return rc;
}

/* capital := the n x n capital coefficients: technique k needs about K of the G capital goods cg (by a
 * power law over their order), kappa_k units of capital per unit of output in all. Built by techniques
 * (rows of its transpose), each from its own stream, then transposed. */
static ogas_status make_capital(int64_t n, double K, const int32_t *cg, int64_t G, uint64_t seed, ogas_csr *capital,
                                ogas_error *err)
{
    ogas_csr CT = {0};
    ogas_status rc = OGAS_OK;
    double logG = log((double)G + 1.0);
    CT.m = n;
    CT.n = n;
    CT.p = ogas_calloc((size_t)n + 1, sizeof *CT.p);
    if (!CT.p) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the capital of %lld techniques", (long long)n);
        goto done;
    }
#pragma omp parallel for schedule(static) if (n > 10000)
    for (int64_t k = 0; k < n; k++) {
        ogas_rng r;
        stream(&r, seed, SALT_CAPITAL, k);
        CT.p[k + 1] = draw_count(&r, K, G);
    }
    for (int64_t k = 0; k < n; k++) CT.p[k + 1] += CT.p[k];
    CT.j = ogas_mallocarray((size_t)CT.p[n] + 1, sizeof *CT.j);
    CT.x = ogas_mallocarray((size_t)CT.p[n] + 1, sizeof *CT.x);
    if (!CT.j || !CT.x) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld capital coefficients", (long long)CT.p[n]);
        goto done;
    }
#pragma omp parallel for schedule(dynamic, 4096) if (n > 10000)
    for (int64_t k = 0; k < n; k++) {
        ogas_rng r;
        int64_t a = CT.p[k], c = CT.p[k + 1] - a;
        double kappa, sum = 0;
        stream(&r, seed, SALT_CAPITAL, k);
        (void)draw_count(&r, K, G); /* replay the first pass's draw */
        kappa = GEN_KAPPA_MEDIAN * exp(GEN_KAPPA_SIGMA * normal(&r));
        kappa = kappa < GEN_KAPPA_LO ? GEN_KAPPA_LO : kappa > GEN_KAPPA_HI ? GEN_KAPPA_HI : kappa;
        for (int64_t q = 0; q < c; q++) {
            int64_t rank = 0;
            int dup = 1;
            for (int tries = 0; dup && tries < 1000; tries++) {
                /* power law (Zipf, exponent 1) over the capital goods' order, by inversion */
                rank = (int64_t)(exp(ogas_rng_uniform(&r) * logG) - 1.0);
                if (rank >= G) rank = G - 1;
                if (rank < 0) rank = 0;
                dup = 0;
                for (int64_t u = a; u < a + q && !dup; u++) dup = CT.j[u] == cg[rank];
            }
            while (dup) { /* 1000 repeats (c close to G): the next good not taken yet */
                rank = (rank + 1) % G;
                dup = 0;
                for (int64_t u = a; u < a + q && !dup; u++) dup = CT.j[u] == cg[rank];
            }
            CT.j[a + q] = cg[rank];
            CT.x[a + q] = exp(0.8 * normal(&r)); /* log-normal share */
            sum += CT.x[a + q];
        }
        for (int64_t u = a + 1; u < a + c; u++) { /* sort by good (insertion sort: c is small) */
            int32_t ju = CT.j[u];
            double xu = CT.x[u];
            int64_t v = u;
            while (v > a && CT.j[v - 1] > ju) {
                CT.j[v] = CT.j[v - 1];
                CT.x[v] = CT.x[v - 1];
                v--;
            }
            CT.j[v] = ju;
            CT.x[v] = xu;
        }
        for (int64_t u = a; u < a + c; u++) CT.x[u] = ogas_round12(kappa * CT.x[u] / sum);
    }
    rc = ogas_csr_transpose(&CT, capital, err);
done:
    ogas_csr_free(&CT);
    return rc;
}

/* dep, lag := depreciation on capital's cells and the lags of the goods. A capital good takes 1 or 2
 * years to install (equipment; structures) and wears out at a rate of its own, in [5%, 15%] for
 * equipment and [3%, 6%] for structures; each cell within about 15% of it (clamped to [3%, 15%], 4
 * decimals). Other products have lag 1. One stream per good. */
static ogas_status make_dep_lag(const ogas_csr *capital, uint64_t seed, ogas_csr *dep, int *lag, ogas_error *err)
{
    int64_t n = capital->m;
    ogas_status rc = ogas_csr_copy(capital, dep, err);
    if (rc) return rc;
#pragma omp parallel for schedule(dynamic, 4096) if (n > 10000)
    for (int64_t i = 0; i < n; i++) {
        ogas_rng r;
        double base;
        lag[i] = 1;
        if (dep->p[i + 1] == dep->p[i]) continue;
        stream(&r, seed, SALT_GOOD, i);
        lag[i] = ogas_rng_uniform(&r) < 0.5 ? 1 : 2;
        /* structures take two years to build and wear out slowly, equipment one year and faster */
        base = lag[i] == 2 ? GEN_DEP_LO + 0.03 * ogas_rng_uniform(&r) : 0.05 + (GEN_DEP_HI - 0.05) * ogas_rng_uniform(&r);
        for (int64_t q = dep->p[i]; q < dep->p[i + 1]; q++) {
            double d = base * exp(0.15 * normal(&r));
            d = d < GEN_DEP_LO ? GEN_DEP_LO : d > GEN_DEP_HI ? GEN_DEP_HI : d;
            dep->x[q] = nearbyint(d * 1e4) / 1e4;
        }
    }
    return OGAS_OK;
}

/* Scales down the capital of each technique whose inputs and growth investment, sum_i A(i, k) + sum_i
 * capital(i, k) (dep(i, k) + g), would pass GEN_MAX_COST per unit of output: every technique keeps some
 * value added, and the column sums of A + capital .* (dep + g) stay below 1, which certifies at once
 * that the base year's economy is productive. Column sums serially: the same bits for any thread count. */
static ogas_status limit_capital(const ogas_csr *A, ogas_csr *capital, const ogas_csr *dep, double g, ogas_error *err)
{
    int64_t n = A->n;
    double *a = ogas_calloc((size_t)n + 1, sizeof *a), *b = ogas_calloc((size_t)n + 1, sizeof *b);
    ogas_status rc = OGAS_OK;
    if (!a || !b) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the column sums of %lld techniques", (long long)n);
        goto done;
    }
    for (int64_t q = 0; q < ogas_csr_nnz(A); q++) a[A->j[q]] += A->x[q];
    for (int64_t q = 0; q < ogas_csr_nnz(capital); q++) b[capital->j[q]] += capital->x[q] * (dep->x[q] + g);
    for (int64_t k = 0; k < n; k++) {
        a[k] = a[k] + b[k] > GEN_MAX_COST ? (GEN_MAX_COST - a[k]) / b[k] : 1.0; /* a := the factor */
        if (a[k] < 0.05) a[k] = 0.05;
    }
    {
        int64_t nc = ogas_csr_nnz(capital);
#pragma omp parallel for schedule(static) if (nc > 100000)
        for (int64_t q = 0; q < nc; q++)
            if (a[capital->j[q]] != 1.0) capital->x[q] = ogas_round12(capital->x[q] * a[capital->j[q]]);
    }
done:
    ogas_free(a);
    ogas_free(b);
    return rc;
}

/* M := A + capital .* (dep + g) (all n x n; capital and dep share a pattern): the inputs plus the
 * investment per unit of output that keeps the stocks growing at rate g. */
static ogas_status growth_matrix(const ogas_csr *A, const ogas_csr *capital, const ogas_csr *dep, double g, ogas_csr *M,
                                 ogas_error *err)
{
    int64_t n = A->m, q = 0;
    ogas_status rc = OGAS_OK;
    memset(M, 0, sizeof *M);
    M->m = n;
    M->n = A->n;
    M->p = ogas_mallocarray((size_t)n + 1, sizeof *M->p);
    M->j = ogas_mallocarray((size_t)(ogas_csr_nnz(A) + ogas_csr_nnz(capital)) + 1, sizeof *M->j);
    M->x = ogas_mallocarray((size_t)(ogas_csr_nnz(A) + ogas_csr_nnz(capital)) + 1, sizeof *M->x);
    if (!M->p || !M->j || !M->x) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the base year's growth matrix");
        goto done;
    }
    M->p[0] = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t a = A->p[i], c = capital->p[i];
        while (a < A->p[i + 1] || c < capital->p[i + 1]) {
            int32_t ja = a < A->p[i + 1] ? A->j[a] : INT32_MAX, jc = c < capital->p[i + 1] ? capital->j[c] : INT32_MAX;
            int32_t j = ja < jc ? ja : jc;
            double v = 0;
            if (ja == j) v += A->x[a++];
            if (jc == j) {
                v += capital->x[c] * (dep->x[c] + g);
                c++;
            }
            M->j[q] = j;
            M->x[q++] = v;
        }
        M->p[i + 1] = q;
    }
done:
    if (rc) ogas_csr_free(M);
    return rc;
}

/* p := a generated plan problem (see the top of the file). */
ogas_status ogas_plan_generate(const ogas_plan_generate_options *o, ogas_plan_problem *p, ogas_error *err)
{
    ogas_generate_options eo;
    ogas_synthetic s = {0};
    ogas_csr M = {0};
    ogas_leontief *L = NULL;
    int32_t *cg = NULL;
    double *x0 = NULL;
    int64_t n, G;
    int T;
    ogas_status rc;

    if (!p) return ogas_error_set(err, OGAS_EARG, "no plan problem to generate into");
    memset(p, 0, sizeof *p);
    if (!o) return ogas_error_set(err, OGAS_EARG, "no options given");
    n = o->products;
    T = o->years;
    if (n < 1 || n > OGAS_MAX_DIM - 1)
        return ogas_error_set(err, OGAS_EARG, "products must be from 1 to %lld, not %lld", OGAS_MAX_DIM - 1, (long long)n);
    if (T < 1 || T > 10000) return ogas_error_set(err, OGAS_EARG, "years must be from 1 to 10000, not %d", T);
    if (!(o->inputs >= 1 && o->inputs <= 1000))
        return ogas_error_set(err, OGAS_EARG, "inputs per technique must be from 1 to 1000, not %g", o->inputs);
    if (!(o->capital_goods >= 0 && o->capital_goods <= 1000))
        return ogas_error_set(err, OGAS_EARG, "capital goods per technique must be from 0 to 1000, not %g", o->capital_goods);

    /* Inputs, labour and final demand: the economy generator. */
    ogas_generate_options_init(&eo);
    eo.products = n;
    eo.inputs = o->inputs;
    eo.seed = o->seed;
    eo.rho = GEN_RHO;
    if ((rc = ogas_generate_economy(&eo, &s, err))) goto done;

    /* Capital goods: the most popular inputs. */
    G = (int64_t)ceil(GEN_CAPITAL_SHARE * (double)n);
    if (G < 3) G = 3;
    if (G < (int64_t)ceil(2 * o->capital_goods)) G = (int64_t)ceil(2 * o->capital_goods);
    if (G > n) G = n;
    cg = ogas_mallocarray((size_t)G, sizeof *cg);
    p->lag = ogas_mallocarray((size_t)n, sizeof *p->lag);
    x0 = ogas_mallocarray((size_t)n, sizeof *x0);
    p->labour_supply = ogas_mallocarray((size_t)T, sizeof *p->labour_supply);
    p->target = ogas_mallocarray((size_t)T * (size_t)n, sizeof *p->target);
    if (!cg || !p->lag || !x0 || !p->labour_supply || !p->target) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a plan of %lld products and %d years", (long long)n, T);
        goto done;
    }
    if ((rc = pick_capital_goods(&s.A, G, cg, err))) goto done;
    if ((rc = make_capital(n, o->capital_goods, cg, G, o->seed, &p->capital, err))) goto done;
    if ((rc = make_dep_lag(&p->capital, o->seed, &p->dep, p->lag, err))) goto done;
    if ((rc = limit_capital(&s.A, &p->capital, &p->dep, GEN_TARGET_GROWTH, err))) goto done;

    /* Base-year output in steady growth: x0 = (I - A - capital (dep + g))^-1 d0. */
    if ((rc = growth_matrix(&s.A, &p->capital, &p->dep, GEN_TARGET_GROWTH, &M, err))) goto done;
    {
        ogas_solve_options so;
        ogas_solve_options_init(&so);
        so.method = OGAS_METHOD_GMRES; /* the same bits for any thread count (no LAPACK, no scattered products) */
        so.scatter_from = 0;
        if ((rc = ogas_leontief_create(&M, NULL, &so, &L, err))) goto done;
        if ((rc = ogas_leontief_solve(L, s.demand, x0, NULL, err))) goto done;
    }
    ogas_leontief_destroy(L);
    L = NULL;
    ogas_csr_free(&M);
    for (int64_t i = 0; i < n; i++)
        if (!(x0[i] >= s.demand[i] * (1 - 1e-6))) {
            rc = ogas_error_set(err, OGAS_EINTERNAL, "the base-year output of product %lld came out as %g, below its final demand %g",
                                (long long)i + 1, x0[i], s.demand[i]);
            goto done;
        }

    /* Initial stocks: what x0 needs. */
    if ((rc = ogas_csr_copy(&p->capital, &p->stock0, err))) goto done;
    {
        int64_t nc = ogas_csr_nnz(&p->stock0);
#pragma omp parallel for schedule(static) if (nc > 100000)
        for (int64_t q = 0; q < nc; q++) p->stock0.x[q] = ogas_round12(p->capital.x[q] * x0[p->capital.j[q]]);
    }

    /* Labour supply and targets. */
    {
        double need = ogas_vec_dot(n, s.labour, x0);
        for (int y = 0; y < T; y++) p->labour_supply[y] = ogas_round12(GEN_LABOUR_SHARE * need * pow(1 + GEN_LABOUR_GROWTH, y));
#pragma omp parallel for schedule(static) if (n > 10000)
        for (int64_t i = 0; i < n; i++)
            for (int y = 0; y < T; y++) p->target[(int64_t)y * n + i] = ogas_round12(s.demand[i] * pow(1 + GEN_TARGET_GROWTH, y));
    }

    /* One technique per product, making one unit of it; products P1..Pn. */
    p->n = n;
    p->m = n;
    p->T = T;
    p->output.m = n;
    p->output.n = n;
    p->output.p = ogas_mallocarray((size_t)n + 1, sizeof *p->output.p);
    p->output.j = ogas_mallocarray((size_t)n, sizeof *p->output.j);
    p->output.x = ogas_mallocarray((size_t)n, sizeof *p->output.x);
    p->codes = ogas_calloc((size_t)n, sizeof *p->codes);
    if (!p->output.p || !p->output.j || !p->output.x || !p->codes) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a plan of %lld products", (long long)n);
        goto done;
    }
    for (int64_t i = 0; i <= n; i++) p->output.p[i] = i;
    for (int64_t i = 0; i < n; i++) {
        char b[32];
        p->output.j[i] = (int32_t)i;
        p->output.x[i] = 1.0;
        snprintf(b, sizeof b, "P%lld", (long long)i + 1);
        if (!(p->codes[i] = ogas_strdup(b))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld product codes", (long long)n);
            goto done;
        }
    }
    p->input = s.A;
    memset(&s.A, 0, sizeof s.A);
    p->labour = s.labour;
    s.labour = NULL;
    rc = ogas_plan_problem_check(p, err);
done:
    ogas_leontief_destroy(L);
    ogas_csr_free(&M);
    ogas_synthetic_free(&s);
    ogas_free(cg);
    ogas_free(x0);
    if (rc) ogas_plan_problem_free(p);
    return rc;
}
