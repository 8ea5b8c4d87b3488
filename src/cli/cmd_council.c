/* cmd_council.c: `ogas council ACTION FILE ...`: the registry of councils, members and delegates
 * (init, create, add-member, remove-member, elect, recall, list, show, events). A change loads the
 * registry, applies the action (which appends its events, or refuses and changes nothing), saves the
 * registry through a temporary file and prints the events it appended. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "ogas/council.h"

#define STAMP_OPTS                                                                                              \
    {"at", "TIME", "when, as UTC YYYY-MM-DDTHH:MM:SSZ (default: now)", NULL},                                    \
        {"by", "ID", "who makes the change (default: the login name, else 'clerk')", NULL},                      \
        {"reason", "TEXT", "why, in words (recorded with the event)", NULL}

/* s := the stamp from --at, --by, --reason (time written into tbuf[32]); 0 after reporting a bad value. */
static int stamp_of(const char *cmd, const cli_opt *opts, ogas_council_stamp *s, char *tbuf)
{
    const char *at = cli_get(opts, "at"), *by = cli_get(opts, "by");
    if (at) {
        if (!ogas_council_time_valid(at)) {
            fprintf(stderr, "ogas %s: --at expects a UTC time such as 2026-11-29T12:00:00Z, not '%s'\n", cmd, at);
            return 0;
        }
        snprintf(tbuf, 32, "%s", at);
    } else {
        time_t now = time(NULL);
        struct tm tm;
        if (!gmtime_r(&now, &tm) || strftime(tbuf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
            fprintf(stderr, "ogas %s: cannot read the clock; give --at\n", cmd);
            return 0;
        }
    }
    if (!by) {
        const char *env[2] = {getenv("LOGNAME"), getenv("USER")};
        by = "clerk";
        for (int k = 0; k < 2; k++)
            if (env[k] && ogas_council_id_valid(env[k]) && strcmp(env[k], "registry") != 0) {
                by = env[k];
                break;
            }
    }
    s->time = tbuf;
    s->who = by;
    s->why = cli_get(opts, "reason");
    return 1;
}

/* Number of items of a comma list. */
static int64_t list_len(const char *s)
{
    int64_t n = *s ? 1 : 0;
    for (; *s; s++) n += *s == ',';
    return n;
}

/* buf := what event e did, in words. */
static void what(const ogas_council_event *e, char *buf, size_t n)
{
    const char *const *a = e->args;
    const char *act = e->action;
    if (strcmp(act, "create") == 0) {
        if (a[2][0]) snprintf(buf, n, "create %s \"%s\" in %s, %s seat%s", a[0], a[1], a[2], a[3], strcmp(a[3], "1") ? "s" : "");
        else snprintf(buf, n, "create %s \"%s\" (top council)", a[0], a[1]);
    } else if (strcmp(act, "join") == 0) {
        snprintf(buf, n, "join %s: %s (%s)", a[0], a[1], a[2]);
    } else if (strcmp(act, "leave") == 0) {
        snprintf(buf, n, "leave %s: %s", a[0], a[1]);
    } else if (strcmp(act, "elect") == 0) {
        snprintf(buf, n, "elect %s: %s (votes %s; %lld of %lld members voted)", a[0], a[1], a[2], (long long)list_len(a[3]),
                 (long long)list_len(a[4]));
    } else if (strcmp(act, "recall") == 0) {
        snprintf(buf, n, "recall %s from %s (%lld signatures, share %s)", a[1], a[0], (long long)list_len(a[2]), a[3]);
    } else if (strcmp(act, "vacate") == 0) {
        snprintf(buf, n, "vacate %s's seat from %s (follows event %s)", a[1], a[0], a[2]);
    } else if (strcmp(act, "due") == 0) {
        snprintf(buf, n, "election due in %s: %s vacant seat%s (follows event %s)", a[0], a[1], strcmp(a[1], "1") ? "s" : "",
                 a[2]);
    } else {
        snprintf(buf, n, "%s", act);
    }
}

/* Prints event e as one line. */
static void print_event(const ogas_council_event *e)
{
    char buf[1200];
    what(e, buf, sizeof buf);
    printf("%5lld  %s  %s: %s%s%s\n", (long long)e->seq, e->time, e->who, buf, e->why[0] ? " -- " : "", e->why);
}

/* Events of the registry read from a store (one command runs per process), for the check on saving. */
static int64_t store_events = 0;

/* Whether path is an ogas store (an SQLite database: ogas db init) rather than a registry file. */
static int is_store(const char *path)
{
    char magic[16];
    FILE *fp = fopen(path, "rb");
    int yes = fp && fread(magic, 1, 16, fp) == 16 && memcmp(magic, "SQLite format 3", 16) == 0;
    if (fp) fclose(fp);
    return yes;
}

/* Loads path (a registry file, or a store's registry) into *r; returns 0, or the exit status after
 * reporting. */
static int load(const char *cmd, const char *path, ogas_council_registry **r)
{
    ogas_error err;
    ogas_error_clear(&err);
    if (is_store(path)) {
        ogas_store *s = NULL;
        ogas_status rc = ogas_store_open(path, 0, &s, &err);
        if (!rc) rc = ogas_store_councils_load(s, r, &store_events, &err);
        ogas_store_close(s);
        return rc ? cli_fail(cmd, &err) : 0;
    }
    if (ogas_council_registry_load(path, r, &err)) return cli_fail(cmd, &err);
    return 0;
}

/* Saves r to path: a registry file (through a temporary file), or a store (the new events, each with its
 * audit record). */
static ogas_status save(const char *path, const ogas_council_registry *r, ogas_error *err)
{
    ogas_store *s = NULL;
    ogas_status rc;
    if (!is_store(path)) return ogas_council_registry_save(r, path, err);
    if (!(rc = ogas_store_open(path, 0, &s, err))) rc = ogas_store_councils_save(s, r, store_events, err);
    ogas_store_close(s);
    return rc;
}

/* After a successful action: saves r to path and prints the events from before on. Destroys r. */
static int finish(const char *cmd, const char *path, ogas_council_registry *r, int64_t before)
{
    ogas_error err;
    int status = 0;
    ogas_error_clear(&err);
    if (save(path, r, &err)) {
        status = cli_fail(cmd, &err);
    } else {
        for (int64_t k = before; k < ogas_council_event_count(r); k++) {
            ogas_council_event e;
            ogas_council_event_get(r, k, &e);
            print_event(&e);
        }
    }
    ogas_council_registry_destroy(r);
    return status;
}

/* The common start of a command: parses, checks the number of positional arguments. Returns -1 to go on,
 * else the exit status. */
static int parse(const char *cmd, const char *args, const char *summary, int argc, char **argv, cli_opt *opts,
                 const char **pos, int npos_want)
{
    int npos, st = cli_parse(cmd, args, summary, argc, argv, opts, pos, npos_want, &npos);
    if (st) return st == 1 ? 0 : st;
    if (npos != npos_want) {
        fprintf(stderr, "ogas %s: expected %s (see ogas %s --help)\n", cmd, args, cmd);
        return 2;
    }
    return -1;
}

/* ogas council init FILE */
static int do_init(int argc, char **argv)
{
    const char *cmd = "council init", *pos[1];
    cli_opt opts[] = {{NULL, NULL, NULL, NULL}};
    ogas_council_registry *r;
    ogas_error err;
    struct stat st;
    int status = parse(cmd, "FILE", "Create an empty registry file (refused when FILE exists).", argc, argv, opts, pos, 1);
    if (status >= 0) return status;
    if (stat(pos[0], &st) == 0) {
        fprintf(stderr, "ogas %s: %s exists already\n", cmd, pos[0]);
        return 2;
    }
    ogas_error_clear(&err);
    if (ogas_council_registry_create(&r, &err)) return cli_fail(cmd, &err);
    status = finish(cmd, pos[0], r, 0);
    if (!status) printf("empty registry %s\n", pos[0]);
    return status;
}

/* ogas council create FILE ID --name NAME [--parent ID] [--seats K] */
static int do_create(int argc, char **argv)
{
    const char *cmd = "council create", *pos[2];
    cli_opt opts[] = {{"name", "NAME", "the council's name (required)", NULL},
                      {"parent", "ID", "the council it sends delegates to (default: none, a top council)", NULL},
                      {"seats", "K", "seats it sends to the parent (default 1)", NULL},
                      STAMP_OPTS,
                      {NULL, NULL, NULL, NULL}};
    ogas_council_registry *r;
    ogas_council_stamp s;
    ogas_error err;
    char tbuf[32];
    double seats;
    int status = parse(cmd, "FILE ID",
                       "Create a council. A council with a parent sends --seats delegates to it; a parent's members are "
                       "the delegates of its child councils, so a council with members of its own cannot be a parent.",
                       argc, argv, opts, pos, 2);
    if (status >= 0) return status;
    if (!cli_get(opts, "name")) {
        fprintf(stderr, "ogas %s: --name is required\n", cmd);
        return 2;
    }
    seats = cli_get(opts, "parent") ? 1 : 0;
    if (cli_get(opts, "seats") && !cli_number(cmd, "seats", cli_get(opts, "seats"), 0, OGAS_COUNCIL_SEATS_MAX, &seats))
        return 2;
    if (seats != (double)(int64_t)seats) {
        fprintf(stderr, "ogas %s: --seats expects a whole number\n", cmd);
        return 2;
    }
    if (!stamp_of(cmd, opts, &s, tbuf)) return 2;
    if ((status = load(cmd, pos[0], &r))) return status;
    ogas_error_clear(&err);
    if (ogas_council_create(r, &s, pos[1], cli_get(opts, "name"), cli_get(opts, "parent"), (int64_t)seats, &err)) {
        ogas_council_registry_destroy(r);
        return cli_fail(cmd, &err);
    }
    return finish(cmd, pos[0], r, ogas_council_event_count(r) - 1);
}

/* ogas council add-member FILE COUNCIL MEMBER [--name NAME] (add), remove-member FILE COUNCIL MEMBER (!add) */
static int do_member(int argc, char **argv, int add)
{
    const char *cmd = add ? "council add-member" : "council remove-member", *pos[3];
    cli_opt opts_add[] = {{"name", "NAME", "the member's name (required the first time a member is added)", NULL},
                          STAMP_OPTS,
                          {NULL, NULL, NULL, NULL}};
    cli_opt opts_rm[] = {STAMP_OPTS, {NULL, NULL, NULL, NULL}};
    cli_opt *opts = add ? opts_add : opts_rm;
    ogas_council_registry *r;
    ogas_council_stamp s;
    ogas_error err;
    char tbuf[32];
    int64_t before;
    int status = parse(cmd, "FILE COUNCIL MEMBER",
                       add ? "Add a member to a council without child councils (the members of a higher council are "
                             "the delegates of its children). A member may belong to several councils."
                           : "Remove a member who leaves a council. A delegate of that council loses the seat, as if "
                             "recalled, with any seat held higher up; an election falls due for each.",
                       argc, argv, opts, pos, 3);
    if (status >= 0) return status;
    if (!stamp_of(cmd, opts, &s, tbuf)) return 2;
    if ((status = load(cmd, pos[0], &r))) return status;
    before = ogas_council_event_count(r);
    ogas_error_clear(&err);
    if (add ? ogas_council_add_member(r, &s, pos[1], pos[2], cli_get(opts, "name"), &err)
            : ogas_council_remove_member(r, &s, pos[1], pos[2], &err)) {
        ogas_council_registry_destroy(r);
        return cli_fail(cmd, &err);
    }
    return finish(cmd, pos[0], r, before);
}

/* Takes every "--name X" and "--name=X" out of argv (argc updated) into vals (at most max); returns
 * their number, or -1 when one lacks its value. */
static int take_repeated(int *argc, char **argv, const char *name, const char **vals, int max)
{
    int n = 0, out = 1;
    size_t len = strlen(name);
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, name, len) == 0 && (a[2 + len] == '\0' || a[2 + len] == '=')) {
            const char *v = a[2 + len] == '=' ? a + 3 + len : i + 1 < *argc ? argv[++i] : NULL;
            if (!v) return -1;
            if (n < max) vals[n] = v;
            n++;
            continue;
        }
        argv[out++] = argv[i];
    }
    *argc = out;
    return n;
}

/* ogas council elect FILE COUNCIL --ballots FILE.csv | --vote V=C ... [--quorum Q] */
static int do_elect(int argc, char **argv)
{
    const char *cmd = "council elect", *pos[2], **votes = NULL;
    cli_opt opts[] = {{"ballots", "FILE.csv", "the ballots: CSV rows voter,candidate (empty candidate: a blank vote)", NULL},
                      {"vote", "VOTER=CANDIDATE", "a ballot (repeat it, or give a comma list); VOTER= is a blank vote", NULL},
                      {"quorum", "Q", "more than this share of the members must vote (default 0.5)", NULL},
                      STAMP_OPTS,
                      {NULL, NULL, NULL, NULL}};
    ogas_council_registry *r = NULL;
    ogas_council_ballot *b = NULL;
    ogas_council_stamp s;
    ogas_error err;
    char tbuf[32], *text = NULL;
    double quorum = 0.5;
    int64_t n = 0, before;
    int nv, status;

    votes = calloc((size_t)argc + 1, sizeof *votes);
    if (!votes) return 5;
    nv = take_repeated(&argc, argv, "vote", votes, argc);
    if (nv < 0) {
        fprintf(stderr, "ogas %s: option --vote needs a value (VOTER=CANDIDATE)\n", cmd);
        status = 2;
        goto done;
    }
    status = parse(cmd, "FILE COUNCIL",
                   "Elect the delegates of a council to its vacant seats in the parent council. Every voter must be a "
                   "member and vote once; candidates are members who hold no seat in the parent. The candidates with "
                   "the most votes fill the vacant seats; a tie for the last seat is refused (vote again). The elected "
                   "hold a mandate from the members of the council now. The registry records who voted and the votes "
                   "of each candidate, not who voted for whom.",
                   argc, argv, opts, pos, 2);
    if (status >= 0) goto done;
    status = 2;
    if (cli_get(opts, "quorum") && (!cli_number(cmd, "quorum", cli_get(opts, "quorum"), 0, 1, &quorum) || quorum >= 1)) {
        if (quorum >= 1) fprintf(stderr, "ogas %s: --quorum expects a share below 1\n", cmd);
        goto done;
    }
    if ((cli_get(opts, "ballots") != NULL) == (nv > 0)) {
        fprintf(stderr, "ogas %s: give the ballots with --ballots FILE or with --vote VOTER=CANDIDATE (not both)\n", cmd);
        goto done;
    }
    if (!stamp_of(cmd, opts, &s, tbuf)) goto done;
    ogas_error_clear(&err);
    if (cli_get(opts, "ballots")) {
        if (ogas_council_read_ballots(cli_get(opts, "ballots"), &b, &n, &err)) {
            status = cli_fail(cmd, &err);
            goto done;
        }
    } else {
        size_t size = 0;
        int64_t cap = 0;
        char *t;
        for (int k = 0; k < nv; k++) size += strlen(votes[k]) + 1, cap += list_len(votes[k]);
        text = malloc(size + 1);
        b = ogas_calloc((size_t)cap + 1, sizeof *b);
        if (!text || !b) {
            status = 5;
            goto done;
        }
        t = text;
        for (int k = 0; k < nv; k++) {
            strcpy(t, votes[k]);
            for (char *v = strtok(t, ","); v; v = strtok(NULL, ",")) {
                char *eq = strchr(v, '=');
                if (!eq) {
                    fprintf(stderr, "ogas %s: --vote expects VOTER=CANDIDATE, not '%s'\n", cmd, v);
                    goto done;
                }
                *eq = '\0';
                b[n].voter = v;
                b[n++].candidate = eq + 1;
            }
            t += strlen(votes[k]) + 1;
        }
    }
    if ((status = load(cmd, pos[0], &r))) goto done;
    before = ogas_council_event_count(r);
    if (ogas_council_elect(r, &s, pos[1], b, n, quorum, &err)) {
        status = cli_fail(cmd, &err);
        goto done;
    }
    status = finish(cmd, pos[0], r, before);
    r = NULL;
done:
    ogas_council_registry_destroy(r);
    ogas_free(b);
    free(text);
    free(votes);
    return status;
}

/* ogas council recall FILE COUNCIL DELEGATE --signatures FILE | --sign M,... [--share S] */
static int do_recall(int argc, char **argv)
{
    const char *cmd = "council recall", *pos[3];
    cli_opt opts[] = {{"signatures", "FILE", "the signatures: CSV rows whose first field is a member id", NULL},
                      {"sign", "M1,M2,...", "the signers, as a comma list", NULL},
                      {"share", "S", "more than this share of the mandate's givers still members must sign (default 0.5)", NULL},
                      STAMP_OPTS,
                      {NULL, NULL, NULL, NULL}};
    ogas_council_registry *r = NULL;
    ogas_council_signature *g = NULL;
    ogas_council_stamp s;
    ogas_error err;
    char tbuf[32], *text = NULL;
    double share = 0.5;
    int64_t n = 0, before;
    int status = parse(cmd, "FILE COUNCIL DELEGATE",
                       "Recall a delegate of a council: the signers must be members of the council who gave the "
                       "delegate's mandate, and more than --share of those givers still members must sign. The seat "
                       "falls vacant, the delegate leaves the parent council, any seat they hold higher up falls vacant "
                       "too, and an election falls due for each seat.",
                       argc, argv, opts, pos, 3);
    if (status >= 0) return status;
    status = 2;
    if (cli_get(opts, "share") && (!cli_number(cmd, "share", cli_get(opts, "share"), 0, 1, &share) || share >= 1)) {
        if (share >= 1) fprintf(stderr, "ogas %s: --share expects a share below 1\n", cmd);
        goto done;
    }
    if ((cli_get(opts, "signatures") != NULL) == (cli_get(opts, "sign") != NULL)) {
        fprintf(stderr, "ogas %s: give the signers with --signatures FILE or with --sign M1,M2,... (not both)\n", cmd);
        goto done;
    }
    if (!stamp_of(cmd, opts, &s, tbuf)) goto done;
    ogas_error_clear(&err);
    if (cli_get(opts, "signatures")) {
        if (ogas_council_read_signatures(cli_get(opts, "signatures"), &g, &n, &err)) {
            status = cli_fail(cmd, &err);
            goto done;
        }
    } else {
        const char *list = cli_get(opts, "sign");
        text = malloc(strlen(list) + 1);
        g = ogas_calloc((size_t)list_len(list) + 1, sizeof *g);
        if (!text || !g) {
            status = 5;
            goto done;
        }
        strcpy(text, list);
        for (char *v = strtok(text, ","); v; v = strtok(NULL, ",")) g[n++].member = v;
    }
    if ((status = load(cmd, pos[0], &r))) goto done;
    before = ogas_council_event_count(r);
    if (ogas_council_recall(r, &s, pos[1], pos[2], g, n, share, &err)) {
        status = cli_fail(cmd, &err);
        goto done;
    }
    status = finish(cmd, pos[0], r, before);
    r = NULL;
done:
    ogas_council_registry_destroy(r);
    ogas_free(g);
    free(text);
    return status;
}

/* order := the councils in tree order (each top council, then its children, depth first); depth := levels. */
static void tree_order(const ogas_council_registry *r, int64_t *order, int64_t *depth, int64_t *stack)
{
    int64_t nc = ogas_council_count(r), sp = 0, k = 0;
    ogas_council_info x;
    for (int64_t c = nc - 1; c >= 0; c--) {
        ogas_council_get(r, c, &x);
        if (x.parent < 0) stack[sp++] = c;
    }
    for (int64_t c = 0; c < nc; c++) depth[c] = 0;
    while (sp > 0) {
        int64_t c = stack[--sp], nch;
        order[k++] = c;
        nch = ogas_council_children(r, c, stack + sp);
        /* reverse the children just pushed, so that the first child comes off the stack first */
        for (int64_t a = sp, b = sp + nch - 1; a < b; a++, b--) {
            int64_t t = stack[a];
            stack[a] = stack[b];
            stack[b] = t;
        }
        for (int64_t j = sp; j < sp + nch; j++) depth[stack[j]] = depth[c] + 1;
        sp += nch;
    }
}

/* Id of person p. */
static const char *person_id(const ogas_council_registry *r, int64_t p)
{
    ogas_council_person x;
    ogas_council_person_get(r, p, &x);
    return x.id;
}

/* ogas council list FILE [--json] */
static int do_list(int argc, char **argv)
{
    const char *cmd = "council list", *pos[1];
    cli_opt opts[] = {{"json", NULL, "print one JSON object", NULL}, {NULL, NULL, NULL, NULL}};
    ogas_council_registry *r;
    int64_t nc, *order, *depth, *stack;
    int status = parse(cmd, "FILE", "List the councils as a tree: members, the seats each sends to its parent, their "
                                    "delegates and vacant seats (an election is due for each).",
                       argc, argv, opts, pos, 1);
    if (status >= 0) return status;
    if ((status = load(cmd, pos[0], &r))) return status;
    nc = ogas_council_count(r);
    order = malloc(((size_t)nc + 1) * sizeof *order);
    depth = malloc(((size_t)nc + 1) * sizeof *depth);
    stack = malloc(((size_t)nc + 1) * sizeof *stack);
    if (!order || !depth || !stack) {
        status = 5;
        goto done;
    }
    tree_order(r, order, depth, stack);
    if (cli_get(opts, "json")) {
        cli_json j;
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        cli_json_string(&j, "file", pos[0]);
        cli_json_int(&j, "people", ogas_council_person_count(r));
        cli_json_int(&j, "events", ogas_council_event_count(r));
        cli_json_array(&j, "councils");
        for (int64_t k = 0; k < nc; k++) {
            ogas_council_info x, y;
            int64_t c = order[k], nch = ogas_council_children(r, c, stack);
            ogas_council_get(r, c, &x);
            cli_json_object(&j, NULL);
            cli_json_string(&j, "id", x.id);
            cli_json_string(&j, "name", x.name);
            if (x.parent >= 0) ogas_council_get(r, x.parent, &y);
            cli_json_string(&j, "parent", x.parent >= 0 ? y.id : NULL);
            cli_json_int(&j, "depth", depth[c]);
            cli_json_int(&j, "members", x.members);
            cli_json_int(&j, "seats", x.seats);
            cli_json_int(&j, "vacant", x.vacant);
            cli_json_array(&j, "delegates");
            for (int64_t q = 0; q < x.seats; q++) {
                ogas_council_seat st;
                ogas_council_seat_get(r, c, q, &st);
                cli_json_string(&j, NULL, st.holder >= 0 ? person_id(r, st.holder) : NULL);
            }
            cli_json_end_array(&j);
            cli_json_array(&j, "children");
            for (int64_t q = 0; q < nch; q++) {
                ogas_council_get(r, stack[q], &y);
                cli_json_string(&j, NULL, y.id);
            }
            cli_json_end_array(&j);
            cli_json_end_object(&j);
        }
        cli_json_end_array(&j);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    } else {
        printf("registry %s: %lld councils, %lld people, %lld events\n", pos[0], (long long)nc,
               (long long)ogas_council_person_count(r), (long long)ogas_council_event_count(r));
        for (int64_t k = 0; k < nc; k++) {
            ogas_council_info x, y;
            int64_t c = order[k];
            int ind = depth[c] > 20 ? 40 : (int)(2 * depth[c]);
            ogas_council_get(r, c, &x);
            printf("%*s%s  %s: %lld member%s", ind, "", x.id, x.name, (long long)x.members, x.members == 1 ? "" : "s");
            if (x.parent >= 0) {
                ogas_council_get(r, x.parent, &y);
                printf("; %lld seat%s in %s:", (long long)x.seats, x.seats == 1 ? "" : "s", y.id);
                for (int64_t q = 0; q < x.seats; q++) {
                    ogas_council_seat st;
                    ogas_council_seat_get(r, c, q, &st);
                    printf("%s %s", q ? "," : "", st.holder >= 0 ? person_id(r, st.holder) : "vacant");
                }
                if (x.vacant) printf(" (election due)");
            }
            printf("\n");
        }
    }
done:
    free(order);
    free(depth);
    free(stack);
    ogas_council_registry_destroy(r);
    return status;
}

/* ogas council show FILE COUNCIL [--json] */
static int do_show(int argc, char **argv)
{
    const char *cmd = "council show", *pos[2];
    cli_opt opts[] = {{"json", NULL, "print one JSON object", NULL}, {NULL, NULL, NULL, NULL}};
    ogas_council_registry *r;
    ogas_council_info x, y;
    int64_t c, *members = NULL, *children = NULL, *from = NULL, nm, nch, np;
    int json, status = parse(cmd, "FILE COUNCIL",
                             "Show a council: its members (for a council with child councils, the delegates they "
                             "sent), and the delegates it sends, with the size of their mandates and the signatures a "
                             "recall needs (more than half of the mandate's givers still members).",
                             argc, argv, opts, pos, 2);
    if (status >= 0) return status;
    if ((status = load(cmd, pos[0], &r))) return status;
    json = cli_get(opts, "json") != NULL;
    if ((c = ogas_council_find(r, pos[1])) < 0) {
        fprintf(stderr, "ogas %s: no council '%s' in %s\n", cmd, pos[1], pos[0]);
        status = 1;
        goto done;
    }
    ogas_council_get(r, c, &x);
    np = ogas_council_person_count(r);
    members = malloc(((size_t)x.members + 1) * sizeof *members);
    children = malloc(((size_t)x.children + 1) * sizeof *children);
    from = malloc(((size_t)np + 1) * sizeof *from);
    if (!members || !children || !from) {
        status = 5;
        goto done;
    }
    nm = ogas_council_members(r, c, members);
    nch = ogas_council_children(r, c, children);
    for (int64_t p = 0; p < np; p++) from[p] = -1;
    for (int64_t k = 0; k < nch; k++) {
        ogas_council_get(r, children[k], &y);
        for (int64_t q = 0; q < y.seats; q++) {
            ogas_council_seat st;
            ogas_council_seat_get(r, children[k], q, &st);
            if (st.holder >= 0) from[st.holder] = children[k];
        }
    }
    if (x.parent >= 0) ogas_council_get(r, x.parent, &y);
    if (json) {
        cli_json j;
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        cli_json_string(&j, "id", x.id);
        cli_json_string(&j, "name", x.name);
        cli_json_string(&j, "parent", x.parent >= 0 ? y.id : NULL);
        cli_json_int(&j, "seats", x.seats);
        cli_json_int(&j, "vacant", x.vacant);
        cli_json_array(&j, "children");
        for (int64_t k = 0; k < nch; k++) {
            ogas_council_get(r, children[k], &y);
            cli_json_string(&j, NULL, y.id);
        }
        cli_json_end_array(&j);
        cli_json_array(&j, "members");
        for (int64_t k = 0; k < nm; k++) {
            ogas_council_person p;
            ogas_council_person_get(r, members[k], &p);
            cli_json_object(&j, NULL);
            cli_json_string(&j, "id", p.id);
            cli_json_string(&j, "name", p.name);
            if (from[members[k]] >= 0) ogas_council_get(r, from[members[k]], &y);
            cli_json_string(&j, "delegate_of", from[members[k]] >= 0 ? y.id : NULL);
            cli_json_end_object(&j);
        }
        cli_json_end_array(&j);
        cli_json_array(&j, "delegates");
        for (int64_t q = 0; q < x.seats; q++) {
            ogas_council_seat st;
            ogas_council_seat_get(r, c, q, &st);
            cli_json_object(&j, NULL);
            cli_json_int(&j, "seat", q + 1);
            cli_json_string(&j, "delegate", st.holder >= 0 ? person_id(r, st.holder) : NULL);
            if (st.holder >= 0) {
                cli_json_int(&j, "elected", st.elected);
                cli_json_int(&j, "mandate", st.mandate);
                cli_json_int(&j, "mandate_members", st.mandate_members);
                cli_json_int(&j, "signatures_needed", ogas_council_needed(st.mandate_members, 0.5));
            }
            cli_json_end_object(&j);
        }
        cli_json_end_array(&j);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    } else {
        printf("%s  %s\n", x.id, x.name);
        if (x.parent >= 0)
            printf("  sends %lld seat%s to %s (%s), %lld vacant\n", (long long)x.seats, x.seats == 1 ? "" : "s", y.id,
                   y.name, (long long)x.vacant);
        else
            printf("  a top council\n");
        if (nch > 0) {
            printf("  child councils:");
            for (int64_t k = 0; k < nch; k++) {
                ogas_council_get(r, children[k], &y);
                printf(" %s", y.id);
            }
            printf("\n");
        }
        printf("  members (%lld):\n", (long long)nm);
        for (int64_t k = 0; k < nm; k++) {
            ogas_council_person p;
            ogas_council_person_get(r, members[k], &p);
            printf("    %-16s %s", p.id, p.name);
            if (from[members[k]] >= 0) {
                ogas_council_get(r, from[members[k]], &y);
                printf(" (delegate of %s)", y.id);
            }
            printf("\n");
        }
        if (x.parent >= 0) {
            ogas_council_get(r, x.parent, &y);
            printf("  delegates in %s:\n", y.id);
            for (int64_t q = 0; q < x.seats; q++) {
                ogas_council_seat st;
                ogas_council_seat_get(r, c, q, &st);
                if (st.holder < 0) {
                    printf("    seat %lld: vacant (election due)\n", (long long)(q + 1));
                    continue;
                }
                printf("    seat %lld: %s, elected in event %lld by %lld members, %lld still members; a recall needs "
                       "%lld signatures\n",
                       (long long)(q + 1), person_id(r, st.holder), (long long)st.elected, (long long)st.mandate,
                       (long long)st.mandate_members, (long long)ogas_council_needed(st.mandate_members, 0.5));
            }
        }
    }
done:
    free(members);
    free(children);
    free(from);
    ogas_council_registry_destroy(r);
    return status;
}

/* Writes argument k of event e as JSON: lists as arrays, the tally as [{candidate, votes}], counts as numbers. */
static void json_arg(cli_json *j, const ogas_council_event *e, int k)
{
    const char *name = ogas_council_arg_name(e->action, k), *v = e->args[k];
    if (strcmp(name, "elected") == 0 || strcmp(name, "voters") == 0 || strcmp(name, "mandate") == 0 ||
        strcmp(name, "signers") == 0 || strcmp(name, "tally") == 0) {
        char *t = malloc(strlen(v) + 1);
        cli_json_array(j, name);
        if (t) {
            strcpy(t, v);
            for (char *s = strtok(t, ","); s; s = strtok(NULL, ",")) {
                char *eq = strcmp(name, "tally") == 0 ? strchr(s, '=') : NULL;
                if (eq) {
                    *eq = '\0';
                    cli_json_object(j, NULL);
                    cli_json_string(j, "candidate", s);
                    cli_json_int(j, "votes", atoll(eq + 1));
                    cli_json_end_object(j);
                } else {
                    cli_json_string(j, NULL, s);
                }
            }
            free(t);
        }
        cli_json_end_array(j);
    } else if (strcmp(name, "seats") == 0 || strcmp(name, "vacant") == 0 || strcmp(name, "cause") == 0) {
        cli_json_int(j, name, atoll(v));
    } else if (strcmp(name, "quorum") == 0 || strcmp(name, "share") == 0) {
        cli_json_number(j, name, strtod(v, NULL));
    } else if (strcmp(name, "parent") == 0 && !v[0]) {
        cli_json_string(j, name, NULL);
    } else {
        cli_json_string(j, name, v);
    }
}

/* 1 if event e concerns council id (its council, or the parent of a council it creates). */
static int concerns(const ogas_council_event *e, const char *id)
{
    return strcmp(e->args[0], id) == 0 || (strcmp(e->action, "create") == 0 && strcmp(e->args[2], id) == 0);
}

/* ogas council events FILE [--council ID] [--json] */
static int do_events(int argc, char **argv)
{
    const char *cmd = "council events", *pos[1], *only;
    cli_opt opts[] = {{"council", "ID", "only the events about this council", NULL},
                      {"json", NULL, "print one JSON object", NULL},
                      {NULL, NULL, NULL, NULL}};
    ogas_council_registry *r;
    cli_json j;
    int json, status = parse(cmd, "FILE", "Print the history: every event with its seq, time, who, what and why.", argc,
                             argv, opts, pos, 1);
    if (status >= 0) return status;
    if ((status = load(cmd, pos[0], &r))) return status;
    only = cli_get(opts, "council");
    if (only && ogas_council_find(r, only) < 0) {
        fprintf(stderr, "ogas %s: no council '%s' in %s\n", cmd, only, pos[0]);
        ogas_council_registry_destroy(r);
        return 1;
    }
    json = cli_get(opts, "json") != NULL;
    if (json) {
        cli_json_begin(&j, stdout);
        cli_json_object(&j, NULL);
        cli_json_string(&j, "file", pos[0]);
        cli_json_array(&j, "events");
    }
    for (int64_t k = 0; k < ogas_council_event_count(r); k++) {
        ogas_council_event e;
        ogas_council_event_get(r, k, &e);
        if (only && !concerns(&e, only)) continue;
        if (!json) {
            print_event(&e);
            continue;
        }
        cli_json_object(&j, NULL);
        cli_json_int(&j, "seq", e.seq);
        cli_json_string(&j, "time", e.time);
        cli_json_string(&j, "who", e.who);
        cli_json_string(&j, "action", e.action);
        cli_json_object(&j, "args");
        for (int a = 0; a < e.nargs; a++) json_arg(&j, &e, a);
        cli_json_end_object(&j);
        cli_json_string(&j, "why", e.why);
        cli_json_end_object(&j);
    }
    if (json) {
        cli_json_end_array(&j);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    }
    ogas_council_registry_destroy(r);
    return 0;
}

/* ogas council add-member ... */
static int do_add(int argc, char **argv)
{
    return do_member(argc, argv, 1);
}

/* ogas council remove-member ... */
static int do_remove(int argc, char **argv)
{
    return do_member(argc, argv, 0);
}

static const cli_command actions[] = {
    {"init", "FILE", "Create an empty registry file.", do_init},
    {"create", "FILE ID --name NAME [--parent ID] [--seats K]", "Create a council.", do_create},
    {"add-member", "FILE COUNCIL MEMBER [--name NAME]", "Add a member to a council.", do_add},
    {"remove-member", "FILE COUNCIL MEMBER", "A member leaves a council (a delegate loses the seat).", do_remove},
    {"elect", "FILE COUNCIL --ballots FILE.csv | --vote V=C ...", "Elect delegates to the vacant seats.", do_elect},
    {"recall", "FILE COUNCIL DELEGATE --signatures FILE | --sign M,...", "Recall a delegate.", do_recall},
    {"list", "FILE [--json]", "The councils as a tree, with seats and delegates.", do_list},
    {"show", "FILE COUNCIL [--json]", "A council's members and delegates.", do_show},
    {"events", "FILE [--council ID] [--json]", "The history of changes.", do_events},
};

/* The actions of ogas council, to fp. */
static void help(FILE *fp)
{
    fprintf(fp, "usage: ogas council ACTION FILE [arguments] [options]\n\n"
                "The registry of councils, members and delegates, with recall. FILE holds the registry as a list of "
                "events (docs/formats.md); every change appends events with when (--at), who (--by) and why "
                "(--reason). FILE may also be a store (ogas db init): the registry is then kept in it, each event "
                "with its record in the audit log (docs/store.md).\n\nactions:\n");
    for (size_t k = 0; k < sizeof actions / sizeof *actions; k++)
        fprintf(fp, "  %-14s %-52s %s\n", actions[k].name, actions[k].args, actions[k].summary);
    fprintf(fp, "\n`ogas council ACTION --help` describes each action's options. Exit status: 0 done, 1 refused by the "
                "rules or not found, 2 bad arguments, 3 a registry or ballots file that does not read, 4 input/output "
                "error.\n");
}

/* ogas council ACTION ... */
int cmd_council(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        help(stdout);
        return 0;
    }
    for (size_t k = 0; k < sizeof actions / sizeof *actions; k++)
        if (strcmp(argv[1], actions[k].name) == 0) return actions[k].run(argc - 1, argv + 1);
    fprintf(stderr, "ogas council: unknown action '%s' (see ogas council --help)\n", argv[1]);
    return 2;
}
