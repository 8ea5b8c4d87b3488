/* http.c: the libmicrohttpd front: a pool of threads on epoll accepts requests, gathers each body (cut off
 * past SRV_MAX_BODY: 413; refused at once when Content-Length is far larger), hands the request to srv_handle and
 * sends its answer with the headers it asks for. Everything else happens in srv_handle. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "srv_internal.h"

#define HTTP_DRAIN_MAX (8u * SRV_MAX_BODY) /* bodies up to this are read (and dropped past SRV_MAX_BODY) */

struct srv_http {
    struct MHD_Daemon *d;
    srv *s;
};

/* One connection's request as it arrives. */
typedef struct http_req {
    char *uri;       /* the target as sent (path and query) */
    char *body;
    size_t len, cap;
    int too_large;
    int started;     /* the first call (headers only) is done */
} http_req;

/* Keeps the raw target of a new request (MHD's URL is decoded and without the query). */
static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
    http_req *x = calloc(1, sizeof *x);
    (void)cls;
    (void)con;
    if (x && !(x->uri = strdup(uri ? uri : ""))) {
        free(x);
        x = NULL;
    }
    return x;
}

/* Frees a request's state when it is done. */
static void completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    http_req *x = *con_cls;
    (void)cls;
    (void)con;
    (void)toe;
    if (x) {
        free(x->uri);
        free(x->body);
        free(x);
    }
    *con_cls = NULL;
}

/* Appends n bytes to x's body, or marks it too large. */
static int append(http_req *x, const char *data, size_t n)
{
    if (x->too_large || x->len + n > SRV_MAX_BODY) {
        x->too_large = 1;
        return 1;
    }
    if (x->len + n > x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 4096;
        char *nb;
        while (cap < x->len + n) cap *= 2;
        if (!(nb = realloc(x->body, cap))) return 0;
        x->body = nb;
        x->cap = cap;
    }
    memcpy(x->body + x->len, data, n);
    x->len += n;
    return 1;
}

/* buf := the client's address as text. */
static const char *client_address(struct MHD_Connection *con, char *buf, size_t n)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    buf[0] = '\0';
    if (sa && sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, (socklen_t)n);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, (socklen_t)n);
    return buf[0] ? buf : NULL;
}

/* Sends rs on con. */
static enum MHD_Result send_response(struct MHD_Connection *con, srv_response *rs)
{
    struct MHD_Response *r;
    enum MHD_Result ok;
    char num[24];
    if (rs->body && rs->len) {
        r = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_MUST_FREE);
        if (r) rs->body = NULL; /* MHD frees it */
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type ? rs->content_type : "application/json");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (rs->content_type && strcmp(rs->content_type, "application/json") == 0)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (rs->allow[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->retry_after > 0) {
        snprintf(num, sizeof num, "%d", rs->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, num);
    }
    if (rs->authenticate) MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"ogas\"");
    ok = MHD_queue_response(con, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* MHD's access handler: called for the headers, for each piece of body, and once more at the end. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    srv_http *h = cls;
    http_req *x = *con_cls;
    srv_request rq;
    srv_response rs;
    char client[INET6_ADDRSTRLEN + 1];
    enum MHD_Result ok;
    (void)url;
    (void)version;
    if (!x) return MHD_NO; /* out of memory when it began */
    if (!x->started) {
        const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        x->started = 1;
        /* a body somewhat too large is read and dropped, so that the client hears the 413 (it is still
         * sending); one far too large is refused at once, and the connection closed */
        if (cl && strtoull(cl, NULL, 10) > HTTP_DRAIN_MAX) x->too_large = 1;
        else return MHD_YES;
    } else if (*upload_data_size) {
        if (!append(x, upload_data, *upload_data_size)) return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.target = x->uri;
    rq.authorization = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    rq.client = client_address(con, client, sizeof client);
    rq.body = x->body;
    rq.len = x->len;
    rq.too_large = x->too_large;
    srv_handle(h->s, &rq, &rs);
    ok = send_response(con, &rs);
    srv_response_free(&rs);
    return ok;
}

/* Starts listening on bind:port with threads threads. */
ogas_status srv_http_start(srv *s, const char *bind, int port, int threads, srv_http **out, int *port_out,
                           ogas_error *err)
{
    srv_http *h = calloc(1, sizeof *h);
    struct sockaddr_in addr;
    const union MHD_DaemonInfo *info;
    *out = NULL;
    if (!h) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, bind ? bind : "127.0.0.1", &addr.sin_addr) != 1) {
        free(h);
        return ogas_error_set(err, OGAS_EARG, "--bind %s is not an IPv4 address", bind);
    }
    h->s = s;
    h->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, (uint16_t)port, NULL, NULL, on_request, h,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
                            (unsigned)(threads > 0 ? threads : 2), MHD_OPTION_URI_LOG_CALLBACK, uri_log, h,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, h, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)4000, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                            MHD_OPTION_END);
    if (!h->d) {
        free(h);
        return ogas_error_set(err, OGAS_EIO, "cannot listen on %s:%d (in use, or not allowed)", bind ? bind : "127.0.0.1",
                              port);
    }
    info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    if (port_out) *port_out = info ? (int)info->port : port;
    *out = h;
    return OGAS_OK;
}

/* Stops listening. */
void srv_http_stop(srv_http *h)
{
    if (!h) return;
    MHD_stop_daemon(h->d);
    free(h);
}
