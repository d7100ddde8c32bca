/* xlsx: workbooks through libxlsxwriter into a private temporary file, copied to a FILE* when done. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/html.h"
#include "jiaoyan/svg.h"
#include "jiaoyan/text.h"
#include "jiaoyan/vec.h"
#include "jiaoyan/xlsx.h"

/* Internal style bits, above the public XLSX_* flags. */
enum {
	F_HEADER = 0x100, /* table header cell */
	F_TITLE = 0x200,
	F_NOWIDTH = 0x400, /* does not widen its column */
};
#define F_STYLE_MASK 0x3FF /* the bits that select a format (F_NOWIDTH does not) */

struct fmt {
	int flags;
	char *num; /* number format or NULL */
	lxw_format *f;
};

struct xlsx_sheet {
	struct xlsx *x;
	lxw_worksheet *ws;
	char *name;
	int *width; /* display columns wanted, per column */
	size_t nwidth;
	unsigned next_row;
};

struct xlsx {
	lxw_workbook *wb;
	char *path;
	char *tmpdir;
	int fd;
	struct vec sheets;  /* owned struct xlsx_sheet * */
	struct vec formats; /* owned struct fmt * */
	struct jy_err first; /* the first error while building; code 0 when none */
};

static void sheet_free(void *p)
{
	struct xlsx_sheet *s = p;
	free(s->name);
	free(s->width);
	free(s);
}

static void fmt_free(void *p)
{
	struct fmt *f = p;
	free(f->num);
	free(f);
}

/* Records the first error of the workbook and returns its code. */
static int fail(struct xlsx *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct xlsx *x, int code, const char *fmt, ...)
{
	if (x->first.code)
		return code;
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	err_set(&x->first, code, "%s", m.ptr);
	buf_release(&m);
	return code;
}

/* What went wrong, in the user's language, and the JY_* code it maps to. */
static const char *lxw_reason(lxw_error e, int *code)
{
	*code = JY_EINVAL;
	switch (e) {
	case LXW_ERROR_MEMORY_MALLOC_FAILED:
		*code = JY_ENOMEM;
		return L("内存不足", "out of memory");
	case LXW_ERROR_CREATING_XLSX_FILE:
		*code = JY_EIO;
		return L("无法创建 Excel 文件", "cannot create the Excel file");
	case LXW_ERROR_CREATING_TMPFILE:
	case LXW_ERROR_READING_TMPFILE:
		*code = JY_EIO;
		return L("无法创建或读取临时文件（临时目录已满或不可写？）",
			"cannot create or read a temporary file (temporary directory full or not writable?)");
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_PARAMETER_ERROR:
	case LXW_ERROR_ZIP_BAD_ZIP_FILE:
	case LXW_ERROR_ZIP_INTERNAL_ERROR:
	case LXW_ERROR_ZIP_FILE_ADD:
	case LXW_ERROR_ZIP_CLOSE:
		*code = JY_EIO;
		return L("写入压缩包失败（磁盘已满？）", "writing the zip container failed (disk full?)");
	case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
		return L("工作表名超过 31 个字符", "sheet name longer than 31 characters");
	case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
		return L("工作表名含有 [ ] : * ? / \\ 之一", "sheet name contains one of [ ] : * ? / \\");
	case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
		return L("工作表名以单引号开头或结尾", "sheet name starts or ends with an apostrophe");
	case LXW_ERROR_SHEETNAME_ALREADY_USED:
		return L("工作表名重复", "sheet name already used");
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
		return L("单元格文本超过 32767 个字符", "cell text longer than 32767 characters");
	case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
	case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
	case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
		return L("文本过长", "text too long");
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		return L("行或列超出工作表范围", "row or column beyond the sheet's limits");
	default:
		return lxw_strerror(e);
	}
}

/* Translates a libxlsxwriter error about a cell of s (row/col) or the workbook (s NULL). */
static int lxw_fail(struct xlsx *x, const struct xlsx_sheet *s, unsigned row, unsigned col, lxw_error e)
{
	int code;
	const char *why = lxw_reason(e, &code);
	if (!s)
		return fail(x, code, L("Excel 文件：%s", "Excel file: %s"), why);
	char cell[LXW_MAX_CELL_NAME_LENGTH];
	lxw_rowcol_to_cell(cell, row, col);
	return fail(x, code, L("工作表“%s”单元格 %s：%s", "sheet \"%s\" cell %s: %s"), s->name, cell, why);
}

int xlsx_new(struct xlsx **out, time_t created, struct jy_err *err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	struct xlsx *x = xcalloc(1, sizeof(*x));
	int rc = 0;
	vec_init(&x->sheets, sheet_free);
	vec_init(&x->formats, fmt_free);
	x->fd = -1;
	x->tmpdir = xstrdup(dir);
	x->path = xasprintf("%s/jiaoyan-XXXXXX.xlsx", dir);
	x->fd = mkstemps(x->path, 5);
	if (x->fd < 0) {
		rc = err_set(err, JY_EIO, L("无法在临时目录 %s 创建文件：%s", "cannot create a file in the temporary directory %s: %s"),
			dir, strerror(errno));
		free(x->path);
		x->path = NULL;
		goto cleanup;
	}
	lxw_workbook_options opt = { .constant_memory = 0, .tmpdir = x->tmpdir, .use_zip64 = 0 };
	x->wb = workbook_new_opt(x->path, &opt);
	if (!x->wb) {
		rc = err_set(err, JY_ENOMEM, L("无法创建 Excel 工作簿（内存不足）", "cannot create the Excel workbook (out of memory)"));
		goto cleanup;
	}
	lxw_doc_properties props;
	memset(&props, 0, sizeof(props));
	props.created = created;
	workbook_set_properties(x->wb, &props);
cleanup:
	if (rc) {
		xlsx_free(x);
		return rc;
	}
	*out = x;
	return 0;
}

void xlsx_free(struct xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		lxw_workbook_free(x->wb);
	if (x->fd >= 0)
		close(x->fd);
	if (x->path)
		unlink(x->path);
	free(x->path);
	free(x->tmpdir);
	vec_free(&x->sheets);
	vec_free(&x->formats);
	free(x);
}

/* Text as it may go into the file: controls other than newline and tab, and
 * invalid UTF-8, become U+FFFD (libxlsxwriter would write broken XML for the
 * latter); CR is dropped. Same rules as html_escape. */
static void clean_text(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		int bad;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		if (cp == '\r')
			;
		else if (bad || (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE ||
			cp == 0xFFFF)
			buf_puts(out, "\xEF\xBF\xBD");
		else
			buf_add(out, s + i, n);
		i += n;
	}
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A name libxlsxwriter takes as a formula when it starts with '='; ours are text. */
static char *literal_name(const char *s)
{
	if (!s)
		return NULL;
	struct buf b = BUF_INIT;
	if (s[0] == '=') {
		buf_puts(&b, "\xEF\xBC\x9D"); /* ＝ */
		s++;
	}
	clean_text(&b, s);
	return buf_detach(&b);
}

int xlsx_add_sheet(struct xlsx_sheet **out, struct xlsx *x, const char *name, struct jy_err *err)
{
	const char *why = NULL;
	size_t len = name ? strlen(name) : 0;
	if (!len)
		why = L("不能为空", "must not be empty");
	else if (text_utf8_valid(name, len, NULL) < 0)
		why = L("不是有效的 UTF-8", "is not valid UTF-8");
	else if (utf8_chars(name) > LXW_SHEETNAME_MAX)
		why = L("超过 31 个字符", "is longer than 31 characters");
	else if (strpbrk(name, "[]:*?/\\"))
		why = L("不能含有 [ ] : * ? / \\", "must not contain [ ] : * ? / \\");
	else if (name[0] == '\'' || name[len - 1] == '\'')
		why = L("不能以单引号开头或结尾", "must not start or end with an apostrophe");
	for (size_t i = 0; !why && i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
			why = L("不能含有控制字符", "must not contain control characters");
	for (size_t i = 0; !why && i < x->sheets.len; i++)
		if (strcasecmp(((struct xlsx_sheet *)x->sheets.items[i])->name, name) == 0)
			why = L("与已有工作表重名", "is already used by another sheet");
	if (why)
		return err_set(err, JY_EINVAL, L("工作表名“%s”%s", "sheet name \"%s\" %s"), name ? name : "", why);
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws)
		return err_set(err, JY_ENOMEM, L("无法添加工作表“%s”", "cannot add sheet \"%s\""), name);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	struct xlsx_sheet *s = xcalloc(1, sizeof(*s));
	s->x = x;
	s->ws = ws;
	s->name = xstrdup(name);
	vec_push(&x->sheets, s);
	*out = s;
	return 0;
}

static lxw_format *format_for(struct xlsx *x, int flags, const char *num)
{
	flags &= F_STYLE_MASK & ~F_NOWIDTH;
	for (size_t i = 0; i < x->formats.len; i++) {
		struct fmt *f = x->formats.items[i];
		if (f->flags == flags && ((!f->num && !num) || (f->num && num && strcmp(f->num, num) == 0)))
			return f->f;
	}
	lxw_format *lf = workbook_add_format(x->wb);
	if (!lf)
		return NULL;
	if (!(flags & (XLSX_PLAIN | F_TITLE))) {
		format_set_border(lf, LXW_BORDER_THIN);
		format_set_align(lf, LXW_ALIGN_VERTICAL_TOP);
	}
	if (flags & (XLSX_BOLD | F_HEADER | F_TITLE))
		format_set_bold(lf);
	if (flags & F_TITLE)
		format_set_font_size(lf, 14);
	if (flags & F_HEADER) {
		format_set_bg_color(lf, 0xEEEEEE);
		format_set_align(lf, LXW_ALIGN_VERTICAL_CENTER);
	}
	if (flags & (XLSX_CENTER | F_HEADER))
		format_set_align(lf, LXW_ALIGN_CENTER);
	if (flags & (XLSX_WRAP | F_HEADER))
		format_set_text_wrap(lf);
	if (num)
		format_set_num_format(lf, num);
	struct fmt *f = xcalloc(1, sizeof(*f));
	f->flags = flags;
	f->num = num ? xstrdup(num) : NULL;
	f->f = lf;
	vec_push(&x->formats, f);
	return lf;
}

/* Checks the cell is inside the sheet and records the row; 0 or the recorded error. */
static int cell_ok(struct xlsx_sheet *s, unsigned row, unsigned col)
{
	if (row >= LXW_ROW_MAX || col >= LXW_COL_MAX)
		return fail(s->x, JY_EINVAL, L("工作表“%s”：第 %u 行第 %u 列超出范围（最多 1048576 行、16384 列）",
			"sheet \"%s\": row %u column %u out of range (at most 1048576 rows, 16384 columns)"),
			s->name, row + 1, col + 1);
	if (row + 1 > s->next_row)
		s->next_row = row + 1;
	return 0;
}

static void want_width(struct xlsx_sheet *s, unsigned col, int w, int flags)
{
	if (flags & (F_NOWIDTH | F_TITLE))
		return;
	if (col >= s->nwidth) {
		size_t n = col + 16;
		s->width = xrealloc(s->width, n * sizeof(*s->width));
		memset(s->width + s->nwidth, 0, (n - s->nwidth) * sizeof(*s->width));
		s->nwidth = n;
	}
	if (w > s->width[col])
		s->width[col] = w;
}

/* Display width a number takes with its format: decimals after '.', ×100 and '%' for percentages, grouping commas. */
static int number_width(double v, const char *num)
{
	struct buf t = BUF_INIT;
	int w;
	if (!num) {
		buf_printf(&t, "%.10g", v);
		w = (int)t.len;
	} else {
		const char *dot = strchr(num, '.');
		int decimals = 0, pct = strchr(num, '%') != NULL;
		if (dot)
			while (dot[1 + decimals] == '0' || dot[1 + decimals] == '#')
				decimals++;
		html_num(&t, pct ? v * 100 : v, decimals, "");
		w = (int)t.len + pct;
		if (strchr(num, ','))
			w += (int)t.len / 3;
	}
	buf_release(&t);
	return w;
}

static lxw_format *cell_format(struct xlsx_sheet *s, int flags, const char *num, unsigned row, unsigned col)
{
	lxw_format *f = format_for(s->x, flags, num);
	if (!f)
		lxw_fail(s->x, s, row, col, LXW_ERROR_MEMORY_MALLOC_FAILED);
	return f;
}

static int write_text(struct xlsx_sheet *s, unsigned row, unsigned col, const char *text, int flags)
{
	int rc;
	if (s->x->first.code)
		return s->x->first.code;
	if ((rc = cell_ok(s, row, col)))
		return rc;
	if (!text || !*text)
		return xlsx_blank(s, row, col, flags);
	struct buf t = BUF_INIT;
	clean_text(&t, text);
	if (utf8_chars(t.ptr) > 32767) {
		buf_release(&t);
		return lxw_fail(s->x, s, row, col, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED);
	}
	/* The widest line decides the column; a long or multi-line text wraps. */
	int widest = 0;
	for (char *line = t.ptr; line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		int w = text_width(line);
		widest = w > widest ? w : widest;
		if (nl)
			*nl = '\n';
		line = nl ? nl + 1 : NULL;
	}
	if (strchr(t.ptr, '\n') || widest + 2 > XLSX_COL_MAX)
		flags |= XLSX_WRAP;
	want_width(s, col, widest, flags);
	lxw_format *f = cell_format(s, flags, NULL, row, col);
	lxw_error e = f ? worksheet_write_string(s->ws, row, col, t.ptr, f) : LXW_ERROR_MEMORY_MALLOC_FAILED;
	buf_release(&t);
	return e ? lxw_fail(s->x, s, row, col, e) : 0;
}

int xlsx_text(struct xlsx_sheet *s, unsigned row, unsigned col, const char *text, int flags)
{
	return write_text(s, row, col, text, flags & 0xFF);
}

int xlsx_number(struct xlsx_sheet *s, unsigned row, unsigned col, double v, const char *num_format, int flags)
{
	int rc;
	flags &= 0xFF;
	if (s->x->first.code)
		return s->x->first.code;
	if ((rc = cell_ok(s, row, col)))
		return rc;
	if (!isfinite(v))
		return xlsx_blank(s, row, col, flags);
	want_width(s, col, number_width(v, num_format), flags);
	lxw_format *f = cell_format(s, flags, num_format, row, col);
	if (!f)
		return s->x->first.code;
	lxw_error e = worksheet_write_number(s->ws, row, col, v, f);
	return e ? lxw_fail(s->x, s, row, col, e) : 0;
}

int xlsx_formula(struct xlsx_sheet *s, unsigned row, unsigned col, const char *formula, double cached,
	const char *num_format, int flags)
{
	int rc;
	flags &= 0xFF;
	if (s->x->first.code)
		return s->x->first.code;
	if ((rc = cell_ok(s, row, col)))
		return rc;
	if (!formula || !*formula || (formula[0] == '=' && !formula[1]))
		return fail(s->x, JY_EINVAL, L("工作表“%s”第 %u 行第 %u 列：公式为空", "sheet \"%s\" row %u column %u: empty formula"),
			s->name, row + 1, col + 1);
	if (!isfinite(cached))
		cached = 0;
	want_width(s, col, number_width(cached, num_format), flags);
	lxw_format *f = cell_format(s, flags, num_format, row, col);
	if (!f)
		return s->x->first.code;
	lxw_error e = worksheet_write_formula_num(s->ws, row, col, formula, f, cached);
	return e ? lxw_fail(s->x, s, row, col, e) : 0;
}

int xlsx_bool(struct xlsx_sheet *s, unsigned row, unsigned col, int value, int flags)
{
	int rc;
	flags &= 0xFF;
	if (s->x->first.code)
		return s->x->first.code;
	if ((rc = cell_ok(s, row, col)))
		return rc;
	want_width(s, col, value ? 4 : 5, flags);
	lxw_format *f = cell_format(s, flags, NULL, row, col);
	if (!f)
		return s->x->first.code;
	lxw_error e = worksheet_write_boolean(s->ws, row, col, value != 0, f);
	return e ? lxw_fail(s->x, s, row, col, e) : 0;
}

int xlsx_blank(struct xlsx_sheet *s, unsigned row, unsigned col, int flags)
{
	int rc;
	if (s->x->first.code)
		return s->x->first.code;
	if ((rc = cell_ok(s, row, col)))
		return rc;
	lxw_format *f = cell_format(s, flags & F_STYLE_MASK, NULL, row, col);
	if (!f)
		return s->x->first.code;
	lxw_error e = worksheet_write_blank(s->ws, row, col, f);
	return e ? lxw_fail(s->x, s, row, col, e) : 0;
}

unsigned xlsx_next_row(const struct xlsx_sheet *s)
{
	return s->next_row;
}

int xlsx_header_block(unsigned *next_row, struct xlsx_sheet *s, const char *title, const struct xlsx_pair *pairs,
	size_t n)
{
	unsigned row = 0;
	int rc;
	if (title && *title) {
		if ((rc = write_text(s, row, 0, title, F_TITLE | XLSX_PLAIN)))
			return rc;
		row++;
	}
	for (size_t i = 0; i < n; i++, row++) {
		if ((rc = write_text(s, row, 0, pairs[i].label, XLSX_PLAIN | XLSX_BOLD)) ||
			(pairs[i].value && *pairs[i].value &&
				(rc = write_text(s, row, 1, pairs[i].value, XLSX_PLAIN | F_NOWIDTH))))
			return rc;
	}
	if (next_row)
		*next_row = row + (row > 0);
	return 0;
}

int xlsx_table_header(struct xlsx_sheet *s, unsigned row, const char *const *headers, size_t n, unsigned freeze_cols)
{
	int rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = write_text(s, row, (unsigned)i, headers[i] && *headers[i] ? headers[i] : " ", F_HEADER)))
			return rc;
	if (freeze_cols >= LXW_COL_MAX)
		freeze_cols = 0;
	worksheet_freeze_panes(s->ws, row + 1, (lxw_col_t)freeze_cols);
	lxw_error e = worksheet_repeat_rows(s->ws, row, row);
	return e ? lxw_fail(s->x, s, row, 0, e) : 0;
}

static int range_ok(const struct xlsx_range *r)
{
	return r->first_row <= r->last_row && r->first_col <= r->last_col && r->last_row < LXW_ROW_MAX &&
		r->last_col < LXW_COL_MAX;
}

int xlsx_chart(struct xlsx_sheet *s, const struct xlsx_chart *c)
{
	static const uint8_t types[] = { LXW_CHART_COLUMN, LXW_CHART_BAR, LXW_CHART_LINE, LXW_CHART_SCATTER };
	static const uint8_t markers[] = { LXW_CHART_MARKER_CIRCLE, LXW_CHART_MARKER_SQUARE, LXW_CHART_MARKER_TRIANGLE,
		LXW_CHART_MARKER_DIAMOND, LXW_CHART_MARKER_X };
	struct xlsx *x = s->x;
	if (x->first.code)
		return x->first.code;
	if ((unsigned)c->kind >= sizeof(types) || c->nseries == 0 || c->nseries > 255 || !c->series)
		return fail(x, JY_EINVAL, L("工作表“%s”的图表：类型无效或系列个数 %zu 不在 1 到 255 之间",
			"chart on sheet \"%s\": bad kind or %zu series (must be 1 to 255)"), s->name, c->nseries);
	for (size_t i = 0; i < c->nseries; i++)
		if (!range_ok(&c->series[i].categories) || !range_ok(&c->series[i].values))
			return fail(x, JY_EINVAL, L("工作表“%s”的图表：第 %zu 个系列的单元格范围无效",
				"chart on sheet \"%s\": series %zu has an invalid cell range"), s->name, i + 1);
	if (c->row >= LXW_ROW_MAX || c->col >= LXW_COL_MAX)
		return fail(x, JY_EINVAL, L("工作表“%s”的图表：位置超出工作表范围", "chart on sheet \"%s\": position out of range"),
			s->name);
	lxw_chart *chart = workbook_add_chart(x->wb, types[c->kind]);
	if (!chart)
		return lxw_fail(x, s, c->row, c->col, LXW_ERROR_MEMORY_MALLOC_FAILED);
	char *t;
	for (size_t i = 0; i < c->nseries; i++) {
		const struct xlsx_series *sr = &c->series[i];
		lxw_chart_series *cs = chart_add_series(chart, NULL, NULL);
		if (!cs)
			return lxw_fail(x, s, c->row, c->col, LXW_ERROR_MEMORY_MALLOC_FAILED);
		chart_series_set_categories(cs, s->name, sr->categories.first_row, (lxw_col_t)sr->categories.first_col,
			sr->categories.last_row, (lxw_col_t)sr->categories.last_col);
		chart_series_set_values(cs, s->name, sr->values.first_row, (lxw_col_t)sr->values.first_col,
			sr->values.last_row, (lxw_col_t)sr->values.last_col);
		if ((t = literal_name(sr->name))) {
			chart_series_set_name(cs, t);
			free(t);
		}
		lxw_color_t colour = svg_series_colour(i);
		lxw_chart_line edge = { .color = 0x333333, .width = 0.75 };
		lxw_chart_line stroke = { .color = colour, .width = 2.25 };
		lxw_chart_fill fill = { .color = colour };
		switch (c->kind) {
		case XLSX_COLUMN:
		case XLSX_BAR:
			chart_series_set_fill(cs, &fill);
			chart_series_set_line(cs, &edge);
			break;
		case XLSX_LINE:
			chart_series_set_line(cs, &stroke);
			chart_series_set_marker_type(cs, markers[i % 5]);
			chart_series_set_marker_fill(cs, &fill);
			chart_series_set_marker_line(cs, &edge);
			break;
		case XLSX_SCATTER:
			chart_series_set_marker_type(cs, markers[i % 5]);
			chart_series_set_marker_size(cs, 7);
			chart_series_set_marker_fill(cs, &fill);
			chart_series_set_marker_line(cs, &edge);
			break;
		}
	}
	if ((t = literal_name(c->title))) {
		chart_title_set_name(chart, t);
		free(t);
	}
	if ((t = literal_name(c->x_title))) {
		chart_axis_set_name(chart->x_axis, t);
		free(t);
	}
	if ((t = literal_name(c->y_title))) {
		chart_axis_set_name(chart->y_axis, t);
		free(t);
	}
	if (c->value_format)
		chart_axis_set_num_format(c->kind == XLSX_BAR ? chart->x_axis : chart->y_axis, c->value_format);
	int legend = c->legend > 0 || (c->legend == 0 && c->nseries > 1);
	chart_legend_set_position(chart, legend ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
	lxw_chart_options opt;
	memset(&opt, 0, sizeof(opt));
	opt.x_scale = opt.y_scale = c->scale > 0 ? c->scale : 1;
	lxw_error e = worksheet_insert_chart_opt(s->ws, c->row, (lxw_col_t)c->col, chart, &opt);
	return e ? lxw_fail(x, s, c->row, c->col, e) : 0;
}

/* Column widths from what was written, within the limits. */
static void apply_widths(struct xlsx_sheet *s)
{
	for (size_t c = 0; c < s->nwidth; c++) {
		if (!s->width[c])
			continue;
		int w = s->width[c] + 2;
		w = w < XLSX_COL_MIN ? XLSX_COL_MIN : w > XLSX_COL_MAX ? XLSX_COL_MAX : w;
		worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
	}
}

int xlsx_write_to(struct xlsx *x, FILE *fp, struct jy_err *err)
{
	int rc = 0;
	FILE *in = NULL;
	if (x->first.code) {
		rc = err_set(err, x->first.code, "%s", x->first.msg);
		goto cleanup;
	}
	if (x->sheets.len == 0) {
		rc = err_set(err, JY_EINVAL, L("Excel 工作簿没有工作表", "the Excel workbook has no sheet"));
		goto cleanup;
	}
	for (size_t i = 0; i < x->sheets.len; i++)
		apply_widths(x->sheets.items[i]);
	lxw_error e = workbook_close(x->wb);
	x->wb = NULL; /* closed and freed by libxlsxwriter, success or not */
	if (e) {
		lxw_fail(x, NULL, 0, 0, e);
		rc = err_set(err, x->first.code, "%s", x->first.msg);
		goto cleanup;
	}
	/* Read back through our own descriptor: the file we created, whatever happened to its name. */
	int fd = dup(x->fd);
	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0 || !(in = fdopen(fd, "rb"))) {
		if (fd >= 0)
			close(fd);
		rc = err_set(err, JY_EIO, L("无法读取临时文件 %s：%s", "cannot read the temporary file %s: %s"), x->path,
			strerror(errno));
		goto cleanup;
	}
	char chunk[65536];
	size_t n, total = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
		total += n;
		if (fwrite(chunk, 1, n, fp) != n) {
			rc = err_set(err, JY_EIO, L("写出 Excel 文件失败：%s", "writing the Excel file failed: %s"), strerror(errno));
			goto cleanup;
		}
	}
	if (ferror(in) || total == 0) {
		rc = err_set(err, JY_EIO, L("读取临时文件 %s 失败", "reading the temporary file %s failed"), x->path);
		goto cleanup;
	}
	if (fflush(fp) != 0 || ferror(fp)) {
		rc = err_set(err, JY_EIO, L("写出 Excel 文件失败：%s", "writing the Excel file failed: %s"), strerror(errno));
		goto cleanup;
	}
cleanup:
	if (in)
		fclose(in);
	xlsx_free(x);
	return rc;
}
