/* gitlib: the libgit2 functions the program calls, each loading libgit2 on its first call (see dynlib.h). */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>
#include <git2/sys/transport.h>

#include "jiaoyan/dynlib.h"

#ifndef JY_LIBGIT2
#error "JY_LIBGIT2 (libgit2's SONAME) comes from the Makefile"
#endif

#define FN(...) DYNLIB_FN(JY_LIBGIT2, __VA_ARGS__)
#define VOID(...) DYNLIB_VOID(JY_LIBGIT2, __VA_ARGS__)
/* Freeing NULL is a no-op in libgit2: cleanup paths of commands that never needed it must not load it. */
#define FREE(name, type)                                    \
	void name(type *p)                                  \
	{                                                   \
		if (!p)                                     \
			return;                             \
		DYNLIB_LOAD(JY_LIBGIT2, void, name, (type *)) \
		fn_(p);                                     \
	}

/*
 * Writing an object, which a concurrent `git repack -d` (automatic packing,
 * pack.c) can make fail for a moment: libgit2 makes the fan-out directory
 * objects/xx/, prune-packed removes it as empty before the rename into it,
 * and the rename fails with ENOENT. The write is tried again (an object's
 * bytes name it, so writing it twice is harmless; no caller of
 * git_commit_create has it move a ref).
 */
#define WRITE(ret, name, params, args)                                                   \
	ret name params                                                                  \
	{                                                                                \
		DYNLIB_LOAD(JY_LIBGIT2, ret, name, params)                               \
		ret rc_ = fn_ args;                                                      \
		for (int try_ = 0; rc_ < 0 && try_ < 4 && git_error_last() &&           \
				   git_error_last()->klass == GIT_ERROR_OS; try_++)       \
			rc_ = fn_ args;                                                  \
		return rc_;                                                              \
	}

/* Where the program first needs libgit2: a library that cannot be loaded is an error its callers report. */
int git_libgit2_init(void)
{
	int (*fn)(void);
	void *p = dynlib_sym(JY_LIBGIT2, "git_libgit2_init");
	if (!p)
		return -1;
	memcpy(&fn, &p, sizeof(fn));
	return fn();
}

const git_error *git_error_last(void)
{
	static _Thread_local char message[600];
	static _Thread_local git_error unloaded;
	const git_error *(*fn)(void);
	void *p = dynlib_sym(JY_LIBGIT2, "git_error_last");
	if (!p) {
		snprintf(message, sizeof(message), "%s", dynlib_error());
		unloaded.message = message;
		unloaded.klass = GIT_ERROR_OS;
		return &unloaded;
	}
	memcpy(&fn, &p, sizeof(fn));
	return fn();
}

/* Variadic, so each option the program sets is passed on with its own argument types. */
int git_libgit2_opts(int option, ...)
{
	static _Atomic(void *) slot;
	int (*fn)(int, ...);
	void *p = dynlib_resolve(&slot, JY_LIBGIT2, "git_libgit2_opts");
	va_list ap;
	int rc;

	memcpy(&fn, &p, sizeof(fn));
	va_start(ap, option);
	switch (option) {
	case GIT_OPT_SET_CACHE_OBJECT_LIMIT: {
		int type = va_arg(ap, int);
		size_t limit = va_arg(ap, size_t);
		rc = fn(option, type, limit);
		break;
	}
	case GIT_OPT_GET_OWNER_VALIDATION:
		rc = fn(option, va_arg(ap, int *));
		break;
	case GIT_OPT_ENABLE_FSYNC_GITDIR:
	case GIT_OPT_SET_OWNER_VALIDATION:
		rc = fn(option, va_arg(ap, int));
		break;
	default: /* a new option: pass its arguments above */
		fprintf(stderr, "jiaoyan: git_libgit2_opts: option %d is not passed on by gitlib.c\n", option);
		abort();
	}
	va_end(ap);
	return rc;
}

/*
 * Object ids as values: a commit or tree id read from a ref file or the rows
 * index is compared and printed without a repository, and loading libgit2
 * (with its 17 libraries) to turn 40 hex digits into 20 bytes would cost a
 * listing more than the listing. Same results as libgit2 1.5 (SHA-1 ids).
 */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int git_oid_fromstrn(git_oid *out, const char *str, size_t length)
{
	if (length > GIT_OID_HEXSZ)
		return GIT_EINVALID;
	memset(out->id, 0, sizeof(out->id));
	for (size_t i = 0; i < length; i++) {
		int v = hexval(str[i]);
		if (v < 0)
			return GIT_EINVALID;
		out->id[i / 2] |= (unsigned char)(i % 2 ? v : v << 4);
	}
	return 0;
}

int git_oid_fromstr(git_oid *out, const char *str)
{
	return git_oid_fromstrn(out, str, GIT_OID_HEXSZ);
}

int git_oid_fromraw(git_oid *out, const unsigned char *raw)
{
	memcpy(out->id, raw, sizeof(out->id));
	return 0;
}

int git_oid_cpy(git_oid *out, const git_oid *src)
{
	*out = *src;
	return 0;
}

int git_oid_equal(const git_oid *a, const git_oid *b)
{
	return memcmp(a->id, b->id, sizeof(a->id)) == 0;
}

int git_oid_is_zero(const git_oid *id)
{
	for (size_t i = 0; i < sizeof(id->id); i++)
		if (id->id[i])
			return 0;
	return 1;
}

char *git_oid_tostr(char *out, size_t n, const git_oid *id)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	if (!out || !n)
		return (char *)"";
	for (; id && i + 1 < n && i < GIT_OID_HEXSZ; i++)
		out[i] = hex[i % 2 ? id->id[i / 2] & 0xf : id->id[i / 2] >> 4];
	out[i] = '\0';
	return out;
}

/* The rest, as git2.h declares them. */
WRITE(int, git_blob_create_from_buffer, (git_oid *id, git_repository *repo, const void *buffer, size_t len), (id, repo, buffer, len))
FREE(git_blob_free, git_blob)
FN(int, git_blob_lookup, (git_blob **blob, git_repository *repo, const git_oid *id), (blob, repo, id))
FN(const void *, git_blob_rawcontent, (const git_blob *blob), (blob))
FN(git_object_size_t, git_blob_rawsize, (const git_blob *blob), (blob))
VOID(git_buf_dispose, (git_buf *buffer), (buffer))
FN(const git_signature *, git_commit_author, (const git_commit *commit), (commit))
WRITE(int, git_commit_create, (git_oid *id, git_repository *repo, const char *update_ref, const git_signature *author, const git_signature *committer, const char *message_encoding, const char *message, const git_tree *tree, size_t parent_count, const git_commit *parents[]), (id, repo, update_ref, author, committer, message_encoding, message, tree, parent_count, parents))
FREE(git_commit_free, git_commit)
FN(const git_oid *, git_commit_id, (const git_commit *commit), (commit))
FN(int, git_commit_lookup, (git_commit **commit, git_repository *repo, const git_oid *id), (commit, repo, id))
FN(int, git_commit_lookup_prefix, (git_commit **commit, git_repository *repo, const git_oid *id, size_t len), (commit, repo, id, len))
FN(const git_oid *, git_commit_tree_id, (const git_commit *commit), (commit))
FN(const char *, git_commit_message, (const git_commit *commit), (commit))
FN(int, git_commit_parent, (git_commit **out, const git_commit *commit, unsigned int n), (out, commit, n))
FN(const git_oid *, git_commit_parent_id, (const git_commit *commit, unsigned int n), (commit, n))
FN(unsigned int, git_commit_parentcount, (const git_commit *commit), (commit))
FN(int, git_commit_tree, (git_tree **tree_out, const git_commit *commit), (tree_out, commit))
FN(int, git_config_delete_entry, (git_config *cfg, const char *name), (cfg, name))
FREE(git_config_free, git_config)
FN(int, git_config_get_entry, (git_config_entry **out, const git_config *cfg, const char *name), (out, cfg, name))
FN(int, git_config_get_string_buf, (git_buf *out, const git_config *cfg, const char *name), (out, cfg, name))
FREE(git_config_iterator_free, git_config_iterator)
FN(int, git_config_iterator_new, (git_config_iterator **out, const git_config *cfg), (out, cfg))
FN(int, git_config_next, (git_config_entry **entry, git_config_iterator *iter), (entry, iter))
FN(int, git_config_open_ondisk, (git_config **out, const char *path), (out, path))
FN(int, git_config_set_bool, (git_config *cfg, const char *name, int value), (cfg, name, value))
FN(int, git_config_set_string, (git_config *cfg, const char *name, const char *value), (cfg, name, value))
FN(int, git_credential_ssh_key_from_agent, (git_credential **out, const char *username), (out, username))
FN(int, git_credential_ssh_key_new, (git_credential **out, const char *username, const char *publickey, const char *privatekey, const char *passphrase), (out, username, publickey, privatekey, passphrase))
FN(int, git_credential_username_new, (git_credential **out, const char *username), (out, username))
FN(int, git_diff_foreach, (git_diff *diff, git_diff_file_cb file_cb, git_diff_binary_cb binary_cb, git_diff_hunk_cb hunk_cb, git_diff_line_cb line_cb, void *payload), (diff, file_cb, binary_cb, hunk_cb, line_cb, payload))
FREE(git_diff_free, git_diff)
FN(size_t, git_diff_num_deltas, (const git_diff *diff), (diff))
FN(int, git_diff_options_init, (git_diff_options *opts, unsigned int version), (opts, version))
FN(int, git_diff_tree_to_tree, (git_diff **diff, git_repository *repo, git_tree *old_tree, git_tree *new_tree, const git_diff_options *opts), (diff, repo, old_tree, new_tree, opts))
VOID(git_error_clear, (void), ())
FN(int, git_error_set_str, (int error_class, const char *string), (error_class, string))
FN(int, git_fetch_options_init, (git_fetch_options *opts, unsigned int version), (opts, version))
FN(int, git_graph_ahead_behind, (size_t *ahead, size_t *behind, git_repository *repo, const git_oid *local, const git_oid *upstream), (ahead, behind, repo, local, upstream))
FN(int, git_graph_descendant_of, (git_repository *repo, const git_oid *commit, const git_oid *ancestor), (repo, commit, ancestor))
FN(int, git_libgit2_shutdown, (void), ())
FN(int, git_mempack_new, (git_odb_backend **out), (out))
FN(int, git_mempack_reset, (git_odb_backend *backend), (backend))
FN(int, git_merge_base, (git_oid *out, git_repository *repo, const git_oid *one, const git_oid *two), (out, repo, one, two))
FN(int, git_object_dup, (git_object **dest, git_object *source), (dest, source))
FN(int, git_odb_add_backend, (git_odb *odb, git_odb_backend *backend, int priority), (odb, backend, priority))
FN(int, git_odb_add_disk_alternate, (git_odb *odb, const char *path), (odb, path))
FN(int, git_odb_exists, (git_odb *db, const git_oid *id), (db, id))
FREE(git_odb_free, git_odb)
FN(int, git_odb_new, (git_odb **out), (out))
FN(int, git_odb_refresh, (struct git_odb *db), (db))
FN(int, git_odb_write_pack, (git_odb_writepack **out, git_odb *db, git_indexer_progress_cb progress_cb, void *progress_payload), (out, db, progress_cb, progress_payload))
FN(int, git_packbuilder_insert, (git_packbuilder *pb, const git_oid *id, const char *name), (pb, id, name))
FREE(git_packbuilder_free, git_packbuilder)
FN(int, git_packbuilder_new, (git_packbuilder **out, git_repository *repo), (out, repo))
FN(size_t, git_packbuilder_object_count, (git_packbuilder *pb), (pb))
FN(unsigned int, git_packbuilder_set_threads, (git_packbuilder *pb, unsigned int n), (pb, n))
FN(int, git_packbuilder_write_buf, (git_buf *buf, git_packbuilder *pb), (buf, pb))
FN(int, git_push_options_init, (git_push_options *opts, unsigned int version), (opts, version))
FN(int, git_reference_create, (git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force, const char *log_message), (out, repo, name, id, force, log_message))
FN(int, git_reference_create_matching, (git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force, const git_oid *current_id, const char *log_message), (out, repo, name, id, force, current_id, log_message))
FN(int, git_reference_delete, (git_reference *ref), (ref))
FREE(git_reference_free, git_reference)
FREE(git_reference_iterator_free, git_reference_iterator)
FN(int, git_reference_iterator_glob_new, (git_reference_iterator **out, git_repository *repo, const char *glob), (out, repo, glob))
FN(int, git_reference_list, (git_strarray *array, git_repository *repo), (array, repo))
FN(int, git_reference_lookup, (git_reference **out, git_repository *repo, const char *name), (out, repo, name))
FN(const char *, git_reference_name, (const git_reference *ref), (ref))
FN(int, git_reference_name_is_valid, (int *valid, const char *refname), (valid, refname))
FN(int, git_reference_name_to_id, (git_oid *out, git_repository *repo, const char *name), (out, repo, name))
FN(int, git_reference_next, (git_reference **out, git_reference_iterator *iter), (out, iter))
FN(int, git_reference_set_target, (git_reference **out, git_reference *ref, const git_oid *id, const char *log_message), (out, ref, id, log_message))
FN(const git_oid *, git_reference_target, (const git_reference *ref), (ref))
FN(int, git_remote_connect, (git_remote *remote, git_direction direction, const git_remote_callbacks *callbacks, const git_proxy_options *proxy_opts, const git_strarray *custom_headers), (remote, direction, callbacks, proxy_opts, custom_headers))
FN(int, git_remote_create_anonymous, (git_remote **out, git_repository *repo, const char *url), (out, repo, url))
FN(int, git_remote_create_options_init, (git_remote_create_options *opts, unsigned int version), (opts, version))
FN(int, git_remote_create_with_opts, (git_remote **out, const char *url, const git_remote_create_options *opts), (out, url, opts))
FN(int, git_remote_disconnect, (git_remote *remote), (remote))
FN(int, git_remote_fetch, (git_remote *remote, const git_strarray *refspecs, const git_fetch_options *opts, const char *reflog_message), (remote, refspecs, opts, reflog_message))
FREE(git_remote_free, git_remote)
FN(int, git_remote_init_callbacks, (git_remote_callbacks *opts, unsigned int version), (opts, version))
FN(int, git_remote_list, (git_strarray *out, git_repository *repo), (out, repo))
FN(int, git_remote_ls, (const git_remote_head ***out, size_t *size, git_remote *remote), (out, size, remote))
FN(int, git_remote_push, (git_remote *remote, const git_strarray *refspecs, const git_push_options *opts), (remote, refspecs, opts))
FN(int, git_repository_config, (git_config **out, git_repository *repo), (out, repo))
FN(int, git_repository_config_snapshot, (git_config **out, git_repository *repo), (out, repo))
FREE(git_repository_free, git_repository)
FN(int, git_repository_init, (git_repository **out, const char *path, unsigned is_bare), (out, path, is_bare))
FN(int, git_repository_init_ext, (git_repository **out, const char *repo_path, git_repository_init_options *opts), (out, repo_path, opts))
FN(int, git_repository_init_options_init, (git_repository_init_options *opts, unsigned int version), (opts, version))
FN(int, git_repository_odb, (git_odb **out, git_repository *repo), (out, repo))
FN(int, git_repository_open_bare, (git_repository **out, const char *bare_path), (out, bare_path))
FN(int, git_repository_open_ext, (git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs), (out, path, flags, ceiling_dirs))
FN(const char *, git_repository_path, (const git_repository *repo), (repo))
FN(int, git_repository_set_odb, (git_repository *repo, git_odb *odb), (repo, odb))
FREE(git_revwalk_free, git_revwalk)
FN(int, git_revwalk_hide, (git_revwalk *walk, const git_oid *commit_id), (walk, commit_id))
FN(int, git_revwalk_new, (git_revwalk **out, git_repository *repo), (out, repo))
FN(int, git_revwalk_next, (git_oid *out, git_revwalk *walk), (out, walk))
FN(int, git_revwalk_push, (git_revwalk *walk, const git_oid *id), (walk, id))
FN(int, git_revwalk_sorting, (git_revwalk *walk, unsigned int sort_mode), (walk, sort_mode))
FREE(git_signature_free, git_signature)
FN(int, git_signature_new, (git_signature **out, const char *name, const char *email, git_time_t time, int offset), (out, name, email, time, offset))
FN(int, git_signature_now, (git_signature **out, const char *name, const char *email), (out, name, email))
VOID(git_strarray_dispose, (git_strarray *array), (array))
FN(int, git_transport_smart, (git_transport **out, git_remote *owner, void *payload), (out, owner, payload))
WRITE(int, git_tree_create_updated, (git_oid *out, git_repository *repo, git_tree *baseline, size_t nupdates, const git_tree_update *updates), (out, repo, baseline, nupdates, updates))
FN(const git_tree_entry *, git_tree_entry_byindex, (const git_tree *tree, size_t idx), (tree, idx))
FN(const git_tree_entry *, git_tree_entry_byname, (const git_tree *tree, const char *filename), (tree, filename))
FN(int, git_tree_entry_bypath, (git_tree_entry **out, const git_tree *root, const char *path), (out, root, path))
FN(git_filemode_t, git_tree_entry_filemode, (const git_tree_entry *entry), (entry))
FREE(git_tree_entry_free, git_tree_entry)
FN(const git_oid *, git_tree_entry_id, (const git_tree_entry *entry), (entry))
FN(const char *, git_tree_entry_name, (const git_tree_entry *entry), (entry))
FN(git_object_t, git_tree_entry_type, (const git_tree_entry *entry), (entry))
FN(size_t, git_tree_entrycount, (const git_tree *tree), (tree))
FREE(git_tree_free, git_tree)
FN(const git_oid *, git_tree_id, (const git_tree *tree), (tree))
FN(int, git_tree_lookup, (git_tree **out, git_repository *repo, const git_oid *id), (out, repo, id))
FREE(git_treebuilder_free, git_treebuilder)
FN(int, git_treebuilder_insert, (const git_tree_entry **out, git_treebuilder *bld, const char *filename, const git_oid *id, git_filemode_t filemode), (out, bld, filename, id, filemode))
FN(int, git_treebuilder_new, (git_treebuilder **out, git_repository *repo, const git_tree *source), (out, repo, source))
WRITE(int, git_treebuilder_write, (git_oid *id, git_treebuilder *bld), (id, bld))
