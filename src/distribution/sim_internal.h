/* sim_internal.h: what the files of the distribution simulator share (not public API). */
#ifndef OGAS_SIM_INTERNAL_H
#define OGAS_SIM_INTERNAL_H

#include <stdint.h>

#include "ogas/core.h"
#include "ogas/distribution.h"

#define SIM_SPECIALIST 1u /* household flag: earns at the specialists' differential (while the shock lasts) */
#define SIM_OFFICIAL 2u   /* household flag: on the priority lists */

/* What both regimes share, read-only once set up. */
typedef struct sim_world {
    const ogas_plan_problem *p;
    const ogas_scenario *sc;
    ogas_sim_options o;
    int64_t ng;          /* consumer goods */
    int64_t *prod;       /* ng: the product of each consumer good */
    double *value;       /* ng: labour value, hours per plan unit */
    double *unit;        /* ng: shop units per plan unit (a power of ten) */
    int64_t *pv;         /* ng: price at labour value, milli-credits per shop unit (10..100) */
    double *share;       /* ng: consumption shares (year-1 targets normalised) */
    double scale;        /* plan units -> the population's units: the year-1 consumption fund = hours worked */
    int values_lp;       /* values from the LP's shadow prices (else Leontief) */
    char method[16];     /* plan engine */
    ogas_plan base;      /* the plan made at the start */
    /* households */
    int64_t N;
    int B;               /* basket size */
    int32_t *good;       /* N x B: basket goods, by weight descending */
    float *w;            /* N x B: budget shares (sum 1) */
    float *hours;        /* N: hours worked a month by the household's adults */
    uint8_t *children;   /* N */
    uint8_t *flags;      /* N: SIM_SPECIALIST, SIM_OFFICIAL */
    int64_t nsample;     /* households sampled for Gini coefficients and the traders' rich */
    int64_t *sample;
    double hours_gini;
    /* shocks, per consumer good: which shocks touch it (famine, isolation) */
    int64_t nwar;        /* war shocks: for each, the techniques hit (flags over m) and goods hit */
    uint8_t **war_tech;  /* nshocks: m flags for war shocks, NULL for others */
    uint8_t **shock_good;/* nshocks: ng flags (famine, isolation: the goods; war: goods made by the techniques) */
} sim_world;

/* One regime's state. */
/* Households arrive in blocks of this many consecutive ones (shuffled inside): the blocks' order is random,
 * and households are drawn independently, so their numbering carries nothing; a block's data stays in cache. */
#define SIM_BLOCK 256

typedef struct sim_state {
    int regime;                 /* 1 administered, 2 feedback */
    int64_t *stock, *stock0, *deliv, *sold, *prio, *queue, *wait_sum, *want, *unmet, *spent_g; /* ng each */
    int64_t *traders, *traded;  /* ng: traders' units this month, and what they took from the shops */
    int64_t *cum;               /* ng: feedback, credits counted so far in the cumulative rounding */
    int64_t *savings, *pay, *budget, *cons, *unmet1; /* N each */
    int32_t *pidx;              /* N: index among priority households, or -1 */
    int32_t *pgot;              /* nprio x B: units got from the priority reserve */
    int64_t nprio;
    uint8_t *wait;              /* N x B: months waited (low 7 bits), 0x80 = handled this month */
    uint32_t *perm;             /* N: the order households arrive in */
    uint32_t *border;           /* N / SIM_BLOCK + 1: the order the blocks of households arrive in */
    int64_t subst, forced, margin, spent; /* this month's totals, milli-credits */
    int64_t rich;               /* traders sell to households with savings at least this */
    const ogas_shock *trade;    /* an active private-trade shock, or NULL */
    int spec_on;                /* the specialists' shock is active: they are on the priority lists */
} sim_state;

/* market.c */
void sim_wants(const sim_world *w, sim_state *s);
void sim_shop_administered(const sim_world *w, sim_state *s);
void sim_shop_feedback(const sim_world *w, sim_state *s);

/* households.c */
ogas_status sim_households(sim_world *w, ogas_error *err);
double sim_normal(ogas_rng *r);
double sim_gamma(ogas_rng *r, double a);
uint64_t sim_mix(uint64_t a, uint64_t b);

/* plan_engine.c */
ogas_status sim_economy(sim_world *w, ogas_error *err);
/* plan := the plan for years y0..T-1 with targets times mult, output of goods times outf (ng, NULL = 1),
 * starting from stocks stock (ncap; NULL = the problem's), war destruction applied to cells of techniques
 * flagged in destroy (m flags, NULL = none) at share destroyed. */
ogas_status sim_replan(const sim_world *w, int y0, const double *mult, const double *outf, const double *stock,
                       const uint8_t *destroy, double destroyed, ogas_plan *plan, ogas_error *err);

/* Replans year y of plan (its year index yrel) for targets times mult and the consumer goods' output times
 * outf, keeping the year's investment and stocks: the year's production in closed form (one technique per
 * product: x = M^-1 (phi t + inv) with M = diag(output) - input, phi the largest the labour and the
 * capacities allow; two Leontief solves). Updates plan's net, gross and phi of that year. OGAS_EINVAL when
 * the problem has joint production or the year's investment no longer fits (replan in full then). */
ogas_status sim_operational(const sim_world *w, int y, int yrel, const double *mult, const double *outf, ogas_plan *plan,
                            ogas_error *err);

/* loop.c */
ogas_status sim_run_regime(const sim_world *w, int regime, ogas_sim_result *r, ogas_error *err);

/* simulate.c */
int sim_active(const ogas_shock *s, int month);

#endif
