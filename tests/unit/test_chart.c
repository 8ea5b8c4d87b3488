/* test_chart.c: SVG line charts: nice ticks, the documented layout (points at their pixels), gaps,
 * colours by series name, shared y ranges, escaping, determinism, edge cases that must still give a
 * well-formed file, argument errors, I/O errors and out of memory. */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ogas/chart.h"
#include "ogas/core.h"
#include "test.h"

/* Occurrences of needle in s. */
static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* buf := value of the k-th (0-based) attribute `attr="..."` in s; returns 0 if there is none. */
static int nth_attr(const char *s, const char *attr, int k, char *buf, size_t size)
{
    char key[64];
    const char *p = s, *end;
    snprintf(key, sizeof key, " %s=\"", attr);
    for (int i = 0; i <= k; i++) {
        p = strstr(p, key);
        if (!p) return 0;
        p += strlen(key);
    }
    end = strchr(p, '"');
    if (!end || (size_t)(end - p) >= size) return 0;
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    return 1;
}

/* 1 if the text is well-formed as far as a small checker sees: elements nest and close with matching
 * names, one root <svg>, '&' only in the five entities, no '<' or '>' in attribute values. */
static int balanced(const char *s)
{
    const char *stack[64];
    size_t lens[64];
    int depth = 0, roots = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '&') {
            static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
            int ok = 0;
            for (int e = 0; e < 5; e++) ok |= strncmp(p, ents[e], strlen(ents[e])) == 0;
            if (!ok) return 0;
        }
        if (*p == '>') return 0; /* outside a tag */
        if (*p != '<') continue;
        if (p[1] == '?') {
            p = strstr(p, "?>");
            if (!p) return 0;
            p++;
            continue;
        }
        if (p[1] == '/') {
            size_t n = strcspn(p + 2, ">");
            if (depth == 0 || n != lens[depth - 1] || strncmp(p + 2, stack[depth - 1], n) != 0) return 0;
            depth--;
            p += 2 + n;
            continue;
        }
        {
            const char *name = p + 1, *q = name;
            int quote = 0;
            size_t n = strcspn(name, " />");
            for (; *q && (quote || *q != '>'); q++) {
                if (*q == '"') quote = !quote;
                else if (quote && (*q == '<' || *q == '>')) return 0;
            }
            if (!*q || n == 0) return 0;
            if (depth == 0 && roots++) return 0;
            if (depth == 0 && (n != 3 || strncmp(name, "svg", 3) != 0)) return 0;
            if (q[-1] != '/') {
                if (depth == 64) return 0;
                stack[depth] = name;
                lens[depth++] = n;
            }
            p = q;
        }
    }
    return depth == 0 && roots == 1;
}

/* 1 if python3's XML parser reads the file and its root is an SVG element; -1 if there is no python3. */
static int python_parses(const char *path)
{
    char cmd[512];
    int rc;
    if (access("/usr/bin/python3", X_OK) != 0) return -1;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import xml.etree.ElementTree as E,sys; "
             "r=E.parse(sys.argv[1]).getroot(); sys.exit(r.tag!=\"{http://www.w3.org/2000/svg\"+\"}svg\")' %s",
             path);
    rc = system(cmd);
    return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

/* Checks that c gives a well-formed SVG, in memory and written to a file (byte for byte the same). */
static void check_valid(const ogas_chart *c, const char *what)
{
    char *svg = NULL, *svg2 = NULL;
    size_t len = 0, len2 = 0;
    ogas_error err;
    const char *path = test_tmpfile(1, ".svg", "");
    ogas_status rc = ogas_chart_svg(c, &svg, &len, &err);
    if (rc != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s: %s", what, err.message);
        return;
    }
    if (!balanced(svg)) test_fail(__FILE__, __LINE__, "%s: not well-formed", what);
    if (strlen(svg) != len) test_fail(__FILE__, __LINE__, "%s: length %zu, text %zu", what, len, strlen(svg));
    if (strstr(svg, "nan") || strstr(svg, "inf")) test_fail(__FILE__, __LINE__, "%s: nan or inf written", what);
    if (ogas_chart_svg(c, &svg2, &len2, NULL) != OGAS_OK || len2 != len || memcmp(svg, svg2, len) != 0)
        test_fail(__FILE__, __LINE__, "%s: two calls differ", what);
    if (ogas_chart_write_svg(path, c, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s: write: %s", what, err.message);
    } else {
        FILE *fp = fopen(path, "rb");
        char *back = malloc(len + 1);
        size_t got = fp && back ? fread(back, 1, len + 1, fp) : 0;
        if (got != len || memcmp(back, svg, len) != 0) test_fail(__FILE__, __LINE__, "%s: file differs", what);
        if (python_parses(path) == 0) test_fail(__FILE__, __LINE__, "%s: python3 cannot parse %s", what, path);
        if (fp) fclose(fp);
        free(back);
    }
    unlink(path);
    ogas_free(svg);
    ogas_free(svg2);
}

/* One panel of one series named name. */
static ogas_chart one(ogas_chart_panel *panel, ogas_chart_series *s, const char *name, int64_t n, const double *x,
                      const double *y)
{
    ogas_chart c = {0};
    *s = (ogas_chart_series){name, n, x, y};
    *panel = (ogas_chart_panel){"panel", 1, s};
    c.title = "chart";
    c.xlabel = "month";
    c.ylabel = "units";
    c.npanels = 1;
    c.panels = panel;
    c.ymin_hint = NAN;
    return c;
}

/* Ticks are 1, 2 or 5 times a power of ten apart, integer multiples of the step, cover the range,
 * and not too many nor too few. */
static void check_ticks(double lo, double hi)
{
    double t[OGAS_CHART_MAXTICKS], step, mant;
    int nt = ogas_chart_ticks(lo, hi, t, &step);
    if (nt < 2 || nt > OGAS_CHART_MAXTICKS) {
        test_fail(__FILE__, __LINE__, "[%g, %g]: %d ticks", lo, hi, nt);
        return;
    }
    mant = step / pow(10, floor(log10(step) + 1e-9));
    if (!(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 5) < 1e-9))
        test_fail(__FILE__, __LINE__, "[%g, %g]: step %g", lo, hi, step);
    if (!(t[0] <= lo && t[nt - 1] >= hi)) test_fail(__FILE__, __LINE__, "[%g, %g]: ticks %g..%g", lo, hi, t[0], t[nt - 1]);
    if (nt > 11) test_fail(__FILE__, __LINE__, "[%g, %g]: %d ticks", lo, hi, nt);
    for (int i = 0; i < nt; i++) {
        double k = t[i] / step;
        if (fabs(k - round(k)) > 1e-5 * fmax(1, fabs(k)) || (i && !(t[i] > t[i - 1])) ||
            (i && fabs(t[i] - t[i - 1] - step) > 1e-5 * step))
            test_fail(__FILE__, __LINE__, "[%g, %g]: tick %d = %.17g, step %g", lo, hi, i, t[i], step);
    }
}

TEST(chart_ticks_are_nice)
{
    double t[OGAS_CHART_MAXTICKS], step;
    int nt = ogas_chart_ticks(0, 59, t, &step);
    CHECK_EQ_INT(nt, 7);
    CHECK_NEAR(step, 10, 0);
    CHECK_NEAR(t[6], 60, 0);
    nt = ogas_chart_ticks(0, 1, t, &step);
    CHECK_EQ_INT(nt, 6);
    CHECK(step == 0.2 && t[3] == 0.6); /* rounded once: 3 * 2 / 10, not 3 * 0.2 */
    nt = ogas_chart_ticks(-7, 13, t, &step);
    CHECK_NEAR(step, 5, 0);
    CHECK_NEAR(t[0], -10, 0);
    CHECK_NEAR(t[nt - 1], 15, 0);
    nt = ogas_chart_ticks(0, 0, t, &step); /* widened to [0, 1] */
    CHECK_NEAR(t[0], 0, 0);
    CHECK_NEAR(t[nt - 1], 1, 0);
    nt = ogas_chart_ticks(5, 5, t, &step); /* widened to [4.5, 5.5] */
    CHECK(t[0] <= 4.5 && t[0] > 4 && t[nt - 1] >= 5.5 && t[nt - 1] < 6);
    static const double ranges[][2] = {{0, 59},        {1, 60},          {0, 1},           {-7, 13},     {3, 3},
                                       {-5, -5},       {0, 0},           {1.2e6, 1.8e6},   {0, 0.0023},  {-1e-9, 1e-9},
                                       {1e15, 1e15 + 1}, {-1e300, 1e300}, {0, 5e-324},     {1e300, 1e300}, {0.1, 0.7},
                                       {99.9, 100.1},  {-3e-7, -1e-7},   {123456, 123457}, {0, 1e-300}};
    for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++) check_ticks(ranges[k][0], ranges[k][1]);
    {
        ogas_rng r;
        ogas_rng_seed(&r, 7);
        for (int k = 0; k < 20000; k++) {
            double a = (ogas_rng_uniform(&r) - 0.5) * pow(10, (double)ogas_rng_below(&r, 40) - 20);
            double b = a + ogas_rng_uniform(&r) * pow(10, (double)ogas_rng_below(&r, 40) - 20);
            check_ticks(a, b);
        }
    }
}

/* The points of a known series sit where the documented layout puts them. */
TEST(chart_points_map_to_layout)
{
    static const double x[] = {0, 1, 2, 3, 4}, y[] = {0, 10, 5, 20, 15};
    ogas_chart_panel panel;
    ogas_chart_series s;
    ogas_chart c = one(&panel, &s, "queue", 5, x, y);
    char *svg = NULL, pts[4096], expect[4096] = "", buf[64];
    size_t len;
    double xt[OGAS_CHART_MAXTICKS], yt[OGAS_CHART_MAXTICKS], xs, ys;
    int nx = ogas_chart_ticks(0, 4, xt, &xs), ny = ogas_chart_ticks(0, 20, yt, &ys);
    CHECK(xt[0] == 0 && xt[nx - 1] == 4 && yt[0] == 0 && yt[ny - 1] == 20);
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    for (int i = 0; i < 5; i++) {
        double px = OGAS_CHART_LEFT + (x[i] - xt[0]) / (xt[nx - 1] - xt[0]) * OGAS_CHART_PLOT_W;
        double py = OGAS_CHART_TOP + OGAS_CHART_PLOT_H - (y[i] - yt[0]) / (yt[ny - 1] - yt[0]) * OGAS_CHART_PLOT_H;
        snprintf(buf, sizeof buf, "%s%.2f,%.2f", i ? " " : "", px, py);
        strcat(expect, buf);
    }
    CHECK_STR(expect, "80.00,384.00 200.00,224.00 320.00,304.00 440.00,64.00 560.00,144.00");
    CHECK_EQ_INT(count(svg, "<polyline"), 1);
    REQUIRE(nth_attr(svg, "points", 0, pts, sizeof pts));
    CHECK_STR(pts, expect);
    CHECK_CONTAINS(svg, "xmlns=\"http://www.w3.org/2000/svg\"");
    CHECK_CONTAINS(svg, "viewBox=\"0 0 584 ");
    CHECK_CONTAINS(svg, "width=\"584\"");
    CHECK_CONTAINS(svg, ">queue</text>"); /* legend */
    CHECK_CONTAINS(svg, ">20</text>");    /* a y tick label */
    CHECK_CONTAINS(svg, "stroke=\"#0072B2\"");
    CHECK_EQ_INT(count(svg, "<circle"), 0);
    ogas_free(svg);

    c.markers = 1; /* a dot at each point */
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    CHECK_EQ_INT(count(svg, "<circle"), 5);
    CHECK_CONTAINS(svg, "<circle cx=\"440.00\" cy=\"64.00\"");
    ogas_free(svg);

    c.ymin_hint = -50; /* the y range includes the hint */
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    CHECK_CONTAINS(svg, ">-50</text>");
    ogas_free(svg);
    check_valid(&c, "layout");
}

/* NaN and infinities break the line; an isolated point gets a dot. */
TEST(chart_gaps)
{
    static const double x[] = {0, 1, 2, 3, 4, 5, 6, 7}, y[] = {1, 2, NAN, 4, 5, INFINITY, 7, NAN};
    ogas_chart_panel panel;
    ogas_chart_series s;
    ogas_chart c = one(&panel, &s, "unmet", 8, x, y);
    char *svg = NULL, pts[1024];
    size_t len;
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    CHECK_EQ_INT(count(svg, "<polyline"), 2);
    CHECK_EQ_INT(count(svg, "<circle"), 1); /* the point at x = 6 */
    REQUIRE(nth_attr(svg, "points", 0, pts, sizeof pts));
    CHECK_EQ_INT(count(pts, ","), 2);
    REQUIRE(nth_attr(svg, "points", 1, pts, sizeof pts));
    CHECK_EQ_INT(count(pts, ","), 2);
    ogas_free(svg);
    check_valid(&c, "gaps");
}

/* Two panels: the same name has the same colour in both; shared_y gives both the same y ticks. */
TEST(chart_panels_colours_shared_y)
{
    static const double x[] = {1, 2, 3}, a[] = {0, 5, 10}, b[] = {0, 50, 100};
    ogas_chart_series s1[] = {{"queue", 3, x, a}, {"unmet demand", 3, x, a}};
    ogas_chart_series s2[] = {{"unmet demand", 3, x, b}, {"queue", 3, x, b}, {"plan fulfilment", 3, x, b}};
    ogas_chart_panel panels[] = {{"administered prices", 2, s1}, {"feedback", 3, s2}};
    ogas_chart c = {"Distribution", "month", "units", 2, panels, 0, NAN, 0};
    char *svg = NULL, st[4][64], pts[256];
    size_t len;
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    CHECK_CONTAINS(svg, "width=\"1168\"");
    {
        const char *p = svg;
        for (int k = 0; k < 4; k++) {
            p = strstr(p + 1, "<polyline");
            REQUIRE(p && nth_attr(p, "stroke", 0, st[k], sizeof st[k]));
        }
    }
    CHECK_STR(st[0], st[3]); /* queue */
    CHECK_STR(st[1], st[2]); /* unmet demand */
    CHECK(strcmp(st[0], st[1]) != 0);
    CHECK_EQ_INT(count(svg, ">queue</text>"), 1); /* one legend entry per name */
    CHECK_EQ_INT(count(svg, ">plan fulfilment</text>"), 1);
    CHECK_EQ_INT(count(svg, ">100</text>"), 1); /* only the second panel reaches 100 */
    /* the first panel's top point (10) is at the top of its own axis */
    REQUIRE(nth_attr(svg, "points", 0, pts, sizeof pts));
    CHECK_CONTAINS(pts, "560.00,64.00");
    ogas_free(svg);

    c.shared_y = 1;
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    CHECK_EQ_INT(count(svg, ">100</text>"), 2);
    REQUIRE(nth_attr(svg, "points", 0, pts, sizeof pts)); /* 10 of 100: 32 px above the bottom */
    CHECK_STR(pts, "80.00,384.00 320.00,368.00 560.00,352.00");
    REQUIRE(nth_attr(svg, "points", 2, pts, sizeof pts)); /* second panel starts one panel to the right */
    CHECK_STR(pts, "664.00,384.00 904.00,224.00 1144.00,64.00");
    ogas_free(svg);
    check_valid(&c, "panels");
}

/* Labels for large and small magnitudes, and negative values. */
TEST(chart_tick_labels)
{
    static const double x[] = {0, 1}, big[] = {0, 1.5e6}, small[] = {0, 0.01}, tiny[] = {1e-5, 9e-5},
                        neg[] = {-37, 12}, huge[] = {1e15, 3e15};
    struct {
        const double *y;
        const char *label;
    } cases[] = {{big, ">1.5e6</text>"}, {big, ">5e5</text>"},    {small, ">0.002</text>"}, {small, ">0.010</text>"},
                 {tiny, ">2e-5</text>"},  {neg, ">-40</text>"},   {neg, ">0</text>"},       {huge, ">1.5e15</text>"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ogas_chart_panel panel;
        ogas_chart_series s;
        ogas_chart c = one(&panel, &s, "s", 2, x, cases[k].y);
        char *svg = NULL;
        size_t len;
        REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
        if (!strstr(svg, cases[k].label)) test_fail(__FILE__, __LINE__, "case %zu: no %s", k, cases[k].label);
        CHECK(!strstr(svg, ">-0<") && !strstr(svg, ">-0.0"));
        ogas_free(svg);
    }
}

/* Text is escaped for XML; UTF-8 is kept; bytes that are not UTF-8 and control characters are replaced. */
TEST(chart_escapes_text)
{
    static const double x[] = {0, 1}, y[] = {1, 2};
    ogas_chart_panel panel;
    ogas_chart_series s;
    ogas_chart c = one(&panel, &s, "a & b <c> \"d\" 'e'", 2, x, y);
    char *svg = NULL;
    size_t len;
    c.title = "Planerf\xC3\xBCllung \xE2\x80\x93 \xE2\x82\xBD \xF0\x9F\x93\x88";
    c.xlabel = "bad \xFF\xC0\x80 byte\x01";
    panel.title = "</svg>";
    REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
    CHECK_CONTAINS(svg, ">a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</text>");
    CHECK_CONTAINS(svg, "<title>Planerf\xC3\xBCllung \xE2\x80\x93 \xE2\x82\xBD \xF0\x9F\x93\x88</title>");
    CHECK_CONTAINS(svg, ">bad \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD byte </text>");
    CHECK_CONTAINS(svg, ">&lt;/svg&gt;</text>");
    CHECK(balanced(svg));
    ogas_free(svg);
    check_valid(&c, "escaping");
}

/* Degenerate data still gives a valid chart. */
TEST(chart_edge_cases)
{
    static const double x[] = {0, 1, 2, 3}, same[] = {7, 7, 7, 7}, zero[] = {0, 0, 0, 0},
                        nan4[] = {NAN, NAN, NAN, NAN}, mix[] = {-INFINITY, 1e308, -2, INFINITY},
                        xinf[] = {NAN, INFINITY, 2, 3}, neg[] = {-5, -3, -9, -1};
    const double *ys[] = {same, zero, nan4, mix, neg};
    for (size_t k = 0; k < sizeof ys / sizeof ys[0]; k++) {
        ogas_chart_panel panel;
        ogas_chart_series s;
        ogas_chart c = one(&panel, &s, "s", 4, x, ys[k]);
        char what[32];
        snprintf(what, sizeof what, "case %zu", k);
        check_valid(&c, what);
        c.ymin_hint = 0;
        c.shared_y = 1;
        check_valid(&c, what);
        s.n = 1; /* a single point */
        check_valid(&c, what);
    }
    {
        ogas_chart_panel panel;
        ogas_chart_series s;
        ogas_chart c = one(&panel, &s, NULL, 4, xinf, neg); /* bad x; a NULL name */
        check_valid(&c, "bad x");
        s.n = 0;
        s.x = s.y = NULL; /* empty series */
        check_valid(&c, "empty series");
        panel.nseries = 0;
        panel.series = NULL; /* empty panel */
        c.title = c.xlabel = c.ylabel = panel.title = NULL;
        check_valid(&c, "empty panel");
        c.ymin_hint = 0;
        check_valid(&c, "empty panel, hint");
    }
    { /* more names than colours: the styles cycle with dashes; the legend wraps */
        static const double yy[] = {1, 2, 3, 4};
        ogas_chart_series s[20];
        ogas_chart_panel panels[2] = {{"a", 20, s}, {"b", 0, NULL}};
        ogas_chart c = {"many", "x", "y", 2, panels, 1, 0, 1};
        char names[20][32], *svg = NULL;
        size_t len;
        for (int k = 0; k < 20; k++) {
            snprintf(names[k], sizeof names[k], "series number %d", k);
            s[k] = (ogas_chart_series){names[k], 4, x, yy};
        }
        check_valid(&c, "many series");
        REQUIRE(ogas_chart_svg(&c, &svg, &len, NULL) == OGAS_OK);
        CHECK(count(svg, "stroke-dasharray") >= 2 * 12);
        ogas_free(svg);
    }
}

/* Bad charts are OGAS_EARG with a message; a file that cannot be written is OGAS_EIO naming it. */
TEST(chart_errors)
{
    static const double x[] = {0, 1}, y[] = {1, 2};
    ogas_chart_series s = {"s", 2, x, y};
    ogas_chart_panel panel = {"p", 1, &s};
    ogas_chart c = {"t", "x", "y", 1, &panel, 0, NAN, 0};
    ogas_error err;
    char *svg = (char *)"untouched";
    size_t len = 99;
    CHECK_EQ_INT(ogas_chart_svg(NULL, &svg, &len, &err), OGAS_EARG);
    CHECK(svg == NULL && len == 0);
    CHECK_CONTAINS(err.message, "no chart");
    c.npanels = 0;
    CHECK_EQ_INT(ogas_chart_svg(&c, &svg, &len, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "at least one panel");
    c.npanels = 1;
    c.panels = NULL;
    CHECK_EQ_INT(ogas_chart_svg(&c, &svg, &len, &err), OGAS_EARG);
    c.panels = &panel;
    panel.nseries = -1;
    CHECK_EQ_INT(ogas_chart_svg(&c, &svg, &len, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "panel 1");
    panel.nseries = 1;
    panel.series = NULL;
    CHECK_EQ_INT(ogas_chart_svg(&c, &svg, &len, &err), OGAS_EARG);
    panel.series = &s;
    s.n = -1;
    CHECK_EQ_INT(ogas_chart_svg(&c, &svg, &len, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "panel 1, series 1 (s): negative number of points");
    s.n = 2;
    s.y = NULL;
    CHECK_EQ_INT(ogas_chart_write_svg("/tmp/ogas-chart-never.svg", &c, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "no x or y array");
    CHECK(access("/tmp/ogas-chart-never.svg", F_OK) != 0);
    s.y = y;
    CHECK_EQ_INT(ogas_chart_write_svg(NULL, &c, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_chart_write_svg("/nonexistent-dir/chart.svg", &c, &err), OGAS_EIO);
    CHECK_STR(err.file, "/nonexistent-dir/chart.svg");
    CHECK_EQ_INT(ogas_chart_svg(&c, &svg, &len, &err), OGAS_OK);
    ogas_free(svg);
}

/* Every allocation failure is reported as OGAS_ENOMEM, with nothing leaked and no file left. */
TEST(chart_out_of_memory)
{
    static const double x[] = {0, 1, 2}, y[] = {1, NAN, 3};
    ogas_chart_series s[] = {{"a", 3, x, y}, {"b", 3, x, x}};
    ogas_chart_panel panels[] = {{"p", 2, s}, {"q", 2, s}};
    ogas_chart c = {"t", "x", "y", 2, panels, 1, 0, 1};
    char path[128];
    int done = 0;
    snprintf(path, sizeof path, "/tmp/ogas-chart-oom-%d.svg", (int)getpid());
    for (long after = 0; after < 40 && !done; after++) {
        char *svg = NULL;
        size_t len = 0;
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_chart_svg(&c, &svg, &len, NULL);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) {
            CHECK(balanced(svg));
            ogas_free(svg);
            done = 1;
        } else {
            CHECK_EQ_INT(rc, OGAS_ENOMEM);
            CHECK(svg == NULL);
        }
    }
    CHECK(done);
    done = 0;
    for (long after = 0; after < 40 && !done; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_chart_write_svg(path, &c, NULL);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) done = 1;
        else {
            CHECK_EQ_INT(rc, OGAS_ENOMEM);
            CHECK(access(path, F_OK) != 0);
        }
    }
    CHECK(done);
    unlink(path);
}
