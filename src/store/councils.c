/* councils.c: the council registry kept in the store: its events, one row each, each with its audit
 * record, replayed into a registry on load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define COUNCIL_HEADER "ogas-councils 1"

/* *text, *len := r as registry text (malloc'd by open_memstream: free with free). */
static ogas_status registry_text(const ogas_council_registry *r, char **text, size_t *len, ogas_error *err)
{
    FILE *fp = open_memstream(text, len);
    ogas_status rc;
    if (!fp) return ogas_error_set(err, OGAS_ENOMEM, "out of memory writing the council registry");
    rc = ogas_council_registry_write(r, fp, err);
    if (fclose(fp) != 0 && !rc) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory writing the council registry");
    if (rc) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

/* *text := the header and every stored event line, each ending in a newline; *n := the events. */
static ogas_status stored_text(ogas_store *s, char **text, size_t *len, int64_t *n, ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    FILE *fp = open_memstream(text, len);
    int step;
    *n = 0;
    if (!fp) return ogas_error_set(err, OGAS_ENOMEM, "out of memory reading the council registry");
    fputs(COUNCIL_HEADER "\n", fp);
    if ((rc = store__prepare(s, "SELECT line FROM council_events ORDER BY seq", &st, err))) goto done;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fputs(store__text(st, 0), fp);
        fputc('\n', fp);
        (*n)++;
    }
    if (step != SQLITE_DONE) rc = store__fail(s, err, "reading the council registry");
done:
    sqlite3_finalize(st);
    if (fclose(fp) != 0 && !rc) rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading the council registry");
    if (rc) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

/* r := the registry the store's council events replay to; *count := the events. */
ogas_status ogas_store_councils_load(ogas_store *s, ogas_council_registry **r, int64_t *count, ogas_error *err)
{
    char *text = NULL, name[600];
    size_t len = 0;
    ogas_status rc;
    *r = NULL;
    if ((rc = stored_text(s, &text, &len, count, err))) return rc;
    snprintf(name, sizeof name, "%s (council_events)", s->path);
    rc = ogas_council_registry_parse(name, text, len, r, err);
    free(text);
    return rc;
}

/* Field k (0-based, ';'-separated, quoting ignored: the first fields are never quoted) of line, in buf. */
static const char *field(const char *line, int k, char *buf, size_t n)
{
    const char *p = line, *e;
    size_t len;
    for (int q = 0; q < k && p; q++) {
        p = strchr(p, ';');
        if (p) p++;
    }
    if (!p) return "";
    e = strchr(p, ';');
    len = e ? (size_t)(e - p) : strlen(p);
    if (len >= n) len = n - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

/* dst := "council " and field k of line, cut to n - 1 characters (the record's detail keeps the whole
 * line). */
static void council_field(char *dst, size_t n, const char *line, int k)
{
    char buf[168];
    size_t len;
    memcpy(buf, "council ", 8);
    if (field(line, k, buf + 8, sizeof buf - 8) != buf + 8) buf[8] = '\0';
    len = strlen(buf);
    if (len >= n) len = n - 1;
    memcpy(dst, buf, len);
    dst[len] = '\0';
}

/* Appends r's events after the first count to the store, each with its audit record, inside the caller's
 * transaction. */
ogas_status ogas_store_councils_append(ogas_store *s, const ogas_council_registry *r, int64_t count, ogas_error *err)
{
    char *text = NULL, *p;
    size_t len = 0;
    int64_t now = 0, k = 0;
    sqlite3_stmt *st = NULL, *ins = NULL;
    ogas_status rc;
    if ((rc = registry_text(r, &text, &len, err))) return rc;
    if ((rc = store__prepare(s, "SELECT COUNT(*) FROM council_events", &st, err))) goto done;
    if (sqlite3_step(st) == SQLITE_ROW) now = sqlite3_column_int64(st, 0);
    if (now != count) {
        rc = ogas_error_set(err, OGAS_EINVAL, "store %s: the council registry changed since it was read (%lld events "
                                              "then, %lld now): read it again", s->path, (long long)count, (long long)now);
        goto done;
    }
    if ((rc = store__prepare(s, "INSERT INTO council_events(seq, line, audit_seq) VALUES (?,?,?)", &ins, err))) goto done;
    /* the text: the header line, then one line per event; the hash of the state after each event is the
     * hash of the text up to and including its line */
    p = strchr(text, '\n');
    if (!p || strncmp(text, COUNCIL_HEADER, strlen(COUNCIL_HEADER)) != 0) {
        rc = ogas_error_set(err, OGAS_EINTERNAL, "council registry text without its header");
        goto done;
    }
    for (p = p + 1; *p; k++) {
        char *e = strchr(p, '\n'), buf[160];
        ogas_audit_record rec;
        if (!e) e = p + strlen(p);
        if (k >= count) {
            char *line = ogas_malloc((size_t)(e - p) + 1);
            if (!line) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
                goto done;
            }
            memcpy(line, p, (size_t)(e - p));
            line[e - p] = '\0';
            memset(&rec, 0, sizeof rec);
            store__field(rec.actor, sizeof rec.actor, field(line, 2, buf, sizeof buf));
            council_field(rec.action, sizeof rec.action, line, 3);
            council_field(rec.subject, sizeof rec.subject, line, 4);
            store__field(rec.detail, sizeof rec.detail, line);
            ogas_sha256_hex(line, strlen(line), rec.inputs_hash);
            ogas_sha256_hex(text, (size_t)(e - text) + (*e == '\n'), rec.results_hash);
            rc = store__audit_append(s, &rec, err);
            if (!rc) {
                sqlite3_bind_int64(ins, 1, k + 1);
                sqlite3_bind_text(ins, 2, line, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(ins, 3, rec.seq);
                if (sqlite3_step(ins) != SQLITE_DONE) rc = store__fail(s, err, "storing a council event");
                sqlite3_reset(ins);
            }
            ogas_free(line);
            if (rc) goto done;
        }
        p = *e ? e + 1 : e;
    }
    if (k < count) {
        rc = ogas_error_set(err, OGAS_EINVAL, "store %s: the registry has fewer events (%lld) than the store (%lld)",
                            s->path, (long long)k, (long long)count);
        goto done;
    }
done:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    free(text);
    return rc;
}

/* Appends r's events after the first count to the store, in a transaction of its own. */
ogas_status ogas_store_councils_save(ogas_store *s, const ogas_council_registry *r, int64_t count, ogas_error *err)
{
    ogas_status rc = store__begin(s, err);
    if (rc) return rc;
    if ((rc = ogas_store_councils_append(s, r, count, err)) || (rc = store__commit(s, err))) store__rollback(s);
    return rc;
}

/* Checks the stored council events against their audit records and that they replay; problems to fn. */
ogas_status store__verify_councils(ogas_store *s, void (*problem)(void *ctx, const char *msg), void *ctx,
                                   ogas_error *err)
{
    sqlite3_stmt *st = NULL;
    ogas_status rc;
    FILE *fp;
    char *text = NULL, msg[1024];
    size_t len = 0;
    int step;
    ogas_council_registry *r = NULL;
    if (!(fp = open_memstream(&text, &len))) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    fputs(COUNCIL_HEADER "\n", fp);
    if ((rc = store__prepare(s, "SELECT c.seq, c.line, c.audit_seq, a.inputs_hash, a.results_hash, a.action FROM "
                                "council_events c LEFT JOIN audit a ON a.seq = c.audit_seq ORDER BY c.seq",
                             &st, err)))
        goto done;
    for (int64_t want = 1; (step = sqlite3_step(st)) == SQLITE_ROW; want++) {
        const char *line = store__text(st, 1), *ih = store__text(st, 3),
                   *resh = store__text(st, 4);
        int64_t seq = sqlite3_column_int64(st, 0), aseq = sqlite3_column_int64(st, 2);
        char h[65];
        fputs(line, fp);
        fputc('\n', fp);
        fflush(fp);
        if (seq != want) {
            snprintf(msg, sizeof msg, "council event %lld follows event %lld: events are missing", (long long)seq,
                     (long long)want - 1);
            problem(ctx, msg);
            want = seq;
        }
        if (!*ih) {
            snprintf(msg, sizeof msg, "council event %lld: its audit record %lld is missing", (long long)seq, (long long)aseq);
            problem(ctx, msg);
            continue;
        }
        ogas_sha256_hex(line, strlen(line), h);
        if (strcmp(h, ih) != 0) {
            snprintf(msg, sizeof msg, "council event %lld ('%.200s'): changed since audit record %lld recorded it",
                     (long long)seq, line, (long long)aseq);
            problem(ctx, msg);
            continue;
        }
        ogas_sha256_hex(text, len, h);
        if (strcmp(h, resh) != 0) {
            snprintf(msg, sizeof msg, "council event %lld: the registry before it differs from the one audit record "
                     "%lld recorded (an earlier event was changed)", (long long)seq, (long long)aseq);
            problem(ctx, msg);
        }
    }
    if (step != SQLITE_DONE) {
        rc = store__fail(s, err, "reading the council registry");
        goto done;
    }
    fflush(fp);
    {
        ogas_error e;
        char name[600];
        snprintf(name, sizeof name, "%s (council_events)", s->path);
        if (ogas_council_registry_parse(name, text, len, &r, &e) != OGAS_OK) {
            snprintf(msg, sizeof msg, "the council registry does not replay: %s (line %ld counts the header as line 1)",
                     e.message, e.line);
            problem(ctx, msg);
        }
    }
done:
    sqlite3_finalize(st);
    fclose(fp);
    free(text);
    ogas_council_registry_destroy(r);
    return rc;
}
