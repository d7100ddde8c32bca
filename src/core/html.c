/* html: escaping, the printable page skeleton with its stylesheet, and small helpers for tables and forms. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "jiaoyan/html.h"
#include "jiaoyan/text.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void html_escape(struct buf *out, const char *s, size_t len, int flags)
{
	size_t i = 0;
	buf_grow(out, len);
	while (i < len) {
		size_t run = i;
		/* Plain printable ASCII is copied in runs; everything else is looked at. */
		while (run < len) {
			unsigned char c = (unsigned char)s[run];
			if (c < 0x20 || c >= 0x7F || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'')
				break;
			run++;
		}
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run;
			if (i == len)
				break;
		}
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': buf_puts(out, "&amp;"); i++; continue;
		case '<': buf_puts(out, "&lt;"); i++; continue;
		case '>': buf_puts(out, "&gt;"); i++; continue;
		case '"': buf_puts(out, "&quot;"); i++; continue;
		case '\'': buf_puts(out, "&#39;"); i++; continue;
		case '\r': i++; continue;
		case '\n':
			if (flags & HTML_ESC_ATTR)
				buf_puts(out, "&#10;");
			else if (flags & HTML_ESC_BR)
				buf_puts(out, "<br>\n");
			else
				buf_putc(out, '\n');
			i++;
			continue;
		case '\t':
			buf_puts(out, (flags & HTML_ESC_ATTR) ? "&#9;" : "\t");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x80) { /* the other C0 controls, NUL and DEL */
			buf_puts(out, REPLACEMENT);
			i++;
			continue;
		}
		uint32_t cp;
		int bad;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		/* C1 controls and the two non-characters are not XML 1.0 character data. */
		if (bad || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF)
			buf_puts(out, REPLACEMENT);
		else
			buf_add(out, s + i, n);
		i += n;
	}
}

void html_text(struct buf *out, const char *s)
{
	if (s)
		html_escape(out, s, strlen(s), 0);
}

void html_attr(struct buf *out, const char *s)
{
	if (s)
		html_escape(out, s, strlen(s), HTML_ESC_ATTR);
}

void html_text_br(struct buf *out, const char *s)
{
	if (s)
		html_escape(out, s, strlen(s), HTML_ESC_BR);
}

void html_num(struct buf *out, double v, int decimals, const char *nan_text)
{
	if (!isfinite(v)) {
		if (nan_text)
			buf_puts(out, nan_text);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	if (fabs(v) >= 1e15)
		decimals = 0;
	long long scale = 1;
	for (int d = 0; d < decimals; d++)
		scale *= 10;
	/* Integer arithmetic keeps the output independent of LC_NUMERIC. */
	double r = round(fabs(v) * (double)scale);
	if (r >= 9e18) { /* beyond long long: print the integer part through %.0f, which has no decimal point */
		buf_printf(out, "%s%.0f", v < 0 ? "-" : "", fabs(v));
		return;
	}
	unsigned long long n = (unsigned long long)r;
	if (v < 0 && n != 0)
		buf_putc(out, '-');
	buf_printf(out, "%llu", n / (unsigned long long)scale);
	if (decimals > 0)
		buf_printf(out, ".%0*llu", decimals, n % (unsigned long long)scale);
}

static const char STYLESHEET[] =
	"@page { size: A4; margin: 18mm 15mm 18mm 15mm; }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: " HTML_FONT_SERIF "; font-size: 10.5pt; line-height: 1.5; color: #000;"
	" background: #fff; margin: 0; }\n"
	"@media screen { body { max-width: 180mm; margin: 1em auto; padding: 0 1em; } }\n"
	"h1, h2, h3, th, .fields, .sign, caption { font-family: " HTML_FONT_SANS "; }\n"
	"h1, h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
	"h1 { font-size: 16pt; text-align: center; margin: 0 0 8pt; }\n"
	"h2 { font-size: 13pt; margin: 12pt 0 4pt; }\n"
	"h3 { font-size: 11pt; margin: 8pt 0 3pt; }\n"
	"p { margin: 3pt 0; }\n"
	"table.grid { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }\n"
	"table.grid th, table.grid td { border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: top;"
	" text-align: left; }\n"
	"table.grid th { font-weight: bold; background: #eee; text-align: center; }\n"
	"table.grid caption { font-weight: bold; padding: 2pt; }\n"
	"table.grid td.num, table.grid th.num { text-align: right; white-space: nowrap;"
	" font-variant-numeric: tabular-nums; }\n"
	"table.grid td.center, table.grid th.center, .center { text-align: center; }\n"
	"thead { display: table-header-group; }\n"
	"tr, .nobreak, figure { break-inside: avoid; page-break-inside: avoid; }\n"
	".pagebreak { break-before: page; page-break-before: always; }\n"
	".fields, .sign { margin: 6pt 0; line-height: 2.2; }\n"
	".sign { margin-top: 18pt; text-align: right; }\n"
	".slot { display: inline-block; white-space: nowrap; margin-right: 2em; }\n"
	".sign .slot { margin-right: 0; margin-left: 2em; }\n"
	".blank { display: inline-block; min-width: 6em; border-bottom: 0.75pt solid #000;"
	" text-align: center; line-height: 1.4; }\n"
	"dl.pairs { display: grid; grid-template-columns: max-content auto; gap: 2pt 1em; margin: 4pt 0; }\n"
	"dl.pairs dt { font-weight: bold; } dl.pairs dd { margin: 0; }\n"
	".small { font-size: 8pt; color: #333; }\n"
	"figure { margin: 6pt 0; }\n"
	"svg.chart { display: block; max-width: 100%; height: auto; margin: 4pt auto; }\n"
	"table.heat td.num { min-width: 3em; }\n";

void html_begin(struct buf *out, const char *title, const char *css)
{
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_text(out, title);
	buf_puts(out, "</title>\n<style>\n");
	buf_puts(out, STYLESHEET);
	if (css && !strstr(css, "</")) {
		buf_puts(out, css);
		buf_putc(out, '\n');
	}
	buf_puts(out, "</style>\n</head>\n<body>\n");
}

void html_end(struct buf *out)
{
	buf_puts(out, "</body>\n</html>\n");
}

void html_heading(struct buf *out, int level, const char *text)
{
	if (level < 1)
		level = 1;
	if (level > 3)
		level = 3;
	buf_printf(out, "<h%d>", level);
	html_text(out, text);
	buf_printf(out, "</h%d>\n", level);
}

static void open_tag(struct buf *out, const char *tag, const char *cls)
{
	buf_printf(out, "<%s", tag);
	if (cls && *cls) {
		buf_puts(out, " class=\"");
		html_attr(out, cls);
		buf_putc(out, '"');
	}
	buf_putc(out, '>');
}

void html_para(struct buf *out, const char *cls, const char *text)
{
	open_tag(out, "p", cls);
	html_text_br(out, text);
	buf_puts(out, "</p>\n");
}

void html_open(struct buf *out, const char *tag, const char *cls)
{
	open_tag(out, tag, cls);
	buf_putc(out, '\n');
}

void html_close(struct buf *out, const char *tag)
{
	buf_printf(out, "</%s>\n", tag);
}

void html_dl(struct buf *out, const struct html_pair *pairs, size_t n)
{
	buf_puts(out, "<dl class=\"pairs\">\n");
	for (size_t i = 0; i < n; i++) {
		buf_puts(out, "<dt>");
		html_text(out, pairs[i].label);
		buf_puts(out, "</dt><dd>");
		html_text_br(out, pairs[i].value);
		buf_puts(out, "</dd>\n");
	}
	buf_puts(out, "</dl>\n");
}

void html_fields(struct buf *out, const char *cls, const struct html_pair *pairs, size_t n)
{
	open_tag(out, "div", cls ? cls : "fields");
	buf_putc(out, '\n');
	for (size_t i = 0; i < n; i++) {
		buf_puts(out, "<span class=\"slot\">");
		html_text(out, pairs[i].label);
		buf_puts(out, "<span class=\"blank\">");
		html_text(out, pairs[i].value);
		buf_puts(out, "</span></span>\n");
	}
	buf_puts(out, "</div>\n");
}

static void close_row(struct html_table *t)
{
	if (t->in_row)
		buf_puts(t->out, "</tr>\n");
	t->in_row = 0;
}

static void set_part(struct html_table *t, int part)
{
	static const char *const names[] = { "", "thead", "tbody" };
	if (t->part == part)
		return;
	close_row(t);
	if (t->part)
		buf_printf(t->out, "</%s>\n", names[t->part]);
	t->part = part;
	buf_printf(t->out, "<%s>\n", names[part]);
}

void html_table_begin(struct html_table *t, struct buf *out, const char *cls)
{
	t->out = out;
	t->part = 0;
	t->in_row = 0;
	buf_puts(out, "<table class=\"grid");
	if (cls && *cls) {
		buf_putc(out, ' ');
		html_attr(out, cls);
	}
	buf_puts(out, "\">\n");
}

void html_table_head(struct html_table *t)
{
	set_part(t, 1);
}

void html_table_body(struct html_table *t)
{
	set_part(t, 2);
}

void html_table_row(struct html_table *t)
{
	if (!t->part)
		set_part(t, 2);
	close_row(t);
	buf_puts(t->out, "<tr>");
	t->in_row = 1;
}

static void cell_open(struct html_table *t, int flags, int colspan)
{
	if (!t->in_row)
		html_table_row(t);
	const char *tag = (flags & HTML_TH) ? "th" : "td";
	buf_printf(t->out, "<%s", tag);
	if (flags & HTML_NUM)
		buf_puts(t->out, " class=\"num\"");
	else if (flags & HTML_CENTER)
		buf_puts(t->out, " class=\"center\"");
	if (colspan > 1)
		buf_printf(t->out, " colspan=\"%d\"", colspan);
	buf_putc(t->out, '>');
}

void html_cell_span(struct html_table *t, const char *text, int flags, int colspan)
{
	cell_open(t, flags, colspan);
	if (flags & HTML_RAW)
		buf_puts(t->out, text ? text : "");
	else
		html_text_br(t->out, text);
	buf_puts(t->out, (flags & HTML_TH) ? "</th>" : "</td>");
}

void html_cell(struct html_table *t, const char *text, int flags)
{
	html_cell_span(t, text, flags, 1);
}

void html_cell_num(struct html_table *t, double v, int decimals, int flags)
{
	cell_open(t, flags | HTML_NUM, 1);
	html_num(t->out, v, decimals, "\xE2\x80\x94"); /* — */
	buf_puts(t->out, (flags & HTML_TH) ? "</th>" : "</td>");
}

void html_table_end(struct html_table *t)
{
	static const char *const names[] = { "", "thead", "tbody" };
	close_row(t);
	if (t->part)
		buf_printf(t->out, "</%s>\n", names[t->part]);
	t->part = 0;
	buf_puts(t->out, "</table>\n");
}
