/* reply.c: how handlers answer (JSON bodies, errors, refusals) and read their input (query and path
 * parameters, body fields). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv_internal.h"

/* The current time in seconds (monotonic). */
double srv__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A JSON string of s, bytes that are not UTF-8 turned into '?'. */
json_t *srv_str(const char *s)
{
    size_t n;
    char *copy;
    json_t *v;
    if (!s) return json_null();
    n = strlen(s);
    if ((v = json_stringn(s, n))) return v;
    if (!(copy = malloc(n + 1))) return NULL;
    for (size_t k = 0; k <= n; k++) copy[k] = (unsigned char)s[k] >= 0x80 ? '?' : s[k];
    v = json_stringn(copy, n);
    free(copy);
    return v;
}

/* Answers status with v (reference taken). */
void srv__json(srv_ctx *c, int status, json_t *v)
{
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(v);
    free(c->rs->body);
    c->rs->body = NULL;
    c->rs->content_type = "application/json";
    if (!text) {
        static const char fail[] = "{\"error\":\"internal\",\"message\":\"the answer could not be made\"}";
        c->rs->status = 500;
        c->rs->body = strdup(fail);
        c->rs->len = c->rs->body ? sizeof fail - 1 : 0;
        return;
    }
    c->rs->status = status;
    c->rs->body = text;
    c->rs->len = strlen(text);
}

/* Answers status with an error object. */
void srv__error(srv_ctx *c, int status, const char *code, const char *field, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    json_t *o = srv_obj();
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_object_set_new(o, "error", srv_str(code));
    if (field) json_object_set_new(o, "field", srv_str(field));
    json_object_set_new(o, "message", srv_str(msg));
    srv__json(c, status, o);
}

/* Answers a library failure with its code's status. */
void srv__fail(srv_ctx *c, const ogas_error *err, int conflict)
{
    char msg[1100];
    int status = ogas_status_http(err->code);
    const char *name = ogas_status_name(err->code);
    if (conflict && err->code == OGAS_EFORBIDDEN) {
        status = 409;
        name = "conflict";
    }
    ogas_error_format(err, msg, sizeof msg);
    srv__error(c, status, name, NULL, "%s", msg);
}

/* Answers a refusal and records it. */
void srv__refuse(srv_ctx *c, int status, const char *reason)
{
    const char *holder = c->tok.holder[0] ? c->tok.holder : NULL;
    char route[SRV_PATH_MAX + 16];
    ogas_error err;
    snprintf(route, sizeof route, "%s %s", c->route ? c->route->method : "?", c->route ? c->route->pattern : c->path);
    if (c->st && ogas_civic_refusal(c->st, holder, route, reason, &err) && !c->s->quiet)
        fprintf(stderr, "ogas serve: cannot record a refusal: %s\n", err.message);
    if (!c->s->quiet)
        fprintf(stderr, "ogas serve: refused %d %s (%s) %s: %s\n", status, route, c->path, holder ? holder : "-", reason);
    srv__error(c, status, status == 401 ? "unauthorized" : "forbidden", NULL, "%s", reason);
    c->rs->authenticate = status == 401;
}

/* The value of a hex digit, or -1. */
static int hexval(char h)
{
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
}

/* Percent-decodes src[0..n) into dst. */
int srv__decode(const char *src, size_t n, char *dst, size_t dn, int plus)
{
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        char ch = src[k];
        if (ch == '%') {
            int hi, lo;
            if (k + 2 >= n) return -1;
            hi = hexval(src[k + 1]);
            lo = hexval(src[k + 2]);
            if (hi < 0 || lo < 0) return -1;
            ch = (char)(hi * 16 + lo);
            k += 2;
        } else if (ch == '+' && plus) {
            ch = ' ';
        }
        if (ch == '\0' || o + 1 >= dn) return -1;
        dst[o++] = ch;
    }
    if (dn == 0) return -1;
    dst[o] = '\0';
    return (int)o;
}

/* buf := query parameter key, decoded. */
const char *srv__query(const srv_ctx *c, const char *key, char *buf, size_t n)
{
    size_t kl = strlen(key);
    for (const char *p = c->query; *p;) {
        size_t len = strcspn(p, "&#");
        const char *eq = memchr(p, '=', len);
        size_t nl = eq ? (size_t)(eq - p) : len;
        if (nl == kl && strncmp(p, key, kl) == 0) {
            if (!eq) {
                if (n) buf[0] = '\0';
                return buf;
            }
            if (srv__decode(eq + 1, len - nl - 1, buf, n, 1) < 0) return NULL;
            return buf;
        }
        if (p[len] != '&') break;
        p += len + 1;
    }
    return NULL;
}

/* Parses a decimal integer that fills s; 0 when it is not one. */
static int parse_int(const char *s, int64_t *v)
{
    char *end;
    long long x;
    if (!s[0] || strlen(s) > 19) return 0;
    for (const char *p = s; *p; p++)
        if (!(*p >= '0' && *p <= '9') && !(p == s && *p == '-')) return 0;
    x = strtoll(s, &end, 10);
    if (*end) return 0;
    *v = x;
    return 1;
}

/* *v := integer query parameter key. */
int srv__query_int(srv_ctx *c, const char *key, int64_t def, int64_t lo, int64_t hi, int64_t *v)
{
    char buf[64];
    *v = def;
    if (!srv__query(c, key, buf, sizeof buf)) return 1;
    if (!parse_int(buf, v) || *v < lo || *v > hi) {
        srv__error(c, 400, "invalid_argument", key, "query parameter %s must be an integer in %lld..%lld", key,
                   (long long)lo, (long long)hi);
        return 0;
    }
    return 1;
}

/* *v := path parameter k as an id. */
int srv__param_id(srv_ctx *c, int k, const char *what, int64_t *v)
{
    if (k >= c->nparam || !parse_int(c->param[k], v) || *v < 1) {
        srv__error(c, 404, "not_found", NULL, "there is no %s '%.64s'", what, k < c->nparam ? c->param[k] : "");
        return 0;
    }
    return 1;
}

/* The body's string field key. */
int srv__field_string(srv_ctx *c, const char *key, int required, size_t max, const char **out)
{
    json_t *v = json_object_get(c->body, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (!required) return 1;
        srv__error(c, 400, "invalid_argument", key, "the field %s is missing", key);
        return 0;
    }
    if (!json_is_string(v)) {
        srv__error(c, 400, "invalid_argument", key, "the field %s must be a string", key);
        return 0;
    }
    if (json_string_length(v) > max || strlen(json_string_value(v)) != json_string_length(v)) {
        srv__error(c, 400, "invalid_argument", key, "the field %s is longer than %zu bytes or holds a NUL", key, max);
        return 0;
    }
    *out = json_string_value(v);
    return 1;
}

/* The integer field key of obj in [lo, hi]. */
int srv__field_int(srv_ctx *c, json_t *obj, const char *key, const char *field, int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        srv__error(c, 400, "invalid_argument", field, "the field %s is missing", field);
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        srv__error(c, 400, "invalid_argument", field, "the field %s must be an integer in %lld..%lld", field,
                   (long long)lo, (long long)hi);
        return 0;
    }
    *out = json_integer_value(v);
    return 1;
}

/* A JSON number for v: null when not finite. */
json_t *srv__number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}
