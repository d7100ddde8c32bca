/* vec: growable pointer arrays, optionally owning their items. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/vec.h"

void vec_init(struct vec *v, void (*free_item)(void *))
{
	v->items = NULL;
	v->len = v->cap = 0;
	v->free_item = free_item;
}

static void vec_reserve(struct vec *v, size_t n)
{
	if (n <= v->cap)
		return;
	size_t cap = v->cap ? v->cap * 2 : 8;
	while (cap < n)
		cap *= 2;
	v->items = xrealloc(v->items, cap * sizeof(*v->items));
	v->cap = cap;
}

void vec_push(struct vec *v, void *item)
{
	vec_reserve(v, v->len + 1);
	v->items[v->len++] = item;
}

void *vec_pop(struct vec *v)
{
	return v->len ? v->items[--v->len] : NULL;
}

void vec_insert(struct vec *v, size_t at, void *item)
{
	if (at > v->len)
		at = v->len;
	vec_reserve(v, v->len + 1);
	memmove(v->items + at + 1, v->items + at, (v->len - at) * sizeof(*v->items));
	v->items[at] = item;
	v->len++;
}

void *vec_remove(struct vec *v, size_t at)
{
	if (at >= v->len)
		return NULL;
	void *item = v->items[at];
	memmove(v->items + at, v->items + at + 1, (v->len - at - 1) * sizeof(*v->items));
	v->len--;
	return item;
}

void vec_sort(struct vec *v, int (*cmp)(const void *a, const void *b))
{
	/* A stable merge sort keeps equal items in their order and needs no global. */
	if (v->len < 2)
		return;
	/* Lists read from the index or the tree mostly come in order already: one pass says so. */
	size_t in_order = 1;
	while (in_order < v->len && cmp(v->items[in_order - 1], v->items[in_order]) <= 0)
		in_order++;
	if (in_order == v->len)
		return;
	void **tmp = xmalloc(v->len * sizeof(*tmp));
	for (size_t width = 1; width < v->len; width *= 2) {
		for (size_t lo = 0; lo < v->len; lo += 2 * width) {
			size_t mid = lo + width < v->len ? lo + width : v->len;
			size_t hi = lo + 2 * width < v->len ? lo + 2 * width : v->len;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = cmp(v->items[j], v->items[i]) < 0 ? v->items[j++] : v->items[i++];
			while (i < mid)
				tmp[k++] = v->items[i++];
			while (j < hi)
				tmp[k++] = v->items[j++];
		}
		memcpy(v->items, tmp, v->len * sizeof(*tmp));
	}
	free(tmp);
}

void vec_clear(struct vec *v)
{
	if (v->free_item)
		for (size_t i = 0; i < v->len; i++)
			v->free_item(v->items[i]);
	v->len = 0;
}

void vec_free(struct vec *v)
{
	vec_clear(v);
	free(v->items);
	v->items = NULL;
	v->cap = 0;
}

void vec_push_str(struct vec *v, const char *s)
{
	vec_push(v, xstrdup(s));
}

void vec_push_strf(struct vec *v, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vec_push(v, buf_detach(&b));
}

void vec_move(struct vec *to, struct vec *from)
{
	for (size_t i = 0; i < from->len; i++) {
		if (to)
			vec_push(to, from->items[i]);
		else if (from->free_item)
			from->free_item(from->items[i]);
	}
	from->len = 0;
}

void vec_split(struct vec *v, const char *s, char sep)
{
	while (s && *s) {
		const char *end = strchr(s, sep);
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *a = s, *b = s + n;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a)
			vec_push(v, xstrndup(a, (size_t)(b - a)));
		s = end ? end + 1 : NULL;
	}
}

int vec_str_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int vec_has_str(const struct vec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}

void vec_add_str_sorted(struct vec *v, const char *s)
{
	size_t lo = 0, hi = v->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->items[mid], s);
		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	vec_insert(v, lo, xstrdup(s));
}
