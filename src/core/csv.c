/* csv: an RFC 4180 reader and writer, and UTF-8 / UTF-8-BOM / GBK detection for what Excel saves. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/csv.h"
#include "jiaoyan/text.h"

void csv_row_free(void *p)
{
	struct csv_row *row = p;
	if (!row)
		return;
	vec_free(&row->fields);
	free(row);
}

struct parser {
	const char *p, *end;
	size_t line;
	struct buf field;
	struct csv_row *row;
	struct vec *out;
};

static void start_row(struct parser *ps)
{
	ps->row = xcalloc(1, sizeof(*ps->row));
	vec_init(&ps->row->fields, free);
	ps->row->line = ps->line;
}

static void end_field(struct parser *ps)
{
	vec_push(&ps->row->fields, xstrndup(ps->field.ptr, ps->field.len));
	buf_reset(&ps->field);
}

static void end_row(struct parser *ps)
{
	end_field(ps);
	vec_push(ps->out, ps->row);
	ps->row = NULL;
}

/* Consumes a line end at p (CRLF, LF or CR) and counts it; 0 when there is none. */
static int eat_newline(struct parser *ps)
{
	if (ps->p < ps->end && *ps->p == '\r') {
		ps->p++;
		if (ps->p < ps->end && *ps->p == '\n')
			ps->p++;
		ps->line++;
		return 1;
	}
	if (ps->p < ps->end && *ps->p == '\n') {
		ps->p++;
		ps->line++;
		return 1;
	}
	return 0;
}

static int nul_error(struct jy_err *err, size_t line)
{
	return err_set(err, JY_EINVAL, L("第 %zu 行：含有 NUL 字节（不是文本文件？）", "line %zu: holds a NUL byte (not a text file?)"),
		       line);
}

/* A quoted field; p is just past the opening quote. */
static int quoted(struct parser *ps, struct jy_err *err)
{
	size_t started = ps->line;
	for (;;) {
		if (ps->p >= ps->end)
			return err_set(err, JY_EINVAL,
				       L("第 %zu 行：引号没有闭合（以 \" 开始的单元格要以 \" 结束，内容中的引号写作 \"\"）",
					 "line %zu: unterminated quote (a cell that starts with \" must end with \"; quotes inside are written \"\")"),
				       started);
		char ch = *ps->p;
		if (ch == '"') {
			if (ps->p + 1 < ps->end && ps->p[1] == '"') {
				buf_putc(&ps->field, '"');
				ps->p += 2;
				continue;
			}
			ps->p++;
			return 0;
		}
		if (ch == '\0')
			return nul_error(err, ps->line);
		if (ch == '\r' || ch == '\n') {
			/* Line breaks inside a cell read as LF whatever the file used. */
			eat_newline(ps);
			buf_putc(&ps->field, '\n');
			continue;
		}
		buf_putc(&ps->field, ch);
		ps->p++;
	}
}

int csv_parse(struct vec *rows, const char *data, size_t len, struct jy_err *err)
{
	return csv_parse_sep(rows, data, len, ',', err);
}

int csv_parse_sep(struct vec *rows, const char *data, size_t len, char sep, struct jy_err *err)
{
	struct vec got = VEC_INIT(csv_row_free);
	struct parser ps = { data, data + len, 1, BUF_INIT, NULL, &got };
	int rc = 0;
	while (ps.p < ps.end) {
		start_row(&ps);
		for (;;) {
			/* At the start of a field. */
			if (ps.p < ps.end && *ps.p == '"') {
				ps.p++;
				if ((rc = quoted(&ps, err)))
					goto cleanup;
				if (ps.p < ps.end && *ps.p != sep && *ps.p != '\r' && *ps.p != '\n') {
					rc = err_set(err, JY_EINVAL,
						     L("第 %zu 行：引号闭合后还有字符（单元格内的引号应写作 \"\"）",
						       "line %zu: text after a closing quote (quotes inside a cell are written \"\")"),
						     ps.line);
					goto cleanup;
				}
			} else {
				while (ps.p < ps.end && *ps.p != sep && *ps.p != '\r' && *ps.p != '\n') {
					if (*ps.p == '\0') {
						rc = nul_error(err, ps.line);
						goto cleanup;
					}
					buf_putc(&ps.field, *ps.p++);
				}
			}
			if (ps.p < ps.end && *ps.p == sep) {
				ps.p++;
				end_field(&ps);
				continue;
			}
			eat_newline(&ps);
			end_row(&ps);
			break;
		}
	}
	for (size_t i = 0; i < got.len; i++)
		vec_push(rows, got.items[i]);
	got.len = 0;
cleanup:
	csv_row_free(ps.row);
	buf_release(&ps.field);
	vec_free(&got);
	return rc;
}

/* 1-based line of byte offset `at`. */
static size_t line_of(const char *data, size_t at)
{
	size_t line = 1;
	for (size_t i = 0; i < at; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= at || data[i + 1] != '\n')))
			line++;
	return line;
}

static int from_gbk(struct buf *out, const char *data, size_t len, struct jy_err *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	struct buf tmp = BUF_INIT;
	int rc = 0;
	if (cd == (iconv_t)-1)
		return err_set(err, JY_EIO, L("无法转换 GBK 编码（iconv 不支持 GB18030：%s）", "cannot convert GBK (iconv lacks GB18030: %s)"),
			       strerror(errno));
	char *in = (char *)(uintptr_t)data; /* iconv's prototype is not const-correct */
	size_t left = len;
	while (left) {
		char chunk[4096];
		char *o = chunk;
		size_t room = sizeof(chunk);
		size_t n = iconv(cd, &in, &left, &o, &room);
		buf_add(&tmp, chunk, (size_t)(o - chunk));
		if (n == (size_t)-1 && errno != E2BIG) {
			size_t at = (size_t)(in - data);
			rc = err_set(err, JY_EINVAL,
				     L("第 %zu 行：既不是 UTF-8 也不是 GBK 编码（第 %zu 字节 0x%02X）；请在 Excel 中另存为「CSV UTF-8」",
				       "line %zu: neither UTF-8 nor GBK (byte %zu, 0x%02X); save as \"CSV UTF-8\" in Excel"),
				     line_of(data, at), at + 1, (unsigned)(unsigned char)data[at]);
			goto cleanup;
		}
	}
	/* GB18030 decodes to valid UTF-8, but a control byte may sit anywhere: callers check values. */
	buf_add(out, tmp.ptr, tmp.len);
cleanup:
	iconv_close(cd);
	buf_release(&tmp);
	return rc;
}

int csv_to_utf8(struct buf *out, const char **encoding, const char *data, size_t len, struct jy_err *err)
{
	const char *enc = "UTF-8";
	if (len >= 3 && memcmp(data, CSV_UTF8_BOM, 3) == 0) {
		data += 3;
		len -= 3;
		enc = "UTF-8 BOM";
	}
	if (text_utf8_valid(data, len, NULL) == 0) {
		buf_add(out, data, len);
	} else {
		if (strcmp(enc, "UTF-8 BOM") == 0) {
			/* A BOM promises UTF-8: guessing GBK here would turn a damaged file into mojibake. */
			size_t at = 0;
			text_utf8_valid(data, len, &at);
			return err_set(err, JY_EINVAL,
				       L("第 %zu 行：文件以 UTF-8 标记开头，但含有无效的 UTF-8 字节（第 %zu 字节）",
					 "line %zu: the file starts with a UTF-8 mark but holds invalid UTF-8 (byte %zu)"),
				       line_of(data, at), at + 4);
		}
		int rc = from_gbk(out, data, len, err);
		if (rc)
			return rc;
		enc = "GBK";
	}
	if (encoding)
		*encoding = enc;
	return 0;
}

void csv_put_field(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == ',' || *p == '"' || *p == '\r' || *p == '\n';
	if (!quote) {
		buf_add(out, s, n);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_puts(out, "\"\"");
		else if (*p == '\n' && (p == s || p[-1] != '\r'))
			buf_puts(out, "\r\n");
		else
			buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

void csv_put_sep(struct buf *out)
{
	buf_putc(out, ',');
}

void csv_end_row(struct buf *out)
{
	buf_puts(out, "\r\n");
}

void csv_put_text(struct buf *out, const char *s)
{
	while (*s == '\t' || *s == '\r')
		s++;
	if (*s && strchr("=+-@", *s)) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "'%s", s);
		csv_put_field(out, b.ptr);
		buf_release(&b);
		return;
	}
	csv_put_field(out, s);
}
