/* cmd_records: the generic record commands — init, add, show, edit, list, get, history, check, gc. */
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
#include "jiaoyan/records.h"
#include "jiaoyan/text.h"

struct vec *cli_row_new(void)
{
	struct vec *v = xmalloc(sizeof(*v));
	vec_init(v, free);
	return v;
}

void cli_row_free(void *row)
{
	if (row) {
		vec_free(row);
		free(row);
	}
}

static void tsv_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

void cli_table(FILE *f, const struct vec *rows, int tsv)
{
	size_t ncol = 0;
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		if (row->len > ncol)
			ncol = row->len;
	}
	int *width = xcalloc(ncol ? ncol : 1, sizeof(int));
	if (!tsv)
		for (size_t r = 0; r < rows->len; r++) {
			const struct vec *row = rows->items[r];
			for (size_t k = 0; k < row->len; k++) {
				int w = text_width(row->items[k]);
				/* A very long cell (a comment) should not push every column off screen. */
				if (w > 40)
					w = 40;
				if (w > width[k])
					width[k] = w;
			}
		}
	struct buf line = BUF_INIT;
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		buf_reset(&line);
		for (size_t k = 0; k < row->len; k++) {
			if (tsv) {
				if (k)
					fputc('\t', f);
				tsv_cell(f, row->items[k]);
				continue;
			}
			if (k)
				buf_puts(&line, "  ");
			if (k + 1 == row->len)
				text_clip(&line, row->items[k], 40);
			else
				text_pad(&line, row->items[k], width[k], 0);
		}
		if (!tsv) {
			while (line.len && line.ptr[line.len - 1] == ' ')
				buf_truncate(&line, line.len - 1);
			fputs(line.ptr, f);
		}
		fputc('\n', f);
	}
	buf_release(&line);
	free(width);
}

int cli_format_opt(struct cli *c, const char *cmd, int argc, char **argv, int *i, int *tsv)
{
	const char *v = NULL;
	if (strcmp(argv[*i], "--format") == 0) {
		if (*i + 1 >= argc)
			return cli_usage_error(c, cmd, L("--format 缺少参数", "--format needs a value")), -1;
		v = argv[++*i];
	} else if (strncmp(argv[*i], "--format=", 9) == 0) {
		v = argv[*i] + 9;
	} else {
		return 0;
	}
	if (strcmp(v, "tsv") == 0)
		*tsv = 1;
	else if (strcmp(v, "table") == 0)
		*tsv = 0;
	else
		return cli_usage_error(c, cmd, L("--format 只能是 table 或 tsv", "--format is table or tsv")), -1;
	return 1;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	int demo = 0, shared = 0;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0)
			demo = 1;
		else if (strcmp(argv[i], "--shared") == 0)
			shared = 1;
		else if (argv[i][0] == '-' || path)
			return cli_usage_error(c, "init", L("无法理解参数「%s」", "unexpected argument \"%s\""), argv[i]);
		else
			path = argv[i];
	}
	if (path) {
		free(c->repo_path);
		c->repo_path = xstrdup(path);
	}
	if (shared)
		umask(002);
	int rc = store_init(&c->store, c->repo_path, shared, &c->err);
	if (rc)
		return rc;
	if (demo) {
		rc = demo_populate(c->store, id_now(), &c->err);
		if (rc)
			return rc;
	}
	printf(L("已创建数据仓库 %s%s\n", "created data repository %s%s\n"), c->repo_path,
	       demo ? L("（含演示数据）", " (with the demo group)") : "");
	return 0;
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

int cmd_add(struct cli *c, int argc, char **argv)
{
	const struct type_def *t;
	struct record *r = NULL;
	struct buf data = BUF_INIT, id = BUF_INIT;
	struct store *s;
	struct actor *a;
	int rc;
	if (argc < 2)
		return cli_usage_error(c, "add", L("缺少记录类型", "missing the record type"));
	if ((rc = need_type(c, "add", argv[1], &t)))
		return rc;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--file") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(c, "add", L("--file 缺少文件名", "--file needs a file"));
			if (r) {
				rc = cli_usage_error(c, "add", L("--file 只能给一次", "--file may be given once"));
				goto cleanup;
			}
			buf_reset(&data);
			if ((rc = editor_read_file(&data, argv[++i], &c->err)) ||
			    (rc = codec_decode(&r, data.ptr, data.len, &c->err))) {
				err_prefix(&c->err, "%s", argv[i]);
				goto cleanup;
			}
		}
	}
	if (!r)
		r = record_new();
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--file") == 0) {
			i++;
			continue;
		}
		if ((rc = records_assign(r, t, argv[i], &c->err)))
			goto cleanup;
	}
	if ((rc = cli_actor(c, &a)) || (rc = cli_store(c, &s)))
		goto cleanup;
	rc = records_add(&id, s, a, t, r, &c->err);
	if (rc == 0)
		printf("%s\n", id.ptr);
cleanup:
	record_free(r);
	buf_release(&data);
	buf_release(&id);
	return rc;
}

static int resolve(struct cli *c, const char *spec, struct buf *path)
{
	struct store *s;
	int rc = cli_store(c, &s);
	return rc ? rc : store_resolve(path, s, spec, &c->err);
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct record *r = NULL;
	int rc;
	if (argc != 2)
		return cli_usage_error(c, "show", L("需要一个 ID", "needs one ID"));
	/* Decode first: a record that does not read strictly is reported, never half-shown. */
	if ((rc = resolve(c, argv[1], &path)) == 0 && (rc = store_read(&r, c->store, path.ptr, &c->err)) == 0)
		rc = store_read_raw(&data, c->store, path.ptr, &c->err);
	if (rc == 0)
		cli_print(stdout, data.ptr);
	record_free(r);
	buf_release(&path);
	buf_release(&data);
	return rc;
}

int cmd_get(struct cli *c, int argc, char **argv)
{
	struct buf path = BUF_INIT, sec = BUF_INIT, key = BUF_INIT;
	struct record *r = NULL;
	int rc;
	if (argc != 3)
		return cli_usage_error(c, "get", L("需要 ID 和 KEY", "needs ID and KEY"));
	if ((rc = resolve(c, argv[1], &path)) || (rc = store_read(&r, c->store, path.ptr, &c->err)))
		goto cleanup;
	const struct type_def *t = schema_type_of_path(path.ptr);
	const char *v = NULL;
	if (t && records_field_of(t, argv[2], &sec, &key))
		v = record_get(r, sec.ptr, key.ptr);
	if (!v) {
		rc = err_set(&c->err, JY_ENOTFOUND, L("%s 没有字段 %s", "%s has no field %s"), path.ptr, argv[2]);
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

int cmd_edit(struct cli *c, int argc, char **argv)
{
	struct buf path = BUF_INIT, kept = BUF_INIT;
	struct record *r = NULL;
	struct actor *a;
	int rc;
	if (argc < 2)
		return cli_usage_error(c, "edit", L("需要一个 ID", "needs an ID"));
	if ((rc = resolve(c, argv[1], &path)) || (rc = cli_actor(c, &a)) || (rc = actor_can_write(a, &c->err)))
		goto cleanup;
	if (argc == 2) {
		rc = editor_edit_record(c->store, a, path.ptr, &kept, &c->err);
		goto cleanup;
	}
	const struct type_def *t = schema_type_of_path(path.ptr);
	if ((rc = store_read(&r, c->store, path.ptr, &c->err)))
		goto cleanup;
	for (int i = 2; i < argc && rc == 0; i++)
		rc = records_assign(r, t, argv[i], &c->err);
	if (rc == 0)
		rc = records_update(c->store, a, path.ptr, r, NULL, &c->err);
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&kept);
	return rc;
}

int cmd_list(struct cli *c, int argc, char **argv)
{
	const struct type_def *t;
	struct store_query q = { 0 };
	struct vec where = VEC_INIT(NULL), items = VEC_INIT(store_item_free), rows = VEC_INIT(cli_row_free);
	struct store *s;
	int tsv = 0, rc;
	size_t skipped = 0;
	if (argc < 2)
		return cli_usage_error(c, "list", L("缺少记录类型", "missing the record type"));
	if ((rc = need_type(c, "list", argv[1], &t)))
		return rc;
	q.type = t->name;
	for (int i = 2; i < argc; i++) {
		const char **slot = NULL;
		int f = cli_format_opt(c, "list", argc, argv, &i, &tsv);
		if (f < 0) {
			rc = JY_EUSAGE;
			goto cleanup;
		}
		if (f)
			continue;
		if (strcmp(argv[i], "--term") == 0)
			slot = &q.term;
		else if (strcmp(argv[i], "--school") == 0)
			slot = &q.school;
		else if (strcmp(argv[i], "--specialty") == 0)
			slot = &q.specialty;
		else if (strcmp(argv[i], "--where") == 0) {
			if (i + 1 >= argc || !strchr(argv[i + 1], '=')) {
				rc = cli_usage_error(c, "list", L("--where 需要 KEY=VALUE", "--where needs KEY=VALUE"));
				goto cleanup;
			}
			vec_push(&where, argv[++i]);
			continue;
		} else {
			rc = cli_usage_error(c, "list", L("无法理解参数「%s」", "unexpected argument \"%s\""), argv[i]);
			goto cleanup;
		}
		if (i + 1 >= argc) {
			rc = cli_usage_error(c, "list", L("%s 缺少参数", "%s needs a value"), argv[i]);
			goto cleanup;
		}
		*slot = argv[++i];
	}
	vec_push(&where, NULL);
	q.where = (const char *const *)where.items;
	if ((rc = cli_store(c, &s)) || (rc = store_list(&items, s, &q, &skipped, &c->err)))
		goto cleanup;
	struct vec *head = cli_row_new();
	for (size_t k = 0; t->list_keys[k]; k++) {
		const struct field_def *f = schema_field(t, t->main, t->list_keys[k]);
		vec_push_str(head, tsv || !f ? t->list_keys[k] : schema_field_label(f));
	}
	if (tsv)
		vec_push_str(head, "path");
	vec_push(&rows, head);
	for (size_t n = 0; n < items.len; n++) {
		const struct store_item *it = items.items[n];
		struct vec *row = cli_row_new();
		for (size_t k = 0; t->list_keys[k]; k++) {
			const char *v = record_get(it->rec, t->main, t->list_keys[k]);
			const struct field_def *f = schema_field(t, t->main, t->list_keys[k]);
			struct buf cell = BUF_INIT;
			if (!tsv && v && f && f->type == FT_REF && strcmp(f->ref, "person") == 0)
				roster_name(&cell, s, v);
			else if (!tsv)
				schema_value_label(&cell, f, v ? v : "");
			else
				buf_puts(&cell, v ? v : "");
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
	vec_free(&where);
	vec_free(&items);
	vec_free(&rows);
	return rc;
}

int cmd_history(struct cli *c, int argc, char **argv)
{
	struct buf path = BUF_INIT;
	struct vec hist = VEC_INIT(store_commit_free), rows = VEC_INIT(cli_row_free);
	int rc;
	if (argc != 2)
		return cli_usage_error(c, "history", L("需要一个 ID", "needs one ID"));
	if ((rc = resolve(c, argv[1], &path)) || (rc = store_history(&hist, c->store, path.ptr, &c->err)))
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

int cmd_check(struct cli *c, int argc, char **argv)
{
	struct vec problems = VEC_INIT(free);
	struct store *s;
	size_t count = 0;
	int rc;
	(void)argv;
	if (argc != 1)
		return cli_usage_error(c, "check", L("不需要参数", "takes no arguments"));
	if ((rc = cli_store(c, &s)) || (rc = store_count(&count, s, "", &c->err)))
		return rc;
	records_check_all(s, &problems, &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		cli_print(stdout, problems.items[i]);
		putchar('\n');
	}
	if (problems.len)
		rc = err_set(&c->err, JY_EINVAL, L("%zu 个问题", "%zu problems"), problems.len);
	else
		printf(L("%zu 条记录，全部通过校验\n", "%zu records, all valid\n"), count);
	vec_free(&problems);
	return rc;
}

int cmd_gc(struct cli *c, int argc, char **argv)
{
	struct store *s;
	(void)argv;
	if (argc != 1)
		return cli_usage_error(c, "gc", L("不需要参数", "takes no arguments"));
	int rc = cli_store(c, &s);
	return rc ? rc : store_gc(s, &c->err);
}
