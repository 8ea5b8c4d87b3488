/* scenario.c: scenario files for the distribution simulator (ogas_scenario_read, ogas_scenario_parse).
 *
 * A file is UTF-8 text of "key = value" lines, '#' comments and blank lines: top-level keys first,
 * then the sections [households], [shops], [feedback] (at most once each) and [shock] (one shock
 * each). The keys are data (the table keys[] below): the section each belongs to, its type, its range,
 * the field it fills and, for a shock, the kinds it applies to and those that require it. A value is
 * checked as soon as it is read; a shock is checked as a whole when its section ends (its kind, the
 * keys of that kind, the required ones, its start within the scenario's months, which are known by
 * then because top-level keys come before any section). The layout is in docs/formats.md, "Scenario
 * files". */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "lines.h"
#include "ogas/core.h"
#include "ogas/scenario.h"

enum { SEC_TOP, SEC_HOUSEHOLDS, SEC_SHOPS, SEC_FEEDBACK, SEC_SHOCK, NSECTIONS };
static const char *const section_names[NSECTIONS] = {"", "households", "shops", "feedback", "shock"};

enum { T_STR, T_INT, T_INT64, T_SEED, T_DBL, T_REGIME, T_KIND, T_CODES };

/* Kinds of shock as bits. */
#define K_FAMINE (1u << OGAS_SHOCK_FAMINE)
#define K_WAR (1u << OGAS_SHOCK_WAR)
#define K_ISOLATION (1u << OGAS_SHOCK_ISOLATION)
#define K_PRIVATE (1u << OGAS_SHOCK_PRIVATE_TRADE)
#define K_SPECIALISTS (1u << OGAS_SHOCK_SPECIALISTS)
#define K_ALL (K_FAMINE | K_WAR | K_ISOLATION | K_PRIVATE | K_SPECIALISTS)
#define NKINDS 5

#define MAX_MONTHS 1200
#define SEED_MAX 9007199254740992.0 /* 2^53 */

/* One key of the file. */
typedef struct key_def {
    const char *name;
    int section;       /* SEC_* */
    int type;          /* T_* */
    double lo, hi;     /* numbers: the range lo..hi (hi = INT_MAX or INFINITY: no upper bound) */
    int lo_open;       /* 1: > lo rather than >= lo */
    size_t offset;     /* the field in ogas_scenario, or in ogas_shock for [shock] keys */
    unsigned kinds;    /* [shock]: the kinds the key applies to */
    unsigned required; /* [shock]: the kinds that require it */
} key_def;

#define SC(f) offsetof(ogas_scenario, f)
#define SH(f) offsetof(ogas_shock, f)
static const key_def keys[] = {
    {"name", SEC_TOP, T_STR, 0, 0, 0, SC(name), 0, 0},
    {"description", SEC_TOP, T_STR, 0, 0, 0, SC(description), 0, 0},
    {"economy", SEC_TOP, T_STR, 0, 0, 0, SC(economy), 0, 0},
    {"months", SEC_TOP, T_INT, 1, MAX_MONTHS, 0, SC(months), 0, 0},
    {"households", SEC_TOP, T_INT64, 1, 1e9, 0, SC(households), 0, 0},
    {"seed", SEC_TOP, T_SEED, 0, SEED_MAX, 0, SC(seed), 0, 0},
    {"regime", SEC_TOP, T_REGIME, 0, 0, 0, SC(regime), 0, 0},
    {"concentration", SEC_HOUSEHOLDS, T_DBL, 0, INFINITY, 1, SC(concentration), 0, 0},
    {"basket", SEC_HOUSEHOLDS, T_INT, 1, INT_MAX, 0, SC(basket), 0, 0},
    {"hours_mean", SEC_HOUSEHOLDS, T_DBL, 0, INFINITY, 1, SC(hours_mean), 0, 0},
    {"hours_sd", SEC_HOUSEHOLDS, T_DBL, 0, INFINITY, 0, SC(hours_sd), 0, 0},
    {"child_allowance", SEC_HOUSEHOLDS, T_DBL, 0, INFINITY, 0, SC(child_allowance), 0, 0},
    {"savings_cap", SEC_HOUSEHOLDS, T_DBL, 0, INFINITY, 0, SC(savings_cap), 0, 0},
    {"priority_share", SEC_SHOPS, T_DBL, 0, 1, 0, SC(priority_share), 0, 0},
    {"substitution", SEC_SHOPS, T_DBL, 0, 1, 0, SC(substitution), 0, 0},
    {"initial_stock", SEC_SHOPS, T_DBL, 0, INFINITY, 0, SC(initial_stock), 0, 0},
    {"disruption", SEC_SHOPS, T_DBL, 0, 1, 0, SC(disruption), 0, 0},
    {"disruption_loss", SEC_SHOPS, T_DBL, 0, 1, 0, SC(disruption_loss), 0, 0},
    {"replan_months", SEC_FEEDBACK, T_INT, 1, INT_MAX, 0, SC(replan_months), 0, 0},
    {"gain", SEC_FEEDBACK, T_DBL, 0, INFINITY, 0, SC(gain), 0, 0},
    {"operational", SEC_FEEDBACK, T_INT, 0, 1, 0, SC(operational), 0, 0},
    {"kind", SEC_SHOCK, T_KIND, 0, 0, 0, SH(kind), K_ALL, K_ALL},
    {"start", SEC_SHOCK, T_INT, 1, MAX_MONTHS, 0, SH(start), K_ALL, 0},
    {"months", SEC_SHOCK, T_INT, 0, MAX_MONTHS, 0, SH(months), K_ALL, 0},
    {"goods", SEC_SHOCK, T_CODES, 0, 0, 0, SH(codes), K_FAMINE | K_ISOLATION, K_FAMINE | K_ISOLATION},
    {"industries", SEC_SHOCK, T_CODES, 0, 0, 0, SH(codes), K_WAR, K_WAR},
    {"factor", SEC_SHOCK, T_DBL, 0, 1, 0, SH(factor), K_FAMINE | K_ISOLATION, K_FAMINE | K_ISOLATION},
    {"destroyed", SEC_SHOCK, T_DBL, 0, 1, 0, SH(destroyed), K_WAR, K_WAR},
    {"share", SEC_SHOCK, T_DBL, 0, 1, 0, SH(share), K_PRIVATE | K_SPECIALISTS, K_PRIVATE | K_SPECIALISTS},
    {"markup", SEC_SHOCK, T_DBL, 1, INFINITY, 0, SH(markup), K_PRIVATE, K_PRIVATE},
    {"differential", SEC_SHOCK, T_DBL, 0, INFINITY, 1, SH(differential), K_SPECIALISTS, K_SPECIALISTS},
};
#undef SC
#undef SH
#define NKEYS (sizeof keys / sizeof keys[0])

/* The state of one parse. */
typedef struct parser {
    const char *file;          /* name for messages */
    const char *dir;           /* folder a relative economy is resolved against, or NULL */
    ogas_error *err;
    ogas_scenario s;           /* what has been read so far (owned) */
    int section;               /* SEC_* of the lines being read */
    int shock_open;            /* 1 while a [shock] section is being read (the last of s.shocks) */
    long section_line;         /* line of the current section's header */
    long section_col;          /* and the column of its '[' */
    long section_seen[NSECTIONS]; /* line where each section was first opened, 0: not yet */
    long key_line[NKEYS];      /* line where each key was given in its current section, 0: not given */
    long key_col[NKEYS];       /* and the column of the key */
} parser;

/* Values shown in messages are cut to this many bytes. */
#define SHOWN 60
#define SHOW(n) (int)((n) > SHOWN ? SHOWN : (n))
#define MORE(n) ((n) > SHOWN ? "..." : "")

/* Records an invalid-input error at line:col of the file; returns OGAS_EINVAL. */
static ogas_status fail(parser *p, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static ogas_status fail(parser *p, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ogas_error_vat(p->err, OGAS_EINVAL, p->file, line, col, fmt, ap);
    va_end(ap);
    return OGAS_EINVAL;
}

/* Records an out-of-memory error at line of the file; returns OGAS_ENOMEM. */
static ogas_status no_memory(parser *p, long line)
{
    return ogas_error_at(p->err, OGAS_ENOMEM, p->file, line, 0, "out of memory reading the scenario");
}

/* 1 if c is a blank (space or tab). */
static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Offset of the first byte of s[0..n) that starts invalid UTF-8 or is a control character other
 * than a tab; n if there is none. */
static size_t bad_byte(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t len;
        unsigned long cp, min;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7f) return i;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) len = 2, cp = c & 0x1fu, min = 0x80;
        else if (c >= 0xe0 && c <= 0xef) len = 3, cp = c & 0x0fu, min = 0x800;
        else if (c >= 0xf0 && c <= 0xf4) len = 4, cp = c & 0x07u, min = 0x10000;
        else return i;
        if (n - i < len) return i;
        for (size_t k = 1; k < len; k++) {
            unsigned char d = (unsigned char)s[i + k];
            if ((d & 0xc0) != 0x80) return i;
            cp = cp << 6 | (d & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
        i += len;
    }
    return n;
}

/* buf := what key k expects, in words ("a number in [0, 1]", "an integer in 1..1200"); returns buf. */
static const char *expected(const key_def *k, char *buf, size_t n)
{
    switch (k->type) {
    case T_STR: snprintf(buf, n, "a text"); break;
    case T_REGIME: snprintf(buf, n, "both, administered or feedback"); break;
    case T_KIND: snprintf(buf, n, "famine, war, isolation, private_trade or specialists"); break;
    case T_CODES:
        snprintf(buf, n, "comma-separated %s codes", k->kinds == K_WAR ? "industry" : "product");
        break;
    case T_DBL:
        if (isfinite(k->hi)) snprintf(buf, n, "a number in [%g, %g]", k->lo, k->hi);
        else snprintf(buf, n, "a number %s %g", k->lo_open ? ">" : ">=", k->lo);
        break;
    default:
        if (k->hi >= INT_MAX && k->type == T_INT) snprintf(buf, n, "an integer >= %.0f", k->lo);
        else snprintf(buf, n, "an integer in %.0f..%.0f", k->lo, k->hi);
        break;
    }
    return buf;
}

/* buf := the names of the keys of section sec (for [shock]: those of the kinds in mask), separated by
 * ", "; returns buf. */
static const char *key_list(int sec, unsigned mask, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < NKEYS; k++) {
        if (keys[k].section != sec || (sec == SEC_SHOCK && !(keys[k].kinds & mask))) continue;
        if (at < n) at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? ", " : "", keys[k].name);
    }
    return buf;
}

/* Index in keys[] of the key s[0..n) in section sec, or -1. */
static int find_key(int sec, const char *s, size_t n)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].section == sec && strlen(keys[k].name) == n && memcmp(keys[k].name, s, n) == 0) return (int)k;
    return -1;
}

/* Frees the n codes and the array. */
static void free_codes(char **codes, int64_t n)
{
    for (int64_t i = 0; codes && i < n; i++) ogas_free(codes[i]);
    ogas_free(codes);
}

/* sh->codes := the comma-separated codes in v[0..vn) (value of key k at line:col); duplicates and
 * empty codes are errors. */
static ogas_status parse_codes(parser *p, const key_def *k, const char *v, size_t vn, long line, long col,
                               ogas_shock *sh)
{
    char **codes = NULL;
    int64_t count = 1, got = 0;
    size_t a = 0;
    ogas_strmap seen;
    ogas_status rc = OGAS_OK;

    memset(&seen, 0, sizeof seen);
    for (size_t i = 0; i < vn; i++) count += v[i] == ',';
    if (!(codes = ogas_calloc((size_t)count, sizeof *codes)) || !ogas_strmap_init(&seen, (size_t)count)) {
        rc = no_memory(p, line);
        goto done;
    }
    while (got < count) {
        size_t b = a, e;
        int put;
        while (b < vn && v[b] != ',') b++;
        e = b;
        while (a < e && blank(v[a])) a++;
        while (e > a && blank(v[e - 1])) e--;
        if (e == a) {
            rc = fail(p, line, col + (long)a, "%s: empty code in the list (expected %s)", k->name,
                      k->kinds == K_WAR ? "comma-separated industry codes" : "comma-separated product codes");
            goto done;
        }
        if (!(codes[got] = ogas_strndup(v + a, e - a))) {
            rc = no_memory(p, line);
            goto done;
        }
        put = ogas_strmap_put(&seen, codes[got], e - a, got, NULL);
        got++;
        if (put < 0) {
            rc = no_memory(p, line);
            goto done;
        }
        if (put == 0) {
            rc = fail(p, line, col + (long)a, "%s: code '%.*s%s' listed twice", k->name, SHOW(e - a), v + a,
                      MORE(e - a));
            goto done;
        }
        a = b + 1;
    }
    free_codes(sh->codes, sh->ncodes); /* goods after industries (or the reverse): refused when the shock ends */
    sh->codes = codes;
    sh->ncodes = count;
    codes = NULL;
done:
    ogas_strmap_free(&seen);
    free_codes(codes, got);
    return rc;
}

/* The field of key k := the value v[0..vn), which starts at line:col. */
static ogas_status parse_value(parser *p, int key, const char *v, size_t vn, long line, long col)
{
    const key_def *k = &keys[key];
    char *base = k->section == SEC_SHOCK ? (char *)&p->s.shocks[p->s.nshocks - 1] : (char *)&p->s;
    void *field = base + k->offset;
    char what[96];
    int64_t i;
    double x;

    switch (k->type) {
    case T_STR: {
        char *t;
        if (k->offset == offsetof(ogas_scenario, economy) && k->section == SEC_TOP && v[0] != '/' && p->dir &&
            p->dir[0]) { /* a relative economy: relative to the file's folder */
            size_t dn = strlen(p->dir);
            int slash = p->dir[dn - 1] != '/';
            t = ogas_malloc(dn + (size_t)slash + vn + 1);
            if (t) {
                memcpy(t, p->dir, dn);
                if (slash) t[dn] = '/';
                memcpy(t + dn + (size_t)slash, v, vn);
                t[dn + (size_t)slash + vn] = '\0';
            }
        } else {
            t = ogas_strndup(v, vn);
        }
        if (!t) return no_memory(p, line);
        ogas_free(*(char **)field);
        *(char **)field = t;
        return OGAS_OK;
    }
    case T_CODES: return parse_codes(p, k, v, vn, line, col, (ogas_shock *)base);
    case T_REGIME:
    case T_KIND: {
        static const char *const regimes[] = {"both", "administered", "feedback"};
        int n = k->type == T_REGIME ? 3 : NKINDS;
        for (int j = 0; j < n; j++) {
            const char *name = k->type == T_REGIME ? regimes[j] : ogas_shock_kind_name((ogas_shock_kind)j);
            if (strlen(name) == vn && memcmp(name, v, vn) == 0) {
                if (k->type == T_REGIME) *(int *)field = j;
                else *(ogas_shock_kind *)field = (ogas_shock_kind)j;
                return OGAS_OK;
            }
        }
        break;
    }
    case T_DBL:
        if (ogas_parse_double(v, vn, &x) && isfinite(x) && (k->lo_open ? x > k->lo : x >= k->lo) && x <= k->hi) {
            *(double *)field = x == 0 ? 0.0 : x;
            return OGAS_OK;
        }
        break;
    default:
        if (ogas_parse_int64(v, vn, (int64_t)k->lo, (int64_t)k->hi, &i)) {
            if (k->type == T_INT) *(int *)field = (int)i;
            else if (k->type == T_INT64) *(int64_t *)field = i;
            else *(uint64_t *)field = (uint64_t)i;
            return OGAS_OK;
        }
        break;
    }
    return fail(p, line, col, "%s: expected %s, found '%.*s%s'", k->name, expected(k, what, sizeof what), SHOW(vn), v,
                MORE(vn));
}

/* Checks the shock being read as a whole (kind, its keys, the required ones, its start within the
 * scenario's months) and ends its section. */
static ogas_status close_shock(parser *p)
{
    const ogas_shock *sh;
    const char *kind;
    unsigned bit;
    int worst = -1, key_kind = find_key(SEC_SHOCK, "kind", 4), key_start = find_key(SEC_SHOCK, "start", 5);
    char list[256], what[96];

    if (!p->shock_open) return OGAS_OK;
    p->shock_open = 0;
    sh = &p->s.shocks[p->s.nshocks - 1];
    if (!p->key_line[key_kind])
        return fail(p, p->section_line, p->section_col,
                    "[shock] without a kind (expected kind = famine, war, isolation, private_trade or specialists)");
    kind = ogas_shock_kind_name(sh->kind);
    bit = 1u << sh->kind;
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].section == SEC_SHOCK && p->key_line[k] && !(keys[k].kinds & bit) &&
            (worst < 0 || p->key_line[k] < p->key_line[worst]))
            worst = (int)k;
    if (worst >= 0)
        return fail(p, p->key_line[worst], p->key_col[worst], "%s: not a key of a %s shock (expected %s)",
                    keys[worst].name, kind, key_list(SEC_SHOCK, bit, list, sizeof list));
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].section == SEC_SHOCK && (keys[k].required & bit) && !p->key_line[k])
            return fail(p, p->section_line, p->section_col, "%s shock: missing %s (%s)", kind, keys[k].name,
                        expected(&keys[k], what, sizeof what));
    if (sh->start > p->s.months)
        return fail(p, p->key_line[key_start], p->key_col[key_start],
                    "start: expected a month in 1..%d (the scenario's months), found %d", p->s.months, sh->start);
    return OGAS_OK;
}

/* Opens the section whose header "[name]" starts at s[a] (line line): ends the previous shock, checks
 * the name, and for [shock] adds a shock with the defaults. */
static ogas_status open_section(parser *p, const char *s, size_t n, size_t a, long line)
{
    size_t b = a + 1, c, e, after;
    int sec = -1;
    ogas_status rc;

    if ((rc = close_shock(p))) return rc;
    for (c = b; c < n && s[c] != ']' && s[c] != '#'; c++) {}
    if (c == n || s[c] != ']') return fail(p, line, (long)a + 1, "expected ']' to close the section name");
    for (after = c + 1; after < n && blank(s[after]); after++) {}
    if (after < n && s[after] != '#')
        return fail(p, line, (long)after + 1, "unexpected text after the section header (expected a comment or nothing)");
    while (b < c && blank(s[b])) b++;
    for (e = c; e > b && blank(s[e - 1]); e--) {}
    for (int k = 1; k < NSECTIONS; k++)
        if (strlen(section_names[k]) == e - b && memcmp(section_names[k], s + b, e - b) == 0) sec = k;
    if (sec < 0)
        return fail(p, line, (long)b + 1, "unknown section [%.*s%s] (expected [households], [shops], [feedback] or [shock])",
                    SHOW(e - b), s + b, MORE(e - b));
    if (sec != SEC_SHOCK && p->section_seen[sec])
        return fail(p, line, (long)b + 1, "section [%s] given twice (first on line %ld)", section_names[sec],
                    p->section_seen[sec]);
    if (!p->section_seen[sec]) p->section_seen[sec] = line;
    p->section = sec;
    p->section_line = line;
    p->section_col = (long)a + 1;
    if (sec == SEC_SHOCK) {
        ogas_shock *sh = ogas_reallocarray(p->s.shocks, (size_t)p->s.nshocks + 1, sizeof *sh);
        if (!sh) return no_memory(p, line);
        p->s.shocks = sh;
        sh = &p->s.shocks[p->s.nshocks++];
        memset(sh, 0, sizeof *sh);
        sh->start = 1;
        sh->line = line;
        for (size_t k = 0; k < NKEYS; k++)
            if (keys[k].section == SEC_SHOCK) p->key_line[k] = p->key_col[k] = 0;
        p->shock_open = 1;
    }
    return OGAS_OK;
}

/* Reads line number line, s[0..n): a blank line, a comment, a section header or "key = value". */
static ogas_status parse_line(parser *p, const char *s, size_t n, long line)
{
    size_t a = 0, eq, e, v, vn;
    long vcol;
    int key;
    char list[256];

    if ((e = bad_byte(s, n)) < n)
        return fail(p, line, (long)e + 1, (unsigned char)s[e] < 0x80 ? "control character 0x%02x (expected UTF-8 text)"
                                                                   : "invalid UTF-8 (byte 0x%02x)",
                    (unsigned char)s[e]);
    while (a < n && blank(s[a])) a++;
    if (a == n || s[a] == '#') return OGAS_OK;
    if (s[a] == '[') return open_section(p, s, n, a, line);
    for (eq = a; eq < n && s[eq] != '=' && s[eq] != '#'; eq++) {}
    if (eq == n || s[eq] != '=') {
        for (e = eq; e > a && blank(s[e - 1]); e--) {}
        return fail(p, line, (long)a + 1, "expected 'key = value' or a [section], found '%.*s%s'", SHOW(e - a), s + a,
                    MORE(e - a));
    }
    for (e = eq; e > a && blank(s[e - 1]); e--) {}
    if (e == a) return fail(p, line, (long)eq + 1, "expected a key before '='");
    key = find_key(p->section, s + a, e - a);
    if (key < 0) {
        int other = -1;
        for (int sec = 0; sec < NSECTIONS && other < 0; sec++)
            if (sec != p->section && find_key(sec, s + a, e - a) >= 0) other = sec;
        key_list(p->section, K_ALL, list, sizeof list);
        if (other == SEC_TOP)
            return fail(p, line, (long)a + 1, "unknown key '%s' in [%s] (top-level keys come before the first section)",
                        keys[find_key(SEC_TOP, s + a, e - a)].name, section_names[p->section]);
        if (other > 0)
            return fail(p, line, (long)a + 1, "unknown key '%s'%s%s%s (it belongs in [%s])",
                        keys[find_key(other, s + a, e - a)].name, p->section ? " in [" : "",
                        section_names[p->section], p->section ? "]" : "", section_names[other]);
        return fail(p, line, (long)a + 1, "unknown key '%.*s%s'%s%s%s (expected %s)", SHOW(e - a), s + a, MORE(e - a),
                    p->section ? " in [" : "", section_names[p->section], p->section ? "]" : "", list);
    }
    if (p->key_line[key])
        return fail(p, line, (long)a + 1, "%s: given twice%s%s%s (first on line %ld)", keys[key].name,
                    p->section ? " in [" : "", section_names[p->section], p->section ? "]" : "", p->key_line[key]);
    for (v = eq + 1; v < n && blank(s[v]); v++) {}
    if (v < n && s[v] == '"') {
        const char *q = memchr(s + v + 1, '"', n - v - 1);
        size_t rest;
        if (!q)
            return fail(p, line, (long)v + 1, "%s: unterminated quoted value (no closing '\"')", keys[key].name);
        vn = (size_t)(q - (s + v + 1));
        for (rest = (size_t)(q - s) + 1; rest < n && blank(s[rest]); rest++) {}
        if (rest < n && s[rest] != '#')
            return fail(p, line, (long)rest + 1, "%s: unexpected text after the quoted value", keys[key].name);
        v++;
    } else {
        for (e = v; e < n && s[e] != '#'; e++) {}
        while (e > v && blank(s[e - 1])) e--;
        vn = e - v;
    }
    vcol = (long)v + 1;
    if (vn == 0) {
        char what[96];
        return fail(p, line, vcol, "%s: expected %s, found nothing", keys[key].name,
                    expected(&keys[key], what, sizeof what));
    }
    p->key_line[key] = line;
    p->key_col[key] = (long)a + 1;
    return parse_value(p, key, s + v, vn, line, vcol);
}

/* sc := the defaults. */
void ogas_scenario_defaults(ogas_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->months = 60;
    sc->households = 10000;
    sc->seed = 1;
    sc->regime = 0;
    sc->concentration = 50;
    sc->basket = 20;
    sc->hours_mean = 160;
    sc->hours_sd = 20;
    sc->child_allowance = 0.1;
    sc->savings_cap = 6;
    sc->priority_share = 0.05;
    sc->substitution = 0.5;
    sc->initial_stock = 1;
    sc->disruption = 0.02;
    sc->disruption_loss = 0.3;
    sc->replan_months = 1;
    sc->gain = 1;
}

/* Copy of the base name of path without its extension ("scenario" when that is empty), or NULL. */
static char *default_name(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL, *dot;
    size_t n;
    b = b ? b + 1 : path ? path : "";
    dot = strrchr(b, '.');
    n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
    return n ? ogas_strndup(b, n) : ogas_strdup("scenario");
}

/* sc := the scenario in data[0..len). */
ogas_status ogas_scenario_parse(const char *name, const char *dir, const char *data, size_t len, ogas_scenario *sc,
                                ogas_error *err)
{
    parser p;
    line_reader r;
    const char *s;
    size_t n;
    int got;
    ogas_status rc = OGAS_OK;

    if (!sc) return ogas_error_set(err, OGAS_EARG, "no scenario to read into");
    memset(sc, 0, sizeof *sc);
    if (!data && len > 0) return ogas_error_set(err, OGAS_EARG, "no data to read");
    memset(&p, 0, sizeof p);
    p.file = name ? name : "";
    p.dir = dir;
    p.err = err;
    ogas_scenario_defaults(&p.s);
    lines_open_mem(&r, p.file, data ? data : "", len);
    while ((got = lines_next(&r, &s, &n, err)) == 1) {
        if (r.line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) s += 3, n -= 3;
        if ((rc = parse_line(&p, s, n, r.line))) goto done;
    }
    if (got < 0) {
        rc = err && err->code ? err->code : OGAS_EINVAL;
        goto done;
    }
    if ((rc = close_shock(&p))) goto done;
    if (!p.s.name && !(p.s.name = default_name(name))) {
        rc = no_memory(&p, 0);
        goto done;
    }
    *sc = p.s;
    memset(&p.s, 0, sizeof p.s);
done:
    ogas_scenario_free(&p.s);
    lines_close(&r);
    return rc;
}

/* sc := the scenario in the file at path, its economy resolved against the file's folder. */
ogas_status ogas_scenario_read(const char *path, ogas_scenario *sc, ogas_error *err)
{
    char *buf = NULL, *dir = NULL;
    const char *slash;
    size_t len = 0;
    ogas_status rc;

    if (!sc) return ogas_error_set(err, OGAS_EARG, "no scenario to read into");
    memset(sc, 0, sizeof *sc);
    if (!path) return ogas_error_set(err, OGAS_EARG, "no file to read");
    if ((rc = formats__slurp(path, &buf, &len, err))) return rc;
    slash = strrchr(path, '/');
    if (slash && !(dir = ogas_strndup(path, slash == path ? 1 : (size_t)(slash - path)))) {
        rc = ogas_error_at(err, OGAS_ENOMEM, path, 0, 0, "out of memory reading the scenario");
        goto done;
    }
    rc = ogas_scenario_parse(path, dir, buf, len, sc, err);
done:
    ogas_free(dir);
    ogas_free(buf);
    return rc;
}

/* Releases what sc owns and zeroes it. */
void ogas_scenario_free(ogas_scenario *sc)
{
    if (!sc) return;
    ogas_free(sc->name);
    ogas_free(sc->description);
    ogas_free(sc->economy);
    for (int64_t k = 0; sc->shocks && k < sc->nshocks; k++) free_codes(sc->shocks[k].codes, sc->shocks[k].ncodes);
    ogas_free(sc->shocks);
    memset(sc, 0, sizeof *sc);
}

/* The name of a kind of shock as the file writes it. */
const char *ogas_shock_kind_name(ogas_shock_kind k)
{
    static const char *const names[NKINDS] = {"famine", "war", "isolation", "private_trade", "specialists"};
    return (unsigned)k < NKINDS ? names[k] : "unknown";
}
