/* ogas/scenario.h: scenarios for the simulation of distribution under a plan: the consumer side's
 * parameters and the shocks (from the 1920s: war damage, famine, isolation, private trade,
 * privileged specialists), read from a plain configuration file (docs/formats.md, "Scenario files").
 *
 * The file holds "key = value" lines, '#' comments and blank lines; keys before the first section
 * belong to the scenario, then sections [households], [shops], [feedback] (each at most once) and
 * [shock] (any number, one shock each). */
#ifndef OGAS_SCENARIO_H
#define OGAS_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/error.h"

typedef enum ogas_shock_kind {
    OGAS_SHOCK_FAMINE,        /* the harvest falls: output of the goods multiplied by factor */
    OGAS_SHOCK_WAR,           /* war damage: a share of the capital of the industries destroyed at start */
    OGAS_SHOCK_ISOLATION,     /* imports cut: supply of the goods falls to their domestic share (factor) */
    OGAS_SHOCK_PRIVATE_TRADE, /* traders buy a share of each scarce good and resell it at a markup */
    OGAS_SHOCK_SPECIALISTS    /* a share of households earn credits at a differential */
} ogas_shock_kind;

typedef struct ogas_shock {
    ogas_shock_kind kind;
    int start;           /* first month affected, 1-based */
    int months;          /* months it lasts; 0 = to the end */
    int64_t ncodes;
    char **codes;        /* famine, isolation: product codes; war: industry (product or technique) codes */
    double factor;       /* famine: output multiplier in [0, 1]; isolation: domestic share of supply in [0, 1] */
    double destroyed;    /* war: share of the industries' capital destroyed, in [0, 1] */
    double share;        /* private trade: share of a scarce good's stock bought by traders, in [0, 1];
                            specialists: share of households, in [0, 1] */
    double markup;       /* private trade: resale price over the shop price, >= 1 */
    double differential; /* specialists: their credits per hour over everyone else's, > 0 */
    long line;           /* line of the file where the shock's section starts */
} ogas_shock;

typedef struct ogas_scenario {
    char *name;          /* default: the file name without its extension */
    char *description;   /* may be NULL */
    char *economy;       /* the economy to simulate (a plan folder or a table), resolved against the
                            scenario file's folder; NULL when the command line gives it */
    int months;          /* months simulated, default 60 */
    int64_t households;  /* default 10,000 */
    uint64_t seed;       /* default 1 */
    int regime;          /* 0: both (default), 1: administered prices, 2: feedback */

    /* [households] */
    double concentration;   /* Dirichlet concentration of budget shares around the economy's consumption
                               shares (default 50; larger = households more alike) */
    int basket;             /* goods in a household's basket (default 20; at most the consumer goods) */
    double hours_mean;      /* monthly hours worked, mean (default 160) */
    double hours_sd;        /* and standard deviation (default 20) */
    double child_allowance; /* credits per child per month, as a share of the mean monthly earnings
                               (default 0.1) */
    double savings_cap;     /* most credits a household may hold, in months of its income (default 6) */

    /* [shops] */
    double priority_share;  /* administered prices: share of each good's stock allocated by priority
                               lists (default 0.05) */
    double substitution;    /* share of unmet spending turned to other goods in the basket (default 0.5) */
    double initial_stock;   /* months of planned deliveries on the shelves at the start (default 1) */
    double disruption;      /* chance per industry per month of a disruption (default 0.02) */
    double disruption_loss; /* share of a month's output lost in a disruption (default 0.3) */

    /* [feedback] */
    int replan_months;      /* months between replans in the feedback regime (default 1) */
    double gain;            /* how far targets follow the price / value ratio (default 1) */
    int operational;        /* 1: replans within a year keep the year's investment and solve the year's
                               production in closed form (docs/distribution.md); the plan for the years
                               left is recomputed at each year's start. 0 (default): every replan is the
                               whole plan for the years left */

    int64_t nshocks;
    ogas_shock *shocks;
} ogas_scenario;

/* sc := the defaults above (no shocks, no name). */
void ogas_scenario_defaults(ogas_scenario *sc);
/* sc := the scenario in the file at path (defaults for what it leaves out). On bad input err holds
 * "file:line:column: reason" and sc is left empty (ogas_scenario_free is still safe). */
ogas_status ogas_scenario_read(const char *path, ogas_scenario *sc, ogas_error *err);
/* Same from memory; name is used in errors and as the default scenario name; dir (may be NULL)
 * resolves a relative economy path. */
ogas_status ogas_scenario_parse(const char *name, const char *dir, const char *data, size_t len, ogas_scenario *sc,
                                ogas_error *err);
/* Releases what sc owns and zeroes it. */
void ogas_scenario_free(ogas_scenario *sc);
/* "famine", "war", "isolation", "private_trade", "specialists". */
const char *ogas_shock_kind_name(ogas_shock_kind k);

#endif
