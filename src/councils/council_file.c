/* council_file.c: the council registry file (docs/formats.md, "Councils: the registry file"): reading
 * it by replaying its events, writing it, and the ballots and signatures files.
 *
 * The file is UTF-8 text: the line "ogas-councils 1", then one event a line, fields separated by ';'
 * and quoted with '"' when they hold ';' or '"' (the CSV tokenizer of formats/csv.h reads it):
 *   seq;time;who;action;arg...;why
 * Replaying checks each event as the action that made it was checked, and checks that the
 * registry's own events (who = "registry") are exactly those that follow from the event before
 * them. Any failure is OGAS_EINVAL at file:line:column. */
#include <stdio.h>
#include <string.h>

#include "council_internal.h"
#include "formats/csv.h"
#include "ogas/formats.h"

#define HEADER "ogas-councils 1"

/* fp << s as one ';'-separated field, quoted where it needs it. */
static void put_field(FILE *fp, const char *s)
{
    ogas_csv_write_field_sep(fp, s, ';');
}

/* fp << registry text of r. */
ogas_status ogas_council_registry_write(const ogas_council_registry *r, FILE *fp, ogas_error *err)
{
    if (!r || !fp) return ogas_error_set(err, OGAS_EARG, "no registry or no file");
    fputs(HEADER "\n", fp);
    for (int64_t k = 0; k < r->nev; k++) {
        const reg_event *e = r->ev[k];
        fprintf(fp, "%lld;", (long long)e->seq);
        put_field(fp, e->time);
        fputc(';', fp);
        put_field(fp, e->who);
        fprintf(fp, ";%s", reg_action_name(e->action));
        for (int a = 0; a < e->nargs; a++) {
            fputc(';', fp);
            put_field(fp, e->args[a]);
        }
        fputc(';', fp);
        put_field(fp, e->why);
        fputc('\n', fp);
    }
    if (ferror(fp)) return ogas_error_set(err, OGAS_EIO, "write error");
    return OGAS_OK;
}

/* path := r, through a temporary file. */
ogas_status ogas_council_registry_save(const ogas_council_registry *r, const char *path, ogas_error *err)
{
    ogas_out o;
    ogas_status rc, rc2;
    if (!r || !path) return ogas_error_set(err, OGAS_EARG, "no registry or no path");
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    rc = ogas_council_registry_write(r, o.fp, err);
    if (rc == OGAS_EIO) ogas_error_at(err, OGAS_EIO, path, 0, 0, "write error");
    rc2 = ogas_out_close(&o, rc == OGAS_OK, err);
    return rc ? rc : rc2;
}

/* buf := fields of the event ev joined by ';' for a message (cut at size). */
static const char *event_text(const reg_event *ev, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "%s", reg_action_name(ev->action));
    for (int a = 0; a < ev->nargs && k < size; a++) k += (size_t)snprintf(buf + k, size - k, ";%s", ev->args[a]);
    if (k >= size && size > 4) memcpy(buf + size - 4, "...", 4);
    return buf;
}

/* 1 if the file's event ev is the registry's event x (same action, arguments and time; who "registry"). */
static int same_event(const reg_event *ev, const reg_event *x)
{
    if (ev->action != x->action || strcmp(ev->time, x->time) != 0 || strcmp(ev->who, "registry") != 0) return 0;
    for (int a = 0; a < ev->nargs; a++)
        if (strcmp(ev->args[a], x->args[a]) != 0) return 0;
    return 1;
}

/* err := e's message at name:line:col, with e's code (OGAS_EINVAL for a refusal: the file is wrong). */
static ogas_status at(ogas_error *err, const ogas_error *e, const char *name, long line, long col)
{
    ogas_status code = e->code == OGAS_ENOMEM || e->code == OGAS_ETOOBIG || e->code == OGAS_EINTERNAL ? e->code
                                                                                                   : OGAS_EINVAL;
    return ogas_error_at(err, code, name, line, col, "%s", e->message);
}

/* *out := the registry the text replays to. */
ogas_status ogas_council_registry_parse(const char *name, const char *data, size_t len, ogas_council_registry **out,
                                        ogas_error *err)
{
    csv_table t;
    ogas_council_registry *r = NULL;
    reg_event *ev = NULL, **pending = NULL;
    int64_t npending = 0, ip = 0, cause = 0;
    ogas_error e;
    ogas_status rc;
    char buf[200];

    *out = NULL;
    if (!name) name = "<registry>";
    if ((rc = csv_parse(name, data ? data : "", data ? len : 0, ';', &t, err))) return rc;
    if ((rc = ogas_council_registry_create(&r, err))) goto done;
    if (t.nrows == 0 || csv_cell(&t, 0, 0)->line != 1 || csv_row_len(&t, 0) != 1 ||
        strcmp(csv_cell(&t, 0, 0)->s, HEADER) != 0) {
        const csv_field *f = t.nrows ? csv_cell(&t, 0, 0) : NULL;
        if (f && f->line == 1 && csv_row_len(&t, 0) == 1 && strncmp(f->s, "ogas-councils ", 14) == 0)
            rc = ogas_error_at(err, OGAS_EINVAL, name, 1, 1, "unsupported version of the registry file (this ogas reads '%s')",
                               HEADER);
        else
            rc = ogas_error_at(err, OGAS_EINVAL, name, 1, 1, "not a council registry: expected the first line '%s'", HEADER);
        goto done;
    }
    for (int64_t row = 1; row < t.nrows; row++) {
        const csv_field *f = csv_cell(&t, row, 0);
        int64_t nf = csv_row_len(&t, row), seq;
        int action, field, blame;
        const char *args[REG_MAXARGS];
        reg_plan plan;

        ogas_error_clear(&e);
        if (nf < 5) {
            rc = ogas_error_at(err, OGAS_EINVAL, name, f->line, f->col,
                               "expected an event: seq;time;who;action;arguments;why (found %lld fields)", (long long)nf);
            goto done;
        }
        if (!reg_count_ok(f->s, f->len, INT64_MAX / 4, &seq)) seq = -1;
        if (seq != r->nev + 1 && ip >= npending) {
            rc = ogas_error_at(err, OGAS_EINVAL, name, f->line, f->col, "expected event number %lld here",
                               (long long)(r->nev + 1));
            goto done;
        }
        if ((action = reg_action_find(csv_cell(&t, row, 3)->s)) < 0) {
            const csv_field *a = csv_cell(&t, row, 3);
            rc = ogas_error_at(err, OGAS_EINVAL, name, a->line, a->col,
                               "unknown action (expected create, join, leave, elect, recall, vacate or due)");
            goto done;
        }
        if (nf != 5 + reg_action_nargs(action)) {
            size_t k = (size_t)snprintf(buf, sizeof buf, "seq;time;who;%s", reg_action_name(action));
            for (int a = 0; a < reg_action_nargs(action); a++)
                k += (size_t)snprintf(buf + k, sizeof buf - k, ";%s", ogas_council_arg_name(reg_action_name(action), a));
            rc = ogas_error_at(err, OGAS_EINVAL, name, f->line, f->col, "%s takes %d fields (%s;why), found %lld",
                               reg_action_name(action), 5 + reg_action_nargs(action), buf, (long long)nf);
            goto done;
        }
        for (int a = 0; a < reg_action_nargs(action); a++) args[a] = csv_cell(&t, row, 4 + a)->s;
        ev = reg_event_new(seq, action, csv_cell(&t, row, 1)->s, csv_cell(&t, row, 2)->s, csv_cell(&t, row, nf - 1)->s,
                           args);
        if (!ev) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", name);
            goto done;
        }
        ev->line = f->line;
        if (ip < npending) {
            /* the registry's own event, as the event before requires */
            const reg_event *x = pending[ip];
            if (seq != x->seq || !same_event(ev, x)) {
                rc = ogas_error_at(err, OGAS_EINVAL, name, f->line, f->col,
                                   "expected the registry's event '%s' here as event %lld (it follows from event %lld: "
                                   "the same time, who 'registry')",
                                   event_text(x, buf, sizeof buf), (long long)x->seq, (long long)cause);
                goto done;
            }
            if (!reg_text_ok(ev->why, strlen(ev->why), OGAS_COUNCIL_WHY_MAX)) {
                const csv_field *w = csv_cell(&t, row, nf - 1);
                rc = ogas_error_at(err, OGAS_EINVAL, name, w->line, w->col,
                                   "the reason must be at most %d bytes of text without control characters",
                                   OGAS_COUNCIL_WHY_MAX);
                goto done;
            }
            if ((rc = reg_check(r, ev, &plan, &blame, &e))) {
                rc = at(err, &e, name, f->line, f->col);
                goto done;
            }
            reg_commit(r, ev, &plan);
            reg_plan_free(&plan);
            ev = NULL;
            ogas_free(pending[ip]);
            pending[ip++] = NULL;
            continue;
        }
        if (action == REG_VACATE || action == REG_DUE) {
            const csv_field *a = csv_cell(&t, row, 3);
            rc = ogas_error_at(err, OGAS_EINVAL, name, a->line, a->col,
                               "'%s' is the registry's own event: it follows a recall or a member leaving, and none is "
                               "due here",
                               reg_action_name(action));
            goto done;
        }
        if ((rc = reg_check_stamp(r, ev->time, ev->who, ev->why, &field, &e))) {
            const csv_field *a = csv_cell(&t, row, field < 0 ? nf - 1 : field);
            rc = at(err, &e, name, a->line, a->col);
            goto done;
        }
        if ((rc = reg_check(r, ev, &plan, &blame, &e))) {
            const csv_field *a = blame >= 0 ? csv_cell(&t, row, 4 + blame) : f;
            rc = at(err, &e, name, a->line, a->col);
            goto done;
        }
        for (int64_t k = 0; k < npending; k++) ogas_free(pending[k]);
        ogas_free(pending);
        pending = NULL;
        npending = ip = 0;
        if ((rc = reg_consequences(r, ev, &plan, &pending, &npending, err)) ||
            (rc = reg_reserve_for(r, ev, &plan, npending, err))) {
            reg_plan_free(&plan);
            goto done;
        }
        cause = ev->seq;
        reg_commit(r, ev, &plan);
        reg_plan_free(&plan);
        ev = NULL;
    }
    if (ip < npending) {
        rc = ogas_error_at(err, OGAS_EINVAL, name, t.last_line + 1, 0,
                           "the file ends before the registry's event '%s' that follows from event %lld",
                           event_text(pending[ip], buf, sizeof buf), (long long)cause);
        goto done;
    }
    *out = r;
    r = NULL;
done:
    ogas_free(ev);
    for (int64_t k = 0; k < npending; k++) ogas_free(pending[k]);
    ogas_free(pending);
    ogas_council_registry_destroy(r);
    csv_free(&t);
    return rc;
}

/* *out := the registry in the file at path. */
ogas_status ogas_council_registry_load(const char *path, ogas_council_registry **out, ogas_error *err)
{
    char *buf;
    size_t len;
    ogas_status rc;
    *out = NULL;
    if (!path) return ogas_error_set(err, OGAS_EARG, "no path");
    if ((rc = formats__slurp(path, &buf, &len, err))) return rc;
    rc = ogas_council_registry_parse(path, buf, len, out, err);
    ogas_free(buf);
    return rc;
}

/* f's text without blanks around it: *len bytes from the result. */
static const char *trimmed(const csv_field *f, size_t *len)
{
    const char *s = f->s;
    size_t n = f->len;
    while (n > 0 && (*s == ' ' || *s == '\t')) s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    *len = n;
    return s;
}

/* 1 if field f, trimmed, is word. */
static int is_word(const csv_field *f, const char *word)
{
    size_t n;
    const char *s = trimmed(f, &n);
    return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* One block: n items of size item, then the path, then room for text bytes; *text := where text goes. */
static void *block(int64_t n, size_t item, const char *path, size_t text, char **file, char **textp)
{
    size_t lp = strlen(path) + 1, head = (size_t)n * item;
    char *b;
    head = (head + 7) & ~(size_t)7;
    b = ogas_malloc(head + lp + text + 1);
    if (!b) return NULL;
    memcpy(b + head, path, lp);
    *file = b + head;
    *textp = b + head + lp;
    return b;
}

/* Copies the trimmed field f to *t (advancing it); returns the copy. */
static const char *copy_field(const csv_field *f, char **t)
{
    size_t n;
    const char *s = trimmed(f, &n), *c = *t;
    memcpy(*t, s, n);
    (*t)[n] = '\0';
    *t += n + 1;
    return c;
}

/* Bytes of all fields of t with a NUL each. */
static size_t text_size(const csv_table *t)
{
    size_t n = 0;
    for (int64_t k = 0; k < t->nfields; k++) n += t->f[k].len + 1;
    return n;
}

/* *ballots := the ballots in the file at path. */
ogas_status ogas_council_read_ballots(const char *path, ogas_council_ballot **ballots, int64_t *n, ogas_error *err)
{
    csv_table t;
    ogas_council_ballot *b;
    int64_t first = 0, k = 0;
    char *file, *text;
    ogas_status rc;

    *ballots = NULL;
    *n = 0;
    if (!path) return ogas_error_set(err, OGAS_EARG, "no ballots file");
    if ((rc = csv_read(path, ',', &t, err))) return rc;
    if (t.nrows > 0 && csv_row_len(&t, 0) == 2 && is_word(csv_cell(&t, 0, 0), "voter") &&
        is_word(csv_cell(&t, 0, 1), "candidate"))
        first = 1;
    for (int64_t r = first; r < t.nrows; r++)
        if (csv_row_len(&t, r) != 2) {
            const csv_field *f = csv_cell(&t, r, 0);
            rc = ogas_error_at(err, OGAS_EINVAL, path, f->line, f->col,
                               "expected 2 fields (voter,candidate; the candidate empty for a blank vote), found %lld",
                               (long long)csv_row_len(&t, r));
            goto done;
        }
    if (!(b = block(t.nrows - first, sizeof *b, path, text_size(&t), &file, &text))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    for (int64_t r = first; r < t.nrows; r++, k++) {
        b[k].voter = copy_field(csv_cell(&t, r, 0), &text);
        b[k].candidate = copy_field(csv_cell(&t, r, 1), &text);
        b[k].file = file;
        b[k].line = csv_cell(&t, r, 0)->line;
    }
    *ballots = b;
    *n = k;
done:
    csv_free(&t);
    return rc;
}

/* *signers := the signatures in the file at path. */
ogas_status ogas_council_read_signatures(const char *path, ogas_council_signature **signers, int64_t *n,
                                         ogas_error *err)
{
    csv_table t;
    ogas_council_signature *g;
    int64_t first = 0, k = 0;
    char *file, *text;
    ogas_status rc;

    *signers = NULL;
    *n = 0;
    if (!path) return ogas_error_set(err, OGAS_EARG, "no signatures file");
    if ((rc = csv_read(path, ',', &t, err))) return rc;
    if (t.nrows > 0 && is_word(csv_cell(&t, 0, 0), "member")) first = 1;
    if (!(g = block(t.nrows - first, sizeof *g, path, text_size(&t), &file, &text))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    for (int64_t r = first; r < t.nrows; r++, k++) {
        g[k].member = copy_field(csv_cell(&t, r, 0), &text);
        g[k].file = file;
        g[k].line = csv_cell(&t, r, 0)->line;
    }
    *signers = g;
    *n = k;
done:
    csv_free(&t);
    return rc;
}
