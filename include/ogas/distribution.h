/* ogas/distribution.h: the distribution simulator. Households earn non-transferable labour credits
 * and spend them in shops stocked from a plan's output, month by month, under one of two regimes:
 *   administered prices: goods priced at their labour values; where demand exceeds stock households
 *     queue (served by priority lists first, then in queue order); unserved spending becomes forced
 *     substitution or forced saving;
 *   feedback (Cockshott and Cottrell): prices clear the stock; the ratio of price to labour value is
 *     fed back into the plan's targets and the plan is recomputed by the plan engine.
 * Shortage is measured as Kornai measured it (queues, waiting, unmet demand, forced substitution and
 * saving, stock-to-sales, allocation by priority lists). Goods are integer units and credits integer
 * milli-credits, so that every month goods delivered = bought + stock change + taken by traders and
 * credits paid = spent + savings change + expired, exactly. Deterministic for a seed, for any number
 * of threads. The model and every choice in it: docs/distribution.md. */
#ifndef OGAS_DISTRIBUTION_H
#define OGAS_DISTRIBUTION_H

#include <stdint.h>

#include "ogas/error.h"
#include "ogas/plan.h"
#include "ogas/scenario.h"

/* Options beyond the scenario's. Zero-initialise, or ogas_sim_options_init. */
typedef struct ogas_sim_options {
    int regime;              /* 0: both (default), 1: administered prices, 2: feedback */
    double supply_scale;     /* deliveries multiplied by this over what the plan makes (default 1; tests use
                                it to flood the shops) */
    double officials;        /* share of households on the priority lists besides the specialists
                                (default 0.02) */
    double savings_draw;     /* share of its savings a household tries to spend each month (default 0.25) */
    int64_t lp_max_products; /* plans of at most this many products are solved by the exact LP (CLP), larger
                                ones by material balances, or harmony where those do not apply (default 100) */
    const char *source;      /* the scenario's file, for errors about its codes (may be NULL) */
} ogas_sim_options;
void ogas_sim_options_init(ogas_sim_options *o);

/* One month of one regime: the measurements and the two conservation identities. */
typedef struct ogas_sim_month {
    int month;                  /* 1-based */
    double queue_length;        /* households left unserved at the month's end, mean over consumer goods */
    double waiting_months;      /* months the households in those queues have waited, mean */
    double unmet_share;         /* demand at labour values the shelves could not meet / demand at values */
    double substitution_share;  /* credits spent on goods not wanted first (forced substitution) / paid */
    double forced_saving_share; /* credits that found nothing to buy / credits paid */
    double stock_to_sales;      /* stock at the month's end / sales, both at labour values */
    double administered_share;  /* units allocated by priority lists / units sold */
    double consumption_gini;    /* over households, consumption at labour values */
    double hours_gini;          /* over households, hours worked */
    double plan_fulfilment;     /* delivered / what the plan made at the start promised, at labour values */
    double price_ratio;         /* sales at the prices paid / the same units at labour values */
    double trader_margin_share; /* what private traders earned over the shop price / credits paid */
    int64_t delivered, bought, traded; /* units summed over goods: delivered, bought in shops, taken by traders */
    int64_t stock_start, stock_end;    /* units in the shops */
    int64_t paid, spent, expired;      /* milli-credits: paid to households, spent (shops and traders),
                                          expired over the savings cap */
    int64_t savings_start, savings_end;
    int conserved;              /* both identities hold exactly, for every good */
} ogas_sim_month;

/* One consumer good of one regime, means over the months. */
typedef struct ogas_sim_good {
    int64_t product;            /* index into the plan problem's products */
    double queue_length, waiting_months, unmet_share, price_ratio;
} ogas_sim_good;

/* What a regime's run gives. */
typedef struct ogas_sim_result {
    int regime;                 /* 1 administered, 2 feedback; 0 = not run */
    int months;
    int64_t households, goods;  /* goods: consumer goods (products with a target in year 1) */
    ogas_sim_month *month;      /* months */
    ogas_sim_good *good;        /* goods */
    int64_t replans, replan_failures; /* feedback: plans recomputed, and failures (the old plan kept) */
    int64_t operational_replans;      /* of the replans, those of the year's production only (scenario's
                                         operational = 1) */
    int conserved;              /* every month conserved */
    char values[24];            /* where the labour values came from: "leontief" or "lp_shadow_prices" */
    char method[16];            /* the plan engine: "lp", "balance" or "harmony" */
    double seconds;
} ogas_sim_result;

/* res[0] := the administered regime's run, res[1] := the feedback regime's (those o->regime asks for;
 * the others get regime 0) of scenario sc on plan problem p. The economy's consumer goods are the products
 * with a positive year-1 target; the plan is solved once at the start and (feedback) recomputed every
 * sc->replan_months. Errors: shocks naming unknown products or industries (file:line of the shock), plans
 * that cannot be solved, no labour values (an economy neither single-technique nor labour-priced). On
 * failure res is freed. Free each result with ogas_sim_result_free. */
ogas_status ogas_simulate(const ogas_plan_problem *p, const ogas_scenario *sc, const ogas_sim_options *o,
                          ogas_sim_result res[2], ogas_error *err);
/* Releases what r owns and zeroes it. */
void ogas_sim_result_free(ogas_sim_result *r);
/* "administered", "feedback". */
const char *ogas_sim_regime_name(int regime);

/* Summary of a run: means over months, and the shortage before and after the first famine or war shock. */
typedef struct ogas_sim_summary {
    double mean_queue_length, mean_waiting_months, unmet_demand_share, forced_substitution_share,
        forced_saving_share, stock_to_sales, administered_allocation_share, consumption_gini, hours_gini,
        plan_fulfilment, price_ratio, trader_margin_share;
    int shock_month;            /* first month of the first famine, isolation or war shock; 0 = none */
    double unmet_before;        /* unmet share, mean of the 3 months before the shock */
    double unmet_peak;          /* largest unmet share in the shock's first 3 months */
    double unmet_after12;       /* unmet share in the 12th month from the shock's start */
    double queue_at_shock, queue_after12; /* queue length in the shock's first and 12th month */
} ogas_sim_summary;
/* s := the summary of r under scenario sc. */
void ogas_sim_summarise(const ogas_sim_result *r, const ogas_scenario *sc, ogas_sim_summary *s);

/* Gini coefficient of x[0..n) (n >= 1, x >= 0); sorts x in place. 0 when all are 0. */
double ogas_gini(int64_t n, double *x);

#endif
