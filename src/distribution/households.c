/* households.c: households of the distribution simulator: size, hours, priority flags and baskets with
 * Dirichlet budget shares; random variates; the Gini coefficient. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* A 64-bit hash of (a, b) (splitmix64's finaliser on a mixed word): seeds of independent streams. */
uint64_t sim_mix(uint64_t a, uint64_t b)
{
    uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A standard normal variate (Marsaglia's polar method, one of the pair used). */
double sim_normal(ogas_rng *r)
{
    double u, v, s;
    do {
        u = 2 * ogas_rng_uniform(r) - 1;
        v = 2 * ogas_rng_uniform(r) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * sqrt(-2 * log(s) / s);
}

/* A Gamma(a, 1) variate (Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS
 * 26(3), 2000; for a < 1, Gamma(a + 1) U^(1/a)). */
double sim_gamma(ogas_rng *r, double a)
{
    double boost = 1, d, c, x, v, u;
    if (a < 1) {
        boost = pow(1 - ogas_rng_uniform(r), 1 / a);
        a += 1;
    }
    d = a - 1.0 / 3;
    c = 1 / sqrt(9 * d);
    for (;;) {
        do {
            x = sim_normal(r);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        u = ogas_rng_uniform(r);
        if (u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v))) return boost * d * v;
    }
}

/* Index of the first entry of cum[0..n) above u (cum increasing, cum[n-1] = total). */
static int64_t pick(const double *cum, int64_t n, double u)
{
    int64_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* Draws household h: adults (1-2), children (0-3), hours, and a basket of B goods drawn by consumption
 * share without repeats, with Dirichlet(concentration x share / basket's share) budget shares, sorted by
 * share descending. Its own random stream (seed, h): the same household for any number of threads. */
static void draw_household(const sim_world *w, const double *cum, int64_t h, int32_t *goods, double *g)
{
    const ogas_scenario *sc = w->sc;
    ogas_rng r;
    int adults, b = 0, tries = 0;
    double hours = 0, tot = 0, sh = 0, u;
    int32_t *gd = w->good + h * w->B;
    float *wt = w->w + h * w->B;
    ogas_rng_seed(&r, sim_mix(sc->seed, (uint64_t)h));
    adults = ogas_rng_uniform(&r) < 0.6 ? 2 : 1;
    u = ogas_rng_uniform(&r);
    w->children[h] = (uint8_t)(u < 0.3 ? 0 : u < 0.6 ? 1 : u < 0.85 ? 2 : 3);
    for (int a = 0; a < adults; a++) hours += fmax(0, sc->hours_mean + sc->hours_sd * sim_normal(&r));
    w->hours[h] = (float)hours;
    while (b < w->B) {
        int64_t k;
        int dup = 0;
        if (tries++ < 50 * w->B) {
            k = pick(cum, w->ng, ogas_rng_uniform(&r) * cum[w->ng - 1]);
        } else { /* shares too lopsided: take the next good not yet in the basket */
            k = (int64_t)ogas_rng_below(&r, (uint64_t)w->ng);
            for (int q = 0; q < b; q++)
                if (goods[q] == k) q = -1, k = (k + 1) % w->ng;
        }
        for (int q = 0; q < b; q++) dup |= goods[q] == k;
        if (!dup) goods[b++] = (int32_t)k;
    }
    for (b = 0; b < w->B; b++) sh += w->share[goods[b]];
    for (b = 0; b < w->B; b++) {
        double a = sc->concentration * w->share[goods[b]] / sh;
        g[b] = sim_gamma(&r, a < 1e-3 ? 1e-3 : a);
        tot += g[b];
    }
    /* sort by share descending (insertion: B is small), ties by good */
    for (b = 1; b < w->B; b++) {
        double x = g[b];
        int32_t k = goods[b];
        int q = b - 1;
        while (q >= 0 && (g[q] < x || (g[q] == x && goods[q] > k))) {
            g[q + 1] = g[q];
            goods[q + 1] = goods[q];
            q--;
        }
        g[q + 1] = x;
        goods[q + 1] = k;
    }
    for (b = 0; b < w->B; b++) {
        gd[b] = goods[b];
        wt[b] = tot > 0 ? (float)(g[b] / tot) : (float)(1.0 / w->B);
    }
}

/* w's households (sizes, hours, flags, baskets), the Gini sample and the Gini coefficient of hours. */
ogas_status sim_households(sim_world *w, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    double *cum = NULL, *x = NULL;
    int64_t N = w->N, step;
    const ogas_scenario *sc = w->sc;
    w->B = sc->basket < 1 ? 1 : sc->basket > w->ng ? (int)w->ng : sc->basket;
    w->good = ogas_mallocarray((size_t)(N * w->B), sizeof *w->good);
    w->w = ogas_mallocarray((size_t)(N * w->B), sizeof *w->w);
    w->hours = ogas_mallocarray((size_t)N, sizeof *w->hours);
    w->children = ogas_mallocarray((size_t)N, 1);
    w->flags = ogas_calloc((size_t)N, 1);
    cum = ogas_mallocarray((size_t)w->ng, sizeof *cum);
    step = N > 20000 ? (N + 19999) / 20000 : 1;
    w->nsample = (N + step - 1) / step;
    w->sample = ogas_mallocarray((size_t)w->nsample, sizeof *w->sample);
    x = ogas_mallocarray((size_t)w->nsample, sizeof *x);
    if (!w->good || !w->w || !w->hours || !w->children || !w->flags || !cum || !w->sample || !x) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld households", (long long)N);
        goto done;
    }
    for (int64_t k = 0; k < w->ng; k++) cum[k] = (k ? cum[k - 1] : 0) + w->share[k];
#pragma omp parallel for schedule(static) if (N > 10000)
    for (int64_t h = 0; h < N; h++) {
        int32_t goods[256];
        double g[256];
        draw_household(w, cum, h, goods, g);
    }
    /* Calibration: a basket is drawn by consumption share and its weights follow the shares too, which
     * would count popularity twice (popular goods in more baskets and weighted more in each). A few
     * rounds of proportional fitting scale every good's weights so that the households' demand, added
     * up with their hours as weights, has the economy's consumption shares, keeping each household's
     * differences; then each basket is sorted again by weight. */
    {
        double *dem = ogas_calloc((size_t)w->ng, sizeof *dem);
        if (!dem) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for %lld households", (long long)N);
            goto done;
        }
        for (int it = 0; it < 6; it++) {
            double tot = 0;
            memset(dem, 0, (size_t)w->ng * sizeof *dem);
            for (int64_t h = 0; h < N; h++) {
                double inc = (double)w->hours[h] + 1e-9;
                for (int b = 0; b < w->B; b++) dem[w->good[h * w->B + b]] += inc * (double)w->w[h * w->B + b];
                tot += inc;
            }
            for (int64_t k = 0; k < w->ng; k++) dem[k] = dem[k] > 0 ? w->share[k] * tot / dem[k] : 1.0;
            for (int64_t h = 0; h < N; h++) {
                double sum = 0;
                float *wt = w->w + h * w->B;
                for (int b = 0; b < w->B; b++) sum += (double)wt[b] * dem[w->good[h * w->B + b]];
                for (int b = 0; b < w->B; b++)
                    wt[b] = sum > 0 ? (float)((double)wt[b] * dem[w->good[h * w->B + b]] / sum) : wt[b];
            }
        }
        ogas_free(dem);
        for (int64_t h = 0; h < N; h++) { /* by weight descending again, ties by good */
            float *wt = w->w + h * w->B;
            int32_t *gd = w->good + h * w->B;
            for (int b = 1; b < w->B; b++) {
                float v = wt[b];
                int32_t k = gd[b];
                int q = b - 1;
                while (q >= 0 && (wt[q] < v || (wt[q] == v && gd[q] > k))) {
                    wt[q + 1] = wt[q];
                    gd[q + 1] = gd[q];
                    q--;
                }
                wt[q + 1] = v;
                gd[q + 1] = k;
            }
        }
    }
    /* priority flags: specialists (the first specialists shock's share) and officials, by their own stream */
    {
        double spec = 0;
        for (int64_t s = 0; s < sc->nshocks; s++)
            if (sc->shocks[s].kind == OGAS_SHOCK_SPECIALISTS) {
                spec = sc->shocks[s].share;
                break;
            }
        for (int64_t h = 0; h < N; h++) {
            ogas_rng r;
            double u;
            ogas_rng_seed(&r, sim_mix(sc->seed ^ 0x5155A11u, (uint64_t)h));
            u = ogas_rng_uniform(&r);
            if (u < spec) w->flags[h] |= SIM_SPECIALIST;
            else if (u < spec + w->o.officials) w->flags[h] |= SIM_OFFICIAL;
        }
    }
    for (int64_t q = 0; q < w->nsample; q++) {
        w->sample[q] = q * step;
        x[q] = w->hours[q * step];
    }
    w->hours_gini = ogas_gini(w->nsample, x);
done:
    ogas_free(cum);
    ogas_free(x);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Gini = sum_i (2i - n - 1) x_(i) / (n sum x) over the sorted x (i = 1..n). */
double ogas_gini(int64_t n, double *x)
{
    double num = 0, tot = 0;
    if (n < 1) return 0;
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    for (int64_t i = 0; i < n; i++) {
        num += (double)(2 * (i + 1) - n - 1) * x[i];
        tot += x[i];
    }
    return tot > 0 ? num / ((double)n * tot) : 0;
}
