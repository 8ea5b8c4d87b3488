/* srv_internal.h: what the server's files share: the server handle, the route table's rows, the request
 * context handlers work on, and the helpers that answer. */
#ifndef OGAS_SRV_INTERNAL_H
#define OGAS_SRV_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <sys/types.h>
#include <time.h>

#include "ogas/civic.h"
#include "ogas/council.h"
#include "ogas/store.h"
#include "server.h"

#define SRV_MAX_PARAMS 3     /* {parameters} in a path */
#define SRV_PARAM_MAX 128    /* bytes of one */
#define SRV_PATH_MAX 1024    /* bytes of a decoded path */

/* The CLI's JSON writer (src/cli/json.c) defines functions called json_object, json_array and json_string,
 * which take the place of jansson's of those names in the ogas program. The server makes those values
 * through entries of jansson that do not clash: */
#define srv_obj() json_pack("{}") /* a new empty object */
#define srv_arr() json_pack("[]") /* a new empty array */
/* A JSON string of s (bytes that are not UTF-8 become '?'); null for NULL. */
json_t *srv_str(const char *s);

typedef struct srv_ctx srv_ctx;
typedef void (*srv_handler)(srv_ctx *c);

/* One route: a row of the table in routes.c. */
typedef struct srv_route {
    const char *method;   /* "GET" or "POST" */
    const char *pattern;  /* "/api/runs/{id}" */
    srv_handler fn;
    int token;            /* needs Authorization: Bearer TOKEN */
    const char *role;     /* the holder's role it needs ("member", "delegate"), NULL for either */
    unsigned may;         /* the mandate it needs (OGAS_MAY_*), 0 for none */
    int status;           /* the status of success (200, 201, 202) */
    const char *summary;  /* one line, for the OpenAPI document */
    const char *query;    /* query parameters "name:type:description;..." or NULL */
    const char *request;  /* JSON Schema of the body, or NULL */
    const char *response; /* JSON Schema of the answer */
    int cache;            /* the answer depends on the store alone: cached until the store changes */
} srv_route;

extern const srv_route srv_routes[];
extern const int srv_nroutes;

#define SRV_CACHE_SLOTS 64          /* answers cached per connection */
#define SRV_CACHE_MAX_BYTES (1u << 20) /* largest answer cached */

/* A cached answer: the body of a GET of target. */
typedef struct srv_cached {
    char *target;
    char *body;
    size_t len;
} srv_cached;

/* A store connection of the pool (one request at a time), with the answers it gave while the database did
 * not change (SQLite's data_version tells when another connection changed it; its own writes flush it). */
typedef struct srv_conn {
    ogas_store *st;
    pthread_mutex_t lock;
    int64_t version;                      /* data_version when the cache was filled */
    srv_cached cache[SRV_CACHE_SLOTS];
    int next;                             /* the slot replaced next */
} srv_conn;

/* One client's token bucket. */
typedef struct srv_bucket {
    char client[48]; /* "" for a free slot */
    double tokens;   /* requests it may make now */
    double last;     /* when tokens was computed (seconds) */
} srv_bucket;

typedef struct srv_jobs srv_jobs;

struct srv {
    char *db, *councils, *web, *scratch; /* owned copies of the options */
    double rate, burst, recall_share;
    int quiet;
    srv_conn *conns;
    int nconns;
    pthread_mutex_t rate_lock;
    srv_bucket *buckets;     /* [SRV_BUCKETS] open addressing by client */
    pthread_mutex_t reg_lock;/* the registry cache and recalls */
    ogas_council_registry *reg;
    int64_t reg_events;      /* the store's registry: events when it was read */
    dev_t reg_dev;
    ino_t reg_ino;
    off_t reg_size;
    struct timespec reg_mtime;
    srv_jobs *jobs;
    char *openapi;           /* the OpenAPI document, made once */
    size_t openapi_len;
};

/* What a handler works on: the request, its route and parameters, the token's holder, a store
 * connection, and the answer it fills. */
struct srv_ctx {
    srv *s;
    const srv_request *rq;
    const srv_route *route;
    char path[SRV_PATH_MAX];                   /* the decoded path */
    const char *query;                          /* after '?', undecoded ("" for none) */
    char param[SRV_MAX_PARAMS][SRV_PARAM_MAX];  /* the {parameters}, in order */
    int nparam;
    ogas_token_info tok;                        /* the holder, when authed */
    int authed;
    ogas_store *st;                             /* a connection held for this request */
    json_t *body;                               /* the parsed body (an object) for routes with a request schema */
    srv_response *rs;
};

/* server.c: the connection pool. */
srv_conn *srv__conn_acquire(srv *s);
void srv__conn_release(srv_conn *c);

/* cache.c: 1 when c's answer was found in the connection's cache (and given); else 0. */
int srv__cache_get(srv_ctx *c, srv_conn *conn);
/* Keeps c's answer in the connection's cache. */
void srv__cache_put(srv_ctx *c, srv_conn *conn);
/* Forgets the connection's cached answers. */
void srv__cache_flush(srv_conn *conn);

/* reply.c: answering. */
/* Answers status with the JSON value v (its reference is taken; NULL answers 500). */
void srv__json(srv_ctx *c, int status, json_t *v);
/* Answers status with {"error": code, "message": ..., "field": field (when not NULL)}. */
void srv__error(srv_ctx *c, int status, const char *code, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Answers a library failure: its code's HTTP status and name, and its message (EFORBIDDEN from a state
 * refusal is 409 conflict when conflict is set). */
void srv__fail(srv_ctx *c, const ogas_error *err, int conflict);
/* Answers a refusal (401 or 403): records it in the store's refusals, logs it on stderr unless quiet. */
void srv__refuse(srv_ctx *c, int status, const char *reason);
/* buf := query parameter key, percent-decoded; NULL when absent. */
const char *srv__query(const srv_ctx *c, const char *key, char *buf, size_t n);
/* *v := the integer query parameter key (default def when absent) in [lo, hi]; answers 400 and returns 0
 * when it is not one. */
int srv__query_int(srv_ctx *c, const char *key, int64_t def, int64_t lo, int64_t hi, int64_t *v);
/* *v := path parameter k as a positive id; answers 404 and returns 0 when it is not one. */
int srv__param_id(srv_ctx *c, int k, const char *what, int64_t *v);
/* The body's string field key (NULL when absent and optional; answers 400 and returns 0 when required
 * and absent, or not a string, or longer than max). */
int srv__field_string(srv_ctx *c, const char *key, int required, size_t max, const char **out);
/* The body's integer field key in [lo, hi]; answers 400 and returns 0 when missing or not one. */
int srv__field_int(srv_ctx *c, json_t *obj, const char *key, const char *field, int64_t lo, int64_t hi, int64_t *out);
/* A JSON number for v: null when not finite. */
json_t *srv__number(double v);
/* Percent-decodes src[0..n) into dst (size dn; '+' is a space when plus is set); -1 when malformed,
 * too long or decoding to a NUL byte. */
int srv__decode(const char *src, size_t n, char *dst, size_t dn, int plus);
/* The current time in seconds (monotonic). */
double srv__now(void);

/* routes.c */
/* c->route := the route for method and c->path (params filled); 0 found, 404 no such path, 405 the path
 * exists with other methods (allow := them). */
int srv__route(srv_ctx *c, const char *method, char *allow, size_t n);
/* The OpenAPI 3 document of the route table (malloc'd text). */
char *srv__openapi(void);

/* auth.c: 1 when the request's token is valid and its mandate allows the route on its object (c->tok
 * filled); otherwise answers 401 or 403 and returns 0. */
int srv__authorize(srv_ctx *c);

/* ratelimit.c: 1 when client may make a request now; else 0 and *retry := seconds to wait. */
int srv__rate_take(srv *s, const char *client, int *retry);
ogas_status srv__rate_init(srv *s, ogas_error *err);
void srv__rate_free(srv *s);

/* static.c: answers GET of a non-API path from the web folder (or the built-in page). */
void srv__static(srv_ctx *c);

/* jobs.c */
ogas_status srv__jobs_create(srv *s, int workers, int queue, srv_jobs **out, ogas_error *err);
void srv__jobs_destroy(srv_jobs *j);

/* The handlers (handlers_read.c, handlers_write.c, councils.c, jobs.c). */
void srv_h_health(srv_ctx *c);
void srv_h_openapi(srv_ctx *c);
void srv_h_runs(srv_ctx *c);
void srv_h_run(srv_ctx *c);
void srv_h_economies(srv_ctx *c);
void srv_h_economy(srv_ctx *c);
void srv_h_plans(srv_ctx *c);
void srv_h_plan(srv_ctx *c);
void srv_h_budgets(srv_ctx *c);
void srv_h_budget(srv_ctx *c);
void srv_h_simulations(srv_ctx *c);
void srv_h_audit(srv_ctx *c);
void srv_h_verify(srv_ctx *c);
void srv_h_councils(srv_ctx *c);
void srv_h_elections(srv_ctx *c);
void srv_h_election(srv_ctx *c);
void srv_h_job(srv_ctx *c);
void srv_h_adopt(srv_ctx *c);
void srv_h_election_open(srv_ctx *c);
void srv_h_propose(srv_ctx *c);
void srv_h_ballot(srv_ctx *c);
void srv_h_decide(srv_ctx *c);
void srv_h_recall(srv_ctx *c);
void srv_h_job_verify(srv_ctx *c);
void srv_h_job_plan(srv_ctx *c);

#endif
