/* html: escaping and the building blocks of the self-contained printable pages (forms, papers, reports). */
#ifndef JIAOYAN_HTML_H
#define JIAOYAN_HTML_H

#include <stddef.h>

#include "jiaoyan/buf.h"

/*
 * Every printable page of the program is ONE HTML file with everything
 * inline: the stylesheet is in <style>, charts are inline <svg>, there is
 * no script, no external file and no web font. Pages are built by appending
 * to a struct buf; every piece of data goes through the escapers below, so
 * nothing from a record can open a tag or an attribute.
 *
 * Escaping rules (html_escape and everything built on it):
 *  - & < > " ' become &amp; &lt; &gt; &quot; &#39; (in text and in
 *    attributes alike, so one escaper is safe in both places);
 *  - newline and tab are kept in text; in attributes they become &#10; and
 *    &#9; so they survive attribute-value normalisation;
 *  - CR is dropped (CRLF from pasted Windows text reads as LF);
 *  - every other C0 control, DEL, the C1 controls U+0080–U+009F, U+FFFE,
 *    U+FFFF and bytes that are not valid UTF-8 become U+FFFD "�", so the
 *    reader sees that something was there and the output is always valid
 *    XML 1.0 character data (the same escaper serves the SVG module);
 *  - everything else (Chinese included) is copied byte for byte.
 * Input is expected to be validated UTF-8 already (records are); invalid
 * bytes are handled as above rather than trusted.
 */

enum {
	HTML_ESC_ATTR = 1, /* newline and tab as character references */
	HTML_ESC_BR = 2,   /* newline becomes "<br>\n" (text only) */
};

/* Appends s[0..len) escaped by the rules above; flags from HTML_ESC_*. */
void html_escape(struct buf *out, const char *s, size_t len, int flags);

/* Shorthands for NUL-terminated strings (NULL appends nothing). */
void html_text(struct buf *out, const char *s);    /* element content */
void html_attr(struct buf *out, const char *s);    /* inside a double-quoted attribute value */
void html_text_br(struct buf *out, const char *s); /* content, newlines as <br> */

/*
 * Appends v with exactly `decimals` digits after the point (0..6, clamped),
 * rounded half away from zero, always with '.' whatever the locale, never
 * "-0". NaN and infinities append `nan_text` (may be NULL: nothing).
 * |v| beyond 1e15 is written without decimals.
 */
void html_num(struct buf *out, double v, int decimals, const char *nan_text);

/* The font stacks of the page, for CSS and for SVG font-family attributes
 * (single quotes only, so they fit inside a double-quoted attribute). */
#define HTML_FONT_SANS "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', " \
	"'WenQuanYi Micro Hei', sans-serif"
#define HTML_FONT_SERIF "'Noto Serif CJK SC', 'Source Han Serif SC', SimSun, 'Songti SC', " \
	"'Noto Sans CJK SC', serif"

/*
 * Document skeleton. html_begin appends "<!DOCTYPE html>", <html lang="zh-CN">,
 * <meta charset="utf-8">, the escaped <title>, the print stylesheet and
 * <body>; html_end appends "</body></html>". `css` (may be NULL) is appended
 * to the stylesheet after ours, so it can override any rule (e.g.
 * "@page { size: A4 landscape; }"); it must be a constant of the program,
 * never data: it is not escaped (a css holding "</" is ignored whole).
 *
 * The stylesheet prints on A4 (margins 15 mm sides, 18 mm top and bottom),
 * body text in the serif CJK stack (宋体 style: HTML_FONT_SERIF), headings,
 * table headers and charts in the sans stack (黑体 style), colours and
 * backgrounds printed as on screen (print-color-adjust: exact), and gives
 * the features these classes:
 *   h1 h2 h3        centred title / section headings, never left alone at
 *                   the foot of a page;
 *   table.grid      ruled table whose lines print; <thead> repeats on every
 *                   page; a row is never split across pages;
 *   td.num th.num   right-aligned, tabular figures;  .center  centred;
 *   .nobreak        a block (a question, a chart) never split across pages;
 *   .pagebreak      starts on a new page;
 *   .fields         a block of "label ______" slots (学校/班级/姓名/学号);
 *   .sign           a signature line ("听课人签名：______ 日期：______"),
 *                   right-aligned with space above for the pen;
 *   .blank          the ruled line inside a slot (min 6em, grows with text);
 *   dl.pairs        label/value pairs in two columns;
 *   .small          small print (notes, footers);
 *   svg.chart       a chart that scales to the page width;
 *   table.heat      a heat table (see svg_heat_table).
 */
void html_begin(struct buf *out, const char *title, const char *css);
void html_end(struct buf *out);

/* <hN>text</hN> for level 1..3 (clamped). */
void html_heading(struct buf *out, int level, const char *text);

/* <p class="cls">text</p> with newlines as <br>; cls may be NULL. */
void html_para(struct buf *out, const char *cls, const char *text);

/* Opens / closes a block element: html_open(out, "div", "nobreak") appends
 * <div class="nobreak">; cls may be NULL. tag must be a constant name. */
void html_open(struct buf *out, const char *tag, const char *cls);
void html_close(struct buf *out, const char *tag);

/* A label with its value; a NULL or empty value means "to be filled in by hand". */
struct html_pair {
	const char *label;
	const char *value;
};

/* <dl class="pairs"> of n pairs; an empty value prints as an empty <dd>. */
void html_dl(struct buf *out, const struct html_pair *pairs, size_t n);

/*
 * A line of slots "label ______": appends <div class="cls"> with one
 * <span class="slot">label<span class="blank">value</span></span> per pair.
 * cls is "fields" (an exam paper's 学校/班级/姓名/学号 block) or "sign"
 * (a signature line); NULL means "fields". The label is written as given,
 * so the caller includes the colon ("听课人签名：").
 */
void html_fields(struct buf *out, const char *cls, const struct html_pair *pairs, size_t n);

/*
 * Tables. A struct html_table (on the caller's stack, no allocation) tracks
 * what is open, so the output is always well-formed: a row opened before a
 * section closes with it, html_table_end closes whatever is open.
 *
 *   struct html_table t;
 *   html_table_begin(&t, out, NULL);
 *   html_table_head(&t); html_table_row(&t);
 *   html_cell(&t, "学校", HTML_TH); html_cell(&t, "平均分", HTML_TH | HTML_NUM);
 *   html_table_body(&t); html_table_row(&t);
 *   html_cell(&t, "第一职校", 0); html_cell_num(&t, 78.456, 1, 0);
 *   html_table_end(&t);
 *
 * Rows written before any html_table_head/html_table_body go into <tbody>.
 */
struct html_table {
	struct buf *out;
	int part;   /* 0 none, 1 thead, 2 tbody */
	int in_row;
};

enum {
	HTML_TH = 1,     /* header cell <th> */
	HTML_NUM = 2,    /* right-aligned number (class "num") */
	HTML_CENTER = 4, /* centred (class "center") */
	HTML_RAW = 8,    /* text is trusted, already-escaped HTML (built by the caller with these helpers) */
};

/* cls (may be NULL) is added to "grid": <table class="grid cls">. */
void html_table_begin(struct html_table *t, struct buf *out, const char *cls);
void html_table_head(struct html_table *t); /* following rows go to <thead> (repeated on each page) */
void html_table_body(struct html_table *t); /* following rows go to <tbody> */
void html_table_row(struct html_table *t);  /* starts a row, closing the previous one */
/* One cell of text (newlines shown as <br>); NULL text is an empty cell.
 * A cell written outside a row starts one. */
void html_cell(struct html_table *t, const char *text, int flags);
/* Same, spanning colspan (>= 1) columns. */
void html_cell_span(struct html_table *t, const char *text, int flags, int colspan);
/* A number with `decimals` digits, right-aligned; NaN prints "—". */
void html_cell_num(struct html_table *t, double v, int decimals, int flags);
void html_table_end(struct html_table *t);

#endif
