/* test_codec: unit tests for core/codec — exact output, inih agreement, strict decoding, randomized round trips. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ini.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/text.h"

/* ---- helpers ---- */

/* xorshift64*: the same sequence on every machine, unlike rand(). */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

static void seed_rng(const char *what)
{
	const char *env = getenv("JIAOYAN_TEST_SEED");
	rng_state = env ? strtoull(env, NULL, 0) : 20261122;
	if (!rng_state)
		rng_state = 1;
	printf("# %s: random seed %llu (set JIAOYAN_TEST_SEED to change)\n", what,
	       (unsigned long long)rng_state);
}

static void put_cp(struct buf *b, uint32_t cp)
{
	char s[4];
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, s, 4);
	}
}

/* rec("sec", "key", "value", ..., NULL) */
static struct record *rec(const char *sec, ...)
{
	struct record *r = record_new();
	va_list ap;
	va_start(ap, sec);
	for (const char *s = sec; s; s = va_arg(ap, const char *)) {
		const char *k = va_arg(ap, const char *);
		const char *v = va_arg(ap, const char *);
		record_set(r, s, k, v);
	}
	va_end(ap);
	return r;
}

/* Independent of the codec: what a value line means once inih has stripped it. */
static void unescape_test(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s != '\\') {
			buf_putc(out, *s);
			continue;
		}
		s++;
		switch (*s) {
		case 'n': buf_putc(out, '\n'); break;
		case 't': buf_putc(out, '\t'); break;
		case 's': buf_putc(out, ' '); break;
		case '\\': case ';': case '#': buf_putc(out, *s); break;
		default: fail_msg("bad escape \\%c in encoder output", *s);
		}
	}
}

struct inih_seen {
	struct buf names;  /* "section/name\n" per handler call */
	struct record *r;  /* values as a stock inih reader would rebuild them */
	char last[128];
};

static int plain_handler(void *user, const char *section, const char *name, const char *value)
{
	struct inih_seen *seen = user;
	char id[128];
	buf_printf(&seen->names, "%s/%s\n", section, name);
	snprintf(id, sizeof(id), "%s/%s", section, name);
	struct buf v = BUF_INIT;
	if (strcmp(id, seen->last) == 0) /* a continuation line: same name again */
		buf_puts(&v, record_get(seen->r, section, name));
	unescape_test(&v, value);
	record_set(seen->r, section, name, v.ptr);
	buf_release(&v);
	snprintf(seen->last, sizeof(seen->last), "%s", id);
	return 1;
}

/*
 * The format rules every encoder output obeys, checked line by line without
 * the codec: line length, indentation, no edge whitespace, whole characters
 * and whole escapes per line, chunk size, blank lines only between sections.
 * Also runs a stock inih over it and checks that it calls its handler with
 * the same section/key names, once per physical line, and that concatenating
 * what it hands over gives back r.
 */
static void check_format(const char *s, size_t len, const struct record *r)
{
	struct buf want = BUF_INIT;
	const char *sec = NULL, *key = NULL;
	size_t seclen = 0, keylen = 0;
	int lineno = 0;

	if (len == 0)
		goto inih;
	assert_int_equal(s[len - 1], '\n');
	assert_false(len >= 2 && s[len - 2] == '\n'); /* no blank line at the end */
	assert_false(s[0] == '\n');
	for (size_t pos = 0; pos < len;) {
		const char *line = s + pos;
		const char *nl = memchr(line, '\n', len - pos);
		assert_non_null(nl);
		size_t n = (size_t)(nl - line);
		pos += n + 1;
		lineno++;
		if (n + 1 >= CODEC_LINE_MAX)
			fail_msg("line %d is %zu bytes", lineno, n + 1);
		assert_int_equal(text_utf8_valid(line, n, NULL), 0);
		if (n == 0) { /* between sections only */
			assert_true(pos < len && s[pos] == '[');
			continue;
		}
		assert_false(line[n - 1] == ' ' || line[n - 1] == '\t');
		size_t bs = 0; /* a chunk never ends inside an escape */
		while (bs < n && line[n - 1 - bs] == '\\')
			bs++;
		assert_int_equal(bs % 2, 0);
		if (line[0] == '[') {
			assert_int_equal(line[n - 1], ']');
			sec = line + 1;
			seclen = n - 2;
			key = NULL;
		} else if (line[0] == ' ') {
			assert_non_null(key);
			assert_int_equal(line[1], ' ');
			assert_true(n > 2 && line[2] != ' ' && line[2] != '\t');
			assert_true(n - 2 <= CODEC_WRAP);
			buf_printf(&want, "%.*s/%.*s\n", (int)seclen, sec, (int)keylen, key);
		} else {
			const char *eq = strstr(line, " =");
			assert_non_null(eq);
			assert_non_null(sec);
			key = line;
			keylen = (size_t)(eq - line);
			if (eq + 2 != nl) {
				assert_int_equal(eq[2], ' ');
				assert_true(eq[3] != ' ' && eq[3] != '\t');
				assert_true((size_t)(nl - (eq + 3)) <= CODEC_WRAP);
			}
			buf_printf(&want, "%.*s/%.*s\n", (int)seclen, sec, (int)keylen, key);
		}
	}
inih:;
	struct inih_seen seen = { BUF_INIT, record_new(), "" };
	char *copy = xstrndup(s, len);
	assert_int_equal(ini_parse_string(copy, plain_handler, &seen), 0);
	assert_string_equal(seen.names.ptr, want.ptr);
	/* drop empty sections before comparing: they are not written */
	struct record *nonempty = record_new();
	for (size_t i = 0; i < record_section_count(r); i++)
		for (size_t j = 0; j < record_key_count(r, i); j++)
			record_set(nonempty, record_section(r, i), record_key(r, i, j), record_value(r, i, j));
	assert_true(record_equal(seen.r, nonempty));
	record_free(nonempty);
	record_free(seen.r);
	buf_release(&seen.names);
	buf_release(&want);
	free(copy);
}

/* encode → format check → decode → equal → canonical; returns the encoding. */
static void roundtrip(const struct record *r, struct buf *enc)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *back = NULL;
	buf_reset(enc);
	if (codec_encode(enc, r, &err) != 0)
		fail_msg("encode: %s", err.msg);
	check_format(enc->ptr, enc->len, r);
	if (codec_decode(&back, enc->ptr, enc->len, &err) != 0)
		fail_msg("decode: %s\n%s", err.msg, enc->ptr);
	for (size_t i = 0, k = 0; i < record_section_count(r); i++) {
		if (record_key_count(r, i) == 0)
			continue;
		assert_string_equal(record_section(back, k), record_section(r, i));
		for (size_t j = 0; j < record_key_count(r, i); j++) {
			assert_string_equal(record_key(back, k, j), record_key(r, i, j));
			assert_string_equal(record_value(back, k, j), record_value(r, i, j));
		}
		k++;
	}
	assert_true(codec_is_canonical(back, enc->ptr, enc->len));
	struct buf again = BUF_INIT;
	assert_int_equal(codec_encode(&again, back, NULL), 0);
	assert_int_equal(again.len, enc->len);
	assert_memory_equal(again.ptr, enc->ptr, enc->len);
	buf_release(&again);
	record_free(back);
}

static void encodes_to(const struct record *r, const char *want)
{
	struct buf b = BUF_INIT;
	roundtrip(r, &b);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void value_encodes_to(const char *value, const char *want_line)
{
	struct record *r = rec("a", "k", value, NULL);
	struct buf want = BUF_INIT;
	buf_printf(&want, "[a]\n%s\n", want_line);
	encodes_to(r, want.ptr);
	buf_release(&want);
	record_free(r);
}

/* ---- encoding ---- */

static void test_encode_layout(void **state)
{
	(void)state;
	struct record *r = rec("plan", "state", "draft",
			       "plan", "title", "2026-2027-1 授课计划",
			       "plan", "note", "",
			       "empty", "x", "1",
			       "course.1", "name", "传感器应用技术",
			       "course.1", "hours", "64",
			       "course.1", "Opt-A.b_c", "A",
			       NULL);
	assert_int_equal(record_unset(r, "empty", "x"), 0); /* an empty section is not written */
	encodes_to(r, "[plan]\n"
		      "state = draft\n"
		      "title = 2026-2027-1 授课计划\n"
		      "note =\n"
		      "\n"
		      "[course.1]\n"
		      "name = 传感器应用技术\n"
		      "hours = 64\n"
		      "Opt-A.b_c = A\n");
	record_free(r);

	r = record_new();
	encodes_to(r, "");
	record_set(r, "a", "k", "v");
	record_unset(r, "a", "k");
	encodes_to(r, "");
	record_free(r);
}

static void test_encode_escapes(void **state)
{
	(void)state;
	value_encodes_to("a;b#c\\d\ne\tf", "k = a\\;b\\#c\\\\d\\ne\\tf");
	value_encodes_to(";", "k = \\;");
	value_encodes_to("#注释", "k = \\#注释");
	value_encodes_to("x = y: [z]", "k = x = y: [z]");
	value_encodes_to("a b  c", "k = a b  c");
	value_encodes_to(" ", "k = \\s");
	value_encodes_to("  ", "k = \\s\\s");
	value_encodes_to("   ", "k = \\s \\s");
	value_encodes_to(" x ", "k = \\sx\\s");
	value_encodes_to("  两端空格  ", "k = \\s 两端空格 \\s");
	value_encodes_to("\t", "k = \\t");
	value_encodes_to("\n\n", "k = \\n\\n");
	value_encodes_to("\\s", "k = \\\\s");
	value_encodes_to("a ;b", "k = a \\;b");
	value_encodes_to("", "k =");
	value_encodes_to("😀 e\xCC\x81", "k = 😀 e\xCC\x81");
}

/* 3,000 bytes of Chinese with every character the format is careful about. */
static void test_long_chinese_roundtrip(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"本节课教学目标明确，", "学生参与度高；", "# 不是注释", "; 也不是注释",
		"路径 C:\\课件\\第1讲", "公式 a = b + c", "  前导空格", "尾随空格  ", "\n\n",
		"\t制表符\t", "，", "。", "反斜杠\\", "\\n 不是换行", "＝全角等号＝", " ; ", " # ",
	};
	struct buf v = BUF_INIT;
	buf_puts(&v, "  "); /* the whole value starts and ends with spaces too */
	for (size_t i = 0; v.len < 3000; i++)
		buf_puts(&v, pieces[(i * 7) % (sizeof(pieces) / sizeof(pieces[0]))]);
	buf_puts(&v, " \n ");
	assert_true(v.len >= 3000);

	struct record *r = rec("observation", "kind", "听课",
			       "text", "problems", v.ptr,
			       "text", "suggestions", "见上",
			       "text", "a_key_of_exactly_forty_nine_bytes_xxxxxxxxxxxxxxx", v.ptr,
			       NULL);
	assert_int_equal(strlen("a_key_of_exactly_forty_nine_bytes_xxxxxxxxxxxxxxx"), 49);
	struct buf enc = BUF_INIT;
	roundtrip(r, &enc);

	struct record *back = NULL;
	assert_int_equal(codec_decode(&back, enc.ptr, enc.len, NULL), 0);
	const char *got = record_get(back, "text", "problems");
	assert_non_null(got);
	assert_int_equal(strlen(got), v.len);
	assert_memory_equal(got, v.ptr, v.len); /* byte for byte */
	assert_true(record_equal(back, r));
	/* it did wrap: many continuation lines */
	assert_true(enc.len > 2 * v.len);
	assert_non_null(strstr(enc.ptr, "\n  "));
	record_free(back);
	record_free(r);
	buf_release(&enc);
	buf_release(&v);
}

/* Spaces, escapes and multi-byte characters right at every possible cut. */
static void test_wrap_boundaries(void **state)
{
	(void)state;
	static const char *const at_cut[] = { " ", "  ", "   ", "\\", ";", "\n", "中", "😀", "é", " 中 ", "a ", " a" };
	static const char *const keys[] = {
		"k", "forty_four_bytes_key_xxxxxxxxxxxxxxxxxxxxxxx", "forty_five_bytes_key_xxxxxxxxxxxxxxxxxxxxxxxx",
		"a_key_of_exactly_forty_nine_bytes_xxxxxxxxxxxxxxx",
	};
	struct buf v = BUF_INIT, enc = BUF_INIT;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		for (size_t p = 0; p < sizeof(at_cut) / sizeof(at_cut[0]); p++) {
			for (size_t n = 135; n <= 160; n++) {
				buf_reset(&v);
				for (size_t i = 0; i < n; i++)
					buf_putc(&v, 'x');
				buf_puts(&v, at_cut[p]);
				for (size_t i = 0; i + 1 < n; i++)
					buf_putc(&v, i % 2 ? ' ' : 'y');
				buf_puts(&v, at_cut[p]);
				struct record *r = rec("s", keys[k], v.ptr, NULL);
				roundtrip(r, &enc);
				record_free(r);
			}
		}
	}
	/* a run of spaces and a run of escapes longer than a chunk */
	buf_reset(&v);
	for (int i = 0; i < 400; i++)
		buf_putc(&v, ' ');
	struct record *r = rec("s", "k", v.ptr, NULL);
	roundtrip(r, &enc);
	record_free(r);
	buf_reset(&v);
	for (int i = 0; i < 400; i++)
		buf_puts(&v, "\\;#\n");
	r = rec("s", "k", v.ptr, NULL);
	roundtrip(r, &enc);
	record_free(r);
	buf_release(&v);
	buf_release(&enc);
}

static void test_wrap_layout(void **state)
{
	(void)state;
	/* 160 ASCII letters: 150 on the key line, 10 on the continuation line */
	struct buf v = BUF_INIT, want = BUF_INIT;
	for (int i = 0; i < 160; i++)
		buf_putc(&v, (char)('a' + i % 26));
	buf_printf(&want, "[s]\nk = %.150s\n  %s\n", v.ptr, v.ptr + 150);
	struct record *r = rec("s", "k", v.ptr, NULL);
	encodes_to(r, want.ptr);
	record_free(r);

	/* a space that would end the first chunk moves to the next line as \s */
	buf_reset(&v);
	for (int i = 0; i < 150; i++)
		buf_putc(&v, 'a');
	v.ptr[149] = ' ';
	buf_puts(&v, "b");
	buf_reset(&want);
	buf_printf(&want, "[s]\nk = %.149s\n  \\sb\n", v.ptr);
	r = rec("s", "k", v.ptr, NULL);
	encodes_to(r, want.ptr);
	record_free(r);

	/* a 3-byte character never straddles: 50 × 中 = 150 bytes, the 51st goes down */
	buf_reset(&v);
	buf_puts(&v, "x");
	for (int i = 0; i < 51; i++)
		buf_puts(&v, "中");
	r = rec("s", "k", v.ptr, NULL);
	buf_reset(&want);
	buf_printf(&want, "[s]\nk = %.148s\n  %s\n", v.ptr, v.ptr + 148);
	encodes_to(r, want.ptr);
	record_free(r);
	buf_release(&v);
	buf_release(&want);
}

static void encode_refused(const struct record *r, const char *const *frags)
{
	struct jy_err err = JY_ERR_INIT;
	struct buf out = BUF_INIT;
	buf_puts(&out, "已有内容\n");
	size_t before = out.len;
	assert_int_equal(codec_encode(&out, r, &err), JY_EINVAL);
	assert_int_equal(err.code, JY_EINVAL);
	assert_int_equal(out.len, before);
	assert_string_equal(out.ptr, "已有内容\n"); /* unchanged */
	for (; *frags; frags++)
		if (!strstr(err.msg, *frags))
			fail_msg("message \"%s\" lacks \"%s\"", err.msg, *frags);
	assert_false(strchr(err.msg, '\x1b'));
	buf_release(&out);
}

#define REFUSED(r, ...) do { \
		const char *const frags_[] = { __VA_ARGS__, NULL }; \
		struct record *r_ = (r); \
		encode_refused(r_, frags_); \
		record_free(r_); \
	} while (0)

static void test_encode_rejects(void **state)
{
	(void)state;
	/* the bad value sits in a later section, after good output was produced */
	REFUSED(rec("plan", "state", "draft", "text", "note", "红色\x1b[31m警告", NULL),
		"text.note", "U+001B", "只允许换行和制表符");
	REFUSED(rec("a", "b", "\x07", NULL), "a.b", "U+0007");
	REFUSED(rec("a", "b", "x\x7f", NULL), "a.b", "U+007F");
	REFUSED(rec("a", "b", "x\xC2\x9B" "2J", NULL), "a.b", "U+009B");
	REFUSED(rec("a", "b", "行一\r\n行二", NULL), "a.b", "U+000D");
	REFUSED(rec("a", "b", "bad \xFF utf8", NULL), "a.b", "UTF-8", "第 5 字节");
	REFUSED(rec("a", "b", "cut \xE4\xB8", NULL), "a.b", "UTF-8");
	REFUSED(rec("a", "b", "\xED\xA0\x80", NULL), "a.b", "UTF-8");
	REFUSED(rec("Plan", "b", "v", NULL), "节名", "Plan", "P");
	REFUSED(rec("a b", "b", "v", NULL), "节名", "U+0020");
	REFUSED(rec("", "b", "v", NULL), "节名为空");
	REFUSED(rec("a", "k k", "v", NULL), "键名", "a", "k k");
	REFUSED(rec("a", "k=", "v", NULL), "键名", "=");
	REFUSED(rec("a", "", "v", NULL), "键名为空");
	REFUSED(rec("a", "名字", "v", NULL), "键名", "U+540D");
	REFUSED(rec("a", "k\x1b", "v", NULL), "键名", "^[", "U+001B");
	REFUSED(rec("a", "key_of_fifty_bytes_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "v", NULL),
		"键名", "50 字节", "49 字节");
	REFUSED(rec("section_of_fifty_bytes_xxxxxxxxxxxxxxxxxxxxxxxxxxx", "k", "v", NULL),
		"节名", "50 字节");

	err_set_lang("en");
	REFUSED(rec("a", "b", "\x1b", NULL), "field a.b", "control character U+001B");
	REFUSED(rec("a", "k k", "v", NULL), "key name", "section a");
	err_set_lang("zh");

	/* 49 is allowed */
	struct record *r = rec("section_of_forty_nine_bytes_xxxxxxxxxxxxxxxxxxxxx",
			       "a_key_of_exactly_forty_nine_bytes_xxxxxxxxxxxxxxx", "v", NULL);
	struct buf b = BUF_INIT;
	assert_int_equal(codec_encode(&b, r, NULL), 0);
	buf_release(&b);
	record_free(r);
}

static void test_check_name(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(codec_check_name("course.12", 0, &err), 0);
	assert_int_equal(codec_check_name("a-b_c.d-9", 0, &err), 0);
	assert_int_equal(codec_check_name("Option_A", 1, &err), 0);
	assert_int_equal(codec_check_name("Option_A", 0, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "a-z 0-9 _ . -"));
	assert_int_equal(codec_check_name("", 1, &err), JY_EINVAL);
	assert_int_equal(codec_check_name("a/b", 1, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "/"));
	assert_int_equal(codec_check_name("a]", 0, NULL), JY_EINVAL);
	assert_int_equal(codec_check_name("a:b", 1, NULL), JY_EINVAL);
	assert_int_equal(codec_check_name("a;b", 1, NULL), JY_EINVAL);
}

/* ---- decoding ---- */

static void test_canonical(void **state)
{
	(void)state;
	static const char *const canonical[] = {
		"",
		"[a]\nk = v\n",
		"[a]\nk =\n",
		"[plan]\nstate = draft\n\n[course.1]\nname = 传感器应用技术\nhours = 64\n",
		"[a]\nk = \\s\\;\\#\\\\\\n\\t\\s\n",
	};
	for (size_t i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++) {
		struct record *r = NULL;
		struct buf b = BUF_INIT;
		assert_int_equal(codec_decode(&r, canonical[i], strlen(canonical[i]), NULL), 0);
		assert_true(codec_is_canonical(r, canonical[i], strlen(canonical[i])));
		assert_int_equal(codec_encode(&b, r, NULL), 0);
		assert_string_equal(b.ptr, canonical[i]);
		buf_release(&b);
		record_free(r);
	}
	struct record *r = NULL;
	assert_int_equal(codec_decode(&r, canonical[4], strlen(canonical[4]), NULL), 0);
	assert_string_equal(record_get(r, "a", "k"), " ;#\\\n\t ");
	record_free(r);
}

struct lenient {
	const char *in;
	const char *sec, *key, *value;
};

/* Files a person edited by hand: they decode to what inih means, and are flagged non-canonical. */
static void test_decode_noncanonical(void **state)
{
	(void)state;
	static const struct lenient cases[] = {
		{ "[a]\nk=v\n", "a", "k", "v" },
		{ "[a]\nk   =   v  \n", "a", "k", "v" },
		{ "[a]\nk: v\n", "a", "k", "v" },
		{ "[a]\nk = v\n\n", "a", "k", "v" },
		{ "; 注释\n# comment\n[a]\n  ; indented comment\nk = v\n", "a", "k", "v" },
		{ "\xEF\xBB\xBF[a]\nk = v\n", "a", "k", "v" },
		{ "[a]\nk = 前\n\n  后\n", "a", "k", "前后" },          /* inih continues across a blank line */
		{ "[a]\nk = 前\n# c\n\t\t后\n", "a", "k", "前后" },
		{ "[a]\nk = C#语言;C++\n", "a", "k", "C#语言;C++" },     /* raw # and ; where inih keeps them */
		{ "[a]\nk =;x\n", "a", "k", ";x" },
		{ "[a]\nk = a\tb\n", "a", "k", "a\tb" },
		{ "[a]\nk = \\s\\sa\\sb\n", "a", "k", "  a b" },
		{ "[a]\nk = v", "a", "k", "v" },                          /* no final newline */
		{ "[e]\n[a]\nk = v\n", "a", "k", "v" },                   /* empty section dropped */
		{ NULL, NULL, NULL, NULL },
	};
	for (size_t i = 0; cases[i].in; i++) {
		struct record *r = NULL;
		struct jy_err err = JY_ERR_INIT;
		if (codec_decode(&r, cases[i].in, strlen(cases[i].in), &err) != 0)
			fail_msg("case %zu: %s", i, err.msg);
		assert_string_equal(record_get(r, cases[i].sec, cases[i].key), cases[i].value);
		assert_false(codec_is_canonical(r, cases[i].in, strlen(cases[i].in)));
		record_free(r);
	}
}

static void decode_refused(const char *in, size_t len, const char *const *frags)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *sentinel = (struct record *)&err, *r = sentinel;
	int rc = codec_decode(&r, in, len, &err);
	if (rc != JY_EINVAL)
		fail_msg("accepted: %.*s", (int)len, in);
	assert_int_equal(err.code, JY_EINVAL);
	assert_ptr_equal(r, sentinel); /* *out untouched */
	for (; *frags; frags++)
		if (!strstr(err.msg, *frags))
			fail_msg("message \"%s\" lacks \"%s\"", err.msg, *frags);
	assert_false(strchr(err.msg, '\x1b'));
}

#define DREFUSED(in, ...) do { \
		const char *const frags_[] = { __VA_ARGS__, NULL }; \
		decode_refused((in), sizeof(in) - 1, frags_); \
	} while (0)

/* Builds "[a]\nk = v\n" + a third line of `total` bytes (newline included). */
static void long_line(struct buf *b, size_t total, int newline)
{
	buf_set(b, "[a]\nk = v\nl = ");
	size_t start = b->len - 4;
	while (b->len - start < total - 1)
		buf_putc(b, 'x');
	if (newline)
		buf_putc(b, '\n');
	else
		buf_putc(b, 'x');
}

static void test_decode_line_length(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct record *r = NULL;
	struct jy_err err = JY_ERR_INIT;

	long_line(&b, 198, 1);
	assert_int_equal(codec_decode(&r, b.ptr, b.len, &err), 0);
	record_free(r);
	long_line(&b, 198, 0); /* a last line without newline counts its bytes only */
	assert_int_equal(codec_decode(&r, b.ptr, b.len, &err), 0);
	record_free(r);

	long_line(&b, 199, 1);
	assert_int_equal(codec_decode(&r, b.ptr, b.len, &err), JY_EINVAL);
	assert_string_equal(err.msg, "第 3 行：长度 199 字节，超过 198 字节上限");
	long_line(&b, 212, 1);
	assert_int_equal(codec_decode(&r, b.ptr, b.len, &err), JY_EINVAL);
	assert_string_equal(err.msg, "第 3 行：长度 212 字节，超过 198 字节上限");
	err_set_lang("en");
	assert_int_equal(codec_decode(&r, b.ptr, b.len, &err), JY_EINVAL);
	assert_string_equal(err.msg, "line 3: 212 bytes, over the 198-byte limit");
	err_set_lang("zh");
	long_line(&b, 199, 0);
	assert_int_equal(codec_decode(&r, b.ptr, b.len, &err), JY_EINVAL);
	buf_release(&b);
}

static int count_evil(void *user, const char *section, const char *name, const char *value)
{
	(void)section;
	(void)value;
	if (strcmp(name, "evil") == 0)
		++*(int *)user;
	return 1;
}

/* libinih 55 reads the rest of a long line as a line of its own. */
static void test_decode_smuggled_key(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "[plan]\nstate = draft\nnote = ");
	while (b.len < 21 + 199) /* line 3 starts at 21; cut after 199 bytes */
		buf_putc(&b, 'x');
	buf_puts(&b, "evil = 1\n");

	int evil = 0;
	assert_int_equal(ini_parse_string(b.ptr, count_evil, &evil), 0);
	assert_int_equal(evil, 1); /* a stock reader is fooled */

	const char *const frags[] = { "第 3 行", "超过 198 字节上限", NULL };
	decode_refused(b.ptr, b.len, frags);
	buf_release(&b);
}

static void test_decode_rejects(void **state)
{
	(void)state;
	decode_refused("[a]\nk = a\0b\n", 12, (const char *const[]){ "第 2 行", "NUL", NULL });
	DREFUSED("[a]\nk = \xFF\n", "第 2 行", "UTF-8");
	DREFUSED("[a]\nk = ok\n[b\xE4\xB8]\n", "第 3 行", "UTF-8");
	DREFUSED("[a]\nk = \xED\xA0\x80\n", "第 2 行", "UTF-8");
	DREFUSED("[a]\nk = \x1b[31m\n", "第 2 行", "U+001B", "只允许换行和制表符");
	DREFUSED("[a]\r\nk = v\r\n", "第 1 行", "U+000D");
	DREFUSED("[a]\nk = \xC2\x9B" "2J\n", "第 2 行", "U+009B");
	DREFUSED("[a]\nk = x\x7f\n", "U+007F");
	DREFUSED("[a]\n; \x1b]0;t\x07\n", "第 2 行", "U+001B"); /* even in a comment */

	/* names */
	DREFUSED("[section_of_fifty_bytes_xxxxxxxxxxxxxxxxxxxxxxxxxxx]\nk = v\n",
		 "第 1 行", "节名", "50 字节", "49 字节上限");
	DREFUSED("[a]\nkey_of_fifty_bytes_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx = v\n",
		 "第 2 行", "键名", "50 字节");
	DREFUSED("[A]\nk = v\n", "第 1 行", "节名", "A");
	DREFUSED("[a b]\nk = v\n", "节名", "U+0020");
	DREFUSED("[]\nk = v\n", "节名为空");
	DREFUSED("[a]\nk k = v\n", "第 2 行", "键名");
	DREFUSED("[a]\n= v\n", "第 2 行", "键名为空");
	DREFUSED("[a]\n名字 = v\n", "键名", "U+540D");
	DREFUSED("[a]\nk\xE2\x80\xAE = v\n", "键名", "<U+202E>"); /* shown, not obeyed */

	/* structure */
	DREFUSED("[a]\nk = 1\nk = 2\n", "第 3 行", "a.k", "重复");
	DREFUSED("[a]\nk = 1\n  续\nj = 2\nk = 3\n", "第 5 行", "重复");
	DREFUSED("[a]\nk = 1\n\n[b]\nk = 1\n\n[a]\nj = 2\n", "第 7 行", "[a]", "重复出现");
	DREFUSED("k = v\n[a]\nj = w\n", "第 1 行", "不在任何节之内");
	DREFUSED("[a]\n  孤立的续行\n", "第 2 行", "续行前面没有键");
	DREFUSED("  x\n[a]\nk = v\n", "第 1 行", "续行");
	DREFUSED("[a]\nk = v\n[b]\n  x\n", "第 4 行", "续行");
	DREFUSED("[a]\n  k = v\n", "第 2 行", "续行"); /* inih would take it as a key */
	DREFUSED("[a]\njunk\n", "第 2 行", "缺少 =");
	DREFUSED("[a] x\nk = v\n", "第 1 行", "[名称]");
	DREFUSED("[a\nk = v\n", "第 1 行", "[名称]");
	DREFUSED("[a] ; comment\nk = v\n", "[名称]");

	/* values */
	DREFUSED("[a]\nk = \\q\n", "第 2 行", "a.k", "未知的转义 \\q");
	DREFUSED("[a]\nk = \\中\n", "未知的转义 \\中");
	DREFUSED("[a]\nk = abc\\\n  def\n", "第 2 行", "转义不能跨行");
	DREFUSED("[a]\nk = abc\n  def\\\n", "第 3 行", "转义不能跨行");
	DREFUSED("[a]\nk = a ;b\n", "第 2 行", "注释", "\\;");
	DREFUSED("[a]\nk = ;b\n", "第 2 行", "注释");
	DREFUSED("[a]\nk = a\n  b\t;c\n", "第 3 行", "注释");

	err_set_lang("en");
	DREFUSED("[a]\nk = 1\nk = 2\n", "line 3", "duplicate key a.k");
	DREFUSED("k = v\n", "line 1", "outside any section");
	DREFUSED("[a]\n  x\n", "line 2", "without a key");
	DREFUSED("[a]\nk = \xFF\n", "line 2", "not valid UTF-8");
	DREFUSED("[a]\nk = \\q\n", "line 2", "unknown escape");
	err_set_lang("zh");
}

/* The program runs under setlocale(LC_ALL, ""), and inih strips with isspace():
 * bytes of UTF-8 sequences at a line's end must survive in a UTF-8 locale. */
static void test_utf8_locale(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	struct record *r = rec("a", "nbsp", "\xC2\xA0x\xC2\xA0",
			       "a", "ideographic", "　全角空格　",
			       "a", "byte85", "丅丅", /* U+4E05 ends in 0x85, NEL's code */
			       NULL);
	struct buf enc = BUF_INIT;
	roundtrip(r, &enc);
	assert_non_null(strstr(enc.ptr, "ideographic = 　全角空格　\n"));
	buf_release(&enc);
	record_free(r);
	setlocale(LC_ALL, "C");
}

/* ---- randomized properties ---- */

static void random_name(struct buf *b, int is_key)
{
	static const char sec_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789_.-";
	static const char key_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
	const char *set = is_key ? key_chars : sec_chars;
	size_t setlen = strlen(set);
	size_t n = rnd_below(8) == 0 ? 40 + rnd_below(10) : 1 + rnd_below(12);
	buf_reset(b);
	for (size_t i = 0; i < n; i++)
		buf_putc(b, set[rnd_below(setlen)]);
}

static void random_value(struct buf *b)
{
	static const char *const specials[] = {
		"\\", ";", "#", "\n", "\t", "=", ":", "[", "]", "\\s", "\\n", " ;", " #", "，", "。", "：", "；",
		"（", "）", "《", "》",
	};
	size_t target = rnd_below(10) == 0 ? rnd_below(1500) : rnd_below(300);
	buf_reset(b);
	while (b->len < target) {
		switch (rnd_below(10)) {
		case 0: case 1:
			buf_putc(b, (char)('a' + rnd_below(26)));
			break;
		case 2:
			for (size_t n = 1 + rnd_below(4); n; n--)
				buf_putc(b, ' ');
			break;
		case 3: {
			const char *s = specials[rnd_below(sizeof(specials) / sizeof(specials[0]))];
			buf_puts(b, s);
			break;
		}
		case 4: case 5: case 6:
			put_cp(b, 0x4E00 + (uint32_t)rnd_below(0x9FFF - 0x4E00));
			break;
		case 7:
			put_cp(b, 0x1F600 + (uint32_t)rnd_below(0x50));
			break;
		case 8:
			put_cp(b, 0xA0 + (uint32_t)rnd_below(0x500)); /* Latin, Greek, combining, Cyrillic */
			break;
		default:
			buf_putc(b, (char)('0' + rnd_below(10)));
		}
	}
}

static struct record *random_record(void)
{
	struct record *r = record_new();
	struct buf sec = BUF_INIT, key = BUF_INIT, val = BUF_INIT;
	for (size_t s = 1 + rnd_below(4); s; s--) {
		random_name(&sec, 0);
		for (size_t k = rnd_below(7); k; k--) {
			random_name(&key, 1);
			random_value(&val);
			record_set(r, sec.ptr, key.ptr, val.ptr);
		}
	}
	buf_release(&sec);
	buf_release(&key);
	buf_release(&val);
	return r;
}

static void test_random_roundtrip(void **state)
{
	(void)state;
	seed_rng("round trip");
	struct buf enc = BUF_INIT;
	size_t bytes = 0;
	for (int i = 0; i < 4000; i++) {
		struct record *r = random_record();
		roundtrip(r, &enc);
		bytes += enc.len;
		record_free(r);
	}
	printf("# round trip: 4000 records, %zu bytes encoded\n", bytes);
	buf_release(&enc);
}

/* Damaged files: never crash; whatever decodes survives encode → decode unchanged. */
static void test_random_damage(void **state)
{
	(void)state;
	static const char *const inserts[] = {
		";", "#", "\\", " ", "\t", "\n", "\n  ", "[", "]", "=", ":", "\xFF", "\xE4", "\n[x]\n", "\nk = 1\n",
		"\0", "\x1b", "中",
	};
	seed_rng("damage");
	struct buf enc = BUF_INIT, again = BUF_INIT;
	int accepted = 0, refused = 0;
	for (int i = 0; i < 20000; i++) {
		if (i % 10 == 0) {
			struct record *r = random_record();
			buf_reset(&enc);
			assert_int_equal(codec_encode(&enc, r, NULL), 0);
			record_free(r);
		}
		struct buf d = BUF_INIT;
		buf_add(&d, enc.ptr, enc.len);
		for (size_t m = 1 + rnd_below(3); m && d.len; m--) {
			size_t at = rnd_below(d.len);
			switch (rnd_below(3)) {
			case 0: /* delete a few bytes */
				memmove(d.ptr + at, d.ptr + at + 1, d.len - at - 1);
				buf_truncate(&d, d.len - 1);
				break;
			case 1: { /* insert */
				const char *s = inserts[rnd_below(sizeof(inserts) / sizeof(inserts[0]))];
				size_t n = *s ? strlen(s) : 1;
				struct buf t = BUF_INIT;
				buf_add(&t, d.ptr, at);
				buf_add(&t, s, n);
				buf_add(&t, d.ptr + at, d.len - at);
				buf_release(&d);
				d = t;
				break;
			}
			default: /* flip */
				d.ptr[at] = (char)rnd();
			}
		}
		struct record *r = NULL, *r2 = NULL;
		struct jy_err err = JY_ERR_INIT;
		if (codec_decode(&r, d.ptr, d.len, &err) == 0) {
			accepted++;
			buf_reset(&again);
			assert_int_equal(codec_encode(&again, r, NULL), 0);
			assert_int_equal(codec_decode(&r2, again.ptr, again.len, NULL), 0);
			assert_true(record_equal(r, r2));
			assert_true(codec_is_canonical(r2, again.ptr, again.len));
			record_free(r2);
			record_free(r);
		} else {
			refused++;
			assert_true(err.msg[0] != '\0');
		}
		buf_release(&d);
	}
	printf("# damage: %d accepted, %d refused\n", accepted, refused);
	assert_true(accepted > 0 && refused > 0);
	buf_release(&enc);
	buf_release(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_layout),
		cmocka_unit_test(test_encode_escapes),
		cmocka_unit_test(test_long_chinese_roundtrip),
		cmocka_unit_test(test_wrap_boundaries),
		cmocka_unit_test(test_wrap_layout),
		cmocka_unit_test(test_encode_rejects),
		cmocka_unit_test(test_check_name),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_decode_noncanonical),
		cmocka_unit_test(test_decode_line_length),
		cmocka_unit_test(test_decode_smuggled_key),
		cmocka_unit_test(test_decode_rejects),
		cmocka_unit_test(test_utf8_locale),
		cmocka_unit_test(test_random_roundtrip),
		cmocka_unit_test(test_random_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
