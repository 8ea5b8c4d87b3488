/* cmd_serve.c: `ogas serve --db FILE --port P`: the HTTP API server over a store (src/server), until
 * SIGINT or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server/server.h"

/* ogas serve --db FILE --port P [options] */
int cmd_serve(int argc, char **argv)
{
    cli_opt opts[] = {{"db", "FILE", "the store to serve (ogas db init makes one)", NULL},
                      {"port", "P", "TCP port to listen on (default 8080; 0: any free port, printed)", NULL},
                      {"bind", "ADDR", "IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 for every one)", NULL},
                      {"councils", "FILE", "a council registry file to show and recall delegates in instead of the store's own", NULL},
                      {"web", "DIR", "static files for / (default: web when web/index.html exists, else a built-in page)", NULL},
                      {"threads", "N", "HTTP worker threads (default 4)", NULL},
                      {"rate", "R", "requests per second per client address (default 100; 0: no limit)", NULL},
                      {"burst", "B", "requests a client may make at once (default twice the rate)", NULL},
                      {"jobs", "N", "background verifications run at once (default 1)", NULL},
                      {"recall-share", "S", "share of a mandate's givers whose signatures recall (default 0.5)", NULL},
                      {"quiet", NULL, "do not log refused requests on stderr", NULL},
                      {NULL, NULL, NULL, NULL}};
    const char *pos[1];
    int npos, status, port_out = 0;
    double port = 8080, threads = 4, rate = 100, burst = 0, jobs = 1, share = 0.5;
    srv_options o;
    srv *s = NULL;
    srv_http *h = NULL;
    ogas_error err;
    sigset_t set;
    int sig = 0;

    ogas_error_clear(&err);
    status = cli_parse("serve", "",
                       "Serve a store over HTTP: the stored economies, plans, budgets and simulations, the audit log "
                       "and a quick verification to anyone (GET /api/...); the decisions of councils and elections "
                       "(adopt a plan, open, propose to and decide an election, cast a ballot, sign a recall) to "
                       "holders of a token (ogas token issue) whose mandate allows them; full verification as a "
                       "background job. The API is described at GET /api/openapi.json and in docs/api.md.",
                       argc, argv, opts, pos, 0, &npos);
    if (status) return status == 1 ? 0 : status;
    if (!cli_get(opts, "db")) {
        fprintf(stderr, "ogas serve: say which store with --db FILE\n");
        return 2;
    }
    if ((cli_get(opts, "port") && !cli_number("serve", "port", cli_get(opts, "port"), 0, 65535, &port)) ||
        (cli_get(opts, "threads") && !cli_number("serve", "threads", cli_get(opts, "threads"), 1, 256, &threads)) ||
        (cli_get(opts, "rate") && !cli_number("serve", "rate", cli_get(opts, "rate"), 0, 1e9, &rate)) ||
        (cli_get(opts, "burst") && !cli_number("serve", "burst", cli_get(opts, "burst"), 1, 1e9, &burst)) ||
        (cli_get(opts, "jobs") && !cli_number("serve", "jobs", cli_get(opts, "jobs"), 1, 16, &jobs)) ||
        (cli_get(opts, "recall-share") &&
         !cli_number("serve", "recall-share", cli_get(opts, "recall-share"), 0, 0.999999, &share)))
        return 2;
    memset(&o, 0, sizeof o);
    o.db = cli_get(opts, "db");
    o.councils = cli_get(opts, "councils");
    o.web = cli_get(opts, "web");
    o.rate = rate;
    o.burst = burst;
    o.jobs = (int)jobs;
    o.connections = (int)threads + 2;
    o.recall_share = share;
    o.quiet = cli_get(opts, "quiet") != NULL;
    /* the server's threads inherit this mask: the signals that stop it reach sigwait below only */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (srv_create(&o, &s, &err) ||
        srv_http_start(s, cli_get(opts, "bind"), (int)port, (int)threads, &h, &port_out, &err)) {
        srv_destroy(s);
        return cli_fail("serve", &err);
    }
    fprintf(stderr, "ogas serve: listening on http://%s:%d/ (store %s)\n",
            cli_get(opts, "bind") ? cli_get(opts, "bind") : "127.0.0.1", port_out, o.db);
    fflush(stderr);
    sigdelset(&set, SIGPIPE);
    sigwait(&set, &sig);
    if (!o.quiet) fprintf(stderr, "ogas serve: stopping (signal %d)\n", sig);
    srv_http_stop(h);
    srv_destroy(s);
    return 0;
}
