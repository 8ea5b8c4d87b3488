/* auth.c: tokens and mandates: the Authorization header's bearer token looked up by its SHA-256 (401 when
 * missing, unknown or revoked), then the holder's role, mandate and the object it may act on checked against
 * the route (403). Every refusal is recorded (srv__refuse). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "srv_internal.h"

#define TOKEN_TEXT_MAX 256 /* longest token text looked up */

/* 1 when the token's object restrictions (its election, its council) allow the route's object; else answers
 * 403 and returns 0. */
static int object_allowed(srv_ctx *c)
{
    const char *pat = c->route->pattern;
    char reason[256];
    if (strncmp(pat, "/api/elections", 14) == 0 && c->tok.election) {
        int64_t id = c->nparam ? strtoll(c->param[0], NULL, 10) : 0;
        if (id != c->tok.election) {
            snprintf(reason, sizeof reason, "%s's token acts in election %lld only", c->tok.holder,
                     (long long)c->tok.election);
            srv__refuse(c, 403, reason);
            return 0;
        }
    }
    if (strncmp(pat, "/api/councils/{council}", 23) == 0 && strcmp(c->tok.council, c->param[0]) != 0) {
        snprintf(reason, sizeof reason, "%s's token %s%s, not in council %.64s", c->tok.holder,
                 c->tok.council[0] ? "acts in council " : "names no council", c->tok.council, c->param[0]);
        srv__refuse(c, 403, reason);
        return 0;
    }
    return 1;
}

/* 1 when the request's token allows the route. */
int srv__authorize(srv_ctx *c)
{
    const char *h = c->rq->authorization, *t;
    char token[TOKEN_TEXT_MAX + 1], reason[256], may[64], need[64];
    size_t len;
    ogas_error err;
    ogas_status rc;

    if (!h || !*h) {
        srv__refuse(c, 401, "this needs a token: send Authorization: Bearer TOKEN");
        return 0;
    }
    if (strncasecmp(h, "Bearer ", 7) != 0) {
        srv__refuse(c, 401, "the Authorization header must be 'Bearer TOKEN'");
        return 0;
    }
    for (t = h + 7; *t == ' '; t++) continue;
    len = strlen(t);
    while (len && t[len - 1] == ' ') len--;
    if (len == 0 || len > TOKEN_TEXT_MAX) {
        srv__refuse(c, 401, "the bearer token is empty or too long");
        return 0;
    }
    memcpy(token, t, len);
    token[len] = '\0';
    ogas_error_clear(&err);
    rc = ogas_civic_token_check(c->st, token, &c->tok, &err);
    if (rc == OGAS_ENOTFOUND) {
        srv__refuse(c, 401, "unknown or revoked token");
        return 0;
    }
    if (rc) {
        srv__fail(c, &err, 0);
        return 0;
    }
    if (c->route->role && strcmp(c->tok.role, c->route->role) != 0) {
        snprintf(reason, sizeof reason, "this needs a %s's token; %s holds a %s's", c->route->role, c->tok.holder,
                 c->tok.role);
        srv__refuse(c, 403, reason);
        return 0;
    }
    if ((c->tok.may & c->route->may) != c->route->may) {
        snprintf(reason, sizeof reason, "%s's mandate (%s) does not include '%s'", c->tok.holder,
                 c->tok.may ? ogas_civic_may_format(c->tok.may, may, sizeof may) : "nothing",
                 ogas_civic_may_format(c->route->may, need, sizeof need));
        srv__refuse(c, 403, reason);
        return 0;
    }
    if (!object_allowed(c)) return 0;
    c->authed = 1;
    return 1;
}
