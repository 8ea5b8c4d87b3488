/* runs.c: storing a run (its files, options and values, with its audit record) and reading it back. */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Appends (series, idx, label, value) to vs. */
ogas_status ogas_store_values_add(ogas_store_values *vs, const char *series, int64_t idx, const char *label,
                                  double value, ogas_error *err)
{
    ogas_store_value *v;
    if (vs->n == vs->cap) {
        int64_t cap = vs->cap ? 2 * vs->cap : 64;
        ogas_store_value *nv = ogas_reallocarray(vs->v, (size_t)cap, sizeof *nv);
        if (!nv) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for stored values");
        vs->v = nv;
        vs->cap = cap;
    }
    v = &vs->v[vs->n];
    v->series = ogas_strdup(series);
    v->label = ogas_strdup(label ? label : "");
    if (!v->series || !v->label) {
        ogas_free(v->series);
        ogas_free(v->label);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for stored values");
    }
    v->idx = idx;
    v->value = value;
    vs->n++;
    return OGAS_OK;
}

/* Releases vs's values and zeroes it. */
void ogas_store_values_free(ogas_store_values *vs)
{
    for (int64_t k = 0; k < vs->n; k++) {
        ogas_free(vs->v[k].series);
        ogas_free(vs->v[k].label);
    }
    ogas_free(vs->v);
    memset(vs, 0, sizeof *vs);
}

/* Order of two values: series (bytewise, as SQLite's BINARY collation), then idx. */
static int value_cmp(const void *a, const void *b)
{
    const ogas_store_value *x = a, *y = b;
    int c = strcmp(x->series, y->series);
    if (c) return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sorts vs by (series, idx). */
void store__values_sort(ogas_store_values *vs)
{
    if (vs->n > 1) qsort(vs->v, (size_t)vs->n, sizeof *vs->v, value_cmp);
}

/* Feeds s to the hash state. */
static void feed(crypto_hash_sha256_state *st, const char *s)
{
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

/* hex := the hash of the inputs: a tag, kind, name, the length of args and args, then each file as
 * "role TAB name TAB sha256" in the order given (the callers give them by role). */
void store__inputs_hash(ogas_run_kind kind, const char *name, const char *args, int64_t nfiles, char *const *role,
                        char *const *fname, char *const *sha, char hex[65])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char len[32];
    crypto_hash_sha256_init(&st);
    feed(&st, "ogas-inputs-1\n");
    feed(&st, ogas_run_kind_name(kind));
    feed(&st, "\n");
    feed(&st, name);
    feed(&st, "\n");
    snprintf(len, sizeof len, "%zu\n", strlen(args));
    feed(&st, len);
    feed(&st, args);
    feed(&st, "\n");
    for (int64_t k = 0; k < nfiles; k++) {
        feed(&st, role[k]);
        feed(&st, "\t");
        feed(&st, fname[k]);
        feed(&st, "\t");
        feed(&st, sha[k]);
        feed(&st, "\n");
    }
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* buf := the value's canonical text: "nan", "inf", "-inf", "0" for either zero, else %.17g. */
static const char *canonical(double v, char buf[40])
{
    if (isnan(v)) return "nan";
    if (isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return "0";
    snprintf(buf, 40, "%.17g", v);
    return buf;
}

/* hex := the hash of vs, sorted by (series, idx): a tag, then "series TAB idx TAB label TAB value" lines. */
void store__results_hash(ogas_store_values *vs, char hex[65])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char num[40], idx[24];
    store__values_sort(vs);
    crypto_hash_sha256_init(&st);
    feed(&st, "ogas-results-1\n");
    for (int64_t k = 0; k < vs->n; k++) {
        snprintf(idx, sizeof idx, "%lld", (long long)vs->v[k].idx);
        feed(&st, vs->v[k].series);
        feed(&st, "\t");
        feed(&st, idx);
        feed(&st, "\t");
        feed(&st, vs->v[k].label);
        feed(&st, "\t");
        feed(&st, canonical(vs->v[k].value, num));
        feed(&st, "\n");
    }
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* *data, *size := the bytes of the file at path. */
static ogas_status slurp(const char *path, unsigned char **data, int64_t *size, ogas_error *err)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    ogas_status rc = OGAS_OK;
    *data = NULL;
    *size = 0;
    if (!fp) return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot open the file to store it");
    for (;;) {
        size_t got;
        if (n == cap) {
            unsigned char *nb;
            cap = cap ? 2 * cap : 65536;
            if (!(nb = ogas_reallocarray(buf, cap, 1))) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
                break;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp)) rc = ogas_error_at(err, OGAS_EIO, path, 0, 0, "read error");
            break;
        }
    }
    fclose(fp);
    if (rc) ogas_free(buf);
    else {
        *data = buf;
        *size = (int64_t)n;
    }
    return rc;
}

/* The last path component of p. */
static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Binds text, runs the statement once, resets it; reports failure as `what`. */
static ogas_status step_once(ogas_store *s, sqlite3_stmt *st, const char *what, ogas_error *err)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (r != SQLITE_DONE) return store__fail(s, err, what);
    return OGAS_OK;
}

/* *id := the next run id (inside the caller's transaction). */
static ogas_status next_id(ogas_store *s, int64_t *id, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    if ((rc = store__prepare(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM runs", &st, err))) return rc;
    if (sqlite3_step(st) == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    else rc = store__fail(s, err, "numbering the run");
    sqlite3_finalize(st);
    return rc;
}

/* Inserts the run's row, its files (and their bytes) and its values; in the caller's transaction. */
static ogas_status insert(ogas_store *s, const ogas_store_run *r, const ogas_store_values *vs, int64_t id,
                          const ogas_audit_record *rec, char *const *sha, char *const *fname, unsigned char *const *data,
                          const int64_t *size, ogas_error *err)
{
    sqlite3_stmt *run = NULL, *blob = NULL, *file = NULL, *val = NULL;
    ogas_status rc;
    if ((rc = store__prepare(s, "INSERT INTO runs(id, kind, name, args, actor, created, audit_seq) VALUES (?,?,?,?,?,?,?)",
                             &run, err)) ||
        (rc = store__prepare(s, "INSERT OR IGNORE INTO blobs(sha256, size, bytes) VALUES (?,?,?)", &blob, err)) ||
        (rc = store__prepare(s, "INSERT INTO run_files(run_id, role, name, sha256) VALUES (?,?,?,?)", &file, err)) ||
        (rc = store__prepare(s, "INSERT INTO run_values(run_id, series, idx, label, value) VALUES (?,?,?,?,?)", &val,
                             err)))
        goto done;
    sqlite3_bind_int64(run, 1, id);
    sqlite3_bind_text(run, 2, ogas_run_kind_name(r->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(run, 3, rec->detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(run, 4, r->args ? r->args : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(run, 5, rec->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(run, 6, rec->time, -1, SQLITE_STATIC);
    sqlite3_bind_int64(run, 7, rec->seq);
    if ((rc = step_once(s, run, "storing the run", err))) goto done;
    for (int64_t k = 0; k < r->nfiles; k++) {
        sqlite3_bind_text(blob, 1, sha[k], -1, SQLITE_STATIC);
        sqlite3_bind_int64(blob, 2, size[k]);
        sqlite3_bind_blob64(blob, 3, data[k] ? (const void *)data[k] : "", (sqlite3_uint64)size[k], SQLITE_STATIC);
        if ((rc = step_once(s, blob, "storing a file", err))) goto done;
        sqlite3_bind_int64(file, 1, id);
        sqlite3_bind_text(file, 2, r->files[k].role, -1, SQLITE_STATIC);
        sqlite3_bind_text(file, 3, fname[k], -1, SQLITE_STATIC);
        sqlite3_bind_text(file, 4, sha[k], -1, SQLITE_STATIC);
        if ((rc = step_once(s, file, "storing a file's role", err))) goto done;
    }
    for (int64_t k = 0; vs && k < vs->n; k++) {
        const ogas_store_value *v = &vs->v[k];
        sqlite3_bind_int64(val, 1, id);
        sqlite3_bind_text(val, 2, v->series, -1, SQLITE_STATIC);
        sqlite3_bind_int64(val, 3, v->idx);
        sqlite3_bind_text(val, 4, v->label, -1, SQLITE_STATIC);
        if (isnan(v->value)) sqlite3_bind_null(val, 5);
        else sqlite3_bind_double(val, 5, v->value);
        if ((rc = step_once(s, val, "storing a value", err))) goto done;
    }
done:
    sqlite3_finalize(run);
    sqlite3_finalize(blob);
    sqlite3_finalize(file);
    sqlite3_finalize(val);
    return rc;
}

/* Order of the files by role (insertion sort of indices: runs have a handful of files). */
static void order_by_role(const ogas_store_run *r, int64_t *ord)
{
    for (int64_t k = 0; k < r->nfiles; k++) {
        int64_t q = k;
        while (q > 0 && strcmp(r->files[ord[q - 1]].role, r->files[k].role) > 0) {
            ord[q] = ord[q - 1];
            q--;
        }
        ord[q] = k;
    }
}

/* Stores run r with its values and its audit record, in one transaction. */
ogas_status ogas_store_put(ogas_store *s, const ogas_store_run *r, const ogas_store_values *vs, int64_t *id_out,
                           int64_t *seq_out, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    int64_t nf = r->nfiles, id = 0, *size = NULL, *ord = NULL;
    unsigned char **data = NULL;
    char **sha = NULL, **fname = NULL, **srole = NULL, **sname = NULL, **ssha = NULL;
    ogas_store_values sorted = {0};
    ogas_audit_record rec;
    int began = 0;

    if (!ogas_run_kind_name(r->kind)) return ogas_error_set(err, OGAS_EARG, "store: unknown run kind %d", (int)r->kind);
    memset(&rec, 0, sizeof rec);
    data = ogas_calloc((size_t)nf + 1, sizeof *data);
    size = ogas_calloc((size_t)nf + 1, sizeof *size);
    ord = ogas_calloc((size_t)nf + 1, sizeof *ord);
    sha = ogas_calloc((size_t)nf + 1, sizeof *sha);
    fname = ogas_calloc((size_t)nf + 1, sizeof *fname);
    srole = ogas_calloc((size_t)nf + 1, sizeof *srole);
    sname = ogas_calloc((size_t)nf + 1, sizeof *sname);
    ssha = ogas_calloc((size_t)nf + 1, sizeof *ssha);
    if (!data || !size || !ord || !sha || !fname || !srole || !sname || !ssha) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t k = 0; k < nf; k++) {
        for (int64_t q = 0; q < k; q++)
            if (strcmp(r->files[q].role, r->files[k].role) == 0) {
                rc = ogas_error_set(err, OGAS_EARG, "store: two files with the role '%s'", r->files[k].role);
                goto done;
            }
        if ((rc = slurp(r->files[k].path, &data[k], &size[k], err))) goto done;
        if (!(sha[k] = ogas_malloc(65))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        ogas_sha256_hex(data[k] ? (const void *)data[k] : "", (size_t)size[k], sha[k]);
        fname[k] = (char *)base_name(r->files[k].path);
    }
    order_by_role(r, ord);
    for (int64_t k = 0; k < nf; k++) {
        srole[k] = (char *)r->files[ord[k]].role;
        sname[k] = fname[ord[k]];
        ssha[k] = sha[ord[k]];
    }
    /* the results hash sorts; sort a shallow copy so that the caller's order is kept */
    if (vs && vs->n) {
        if (!(sorted.v = ogas_mallocarray((size_t)vs->n, sizeof *sorted.v))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        memcpy(sorted.v, vs->v, (size_t)vs->n * sizeof *sorted.v);
        sorted.n = sorted.cap = vs->n;
    }
    store__field(rec.actor, sizeof rec.actor, r->actor && r->actor[0] ? r->actor : "anonymous");
    store__field(rec.detail, sizeof rec.detail, r->name ? r->name : "");
    snprintf(rec.action, sizeof rec.action, "%s computed", ogas_run_kind_name(r->kind));
    store__inputs_hash(r->kind, rec.detail, r->args ? r->args : "", nf, srole, sname, ssha, rec.inputs_hash);
    store__results_hash(&sorted, rec.results_hash);
    if ((rc = store__begin(s, err))) goto done;
    began = 1;
    if ((rc = next_id(s, &id, err))) goto done;
    snprintf(rec.subject, sizeof rec.subject, "%s %lld", ogas_run_kind_name(r->kind), (long long)id);
    if ((rc = store__audit_append(s, &rec, err)) || (rc = insert(s, r, vs, id, &rec, sha, fname, data, size, err)))
        goto done;
    rc = store__commit(s, err);
done:
    if (rc && began) store__rollback(s);
    if (!rc) {
        if (id_out) *id_out = id;
        if (seq_out) *seq_out = rec.seq;
    }
    for (int64_t k = 0; k < nf; k++) {
        if (data) ogas_free(data[k]);
        if (sha) ogas_free(sha[k]);
    }
    ogas_free(data);
    ogas_free(size);
    ogas_free(ord);
    ogas_free(sha);
    ogas_free(fname);
    ogas_free(srole);
    ogas_free(sname);
    ogas_free(ssha);
    ogas_free(sorted.v);
    return rc;
}

/* Records that plan run id is adopted by actor. */
ogas_status ogas_store_adopt(ogas_store *s, int64_t id, const char *actor, int64_t *seq_out, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    ogas_audit_record rec, plan;
    char kind[16] = "", text[160];
    int64_t plan_seq = 0, adopted = 0;
    memset(&rec, 0, sizeof rec);
    if ((rc = store__begin(s, err))) return rc;
    if ((rc = store__prepare(s, "SELECT r.kind, r.audit_seq, (SELECT COUNT(*) FROM adoptions a WHERE a.run_id = r.id) "
                                "FROM runs r WHERE r.id = ?", &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(kind, sizeof kind, "%s", store__text(st, 0));
        plan_seq = sqlite3_column_int64(st, 1);
        adopted = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!kind[0]) {
        rc = ogas_error_set(err, OGAS_ENOTFOUND, "store %s: there is no run %lld", s->path, (long long)id);
        goto done;
    }
    if (strcmp(kind, "plan") != 0) {
        rc = ogas_error_set(err, OGAS_EINVAL, "store %s: run %lld is a %s, not a plan: only plans are adopted", s->path,
                            (long long)id, kind);
        goto done;
    }
    if (adopted) {
        rc = ogas_error_set(err, OGAS_EINVAL, "store %s: plan %lld is adopted already", s->path, (long long)id);
        goto done;
    }
    if ((rc = store__audit_get(s, plan_seq, &plan, err))) goto done;
    store__field(rec.actor, sizeof rec.actor, actor && actor[0] ? actor : "anonymous");
    snprintf(rec.action, sizeof rec.action, "plan adopted");
    snprintf(rec.subject, sizeof rec.subject, "plan %lld", (long long)id);
    snprintf(rec.detail, sizeof rec.detail, "%s", plan.detail);
    /* what is adopted: the plan record's hash (which holds its inputs and results) */
    snprintf(text, sizeof text, "adopt plan %lld %s", (long long)id, plan.hash);
    ogas_sha256_hex(text, strlen(text), rec.inputs_hash);
    snprintf(rec.results_hash, sizeof rec.results_hash, "%s", plan.results_hash);
    if ((rc = store__audit_append(s, &rec, err))) goto done;
    if ((rc = store__prepare(s, "INSERT INTO adoptions(run_id, actor, audit_seq) VALUES (?,?,?)", &st, err))) goto done;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, rec.actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, rec.seq);
    if ((rc = step_once(s, st, "recording the adoption", err))) goto done;
    rc = store__commit(s, err);
done:
    sqlite3_finalize(st);
    if (rc) store__rollback(s);
    else if (seq_out) *seq_out = rec.seq;
    return rc;
}

/* Duplicates column c of st as text ("" for NULL). */
static char *text_column(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return ogas_strdup(t ? (const char *)t : "");
}

/* r := run id with its files and values. */
ogas_status ogas_store_load(ogas_store *s, int64_t id, ogas_store_loaded *r, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int step, found = 0;
    memset(r, 0, sizeof *r);
    if ((rc = store__prepare(s, "SELECT kind, name, args, actor, created, audit_seq, "
                                "(SELECT COUNT(*) FROM adoptions a WHERE a.run_id = runs.id) FROM runs WHERE id = ?",
                             &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *k = store__text(st, 0);
        found = 1;
        r->id = id;
        r->kind = OGAS_RUN_BALANCE;
        for (int q = 0; q < 4; q++)
            if (k && strcmp(k, ogas_run_kind_name((ogas_run_kind)q)) == 0) r->kind = (ogas_run_kind)q;
        r->name = text_column(st, 1);
        r->args = text_column(st, 2);
        r->actor = text_column(st, 3);
        r->created = text_column(st, 4);
        r->seq = sqlite3_column_int64(st, 5);
        r->adopted = sqlite3_column_int(st, 6) > 0;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!found) return ogas_error_set(err, OGAS_ENOTFOUND, "store %s: there is no run %lld", s->path, (long long)id);
    if (!r->name || !r->args || !r->actor || !r->created) goto nomem;
    if ((rc = store__prepare(s, "SELECT f.role, f.name, f.sha256, b.bytes, b.size FROM run_files f "
                                "LEFT JOIN blobs b ON b.sha256 = f.sha256 WHERE f.run_id = ? ORDER BY f.role",
                             &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t k = r->nfiles, n = sqlite3_column_bytes(st, 3);
        char **nr = ogas_reallocarray(r->role, (size_t)k + 1, sizeof *nr);
        if (nr) r->role = nr;
        char **nn = ogas_reallocarray(r->fname, (size_t)k + 1, sizeof *nn);
        if (nn) r->fname = nn;
        char **ns = ogas_reallocarray(r->sha256, (size_t)k + 1, sizeof *ns);
        if (ns) r->sha256 = ns;
        unsigned char **nb = ogas_reallocarray(r->bytes, (size_t)k + 1, sizeof *nb);
        if (nb) r->bytes = nb;
        int64_t *nz = ogas_reallocarray(r->size, (size_t)k + 1, sizeof *nz);
        if (nz) r->size = nz;
        if (!nr || !nn || !ns || !nb || !nz) goto nomem;
        r->role[k] = text_column(st, 0);
        r->fname[k] = text_column(st, 1);
        r->sha256[k] = text_column(st, 2);
        r->bytes[k] = ogas_malloc((size_t)n + 1);
        r->size[k] = n;
        r->nfiles++;
        if (!r->role[k] || !r->fname[k] || !r->sha256[k] || !r->bytes[k]) goto nomem;
        if (n) memcpy(r->bytes[k], sqlite3_column_blob(st, 3), (size_t)n);
        r->bytes[k][n] = '\0';
    }
    if (step != SQLITE_DONE) {
        rc = store__fail(s, err, "reading a run's files");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = store__prepare(s, "SELECT series, idx, label, value FROM run_values WHERE run_id = ? ORDER BY series, idx",
                             &st, err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        double v = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        if ((rc = ogas_store_values_add(&r->values, store__text(st, 0), sqlite3_column_int64(st, 1),
                                        store__text(st, 2), v, err)))
            goto done;
    }
    if (step != SQLITE_DONE) rc = store__fail(s, err, "reading a run's values");
    goto done;
nomem:
    rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading run %lld", (long long)id);
done:
    sqlite3_finalize(st);
    if (rc) ogas_store_loaded_free(r);
    return rc;
}

/* Releases r. */
void ogas_store_loaded_free(ogas_store_loaded *r)
{
    for (int64_t k = 0; k < r->nfiles; k++) {
        ogas_free(r->role[k]);
        ogas_free(r->fname[k]);
        ogas_free(r->sha256[k]);
        ogas_free(r->bytes[k]);
    }
    ogas_free(r->role);
    ogas_free(r->fname);
    ogas_free(r->sha256);
    ogas_free(r->bytes);
    ogas_free(r->size);
    ogas_free(r->name);
    ogas_free(r->args);
    ogas_free(r->actor);
    ogas_free(r->created);
    ogas_store_values_free(&r->values);
    memset(r, 0, sizeof *r);
}

/* ids := the runs (of kind k, or all when k < 0), in order. */
ogas_status ogas_store_runs(ogas_store *s, int k, int64_t **ids, int64_t *n, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    int64_t cap = 0;
    int step;
    *ids = NULL;
    *n = 0;
    if ((rc = store__prepare(s, "SELECT id FROM runs WHERE ? IS NULL OR kind = ? ORDER BY id", &st, err))) return rc;
    if (k >= 0 && ogas_run_kind_name((ogas_run_kind)k)) {
        sqlite3_bind_text(st, 1, ogas_run_kind_name((ogas_run_kind)k), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ogas_run_kind_name((ogas_run_kind)k), -1, SQLITE_STATIC);
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            int64_t *ni;
            cap = cap ? 2 * cap : 64;
            if (!(ni = ogas_reallocarray(*ids, (size_t)cap, sizeof *ni))) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
                break;
            }
            *ids = ni;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (!rc && step != SQLITE_DONE) rc = store__fail(s, err, "listing runs");
    sqlite3_finalize(st);
    if (rc) {
        ogas_free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}
