/* rostercsv: importing and exporting the roster as a table with a Chinese header (CSV files and pasted cells). */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rostercsv.h"
#include "jiaoyan/text.h"

enum col_kind { COL_ID, COL_TEXT, COL_SCHOOL, COL_LIST, COL_SPECIALTIES };

static const struct column {
	const char *header;
	const char *key; /* field of [person] */
	enum col_kind kind;
} columns[] = {
	{ "工号", "id", COL_ID },
	{ "姓名", "name", COL_TEXT },
	{ "学校", "school", COL_SCHOOL },
	{ "角色", "roles", COL_LIST },
	{ "职称", "title", COL_TEXT },
	{ "是否双师型", "dual_qualified", COL_TEXT },
	{ "是否有教师资格", "certified", COL_TEXT },
	{ "专业", "specialties", COL_SPECIALTIES },
	{ "登录名", "logins", COL_LIST },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

const char *rostercsv_header(void)
{
	return "工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名";
}

static const struct type_def *person_type(void)
{
	return schema_type("person");
}

/* A cell as typed: surrounding spaces (ideographic ones too) dropped, and the apostrophe export put before a formula-like cell. */
static void cell_value(struct buf *out, const char *s)
{
	size_t n;
	s = text_trim(s, &n);
	if (n >= 2 && s[0] == '\'' && strchr("=+-@", s[1]))
		s++, n--;
	buf_add(out, s, n);
}

/* Items separated by 、 ， , ; ； / or spaces, as people write lists in a cell. */
static void split_items(struct vec *out, const char *s)
{
	struct buf b = BUF_INIT;
	static const char *const seps[] = { "、", "，", "；", "　", ",", ";", "/", " ", "\t", "\n", NULL };
	while (*s) {
		size_t len = 0;
		for (size_t i = 0; seps[i] && !len; i++)
			if (strncmp(s, seps[i], strlen(seps[i])) == 0)
				len = strlen(seps[i]);
		if (len) {
			buf_putc(&b, ',');
			s += len;
		} else {
			buf_putc(&b, *s++);
		}
	}
	vec_split(out, b.ptr, ',');
	buf_release(&b);
}

static void problem(struct vec *found, size_t line, const char *fmt, const char *a1, const char *a2)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, L("第 %zu 行：", "line %zu: "), line);
	buf_printf(&b, fmt, a1, a2);
	vec_push(found, buf_detach(&b));
}

/* Sets one column's field of next from the cell; 0, or a message in err. */
static int set_column(struct record *next, struct store *s, const struct column *col, const char *v, struct jy_err *err)
{
	struct buf assign = BUF_INIT, id = BUF_INIT;
	struct vec items = VEC_INIT(free);
	int rc = 0;
	buf_printf(&assign, "%s=", col->key);
	switch (col->kind) {
	case COL_SCHOOL:
		if (*v && (rc = records_ref(&id, s, "school", v, err)))
			goto cleanup;
		buf_puts(&assign, id.ptr);
		break;
	case COL_SPECIALTIES:
		split_items(&items, v);
		for (size_t i = 0; i < items.len; i++) {
			buf_reset(&id);
			if ((rc = records_ref(&id, s, "specialty", items.items[i], err)))
				goto cleanup;
			buf_printf(&assign, "%s%s", i ? "," : "", id.ptr);
		}
		break;
	case COL_LIST:
		split_items(&items, v);
		for (size_t i = 0; i < items.len; i++)
			buf_printf(&assign, "%s%s", i ? "," : "", (const char *)items.items[i]);
		break;
	default:
		buf_puts(&assign, v);
		break;
	}
	rc = records_assign(next, person_type(), assign.ptr, err);
cleanup:
	buf_release(&assign);
	buf_release(&id);
	vec_free(&items);
	return rc;
}

/* One person to write: where, and the canonical record. */
struct change {
	char *path;
	struct record *rec;
	int added;
};

static void change_free(void *p)
{
	struct change *c = p;
	if (c) {
		free(c->path);
		record_free(c->rec);
		free(c);
	}
}

static int same_record(const struct record *a, const struct record *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int same = codec_encode(&x, a, NULL) == 0 && codec_encode(&y, b, NULL) == 0 && x.len == y.len &&
		   memcmp(x.ptr, y.ptr, x.len) == 0;
	buf_release(&x);
	buf_release(&y);
	return same;
}

/* Judges one data row into a change (or nothing when it changes nothing); problems go to found. */
static void judge_row(struct vec *changes, struct vec *found, size_t *refused, size_t *unchanged, struct store *s,
		      const struct actor *a, const struct column *const *map, size_t nmap, const struct csv_row *row,
		      struct vec *seen_ids)
{
	const struct type_def *t = person_type();
	struct buf cell = BUF_INIT, path = BUF_INIT, idb = BUF_INIT;
	struct record *prev = NULL, *next = NULL, *canon = NULL;
	struct jy_err e = JY_ERR_INIT;
	size_t before = found->len;
	const char *id = idb.ptr;
	for (size_t k = 0; k < nmap && k < row->fields.len; k++)
		if (map[k] && map[k]->kind == COL_ID) {
			cell_value(&idb, row->fields.items[k]);
			id = idb.ptr;
		}
	if (!*id) {
		problem(found, row->line, L("「工号」不能为空%s%s", "\"工号\" (person id) may not be empty%s%s"), "", "");
		goto cleanup;
	}
	if (!id_component_valid(id)) {
		problem(found, row->line, L("工号「%s」无效（只能用小写字母、数字和 . _ -）%s", "person id \"%s\" is invalid (lower-case letters, digits, . _ - only)%s"),
			id, "");
		goto cleanup;
	}
	for (size_t i = 0; i < seen_ids->len; i += 2)
		if (strcmp(seen_ids->items[i], id) == 0) {
			problem(found, row->line, L("工号「%s」与第 %s 行重复", "person id \"%s\" repeats line %s"), id,
				(const char *)seen_ids->items[i + 1]);
			goto cleanup;
		}
	vec_push_str(seen_ids, id);
	vec_push(seen_ids, xasprintf("%zu", row->line));
	buf_printf(&path, "people/%s.ini", id);
	if (store_exists(s, path.ptr) && store_read(&prev, s, path.ptr, &e) != 0) {
		problem(found, row->line, "%s%s", e.msg, "");
		goto cleanup;
	}
	next = prev ? record_dup(prev) : record_new();
	record_set(next, "person", "id", id);
	for (size_t k = 0; k < nmap; k++) {
		if (!map[k] || map[k]->kind == COL_ID)
			continue;
		buf_reset(&cell);
		if (k < row->fields.len)
			cell_value(&cell, row->fields.items[k]);
		err_clear(&e);
		if (set_column(next, s, map[k], cell.ptr, &e) != 0)
			problem(found, row->line, L("「%s」列：%s", "column \"%s\": %s"), map[k]->header, e.msg);
	}
	if (found->len > before)
		goto cleanup;
	canon = schema_canonical(t, next);
	if (prev && same_record(prev, canon)) {
		(*unchanged)++;
		goto cleanup;
	}
	/* Who before what, as for one record: the person rules judge every row. */
	err_clear(&e);
	if (records_permit(s, a, t, prev, canon, &e) != 0) {
		problem(found, row->line, L("%s（工号 %s）", "%s (person %s)"), e.msg, id);
		(*refused)++;
		goto cleanup;
	}
	err_clear(&e);
	if (records_validate(s, t, canon, &e) != 0) {
		for (const char *p = e.msg; *p;) {
			size_t n = strcspn(p, "\n");
			struct buf one = BUF_INIT;
			buf_add(&one, p, n);
			problem(found, row->line, "%s%s", one.ptr, "");
			buf_release(&one);
			p += n + (p[n] == '\n');
		}
		goto cleanup;
	}
	struct change *c = xcalloc(1, sizeof(*c));
	c->path = buf_detach(&path);
	c->rec = canon;
	c->added = prev == NULL;
	canon = NULL;
	vec_push(changes, c);
cleanup:
	record_free(prev);
	record_free(next);
	record_free(canon);
	buf_release(&cell);
	buf_release(&path);
	buf_release(&idb);
}

/* The people of a parsed table (the first row is the header), judged and, unless dry_run, written in one commit. */
static int import_table(struct rostercsv_result *res, struct vec *problems, struct store *s, const struct actor *a,
			const struct vec *rows, int dry_run, struct jy_err *err)
{
	struct vec found = VEC_INIT(free), changes = VEC_INIT(change_free), seen_ids = VEC_INIT(free);
	const struct column **map = NULL;
	struct buf hdr = BUF_INIT, msg = BUF_INIT;
	struct store_txn *txn = NULL;
	size_t refused = 0, unchanged = 0, nrows = 0;
	int rc = actor_can_write(a, err);
	if (rc)
		goto cleanup;
	if (!rows->len) {
		rc = err_set(err, JY_EINVAL, L("表格是空的（第一行应为表头：%s）", "the table is empty (the first line is the header: %s)"),
			     rostercsv_header());
		goto cleanup;
	}
	struct records_limits lim;
	records_limits(&lim, s);
	if (rows->len - 1 > lim.import_rows) {
		rc = err_set(err, JY_EINVAL,
			     L("表格有 %zu 行，超过一次导入的上限 %zu 行（group.ini [limits] import_rows）；未导入任何内容",
			       "the table has %zu rows, over the limit of %zu rows an import (group.ini [limits] import_rows); nothing was imported"),
			     rows->len - 1, lim.import_rows);
		goto cleanup;
	}
	const struct csv_row *head = rows->items[0];
	map = xcalloc(head->fields.len + 1, sizeof(*map));
	int seen[NCOLUMNS] = { 0 };
	for (size_t k = 0; k < head->fields.len; k++) {
		buf_reset(&hdr);
		cell_value(&hdr, head->fields.items[k]);
		if (!hdr.len)
			continue;
		for (size_t i = 0; i < NCOLUMNS && !map[k]; i++)
			if (strcmp(columns[i].header, hdr.ptr) == 0)
				map[k] = &columns[i];
		if (!map[k])
			problem(&found, head->line, L("未知的列「%s」（表头应为：%s）", "unknown column \"%s\" (the header is: %s)"), hdr.ptr,
				rostercsv_header());
		else if (seen[map[k] - columns]++)
			problem(&found, head->line, L("列「%s」出现了两次%s", "column \"%s\" appears twice%s"), hdr.ptr, "");
	}
	if (!seen[0])
		problem(&found, head->line, L("缺少必需的列「%s」%s", "the required column \"%s\" is missing%s"), columns[0].header, "");
	if (found.len)
		goto report;
	for (size_t ri = 1; ri < rows->len; ri++) {
		const struct csv_row *row = rows->items[ri];
		struct buf c = BUF_INIT;
		int blank = 1, stray = 0;
		for (size_t k = 0; k < row->fields.len; k++) {
			buf_reset(&c);
			cell_value(&c, row->fields.items[k]);
			if (c.len && (k >= head->fields.len || !map[k]) && !stray++) {
				struct buf colno = BUF_INIT;
				buf_printf(&colno, "%zu", k + 1);
				problem(&found, row->line, L("第 %s 列「%s」上方没有表头，不知道是什么", "column %s holds \"%s\" under no header"),
					colno.ptr, c.ptr);
				buf_release(&colno);
			}
			blank &= c.len == 0;
		}
		buf_release(&c);
		if (blank || stray)
			continue;
		nrows++;
		judge_row(&changes, &found, &refused, &unchanged, s, a, map, head->fields.len, row, &seen_ids);
	}
	if (!found.len && !nrows) {
		rc = err_set(err, JY_EINVAL, "%s", L("表格只有表头，没有人员", "the table has a header but no people"));
		goto cleanup;
	}
report:
	if (found.len) {
		rc = err_set(err, refused == found.len ? JY_EPERM : JY_EINVAL,
			     L("表格中有 %zu 处问题（逐条列出），未导入任何内容", "%zu problems in the table (listed); nothing was imported"),
			     found.len);
		vec_move(problems, &found);
		goto cleanup;
	}
	size_t added = 0;
	for (size_t i = 0; i < changes.len; i++)
		added += ((struct change *)changes.items[i])->added;
	if (res) {
		res->added = added;
		res->updated = changes.len - added;
		res->unchanged = unchanged;
	}
	if (dry_run || !changes.len)
		goto cleanup;
	buf_printf(&msg, L("导入人员：新增 %zu 人，更新 %zu 人", "import people: %zu added, %zu updated"), added, changes.len - added);
	if ((rc = store_txn_begin(&txn, s, err)))
		goto cleanup;
	for (size_t i = 0; i < changes.len && rc == 0; i++) {
		const struct change *c = changes.items[i];
		rc = store_txn_put(txn, c->path, c->rec, err);
	}
	if (rc == 0) {
		struct store_sig sig;
		actor_sig(a, &sig);
		rc = store_txn_commit(txn, &sig, msg.ptr, NULL, err);
	}
cleanup:
	store_txn_free(txn);
	free(map);
	vec_free(&found);
	vec_free(&changes);
	vec_free(&seen_ids);
	buf_release(&hdr);
	buf_release(&msg);
	return rc;
}

int rostercsv_import(struct rostercsv_result *res, struct vec *problems, struct store *s, const struct actor *a,
		     const char *data, size_t len, struct jy_err *err)
{
	struct buf text = BUF_INIT;
	struct vec rows = VEC_INIT(csv_row_free);
	const char *enc = NULL;
	int rc = csv_to_utf8(&text, &enc, data, len, err);
	if (rc == 0 && (rc = csv_parse(&rows, text.ptr, text.len, err)) == 0)
		rc = import_table(res, problems, s, a, &rows, 0, err);
	if (rc == 0 && res)
		res->encoding = enc;
	vec_free(&rows);
	buf_release(&text);
	return rc;
}

int rostercsv_paste(struct rostercsv_result *res, struct vec *problems, struct store *s, const struct actor *a,
		    const char *text, int dry_run, struct jy_err *err)
{
	struct vec rows = VEC_INIT(csv_row_free);
	struct buf hdr = BUF_INIT;
	int rc = text_check_value(L("粘贴的内容", "the pasted text"), text, strlen(text), err);
	if (rc == 0)
		rc = csv_parse_sep(&rows, text, strlen(text), '\t', err);
	if (rc)
		goto cleanup;
	/* Cells copied from Excel come with the header row only when it was selected too. */
	int has_header = 0;
	if (rows.len) {
		const struct csv_row *first = rows.items[0];
		for (size_t k = 0; k < first->fields.len && !has_header; k++) {
			buf_reset(&hdr);
			cell_value(&hdr, first->fields.items[k]);
			has_header = strcmp(hdr.ptr, columns[0].header) == 0;
		}
	}
	if (!has_header) {
		struct csv_row *head = xcalloc(1, sizeof(*head));
		head->line = 0;
		vec_init(&head->fields, free);
		for (size_t i = 0; i < NCOLUMNS; i++)
			vec_push_str(&head->fields, columns[i].header);
		vec_insert(&rows, 0, head);
	}
	rc = import_table(res, problems, s, a, &rows, dry_run, err);
	if (rc == 0 && res)
		res->encoding = "UTF-8";
cleanup:
	vec_free(&rows);
	buf_release(&hdr);
	return rc;
}

/* ---- export ---- */

static int by_school_then_id(const void *x, const void *y)
{
	const struct store_item *a = x, *b = y;
	const char *sa = record_get(a->rec, "person", "school"), *sb = record_get(b->rec, "person", "school");
	int c = strcmp(sa ? sa : "", sb ? sb : "");
	return c ? c : strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

/* A list field as one cell: items separated by 、 (what the import splits on too). */
static void list_cell(struct buf *out, const struct field_def *f, const char *v)
{
	struct vec items = VEC_INIT(free);
	vec_split(&items, v, ',');
	for (size_t i = 0; i < items.len; i++) {
		if (i)
			buf_puts(out, "、");
		if (f && f->type == FT_SET)
			schema_value_label(out, f, items.items[i]);
		else
			buf_puts(out, items.items[i]);
	}
	vec_free(&items);
}

static void put_cell(struct buf *out, const char *v, int tsv, int first)
{
	if (!tsv) {
		if (!first)
			csv_put_sep(out);
		csv_put_text(out, v);
		return;
	}
	if (!first)
		buf_putc(out, '\t');
	/* The clipboard goes into Excel as well: the same apostrophe before a formula-like cell. */
	if (strchr("=+-@", *v) && *v)
		buf_putc(out, '\'');
	for (const char *p = v; *p; p++)
		buf_putc(out, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

int rostercsv_export(struct buf *out, struct store *s, const char *school, int with_left, int tsv, struct jy_err *err)
{
	const struct type_def *t = person_type();
	struct vec people = VEC_INIT(store_item_free);
	struct store_query q = { .type = "person" };
	struct buf id = BUF_INIT, cell = BUF_INIT;
	int rc = 0;
	if (school && (rc = records_ref(&id, s, "school", school, err)))
		goto cleanup;
	if ((rc = store_list(&people, s, &q, NULL, err)))
		goto cleanup;
	vec_sort(&people, by_school_then_id);
	if (!tsv)
		buf_puts(out, CSV_UTF8_BOM);
	for (size_t i = 0; i < NCOLUMNS; i++)
		put_cell(out, columns[i].header, tsv, i == 0);
	buf_puts(out, tsv ? "\n" : "\r\n");
	for (size_t n = 0; n < people.len; n++) {
		const struct store_item *it = people.items[n];
		const char *sc = record_get(it->rec, "person", "school");
		if ((school && strcmp(sc ? sc : "", id.ptr) != 0) || (!with_left && !person_active(it->rec)))
			continue;
		for (size_t i = 0; i < NCOLUMNS; i++) {
			const char *v = record_get(it->rec, "person", columns[i].key);
			const struct field_def *f = schema_field(t, "person", columns[i].key);
			buf_reset(&cell);
			if (v && columns[i].kind == COL_SCHOOL)
				records_name(&cell, s, "school", v);
			else if (v && (columns[i].kind == COL_LIST || columns[i].kind == COL_SPECIALTIES))
				list_cell(&cell, f, v);
			else if (v)
				schema_value_label(&cell, f, v);
			put_cell(out, cell.ptr, tsv, i == 0);
		}
		buf_puts(out, tsv ? "\n" : "\r\n");
	}
cleanup:
	vec_free(&people);
	buf_release(&id);
	buf_release(&cell);
	return rc;
}
