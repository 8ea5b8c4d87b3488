/* from_economy.c: a plan problem from an input-output table that the engine reads (ogas_plan_from_economy):
 * the table's industries as techniques, its coefficients and labour, generated capital, and targets
 * growing from its final demand. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/plan.h"

#define MIN_CAPITAL_SHARE 0.01 /* capital goods with less of gross fixed capital formation are left out */
#define TINY_COEFFICIENT 1e-12 /* input coefficients below this are dropped */

/* o := defaults. */
void ogas_plan_economy_options_init(ogas_plan_economy_options *o)
{
    memset(o, 0, sizeof *o);
    o->years = 5;
    o->capital_ratio = 2.5;
    o->depreciation = 0.06;
    o->target_growth = 0.02;
    o->labour_growth = 0.01;
}

/* 1 if s contains pat, ignoring case. */
static int has(const char *s, const char *pat)
{
    size_t n = strlen(pat);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && tolower((unsigned char)s[k]) == tolower((unsigned char)pat[k])) k++;
        if (k == n) return 1;
    }
    return 0;
}

/* 1 if the final-demand column is gross fixed capital formation. */
static int is_gfcf(const char *name)
{
    return has(name, "fixed capital") || has(name, "gfcf") || strcmp(name, "P51") == 0 || strcmp(name, "P51G") == 0 ||
           has(name, "P51_");
}

/* 1 if the final-demand column is accumulation other than fixed capital (inventories, valuables). */
static int is_other_accumulation(const char *name)
{
    return has(name, "inventor") || has(name, "inven") || has(name, "valuables") || strcmp(name, "P52") == 0 ||
           strcmp(name, "P53") == 0;
}

/* p := the plan problem of economy e. */
ogas_status ogas_plan_from_economy(const ogas_economy *e, const ogas_plan_economy_options *o, ogas_plan_problem *p,
                                   ogas_error *err)
{
    ogas_plan_economy_options d;
    int64_t n = e ? e->n : 0, ngoods = 0, *goods = NULL;
    const ogas_series *gfcf = NULL;
    double *base = NULL, *share = NULL, total = 0.0;
    ogas_triplet Tr = {0};
    ogas_status rc = OGAS_OK;

    memset(p, 0, sizeof *p);
    if (!o) {
        ogas_plan_economy_options_init(&d);
        o = &d;
    }
    if (!e || n < 1 || !e->A.p) return ogas_error_set(err, OGAS_EARG, "no economy to plan");
    if (o->years < 1 || o->years > 100) return ogas_error_set(err, OGAS_EARG, "a plan of %d years (expected 1 to 100)", o->years);
    if (!(o->capital_ratio > 0) || !(o->depreciation >= 0 && o->depreciation <= 1) || !isfinite(o->target_growth) ||
        !isfinite(o->labour_growth))
        return ogas_error_set(err, OGAS_EARG, "capital ratio, depreciation or growth out of range");
    if (!e->output) return ogas_error_set(err, OGAS_EINVAL, "%s gives no gross output: a plan needs the industries' sizes", e->source);
    if (!e->labour) return ogas_error_set(err, OGAS_EINVAL, "%s gives no labour: name it with --labour", e->source);
    for (int64_t k = 0; k < e->nfd && !gfcf; k++)
        if (is_gfcf(e->fd[k].name)) gfcf = &e->fd[k];
    if (!gfcf)
        return ogas_error_set(err, OGAS_EINVAL,
                              "%s has no gross fixed capital formation column (named like \"Gross fixed capital formation\" "
                              "or \"GFCF\"): the capital goods cannot be told",
                              e->source);
    base = ogas_calloc((size_t)n + 1, sizeof *base);
    share = ogas_calloc((size_t)n + 1, sizeof *share);
    goods = ogas_calloc((size_t)n + 1, sizeof *goods);
    if (!base || !share || !goods) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan");
        goto done;
    }
    /* capital goods: the products of gross fixed capital formation, each at its share (those under 1%
     * left out) */
    for (int64_t i = 0; i < n; i++)
        if (gfcf->x[i] > 0 && isfinite(gfcf->x[i])) total += gfcf->x[i];
    if (!(total > 0)) {
        rc = ogas_error_set(err, OGAS_EINVAL, "%s: the column \"%s\" has no positive entry", e->source, gfcf->name);
        goto done;
    }
    {
        double kept = 0.0;
        for (int64_t i = 0; i < n; i++)
            if (gfcf->x[i] > 0 && isfinite(gfcf->x[i]) && gfcf->x[i] / total >= MIN_CAPITAL_SHARE) {
                goods[ngoods++] = i;
                kept += gfcf->x[i];
            }
        for (int64_t q = 0; q < ngoods; q++) share[goods[q]] = gfcf->x[goods[q]] / kept;
    }
    /* targets: final demand other than accumulation (which the plan decides), or the columns chosen */
    if (o->demand_as_read && e->demand) {
        memcpy(base, e->demand, (size_t)n * sizeof *base);
    } else {
        for (int64_t k = 0; k < e->nfd; k++) {
            if (is_gfcf(e->fd[k].name) || is_other_accumulation(e->fd[k].name)) continue;
            for (int64_t i = 0; i < n; i++)
                if (isfinite(e->fd[k].x[i])) base[i] += e->fd[k].x[i];
        }
    }
    for (int64_t i = 0; i < n; i++)
        if (!(base[i] > 0)) base[i] = 0.0;

    p->n = p->m = n;
    p->T = o->years;
    p->codes = ogas_calloc((size_t)n, sizeof *p->codes);
    p->labour = ogas_calloc((size_t)n + 1, sizeof *p->labour);
    p->labour_supply = ogas_calloc((size_t)p->T, sizeof *p->labour_supply);
    p->target = ogas_calloc((size_t)p->T * (size_t)n + 1, sizeof *p->target);
    if (!p->codes || !p->labour || !p->labour_supply || !p->target) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan");
        goto done;
    }
    for (int64_t i = 0; i < n; i++)
        if (!(p->codes[i] = ogas_strdup(e->codes[i]))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan");
            goto done;
        }
    /* techniques: one per industry, making one unit of its product from the table's coefficients */
    if ((rc = ogas_triplet_init(&Tr, n, n, n, err))) goto done;
    for (int64_t i = 0; i < n && !rc; i++) rc = ogas_triplet_push(&Tr, i, i, 1.0, err);
    if (rc || (rc = ogas_csr_from_triplet(&Tr, &p->output, err))) goto done;
    ogas_triplet_free(&Tr);
    /* inputs: the table's coefficients, less those below 1e-12 (rounding residue of the table's
     * arithmetic, such as 1e-23 in the ONS tables), which no simplex code can pivot on */
    if ((rc = ogas_triplet_init(&Tr, n, n, ogas_csr_nnz(&e->A), err))) goto done;
    for (int64_t i = 0; i < n && !rc; i++)
        for (int64_t q = e->A.p[i]; q < e->A.p[i + 1] && !rc; q++)
            if (fabs(e->A.x[q]) >= TINY_COEFFICIENT) rc = ogas_triplet_push(&Tr, i, e->A.j[q], e->A.x[q], err);
    if (rc || (rc = ogas_csr_from_triplet(&Tr, &p->input, err))) goto done;
    ogas_triplet_free(&Tr);
    {
        double used = 0.0;
        for (int64_t k = 0; k < n; k++) {
            p->labour[k] = isfinite(e->labour[k]) && e->labour[k] > 0 ? e->labour[k] : 0.0;
            used += p->labour[k] * (e->output[k] > 0 ? e->output[k] : 0.0);
        }
        for (int y = 0; y < p->T; y++) p->labour_supply[y] = used * pow(1.0 + o->labour_growth, y + 1);
    }
    for (int y = 0; y < p->T; y++)
        for (int64_t i = 0; i < n; i++) p->target[(int64_t)y * n + i] = base[i] * pow(1.0 + o->target_growth, y + 1);
    /* capital: every industry holds capital_ratio years of its output in capital goods, spread as gross
     * fixed capital formation is; the initial stocks are what its base-year output needed */
    if ((rc = ogas_triplet_init(&Tr, n, n, ngoods * n, err))) goto done;
    for (int64_t q = 0; q < ngoods && !rc; q++)
        for (int64_t k = 0; k < n && !rc; k++)
            if (e->output[k] > 0) rc = ogas_triplet_push(&Tr, goods[q], k, o->capital_ratio * share[goods[q]], err);
    if (rc || (rc = ogas_csr_from_triplet(&Tr, &p->capital, err))) goto done;
    if ((rc = ogas_csr_copy(&p->capital, &p->stock0, err)) || (rc = ogas_csr_copy(&p->capital, &p->dep, err))) goto done;
    for (int64_t i = 0; i < n; i++)
        for (int64_t q = p->capital.p[i]; q < p->capital.p[i + 1]; q++) {
            p->stock0.x[q] = p->capital.x[q] * e->output[p->capital.j[q]];
            p->dep.x[q] = o->depreciation;
        }
    rc = ogas_plan_problem_check(p, err);
done:
    ogas_triplet_free(&Tr);
    ogas_free(base);
    ogas_free(share);
    ogas_free(goods);
    if (rc) ogas_plan_problem_free(p);
    return rc;
}
