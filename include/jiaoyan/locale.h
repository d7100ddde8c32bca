/* locale: the process's character-set decision — the environment's locale when it is UTF-8, else C.UTF-8. */
#ifndef JIAOYAN_LOCALE_H
#define JIAOYAN_LOCALE_H

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"

/*
 * Why this exists: ncursesw and the editor the program starts handle
 * multibyte text through the process locale (LC_CTYPE). A fresh root shell on
 * Debian has no LANG, so LC_CTYPE is "C" (ASCII) and every Chinese character
 * comes out as "~B~N"-style escapes. glibc ships C.UTF-8 with libc-bin, so the
 * program switches LC_CTYPE to it rather than draw nonsense, and says so.
 *
 * Only LC_CTYPE is changed: messages, collation, numbers and dates stay as the
 * environment asked. The text module's display widths do not depend on the
 * locale at all, so the CLI's tables are the same bytes in every case.
 */

enum locale_outcome {
	LOCALE_NATIVE = 0, /* the environment's LC_CTYPE is UTF-8: used as it is, nothing to say */
	LOCALE_FALLBACK,   /* it was not UTF-8 or not installed: LC_CTYPE is now a UTF-8 fallback */
	LOCALE_NONE,       /* not UTF-8, and no UTF-8 locale could be set: wide text is unreliable */
};

/*
 * Decides the process locale. Call once, first thing in main() (after
 * err_set_lang(), whose language the notice uses), before any thread, ncurses
 * or editor is started. Not thread-safe (setlocale, setenv).
 *
 * Runs setlocale(LC_ALL, "") and reads nl_langinfo(CODESET). When that is not
 * UTF-8 (or the named locale is not installed), sets LC_CTYPE to the first of
 * C.UTF-8, en_US.UTF-8 that exists, and exports the same choice to the
 * programs started later ($EDITOR, git and its hooks): LC_ALL=<fallback> when
 * LC_ALL was set, else LC_CTYPE=<fallback>.
 *
 * Appends to notice one line without a newline that says what was found and
 * what was done (Chinese and English by default, since a terminal that is not
 * UTF-8 may not show Chinese; English only after err_set_lang("en")), for the
 * caller to print once on stderr; appends nothing for LOCALE_NATIVE.
 * notice must be initialised; it is only appended to.
 */
enum locale_outcome locale_init(struct buf *notice);

/* 1 when the current LC_CTYPE's codeset is UTF-8, else 0. */
int locale_is_utf8(void);

/*
 * For front ends that cannot work without a UTF-8 LC_CTYPE (the terminal
 * interface): 0 when the current LC_CTYPE is UTF-8, else JY_EUSAGE with a
 * message in both Chinese and English (whatever err_set_lang() chose) saying
 * that no UTF-8 locale is available and how to get one. err may be NULL.
 */
int locale_require_utf8(struct jy_err *err);

#endif
