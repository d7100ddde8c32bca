/* test_text: unit tests for core/text (UTF-8, widths against glibc, clipping, padding, sanitising, search). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/text.h"

/* xorshift64*: the same sequence on every machine, unlike rand(). */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static void seed_rng(void)
{
	const char *env = getenv("JIAOYAN_TEST_SEED");
	rng_state = env ? strtoull(env, NULL, 0) : 20261122;
	if (!rng_state)
		rng_state = 1;
	printf("# text random seed %llu (set JIAOYAN_TEST_SEED to change)\n",
	       (unsigned long long)rng_state);
}

/* ---- decoding and validation ---- */

static void dec(const char *s, size_t len, size_t want_n, uint32_t want_cp, int want_bad)
{
	uint32_t cp = 0;
	int bad = -1;
	size_t n = text_decode(s, len, &cp, &bad);
	assert_int_equal(n, want_n);
	assert_int_equal(cp, want_cp);
	assert_int_equal(bad, want_bad);
}

static void test_decode(void **state)
{
	(void)state;
	dec("A", 1, 1, 'A', 0);
	dec("\xC3\xA9", 2, 2, 0xE9, 0);
	dec("中", 3, 3, 0x4E2D, 0);
	dec("\xF0\x9F\x98\x80", 4, 4, 0x1F600, 0);
	dec("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF, 0);
	/* overlongs, surrogates, beyond U+10FFFF, stray and truncated bytes */
	dec("\xC0\x80", 2, 1, 0xFFFD, 1);
	dec("\xC1\xBF", 2, 1, 0xFFFD, 1);
	dec("\xE0\x80\x80", 3, 1, 0xFFFD, 1);
	dec("\xE0\x9F\xBF", 3, 1, 0xFFFD, 1);
	dec("\xF0\x80\x80\x80", 4, 1, 0xFFFD, 1);
	dec("\xF0\x8F\xBF\xBF", 4, 1, 0xFFFD, 1);
	dec("\xED\xA0\x80", 3, 1, 0xFFFD, 1);
	dec("\xED\xBF\xBF", 3, 1, 0xFFFD, 1);
	dec("\xF4\x90\x80\x80", 4, 1, 0xFFFD, 1);
	dec("\xF5\x80\x80\x80", 4, 1, 0xFFFD, 1);
	dec("\x80", 1, 1, 0xFFFD, 1);
	dec("\xFF", 1, 1, 0xFFFD, 1);
	dec("\xE4\xB8", 2, 1, 0xFFFD, 1);
	dec("\xE4\xB8\xAD", 2, 1, 0xFFFD, 1); /* len cuts the sequence short */
	dec("\xE4" "A" "\xAD", 3, 1, 0xFFFD, 1);
	dec("", 0, 0, 0xFFFD, 1);

	uint32_t cp;
	assert_int_equal(text_decode("\xFF", 1, &cp, NULL), 1); /* bad may be NULL */
}

static void test_utf8_valid(void **state)
{
	(void)state;
	size_t at = 99;
	assert_int_equal(text_utf8_valid("", 0, &at), 0);
	assert_int_equal(text_utf8_valid("听课记录 abc 😀", strlen("听课记录 abc 😀"), &at), 0);
	assert_int_equal(text_utf8_valid("ab\xFF", 3, &at), -1);
	assert_int_equal(at, 2);
	assert_int_equal(text_utf8_valid("中\xE6\x96", 5, &at), -1);
	assert_int_equal(at, 3);
	assert_int_equal(text_utf8_valid("\xED\xA0\x80", 3, NULL), -1);
	assert_int_equal(text_utf8_valid("a\0b", 3, &at), 0); /* NUL is valid UTF-8; controls are another rule */
}

static void test_check_value(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	const char *ok = "第一点\n\t第二点：学生参与度高";
	assert_int_equal(text_check_value("text.problems", ok, strlen(ok), &err), 0);

	assert_int_equal(text_check_value("text.problems", "问题\x1b[31m", strlen("问题\x1b[31m"), &err),
			 JY_EINVAL);
	assert_int_equal(err.code, JY_EINVAL);
	assert_non_null(strstr(err.msg, "text.problems"));
	assert_non_null(strstr(err.msg, "U+001B"));
	assert_non_null(strstr(err.msg, "第 7 字节"));

	assert_int_equal(text_check_value("a.b", "x\x7f", 2, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "U+007F"));
	assert_int_equal(text_check_value("a.b", "x\xC2\x9B", 3, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "U+009B"));
	assert_int_equal(text_check_value("a.b", "x\0y", 3, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "U+0000"));
	assert_int_equal(text_check_value("a.b", "\r\n", 2, &err), JY_EINVAL);
	assert_int_equal(text_check_value("a.b", "ok\xE4\xB8", 4, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "UTF-8"));
	assert_non_null(strstr(err.msg, "a.b"));
	assert_int_equal(text_check_value("a.b", "x\x1b", 2, NULL), JY_EINVAL);

	err_set_lang("en");
	assert_int_equal(text_check_value("plan.note", "\x07", 1, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "field plan.note"));
	assert_non_null(strstr(err.msg, "control character U+0007"));
	err_set_lang("zh");
}

/* ---- widths ---- */

static void test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(text_cp_width('a'), 1);
	assert_int_equal(text_cp_width(' '), 1);
	assert_int_equal(text_cp_width(0x4E2D), 2);  /* 中 */
	assert_int_equal(text_cp_width(0x3000), 2);  /* ideographic space */
	assert_int_equal(text_cp_width(0xFF21), 2);  /* Ａ */
	assert_int_equal(text_cp_width(0xFF61), 1);  /* halfwidth ｡ */
	assert_int_equal(text_cp_width(0xAC00), 2);  /* 가 */
	assert_int_equal(text_cp_width(0x3042), 2);  /* あ */
	assert_int_equal(text_cp_width(0x30A2), 2);  /* ア */
	assert_int_equal(text_cp_width(0x1F600), 2); /* 😀 */
	assert_int_equal(text_cp_width(0x1F914), 2); /* 🤔 */
	assert_int_equal(text_cp_width(0x20BB7), 2); /* 𠮷 */
	assert_int_equal(text_cp_width(0x0301), 0);  /* combining acute */
	assert_int_equal(text_cp_width(0x20DD), 0);  /* combining enclosing circle */
	assert_int_equal(text_cp_width(0x3099), 0);  /* combining kana voiced mark */
	assert_int_equal(text_cp_width(0xFE0F), 0);  /* variation selector */
	assert_int_equal(text_cp_width(0x00E9), 1);
	assert_int_equal(text_cp_width(0x2026), 1);  /* … */
	/* widths of what sanitising draws instead */
	assert_int_equal(text_cp_width(0x1B), 2);    /* ^[ */
	assert_int_equal(text_cp_width(0x7F), 2);    /* ^? */
	assert_int_equal(text_cp_width(0x9B), 8);    /* <U+009B> */
	assert_int_equal(text_cp_width('\t'), 1);
	assert_int_equal(text_cp_width('\n'), 1);    /* ↵ */
	assert_int_equal(text_cp_width(0x202E), 8);
	assert_int_equal(text_cp_width(0x200B), 8);
	assert_int_equal(text_cp_width(0xFEFF), 8);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("中文abc"), 7);
	assert_int_equal(text_width("张伟 听 李娜《传感器应用技术》"), 30);
	assert_int_equal(text_width("ＡＢＣ"), 6);
	assert_int_equal(text_width("e\xCC\x81"), 1); /* e + combining acute */
	assert_int_equal(text_width("👍🏻"), 4);      /* emoji + skin tone modifier: both wide, as in glibc */
	assert_int_equal(text_width("a\x1b[31mb"), 8); /* a ^[ [31m b */
	assert_int_equal(text_width("a\nb"), 3);
	assert_int_equal(text_width("\xFF"), 1);
	assert_int_equal(text_width("x\xE2\x80\xAEy"), 10);
}

/* text_width the slow way: every character decoded and looked up (the fast paths must agree). */
static int ref_width(const char *s, size_t len)
{
	int w = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int bad;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		w += bad ? 1 : text_cp_width(cp);
		i += n;
	}
	return w;
}

/* 1 when text_sanitize leaves s as it is. */
static int ref_plain(const char *s, size_t len, int flags)
{
	struct buf b = BUF_INIT;
	text_sanitize(&b, s, len, flags);
	int same = b.len == len && memcmp(b.ptr, s, len) == 0;
	buf_release(&b);
	return same;
}

/* The ASCII runs (eight bytes at a time) and the CJK shortcut (U+4000–U+9FFF) measure and copy as the tables do. */
static void test_fast_paths(void **state)
{
	(void)state;
	char s[64];
	/* every code point of U+3000–U+A4FF, alone and between ASCII runs of every length up to 17 */
	for (uint32_t cp = 0x3000; cp <= 0xA4FF; cp++) {
		char ch[4] = { (char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0 };
		size_t pad = cp % 18;
		memset(s, 'a', pad);
		memcpy(s + pad, ch, 4);
		assert_int_equal(text_width(ch), text_cp_width(cp));
		assert_int_equal(text_width(s), ref_width(s, strlen(s)));
		assert_int_equal(text_plain(s, strlen(s), 0), ref_plain(s, strlen(s), 0));
	}
	/* a byte that is not printable ASCII at every place of strings of 1 to 24 bytes */
	static const char odd[] = { '\x1b', '\x7f', '\t', '\n', '\x80', '\xE4', '\xE9', '\xFF', '\0' };
	for (size_t len = 1; len <= 24; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; odd[k]; k++) {
				memset(s, 'x', len);
				s[len] = '\0';
				s[at] = odd[k];
				assert_int_equal(text_width(s), ref_width(s, len));
				assert_int_equal(text_plain(s, len, 0), ref_plain(s, len, 0));
				assert_int_equal(text_plain(s, len, TEXT_KEEP_TABS | TEXT_KEEP_NEWLINES),
						 ref_plain(s, len, TEXT_KEEP_TABS | TEXT_KEEP_NEWLINES));
			}
	/* broken sequences behind a CJK lead byte: each bad byte is one U+FFFD */
	static const char *const broken[] = { "\xE4", "\xE4\xB8", "\xE4\x41\x42", "\xE9\xBF", "\xE4\xB8\xAD\xE4", "\xE5\x80\xC0", NULL };
	for (size_t i = 0; broken[i]; i++) {
		assert_int_equal(text_width(broken[i]), ref_width(broken[i], strlen(broken[i])));
		assert_false(text_plain(broken[i], strlen(broken[i]), 0));
	}
	assert_true(text_plain("中文 abc", strlen("中文 abc"), 0));
}

struct cp_range {
	uint32_t lo, hi;
};

/* The table must count as glibc (and so ncurses) does for the scripts teachers type. */
static void test_width_matches_glibc(void **state)
{
	(void)state;
	static const struct cp_range sample[] = {
		{ 0x20, 0x7E },       /* ASCII */
		{ 0xA0, 0x2FF },      /* Latin-1, Latin Extended */
		{ 0x300, 0x36F },     /* combining diacritics */
		{ 0x391, 0x3C9 },     /* Greek */
		{ 0x410, 0x44F },     /* Cyrillic */
		{ 0x1100, 0x11FF },   /* Hangul Jamo */
		{ 0x2010, 0x2027 },   /* punctuation */
		{ 0x2190, 0x21FF },   /* arrows */
		{ 0x2460, 0x24FF },   /* enclosed alphanumerics ① */
		{ 0x2500, 0x257F },   /* box drawing */
		{ 0x2E80, 0x2FD5 },   /* CJK radicals */
		{ 0x3000, 0x303F },   /* CJK symbols and punctuation */
		{ 0x3041, 0x30FF },   /* kana */
		{ 0x3105, 0x312F },   /* bopomofo */
		{ 0x3131, 0x318E },   /* Hangul compatibility jamo */
		{ 0x3200, 0x33FF },   /* enclosed CJK, compatibility */
		{ 0x3400, 0x4DBF },   /* CJK extension A */
		{ 0x4E00, 0x9FFF },   /* CJK unified ideographs */
		{ 0xAC00, 0xD7A3 },   /* Hangul syllables */
		{ 0xF900, 0xFA6D },   /* CJK compatibility ideographs */
		{ 0xFE10, 0xFE19 },   /* vertical forms */
		{ 0xFE30, 0xFE4F },   /* CJK compatibility forms */
		{ 0xFF01, 0xFFEE },   /* halfwidth and fullwidth forms */
		{ 0x1F300, 0x1F64F }, /* pictographs, emoticons */
		{ 0x1F680, 0x1F6C5 }, /* transport */
		{ 0x1F900, 0x1F9FF }, /* supplemental symbols */
		{ 0x20000, 0x2A6DF }, /* CJK extension B */
	};
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	size_t compared = 0, differ = 0;
	for (size_t r = 0; r < sizeof(sample) / sizeof(sample[0]); r++) {
		for (uint32_t cp = sample[r].lo; cp <= sample[r].hi; cp++) {
			int want = wcwidth((wchar_t)cp);
			if (want < 0)
				continue; /* unassigned: glibc does not know it either */
			if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029)
				continue; /* shown as marks on purpose */
			compared++;
			if (text_cp_width(cp) != want) {
				if (differ++ < 10)
					print_error("U+%04X: text %d, wcwidth %d\n", (unsigned)cp,
						    text_cp_width(cp), want);
			}
		}
	}
	setlocale(LC_ALL, "C");
	assert_true(compared > 60000);
	assert_int_equal(differ, 0);
}

/* ---- sanitising ---- */

static void san_is(const char *in, size_t len, int flags, const char *want)
{
	struct buf b = BUF_INIT;
	text_sanitize(&b, in, len, flags);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.len, strlen(want));
	buf_release(&b);
}

static void test_sanitize(void **state)
{
	(void)state;
	san_is("plain 中文", strlen("plain 中文"), 0, "plain 中文");
	san_is("\x1b[31mred\x1b[0m", 12, 0, "^[[31mred^[[0m");                /* CSI */
	san_is("\x1b]0;owned\x07", 10, 0, "^[]0;owned^G");                     /* OSC set title */
	san_is("\x1b]52;c;ZXZpbA==\x1b\\", 17, 0, "^[]52;c;ZXZpbA==^[\\");   /* OSC 52 clipboard */
	san_is("\xC2\x9B" "2J", 4, 0, "<U+009B>2J");                           /* 8-bit CSI as UTF-8 */
	san_is("\xC2\x9D" "0;x\xC2\x9C", 7, 0, "<U+009D>0;x<U+009C>");         /* C1 OSC ... ST */
	san_is("\x9B" "2J", 3, 0, "\xEF\xBF\xBD" "2J");                        /* raw 8-bit CSI byte */
	san_is("a\x7f", 2, 0, "a^?");
	san_is("a\0b", 3, 0, "a^@b");
	san_is("\x01\x1f", 2, 0, "^A^_");
	san_is("a\tb", 3, 0, "a b");
	san_is("a\nb", 3, 0, "a↵b");
	san_is("a\nb", 3, TEXT_KEEP_NEWLINES, "a\nb");
	san_is("a\r\nb", 4, TEXT_KEEP_NEWLINES, "a^M\nb");
	san_is("abc\xE2\x80\xAE" "fdp.exe", 13, 0, "abc<U+202E>fdp.exe");      /* RLO */
	san_is("\xE2\x81\xA6x\xE2\x81\xA9", 7, 0, "<U+2066>x<U+2069>");
	san_is("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C", 8, 0, "<U+200E><U+200F><U+061C>");
	san_is("pass\xE2\x80\x8Bword", 11, 0, "pass<U+200B>word");              /* zero-width space */
	san_is("\xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0\xEF\xBB\xBF", 12, 0,
	       "<U+200C><U+200D><U+2060><U+FEFF>");
	san_is("x\xE2\x80\xA8y", 5, 0, "x<U+2028>y");
	san_is("bad\xFF\xFE!", 6, 0, "bad\xEF\xBF\xBD\xEF\xBF\xBD!");
	san_is("\xE4\xB8", 2, 0, "\xEF\xBF\xBD\xEF\xBF\xBD");
	san_is("\xED\xA0\x80", 3, 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	san_is("e\xCC\x81 😀", strlen("e\xCC\x81 😀"), 0, "e\xCC\x81 😀");

	/* appends, never replaces */
	struct buf b = BUF_INIT;
	buf_puts(&b, "> ");
	text_sanitize(&b, "\x1b", 1, 0);
	assert_string_equal(b.ptr, "> ^[");
	buf_release(&b);
}

/* Whatever bytes come in, what goes out is valid UTF-8 with nothing a terminal obeys. */
static void test_sanitize_random(void **state)
{
	(void)state;
	seed_rng();
	for (int round = 0; round < 20000; round++) {
		char in[64];
		size_t len = rnd() % sizeof(in);
		for (size_t i = 0; i < len; i++) {
			uint64_t r = rnd();
			/* bias toward the interesting bytes */
			switch (r % 6) {
			case 0: in[i] = (char)(r >> 8 & 0x1F); break;
			case 1: in[i] = (char)(0x80 + (r >> 8) % 0x80); break;
			case 2: in[i] = (char)"\xE2\x80\xAE\xC2\x9B\x1b\x7f"[(r >> 8) % 8]; break;
			default: in[i] = (char)(r >> 8);
			}
		}
		int flags = round & 1 ? TEXT_KEEP_NEWLINES : 0;
		struct buf b = BUF_INIT;
		text_sanitize(&b, in, len, flags);
		assert_int_equal(text_utf8_valid(b.ptr, b.len, NULL), 0);
		for (size_t i = 0; i < b.len; i++) {
			unsigned char c = (unsigned char)b.ptr[i];
			if (c == '\n')
				assert_true(flags & TEXT_KEEP_NEWLINES);
			else
				assert_true(c >= 0x20 && c != 0x7F);
			if (c == 0xC2 && i + 1 < b.len)
				assert_false((unsigned char)b.ptr[i + 1] >= 0x80 &&
					     (unsigned char)b.ptr[i + 1] <= 0x9F);
		}
		/* the width of the input is the width of what is drawn */
		if (!flags && !memchr(in, '\0', len)) {
			char z[65];
			memcpy(z, in, len);
			z[len] = '\0';
			assert_int_equal(text_width(z), text_width(b.ptr));
		}
		buf_release(&b);
	}
}

/* ---- clipping, padding, fitting ---- */

static void clip_is(const char *s, int cols, const char *want, int want_cols)
{
	struct buf b = BUF_INIT;
	assert_int_equal(text_clip(&b, s, cols), want_cols);
	assert_string_equal(b.ptr, want);
	assert_int_equal(text_width(b.ptr), want_cols);
	buf_release(&b);
}

static void test_clip(void **state)
{
	(void)state;
	clip_is("中文abc", 10, "中文abc", 7);
	clip_is("中文abc", 7, "中文abc", 7);
	clip_is("中文abc", 6, "中文a…", 6);
	clip_is("中文abc", 5, "中文…", 5);
	clip_is("中文abc", 4, "中…", 3); /* 文 would need the ellipsis column */
	clip_is("中文abc", 3, "中…", 3);
	clip_is("中文abc", 2, "…", 1);
	clip_is("中文abc", 1, "…", 1);
	clip_is("中文abc", 0, "", 0);
	clip_is("中文abc", -3, "", 0);
	clip_is("", 5, "", 0);
	clip_is("ab", 2, "ab", 2);
	clip_is("abc", 2, "a…", 2);
	clip_is("e\xCC\x81" "e\xCC\x81" "e", 2, "e\xCC\x81…", 2); /* the accent stays with its letter */
	clip_is("\x1b[2J", 3, "^[…", 3);
	clip_is("a\xE2\x80\xAE" "b", 5, "a…", 2); /* a mark is never cut in half */
	clip_is("第一行\n第二行", 9, "第一行↵…", 8);
}

/* Every cut, of every string, at every width: whole characters, within budget, one column for "…". */
static void test_clip_exhaustive(void **state)
{
	(void)state;
	static const char *const samples[] = {
		"听课记录：张伟 听 李娜《传感器应用技术》",
		"Mixed 中英 text ＡＢＣ 😀 e\xCC\x81 ok",
		"\x1b[31m红\x7f\xC2\x9B\xE2\x80\xAE 结束",
		"bad \xFF\xE4\xB8 bytes",
		"abcdefghij",
	};
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		int full = text_width(samples[s]);
		for (int cols = 0; cols <= full + 2; cols++) {
			struct buf b = BUF_INIT;
			int got = text_clip(&b, samples[s], cols);
			assert_int_equal(text_utf8_valid(b.ptr, b.len, NULL), 0);
			assert_int_equal(text_width(b.ptr), got);
			assert_true(got <= cols);
			if (cols >= full) {
				assert_int_equal(got, full);
			} else if (cols > 0) {
				assert_true(b.len >= 3 && memcmp(b.ptr + b.len - 3, "…", 3) == 0);
				/* at most the ellipsis column and one column of a wide
				 * character (or part of an 8-column mark) go unused */
				assert_true(got >= cols - 8);
			}
			buf_release(&b);
		}
	}
}

static void test_pad(void **state)
{
	(void)state;
	static const char *const names[] = { "张伟", "Li Na", "欧阳明月", "A", "", "王😀x", "Ｚ字", "e\xCC\x81t\xC3\xA9" };
	for (int cols = 1; cols <= 12; cols++) {
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			for (int right = 0; right <= 1; right++) {
				struct buf b = BUF_INIT;
				buf_puts(&b, "|");
				text_pad(&b, names[i], cols, right);
				buf_puts(&b, "|");
				assert_int_equal(text_width(b.ptr), cols + 2);
				buf_release(&b);
			}
		}
	}
	struct buf b = BUF_INIT;
	text_pad(&b, "张伟", 6, 0);
	assert_string_equal(b.ptr, "张伟  ");
	buf_reset(&b);
	text_pad(&b, "张伟", 6, 1);
	assert_string_equal(b.ptr, "  张伟");
	buf_reset(&b);
	text_pad(&b, "欧阳明月", 6, 0);
	assert_string_equal(b.ptr, "欧阳… ");
	buf_reset(&b);
	text_pad(&b, "x", 0, 0);
	assert_string_equal(b.ptr, "");
	buf_release(&b);

	/* a table of mixed names lines up: every row has the same width up to the bar */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct buf row = BUF_INIT;
		text_pad(&row, names[i], 8, 0);
		buf_puts(&row, "│");
		text_pad(&row, "传感器应用技术", 10, 1);
		assert_int_equal(text_width(row.ptr), 19);
		buf_release(&row);
	}
}

static void test_fit(void **state)
{
	(void)state;
	const char *s = "中文ab";
	size_t len = strlen(s);
	assert_int_equal(text_fit(s, len, 0), 0);
	assert_int_equal(text_fit(s, len, 1), 0);
	assert_int_equal(text_fit(s, len, 2), 3);
	assert_int_equal(text_fit(s, len, 3), 3);
	assert_int_equal(text_fit(s, len, 4), 6);
	assert_int_equal(text_fit(s, len, 5), 7);
	assert_int_equal(text_fit(s, len, 6), 8);
	assert_int_equal(text_fit(s, len, 60), 8);
	assert_int_equal(text_fit(s, 4, 60), 4); /* len cuts inside 文: the stray byte counts as one U+FFFD */
	assert_int_equal(text_fit("e\xCC\x81x", 4, 1), 3);
	assert_int_equal(text_fit("a\x1b", 2, 2), 1);
	assert_int_equal(text_fit("a\x1b", 2, 3), 2);
}

static void test_contains(void **state)
{
	(void)state;
	assert_true(text_contains("听课记录：张伟 听 李娜《传感器应用技术》", "张伟"));
	assert_true(text_contains("听课记录：张伟 听 李娜《传感器应用技术》", "传感器应用技术"));
	assert_false(text_contains("听课记录：张伟 听 李娜", "张三"));
	assert_true(text_contains("Hello World", "world"));
	assert_true(text_contains("hello world", "WORLD"));
	assert_true(text_contains("Python程序设计", "python程序"));
	assert_true(text_contains("物联网 IoT 应用", "iot 应"));
	assert_false(text_contains("abc", "abd"));
	assert_false(text_contains("ab", "abc"));
	assert_true(text_contains("anything", ""));
	assert_true(text_contains("", ""));
	assert_false(text_contains("", "a"));
	assert_false(text_contains("\xC3\x89", "\xC3\xA9")); /* É and é: only ASCII folds */
	assert_false(text_contains("中文", "中X"));
	assert_true(text_contains("aaab", "aab"));
	assert_true(text_contains("AAAB", "aab"));
	assert_true(text_contains("x[1]", "[1]"));
	assert_false(text_contains("@", "`")); /* '@' and '`' are not a case pair */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_width_matches_glibc),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_random),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_clip_exhaustive),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_contains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
