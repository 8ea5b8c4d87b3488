/* test_store.c: the store and its audit log: a run stored and read back exactly (NaN included), the
 * chain intact, each kind of tampering found and named (a stored number, a record's field, a removed
 * record, a file's bytes, a run's options), a real budget recomputed and a changed winner named, adoption
 * refusals, a newer schema and a file that is no database refused, and out of memory while storing
 * leaving nothing half-written. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ogas/ogas.h"
#include "test.h"

/* A fresh database path and an input file for the test (removed by cleanup). */
static void paths(char *db, char *file, size_t n, const char *tag)
{
    snprintf(db, n, "/tmp/ogas-test-store-%s-%d.db", tag, (int)getpid());
    snprintf(file, n, "/tmp/ogas-test-store-%s-%d.csv", tag, (int)getpid());
    unlink(db);
}

/* Removes the database, its WAL files and the input file. */
static void cleanup(const char *db, const char *file)
{
    char p[600];
    unlink(db);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db);
    unlink(p);
    unlink(file);
}

/* Writes text to path. */
static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return;
    fputs(text, fp);
    fclose(fp);
}

/* Stores a small balance run with one file and three numbers (one NaN); returns its id. */
static int64_t put_one(ogas_store *s, const char *file, const char *name)
{
    ogas_store_values vs = {0};
    ogas_store_file f = {"table", file};
    ogas_store_run r = {OGAS_RUN_BALANCE, name, "layout=wide\n", "tester", 1, &f};
    ogas_error err;
    int64_t id = 0, seq = 0;
    if (ogas_store_values_add(&vs, "output", 1, "B", 2.5, &err) || ogas_store_values_add(&vs, "output", 0, "A", 1e-300, &err) ||
        ogas_store_values_add(&vs, "labour_value", 0, "A", NAN, &err) || ogas_store_put(s, &r, &vs, &id, &seq, &err))
        id = -1;
    ogas_store_values_free(&vs);
    return id;
}

/* A recomputation that gives the numbers put_one stores (the test's stand-in for a solver). */
static ogas_status same_numbers(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs, ogas_error *err)
{
    char path[1200];
    FILE *fp;
    (void)err;
    /* the stored file is there to read */
    if (!ogas_store_file_path(r, dir, "table", path, sizeof path) || !(fp = fopen(path, "r")))
        return ogas_error_set(err, OGAS_EIO, "stored file not written");
    fclose(fp);
    ogas_store_values_add(vs, "labour_value", 0, "A", NAN, err);
    ogas_store_values_add(vs, "output", 0, "A", 1e-300, err);
    ogas_store_values_add(vs, "output", 1, "B", 2.5, err);
    return OGAS_OK;
}

typedef struct msgs {
    int n;
    char text[16][1024];
} msgs;

/* Collects verify's messages. */
static void collect(const char *message, void *ud)
{
    msgs *m = ud;
    if (m->n < 16) snprintf(m->text[m->n], sizeof m->text[0], "%s", message);
    m->n++;
}

/* Whether some collected message contains needle. */
static int said(const msgs *m, const char *needle)
{
    for (int k = 0; k < m->n && k < 16; k++)
        if (strstr(m->text[k], needle)) return 1;
    return 0;
}

/* Runs verify with the stand-in recomputation; returns the report, messages into m. */
static ogas_verify_report verify(ogas_store *s, msgs *m)
{
    ogas_store_recompute_fn fns[4] = {same_numbers, NULL, NULL, NULL};
    double tol[4] = {1e-12, 1e-12, 0, 0};
    ogas_verify_report rep;
    ogas_error err;
    memset(m, 0, sizeof *m);
    if (ogas_store_verify(s, fns, tol, "/tmp", collect, m, &rep, &err) != OGAS_OK) memset(&rep, 0xff, sizeof rep);
    return rep;
}

/* Runs one SQL statement on the database file from outside the store (tampering). */
static int tamper(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open(db, &h);
    if (rc == SQLITE_OK) rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return rc == SQLITE_OK;
}

TEST(test_store_roundtrip)
{
    char db[512], file[512];
    ogas_store *s = NULL;
    ogas_store_loaded r;
    ogas_error err;
    msgs m;
    ogas_verify_report rep;
    int64_t id, *ids = NULL, n = 0;
    paths(db, file, sizeof db, "rt");
    write_text(file, "code,A,B\nA,1,2\n");
    REQUIRE(ogas_store_open(db, 1, &s, &err) == OGAS_OK);
    CHECK_EQ_INT(ogas_store_schema(s), OGAS_STORE_SCHEMA);
    id = put_one(s, file, "first");
    CHECK_EQ_INT(id, 1);
    CHECK_EQ_INT(put_one(s, file, "second"), 2);
    REQUIRE(ogas_store_load(s, 1, &r, &err) == OGAS_OK);
    CHECK_STR(r.name, "first");
    CHECK_STR(r.args, "layout=wide\n");
    CHECK_STR(r.actor, "tester");
    CHECK_EQ_INT(r.nfiles, 1);
    CHECK_STR(r.role[0], "table");
    CHECK_EQ_INT(r.size[0], 15);
    CHECK(memcmp(r.bytes[0], "code,A,B\nA,1,2\n", 15) == 0);
    REQUIRE(r.values.n == 3);
    /* sorted by series, then index; NaN survives as NULL; 1e-300 exactly */
    CHECK_STR(r.values.v[0].series, "labour_value");
    CHECK(isnan(r.values.v[0].value));
    CHECK_STR(r.values.v[1].label, "A");
    CHECK(r.values.v[1].value == 1e-300);
    CHECK(r.values.v[2].value == 2.5);
    ogas_store_loaded_free(&r);
    CHECK_EQ_INT(ogas_store_load(s, 9, &r, &err), OGAS_ENOTFOUND);
    CHECK(ogas_store_runs(s, OGAS_RUN_BALANCE, &ids, &n, &err) == OGAS_OK);
    CHECK_EQ_INT(n, 2);
    ogas_free(ids);
    CHECK(ogas_store_runs(s, OGAS_RUN_PLAN, &ids, &n, &err) == OGAS_OK);
    CHECK_EQ_INT(n, 0);
    ogas_free(ids);
    rep = verify(s, &m);
    CHECK_EQ_INT(rep.problems, 0);
    CHECK_EQ_INT(rep.records, 2);
    CHECK_EQ_INT(rep.recomputed, 2);
    CHECK_EQ_INT(rep.first_broken, 0);
    /* reopening an existing database migrates nothing and keeps everything */
    ogas_store_close(s);
    REQUIRE(ogas_store_open(db, 0, &s, &err) == OGAS_OK);
    rep = verify(s, &m);
    CHECK_EQ_INT(rep.problems, 0);
    ogas_store_close(s);
    cleanup(db, file);
}

TEST(test_store_tampering)
{
    static const struct {
        const char *sql, *expect;
        int64_t broken;
    } cases[] = {
        {"UPDATE run_values SET value = 2.5000001 WHERE run_id = 2 AND series = 'output' AND idx = 1",
         "output[1] (B) is stored as 2.5000001 but recomputes to 2.5", 0},
        {"UPDATE audit SET detail = 'forged' WHERE seq = 1", "audit record 1 (balance computed, balance 1): its contents were changed", 1},
        {"DELETE FROM run_values WHERE run_id = 2 AND series = 'labour_value'", "stored results differ", 0},
        {"UPDATE blobs SET bytes = CAST('code,A,B\nA,1,3\n' AS BLOB)", "stored file", 0},
        {"UPDATE runs SET args = 'layout=wiod\n' WHERE id = 1", "stored inputs", 0},
        {"PRAGMA foreign_keys = OFF; DELETE FROM runs WHERE id = 3; DELETE FROM run_values WHERE run_id = 3; "
         "DELETE FROM run_files WHERE run_id = 3; DELETE FROM audit WHERE seq = 3",
         "records 3..3 are missing", 4},
        {"UPDATE audit SET prev_hash = hash WHERE seq = 2", "link to the record before is broken", 2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char db[512], file[512];
        ogas_store *s = NULL;
        ogas_error err;
        msgs m;
        ogas_verify_report rep;
        paths(db, file, sizeof db, "tamper");
        write_text(file, "code,A,B\nA,1,2\n");
        REQUIRE(ogas_store_open(db, 1, &s, &err) == OGAS_OK);
        for (int k = 0; k < 4; k++) put_one(s, file, "run");
        ogas_store_close(s);
        CHECK(tamper(db, cases[c].sql));
        REQUIRE(ogas_store_open(db, 0, &s, &err) == OGAS_OK);
        rep = verify(s, &m);
        if (!(rep.problems > 0 && said(&m, cases[c].expect)))
            test_fail(__FILE__, __LINE__, "case %zu (%s): %lld problems, first message '%s'", c, cases[c].sql,
                      (long long)rep.problems, m.n ? m.text[0] : "");
        CHECK_EQ_INT(rep.first_broken, cases[c].broken);
        ogas_store_close(s);
        cleanup(db, file);
    }
}

TEST(test_store_budget_recomputed)
{
    char db[512], file[512];
    const char *pb_path = "examples/pb/Poland_Swiecie_2023.pb";
    ogas_store *s = NULL;
    ogas_pb pb;
    ogas_budget_options o;
    ogas_budget_result res;
    ogas_store_values vs = {0};
    ogas_store_file f = {"table", pb_path};
    ogas_store_run run = {OGAS_RUN_BUDGET, "Swiecie 2023", "rule=equalshares/add1\n", "clerk", 1, &f};
    ogas_error err;
    ogas_verify_report rep;
    msgs m;
    int64_t id = 0;
    paths(db, file, sizeof db, "budget");
    memset(&pb, 0, sizeof pb);
    memset(&res, 0, sizeof res);
    REQUIRE(ogas_pb_read(pb_path, &pb, &err) == OGAS_OK);
    REQUIRE(ogas_budget_rule("equalshares/add1", &pb, &o, &err) == OGAS_OK);
    REQUIRE(ogas_budget_run(&pb, &o, &res, &err) == OGAS_OK);
    REQUIRE(ogas_store_values_budget(&pb, &res, &vs, &err) == OGAS_OK);
    REQUIRE(ogas_store_open(db, 1, &s, &err) == OGAS_OK);
    CHECK(ogas_store_put(s, &run, &vs, &id, NULL, &err) == OGAS_OK);
    CHECK(ogas_store_verify(s, ogas_store_recompute, ogas_store_tolerance, "/tmp", collect, &m, &rep, &err) == OGAS_OK);
    CHECK_EQ_INT(rep.problems, 0);
    CHECK_EQ_INT(rep.recomputed, 1);
    ogas_store_close(s);
    /* the second winner replaced by a project that lost */
    {
        char sql[512];
        int32_t loser = -1;
        for (int64_t j = 0; j < pb.nprojects && loser < 0; j++) {
            int won = 0;
            for (int64_t k = 0; k < res.nselected; k++) won |= res.selected[k] == j;
            if (!won) loser = (int32_t)j;
        }
        REQUIRE(loser >= 0 && res.nselected >= 2);
        snprintf(sql, sizeof sql, "UPDATE run_values SET label = '%s' WHERE run_id = 1 AND series = 'selected' AND idx = 1",
                 pb.project[loser]);
        CHECK(tamper(db, sql));
    }
    REQUIRE(ogas_store_open(db, 0, &s, &err) == OGAS_OK);
    memset(&m, 0, sizeof m);
    CHECK(ogas_store_verify(s, ogas_store_recompute, ogas_store_tolerance, "/tmp", collect, &m, &rep, &err) == OGAS_OK);
    CHECK(rep.problems >= 2);
    CHECK(said(&m, "stored results differ"));
    CHECK(said(&m, "selected[1]"));
    ogas_store_close(s);
    ogas_store_values_free(&vs);
    ogas_budget_result_free(&res);
    ogas_pb_free(&pb);
    cleanup(db, file);
}

TEST(test_store_adopt)
{
    char db[512], file[512];
    ogas_store *s = NULL;
    ogas_store_values vs = {0};
    ogas_store_run plan = {OGAS_RUN_PLAN, "a plan", "", "planner", 0, NULL};
    ogas_error err;
    int64_t id = 0, seq = 0;
    msgs m;
    paths(db, file, sizeof db, "adopt");
    write_text(file, "x\n");
    REQUIRE(ogas_store_open(db, 1, &s, &err) == OGAS_OK);
    ogas_store_values_add(&vs, "phi", 0, "year 1", 0.9, &err);
    REQUIRE(ogas_store_put(s, &plan, &vs, &id, NULL, &err) == OGAS_OK);
    CHECK_EQ_INT(put_one(s, file, "balance"), 2);
    CHECK_EQ_INT(ogas_store_adopt(s, 2, "ann", &seq, &err), OGAS_EINVAL);
    CHECK(strstr(err.message, "not a plan") != NULL);
    CHECK_EQ_INT(ogas_store_adopt(s, 7, "ann", &seq, &err), OGAS_ENOTFOUND);
    CHECK_EQ_INT(ogas_store_adopt(s, id, "ann", &seq, &err), OGAS_OK);
    CHECK_EQ_INT(seq, 3);
    CHECK_EQ_INT(ogas_store_adopt(s, id, "bob", &seq, &err), OGAS_EINVAL);
    CHECK(strstr(err.message, "adopted already") != NULL);
    CHECK_EQ_INT(verify(s, &m).problems, 0);
    ogas_store_close(s);
    /* an adoption removed from the store is found by its record */
    CHECK(tamper(db, "DELETE FROM adoptions"));
    REQUIRE(ogas_store_open(db, 0, &s, &err) == OGAS_OK);
    CHECK(verify(s, &m).problems > 0);
    CHECK(said(&m, "adopts plan 1, but the store holds no such adoption"));
    ogas_store_close(s);
    ogas_store_values_free(&vs);
    cleanup(db, file);
}

TEST(test_store_refuses)
{
    char db[512], file[512];
    ogas_store *s = NULL;
    ogas_error err;
    paths(db, file, sizeof db, "refuse");
    CHECK_EQ_INT(ogas_store_open(db, 0, &s, &err), OGAS_ENOTFOUND);
    CHECK(s == NULL);
    write_text(db, "this is not a database, just text that is long enough to have a header......................\n");
    CHECK(ogas_store_open(db, 0, &s, &err) != OGAS_OK);
    CHECK(s == NULL);
    CHECK(strstr(err.message, db) != NULL);
    unlink(db);
    REQUIRE(ogas_store_open(db, 1, &s, &err) == OGAS_OK);
    ogas_store_close(s);
    CHECK(tamper(db, "PRAGMA user_version = 99"));
    CHECK_EQ_INT(ogas_store_open(db, 0, &s, &err), OGAS_EINVAL);
    CHECK(strstr(err.message, "newer") != NULL);
    /* a missing input file is refused before anything is written */
    CHECK(tamper(db, "PRAGMA user_version = 1"));
    cleanup(db, file);
}

TEST(test_store_out_of_memory)
{
    char db[512], file[512];
    ogas_store *s = NULL;
    ogas_error err;
    msgs m;
    long after;
    int64_t ok_id = -1;
    paths(db, file, sizeof db, "oom");
    write_text(file, "code,A,B\nA,1,2\n");
    REQUIRE(ogas_store_open(db, 1, &s, &err) == OGAS_OK);
    for (after = 0; after < 10000; after++) {
        test_alloc_fail_after(after);
        ok_id = put_one(s, file, "run");
        test_alloc_fail_after(-1);
        if (ok_id > 0) break;
        /* nothing half-written: the store still verifies and holds no run */
        CHECK_EQ_INT(verify(s, &m).records, 0);
    }
    CHECK(after > 3);
    CHECK_EQ_INT(ok_id, 1);
    CHECK_EQ_INT(verify(s, &m).problems, 0);
    ogas_store_close(s);
    cleanup(db, file);
}
