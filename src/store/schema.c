/* schema.c: opening the store: the SQLite settings, the schema and its migrations. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store_internal.h"

/* The migrations: migration[v] takes a database of schema v to v + 1. Never edit one that has shipped:
 * add the next. */
static const char *const migration[OGAS_STORE_SCHEMA] = {
    /* 0 -> 1: the audit log, content-addressed files, runs with their files and values, adoptions */
    "CREATE TABLE audit("
    "  seq INTEGER PRIMARY KEY,"
    "  time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,"
    "  detail TEXT NOT NULL, inputs_hash TEXT NOT NULL, results_hash TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);"
    "CREATE TABLE blobs("
    "  sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, bytes BLOB NOT NULL);"
    "CREATE TABLE runs("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('balance', 'plan', 'budget', 'simulation')),"
    "  name TEXT NOT NULL, args TEXT NOT NULL, actor TEXT NOT NULL, created TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL UNIQUE REFERENCES audit(seq));"
    "CREATE TABLE run_files("
    "  run_id INTEGER NOT NULL REFERENCES runs(id), role TEXT NOT NULL, name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL REFERENCES blobs(sha256),"
    "  PRIMARY KEY (run_id, role));"
    "CREATE TABLE run_values("
    "  run_id INTEGER NOT NULL REFERENCES runs(id), series TEXT NOT NULL, idx INTEGER NOT NULL,"
    "  label TEXT NOT NULL, value REAL,"
    "  PRIMARY KEY (run_id, series, idx)) WITHOUT ROWID;"
    "CREATE TABLE adoptions("
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id), actor TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL UNIQUE REFERENCES audit(seq));"
    "CREATE VIEW economies AS SELECT id, name, created, audit_seq FROM runs WHERE kind = 'balance';"
    "CREATE VIEW plans AS SELECT r.id, r.name, r.args, r.created, r.audit_seq, a.actor AS adopted_by"
    "  FROM runs r LEFT JOIN adoptions a ON a.run_id = r.id WHERE r.kind = 'plan';"
    "CREATE VIEW budgets AS SELECT id, name, args, created, audit_seq FROM runs WHERE kind = 'budget';"
    "CREATE VIEW simulations AS SELECT id, name, args, created, audit_seq FROM runs WHERE kind = 'simulation';",
    /* 1 -> 2: what the server keeps (ogas/civic.h): token hashes, refusals (outside the chain), elections with
     * their projects and ballots (one per voter), recall petitions (one pending signature per signer) */
    "CREATE TABLE tokens("
    "  id INTEGER PRIMARY KEY, holder TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('member', 'delegate')), council TEXT NOT NULL, may TEXT NOT NULL,"
    "  election INTEGER NOT NULL, sha256 TEXT NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT,"
    "  audit_seq INTEGER NOT NULL REFERENCES audit(seq));"
    "CREATE INDEX tokens_holder ON tokens(holder);"
    "CREATE TABLE refusals("
    "  id INTEGER PRIMARY KEY, time TEXT NOT NULL, holder TEXT, route TEXT NOT NULL, reason TEXT NOT NULL);"
    "CREATE TABLE elections("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, budget INTEGER NOT NULL CHECK (budget > 0), rule TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('open', 'deciding', 'decided')),"
    "  opened TEXT NOT NULL, opened_by TEXT NOT NULL, audit_seq INTEGER NOT NULL REFERENCES audit(seq),"
    "  budget_run INTEGER REFERENCES runs(id), decided_seq INTEGER REFERENCES audit(seq));"
    "CREATE TABLE election_projects("
    "  election_id INTEGER NOT NULL REFERENCES elections(id), project TEXT NOT NULL, name TEXT NOT NULL,"
    "  cost INTEGER NOT NULL CHECK (cost > 0), proposed_by TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL REFERENCES audit(seq), PRIMARY KEY (election_id, project));"
    "CREATE TABLE ballots("
    "  election_id INTEGER NOT NULL REFERENCES elections(id), voter TEXT NOT NULL, approvals TEXT NOT NULL,"
    "  cast_at TEXT NOT NULL, audit_seq INTEGER NOT NULL UNIQUE REFERENCES audit(seq),"
    "  PRIMARY KEY (election_id, voter));"
    "CREATE TABLE recall_signatures("
    "  id INTEGER PRIMARY KEY, council TEXT NOT NULL, delegate TEXT NOT NULL, signer TEXT NOT NULL,"
    "  time TEXT NOT NULL, audit_seq INTEGER NOT NULL UNIQUE REFERENCES audit(seq),"
    "  recalled_seq INTEGER REFERENCES audit(seq));"
    "CREATE UNIQUE INDEX recall_pending ON recall_signatures(council, delegate, signer) WHERE recalled_seq IS NULL;",
    /* 2 -> 3: the council registry kept in the store, one row per event (its registry text line) */
    "CREATE TABLE council_events("
    "  seq INTEGER PRIMARY KEY, line TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL UNIQUE REFERENCES audit(seq));",
};

/* err := "store PATH: what: SQLite's message"; returns OGAS_EIO. */
ogas_status store__fail(ogas_store *s, ogas_error *err, const char *what)
{
    return ogas_error_set(err, OGAS_EIO, "store %s: %s: %s", s->path, what, s->db ? sqlite3_errmsg(s->db) : "no database");
}

/* *st := the prepared statement sql; reports a failure in err. */
ogas_status store__prepare(ogas_store *s, const char *sql, sqlite3_stmt **st, ogas_error *err)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) return store__fail(s, err, "preparing a statement");
    return OGAS_OK;
}

/* Runs the constant statement sql (no parameters). */
static ogas_status exec(ogas_store *s, const char *sql, const char *what, ogas_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return store__fail(s, err, what);
    return OGAS_OK;
}

/* BEGIN IMMEDIATE: takes the write lock now, so that the audit sequence read next is the last. */
ogas_status store__begin(ogas_store *s, ogas_error *err)
{
    return exec(s, "BEGIN IMMEDIATE", "starting a transaction", err);
}

/* COMMIT. */
ogas_status store__commit(ogas_store *s, ogas_error *err)
{
    return exec(s, "COMMIT", "committing", err);
}

/* ROLLBACK, ignoring failure (there may be no transaction left to roll back). */
void store__rollback(ogas_store *s)
{
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* buf := the current time, UTC, ISO 8601. */
void store__now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Copies src into dst (size n), newlines and tabs turned into spaces, cut to fit. */
void store__field(char *dst, size_t n, const char *src)
{
    size_t k = 0;
    for (; src && src[k] && k + 1 < n; k++) dst[k] = (src[k] == '\n' || src[k] == '\r' || src[k] == '\t') ? ' ' : src[k];
    dst[k] = '\0';
}

/* Column c of st as text, "" for NULL. */
const char *store__text(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? (const char *)t : "";
}

/* *version := PRAGMA user_version. */
static ogas_status user_version(ogas_store *s, int *version, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc = store__prepare(s, "PRAGMA user_version", &st, err);
    if (rc) return rc;
    if (sqlite3_step(st) == SQLITE_ROW) *version = sqlite3_column_int(st, 0);
    else rc = store__fail(s, err, "reading the schema version");
    sqlite3_finalize(st);
    return rc;
}

/* Brings s from its schema version to OGAS_STORE_SCHEMA, one migration per transaction. */
static ogas_status migrate(ogas_store *s, ogas_error *err)
{
    ogas_status rc;
    int v = 0;
    if ((rc = user_version(s, &v, err))) return rc;
    if (v > OGAS_STORE_SCHEMA)
        return ogas_error_set(err, OGAS_EINVAL, "store %s: schema version %d is newer than this ogas knows (%d): "
                                                "use a newer ogas", s->path, v, OGAS_STORE_SCHEMA);
    while (v < OGAS_STORE_SCHEMA) {
        char pragma[48];
        if ((rc = store__begin(s, err))) return rc;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(s, migration[v], "migrating the schema", err)) ||
            (rc = exec(s, pragma, "recording the schema version", err)) || (rc = store__commit(s, err))) {
            store__rollback(s);
            return rc;
        }
        v++;
    }
    s->schema = v;
    return OGAS_OK;
}

/* s := the database at path, created if create is set, with WAL, foreign keys, full sync, migrated. */
ogas_status ogas_store_open(const char *path, int create, ogas_store **out, ogas_error *err)
{
    ogas_store *s = NULL;
    ogas_status rc = OGAS_OK;
    struct stat st;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;

    *out = NULL;
    if (sodium_init() < 0) return ogas_error_set(err, OGAS_EINTERNAL, "libsodium could not start");
    if (!create && stat(path, &st) != 0)
        return ogas_error_set(err, OGAS_ENOTFOUND, "store %s: no such database (ogas db init creates one)", path);
    if (create) flags |= SQLITE_OPEN_CREATE;
    if (!(s = ogas_calloc(1, sizeof *s))) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = store__fail(s, err, "opening");
        goto done;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    if ((rc = exec(s, "PRAGMA journal_mode = WAL", "setting WAL mode", err)) ||
        (rc = exec(s, "PRAGMA synchronous = FULL", "setting full sync", err)) ||
        (rc = exec(s, "PRAGMA foreign_keys = ON", "turning on foreign keys", err)))
        goto done;
    rc = migrate(s, err);
done:
    if (rc) ogas_store_close(s);
    else *out = s;
    return rc;
}

/* Closes s. */
void ogas_store_close(ogas_store *s)
{
    if (!s) return;
    sqlite3_close_v2(s->db);
    ogas_free(s);
}

/* The schema version of the open database. */
int ogas_store_schema(const ogas_store *s)
{
    return s->schema;
}

/* "balance", "plan", "budget", "simulation". */
const char *ogas_run_kind_name(ogas_run_kind k)
{
    static const char *const names[] = {"balance", "plan", "budget", "simulation"};
    return (unsigned)k < 4 ? names[k] : NULL;
}
