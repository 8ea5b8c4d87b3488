/* golden.c: a minimal CSV reader for reference files (quoted fields without embedded quotes or line
 * ends, as in the bundled published tables). */
#include "golden.h"

/* Splits one line into at most max fields (in place); returns the count. */
static int split_line(char *line, char **f, int max)
{
    int k = 0;
    char *p = line;
    for (;;) {
        char *end;
        if (k == max) break;
        if (*p == '"') {
            end = strchr(p + 1, '"');
            if (!end) break;
            f[k++] = p + 1;
            *end = '\0';
            p = end + 1;
        } else {
            end = p + strcspn(p, ",\r\n");
            f[k++] = p;
            p = end;
        }
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    return k;
}

static double num(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return end != s && *end == '\0' ? v : NAN;
}

static char *dup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    strcpy(c, s);
    return c;
}

#define MAXF 4096

int golden_read_matrix(const char *path, golden_matrix *m)
{
    FILE *fp = fopen(path, "r");
    static char line[1 << 20];
    char *f[MAXF];
    int n, cap = 64;
    memset(m, 0, sizeof *m);
    if (!fp) return 0;
    if (!fgets(line, sizeof line, fp)) {
        fclose(fp);
        return 0;
    }
    n = split_line(line, f, MAXF);
    m->ncols = n - 1;
    m->col = malloc((size_t)m->ncols * sizeof *m->col);
    for (int c = 1; c < n; c++) m->col[c - 1] = dup(f[c]);
    m->row = malloc((size_t)cap * sizeof *m->row);
    m->x = malloc((size_t)cap * (size_t)m->ncols * sizeof *m->x);
    while (fgets(line, sizeof line, fp)) {
        int k = split_line(line, f, MAXF);
        if (k < 1) continue;
        if (m->nrows == cap) {
            cap *= 2;
            m->row = realloc(m->row, (size_t)cap * sizeof *m->row);
            m->x = realloc(m->x, (size_t)cap * (size_t)m->ncols * sizeof *m->x);
        }
        m->row[m->nrows] = dup(f[0]);
        for (int c = 0; c < m->ncols; c++) m->x[(size_t)m->nrows * m->ncols + c] = c + 1 < k ? num(f[c + 1]) : NAN;
        m->nrows++;
    }
    fclose(fp);
    return m->nrows > 0;
}

double golden_at(const golden_matrix *m, const char *row, const char *col)
{
    int r, c;
    for (r = 0; r < m->nrows && strcmp(m->row[r], row) != 0; r++) {}
    for (c = 0; c < m->ncols && strcmp(m->col[c], col) != 0; c++) {}
    if (r == m->nrows || c == m->ncols) return NAN;
    return m->x[(size_t)r * m->ncols + c];
}

void golden_free(golden_matrix *m)
{
    for (int r = 0; r < m->nrows; r++) free(m->row[r]);
    for (int c = 0; c < m->ncols; c++) free(m->col[c]);
    free(m->row);
    free(m->col);
    free(m->x);
    memset(m, 0, sizeof *m);
}

int golden_read_table(const char *path, golden_table *t)
{
    golden_matrix m;
    if (!golden_read_matrix(path, &m)) return 0;
    t->nrows = m.nrows;
    t->ncols = m.ncols;
    t->label = m.row;
    t->v = malloc((size_t)m.nrows * sizeof *t->v);
    for (int r = 0; r < m.nrows; r++) {
        t->v[r] = malloc((size_t)m.ncols * sizeof **t->v);
        memcpy(t->v[r], m.x + (size_t)r * m.ncols, (size_t)m.ncols * sizeof **t->v);
    }
    for (int c = 0; c < m.ncols; c++) free(m.col[c]);
    free(m.col);
    free(m.x);
    return 1;
}

void golden_free_table(golden_table *t)
{
    for (int r = 0; r < t->nrows; r++) {
        free(t->label[r]);
        free(t->v[r]);
    }
    free(t->label);
    free(t->v);
    memset(t, 0, sizeof *t);
}

int golden_economy(const char *path, const ogas_read_options *o, ogas_economy *e)
{
    ogas_error err;
    if (ogas_economy_read(path, o, e, &err) != OGAS_OK) {
        char buf[1200];
        test_fail(__FILE__, __LINE__, "reading %s: %s", path, ogas_error_format(&err, buf, sizeof buf));
        return 0;
    }
    return 1;
}
