/* plan_fixtures.h: plan problems that several test files build by hand. */
#ifndef OGAS_TESTS_PLAN_FIXTURES_H
#define OGAS_TESTS_PLAN_FIXTURES_H

#include "ogas/plan.h"

/* p := two products (corn, iron), three techniques over three years: corn from corn and labour; corn from
 * corn, iron and a stock of iron (a second technique for the same product); iron from corn and a stock of
 * iron, with corn as a joint by-product. Targets 20 + 5y corn and 2 iron, 100 hours a year. Returns 0 (and
 * fails the test) if it cannot be built. */
int fixture_corn_iron(ogas_plan_problem *p);

#endif
