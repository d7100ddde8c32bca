/* store: the bare git data repository — strict reads, listings, serialised compare-and-swap commits. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/id.h"
#include "jiaoyan/index.h"
#include "jiaoyan/merge.h"
#include "jiaoyan/objpack.h"
#include "jiaoyan/pack.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/store.h"

#define MAIN_REF "refs/heads/main"
#define WRITER_LOCK "jiaoyan.lock"
#define REF_LOCK "refs/heads/main.lock"
/* Every jiaoyan writer holds the flock, so only foreign ref writers (git receive-pack) can make us retry. */
#define CAS_RETRIES 10
/* A ref lock younger than this may belong to a live git process that does not take our flock. */
#define REF_LOCK_GRACE_MS 1000

/* Decoded records by blob id: screens and listings read the same people and schools over and over. */
#define MEMO_SLOTS 4096
struct memo {
	git_oid blob;
	struct record *rec;
};

struct store {
	git_repository *repo;
	char *path; /* the repository directory, no trailing '/' */
	int has_head;
	git_oid head;
	git_commit *commit;
	git_tree *tree;
	struct memo *memo; /* MEMO_SLOTS, allocated on first read */
	const struct merge_policy *merge; /* how a record two writers changed is merged (NULL: record_merge3) */
	struct objpack *objpack; /* a commit's new objects until they are written as one pack (made by the first) */
	/* Opened lazily: repo stays NULL (libgit2 not even initialised) while the ready-to-show index answers. */
	int git_up;                       /* libgit2_up() was called for this store */
	const struct rows_policy *rows_policy;
	struct rows *rows;   /* the index as of rows_at, shared by every read (store_rows) */
	char rows_at[41];    /* the snapshot it was asked for */
	int rows_tried;      /* rows_load was tried for rows_at */
	int rows_opened;     /* rows_open was tried for rows_at */
	struct rows **old;   /* of earlier snapshots: still borrowed, freed with the store */
	size_t nold;
};

/* One staged change. */
struct op {
	char *path;
	int del;
	struct record *rec; /* puts: what was staged */
	struct buf data;    /* puts: its encoding */
	int has_blob;       /* moves: an existing blob, bytes unchanged (rec NULL, data empty) */
	git_oid blob;
};

struct store_txn {
	struct store *s;
	int has_base;
	git_oid base;
	git_tree *base_tree;
	struct vec ops; /* struct op, one per path */
};

/* The one place where libgit2 errors become jy_err messages. */
static int git_fail(struct jy_err *err, int rc, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "libgit2";
	int code;
	switch (rc) {
	case GIT_ENOTFOUND:
		code = JY_ENOTFOUND;
		break;
	case GIT_EEXISTS:
		code = JY_EEXISTS;
		break;
	case GIT_ELOCKED:
		code = JY_ELOCKED;
		break;
	case GIT_EMODIFIED:
		code = JY_ECONFLICT;
		break;
	case GIT_EOWNER:
		code = JY_EPERM;
		break;
	default:
		code = JY_EIO;
		break;
	}
	/* libgit2 says it in the words of strerror, after a path: first what it means for the teacher. */
	if (rc < 0 && strstr(msg, strerror(ENOSPC)))
		return err_set(err, code, "%s%s%s", what,
			       L("：磁盘已满，请清理空间后重试。", ": the disk is full; free some space and try again. "), msg);
	return err_set(err, code, "%s%s%s", what, L("：", ": "), msg);
}

static int sys_fail(struct jy_err *err, const char *what, const char *path)
{
	return err_set(err, JY_EIO, "%s %s%s%s", what, path, L("：", ": "), strerror(errno));
}

/* 0, or JY_EIO when libgit2 cannot be loaded (core/gitlib.c opens it here, on first need). */
static int libgit2_up(struct jy_err *err)
{
	if (git_libgit2_init() < 0) {
		const git_error *e = git_error_last();
		return err_set(err, JY_EIO, L("无法加载 libgit2：%s", "cannot load libgit2: %s"), e && e->message ? e->message : "");
	}
	/* Idempotent process-wide libgit2 settings, so repeating them per open is harmless. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* libgit2 caches only trees under 4 KiB: a directory of 1,000 records would be re-read
	 * (and re-inflated through its delta chain) on every path lookup. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4 << 20);
	return 0;
}

/* Record paths: components of [a-z0-9._-], no "." or "..", no empty ones, no leading '/'. */
static int check_path(const char *path, int allow_empty, struct jy_err *err)
{
	struct buf comp = BUF_INIT;
	int rc = 0;
	if (!path || (!*path && !allow_empty)) {
		rc = err_set(err, JY_EINVAL, "%s", L("路径为空", "empty path"));
		goto cleanup;
	}
	for (const char *p = path; *p;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		buf_reset(&comp);
		buf_add(&comp, p, n);
		if (!id_component_valid(comp.ptr)) {
			rc = err_set(err, JY_EINVAL,
				     L("路径不合法：%s（每一段只能由小写字母、数字和 . _ - 组成，不能是 . 或 ..）",
				       "invalid path: %s (each component must be [a-z0-9._-], not . or ..)"),
				     path);
			goto cleanup;
		}
		p += n;
		if (*p == '/' && !*++p) {
			rc = err_set(err, JY_EINVAL, L("路径不合法：%s（不能以 / 结尾）", "invalid path: %s (trailing /)"),
				     path);
			goto cleanup;
		}
	}
cleanup:
	buf_release(&comp);
	return rc;
}

static int is_record_path(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcmp(path + n - 4, ".ini") == 0;
}

static int need_git(struct store *s, struct jy_err *err);

/* Loads refs/heads/main into the snapshot; an unborn branch leaves it empty. */
/* Makes commit oid the store's snapshot. */
static int snapshot_at(struct store *s, const git_oid *oid, struct jy_err *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc;
	if (s->has_head && git_oid_equal(oid, &s->head))
		return 0;
	if ((rc = git_commit_lookup(&c, s->repo, oid)) < 0 || (rc = git_commit_tree(&t, c)) < 0) {
		git_commit_free(c);
		return git_fail(err, rc, L("读取最新提交失败", "cannot read the latest commit"));
	}
	git_tree_free(s->tree);
	git_commit_free(s->commit);
	s->commit = c;
	s->tree = t;
	s->head = *oid;
	s->has_head = 1;
	return 0;
}

static int load_snapshot(struct store *s, struct jy_err *err)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, s->repo, MAIN_REF);
	if (rc == GIT_ENOTFOUND) {
		git_tree_free(s->tree);
		git_commit_free(s->commit);
		s->tree = NULL;
		s->commit = NULL;
		s->has_head = 0;
		return 0;
	}
	if (rc < 0)
		return git_fail(err, rc, L("读取分支 main 失败", "cannot read branch main"));
	return snapshot_at(s, &oid, err);
}

int store_set_snapshot(struct store *s, const char *commit, struct jy_err *err)
{
	git_oid oid;
	int rc = need_git(s, err);
	if (rc < 0)
		return rc;
	if (git_oid_fromstr(&oid, commit) < 0)
		return err_set(err, JY_EINVAL, L("「%s」不是提交编号", "\"%s\" is not a commit id"), commit);
	return snapshot_at(s, &oid, err);
}

git_repository *store_git(struct store *s)
{
	return need_git(s, NULL) == 0 ? s->repo : NULL;
}

void store_set_rows_policy(struct store *s, const struct rows_policy *policy)
{
	s->rows_policy = policy;
}

const struct rows_policy *store_rows_policy(const struct store *s)
{
	return s->rows_policy;
}

struct rows *store_rows(struct store *s, int build)
{
	char head[41];
	if (!s->rows_policy)
		return NULL;
	store_head(s, head);
	if (strcmp(head, s->rows_at) != 0) {
		if (s->rows) {
			s->old = xrealloc(s->old, (s->nold + 1) * sizeof(*s->old));
			s->old[s->nold++] = s->rows;
			s->rows = NULL;
		}
		memcpy(s->rows_at, head, sizeof(head));
		s->rows_tried = s->rows_opened = 0;
	}
	if (!s->rows && !s->rows_tried) {
		s->rows_tried = 1;
		if (rows_load(&s->rows, s) < 0)
			s->rows = NULL;
	}
	if (!s->rows && build && !s->rows_opened) {
		s->rows_opened = 1;
		if (rows_open(&s->rows, s, NULL) != 0)
			s->rows = NULL;
	}
	return s->rows;
}

/* The ready-to-show index when it can answer for a store libgit2 has not opened; NULL otherwise. */
static struct rows *lazy_rows(struct store *s)
{
	return s->repo ? NULL : store_rows(s, 0);
}

static int dir_exists(const char *dir, const char *name)
{
	struct buf p = BUF_INIT;
	struct stat st;
	buf_printf(&p, "%s/%s", dir, name);
	int ok = stat(p.ptr, &st) == 0;
	buf_release(&p);
	return ok;
}

static int looks_like_repo(const char *path)
{
	return dir_exists(path, "HEAD") && dir_exists(path, "objects") && dir_exists(path, "refs");
}

/* core.sharedRepository of the repository's own config file, read before libgit2 opens it. */
static int config_says_shared(const char *path)
{
	struct buf file = BUF_INIT;
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	int shared = 0;
	buf_printf(&file, "%s/config", path);
	if (git_config_open_ondisk(&cfg, file.ptr) == 0 &&
	    git_config_get_string_buf(&v, cfg, "core.sharedrepository") == 0) {
		static const char *const yes[] = { "group", "true", "1", "all", "world", "everybody", "2", NULL };
		for (size_t i = 0; yes[i]; i++)
			shared |= strcasecmp(v.ptr, yes[i]) == 0;
	}
	git_buf_dispose(&v);
	git_config_free(cfg);
	buf_release(&file);
	return shared;
}

static int in_group(gid_t g)
{
	gid_t groups[256];
	if (getegid() == g)
		return 1;
	int n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == g)
			return 1;
	return 0;
}

/* Group members must be able to write what we create: files 0664, directories 02775 (setgid inherited). */
static void shared_umask(void)
{
	mode_t old = umask(0);
	umask(old & ~(mode_t)070);
}

/* A store around an opened repository (which it now owns), its snapshot read. */
static int adopt(struct store **out, git_repository *repo, struct jy_err *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int rc;
	s->repo = repo;
	s->git_up = 1;
	s->path = xstrdup(git_repository_path(s->repo));
	size_t n = strlen(s->path);
	while (n > 1 && s->path[n - 1] == '/')
		s->path[--n] = '\0';
	if ((rc = load_snapshot(s, err)) < 0) {
		store_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* Opens the repository at path with libgit2 (initialised by the caller), with the owner check relaxed for shared ones. */
static int open_repo(git_repository **out, const char *path, struct jy_err *err)
{
	git_repository *repo = NULL;
	struct stat st;
	int rc, relaxed = 0, prev_owner = 1;

	*out = NULL;
	if (!path || !*path || !looks_like_repo(path) || stat(path, &st) != 0) {
		rc = err_set(err, JY_ENOTFOUND, L("找不到数据仓库：%s", "no data repository at %s"), path ? path : "");
		err_hint(err, "init", path ? path : "");
		goto cleanup;
	}
	/*
	 * libgit2 refuses repositories owned by another account. For a
	 * repository initialised with --shared (core.sharedRepository = group)
	 * whose group we belong to, we lift that check for this one open only:
	 * the accounts of the group are trusted by construction, and libgit2
	 * runs no hooks or filters that such a config could abuse. The global
	 * safe.directory of git config is honoured by libgit2 itself as well.
	 */
	if (config_says_shared(path)) {
		shared_umask();
		if (st.st_uid != geteuid() && in_group(st.st_gid)) {
			git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &prev_owner);
			git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
			relaxed = 1;
		}
	}
	rc = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL);
	if (relaxed)
		git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, prev_owner);
	/* libgit2 1.5.1 reports a foreign owner as GIT_ENOTFOUND ("safe.directory was not found"). */
	if (rc == GIT_EOWNER || (rc < 0 && st.st_uid != geteuid() && !relaxed)) {
		rc = err_set(err, JY_EPERM,
			     L("数据仓库 %s 属于另一个系统账号，不能直接打开", "the data repository %s belongs to another account"), path);
		err_hint(err, "init-shared", path);
		goto cleanup;
	}
	if (rc < 0) {
		rc = git_fail(err, rc, L("打开数据仓库失败", "cannot open the data repository"));
		goto cleanup;
	}
	*out = repo;
	repo = NULL;
cleanup:
	git_repository_free(repo);
	return rc;
}

/* refs/heads/main read as git writes it (a loose ref file, else packed-refs): 0, or -1 when it cannot be
 * read that way (then libgit2 reads it). */
static int read_main_ref(git_oid *out, const char *path)
{
	char line[128];
	struct buf file = BUF_INIT;
	FILE *f;
	int rc = -1;
	buf_printf(&file, "%s/%s", path, MAIN_REF);
	if ((f = fopen(file.ptr, "re"))) {
		if (fgets(line, sizeof(line), f) && strlen(line) == GIT_OID_HEXSZ + 1 && line[GIT_OID_HEXSZ] == '\n' &&
		    git_oid_fromstrn(out, line, GIT_OID_HEXSZ) == 0)
			rc = 0;
		fclose(f);
		goto cleanup;
	}
	buf_reset(&file);
	buf_printf(&file, "%s/packed-refs", path);
	if ((f = fopen(file.ptr, "re"))) {
		while (rc < 0 && fgets(line, sizeof(line), f))
			if (strcmp(line + GIT_OID_HEXSZ, " " MAIN_REF "\n") == 0 && git_oid_fromstrn(out, line, GIT_OID_HEXSZ) == 0)
				rc = 0;
		fclose(f);
	}
cleanup:
	buf_release(&file);
	return rc;
}

/* libgit2 and the repository, for a store opened lazily: at the commit the store already shows. */
static int need_git(struct store *s, struct jy_err *err)
{
	git_repository *repo = NULL;
	if (s->repo)
		return 0;
	int rc = libgit2_up(err);
	if (rc < 0)
		return rc;
	s->git_up = 1;
	rc = open_repo(&repo, s->path, err);
	if (rc < 0)
		return rc;
	s->repo = repo;
	if (!s->has_head)
		return load_snapshot(s, err);
	s->has_head = 0;
	return snapshot_at(s, &s->head, err);
}

int store_open(struct store **out, const char *path, struct jy_err *err)
{
	git_repository *repo = NULL;
	struct stat st;
	git_oid head;
	char *real;
	int rc;

	*out = NULL;
	/* Our own repository with a plain branch ref: libgit2 waits until a read needs it. */
	if (path && *path && looks_like_repo(path) && stat(path, &st) == 0 && st.st_uid == geteuid() &&
	    read_main_ref(&head, path) == 0 && (real = realpath(path, NULL))) {
		struct store *s = xcalloc(1, sizeof(*s));
		s->path = real;
		s->head = head;
		s->has_head = 1;
		*out = s;
		return 0;
	}
	if ((rc = libgit2_up(err)) < 0)
		return rc;
	if ((rc = open_repo(&repo, path, err)) == 0)
		rc = adopt(out, repo, err);
	if (rc < 0 && !*out)
		git_libgit2_shutdown(); /* balance libgit2_up when no store took it over */
	return rc;
}

int store_open_env(struct store **out, struct jy_err *err)
{
	git_repository *repo = NULL;
	*out = NULL;
	int rc = libgit2_up(err);
	if (rc < 0)
		return rc;
	/* GIT_DIR, and the quarantine's GIT_OBJECT_DIRECTORY / GIT_ALTERNATE_OBJECT_DIRECTORIES that
	 * git receive-pack sets for its hooks: a plain open would not see the pushed objects. */
	rc = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (rc < 0) {
		rc = git_fail(err, rc, L("打开数据仓库失败（GIT_DIR）", "cannot open the data repository (GIT_DIR)"));
		git_libgit2_shutdown();
		return rc;
	}
	rc = adopt(out, repo, err);
	if (rc < 0 && !*out)
		git_libgit2_shutdown();
	return rc;
}

/* chmod g+w on everything and g+s on directories, so the group can write (git init --shared=group). */
static int share_tree(const char *path, struct jy_err *err)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *de;
	struct buf child = BUF_INIT;
	int rc = 0;
	if (lstat(path, &st) != 0)
		return sys_fail(err, L("无法读取", "cannot stat"), path);
	if (S_ISLNK(st.st_mode))
		return 0;
	mode_t mode = st.st_mode & 07777;
	mode |= S_ISDIR(st.st_mode) ? (S_IRWXG | S_ISGID) : (S_IRGRP | ((mode & S_IWUSR) ? S_IWGRP : 0));
	if (chmod(path, mode) != 0)
		return sys_fail(err, L("无法设置权限", "cannot chmod"), path);
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (!(d = opendir(path)))
		return sys_fail(err, L("无法读取目录", "cannot read directory"), path);
	while ((de = readdir(d)) && rc == 0) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		buf_reset(&child);
		buf_printf(&child, "%s/%s", path, de->d_name);
		rc = share_tree(child.ptr, err);
	}
	closedir(d);
	buf_release(&child);
	return rc;
}

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int empty = 1;
	if (!d)
		return errno == ENOENT;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

int store_init(struct store **out, const char *path, int shared, struct jy_err *err)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_repository_init_options opts;
	struct buf lock = BUF_INIT;
	int rc, fd;

	if ((rc = libgit2_up(err)) < 0)
		return rc;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	if (!path || !*path) {
		rc = err_set(err, JY_EINVAL, "%s", L("没有给出仓库路径", "no repository path given"));
		goto cleanup;
	}
	if (looks_like_repo(path)) {
		rc = err_set(err, JY_EEXISTS, L("这里已经有数据仓库：%s", "a data repository already exists at %s"), path);
		goto cleanup;
	}
	if (!dir_is_empty(path)) {
		rc = err_set(err, JY_EEXISTS,
			     L("%s 已存在且不是空目录，不能在这里创建数据仓库", "%s exists and is not an empty directory"),
			     path);
		goto cleanup;
	}
	if (shared)
		shared_umask();
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.mode = shared ? GIT_REPOSITORY_INIT_SHARED_GROUP : GIT_REPOSITORY_INIT_SHARED_UMASK;
	opts.initial_head = "main";
	if ((rc = git_repository_init_ext(&repo, path, &opts)) < 0) {
		rc = git_fail(err, rc, L("创建数据仓库失败", "cannot create the data repository"));
		goto cleanup;
	}
	if ((rc = git_repository_config(&cfg, repo)) < 0 ||
	    (shared && (rc = git_config_set_string(cfg, "core.sharedRepository", "group")) < 0) ||
	    (rc = git_config_set_bool(cfg, "core.logAllRefUpdates", 0)) < 0) {
		rc = git_fail(err, rc, L("写入仓库配置失败", "cannot write the repository config"));
		goto cleanup;
	}
	buf_printf(&lock, "%s/%s", path, WRITER_LOCK);
	if ((fd = open(lock.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		rc = sys_fail(err, L("无法创建", "cannot create"), lock.ptr);
		goto cleanup;
	}
	close(fd);
	if (shared && (rc = share_tree(path, err)) < 0)
		goto cleanup;
	rc = store_open(out, path, err);
cleanup:
	git_config_free(cfg);
	git_repository_free(repo);
	buf_release(&lock);
	git_libgit2_shutdown();
	return rc;
}

void store_free(struct store *s)
{
	if (!s)
		return;
	git_tree_free(s->tree);
	git_commit_free(s->commit);
	objpack_free(s->objpack);
	git_repository_free(s->repo);
	for (size_t i = 0; s->memo && i < MEMO_SLOTS; i++)
		record_free(s->memo[i].rec);
	free(s->memo);
	rows_free(s->rows);
	for (size_t i = 0; i < s->nold; i++)
		rows_free(s->old[i]);
	free(s->old);
	free(s->path);
	if (s->git_up)
		git_libgit2_shutdown();
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

void store_head(const struct store *s, char out[41])
{
	if (s->has_head)
		git_oid_tostr(out, 41, &s->head);
	else
		out[0] = '\0';
}

int store_refresh(struct store *s, struct jy_err *err)
{
	/* Packs written by other processes (fetch, gc) become visible only after a refresh. */
	git_odb *odb = NULL;
	int rc = need_git(s, err);
	if (rc < 0)
		return rc;
	if (git_repository_odb(&odb, s->repo) == 0) {
		git_odb_refresh(odb);
		git_odb_free(odb);
	}
	return load_snapshot(s, err);
}

/* --- reading --- */

static int not_found(struct jy_err *err, const char *path)
{
	return err_set(err, JY_ENOTFOUND, L("没有这条记录：%s", "no such record: %s"), path);
}

/* libgit2 could not read the record at path: a damaged object (bytes that no longer hash to its id) is named
 * by the record it holds. */
static int read_fail(struct jy_err *err, int rc, const char *path)
{
	char *what = xasprintf(L("读取记录 %s 失败", "cannot read record %s"), path);
	rc = git_fail(err, rc, what);
	free(what);
	return rc;
}

/* The blob at path in tree; JY_ENOTFOUND when absent or a directory. */
static int tree_blob(git_blob **out, git_repository *repo, git_tree *tree, const char *path, struct jy_err *err)
{
	git_tree_entry *e = NULL;
	int rc;
	if ((rc = check_path(path, 0, err)) < 0)
		return rc;
	if (!tree)
		return not_found(err, path);
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(e) != GIT_OBJECT_BLOB)) {
		rc = not_found(err, path);
		goto cleanup;
	}
	if (rc < 0 || (rc = git_blob_lookup(out, repo, git_tree_entry_id(e))) < 0)
		rc = read_fail(err, rc, path);
cleanup:
	git_tree_entry_free(e);
	return rc;
}

/* Strict decode with the path in the message. */
static int decode(struct record **out, const char *path, const void *data, size_t len, struct jy_err *err)
{
	int rc = codec_decode(out, data, len, err);
	if (rc < 0)
		err_prefix(err, L("记录 %s 无法读取", "record %s cannot be read"), path);
	return rc;
}

static int blob_decode(struct record **out, const char *path, const git_blob *b, struct jy_err *err)
{
	return decode(out, path, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), err);
}

static int read_in_tree(struct record **out, struct store *s, git_tree *tree, const char *path, struct jy_err *err)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	struct memo *m;
	int rc;
	if ((rc = check_path(path, 0, err)) < 0)
		return rc;
	if (!tree)
		return not_found(err, path);
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(e) != GIT_OBJECT_BLOB)) {
		rc = not_found(err, path);
		goto cleanup;
	}
	if (rc < 0) {
		rc = read_fail(err, rc, path);
		goto cleanup;
	}
	if (!s->memo)
		s->memo = xcalloc(MEMO_SLOTS, sizeof(*s->memo));
	const git_oid *oid = git_tree_entry_id(e);
	m = &s->memo[((size_t)oid->id[0] << 8 | oid->id[1]) % MEMO_SLOTS];
	if (m->rec && git_oid_equal(&m->blob, oid)) {
		*out = record_dup(m->rec);
		goto cleanup;
	}
	if ((rc = git_blob_lookup(&b, s->repo, oid)) < 0) {
		rc = read_fail(err, rc, path);
		goto cleanup;
	}
	if ((rc = blob_decode(out, path, b, err)) == 0) {
		record_free(m->rec);
		m->rec = record_dup(*out);
		m->blob = *oid;
	}
cleanup:
	git_blob_free(b);
	git_tree_entry_free(e);
	return rc;
}

/* A record the index keeps the bytes of, decoded through the memo: 0, JY_ENOTFOUND, a decode error, or 1
 * when the index cannot answer (then git does). */
static int read_lazy(struct record **out, struct buf *raw, struct store *s, const char *path, struct jy_err *err)
{
	struct rows *r = lazy_rows(s);
	const char *data;
	size_t len;
	git_oid oid;
	int rc;
	if (!r)
		return 1;
	if ((rc = check_path(path, 0, err)) < 0)
		return rc;
	if ((rc = rows_raw(r, path, &data, &len, oid.id)) == JY_ENOTFOUND)
		return not_found(err, path);
	if (rc < 0)
		return 1;
	if (raw) {
		buf_add(raw, data, len);
		return 0;
	}
	if (!s->memo)
		s->memo = xcalloc(MEMO_SLOTS, sizeof(*s->memo));
	struct memo *m = &s->memo[((size_t)oid.id[0] << 8 | oid.id[1]) % MEMO_SLOTS];
	if (m->rec && git_oid_equal(&m->blob, &oid)) {
		*out = record_dup(m->rec);
		return 0;
	}
	if ((rc = decode(out, path, data, len, err)) == 0) {
		record_free(m->rec);
		m->rec = record_dup(*out);
		m->blob = oid;
	}
	return rc;
}

int store_read(struct record **out, struct store *s, const char *path, struct jy_err *err)
{
	int rc = read_lazy(out, NULL, s, path, err);
	if (rc <= 0)
		return rc;
	if ((rc = need_git(s, err)) < 0)
		return rc;
	return read_in_tree(out, s, s->tree, path, err);
}

int store_read_raw(struct buf *out, struct store *s, const char *path, struct jy_err *err)
{
	git_blob *b = NULL;
	int rc = read_lazy(NULL, out, s, path, err);
	if (rc <= 0)
		return rc;
	if ((rc = need_git(s, err)) < 0)
		return rc;
	rc = tree_blob(&b, s->repo, s->tree, path, err);
	if (rc == 0)
		buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return rc;
}

/* 1 and the entry's id when path names a blob in tree, 0 when absent. */
static int blob_id_at(git_oid *out, git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	int found = 0;
	if (tree && git_tree_entry_bypath(&e, tree, path) == 0 && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		*out = *git_tree_entry_id(e);
		found = 1;
	}
	git_tree_entry_free(e);
	return found;
}

int store_exists(struct store *s, const char *path)
{
	git_oid oid;
	struct rows *r = lazy_rows(s);
	const char *data;
	size_t len;
	if (check_path(path, 0, NULL) < 0)
		return 0;
	int rc = r ? rows_raw(r, path, &data, &len, oid.id) : -1;
	if (rc == 0 || rc == JY_ENOTFOUND)
		return rc == 0;
	return need_git(s, NULL) == 0 && blob_id_at(&oid, s->tree, path);
}

int store_locate(struct buf *out, struct store *s, const char *path)
{
	struct buf other = BUF_INIT;
	int found = store_exists(s, path);
	/* path may point into out. */
	if (found && out->ptr != path)
		buf_set(out, path);
	if (!found && schema_path_counterpart(&other, path, NULL) == 0 && (found = store_exists(s, other.ptr)))
		buf_set(out, other.ptr);
	buf_release(&other);
	return found;
}

/* The subtree at dir ("" = root); 0 with *out NULL when absent or not a directory. */
static int subtree(git_tree **out, git_repository *repo, git_tree *root, const char *dir, struct jy_err *err)
{
	git_tree_entry *e = NULL;
	int rc = 0;
	*out = NULL;
	if (!root)
		return 0;
	if (!*dir)
		return git_object_dup((git_object **)out, (git_object *)root);
	rc = git_tree_entry_bypath(&e, root, dir);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(e) != GIT_OBJECT_TREE)) {
		rc = 0;
		goto cleanup;
	}
	if (rc < 0 || (rc = git_tree_lookup(out, repo, git_tree_entry_id(e))) < 0)
		rc = git_fail(err, rc, L("读取目录失败", "cannot read directory"));
cleanup:
	git_tree_entry_free(e);
	return rc;
}

void store_item_free(void *p)
{
	struct store_item *it = p;
	if (!it)
		return;
	free(it->path);
	free(it->id);
	record_free(it->rec);
	free(it);
}

/* A where filter: section (may end in ".*"), key, wanted value. */
struct where {
	char *section;
	char *key;
	char *value;
};

static void where_free(void *p)
{
	struct where *w = p;
	if (!w)
		return;
	free(w->section);
	free(w->key);
	free(w->value);
	free(w);
}

static void where_add(struct vec *ws, const char *section, const char *key, const char *value)
{
	struct where *w = xmalloc(sizeof(*w));
	w->section = xstrdup(section);
	w->key = xstrdup(key);
	w->value = xstrdup(value);
	vec_push(ws, w);
}

static int parse_where(struct vec *ws, const struct type_def *t, const char *spec, struct jy_err *err)
{
	const char *eq = strchr(spec, '=');
	if (!eq || eq == spec)
		return err_set(err, JY_EINVAL,
			       L("筛选条件 %s 不对：应写成 字段=值 或 节.字段=值", "bad filter %s: use key=value or section.key=value"),
			       spec);
	char *lhs = xstrndup(spec, (size_t)(eq - spec));
	char *dot = strrchr(lhs, '.');
	if (dot && dot != lhs && dot[1]) {
		*dot = '\0';
		where_add(ws, lhs, dot + 1, eq + 1);
	} else {
		where_add(ws, t->main, lhs, eq + 1);
	}
	free(lhs);
	return 0;
}

static int section_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);
	if (n >= 2 && pattern[n - 1] == '*' && pattern[n - 2] == '.')
		return strncmp(pattern, name, n - 1) == 0 && name[n - 1];
	return strcmp(pattern, name) == 0;
}

static int value_matches(const struct type_def *t, const char *section, const char *key, const char *have,
			 const char *want)
{
	const struct field_def *f = schema_field(t, section, key);
	if (f && (f->type == FT_SET || f->type == FT_REFLIST || f->type == FT_LIST)) {
		struct vec items = VEC_INIT(free);
		vec_split(&items, have, ',');
		int hit = vec_has_str(&items, want);
		vec_free(&items);
		return hit;
	}
	return strcmp(have, want) == 0;
}

static int where_matches(const struct type_def *t, const struct where *w, const struct record *r)
{
	for (size_t i = 0; i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		const char *v;
		if (section_matches(w->section, sec) && (v = record_get(r, sec, w->key)) &&
		    value_matches(t, sec, w->key, v, w->value))
			return 1;
	}
	return 0;
}

struct list_ctx {
	struct store *s;
	const struct type_def *t;
	const struct store_query *q;
	struct vec where;
	struct vec *out;
	size_t skipped;
	struct buf *dir; /* the directory being listed */
	int in_shard;    /* listing a shard directory of a sharded type (schema.h enum shard_kind) */
};

static const char *query_value(const struct store_query *q, const char *key)
{
	if (strcmp(key, "term") == 0)
		return q->term;
	if (strcmp(key, "school") == 0)
		return q->school;
	if (strcmp(key, "specialty") == 0)
		return q->specialty;
	return NULL;
}

static int path_has_key(const struct type_def *t, const char *key)
{
	for (size_t i = 0; t->path_keys[i]; i++)
		if (strcmp(t->path_keys[i], key) == 0)
			return 1;
	return 0;
}

/* The id a path gives a record of type t: the file stem, or everything below dir for composite ids. */
static char *path_id(const struct type_def *t, const char *path)
{
	size_t n = strlen(path);
	const char *start = path;
	if (n > 4 && strcmp(path + n - 4, ".ini") == 0)
		n -= 4;
	if (t->id_kind == ID_COMPOSITE) {
		size_t d = strlen(t->dir);
		if (d && strncmp(path, t->dir, d) == 0 && path[d] == '/')
			start = path + d + 1;
	} else {
		const char *slash = strrchr(path, '/');
		if (slash)
			start = slash + 1;
	}
	return xstrndup(start, (size_t)(path + n - start));
}

/* Keeps r (owned; NULL when it did not decode) when it passes the filters. */
static void list_record(struct list_ctx *c, const char *path, struct record *r)
{
	struct buf id = BUF_INIT;
	struct jy_err quiet = JY_ERR_INIT;
	if (!r) {
		c->skipped++;
		return;
	}
	for (size_t i = 0; i < c->where.len; i++)
		if (!where_matches(c->t, c->where.items[i], r)) {
			record_free(r);
			return;
		}
	struct store_item *it = xcalloc(1, sizeof(*it));
	it->path = xstrdup(path);
	it->type = c->t;
	it->id = schema_record_id(&id, c->t, r, &quiet) == 0 && id.len ? buf_detach(&id) : path_id(c->t, path);
	it->rec = r;
	vec_push(c->out, it);
	buf_release(&id);
}

static int list_one(struct list_ctx *c, const char *path, const git_oid *oid, struct jy_err *err)
{
	git_blob *b = NULL;
	struct record *r = NULL;
	struct jy_err quiet = JY_ERR_INIT;
	int rc = git_blob_lookup(&b, c->s->repo, oid);
	if (rc < 0)
		return read_fail(err, rc, path);
	if (codec_decode(&r, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), &quiet) < 0)
		r = NULL;
	git_blob_free(b);
	list_record(c, path, r);
	return 0;
}

/* index_dir_records callback: the directory's path is in c->dir. */
static void list_cached(void *ctx, const char *name, struct record *r)
{
	struct list_ctx *c = ctx;
	size_t mark = c->dir->len;
	buf_printf(c->dir, "/%s", name);
	list_record(c, c->dir->ptr, r);
	buf_truncate(c->dir, mark);
}

static int list_level(struct list_ctx *c, git_tree *tree, size_t depth, struct buf *path, struct jy_err *err);

/* The shard directories below the records' directory (its files are the legacy layout, listed first). */
static int list_shards(struct list_ctx *c, git_tree *tree, size_t depth, struct buf *path, struct jy_err *err)
{
	size_t mark = path->len;
	int rc = 0;
	if (c->t->shard == SHARD_NONE || c->in_shard)
		return 0;
	for (size_t i = 0; i < git_tree_entrycount(tree) && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_tree *sub = NULL;
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		if ((rc = git_tree_lookup(&sub, c->s->repo, git_tree_entry_id(e))) < 0) {
			rc = git_fail(err, rc, L("读取目录失败", "cannot read directory"));
			break;
		}
		buf_truncate(path, mark);
		buf_printf(path, "/%s", git_tree_entry_name(e));
		c->in_shard = 1;
		rc = list_level(c, sub, depth, path, err);
		c->in_shard = 0;
		git_tree_free(sub);
	}
	buf_truncate(path, mark);
	return rc;
}

/* Descends the path layout of the type: fixed components where the query names them, every entry elsewhere. */
static int list_level(struct list_ctx *c, git_tree *tree, size_t depth, struct buf *path, struct jy_err *err)
{
	const char *key = c->t->path_keys[depth];
	int last = c->t->path_keys[depth + 1] == NULL;
	const char *want = query_value(c->q, key);
	size_t mark = path->len, n = git_tree_entrycount(tree);
	struct buf name = BUF_INIT;
	int rc = 0;

	/* A whole directory of records comes from the decoded-record cache when it can. */
	if (last && !want) {
		c->dir = path;
		if (index_dir_records(c->s->repo, path->ptr, tree, list_cached, c) == 0)
			return list_shards(c, tree, depth, path, err);
	}
	if (want) {
		buf_printf(&name, "%s%s", want, last ? ".ini" : "");
		const git_tree_entry *e = git_tree_entry_byname(tree, name.ptr);
		n = e ? 1 : 0;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = want ? git_tree_entry_byname(tree, name.ptr) : git_tree_entry_byindex(tree, i);
		const char *ename = git_tree_entry_name(e);
		buf_truncate(path, mark);
		buf_printf(path, "/%s", ename);
		if (last) {
			if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && is_record_path(ename))
				rc = list_one(c, path->ptr, git_tree_entry_id(e), err);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;
			if ((rc = git_tree_lookup(&sub, c->s->repo, git_tree_entry_id(e))) < 0)
				rc = git_fail(err, rc, L("读取目录失败", "cannot read directory"));
			else
				rc = list_level(c, sub, depth + 1, path, err);
			git_tree_free(sub);
		}
	}
	buf_truncate(path, mark);
	buf_release(&name);
	return rc == 0 && last ? list_shards(c, tree, depth, path, err) : rc;
}

static int list_raw(void *ctx, const char *path, const char *data, size_t len)
{
	struct list_ctx *c = ctx;
	struct record *r = NULL;
	struct jy_err quiet = JY_ERR_INIT;
	if (codec_decode(&r, data, len, &quiet) < 0)
		r = NULL;
	list_record(c, path, r);
	return 0;
}

/* The small top-level types (people, schools, rules …) listed from the bytes the index keeps: 0, or 1 when
 * the index cannot answer. */
static int list_lazy(struct list_ctx *c)
{
	struct rows *r = lazy_rows(c->s);
	if (!r)
		return 1;
	if (!*c->t->dir || !c->t->path_keys[0]) {
		struct record *rec = NULL;
		int rc = read_lazy(&rec, NULL, c->s, "group.ini", NULL);
		if (rc == 1)
			return 1;
		if (rc != JY_ENOTFOUND)
			list_record(c, "group.ini", rc == 0 ? rec : NULL);
		return 0;
	}
	if (strchr(c->t->dir, '/') || !c->t->path_keys[0] || c->t->path_keys[1])
		return 1;
	return rows_each_raw(r, c->t->dir, list_raw, c) < 0 ? 1 : 0;
}

int store_list(struct vec *out, struct store *s, const struct store_query *q, size_t *skipped, struct jy_err *err)
{
	struct list_ctx c = { s, NULL, q, VEC_INIT(where_free), out, 0, NULL, 0 };
	struct buf path = BUF_INIT;
	git_tree *dir = NULL;
	int rc = 0;

	if (!q || !(c.t = schema_type(q->type))) {
		rc = err_set(err, JY_EINVAL, L("未知的记录类型：%s", "unknown record type: %s"), q && q->type ? q->type : "");
		goto cleanup;
	}
	for (size_t i = 0; q->where && q->where[i]; i++)
		if ((rc = parse_where(&c.where, c.t, q->where[i], err)) < 0)
			goto cleanup;
	/* term/school/specialty that the path does not hold filter on the record's own field. */
	static const char *const qkeys[] = { "term", "school", "specialty", NULL };
	for (size_t i = 0; qkeys[i]; i++) {
		const char *v = query_value(q, qkeys[i]);
		if (!v || path_has_key(c.t, qkeys[i]))
			continue;
		if (schema_field(c.t, c.t->main, qkeys[i]))
			where_add(&c.where, c.t->main, qkeys[i], v);
		else if (strcmp(qkeys[i], "school") == 0 && schema_field(c.t, c.t->main, "schools"))
			where_add(&c.where, c.t->main, "schools", v);
	}
	if (list_lazy(&c) == 0)
		goto cleanup;
	if ((rc = need_git(s, err)) < 0)
		goto cleanup;
	if (!*c.t->dir || !c.t->path_keys[0]) {
		/* A singleton such as group.ini. */
		git_oid oid;
		buf_printf(&path, "%s.ini", c.t->name);
		if (blob_id_at(&oid, s->tree, path.ptr))
			rc = list_one(&c, path.ptr, &oid, err);
		goto cleanup;
	}
	if ((rc = subtree(&dir, s->repo, s->tree, c.t->dir, err)) < 0 || !dir)
		goto cleanup;
	buf_puts(&path, c.t->dir);
	rc = list_level(&c, dir, 0, &path, err);
cleanup:
	if (skipped)
		*skipped = c.skipped;
	git_tree_free(dir);
	vec_free(&c.where);
	buf_release(&path);
	return rc;
}

/* --- resolving what a user typed --- */

static size_t count_keys(const char *const *k)
{
	size_t n = 0;
	while (k && k[n])
		n++;
	return n;
}

/*
 * Walks the first `levels` directory levels below tree and collects the
 * files `files` (NULL-terminated, relative to the leaf directory: "ID.ini",
 * "2026-11/ID.ini" for a sharded type) that exist there.
 */
static int find_in_dirs(struct vec *paths, struct store *s, git_tree *tree, size_t levels, struct buf *path,
			const char *const *files, struct jy_err *err)
{
	size_t mark = path->len;
	int rc = 0;
	if (levels == 0) {
		for (size_t i = 0; files[i]; i++) {
			git_tree_entry *e = NULL;
			if (git_tree_entry_bypath(&e, tree, files[i]) == 0 && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
				buf_printf(path, "/%s", files[i]);
				vec_push_str(paths, path->ptr);
				buf_truncate(path, mark);
			}
			git_tree_entry_free(e);
		}
		return 0;
	}
	for (size_t i = 0; i < git_tree_entrycount(tree) && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_tree *sub = NULL;
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		if ((rc = git_tree_lookup(&sub, s->repo, git_tree_entry_id(e))) < 0) {
			rc = git_fail(err, rc, L("读取目录失败", "cannot read directory"));
			break;
		}
		buf_truncate(path, mark);
		buf_printf(path, "/%s", git_tree_entry_name(e));
		rc = find_in_dirs(paths, s, sub, levels - 1, path, files, err);
		git_tree_free(sub);
	}
	buf_truncate(path, mark);
	return rc;
}

/* The index's answer for one generated id, fetched once per store_resolve and shared by the types. */
struct id_hits {
	int state; /* 0 not asked yet, 1 answered, -1 the index could not answer */
	struct vec paths;
};

/* Appends the paths of records of type t whose id is idspec ("ID" or "A/B/C" for composite ids). */
static int resolve_in_type(struct vec *paths, struct store *s, const struct type_def *t, const char *idspec,
			   struct id_hits *hits, struct jy_err *err)
{
	struct buf path = BUF_INIT, file = BUF_INIT;
	git_tree *dir = NULL;
	size_t nkeys = count_keys(t->path_keys), parts = 1;
	int rc = 0;

	if (t->id_kind == ID_SINGLETON) {
		buf_printf(&path, "%s.ini", t->name);
		if (strcmp(idspec, t->name) == 0 && store_exists(s, path.ptr))
			vec_push_str(paths, path.ptr);
		goto cleanup;
	}
	if (check_path(idspec, 0, NULL) < 0 || !nkeys)
		goto cleanup;
	for (const char *p = idspec; *p; p++)
		parts += *p == '/';
	if (parts == nkeys) {
		struct vec values = VEC_INIT(free);
		for (const char *p = idspec; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
			vec_push(&values, xstrndup(p, strcspn(p, "/")));
		vec_push(&values, NULL);
		if (schema_path_of(&path, t, (const char *const *)values.items, NULL) == 0 &&
		    store_locate(&file, s, path.ptr))
			vec_push_str(paths, file.ptr);
		vec_free(&values);
		goto cleanup;
	}
	/* A bare id of a record filed below other components (term/school, specialty/course). */
	if (parts != 1 || !t->id_key || strcmp(t->path_keys[nkeys - 1], t->id_key) != 0)
		goto cleanup;
	if (t->id_kind == ID_GENERATED && id_valid(idspec)) {
		if (hits->state == 0)
			hits->state = index_find(&hits->paths, s->repo, s->tree, idspec) == 0 ? 1 : -1;
		if (hits->state == 1) {
			for (size_t i = 0; i < hits->paths.len; i++)
				if (schema_type_of_path(hits->paths.items[i]) == t)
					vec_push_str(paths, hits->paths.items[i]);
			goto cleanup;
		}
		/* the index could not answer: search the tree */
	}
	if ((rc = subtree(&dir, s->repo, s->tree, t->dir, err)) < 0 || !dir)
		goto cleanup;
	buf_puts(&path, t->dir);
	buf_printf(&file, "%s.ini", idspec);
	char month[8];
	struct buf sharded = BUF_INIT;
	if (t->shard == SHARD_ID_MONTH && id_month(month, idspec) == 0)
		buf_printf(&sharded, "%s/%s", month, file.ptr);
	const char *files[] = { sharded.len ? sharded.ptr : file.ptr, sharded.len ? file.ptr : NULL, NULL };
	rc = find_in_dirs(paths, s, dir, nkeys - 1, &path, files, err);
	buf_release(&sharded);
cleanup:
	git_tree_free(dir);
	buf_release(&path);
	buf_release(&file);
	return rc;
}

int store_resolve(struct buf *path_out, struct store *s, const char *spec, struct jy_err *err)
{
	struct vec paths = VEC_INIT(free);
	struct id_hits hits = { 0, VEC_INIT(free) };
	struct buf list = BUF_INIT;
	const struct type_def *t = NULL;
	int rc = need_git(s, err);

	if (rc < 0)
		return rc;
	if (!spec || !*spec) {
		rc = err_set(err, JY_EINVAL, "%s", L("没有给出记录编号", "no record id given"));
		goto cleanup;
	}
	if (is_record_path(spec)) {
		if ((rc = check_path(spec, 0, err)) < 0)
			goto cleanup;
		if (store_exists(s, spec))
			vec_push_str(&paths, spec);
	} else {
		const char *slash = strchr(spec, '/');
		if (slash) {
			char *tname = xstrndup(spec, (size_t)(slash - spec));
			t = schema_type(tname);
			free(tname);
		}
		if (t) {
			rc = resolve_in_type(&paths, s, t, slash + 1, &hits, err);
		} else {
			for (size_t i = 0; i < schema_type_count() && rc == 0; i++)
				rc = resolve_in_type(&paths, s, schema_type_at(i), spec, &hits, err);
		}
		if (rc < 0)
			goto cleanup;
	}
	if (paths.len == 0) {
		rc = err_set(err, JY_ENOTFOUND, L("找不到记录：%s", "no record matches %s"), spec);
		goto cleanup;
	}
	if (paths.len > 1) {
		for (size_t i = 0; i < paths.len; i++) {
			const struct type_def *pt = schema_type_of_path(paths.items[i]);
			char *pid = pt ? path_id(pt, paths.items[i]) : xstrdup(paths.items[i]);
			buf_printf(&list, "%s%s/%s", i ? L("、", ", ") : "", pt ? pt->name : "?", pid);
			free(pid);
		}
		rc = err_set(err, JY_EINVAL,
			     L("编号 %s 对应多条记录：%s；请写成 类型/编号 指明是哪一条",
			       "%s matches several records: %s; write TYPE/ID to pick one"),
			     spec, list.ptr);
		goto cleanup;
	}
	buf_set(path_out, paths.items[0]);
cleanup:
	vec_free(&paths);
	vec_free(&hits.paths);
	buf_release(&list);
	return rc;
}

/* --- walking and counting --- */

/* fn gets each file's bytes; or, fn NULL, each file is counted in *count or its path pushed to paths. */
static int walk_tree(struct store *s, git_tree *tree, struct buf *path, store_walk_fn fn, void *ctx,
		     size_t *count, struct vec *paths, struct jy_err *err)
{
	size_t mark = path->len;
	int rc = 0;
	for (size_t i = 0; i < git_tree_entrycount(tree) && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		buf_truncate(path, mark);
		buf_printf(path, "%s%s", mark ? "/" : "", git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;
			if ((rc = git_tree_lookup(&sub, s->repo, git_tree_entry_id(e))) < 0)
				rc = git_fail(err, rc, L("读取目录失败", "cannot read directory"));
			else
				rc = walk_tree(s, sub, path, fn, ctx, count, paths, err);
			git_tree_free(sub);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			if (count) {
				(*count)++;
				continue;
			}
			if (paths) {
				vec_push_str(paths, path->ptr);
				continue;
			}
			git_blob *b = NULL;
			if ((rc = git_blob_lookup(&b, s->repo, git_tree_entry_id(e))) < 0) {
				rc = read_fail(err, rc, path->ptr);
				break;
			}
			rc = fn(ctx, path->ptr, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
			git_blob_free(b);
		}
	}
	buf_truncate(path, mark);
	return rc;
}

/* Shared by store_walk, store_count and store_files (walk_tree's modes). */
static int walk_prefix(struct store *s, const char *prefix, store_walk_fn fn, void *ctx, size_t *count,
		       struct vec *paths, struct jy_err *err)
{
	struct buf path = BUF_INIT;
	git_tree *dir = NULL;
	git_blob *b = NULL;
	git_oid oid;
	int rc;
	if (!prefix)
		prefix = "";
	if ((rc = check_path(prefix, 1, err)) < 0)
		goto cleanup;
	if (*prefix && blob_id_at(&oid, s->tree, prefix)) {
		if (count) {
			(*count)++;
		} else if (paths) {
			vec_push_str(paths, prefix);
		} else if ((rc = git_blob_lookup(&b, s->repo, &oid)) < 0) {
			rc = read_fail(err, rc, prefix);
		} else {
			rc = fn(ctx, prefix, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		}
		goto cleanup;
	}
	if ((rc = subtree(&dir, s->repo, s->tree, prefix, err)) < 0 || !dir)
		goto cleanup;
	buf_puts(&path, prefix);
	rc = walk_tree(s, dir, &path, fn, ctx, count, paths, err);
cleanup:
	git_blob_free(b);
	git_tree_free(dir);
	buf_release(&path);
	return rc;
}

int store_walk(struct store *s, const char *prefix, store_walk_fn fn, void *ctx, struct jy_err *err)
{
	int rc = need_git(s, err);
	if (rc < 0)
		return rc;
	return walk_prefix(s, prefix, fn, ctx, NULL, NULL, err);
}

int store_files(struct vec *out, struct store *s, const char *prefix, struct jy_err *err)
{
	int rc = need_git(s, err);
	if (rc < 0)
		return rc;
	return walk_prefix(s, prefix, NULL, NULL, NULL, out, err);
}

int store_count(size_t *out, struct store *s, const char *prefix, struct jy_err *err)
{
	size_t n = 0;
	git_oid oid;
	int rc;
	if (!prefix)
		prefix = "";
	if ((rc = check_path(prefix, 1, err)) < 0)
		return rc;
	/* Directories (not a file) are counted by the ready-to-show index while libgit2 sleeps. */
	struct rows *r = lazy_rows(s);
	const char *data;
	size_t len;
	if (r && rows_raw(r, prefix, &data, &len, oid.id) != 0 && !strstr(prefix, ".ini")) {
		*out = rows_files(r, prefix);
		return 0;
	}
	if ((rc = need_git(s, err)) < 0)
		return rc;
	/* A directory is counted from the index's per-directory totals, without opening its trees. */
	if (!(*prefix && blob_id_at(&oid, s->tree, prefix)) && index_count(&n, s->repo, s->tree, prefix) == 0) {
		*out = n;
		return 0;
	}
	rc = walk_prefix(s, prefix, NULL, NULL, &n, NULL, err);
	if (rc == 0)
		*out = n;
	return rc;
}

/* --- history --- */

void store_commit_free(void *p)
{
	struct store_commit *c = p;
	if (!c)
		return;
	free(c->author);
	free(c->email);
	free(c->message);
	free(c);
}

/*
 * 1 when path differs between trees a and b. Compares entry ids level by
 * level and stops at the first equal subtree, so most commits of a large
 * history are decided without opening the deep (large) directories.
 */
static int path_differs(git_repository *repo, git_tree *a, git_tree *b, const char *path, int *out)
{
	git_tree *ta = a, *tb = b;
	struct buf comp = BUF_INIT;
	int rc = 0, differs = 0;
	for (const char *p = path;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		buf_reset(&comp);
		buf_add(&comp, p, n);
		const git_tree_entry *ea = ta ? git_tree_entry_byname(ta, comp.ptr) : NULL;
		const git_tree_entry *eb = tb ? git_tree_entry_byname(tb, comp.ptr) : NULL;
		if (!ea || !eb) {
			/* A directory one side lacks: the path differs only if the other side holds it (a
			 * commit that made a month directory did not touch every later record of it). */
			const git_tree_entry *e = ea ? ea : eb;
			differs = e != NULL;
			if (e && slash) {
				git_tree *sub = NULL;
				git_tree_entry *leaf = NULL;
				differs = git_tree_entry_type(e) == GIT_OBJECT_TREE &&
					  git_tree_lookup(&sub, repo, git_tree_entry_id(e)) == 0 &&
					  git_tree_entry_bypath(&leaf, sub, slash + 1) == 0;
				git_tree_entry_free(leaf);
				git_tree_free(sub);
			}
			break;
		}
		if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
			break;
		if (!slash || git_tree_entry_type(ea) != GIT_OBJECT_TREE || git_tree_entry_type(eb) != GIT_OBJECT_TREE) {
			differs = 1;
			break;
		}
		git_tree *na = NULL, *nb = NULL;
		if ((rc = git_tree_lookup(&na, repo, git_tree_entry_id(ea))) < 0 ||
		    (rc = git_tree_lookup(&nb, repo, git_tree_entry_id(eb))) < 0) {
			git_tree_free(na);
			break;
		}
		if (ta != a)
			git_tree_free(ta);
		if (tb != b)
			git_tree_free(tb);
		ta = na;
		tb = nb;
		p = slash + 1;
	}
	if (ta != a)
		git_tree_free(ta);
	if (tb != b)
		git_tree_free(tb);
	buf_release(&comp);
	if (rc == 0)
		*out = differs;
	return rc;
}

/* A commit touched path when it differs from every parent (git log's TREESAME rule for merges). */
static int commit_touches(git_repository *repo, git_commit *c, const char *path, int *out)
{
	git_tree *tree = NULL;
	unsigned np = git_commit_parentcount(c);
	int rc = git_commit_tree(&tree, c), touched = 1;
	if (rc < 0)
		goto cleanup;
	if (np == 0) {
		git_oid oid;
		touched = blob_id_at(&oid, tree, path);
	}
	for (unsigned i = 0; i < np && touched && rc == 0; i++) {
		git_commit *parent = NULL;
		git_tree *ptree = NULL;
		if ((rc = git_commit_parent(&parent, c, i)) == 0 && (rc = git_commit_tree(&ptree, parent)) == 0)
			rc = path_differs(repo, ptree, tree, path, &touched);
		git_tree_free(ptree);
		git_commit_free(parent);
	}
cleanup:
	git_tree_free(tree);
	if (rc == 0)
		*out = touched;
	return rc;
}

int store_history(struct vec *out, struct store *s, const char *path, struct jy_err *err)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	struct buf other = BUF_INIT;
	int rc, grc;
	if ((rc = need_git(s, err)) < 0 || (rc = check_path(path, 0, err)) < 0 || !s->has_head)
		return rc;
	if ((grc = git_revwalk_new(&walk, s->repo)) < 0 ||
	    (grc = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)) < 0 ||
	    (grc = git_revwalk_push(walk, &s->head)) < 0)
		goto cleanup;
	/* A record of a sharded type was filed at its legacy path before `migrate` moved it (unchanged). */
	if (schema_path_counterpart(&other, path, NULL) < 0)
		buf_reset(&other);
	while ((grc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		int touched = 0;
		if ((grc = git_commit_lookup(&c, s->repo, &oid)) == 0 &&
		    (grc = commit_touches(s->repo, c, path, &touched)) == 0 && !touched && other.len)
			grc = commit_touches(s->repo, c, other.ptr, &touched);
		if (grc == 0 && touched) {
			const git_signature *a = git_commit_author(c);
			struct store_commit *sc = xcalloc(1, sizeof(*sc));
			git_oid_tostr(sc->oid, sizeof(sc->oid), &oid);
			sc->author = xstrdup(a->name);
			sc->email = xstrdup(a->email);
			sc->when = (time_t)a->when.time;
			sc->message = xstrdup(git_commit_message(c) ? git_commit_message(c) : "");
			vec_push(out, sc);
		}
		git_commit_free(c);
		if (grc < 0)
			break;
	}
	if (grc == GIT_ITEROVER)
		grc = 0;
cleanup:
	if (grc < 0)
		rc = git_fail(err, grc, L("读取历史失败", "cannot read history"));
	git_revwalk_free(walk);
	buf_release(&other);
	return rc;
}

int store_read_at(struct record **out, struct store *s, const char *commit, const char *path, struct jy_err *err)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	size_t n = commit ? strlen(commit) : 0;
	int rc = need_git(s, err);
	if (rc < 0)
		return rc;
	if (n < 4 || n > GIT_OID_HEXSZ || git_oid_fromstrn(&oid, commit, n) < 0)
		return err_set(err, JY_EINVAL, L("提交编号不对：%s", "bad commit id: %s"), commit ? commit : "");
	if ((rc = git_commit_lookup_prefix(&c, s->repo, &oid, n)) < 0 || (rc = git_commit_tree(&tree, c)) < 0) {
		rc = git_fail(err, rc, L("找不到提交", "no such commit"));
		goto cleanup;
	}
	git_oid blob;
	struct buf other = BUF_INIT;
	/* Before `migrate`, the record was at its legacy path (history lists those commits too). */
	if (!blob_id_at(&blob, tree, path) && schema_path_counterpart(&other, path, NULL) == 0 &&
	    blob_id_at(&blob, tree, other.ptr))
		path = other.ptr;
	rc = read_in_tree(out, s, tree, path, err);
	buf_release(&other);
cleanup:
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* --- the writer lock --- */

static double lock_timeout(void)
{
	const char *v = getenv("JIAOYAN_LOCK_TIMEOUT");
	char *end;
	double t = v && *v ? strtod(v, &end) : 10.0;
	if (!v || !*v || *end || t < 0)
		t = 10.0;
	return t;
}

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* flock(LOCK_EX) on <repo>/<name>, polled so the wait is at most `limit` seconds; *fd_out holds it until close. */
static int take_lock(int *fd_out, struct store *s, const char *name, double limit, struct jy_err *err)
{
	struct buf p = BUF_INIT;
	double start = now_mono();
	long nap = 1;
	int rc = 0, fd;
	buf_printf(&p, "%s/%s", s->path, name);
	fd = open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && (errno == EACCES || errno == EROFS)) {
		int first = errno;
		fd = open(p.ptr, O_RDONLY | O_CLOEXEC); /* flock needs no write access */
		/* No lock file to fall back on: the real cause is the first one (a read-only file system). */
		if (fd < 0 && errno == ENOENT)
			errno = first;
	}
	if (fd < 0) {
		rc = sys_fail(err, L("无法打开写入锁", "cannot open the writer lock"), p.ptr);
		goto cleanup;
	}
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = sys_fail(err, L("无法加写入锁", "cannot take the writer lock"), p.ptr);
			break;
		}
		if (now_mono() - start >= limit) {
			rc = err_set(err, JY_ELOCKED,
				     L("数据仓库正忙：另一个写入者持有 %s 已超过 %g 秒。请稍后重试；若一直如此，"
				       "请用 fuser -v %s 查看是哪个进程卡住了（可调 JIAOYAN_LOCK_TIMEOUT 延长等待）",
				       "the data repository is busy: another writer has held %s for more than %g s. Try "
				       "again later; if it persists, find the stuck process with fuser -v %s (the wait "
				       "is set by JIAOYAN_LOCK_TIMEOUT)"),
				     p.ptr, limit, p.ptr);
			break;
		}
		sleep_ms(nap);
		nap = nap < 16 ? nap * 2 : 16;
	}
	if (rc < 0) {
		close(fd);
		goto cleanup;
	}
	*fd_out = fd;
cleanup:
	buf_release(&p);
	return rc;
}

static int writer_lock(int *fd_out, struct store *s, struct jy_err *err)
{
	return take_lock(fd_out, s, WRITER_LOCK, lock_timeout(), err);
}

/*
 * Called with the flock held: no jiaoyan writer can own refs/heads/main.lock,
 * so it was left by a writer that died. A git process (receive-pack of a
 * push) does not take our flock, though, and holds the ref lock for
 * milliseconds; a young lock therefore gets a short grace before removal.
 */
static void clear_stale_ref_lock(struct store *s)
{
	struct buf p = BUF_INIT;
	struct stat st;
	buf_printf(&p, "%s/%s", s->path, REF_LOCK);
	for (long waited = 0; lstat(p.ptr, &st) == 0; waited += 10) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		double age = (double)(now.tv_sec - st.st_mtim.tv_sec) +
			     (double)(now.tv_nsec - st.st_mtim.tv_nsec) / 1e9;
		if (age * 1000 >= REF_LOCK_GRACE_MS || waited >= REF_LOCK_GRACE_MS) {
			unlink(p.ptr);
			break;
		}
		sleep_ms(10);
	}
	buf_release(&p);
}

int store_lock(int *fd_out, struct store *s, const char *name, double wait, struct jy_err *err)
{
	return take_lock(fd_out, s, name, wait, err);
}

int store_advance(struct store *s, const char *expected, const char *next, const char *why, struct jy_err *err)
{
	git_oid want, to;
	git_reference *ref = NULL;
	int fd = -1, rc;
	if (git_oid_fromstr(&to, next) < 0 || (*expected && git_oid_fromstr(&want, expected) < 0))
		return err_set(err, JY_EINVAL, L("不是提交编号", "not a commit id"));
	if ((rc = need_git(s, err)) < 0 || (rc = writer_lock(&fd, s, err)) < 0)
		return rc;
	clear_stale_ref_lock(s);
	if (*expected)
		rc = git_reference_create_matching(&ref, s->repo, MAIN_REF, &to, 1, &want, why);
	else
		rc = git_reference_create(&ref, s->repo, MAIN_REF, &to, 0, why);
	git_reference_free(ref);
	close(fd);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		return err_set(err, JY_ECONFLICT, L("分支 main 刚被另一个写入者移动了", "branch main was just moved by another writer"));
	if (rc < 0)
		return git_fail(err, rc, L("移动分支 main 失败", "cannot move branch main"));
	return load_snapshot(s, err);
}


/* --- packing (core/pack) --- */

int store_gc(struct store *s, struct jy_err *err)
{
	git_odb *odb = NULL;
	int fd = -1;
	int rc = need_git(s, err);
	if (rc < 0 || (rc = take_lock(&fd, s, PACK_LOCK, lock_timeout(), err)) < 0)
		return rc;
	rc = pack_gc(s->path, fd, err);
	close(fd);
	/* libgit2 keeps its own list of packs: it is to see the new ones and forget the deleted. */
	if (git_repository_odb(&odb, s->repo) == 0)
		git_odb_refresh(odb);
	git_odb_free(odb);
	return rc;
}

/* --- transactions --- */

static void op_free(void *p)
{
	struct op *o = p;
	if (!o)
		return;
	free(o->path);
	record_free(o->rec);
	buf_release(&o->data);
	free(o);
}

static struct op *find_op(struct store_txn *t, const char *path)
{
	for (size_t i = 0; i < t->ops.len; i++) {
		struct op *o = t->ops.items[i];
		if (strcmp(o->path, path) == 0)
			return o;
	}
	return NULL;
}

int store_txn_begin(struct store_txn **out, struct store *s, struct jy_err *err)
{
	int rc = need_git(s, err);
	if (rc < 0)
		return rc;
	struct store_txn *t = xcalloc(1, sizeof(*t));
	t->s = s;
	vec_init(&t->ops, op_free);
	if (s->has_head) {
		t->has_base = 1;
		t->base = s->head;
		if ((rc = git_object_dup((git_object **)&t->base_tree, (git_object *)s->tree)) < 0) {
			rc = git_fail(err, rc, L("读取最新提交失败", "cannot read the latest commit"));
			store_txn_free(t);
			return rc;
		}
	}
	*out = t;
	return 0;
}

void store_txn_free(struct store_txn *t)
{
	if (!t)
		return;
	vec_free(&t->ops);
	git_tree_free(t->base_tree);
	free(t);
}

int store_txn_read(struct record **out, struct store_txn *t, const char *path, struct jy_err *err)
{
	struct op *o;
	int rc = check_path(path, 0, err);
	if (rc < 0)
		return rc;
	if ((o = find_op(t, path))) {
		if (o->del)
			return not_found(err, path);
		if (o->has_blob) {
			git_blob *b = NULL;
			if ((rc = git_blob_lookup(&b, t->s->repo, &o->blob)) < 0)
				return read_fail(err, rc, path);
			rc = blob_decode(out, path, b, err);
			git_blob_free(b);
			return rc;
		}
		*out = record_dup(o->rec);
		return 0;
	}
	return read_in_tree(out, t->s, t->base_tree, path, err);
}

static int check_record_path(const char *path, struct jy_err *err)
{
	int rc = check_path(path, 0, err);
	if (rc == 0 && !is_record_path(path))
		rc = err_set(err, JY_EINVAL, L("路径不合法：%s（记录文件以 .ini 结尾）", "invalid path: %s (records end in .ini)"),
			     path);
	return rc;
}

static struct op *stage(struct store_txn *t, const char *path)
{
	struct op *o = find_op(t, path);
	if (!o) {
		o = xcalloc(1, sizeof(*o));
		o->path = xstrdup(path);
		buf_init(&o->data);
		vec_push(&t->ops, o);
	}
	record_free(o->rec);
	o->rec = NULL;
	buf_reset(&o->data);
	o->has_blob = 0;
	return o;
}

int store_txn_put(struct store_txn *t, const char *path, const struct record *r, struct jy_err *err)
{
	struct buf data = BUF_INIT;
	int rc;
	if ((rc = check_record_path(path, err)) < 0)
		goto cleanup;
	if ((rc = codec_encode(&data, r, err)) < 0) {
		err_prefix(err, "%s", path);
		goto cleanup;
	}
	struct op *o = stage(t, path);
	o->del = 0;
	o->rec = record_dup(r);
	buf_add(&o->data, data.ptr, data.len);
cleanup:
	buf_release(&data);
	return rc;
}

int store_txn_delete(struct store_txn *t, const char *path, struct jy_err *err)
{
	git_oid oid;
	int rc = check_record_path(path, err);
	if (rc < 0)
		return rc;
	struct op *o = find_op(t, path);
	if (!(o && !o->del) && !blob_id_at(&oid, t->base_tree, path))
		return not_found(err, path);
	o = stage(t, path);
	o->del = 1;
	return 0;
}

int store_txn_move(struct store_txn *t, const char *from, const char *to, struct jy_err *err)
{
	git_oid oid;
	int rc;
	if ((rc = check_record_path(from, err)) < 0 || (rc = check_record_path(to, err)) < 0)
		return rc;
	if (!t->has_base || !blob_id_at(&oid, t->base_tree, from))
		return not_found(err, from);
	/* Pushed without find_op: a whole repository's moves stay linear (the header's contract). */
	struct op *del = xcalloc(1, sizeof(*del)), *put = xcalloc(1, sizeof(*put));
	del->path = xstrdup(from);
	del->del = 1;
	buf_init(&del->data);
	put->path = xstrdup(to);
	put->has_blob = 1;
	put->blob = oid;
	buf_init(&put->data);
	vec_push(&t->ops, del);
	vec_push(&t->ops, put);
	return 0;
}

/* The tree updates of one commit attempt, with the strings they point at. */
struct plan {
	git_tree_update *u;
	size_t n, cap;
	struct vec paths; /* owned path strings */
};

static void plan_add(struct plan *p, git_tree_update_t action, const char *path, const git_oid *oid)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->u = xrealloc(p->u, p->cap * sizeof(*p->u));
	}
	char *copy = xstrdup(path);
	vec_push(&p->paths, copy);
	git_tree_update *u = &p->u[p->n++];
	memset(u, 0, sizeof(*u));
	u->action = action;
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = copy;
	if (oid)
		u->id = *oid;
}

static void plan_reset(struct plan *p)
{
	p->n = 0;
	vec_clear(&p->paths);
}

static int write_blob(git_oid *out, struct store *s, const char *data, size_t len, struct jy_err *err)
{
	int rc = git_blob_create_from_buffer(out, s->repo, data, len);
	return rc < 0 ? git_fail(err, rc, L("写入记录失败", "cannot write record")) : 0;
}

/* Our staged changes as updates of a tree. */
static int plan_ops(struct plan *p, struct store_txn *t, struct jy_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->ops.len && rc == 0; i++) {
		const struct op *o = t->ops.items[i];
		git_oid oid;
		if (o->del)
			plan_add(p, GIT_TREE_UPDATE_REMOVE, o->path, NULL);
		else if (o->has_blob)
			plan_add(p, GIT_TREE_UPDATE_UPSERT, o->path, &o->blob);
		else if ((rc = write_blob(&oid, t->s, o->data.ptr, o->data.len, err)) == 0)
			plan_add(p, GIT_TREE_UPDATE_UPSERT, o->path, &oid);
	}
	return rc;
}

/* The updates applied to tree (NULL: the empty tree, for the first commit). */
static int tree_updated(git_oid *out, git_repository *repo, git_tree *tree, const struct plan *p)
{
	return git_tree_create_updated(out, repo, tree, p->n, p->u);
}

/*
 * The tree the transaction makes of head_tree. When head has not moved since
 * the base, that is the staged changes applied to it; when another writer
 * committed meanwhile, the staged changes (applied to the base) are merged
 * with head by merge_trees(), the same merge campus sync uses.
 */
static int txn_tree(git_oid *out, struct store_txn *t, git_commit *head, git_tree *head_tree, const git_signature *sig,
		    struct plan *p, struct jy_err *err)
{
	struct store *s = t->s;
	git_tree *ours = NULL;
	git_oid ours_id;
	int rc;
	if ((rc = plan_ops(p, t, err)) < 0)
		return rc;
	int moved = head && (!t->has_base || !git_oid_equal(git_commit_id(head), &t->base));
	if (!moved) {
		/* Removing a path that is not there is an error for libgit2, and nothing to do for us. */
		size_t k = 0;
		for (size_t i = 0; i < p->n; i++) {
			git_oid cur;
			int has = blob_id_at(&cur, head_tree, p->u[i].path);
			if (p->u[i].action == GIT_TREE_UPDATE_REMOVE ? has : !has || !git_oid_equal(&cur, &p->u[i].id))
				p->u[k++] = p->u[i];
		}
		p->n = k;
		if (!p->n)
			return 1;
		rc = tree_updated(out, s->repo, head_tree, p);
		return rc < 0 ? git_fail(err, rc, L("写入目录失败", "cannot write a tree")) : 0;
	}
	/* A delete of a path the base lacks would fail to apply: drop it (nothing was there to delete). */
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++) {
		git_oid cur;
		if (p->u[i].action != GIT_TREE_UPDATE_REMOVE || blob_id_at(&cur, t->base_tree, p->u[i].path))
			p->u[k++] = p->u[i];
	}
	p->n = k;
	rc = tree_updated(&ours_id, s->repo, t->has_base ? t->base_tree : NULL, p);
	if (rc < 0 || (rc = git_tree_lookup(&ours, s->repo, &ours_id)) < 0)
		return git_fail(err, rc, L("写入目录失败", "cannot write a tree"));
	char head_hex[41];
	git_oid_tostr(head_hex, sizeof(head_hex), git_commit_id(head));
	struct merge_side us = { sig->name, "", NULL, NULL }, them = { git_commit_author(head)->name, head_hex, NULL, NULL };
	rc = merge_trees(out, NULL, s->repo, t->has_base ? t->base_tree : NULL, ours, head_tree, s->merge, &us, &them, err);
	git_tree_free(ours);
	if (rc == JY_EINVAL) {
		err_prefix(err, L("无法合并并发修改", "cannot merge a concurrent change"));
		rc = err->code = JY_ECONFLICT;
	}
	return rc;
}

void store_set_merge_policy(struct store *s, const struct merge_policy *policy)
{
	s->merge = policy;
}

/* Reads refs/heads/main as it is now (not the snapshot). */
static int current_head(git_commit **commit, git_tree **tree, struct store *s, struct jy_err *err)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, s->repo, MAIN_REF);
	*commit = NULL;
	*tree = NULL;
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc == 0 && (rc = git_commit_lookup(commit, s->repo, &oid)) == GIT_ENOTFOUND) {
		/* The commit may sit in a pack another process wrote after we looked. */
		git_odb *odb = NULL;
		if (git_repository_odb(&odb, s->repo) == 0)
			git_odb_refresh(odb);
		git_odb_free(odb);
		rc = git_commit_lookup(commit, s->repo, &oid);
	}
	if (rc == 0)
		rc = git_commit_tree(tree, *commit);
	if (rc < 0) {
		git_commit_free(*commit);
		*commit = NULL;
		return git_fail(err, rc, L("读取分支 main 失败", "cannot read branch main"));
	}
	return 0;
}

/* One attempt under the flock: 1 when the ref moved to *out, 0 nothing to commit, 2 retry, <0 error. */
static int commit_attempt(git_oid *out, struct store_txn *t, const git_signature *sig, const char *message,
			  struct plan *p, struct jy_err *err)
{
	struct store *s = t->s;
	git_commit *head = NULL;
	git_tree *head_tree = NULL, *new_tree = NULL;
	git_reference *ref = NULL;
	git_oid tree_oid, commit_oid;
	int rc, grc = 0;

	plan_reset(p);
	if ((rc = current_head(&head, &head_tree, s, err)) < 0)
		goto cleanup;
	/* The new objects are held in memory and written as one pack before the ref moves (objpack.h). */
	if ((!s->objpack && (grc = objpack_new(&s->objpack, s->repo)) < 0) || (grc = objpack_begin(s->objpack)) < 0)
		goto cleanup;
	if ((rc = txn_tree(&tree_oid, t, head, head_tree, sig, p, err)) != 0) {
		if (rc > 0)
			rc = 0; /* nothing to commit */
		goto cleanup;
	}
	if (head_tree && git_oid_equal(&tree_oid, git_tree_id(head_tree)))
		goto cleanup;
	const git_commit *parents[1] = { head };
	if ((grc = git_tree_lookup(&new_tree, s->repo, &tree_oid)) < 0 ||
	    (grc = git_commit_create(&commit_oid, s->repo, NULL, sig, sig, NULL, message, new_tree, head ? 1 : 0,
				     parents)) < 0 ||
	    (grc = objpack_end(s->objpack, &commit_oid)) < 0)
		goto cleanup;
	if (head)
		grc = git_reference_create_matching(&ref, s->repo, MAIN_REF, &commit_oid, 1, git_commit_id(head),
						    "jiaoyan: commit");
	else
		grc = git_reference_create(&ref, s->repo, MAIN_REF, &commit_oid, 0, "jiaoyan: first commit");
	if (grc == GIT_EMODIFIED || grc == GIT_EEXISTS || grc == GIT_ELOCKED) {
		/* Someone outside our flock moved or holds the ref: re-read HEAD and merge again. */
		if (grc == GIT_ELOCKED)
			clear_stale_ref_lock(s);
		grc = 0;
		rc = 2;
		goto cleanup;
	}
	if (grc == 0) {
		*out = commit_oid;
		rc = 1;
	}
cleanup:
	if (grc < 0)
		rc = git_fail(err, grc, L("提交失败", "commit failed"));
	if (s->objpack)
		objpack_end(s->objpack, NULL); /* after an error or with nothing to commit: the held objects are dropped */
	git_reference_free(ref);
	git_tree_free(new_tree);
	git_tree_free(head_tree);
	git_commit_free(head);
	return rc;
}

int store_txn_commit(struct store_txn *t, const struct store_sig *author, const char *message, char oid_out[41],
		     struct jy_err *err)
{
	struct store *s = t->s;
	struct plan p = { NULL, 0, 0, VEC_INIT(free) };
	struct buf msg = BUF_INIT;
	git_signature *sig = NULL;
	git_oid oid;
	int rc = 0, fd = -1, attempt;

	if (oid_out)
		oid_out[0] = '\0';
	if (t->ops.len == 0)
		goto cleanup;
	buf_puts(&msg, message && *message ? message : L("修改记录", "update records"));
	if (msg.ptr[msg.len - 1] != '\n')
		buf_putc(&msg, '\n');
	rc = git_signature_new(&sig, author && author->name && *author->name ? author->name : "jiaoyan",
			       author && author->email && *author->email ? author->email : "jiaoyan@localhost",
			       (git_time_t)id_now(), 0);
	if (rc < 0) {
		rc = git_fail(err, rc, L("提交人姓名或邮箱不合法", "invalid author name or email"));
		goto cleanup;
	}
	if ((rc = writer_lock(&fd, s, err)) < 0)
		goto cleanup;
	clear_stale_ref_lock(s);
	for (attempt = 0; attempt < CAS_RETRIES; attempt++) {
		rc = commit_attempt(&oid, t, sig, msg.ptr, &p, err);
		if (rc != 2)
			break;
		sleep_ms(5L << (attempt < 6 ? attempt : 6));
	}
	if (rc == 2) {
		rc = err_set(err, JY_ECONFLICT,
			     L("提交失败：分支 main 在重试 %d 次后仍被其他程序同时修改，请稍后重试",
			       "commit failed: branch main kept changing under us after %d attempts; try again"),
			     CAS_RETRIES);
		goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	close(fd);
	fd = -1;
	if (rc == 1) {
		if (oid_out)
			git_oid_tostr(oid_out, 41, &oid);
		pack_auto(s->path);
	}
	rc = load_snapshot(s, err);
cleanup:
	if (fd >= 0)
		close(fd);
	git_signature_free(sig);
	free(p.u);
	vec_free(&p.paths);
	buf_release(&msg);
	return rc;
}
