/* routes.c: THE route table. Each row (method, path pattern, handler, token and mandate, summary, query
 * parameters, request and response schemas) drives dispatch (srv__route), makes the OpenAPI 3 document
 * (srv__openapi, served at GET /api/openapi.json) and is walked by the tests (tests/unit/test_server.c
 * calls every route). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/ogas.h"
#include "srv_internal.h"

/* Schema snippets (JSON Schema as OpenAPI 3.0 takes it). */
#define S_ERROR                                                                                                 \
    "{\"type\":\"object\",\"required\":[\"error\",\"message\"],\"properties\":{\"error\":{\"type\":\"string\"}," \
    "\"field\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}}}"
#define S_RUN                                                                                                   \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{\"type\":\"string\"},"           \
    "\"name\":{\"type\":\"string\"},\"created\":{\"type\":\"string\"},\"actor\":{\"type\":\"string\"},"             \
    "\"audit_seq\":{\"type\":\"integer\"},\"adopted\":{\"type\":\"boolean\"}}}"
#define S_RUNS "{\"type\":\"array\",\"items\":" S_RUN "}"
#define S_RUN_DETAIL                                                                                            \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{\"type\":\"string\"},"           \
    "\"name\":{\"type\":\"string\"},\"args\":{\"type\":\"string\"},\"files\":{\"type\":\"array\",\"items\":"       \
    "{\"type\":\"object\",\"properties\":{\"role\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"           \
    "\"sha256\":{\"type\":\"string\"},\"bytes\":{\"type\":\"integer\"}}}},\"values\":{\"type\":\"array\","          \
    "\"items\":{\"type\":\"object\",\"properties\":{\"series\":{\"type\":\"string\"},\"idx\":{\"type\":"            \
    "\"integer\"},\"label\":{\"type\":\"string\"},\"value\":{\"type\":\"number\",\"nullable\":true}}}}}}"
#define S_NUMS "{\"type\":\"array\",\"items\":{\"type\":\"number\",\"nullable\":true}}"
#define S_ECONOMY                                                                                               \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"           \
    "\"products\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"code\":{\"type\":"          \
    "\"string\"},\"output\":{\"type\":\"number\"},\"multiplier\":{\"type\":\"number\"},\"labour_value\":"          \
    "{\"type\":\"number\"}}}}}}"
#define S_PLAN                                                                                                  \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"           \
    "\"adopted\":{\"type\":\"boolean\"},\"objective\":{\"type\":\"number\"},\"years\":{\"type\":\"array\","         \
    "\"items\":{\"type\":\"object\",\"properties\":{\"year\":{\"type\":\"integer\"},\"phi\":{\"type\":\"number\"}," \
    "\"labour_used\":{\"type\":\"number\"},\"labour_price\":{\"type\":\"number\"}}}},\"products\":{\"type\":"       \
    "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"},\"gross\":" S_NUMS    \
    ",\"net\":" S_NUMS ",\"invest\":" S_NUMS ",\"price\":" S_NUMS "}}}}}"
#define S_BUDGET                                                                                                \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"           \
    "\"rule\":{\"type\":\"string\"},\"budget\":{\"type\":\"number\"},\"cost\":{\"type\":\"number\"},"               \
    "\"projects\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":"            \
    "\"string\"},\"cost\":{\"type\":\"number\"},\"votes\":{\"type\":\"number\"},\"score\":{\"type\":\"number\"},"   \
    "\"selected\":{\"type\":\"boolean\"},\"order\":{\"type\":\"integer\",\"nullable\":true}}}}}}"
#define S_AUDIT                                                                                                 \
    "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"seq\":{\"type\":\"integer\"},"           \
    "\"time\":{\"type\":\"string\"},\"actor\":{\"type\":\"string\"},\"action\":{\"type\":\"string\"},"              \
    "\"subject\":{\"type\":\"string\"},\"detail\":{\"type\":\"string\"},\"inputs_hash\":{\"type\":\"string\"},"     \
    "\"results_hash\":{\"type\":\"string\"},\"prev_hash\":{\"type\":\"string\"},\"hash\":{\"type\":\"string\"}}}}"
#define S_VERIFY                                                                                                \
    "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"},\"records\":{\"type\":\"integer\"},"       \
    "\"runs\":{\"type\":\"integer\"},\"recomputed\":{\"type\":\"integer\"},\"first_broken_record\":{\"type\":"      \
    "\"integer\",\"nullable\":true},\"problems\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}"
#define S_COUNCILS                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"councils\":{\"type\":\"array\",\"items\":{\"type\":\"object\","        \
    "\"properties\":{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"parent\":{\"type\":"            \
    "\"string\",\"nullable\":true},\"members\":{\"type\":\"array\"},\"seats\":{\"type\":\"array\",\"items\":"       \
    "{\"type\":\"object\",\"properties\":{\"delegate\":{\"type\":\"string\",\"nullable\":true},\"mandate\":"        \
    "{\"type\":\"integer\"},\"recall\":{\"type\":\"object\",\"properties\":{\"signatures\":{\"type\":"             \
    "\"integer\"},\"needed\":{\"type\":\"integer\"}}}}}}}}}}}"
#define S_ELECTION                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"           \
    "\"budget\":{\"type\":\"integer\"},\"rule\":{\"type\":\"string\"},\"status\":{\"type\":\"string\",\"enum\":"    \
    "[\"open\",\"deciding\",\"decided\"]},\"ballots\":{\"type\":\"integer\"},\"budget_run\":{\"type\":"            \
    "\"integer\",\"nullable\":true},\"projects\":{}}}"
#define S_PROJECT                                                                                               \
    "{\"type\":\"object\",\"required\":[\"id\",\"name\",\"cost\"],\"properties\":{\"id\":{\"type\":\"string\","    \
    "\"pattern\":\"^[A-Za-z0-9_.-]{1,64}$\"},\"name\":{\"type\":\"string\",\"maxLength\":200},\"cost\":{\"type\":" \
    "\"integer\",\"minimum\":1}}}"
#define S_OPEN                                                                                                  \
    "{\"type\":\"object\",\"required\":[\"name\",\"budget\",\"rule\"],\"properties\":{\"name\":{\"type\":"         \
    "\"string\",\"maxLength\":200},\"budget\":{\"type\":\"integer\",\"minimum\":1},\"rule\":{\"type\":\"string\"," \
    "\"example\":\"equalshares/add1\"},\"projects\":{\"type\":\"array\",\"items\":" S_PROJECT "}}}"
#define S_BALLOT                                                                                                \
    "{\"type\":\"object\",\"required\":[\"approvals\"],\"properties\":{\"approvals\":{\"type\":\"array\","         \
    "\"minItems\":1,\"items\":{\"type\":\"string\"}}}}"
#define S_RECALL                                                                                                \
    "{\"type\":\"object\",\"required\":[\"delegate\"],\"properties\":{\"delegate\":{\"type\":\"string\"}}}"
#define S_RECALLED                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"signatures\":{\"type\":\"integer\"},\"needed\":{\"type\":\"integer\"}," \
    "\"recalled\":{\"type\":\"boolean\"},\"audit_seq\":{\"type\":\"integer\"}}}"
#define S_WRITE                                                                                                 \
    "{\"type\":\"object\",\"properties\":{\"audit_seq\":{\"type\":\"integer\"}},\"additionalProperties\":true}"
#define S_JOB                                                                                                   \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{\"type\":\"string\"},"           \
    "\"status\":{\"type\":\"string\",\"enum\":[\"queued\",\"running\",\"done\",\"failed\"]},\"progress\":"          \
    "{\"type\":\"number\"},\"result\":" S_VERIFY "}}"
#define S_PLANJOB                                                                                               \
    "{\"type\":\"object\",\"required\":[\"from\"],\"properties\":{\"from\":{\"type\":\"integer\"},"          \
    "\"method\":{\"type\":\"string\",\"enum\":[\"lp\",\"pdlp\",\"harmony\",\"balance\"]},\"gap\":{\"type\":\"number\"}," \
    "\"years\":{\"type\":\"integer\"}}}"
#define S_ANY "{\"type\":\"object\"}"

#define PUBLIC 0, NULL, 0
#define Q_SERIES "series:string:only the numbers of this series (phi, output, selected, ...)"

const srv_route srv_routes[] = {
    {"GET", "/api/health", srv_h_health, PUBLIC, 200, "Liveness: the server and its store answer", NULL, NULL,
     "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"},\"schema\":{\"type\":\"integer\"},"
     "\"audit_seq\":{\"type\":\"integer\"}}}", 0},
    {"GET", "/api/openapi.json", srv_h_openapi, PUBLIC, 200, "This document", NULL, NULL, S_ANY, 0},
    {"GET", "/api/runs", srv_h_runs, PUBLIC, 200, "Every stored run", NULL, NULL, S_RUNS, 1},
    {"GET", "/api/runs/{id}", srv_h_run, PUBLIC, 200, "A run: description, files (SHA-256, size) and numbers",
     Q_SERIES, NULL, S_RUN_DETAIL, 1},
    {"GET", "/api/economies", srv_h_economies, PUBLIC, 200, "Stored balances of economies", NULL, NULL, S_RUNS, 1},
    {"GET", "/api/economies/{id}", srv_h_economy, PUBLIC, 200,
     "An economy's balance per product: output, multiplier, labour value", NULL, NULL, S_ECONOMY, 1},
    {"GET", "/api/plans", srv_h_plans, PUBLIC, 200, "Stored plans", NULL, NULL, S_RUNS, 1},
    {"GET", "/api/plans/{id}", srv_h_plan, PUBLIC, 200,
     "A plan per year (phi, labour) and per product and year (gross, net, investment, price)", NULL, NULL, S_PLAN, 1},
    {"POST", "/api/plans/{id}/adopt", srv_h_adopt, 1, "delegate", OGAS_MAY_ADOPT, 200,
     "Adopt a stored plan (audit record 'plan adopted' by the holder)", NULL, NULL, S_WRITE, 0},
    {"GET", "/api/budgets", srv_h_budgets, PUBLIC, 200, "Stored participatory budgets", NULL, NULL, S_RUNS, 1},
    {"GET", "/api/budgets/{id}", srv_h_budget, PUBLIC, 200,
     "A budget's projects: cost, votes, score, selected and in which order", NULL, NULL, S_BUDGET, 1},
    {"GET", "/api/simulations", srv_h_simulations, PUBLIC, 200, "Stored distribution simulations", NULL, NULL, S_RUNS, 1},
    {"GET", "/api/audit", srv_h_audit, PUBLIC, 200, "The audit log, from record `from`, at most `limit` records",
     "from:integer:first record (default 1);limit:integer:records at most (default 100, at most 1000)", NULL, S_AUDIT, 1},
    {"GET", "/api/verify", srv_h_verify, PUBLIC, 200,
     "Check the audit chain and every run against its record (no recomputation: POST /api/jobs/verify for that)",
     NULL, NULL, S_VERIFY, 1},
    {"GET", "/api/councils", srv_h_councils, PUBLIC, 200,
     "The council registry: councils, members, seats with delegates, recall petitions", NULL, NULL, S_COUNCILS, 0},
    {"POST", "/api/councils/{council}/recall", srv_h_recall, 1, "member", OGAS_MAY_RECALL, 200,
     "Sign the petition to recall a delegate of the holder's council; executed when enough have signed", NULL,
     S_RECALL, S_RECALLED, 0},
    {"GET", "/api/elections", srv_h_elections, PUBLIC, 200, "Elections (participatory budgets) with their status",
     NULL, NULL, "{\"type\":\"array\",\"items\":" S_ELECTION "}", 1},
    {"POST", "/api/elections", srv_h_election_open, 1, "delegate", OGAS_MAY_DECIDE, 201,
     "Open an election with a budget, a rule and projects", NULL, S_OPEN, S_WRITE, 0},
    {"GET", "/api/elections/{id}", srv_h_election, PUBLIC, 200, "An election: projects, ballots cast, status", NULL,
     NULL, S_ELECTION, 1},
    {"POST", "/api/elections/{id}/projects", srv_h_propose, 1, NULL, OGAS_MAY_PROPOSE, 201,
     "Propose a project to an open election", NULL, S_PROJECT, S_WRITE, 0},
    {"POST", "/api/elections/{id}/ballots", srv_h_ballot, 1, "member", OGAS_MAY_BALLOT, 201,
     "Cast the holder's approval ballot (once per election)", NULL, S_BALLOT, S_WRITE, 0},
    {"POST", "/api/elections/{id}/decide", srv_h_decide, 1, "delegate", OGAS_MAY_DECIDE, 200,
     "Decide an election by its rule: stored as a budget run that ogas verify recomputes", NULL, NULL, S_WRITE, 0},
    {"POST", "/api/jobs/verify", srv_h_job_verify, PUBLIC, 202,
     "Start a full verification (every run recomputed) as a background job", NULL, NULL, S_JOB, 0},
    {"POST", "/api/jobs/plan", srv_h_job_plan, 1, "delegate", OGAS_MAY_ADOPT, 202,
     "Compute a plan from a stored plan (solved again, by another method) or balance (its table made into a plan) "
     "as a background job; it is stored as a new plan run by the holder", NULL, S_PLANJOB, S_JOB, 0},
    {"GET", "/api/jobs/{id}", srv_h_job, PUBLIC, 200, "A job: status, progress and result", NULL, NULL, S_JOB, 0},
};
const int srv_nroutes = (int)(sizeof srv_routes / sizeof *srv_routes);

/* The number of routes. */
int srv_route_count(void)
{
    return srv_nroutes;
}

/* Route k's method, pattern and whether it needs a token. */
void srv_route_get(int k, const char **method, const char **pattern, int *needs_token)
{
    *method = srv_routes[k].method;
    *pattern = srv_routes[k].pattern;
    *needs_token = srv_routes[k].token;
}

/* Whether path matches pattern; params := the {parameters}. */
static int match(const char *pattern, const char *path, char params[][SRV_PARAM_MAX], int *np)
{
    const char *p = pattern, *q = path;
    *np = 0;
    while (*p && *q) {
        size_t pl, ql;
        if (*p != '/' || *q != '/') return 0;
        p++;
        q++;
        pl = strcspn(p, "/");
        ql = strcspn(q, "/");
        if (*p == '{') {
            if (ql == 0 || ql >= SRV_PARAM_MAX || *np >= SRV_MAX_PARAMS) return 0;
            memcpy(params[*np], q, ql);
            params[*np][ql] = '\0';
            (*np)++;
        } else if (pl != ql || strncmp(p, q, pl) != 0) {
            return 0;
        }
        p += pl;
        q += ql;
    }
    return !*p && !*q;
}

/* c->route := the route of method and c->path. */
int srv__route(srv_ctx *c, const char *method, char *allow, size_t n)
{
    char params[SRV_MAX_PARAMS][SRV_PARAM_MAX];
    int np, found = 0;
    size_t len = 0;
    if (n) allow[0] = '\0';
    for (int k = 0; k < srv_nroutes; k++) {
        if (!match(srv_routes[k].pattern, c->path, params, &np)) continue;
        if (strcmp(srv_routes[k].method, method) == 0) {
            c->route = &srv_routes[k];
            c->nparam = np;
            memcpy(c->param, params, sizeof params);
            return 0;
        }
        found = 1;
        if (len < n && !strstr(allow, srv_routes[k].method))
            len += (size_t)snprintf(allow + len, n - len, "%s%s", len ? ", " : "", srv_routes[k].method);
    }
    return found ? 405 : 404;
}

/* A parsed schema snippet; NULL (and *ok := 0) when it does not parse. */
static json_t *schema(const char *text, int *ok)
{
    json_error_t je;
    json_t *v = json_loads(text, 0, &je);
    if (!v) *ok = 0;
    return v;
}

/* A response object: description and, when given, a JSON schema. */
static json_t *response(const char *description, json_t *sch)
{
    json_t *r = json_pack("{s:s}", "description", description);
    if (sch) json_object_set_new(r, "content", json_pack("{s:{s:o}}", "application/json", "schema", sch));
    return r;
}

/* The parameters of route r: its path {parameters} and its query parameters. */
static json_t *parameters(const srv_route *r)
{
    json_t *a = srv_arr();
    char buf[512];
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        size_t len = strcspn(p + 1, "}");
        snprintf(buf, sizeof buf, "%.*s", (int)len, p + 1);
        json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:{s:s}}", "name", buf, "in", "path", "required", 1, "schema",
                                           "type", strcmp(buf, "id") == 0 ? "integer" : "string"));
    }
    for (const char *p = r->query; p && *p;) {
        size_t len = strcspn(p, ";");
        char *c1, *c2;
        snprintf(buf, sizeof buf, "%.*s", (int)len, p);
        if ((c1 = strchr(buf, ':')) && (c2 = strchr(c1 + 1, ':'))) {
            *c1 = *c2 = '\0';
            json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:s,s:{s:s}}", "name", buf, "in", "query", "required", 0,
                                               "description", c2 + 1, "schema", "type", c1 + 1));
        }
        p += len + (p[len] == ';');
    }
    return a;
}

/* The OpenAPI 3 document of the route table. */
char *srv__openapi(void)
{
    json_t *doc, *paths, *err;
    char *text = NULL, may[64], mandate[160];
    int ok = 1;
    doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:{s:{s:{s:s,s:s}}}}", "openapi", "3.0.3", "info", "title",
                    "ogas API", "version", OGAS_VERSION, "description",
                    "Open planning: stored economies, plans, budgets and simulations with their audit log (public), "
                    "and the decisions of councils and elections (with a token). Errors are {error, message, field?}.",
                    "servers", "url", "/", "components", "securitySchemes", "bearer", "type", "http", "scheme",
                    "bearer");
    paths = srv_obj();
    err = schema(S_ERROR, &ok);
    for (int k = 0; k < srv_nroutes && doc && paths && err; k++) {
        const srv_route *r = &srv_routes[k];
        json_t *item = json_object_get(paths, r->pattern), *op, *resp;
        char method[8], code[8];
        size_t q = 0;
        for (; r->method[q] && q + 1 < sizeof method; q++) method[q] = (char)(r->method[q] | 0x20);
        method[q] = '\0';
        if (!item) {
            item = srv_obj();
            json_object_set_new(paths, r->pattern, item);
        }
        snprintf(code, sizeof code, "%d", r->status);
        resp = srv_obj();
        json_object_set_new(resp, code, response("success", schema(r->response, &ok)));
        json_object_set_new(resp, "400", response("malformed request, missing field or wrong type", json_incref(err)));
        json_object_set_new(resp, "404", response("no such object", json_incref(err)));
        json_object_set_new(resp, "429", response("too many requests from this client (Retry-After)", json_incref(err)));
        op = json_pack("{s:s,s:s,s:o,s:o}", "summary", r->summary, "operationId", r->pattern, "parameters",
                       parameters(r), "responses", resp);
        if (r->request) {
            json_object_set_new(resp, "413", response("body larger than 1 MiB", json_incref(err)));
            json_object_set_new(op, "requestBody", json_pack("{s:b,s:{s:{s:o}}}", "required", 1, "content",
                                                             "application/json", "schema", schema(r->request, &ok)));
        }
        if (r->token) {
            snprintf(mandate, sizeof mandate, "%s with the mandate '%s'", r->role ? r->role : "member or delegate",
                     ogas_civic_may_format(r->may, may, sizeof may));
            json_object_set_new(op, "security", json_pack("[{s:[]}]", "bearer"));
            json_object_set_new(op, "x-ogas-mandate", srv_str(mandate));
            json_object_set_new(resp, "401", response("no token, or an unknown or revoked one", json_incref(err)));
            json_object_set_new(resp, "403", response("the holder's mandate does not allow this", json_incref(err)));
            json_object_set_new(resp, "409", response("refused by the state (closed, cast already, ...)", json_incref(err)));
        }
        if (strncmp(r->pattern, "/api/jobs/", 10) == 0 && strcmp(r->method, "POST") == 0)
            json_object_set_new(resp, "503", response("the job queue is full", json_incref(err)));
        json_object_set_new(item, method, op);
        /* operationId: method and pattern, unique */
        snprintf(mandate, sizeof mandate, "%s %s", r->method, r->pattern);
        json_object_set_new(op, "operationId", srv_str(mandate));
    }
    if (doc && paths && err && ok) {
        json_object_set(doc, "paths", paths);
        json_object_set_new(json_object_get(doc, "components"), "schemas", json_pack("{s:O}", "Error", err));
        text = json_dumps(doc, JSON_INDENT(1));
    }
    json_decref(paths);
    json_decref(err);
    json_decref(doc);
    return text;
}
