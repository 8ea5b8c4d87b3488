/* cmd_token.c: `ogas token issue|revoke|list DB`: the access tokens of the server (ogas serve). A token is
 * printed once when issued; the store keeps only its SHA-256. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ogas/civic.h"

/* Prints one token's row (never the token: the store does not have it). */
static int print_token(const ogas_token_info *t, void *ud)
{
    cli_json *j = ud;
    char may[64];
    ogas_civic_may_format(t->may, may, sizeof may);
    if (!j) {
        printf("%5lld  %-20s  %-8s  %-12s  %-28s  %8lld  %-20s  %s\n", (long long)t->id, t->holder, t->role,
               t->council[0] ? t->council : "-", may[0] ? may : "-", (long long)t->election, t->created,
               t->revoked[0] ? t->revoked : "valid");
        return 0;
    }
    cli_json_object(j, NULL);
    cli_json_int(j, "id", t->id);
    cli_json_string(j, "holder", t->holder);
    cli_json_string(j, "role", t->role);
    cli_json_string(j, "council", t->council[0] ? t->council : NULL);
    cli_json_string(j, "may", may);
    if (t->election) cli_json_int(j, "election", t->election);
    else cli_json_string(j, "election", NULL);
    cli_json_string(j, "created", t->created);
    cli_json_string(j, "revoked", t->revoked[0] ? t->revoked : NULL);
    cli_json_end_object(j);
    return 0;
}

/* ogas token ACTION DB [options] */
int cmd_token(int argc, char **argv)
{
    cli_opt opts[] = {{"holder", "NAME", "issue, revoke: the holder (a member id of the council registry)", NULL},
                      {"role", "ROLE", "issue: member or delegate", NULL},
                      {"council", "ID", "issue: the council the holder acts in (needed to sign recalls)", NULL},
                      {"may", "LIST", "issue: what the holder may do: adopt,ballot,propose,recall,decide (default: "
                                      "member ballot,propose,recall; delegate adopt,propose,decide)", NULL},
                      {"election", "ID", "issue: the only election the token acts in (default: any)", NULL},
                      {"as", "NAME", "issue, revoke: who does it, for the audit log (default: local)", NULL},
                      {"json", NULL, "list: print JSON", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[2], *may;
    int npos, status = 0;
    ogas_store *s = NULL;
    ogas_error err;
    const char *as;

    ogas_error_clear(&err);
    status = cli_parse("token", "ACTION DB",
                       "Access tokens of the HTTP server (ogas serve). actions: issue DB --holder NAME --role "
                       "member|delegate [--council ID] [--may LIST] [--election ID] prints a new token once (32 "
                       "random bytes in hex; the store keeps only its SHA-256, with an audit record); revoke DB "
                       "--holder NAME revokes every token of the holder; list DB lists them (never the tokens). "
                       "Requests send it as 'Authorization: Bearer TOKEN'.",
                       argc, argv, opts, pos, 2, &npos);
    if (status) return status == 1 ? 0 : status;
    if (npos != 2) {
        fprintf(stderr, "ogas token: expected ACTION DB (see ogas token --help)\n");
        return 2;
    }
    if (strcmp(pos[0], "issue") && strcmp(pos[0], "revoke") && strcmp(pos[0], "list")) {
        fprintf(stderr, "ogas token: unknown action '%s' (issue, revoke, list)\n", pos[0]);
        return 2;
    }
    if (strcmp(pos[0], "list") != 0 && !cli_get(opts, "holder")) {
        fprintf(stderr, "ogas token %s: say whose token with --holder NAME\n", pos[0]);
        return 2;
    }
    as = cli_get(opts, "as") ? cli_get(opts, "as") : "local";
    if (ogas_store_open(pos[1], 0, &s, &err)) return cli_fail("token", &err);
    if (strcmp(pos[0], "issue") == 0) {
        ogas_token_info t;
        char token[65];
        double election = 0;
        const char *role = cli_get(opts, "role");
        memset(&t, 0, sizeof t);
        if (!role || (strcmp(role, "member") && strcmp(role, "delegate"))) {
            fprintf(stderr, "ogas token issue: --role must be member or delegate\n");
            status = 2;
            goto done;
        }
        if (cli_get(opts, "election") && !cli_number("token", "election", cli_get(opts, "election"), 1, 9e15, &election)) {
            status = 2;
            goto done;
        }
        may = cli_get(opts, "may");
        if (!may) may = strcmp(role, "member") == 0 ? "ballot,propose,recall" : "adopt,propose,decide";
        if (ogas_civic_may_parse(may, &t.may, &err)) {
            fprintf(stderr, "ogas token issue: --may: %s\n", err.message);
            status = 2;
            goto done;
        }
        snprintf(t.holder, sizeof t.holder, "%s", cli_get(opts, "holder"));
        snprintf(t.role, sizeof t.role, "%s", role);
        snprintf(t.council, sizeof t.council, "%s", cli_get(opts, "council") ? cli_get(opts, "council") : "");
        t.election = (int64_t)election;
        if (ogas_civic_token_issue(s, &t, as, token, &err)) {
            status = cli_fail("token", &err);
            goto done;
        }
        printf("%s\n", token);
        sodium_memzero(token, sizeof token);
        fprintf(stderr, "ogas token: issued to %s (shown once: the store keeps only its hash)\n", t.holder);
    } else if (strcmp(pos[0], "revoke") == 0) {
        int64_t n = 0;
        if (ogas_civic_token_revoke(s, cli_get(opts, "holder"), as, &n, &err)) status = cli_fail("token", &err);
        else printf("revoked %lld token%s of %s\n", (long long)n, n == 1 ? "" : "s", cli_get(opts, "holder"));
    } else {
        cli_json j;
        int json = cli_get(opts, "json") != NULL;
        if (json) {
            cli_json_begin(&j, stdout);
            cli_json_array(&j, NULL);
        } else {
            printf("%5s  %-20s  %-8s  %-12s  %-28s  %8s  %-20s  %s\n", "id", "holder", "role", "council", "may",
                   "election", "issued", "revoked");
        }
        if (ogas_civic_token_list(s, print_token, json ? &j : NULL, &err)) status = cli_fail("token", &err);
        if (json) {
            cli_json_end_array(&j);
            cli_json_finish(&j);
        }
    }
done:
    ogas_store_close(s);
    return status;
}
