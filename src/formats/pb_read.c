/* pb_read.c: reading participatory-budgeting elections in pabulib's .pb format (ogas_pb_read,
 * ogas_pb_parse).
 *
 * The text is split by the one CSV tokenizer (separator ';'), then read in three steps:
 *   1. sections: a row holding only META, PROJECTS or VOTES starts a section; the three come in that
 *      order, each once; the row after the name is the section's header, then its data rows, each
 *      with as many fields as the header;
 *   2. tables: every header and field is copied as written (ogas_pb.meta, .projects, .votes), each
 *      string its own allocation;
 *   3. interpretation: META keys; projects (ids unique, costs > 0, selected >= 0); money (the budget
 *      and the costs as integers in units of 10^-scale, scale the most significant decimals any of
 *      them has); ballots (voter ids unique, projects known and distinct, lengths and points within
 *      the META limits); and the counts num_projects and num_votes.
 * Ids are looked up in hash maps and duplicates in a ballot found with a stamp per project, so reading
 * takes time linear in the size of the file. Any error leaves the ogas_pb zeroed. ogas_pb_free and
 * the accessors are in pb.c, the writer in pb_write.c. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "ogas/core.h"
#include "ogas/pb.h"

enum { SEC_META, SEC_PROJECTS, SEC_VOTES, NSEC };
static const char *const sec_name[NSEC] = {"META", "PROJECTS", "VOTES"};

/* The META keys the reader interprets; every other key is kept as text only. */
enum {
    K_BUDGET,
    K_VOTE_TYPE,
    K_RULE,
    K_NUM_PROJECTS,
    K_NUM_VOTES,
    K_MIN_LENGTH,
    K_MAX_LENGTH,
    K_MIN_POINTS,
    K_MAX_POINTS,
    K_MIN_SUM_POINTS,
    K_MAX_SUM_POINTS,
    K_MIN_PST,
    NKEYS
};
static const char *const key_name[NKEYS] = {"budget",         "vote_type",      "rule",         "num_projects",
                                            "num_votes",      "min_length",     "max_length",   "min_points",
                                            "max_points",     "min_sum_points", "max_sum_points",
                                            "min_project_score_threshold"};

#define NTYPES (OGAS_PB_SCORING + 1)

#define MAX_SCALE 9 /* at most 10^-9 money units */

typedef struct pb_reader {
    const char *file;       /* name used in errors */
    csv_table t;            /* the tokens */
    ogas_error *err;
    ogas_pb *pb;            /* being filled */
    int64_t mark[NSEC];     /* csv row of each section's name */
    int64_t end[NSEC];      /* one past the section's last csv row */
    int64_t key_row[NKEYS]; /* META row of each interpreted key, -1 when absent */
    int64_t num_projects;   /* META num_projects, -1 when absent */
    int64_t num_votes;      /* META num_votes, -1 when absent */
} pb_reader;

/* Field c of data row r of section s (r == -1: the header). */
static const csv_field *cell(const pb_reader *rd, int s, int64_t r, int64_t c)
{
    return csv_cell(&rd->t, rd->mark[s] + 2 + r, c);
}

/* buf := s[0..len) fit for a message: control bytes as '?', cut after about 40 bytes at a UTF-8
 * character boundary with "..." added. buf needs 48 bytes. */
static const char *show(char *buf, const char *s, size_t len)
{
    size_t n = len;
    if (n > 40) {
        n = 40;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    for (size_t k = 0; k < n; k++) buf[k] = ((unsigned char)s[k] < 32 || s[k] == 127) ? '?' : s[k];
    strcpy(buf + n, n < len ? "..." : "");
    return buf;
}

/* Records "file:line:col: message" as invalid input; returns OGAS_EINVAL. */
static ogas_status bad_at(pb_reader *rd, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static ogas_status bad_at(pb_reader *rd, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ogas_error_vat(rd->err, OGAS_EINVAL, rd->file, line, col, fmt, ap);
    va_end(ap);
    return OGAS_EINVAL;
}

/* Records out of memory; returns OGAS_ENOMEM. */
static ogas_status no_memory(pb_reader *rd)
{
    return ogas_error_at(rd->err, OGAS_ENOMEM, rd->file, 0, 0, "out of memory reading the election");
}

/* 1 if f is empty or blanks only. */
static int blank(const csv_field *f)
{
    for (size_t k = 0; k < f->len; k++)
        if (f->s[k] != ' ' && f->s[k] != '\t') return 0;
    return 1;
}

/* Column of byte off of field f's text, where it can be told (else the field's column). */
static long column_in(const csv_field *f, size_t off)
{
    if (!f->quoted) return f->col + (long)off;
    if (!memchr(f->s, '"', f->len) && !memchr(f->s, '\n', f->len) && !memchr(f->s, '\r', f->len))
        return f->col + 1 + (long)off;
    return f->col;
}

/* Number of entries of a comma list (0 when blank). */
static int64_t list_len(const csv_field *f)
{
    int64_t n = 1;
    if (blank(f)) return 0;
    for (const char *p = f->s; (p = memchr(p, ',', f->len - (size_t)(p - f->s))) != NULL; p++) n++;
    return n;
}

/* Next entry of the comma list f from *pos: [*a, *b) with blanks trimmed; *pos moves past the comma. */
static void list_next(const csv_field *f, size_t *pos, size_t *a, size_t *b)
{
    const char *c = memchr(f->s + *pos, ',', f->len - *pos);
    size_t e = c ? (size_t)(c - f->s) : f->len;
    *a = *pos;
    *b = e;
    while (*a < *b && (f->s[*a] == ' ' || f->s[*a] == '\t')) (*a)++;
    while (*b > *a && (f->s[*b - 1] == ' ' || f->s[*b - 1] == '\t')) (*b)--;
    *pos = c ? e + 1 : e;
}

/* 1 if row r holds only the name of a section; *s := which. */
static int section_row(const csv_table *t, int64_t r, int *s)
{
    if (csv_row_len(t, r) != 1) return 0;
    for (int k = 0; k < NSEC; k++)
        if (strcmp(csv_cell(t, r, 0)->s, sec_name[k]) == 0) {
            *s = k;
            return 1;
        }
    return 0;
}

/* rd->mark, rd->end := where the three sections are; each in order, once, with a header. */
static ogas_status find_sections(pb_reader *rd)
{
    const csv_table *t = &rd->t;
    char b1[48];
    int cur = -1, s;
    for (s = 0; s < NSEC; s++) rd->mark[s] = rd->end[s] = -1;
    for (int64_t r = 0; r < t->nrows; r++) {
        const csv_field *f = csv_cell(t, r, 0);
        if (!section_row(t, r, &s)) {
            if (cur < 0)
                return bad_at(rd, f->line, f->col, "expected the section name META, found '%s'", show(b1, f->s, f->len));
            continue;
        }
        if (rd->mark[s] >= 0)
            return bad_at(rd, f->line, f->col, "section %s appears twice (first on line %ld)", sec_name[s],
                          csv_cell(t, rd->mark[s], 0)->line);
        if (s != cur + 1)
            return bad_at(rd, f->line, f->col, "missing section %s before %s (expected META, PROJECTS, VOTES in order)",
                          sec_name[cur + 1], sec_name[s]);
        if (cur >= 0) rd->end[cur] = r;
        rd->mark[s] = r;
        cur = s;
    }
    if (cur >= 0) rd->end[cur] = t->nrows;
    if (cur < SEC_VOTES)
        return bad_at(rd, t->last_line > 0 ? t->last_line : 1, 0, "missing section %s", sec_name[cur + 1]);
    for (s = 0; s < NSEC; s++)
        if (rd->end[s] - rd->mark[s] < 2) {
            const csv_field *f = csv_cell(t, rd->mark[s], 0);
            return bad_at(rd, f->line, f->col, "section %s has no header line", sec_name[s]);
        }
    return OGAS_OK;
}

/* Checks section s's header (names it needs, no name twice) and that every row has its number of fields. */
static ogas_status check_layout(pb_reader *rd, int s)
{
    const csv_table *t = &rd->t;
    int64_t h = rd->mark[s] + 1, ncols = csv_row_len(t, h);
    const csv_field *f0 = csv_cell(t, h, 0);
    ogas_strmap names;
    ogas_status rc = OGAS_OK;
    char b1[48];

    memset(&names, 0, sizeof names);
    if (s == SEC_META && (ncols != 2 || strcmp(f0->s, "key") != 0 || strcmp(csv_cell(t, h, 1)->s, "value") != 0))
        return bad_at(rd, f0->line, f0->col, "expected the META header key;value");
    if (s == SEC_PROJECTS && (ncols < 2 || strcmp(f0->s, "project_id") != 0 || strcmp(csv_cell(t, h, 1)->s, "cost") != 0))
        return bad_at(rd, f0->line, f0->col, "expected the PROJECTS header to start with project_id;cost");
    if (s == SEC_VOTES && (ncols < 2 || strcmp(f0->s, "voter_id") != 0))
        return bad_at(rd, f0->line, f0->col, "expected the VOTES header to start with voter_id");
    if (!ogas_strmap_init(&names, (size_t)ncols)) return no_memory(rd);
    for (int64_t c = 0; c < ncols; c++) {
        const csv_field *f = csv_cell(t, h, c);
        int64_t old;
        int got = ogas_strmap_put(&names, f->s, f->len, c, &old);
        if (got < 0) {
            rc = no_memory(rd);
            goto done;
        }
        if (got == 0) {
            rc = bad_at(rd, f->line, f->col, "column '%s' appears twice in the %s header", show(b1, f->s, f->len),
                        sec_name[s]);
            goto done;
        }
    }
    if (s == SEC_VOTES && ogas_strmap_get(&names, "vote", 4) < 0) {
        rc = bad_at(rd, f0->line, f0->col, "the VOTES header has no column vote");
        goto done;
    }
    for (int64_t r = h + 1; r < rd->end[s]; r++) {
        int64_t n = csv_row_len(t, r);
        if (n != ncols) {
            const csv_field *f = csv_cell(t, r, n > ncols ? ncols : 0);
            rc = bad_at(rd, f->line, f->col, "expected %lld fields as in the %s header (line %ld), found %lld",
                        (long long)ncols, sec_name[s], f0->line, (long long)n);
            goto done;
        }
    }
done:
    ogas_strmap_free(&names);
    return rc;
}

/* tb := section s as written (header, fields, lines). */
static ogas_status copy_table(pb_reader *rd, int s, ogas_pb_table *tb)
{
    const csv_table *t = &rd->t;
    int64_t h = rd->mark[s] + 1;
    tb->ncols = csv_row_len(t, h);
    tb->nrows = rd->end[s] - h - 1;
    tb->header_line = csv_cell(t, h, 0)->line;
    tb->header = ogas_calloc((size_t)tb->ncols, sizeof *tb->header);
    tb->cell = ogas_calloc((size_t)(tb->nrows * tb->ncols), sizeof *tb->cell);
    tb->line = ogas_mallocarray((size_t)tb->nrows, sizeof *tb->line);
    if (!tb->header || !tb->cell || !tb->line) return no_memory(rd);
    for (int64_t c = 0; c < tb->ncols; c++) {
        const csv_field *f = csv_cell(t, h, c);
        if (!(tb->header[c] = ogas_strndup(f->s, f->len))) return no_memory(rd);
    }
    for (int64_t r = 0; r < tb->nrows; r++) {
        tb->line[r] = csv_cell(t, h + 1 + r, 0)->line;
        for (int64_t c = 0; c < tb->ncols; c++) {
            const csv_field *f = csv_cell(t, h + 1 + r, c);
            if (!(tb->cell[r * tb->ncols + c] = ogas_strndup(f->s, f->len))) return no_memory(rd);
        }
    }
    return OGAS_OK;
}

/* Column named name in tb's header, or -1. */
static int64_t column_of(const ogas_pb_table *tb, const char *name)
{
    for (int64_t c = 0; c < tb->ncols; c++)
        if (strcmp(tb->header[c], name) == 0) return c;
    return -1;
}

/* Reads the decimal amount in f ("what" names it in errors): optional sign, digits, optional '.' and
 * digits, blanks around. *frac := its decimals without trailing zeros. Positive amounts are always
 * accepted, zero when zero_ok, negative ones never. */
static ogas_status money_scan(pb_reader *rd, const csv_field *f, const char *what, int zero_ok, int *frac)
{
    size_t a = 0, b = f->len, k;
    int neg = 0, nonzero = 0, digits = 0, comma = 0;
    char b1[48];
    while (a < b && (f->s[a] == ' ' || f->s[a] == '\t')) a++;
    while (b > a && (f->s[b - 1] == ' ' || f->s[b - 1] == '\t')) b--;
    if (a == b) return bad_at(rd, f->line, f->col, "%s is empty (expected a number)", what);
    if (f->s[a] == '+' || f->s[a] == '-') neg = f->s[a++] == '-';
    *frac = 0;
    for (k = a; k < b && f->s[k] >= '0' && f->s[k] <= '9'; k++) digits++, nonzero |= f->s[k] != '0';
    if (k < b && (f->s[k] == '.' || f->s[k] == ',')) {
        size_t point = k, last = k;
        comma = f->s[k] == ',';
        for (k++; k < b && f->s[k] >= '0' && f->s[k] <= '9'; k++) {
            digits++;
            if (f->s[k] != '0') nonzero = 1, last = k;
        }
        *frac = last - point > MAX_SCALE ? MAX_SCALE + 1 : (int)(last - point);
    }
    if (k < b || digits == 0)
        return bad_at(rd, f->line, f->col, "%s is not a number: '%s'", what, show(b1, f->s, f->len));
    if (comma)
        return bad_at(rd, f->line, f->col, "%s '%s' has a decimal comma (expected a decimal point)", what,
                      show(b1, f->s, f->len));
    if (neg && nonzero)
        return bad_at(rd, f->line, f->col, "%s must be %s, found '%s'", what, zero_ok ? ">= 0" : "> 0",
                      show(b1, f->s, f->len));
    if (!nonzero && !zero_ok) return bad_at(rd, f->line, f->col, "%s must be > 0, found '%s'", what, show(b1, f->s, f->len));
    if (*frac > MAX_SCALE)
        return bad_at(rd, f->line, f->col, "%s '%s' has more than %d decimals", what, show(b1, f->s, f->len), MAX_SCALE);
    return OGAS_OK;
}

/* *v := the amount in f (checked by money_scan) in units of 10^-scale. */
static ogas_status money_value(pb_reader *rd, const csv_field *f, const char *what, int scale, int64_t *v)
{
    const char *s = f->s, *e = f->s + f->len;
    int64_t x = 0;
    int dec = -1;
    char b1[48];
    for (; s < e && dec < scale; s++) {
        int d;
        if (*s == '.') {
            dec = 0;
            continue;
        }
        if (*s < '0' || *s > '9') continue; /* blanks and sign */
        d = *s - '0';
        if (x > (INT64_MAX - d) / 10) goto overflow;
        x = x * 10 + d;
        if (dec >= 0) dec++;
    }
    for (dec = dec < 0 ? 0 : dec; dec < scale; dec++) {
        if (x > INT64_MAX / 10) goto overflow;
        x *= 10;
    }
    *v = x;
    return OGAS_OK;
overflow:
    return bad_at(rd, f->line, f->col, "%s '%s' is too large (over %lld units of 10^-%d)", what, show(b1, f->s, f->len),
                  (long long)INT64_MAX, scale);
}

/* *out := the integer in META row r's value, in [lo, INT64_MAX]. */
static ogas_status meta_int(pb_reader *rd, int64_t r, int64_t lo, int64_t *out)
{
    const csv_field *k = cell(rd, SEC_META, r, 0), *f = cell(rd, SEC_META, r, 1);
    char b1[48];
    if (ogas_parse_int64(f->s, f->len, lo, INT64_MAX, out)) return OGAS_OK;
    if (lo == 0)
        return bad_at(rd, f->line, f->col, "%s must be an integer >= 0, found '%s'", k->s, show(b1, f->s, f->len));
    return bad_at(rd, f->line, f->col, "%s must be an integer, found '%s'", k->s, show(b1, f->s, f->len));
}

/* Checks that the META limits lo <= hi where both are given. */
static ogas_status meta_order(pb_reader *rd, int klo, int khi, int64_t lo, int64_t hi)
{
    if (rd->key_row[klo] >= 0 && rd->key_row[khi] >= 0 && lo > hi) {
        const csv_field *f = cell(rd, SEC_META, rd->key_row[khi], 1);
        return bad_at(rd, f->line, f->col, "%s %lld is less than %s %lld", key_name[khi], (long long)hi,
                      key_name[klo], (long long)lo);
    }
    return OGAS_OK;
}

/* Interprets META: keys unique, budget and vote_type present, the limits and counts. *budget_frac :=
 * the budget's decimals. */
static ogas_status read_meta(pb_reader *rd, int *budget_frac)
{
    ogas_pb *pb = rd->pb;
    ogas_strmap keys;
    int64_t n = pb->meta.nrows, lim[NKEYS];
    const csv_field *mark = csv_cell(&rd->t, rd->mark[SEC_META], 0);
    ogas_status rc = OGAS_OK;
    char b1[48];
    int points;

    memset(&keys, 0, sizeof keys);
    for (int k = 0; k < NKEYS; k++) rd->key_row[k] = lim[k] = -1;
    if (!ogas_strmap_init(&keys, (size_t)n)) return no_memory(rd);
    for (int64_t r = 0; r < n; r++) {
        const csv_field *f = cell(rd, SEC_META, r, 0);
        int64_t old;
        int got;
        if (f->len == 0) {
            rc = bad_at(rd, f->line, f->col, "empty META key");
            goto done;
        }
        if ((got = ogas_strmap_put(&keys, f->s, f->len, r, &old)) < 0) {
            rc = no_memory(rd);
            goto done;
        }
        if (got == 0) {
            rc = bad_at(rd, f->line, f->col, "META key '%s' appears twice (first on line %ld)", show(b1, f->s, f->len),
                        pb->meta.line[old]);
            goto done;
        }
        for (int k = 0; k < NKEYS; k++)
            if (strcmp(f->s, key_name[k]) == 0) rd->key_row[k] = r;
    }
    if (rd->key_row[K_BUDGET] < 0 || rd->key_row[K_VOTE_TYPE] < 0) {
        rc = bad_at(rd, mark->line, mark->col, "META has no %s", rd->key_row[K_BUDGET] < 0 ? "budget" : "vote_type");
        goto done;
    }
    {
        const csv_field *f = cell(rd, SEC_META, rd->key_row[K_VOTE_TYPE], 1);
        size_t a = 0, b = f->len;
        int t;
        while (a < b && (f->s[a] == ' ' || f->s[a] == '\t')) a++;
        while (b > a && (f->s[b - 1] == ' ' || f->s[b - 1] == '\t')) b--;
        for (t = 0; t < NTYPES; t++)
            if (strlen(ogas_pb_vote_type_name((ogas_pb_vote_type)t)) == b - a &&
                memcmp(ogas_pb_vote_type_name((ogas_pb_vote_type)t), f->s + a, b - a) == 0)
                break;
        if (t == NTYPES) {
            rc = bad_at(rd, f->line, f->col,
                        "unknown vote_type '%s' (expected approval, choose-1, ordinal, cumulative or scoring)",
                        show(b1, f->s, f->len));
            goto done;
        }
        pb->vote_type = (ogas_pb_vote_type)t;
    }
    points = pb->vote_type == OGAS_PB_CUMULATIVE || pb->vote_type == OGAS_PB_SCORING;
    /* The values, in the file's order. */
    for (int64_t r = 0; r < n; r++) {
        int k;
        for (k = 0; k < NKEYS && rd->key_row[k] != r; k++) continue;
        if (k == K_BUDGET) {
            rc = money_scan(rd, cell(rd, SEC_META, r, 1), "budget", 1, budget_frac);
        } else if (k == K_RULE) {
            pb->rule = pb->meta.cell[r * pb->meta.ncols + 1];
        } else if (k == K_NUM_PROJECTS || k == K_NUM_VOTES || k == K_MIN_LENGTH || k == K_MAX_LENGTH || k == K_MIN_PST) {
            rc = meta_int(rd, r, 0, &lim[k]);
        } else if (points && k >= K_MIN_POINTS && k <= K_MAX_SUM_POINTS) {
            rc = meta_int(rd, r, INT64_MIN, &lim[k]);
        }
        if (rc) goto done;
    }
    if ((rc = meta_order(rd, K_MIN_LENGTH, K_MAX_LENGTH, lim[K_MIN_LENGTH], lim[K_MAX_LENGTH])) ||
        (rc = meta_order(rd, K_MIN_POINTS, K_MAX_POINTS, lim[K_MIN_POINTS], lim[K_MAX_POINTS])) ||
        (rc = meta_order(rd, K_MIN_SUM_POINTS, K_MAX_SUM_POINTS, lim[K_MIN_SUM_POINTS], lim[K_MAX_SUM_POINTS])))
        goto done;
    if (!points) /* kept as text only */
        for (int k = K_MIN_POINTS; k <= K_MAX_SUM_POINTS; k++) rd->key_row[k] = -1;
    rd->num_projects = lim[K_NUM_PROJECTS];
    rd->num_votes = lim[K_NUM_VOTES];
    pb->min_length = lim[K_MIN_LENGTH];
    pb->max_length = lim[K_MAX_LENGTH];
    pb->min_points = lim[K_MIN_POINTS];
    pb->max_points = lim[K_MAX_POINTS];
    pb->min_sum_points = lim[K_MIN_SUM_POINTS];
    pb->max_sum_points = lim[K_MAX_SUM_POINTS];
    pb->min_project_score_threshold = lim[K_MIN_PST];
done:
    ogas_strmap_free(&keys);
    return rc;
}

/* Checks META count key k (num_projects, num_votes) against the count found. */
static ogas_status check_count(pb_reader *rd, int k, int64_t want, int64_t found, const char *what)
{
    const csv_field *f;
    if (rd->key_row[k] < 0 || want == found) return OGAS_OK;
    f = cell(rd, SEC_META, rd->key_row[k], 1);
    return bad_at(rd, f->line, f->col, "%s is %lld but the file has %lld %s", key_name[k], (long long)want,
                  (long long)found, what);
}

/* Interprets PROJECTS and the money: project ids unique (*map := id -> index), costs > 0, selected >= 0,
 * the budget and the costs in units of 10^-scale. */
static ogas_status read_projects(pb_reader *rd, int budget_frac, ogas_strmap *map)
{
    ogas_pb *pb = rd->pb;
    const ogas_pb_table *tb = &pb->projects;
    int64_t n = tb->nrows, sel = column_of(tb, "selected");
    int scale = budget_frac;
    ogas_status rc;
    char b1[48], what[96];

    if (n == 0) return bad_at(rd, tb->header_line, 1, "section PROJECTS lists no projects");
    if (n > INT32_MAX) return bad_at(rd, tb->header_line, 1, "more than %ld projects", (long)INT32_MAX);
    pb->nprojects = n;
    pb->project = ogas_mallocarray((size_t)n, sizeof *pb->project);
    pb->cost = ogas_mallocarray((size_t)n, sizeof *pb->cost);
    if (sel >= 0) pb->selected = ogas_mallocarray((size_t)n, sizeof *pb->selected);
    if (!pb->project || !pb->cost || (sel >= 0 && !pb->selected) || !ogas_strmap_init(map, (size_t)n))
        return no_memory(rd);
    for (int64_t r = 0; r < n; r++) {
        const csv_field *id = cell(rd, SEC_PROJECTS, r, 0);
        int64_t old;
        int got, frac;
        pb->project[r] = tb->cell[r * tb->ncols];
        if (blank(id)) return bad_at(rd, id->line, id->col, "empty project_id");
        if ((got = ogas_strmap_put(map, id->s, id->len, r, &old)) < 0) return no_memory(rd);
        if (got == 0)
            return bad_at(rd, id->line, id->col, "duplicate project '%s' (first on line %ld)", show(b1, id->s, id->len),
                          tb->line[old]);
        snprintf(what, sizeof what, "cost of project '%s'", show(b1, id->s, id->len));
        if ((rc = money_scan(rd, cell(rd, SEC_PROJECTS, r, 1), what, 0, &frac))) return rc;
        if (frac > scale) scale = frac;
        if (sel >= 0) {
            const csv_field *f = cell(rd, SEC_PROJECTS, r, sel);
            int64_t v;
            if (!ogas_parse_int64(f->s, f->len, 0, INT_MAX, &v))
                return bad_at(rd, f->line, f->col, "selected of project '%s' must be an integer >= 0, found '%s'",
                              show(b1, id->s, id->len), show(what, f->s, f->len));
            pb->selected[r] = (int)v;
        }
    }
    pb->scale = scale;
    if ((rc = money_value(rd, cell(rd, SEC_META, rd->key_row[K_BUDGET], 1), "budget", scale, &pb->budget)))
        return rc;
    for (int64_t r = 0; r < n; r++) {
        const csv_field *id = cell(rd, SEC_PROJECTS, r, 0);
        snprintf(what, sizeof what, "cost of project '%s'", show(b1, id->s, id->len));
        if ((rc = money_value(rd, cell(rd, SEC_PROJECTS, r, 1), what, scale, &pb->cost[r]))) return rc;
    }
    return check_count(rd, K_NUM_PROJECTS, rd->num_projects, n, "projects");
}

/* Checks voter v's ballot length (choose-1: one project; min_length, max_length). */
static ogas_status check_length(pb_reader *rd, const csv_field *id, const csv_field *f, int64_t len)
{
    const ogas_pb *pb = rd->pb;
    char b1[48];
    if (pb->vote_type == OGAS_PB_CHOOSE1 && len != 1)
        return bad_at(rd, f->line, f->col, "the choose-1 ballot of voter '%s' names %lld projects (expected exactly 1)",
                      show(b1, id->s, id->len), (long long)len);
    if (pb->min_length >= 0 && len < pb->min_length)
        return bad_at(rd, f->line, f->col, "the ballot of voter '%s' names %lld projects, fewer than min_length %lld",
                      show(b1, id->s, id->len), (long long)len, (long long)pb->min_length);
    if (pb->max_length >= 0 && len > pb->max_length)
        return bad_at(rd, f->line, f->col, "the ballot of voter '%s' names %lld projects, more than max_length %lld",
                      show(b1, id->s, id->len), (long long)len, (long long)pb->max_length);
    return OGAS_OK;
}

/* Reads voter v's points (cumulative, scoring) into pb->points[q0 .. q0+len) and checks them against
 * the META limits. */
static ogas_status read_points(pb_reader *rd, int64_t v, int64_t pcol, int64_t q0, int64_t len)
{
    ogas_pb *pb = rd->pb;
    const csv_field *id = cell(rd, SEC_VOTES, v, 0), *f = cell(rd, SEC_VOTES, v, pcol);
    int64_t np = list_len(f), sum = 0, lo = pb->vote_type == OGAS_PB_CUMULATIVE ? 0 : INT64_MIN;
    size_t pos = 0, a, b;
    char b1[48], b2[48];

    if (np != len)
        return bad_at(rd, f->line, f->col, "voter '%s' has %lld projects in vote but %lld in points",
                      show(b1, id->s, id->len), (long long)len, (long long)np);
    for (int64_t k = 0; k < len; k++) {
        int64_t x;
        list_next(f, &pos, &a, &b);
        if (!ogas_parse_int64(f->s + a, b - a, lo, INT64_MAX, &x))
            return bad_at(rd, f->line, column_in(f, a), "points of voter '%s' must be integers%s, found '%s'",
                          show(b1, id->s, id->len), lo == 0 ? " >= 0" : "", show(b2, f->s + a, b - a));
        if (rd->key_row[K_MAX_POINTS] >= 0 && x > pb->max_points)
            return bad_at(rd, f->line, column_in(f, a), "voter '%s' gives %lld points, over the maximum max_points %lld",
                          show(b1, id->s, id->len), (long long)x, (long long)pb->max_points);
        if (rd->key_row[K_MIN_POINTS] >= 0 && x < pb->min_points)
            return bad_at(rd, f->line, column_in(f, a), "voter '%s' gives %lld points, under the minimum min_points %lld",
                          show(b1, id->s, id->len), (long long)x, (long long)pb->min_points);
        if ((x > 0 && sum > INT64_MAX - x) || (x < 0 && sum < INT64_MIN - x))
            return bad_at(rd, f->line, f->col, "the points of voter '%s' add up beyond 64-bit integers",
                          show(b1, id->s, id->len));
        sum += x;
        pb->points[q0 + k] = x;
    }
    if (rd->key_row[K_MAX_SUM_POINTS] >= 0 && sum > pb->max_sum_points)
        return bad_at(rd, f->line, f->col, "the points of voter '%s' sum to %lld, over the maximum max_sum_points %lld",
                      show(b1, id->s, id->len), (long long)sum, (long long)pb->max_sum_points);
    if (rd->key_row[K_MIN_SUM_POINTS] >= 0 && sum < pb->min_sum_points)
        return bad_at(rd, f->line, f->col, "the points of voter '%s' sum to %lld, under the minimum min_sum_points %lld",
                      show(b1, id->s, id->len), (long long)sum, (long long)pb->min_sum_points);
    return OGAS_OK;
}

/* Interprets VOTES: voter ids unique, each ballot a list of distinct listed projects within the META
 * limits, with points for cumulative and scoring ballots. */
static ogas_status read_votes(pb_reader *rd, const ogas_strmap *projects)
{
    ogas_pb *pb = rd->pb;
    const ogas_pb_table *tb = &pb->votes;
    int64_t n = tb->nrows, vcol = column_of(tb, "vote"), pcol = -1, total = 0, *stamp = NULL;
    int points = pb->vote_type == OGAS_PB_CUMULATIVE || pb->vote_type == OGAS_PB_SCORING;
    ogas_strmap voters;
    ogas_status rc = OGAS_OK;
    char b1[48], b2[48];

    memset(&voters, 0, sizeof voters);
    if (points && (pcol = column_of(tb, "points")) < 0)
        return bad_at(rd, tb->header_line, 1, "the VOTES header has no column points (vote_type %s needs one)",
                      ogas_pb_vote_type_name(pb->vote_type));
    pb->nvoters = n;
    pb->voter = ogas_mallocarray((size_t)n, sizeof *pb->voter);
    pb->ballot = ogas_mallocarray((size_t)n + 1, sizeof *pb->ballot);
    stamp = ogas_mallocarray((size_t)pb->nprojects, sizeof *stamp);
    if (!pb->voter || !pb->ballot || !stamp || !ogas_strmap_init(&voters, (size_t)n)) {
        rc = no_memory(rd);
        goto done;
    }
    for (int64_t v = 0; v < n; v++) total += list_len(cell(rd, SEC_VOTES, v, vcol));
    pb->choice = ogas_mallocarray((size_t)total, sizeof *pb->choice);
    if (points) pb->points = ogas_mallocarray((size_t)total, sizeof *pb->points);
    if (!pb->choice || (points && !pb->points)) {
        rc = no_memory(rd);
        goto done;
    }
    for (int64_t p = 0; p < pb->nprojects; p++) stamp[p] = -1;
    pb->ballot[0] = 0;
    for (int64_t v = 0, q = 0; v < n; v++) {
        const csv_field *id = cell(rd, SEC_VOTES, v, 0), *f = cell(rd, SEC_VOTES, v, vcol);
        int64_t len = list_len(f), old;
        size_t pos = 0, a, b;
        int got;
        pb->voter[v] = tb->cell[v * tb->ncols];
        if (blank(id)) {
            rc = bad_at(rd, id->line, id->col, "empty voter_id");
            goto done;
        }
        if ((got = ogas_strmap_put(&voters, id->s, id->len, v, &old)) < 0) {
            rc = no_memory(rd);
            goto done;
        }
        if (got == 0) {
            rc = bad_at(rd, id->line, id->col, "duplicate voter '%s' (first on line %ld)", show(b1, id->s, id->len),
                        tb->line[old]);
            goto done;
        }
        for (int64_t k = 0; k < len; k++) {
            int64_t p;
            list_next(f, &pos, &a, &b);
            if (a == b) {
                rc = bad_at(rd, f->line, column_in(f, a), "empty project id in the vote of voter '%s'",
                            show(b1, id->s, id->len));
                goto done;
            }
            if ((p = ogas_strmap_get(projects, f->s + a, b - a)) < 0) {
                rc = bad_at(rd, f->line, column_in(f, a), "unknown project '%s' in the vote of voter '%s'",
                            show(b2, f->s + a, b - a), show(b1, id->s, id->len));
                goto done;
            }
            if (stamp[p] == v) {
                rc = bad_at(rd, f->line, column_in(f, a), "project '%s' appears twice in the vote of voter '%s'",
                            show(b2, f->s + a, b - a), show(b1, id->s, id->len));
                goto done;
            }
            stamp[p] = v;
            pb->choice[q + k] = (int32_t)p;
        }
        if ((rc = check_length(rd, id, f, len))) goto done;
        if (points && (rc = read_points(rd, v, pcol, q, len))) goto done;
        q += len;
        pb->ballot[v + 1] = q;
    }
    rc = check_count(rd, K_NUM_VOTES, rd->num_votes, n, "voters");
done:
    ogas_free(stamp);
    ogas_strmap_free(&voters);
    return rc;
}

/* pb := the election in data[0..len). */
ogas_status ogas_pb_parse(const char *name, const char *data, size_t len, ogas_pb *pb, ogas_error *err)
{
    pb_reader rd;
    ogas_strmap projects;
    ogas_status rc;
    int budget_frac = 0;

    memset(&rd, 0, sizeof rd);
    memset(&projects, 0, sizeof projects);
    if (!pb) return ogas_error_set(err, OGAS_EARG, "no election to read into");
    memset(pb, 0, sizeof *pb);
    if (!data && len > 0) return ogas_error_set(err, OGAS_EARG, "no data to read");
    rd.file = name ? name : "<input>";
    rd.err = err;
    rd.pb = pb;
    if ((rc = csv_parse(rd.file, data ? data : "", len, ';', &rd.t, err))) return rc;
    if ((rc = find_sections(&rd))) goto done;
    for (int s = 0; s < NSEC; s++)
        if ((rc = check_layout(&rd, s))) goto done;
    if ((rc = copy_table(&rd, SEC_META, &pb->meta)) || (rc = copy_table(&rd, SEC_PROJECTS, &pb->projects)) ||
        (rc = copy_table(&rd, SEC_VOTES, &pb->votes)))
        goto done;
    {
        const char *nl = memchr(data, '\n', len);
        pb->crlf = nl && nl > data && nl[-1] == '\r';
        pb->final_newline = len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r');
    }
    if ((rc = read_meta(&rd, &budget_frac)) || (rc = read_projects(&rd, budget_frac, &projects)) ||
        (rc = read_votes(&rd, &projects)))
        goto done;
done:
    if (rc) ogas_pb_free(pb);
    ogas_strmap_free(&projects);
    csv_free(&rd.t);
    return rc;
}

/* pb := the election in the file at path. */
ogas_status ogas_pb_read(const char *path, ogas_pb *pb, ogas_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    ogas_status rc;
    if (!pb) return ogas_error_set(err, OGAS_EARG, "no election to read into");
    memset(pb, 0, sizeof *pb);
    if (!path) return ogas_error_set(err, OGAS_EARG, "no file to read");
    if ((rc = formats__slurp(path, &buf, &len, err))) return rc;
    rc = ogas_pb_parse(path, buf, len, pb, err);
    ogas_free(buf);
    return rc;
}
