/* cli.h: what the subcommands of the ogas program share: option tables, progress, JSON output. */
#ifndef OGAS_CLI_H
#define OGAS_CLI_H

#include <stdio.h>

#include "ogas/ogas.h"

/* One command-line option. Options are "--name value", "--name=value" or "--flag". */
typedef struct cli_opt {
    const char *name;    /* without the leading "--" */
    const char *metavar; /* NULL for a flag */
    const char *help;    /* one line */
    const char *value;   /* parsed value (flags: "1"), NULL when absent */
} cli_opt;

/* A subcommand: its table row drives dispatch and `ogas --help`. */
typedef struct cli_command {
    const char *name;
    const char *args;    /* positional arguments, for the usage line */
    const char *summary; /* one line */
    int (*run)(int argc, char **argv);
} cli_command;

/* Parses argv[1..argc) of command cmd into opts (terminated by a NULL name) and positional arguments
 * (into pos, at most maxpos, count into *npos). Prints usage and returns 2 on a bad option; returns 1
 * after printing help for --help; 0 otherwise. */
int cli_parse(const char *cmd, const char *args, const char *summary, int argc, char **argv, cli_opt *opts,
              const char **pos, int maxpos, int *npos);
/* Value of option name, or NULL. */
const char *cli_get(const cli_opt *opts, const char *name);
/* Parses a number option; prints an error and returns 0 if it is not one. */
int cli_number(const char *cmd, const char *name, const char *s, double lo, double hi, double *out);
/* Makes the output folder dir unless it exists (an error naming it when it cannot). */
ogas_status cli_mkdir(const char *dir, ogas_error *err);

/* The exit status of the ogas programs for an error code: 0 ok, 2 bad argument, 3 invalid input, 4
 * input/output, 5 memory or too big, 6 not productive or singular, 7 no convergence, 1 any other. */
int cli_exit_status(ogas_status code);
/* Prints "ogas CMD: file:line:col: message" for err to stderr; returns the exit status for its code. */
int cli_fail(const char *cmd, const ogas_error *err);

/* Progress on stderr when it is a terminal and not quiet. */
typedef struct cli_progress {
    int on;         /* showing progress */
    double last;    /* time of the last update */
    double start;   /* time the task started */
} cli_progress;
void cli_progress_init(cli_progress *p, int quiet);
/* Solve progress hook (ogas_solve_options.progress). */
void cli_progress_solve(void *ud, const char *method, int64_t iter, double relres);
/* Plan progress hook (ogas_plan_options.progress). */
void cli_progress_plan(void *ud, const char *method, int64_t iter, double lower, double upper);
/* Generation progress hook. */
void cli_progress_stage(void *ud, const char *stage, double fraction);
/* Clears the progress line. */
void cli_progress_done(cli_progress *p);

/* Minimal JSON writer to a FILE: keeps track of commas. */
typedef struct cli_json {
    FILE *fp;
    int depth;
    int first[32]; /* no member written yet at this depth */
} cli_json;
void cli_json_begin(cli_json *j, FILE *fp);
void cli_json_object(cli_json *j, const char *key); /* key NULL inside arrays / at top */
void cli_json_array(cli_json *j, const char *key);
void cli_json_end_object(cli_json *j);
void cli_json_end_array(cli_json *j);
void cli_json_string(cli_json *j, const char *key, const char *v);
void cli_json_number(cli_json *j, const char *key, double v); /* NaN and infinities written as null */
void cli_json_int(cli_json *j, const char *key, long long v);
void cli_json_bool(cli_json *j, const char *key, int v);
void cli_json_finish(cli_json *j); /* newline */

/* The options of the commands that can store what they compute. */
#define CLI_STORE_OPTS                                                                                         \
    {"db", "FILE", "store the result, its inputs and an audit record in this database (ogas db init makes one)", \
     NULL},                                                                                                    \
        {"as", "NAME", "with --db: who asks for it, for the audit log (default: local)", NULL}

/* With --db: stores a run of kind from the options named in keys that are set (as "key=value" lines;
 * flags as key=1), the options among them named in file_keys whose value is a file (as files of that
 * role), the file table (role "table", when a file) or every file of the folder table (roles "dir/NAME"),
 * every file of the folder dir too (may be NULL), and the values vs. Prints where it was stored on stderr
 * unless quiet. Returns 0, or the exit status of a failure (reported). Without --db does nothing and
 * returns 0. */
int cli_store(const char *cmd, const cli_opt *opts, ogas_run_kind kind, const char *name, const char *table,
              const char *dir, const char *const *keys, const char *const *file_keys, const ogas_store_values *vs,
              int quiet);

/* The subcommands. */
int cmd_leontief(int argc, char **argv);
int cmd_inverse(int argc, char **argv);
int cmd_supply_use(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_budget(int argc, char **argv);
int cmd_council(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);

#endif
