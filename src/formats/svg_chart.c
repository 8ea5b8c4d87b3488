/* svg_chart.c: line charts of time series as SVG 1.1 (panels side by side, nice ticks, one legend).
 * The text is built in memory, then written through ogas_out (temporary file renamed into place).
 * Numbers are written with fixed decimals, so the same chart gives the same bytes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/chart.h"
#include "ogas/core.h"
#include "ogas/formats.h"

#define BIG 1e300            /* values beyond this are gaps, like infinities */
#define LEGEND_ROW 20        /* height of a legend row */
#define LEGEND_SWATCH 24     /* length of a legend's line sample */
#define CHAR_W 7.0           /* estimated width of a character of 12px sans-serif text */

/* Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008), yellow last. After
 * its 8 colours come again with dashes. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
#define NPALETTE 8
static const char *const dashes[] = {NULL, "6 3", "2 2", "8 3 2 3"};
#define NDASHES 4

/* A growing text buffer; a failed allocation sets oom and later appends do nothing. */
typedef struct sbuf {
    char *p;    /* text, NUL-terminated when len > 0 */
    size_t len; /* bytes used */
    size_t cap; /* bytes allocated */
    int oom;    /* an allocation failed */
} sbuf;

/* Makes room for extra more bytes plus a NUL; 0 on out of memory. */
static int sb_reserve(sbuf *b, size_t extra)
{
    size_t cap;
    char *p;
    if (b->oom) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1) cap *= 2;
    p = ogas_reallocarray(b->p, cap, 1);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

/* b += s[0..n) */
static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* b += s */
static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* b += printf(fmt, ...) (pieces under 512 bytes) */
static void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    int n;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Length of the well-formed UTF-8 character of an XML document at s (0 if there is none):
 * no overlong forms, no surrogates, nothing above U+10FFFF, not U+FFFE or U+FFFF. */
static int utf8_char(const unsigned char *s)
{
    unsigned c = s[0], cp;
    int n;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
    else return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
    return n;
}

/* b += s escaped for XML text and attributes: & < > " ' as entities, control characters as blanks,
 * bytes that are not UTF-8 as U+FFFD; other UTF-8 kept. Returns the characters written. */
static size_t sb_text(sbuf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t chars = 0;
    while (*u) {
        int n = utf8_char(u);
        chars++;
        if (n == 0) {
            sb_puts(b, "\xEF\xBF\xBD");
            u++;
            continue;
        }
        switch (*u) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        case '\'': sb_puts(b, "&apos;"); break;
        default:
            if (*u < 0x20 || *u == 0x7F) sb_puts(b, " ");
            else sb_put(b, (const char *)u, (size_t)n);
        }
        u += n;
    }
    return chars;
}

/* Characters of s as sb_text writes them (for estimating text widths). */
static size_t text_chars(const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t chars = 0;
    while (*u) {
        int n = utf8_char(u);
        u += n ? n : 1;
        chars++;
    }
    return chars;
}

/* 1 if (x, y) is drawn, 0 if it is a gap. */
static int drawn(double x, double y)
{
    return fabs(x) <= BIG && fabs(y) <= BIG; /* false for NaN and infinities */
}

/* 10^e for integer e (exact up to 10^22). */
static double pow10i(int e)
{
    return pow(10.0, (double)e);
}

/* k-th multiple of the step m * 10^e, rounded once (so 3 * 0.1 is 0.3). */
static double multiple(double k, int m, int e)
{
    return e >= 0 ? k * m * pow10i(e) : k * m / pow10i(-e);
}

/* Nice ticks after Heckbert ("Nice numbers for graph labels", Graphics Gems, 1990): step = m * 10^e,
 * m in {1, 2, 5}, the nice number nearest to a fifth of the range (and at least 1e-9 of the
 * magnitude, so that the ticks stay distinct and evenly spaced in double precision); the ticks are the
 * multiples of step from floor(lo / step) to ceil(hi / step): 4 to 11 of them. */
int ogas_chart_ticks(double lo, double hi, double ticks[OGAS_CHART_MAXTICKS], double *step)
{
    double raw, amax, k0, k1, norm;
    int e, m, nt;
    if (!(lo <= hi) || !(fabs(lo) <= BIG) || !(fabs(hi) <= BIG)) lo = 0, hi = 1; /* outside the contract */
    if (lo == hi) {
        double d = lo != 0 ? fabs(lo) * 0.1 : 1;
        if (lo == 0) lo = 0, hi = 1;
        else lo -= d, hi += d;
    }
    amax = fmax(fabs(lo), fabs(hi));
    raw = fmax((hi - lo) / 5, fmax(amax * 1e-9, 1e-300));
    e = (int)floor(log10(raw));
    norm = raw / pow10i(e);
    if (norm >= 10) e++, norm /= 10; /* log10 rounding */
    if (norm < 1) e--, norm *= 10;
    m = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
    if (m == 10) m = 1, e++;
    *step = multiple(1, m, e);
    k0 = floor(lo / *step);
    k1 = ceil(hi / *step);
    while (multiple(k0, m, e) > lo) k0--; /* rounding in the division */
    while (multiple(k1, m, e) < hi) k1++;
    if (k1 <= k0) k1 = k0 + 1;
    nt = (int)fmin(k1 - k0 + 1, OGAS_CHART_MAXTICKS);
    for (int i = 0; i < nt; i++) ticks[i] = multiple(k0 + i, m, e);
    return nt;
}

/* buf := label of tick v on an axis whose ticks are step apart and reach amax in magnitude: fixed
 * decimals for step's decade, or d.ddde±x for large or small numbers ("1.5e6", "2e-5"). */
static char *tick_label(char *buf, double v, double step, double amax)
{
    int e = (int)floor(log10(step) + 1e-9);
    if (v == 0 || fabs(v) < step * 1e-6) v = 0; /* no "-0" */
    if (e <= -5 || e >= 5 || amax >= 1e7) {
        char mant[32], *x, *end;
        int ev = v == 0 ? e : (int)floor(log10(fabs(v)) + 1e-9);
        int digits = ev - e < 0 ? 0 : ev - e > 15 ? 15 : ev - e;
        if (v == 0) {
            snprintf(buf, 32, "0");
            return buf;
        }
        snprintf(mant, sizeof mant, "%.*e", digits, v);
        x = strchr(mant, 'e');
        *x = '\0';
        end = x;
        if (strchr(mant, '.')) {
            while (end[-1] == '0') end--;
            if (end[-1] == '.') end--;
        }
        *end = '\0';
        snprintf(buf, 32, "%.18se%d", mant, (int)strtol(x + 1, NULL, 10));
    } else {
        snprintf(buf, 32, "%.*f", e < 0 ? -e : 0, v);
    }
    return buf;
}

/* The axes of one panel: ticks, and the data's range. */
typedef struct axes {
    double xt[OGAS_CHART_MAXTICKS], yt[OGAS_CHART_MAXTICKS];
    double xstep, ystep;
    int nxt, nyt;
    double xlo, xhi, ylo, yhi; /* data (drawn points), then hint */
    int has;                   /* any drawn point */
} axes;

/* a := range of the drawn points of panel p. */
static void data_range(const ogas_chart_panel *p, axes *a)
{
    a->has = 0;
    a->xlo = a->ylo = INFINITY;
    a->xhi = a->yhi = -INFINITY;
    for (int64_t s = 0; s < p->nseries; s++) {
        const ogas_chart_series *se = &p->series[s];
        for (int64_t i = 0; i < se->n; i++) {
            if (!drawn(se->x[i], se->y[i])) continue;
            a->has = 1;
            a->xlo = fmin(a->xlo, se->x[i]);
            a->xhi = fmax(a->xhi, se->x[i]);
            a->ylo = fmin(a->ylo, se->y[i]);
            a->yhi = fmax(a->yhi, se->y[i]);
        }
    }
    if (!a->has) a->xlo = a->ylo = 0, a->xhi = a->yhi = 1;
}

/* Checks c; OGAS_EARG with a message naming the panel and series at fault. */
static ogas_status check_chart(const ogas_chart *c, ogas_error *err)
{
    if (!c) return ogas_error_set(err, OGAS_EARG, "chart: no chart");
    if (c->npanels <= 0 || !c->panels)
        return ogas_error_set(err, OGAS_EARG, "chart: needs at least one panel (npanels = %d)", c->npanels);
    for (int p = 0; p < c->npanels; p++) {
        const ogas_chart_panel *pa = &c->panels[p];
        if (pa->nseries < 0 || (pa->nseries > 0 && !pa->series))
            return ogas_error_set(err, OGAS_EARG, "chart: panel %d: %s", p + 1,
                                  pa->nseries < 0 ? "negative number of series" : "no series array");
        for (int64_t s = 0; s < pa->nseries; s++) {
            const ogas_chart_series *se = &pa->series[s];
            if (se->n < 0 || (se->n > 0 && (!se->x || !se->y)))
                return ogas_error_set(err, OGAS_EARG, "chart: panel %d, series %lld (%.200s): %s", p + 1,
                                      (long long)s + 1, se->name ? se->name : "unnamed",
                                      se->n < 0 ? "negative number of points" : "no x or y array");
        }
    }
    return OGAS_OK;
}

/* colour[g] := style of the g-th series of the chart (panels in order): the same name gets the same
 * style, new names the next one. Returns the number of styles. */
static int64_t assign_styles(const ogas_chart *c, int64_t *colour)
{
    int64_t g = 0, next = 0;
    for (int p = 0; p < c->npanels; p++)
        for (int64_t s = 0; s < c->panels[p].nseries; s++, g++) {
            const char *name = c->panels[p].series[s].name ? c->panels[p].series[s].name : "";
            int64_t h = 0;
            colour[g] = -1;
            for (int q = 0; q <= p && colour[g] < 0; q++)
                for (int64_t t = 0; t < c->panels[q].nseries && h < g; t++, h++) {
                    const char *other = c->panels[q].series[t].name ? c->panels[q].series[t].name : "";
                    if (strcmp(name, other) == 0) {
                        colour[g] = colour[h];
                        break;
                    }
                }
            if (colour[g] < 0) colour[g] = next++;
        }
    return next;
}

/* b += stroke attributes of style k. */
static void put_stroke(sbuf *b, int64_t k)
{
    const char *dash = dashes[(k / NPALETTE) % NDASHES];
    sb_printf(b, "stroke=\"%s\"", palette[k % NPALETTE]);
    if (dash) sb_printf(b, " stroke-dasharray=\"%s\"", dash);
}

/* b += the axes, gridlines, ticks, labels and title of panel p at column left. */
static void put_frame(sbuf *b, const ogas_chart *c, int p, const axes *a, double left)
{
    const double top = OGAS_CHART_TOP, bottom = top + OGAS_CHART_PLOT_H, right = left + OGAS_CHART_PLOT_W;
    const double xspan = a->xt[a->nxt - 1] - a->xt[0], yspan = a->yt[a->nyt - 1] - a->yt[0];
    const double xamax = fmax(fabs(a->xt[0]), fabs(a->xt[a->nxt - 1]));
    const double yamax = fmax(fabs(a->yt[0]), fabs(a->yt[a->nyt - 1]));
    char lab[32];
    if (c->panels[p].title) {
        sb_printf(b, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"14\">", left + OGAS_CHART_PLOT_W / 2.0,
                  top - 12);
        sb_text(b, c->panels[p].title);
        sb_puts(b, "</text>\n");
    }
    sb_puts(b, "<g stroke=\"#dddddd\" stroke-width=\"1\">\n");
    for (int i = 0; i < a->nxt; i++) {
        double px = left + (a->xt[i] - a->xt[0]) / xspan * OGAS_CHART_PLOT_W;
        sb_printf(b, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", px, top, px, bottom);
    }
    for (int i = 0; i < a->nyt; i++) {
        double py = bottom - (a->yt[i] - a->yt[0]) / yspan * OGAS_CHART_PLOT_H;
        sb_printf(b, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", left, py, right, py);
    }
    sb_puts(b, "</g>\n");
    sb_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333333\"/>\n", left, top,
              OGAS_CHART_PLOT_W, OGAS_CHART_PLOT_H);
    sb_puts(b, "<g stroke=\"#333333\">\n");
    for (int i = 0; i < a->nxt; i++) {
        double px = left + (a->xt[i] - a->xt[0]) / xspan * OGAS_CHART_PLOT_W;
        sb_printf(b, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", px, bottom, px, bottom + 5);
    }
    for (int i = 0; i < a->nyt; i++) {
        double py = bottom - (a->yt[i] - a->yt[0]) / yspan * OGAS_CHART_PLOT_H;
        sb_printf(b, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", left - 5, py, left, py);
    }
    sb_puts(b, "</g>\n<g fill=\"#333333\">\n");
    for (int i = 0; i < a->nxt; i++) {
        double px = left + (a->xt[i] - a->xt[0]) / xspan * OGAS_CHART_PLOT_W;
        sb_printf(b, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%s</text>\n", px, bottom + 18,
                  tick_label(lab, a->xt[i], a->xstep, xamax));
    }
    for (int i = 0; i < a->nyt; i++) {
        double py = bottom - (a->yt[i] - a->yt[0]) / yspan * OGAS_CHART_PLOT_H;
        sb_printf(b, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n", left - 8, py + 4,
                  tick_label(lab, a->yt[i], a->ystep, yamax));
    }
    sb_puts(b, "</g>\n");
    if (c->xlabel) {
        sb_printf(b, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">", left + OGAS_CHART_PLOT_W / 2.0, bottom + 40);
        sb_text(b, c->xlabel);
        sb_puts(b, "</text>\n");
    }
    if (c->ylabel) {
        double x = left - OGAS_CHART_LEFT + 16, y = top + OGAS_CHART_PLOT_H / 2.0;
        sb_printf(b, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" transform=\"rotate(-90 %.2f %.2f)\">", x, y, x,
                  y);
        sb_text(b, c->ylabel);
        sb_puts(b, "</text>\n");
    }
}

/* b += the series of panel p (styles from colour[g0...]): one polyline per run of drawn points, a dot
 * for a run of one point (and for every point with markers). */
static void put_series(sbuf *b, const ogas_chart *c, int p, const axes *a, double left, const int64_t *colour)
{
    const double bottom = OGAS_CHART_TOP + OGAS_CHART_PLOT_H;
    const double x0 = a->xt[0], xspan = a->xt[a->nxt - 1] - a->xt[0];
    const double y0 = a->yt[0], yspan = a->yt[a->nyt - 1] - a->yt[0];
    const ogas_chart_panel *pa = &c->panels[p];
    for (int64_t s = 0; s < pa->nseries; s++) {
        const ogas_chart_series *se = &pa->series[s];
        const char *col = palette[colour[s] % NPALETTE];
        sb_puts(b, "<g class=\"series\">\n<title>");
        sb_text(b, se->name);
        sb_puts(b, "</title>\n");
        for (int64_t i = 0; i < se->n;) {
            int64_t j = i;
            if (!drawn(se->x[i], se->y[i])) {
                i++;
                continue;
            }
            while (j < se->n && drawn(se->x[j], se->y[j])) j++;
            if (j - i >= 2) {
                sb_puts(b, "<polyline fill=\"none\" ");
                put_stroke(b, colour[s]);
                sb_puts(b, " stroke-width=\"1.5\" stroke-linejoin=\"round\" points=\"");
                for (int64_t k = i; k < j; k++)
                    sb_printf(b, "%s%.2f,%.2f", k > i ? " " : "", left + (se->x[k] - x0) / xspan * OGAS_CHART_PLOT_W,
                              bottom - (se->y[k] - y0) / yspan * OGAS_CHART_PLOT_H);
                sb_puts(b, "\"/>\n");
            }
            if (j - i == 1 || c->markers)
                for (int64_t k = i; k < j; k++)
                    sb_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\"/>\n",
                              left + (se->x[k] - x0) / xspan * OGAS_CHART_PLOT_W,
                              bottom - (se->y[k] - y0) / yspan * OGAS_CHART_PLOT_H, col);
            i = j;
        }
        sb_puts(b, "</g>\n");
    }
}

/* Legend layout: entries flow left to right below the panels, wrapping at the chart's width. With
 * out non-NULL, writes them; returns the number of rows. */
static int legend(sbuf *out, const ogas_chart *c, const int64_t *colour, double width)
{
    const double top = OGAS_CHART_TOP + OGAS_CHART_PLOT_H + 62;
    double x = OGAS_CHART_LEFT;
    int64_t g = 0, shown = 0;
    int rows = 0;
    for (int p = 0; p < c->npanels; p++)
        for (int64_t s = 0; s < c->panels[p].nseries; s++, g++) {
            const char *name = c->panels[p].series[s].name;
            double w;
            if (colour[g] != shown) continue; /* styles are numbered in order of first appearance */
            shown++;
            w = LEGEND_SWATCH + 6 + CHAR_W * (double)text_chars(name) + 18;
            if (rows == 0) rows = 1;
            else if (x + w > width - OGAS_CHART_RIGHT && x > OGAS_CHART_LEFT) x = OGAS_CHART_LEFT, rows++;
            if (out) {
                double y = top + LEGEND_ROW * (rows - 1);
                sb_printf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" ", x, y - 4, x + LEGEND_SWATCH,
                          y - 4);
                put_stroke(out, colour[g]);
                sb_printf(out, " stroke-width=\"2\"/>\n<text x=\"%.2f\" y=\"%.2f\">", x + LEGEND_SWATCH + 6, y);
                sb_text(out, name);
                sb_puts(out, "</text>\n");
            }
            x += w;
        }
    return rows;
}

/* *out := SVG text of c. */
ogas_status ogas_chart_svg(const ogas_chart *c, char **out, size_t *len, ogas_error *err)
{
    ogas_status rc;
    sbuf b = {0};
    axes *ax = NULL;
    int64_t *colour = NULL, total = 0, g = 0;
    double width, height, ylo = INFINITY, yhi = -INFINITY;
    int rows;
    if (!out || !len) return ogas_error_set(err, OGAS_EARG, "chart: no place for the text");
    *out = NULL;
    *len = 0;
    rc = check_chart(c, err);
    if (rc) return rc;
    for (int p = 0; p < c->npanels; p++) total += c->panels[p].nseries;
    ax = ogas_mallocarray((size_t)c->npanels, sizeof *ax);
    colour = ogas_mallocarray(total > 0 ? (size_t)total : 1, sizeof *colour);
    if (!ax || !colour) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    assign_styles(c, colour);
    for (int p = 0; p < c->npanels; p++) {
        data_range(&c->panels[p], &ax[p]);
        if (fabs(c->ymin_hint) <= BIG) { /* NaN: no hint */
            ax[p].ylo = fmin(ax[p].ylo, c->ymin_hint);
            ax[p].yhi = fmax(ax[p].yhi, c->ymin_hint);
        }
    }
    for (int pass = 0; pass < 2 && !(ylo <= yhi); pass++) /* shared range: panels with data, else all */
        for (int p = 0; p < c->npanels; p++)
            if (ax[p].has || pass == 1) ylo = fmin(ylo, ax[p].ylo), yhi = fmax(yhi, ax[p].yhi);
    for (int p = 0; p < c->npanels; p++) {
        double lo = ax[p].ylo, hi = ax[p].yhi;
        if (c->shared_y) lo = ylo, hi = yhi;
        ax[p].nxt = ogas_chart_ticks(ax[p].xlo, ax[p].xhi, ax[p].xt, &ax[p].xstep);
        ax[p].nyt = ogas_chart_ticks(lo, hi, ax[p].yt, &ax[p].ystep);
    }
    width = (double)c->npanels * OGAS_CHART_PANEL_W;
    rows = legend(NULL, c, colour, width);
    height = OGAS_CHART_TOP + OGAS_CHART_PLOT_H + (rows ? 62 + LEGEND_ROW * (rows - 1) + 14 : 50);
    sb_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb_printf(&b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%.0f\" "
              "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
              width, height, width, height);
    if (c->title) {
        sb_puts(&b, "<title>");
        sb_text(&b, c->title);
        sb_puts(&b, "</title>\n");
    }
    sb_printf(&b, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", width, height);
    if (c->title) {
        sb_printf(&b, "<text x=\"%.2f\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">", width / 2);
        sb_text(&b, c->title);
        sb_puts(&b, "</text>\n");
    }
    for (int p = 0; p < c->npanels; p++) {
        double left = (double)p * OGAS_CHART_PANEL_W + OGAS_CHART_LEFT;
        sb_puts(&b, "<g class=\"panel\">\n");
        put_frame(&b, c, p, &ax[p], left);
        put_series(&b, c, p, &ax[p], left, colour + g);
        sb_puts(&b, "</g>\n");
        g += c->panels[p].nseries;
    }
    if (rows) {
        sb_puts(&b, "<g class=\"legend\">\n");
        legend(&b, c, colour, width);
        sb_puts(&b, "</g>\n");
    }
    sb_puts(&b, "</svg>\n");
    if (b.oom) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
        goto done;
    }
    *out = b.p;
    *len = b.len;
    b.p = NULL;
done:
    ogas_free(b.p);
    ogas_free(ax);
    ogas_free(colour);
    return rc;
}

/* path := SVG text of c. */
ogas_status ogas_chart_write_svg(const char *path, const ogas_chart *c, ogas_error *err)
{
    ogas_out o;
    char *text = NULL;
    size_t len = 0;
    ogas_status rc;
    if (!path) return ogas_error_set(err, OGAS_EARG, "chart: no file name");
    rc = ogas_chart_svg(c, &text, &len, err);
    if (rc == OGAS_OK) rc = ogas_out_open(&o, path, err);
    if (rc == OGAS_OK) {
        size_t w = fwrite(text, 1, len, o.fp);
        rc = ogas_out_close(&o, w == len, err);
        if (rc == OGAS_OK && w != len) rc = ogas_error_at(err, OGAS_EIO, path, 0, 0, "write error");
    }
    ogas_free(text);
    return rc;
}
