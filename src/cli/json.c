/* json.c: a small streaming JSON writer for the CLI's --json output. */
#include <math.h>
#include <stdio.h>

#include "cli.h"

static void quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(fp, "\\%c", c);
        else if (c == '\n') fputs("\\n", fp);
        else if (c == '\t') fputs("\\t", fp);
        else if (c < 0x20) fprintf(fp, "\\u%04x", c);
        else fputc(c, fp);
    }
    fputc('"', fp);
}

static void member(cli_json *j, const char *key)
{
    if (!j->first[j->depth]) fputc(',', j->fp);
    j->first[j->depth] = 0;
    if (key) {
        quoted(j->fp, key);
        fputc(':', j->fp);
    }
}

void cli_json_begin(cli_json *j, FILE *fp)
{
    j->fp = fp;
    j->depth = 0;
    j->first[0] = 1;
}

void cli_json_object(cli_json *j, const char *key)
{
    member(j, key);
    fputc('{', j->fp);
    j->first[++j->depth] = 1;
}

void cli_json_array(cli_json *j, const char *key)
{
    member(j, key);
    fputc('[', j->fp);
    j->first[++j->depth] = 1;
}

void cli_json_end_object(cli_json *j)
{
    fputc('}', j->fp);
    j->depth--;
}

void cli_json_end_array(cli_json *j)
{
    fputc(']', j->fp);
    j->depth--;
}

void cli_json_string(cli_json *j, const char *key, const char *v)
{
    member(j, key);
    if (v) quoted(j->fp, v);
    else fputs("null", j->fp);
}

void cli_json_number(cli_json *j, const char *key, double v)
{
    char buf[32];
    member(j, key);
    if (isfinite(v)) fputs(ogas_format_double(buf, v), j->fp);
    else fputs("null", j->fp);
}

void cli_json_int(cli_json *j, const char *key, long long v)
{
    member(j, key);
    fprintf(j->fp, "%lld", v);
}

void cli_json_bool(cli_json *j, const char *key, int v)
{
    member(j, key);
    fputs(v ? "true" : "false", j->fp);
}

void cli_json_finish(cli_json *j)
{
    fputc('\n', j->fp);
    fflush(j->fp);
}
