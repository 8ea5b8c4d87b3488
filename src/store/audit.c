/* audit.c: the audit log: records chained by SHA-256, appended inside a run's transaction. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* hex := SHA-256 of the n bytes at p, in lowercase hex. */
void ogas_sha256_hex(const void *p, size_t n, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    if (sodium_init() < 0) abort(); /* libsodium could not start: nothing can be hashed */
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Feeds the string s and a line end to the hash state. */
static void line(crypto_hash_sha256_state *st, const char *s)
{
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

/* hex := the hash of rec's fields, one a line: a version tag, seq, time, actor, action, subject, detail,
 * inputs_hash, results_hash, prev_hash. */
void store__audit_hash(const ogas_audit_record *rec, char hex[65])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char seq[24];
    snprintf(seq, sizeof seq, "%lld", (long long)rec->seq);
    crypto_hash_sha256_init(&st);
    line(&st, "ogas-audit-1");
    line(&st, seq);
    line(&st, rec->time);
    line(&st, rec->actor);
    line(&st, rec->action);
    line(&st, rec->subject);
    line(&st, rec->detail);
    line(&st, rec->inputs_hash);
    line(&st, rec->results_hash);
    line(&st, rec->prev_hash);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Copies column c of st (text) into the fixed field dst of size n. */
static void column(sqlite3_stmt *st, int c, char *dst, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* rec := the record in the current row of st (columns in the audit table's order). */
static void row(sqlite3_stmt *st, ogas_audit_record *rec)
{
    rec->seq = sqlite3_column_int64(st, 0);
    column(st, 1, rec->time, sizeof rec->time);
    column(st, 2, rec->actor, sizeof rec->actor);
    column(st, 3, rec->action, sizeof rec->action);
    column(st, 4, rec->subject, sizeof rec->subject);
    column(st, 5, rec->detail, sizeof rec->detail);
    column(st, 6, rec->inputs_hash, sizeof rec->inputs_hash);
    column(st, 7, rec->results_hash, sizeof rec->results_hash);
    column(st, 8, rec->prev_hash, sizeof rec->prev_hash);
    column(st, 9, rec->hash, sizeof rec->hash);
}

#define AUDIT_COLUMNS "seq, time, actor, action, subject, detail, inputs_hash, results_hash, prev_hash, hash"

/* Appends rec after the last record (inside the caller's transaction). */
ogas_status store__audit_append(ogas_store *s, ogas_audit_record *rec, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    if ((rc = store__prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &st, err))) return rc;
    rec->seq = 1;
    memset(rec->prev_hash, '0', 64);
    rec->prev_hash[64] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW) {
        rec->seq = sqlite3_column_int64(st, 0) + 1;
        column(st, 1, rec->prev_hash, sizeof rec->prev_hash);
    }
    sqlite3_finalize(st);
    store__now(rec->time);
    store__audit_hash(rec, rec->hash);
    if ((rc = store__prepare(s, "INSERT INTO audit(" AUDIT_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?)", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, rec->seq);
    sqlite3_bind_text(st, 2, rec->time, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rec->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, rec->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, rec->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, rec->detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, rec->inputs_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, rec->results_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, rec->prev_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, rec->hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store__fail(s, err, "appending to the audit log");
    sqlite3_finalize(st);
    return rc;
}

/* rec := audit record seq. */
ogas_status store__audit_get(ogas_store *s, int64_t seq, ogas_audit_record *rec, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    if ((rc = store__prepare(s, "SELECT " AUDIT_COLUMNS " FROM audit WHERE seq = ?", &st, err))) return rc;
    sqlite3_bind_int64(st, 1, seq);
    if (sqlite3_step(st) == SQLITE_ROW) row(st, rec);
    else rc = ogas_error_set(err, OGAS_ENOTFOUND, "store %s: no audit record %lld", s->path, (long long)seq);
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each record from seq `from` on, in order, until it returns non-zero. */
ogas_status ogas_store_audit(ogas_store *s, int64_t from, int (*fn)(const ogas_audit_record *rec, void *ud), void *ud,
                             ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step;
    if ((rc = store__prepare(s, "SELECT " AUDIT_COLUMNS " FROM audit WHERE seq >= ? ORDER BY seq", &st, err))) return rc;
    sqlite3_bind_int64(st, 1, from);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ogas_audit_record rec;
        row(st, &rec);
        if (fn(&rec, ud)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store__fail(s, err, "reading the audit log");
    sqlite3_finalize(st);
    return rc;
}
