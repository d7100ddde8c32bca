/* conflict: what a merge could not decide alone — open conflicts, and resolving one in one commit. */
#ifndef JIAOYAN_CONFLICT_H
#define JIAOYAN_CONFLICT_H

#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * A conflict record (conflicts/<id>.ini, written by merge.h) names a record
 * (path), a key (section.key; "*.*" for a whole record one side deleted), the
 * value kept (ours) and the one replaced (theirs), both authors and commits,
 * and why when a rule decided (note). The kept value is what the record holds
 * now; resolving chooses for good.
 */

/* Appends struct store_item * (owned) of the open conflicts, oldest first. */
int conflict_open_list(struct vec *out, struct store *s, struct jy_err *err);

/*
 * Resolves conflict `id`: take "ours" (keep what the record holds), "theirs"
 * (the replaced value; for a whole record, the deletion), or any other text
 * (that value). Writes the record (checked and permitted like any edit) and
 * closes the conflict (state resolved, resolved_by, resolved_at, resolution)
 * in one commit. JY_EINVAL when it is resolved already or the value is
 * refused; JY_EPERM when the actor may not change that record.
 */
int conflict_resolve(struct store *s, const struct actor *a, const char *id, const char *take, struct jy_err *err);

#endif
