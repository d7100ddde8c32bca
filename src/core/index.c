/* index: the derived per-directory table beside the repository (ids and file counts), kept current like git's cache-tree. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/id.h"
#include "jiaoyan/index.h"

/*
 * File layout (text header, binary-free but fixed-width id block):
 *   "jiaoyan-index 2 <root tree hex> <ndirs> <nids>\n"
 *   ndirs × "<tree hex> <files> <ids> <path>\n"   depth-first, git order; the root is "."
 *   nids × 26 bytes                                 each directory's ids, sorted, concatenated
 * Depth-first order keeps a directory's subtree contiguous, so an unchanged
 * subtree is copied as one run.
 */
#define INDEX_FILE "jiaoyan-index"
#define INDEX_MAGIC "jiaoyan-index 2 "

struct idir {
	char *path;      /* "" for the root, else "a/b" */
	git_oid tree;
	size_t files;    /* blobs directly in this directory */
	size_t nids;
	const char *ids; /* nids × ID_LEN bytes, sorted; into the mapping or `own` */
	char *own;
};

struct istate {
	struct idir *dirs;
	size_t n, cap;
	git_oid root;
	const char *map; /* the mapped file the unowned ids point into */
	size_t maplen;
};

static void state_free(struct istate *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->dirs[i].path);
		free(st->dirs[i].own);
	}
	free(st->dirs);
	if (st->map)
		munmap((void *)st->map, st->maplen);
	memset(st, 0, sizeof(*st));
}

static struct idir *push_dir(struct istate *st, const char *path, const git_oid *tree)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->dirs = xrealloc(st->dirs, st->cap * sizeof(*st->dirs));
	}
	struct idir *d = &st->dirs[st->n++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(path);
	d->tree = *tree;
	return d;
}

int index_parse_size(const char **p, const char *end, char stop, size_t *out)
{
	size_t v = 0;
	const char *s = *p;
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	while (s < end && *s >= '0' && *s <= '9')
		v = v * 10 + (size_t)(*s++ - '0');
	if (s >= end || *s != stop)
		return -1;
	*p = s + 1;
	*out = v;
	return 0;
}

/* Maps and checks the whole file; -1 when absent or malformed (it is then rebuilt). */
static int load_file(struct istate *st, const char *file)
{
	struct stat sb;
	struct buf path = BUF_INIT;
	size_t ndirs, nids, at = 0, hl = sizeof(INDEX_MAGIC) - 1;
	int rc = -1, fd = open(file, O_RDONLY | O_CLOEXEC);
	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return -1;
	void *m = fstat(fd, &sb) == 0 && sb.st_size >= 64 ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
							  : MAP_FAILED;
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	st->map = m;
	st->maplen = (size_t)sb.st_size;
	const char *p = st->map, *end = st->map + st->maplen;
	if (memcmp(p, INDEX_MAGIC, hl) != 0 || git_oid_fromstrn(&st->root, p + hl, GIT_OID_HEXSZ) != 0 ||
	    p[hl + GIT_OID_HEXSZ] != ' ')
		goto cleanup;
	p += hl + GIT_OID_HEXSZ + 1;
	if (index_parse_size(&p, end, ' ', &ndirs) != 0 || index_parse_size(&p, end, '\n', &nids) != 0)
		goto cleanup;
	for (size_t i = 0; i < ndirs; i++) {
		git_oid oid;
		size_t files, n;
		if (end - p < GIT_OID_HEXSZ + 1 || git_oid_fromstrn(&oid, p, GIT_OID_HEXSZ) != 0 || p[GIT_OID_HEXSZ] != ' ')
			goto cleanup;
		p += GIT_OID_HEXSZ + 1;
		if (index_parse_size(&p, end, ' ', &files) != 0 || index_parse_size(&p, end, ' ', &n) != 0)
			goto cleanup;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || nl == p)
			goto cleanup;
		buf_reset(&path);
		if (!(nl - p == 1 && *p == '.'))
			buf_add(&path, p, (size_t)(nl - p));
		struct idir *d = push_dir(st, path.ptr, &oid);
		d->files = files;
		d->nids = n;
		d->ids = (const char *)(uintptr_t)at; /* an offset until the id block's start is known */
		at += n;
		p = nl + 1;
	}
	if (at != nids || (size_t)(end - p) != nids * ID_LEN)
		goto cleanup;
	for (size_t i = 0; i < st->n; i++)
		st->dirs[i].ids = p + (uintptr_t)st->dirs[i].ids * ID_LEN;
	rc = 0;
cleanup:
	if (rc < 0)
		state_free(st);
	buf_release(&path);
	return rc;
}

static long find_dir(const struct istate *st, const char *path)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->dirs[i].path, path) == 0)
			return (long)i;
	return -1;
}

static int in_subtree(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return n == 0 || (strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0'));
}

static int is_id_name(const char *name)
{
	char id[ID_LEN + 1];
	if (strlen(name) != ID_LEN + 4 || strcmp(name + ID_LEN, ".ini") != 0)
		return 0;
	memcpy(id, name, ID_LEN);
	id[ID_LEN] = '\0';
	return id_valid(id);
}

/* Records the directory at path (tree id oid) into out, reusing old's subtree when its id is unchanged. */
static int walk(struct istate *out, const struct istate *old, git_repository *repo, const git_oid *oid,
		const char *path)
{
	long at = old ? find_dir(old, path) : -1;
	if (at >= 0 && git_oid_equal(&old->dirs[at].tree, oid)) {
		for (size_t j = (size_t)at; j < old->n && (j == (size_t)at || in_subtree(old->dirs[j].path, path)); j++) {
			struct idir *d = push_dir(out, old->dirs[j].path, &old->dirs[j].tree);
			d->files = old->dirs[j].files;
			d->nids = old->dirs[j].nids;
			d->ids = old->dirs[j].ids;
		}
		return 0;
	}
	git_tree *tree = NULL;
	struct buf child = BUF_INIT;
	int rc = git_tree_lookup(&tree, repo, oid);
	if (rc < 0)
		return rc;
	size_t n = git_tree_entrycount(tree), self = out->n, files = 0, nids = 0;
	char *ids = NULL;
	push_dir(out, path, oid);
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
			continue;
		files++;
		if (is_id_name(git_tree_entry_name(e))) {
			/* Same length, same suffix: git's name order is id order. */
			ids = xrealloc(ids, (nids + 1) * ID_LEN);
			memcpy(ids + nids++ * ID_LEN, git_tree_entry_name(e), ID_LEN);
		}
	}
	out->dirs[self].files = files;
	out->dirs[self].nids = nids;
	out->dirs[self].ids = ids;
	out->dirs[self].own = ids;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		buf_reset(&child);
		buf_printf(&child, "%s%s%s", path, *path ? "/" : "", git_tree_entry_name(e));
		rc = walk(out, old, repo, git_tree_entry_id(e), child.ptr);
	}
	git_tree_free(tree);
	buf_release(&child);
	return rc;
}

static void write_file(const char *file, const struct istate *st)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct buf data = BUF_INIT, tmp = BUF_INIT;
	size_t nids = 0;
	for (size_t i = 0; i < st->n; i++)
		nids += st->dirs[i].nids;
	git_oid_tostr(hex, sizeof(hex), &st->root);
	buf_printf(&data, "%s%s %zu %zu\n", INDEX_MAGIC, hex, st->n, nids);
	for (size_t i = 0; i < st->n; i++) {
		git_oid_tostr(hex, sizeof(hex), &st->dirs[i].tree);
		buf_printf(&data, "%s %zu %zu %s\n", hex, st->dirs[i].files, st->dirs[i].nids,
			   *st->dirs[i].path ? st->dirs[i].path : ".");
	}
	for (size_t i = 0; i < st->n; i++)
		buf_add(&data, st->dirs[i].ids, st->dirs[i].nids * ID_LEN);
	buf_printf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd >= 0) {
		size_t off = 0;
		while (off < data.len) {
			ssize_t w = write(fd, data.ptr + off, data.len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (close(fd) != 0 || off != data.len || rename(tmp.ptr, file) != 0)
			unlink(tmp.ptr);
	}
	buf_release(&data);
	buf_release(&tmp);
}

/* The index for tree: the file when it is current, else brought up to date (and rewritten). */
static int load(struct istate *st, git_repository *repo, git_tree *tree)
{
	struct istate old;
	struct buf file = BUF_INIT;
	int have_old, rc = 0;
	buf_printf(&file, "%s%s", git_repository_path(repo), INDEX_FILE);
	have_old = load_file(&old, file.ptr) == 0;
	if (have_old && git_oid_equal(&old.root, git_tree_id(tree))) {
		*st = old;
		goto cleanup;
	}
	memset(st, 0, sizeof(*st));
	st->root = *git_tree_id(tree);
	if (walk(st, have_old ? &old : NULL, repo, git_tree_id(tree), "") < 0) {
		state_free(st);
		rc = -1;
	} else {
		write_file(file.ptr, st);
	}
	/* Reused ids still point into the old mapping: hand it over. */
	if (have_old && rc == 0) {
		st->map = old.map;
		st->maplen = old.maplen;
		old.map = NULL;
	}
	if (have_old)
		state_free(&old);
cleanup:
	buf_release(&file);
	return rc;
}

static int has_id(const struct idir *d, const char *id)
{
	size_t lo = 0, hi = d->nids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(d->ids + mid * ID_LEN, id, ID_LEN);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int index_find(struct vec *paths, git_repository *repo, git_tree *tree, const char *id)
{
	struct istate st;
	if (!tree || !id_valid(id))
		return 0;
	if (load(&st, repo, tree) < 0)
		return -1;
	for (size_t i = 0; i < st.n; i++) {
		const struct idir *d = &st.dirs[i];
		if (d->nids && has_id(d, id))
			vec_push(paths, xasprintf("%s%s%s.ini", d->path, *d->path ? "/" : "", id));
	}
	state_free(&st);
	return 0;
}

int index_count(size_t *out, git_repository *repo, git_tree *tree, const char *prefix)
{
	struct istate st;
	size_t n = 0;
	if (tree) {
		if (load(&st, repo, tree) < 0)
			return -1;
		for (size_t i = 0; i < st.n; i++)
			if (in_subtree(st.dirs[i].path, prefix))
				n += st.dirs[i].files;
		state_free(&st);
	}
	*out = n;
	return 0;
}

int index_each_dir(git_repository *repo, git_tree *tree, index_dir_fn fn, void *ctx)
{
	struct istate st;
	if (!tree)
		return 0;
	if (load(&st, repo, tree) < 0)
		return -1;
	for (size_t i = 0; i < st.n; i++)
		fn(ctx, st.dirs[i].path, &st.dirs[i].tree, st.dirs[i].files);
	state_free(&st);
	return 0;
}

/* --- decoded records of one directory --- */

/*
 * Cache file layout:
 *   "jiaoyan-cache <version> <tree hex> <entries> <bytes>\n"   bytes = size of what follows
 *   per entry: 20-byte blob id, 'r' (decoded) or 'x' (rejected), name NUL,
 *              then 'S' section NUL | 'K' key NUL value NUL ..., then 'E'
 * Names, sections, keys and values never hold NUL (the codec refuses it).
 */
#define CACHE_DIR "jiaoyan-cache"
#define INDEX_CACHE_VERSION 1

struct centry {
	char *name;
	git_oid blob;
	struct record *rec; /* NULL: rejected by the codec */
};

static void centry_free(void *p)
{
	struct centry *e = p;
	if (!e)
		return;
	free(e->name);
	record_free(e->rec);
	free(e);
}

static void put_str(struct buf *b, char tag, const char *s)
{
	if (tag)
		buf_putc(b, tag);
	buf_add(b, s, strlen(s) + 1);
}

static void serialize(struct buf *b, const struct centry *e)
{
	buf_add(b, e->blob.id, GIT_OID_RAWSZ);
	buf_putc(b, e->rec ? 'r' : 'x');
	put_str(b, 0, e->name);
	for (size_t i = 0; e->rec && i < record_section_count(e->rec); i++) {
		put_str(b, 'S', record_section(e->rec, i));
		for (size_t j = 0; j < record_key_count(e->rec, i); j++) {
			put_str(b, 'K', record_key(e->rec, i, j));
			put_str(b, 0, record_value(e->rec, i, j));
		}
	}
	buf_putc(b, 'E');
}

/* A NUL-terminated string at *p inside [*p, end); NULL when the file is cut short. */
static const char *take_str(const char **p, const char *end)
{
	const char *s = *p, *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

/* Parses one entry at *p; with out NULL only checks it. */
static int parse_entry(struct centry *out, const char **p, const char *end)
{
	const char *s = *p, *name = NULL, *sec = NULL;
	struct record *r = NULL;
	int rc = -1;
	if (end - s < GIT_OID_RAWSZ + 2 || (s[GIT_OID_RAWSZ] != 'r' && s[GIT_OID_RAWSZ] != 'x'))
		return -1;
	int ok = s[GIT_OID_RAWSZ] == 'r';
	const unsigned char *raw = (const unsigned char *)s;
	s += GIT_OID_RAWSZ + 1;
	if (!(name = take_str(&s, end)))
		return -1;
	if (out && ok)
		r = record_new();
	while (s < end && *s != 'E') {
		char tag = *s++;
		if (tag == 'S') {
			if (!(sec = take_str(&s, end)) || !*sec)
				goto cleanup;
			if (r && !record_has_section(r, sec)) {
				/* Keeps a section that has no keys, as the decoder gave it. */
				record_set(r, sec, "-", "");
				record_unset(r, sec, "-");
			}
		} else if (tag == 'K') {
			const char *key = take_str(&s, end), *val = key ? take_str(&s, end) : NULL;
			if (!val || !sec || !ok)
				goto cleanup;
			if (r)
				record_set(r, sec, key, val);
		} else {
			goto cleanup;
		}
	}
	if (s >= end)
		goto cleanup;
	if (out) {
		out->name = xstrdup(name);
		git_oid_fromraw(&out->blob, raw);
		out->rec = r;
		r = NULL;
	}
	*p = s + 1;
	rc = 0;
cleanup:
	record_free(r);
	return rc;
}

struct cache_file {
	const char *map;
	size_t len;
	git_oid tree;
	size_t entries;
	const char *body, *end;
};

static void cache_unmap(struct cache_file *c)
{
	if (c->map)
		munmap((void *)c->map, c->len);
	memset(c, 0, sizeof(*c));
}

/* Maps and fully checks a cache file; -1 when absent or damaged. */
static int cache_map(struct cache_file *c, const char *file)
{
	struct stat sb;
	char magic[32];
	size_t bytes;
	int rc = -1, fd = open(file, O_RDONLY | O_CLOEXEC);
	memset(c, 0, sizeof(*c));
	if (fd < 0)
		return -1;
	void *m = fstat(fd, &sb) == 0 && sb.st_size >= 16 ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
							  : MAP_FAILED;
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	c->map = m;
	c->len = (size_t)sb.st_size;
	const char *p = c->map, *end = c->map + c->len;
	int n = snprintf(magic, sizeof(magic), "jiaoyan-cache %d ", INDEX_CACHE_VERSION);
	if ((size_t)n >= c->len || memcmp(p, magic, (size_t)n) != 0)
		goto cleanup;
	p += n;
	if (end - p < GIT_OID_HEXSZ + 1 || git_oid_fromstrn(&c->tree, p, GIT_OID_HEXSZ) != 0 || p[GIT_OID_HEXSZ] != ' ')
		goto cleanup;
	p += GIT_OID_HEXSZ + 1;
	if (index_parse_size(&p, end, ' ', &c->entries) != 0 || index_parse_size(&p, end, '\n', &bytes) != 0 ||
	    (size_t)(end - p) != bytes)
		goto cleanup;
	c->body = p;
	c->end = end;
	for (size_t i = 0; i < c->entries; i++)
		if (parse_entry(NULL, &p, end) != 0)
			goto cleanup;
	rc = p == end ? 0 : -1;
cleanup:
	if (rc < 0)
		cache_unmap(c);
	return rc;
}

/* Offsets of a checked cache's entries sorted by blob id, so a refresh can reuse them. */
struct reuse {
	const char **at;
	size_t n;
};

static int cmp_blob_at(const void *a, const void *b)
{
	return memcmp(*(const char *const *)a, *(const char *const *)b, GIT_OID_RAWSZ);
}

static const char *reuse_find(const struct reuse *r, const git_oid *blob)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(r->at[mid], blob->id, GIT_OID_RAWSZ);
		if (c == 0)
			return r->at[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int is_ini(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".ini") == 0;
}

static void cache_write(const char *dirfile, const char *file, const git_oid *tree, const struct vec *entries)
{
	struct buf body = BUF_INIT, head = BUF_INIT, tmp = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	for (size_t i = 0; i < entries->len; i++)
		serialize(&body, entries->items[i]);
	git_oid_tostr(hex, sizeof(hex), tree);
	buf_printf(&head, "jiaoyan-cache %d %s %zu %zu\n", INDEX_CACHE_VERSION, hex, entries->len, body.len);
	mkdir(dirfile, 0777);
	buf_printf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd >= 0) {
		int ok = 1;
		const struct buf *parts[2] = { &head, &body };
		for (int k = 0; k < 2 && ok; k++)
			for (size_t off = 0; off < parts[k]->len && ok;) {
				ssize_t w = write(fd, parts[k]->ptr + off, parts[k]->len - off);
				ok = w > 0;
				off += ok ? (size_t)w : 0;
			}
		if (close(fd) != 0 || !ok || rename(tmp.ptr, file) != 0)
			unlink(tmp.ptr);
	}
	buf_release(&body);
	buf_release(&head);
	buf_release(&tmp);
}

int index_dir_records(git_repository *repo, const char *dir, git_tree *dir_tree, index_record_fn fn, void *ctx)
{
	struct buf cdir = BUF_INIT, file = BUF_INIT;
	struct cache_file c;
	struct reuse old = { NULL, 0 };
	struct vec entries = VEC_INIT(centry_free);
	int rc = 0, fresh;

	buf_printf(&cdir, "%s%s", git_repository_path(repo), CACHE_DIR);
	buf_printf(&file, "%s/", cdir.ptr);
	for (const char *p = *dir ? dir : "."; *p; p++)
		buf_putc(&file, *p == '/' ? '@' : *p);
	int have = cache_map(&c, file.ptr) == 0;
	fresh = have && git_oid_equal(&c.tree, git_tree_id(dir_tree));
	if (fresh) {
		const char *p = c.body;
		for (size_t i = 0; i < c.entries; i++) {
			struct centry *e = xcalloc(1, sizeof(*e));
			parse_entry(e, &p, c.end); /* checked by cache_map */
			vec_push(&entries, e);
		}
	} else if (have) {
		const char *p = c.body;
		old.at = xmalloc((c.entries + 1) * sizeof(*old.at));
		for (size_t i = 0; i < c.entries; i++) {
			old.at[old.n++] = p;
			parse_entry(NULL, &p, c.end);
		}
		qsort(old.at, old.n, sizeof(*old.at), cmp_blob_at);
	}
	for (size_t i = 0; !fresh && i < git_tree_entrycount(dir_tree); i++) {
		const git_tree_entry *te = git_tree_entry_byindex(dir_tree, i);
		const char *name = git_tree_entry_name(te);
		if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || !is_ini(name))
			continue;
		struct centry *e = xcalloc(1, sizeof(*e));
		const char *at = reuse_find(&old, git_tree_entry_id(te));
		vec_push(&entries, e);
		if (at) {
			parse_entry(e, &at, c.end);
			free(e->name); /* the same blob may sit under another name */
			e->name = xstrdup(name);
			continue;
		}
		git_blob *b = NULL;
		struct jy_err quiet = JY_ERR_INIT;
		e->name = xstrdup(name);
		e->blob = *git_tree_entry_id(te);
		if (git_blob_lookup(&b, repo, &e->blob) < 0) {
			rc = -1;
			goto cleanup;
		}
		if (codec_decode(&e->rec, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), &quiet) < 0)
			e->rec = NULL;
		git_blob_free(b);
	}
	if (!fresh)
		cache_write(cdir.ptr, file.ptr, git_tree_id(dir_tree), &entries);
	for (size_t i = 0; i < entries.len; i++) {
		struct centry *e = entries.items[i];
		fn(ctx, e->name, e->rec);
		e->rec = NULL;
	}
cleanup:
	free(old.at);
	if (have)
		cache_unmap(&c);
	vec_free(&entries);
	buf_release(&cdir);
	buf_release(&file);
	return rc;
}
