/* civic_internal.h: what the server's store files (civic.c, civic_election.c) share. */
#ifndef OGAS_CIVIC_INTERNAL_H
#define OGAS_CIVIC_INTERNAL_H

#include "ogas/civic.h"
#include "store_internal.h"

/* Appends an audit record (actor, action, subject, detail; inputs and results hashes = SHA-256 of the
 * texts given, "" for none) inside the caller's transaction; *seq := its number (seq may be NULL). */
ogas_status civic__audit(ogas_store *s, const char *actor, const char *action, const char *subject,
                         const char *detail, const char *inputs, const char *results, int64_t *seq, ogas_error *err);
/* Steps st once expecting SQLITE_DONE; a failure is reported as what. Resets st. */
ogas_status civic__done(ogas_store *s, sqlite3_stmt *st, const char *what, ogas_error *err);
/* Column c of st as text, "" for NULL. */
const char *civic__text(sqlite3_stmt *st, int c);

#endif
