/* index: the derived per-directory table that makes bare-id lookups and counts fast (internal to core/store). */
#ifndef JIAOYAN_INDEX_H
#define JIAOYAN_INDEX_H

#include <stddef.h>

#include <git2.h>

#include "jiaoyan/record.h"
#include "jiaoyan/vec.h"

/*
 * <repo>/jiaoyan-index describes one root tree (named in its header): for
 * every directory, its tree id, how many files it holds, and the sorted
 * generated ids (id_valid) of its files named "<ID>.ini". It is derived data:
 * the git tree is the only truth, and the file may be deleted, damaged or
 * stale at any time without losing anything.
 *
 * Bringing it up to date works like git's cache-tree: the current tree is
 * walked from the root, and a directory whose tree id equals the recorded one
 * is taken from the file without being opened. After a commit that touched one
 * directory, only the trees along that path are read (from the current
 * commit, never from older, deeply deltified ones); a missing or damaged file
 * is rebuilt by reading trees only, never a blob. The file is then replaced
 * atomically (rename), so concurrent readers never see half of it; failing to
 * write it (read-only repository) is not an error.
 *
 * Both functions return 0, or -1 when the index cannot answer (a git object
 * is unreadable): the caller then walks the tree itself. They set no message.
 */

/* The decimal at *p, which must end with the byte stop (passed over): the number fields of the derived
 * files beside the repository (this index, core/rows). 0, or -1 when there is none. */
int index_parse_size(const char **p, const char *end, char stop, size_t *out);

/* Appends to paths (a vec owning its strings) every "DIR/<id>.ini" of tree. */
int index_find(struct vec *paths, git_repository *repo, git_tree *tree, const char *id);

/* Number of files in the directory prefix ("" = the whole tree) and below; 0 when absent. */
int index_count(size_t *out, git_repository *repo, git_tree *tree, const char *prefix);

/* Calls fn for every directory of tree ("" = the root), depth-first in git order, with its tree id and
 * the number of files directly in it — from the index, opening only trees that changed. */
typedef void (*index_dir_fn)(void *ctx, const char *path, const git_oid *tree, size_t files);
int index_each_dir(git_repository *repo, git_tree *tree, index_dir_fn fn, void *ctx);

/*
 * The decoded records of one directory, for listings. fn is called for every
 * file "*.ini" of dir_tree (the tree of directory dir, e.g.
 * "observations/2026-2027-1/s01") in tree order, with the file's name and a
 * new record the callee owns, or NULL when the file does not decode.
 *
 * <repo>/jiaoyan-cache/<dir> keeps, for the directory's tree id, each file's
 * blob id and its decoded sections, keys and values (what codec_decode
 * accepted; rejected files are remembered as such). A current cache is read
 * without touching git objects or the codec; a stale one is refreshed by
 * decoding only the blobs it does not hold yet, then replaced atomically.
 * Blob ids make entries immutable, so the cache is never wrong for the tree
 * it names; INDEX_CACHE_VERSION changes whenever the codec's rules change.
 *
 * Returns 0, or -1 (after no call of fn) when a blob cannot be read: the
 * caller then reads the directory itself.
 */
typedef void (*index_record_fn)(void *ctx, const char *name, struct record *rec);
int index_dir_records(git_repository *repo, const char *dir, git_tree *dir_tree, index_record_fn fn, void *ctx);

#endif
