/* plan_load.c: a plan problem from a folder or a table, with weights and projects, as `ogas plan` and
 * the store's recomputation make it. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ogas/plan.h"

/* o := no table options, the economy defaults, no files. */
void ogas_plan_load_options_init(ogas_plan_load_options *o)
{
    memset(o, 0, sizeof *o);
    ogas_plan_economy_options_init(&o->economy);
}

/* p := the problem at path with o's files (see plan.h). */
ogas_status ogas_plan_load(const char *path, const ogas_plan_load_options *o, ogas_plan_problem *p,
                           ogas_plan_projects *proj, char *note, size_t nnote, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    struct stat st;
    memset(p, 0, sizeof *p);
    if (proj) memset(proj, 0, sizeof *proj);
    if (note && nnote) note[0] = '\0';
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        ogas_economy e = {0};
        if ((rc = ogas_economy_read(path, &o->read, &e, err))) return rc;
        if (e.labour_is_standin && note && nnote)
            snprintf(note, nnote, "labour is a stand-in (%s): labour supply and prices are in its units", e.labour_source);
        if (!(rc = ogas_plan_from_economy(&e, &o->economy, p, err)) && o->capital)
            rc = ogas_plan_read_capital(o->capital, e.output, o->economy.depreciation, p, err);
        if (!rc && o->targets) rc = ogas_plan_read_targets(o->targets, p, err);
        if (!rc) rc = ogas_plan_problem_check(p, err);
        ogas_economy_free(&e);
    } else {
        rc = ogas_plan_read(path, p, err);
    }
    if (!rc && o->weights) rc = ogas_plan_read_weights(o->weights, p, err);
    if (!rc && o->projects) rc = ogas_plan_read_projects(o->projects, o->selected, p, proj, err);
    if (rc) ogas_plan_problem_free(p);
    return rc;
}
