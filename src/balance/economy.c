/* economy.c: lifecycle and lookups of ogas_economy. */
#include "ogas/economy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ogas/core.h"

/* Frees n series and their array. */
void ogas_series_free(ogas_series *s, int64_t n)
{
    for (int64_t k = 0; s && k < n; k++) {
        ogas_free(s[k].name);
        ogas_free(s[k].x);
    }
    ogas_free(s);
}

/* Frees e. */
void ogas_economy_free(ogas_economy *e)
{
    if (!e) return;
    for (int64_t k = 0; k < e->n; k++) {
        if (e->codes && !e->code_arena) ogas_free(e->codes[k]);
        if (e->names) ogas_free(e->names[k]);
    }
    ogas_free(e->codes);
    ogas_free(e->code_arena);
    ogas_free(e->names);
    ogas_csr_free(&e->A);
    ogas_csr_free(&e->Z);
    ogas_free(e->output);
    ogas_free(e->demand);
    ogas_free(e->labour);
    ogas_series_free(e->fd, e->nfd);
    ogas_series_free(e->primary, e->nprimary);
    for (int64_t k = 0; k < e->nnotes; k++) ogas_free(e->notes[k]);
    ogas_free(e->notes);
    memset(e, 0, sizeof *e);
}

/* Index of code in e, or -1 (linear: called for a handful of lookups, not per entry). */
int64_t ogas_economy_find(const ogas_economy *e, const char *code)
{
    for (int64_t k = 0; k < e->n; k++)
        if (strcmp(e->codes[k], code) == 0) return k;
    return -1;
}

/* Primary-input row named name (exact, then ignoring case), or NULL. */
const ogas_series *ogas_economy_primary(const ogas_economy *e, const char *name)
{
    for (int64_t k = 0; k < e->nprimary; k++)
        if (strcmp(e->primary[k].name, name) == 0) return &e->primary[k];
    for (int64_t k = 0; k < e->nprimary; k++)
        if (strcasecmp(e->primary[k].name, name) == 0) return &e->primary[k];
    return NULL;
}

/* e->notes += formatted line. */
ogas_status ogas_economy_note(ogas_economy *e, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    char **nn, *line;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    line = ogas_strdup(buf);
    nn = line ? ogas_reallocarray(e->notes, (size_t)e->nnotes + 1, sizeof *nn) : NULL;
    if (!nn) {
        ogas_free(line);
        return OGAS_ENOMEM;
    }
    e->notes = nn;
    e->notes[e->nnotes++] = line;
    return OGAS_OK;
}
