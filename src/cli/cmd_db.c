/* cmd_db.c: `ogas db init|runs|show|log|adopt DB`: the store and its audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints one audit record as a table row or a JSON object (ud: the JSON writer, or NULL). */
static int print_record(const ogas_audit_record *rec, void *ud)
{
    cli_json *j = ud;
    if (!j) {
        printf("%6lld  %-20s  %-20s  %-19s  %-14s  %.12s  %s\n", (long long)rec->seq, rec->time, rec->actor, rec->action,
               rec->subject, rec->hash, rec->detail);
        return 0;
    }
    cli_json_object(j, NULL);
    cli_json_int(j, "seq", rec->seq);
    cli_json_string(j, "time", rec->time);
    cli_json_string(j, "actor", rec->actor);
    cli_json_string(j, "action", rec->action);
    cli_json_string(j, "subject", rec->subject);
    cli_json_string(j, "detail", rec->detail);
    cli_json_string(j, "inputs_hash", rec->inputs_hash);
    cli_json_string(j, "results_hash", rec->results_hash);
    cli_json_string(j, "prev_hash", rec->prev_hash);
    cli_json_string(j, "hash", rec->hash);
    cli_json_end_object(j);
    return 0;
}

/* Prints the runs of s (id, kind, name, created, values, adopted). */
static int list_runs(ogas_store *s, int json)
{
    int64_t *ids = NULL, n = 0;
    ogas_error err;
    cli_json j;
    int status = 0;
    if (ogas_store_runs(s, -1, &ids, &n, &err)) return cli_fail("db", &err);
    if (json) {
        cli_json_begin(&j, stdout);
        cli_json_array(&j, NULL);
    } else {
        printf("%6s  %-10s  %-20s  %6s  %8s  %-8s  %s\n", "run", "kind", "created", "record", "numbers", "adopted", "name");
    }
    for (int64_t k = 0; k < n; k++) {
        ogas_store_loaded r;
        if (ogas_store_load(s, ids[k], &r, &err)) {
            status = cli_fail("db", &err);
            break;
        }
        if (json) {
            cli_json_object(&j, NULL);
            cli_json_int(&j, "id", r.id);
            cli_json_string(&j, "kind", ogas_run_kind_name(r.kind));
            cli_json_string(&j, "name", r.name);
            cli_json_string(&j, "created", r.created);
            cli_json_string(&j, "actor", r.actor);
            cli_json_int(&j, "audit_seq", r.seq);
            cli_json_int(&j, "values", r.values.n);
            cli_json_bool(&j, "adopted", r.adopted);
            cli_json_end_object(&j);
        } else {
            printf("%6lld  %-10s  %-20s  %6lld  %8lld  %-8s  %s\n", (long long)r.id, ogas_run_kind_name(r.kind),
                   r.created, (long long)r.seq, (long long)r.values.n, r.adopted ? "yes" : "", r.name);
        }
        ogas_store_loaded_free(&r);
    }
    if (json) {
        cli_json_end_array(&j);
        cli_json_finish(&j);
    }
    free(ids);
    return status;
}

/* Prints run id: its description, files and (the series named, or all) values. */
static int show_run(ogas_store *s, int64_t id, const char *series, int json)
{
    ogas_store_loaded r;
    ogas_error err;
    cli_json j;
    if (ogas_store_load(s, id, &r, &err)) return cli_fail("db", &err);
    if (json) {
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        cli_json_int(&j, "id", r.id);
        cli_json_string(&j, "kind", ogas_run_kind_name(r.kind));
        cli_json_string(&j, "name", r.name);
        cli_json_string(&j, "args", r.args);
        cli_json_string(&j, "actor", r.actor);
        cli_json_string(&j, "created", r.created);
        cli_json_int(&j, "audit_seq", r.seq);
        cli_json_bool(&j, "adopted", r.adopted);
        cli_json_array(&j, "files");
        for (int64_t k = 0; k < r.nfiles; k++) {
            cli_json_object(&j, NULL);
            cli_json_string(&j, "role", r.role[k]);
            cli_json_string(&j, "name", r.fname[k]);
            cli_json_string(&j, "sha256", r.sha256[k]);
            cli_json_int(&j, "bytes", r.size[k]);
            cli_json_end_object(&j);
        }
        cli_json_end_array(&j);
        cli_json_array(&j, "values");
    } else {
        printf("run          %lld: %s '%s'%s\ncreated      %s by %s (audit record %lld)\n", (long long)r.id,
               ogas_run_kind_name(r.kind), r.name, r.adopted ? ", adopted" : "", r.created, r.actor, (long long)r.seq);
        printf("options      %s\n", r.args[0] ? "" : "(none)");
        for (const char *p = r.args; *p;) {
            const char *e = strchr(p, '\n');
            int len = e ? (int)(e - p) : (int)strlen(p);
            printf("             %.*s\n", len, p);
            p += len + (e != NULL);
        }
        for (int64_t k = 0; k < r.nfiles; k++)
            printf("file         %-24s %-24s %10lld bytes  sha256 %.16s...\n", r.role[k], r.fname[k], (long long)r.size[k],
                   r.sha256[k]);
        printf("\n%-14s %8s  %-32s %s\n", "series", "index", "label", "value");
    }
    for (int64_t k = 0; k < r.values.n; k++) {
        const ogas_store_value *v = &r.values.v[k];
        if (series && strcmp(series, v->series) != 0) continue;
        if (json) {
            cli_json_object(&j, NULL);
            cli_json_string(&j, "series", v->series);
            cli_json_int(&j, "idx", v->idx);
            cli_json_string(&j, "label", v->label);
            cli_json_number(&j, "value", v->value);
            cli_json_end_object(&j);
        } else {
            printf("%-14s %8lld  %-32s %.17g\n", v->series, (long long)v->idx, v->label, v->value);
        }
    }
    if (json) {
        cli_json_end_array(&j);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    }
    ogas_store_loaded_free(&r);
    return 0;
}

/* ogas db ACTION DB [ID] [options] */
int cmd_db(int argc, char **argv)
{
    cli_opt opts[] = {{"json", NULL, "print JSON instead of a table", NULL},
                      {"from", "SEQ", "log: start at this audit record (default 1)", NULL},
                      {"series", "NAME", "show: only this series of numbers (phi, output, selected, ...)", NULL},
                      {"as", "NAME", "adopt, plan: who adopts or asks for the plan, for the audit log", NULL},
                      {"method", "M", "plan: lp (default), pdlp, harmony or balance", NULL},
                      {"gap", "G", "plan: pdlp's relative gap to stop at", NULL},
                      {"years", "T", "plan from a balance: years of the plan (default 5)", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[3];
    int npos, status, json;
    ogas_store *s = NULL;
    ogas_error err;
    double v = 0;

    ogas_error_clear(&err);
    status = cli_parse("db", "ACTION DB [RUN]",
                       "The store: one SQLite database holding every stored run (balances, plans, budgets) with its "
                       "input files, options and numbers, and the audit log chaining them by SHA-256.\n"
                       "actions: init DB (create it), runs DB (list the runs), show DB RUN (a run's options, files "
                       "and numbers), log DB (the audit log), adopt DB RUN --as NAME (adopt a stored plan), plan DB RUN "
                       "--as NAME (compute a plan from stored plan RUN again, or from stored balance RUN's table, and "
                       "store it). "
                       "ogas verify DB checks it all. Commands store into it with --db.",
                       argc, argv, opts, pos, 3, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos < 2) {
        fprintf(stderr, "ogas db: expected ACTION DB (see ogas db --help)\n");
        return 2;
    }
    json = cli_get(opts, "json") != NULL;
    if ((strcmp(pos[0], "show") == 0 || strcmp(pos[0], "adopt") == 0 || strcmp(pos[0], "plan") == 0) &&
        (npos != 3 || !cli_number("db", "RUN", pos[2], 1, 9e15, &v))) {
        if (npos != 3) fprintf(stderr, "ogas db %s: expected DB RUN\n", pos[0]);
        return 2;
    }
    if (strcmp(pos[0], "init") == 0) {
        if (ogas_store_open(pos[1], 1, &s, &err)) return cli_fail("db", &err);
        if (!json) printf("store %s: schema version %d\n", pos[1], ogas_store_schema(s));
        ogas_store_close(s);
        return 0;
    }
    if (strcmp(pos[0], "runs") && strcmp(pos[0], "show") && strcmp(pos[0], "log") && strcmp(pos[0], "adopt") &&
        strcmp(pos[0], "plan")) {
        fprintf(stderr, "ogas db: unknown action '%s' (init, runs, show, log, adopt, plan)\n", pos[0]);
        return 2;
    }
    if (ogas_store_open(pos[1], 0, &s, &err)) return cli_fail("db", &err);
    if (strcmp(pos[0], "runs") == 0) {
        status = list_runs(s, json);
    } else if (strcmp(pos[0], "show") == 0) {
        status = show_run(s, (int64_t)v, cli_get(opts, "series"), json);
    } else if (strcmp(pos[0], "plan") == 0) {
        char popts[256], scratch[1024];
        const char *tmp = getenv("TMPDIR");
        int64_t id = 0, seq = 0;
        size_t len = (size_t)snprintf(popts, sizeof popts, "method=%s\n", cli_get(opts, "method") ? cli_get(opts, "method") : "lp");
        if (cli_get(opts, "gap")) len += (size_t)snprintf(popts + len, sizeof popts - len, "gap=%s\n", cli_get(opts, "gap"));
        if (cli_get(opts, "years")) snprintf(popts + len, sizeof popts - len, "years=%s\n", cli_get(opts, "years"));
        snprintf(scratch, sizeof scratch, "%s", tmp && tmp[0] ? tmp : "/tmp");
        if (ogas_store_plan_from(s, (int64_t)v, popts, cli_get(opts, "as") ? cli_get(opts, "as") : "local", scratch, &id,
                                 &seq, &err))
            status = cli_fail("db", &err);
        else if (!json)
            printf("plan %lld computed from run %lld and stored (audit record %lld)\n", (long long)id, (long long)v,
                   (long long)seq);
    } else if (strcmp(pos[0], "adopt") == 0) {
        int64_t seq = 0;
        if (!cli_get(opts, "as")) {
            fprintf(stderr, "ogas db adopt: say who adopts the plan with --as NAME\n");
            status = 2;
        } else if (ogas_store_adopt(s, (int64_t)v, cli_get(opts, "as"), &seq, &err)) {
            status = cli_fail("db", &err);
        } else if (!json) {
            printf("plan %lld adopted by %s (audit record %lld)\n", (long long)v, cli_get(opts, "as"), (long long)seq);
        }
    } else {
        double from = 1;
        cli_json j;
        if (cli_get(opts, "from") && !cli_number("db", "from", cli_get(opts, "from"), 1, 9e15, &from)) {
            ogas_store_close(s);
            return 2;
        }
        if (json) {
            cli_json_begin(&j, stdout);
            cli_json_array(&j, NULL);
        } else {
            printf("%6s  %-20s  %-20s  %-19s  %-14s  %-12s  %s\n", "seq", "time (UTC)", "actor", "action", "subject",
                   "hash", "detail");
        }
        if (ogas_store_audit(s, (int64_t)from, print_record, json ? &j : NULL, &err)) status = cli_fail("db", &err);
        if (json) {
            cli_json_end_array(&j);
            cli_json_finish(&j);
        }
    }
    ogas_store_close(s);
    return status;
}
