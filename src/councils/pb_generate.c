/* pb_generate.c: synthetic participatory-budgeting elections (ogas_pb_generate) for tests and
 * benchmarks at any size: costs log-normal (a few large projects, many small ones), popularity
 * power-law (a few projects approved by many), ballots of 1 to max_length approved projects, and a
 * budget of a quarter of the total cost, written as a pabulib .pb file. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/budget.h"
#include "ogas/core.h"
#include "ogas/formats.h"

/* A standard normal draw (Box-Muller). */
static double normal(ogas_rng *r)
{
    double u = ogas_rng_uniform(r), v = ogas_rng_uniform(r);
    if (u < 1e-300) u = 1e-300;
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Writes a random approval election of voters x projects to path (same seed, same file). */
ogas_status ogas_pb_generate(const char *path, int64_t voters, int64_t projects, int64_t max_length, uint64_t seed,
                             ogas_error *err)
{
    ogas_rng rng;
    ogas_out o;
    int64_t *cost = NULL, total = 0, *pick = NULL;
    double *cum = NULL;
    char *mark = NULL;
    ogas_status rc = OGAS_OK;

    if (voters < 1 || projects < 1 || projects > 1000000 || voters > 100000000)
        return ogas_error_set(err, OGAS_EARG, "an election needs 1 to 10^8 voters and 1 to 10^6 projects");
    if (max_length < 1) max_length = 1;
    if (max_length > projects) max_length = projects;
    if (!(cost = ogas_malloc((size_t)projects * sizeof *cost)) || !(cum = ogas_malloc((size_t)projects * sizeof *cum)) ||
        !(mark = ogas_calloc((size_t)projects, 1)) || !(pick = ogas_malloc((size_t)max_length * sizeof *pick)))
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the election");
    if (rc || (rc = ogas_out_open(&o, path, err))) goto done;
    ogas_rng_seed(&rng, seed);
    for (int64_t j = 0; j < projects; j++) {
        double c = exp(11.5 + 1.0 * normal(&rng)); /* median about 100,000 */
        cost[j] = 1000 * (int64_t)(c / 1000) + 1000;
        total += cost[j];
        /* popularity: Pareto with exponent 1.2 */
        cum[j] = (j ? cum[j - 1] : 0) + pow(1 - ogas_rng_uniform(&rng) * 0.999999, -1 / 1.2);
    }
    fprintf(o.fp, "META\nkey;value\ndescription;synthetic election (ogas generate --election, seed %llu)\n"
                  "country;none\nunit;synthetic\ninstance;%llu\nnum_projects;%lld\nnum_votes;%lld\nbudget;%lld\n"
                  "vote_type;approval\nrule;equalshares/add1\nmax_length;%lld\nPROJECTS\nproject_id;cost\n",
            (unsigned long long)seed, (unsigned long long)seed, (long long)projects, (long long)voters,
            (long long)(total / 4), (long long)max_length);
    for (int64_t j = 0; j < projects; j++) fprintf(o.fp, "%lld;%lld\n", (long long)j + 1, (long long)cost[j]);
    fprintf(o.fp, "VOTES\nvoter_id;vote\n");
    for (int64_t v = 0; v < voters; v++) {
        int64_t len = 1 + (int64_t)ogas_rng_below(&rng, (uint64_t)max_length), n = 0;
        for (int64_t tries = 0; n < len && tries < 8 * len; tries++) {
            double x = ogas_rng_uniform(&rng) * cum[projects - 1];
            int64_t lo = 0, hi = projects - 1;
            while (lo < hi) { /* first project whose cumulative popularity exceeds x */
                int64_t mid = (lo + hi) / 2;
                if (cum[mid] > x) hi = mid;
                else lo = mid + 1;
            }
            if (!mark[lo]) {
                mark[lo] = 1;
                pick[n++] = lo;
            }
        }
        fprintf(o.fp, "%lld;", (long long)v + 1);
        for (int64_t k = 0; k < n; k++) {
            fprintf(o.fp, "%s%lld", k ? "," : "", (long long)pick[k] + 1);
            mark[pick[k]] = 0;
        }
        fputc('\n', o.fp);
    }
    rc = ogas_out_close(&o, 1, err);
done:
    ogas_free(cost);
    ogas_free(cum);
    ogas_free(mark);
    ogas_free(pick);
    return rc;
}
