/* cache.c: answers cached per store connection. A GET of a route marked cache (its answer depends on the
 * store alone) is answered from the connection's cache while SQLite's data_version is unchanged, that is,
 * while no other connection or process has committed anything; the connection's own writes flush it. So a
 * number changed behind the server's back (ogas verify finds it) is also what the server shows next. */
#include <stdlib.h>
#include <string.h>

#include "srv_internal.h"

/* Forgets conn's cached answers. */
void srv__cache_flush(srv_conn *conn)
{
    for (int k = 0; k < SRV_CACHE_SLOTS; k++) {
        free(conn->cache[k].target);
        free(conn->cache[k].body);
        memset(&conn->cache[k], 0, sizeof conn->cache[k]);
    }
    conn->next = 0;
}

/* 1 when c's answer is in conn's cache (given as the answer). */
int srv__cache_get(srv_ctx *c, srv_conn *conn)
{
    int64_t v = 0;
    ogas_error err;
    if (ogas_civic_data_version(conn->st, &v, &err)) {
        srv__cache_flush(conn);
        return 0;
    }
    if (v != conn->version) {
        srv__cache_flush(conn);
        conn->version = v;
        return 0;
    }
    for (int k = 0; k < SRV_CACHE_SLOTS; k++) {
        srv_cached *e = &conn->cache[k];
        if (e->target && strcmp(e->target, c->rq->target) == 0) {
            if (!(c->rs->body = malloc(e->len))) return 0;
            memcpy(c->rs->body, e->body, e->len);
            c->rs->len = e->len;
            c->rs->status = 200;
            c->rs->content_type = "application/json";
            return 1;
        }
    }
    return 0;
}

/* Keeps c's answer (a 200 of reasonable size) in conn's cache. */
void srv__cache_put(srv_ctx *c, srv_conn *conn)
{
    srv_cached *e = &conn->cache[conn->next];
    char *target, *body;
    if (c->rs->status != 200 || !c->rs->body || c->rs->len == 0 || c->rs->len > SRV_CACHE_MAX_BYTES) return;
    if (!(target = strdup(c->rq->target))) return;
    if (!(body = malloc(c->rs->len))) {
        free(target);
        return;
    }
    memcpy(body, c->rs->body, c->rs->len);
    free(e->target);
    free(e->body);
    e->target = target;
    e->body = body;
    e->len = c->rs->len;
    conn->next = (conn->next + 1) % SRV_CACHE_SLOTS;
}
