/* pack: gc and automatic packing of the data repository by git's geometric repack, under a lock of their own. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/gitproc.h"
#include "jiaoyan/pack.h"
#include "jiaoyan/vec.h"

/* Past this many loose objects a commit starts a background pack (git's gc.auto is 6700; ours packs sooner
 * because libgit2 pays for every loose object a lookup misses in the fan-out directory). */
#define AUTOPACK_LOOSE 2000
/* Past this many packs a commit starts the geometric merge too: every commit writes a small pack of its own
 * (objpack.h), and libgit2 opens and searches the index of each pack for an object that is in none. */
#define AUTOPACK_PACKS 16
/* Unreachable loose objects younger than this may belong to a writer in flight; git uses two weeks too. */
#define PRUNE_AGE (14 * 24 * 3600)
#define PRUNE_EXPIRE "--expire=2.weeks.ago"
/* git's output kept for an error message (the rest of JY_ERR_MSG_MAX is ours). */
#define OUTPUT_MAX 1500

/*
 * The two repacks both gc and automatic packing run (-n leaves the dumb-HTTP
 * info files alone). The loose objects go into a new pack by plain `repack
 * -d` first: `--geometric` packs them too, but its pack of 1,000 new records
 * was ten times the size (13 MB against 1.3 MB) and took 2.6 times as long at
 * 100,000 records: it packs without walking history, so without the paths
 * that make good deltas. The geometric merge of packs then finds packed all
 * but the unreachable loose objects (plain repack leaves those), which it
 * packs as well.
 */
static const char *const REPACK_LOOSE[] = { "repack", "-d", "-q", "-n", NULL };
static const char *const REPACK_PACKS[] = { "repack", "--geometric=2", "-d", "-q", "-n", NULL };

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

static int is_loose_name(const char *name)
{
	return strlen(name) == 38 && is_hex(name, 38);
}

/* The loose objects, counted (exact) or estimated from a sample of the fan-out directories, as git gc --auto does. */
static size_t loose_estimate(const char *repo, int exact)
{
	/* Four of the 256 fan-out directories, as git gc --auto samples one: cheap after every commit, and
	 * steady enough that a noisy sample neither packs for nothing nor lets thousands pile up. */
	static const int sample[] = { 0x17, 0x4f, 0x8a, 0xd3 };
	struct buf dir = BUF_INIT;
	size_t n = 0, dirs = exact ? 256 : sizeof(sample) / sizeof(sample[0]);
	for (size_t i = 0; i < dirs; i++) {
		buf_reset(&dir);
		buf_printf(&dir, "%s/objects/%02x", repo, exact ? (int)i : sample[i]);
		DIR *d = opendir(dir.ptr);
		struct dirent *de;
		while (d && (de = readdir(d)))
			n += is_loose_name(de->d_name);
		if (d)
			closedir(d);
	}
	buf_release(&dir);
	return n * (256 / dirs);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Whether `git repack --geometric=2` would merge packs: git 2.39 leaves them
 * alone when, by number of objects, each pack holds at least twice the next
 * smaller one. Read from the .idx headers (v2: the last fan-out entry is the
 * count), so that a gc with nothing to merge does not start git for it; any
 * doubt (an index that does not read) says yes and lets git decide.
 */
static int packs_to_merge(const char *repo)
{
	struct buf path = BUF_INIT;
	size_t *counts = NULL, n = 0, cap = 0;
	int merge = 0;
	buf_printf(&path, "%s/objects/pack", repo);
	size_t dirlen = path.len;
	DIR *d = opendir(path.ptr);
	struct dirent *de;
	while (d && !merge && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		unsigned char head[8 + 256 * 4];
		if (len < 9 || strncmp(de->d_name, "pack-", 5) != 0 || strcmp(de->d_name + len - 4, ".idx") != 0)
			continue;
		buf_truncate(&path, dirlen);
		buf_printf(&path, "/%s", de->d_name);
		int fd = open(path.ptr, O_RDONLY | O_CLOEXEC);
		ssize_t got = fd >= 0 ? pread(fd, head, sizeof(head), 0) : -1;
		if (fd >= 0)
			close(fd);
		if (got != (ssize_t)sizeof(head) || memcmp(head, "\377tOc\0\0\0\2", 8) != 0) {
			merge = 1;
			break;
		}
		if (n == cap)
			counts = xrealloc(counts, (cap = cap ? 2 * cap : 8) * sizeof(*counts));
		const unsigned char *c = head + 8 + 255 * 4;
		counts[n++] = (size_t)c[0] << 24 | (size_t)c[1] << 16 | (size_t)c[2] << 8 | c[3];
	}
	if (d)
		closedir(d);
	if (!merge && n > 1) {
		qsort(counts, n, sizeof(*counts), cmp_size);
		for (size_t i = 1; i < n && !merge; i++)
			merge = counts[i] < 2 * counts[i - 1];
	}
	free(counts);
	buf_release(&path);
	return merge;
}

/* The packs of the repository (their .idx files), counted up to limit + 1. */
static size_t pack_count(const char *repo, size_t limit)
{
	struct buf path = BUF_INIT;
	size_t n = 0;
	buf_printf(&path, "%s/objects/pack", repo);
	DIR *d = opendir(path.ptr);
	struct dirent *de;
	while (d && n <= limit && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		n += len > 9 && strncmp(de->d_name, "pack-", 5) == 0 && strcmp(de->d_name + len - 4, ".idx") == 0;
	}
	if (d)
		closedir(d);
	buf_release(&path);
	return n;
}

/* Whether any loose object is older than PRUNE_AGE: only then is git prune's walk of all history worth it. */
static int has_old_loose(const char *repo)
{
	struct buf file = BUF_INIT;
	time_t before = time(NULL) - PRUNE_AGE;
	int found = 0;
	for (int i = 0; i < 256 && !found; i++) {
		buf_reset(&file);
		buf_printf(&file, "%s/objects/%02x", repo, i);
		DIR *d = opendir(file.ptr);
		struct dirent *de;
		size_t dirlen = file.len;
		while (d && !found && (de = readdir(d))) {
			struct stat st;
			if (!is_loose_name(de->d_name))
				continue;
			buf_truncate(&file, dirlen);
			buf_printf(&file, "/%s", de->d_name);
			found = lstat(file.ptr, &st) == 0 && st.st_mtime < before;
		}
		if (d)
			closedir(d);
	}
	buf_release(&file);
	return found;
}

/* Removes the files of name prefix `prefix` under dir older than `before`: what a writer killed mid-write leaves. */
static void remove_stale(const char *dir, const char *prefix, time_t before)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct buf p = BUF_INIT;
	struct stat st;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, e->d_name);
		if (lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < before)
			unlink(p.ptr);
	}
	closedir(d);
	buf_release(&p);
}

/* libgit2 leaves objects/XX/tmp_object_git2_* and objects/pack/pack_git2_* behind when killed, git tmp_pack_*;
 * git fsck calls them garbage. An hour is far longer than any write takes. */
static void remove_garbage(const char *repo)
{
	struct buf dir = BUF_INIT;
	time_t before = time(NULL) - 3600;
	buf_printf(&dir, "%s/objects", repo);
	remove_stale(dir.ptr, "tmp_object_git2_", before);
	for (int i = 0; i < 256; i++) {
		buf_reset(&dir);
		buf_printf(&dir, "%s/objects/%02x", repo, i);
		remove_stale(dir.ptr, "tmp_object_git2_", before);
	}
	buf_reset(&dir);
	buf_printf(&dir, "%s/objects/pack", repo);
	remove_stale(dir.ptr, "pack_git2_", before);
	remove_stale(dir.ptr, "tmp_pack_", before);
	buf_release(&dir);
}

/*
 * argv and envp for `git -c safe.directory=* <args>` on repo: the caller's
 * environment without its GIT_* variables (gitproc_command), plus GIT_DIR.
 * safe.directory: the repository was opened by store_open, whose owner check
 * (relaxed only for a group-shared repository) already decided.
 */
static void git_command(struct vec *argv, struct vec *envp, const char *repo, const char *const *args)
{
	static const char *const pre[] = { "-c", "safe.directory=*", NULL };
	char *dir = xasprintf("GIT_DIR=%s", repo);
	const char *const extra[] = { dir, NULL };
	gitproc_command(argv, envp, pre, args, extra);
	free(dir);
}

/*
 * Runs git (args after "git") on repo and waits for it; its stdout and
 * stderr are collected in out (the first OUTPUT_MAX bytes). keep_fd, when
 * not negative, is inherited by git. Returns git's exit status, 127 when it
 * could not be run, -1 when no process could be started.
 */
static int run_git(struct buf *out, const char *repo, const char *const *args, int keep_fd)
{
	struct vec argv, envp;
	int pipefd[2], status = -1;
	char chunk[4096];
	ssize_t n;
	git_command(&argv, &envp, repo, args);
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		goto cleanup;
	pid_t pid = fork();
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		if (keep_fd >= 0)
			fcntl(keep_fd, F_SETFD, 0);
		execvpe("git", (char *const *)argv.items, (char *const *)envp.items);
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && ((n = read(pipefd[0], chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0 && out->len < OUTPUT_MAX)
			buf_add(out, chunk, (size_t)n < OUTPUT_MAX - out->len ? (size_t)n : OUTPUT_MAX - out->len);
	close(pipefd[0]);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pid > 0)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
cleanup:
	vec_free(&argv);
	vec_free(&envp);
	return status;
}

static int git_step(const char *repo, const char *const *args, int lock_fd, struct jy_err *err)
{
	struct buf out = BUF_INIT;
	int status = run_git(&out, repo, args, lock_fd), rc = 0;
	while (out.len && (out.ptr[out.len - 1] == '\n' || out.ptr[out.len - 1] == ' '))
		buf_truncate(&out, out.len - 1);
	if (status == 127)
		rc = err_set(err, JY_EIO, L("无法运行 git（gc 需要安装 git）：%s", "cannot run git (gc needs git installed): %s"),
			     out.len ? out.ptr : strerror(ENOENT));
	else if (status != 0)
		rc = err_set(err, JY_EIO, L("git %s 失败（退出码 %d）：%s", "git %s failed (exit status %d): %s"), args[0],
			     status, out.len ? out.ptr : L("没有输出", "no output"));
	buf_release(&out);
	return rc;
}

int pack_gc(const char *repo, int lock_fd, struct jy_err *err)
{
	static const char *const prune[] = { "prune", PRUNE_EXPIRE, NULL };
	int rc = 0;
	/* Prune first, so what is old and unreachable is deleted rather than packed for good. */
	if (has_old_loose(repo))
		rc = git_step(repo, prune, lock_fd, err);
	if (rc == 0 && loose_estimate(repo, 1))
		rc = git_step(repo, REPACK_LOOSE, lock_fd, err);
	if (rc == 0 && (loose_estimate(repo, 1) || packs_to_merge(repo)))
		rc = git_step(repo, REPACK_PACKS, lock_fd, err);
	if (rc == 0)
		remove_garbage(repo);
	return rc;
}

/* In the detached packer: runs git with args on repo and waits; git's exit status, or -1. */
static int detached_git(const char *repo, const char *const *args)
{
	struct vec argv, envp;
	int st = 0;
	git_command(&argv, &envp, repo, args);
	pid_t git = fork();
	if (git == 0) {
		execvpe("git", (char *const *)argv.items, (char *const *)envp.items);
		_exit(127);
	}
	while (git > 0 && waitpid(git, &st, 0) < 0 && errno == EINTR)
		;
	vec_free(&argv);
	vec_free(&envp);
	return git > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void pack_auto(const char *repo)
{
	struct buf lock = BUF_INIT;
	int fd;
	/* The sample is noisy near the threshold (±15% at 2,000): there the objects are counted. */
	size_t estimate = loose_estimate(repo, 0);
	if ((estimate <= AUTOPACK_LOOSE / 2 ||
	     (estimate <= 2 * AUTOPACK_LOOSE && loose_estimate(repo, 1) <= AUTOPACK_LOOSE)) &&
	    pack_count(repo, AUTOPACK_PACKS) <= AUTOPACK_PACKS)
		return;
	buf_printf(&lock, "%s/%s", repo, PACK_LOCK);
	fd = open(lock.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	buf_release(&lock);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) { /* a pack is running: it looks again when it ends */
		close(fd);
		return;
	}
	/* Detached, so the teacher's command never waits for the packing. */
	if (gitproc_detach() == 0) {
		/* Only the pack lock is kept (git inherits it too, should this process be killed): an inherited
		 * writer or sync lock would be held as long as git runs. */
		fcntl(fd, F_SETFD, 0);
		if (fd > 3)
			close_range(3, (unsigned)fd - 1, 0);
		close_range((unsigned)fd + 1, ~0U, 0);
		/* Writers that found the lock taken meanwhile left their objects to us: pack again while
		 * they are still past the threshold (bounded, should writers never stop). */
		for (int round = 0; round < 8; round++) {
			/* unreachable loose objects (a writer's lost compare-and-swap) wait for gc while they are few */
			if ((loose_estimate(repo, 1) && detached_git(repo, REPACK_LOOSE) != 0) ||
			    ((loose_estimate(repo, 1) > AUTOPACK_LOOSE || packs_to_merge(repo)) &&
			     detached_git(repo, REPACK_PACKS) != 0) ||
			    (loose_estimate(repo, 1) <= AUTOPACK_LOOSE && pack_count(repo, AUTOPACK_PACKS) <= AUTOPACK_PACKS))
				break;
		}
		_exit(0);
	}
	close(fd); /* the packing process holds the lock through its own copy until it ends */
}
