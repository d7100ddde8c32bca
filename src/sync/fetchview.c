/* fetchview: a bare repository sharing the data repository's objects, with the last remote tips as its only refs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/fetchview.h"

#define VIEW_PREFIX "jiaoyan-fetch."

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* FTW_PHYS: the objects link is removed, not followed */
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Views of processes that no longer run (killed mid-fetch). */
static void remove_stale(const char *gitdir)
{
	DIR *d = opendir(gitdir);
	struct dirent *e;
	struct buf p = BUF_INIT;
	while (d && (e = readdir(d))) {
		char *end;
		if (strncmp(e->d_name, VIEW_PREFIX, sizeof(VIEW_PREFIX) - 1) != 0)
			continue;
		long pid = strtol(e->d_name + sizeof(VIEW_PREFIX) - 1, &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s%s", gitdir, e->d_name);
		remove_tree(p.ptr);
	}
	if (d)
		closedir(d);
	buf_release(&p);
}

static int write_file(const char *dir, const char *name, const char *text)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", dir, name);
	int fd = open(p.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), rc = -1;
	size_t len = strlen(text);
	if (fd >= 0) {
		rc = write(fd, text, len) == (ssize_t)len ? 0 : -1;
		if (close(fd) != 0)
			rc = -1;
	}
	buf_release(&p);
	return rc;
}

/* The directories and files of a bare repository whose objects are its parent's. */
static int make_view(const char *dir, const char *packed)
{
	struct buf p = BUF_INIT;
	int rc = mkdir(dir, 0755);
	if (rc == 0) {
		buf_printf(&p, "%s/refs", dir);
		rc = mkdir(p.ptr, 0755);
	}
	if (rc == 0) {
		buf_printf(&p, "/heads");
		rc = mkdir(p.ptr, 0755);
	}
	if (rc == 0) {
		buf_reset(&p);
		buf_printf(&p, "%s/objects", dir);
		rc = symlink("../objects", p.ptr);
	}
	if (rc == 0)
		rc = write_file(dir, "HEAD", "ref: refs/heads/main\n");
	if (rc == 0)
		rc = write_file(dir, "config", "[core]\n\trepositoryformatversion = 0\n\tbare = true\n");
	if (rc == 0)
		rc = write_file(dir, "packed-refs", packed);
	buf_release(&p);
	return rc;
}

/* "<id> <name>\n" for every remote-tracking main of repo, else for refs/heads/main (in no order: libgit2 sorts
 * a packed-refs file that does not say it is sorted). */
static void tips(struct buf *packed, git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	char hex[GIT_OID_HEXSZ + 1];
	int found = 0;
	if (git_reference_iterator_glob_new(&it, repo, "refs/remotes/*/main") == 0) {
		while (git_reference_next(&ref, it) == 0) {
			const git_oid *id = git_reference_target(ref);
			if (id) {
				git_oid_tostr(hex, sizeof(hex), id);
				buf_printf(packed, "%s %s\n", hex, git_reference_name(ref));
				found = 1;
			}
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
	}
	git_oid main;
	if (!found && git_reference_name_to_id(&main, repo, "refs/heads/main") == 0) {
		git_oid_tostr(hex, sizeof(hex), &main);
		buf_printf(packed, "%s refs/heads/main\n", hex);
	}
}

int fetchview_open(git_repository **view, struct buf *dir, git_repository *repo, struct jy_err *err)
{
	const char *gitdir = git_repository_path(repo); /* ends with '/' */
	struct buf packed = BUF_INIT;
	int rc = 0;

	*view = NULL;
	buf_reset(dir);
	remove_stale(gitdir);
	buf_printf(dir, "%s" VIEW_PREFIX "%ld", gitdir, (long)getpid());
	remove_tree(dir->ptr); /* a view this pid left (pids come round again) */
	buf_printf(&packed, "# pack-refs with: peeled fully-peeled \n");
	tips(&packed, repo);
	if (make_view(dir->ptr, packed.ptr) != 0) {
		rc = err_set(err, JY_EIO, "%s %s: %s", L("无法创建获取用的临时仓库视图", "cannot make the fetch's view of the repository"),
			     dir->ptr, strerror(errno));
		goto cleanup;
	}
	if (git_repository_open_bare(view, dir->ptr) < 0) {
		const git_error *e = git_error_last();
		rc = err_set(err, JY_EIO, "%s %s: %s", L("无法打开获取用的临时仓库视图", "cannot open the fetch's view of the repository"),
			     dir->ptr, e && e->message ? e->message : "libgit2");
	}
cleanup:
	if (rc)
		remove_tree(dir->ptr);
	buf_release(&packed);
	return rc;
}

void fetchview_close(git_repository *view, struct buf *dir)
{
	git_repository_free(view);
	if (dir->len)
		remove_tree(dir->ptr);
}
