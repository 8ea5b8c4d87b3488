/* budget_internal.h (private to councils/): what the budget rules share: the election seen from the
 * projects (who approves what, scores), the tie-breaking order, and the recording of the outcome. */
#ifndef OGAS_COUNCILS_BUDGET_INTERNAL_H
#define OGAS_COUNCILS_BUDGET_INTERNAL_H

#include <gmp.h>
#include <stdint.h>

#include "ogas/budget.h"
#include "ogas/pb.h"

/* Margin under which a floating-point comparison is redone exactly (relative). */
#define BUD_EXACT_MARGIN 1e-9

typedef struct bud_ctx {
    const ogas_pb *pb;
    const ogas_budget_options *o;
    int64_t np, nv;
    int64_t *score;      /* [np] */
    int64_t *votes;      /* [np] ballots naming each project */
    int64_t *app;        /* [np + 1] supporters of project j: voter[app[j] .. app[j+1]) */
    int32_t *voter;      /* supporters, by project */
    int reverse;         /* break ties the other way (to see whether ties decided the outcome) */
    int quiet;           /* record neither ties nor rounds */
    int64_t ties_seen;   /* ties broken, recorded or not (equal shares' earlier runs are not recorded) */
    ogas_budget_result *r;
    ogas_error *err;
} bud_ctx;

/* < 0 when the tie-breaking prefers project a to b (lower cost, more votes, lower id; reversed when
 * c->reverse), > 0 when b, 0 only when a == b. */
int bud_tie_cmp(const bud_ctx *c, int32_t a, int32_t b);
/* The rule that decided between a and b: "lower cost", "more votes" or "project id". */
const char *bud_tie_reason(const bud_ctx *c, int32_t a, int32_t b);
/* Records a tie in words (printf-style) unless quiet. */
ogas_status bud_tie(bud_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends project j to the outcome (r->selected, r->cost). */
ogas_status bud_select(bud_ctx *c, int32_t j);
/* Appends a round for --explain (when o->explain and not quiet); price is copied (may be NULL). */
ogas_status bud_round(bud_ctx *c, int32_t j, ogas_budget_action a, int64_t score, const char *price,
                      double price_value, int64_t paid_full, int64_t paid_less, double paid_less_sum);
/* order := projects sorted by score (best first), ties broken by bud_tie_cmp. */
void bud_order_by(const bud_ctx *c, const int64_t *key, int32_t *order);
/* Records the ties of key (equal key, consecutive in order) among projects whose fate differed
 * (funded[j] != funded[k]): only those decided anything. */
ogas_status bud_greedy_ties(bud_ctx *c, const int64_t *key, const int32_t *order, const char *what);

/* Text of the rational q / 10^scale (money units to currency units), e.g. "1070000/2553"; the caller frees
 * it with ogas_free; NULL when out of memory. */
char *bud_money_text(mpq_srcptr q, int scale);

/* Equal shares (mes.c): the outcome of o on c, into c->r. */
ogas_status bud_equal_shares(bud_ctx *c);
/* Sequential Phragmen (phragmen.c). */
ogas_status bud_phragmen(bud_ctx *c);

#endif
