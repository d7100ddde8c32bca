/* index: the derived id → path map beside the repository, kept current by diffing trees. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/id.h"
#include "jiaoyan/index.h"

#define INDEX_FILE "jiaoyan-index"
#define INDEX_MAGIC "jiaoyan-index 1 "
/* Past this many changed ids since the file's tree, rewriting beats diffing again next time. */
#define INDEX_DRIFT_MAX 256

struct pair {
	char *id;
	char *path;
};

static void pair_free(void *p)
{
	struct pair *x = p;
	if (!x)
		return;
	free(x->id);
	free(x->path);
	free(x);
}

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->path, y->path);
}

/* The generated id a path's file name carries ("…/<ID>.ini"), or 0. */
static int id_of_path(char id[ID_LEN + 1], const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	if (strlen(name) != ID_LEN + 4 || strcmp(name + ID_LEN, ".ini") != 0)
		return 0;
	memcpy(id, name, ID_LEN);
	id[ID_LEN] = '\0';
	return id_valid(id);
}

typedef int (*name_fn)(void *ctx, const char *path, int added);

/* Reports every blob under tree as added (or removed). */
static int each_blob(git_repository *repo, const git_tree *tree, struct buf *path, int added, name_fn fn,
		     void *ctx)
{
	size_t n = git_tree_entrycount(tree), mark = path->len;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		buf_truncate(path, mark);
		if (mark)
			buf_putc(path, '/');
		buf_puts(path, git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;
			rc = git_tree_lookup(&sub, repo, git_tree_entry_id(e));
			if (rc == 0)
				rc = each_blob(repo, sub, path, added, fn, ctx);
			git_tree_free(sub);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			rc = fn(ctx, path->ptr, added);
		}
	}
	buf_truncate(path, mark);
	return rc;
}

static int entry_same_kind(const git_tree_entry *a, const git_tree_entry *b)
{
	return a && b && git_tree_entry_type(a) == git_tree_entry_type(b);
}

static int report(git_repository *repo, const git_tree_entry *e, struct buf *path, int added, name_fn fn,
		  void *ctx)
{
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		return fn(ctx, path->ptr, added);
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	git_tree *sub = NULL;
	int rc = git_tree_lookup(&sub, repo, git_tree_entry_id(e));
	if (rc == 0)
		rc = each_blob(repo, sub, path, added, fn, ctx);
	git_tree_free(sub);
	return rc;
}

/*
 * Names added and removed between trees a and b. Subtrees with equal ids are
 * skipped unopened, which is what keeps a diff between neighbouring commits of
 * a 100,000-record tree down to the few directories a commit touched.
 */
static int diff_names(git_repository *repo, const git_tree *a, const git_tree *b, struct buf *path, name_fn fn,
		      void *ctx)
{
	size_t mark = path->len;
	int rc = 0;
	for (size_t i = 0; i < git_tree_entrycount(a) && rc == 0; i++) {
		const git_tree_entry *ea = git_tree_entry_byindex(a, i);
		const git_tree_entry *eb = git_tree_entry_byname(b, git_tree_entry_name(ea));
		buf_truncate(path, mark);
		if (mark)
			buf_putc(path, '/');
		buf_puts(path, git_tree_entry_name(ea));
		if (!entry_same_kind(ea, eb)) {
			rc = report(repo, ea, path, 0, fn, ctx);
		} else if (git_tree_entry_type(ea) == GIT_OBJECT_TREE &&
			   !git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) {
			git_tree *sa = NULL, *sb = NULL;
			rc = git_tree_lookup(&sa, repo, git_tree_entry_id(ea));
			if (rc == 0)
				rc = git_tree_lookup(&sb, repo, git_tree_entry_id(eb));
			if (rc == 0)
				rc = diff_names(repo, sa, sb, path, fn, ctx);
			git_tree_free(sa);
			git_tree_free(sb);
		}
	}
	for (size_t i = 0; i < git_tree_entrycount(b) && rc == 0; i++) {
		const git_tree_entry *eb = git_tree_entry_byindex(b, i);
		const git_tree_entry *ea = git_tree_entry_byname(a, git_tree_entry_name(eb));
		if (entry_same_kind(ea, eb))
			continue;
		buf_truncate(path, mark);
		if (mark)
			buf_putc(path, '/');
		buf_puts(path, git_tree_entry_name(eb));
		rc = report(repo, eb, path, 1, fn, ctx);
	}
	buf_truncate(path, mark);
	return rc;
}

/* Collects id files as pairs; `added` says which way they changed (always 1 for a full walk). */
struct collect {
	struct vec added;
	struct vec removed;
};

static int collect_fn(void *ctx, const char *path, int added)
{
	struct collect *c = ctx;
	char id[ID_LEN + 1];
	if (!id_of_path(id, path))
		return 0;
	struct pair *p = xmalloc(sizeof(*p));
	p->id = xstrdup(id);
	p->path = xstrdup(path);
	vec_push(added ? &c->added : &c->removed, p);
	return 0;
}

/* A read-only mapping of the index file. */
struct mapped {
	const char *data;
	size_t len;
	const char *lines; /* first line after the header */
	git_oid tree;
};

static void unmap(struct mapped *m)
{
	if (m->data && m->len)
		munmap((void *)m->data, m->len);
	memset(m, 0, sizeof(*m));
}

static int map_index(struct mapped *m, const char *file)
{
	struct stat st;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	memset(m, 0, sizeof(*m));
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)(sizeof(INDEX_MAGIC) - 1 + GIT_OID_HEXSZ + 1)) {
		close(fd);
		return -1;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	m->data = p;
	m->len = (size_t)st.st_size;
	size_t hdr = sizeof(INDEX_MAGIC) - 1;
	if (memcmp(m->data, INDEX_MAGIC, hdr) != 0 || m->data[hdr + GIT_OID_HEXSZ] != '\n' ||
	    m->data[m->len - 1] != '\n' || git_oid_fromstrn(&m->tree, m->data + hdr, GIT_OID_HEXSZ) != 0) {
		unmap(m);
		return -1;
	}
	m->lines = m->data + hdr + GIT_OID_HEXSZ + 1;
	return 0;
}

/* Appends the paths of id's lines; -1 when a line is malformed (the file is then rebuilt). */
static int map_lookup(struct vec *paths, const struct mapped *m, const char *id)
{
	const char *lo = m->lines, *hi = m->data + m->len, *end = hi;
	/* Lower bound over whole lines: lo and hi always stand at line starts. */
	while (lo < hi) {
		const char *mid = lo + (hi - lo) / 2;
		const char *ls = mid;
		while (ls > lo && ls[-1] != '\n')
			ls--;
		const char *nl = memchr(ls, '\n', (size_t)(end - ls));
		if (!nl || nl - ls < ID_LEN + 2 || ls[ID_LEN] != ' ')
			return -1;
		if (memcmp(ls, id, ID_LEN) < 0)
			lo = nl + 1;
		else
			hi = ls;
	}
	while (lo < end) {
		const char *nl = memchr(lo, '\n', (size_t)(end - lo));
		if (!nl || nl - lo < ID_LEN + 2 || lo[ID_LEN] != ' ')
			return -1;
		if (memcmp(lo, id, ID_LEN) != 0)
			break;
		vec_push(paths, xstrndup(lo + ID_LEN + 1, (size_t)(nl - lo - ID_LEN - 1)));
		lo = nl + 1;
	}
	return 0;
}

static void write_index(const char *file, const git_oid *tree, const struct vec *pairs)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct buf tmp = BUF_INIT, data = BUF_INIT;
	git_oid_tostr(hex, sizeof(hex), tree);
	buf_printf(&data, "%s%s\n", INDEX_MAGIC, hex);
	for (size_t i = 0; i < pairs->len; i++) {
		const struct pair *p = pairs->items[i];
		buf_printf(&data, "%s %s\n", p->id, p->path);
	}
	buf_printf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto cleanup;
	size_t off = 0;
	while (off < data.len) {
		ssize_t n = write(fd, data.ptr + off, data.len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (close(fd) != 0 || off != data.len || rename(tmp.ptr, file) != 0)
		unlink(tmp.ptr);
cleanup:
	buf_release(&tmp);
	buf_release(&data);
}

/* Full rebuild from tree; answers id from memory whether or not the file could be written. */
static int rebuild(struct vec *paths, git_repository *repo, git_tree *tree, const char *file, const char *id)
{
	struct collect c = { VEC_INIT(pair_free), VEC_INIT(pair_free) };
	struct buf path = BUF_INIT;
	int rc = each_blob(repo, tree, &path, 1, collect_fn, &c);
	if (rc < 0)
		goto cleanup;
	vec_sort(&c.added, pair_cmp);
	write_index(file, git_tree_id(tree), &c.added);
	for (size_t i = 0; i < c.added.len; i++) {
		const struct pair *p = c.added.items[i];
		if (strcmp(p->id, id) == 0)
			vec_push_str(paths, p->path);
	}
cleanup:
	vec_free(&c.added);
	vec_free(&c.removed);
	buf_release(&path);
	return rc < 0 ? -1 : 0;
}

int index_find(struct vec *paths, git_repository *repo, git_tree *tree, const char *id)
{
	struct buf file = BUF_INIT, path = BUF_INIT;
	struct mapped m;
	struct collect c = { VEC_INIT(pair_free), VEC_INIT(pair_free) };
	struct vec found = VEC_INIT(free);
	git_tree *old = NULL;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	if (!tree || !id_valid(id)) {
		rc = 0;
		goto cleanup;
	}
	buf_printf(&file, "%s%s", git_repository_path(repo), INDEX_FILE);
	if (map_index(&m, file.ptr) != 0) {
		rc = rebuild(paths, repo, tree, file.ptr, id);
		goto cleanup;
	}
	if (!git_oid_equal(&m.tree, git_tree_id(tree))) {
		if (git_tree_lookup(&old, repo, &m.tree) != 0 || diff_names(repo, old, tree, &path, collect_fn, &c) < 0 ||
		    c.added.len + c.removed.len > INDEX_DRIFT_MAX) {
			unmap(&m);
			rc = rebuild(paths, repo, tree, file.ptr, id);
			goto cleanup;
		}
	}
	if (map_lookup(&found, &m, id) != 0) {
		unmap(&m);
		rc = rebuild(paths, repo, tree, file.ptr, id);
		goto cleanup;
	}
	/* Apply the drift since the file's tree: drop removed paths, add new ones. */
	for (size_t i = 0; i < c.removed.len; i++) {
		const struct pair *p = c.removed.items[i];
		for (size_t j = 0; strcmp(p->id, id) == 0 && j < found.len; j++)
			if (strcmp(found.items[j], p->path) == 0)
				free(vec_remove(&found, j--));
	}
	for (size_t i = 0; i < c.added.len; i++) {
		const struct pair *p = c.added.items[i];
		if (strcmp(p->id, id) == 0 && !vec_has_str(&found, p->path))
			vec_push_str(&found, p->path);
	}
	for (size_t i = 0; i < found.len; i++)
		vec_push_str(paths, found.items[i]);
	rc = 0;
cleanup:
	unmap(&m);
	git_tree_free(old);
	vec_free(&c.added);
	vec_free(&c.removed);
	vec_free(&found);
	buf_release(&file);
	buf_release(&path);
	return rc;
}
