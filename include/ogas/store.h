/* ogas/store.h: the store (one SQLite database) and its audit log.
 *
 * Everything ogas computes can be stored as a *run*: what was computed (balance, plan, budget,
 * simulation), from which input files (their bytes, content-addressed by SHA-256) and options, and every
 * number of the result. Each run is written in one transaction together with one audit record; the
 * records are chained by SHA-256 (each holds the hash of the one before, of the run's inputs and of its
 * results), so a stored number changed afterwards, or a record removed or rewritten, is found by
 * ogas_store_verify, which also recomputes every run from its stored inputs.
 *
 * The database: WAL journal, foreign keys on, synchronous=FULL (a committed run survives a crash or
 * SIGKILL), schema version in PRAGMA user_version, migrated forwards on open; prepared statements only.
 * docs/store.md describes the schema. */
#ifndef OGAS_STORE_H
#define OGAS_STORE_H

#include <stdint.h>

#include "ogas/balance.h"
#include "ogas/budget.h"
#include "ogas/council.h"
#include "ogas/distribution.h"
#include "ogas/economy.h"
#include "ogas/error.h"
#include "ogas/plan.h"

#define OGAS_STORE_SCHEMA 3 /* the schema version this library writes */

typedef struct ogas_store ogas_store; /* an open database */

/* s := the database at path, created if create is set (else it must exist), migrated to
 * OGAS_STORE_SCHEMA. Refuses a database of a newer schema. */
ogas_status ogas_store_open(const char *path, int create, ogas_store **s, ogas_error *err);
/* Closes s (NULL is a no-op). */
void ogas_store_close(ogas_store *s);
/* The schema version of the open database. */
int ogas_store_schema(const ogas_store *s);

typedef enum ogas_run_kind {
    OGAS_RUN_BALANCE,    /* an economy imported and balanced (ogas leontief) */
    OGAS_RUN_PLAN,       /* a plan computed (ogas plan) */
    OGAS_RUN_BUDGET,     /* a participatory budget decided (ogas budget) */
    OGAS_RUN_SIMULATION  /* a distribution simulation (ogas simulate) */
} ogas_run_kind;
/* "balance", "plan", "budget", "simulation"; NULL for an unknown kind. */
const char *ogas_run_kind_name(ogas_run_kind k);

/* One input file of a run: role is the option it was given as ("table", "labour", "weights", or
 * "dir/NAME" for the files of a plan folder), path where it is read from now. */
typedef struct ogas_store_file {
    const char *role;
    const char *path;
} ogas_store_file;

/* One stored number: series ("phi", "output", ...), its index in the series, a label for people ("year 2",
 * a product code) and the value. */
typedef struct ogas_store_value {
    char *series;
    int64_t idx;
    char *label;
    double value;
} ogas_store_value;

/* A list of stored numbers (what a run computed). Plain struct; ogas_store_values_free releases it. */
typedef struct ogas_store_values {
    int64_t n, cap;
    ogas_store_value *v;
} ogas_store_values;
/* Appends (series, idx, label, value) to vs. */
ogas_status ogas_store_values_add(ogas_store_values *vs, const char *series, int64_t idx, const char *label,
                                  double value, ogas_error *err);
void ogas_store_values_free(ogas_store_values *vs);

/* The description of a run: kind, a name for people, the options that decide its result as
 * "key=value" lines (file options name the file's role), and who asked for it. */
typedef struct ogas_store_run {
    ogas_run_kind kind;
    const char *name;
    const char *args;
    const char *actor;
    int64_t nfiles;
    const ogas_store_file *files;
} ogas_store_run;

/* Stores run r with its result values and one audit record ("<kind> computed"), in one transaction;
 * *id := the run's id, *seq := the audit record's number (either may be NULL). */
ogas_status ogas_store_put(ogas_store *s, const ogas_store_run *r, const ogas_store_values *vs, int64_t *id,
                           int64_t *seq, ogas_error *err);

/* Records that plan run id is adopted by actor (an audit record "plan adopted"). Refuses a run that is
 * not a plan or is adopted already. */
ogas_status ogas_store_adopt(ogas_store *s, int64_t id, const char *actor, int64_t *seq, ogas_error *err);

/* One record of the audit log. Plain struct of fixed-size fields. */
typedef struct ogas_audit_record {
    int64_t seq;
    char time[32];         /* UTC, ISO 8601 */
    char actor[128];
    char action[48];       /* "plan computed", "plan adopted", ... */
    char subject[64];      /* "plan 3" */
    char detail[256];      /* the run's name, or what was done */
    char inputs_hash[65];  /* hex SHA-256 of the run's inputs (files and options) */
    char results_hash[65]; /* hex SHA-256 of the run's results */
    char prev_hash[65];    /* the previous record's hash (64 zeros for the first) */
    char hash[65];         /* SHA-256 of this record's fields and prev_hash */
} ogas_audit_record;

/* Calls fn(rec, ud) for each audit record from seq from on, in order, until fn returns non-zero. */
ogas_status ogas_store_audit(ogas_store *s, int64_t from, int (*fn)(const ogas_audit_record *rec, void *ud), void *ud,
                             ogas_error *err);

/* A run as stored: its description, its files' bytes and its values. ogas_store_loaded_free releases it. */
typedef struct ogas_store_loaded {
    int64_t id;
    ogas_run_kind kind;
    char *name, *args, *actor, *created;
    int64_t seq;           /* its audit record */
    int adopted;           /* plans: adopted */
    int64_t nfiles;
    char **role, **fname;  /* [nfiles] role and original file name */
    char **sha256;         /* [nfiles] hex */
    unsigned char **bytes; /* [nfiles] contents */
    int64_t *size;         /* [nfiles] */
    ogas_store_values values;
} ogas_store_loaded;
/* r := run id with its files and values (ENOTFOUND when there is none). */
ogas_status ogas_store_load(ogas_store *s, int64_t id, ogas_store_loaded *r, ogas_error *err);
void ogas_store_loaded_free(ogas_store_loaded *r);
/* ids := the ids of all runs (of kind k, or of every kind when k < 0), in order; *n := how many. */
ogas_status ogas_store_runs(ogas_store *s, int k, int64_t **ids, int64_t *n, ogas_error *err);

/* buf := where ogas_store_verify writes run r's file of this role under dir: dir/ROLE/NAME, or for the
 * files of a plan folder (roles "dir/NAME") the folder dir/dir itself when role is "dir". NULL when r has
 * no such file. */
const char *ogas_store_file_path(const ogas_store_loaded *r, const char *dir, const char *role, char *buf, size_t n);
/* The value of key in args ("key=value" lines), copied into buf; NULL when absent. */
const char *ogas_store_arg(const char *args, const char *key, char *buf, size_t n);

/* Recomputes a stored run from its inputs: writes its files into dir (which exists and is empty) and
 * fills vs with what the run computes now. One function per kind, given to ogas_store_verify. */
typedef ogas_status (*ogas_store_recompute_fn)(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs,
                                               ogas_error *err);

/* What ogas_store_verify found. */
typedef struct ogas_verify_report {
    int64_t records;       /* audit records walked */
    int64_t runs;          /* runs checked */
    int64_t recomputed;    /* runs recomputed and found equal */
    int64_t problems;      /* problems found (0: the store is intact) */
    int64_t first_broken;  /* the first audit record whose hash or link is wrong (0: none) */
} ogas_verify_report;

/* Checks s: SQLite's integrity check; the audit chain (each record's hash recomputed, each link to the
 * one before); each run's inputs and results against the hashes its audit record holds; and, when
 * recompute[kind] is set, each run recomputed in a fresh folder under scratch and its numbers compared with
 * the stored ones (relative tolerance tol[kind]). Each problem is reported to fn(message, ud) in words,
 * naming the record, run and number. Returns OGAS_OK when it could check (problems or not: see
 * rep->problems). */
ogas_status ogas_store_verify(ogas_store *s, const ogas_store_recompute_fn recompute[4], const double tol[4],
                              const char *scratch, void (*fn)(const char *message, void *ud), void *ud,
                              ogas_verify_report *rep, ogas_error *err);

/* The numbers each kind of run stores, added to vs (labels name years and products for people):
 * balance: output, multiplier, labour_value per product; plan: objective, phi, labour_used and
 * labour_price per year, gross, net, invest and price per year and product (index y * n + i), and
 * capacity_price of the capital cells whose capacity binds (positive shadow price; index y * ncap + c,
 * labelled "year Y GOOD in INDUSTRY"); budget:
 * selected (position -> cost, labelled by project id), votes and score per project, cost and budget, and
 * when the result was run with explain, each round k (labelled by its project): round_action
 * (ogas_budget_action), round_score, round_price (equal shares, Phragmen) and round_spent. */
ogas_status ogas_store_values_balance(const ogas_economy *e, const ogas_balance *b, ogas_store_values *vs,
                                      ogas_error *err);
ogas_status ogas_store_values_plan(const ogas_plan_problem *p, const ogas_plan *plan, ogas_store_values *vs,
                                   ogas_error *err);
ogas_status ogas_store_values_budget(const ogas_pb *pb, const ogas_budget_result *r, ogas_store_values *vs,
                                     ogas_error *err);
/* simulation: per regime run ("administered." or "feedback." before each series): the summary's
 * measures (series "<regime>.summary", labelled by measure), and per month queue_length, unmet_share,
 * forced_saving_share, administered_share, consumption_gini, plan_fulfilment, price_ratio (index month - 1),
 * and conserved (1 or 0). */
ogas_status ogas_store_values_simulation(const ogas_scenario *sc, const ogas_sim_result res[2], ogas_store_values *vs,
                                         ogas_error *err);

/* The recomputation of each kind of run from its stored files and options (the option keys are those of
 * the ogas commands that store them: docs/store.md), and the relative tolerance its numbers are compared
 * with: balance 1e-9, plan 1e-6 (simplex and PDLP answers are reproducible on one build; another build
 * may find another optimal vertex), budget exact, simulation 1e-9 (deterministic for a seed on any number of threads). */
extern const ogas_store_recompute_fn ogas_store_recompute[4];
extern const double ogas_store_tolerance[4];

/* The council registry kept in the store: one row per event (its registry text line), each with an audit
 * record ("council <action>", subject "council <id>", actor the event's who; inputs_hash the hash of the
 * line, results_hash the hash of the registry text up to and including it). */
/* r := the registry the stored events replay to (an empty one when there are none); *count := events. */
ogas_status ogas_store_councils_load(ogas_store *s, ogas_council_registry **r, int64_t *count, ogas_error *err);
/* Appends r's events after its first count (those loaded) to the store with their audit records, in one
 * transaction. Refuses (EINVAL) when the store holds other than count events now: someone changed the
 * registry since it was loaded. */
ogas_status ogas_store_councils_save(ogas_store *s, const ogas_council_registry *r, int64_t count, ogas_error *err);
/* The same inside a transaction the caller holds (for the callbacks of ogas/civic.h). */
ogas_status ogas_store_councils_append(ogas_store *s, const ogas_council_registry *r, int64_t count, ogas_error *err);

/* Computes a plan from stored run `from`: a plan (its problem solved again) or a balance whose table is
 * a file (the table made into a plan, as ogas plan TABLE does), with the options in opts ("key=value"
 * lines: method (lp, pdlp, harmony), gap, max-iter, max-seconds, min-fulfilment, and from a balance years,
 * capital-ratio, depreciation, growth, labour-growth), and stores it as a new plan run with the same files
 * and its audit record, for actor. scratch: an existing folder for the files while it computes.
 * *id, *seq := the new run and its record (either may be NULL). */
ogas_status ogas_store_plan_from(ogas_store *s, int64_t from, const char *opts, const char *actor, const char *scratch,
                                 int64_t *id, int64_t *seq, ogas_error *err);

/* hex := SHA-256 of the n bytes at p, in 64 lowercase hex digits and a NUL. */
void ogas_sha256_hex(const void *p, size_t n, char hex[65]);

#endif
