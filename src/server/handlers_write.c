/* handlers_write.c: the write endpoints of plans and elections (each needs a token; srv_handle has
 * checked it and the mandate before these run): adopt a plan, open an election, propose a project, cast a
 * ballot, decide. Each write is one transaction with its audit record (ogas/civic.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv_internal.h"

/* Answers a failed write: 400 naming field for bad arguments, 409 for a refusal by the state, else the
 * code's status. */
static void write_failed(srv_ctx *c, const ogas_error *err, const char *field)
{
    if (err->code == OGAS_EARG || err->code == OGAS_EINVAL) {
        srv__error(c, 400, ogas_status_name(err->code), field, "%s", err->message);
        return;
    }
    srv__fail(c, err, 1);
}

/* Reads the kind and adoption of run id: ud is int[2] := {kind, adopted}, kind -1 when missing. */
static int run_state(const ogas_civic_run *r, void *ud)
{
    int *st = ud;
    st[0] = (int)r->kind;
    st[1] = r->adopted;
    return 1;
}

/* POST /api/plans/{id}/adopt. */
void srv_h_adopt(srv_ctx *c)
{
    int64_t id, seq = 0;
    int st[2] = {-1, 0};
    ogas_error err;
    if (!srv__param_id(c, 0, "plan", &id)) return;
    ogas_error_clear(&err);
    if (ogas_civic_runs(c->st, -1, id, run_state, st, &err)) {
        srv__fail(c, &err, 0);
        return;
    }
    if (st[0] != OGAS_RUN_PLAN) {
        srv__error(c, 404, "not_found", NULL, "run %lld is a %s, not a plan", (long long)id,
                   ogas_run_kind_name((ogas_run_kind)st[0]));
        return;
    }
    if (st[1]) {
        srv__error(c, 409, "conflict", NULL, "plan %lld is adopted already", (long long)id);
        return;
    }
    if (ogas_store_adopt(c->st, id, c->tok.holder, &seq, &err)) {
        if (err.code == OGAS_EINVAL) srv__error(c, 409, "conflict", NULL, "%s", err.message);
        else srv__fail(c, &err, 0);
        return;
    }
    srv__json(c, 200, json_pack("{s:I,s:s,s:I}", "plan", (json_int_t)id, "adopted_by", c->tok.holder, "audit_seq",
                                (json_int_t)seq));
}

/* p := the project object o (its fields named prefix.id, ...); answers 400 and returns 0 when malformed. */
static int read_project(srv_ctx *c, json_t *o, const char *prefix, ogas_civic_project *p)
{
    char field[64];
    json_t *id = json_object_get(o, "id"), *name = json_object_get(o, "name");
    if (!json_is_object(o)) {
        srv__error(c, 400, "invalid_argument", prefix, "%s must be an object {id, name, cost}", prefix);
        return 0;
    }
    if (!json_is_string(id)) {
        snprintf(field, sizeof field, "%s.id", prefix);
        srv__error(c, 400, "invalid_argument", field, "%s must be a string", field);
        return 0;
    }
    if (!json_is_string(name)) {
        snprintf(field, sizeof field, "%s.name", prefix);
        srv__error(c, 400, "invalid_argument", field, "%s must be a string", field);
        return 0;
    }
    snprintf(field, sizeof field, "%s.cost", prefix);
    p->id = json_string_value(id);
    p->name = json_string_value(name);
    return srv__field_int(c, o, "cost", field, 1, OGAS_CIVIC_MONEY_MAX, &p->cost);
}

/* POST /api/elections: {name, budget, rule, projects: [{id, name, cost}]}. */
void srv_h_election_open(srv_ctx *c)
{
    const char *name, *rule;
    int64_t budget, id = 0, seq = 0;
    json_t *projects = json_object_get(c->body, "projects");
    ogas_civic_project *p = NULL;
    size_t n = 0;
    ogas_error err;
    if (!srv__field_string(c, "name", 1, OGAS_CIVIC_NAME_MAX, &name) ||
        !srv__field_int(c, c->body, "budget", "budget", 1, OGAS_CIVIC_MONEY_MAX, &budget) ||
        !srv__field_string(c, "rule", 1, 63, &rule))
        return;
    if (projects && !json_is_array(projects)) {
        srv__error(c, 400, "invalid_argument", "projects", "projects must be an array of {id, name, cost}");
        return;
    }
    n = json_array_size(projects);
    if (n > 10000) {
        srv__error(c, 400, "invalid_argument", "projects", "at most 10000 projects");
        return;
    }
    if (n && !(p = calloc(n, sizeof *p))) {
        srv__error(c, 500, "out_of_memory", NULL, "out of memory");
        return;
    }
    for (size_t k = 0; k < n; k++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "projects[%zu]", k);
        if (!read_project(c, json_array_get(projects, k), prefix, &p[k])) goto done;
    }
    ogas_error_clear(&err);
    if (ogas_civic_election_open(c->st, name, budget, rule, p, (int64_t)n, c->tok.holder, &id, &seq, &err)) {
        write_failed(c, &err, strncmp(err.message, "rule", 4) == 0 ? "rule" : strstr(err.message, "project") ? "projects"
                                                                                                             : NULL);
        goto done;
    }
    srv__json(c, 201, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "status", "open", "audit_seq", (json_int_t)seq));
done:
    free(p);
}

/* POST /api/elections/{id}/projects: {id, name, cost}. */
void srv_h_propose(srv_ctx *c)
{
    int64_t id, seq = 0;
    ogas_civic_project p;
    ogas_error err;
    if (!srv__param_id(c, 0, "election", &id)) return;
    if (!srv__field_string(c, "id", 1, OGAS_CIVIC_ID_MAX, &p.id) ||
        !srv__field_string(c, "name", 1, OGAS_CIVIC_NAME_MAX, &p.name) ||
        !srv__field_int(c, c->body, "cost", "cost", 1, OGAS_CIVIC_MONEY_MAX, &p.cost))
        return;
    ogas_error_clear(&err);
    if (ogas_civic_election_propose(c->st, id, &p, c->tok.holder, &seq, &err)) {
        write_failed(c, &err, strstr(err.message, "name") ? "name" : "id");
        return;
    }
    srv__json(c, 201, json_pack("{s:I,s:s,s:s,s:I}", "election", (json_int_t)id, "project", p.id, "proposed_by",
                                c->tok.holder, "audit_seq", (json_int_t)seq));
}

/* POST /api/elections/{id}/ballots: {"approvals": ["p1", "p3"]}, the holder's one ballot. */
void srv_h_ballot(srv_ctx *c)
{
    int64_t id, seq = 0;
    json_t *a = json_object_get(c->body, "approvals");
    const char **list = NULL;
    size_t n;
    ogas_error err;
    if (!srv__param_id(c, 0, "election", &id)) return;
    if (!a) {
        srv__error(c, 400, "invalid_argument", "approvals", "the field approvals is missing");
        return;
    }
    if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > 10000) {
        srv__error(c, 400, "invalid_argument", "approvals", "approvals must be an array of 1 to 10000 project ids");
        return;
    }
    n = json_array_size(a);
    if (!(list = calloc(n, sizeof *list))) {
        srv__error(c, 500, "out_of_memory", NULL, "out of memory");
        return;
    }
    for (size_t k = 0; k < n; k++) {
        json_t *v = json_array_get(a, k);
        if (!json_is_string(v)) {
            srv__error(c, 400, "invalid_argument", "approvals", "approvals[%zu] must be a string (a project id)", k);
            goto done;
        }
        list[k] = json_string_value(v);
    }
    ogas_error_clear(&err);
    if (ogas_civic_election_ballot(c->st, id, c->tok.holder, list, (int64_t)n, &seq, &err)) {
        write_failed(c, &err, "approvals");
        goto done;
    }
    srv__json(c, 201, json_pack("{s:I,s:s,s:I}", "election", (json_int_t)id, "voter", c->tok.holder, "audit_seq",
                                (json_int_t)seq));
done:
    free(list);
}

/* Appends a selected project's id to the array ud. */
static int add_selected(const char *series, int64_t idx, const char *label, double value, void *ud)
{
    (void)series;
    (void)idx;
    (void)value;
    json_array_append_new(ud, srv_str(label));
    return 0;
}

/* POST /api/elections/{id}/decide: the rule applied, stored as a budget run, the election closed. */
void srv_h_decide(srv_ctx *c)
{
    int64_t id, run = 0, seq = 0;
    json_t *selected = srv_arr();
    ogas_error err;
    if (!srv__param_id(c, 0, "election", &id)) goto done;
    ogas_error_clear(&err);
    if (ogas_civic_election_decide(c->st, id, c->tok.holder, c->s->scratch, &run, &seq, &err)) {
        write_failed(c, &err, NULL);
        goto done;
    }
    if (ogas_civic_run_values(c->st, run, "selected", add_selected, selected, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    srv__json(c, 200, json_pack("{s:I,s:s,s:I,s:O,s:I}", "election", (json_int_t)id, "status", "decided", "budget_run",
                                (json_int_t)run, "selected", selected, "audit_seq", (json_int_t)seq));
done:
    json_decref(selected);
}
