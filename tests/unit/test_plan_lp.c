/* Unit tests: the plan's LP matrix (plan/lp_build.c), entry by entry against the model's formulas. */
#include <math.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "plan/plan_lp.h"
#include "plan_fixtures.h"
#include "test.h"

/* col[r] := the entry of LP column `col` in row r, from the problem's data and the model of
 * docs/algorithms.md: an intensity uses labour, the capital of its cells and its inputs, and makes its
 * outputs; an investment is used up in its year and adds, from lag years on, to its cell's stock as it
 * wears out; fulfilment takes phi times the targets. */
static void expected_column(const ogas_plan_problem *p, const plan_lp *L, int64_t col, double *v)
{
    int y = (int)(col / L->C);
    int64_t q = col % L->C, m = p->m;
    memset(v, 0, (size_t)L->nrows * sizeof *v);
    if (q < m) {
        v[lp_row_lab(L, y)] = p->labour[q];
        for (int64_t i = 0; i < p->n; i++) {
            for (int64_t e = p->capital.p[i]; e < p->capital.p[i + 1]; e++)
                if (p->capital.j[e] == q) v[lp_row_cap(L, y, e)] = p->capital.x[e];
            for (int64_t e = p->output.p[i]; e < p->output.p[i + 1]; e++)
                if (p->output.j[e] == q) v[lp_row_bal(L, y, i)] += p->output.x[e];
            for (int64_t e = p->input.p[i]; e < p->input.p[i + 1]; e++)
                if (p->input.j[e] == q) v[lp_row_bal(L, y, i)] -= p->input.x[e];
        }
    } else if (q < m + L->ncap) {
        int64_t c = q - m, i = L->cell_good[c];
        v[lp_row_bal(L, y, i)] = -1.0;
        for (int z = y + p->lag[i]; z < p->T; z++) v[lp_row_cap(L, z, c)] = -pow(1.0 - p->dep.x[c], z - y - p->lag[i]);
    } else {
        for (int64_t i = 0; i < p->n; i++) v[lp_row_bal(L, y, i)] = -p->target[(int64_t)y * p->n + i];
    }
}

/* The corn and iron economy over four years, iron taking two years to install: every column of the LP
 * holds exactly the model's entries, in increasing row order, and nothing else. */
TEST(plan_lp_matrix_by_formula)
{
    ogas_plan_problem p;
    plan_lp L;
    ogas_error err;
    double *v;
    REQUIRE(fixture_corn_iron(&p));
    /* a fourth year and a lag of two years for iron */
    p.T = 4;
    REQUIRE((p.labour_supply = ogas_reallocarray(p.labour_supply, 4, sizeof *p.labour_supply)) != NULL);
    REQUIRE((p.target = ogas_reallocarray(p.target, 8, sizeof *p.target)) != NULL);
    p.labour_supply[3] = 100.0;
    p.target[6] = 35.0;
    p.target[7] = 2.0;
    REQUIRE((p.lag = ogas_calloc(2, sizeof *p.lag)) != NULL);
    p.lag[0] = 1;
    p.lag[1] = 2;
    REQUIRE(ogas_plan_problem_check(&p, &err) == OGAS_OK);
    REQUIRE(plan__lp_build(&p, &L, &err) == OGAS_OK);
    REQUIRE((v = ogas_calloc((size_t)L.nrows, sizeof *v)) != NULL);
    CHECK_EQ_INT(L.A.m, L.ncols);
    CHECK_EQ_INT(L.A.n, L.nrows);
    for (int64_t col = 0; col < L.ncols; col++) {
        int64_t nonzero = 0;
        expected_column(&p, &L, col, v);
        for (int64_t r = 0; r < L.nrows; r++) nonzero += v[r] != 0.0;
        CHECK_EQ_INT(L.A.p[col + 1] - L.A.p[col], nonzero);
        for (int64_t e = L.A.p[col]; e < L.A.p[col + 1]; e++) {
            CHECK(e == L.A.p[col] || L.A.j[e - 1] < L.A.j[e]);
            CHECK_REL(L.A.x[e], v[L.A.j[e]], 1e-15);
        }
    }
    /* an investment in iron in year 1 reaches the stocks of years 3 and 4 only */
    CHECK_EQ_INT(L.A.p[lp_col_I(&L, 0, 1, p.m) + 1] - L.A.p[lp_col_I(&L, 0, 1, p.m)], 3);
    ogas_free(v);
    plan__lp_free(&L);
    ogas_plan_problem_free(&p);
}
