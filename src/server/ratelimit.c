/* ratelimit.c: a token bucket per client address: each client may make `burst` requests at once and `rate`
 * more per second after that; the buckets live in a fixed open-addressing table (SRV_BUCKETS slots, probed
 * SRV_PROBE deep), so that a flood of addresses cannot make it grow: a client that finds no slot takes
 * over the probed slot idle longest (whose bucket would be full again by then, or nearly). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv_internal.h"

#define SRV_BUCKETS 4096
#define SRV_PROBE 8

/* FNV-1a hash of s. */
static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Allocates the table. */
ogas_status srv__rate_init(srv *s, ogas_error *err)
{
    if (!(s->buckets = calloc(SRV_BUCKETS, sizeof *s->buckets)))
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the rate limits");
    return OGAS_OK;
}

/* Frees the table. */
void srv__rate_free(srv *s)
{
    free(s->buckets);
    s->buckets = NULL;
}

/* 1 when client may make a request now (one token taken); else 0, *retry := whole seconds to wait. */
int srv__rate_take(srv *s, const char *client, int *retry)
{
    double now = srv__now();
    uint32_t h = hash(client);
    srv_bucket *b = NULL, *oldest = NULL;
    int ok;
    pthread_mutex_lock(&s->rate_lock);
    for (int k = 0; k < SRV_PROBE; k++) {
        srv_bucket *x = &s->buckets[(h + (uint32_t)k) % SRV_BUCKETS];
        if (strncmp(x->client, client, sizeof x->client - 1) == 0 && x->client[0]) {
            b = x;
            break;
        }
        if (!oldest || !x->client[0] || (oldest->client[0] && x->last < oldest->last)) oldest = x;
    }
    if (!b) {
        b = oldest;
        snprintf(b->client, sizeof b->client, "%s", client);
        b->tokens = s->burst;
        b->last = now;
    }
    b->tokens = fmin(s->burst, b->tokens + (now - b->last) * s->rate);
    b->last = now;
    ok = b->tokens >= 1;
    if (ok) b->tokens -= 1;
    else *retry = (int)ceil((1 - b->tokens) / s->rate);
    pthread_mutex_unlock(&s->rate_lock);
    if (!ok && *retry < 1) *retry = 1;
    return ok;
}
