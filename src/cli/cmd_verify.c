/* cmd_verify.c: `ogas verify DB`: the audit chain walked and every stored result recomputed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct verify_out {
    cli_json *j;  /* JSON writer (problems array open), or NULL for text */
} verify_out;

/* Prints one problem. */
static void print_problem(const char *message, void *ud)
{
    verify_out *o = ud;
    if (o->j) cli_json_string(o->j, NULL, message);
    else printf("  PROBLEM  %s\n", message);
}

/* ogas verify DB [--no-recompute] [--json] */
int cmd_verify(int argc, char **argv)
{
    cli_opt opts[] = {{"no-recompute", NULL, "check the chain and the hashes only, without recomputing the runs", NULL},
                      {"json", NULL, "print one JSON object", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1], *tmp;
    int npos, status, json;
    ogas_store *s = NULL;
    ogas_error err;
    ogas_verify_report rep;
    verify_out out = {NULL};
    cli_json j;
    char scratch[4096] = "";
    double t0 = ogas_now();

    ogas_error_clear(&err);
    status = cli_parse("verify", "DB",
                       "Verify a store: SQLite's integrity check; the audit log's chain (each record's SHA-256 "
                       "recomputed, each link to the one before); each stored run's files, options and numbers "
                       "against the hashes its audit record holds; and each balance, plan and budget recomputed "
                       "from its stored inputs and compared number by number. Names the first broken record and "
                       "every number that differs; exit status 1 when anything does.",
                       argc, argv, opts, pos, 1, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos != 1) {
        fprintf(stderr, "ogas verify: expected one DB (see ogas verify --help)\n");
        return 2;
    }
    json = cli_get(opts, "json") != NULL;
    if (ogas_store_open(pos[0], 0, &s, &err)) return cli_fail("verify", &err);
    if (!cli_get(opts, "no-recompute")) {
        tmp = getenv("TMPDIR");
        snprintf(scratch, sizeof scratch, "%s/ogas-verify-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (!mkdtemp(scratch)) {
            fprintf(stderr, "ogas verify: cannot make a scratch folder in %s\n", tmp && tmp[0] ? tmp : "/tmp");
            ogas_store_close(s);
            return 1;
        }
    }
    if (json) {
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        cli_json_string(&j, "database", pos[0]);
        cli_json_array(&j, "problems");
        out.j = &j;
    } else {
        printf("verify                   %s (schema %d)\n", pos[0], ogas_store_schema(s));
    }
    if (ogas_store_verify(s, scratch[0] ? ogas_store_recompute : NULL, ogas_store_tolerance, scratch[0] ? scratch : NULL,
                          print_problem, &out, &rep, &err)) {
        if (json) {
            cli_json_end_array(&j);
            cli_json_end_object(&j);
            cli_json_finish(&j);
        }
        status = cli_fail("verify", &err);
    } else if (json) {
        cli_json_end_array(&j);
        cli_json_int(&j, "records", rep.records);
        cli_json_int(&j, "runs", rep.runs);
        cli_json_int(&j, "recomputed", rep.recomputed);
        cli_json_int(&j, "problem_count", rep.problems);
        if (rep.first_broken) cli_json_int(&j, "first_broken_record", rep.first_broken);
        else cli_json_string(&j, "first_broken_record", NULL);
        cli_json_bool(&j, "ok", rep.problems == 0);
        cli_json_number(&j, "seconds", ogas_now() - t0);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    } else {
        printf("  audit log              %lld records, %s\n", (long long)rep.records,
               rep.first_broken ? "BROKEN" : "chain intact");
        if (rep.first_broken) printf("  first broken record    %lld\n", (long long)rep.first_broken);
        printf("  runs                   %lld checked against their records", (long long)rep.runs);
        if (scratch[0]) printf(", %lld recomputed and equal\n", (long long)rep.recomputed);
        else printf(" (not recomputed)\n");
        printf("  result                 %s (%.2f s)\n",
               rep.problems ? "PROBLEMS FOUND" : "OK: every record and every stored number checks", ogas_now() - t0);
    }
    if (!status && rep.problems) status = 1;
    if (scratch[0]) rmdir(scratch);
    ogas_store_close(s);
    return status;
}
