/* plan_fixtures.c: plan problems that several test files build by hand (plan_fixtures.h). */
#include <string.h>

#include "ogas/core.h"
#include "plan_fixtures.h"
#include "test.h"

/* m := the 2 x 3 matrix with the k entries (i[], j[], x[]); 0 on failure. */
static int matrix(int k, const int *i, const int *j, const double *x, ogas_csr *m)
{
    ogas_triplet t;
    ogas_error err;
    int ok;
    if (ogas_triplet_init(&t, 2, 3, k, &err)) return 0;
    for (int e = 0; e < k; e++) ogas_triplet_push(&t, i[e], j[e], x[e], &err);
    ok = ogas_csr_from_triplet(&t, m, &err) == OGAS_OK;
    ogas_triplet_free(&t);
    return ok;
}

/* p := the corn and iron problem of plan_fixtures.h. */
int fixture_corn_iron(ogas_plan_problem *p)
{
    static const int oi[] = {0, 0, 1, 0}, oj[] = {0, 1, 2, 2};
    static const double ox[] = {1.0, 1.4, 1.0, 0.2};
    static const int ii[] = {0, 0, 1, 0}, ij[] = {0, 1, 1, 2};
    static const double ix[] = {0.3, 0.2, 0.1, 0.4};
    static const int ci[] = {1, 1}, cj[] = {1, 2}; /* iron stock in the second corn technique, the ironworks */
    static const double cx[] = {0.5, 0.8};
    ogas_error err;
    memset(p, 0, sizeof *p);
    p->n = 2;
    p->m = 3;
    p->T = 3;
    p->codes = ogas_calloc(2, sizeof *p->codes);
    if (!p->codes || !(p->codes[0] = ogas_strdup("corn")) || !(p->codes[1] = ogas_strdup("iron")) ||
        !matrix(4, oi, oj, ox, &p->output) || !matrix(4, ii, ij, ix, &p->input) || !matrix(2, ci, cj, cx, &p->capital) ||
        ogas_csr_copy(&p->capital, &p->stock0, &err) || ogas_csr_copy(&p->capital, &p->dep, &err) ||
        !(p->labour = ogas_calloc(3, sizeof *p->labour)) || !(p->labour_supply = ogas_calloc(3, sizeof *p->labour_supply)) ||
        !(p->target = ogas_calloc(6, sizeof *p->target))) {
        test_fail(__FILE__, __LINE__, "cannot build the corn and iron problem");
        return 0;
    }
    p->stock0.x[0] = 20.0;
    p->stock0.x[1] = 10.0;
    p->dep.x[0] = 0.1;
    p->dep.x[1] = 0.05;
    p->labour[0] = 2.0;
    p->labour[1] = 0.5;
    p->labour[2] = 1.0;
    for (int y = 0; y < 3; y++) {
        p->labour_supply[y] = 100.0;
        p->target[y * 2 + 0] = 20.0 + 5.0 * y;
        p->target[y * 2 + 1] = 2.0;
    }
    return 1;
}
