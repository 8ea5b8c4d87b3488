/* server.c: the server handle (its store connections, registry, jobs and limits) and srv_handle, the
 * one entry of every request: rate limit, routing, size limit, token and mandate, body, handler. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "srv_internal.h"

/* A copy of s (NULL stays NULL); *ok := 0 when out of memory. */
static char *copy(const char *s, int *ok)
{
    char *d;
    if (!s) return NULL;
    if (!(d = strdup(s))) *ok = 0;
    return d;
}

/* Whether path is a folder. */
static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether path is a regular file. */
static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* *out := a server over o's store. */
ogas_status srv_create(const srv_options *o, srv **out, ogas_error *err)
{
    srv *s = NULL;
    ogas_status rc = OGAS_OK;
    int ok = 1, n;
    const char *tmp = getenv("TMPDIR");

    *out = NULL;
    if (!o->db) return ogas_error_set(err, OGAS_EARG, "no database given (--db FILE)");
    if (!(s = calloc(1, sizeof *s))) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    pthread_mutex_init(&s->reg_lock, NULL);
    pthread_mutex_init(&s->rate_lock, NULL);
    s->db = copy(o->db, &ok);
    s->councils = copy(o->councils, &ok);
    s->scratch = copy(o->scratch ? o->scratch : tmp && tmp[0] ? tmp : "/tmp", &ok);
    if (o->web) s->web = copy(o->web, &ok);
    else if (is_file("web/index.html")) s->web = copy("web", &ok);
    s->rate = o->rate > 0 ? o->rate : 0;
    s->burst = o->burst > 0 ? o->burst : 2 * s->rate;
    if (s->rate > 0 && s->burst < 1) s->burst = 1;
    s->recall_share = o->recall_share > 0 && o->recall_share < 1 ? o->recall_share : 0.5;
    s->quiet = o->quiet;
    if (!ok) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    if (o->web && !is_dir(o->web)) {
        rc = ogas_error_set(err, OGAS_EARG, "--web %s is not a folder", o->web);
        goto done;
    }
    n = o->connections > 0 ? o->connections : 4;
    if (!(s->conns = calloc((size_t)n, sizeof *s->conns))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    for (int k = 0; k < n; k++) {
        if ((rc = ogas_store_open(s->db, 0, &s->conns[k].st, err))) goto done;
        pthread_mutex_init(&s->conns[k].lock, NULL);
        s->nconns++;
    }
    if (s->councils && (rc = ogas_council_registry_load(s->councils, &s->reg, err))) goto done;
    if ((rc = srv__rate_init(s, err))) goto done;
    if (!(s->openapi = srv__openapi())) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory making the OpenAPI document");
        goto done;
    }
    s->openapi_len = strlen(s->openapi);
    rc = srv__jobs_create(s, o->jobs > 0 ? o->jobs : 1, o->queue > 0 ? o->queue : 8, &s->jobs, err);
done:
    if (rc) srv_destroy(s);
    else *out = s;
    return rc;
}

/* Stops the jobs and releases s. */
void srv_destroy(srv *s)
{
    if (!s) return;
    srv__jobs_destroy(s->jobs);
    for (int k = 0; k < s->nconns; k++) {
        srv__cache_flush(&s->conns[k]);
        ogas_store_close(s->conns[k].st);
        pthread_mutex_destroy(&s->conns[k].lock);
    }
    free(s->conns);
    ogas_council_registry_destroy(s->reg);
    srv__rate_free(s);
    pthread_mutex_destroy(&s->reg_lock);
    pthread_mutex_destroy(&s->rate_lock);
    free(s->openapi);
    free(s->db);
    free(s->councils);
    free(s->web);
    free(s->scratch);
    free(s);
}

/* A free connection of the pool: this thread's usual one if free, else any free one, else wait for the
 * usual one. */
srv_conn *srv__conn_acquire(srv *s)
{
    static atomic_uint next;
    static _Thread_local unsigned hint, have;
    if (!have) {
        hint = atomic_fetch_add(&next, 1);
        have = 1;
    }
    for (int k = 0; k < s->nconns; k++) {
        srv_conn *c = &s->conns[(hint + (unsigned)k) % (unsigned)s->nconns];
        if (pthread_mutex_trylock(&c->lock) == 0) return c;
    }
    pthread_mutex_lock(&s->conns[hint % (unsigned)s->nconns].lock);
    return &s->conns[hint % (unsigned)s->nconns];
}

/* Gives c back to the pool. */
void srv__conn_release(srv_conn *c)
{
    pthread_mutex_unlock(&c->lock);
}

/* c->body := the request body parsed as a JSON object; answers 400 and returns 0 when it is not one. */
static int parse_body(srv_ctx *c)
{
    json_error_t je;
    if (!c->rq->body || c->rq->len == 0) {
        srv__error(c, 400, "invalid_input", "body", "the request needs a JSON object as its body");
        return 0;
    }
    if (!(c->body = json_loadb(c->rq->body, c->rq->len, JSON_REJECT_DUPLICATES, &je))) {
        srv__error(c, 400, "invalid_input", "body", "malformed JSON at line %d, column %d: %s", je.line, je.column,
                   je.text);
        return 0;
    }
    if (!json_is_object(c->body)) {
        srv__error(c, 400, "invalid_input", "body", "the body must be a JSON object");
        return 0;
    }
    return 1;
}

/* rs := the answer to rq. */
void srv_handle(srv *s, const srv_request *rq, srv_response *rs)
{
    srv_ctx c;
    srv_conn *conn = NULL;
    const char *method = rq->method ? rq->method : "";
    const char *target = rq->target ? rq->target : "";
    size_t plen = strcspn(target, "?#");
    char allow[64] = "";
    int retry = 0, r;

    memset(rs, 0, sizeof *rs);
    memset(&c, 0, sizeof c);
    c.s = s;
    c.rq = rq;
    c.rs = rs;
    c.query = target[plen] == '?' ? target + plen + 1 : "";
    if (strcmp(method, "HEAD") == 0) method = "GET";
    if (rq->client && s->rate > 0 && !srv__rate_take(s, rq->client, &retry)) {
        srv__error(&c, 429, "rate_limited", NULL, "too many requests from %s: try again in %d s", rq->client, retry);
        rs->retry_after = retry;
        return;
    }
    if (plen == 0 || target[0] != '/' || srv__decode(target, plen, c.path, sizeof c.path, 0) < 0) {
        srv__error(&c, 400, "invalid_input", NULL, "malformed request path");
        return;
    }
    if (strncmp(c.path, "/api/", 5) != 0 && strcmp(c.path, "/api") != 0) {
        if (strcmp(method, "GET") != 0) {
            snprintf(rs->allow, sizeof rs->allow, "GET, HEAD");
            srv__error(&c, 405, "method_not_allowed", NULL, "%s is not allowed on %s (GET, HEAD)", method, c.path);
            return;
        }
        srv__static(&c);
        return;
    }
    if ((r = srv__route(&c, method, allow, sizeof allow)) == 404) {
        srv__error(&c, 404, "not_found", NULL, "no such route: %s", c.path);
        return;
    }
    if (r == 405) {
        snprintf(rs->allow, sizeof rs->allow, "%s", allow);
        srv__error(&c, 405, "method_not_allowed", NULL, "%s is not allowed on %s (%s)", method, c.path, allow);
        return;
    }
    if (rq->too_large || rq->len > SRV_MAX_BODY) {
        srv__error(&c, 413, "too_big", "body", "the request body is larger than %u bytes", SRV_MAX_BODY);
        return;
    }
    conn = srv__conn_acquire(s);
    c.st = conn->st;
    if (c.route->cache && srv__cache_get(&c, conn)) {
        srv__conn_release(conn);
        return;
    }
    if ((!c.route->token || srv__authorize(&c)) && (!c.route->request || parse_body(&c))) c.route->fn(&c);
    if (c.route->cache) srv__cache_put(&c, conn);
    if (c.route->token) srv__cache_flush(conn); /* its own writes do not change its data_version */
    srv__conn_release(conn);
    json_decref(c.body);
    if (!rs->body) srv__error(&c, 500, "internal", NULL, "the handler gave no answer");
}

/* Releases rs's body. */
void srv_response_free(srv_response *rs)
{
    free(rs->body);
    memset(rs, 0, sizeof *rs);
}
