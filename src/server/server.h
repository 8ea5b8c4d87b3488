/* server.h: the HTTP API server (ogas serve) as the faces see it: a server handle over one store, a
 * pure request handler without sockets (srv_handle: what the unit tests and the fuzzer call), and the
 * libmicrohttpd front that feeds it from the network.
 *
 * The routes, their mandates and their documentation live in one table (routes.c) that drives dispatch,
 * the OpenAPI document (GET /api/openapi.json) and the tests. docs/api.md describes the API. */
#ifndef OGAS_SERVER_H
#define OGAS_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/error.h"

#define SRV_MAX_BODY (1u << 20) /* largest request body (bytes): more is 413 */

typedef struct srv srv; /* a server: the store, the council registry, jobs, rate limits */

typedef struct srv_options {
    const char *db;       /* the store (it must exist: ogas db init) */
    const char *councils; /* a council registry file, or NULL: the registry kept in the store */
    const char *web;      /* folder of static files, or NULL: web when web/index.html exists, else a built-in page */
    double rate;          /* requests per second per client (token bucket), 0 for no limit */
    double burst;         /* bucket size (requests), 0: twice the rate */
    int jobs;             /* background jobs that run at once (default 1) */
    int queue;            /* jobs that may wait (default 8): more is 503 */
    int connections;      /* store connections for requests (default 4) */
    double recall_share;  /* share of a mandate's givers whose signatures recall a delegate (default 0.5) */
    const char *scratch;  /* folder for temporary files (default $TMPDIR or /tmp) */
    int quiet;            /* no log of refusals on stderr */
} srv_options;

/* *out := a server over o's store (opened o->connections times), with its job workers started. */
ogas_status srv_create(const srv_options *o, srv **out, ogas_error *err);
/* Stops the jobs (a running verification is cancelled), closes the store; NULL is a no-op. */
void srv_destroy(srv *s);

/* One request as the network gave it. */
typedef struct srv_request {
    const char *method;        /* "GET", "POST", ... */
    const char *target;        /* path and query as sent ("/api/audit?from=3"), percent-escapes undecoded */
    const char *authorization; /* the Authorization header, or NULL */
    const char *client;        /* the client's address for rate limiting, or NULL (not limited) */
    const char *body;          /* the body (need not be NUL-terminated), NULL when none */
    size_t len;                /* its length */
    int too_large;             /* the body was longer than SRV_MAX_BODY and cut off */
} srv_request;

/* The answer. srv_response_free releases it. */
typedef struct srv_response {
    int status;               /* HTTP status */
    char *body;               /* malloc'd, body_len bytes (JSON for /api/, else a file) */
    size_t len;
    const char *content_type; /* static text */
    char allow[64];           /* 405: the methods the path has */
    int retry_after;          /* 429: seconds to wait, else 0 */
    int authenticate;         /* 401: send WWW-Authenticate: Bearer */
} srv_response;

/* rs := the answer to rq: rate limit, routing, token and mandate, the handler. Never fails: errors are
 * answers (JSON {"error": code, "message": reason}). Thread-safe. */
void srv_handle(srv *s, const srv_request *rq, srv_response *rs);
/* Releases rs's body and zeroes it. */
void srv_response_free(srv_response *rs);

/* The HTTP front (libmicrohttpd, a thread pool on epoll). */
typedef struct srv_http srv_http;
/* Listens on address bind (IPv4 dotted, NULL for 127.0.0.1) port (0: any free port) with threads
 * threads; *port_out := the port it listens on. */
ogas_status srv_http_start(srv *s, const char *bind, int port, int threads, srv_http **h, int *port_out,
                           ogas_error *err);
/* Stops listening and waits for the requests in progress; NULL is a no-op. */
void srv_http_stop(srv_http *h);

/* The routes, for tests: their number, and route k's method and path pattern ("/api/runs/{id}"). */
int srv_route_count(void);
void srv_route_get(int k, const char **method, const char **pattern, int *needs_token);

#endif
