/* merge: the three-way, record-level merge of two trees — one merge for concurrent writers and for campus sync. */
#ifndef JIAOYAN_MERGE_H
#define JIAOYAN_MERGE_H

#include <stddef.h>

#include <git2.h>

#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/vec.h"

/*
 * DESIGN §2.5. Paths changed on one side only are taken from that side. A
 * record changed on both sides is merged key by key against the base,
 * through the policy (the record type's rules: a stale plan verdict, a seal
 * that is never merged key by key); every key the policy had to decide
 * becomes a conflicts/<id>.ini record holding both values, both authors and
 * both commits. Modified-vs-deleted keeps the modification and says so in a
 * conflict record. Nothing is dropped silently.
 *
 * core/ knows nothing of record types: the domain installs its policy
 * (records.h records_merge_policy) with store_set_merge_policy().
 */
struct merge_policy {
	/*
	 * Merges one record both sides changed (base NULL: both created it).
	 * *out is a new record owned by the caller; one struct record_conflict
	 * (record.h; ours = the value kept, theirs = the value replaced) per key
	 * that needed deciding is appended to conflicts.
	 */
	void (*record)(void *ctx, const char *path, struct record **out, struct vec *conflicts,
		       const struct record *base, const struct record *ours, const struct record *theirs);
	void *ctx;
};

/* Who made one side's changes, for the conflict records. */
struct merge_side {
	const char *author; /* a person's name, or a campus */
	const char *commit; /* hex id of the side's tip; "" when not committed yet (a writer's staged change) */
	/* Who last changed path on this side, when it can tell (a sync: the person behind the change, not
	 * who synced); NULL, or NULL returned: author. The string is the callee's until the next call. */
	const char *(*author_of)(void *ctx, const char *path);
	void *ctx;
};

struct merge_result {
	size_t ours_only;    /* records changed on our side only, carried over */
	size_t theirs_only;  /* records changed on their side only, kept */
	size_t both;         /* records changed on both sides, merged */
	size_t conflicts;    /* conflict records written */
};

/* A new conflicts/<id>.ini record (owned by the caller) for what was decided about key k of the record
 * at path: both values, both authors, both commits (NULL or "" when none), state open. */
struct record *merge_conflict_record(const char *path, const struct record_conflict *k, const char *ours_author,
				     const char *ours_commit, const char *theirs_author, const char *theirs_commit);

/*
 * Merges ours and theirs against base into a new tree *out written in repo.
 * base NULL: no common history (every path is new on both sides); theirs
 * NULL: an empty side. policy NULL: record_merge3 (ours wins on a key both
 * sides changed, the other value kept in a conflict record). The result is
 * theirs with our changes carried over and both-side changes merged.
 * Errors: JY_EINVAL when a record both sides changed does not decode (sync
 * validates incoming records first), JY_EIO for libgit2 failures.
 */
int merge_trees(git_oid *out, struct merge_result *res, git_repository *repo, git_tree *base, git_tree *ours,
		git_tree *theirs, const struct merge_policy *policy, const struct merge_side *us,
		const struct merge_side *them, struct jy_err *err);

#endif
