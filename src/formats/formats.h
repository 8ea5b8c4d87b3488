/* formats.h (private to formats/): helpers shared by the readers. */
#ifndef OGAS_FORMATS_FORMATS_H
#define OGAS_FORMATS_FORMATS_H

#include "csv.h"
#include "ogas/economy.h"

/* Key used to match a row code against a column code: blanks trimmed and a "CPA_" prefix
 * removed (Eurostat writes rows as CPA_A01 and columns as A01). Sets *len. */
const char *formats__code_key(const char *s, size_t *len);
/* 1 if a row or column name denotes a total (used as a check, not as data). */
int formats__is_total(const char *name);
/* 1 if name (lower-cased, blanks and '_' ignored) equals one of the NULL-terminated list. */
int formats__name_is(const char *name, const char *const *list);

/* out[0..e->n) := a vector over e's products read from a file: Matrix Market (.mtx, n x 1 or 1 x n)
 * or CSV with a header row, codes in the first column and values in the last. Products the file does
 * not name are an error. what names the vector in messages ("labour", "final demand"). */
ogas_status formats__read_vector(const char *path, ogas_economy *e, const char *what, double *out,
                                 ogas_error *err);
/* Removes the products listed (comma-separated codes) from e, recomputing nothing: the caller
 * recomputes A afterwards. Unknown codes are an error. */
ogas_status formats__drop_products(ogas_economy *e, const char *list, ogas_error *err);
/* e->labour, e->labour_source := the labour that opts names or the reader recognises among e's
 * primary rows: a row with hours, then employment or persons, then compensation of employees as a
 * stand-in (said so in labour_source). Leaves labour NULL when nothing fits and opts names nothing. */
ogas_status formats__choose_labour(ogas_economy *e, const char *labour_opt, ogas_error *err);
/* e->demand := sum of the final-demand columns opts names (comma list or file), or of all of them. */
ogas_status formats__choose_demand(ogas_economy *e, const char *demand_opt, ogas_error *err);
/* Reads optional product labels (code,label CSV) from path into e->names where codes match. */
void formats__read_labels(ogas_economy *e, const char *path);

/* Layout readers; each fills e completely (A included) or leaves it zeroed. */
ogas_status formats__read_wide(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err);
ogas_status formats__read_wiod(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err);
ogas_status formats__read_supply_use(const char *path, const ogas_read_options *o, ogas_economy *e,
                                     ogas_error *err);
ogas_status formats__read_5yp(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err);
ogas_status formats__read_mtx_economy(const char *path, const ogas_read_options *o, ogas_economy *e,
                                      ogas_error *err);

#endif
