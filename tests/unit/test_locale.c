/* test_locale: unit tests for core/locale — which environments keep their locale, which switch to C.UTF-8, what is exported and said. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/locale.h"

/* Sets exactly the locale variables given (NULL = unset) and starts from the C locale. */
static void env(const char *lc_all, const char *lc_ctype, const char *lang)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *values[] = { lc_all, lc_ctype, lang };
	for (int i = 0; i < 3; i++) {
		if (values[i])
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
	setlocale(LC_ALL, "C");
	err_set_lang(NULL);
}

static int setup(void **state)
{
	(void)state;
	/* The fallback must exist for these tests to mean anything; glibc's libc-bin ships it. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		return -1;
	return 0;
}

static void test_utf8_environment_is_kept(void **state)
{
	(void)state;
	struct buf note = BUF_INIT;
	env(NULL, NULL, "C.UTF-8");
	assert_int_equal(locale_init(&note), LOCALE_NATIVE);
	assert_string_equal(note.ptr, "");
	assert_int_equal(locale_is_utf8(), 1);
	assert_null(getenv("LC_CTYPE"));
	assert_int_equal(locale_require_utf8(NULL), 0);
	buf_release(&note);
}

static void test_no_lang_switches_ctype_only(void **state)
{
	(void)state;
	struct buf note = BUF_INIT;
	env(NULL, NULL, NULL);
	assert_int_equal(locale_is_utf8(), 0);
	assert_int_equal(locale_init(&note), LOCALE_FALLBACK);
	assert_int_equal(locale_is_utf8(), 1);
	assert_string_equal(setlocale(LC_CTYPE, NULL), "C.UTF-8");
	assert_string_equal(setlocale(LC_MESSAGES, NULL), "C"); /* the rest stays as the environment said */
	/* Children (the editor) get the same character set; LC_ALL stays unset. */
	assert_string_equal(getenv("LC_CTYPE"), "C.UTF-8");
	assert_null(getenv("LC_ALL"));
	assert_string_equal(note.ptr, "环境的字符集设置（LANG、LC_ALL、LC_CTYPE 均未设置）是 ASCII，不是 UTF-8，改用 C.UTF-8 处理字符"
				      " / the locale (LANG, LC_ALL and LC_CTYPE unset) uses ASCII, not UTF-8: using C.UTF-8 for characters");
	assert_null(strchr(note.ptr, '\n'));
	assert_int_equal(locale_require_utf8(NULL), 0);
	buf_release(&note);
}

static void test_lc_all_c_is_exported_as_lc_all(void **state)
{
	(void)state;
	struct buf note = BUF_INIT;
	env("C", NULL, "C.UTF-8");
	err_set_lang("en");
	assert_int_equal(locale_init(&note), LOCALE_FALLBACK);
	assert_string_equal(getenv("LC_ALL"), "C.UTF-8"); /* LC_ALL=C would otherwise win in the child */
	assert_string_equal(note.ptr, "the locale (LC_ALL=C) uses ASCII, not UTF-8: using C.UTF-8 for characters");
	buf_release(&note);
}

static void test_missing_locale_is_named_and_sanitised(void **state)
{
	(void)state;
	struct buf note = BUF_INIT;
	env(NULL, NULL, "zz_ZZ.UTF-8\x1b[2J");
	err_set_lang("en");
	assert_int_equal(locale_init(&note), LOCALE_FALLBACK);
	assert_int_equal(locale_is_utf8(), 1);
	/* The value reaches a terminal: the escape is shown, never sent. */
	assert_string_equal(note.ptr, "the locale LANG=zz_ZZ.UTF-8^[[2J is not installed: using C.UTF-8 for characters");
	buf_release(&note);
}

static void test_require_refuses_in_both_languages(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	env(NULL, NULL, NULL); /* C: what is left when no UTF-8 locale exists */
	err_set_lang("en");
	assert_int_equal(locale_require_utf8(&err), JY_EUSAGE);
	assert_non_null(strstr(err.msg, "终端界面需要 UTF-8 字符集"));
	assert_non_null(strstr(err.msg, "the interface needs a UTF-8 locale"));
	err_set_lang(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_environment_is_kept),
		cmocka_unit_test(test_no_lang_switches_ctype_only),
		cmocka_unit_test(test_lc_all_c_is_exported_as_lc_all),
		cmocka_unit_test(test_missing_locale_is_named_and_sanitised),
		cmocka_unit_test(test_require_refuses_in_both_languages),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
