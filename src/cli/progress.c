/* progress.c: a one-line progress display on a terminal. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* p := on if stderr is a terminal and not quiet. */
void cli_progress_init(cli_progress *p, int quiet)
{
    p->on = !quiet && isatty(fileno(stderr));
    p->last = 0;
    p->start = ogas_now();
}

/* Shows "method: iteration k, residual r" at most ten times a second. */
void cli_progress_solve(void *ud, const char *method, int64_t iter, double relres)
{
    cli_progress *p = ud;
    double t = ogas_now();
    if (!p || !p->on || t - p->last < 0.1) return;
    p->last = t;
    fprintf(stderr, "\r  %s: iteration %lld, relative residual %.2e, %.1f s   ", method, (long long)iter, relres,
            t - p->start);
    fflush(stderr);
}

/* Shows "method: iteration k, plan lower, bound upper (gap%)" at most ten times a second. */
void cli_progress_plan(void *ud, const char *method, int64_t iter, double lower, double upper)
{
    cli_progress *p = ud;
    double t = ogas_now();
    char what[96] = "";
    if (!p || !p->on || t - p->last < 0.1) return;
    p->last = t;
    if (lower > -HUGE_VAL && upper < HUGE_VAL && upper > 0)
        snprintf(what, sizeof what, ", plan %.6g, bound %.6g (%.3g%%)", lower, upper, 100 * (upper - lower) / upper);
    else if (lower > -HUGE_VAL)
        snprintf(what, sizeof what, ", objective %.6g", lower);
    fprintf(stderr, "\r  %s: %s %lld%s, %.1f s   ", method, strcmp(method, "balance") == 0 ? "pass" : "iteration",
            (long long)iter, what, t - p->start);
    fflush(stderr);
}

/* Shows "stage: percent". */
void cli_progress_stage(void *ud, const char *stage, double fraction)
{
    cli_progress *p = ud;
    double t = ogas_now();
    if (!p || !p->on || (t - p->last < 0.1 && fraction < 1.0)) return;
    p->last = t;
    fprintf(stderr, "\r  %-16s %3.0f%%  %.1f s   ", stage, 100 * fraction, t - p->start);
    fflush(stderr);
}

/* Erases the progress line. */
void cli_progress_done(cli_progress *p)
{
    if (p && p->on && p->last > 0) {
        fprintf(stderr, "\r%100s\r", "");
        fflush(stderr);
    }
}
