/* store.c: storing what a command computed (--db), shared by the commands that can. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define CLI_STORE_MAX_FILES 64

/* Whether path is a regular file. */
static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Order of two strings (for qsort of char *). */
static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Stores the run (see cli.h). */
int cli_store(const char *cmd, const cli_opt *opts, ogas_run_kind kind, const char *name, const char *table,
              const char *dir, const char *const *keys, const char *const *file_keys, const ogas_store_values *vs,
              int quiet)
{
    const char *db = cli_get(opts, "db");
    ogas_store_file files[CLI_STORE_MAX_FILES];
    char *owned[CLI_STORE_MAX_FILES] = {0}, *roles[CLI_STORE_MAX_FILES] = {0}, *names[CLI_STORE_MAX_FILES] = {0};
    int nf = 0, no = 0, nn = 0, status = 0;
    char *args = NULL;
    size_t len = 0, cap = 0;
    ogas_store *s = NULL;
    ogas_store_run run;
    ogas_error err;
    int64_t id = 0, seq = 0;

    if (!db) return 0;
    ogas_error_clear(&err);
    for (const char *const *k = keys; k && *k; k++) {
        const char *v = cli_get(opts, *k);
        size_t need;
        if (!v) continue;
        need = strlen(*k) + strlen(v) + 3;
        if (strchr(v, '\n')) {
            fprintf(stderr, "ogas %s: --%s holds a line break: it cannot be stored\n", cmd, *k);
            status = 2;
            goto done;
        }
        if (len + need >= cap) {
            char *na;
            cap = 2 * (len + need) + 64;
            if (!(na = realloc(args, cap))) goto nomem;
            args = na;
        }
        len += (size_t)snprintf(args + len, cap - len, "%s=%s\n", *k, v);
        for (const char *const *f = file_keys; f && *f; f++)
            if (strcmp(*f, *k) == 0 && is_file(v) && nf < CLI_STORE_MAX_FILES) {
                files[nf].role = *k;
                files[nf++].path = v;
            }
    }
    if (table && is_file(table)) {
        files[nf].role = "table";
        files[nf++].path = table;
    } else if (table) {
        dir = table;
    }
    if (dir) {
        DIR *d = opendir(dir);
        struct dirent *e;
        if (!d) {
            fprintf(stderr, "ogas %s: cannot read the folder %s to store it\n", cmd, dir);
            status = 1;
            goto done;
        }
        while ((e = readdir(d))) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (e->d_name[0] == '.' || !is_file(path)) continue;
            if (nn + nf >= CLI_STORE_MAX_FILES) {
                closedir(d);
                fprintf(stderr, "ogas %s: %s holds more than %d files: the store keeps a run's files only up to that\n",
                        cmd, dir, CLI_STORE_MAX_FILES);
                status = 2;
                goto done;
            }
            if (!(names[nn] = strdup(e->d_name))) {
                closedir(d);
                goto nomem;
            }
            nn++;
        }
        closedir(d);
        qsort(names, (size_t)nn, sizeof *names, str_cmp);
        for (int k = 0; k < nn; k++) {
            size_t pl = strlen(dir) + strlen(names[k]) + 2, rl = strlen(names[k]) + 5;
            if (!(owned[no] = malloc(pl))) goto nomem;
            snprintf(owned[no], pl, "%s/%s", dir, names[k]);
            files[nf].path = owned[no++];
            if (!(roles[k] = malloc(rl))) goto nomem;
            snprintf(roles[k], rl, "dir/%s", names[k]);
            files[nf++].role = roles[k];
        }
    }
    memset(&run, 0, sizeof run);
    run.kind = kind;
    run.name = name;
    run.args = args ? args : "";
    run.actor = cli_get(opts, "as") ? cli_get(opts, "as") : "local";
    run.nfiles = nf;
    run.files = files;
    if (ogas_store_open(db, 0, &s, &err) || ogas_store_put(s, &run, vs, &id, &seq, &err)) {
        status = cli_fail(cmd, &err);
        goto done;
    }
    if (!quiet) fprintf(stderr, "ogas %s: stored in %s as %s %lld (audit record %lld)\n", cmd, db,
                        ogas_run_kind_name(kind), (long long)id, (long long)seq);
    goto done;
nomem:
    fprintf(stderr, "ogas %s: out of memory\n", cmd);
    status = 1;
done:
    ogas_store_close(s);
    for (int k = 0; k < no; k++) free(owned[k]);
    for (int k = 0; k < CLI_STORE_MAX_FILES; k++) free(roles[k]);
    for (int k = 0; k < nn; k++) free(names[k]);
    free(args);
    return status;
}
