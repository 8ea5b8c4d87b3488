/* ogas/budget.h: deciding a participatory budget from an election (ogas/pb.h).
 *
 * Rules, named as pabulib names them:
 *   greedy            projects by score, best first, each one that still fits is funded
 *   greedy-no-skip    the same, stopping at the first project that does not fit
 *   greedy-threshold  greedy over the projects whose score reaches min_project_score_threshold
 *   equalshares       the Method of Equal Shares (approval ballots; cost utilities by default)
 *   equalshares/add1  equal shares with the Add1 completion (each voter's share raised step by step)
 *   equalshares-comparison, equalshares/add1-comparison
 *                     the same followed by the comparison step with the greedy outcome
 *   phragmen          sequential Phragmen (approval ballots)
 *   max-welfare       the outcome of largest total score within the budget (exact knapsack)
 * Scores: approval and choose-1 count ballots; cumulative and scoring add points; ordinal ballots
 * give max_length - rank points (rank 0 for the first choice).
 *
 * All money is exact: costs and the budget are integers (ogas_pb.scale), equal shares and Phragmen
 * compute voters' budgets and loads as exact rationals (GMP), deciding in floating point only where
 * the margin is far above rounding. Ties are broken by lower cost, then more votes (ballots naming
 * the project), then project id (as integers when both are, else as text), and reported. */
#ifndef OGAS_BUDGET_H
#define OGAS_BUDGET_H

#include <stdint.h>

#include "ogas/error.h"
#include "ogas/pb.h"

typedef enum ogas_budget_method {
    OGAS_BUDGET_GREEDY,
    OGAS_BUDGET_GREEDY_NO_SKIP,
    OGAS_BUDGET_GREEDY_THRESHOLD,
    OGAS_BUDGET_EQUAL_SHARES,
    OGAS_BUDGET_PHRAGMEN,
    OGAS_BUDGET_MAX_WELFARE
} ogas_budget_method;

typedef enum ogas_budget_completion {
    OGAS_BUDGET_NO_COMPLETION = 0,
    OGAS_BUDGET_ADD1,            /* raise until the outcome would exceed the budget (pabulib's checker) */
    OGAS_BUDGET_ADD1_EXHAUSTIVE  /* raise until the outcome is exhaustive or would exceed the budget */
} ogas_budget_completion;

typedef struct ogas_budget_options {
    ogas_budget_method method;
    ogas_budget_completion completion; /* equal shares */
    int cardinality;   /* equal shares: cardinality utilities (each approved project worth 1) instead of cost */
    int fill;          /* equal shares: fund what still fits greedily (by score) afterwards */
    int comparison;    /* equal shares: the comparison step (switch to greedy if more voters prefer it) */
    int64_t threshold; /* greedy-threshold: minimum score; -1 = the file's min_project_score_threshold */
    int explain;       /* record each round (ogas_budget_result.rounds) */
} ogas_budget_options;

/* o := the options of the rule named as pabulib names it (see above); "meta" takes the rule from
 * the election's META (pb may be NULL for any other name). */
ogas_status ogas_budget_rule(const char *name, const ogas_pb *pb, ogas_budget_options *o, ogas_error *err);
/* The pabulib name of the rule that o describes ("equalshares/add1", ...). */
const char *ogas_budget_rule_name(const ogas_budget_options *o);

typedef enum ogas_budget_action {
    OGAS_BUDGET_FUNDED,      /* the project was funded */
    OGAS_BUDGET_SKIPPED,     /* it did not fit in what was left of the budget */
    OGAS_BUDGET_STOPPED,     /* greedy-no-skip stopped here */
    OGAS_BUDGET_UNAFFORDABLE /* equal shares: its supporters no longer had the money */
} ogas_budget_action;

/* One step of a rule, for --explain. */
typedef struct ogas_budget_round {
    int32_t project;
    ogas_budget_action action;
    int64_t score;        /* greedy: the score; equal shares, Phragmen: supporters */
    char *price;          /* equal shares: what each supporter paid (at most), exact ("1234/7");
                             Phragmen: the time the project was bought; NULL for greedy */
    double price_value;   /* the same as a number */
    int64_t paid_full;    /* equal shares: supporters who paid the price in full */
    int64_t paid_less;    /* equal shares: supporters who paid all they had left (less than the price) */
    double paid_less_sum; /* equal shares: what those paid together */
    int64_t spent;        /* total cost funded after this step */
} ogas_budget_round;

/* The outcome. Plain struct; ogas_budget_result_free releases it. */
typedef struct ogas_budget_result {
    char rule[48];        /* the rule applied, pabulib's name */
    int64_t nselected;
    int32_t *selected;    /* [nselected] project indices in order of selection */
    int64_t cost;         /* total cost of the selected projects (money units) */
    int64_t budget;       /* the election's budget (money units) */
    int64_t *score;       /* [nprojects] each project's score (see above) */
    int64_t *votes;       /* [nprojects] ballots naming each project */
    /* equal shares */
    char *voter_budget;   /* each voter's starting budget in the final run, exact ("1070000/2553"), or NULL */
    double voter_budget_value;
    int64_t add1_steps;   /* raises made by the completion */
    int comparison_greedy;/* the comparison step chose the greedy outcome */
    int64_t prefer_mes, prefer_greedy; /* voters preferring each in the comparison step */
    /* max-welfare */
    int64_t welfare;      /* total score of the outcome */
    /* ties */
    int64_t nties;
    char **ties;          /* [nties] each tie that the tie-breaking decided, in words */
    int ties_mattered;    /* breaking the ties the other way gives another outcome */
    /* --explain */
    int64_t nrounds;
    ogas_budget_round *rounds;
} ogas_budget_result;

/* r := the outcome of the rule o on election pb. Refuses rules that do not apply to the ballots
 * (equal shares and Phragmen need approval or choose-1 ballots). */
ogas_status ogas_budget_run(const ogas_pb *pb, const ogas_budget_options *o, ogas_budget_result *r,
                            ogas_error *err);
/* Releases r's arrays and zeroes it. */
void ogas_budget_result_free(ogas_budget_result *r);

/* Writes a synthetic approval election to path (pabulib .pb): log-normal costs (median about 100,000),
 * power-law popularity, ballots of 1 to max_length projects, budget a quarter of the total cost. The
 * same seed gives the same file. */
ogas_status ogas_pb_generate(const char *path, int64_t voters, int64_t projects, int64_t max_length, uint64_t seed,
                             ogas_error *err);

#endif
