/* harmony.c: Cockshott and Cottrell's harmony planner on the multi-year plan problem (ogas_plan_harmony).
 *
 * Source: W. P. Cockshott and A. Cottrell, Towards a New Socialism (1993), ch. 3 (balancing a plan by
 * "harmony": the planner raises the techniques whose outputs are scarcest relative to their targets and
 * lowers the rest, as a neural net descends a gradient), and the algorithm as Cockshott programmed it for
 * five-year plans (GitHub wc22m/5yearplan, plancode/planning: nyearHarmony, Harmonizer; read, not
 * copied), whose results on the instances in examples/plan are the peer baseline.
 *
 * The multi-year problem becomes one "technology complex" of extended products and techniques:
 *   products    every good in every year (final), labour in every year and every capital cell (a good
 *               installed in a technique) in every year (both not final: used, never consumed);
 *   resources   labour supply of each year, and the initial stock of each cell depreciated to each year,
 *               stock0 (1 - d)^y, with what the fixed investments (problem.fixed) have installed by then;
 *               labour (every year) and the year-1 stocks are "not produced";
 *   fixed uses  the fixed investments of each good in each year, used whatever the intensities;
 *   techniques  each technique k in each year y (outputs and inputs of year y, labour of year y, the
 *               services of its capital cells in year y), and for each cell c and year y with
 *               y + lag < T an accumulation technique: one unit of c's good in year y becomes one unit of
 *               stock of c in year y + lag and (1 - d)^j units in year y + lag + j.
 * The net output of an extended product is resource + made - used (fixed uses included). Its harmony is
 *   H(s) = s - s^2 / 2 (s < 0),  ln(1 + s) (s >= 0),  s = (net - target) / target,
 * with the targets of the plan for goods (a zero target counts as 0.02, as the peer does) and 0.03 for
 * labour and stocks. Starting from every intensity 0.1 (in units of the technique's year-1 capacity,
 * min over its cells of stock0 / kappa: the peer's "0.1 of base-year output"), each iteration
 *   1. equalises harmony: each produced final good p moves towards the mean harmony m of the produced
 *      products, its makers' intensities multiplied by 1 - sigma(t (H_p - m) / H'_p / net_p),
 *      sigma(x) = x / (1 + |x|), t = 0.23 (the peer's temperature);
 *   2. reallocates: with the derivatives dH of the new net outputs (for labour and stocks, the weighted
 *      mean (dH + 5 M) / 6, applied twice, of their own dH and M, the best harmony gain per unit of them
 *      among the techniques that use them), each technique's intensity is multiplied by
 *      1 + 0.4 t sigma((gain - cost) / cost), gain and cost being its outputs and inputs valued at dH;
 *   3. rescales: all intensities are scaled so that the most used non-produced resource is used at 98 %,
 *      then every technique that uses a product in deficit (net < 0), other than its makers, is shrunk
 *      by 0.98 (available / used) of the scarcest product it uses.
 * The peer runs a fixed 100 iterations at a constant temperature; the first 100 here are the same, and
 * reproduce its plans (its yearly minima to 3e-8, its "totalharmony" to 1e-6 relative; on
 * random5y/n20_1 to 3e-3, as its technique P18 needs no capital and so starts elsewhere). Run on at that
 * temperature the method does not converge: it ends in a cycle (of period 2 on random5y/n10_1, the total
 * harmony changing by 1e-3 relative every iteration), wanders (n40_2, 4e-3) or drifts (example4). So
 * after those 100 the temperature cools by a factor 0.95 an iteration, which damps the steps, and the
 * iterations stop when the total harmony of the goods (the peer's "totalharmony") has changed by at most
 * HARMONY_TOL = 1e-6 relative (|dH| <= tol max(1, |H|)) in each of 5 iterations in a row (one calm
 * iteration can happen by chance amid the oscillation), or at o->max_iter (default 1000), or after
 * o->max_seconds. On the peer's random instances this takes about 300 iterations and ends 0.4-1.8 %
 * above the peer's fulfilment (example4: 0, as the peer).
 *
 * Kept as the peer has it, though it looks like a slip: step 1 divides by the signed net output, so the
 * makers of a good in deficit (net < 0) are cut instead of raised. On the random instances no net is
 * negative there and the sign does not matter; on example4 it is what holds bread at zero (dividing by
 * |net| the plan reaches 0.95, 11 % of the LP optimum). On tight economies (ogas_plan_generate: year 1 at
 * capacity, targets that need the stocks to grow) the method fails: the later years' stocks and a few
 * goods stay in deficit, the cuts of step 3 cascade, and the plan collapses to nothing in some 20
 * iterations (with |net| too).
 *
 * The rescaling does not quite guarantee feasibility (a shrunk technique makes less of what others use),
 * so the plan is then repaired year by year: each technique within its capital (stocks from the
 * accumulation recursion, the investments of earlier years being final), all of the year scaled within
 * its labour, and while some good is in deficit, first the investment in it and then the techniques that
 * use more of it than they make are cut, in proportion to the deficit. Each step only lowers intensities,
 * so none undoes the others. Proportional cuts can shrink a circle of techniques that feed each other
 * geometrically without end, so after 50 rounds the techniques that use a good in deficit are cut to
 * zero: each such round zeroes at least one (a deficit left after the investment is cut needs a running
 * net user), so at most m more rounds follow. On the peer's instances the repair changes nothing. The
 * result is feasible for the LP of plan_lp.h, and its objective is the LP's: the sum over years of the
 * smallest net / target over the products with a target. Cutting cannot make more of a good, so when the
 * plan makes less than the fixed investments need, the repair fails: the error says whether any plan can
 * make them (plan__explain_fixed), or that the heuristic's could not. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "plan_lp.h"
#include "repair.h"

#define HARMONY_TEMP         0.23          /* the peer's temperature (constant there: it never cools) */
#define HARMONY_PEER_ITER    100           /* iterations at the peer's constant temperature (all the peer runs) */
#define HARMONY_COOL         0.95          /* then the temperature falls by this factor per iteration */
#define HARMONY_CALM         5             /* stop when the harmony has been still for this many iterations in a row */
#define HARMONY_PHASE2       0.4           /* the peer's phase2adjust: scale of the reallocation step */
#define HARMONY_USEWEIGHT    5.0           /* weight of the users' marginal harmony in a non-final product's */
#define HARMONY_CAPACITY     0.98          /* the scarcest non-produced resource is used at most at this share */
#define HARMONY_ZERO_TARGET  0.02          /* harmony target of a good whose target is 0 */
#define HARMONY_OTHER_TARGET 0.03          /* harmony target of labour and stocks */
#define HARMONY_INIT         0.1           /* initial intensity, in units of year-1 capacity */
#define HARMONY_TOL          1e-6          /* relative change of total harmony to stop at */
#define HARMONY_MAX_ITER     1000          /* default iteration limit */
#define SHAVE                PLAN_SHAVE

/* The technology complex of a plan problem (see the comment at the top). */
typedef struct hcomplex {
    int64_t P, E;           /* extended products, extended techniques */
    int64_t goods, labour;  /* first index of the labour products (T n) and of the stocks (T n + T) */
    int64_t prod;           /* production techniques (T m); accumulation techniques follow */
    int64_t nacc;           /* accumulation techniques */
    ogas_csr out, in;       /* E x P: what each technique makes and uses per unit of intensity */
    ogas_csr outT, inT;     /* P x E: the makers and the users of each product */
    double *res;            /* P: resources (labour supply, depreciated initial stocks and fixed investments) */
    double *use;            /* P: fixed uses (the fixed investments of each good and year) */
    double *tgt;            /* P: harmony targets */
    unsigned char *nonprod; /* P: 1 for labour and year-1 stocks */
    int64_t *acc_cell;      /* nacc: the cell of each accumulation technique */
    int *acc_year;          /* nacc: its year */
} hcomplex;

/* Frees h. */
static void hc_free(hcomplex *h)
{
    ogas_csr_free(&h->out);
    ogas_csr_free(&h->in);
    ogas_csr_free(&h->outT);
    ogas_csr_free(&h->inT);
    ogas_free(h->res);
    ogas_free(h->use);
    ogas_free(h->tgt);
    ogas_free(h->nonprod);
    ogas_free(h->acc_cell);
    ogas_free(h->acc_year);
    memset(h, 0, sizeof *h);
}

/* Lag of capital good i. */
static int good_lag(const ogas_plan_problem *p, int64_t i)
{
    return p->lag ? p->lag[i] : 1;
}

/* h := the technology complex of p; cell_good[c] := the good of capital cell c. */
static ogas_status hc_build(const ogas_plan_problem *p, const int64_t *cell_good, hcomplex *h, ogas_error *err)
{
    int64_t n = p->n, m = p->m, ncap = ogas_csr_nnz(&p->capital);
    int T = p->T;
    ogas_triplet To = {0}, Ti = {0};
    ogas_status rc = OGAS_OK;
    int64_t a = 0;

    memset(h, 0, sizeof *h);
    h->goods = (int64_t)T * n;
    h->labour = h->goods + T;
    h->P = h->labour + (int64_t)T * ncap;
    h->prod = (int64_t)T * m;
    for (int64_t c = 0; c < ncap; c++) {
        int lag = good_lag(p, cell_good[c]);
        if (lag < T) h->nacc += T - lag;
    }
    h->E = h->prod + h->nacc;
    if (h->P > OGAS_MAX_DIM || h->E > OGAS_MAX_DIM)
        return ogas_error_set(err, OGAS_ETOOBIG,
                              "the harmony planner's complex has %lld products and %lld techniques: beyond %lld",
                              (long long)h->P, (long long)h->E, (long long)OGAS_MAX_DIM);
    h->res = ogas_calloc((size_t)h->P, sizeof *h->res);
    h->use = ogas_calloc((size_t)h->P, sizeof *h->use);
    h->tgt = ogas_mallocarray((size_t)h->P, sizeof *h->tgt);
    h->nonprod = ogas_calloc((size_t)h->P, 1);
    h->acc_cell = ogas_mallocarray((size_t)h->nacc + 1, sizeof *h->acc_cell);
    h->acc_year = ogas_mallocarray((size_t)h->nacc + 1, sizeof *h->acc_year);
    if (!h->res || !h->use || !h->tgt || !h->nonprod || !h->acc_cell || !h->acc_year) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the harmony planner");
        goto done;
    }
    /* products */
    for (int64_t q = 0; q < h->goods; q++) h->tgt[q] = p->target[q] > 0 ? p->target[q] : HARMONY_ZERO_TARGET;
    for (int y = 0; y < T; y++) {
        h->res[h->goods + y] = p->labour_supply[y];
        h->tgt[h->goods + y] = HARMONY_OTHER_TARGET;
        h->nonprod[h->goods + y] = 1;
    }
    for (int64_t c = 0; c < ncap; c++) {
        double s = p->stock0.x[c];
        for (int y = 0; y < T; y++) {
            int64_t q = h->labour + (int64_t)y * ncap + c;
            h->res[q] = s;
            h->tgt[q] = HARMONY_OTHER_TARGET;
            h->nonprod[q] = y == 0;
            s *= 1.0 - p->dep.x[c];
        }
    }
    /* fixed investments: used in their year, stock (as an accumulation would install it) from y + lag */
    for (int y = 0; p->fixed && y < T; y++)
        for (int64_t c = 0; c < ncap; c++) {
            double f = p->fixed[(int64_t)y * ncap + c], keep = 1.0;
            if (!(f > 0)) continue;
            h->use[(int64_t)y * n + cell_good[c]] += f;
            for (int t = y + good_lag(p, cell_good[c]); t < T && keep > 0; t++, keep *= 1.0 - p->dep.x[c])
                h->res[h->labour + (int64_t)t * ncap + c] += keep * f;
        }
    /* techniques: production, year by year, from the problem's matrices (rows = products) */
    if ((rc = ogas_triplet_init(&To, h->E, h->P, (int64_t)T * ogas_csr_nnz(&p->output) + h->nacc * T + 1, err)) ||
        (rc = ogas_triplet_init(&Ti, h->E, h->P, (int64_t)T * (ogas_csr_nnz(&p->input) + m + ncap) + h->nacc + 1, err)))
        goto done;
    for (int y = 0; y < T && !rc; y++) {
        int64_t e0 = (int64_t)y * m;
        for (int64_t i = 0; i < n && !rc; i++) {
            for (int64_t q = p->output.p[i]; q < p->output.p[i + 1] && !rc; q++)
                if (p->output.x[q] > 0)
                    rc = ogas_triplet_push(&To, e0 + p->output.j[q], (int64_t)y * n + i, p->output.x[q], err);
            for (int64_t q = p->input.p[i]; q < p->input.p[i + 1] && !rc; q++)
                if (p->input.x[q] > 0)
                    rc = ogas_triplet_push(&Ti, e0 + p->input.j[q], (int64_t)y * n + i, p->input.x[q], err);
        }
        for (int64_t k = 0; k < m && !rc; k++)
            if (p->labour[k] > 0) rc = ogas_triplet_push(&Ti, e0 + k, h->goods + y, p->labour[k], err);
        for (int64_t c = 0; c < ncap && !rc; c++)
            if (p->capital.x[c] > 0)
                rc = ogas_triplet_push(&Ti, e0 + p->capital.j[c], h->labour + (int64_t)y * ncap + c, p->capital.x[c],
                                       err);
    }
    /* accumulation */
    for (int y = 0; y < T && !rc; y++)
        for (int64_t c = 0; c < ncap && !rc; c++) {
            int lag = good_lag(p, cell_good[c]);
            double keep = 1.0;
            if (y + lag >= T) continue;
            h->acc_cell[a] = c;
            h->acc_year[a] = y;
            rc = ogas_triplet_push(&Ti, h->prod + a, (int64_t)y * n + cell_good[c], 1.0, err);
            for (int t = y + lag; t < T && !rc && keep > 0; t++) {
                rc = ogas_triplet_push(&To, h->prod + a, h->labour + (int64_t)t * ncap + c, keep, err);
                keep *= 1.0 - p->dep.x[c];
            }
            a++;
        }
    if (rc) goto done;
    if ((rc = ogas_csr_from_triplet(&To, &h->out, err)) || (rc = ogas_csr_from_triplet(&Ti, &h->in, err)) ||
        (rc = ogas_csr_transpose(&h->out, &h->outT, err)) || (rc = ogas_csr_transpose(&h->in, &h->inT, err)))
        goto done;
done:
    ogas_triplet_free(&To);
    ogas_triplet_free(&Ti);
    if (rc) hc_free(h);
    return rc;
}

/* Harmony of net output x against target t. */
static double harmony(double t, double x)
{
    double s = (x - t) / t;
    return s < 0 ? s - 0.5 * s * s : log1p(s);
}

/* Derivative of harmony(t, x) with respect to x. */
static double harmony_d(double t, double x)
{
    double s = (x - t) / t;
    return s < 0 ? (1.0 - s) / t : 1.0 / (t * (1.0 + s));
}

/* The peer's sigmoid x / (1 + |x|), in (-1, 1). */
static double sigmoid(double x)
{
    return x / (1.0 + fabs(x));
}

/* 1 if technique e makes product q (a stored output entry). */
static int makes(const hcomplex *h, int64_t e, int64_t q)
{
    int64_t lo = h->out.p[e], hi = h->out.p[e + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (h->out.j[mid] < q)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < h->out.p[e + 1] && h->out.j[lo] == q;
}

/* avail := resources + made, used := used (fixed uses included), net := avail - used, for intensities s. */
static void net_output(const hcomplex *h, const double *s, double *avail, double *used, double *net)
{
    ogas_csr_spmv_add(&h->outT, s, h->res, avail);
    ogas_csr_spmv_add(&h->inT, s, h->use, used);
    for (int64_t q = 0; q < h->P; q++) net[q] = avail[q] - used[q];
}

/* dh := marginal harmony of every product at net output net: dH for goods; for labour and stocks, two
 * passes of (dH + w M) / (w + 1) with M the best gain per unit among their users (gain: work, E). */
static void derivatives(const hcomplex *h, const double *net, double *dh, double *gain)
{
    for (int64_t q = 0; q < h->P; q++) dh[q] = harmony_d(h->tgt[q], net[q]);
    for (int pass = 0; pass < 2; pass++) {
        ogas_csr_spmv(&h->out, dh, gain);
        for (int64_t q = h->goods; q < h->P; q++) {
            double best = -HUGE_VAL;
            for (int64_t r = h->inT.p[q]; r < h->inT.p[q + 1]; r++) {
                double v = gain[h->inT.j[r]] / h->inT.x[r];
                if (v > best) best = v;
            }
            if (best == -HUGE_VAL) best = 0.0; /* no user: nothing to weigh (the peer's -1e22 is unused) */
            dh[q] = (dh[q] + HARMONY_USEWEIGHT * best) / (HARMONY_USEWEIGHT + 1.0);
        }
    }
}

/* Scales s so that the most used non-produced resource is used at HARMONY_CAPACITY, then shrinks the
 * users of products in deficit (work: avail, used, net of P; shrink of E). */
static void rescale(const hcomplex *h, double *s, double *avail, double *used, double *net, double *shrink)
{
    double maxfrac = 0.0;
    int deficit = 0;
    net_output(h, s, avail, used, net);
    for (int64_t q = 0; q < h->P; q++)
        if (h->nonprod[q] && h->res[q] > 0) {
            double f = used[q] / h->res[q];
            if (f > maxfrac) maxfrac = f;
        }
    if (maxfrac > 0) {
        ogas_vec_scale(h->E, HARMONY_CAPACITY / maxfrac, s);
        net_output(h, s, avail, used, net);
    }
    for (int64_t q = 0; q < h->P && !deficit; q++) deficit = net[q] < 0;
    if (!deficit) return;
    ogas_vec_fill(h->E, 1.0, shrink);
    for (int64_t q = 0; q < h->P; q++) {
        double ratio;
        if (!(net[q] < 0)) continue;
        ratio = HARMONY_CAPACITY * avail[q] / used[q];
        for (int64_t r = h->inT.p[q]; r < h->inT.p[q + 1]; r++) {
            int64_t e = h->inT.j[r];
            if (ratio < shrink[e] && !makes(h, e, q)) shrink[e] = ratio;
        }
    }
    for (int64_t e = 0; e < h->E; e++) s[e] *= shrink[e];
}

/* Total harmony of the goods (the peer's "totalharmony"). */
static double total_harmony(const hcomplex *h, const double *net)
{
    double sum = 0.0;
    for (int64_t q = 0; q < h->goods; q++) sum += harmony(h->tgt[q], net[q]);
    return sum;
}

/* Workspace of the iterations. */
typedef struct hwork {
    double *avail, *used, *net, *hq, *dh; /* P */
    double *gain, *cost, *fac;            /* E */
} hwork;

/* One iteration of the harmony method on s at temperature temp; w->net holds the net output of s on entry
 * and on exit. */
static void iterate(const hcomplex *h, double *s, hwork *w, double temp)
{
    double mean = 0.0;
    int64_t cnt = 0;
    /* 1. equalise harmony of the final goods around the mean harmony of the produced products */
    for (int64_t q = 0; q < h->P; q++) {
        w->hq[q] = harmony(h->tgt[q], w->net[q]);
        if (!h->nonprod[q]) {
            mean += w->hq[q];
            cnt++;
        }
    }
    mean = cnt ? mean / (double)cnt : 0.0;
    derivatives(h, w->net, w->dh, w->gain);
    ogas_vec_fill(h->E, 1.0, w->fac);
    for (int64_t q = 0; q < h->goods; q++) {
        double x = temp * (w->hq[q] - mean) / w->dh[q], fc;
        x /= w->net[q] == 0 ? 1.0 : w->net[q];
        fc = sigmoid(x);
        for (int64_t r = h->outT.p[q]; r < h->outT.p[q + 1]; r++) w->fac[h->outT.j[r]] *= 1.0 - fc;
    }
    for (int64_t e = 0; e < h->E; e++) s[e] *= w->fac[e];
    /* 2. reallocate towards the techniques with the highest rate of harmony gain */
    net_output(h, s, w->avail, w->used, w->net);
    derivatives(h, w->net, w->dh, w->gain);
    ogas_csr_spmv(&h->out, w->dh, w->gain);
    ogas_csr_spmv(&h->in, w->dh, w->cost);
    for (int64_t e = 0; e < h->E; e++) {
        double rate = w->cost[e] > 0 ? (w->gain[e] - w->cost[e]) / w->cost[e] : (w->gain[e] > 0 ? HUGE_VAL : 0.0);
        double sg = isinf(rate) ? 1.0 : sigmoid(rate);
        s[e] *= 1.0 + sg * temp * HARMONY_PHASE2;
    }
    /* 3. within the resources; intensities that have shrunk below the normal doubles are nil (subnormal
     * arithmetic is slow, and a plan that collapses would crawl through them) */
    rescale(h, s, w->avail, w->used, w->net, w->fac);
    for (int64_t e = 0; e < h->E; e++)
        if (s[e] < DBL_MIN) s[e] = 0.0;
    net_output(h, s, w->avail, w->used, w->net);
}

/* plan := Cockshott and Cottrell's harmony plan of p. */
ogas_status ogas_plan_harmony(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan, ogas_error *err)
{
    hcomplex h = {0};
    hwork w = {0};
    double *s = NULL, *base = NULL, *I = NULL, *K = NULL, *inv = NULL, *pos = NULL, *neg = NULL, *shrink = NULL;
    int64_t *cell_good = NULL;
    int64_t n, m, ncap, maxit, it = 0;
    double t0 = ogas_now(), H0, H1;
    int T, calm = 0;
    ogas_status rc;

    memset(plan, 0, sizeof *plan);
    plan->bound_lower = -HUGE_VAL;
    plan->bound_upper = HUGE_VAL;
    snprintf(plan->method, sizeof plan->method, "harmony");
    rc = ogas_plan_problem_check(p, err);
    if (rc) return rc;
    n = p->n;
    m = p->m;
    T = p->T;
    ncap = ogas_csr_nnz(&p->capital);
    maxit = o && o->max_iter > 0 ? o->max_iter : HARMONY_MAX_ITER;
    cell_good = ogas_mallocarray((size_t)ncap + 1, sizeof *cell_good);
    if (!cell_good) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the harmony planner");
        goto done;
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) cell_good[c] = i;
    rc = hc_build(p, cell_good, &h, err);
    if (rc) goto done;
    s = ogas_calloc((size_t)h.E + 1, sizeof *s);
    base = ogas_mallocarray((size_t)m + 1, sizeof *base);
    w.avail = ogas_mallocarray((size_t)h.P, sizeof *w.avail);
    w.used = ogas_mallocarray((size_t)h.P, sizeof *w.used);
    w.net = ogas_mallocarray((size_t)h.P, sizeof *w.net);
    w.hq = ogas_mallocarray((size_t)h.P, sizeof *w.hq);
    w.dh = ogas_mallocarray((size_t)h.P, sizeof *w.dh);
    w.gain = ogas_mallocarray((size_t)h.E + 1, sizeof *w.gain);
    w.cost = ogas_mallocarray((size_t)h.E + 1, sizeof *w.cost);
    w.fac = ogas_mallocarray((size_t)h.E + 1, sizeof *w.fac);
    I = ogas_calloc((size_t)T * (size_t)ncap + 1, sizeof *I);
    K = ogas_calloc((size_t)T * (size_t)ncap + 1, sizeof *K);
    inv = ogas_mallocarray((size_t)n + 1, sizeof *inv);
    pos = ogas_mallocarray((size_t)n + 1, sizeof *pos);
    neg = ogas_mallocarray((size_t)n + 1, sizeof *neg);
    shrink = ogas_mallocarray((size_t)m + 1, sizeof *shrink);
    if (!s || !base || !w.avail || !w.used || !w.net || !w.hq || !w.dh || !w.gain || !w.cost || !w.fac || !I || !K ||
        !inv || !pos || !neg || !shrink) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the harmony planner");
        goto done;
    }

    /* start: HARMONY_INIT of each technique's year-1 capacity (cells with no stock left out; without any,
     * the intensity that alone makes its largest year-1 target, or 1) in every year, except where a
     * resource it needs is nil; HARMONY_INIT of every accumulation */
    for (int64_t k = 0; k < m; k++) {
        base[k] = HUGE_VAL;
        shrink[k] = 0.0; /* here: the fallback from the targets */
    }
    for (int64_t c = 0; c < ncap; c++) {
        int64_t k = p->capital.j[c];
        if (p->capital.x[c] > 0 && p->stock0.x[c] > 0 && p->stock0.x[c] / p->capital.x[c] < base[k])
            base[k] = p->stock0.x[c] / p->capital.x[c];
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t q = p->output.p[i]; q < p->output.p[i + 1]; q++)
            if (p->output.x[q] > 0 && p->target[i] / p->output.x[q] > shrink[p->output.j[q]])
                shrink[p->output.j[q]] = p->target[i] / p->output.x[q];
    for (int64_t k = 0; k < m; k++)
        if (base[k] == HUGE_VAL) base[k] = shrink[k] > 0 ? shrink[k] : 1.0;
    for (int y = 0; y < T; y++)
        for (int64_t k = 0; k < m; k++) s[(int64_t)y * m + k] = HARMONY_INIT * base[k];
    for (int64_t e = h.prod; e < h.E; e++) s[e] = HARMONY_INIT;
    for (int64_t q = 0; q < h.P; q++)
        if (h.nonprod[q] && !(h.res[q] > 0))
            for (int64_t r = h.inT.p[q]; r < h.inT.p[q + 1]; r++) s[h.inT.j[r]] = 0.0;
    rescale(&h, s, w.avail, w.used, w.net, w.fac);
    net_output(&h, s, w.avail, w.used, w.net);
    H0 = total_harmony(&h, w.net);

    /* iterate to convergence */
    while (it < maxit) {
        double temp =
            HARMONY_TEMP * (it < HARMONY_PEER_ITER ? 1.0 : pow(HARMONY_COOL, (double)(it + 1 - HARMONY_PEER_ITER)));
        iterate(&h, s, &w, temp);
        it++;
        H1 = total_harmony(&h, w.net);
        if (o && o->progress) o->progress(o->progress_ud, "harmony", it, -HUGE_VAL, HUGE_VAL);
        calm = fabs(H1 - H0) <= HARMONY_TOL * fmax(1.0, fabs(H1)) ? calm + 1 : 0;
        if (calm >= HARMONY_CALM) break;
        H0 = H1;
        if (o && o->max_seconds > 0 && ogas_now() - t0 > o->max_seconds) break;
    }

    /* the plan, repaired year by year */
    if ((rc = plan__alloc(plan, T, n, m, ncap, 0, err))) goto done;
    for (int64_t a = 0; a < h.nacc; a++) I[(int64_t)h.acc_year[a] * ncap + h.acc_cell[a]] = s[h.prod + a];
    plan->objective = 0.0;
    for (int y = 0; y < T; y++) {
        double *sy = plan->intensity + (int64_t)y * m, *Ky = K + (int64_t)y * ncap, *Iy = I + (int64_t)y * ncap;
        double *net = plan->net + (int64_t)y * n, *iv = plan->invest + (int64_t)y * n;
        const double *tg = p->target + (int64_t)y * n;
        double phi = HUGE_VAL;
        memcpy(sy, s + (int64_t)y * m, (size_t)m * sizeof *sy);
        const double *fix = p->fixed ? h.use + (int64_t)y * n : NULL;
        for (int64_t c = 0; c < ncap; c++) {
            int lag = good_lag(p, cell_good[c]);
            Ky[c] = y == 0 ? p->stock0.x[c]
                           : (1.0 - p->dep.x[c]) * K[(int64_t)(y - 1) * ncap + c] +
                                 (y >= lag ? I[(int64_t)(y - lag) * ncap + c] + plan__fixed_at(p, y - lag, c, ncap) : 0.0);
        }
        if (!plan__repair_year(p, y, Ky, fix, sy, Iy, inv, net, pos, neg, shrink)) {
            char why[1200];
            double theta = plan__explain_fixed(p, why, sizeof why);
            int64_t short_ = 0;
            for (int64_t i = 0; i < n; i++)
                if (net[i] < net[short_]) short_ = i;
            if (theta >= 0 && why[0])
                rc = ogas_error_set(err, OGAS_EINFEASIBLE, "the plan is infeasible: the fixed investments cannot all be made: %s", why);
            else
                rc = ogas_error_set(err, OGAS_EINFEASIBLE,
                                    "harmony's plan makes too little for the fixed investments of year %d (short of %s by "
                                    "%.6g), though some plan can make them (try --method lp)",
                                    y + 1, ogas_plan_product_name(p, short_, why, sizeof why), -net[short_]);
            plan->status = OGAS_PLAN_INFEASIBLE;
            goto done;
        }
        for (int64_t i = 0; i < n; i++) {
            iv[i] = 0.0;
            for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) iv[i] += Iy[c];
        }
        plan__year_net(p, sy, iv, net, NULL, NULL);
        if (fix) /* the plan's investment by good, and net output, with the fixed investments */
            for (int64_t i = 0; i < n; i++) {
                iv[i] += fix[i];
                net[i] -= fix[i];
            }
        ogas_csr_spmv(&p->output, sy, plan->gross + (int64_t)y * n);
        memcpy(plan->stock + (int64_t)y * ncap, Ky, (size_t)ncap * sizeof *Ky);
        plan->labour_used[y] = ogas_vec_dot(m, p->labour, sy);
        for (int64_t i = 0; i < n; i++)
            if (tg[i] > 0 && net[i] / tg[i] < phi) phi = net[i] / tg[i];
        plan->phi[y] = phi == HUGE_VAL ? 0.0 : phi;
        if (p->weight) { /* the weighted objective of the LP (ogas/plan.h) */
            double sw = 0.0, sf = 0.0;
            for (int64_t i = 0; i < n; i++)
                if (tg[i] > 0) {
                    sw += p->weight[i];
                    sf += p->weight[i] * fmin(1.0, net[i] / tg[i]);
                }
            plan->phi[y] = sw > 0 ? sf / sw : 0.0;
        }
        plan->objective += plan->phi[y];
    }
    plan->status = OGAS_PLAN_FEASIBLE;
    plan->iterations = it;
    plan->seconds = ogas_now() - t0;
done:
    if (rc) { /* nothing but the status and the method is left */
        ogas_plan_status st = plan->status;
        ogas_plan_free(plan);
        plan->status = st;
        snprintf(plan->method, sizeof plan->method, "harmony");
    }
    hc_free(&h);
    ogas_free(cell_good);
    ogas_free(s);
    ogas_free(base);
    ogas_free(w.avail);
    ogas_free(w.used);
    ogas_free(w.net);
    ogas_free(w.hq);
    ogas_free(w.dh);
    ogas_free(w.gain);
    ogas_free(w.cost);
    ogas_free(w.fac);
    ogas_free(I);
    ogas_free(K);
    ogas_free(inv);
    ogas_free(pos);
    ogas_free(neg);
    ogas_free(shrink);
    return rc;
}
