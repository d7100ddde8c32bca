/* index: the derived map from generated record ids to paths that makes bare-id lookups fast (internal to core/store). */
#ifndef JIAOYAN_INDEX_H
#define JIAOYAN_INDEX_H

#include <git2.h>

#include "jiaoyan/vec.h"

/*
 * <repo>/jiaoyan-index lists, for one root tree (named in its header), every
 * file "<ID>.ini" whose name is a generated id (id_valid), as "ID PATH" lines
 * sorted by id. It is derived data: the git tree is the only truth, the file
 * may be deleted or be stale at any time, and it is never needed for
 * correctness.
 *
 * index_find() appends to paths (a vec owning its strings, free_item = free)
 * the paths of the files named id ".ini" in tree. A current file is searched
 * with a binary search; a file made for an older tree is brought up to date
 * by diffing the two trees (only subtrees whose ids differ are opened, so a
 * few new commits cost a few tree reads) and rewritten once the drift is
 * large; a missing or damaged file is rebuilt from the tree (walking trees
 * only, never reading a blob). The file is replaced atomically (rename), so
 * concurrent readers never see half a file; failing to write it (read-only
 * repository) is not an error.
 *
 * Returns 0, or -1 when the index cannot answer (a git object is unreadable):
 * the caller then searches the tree itself. Never sets a message.
 */
int index_find(struct vec *paths, git_repository *repo, git_tree *tree, const char *id);

#endif
