/* methods.c: the plan's methods by name, for the faces that take a method from a user (the CLI, the
 * store's recomputation, the server's jobs). */
#include <string.h>

#include "ogas/plan.h"

static const char *const names[] = {"lp", "pdlp", "harmony", "balance"};

/* 1 if method names one of the plan's methods. */
int ogas_plan_method_known(const char *method)
{
    for (size_t k = 0; method && k < sizeof names / sizeof *names; k++)
        if (strcmp(method, names[k]) == 0) return 1;
    return 0;
}

/* plan := p solved by the method named (info: pdlp's figures, may be NULL). */
ogas_status ogas_plan_solve(const char *method, const ogas_plan_problem *p, const ogas_plan_options *o,
                            ogas_plan *plan, ogas_pdlp_info *info, ogas_error *err)
{
    if (!method || strcmp(method, "lp") == 0) return ogas_plan_lp(p, o, plan, err);
    if (strcmp(method, "pdlp") == 0) return ogas_plan_pdlp(p, o, plan, info, err);
    if (strcmp(method, "harmony") == 0) return ogas_plan_harmony(p, o, plan, err);
    if (strcmp(method, "balance") == 0) return ogas_plan_balance(p, o, plan, err);
    if (plan) memset(plan, 0, sizeof *plan);
    return ogas_error_set(err, OGAS_EARG, "unknown plan method '%s' (lp, pdlp, harmony or balance)", method);
}
