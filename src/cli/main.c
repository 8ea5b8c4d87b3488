/* main.c: the ogas program: dispatches to a subcommand from one table, which also makes `ogas --help`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"leontief", "TABLE", "Balance an economy: gross output, output multipliers, labour values.", cmd_leontief},
    {"inverse", "TABLE", "Write the dense Leontief inverse (I - A)^-1 of a table.", cmd_inverse},
    {"supply-use", "", "Total requirements from make and use tables (industry technology).", cmd_supply_use},
    {"generate", "", "Write a synthetic economy, plan problem or election of any size.", cmd_generate},
    {"plan", "DIR", "Compute the optimal multi-year plan with capital stocks (LP, PDLP, harmony).", cmd_plan},
    {"budget", "FILE.pb", "Decide a participatory budget: greedy, equal shares, Phragmen, max welfare.", cmd_budget},
    {"council", "ACTION FILE", "Councils and delegates: create, add members, elect, recall, list.", cmd_council},
    {"simulate", "SCENARIO", "Simulate distribution month by month under a plan: queues, shortage, feedback.", cmd_simulate},
    {"db", "ACTION DB", "The store: create it, list and show stored runs, the audit log, adopt a plan.", cmd_db},
    {"verify", "DB", "Verify a store: the audit chain, and every stored result recomputed.", cmd_verify},
    {"serve", "", "Serve a store over HTTP: the API (reads public, decisions with a token) and the dashboard.", cmd_serve},
    {"token", "ACTION DB", "Access tokens of the server: issue (printed once, stored as a hash), revoke, list.", cmd_token},
};

static void help(FILE *fp)
{
    fprintf(fp,
            "ogas %s: open planning of a socialised economy\n\n"
            "usage: ogas COMMAND [arguments] [options]\n\ncommands:\n",
            OGAS_VERSION);
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        fprintf(fp, "  %-12s %s\n", commands[k].name, commands[k].summary);
    fprintf(fp, "\n`ogas COMMAND --help` describes each command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ogas %s\n", OGAS_VERSION);
        return 0;
    }
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        if (strcmp(argv[1], commands[k].name) == 0) return commands[k].run(argc - 1, argv + 1);
    fprintf(stderr, "ogas: unknown command '%s' (see ogas --help)\n", argv[1]);
    return 2;
}
