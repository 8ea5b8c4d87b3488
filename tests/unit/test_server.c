/* test_server.c: the HTTP API through srv_handle, without sockets: every route of the table called and
 * answering as documented; refusals 401 (no, unknown or revoked token), 403 (role, mandate, another
 * election or council), 400 naming the field, 404, 405, 409, 413 and 429; refusals recorded; two threads
 * casting the same voter's ballot (one is stored, never two) and many voters at once (none lost); tokens
 * stored only as hashes; an election decided and recomputed by ogas_store_verify; a recall executed on the
 * registry file; static files kept inside their folder.
 *
 * The test program is linked from the library and tests/ only, so the server's files are compiled into
 * this one (their static names are distinct). */
#define _DEFAULT_SOURCE /* realpath, for static.c */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ogas/ogas.h"
#include "server/server.h"
#include "server/srv_internal.h"
#include "test.h"


#define T0 "2026-11-29T12:00:00Z"

/* A test's store, registry and tokens. */
typedef struct fixture {
    char dir[128], db[160], reg[160], csv[160];
    srv *s;
    char ann[65], bob[65], carl[65], dee[65], only99[65], revoked[65], stranger[65];
} fixture;

static char reply_body[1 << 16]; /* the last answer's body */

/* Issues a token into tok. */
static void issue(ogas_store *st, const char *holder, const char *role, const char *council, unsigned may,
                  int64_t election, char tok[65])
{
    ogas_token_info t;
    ogas_error err;
    memset(&t, 0, sizeof t);
    snprintf(t.holder, sizeof t.holder, "%s", holder);
    snprintf(t.role, sizeof t.role, "%s", role);
    snprintf(t.council, sizeof t.council, "%s", council);
    t.may = may;
    t.election = election;
    if (ogas_civic_token_issue(st, &t, "clerk", tok, &err)) test_fail(__FILE__, __LINE__, "issue: %s", err.message);
}

/* Writes the registry: congress N, district D1, workplace W1 (ann, bob, carl; bob its delegate) and W2 (eve). */
static void make_registry(const char *path)
{
    ogas_council_registry *r = NULL;
    ogas_council_stamp s = {T0, "clerk", ""};
    ogas_council_ballot b[3] = {{"ann", "bob", NULL, 0}, {"bob", "bob", NULL, 0}, {"carl", "ann", NULL, 0}};
    ogas_error err;
    if (ogas_council_registry_create(&r, &err) || ogas_council_create(r, &s, "N", "Nation", NULL, 0, &err) ||
        ogas_council_create(r, &s, "D1", "District one", "N", 1, &err) ||
        ogas_council_create(r, &s, "W1", "Steelworks", "D1", 1, &err) ||
        ogas_council_create(r, &s, "W2", "Mill", "D1", 1, &err) ||
        ogas_council_add_member(r, &s, "W1", "ann", "Ann", &err) || ogas_council_add_member(r, &s, "W1", "bob", "Bob", &err) ||
        ogas_council_add_member(r, &s, "W1", "carl", "Carl", &err) ||
        ogas_council_add_member(r, &s, "W2", "eve", "Eve", &err) || ogas_council_elect(r, &s, "W1", b, 3, 0.5, &err) ||
        ogas_council_registry_save(r, path, &err))
        test_fail(__FILE__, __LINE__, "registry: %s", err.message);
    ogas_council_registry_destroy(r);
}

/* Stores a run of kind with the file f and the values "series:idx:label:value;..." */
static void put_run(ogas_store *st, ogas_run_kind kind, const char *name, const char *file, const char *values)
{
    ogas_store_values vs = {0};
    ogas_store_file f = {"table", file};
    ogas_store_run r = {kind, name, "", "tester", 1, &f};
    ogas_error err;
    char buf[2048], *save = NULL;
    snprintf(buf, sizeof buf, "%s", values);
    for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
        char series[32], label[64];
        long long idx;
        double v;
        if (sscanf(t, "%31[^:]:%lld:%63[^:]:%lf", series, &idx, label, &v) == 4)
            ogas_store_values_add(&vs, series, idx, label, v, &err);
    }
    if (ogas_store_put(st, &r, &vs, NULL, NULL, &err)) test_fail(__FILE__, __LINE__, "put: %s", err.message);
    ogas_store_values_free(&vs);
}

/* Stores the budget of a real election (Swiecie 2023, its own rule). */
static void store_budget(ogas_store *st)
{
    const char *path = "examples/pb/Poland_Swiecie_2023.pb";
    ogas_pb pb;
    ogas_budget_options o;
    ogas_budget_result res;
    ogas_store_values vs = {0};
    ogas_store_file f = {"table", path};
    ogas_store_run r = {OGAS_RUN_BUDGET, "Swiecie", "", "tester", 1, &f};
    ogas_error err;
    memset(&res, 0, sizeof res);
    if (ogas_pb_read(path, &pb, &err) || ogas_budget_rule("meta", &pb, &o, &err) || ogas_budget_run(&pb, &o, &res, &err) ||
        ogas_store_values_budget(&pb, &res, &vs, &err) || ogas_store_put(st, &r, &vs, NULL, NULL, &err))
        test_fail(__FILE__, __LINE__, "budget: %s", err.message);
    ogas_store_values_free(&vs);
    ogas_budget_result_free(&res);
    ogas_pb_free(&pb);
}

/* Builds the fixture: runs 1 balance, 2 plan, 3 budget, 4 simulation; tokens; the registry; the server. */
static int setup(fixture *f, double rate)
{
    ogas_store *st = NULL;
    ogas_error err;
    srv_options o;
    FILE *fp;
    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ogas-test-server-%d-XXXXXX", (int)getpid());
    if (!mkdtemp(f->dir)) return 0;
    snprintf(f->db, sizeof f->db, "%s/db.sqlite", f->dir);
    snprintf(f->reg, sizeof f->reg, "%s/registry.txt", f->dir);
    snprintf(f->csv, sizeof f->csv, "%s/table.csv", f->dir);
    if (!(fp = fopen(f->csv, "w"))) return 0;
    fputs(",a,b,fd\na,1,2,3\nb,1,2,3\noutput,6,6,\n", fp);
    fclose(fp);
    if (ogas_store_open(f->db, 1, &st, &err)) {
        test_fail(__FILE__, __LINE__, "open: %s", err.message);
        return 0;
    }
    put_run(st, OGAS_RUN_BALANCE, "two goods", f->csv,
            "output:0:a:6;output:1:b:6;multiplier:0:a:1.5;multiplier:1:b:2.25;labour_value:0:a:0.5;labour_value:1:b:nan");
    put_run(st, OGAS_RUN_PLAN, "two years", f->csv,
            "objective:0:sum of phi:2.5;phi:0:year 1:1.25;phi:1:year 2:1.25;labour_used:0:year 1:10;labour_used:1:year 2:11;"
            "gross:0:year 1 a:1;gross:1:year 1 b:2;gross:2:year 2 a:3;gross:3:year 2 b:4;"
            "net:0:year 1 a:0.5;net:1:year 1 b:1.5;net:2:year 2 a:2.5;net:3:year 2 b:3.5;"
            "price:0:year 1 a:0.1;price:1:year 1 b:0.2;price:2:year 2 a:0.3;price:3:year 2 b:0.4");
    store_budget(st);
    put_run(st, OGAS_RUN_SIMULATION, "famine", f->csv, "months:0:months:60");
    issue(st, "ann", "member", "W1", OGAS_MAY_BALLOT | OGAS_MAY_PROPOSE | OGAS_MAY_RECALL, 0, f->ann);
    issue(st, "bob", "member", "W1", OGAS_MAY_BALLOT | OGAS_MAY_RECALL, 0, f->bob);
    issue(st, "carl", "member", "W1", OGAS_MAY_BALLOT | OGAS_MAY_RECALL, 0, f->carl);
    issue(st, "dee", "delegate", "", OGAS_MAY_ADOPT | OGAS_MAY_PROPOSE | OGAS_MAY_DECIDE, 0, f->dee);
    issue(st, "olga", "member", "W1", OGAS_MAY_BALLOT, 99, f->only99);
    issue(st, "rex", "member", "W1", OGAS_MAY_BALLOT, 0, f->revoked);
    issue(st, "eve", "member", "W2", OGAS_MAY_BALLOT | OGAS_MAY_RECALL, 0, f->stranger);
    {
        int64_t n = 0;
        if (ogas_civic_token_revoke(st, "rex", "clerk", &n, &err) || n != 1) test_fail(__FILE__, __LINE__, "revoke");
    }
    ogas_store_close(st);
    make_registry(f->reg);
    memset(&o, 0, sizeof o);
    o.db = f->db;
    o.councils = f->reg;
    o.scratch = f->dir;
    o.rate = rate;
    o.quiet = 1;
    o.connections = 3;
    if (srv_create(&o, &f->s, &err)) {
        test_fail(__FILE__, __LINE__, "srv_create: %s", err.message);
        return 0;
    }
    return 1;
}

/* Removes the fixture's files. */
static void teardown(fixture *f)
{
    char cmd[300];
    srv_destroy(f->s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", f->dir);
}

/* Sends a request (token may be NULL, body NULL) from client; returns the status, the body in reply_body. */
static int call_from(srv *s, const char *client, const char *method, const char *target, const char *token,
                     const char *body)
{
    srv_request rq;
    srv_response rs;
    char auth[128];
    int status;
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.target = target;
    rq.client = client;
    if (token) {
        snprintf(auth, sizeof auth, "Bearer %s", token);
        rq.authorization = auth;
    }
    rq.body = body;
    rq.len = body ? strlen(body) : 0;
    srv_handle(s, &rq, &rs);
    snprintf(reply_body, sizeof reply_body, "%.*s", (int)(rs.len < sizeof reply_body ? rs.len : sizeof reply_body - 1),
             rs.body ? rs.body : "");
    status = rs.status;
    srv_response_free(&rs);
    return status;
}

/* call_from without a client address (not rate limited). */
static int call(srv *s, const char *method, const char *target, const char *token, const char *body)
{
    return call_from(s, NULL, method, target, token, body);
}

/* The parsed last answer (caller decrefs). */
static json_t *reply_json(void)
{
    json_error_t je;
    return json_loads(reply_body, 0, &je);
}

/* One call of the route walk: the route it exercises, the request and the status expected. */
typedef struct walk_step {
    const char *method, *pattern, *target;
    int who; /* 0 none, 1 ann, 2 dee */
    const char *body;
    int status;
} walk_step;

TEST(every_route_answers)
{
    fixture f;
    static const walk_step steps[] = {
        {"GET", "/api/health", "/api/health", 0, NULL, 200},
        {"GET", "/api/openapi.json", "/api/openapi.json", 0, NULL, 200},
        {"GET", "/api/runs", "/api/runs", 0, NULL, 200},
        {"GET", "/api/runs/{id}", "/api/runs/2?series=phi", 0, NULL, 200},
        {"GET", "/api/economies", "/api/economies", 0, NULL, 200},
        {"GET", "/api/economies/{id}", "/api/economies/1", 0, NULL, 200},
        {"GET", "/api/plans", "/api/plans", 0, NULL, 200},
        {"GET", "/api/plans/{id}", "/api/plans/2", 0, NULL, 200},
        {"POST", "/api/plans/{id}/adopt", "/api/plans/2/adopt", 2, NULL, 200},
        {"GET", "/api/budgets", "/api/budgets", 0, NULL, 200},
        {"GET", "/api/budgets/{id}", "/api/budgets/3", 0, NULL, 200},
        {"GET", "/api/simulations", "/api/simulations", 0, NULL, 200},
        {"GET", "/api/audit", "/api/audit?from=2&limit=3", 0, NULL, 200},
        {"GET", "/api/verify", "/api/verify", 0, NULL, 200},
        {"GET", "/api/councils", "/api/councils", 0, NULL, 200},
        {"POST", "/api/councils/{council}/recall", "/api/councils/W1/recall", 1, "{\"delegate\":\"bob\"}", 200},
        {"POST", "/api/elections", "/api/elections", 2,
         "{\"name\":\"Parks\",\"budget\":100,\"rule\":\"greedy\",\"projects\":[{\"id\":\"p1\",\"name\":\"Park\","
         "\"cost\":60},{\"id\":\"p2\",\"name\":\"Pool; \\\"big\\\"\",\"cost\":50}]}",
         201},
        {"GET", "/api/elections", "/api/elections", 0, NULL, 200},
        {"POST", "/api/elections/{id}/projects", "/api/elections/1/projects", 1,
         "{\"id\":\"p3\",\"name\":\"Tram\",\"cost\":40}", 201},
        {"POST", "/api/elections/{id}/ballots", "/api/elections/1/ballots", 1, "{\"approvals\":[\"p3\",\"p1\"]}", 201},
        {"GET", "/api/elections/{id}", "/api/elections/1", 0, NULL, 200},
        {"POST", "/api/elections/{id}/decide", "/api/elections/1/decide", 2, NULL, 200},
        {"POST", "/api/jobs/verify", "/api/jobs/verify", 0, NULL, 202},
        {"POST", "/api/jobs/plan", "/api/jobs/plan", 2, "{\"from\":2,\"method\":\"harmony\"}", 202},
        {"GET", "/api/jobs/{id}", "/api/jobs/1", 0, NULL, 200},
    };
    int hit[64] = {0};
    REQUIRE(setup(&f, 0));
    REQUIRE(srv_route_count() <= 64);
    for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
        const walk_step *w = &steps[k];
        const char *tok = w->who == 1 ? f.ann : w->who == 2 ? f.dee : NULL;
        int status = call(f.s, w->method, w->target, tok, w->body);
        if (status != w->status)
            test_fail(__FILE__, __LINE__, "%s %s: %d, expected %d: %s", w->method, w->target, status, w->status, reply_body);
        for (int r = 0; r < srv_route_count(); r++) {
            const char *m, *p;
            int t;
            srv_route_get(r, &m, &p, &t);
            if (!strcmp(m, w->method) && !strcmp(p, w->pattern)) hit[r] = 1;
        }
    }
    /* every route of the table was called: a new route needs its step here */
    for (int r = 0; r < srv_route_count(); r++) {
        const char *m, *p;
        int t;
        srv_route_get(r, &m, &p, &t);
        if (!hit[r]) test_fail(__FILE__, __LINE__, "route %s %s is not exercised", m, p);
    }
    teardown(&f);
}

TEST(read_endpoints_give_the_stored_numbers)
{
    fixture f;
    json_t *v, *p;
    REQUIRE(setup(&f, 0));
    CHECK_EQ_INT(call(f.s, "GET", "/api/economies/1", NULL, NULL), 200);
    v = reply_json();
    p = json_array_get(json_object_get(v, "products"), 1);
    CHECK_STR(json_string_value(json_object_get(p, "code")), "b");
    CHECK_NEAR(json_real_value(json_object_get(p, "multiplier")), 2.25, 0);
    CHECK(json_is_null(json_object_get(p, "labour_value"))); /* a stored NaN */
    json_decref(v);
    CHECK_EQ_INT(call(f.s, "GET", "/api/plans/2", NULL, NULL), 200);
    v = reply_json();
    CHECK_EQ_INT(json_array_size(json_object_get(v, "years")), 2);
    CHECK_NEAR(json_real_value(json_object_get(json_array_get(json_object_get(v, "years"), 1), "labour_used")), 11, 0);
    p = json_array_get(json_object_get(v, "products"), 1);
    CHECK_STR(json_string_value(json_object_get(p, "code")), "b");
    CHECK_NEAR(json_real_value(json_array_get(json_object_get(p, "gross"), 1)), 4, 0);
    CHECK_NEAR(json_real_value(json_array_get(json_object_get(p, "net"), 0)), 1.5, 0);
    json_decref(v);
    CHECK_EQ_INT(call(f.s, "GET", "/api/budgets/3", NULL, NULL), 200);
    v = reply_json();
    p = json_array_get(json_object_get(v, "projects"), 0); /* c1: 68000, 380 votes, selected 8th */
    CHECK_STR(json_string_value(json_object_get(p, "id")), "c1");
    CHECK_EQ_INT(json_integer_value(json_object_get(p, "cost")), 68000);
    CHECK_NEAR(json_real_value(json_object_get(p, "votes")), 380, 0);
    CHECK(json_is_true(json_object_get(p, "selected")));
    CHECK_EQ_INT(json_integer_value(json_object_get(p, "order")), 8);
    CHECK_NEAR(json_real_value(json_object_get(v, "budget")), 1070000, 0);
    json_decref(v);
    /* a cached answer follows a number changed by another process (the store's data_version changes) */
    CHECK_EQ_INT(call(f.s, "GET", "/api/economies/1", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"multiplier\":2.25");
    {
        sqlite3 *db = NULL;
        REQUIRE(sqlite3_open(f.db, &db) == SQLITE_OK);
        CHECK(sqlite3_exec(db, "UPDATE run_values SET value = 7.5 WHERE run_id = 1 AND series = 'multiplier' AND idx = 1",
                           NULL, NULL, NULL) == SQLITE_OK);
        sqlite3_close(db);
    }
    for (int k = 0; k < 4; k++) { /* whichever connection answers */
        CHECK_EQ_INT(call(f.s, "GET", "/api/economies/1", NULL, NULL), 200);
        CHECK_CONTAINS(reply_body, "\"multiplier\":7.5");
    }
    CHECK_EQ_INT(call(f.s, "GET", "/api/runs/1?series=multiplier", NULL, NULL), 200);
    v = reply_json();
    CHECK_EQ_INT(json_array_size(json_object_get(v, "values")), 2);
    CHECK_EQ_INT(json_array_size(json_object_get(v, "files")), 1);
    CHECK_EQ_INT(json_integer_value(json_object_get(json_array_get(json_object_get(v, "files"), 0), "bytes")), 36);
    json_decref(v);
    CHECK_EQ_INT(call(f.s, "GET", "/api/audit?from=2&limit=3", NULL, NULL), 200);
    v = reply_json();
    CHECK_EQ_INT(json_array_size(v), 3);
    CHECK_EQ_INT(json_integer_value(json_object_get(json_array_get(v, 0), "seq")), 2);
    json_decref(v);
    CHECK_EQ_INT(call(f.s, "GET", "/api/councils", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"delegate\":\"bob\"");
    CHECK_CONTAINS(reply_body, "\"needed\":2");
    /* the wrong kind, a missing run, a bad query */
    CHECK_EQ_INT(call(f.s, "GET", "/api/plans/1", NULL, NULL), 404);
    CHECK_EQ_INT(call(f.s, "GET", "/api/runs/99", NULL, NULL), 404);
    CHECK_EQ_INT(call(f.s, "GET", "/api/runs/x1", NULL, NULL), 404);
    CHECK_EQ_INT(call(f.s, "GET", "/api/audit?limit=0", NULL, NULL), 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"limit\"");
    CHECK_EQ_INT(call(f.s, "GET", "/api/jobs/7", NULL, NULL), 404);
    CHECK_EQ_INT(call(f.s, "GET", "/api/elections/5", NULL, NULL), 404);
    teardown(&f);
}

TEST(refusals_and_errors)
{
    fixture f;
    char big[SRV_MAX_BODY + 64];
    int64_t n = 0;
    ogas_error err;
    REQUIRE(setup(&f, 0));
    /* 401: no token, an unknown one, a revoked one, not a bearer */
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/2/adopt", NULL, NULL), 401);
    CHECK_CONTAINS(reply_body, "\"error\":\"unauthorized\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/2/adopt", "00ff", NULL), 401);
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/2/adopt", f.revoked, NULL), 401);
    {
        srv_request rq = {"POST", "/api/plans/2/adopt", "Basic YWxhZGRpbjpvcGVu", NULL, NULL, 0, 0};
        srv_response rs;
        srv_handle(f.s, &rq, &rs);
        CHECK_EQ_INT(rs.status, 401);
        CHECK(rs.authenticate);
        srv_response_free(&rs);
    }
    /* 403: a member adopting, a delegate casting a ballot, a mandate without the action */
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/2/adopt", f.ann, NULL), 403);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections", f.dee,
                      "{\"name\":\"E\",\"budget\":10,\"rule\":\"greedy\",\"projects\":[{\"id\":\"a\",\"name\":\"A\",\"cost\":5}]}"),
                 201);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.dee, "{\"approvals\":[\"a\"]}"), 403);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/projects", f.bob, "{\"id\":\"b\",\"name\":\"B\",\"cost\":5}"), 403);
    CHECK_CONTAINS(reply_body, "does not include 'propose'");
    /* 403: a token for election 99 only; a recall in another council; a recall by a non-member */
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.only99, "{\"approvals\":[\"a\"]}"), 403);
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W2/recall", f.ann, "{\"delegate\":\"bob\"}"), 403);
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.stranger, "{\"delegate\":\"bob\"}"), 403);
    /* 400: malformed JSON, no body, missing field, wrong types, each naming the field */
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"a\""), 400);
    CHECK_CONTAINS(reply_body, "malformed JSON");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, NULL), 400);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "[1,2]"), 400);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{}"), 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"approvals\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"a\",7]}"), 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"approvals\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"zz\"]}"), 400);
    CHECK_CONTAINS(reply_body, "no project 'zz'");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"a\",\"a\"]}"), 400);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections", f.dee, "{\"name\":\"E\",\"budget\":\"10\",\"rule\":\"greedy\"}"), 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"budget\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections", f.dee, "{\"name\":\"E\",\"budget\":10,\"rule\":\"coin\"}"), 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"rule\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections", f.dee,
                      "{\"name\":\"E\",\"budget\":10,\"rule\":\"greedy\",\"projects\":[{\"id\":\"a\",\"name\":\"A\"}]}"),
                 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"projects[0].cost\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.ann, "{\"delegate\":3}"), 400);
    CHECK_CONTAINS(reply_body, "\"field\":\"delegate\"");
    /* 404, 405 */
    CHECK_EQ_INT(call(f.s, "GET", "/api/nothing", NULL, NULL), 404);
    CHECK_EQ_INT(call(f.s, "GET", "/api/runs/", NULL, NULL), 404);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/9/ballots", f.ann, "{\"approvals\":[\"a\"]}"), 404);
    CHECK_EQ_INT(call(f.s, "DELETE", "/api/runs/1", NULL, NULL), 405);
    CHECK_EQ_INT(call(f.s, "GET", "/api/plans/2/adopt", NULL, NULL), 405);
    CHECK_EQ_INT(call(f.s, "POST", "/index.html", NULL, NULL), 405);
    /* 409: a second ballot, deciding twice, adopting twice, an unknown delegate is 404 */
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/decide", f.dee, NULL), 409); /* no ballots yet */
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"a\"]}"), 201);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"a\"]}"), 409);
    CHECK_CONTAINS(reply_body, "\"error\":\"conflict\"");
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/decide", f.dee, NULL), 200);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/decide", f.dee, NULL), 409);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.bob, "{\"approvals\":[\"a\"]}"), 409);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/projects", f.ann, "{\"id\":\"c\",\"name\":\"C\",\"cost\":5}"), 409);
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/2/adopt", f.dee, NULL), 200);
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/2/adopt", f.dee, NULL), 409);
    CHECK_EQ_INT(call(f.s, "POST", "/api/plans/1/adopt", f.dee, NULL), 404);
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.ann, "{\"delegate\":\"nobody\"}"), 404);
    /* 413: a body over 1 MiB, whatever it holds */
    memset(big, ' ', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[0] = '{';
    big[sizeof big - 2] = '}';
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections", f.dee, big), 413);
    {
        srv_request rq = {"POST", "/api/elections", NULL, NULL, "{}", 2, 1};
        srv_response rs;
        srv_handle(f.s, &rq, &rs);
        CHECK_EQ_INT(rs.status, 413);
        srv_response_free(&rs);
    }
    /* malformed paths */
    CHECK_EQ_INT(call(f.s, "GET", "/api/runs/%zz", NULL, NULL), 400);
    CHECK_EQ_INT(call(f.s, "GET", "/api/runs/%00", NULL, NULL), 400);
    CHECK_EQ_INT(call(f.s, "GET", "api/runs", NULL, NULL), 400);
    /* every refusal was recorded, with the holder when known */
    {
        ogas_store *st = f.s->conns[0].st;
        CHECK(ogas_civic_refusal_count(st, &n, &err) == OGAS_OK);
        CHECK_EQ_INT(n, 10);
    }
    teardown(&f);
}

/* Two casts of one ballot at once. */
typedef struct cast_arg {
    srv *s;
    const char *token;
    char voter[16];
    int status;
    int many;          /* cast for many voters, each its own token (tokens[]) */
    char (*tokens)[65];
    int ok;
} cast_arg;

/* Casts the ballot (or many ballots) of arg. */
static void *cast(void *arg)
{
    cast_arg *a = arg;
    srv_request rq;
    srv_response rs;
    char auth[128];
    static const char body[] = "{\"approvals\":[\"a\"]}";
    for (int k = 0; k < (a->many ? a->many : 1); k++) {
        snprintf(auth, sizeof auth, "Bearer %s", a->many ? a->tokens[k] : a->token);
        memset(&rq, 0, sizeof rq);
        rq.method = "POST";
        rq.target = "/api/elections/1/ballots";
        rq.authorization = auth;
        rq.body = body;
        rq.len = sizeof body - 1;
        srv_handle(a->s, &rq, &rs);
        a->status = rs.status;
        a->ok += rs.status == 201;
        srv_response_free(&rs);
    }
    return NULL;
}

TEST(concurrent_ballots_are_neither_lost_nor_doubled)
{
    fixture f;
    pthread_t t[2];
    cast_arg a[2];
    static char tokens[2][20][65];
    json_t *v;
    REQUIRE(setup(&f, 0));
    REQUIRE(call(f.s, "POST", "/api/elections", f.dee,
                 "{\"name\":\"E\",\"budget\":10,\"rule\":\"greedy\",\"projects\":[{\"id\":\"a\",\"name\":\"A\",\"cost\":5}]}") ==
            201);
    for (int round = 0; round < 5; round++) {
        /* ann's token, then bob's, ... cast twice at once: one 201 and one 409 */
        const char *tok = round == 0 ? f.ann : round == 1 ? f.bob : round == 2 ? f.carl : NULL;
        if (!tok) break;
        for (int k = 0; k < 2; k++) {
            memset(&a[k], 0, sizeof a[k]);
            a[k].s = f.s;
            a[k].token = tok;
            pthread_create(&t[k], NULL, cast, &a[k]);
        }
        for (int k = 0; k < 2; k++) pthread_join(t[k], NULL);
        CHECK_EQ_INT(a[0].ok + a[1].ok, 1);
        CHECK((a[0].status == 409) != (a[1].status == 409));
    }
    /* 40 voters in two threads: every ballot kept */
    {
        ogas_store *st = f.s->conns[0].st;
        for (int k = 0; k < 2; k++)
            for (int q = 0; q < 20; q++) {
                char holder[32];
                snprintf(holder, sizeof holder, "v%d_%d", k, q);
                issue(st, holder, "member", "", OGAS_MAY_BALLOT, 0, tokens[k][q]);
            }
    }
    for (int k = 0; k < 2; k++) {
        memset(&a[k], 0, sizeof a[k]);
        a[k].s = f.s;
        a[k].many = 20;
        a[k].tokens = tokens[k];
        pthread_create(&t[k], NULL, cast, &a[k]);
    }
    for (int k = 0; k < 2; k++) pthread_join(t[k], NULL);
    CHECK_EQ_INT(a[0].ok + a[1].ok, 40);
    CHECK_EQ_INT(call(f.s, "GET", "/api/elections/1", NULL, NULL), 200);
    v = reply_json();
    CHECK_EQ_INT(json_integer_value(json_object_get(v, "ballots")), 43);
    json_decref(v);
    CHECK_EQ_INT(call(f.s, "GET", "/api/verify", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"ok\":true");
    teardown(&f);
}

/* Whether the n bytes at p contain the text s. */
static int contains(const unsigned char *p, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (size_t k = 0; k + m <= n; k++)
        if (memcmp(p + k, s, m) == 0) return 1;
    return 0;
}

/* Whether the file at path contains the text s. */
static int file_contains(const char *path, const char *s)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *buf;
    long n;
    int found;
    if (!fp) return 0;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    found = buf && fread(buf, 1, (size_t)n, fp) == (size_t)n && contains(buf, (size_t)n, s);
    free(buf);
    fclose(fp);
    return found;
}

TEST(tokens_are_stored_only_as_hashes)
{
    fixture f;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char sha[65], path[200];
    int rows = 0;
    REQUIRE(setup(&f, 0));
    CHECK_EQ_INT(strlen(f.ann), 64);
    REQUIRE(sqlite3_open_v2(f.db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT * FROM tokens", -1, &st, NULL) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *t = (const char *)sqlite3_column_text(st, c);
            CHECK(!t || (!strstr(t, f.ann) && !strstr(t, f.dee) && !strstr(t, f.bob)));
        }
    }
    sqlite3_finalize(st);
    CHECK_EQ_INT(rows, 7);
    ogas_sha256_hex(f.ann, 64, sha);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM tokens WHERE sha256 = ?", -1, &st, NULL) == SQLITE_OK);
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* nowhere in the database files either */
    CHECK(!file_contains(f.db, f.ann));
    snprintf(path, sizeof path, "%s-wal", f.db);
    CHECK(!file_contains(path, f.ann));
    CHECK(file_contains(f.db, sha) || file_contains(path, sha));
    teardown(&f);
}

/* Appends a verification problem to the text ud. */
static void keep_problem(const char *message, void *ud)
{
    char *buf = ud;
    size_t len = strlen(buf);
    snprintf(buf + len, 8192 - len, "%s\n", message);
}

TEST(decided_election_is_recomputed_by_verify)
{
    static char problems[8192];
    fixture f;
    ogas_verify_report rep;
    ogas_error err;
    ogas_store *st = NULL;
    json_t *v;
    REQUIRE(setup(&f, 0));
    REQUIRE(call(f.s, "POST", "/api/elections", f.dee,
                 "{\"name\":\"Parks\",\"budget\":100,\"rule\":\"equalshares/add1\",\"projects\":[{\"id\":\"p1\",\"name\":"
                 "\"Park\",\"cost\":60},{\"id\":\"p2\",\"name\":\"Pool\",\"cost\":50},{\"id\":\"p3\",\"name\":\"Tram\","
                 "\"cost\":40}]}") == 201);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.ann, "{\"approvals\":[\"p1\",\"p3\"]}"), 201);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.bob, "{\"approvals\":[\"p2\"]}"), 201);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/ballots", f.carl, "{\"approvals\":[\"p3\",\"p2\"]}"), 201);
    CHECK_EQ_INT(call(f.s, "POST", "/api/elections/1/decide", f.dee, NULL), 200);
    v = reply_json();
    CHECK_EQ_INT(json_integer_value(json_object_get(v, "budget_run")), 5);
    CHECK(json_array_size(json_object_get(v, "selected")) >= 1);
    json_decref(v);
    CHECK_EQ_INT(call(f.s, "GET", "/api/budgets/5", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"rule\":\"equalshares/add1\"");
    CHECK_CONTAINS(reply_body, "\"name\":\"Tram\"");
    CHECK_EQ_INT(call(f.s, "GET", "/api/audit?from=1&limit=1000", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"action\":\"ballot cast\"");
    CHECK_CONTAINS(reply_body, "\"action\":\"election decided\"");
    /* the full verification recomputes the decided budget from the stored .pb file (the fixture's made-up
     * balance, plan and simulation do not recompute: only budgets are looked at) */
    REQUIRE(ogas_store_open(f.db, 0, &st, &err) == OGAS_OK);
    problems[0] = '\0';
    CHECK(ogas_store_verify(st, ogas_store_recompute, ogas_store_tolerance, f.dir, keep_problem, problems, &rep, &err) ==
          OGAS_OK);
    CHECK(!strstr(problems, "budget "));
    CHECK_EQ_INT(rep.recomputed, 2); /* budgets 3 and 5 */
    ogas_store_close(st);
    /* and so does the job */
    CHECK_EQ_INT(call(f.s, "POST", "/api/jobs/verify", NULL, NULL), 202);
    for (int k = 0; k < 200; k++) {
        call(f.s, "GET", "/api/jobs/1", NULL, NULL);
        if (strstr(reply_body, "\"status\":\"done\"")) break;
        usleep(20000);
    }
    CHECK_CONTAINS(reply_body, "\"status\":\"done\"");
    CHECK_CONTAINS(reply_body, "\"recomputed\":2");
    CHECK(!strstr(reply_body, "budget "));
    teardown(&f);
}

TEST(recall_is_executed_when_enough_sign)
{
    fixture f;
    ogas_council_registry *r = NULL;
    ogas_council_seat seat;
    ogas_error err;
    REQUIRE(setup(&f, 0));
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.ann, "{\"delegate\":\"bob\"}"), 200);
    CHECK_CONTAINS(reply_body, "\"signatures\":1,\"needed\":2,\"recalled\":false");
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.ann, "{\"delegate\":\"bob\"}"), 409);
    CHECK_EQ_INT(call(f.s, "GET", "/api/councils", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"signatures\":1");
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.carl, "{\"delegate\":\"bob\"}"), 200);
    CHECK_CONTAINS(reply_body, "\"signatures\":2,\"needed\":2,\"recalled\":true");
    /* the registry file says so */
    REQUIRE(ogas_council_registry_load(f.reg, &r, &err) == OGAS_OK);
    CHECK(ogas_council_seat_get(r, ogas_council_find(r, "W1"), 0, &seat) == OGAS_OK);
    CHECK_EQ_INT(seat.holder, -1);
    ogas_council_registry_destroy(r);
    CHECK_EQ_INT(call(f.s, "GET", "/api/audit?limit=1000", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "\"action\":\"delegate recalled\"");
    /* bob holds no seat now */
    CHECK_EQ_INT(call(f.s, "POST", "/api/councils/W1/recall", f.ann, "{\"delegate\":\"bob\"}"), 404);
    teardown(&f);
}

TEST(rate_limit_answers_429)
{
    fixture f;
    srv_request rq;
    srv_response rs;
    int n429 = 0, retry = 0;
    REQUIRE(setup(&f, 1)); /* one request a second, two at once */
    for (int k = 0; k < 4; k++) {
        memset(&rq, 0, sizeof rq);
        rq.method = "GET";
        rq.target = "/api/health";
        rq.client = "192.0.2.7";
        srv_handle(f.s, &rq, &rs);
        if (rs.status == 429) {
            n429++;
            retry = rs.retry_after;
        }
        srv_response_free(&rs);
    }
    CHECK_EQ_INT(n429, 2);
    CHECK(retry >= 1);
    /* another client is not limited by the first */
    CHECK_EQ_INT(call_from(f.s, "192.0.2.8", "GET", "/api/health", NULL, NULL), 200);
    teardown(&f);
}

TEST(openapi_describes_every_route)
{
    fixture f;
    json_t *doc, *paths;
    REQUIRE(setup(&f, 0));
    CHECK_EQ_INT(call(f.s, "GET", "/api/openapi.json", NULL, NULL), 200);
    doc = json_loads(f.s->openapi, 0, NULL);
    REQUIRE(doc);
    CHECK_STR(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    paths = json_object_get(doc, "paths");
    for (int r = 0; r < srv_route_count(); r++) {
        const char *m, *p;
        int t;
        char lower[8] = "";
        json_t *op;
        srv_route_get(r, &m, &p, &t);
        for (int q = 0; m[q] && q < 7; q++) lower[q] = (char)(m[q] | 0x20);
        op = json_object_get(json_object_get(paths, p), lower);
        if (!op) test_fail(__FILE__, __LINE__, "%s %s is not in the document", m, p);
        else if (t && !json_object_get(op, "security")) test_fail(__FILE__, __LINE__, "%s %s: no security", m, p);
    }
    json_decref(doc);
    teardown(&f);
}

TEST(static_files_stay_in_their_folder)
{
    fixture f;
    char web[200], path[260];
    FILE *fp;
    srv_options o;
    srv *s = NULL;
    ogas_error err;
    REQUIRE(setup(&f, 0));
    CHECK_EQ_INT(call(f.s, "GET", "/", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "api/openapi.json"); /* the dashboard (web/) or the built-in page */
    snprintf(web, sizeof web, "%s/web", f.dir);
    mkdir(web, 0700);
    snprintf(path, sizeof path, "%s/index.html", web);
    if ((fp = fopen(path, "w"))) {
        fputs("<html>dashboard</html>", fp);
        fclose(fp);
    }
    snprintf(path, sizeof path, "%s/app.js", web);
    if ((fp = fopen(path, "w"))) {
        fputs("let x = 1;", fp);
        fclose(fp);
    }
    memset(&o, 0, sizeof o);
    o.db = f.db;
    o.web = web;
    o.quiet = 1;
    REQUIRE(srv_create(&o, &s, &err) == OGAS_OK);
    {
        srv_request rq = {"GET", "/app.js", NULL, NULL, NULL, 0, 0};
        srv_response rs;
        srv_handle(s, &rq, &rs);
        CHECK_EQ_INT(rs.status, 200);
        CHECK_STR(rs.content_type, "text/javascript; charset=utf-8");
        srv_response_free(&rs);
    }
    CHECK_EQ_INT(call(s, "GET", "/", NULL, NULL), 200);
    CHECK_CONTAINS(reply_body, "dashboard");
    CHECK_EQ_INT(call(s, "GET", "/plans/3", NULL, NULL), 200); /* the dashboard's own route */
    CHECK_CONTAINS(reply_body, "dashboard");
    CHECK_EQ_INT(call(s, "GET", "/../db.sqlite", NULL, NULL), 404);
    CHECK_EQ_INT(call(s, "GET", "/%2e%2e/db.sqlite", NULL, NULL), 404);
    CHECK_EQ_INT(call(s, "GET", "/a/../../db.sqlite", NULL, NULL), 404);
    CHECK_EQ_INT(call(s, "GET", "/missing.css", NULL, NULL), 404);
    srv_destroy(s);
    teardown(&f);
}
