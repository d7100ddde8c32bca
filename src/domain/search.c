/* search: whole-store substring search over the index's folded search text, filtered by what the viewer may see. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/search.h"
#include "jiaoyan/text.h"

void search_hit_free(void *p)
{
	struct search_hit *h = p;
	if (!h)
		return;
	free(h->path);
	free(h->id);
	free(h->key);
	free(h->field);
	free(h->snippet);
	free(h->sortkey);
	free(h);
}

int search_row_visible(struct viewer *v, const struct type_def *t, const struct rows_row *row)
{
	if (!v || v->all || !typeops_of(t)->visible)
		return 1;
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

/* A one-line window of value around byte `at`, at most SEARCH_SNIPPET columns, "…" where cut. */
static char *snippet(const char *value, size_t at)
{
	struct buf out = BUF_INIT;
	size_t start = at, back = 0;
	/* A few characters of context before the match. */
	while (start > 0 && back < 8) {
		start--;
		if (((unsigned char)value[start] & 0xC0) != 0x80)
			back++;
	}
	if (start > 0)
		buf_puts(&out, "…");
	text_clip(&out, value + start, SEARCH_SNIPPET - (start > 0));
	return buf_detach(&out);
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

static char *row_id(const struct type_def *t, const struct rows_row *row, const char *path)
{
	const char *v = t->id_key ? rows_get(row, t->id_key) : NULL;
	if (v && *v)
		return xstrdup(v);
	size_t d = strlen(t->dir), n = strlen(path) - 4; /* ".ini" */
	if (t->id_kind == ID_COMPOSITE && d && strncmp(path, t->dir, d) == 0 && path[d] == '/')
		return xstrndup(path + d + 1, n - d - 1);
	return xstrndup(row->name, strlen(row->name) - 4);
}

static int scan_row(void *ctx, const struct rows_row *row)
{
	struct scan *sc = ctx;
	const struct search_query *q = sc->q;
	if (sc->dir != row->dir) {
		sc->dir = row->dir;
		sc->t = NULL;
	}
	buf_reset(&sc->path);
	rows_path(&sc->path, row);
	const struct type_def *t = *row->dir ? sc->t : NULL;
	if (!t && !(t = schema_type_of_path(sc->path.ptr)))
		return 0;
	if (*row->dir)
		sc->t = t;
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
	const char *m = memmem(hay, haylen, sc->needle.ptr, sc->needle.len);
	if (!m || !search_row_visible(sc->v, t, row))
		return 0;
	/* The field: the match lies in segment n of the hay (section, key, value of field n / 3). */
	size_t n = 0;
	const char *seg = hay;
	for (const char *p = hay; p < m; p++)
		if (!*p) {
			n++;
			seg = p + 1;
		}
	const char *e = hay + haylen;
	for (size_t i = 0; i < n / 3; i++)
		e = strchr(strchr(e, '\0') + 1, '\0') + 1;
	const char *value = strchr(e, '\0') + 1;
	size_t at = n % 3 == 2 ? unfold_offset(value, strlen(value), (size_t)(m - seg)) : 0;
	struct search_hit *h = xcalloc(1, sizeof(*h));
	h->type = t;
	h->path = xstrdup(sc->path.ptr);
	h->id = row_id(t, row, sc->path.ptr);
	h->key = xstrdup(e);
	h->field = field_label(t, e);
	h->snippet = snippet(value, at);
	h->sortkey = xstrdup(row->sortkey);
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
	struct scan sc = { q, v, BUF_INIT, hits, NULL, NULL, BUF_INIT };
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
	return rc;
}
