/* cmd_bank: `jiaoyan bank` — the joint-exam question bank on the command line, over domain/bank and domain/question. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/bank.h"
#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/records.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/text.h"

static int need_actor(struct cli *c, struct store **s, struct actor **a)
{
	int rc = cli_store(c, s);
	return rc ? rc : cli_actor(c, a);
}

static void say_problems(const struct vec *lines, const char *prefix)
{
	for (size_t i = 0; i < lines->len; i++) {
		fputs(prefix, stderr);
		cli_print(stderr, lines->items[i]);
		fputc('\n', stderr);
	}
}

static void label(struct buf *out, const struct field_def *f, const char *v)
{
	if (v)
		schema_value_label(out, f, v);
}

static const struct field_def *qfield(const char *key)
{
	return schema_field(schema_type("question"), "question", key);
}

/* A stored enum value from what was typed (label, alias or value); JY_EUSAGE listing the values otherwise. */
static int enum_opt(struct cli *c, const struct cli_cmd *cmd, const char *opt, const char *key, const char *in,
		    struct buf *out)
{
	const struct field_def *f = qfield(key);
	struct record *tmp = record_new();
	const char *v = NULL;
	int rc = 0;
	if (!in)
		goto cleanup;
	if (strcmp(key, "state") != 0 && question_cell(tmp, key, in, NULL) == 0)
		v = record_get(tmp, "question", key);
	if (v)
		buf_set(out, v);
	else if ((v = schema_enum_parse(f, in)))
		buf_add(out, v, schema_enum_len(v));
	if (!out->len) {
		struct buf values = BUF_INIT;
		for (const char *p = L(f->values_zh, f->values_en); *p; p++)
			if (*p == '|')
				buf_puts(&values, L("、", ", "));
			else
				buf_putc(&values, *p);
		rc = cli_usage_error(c, cmd->name, L("%s：「%s」不是可选的值（%s）", "%s: \"%s\" is not one of %s"), opt, in, values.ptr);
		buf_release(&values);
	}
cleanup:
	record_free(tmp);
	return rc;
}

int cmd_bank_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct vec items = VEC_INIT(store_item_free), rows = VEC_INIT(cli_row_free);
	struct buf type = BUF_INIT, state = BUF_INIT, level = BUF_INIT, cell = BUF_INIT;
	struct bank_course course = { 0 };
	struct bank_filter f = { 0 };
	struct store *s;
	int tsv = cli_tsv(a), rc;
	if ((rc = cli_store(c, &s)))
		goto cleanup;
	if ((rc = enum_opt(c, cmd, "--type", "type", cli_opt(a, "--type"), &type)) ||
	    (rc = enum_opt(c, cmd, "--state", "state", cli_opt(a, "--state"), &state)) ||
	    (rc = enum_opt(c, cmd, "--level", "level", cli_opt(a, "--level"), &level)))
		goto cleanup;
	if (cli_opt(a, "--course")) {
		if ((rc = bank_course(&course, s, cli_opt(a, "--course"), &c->err)))
			goto cleanup;
		f.specialty = course.specialty;
		f.course = course.code;
	}
	if (cli_opt(a, "--specialty"))
		f.specialty = cli_opt(a, "--specialty");
	if (cli_opt(a, "--difficulty")) {
		const char *d = cli_opt(a, "--difficulty");
		if (strlen(d) != 1 || d[0] < '1' || d[0] > '5') {
			rc = cli_usage_error(c, cmd->name, L("--difficulty 为 1 到 5", "--difficulty is 1 to 5"));
			goto cleanup;
		}
		f.difficulty = d[0] - '0';
	}
	f.chapter = cli_opt(a, "--chapter");
	f.type = type.len ? type.ptr : NULL;
	f.state = state.len ? state.ptr : NULL;
	f.level = level.len ? level.ptr : NULL;
	f.text = cli_opt(a, "--text");
	if ((rc = bank_list(&items, s, &f, &c->err)))
		goto cleanup;
	struct vec *head = cli_row_new();
	static const char *const keys[] = { "id", "course", "version", "type", "difficulty", "level", "chapter", "point", "state" };
	static const char *const zh[] = { "编号", "课程", "版本", "题型", "难度", "认知层次", "章节", "知识点/题干", "状态" };
	static const char *const en[] = { "id", "course", "version", "type", "difficulty", "level", "chapter", "point/stem", "state" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		vec_push_str(head, tsv ? keys[i] : L(zh[i], en[i]));
	if (tsv)
		vec_push_str(head, "stem");
	vec_push(&rows, head);
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		const struct record *q = it->rec;
		struct vec *row = cli_row_new();
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *v = record_get(q, "question", keys[k]);
			buf_reset(&cell);
			if (strcmp(keys[k], "point") == 0 && !tsv)
				question_label(&cell, q);
			else if (!tsv && (strcmp(keys[k], "type") == 0 || strcmp(keys[k], "level") == 0 || strcmp(keys[k], "state") == 0))
				label(&cell, qfield(keys[k]), v);
			else if (v)
				buf_puts(&cell, v);
			vec_push_str(row, cell.ptr);
		}
		if (tsv)
			vec_push_str(row, record_get(q, "question", "stem") ? record_get(q, "question", "stem") : "");
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	bank_course_release(&course);
	vec_free(&items);
	vec_free(&rows);
	buf_release(&type);
	buf_release(&state);
	buf_release(&level);
	buf_release(&cell);
	return rc;
}

int cmd_bank_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct record *q = NULL;
	struct vec lines = VEC_INIT(question_line_free);
	struct buf out = BUF_INIT, b = BUF_INIT;
	struct bank_usage use;
	struct store *s;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = bank_load(&q, NULL, s, cli_operand(a, 0), &c->err)))
		goto cleanup;
	const char *v;
	buf_printf(&out, "%s  ", record_get(q, "question", "id"));
	label(&out, qfield("type"), record_get(q, "question", "type"));
	buf_printf(&out, L("  难度 %s", "  difficulty %s"), record_get(q, "question", "difficulty"));
	if ((v = record_get(q, "question", "level"))) {
		buf_puts(&out, "  ");
		label(&out, qfield("level"), v);
	}
	buf_printf(&out, L("  %s 分  第 %s 版  ", "  %s points  version %s  "), record_get(q, "question", "points"),
		   record_get(q, "question", "version"));
	label(&out, qfield("state"), record_get(q, "question", "state"));
	buf_putc(&out, '\n');
	const char *ch = record_get(q, "question", "chapter"), *pt = record_get(q, "question", "point");
	buf_printf(&out, L("课程：%s  章节：%s  知识点：%s\n", "course: %s  chapter: %s  point: %s\n"), record_get(q, "question", "course"),
		   ch ? ch : "—", pt ? pt : "—");
	roster_name(&b, s, record_get(q, "question", "author"));
	buf_printf(&out, L("命题人：%s（", "author: %s ("), b.ptr);
	records_name(&out, s, "school", record_get(q, "question", "school"));
	buf_puts(&out, L("）\n\n", ")\n\n"));
	question_render(&lines, q, 1);
	for (size_t i = 0; i < lines.len; i++) {
		const struct question_line *l = lines.items[i];
		buf_printf(&out, "%s%s\n", l->kind == QL_OPTION_RIGHT ? "✔ " : l->kind == QL_OPTION ? "  " : "", l->text);
	}
	for (size_t n = 1;; n++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "review.%zu", n);
		if (!record_has_section(q, sec))
			break;
		if (n == 1)
			buf_puts(&out, L("\n审核记录：\n", "\nreviews:\n"));
		buf_reset(&b);
		roster_name(&b, s, record_get(q, sec, "reviewer"));
		buf_printf(&out, "  %s  %s  ", record_get(q, sec, "at") ? record_get(q, sec, "at") : "", b.ptr);
		schema_value_label(&out, schema_field(schema_type("question"), sec, "verdict"), record_get(q, sec, "verdict"));
		buf_printf(&out, L("（第 %s 版）", " (version %s)"), record_get(q, sec, "version") ? record_get(q, sec, "version") : "?");
		if ((v = record_get(q, sec, "comment")))
			buf_printf(&out, "：%s", v);
		buf_putc(&out, '\n');
	}
	if ((v = record_get(q, "question", "previous")))
		buf_printf(&out, L("上一版本：%s\n", "previous version: %s\n"), v);
	if ((v = record_get(q, "question", "superseded_by")))
		buf_printf(&out, L("已被 %s 替代\n", "superseded by %s\n"), v);
	if ((v = record_get(q, "question", "similar")))
		buf_printf(&out, L("相似题（已确认不重复）：%s\n", "similar items (confirmed different): %s\n"), v);
	if (bank_usage(&use, s, record_get(q, "question", "id"), NULL) == 0) {
		buf_puts(&out, L("使用情况：", "usage: "));
		if (!use.uses.len)
			buf_puts(&out, L("—（还没有用在已启封的试卷中）", "— (in no released paper yet)"));
		else
			buf_printf(&out, L("%zu 份已启封的试卷，其中 %zu 份有成绩", "%zu released papers, %zu with scores"), use.uses.len,
				   use.sittings);
		if (use.has_stats) {
			buf_puts(&out, L("；按人数加权 P ", "; weighted by students P "));
			itemstats_fmt(&out, use.p, 3);
			buf_puts(&out, "  D ");
			itemstats_fmt(&out, use.d, 3);
		}
		buf_putc(&out, '\n');
		for (size_t i = 0; i < use.uses.len; i++) {
			const struct sitting_use *u = use.uses.items[i];
			buf_printf(&out, L("  %s %s（%s）%s 卷第 %u 题：", "  %s %s (%s) paper %s item %u: "), u->term, u->name, *u->date ? u->date : "—",
				   u->paper, u->no);
			if (u->n) {
				buf_puts(&out, "P ");
				itemstats_fmt(&out, u->p, 3);
				buf_puts(&out, "  D ");
				itemstats_fmt(&out, u->d, 3);
				buf_printf(&out, L("（%zu 人）", " (%zu students)"), u->n);
			} else {
				buf_puts(&out, L("尚无成绩", "no scores yet"));
			}
			buf_printf(&out, "  %s\n", u->exam);
		}
		bank_usage_release(&use);
	}
	cli_print(stdout, out.ptr);
cleanup:
	record_free(q);
	vec_free(&lines);
	buf_release(&out);
	buf_release(&b);
	return rc;
}

/* KEY=VALUE words applied to q as typed cells (question_cell). */
static int apply_cells(struct cli *c, const struct cli_cmd *cmd, struct record *q, const struct cli_args *a, size_t first)
{
	for (size_t i = first; i < cli_noperands(a); i++) {
		const char *w = cli_operand(a, i), *eq = strchr(w, '=');
		if (!eq || eq == w)
			return cli_usage_error(c, cmd->name, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), w);
		char *key = xstrndup(w, (size_t)(eq - w));
		int rc = question_cell(q, key, eq + 1, &c->err);
		free(key);
		if (rc == JY_ENOTFOUND)
			return cli_usage_error(c, cmd->name, "%s", c->err.msg);
		if (rc)
			return rc;
	}
	return 0;
}

int cmd_bank_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct record *q = record_new();
	struct bank_course course = { 0 };
	struct buf id = BUF_INIT;
	struct store *s;
	struct actor *actor;
	int rc;
	if ((rc = need_actor(c, &s, &actor)) || (rc = bank_course(&course, s, cli_opt(a, "--course"), &c->err)))
		goto cleanup;
	record_set(q, "question", "specialty", course.specialty);
	record_set(q, "question", "course", course.code);
	if ((rc = apply_cells(c, cmd, q, a, 0)))
		goto cleanup;
	rc = bank_add(&id, s, actor, q, cli_flag(a, "--force"), &c->err);
	if (rc == 0)
		printf("%s\n", id.ptr);
cleanup:
	record_free(q);
	bank_course_release(&course);
	buf_release(&id);
	return rc;
}

int cmd_bank_edit(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct record *q = NULL;
	struct buf id = BUF_INIT;
	struct store *s;
	struct actor *actor;
	const char *which = cli_operand(a, 0);
	int rc;
	if (cli_noperands(a) < 2)
		return cli_usage_error(c, cmd->name, L("需要至少一个 KEY=VALUE", "needs at least one KEY=VALUE"));
	if ((rc = need_actor(c, &s, &actor)) || (rc = bank_load(&q, NULL, s, which, &c->err)) ||
	    (rc = apply_cells(c, cmd, q, a, 1)))
		goto cleanup;
	const char *was = record_get(q, "question", "id");
	char *old = xstrdup(was ? was : "");
	rc = bank_edit(&id, s, actor, old, q, cli_flag(a, "--force"), &c->err);
	if (rc == 0 && strcmp(id.ptr, old) == 0)
		printf(L("已修改 %s\n", "edited %s\n"), id.ptr);
	else if (rc == 0)
		printf(L("已生成新版本 %s（草稿，审核通过后替代 %s）\n", "new version %s (a draft; replaces %s once approved)\n"), id.ptr, old);
	free(old);
cleanup:
	record_free(q);
	buf_release(&id);
	return rc;
}

static int review(struct cli *c, const struct cli_args *a, enum bank_verdict v)
{
	struct store *s;
	struct actor *actor;
	const char *id = cli_operand(a, 0);
	static const char *const zh[] = { "已审核通过 %s\n", "已退回 %s，等待命题人修改\n", "已停用 %s\n" };
	static const char *const en[] = { "approved %s\n", "returned %s to its author\n", "retired %s\n" };
	int rc = need_actor(c, &s, &actor);
	if (rc == 0)
		rc = bank_review(s, actor, id, v, cli_opt(a, "--comment"), &c->err);
	if (rc == 0)
		printf(L(zh[v], en[v]), id);
	return rc;
}

int cmd_bank_approve(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	(void)cmd;
	return review(c, a, BANK_APPROVE);
}

int cmd_bank_return(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	(void)cmd;
	return review(c, a, BANK_RETURN);
}

int cmd_bank_retire(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	(void)cmd;
	return review(c, a, BANK_RETIRE);
}

int cmd_bank_rm(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	int rc = need_actor(c, &s, &actor);
	(void)cmd;
	if (rc == 0)
		rc = bank_delete(s, actor, cli_operand(a, 0), &c->err);
	if (rc == 0)
		printf(L("已删除 %s\n", "deleted %s\n"), cli_operand(a, 0));
	return rc;
}

/* --format gift|csv, or from the file name (.csv), else GIFT. */
static const char *format_of(const struct cli_args *a, const char *file)
{
	const char *f = cli_opt(a, "--format");
	size_t n = file ? strlen(file) : 0;
	if (f)
		return f;
	if (n > 4 && strcmp(file + n - 4, ".csv") == 0)
		return "csv";
	return "gift";
}

int cmd_bank_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf data = BUF_INIT;
	struct bank_import_result res;
	struct store *s;
	struct actor *actor;
	const char *file = cli_operand(a, 0), *enc = cli_opt(a, "--encoding");
	struct bank_import_opts opts = { format_of(a, file), enc && strcmp(enc, "gbk") == 0, cli_flag(a, "--skip-bad"),
					 cli_flag(a, "--force") };
	int rc;
	(void)cmd;
	bank_import_init(&res);
	if ((rc = need_actor(c, &s, &actor)) || (rc = editor_read_file(&data, file, &c->err)))
		goto cleanup;
	rc = bank_import(&res, s, actor, cli_opt(a, "--course"), data.ptr, data.len, &opts, &c->err);
	say_problems(&res.problems, rc ? "jiaoyan: " : L("jiaoyan: 跳过：", "jiaoyan: skipped: "));
	say_problems(&res.notes, L("jiaoyan: 注意：", "jiaoyan: note: "));
	if (rc == 0) {
		printf(L("已从 %s 导入 %zu 道题（%s，%s 编码）", "%s: imported %zu questions (%s, %s)"),
		       strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file, res.ids.len, opts.format,
		       res.encoding ? res.encoding : "?");
		if (res.problems.len)
			printf(L("，跳过 %zu 道", ", skipped %zu"), res.problems.len);
		putchar('\n');
	}
cleanup:
	buf_release(&data);
	bank_import_release(&res);
	return rc;
}

int cmd_bank_export(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf out = BUF_INIT, state = BUF_INIT;
	const char *file = cli_operand(a, 0) ? cli_operand(a, 0) : "-";
	struct store *s;
	int rc;
	if ((rc = cli_store(c, &s)) || (rc = enum_opt(c, cmd, "--state", "state", cli_opt(a, "--state"), &state)))
		goto cleanup;
	rc = bank_export(&out, NULL, s, cli_opt(a, "--course"), state.len ? state.ptr : NULL, format_of(a, file), &c->err);
	if (rc == 0)
		rc = cli_write_output(file, out.ptr, out.len, &c->err);
cleanup:
	buf_release(&out);
	buf_release(&state);
	return rc;
}

int cmd_bank_template(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf out = BUF_INIT;
	(void)cmd;
	question_csv_template(&out);
	int rc = cli_write_output(cli_operand(a, 0) ? cli_operand(a, 0) : "-", out.ptr, out.len, &c->err);
	buf_release(&out);
	return rc;
}

int cmd_bank_dups(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct vec clusters = VEC_INIT(bank_cluster_free);
	struct buf course = BUF_INIT, line = BUF_INIT;
	struct store *s;
	int tsv = cli_tsv(a), rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)))
		goto cleanup;
	if (cli_opt(a, "--course")) {
		struct bank_course bc;
		if ((rc = bank_course(&bc, s, cli_opt(a, "--course"), &c->err)))
			goto cleanup;
		buf_set(&course, bc.code);
		bank_course_release(&bc);
	}
	if ((rc = bank_dups(&clusters, s, course.len ? course.ptr : NULL, &c->err)))
		goto cleanup;
	if (tsv)
		buf_puts(&line, "cluster\tid\tsimilarity\texact\tstate\tlabel\n");
	else if (!clusters.len)
		buf_printf(&line, L("没有重复或相似的试题（相似度阈值 %.2f）\n", "no duplicate or similar questions (threshold %.2f)\n"),
			   bank_threshold(s));
	else
		buf_printf(&line, L("%zu 组重复或相似的试题（相似度阈值 %.2f；相似度是与每组第一题相比）：\n",
				    "%zu groups of duplicate or similar questions (threshold %.2f; similarity to each group's first):\n"),
			   clusters.len, bank_threshold(s));
	for (size_t i = 0; i < clusters.len; i++) {
		const struct bank_cluster *cl = clusters.items[i];
		if (!tsv)
			buf_printf(&line, L("\n第 %zu 组（%zu 道，最高相似度 %.2f）\n", "\ngroup %zu (%zu items, highest similarity %.2f)\n"), i + 1,
				   cl->members.len, cl->max);
		for (size_t k = 0; k < cl->members.len; k++) {
			const struct bank_match *m = cl->members.items[k];
			if (tsv) {
				buf_printf(&line, "%zu\t%s\t%.2f\t%s\t%s\t%s\n", i + 1, m->id, m->similarity, m->exact ? "yes" : "no", m->state, m->label);
			} else {
				buf_printf(&line, "  %s  ", m->id);
				if (k == 0)
					text_pad(&line, L("基准", "ref."), 10, 0);
				else if (m->exact)
					text_pad(&line, L("重复", "same"), 10, 0);
				else
					buf_printf(&line, "%-10.2f", m->similarity);
				text_pad(&line, bank_state_label(bank_state_of(m->state)), 8, 0);
				buf_printf(&line, "  %s\n", m->label);
			}
		}
	}
	cli_print(stdout, line.ptr);
cleanup:
	vec_free(&clusters);
	buf_release(&course);
	buf_release(&line);
	return rc;
}

int cmd_bank_stats(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct bank_stats st;
	struct vec rows = VEC_INIT(cli_row_free);
	struct buf b = BUF_INIT;
	struct store *s;
	int tsv = cli_tsv(a), rc;
	(void)cmd;
	memset(&st, 0, sizeof(st));
	vec_init(&st.rows, bank_stats_row_free);
	if ((rc = cli_store(c, &s)) || (rc = bank_stats(&st, s, cli_opt(a, "--course"), &c->err)))
		goto cleanup;
	struct vec *head = cli_row_new();
	vec_push_str(head, tsv ? "chapter" : L("章节", "chapter"));
	vec_push_str(head, tsv ? "type" : L("题型", "type"));
	for (int d = 1; d <= 5; d++) {
		buf_reset(&b);
		buf_printf(&b, tsv ? "d%d" : L("难度%d", "diff. %d"), d);
		vec_push_str(head, b.ptr);
	}
	vec_push_str(head, tsv ? "total" : L("合计", "total"));
	vec_push_str(head, tsv ? "points" : L("分值合计", "points"));
	vec_push(&rows, head);
	size_t sum[5] = { 0 }, total = 0;
	double points = 0;
	for (size_t i = 0; i < st.rows.len; i++) {
		const struct bank_stats_row *r = st.rows.items[i];
		struct vec *row = cli_row_new();
		vec_push_str(row, *r->chapter ? r->chapter : tsv ? "" : L("（未分章节）", "(none)"));
		buf_reset(&b);
		static const char *const types[] = { "single", "multiple", "truefalse", "fill", "short", "practical" };
		label(&b, qfield("type"), types[r->type]);
		vec_push_str(row, b.ptr);
		for (int d = 0; d < 5; d++) {
			buf_reset(&b);
			buf_printf(&b, "%zu", r->by_difficulty[d]);
			vec_push_str(row, b.ptr);
			sum[d] += r->by_difficulty[d];
		}
		buf_reset(&b);
		buf_printf(&b, "%zu", r->total);
		vec_push_str(row, b.ptr);
		buf_reset(&b);
		buf_printf(&b, "%g", r->points);
		vec_push_str(row, b.ptr);
		total += r->total;
		points += r->points;
		vec_push(&rows, row);
	}
	if (!tsv) {
		struct vec *row = cli_row_new();
		vec_push_str(row, L("合计", "total"));
		vec_push_str(row, "");
		for (int d = 0; d < 5; d++) {
			buf_reset(&b);
			buf_printf(&b, "%zu", sum[d]);
			vec_push_str(row, b.ptr);
		}
		buf_reset(&b);
		buf_printf(&b, "%zu", total);
		vec_push_str(row, b.ptr);
		buf_reset(&b);
		buf_printf(&b, "%g", points);
		vec_push_str(row, b.ptr);
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, tsv);
	if (!tsv) {
		static const char *const levels[] = { "remember", "understand", "apply", "analyse" };
		buf_reset(&b);
		buf_puts(&b, L("\n已审核试题的认知层次：", "\nApproved items by level: "));
		for (int l = 0; l < 4; l++) {
			label(&b, qfield("level"), levels[l]);
			buf_printf(&b, " %zu%s", st.by_level[l], L("，", ", "));
		}
		buf_printf(&b, L("未标注 %zu\n", "not given %zu\n"), st.by_level[4]);
		buf_puts(&b, L("全部试题：", "All items: "));
		for (int k = 0; k < 5; k++)
			buf_printf(&b, "%s%s %zu", k ? L("，", ", ") : "", bank_state_label(k), st.by_state[k]);
		buf_puts(&b, L("（只有已审核的试题可以组卷）\n", " (only approved items go into papers)\n"));
		cli_print(stdout, b.ptr);
	}
cleanup:
	bank_stats_release(&st);
	vec_free(&rows);
	buf_release(&b);
	return rc;
}
