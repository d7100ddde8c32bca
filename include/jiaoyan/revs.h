/* revs: what commits change — the net change of a push and the commits it brings, read from the repository. */
#ifndef JIAOYAN_REVS_H
#define JIAOYAN_REVS_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * For the central pre-receive hook (DESIGN §2.5), which judges what a push
 * would change, and for sync's reports. Commit ids are hex; "" (or 40
 * zeros) means "no commit": an empty side.
 */

/* One file that differs between two commits, with its bytes on both sides. */
struct rev_change {
	char *path;
	int had, has;      /* present before / after */
	struct buf before; /* bytes before (empty when !had) */
	struct buf after;  /* bytes after (empty when !has) */
};
void rev_change_free(void *c);

/* Appends a struct rev_change * (owned) per file that differs from `from` to `to`, in path order. */
int revs_changes(struct vec *out, struct store *s, const char *from, const char *to, struct jy_err *err);

/* 1 when `ancestor` is `hex` or one of its ancestors (an empty ancestor is everyone's), else 0. */
int revs_descends(struct store *s, const char *ancestor, const char *hex);

/* A commit a push brings. */
struct rev_commit {
	char oid[41];
	char *author;  /* name */
	char *email;
	unsigned nparents;
	char parents[2][41]; /* the first two parents ("" when fewer) */
};
void rev_commit_free(void *c);

/* The commits reachable from `to` but not from `from`, oldest first (parents before children). */
int revs_commits(struct vec *out, struct store *s, const char *from, const char *to, struct jy_err *err);

/* The name of the author of the newest commit in from..to that changed path (out gets it); JY_ENOTFOUND when none did. */
int revs_last_author(struct buf *out, struct store *s, const char *from, const char *to, const char *path, struct jy_err *err);

/* The bytes of path as of commit (JY_ENOTFOUND when absent there). */
int revs_read(struct buf *out, struct store *s, const char *commit, const char *path, struct jy_err *err);

#endif
