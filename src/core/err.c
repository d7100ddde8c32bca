/* err: the stored error message and the message language switch. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jiaoyan/err.h"

static int lang_en; /* set once by main before any work */

void err_set_lang(const char *lang)
{
	lang_en = lang && strncmp(lang, "en", 2) == 0;
}

int err_lang_en(void)
{
	return lang_en;
}

/* Cuts s (a NUL-terminated buffer) back so it does not end inside a UTF-8 sequence. */
static void cut_utf8(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && ((unsigned char)s[i - 1] & 0x80)) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (n - (i - 1) < need)
			s[i - 1] = '\0';
	}
}

int err_set(struct jy_err *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	cut_utf8(err->msg);
	err->code = code;
	err->hint[0] = err->hint_arg[0] = '\0';
	return code;
}

int err_hint(struct jy_err *err, const char *hint, const char *arg)
{
	if (!err)
		return JY_EINVAL;
	snprintf(err->hint, sizeof(err->hint), "%s", hint ? hint : "");
	snprintf(err->hint_arg, sizeof(err->hint_arg), "%s", arg ? arg : "");
	return err->code;
}

int err_prefix(struct jy_err *err, const char *fmt, ...)
{
	if (!err)
		return JY_EINVAL;
	char old[JY_ERR_MSG_MAX];
	va_list ap;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n + 2 < sizeof(err->msg)) {
		size_t used = (size_t)n;
		memcpy(err->msg + used, ": ", 3);
		used += 2;
		size_t room = sizeof(err->msg) - used - 1, len = strlen(old);
		memcpy(err->msg + used, old, len < room ? len : room);
		err->msg[used + (len < room ? len : room)] = '\0';
	}
	cut_utf8(err->msg);
	return err->code;
}

void err_clear(struct jy_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = err->hint[0] = err->hint_arg[0] = '\0';
	}
}

int err_exit_status(int code)
{
	if (code == 0)
		return 0;
	return code == JY_EUSAGE ? 2 : code == JY_ENET ? 3 : 1;
}
