/* migrate: moves records filed in a legacy directory layout to their sharded paths, in one commit. */
#ifndef JIAOYAN_MIGRATE_H
#define JIAOYAN_MIGRATE_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/* What a migration did (or, dry run, would do). The vecs own their strings. */
struct migrate_result {
	size_t moved;     /* files moved to their sharded path, bytes unchanged (same blob) */
	size_t merged;    /* records found at both paths: merged into the sharded one, the legacy file removed */
	size_t conflicts; /* conflict records written for keys the two versions set differently */
	struct vec pairs; /* "LEGACY SHARDED" of each merged record */
	struct vec left;  /* "LEGACY: why" of each legacy file left in place (both versions could not be merged) */
	char commit[41];  /* the commit made, "" when none (nothing to do, or a dry run) */
};
void migrate_result_init(struct migrate_result *r);
void migrate_result_release(struct migrate_result *r);

/* Number of files of sharded types still at their legacy path (schema_path_is_legacy). */
int migrate_count_legacy(size_t *out, struct store *s, struct jy_err *err);

/*
 * Moves every file of a sharded type (schema.h enum shard_kind) from its
 * legacy path to its sharded path in one commit by actor a, which must be an
 * admin (JY_EPERM otherwise, nothing written). A file is moved as it is —
 * same blob, even a record that does not validate. When the sharded path
 * exists too (a campus that had not migrated changed the old path, and a
 * sync brought both), the two versions are merged key by key against the
 * record's first version, as a sync merges: the sharded one wins where both
 * set a key differently and the other value is kept in a conflicts/ record;
 * identical copies simply lose the legacy one. Nothing to move: no commit.
 * dry_run: fills *out without writing.
 */
int migrate_run(struct migrate_result *out, struct store *s, const struct actor *a, int dry_run, struct jy_err *err);

#endif
