/* fuzz_request: the HTTP API's request handling (srv_handle: routing, path and query decoding, tokens and
 * mandates, JSON bodies, every handler) on arbitrary requests, over a small store made once per process (a
 * balance run, tokens for a member and a delegate) and a council registry.
 *
 * The input is a request written as text: a first line "METHOD TARGET", header lines "Name: value" up to an
 * empty line (only Authorization and Client are read; "Bearer $MEMBER" and "Bearer $DELEGATE" become the
 * fixture's tokens), then the body. Invariants: the status is 200..599; there is a body; an answer under
 * /api/ is valid JSON, and an error answer (400 and up) is an object with "error" and "message"; 405 says
 * which methods are allowed; 401 asks for a bearer token; 429 says when to come back. */
#include "fuzz_economy.h"
#include "ogas/civic.h"
#include "ogas/council.h"
#include "ogas/store.h"
#include "server/server.h"

#include <jansson.h>
#include <strings.h>

static srv *fuzz_srv;
static char member_token[65], delegate_token[65];

/* Destroys the server before the harness removes its files. */
static void fuzz_srv_stop(void)
{
    srv_destroy(fuzz_srv);
    fuzz_srv = NULL;
}

/* Makes the store, tokens, registry and server once. */
static void fuzz_srv_start(void)
{
    const char *db = fuzz_path("db.sqlite"), *csv = fuzz_path("table.csv"), *reg = fuzz_path("registry.txt");
    ogas_store *st = NULL;
    ogas_council_registry *r = NULL;
    ogas_council_stamp stamp = {"2026-01-01T00:00:00Z", "clerk", ""};
    ogas_council_ballot b[2] = {{"ann", "bob", NULL, 0}, {"bob", "bob", NULL, 0}};
    ogas_store_values vs = {0};
    ogas_store_file file = {"table", csv};
    ogas_store_run run = {OGAS_RUN_BALANCE, "fuzz", "", "fuzz", 1, &file};
    ogas_token_info t;
    srv_options o;
    ogas_error err;
    FILE *fp;
    char dir[300];
    fuzz_path("db.sqlite-wal");
    fuzz_path("db.sqlite-shm");
    if (!(fp = fopen(csv, "w"))) fuzz_fail("cannot write %s", csv);
    fputs(",a,b,fd\na,1,2,3\nb,1,2,3\noutput,6,6,\n", fp);
    fclose(fp);
    memset(&t, 0, sizeof t);
    if (ogas_store_open(db, 1, &st, &err) || ogas_store_values_add(&vs, "output", 0, "a", 6, &err) ||
        ogas_store_values_add(&vs, "multiplier", 0, "a", 1.5, &err) || ogas_store_put(st, &run, &vs, NULL, NULL, &err))
        fuzz_fail("fixture store: %s", err.message);
    snprintf(t.holder, sizeof t.holder, "ann");
    snprintf(t.role, sizeof t.role, "member");
    snprintf(t.council, sizeof t.council, "W1");
    t.may = OGAS_MAY_BALLOT | OGAS_MAY_PROPOSE | OGAS_MAY_RECALL;
    if (ogas_civic_token_issue(st, &t, "fuzz", member_token, &err)) fuzz_fail("token: %s", err.message);
    snprintf(t.holder, sizeof t.holder, "dee");
    snprintf(t.role, sizeof t.role, "delegate");
    t.council[0] = '\0';
    t.may = OGAS_MAY_ADOPT | OGAS_MAY_PROPOSE | OGAS_MAY_DECIDE;
    if (ogas_civic_token_issue(st, &t, "fuzz", delegate_token, &err)) fuzz_fail("token: %s", err.message);
    ogas_store_values_free(&vs);
    ogas_store_close(st);
    if (ogas_council_registry_create(&r, &err) || ogas_council_create(r, &stamp, "D1", "District", NULL, 0, &err) ||
        ogas_council_create(r, &stamp, "W1", "Works", "D1", 1, &err) ||
        ogas_council_add_member(r, &stamp, "W1", "ann", "Ann", &err) ||
        ogas_council_add_member(r, &stamp, "W1", "bob", "Bob", &err) || ogas_council_elect(r, &stamp, "W1", b, 2, 0.5, &err) ||
        ogas_council_registry_save(r, reg, &err))
        fuzz_fail("fixture registry: %s", err.message);
    ogas_council_registry_destroy(r);
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = '\0';
    memset(&o, 0, sizeof o);
    o.db = db;
    o.councils = reg;
    o.scratch = dir;
    o.quiet = 1;
    o.connections = 2;
    o.web = NULL;
    if (srv_create(&o, &fuzz_srv, &err)) fuzz_fail("srv_create: %s", err.message);
    atexit(fuzz_srv_stop);
}

/* Copies the n bytes at p into a fresh NUL-terminated string (abort on out of memory). */
static char *dup_text(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) abort();
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* Parses the input as a request, answers it and checks the answer's invariants. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *end = data + size, *line = data, *nl;
    char *method = NULL, *target = NULL, *auth = NULL, *client = NULL, *first;
    srv_request rq;
    srv_response rs;

    if (!fuzz_srv) fuzz_srv_start();
    /* the request line */
    nl = memchr(line, '\n', size);
    first = dup_text(line, nl ? (size_t)(nl - line) : size);
    line = nl ? nl + 1 : end;
    {
        char *sp = strchr(first, ' ');
        if (sp) *sp = '\0';
        method = first;
        target = sp ? sp + 1 : first + strlen(first);
        target[strcspn(target, "\r")] = '\0';
    }
    /* headers up to an empty line */
    while (line < end) {
        size_t n;
        nl = memchr(line, '\n', (size_t)(end - line));
        n = nl ? (size_t)(nl - line) : (size_t)(end - line);
        if (n && line[n - 1] == '\r') n--;
        if (n == 0) {
            line = nl ? nl + 1 : end;
            break;
        }
        if (n > 15 && strncasecmp((const char *)line, "Authorization: ", 15) == 0) {
            free(auth);
            auth = dup_text(line + 15, n - 15);
            if (strcmp(auth, "Bearer $MEMBER") == 0 || strcmp(auth, "Bearer $DELEGATE") == 0) {
                char *real = malloc(80);
                if (!real) abort();
                snprintf(real, 80, "Bearer %s", auth[8] == 'M' ? member_token : delegate_token);
                free(auth);
                auth = real;
            }
        } else if (n > 8 && strncasecmp((const char *)line, "Client: ", 8) == 0) {
            free(client);
            client = dup_text(line + 8, n - 8);
        }
        line = nl ? nl + 1 : end;
    }
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.target = target;
    rq.authorization = auth;
    rq.client = client;
    rq.body = (const char *)line;
    rq.len = (size_t)(end - line);
    srv_handle(fuzz_srv, &rq, &rs);

    if (rs.status < 200 || rs.status > 599) fuzz_fail("status %d", rs.status);
    if (!rs.body || rs.len == 0) fuzz_fail("status %d without a body", rs.status);
    if (!rs.content_type) fuzz_fail("no content type");
    if (strcmp(rs.content_type, "application/json") == 0) {
        json_error_t je;
        json_t *v = json_loadb(rs.body, rs.len, 0, &je);
        if (!v) fuzz_fail("status %d: the answer is not JSON (%s): %.200s", rs.status, je.text, rs.body);
        if (rs.status >= 400 && (!json_is_string(json_object_get(v, "error")) ||
                                 !json_is_string(json_object_get(v, "message"))))
            fuzz_fail("status %d: an error without error and message: %.200s", rs.status, rs.body);
        json_decref(v);
    } else if (strncmp(target, "/api/", 5) == 0 && rs.status != 400) {
        fuzz_fail("an API answer of type %s", rs.content_type);
    }
    if (rs.status == 405 && !rs.allow[0]) fuzz_fail("405 without Allow");
    if (rs.status == 401 && !rs.authenticate) fuzz_fail("401 without WWW-Authenticate");
    if (rs.status == 429 && rs.retry_after < 1) fuzz_fail("429 without Retry-After");
    srv_response_free(&rs);
    free(first);
    free(auth);
    free(client);
    return 0;
}
