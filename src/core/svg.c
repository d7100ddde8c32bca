/* svg: grouped and horizontal bar charts, scatter plots as inline SVG, and the heat table as HTML. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/html.h"
#include "jiaoyan/svg.h"
#include "jiaoyan/text.h"

#define DEFAULT_W 640
#define DEFAULT_H 360
#define FONT 12.0
#define TITLE_FONT 14.0
#define TICK_FONT 11.0
#define SMALL_FONT 10.0
/* Advance of one display column (text_width) as a share of the font size:
 * a CJK character (2 columns) comes out a little wider than it draws, so
 * estimated boxes err on the safe side. */
#define COL_EM 0.56
#define NPALETTE 5
#define NSTYLES 15

static const uint32_t palette[NPALETTE] = { 0x1f3b73, 0xf0b460, 0x2e7d4f, 0xfbe7a1, 0x6a9bd1 };

uint32_t svg_series_colour(size_t i)
{
	return palette[i % NPALETTE];
}

uint32_t svg_heat_colour(double v)
{
	static const int lo[3] = { 255, 255, 255 }, hi[3] = { 8, 48, 107 };
	if (!isfinite(v))
		return 0xffffff;
	if (v < 0)
		v = 0;
	if (v > 1)
		v = 1;
	uint32_t c = 0;
	for (int k = 0; k < 3; k++)
		c = (c << 8) | (uint32_t)lround(lo[k] + (hi[k] - lo[k]) * v);
	return c;
}

/* ---- small writers ---- */

/* A coordinate: one decimal, ".0" dropped, clamped so a wild value stays a number. */
static void coord(struct buf *out, double v)
{
	if (!isfinite(v))
		v = 0;
	if (v > 1e5)
		v = 1e5;
	if (v < -1e5)
		v = -1e5;
	size_t at = out->len;
	html_num(out, v, 1, "0");
	if (out->len >= at + 2 && memcmp(out->ptr + out->len - 2, ".0", 2) == 0)
		buf_truncate(out, out->len - 2);
}

/* Appends ` name="v"` with v as a coordinate. */
static void attr_num(struct buf *out, const char *name, double v)
{
	buf_printf(out, " %s=\"", name);
	coord(out, v);
	buf_putc(out, '"');
}

static double text_px(const char *s, double fs)
{
	return s ? text_width(s) * fs * COL_EM : 0;
}

static int cols_for(double px, double fs)
{
	int cols = (int)floor(px / (fs * COL_EM));
	return cols < 1 ? 1 : cols;
}

/* s clipped to px at font size fs, sanitised (no controls, newline as ↵), unescaped. */
static void clipped(struct buf *out, const char *s, double px, double fs)
{
	text_clip(out, s ? s : "", cols_for(px, fs));
}

/*
 * <text x y [anchor] [size] [extra]>escaped s</text>, s clipped to max_px
 * (0: no clipping). extra is constant attribute text of ours or NULL.
 */
static void text_at(struct buf *out, double x, double y, const char *anchor, double fs, const char *extra,
	const char *s, double max_px)
{
	struct buf t = BUF_INIT;
	if (max_px > 0)
		clipped(&t, s, max_px, fs);
	else
		text_sanitize(&t, s ? s : "", s ? strlen(s) : 0, 0);
	buf_puts(out, "<text");
	attr_num(out, "x", x);
	attr_num(out, "y", y);
	if (anchor)
		buf_printf(out, " text-anchor=\"%s\"", anchor);
	if (fs != FONT)
		attr_num(out, "font-size", fs);
	if (extra)
		buf_printf(out, " %s", extra);
	buf_putc(out, '>');
	html_escape(out, t.ptr, t.len, 0);
	buf_puts(out, "</text>\n");
	buf_release(&t);
}

static void line(struct buf *out, double x1, double y1, double x2, double y2, const char *style)
{
	buf_puts(out, "<line");
	attr_num(out, "x1", x1);
	attr_num(out, "y1", y1);
	attr_num(out, "x2", x2);
	attr_num(out, "y2", y2);
	buf_printf(out, " %s/>\n", style);
}

static void rect(struct buf *out, double x, double y, double w, double h, const char *fill, const char *style)
{
	buf_puts(out, "<rect");
	attr_num(out, "x", x);
	attr_num(out, "y", y);
	attr_num(out, "width", w < 0 ? 0 : w);
	attr_num(out, "height", h < 0 ? 0 : h);
	buf_printf(out, " fill=\"%s\"", fill);
	if (style)
		buf_printf(out, " %s", style);
	buf_puts(out, "/>\n");
}

/* The fill of series i: a colour, or from series 5 on a hatch pattern defined in <defs>. */
static void series_fill(struct buf *fill, const char *id, size_t i)
{
	buf_reset(fill);
	if (i % NSTYLES < NPALETTE)
		buf_printf(fill, "#%06x", (unsigned)svg_series_colour(i));
	else
		buf_printf(fill, "url(#%s-p%zu)", id, i % NSTYLES);
}

/* Hatch patterns for series styles 5..count-1: the palette colour under
 * lines that contrast with it (white on dark colours, black on light). */
static void defs(struct buf *out, const char *id, size_t count)
{
	if (count > NSTYLES)
		count = NSTYLES;
	if (count <= NPALETTE)
		return;
	buf_puts(out, "<defs>\n");
	for (size_t i = NPALETTE; i < count; i++) {
		uint32_t c = svg_series_colour(i);
		int light = (i % NPALETTE) == 1 || (i % NPALETTE) == 3;
		const char *ink = light ? "#000000" : "#ffffff";
		buf_printf(out, "<pattern id=\"%s-p%zu\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"%s>"
			"<rect width=\"6\" height=\"6\" fill=\"#%06x\"/>", id, i,
			i < 2 * NPALETTE ? " patternTransform=\"rotate(45)\"" : "", (unsigned)c);
		if (i < 2 * NPALETTE)
			buf_printf(out, "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"%s\" stroke-width=\"2\"/>", ink);
		else
			buf_printf(out, "<path d=\"M0 3H6M3 0V6\" stroke=\"%s\" stroke-width=\"1.2\"/>", ink);
		buf_puts(out, "</pattern>\n");
	}
	buf_puts(out, "</defs>\n");
}

/* ---- frame ---- */

struct frame {
	struct buf id;
	double w, h;
};

static int frame_check(int *w, int *h, int def_h, struct jy_err *err)
{
	if (*w == 0)
		*w = DEFAULT_W;
	if (*h == 0)
		*h = def_h;
	if (*w < 160 || *w > 4000 || *h < 160 || *h > 4000)
		return err_set(err, JY_EINVAL, L("图表尺寸 %d×%d 超出范围（宽、高须在 160 到 4000 之间）",
			"chart size %d×%d out of range (width and height must be 160 to 4000)"), *w, *h);
	return 0;
}

/* Opens the <svg>, draws the white page and the title; returns the y below the title. */
static double frame_open(struct frame *f, struct buf *out, const char *id, int w, int h, const char *title)
{
	buf_init(&f->id);
	for (const char *p = (id && *id) ? id : "chart"; *p; p++) {
		char c = *p;
		int okc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
		buf_putc(&f->id, okc ? c : '_');
	}
	f->w = w;
	f->h = h;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\""
		" width=\"%d\" height=\"%d\" font-family=\"%s\" font-size=\"12\" role=\"img\"", f->id.ptr, w, h, w, h,
		HTML_FONT_SANS);
	if (title && *title) {
		buf_puts(out, " aria-label=\"");
		html_attr(out, title);
		buf_puts(out, "\">\n<title>");
		html_text(out, title);
		buf_puts(out, "</title>\n");
	} else {
		buf_puts(out, ">\n");
	}
	rect(out, 0, 0, w, h, "#ffffff", NULL);
	if (title && *title) {
		text_at(out, w / 2.0, 22, "middle", TITLE_FONT, "font-weight=\"bold\"", title, w - 20);
		return 32;
	}
	return 10;
}

static void frame_close(struct frame *f, struct buf *out)
{
	buf_puts(out, "</svg>\n");
	buf_release(&f->id);
}

static void no_data(struct buf *out, const struct frame *f, double top)
{
	rect(out, 10, top, f->w - 20, f->h - top - 10, "none", "stroke=\"#999999\" stroke-width=\"0.75\"");
	text_at(out, f->w / 2, (top + f->h) / 2, "middle", FONT, "fill=\"#555555\"", L("无数据", "No data"), 0);
}

/* ---- axes ---- */

struct axis {
	double min, max, step;
	int decimals;
};

/* Picks a step of 1, 2 or 5 × 10^k giving about `ticks` intervals over lo..hi, and
 * limits on whole steps; a limit that is finite in want_min/want_max is kept as given. */
static void axis_make(struct axis *a, double lo, double hi, double want_min, double want_max, int ticks)
{
	if (isfinite(want_min))
		lo = want_min;
	if (isfinite(want_max))
		hi = want_max;
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (hi < lo) {
		double t = lo;
		lo = hi;
		hi = t;
	}
	if (hi == lo) {
		double d = lo == 0 ? 1 : fabs(lo) * 0.1;
		if (!isfinite(want_min))
			lo -= lo == 0 ? 0 : d;
		hi += d;
		if (hi == lo)
			hi = lo + 1;
	}
	double rough = (hi - lo) / ticks;
	double mag = pow(10, floor(log10(rough)));
	double norm = rough / mag;
	double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
	a->step = step;
	a->min = isfinite(want_min) ? want_min : floor(lo / step + 1e-9) * step;
	a->max = isfinite(want_max) ? want_max : ceil(hi / step - 1e-9) * step;
	if (a->max <= a->min)
		a->max = a->min + step;
	a->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
}

/* Tick k of the axis, or NaN past the end. */
static double axis_tick(const struct axis *a, int k)
{
	double first = ceil(a->min / a->step - 1e-9) * a->step;
	double v = first + k * a->step;
	if (k > 60 || v > a->max + a->step * 1e-6)
		return NAN;
	return fabs(v) < a->step * 1e-9 ? 0 : v;
}

static double axis_label_px(const struct axis *a, double fs)
{
	double w = 0;
	struct buf t = BUF_INIT;
	for (int k = 0; isfinite(axis_tick(a, k)); k++) {
		buf_reset(&t);
		html_num(&t, axis_tick(a, k), a->decimals, "");
		double px = text_px(t.ptr, fs);
		if (px > w)
			w = px;
	}
	buf_release(&t);
	return w;
}

static double map(const struct axis *a, double v, double p0, double p1)
{
	if (v < a->min)
		v = a->min;
	if (v > a->max)
		v = a->max;
	return p0 + (v - a->min) / (a->max - a->min) * (p1 - p0);
}

/* ---- legend ---- */

enum { SWATCH_BOX, SWATCH_MARKER };

static void marker(struct buf *out, const char *id, size_t group, double x, double y)
{
	struct buf fill = BUF_INIT;
	series_fill(&fill, id, group);
	const char *st = "stroke=\"#000000\" stroke-width=\"0.75\"";
	switch (group % 5) {
	case 0:
		buf_puts(out, "<circle");
		attr_num(out, "cx", x);
		attr_num(out, "cy", y);
		buf_printf(out, " r=\"4\" fill=\"%s\" %s/>\n", fill.ptr, st);
		break;
	case 1:
		rect(out, x - 3.5, y - 3.5, 7, 7, fill.ptr, st);
		break;
	case 2:
	case 3:
		buf_puts(out, "<path d=\"M");
		if (group % 5 == 2) { /* triangle */
			coord(out, x); buf_putc(out, ' '); coord(out, y - 4.5);
			buf_puts(out, "L"); coord(out, x + 4.5); buf_putc(out, ' '); coord(out, y + 3.5);
			buf_puts(out, "L"); coord(out, x - 4.5); buf_putc(out, ' '); coord(out, y + 3.5);
		} else { /* diamond */
			coord(out, x); buf_putc(out, ' '); coord(out, y - 5);
			buf_puts(out, "L"); coord(out, x + 5); buf_putc(out, ' '); coord(out, y);
			buf_puts(out, "L"); coord(out, x); buf_putc(out, ' '); coord(out, y + 5);
			buf_puts(out, "L"); coord(out, x - 5); buf_putc(out, ' '); coord(out, y);
		}
		buf_printf(out, "Z\" fill=\"%s\" %s/>\n", fill.ptr, st);
		break;
	default: /* a cross: its stroke is its colour, drawn over a black one so light colours show */
		for (int pass = 0; pass < 2; pass++) {
			buf_puts(out, "<path d=\"M");
			coord(out, x - 4.5); buf_putc(out, ' '); coord(out, y - 4.5);
			buf_puts(out, "L"); coord(out, x + 4.5); buf_putc(out, ' '); coord(out, y + 4.5);
			buf_puts(out, "M"); coord(out, x - 4.5); buf_putc(out, ' '); coord(out, y + 4.5);
			buf_puts(out, "L"); coord(out, x + 4.5); buf_putc(out, ' '); coord(out, y - 4.5);
			if (pass == 0)
				buf_puts(out, "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"3\"/>\n");
			else
				buf_printf(out, "\" fill=\"none\" stroke=\"#%06x\" stroke-width=\"1.5\"/>\n",
					(unsigned)svg_series_colour(group));
		}
		break;
	}
	buf_release(&fill);
}

#define LEGEND_ROW 16.0
#define LEGEND_ITEM_MAX 180.0

/* Lays the legend out from (x0, top) within width w; draws when out is not
 * NULL. Returns the height it takes. */
static double legend(struct buf *out, const char *id, const char *const *names, size_t n, int kind,
	double x0, double top, double w)
{
	double x = x0, y = top, fs = SMALL_FONT + 1;
	struct buf t = BUF_INIT, fill = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&t);
		clipped(&t, names[i], LEGEND_ITEM_MAX, fs);
		double item = 14 + text_px(t.ptr, fs) + 14;
		if (x > x0 && x + item > x0 + w) {
			x = x0;
			y += LEGEND_ROW;
		}
		if (out) {
			if (kind == SWATCH_BOX) {
				series_fill(&fill, id, i);
				rect(out, x, y + 2, 10, 10, fill.ptr, "stroke=\"#333333\" stroke-width=\"0.5\"");
			} else {
				marker(out, id, i, x + 5, y + 7);
			}
			text_at(out, x + 14, y + 11, NULL, fs, NULL, t.ptr, 0);
		}
		x += item;
	}
	buf_release(&t);
	buf_release(&fill);
	return n ? y - top + LEGEND_ROW + 4 : 0;
}

static int bad_array(const void *p, size_t n, const char *what, struct jy_err *err)
{
	if (!p && n)
		return err_set(err, JY_EINVAL, L("图表数据 %s 为空指针而个数为 %zu", "chart data %s is NULL with count %zu"),
			what, n);
	return 0;
}

/* ---- grouped bars ---- */

int svg_bar_chart(struct buf *out, const struct svg_bar_chart *c, struct jy_err *err)
{
	int w = c->width, h = c->height, rc;
	if ((rc = frame_check(&w, &h, DEFAULT_H, err)) || (rc = bad_array(c->categories, c->ncat, "categories", err)) ||
		(rc = bad_array(c->series, c->nseries, "series", err)))
		return rc;
	for (size_t s = 0; s < c->nseries; s++)
		if ((rc = bad_array(c->series[s].values, c->ncat, "series.values", err)))
			return rc;

	double lo = 0, hi = 0; /* bars grow from zero, so zero is always on the axis */
	int any = 0;
	for (size_t s = 0; s < c->nseries; s++)
		for (size_t i = 0; i < c->ncat; i++) {
			double v = c->series[s].values[i];
			if (!isfinite(v))
				continue;
			any = 1;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}

	struct frame f;
	double top = frame_open(&f, out, c->id, w, h, c->title);
	if (!any) {
		no_data(out, &f, top);
		frame_close(&f, out);
		return 0;
	}
	struct axis a;
	axis_make(&a, lo, hi, c->y_min, c->y_max, 5);
	int show_legend = c->legend > 0 || (c->legend == 0 && c->nseries > 1);
	const char **names = xcalloc(c->nseries, sizeof(*names));
	for (size_t s = 0; s < c->nseries; s++)
		names[s] = c->series[s].name ? c->series[s].name : "";
	defs(out, f.id.ptr, c->nseries);
	if (show_legend) {
		top += legend(out, f.id.ptr, (const char *const *)names, c->nseries, SWATCH_BOX, 10, top, w - 20);
	}
	double x0 = 10 + (c->y_title && *c->y_title ? 18 : 0) + axis_label_px(&a, TICK_FONT) + 6;
	double x1 = w - 12;
	double y0 = top + (c->value_labels ? 14 : 6);
	double y1 = h - (2 * 14 + 8 + (c->x_title && *c->x_title ? 18 : 0) + 4);
	if (y1 < y0 + 20)
		y1 = y0 + 20;

	struct buf t = BUF_INIT, fill = BUF_INIT;
	for (int k = 0; isfinite(axis_tick(&a, k)); k++) {
		double v = axis_tick(&a, k), y = map(&a, v, y1, y0);
		line(out, x0, y, x1, y, "stroke=\"#d0d0d0\" stroke-width=\"0.5\"");
		buf_reset(&t);
		html_num(&t, v, a.decimals, "");
		text_at(out, x0 - 4, y + 4, "end", TICK_FONT, NULL, t.ptr, 0);
	}
	double base = map(&a, 0, y1, y0);
	double band = (x1 - x0) / (double)c->ncat, bw = band * 0.8 / (double)c->nseries;
	for (size_t i = 0; i < c->ncat; i++) {
		for (size_t s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			if (!isfinite(v))
				continue;
			double bx = x0 + band * (double)i + band * 0.1 + bw * (double)s, y = map(&a, v, y1, y0);
			series_fill(&fill, f.id.ptr, s);
			rect(out, bx, y < base ? y : base, bw, fabs(base - y), fill.ptr,
				"stroke=\"#333333\" stroke-width=\"0.5\"");
			if (c->value_labels) {
				buf_reset(&t);
				html_num(&t, v, c->decimals, "");
				text_at(out, bx + bw / 2, v >= 0 ? y - 3 : y + 10, "middle", SMALL_FONT - 1, NULL, t.ptr, 0);
			}
		}
		/* The category label: up to two lines under its group, the second clipped with "…". */
		const char *cat = c->categories[i] ? c->categories[i] : "";
		int cols = cols_for(band - 4, TICK_FONT);
		size_t len = strlen(cat), cut = text_width(cat) <= cols ? len : text_fit(cat, len, cols);
		double cx = x0 + band * ((double)i + 0.5);
		if (cut == 0 || cut >= len) {
			text_at(out, cx, y1 + 15, "middle", TICK_FONT, NULL, cat, band - 4);
		} else {
			char *first = xstrndup(cat, cut);
			text_at(out, cx, y1 + 15, "middle", TICK_FONT, NULL, first, 0);
			text_at(out, cx, y1 + 29, "middle", TICK_FONT, NULL, cat + cut, band - 4);
			free(first);
		}
	}
	line(out, x0, y0, x0, y1, "stroke=\"#000000\" stroke-width=\"0.75\"");
	line(out, x0, base, x1, base, "stroke=\"#000000\" stroke-width=\"0.75\"");
	if (c->y_title && *c->y_title) {
		double cy = (y0 + y1) / 2;
		buf_reset(&t);
		buf_puts(&t, "transform=\"rotate(-90 ");
		coord(&t, 16);
		buf_putc(&t, ' ');
		coord(&t, cy);
		buf_puts(&t, ")\"");
		text_at(out, 16, cy, "middle", TICK_FONT, t.ptr, c->y_title, y1 - y0);
	}
	if (c->x_title && *c->x_title)
		text_at(out, (x0 + x1) / 2, h - 8, "middle", TICK_FONT, NULL, c->x_title, x1 - x0);
	buf_release(&t);
	buf_release(&fill);
	free(names);
	frame_close(&f, out);
	return 0;
}

/* ---- horizontal bars ---- */

#define HBAR_ROW 22.0

int svg_hbar_chart(struct buf *out, const struct svg_hbar_chart *c, struct jy_err *err)
{
	int rc;
	if ((rc = bad_array(c->labels, c->n, "labels", err)) || (rc = bad_array(c->values, c->n, "values", err)))
		return rc;
	int has_title = c->title && *c->title, has_xt = c->x_title && *c->x_title;
	double top0 = has_title ? 32 : 10, bottom = 22 + (has_xt ? 18 : 0) + 6;
	int w = c->width, h = c->height;
	if (h == 0) {
		double want = top0 + (c->n ? (double)c->n : 4) * HBAR_ROW + bottom + 4;
		h = want < 160 ? 160 : want > 4000 ? 4000 : (int)ceil(want);
	}
	if ((rc = frame_check(&w, &h, DEFAULT_H, err)))
		return rc;

	double lo = 0, hi = 0;
	int any = 0;
	for (size_t i = 0; i < c->n; i++) {
		double v = c->values[i];
		if (!isfinite(v))
			continue;
		any = 1;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	struct frame f;
	double top = frame_open(&f, out, c->id, w, h, c->title);
	if (!any) {
		no_data(out, &f, top);
		frame_close(&f, out);
		return 0;
	}
	struct axis a;
	axis_make(&a, lo, hi, NAN, c->x_max, 5);

	struct buf t = BUF_INIT, fill = BUF_INIT;
	double label_w = 0, value_w = 0;
	for (size_t i = 0; i < c->n; i++) {
		double px = text_px(c->labels[i], FONT);
		label_w = px > label_w ? px : label_w;
		buf_reset(&t);
		html_num(&t, c->values[i], c->decimals, "");
		px = text_px(t.ptr, TICK_FONT);
		value_w = px > value_w ? px : value_w;
	}
	if (label_w > w * 0.4)
		label_w = w * 0.4;
	double x0 = 10 + label_w + 8, x1 = w - 12 - value_w - 6;
	double y0 = top, y1 = h - bottom;
	double row = (y1 - y0) / (double)c->n;
	for (int k = 0; isfinite(axis_tick(&a, k)); k++) {
		double v = axis_tick(&a, k), x = map(&a, v, x0, x1);
		line(out, x, y0, x, y1, "stroke=\"#d0d0d0\" stroke-width=\"0.5\"");
		buf_reset(&t);
		html_num(&t, v, a.decimals, "");
		text_at(out, x, y1 + 15, "middle", TICK_FONT, NULL, t.ptr, 0);
	}
	double base = map(&a, 0, x0, x1);
	series_fill(&fill, f.id.ptr, 0);
	for (size_t i = 0; i < c->n; i++) {
		double ry = y0 + row * (double)i;
		text_at(out, x0 - 6, ry + row / 2 + 4, "end", FONT, NULL, c->labels[i], label_w);
		double v = c->values[i];
		if (!isfinite(v))
			continue;
		double x = map(&a, v, x0, x1);
		rect(out, x < base ? x : base, ry + row * 0.2, fabs(x - base), row * 0.6, fill.ptr,
			"stroke=\"#333333\" stroke-width=\"0.5\"");
		buf_reset(&t);
		html_num(&t, v, c->decimals, "");
		text_at(out, (x > base ? x : base) + 4, ry + row / 2 + 4, NULL, TICK_FONT, NULL, t.ptr, 0);
	}
	line(out, base, y0, base, y1, "stroke=\"#000000\" stroke-width=\"0.75\"");
	line(out, x0, y1, x1, y1, "stroke=\"#000000\" stroke-width=\"0.75\"");
	if (has_xt)
		text_at(out, (x0 + x1) / 2, h - 8, "middle", TICK_FONT, NULL, c->x_title, x1 - x0);
	buf_release(&t);
	buf_release(&fill);
	frame_close(&f, out);
	return 0;
}

/* ---- scatter ---- */

struct box {
	double x0, y0, x1, y1;
};

static int box_inside(const struct box *b, double w, double h)
{
	return b->x0 >= 2 && b->y0 >= 2 && b->x1 <= w - 2 && b->y1 <= h - 2;
}

static int box_free(const struct box *b, const struct box *placed, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b->x0 < placed[i].x1 && placed[i].x0 < b->x1 && b->y0 < placed[i].y1 && placed[i].y0 < b->y1)
			return 0;
	return 1;
}

/* Box of a label of width lw placed at (tx, ty) with the given anchor. */
static struct box label_box(double tx, double ty, double lw, const char *anchor)
{
	double x = anchor[0] == 's' ? tx : anchor[0] == 'e' ? tx - lw : tx - lw / 2;
	struct box b = { x, ty - 9, x + lw, ty + 2 };
	return b;
}

#define LABEL_COLS 24

static void point_label(struct buf *out, const struct frame *f, double px, double py, const char *label,
	struct box *placed, size_t *nplaced)
{
	static const char *const anchors[4] = { "start", "end", "middle", "middle" };
	const double dx[4] = { 6, -6, 0, 0 }, dy[4] = { 3.5, 3.5, -7, 14 };
	struct buf t = BUF_INIT;
	text_clip(&t, label, LABEL_COLS);
	double lw = text_px(t.ptr, SMALL_FONT);
	int pick = -1;
	for (int k = 0; k < 4 && pick < 0; k++) {
		struct box b = label_box(px + dx[k], py + dy[k], lw, anchors[k]);
		if (box_inside(&b, f->w, f->h) && box_free(&b, placed, *nplaced))
			pick = k;
	}
	for (int k = 0; k < 4 && pick < 0; k++) {
		struct box b = label_box(px + dx[k], py + dy[k], lw, anchors[k]);
		if (box_inside(&b, f->w, f->h))
			pick = k;
	}
	if (pick < 0) { /* too long for any side: clip it to the roomier side */
		double right = f->w - 2 - (px + 6), left = px - 6 - 2;
		pick = right >= left ? 0 : 1;
		buf_reset(&t);
		clipped(&t, label, right >= left ? right : left, SMALL_FONT);
		lw = text_px(t.ptr, SMALL_FONT);
	}
	struct box b = label_box(px + dx[pick], py + dy[pick], lw, anchors[pick]);
	placed[(*nplaced)++] = b;
	/* A white halo keeps the label readable over grid lines and markers. */
	text_at(out, px + dx[pick], py + dy[pick], anchors[pick], SMALL_FONT,
		"stroke=\"#ffffff\" stroke-width=\"2.5\" paint-order=\"stroke\"", t.ptr, 0);
	buf_release(&t);
}

static void range_add(double *lo, double *hi, double v)
{
	if (!isfinite(v))
		return;
	if (!isfinite(*lo) || v < *lo)
		*lo = v;
	if (!isfinite(*hi) || v > *hi)
		*hi = v;
}

int svg_scatter(struct buf *out, const struct svg_scatter *c, struct jy_err *err)
{
	int w = c->width, h = c->height, rc;
	if ((rc = frame_check(&w, &h, DEFAULT_H, err)) || (rc = bad_array(c->points, c->npoints, "points", err)) ||
		(rc = bad_array(c->lines, c->nlines, "lines", err)) || (rc = bad_array(c->groups, c->ngroups, "groups", err)))
		return rc;
	double xlo = NAN, xhi = NAN, ylo = NAN, yhi = NAN;
	int any = 0;
	for (size_t i = 0; i < c->npoints; i++) {
		if (!isfinite(c->points[i].x) || !isfinite(c->points[i].y))
			continue;
		any = 1;
		range_add(&xlo, &xhi, c->points[i].x);
		range_add(&ylo, &yhi, c->points[i].y);
	}
	struct frame f;
	double top = frame_open(&f, out, c->id, w, h, c->title);
	if (!any) {
		no_data(out, &f, top);
		frame_close(&f, out);
		return 0;
	}
	for (size_t i = 0; i < c->nlines; i++) {
		if (c->lines[i].axis == SVG_VLINE)
			range_add(&xlo, &xhi, c->lines[i].value);
		else
			range_add(&ylo, &yhi, c->lines[i].value);
	}
	struct axis ax, ay;
	axis_make(&ax, xlo, xhi, c->x_min, c->x_max, 5);
	axis_make(&ay, ylo, yhi, c->y_min, c->y_max, 5);

	size_t ngroups = c->groups ? c->ngroups : 0;
	defs(out, f.id.ptr, ngroups > 1 ? ngroups : 1);
	if (ngroups > 1)
		top += legend(out, f.id.ptr, c->groups, ngroups, SWATCH_MARKER, 10, top, w - 20);
	int has_xt = c->x_title && *c->x_title, has_yt = c->y_title && *c->y_title;
	double x0 = 10 + (has_yt ? 18 : 0) + axis_label_px(&ay, TICK_FONT) + 6, x1 = w - 12;
	double y0 = top + 6, y1 = h - (16 + (has_xt ? 18 : 0) + 8);
	if (y1 < y0 + 20)
		y1 = y0 + 20;

	struct buf t = BUF_INIT;
	for (int k = 0; isfinite(axis_tick(&ay, k)); k++) {
		double v = axis_tick(&ay, k), y = map(&ay, v, y1, y0);
		line(out, x0, y, x1, y, "stroke=\"#d0d0d0\" stroke-width=\"0.5\"");
		buf_reset(&t);
		html_num(&t, v, ay.decimals, "");
		text_at(out, x0 - 4, y + 4, "end", TICK_FONT, NULL, t.ptr, 0);
	}
	for (int k = 0; isfinite(axis_tick(&ax, k)); k++) {
		double v = axis_tick(&ax, k), x = map(&ax, v, x0, x1);
		line(out, x, y0, x, y1, "stroke=\"#d0d0d0\" stroke-width=\"0.5\"");
		buf_reset(&t);
		html_num(&t, v, ax.decimals, "");
		text_at(out, x, y1 + 14, "middle", TICK_FONT, NULL, t.ptr, 0);
	}
	rect(out, x0, y0, x1 - x0, y1 - y0, "none", "stroke=\"#000000\" stroke-width=\"0.75\"");
	for (size_t i = 0; i < c->nlines; i++) {
		const struct svg_refline *l = &c->lines[i];
		const struct axis *a = l->axis == SVG_VLINE ? &ax : &ay;
		if (!isfinite(l->value) || l->value < a->min || l->value > a->max)
			continue;
		const char *dash = "stroke=\"#444444\" stroke-width=\"1\" stroke-dasharray=\"5 3\"";
		if (l->axis == SVG_VLINE) {
			double x = map(&ax, l->value, x0, x1);
			line(out, x, y0, x, y1, dash);
			int room_right = x + 4 + text_px(l->label, SMALL_FONT) <= x1;
			text_at(out, room_right ? x + 4 : x - 4, y0 + 12, room_right ? "start" : "end", SMALL_FONT, NULL,
				l->label, (x1 - x0) / 2);
		} else {
			double y = map(&ay, l->value, y1, y0);
			line(out, x0, y, x1, y, dash);
			text_at(out, x1 - 4, y - 4 < y0 + 10 ? y + 12 : y - 4, "end", SMALL_FONT, NULL, l->label, (x1 - x0) / 2);
		}
	}
	struct box *placed = xcalloc(c->npoints ? c->npoints : 1, sizeof(*placed));
	size_t nplaced = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->npoints; i++) {
			const struct svg_point *p = &c->points[i];
			if (!isfinite(p->x) || !isfinite(p->y) || p->x < ax.min || p->x > ax.max || p->y < ay.min ||
				p->y > ay.max)
				continue;
			double px = map(&ax, p->x, x0, x1), py = map(&ay, p->y, y1, y0);
			if (pass == 0)
				marker(out, f.id.ptr, ngroups ? p->group % (ngroups > NSTYLES ? NSTYLES : ngroups) : 0, px, py);
			else if (p->label && *p->label)
				point_label(out, &f, px, py, p->label, placed, &nplaced);
		}
	free(placed);
	if (has_yt) {
		double cy = (y0 + y1) / 2;
		buf_reset(&t);
		buf_puts(&t, "transform=\"rotate(-90 ");
		coord(&t, 16);
		buf_putc(&t, ' ');
		coord(&t, cy);
		buf_puts(&t, ")\"");
		text_at(out, 16, cy, "middle", TICK_FONT, t.ptr, c->y_title, y1 - y0);
	}
	if (has_xt)
		text_at(out, (x0 + x1) / 2, h - 8, "middle", TICK_FONT, NULL, c->x_title, x1 - x0);
	buf_release(&t);
	frame_close(&f, out);
	return 0;
}

/* ---- heat table ---- */

int svg_heat_table(struct buf *out, const struct svg_heat *h, struct jy_err *err)
{
	int rc;
	if ((rc = bad_array(h->row_labels, h->nrows, "row_labels", err)) ||
		(rc = bad_array(h->col_labels, h->ncols, "col_labels", err)) ||
		(rc = bad_array(h->values, h->nrows && h->ncols, "values", err)))
		return rc;
	buf_puts(out, "<table class=\"grid heat\">\n");
	if (h->title && *h->title) {
		buf_puts(out, "<caption>");
		html_text(out, h->title);
		buf_puts(out, "</caption>\n");
	}
	buf_puts(out, "<thead>\n<tr><th>");
	html_text(out, h->corner);
	buf_puts(out, "</th>");
	for (size_t j = 0; j < h->ncols; j++) {
		buf_puts(out, "<th>");
		html_text(out, h->col_labels[j]);
		buf_puts(out, "</th>");
	}
	buf_puts(out, "</tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < h->nrows; i++) {
		buf_puts(out, "<tr><th>");
		html_text(out, h->row_labels[i]);
		buf_puts(out, "</th>");
		for (size_t j = 0; j < h->ncols; j++) {
			double v = h->values[i * h->ncols + j];
			if (!isfinite(v)) {
				buf_puts(out, "<td class=\"num\">\xE2\x80\x94</td>");
				continue;
			}
			buf_printf(out, "<td class=\"num\" style=\"background:#%06x;color:%s\">", (unsigned)svg_heat_colour(v),
				v >= 0.6 ? "#ffffff" : "#000000");
			if (h->percent) {
				html_num(out, v * 100, h->decimals, "");
				buf_putc(out, '%');
			} else {
				html_num(out, v, h->decimals, "");
			}
			buf_puts(out, "</td>");
		}
		buf_puts(out, "</tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n");
	return 0;
}
