/* test_budget.c: the budget rules: the official outcomes of real elections, hand-checked small ones,
 * ties, and properties on thousands of random elections (budget kept, greedy exhaustive, equal shares
 * satisfies EJR up to one project, outcomes independent of the order of the voters). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/budget.h"
#include "ogas/core.h"
#include "ogas/pb.h"
#include "test.h"

/* pb := the election in text (fails the test if it does not parse). */
static int parse(const char *text, ogas_pb *pb)
{
    ogas_error err;
    char buf[1024];
    if (ogas_pb_parse("test.pb", text, strlen(text), pb, &err)) {
        test_fail(__FILE__, __LINE__, "parse: %s", ogas_error_format(&err, buf, sizeof buf));
        return 0;
    }
    return 1;
}

/* r := the outcome of rule name on pb (fails the test on an error). */
static int run(const ogas_pb *pb, const char *name, ogas_budget_result *r)
{
    ogas_budget_options o;
    ogas_error err;
    char buf[1024];
    if (ogas_budget_rule(name, pb, &o, &err) || ogas_budget_run(pb, &o, r, &err)) {
        test_fail(__FILE__, __LINE__, "%s: %s", name, ogas_error_format(&err, buf, sizeof buf));
        return 0;
    }
    return 1;
}

/* The outcome's project ids in order, comma-separated, into buf. */
static const char *ids(const ogas_pb *pb, const ogas_budget_result *r, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    for (int64_t i = 0; i < r->nselected && k + 1 < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "," : "", pb->project[r->selected[i]]);
    return buf;
}

TEST(test_budget_official_outcomes)
{
    /* every bundled file with a "selected" column, decided by the rule its META names */
    static const char *files[] = {
        "examples/pb/Poland_Czestochowa_2024_Podjasnogorska.pb", "examples/pb/Poland_Krakow_2019_Bienczyce.pb",
        "examples/pb/Poland_Swiecie_2023.pb", "examples/pb/Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
        "examples/pb/Poland_Warszawa_2019_Zerzen.pb", "examples/pb/Poland_Warszawa_2022_Ursus.pb",
        "examples/pb/Poland_Wroclaw_2018_Rejon_nr_11_250.pb"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        ogas_pb pb;
        ogas_budget_result r;
        ogas_error err;
        char *in;
        int64_t diff = 0;
        memset(&r, 0, sizeof r);
        if (ogas_pb_read(files[f], &pb, &err)) {
            test_fail(__FILE__, __LINE__, "%s: %s", files[f], err.message);
            continue;
        }
        CHECK(pb.selected != NULL);
        if (run(&pb, "meta", &r) && pb.selected) {
            in = calloc((size_t)pb.nprojects, 1);
            for (int64_t k = 0; k < r.nselected; k++) in[r.selected[k]] = 1;
            for (int64_t j = 0; j < pb.nprojects; j++) diff += in[j] != (pb.selected[j] == 1);
            if (diff) test_fail(__FILE__, __LINE__, "%s: %lld projects differ from the official outcome", files[f], (long long)diff);
            CHECK(r.cost <= r.budget);
            free(in);
        }
        ogas_budget_result_free(&r);
        ogas_pb_free(&pb);
    }
}

TEST(test_budget_swiecie_add1)
{
    /* Swiecie 2023 (equalshares/add1): the completion raises each voter's share from 419 (floor of
     * 1070000 / 2553) to 662, and the 17 projects the city funded come out in this order */
    ogas_pb pb;
    ogas_budget_result r;
    ogas_error err;
    char buf[512];
    memset(&r, 0, sizeof r);
    if (ogas_pb_read("examples/pb/Poland_Swiecie_2023.pb", &pb, &err)) {
        test_fail(__FILE__, __LINE__, "%s", err.message);
        return;
    }
    if (run(&pb, "equalshares/add1", &r)) {
        CHECK_STR(r.voter_budget, "662");
        CHECK_EQ_INT(r.add1_steps, 662 - 419);
        CHECK_EQ_INT(r.cost, 1040337);
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "c12,c10,c20,c21,c2,c3,c13,c1,c9,c11,c4,c7,c19,c5,c17,c18,c14");
    }
    ogas_budget_result_free(&r);
    /* without the completion: the share is 1070000/2553 and fewer projects are funded */
    if (run(&pb, "equalshares", &r)) {
        CHECK_STR(r.voter_budget, "1070000/2553");
        CHECK(r.nselected < 17);
        CHECK(r.cost <= r.budget);
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
}

/* A three-project approval election: costs a=4, b=2, c=2; budget 4; voters 1,2 approve a; 3 approves b;
 * 4 approves c. */
static const char *small =
    "META\nkey;value\nbudget;4\nvote_type;approval\nrule;equalshares\n"
    "PROJECTS\nproject_id;cost\na;4\nb;2\nc;2\n"
    "VOTES\nvoter_id;vote\n1;a\n2;a\n3;b\n4;c\n";

TEST(test_budget_small_by_hand)
{
    ogas_pb pb;
    ogas_budget_result r;
    char buf[256];
    memset(&r, 0, sizeof r);
    if (!parse(small, &pb)) return;
    /* greedy by votes: a (2 votes) takes the whole budget */
    if (run(&pb, "greedy", &r)) CHECK_STR(ids(&pb, &r, buf, sizeof buf), "a");
    ogas_budget_result_free(&r);
    /* equal shares: each voter has 1; a's two supporters have 2 < 4: unaffordable; b and c cost 2 for one
     * supporter with 1: unaffordable. Nothing is funded. */
    if (run(&pb, "equalshares", &r)) CHECK_EQ_INT(r.nselected, 0);
    ogas_budget_result_free(&r);
    /* Add1: share 2 (floor(4/4) + 1): a (price 2 each, 4/2 per unit), then b and c (price 2, 2/2 per
     * unit, tied: b by project id): cost 8 > 4, so the completion keeps the outcome of share 1: nothing */
    if (run(&pb, "equalshares/add1", &r)) {
        CHECK(r.cost <= r.budget);
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "");
        CHECK_EQ_INT(r.add1_steps, 0);
    }
    ogas_budget_result_free(&r);
    /* max welfare: {a} has 2 votes, {b,c} has 2 votes and the same cost: equal welfare and cost, the
     * search keeps one of them; the welfare is 2 */
    if (run(&pb, "max-welfare", &r)) CHECK_EQ_INT(r.welfare, 2);
    ogas_budget_result_free(&r);
    /* Phragmen: b and c can be bought at time 2 (cost 2, one supporter), a at time 2 (4 / 2): three-way
     * tie broken by lower cost then more votes then id: b first, then c (a would exceed the budget: the
     * rule stops there or before) */
    if (run(&pb, "phragmen", &r)) {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "b,c");
        CHECK(r.nties >= 1);
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
}

TEST(test_budget_equal_shares_payments)
{
    /* 6 voters, budget 60 (10 each). p costs 30, approved by voters 1-6: price 5 each. q costs 24,
     * approved by 1-3 (5 left each): 15 < 24, unaffordable. r costs 12 approved by 4-6: price 4. */
    const char *t = "META\nkey;value\nbudget;60\nvote_type;approval\n"
                    "PROJECTS\nproject_id;cost\np;30\nq;24\nr;12\n"
                    "VOTES\nvoter_id;vote\n1;p,q\n2;p,q\n3;p,q\n4;p,r\n5;p,r\n6;p,r\n";
    ogas_pb pb;
    ogas_budget_result r;
    ogas_budget_options o;
    ogas_error err;
    char buf[256];
    memset(&r, 0, sizeof r);
    if (!parse(t, &pb)) return;
    if (ogas_budget_rule("equalshares", &pb, &o, &err)) test_fail(__FILE__, __LINE__, "%s", err.message);
    o.explain = 1;
    if (ogas_budget_run(&pb, &o, &r, &err)) test_fail(__FILE__, __LINE__, "%s", err.message);
    else {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "p,r");
        CHECK_STR(r.voter_budget, "10");
        /* the rounds: p at 5 each (6 in full), r at 4 each, q unaffordable */
        int seen_p = 0, seen_r = 0, seen_q = 0;
        for (int64_t k = 0; k < r.nrounds; k++) {
            const ogas_budget_round *x = &r.rounds[k];
            const char *id = pb.project[x->project];
            if (!strcmp(id, "p")) {
                seen_p = 1;
                CHECK_STR(x->price, "5");
                CHECK_EQ_INT(x->paid_full, 6);
                CHECK_EQ_INT(x->paid_less, 0);
            } else if (!strcmp(id, "r")) {
                seen_r = 1;
                CHECK_STR(x->price, "4");
            } else if (!strcmp(id, "q")) {
                seen_q = 1;
                CHECK(x->action == OGAS_BUDGET_UNAFFORDABLE);
            }
        }
        CHECK(seen_p && seen_r && seen_q);
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
}

TEST(test_budget_capped_voters_exact)
{
    /* budget 10, 3 voters (10/3 each). x costs 9, approved by all three: 3 each, leaving 1/3 each. y costs
     * 2, approved by 1 and 2: they have 2/3 together: unaffordable; with Add1 the shares become 4 (floor
     * 10/3 = 3, +1): x at 3 each leaves 1 each, y costs 2 for two: 1 each, total 11 > 10: back to share 3:
     * x leaves 0 each: so the outcome stays {x}. */
    const char *t = "META\nkey;value\nbudget;10\nvote_type;approval\n"
                    "PROJECTS\nproject_id;cost\nx;9\ny;2\n"
                    "VOTES\nvoter_id;vote\n1;x,y\n2;x,y\n3;x\n";
    ogas_pb pb;
    ogas_budget_result r;
    char buf[64];
    memset(&r, 0, sizeof r);
    if (!parse(t, &pb)) return;
    if (run(&pb, "equalshares", &r)) {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "x");
        CHECK_STR(r.voter_budget, "10/3");
    }
    ogas_budget_result_free(&r);
    if (run(&pb, "equalshares/add1", &r)) {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "x");
        CHECK_EQ_INT(r.add1_steps, 0);
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
}

TEST(test_budget_ties_reported)
{
    /* two projects with the same votes and cost, budget for one: the tie-breaking (project id) decides */
    const char *t = "META\nkey;value\nbudget;5\nvote_type;approval\n"
                    "PROJECTS\nproject_id;cost\n12;5\n3;5\n"
                    "VOTES\nvoter_id;vote\n1;12\n2;3\n";
    ogas_pb pb;
    ogas_budget_result r;
    char buf[64];
    memset(&r, 0, sizeof r);
    if (!parse(t, &pb)) return;
    if (run(&pb, "greedy", &r)) {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "3"); /* ids compared as integers: 3 before 12 */
        CHECK_EQ_INT(r.nties, 1);
        CHECK(r.ties_mattered);
        if (r.nties) CHECK_CONTAINS(r.ties[0], "project id");
    }
    ogas_budget_result_free(&r);
    if (run(&pb, "equalshares", &r)) {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "");
        CHECK(!r.ties_mattered);
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
    /* lower cost wins a tie on score */
    t = "META\nkey;value\nbudget;5\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\na;5\nb;4\n"
        "VOTES\nvoter_id;vote\n1;a\n2;b\n";
    if (!parse(t, &pb)) return;
    if (run(&pb, "greedy", &r)) {
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "b");
        if (r.nties) CHECK_CONTAINS(r.ties[0], "lower cost");
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
}

TEST(test_budget_scores_by_ballot_type)
{
    /* ordinal, max_length 3: points 3, 2, 1 */
    const char *t = "META\nkey;value\nbudget;10\nvote_type;ordinal\nmax_length;3\n"
                    "PROJECTS\nproject_id;cost\na;4\nb;4\nc;4\n"
                    "VOTES\nvoter_id;vote\n1;a,b,c\n2;c,b\n3;b\n";
    ogas_pb pb;
    ogas_budget_result r;
    ogas_budget_options o;
    ogas_error err;
    char buf[64];
    memset(&r, 0, sizeof r);
    if (!parse(t, &pb)) return;
    if (run(&pb, "greedy", &r)) {
        CHECK_EQ_INT(r.score[0], 3);          /* a: first once */
        CHECK_EQ_INT(r.score[1], 2 + 2 + 3);  /* b: second twice, first once */
        CHECK_EQ_INT(r.score[2], 1 + 3);      /* c */
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "b,c");
    }
    ogas_budget_result_free(&r);
    /* equal shares refuses ordinal ballots */
    CHECK(ogas_budget_rule("equalshares", &pb, &o, &err) == OGAS_OK);
    CHECK(ogas_budget_run(&pb, &o, &r, &err) == OGAS_EARG);
    CHECK_CONTAINS(err.message, "approval or choose-1");
    ogas_pb_free(&pb);
    /* cumulative: points add up; greedy-no-skip stops at the first that does not fit */
    t = "META\nkey;value\nbudget;10\nvote_type;cumulative\nmax_sum_points;5\nmin_project_score_threshold;4\n"
        "PROJECTS\nproject_id;cost\na;8\nb;4\nc;2\n"
        "VOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;b,c;4,1\n3;c;3\n";
    if (!parse(t, &pb)) return;
    if (run(&pb, "greedy", &r)) CHECK_STR(ids(&pb, &r, buf, sizeof buf), "b,c"); /* b 6, c 4, a 3 */
    ogas_budget_result_free(&r);
    if (run(&pb, "greedy-no-skip", &r)) CHECK_STR(ids(&pb, &r, buf, sizeof buf), "b,c");
    ogas_budget_result_free(&r);
    if (run(&pb, "greedy-threshold", &r)) CHECK_STR(ids(&pb, &r, buf, sizeof buf), "b,c");
    ogas_budget_result_free(&r);
    if (run(&pb, "max-welfare", &r)) {
        CHECK_EQ_INT(r.welfare, 10); /* b + c = 6 + 4 (a + c = 7 costs 10) */
        CHECK_STR(ids(&pb, &r, buf, sizeof buf), "c,b"); /* in order of score per cost */
    }
    ogas_budget_result_free(&r);
    ogas_pb_free(&pb);
}

TEST(test_budget_rule_names)
{
    ogas_budget_options o;
    ogas_error err;
    static const char *names[] = {"greedy", "greedy-no-skip", "greedy-threshold", "equalshares", "equalshares/add1",
                                  "equalshares-comparison", "equalshares/add1-comparison", "phragmen", "max-welfare"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        CHECK(ogas_budget_rule(names[k], NULL, &o, &err) == OGAS_OK);
        CHECK_STR(ogas_budget_rule_name(&o), names[k]);
    }
    CHECK(ogas_budget_rule("borda", NULL, &o, &err) == OGAS_EARG);
    CHECK_CONTAINS(err.message, "borda");
    CHECK(ogas_budget_rule("meta", NULL, &o, &err) == OGAS_EARG);
}

/* A random approval election as text: m projects, n voters (ids shuffled by seed). */
static char *random_election(uint64_t *s, int m, int n, int64_t *budget_out, int with_order_seed, uint64_t shuffle)
{
    size_t cap = 4096 + (size_t)n * (size_t)(m * 4 + 16), len = 0;
    char *t = malloc(cap);
    int64_t cost[16], total = 0, budget;
    double pop[16];
    int *perm = malloc((size_t)n * sizeof *perm);
    char (*ballot)[64] = malloc((size_t)n * sizeof *ballot);
#define RND() (*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17, *s)
    for (int j = 0; j < m; j++) {
        cost[j] = 1 + (int64_t)(RND() % 20);
        if (RND() % 3 == 0) cost[j] = 5 * (1 + (int64_t)(RND() % 4)); /* some equal costs: ties */
        total += cost[j];
        pop[j] = (double)(RND() % 1000) / 1000.0;
    }
    budget = 1 + (int64_t)(RND() % (uint64_t)total);
    len += (size_t)snprintf(t + len, cap - len, "META\nkey;value\nbudget;%lld\nvote_type;approval\nPROJECTS\nproject_id;cost\n",
                            (long long)budget);
    for (int j = 0; j < m; j++) len += (size_t)snprintf(t + len, cap - len, "%d;%lld\n", j + 1, (long long)cost[j]);
    len += (size_t)snprintf(t + len, cap - len, "VOTES\nvoter_id;vote\n");
    for (int i = 0; i < n; i++) {
        size_t b = 0;
        ballot[i][0] = 0;
        for (int j = 0; j < m; j++)
            if ((double)(RND() % 1000) / 1000.0 < pop[j])
                b += (size_t)snprintf(ballot[i] + b, sizeof ballot[i] - b, "%s%d", b ? "," : "", j + 1);
        perm[i] = i;
    }
    if (with_order_seed) { /* the same ballots, voters in another order */
        uint64_t u = shuffle;
        for (int i = n - 1; i > 0; i--) {
            int k = (int)((u ^= u << 13, u ^= u >> 7, u ^= u << 17, u) % (uint64_t)(i + 1)), x = perm[i];
            perm[i] = perm[k];
            perm[k] = x;
        }
    }
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(t + len, cap - len, "v%d;%s\n", perm[i], ballot[perm[i]]);
#undef RND
    *budget_out = budget;
    free(perm);
    free(ballot);
    return t;
}

/* 1 if the outcome W (in[]) satisfies EJR up to one project for cost utilities (brute force). */
static int ejr_up_to_one(const ogas_pb *pb, const char *in)
{
    int64_t m = pb->nprojects, n = pb->nvoters;
    for (int64_t T = 1; T < (1LL << m); T++) {
        int64_t costT = 0, bad = 0;
        for (int64_t j = 0; j < m; j++)
            if (T >> j & 1) costT += pb->cost[j];
        if (costT > pb->budget) continue;
        for (int64_t v = 0; v < n; v++) {
            int64_t mask = 0, uW = 0, uT = 0, best_add = 0;
            for (int64_t e = pb->ballot[v]; e < pb->ballot[v + 1]; e++) mask |= 1LL << pb->choice[e];
            if ((mask & T) != T) continue; /* v is not in the group that approves all of T */
            for (int64_t j = 0; j < m; j++) {
                if ((mask >> j & 1) && in[j]) uW += pb->cost[j];
                if (T >> j & 1) {
                    uT += pb->cost[j];
                    if (!in[j] && pb->cost[j] > best_add) best_add = pb->cost[j];
                }
            }
            if (!(uW >= uT || uW + best_add > uT)) bad++;
        }
        /* the unsatisfied members alone form a group large enough to deserve T: a violation */
        if (bad > 0 && bad * pb->budget >= costT * n) return 0;
    }
    return 1;
}

TEST(test_budget_properties_random)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    static const char *rules[] = {"greedy",      "greedy-no-skip",   "equalshares",
                                  "equalshares/add1", "equalshares/add1-comparison", "phragmen", "max-welfare"};
    int64_t elections = 0, violations = 0;
    for (int it = 0; it < 5000; it++) {
        int m = 2 + (int)(s % 7), n = 1 + (int)((s >> 8) % 12);
        int64_t budget;
        uint64_t s0 = s;
        char *t = random_election(&s, m, n, &budget, 0, 0), *t2;
        ogas_pb pb, pb2;
        if (!parse(t, &pb)) {
            free(t);
            break;
        }
        uint64_t s1 = s0;
        t2 = random_election(&s1, m, n, &budget, 1, (uint64_t)it * 7919u + 1u);
        if (!parse(t2, &pb2)) {
            free(t);
            free(t2);
            ogas_pb_free(&pb);
            break;
        }
        elections++;
        for (size_t k = 0; k < sizeof rules / sizeof *rules; k++) {
            ogas_budget_result r, r2;
            char in[16] = {0}, a[256], b[256];
            memset(&r, 0, sizeof r);
            memset(&r2, 0, sizeof r2);
            if (!run(&pb, rules[k], &r) || !run(&pb2, rules[k], &r2)) {
                ogas_budget_result_free(&r);
                ogas_budget_result_free(&r2);
                continue;
            }
            for (int64_t i = 0; i < r.nselected; i++) in[r.selected[i]] = 1;
            /* the budget is never exceeded */
            if (r.cost > pb.budget) {
                violations++;
                test_fail(__FILE__, __LINE__, "election %d, %s: cost %lld over budget %lld", it, rules[k],
                          (long long)r.cost, (long long)pb.budget);
            }
            /* greedy is exhaustive: nothing left out fits */
            if (!strcmp(rules[k], "greedy"))
                for (int64_t j = 0; j < pb.nprojects; j++)
                    if (!in[j] && pb.cost[j] <= pb.budget - r.cost) {
                        violations++;
                        test_fail(__FILE__, __LINE__, "election %d: greedy left out %s that fits", it, pb.project[j]);
                    }
            /* equal shares (fixed budget): EJR up to one project */
            if (!strcmp(rules[k], "equalshares") && !ejr_up_to_one(&pb, in)) {
                violations++;
                test_fail(__FILE__, __LINE__, "election %d: equal shares violates EJR up to one:\n%s", it, t);
            }
            /* the order of the voters does not matter */
            if (strcmp(ids(&pb, &r, a, sizeof a), ids(&pb2, &r2, b, sizeof b))) {
                violations++;
                test_fail(__FILE__, __LINE__, "election %d, %s: %s, with voters reordered %s", it, rules[k], a, b);
            }
            ogas_budget_result_free(&r);
            ogas_budget_result_free(&r2);
            if (violations > 5) break;
        }
        free(t);
        free(t2);
        ogas_pb_free(&pb);
        ogas_pb_free(&pb2);
        if (violations > 5) break;
    }
    CHECK_EQ_INT(elections, 5000);
    CHECK_EQ_INT(violations, 0);
}
