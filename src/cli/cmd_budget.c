/* cmd_budget.c: `ogas budget FILE.pb`: decides a participatory budget with a rule (by default the
 * one the file's META names), prints the outcome next to the file's own (its "selected" column), and
 * writes the selected projects for `ogas plan --selected`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ogas/budget.h"
#include "ogas/pb.h"

/* buf := amount v (in units of 10^-scale) as currency, e.g. "1070000" or "1234.50". */
static const char *money(char *buf, size_t n, int64_t v, int scale)
{
    int64_t u = 1;
    for (int k = 0; k < scale; k++) u *= 10;
    if (scale == 0) snprintf(buf, n, "%lld", (long long)v);
    else
        snprintf(buf, n, "%s%lld.%0*lld", v < 0 ? "-" : "", (long long)(llabs(v) / u), scale, (long long)(llabs(v) % u));
    return buf;
}

/* Prints s cut to at most n characters (UTF-8 code points, never half of one). */
static void print_cut(const char *s, int n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    for (int chars = 0; p[k] && chars < n; chars++) {
        k++;
        while ((p[k] & 0xC0) == 0x80) k++; /* continuation bytes */
    }
    fwrite(s, 1, k, stdout);
}

/* Writes the ids of the selected projects to path, one per line (through a temporary file). */
static int write_selected(const char *path, const ogas_pb *pb, const ogas_budget_result *r, ogas_error *err)
{
    ogas_out o;
    if (ogas_out_open(&o, path, err)) return 1;
    fprintf(o.fp, "# projects selected by %s from %s\n", r->rule, ogas_pb_meta(pb, "description") ? ogas_pb_meta(pb, "description") : "the election");
    for (int64_t k = 0; k < r->nselected; k++) fprintf(o.fp, "%s\n", pb->project[r->selected[k]]);
    return ogas_out_close(&o, 1, err) != OGAS_OK;
}

/* The differences between the outcome and the file's selected column: into extra (funded here only)
 * and missing (funded in the file only); returns 1 if the file has an outcome. */
static int compare(const ogas_pb *pb, const ogas_budget_result *r, char *in, int64_t *nextra, int64_t *nmissing)
{
    *nextra = *nmissing = 0;
    memset(in, 0, (size_t)pb->nprojects + 1);
    for (int64_t k = 0; k < r->nselected; k++) in[r->selected[k]] = 1;
    if (!pb->selected) return 0;
    for (int64_t j = 0; j < pb->nprojects; j++) {
        int official = pb->selected[j] == 1;
        if (in[j] && !official) (*nextra)++;
        if (!in[j] && official) (*nmissing)++;
    }
    return 1;
}

static const char *action_name(ogas_budget_action a)
{
    switch (a) {
    case OGAS_BUDGET_FUNDED: return "funded";
    case OGAS_BUDGET_SKIPPED: return "skipped";
    case OGAS_BUDGET_STOPPED: return "stopped";
    case OGAS_BUDGET_UNAFFORDABLE: return "unaffordable";
    }
    return "?";
}

/* The outcome as one JSON object. */
static void print_json(const char *file, const ogas_pb *pb, const ogas_budget_result *r, const char *in,
                       int have_official, double seconds)
{
    cli_json j;
    char b[64];
    cli_json_begin(&j, stdout);
    cli_json_object(&j, NULL);
    cli_json_string(&j, "file", file);
    cli_json_string(&j, "rule", r->rule);
    cli_json_string(&j, "vote_type", ogas_pb_vote_type_name(pb->vote_type));
    cli_json_int(&j, "voters", pb->nvoters);
    cli_json_int(&j, "projects", pb->nprojects);
    cli_json_number(&j, "budget", atof(money(b, sizeof b, r->budget, pb->scale)));
    cli_json_array(&j, "selected");
    for (int64_t k = 0; k < r->nselected; k++) cli_json_string(&j, NULL, pb->project[r->selected[k]]);
    cli_json_end_array(&j);
    cli_json_number(&j, "cost", atof(money(b, sizeof b, r->cost, pb->scale)));
    if (r->voter_budget) {
        cli_json_string(&j, "voter_budget", r->voter_budget);
        cli_json_number(&j, "voter_budget_value", r->voter_budget_value);
        cli_json_int(&j, "add1_steps", r->add1_steps);
    }
    if (!strncmp(r->rule, "equalshares", 11) && strstr(r->rule, "comparison")) {
        cli_json_bool(&j, "comparison_chose_greedy", r->comparison_greedy);
        cli_json_int(&j, "prefer_equal_shares", r->prefer_mes);
        cli_json_int(&j, "prefer_greedy", r->prefer_greedy);
    }
    if (!strcmp(r->rule, "max-welfare")) cli_json_int(&j, "welfare", r->welfare);
    cli_json_object(&j, "official");
    cli_json_bool(&j, "available", have_official);
    if (have_official) {
        int same = 1;
        cli_json_array(&j, "funded_here_only");
        for (int64_t p = 0; p < pb->nprojects; p++)
            if (in[p] && pb->selected[p] != 1) {
                cli_json_string(&j, NULL, pb->project[p]);
                same = 0;
            }
        cli_json_end_array(&j);
        cli_json_array(&j, "funded_there_only");
        for (int64_t p = 0; p < pb->nprojects; p++)
            if (!in[p] && pb->selected[p] == 1) {
                cli_json_string(&j, NULL, pb->project[p]);
                same = 0;
            }
        cli_json_end_array(&j);
        cli_json_bool(&j, "matches", same);
    }
    cli_json_end_object(&j);
    cli_json_array(&j, "ties");
    for (int64_t k = 0; k < r->nties; k++) cli_json_string(&j, NULL, r->ties[k]);
    cli_json_end_array(&j);
    cli_json_bool(&j, "ties_decided_outcome", r->ties_mattered);
    if (r->nrounds) {
        cli_json_array(&j, "rounds");
        for (int64_t k = 0; k < r->nrounds; k++) {
            const ogas_budget_round *x = &r->rounds[k];
            cli_json_object(&j, NULL);
            cli_json_string(&j, "project", pb->project[x->project]);
            cli_json_string(&j, "action", action_name(x->action));
            cli_json_int(&j, "score", x->score);
            if (x->price) {
                cli_json_string(&j, "price", x->price);
                cli_json_number(&j, "price_value", x->price_value);
            }
            if (x->paid_full || x->paid_less) {
                cli_json_int(&j, "paid_full", x->paid_full);
                cli_json_int(&j, "paid_less", x->paid_less);
                cli_json_number(&j, "paid_less_sum", x->paid_less_sum);
            }
            cli_json_number(&j, "spent", atof(money(b, sizeof b, x->spent, pb->scale)));
            cli_json_end_object(&j);
        }
        cli_json_end_array(&j);
    }
    cli_json_array(&j, "table");
    for (int64_t p = 0; p < pb->nprojects; p++) {
        cli_json_object(&j, NULL);
        cli_json_string(&j, "project", pb->project[p]);
        cli_json_number(&j, "cost", atof(money(b, sizeof b, pb->cost[p], pb->scale)));
        cli_json_int(&j, "votes", r->votes[p]);
        cli_json_int(&j, "score", r->score[p]);
        cli_json_bool(&j, "selected", in[p]);
        cli_json_end_object(&j);
    }
    cli_json_end_array(&j);
    cli_json_number(&j, "seconds", seconds);
    cli_json_end_object(&j);
    cli_json_finish(&j);
}

/* The outcome for people. */
static void print_text(const char *file, const ogas_pb *pb, const ogas_budget_result *r, const char *in,
                       int have_official, int64_t nextra, int64_t nmissing, int meta_rule, double seconds)
{
    char b1[64], b2[64];
    const char *desc = ogas_pb_meta(pb, "description");
    printf("%s: %s%s%s ballots, %lld voters, %lld projects, budget %s\n", file, desc ? desc : "", desc ? ", " : "",
           ogas_pb_vote_type_name(pb->vote_type), (long long)pb->nvoters, (long long)pb->nprojects,
           money(b1, sizeof b1, r->budget, pb->scale));
    printf("rule: %s%s\n", r->rule, meta_rule ? " (the rule the file's META names)" : "");
    if (r->voter_budget) {
        printf("each voter's share: %s", r->voter_budget);
        if (strchr(r->voter_budget, '/')) printf(" (= %.6g)", r->voter_budget_value);
        if (r->add1_steps)
            printf(", raised %lld times by the Add1 completion from the budget per voter, %.6g", (long long)r->add1_steps,
                   pb->nvoters ? (double)r->budget / (double)pb->nvoters / pow(10, pb->scale) : 0.0);
        printf("\n");
    }
    if (!strcmp(r->rule, "max-welfare")) printf("welfare (total score): %lld\n", (long long)r->welfare);
    if (strstr(r->rule, "comparison"))
        printf("comparison step: %lld voters prefer equal shares, %lld prefer greedy: %s outcome kept\n",
               (long long)r->prefer_mes, (long long)r->prefer_greedy, r->comparison_greedy ? "greedy" : "equal shares");
    printf("selected, in order (%lld): ", (long long)r->nselected);
    for (int64_t k = 0; k < r->nselected; k++) printf("%s%s", k ? ", " : "", pb->project[r->selected[k]]);
    printf("\ncost: %s of %s (%.1f%%)\n", money(b1, sizeof b1, r->cost, pb->scale), money(b2, sizeof b2, r->budget, pb->scale),
           r->budget > 0 ? 100.0 * (double)r->cost / (double)r->budget : 0.0);
    if (!have_official) printf("the file records no outcome (no \"selected\" column)\n");
    else if (!nextra && !nmissing) printf("the file's outcome: the same projects\n");
    else {
        printf("the file's outcome differs: funded here only:");
        for (int64_t p = 0; p < pb->nprojects; p++)
            if (in[p] && pb->selected[p] != 1) printf(" %s", pb->project[p]);
        printf("; funded there only:");
        for (int64_t p = 0; p < pb->nprojects; p++)
            if (!in[p] && pb->selected[p] == 1) printf(" %s", pb->project[p]);
        printf("\n");
    }
    if (r->nties) {
        printf("ties broken (lower cost, then more votes, then project id):\n");
        for (int64_t k = 0; k < r->nties; k++) printf("  %s\n", r->ties[k]);
        printf("  breaking them the other way %s the outcome\n", r->ties_mattered ? "CHANGES" : "does not change");
    } else if (r->ties_mattered)
        printf("ties broken in the completion's earlier runs decided the outcome\n");
    if (r->nrounds) {
        printf("\nround by round:\n");
        for (int64_t k = 0; k < r->nrounds; k++) {
            const ogas_budget_round *x = &r->rounds[k];
            printf("%4lld. %-10s %-12s", (long long)k + 1, pb->project[x->project], action_name(x->action));
            if (x->price && x->action == OGAS_BUDGET_FUNDED && strncmp(r->rule, "phragmen", 8) != 0) {
                printf(" %lld supporters: %lld paid %.6g each", (long long)x->score, (long long)x->paid_full, x->price_value);
                if (x->paid_less) printf(", %lld paid all they had left (%.6g together)", (long long)x->paid_less, x->paid_less_sum);
            } else if (x->price)
                printf(" %lld supporters, bought at time %.6g", (long long)x->score, x->price_value);
            else if (x->action == OGAS_BUDGET_UNAFFORDABLE)
                printf(" its %lld supporters have less than its cost left", (long long)x->score);
            else
                printf(" score %lld, cost %s", (long long)x->score, money(b1, sizeof b1, pb->cost[x->project], pb->scale));
            printf("; spent %s\n", money(b1, sizeof b1, x->spent, pb->scale));
        }
    }
    printf("\n%-12s %12s %8s %10s %-8s %-8s %s\n", "project", "cost", "votes", "score", "here", "file", "name");
    for (int64_t p = 0; p < pb->nprojects; p++) {
        const char *name = NULL;
        for (int64_t c = 0; c < pb->projects.ncols; c++)
            if (!strcmp(pb->projects.header[c], "name")) name = pb->projects.cell[p * pb->projects.ncols + c];
        printf("%-12s %12s %8lld %10lld %-8s %-8s ", pb->project[p], money(b1, sizeof b1, pb->cost[p], pb->scale),
               (long long)r->votes[p], (long long)r->score[p], in[p] ? "yes" : "-",
               !pb->selected ? "?" : pb->selected[p] == 1 ? "yes" : "-");
        print_cut(name ? name : "", 50);
        printf("\n");
    }
    printf("(%.3f s)\n", seconds);
}

/* ogas budget FILE.pb [--rule R] [--json] [--explain] ... */
int cmd_budget(int argc, char **argv)
{
    cli_opt opts[] = {
        {"rule", "R",
         "meta (default: the rule the file names), greedy, greedy-no-skip, greedy-threshold, equalshares, "
         "equalshares/add1, equalshares-comparison, equalshares/add1-comparison, phragmen, max-welfare",
         NULL},
        {"utilities", "U", "equal shares: cost (default) or cardinality", NULL},
        {"completion", "C", "equal shares: none, add1 (until the outcome would exceed the budget) or add1-exhaustive "
                            "(until it is exhaustive); default: as the rule says",
         NULL},
        {"fill", NULL, "equal shares: then fund greedily (by score) what still fits", NULL},
        {"threshold", "N", "greedy-threshold: minimum score (default: the file's min_project_score_threshold)", NULL},
        {"explain", NULL, "show round by round why each project was chosen and what its supporters paid", NULL},
        {"json", NULL, "print one JSON object", NULL},
        {"selected-out", "FILE", "write the selected project ids, one per line (for ogas plan --selected)", NULL},
        {"write", "FILE.pb", "write the election with its \"selected\" column set to this outcome", NULL},
        {"check", NULL, "exit with status 1 when the outcome differs from the file's selected column", NULL},
        CLI_STORE_OPTS,
        {NULL, NULL, NULL, NULL}};
    const char *pos[1], *v;
    int npos, status, have = 0;
    ogas_pb pb;
    ogas_budget_options o;
    ogas_budget_result r;
    ogas_error err;
    char *in = NULL;
    int64_t nextra = 0, nmissing = 0;
    double t0;

    memset(&pb, 0, sizeof pb);
    memset(&r, 0, sizeof r);
    ogas_error_clear(&err);
    status = cli_parse("budget", "FILE.pb",
                       "Decide a participatory budget from a pabulib .pb election, exactly, and compare with the\n"
                       "outcome the file records. Ties: lower cost, then more votes, then project id.",
                       argc, argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos != 1) {
        fprintf(stderr, "ogas budget: expected one FILE.pb (see ogas budget --help)\n");
        return 2;
    }
    t0 = ogas_now();
    if (ogas_pb_read(pos[0], &pb, &err)) return cli_fail("budget", &err);
    if (ogas_budget_rule(cli_get(opts, "rule") ? cli_get(opts, "rule") : "meta", &pb, &o, &err)) {
        status = cli_fail("budget", &err);
        goto done;
    }
    if ((v = cli_get(opts, "utilities"))) {
        if (strcmp(v, "cost") && strcmp(v, "cardinality")) {
            fprintf(stderr, "ogas budget: --utilities expects cost or cardinality, not '%s'\n", v);
            status = 2;
            goto done;
        }
        o.cardinality = !strcmp(v, "cardinality");
    }
    if ((v = cli_get(opts, "completion"))) {
        if (!strcmp(v, "none")) o.completion = OGAS_BUDGET_NO_COMPLETION;
        else if (!strcmp(v, "add1")) o.completion = OGAS_BUDGET_ADD1;
        else if (!strcmp(v, "add1-exhaustive")) o.completion = OGAS_BUDGET_ADD1_EXHAUSTIVE;
        else {
            fprintf(stderr, "ogas budget: --completion expects none, add1 or add1-exhaustive, not '%s'\n", v);
            status = 2;
            goto done;
        }
    }
    if ((v = cli_get(opts, "threshold"))) {
        double x;
        if (!cli_number("budget", "threshold", v, 0, 9e18, &x)) {
            status = 2;
            goto done;
        }
        o.threshold = (int64_t)x;
    }
    o.fill = cli_get(opts, "fill") != NULL;
    o.explain = cli_get(opts, "explain") != NULL;
    if (o.method != OGAS_BUDGET_EQUAL_SHARES &&
        (cli_get(opts, "utilities") || cli_get(opts, "completion") || o.fill)) {
        fprintf(stderr, "ogas budget: --utilities, --completion and --fill apply to equal shares only\n");
        status = 2;
        goto done;
    }
    if (ogas_budget_run(&pb, &o, &r, &err)) {
        status = cli_fail("budget", &err);
        goto done;
    }
    if (!(in = malloc((size_t)pb.nprojects + 1))) {
        fprintf(stderr, "ogas budget: out of memory\n");
        status = 1;
        goto done;
    }
    have = compare(&pb, &r, in, &nextra, &nmissing);
    if (cli_get(opts, "json")) print_json(pos[0], &pb, &r, in, have, ogas_now() - t0);
    else
        print_text(pos[0], &pb, &r, in, have, nextra, nmissing, !cli_get(opts, "rule") || !strcmp(cli_get(opts, "rule"), "meta"),
                   ogas_now() - t0);
    if ((v = cli_get(opts, "selected-out")) && write_selected(v, &pb, &r, &err)) {
        status = cli_fail("budget", &err);
        goto done;
    }
    if ((v = cli_get(opts, "write"))) {
        int *sel = malloc(((size_t)pb.nprojects + 1) * sizeof *sel);
        int bad = 0;
        if (!sel) {
            fprintf(stderr, "ogas budget: out of memory\n");
            status = 1;
            goto done;
        }
        for (int64_t p = 0; p < pb.nprojects; p++) sel[p] = in[p];
        bad = ogas_pb_write(v, &pb, sel, &err) != OGAS_OK;
        free(sel);
        if (bad) {
            status = cli_fail("budget", &err);
            goto done;
        }
    }
    if (cli_get(opts, "db")) {
        static const char *const keys[] = {"rule", "utilities", "completion", "fill", "threshold", NULL};
        ogas_store_values vs = {0};
        ogas_budget_result rx;
        /* the store keeps the rounds too (how each project won): run again with them when not asked for */
        memset(&rx, 0, sizeof rx);
        if (!o.explain) {
            o.explain = 1;
            if (ogas_budget_run(&pb, &o, &rx, &err)) {
                status = cli_fail("budget", &err);
                goto done;
            }
        }
        if (ogas_store_values_budget(&pb, rx.rule[0] ? &rx : &r, &vs, &err)) status = cli_fail("budget", &err);
        else status = cli_store("budget", opts, OGAS_RUN_BUDGET, pos[0], pos[0], NULL, keys, NULL, &vs, cli_get(opts, "json") != NULL);
        ogas_store_values_free(&vs);
        ogas_budget_result_free(&rx);
        if (status) goto done;
    }
    if (cli_get(opts, "check") && (!have || nextra || nmissing)) status = 1;
done:
    free(in);
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
    return status;
}
