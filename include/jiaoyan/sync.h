/* sync: a campus's repository and the central one — fetch, validate, record-level merge, push, again when refused. */
#ifndef JIAOYAN_SYNC_H
#define JIAOYAN_SYNC_H

#include <stddef.h>
#include <time.h>

#include "jiaoyan/err.h"
#include "jiaoyan/merge.h"
#include "jiaoyan/store.h"
#include "jiaoyan/transport.h"
#include "jiaoyan/vec.h"

/*
 * DESIGN §2.5. `jiaoyan sync` = fetch → validate → merge → push, repeated
 * (at most SYNC_ATTEMPTS times) when the push is refused because another
 * campus pushed first. The layer knows git and the store; the record types'
 * rules reach it through struct sync_rules (the domain's merge policy and
 * its strict check of an incoming record), wired by the front end.
 *
 * Remotes are git remotes of the bare repository (remote.NAME.url, fetch
 * refspec refs/heads/main:refs/remotes/NAME/main), so plain git sees them
 * too. Two syncs of one repository never run at once: jiaoyan-sync.lock
 * (flock; the holder's pid written in it). The last result of each remote is
 * kept in jiaoyan-sync.state (derived, may be deleted) for the interface.
 */

#define SYNC_ATTEMPTS 5

struct sync_rules {
	const struct merge_policy *merge;
	/*
	 * Checks one record that arrived (path, its bytes) against the tree it
	 * arrived in (at: the store's snapshot moved to that commit): strict
	 * decode, canonical form, schema, references, place. Appends one owned
	 * "path: message" per problem; returns the number of problems.
	 */
	size_t (*check)(void *ctx, struct store *at, const char *path, const char *data, size_t len, struct vec *problems);
	void *ctx;
};

/* What one sync did. */
struct sync_report {
	size_t received;     /* records the remote changed that came in */
	size_t sent;         /* local records the remote did not have */
	size_t conflicts;    /* conflict records the merge wrote */
	int attempts;        /* pushes tried */
	int merged;          /* a merge commit was made */
	char local[41];      /* local main afterwards */
	char remote[41];     /* the remote's main afterwards */
};

/*
 * Syncs s with the remote `name` (its URL from the repository's config).
 * author: who signs the merge commit (the acting person, or the campus).
 * Returns 0 when both sides end on the same commit. Errors: JY_EINVAL (an
 * incoming record is invalid: path and rule; the local branch untouched),
 * JY_EPERM (the central refused the push: its reason), JY_ECONFLICT (still
 * refused after SYNC_ATTEMPTS), JY_ELOCKED (another sync of this
 * repository is running: its pid), JY_ENET (network, authentication: exit
 * 3), JY_ENOTFOUND (no such remote).
 */
int sync_run(struct sync_report *rep, struct store *s, const char *name, const struct store_sig *author,
	     const struct sync_rules *rules, const struct transport_opts *t, struct jy_err *err);

/* --- remotes (git config of the repository) --- */

struct sync_remote {
	char *name;
	char *url;
	/* From jiaoyan-sync.state: */
	time_t last;         /* last sync attempt, 0 = never */
	int ok;              /* it ended in sync */
	char *message;       /* its error when not ok, owned, "" otherwise */
	size_t ahead, behind; /* local commits the remote lacks, and the other way, as of the last fetch */
};
void sync_remote_free(void *r);

/* Adds a remote; the URL is checked with url_parse() and the name with url_remote_name_valid().
 * JY_EEXISTS when the name is taken. */
int sync_remote_add(struct store *s, const char *name, const char *url, struct jy_err *err);
int sync_remote_rm(struct store *s, const char *name, struct jy_err *err);
/* Appends struct sync_remote * (owned) for every remote, by name. */
int sync_remotes(struct vec *out, struct store *s, struct jy_err *err);
/* Appends struct sync_remote * (owned) for every remote whose last sync failed, by name; reads the state file
 * only (no libgit2) when it records no failure, as a start-up screen wants. */
int sync_failed(struct vec *out, struct store *s, struct jy_err *err);
/* The remote a bare `jiaoyan sync` means: `preferred` when given, else the only one; JY_EUSAGE otherwise. */
int sync_default_remote(char **out, struct store *s, const char *preferred, struct jy_err *err);

#endif
