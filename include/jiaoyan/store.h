/* store: the bare git data repository — strict reads, listing, and serialised compare-and-swap commits. */
#ifndef JIAOYAN_STORE_H
#define JIAOYAN_STORE_H

#include <stddef.h>
#include <time.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/vec.h"

/*
 * A store is an open bare repository whose branch refs/heads/main holds the
 * records (DESIGN §2.2, §2.3). Reads see the snapshot of HEAD taken at
 * store_open() or the last store_refresh(); nothing above core/ walks git
 * trees itself. libgit2 errors are translated here, once, into jy_err
 * messages. Not thread-safe; one store per process is the norm, and many
 * processes may write the same repository at once.
 *
 * Beside git's own files the repository directory holds jiaoyan.lock (the
 * writers' flock), jiaoyan-gc.lock (packing), and derived data that can be
 * deleted at any time without losing anything (core/index): jiaoyan-index
 * (ids → directories, file counts), jiaoyan-cache/ (decoded records of
 * listed directories) and jiaoyan-rows/ (rows.h: rows, search text, names).
 */
struct store;

struct store_sig {
	const char *name;  /* person's name, e.g. "张伟" */
	const char *email; /* e.g. "zhangwei@s01.jiaoyan" */
};

/*
 * Creates a bare repository at path (parents created) with HEAD pointing at
 * refs/heads/main and no commit. shared: group-writable (core.sharedRepository
 * = group, setgid directories, umask 002) and marked so that every account of
 * the group may open it despite libgit2's owner check. JY_EEXISTS when path
 * already holds a repository or is a non-empty directory. *out is owned by
 * the caller.
 */
int store_init(struct store **out, const char *path, int shared, struct jy_err *err);

/*
 * Opens an existing repository; JY_ENOTFOUND with a hint ("jiaoyan init") when
 * absent, JY_EPERM when another account owns it. For a repository whose config
 * says core.sharedRepository = group and whose directory's group is one of
 * ours, libgit2's owner check is lifted for this open only, and the process
 * umask loses its group bits so that group members can write what we create.
 *
 * A repository of our own account whose refs/heads/main is a plain (or
 * packed) ref is opened lazily: the ref is read as a file, and libgit2 is
 * initialised (its global init alone costs milliseconds: mbedTLS parses the
 * CA bundle) only when a read cannot be answered by a current ready-to-show
 * index (rows.h): the small top-level records (group.ini, people/, schools/,
 * rules/ …), counts, and rows. Reads then see that same commit.
 */
int store_open(struct store **out, const char *path, struct jy_err *err);
void store_free(struct store *s);
/* Opens the repository git names in the environment (GIT_DIR, and a push's quarantined objects):
 * what the pre-receive hook runs in. */
int store_open_env(struct store **out, struct jy_err *err);

const char *store_path(const struct store *s);
/* Hex id of the snapshot's commit into out[41]; "" when the branch has no commit yet. */
void store_head(const struct store *s, char out[41]);
/* Re-reads refs/heads/main so later reads see other writers' commits. */
int store_refresh(struct store *s, struct jy_err *err);
/* Reads as of commit (hex) instead: what sync and the pre-receive hook judge records against. Reads
 * only; a transaction begun on such a snapshot still commits onto the branch by compare-and-swap. */
int store_set_snapshot(struct store *s, const char *commit, struct jy_err *err);

/* The libgit2 repository, for sync/ (transport, merge). Borrowed: valid while s lives. */
typedef struct git_repository git_repository;
git_repository *store_git(struct store *s);

/*
 * Moves refs/heads/main from expected ("" = no branch yet) to next, both hex
 * commit ids, by compare-and-swap under the writer lock (why: the reflog
 * line). JY_ECONFLICT when another writer moved it first. The snapshot moves
 * to next.
 */
int store_advance(struct store *s, const char *expected, const char *next, const char *why, struct jy_err *err);

/*
 * A lock file of our own in the repository (flock, dropped by the kernel when
 * the process dies), waited for at most `wait` seconds: JY_ELOCKED after.
 * *fd_out is closed by the caller to release it.
 */
int store_lock(int *fd_out, struct store *s, const char *name, double wait, struct jy_err *err);

/* Reads and strictly decodes one record (codec_decode). JY_ENOTFOUND when absent. */
int store_read(struct record **out, struct store *s, const char *path, struct jy_err *err);
/* The file's bytes as stored. */
int store_read_raw(struct buf *out, struct store *s, const char *path, struct jy_err *err);
int store_exists(struct store *s, const char *path);
/* Where the record whose path is `path` is stored: path itself, or (a repository not yet
 * migrated) its legacy-layout counterpart (schema_path_counterpart). 1 and out set, or 0. */
int store_locate(struct buf *out, struct store *s, const char *path);

/* A listed record. */
struct store_item {
	char *path;
	const struct type_def *type;
	char *id;           /* schema_record_id() of the record */
	struct record *rec; /* decoded record, owned */
};
void store_item_free(void *item);

struct store_query {
	const char *type;      /* type name (required) */
	const char *term;      /* NULL = any */
	const char *school;
	const char *specialty;
	/* NULL-terminated "key=value" (main section) or "section.key=value"
	 * filters; "course.*.teacher=x" matches any course.N section. Exact
	 * match on the stored value; for comma lists, membership. May be NULL. */
	const char *const *where;
};

/*
 * Appends a struct store_item (owned; free with store_item_free) to out for
 * every record matching q, in path order. Filters on term/school/specialty use
 * the path layout where it holds them, so listing one term does not read
 * other terms; where the path does not hold them they match the main
 * section's field of that name (school also matches a "schools" list), and
 * are ignored for types without such a field. A record that fails to decode
 * is skipped and counted in *skipped (may be NULL); `check` reports it.
 */
int store_list(struct vec *out, struct store *s, const struct store_query *q, size_t *skipped,
	       struct jy_err *err);

/*
 * Resolves what a user typed to a path: a path ("observations/…/ID.ini"),
 * "TYPE/ID" ("person/zhangwei", "plan/2026-2027-2/s01/510102"), or a bare ID
 * (generated id, code, or composite id). JY_ENOTFOUND when nothing matches;
 * JY_EINVAL when a bare id matches records of several types (the message lists
 * them as TYPE/ID so the user can pick).
 */
int store_resolve(struct buf *path_out, struct store *s, const char *spec, struct jy_err *err);

/* Calls fn for every file under prefix ("" = all) in path order with its raw
 * bytes; a non-zero return from fn stops the walk and is returned. */
typedef int (*store_walk_fn)(void *ctx, const char *path, const char *data, size_t len);
int store_walk(struct store *s, const char *prefix, store_walk_fn fn, void *ctx, struct jy_err *err);
/* Appends the path of every file under prefix ("" = all), in path order, reading trees only. */
int store_files(struct vec *out, struct store *s, const char *prefix, struct jy_err *err);

/* One commit that touched a path. */
struct store_commit {
	char oid[41];
	char *author;
	char *email;
	time_t when;
	char *message;
};
void store_commit_free(void *c);

/* Commits that changed path (added, modified or deleted it), newest first. */
int store_history(struct vec *out, struct store *s, const char *path, struct jy_err *err);
/* The record at path as of a commit (hex id). */
int store_read_at(struct record **out, struct store *s, const char *commit, const char *path,
		  struct jy_err *err);

/*
 * Writing: one user action = one transaction = one commit.
 *
 * store_txn_begin() takes the snapshot's HEAD as the base. Puts and deletes
 * are staged in memory. store_txn_commit():
 *  - takes the writer lock: flock(LOCK_EX) on <repo>/jiaoyan.lock, waiting
 *    at most $JIAOYAN_LOCK_TIMEOUT seconds (default 10; JY_ELOCKED after,
 *    saying who/what to check); a refs/heads/main.lock found while holding
 *    the flock is stale (its writer died) and is removed;
 *  - reads the current HEAD; when it moved since the base, the staged
 *    changes are merged with it by merge_trees() (merge.h), the merge campus
 *    sync uses: a record both changed is merged key by key through the merge
 *    policy, a conflicts/<id>.ini record kept for each key decided; a delete
 *    of a record modified meanwhile keeps the modification (and says so);
 *  - writes blobs and trees with git_tree_create_updated (no working tree),
 *    the commit with author = committer = `author` and time id_now(),
 *    and moves refs/heads/main by compare-and-swap
 *    (git_reference_create_matching); on GIT_EMODIFIED it re-reads HEAD and
 *    redoes the step above (bounded retries);
 *  - objects and refs are fsynced (GIT_OPT_ENABLE_FSYNC_GITDIR);
 *  - afterwards, with the writer lock released, pack_auto() (pack.h): past
 *    ~2000 loose objects a detached git repack starts, nobody waits for it.
 * A transaction that stages nothing, or whose puts equal what HEAD holds,
 * commits nothing and returns 0 with oid_out "".
 * On success the store's snapshot moves to the new commit.
 */
struct store_txn;
struct merge_policy;

/* How a record changed by two writers is merged (merge.h): the domain's rules (records.h
 * records_merge_policy). Borrowed; NULL (the default) merges key by key, ours winning. */
void store_set_merge_policy(struct store *s, const struct merge_policy *policy);

/*
 * What the ready-to-show index (rows.h) keeps of each record: the domain's
 * rules (records.h records_rows_policy). Borrowed; without one, rows_open()
 * refuses and every read goes through libgit2.
 */
struct rows_policy;
void store_set_rows_policy(struct store *s, const struct rows_policy *policy);
const struct rows_policy *store_rows_policy(const struct store *s);
/*
 * The index of the store's snapshot, one for all of the store's reads, so that
 * a screen's several lookups read the manifest and map a directory's file
 * once: rows_load's answer, or with build rows_open's (which may bring the
 * index up to date through libgit2). Borrowed, and so are the rows and names
 * read from it: valid until store_free (a new snapshot gets a new one; the old
 * stays until then). NULL when there is none.
 */
struct rows;
struct rows *store_rows(struct store *s, int build);

int store_txn_begin(struct store_txn **out, struct store *s, struct jy_err *err);
/* Reads path as of the transaction's base (including its own staged changes). */
int store_txn_read(struct record **out, struct store_txn *t, const char *path, struct jy_err *err);
/* Stages r (encoded with codec_encode; r is not kept) at path. */
int store_txn_put(struct store_txn *t, const char *path, const struct record *r, struct jy_err *err);
int store_txn_delete(struct store_txn *t, const char *path, struct jy_err *err);
/* Stages moving the file at `from` (as of the base) to `to`, its blob unchanged byte for byte.
 * Neither path may be staged otherwise in the same transaction (moves are not looked up, so
 * moving every file of a large repository stays linear). JY_ENOTFOUND when from is absent. */
int store_txn_move(struct store_txn *t, const char *from, const char *to, struct jy_err *err);
/* oid_out (may be NULL) receives the new commit's hex id. */
int store_txn_commit(struct store_txn *t, const struct store_sig *author, const char *message,
		     char oid_out[41], struct jy_err *err);
void store_txn_free(struct store_txn *t);

/*
 * gc: pack_gc() (pack.h) under the PACK_LOCK flock, waited for as long as
 * the writer lock: incremental — the loose objects into a new pack, packs
 * merged geometrically — by git itself. Commits may go on meanwhile.
 */
int store_gc(struct store *s, struct jy_err *err);

/* Number of records under a directory prefix without decoding them. */
int store_count(size_t *out, struct store *s, const char *prefix, struct jy_err *err);

#endif
