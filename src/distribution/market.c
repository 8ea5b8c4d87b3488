/* market.c: shops and shopping, one month: administered prices with queues and priority lists, or prices
 * that clear the stock. Everything in integer units and milli-credits, so that the month's goods and
 * credits balance exactly. */
#include <math.h>
#include <string.h>

#include "sim_internal.h"

/* Credits household h means to spend on its basket slot b this month: floor(budget x share). */
static inline int64_t want_credits(const sim_world *w, const sim_state *s, int64_t h, int b)
{
    return (int64_t)floor((double)s->budget[h] * (double)w->w[h * w->B + b]);
}

/* s->want := credits the households mean to spend on each good (at labour values under administered
 * prices: the demand at value), summed exactly. */
void sim_wants(const sim_world *w, sim_state *s)
{
    memset(s->want, 0, (size_t)w->ng * sizeof *s->want);
    for (int64_t h = 0; h < w->N; h++)
        for (int b = 0; b < w->B; b++) s->want[w->good[h * w->B + b]] += want_credits(w, s, h, b);
}

/* Household h pays c milli-credits for u units of good g worth u x pv at labour values. */
static inline void buy(const sim_world *w, sim_state *s, int64_t h, int64_t g, int64_t u, int64_t c)
{
    s->savings[h] -= c;
    s->spent += c;
    s->spent_g[g] += c;
    s->cons[h] += u * w->pv[g];
}

/* Serves household h's basket slot b from the shop (after what the priority reserve gave it): buys what
 * stock allows, then from traders if it is rich, and queues for the rest; adds its unspent credits to
 * s->unmet1[h]. */
static void serve(const sim_world *w, sim_state *s, int64_t h, int b)
{
    int64_t g = w->good[h * w->B + b], pv = w->pv[g], wc = want_credits(w, s, h, b), u = wc / pv, take, left;
    uint8_t *wt = &s->wait[h * w->B + b];
    int64_t waited = *wt & 0x7f;
    if (s->pidx[h] >= 0) u -= s->pgot[s->pidx[h] * w->B + b];
    take = u < s->stock[g] ? u : s->stock[g];
    if (take > 0) {
        s->stock[g] -= take;
        s->sold[g] += take;
        buy(w, s, h, g, take, take * pv);
    }
    left = u - take;
    if (left <= 0) {
        *wt = 0x80;
        return;
    }
    s->unmet[g] += left * pv;
    s->queue[g]++;
    waited = waited < 127 ? waited + 1 : 127;
    s->wait_sum[g] += waited;
    *wt = (uint8_t)(0x80 | waited);
    if (s->trade && s->traders[g] > 0 && s->savings[h] >= s->rich) {
        int64_t tp = (int64_t)ceil(s->trade->markup * (double)pv), t = left * pv / tp;
        if (t > s->traders[g]) t = s->traders[g];
        if (t > 0) {
            s->traders[g] -= t;
            s->margin += t * (tp - pv);
            buy(w, s, h, g, t, t * tp);
            s->unmet1[h] += left * pv - t * tp;
            return;
        }
    }
    s->unmet1[h] += left * pv;
}

/* Household h's forced substitution: a share of its unspent credits goes to the goods of its basket that
 * still have stock, in the order of its shares; the rest is forced saving. */
static void substitute(const sim_world *w, const ogas_scenario *sc, sim_state *s, int64_t h)
{
    int64_t U = s->unmet1[h], sub = (int64_t)floor(sc->substitution * (double)U), used = 0;
    for (int b = 0; b < w->B && sub - used > 0; b++) {
        int64_t g = w->good[h * w->B + b], t = (sub - used) / w->pv[g];
        if (t > s->stock[g]) t = s->stock[g];
        if (t <= 0) continue;
        s->stock[g] -= t;
        s->sold[g] += t;
        used += t * w->pv[g];
        buy(w, s, h, g, t, t * w->pv[g]);
    }
    s->subst += used;
    s->forced += U - used;
}

/* Whether h is on the priority lists this month. */
static inline int priority(const sim_world *w, const sim_state *s, int64_t h)
{
    return (w->flags[h] & SIM_OFFICIAL) || (s->spec_on && (w->flags[h] & SIM_SPECIALIST));
}

/* One month of shopping at administered prices (labour values). The priority lists get priority_share of
 * each good's stock first; then households arrive in the order of s->perm, those who queued last month for
 * a good served first for it (a first sweep over the order for their waited-for goods, a second for the
 * rest). Traders (private trade) take their share of each scarce good before the shops open. */
void sim_shop_administered(const sim_world *w, sim_state *s)
{
    const ogas_scenario *sc = w->sc;
    int64_t N = w->N, B = w->B;
    if (s->trade)
        for (int64_t g = 0; g < w->ng; g++) {
            int64_t t = 0;
            if (s->want[g] / w->pv[g] > s->stock[g]) t = (int64_t)floor(s->trade->share * (double)s->stock[g]);
            s->stock[g] -= t;
            s->traded[g] = t;
            s->traders[g] = t;
        }
    /* the priority lists, served from the reserve */
    if (sc->priority_share > 0 && s->nprio > 0) {
        int64_t *reserve = s->cum; /* borrowed: feedback's workspace */
        for (int64_t g = 0; g < w->ng; g++) {
            reserve[g] = (int64_t)floor(sc->priority_share * (double)s->stock[g]);
            s->stock[g] -= reserve[g];
        }
        for (int64_t k = 0; k < N; k++) {
            int64_t h = s->perm[k];
            if (s->pidx[h] < 0) continue;
            for (int b = 0; b < B; b++) {
                int64_t g = w->good[h * B + b], u = want_credits(w, s, h, b) / w->pv[g];
                int64_t t = u < reserve[g] ? u : reserve[g];
                s->pgot[s->pidx[h] * B + b] = (int32_t)t;
                if (t <= 0) continue;
                reserve[g] -= t;
                s->sold[g] += t;
                s->prio[g] += t;
                buy(w, s, h, g, t, t * w->pv[g]);
            }
        }
        for (int64_t g = 0; g < w->ng; g++) s->stock[g] += reserve[g];
    }
    /* those who queued last month, for the goods they queued for */
    for (int64_t k = 0; k < N; k++) {
        int64_t h = s->perm[k];
        for (int b = 0; b < B; b++)
            if (s->wait[h * B + b] & 0x7f) serve(w, s, h, b);
    }
    /* everyone, for the rest; then substitution and forced saving */
    for (int64_t k = 0; k < N; k++) {
        int64_t h = s->perm[k];
        for (int b = 0; b < B; b++) {
            uint8_t *wt = &s->wait[h * B + b];
            if (!(*wt & 0x80)) serve(w, s, h, b);
            *wt &= 0x7f;
        }
        substitute(w, sc, s, h);
    }
}

/* One month at clearing prices: each good's price is the credits households mean to spend on it over its
 * stock (at least 1 milli-credit a unit), so that all of the stock is sold; each household pays what it
 * meant to spend and gets its share of the units, rounded cumulatively in household order
 * (floor(S C_after / E) - floor(S C_before / E): exactly S units in all, each within one unit of its
 * share). Credits meant for a good with no stock are forced saving. */
void sim_shop_feedback(const sim_world *w, sim_state *s)
{
    int64_t N = w->N, B = w->B;
    memset(s->cum, 0, (size_t)w->ng * sizeof *s->cum);
    for (int64_t h = 0; h < N; h++) {
        for (int b = 0; b < B; b++) {
            int64_t g = w->good[h * B + b], wc = want_credits(w, s, h, b), S = s->stock0[g], E = s->want[g], q;
            if (wc <= 0) continue;
            if (S == 0) {
                s->unmet1[h] += wc;
                continue;
            }
            if (E <= S) {
                q = wc;
            } else {
                unsigned __int128 before = (unsigned __int128)S * (uint64_t)s->cum[g];
                s->cum[g] += wc;
                q = (int64_t)((unsigned __int128)S * (uint64_t)s->cum[g] / (uint64_t)E - before / (uint64_t)E);
            }
            s->sold[g] += q;
            buy(w, s, h, g, q, wc);
        }
        s->forced += s->unmet1[h];
    }
    for (int64_t g = 0; g < w->ng; g++) {
        int64_t atv = s->stock0[g] * w->pv[g];
        s->stock[g] -= s->sold[g];
        s->unmet[g] = s->want[g] > atv ? s->want[g] - atv : 0;
    }
}
