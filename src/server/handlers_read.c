/* handlers_read.c: the public read endpoints: health, the OpenAPI document, runs (and economies, plans,
 * budgets, simulations arranged for a dashboard), the audit log, a quick verification, elections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/pb.h"
#include "srv_internal.h"

/* GET /api/health: the store answers. */
void srv_h_health(srv_ctx *c)
{
    ogas_error err;
    int64_t seq = 0;
    if (ogas_civic_audit_last(c->st, &seq, &err)) {
        srv__fail(c, &err, 0);
        return;
    }
    srv__json(c, 200, json_pack("{s:b,s:i,s:I}", "ok", 1, "schema", ogas_store_schema(c->st), "audit_seq", (json_int_t)seq));
}

/* GET /api/openapi.json: the document made from the route table at start. */
void srv_h_openapi(srv_ctx *c)
{
    if (!(c->rs->body = malloc(c->s->openapi_len + 1))) {
        srv__error(c, 500, "out_of_memory", NULL, "out of memory");
        return;
    }
    memcpy(c->rs->body, c->s->openapi, c->s->openapi_len + 1);
    c->rs->len = c->s->openapi_len;
    c->rs->status = 200;
    c->rs->content_type = "application/json";
}

/* The JSON object of a listed run. */
static json_t *run_object(const ogas_civic_run *r)
{
    return json_pack("{s:I,s:s,s:o,s:s,s:o,s:I,s:b}", "id", (json_int_t)r->id, "kind", ogas_run_kind_name(r->kind),
                     "name", srv_str(r->name), "created", r->created, "actor", srv_str(r->actor), "audit_seq",
                     (json_int_t)r->audit_seq, "adopted", r->adopted);
}

/* Appends run r to the array ud. */
static int add_run(const ogas_civic_run *r, void *ud)
{
    json_t *o = run_object(r);
    if (o) json_array_append_new(ud, o);
    return 0;
}

/* Answers the runs of kind k (every kind when k < 0). */
static void list_runs(srv_ctx *c, int k)
{
    json_t *a = srv_arr();
    ogas_error err;
    if (ogas_civic_runs(c->st, k, 0, add_run, a, &err)) {
        json_decref(a);
        srv__fail(c, &err, 0);
        return;
    }
    srv__json(c, 200, a);
}

/* GET /api/runs: every run. */
void srv_h_runs(srv_ctx *c)
{
    list_runs(c, -1);
}

/* GET /api/economies: the balances. */
void srv_h_economies(srv_ctx *c)
{
    list_runs(c, OGAS_RUN_BALANCE);
}

/* GET /api/plans: the plans. */
void srv_h_plans(srv_ctx *c)
{
    list_runs(c, OGAS_RUN_PLAN);
}

/* GET /api/budgets: the budgets. */
void srv_h_budgets(srv_ctx *c)
{
    list_runs(c, OGAS_RUN_BUDGET);
}

/* GET /api/simulations: the simulations. */
void srv_h_simulations(srv_ctx *c)
{
    list_runs(c, OGAS_RUN_SIMULATION);
}

/* A run's description as a handler keeps it. */
typedef struct run_head {
    json_t *obj;       /* the run's object */
    ogas_run_kind kind;
    char args[1024];
} run_head;

/* Fills the run_head ud from r. */
static int keep_run(const ogas_civic_run *r, void *ud)
{
    run_head *h = ud;
    h->obj = run_object(r);
    h->kind = r->kind;
    snprintf(h->args, sizeof h->args, "%s", r->args);
    if (h->obj) {
        json_object_set_new(h->obj, "args", srv_str(r->args));
        if (r->adopted) json_object_set_new(h->obj, "adopted_by", srv_str(r->adopted_by));
    }
    return 1;
}

/* h := the run in the path (its kind must be want, or any when want < 0); answers 404 and returns 0 when
 * there is none. */
static int load_head(srv_ctx *c, int want, const char *what, run_head *h, int64_t *id)
{
    ogas_error err;
    ogas_status rc;
    memset(h, 0, sizeof *h);
    if (!srv__param_id(c, 0, what, id)) return 0;
    if ((rc = ogas_civic_runs(c->st, -1, *id, keep_run, h, &err))) {
        srv__fail(c, &err, 0);
        return 0;
    }
    if (!h->obj) {
        srv__error(c, 500, "out_of_memory", NULL, "out of memory");
        return 0;
    }
    if (want >= 0 && (int)h->kind != want) {
        srv__error(c, 404, "not_found", NULL, "run %lld is a %s, not a%s %s", (long long)*id, ogas_run_kind_name(h->kind),
                   what[0] == 'e' ? "n" : "", what);
        json_decref(h->obj);
        h->obj = NULL;
        return 0;
    }
    return 1;
}

/* Appends a file's object to the array ud. */
static int add_file(const char *role, const char *name, const char *sha256, int64_t size, void *ud)
{
    json_array_append_new(ud, json_pack("{s:o,s:o,s:s,s:I}", "role", srv_str(role), "name", srv_str(name), "sha256",
                                        sha256, "bytes", (json_int_t)size));
    return 0;
}

/* Appends a value's object to the array ud. */
static int add_value(const char *series, int64_t idx, const char *label, double value, void *ud)
{
    json_t *o = json_pack("{s:o,s:I,s:o}", "series", srv_str(series), "idx", (json_int_t)idx, "label", srv_str(label));
    if (o) {
        json_object_set_new(o, "value", srv__number(value));
        json_array_append_new(ud, o);
    }
    return 0;
}

/* GET /api/runs/{id}[?series=NAME]. */
void srv_h_run(srv_ctx *c)
{
    run_head h;
    int64_t id;
    json_t *files = srv_arr(), *values = srv_arr();
    ogas_error err;
    char series[128];
    const char *only = srv__query(c, "series", series, sizeof series);
    if (!load_head(c, -1, "run", &h, &id)) goto done;
    if (ogas_civic_run_files(c->st, id, add_file, files, &err) ||
        ogas_civic_run_values(c->st, id, only, add_value, values, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    json_object_set(h.obj, "files", files);
    json_object_set(h.obj, "values", values);
    srv__json(c, 200, h.obj);
    h.obj = NULL;
done:
    json_decref(h.obj);
    json_decref(files);
    json_decref(values);
}

/* Sets products[idx][series] (and its code from the label); ud: the products array. */
static int put_product(const char *series, int64_t idx, const char *label, double value, void *ud)
{
    json_t *a = ud, *o;
    if (idx < 0 || idx > 100000000) return 0;
    while ((int64_t)json_array_size(a) <= idx) json_array_append_new(a, srv_obj());
    o = json_array_get(a, (size_t)idx);
    if (!json_object_get(o, "code")) json_object_set_new(o, "code", srv_str(label));
    json_object_set_new(o, series, srv__number(value));
    return 0;
}

/* GET /api/economies/{id}: per product, code, output, multiplier and labour value. */
void srv_h_economy(srv_ctx *c)
{
    run_head h;
    int64_t id;
    json_t *products = srv_arr();
    ogas_error err;
    if (!load_head(c, OGAS_RUN_BALANCE, "economy", &h, &id)) goto done;
    if (ogas_civic_run_values(c->st, id, NULL, put_product, products, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    json_object_set(h.obj, "products", products);
    srv__json(c, 200, h.obj);
    h.obj = NULL;
done:
    json_decref(h.obj);
    json_decref(products);
}

/* A plan's numbers gathered in one pass: per-year series into years, per-product series as flat arrays. */
typedef struct plan_acc {
    json_t *years;        /* [{year, phi, labour_used, labour_price}] */
    double objective;
    json_t *flat[4];      /* gross, net, invest, price: numbers by idx */
    json_t *codes;        /* product codes from the year-1 gross labels */
} plan_acc;

static const char *const plan_series[4] = {"gross", "net", "invest", "price"};

/* Adds one stored number of a plan to the accumulator ud. */
static int put_plan(const char *series, int64_t idx, const char *label, double value, void *ud)
{
    plan_acc *p = ud;
    if (strcmp(series, "objective") == 0) {
        p->objective = value;
        return 0;
    }
    if (!strcmp(series, "phi") || !strcmp(series, "labour_used") || !strcmp(series, "labour_price")) {
        if (idx < 0 || idx > 10000) return 0;
        while ((int64_t)json_array_size(p->years) <= idx)
            json_array_append_new(p->years, json_pack("{s:I}", "year", (json_int_t)json_array_size(p->years) + 1));
        json_object_set_new(json_array_get(p->years, (size_t)idx), series, srv__number(value));
        return 0;
    }
    for (int k = 0; k < 4; k++)
        if (strcmp(series, plan_series[k]) == 0) {
            if ((int64_t)json_array_size(p->flat[k]) != idx) return 0; /* indices are dense from 0 */
            json_array_append_new(p->flat[k], srv__number(value));
            if (k == 0 && strncmp(label, "year 1 ", 7) == 0) json_array_append_new(p->codes, srv_str(label + 7));
        }
    return 0;
}

/* GET /api/plans/{id}: per year phi and labour; per product and year gross, net, investment and price. */
void srv_h_plan(srv_ctx *c)
{
    run_head h;
    int64_t id;
    plan_acc p;
    json_t *products = srv_arr();
    ogas_error err;
    size_t T, n;
    memset(&p, 0, sizeof p);
    p.years = srv_arr();
    p.codes = srv_arr();
    for (int k = 0; k < 4; k++) p.flat[k] = srv_arr();
    if (!load_head(c, OGAS_RUN_PLAN, "plan", &h, &id)) goto done;
    if (ogas_civic_run_values(c->st, id, NULL, put_plan, &p, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    T = json_array_size(p.years);
    n = json_array_size(p.codes);
    for (size_t i = 0; i < n && T; i++) {
        json_t *o = json_pack("{s:O}", "code", json_array_get(p.codes, i));
        for (int k = 0; k < 4; k++) {
            json_t *a = srv_arr();
            if (json_array_size(p.flat[k]) != T * n) {
                json_decref(a);
                continue;
            }
            for (size_t y = 0; y < T; y++) json_array_append(a, json_array_get(p.flat[k], y * n + i));
            json_object_set_new(o, plan_series[k], a);
        }
        json_array_append_new(products, o);
    }
    json_object_set_new(h.obj, "objective", srv__number(p.objective));
    json_object_set(h.obj, "years", p.years);
    json_object_set(h.obj, "products", products);
    srv__json(c, 200, h.obj);
    h.obj = NULL;
done:
    json_decref(h.obj);
    json_decref(products);
    json_decref(p.years);
    json_decref(p.codes);
    for (int k = 0; k < 4; k++) json_decref(p.flat[k]);
}

/* A budget's numbers gathered: projects by index, the selected ones in order. */
typedef struct budget_acc {
    json_t *projects; /* [{id, votes, score}] */
    json_t *order;    /* project ids in order of selection */
    double cost, budget;
} budget_acc;

/* Adds one stored number of a budget to ud. */
static int put_budget(const char *series, int64_t idx, const char *label, double value, void *ud)
{
    budget_acc *b = ud;
    if (strcmp(series, "cost") == 0) b->cost = value;
    else if (strcmp(series, "budget") == 0) b->budget = value;
    else if (strcmp(series, "selected") == 0) json_array_append_new(b->order, srv_str(label));
    else if ((strcmp(series, "votes") == 0 || strcmp(series, "score") == 0) && idx >= 0 && idx < 10000000) {
        json_t *o;
        while ((int64_t)json_array_size(b->projects) <= idx) json_array_append_new(b->projects, srv_obj());
        o = json_array_get(b->projects, (size_t)idx);
        if (!json_object_get(o, "id")) json_object_set_new(o, "id", srv_str(label));
        json_object_set_new(o, series, srv__number(value));
    }
    return 0;
}

/* Sets each project's cost and name from the stored election file of run id (left out when it does not
 * read: ogas verify names why). Only the META and PROJECTS sections are parsed. */
static void budget_costs(srv_ctx *c, int64_t id, json_t *projects)
{
    unsigned char *bytes = NULL;
    int64_t size = 0;
    size_t len = 0;
    char *text = NULL, *votes;
    ogas_pb pb;
    ogas_error err;
    static const char no_votes[] = "VOTES\nvoter_id;vote\n";
    memset(&pb, 0, sizeof pb);
    if (ogas_civic_run_file(c->st, id, "table", &bytes, &size, &err)) return;
    /* the ballots are not needed here: cut them off (and META num_votes, which would count them), the rest
     * parses alone */
    votes = strstr((char *)bytes, "\nVOTES");
    if (votes) size = votes + 1 - (char *)bytes;
    if (!(text = malloc((size_t)size + sizeof no_votes))) goto done;
    for (char *line = (char *)bytes, *end = (char *)bytes + size; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t ll = nl ? (size_t)(nl + 1 - line) : (size_t)(end - line);
        if (strncmp(line, "num_votes;", 10) != 0) {
            memcpy(text + len, line, ll);
            len += ll;
        }
        line += ll;
    }
    memcpy(text + len, no_votes, sizeof no_votes);
    if (ogas_pb_parse("budget", text, len + sizeof no_votes - 1, &pb, &err)) goto done;
    for (int64_t j = 0; j < pb.nprojects; j++) {
        json_t *o = json_array_get(projects, (size_t)j);
        int64_t col = -1;
        if (!o) break;
        json_object_set_new(o, "cost", json_integer(pb.cost[j]));
        for (int64_t q = 0; q < pb.projects.ncols; q++)
            if (strcmp(pb.projects.header[q], "name") == 0) col = q;
        if (col >= 0) json_object_set_new(o, "name", srv_str(pb.projects.cell[j * pb.projects.ncols + col]));
    }
done:
    ogas_pb_free(&pb);
    free(text);
    ogas_free(bytes);
}

/* GET /api/budgets/{id}: each project's cost, votes, score, whether selected and in which order. */
void srv_h_budget(srv_ctx *c)
{
    run_head h;
    int64_t id;
    budget_acc b;
    ogas_error err;
    char rule[64];
    memset(&b, 0, sizeof b);
    b.projects = srv_arr();
    b.order = srv_arr();
    if (!load_head(c, OGAS_RUN_BUDGET, "budget", &h, &id)) goto done;
    if (ogas_civic_run_values(c->st, id, NULL, put_budget, &b, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    budget_costs(c, id, b.projects);
    for (size_t j = 0; j < json_array_size(b.projects); j++) {
        json_t *o = json_array_get(b.projects, j), *order = json_null();
        const char *pid = json_string_value(json_object_get(o, "id"));
        for (size_t k = 0; pid && k < json_array_size(b.order); k++)
            if (strcmp(pid, json_string_value(json_array_get(b.order, k))) == 0) {
                json_decref(order);
                order = json_integer((json_int_t)k + 1);
                break;
            }
        json_object_set_new(o, "selected", json_boolean(!json_is_null(order)));
        json_object_set_new(o, "order", order);
    }
    json_object_set_new(h.obj, "rule", srv_str(ogas_store_arg(h.args, "rule", rule, sizeof rule) ? rule : "meta"));
    json_object_set_new(h.obj, "budget", srv__number(b.budget));
    json_object_set_new(h.obj, "cost", srv__number(b.cost));
    json_object_set(h.obj, "selected", b.order);
    json_object_set(h.obj, "projects", b.projects);
    srv__json(c, 200, h.obj);
    h.obj = NULL;
done:
    json_decref(h.obj);
    json_decref(b.projects);
    json_decref(b.order);
}

/* The audit walk's state: records left to give, the array. */
typedef struct audit_acc {
    int64_t left;
    json_t *a;
} audit_acc;

/* Appends one audit record to ud's array; stops when the limit is reached. */
static int add_record(const ogas_audit_record *r, void *ud)
{
    audit_acc *acc = ud;
    json_array_append_new(acc->a, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:s,s:s,s:s,s:s}", "seq", (json_int_t)r->seq,
                                            "time", srv_str(r->time), "actor", srv_str(r->actor), "action",
                                            srv_str(r->action), "subject", srv_str(r->subject), "detail",
                                            srv_str(r->detail), "inputs_hash", r->inputs_hash,
                                            "results_hash", r->results_hash, "prev_hash", r->prev_hash, "hash", r->hash));
    return --acc->left <= 0;
}

/* GET /api/audit?from=N&limit=M. */
void srv_h_audit(srv_ctx *c)
{
    audit_acc acc;
    int64_t from, limit;
    ogas_error err;
    if (!srv__query_int(c, "from", 1, 1, INT64_MAX / 2, &from) || !srv__query_int(c, "limit", 100, 1, 1000, &limit))
        return;
    acc.left = limit;
    acc.a = srv_arr();
    if (ogas_store_audit(c->st, from, add_record, &acc, &err)) {
        json_decref(acc.a);
        srv__fail(c, &err, 0);
        return;
    }
    srv__json(c, 200, acc.a);
}

/* Appends a verification problem to the array ud (at most 1000). */
static void add_problem(const char *message, void *ud)
{
    if (json_array_size(ud) < 1000) json_array_append_new(ud, srv_str(message));
}

/* GET /api/verify: the chain and every run against its record, without recomputing. */
void srv_h_verify(srv_ctx *c)
{
    json_t *problems = srv_arr(), *o;
    ogas_verify_report rep;
    ogas_error err;
    double t0 = srv__now();
    if (ogas_store_verify(c->st, NULL, NULL, NULL, add_problem, problems, &rep, &err)) {
        json_decref(problems);
        srv__fail(c, &err, 0);
        return;
    }
    o = json_pack("{s:b,s:I,s:I,s:I,s:I,s:o,s:f}", "ok", rep.problems == 0, "records", (json_int_t)rep.records, "runs",
                  (json_int_t)rep.runs, "recomputed", (json_int_t)rep.recomputed, "problem_count",
                  (json_int_t)rep.problems, "problems", problems, "seconds", srv__now() - t0);
    if (o) json_object_set_new(o, "first_broken_record", rep.first_broken ? json_integer(rep.first_broken) : json_null());
    srv__json(c, 200, o);
}

/* The JSON object of a listed election. */
static json_t *election_object(const ogas_civic_election *e)
{
    json_t *o = json_pack("{s:I,s:o,s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "id", (json_int_t)e->id, "name", srv_str(e->name), "budget",
                          (json_int_t)e->budget, "rule", e->rule, "status", e->status, "opened", e->opened, "opened_by",
                          e->opened_by, "projects", (json_int_t)e->projects, "ballots", (json_int_t)e->ballots,
                          "audit_seq", (json_int_t)e->audit_seq);
    if (o) json_object_set_new(o, "budget_run", e->budget_run ? json_integer(e->budget_run) : json_null());
    return o;
}

/* Appends an election to the array ud. */
static int add_election(const ogas_civic_election *e, void *ud)
{
    json_t *o = election_object(e);
    if (o) json_array_append_new(ud, o);
    return 0;
}

/* GET /api/elections. */
void srv_h_elections(srv_ctx *c)
{
    json_t *a = srv_arr();
    ogas_error err;
    if (ogas_civic_elections(c->st, 0, add_election, a, &err)) {
        json_decref(a);
        srv__fail(c, &err, 0);
        return;
    }
    srv__json(c, 200, a);
}

/* Appends a project to the array ud. */
static int add_project(const ogas_civic_project *p, const char *by, void *ud)
{
    json_array_append_new(ud, json_pack("{s:s,s:o,s:I,s:s}", "id", p->id, "name", srv_str(p->name), "cost", (json_int_t)p->cost,
                                        "proposed_by", by));
    return 0;
}

/* Keeps the election's object in ud. */
static int keep_election(const ogas_civic_election *e, void *ud)
{
    *(json_t **)ud = election_object(e);
    return 1;
}

/* GET /api/elections/{id}: the election with its projects. */
void srv_h_election(srv_ctx *c)
{
    json_t *o = NULL, *projects = srv_arr();
    int64_t id;
    ogas_error err;
    if (!srv__param_id(c, 0, "election", &id)) goto done;
    if (ogas_civic_elections(c->st, id, keep_election, &o, &err) ||
        ogas_civic_election_projects(c->st, id, add_project, projects, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    json_object_set(o, "projects", projects);
    srv__json(c, 200, o);
    o = NULL;
done:
    json_decref(o);
    json_decref(projects);
}
