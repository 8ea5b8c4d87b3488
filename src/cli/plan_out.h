/* plan_out.h: a plan's results for people and programs, shared by `ogas plan` and `ogas-mpi plan`. */
#ifndef OGAS_CLI_PLAN_OUT_H
#define OGAS_CLI_PLAN_OUT_H

#include "cli.h"
#include "ogas/plan.h"

/* Prints the plan's report on stdout: size, method, fulfilment and what binds, year by year. */
void cli_plan_report(const ogas_plan_problem *p, const ogas_plan *plan, const char *dir);
/* Writes DIR/years.csv, DIR/products.csv and DIR/techniques.csv (DIR made when missing). */
ogas_status cli_plan_write_tables(const char *dir, const ogas_plan_problem *p, const ogas_plan *plan, ogas_error *err);
/* Writes the JSON fields of one method's plan into the open object of j: status, method, products and
 * years (when p is not NULL), objective, phi, message (when not NULL), iterations, seconds, the bounds of
 * lp, and pdlp's residuals, gap and certified bounds (from info). */
void cli_plan_json(cli_json *j, const ogas_plan_problem *p, const ogas_plan *pl, const char *method,
                   const ogas_pdlp_info *info, const char *message);
/* Writes the JSON array "fixed_investments" into the open object of j: each investment of the projects
 * chosen by participatory budgeting (project, year, good, industry, amount). */
void cli_plan_json_fixed(cli_json *j, const ogas_plan_problem *p, const ogas_plan_projects *proj);

#endif
