/* ogas/chart.h: line charts of time series as SVG files (docs/formats.md, "Charts (SVG)").
 *
 * A chart is one or more panels side by side; each panel holds series (lines), has its own axes,
 * ticks, gridlines and title, and all panels share the chart's axis labels and one legend. A series
 * has the same colour in every panel where its name appears. The output is deterministic: the same
 * chart gives the same bytes. Everything here borrows the caller's arrays and strings. */
#ifndef OGAS_CHART_H
#define OGAS_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/error.h"

/* Layout in pixels (user units of the SVG), for anyone who needs to find a point in the picture.
 * Panel p (0-based) occupies columns [p * OGAS_CHART_PANEL_W, (p + 1) * OGAS_CHART_PANEL_W); its plot
 * area spans x in [p * OGAS_CHART_PANEL_W + OGAS_CHART_LEFT, ... + OGAS_CHART_PLOT_W] and y in
 * [OGAS_CHART_TOP, OGAS_CHART_TOP + OGAS_CHART_PLOT_H]. Within it a point (x, y) is drawn at
 *   px = left + (x - xlo) / (xhi - xlo) * OGAS_CHART_PLOT_W,
 *   py = OGAS_CHART_TOP + OGAS_CHART_PLOT_H - (y - ylo) / (yhi - ylo) * OGAS_CHART_PLOT_H,
 * where [xlo, xhi] and [ylo, yhi] are the first and last ticks of the panel's axes (ogas_chart_ticks),
 * written with 2 decimals. The width is npanels * OGAS_CHART_PANEL_W; the height grows with the
 * rows of the legend below the panels. */
#define OGAS_CHART_PLOT_W 480  /* plot area of a panel */
#define OGAS_CHART_PLOT_H 320
#define OGAS_CHART_LEFT 80     /* left of the plot area: y tick labels and the y label */
#define OGAS_CHART_RIGHT 24    /* right of the plot area */
#define OGAS_CHART_PANEL_W (OGAS_CHART_LEFT + OGAS_CHART_PLOT_W + OGAS_CHART_RIGHT)
#define OGAS_CHART_TOP 64      /* above the plot area: the chart's title and the panel's title */
#define OGAS_CHART_MAXTICKS 16 /* ogas_chart_ticks never gives more */

/* One line. Points whose x or y is NaN, infinite or beyond +-1e300 are gaps: the line is broken
 * there. Points are joined in the order given. */
typedef struct ogas_chart_series {
    const char *name; /* legend text, UTF-8; NULL = "" */
    int64_t n;        /* points */
    const double *x;  /* x[0..n) */
    const double *y;  /* y[0..n) */
} ogas_chart_series;

/* One panel: its own axes (x from its data; y from its data unless the chart's shared_y). */
typedef struct ogas_chart_panel {
    const char *title;               /* above the panel; NULL = none */
    int64_t nseries;
    const ogas_chart_series *series; /* series[0..nseries) */
} ogas_chart_panel;

typedef struct ogas_chart {
    const char *title;  /* above everything; NULL = none */
    const char *xlabel; /* below each panel's x axis; NULL = none */
    const char *ylabel; /* beside each panel's y axis; NULL = none */
    int npanels;        /* >= 1 */
    const ogas_chart_panel *panels;
    int shared_y;       /* nonzero: every panel gets the same y range (from all panels' data) */
    double ymin_hint;   /* a value the y range always includes (0: start the axis at zero for
                           positive data); NaN = the data alone decide */
    int markers;        /* nonzero: a dot at each point (isolated points always get one) */
} ogas_chart;

/* Writes the chart c to path as an SVG 1.1 file, through a temporary file renamed into place (a
 * failed write leaves nothing behind). Bad charts are OGAS_EARG, write failures OGAS_EIO naming path. */
ogas_status ogas_chart_write_svg(const char *path, const ogas_chart *c, ogas_error *err);
/* *out := the SVG text of c, NUL-terminated, *len := its length (without the NUL); the caller frees
 * *out with ogas_free. On error *out = NULL and *len = 0. */
ogas_status ogas_chart_svg(const ogas_chart *c, char **out, size_t *len, ogas_error *err);

/* ticks[0..nt) := the "nice" ticks of an axis covering [lo, hi], nt returned: ticks k * *step for
 * consecutive integers k, *step one of 1, 2 or 5 times a power of ten, ticks[0] <= lo and
 * ticks[nt - 1] >= hi, 2 to 11 of them (6 or so for most ranges). An empty range is
 * widened first (by 10% of |lo| each way, or to [0, 1] when lo = hi = 0). Needs finite lo <= hi with
 * |lo|, |hi| <= 1e300. */
int ogas_chart_ticks(double lo, double hi, double ticks[OGAS_CHART_MAXTICKS], double *step);

#endif
