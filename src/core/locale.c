/* locale: picks a UTF-8 LC_CTYPE for the process (the environment's, else C.UTF-8) and says what it did. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/locale.h"
#include "jiaoyan/text.h"

/* C.UTF-8 is part of glibc (Debian's libc-bin) since 2.35; en_US.UTF-8 covers older systems that only have it. */
static const char *const fallbacks[] = { "C.UTF-8", "en_US.UTF-8" };

int locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

/* The variable that decides LC_CTYPE, as POSIX orders them; NULL when none is set. */
static const char *ctype_variable(const char **value)
{
	static const char *const names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);
		if (v && *v) {
			*value = v;
			return names[i];
		}
	}
	*value = NULL;
	return NULL;
}

/* "LANG=zh_CN.GBK" (sanitised: the value reaches a terminal) or "LANG、LC_ALL、LC_CTYPE 未设置". */
static void describe_env(struct buf *out, int en)
{
	const char *value;
	const char *name = ctype_variable(&value);
	if (!name) {
		buf_puts(out, en ? "LANG, LC_ALL and LC_CTYPE unset" : "LANG、LC_ALL、LC_CTYPE 均未设置");
		return;
	}
	buf_printf(out, "%s=", name);
	text_sanitize(out, value, strlen(value), 0);
}

/* One language's sentence of the notice. */
static void notice_text(struct buf *out, int en, enum locale_outcome outcome, int installed, const char *codeset,
			const char *used)
{
	struct buf env = BUF_INIT;
	describe_env(&env, en);
	if (!installed)
		buf_printf(out, en ? "the locale %s is not installed" : "环境的字符集设置 %s 在本机未安装", env.ptr);
	else
		buf_printf(out, en ? "the locale (%s) uses %s, not UTF-8" : "环境的字符集设置（%s）是 %s，不是 UTF-8",
			   env.ptr, codeset);
	if (outcome == LOCALE_FALLBACK)
		buf_printf(out, en ? ": using %s for characters" : "，改用 %s 处理字符", used);
	else
		buf_puts(out, en ? ", and no UTF-8 locale is available (not even C.UTF-8): Chinese may not display"
				 : "，且本机没有可用的 UTF-8 字符集（连 C.UTF-8 也没有）：中文可能无法正确显示");
	buf_release(&env);
}

enum locale_outcome locale_init(struct buf *notice)
{
	enum locale_outcome outcome = LOCALE_NATIVE;
	struct buf codeset = BUF_INIT;
	const char *used = NULL;
	const char *value;
	const char *name;
	int installed = 1;

	if (!setlocale(LC_ALL, "")) {
		/* One missing category (say LC_MESSAGES) fails the whole call; LC_CTYPE alone may still be fine. */
		installed = setlocale(LC_CTYPE, "") != NULL;
	}
	if (locale_is_utf8())
		goto cleanup;
	/* glibc's name for ASCII reads like a typo to most people. */
	buf_puts(&codeset, strcmp(nl_langinfo(CODESET), "ANSI_X3.4-1968") == 0 ? "ASCII" : nl_langinfo(CODESET));
	for (size_t i = 0; i < sizeof(fallbacks) / sizeof(fallbacks[0]) && !used; i++) {
		if (setlocale(LC_CTYPE, fallbacks[i]) && locale_is_utf8())
			used = fallbacks[i];
	}
	if (!used) {
		/* Back to what the environment gave rather than half a fallback. */
		setlocale(LC_CTYPE, installed ? "" : "C");
		outcome = LOCALE_NONE;
	} else {
		outcome = LOCALE_FALLBACK;
	}
	/* Before the export below: the notice names what the environment said. */
	if (!err_lang_en()) {
		notice_text(notice, 0, outcome, installed, codeset.ptr, used);
		buf_puts(notice, " / ");
	}
	notice_text(notice, 1, outcome, installed, codeset.ptr, used);
	if (used) {
		/* The editor and git hooks we start would otherwise meet the same ASCII locale. */
		name = ctype_variable(&value);
		setenv(name && strcmp(name, "LC_ALL") == 0 ? "LC_ALL" : "LC_CTYPE", used, 1);
	}

cleanup:
	buf_release(&codeset);
	return outcome;
}

int locale_require_utf8(struct jy_err *err)
{
	if (locale_is_utf8())
		return 0;
	/* Both languages whatever was chosen: the terminal that cannot show UTF-8 may still show the English. */
	return err_set(err, JY_EUSAGE, "%s",
		       "终端界面需要 UTF-8 字符集，但本机没有可用的 UTF-8 locale（连 C.UTF-8 也没有）；"
		       "请安装一个（libc-bin 自带 C.UTF-8，或 apt-get install locales 后生成 zh_CN.UTF-8）并设置 LANG / "
		       "the interface needs a UTF-8 locale and none is available (not even C.UTF-8): install one "
		       "(libc-bin ships C.UTF-8, or apt-get install locales and generate zh_CN.UTF-8) and set LANG");
}
