/* plan_weights.c: priority weights of a plan's products (ogas_plan_read_weights): a CSV file of rows
 * "code,weight", with an optional header "code,weight". Products not listed get weight 0. */
#include <math.h>
#include <string.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/plan.h"

/* p->weight := the weights in the file at path. */
ogas_status ogas_plan_read_weights(const char *path, ogas_plan_problem *p, ogas_error *err)
{
    csv_table t;
    ogas_strmap codes;
    double *w = NULL;
    char *seen = NULL;
    int64_t first = 0;
    ogas_status rc;

    memset(&codes, 0, sizeof codes);
    if (!p || !p->codes) return ogas_error_set(err, OGAS_EARG, "no plan problem to weigh");
    if ((rc = csv_read(path, ',', &t, err))) return rc;
    if (!ogas_strmap_init(&codes, (size_t)p->n) || !(w = ogas_calloc((size_t)p->n + 1, sizeof *w)) ||
        !(seen = ogas_calloc((size_t)p->n + 1, 1))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the weights");
        goto done;
    }
    for (int64_t i = 0; i < p->n; i++)
        if (ogas_strmap_put(&codes, p->codes[i], strlen(p->codes[i]), i, NULL) < 0) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the weights");
            goto done;
        }
    if (t.nrows == 0) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "no weights (expected rows \"code,weight\")");
        goto done;
    }
    if (csv_row_len(&t, 0) >= 1 && strcmp(csv_cell(&t, 0, 0)->s, "code") == 0 &&
        ogas_strmap_get(&codes, "code", 4) < 0)
        first = 1;
    for (int64_t r = first; r < t.nrows; r++) {
        const csv_field *c = csv_cell(&t, r, 0), *v;
        int64_t i;
        double x;
        if (csv_row_len(&t, r) != 2) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, c->line, c->col, "expected 2 fields (code,weight), found %lld",
                              (long long)csv_row_len(&t, r));
            goto done;
        }
        v = csv_cell(&t, r, 1);
        i = ogas_strmap_get(&codes, c->s, c->len);
        if (i < 0) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, c->line, c->col, "'%s' is not a product of the plan", c->s);
            goto done;
        }
        if ((rc = formats__number(path, v, "a weight", &x, err))) goto done;
        if (!(x >= 0) || !isfinite(x)) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, v->line, v->col, "expected a weight >= 0, found '%s'", v->s);
            goto done;
        }
        if (seen[i]) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, c->line, c->col, "product '%s' is weighted twice", c->s);
            goto done;
        }
        seen[i] = 1;
        w[i] = x == 0 ? 0.0 : x;
    }
    ogas_free(p->weight);
    p->weight = w;
    w = NULL;
done:
    ogas_free(w);
    ogas_free(seen);
    ogas_strmap_free(&codes);
    csv_free(&t);
    return rc;
}
