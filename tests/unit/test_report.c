/* test_report: unit tests for core/html, core/svg and core/xlsx; with REPORT_SAMPLES=DIR it writes sample outputs instead. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/html.h"
#include "jiaoyan/svg.h"
#include "jiaoyan/text.h"
#include "jiaoyan/xlsx.h"

#define SCRIPT "<script>alert(1)</script>"
#define SCRIPT_ESCAPED "&lt;script&gt;alert(1)&lt;/script&gt;"
#define CREATED 1795305600 /* 2026-11-22, so workbooks are byte-identical */

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in: %.800s", needle, hay);
}

static void lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected \"%s\" in: %.800s", needle, hay);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void escapes_to(const char *in, size_t len, int flags, const char *want)
{
	struct buf b = BUF_INIT;
	html_escape(&b, in, len, flags);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

/* ---- html ---- */

static void test_escape(void **state)
{
	(void)state;
	escapes_to("&", 1, 0, "&amp;");
	escapes_to("<", 1, 0, "&lt;");
	escapes_to(">", 1, 0, "&gt;");
	escapes_to("\"", 1, 0, "&quot;");
	escapes_to("'", 1, 0, "&#39;");
	escapes_to("a&b<c>d\"e'f", 11, 0, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	escapes_to(SCRIPT, strlen(SCRIPT), 0, SCRIPT_ESCAPED);
	escapes_to("听课记录：张伟", strlen("听课记录：张伟"), 0, "听课记录：张伟");
	escapes_to("&amp;", 5, 0, "&amp;amp;"); /* already escaped text is data too */
	/* Newline and tab: kept in text, references in attributes, <br> on request. */
	escapes_to("a\nb\tc", 5, 0, "a\nb\tc");
	escapes_to("a\nb\tc", 5, HTML_ESC_ATTR, "a&#10;b&#9;c");
	escapes_to("一\n二", strlen("一\n二"), HTML_ESC_BR, "一<br>\n二");
	escapes_to("a\r\nb", 4, 0, "a\nb"); /* CR dropped */
	/* Other controls, C1, non-characters and bad bytes show as U+FFFD. */
	escapes_to("a\x01" "b", 3, 0, "a\xEF\xBF\xBD" "b");
	escapes_to("\x1b[31m", 5, 0, "\xEF\xBF\xBD[31m");
	escapes_to("\x7f", 1, 0, "\xEF\xBF\xBD");
	escapes_to("x\0y", 3, 0, "x\xEF\xBF\xBDy");
	escapes_to("\xC2\x85", 2, 0, "\xEF\xBF\xBD");     /* U+0085 NEL */
	escapes_to("\xEF\xBF\xBE", 3, 0, "\xEF\xBF\xBD"); /* U+FFFE */
	escapes_to("\xFF" "a", 2, 0, "\xEF\xBF\xBD" "a");
	escapes_to("\xE5\x90", 2, 0, "\xEF\xBF\xBD\xEF\xBF\xBD"); /* truncated 吗 */
	escapes_to("é€😀", strlen("é€😀"), 0, "é€😀");

	struct buf b = BUF_INIT;
	html_text(&b, NULL);
	html_attr(&b, NULL);
	assert_int_equal(b.len, 0);
	html_attr(&b, "x=\"1\" onload='y'");
	assert_string_equal(b.ptr, "x=&quot;1&quot; onload=&#39;y&#39;");
	buf_reset(&b);
	html_text_br(&b, "第一行\n第二行<b>");
	assert_string_equal(b.ptr, "第一行<br>\n第二行&lt;b&gt;");
	buf_release(&b);
}

static void num_is(double v, int decimals, const char *want)
{
	struct buf b = BUF_INIT;
	html_num(&b, v, decimals, "NA");
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void test_num(void **state)
{
	(void)state;
	num_is(3.14159, 2, "3.14");
	num_is(2.5, 0, "3");
	num_is(-2.5, 0, "-3");
	num_is(-0.004, 2, "0.00"); /* never "-0.00" */
	num_is(0, 0, "0");
	num_is(0.5, 3, "0.500");
	num_is(1234567.891, 1, "1234567.9");
	num_is(0.1234567, 9, "0.123457"); /* clamped to 6 */
	num_is(7, -3, "7");
	num_is(1e16, 2, "10000000000000000");
	num_is(NAN, 1, "NA");
	num_is(INFINITY, 1, "NA");
	num_is(-INFINITY, 1, "NA");
	struct buf b = BUF_INIT;
	html_num(&b, NAN, 1, NULL);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_skeleton(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_begin(&b, "听课记录 & 评课 " SCRIPT, "@page { size: A4 landscape; }");
	html_end(&b);
	assert_memory_equal(b.ptr, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 35);
	has(b.ptr, "<meta charset=\"utf-8\">");
	has(b.ptr, "<title>听课记录 &amp; 评课 " SCRIPT_ESCAPED "</title>");
	has(b.ptr, "@page { size: A4; margin:");
	const char *fonts[] = { "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Microsoft YaHei",
		"SimSun", "PingFang SC", "sans-serif", "serif" };
	for (size_t i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++)
		has(b.ptr, fonts[i]);
	const char *rules[] = { ".nobreak", "break-inside: avoid", ".pagebreak", "break-before: page",
		"table.grid th, table.grid td { border: 0.75pt solid #000", "thead { display: table-header-group; }",
		".sign", ".fields", ".blank", ".small", "h1", "td.num", "print-color-adjust: exact", "svg.chart" };
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		has(b.ptr, rules[i]);
	/* The caller's CSS comes after ours, so it wins. */
	const char *ours = strstr(b.ptr, "@page { size: A4;"), *theirs = strstr(b.ptr, "@page { size: A4 landscape; }");
	assert_non_null(theirs);
	assert_true(theirs > ours);
	/* Self-contained: no script, no external file, no web font. */
	lacks(b.ptr, "<script");
	lacks(b.ptr, "<link");
	lacks(b.ptr, "http");
	lacks(b.ptr, "url(");
	lacks(b.ptr, "@import");
	lacks(b.ptr, "@font-face");
	assert_string_equal(b.ptr + b.len - strlen("</body>\n</html>\n"), "</body>\n</html>\n");
	/* CSS that could close the <style> element is refused whole. */
	buf_reset(&b);
	html_begin(&b, "t", "p{} </style><script>x</script>");
	lacks(b.ptr, "<script");
	assert_int_equal(count(b.ptr, "</style>"), 1);
	buf_release(&b);
}

static void test_helpers(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_para(&b, NULL, "一\n二 & 三");
	assert_string_equal(b.ptr, "<p>一<br>\n二 &amp; 三</p>\n");
	buf_reset(&b);
	html_para(&b, "small", "注");
	assert_string_equal(b.ptr, "<p class=\"small\">注</p>\n");
	buf_reset(&b);
	html_heading(&b, 7, "<标题>");
	assert_string_equal(b.ptr, "<h3>&lt;标题&gt;</h3>\n");
	buf_reset(&b);
	html_open(&b, "div", "nobreak");
	html_close(&b, "div");
	assert_string_equal(b.ptr, "<div class=\"nobreak\">\n</div>\n");

	buf_reset(&b);
	const struct html_pair pairs[] = { { "课程：", "传感器应用技术" }, { "备注：", NULL } };
	html_dl(&b, pairs, 2);
	assert_string_equal(b.ptr, "<dl class=\"pairs\">\n<dt>课程：</dt><dd>传感器应用技术</dd>\n"
				   "<dt>备注：</dt><dd></dd>\n</dl>\n");
	buf_reset(&b);
	const struct html_pair sign[] = { { "听课人签名：", NULL }, { "日期：", "" } };
	html_fields(&b, "sign", sign, 2);
	assert_string_equal(b.ptr, "<div class=\"sign\">\n"
				   "<span class=\"slot\">听课人签名：<span class=\"blank\"></span></span>\n"
				   "<span class=\"slot\">日期：<span class=\"blank\"></span></span>\n</div>\n");
	buf_reset(&b);
	const struct html_pair head[] = { { "学校：", "第一职校" } };
	html_fields(&b, NULL, head, 1);
	has(b.ptr, "<div class=\"fields\">");
	has(b.ptr, "学校：<span class=\"blank\">第一职校</span>");

	buf_reset(&b);
	struct html_table t;
	html_table_begin(&t, &b, "wide");
	html_table_head(&t);
	html_table_row(&t);
	html_cell(&t, "学校", HTML_TH);
	html_cell(&t, "平均分", HTML_TH | HTML_NUM);
	html_table_body(&t);
	html_table_row(&t);
	html_cell(&t, "一\n<二>", 0);
	html_cell_num(&t, 78.456, 1, 0);
	html_table_row(&t);
	html_cell_span(&t, "合计", HTML_CENTER, 2);
	html_cell(&t, NULL, 0);
	html_table_row(&t);
	html_cell(&t, "<b>粗</b>", HTML_RAW);
	html_cell_num(&t, NAN, 1, 0);
	html_table_end(&t);
	assert_string_equal(b.ptr, "<table class=\"grid wide\">\n<thead>\n<tr><th>学校</th><th class=\"num\">平均分</th></tr>\n"
				   "</thead>\n<tbody>\n<tr><td>一<br>\n&lt;二&gt;</td><td class=\"num\">78.5</td></tr>\n"
				   "<tr><td class=\"center\" colspan=\"2\">合计</td><td></td></tr>\n"
				   "<tr><td><b>粗</b></td><td class=\"num\">—</td></tr>\n</tbody>\n</table>\n");
	/* A cell with no row and no section still gives a well-formed table. */
	buf_reset(&b);
	html_table_begin(&t, &b, NULL);
	html_cell(&t, "x", 0);
	html_table_end(&t);
	assert_string_equal(b.ptr, "<table class=\"grid\">\n<tbody>\n<tr><td>x</td></tr>\n</tbody>\n</table>\n");
	buf_release(&b);
}

/* ---- svg ---- */

static const char *const bands[] = { "优秀（90分以上）", "良好", "中等", "及格", "不及格 " SCRIPT };
static const double school1[] = { 12, 30, 25, 10, 3 };
static const double school2[] = { 8, NAN, 28, 15, 6 };
static const double school3[] = { 20, 22, 18, 8, 2 };

static void bar_sample(struct svg_bar_chart *c, struct svg_series *series)
{
	series[0] = (struct svg_series){ "第一职业学校", school1 };
	series[1] = (struct svg_series){ "第二技工学校 & <分校>", school2 };
	series[2] = (struct svg_series){ "高职学院", school3 };
	memset(c, 0, sizeof(*c));
	c->id = "bands";
	c->title = "成绩分布（人数）";
	c->x_title = "分数段";
	c->y_title = "人数";
	c->categories = bands;
	c->ncat = 5;
	c->series = series;
	c->nseries = 3;
	c->value_labels = 1;
	c->y_min = NAN;
	c->y_max = NAN;
}

/* No "nan"/"inf" in any attribute value: every coordinate is a number. */
static void numbers_only(const char *svg)
{
	for (const char *p = svg; (p = strchr(p, '=')); p++) {
		if (p[1] != '"')
			continue;
		const char *end = strchr(p + 2, '"');
		assert_non_null(end);
		char v[64] = { 0 };
		size_t n = (size_t)(end - p - 2) < sizeof(v) - 1 ? (size_t)(end - p - 2) : sizeof(v) - 1;
		memcpy(v, p + 2, n);
		for (char *q = v; *q; q++)
			*q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
		if (strstr(v, "nan") || strstr(v, "inf"))
			fail_msg("non-finite attribute value %s", v);
	}
}

static void well_ended(const struct buf *b)
{
	assert_memory_equal(b->ptr, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39);
	assert_string_equal(b->ptr + b->len - 7, "</svg>\n");
	assert_int_equal(count(b->ptr, "<svg"), 1);
	assert_int_equal(count(b->ptr, "<text"), count(b->ptr, "</text>"));
	numbers_only(b->ptr);
}

static void test_bar_chart(void **state)
{
	(void)state;
	struct svg_bar_chart c;
	struct svg_series series[3];
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	bar_sample(&c, series);
	assert_int_equal(svg_bar_chart(&a, &c, &err), 0);
	well_ended(&a);
	has(a.ptr, "viewBox=\"0 0 640 360\"");
	has(a.ptr, "id=\"bands\"");
	has(a.ptr, "<title>成绩分布（人数）</title>");
	has(a.ptr, "第二技工学校 &amp; &lt;分校&gt;");
	lacks(a.ptr, "<script");
	lacks(a.ptr, "<分校>");
	/* 15 values, one NaN: 14 bars (outlined 0.5) + 3 legend swatches, the same outline. */
	assert_int_equal(count(a.ptr, "stroke=\"#333333\" stroke-width=\"0.5\""), 14 + 3);
	assert_int_equal(count(a.ptr, "fill=\"#1f3b73\""), 5 + 1);
	/* Ticks: the maximum 30 gives 0..30 in steps of 5. */
	has(a.ptr, ">30</text>");
	has(a.ptr, ">0</text>");
	/* Value labels. */
	has(a.ptr, ">28</text>");
	/* The same input gives the same bytes. */
	assert_int_equal(svg_bar_chart(&b, &c, &err), 0);
	assert_string_equal(a.ptr, b.ptr);

	/* A custom size shows in the viewBox; negative values grow down from zero. */
	static const double neg[] = { -5, 10, -2.5, 4, 1 };
	series[0].values = neg;
	c.width = 800;
	c.height = 300;
	c.nseries = 1;
	buf_reset(&a);
	assert_int_equal(svg_bar_chart(&a, &c, &err), 0);
	well_ended(&a);
	has(a.ptr, "viewBox=\"0 0 800 300\"");
	has(a.ptr, ">-5</text>");
	has(a.ptr, ">-3</text>"); /* the value label of -2.5 with no decimals: half away from zero */
	has(a.ptr, ">10</text>");
	buf_release(&a);
	buf_release(&b);
}

static void test_bar_empty(void **state)
{
	(void)state;
	struct svg_bar_chart c;
	struct svg_series series[3];
	struct buf b = BUF_INIT;
	bar_sample(&c, series);
	c.ncat = 0;
	assert_int_equal(svg_bar_chart(&b, &c, NULL), 0);
	well_ended(&b);
	has(b.ptr, "无数据");
	static const double none[] = { NAN, NAN, NAN, NAN, NAN };
	bar_sample(&c, series);
	c.nseries = 1;
	series[0].values = none;
	buf_reset(&b);
	assert_int_equal(svg_bar_chart(&b, &c, NULL), 0);
	well_ended(&b);
	has(b.ptr, "无数据");
	bar_sample(&c, series);
	c.nseries = 0;
	buf_reset(&b);
	assert_int_equal(svg_bar_chart(&b, &c, NULL), 0);
	has(b.ptr, "无数据");
	buf_release(&b);
}

static void test_bar_many_series(void **state)
{
	(void)state;
	struct svg_series series[12];
	static const double v[1] = { 5 };
	static const char *const cat[1] = { "一" };
	char names[12][32];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof(names[i]), "学校%d", i + 1);
		series[i] = (struct svg_series){ names[i], v };
	}
	struct svg_bar_chart c = { .id = "m a\"ny", .categories = cat, .ncat = 1, .series = series, .nseries = 12,
		.y_min = NAN, .y_max = NAN };
	struct buf b = BUF_INIT;
	assert_int_equal(svg_bar_chart(&b, &c, NULL), 0);
	well_ended(&b);
	has(b.ptr, "id=\"m_a_ny\""); /* the id is reduced to safe characters */
	for (int i = 5; i < 12; i++) {
		char want[40];
		snprintf(want, sizeof(want), "<pattern id=\"m_a_ny-p%d\"", i);
		has(b.ptr, want);
		snprintf(want, sizeof(want), "fill=\"url(#m_a_ny-p%d)\"", i);
		assert_int_equal(count(b.ptr, want), 2); /* bar and legend swatch */
	}
	lacks(b.ptr, "-p4\""); /* the first five are plain colours */
	/* Palette: the five colours differ by at least 10 in CIE lightness L*, so
	 * they stay apart in greyscale print; the cycle is five. */
	double lstar[5];
	for (size_t i = 0; i < 5; i++) {
		uint32_t col = svg_series_colour(i);
		double rgb[3] = { (col >> 16) / 255.0, ((col >> 8) & 0xff) / 255.0, (col & 0xff) / 255.0 };
		for (int k = 0; k < 3; k++)
			rgb[k] = rgb[k] <= 0.04045 ? rgb[k] / 12.92 : pow((rgb[k] + 0.055) / 1.055, 2.4);
		double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
		lstar[i] = 116 * cbrt(y) - 16;
		for (size_t j = 0; j < i; j++)
			if (fabs(lstar[i] - lstar[j]) < 10)
				fail_msg("series %zu and %zu: L* %.0f and %.0f too close", i, j, lstar[i], lstar[j]);
	}
	for (size_t i = 0; i < 5; i++) {
		assert_int_not_equal(svg_series_colour(i), svg_series_colour(i + 1));
		assert_int_equal(svg_series_colour(i), svg_series_colour(i + 5));
	}
	buf_release(&b);
}

static void test_bad_args(void **state)
{
	(void)state;
	struct svg_bar_chart c;
	struct svg_series series[3];
	struct buf b = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	bar_sample(&c, series);
	c.categories = NULL;
	assert_int_equal(svg_bar_chart(&b, &c, &err), JY_EINVAL);
	assert_int_equal(b.len, 0);
	has(err.msg, "categories");
	bar_sample(&c, series);
	c.width = 100;
	assert_int_equal(svg_bar_chart(&b, &c, &err), JY_EINVAL);
	assert_int_equal(b.len, 0);
	has(err.msg, "100");
	struct svg_scatter s = { .npoints = 3, .x_min = NAN, .x_max = NAN, .y_min = NAN, .y_max = NAN };
	assert_int_equal(svg_scatter(&b, &s, &err), JY_EINVAL);
	struct svg_hbar_chart h = { .n = 2, .x_max = NAN };
	assert_int_equal(svg_hbar_chart(&b, &h, &err), JY_EINVAL);
	struct svg_heat ht = { .nrows = 1, .ncols = 1 };
	assert_int_equal(svg_heat_table(&b, &ht, &err), JY_EINVAL);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static const char *const school_names[] = { "第一职业学校", "某某市高级技工学校（新校区）附属职业技术培训中心", "高职学院",
	"第四中专 " SCRIPT };
static const double obs_counts[] = { 12, 7, 25, NAN };

static void test_hbar(void **state)
{
	(void)state;
	struct svg_hbar_chart c = { .id = "obs", .title = "各校听课次数", .x_title = "次数", .labels = school_names,
		.values = obs_counts, .n = 4, .x_max = NAN };
	struct buf b = BUF_INIT;
	assert_int_equal(svg_hbar_chart(&b, &c, NULL), 0);
	well_ended(&b);
	/* Height follows the rows: 32 title + 4 × 22 + 22 + 18 + 6 + 4 = 170. */
	has(b.ptr, "viewBox=\"0 0 640 170\"");
	/* The long name is clipped (40% of 640 = 256 px = 38 columns at 12 px), the short ones not. */
	lacks(b.ptr, "附属职业技术培训中心");
	has(b.ptr, "某某市高级技工学校（新校区）附属职业…"); /* 18 wide characters + "…" = 37 columns */
	has(b.ptr, ">第一职业学校</text>");
	has(b.ptr, SCRIPT_ESCAPED);
	has(b.ptr, ">25</text>");
	/* Three bars (the NaN row keeps its label only). */
	assert_int_equal(count(b.ptr, "stroke=\"#333333\" stroke-width=\"0.5\""), 3);
	/* One row. */
	c.n = 1;
	buf_reset(&b);
	assert_int_equal(svg_hbar_chart(&b, &c, NULL), 0);
	well_ended(&b);
	has(b.ptr, "viewBox=\"0 0 640 160\""); /* never below the minimum height */
	c.n = 0;
	buf_reset(&b);
	assert_int_equal(svg_hbar_chart(&b, &c, NULL), 0);
	has(b.ptr, "无数据");
	buf_release(&b);
}

/*
 * Every point label (the <text> with the white halo) lies inside the canvas,
 * its width estimated as the module does (0.56 em a column at 10 px).
 */
static void labels_inside(const char *svg, double w)
{
	size_t n = 0;
	for (const char *p = svg; (p = strstr(p, "<text x=\"")); p++) {
		const char *end = strstr(p, "</text>");
		const char *halo = strstr(p, "paint-order");
		if (!halo || halo > end)
			continue;
		double x = strtod(p + 9, NULL);
		const char *anchor = strstr(p, "text-anchor=\"");
		const char *gt = strchr(halo, '>');
		char *label = xstrndup(gt + 1, (size_t)(end - gt - 1));
		double lw = text_width(label) * 10 * 0.56;
		double x0 = x, x1 = x + lw;
		if (anchor && anchor < gt && strncmp(anchor + 13, "end", 3) == 0)
			x0 = x - lw, x1 = x;
		else if (anchor && anchor < gt && strncmp(anchor + 13, "middle", 6) == 0)
			x0 = x - lw / 2, x1 = x + lw / 2;
		if (x0 < 0 || x1 > w)
			fail_msg("label \"%s\" spans %.1f..%.1f outside 0..%.0f", label, x0, x1, w);
		free(label);
		n++;
	}
	assert_true(n > 0);
}

static void test_scatter(void **state)
{
	(void)state;
	struct svg_point pts[] = {
		{ 0.85, 0.45, "第1题", 0 },
		{ 0.55, 0.15, "第2题 " SCRIPT, 1 },
		{ NAN, 0.3, "第3题（缺考）", 0 },
		{ 0.99, 0.98, "第4题：一个很长很长的标签会跑出画布吗", 1 },
		{ 0.2, -0.1, "第5题", 2 },
		{ 0.21, -0.1, "第6题", 2 },
	};
	static const char *const groups[] = { "单选题", "多选题", "判断题" };
	struct svg_refline lines[] = { { SVG_HLINE, 0.2, "D = 0.2" }, { SVG_VLINE, 0.5, "P = 0.5" } };
	struct svg_scatter c = { .id = "pd", .title = "难度–区分度", .x_title = "难度 P", .y_title = "区分度 D",
		.points = pts, .npoints = 6, .lines = lines, .nlines = 2, .groups = groups, .ngroups = 3,
		.x_min = 0, .x_max = 1, .y_min = NAN, .y_max = NAN };
	struct buf a = BUF_INIT, b = BUF_INIT;
	assert_int_equal(svg_scatter(&a, &c, NULL), 0);
	well_ended(&a);
	has(a.ptr, "D = 0.2");
	has(a.ptr, "P = 0.5");
	assert_int_equal(count(a.ptr, "stroke-dasharray"), 2);
	has(a.ptr, ">第2题 &lt;script&gt;alert(1)&lt;…</text>"); /* clipped to 24 columns */
	lacks(a.ptr, "<script");
	lacks(a.ptr, "第3题"); /* the NaN point and its label are left out */
	has(a.ptr, ">单选题</text>");
	/* Markers: 5 points + 3 legend markers; circles for group 0, squares for 1, triangles for 2. */
	assert_int_equal(count(a.ptr, "<circle"), 1 + 1);
	assert_int_equal(count(a.ptr, "<path d=\"M"), 2 + 1);
	has(a.ptr, ">第1题</text>");
	labels_inside(a.ptr, 640);
	assert_int_equal(svg_scatter(&b, &c, NULL), 0);
	assert_string_equal(a.ptr, b.ptr);

	/* One point, auto ranges, no groups, a narrow canvas and a label longer than it. */
	struct svg_point one = { 5, 5, "一个非常非常非常非常非常非常非常非常长的中文标签", 0 };
	struct svg_scatter d = { .points = &one, .npoints = 1, .x_min = NAN, .x_max = NAN, .y_min = NAN, .y_max = NAN,
		.width = 160, .height = 160 };
	buf_reset(&a);
	assert_int_equal(svg_scatter(&a, &d, NULL), 0);
	well_ended(&a);
	has(a.ptr, "…");
	labels_inside(a.ptr, 160);
	assert_int_equal(count(a.ptr, "<circle"), 1);

	/* No points at all. */
	d.npoints = 0;
	buf_reset(&a);
	assert_int_equal(svg_scatter(&a, &d, NULL), 0);
	well_ended(&a);
	has(a.ptr, "无数据");
	buf_release(&a);
	buf_release(&b);
}

static void test_heat(void **state)
{
	(void)state;
	static const char *const rows[] = { "第1题", "第2题 <b>" };
	static const char *const cols[] = { "一职", "二职" };
	static const double v[] = { 0, 1, NAN, 0.8534 };
	struct svg_heat h = { .title = "得分率", .corner = "题号", .row_labels = rows, .nrows = 2, .col_labels = cols,
		.ncols = 2, .values = v, .decimals = 1, .percent = 1 };
	struct buf b = BUF_INIT;
	assert_int_equal(svg_heat_table(&b, &h, NULL), 0);
	assert_string_equal(b.ptr,
		"<table class=\"grid heat\">\n<caption>得分率</caption>\n"
		"<thead>\n<tr><th>题号</th><th>一职</th><th>二职</th></tr>\n</thead>\n<tbody>\n"
		"<tr><th>第1题</th><td class=\"num\" style=\"background:#ffffff;color:#000000\">0.0%</td>"
		"<td class=\"num\" style=\"background:#08306b;color:#ffffff\">100.0%</td></tr>\n"
		"<tr><th>第2题 &lt;b&gt;</th><td class=\"num\">—</td>"
		"<td class=\"num\" style=\"background:#2c4e81;color:#ffffff\">85.3%</td></tr>\n"
		"</tbody>\n</table>\n");
	/* The scale darkens steadily, which is what greyscale print needs. */
	double prev = 1e9;
	for (int i = 0; i <= 10; i++) {
		uint32_t c = svg_heat_colour(i / 10.0);
		double y = 0.2126 * (c >> 16) + 0.7152 * ((c >> 8) & 0xff) + 0.0722 * (c & 0xff);
		assert_true(y < prev);
		prev = y;
	}
	assert_int_equal(svg_heat_colour(-3), 0xffffff);
	assert_int_equal(svg_heat_colour(7), 0x08306b);
	buf_release(&b);
}

/* ---- the sample page and workbook (also written for the shell suite) ---- */

static void sample_html(struct buf *b)
{
	html_begin(b, "联考成绩分析报告 " SCRIPT, NULL);
	html_heading(b, 1, "2026-2027学年第一学期 联考成绩分析报告");
	const struct html_pair head[] = { { "学校：", NULL }, { "班级：", NULL }, { "姓名：", NULL }, { "学号：", NULL } };
	html_fields(b, "fields", head, 4);
	html_para(b, NULL, "课程：传感器应用技术\n命题组意见：" SCRIPT " 不得执行。");
	const struct html_pair info[] = { { "考试时间", "2026-12-20 09:00–11:00" }, { "参考学校", "3 所" } };
	html_dl(b, info, 2);

	struct html_table t;
	html_table_begin(&t, b, NULL);
	html_table_head(&t);
	html_table_row(&t);
	html_cell(&t, "学校", HTML_TH);
	html_cell(&t, "参考人数", HTML_TH | HTML_NUM);
	html_cell(&t, "平均分", HTML_TH | HTML_NUM);
	html_table_body(&t);
	const char *names[] = { "第一职业学校", "第二技工学校", SCRIPT };
	const double n[] = { 80, 66, 71 }, mean[] = { 78.25, 71.5, NAN };
	for (int i = 0; i < 3; i++) {
		html_table_row(&t);
		html_cell(&t, names[i], 0);
		html_cell_num(&t, n[i], 0, 0);
		html_cell_num(&t, mean[i], 1, 0);
	}
	html_table_end(&t);

	struct svg_bar_chart bar;
	struct svg_series series[3];
	bar_sample(&bar, series);
	html_open(b, "figure", "nobreak");
	svg_bar_chart(b, &bar, NULL);
	html_close(b, "figure");

	struct svg_hbar_chart hb = { .id = "obs", .title = "各校听课次数", .labels = school_names, .values = obs_counts,
		.n = 4, .x_max = NAN };
	html_open(b, "figure", "nobreak");
	svg_hbar_chart(b, &hb, NULL);
	html_close(b, "figure");

	struct svg_point pts[12];
	char labels[12][32];
	for (int i = 0; i < 12; i++) {
		snprintf(labels[i], sizeof(labels[i]), "第%d题", i + 1);
		pts[i] = (struct svg_point){ 0.3 + 0.05 * i, 0.6 - 0.07 * i, labels[i], (size_t)(i % 3) };
	}
	pts[11].x = NAN;
	static const char *const groups[] = { "单选题", "多选题", "判断题" };
	struct svg_refline d02 = { SVG_HLINE, 0.2, "D = 0.2" };
	struct svg_scatter sc = { .id = "pd", .title = "难度（P）与区分度（D）", .x_title = "难度 P", .y_title = "区分度 D",
		.points = pts, .npoints = 12, .lines = &d02, .nlines = 1, .groups = groups, .ngroups = 3, .x_min = 0,
		.x_max = 1, .y_min = -0.4, .y_max = 1 };
	html_open(b, "figure", "nobreak");
	svg_scatter(b, &sc, NULL);
	html_close(b, "figure");

	struct svg_bar_chart empty = { .id = "empty", .title = "空图表", .y_min = NAN, .y_max = NAN };
	svg_bar_chart(b, &empty, NULL);

	static const char *const items[] = { "第1题", "第2题", "第3题" };
	static const char *const schools[] = { "一职", "二职", "高职" };
	static const double rates[] = { 0.92, 0.75, 0.81, 0.35, NAN, 0.5, 0.05, 0.66, 1 };
	struct svg_heat heat = { .title = "各题得分率", .corner = "题号", .row_labels = items, .nrows = 3,
		.col_labels = schools, .ncols = 3, .values = rates, .decimals = 1, .percent = 1 };
	svg_heat_table(b, &heat, NULL);

	html_open(b, "div", "pagebreak");
	html_heading(b, 2, "听课记录表");
	html_para(b, NULL, "授课教师：李娜　课程：物联网应用开发");
	const struct html_pair sign[] = { { "听课人签名：", NULL }, { "日期：", NULL } };
	html_fields(b, "sign", sign, 2);
	html_para(b, "small", "本表一式两份。");
	html_close(b, "div");
	html_end(b);
}

/* Builds the sample workbook into fp; 0 or the error. */
static int sample_xlsx(FILE *fp, struct jy_err *err)
{
	struct xlsx *x;
	struct xlsx_sheet *s, *s2;
	int rc;
	if ((rc = xlsx_new(&x, CREATED, err)))
		return rc;
	if ((rc = xlsx_add_sheet(&s, x, "成绩汇总", err)) || (rc = xlsx_add_sheet(&s2, x, "工作台账", err))) {
		xlsx_free(x);
		return rc;
	}
	const struct xlsx_pair head[] = { { "学年学期", "2026-2027-1" }, { "学校", "第一职业学校（一个很长的学校名称不应撑宽A列）" },
		{ "填表人", "张伟" }, { "审核人", "李娜" }, { "填表日期", "2026-11-22" } };
	unsigned row;
	xlsx_header_block(&row, s, "联考成绩汇总表", head, 5);
	const char *const cols[] = { "学校", "参考人数", "平均分", "及格率", "备注", "已审核" };
	xlsx_table_header(s, row, cols, 6, 1);
	const char *names[] = { "第一职业学校", "第二技工学校", "高职学院" };
	const double n[] = { 80, 66, 71 }, mean[] = { 78.25, 71.5, 80.125 }, pass[] = { 0.9125, 0.8, 0.87 };
	const char *notes[] = { "=1+1", "+86 138", "@备注 " SCRIPT };
	for (unsigned i = 0; i < 3; i++) {
		unsigned r = row + 1 + i;
		xlsx_text(s, r, 0, names[i], 0);
		xlsx_number(s, r, 1, n[i], "0", 0);
		xlsx_number(s, r, 2, mean[i], "0.00", 0);
		xlsx_number(s, r, 3, pass[i], "0.0%", 0);
		xlsx_text(s, r, 4, notes[i], 0);
		xlsx_bool(s, r, 5, i != 1, 0);
	}
	unsigned total = row + 4;
	xlsx_text(s, total, 0, "合计", XLSX_BOLD);
	char formula[64];
	snprintf(formula, sizeof(formula), "=SUM(B%u:B%u)", row + 2, row + 4);
	xlsx_formula(s, total, 1, formula, 217, "0", XLSX_BOLD);
	xlsx_number(s, total, 2, NAN, "0.00", 0);
	xlsx_blank(s, total, 3, 0);
	struct xlsx_series ser[2] = {
		{ "平均分", { row + 1, 0, row + 3, 0 }, { row + 1, 2, row + 3, 2 } },
		{ "参考人数", { row + 1, 0, row + 3, 0 }, { row + 1, 1, row + 3, 1 } },
	};
	struct xlsx_chart ch = { .kind = XLSX_COLUMN, .title = "各校平均分与人数", .x_title = "学校", .y_title = "分",
		.series = ser, .nseries = 2, .row = total + 2, .col = 0 };
	xlsx_chart(s, &ch);

	const char *const cols2[] = { "活动", "ASCII-col", "说明" };
	xlsx_table_header(s2, 0, cols2, 3, 0);
	xlsx_text(s2, 1, 0, "集体备课（物联网应用开发）", 0);                /* 26 columns */
	xlsx_text(s2, 1, 1, "abcdefghijklm", 0);                          /* 13 characters, 13 columns */
	xlsx_text(s2, 1, 2, "第一行\n第二行", 0);
	xlsx_text(s2, 2, 0, "听课", 0);
	xlsx_number(s2, 2, 1, 0.35, NULL, 0);
	xlsx_number(s2, 3, 1, 0.62, NULL, 0);
	xlsx_number(s2, 2, 2, 0.41, NULL, 0);
	xlsx_number(s2, 3, 2, 0.18, NULL, 0);
	struct xlsx_series pd = { "=题目", { 2, 1, 3, 1 }, { 2, 2, 3, 2 } };
	struct xlsx_chart sc = { .kind = XLSX_SCATTER, .title = "难度与区分度", .x_title = "P", .y_title = "D",
		.series = &pd, .nseries = 1, .row = 5, .col = 0, .scale = 0.8 };
	xlsx_chart(s2, &sc);
	return xlsx_write_to(x, fp, err);
}

static int write_samples(const char *dir)
{
	struct buf b = BUF_INIT, path = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	int rc = 1;
	sample_html(&b);
	buf_printf(&path, "%s/sample.html", dir);
	FILE *fp = fopen(path.ptr, "wb");
	if (!fp || fwrite(b.ptr, 1, b.len, fp) != b.len || fclose(fp) != 0) {
		fprintf(stderr, "cannot write %s\n", path.ptr);
		goto cleanup;
	}
	buf_reset(&path);
	buf_printf(&path, "%s/sample.xlsx", dir);
	if (!(fp = fopen(path.ptr, "wb"))) {
		fprintf(stderr, "cannot write %s\n", path.ptr);
		goto cleanup;
	}
	int x = sample_xlsx(fp, &err);
	if (fclose(fp) != 0 || x) {
		fprintf(stderr, "sample.xlsx: %s\n", err.msg);
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_release(&b);
	buf_release(&path);
	return rc;
}

static void test_sample_page(void **state)
{
	(void)state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	sample_html(&a);
	sample_html(&b);
	assert_string_equal(a.ptr, b.ptr);
	assert_int_equal(count(a.ptr, "<svg "), 4);
	assert_int_equal(count(a.ptr, "</svg>"), 4);
	lacks(a.ptr, "<script");
	/* Whole in the title, the paragraph, the table and the hbar label; the bar chart's category wraps it. */
	assert_int_equal(count(a.ptr, SCRIPT_ESCAPED), 4);
	has(a.ptr, "&lt;script&gt;alert");
	has(a.ptr, "class=\"pagebreak\"");
	has(a.ptr, "听课人签名：<span class=\"blank\"></span>");
	buf_release(&a);
	buf_release(&b);
}

/* ---- xlsx ---- */

static char tmpdir[64];

static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/jy-report.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	return 0;
}

static int teardown_tmp(void **state)
{
	(void)state;
	unsetenv("TMPDIR");
	return rmdir(tmpdir);
}

/* Reads fp (rewound) into b. */
static void slurp(struct buf *b, FILE *fp)
{
	char chunk[4096];
	size_t n;
	rewind(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(b, chunk, n);
}

static void test_xlsx_write(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	FILE *fp = tmpfile();
	assert_non_null(fp);
	if (sample_xlsx(fp, &err))
		fail_msg("sample_xlsx: %s", err.msg);
	struct buf a = BUF_INIT, b = BUF_INIT;
	slurp(&a, fp);
	fclose(fp);
	assert_true(a.len > 4000);
	assert_memory_equal(a.ptr, "PK\x03\x04", 4);
	assert_int_equal(dir_entries(tmpdir), 0); /* the temporary file is gone */
	/* A fixed creation time gives the same bytes. */
	fp = tmpfile();
	assert_int_equal(sample_xlsx(fp, &err), 0);
	slurp(&b, fp);
	fclose(fp);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	buf_release(&a);
	buf_release(&b);
}

static void sheet_refused(struct xlsx *x, const char *name, const char *why)
{
	struct xlsx_sheet *s = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(xlsx_add_sheet(&s, x, name, &err), JY_EINVAL);
	assert_null(s);
	has(err.msg, why);
}

static void test_xlsx_errors(void **state)
{
	(void)state;
	struct xlsx *x = NULL;
	struct xlsx_sheet *s;
	struct jy_err err = JY_ERR_INIT;

	/* An unwritable temporary directory fails at once, naming it. */
	setenv("TMPDIR", "/nonexistent/jy-report", 1);
	assert_int_equal(xlsx_new(&x, CREATED, &err), JY_EIO);
	assert_null(x);
	has(err.msg, "/nonexistent/jy-report");
	setenv("TMPDIR", tmpdir, 1);

	assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
	assert_int_equal(dir_entries(tmpdir), 1);
	sheet_refused(x, "", "不能为空");
	sheet_refused(x, "成绩/汇总", "[ ] : * ? / \\");
	sheet_refused(x, "'引号'", "单引号");
	sheet_refused(x, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", "31");
	sheet_refused(x, "tab\there", "控制字符");
	sheet_refused(x, "bad\xff", "UTF-8");
	assert_int_equal(xlsx_add_sheet(&s, x, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", &err), 0);
	assert_int_equal(xlsx_add_sheet(&s, x, "Scores", &err), 0);
	sheet_refused(x, "SCORES", "重名");

	/* A cell out of range is refused, kept, and returned again at the end; nothing is written. */
	assert_int_equal(xlsx_text(s, 0, 0, "ok", 0), 0);
	assert_int_equal(xlsx_number(s, 2000000, 0, 1, NULL, 0), JY_EINVAL);
	assert_int_equal(xlsx_text(s, 1, 0, "after", 0), JY_EINVAL); /* sticky */
	FILE *fp = tmpfile();
	assert_int_equal(xlsx_write_to(x, fp, &err), JY_EINVAL);
	has(err.msg, "2000001");
	has(err.msg, "Scores");
	assert_int_equal(ftell(fp), 0);
	fclose(fp);
	assert_int_equal(dir_entries(tmpdir), 0);

	/* Charts: no series, a reversed range. */
	assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
	assert_int_equal(xlsx_add_sheet(&s, x, "图", &err), 0);
	struct xlsx_chart c = { .kind = XLSX_LINE, .nseries = 0 };
	assert_int_equal(xlsx_chart(s, &c), JY_EINVAL);
	xlsx_free(x);
	assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
	assert_int_equal(xlsx_add_sheet(&s, x, "图", &err), 0);
	struct xlsx_series bad = { NULL, { 5, 0, 1, 0 }, { 1, 1, 5, 1 } };
	c.series = &bad;
	c.nseries = 1;
	assert_int_equal(xlsx_chart(s, &c), JY_EINVAL);
	assert_int_equal(xlsx_write_to(x, stdout, &err), JY_EINVAL);
	has(err.msg, "范围");
	assert_int_equal(dir_entries(tmpdir), 0);

	/* A formula needs text; a workbook needs a sheet. */
	assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
	assert_int_equal(xlsx_add_sheet(&s, x, "公式", &err), 0);
	assert_int_equal(xlsx_formula(s, 0, 0, "=", 1, NULL, 0), JY_EINVAL);
	xlsx_free(x);
	assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
	assert_int_equal(xlsx_write_to(x, stdout, &err), JY_EINVAL);
	has(err.msg, "没有工作表");

	/* A full disk while copying out is an I/O error, and still leaves nothing behind. */
	fp = fopen("/dev/full", "wb");
	if (fp) {
		assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
		assert_int_equal(xlsx_add_sheet(&s, x, "满", &err), 0);
		assert_int_equal(xlsx_text(s, 0, 0, "数据", 0), 0);
		assert_int_equal(xlsx_write_to(x, fp, &err), JY_EIO);
		has(err.msg, "写出 Excel 文件失败");
		fclose(fp);
	}
	assert_int_equal(dir_entries(tmpdir), 0);
	xlsx_free(NULL);
}

static void test_xlsx_english(void **state)
{
	(void)state;
	struct xlsx *x;
	struct xlsx_sheet *s;
	struct jy_err err = JY_ERR_INIT;
	err_set_lang("en");
	assert_int_equal(xlsx_new(&x, CREATED, &err), 0);
	assert_int_equal(xlsx_add_sheet(&s, x, "a:b", &err), JY_EINVAL);
	has(err.msg, "sheet name \"a:b\" must not contain");
	xlsx_free(x);
	err_set_lang("zh");
}

int main(void)
{
	const char *samples = getenv("REPORT_SAMPLES");
	if (samples && *samples)
		return write_samples(samples);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_skeleton),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_bar_chart),
		cmocka_unit_test(test_bar_empty),
		cmocka_unit_test(test_bar_many_series),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_hbar),
		cmocka_unit_test(test_scatter),
		cmocka_unit_test(test_heat),
		cmocka_unit_test(test_sample_page),
		cmocka_unit_test_setup_teardown(test_xlsx_write, setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_xlsx_errors, setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_xlsx_english, setup_tmp, teardown_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
