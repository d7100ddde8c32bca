/* test_csv: unit tests for core/csv — RFC 4180 edge cases, line numbers, encodings, and writing back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/err.h"

/* Parses and checks the shape: want is "a|b;c|d" (rows by ';', fields by '|'). */
static void parses_to(const char *data, size_t len, const char *want)
{
	struct vec rows = VEC_INIT(csv_row_free);
	struct jy_err err = JY_ERR_INIT;
	struct buf got = BUF_INIT;
	int rc = csv_parse(&rows, data, len, &err);
	if (rc)
		fail_msg("csv_parse failed: %s", err.msg);
	for (size_t r = 0; r < rows.len; r++) {
		const struct csv_row *row = rows.items[r];
		if (r)
			buf_putc(&got, ';');
		for (size_t f = 0; f < row->fields.len; f++)
			buf_printf(&got, "%s%s", f ? "|" : "", (char *)row->fields.items[f]);
	}
	assert_string_equal(got.ptr, want);
	buf_release(&got);
	vec_free(&rows);
}

static void parses(const char *data, const char *want)
{
	parses_to(data, strlen(data), want);
}

static void refused(const char *data, size_t len, const char *msg_part)
{
	struct vec rows = VEC_INIT(csv_row_free);
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(csv_parse(&rows, data, len, &err), JY_EINVAL);
	assert_int_equal(rows.len, 0);
	if (!strstr(err.msg, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
	vec_free(&rows);
}

static void test_basic(void **state)
{
	(void)state;
	parses("a,b,c\n1,2,3\n", "a|b|c;1|2|3");
	parses("a,b,c\r\n1,2,3\r\n", "a|b|c;1|2|3");
	parses("a,b\r1,2\r", "a|b;1|2");            /* old Mac line ends */
	parses("a,b\n1,2", "a|b;1|2");              /* no final line end */
	parses("", "");                              /* nothing at all: no record */
	parses("\n", "");                            /* one empty line = one record with one empty field */
	parses("a\n\nb\n", "a;;b");                  /* an empty line in the middle */
	parses(",,\n", "||");                        /* empty fields */
	parses("a,\n", "a|");                        /* trailing empty field */
	parses(" a , b \n", " a | b ");              /* spaces are data */
	parses("中文,课程\n", "中文|课程");
}

static void test_quotes(void **state)
{
	(void)state;
	parses("\"a,b\",c\n", "a,b|c");
	parses("\"say \"\"hi\"\"\",x\n", "say \"hi\"|x");
	parses("\"\"\n", "");                        /* an empty quoted field */
	parses("\"\"\"\"\n", "\"");                  /* a field that is one quote */
	parses("\"line1\nline2\",x\n", "line1\nline2|x");
	parses("\"line1\r\nline2\",x\r\n", "line1\nline2|x"); /* CRLF inside a cell reads as LF */
	parses("\"a\rb\"\n", "a\nb");
	parses("a\"b,c\n", "a\"b|c");                /* a quote inside an unquoted field is data */
	parses("\"a\"", "a");                        /* closes at the end of the data */
	parses("\"a\",\"b\"\r\n\"c\",\"d\"", "a|b;c|d");
	parses("\"备注，含逗号\",\"含\"\"引号\"\"\"\n", "备注，含逗号|含\"引号\"");
}

static void test_line_numbers(void **state)
{
	(void)state;
	struct vec rows = VEC_INIT(csv_row_free);
	struct jy_err err = JY_ERR_INIT;
	const char *data = "h1,h2\r\n\"multi\r\nline\",x\r\n\r\nlast,y\r\n";
	assert_int_equal(csv_parse(&rows, data, strlen(data), &err), 0);
	assert_int_equal(rows.len, 4);
	assert_int_equal(((struct csv_row *)rows.items[0])->line, 1);
	assert_int_equal(((struct csv_row *)rows.items[1])->line, 2);
	assert_int_equal(((struct csv_row *)rows.items[2])->line, 4); /* the record after a two-line cell */
	assert_int_equal(((struct csv_row *)rows.items[3])->line, 5);
	vec_free(&rows);
}

static void test_errors(void **state)
{
	(void)state;
	refused("a,b\n\"open,x\n", 11, "第 2 行");         /* unterminated quote names the line it started on */
	refused("a\n\"x\"y,z\n", 9, "第 2 行");             /* text after a closing quote */
	refused("a,b\nc\0d\n", 8, "NUL");
	refused("\"a\0\"\n", 5, "NUL");
	/* Nothing is appended to rows on failure, even when earlier rows were fine (checked in refused). */
	refused("ok,1\nok,2\n\"bad\n", 15, "第 3 行");
}

static void test_encodings(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	const char *enc = NULL;
	/* UTF-8 as is. */
	assert_int_equal(csv_to_utf8(&out, &enc, "课程,a\n", strlen("课程,a\n"), &err), 0);
	assert_string_equal(enc, "UTF-8");
	assert_string_equal(out.ptr, "课程,a\n");
	/* The BOM is dropped. */
	buf_reset(&out);
	assert_int_equal(csv_to_utf8(&out, &enc, "\xEF\xBB\xBF课程\n", 10, &err), 0);
	assert_string_equal(enc, "UTF-8 BOM");
	assert_string_equal(out.ptr, "课程\n");
	/* GBK: 课程 is BFCE B3CC; 语文 D3EF CEC4. */
	buf_reset(&out);
	assert_int_equal(csv_to_utf8(&out, &enc, "\xBF\xCE\xB3\xCC,\xD3\xEF\xCE\xC4\r\n", 11, &err), 0);
	assert_string_equal(enc, "GBK");
	assert_string_equal(out.ptr, "课程,语文\r\n");
	/* An empty file is valid UTF-8. */
	buf_reset(&out);
	assert_int_equal(csv_to_utf8(&out, &enc, "", 0, &err), 0);
	assert_int_equal(out.len, 0);
	/* A BOM followed by invalid UTF-8 is refused, not guessed as GBK. */
	buf_reset(&out);
	assert_int_equal(csv_to_utf8(&out, &enc, "\xEF\xBB\xBF" "a\n\xBF\xCE\n", 8, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "第 2 行"));
	/* Bytes that are not GBK either: a lone lead byte at the end. */
	buf_reset(&out);
	assert_int_equal(csv_to_utf8(&out, &enc, "a\nb\n\x81", 5, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "第 3 行"));
	buf_release(&out);
}

static void test_write(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	csv_put_field(&b, "plain");
	csv_put_sep(&b);
	csv_put_field(&b, "a,b");
	csv_put_sep(&b);
	csv_put_field(&b, "say \"hi\"");
	csv_put_sep(&b);
	csv_put_field(&b, "two\nlines");
	csv_put_sep(&b);
	csv_put_field(&b, " padded ");
	csv_put_sep(&b);
	csv_put_field(&b, "");
	csv_end_row(&b);
	assert_string_equal(b.ptr, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\" padded \",\r\n");
	/* What we write reads back as the same fields. */
	parses_to(b.ptr, b.len, "plain|a,b|say \"hi\"|two\nlines| padded |");
	buf_release(&b);
}

/* Random tables written and read back give the same fields (a small in-process property test). */
static void test_round_trip(void **state)
{
	(void)state;
	static const char *const pieces[] = { "a", "中", ",", "\"", "\n", " ", "\r\n", "x y", "", "，" };
	uint64_t s = 20261122;
	for (int iter = 0; iter < 500; iter++) {
		struct buf b = BUF_INIT, want = BUF_INIT;
		size_t nrows = 1 + iter % 4, ncols = 1 + iter % 3;
		for (size_t r = 0; r < nrows; r++) {
			if (r)
				buf_putc(&want, ';');
			for (size_t c = 0; c < ncols; c++) {
				struct buf f = BUF_INIT;
				for (int k = 0; k < 4; k++) {
					s ^= s << 13;
					s ^= s >> 7;
					s ^= s << 17;
					buf_puts(&f, pieces[s % (sizeof(pieces) / sizeof(pieces[0]))]);
				}
				if (c) {
					csv_put_sep(&b);
					buf_putc(&want, '|');
				}
				csv_put_field(&b, f.ptr);
				/* Reading normalises CRLF inside a cell to LF. */
				for (const char *p = f.ptr; *p; p++)
					if (!(p[0] == '\r' && p[1] == '\n'))
						buf_putc(&want, *p);
				buf_release(&f);
			}
			csv_end_row(&b);
		}
		/* A table of one row with one empty field writes as just CRLF, which reads as one empty record: same. */
		parses_to(b.ptr, b.len, want.ptr);
		buf_release(&b);
		buf_release(&want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),     cmocka_unit_test(test_quotes),   cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_errors),    cmocka_unit_test(test_encodings), cmocka_unit_test(test_write),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
