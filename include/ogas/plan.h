/* ogas/plan.h: multi-year plans. A plan problem is a set of techniques (each turns inputs, labour and the
 * services of capital stocks into outputs, at an intensity the plan chooses), capital stocks with
 * depreciation and investment lags, labour available each year, and final-consumption targets. The plan
 * maximises fulfilment: by default Cockshott's sum over years of phi_y, where net final output of every
 * product with a target is at least phi_y times its target in year y.
 *
 * With priority weights w (problem.weight) the plan maximises instead the weighted fulfilment: each
 * product with a target gets its own fulfilment f_yi in [0, 1] (net final output >= f_yi target_yi), and
 * the objective is sum_y sum_i w_i f_yi / sum_{j with a target in year y} w_j, so that each year counts
 * up to 1, as phi_y does in Cockshott's form.
 *
 * Fixed investments (problem.fixed: projects chosen by participatory budgeting) are taken as given: their
 * goods come out of each year's output before the targets are met, and the stocks they install serve the
 * plan as any other. Net final output is what is left after all investment, fixed or planned.
 *
 * All numeric data are plain arrays and sparse matrices owned by the struct (ogas_plan_problem_free,
 * ogas_plan_free release them). */
#ifndef OGAS_PLAN_H
#define OGAS_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/economy.h"
#include "ogas/error.h"
#include "ogas/sparse.h"

/* The problem. Matrices have products as rows and techniques as columns (n x m). */
typedef struct ogas_plan_problem {
    int64_t n;          /* products */
    int64_t m;          /* techniques */
    int T;              /* years of the plan */
    char **codes;       /* n product codes */
    char **tech_names;  /* m technique names (NULL: technique k is named after product k's code) */
    ogas_csr output;    /* n x m: product i made per unit intensity of technique k (joint production allowed) */
    ogas_csr input;     /* n x m: product i used up per unit intensity of technique k */
    double *labour;     /* m: labour per unit intensity */
    ogas_csr capital;   /* n x m: stock of good i that technique k needs per unit intensity (capacity) */
    ogas_csr stock0;    /* n x m, same pattern as capital: stock installed at the start of year 1 */
    ogas_csr dep;       /* n x m, same pattern as capital: share of the stock that wears out each year */
    int *lag;           /* n: years from investing in good i to using it (>= 1); NULL = 1 for all */
    double *labour_supply; /* T: labour available each year (an upper limit) */
    double *target;     /* T x n, row-major: target net final output of product i in year y; 0 = none */
    double *weight;     /* n: priority of each product's targets, >= 0, or NULL for Cockshott's form (see below) */
    double *fixed;      /* T x ncap, row-major: investment fixed by decision (participatory budgeting's projects)
                           in capital cell c (an entry of capital, in its order) made in year y, >= 0; NULL = none.
                           It takes that much of the cell's good out of year y's net output and adds it to the
                           cell's stock from year y + lag, wearing out like other stock; the plan may invest more
                           on top. Follows capital's pattern: replacing capital drops it (see below) */
} ogas_plan_problem;

typedef enum ogas_plan_status {
    OGAS_PLAN_OPTIMAL = 0,     /* optimal to the method's tolerance */
    OGAS_PLAN_FEASIBLE,        /* a feasible plan, not proven optimal (heuristics, stopped early) */
    OGAS_PLAN_INFEASIBLE,      /* no plan meets the constraints */
    OGAS_PLAN_UNBOUNDED,       /* fulfilment can grow without limit */
    OGAS_PLAN_ITERATION_LIMIT  /* stopped at the iteration or time limit */
} ogas_plan_status;

/* "optimal", "feasible", "infeasible", "unbounded", "iteration_limit". */
const char *ogas_plan_status_name(ogas_plan_status s);

/* A plan: per year, the intensities and what follows from them. Arrays indexed [y * size + i]. */
typedef struct ogas_plan {
    ogas_plan_status status;
    int T;
    int64_t n, m, ncap;  /* products, techniques, capital cells (entries of problem.capital) */
    double objective;    /* sum of phi_y (or the weighted objective) */
    double *phi;         /* T: fulfilment of the targets in each year (with weights: the weighted mean of
                            the products' fulfilments) */
    double *intensity;   /* T x m */
    double *gross;       /* T x n: gross output */
    double *net;         /* T x n: net final output (gross - inputs - investment) */
    double *invest;      /* T x n: investment by capital good (summed over techniques), the fixed investments
                            (problem.fixed) included */
    double *stock;       /* T x ncap: capital stock of each cell, in problem.capital's order (fixed investments
                            included) */
    double *labour_used; /* T */
    double *price;       /* T x n: shadow prices of products (the plan's own valuations), or NULL */
    double *labour_price;/* T: shadow price of labour, or NULL */
    double *capacity_price; /* T x ncap: shadow price of each capital cell's capacity (what one more unit of
                               that stock would add to fulfilment), or NULL */
    double bound_lower;  /* lp, pdlp: certified bounds on the optimum (certify.c: an exactly feasible plan */
    double bound_upper;  /* and an exactly feasible dual), -HUGE_VAL / HUGE_VAL when none; harmony: none */
    int64_t iterations;
    double seconds;
    char method[16];     /* "lp", "pdlp", "harmony", "balance" */
} ogas_plan;

/* buf := product i's name for messages (its code, or "#<i+1>"); returns buf. */
const char *ogas_plan_product_name(const ogas_plan_problem *p, int64_t i, char *buf, size_t len);
/* buf := technique k's name for messages (its name, else product k's code, else "#<k+1>"); returns buf. */
const char *ogas_plan_technique_name(const ogas_plan_problem *p, int64_t k, char *buf, size_t len);
/* Releases p's arrays. */
void ogas_plan_problem_free(ogas_plan_problem *p);
/* Releases plan's arrays. */
void ogas_plan_free(ogas_plan *plan);
/* Checks p for consistency (shapes, patterns, finite nonnegative data, lags >= 1, some target, fixed
 * investments finite and >= 0); errors name the product, technique or year. */
ogas_status ogas_plan_problem_check(const ogas_plan_problem *p, ogas_error *err);

/* p := the peer planner's problem in folder dir (flows.csv, cap.csv, dep.csv, labtarg.csv): one technique
 * per product, coefficients = flow / output, capital per unit = cap / output, stocks = cap, targets and
 * labour supply from labtarg.csv. T = the number of year rows. */
ogas_status ogas_plan_read_peer(const char *dir, ogas_plan_problem *p, ogas_error *err);

/* pdlp's iteration (ogas_plan_options.pdhg). */
enum {
    OGAS_PDHG_HALPERN = 0, /* reflected restarted Halpern PDHG at a constant step (Lu and Yang 2024; cuPDLPx) */
    OGAS_PDHG_ADAPTIVE = 1 /* PDLP's adaptive steps, restarts to the average (Applegate et al. 2021) */
};

/* Options of the solvers. Zero-initialise, or ogas_plan_options_init. */
typedef struct ogas_plan_options {
    double gap;          /* pdlp: relative duality gap to stop at (default 1e-6) */
    int64_t max_iter;    /* iteration limit (0 = the method's default) */
    double max_seconds;  /* time limit (0 = none) */
    int pdhg;            /* pdlp: OGAS_PDHG_HALPERN (default) or OGAS_PDHG_ADAPTIVE */
    double max_memory;   /* pdlp: bytes it may take for its copies of the LP and its vectors, or it refuses
                            to start (OGAS_ENOMEM, saying how much it needs); 0 = the memory available */
    double min_fulfilment; /* lp, pdlp: every phi_y must reach at least this (default 0: any plan is
                              feasible); when none can, the error says which years fall short, how far
                              fulfilment can go, and what binds them */
    /* Called now and then during a solve when non-NULL (for progress displays): the method, its
     * iterations so far, and what it knows of the optimum: the objective of its best feasible plan or of
     * its iterate (lower; -HUGE_VAL when none) and a certified upper bound (upper; HUGE_VAL when none). */
    void (*progress)(void *ud, const char *method, int64_t iter, double lower, double upper);
    void *progress_ud;
} ogas_plan_options;
void ogas_plan_options_init(ogas_plan_options *o);

/* plan := the exact optimum of p by the simplex method (COIN-OR CLP). CLP's answer is checked by
 * certified bounds (bound_lower, bound_upper); when they are more than 1e-6 apart it is solved again
 * without scaling and with equilibrium scaling, and the best-certified answer kept (o->max_seconds
 * covers all the attempts). */
ogas_status ogas_plan_lp(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan, ogas_error *err);

/* plan := a feasible plan of p by material balances, without an LP: year by year the investment that
 * keeps the year's attainable fulfilment where each cell's good arrives, weighed against the year's own
 * consumption on a grid, and the year's fulfilment the largest its labour and stocks allow; the plan made
 * exactly feasible by the certificates' repair (plan->bound_lower = its objective). A few Leontief solves
 * a year: for economies too large to solve optimally as often as needed. Needs one technique per product,
 * a productive economy and no priority weights; plan->status is FEASIBLE (not proven optimal);
 * plan->iterations counts the passes of the search (about 10 T); o->max_seconds ends the search with the
 * best plan so far (after one pass at least). */
ogas_status ogas_plan_balance(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan, ogas_error *err);

/* plan := an optimum of p to the relative duality gap o->gap by restarted primal-dual hybrid gradient
 * (PDLP: Applegate et al., "Practical Large-Scale Linear Programming using Primal-Dual Hybrid Gradient",
 * NeurIPS 2021), needing only sparse matrix-vector products. Along the way the iterates are turned into
 * an exactly feasible plan (a lower bound on the optimum) and an exactly feasible dual (an upper bound);
 * plan->status is OPTIMAL when the two bounds are within o->gap of each other (relative), or the gap and
 * the primal and dual residuals of the iterate reached o->gap; ITERATION_LIMIT when stopped first;
 * INFEASIBLE or UNBOUNDED when the iterates certify it. The plan returned is the best feasible plan found
 * (its objective is the lower bound), with the feasible dual's prices; the bounds, residuals and gap
 * reached are in the info. */
typedef struct ogas_pdlp_info {
    double relative_gap;      /* |primal - dual objective| / (1 + |primal| + |dual|) */
    double primal_residual;   /* relative: ||violation of the constraints|| / (1 + ||rhs||) */
    double dual_residual;     /* relative: ||violation of dual feasibility|| / (1 + ||c||) */
    double primal_objective;
    double dual_objective;
    int64_t restarts;
    int64_t matvecs;          /* products with the constraint matrix or its transpose */
    double lower_bound;       /* fulfilment of the best exactly feasible plan found (-HUGE_VAL: none) */
    double upper_bound;       /* objective of the best exactly feasible dual found: no plan does better
                                 (HUGE_VAL: none) */
    double certified_gap;     /* (upper - lower) / max(|upper|, |lower|): the plan is at most this share
                                 below the optimum (HUGE_VAL: no bounds) */
    int64_t certificates;     /* times the bounds were computed */
} ogas_pdlp_info;
ogas_status ogas_plan_pdlp(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan,
                           ogas_pdlp_info *info, ogas_error *err);

/* The methods by name: "lp", "pdlp", "harmony", "balance". ogas_plan_method_known: 1 if method is one;
 * ogas_plan_solve: plan := p solved by the method named (NULL: lp; info: pdlp's figures, may be NULL), or
 * OGAS_EARG for an unknown name. */
int ogas_plan_method_known(const char *method);
ogas_status ogas_plan_solve(const char *method, const ogas_plan_problem *p, const ogas_plan_options *o,
                            ogas_plan *plan, ogas_pdlp_info *info, ogas_error *err);

/* plan := Cockshott and Cottrell's harmony plan (Towards a New Socialism, ch. 3): intensities raised and
 * lowered by the gradient of the harmony of net outputs against targets, H(s) = s - s^2/2 for s < 0 and
 * ln(1 + s) for s >= 0 with s = (net - target) / target, within the labour and capital available. A
 * heuristic: plan->status is FEASIBLE, and its objective (sum over years of the smallest net/target
 * ratio) can be compared with the LP's. o->max_iter limits the iterations (default 1000: the first 100 are
 * the peer's, at its constant temperature 0.23, then the temperature cools by 0.95 an iteration); it stops
 * when the total harmony has changed by at most 1e-6 relative in 5 iterations in a row. o->gap is not
 * used; price and labour_price are NULL. */
ogas_status ogas_plan_harmony(const ogas_plan_problem *p, const ogas_plan_options *o, ogas_plan *plan, ogas_error *err);

/* The native sparse format of large plan problems: a folder with manifest.txt ("key = value" lines:
 * products, techniques, years) and Matrix Market files output.mtx, input.mtx, capital.mtx, stock0.mtx,
 * dep.mtx (n x m), labour.mtx (m), labour_supply.mtx (T), target.mtx (T x n), optionally lag.mtx (n),
 * codes.csv and techniques.csv. See docs/formats.md. */
ogas_status ogas_plan_read_native(const char *dir, ogas_plan_problem *p, ogas_error *err);
ogas_status ogas_plan_write_native(const char *dir, const ogas_plan_problem *p, ogas_error *err);
/* p->weight := the priority weights in the CSV file at path: rows "code,weight" (a first row "code,weight"
 * is a header), one per product at most; products not listed get weight 0. Errors give file, line and
 * column (unknown or repeated codes, weights that are not finite numbers >= 0). */
ogas_status ogas_plan_read_weights(const char *path, ogas_plan_problem *p, ogas_error *err);
/* p := whichever format dir holds (flows.csv: the peer's; manifest.txt: native). */
ogas_status ogas_plan_read(const char *dir, ogas_plan_problem *p, ogas_error *err);

/* A plan problem from an input-output table (any layout the engine reads): each industry a technique
 * making one unit of its product from the table's coefficients and labour; generated capital: every
 * industry holds capital_ratio years of its output in capital goods, spread over the products of the
 * table's gross-fixed-capital-formation column as that column is (goods under 1% of it left out), its
 * initial stocks what its base-year output needed (so growth needs investment), wearing out at
 * `depreciation` a year, with lag 1; targets in year y: final demand other than accumulation (fixed
 * capital formation, inventories, valuables; or the columns read when demand_as_read) grown by
 * target_growth a year, from year 1; labour available: the base year's, grown by labour_growth a year. */
typedef struct ogas_plan_economy_options {
    int years;            /* default 5 */
    double capital_ratio; /* capital stock per unit of gross output (default 2.5) */
    double depreciation;  /* default 0.06 */
    double target_growth; /* default 0.02 */
    double labour_growth; /* default 0.01 */
    int demand_as_read;   /* 1: targets from the final-demand columns chosen when reading (e->demand) */
} ogas_plan_economy_options;
void ogas_plan_economy_options_init(ogas_plan_economy_options *o);
ogas_status ogas_plan_from_economy(const ogas_economy *e, const ogas_plan_economy_options *o, ogas_plan_problem *p,
                                   ogas_error *err);

/* Capital and targets for a plan made from a table, from CSV files (see docs/formats.md). Capital: a first
 * row "code,<industry codes>", then rows "<capital good>,<stocks held by each industry>": p's capital
 * becomes stock / output of the industry per unit intensity, its initial stocks these stocks, all wearing
 * out at `depreciation` a year (p's fixed investments, which were in the old capital's cells, are dropped:
 * read projects after capital). Targets: a first row "year,<product codes>", then rows "1..T,<targets>",
 * one per year of p. Unlisted products hold no capital / have no target. Errors give file, line, column. */
ogas_status ogas_plan_read_capital(const char *path, const double *output, double depreciation, ogas_plan_problem *p,
                                   ogas_error *err);
ogas_status ogas_plan_read_targets(const char *path, ogas_plan_problem *p, ogas_error *err);

/* Fixed investments from participatory budgeting: a projects file (CSV with a header naming the columns
 * project, year, good, industry and one of amount or capacity, in any order; other columns ignored), one
 * row per capital good, industry and year of a project (docs/formats.md, "Projects file"). `good` is a
 * product code, `industry` a technique's name as ogas_plan_technique_name gives it; the pair must be a
 * capital cell of p (an entry of p->capital); year in 1..T; amount (units of the good) or capacity (units
 * of the industry's intensity: amount = capacity x the cell's capital coefficient) a finite number >= 0.
 * The selected file (NULL: every project of the file is taken) is plain text, one project id a line,
 * blank lines and lines starting with '#' ignored; each id must be a project of the file, once.
 * On success p->fixed := the sum of the selected projects' amounts by year and cell (replacing any), and
 * list (may be NULL) := those rows in file order (free with ogas_plan_projects_free). On failure p and
 * list are unchanged / empty, and err gives file, line and column. */
typedef struct ogas_plan_fixed_item {
    char *project;  /* the project's id */
    int year;       /* 1..T: the year the investment is made */
    int64_t good;   /* the capital good invested (a product) */
    int64_t tech;   /* the technique (industry) whose stock it adds to */
    int64_t cell;   /* the entry of problem.capital for (good, tech) */
    double amount;  /* units of the good invested that year */
} ogas_plan_fixed_item;
typedef struct ogas_plan_projects {
    int64_t count;              /* rows */
    int64_t projects;           /* distinct projects among them */
    ogas_plan_fixed_item *item; /* count rows, in the file's order */
} ogas_plan_projects;
ogas_status ogas_plan_read_projects(const char *path, const char *selected, ogas_plan_problem *p,
                                    ogas_plan_projects *list, ogas_error *err);
/* Releases list's rows and leaves it empty. */
void ogas_plan_projects_free(ogas_plan_projects *list);

/* How ogas_plan_load makes a plan problem. Zero-initialise and call ogas_plan_load_options_init. */
typedef struct ogas_plan_load_options {
    ogas_read_options read;            /* a table: how to read it */
    ogas_plan_economy_options economy; /* a table: years, capital ratio, depreciation, growth */
    const char *capital;               /* a table: capital stocks file instead of generated ones, or NULL */
    const char *targets;               /* a table: targets file instead of growing final demand, or NULL */
    const char *weights;               /* priority weights file, or NULL */
    const char *projects;              /* fixed investments (projects file), or NULL */
    const char *selected;              /* with projects: the projects taken, or NULL for all */
} ogas_plan_load_options;
void ogas_plan_load_options_init(ogas_plan_load_options *o);
/* p := the plan problem at path: a folder (peer or native format, ogas_plan_read), or an input-output
 * table (a regular file) made into a plan with ogas_plan_from_economy, then the capital and targets files;
 * then weights; then the projects (last: they name capital cells), into proj
 * (may be NULL). note (size nnote, may be NULL) := a remark for people ("" when none): that labour is a
 * stand-in. */
ogas_status ogas_plan_load(const char *path, const ogas_plan_load_options *o, ogas_plan_problem *p,
                           ogas_plan_projects *proj, char *note, size_t nnote, ogas_error *err);

/* Realistic generated plan problems of any size: one technique per product with about `inputs` inputs
 * (power-law popularity, as the economy generator), about `capital_goods` capital goods per technique
 * drawn from a small set of capital goods used by many industries, depreciation 3-15%, lags of 1-2 years,
 * labour growing 1% a year and targets growing 2% a year from the economy's final demand. */
typedef struct ogas_plan_generate_options {
    int64_t products;
    int years;            /* default 5 */
    double inputs;        /* default 9 */
    double capital_goods; /* default 9 */
    uint64_t seed;        /* default 1 */
} ogas_plan_generate_options;
void ogas_plan_generate_options_init(ogas_plan_generate_options *o);
ogas_status ogas_plan_generate(const ogas_plan_generate_options *o, ogas_plan_problem *p, ogas_error *err);

#endif
