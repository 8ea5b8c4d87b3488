/* verify.c: checking a store: SQLite's integrity, the audit chain, each run against its record, and each
 * run recomputed from its stored inputs. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"

#define VERIFY_MAX_DIFFS 5 /* differing numbers named per run */

typedef struct verify_ctx {
    ogas_store *s;
    void (*fn)(const char *message, void *ud);
    void *ud;
    ogas_verify_report *rep;
    int64_t expect;       /* the next seq expected */
    char prev[65];        /* the hash of the record before */
    ogas_error err;       /* a failure inside the walk */
} verify_ctx;

/* Reports one problem (printf-style) and counts it. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void problem(verify_ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->rep->problems++;
    if (c->fn) c->fn(msg, c->ud);
}

/* The value of key in args ("key=value" lines), copied into buf; NULL when absent. */
const char *ogas_store_arg(const char *args, const char *key, char *buf, size_t n)
{
    size_t kl = strlen(key);
    for (const char *p = args; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
            size_t vl = len - kl - 1;
            if (vl >= n) vl = n - 1;
            memcpy(buf, p + kl + 1, vl);
            buf[vl] = '\0';
            return buf;
        }
        p = e ? e + 1 : p + len;
    }
    return NULL;
}

/* buf := where file `role` of r is written under dir (see store.h). */
const char *ogas_store_file_path(const ogas_store_loaded *r, const char *dir, const char *role, char *buf, size_t n)
{
    for (int64_t k = 0; k < r->nfiles; k++) {
        if (strcmp(role, "dir") == 0 && strncmp(r->role[k], "dir/", 4) == 0) {
            snprintf(buf, n, "%s/dir", dir);
            return buf;
        }
        if (strcmp(r->role[k], role) == 0) {
            if (strncmp(role, "dir/", 4) == 0) snprintf(buf, n, "%s/%s", dir, role);
            else snprintf(buf, n, "%s/%s/%s", dir, role, r->fname[k]);
            return buf;
        }
    }
    return NULL;
}

/* Checks one audit record: its number follows, it links to the one before, its hash is its own. */
static int walk(const ogas_audit_record *rec, void *ud)
{
    verify_ctx *c = ud;
    char h[65];
    int broken = 0;
    c->rep->records++;
    if (rec->seq != c->expect) {
        problem(c, "audit record %lld follows record %lld: records %lld..%lld are missing", (long long)rec->seq,
                (long long)c->expect - 1, (long long)c->expect, (long long)rec->seq - 1);
        broken = 1;
    }
    if (strcmp(rec->prev_hash, c->prev) != 0) {
        problem(c, "audit record %lld (%s, %s): its link to the record before is broken (it holds %.16s..., the record "
                   "before hashes to %.16s...)", (long long)rec->seq, rec->action, rec->subject, rec->prev_hash, c->prev);
        broken = 1;
    }
    store__audit_hash(rec, h);
    if (strcmp(h, rec->hash) != 0) {
        problem(c, "audit record %lld (%s, %s): its contents were changed after it was written (they hash to "
                   "%.16s..., the record says %.16s...)", (long long)rec->seq, rec->action, rec->subject, h, rec->hash);
        broken = 1;
    }
    if (broken && !c->rep->first_broken) c->rep->first_broken = rec->seq;
    c->expect = rec->seq + 1;
    snprintf(c->prev, sizeof c->prev, "%s", rec->hash);
    return 0;
}

/* Reports a problem found in the council registry. */
static void council_problem(void *ctx, const char *msg)
{
    problem(ctx, "%s", msg);
}

/* Checks that every "... computed" and "plan adopted" record has its run or adoption, and the reverse. */
static ogas_status orphans(verify_ctx *c, ogas_error *err)
{
    static const char *const q[] = {
        "SELECT a.seq, a.subject FROM audit a WHERE a.action LIKE '% computed' AND NOT EXISTS "
        "(SELECT 1 FROM runs r WHERE r.audit_seq = a.seq AND a.subject = r.kind || ' ' || r.id)",
        "SELECT a.seq, a.subject FROM audit a WHERE a.action = 'plan adopted' AND NOT EXISTS "
        "(SELECT 1 FROM adoptions d WHERE d.audit_seq = a.seq AND a.subject = 'plan ' || d.run_id AND d.actor = a.actor)",
        "SELECT d.audit_seq, 'plan ' || d.run_id FROM adoptions d WHERE NOT EXISTS "
        "(SELECT 1 FROM audit a WHERE a.seq = d.audit_seq AND a.action = 'plan adopted' AND a.subject = 'plan ' || d.run_id)",
        "SELECT a.seq, a.subject FROM audit a WHERE a.action LIKE 'council %' AND NOT EXISTS "
        "(SELECT 1 FROM council_events c WHERE c.audit_seq = a.seq)",
        "SELECT a.seq, a.subject FROM audit a WHERE a.action = 'ballot cast' AND NOT EXISTS "
        "(SELECT 1 FROM ballots b WHERE b.audit_seq = a.seq)",
        "SELECT size, sha256 FROM blobs WHERE size IS NOT length(bytes) OR typeof(bytes) != 'blob'",
    };
    for (size_t k = 0; k < sizeof q / sizeof *q; k++) {
        sqlite3_stmt *st = NULL;
        ogas_status rc = store__prepare(c->s, q[k], &st, err);
        int step;
        if (rc) return rc;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            long long seq = (long long)sqlite3_column_int64(st, 0);
            const char *subject = store__text(st, 1);
            if (k == 0) problem(c, "audit record %lld names %s, which is not in the store (removed or renumbered)", seq, subject);
            else if (k == 1) problem(c, "audit record %lld adopts %s, but the store holds no such adoption (by that delegate)", seq, subject);
            else if (k == 2) problem(c, "the adoption of %s (record %lld) has no audit record", subject, seq);
            else if (k == 3)
                problem(c, "audit record %lld records an event of %s that the council registry no longer holds", seq, subject);
            else if (k == 4) problem(c, "audit record %lld records a ballot in %s that the store no longer holds", seq, subject);
            else problem(c, "stored file %.16s...: its recorded size %lld is not its length (or it is not bytes)", subject, seq);
        }
        sqlite3_finalize(st);
        if (step != SQLITE_DONE) return store__fail(c->s, err, "checking the audit records' subjects");
    }
    return OGAS_OK;
}

/* Checks each stored ballot against the hash of the ballot its audit record ("ballot cast") recorded. */
static ogas_status ballots(verify_ctx *c, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc = store__prepare(c->s, "SELECT b.election_id, b.voter, b.approvals, b.audit_seq, a.inputs_hash, a.action "
                                          "FROM ballots b LEFT JOIN audit a ON a.seq = b.audit_seq ORDER BY b.audit_seq",
                                    &st, err);
    int step;
    if (rc) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long long election = sqlite3_column_int64(st, 0), seq = sqlite3_column_int64(st, 3);
        const char *voter = store__text(st, 1), *approvals = store__text(st, 2),
                   *ih = store__text(st, 4), *action = store__text(st, 5);
        char canon[4096], h[65];
        if (strcmp(action, "ballot cast") != 0) {
            problem(c, "the ballot of %s in election %lld has no audit record (%lld)", voter, election, seq);
            continue;
        }
        /* the canonical ballot, as ogas_civic_ballot_cast hashed it */
        snprintf(canon, sizeof canon, "ballot\nelection=%lld\nvoter=%s\napprovals=%s\n", election, voter, approvals);
        ogas_sha256_hex(canon, strlen(canon), h);
        if (strcmp(h, ih) != 0)
            problem(c, "the ballot of %s in election %lld (approving %.200s) differs from the one audit record %lld "
                       "recorded", voter, election, approvals, seq);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return store__fail(c->s, err, "reading the ballots");
    return OGAS_OK;
}

/* Checks each election and its projects against the texts their audit records hashed: "election opened"
 * (the election and the projects it opened with, in their order) and "project proposed". */
static ogas_status elections(verify_ctx *c, ogas_error *err)
{
    sqlite3_stmt *el = NULL, *pr = NULL;
    ogas_status rc;
    int step = SQLITE_DONE;
    if ((rc = store__prepare(c->s, "SELECT e.id, e.name, e.budget, e.rule, e.audit_seq, a.inputs_hash FROM elections e "
                                   "LEFT JOIN audit a ON a.seq = e.audit_seq AND a.action = 'election opened' ORDER BY e.id",
                             &el, err)) ||
        (rc = store__prepare(c->s, "SELECT p.project, p.cost, p.name, p.audit_seq, a.inputs_hash, a.action FROM "
                                   "election_projects p LEFT JOIN audit a ON a.seq = p.audit_seq WHERE p.election_id = ? "
                                   "ORDER BY p.rowid", &pr, err)))
        goto done;
    while ((step = sqlite3_step(el)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(el, 0), budget = sqlite3_column_int64(el, 2), seq = sqlite3_column_int64(el, 4);
        const char *name = store__text(el, 1), *rule = store__text(el, 3),
                   *ih = store__text(el, 5);
        char *text = NULL, h[65];
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        int pstep;
        if (!fp) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        fprintf(fp, "election %lld\nname=%s\nbudget=%lld\nrule=%s\n", id, name, budget, rule);
        sqlite3_bind_int64(pr, 1, id);
        while ((pstep = sqlite3_step(pr)) == SQLITE_ROW) {
            const char *pid = store__text(pr, 0), *pname = store__text(pr, 2),
                       *pih = store__text(pr, 4), *act = store__text(pr, 5);
            long long cost = sqlite3_column_int64(pr, 1), pseq = sqlite3_column_int64(pr, 3);
            char one[1024];
            snprintf(one, sizeof one, "project\nelection=%lld\nid=%s\ncost=%lld\nname=%s\n", id, pid, cost, pname);
            if (pseq == seq) {
                fputs(one, fp); /* opened with the election */
            } else if (strcmp(act, "project proposed") != 0) {
                problem(c, "project %s of election %lld has no audit record (%lld)", pid, id, pseq);
            } else {
                ogas_sha256_hex(one, strlen(one), h);
                if (strcmp(h, pih) != 0)
                    problem(c, "project %s of election %lld (cost %lld, '%.100s') differs from the one audit record %lld "
                               "recorded", pid, id, cost, pname, pseq);
            }
        }
        sqlite3_reset(pr);
        fclose(fp);
        if (!*ih) {
            problem(c, "election %lld has no audit record 'election opened' (%lld)", id, seq);
        } else {
            ogas_sha256_hex(text, len, h);
            if (strcmp(h, ih) != 0)
                problem(c, "election %lld ('%.100s', budget %lld, rule %s) or the projects it opened with differ from "
                           "what audit record %lld recorded", id, name, budget, rule, seq);
        }
        free(text);
        if (pstep != SQLITE_DONE) {
            rc = store__fail(c->s, err, "reading an election's projects");
            goto done;
        }
    }
    if (step != SQLITE_DONE) rc = store__fail(c->s, err, "reading the elections");
done:
    sqlite3_finalize(el);
    sqlite3_finalize(pr);
    return rc;
}

/* Checks that every column holds the type ogas writes into it (SQLite keeps whatever is put in a column;
 * a number stored as text would read back as 0 and could hide a change). */
static ogas_status types(verify_ctx *c, ogas_error *err)
{
    static const struct {
        const char *table, *ints, *texts, *other; /* comma lists of columns; other: "value" (a number or NULL), "bytes" */
    } t[] = {
        {"audit", "seq", "time,actor,action,subject,detail,inputs_hash,results_hash,prev_hash,hash", NULL},
        {"runs", "id,audit_seq", "kind,name,args,actor,created", NULL},
        {"run_files", "run_id", "role,name,sha256", NULL},
        {"run_values", "run_id,idx", "series,label", "value"},
        {"blobs", "size", "sha256", "bytes"},
        {"adoptions", "run_id,audit_seq", "actor", NULL},
        {"council_events", "seq,audit_seq", "line", NULL},
        {"ballots", "election_id,audit_seq", "voter,approvals", NULL},
        {"elections", "id,budget,audit_seq", "name,rule", NULL},
        {"election_projects", "election_id,cost,audit_seq", "project,name", NULL},
    };
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        for (int kind = 0; kind < 3; kind++) {
            const char *cols = kind == 0 ? t[k].ints : kind == 1 ? t[k].texts : t[k].other;
            char list[256], *save = NULL;
            if (!cols) continue;
            snprintf(list, sizeof list, "%s", cols);
            for (char *col = strtok_r(list, ",", &save); col; col = strtok_r(NULL, ",", &save)) {
                char sql[256];
                sqlite3_stmt *st = NULL;
                ogas_status rc;
                long long n = 0;
                const char *want = kind == 0 ? "'integer'" : kind == 1 ? "'text'"
                                   : strcmp(col, "value") == 0 ? "'real','integer','null'" : "'blob'";
                /* text must hold no NUL: C reads it only up to the first, and would not see what follows */
                snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE typeof(%s) NOT IN (%s)%s%s%s", t[k].table, col, want,
                         kind == 1 ? " OR instr(CAST(" : "", kind == 1 ? col : "", kind == 1 ? " AS BLOB), x'00') > 0" : "");
                if ((rc = store__prepare(c->s, sql, &st, err))) return rc;
                if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
                sqlite3_finalize(st);
                if (n) problem(c, "table %s: %lld row(s) hold a %s that is not of the type ogas writes (%s%s): changed "
                                  "outside ogas", t[k].table, n, col, want, kind == 1 ? ", without NUL" : "");
            }
        }
    return OGAS_OK;
}

/* Runs PRAGMA integrity_check and foreign_key_check, reporting what they find. */
static ogas_status integrity(verify_ctx *c, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(c->s, "PRAGMA integrity_check", &st, err))) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = store__text(st, 0);
        if (t && strcmp(t, "ok") != 0) problem(c, "SQLite integrity check: %s", t);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return store__fail(c->s, err, "checking integrity");
    if ((rc = store__prepare(c->s, "PRAGMA foreign_key_check", &st, err))) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        problem(c, "table %s row %lld refers to a missing row of %s", store__text(st, 0),
                (long long)sqlite3_column_int64(st, 1), store__text(st, 2));
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return store__fail(c->s, err, "checking foreign keys");
    return OGAS_OK;
}

/* Checks run r's files, inputs and results against its audit record; 1 when all agree. */
static int against_record(verify_ctx *c, ogas_store_loaded *r, const char *what)
{
    ogas_audit_record rec;
    ogas_error e;
    char h[65], subject[64], action[48];
    int ok = 1;
    if (store__audit_get(c->s, r->seq, &rec, &e)) {
        problem(c, "%s: its audit record %lld is missing", what, (long long)r->seq);
        return 0;
    }
    snprintf(subject, sizeof subject, "%s %lld", ogas_run_kind_name(r->kind), (long long)r->id);
    snprintf(action, sizeof action, "%s computed", ogas_run_kind_name(r->kind));
    if (strcmp(rec.actor, r->actor) != 0 || strcmp(rec.time, r->created) != 0) {
        problem(c, "%s: asked for by '%.100s' at %.32s, but its audit record %lld says '%s' at %s", what, r->actor,
                r->created, (long long)r->seq, rec.actor, rec.time);
        ok = 0;
    }
    if (strcmp(rec.subject, subject) != 0 || strcmp(rec.action, action) != 0) {
        problem(c, "%s: its audit record %lld is about '%s: %s', not this run", what, (long long)r->seq, rec.action,
                rec.subject);
        ok = 0;
    }
    for (int64_t k = 0; k < r->nfiles; k++) {
        ogas_sha256_hex(r->bytes[k], (size_t)r->size[k], h);
        if (strcmp(h, r->sha256[k]) != 0) {
            problem(c, "%s: stored file %s (%s) was changed: its bytes hash to %.16s..., not %.16s...", what,
                    r->fname[k], r->role[k], h, r->sha256[k]);
            ok = 0;
        }
    }
    store__inputs_hash(r->kind, r->name, r->args, r->nfiles, r->role, r->fname, r->sha256, h);
    if (strcmp(h, rec.inputs_hash) != 0) {
        problem(c, "%s: its stored inputs (files, options or name) differ from those audit record %lld recorded", what,
                (long long)r->seq);
        ok = 0;
    }
    store__results_hash(&r->values, h);
    if (strcmp(h, rec.results_hash) != 0) {
        problem(c, "%s: its stored results differ from those audit record %lld recorded (a stored number or its label was changed)",
                what, (long long)r->seq);
        ok = 0;
    }
    return ok;
}

/* Creates dir/sub/.../ for each directory part of path below dir. */
static int make_parents(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
            *p = '/';
        }
    return 0;
}

/* Writes r's files under dir (see ogas_store_file_path); with undo set, removes them and their folders. */
ogas_status store__materialise(const ogas_store_loaded *r, const char *dir, int undo, ogas_error *err)
{
    for (int64_t k = 0; k < r->nfiles; k++) {
        char path[1024], folder[1024];
        FILE *fp;
        ogas_store_file_path(r, dir, r->role[k], path, sizeof path);
        if (strstr(r->role[k], "..") || strstr(r->fname[k], "..") || strchr(r->fname[k], '/'))
            return ogas_error_set(err, OGAS_EINVAL, "run %lld: file role or name '%s/%s' leaves the folder",
                                  (long long)r->id, r->role[k], r->fname[k]);
        if (undo) {
            unlink(path);
            snprintf(folder, sizeof folder, "%s", path);
            for (char *e = strrchr(folder, '/'); e && (size_t)(e - folder) > strlen(dir); e = strrchr(folder, '/')) {
                *e = '\0';
                rmdir(folder); /* fails while other files are in it: removed with the last */
            }
            continue;
        }
        if (make_parents(path) != 0 || !(fp = fopen(path, "wb")))
            return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot write a stored file to recompute from it");
        if (fwrite(r->bytes[k], 1, (size_t)r->size[k], fp) != (size_t)r->size[k]) {
            fclose(fp);
            return ogas_error_at(err, OGAS_EIO, path, 0, 0, "write error");
        }
        if (fclose(fp) != 0) return ogas_error_at(err, OGAS_EIO, path, 0, 0, "write error");
    }
    return OGAS_OK;
}

/* Whether a and b agree to tol relative to the larger, or to tol times the series' scale. */
static int agree(double a, double b, double tol, double scale)
{
    double d;
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (a == b) return 1;
    d = fabs(a - b);
    return d <= tol * fmax(fabs(a), fabs(b)) || d <= tol * scale;
}

/* The largest magnitude in the series starting at vs->v[k] (values sorted by series). */
static double series_scale(const ogas_store_values *vs, int64_t k)
{
    double m = 0;
    for (int64_t q = k; q < vs->n && strcmp(vs->v[q].series, vs->v[k].series) == 0; q++)
        if (isfinite(vs->v[q].value)) m = fmax(m, fabs(vs->v[q].value));
    return m;
}

/* Compares the stored values of r with the recomputed ones (both sorted); 1 when they agree. */
static int compare(verify_ctx *c, const ogas_store_loaded *r, ogas_store_values *now, double tol, const char *what)
{
    const ogas_store_values *was = &r->values;
    int64_t i = 0, j = 0, diffs = 0, start = 0;
    double scale = 0;
    store__values_sort(now);
    while (i < was->n || j < now->n) {
        int cmp;
        if (i >= was->n) cmp = 1;
        else if (j >= now->n) cmp = -1;
        else {
            cmp = strcmp(was->v[i].series, now->v[j].series);
            if (!cmp) cmp = (was->v[i].idx > now->v[j].idx) - (was->v[i].idx < now->v[j].idx);
        }
        if (cmp < 0) {
            if (diffs++ < VERIFY_MAX_DIFFS)
                problem(c, "%s: %s[%lld] (%s) is stored but the recomputation has no such number", what,
                        was->v[i].series, (long long)was->v[i].idx, was->v[i].label);
            i++;
        } else if (cmp > 0) {
            if (diffs++ < VERIFY_MAX_DIFFS)
                problem(c, "%s: the recomputation gives %s[%lld] (%s) = %.10g, which is not stored", what,
                        now->v[j].series, (long long)now->v[j].idx, now->v[j].label, now->v[j].value);
            j++;
        } else {
            if (i == 0 || strcmp(was->v[i].series, was->v[start].series) != 0) {
                start = i;
                scale = series_scale(was, i);
            }
            if (!agree(was->v[i].value, now->v[j].value, tol, scale) && diffs++ < VERIFY_MAX_DIFFS)
                problem(c, "%s: %s[%lld] (%s) is stored as %.10g but recomputes to %.10g", what, was->v[i].series,
                        (long long)was->v[i].idx, was->v[i].label, was->v[i].value, now->v[j].value);
            else if (strcmp(was->v[i].label, now->v[j].label) != 0 && diffs++ < VERIFY_MAX_DIFFS)
                problem(c, "%s: %s[%lld] is stored as '%s' but recomputes to '%s'", what, was->v[i].series,
                        (long long)was->v[i].idx, was->v[i].label, now->v[j].label);
            i++;
            j++;
        }
    }
    if (diffs > VERIFY_MAX_DIFFS)
        problem(c, "%s: and %lld more numbers differ", what, (long long)(diffs - VERIFY_MAX_DIFFS));
    return diffs == 0;
}

/* Checks s: integrity, the audit chain, each run against its record, each run recomputed. */
ogas_status ogas_store_verify(ogas_store *s, const ogas_store_recompute_fn recompute[4], const double tol[4],
                              const char *scratch, void (*fn)(const char *message, void *ud), void *ud,
                              ogas_verify_report *rep, ogas_error *err)
{
    verify_ctx c;
    ogas_status rc;
    int64_t *ids = NULL, n = 0;
    memset(rep, 0, sizeof *rep);
    memset(&c, 0, sizeof c);
    c.s = s;
    c.fn = fn;
    c.ud = ud;
    c.rep = rep;
    c.expect = 1;
    memset(c.prev, '0', 64);
    if ((rc = integrity(&c, err)) || (rc = types(&c, err)) || (rc = ogas_store_audit(s, 1, walk, &c, err)) || (rc = orphans(&c, err)) ||
        (rc = ogas_store_runs(s, -1, &ids, &n, err)) || (rc = store__verify_councils(s, council_problem, &c, err)) || (rc = ballots(&c, err)) ||
        (rc = elections(&c, err)))
        goto done;
    for (int64_t k = 0; k < n; k++) {
        ogas_store_loaded r;
        ogas_store_values now = {0};
        ogas_error e;
        char what[320], dir[1024];
        ogas_error_clear(&e);
        if (ogas_store_load(s, ids[k], &r, &e)) {
            problem(&c, "run %lld cannot be read: %s", (long long)ids[k], e.message);
            continue;
        }
        rep->runs++;
        snprintf(what, sizeof what, "%s %lld ('%s', audit record %lld)", ogas_run_kind_name(r.kind), (long long)r.id,
                 r.name, (long long)r.seq);
        against_record(&c, &r, what);
        if (recompute && recompute[r.kind] && scratch) {
            snprintf(dir, sizeof dir, "%s/run-%lld", scratch, (long long)r.id);
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                rc = ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot make a folder to recompute in");
                ogas_store_loaded_free(&r);
                goto done;
            }
            if ((rc = store__materialise(&r, dir, 0, err))) {
                store__materialise(&r, dir, 1, NULL);
                rmdir(dir);
                ogas_store_loaded_free(&r);
                goto done;
            }
            if (recompute[r.kind](&r, dir, &now, &e)) problem(&c, "%s: cannot be recomputed: %s", what, e.message);
            else if (compare(&c, &r, &now, tol ? tol[r.kind] : 1e-9, what)) rep->recomputed++;
            store__materialise(&r, dir, 1, NULL);
            rmdir(dir);
        }
        ogas_store_values_free(&now);
        ogas_store_loaded_free(&r);
    }
done:
    ogas_free(ids);
    return rc;
}
