/* cmd_records: the generic record commands — init, add, show, edit, list, get, history, check, gc, deactivate. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/demo.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/migrate.h"
#include "jiaoyan/order.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/search.h"
#include "jiaoyan/text.h"
#include "jiaoyan/typeops.h"

int cmd_init(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const char *path = cli_operand(a, 0);
	int shared = cli_flag(a, "--shared");
	(void)cmd;
	if (path) {
		free(c->repo_path);
		c->repo_path = xstrdup(path);
	}
	if (shared)
		umask(002);
	int rc = store_init(&c->store, c->repo_path, shared, &c->err);
	if (rc)
		return rc;
	if (cli_flag(a, "--demo") && (rc = demo_populate(c->store, id_now(), &c->err)))
		return rc;
	printf(L("已创建数据仓库 %s%s\n", "created data repository %s%s\n"), c->repo_path,
	       cli_flag(a, "--demo") ? L("（含演示数据）", " (with the demo group)") : "");
	return 0;
}

static void free_record(void *r)
{
	record_free(r);
}

static int need_type(struct cli *c, const char *cmd, const char *name, const struct type_def **out)
{
	*out = schema_type(name);
	if (*out)
		return 0;
	struct buf names = BUF_INIT;
	for (size_t i = 0; i < schema_type_count(); i++)
		buf_printf(&names, "%s%s", i ? " " : "", schema_type_at(i)->name);
	int rc = cli_usage_error(c, cmd, L("没有记录类型「%s」（可用：%s）", "no record type \"%s\" (types: %s)"), name,
				 names.ptr);
	buf_release(&names);
	return rc;
}

int cmd_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const struct type_def *t;
	struct record *r = NULL;
	struct buf data = BUF_INIT, id = BUF_INIT;
	const char *file = cli_opt(a, "--file");
	struct store *s;
	struct actor *actor;
	int rc;
	if ((rc = need_type(c, cmd->name, cli_operand(a, 0), &t)))
		return rc;
	if (file && ((rc = editor_read_file(&data, file, &c->err)) || (rc = codec_decode(&r, data.ptr, data.len, &c->err)))) {
		err_prefix(&c->err, "%s", file);
		goto cleanup;
	}
	if (!r)
		r = record_new();
	for (size_t i = 1; i < cli_noperands(a); i++)
		if ((rc = records_assign(r, t, cli_operand(a, i), &c->err)))
			goto cleanup;
	if ((rc = cli_actor(c, &actor)) || (rc = cli_store(c, &s)))
		goto cleanup;
	rc = records_add(&id, s, actor, t, r, &c->err);
	if (rc == 0)
		printf("%s\n", id.ptr);
cleanup:
	record_free(r);
	buf_release(&data);
	buf_release(&id);
	return rc;
}

/*
 * Resolves what the user typed to a readable record: a record the person may
 * not see is reported exactly like one that does not exist, so that its
 * existence says nothing either.
 */
static int resolve_visible(struct cli *c, const char *spec, struct buf *path, struct record **out)
{
	struct store *s;
	struct actor *a;
	struct viewer *v = NULL;
	struct record *r = NULL;
	int rc;
	if ((rc = cli_store(c, &s)) || (rc = store_resolve(path, s, spec, &c->err)) || (rc = store_read(&r, s, path->ptr, &c->err)) ||
	    (rc = cli_actor(c, &a)) || (rc = viewer_new(&v, s, a, &c->err)))
		goto cleanup;
	if (!viewer_sees(v, schema_type_of_path(path->ptr), r))
		rc = err_set(&c->err, JY_ENOTFOUND, L("没有「%s」", "nothing matches \"%s\""), spec);
cleanup:
	viewer_free(v);
	if (rc == 0 && out)
		*out = r;
	else
		record_free(r);
	return rc;
}

/* One value as a person reads it: labels for enums, names (with the id) for references. */
static void human_value(struct buf *out, struct store *s, const struct field_def *f, const char *v)
{
	if (f && f->type == FT_REF) {
		size_t at = out->len;
		records_name(out, s, f->ref, v);
		/* The id beside the name, unless the name is all there was. */
		if (strcmp(out->ptr + at, v) != 0)
			buf_printf(out, "（%s）", v);
		return;
	}
	if (f && f->type == FT_REFLIST) {
		struct vec items = VEC_INIT(free);
		vec_split(&items, v, ',');
		for (size_t i = 0; i < items.len; i++) {
			if (i)
				buf_puts(out, "、");
			records_name(out, s, f->ref, items.items[i]);
		}
		vec_free(&items);
		return;
	}
	if (f && f->type == FT_LIST) {
		for (const char *p = v; *p; p++)
			if (*p == ',')
				buf_puts(out, "、");
			else
				buf_putc(out, *p);
		return;
	}
	schema_value_label(out, f, v);
}

/* The record as `plan show` shows a plan: a block per section, labels, names, multi-line text indented under its label. */
static void show_human(struct buf *out, struct store *s, const struct type_def *t, const struct record *r)
{
	struct buf id = BUF_INIT, label = BUF_INIT, value = BUF_INIT;
	schema_record_id(&id, t, r, NULL);
	buf_printf(out, "%s %s\n", schema_type_label(t), id.ptr);
	for (size_t i = 0; i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		int w = 4;
		if (strcmp(sec, t->main) != 0)
			buf_printf(out, "\n[%s]\n", sec);
		for (size_t j = 0; j < record_key_count(r, i); j++) {
			const struct field_def *f = schema_field(t, sec, record_key(r, i, j));
			int lw = f ? text_width(schema_field_label(f)) : text_width(record_key(r, i, j));
			if (f && strchr(f->key, '*'))
				lw += 1 + text_width(record_key(r, i, j));
			if (lw > w)
				w = lw;
		}
		for (size_t j = 0; j < record_key_count(r, i); j++) {
			const char *key = record_key(r, i, j), *v = record_value(r, i, j);
			const struct field_def *f = schema_field(t, sec, key);
			buf_reset(&label);
			buf_reset(&value);
			if (!f)
				buf_puts(&label, key);
			else if (strchr(f->key, '*'))
				buf_printf(&label, "%s·%s", schema_field_label(f), key);
			else
				buf_puts(&label, schema_field_label(f));
			human_value(&value, s, f, v);
			buf_puts(out, "  ");
			text_pad(out, label.ptr, w, 0);
			buf_puts(out, "  ");
			/* Lines after the first start under the first, not at the margin. */
			for (const char *p = value.ptr; *p; p++) {
				buf_putc(out, *p);
				if (*p == '\n' && p[1]) {
					buf_puts(out, "  ");
					text_pad(out, "", w, 0);
					buf_puts(out, "  ");
				}
			}
			buf_putc(out, '\n');
		}
	}
	buf_release(&id);
	buf_release(&label);
	buf_release(&value);
}

int cmd_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct record *r = NULL;
	const char *format = cli_opt(a, "--format");
	int human = format ? strcmp(format, "human") == 0 : isatty(STDOUT_FILENO);
	int rc;
	(void)cmd;
	/* Decode first: a record that does not read strictly is reported, never half-shown. */
	if ((rc = resolve_visible(c, cli_operand(a, 0), &path, &r)) == 0 && !human)
		rc = store_read_raw(&data, c->store, path.ptr, &c->err);
	if (rc == 0 && human)
		show_human(&data, c->store, schema_type_of_path(path.ptr), r);
	if (rc == 0)
		cli_print(stdout, data.ptr);
	record_free(r);
	buf_release(&path);
	buf_release(&data);
	return rc;
}

int cmd_get(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, sec = BUF_INIT, key = BUF_INIT;
	struct record *r = NULL;
	const char *field = cli_operand(a, 1);
	int rc;
	(void)cmd;
	if ((rc = resolve_visible(c, cli_operand(a, 0), &path, &r)))
		goto cleanup;
	const struct type_def *t = schema_type_of_path(path.ptr);
	const char *v = NULL;
	if (t && records_field_of(t, field, &sec, &key))
		v = record_get(r, sec.ptr, key.ptr);
	if (!v) {
		rc = err_set(&c->err, JY_ENOTFOUND, L("%s 没有字段 %s", "%s has no field %s"), path.ptr, field);
		goto cleanup;
	}
	cli_print(stdout, v);
	putchar('\n');
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&sec);
	buf_release(&key);
	return rc;
}

int cmd_edit(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, kept = BUF_INIT;
	struct record *r = NULL;
	struct actor *actor;
	int rc;
	(void)cmd;
	if ((rc = resolve_visible(c, cli_operand(a, 0), &path, &r)) || (rc = cli_actor(c, &actor)) ||
	    (rc = actor_can_write(actor, &c->err)))
		goto cleanup;
	if (cli_noperands(a) == 1) {
		rc = editor_edit_record(c->store, actor, path.ptr, &kept, &c->err);
		goto cleanup;
	}
	const struct type_def *t = schema_type_of_path(path.ptr);
	for (size_t i = 1; i < cli_noperands(a) && rc == 0; i++)
		rc = records_assign(r, t, cli_operand(a, i), &c->err);
	if (rc == 0)
		rc = records_update(c->store, actor, path.ptr, r, NULL, &c->err);
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&kept);
	return rc;
}

/* A school given by id or by name; JY_EINVAL when it names no school. */
static int school_arg(struct buf *out, struct cli *c, struct store *s, const char *school)
{
	int rc = records_ref(out, s, "school", school, &c->err);
	if (rc)
		err_hint(&c->err, "list-school", school);
	return rc;
}

/* What one listing prints, whichever way its rows come. */
struct listing {
	struct cli *c;
	const struct type_def *t;
	struct store *s;
	struct viewer *v;
	struct rows *rows;
	int tsv, labels;
	struct vec rubrics;
	struct cli_widths w;
	struct buf line;
	struct vec cells;           /* borrowed: from the rows, the memos below, path */
	const struct field_def **f; /* each list column's field */
	struct buf path;            /* the current row's path (tsv) */
	struct vec *labels_of;      /* each column's "value NUL label" pairs met so far (a handful of codes) */
	int *person;                /* each column names a person */
	int *coded;                 /* each column holds codes that have labels */
	const char **val;           /* each column's value in the current row (NULL: none) */
	size_t ncol;
	size_t *col;                /* each field's column in the last row (a guess; any number below ncol) */
	size_t nkeys;
	struct vec grades;          /* "grade[ US rubric US version] NUL code" met so far (US: 0x1F, never in a value) */
	struct buf key;
};

/* An observation's grade code (cli_grade_code_of), worked out once per grade of each rubric version. */
static const char *grade_code(struct listing *l, const char *grade, const char *rubric, const char *version)
{
	buf_reset(&l->key);
	buf_puts(&l->key, grade ? grade : "");
	if (rubric && version) /* without both, the grade is its own code */
		buf_printf(&l->key, "\x1f%s\x1f%s", rubric, version);
	for (size_t i = 0; i < l->grades.len; i++)
		if (strcmp(l->grades.items[i], l->key.ptr) == 0)
			return (const char *)l->grades.items[i] + l->key.len + 1;
	size_t at = l->key.len + 1;
	buf_putc(&l->key, '\0');
	cli_grade_code_of(&l->key, &l->rubrics, l->s, grade, rubric, version);
	char *pair = xmalloc(l->key.len + 1);
	memcpy(pair, l->key.ptr, l->key.len + 1);
	vec_push(&l->grades, pair);
	return pair + at;
}

/*
 * Each column's value in row, in one pass over its fields (rows_get per
 * column would pass once each), which stops once every column has its value:
 * the rows policy puts the list columns first. Rows of a type list their
 * fields in the same order, so field i first tries the column it was last time.
 */
static void row_values(struct listing *l, const struct rows_row *row)
{
	const char *const *keys = l->t->list_keys;
	size_t found = 0;
	if (row->nfields > l->nkeys) {
		l->col = xrealloc(l->col, row->nfields * sizeof(*l->col));
		for (size_t i = l->nkeys; i < row->nfields; i++)
			l->col[i] = 0;
		l->nkeys = row->nfields;
	}
	for (size_t k = 0; k < l->ncol; k++)
		l->val[k] = NULL;
	const char *p = row->fields;
	for (size_t i = 0; i < row->nfields && found < l->ncol; i++) {
		const char *v = p + strlen(p) + 1;
		size_t k = l->col[i];
		if (l->val[k] || strcmp(keys[k], p) != 0)
			for (k = 0; k < l->ncol && (l->val[k] || keys[k][0] != p[0] || strcmp(keys[k], p) != 0); k++)
				;
		if (k < l->ncol) {
			l->val[k] = v;
			l->col[i] = k;
			found++;
		}
		p = v + strlen(v) + 1;
	}
}

/* The label of a coded value (enum, set, yes/no) of column k, worked out once per distinct value. */
static const char *value_label(struct listing *l, size_t k, const char *val)
{
	struct vec *m = &l->labels_of[k];
	for (size_t i = 0; i < m->len; i++)
		if (strcmp(m->items[i], val) == 0)
			return (const char *)m->items[i] + strlen(val) + 1;
	struct buf pair = BUF_INIT;
	buf_add(&pair, val, strlen(val) + 1);
	schema_value_label(&pair, l->f[k], val);
	vec_push(m, buf_detach(&pair));
	return (const char *)m->items[m->len - 1] + strlen(val) + 1;
}

/* The cells `list` prints for one row of the index. */
static void row_cells(struct listing *l, const struct rows_row *row)
{
	const struct type_def *t = l->t;
	vec_clear(&l->cells);
	row_values(l, row);
	for (size_t k = 0; t->list_keys[k]; k++) {
		const char *val = l->val[k], *name;
		if (l->labels && val && l->person[k])
			vec_push(&l->cells, (void *)(*val && (name = rows_name(l->rows, "person", val)) ? name : val));
		else if (l->labels && l->coded[k])
			vec_push(&l->cells, (void *)value_label(l, k, val ? val : ""));
		else if (l->labels)
			vec_push(&l->cells, (void *)(val ? val : ""));
		else if (strcmp(t->name, "observation") == 0 && strcmp(t->list_keys[k], "grade") == 0)
			vec_push(&l->cells, (void *)grade_code(l, val, rows_get(row, "rubric"), rows_get(row, "rubric_version")));
		else
			vec_push(&l->cells, (void *)(val ? val : ""));
	}
	if (l->tsv) {
		buf_reset(&l->path);
		rows_path(&l->path, row);
		vec_push(&l->cells, l->path.ptr);
	}
}

/* One pass over the selected rows: measuring (table format) or printing. skipped counts undecodable files. */
static int listing_pass(struct listing *l, const struct rows_query *q, int print, size_t *skipped)
{
	struct rows_cursor *cur;
	struct rows_row row;
	int rc = rows_cursor_new(&cur, l->rows, q, &l->c->err);
	if (rc)
		return rc;
	while ((rc = rows_next(cur, &row)) == 1) {
		if (!row.decoded) {
			++*skipped;
			continue;
		}
		if (!search_row_visible(l->v, l->t, &row))
			continue;
		row_cells(l, &row);
		if (print)
			cli_table_row(stdout, &l->cells, &l->w, l->tsv, &l->line);
		else
			cli_table_measure(&l->w, &l->cells);
	}
	rows_cursor_free(cur);
	if (rc < 0)
		return err_set(&l->c->err, JY_EIO, "%s",
			       L("索引的一个目录既读不出也无法从 git 重建：仓库可能已损坏（jiaoyan check 查看）",
				 "a directory of the index can be neither read nor rebuilt from git: the repository may be "
				 "damaged (see jiaoyan check)"));
	return 0;
}

/* One directory's column widths (records.h's W and V tokens) into the table's. */
static int measure_dir(void *ctx, uint32_t dir, const char *agg, size_t len)
{
	struct listing *l = ctx;
	const char *p = agg, *end = agg + len;
	(void)dir;
	while (p < end) {
		const char *tag = p, *key, *val, *cell;
		size_t k = 0;
		if ((*tag != 'W' && *tag != 'V') || tag[1])
			break; /* the type's own tokens */
		key = tag + 2;
		if (key >= end || !(val = memchr(key, '\0', (size_t)(end - key))) || ++val >= end ||
		    !memchr(val, '\0', (size_t)(end - val)))
			return -1;
		p = val + strlen(val) + 1;
		while (k < l->ncol && strcmp(l->t->list_keys[k], key) != 0)
			k++;
		if (k == l->ncol)
			return -1; /* a column the list does not have: not this list's widths */
		if (*tag == 'W') {
			long w = strtol(val, NULL, 10);
			if (w > l->w.width[k])
				l->w.width[k] = (int)w;
			continue;
		}
		if (l->person[k])
			cell = *val && (cell = rows_name(l->rows, "person", val)) ? cell : val;
		else
			cell = value_label(l, k, val);
		int cw = text_width(cell);
		if (cw > 40)
			cw = 40;
		if (cw > l->w.width[k])
			l->w.width[k] = cw;
	}
	return 0;
}

/*
 * A table's column widths from the index's per-directory widths, instead of
 * a first pass over every row: 0, or -1 (widths as they were) when a
 * directory has none for this list.
 */
static int measure_sums(struct listing *l, const struct rows_query *q)
{
	int *keep = xmalloc((l->w.ncol + 1) * sizeof(int));
	memcpy(keep, l->w.width, l->w.ncol * sizeof(int));
	if (!*l->t->dir || l->w.ncol < l->ncol || rows_each_aggregate(l->rows, q, measure_dir, l) != 0) {
		memcpy(l->w.width, keep, l->w.ncol * sizeof(int));
		free(keep);
		return -1;
	}
	free(keep);
	return 0;
}

/*
 * `list` from the ready-to-show index, newest first, streamed: a table
 * takes its column widths from the index's per-directory widths when every
 * row is shown (else it measures them in a first pass over the rows) and
 * prints in a pass, so memory does not grow with the number of records.
 */
static int list_streamed(struct cli *c, const struct type_def *t, struct store *s, struct viewer *v,
			 const struct rows_query *q, struct vec *head, int tsv, int labels)
{
	struct listing l = { c, t, s, v, NULL, tsv, labels, VEC_INIT(free_record), { NULL, 0 }, BUF_INIT, VEC_INIT(NULL),
			     NULL, BUF_INIT, NULL, NULL, NULL, NULL, 0, NULL, 0, VEC_INIT(free), BUF_INIT };
	size_t skipped = 0, ncol = 0;
	while (t->list_keys[ncol])
		ncol++;
	l.f = xcalloc(ncol + 1, sizeof(*l.f));
	l.labels_of = xcalloc(ncol + 1, sizeof(*l.labels_of));
	l.person = xcalloc(ncol + 1, sizeof(*l.person));
	l.coded = xcalloc(ncol + 1, sizeof(*l.coded));
	l.val = xcalloc(ncol + 1, sizeof(*l.val));
	l.ncol = ncol;
	for (size_t k = 0; k <= ncol; k++)
		vec_init(&l.labels_of[k], free);
	for (size_t k = 0; k < ncol; k++) {
		l.f[k] = schema_field(t, t->main, t->list_keys[k]);
		l.person[k] = l.f[k] && l.f[k]->type == FT_REF && strcmp(l.f[k]->ref, "person") == 0;
		/* as schema_value_label decides: anything else is shown as it is stored */
		l.coded[k] = records_column_by_value(l.f[k]) && !l.person[k];
	}
	int rc = rows_open(&l.rows, s, &c->err);
	if (rc)
		goto cleanup;
	if (!tsv) {
		cli_table_measure(&l.w, head);
		if ((!labels || !search_all_visible(v, t) || measure_sums(&l, q) != 0) &&
		    (rc = listing_pass(&l, q, 0, &skipped)))
			goto cleanup;
	}
	cli_table_row(stdout, head, &l.w, tsv, &l.line);
	skipped = 0;
	if ((rc = listing_pass(&l, q, 1, &skipped)))
		goto cleanup;
	if (skipped)
		fprintf(stderr, L("jiaoyan: 有 %zu 条记录无法读取，已跳过（运行 jiaoyan check 查看）\n",
				  "jiaoyan: %zu records could not be read and were skipped (run jiaoyan check)\n"),
			skipped);
cleanup:
	rows_free(l.rows);
	vec_free(&l.rubrics);
	vec_free(&l.cells);
	buf_release(&l.line);
	free(l.w.width);
	for (size_t k = 0; k <= ncol; k++)
		vec_free(&l.labels_of[k]);
	buf_release(&l.path);
	free(l.labels_of);
	free(l.person);
	free(l.coded);
	free(l.val);
	free(l.col);
	vec_free(&l.grades);
	buf_release(&l.key);
	free(l.f);
	return rc;
}

int cmd_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const struct type_def *t;
	struct store_query q = { 0 };
	struct vec where = VEC_INIT(free), items = VEC_INIT(store_item_free), rows = VEC_INIT(cli_row_free),
		   rubrics = VEC_INIT(free_record);
	struct order ord;
	struct buf school = BUF_INIT;
	struct viewer *v = NULL;
	struct store *s;
	struct actor *actor;
	int tsv = cli_tsv(a), labels = !tsv || cli_labels(a), rc;
	size_t skipped = 0, hidden = 0;
	if ((rc = need_type(c, cmd->name, cli_operand(a, 0), &t)))
		return rc;
	if ((rc = order_parse(&ord, t, cli_opt(a, "--sort"), &c->err)))
		goto cleanup;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)) || (rc = viewer_new(&v, s, actor, &c->err)))
		goto cleanup;
	q.type = t->name;
	q.term = cli_opt(a, "--term");
	q.specialty = cli_opt(a, "--specialty");
	if (q.term && !id_term_valid(q.term)) {
		rc = err_set(&c->err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N（如 2026-2027-1）",
						   "term \"%s\" is invalid: it is YYYY-YYYY-N (e.g. 2026-2027-1)"),
			     q.term);
		goto cleanup;
	}
	if (cli_opt(a, "--school")) {
		if ((rc = school_arg(&school, c, s, cli_opt(a, "--school"))))
			goto cleanup;
		q.school = school.ptr;
	}
	const struct vec *filters = cli_opt_all(a, "--where");
	struct rows_query rq = { t, q.term, q.school, q.specialty, 0 };
	if (ord.how == ORDER_NEWEST && !filters->len && rows_query_ok(&rq)) {
		struct vec *head = cli_row_new();
		for (size_t k = 0; t->list_keys[k]; k++) {
			const struct field_def *f = schema_field(t, t->main, t->list_keys[k]);
			vec_push_str(head, (tsv && !cli_labels(a)) || !f ? t->list_keys[k] : schema_field_label(f));
		}
		if (tsv)
			vec_push_str(head, "path");
		rc = list_streamed(c, t, s, v, &rq, head, tsv, labels);
		cli_row_free(head);
		goto cleanup;
	}
	for (size_t i = 0; i < filters->len; i++)
		if ((rc = records_where(&where, s, t, filters->items[i], &c->err)))
			goto cleanup;
	vec_push(&where, NULL);
	q.where = (const char *const *)where.items;
	rc = store_list(&items, s, &q, &skipped, &c->err);
	where.len--;
	if (rc)
		goto cleanup;
	order_items(&items, &ord);
	struct vec *head = cli_row_new();
	for (size_t k = 0; t->list_keys[k]; k++) {
		const struct field_def *f = schema_field(t, t->main, t->list_keys[k]);
		vec_push_str(head, (tsv && !cli_labels(a)) || !f ? t->list_keys[k] : schema_field_label(f));
	}
	if (tsv)
		vec_push_str(head, "path");
	vec_push(&rows, head);
	for (size_t n = 0; n < items.len; n++) {
		const struct store_item *it = items.items[n];
		if (!viewer_sees(v, t, it->rec)) {
			hidden++;
			continue;
		}
		struct vec *row = cli_row_new();
		for (size_t k = 0; t->list_keys[k]; k++) {
			const char *val = record_get(it->rec, t->main, t->list_keys[k]);
			const struct field_def *f = schema_field(t, t->main, t->list_keys[k]);
			struct buf cell = BUF_INIT;
			if (labels && val && f && f->type == FT_REF && strcmp(f->ref, "person") == 0)
				roster_name(&cell, s, val);
			else if (labels)
				schema_value_label(&cell, f, val ? val : "");
			else if (strcmp(t->name, "observation") == 0 && strcmp(t->list_keys[k], "grade") == 0)
				cli_grade_code(&cell, &rubrics, s, it->rec);
			else
				buf_puts(&cell, val ? val : "");
			vec_push(row, buf_detach(&cell));
		}
		if (tsv)
			vec_push_str(row, it->path);
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, tsv);
	if (skipped)
		fprintf(stderr, L("jiaoyan: 有 %zu 条记录无法读取，已跳过（运行 jiaoyan check 查看）\n",
				  "jiaoyan: %zu records could not be read and were skipped (run jiaoyan check)\n"),
			skipped);
cleanup:
	viewer_free(v);
	vec_free(&where);
	vec_free(&items);
	vec_free(&rows);
	vec_free(&rubrics);
	buf_release(&school);
	return rc;
}

int cmd_search(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct search_query q = { cli_operand(a, 0), NULL, cli_opt(a, "--term"), NULL };
	struct vec hits = VEC_INIT(search_hit_free), row_ = VEC_INIT(NULL), *row = &row_; /* borrowed cells */
	struct cli_widths w = { NULL, 0 };
	struct buf school = BUF_INIT, line = BUF_INIT;
	struct viewer *v = NULL;
	struct store *s;
	struct actor *actor;
	int tsv = cli_tsv(a), rc;
	if (cli_opt(a, "--type") && (rc = need_type(c, cmd->name, cli_opt(a, "--type"), &q.type)))
		goto cleanup;
	if (q.term && !id_term_valid(q.term)) {
		rc = err_set(&c->err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N（如 2026-2027-1）",
						   "term \"%s\" is invalid: it is YYYY-YYYY-N (e.g. 2026-2027-1)"),
			     q.term);
		goto cleanup;
	}
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)) || (rc = viewer_new(&v, s, actor, &c->err)))
		goto cleanup;
	if (cli_opt(a, "--school")) {
		if ((rc = school_arg(&school, c, s, cli_opt(a, "--school"))))
			goto cleanup;
		q.school = school.ptr;
	}
	if ((rc = search_run(&hits, s, v, &q, &c->err)))
		goto cleanup;
	/* Two passes over the hits as over a listing's rows: the table is measured, then printed. */
	for (int print = tsv; print < 2; print++)
		for (size_t i = 0; i <= hits.len; i++) {
			const struct search_hit *h = i ? hits.items[i - 1] : NULL;
			vec_clear(row);
			vec_push(row, (void *)(!h ? (tsv ? "type" : L("类型", "type")) : tsv ? h->type->name : schema_type_label(h->type)));
			vec_push(row, (void *)(!h ? (tsv ? "id" : L("编号", "id")) : h->id));
			vec_push(row, (void *)(!h ? (tsv ? "field" : L("字段", "field")) : tsv ? h->key : h->field));
			vec_push(row, (void *)(!h ? (tsv ? "snippet" : L("内容", "snippet")) : h->snippet));
			if (tsv)
				vec_push(row, (void *)(!h ? "path" : h->path));
			if (print)
				cli_table_row(stdout, row, &w, tsv, &line);
			else
				cli_table_measure(&w, row);
		}
cleanup:
	viewer_free(v);
	vec_free(&hits);
	vec_free(row);
	buf_release(&school);
	buf_release(&line);
	free(w.width);
	return rc;
}

int cmd_history(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT;
	struct vec hist = VEC_INIT(store_commit_free), rows = VEC_INIT(cli_row_free);
	int rc;
	(void)cmd;
	if ((rc = resolve_visible(c, cli_operand(a, 0), &path, NULL)) || (rc = store_history(&hist, c->store, path.ptr, &c->err)))
		goto cleanup;
	for (size_t i = 0; i < hist.len; i++) {
		const struct store_commit *cm = hist.items[i];
		struct vec *row = cli_row_new();
		char when[17];
		id_datetime(when, cm->when);
		vec_push(row, xstrndup(cm->oid, 8));
		vec_push_str(row, when);
		vec_push_str(row, cm->author);
		const char *nl = strchr(cm->message, '\n');
		vec_push(row, nl ? xstrndup(cm->message, (size_t)(nl - cm->message)) : xstrdup(cm->message));
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, 0);
cleanup:
	buf_release(&path);
	vec_free(&hist);
	vec_free(&rows);
	return rc;
}

int cmd_check(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct vec problems = VEC_INIT(free);
	struct store *s;
	size_t count = 0;
	int rc;
	(void)cmd, (void)a;
	if ((rc = cli_store(c, &s)) || (rc = store_count(&count, s, "", &c->err)))
		return rc;
	records_check_all(s, &problems, &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		cli_print(stdout, problems.items[i]);
		putchar('\n');
	}
	size_t legacy = 0;
	if (migrate_count_legacy(&legacy, s, NULL) == 0 && legacy)
		printf(L("%zu 条记录仍在旧目录布局中（不分月份）：请管理员运行 jiaoyan migrate\n",
			 "%zu records are still in the legacy layout (no month directory): an admin runs jiaoyan migrate\n"),
		       legacy);
	if (problems.len)
		rc = err_set(&c->err, JY_EINVAL, L("%zu 个问题", "%zu problems"), problems.len);
	else
		printf(L("%zu 条记录，全部通过校验\n", "%zu records, all valid\n"), count);
	vec_free(&problems);
	return rc;
}

int cmd_migrate(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct migrate_result res;
	struct store *s;
	struct actor *actor;
	int dry = cli_flag(a, "--dry-run"), rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)))
		return rc;
	migrate_result_init(&res);
	if ((rc = migrate_run(&res, s, actor, dry, &c->err)))
		goto cleanup;
	for (size_t i = 0; i < res.pairs.len; i++) {
		const char *p = res.pairs.items[i], *sp = strchr(p, ' ');
		struct buf line = BUF_INIT;
		buf_printf(&line, L("%.*s 与 %s 是同一条记录：%s", "%.*s and %s are one record: %s"), (int)(sp - p), p, sp + 1,
			   dry ? L("将逐项合并到新路径", "would be merged key by key at the new path")
			       : L("已逐项合并到新路径，不同的值见 jiaoyan list conflict", "merged key by key at the new path; differing values: jiaoyan list conflict"));
		cli_print(stdout, line.ptr);
		putchar('\n');
		buf_release(&line);
	}
	for (size_t i = 0; i < res.left.len; i++) {
		cli_print(stderr, res.left.items[i]);
		fprintf(stderr, L("（未移动）\n", " (not moved)\n"));
	}
	if (dry)
		printf(L("将移动 %zu 条记录，合并 %zu 条（未写入）\n", "would move %zu records and merge %zu (nothing written)\n"),
		       res.moved, res.merged);
	else if (!res.commit[0])
		printf("%s\n", L("没有旧目录布局的记录，无需迁移", "no record in the legacy layout: nothing to do"));
	else
		printf(L("已移动 %zu 条记录，合并 %zu 条，冲突记录 %zu 条；提交 %.12s\n",
			 "moved %zu records, merged %zu, %zu conflict records; commit %.12s\n"),
		       res.moved, res.merged, res.conflicts, res.commit);
	if (res.left.len)
		rc = err_set(&c->err, JY_EINVAL, L("%zu 个文件无法迁移（见上）", "%zu files could not be migrated (see above)"),
			     res.left.len);
cleanup:
	migrate_result_release(&res);
	return rc;
}

int cmd_gc(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	(void)cmd, (void)a;
	int rc = cli_store(c, &s);
	return rc ? rc : store_gc(s, &c->err);
}

int cmd_deactivate(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	const char *id = cli_operand(a, 0);
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)) ||
	    (rc = roster_deactivate(s, actor, id, cli_opt(a, "--date"), &c->err)))
		return rc;
	struct buf name = BUF_INIT;
	roster_name(&name, s, id);
	cli_print(stdout, name.ptr);
	printf(L("（%s）已登记离开；其记录保留\n", " (%s) is marked as having left; their records stay\n"), id);
	buf_release(&name);
	return 0;
}
