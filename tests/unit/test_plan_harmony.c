/* test_plan_harmony.c: Cockshott and Cottrell's harmony planner (ogas_plan_harmony). On the nine
 * instances of the peer planner's pack (examples/plan) every plan is checked by hand against every row
 * of the LP (labour, capacity, stock accumulation with depreciation and lags, no deficit), lies below
 * the LP optimum, and on the random instances reaches 50-100 % of it, near the peer's own harmony
 * results (results.json); its first 100 iterations reproduce the peer's yearly minima. Runs are
 * deterministic, one iteration gives a feasible plan, and so do random small problems with joint
 * production, several techniques per product, longer lags and missing stocks. */
#include <stdint.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "test.h"

/* 1 when OGAS_TEST_VERBOSE asks for the numbers. */
static int verbose(void)
{
    return getenv("OGAS_TEST_VERBOSE") != NULL;
}

/* When set, check_feasible counts violations without reporting them (to test the checker itself). */
static int quiet;
#define VIOLATION(...)                                                                                                 \
    do {                                                                                                               \
        bad++;                                                                                                         \
        if (!quiet) test_fail(__FILE__, __LINE__, __VA_ARGS__);                                                        \
    } while (0)

/* Checks plan against every constraint of p's LP, to tolerance tol relative to the size of each row;
 * and that gross, net, invest, labour_used, phi and objective are what the intensities, investments and
 * stocks make. Names the instance (what) in failures. Returns the number of violations. */
static int check_feasible(const ogas_plan_problem *p, const ogas_plan *plan, const char *what, double tol)
{
    int64_t n = p->n, m = p->m, ncap = ogas_csr_nnz(&p->capital);
    int T = p->T, bad = 0;
    double *req = calloc((size_t)T * (size_t)n + 1, sizeof *req);
    double objective = 0;
    if (!req) return 1;
    if (plan->T != T || plan->n != n || plan->m != m || plan->ncap != ncap) {
        VIOLATION("%s: the plan's sizes differ from the problem's", what);
        free(req);
        return bad;
    }
    for (int y = 0; y < T; y++) {
        const double *s = plan->intensity + (int64_t)y * m, *K = plan->stock + (int64_t)y * ncap;
        const double *inv = plan->invest + (int64_t)y * n, *tg = p->target + (int64_t)y * n;
        double lab = 0, labsz = 0, phi = HUGE_VAL;
        for (int64_t k = 0; k < m; k++) {
            if (!(s[k] >= 0) || !isfinite(s[k])) {
                VIOLATION("%s: intensity of technique %lld in year %d is %g", what, (long long)k, y + 1, s[k]);
            }
            lab += p->labour[k] * s[k];
            labsz += fabs(p->labour[k] * s[k]);
        }
        /* labour */
        if (lab > p->labour_supply[y] + tol * (1 + labsz)) {
            VIOLATION("%s: year %d uses labour %.17g, supply %.17g", what, y + 1, lab, p->labour_supply[y]);
        }
        if (!(fabs(plan->labour_used[y] - lab) <= tol * (1 + labsz))) {
            VIOLATION("%s: labour_used of year %d is %g, the intensities use %g", what, y + 1, plan->labour_used[y],
                      lab);
        }
        /* capacity and stocks, cell by cell; the investment each cell needs, by good */
        for (int64_t i = 0; i < n; i++)
            for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) {
                int64_t k = p->capital.j[c];
                int lag = p->lag ? p->lag[i] : 1;
                double kap = p->capital.x[c], prev, need;
                if (!(K[c] >= 0) || kap * s[k] > K[c] + tol * (1 + K[c])) {
                    VIOLATION("%s: year %d, stock of good %lld in technique %lld: %.17g needed, %.17g there", what,
                              y + 1, (long long)i, (long long)k, kap * s[k], K[c]);
                }
                if (y == 0) {
                    if (K[c] > p->stock0.x[c] + tol * (1 + K[c])) {
                        VIOLATION("%s: initial stock of cell %lld is %.17g, only %.17g installed", what, (long long)c,
                                  K[c], p->stock0.x[c]);
                    }
                    continue;
                }
                prev = (1 - p->dep.x[c]) * plan->stock[(int64_t)(y - 1) * ncap + c];
                need = K[c] - prev;
                if (need <= tol * (1 + K[c])) continue;
                if (y - lag < 0) {
                    VIOLATION("%s: cell %lld grows in year %d, before any investment can arrive", what, (long long)c,
                              y + 1);
                } else {
                    req[(int64_t)(y - lag) * n + i] += need;
                }
            }
        /* balance and fulfilment */
        for (int64_t i = 0; i < n; i++) {
            double g = 0, used = 0, net;
            for (int64_t q = p->output.p[i]; q < p->output.p[i + 1]; q++) g += p->output.x[q] * s[p->output.j[q]];
            for (int64_t q = p->input.p[i]; q < p->input.p[i + 1]; q++) used += p->input.x[q] * s[p->input.j[q]];
            net = g - used - inv[i];
            if (!(inv[i] >= 0) || net < -tol * (1 + g + used + inv[i])) {
                VIOLATION("%s: year %d, product %lld: made %.17g, used %.17g, invested %.17g", what, y + 1,
                          (long long)i, g, used, inv[i]);
            }
            if (!(fabs(plan->gross[(int64_t)y * n + i] - g) <= tol * (1 + g)) ||
                !(fabs(plan->net[(int64_t)y * n + i] - net) <= tol * (1 + g + used + inv[i]))) {
                VIOLATION("%s: year %d, product %lld: gross %g and net %g, recomputed %g and %g", what, y + 1,
                          (long long)i, plan->gross[(int64_t)y * n + i], plan->net[(int64_t)y * n + i], g, net);
            }
            if (tg[i] > 0 && net / tg[i] < phi) phi = net / tg[i];
        }
        if (!(fabs(plan->phi[y] - phi) <= tol * (1 + fabs(phi)))) {
            VIOLATION("%s: phi of year %d is %.17g, the smallest net/target %.17g", what, y + 1, plan->phi[y], phi);
        }
        objective += plan->phi[y];
    }
    /* the investment the stocks need, against what the plan invests (any split over the cells of a good
     * that meets each cell's need satisfies the LP's stock rows) */
    for (int64_t q = 0; q < (int64_t)T * n; q++)
        if (req[q] > plan->invest[q] + tol * (1 + req[q])) {
            VIOLATION("%s: year %lld, good %lld: the stocks need an investment of %.17g, the plan invests %.17g", what,
                      (long long)(q / n) + 1, (long long)(q % n), req[q], plan->invest[q]);
        }
    if (!(fabs(plan->objective - objective) <= tol * (1 + fabs(objective)))) {
        VIOLATION("%s: objective %.17g, sum of phi %.17g", what, plan->objective, objective);
    }
    free(req);
    return bad;
}

/* The whole file at path, NUL-terminated (malloc'd), or NULL. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *b;
    long n;
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, fp) != (size_t)n) n = 0;
    if (b) b[n] = '\0';
    fclose(fp);
    return b;
}

/* From results.json (the published reference, read with a plain scan): the instance dir's harmony
 * yearly minima (5), their sum and the LP optimum. */
static int peer_result(const char *json, const char *dir, double *minima, double *sum, double *opt)
{
    char key[160];
    const char *s, *h;
    snprintf(key, sizeof key, "\"dir\": \"%s\"", dir);
    s = strstr(json, key);
    if (!s) return 0;
    h = strstr(s, "\"optimum_sum_phi\": ");
    if (!h) return 0;
    *opt = strtod(h + 19, NULL);
    h = strstr(s, "\"min_net_output_over_target_per_year\": [");
    if (!h) return 0;
    h += strlen("\"min_net_output_over_target_per_year\": [");
    for (int y = 0; y < 5; y++) {
        char *end;
        minima[y] = strtod(h, &end);
        h = strchr(end, ',') ? strchr(end, ',') + 1 : end;
    }
    h = strstr(s, "\"sum_of_yearly_min_ratios\": ");
    if (!h) return 0;
    *sum = strtod(h + strlen("\"sum_of_yearly_min_ratios\": "), NULL);
    return 1;
}

static const char *const instances[9] = {"example4",       "random5y/n10_1", "random5y/n10_2",
                                         "random5y/n20_1", "random5y/n20_2", "random5y/n30_1",
                                         "random5y/n30_2", "random5y/n40_1", "random5y/n40_2"};

/* The nine instances: feasible, below the LP optimum, on the random ones 50-100 % of it and within 0.03
 * of the peer's ratio; with the peer's 100 iterations, the peer's yearly minima. */
TEST(harmony_peer_instances)
{
    char *json = slurp("examples/plan/results.json");
    REQUIRE(json);
    for (int k = 0; k < 9; k++) {
        char path[128], buf[1200];
        double minima[5], psum, popt, ratio, peer;
        ogas_plan_problem p;
        ogas_plan h, h100, lp;
        ogas_plan_options o;
        ogas_error err;
        snprintf(path, sizeof path, "examples/plan/%s", instances[k]);
        if (!peer_result(json, instances[k], minima, &psum, &popt)) {
            test_fail(__FILE__, __LINE__, "%s: not in results.json", instances[k]);
            continue;
        }
        if (ogas_plan_read_peer(path, &p, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", instances[k], ogas_error_format(&err, buf, sizeof buf));
            continue;
        }
        REQUIRE(ogas_plan_lp(&p, NULL, &lp, &err) == OGAS_OK);
        CHECK(fabs(lp.objective - popt) <= 1e-7 * popt);
        if (ogas_plan_harmony(&p, NULL, &h, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", instances[k], ogas_error_format(&err, buf, sizeof buf));
            ogas_plan_free(&lp);
            ogas_plan_problem_free(&p);
            continue;
        }
        CHECK_EQ_INT(h.status, OGAS_PLAN_FEASIBLE);
        CHECK_STR(h.method, "harmony");
        CHECK(h.iterations >= 1 && h.iterations <= 1000);
        check_feasible(&p, &h, instances[k], 1e-9);
        CHECK(h.objective <= lp.objective * (1 + 1e-9));
        CHECK(h.objective >= 0);
        ratio = h.objective / lp.objective;
        peer = psum / popt;
        if (k > 0) {
            if (!(ratio >= 0.5 && ratio <= 1.0))
                test_fail(__FILE__, __LINE__, "%s: harmony reaches %.3f of the LP optimum", instances[k], ratio);
            if (!(fabs(ratio - peer) <= 0.03))
                test_fail(__FILE__, __LINE__, "%s: harmony/LP %.3f, the peer's %.3f", instances[k], ratio, peer);
        }
        /* the peer's fixed 100 iterations give the peer's plan (n20_1 starts differently: its P18 needs no
         * capital, so its start is not the peer's base output) */
        ogas_plan_options_init(&o);
        o.max_iter = 100;
        REQUIRE(ogas_plan_harmony(&p, &o, &h100, &err) == OGAS_OK);
        CHECK_EQ_INT(h100.iterations, 100);
        check_feasible(&p, &h100, instances[k], 1e-9);
        for (int y = 0; y < 5; y++) {
            double tol = strcmp(instances[k], "random5y/n20_1") == 0 ? 5e-3 : 1e-6;
            if (!(fabs(h100.phi[y] - minima[y]) <= tol))
                test_fail(__FILE__, __LINE__, "%s: 100 iterations, year %d: minimum %.6f, the peer's %.6f",
                          instances[k], y + 1, h100.phi[y], minima[y]);
        }
        CHECK(fabs(h100.objective - psum) <= 5 * (strcmp(instances[k], "random5y/n20_1") == 0 ? 5e-3 : 1e-6));
        if (verbose())
            printf("    %-16s harmony %.4f, LP %.4f, ratio %.3f (peer %.3f), %lld iterations, %.3f s; "
                   "100 iterations: %.4f (peer %.4f)\n",
                   instances[k], h.objective, lp.objective, ratio, peer, (long long)h.iterations, h.seconds,
                   h100.objective, psum);
        if (k == 0 && verbose()) {
            printf("      example4: phi");
            for (int y = 0; y < 5; y++) printf(" %.4g", h.phi[y]);
            printf("; gross bread");
            for (int y = 0; y < 5; y++) printf(" %.3g", h.gross[(int64_t)y * p.n + 3]);
            printf("; labour used/supply");
            for (int y = 0; y < 5; y++) printf(" %.3f", h.labour_used[y] / p.labour_supply[y]);
            printf("\n");
        }
        ogas_plan_free(&h);
        ogas_plan_free(&h100);
        ogas_plan_free(&lp);
        ogas_plan_problem_free(&p);
    }
    free(json);
}

/* 1 if a and b hold the same plan, bit for bit. */
static int same_plan(const ogas_plan *a, const ogas_plan *b)
{
    size_t T = (size_t)a->T, n = (size_t)a->n, m = (size_t)a->m, nc = (size_t)a->ncap;
    return a->T == b->T && a->n == b->n && a->m == b->m && a->ncap == b->ncap && a->iterations == b->iterations &&
           a->objective == b->objective && memcmp(a->phi, b->phi, T * sizeof(double)) == 0 &&
           memcmp(a->intensity, b->intensity, T * m * sizeof(double)) == 0 &&
           memcmp(a->gross, b->gross, T * n * sizeof(double)) == 0 &&
           memcmp(a->net, b->net, T * n * sizeof(double)) == 0 &&
           memcmp(a->invest, b->invest, T * n * sizeof(double)) == 0 &&
           memcmp(a->stock, b->stock, T * nc * sizeof(double)) == 0 &&
           memcmp(a->labour_used, b->labour_used, T * sizeof(double)) == 0;
}

/* The checker itself: the LP's optimal plan passes it, and each kind of violation planted in a harmony
 * plan is seen. */
TEST(harmony_checker)
{
    ogas_plan_problem p;
    ogas_plan h, lp;
    ogas_error err;
    int64_t n, m, ncap;
    double keep;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n10_1", &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_lp(&p, NULL, &lp, &err) == OGAS_OK);
    REQUIRE(ogas_plan_harmony(&p, NULL, &h, &err) == OGAS_OK);
    n = p.n;
    m = p.m;
    ncap = h.ncap;
    CHECK_EQ_INT(check_feasible(&p, &lp, "the LP's plan", 1e-7), 0);
    CHECK_EQ_INT(check_feasible(&p, &h, "the harmony plan", 1e-9), 0);
    quiet = 1;
    /* more work in year 1 than labour and capital allow */
    for (int64_t k = 0; k < m; k++) h.intensity[k] *= 1.5;
    CHECK(check_feasible(&p, &h, "", 1e-9) > 0);
    for (int64_t k = 0; k < m; k++) h.intensity[k] /= 1.5;
    CHECK_EQ_INT(check_feasible(&p, &h, "", 1e-9), 0);
    /* a stock that grows in year 3 with no investment to make it */
    keep = h.stock[2 * ncap];
    h.stock[2 * ncap] += 0.1;
    CHECK(check_feasible(&p, &h, "", 1e-9) > 0);
    h.stock[2 * ncap] = keep;
    /* more initial stock than installed */
    keep = h.stock[0];
    h.stock[0] = p.stock0.x[0] * 1.01;
    CHECK(check_feasible(&p, &h, "", 1e-9) > 0);
    h.stock[0] = keep;
    /* investing more than is made */
    keep = h.invest[n];
    h.invest[n] += 1e3;
    CHECK(check_feasible(&p, &h, "", 1e-9) > 0);
    h.invest[n] = keep;
    CHECK_EQ_INT(check_feasible(&p, &h, "", 1e-9), 0);
    quiet = 0;
    ogas_plan_free(&h);
    ogas_plan_free(&lp);
    ogas_plan_problem_free(&p);
}

/* Convergence: the default run stops before its limit; a second run gives the same plan; one
 * iteration, and any small limit, still give a feasible plan; the limit is obeyed. */
TEST(harmony_convergence)
{
    ogas_plan_problem p;
    ogas_plan a, b;
    ogas_plan_options o;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n20_2", &p, &err) == OGAS_OK);
    REQUIRE(ogas_plan_harmony(&p, NULL, &a, &err) == OGAS_OK);
    REQUIRE(ogas_plan_harmony(&p, NULL, &b, &err) == OGAS_OK);
    CHECK(a.iterations > 100 && a.iterations < 1000);
    CHECK(same_plan(&a, &b));
    ogas_plan_free(&a);
    ogas_plan_free(&b);
    ogas_plan_problem_free(&p);
    ogas_plan_options_init(&o);
    for (int k = 0; k < 9; k++) {
        char path[128], what[160];
        snprintf(path, sizeof path, "examples/plan/%s", instances[k]);
        REQUIRE(ogas_plan_read_peer(path, &p, &err) == OGAS_OK);
        for (int64_t it = 1; it <= 8; it *= 2) {
            o.max_iter = it;
            snprintf(what, sizeof what, "%s, %lld iterations", instances[k], (long long)it);
            REQUIRE(ogas_plan_harmony(&p, &o, &a, &err) == OGAS_OK);
            CHECK_EQ_INT(a.iterations, it);
            CHECK_EQ_INT(a.status, OGAS_PLAN_FEASIBLE);
            check_feasible(&p, &a, what, 1e-9);
            if (it == 1 && verbose()) printf("    %-16s one iteration: %.4f\n", instances[k], a.objective);
            ogas_plan_free(&a);
        }
        ogas_plan_problem_free(&p);
    }
}

/* p := a random problem with n products, m >= n techniques (technique k makes product k mod n, some also
 * a second product), inputs, labour, capital with some stocks missing, depreciation up to 40 %, lags of
 * 1 to 3 years, T years, zero targets here and there. */
static void random_problem(ogas_plan_problem *p, int64_t n, int64_t m, int T, uint64_t seed)
{
    ogas_rng r;
    double *out = calloc((size_t)(n * m), sizeof *out), *in = calloc((size_t)(n * m), sizeof *in);
    double *cap = calloc((size_t)(n * m), sizeof *cap);
    ogas_rng_seed(&r, seed);
    memset(p, 0, sizeof *p);
    p->n = n;
    p->m = m;
    p->T = T;
    for (int64_t k = 0; k < m; k++) {
        out[(k % n) * m + k] = 0.5 + 1.5 * ogas_rng_uniform(&r);
        if (ogas_rng_uniform(&r) < 0.3)
            out[(int64_t)ogas_rng_below(&r, (uint64_t)n) * m + k] += 0.3 * ogas_rng_uniform(&r);
        for (int64_t i = 0; i < n; i++) {
            if (ogas_rng_uniform(&r) < 0.4) in[i * m + k] = 0.25 * ogas_rng_uniform(&r);
            if (ogas_rng_uniform(&r) < 0.4) cap[i * m + k] = 0.5 + 2.5 * ogas_rng_uniform(&r);
        }
    }
    ogas_csr_from_dense(n, m, out, &p->output, NULL);
    ogas_csr_from_dense(n, m, in, &p->input, NULL);
    ogas_csr_from_dense(n, m, cap, &p->capital, NULL);
    ogas_csr_copy(&p->capital, &p->stock0, NULL);
    ogas_csr_copy(&p->capital, &p->dep, NULL);
    for (int64_t c = 0; c < ogas_csr_nnz(&p->capital); c++) {
        p->stock0.x[c] = ogas_rng_uniform(&r) < 0.15 ? 0.0 : p->capital.x[c] * (0.5 + 2 * ogas_rng_uniform(&r));
        p->dep.x[c] = 0.4 * ogas_rng_uniform(&r);
    }
    p->labour = malloc((size_t)m * sizeof *p->labour);
    for (int64_t k = 0; k < m; k++) p->labour[k] = 0.1 + ogas_rng_uniform(&r);
    p->lag = malloc((size_t)n * sizeof *p->lag);
    for (int64_t i = 0; i < n; i++) p->lag[i] = 1 + (int)ogas_rng_below(&r, 3);
    p->labour_supply = malloc((size_t)T * sizeof *p->labour_supply);
    p->target = malloc((size_t)T * (size_t)n * sizeof *p->target);
    for (int y = 0; y < T; y++) {
        p->labour_supply[y] = (0.5 + ogas_rng_uniform(&r)) * (double)m;
        for (int64_t i = 0; i < n; i++)
            p->target[(int64_t)y * n + i] = i > 0 && ogas_rng_uniform(&r) < 0.2 ? 0.0 : 0.1 + ogas_rng_uniform(&r);
    }
    free(out);
    free(in);
    free(cap);
}

/* Random problems beyond the peer's format: every plan feasible, none above the LP optimum. */
TEST(harmony_random_problems)
{
    double worst = 1, best = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        ogas_plan_problem p;
        ogas_plan h, lp;
        ogas_plan_options o;
        ogas_error err;
        char what[64], buf[1200];
        int64_t n = 2 + (int64_t)(seed % 5), m = n + (int64_t)(seed % 3);
        int T = 1 + (int)(seed % 6);
        random_problem(&p, n, m, T, seed);
        if (ogas_plan_problem_check(&p, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "seed %llu: %s", (unsigned long long)seed,
                      ogas_error_format(&err, buf, sizeof buf));
            ogas_plan_problem_free(&p);
            continue;
        }
        REQUIRE(ogas_plan_lp(&p, NULL, &lp, &err) == OGAS_OK);
        ogas_plan_options_init(&o);
        for (int64_t it = 0; it <= 7; it += 7) {
            o.max_iter = it;
            snprintf(what, sizeof what, "seed %llu, max_iter %lld", (unsigned long long)seed, (long long)it);
            if (ogas_plan_harmony(&p, &o, &h, &err) != OGAS_OK) {
                test_fail(__FILE__, __LINE__, "%s: %s", what, ogas_error_format(&err, buf, sizeof buf));
                continue;
            }
            check_feasible(&p, &h, what, 1e-9);
            if (!(h.objective <= lp.objective + 1e-9 * (1 + fabs(lp.objective))))
                test_fail(__FILE__, __LINE__, "%s: harmony %.17g above the LP optimum %.17g", what, h.objective,
                          lp.objective);
            if (it == 0 && lp.objective > 0) {
                worst = fmin(worst, h.objective / lp.objective);
                best = fmax(best, h.objective / lp.objective);
            }
            ogas_plan_free(&h);
        }
        ogas_plan_free(&lp);
        ogas_plan_problem_free(&p);
    }
    if (verbose()) printf("    random problems: harmony/LP from %.3f to %.3f\n", worst, best);
}

/* A bad problem is refused with the check's error and an empty plan. */
TEST(harmony_bad_problem)
{
    ogas_plan_problem p;
    ogas_plan h;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    p.target[2] = -1;
    CHECK_EQ_INT(ogas_plan_harmony(&p, NULL, &h, &err), OGAS_EINVAL);
    CHECK_CONTAINS(err.message, "target");
    CHECK(h.intensity == NULL && h.phi == NULL);
    ogas_plan_problem_free(&p);
}

/* Every allocation failure is reported as out of memory and leaks nothing (checked under ASan). */
TEST(harmony_out_of_memory)
{
    ogas_plan_problem p;
    ogas_plan h;
    ogas_plan_options o;
    ogas_error err;
    long after;
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    ogas_plan_options_init(&o);
    o.max_iter = 3;
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_plan_harmony(&p, &o, &h, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        if (rc != OGAS_ENOMEM) break;
        CHECK(h.intensity == NULL && h.phi == NULL);
    }
    CHECK(after > 20);
    check_feasible(&p, &h, "example4 after the allocation failures", 1e-9);
    ogas_plan_free(&h);
    ogas_plan_problem_free(&p);
}
