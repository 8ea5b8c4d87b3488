/* args.c: option parsing and help text from the option tables, and error reporting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void usage(FILE *fp, const char *cmd, const char *args, const char *summary, const cli_opt *opts)
{
    fprintf(fp, "usage: ogas %s %s [options]\n\n%s\n\noptions:\n", cmd, args, summary);
    for (const cli_opt *o = opts; o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
        fprintf(fp, "  %-26s %s\n", left, o->help);
    }
    fprintf(fp, "  %-26s %s\n", "--help", "show this help");
}

/* Parses the command line of a subcommand. */
int cli_parse(const char *cmd, const char *args, const char *summary, int argc, char **argv, cli_opt *opts,
              const char **pos, int maxpos, int *npos)
{
    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout, cmd, args, summary, opts);
            return 1;
        }
        if (strncmp(a, "--", 2) == 0 && a[2]) {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            cli_opt *o;
            for (o = opts; o->name; o++)
                if (strlen(o->name) == len && strncmp(o->name, a + 2, len) == 0) break;
            if (!o->name) {
                fprintf(stderr, "ogas %s: unknown option '%s' (see ogas %s --help)\n", cmd, a, cmd);
                return 2;
            }
            if (!o->metavar) {
                if (eq) {
                    fprintf(stderr, "ogas %s: option --%s takes no value\n", cmd, o->name);
                    return 2;
                }
                o->value = "1";
            } else if (eq) {
                o->value = eq + 1;
            } else if (i + 1 < argc) {
                o->value = argv[++i];
            } else {
                fprintf(stderr, "ogas %s: option --%s needs a value (%s)\n", cmd, o->name, o->metavar);
                return 2;
            }
            continue;
        }
        if (*npos >= maxpos) {
            fprintf(stderr, "ogas %s: unexpected argument '%s' (see ogas %s --help)\n", cmd, a, cmd);
            return 2;
        }
        pos[(*npos)++] = a;
    }
    return 0;
}

/* Value of an option. */
const char *cli_get(const cli_opt *opts, const char *name)
{
    for (; opts->name; opts++)
        if (strcmp(opts->name, name) == 0) return opts->value;
    return NULL;
}

/* *out := number in s within [lo, hi]. */
int cli_number(const char *cmd, const char *name, const char *s, double lo, double hi, double *out)
{
    double v;
    if (!ogas_parse_double(s, strlen(s), &v) || v < lo || v > hi) {
        fprintf(stderr, "ogas %s: --%s expects a number from %g to %g, not '%s'\n", cmd, name, lo, hi, s);
        return 0;
    }
    *out = v;
    return 1;
}

/* Makes the output folder dir unless it exists. */
ogas_status cli_mkdir(const char *dir, ogas_error *err)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        return ogas_error_at(err, OGAS_EIO, dir, 0, 0, "cannot create the output folder");
    return OGAS_OK;
}

/* The program's exit status for an error code (0 for OGAS_OK). */
int cli_exit_status(ogas_status code)
{
    switch (code) {
    case OGAS_OK: return 0;
    case OGAS_EARG: return 2;
    case OGAS_EINVAL: return 3;
    case OGAS_EIO: return 4;
    case OGAS_ENOMEM:
    case OGAS_ETOOBIG: return 5;
    case OGAS_ENOTPRODUCTIVE:
    case OGAS_ESINGULAR: return 6;
    case OGAS_ENOCONV: return 7;
    default: return 1;
    }
}

/* Reports err; returns the exit status. */
int cli_fail(const char *cmd, const ogas_error *err)
{
    char buf[1200];
    fprintf(stderr, "ogas %s: %s\n", cmd, ogas_error_format(err, buf, sizeof buf));
    return cli_exit_status(err->code);
}
