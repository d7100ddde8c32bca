/* order: sorting listed records the same way everywhere — newest first by the type's date and time-sortable id, or by a field. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/order.h"
#include "jiaoyan/store.h"

static const struct field_def *date_field(const struct type_def *t)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		if (strcmp(f->section, t->main) == 0 && (f->type == FT_DATE || f->type == FT_DATETIME))
			return f;
	}
	return NULL;
}

int order_parse(struct order *o, const struct type_def *t, const char *spec, struct jy_err *err)
{
	memset(o, 0, sizeof(*o));
	o->type = t;
	if (!spec || strcmp(spec, "newest") == 0) {
		o->how = ORDER_NEWEST;
		return 0;
	}
	if (strcmp(spec, "oldest") == 0 || strcmp(spec, "path") == 0) {
		o->how = strcmp(spec, "oldest") == 0 ? ORDER_OLDEST : ORDER_PATH;
		return 0;
	}
	o->how = ORDER_FIELD;
	o->desc = spec[0] == '-';
	const char *name = spec + o->desc;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		if (strcmp(f->section, t->main) == 0 && strcmp(f->key, name) == 0) {
			o->field = f->key;
			o->numeric = f->type == FT_INT || f->type == FT_NUMBER;
			return 0;
		}
	}
	struct buf names = BUF_INIT;
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].section, t->main) == 0)
			buf_printf(&names, "%s%s", names.len ? " " : "", t->fields[i].key);
	int rc = err_set(err, JY_EINVAL, L("不能按「%s」排序：应为 newest、oldest、path，或%s的字段（前加 - 为降序）：%s",
					   "cannot sort by \"%s\": use newest, oldest, path, or a field of %s (- in front: descending): %s"),
			 spec, schema_type_label(t), names.ptr);
	buf_release(&names);
	return rc;
}

/* The qsort of libc is not stable and has no context: a merge sort of our own over the pointers. */
static void merge_sort(void **a, void **tmp, size_t n, const struct order *o, int (*cmp)(const void *, const void *, const struct order *))
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(a, tmp, h, o, cmp);
	merge_sort(a + h, tmp, n - h, o, cmp);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(a[j], a[i], o) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

static int newest_first(const void *x, const void *y, const struct order *o)
{
	const struct store_item *a = x, *b = y;
	const struct field_def *df = date_field(o->type);
	if (df) {
		const char *da = record_get(a->rec, o->type->main, df->key), *db = record_get(b->rec, o->type->main, df->key);
		if (!da != !db)
			return da ? -1 : 1;
		int c = da ? strcmp(db, da) : 0;
		if (c)
			return c;
	}
	if (o->type->id_kind == ID_GENERATED || df)
		return strcmp(b->id ? b->id : "", a->id ? a->id : "");
	return 0;
}

static int by_field(const void *x, const void *y, const struct order *o)
{
	const struct store_item *a = x, *b = y;
	const char *va = record_get(a->rec, o->type->main, o->field), *vb = record_get(b->rec, o->type->main, o->field);
	if (!va || !vb)
		return !va == !vb ? newest_first(x, y, o) : va ? -1 : 1;
	int c;
	if (o->numeric) {
		double da = strtod(va, NULL), db = strtod(vb, NULL);
		c = da < db ? -1 : da > db;
	} else {
		c = strcmp(va, vb);
	}
	if (o->desc)
		c = -c;
	return c ? c : newest_first(x, y, o);
}

static int oldest_first(const void *x, const void *y, const struct order *o)
{
	return newest_first(y, x, o);
}

void order_items(struct vec *items, const struct order *o)
{
	if (o->how == ORDER_PATH || items->len < 2)
		return;
	void **tmp = xcalloc(items->len, sizeof(void *));
	merge_sort(items->items, tmp, items->len, o, o->how == ORDER_FIELD ? by_field : o->how == ORDER_OLDEST ? oldest_first : newest_first);
	free(tmp);
}
