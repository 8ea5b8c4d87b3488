/* budget.c: deciding a participatory budget: rule names, scores, the tie-breaking order, the greedy
 * rules, the exact maximal-welfare outcome, and ogas_budget_run which runs any rule and then checks
 * whether breaking its ties the other way would change the outcome. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget_internal.h"
#include "ogas/core.h"

static const struct {
    const char *name;
    ogas_budget_method method;
    ogas_budget_completion completion;
    int comparison;
} rules[] = {
    {"greedy", OGAS_BUDGET_GREEDY, OGAS_BUDGET_NO_COMPLETION, 0},
    {"greedy-no-skip", OGAS_BUDGET_GREEDY_NO_SKIP, OGAS_BUDGET_NO_COMPLETION, 0},
    {"greedy-threshold", OGAS_BUDGET_GREEDY_THRESHOLD, OGAS_BUDGET_NO_COMPLETION, 0},
    {"equalshares", OGAS_BUDGET_EQUAL_SHARES, OGAS_BUDGET_NO_COMPLETION, 0},
    {"equalshares/add1", OGAS_BUDGET_EQUAL_SHARES, OGAS_BUDGET_ADD1, 0},
    {"equalshares-comparison", OGAS_BUDGET_EQUAL_SHARES, OGAS_BUDGET_NO_COMPLETION, 1},
    {"equalshares/add1-comparison", OGAS_BUDGET_EQUAL_SHARES, OGAS_BUDGET_ADD1, 1},
    {"phragmen", OGAS_BUDGET_PHRAGMEN, OGAS_BUDGET_NO_COMPLETION, 0},
    {"max-welfare", OGAS_BUDGET_MAX_WELFARE, OGAS_BUDGET_NO_COMPLETION, 0},
};
#define NRULES (sizeof rules / sizeof *rules)

/* o := the options of the rule called name ("meta": the election's own rule). */
ogas_status ogas_budget_rule(const char *name, const ogas_pb *pb, ogas_budget_options *o, ogas_error *err)
{
    const char *n = name;
    memset(o, 0, sizeof *o);
    o->threshold = -1;
    if (!n) return ogas_error_set(err, OGAS_EARG, "no rule given");
    if (strcmp(n, "meta") == 0) {
        if (!pb || !pb->rule || !*pb->rule)
            return ogas_error_set(err, OGAS_EARG, "the election's META names no rule; choose one with --rule");
        n = pb->rule;
    }
    for (size_t k = 0; k < NRULES; k++)
        if (strcmp(n, rules[k].name) == 0) {
            o->method = rules[k].method;
            o->completion = rules[k].completion;
            o->comparison = rules[k].comparison;
            return OGAS_OK;
        }
    if (strcmp(n, "unknown") == 0)
        return ogas_error_set(err, OGAS_EARG, "the election's rule is 'unknown'; choose one with --rule");
    return ogas_error_set(err, OGAS_EARG,
                          "rule '%s' is not one ogas applies (greedy, greedy-no-skip, greedy-threshold, equalshares, "
                          "equalshares/add1, equalshares-comparison, equalshares/add1-comparison, phragmen, "
                          "max-welfare)",
                          n);
}

/* pabulib's name of the rule o describes. */
const char *ogas_budget_rule_name(const ogas_budget_options *o)
{
    for (size_t k = 0; k < NRULES; k++)
        if (rules[k].method == o->method &&
            (o->method != OGAS_BUDGET_EQUAL_SHARES ||
             ((rules[k].completion != OGAS_BUDGET_NO_COMPLETION) == (o->completion != OGAS_BUDGET_NO_COMPLETION) &&
              rules[k].comparison == o->comparison)))
            return rules[k].name;
    return "unknown";
}

/* 1 if s is a decimal integer of at most 18 digits (compared as a number). */
static int small_integer(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18) return 0;
    for (size_t k = 0; k < n; k++)
        if (!isdigit((unsigned char)s[k])) return 0;
    return 1;
}

/* Order of project ids: as integers when both are, else as text. */
static int id_cmp(const char *a, const char *b)
{
    if (small_integer(a) && small_integer(b)) {
        long long x = strtoll(a, NULL, 10), y = strtoll(b, NULL, 10);
        if (x != y) return x < y ? -1 : 1;
    }
    return strcmp(a, b);
}

/* < 0 when a goes first: lower cost, then more votes, then lower id (all reversed when c->reverse). */
int bud_tie_cmp(const bud_ctx *c, int32_t a, int32_t b)
{
    int s = 0;
    if (a == b) return 0;
    if (c->pb->cost[a] != c->pb->cost[b]) s = c->pb->cost[a] < c->pb->cost[b] ? -1 : 1;
    else if (c->votes[a] != c->votes[b]) s = c->votes[a] > c->votes[b] ? -1 : 1;
    else {
        s = id_cmp(c->pb->project[a], c->pb->project[b]);
        if (s == 0) s = a < b ? -1 : 1;
        s = s < 0 ? -1 : 1;
    }
    return c->reverse ? -s : s;
}

/* Which rule of the tie-breaking decided between a and b. */
const char *bud_tie_reason(const bud_ctx *c, int32_t a, int32_t b)
{
    if (c->pb->cost[a] != c->pb->cost[b]) return c->reverse ? "higher cost (ties broken the other way)" : "lower cost";
    if (c->votes[a] != c->votes[b]) return c->reverse ? "fewer votes (ties broken the other way)" : "more votes";
    return c->reverse ? "later project id (ties broken the other way)" : "project id";
}

/* Appends a tie, in words, to the result. */
ogas_status bud_tie(bud_ctx *c, const char *fmt, ...)
{
    va_list ap;
    char buf[512], **t;
    if (c->quiet) return OGAS_OK;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!(t = ogas_reallocarray(c->r->ties, (size_t)(c->r->nties + 1), sizeof *t)))
        return ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for the ties");
    c->r->ties = t;
    if (!(t[c->r->nties] = ogas_malloc(strlen(buf) + 1)))
        return ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for the ties");
    memcpy(t[c->r->nties++], buf, strlen(buf) + 1);
    return OGAS_OK;
}

/* Text of q / 10^scale. */
char *bud_money_text(mpq_srcptr q, int scale)
{
    mpq_t t;
    mpz_t u;
    char *s, *out;
    void (*freefn)(void *, size_t);
    mpq_init(t);
    mpz_init(u);
    mpz_ui_pow_ui(u, 10, (unsigned long)scale);
    mpq_set_z(t, u);
    mpq_div(t, q, t);
    s = mpq_get_str(NULL, 10, t);
    out = s ? ogas_strdup(s) : NULL;
    mp_get_memory_functions(NULL, NULL, &freefn);
    if (s) freefn(s, strlen(s) + 1);
    mpq_clear(t);
    mpz_clear(u);
    return out;
}

/* Appends project j to the outcome. */
ogas_status bud_select(bud_ctx *c, int32_t j)
{
    c->r->selected[c->r->nselected++] = j;
    c->r->cost += c->pb->cost[j];
    return OGAS_OK;
}

/* Appends one round for --explain. */
ogas_status bud_round(bud_ctx *c, int32_t j, ogas_budget_action a, int64_t score, const char *price,
                      double price_value, int64_t paid_full, int64_t paid_less, double paid_less_sum)
{
    ogas_budget_round *rs, *x;
    if (c->quiet || !c->o->explain) return OGAS_OK;
    if (!(rs = ogas_reallocarray(c->r->rounds, (size_t)(c->r->nrounds + 1), sizeof *rs)))
        return ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for the explanation");
    c->r->rounds = rs;
    x = &rs[c->r->nrounds];
    memset(x, 0, sizeof *x);
    if (price && !(x->price = ogas_malloc(strlen(price) + 1)))
        return ogas_error_set(c->err, OGAS_ENOMEM, "out of memory for the explanation");
    if (price) memcpy(x->price, price, strlen(price) + 1);
    c->r->nrounds++;
    x->project = j;
    x->action = a;
    x->score = score;
    x->price_value = price_value;
    x->paid_full = paid_full;
    x->paid_less = paid_less;
    x->paid_less_sum = paid_less_sum;
    x->spent = c->r->cost;
    return OGAS_OK;
}

/* Merge sort of order[0..n) by key descending, then the tie-breaking (tmp holds n entries). */
static void sort_by(const bud_ctx *c, const int64_t *key, int32_t *order, int32_t *tmp, int64_t n)
{
    if (n < 2) return;
    int64_t h = n / 2, i = 0, j = h, k = 0;
    sort_by(c, key, order, tmp, h);
    sort_by(c, key, order + h, tmp, n - h);
    while (i < h && j < n) {
        int32_t a = order[i], b = order[j];
        int first = key[a] != key[b] ? key[a] > key[b] : bud_tie_cmp(c, a, b) < 0;
        tmp[k++] = first ? order[i++] : order[j++];
    }
    while (i < h) tmp[k++] = order[i++];
    while (j < n) tmp[k++] = order[j++];
    memcpy(order, tmp, (size_t)n * sizeof *order);
}

/* order := projects by key, best first, ties broken by bud_tie_cmp. */
void bud_order_by(const bud_ctx *c, const int64_t *key, int32_t *order)
{
    int32_t *tmp = ogas_malloc((size_t)(c->np ? c->np : 1) * sizeof *tmp);
    for (int64_t j = 0; j < c->np; j++) order[j] = (int32_t)j;
    if (tmp) sort_by(c, key, order, tmp, c->np);
    else /* insertion sort when memory is short: still correct */
        for (int64_t a = 1; a < c->np; a++)
            for (int64_t b = a; b > 0; b--) {
                int32_t x = order[b - 1], y = order[b];
                int first = key[x] != key[y] ? key[x] > key[y] : bud_tie_cmp(c, x, y) < 0;
                if (first) break;
                order[b - 1] = y;
                order[b] = x;
            }
    ogas_free(tmp);
}

/* Records the ties in key among consecutive projects of order whose fate differed. */
ogas_status bud_greedy_ties(bud_ctx *c, const int64_t *key, const int32_t *order, const char *what)
{
    char *funded = NULL;
    ogas_status rc = OGAS_OK;
    if (c->quiet || c->np < 2) return OGAS_OK;
    if (!(funded = ogas_calloc((size_t)c->np, 1))) return ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
    for (int64_t k = 0; k < c->r->nselected; k++) funded[c->r->selected[k]] = 1;
    for (int64_t a = 0; a < c->np && !rc;) {
        int64_t b = a + 1;
        int mixed = 0;
        while (b < c->np && key[order[b]] == key[order[a]]) {
            if (funded[order[b]] != funded[order[a]]) mixed = 1;
            b++;
        }
        for (int64_t k = a; mixed && k + 1 < b && !rc; k++) {
            int32_t x = order[k], y = order[k + 1];
            rc = bud_tie(c, "%s and %s tied on %s %lld: %s first (%s)%s", c->pb->project[x], c->pb->project[y],
                         what, (long long)key[x], c->pb->project[x], bud_tie_reason(c, x, y),
                         funded[x] != funded[y] ? "; only one of them was funded" : "");
        }
        a = b;
    }
    ogas_free(funded);
    return rc;
}

/* The greedy rules: by score, best first; skip what does not fit (or stop, or skip low scores). */
static ogas_status greedy(bud_ctx *c)
{
    int32_t *order = NULL;
    ogas_status rc = OGAS_OK;
    int64_t threshold = 0, left = c->pb->budget;
    const ogas_budget_options *o = c->o;

    if (o->method == OGAS_BUDGET_GREEDY_THRESHOLD) {
        threshold = o->threshold >= 0 ? o->threshold : c->pb->min_project_score_threshold;
        if (threshold < 0)
            return ogas_error_set(c->err, OGAS_EARG,
                                  "greedy-threshold needs a threshold: the election's META has no "
                                  "min_project_score_threshold (give --threshold N)");
    }
    if (!(order = ogas_malloc((size_t)(c->np ? c->np : 1) * sizeof *order)))
        return ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
    bud_order_by(c, c->score, order);
    for (int64_t k = 0; k < c->np && !rc; k++) {
        int32_t j = order[k];
        if (c->score[j] < threshold) continue;
        if (c->pb->cost[j] <= left) {
            left -= c->pb->cost[j];
            if (!(rc = bud_select(c, j))) rc = bud_round(c, j, OGAS_BUDGET_FUNDED, c->score[j], NULL, 0, 0, 0, 0);
        } else if (o->method == OGAS_BUDGET_GREEDY_NO_SKIP) {
            rc = bud_round(c, j, OGAS_BUDGET_STOPPED, c->score[j], NULL, 0, 0, 0, 0);
            break;
        } else
            rc = bud_round(c, j, OGAS_BUDGET_SKIPPED, c->score[j], NULL, 0, 0, 0, 0);
    }
    if (!rc) rc = bud_greedy_ties(c, c->score, order, "score");
    ogas_free(order);
    return rc;
}

/* Knapsack search state: items in order of score per cost, the best combined value found. */
typedef struct knap {
    const int64_t *s, *w; /* score and cost of item k (sorted) */
    int64_t n, cap;
    __int128 best;
    char *take, *best_take;
    int64_t nodes, limit;
} knap;

/* Upper bound on welfare from item k on with room left (Dantzig's fractional bound, floored). */
static int64_t knap_bound(const knap *K, int64_t k, int64_t room)
{
    int64_t b = 0;
    for (; k < K->n; k++) {
        if (K->w[k] <= room) {
            room -= K->w[k];
            b += K->s[k];
        } else {
            b += (int64_t)(((__int128)K->s[k] * room) / K->w[k]);
            break;
        }
    }
    return b;
}

/* Depth-first branch and bound over items k.. with welfare W and room left. */
static int knap_search(knap *K, int64_t k, int64_t W, int64_t room)
{
    __int128 value;
    if (++K->nodes > K->limit) return -1;
    value = (__int128)W * (K->cap + 1) + room; /* most welfare, then least cost */
    if (value > K->best) {
        K->best = value;
        memcpy(K->best_take, K->take, (size_t)K->n);
    }
    if (k >= K->n) return 0;
    if ((__int128)(W + knap_bound(K, k, room)) * (K->cap + 1) + room <= K->best) return 0;
    if (K->w[k] <= room) {
        K->take[k] = 1;
        if (knap_search(K, k + 1, W + K->s[k], room - K->w[k]) < 0) return -1;
        K->take[k] = 0;
    }
    return knap_search(K, k + 1, W, room);
}

/* Maximal utilitarian welfare: the outcome of largest total score within the budget, and of those
 * the cheapest (exact branch and bound over the projects with a positive score). */
static ogas_status max_welfare(bud_ctx *c)
{
    int32_t *order = NULL;
    int64_t *s = NULL, *w = NULL, n = 0;
    knap K;
    ogas_status rc = OGAS_OK;

    memset(&K, 0, sizeof K);
    if (!(order = ogas_malloc((size_t)(c->np + 1) * sizeof *order)) || !(s = ogas_malloc((size_t)(c->np + 1) * sizeof *s)) ||
        !(w = ogas_malloc((size_t)(c->np + 1) * sizeof *w)) || !(K.take = ogas_calloc((size_t)c->np + 1, 1)) ||
        !(K.best_take = ogas_calloc((size_t)c->np + 1, 1))) {
        rc = ogas_error_set(c->err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t j = 0; j < c->np; j++)
        if (c->score[j] > 0 && c->pb->cost[j] <= c->pb->budget) order[n++] = (int32_t)j;
    /* insertion by score per cost (exact cross products), then the tie-breaking */
    for (int64_t a = 1; a < n; a++)
        for (int64_t b = a; b > 0; b--) {
            int32_t x = order[b - 1], y = order[b];
            __int128 l = (__int128)c->score[x] * c->pb->cost[y], r = (__int128)c->score[y] * c->pb->cost[x];
            if (l > r || (l == r && bud_tie_cmp(c, x, y) < 0)) break;
            order[b - 1] = y;
            order[b] = x;
        }
    for (int64_t k = 0; k < n; k++) {
        s[k] = c->score[order[k]];
        w[k] = c->pb->cost[order[k]];
    }
    K.s = s;
    K.w = w;
    K.n = n;
    K.cap = c->pb->budget;
    K.best = -1;
    K.limit = 200000000;
    if (knap_search(&K, 0, 0, K.cap) < 0) {
        rc = ogas_error_set(c->err, OGAS_ETOOBIG,
                            "max-welfare: the exact search passed %lld nodes without proving optimality",
                            (long long)K.limit);
        goto done;
    }
    c->r->welfare = (int64_t)(K.best / (K.cap + 1));
    for (int64_t k = 0; k < n && !rc; k++)
        if (K.best_take[k]) {
            rc = bud_select(c, order[k]);
            if (!rc) rc = bud_round(c, order[k], OGAS_BUDGET_FUNDED, c->score[order[k]], NULL, 0, 0, 0, 0);
        }
done:
    ogas_free(order);
    ogas_free(s);
    ogas_free(w);
    ogas_free(K.take);
    ogas_free(K.best_take);
    return rc;
}

/* c's scores, votes and supporters of every project, from pb. */
static ogas_status ctx_init(bud_ctx *c, const ogas_pb *pb, const ogas_budget_options *o, ogas_budget_result *r,
                            ogas_error *err)
{
    int64_t maxlen = pb->max_length, nent = pb->ballot[pb->nvoters];
    memset(c, 0, sizeof *c);
    c->pb = pb;
    c->o = o;
    c->np = pb->nprojects;
    c->nv = pb->nvoters;
    c->r = r;
    c->err = err;
    if (!(c->score = ogas_calloc((size_t)c->np + 1, sizeof *c->score)) ||
        !(c->votes = ogas_calloc((size_t)c->np + 1, sizeof *c->votes)) ||
        !(c->app = ogas_calloc((size_t)c->np + 2, sizeof *c->app)) ||
        !(c->voter = ogas_malloc((size_t)(nent + 1) * sizeof *c->voter)))
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the election");
    if (maxlen < 0)
        for (int64_t v = 0; v < c->nv; v++)
            if (pb->ballot[v + 1] - pb->ballot[v] > maxlen) maxlen = pb->ballot[v + 1] - pb->ballot[v];
    for (int64_t v = 0; v < c->nv; v++)
        for (int64_t e = pb->ballot[v]; e < pb->ballot[v + 1]; e++) {
            int32_t j = pb->choice[e];
            int64_t pts;
            switch (pb->vote_type) {
            case OGAS_PB_CUMULATIVE:
            case OGAS_PB_SCORING: pts = pb->points[e]; break;
            case OGAS_PB_ORDINAL: pts = maxlen - (e - pb->ballot[v]); break;
            default: pts = 1;
            }
            c->score[j] += pts;
            c->votes[j]++;
            c->app[j + 2]++;
        }
    for (int64_t j = 0; j < c->np; j++) c->app[j + 2] += c->app[j + 1];
    for (int64_t v = 0; v < c->nv; v++)
        for (int64_t e = pb->ballot[v]; e < pb->ballot[v + 1]; e++) c->voter[c->app[pb->choice[e] + 1]++] = (int32_t)v;
    return OGAS_OK;
}

/* Releases c's arrays. */
static void ctx_free(bud_ctx *c)
{
    ogas_free(c->score);
    ogas_free(c->votes);
    ogas_free(c->app);
    ogas_free(c->voter);
}

/* Runs rule o on the prepared context. */
static ogas_status run_rule(bud_ctx *c)
{
    switch (c->o->method) {
    case OGAS_BUDGET_GREEDY:
    case OGAS_BUDGET_GREEDY_NO_SKIP:
    case OGAS_BUDGET_GREEDY_THRESHOLD: return greedy(c);
    case OGAS_BUDGET_EQUAL_SHARES: return bud_equal_shares(c);
    case OGAS_BUDGET_PHRAGMEN: return bud_phragmen(c);
    case OGAS_BUDGET_MAX_WELFARE: return max_welfare(c);
    }
    return ogas_error_set(c->err, OGAS_EARG, "unknown rule");
}

/* r := the outcome of rule o on pb; then, quietly, the same with ties broken the other way. */
ogas_status ogas_budget_run(const ogas_pb *pb, const ogas_budget_options *o, ogas_budget_result *r, ogas_error *err)
{
    bud_ctx c, c2;
    ogas_budget_result r2;
    ogas_status rc;

    memset(r, 0, sizeof *r);
    memset(&r2, 0, sizeof r2);
    memset(&c2, 0, sizeof c2);
    if (!pb || !o || !pb->ballot) return ogas_error_set(err, OGAS_EARG, "no election");
    if ((o->method == OGAS_BUDGET_EQUAL_SHARES || o->method == OGAS_BUDGET_PHRAGMEN) &&
        pb->vote_type != OGAS_PB_APPROVAL && pb->vote_type != OGAS_PB_CHOOSE1)
        return ogas_error_set(err, OGAS_EARG, "%s needs approval or choose-1 ballots; this election's are %s",
                              ogas_budget_rule_name(o), ogas_pb_vote_type_name(pb->vote_type));
    if ((rc = ctx_init(&c, pb, o, r, err))) goto done;
    snprintf(r->rule, sizeof r->rule, "%s", ogas_budget_rule_name(o));
    r->budget = pb->budget;
    if (!(r->selected = ogas_malloc((size_t)(c.np + 1) * sizeof *r->selected))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = run_rule(&c))) goto done;
    /* the same rule with every tie broken the other way: did a tie decide the outcome? */
    if (r->nties > 0 || c.ties_seen > 0) {
        c2 = c;
        c2.reverse = 1;
        c2.quiet = 1;
        c2.r = &r2;
        if (!(r2.selected = ogas_malloc((size_t)(c.np + 1) * sizeof *r2.selected))) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = run_rule(&c2))) goto done;
        if (r2.nselected != r->nselected) r->ties_mattered = 1;
        else {
            char *in = ogas_calloc((size_t)c.np + 1, 1);
            if (!in) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
                goto done;
            }
            for (int64_t k = 0; k < r->nselected; k++) in[r->selected[k]] = 1;
            for (int64_t k = 0; k < r2.nselected; k++)
                if (!in[r2.selected[k]]) r->ties_mattered = 1;
            ogas_free(in);
        }
    }
    r->score = c.score;
    r->votes = c.votes;
    c.score = c.votes = NULL;
done:
    ctx_free(&c);
    ogas_budget_result_free(&r2);
    if (rc) ogas_budget_result_free(r);
    return rc;
}

/* Releases r's arrays. */
void ogas_budget_result_free(ogas_budget_result *r)
{
    if (!r) return;
    ogas_free(r->selected);
    ogas_free(r->score);
    ogas_free(r->votes);
    ogas_free(r->voter_budget);
    for (int64_t k = 0; k < r->nties; k++) ogas_free(r->ties[k]);
    ogas_free(r->ties);
    for (int64_t k = 0; k < r->nrounds; k++) ogas_free(r->rounds[k].price);
    ogas_free(r->rounds);
    memset(r, 0, sizeof *r);
}
