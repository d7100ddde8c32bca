/* records: the one path every record write takes — assign, complete, validate, permit, commit. */
#include <pthread.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/id.h"
#include "jiaoyan/merge.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/text.h"
#include "jiaoyan/typeops.h"

/* People type Chinese list separators; stored lists use ASCII commas. */
static void normalise_list(struct buf *out, const char *v)
{
	while (*v) {
		if (strncmp(v, "，", 3) == 0 || strncmp(v, "、", 3) == 0) {
			buf_putc(out, ',');
			v += 3;
		} else {
			buf_putc(out, *v++);
		}
	}
}

/* Finds the section/key split of a dotted name that the schema knows. */
const struct field_def *records_field_of(const struct type_def *t, const char *name, struct buf *sec,
					 struct buf *key)
{
	for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
		buf_reset(sec);
		buf_add(sec, name, (size_t)(dot - name));
		buf_set(key, dot + 1);
		const struct field_def *f = schema_field(t, sec->ptr, key->ptr);
		if (f)
			return f;
	}
	buf_set(sec, t->main);
	buf_set(key, name);
	return schema_field(t, t->main, name);
}

/*
 * The field a person most likely meant, for "did you mean": the name as
 * written for the field ("course", "text.problems"), matched by a small edit
 * distance or by its Chinese or English label ("课程"). NULL when none is close.
 */
static const char *nearest_field(struct buf *out, const struct type_def *t, const char *name)
{
	size_t best_d = strlen(name) > 8 ? 4 : 3;
	int found = 0;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		struct buf full = BUF_INIT;
		if (strcmp(f->key, "*") == 0 || strchr(f->section, '*'))
			continue;
		if (strcmp(f->section, t->main) == 0)
			buf_puts(&full, f->key);
		else
			buf_printf(&full, "%s.%s", f->section, f->key);
		size_t d = text_edit_distance(name, full.ptr);
		if ((f->label_zh && strcmp(name, f->label_zh) == 0) || (f->label_en && strcmp(name, f->label_en) == 0))
			d = 0;
		if (d < best_d) {
			best_d = d;
			buf_set(out, full.ptr);
			found = 1;
		}
		buf_release(&full);
	}
	return found ? out->ptr : NULL;
}

int records_assign(struct record *r, const struct type_def *t, const char *assignment, struct jy_err *err)
{
	const char *eq = strchr(assignment, '=');
	struct buf name = BUF_INIT, sec = BUF_INIT, key = BUF_INIT, val = BUF_INIT;
	int rc = 0;
	if (!eq || eq == assignment) {
		rc = err_set(err, JY_EUSAGE, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), assignment);
		goto cleanup;
	}
	buf_add(&name, assignment, (size_t)(eq - assignment));
	const struct field_def *f = records_field_of(t, name.ptr, &sec, &key);
	if (!f) {
		struct buf near = BUF_INIT;
		if (nearest_field(&near, t, name.ptr))
			rc = err_set(err, JY_EINVAL, L("%s没有字段「%s」，是不是「%s」？", "a %s record has no field \"%s\"; did you mean \"%s\"?"),
				     schema_type_label(t), name.ptr, near.ptr);
		else
			rc = err_set(err, JY_EINVAL, L("%s没有字段「%s」", "a %s record has no field \"%s\""),
				     schema_type_label(t), name.ptr);
		buf_release(&near);
		goto cleanup;
	}
	if (f->type == FT_SET || f->type == FT_REFLIST || f->type == FT_LIST)
		normalise_list(&val, eq + 1);
	else
		buf_puts(&val, eq + 1);
	if (!val.len) {
		record_unset(r, sec.ptr, key.ptr);
		goto cleanup;
	}
	if (f->type == FT_ENUM || f->type == FT_BOOL) {
		const char *v = schema_enum_parse(f, val.ptr);
		if (v) {
			size_t n = schema_enum_len(v);
			buf_reset(&val);
			buf_add(&val, v, n);
		}
	} else if (f->type == FT_SET) {
		struct vec items = VEC_INIT(free);
		vec_split(&items, val.ptr, ',');
		buf_reset(&val);
		for (size_t i = 0; i < items.len; i++) {
			const char *v = schema_enum_parse(f, items.items[i]);
			if (i)
				buf_putc(&val, ',');
			if (v)
				buf_add(&val, v, schema_enum_len(v));
			else
				buf_puts(&val, items.items[i]);
		}
		vec_free(&items);
	}
	rc = schema_check_value(f, sec.ptr, key.ptr, val.ptr, err);
	if (rc == 0)
		record_set(r, sec.ptr, key.ptr, val.ptr);
cleanup:
	buf_release(&name);
	buf_release(&sec);
	buf_release(&key);
	buf_release(&val);
	return rc;
}

int records_ref(struct buf *id, struct store *s, const char *type, const char *value, struct jy_err *err)
{
	const struct type_def *t = schema_type(type);
	struct store_query q = { .type = type };
	struct vec items = VEC_INIT(store_item_free);
	struct buf ids = BUF_INIT;
	size_t found = 0;
	int rc = store_list(&items, s, &q, NULL, err);
	if (rc)
		goto cleanup;
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		const char *name = record_get(it->rec, t->main, "name");
		if (strcmp(it->id, value) == 0) {
			buf_set(id, it->id);
			goto cleanup;
		}
		if (name && strcmp(name, value) == 0) {
			if (found++ == 0)
				buf_set(id, it->id);
			buf_printf(&ids, "%s%s", ids.len ? "、" : "", it->id);
		}
	}
	if (found > 1)
		rc = err_set(err, JY_EINVAL, L("有 %zu 个%s名为「%s」（%s）：请写编号", "%zu %s records are named \"%s\" (%s): give the id"),
			     found, schema_type_label(t), value, ids.ptr);
	else if (!found)
		rc = err_set(err, JY_EINVAL, L("没有编号或名称为「%s」的%s", "no %s has the id or name \"%s\""),
			     err_lang_en() ? schema_type_label(t) : value, err_lang_en() ? value : schema_type_label(t));
cleanup:
	vec_free(&items);
	buf_release(&ids);
	return rc;
}

int records_where(struct vec *out, struct store *s, const struct type_def *t, const char *filter, struct jy_err *err)
{
	const char *eq = strchr(filter, '=');
	struct buf name = BUF_INIT, sec = BUF_INIT, key = BUF_INIT, val = BUF_INIT;
	int rc = 0;
	if (!eq || eq == filter) {
		rc = err_set(err, JY_EUSAGE, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), filter);
		goto cleanup;
	}
	buf_add(&name, filter, (size_t)(eq - filter));
	const struct field_def *f = records_field_of(t, name.ptr, &sec, &key);
	if (!f) {
		struct buf near = BUF_INIT;
		if (nearest_field(&near, t, name.ptr))
			rc = err_set(err, JY_EINVAL, L("%s没有字段「%s」，是不是「%s」？", "a %s record has no field \"%s\"; did you mean \"%s\"?"),
				     schema_type_label(t), name.ptr, near.ptr);
		else
			rc = err_set(err, JY_EINVAL, L("%s没有字段「%s」", "a %s record has no field \"%s\""), schema_type_label(t),
				     name.ptr);
		buf_release(&near);
		goto cleanup;
	}
	buf_puts(&val, eq + 1);
	if ((f->type == FT_ENUM || f->type == FT_BOOL || f->type == FT_SET) && val.len) {
		const char *v = schema_enum_parse(f, val.ptr);
		if (!v) {
			rc = schema_check_value(f, sec.ptr, key.ptr, val.ptr, err);
			if (!rc)
				rc = err_set(err, JY_EINVAL, L("字段「%s」没有值「%s」", "field \"%s\" has no value \"%s\""),
					     schema_field_label(f), val.ptr);
			goto cleanup;
		}
		size_t n = schema_enum_len(v);
		buf_reset(&val);
		buf_add(&val, v, n);
	} else if ((f->type == FT_REF || f->type == FT_REFLIST) && val.len &&
		   (strcmp(f->ref, "person") == 0 || strcmp(f->ref, "school") == 0 || strcmp(f->ref, "specialty") == 0)) {
		struct buf id = BUF_INIT;
		rc = records_ref(&id, s, f->ref, val.ptr, err);
		if (rc == 0)
			buf_set(&val, id.ptr);
		buf_release(&id);
		if (rc) {
			err_prefix(err, L("字段「%s」", "field \"%s\""), schema_field_label(f));
			goto cleanup;
		}
	} else if (val.len && (rc = schema_check_value(f, sec.ptr, key.ptr, val.ptr, err))) {
		goto cleanup;
	}
	if (strcmp(sec.ptr, t->main) == 0)
		vec_push(out, xasprintf("%s=%s", key.ptr, val.ptr));
	else
		vec_push(out, xasprintf("%s.%s=%s", sec.ptr, key.ptr, val.ptr));
cleanup:
	buf_release(&name);
	buf_release(&sec);
	buf_release(&key);
	buf_release(&val);
	return rc;
}

int records_exists(void *store, const char *type, const char *id)
{
	struct store *s = store;
	const struct type_def *t = schema_type(type);
	struct buf path = BUF_INIT;
	int found;
	if (!t || !id_component_valid(id))
		return 0;
	if (t->id_kind == ID_CODE && t->path_keys[0] && !t->path_keys[1]) {
		buf_printf(&path, "%s/%s.ini", t->dir, id);
		found = store_exists(s, path.ptr);
	} else {
		struct buf spec = BUF_INIT;
		buf_printf(&spec, "%s/%s", type, id);
		found = store_resolve(&path, s, spec.ptr, NULL) == 0;
		buf_release(&spec);
	}
	buf_release(&path);
	return found;
}

static void join_problems(struct buf *out, const struct vec *problems)
{
	for (size_t i = 0; i < problems->len; i++)
		buf_printf(out, "%s%s", i ? "\n" : "", (const char *)problems->items[i]);
}

int records_limits(struct records_limits *out, struct store *s)
{
	struct record *group = NULL;
	out->import_rows = 2000;
	out->value_bytes = 64 * 1024;
	out->record_bytes = 1024 * 1024;
	if (store_read(&group, s, "group.ini", NULL) != 0)
		return 0;
	const char *v;
	if ((v = record_get(group, "limits", "import_rows")) && atol(v) > 0)
		out->import_rows = (size_t)atol(v);
	if ((v = record_get(group, "limits", "value_bytes")) && atol(v) > 0)
		out->value_bytes = (size_t)atol(v);
	if ((v = record_get(group, "limits", "record_bytes")) && atol(v) > 0)
		out->record_bytes = (size_t)atol(v);
	record_free(group);
	return 0;
}

/* Records also arrive from other campuses: bound what one may hold before anything else looks at it.
 * enc is r's encoding (check compares the same bytes with the file), NULL when r does not encode. */
static void check_sizes(const struct records_limits *limits, const struct type_def *t, const struct record *r,
			const struct buf *enc, struct vec *problems)
{
	struct records_limits lim = *limits;
	struct jy_err e = JY_ERR_INIT;
	for (size_t i = 0; i < record_section_count(r); i++)
		for (size_t j = 0; j < record_key_count(r, i); j++) {
			size_t n = strlen(record_value(r, i, j));
			if (n <= lim.value_bytes)
				continue;
			const struct field_def *f = schema_field(t, record_section(r, i), record_key(r, i, j));
			err_set(&e, JY_EINVAL,
				L("字段「%s」(%s.%s)：%zu 字节，超过一个字段的上限 %zu 字节（group.ini [limits] value_bytes）",
				  "field \"%s\" (%s.%s): %zu bytes, over the limit of %zu bytes a value (group.ini [limits] value_bytes)"),
				f ? schema_field_label(f) : record_key(r, i, j), record_section(r, i), record_key(r, i, j), n,
				lim.value_bytes);
			vec_push_str(problems, e.msg);
		}
	if (enc && enc->len > lim.record_bytes) {
		err_set(&e, JY_EINVAL,
			L("整条记录 %zu 字节，超过上限 %zu 字节（group.ini [limits] record_bytes）",
			  "the record is %zu bytes, over the limit of %zu bytes (group.ini [limits] record_bytes)"),
			enc->len, lim.record_bytes);
		vec_push_str(problems, e.msg);
	}
}

int records_validate(struct store *s, const struct type_def *t, const struct record *r, struct jy_err *err)
{
	struct vec problems = VEC_INIT(free);
	const struct type_ops *ops = typeops_of(t);
	struct records_limits lim;
	records_limits(&lim, s);
	struct buf enc = BUF_INIT;
	check_sizes(&lim, t, r, codec_encode(&enc, r, NULL) == 0 ? &enc : NULL, &problems);
	buf_release(&enc);
	schema_validate_all(t, r, &problems);
	if (ops->validate)
		ops->validate(s, r, &problems);
	if (!problems.len)
		schema_check_refs(t, r, records_exists, s, &problems);
	int rc = 0;
	if (problems.len) {
		struct buf msg = BUF_INIT;
		join_problems(&msg, &problems);
		rc = err_set(err, JY_EINVAL, "%s", msg.ptr);
		buf_release(&msg);
	}
	vec_free(&problems);
	return rc;
}

static int lead_of(struct store *s, const struct actor *a, const char *specialty)
{
	struct record *sp = NULL;
	struct buf path = BUF_INIT;
	int yes = 0;
	buf_printf(&path, "specialties/%s.ini", specialty ? specialty : "");
	if (specialty && id_component_valid(specialty) && store_read(&sp, s, path.ptr, NULL) == 0) {
		struct vec leads = VEC_INIT(free);
		vec_split(&leads, record_get(sp, "specialty", "leads"), ',');
		yes = a->id && vec_has_str(&leads, a->id);
		vec_free(&leads);
	}
	record_free(sp);
	buf_release(&path);
	return yes;
}

int records_lead_of(struct store *s, const struct actor *a, const char *specialty)
{
	return lead_of(s, a, specialty);
}

static void merge_record(void *ctx, const char *path, struct record **out, struct vec *conflicts,
			 const struct record *base, const struct record *ours, const struct record *theirs)
{
	const struct type_ops *ops = typeops_of(schema_type_of_path(path));
	(void)ctx;
	if (ops->merge)
		ops->merge(out, conflicts, base, ours, theirs);
	else
		record_merge3(out, conflicts, base, ours, theirs);
}

const struct merge_policy records_merge_policy = { merge_record, NULL };

/* Beside the list columns: names (the names table), where a record sits, who may see it, its grade's rubric. */
static const char *const row_extra[] = { "name", "logins", "term", "school", "schools", "specialty", "observer",
					 "teacher", "rubric", "rubric_version", NULL };

static void put_main(struct rows_fill *out, const struct type_def *t, const struct record *r, const char *key,
		     const char *const *before)
{
	const char *v = record_get(r, t->main, key);
	for (size_t i = 0; before && before[i]; i++)
		if (strcmp(before[i], key) == 0)
			return;
	if (v)
		rows_put(out, key, v);
}

/* order.h's "newest" as one string compared bytewise, descending. */
static void newest_key(struct buf *out, const struct type_def *t, const struct record *r)
{
	const struct field_def *df = NULL;
	struct buf id = BUF_INIT;
	for (size_t i = 0; i < t->nfields && !df; i++)
		if (strcmp(t->fields[i].section, t->main) == 0 &&
		    (t->fields[i].type == FT_DATE || t->fields[i].type == FT_DATETIME))
			df = &t->fields[i];
	if (!df && t->id_kind != ID_GENERATED)
		return;
	schema_record_id(&id, t, r, NULL);
	if (df) {
		const char *d = record_get(r, t->main, df->key);
		/* Records without the date sort after those with one; "\1" sorts below every date character. */
		buf_printf(out, "%s%s\1", d ? "1" : "0", d ? d : "");
	}
	buf_puts(out, id.ptr);
	buf_release(&id);
}

static void fill_row(struct rows_fill *out, const struct type_def *t, const struct record *r)
{
	struct buf key = BUF_INIT;
	for (size_t k = 0; t->list_keys[k]; k++)
		put_main(out, t, r, t->list_keys[k], NULL);
	for (size_t k = 0; row_extra[k]; k++)
		put_main(out, t, r, row_extra[k], t->list_keys);
	const struct type_ops *ops = typeops_of(t);
	if (ops->row)
		ops->row(out, r);
	newest_key(&key, t, r);
	rows_sortkey(out, key.ptr);
	buf_release(&key);
}

int records_column_by_value(const struct field_def *f)
{
	return f && ((f->type == FT_REF && f->ref && strcmp(f->ref, "person") == 0) ||
		     (f->values && (f->type == FT_ENUM || f->type == FT_BOOL || f->type == FT_SET)));
}

/*
 * What a table of the directory's rows needs to know its column widths
 * (records_column_by_value): per list column, "W" key width — its widest
 * value, as text_width and capped at 40 as the table caps it — and for a
 * column showing names or labels instead of what is stored, "V" key value
 * for each value once. NUL-terminated tokens, before the type's own.
 */
static void column_widths(struct buf *out, const struct type_def *t, const struct rows_row *rows, size_t n)
{
	struct vec vals = VEC_INIT(NULL); /* borrowed from the rows */
	char num[16];
	for (size_t k = 0; t->list_keys[k]; k++) {
		const char *key = t->list_keys[k];
		int by_value = records_column_by_value(schema_field(t, t->main, key)), w = 0;
		vec_clear(&vals);
		for (size_t i = 0; i < n; i++) {
			const char *v = rows[i].decoded ? rows_get(&rows[i], key) : NULL;
			int cw = v ? text_width(v) : 0;
			if (v && by_value)
				vec_push(&vals, (void *)v);
			else if (cw > w)
				w = cw > 40 ? 40 : cw;
		}
		snprintf(num, sizeof(num), "%d", w);
		buf_add(out, "W", 2);
		buf_add(out, key, strlen(key) + 1);
		buf_add(out, num, strlen(num) + 1);
		vec_sort(&vals, vec_str_cmp);
		for (size_t i = 0; i < vals.len; i++)
			if (i == 0 || strcmp(vals.items[i - 1], vals.items[i]) != 0) {
				buf_add(out, "V", 2);
				buf_add(out, key, strlen(key) + 1);
				buf_add(out, vals.items[i], strlen(vals.items[i]) + 1);
			}
	}
	vec_free(&vals);
}

static void aggregate_rows(struct buf *out, const struct type_def *t, const struct rows_row *rows, size_t n)
{
	const struct type_ops *ops = typeops_of(t);
	column_widths(out, t, rows, n);
	if (ops->aggregate)
		ops->aggregate(out, rows, n);
}

const struct rows_policy records_rows_policy = { "records-7", fill_row, aggregate_rows };

static int item_path_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_item *)a)->path, ((const struct store_item *)b)->path);
}

struct record *records_row_whole(struct store *s, struct rows *r, const struct rows_row *row)
{
	struct rows_row whole = *row;
	if ((whole.search = rows_search(r, row)))
		return obs_row_record(&whole);
	struct record *rec = NULL;
	struct buf path = BUF_INIT;
	rows_path(&path, row);
	if (store_read(&rec, s, path.ptr, NULL) != 0)
		rec = obs_row_record(&whole);
	buf_release(&path);
	return rec;
}

int records_row_items(struct vec *out, struct rows *r, const struct rows_query *q)
{
	const struct type_def *t = q->type;
	struct rows_cursor *c = NULL;
	struct rows_row row;
	struct vec got = VEC_INIT(store_item_free);
	int more;
	if (rows_cursor_new(&c, r, q, NULL) != 0)
		return -1;
	while ((more = rows_next(c, &row)) == 1) {
		if (!row.decoded)
			continue;
		struct store_item *it = xcalloc(1, sizeof(*it));
		struct buf path = BUF_INIT, id = BUF_INIT;
		struct jy_err quiet = JY_ERR_INIT;
		rows_path(&path, &row);
		it->path = buf_detach(&path);
		it->type = t;
		it->rec = rows_record(&row, t);
		if (schema_record_id(&id, t, it->rec, &quiet) == 0 && id.len)
			it->id = buf_detach(&id);
		else
			it->id = xstrndup(row.name, strlen(row.name) - (strlen(row.name) > 4 ? 4 : 0));
		buf_release(&id);
		vec_push(&got, it);
	}
	rows_cursor_free(c);
	if (more == 0) {
		vec_sort(&got, item_path_cmp);
		for (size_t i = 0; i < got.len; i++)
			vec_push(out, got.items[i]);
		got.len = 0;
	}
	vec_free(&got);
	return more == 0 ? 0 : -1;
}

/* store_list's items from the index's rows (records rebuilt from their search text), in path order as it gives them. */
static int list_rows(struct vec *out, struct rows *r, const struct rows_query *rq)
{
	struct rows_cursor *c = NULL;
	struct rows_row row;
	struct vec got = VEC_INIT(store_item_free);
	int more;
	if (rows_cursor_new(&c, r, rq, NULL) != 0)
		return -1;
	while ((more = rows_next(c, &row)) == 1) {
		struct buf path = BUF_INIT, id = BUF_INIT;
		struct jy_err quiet = JY_ERR_INIT;
		if (!row.decoded)
			continue;
		struct store_item *it = xcalloc(1, sizeof(*it));
		rows_path(&path, &row);
		it->path = buf_detach(&path);
		it->type = rq->type;
		it->rec = obs_row_record(&row);
		if (schema_record_id(&id, rq->type, it->rec, &quiet) == 0 && id.len)
			it->id = buf_detach(&id);
		else
			it->id = xstrdup(row.name);
		buf_release(&id);
		vec_push(&got, it);
	}
	rows_cursor_free(c);
	if (more < 0) {
		vec_free(&got); /* the store lists them all instead */
		return -1;
	}
	vec_sort(&got, item_path_cmp);
	for (size_t i = 0; i < got.len; i++)
		vec_push(out, got.items[i]);
	got.len = 0;
	vec_free(&got);
	return 0;
}

int records_list(struct vec *out, struct store *s, const struct store_query *q, struct jy_err *err)
{
	struct rows *r = NULL;
	struct rows_query rq = { schema_type(q->type), q->term, q->school, q->specialty, 1 };
	int rc = 1;
	if (!q->where && rq.type && rows_query_ok(&rq) && (r = store_rows(s, 0)))
		rc = list_rows(out, r, &rq);
	return rc == 0 ? 0 : store_list(out, s, q, NULL, err);
}

int records_permit(struct store *s, const struct actor *a, const struct type_def *t, const struct record *prev,
		   const struct record *next, struct jy_err *err)
{
	int rc = actor_can_write(a, err);
	if (rc)
		return rc;
	/* An empty repository: the first admin and school are being set up. */
	if (a->bootstrap)
		return 0;
	const struct type_ops *ops = typeops_of(t);
	if (ops->permit)
		return ops->permit(s, a, prev, next, err);
	return typeops_lead_admin(a, schema_type_label(t), schema_type_label(t), err);
}

int records_complete(struct store *s, const struct actor *a, const struct type_def *t, struct record *r,
		     struct jy_err *err)
{
	char buf[32];
	const struct type_ops *ops = typeops_of(t);
	if (t->id_kind == ID_GENERATED && !record_get(r, t->main, t->id_key)) {
		id_new(buf);
		record_set(r, t->main, t->id_key, buf);
	}
	return ops->complete ? ops->complete(s, a, r, err) : 0;
}

void records_name(struct buf *out, struct store *s, const char *type, const char *id)
{
	const struct type_def *t = schema_type(type);
	struct record *r = NULL;
	struct buf path = BUF_INIT;
	if (t && id && id_component_valid(id) && t->path_keys[0] && !t->path_keys[1])
		buf_printf(&path, "%s/%s.ini", t->dir, id);
	const char *name = NULL;
	if (path.len && store_read(&r, s, path.ptr, NULL) == 0)
		name = record_get(r, t->main, "name");
	buf_puts(out, name ? name : id ? id : "?");
	record_free(r);
	buf_release(&path);
}

void records_message(struct buf *out, struct store *s, const struct type_def *t, const struct record *r,
		     const char *verb)
{
	const struct type_ops *ops = typeops_of(t);
	buf_printf(out, "%s%s：", verb ? verb : "", schema_type_label(t));
	if (ops->describe) {
		ops->describe(out, s, r);
		return;
	}
	struct buf id = BUF_INIT;
	schema_record_id(&id, t, r, NULL);
	const char *name = record_get(r, t->main, "name");
	if (!name && strcmp(t->name, "question") == 0)
		name = record_get(r, "question", "point");
	if (name)
		buf_printf(out, "%s（%s）", name, id.ptr);
	else
		buf_puts(out, id.ptr);
	buf_release(&id);
}

static int commit_one(struct store *s, const struct actor *a, const char *path, const struct record *r,
		      const char *message, struct jy_err *err)
{
	struct store_txn *txn = NULL;
	struct store_sig sig;
	int rc = store_txn_begin(&txn, s, err);
	if (rc == 0)
		rc = store_txn_put(txn, path, r, err);
	if (rc == 0) {
		actor_sig(a, &sig);
		rc = store_txn_commit(txn, &sig, message, NULL, err);
	}
	store_txn_free(txn);
	return rc;
}

int records_add(struct buf *id_out, struct store *s, const struct actor *a, const struct type_def *t,
		const struct record *in, struct jy_err *err)
{
	struct record *work = record_dup(in), *canon = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT, id = BUF_INIT;
	int rc = actor_can_write(a, err);
	if (rc)
		goto cleanup;
	rc = records_complete(s, a, t, work, err);
	if (rc == 0 && typeops_of(t)->derive)
		rc = typeops_of(t)->derive(s, work, err);
	if (rc)
		goto cleanup;
	canon = schema_canonical(t, work);
	/* Who before what: a refusal must not depend on (or reveal anything by) validating the data. */
	rc = records_permit(s, a, t, NULL, canon, err);
	if (rc)
		goto cleanup;
	rc = records_validate(s, t, canon, err);
	if (rc)
		goto cleanup;
	rc = schema_path(&path, t, canon, err);
	if (rc == 0)
		rc = schema_record_id(&id, t, canon, err);
	if (rc)
		goto cleanup;
	if (store_exists(s, path.ptr)) {
		rc = err_set(err, JY_EEXISTS, L("%s「%s」已存在（%s）", "%s \"%s\" already exists (%s)"), schema_type_label(t),
			     id.ptr, path.ptr);
		goto cleanup;
	}
	records_message(&msg, s, t, canon, L("新增", "add "));
	rc = commit_one(s, a, path.ptr, canon, msg.ptr, err);
	if (rc == 0 && id_out)
		buf_puts(id_out, id.ptr);
cleanup:
	record_free(work);
	record_free(canon);
	buf_release(&path);
	buf_release(&msg);
	buf_release(&id);
	return rc;
}

/* 1 when the record whose fields say `want` is the one at path: there, or (not yet migrated) at its legacy path. */
static int same_place(const char *want, const char *path)
{
	struct buf legacy = BUF_INIT;
	int same = strcmp(want, path) == 0 ||
		   (schema_path_is_legacy(path) && schema_path_counterpart(&legacy, want, NULL) == 0 && strcmp(legacy.ptr, path) == 0);
	buf_release(&legacy);
	return same;
}

int records_update(struct store *s, const struct actor *a, const char *path, const struct record *next,
		   const char *verb, struct jy_err *err)
{
	const struct type_def *t = schema_type_of_path(path);
	struct record *prev = NULL, *work = NULL, *canon = NULL;
	struct buf newpath = BUF_INIT, msg = BUF_INIT;
	int rc = actor_can_write(a, err);
	if (rc)
		goto cleanup;
	if (!t) {
		rc = err_set(err, JY_EINVAL, L("%s 不是记录路径", "%s is not a record path"), path);
		goto cleanup;
	}
	rc = store_read(&prev, s, path, err);
	if (rc)
		goto cleanup;
	work = record_dup(next);
	if (typeops_of(t)->derive && (rc = typeops_of(t)->derive(s, work, err)))
		goto cleanup;
	canon = schema_canonical(t, work);
	rc = records_validate(s, t, canon, err);
	if (rc)
		goto cleanup;
	rc = schema_path(&newpath, t, canon, err);
	if (rc)
		goto cleanup;
	/* A legacy-layout record is edited where it is: `migrate` moves them all at once. */
	if (!same_place(newpath.ptr, path)) {
		rc = err_set(err, JY_EINVAL,
			     L("编号和决定存放位置的字段（%s）不能修改", "the id and the fields that place the record (%s) cannot change"),
			     path);
		goto cleanup;
	}
	rc = records_permit(s, a, t, prev, canon, err);
	if (rc)
		goto cleanup;
	if (record_equal(prev, canon))
		goto cleanup;
	records_message(&msg, s, t, canon, verb ? verb : L("修改", "edit "));
	rc = commit_one(s, a, path, canon, msg.ptr, err);
cleanup:
	record_free(prev);
	record_free(work);
	record_free(canon);
	buf_release(&newpath);
	buf_release(&msg);
	return rc;
}

struct check_ctx {
	struct store *s;
	struct vec *problems;
	struct records_limits limits; /* group.ini's, read once for a whole walk */
	void *known;                  /* tsearch tree of "type/id\0<answer>": the snapshot does not change */
	struct buf key;
};

static int cmp_known(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* records_exists, asked once per distinct reference: 100,000 observations name a few thousand people. */
static int check_exists(void *vctx, const char *type, const char *id)
{
	struct check_ctx *ctx = vctx;
	buf_reset(&ctx->key);
	buf_puts(&ctx->key, type);
	buf_putc(&ctx->key, '/');
	buf_puts(&ctx->key, id);
	char **hit = tfind(ctx->key.ptr, &ctx->known, cmp_known);
	if (hit)
		return (*hit)[ctx->key.len + 1];
	char *entry = xmalloc(ctx->key.len + 2);
	memcpy(entry, ctx->key.ptr, ctx->key.len + 1);
	entry[ctx->key.len + 1] = (char)records_exists(ctx->s, type, id);
	tsearch(entry, &ctx->known, cmp_known);
	return entry[ctx->key.len + 1];
}

static void check_done(struct check_ctx *ctx)
{
	tdestroy(ctx->known, free);
	buf_release(&ctx->key);
}

static void add_problem(struct vec *problems, const char *path, const char *msg)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s: %s", path, msg);
	vec_push(problems, buf_detach(&b));
}

/*
 * One file's checks, in two halves: what needs only its bytes (decode, canonical form, sizes, schema,
 * place), which may run on another thread, then what asks the store (the type's rules, references),
 * which runs where the store is used. The problems come out in the same order either way.
 */
struct verdict {
	char *path, *data; /* owned when queued, borrowed by records_check_file */
	size_t len;
	const struct type_def *t;
	struct record *r; /* NULL when there is nothing more to check */
	struct vec found; /* messages in report order */
	char *misplaced;  /* reported after the store's findings */
	int done;         /* the first half has run */
	int ours;         /* it ran on the walking thread, which frees r */
};

static void check_bytes_of(const struct records_limits *limits, struct verdict *v)
{
	struct jy_err e = JY_ERR_INIT;
	struct buf want = BUF_INIT, enc = BUF_INIT;
	v->t = schema_type_of_path(v->path);
	if (!v->t) {
		vec_push_str(&v->found, L("不是可识别的记录路径", "not a recognised record path"));
		return;
	}
	if (codec_decode(&v->r, v->data, v->len, &e) != 0) {
		v->r = NULL;
		vec_push_str(&v->found, e.msg);
		return;
	}
	/* One encoding serves both checks: r in canonical order encodes as its canonical form would. */
	int encoded = codec_encode(&enc, v->r, NULL) == 0;
	if (!encoded || enc.len != v->len || memcmp(enc.ptr, v->data, v->len) != 0 ||
	    !schema_in_canonical_order(v->t, v->r))
		vec_push_str(&v->found, L("不是规范格式（重新编码后字节不同；编辑保存一次即可规范化）",
					  "not canonical (re-encoding differs; saving it once through an edit normalises it)"));
	check_sizes(limits, v->t, v->r, encoded ? &enc : NULL, &v->found);
	schema_validate_all(v->t, v->r, &v->found);
	if (schema_path(&want, v->t, v->r, &e) == 0 && !same_place(want.ptr, v->path)) {
		err_set(&e, JY_EINVAL, L("存放位置不对：按内容应为 %s", "misplaced: its fields say %s"), want.ptr);
		v->misplaced = xstrdup(e.msg);
	}
	buf_release(&want);
	buf_release(&enc);
}

/* The second half; appends the file's problems to ctx->problems and releases what v holds
 * (not path, data and r). Returns how many. */
static size_t check_against_store(struct check_ctx *ctx, struct verdict *v)
{
	if (v->r) {
		if (typeops_of(v->t)->validate)
			typeops_of(v->t)->validate(ctx->s, v->r, &v->found);
		schema_check_refs(v->t, v->r, check_exists, ctx, &v->found);
	}
	if (v->misplaced)
		vec_push_str(&v->found, v->misplaced);
	for (size_t i = 0; i < v->found.len; i++)
		add_problem(ctx->problems, v->path, v->found.items[i]);
	size_t n = v->found.len;
	vec_free(&v->found);
	free(v->misplaced);
	return n;
}

size_t records_check_file(struct store *s, const char *path, const char *data, size_t len, struct vec *problems)
{
	struct check_ctx ctx = { s, problems, { 0, 0, 0 }, NULL, BUF_INIT };
	struct verdict v = { (char *)path, (char *)data, len, NULL, NULL, VEC_INIT(free), NULL, 0, 0 };
	records_limits(&ctx.limits, s);
	check_bytes_of(&ctx.limits, &v);
	size_t n = check_against_store(&ctx, &v);
	record_free(v.r);
	check_done(&ctx);
	return n;
}

/*
 * The whole walk on two cores, as git fsck uses several: this thread reads the blobs and asks the store
 * (libgit2 objects stay on the thread that uses them), a second one runs the first halves of the next
 * CHECK_AHEAD files. When this thread would wait for the oldest file, it runs a first half of its own
 * instead, so neither core idles while the other has work. Files are finished strictly in walk order,
 * so the output is the same as one thread's.
 */
#define CHECK_AHEAD 256
#define CHECK_BATCH (CHECK_AHEAD / 4) /* files queued before a sleeping worker is woken */

struct check_pipe {
	struct check_ctx *ctx;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct verdict *ring[CHECK_AHEAD];
	size_t head, next, tail; /* finished < head <= first half taken < next <= queued < tail */
	int end, threaded;
	int worker_waits, main_waits; /* a wake-up costs more than a file's check: signal only a sleeper */
	struct vec dead;    /* the worker's records, for it to free: a free into another thread's arena takes its lock */
	struct vec checked; /* the worker's records finished since this thread last handed some over */
	pthread_t worker;
};

static void *check_worker(void *vp)
{
	struct check_pipe *p = vp;
	struct vec dead = VEC_INIT((void (*)(void *))record_free);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->dead.len) {
			struct vec t = p->dead;
			p->dead = dead;
			dead = t;
			pthread_mutex_unlock(&p->mu);
			vec_clear(&dead);
			pthread_mutex_lock(&p->mu);
		}
		while (p->next == p->tail && !p->end) {
			p->worker_waits = 1;
			pthread_cond_wait(&p->work, &p->mu);
			p->worker_waits = 0;
		}
		if (p->next == p->tail)
			break;
		struct verdict *v = p->ring[p->next++ % CHECK_AHEAD];
		pthread_mutex_unlock(&p->mu);
		check_bytes_of(&p->ctx->limits, v);
		pthread_mutex_lock(&p->mu);
		v->done = 1;
		if (p->main_waits)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	vec_free(&dead);
	return NULL;
}

/* Finishes the oldest queued file, waiting for its first half if `wait` (running others' meanwhile);
 * 0 when none was finished. Called with p->mu held, returns with it held. */
static int finish_oldest_locked(struct check_pipe *p, int wait)
{
	struct verdict *v = p->head < p->tail ? p->ring[p->head % CHECK_AHEAD] : NULL;
	while (v && !v->done && wait) {
		if (p->next < p->tail) {
			struct verdict *mine = p->ring[p->next++ % CHECK_AHEAD];
			pthread_mutex_unlock(&p->mu);
			check_bytes_of(&p->ctx->limits, mine);
			pthread_mutex_lock(&p->mu);
			mine->done = mine->ours = 1;
			continue;
		}
		p->main_waits = 1;
		pthread_cond_wait(&p->done, &p->mu);
		p->main_waits = 0;
	}
	if (!v || !v->done)
		return 0;
	p->head++;
	if (p->checked.len >= CHECK_BATCH && !p->dead.len) {
		struct vec t = p->dead;
		p->dead = p->checked;
		p->checked = t;
	}
	pthread_mutex_unlock(&p->mu);
	check_against_store(p->ctx, v);
	if (p->threaded && !v->ours)
		vec_push(&p->checked, v->r);
	else
		record_free(v->r);
	free(v->path);
	free(v->data);
	free(v);
	pthread_mutex_lock(&p->mu);
	return 1;
}

static int finish_oldest(struct check_pipe *p, int wait)
{
	pthread_mutex_lock(&p->mu);
	int n = finish_oldest_locked(p, wait);
	pthread_mutex_unlock(&p->mu);
	return n;
}

static int check_file(void *vp, const char *path, const char *data, size_t len)
{
	struct check_pipe *p = vp;
	struct verdict *v = xcalloc(1, sizeof(*v));
	v->path = xstrdup(path);
	v->data = xmalloc(len + 1);
	memcpy(v->data, data, len);
	v->data[len] = '\0';
	v->len = len;
	vec_init(&v->found, free);
	if (!p->threaded) {
		check_bytes_of(&p->ctx->limits, v);
		v->done = 1;
	}
	while (p->tail - p->head == CHECK_AHEAD)
		finish_oldest(p, 1);
	pthread_mutex_lock(&p->mu);
	p->ring[p->tail++ % CHECK_AHEAD] = v;
	if (p->worker_waits && p->tail - p->next >= CHECK_BATCH)
		pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	while (finish_oldest(p, !p->threaded))
		;
	return 0;
}

size_t records_check_all(struct store *s, struct vec *problems, struct jy_err *err)
{
	struct check_ctx ctx = { s, problems, { 0, 0, 0 }, NULL, BUF_INIT };
	struct check_pipe p;
	size_t before = problems->len;
	memset(&p, 0, sizeof(p));
	p.ctx = &ctx;
	vec_init(&p.dead, (void (*)(void *))record_free);
	vec_init(&p.checked, (void (*)(void *))record_free);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	records_limits(&ctx.limits, s);
	/* Without a second thread the same queue is worked through here, one file at a time. */
	p.threaded = pthread_create(&p.worker, NULL, check_worker, &p) == 0;
	int rc = store_walk(s, "", check_file, &p, err);
	pthread_mutex_lock(&p.mu);
	p.end = 1;
	pthread_cond_signal(&p.work);
	pthread_mutex_unlock(&p.mu);
	while (finish_oldest(&p, 1))
		;
	if (p.threaded)
		pthread_join(p.worker, NULL);
	vec_free(&p.dead);
	vec_free(&p.checked);
	if (rc != 0)
		add_problem(problems, store_path(s), err->msg);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.mu);
	check_done(&ctx);
	return problems->len - before;
}
