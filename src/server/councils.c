/* councils.c: the council registry as the server sees it: the one kept in the store (read again for each
 * request: the CLI may change it), or the file given with --councils (kept loaded, reloaded when it
 * changes on disk); shown with its recall petitions (GET /api/councils), and recall petitions signed by
 * members (POST /api/councils/{council}/recall), the recall executed once enough have signed: in the
 * store, in the same transaction as the last signature; in the file, saved within it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "srv_internal.h"

/* Reloads the registry (caller holds reg_lock): the store's from the connection st each time, the file's
 * when it changed (force: anyway). */
static ogas_status refresh(srv *s, ogas_store *db, int force, ogas_error *err)
{
    struct stat st;
    ogas_council_registry *r = NULL;
    ogas_status rc;
    if (!s->councils) {
        if ((rc = ogas_store_councils_load(db, &r, &s->reg_events, err))) return rc;
        ogas_council_registry_destroy(s->reg);
        s->reg = r;
        return OGAS_OK;
    }
    if (stat(s->councils, &st) != 0) return ogas_error_at(err, OGAS_EIO, s->councils, 0, 0, "cannot read the registry");
    if (!force && s->reg && st.st_dev == s->reg_dev && st.st_ino == s->reg_ino && st.st_size == s->reg_size &&
        st.st_mtim.tv_sec == s->reg_mtime.tv_sec && st.st_mtim.tv_nsec == s->reg_mtime.tv_nsec)
        return OGAS_OK;
    if ((rc = ogas_council_registry_load(s->councils, &r, err))) return rc;
    ogas_council_registry_destroy(s->reg);
    s->reg = r;
    s->reg_dev = st.st_dev;
    s->reg_ino = st.st_ino;
    s->reg_size = st.st_size;
    s->reg_mtime = st.st_mtim;
    return OGAS_OK;
}

/* Adds a pending petition to the object ud, keyed "council/delegate". */
static int add_pending(const char *council, const char *delegate, int64_t n, void *ud)
{
    char key[2 * OGAS_CIVIC_ID_MAX + 2];
    snprintf(key, sizeof key, "%s/%s", council, delegate);
    json_object_set_new(ud, key, json_integer(n));
    return 0;
}

/* The JSON object of council k of r (pending: the petitions' signatures). */
static json_t *council_object(srv *s, const ogas_council_registry *r, int64_t k, json_t *pending)
{
    ogas_council_info info;
    ogas_council_info parent;
    json_t *o, *members = srv_arr(), *seats = srv_arr(), *children = srv_arr();
    int64_t n, *idx = NULL;
    ogas_council_get(r, k, &info);
    o = json_pack("{s:s,s:o,s:I,s:I}", "id", info.id, "name", srv_str(info.name), "seats_to_parent", (json_int_t)info.seats,
                  "vacant", (json_int_t)info.vacant);
    if (info.parent >= 0 && ogas_council_get(r, info.parent, &parent) == OGAS_OK)
        json_object_set_new(o, "parent", srv_str(parent.id));
    else json_object_set_new(o, "parent", json_null());
    n = ogas_council_members(r, k, NULL);
    if (n > 0 && (idx = calloc((size_t)n, sizeof *idx))) {
        ogas_council_members(r, k, idx);
        for (int64_t q = 0; q < n; q++) {
            ogas_council_person p;
            if (ogas_council_person_get(r, idx[q], &p) == OGAS_OK)
                json_array_append_new(members, json_pack("{s:s,s:o}", "id", p.id, "name", srv_str(p.name ? p.name : "")));
        }
    }
    free(idx);
    idx = NULL;
    n = ogas_council_children(r, k, NULL);
    if (n > 0 && (idx = calloc((size_t)n, sizeof *idx))) {
        ogas_council_children(r, k, idx);
        for (int64_t q = 0; q < n; q++)
            if (ogas_council_get(r, idx[q], &parent) == OGAS_OK) json_array_append_new(children, srv_str(parent.id));
    }
    free(idx);
    for (int64_t q = 0; q < info.seats; q++) {
        ogas_council_seat seat;
        ogas_council_person p;
        json_t *so;
        if (ogas_council_seat_get(r, k, q, &seat) != OGAS_OK) continue;
        so = json_pack("{s:I}", "seat", (json_int_t)q + 1);
        if (seat.holder >= 0 && ogas_council_person_get(r, seat.holder, &p) == OGAS_OK) {
            char key[2 * OGAS_CIVIC_ID_MAX + 2];
            snprintf(key, sizeof key, "%s/%s", info.id, p.id);
            json_object_set_new(so, "delegate", srv_str(p.id));
            json_object_set_new(so, "name", srv_str(p.name ? p.name : ""));
            json_object_set_new(so, "elected", json_integer(seat.elected));
            json_object_set_new(so, "mandate", json_integer(seat.mandate));
            json_object_set_new(so, "mandate_members", json_integer(seat.mandate_members));
            json_object_set_new(so, "recall",
                                json_pack("{s:I,s:I}", "signatures",
                                          (json_int_t)json_integer_value(json_object_get(pending, key)), "needed",
                                          (json_int_t)ogas_council_needed(seat.mandate_members, s->recall_share)));
        } else {
            json_object_set_new(so, "delegate", json_null());
        }
        json_array_append_new(seats, so);
    }
    json_object_set_new(o, "children", children);
    json_object_set_new(o, "members", members);
    json_object_set_new(o, "seats", seats);
    return o;
}

/* GET /api/councils. */
void srv_h_councils(srv_ctx *c)
{
    srv *s = c->s;
    json_t *pending = srv_obj(), *list = srv_arr(), *out = NULL;
    ogas_error err;
    ogas_error_clear(&err);
    {
        if (ogas_civic_recall_pending(c->st, add_pending, pending, &err)) {
            srv__fail(c, &err, 0);
            goto done;
        }
        pthread_mutex_lock(&s->reg_lock);
        if (refresh(s, c->st, 0, &err) == OGAS_OK)
            for (int64_t k = 0; k < ogas_council_count(s->reg); k++)
                json_array_append_new(list, council_object(s, s->reg, k, pending));
        pthread_mutex_unlock(&s->reg_lock);
        if (err.code) {
            srv__fail(c, &err, 0);
            goto done;
        }
    }
    out = json_pack("{s:O,s:f,s:s}", "councils", list, "recall_share", s->recall_share, "registry",
                    s->councils ? s->councils : "store");
    srv__json(c, 200, out);
done:
    json_decref(pending);
    json_decref(list);
}

/* What the recall's execution needs. */
typedef struct recall_ctx {
    srv *s;
    ogas_store *db; /* the connection whose transaction the signature is in */
    const char *council, *delegate, *signer;
} recall_ctx;

/* Executes the recall on the registry and saves it (called inside the signature's transaction). */
static ogas_status execute(const char *const *signers, int64_t n, void *ud, ogas_error *err)
{
    recall_ctx *x = ud;
    ogas_council_signature *sig = calloc((size_t)n + 1, sizeof *sig);
    ogas_council_event last;
    ogas_council_stamp stamp;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    ogas_status rc;
    if (!sig) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    for (int64_t k = 0; k < n; k++) sig[k].member = signers[k];
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    stamp.time = now;
    /* the registry's events must not go back in time: take the last one's time when it is later */
    if (ogas_council_event_count(x->s->reg) > 0 &&
        ogas_council_event_get(x->s->reg, ogas_council_event_count(x->s->reg) - 1, &last) == OGAS_OK &&
        strcmp(last.time, now) > 0)
        stamp.time = last.time;
    stamp.who = x->signer;
    stamp.why = "recall petition signed through ogas serve";
    rc = ogas_council_recall(x->s->reg, &stamp, x->council, x->delegate, sig, n, x->s->recall_share, err);
    if (!rc && x->s->councils) rc = ogas_council_registry_save(x->s->reg, x->s->councils, err);
    else if (!rc) rc = ogas_store_councils_append(x->db, x->s->reg, x->s->reg_events, err);
    if (rc) x->s->reg_ino = 0; /* the loaded registry may differ from the file now: reload next time */
    free(sig);
    return rc;
}

/* POST /api/councils/{council}/recall: {"delegate": ID}, signed by the holder. */
void srv_h_recall(srv_ctx *c)
{
    srv *s = c->s;
    const char *delegate;
    const char *council = c->param[0];
    char reason[300];
    int64_t ci, signer, holder, seat = -1, needed = 0, nm;
    int64_t *mandate = NULL;
    int gave = 0;
    ogas_civic_recall out;
    ogas_council_info info;
    recall_ctx x;
    ogas_error err;

    if (!srv__field_string(c, "delegate", 1, OGAS_CIVIC_ID_MAX, &delegate)) return;
    ogas_error_clear(&err);
    pthread_mutex_lock(&s->reg_lock);
    if (refresh(s, c->st, 0, &err)) {
        srv__fail(c, &err, 0);
        goto done;
    }
    if ((ci = ogas_council_find(s->reg, council)) < 0) {
        srv__error(c, 404, "not_found", NULL, "there is no council '%.64s'", council);
        goto done;
    }
    signer = ogas_council_person_find(s->reg, c->tok.holder);
    if (signer < 0 || !ogas_council_is_member(s->reg, ci, signer)) {
        snprintf(reason, sizeof reason, "%s is not a member of council %s", c->tok.holder, council);
        srv__refuse(c, 403, reason);
        goto done;
    }
    holder = ogas_council_person_find(s->reg, delegate);
    ogas_council_get(s->reg, ci, &info);
    for (int64_t k = 0; holder >= 0 && k < info.seats; k++) {
        ogas_council_seat st;
        if (ogas_council_seat_get(s->reg, ci, k, &st) == OGAS_OK && st.holder == holder) {
            seat = k;
            needed = ogas_council_needed(st.mandate_members, s->recall_share);
        }
    }
    if (seat < 0) {
        srv__error(c, 404, "not_found", "delegate", "%.64s holds no seat of council %s", delegate, council);
        goto done;
    }
    nm = ogas_council_mandate(s->reg, ci, seat, NULL);
    if (nm > 0 && (mandate = calloc((size_t)nm, sizeof *mandate))) {
        ogas_council_mandate(s->reg, ci, seat, mandate);
        for (int64_t q = 0; q < nm; q++) gave |= mandate[q] == signer;
    }
    if (!gave) {
        snprintf(reason, sizeof reason, "%s did not give %s's mandate, so cannot sign the recall", c->tok.holder, delegate);
        srv__refuse(c, 403, reason);
        goto done;
    }
    x.s = s;
    x.db = c->st;
    x.council = council;
    x.delegate = delegate;
    x.signer = c->tok.holder;
    if (ogas_civic_recall_sign(c->st, council, delegate, c->tok.holder, needed, execute, &x, &out, &err)) {
        srv__fail(c, &err, 1);
        goto done;
    }
    srv__json(c, 200, json_pack("{s:s,s:s,s:I,s:I,s:b,s:I,s:o}", "council", council, "delegate", delegate, "signatures",
                                (json_int_t)out.signatures, "needed", (json_int_t)out.needed, "recalled", out.recalled,
                                "audit_seq", (json_int_t)out.seq, "recall_audit_seq",
                                out.recall_seq ? json_integer(out.recall_seq) : json_null()));
done:
    pthread_mutex_unlock(&s->reg_lock);
    free(mandate);
}
