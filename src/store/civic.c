/* civic.c: what the store keeps for the server: tokens (as hashes) with mandates, refusals, recall
 * petitions, and light reads of runs (without their files' bytes). Elections are in civic_election.c. */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "civic_internal.h"

static const char *const may_names[] = {"adopt", "ballot", "propose", "recall", "decide"};

/* *may := the mandates of the comma list s. */
ogas_status ogas_civic_may_parse(const char *s, unsigned *may, ogas_error *err)
{
    *may = 0;
    for (const char *p = s; p && *p;) {
        size_t len = strcspn(p, ","), k;
        for (k = 0; k < 5; k++)
            if (strlen(may_names[k]) == len && strncmp(p, may_names[k], len) == 0) break;
        if (k == 5 && len > 0)
            return ogas_error_set(err, OGAS_EARG, "unknown mandate '%.*s' (adopt, ballot, propose, recall, decide)",
                                  (int)(len > 40 ? 40 : len), p);
        if (k < 5) *may |= 1u << k;
        p += len + (p[len] == ',');
    }
    return OGAS_OK;
}

/* buf := may as a comma list. */
char *ogas_civic_may_format(unsigned may, char *buf, size_t n)
{
    size_t len = 0;
    if (n) buf[0] = '\0';
    for (int k = 0; k < 5 && n; k++)
        if (may & (1u << k)) {
            int w = snprintf(buf + len, n - len, "%s%s", len ? "," : "", may_names[k]);
            if (w < 0 || (size_t)w >= n - len) break;
            len += (size_t)w;
        }
    return buf;
}

/* 1 if s is [A-Za-z0-9_.-]{1,64}. */
int ogas_civic_id_valid(const char *s)
{
    size_t k = 0;
    if (!s) return 0;
    for (; s[k]; k++) {
        char c = s[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-'))
            return 0;
    }
    return k >= 1 && k <= OGAS_CIVIC_ID_MAX;
}

/* Steps st once expecting SQLITE_DONE, then resets it. */
ogas_status civic__done(ogas_store *s, sqlite3_stmt *st, const char *what, ogas_error *err)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return store__fail(s, err, what);
    return OGAS_OK;
}

/* Column c of st as text, "" for NULL. */
const char *civic__text(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? (const char *)t : "";
}

/* Appends an audit record whose hashes are those of the texts inputs and results. */
ogas_status civic__audit(ogas_store *s, const char *actor, const char *action, const char *subject,
                         const char *detail, const char *inputs, const char *results, int64_t *seq, ogas_error *err)
{
    ogas_audit_record rec;
    ogas_status rc;
    memset(&rec, 0, sizeof rec);
    store__field(rec.actor, sizeof rec.actor, actor && actor[0] ? actor : "anonymous");
    store__field(rec.action, sizeof rec.action, action);
    store__field(rec.subject, sizeof rec.subject, subject);
    store__field(rec.detail, sizeof rec.detail, detail);
    ogas_sha256_hex(inputs ? inputs : "", inputs ? strlen(inputs) : 0, rec.inputs_hash);
    ogas_sha256_hex(results ? results : "", results ? strlen(results) : 0, rec.results_hash);
    if ((rc = store__audit_append(s, &rec, err))) return rc;
    if (seq) *seq = rec.seq;
    return OGAS_OK;
}

/* Issues a token: random bytes, stored as their text's SHA-256, with an audit record. */
ogas_status ogas_civic_token_issue(ogas_store *s, const ogas_token_info *t, const char *actor, char token[65],
                                   ogas_error *err)
{
    unsigned char raw[32];
    char sha[65], now[32], may[64], subject[64], detail[256], text[512];
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int64_t seq = 0, id = 0;

    token[0] = '\0';
    if (!ogas_civic_id_valid(t->holder))
        return ogas_error_set(err, OGAS_EARG, "holder '%.64s' is not an id ([A-Za-z0-9_.-], 1 to 64 bytes)", t->holder);
    if (strcmp(t->role, "member") != 0 && strcmp(t->role, "delegate") != 0)
        return ogas_error_set(err, OGAS_EARG, "role '%.16s' is neither member nor delegate", t->role);
    if (t->council[0] && !ogas_civic_id_valid(t->council))
        return ogas_error_set(err, OGAS_EARG, "council '%.64s' is not an id", t->council);
    if (t->election < 0) return ogas_error_set(err, OGAS_EARG, "election %lld is not an election id", (long long)t->election);
    if (sodium_init() < 0) return ogas_error_set(err, OGAS_EINTERNAL, "libsodium could not start");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, 65, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    ogas_sha256_hex(token, 64, sha);
    ogas_civic_may_format(t->may, may, sizeof may);
    store__now(now);
    snprintf(detail, sizeof detail, "holder %s, %s%s%s, may %s", t->holder, t->role, t->council[0] ? " of " : "",
             t->council, may[0] ? may : "nothing");
    if (t->election) snprintf(detail + strlen(detail), sizeof detail - strlen(detail), ", election %lld", (long long)t->election);
    if ((rc = store__begin(s, err))) goto fail;
    if ((rc = store__prepare(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM tokens", &st, err))) goto done;
    if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    snprintf(subject, sizeof subject, "token %lld", (long long)id);
    snprintf(text, sizeof text, "token %lld\n%s\n", (long long)id, detail);
    if ((rc = civic__audit(s, actor, "token issued", subject, detail, text, "", &seq, err))) goto done;
    if ((rc = store__prepare(s, "INSERT INTO tokens(id, holder, role, council, may, election, sha256, created, "
                                "audit_seq) VALUES (?,?,?,?,?,?,?,?,?)", &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, t->holder, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, t->council, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, may, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, t->election);
    sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, seq);
    if ((rc = civic__done(s, st, "storing the token", err))) goto done;
    rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (rc) store__rollback(s);
fail:
    if (rc) sodium_memzero(token, 65);
    return rc;
}

/* Revokes every valid token of holder. */
ogas_status ogas_civic_token_revoke(ogas_store *s, const char *holder, const char *actor, int64_t *n, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    char now[32], subject[64], detail[128];
    int64_t changed = 0;
    *n = 0;
    if (!ogas_civic_id_valid(holder)) return ogas_error_set(err, OGAS_EARG, "holder '%.64s' is not an id", holder);
    store__now(now);
    if ((rc = store__begin(s, err))) return rc;
    if ((rc = store__prepare(s, "UPDATE tokens SET revoked = ? WHERE holder = ? AND revoked IS NULL", &st, err)))
        goto done;
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, holder, -1, SQLITE_STATIC);
    if ((rc = civic__done(s, st, "revoking tokens", err))) goto done;
    changed = sqlite3_changes(s->db);
    if (!changed) {
        rc = ogas_error_set(err, OGAS_ENOTFOUND, "holder %s has no valid token", holder);
        goto done;
    }
    snprintf(subject, sizeof subject, "holder %s", holder);
    snprintf(detail, sizeof detail, "%lld token%s of %s revoked", (long long)changed, changed == 1 ? "" : "s", holder);
    if ((rc = civic__audit(s, actor, "token revoked", subject, detail, detail, "", NULL, err))) goto done;
    rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (rc) store__rollback(s);
    else *n = changed;
    return rc;
}

/* t := the token row in st (columns id, holder, role, council, may, election, created, revoked). */
static void token_row(sqlite3_stmt *st, ogas_token_info *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    snprintf(t->holder, sizeof t->holder, "%s", civic__text(st, 1));
    snprintf(t->role, sizeof t->role, "%s", civic__text(st, 2));
    snprintf(t->council, sizeof t->council, "%s", civic__text(st, 3));
    if (ogas_civic_may_parse(civic__text(st, 4), &t->may, NULL)) t->may = 0;
    t->election = sqlite3_column_int64(st, 5);
    snprintf(t->created, sizeof t->created, "%s", civic__text(st, 6));
    snprintf(t->revoked, sizeof t->revoked, "%s", civic__text(st, 7));
}

#define TOKEN_COLUMNS "id, holder, role, council, may, election, created, revoked"

/* Calls fn for each token. */
ogas_status ogas_civic_token_list(ogas_store *s, int (*fn)(const ogas_token_info *t, void *ud), void *ud,
                                  ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(s, "SELECT " TOKEN_COLUMNS " FROM tokens ORDER BY id", &st, err))) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ogas_token_info t;
        token_row(st, &t);
        if (fn(&t, ud)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "listing tokens");
    sqlite3_finalize(st);
    return rc;
}

/* t := the valid token whose hash is that of the text token. */
ogas_status ogas_civic_token_check(ogas_store *s, const char *token, ogas_token_info *t, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    char sha[65];
    int step;
    memset(t, 0, sizeof *t);
    ogas_sha256_hex(token, strlen(token), sha);
    if ((rc = store__prepare(s, "SELECT " TOKEN_COLUMNS " FROM tokens WHERE sha256 = ? AND revoked IS NULL", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) token_row(st, t);
    else if (step == SQLITE_DONE) rc = ogas_error_set(err, OGAS_ENOTFOUND, "unknown or revoked token");
    else rc = store__fail(s, err, "checking a token");
    sqlite3_finalize(st);
    return rc;
}

/* Records a refused request. */
ogas_status ogas_civic_refusal(ogas_store *s, const char *holder, const char *route, const char *reason,
                               ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    char now[32];
    store__now(now);
    if ((rc = store__prepare(s, "INSERT INTO refusals(time, holder, route, reason) VALUES (?,?,?,?)", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    if (holder) sqlite3_bind_text(st, 2, holder, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, route, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
    rc = civic__done(s, st, "recording a refusal", err);
    sqlite3_finalize(st);
    return rc;
}

/* *out := the value of the one-number query sql with integer parameter p (when p >= 0). */
static ogas_status one_number(ogas_store *s, const char *sql, int64_t p, int64_t *out, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    *out = 0;
    if ((rc = store__prepare(s, sql, &st, err))) return rc;
    if (p >= 0) sqlite3_bind_int64(st, 1, p);
    if (sqlite3_step(st) == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    else rc = store__fail(s, err, "counting");
    sqlite3_finalize(st);
    return rc;
}

/* *n := refusals recorded. */
ogas_status ogas_civic_refusal_count(ogas_store *s, int64_t *n, ogas_error *err)
{
    return one_number(s, "SELECT COUNT(*) FROM refusals", -1, n, err);
}

/* *v := PRAGMA data_version. */
ogas_status ogas_civic_data_version(ogas_store *s, int64_t *v, ogas_error *err)
{
    return one_number(s, "PRAGMA data_version", -1, v, err);
}

/* *seq := the last audit record's number. */
ogas_status ogas_civic_audit_last(ogas_store *s, int64_t *seq, ogas_error *err)
{
    return one_number(s, "SELECT COALESCE(MAX(seq), 0) FROM audit", -1, seq, err);
}

/* Collects the pending signers of a petition into a NULL-terminated array (ogas_free each and it). */
static ogas_status pending_signers(ogas_store *s, const char *council, const char *delegate, char ***out, int64_t *n,
                                   ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    char **list = NULL;
    int64_t cap = 0, k = 0;
    int step;
    *out = NULL;
    *n = 0;
    if ((rc = store__prepare(s, "SELECT signer FROM recall_signatures WHERE council = ? AND delegate = ? AND "
                                "recalled_seq IS NULL ORDER BY signer", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, council, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, delegate, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (k + 1 >= cap) {
            char **nl;
            cap = cap ? 2 * cap : 16;
            if (!(nl = ogas_reallocarray(list, (size_t)cap, sizeof *nl))) goto nomem;
            list = nl;
        }
        if (!(list[k] = ogas_strdup(civic__text(st, 0)))) goto nomem;
        list[++k] = NULL;
    }
    if (step != SQLITE_DONE) rc = store__fail(s, err, "reading a petition's signatures");
    goto done;
nomem:
    rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading a petition");
done:
    sqlite3_finalize(st);
    if (rc) {
        for (int64_t q = 0; q < k; q++) ogas_free(list[q]);
        ogas_free(list);
    } else {
        *out = list;
        *n = k;
    }
    return rc;
}

/* signer signs a recall petition; executes the recall when enough have signed. */
ogas_status ogas_civic_recall_sign(ogas_store *s, const char *council, const char *delegate, const char *signer,
                                   int64_t needed, ogas_civic_recall_fn execute, void *ud, ogas_civic_recall *out,
                                   ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    char now[32], subject[64], detail[256], text[512];
    char **signers = NULL;
    int64_t n = 0, seq = 0, rseq = 0, dup = 0;

    memset(out, 0, sizeof *out);
    out->needed = needed;
    if (!ogas_civic_id_valid(council) || !ogas_civic_id_valid(delegate) || !ogas_civic_id_valid(signer))
        return ogas_error_set(err, OGAS_EARG, "council, delegate and signer must be ids");
    store__now(now);
    if ((rc = store__begin(s, err))) return rc;
    if ((rc = store__prepare(s, "SELECT COUNT(*) FROM recall_signatures WHERE council = ? AND delegate = ? AND "
                                "signer = ? AND recalled_seq IS NULL", &st, err)))
        goto done;
    sqlite3_bind_text(st, 1, council, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, delegate, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, signer, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) dup = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (dup) {
        rc = ogas_error_set(err, OGAS_EFORBIDDEN, "%s has signed the petition to recall %s from %s already", signer,
                            delegate, council);
        goto done;
    }
    snprintf(subject, sizeof subject, "council %s", council);
    snprintf(detail, sizeof detail, "%s signs the recall of %s", signer, delegate);
    snprintf(text, sizeof text, "recall\ncouncil=%s\ndelegate=%s\nsigner=%s\n", council, delegate, signer);
    if ((rc = civic__audit(s, signer, "recall signed", subject, detail, text, "", &seq, err))) goto done;
    if ((rc = store__prepare(s, "INSERT INTO recall_signatures(council, delegate, signer, time, audit_seq) "
                                "VALUES (?,?,?,?,?)", &st, err)))
        goto done;
    sqlite3_bind_text(st, 1, council, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, delegate, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, signer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, seq);
    if ((rc = civic__done(s, st, "storing a signature", err))) goto done;
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = pending_signers(s, council, delegate, &signers, &n, err))) goto done;
    if (n >= needed && needed > 0) {
        size_t len = 0;
        if ((rc = execute(n ? (const char *const *)signers : NULL, n, ud, err))) goto done;
        len = (size_t)snprintf(text, sizeof text, "recalled\ncouncil=%s\ndelegate=%s\nsigners=", council, delegate);
        for (int64_t k = 0; k < n && len < sizeof text; k++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", k ? "," : "", signers[k]);
        snprintf(detail, sizeof detail, "%s recalled from %s by %lld signatures (%lld needed)", delegate, council,
                 (long long)n, (long long)needed);
        if ((rc = civic__audit(s, signer, "delegate recalled", subject, detail, text, "", &rseq, err))) goto done;
        if ((rc = store__prepare(s, "UPDATE recall_signatures SET recalled_seq = ? WHERE council = ? AND delegate = ? "
                                    "AND recalled_seq IS NULL", &st, err)))
            goto done;
        sqlite3_bind_int64(st, 1, rseq);
        sqlite3_bind_text(st, 2, council, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, delegate, -1, SQLITE_STATIC);
        if ((rc = civic__done(s, st, "closing the petition", err))) goto done;
    }
    rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (rc) store__rollback(s);
    else {
        out->signatures = n;
        out->recalled = rseq > 0;
        out->seq = seq;
        out->recall_seq = rseq;
    }
    for (int64_t k = 0; k < n; k++) ogas_free(signers[k]);
    ogas_free(signers);
    return rc;
}

/* Calls fn for each pending petition. */
ogas_status ogas_civic_recall_pending(ogas_store *s,
                                      int (*fn)(const char *council, const char *delegate, int64_t n, void *ud),
                                      void *ud, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(s, "SELECT council, delegate, COUNT(*) FROM recall_signatures WHERE recalled_seq IS NULL "
                                "GROUP BY council, delegate ORDER BY council, delegate", &st, err)))
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(civic__text(st, 0), civic__text(st, 1), sqlite3_column_int64(st, 2), ud)) break;
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "reading petitions");
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for run id, or every run of kind k. */
ogas_status ogas_civic_runs(ogas_store *s, int k, int64_t id, int (*fn)(const ogas_civic_run *r, void *ud),
                            void *ud, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step, found = 0;
    const char *kind = k >= 0 ? ogas_run_kind_name((ogas_run_kind)k) : NULL;
    if ((rc = store__prepare(s, "SELECT r.id, r.kind, r.name, r.args, r.actor, r.created, r.audit_seq, a.actor "
                                "FROM runs r LEFT JOIN adoptions a ON a.run_id = r.id "
                                "WHERE (?1 = 0 OR r.id = ?1) AND (?2 IS NULL OR r.kind = ?2) ORDER BY r.id", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (kind) sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ogas_civic_run r;
        const char *kn = civic__text(st, 1);
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(st, 0);
        for (int q = 0; q < 4; q++)
            if (strcmp(kn, ogas_run_kind_name((ogas_run_kind)q)) == 0) r.kind = (ogas_run_kind)q;
        r.name = civic__text(st, 2);
        r.args = civic__text(st, 3);
        r.actor = civic__text(st, 4);
        r.created = civic__text(st, 5);
        r.audit_seq = sqlite3_column_int64(st, 6);
        r.adopted = sqlite3_column_type(st, 7) != SQLITE_NULL;
        r.adopted_by = civic__text(st, 7);
        found = 1;
        if (fn(&r, ud)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "listing runs");
    else if (id > 0 && !found) rc = ogas_error_set(err, OGAS_ENOTFOUND, "there is no run %lld", (long long)id);
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each file of run id. */
ogas_status ogas_civic_run_files(ogas_store *s, int64_t id,
                                 int (*fn)(const char *role, const char *name, const char *sha256, int64_t size,
                                           void *ud),
                                 void *ud, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(s, "SELECT f.role, f.name, f.sha256, COALESCE(b.size, 0) FROM run_files f "
                                "LEFT JOIN blobs b ON b.sha256 = f.sha256 WHERE f.run_id = ? ORDER BY f.role", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(civic__text(st, 0), civic__text(st, 1), civic__text(st, 2), sqlite3_column_int64(st, 3), ud)) break;
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "listing a run's files");
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each number of run id (of one series or all). */
ogas_status ogas_civic_run_values(ogas_store *s, int64_t id, const char *series,
                                  int (*fn)(const char *series, int64_t idx, const char *label, double value,
                                            void *ud),
                                  void *ud, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(s, "SELECT series, idx, label, value FROM run_values WHERE run_id = ?1 AND "
                                "(?2 IS NULL OR series = ?2) ORDER BY series, idx", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (series) sqlite3_bind_text(st, 2, series, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        double v = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        if (fn(civic__text(st, 0), sqlite3_column_int64(st, 1), civic__text(st, 2), v, ud)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "reading a run's numbers");
    sqlite3_finalize(st);
    return rc;
}

/* *bytes, *size := run id's file of role. */
ogas_status ogas_civic_run_file(ogas_store *s, int64_t id, const char *role, unsigned char **bytes, int64_t *size,
                                ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    *bytes = NULL;
    *size = 0;
    if ((rc = store__prepare(s, "SELECT b.bytes FROM run_files f JOIN blobs b ON b.sha256 = f.sha256 "
                                "WHERE f.run_id = ? AND f.role = ?", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        if (!(*bytes = ogas_malloc((size_t)n + 1))) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        else {
            if (n) memcpy(*bytes, sqlite3_column_blob(st, 0), (size_t)n);
            (*bytes)[n] = '\0';
            *size = n;
        }
    } else if (step == SQLITE_DONE) {
        rc = ogas_error_set(err, OGAS_ENOTFOUND, "run %lld has no %s file", (long long)id, role);
    } else {
        rc = store__fail(s, err, "reading a run's file");
    }
    sqlite3_finalize(st);
    return rc;
}
