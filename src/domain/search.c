/* search: whole-store substring search over the index's folded search text, filtered by what the viewer may see. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/observation.h"
#include "jiaoyan/search.h"
#include "jiaoyan/text.h"

/* A hit and its strings are one allocation (a search may find every record). */
void search_hit_free(void *p)
{
	free(p);
}

int search_all_visible(const struct viewer *v, const struct type_def *t)
{
	return !v || v->all || !typeops_of(t)->visible || (strcmp(t->name, "observation") == 0 && obs_rows_all_visible(v));
}

int search_row_visible(struct viewer *v, const struct type_def *t, const struct rows_row *row)
{
	if (search_all_visible(v, t))
		return 1;
	if (strcmp(t->name, "observation") == 0)
		return obs_row_visible(v, row); /* the rule on the row's fields: no record built per row */
	struct record *rec = rows_record(row, t);
	int sees = viewer_sees(v, t, rec);
	record_free(rec);
	return sees;
}

struct scan {
	const struct search_query *q;
	struct viewer *v;
	struct buf needle;
	struct vec *hits;
	const char *dir; /* the directory whose type is cached */
	const struct type_def *t;
	struct buf path;
	const char *path_of; /* the row (its name) whose path is in path */
	struct vec labels; /* field_label's answers: "type NUL section.key NUL label" */
	struct buf id, snip;
};

static int has_item(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, item, n) == 0)
			return 1;
		p = comma ? comma + 1 : p + len;
	}
	return 0;
}

/* The byte offset in orig (len bytes) of the character that folds to byte `at` of its folded form. */
static size_t unfold_offset(const char *orig, size_t len, size_t at)
{
	size_t i = 0, f = 0;
	while (i < len && f < at) {
		uint32_t cp;
		int bad = 0;
		size_t n = text_decode(orig + i, len - i, &cp, &bad);
		f += !bad && text_fold_cp(cp) != cp ? 1 : n;
		i += n;
	}
	return i;
}

/* A one-line window of value around byte `at`, at most SEARCH_SNIPPET columns, "…" where cut, appended to out. */
static void snippet(struct buf *out, const char *value, size_t at)
{
	size_t start = at, back = 0;
	/* A few characters of context before the match. */
	while (start > 0 && back < 8) {
		start--;
		if (((unsigned char)value[start] & 0xC0) != 0x80)
			back++;
	}
	if (start > 0)
		buf_puts(out, "…");
	text_clip(out, value + start, SEARCH_SNIPPET - (start > 0));
}

static char *field_label(const struct type_def *t, const char *key)
{
	const char *dot = strrchr(key, '.');
	char *sec = dot ? xstrndup(key, (size_t)(dot - key)) : xstrdup(key);
	const struct field_def *f = dot ? schema_field(t, sec, dot + 1) : NULL;
	char *out = !f ? xstrdup(key)
		    : strchr(f->key, '*') ? xasprintf("%s·%s", schema_field_label(f), dot + 1)
					   : xstrdup(schema_field_label(f));
	free(sec);
	return out;
}

/* Appends the row's id to out. */
static void row_id(struct buf *out, const struct type_def *t, const struct rows_row *row, const char *path)
{
	const char *v = t->id_key ? rows_get(row, t->id_key) : NULL;
	size_t d = strlen(t->dir), n = strlen(path) - 4; /* ".ini" */
	if (v && *v)
		buf_puts(out, v);
	else if (t->id_kind == ID_COMPOSITE && d && strncmp(path, t->dir, d) == 0 && path[d] == '/')
		buf_add(out, path + d + 1, n - d - 1);
	else
		buf_add(out, row->name, strlen(row->name) - 4);
}

/* field_label of t's key, worked out once per field (hits mostly share a few). */
static const char *cached_label(struct scan *sc, const struct type_def *t, const char *key)
{
	size_t tl = strlen(t->name), kl = strlen(key);
	for (size_t i = 0; i < sc->labels.len; i++) {
		const char *e = sc->labels.items[i];
		if (memcmp(e, t->name, tl + 1) == 0 && strcmp(e + tl + 1, key) == 0)
			return e + tl + kl + 2;
	}
	char *label = field_label(t, key);
	struct buf e = BUF_INIT;
	buf_add(&e, t->name, tl + 1);
	buf_add(&e, key, kl + 1);
	buf_puts(&e, label);
	free(label);
	vec_push(&sc->labels, buf_detach(&e));
	return (const char *)sc->labels.items[sc->labels.len - 1] + tl + kl + 2;
}

/* Copies s into the hit's block at *at, returns where it went. */
static char *put_str(char **at, const char *s, size_t n)
{
	char *p = *at;
	memcpy(p, s, n);
	p[n] = '\0';
	*at += n + 1;
	return p;
}

/*
 * The first needle (k bytes) in hay (n bytes), or NULL. memchr for the
 * needle's last byte, then a compare: a Chinese needle ends in a
 * continuation byte, rare enough in text that memchr's wide steps do most of
 * the work. When candidates come too thick (a needle of common bytes), the
 * rest goes to memmem.
 */
static const char *find(const char *hay, size_t n, const char *needle, size_t k)
{
	if (k > n)
		return NULL;
	const char *p = hay + k - 1, *end = hay + n;
	size_t misses = 0;
	while ((p = memchr(p, needle[k - 1], (size_t)(end - p))) != NULL) {
		if (memcmp(p - (k - 1), needle, k - 1) == 0)
			return p - (k - 1);
		if (++misses > 8 + (size_t)(p - hay) / 32) {
			const char *from = p - (k - 1) + 1;
			return memmem(from, (size_t)(end - from), needle, k);
		}
		p++;
	}
	return NULL;
}

static int scan_row(void *ctx, const struct rows_row *row)
{
	struct scan *sc = ctx;
	const struct search_query *q = sc->q;
	/* Rows are of "*.ini" files: below the root, a directory's path says their type. The path is made only
	 * for that and for hits (this runs for every record). */
	if (sc->dir != row->dir || !*row->dir) {
		sc->dir = row->dir;
		buf_reset(&sc->path);
		rows_path(&sc->path, row);
		sc->t = schema_type_of_path(sc->path.ptr);
		sc->path_of = row->name;
	}
	const struct type_def *t = sc->t;
	if (!t)
		return 0;
	if (!row->decoded || (q->type && q->type != t))
		return 0;
	if (q->term && !(rows_get(row, "term") && strcmp(rows_get(row, "term"), q->term) == 0))
		return 0;
	if (q->school && !(rows_get(row, "school") && strcmp(rows_get(row, "school"), q->school) == 0) &&
	    !has_item(rows_get(row, "schools"), q->school))
		return 0;
	uint32_t haylen;
	memcpy(&haylen, row->search, 4);
	const char *hay = row->search + 4;
	const char *m = find(hay, haylen, sc->needle.ptr, sc->needle.len);
	if (!m || !search_row_visible(sc->v, t, row))
		return 0;
	int part;
	size_t off;
	const char *e = rows_hay_field(row, (size_t)(m - hay), &part, &off);
	const char *value = e + strlen(e) + 1;
	size_t at = part == 2 ? unfold_offset(value, strlen(value), off) : 0;
	if (sc->path_of != row->name) {
		buf_reset(&sc->path);
		rows_path(&sc->path, row);
		sc->path_of = row->name;
	}
	const char *label = cached_label(sc, t, e);
	buf_reset(&sc->id);
	row_id(&sc->id, t, row, sc->path.ptr);
	buf_reset(&sc->snip);
	snippet(&sc->snip, value, at);
	size_t kl = strlen(e), ll = strlen(label), sl = strlen(row->sortkey);
	struct search_hit *h = xmalloc(sizeof(*h) + sc->path.len + sc->id.len + kl + ll + sc->snip.len + sl + 6);
	char *block = (char *)(h + 1);
	h->type = t;
	h->path = put_str(&block, sc->path.ptr, sc->path.len);
	h->id = put_str(&block, sc->id.ptr, sc->id.len);
	h->key = put_str(&block, e, kl);
	h->field = put_str(&block, label, ll);
	h->snippet = put_str(&block, sc->snip.ptr, sc->snip.len);
	h->sortkey = put_str(&block, row->sortkey, sl);
	vec_push(sc->hits, h);
	return 0;
}

/* Newest first, ties in path order (the scan's): a stable merge sort over the hits. */
static void sort_hits(void **a, void **tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2, i = 0, j = h, k = 0;
	sort_hits(a, tmp, h);
	sort_hits(a + h, tmp, n - h);
	while (i < h && j < n) {
		const struct search_hit *x = a[i], *y = a[j];
		tmp[k++] = strcmp(y->sortkey, x->sortkey) > 0 ? a[j++] : a[i++];
	}
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

int search_run(struct vec *hits, struct store *s, struct viewer *v, const struct search_query *q, struct jy_err *err)
{
	struct scan sc = { q, v, BUF_INIT, hits, NULL, NULL, BUF_INIT, NULL, VEC_INIT(free), BUF_INIT, BUF_INIT };
	struct rows *r = NULL;
	size_t first = hits->len;
	int rc;
	if (q->text)
		text_fold(&sc.needle, q->text, strlen(q->text));
	if (!sc.needle.len) {
		rc = err_set(err, JY_EINVAL, "%s", L("要查找的文字是空的", "nothing to search for"));
		goto cleanup;
	}
	if ((rc = rows_open(&r, s, err)))
		goto cleanup;
	rows_scan(r, q->type ? q->type->dir : "", scan_row, &sc);
	void **tmp = xcalloc(hits->len - first + 1, sizeof(void *));
	sort_hits(hits->items + first, tmp, hits->len - first);
	free(tmp);
cleanup:
	rows_free(r);
	buf_release(&sc.needle);
	buf_release(&sc.path);
	buf_release(&sc.id);
	buf_release(&sc.snip);
	vec_free(&sc.labels);
	return rc;
}
