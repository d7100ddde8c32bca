/* svg: charts drawn by our own code as inline SVG (grouped bars, horizontal bars, scatter) and the heat table. */
#ifndef JIAOYAN_SVG_H
#define JIAOYAN_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"

/*
 * Each chart function appends one complete <svg class="chart"> element
 * meant to sit inside a page made with html.h (it also stands alone: it
 * carries xmlns, a viewBox, width/height in px and its own font-family, so
 * it scales to the printed page width through the page's svg.chart rule).
 *
 * Promises, for every chart:
 *  - well-formed XML: all text goes through html_escape() (the same rules:
 *    & < > " ' escaped, controls shown as U+FFFD) and labels are clipped by
 *    display width (CJK = 2 columns, core/text) with "…";
 *  - no NaN or infinity ever reaches a coordinate: a non-finite value is
 *    skipped (no bar, no point: a gap), non-finite axis limits mean "from
 *    the data"; all numbers are written with '.' whatever the locale;
 *  - deterministic: the same input gives the same bytes (no clock, no
 *    randomness, no hash order);
 *  - no data at all (no categories, no series, no points, or every value
 *    NaN) still gives a valid chart of the requested size: frame, title and
 *    a centred "无数据" / "No data";
 *  - print in greyscale: the series palette (svg_series_colour) steps
 *    through five colours whose lightness differs (CIE L* about 26, 77, 47,
 *    92, 63, so neighbours contrast dark/light); series 5–9 repeat the five
 *    colours with a diagonal hatch, 10–14 with a cross hatch, then the cycle
 *    repeats. Scatter groups also differ by marker shape. Every bar has a
 *    thin dark outline, so the lightest colour still shows on white paper.
 *
 * `id` (may be NULL, then "chart") becomes the <svg id> and prefixes the ids
 * of hatch patterns; give each chart on one page its own id ([A-Za-z0-9_-]
 * only; other characters are replaced by '_').
 * width/height are viewBox units (= CSS px at 100%); 0 means the default
 * (640 × 360; the horizontal bar chart's height follows its row count).
 *
 * Returns 0, or JY_EINVAL (nothing appended) when the arrays are NULL while
 * their count is not 0, or the size is absurd (< 160 or > 4000).
 */

/* 0xRRGGBB of series i (see the palette rule above); the XLSX module uses
 * the same colours so a chart looks alike in both. */
uint32_t svg_series_colour(size_t i);

/* One series of a bar chart: values[0..ncat) (NaN = no bar). */
struct svg_series {
	const char *name;
	const double *values;
};

/*
 * Grouped vertical bar chart: categories along x (e.g. score bands), one bar
 * per series in each category (e.g. schools), legend above the plot when
 * there is more than one series (or always when legend = 1; -1 never).
 * The y axis includes 0 and gets "nice" ticks (1, 2, 5 × 10^k); negative
 * values grow down from the zero line. Category labels take up to two
 * lines under their group, clipped with "…".
 */
struct svg_bar_chart {
	const char *id;
	const char *title;   /* may be NULL */
	const char *x_title; /* may be NULL */
	const char *y_title; /* may be NULL */
	const char *const *categories;
	size_t ncat;
	const struct svg_series *series;
	size_t nseries;
	int legend;       /* 0 auto, 1 always, -1 never */
	int value_labels; /* 1: print each bar's value above it */
	int decimals;     /* digits after the point in value labels (ticks use what their step needs) */
	double y_min, y_max; /* NaN = from the data */
	int width, height;
};
int svg_bar_chart(struct buf *out, const struct svg_bar_chart *c, struct jy_err *err);

/*
 * Horizontal bar chart, one series: labels[i] on the left (width measured,
 * at most 40% of the chart; longer labels clipped), bars to the right from
 * the zero line, value printed at the end of each bar. Height, when 0, is
 * computed from n (22 units a row).
 */
struct svg_hbar_chart {
	const char *id;
	const char *title;
	const char *x_title;
	const char *const *labels;
	const double *values; /* NaN = no bar, label kept */
	size_t n;
	int decimals;         /* digits of the value labels */
	double x_max;         /* NaN = from the data */
	int width, height;
};
int svg_hbar_chart(struct buf *out, const struct svg_hbar_chart *c, struct jy_err *err);

/* A point of a scatter plot; label may be NULL; group indexes groups[] (marker shape and colour). */
struct svg_point {
	double x, y;
	const char *label;
	size_t group;
};

/* A reference line across the plot: SVG_VLINE at x = value, SVG_HLINE at y = value. */
enum { SVG_HLINE = 0, SVG_VLINE = 1 };
struct svg_refline {
	int axis;
	double value;
	const char *label; /* may be NULL; drawn at the line's end inside the plot */
};

/*
 * Scatter plot (e.g. item difficulty P against discrimination D, with the
 * D = 0.2 line). Axis ranges: explicit when finite, otherwise from the
 * points and the reference lines, widened to nice ticks. Points outside an
 * explicit range are not drawn. Point labels are placed right of the point,
 * else left, above or below — the first place that stays inside the canvas
 * and does not overlap a label already placed; a label that fits nowhere
 * is clipped to fit at the right or the left. Legend (group names) above the
 * plot when ngroups > 1, shapes: circle, square, triangle, diamond, cross.
 */
struct svg_scatter {
	const char *id;
	const char *title;
	const char *x_title;
	const char *y_title;
	const struct svg_point *points;
	size_t npoints;
	const struct svg_refline *lines;
	size_t nlines;
	const char *const *groups; /* may be NULL: one group, no legend */
	size_t ngroups;
	double x_min, x_max, y_min, y_max; /* NaN = from the data */
	int width, height;
};
int svg_scatter(struct buf *out, const struct svg_scatter *c, struct jy_err *err);

/*
 * Heat table: rows × columns of values in 0..1 (e.g. score rates per item
 * and school), drawn as an HTML table (class "grid heat", not SVG: the
 * numbers stay selectable text, columns follow the page width and a long
 * table breaks across pages between rows with its header repeated). Each
 * cell prints the value (as a percentage when percent = 1) on a background
 * from white (0) to dark blue (1) — lightness falls steadily, so it reads
 * in greyscale — with white text from 0.6 up. Values outside 0..1 are
 * coloured as the nearer end but printed as they are; NaN is an empty
 * uncoloured cell with "—".
 */
struct svg_heat {
	const char *title;           /* caption; may be NULL */
	const char *corner;          /* text of the top-left header cell; may be NULL */
	const char *const *row_labels;
	size_t nrows;
	const char *const *col_labels;
	size_t ncols;
	const double *values;        /* nrows * ncols, row-major */
	int decimals;
	int percent;
};
int svg_heat_table(struct buf *out, const struct svg_heat *h, struct jy_err *err);

/* Background colour 0xRRGGBB of value v on the heat scale (NaN: white). */
uint32_t svg_heat_colour(double v);

#endif
