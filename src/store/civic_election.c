/* civic_election.c: participatory-budget elections held through the server: opened with projects,
 * projects proposed, approval ballots cast (one per voter), and the election decided by writing it as a
 * pabulib file and storing the outcome as a budget run that ogas_store_verify recomputes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "civic_internal.h"
#include "ogas/budget.h"
#include "ogas/formats.h"
#include "ogas/pb.h"

/* Checks a project's fields; err names the field. */
static ogas_status check_project(const ogas_civic_project *p, ogas_error *err)
{
    if (!ogas_civic_id_valid(p->id))
        return ogas_error_set(err, OGAS_EARG, "project id '%.64s' is not an id ([A-Za-z0-9_.-], 1 to 64 bytes)",
                              p->id ? p->id : "");
    if (!p->name || strlen(p->name) > OGAS_CIVIC_NAME_MAX)
        return ogas_error_set(err, OGAS_EARG, "project %s: name missing or longer than %d bytes", p->id,
                              OGAS_CIVIC_NAME_MAX);
    for (const char *c = p->name; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return ogas_error_set(err, OGAS_EARG, "project %s: name holds a control character", p->id);
    if (p->cost < 1 || p->cost > OGAS_CIVIC_MONEY_MAX)
        return ogas_error_set(err, OGAS_EARG, "project %s: cost %lld is not in 1..%lld", p->id, (long long)p->cost,
                              (long long)OGAS_CIVIC_MONEY_MAX);
    return OGAS_OK;
}

/* *status := election id's status ("" when there is none), inside the caller's transaction. */
static ogas_status election_status(ogas_store *s, int64_t id, char status[16], ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    status[0] = '\0';
    if ((rc = store__prepare(s, "SELECT status FROM elections WHERE id = ?", &st, err))) return rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(status, 16, "%s", civic__text(st, 0));
    sqlite3_finalize(st);
    return OGAS_OK;
}

/* Refuses unless election id exists and is open. */
static ogas_status require_open(ogas_store *s, int64_t id, ogas_error *err)
{
    char status[16];
    ogas_status rc = election_status(s, id, status, err);
    if (rc) return rc;
    if (!status[0]) return ogas_error_set(err, OGAS_ENOTFOUND, "there is no election %lld", (long long)id);
    if (strcmp(status, "open") != 0)
        return ogas_error_set(err, OGAS_EFORBIDDEN, "election %lld is %s, no longer open", (long long)id, status);
    return OGAS_OK;
}

/* Inserts project p of election id with its audit record, inside the caller's transaction. */
static ogas_status insert_project(ogas_store *s, int64_t id, const ogas_civic_project *p, const char *actor,
                                  int64_t seq, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int r;
    if ((rc = store__prepare(s, "INSERT INTO election_projects(election_id, project, name, cost, proposed_by, audit_seq) "
                                "VALUES (?,?,?,?,?,?)", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, p->cost);
    sqlite3_bind_text(st, 5, actor && actor[0] ? actor : "anonymous", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, seq);
    r = sqlite3_step(st);
    if ((r & 0xff) == SQLITE_CONSTRAINT)
        rc = ogas_error_set(err, OGAS_EFORBIDDEN, "election %lld has a project '%s' already", (long long)id, p->id);
    else if (r != SQLITE_DONE) rc = store__fail(s, err, "storing a project");
    sqlite3_finalize(st);
    return rc;
}

/* Opens an election with its first projects. */
ogas_status ogas_civic_election_open(ogas_store *s, const char *name, int64_t budget, const char *rule,
                                     const ogas_civic_project *p, int64_t n, const char *actor, int64_t *id_out,
                                     int64_t *seq_out, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    ogas_budget_options o;
    char now[32], subject[64], detail[256], *text = NULL;
    size_t len = 0;
    FILE *fp = NULL;
    int64_t id = 0, seq = 0;

    if (!name || !name[0] || strlen(name) > OGAS_CIVIC_NAME_MAX || strpbrk(name, "\r\n\t"))
        return ogas_error_set(err, OGAS_EARG, "name: missing, longer than %d bytes or holding a line break",
                              OGAS_CIVIC_NAME_MAX);
    if (budget < 1 || budget > OGAS_CIVIC_MONEY_MAX)
        return ogas_error_set(err, OGAS_EARG, "budget %lld is not in 1..%lld", (long long)budget,
                              (long long)OGAS_CIVIC_MONEY_MAX);
    if (!rule || strcmp(rule, "meta") == 0) return ogas_error_set(err, OGAS_EARG, "rule: name a rule (not meta)");
    if ((rc = ogas_budget_rule(rule, NULL, &o, err))) return rc;
    for (int64_t k = 0; k < n; k++) {
        if ((rc = check_project(&p[k], err))) return rc;
        for (int64_t q = 0; q < k; q++)
            if (strcmp(p[q].id, p[k].id) == 0) return ogas_error_set(err, OGAS_EARG, "project '%s' is given twice", p[k].id);
    }
    store__now(now);
    if ((rc = store__begin(s, err))) return rc;
    if ((rc = store__prepare(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM elections", &st, err))) goto done;
    if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    snprintf(subject, sizeof subject, "election %lld", (long long)id);
    snprintf(detail, sizeof detail, "%s: budget %lld, rule %s, %lld projects", name, (long long)budget, rule, (long long)n);
    /* what is recorded: the election and its first projects, each as a proposed project is recorded */
    if (!(fp = open_memstream(&text, &len))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    fprintf(fp, "election %lld\nname=%s\nbudget=%lld\nrule=%s\n", (long long)id, name, (long long)budget, rule);
    for (int64_t k = 0; k < n; k++)
        fprintf(fp, "project\nelection=%lld\nid=%s\ncost=%lld\nname=%s\n", (long long)id, p[k].id, (long long)p[k].cost,
                p[k].name);
    if (fclose(fp) != 0) {
        fp = NULL;
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    fp = NULL;
    if ((rc = civic__audit(s, actor, "election opened", subject, detail, text, "", &seq, err))) goto done;
    if ((rc = store__prepare(s, "INSERT INTO elections(id, name, budget, rule, status, opened, opened_by, audit_seq) "
                                "VALUES (?,?,?,?,'open',?,?,?)", &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, budget);
    sqlite3_bind_text(st, 4, rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, actor && actor[0] ? actor : "anonymous", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, seq);
    if ((rc = civic__done(s, st, "storing the election", err))) goto done;
    for (int64_t k = 0; k < n; k++)
        if ((rc = insert_project(s, id, &p[k], actor, seq, err))) goto done;
    rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (fp) fclose(fp);
    free(text); /* open_memstream's buffer */
    if (rc) store__rollback(s);
    else {
        if (id_out) *id_out = id;
        if (seq_out) *seq_out = seq;
    }
    return rc;
}

/* Adds a project to an open election. */
ogas_status ogas_civic_election_propose(ogas_store *s, int64_t id, const ogas_civic_project *p, const char *actor,
                                        int64_t *seq_out, ogas_error *err)
{
    ogas_status rc;
    char subject[64], detail[256], text[512];
    int64_t seq = 0;
    if ((rc = check_project(p, err))) return rc;
    if ((rc = store__begin(s, err))) return rc;
    if ((rc = require_open(s, id, err))) goto done;
    snprintf(subject, sizeof subject, "election %lld", (long long)id);
    snprintf(detail, sizeof detail, "project %s (cost %lld): %s", p->id, (long long)p->cost, p->name);
    snprintf(text, sizeof text, "project\nelection=%lld\nid=%s\ncost=%lld\nname=%s\n", (long long)id, p->id,
             (long long)p->cost, p->name);
    if ((rc = civic__audit(s, actor, "project proposed", subject, detail, text, "", &seq, err)) ||
        (rc = insert_project(s, id, p, actor, seq, err)))
        goto done;
    rc = store__commit(s, err);
done:
    if (rc) store__rollback(s);
    else if (seq_out) *seq_out = seq;
    return rc;
}

/* Order of two strings (qsort of const char *). */
static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Casts an approval ballot. */
ogas_status ogas_civic_election_ballot(ogas_store *s, int64_t id, const char *voter, const char *const *approvals,
                                       int64_t n, int64_t *seq_out, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc = OGAS_OK;
    const char **sorted = NULL;
    char *list = NULL, subject[64], detail[256], now[32], *canon = NULL;
    size_t len = 0, cap = 0;
    int64_t seq = 0;
    int r, began = 0;

    if (!ogas_civic_id_valid(voter)) return ogas_error_set(err, OGAS_EARG, "voter '%.64s' is not an id", voter);
    if (n < 1) return ogas_error_set(err, OGAS_EARG, "approvals: a ballot approves at least one project");
    if (!(sorted = ogas_mallocarray((size_t)n, sizeof *sorted))) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    for (int64_t k = 0; k < n; k++) {
        if (!ogas_civic_id_valid(approvals[k])) {
            rc = ogas_error_set(err, OGAS_EARG, "approvals: '%.64s' is not a project id", approvals[k] ? approvals[k] : "");
            goto done;
        }
        sorted[k] = approvals[k];
        cap += strlen(approvals[k]) + 1;
    }
    qsort(sorted, (size_t)n, sizeof *sorted, str_cmp);
    if (!(list = ogas_malloc(cap + 1)) || !(canon = ogas_malloc(cap + 200))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    list[0] = '\0';
    for (int64_t k = 0; k < n; k++) {
        if (k && strcmp(sorted[k], sorted[k - 1]) == 0) {
            rc = ogas_error_set(err, OGAS_EARG, "approvals: project '%s' is approved twice", sorted[k]);
            goto done;
        }
        len += (size_t)snprintf(list + len, cap + 1 - len, "%s%s", k ? "," : "", sorted[k]);
    }
    snprintf(canon, cap + 200, "ballot\nelection=%lld\nvoter=%s\napprovals=%s\n", (long long)id, voter, list);
    store__now(now);
    if ((rc = store__begin(s, err))) goto done;
    began = 1;
    if ((rc = require_open(s, id, err))) goto done;
    if ((rc = store__prepare(s, "SELECT 1 FROM election_projects WHERE election_id = ? AND project = ?", &st, err)))
        goto done;
    for (int64_t k = 0; k < n; k++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, sorted[k], -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_ROW) {
            rc = ogas_error_set(err, OGAS_EARG, "approvals: election %lld has no project '%s'", (long long)id, sorted[k]);
            goto done;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    snprintf(subject, sizeof subject, "election %lld", (long long)id);
    snprintf(detail, sizeof detail, "election %lld: ballot of %s", (long long)id, voter);
    if ((rc = civic__audit(s, voter, "ballot cast", subject, detail, canon, "", &seq, err))) goto done;
    if ((rc = store__prepare(s, "INSERT INTO ballots(election_id, voter, approvals, cast_at, audit_seq) VALUES (?,?,?,?,?)",
                             &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, voter, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, list, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, seq);
    r = sqlite3_step(st);
    if ((r & 0xff) == SQLITE_CONSTRAINT)
        rc = ogas_error_set(err, OGAS_EFORBIDDEN, "%s has cast a ballot in election %lld already", voter, (long long)id);
    else if (r != SQLITE_DONE) rc = store__fail(s, err, "storing the ballot");
    else rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (rc && began) store__rollback(s);
    if (!rc && seq_out) *seq_out = seq;
    ogas_free(sorted);
    ogas_free(list);
    ogas_free(canon);
    return rc;
}

/* Sets election id's status from `from` to `to` (one statement, its own transaction); EFORBIDDEN when it
 * was not `from`, ENOTFOUND when there is no such election. */
static ogas_status move_status(ogas_store *s, int64_t id, const char *from, const char *to, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    char status[16];
    if ((rc = store__prepare(s, "UPDATE elections SET status = ? WHERE id = ? AND status = ?", &st, err))) return rc;
    sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    rc = civic__done(s, st, "changing an election's status", err);
    sqlite3_finalize(st);
    if (rc || sqlite3_changes(s->db) == 1) return rc;
    if ((rc = election_status(s, id, status, err))) return rc;
    if (!status[0]) return ogas_error_set(err, OGAS_ENOTFOUND, "there is no election %lld", (long long)id);
    return ogas_error_set(err, OGAS_EFORBIDDEN, "election %lld is %s, not %s", (long long)id, status, from);
}

/* Writes election id as pabulib text to fp (projects in order of proposal, voters by id); *rule := its
 * rule, *name := its name, *nvoters := ballots. */
static ogas_status write_pb_text(ogas_store *s, int64_t id, FILE *fp, char rule[64], char name[256], int64_t *nvoters,
                                 ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int64_t budget = 0, nproj = 0;
    int step;
    *nvoters = 0;
    if ((rc = store__prepare(s, "SELECT name, budget, rule, (SELECT COUNT(*) FROM election_projects WHERE election_id = "
                                "e.id), (SELECT COUNT(*) FROM ballots WHERE election_id = e.id) FROM elections e WHERE "
                                "id = ?", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(name, 256, "%s", civic__text(st, 0));
        budget = sqlite3_column_int64(st, 1);
        snprintf(rule, 64, "%s", civic__text(st, 2));
        nproj = sqlite3_column_int64(st, 3);
        *nvoters = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    st = NULL;
    fputs("META\nkey;value\ndescription;", fp);
    ogas_csv_write_field_sep(fp, name, ';');
    fprintf(fp, "\nnum_projects;%lld\nnum_votes;%lld\nbudget;%lld\nvote_type;approval\nrule;", (long long)nproj,
            (long long)*nvoters, (long long)budget);
    ogas_csv_write_field_sep(fp, rule, ';');
    fputs("\nPROJECTS\nproject_id;cost;name\n", fp);
    if ((rc = store__prepare(s, "SELECT project, cost, name FROM election_projects WHERE election_id = ? ORDER BY rowid",
                             &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fprintf(fp, "%s;%lld;", civic__text(st, 0), (long long)sqlite3_column_int64(st, 1));
        ogas_csv_write_field_sep(fp, civic__text(st, 2), ';');
        fputc('\n', fp);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (step != SQLITE_DONE) return store__fail(s, err, "reading the election's projects");
    fputs("VOTES\nvoter_id;vote\n", fp);
    if ((rc = store__prepare(s, "SELECT voter, approvals FROM ballots WHERE election_id = ? ORDER BY voter", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) fprintf(fp, "%s;%s\n", civic__text(st, 0), civic__text(st, 1));
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return store__fail(s, err, "reading the ballots");
    return OGAS_OK;
}

/* Closes election id as decided by budget run `run`: the closing audit record and the election's row, in one
 * transaction. */
static ogas_status close_election(ogas_store *s, int64_t id, int64_t run, int64_t run_seq, const char *name,
                                  const char *pb_sha, int64_t nselected, const char *actor, int64_t *seq,
                                  ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    ogas_audit_record budget_rec;
    char subject[64], detail[256], text[256];
    if ((rc = store__begin(s, err))) return rc;
    if ((rc = store__audit_get(s, run_seq, &budget_rec, err))) goto done;
    snprintf(subject, sizeof subject, "election %lld", (long long)id);
    snprintf(detail, sizeof detail, "%.180s: budget %lld, %lld projects selected", name, (long long)run, (long long)nselected);
    snprintf(text, sizeof text, "decided\nelection=%lld\nfile=%s\n", (long long)id, pb_sha);
    if ((rc = civic__audit(s, actor, "election decided", subject, detail, text, budget_rec.results_hash, seq, err)))
        goto done;
    if ((rc = store__prepare(s, "UPDATE elections SET status = 'decided', budget_run = ?, decided_seq = ? WHERE id = ? "
                                "AND status = 'deciding'", &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, *seq);
    sqlite3_bind_int64(st, 3, id);
    if ((rc = civic__done(s, st, "closing the election", err))) goto done;
    rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (rc) store__rollback(s);
    return rc;
}

/* Decides an open election: its pabulib file, the rule applied, the budget run stored, the election closed. */
ogas_status ogas_civic_election_decide(ogas_store *s, int64_t id, const char *actor, const char *scratch,
                                       int64_t *run_out, int64_t *seq_out, ogas_error *err)
{
    ogas_status rc;
    char dir[1024], path[1100], rule[64] = "", name[256] = "", args[96], sha[65];
    char *text = NULL;
    size_t len = 0;
    FILE *mem = NULL;
    ogas_pb pb;
    ogas_budget_options o;
    ogas_budget_result res;
    ogas_store_values vs = {0};
    ogas_store_file file;
    ogas_store_run run;
    int64_t nvoters = 0, runid = 0, run_seq = 0, seq = 0;
    int claimed = 0, made_dir = 0, wrote = 0;

    memset(&pb, 0, sizeof pb);
    memset(&res, 0, sizeof res);
    if ((rc = move_status(s, id, "open", "deciding", err))) return rc;
    claimed = 1;
    if (!(mem = open_memstream(&text, &len))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory writing the election");
        goto done;
    }
    rc = write_pb_text(s, id, mem, rule, name, &nvoters, err);
    if (fclose(mem) != 0 && !rc) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory writing the election");
    if (rc) goto done;
    if (nvoters == 0) {
        rc = ogas_error_set(err, OGAS_EFORBIDDEN, "election %lld has no ballots yet: nothing to decide", (long long)id);
        goto done;
    }
    snprintf(dir, sizeof dir, "%s/ogas-decide-XXXXXX", scratch && scratch[0] ? scratch : "/tmp");
    if (!mkdtemp(dir)) {
        rc = ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot make a folder to write the election in");
        goto done;
    }
    made_dir = 1;
    snprintf(path, sizeof path, "%s/election-%lld.pb", dir, (long long)id);
    if ((rc = ogas_pb_parse(path, text, len, &pb, err)) || (rc = ogas_pb_write(path, &pb, NULL, err))) goto done;
    wrote = 1;
    if ((rc = ogas_budget_rule(rule, &pb, &o, err))) goto done;
    o.explain = 1; /* stored budgets hold their rounds, as ogas_store_recompute makes them */
    if ((rc = ogas_budget_run(&pb, &o, &res, err)) || (rc = ogas_store_values_budget(&pb, &res, &vs, err))) goto done;
    snprintf(args, sizeof args, "rule=%s\n", rule);
    file.role = "table";
    file.path = path;
    memset(&run, 0, sizeof run);
    run.kind = OGAS_RUN_BUDGET;
    run.name = name;
    run.args = args;
    run.actor = actor;
    run.nfiles = 1;
    run.files = &file;
    if ((rc = ogas_store_put(s, &run, &vs, &runid, &run_seq, err))) goto done;
    ogas_sha256_hex(text, len, sha);
    rc = close_election(s, id, runid, run_seq, name, sha, res.nselected, actor, &seq, err);
done:
    if (rc && claimed) move_status(s, id, "deciding", "open", NULL);
    if (wrote) unlink(path);
    if (made_dir) rmdir(dir);
    free(text);
    ogas_store_values_free(&vs);
    ogas_budget_result_free(&res);
    ogas_pb_free(&pb);
    if (!rc) {
        if (run_out) *run_out = runid;
        if (seq_out) *seq_out = seq;
    }
    return rc;
}

/* Calls fn for election id (or all). */
ogas_status ogas_civic_elections(ogas_store *s, int64_t id, int (*fn)(const ogas_civic_election *e, void *ud),
                                 void *ud, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step, found = 0;
    if ((rc = store__prepare(s, "SELECT id, name, rule, status, opened, opened_by, budget, "
                                "(SELECT COUNT(*) FROM election_projects p WHERE p.election_id = e.id), "
                                "(SELECT COUNT(*) FROM ballots b WHERE b.election_id = e.id), "
                                "COALESCE(budget_run, 0), audit_seq FROM elections e WHERE ?1 = 0 OR id = ?1 ORDER BY id",
                             &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ogas_civic_election e;
        e.id = sqlite3_column_int64(st, 0);
        e.name = civic__text(st, 1);
        e.rule = civic__text(st, 2);
        e.status = civic__text(st, 3);
        e.opened = civic__text(st, 4);
        e.opened_by = civic__text(st, 5);
        e.budget = sqlite3_column_int64(st, 6);
        e.projects = sqlite3_column_int64(st, 7);
        e.ballots = sqlite3_column_int64(st, 8);
        e.budget_run = sqlite3_column_int64(st, 9);
        e.audit_seq = sqlite3_column_int64(st, 10);
        found = 1;
        if (fn(&e, ud)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "listing elections");
    else if (id > 0 && !found) rc = ogas_error_set(err, OGAS_ENOTFOUND, "there is no election %lld", (long long)id);
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each project of election id. */
ogas_status ogas_civic_election_projects(ogas_store *s, int64_t id,
                                         int (*fn)(const ogas_civic_project *p, const char *by, void *ud), void *ud,
                                         ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(s, "SELECT project, name, cost, proposed_by FROM election_projects WHERE election_id = ? "
                                "ORDER BY rowid", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ogas_civic_project p;
        p.id = civic__text(st, 0);
        p.name = civic__text(st, 1);
        p.cost = sqlite3_column_int64(st, 2);
        if (fn(&p, civic__text(st, 3), ud)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "listing an election's projects");
    sqlite3_finalize(st);
    return rc;
}
