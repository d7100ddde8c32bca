/* err: error codes and the one stored human message every function fills. */
#ifndef JIAOYAN_ERR_H
#define JIAOYAN_ERR_H

#include <stddef.h>

/*
 * Every function that can fail returns 0 on success or one of these negative
 * codes, and fills a caller-provided struct jy_err with a message a person can
 * read (Chinese by default; err_lang() picks the language for the messages
 * created afterwards). The struct may be NULL when the caller does not care.
 */
enum {
	JY_OK = 0,
	JY_EINVAL = -1,    /* input rejected: bad value, bad record, bad usage of an API */
	JY_ENOTFOUND = -2, /* record, file or person does not exist */
	JY_EPERM = -3,     /* the acting person may not do this */
	JY_EEXISTS = -4,   /* record already exists */
	JY_ECONFLICT = -5, /* concurrent change could not be reconciled */
	JY_ELOCKED = -6,   /* could not get the writer lock in time */
	JY_EIO = -7,       /* file system, libgit2 or other system failure */
	JY_ENOMEM = -8,
	JY_EUSAGE = -9,    /* command-line usage error (exit 2) */
	JY_ENET = -10,     /* network or authentication failure talking to another campus (exit 3) */
};

/* Enough for any message we compose; longer ones are cut at a UTF-8 boundary. */
#define JY_ERR_MSG_MAX 2048

/*
 * hint: what the user can do next, as a key the front end turns into its own
 * words ("plan-reopen" → `jiaoyan plan reopen ID` in the CLI, "o" in the
 * TUI), so that no message below the front ends names command syntax.
 * hint_arg is the record it applies to. Both empty when there is none.
 */
struct jy_err {
	int code;
	char msg[JY_ERR_MSG_MAX];
	char hint[32];
	char hint_arg[256];
};

#define JY_ERR_INIT { 0, { 0 }, { 0 }, { 0 } }

/* Sets err (if non-NULL) to code and a printf-formatted message; returns code,
 * so callers can write `return err_set(err, JY_EINVAL, "…", x);`. */
int err_set(struct jy_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "prefix: " to an existing message (keeps the code); returns the code. */
int err_prefix(struct jy_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct jy_err *err);

/* Attaches a hint (see struct jy_err) to the error already set; returns its code. */
int err_hint(struct jy_err *err, const char *hint, const char *arg);

/* Message language for the program: "zh" (default) or "en". Process-wide
 * setting made once by main() before any work; not changed afterwards. */
void err_set_lang(const char *lang);
int err_lang_en(void);

/* Picks the Chinese or English variant according to err_set_lang(). */
#define L(zh, en) (err_lang_en() ? (en) : (zh))

/* Exit status for a code: 0 ok, 2 usage, 3 network/authentication, 1 everything else. */
int err_exit_status(int code);

#endif
