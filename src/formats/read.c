/* read.c: ogas_economy_read (layout detection and dispatch) and what every layout shares:
 * code matching, totals, labour and final-demand choice, dropping products, labels. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "formats.h"
#include "ogas/core.h"
#include "ogas/formats.h"

/* Trimmed code without a "CPA_" prefix. */
const char *formats__code_key(const char *s, size_t *len)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)*s)) s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    if (n > 4 && strncmp(s, "CPA_", 4) == 0) s += 4, n -= 4;
    *len = n;
    return s;
}

/* name lower-cased with blanks, '_', '-' and '.' removed, into buf (size 128). */
static void squash(const char *name, char *buf)
{
    size_t k = 0;
    for (; *name && k < 127; name++) {
        unsigned char c = (unsigned char)*name;
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
        buf[k++] = (char)tolower(c);
    }
    buf[k] = '\0';
}

/* 1 if name is one of list (compared squashed). */
int formats__name_is(const char *name, const char *const *list)
{
    char a[128], b[128];
    squash(name, a);
    for (; *list; list++) {
        squash(*list, b);
        if (strcmp(a, b) == 0) return 1;
    }
    return 0;
}

/* 1 if name denotes a total row or column. */
int formats__is_total(const char *name)
{
    static const char *const exact[] = {"tu", "tfinu", "tfu", "tot", "cpatotal", NULL};
    char a[128];
    squash(name, a);
    if (strncmp(a, "total", 5) == 0 || strncasecmp(name, "tot_", 4) == 0) return 1;
    return formats__name_is(name, exact);
}

/* Reads labels (first two CSV columns, header skipped) for e's products, if the file exists. */
void formats__read_labels(ogas_economy *e, const char *path)
{
    csv_table t;
    struct stat st;
    char **names;
    int64_t found = 0;
    if (stat(path, &st) != 0 || csv_read(path, ',', &t, NULL) != OGAS_OK) return;
    names = ogas_calloc((size_t)e->n, sizeof *names);
    for (int64_t r = 1; names && r < t.nrows; r++) {
        size_t a, b;
        const char *ka, *kb;
        if (csv_row_len(&t, r) < 2) continue;
        ka = formats__code_key(csv_cell(&t, r, 0)->s, &a);
        for (int64_t k = 0; k < e->n; k++) {
            kb = formats__code_key(e->codes[k], &b);
            if (a == b && memcmp(ka, kb, a) == 0 && !names[k]) {
                names[k] = ogas_strdup(csv_cell(&t, r, 1)->s);
                found += names[k] != NULL;
                break;
            }
        }
    }
    csv_free(&t);
    if (names && found > 0) {
        e->names = names;
        for (int64_t k = 0; k < e->n; k++)
            if (!e->names[k]) e->names[k] = ogas_strdup(e->codes[k]);
    } else if (names) {
        ogas_free(names);
    }
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* out := vector over e's products from a .mtx or code,value CSV file. */
ogas_status formats__read_vector(const char *path, ogas_economy *e, const char *what, double *out, ogas_error *err)
{
    ogas_status rc = OGAS_OK;
    if (ends_with(path, ".mtx")) {
        int64_t n;
        double *x;
        rc = ogas_mtx_read_vector(path, &n, &x, err);
        if (rc) return rc;
        if (n != e->n) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "%s vector has %lld entries, the economy %lld products",
                               what, (long long)n, (long long)e->n);
        } else {
            memcpy(out, x, (size_t)n * sizeof *x);
        }
        ogas_free(x);
        return rc;
    }
    {
        csv_table t;
        ogas_strmap codes = {0};
        unsigned char *seen = NULL;
        int64_t unknown = 0;
        char first_unknown[64] = "";
        rc = csv_read(path, ',', &t, err);
        if (rc) return rc;
        if (t.nrows < 2) {
            rc = ogas_error_at(err, OGAS_EINVAL, path, t.nrows ? 2 : 1, 1,
                               "expected a header row and one row per product (code, ..., value)");
            goto done;
        }
        seen = ogas_calloc((size_t)e->n, 1);
        if (!seen || !ogas_strmap_init(&codes, (size_t)e->n)) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        for (int64_t k = 0; k < e->n; k++) {
            size_t len;
            const char *key = formats__code_key(e->codes[k], &len);
            if (ogas_strmap_put(&codes, key, len, k, NULL) < 0) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
                goto done;
            }
        }
        for (int64_t r = 1; r < t.nrows; r++) {
            size_t len;
            int64_t w = csv_row_len(&t, r), k;
            const char *key = formats__code_key(csv_cell(&t, r, 0)->s, &len);
            if (w < 2) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, csv_cell(&t, r, 0)->line, csv_cell(&t, r, 0)->col,
                                   "expected 'code,...,value', found one field");
                goto done;
            }
            k = ogas_strmap_get(&codes, key, len);
            if (k < 0) {
                if (!unknown++) snprintf(first_unknown, sizeof first_unknown, "%s", csv_cell(&t, r, 0)->s);
                continue;
            }
            if (seen[k]) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, csv_cell(&t, r, 0)->line, 1,
                                   "duplicate code '%s' in the %s file", e->codes[k], what);
                goto done;
            }
            rc = formats__number(path, csv_cell(&t, r, w - 1), "a number", &out[k], err);
            if (rc) goto done;
            seen[k] = 1;
        }
        for (int64_t k = 0; k < e->n; k++)
            if (!seen[k]) {
                rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "no %s value for product %s (expected a row for every product)",
                                   what, e->codes[k]);
                goto done;
            }
        if (unknown)
            ogas_economy_note(e, "%s: %lld codes match no product and were ignored (first: %s)", path,
                              (long long)unknown, first_unknown);
    done:
        ogas_strmap_free(&codes);
        ogas_free(seen);
        csv_free(&t);
        return rc;
    }
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Copies series s into labour, refusing missing values. */
static ogas_status labour_from_series(ogas_economy *e, const ogas_series *s, int standin, ogas_error *err)
{
    if (s->missing_line)
        return ogas_error_at(err, OGAS_EINVAL, e->source, s->missing_line, s->missing_col,
                             "labour row '%s' has a missing value (expected a number for every product)", s->name);
    e->labour = ogas_mallocarray((size_t)e->n, sizeof *e->labour);
    if (!e->labour) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    memcpy(e->labour, s->x, (size_t)e->n * sizeof *e->labour);
    e->labour_is_standin = standin;
    snprintf(e->labour_source, sizeof e->labour_source, standin ? "row '%s' (a stand-in: the table has no hours worked)" : "row '%s'",
             s->name);
    return OGAS_OK;
}

/* Chooses e's labour input (see formats.h). */
ogas_status formats__choose_labour(ogas_economy *e, const char *opt, ogas_error *err)
{
    static const char *const coe[] = {"compensation of employees", "compensation_employees", "D1", "COE",
                                      "compensation", NULL};
    const ogas_series *best = NULL;
    int rank = 0;
    if (opt && *opt) {
        const ogas_series *s;
        if (file_exists(opt)) {
            ogas_status rc;
            ogas_free(e->labour);
            e->labour = ogas_mallocarray((size_t)e->n, sizeof *e->labour);
            if (!e->labour) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            rc = formats__read_vector(opt, e, "labour", e->labour, err);
            if (rc) {
                ogas_free(e->labour);
                e->labour = NULL;
                return rc;
            }
            e->labour_is_standin = 0;
            snprintf(e->labour_source, sizeof e->labour_source, "file %s", opt);
            return OGAS_OK;
        }
        s = ogas_economy_primary(e, opt);
        if (!s)
            return ogas_error_set(err, OGAS_EARG, "--labour '%s' is neither a file nor a row of %s", opt, e->source);
        ogas_free(e->labour);
        e->labour = NULL;
        return labour_from_series(e, s, formats__name_is(opt, coe), err);
    }
    if (e->labour) return OGAS_OK; /* the layout brought its own (WIOD hours, peer format) */
    for (int64_t k = 0; k < e->nprimary; k++) {
        char a[128];
        int r;
        squash(e->primary[k].name, a);
        if (strstr(a, "compensation")) continue;
        if (strstr(a, "hours")) r = 4;
        else if (strstr(a, "employment") && strstr(a, "total")) r = 3;
        else if (strstr(a, "employment") || strstr(a, "persons") || strstr(a, "employees")) r = 2;
        else continue;
        if (r > rank) rank = r, best = &e->primary[k];
    }
    if (best) return labour_from_series(e, best, 0, err);
    for (int64_t k = 0; k < e->nprimary; k++)
        if (formats__name_is(e->primary[k].name, coe)) return labour_from_series(e, &e->primary[k], 1, err);
    return OGAS_OK;
}

static ogas_status choose_demand(ogas_economy *e, const char *opt, ogas_error *err);

/* Chooses e's final demand (see formats.h), refusing sums beyond double precision. */
ogas_status formats__choose_demand(ogas_economy *e, const char *opt, ogas_error *err)
{
    ogas_status rc = choose_demand(e, opt, err);
    for (int64_t i = 0; !rc && e->demand && i < e->n; i++)
        if (!isfinite(e->demand[i]))
            rc = ogas_error_set(err, OGAS_EINVAL, "final demand for %s overflows the range of double precision",
                                e->codes[i]);
    return rc;
}

/* The sum of the chosen columns. */
static ogas_status choose_demand(ogas_economy *e, const char *opt, ogas_error *err)
{
    ogas_free(e->demand);
    e->demand = ogas_calloc((size_t)e->n, sizeof *e->demand);
    if (!e->demand) return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    if (opt && *opt && file_exists(opt)) return formats__read_vector(opt, e, "final demand", e->demand, err);
    if (!opt || !*opt) {
        if (e->nfd == 0) {
            ogas_free(e->demand);
            e->demand = NULL;
            return OGAS_OK;
        }
        for (int64_t c = 0; c < e->nfd; c++)
            for (int64_t i = 0; i < e->n; i++) e->demand[i] += e->fd[c].x[i];
        return OGAS_OK;
    }
    /* Comma-separated column names. */
    {
        const char *p = opt;
        while (*p) {
            const char *q = strchr(p, ',');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            int64_t c;
            for (c = 0; c < e->nfd; c++)
                if (strlen(e->fd[c].name) == len && strncmp(e->fd[c].name, p, len) == 0) break;
            if (c == e->nfd) {
                char list[512] = "";
                for (int64_t k = 0; k < e->nfd && strlen(list) < 400; k++) {
                    strcat(list, k ? ", " : "");
                    strncat(list, e->fd[k].name, 60);
                }
                return ogas_error_set(err, OGAS_EARG, "no final-demand column named '%.*s' (the columns are: %s)",
                                      (int)len, p, e->nfd ? list : "none");
            }
            for (int64_t i = 0; i < e->n; i++) e->demand[i] += e->fd[c].x[i];
            p += len + (q != NULL);
        }
    }
    return OGAS_OK;
}

/* Keeps the entries of v whose keep[] is set, in order. */
static void compact(double *v, const unsigned char *keep, int64_t n)
{
    int64_t q = 0;
    if (!v) return;
    for (int64_t k = 0; k < n; k++)
        if (keep[k]) v[q++] = v[k];
}

/* Removes products from e (see formats.h). */
ogas_status formats__drop_products(ogas_economy *e, const char *list, ogas_error *err)
{
    unsigned char *keep = NULL;
    int64_t *newidx = NULL, n = e->n, m = 0;
    ogas_triplet T = {0};
    ogas_status rc = OGAS_OK;
    if (!list || !*list) return OGAS_OK;
    keep = ogas_mallocarray((size_t)n, 1);
    newidx = ogas_mallocarray((size_t)n, sizeof *newidx);
    if (!keep || !newidx) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    memset(keep, 1, (size_t)n);
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        int64_t k;
        for (k = 0; k < n; k++)
            if (strlen(e->codes[k]) == len && strncmp(e->codes[k], p, len) == 0) break;
        if (k == n) {
            rc = ogas_error_set(err, OGAS_EARG, "--drop: no product with code '%.*s'", (int)len, p);
            goto done;
        }
        keep[k] = 0;
        p += len + (q != NULL);
    }
    for (int64_t k = 0; k < n; k++) newidx[k] = keep[k] ? m++ : -1;
    if (m == 0) {
        rc = ogas_error_set(err, OGAS_EARG, "--drop leaves no products");
        goto done;
    }
    if (e->Z.p) {
        rc = ogas_triplet_init(&T, m, m, ogas_csr_nnz(&e->Z), err);
        for (int64_t r = 0; !rc && r < n; r++)
            for (int64_t k = e->Z.p[r]; !rc && k < e->Z.p[r + 1]; k++)
                if (keep[r] && keep[e->Z.j[k]]) rc = ogas_triplet_push(&T, newidx[r], newidx[e->Z.j[k]], e->Z.x[k], err);
        if (rc) goto done;
        ogas_csr_free(&e->Z);
        rc = ogas_csr_from_triplet(&T, &e->Z, err);
        if (rc) goto done;
    }
    ogas_csr_free(&e->A); /* recomputed by the caller */
    compact(e->output, keep, n);
    compact(e->demand, keep, n);
    compact(e->labour, keep, n);
    for (int64_t c = 0; c < e->nfd; c++) compact(e->fd[c].x, keep, n);
    for (int64_t c = 0; c < e->nprimary; c++) compact(e->primary[c].x, keep, n);
    {
        int64_t q = 0;
        for (int64_t k = 0; k < n; k++) {
            if (keep[k]) {
                e->codes[q] = e->codes[k];
                if (e->names) e->names[q] = e->names[k];
                q++;
            } else {
                if (!e->code_arena) ogas_free(e->codes[k]);
                if (e->names) ogas_free(e->names[k]);
            }
        }
    }
    e->n = m;
    ogas_economy_note(e, "products left out at the user's request: %s", list);
done:
    ogas_triplet_free(&T);
    ogas_free(keep);
    ogas_free(newidx);
    return rc;
}

/* e->labour := labour totals divided by gross output (zero where nothing is produced). */
static ogas_status labour_per_unit(ogas_economy *e, ogas_error *err)
{
    for (int64_t k = 0; k < e->n; k++) {
        if (!isfinite(e->labour[k]) || e->labour[k] < 0)
            return ogas_error_set(err, OGAS_EINVAL, "labour of product %s is %g (expected a number >= 0)", e->codes[k],
                                  e->labour[k]);
        if (e->output[k] > 0) {
            e->labour[k] /= e->output[k];
            if (!isfinite(e->labour[k]))
                return ogas_error_set(err, OGAS_EINVAL, "labour per unit of %s overflows (gross output %g)",
                                      e->codes[k], e->output[k]);
        }
        else if (e->labour[k] > 0)
            return ogas_error_set(err, OGAS_EINVAL, "product %s uses labour (%g) but has no gross output", e->codes[k],
                                  e->labour[k]);
    }
    return OGAS_OK;
}

/* Layout of path when opts say "auto". */
static const char *detect_layout(const char *path, const ogas_read_options *o)
{
    struct stat st;
    char probe[1024];
    if (o->make || o->use) return "supply-use";
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(probe, sizeof probe, "%s/flows.csv", path);
        if (file_exists(probe)) return "5yp";
        return "mtx";
    }
    if (ends_with(path, ".mtx")) return "mtx";
    {
        FILE *fp = fopen(path, "rb");
        size_t n;
        if (!fp) return "wide";
        n = fread(probe, 1, sizeof probe - 1, fp);
        fclose(fp);
        probe[n] = '\0';
        if (n >= 3 && memcmp(probe, "\xEF\xBB\xBF", 3) == 0) memmove(probe, probe + 3, n - 2); /* BOM */
        if (strncmp(probe, "Year,Code", 9) == 0 || strncmp(probe, "\"Year\",\"Code\"", 13) == 0) return "wiod";
        if (strncmp(probe, "headings", 8) == 0) return "5yp";
    }
    return "wide";
}

/* e := economy at path. */
ogas_status ogas_economy_read(const char *path, const ogas_read_options *opts, ogas_economy *e, ogas_error *err)
{
    ogas_read_options none = {0};
    const ogas_read_options *o = opts ? opts : &none;
    const char *layout = o->layout && strcmp(o->layout, "auto") != 0 ? o->layout : detect_layout(path, o);
    ogas_status rc;

    memset(e, 0, sizeof *e);
    if (strcmp(layout, "wide") == 0) rc = formats__read_wide(path, o, e, err);
    else if (strcmp(layout, "wiod") == 0) rc = formats__read_wiod(path, o, e, err);
    else if (strcmp(layout, "supply-use") == 0) rc = formats__read_supply_use(path, o, e, err);
    else if (strcmp(layout, "5yp") == 0) rc = formats__read_5yp(path, o, e, err);
    else if (strcmp(layout, "mtx") == 0) rc = formats__read_mtx_economy(path, o, e, err);
    else return ogas_error_set(err, OGAS_EARG, "unknown layout '%s' (expected auto, wide, wiod, supply-use, 5yp or mtx)", layout);
    if (rc) return rc;
    rc = formats__drop_products(e, o->drop, err);
    if (!rc && (o->demand || !e->demand)) rc = formats__choose_demand(e, o->demand, err);
    if (!rc) rc = formats__choose_labour(e, o->labour, err);
    if (!rc && !e->A.p) {
        if (!e->Z.p || !e->output) rc = ogas_error_set(err, OGAS_EINTERNAL, "reader gave neither coefficients nor flows");
        else rc = ogas_coefficients(&e->Z, e->output, e->codes, &e->A, err);
    }
    if (!rc && e->labour && e->output) rc = labour_per_unit(e, err);
    if (rc) ogas_economy_free(e);
    return rc;
}
