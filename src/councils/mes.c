/* mes.c: the Method of Equal Shares for approval ballots (Peters, Pierczynski, Skowron 2021), exact.
 *
 * Every voter starts with an equal share e of the budget. In each round, for every project j still
 * open, the price p_j is the smallest payment per supporter such that the supporters, each paying p_j
 * or all they have left if less, cover j's cost; the project that gives most utility per unit paid
 * (cost utilities: cost_j / p_j; cardinality utilities: 1 / p_j) is funded, its supporters pay, and a
 * project whose supporters no longer have its cost is dropped. The Add1 completion reruns the method
 * with e raised by one currency unit at a time (pabulib's checker: from floor(B/n), after a first run
 * at B/n) and keeps the last outcome within the budget; the reruns go two (or more) at a time on the
 * available threads, and are read in order, so the outcome is the same on any number of threads.
 *
 * Exactness without paying for it: voters with equal budgets form classes (all start in one; paying
 * for a project splits a class into those who supported it and those who did not). A class's budget is
 * e less the prices of the rounds it paid, and a round's price is (cost - what the classes that paid
 * all they had paid) / (the supporters who paid it in full): a rational defined by earlier rounds. The
 * method runs in floating point with a bound on every rounding error; only when a decision (who pays
 * all they have, which project is best, whether one is still affordable) lies within its error bound
 * (or within a relative 1e-9) of going the other way are the rationals involved evaluated exactly
 * (GMP), from their definitions. The outcome is the one exact arithmetic gives. */
#include <gmp.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "budget_internal.h"
#include "ogas/core.h"

#define DELTA BUD_EXACT_MARGIN
#define EPS 2.3e-16 /* a little above the unit roundoff of double */
/* Approvals from which the Add1 reruns go on several threads (below, a run takes well under a millisecond and
 * threads cost more than they give). */
#define MES_PARALLEL_MIN 20000

/* Voters with the same ballot, as one group of that many: the method never tells them apart. */
typedef struct mes_groups {
    int64_t ng;     /* groups */
    int64_t *w;     /* [ng] voters in each group */
    int64_t *app;   /* [np + 1] the groups supporting project j: grp[app[j] .. app[j+1]) */
    int32_t *grp;
} mes_groups;

/* What the hot loops read of a class, together (one cache line fetch). */
typedef struct mes_cls {
    double dv;   /* the class's budget, rounded */
    double err;  /* a bound on |dv - the exact budget| */
    int64_t cnt; /* histogram scratch (zero between uses) */
} mes_cls;

typedef struct mes {
    bud_ctx *c;
    const mes_groups *g;       /* the voters, grouped by ballot */
    int64_t ncls, cap;         /* classes in use, allocated */
    int32_t *parent;           /* [cap] the class this one split from (class 1: the start, class 0: empty) */
    int32_t *rnd;              /* [cap] the round whose price this class paid on top of its parent's */
    mes_cls *k;                /* [cap] budgets and histogram counts */
    int32_t *list, *tmp;       /* [cap] classes seen, sort scratch */
    int32_t *remap;            /* [cap] class after a payment (-1 between uses) */
    int32_t *vcls;             /* [ng] each group's class */
    mpq_t e;                   /* the starting share, exact */
    /* rounds: price_r = (cost_r - the budgets of those who paid all they had) / k_r */
    int64_t nround;
    mpq_t *pr;                 /* [np] exact price of each round, once evaluated */
    char *prdone;              /* [np] pr evaluated */
    int64_t *rcost, *rk;       /* [np] cost, supporters who paid the price in full */
    int64_t *rstart;           /* [np + 1] round r's entries: rec[rstart[r] .. rstart[r+1]) */
    int32_t *rec_cls;          /* entries: a class whose supporters paid all they had ... */
    int64_t *rec_cnt;          /* ... and how many of them */
    int64_t nrec, caprec;
    int32_t *bh_list;          /* [cap] the histogram of the best candidate so far (its classes ... */
    int64_t *bh_cnt;           /* ... and their counts), bh_n entries, for project bh_j */
    int64_t bh_n, bh_cap;
    int32_t bh_j;
    double *plast;             /* [np] the project's price when last computed (prices only rise) */
    /* projects */
    double *prev;              /* [np] an upper bound of each open project's utility per unit paid */
    double *keyd;              /* [np] this round's value (rounded) */
    double *pq, *pqerr;        /* [np] this round's price (rounded) and its error bound */
    char *open;                /* [np] still a candidate */
    int32_t *order;            /* [np] open projects by prev, best first */
    int32_t *near;             /* [np] candidates within the margin of the best */
    mpq_t *pexact;             /* [np] exact price of near candidates */
    char *pdone;               /* [np] pexact computed this round */
    mpq_t a, b, s;             /* scratch */
    mpz_t unit;                /* 10^scale: money units per currency unit */
    int32_t *sel;              /* [np] outcome of the last run */
    int64_t nsel, cost;
    int64_t ties;              /* ties broken in the last run */
    ogas_error err_info;       /* an error inside a run on another thread */
} mes;

/* Makes room for at least need classes. */
static ogas_status cls_reserve(mes *M, int64_t need)
{
    int64_t cap = M->cap;
    void *p;
    if (need <= cap) return OGAS_OK;
    while (cap < need) cap = cap ? cap * 2 : 1024;
#define GROW(f)                                                                                              \
    if (!(p = ogas_reallocarray(M->f, (size_t)cap, sizeof *M->f)))                                          \
        return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");                \
    M->f = p;
    GROW(parent) GROW(rnd) GROW(k) GROW(list) GROW(tmp) GROW(remap)
#undef GROW
    memset(M->k + M->cap, 0, (size_t)(cap - M->cap) * sizeof *M->k);
    for (int64_t k = M->cap; k < cap; k++) M->remap[k] = -1;
    M->cap = cap;
    return OGAS_OK;
}

/* Releases M. */
static void mes_free(mes *M)
{
    int64_t np = M->c ? M->c->np + 1 : 0;
    if (!M->c) return;
    if (M->pexact)
        for (int64_t j = 0; j < np; j++) mpq_clear(M->pexact[j]);
    if (M->pr)
        for (int64_t j = 0; j < np; j++) mpq_clear(M->pr[j]);
    mpq_clears(M->e, M->a, M->b, M->s, NULL);
    mpz_clear(M->unit);
    ogas_free(M->parent);
    ogas_free(M->rnd);
    ogas_free(M->k);
    ogas_free(M->list);
    ogas_free(M->tmp);
    ogas_free(M->remap);
    ogas_free(M->vcls);
    ogas_free(M->pr);
    ogas_free(M->prdone);
    ogas_free(M->rcost);
    ogas_free(M->rk);
    ogas_free(M->rstart);
    ogas_free(M->rec_cls);
    ogas_free(M->rec_cnt);
    ogas_free(M->bh_list);
    ogas_free(M->bh_cnt);
    ogas_free(M->plast);
    ogas_free(M->prev);
    ogas_free(M->keyd);
    ogas_free(M->pq);
    ogas_free(M->pqerr);
    ogas_free(M->open);
    ogas_free(M->order);
    ogas_free(M->near);
    ogas_free(M->pexact);
    ogas_free(M->pdone);
    ogas_free(M->sel);
    memset(M, 0, sizeof *M);
}

/* M := empty state for context c. */
static ogas_status mes_init(mes *M, bud_ctx *c, const mes_groups *g)
{
    size_t np = (size_t)c->np + 1;
    memset(M, 0, sizeof *M);
    M->c = c;
    M->g = g;
    mpq_inits(M->e, M->a, M->b, M->s, NULL);
    mpz_init(M->unit);
    mpz_ui_pow_ui(M->unit, 10, (unsigned long)c->pb->scale);
    if (!(M->vcls = ogas_malloc((size_t)(g->ng ? g->ng : 1) * sizeof *M->vcls)) ||
        !(M->prev = ogas_malloc(np * sizeof *M->prev)) || !(M->keyd = ogas_malloc(np * sizeof *M->keyd)) ||
        !(M->pq = ogas_malloc(np * sizeof *M->pq)) || !(M->pqerr = ogas_malloc(np * sizeof *M->pqerr)) ||
        !(M->open = ogas_malloc(np)) || !(M->order = ogas_malloc(np * sizeof *M->order)) ||
        !(M->near = ogas_malloc(np * sizeof *M->near)) || !(M->pdone = ogas_malloc(np)) ||
        !(M->sel = ogas_malloc(np * sizeof *M->sel)) || !(M->prdone = ogas_malloc(np)) ||
        !(M->rcost = ogas_malloc(np * sizeof *M->rcost)) || !(M->plast = ogas_malloc(np * sizeof *M->plast)) ||
        !(M->rk = ogas_malloc(np * sizeof *M->rk)) || !(M->rstart = ogas_malloc((np + 1) * sizeof *M->rstart)))
        return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
    if (!(M->pexact = ogas_malloc(np * sizeof *M->pexact)))
        return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
    for (size_t j = 0; j < np; j++) mpq_init(M->pexact[j]);
    if (!(M->pr = ogas_malloc(np * sizeof *M->pr)))
        return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
    for (size_t j = 0; j < np; j++) mpq_init(M->pr[j]);
    return cls_reserve(M, 1024);
}

/* Utility of one unit of project j to each supporter: its cost (cost utilities) or 1. */
static double util_d(const mes *M, int32_t j)
{
    return M->c->o->cardinality ? 1.0 : (double)M->c->pb->cost[j];
}

/* The classes of j's supporters into M->list (returned count), with their sizes in M->cnt. */
static int64_t histogram(mes *M, int32_t j)
{
    const mes_groups *g = M->g;
    const int32_t *vcls = M->vcls, *grp = g->grp;
    const int64_t *w = g->w;
    mes_cls *cls = M->k;
    int64_t nc = 0;
    int32_t *list = M->list;
    for (int64_t e = g->app[j], end = g->app[j + 1]; e < end; e++) {
        int32_t x = grp[e], k = vcls[x];
        if (cls[k].cnt == 0) list[nc++] = k;
        cls[k].cnt += w[x];
    }
    return nc;
}

/* Empties the histogram of nc classes. */
static void histogram_clear(mes *M, int64_t nc)
{
    for (int64_t k = 0; k < nc; k++) M->k[M->list[k]].cnt = 0;
}

static mpq_srcptr round_price(mes *M, int64_t r);
static void exact_value(mes *M, int32_t k, mpq_ptr out);

/* out := the exact total budget of the n classes l[] (with counts w[], or M->cnt when w is NULL; class 0
 * holds nothing): their voters times the share, less each round's price times those who paid it. */
static void exact_sum(mes *M, const int32_t *l, const int64_t *w, int64_t n, mpq_ptr out)
{
    int64_t voters = 0, nr = M->nround;
    int64_t *coef = ogas_calloc((size_t)nr + 1, sizeof *coef);
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(out, 0, 1);
    for (int64_t i = 0; i < n; i++) {
        int32_t k = l[i];
        int64_t m = w ? w[i] : M->k[k].cnt;
        if (k == 0) continue;
        if (!coef) { /* no memory for the shortcut: class by class */
            mpq_t u;
            mpq_init(u);
            exact_value(M, k, t);
            mpq_set_ui(u, (unsigned long)m, 1);
            mpq_mul(t, t, u);
            mpq_add(out, out, t);
            mpq_clear(u);
            continue;
        }
        voters += m;
        for (; k != 1; k = M->parent[k]) coef[M->rnd[k]] += m;
    }
    if (coef) {
        mpq_set_ui(t, (unsigned long)voters, 1);
        mpq_mul(out, t, M->e);
        for (int64_t r = 0; r < nr; r++)
            if (coef[r]) {
                mpq_set_ui(t, (unsigned long)coef[r], 1);
                mpq_mul(t, t, round_price(M, r));
                mpq_sub(out, out, t);
            }
    }
    ogas_free(coef);
    mpq_clear(t);
}

/* The exact price of round r, evaluated (once) from its definition. */
static mpq_srcptr round_price(mes *M, int64_t r)
{
    if (!M->prdone[r]) {
        int64_t n = M->rstart[r + 1] - M->rstart[r];
        mpq_t S, t;
        mpq_inits(S, t, NULL);
        exact_sum(M, M->rec_cls + M->rstart[r], M->rec_cnt + M->rstart[r], n, S);
        mpq_set_si(t, (long)M->rcost[r], 1);
        mpq_sub(M->pr[r], t, S);
        mpq_set_ui(t, (unsigned long)M->rk[r], 1);
        mpq_div(M->pr[r], M->pr[r], t);
        M->prdone[r] = 1;
        mpq_clears(S, t, NULL);
    }
    return M->pr[r];
}

/* out := the exact budget of class k: the share, less the price of every round it paid. */
static void exact_value(mes *M, int32_t k, mpq_ptr out)
{
    if (k == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    mpq_set(out, M->e);
    for (; k != 1; k = M->parent[k]) mpq_sub(out, out, round_price(M, M->rnd[k]));
}

/* Price of project j in floating point with its supporters' classes in M->list[0..nc) (histogram
 * filled): returns 1 and *q (error bound *qerr) when every decision is far from its rounding error,
 * 0 when one is too close to call (the exact price is needed), -1 when the supporters surely cannot
 * pay. Reorders the list: the classes that pay all they have come first. */
static int price_d_hist(mes *M, int32_t j, int64_t nc, double *q, double *qerr)
{
    const bud_ctx *c = M->c;
    double cost = (double)c->pb->cost[j], money = 0, merr = 0, p, S = 0, Serr = 0;
    int64_t A = c->app[j + 1] - c->app[j], N = 0, ncap = 0;
    int32_t *list = M->list;
    *q = NAN;
    *qerr = HUGE_VAL;
    for (int64_t i = 0; i < nc; i++) {
        int32_t x = list[i];
        money += (double)M->k[x].cnt * M->k[x].dv;
        merr += (double)M->k[x].cnt * M->k[x].err;
    }
    merr += (double)(nc + 2) * EPS * money;
    if (money + merr < cost) return -1;
    if (money - merr < cost * (1 + DELTA)) return 0;
    /* the classes paying all they have grow as the price rises: iterate to the fixed point, moving them
     * to the front of the list */
    p = cost / (double)A; /* a lower bound; so is (a little under) the last price, as prices only rise */
    if (M->plast[j] * (1 - 1e-6) > p) p = M->plast[j] * (1 - 1e-6);
    for (int it = 0;; it++) {
        int64_t moved = 0;
        for (int64_t i = ncap; i < nc; i++) {
            int32_t x = list[i];
            if (M->k[x].dv < p) {
                S += (double)M->k[x].cnt * M->k[x].dv;
                Serr += (double)M->k[x].cnt * M->k[x].err;
                N += M->k[x].cnt;
                list[i] = list[ncap];
                list[ncap++] = x;
                moved++;
            }
        }
        if (N >= A || it > 64) return 0;
        p = (cost - S) / (double)(A - N); /* the price if exactly the classes so far pay all they have */
        if (!moved && it > 0) break;
    }
    {
        double perr = (Serr + (double)(ncap + 2) * EPS * (cost + S)) / (double)(A - N) + 2 * EPS * p, lo = -HUGE_VAL,
               hi = HUGE_VAL;
        for (int64_t i = 0; i < ncap; i++)
            if (M->k[list[i]].dv + M->k[list[i]].err > lo) lo = M->k[list[i]].dv + M->k[list[i]].err;
        for (int64_t i = ncap; i < nc; i++)
            if (M->k[list[i]].dv - M->k[list[i]].err < hi) hi = M->k[list[i]].dv - M->k[list[i]].err;
        *q = p;
        *qerr = perr;
        if (!(cost - S > cost * 1e-6)) return 0;
        return lo < p - perr - DELTA * p && hi > p + perr + DELTA * p;
    }
}

/* Exact order of two classes' budgets (rounded values first, exact when close). */
static int cls_cmp(mes *M, int32_t x, int32_t y)
{
    double a = M->k[x].dv, b = M->k[y].dv;
    if (a - M->k[x].err > b + M->k[y].err) return 1;
    if (a + M->k[x].err < b - M->k[y].err) return -1;
    exact_value(M, x, M->a);
    exact_value(M, y, M->b);
    return mpq_cmp(M->a, M->b);
}

/* Merge sort of l[0..n) by exact budget, ascending. */
static void cls_sort(mes *M, int32_t *l, int64_t n)
{
    if (n < 2) return;
    int64_t h = n / 2, i = 0, j = h, k = 0;
    cls_sort(M, l, h);
    cls_sort(M, l + h, n - h);
    while (i < h && j < n) M->tmp[k++] = cls_cmp(M, l[i], l[j]) <= 0 ? l[i++] : l[j++];
    while (i < h) M->tmp[k++] = l[i++];
    while (j < n) M->tmp[k++] = l[j++];
    memcpy(l, M->tmp, (size_t)n * sizeof *l);
}

/* M->pexact[j] := the exact price of project j, exactly from the start (rarely needed); returns 0, or
 * -1 when its supporters cannot pay. j's histogram is filled (nc classes). */
static int price_full_exact(mes *M, int32_t j, int64_t nc)
{
    const bud_ctx *c = M->c;
    int64_t denom = c->app[j + 1] - c->app[j];
    mpq_ptr p = M->pexact[j];
    exact_sum(M, M->list, NULL, nc, M->s);
    mpq_set_si(M->b, (long)c->pb->cost[j], 1);
    if (mpq_cmp(M->s, M->b) < 0) return -1;
    cls_sort(M, M->list, nc);
    mpq_set_ui(M->s, 0, 1); /* paid by those who pay all they have */
    for (int64_t k = 0; k < nc; k++) {
        int32_t x = M->list[k];
        mpq_set_si(M->b, (long)c->pb->cost[j], 1);
        mpq_sub(p, M->b, M->s);
        mpq_set_ui(M->a, (unsigned long)denom, 1);
        mpq_div(p, p, M->a);
        exact_value(M, x, M->b);
        if (mpq_cmp(p, M->b) <= 0) break;
        mpq_set_ui(M->a, (unsigned long)M->k[x].cnt, 1);
        mpq_mul(M->a, M->a, M->b);
        mpq_add(M->s, M->s, M->a);
        denom -= M->k[x].cnt;
    }
    mpq_set_si(M->b, (long)c->pb->cost[j], 1);
    mpq_sub(p, M->b, M->s);
    mpq_set_ui(M->a, (unsigned long)denom, 1);
    mpq_div(p, p, M->a);
    return 0;
}

/* M->pexact[j] := the exact price of project j; returns 0, or -1 when its supporters cannot pay.
 * The classes paying all they have are found in floating point; only those near the price are decided
 * exactly, and their total comes from the rounds' exact prices (exact_sum). */
static int price_exact(mes *M, int32_t j)
{
    const bud_ctx *c = M->c;
    int64_t nc = histogram(M, j), ncap = 0, A = c->app[j + 1] - c->app[j], N = 0, namb = 0, nsure = 0;
    double q, qerr, band;
    int rc = 0;
    mpq_ptr p = M->pexact[j];

    if (price_d_hist(M, j, nc, &q, &qerr) < 0) {
        rc = -1;
        goto done;
    }
    if (!(q > 0)) {
        rc = price_full_exact(M, j, nc);
        goto done;
    }
    /* surely paying all they have first, then the doubtful ones, then the surely paying in full */
    band = 1e-7 * q + qerr;
    for (int64_t i = 0; i < nc; i++) {
        int32_t x = M->list[i];
        if (M->k[x].dv + M->k[x].err < q - band) {
            M->list[i] = M->list[nsure];
            M->list[nsure++] = x;
        }
    }
    namb = nsure;
    for (int64_t i = nsure; i < nc; i++) {
        int32_t x = M->list[i];
        if (!(M->k[x].dv - M->k[x].err > q + band)) {
            M->list[i] = M->list[namb];
            M->list[namb++] = x;
        }
    }
    ncap = nsure;
    namb -= nsure;
    /* the exact money must cover the cost */
    exact_sum(M, M->list, NULL, nc, M->s);
    mpq_set_si(M->b, (long)c->pb->cost[j], 1);
    if (mpq_cmp(M->s, M->b) < 0) {
        rc = -1;
        goto done;
    }
    for (int64_t i = 0; i < ncap; i++) N += M->k[M->list[i]].cnt;
    if (N >= A) {
        rc = price_full_exact(M, j, nc);
        goto done;
    }
    exact_sum(M, M->list, NULL, ncap, M->s); /* what the surely capped classes pay: all they have */
    mpq_set_si(M->b, (long)c->pb->cost[j], 1);
    mpq_sub(p, M->b, M->s);
    mpq_set_ui(M->a, (unsigned long)(A - N), 1);
    mpq_div(p, p, M->a);
    if (namb) { /* doubtful classes in exact order: paying all they have while below the price */
        int32_t *amb = M->list + ncap;
        cls_sort(M, amb, namb);
        for (int64_t i = 0; i < namb; i++) {
            exact_value(M, amb[i], M->b);
            if (mpq_cmp(M->b, p) >= 0) break;
            mpq_set_ui(M->a, (unsigned long)M->k[amb[i]].cnt, 1);
            mpq_mul(M->a, M->a, M->b);
            mpq_add(M->s, M->s, M->a);
            N += M->k[amb[i]].cnt;
            if (N >= A) {
                rc = price_full_exact(M, j, nc);
                goto done;
            }
            mpq_set_si(M->b, (long)c->pb->cost[j], 1);
            mpq_sub(p, M->b, M->s);
            mpq_set_ui(M->a, (unsigned long)(A - N), 1);
            mpq_div(p, p, M->a);
        }
    }
    /* the partition must agree with the exact price, else decide everything exactly */
    if (!(fabs(mpq_get_d(p) - q) <= 1e-8 * q)) rc = price_full_exact(M, j, nc);
done:
    if (rc == 0) M->pdone[j] = 1;
    histogram_clear(M, nc);
    return rc;
}

/* Exact comparison of the utility per unit paid of projects x and y (prices in pexact): > 0 when x is
 * better. */
static int key_cmp(mes *M, int32_t x, int32_t y)
{
    if (M->c->o->cardinality) return mpq_cmp(M->pexact[y], M->pexact[x]);
    /* cost_x / p_x vs cost_y / p_y  <=>  cost_x * p_y vs cost_y * p_x */
    mpq_set_si(M->a, (long)M->c->pb->cost[x], 1);
    mpq_mul(M->a, M->a, M->pexact[y]);
    mpq_set_si(M->b, (long)M->c->pb->cost[y], 1);
    mpq_mul(M->b, M->b, M->pexact[x]);
    return mpq_cmp(M->a, M->b);
}

/* Sorts the open projects by prev, best first (insertion: the order changes little between rounds). */
static void order_open(mes *M, int64_t n)
{
    for (int64_t a = 1; a < n; a++) {
        int32_t x = M->order[a];
        int64_t b = a;
        while (b > 0 && M->prev[M->order[b - 1]] < M->prev[x]) {
            M->order[b] = M->order[b - 1];
            b--;
        }
        M->order[b] = x;
    }
}

/* Appends round r's definition entry (an earlier round and a count). */
static ogas_status rec_push(mes *M, int32_t cls, int64_t cnt)
{
    if (M->nrec == M->caprec) {
        int64_t cap = M->caprec ? M->caprec * 2 : 1024;
        int32_t *a = ogas_reallocarray(M->rec_cls, (size_t)cap, sizeof *a);
        if (!a) return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
        M->rec_cls = a;
        int64_t *b = ogas_reallocarray(M->rec_cnt, (size_t)cap, sizeof *b);
        if (!b) return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
        M->rec_cnt = b;
        M->caprec = cap;
    }
    M->rec_cls[M->nrec] = cls;
    M->rec_cnt[M->nrec++] = cnt;
    return OGAS_OK;
}

/* Keeps the histogram of candidate j (nc classes in M->list, counts in M->cnt) for paying. */
static ogas_status save_histogram(mes *M, int32_t j, int64_t nc)
{
    if (nc > M->bh_cap) {
        int64_t cap = nc * 2;
        int32_t *a = ogas_reallocarray(M->bh_list, (size_t)cap, sizeof *a);
        if (!a) return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
        M->bh_list = a;
        int64_t *b = ogas_reallocarray(M->bh_cnt, (size_t)cap, sizeof *b);
        if (!b) return ogas_error_set(&M->err_info, OGAS_ENOMEM, "out of memory for equal shares");
        M->bh_cnt = b;
        M->bh_cap = cap;
    }
    for (int64_t i = 0; i < nc; i++) {
        M->bh_list[i] = M->list[i];
        M->bh_cnt[i] = M->k[M->list[i]].cnt;
    }
    M->bh_n = nc;
    M->bh_j = j;
    return OGAS_OK;
}

/* The supporters of w pay its price, or all they have if less; records the round. When record, the
 * round goes into the result too. */
static ogas_status pay(mes *M, int32_t w, int record)
{
    bud_ctx *c = M->c;
    int64_t full = 0, less = 0, created = 0, nc, r = M->nround;
    double less_sum = 0, pd = M->pq[w], perr = M->pqerr[w];
    int exact = M->pdone[w];
    ogas_status rc;

    if (w == M->bh_j && !exact) { /* the histogram kept from its evaluation this round */
        nc = M->bh_n;
        for (int64_t i = 0; i < nc; i++) {
            M->list[i] = M->bh_list[i];
            M->k[M->list[i]].cnt = M->bh_cnt[i];
        }
    } else
        nc = histogram(M, w);
    M->bh_j = -1;
    if ((rc = cls_reserve(M, M->ncls + nc))) goto done;
    if (!exact) { /* every class must be clear of the price's error band, else price exactly */
        pd = M->pq[w];
        perr = M->pqerr[w];
        for (int64_t i = 0; i < nc && !exact; i++) {
            int32_t x = M->list[i];
            if (!(M->k[x].dv - M->k[x].err > pd + perr) && !(M->k[x].dv + M->k[x].err < pd - perr)) exact = 1;
        }
        if (exact) {
            histogram_clear(M, nc);
            if (price_exact(M, w) < 0) {
                rc = ogas_error_set(&M->err_info, OGAS_EINTERNAL, "equal shares: a funded project became unaffordable");
                goto done;
            }
            nc = histogram(M, w);
        }
    }
    M->rcost[r] = c->pb->cost[w];
    M->rstart[r] = M->nrec;
    M->prdone[r] = 0;
    if (exact) {
        mpq_set(M->pr[r], M->pexact[w]);
        M->prdone[r] = 1;
        pd = mpq_get_d(M->pexact[w]);
        perr = 2 * EPS * pd;
    }
    for (int64_t i = 0; i < nc; i++) {
        int32_t x = M->list[i];
        int cmp;
        if (M->k[x].dv - M->k[x].err > pd + perr) cmp = 1;
        else if (M->k[x].dv + M->k[x].err < pd - perr) cmp = -1;
        else { /* only with the exact price */
            exact_value(M, x, M->b);
            cmp = mpq_cmp(M->b, M->pr[r]);
        }
        if (cmp >= 0) full += M->k[x].cnt;
        else {
            less += M->k[x].cnt;
            less_sum += (double)M->k[x].cnt * M->k[x].dv;
            if (x != 0 && (rc = rec_push(M, x, M->k[x].cnt))) goto done; /* enters the round's definition */
        }
        if (cmp <= 0) M->remap[x] = 0;
        else {
            int32_t y = (int32_t)(M->ncls + created++);
            M->parent[y] = x;
            M->rnd[y] = (int32_t)r;
            M->k[y].dv = M->k[x].dv - pd;
            M->k[y].err = M->k[x].err + perr + 2 * EPS * (fabs(M->k[x].dv) + pd + fabs(M->k[y].dv));
            M->remap[x] = y;
        }
    }
    M->rstart[r + 1] = M->nrec;
    M->rk[r] = full;
    M->nround++;
    M->ncls += created;
    for (int64_t e2 = M->g->app[w]; e2 < M->g->app[w + 1]; e2++) {
        int32_t v = M->g->grp[e2];
        M->vcls[v] = M->remap[M->vcls[v]];
    }
    for (int64_t i = 0; i < nc; i++) M->remap[M->list[i]] = -1;
    M->open[w] = 0;
    M->sel[M->nsel++] = w;
    M->cost += c->pb->cost[w];
    if (record) {
        mpq_srcptr p = round_price(M, r);
        char *txt = bud_money_text(p, c->pb->scale);
        if (!txt) rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
        if (!rc) rc = bud_select(c, w);
        if (!rc)
            rc = bud_round(c, w, OGAS_BUDGET_FUNDED, c->app[w + 1] - c->app[w], txt, mpq_get_d(p) / mpz_get_d(M->unit),
                           full, less, less_sum / mpz_get_d(M->unit));
        ogas_free(txt);
    }
done:
    histogram_clear(M, nc);
    return rc;
}

/* One run of equal shares with every voter's budget e (money units); the outcome into M->sel.
 * record: write rounds and ties into c's result (only on the calling thread). */
static ogas_status mes_run(mes *M, mpq_srcptr e, int record)
{
    bud_ctx *c = M->c;
    ogas_status rc = OGAS_OK;
    int64_t nopen = 0;

    M->nsel = M->cost = M->ties = 0;
    M->ncls = 2; /* class 0: nothing left; class 1: the starting share */
    M->nround = M->nrec = 0;
    M->rstart[0] = 0;
    mpq_set(M->e, e);
    M->parent[0] = M->parent[1] = -1;
    M->rnd[0] = M->rnd[1] = -1;
    M->k[0].dv = M->k[0].err = 0;
    M->k[1].dv = mpq_get_d(e);
    M->k[1].err = EPS * M->k[1].dv;
    for (int64_t v = 0; v < M->g->ng; v++) M->vcls[v] = 1;
    M->bh_j = -1;
    for (int64_t j = 0; j < c->np; j++) {
        int64_t n = c->app[j + 1] - c->app[j];
        M->plast[j] = 0;
        M->open[j] = n > 0;
        if (n > 0) {
            M->order[nopen++] = (int32_t)j;
            /* the price is at least cost / supporters: utility per unit at most supporters (x 1/cost) */
            M->prev[j] = (c->o->cardinality ? (double)n / (double)c->pb->cost[j] : (double)n) * (1 + 4 * DELTA);
        }
    }
    for (;;) {
        double best = 0;
        int64_t nnear = 0, kept = 0;
        int32_t w = -1;
        order_open(M, nopen);
        for (int64_t i = 0; i < nopen; i++) M->pdone[M->order[i]] = 0;
        for (int64_t i = 0; i < nopen; i++) {
            int32_t j = M->order[i];
            double p, perr, key;
            int64_t nc;
            int s;
            if (M->prev[j] < best * (1 - DELTA)) break;
            nc = histogram(M, j);
            s = price_d_hist(M, j, nc, &p, &perr);
            if (s > 0 && util_d(M, j) / p > best * (1 + DELTA) && (rc = save_histogram(M, j, nc))) {
                histogram_clear(M, nc);
                goto done;
            }
            histogram_clear(M, nc);
            if (s == 0) {
                if (price_exact(M, j) < 0) s = -1;
                else {
                    p = mpq_get_d(M->pexact[j]);
                    perr = 2 * EPS * p;
                }
            }
            if (s < 0) { /* its supporters cannot pay for it any more */
                M->open[j] = 0;
                if (record &&
                    (rc = bud_round(c, j, OGAS_BUDGET_UNAFFORDABLE, c->app[j + 1] - c->app[j], NULL, 0, 0, 0, 0)))
                    goto done;
                continue;
            }
            M->pq[j] = p;
            M->pqerr[j] = perr;
            M->plast[j] = p;
            key = util_d(M, j) / p;
            M->keyd[j] = key;
            M->prev[j] = key * (1 + 4 * DELTA);
            if (key > best * (1 + DELTA)) {
                best = key;
                M->near[0] = j;
                nnear = 1;
            } else if (key >= best * (1 - DELTA)) {
                if (key > best) best = key;
                M->near[nnear++] = j;
            }
        }
        for (int64_t i = 0; i < nopen; i++)
            if (M->open[M->order[i]]) M->order[kept++] = M->order[i];
        nopen = kept;
        if (nnear == 0) break;
        {
            int64_t m = 0;
            for (int64_t i = 0; i < nnear; i++)
                if (M->keyd[M->near[i]] >= best * (1 - DELTA)) M->near[m++] = M->near[i];
            nnear = m;
        }
        w = M->near[0];
        if (nnear > 1) { /* the best exactly; ties broken by the tie-breaking order */
            for (int64_t i = 0; i < nnear; i++)
                if (!M->pdone[M->near[i]] && price_exact(M, M->near[i]) < 0) {
                    rc = ogas_error_set(&M->err_info, OGAS_EINTERNAL, "equal shares: inconsistent affordability");
                    goto done;
                }
            for (int64_t i = 1; i < nnear; i++) {
                int32_t x = M->near[i];
                int s = key_cmp(M, x, w);
                if (s > 0 || (s == 0 && bud_tie_cmp(c, x, w) < 0)) w = x;
            }
            for (int64_t i = 0; i < nnear; i++)
                if (M->near[i] != w && key_cmp(M, M->near[i], w) == 0) {
                    M->ties++;
                    if (record &&
                        (rc = bud_tie(c, "round %lld: %s and %s tied (each supporter pays at most %.6g); %s funded first (%s)",
                                      (long long)(M->nsel + 1), c->pb->project[w], c->pb->project[M->near[i]],
                                      mpq_get_d(M->pexact[w]) / mpz_get_d(M->unit), c->pb->project[w],
                                      bud_tie_reason(c, w, M->near[i]))))
                        goto done;
                }
        }
        if ((rc = pay(M, w, record))) goto done;
        if (!record && M->cost > c->pb->budget) break; /* an Add1 rerun over the budget: that is all it must say */
        kept = 0;
        for (int64_t i = 0; i < nopen; i++)
            if (M->open[M->order[i]]) M->order[kept++] = M->order[i];
        nopen = kept;
    }
done:
    return rc;
}

/* 1 if no project outside the outcome fits in what is left of the budget. */
static int exhaustive(const bud_ctx *c, const int32_t *sel, int64_t nsel, int64_t cost)
{
    char *in = ogas_calloc((size_t)c->np + 1, 1);
    int ex = 1;
    if (!in) return 0;
    for (int64_t k = 0; k < nsel; k++) in[sel[k]] = 1;
    for (int64_t j = 0; j < c->np && ex; j++)
        if (!in[j] && c->pb->cost[j] <= c->pb->budget - cost) ex = 0;
    ogas_free(in);
    return ex;
}

/* Fills the outcome greedily (by score) with what still fits. */
static ogas_status fill(bud_ctx *c)
{
    int32_t *order = ogas_malloc((size_t)(c->np ? c->np : 1) * sizeof *order);
    char *in = ogas_calloc((size_t)c->np + 1, 1);
    ogas_status rc = OGAS_OK;
    if (!order || !in) {
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t k = 0; k < c->r->nselected; k++) in[c->r->selected[k]] = 1;
    bud_order_by(c, c->score, order);
    for (int64_t k = 0; k < c->np && !rc; k++) {
        int32_t j = order[k];
        if (in[j] || c->score[j] <= 0 || c->pb->cost[j] > c->pb->budget - c->r->cost) continue;
        if (!(rc = bud_select(c, j))) rc = bud_round(c, j, OGAS_BUDGET_FUNDED, c->score[j], NULL, 0, 0, 0, 0);
    }
done:
    ogas_free(order);
    ogas_free(in);
    return rc;
}

/* The comparison step: greedy by votes against the outcome; the outcome more voters prefer (by the
 * number of their approved projects funded) wins, equal counts keeping equal shares. */
static ogas_status comparison(bud_ctx *c)
{
    int32_t *order = ogas_malloc((size_t)(c->np ? c->np : 1) * sizeof *order), *g = NULL;
    int64_t *sat = ogas_calloc((size_t)c->nv + 1, sizeof *sat), ng = 0, left = c->pb->budget, gcost = 0;
    char *in_mes = ogas_calloc((size_t)c->np + 1, 1), *in_g = ogas_calloc((size_t)c->np + 1, 1);
    ogas_status rc = OGAS_OK;
    if (!order || !sat || !in_mes || !in_g || !(g = ogas_malloc((size_t)(c->np ? c->np : 1) * sizeof *g))) {
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    bud_order_by(c, c->votes, order);
    for (int64_t k = 0; k < c->np; k++)
        if (c->pb->cost[order[k]] <= left) {
            left -= c->pb->cost[order[k]];
            gcost += c->pb->cost[order[k]];
            g[ng++] = order[k];
            in_g[order[k]] = 1;
        }
    for (int64_t k = 0; k < c->r->nselected; k++) in_mes[c->r->selected[k]] = 1;
    for (int64_t j = 0; j < c->np; j++)
        for (int64_t e = c->app[j]; e < c->app[j + 1]; e++) sat[c->voter[e]] += in_mes[j] - in_g[j];
    c->r->prefer_mes = c->r->prefer_greedy = 0;
    for (int64_t v = 0; v < c->nv; v++) {
        if (sat[v] > 0) c->r->prefer_mes++;
        if (sat[v] < 0) c->r->prefer_greedy++;
    }
    if (c->r->prefer_greedy > c->r->prefer_mes) {
        c->r->comparison_greedy = 1;
        memcpy(c->r->selected, g, (size_t)ng * sizeof *g);
        c->r->nselected = ng;
        c->r->cost = gcost;
    }
done:
    ogas_free(order);
    ogas_free(g);
    ogas_free(sat);
    ogas_free(in_mes);
    ogas_free(in_g);
    return rc;
}

/* g := the voters of c grouped by identical ballots (as sets). */
static ogas_status groups_build(const bud_ctx *c, mes_groups *g)
{
    const ogas_pb *pb = c->pb;
    int64_t nv = c->nv, nent = pb->ballot[nv], cap = 16, ng = 0;
    int32_t *sorted = NULL, *table = NULL, *first = NULL, *gof = NULL;
    ogas_status rc = OGAS_OK;

    memset(g, 0, sizeof *g);
    while (cap < 2 * nv) cap *= 2;
    if (!(sorted = ogas_malloc((size_t)(nent + 1) * sizeof *sorted)) || !(table = ogas_malloc((size_t)cap * sizeof *table)) ||
        !(first = ogas_malloc((size_t)(nv + 1) * sizeof *first)) || !(gof = ogas_malloc((size_t)(nv + 1) * sizeof *gof)) ||
        !(g->w = ogas_calloc((size_t)nv + 1, sizeof *g->w)) || !(g->app = ogas_calloc((size_t)c->np + 2, sizeof *g->app))) {
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for equal shares");
        goto done;
    }
    for (int64_t k = 0; k < cap; k++) table[k] = -1;
    for (int64_t v = 0; v < nv; v++) {
        int64_t b = pb->ballot[v], n = pb->ballot[v + 1] - b;
        uint64_t h = 1469598103934665603ull ^ (uint64_t)n;
        int32_t *s = sorted + b;
        for (int64_t i = 0; i < n; i++) { /* the ballot as a sorted set */
            int32_t x = pb->choice[b + i];
            int64_t k = i;
            while (k > 0 && s[k - 1] > x) {
                s[k] = s[k - 1];
                k--;
            }
            s[k] = x;
        }
        for (int64_t i = 0; i < n; i++) h = (h ^ (uint64_t)s[i]) * 1099511628211ull;
        for (int64_t k = (int64_t)(h & (uint64_t)(cap - 1));; k = (k + 1) & (cap - 1)) {
            int32_t o = table[k];
            if (o < 0) { /* a new ballot */
                table[k] = (int32_t)v;
                first[ng] = (int32_t)v;
                gof[v] = (int32_t)ng++;
                break;
            }
            if (pb->ballot[o + 1] - pb->ballot[o] == n && !memcmp(sorted + pb->ballot[o], s, (size_t)n * sizeof *s)) {
                gof[v] = gof[o];
                break;
            }
        }
        g->w[gof[v]]++;
    }
    g->ng = ng;
    for (int64_t x = 0; x < ng; x++) {
        int32_t v = first[x];
        for (int64_t e = pb->ballot[v]; e < pb->ballot[v + 1]; e++) g->app[pb->choice[e] + 2]++;
    }
    for (int64_t j = 0; j < c->np; j++) g->app[j + 2] += g->app[j + 1];
    if (!(g->grp = ogas_malloc((size_t)(g->app[c->np + 1] + 1) * sizeof *g->grp))) {
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for equal shares");
        goto done;
    }
    for (int64_t x = 0; x < ng; x++) {
        int32_t v = first[x];
        for (int64_t e = pb->ballot[v]; e < pb->ballot[v + 1]; e++) g->grp[g->app[pb->choice[e] + 1]++] = (int32_t)x;
    }
done:
    ogas_free(sorted);
    ogas_free(table);
    ogas_free(first);
    ogas_free(gof);
    return rc;
}

/* Releases g. */
static void groups_free(mes_groups *g)
{
    ogas_free(g->w);
    ogas_free(g->app);
    ogas_free(g->grp);
    memset(g, 0, sizeof *g);
}

/* Equal shares with the options of c->o: completion, fill, comparison. */
ogas_status bud_equal_shares(bud_ctx *c)
{
    enum { MAXT = 8 };
    mes M[MAXT];
    mes_groups G;
    int nt = 1;
    mpq_t e, best_e, et[MAXT];
    mpz_t base;
    ogas_status rc = OGAS_OK;
    int64_t all_n = 0, raises = 0, hidden_ties = 0;
    const int64_t max_raises = 100000000;

    memset(M, 0, sizeof M);
    memset(&G, 0, sizeof G);
    mpq_inits(e, best_e, NULL);
    mpz_init(base);
    for (int t = 0; t < MAXT; t++) mpq_init(et[t]);
    if (c->nv == 0) goto done;
    if (c->o->completion != OGAS_BUDGET_NO_COMPLETION && c->app[c->np] >= MES_PARALLEL_MIN) {
        nt = ogas_threads();
        nt = nt < 1 ? 1 : nt > MAXT ? MAXT : nt;
    }
    if ((rc = groups_build(c, &G))) goto done;
    for (int t = 0; t < nt; t++)
        if (mes_init(&M[t], c, &G)) {
            rc = ogas_error_set(c->err, M[t].err_info.code, "%s", M[t].err_info.message);
            goto done;
        }
    for (int64_t j = 0; j < c->np; j++)
        if (c->app[j + 1] > c->app[j]) all_n++;
    /* the first run: every voter gets budget / voters */
    mpq_set_si(e, (long)c->pb->budget, (unsigned long)c->nv);
    mpq_canonicalize(e);
    mpq_set(best_e, e);
    if (mes_run(&M[0], e, 0)) {
        rc = ogas_error_set(c->err, M[0].err_info.code, "%s", M[0].err_info.message);
        goto done;
    }
    hidden_ties += M[0].ties;
    if (c->o->completion != OGAS_BUDGET_NO_COMPLETION && M[0].nsel < all_n &&
        !(c->o->completion == OGAS_BUDGET_ADD1_EXHAUSTIVE && exhaustive(c, M[0].sel, M[0].nsel, M[0].cost))) {
        /* raise the share by one currency unit at a time, from floor(budget / voters); nt raises at once,
         * read in order */
        int stop = 0;
        mpz_set_si(base, (long)c->pb->budget);
        mpz_fdiv_q(base, base, M[0].unit);
        mpz_fdiv_q_ui(base, base, (unsigned long)c->nv); /* floor(B / n) in currency units */
        while (!stop) {
            int failed = -1;
            for (int t = 0; t < nt; t++) {
                mpz_t x;
                mpz_init(x);
                mpz_add_ui(x, base, (unsigned long)(raises + 1 + t));
                mpz_mul(x, x, M[0].unit);
                mpq_set_z(et[t], x);
                mpz_clear(x);
            }
#pragma omp parallel for num_threads(nt) schedule(static, 1) if (nt > 1)
            for (int t = 0; t < nt; t++)
                if (mes_run(&M[t], et[t], 0)) {
#pragma omp critical
                    if (failed < 0 || t < failed) failed = t;
                }
            if (failed >= 0) {
                rc = ogas_error_set(c->err, M[failed].err_info.code, "%s", M[failed].err_info.message);
                goto done;
            }
            for (int t = 0; t < nt && !stop; t++) {
                if (++raises > max_raises) {
                    rc = ogas_error_set(c->err, OGAS_ETOOBIG, "the Add1 completion made %lld raises without ending",
                                        (long long)max_raises);
                    goto done;
                }
                hidden_ties += M[t].ties;
                if (M[t].cost > c->pb->budget) {
                    stop = 1;
                    break;
                }
                mpq_set(best_e, et[t]);
                c->r->add1_steps = raises;
                if (M[t].nsel == all_n ||
                    (c->o->completion == OGAS_BUDGET_ADD1_EXHAUSTIVE && exhaustive(c, M[t].sel, M[t].nsel, M[t].cost)))
                    stop = 1;
            }
        }
    }
    c->ties_seen += hidden_ties;
    /* the chosen run again, recording its rounds and ties */
    if ((rc = mes_run(&M[0], best_e, 1))) {
        if (M[0].err_info.code) rc = ogas_error_set(c->err, M[0].err_info.code, "%s", M[0].err_info.message);
        goto done;
    }
    if (!(c->r->voter_budget = bud_money_text(best_e, c->pb->scale))) {
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    c->r->voter_budget_value = mpq_get_d(best_e) / mpz_get_d(M[0].unit);
    if (c->o->fill && (rc = fill(c))) goto done;
    if (c->o->comparison) rc = comparison(c);
done:
    groups_free(&G);
    for (int t = 0; t < MAXT; t++) {
        mes_free(&M[t]);
        mpq_clear(et[t]);
    }
    mpq_clears(e, best_e, NULL);
    mpz_clear(base);
    return rc;
}
