/* store_internal.h: what the store's files share: the open database and statement helpers. */
#ifndef OGAS_STORE_INTERNAL_H
#define OGAS_STORE_INTERNAL_H

#include <sqlite3.h>

#include "ogas/core.h"
#include "ogas/store.h"

struct ogas_store {
    sqlite3 *db;
    char path[512];
    int schema;
};

/* err := "store PATH: what: SQLite's message"; returns OGAS_EIO. */
ogas_status store__fail(ogas_store *s, ogas_error *err, const char *what);
/* *st := the prepared statement sql; reports a failure in err. */
ogas_status store__prepare(ogas_store *s, const char *sql, sqlite3_stmt **st, ogas_error *err);
/* Runs BEGIN IMMEDIATE / COMMIT / ROLLBACK (the rollback never fails the caller). */
ogas_status store__begin(ogas_store *s, ogas_error *err);
ogas_status store__commit(ogas_store *s, ogas_error *err);
void store__rollback(ogas_store *s);
/* buf := the current time, UTC, ISO 8601 ("2026-11-29T14:40:04Z"). */
void store__now(char buf[32]);

/* Appends an audit record (seq = last + 1, prev_hash = the last one's hash) inside the caller's
 * transaction; fills rec's seq, time, prev_hash and hash from the other fields it is given. */
ogas_status store__audit_append(ogas_store *s, ogas_audit_record *rec, ogas_error *err);
/* hex := the hash of rec's fields (everything but rec->hash itself). */
void store__audit_hash(const ogas_audit_record *rec, char hex[65]);
/* rec := audit record seq (ENOTFOUND when there is none). */
ogas_status store__audit_get(ogas_store *s, int64_t seq, ogas_audit_record *rec, ogas_error *err);

/* hex := the hash of a run's inputs: kind, name, args and its files (role, file name, content hash). */
void store__inputs_hash(ogas_run_kind kind, const char *name, const char *args, int64_t nfiles, char *const *role,
                        char *const *fname, char *const *sha, char hex[65]);
/* hex := the hash of a list of values, taken in (series, idx) order (vs is sorted in place). */
void store__results_hash(ogas_store_values *vs, char hex[65]);
/* Sorts vs by (series, idx). */
void store__values_sort(ogas_store_values *vs);
/* Checks the stored council events against their audit records, and that they replay; each problem to
 * problem(ctx, message). */
ogas_status store__verify_councils(ogas_store *s, void (*problem)(void *ctx, const char *msg), void *ctx,
                                   ogas_error *err);
/* Writes run r's files under dir (where ogas_store_file_path says); with undo set, removes them and the
 * folders made for them. */
ogas_status store__materialise(const ogas_store_loaded *r, const char *dir, int undo, ogas_error *err);
/* Column c of the current row of st as text, "" for NULL (a hand-made database may hold NULL anywhere). */
const char *store__text(sqlite3_stmt *st, int c);
/* Copies src into the fixed field dst of size n, newlines and tabs turned into spaces. */
void store__field(char *dst, size_t n, const char *src);

#endif
