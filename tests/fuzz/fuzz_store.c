/* fuzz_store: the store's verification (ogas_store_verify, with every run recomputed) on a store tampered
 * with from outside, as anyone holding the database file could.
 *
 * A template store is built once: a budget (a small .pb election), a plan (the peer's n10_1) adopted by a
 * delegate, a council registry (a council, two members, an election of a delegate) and an election opened
 * through the server's side of the store with a ballot cast. Each input is a list of tampering operations
 * on a copy of it: 4 bytes each (operation and value kind, table, column, row) then the value's bytes: set
 * one column of one row to NULL, an integer, a real or a text, or delete the row. Then:
 *   - opening and verifying never crash, leak or fail for another reason than the database itself;
 *   - when an operation really changed a guarded column (one that the audit chain covers: every column of
 *     the audit log, and of runs, run files, run values, blobs, adoptions, council events, ballots,
 *     elections and their projects except the few listed as unguarded below) or deleted a guarded row,
 *     verify must report at least one problem: tampering is never silent;
 *   - with no problem reported, no audit record is named as the first broken one;
 *   - every stored run can be loaded (or refused with an error), whatever was done to it. */
#include "fuzz_economy.h"

#include <sqlite3.h>

#include "ogas/budget.h"
#include "ogas/civic.h"
#include "ogas/core.h"
#include "ogas/council.h"
#include "ogas/pb.h"
#include "ogas/plan.h"
#include "ogas/store.h"

typedef struct fuzz_table {
    const char *name;
    const char *key;        /* the row key: rowid, or the primary key of a table without rowid */
    const char *sel;        /* the same as a select list */
    const char *cols[10];
    unsigned unguarded;     /* bit k: column k is not covered by the chain (a change may go unseen) */
} fuzz_table;

static const fuzz_table tables[] = {
    {"audit", "rowid", "rowid", {"seq", "time", "actor", "action", "subject", "detail", "inputs_hash", "results_hash", "prev_hash", "hash"}, 0},
    {"runs", "rowid", "rowid", {"id", "kind", "name", "args", "actor", "created", "audit_seq"}, 0},
    {"run_files", "rowid", "rowid", {"run_id", "role", "name", "sha256"}, 0},
    {"run_values", "(run_id, series, idx)", "run_id, series, idx", {"run_id", "series", "idx", "label", "value"}, 0},
    {"blobs", "rowid", "rowid", {"sha256", "size", "bytes"}, 0},
    {"adoptions", "rowid", "rowid", {"run_id", "actor", "audit_seq"}, 0},
    {"council_events", "rowid", "rowid", {"seq", "line", "audit_seq"}, 0},
    /* a ballot's time of casting and an election's state and bookkeeping are not in its record */
    {"ballots", "rowid", "rowid", {"election_id", "voter", "approvals", "cast_at", "audit_seq"}, 1u << 3},
    {"elections", "rowid", "rowid", {"id", "name", "budget", "rule", "status", "opened", "opened_by", "audit_seq"},
     (1u << 4) | (1u << 5) | (1u << 6)},
    /* who proposed a project is not in its record */
    {"election_projects", "rowid", "rowid", {"election_id", "project", "name", "cost", "proposed_by", "audit_seq"}, 1u << 4},
};
#define NTABLES (sizeof tables / sizeof *tables)

static unsigned char *template_bytes;
static size_t template_len;

static const char election_pb[] =
    "META\nkey;value\nnum_projects;3\nnum_votes;3\nbudget;100\nvote_type;approval\nrule;greedy\n"
    "PROJECTS\nproject_id;cost\np1;60\np2;50\np3;40\n"
    "VOTES\nvoter_id;vote\nv1;p1,p3\nv2;p2\nv3;p3,p2\n";

/* Stops the harness: a setup step failed. */
static void must(ogas_status rc, const ogas_error *err, const char *what)
{
    if (rc) fuzz_fail("fuzz_store setup: %s: %s", what, err->message);
}

/* Builds the template store and keeps its bytes. */
static void build_template(void)
{
    const char *db = fuzz_path("template.db"), *pbp = fuzz_path("e.pb");
    static const char *const plan_files[] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};
    char plan_paths[4][256], wal[300];
    ogas_store_file files[4];
    ogas_store *s = NULL;
    ogas_error err;
    ogas_pb pb;
    ogas_budget_options o;
    ogas_budget_result r;
    ogas_store_values vs = {0};
    ogas_plan_problem p;
    ogas_plan plan;
    ogas_plan_options po;
    ogas_council_registry *reg = NULL;
    ogas_council_stamp st = {"2026-11-29T09:00:00Z", "clerk", ""};
    ogas_council_ballot ballots[2];
    ogas_civic_project projects[2] = {{"p1", "Park", 60}, {"p2", "Pool", 50}};
    const char *approve[] = {"p1"};
    int64_t id = 0, seq = 0, count = 0;
    FILE *fp;

    memset(&pb, 0, sizeof pb);
    memset(&r, 0, sizeof r);
    memset(&plan, 0, sizeof plan);
    unlink(db);
    fuzz_write(pbp, (const uint8_t *)election_pb, sizeof election_pb - 1);
    must(ogas_store_open(db, 1, &s, &err), &err, "open");
    /* a budget */
    must(ogas_pb_read(pbp, &pb, &err), &err, "pb");
    must(ogas_budget_rule("greedy", &pb, &o, &err), &err, "rule");
    must(ogas_budget_run(&pb, &o, &r, &err), &err, "budget");
    must(ogas_store_values_budget(&pb, &r, &vs, &err), &err, "budget values");
    files[0].role = "table";
    files[0].path = pbp;
    {
        ogas_store_run run = {OGAS_RUN_BUDGET, "small election", "rule=greedy\n", "clerk", 1, files};
        must(ogas_store_put(s, &run, &vs, &id, &seq, &err), &err, "put budget");
    }
    ogas_store_values_free(&vs);
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
    /* a plan, adopted */
    must(ogas_plan_read("examples/plan/random5y/n10_1", &p, &err), &err, "plan read");
    ogas_plan_options_init(&po);
    must(ogas_plan_lp(&p, &po, &plan, &err), &err, "plan lp");
    must(ogas_store_values_plan(&p, &plan, &vs, &err), &err, "plan values");
    for (int k = 0; k < 4; k++) {
        static char roles[4][32];
        snprintf(plan_paths[k], sizeof plan_paths[k], "examples/plan/random5y/n10_1/%s", plan_files[k]);
        snprintf(roles[k], sizeof roles[k], "dir/%s", plan_files[k]);
        files[k].role = roles[k];
        files[k].path = plan_paths[k];
    }
    {
        ogas_store_run run = {OGAS_RUN_PLAN, "n10_1", "", "office", 4, files};
        must(ogas_store_put(s, &run, &vs, &id, &seq, &err), &err, "put plan");
    }
    must(ogas_store_adopt(s, id, "ann", &seq, &err), &err, "adopt");
    ogas_store_values_free(&vs);
    ogas_plan_free(&plan);
    ogas_plan_problem_free(&p);
    /* councils */
    must(ogas_store_councils_load(s, &reg, &count, &err), &err, "councils load");
    must(ogas_council_create(reg, &st, "N", "Congress", NULL, 0, &err), &err, "council N");
    must(ogas_council_create(reg, &st, "W1", "Works", "N", 1, &err), &err, "council W1");
    must(ogas_council_add_member(reg, &st, "W1", "ann", "Ann", &err), &err, "member ann");
    must(ogas_council_add_member(reg, &st, "W1", "bob", "Bob", &err), &err, "member bob");
    memset(ballots, 0, sizeof ballots);
    ballots[0].voter = "ann";
    ballots[0].candidate = "ann";
    ballots[1].voter = "bob";
    ballots[1].candidate = "ann";
    must(ogas_council_elect(reg, &st, "W1", ballots, 2, 0.5, &err), &err, "elect");
    must(ogas_store_councils_save(s, reg, count, &err), &err, "councils save");
    ogas_council_registry_destroy(reg);
    /* an election with a ballot */
    must(ogas_civic_election_open(s, "Parks", 100, "greedy", projects, 2, "ann", &id, &seq, &err), &err, "election");
    must(ogas_civic_election_ballot(s, id, "bob", approve, 1, &seq, &err), &err, "ballot");
    ogas_store_close(s);
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    if (!(fp = fopen(db, "rb"))) fuzz_fail("fuzz_store setup: cannot read the template");
    fseek(fp, 0, SEEK_END);
    template_len = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    if (!(template_bytes = malloc(template_len)) || fread(template_bytes, 1, template_len, fp) != template_len)
        fuzz_fail("fuzz_store setup: cannot read the template");
    fclose(fp);
    unlink(db);
}

/* Collects nothing: verify's messages are not checked one by one. */
static void ignore(const char *message, void *ud)
{
    (void)message;
    (void)ud;
}

/* Applies the operations in data to the database at path; returns whether a guarded value changed. */
static int tamper(const char *path, const uint8_t *data, size_t size)
{
    sqlite3 *h = NULL;
    int guarded = 0;
    if (sqlite3_open(path, &h) != SQLITE_OK) fuzz_fail("fuzz_store: cannot open the copy");
    for (size_t i = 0; i + 4 <= size;) {
        const fuzz_table *t = &tables[data[i + 1] % NTABLES];
        int ncols = 0, op = data[i] & 3, kind = (data[i] >> 2) & 3, col, row = data[i + 3];
        char sql[512];
        sqlite3_stmt *st = NULL;
        while (ncols < 10 && t->cols[ncols]) ncols++;
        col = data[i + 2] % ncols;
        i += 4;
        if (op == 3)
            snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = (SELECT %s FROM %s ORDER BY 1 LIMIT 1 OFFSET ?2)", t->name,
                     t->key, t->sel, t->name);
        else
            snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?1 WHERE %s = (SELECT %s FROM %s ORDER BY 1 LIMIT 1 OFFSET ?2) "
                     "AND %s IS NOT ?1", t->name, t->cols[col], t->key, t->sel, t->name, t->cols[col]);
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) fuzz_fail("fuzz_store: %s: %s", sql, sqlite3_errmsg(h));
        if (op != 3) {
            if (kind == 0) sqlite3_bind_null(st, 1);
            else if (kind == 1 || kind == 2) {
                int64_t v = i + 2 <= size ? (int64_t)(int16_t)(data[i] | data[i + 1] << 8) : 0;
                i += i + 2 <= size ? 2 : 0;
                if (kind == 1) sqlite3_bind_int64(st, 1, v);
                else sqlite3_bind_double(st, 1, (double)v / 7.0);
            } else {
                size_t n = i < size ? data[i] % 24 : 0;
                i += i < size;
                if (i + n > size) n = size - i;
                sqlite3_bind_text(st, 1, (const char *)data + i, (int)n, SQLITE_TRANSIENT);
                i += n;
            }
        }
        sqlite3_bind_int(st, 2, row % 8);
        if (sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(h) > 0 && (op == 3 || !(t->unguarded >> col & 1)))
            guarded = 1;
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return guarded;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *db = fuzz_path("work.db");
    char wal[300], shm[300];
    ogas_store *s = NULL;
    ogas_error err;
    ogas_verify_report rep;
    int changed;
    if (!template_bytes) build_template();
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    unlink(wal);
    unlink(shm);
    fuzz_write(db, template_bytes, template_len);
    changed = tamper(db, data, size);
    ogas_error_clear(&err);
    if (ogas_store_open(db, 0, &s, &err) == OGAS_OK) {
        int64_t *ids = NULL, n = 0;
        if (ogas_store_verify(s, ogas_store_recompute, ogas_store_tolerance, fuzz_dir, ignore, NULL, &rep, &err) == OGAS_OK) {
            if (changed && rep.problems == 0) fuzz_fail("fuzz_store: a guarded value was changed and verify saw nothing");
            if (rep.problems == 0 && rep.first_broken) fuzz_fail("fuzz_store: no problem, but a first broken record");
        } else if (!err.message[0]) {
            fuzz_fail("fuzz_store: verify failed without a message");
        }
        if (ogas_store_runs(s, -1, &ids, &n, &err) == OGAS_OK)
            for (int64_t k = 0; k < n; k++) {
                ogas_store_loaded r;
                if (ogas_store_load(s, ids[k], &r, &err) == OGAS_OK) ogas_store_loaded_free(&r);
            }
        ogas_free(ids);
        ogas_store_close(s);
    }
    unlink(wal);
    unlink(shm);
    return 0;
}
