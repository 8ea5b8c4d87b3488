/* balance.c: the balance of an economy: gross output, output multipliers, labour values and labour
 * multipliers (Miller and Blair, Input-Output Analysis, 2nd ed., ch. 2 and 6), and input effects. */
#include <math.h>
#include <string.h>

#include "ogas/balance.h"
#include "ogas/core.h"

/* Frees b. */
void ogas_balance_free(ogas_balance *b)
{
    if (!b) return;
    ogas_free(b->output);
    ogas_free(b->multiplier);
    ogas_free(b->labour_value);
    ogas_free(b->labour_multiplier);
    memset(b, 0, sizeof *b);
}

/* effect := c (I - A)^-1; multiplier := effect / c. */
ogas_status ogas_input_effects(ogas_leontief *L, const double *c, double *effect, double *multiplier,
                               ogas_solve_info *info, ogas_error *err)
{
    ogas_status rc = ogas_leontief_solve_transposed(L, c, effect, info, err);
    if (rc || !multiplier) return rc;
    for (int64_t j = 0; j < ogas_leontief_size(L); j++) multiplier[j] = c[j] != 0.0 ? effect[j] / c[j] : NAN;
    return OGAS_OK;
}

/* b := balance of e for demand d. */
ogas_status ogas_balance_compute(const ogas_economy *e, const double *d, const ogas_solve_options *o, ogas_balance *b,
                                 ogas_error *err)
{
    ogas_leontief *L = NULL;
    double *ones = NULL;
    int64_t n = e->n;
    ogas_status rc;

    memset(b, 0, sizeof *b);
    b->n = n;
    if (!d) d = e->demand;
    rc = ogas_leontief_create(&e->A, e->codes, o, &L, err);
    if (rc) return rc;
    b->multiplier = ogas_mallocarray((size_t)n + 1, sizeof *b->multiplier);
    ones = ogas_mallocarray((size_t)n + 1, sizeof *ones);
    if (d) b->output = ogas_mallocarray((size_t)n + 1, sizeof *b->output);
    if (e->labour) {
        b->labour_value = ogas_mallocarray((size_t)n + 1, sizeof *b->labour_value);
        b->labour_multiplier = ogas_mallocarray((size_t)n + 1, sizeof *b->labour_multiplier);
    }
    if (!b->multiplier || !ones || (d && !b->output) || (e->labour && (!b->labour_value || !b->labour_multiplier))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the balance of %lld products", (long long)n);
        goto done;
    }
    if (d && (rc = ogas_leontief_solve(L, d, b->output, &b->output_info, err))) goto done;
    ogas_vec_fill(n, 1.0, ones);
    rc = ogas_leontief_solve_transposed(L, ones, b->multiplier, &b->multiplier_info, err);
    if (rc) goto done;
    if (e->labour) {
        rc = ogas_leontief_solve_transposed(L, e->labour, b->labour_value, &b->labour_info, err);
        if (rc) goto done;
        for (int64_t j = 0; j < n; j++)
            b->labour_multiplier[j] = e->labour[j] != 0.0 ? b->labour_value[j] / e->labour[j] : NAN;
    }
done:
    ogas_free(ones);
    ogas_leontief_destroy(L);
    if (rc) ogas_balance_free(b);
    return rc;
}
