/* rows: the ready-to-show derived index — rows, search text and small records per directory, mapped, checked, rebuilt from git when stale. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/index.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/text.h"
#include "jiaoyan/vec.h"

/*
 * Files (all numbers little-endian, read with memcpy: nothing is aligned):
 *
 * jiaoyan-rows/@manifest, text:
 *   "jiaoyan-rows 3 <policy version> <commit hex> <ndirs>\n"
 *   ndirs × "<tree hex> <files> <path, '.' for the root>\n"   depth-first, git order
 *   "sum <16 hex>\n"                                          of everything before
 *
 * jiaoyan-rows/<dir, '/' as '@', the root "@">:
 *   "jiaoyan-rows-dir 4 <policy version> <tree hex> <nrows> <rows decoded> <'=' and the first row's sort key in hex, '-' with no rows>
 *    (<bytes> <sum hex>) ×4 <sum hex of the line before it>\n"
 *   — the header alone answers how many rows a directory holds and where it enters a newest-first merge;
 *   then four regions, each checked by its own length and sum when first used:
 *   ROWS   per row, stored order (newest first):
 *            u32 size of this row, u32 offset of its search text, u32 offset of its
 *            bytes in RAW (RAW_NONE), u8 decoded, 20-byte blob id, u16 nfields,
 *            name NUL, sort key NUL, nfields × (key NUL value NUL)
 *   SEARCH per row: u32 hay size, hay = per field its section, key and value folded, each followed by NUL,
 *            then the entries (section.key NUL value NUL) and one more NUL
 *   RAW    (small directories) per file, tree order: name NUL, u32 size, bytes
 *   AGG    what the policy's aggregate made of the directory's rows (rows_aggregate), opaque here
 */
#define ROWS_DIR "jiaoyan-rows"
#define MANIFEST "@manifest"
#define ROWS_MAGIC "jiaoyan-rows 3 "
#define DIR_MAGIC "jiaoyan-rows-dir 4 "
#define RAW_NONE 0xFFFFFFFFu
#define ROW_FIXED (4 + 4 + 4 + 1 + 20 + 2)

enum { REG_ROWS, REG_SEARCH, REG_RAW, REG_AGG, NREG };

struct rdir {
	char *path;
	unsigned char tree[20];
	size_t files;
	int bytes;      /* keeps the files' bytes (the root and top-level directories) */
	const struct type_def *type; /* of its records, by depth; NULL for the root's mix (dir_type) */
	int typed;                   /* type is known */
	const char *map;
	size_t maplen;
	int state;      /* 0: not mapped yet; 1: header checked; -1: unusable */
	unsigned checked; /* regions whose sums were verified (1 << REG_x) */
	unsigned failed;  /* regions rows_search() found damaged */
	size_t nrows;
	size_t ndecoded;  /* rows whose file decoded (header) */
	char *newest;     /* the first row's sort key (header), owned; NULL when the directory has no rows */
	const char *reg[NREG];
	size_t reglen[NREG];
	uint64_t regsum[NREG];
	int borrowed;     /* map is the rows' scan buffer, not a mapping */
	int heap;         /* map is the file read into the heap (map_file), not a mapping */
	uint32_t *byname; /* row offsets sorted by name, built on first lookup */
	struct name_slot *names; /* rows_name's answers by id (open addressing), while mapped */
	size_t names_cap, names_used;
};

struct name_slot {
	char *id;         /* owned; NULL: empty slot */
	const char *name; /* into the map; NULL when the id names nothing */
};

struct rows {
	struct store *s;
	char *dir; /* <repo>/jiaoyan-rows */
	const struct rows_policy *policy;
	char head[41];
	struct rdir *dirs;
	size_t n, cap;
	char *scan;      /* rows_scan's buffer: one directory file at a time */
	size_t scancap;
	struct rdir *scanning; /* the directory that holds the buffer, while it does (borrowed) */
	char *agg;       /* read_agg's buffer: one directory's aggregate at a time */
	size_t aggcap;
	/* rows_name's directory per type asked (a listing asks for every cell that names someone) */
	struct {
		const char *type;
		long dir;
	} name_dir[4];
};

struct rows_fill {
	struct buf fields;
	size_t n;
	struct buf sortkey;
};

/*
 * Four lanes, so that the multiplications overlap: every open sums every
 * region it reads. Each step (h ^ w) * odd constant is a bijection of h, so a
 * change to any one word always changes the sum; the end mixes the lanes.
 */
static uint64_t sum64(const char *p, size_t n)
{
	uint64_t h[4] = { 0x9E3779B97F4A7C15ull ^ n, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull, 0x27D4EB2F165667C5ull };
	while (n >= 32) {
		uint64_t w[4];
		memcpy(w, p, 32);
		h[0] = (h[0] ^ w[0]) * 0xff51afd7ed558ccdull;
		h[1] = (h[1] ^ w[1]) * 0xff51afd7ed558ccdull;
		h[2] = (h[2] ^ w[2]) * 0xff51afd7ed558ccdull;
		h[3] = (h[3] ^ w[3]) * 0xff51afd7ed558ccdull;
		p += 32;
		n -= 32;
	}
	uint64_t x = h[0] ^ (h[1] * 0x9E3779B97F4A7C15ull) ^ (h[2] * 0xC2B2AE3D27D4EB4Full) ^ (h[3] * 0x165667B19E3779F9ull);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		x = (x ^ w) * 0xff51afd7ed558ccdull;
		x ^= x >> 32;
		p += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, p, n);
	x = (x ^ w) * 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 29);
}

static uint32_t get32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void put32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, 4);
}

static void hex20(char out[41], const unsigned char raw[20])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 15];
	}
	out[40] = '\0';
}

/* A lowercase hex digit's value; a large negative number for anything else (so that 16 * v + w stays negative). */
static int hexdig(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -4096;
}

static int unhex20(unsigned char out[20], const char *s)
{
	for (int i = 0; i < 40; i++) {
		int v = hexdig(s[i]);
		if (v < 0)
			return -1;
		if (i % 2)
			out[i / 2] = (unsigned char)(out[i / 2] | v);
		else
			out[i / 2] = (unsigned char)(v << 4);
	}
	return 0;
}

static void dir_file(struct buf *out, const struct rows *r, const char *path)
{
	buf_printf(out, "%s/", r->dir);
	if (!*path)
		buf_putc(out, '@');
	for (const char *p = path; *p; p++)
		buf_putc(out, *p == '/' ? '@' : *p);
}

/* Files up to this size are read into memory instead of mapped (map_file). */
#define READ_MAX (64 * 1024)

/*
 * The file's bytes: a small file read into the heap (*heap = 1, free()
 * them), a larger one mapped (*heap = 0, munmap). Mapping and unmapping
 * change page tables, which is slow under a hypervisor: a screen that opens
 * forty small directories' files paid more for that than for reading them,
 * while of a large file a mapping touches only the pages read.
 */
static int map_file(const char **map, size_t *len, int *heap, const char *file)
{
	struct stat sb;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	void *m = MAP_FAILED;
	if (fd < 0)
		return -1;
	*heap = 0;
	if (fstat(fd, &sb) == 0 && sb.st_size > 0 && sb.st_size <= READ_MAX) {
		size_t got = 0, want = (size_t)sb.st_size;
		char *b = xmalloc(want);
		ssize_t n = 1;
		while (got < want && (n = read(fd, b + got, want - got)) > 0)
			got += (size_t)n;
		if (got == want) {
			m = b;
			*heap = 1;
		} else {
			free(b);
		}
	} else if (sb.st_size > 0) {
		m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	*map = m;
	*len = (size_t)sb.st_size;
	return 0;
}

static void unmap_file(const char *map, size_t len, int heap)
{
	if (heap)
		free((void *)map);
	else
		munmap((void *)map, len);
}

/* Writes data to file by rename, so readers see the old file or the new one; failure is silent (derived data). */
static void write_atomic(const char *file, const struct buf *const *parts, size_t nparts)
{
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666), ok = fd >= 0;
	for (size_t k = 0; k < nparts && ok; k++)
		for (size_t off = 0; off < parts[k]->len && ok;) {
			ssize_t w = write(fd, parts[k]->ptr + off, parts[k]->len - off);
			ok = w > 0;
			off += ok ? (size_t)w : 0;
		}
	if (fd >= 0 && (close(fd) != 0 || !ok || rename(tmp.ptr, file) != 0))
		unlink(tmp.ptr);
	buf_release(&tmp);
}

static void dir_unmap(struct rdir *d)
{
	if (d->map && !d->borrowed)
		unmap_file(d->map, d->maplen, d->heap);
	d->borrowed = 0;
	d->heap = 0;
	d->map = NULL;
	d->maplen = 0;
	d->state = 0;
	d->checked = 0;
	d->failed = 0;
	free(d->newest);
	d->newest = NULL;
	free(d->byname);
	d->byname = NULL;
	for (size_t i = 0; i < d->names_cap; i++)
		free(d->names[i].id);
	free(d->names);
	d->names = NULL;
	d->names_cap = d->names_used = 0;
}

void rows_free(struct rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		dir_unmap(&r->dirs[i]);
		free(r->dirs[i].path);
	}
	free(r->dirs);
	free(r->dir);
	free(r->scan);
	free(r->agg);
	free(r);
}

static struct rdir *add_dir(struct rows *r, const char *path, const unsigned char tree[20], size_t files)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->dirs = xrealloc(r->dirs, r->cap * sizeof(*r->dirs));
	}
	struct rdir *d = &r->dirs[r->n++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(path);
	memcpy(d->tree, tree, 20);
	d->files = files;
	d->bytes = !strchr(path, '/');
	return d;
}

/* The type of d's records, worked out on first use: most opens (a person's record, a login) never ask. */
static const struct type_def *dir_type(struct rdir *d)
{
	if (!d->typed && *d->path) {
		char *probe = xasprintf("%s/x.ini", d->path);
		d->type = schema_type_of_path(probe);
		free(probe);
	}
	d->typed = 1;
	return d->type;
}

static struct rows *rows_new(struct store *s)
{
	struct rows *r = xcalloc(1, sizeof(*r));
	r->s = s;
	r->dir = xasprintf("%s/%s", store_path(s), ROWS_DIR);
	r->policy = store_rows_policy(s);
	store_head(s, r->head);
	return r;
}

/* A word up to stop, compared with want. */
static int expect(const char **p, const char *end, const char *want, char stop)
{
	size_t n = strlen(want);
	if ((size_t)(end - *p) <= n || memcmp(*p, want, n) != 0 || (*p)[n] != stop)
		return -1;
	*p += n + 1;
	return 0;
}

int rows_load(struct rows **out, struct store *s)
{
	const char *map, *p, *end;
	size_t len, ndirs;
	int heap;
	struct rows *r = rows_new(s);
	struct buf file = BUF_INIT, path = BUF_INIT;
	int rc = -1;
	*out = NULL;
	buf_printf(&file, "%s/%s", r->dir, MANIFEST);
	if (!r->policy || !r->head[0] || map_file(&map, &len, &heap, file.ptr) < 0)
		goto cleanup;
	p = map;
	end = map + len;
	const char *sum = len > 21 ? end - 21 : NULL;
	char want[17];
	if (!sum || memcmp(sum, "sum ", 4) != 0 || end[-1] != '\n')
		goto unmap;
	snprintf(want, sizeof(want), "%016llx", (unsigned long long)sum64(map, (size_t)(sum - map)));
	if (memcmp(sum + 4, want, 16) != 0 || memcmp(p, ROWS_MAGIC, sizeof(ROWS_MAGIC) - 1) != 0)
		goto unmap;
	p += sizeof(ROWS_MAGIC) - 1;
	if (expect(&p, sum, r->policy->version, ' ') < 0 || expect(&p, sum, r->head, ' ') < 0 ||
	    index_parse_size(&p, sum, '\n', &ndirs) < 0 || ndirs > (size_t)(sum - p) / 42)
		goto unmap;
	/* Sized once: growing by doubling wrote each directory's entry into new pages several times. */
	r->cap = ndirs;
	r->dirs = xmalloc((ndirs ? ndirs : 1) * sizeof(*r->dirs));
	for (size_t i = 0; i < ndirs; i++) {
		unsigned char tree[20];
		size_t files;
		if (sum - p < 42 || unhex20(tree, p) < 0 || p[40] != ' ')
			goto unmap;
		p += 41;
		if (index_parse_size(&p, sum, ' ', &files) < 0)
			goto unmap;
		const char *nl = memchr(p, '\n', (size_t)(sum - p));
		if (!nl || nl == p)
			goto unmap;
		buf_reset(&path);
		if (!(nl - p == 1 && *p == '.'))
			buf_add(&path, p, (size_t)(nl - p));
		add_dir(r, path.ptr, tree, files);
		p = nl + 1;
	}
	rc = p == sum ? 0 : -1;
unmap:
	unmap_file(map, len, heap);
cleanup:
	buf_release(&file);
	buf_release(&path);
	if (rc == 0)
		*out = r;
	else
		rows_free(r);
	return rc;
}

/* ---- building ---- */

void rows_put(struct rows_fill *f, const char *key, const char *value)
{
	buf_add(&f->fields, key, strlen(key) + 1);
	buf_add(&f->fields, value ? value : "", strlen(value ? value : "") + 1);
	f->n++;
}

void rows_sortkey(struct rows_fill *f, const char *key)
{
	buf_set(&f->sortkey, key ? key : "");
}

/* One file of a directory being rebuilt: new parts in own buffers, reused parts point into the old file. */
struct entry {
	char *name;
	unsigned char blob[20];
	int decoded;
	const char *sortkey;
	size_t nfields;
	const char *fields, *search, *raw;
	size_t fields_len, search_len, raw_len;
	int has_raw;
	struct buf own; /* sortkey NUL fields search, when built here */
	struct buf own_raw;
	size_t order; /* tree order, for stable sorting */
};

static void entry_free(void *p)
{
	struct entry *e = p;
	free(e->name);
	buf_release(&e->own);
	buf_release(&e->own_raw);
	free(e);
}

static void build_search(struct buf *out, const struct record *rec)
{
	struct buf ents = BUF_INIT;
	size_t at = out->len;
	put32(out, 0);
	for (size_t i = 0; rec && i < record_section_count(rec); i++)
		for (size_t j = 0; j < record_key_count(rec, i); j++) {
			const char *v = record_value(rec, i, j);
			/* Section and key too: a student's id is a key of a score table, as git grep sees it. */
			text_fold(out, record_section(rec, i), strlen(record_section(rec, i)));
			buf_putc(out, '\0');
			text_fold(out, record_key(rec, i, j), strlen(record_key(rec, i, j)));
			buf_putc(out, '\0');
			text_fold(out, v, strlen(v));
			buf_putc(out, '\0');
			buf_printf(&ents, "%s.%s", record_section(rec, i), record_key(rec, i, j));
			buf_add(&ents, "", 1);
			buf_add(&ents, v, strlen(v) + 1);
		}
	uint32_t hay = (uint32_t)(out->len - at - 4);
	memcpy(out->ptr + at, &hay, 4);
	buf_add(out, ents.ptr, ents.len);
	buf_putc(out, '\0');
	buf_release(&ents);
}

/* Decodes a new blob and fills its entry through the policy. */
static void build_entry(struct entry *e, const struct rows_policy *pol, const char *path, const char *data, size_t len)
{
	struct record *rec = NULL;
	struct jy_err quiet = JY_ERR_INIT;
	struct rows_fill f = { BUF_INIT, 0, BUF_INIT };
	const struct type_def *t = schema_type_of_path(path);
	e->decoded = codec_decode(&rec, data, len, &quiet) == 0;
	if (e->decoded && t)
		pol->fill(&f, t, rec);
	buf_add(&e->own, f.sortkey.ptr, f.sortkey.len);
	buf_putc(&e->own, '\0');
	size_t fo = e->own.len;
	buf_add(&e->own, f.fields.ptr, f.fields.len);
	size_t so = e->own.len;
	build_search(&e->own, e->decoded ? rec : NULL);
	e->sortkey = e->own.ptr;
	e->nfields = f.n;
	e->fields = e->own.ptr + fo;
	e->fields_len = so - fo;
	e->search = e->own.ptr + so;
	e->search_len = e->own.len - so;
	buf_release(&f.fields);
	buf_release(&f.sortkey);
	record_free(rec);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
	int c = strcmp(y->sortkey, x->sortkey);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Number of NUL bytes in [p, p + n), eight at a time (every row is checked on open). */
static size_t nuls(const char *p, size_t n)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, ones = 0x0101010101010101ull;
	size_t c = 0;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		/* the high bit of each byte of z is set exactly when that byte of w is 0 */
		uint64_t z = ~(((w & low7) + low7) | w | low7);
		c += (size_t)(((z >> 7) * ones) >> 56);
	}
	for (; n; p++, n--)
		c += *p == '\0';
	return c;
}

/* Parses the row at p (within [p, end)); -1 when it does not fit. */
static int parse_row(struct rows_row *row, const struct rdir *d, const char *p, const char *end)
{
	if (end - p < ROW_FIXED)
		return -1;
	uint32_t size = get32(p), so = get32(p + 4);
	uint16_t nf;
	if (size < ROW_FIXED || size > (size_t)(end - p) || so >= d->reglen[REG_SEARCH] + (d->reglen[REG_SEARCH] == 0))
		return -1;
	memcpy(&nf, p + 33, 2);
	const char *q = p + ROW_FIXED, *rend = p + size;
	const char *name = q, *nul = memchr(q, '\0', (size_t)(rend - q));
	if (!nul)
		return -1;
	const char *sk = nul + 1;
	if (!(nul = sk < rend ? memchr(sk, '\0', (size_t)(rend - sk)) : NULL))
		return -1;
	row->name = name;
	row->sortkey = sk;
	row->decoded = p[12] != 0;
	row->nfields = nf;
	row->fields = nul + 1;
	/* Search text only from a region whose sum was checked: offsets into it are read as they stand. */
	row->search = d->reg[REG_SEARCH] && (d->checked & 1u << REG_SEARCH) ? d->reg[REG_SEARCH] + so : NULL;
	row->dir = d->path;
	/* the fields fill the rest of the row: 2 × nf strings, so 2 × nf NULs, the last one ending it */
	q = nul + 1;
	if (!nf || rend[-1] != '\0')
		return q == rend ? 0 : -1;
	return nuls(q, (size_t)(rend - q)) == 2u * nf ? 0 : -1;
}

/* The row at p of a directory whose rows check_dir() has parsed already: no bounds to check again. */
static void checked_row(struct rows_row *row, const struct rdir *d, const char *p)
{
	uint16_t nf;
	memcpy(&nf, p + 33, 2);
	row->name = p + ROW_FIXED;
	row->sortkey = row->name + strlen(row->name) + 1;
	row->decoded = p[12] != 0;
	row->nfields = nf;
	row->fields = row->sortkey + strlen(row->sortkey) + 1;
	row->search = d->reg[REG_SEARCH] && (d->checked & 1u << REG_SEARCH) ? d->reg[REG_SEARCH] + get32(p + 4) : NULL;
	row->dir = d->path;
}

/* The entries of an old directory file, sorted by blob id, so a rebuild reuses what did not change. */
struct old_rows {
	const struct rdir *d;
	const char **at;
	size_t n;
};

static int cmp_blob_row(const void *a, const void *b)
{
	return memcmp(*(const char *const *)a + 13, *(const char *const *)b + 13, 20);
}

static const char *old_find(const struct old_rows *o, const unsigned char blob[20])
{
	size_t lo = 0, hi = o->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(o->at[mid] + 13, blob, 20);
		if (c == 0)
			return o->at[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int check_dir(struct rdir *d, const struct rows *r, unsigned regs, int any_tree);

/* Rebuilds directory d's file from its git tree (reusing d's old file where blob ids match) and maps it. */
static int rebuild_dir(struct rows *r, struct rdir *d, struct jy_err *err)
{
	git_repository *repo;
	git_tree *tree = NULL;
	git_oid oid;
	struct vec ents = VEC_INIT(entry_free);
	struct old_rows old = { d, NULL, 0 };
	struct buf path = BUF_INIT, regs[NREG] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT }, head = BUF_INIT, file = BUF_INIT;
	int rc = 0;
	if (!(repo = store_git(r->s)))
		return err_set(err, JY_EIO, "%s", L("无法打开数据仓库", "cannot open the data repository"));
	/* An old file of the same policy whose regions check out (use_dir) lends its rows, whatever tree it was for. */
	if (d->state == 1) {
		old.at = xmalloc((d->nrows + 1) * sizeof(*old.at));
		for (const char *p = d->reg[REG_ROWS]; p < d->reg[REG_ROWS] + d->reglen[REG_ROWS]; p += get32(p))
			old.at[old.n++] = p;
		qsort(old.at, old.n, sizeof(*old.at), cmp_blob_row);
	}
	memcpy(oid.id, d->tree, 20);
	if (git_tree_lookup(&tree, repo, &oid) < 0) {
		rc = err_set(err, JY_EIO, L("读取目录 %s 失败：%s", "cannot read directory %s: %s"), d->path,
			     git_error_last() ? git_error_last()->message : "");
		goto cleanup;
	}
	for (size_t i = 0; i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		size_t nl = strlen(name);
		if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || nl <= 4 || strcmp(name + nl - 4, ".ini") != 0)
			continue;
		struct entry *e = xcalloc(1, sizeof(*e));
		buf_init(&e->own);
		buf_init(&e->own_raw);
		vec_push(&ents, e);
		e->name = xstrdup(name);
		e->order = i;
		memcpy(e->blob, git_tree_entry_id(te)->id, 20);
		const char *o = old.n ? old_find(&old, e->blob) : NULL;
		uint32_t ro = o ? get32(o + 8) : RAW_NONE;
		if (o && (!d->bytes || ro != RAW_NONE)) {
			struct rows_row row;
			parse_row(&row, d, o, o + get32(o));
			e->decoded = row.decoded;
			e->sortkey = row.sortkey;
			e->nfields = row.nfields;
			e->fields = row.fields;
			e->fields_len = (size_t)(o + get32(o) - row.fields);
			e->search = row.search;
			const char *hay_end = row.search + 4 + get32(row.search), *z = hay_end;
			while (*z)
				z = strchr(strchr(z, '\0') + 1, '\0') + 1;
			e->search_len = (size_t)(z + 1 - row.search);
			if (ro != RAW_NONE) {
				const char *rp = d->reg[REG_RAW] + ro;
				e->raw_len = get32(rp + strlen(rp) + 1);
				e->raw = rp + strlen(rp) + 5;
				e->has_raw = 1;
			}
			continue;
		}
		git_blob *b = NULL;
		if (git_blob_lookup(&b, repo, git_tree_entry_id(te)) < 0) {
			rc = err_set(err, JY_EIO, L("读取记录失败：%s/%s", "cannot read record %s/%s"), d->path, name);
			goto cleanup;
		}
		buf_reset(&path);
		buf_printf(&path, "%s%s%s", d->path, *d->path ? "/" : "", name);
		build_entry(e, r->policy, path.ptr, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		if (d->bytes) {
			buf_add(&e->own_raw, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
			e->raw = e->own_raw.ptr;
			e->raw_len = e->own_raw.len;
			e->has_raw = 1;
		}
		git_blob_free(b);
	}
	/* RAW in tree order, then ROWS and SEARCH in stored (newest first) order. */
	uint32_t *raw_at = xcalloc(ents.len + 1, sizeof(*raw_at));
	for (size_t i = 0; i < ents.len; i++) {
		struct entry *e = ents.items[i];
		raw_at[i] = RAW_NONE;
		if (!e->has_raw)
			continue;
		raw_at[i] = (uint32_t)regs[REG_RAW].len;
		buf_add(&regs[REG_RAW], e->name, strlen(e->name) + 1);
		put32(&regs[REG_RAW], (uint32_t)e->raw_len);
		buf_add(&regs[REG_RAW], e->raw, e->raw_len);
	}
	for (size_t i = 0; i < ents.len; i++)
		((struct entry *)ents.items[i])->order = i; /* the raw_at index */
	qsort(ents.items, ents.len, sizeof(void *), cmp_entry);
	struct rows_row *rows = xcalloc(ents.len + 1, sizeof(*rows));
	for (size_t i = 0; i < ents.len; i++) {
		struct entry *e = ents.items[i];
		size_t nl = strlen(e->name) + 1, sl = strlen(e->sortkey) + 1;
		uint16_t nf = (uint16_t)e->nfields;
		rows[i] = (struct rows_row){ { (uint32_t)(d - r->dirs), (uint32_t)regs[REG_ROWS].len }, d->path, e->name,
					     e->sortkey, e->decoded, e->nfields, e->fields, NULL };
		put32(&regs[REG_ROWS], (uint32_t)(ROW_FIXED + nl + sl + e->fields_len));
		put32(&regs[REG_ROWS], (uint32_t)regs[REG_SEARCH].len);
		put32(&regs[REG_ROWS], raw_at[e->order]);
		buf_putc(&regs[REG_ROWS], (char)e->decoded);
		buf_add(&regs[REG_ROWS], e->blob, 20);
		buf_add(&regs[REG_ROWS], &nf, 2);
		buf_add(&regs[REG_ROWS], e->name, nl);
		buf_add(&regs[REG_ROWS], e->sortkey, sl);
		buf_add(&regs[REG_ROWS], e->fields, e->fields_len);
		buf_add(&regs[REG_SEARCH], e->search, e->search_len);
	}
	free(raw_at);
	const struct type_def *dt = dir_type(d);
	if (r->policy->aggregate && dt && ents.len)
		r->policy->aggregate(&regs[REG_AGG], dt, rows, ents.len);
	free(rows);
	char hex[41];
	size_t ndecoded = 0;
	hex20(hex, d->tree);
	for (size_t i = 0; i < ents.len; i++)
		ndecoded += ((struct entry *)ents.items[i])->decoded != 0;
	buf_printf(&head, "%s%s %s %zu %zu ", DIR_MAGIC, r->policy->version, hex, ents.len, ndecoded);
	buf_putc(&head, ents.len ? '=' : '-');
	for (const char *k = ents.len ? ((struct entry *)ents.items[0])->sortkey : ""; *k; k++)
		buf_printf(&head, "%02x", (unsigned char)*k);
	for (int k = 0; k < NREG; k++)
		buf_printf(&head, " %zu %016llx", regs[k].len, (unsigned long long)sum64(regs[k].ptr, regs[k].len));
	buf_printf(&head, " %016llx\n", (unsigned long long)sum64(head.ptr, head.len));
	dir_file(&file, r, d->path);
	mkdir(r->dir, 0777);
	const struct buf *parts[] = { &head, &regs[0], &regs[1], &regs[2], &regs[3] };
	write_atomic(file.ptr, parts, 5);
	/* Read back what was written; a repository we cannot write into serves from memory instead. */
	dir_unmap(d);
	if (check_dir(d, r, 1u << REG_ROWS, 0) < 0) {
		struct buf all = BUF_INIT;
		for (size_t k = 0; k < 5; k++)
			buf_add(&all, parts[k]->ptr, parts[k]->len);
		void *m = mmap(NULL, all.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			rc = err_set(err, JY_EIO, "%s", L("内存不足", "out of memory"));
		} else {
			memcpy(m, all.ptr, all.len);
			d->map = m;
			d->maplen = all.len;
			d->state = 0;
			if (check_dir(d, r, 1u << REG_ROWS, 0) < 0)
				rc = err_set(err, JY_EIO, "%s", L("索引无法建立", "cannot build the index"));
		}
		buf_release(&all);
	}
cleanup:
	free(old.at);
	git_tree_free(tree);
	vec_free(&ents);
	for (int k = 0; k < NREG; k++)
		buf_release(&regs[k]);
	buf_release(&head);
	buf_release(&file);
	buf_release(&path);
	return rc;
}

/* Maps d's file (once) and checks its header and the regions asked for; -1 when unusable. */
/*
 * Maps in the pages of [p, p + n) at once, before a region is summed and
 * read: one system call instead of a page fault every few pages, and only
 * for the regions used (a listing reads rows, not search text). Advisory.
 */
static void populate(const char *p, size_t n)
{
#ifdef MADV_POPULATE_READ
	static uintptr_t page;
	if (!page)
		page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)p & ~(page - 1);
	if (n)
		madvise((void *)a, (uintptr_t)p + n - a, MADV_POPULATE_READ);
#else
	(void)p;
	(void)n;
#endif
}

/*
 * Gives back the whole pages of [p, p + n) of a mapped file (not a borrowed
 * buffer): they stay in the page cache and come back on the next read. A
 * listing of everything walks every directory's rows once, so without this
 * its memory would grow to the size of the index.
 */
static void release(const struct rdir *d, const char *p, size_t n)
{
	static uintptr_t page;
	if (d->borrowed || d->heap || !n)
		return;
	if (!page)
		page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1), b = ((uintptr_t)p + n) & ~(page - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* Region k of a mapped directory against its sum: 0 (and marked checked) or -1. */
static int check_region(struct rdir *d, int k)
{
	if (!d->heap && !d->borrowed) /* bytes read into memory are there already */
		populate(d->reg[k], d->reglen[k]);
	if (sum64(d->reg[k], d->reglen[k]) != d->regsum[k])
		return -1;
	d->checked |= 1u << k;
	return 0;
}

/* What a directory file's header says: its rows, the first one's sort key, and where each region lies. */
struct dir_header {
	size_t nrows, ndecoded;
	char *newest; /* owned; NULL when there are no rows */
	size_t at[NREG], len[NREG]; /* offsets from the file's start */
	uint64_t sum[NREG];
};

/*
 * The header line [p, nl] of d's file of size bytes: 0 and *h filled, or -1
 * when it fails a check (magic, its own sum, policy, tree id unless any_tree,
 * structure, regions that end where the file does).
 */
static int parse_header(struct dir_header *h, const struct rdir *d, const struct rows *r, const char *p, const char *nl,
			size_t size, int any_tree)
{
	const char *start = p;
	char hex[41], want[17];
	memset(h, 0, sizeof(*h));
	hex20(hex, d->tree);
	if (nl - p < 17 + (long)sizeof(DIR_MAGIC) || memcmp(p, DIR_MAGIC, sizeof(DIR_MAGIC) - 1) != 0)
		return -1;
	/* The header's own sum: what it says decides which rows a merge reads first. */
	snprintf(want, sizeof(want), "%016llx", (unsigned long long)sum64(p, (size_t)(nl - 17 - p)));
	if (nl[-17] != ' ' || memcmp(nl - 16, want, 16) != 0)
		return -1;
	p += sizeof(DIR_MAGIC) - 1;
	if (expect(&p, nl, r->policy->version, ' ') < 0 || nl - p < 41 || (!any_tree && memcmp(p, hex, 40) != 0) ||
	    p[40] != ' ')
		return -1;
	p += 41;
	if (index_parse_size(&p, nl + 1, ' ', &h->nrows) < 0 || index_parse_size(&p, nl + 1, ' ', &h->ndecoded) < 0 ||
	    h->ndecoded > h->nrows)
		return -1;
	const char *sp = memchr(p, ' ', (size_t)(nl - p));
	if (!sp || (*p == '-') != !h->nrows || (*p == '-' ? sp != p + 1 : *p != '=' || (sp - p - 1) % 2))
		return -1;
	if (*p == '=') {
		size_t n = (size_t)(sp - p - 1) / 2;
		h->newest = xmalloc(n + 1);
		for (size_t i = 0; i < n; i++) {
			int v = hexdig(p[1 + 2 * i]) * 16 + hexdig(p[2 + 2 * i]);
			if (v <= 0) {
				free(h->newest);
				h->newest = NULL;
				return -1;
			}
			h->newest[i] = (char)v;
		}
		h->newest[n] = '\0';
	}
	p = sp + 1;
	size_t at = (size_t)(nl + 1 - start);
	for (int k = 0; k < NREG; k++) {
		char *e;
		if (index_parse_size(&p, nl + 1, ' ', &h->len[k]) < 0 || size - at < h->len[k])
			goto bad;
		unsigned long long v = strtoull(p, &e, 16);
		if (e != p + 16 || *e != ' ')
			goto bad;
		p = e + 1;
		h->at[k] = at;
		h->sum[k] = v;
		at += h->len[k];
	}
	if (at != size || p != nl - 16)
		goto bad;
	return 0;
bad:
	free(h->newest);
	h->newest = NULL;
	return -1;
}

static int check_dir(struct rdir *d, const struct rows *r, unsigned regs, int any_tree)
{
	if (d->state == 0) {
		struct buf file = BUF_INIT;
		struct dir_header h;
		d->state = -1;
		if (!d->map) {
			dir_file(&file, r, d->path);
			if (map_file(&d->map, &d->maplen, &d->heap, file.ptr) < 0)
				d->map = NULL;
			buf_release(&file);
		}
		if (!d->map)
			return -1;
		const char *nl = memchr(d->map, '\n', d->maplen);
		if (!nl || parse_header(&h, d, r, d->map, nl, d->maplen, any_tree) < 0)
			return -1;
		for (int k = 0; k < NREG; k++) {
			d->reg[k] = d->map + h.at[k];
			d->reglen[k] = h.len[k];
			d->regsum[k] = h.sum[k];
		}
		d->nrows = h.nrows;
		d->ndecoded = h.ndecoded;
		d->newest = h.newest;
		d->state = 1;
	}
	if (d->state < 0)
		return -1;
	for (int k = 0; k < NREG; k++)
		if ((regs & (1u << k)) && !(d->checked & (1u << k))) {
			if (check_region(d, k) < 0) {
				d->state = -1;
				return -1;
			}
			if (k == REG_ROWS) {
				/* Structure: every row parses, and there are nrows of them. */
				struct rows_row row;
				size_t n = 0;
				const char *p = d->reg[REG_ROWS], *end = p + d->reglen[REG_ROWS];
				for (; p < end; p += get32(p), n++)
					if (parse_row(&row, d, p, end) < 0 ||
					    (get32(p + 8) != RAW_NONE && get32(p + 8) >= d->reglen[REG_RAW])) {
						d->state = -1;
						return -1;
					}
				if (n != d->nrows) {
					d->state = -1;
					return -1;
				}
			}
		}
	return 0;
}

/* d mapped, its header and the regions regs checked (regs 0: the header only), rebuilt from git when it is not
 * current or not sound. */
static int use_dir(struct rows *r, struct rdir *d, unsigned regs, struct jy_err *err)
{
	if (check_dir(d, r, regs, 0) == 0)
		return 0;
	/* The file of another tree (same policy) lends the rows of unchanged blobs; a damaged one lends nothing. */
	dir_unmap(d);
	if (check_dir(d, r, 1u << REG_ROWS | 1u << REG_SEARCH | (d->bytes ? 1u << REG_RAW : 0), 1) < 0)
		dir_unmap(d);
	int rc = rebuild_dir(r, d, err);
	if (rc == 0 && check_dir(d, r, regs, 0) < 0)
		rc = err_set(err, JY_EIO, "%s", L("索引无法建立", "cannot build the index"));
	return rc;
}

/* ---- the manifest ---- */

static void collect_dir(void *ctx, const char *path, const git_oid *tree, size_t files)
{
	struct rows *r = ctx;
	if (files)
		add_dir(r, path, tree->id, files);
}

static void write_manifest(struct rows *r)
{
	struct buf m = BUF_INIT, file = BUF_INIT;
	char hex[41];
	buf_printf(&m, "%s%s %s %zu\n", ROWS_MAGIC, r->policy->version, r->head, r->n);
	for (size_t i = 0; i < r->n; i++) {
		hex20(hex, r->dirs[i].tree);
		buf_printf(&m, "%s %zu %s\n", hex, r->dirs[i].files, *r->dirs[i].path ? r->dirs[i].path : ".");
	}
	buf_printf(&m, "sum %016llx\n", (unsigned long long)sum64(m.ptr, m.len));
	mkdir(r->dir, 0777);
	buf_printf(&file, "%s/%s", r->dir, MANIFEST);
	const struct buf *parts[] = { &m };
	write_atomic(file.ptr, parts, 1);
	buf_release(&m);
	buf_release(&file);
}

/* Files of directories the tree no longer has are removed, so the index does not grow with history. */
static void drop_strays(const struct rows *r)
{
	DIR *dh = opendir(r->dir);
	struct dirent *de;
	struct buf want = BUF_INIT;
	if (!dh)
		return;
	while ((de = readdir(dh))) {
		int keep = de->d_name[0] == '.' || strcmp(de->d_name, MANIFEST) == 0 || strstr(de->d_name, ".tmp");
		for (size_t i = 0; !keep && i < r->n; i++) {
			buf_reset(&want);
			dir_file(&want, r, r->dirs[i].path);
			keep = strcmp(want.ptr + strlen(r->dir) + 1, de->d_name) == 0;
		}
		if (!keep) {
			buf_reset(&want);
			buf_printf(&want, "%s/%s", r->dir, de->d_name);
			unlink(want.ptr);
		}
	}
	closedir(dh);
	buf_release(&want);
}

int rows_open(struct rows **out, struct store *s, struct jy_err *err)
{
	struct rows *r;
	git_repository *repo;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid oid;
	int rc = 0;
	*out = NULL;
	if (!store_rows_policy(s))
		return err_set(err, JY_EINVAL, "%s", "rows: no row policy");
	if (rows_load(out, s) == 0)
		return 0;
	r = rows_new(s);
	if (!r->head[0]) {
		*out = r;
		return 0;
	}
	if (!(repo = store_git(s)) || git_oid_fromstr(&oid, r->head) < 0 || git_commit_lookup(&c, repo, &oid) < 0 ||
	    git_commit_tree(&tree, c) < 0 || index_each_dir(repo, tree, collect_dir, r) < 0) {
		rc = err_set(err, JY_EIO, L("读取最新提交失败：%s", "cannot read the latest commit: %s"),
			     git_error_last() ? git_error_last()->message : "");
		rows_free(r);
		goto cleanup;
	}
	write_manifest(r);
	drop_strays(r);
	*out = r;
cleanup:
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* ---- reading ---- */

const char *rows_get(const struct rows_row *row, const char *key)
{
	const char *p = row->fields;
	for (size_t i = 0; i < row->nfields; i++) {
		const char *v = p + strlen(p) + 1;
		if (strcmp(p, key) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

void rows_path(struct buf *out, const struct rows_row *row)
{
	if (*row->dir) {
		buf_puts(out, row->dir);
		buf_putc(out, '/');
	}
	buf_puts(out, row->name);
}

int rows_at(struct rows *r, struct rows_ref ref, struct rows_row *out)
{
	if (ref.dir >= r->n)
		return -1;
	struct rdir *d = &r->dirs[ref.dir];
	if (use_dir(r, d, 1u << REG_ROWS, NULL) < 0 || ref.at >= d->reglen[REG_ROWS])
		return -1;
	const char *p = d->reg[REG_ROWS] + ref.at;
	if (parse_row(out, d, p, d->reg[REG_ROWS] + d->reglen[REG_ROWS]) < 0)
		return -1;
	out->ref = ref;
	return 0;
}

const char *rows_search(struct rows *r, const struct rows_row *row)
{
	if (row->search)
		return row->search;
	if (row->ref.dir >= r->n)
		return NULL;
	struct rdir *d = &r->dirs[row->ref.dir];
	if (d->state != 1 || !d->reg[REG_SEARCH] || row->ref.at >= d->reglen[REG_ROWS])
		return NULL;
	if (d->failed & 1u << REG_SEARCH)
		return NULL;
	if (!(d->checked & 1u << REG_SEARCH) && check_region(d, REG_SEARCH) < 0) {
		struct buf file = BUF_INIT;
		d->failed |= 1u << REG_SEARCH;
		dir_file(&file, r, d->path);
		unlink(file.ptr);
		buf_release(&file);
		return NULL;
	}
	return d->reg[REG_SEARCH] + get32(d->reg[REG_ROWS] + row->ref.at + 4);
}

struct record *rows_record(const struct rows_row *row, const struct type_def *t)
{
	return record_of_fields(t->main, row->fields, row->nfields);
}

static long find_dir(const struct rows *r, const char *path)
{
	/* Depth-first git order is not strcmp order: a linear scan over a few hundred directories. */
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->dirs[i].path, path) == 0)
			return (long)i;
	return -1;
}

static const struct rdir *sort_dir;
static int cmp_byname(const void *a, const void *b)
{
	const char *base = sort_dir->reg[REG_ROWS];
	return strcmp(base + *(const uint32_t *)a + ROW_FIXED, base + *(const uint32_t *)b + ROW_FIXED);
}

/* The row named name in d (checked), or NULL. */
static const char *row_named(struct rdir *d, const char *name)
{
	if (!d->byname) {
		size_t n = 0;
		d->byname = xmalloc((d->nrows + 1) * sizeof(*d->byname));
		for (const char *p = d->reg[REG_ROWS]; p < d->reg[REG_ROWS] + d->reglen[REG_ROWS]; p += get32(p))
			d->byname[n++] = (uint32_t)(p - d->reg[REG_ROWS]);
		sort_dir = d;
		qsort(d->byname, n, sizeof(*d->byname), cmp_byname);
	}
	size_t lo = 0, hi = d->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = d->reg[REG_ROWS] + d->byname[mid];
		int c = strcmp(p + ROW_FIXED, name);
		if (c == 0)
			return p;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The directory of type's records (by its name), remembered per type. */
static long name_dir(struct rows *r, const char *type)
{
	size_t k = 0;
	for (; k < sizeof(r->name_dir) / sizeof(r->name_dir[0]) && r->name_dir[k].type; k++)
		if (strcmp(r->name_dir[k].type, type) == 0)
			return r->name_dir[k].dir;
	const struct type_def *t = schema_type(type);
	if (!t)
		return -1;
	long i = find_dir(r, t->dir);
	if (k < sizeof(r->name_dir) / sizeof(r->name_dir[0])) {
		r->name_dir[k].type = t->name;
		r->name_dir[k].dir = i;
	}
	return i;
}

static uint64_t hash_id(const char *id)
{
	size_t n = strlen(id);
	uint64_t h = 0xcbf29ce484222325ull ^ n, w;
	for (; n >= 8; id += 8, n -= 8) {
		memcpy(&w, id, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, id, n);
	h = (h ^ w) * 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}

/* The slot of id in d's name cache: its own, or the empty one it would take. */
static struct name_slot *name_slot(struct rdir *d, const char *id, uint64_t h)
{
	size_t i = (size_t)h & (d->names_cap - 1);
	while (d->names[i].id && strcmp(d->names[i].id, id) != 0)
		i = (i + 1) & (d->names_cap - 1);
	return &d->names[i];
}

/* Field key of d's row of record id (uncached), or NULL. */
static const char *lookup_field(struct rdir *d, const char *id, const char *key)
{
	struct rows_row row;
	char stack[64];
	char *file = strlen(id) + 5 <= sizeof(stack) ? stack : xmalloc(strlen(id) + 5);
	strcpy(file, id);
	strcat(file, ".ini");
	const char *p = row_named(d, file);
	if (file != stack)
		free(file);
	if (!p)
		return NULL;
	checked_row(&row, d, p);
	return rows_get(&row, key);
}

int rows_find(struct rows *r, const char *path, struct rows_row *out)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	long i = find_dir(r, dir);
	const char *p;
	free(dir);
	if (i < 0 || use_dir(r, &r->dirs[i], 1u << REG_ROWS, NULL) < 0 ||
	    !(p = row_named(&r->dirs[i], slash ? slash + 1 : path)))
		return -1;
	checked_row(out, &r->dirs[i], p);
	out->ref.dir = (uint32_t)i;
	out->ref.at = (uint32_t)(p - r->dirs[i].reg[REG_ROWS]);
	return 0;
}

const char *rows_field(struct rows *r, const char *type, const char *id, const char *key)
{
	long i = id && *id ? name_dir(r, type) : -1;
	if (i < 0 || use_dir(r, &r->dirs[i], 1u << REG_ROWS, NULL) < 0)
		return NULL;
	return lookup_field(&r->dirs[i], id, key);
}

const char *rows_name(struct rows *r, const char *type, const char *id)
{
	if (!id || !*id)
		return NULL;
	long i = name_dir(r, type);
	if (i < 0 || use_dir(r, &r->dirs[i], 1u << REG_ROWS, NULL) < 0)
		return NULL;
	struct rdir *d = &r->dirs[i];
	/* Called for every cell that names someone: each distinct id is looked up once. */
	uint64_t h = hash_id(id);
	struct name_slot *slot;
	if (d->names_cap && (slot = name_slot(d, id, h))->id)
		return slot->name;
	if (2 * (d->names_used + 1) > d->names_cap) {
		struct name_slot *old = d->names;
		size_t oldcap = d->names_cap;
		d->names_cap = oldcap ? 2 * oldcap : 64;
		d->names = xcalloc(d->names_cap, sizeof(*d->names));
		for (size_t k = 0; k < oldcap; k++)
			if (old[k].id)
				*name_slot(d, old[k].id, hash_id(old[k].id)) = old[k];
		free(old);
	}
	slot = name_slot(d, id, h);
	slot->id = xstrdup(id);
	slot->name = lookup_field(d, id, "name");
	d->names_used++;
	return slot->name;
}

int rows_raw(struct rows *r, const char *path, const char **data, size_t *len, unsigned char blob[20])
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	const char *name = slash ? slash + 1 : path;
	long i = strchr(dir, '/') ? -2 : find_dir(r, dir);
	int rc = JY_ENOTFOUND;
	free(dir);
	if (i == -2)
		return -1;
	if (i < 0)
		return JY_ENOTFOUND; /* a top-level directory the manifest does not list has no files */
	struct rdir *d = &r->dirs[i];
	if (use_dir(r, d, 1u << REG_ROWS | 1u << REG_RAW, NULL) < 0)
		return -1;
	const char *p = row_named(d, name);
	if (p && get32(p + 8) != RAW_NONE) {
		const char *rp = d->reg[REG_RAW] + get32(p + 8), *rend = d->reg[REG_RAW] + d->reglen[REG_RAW];
		size_t nl = strnlen(rp, (size_t)(rend - rp));
		if ((size_t)(rend - rp) < nl + 5 || get32(rp + nl + 1) > (size_t)(rend - rp) - nl - 5)
			return -1;
		*len = get32(rp + nl + 1);
		*data = rp + nl + 5;
		memcpy(blob, p + 13, 20);
		rc = 0;
	}
	return rc;
}

int rows_each_raw(struct rows *r, const char *dir, int (*fn)(void *ctx, const char *path, const char *data, size_t len),
		  void *ctx)
{
	long i = strchr(dir, '/') ? -2 : find_dir(r, dir);
	struct buf path = BUF_INIT;
	if (i == -2)
		return -1;
	if (i < 0)
		return 0;
	struct rdir *d = &r->dirs[i];
	if (use_dir(r, d, 1u << REG_ROWS | 1u << REG_RAW, NULL) < 0)
		return -1;
	const char *p = d->reg[REG_RAW], *end = p + d->reglen[REG_RAW];
	while (p < end) {
		size_t nl = strnlen(p, (size_t)(end - p));
		if ((size_t)(end - p) < nl + 5 || get32(p + nl + 1) > (size_t)(end - p) - nl - 5)
			break;
		size_t len = get32(p + nl + 1);
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, p);
		fn(ctx, path.ptr, p + nl + 5, len);
		p += nl + 5 + len;
	}
	buf_release(&path);
	return 0;
}

static int under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return n == 0 || (strncmp(path, prefix, n) == 0 && (path[n] == '/' || path[n] == '\0'));
}

size_t rows_files(struct rows *r, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (under(r->dirs[i].path, prefix))
			n += r->dirs[i].files;
	return n;
}

/* ---- selecting ---- */

static const char *query_value(const struct rows_query *q, const char *key)
{
	if (strcmp(key, "term") == 0)
		return q->term;
	if (strcmp(key, "school") == 0)
		return q->school;
	if (strcmp(key, "specialty") == 0)
		return q->specialty;
	return NULL;
}

int rows_query_ok(const struct rows_query *q)
{
	static const char *const keys[] = { "term", "school", "specialty", NULL };
	const struct type_def *t = q->type;
	if (!t)
		return 0;
	for (size_t k = 0; keys[k]; k++) {
		int found = 0;
		for (size_t i = 0; t->path_keys[i] && t->path_keys[i + 1]; i++)
			found |= strcmp(t->path_keys[i], keys[k]) == 0;
		if (query_value(q, keys[k]) && !found)
			return 0;
	}
	return 1;
}

/* 1 when directory d holds records of q's type that q selects. */
static int dir_selected(struct rdir *d, const struct rows_query *q)
{
	const struct type_def *t = q->type;
	size_t len = strlen(t->dir);
	if (!*t->dir || !t->path_keys[0])
		return !*d->path; /* group.ini */
	/* the path first: the type of a directory outside t's costs a lookup */
	if (strncmp(d->path, t->dir, len) != 0 || (d->path[len] != '/' && d->path[len] != '\0'))
		return 0;
	const char *p = d->path + len;
	for (size_t i = 0; t->path_keys[i] && t->path_keys[i + 1] && *p == '/'; i++) {
		const char *comp = p + 1, *slash = strchr(comp, '/');
		size_t n = slash ? (size_t)(slash - comp) : strlen(comp);
		const char *want = query_value(q, t->path_keys[i]);
		if (want && (strlen(want) != n || strncmp(comp, want, n) != 0))
			return 0;
		p = comp + n;
	}
	return dir_type(d) == t;
}

struct cur {
	uint32_t dir;
	int shut;          /* not opened yet: row.sortkey is the header's first sort key, nothing else is set */
	const char *p, *end;
	const char *kept; /* pages from here on are still held (release) */
	struct rows_row row;
};

/*
 * A cursor that walks more than CUR_RELEASE_DIRS directories gives back a
 * directory's pages when it has passed them all, or in steps of this many
 * bytes in a larger one. Each give-back costs a system call that changes page
 * tables (slow under a hypervisor): in 64 KB steps it was 40% of listing
 * everything. Directories are opened when the merge reaches them and a
 * directory's rows are of a few weeks, so few are open at once and memory
 * stays flat.
 */
#define CUR_RELEASE (1024 * 1024)
#define CUR_RELEASE_DIRS 64

struct rows_cursor {
	struct rows *r;
	unsigned regs;     /* the regions a directory's rows are read with */
	int release; /* a whole-store walk: pages passed are given back (a term's few directories keep theirs) */
	const struct type_def *root_type; /* group: only group.ini of the root */
	struct cur *heap;
	size_t n;
};

/* a before b: higher sort key first, then lower directory (path order). */
static int before(const struct cur *a, const struct cur *b)
{
	int c = strcmp(a->row.sortkey, b->row.sortkey);
	return c ? c > 0 : a->dir < b->dir;
}

static void sift(struct rows_cursor *c, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, best = i;
		if (l < c->n && before(&c->heap[l], &c->heap[best]))
			best = l;
		if (l + 1 < c->n && before(&c->heap[l + 1], &c->heap[best]))
			best = l + 1;
		if (best == i)
			return;
		struct cur tmp = c->heap[i];
		c->heap[i] = c->heap[best];
		c->heap[best] = tmp;
		i = best;
	}
}

/* Loads the row at cur->p, skipping root files that are not group.ini; 0 at the end. */
static int cur_load(struct rows_cursor *c, struct cur *k)
{
	const struct rdir *d = &c->r->dirs[k->dir];
	while (k->p < k->end) {
		checked_row(&k->row, d, k->p);
		k->row.ref.dir = k->dir;
		k->row.ref.at = (uint32_t)(k->p - d->reg[REG_ROWS]);
		if (!c->root_type || strcmp(k->row.name, "group.ini") == 0)
			return 1;
		k->p += get32(k->p);
	}
	return 0;
}

int rows_cursor_new(struct rows_cursor **out, struct rows *r, const struct rows_query *q, struct jy_err *err)
{
	struct rows_cursor *c;
	*out = NULL;
	if (!rows_query_ok(q))
		return err_set(err, JY_EINVAL, "%s", "rows: the query filters on what the path does not hold");
	c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->root_type = !*q->type->dir ? q->type : NULL;
	c->heap = xcalloc(r->n + 1, sizeof(*c->heap));
	size_t ndirs = 0;
	for (size_t i = 0; i < r->n; i++)
		ndirs += dir_selected(&r->dirs[i], q);
	c->release = ndirs > CUR_RELEASE_DIRS;
	c->regs = 1u << REG_ROWS | (q->search ? 1u << REG_SEARCH : 0);
	for (size_t i = 0; i < r->n; i++) {
		struct rdir *d = &r->dirs[i];
		if (!dir_selected(d, q))
			continue;
		/* The header says where the directory enters the merge: its rows are checked when their turn comes,
		 * so the first page of a term reads the newest few directories, not all of them. */
		int rc = use_dir(r, d, c->root_type ? c->regs : 0, err);
		if (rc) {
			rows_cursor_free(c);
			return rc;
		}
		struct cur *k = &c->heap[c->n];
		k->dir = (uint32_t)i;
		if (c->root_type) {
			k->p = k->kept = d->reg[REG_ROWS];
			k->end = k->p + d->reglen[REG_ROWS];
			c->n += cur_load(c, k);
		} else if (d->newest) {
			k->shut = 1;
			k->row.sortkey = d->newest;
			c->n++;
		}
	}
	for (size_t i = c->n; i-- > 0;)
		sift(c, i);
	*out = c;
	return 0;
}

/* Opens the top directory of the merge: its regions checked (rebuilt from git when they fail), its first row loaded. */
static int cur_open(struct rows_cursor *c, struct cur *k)
{
	struct rdir *d = &c->r->dirs[k->dir];
	if (use_dir(c->r, d, c->regs, NULL) < 0)
		return -1;
	k->shut = 0;
	k->p = k->kept = d->reg[REG_ROWS];
	k->end = k->p + d->reglen[REG_ROWS];
	if (!cur_load(c, k))
		c->heap[0] = c->heap[--c->n];
	sift(c, 0);
	return 0;
}

int rows_next(struct rows_cursor *c, struct rows_row *row)
{
	while (c->n && c->heap[0].shut)
		if (cur_open(c, &c->heap[0]) < 0)
			return -1;
	if (!c->n)
		return 0;
	struct cur *top = &c->heap[0];
	*row = top->row;
	top->p += get32(top->p);
	if (c->release && (size_t)(top->p - top->kept) >= 2 * CUR_RELEASE) {
		/* The row just returned stays readable: a released page is read back on access. */
		release(&c->r->dirs[top->dir], top->kept, (size_t)(top->p - top->kept) - CUR_RELEASE);
		top->kept = top->p - CUR_RELEASE;
	}
	if (!cur_load(c, top)) {
		if (c->release)
			release(&c->r->dirs[top->dir], top->kept, (size_t)(top->end - top->kept));
		c->heap[0] = c->heap[--c->n];
	}
	sift(c, 0);
	return 1;
}

void rows_cursor_free(struct rows_cursor *c)
{
	if (!c)
		return;
	free(c->heap);
	free(c);
}

size_t rows_count(struct rows *r, const struct rows_query *q)
{
	size_t n = 0;
	if (!rows_query_ok(q))
		return 0;
	for (size_t i = 0; i < r->n; i++)
		if (dir_selected(&r->dirs[i], q))
			n += *q->type->dir ? r->dirs[i].files : 1;
	return n;
}

size_t rows_total(struct rows *r, const struct rows_query *q, size_t *undecoded)
{
	size_t n = 0, bad = 0;
	if (!rows_query_ok(q) || !*q->type->dir)
		return (size_t)-1;
	for (size_t i = 0; i < r->n; i++) {
		struct rdir *d = &r->dirs[i];
		if (!dir_selected(d, q))
			continue;
		if (use_dir(r, d, 0, NULL) < 0)
			return (size_t)-1;
		n += d->ndecoded;
		bad += d->nrows - d->ndecoded;
	}
	if (undecoded)
		*undecoded = bad;
	return n;
}

/*
 * d's aggregate read alone, for a directory not mapped: its header, then the
 * region, into r's buffer (valid until the next call) — summing up a term
 * from sixteen 1 MB files cost more in mapping and unmapping them than in
 * reading 40 KB of each. -1 when the file is missing or fails a check (the
 * caller maps it then, which rebuilds what is wrong).
 */
static int read_agg(struct rows *r, struct rdir *d, const char **agg, size_t *len)
{
	struct buf file = BUF_INIT;
	struct dir_header h = { 0 };
	struct stat sb;
	char head[1024]; /* a header is a few hundred bytes; a longer one takes the mapping way */
	ssize_t n;
	int rc = -1;
	dir_file(&file, r, d->path);
	int fd = open(file.ptr, O_RDONLY | O_CLOEXEC);
	buf_release(&file);
	if (fd < 0)
		return -1;
	const char *nl = fstat(fd, &sb) == 0 && (n = pread(fd, head, sizeof(head), 0)) > 0 ? memchr(head, '\n', (size_t)n)
											  : NULL;
	if (nl && parse_header(&h, d, r, head, nl, (size_t)sb.st_size, 0) == 0) {
		size_t want = h.len[REG_AGG], got = 0;
		if (want > r->aggcap) {
			free(r->agg);
			r->agg = xmalloc(want);
			r->aggcap = want;
		}
		while (got < want && (n = pread(fd, r->agg + got, want - got, (off_t)(h.at[REG_AGG] + got))) > 0)
			got += (size_t)n;
		if (got == want && sum64(r->agg, want) == h.sum[REG_AGG]) {
			*agg = want ? r->agg : "";
			*len = want;
			rc = 0;
		}
	}
	free(h.newest);
	close(fd);
	return rc;
}

int rows_each_aggregate(struct rows *r, const struct rows_query *q,
			int (*fn)(void *ctx, uint32_t dir, const char *agg, size_t len), void *ctx)
{
	if (!rows_query_ok(q))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		struct rdir *d = &r->dirs[i];
		const char *agg;
		size_t len;
		if (!dir_selected(d, q))
			continue;
		/* A directory mapped here (fn reading its rows) is let go after fn: every directory of a whole-store
		 * listing would stay mapped otherwise, and the kernel maps a file's pages in large batches. */
		int mapped = d->map != NULL, rc;
		if (!mapped && read_agg(r, d, &agg, &len) == 0) {
			rc = fn(ctx, (uint32_t)i, agg, len);
		} else {
			if (use_dir(r, d, 1u << REG_AGG, NULL) < 0)
				return -1;
			rc = fn(ctx, (uint32_t)i, d->reg[REG_AGG], d->reglen[REG_AGG]);
		}
		if (!mapped)
			dir_unmap(d);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * The byte after the n-th NUL from p, eight bytes at a time while the count
 * allows. The words are aligned: one that holds a byte before that NUL lies
 * in the same page, so no read strays past the mapped file.
 */
static const char *after_nuls(const char *p, size_t n)
{
	for (; n && ((uintptr_t)p & 7); p++)
		n -= *p == '\0';
	size_t c;
	while (n && (c = nuls(p, 8)) < n) {
		n -= c;
		p += 8;
	}
	for (; n; p++)
		n -= *p == '\0';
	return p;
}

const char *rows_hay_field(const struct rows_row *row, size_t at, int *part, size_t *off)
{
	uint32_t haylen;
	memcpy(&haylen, row->search, 4);
	const char *hay = row->search + 4;
	size_t n = nuls(hay, at);
	const char *seg = n ? (const char *)memrchr(hay, '\0', at) + 1 : hay;
	*part = (int)(n % 3);
	*off = (size_t)(hay + at - seg);
	return n >= 3 ? after_nuls(hay + haylen, 2 * (n / 3)) : hay + haylen;
}

/*
 * Reads d's file into r's scan buffer, for a scan that reads it whole once:
 * copying costs less than mapping and unmapping every page (page tables are
 * slow to change under a hypervisor) and the buffer stays in the cache. On
 * failure d is left unmapped, and use_dir maps it as usual.
 */
static void read_dir(struct rows *r, struct rdir *d)
{
	struct buf file = BUF_INIT;
	struct stat sb;
	if (r->scanning && r->scanning->borrowed)
		return; /* a scan within a scan: this one maps */
	dir_file(&file, r, d->path);
	int fd = open(file.ptr, O_RDONLY | O_CLOEXEC);
	buf_release(&file);
	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && sb.st_size > 0) {
		size_t len = (size_t)sb.st_size, got = 0;
		if (len > r->scancap) {
			free(r->scan);
			r->scan = xmalloc(len);
			r->scancap = len;
		}
		while (got < len) {
			ssize_t n = read(fd, r->scan + got, len - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got == len) {
			d->map = r->scan;
			d->maplen = len;
			d->borrowed = 1;
			r->scanning = d;
		}
	}
	close(fd);
}

int rows_scan(struct rows *r, const char *prefix, int (*fn)(void *ctx, const struct rows_row *row), void *ctx)
{
	int rc = 0;
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct rdir *d = &r->dirs[i];
		if (!under(d->path, prefix))
			continue;
		/* Only what was mapped here is let go: the rows may be the store's, whose users hold rows of theirs. */
		int mapped = d->map != NULL;
		if (!mapped)
			read_dir(r, d);
		if (use_dir(r, d, 1u << REG_ROWS | 1u << REG_SEARCH, NULL) < 0)
			continue;
		const char *p = d->reg[REG_ROWS], *end = p + d->reglen[REG_ROWS];
		for (; p < end && rc == 0; p += get32(p)) {
			struct rows_row row;
			checked_row(&row, d, p);
			row.ref.dir = (uint32_t)i;
			row.ref.at = (uint32_t)(p - d->reg[REG_ROWS]);
			rc = fn(ctx, &row);
		}
		if (!mapped)
			dir_unmap(d);
	}
	return rc;
}
